/* mw-handout-controller.c: experiment files and handouts in one window. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-handout-controller.h"
#include "mw-handout-dialog.h"

struct _MwHandoutController
{
  GObject parent_instance;

  MwWindow         *window;   /* weak */
  MwExperimentForm *form;     /* in the window */
  MwHandoutBanner  *banner;   /* in the window */

  MwHandout lesson;           /* the last file opened (its lesson, if any) */
  GFile    *file;             /* NULL until one is opened */
  GCancellable *cancellable;  /* the read going on */
  guint pending;

  GtkFileChooserNative *chooser;
  GtkWindow *dialog;          /* weak: Save as Handout while it is open */
};

G_DEFINE_FINAL_TYPE (MwHandoutController, mw_handout_controller, G_TYPE_OBJECT)

static void
set_action_enabled (MwHandoutController *self,
                    const char          *name,
                    gboolean             enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->window), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* --- opening ---------------------------------------------------------------- */

static void
show_error (MwHandoutController *self,
            GFile               *file,
            const char          *message)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *display = g_filename_display_name (name != NULL ? name : "");
  GtkWidget *alert;

  if (self->window == NULL)
    return;
  alert = gtk_message_dialog_new (GTK_WINDOW (self->window),
                                  GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                  GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                  _("Could not open “%s”"), display);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (alert), "%s\n\n%s", message,
                                            _("The experiment settings in the window have not "
                                              "changed."));
  g_signal_connect (alert, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (alert));
}

/* "Locked by the handout: Algorithm, N-way", in the form's words. */
static char *
locked_summary (const MwHandout *handout)
{
  g_autoptr(GString) names = g_string_new (NULL);

  if (handout->locked == NULL || handout->locked[0] == NULL)
    return NULL;
  for (char **k = handout->locked; *k != NULL; k++)
    {
      const char *title = mw_experiment_form_field_title (*k);

      if (names->len > 0)
        /* Translators: between the names of the locked settings. */
        g_string_append (names, C_("list separator", ", "));
      g_string_append (names, title != NULL ? title : *k);
    }
  return g_strdup_printf (_("Locked by the handout: %s"), names->str);
}

/* A handout names Omniglot without a folder (or, an older one, by the teacher's
 * folder): this computer's copy, if it has one; the form's folder when it shows
 * Omniglot already.  Otherwise the form asks for the folder. */
static void
find_omniglot (MwHandoutController *self,
               MwExperimentConfig  *config)
{
  MwExperimentConfig shown;
  g_autofree char *found = NULL;

  if (config->data != MW_DATA_OMNIGLOT || g_file_test (config->data_path, G_FILE_TEST_IS_DIR))
    return;
  mw_experiment_form_get_config (self->form, &shown);
  found = mw_handout_find_omniglot (shown.data == MW_DATA_OMNIGLOT ? shown.data_path : NULL);
  mw_experiment_config_clear (&shown);
  if (found != NULL)
    {
      g_free (config->data_path);
      config->data_path = g_steal_pointer (&found);
    }
}

static void
apply (MwHandoutController *self,
       GFile               *file,
       const MwHandout     *handout)
{
  MwExperimentConfig config;

  mw_experiment_config_copy (&config, &handout->config);
  find_omniglot (self, &config);
  /* Unlocked first, so that loading sets every field. */
  mw_experiment_form_set_locked (self->form, NULL, NULL);
  mw_experiment_form_load_config (self->form, &config);
  mw_experiment_config_clear (&config);
  mw_experiment_form_set_locked (self->form, (const char * const *) handout->locked,
                                 _("Locked by the handout"));

  mw_handout_clear (&self->lesson);
  mw_handout_copy (&self->lesson, handout);
  g_set_object (&self->file, file);

  if (handout->has_lesson)
    {
      g_autofree char *summary = locked_summary (handout);
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *display = g_filename_display_name (basename != NULL ? basename : "");

      /* A lesson without a title is still a lesson: name it by its file. */
      mw_handout_banner_set_lesson (self->banner,
                                    *handout->title != '\0' ? handout->title : display,
                                    handout->instructions, summary);
    }
  else
    mw_handout_banner_clear (self->banner);
  set_action_enabled (self, "show-lesson", handout->has_lesson);
}

