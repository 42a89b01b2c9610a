/* mw-task-builder-load.c: the builder's image folder, loaded in a worker thread
 * with progress, through the model's preprocessing (its image shape and ink
 * polarity, and the invert choice). */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-task-builder-private.h"

/* --- loading ------------------------------------------------------------ */

static void
load_state_clear (gpointer data)
{
  LoadState *state = data;

  g_object_unref (state->cancellable);
  g_weak_ref_clear (&state->builder);
}

static void
load_state_unref (gpointer state)
{
  g_atomic_rc_box_release_full (state, load_state_clear);
}

typedef struct {
  char *dir;
  MwPreprocess model;
  MwInvertChoice invert;
  LoadState *state;
} LoadJob;

/* What the loading thread hands back. */
typedef struct {
  MwDataset *dataset;
  char *warning;
  gboolean inverted;
} LoadOut;

static void
load_job_free (gpointer data)
{
  LoadJob *job = data;

  g_free (job->dir);
  g_free (job);
}

static void
load_out_free (gpointer data)
{
  LoadOut *out = data;

  g_clear_pointer (&out->dataset, mw_dataset_free);
  g_free (out->warning);
  g_free (out);
}

/* The preprocessing warning under the folder chooser, with its fix as a button. */
static void
show_warning (MwTaskBuilder *self,
              const char    *warning,
              gboolean       inverted)
{
  g_free (self->warning);
  self->warning = g_strdup (warning);
  self->fix_inverts = !inverted;
  gtk_label_set_label (self->warning_label, warning != NULL ? warning : "");
  gtk_button_set_label (GTK_BUTTON (self->fix_button),
                        inverted ? _("_Do Not Invert") : _("_Invert Images"));
  gtk_widget_set_visible (self->warning_box, warning != NULL);
}

static gboolean
progress_idle (gpointer data)
{
  LoadState *state = data;
  g_autoptr(MwTaskBuilder) self = g_weak_ref_get (&state->builder);
  int done = g_atomic_int_get (&state->done), total = g_atomic_int_get (&state->total);

  g_atomic_int_set (&state->idle_pending, 0);
  if (self != NULL && self->load == state && total > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Loading %d of %d files…"), done, total);

      gtk_progress_bar_set_fraction (self->progress, (double) done / total);
      mw_task_builder_set_status (self, text, FALSE);
    }
  return G_SOURCE_REMOVE;
}

