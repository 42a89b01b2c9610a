/* mw-cli-train-settings.c: how `train` gathers its settings: --set, the splits a preset
 * chose, the options --resume allows, and the memory budget. */
#include "config.h"
#include "mw-cli-train-private.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

gboolean
mw_cli_apply_sets (MwExperimentConfig *c, char **sets, GError **error)
{
  for (char **s = sets; s && *s; s++)
    {
      char *eq = strchr (*s, '=');
      if (eq == NULL)
        {
          g_autofree char *shown = g_utf8_make_valid (*s, -1);
          g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                       _("--set wants key=value, got '%s'"), shown);
          return FALSE;
        }
      g_autofree char *key = g_strndup (*s, (gsize) (eq - *s));
      if (!mw_experiment_config_set (c, key, eq + 1, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mw_cli_sets_key (char **sets, const char *key)
{
  size_t n = strlen (key);
  for (char **s = sets; s && *s; s++)
    if (strncmp (*s, key, n) == 0 && (*s)[n] == '=')
      return TRUE;
  return FALSE;
}

void
mw_cli_print_preset_splits (const MwExperimentConfig *c, const char *preset,
                            const gboolean given[3])
{
  const char *chosen[3];
  if (!mw_data_info (c->data)->named_splits
      || !mw_experiment_preset_splits (preset, &chosen[0], &chosen[1], &chosen[2]))
    return;
  static const char *const keys[] = { "train-split", "val-split", "test-split" };
  const char *values[] = { c->train_split, c->val_split, c->test_split };
  printf (_("Omniglot classes (see `meta-workbench-cli list`):\n"));
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *shown = g_filename_display_name (values[i]);
      g_autofree char *setting = g_strdup_printf ("%s=%s", keys[i], shown);
      printf ("  ");
      mw_cli_print_padded (setting, 28);
      if (given[i])
        /* Translators: after "train-split=VALUE"; %s is the preset. */
        printf (_(" yours (the preset %s keeps it)\n"), preset);
      else if (*values[i] == '\0')
        printf (i == 1 ? _(" empty: validation on the test split (the preset's would be the "
                           "rest of its own training split)\n")
                       : _(" empty: vinyals-test\n"));
      else
        /* Translators: after "train-split=VALUE"; %s is the preset. */
        printf (_(" chosen by the preset %s\n"), preset);
    }
  g_autofree char *rotations = mw_experiment_config_get (c, "rotations");
  g_autofree char *setting = g_strdup_printf ("rotations=%s", rotations);
  printf ("  ");
  mw_cli_print_padded (setting, 28);
  /* Translators: after "rotations=VALUE". */
  printf (_(" your setting; presets do not change it\n"));
  fflush (stdout);
}

/* Options that would set what a run learns must agree with the run being resumed: a
 * resumed run keeps its own settings, so a different value is refused, not ignored. */
gboolean
mw_cli_check_resume_options (const MwExperimentConfig *rc, const char *algorithm,
                             const char *preset, const char *config_path, const char *data_dir,
                             GError **error)
{
  MwAlgorithmKind kind;
  if (algorithm != NULL && (!mw_algorithm_kind_from_name (algorithm, &kind) || kind != rc->algo.kind))
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   /* Translators: the -a given, the algorithm of the run being resumed. */
                   _("--resume continues a %s run; -a %s cannot change its algorithm"),
                   mw_algorithm_kind_name (rc->algo.kind), algorithm);
      return FALSE;
    }
  if (data_dir != NULL && g_strcmp0 (data_dir, rc->data_path) != 0)
    {
      g_autofree char *given = g_filename_display_name (data_dir);
      g_autofree char *own = g_filename_display_name (rc->data_path ? rc->data_path : "");
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("--resume continues a run on the data in '%s'; -d %s cannot change it"),
                   own, given);
      return FALSE;
    }
  /* The run's own name, threads and schedule may differ from a file or preset. */
  static const char *const ignored[] = { "name", "threads", "eval-every", "val-episodes",
                                         "test-episodes", "checkpoint-every", NULL };
  static const char *const ignored_by_preset[] = { "name", "threads", "eval-every",
                                                   "val-episodes", "test-episodes",
                                                   "checkpoint-every", "seed", "path", NULL };
  for (int which = 0; which < 2; which++)
    {
      const char *given = which == 0 ? config_path : preset;
      if (given == NULL)
        continue;
      MwExperimentConfig f;
      mw_experiment_config_init (&f, rc->algo.kind);
      /* A preset keeps the splits and rotations it is given (the run's, here). */
      if (which == 1)
        {
          g_free (f.train_split);
          g_free (f.val_split);
          g_free (f.test_split);
          f.train_split = g_strdup (rc->train_split);
          f.val_split = g_strdup (rc->val_split);
          f.test_split = g_strdup (rc->test_split);
          f.rotations = rc->rotations;
        }
      gboolean ok = which == 0 ? mw_experiment_config_load (&f, given, error)
                               : mw_experiment_config_preset (&f, rc->algo.kind, given, error);
      g_autofree char *theirs = NULL, *ours = NULL;
      const char *key = NULL;
      if (ok && which == 0)
        {
          /* A file sets the keys it has (the rest are defaults it does not ask for). */
          g_autoptr (GKeyFile) kf = g_key_file_new ();
          g_key_file_load_from_file (kf, given, G_KEY_FILE_NONE, NULL);
          g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);
          for (char **g = groups; key == NULL && *g; g++)
            {
              g_auto (GStrv) keys = g_key_file_get_keys (kf, *g, NULL, NULL);
              for (char **k = keys; key == NULL && keys && *k; k++)
                {
                  if (g_strv_contains (ignored, *k))
                    continue;
                  g_autofree char *a = mw_experiment_config_get (&f, *k);
                  g_autofree char *b = mw_experiment_config_get (rc, *k);
                  /* The run replaced invert=auto with what it chose. */
                  if (g_str_equal (*k, "invert") && g_strcmp0 (a, "auto") == 0)
                    continue;
                  if (a != NULL && b != NULL && !g_str_equal (a, b))
                    {
                      key = g_intern_string (*k);
                      theirs = g_steal_pointer (&a);
                      ours = g_steal_pointer (&b);
                    }
                }
            }
        }
      else if (ok)
        key = mw_experiment_config_difference (&f, rc, ignored_by_preset, &theirs, &ours);
      mw_experiment_config_clear (&f);
      if (!ok)
        return FALSE;
      if (key != NULL)
        {
          g_autofree char *shown = which == 0 ? g_filename_display_name (given) : g_strdup (given);
          g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                       /* Translators: -c FILE or -p PRESET, then a setting, its value there and
                        * in the run being resumed. */
                       _("%s %s sets %s=%s but the run being resumed has %s=%s; a resumed run "
                         "keeps its settings (leave out %s)"),
                       which == 0 ? "-c" : "-p", shown, key, theirs, key, ours,
                       which == 0 ? "-c" : "-p");
          return FALSE;
        }
    }
  return TRUE;
}