/* Stops reading a file too large to be an experiment file; the parser then
 * says so. */
static gboolean
read_more_cb (const char *contents,
              goffset     size,
              gpointer    data)
{
  return size <= MW_HANDOUT_MAX_SIZE;
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(MwHandoutController) self = data;
  GFile *file = G_FILE (source);
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  MwHandout handout;

  self->pending--;
  if (!g_file_load_partial_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      /* Cancelled: a newer file superseded this one, or the window went. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, file, error->message);
      return;
    }
  if (self->window == NULL)
    return;

  /* At most MW_HANDOUT_MAX_SIZE of text: quick to parse here. */
  mw_handout_init (&handout);
  if (mw_handout_load_data (&handout, contents, (gssize) length, name, &error))
    apply (self, file, &handout);
  else
    show_error (self, file, error->message);
  mw_handout_clear (&handout);
}

/* A local file is read by the core's reader in a worker thread: it opens only a regular
 * file (a FIFO named lesson.mwexp would keep GIO's read waiting for a writer for ever)
 * and refuses one over MW_HANDOUT_MAX_SIZE before reading it. */
static void
handout_free (MwHandout *handout)
{
  mw_handout_clear (handout);
  g_free (handout);
}

static void
load_local_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  MwHandout *handout = g_new0 (MwHandout, 1);
  GError *error = NULL;

  mw_handout_init (handout);
  if (mw_handout_load (handout, task_data, &error))
    g_task_return_pointer (task, handout, (GDestroyNotify) handout_free);
  else
    {
      handout_free (handout);
      g_task_return_error (task, error);
    }
}

static void
local_loaded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  MwHandoutController *self = MW_HANDOUT_CONTROLLER (source);
  g_autoptr(GFile) file = data;
  g_autoptr(GError) error = NULL;
  MwHandout *handout = g_task_propagate_pointer (G_TASK (result), &error);

  self->pending--;
  if (handout == NULL)
    {
      /* Cancelled: a newer file superseded this one, or the window went. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->window != NULL)
        show_error (self, file, error->message);
      return;
    }
  if (self->window != NULL)
    apply (self, file, handout);
  handout_free (handout);
}

void
mw_handout_controller_open (MwHandoutController *self,
                            GFile               *file)
{
  g_return_if_fail (MW_IS_HANDOUT_CONTROLLER (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  self->pending++;
  g_autofree char *path = g_file_get_path (file);
  if (path != NULL)
    {
      /* The task holds the controller until it is done, as the GIO read below does. */
      g_autoptr(GTask) task = g_task_new (self, self->cancellable, local_loaded_cb,
                                          g_object_ref (file));
      g_task_set_task_data (task, g_steal_pointer (&path), g_free);
      g_task_run_in_thread (task, load_local_thread);
      return;
    }
  g_file_load_partial_contents_async (file, self->cancellable, read_more_cb, loaded_cb,
                                      g_object_ref (self));
}

guint
mw_handout_controller_get_pending (MwHandoutController *self)
{
  g_return_val_if_fail (MW_IS_HANDOUT_CONTROLLER (self), 0);

  return self->pending;
}

/* --- the actions ------------------------------------------------------------- */

static void
chooser_response_cb (GtkNativeDialog     *chooser,
                     int                  response,
                     MwHandoutController *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    mw_handout_controller_open (self, file);
}

