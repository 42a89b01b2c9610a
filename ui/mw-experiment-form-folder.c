/* mw-experiment-form-folder.c: the experiment form's dataset folder: chosen with
 * the native chooser (or the form.choose-folder action), and said missing, in
 * plain words, when this computer does not have it (a handout from another). */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-experiment-form-private.h"

/* The dataset's folder is there: a handout from another computer may name one
 * this computer does not have.  Said in plain words, with the button that
 * chooses it (missing_button). */
gboolean
mw_experiment_form_folder_present (MwExperimentForm  *self,
                                   GError           **error)
{
  MwDataKind data = mw_experiment_form_selected_data (self);
  g_autofree char *name = NULL;

  if (!mw_data_info (data)->needs_path)
    return TRUE;
  if (self->folder == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           data == MW_DATA_OMNIGLOT
                           ? _("Omniglot was not found on this computer. Choose its "
                               "folder: the one with images_background.zip and "
                               "images_evaluation.zip.")
                           : _("Choose the image folder: a folder with a folder of "
                               "images for each class."));
      return FALSE;
    }
  if (!self->folder_missing)
    return TRUE;
  /* The whole path: where it was tells the student what to look for. */
  name = g_filename_display_name (self->folder);
  if (data == MW_DATA_OMNIGLOT)
    /* Translators: the name of a folder. */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("Omniglot is not on this computer where the settings say (“%s”). Choose "
                   "the folder that holds it."), name);
  else
    /* Translators: the name of a folder. */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("The image folder “%s” is not on this computer. Choose where it is."),
                 name);
  return FALSE;
}

void
mw_experiment_form_set_folder (MwExperimentForm *self,
                               const char       *folder)
{
  g_autofree char *display = NULL;
  g_autofree char *full = NULL;

  g_free (self->folder);
  self->folder = g_strdup (folder);
  /* Looked at once, when the folder is set; a folder is a single stat away. */
  self->folder_missing = folder != NULL && !g_file_test (folder, G_FILE_TEST_IS_DIR);

  /* The folder is kept as bytes; labels and tooltips take UTF-8 text. */
  if (folder != NULL)
    {
      display = g_filename_display_basename (folder);
      full = g_filename_display_name (folder);
    }
  gtk_label_set_label (self->folder_label, display != NULL ? display : _("Choose…"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_button), full);

  mw_experiment_form_revalidate (self);
}

static void
chooser_response_cb (GtkNativeDialog  *dialog,
                     int               response,
                     MwExperimentForm *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        {
          g_autofree char *path = g_file_get_path (file);

          if (path != NULL)
            mw_experiment_form_set_folder (self, path);
        }
    }

  g_clear_object (&self->chooser);
}

void
mw_experiment_form_choose_folder (MwExperimentForm *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *chooser_title = mw_data_info (mw_experiment_form_selected_data (self))->chooser_title;
  const char *title = chooser_title != NULL ? _(chooser_title) : NULL;

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (title,
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* form.choose-folder: with a folder's path, that folder (for tests, which cannot
 * click the native chooser); with "", the chooser. */
void
mw_experiment_form_choose_folder_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  MwExperimentForm *self = MW_EXPERIMENT_FORM (widget);
  const char *path = g_variant_get_string (parameter, NULL);

  if (*path != '\0')
    mw_experiment_form_set_folder (self, path);
  else
    mw_experiment_form_choose_folder (self);
}
