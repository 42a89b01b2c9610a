/* mw-run-manager.c: every run of the application, its queue and its folder. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mw-core.h"
#include "mw-run-files.h"
#include "mw-run-manager-private.h"
#include "mw-saved-run.h"

G_DEFINE_FINAL_TYPE (MwRunManager, mw_run_manager, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAX_CONCURRENT,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  METRICS,
  CURVES_RESET,
  LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];


guint
mw_run_manager_default_max_concurrent (void)
{
  return MAX (1u, g_get_num_processors () / 2);
}

/* --- run.ini ------------------------------------------------------------------ */

/* A few hundred bytes, written whenever the run's state or looks change,
 * without fsync (mw_run_files_replace), so the main loop is not held up. */
void
mw_run_entry_save_info (RunEntry *entry)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *color = gdk_rgba_to_string (mw_run_item_get_color (entry->item));
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *message = mw_run_item_get_error_message (entry->item);
  gsize length;

  /* Another process trains into the folder: its run.ini is that process's. */
  if (entry->deleted || mw_run_item_get_elsewhere (entry->item))
    return;

  g_key_file_set_string (kf, MW_RUN_INFO_GROUP, "name", mw_run_item_get_name (entry->item));
  g_key_file_set_string (kf, MW_RUN_INFO_GROUP, "color", color);
  g_key_file_set_boolean (kf, MW_RUN_INFO_GROUP, "visible",
                          mw_run_item_get_visible (entry->item));
  g_key_file_set_string (kf, MW_RUN_INFO_GROUP, "state",
                         mw_saved_run_state_nick (mw_run_item_get_state (entry->item)));
  g_key_file_set_int64 (kf, MW_RUN_INFO_GROUP, "iteration",
                        mw_run_item_get_iteration (entry->item));
  g_key_file_set_int64 (kf, MW_RUN_INFO_GROUP, "total-iterations",
                        mw_run_item_get_total_iterations (entry->item));
  g_key_file_set_int64 (kf, MW_RUN_INFO_GROUP, "created", entry->created);
  g_key_file_set_boolean (kf, MW_RUN_INFO_GROUP, "regression",
                          mw_run_item_get_regression (entry->item));
  if (entry->checkpoint != NULL)
    g_key_file_set_string (kf, MW_RUN_INFO_GROUP, "checkpoint", entry->checkpoint);
  if (message != NULL)
    g_key_file_set_string (kf, MW_RUN_INFO_GROUP, "error", message);
  if (mw_run_item_get_notice (entry->item) != NULL)
    g_key_file_set_string (kf, MW_RUN_INFO_GROUP, "notice", mw_run_item_get_notice (entry->item));
  if (mw_run_item_get_interrupted (entry->item))
    g_key_file_set_boolean (kf, MW_RUN_INFO_GROUP, "interrupted", TRUE);

  g_autofree char *text = g_key_file_to_data (kf, NULL, NULL);
  /* With an end line, so a file cut short is refused when it is read back. */
  data = mw_text_file_seal (text);
  length = strlen (data);
  path = g_build_filename (entry->dir, MW_RUN_FILE_INFO, NULL);
  if (!mw_run_files_replace (path, data, length, &error))
    g_warning ("Could not save %s: %s", path, error->message);
}

/* --- entries ---------------------------------------------------------------------- */

/* A run can go on from its checkpoint when it stopped (by the user, by
 * quitting, or killed) before its last iteration. A failed one would fail
 * again the same way. */
void
mw_run_entry_update_resumable (RunEntry *entry)
{
  gboolean resumable =
    entry->trainer == NULL && !entry->resume && !entry->deleted && entry->have_config &&
    !mw_run_item_get_elsewhere (entry->item) &&
    entry->checkpoint != NULL &&
    mw_run_item_get_state (entry->item) == MW_RUN_STATE_STOPPED &&
    mw_run_item_get_iteration (entry->item) < mw_run_item_get_total_iterations (entry->item) &&
    g_file_test (entry->checkpoint, G_FILE_TEST_IS_REGULAR);

  mw_run_item_set_resumable (entry->item, resumable);
}

static void
run_entry_free (gpointer data)
{
  RunEntry *entry = data;

  if (entry->trainer != NULL)
    {
      g_signal_handlers_disconnect_by_data (entry->trainer, entry);
      g_clear_object (&entry->trainer);   /* joins a worker still going */
    }
  g_signal_handlers_disconnect_by_data (entry->item, entry);
  g_clear_object (&entry->item);
  if (entry->have_config)
    mw_experiment_config_clear (&entry->config);
  g_free (entry->checkpoint);
  g_free (entry->dir);
  g_free (entry);
}

