/* fuzz-experiment.c: libFuzzer target for the experiment-file parser: the input, as
 * text, goes through mw_experiment_config_load_data, then validate, describe and a
 * save/load round trip (what is saved must load again). */
#include "mw-experiment.h"

#include <stdint.h>
#include <stddef.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  /* The parser takes NUL-terminated text. */
  char *text = g_strndup ((const char *) data, size);
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  GError *error = NULL;
  if (mw_experiment_config_load_data (&c, text, &error))
    {
      if (mw_experiment_config_validate (&c, &error))
        {
          g_free (mw_experiment_config_describe (&c));
          char *saved = mw_experiment_config_to_data (&c);
          MwExperimentConfig d = { 0 };
          GError *again = NULL;
          if (!mw_experiment_config_load_data (&d, saved, &again))
            g_error ("a loaded experiment does not load again after saving: %s\n%s",
                     again->message, saved);
          mw_experiment_config_clear (&d);
          g_free (saved);
        }
      else
        g_clear_error (&error);
    }
  else
    {
      g_assert (error != NULL);
      g_clear_error (&error);
    }
  mw_experiment_config_clear (&c);
  g_free (text);
  return 0;
}