/* "2G", "512MB", "1.5 GiB", "3000000000": bytes (K, M, G, T are powers of 1000 as
 * in the messages, KiB… of 1024).  FALSE for anything else or for zero. */
gboolean
mw_cli_parse_memory_size (const char *text, guint64 *bytes)
{
  char *end = NULL;
  double v = g_ascii_strtod (text, &end);
  if (end == text || !(v > 0) || !isfinite (v))
    return FALSE;
  while (*end == ' ')
    end++;
  static const char units[] = "KMGT";
  double scale = 1;
  const char *u = *end ? strchr (units, g_ascii_toupper (*end)) : NULL;
  if (u != NULL)
    {
      gboolean binary = end[1] == 'i' || end[1] == 'I';
      for (const char *p = units; p <= u; p++)
        scale *= binary ? 1024 : 1000;
      end += binary ? 2 : 1;
    }
  if (*end == 'B' || *end == 'b')
    end++;
  if (*end != '\0' || v * scale >= 1.8e19)
    return FALSE;
  *bytes = (guint64) (v * scale);
  return *bytes > 0;
}

void
mw_cli_print_memory_estimate (const MwExperimentConfig *c, guint64 max_bytes)
{
  static const char *const parts[MW_MEMORY_N_PARTS] = {
    N_("program and threads"), N_("dataset images"), N_("tasks of a meta-batch"),
    N_("parameters and optimiser"), N_("activations (tapes)"), N_("evaluation"),
  };
  MwMemoryEstimate e;
  mw_memory_estimate (c, &e);
  g_autofree char *total = g_format_size ((guint64) MIN (e.total, 1.8e19));
  g_autofree char *limit = g_format_size (max_bytes > 0 ? max_bytes : mw_memory_physical ());
  g_autofree char *driver = mw_memory_estimate_driver (c, &e);
  if (max_bytes > 0)
    /* Translators: the estimate, the --max-memory limit. */
    printf (_("Estimated peak memory: %s (--max-memory %s)\n"), total, limit);
  else
    /* Translators: the estimate, the machine's physical memory. */
    printf (_("Estimated peak memory: %s (this machine has %s)\n"), total, limit);
  for (int i = 0; i < MW_MEMORY_N_PARTS; i++)
    {
      g_autofree char *size = g_format_size ((guint64) MIN (e.bytes[i], 1.8e19));
      printf ("  ");
      mw_cli_print_padded (_(parts[i]), 28);
      printf ("%s\n", size);
    }
  /* Translators: the settings behind the largest part of the estimate. */
  printf (_("  mostly: %s\n"), driver);
  fflush (stdout);
}
