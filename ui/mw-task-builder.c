/* mw-task-builder.c: the hand-built task editor. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-task-builder.h"
#include "mw-task-class-list.h"

/* Shared between the loading thread and the main loop. */
typedef struct {
  gint done, total;
  gint idle_pending;
  GCancellable *cancellable;
  GWeakRef builder;
  guint generation;
} LoadState;

struct _MwTaskBuilder
{
  GtkBox parent_instance;

  MwPreprocess model;        /* how the model's images were made: loads follow it */
  MwInvertChoice invert;
  char *warning;             /* the last load's preprocessing warning, or NULL */
  gboolean fix_inverts;      /* what the warning's button sets: invert yes (or no) */
  GFile *folder;
  MwDataset *dataset;
  MwHandTask *task;
  guint64 sample_seed;

  LoadState *load;           /* the load in progress, or NULL */
  guint generation;
  GtkNativeDialog *chooser;
  MwHandTask *pending_task;  /* chosen from a task file: shown once its folder has loaded */

  GtkLabel *folder_label;
  GtkDropDown *invert_drop;
  GtkWidget *warning_box, *fix_button;
  GtkLabel *warning_label;
  GtkLabel *status_label;
  GtkProgressBar *progress;
  GtkWidget *cancel_button;
  GtkSpinButton *shots_spin;
  GtkSpinButton *queries_spin;
  GtkWidget *sample_button, *save_button, *adapt_button, *train_button;
  MwTaskClassList *class_list;
  GtkExpander *skipped_expander;
  GtkLabel *skipped_label;
  MwEpisodeView *episode_view;
  GtkLabel *result_label;
  MwTaskFileChooser *file_chooser;
};

G_DEFINE_FINAL_TYPE (MwTaskBuilder, mw_task_builder, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  ADAPT_REQUESTED,
  TRAIN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static void
set_status (MwTaskBuilder *self,
            const char    *text,
            gboolean       error)
{
  gtk_label_set_label (self->status_label, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static void
update_sensitivity (MwTaskBuilder *self)
{
  gboolean have = self->dataset != NULL && self->load == NULL;

  gtk_widget_set_sensitive (self->sample_button, have);
  gtk_widget_set_sensitive (self->save_button, have && self->task->classes->len > 0);
  gtk_widget_set_sensitive (self->adapt_button, have && self->task->classes->len >= 2);
  gtk_widget_set_sensitive (self->train_button, have && self->task->classes->len >= 2);
  gtk_widget_set_visible (self->cancel_button, self->load != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->load != NULL);
}

/* Shows every image's role and every class's tick as the task has them. */
static void
sync_roles (MwTaskBuilder *self)
{
  mw_task_class_list_show_task (self->class_list, self->task);
  update_sensitivity (self);
}

static void
class_toggled_cb (MwTaskClassList *list,
                  const char      *name,
                  gboolean         active,
                  MwTaskBuilder   *self)
{
  mw_task_builder_set_class_chosen (self, name, active);
}

static void
image_clicked_cb (MwTaskClassList *list,
                  const char      *class_name,
                  const char      *file,
                  MwTaskBuilder   *self)
{
  mw_task_builder_cycle_role (self, class_name, file);
}

static void
show_dataset (MwTaskBuilder *self)
{
  const MwDataset *ds = self->dataset;
  g_autoptr(GString) skipped = g_string_new (NULL);
  g_autofree char *status = NULL;

  mw_task_class_list_set_dataset (self->class_list, ds);

  for (guint i = 0; ds->skipped != NULL && i < ds->skipped->len; i++)
    {
      const MwSkippedFile *s = ds->skipped->pdata[i];

      g_string_append_printf (skipped, "%s%s: %s", i > 0 ? "\n" : "", s->path, s->reason);
    }
  gtk_label_set_label (self->skipped_label, skipped->str);
  {
    guint n = ds->skipped != NULL ? ds->skipped->len : 0;
    g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file could not be used",
                                                           "%u files could not be used", n), n);

    gtk_expander_set_label (self->skipped_expander, title);
    gtk_widget_set_visible (GTK_WIDGET (self->skipped_expander), n > 0);
    gtk_expander_set_expanded (self->skipped_expander, n > 0);
  }

  status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d class, %d images", "%d classes, %d images",
                                         ds->n_classes),
                            ds->n_classes, ds->n_entries);
  set_status (self, status, FALSE);
  sync_roles (self);
}

