/* mw-handout-dialog.c: "Save as Handout". */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-experiment-form.h"
#include "mw-handout-dialog.h"

struct _MwHandoutDialog
{
  GtkWindow parent_instance;

  GtkEntry    *title_entry;
  GtkTextView *instructions_view;
  GtkFlowBox  *locks_box;
  GtkLabel    *dataset_note;

  MwHandout handout;            /* the settings saved, and the lesson it started with */
  GHashTable *lock_checks;      /* key → GtkCheckButton (unowned) */
  char *file_name;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (MwHandoutDialog, mw_handout_dialog, GTK_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_save_error (MwHandoutDialog *self,
                 GFile           *file,
                 const GError    *error)
{
  g_autofree char *name = g_file_get_basename (file);
  GtkWidget *alert = gtk_message_dialog_new (GTK_WINDOW (self),
                                             GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                             GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                             _("Could not save “%s”"), name);

  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (alert), "%s", error->message);
  g_signal_connect (alert, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (alert));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     MwHandoutDialog *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  if (mw_handout_dialog_save_to (self, file, &error))
    gtk_window_destroy (GTK_WINDOW (self));
  else
    show_save_error (self, file, error);
}

static void
save_clicked_cb (MwHandoutDialog *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Save Handout"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Handouts"));
  gtk_file_filter_add_mime_type (filter, MW_HANDOUT_MIME_TYPE);
  gtk_file_filter_add_suffix (filter, MW_HANDOUT_SUFFIX + 1);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), self->file_name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
cancel_clicked_cb (MwHandoutDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
mw_handout_dialog_dispose (GObject *object)
{
  MwHandoutDialog *self = MW_HANDOUT_DIALOG (object);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  G_OBJECT_CLASS (mw_handout_dialog_parent_class)->dispose (object);
}

static void
mw_handout_dialog_finalize (GObject *object)
{
  MwHandoutDialog *self = MW_HANDOUT_DIALOG (object);

  mw_handout_clear (&self->handout);
  g_hash_table_unref (self->lock_checks);
  g_free (self->file_name);

  G_OBJECT_CLASS (mw_handout_dialog_parent_class)->finalize (object);
}

static void
mw_handout_dialog_class_init (MwHandoutDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mw_handout_dialog_dispose;
  object_class->finalize = mw_handout_dialog_finalize;

  /**
   * MwHandoutDialog::saved:
   * @self: the dialog
   * @file: where the handout was written
   */
  signals[SAVED] = g_signal_new ("saved",
                                 G_TYPE_FROM_CLASS (klass),
                                 G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_FILE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-handout-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MwHandoutDialog, title_entry);
  gtk_widget_class_bind_template_child (widget_class, MwHandoutDialog, instructions_view);
  gtk_widget_class_bind_template_child (widget_class, MwHandoutDialog, locks_box);
  gtk_widget_class_bind_template_child (widget_class, MwHandoutDialog, dataset_note);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mw_handout_dialog_init (MwHandoutDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  mw_handout_init (&self->handout);
  self->lock_checks = g_hash_table_new (g_str_hash, g_str_equal);
}

/* One box per field of the form that @data has. Not the folder: it differs from
 * one computer to the next, so each student picks their own. */
static void
add_lock_boxes (MwHandoutDialog *self,
                MwDataKind       data)
{
  const char * const *keys = mw_experiment_form_field_keys ();

  for (gsize i = 0; keys[i] != NULL; i++)
    {
      GtkWidget *check;

      if (g_str_equal (keys[i], "path") || !mw_experiment_form_field_applies (keys[i], data))
        continue;
      check = gtk_check_button_new_with_label (mw_experiment_form_field_title (keys[i]));
      gtk_flow_box_append (self->locks_box, check);
      g_hash_table_insert (self->lock_checks, (gpointer) keys[i], check);
    }
}

/* How the file will name the dataset (mw_handout_portable_path), so the teacher
 * knows what to give the students with it. */
static void
show_dataset_note (MwHandoutDialog  *self,
                   const MwHandout  *handout)
{
  g_autofree char *note = NULL;

  if (handout->config.data == MW_DATA_OMNIGLOT)
    note = g_strdup (_("Omniglot is named, not its folder: each computer uses its own copy, "
                       "and one without it asks for the folder."));
  else if (mw_data_info (handout->config.data)->needs_path)
    {
      g_autofree char *name = g_filename_display_basename (handout->config.data_path);

      /* Translators: the name of the image folder. */
      note = g_strdup_printf (_("Save the handout beside the image folder “%s” (or inside "
                                "it) and hand out both: the handout then finds the folder "
                                "wherever the two are copied. Saved anywhere else, it names "
                                "the folder's full path, which each student's computer must "
                                "have too."), name);
    }
  gtk_label_set_label (self->dataset_note, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->dataset_note), note != NULL);
}

GtkWidget *
mw_handout_dialog_new (GtkWindow       *parent,
                       const MwHandout *handout,
                       const char      *file_name)
{
  MwHandoutDialog *self;
  GHashTableIter iter;
  gpointer key, check;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (handout != NULL, NULL);

  self = g_object_new (MW_TYPE_HANDOUT_DIALOG,
                       "transient-for", parent,
                       NULL);
  mw_handout_clear (&self->handout);
  mw_handout_copy (&self->handout, handout);
  self->file_name = g_strdup (file_name != NULL ? file_name : "");

  mw_handout_dialog_set_lesson_title (self, handout->title);
  mw_handout_dialog_set_instructions (self, handout->instructions);
  show_dataset_note (self, handout);
  add_lock_boxes (self, handout->config.data);
  g_hash_table_iter_init (&iter, self->lock_checks);
  while (g_hash_table_iter_next (&iter, &key, &check))
    gtk_check_button_set_active (check, mw_handout_is_locked (handout, key));

  return GTK_WIDGET (self);
}

void
mw_handout_dialog_set_lesson_title (MwHandoutDialog *self,
                                    const char      *title)
{
  g_return_if_fail (MW_IS_HANDOUT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), title != NULL ? title : "");
}