static void
open_activated (GSimpleAction       *action,
                GVariant            *parameter,
                MwHandoutController *self)
{
  g_autoptr(GtkFileFilter) experiments = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->window == NULL || self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Open Experiment"), GTK_WINDOW (self->window),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  /* Handouts by their type (or name, where the type is not installed), and
   * the plain experiment files the command line writes. */
  gtk_file_filter_set_name (experiments, _("Experiments and Handouts"));
  gtk_file_filter_add_mime_type (experiments, MW_HANDOUT_MIME_TYPE);
  gtk_file_filter_add_suffix (experiments, MW_HANDOUT_SUFFIX + 1);
  gtk_file_filter_add_suffix (experiments, "ini");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), experiments);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_handout_activated (GSimpleAction       *action,
                        GVariant            *parameter,
                        MwHandoutController *self)
{
  g_autofree char *file_name = NULL;
  MwHandout handout;

  if (self->window == NULL)
    return;
  if (self->dialog != NULL)
    {
      gtk_window_present (self->dialog);
      return;
    }

  /* The settings as they are in the form; the lesson and locks of the
   * handout last opened, if any, to start from. */
  mw_handout_copy (&handout, &self->lesson);
  mw_experiment_config_clear (&handout.config);
  mw_experiment_form_get_config (self->form, &handout.config);
  if (self->lesson.has_lesson && self->file != NULL)
    file_name = g_file_get_basename (self->file);
  else
    /* Translators: the file name "Save as Handout" suggests, without its
     * extension (.mwexp). */
    file_name = g_strconcat (C_("file name", "lesson"), MW_HANDOUT_SUFFIX, NULL);

  self->dialog = GTK_WINDOW (mw_handout_dialog_new (GTK_WINDOW (self->window), &handout, file_name));
  g_object_add_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  mw_handout_clear (&handout);
  gtk_window_present (self->dialog);
}

static void
show_lesson_activated (GSimpleAction       *action,
                       GVariant            *parameter,
                       MwHandoutController *self)
{
  if (self->window != NULL && mw_handout_banner_has_lesson (self->banner))
    gtk_widget_set_visible (GTK_WIDGET (self->banner), TRUE);
}

static void
add_action (MwHandoutController *self,
            const char          *name,
            GCallback            activate)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new (name, NULL);

  /* Disconnected when the controller goes, so the window's actions never call
   * into a freed one. */
  g_signal_connect_object (action, "activate", activate, self, 0);
  g_action_map_add_action (G_ACTION_MAP (self->window), G_ACTION (action));
}

/* --- GObject ---------------------------------------------------------------- */

static void
mw_handout_controller_dispose (GObject *object)
{
  MwHandoutController *self = MW_HANDOUT_CONTROLLER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  if (self->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->dialog), (gpointer *) &self->dialog);
  self->dialog = NULL;
  if (self->window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->window), (gpointer *) &self->window);
  self->window = NULL;
  g_clear_object (&self->file);

  G_OBJECT_CLASS (mw_handout_controller_parent_class)->dispose (object);
}

static void
mw_handout_controller_finalize (GObject *object)
{
  MwHandoutController *self = MW_HANDOUT_CONTROLLER (object);

  mw_handout_clear (&self->lesson);

  G_OBJECT_CLASS (mw_handout_controller_parent_class)->finalize (object);
}

static void
mw_handout_controller_class_init (MwHandoutControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mw_handout_controller_dispose;
  object_class->finalize = mw_handout_controller_finalize;
}

static void
mw_handout_controller_init (MwHandoutController *self)
{
  mw_handout_init (&self->lesson);
}

MwHandoutController *
mw_handout_controller_new (MwWindow         *window,
                           MwExperimentForm *form,
                           MwHandoutBanner  *banner)
{
  MwHandoutController *self;

  g_return_val_if_fail (MW_IS_WINDOW (window), NULL);
  g_return_val_if_fail (MW_IS_EXPERIMENT_FORM (form), NULL);
  g_return_val_if_fail (MW_IS_HANDOUT_BANNER (banner), NULL);

  self = g_object_new (MW_TYPE_HANDOUT_CONTROLLER, NULL);
  self->window = window;
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &self->window);
  self->form = form;
  self->banner = banner;

  add_action (self, "open", G_CALLBACK (open_activated));
  add_action (self, "save-handout", G_CALLBACK (save_handout_activated));
  add_action (self, "show-lesson", G_CALLBACK (show_lesson_activated));
  set_action_enabled (self, "show-lesson", FALSE);

  return self;
}