/* Whether a run taken out of the list, which Undo may bring back, has @name
 * or colour @color: a new run does not take them from it. */
static gboolean
hidden_run_has (MwRunManager  *self,
                const char    *name,
                const GdkRGBA *color)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RunEntry *entry = value;

      if (!entry->hidden)
        continue;
      if (name != NULL && g_strcmp0 (mw_run_item_get_name (entry->item), name) == 0)
        return TRUE;
      if (color != NULL && gdk_rgba_equal (mw_run_item_get_color (entry->item), color))
        return TRUE;
    }
  return FALSE;
}

static gboolean
run_name_taken (MwRunManager *self,
                const char   *name,
                MwRunItem    *except)
{
  GListModel *runs = G_LIST_MODEL (self->runs);

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(MwRunItem) item = g_list_model_get_item (runs, i);

      if (item != except && g_strcmp0 (mw_run_item_get_name (item), name) == 0)
        return TRUE;
    }
  return hidden_run_has (self, name, NULL);
}

/* @name, or "@name (2)", "@name (3)", … if another run than @except has it,
 * as a file manager names copies: two runs with the same settings stay
 * apart in the list, the legends and Compare Runs. */
static char *
unique_run_name (MwRunManager *self,
                 const char   *name,
                 MwRunItem    *except)
{
  if (!run_name_taken (self, name, except))
    return g_strdup (name);

  for (guint n = 2;; n++)
    {
      /* TRANSLATORS: a run named like another one; %s is the name, %u counts
       * the runs of that name (2, 3, …) */
      g_autofree char *numbered = g_strdup_printf (_("%s (%u)"), name, n);

      if (!run_name_taken (self, numbered, except))
        return g_steal_pointer (&numbered);
    }
}

static void
item_notify_cb (MwRunItem  *item,
                GParamSpec *pspec,
                RunEntry   *entry)
{
  const char *name = g_param_spec_get_name (pspec);

  /* A rename to another run's name gets a number; setting it notifies again,
   * and that notification saves. */
  if (g_str_equal (name, "name"))
    {
      g_autofree char *unique = unique_run_name (entry->manager, mw_run_item_get_name (item), item);

      if (g_strcmp0 (unique, mw_run_item_get_name (item)) != 0)
        {
          mw_run_item_set_name (item, unique);
          return;
        }
    }

  /* What the user changes: saved at once. */
  if (g_str_equal (name, "name") || g_str_equal (name, "color") || g_str_equal (name, "visible"))
    mw_run_entry_save_info (entry);
}

RunEntry *
mw_run_manager_add_entry (MwRunManager *self,
                          MwRunItem    *item,
                          const char   *dir)
{
  RunEntry *entry = g_new0 (RunEntry, 1);

  entry->manager = self;
  entry->item = g_object_ref (item);
  entry->dir = g_strdup (dir);
  g_hash_table_insert (self->entries, item, entry);
  g_signal_connect (item, "notify", G_CALLBACK (item_notify_cb), entry);
  return entry;
}

RunEntry *
mw_run_manager_lookup_entry (MwRunManager *self,
                             MwRunItem    *item)
{
  return item != NULL ? g_hash_table_lookup (self->entries, item) : NULL;
}

/* --- trainers ------------------------------------------------------------------- */

static void
copy_progress (RunEntry *entry)
{
  mw_run_item_set_eta_is_lower_bound (entry->item, mw_trainer_get_eta_is_lower_bound (entry->trainer));
  mw_run_item_set_progress (entry->item,
                            mw_trainer_get_iteration (entry->trainer),
                            mw_trainer_get_total_iterations (entry->trainer),
                            mw_trainer_get_eta_seconds (entry->trainer));
  mw_run_item_set_validation (entry->item, mw_trainer_get_validation_done (entry->trainer),
                              mw_trainer_get_validation_total (entry->trainer));
}

static void
trainer_progress_cb (MwTrainer  *trainer,
                     GParamSpec *pspec,
                     RunEntry   *entry)
{
  copy_progress (entry);
}

static void
trainer_metrics_cb (MwTrainer *trainer,
                    GArray    *points,
                    RunEntry  *entry)
{
  if (!entry->deleted)
    g_signal_emit (entry->manager, signals[METRICS], 0, entry->item, points);
}

