/* mw-run-manager-load.c: saved runs come back into the list: every one at
 * startup (mw_run_manager_load), and a run another process trained once that
 * process lets go of its folder. The folders are read in worker threads
 * (mw-saved-run.h); items and entries are made on the main thread. */

#include "config.h"

#include "mw-run-manager-private.h"
#include "mw-saved-run.h"

/* --- a saved run's item and entry ---------------------------------------------- */

static char *
key_string (GKeyFile   *kf,
            const char *key)
{
  return g_key_file_get_string (kf, MW_RUN_INFO_GROUP, key, NULL);
}

/* The item and entry of a saved run (@index picks a colour where it has none).
 * Returns: (transfer full) */
static MwRunItem *
add_saved_run (MwRunManager *self,
               MwSavedRun   *run,
               guint         index)
{
  g_autofree char *name = key_string (run->info, "name");
  g_autofree char *color_text = key_string (run->info, "color");
  g_autofree char *state_text = key_string (run->info, "state");
  g_autofree char *error_text = key_string (run->info, "error");
  g_autofree char *checkpoint = key_string (run->info, "checkpoint");
  g_autofree char *notice = key_string (run->info, "notice");
  g_autofree char *saved_checkpoint = g_build_filename (run->dir, MW_RUN_FILE_CHECKPOINT, NULL);
  g_autoptr(GError) error = NULL;
  gboolean interrupted;
  MwRunItem *item;
  RunEntry *entry;
  MwRunState state;
  GdkRGBA color;
  const MwMetricSpec *specs;
  guint n_specs;
  gboolean visible;
  gint64 iteration;

  if (color_text == NULL || !gdk_rgba_parse (&color, color_text))
    mw_run_item_palette_color (index, &color);
  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = run->have_config ? mw_experiment_config_describe (&run->config)
                              : g_strdup (run->id);
    }

  item = mw_run_item_new (run->id, name, &color);
  visible = g_key_file_get_boolean (run->info, MW_RUN_INFO_GROUP, "visible", &error);
  mw_run_item_set_visible (item, error != NULL || visible);
  mw_run_item_set_regression (item, g_key_file_get_boolean (run->info, MW_RUN_INFO_GROUP,
                                                            "regression", NULL));
  if (run->have_config && !mw_run_item_get_regression (item))
    mw_run_item_set_ways (item, run->config.ways);
  specs = mw_saved_run_metrics (run, &n_specs);
  mw_run_item_set_metrics (item, specs, n_specs);
  /* The worker saves its last points after the last state delivery
   * (quitting): the curves know best how far the run got. */
  iteration = g_key_file_get_int64 (run->info, MW_RUN_INFO_GROUP, "iteration", NULL);
  for (guint i = 0; i < run->points->len; i++)
    iteration = MAX (iteration, (gint64) g_array_index (run->points, MwMetricPoint, i).iteration);
  mw_run_item_set_progress (item,
                            iteration,
                            g_key_file_get_int64 (run->info, MW_RUN_INFO_GROUP,
                                                  "total-iterations", NULL),
                            -1.0);
  /* Whatever was going or waiting when the application quit is over.
   * Quitting saves a run that goes as stopped: one still training on
   * disk was killed (or the application crashed), and says so. A run
   * another live process trains is neither: it is only not ours. */
  state = mw_saved_run_state_from_nick (state_text);
  mw_run_item_set_elsewhere (item, run->elsewhere);
  interrupted = !run->elsewhere &&
                (MW_RUN_STATE_IS_ACTIVE (state) ||
                 (state == MW_RUN_STATE_STOPPED &&
                  g_key_file_get_boolean (run->info, MW_RUN_INFO_GROUP, "interrupted", NULL)));
  if (!MW_RUN_STATE_IS_FINAL (state))
    state = MW_RUN_STATE_STOPPED;
  mw_run_item_set_state (item, state);
  mw_run_item_set_interrupted (item, interrupted);
  mw_run_item_set_error_message (item, error_text);
  mw_run_item_set_notice (item, notice);

  entry = mw_run_manager_add_entry (self, item, run->dir);
  entry->created = g_key_file_get_int64 (run->info, MW_RUN_INFO_GROUP, "created", NULL);
  /* Killed runs never wrote the path: the checkpoint is still there. */
  if (checkpoint == NULL && g_file_test (saved_checkpoint, G_FILE_TEST_IS_REGULAR))
    checkpoint = g_steal_pointer (&saved_checkpoint);
  entry->checkpoint = g_steal_pointer (&checkpoint);
  mw_run_item_set_has_settings (item, run->have_config);
  if (run->have_config)
    {
      entry->config = run->config;   /* moved */
      entry->have_config = TRUE;
      run->have_config = FALSE;
    }
  mw_run_entry_update_resumable (entry);
  return item;
}

/* --- runs another process trains: read again once it lets go ---------------------- */