/* --- loading ------------------------------------------------------------ */

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
      set_status (self, text, FALSE);
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

static void show_pending_task (MwTaskBuilder *self);

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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (ds == NULL)
    {
      show_warning (self, NULL, FALSE);
      update_sensitivity (self);
      set_status (self, error->message, !g_error_matches (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CANCELLED));
      return;
    }

  g_clear_pointer (&self->dataset, mw_dataset_free);
  self->dataset = ds;
  mw_hand_task_free (self->task);
  self->task = mw_hand_task_new (g_file_peek_path (self->folder));
  show_dataset (self);
  /* The thumbnails show what the model sees: say why they look negative. */
  if (inverted)
    {
      g_autofree char *text = g_strdup_printf (_("%s, inverted as the model's training images were"),
                                               gtk_label_get_label (self->status_label));

      set_status (self, text, FALSE);
    }

  manifest = g_build_filename (g_file_peek_path (self->folder), MW_HAND_TASK_FILE_NAME, NULL);
  if (self->pending_task != NULL && !pending_task_is_for (self->pending_task, self->folder))
    g_clear_pointer (&self->pending_task, mw_hand_task_free);
  if (self->pending_task != NULL)
    show_pending_task (self);
  else if (g_file_test (manifest, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GError) reopen_error = NULL;

      if (mw_task_builder_reopen (self, &reopen_error))
        set_status (self, _("Reopened the task saved in this folder"), FALSE);
      else
        set_status (self, reopen_error->message, TRUE);
    }
}

static void
cancel_load (MwTaskBuilder *self)
{
  if (self->load == NULL)
    return;
  g_cancellable_cancel (self->load->cancellable);
  self->load = NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
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

  cancel_load (self);
  g_set_object (&self->folder, folder);
  name = g_file_get_parse_name (folder);
  gtk_label_set_label (self->folder_label, name);

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
  set_status (self, _("Loading…"), FALSE);
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  task = g_task_new (self, state->cancellable, load_done_cb, state);
  g_task_set_task_data (task, job, load_job_free);
  g_object_set_data_full (G_OBJECT (task), "mw-load-state", state, load_state_unref);
  g_task_run_in_thread (task, load_thread);
}

/* Loads the folder again, as the model or the invert choice now say. */
static void
reload (MwTaskBuilder *self)
{
  if (self->folder != NULL)
    {
      g_autoptr(GFile) folder = g_object_ref (self->folder);

      mw_task_builder_open_folder (self, folder);
    }
}

gboolean
mw_task_builder_get_loading (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), FALSE);

  return self->load != NULL;
}

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
  reload (self);
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
  reload (self);
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

static void
invert_changed_cb (GtkDropDown   *drop,
                   GParamSpec    *pspec,
                   MwTaskBuilder *self)
{
  guint selected = gtk_drop_down_get_selected (drop);
  MwInvertChoice invert = selected == 1 ? MW_INVERT_YES : selected == 2 ? MW_INVERT_NO : MW_INVERT_AUTO;

  if (invert == self->invert)
    return;
  self->invert = invert;
  reload (self);
}

static void
fix_clicked_cb (GtkButton     *button,
                MwTaskBuilder *self)
{
  mw_task_builder_set_invert (self, self->fix_inverts ? MW_INVERT_YES : MW_INVERT_NO);
}

/* --- editing ------------------------------------------------------------ */

void
mw_task_builder_set_class_chosen (MwTaskBuilder *self,
                                  const char    *name,
                                  gboolean       chosen)
{
  g_return_if_fail (MW_IS_TASK_BUILDER (self));

  if (chosen)
    mw_hand_task_class (self->task, name);
  else
    mw_hand_task_remove_class (self->task, name);
  sync_roles (self);
}