static void
trainer_curves_reset_cb (MwTrainer *trainer,
                         RunEntry  *entry)
{
  if (!entry->deleted)
    g_signal_emit (entry->manager, signals[CURVES_RESET], 0, entry->item);
}

static void
trainer_state_changed_cb (MwTrainer  *trainer,
                          MwRunState  state,
                          RunEntry   *entry)
{
  MwRunManager *self = entry->manager;
  g_autofree char *checkpoint = NULL;

  copy_progress (entry);
  if (mw_trainer_get_notice (trainer) != NULL)
    mw_run_item_set_notice (entry->item, mw_trainer_get_notice (trainer));
  /* Refused because another process took the folder first (our worker lets go
   * before it reports): the run is that process's now, not failed. */
  if (state == MW_RUN_STATE_FAILED && mw_run_dir_is_locked_elsewhere (entry->dir))
    {
      state = MW_RUN_STATE_STOPPED;
      mw_run_item_set_elsewhere (entry->item, TRUE);
      mw_run_manager_watch_elsewhere (self);
    }
  else if (state == MW_RUN_STATE_FAILED)
    mw_run_item_set_error_message (entry->item, mw_trainer_get_error_message (trainer));
  mw_run_item_set_state (entry->item, state);

  if (!MW_RUN_STATE_IS_FINAL (state))
    {
      if (state != MW_RUN_STATE_LOADING)
        mw_run_entry_save_info (entry);
      return;
    }

  /* The worker has saved everything and is about to return (the trainer
   * joins it right after this signal): let the trainer go. */
  checkpoint = g_build_filename (entry->dir, MW_RUN_FILE_CHECKPOINT, NULL);
  if (g_file_test (checkpoint, G_FILE_TEST_EXISTS))
    {
      g_free (entry->checkpoint);
      entry->checkpoint = g_steal_pointer (&checkpoint);
    }
  g_signal_handlers_disconnect_by_data (trainer, entry);
  g_clear_object (&entry->trainer);
  self->n_active--;

  if (entry->deleted)
    {
      mw_run_manager_delete_dir (self, entry->dir);
      g_hash_table_remove (self->entries, entry->item);
    }
  else
    {
      mw_run_entry_update_resumable (entry);
      mw_run_entry_save_info (entry);
    }

  mw_run_manager_start_queued (self);
}

static void
start_entry (MwRunManager *self,
             RunEntry     *entry)
{
  g_autoptr(GError) error = NULL;

  entry->trainer = mw_trainer_new ();
  mw_trainer_set_output_dir (entry->trainer, entry->dir);
  if (entry->resume)
    mw_trainer_set_resume_from (entry->trainer, entry->checkpoint);
  entry->resume = FALSE;
  g_signal_connect (entry->trainer, "curves-reset", G_CALLBACK (trainer_curves_reset_cb), entry);
  g_signal_connect (entry->trainer, "state-changed", G_CALLBACK (trainer_state_changed_cb), entry);
  g_signal_connect (entry->trainer, "notify::iteration", G_CALLBACK (trainer_progress_cb), entry);
  g_signal_connect (entry->trainer, "notify::eta-seconds", G_CALLBACK (trainer_progress_cb), entry);
  g_signal_connect (entry->trainer, "notify::validation-done", G_CALLBACK (trainer_progress_cb), entry);
  g_signal_connect (entry->trainer, "metrics", G_CALLBACK (trainer_metrics_cb), entry);
  self->n_active++;

  if (!mw_trainer_start (entry->trainer, &entry->config, &error))
    {
      /* Validated when it was added; only a changed core could get here. */
      g_signal_handlers_disconnect_by_data (entry->trainer, entry);
      g_clear_object (&entry->trainer);
      self->n_active--;
      mw_run_item_set_error_message (entry->item, error->message);
      mw_run_item_set_state (entry->item, MW_RUN_STATE_FAILED);
      mw_run_entry_save_info (entry);
    }
}

void
mw_run_manager_start_queued (MwRunManager *self)
{
  while (self->n_active < self->max_concurrent && !g_queue_is_empty (&self->queue))
    start_entry (self, g_queue_pop_head (&self->queue));
}

/* --- public API ---------------------------------------------------------------------- */

