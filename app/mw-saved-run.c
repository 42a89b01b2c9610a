/* mw-saved-run.c: a run's folder as the run manager left it, read back. */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "mw-run-files.h"
#include "mw-saved-run.h"

gboolean
mw_run_dir_is_locked_elsewhere (const char *dir)
{
  int pid;

  return mw_run_folder_is_locked (dir, &pid) && pid != getpid ();
}

/* --- run.ini ------------------------------------------------------------------ */

const char *
mw_saved_run_state_nick (MwRunState state)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (MW_TYPE_RUN_STATE);
  GEnumValue *value = g_enum_get_value (klass, state);

  return value != NULL ? value->value_nick : "stopped";
}

MwRunState
mw_saved_run_state_from_nick (const char *nick)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (MW_TYPE_RUN_STATE);
  GEnumValue *value = nick != NULL ? g_enum_get_value_by_nick (klass, nick) : NULL;

  return value != NULL ? (MwRunState) value->value : MW_RUN_STATE_STOPPED;
}

/* --- reading, in worker threads ------------------------------------------------ */

void
mw_saved_run_free (gpointer data)
{
  MwSavedRun *run = data;

  g_free (run->id);
  g_free (run->dir);
  g_clear_pointer (&run->info, g_key_file_unref);
  if (run->have_config)
    mw_experiment_config_clear (&run->config);
  g_clear_pointer (&run->points, g_array_unref);
  g_free (run);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* By its settings, or for a run without them by whether run.ini says it is a
 * regression. */
const MwMetricSpec *
mw_saved_run_metrics (MwSavedRun *run,
                      guint      *n_specs)
{
  if (run->have_config)
    return mw_metric_specs (&run->config, n_specs);
  return mw_metric_specs_for_task (g_key_file_get_boolean (run->info, MW_RUN_INFO_GROUP,
                                                           "regression", NULL),
                                   n_specs);
}

/* run.ini, experiment.ini and the curves. */
MwSavedRun *
mw_saved_run_read (const char *runs_dir,
                   const char *id)
{
  MwSavedRun *run = g_new0 (MwSavedRun, 1);
  g_autofree char *info_path = NULL;
  g_autofree char *ini = NULL;
  g_autoptr(GError) error = NULL;
  const MwMetricSpec *specs;
  guint n_specs;

  run->id = g_strdup (id);
  run->dir = g_build_filename (runs_dir, run->id, NULL);
  run->info = g_key_file_new ();
  info_path = g_build_filename (run->dir, MW_RUN_FILE_INFO, NULL);
  /* Refused, naming the line, when binary, not UTF-8 or cut short. */
  if (!mw_text_file_load_key_file (run->info, info_path, G_KEY_FILE_NONE, &error))
    {
      /* Not a run folder (or one half deleted): leave it alone. */
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("Skipping %s: %s", info_path, error->message);
      mw_saved_run_free (run);
      return NULL;
    }
  g_clear_error (&error);

  run->elsewhere = mw_run_dir_is_locked_elsewhere (run->dir);

  ini = g_build_filename (run->dir, MW_RUN_FILE_EXPERIMENT, NULL);
  if (mw_experiment_config_load (&run->config, ini, &error))
    run->have_config = TRUE;
  else
    g_warning ("%s: %s", ini, error->message);
  g_clear_error (&error);

  specs = mw_saved_run_metrics (run, &n_specs);
  if (!mw_run_files_load_series (run->dir, specs, n_specs, &run->points, &error))
    {
      g_warning ("%s", error->message);
      run->points = g_array_new (FALSE, FALSE, sizeof (MwMetricPoint));
    }
  return run;
}

GPtrArray *
mw_saved_run_read_all (const char   *runs_dir,
                       GCancellable *cancellable)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (mw_saved_run_free);
  g_autoptr(GDir) d = g_dir_open (runs_dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      MwSavedRun *run = mw_saved_run_read (runs_dir, names->pdata[i]);

      if (run != NULL)
        g_ptr_array_add (runs, run);
    }

  return g_steal_pointer (&runs);
}