void
mw_task_builder_cycle_role (MwTaskBuilder *self,
                            const char    *class_name,
                            const char    *file)
{
  MwHandRole role;

  g_return_if_fail (MW_IS_TASK_BUILDER (self));

  role = mw_hand_task_get_role (self->task, class_name, file);
  role = role == MW_HAND_ROLE_NONE ? MW_HAND_ROLE_SUPPORT
       : role == MW_HAND_ROLE_SUPPORT ? MW_HAND_ROLE_QUERY : MW_HAND_ROLE_NONE;
  /* Choosing an image chooses its class. */
  mw_hand_task_class (self->task, class_name);
  mw_hand_task_set_role (self->task, class_name, file, role);
  sync_roles (self);
}

gboolean
mw_task_builder_sample (MwTaskBuilder *self,
                        int            shots,
                        int            queries)
{
  g_autoptr(GError) error = NULL;
  g_autofree int *classes = NULL;
  int n = 0;
  MwRng rng;

  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), FALSE);

  if (self->dataset == NULL)
    return FALSE;
  classes = g_new (int, self->dataset->n_classes);
  for (int c = 0; c < self->dataset->n_classes; c++)
    for (guint i = 0; i < self->task->classes->len; i++)
      if (g_str_equal (((MwHandClass *) self->task->classes->pdata[i])->name, self->dataset->class_names[c]))
        classes[n++] = c;
  if (n < 2)
    {
      set_status (self, _("Tick at least 2 classes to sample from"), TRUE);
      return FALSE;
    }

  mw_rng_init (&rng, self->sample_seed++, 0);
  if (!mw_hand_task_sample (self->task, self->dataset, classes, n, shots, queries, &rng, &error))
    {
      set_status (self, error->message, TRUE);
      sync_roles (self);
      return FALSE;
    }
  set_status (self, _("Sampled support and query images"), FALSE);
  sync_roles (self);
  return TRUE;
}

static char *
manifest_path (MwTaskBuilder *self)
{
  return g_build_filename (g_file_peek_path (self->folder), MW_HAND_TASK_FILE_NAME, NULL);
}

gboolean
mw_task_builder_save (MwTaskBuilder  *self,
                      GError        **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), FALSE);

  if (self->dataset == NULL)
    return FALSE;
  path = manifest_path (self);
  if (!mw_hand_task_save (self->task, path, error))
    return FALSE;
  set_status (self, _("Saved the task next to the images"), FALSE);
  return TRUE;
}

gboolean
mw_task_builder_reopen (MwTaskBuilder  *self,
                        GError        **error)
{
  g_autofree char *path = NULL;
  MwHandTask *task;

  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), FALSE);

  if (self->dataset == NULL)
    return FALSE;
  path = manifest_path (self);
  task = mw_hand_task_load (path, error);
  if (task == NULL)
    return FALSE;
  mw_hand_task_free (self->task);
  self->task = task;
  sync_roles (self);
  return TRUE;
}

MwHandEpisode *
mw_task_builder_build_episode (MwTaskBuilder   *self,
                               char          ***class_names,
                               GError         **error)
{
  MwHandEpisode *episode;
  GError *local = NULL;

  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), NULL);

  if (self->dataset == NULL)
    {
      g_set_error (&local, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY, "%s", _("Choose an image folder first"));
      episode = NULL;
    }
  else
    episode = mw_hand_task_build (self->task, self->dataset, &local);
  if (episode == NULL)
    {
      set_status (self, local->message, TRUE);
      g_propagate_error (error, local);
      return NULL;
    }

  if (class_names != NULL)
    {
      *class_names = g_new0 (char *, self->task->classes->len + 1);
      for (guint i = 0; i < self->task->classes->len; i++)
        (*class_names)[i] = g_strdup (((MwHandClass *) self->task->classes->pdata[i])->name);
    }
  return episode;
}

void
mw_task_builder_show_result (MwTaskBuilder       *self,
                             MwEpisodeInspection *inspection,
                             const char          *message)
{
  g_return_if_fail (MW_IS_TASK_BUILDER (self));

  mw_episode_view_set_inspection (self->episode_view, inspection);
  gtk_widget_set_visible (GTK_WIDGET (self->episode_view), inspection != NULL);
  gtk_label_set_label (self->result_label, message != NULL ? message : inspection != NULL ? inspection->title : "");
  if (inspection == NULL && message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->result_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->result_label), "error");
}