MwRunManager *
mw_run_manager_new (const char *runs_dir)
{
  MwRunManager *self = g_object_new (MW_TYPE_RUN_MANAGER, NULL);

  if (runs_dir != NULL)
    self->runs_dir = g_strdup (runs_dir);
  else
    self->runs_dir = g_build_filename (g_get_user_data_dir (), "meta-workbench", "runs", NULL);
  return self;
}

const char *
mw_run_manager_get_runs_dir (MwRunManager *self)
{
  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), NULL);
  return self->runs_dir;
}

GListModel *
mw_run_manager_get_runs (MwRunManager *self)
{
  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), NULL);
  return G_LIST_MODEL (self->runs);
}

guint
mw_run_manager_get_max_concurrent (MwRunManager *self)
{
  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), 1);
  return self->max_concurrent;
}

void
mw_run_manager_set_max_concurrent (MwRunManager *self,
                                   guint         max_concurrent)
{
  g_return_if_fail (MW_IS_RUN_MANAGER (self));

  max_concurrent = MAX (max_concurrent, 1u);
  if (self->max_concurrent == max_concurrent)
    return;
  self->max_concurrent = max_concurrent;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CONCURRENT]);
  mw_run_manager_start_queued (self);
}

/* A new folder name: the time, and a counter if two runs start in the same
 * second. Sorting the names sorts the runs by age. */
static char *
new_run_id (MwRunManager *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");

  for (guint n = 1;; n++)
    {
      g_autofree char *id = g_strdup_printf ("%s-%u", stamp, n);
      g_autofree char *dir = g_build_filename (self->runs_dir, id, NULL);
      gboolean used = g_file_test (dir, G_FILE_TEST_EXISTS);
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

      for (guint i = 0; i < n_items && !used; i++)
        {
          g_autoptr(MwRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
          used = g_str_equal (mw_run_item_get_id (item), id);
        }
      if (!used)
        return g_steal_pointer (&id);
    }
}

/* The first palette colour no run has; cycling once all are taken. */
static void
next_color (MwRunManager *self,
            GdkRGBA      *color)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->runs));

  for (guint p = 0; p < 8; p++)
    {
      gboolean used = FALSE;

      mw_run_item_palette_color (p, color);
      used = hidden_run_has (self, NULL, color);
      for (guint i = 0; i < n_items && !used; i++)
        {
          g_autoptr(MwRunItem) item = g_list_model_get_item (G_LIST_MODEL (self->runs), i);
          used = gdk_rgba_equal (mw_run_item_get_color (item), color);
        }
      if (!used)
        return;
    }
  mw_run_item_palette_color (n_items, color);
}

MwRunItem *
mw_run_manager_add_run (MwRunManager             *self,
                        const MwExperimentConfig *config,
                        GError                  **error)
{
  g_autofree char *id = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *description = NULL;
  g_autofree char *name = NULL;
  g_autofree char *ini = NULL;
  g_autoptr(MwRunItem) item = NULL;
  g_autoptr(GError) local_error = NULL;
  RunEntry *entry;
  GdkRGBA color;
  const MwMetricSpec *specs;
  guint n_specs;

  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), NULL);
  g_return_val_if_fail (config != NULL, NULL);

  if (!mw_experiment_config_validate (config, error))
    return NULL;

  id = new_run_id (self);
  dir = g_build_filename (self->runs_dir, id, NULL);
  description = mw_experiment_config_describe (config);
  name = unique_run_name (self, description, NULL);
  next_color (self, &color);

  item = mw_run_item_new (id, name, &color);
  mw_run_item_set_regression (item, mw_data_info (config->data)->regression);
  mw_run_item_set_has_settings (item, TRUE);
  mw_run_item_set_ways (item, mw_data_info (config->data)->regression ? 0 : config->ways);
  specs = mw_metric_specs (config, &n_specs);
  mw_run_item_set_metrics (item, specs, n_specs);
  mw_run_item_set_progress (item, 0, config->iterations, -1.0);
  mw_run_item_set_state (item, MW_RUN_STATE_QUEUED);

  entry = mw_run_manager_add_entry (self, item, dir);
  mw_experiment_config_copy (&entry->config, config);
  entry->have_config = TRUE;
  entry->created = g_get_real_time ();

  /* The folder exists from the start, so a queued run survives a restart. */
  if (g_mkdir_with_parents (dir, 0755) != 0)
    g_warning ("Could not create %s: %s", dir, g_strerror (errno));
  ini = g_build_filename (dir, MW_RUN_FILE_EXPERIMENT, NULL);
  if (!mw_experiment_config_save (config, ini, &local_error))
    g_warning ("Could not save %s: %s", ini, local_error->message);
  mw_run_entry_save_info (entry);

  g_list_store_append (self->runs, item);
  g_queue_push_tail (&self->queue, entry);
  mw_run_manager_start_queued (self);

  return item;
}