/* Loading thread: keep the latest numbers, and at most one update queued. */
static gboolean
load_progress (int      done,
               int      total,
               gpointer data)
{
  LoadState *state = data;

  g_atomic_int_set (&state->done, done);
  g_atomic_int_set (&state->total, total);
  if (g_atomic_int_compare_and_exchange (&state->idle_pending, 0, 1))
    g_idle_add_full (G_PRIORITY_LOW, progress_idle, g_atomic_rc_box_acquire (state), load_state_unref);
  return !g_cancellable_is_cancelled (state->cancellable);
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  LoadJob *job = data;
  GError *error = NULL;
  MwPreprocessReport report;
  /* The one loader for images given to a trained model: its size, channels and ink
   * polarity. */
  MwDataset *ds = mw_preprocess_load_folder_full (&job->model, job->dir, job->invert,
                                                  load_progress, job->state, &report, &error);
  LoadOut *out;

  if (ds == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  out = g_new0 (LoadOut, 1);
  out->dataset = ds;
  out->warning = g_steal_pointer (&report.warning);
  out->inverted = report.inverted;
  mw_preprocess_report_clear (&report);
  g_task_return_pointer (task, out, load_out_free);
}

/* Whether a task chosen from a file belongs to the folder that loaded (another folder
 * may have been chosen meanwhile). */
static gboolean
pending_task_is_for (const MwHandTask *task,
                     GFile            *folder)
{
  g_autoptr(GFile) its = g_file_new_for_path (task->folder);

  return g_file_equal (its, folder);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  MwTaskBuilder *self = MW_TASK_BUILDER (source);
  LoadState *state = data;
  g_autoptr(GError) error = NULL;
  LoadOut *out = g_task_propagate_pointer (G_TASK (result), &error);
  MwDataset *ds = NULL;
  gboolean inverted = FALSE;
  g_autofree char *manifest = NULL;

  /* A newer load replaced this one. */
  if (self->load != state)
    {
      g_clear_pointer (&out, load_out_free);
      return;
    }
  if (out != NULL)
    {
      ds = g_steal_pointer (&out->dataset);
      inverted = out->inverted;
      show_warning (self, out->warning, out->inverted);
      load_out_free (out);
    }
  self->load = NULL;
  mw_task_builder_notify_loading (self);

  if (ds == NULL)
    {
      show_warning (self, NULL, FALSE);
      mw_task_builder_update_sensitivity (self);
      mw_task_builder_set_status (self, error->message,
                                  !g_error_matches (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CANCELLED));
      return;
    }

  g_clear_pointer (&self->dataset, mw_dataset_free);
  self->dataset = ds;
  mw_hand_task_free (self->task);
  self->task = mw_hand_task_new (g_file_peek_path (self->folder));
  mw_task_builder_show_dataset (self);
  /* The thumbnails show what the model sees: say why they look negative. */
  if (inverted)
    {
      g_autofree char *text = g_strdup_printf (_("%s, inverted as the model's training images were"),
                                               gtk_label_get_label (self->status_label));

      mw_task_builder_set_status (self, text, FALSE);
    }

  manifest = g_build_filename (g_file_peek_path (self->folder), MW_HAND_TASK_FILE_NAME, NULL);
  if (self->pending_task != NULL && !pending_task_is_for (self->pending_task, self->folder))
    g_clear_pointer (&self->pending_task, mw_hand_task_free);
  if (self->pending_task != NULL)
    mw_task_builder_show_pending_task (self);
  else if (g_file_test (manifest, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) reopen_error = NULL;

      if (mw_task_builder_reopen (self, &reopen_error))
        mw_task_builder_set_status (self, _("Reopened the task saved in this folder"), FALSE);
      else
        mw_task_builder_set_status (self, reopen_error->message, TRUE);
    }
}

void
mw_task_builder_cancel_load (MwTaskBuilder *self)
{
  if (self->load == NULL)
    return;
  g_cancellable_cancel (self->load->cancellable);
  self->load = NULL;
  mw_task_builder_notify_loading (self);
}

void
mw_task_builder_open_folder (MwTaskBuilder *self,
                             GFile         *folder)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  LoadState *state;
  LoadJob *job;

  g_return_if_fail (MW_IS_TASK_BUILDER (self));
  g_return_if_fail (G_IS_FILE (folder));

  mw_task_builder_cancel_load (self);
  g_set_object (&self->folder, folder);
  name = g_file_get_parse_name (folder);
  gtk_label_set_label (self->folder_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_label), name);

  /* Shared by the task and any progress idle still queued when it ends. */
  state = g_atomic_rc_box_new0 (LoadState);
  state->cancellable = g_cancellable_new ();
  g_weak_ref_init (&state->builder, self);
  state->generation = ++self->generation;
  job = g_new0 (LoadJob, 1);
  job->dir = g_file_get_path (folder);
  job->model = self->model;
  job->invert = self->invert;
  job->state = state;

  self->load = state;
  gtk_progress_bar_set_fraction (self->progress, 0);
  mw_task_builder_set_status (self, _("Loading…"), FALSE);
  mw_task_builder_update_sensitivity (self);
  mw_task_builder_notify_loading (self);

  task = g_task_new (self, state->cancellable, load_done_cb, state);
  g_task_set_task_data (task, job, load_job_free);
  g_object_set_data_full (G_OBJECT (task), "mw-load-state", state, load_state_unref);
  g_task_run_in_thread (task, load_thread);
}

void
mw_task_builder_reload (MwTaskBuilder *self)
{
  if (self->folder != NULL)
    {
      g_autoptr(GFile) folder = g_object_ref (self->folder);

      /* The same folder for another model: the task being built stays. */
      if (self->pending_task == NULL && self->dataset != NULL && self->task->classes->len > 0)
        {
          self->pending_task = mw_hand_task_copy (self->task);
          self->pending_is_kept = TRUE;
        }
      mw_task_builder_open_folder (self, folder);
    }
}

gboolean
mw_task_builder_get_loading (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), FALSE);

  return self->load != NULL;
}

/* --- what the loads follow ---------------------------------------------- */

void
mw_task_builder_set_image_shape (MwTaskBuilder *self,
                                 int            size,
                                 int            channels)
{
  g_return_if_fail (MW_IS_TASK_BUILDER (self));
  g_return_if_fail (size > 0 && (channels == 1 || channels == 3));

  if (self->model.height == size && self->model.width == size && self->model.channels == channels)
    return;
  self->model.height = self->model.width = size;
  self->model.channels = channels;
  mw_task_builder_reload (self);
}

void
mw_task_builder_set_preprocess (MwTaskBuilder      *self,
                                const MwPreprocess *model)
{
  g_return_if_fail (MW_IS_TASK_BUILDER (self));
  g_return_if_fail (model != NULL && (model->channels == 1 || model->channels == 3));

  if (mw_preprocess_equal (&self->model, model))
    return;
  self->model = *model;
  mw_task_builder_reload (self);
}

void
mw_task_builder_set_invert (MwTaskBuilder  *self,
                            MwInvertChoice  invert)
{
  g_return_if_fail (MW_IS_TASK_BUILDER (self));

  /* The drop-down's items: Auto, Yes, No; its handler reloads. */
  gtk_drop_down_set_selected (self->invert_drop, invert == MW_INVERT_YES ? 1 : invert == MW_INVERT_NO ? 2 : 0);
}

MwInvertChoice
mw_task_builder_get_invert (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), MW_INVERT_AUTO);

  return self->invert;
}

const char *
mw_task_builder_get_warning (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), NULL);

  return self->warning;
}
