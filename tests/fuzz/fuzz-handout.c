/* fuzz-handout.c: libFuzzer target for the readers of the text files the program
 * writes and reads back: each input goes through
 *   - the handout reader (mw_handout_load_data: the text-file check, the key file, the
 *     experiment settings and the lesson), and what loads is saved (sealed, as
 *     mw_handout_save writes it) and must load again the same;
 *   - the run-file reader (mw_text_file_check, then the key file, read as the run list
 *     reads run.ini), and what loads is written again sealed and must pass again. */
#include "mw-handout.h"
#include "mw-text-file.h"

#include <stdint.h>
#include <stddef.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
handout_round_trip (const char *text, size_t size)
{
  MwHandout h;
  GError *error = NULL;
  mw_handout_init (&h);
  if (!mw_handout_load_data (&h, text, (gssize) size, "fuzz.mwexp", &error))
    {
      g_assert (error != NULL);
      g_clear_error (&error);
      mw_handout_clear (&h);
      return;
    }
  char *data = mw_handout_to_data (&h);
  char *sealed = mw_text_file_seal (data);
  MwHandout again;
  mw_handout_init (&again);
  if (!mw_handout_load_data (&again, sealed, -1, "saved.mwexp", &error))
    g_error ("a loaded handout does not load again after saving: %s\n%s", error->message,
             sealed);
  if (g_strcmp0 (again.title, h.title) != 0 || g_strcmp0 (again.instructions, h.instructions) != 0
      || !g_strv_equal ((const char *const *) again.locked, (const char *const *) h.locked))
    g_error ("a saved handout loads with another lesson:\n%s", sealed);
  mw_handout_clear (&again);
  g_free (sealed);
  g_free (data);
  mw_handout_clear (&h);
}

/* The keys the run list reads from run.ini (app/mw-run-manager.c). */
static void
read_run_file (GKeyFile *kf)
{
  static const char *const strings[] = { "name", "color", "state", "error", "checkpoint", "notice" };
  for (size_t i = 0; i < G_N_ELEMENTS (strings); i++)
    g_free (g_key_file_get_string (kf, "run", strings[i], NULL));
  static const char *const flags[] = { "visible", "regression", "interrupted" };
  for (size_t i = 0; i < G_N_ELEMENTS (flags); i++)
    (void) g_key_file_get_boolean (kf, "run", flags[i], NULL);
  static const char *const numbers[] = { "iteration", "total-iterations", "created" };
  for (size_t i = 0; i < G_N_ELEMENTS (numbers); i++)
    (void) g_key_file_get_int64 (kf, "run", numbers[i], NULL);
}

static void
run_file_round_trip (const char *text, size_t size)
{
  GError *error = NULL;
  if (!mw_text_file_check (text, size, "run.ini", &error))
    {
      g_assert (error != NULL && error->domain == MW_TEXT_FILE_ERROR);
      g_clear_error (&error);
      return;
    }
  GKeyFile *kf = g_key_file_new ();
  if (g_key_file_load_from_data (kf, text, size, G_KEY_FILE_NONE, &error))
    {
      read_run_file (kf);
      char *data = g_key_file_to_data (kf, NULL, NULL);
      char *sealed = mw_text_file_seal (data);
      if (!mw_text_file_check (sealed, strlen (sealed), "run.ini", &error))
        g_error ("a run file written again is refused: %s\n%s", error->message, sealed);
      g_free (sealed);
      g_free (data);
    }
  else
    g_clear_error (&error);
  g_key_file_unref (kf);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* An exact-size copy: the readers take a length and must not read past it. */
  char *text = g_malloc (MAX (size, 1));
  if (size > 0)
    memcpy (text, data, size);
  handout_round_trip (text, size);
  run_file_round_trip (text, size);
  g_free (text);
  return 0;
}