void
mw_run_manager_pause (MwRunManager *self,
                      MwRunItem    *item)
{
  RunEntry *entry = mw_run_manager_lookup_entry (self, item);

  if (entry != NULL && entry->trainer != NULL)
    mw_trainer_pause (entry->trainer);
}

void
mw_run_manager_resume (MwRunManager *self,
                       MwRunItem    *item)
{
  RunEntry *entry = mw_run_manager_lookup_entry (self, item);

  if (entry != NULL && entry->trainer != NULL)
    mw_trainer_resume (entry->trainer);
}

void
mw_run_manager_step (MwRunManager *self,
                     MwRunItem    *item)
{
  RunEntry *entry = mw_run_manager_lookup_entry (self, item);

  if (entry != NULL && entry->trainer != NULL)
    mw_trainer_step (entry->trainer);
}

void
mw_run_manager_stop (MwRunManager *self,
                     MwRunItem    *item)
{
  RunEntry *entry = mw_run_manager_lookup_entry (self, item);

  if (entry == NULL)
    return;

  if (entry->trainer != NULL)
    {
      /* The worker notices between meta-iterations; the state follows. */
      mw_trainer_stop (entry->trainer);
    }
  else if (g_queue_remove (&self->queue, entry))
    {
      entry->resume = FALSE;
      mw_run_item_set_state (entry->item, MW_RUN_STATE_STOPPED);
      mw_run_entry_update_resumable (entry);
      mw_run_entry_save_info (entry);
    }
}

gboolean
mw_run_manager_continue_run (MwRunManager *self,
                             MwRunItem    *item)
{
  RunEntry *entry;

  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), FALSE);

  entry = mw_run_manager_lookup_entry (self, item);
  if (entry == NULL)
    return FALSE;
  mw_run_entry_update_resumable (entry);
  if (!mw_run_item_get_resumable (item))
    return FALSE;

  entry->resume = TRUE;
  mw_run_item_set_resumable (item, FALSE);
  mw_run_item_set_interrupted (item, FALSE);
  mw_run_item_set_error_message (item, NULL);
  mw_run_item_set_state (item, MW_RUN_STATE_QUEUED);
  mw_run_entry_save_info (entry);
  g_queue_push_tail (&self->queue, entry);
  mw_run_manager_start_queued (self);
  return TRUE;
}

MwTrainer *
mw_run_manager_get_trainer (MwRunManager *self,
                            MwRunItem    *item)
{
  RunEntry *entry;

  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), NULL);
  entry = mw_run_manager_lookup_entry (self, item);
  return entry != NULL ? entry->trainer : NULL;
}

const MwExperimentConfig *
mw_run_manager_get_config (MwRunManager *self,
                           MwRunItem    *item)
{
  RunEntry *entry;

  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), NULL);
  entry = mw_run_manager_lookup_entry (self, item);
  return entry != NULL && entry->have_config ? &entry->config : NULL;
}

const char *
mw_run_manager_get_run_dir (MwRunManager *self,
                            MwRunItem    *item)
{
  RunEntry *entry;

  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), NULL);
  entry = mw_run_manager_lookup_entry (self, item);
  return entry != NULL ? entry->dir : NULL;
}

void
mw_run_manager_shutdown (MwRunManager *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (MW_IS_RUN_MANAGER (self));

  g_cancellable_cancel (self->cancellable);
  /* Runs deleted with Undo still offered are deleted now: the offer ends
   * with the application. */
  mw_run_manager_delete_hidden (self);
  g_queue_clear (&self->queue);

  /* Ask every worker first, so they all wind down together. */
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RunEntry *entry = value;

      if (entry->trainer != NULL)
        mw_trainer_stop (entry->trainer);
    }

  /* Quitting: the one place that waits for workers (at most one
   * meta-iteration each), so their checkpoints and curves are complete. */
  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RunEntry *entry = value;

      if (entry->trainer == NULL)
        continue;
      g_signal_handlers_disconnect_by_data (entry->trainer, entry);
      g_clear_object (&entry->trainer);
      self->n_active--;
      if (entry->deleted)
        {
          mw_run_manager_delete_dir (self, entry->dir);
          g_hash_table_iter_remove (&iter);
          continue;
        }
      mw_run_item_set_state (entry->item, MW_RUN_STATE_STOPPED);
      if (entry->checkpoint == NULL)
        {
          g_autofree char *checkpoint = g_build_filename (entry->dir, MW_RUN_FILE_CHECKPOINT, NULL);

          if (g_file_test (checkpoint, G_FILE_TEST_EXISTS))
            entry->checkpoint = g_steal_pointer (&checkpoint);
        }
      mw_run_entry_update_resumable (entry);
      mw_run_entry_save_info (entry);
    }

  /* Their folders too, so none is left half deleted. */
  mw_run_manager_wait_for_deletes (self);
}

