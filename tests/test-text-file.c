/* test-text-file.c: experiment files, handouts and run files are refused, naming the
 * file and the line, when they hold a NUL byte, bytes that are not UTF-8, or were cut
 * short; files the program writes are sealed with an end line, and older files without
 * it still load.  Each case goes through the readers that use the checker
 * (mw_experiment_config_load, mw_handout_load, mw_text_file_load_key_file). */
#include "mw-core.h"
#include "mw-input-file.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *tmp_dir;

static char *
write_tmp (const char *name, const char *data, gssize len)
{
  char *path = g_build_filename (tmp_dir, name, NULL);
  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return path;
}

/* An experiment file as the program writes it: sealed. */
static char *
saved_experiment (void)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_PROTONET);
  c.ways = 7;
  char *path = g_build_filename (tmp_dir, "saved.mwexp", NULL);
  GError *error = NULL;
  g_assert_true (mw_experiment_config_save (&c, path, &error));
  g_assert_no_error (error);
  mw_experiment_config_clear (&c);
  return path;
}

static void
assert_experiment_refused (const char *path, int code, const char *line)
{
  MwExperimentConfig c;
  GError *error = NULL;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_assert_false (mw_experiment_config_load (&c, path, &error));
  g_assert_error (error, MW_TEXT_FILE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, line));
  g_clear_error (&error);
  mw_experiment_config_clear (&c);
}

static void
test_sealed_round_trip (void)
{
  g_autofree char *path = saved_experiment ();
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  /* The first line stays the one desktops recognise the file by. */
  g_assert_true (g_str_has_prefix (text, "# Meta Workbench experiment"));
  g_assert_nonnull (strstr (text, "\n" MW_TEXT_FILE_SEAL_LINE "\n"));
  g_assert_true (g_str_has_suffix (text, "\n" MW_TEXT_FILE_END_LINE "\n"));
  MwExperimentConfig c;
  GError *error = NULL;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_load (&c, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.algo.kind, ==, MW_ALGO_PROTONET);
  g_assert_cmpint (c.ways, ==, 7);
  mw_experiment_config_clear (&c);
}

/* A crash often leaves a file of the right length filled with zeros: it used to train
 * the default experiment. */
static void
test_zero_filled (void)
{
  char zeros[700] = { 0 };
  g_autofree char *path = write_tmp ("zeros.mwexp", zeros, sizeof zeros);
  assert_experiment_refused (path, MW_TEXT_FILE_ERROR_BINARY, "line 1:");
}

/* A NUL in the middle used to drop every setting after it. */
static void
test_nul_in_middle (void)
{
  const char text[] = "[experiment]\nalgorithm=protonet\n[episodes]\nways=7\0\nshots=3\n";
  g_autofree char *path = write_tmp ("nul.mwexp", text, sizeof text - 1);
  assert_experiment_refused (path, MW_TEXT_FILE_ERROR_BINARY, "line 4:");
}

static void
test_invalid_utf8 (void)
{
  const char *text = "[experiment]\nalgorithm=maml\nname=caf\xe9\n";
  g_autofree char *path = write_tmp ("latin1.mwexp", text, -1);
  assert_experiment_refused (path, MW_TEXT_FILE_ERROR_ENCODING, "line 3:");
}

/* A sealed file cut at a line boundary, and in the middle of a line. */
static void
test_cut_short (void)
{
  g_autofree char *saved = saved_experiment ();
  g_autofree char *text = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (saved, &text, &len, NULL));
  const char *cut = strstr (text, "\n[data]");
  g_assert_nonnull (cut);
  g_autofree char *at_line = write_tmp ("cut-line.mwexp", text, cut + 1 - text);
  int lines = 0;
  for (const char *p = text; p <= cut; p++)
    lines += *p == '\n';
  g_autofree char *want = g_strdup_printf ("line %d:", lines);
  assert_experiment_refused (at_line, MW_TEXT_FILE_ERROR_CUT_SHORT, want);
  g_autofree char *mid = write_tmp ("cut-mid.mwexp", text, (gssize) len - 3);
  assert_experiment_refused (mid, MW_TEXT_FILE_ERROR_CUT_SHORT, "cut short");

  /* Text added after the end line is named too. */
  g_autofree char *after_text = g_strconcat (text, "[episodes]\nways=3\n", NULL);
  g_autofree char *after = write_tmp ("after.mwexp", after_text, -1);
  assert_experiment_refused (after, MW_TEXT_FILE_ERROR_AFTER_END, "text after the end line");
}

/* Files written before the end line existed (or by hand) load as before. */
static void
test_older_file_loads (void)
{
  const char *text = "# Meta Workbench experiment (same file + seed = same curves)\n\n"
                     "[experiment]\nalgorithm=reptile\n\n[episodes]\nways=6";
  g_autofree char *path = write_tmp ("old.mwexp", text, -1);
  MwExperimentConfig c;
  GError *error = NULL;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_load (&c, path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.algo.kind, ==, MW_ALGO_REPTILE);
  g_assert_cmpint (c.ways, ==, 6);
  mw_experiment_config_clear (&c);
}