static void
watch_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MwRunManager *self = source;
  char **ids = task_data;
  g_autoptr(GPtrArray) released = g_ptr_array_new_with_free_func (mw_saved_run_free);

  for (char **id = ids; *id != NULL && !g_cancellable_is_cancelled (cancellable); id++)
    {
      g_autofree char *dir = g_build_filename (self->runs_dir, *id, NULL);
      MwSavedRun *run;

      if (mw_run_dir_is_locked_elsewhere (dir))
        continue;
      if ((run = mw_saved_run_read (self->runs_dir, *id)) != NULL)
        g_ptr_array_add (released, run);
    }
  g_task_return_pointer (task, g_steal_pointer (&released), (GDestroyNotify) g_ptr_array_unref);
}

static void
watch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  MwRunManager *self = MW_RUN_MANAGER (source);
  g_autoptr(GPtrArray) released = g_task_propagate_pointer (G_TASK (result), NULL);

  if (released == NULL)
    return;   /* cancelled: the manager is going away */
  self->watching = FALSE;

  for (guint i = 0; i < released->len; i++)
    {
      MwSavedRun *run = released->pdata[i];
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

      for (guint position = 0; position < n; position++)
        {
          g_autoptr(MwRunItem) old = g_list_model_get_item (G_LIST_MODEL (self->runs), position);
          g_autoptr(MwRunItem) item = NULL;

          if (!g_str_equal (mw_run_item_get_id (old), run->id) || !mw_run_item_get_elsewhere (old))
            continue;
          /* The run as the other process left it, in the same place. */
          g_hash_table_remove (self->entries, old);
          g_list_store_remove (self->runs, position);
          item = add_saved_run (self, run, position);
          g_list_store_insert (self->runs, position, item);
          mw_run_manager_emit_curves_reset (self, item);
          mw_run_manager_emit_metrics (self, item, run->points);
          mw_run_entry_save_info (mw_run_manager_lookup_entry (self, item));
          break;
        }
    }
}

/* Every two seconds while some run is trained elsewhere. */
static gboolean
watch_elsewhere_cb (gpointer data)
{
  MwRunManager *self = data;
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GTask) task = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->runs));
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MwRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->runs), i);

      if (mw_run_item_get_elsewhere (item))
        {
          g_strv_builder_add (ids, mw_run_item_get_id (item));
          any = TRUE;
        }
    }
  if (!any && !self->watching)
    {
      self->watch_id = 0;
      return G_SOURCE_REMOVE;
    }
  if (self->watching || !any)
    return G_SOURCE_CONTINUE;

  self->watching = TRUE;
  task = g_task_new (self, self->cancellable, watch_done_cb, NULL);
  g_task_set_task_data (task, g_strv_builder_end (ids), (GDestroyNotify) g_strfreev);
  g_task_run_in_thread (task, watch_thread);
  return G_SOURCE_CONTINUE;
}

void
mw_run_manager_watch_elsewhere (MwRunManager *self)
{
  if (self->watch_id == 0)
    self->watch_id = g_timeout_add_seconds (2, watch_elsewhere_cb, self);
}

/* --- at startup: every saved run ------------------------------------------------ */

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *runs_dir = task_data;

  g_task_return_pointer (task, mw_saved_run_read_all (runs_dir, cancellable),
                         (GDestroyNotify) g_ptr_array_unref);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  MwRunManager *self = MW_RUN_MANAGER (source);
  g_autoptr(GPtrArray) runs = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean elsewhere = FALSE;

  self->loading = FALSE;
  if (runs == NULL)
    return;   /* cancelled: the manager is going away */

  for (guint i = 0; i < runs->len; i++)
    {
      MwSavedRun *run = runs->pdata[i];

      g_ptr_array_add (items, add_saved_run (self, run, i));
      elsewhere = elsewhere || run->elsewhere;
    }

  /* Saved runs are older than any started meanwhile: they go first. */
  g_list_store_splice (self->runs, 0, 0, items->pdata, items->len);

  for (guint i = 0; i < runs->len; i++)
    {
      MwSavedRun *run = runs->pdata[i];

      mw_run_manager_emit_metrics (self, items->pdata[i], run->points);
    }

  /* Runs whose state was active are stopped now: say so on disk too. */
  for (guint i = 0; i < items->len; i++)
    mw_run_entry_save_info (mw_run_manager_lookup_entry (self, items->pdata[i]));

  if (elsewhere)
    mw_run_manager_watch_elsewhere (self);

  mw_run_manager_set_loaded (self);
}

void
mw_run_manager_load (MwRunManager *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MW_IS_RUN_MANAGER (self));
  g_return_if_fail (!self->loading && !self->loaded);

  self->loading = TRUE;
  task = g_task_new (self, self->cancellable, load_done_cb, NULL);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, g_strdup (self->runs_dir), g_free);
  g_task_run_in_thread (task, load_thread);
}

gboolean
mw_run_manager_get_loaded (MwRunManager *self)
{
  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), FALSE);
  return self->loaded;
}