/* --- what mw-run-manager-load.c tells ------------------------------------------- */

void
mw_run_manager_emit_metrics (MwRunManager *self,
                             MwRunItem    *item,
                             GArray       *points)
{
  g_signal_emit (self, signals[METRICS], 0, item, points);
}

void
mw_run_manager_emit_curves_reset (MwRunManager *self,
                                  MwRunItem    *item)
{
  g_signal_emit (self, signals[CURVES_RESET], 0, item);
}

void
mw_run_manager_set_loaded (MwRunManager *self)
{
  self->loaded = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  g_signal_emit (self, signals[LOADED], 0);
}

/* --- GObject ---------------------------------------------------------------------- */

static void
mw_run_manager_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MwRunManager *self = MW_RUN_MANAGER (object);

  switch (prop_id)
    {
    case PROP_MAX_CONCURRENT:
      g_value_set_uint (value, self->max_concurrent);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_run_manager_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MwRunManager *self = MW_RUN_MANAGER (object);

  switch (prop_id)
    {
    case PROP_MAX_CONCURRENT:
      mw_run_manager_set_max_concurrent (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_run_manager_dispose (GObject *object)
{
  MwRunManager *self = MW_RUN_MANAGER (object);

  g_clear_handle_id (&self->watch_id, g_source_remove);
  if (self->entries != NULL)
    {
      mw_run_manager_shutdown (self);
      g_clear_pointer (&self->entries, g_hash_table_unref);
    }
  if (self->runs != NULL)
    g_list_store_remove_all (self->runs);
  g_clear_object (&self->runs);

  G_OBJECT_CLASS (mw_run_manager_parent_class)->dispose (object);
}

static void
mw_run_manager_finalize (GObject *object)
{
  MwRunManager *self = MW_RUN_MANAGER (object);

  g_clear_object (&self->cancellable);
  g_free (self->runs_dir);
  g_mutex_clear (&self->deleting_lock);
  g_cond_clear (&self->deleting_cond);

  G_OBJECT_CLASS (mw_run_manager_parent_class)->finalize (object);
}

static void
mw_run_manager_class_init (MwRunManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = mw_run_manager_get_property;
  object_class->set_property = mw_run_manager_set_property;
  object_class->dispose = mw_run_manager_dispose;
  object_class->finalize = mw_run_manager_finalize;

  properties[PROP_MAX_CONCURRENT] =
    g_param_spec_uint ("max-concurrent", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MwRunManager::metrics:
   * @item: the run
   * @points: (element-type MwMetricPoint): new points of the run's series,
   *   each named (the run's mw_metric_specs)
   *
   * New points of a run that trains, or all the points of a saved run when
   * it is loaded.
   */
  signals[METRICS] =
    g_signal_new ("metrics", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, MW_TYPE_RUN_ITEM, G_TYPE_ARRAY);
  /**
   * MwRunManager::curves-reset:
   * @item: the run
   *
   * A run continues from its checkpoint: the points of its next ::metrics
   * replace its curves.
   */
  signals[CURVES_RESET] =
    g_signal_new ("curves-reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MW_TYPE_RUN_ITEM);
  signals[LOADED] =
    g_signal_new ("loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mw_run_manager_init (MwRunManager *self)
{
  self->runs = g_list_store_new (MW_TYPE_RUN_ITEM);
  self->entries = g_hash_table_new_full (NULL, NULL, NULL, run_entry_free);
  g_queue_init (&self->queue);
  self->max_concurrent = mw_run_manager_default_max_concurrent ();
  self->cancellable = g_cancellable_new ();
  g_mutex_init (&self->deleting_lock);
  g_cond_init (&self->deleting_cond);
}