/* Handouts: saved sealed, and the same refusals through their reader. */
static void
test_handout (void)
{
  MwHandout h;
  GError *error = NULL;
  mw_handout_init (&h);
  g_free (h.title);
  h.title = g_strdup ("Lesson 1");
  g_autofree char *path = g_build_filename (tmp_dir, "lesson.mwexp", NULL);
  g_assert_true (mw_handout_save (&h, path, &error));
  g_assert_no_error (error);
  mw_handout_clear (&h);
  mw_handout_init (&h);
  g_assert_true (mw_handout_load (&h, path, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (h.title, ==, "Lesson 1");

  g_autofree char *text = NULL;
  gsize len = 0;
  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  g_assert_true (g_str_has_prefix (text, "# Meta Workbench experiment"));
  g_autofree char *cut = write_tmp ("lesson-cut.mwexp", text, (gssize) len / 2);
  g_assert_false (mw_handout_load (&h, cut, &error));
  g_assert_error (error, MW_HANDOUT_ERROR, MW_HANDOUT_ERROR_NOT_EXPERIMENT);
  g_assert_nonnull (strstr (error->message, "cut short"));
  g_assert_nonnull (strstr (error->message, "lesson-cut.mwexp, line "));
  g_clear_error (&error);
  char zeros[300] = { 0 };
  g_autofree char *zero = write_tmp ("lesson-zeros.mwexp", zeros, sizeof zeros);
  g_assert_false (mw_handout_load (&h, zero, &error));
  g_assert_error (error, MW_HANDOUT_ERROR, MW_HANDOUT_ERROR_NOT_EXPERIMENT);
  g_assert_nonnull (strstr (error->message, "lesson-zeros.mwexp, line 1: holds a NUL byte"));
  g_clear_error (&error);
  mw_handout_clear (&h);
}

/* Run files (run.ini): the window's reader. */
static void
test_run_file (void)
{
  g_autofree char *sealed = mw_text_file_seal ("[run]\nname=a\nstate=finished\n");
  g_assert_true (g_str_has_prefix (sealed, MW_TEXT_FILE_SEAL_LINE "\n[run]\n"));
  g_autofree char *good = write_tmp ("run.ini", sealed, -1);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  GError *error = NULL;
  g_assert_true (mw_text_file_load_key_file (kf, good, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  g_autofree char *state = g_key_file_get_string (kf, "run", "state", NULL);
  g_assert_cmpstr (state, ==, "finished");

  g_autofree char *cut = write_tmp ("run-cut.ini", sealed, (gssize) strlen (sealed) - 7);
  g_assert_false (mw_text_file_load_key_file (kf, cut, G_KEY_FILE_NONE, &error));
  g_assert_error (error, MW_TEXT_FILE_ERROR, MW_TEXT_FILE_ERROR_CUT_SHORT);
  g_assert_nonnull (strstr (error->message, "run-cut.ini, line 4:"));
  g_clear_error (&error);

  const char nul[] = "[run]\nname=a\0state=finished\n";
  g_autofree char *with_nul = write_tmp ("run-nul.ini", nul, sizeof nul - 1);
  g_assert_false (mw_text_file_load_key_file (kf, with_nul, G_KEY_FILE_NONE, &error));
  g_assert_error (error, MW_TEXT_FILE_ERROR, MW_TEXT_FILE_ERROR_BINARY);
  g_assert_nonnull (strstr (error->message, "run-nul.ini, line 2:"));
  g_clear_error (&error);

  /* Missing stays G_FILE_ERROR_NOENT (the run list skips folders without run.ini). */
  g_autofree char *missing = g_build_filename (tmp_dir, "no-run.ini", NULL);
  g_assert_false (mw_text_file_load_key_file (kf, missing, G_KEY_FILE_NONE, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
}

/* -c on /dev/zero or a FIFO: refused at once, not read for ever. */
static void
test_not_regular (void)
{
  alarm (60);
  MwExperimentConfig c;
  GError *error = NULL;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_assert_false (mw_experiment_config_load (&c, "/dev/zero", &error));
  g_assert_error (error, MW_INPUT_FILE_ERROR, MW_INPUT_FILE_ERROR_NOT_REGULAR);
  g_clear_error (&error);
  g_autofree char *fifo = g_build_filename (tmp_dir, "fifo.mwexp", NULL);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_false (mw_experiment_config_load (&c, fifo, &error));
  g_assert_error (error, MW_INPUT_FILE_ERROR, MW_INPUT_FILE_ERROR_NOT_REGULAR);
  g_clear_error (&error);
  g_unlink (fifo);
  mw_experiment_config_clear (&c);
  alarm (0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("mw-text-file-XXXXXX", NULL);
  g_test_add_func ("/text-file/sealed-round-trip", test_sealed_round_trip);
  g_test_add_func ("/text-file/zero-filled", test_zero_filled);
  g_test_add_func ("/text-file/nul-in-middle", test_nul_in_middle);
  g_test_add_func ("/text-file/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/text-file/cut-short", test_cut_short);
  g_test_add_func ("/text-file/older-file-loads", test_older_file_loads);
  g_test_add_func ("/text-file/handout", test_handout);
  g_test_add_func ("/text-file/run-file", test_run_file);
  g_test_add_func ("/text-file/not-regular", test_not_regular);
  int rc = g_test_run ();
  GDir *d = g_dir_open (tmp_dir, 0, NULL);
  const char *n;
  while (d != NULL && (n = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *p = g_build_filename (tmp_dir, n, NULL);
      g_unlink (p);
    }
  if (d != NULL)
    g_dir_close (d);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return rc;
}