/* --- accessors ---------------------------------------------------------- */

const MwDataset *
mw_task_builder_get_dataset (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), NULL);

  return self->dataset;
}

MwHandTask *
mw_task_builder_get_task (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), NULL);

  return self->task;
}

const char *
mw_task_builder_get_status (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), NULL);

  return gtk_label_get_label (self->status_label);
}

const char *
mw_task_builder_get_skipped_text (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), NULL);

  return gtk_label_get_label (self->skipped_label);
}

MwEpisodeView *
mw_task_builder_get_episode_view (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), NULL);

  return self->episode_view;
}

const char *
mw_task_builder_get_result_text (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), NULL);

  return gtk_label_get_label (self->result_label);
}

/* --- task files ---------------------------------------------------------- */

static void
show_pending_task (MwTaskBuilder *self)
{
  g_autofree char *status = NULL;

  mw_hand_task_free (self->task);
  self->task = g_steal_pointer (&self->pending_task);
  sync_roles (self);
  status = self->task->name != NULL ? g_strdup_printf (_("Opened the task “%s”"), self->task->name)
                                    : g_strdup (_("Opened the task"));
  set_status (self, status, FALSE);
}

void
mw_task_builder_show_task (MwTaskBuilder    *self,
                           const MwHandTask *task)
{
  g_autoptr(GFile) folder = NULL;

  g_return_if_fail (MW_IS_TASK_BUILDER (self));
  g_return_if_fail (task != NULL);

  /* A copy: the file's task stays as read, so choosing it again shows it unedited. */
  mw_hand_task_free (self->pending_task);
  self->pending_task = mw_hand_task_copy (task);
  folder = g_file_new_for_path (task->folder);
  /* Tasks of one file often share a folder: no need to load it again. */
  if (self->folder != NULL && self->dataset != NULL && self->load == NULL && g_file_equal (folder, self->folder))
    {
      show_pending_task (self);
      update_sensitivity (self);
      return;
    }
  mw_task_builder_open_folder (self, folder);
}

gboolean
mw_task_builder_open_tasks_file (MwTaskBuilder  *self,
                                 const char     *path,
                                 GError        **error)
{
  GError *local = NULL;

  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), FALSE);

  if (mw_task_file_chooser_open (self->file_chooser, path, &local))
    return TRUE;
  set_status (self, local->message, TRUE);
  g_propagate_error (error, local);
  return FALSE;
}

MwTaskFileChooser *
mw_task_builder_get_file_chooser (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), NULL);

  return self->file_chooser;
}

static void
task_chosen_cb (MwTaskFileChooser *chooser,
                gpointer           task,
                MwTaskBuilder     *self)
{
  mw_task_builder_show_task (self, task);
}

static void
task_file_failed_cb (MwTaskFileChooser *chooser,
                     const char        *message,
                     MwTaskBuilder     *self)
{
  set_status (self, message, TRUE);
}

/* --- buttons and drops -------------------------------------------------- */

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     MwTaskBuilder   *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (folder != NULL)
        mw_task_builder_open_folder (self, folder);
    }
  g_clear_object (&self->chooser);
}

