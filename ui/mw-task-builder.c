/* mw-task-builder.c: the hand-built task editor. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-task-builder-private.h"

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

void
mw_task_builder_set_status (MwTaskBuilder *self,
                            const char    *text,
                            gboolean       error)
{
  gtk_label_set_label (self->status_label, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

void
mw_task_builder_update_sensitivity (MwTaskBuilder *self)
{
  gboolean have = self->dataset != NULL && self->load == NULL;
  gboolean taking;

  gtk_widget_set_sensitive (self->sample_button, have);
  gtk_widget_set_sensitive (self->save_button, have && self->task->classes->len > 0);
  gtk_widget_set_sensitive (self->adapt_button, have && self->task->classes->len >= 2);
  gtk_widget_set_sensitive (self->train_button, have && self->task->classes->len >= 2);
  /* The status row has room on a 1024-pixel screen for the progress bar and Cancel or
   * for Take Photos: a load shows the first pair, unless photos are being taken (the
   * camera's own reloads are short, and the status line still counts the files). */
  taking = gtk_toggle_button_get_active (self->photos_toggle);
  gtk_widget_set_visible (self->cancel_button, self->load != NULL && !taking);
  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->load != NULL && !taking);
  gtk_widget_set_visible (GTK_WIDGET (self->photos_toggle), self->load == NULL || taking);
}

void
mw_task_builder_notify_loading (MwTaskBuilder *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Shows every image's role and every class's tick as the task has them. */
static void
sync_roles (MwTaskBuilder *self)
{
  mw_task_class_list_show_task (self->class_list, self->task);
  mw_task_builder_camera_sync (self);
  mw_task_builder_update_sensitivity (self);
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

void
mw_task_builder_show_dataset (MwTaskBuilder *self)
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
  mw_task_builder_set_status (self, status, FALSE);
  sync_roles (self);
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
      mw_task_builder_set_status (self, _("Tick at least 2 classes to sample from"), TRUE);
      return FALSE;
    }

  mw_rng_init (&rng, self->sample_seed++, 0);
  if (!mw_hand_task_sample (self->task, self->dataset, classes, n, shots, queries, &rng, &error))
    {
      mw_task_builder_set_status (self, error->message, TRUE);
      sync_roles (self);
      return FALSE;
    }
  mw_task_builder_set_status (self, _("Sampled support and query images"), FALSE);
  sync_roles (self);
  /* A new task to look at: the handle goes back down, the last predictions below it. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->episode_view)))
    gtk_paned_set_position (self->results_paned, gtk_widget_get_height (GTK_WIDGET (self->results_paned)) * 2 / 3);
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
  mw_task_builder_set_status (self, _("Saved the task next to the images"), FALSE);
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
      mw_task_builder_set_status (self, local->message, TRUE);
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
  if (inspection != NULL)
    {
      /* The predictions are what the click was for: the handle goes up to show them whole
       * where the page can, the images keeping what is left (they scroll). */
      GtkWidget *results = gtk_paned_get_end_child (self->results_paned);
      int height = gtk_widget_get_height (GTK_WIDGET (self->results_paned));
      int width = gtk_widget_get_width (GTK_WIDGET (self->results_paned));
      int needed = 0;

      if (height > 0)
        {
          gtk_widget_measure (results, GTK_ORIENTATION_VERTICAL, width, NULL, &needed, NULL, NULL);
          gtk_paned_set_position (self->results_paned, MAX (height - needed, 0));
        }
    }
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

void
mw_task_builder_show_pending_task (MwTaskBuilder *self)
{
  g_autofree char *status = NULL;
  gboolean kept = self->pending_is_kept;

  mw_hand_task_free (self->task);
  self->task = g_steal_pointer (&self->pending_task);
  self->pending_is_kept = FALSE;
  sync_roles (self);
  if (kept)
    return;   /* the folder's status line says what was loaded */
  status = self->task->name != NULL ? g_strdup_printf (_("Opened the task “%s”"), self->task->name)
                                    : g_strdup (_("Opened the task"));
  mw_task_builder_set_status (self, status, FALSE);
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
  self->pending_is_kept = FALSE;
  folder = g_file_new_for_path (task->folder);
  /* Tasks of one file often share a folder: no need to load it again. */
  if (self->folder != NULL && self->dataset != NULL && self->load == NULL && g_file_equal (folder, self->folder))
    {
      mw_task_builder_show_pending_task (self);
      mw_task_builder_update_sensitivity (self);
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
  mw_task_builder_set_status (self, local->message, TRUE);
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
  mw_task_builder_set_status (self, message, TRUE);
}

/* --- buttons and drops -------------------------------------------------- */

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
  mw_task_builder_reload (self);
}

static void
fix_clicked_cb (GtkButton     *button,
                MwTaskBuilder *self)
{
  mw_task_builder_set_invert (self, self->fix_inverts ? MW_INVERT_YES : MW_INVERT_NO);
}

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
  mw_task_builder_cancel_load (self);
  mw_task_builder_set_status (self, _("Loading cancelled"), FALSE);
  mw_task_builder_update_sensitivity (self);
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
    mw_task_builder_set_status (self, error->message, TRUE);
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
  mw_task_builder_set_status (self, _("Drop a folder of class folders"), TRUE);
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
  mw_task_builder_camera_dispose (self);
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
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, results_paned);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, episode_view);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, result_label);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, file_chooser);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, photos_toggle);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, images_stack);
  gtk_widget_class_bind_template_child (widget_class, MwTaskBuilder, camera_panel);
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
  g_type_ensure (MW_TYPE_CAMERA_PANEL);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Until a model is chosen: the quick glyph model's (28 × 28 gray, dark background). */
  self->model = (MwPreprocess) { 28, 28, 1, FALSE, TRUE, -1, -1 };
  self->invert = MW_INVERT_AUTO;
  self->sample_seed = 1;
  self->task = mw_hand_task_new (".");
  mw_task_builder_camera_init (self);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  mw_task_builder_set_status (self, _("Choose a folder whose sub-folders are classes of images, or drop one here"),
                              FALSE);
  mw_task_builder_update_sensitivity (self);
}

GtkWidget *
mw_task_builder_new (void)
{
  return g_object_new (MW_TYPE_TASK_BUILDER, NULL);
}
