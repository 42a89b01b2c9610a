/* fuzz-checkpoint.c: libFuzzer target for the checkpoint loader
 * (mw_checkpoint_load_data), as mw_run_new_from_checkpoint uses it: header only, then
 * into a model (and its preprocessing record, when it has one).  The SHA-256 at the end would stop the fuzzer at the first byte it
 * changes, so each input is also tried with its last 32 bytes replaced by the digest of
 * the rest; the seed in corpus/checkpoint/ is a real checkpoint of the model below (a
 * sinusoid MAML run: MLP 1-40-40-1 with Adam state), so both forms reach the tensor
 * copies. */
#include "mw-checkpoint.h"
#include "mw-experiment.h"
#include "mw-run.h"

#include <stdint.h>
#include <stddef.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Built once, kept for the process (reachable, so not a leak). */
static MwRun *
fuzz_run (void)
{
  static MwRun *run;
  if (run == NULL)
    {
      MwExperimentConfig c;
      mw_experiment_config_init (&c, MW_ALGO_MAML);
      c.data = MW_DATA_SINUSOID;
      c.threads = 1;
      GError *error = NULL;
      run = mw_run_new (&c, &error);
      if (run == NULL)
        g_error ("cannot build the fuzz model: %s", error->message);
      mw_experiment_config_clear (&c);
    }
  return run;
}

static void
load (const uint8_t *data, size_t size, MwAlgorithm *algo)
{
  GError *error = NULL;
  char *header = mw_checkpoint_load_data (data, size, "fuzz.mwc", algo, &error);
  if (header != NULL)
    {
      g_assert (error == NULL);
      /* The header must be what mw_run_new_from_checkpoint can hand to GKeyFile. */
      g_assert (g_utf8_validate (header, -1, NULL));
      /* Its preprocessing record, read as mw_run_new_from_checkpoint reads it. */
      GKeyFile *kf = g_key_file_new ();
      if (g_key_file_load_from_data (kf, header, (gsize) -1, G_KEY_FILE_NONE, NULL)
          && g_key_file_has_group (kf, "preprocess"))
        {
          MwPreprocess pre;
          if (mw_preprocess_from_key_file (&pre, kf, "preprocess", &error))
            g_free (mw_preprocess_describe (&pre));
          else
            g_clear_error (&error);
        }
      g_key_file_free (kf);
      g_free (header);
    }
  else
    {
      g_assert (error != NULL);
      g_error_free (error);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  MwAlgorithm *algo = mw_run_get_algorithm (fuzz_run ());
  load (data, size, NULL);
  load (data, size, algo);

  size_t body = size >= 32 ? size - 32 : size;
  uint8_t *fixed = g_malloc (body + 32);
  memcpy (fixed, data, body);
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, fixed, body);
  gsize dl = 32;
  g_checksum_get_digest (sum, fixed + body, &dl);
  g_checksum_free (sum);
  load (fixed, body + 32, NULL);
  load (fixed, body + 32, algo);
  g_free (fixed);
  return 0;
}