void
mw_handout_dialog_set_instructions (MwHandoutDialog *self,
                                    const char      *instructions)
{
  g_return_if_fail (MW_IS_HANDOUT_DIALOG (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->instructions_view),
                            instructions != NULL ? instructions : "", -1);
}

gboolean
mw_handout_dialog_set_key_locked (MwHandoutDialog *self,
                                  const char      *key,
                                  gboolean         locked)
{
  GtkCheckButton *check;

  g_return_val_if_fail (MW_IS_HANDOUT_DIALOG (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  check = g_hash_table_lookup (self->lock_checks, key);
  if (check == NULL)
    return FALSE;
  gtk_check_button_set_active (check, locked);
  return TRUE;
}

void
mw_handout_dialog_get_handout (MwHandoutDialog *self,
                               MwHandout       *handout)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autoptr(GPtrArray) locked = g_ptr_array_new ();
  const char * const *keys = mw_experiment_form_field_keys ();

  g_return_if_fail (MW_IS_HANDOUT_DIALOG (self));
  g_return_if_fail (handout != NULL);

  mw_handout_copy (handout, &self->handout);
  handout->has_lesson = TRUE;
  g_free (handout->title);
  handout->title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_entry))));
  buffer = gtk_text_view_get_buffer (self->instructions_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_free (handout->instructions);
  handout->instructions = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  /* The ticked boxes in the form's order, then the locks without a box. */
  for (gsize i = 0; keys[i] != NULL; i++)
    {
      GtkCheckButton *check = g_hash_table_lookup (self->lock_checks, keys[i]);

      if (check != NULL ? gtk_check_button_get_active (check)
                        : mw_handout_is_locked (&self->handout, keys[i]))
        g_ptr_array_add (locked, (gpointer) keys[i]);
    }
  for (char **k = self->handout.locked; k != NULL && *k != NULL; k++)
    if (!g_hash_table_contains (self->lock_checks, *k) && !g_strv_contains (keys, *k))
      g_ptr_array_add (locked, *k);
  g_ptr_array_add (locked, NULL);
  /* Every key came from the form or from a handout that was read: all valid. */
  if (!mw_handout_set_locked (handout, (const char * const *) locked->pdata, NULL))
    g_warn_if_reached ();
}

gboolean
mw_handout_dialog_save_to (MwHandoutDialog *self,
                           GFile           *file,
                           GError         **error)
{
  g_autofree char *path = NULL;
  MwHandout handout;
  gboolean ok;

  g_return_val_if_fail (MW_IS_HANDOUT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s is not on this computer: handouts are saved to local folders"), uri);
      return FALSE;
    }

  mw_handout_dialog_get_handout (self, &handout);
  /* A few kilobytes, written to a temporary file and renamed: quick enough
   * for the main thread. */
  ok = mw_handout_save (&handout, path, error);
  mw_handout_clear (&handout);
  if (ok)
    g_signal_emit (self, signals[SAVED], 0, file);
  return ok;
}