static void
choose_clicked_cb (GtkButton     *button,
                   MwTaskBuilder *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native;

  if (self->chooser != NULL)
    return;
  native = gtk_file_chooser_native_new (_("Choose an Image Folder"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  self->chooser = GTK_NATIVE_DIALOG (native);
  g_signal_connect (native, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (self->chooser);
}

static void
cancel_clicked_cb (GtkButton     *button,
                   MwTaskBuilder *self)
{
  cancel_load (self);
  set_status (self, _("Loading cancelled"), FALSE);
  update_sensitivity (self);
}

static void
sample_clicked_cb (GtkButton     *button,
                   MwTaskBuilder *self)
{
  mw_task_builder_sample (self, gtk_spin_button_get_value_as_int (self->shots_spin),
                          gtk_spin_button_get_value_as_int (self->queries_spin));
}

static void
save_clicked_cb (GtkButton     *button,
                 MwTaskBuilder *self)
{
  g_autoptr(GError) error = NULL;

  if (!mw_task_builder_save (self, &error) && error != NULL)
    set_status (self, error->message, TRUE);
}

static void
adapt_clicked_cb (GtkButton     *button,
                  MwTaskBuilder *self)
{
  g_signal_emit (self, signals[ADAPT_REQUESTED], 0);
}

static void
train_clicked_cb (GtkButton     *button,
                  MwTaskBuilder *self)
{
  g_signal_emit (self, signals[TRAIN_REQUESTED], 0);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         MwTaskBuilder *self)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  for (GSList *l = files; l != NULL; l = l->next)
    if (g_file_query_file_type (l->data, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
      {
        mw_task_builder_open_folder (self, l->data);
        return TRUE;
      }
    else if (g_file_peek_path (l->data) != NULL && g_str_has_suffix (g_file_peek_path (l->data), ".ini"))
      {
        g_autoptr(GError) error = NULL;

        return mw_task_builder_open_tasks_file (self, g_file_peek_path (l->data), &error);
      }
  set_status (self, _("Drop a folder of class folders"), TRUE);
  return FALSE;
}

/* --- object ------------------------------------------------------------- */

static void
mw_task_builder_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, MW_TASK_BUILDER (object)->load != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_task_builder_dispose (GObject *object)
{
  MwTaskBuilder *self = MW_TASK_BUILDER (object);

  if (self->load != NULL)
    g_cancellable_cancel (self->load->cancellable);
  self->load = NULL;
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  G_OBJECT_CLASS (mw_task_builder_parent_class)->dispose (object);
}

static void
mw_task_builder_finalize (GObject *object)
{
  MwTaskBuilder *self = MW_TASK_BUILDER (object);

  g_clear_object (&self->folder);
  g_clear_pointer (&self->dataset, mw_dataset_free);
  g_free (self->warning);
  mw_hand_task_free (self->task);
  mw_hand_task_free (self->pending_task);
  G_OBJECT_CLASS (mw_task_builder_parent_class)->finalize (object);
}

static void
mw_task_builder_class_init (MwTaskBuilderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mw_task_builder_get_property;
  object_class->dispose = mw_task_builder_dispose;
  object_class->finalize = mw_task_builder_finalize;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADAPT_REQUESTED] = g_signal_new ("adapt-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[TRAIN_REQUESTED] = g_signal_new ("train-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-task-builder.ui");
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, folder_label);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, invert_drop);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, warning_box);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, warning_label);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, fix_button);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, status_label);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, progress);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, shots_spin);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, queries_spin);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, sample_button);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, save_button);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, adapt_button);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, train_button);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, class_list);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, skipped_expander);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, skipped_label);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, episode_view);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, result_label);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, file_chooser);
  gtk_widget_class_bind_template_callback (widget_class, choose_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, invert_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, fix_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sample_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, adapt_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, train_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, task_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, task_file_failed_cb);
  gtk_widget_class_bind_template_callback (widget_class, class_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, image_clicked_cb);
}

static void
mw_task_builder_init (MwTaskBuilder *self)
{
  GtkDropTarget *drop;

  g_type_ensure (MW_TYPE_EPISODE_VIEW);
  g_type_ensure (MW_TYPE_TASK_CLASS_LIST);
  g_type_ensure (MW_TYPE_TASK_FILE_CHOOSER);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Until a model is chosen: the quick glyph model's (28 × 28 gray, dark background). */
  self->model = (MwPreprocess) { 28, 28, 1, FALSE, TRUE, -1, -1 };
  self->invert = MW_INVERT_AUTO;
  self->sample_seed = 1;
  self->task = mw_hand_task_new (".");

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  set_status (self, _("Choose a folder whose sub-folders are classes of images, or drop one here"), FALSE);
  update_sensitivity (self);
}

GtkWidget *
mw_task_builder_new (void)
{
  return g_object_new (MW_TYPE_TASK_BUILDER, NULL);
}
