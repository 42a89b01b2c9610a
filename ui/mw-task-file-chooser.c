/* mw-task-file-chooser.c: the task builder's "Open Tasks…" button and task drop-down. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-task-file-chooser.h"

struct _MwTaskFileChooser
{
  GtkBox parent_instance;

  GPtrArray *tasks;          /* MwHandTask * of the opened file, or NULL */
  GtkNativeDialog *dialog;
  GtkDropDown *drop_down;
  gboolean updating;
};

G_DEFINE_FINAL_TYPE (MwTaskFileChooser, mw_task_file_chooser, GTK_TYPE_BOX)

enum {
  TASK_CHOSEN,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
mw_task_file_chooser_select (MwTaskFileChooser *self,
                             guint              index)
{
  g_return_if_fail (MW_IS_TASK_FILE_CHOOSER (self));
  g_return_if_fail (self->tasks != NULL && index < self->tasks->len);

  self->updating = TRUE;
  gtk_drop_down_set_selected (self->drop_down, index);
  self->updating = FALSE;
  g_signal_emit (self, signals[TASK_CHOSEN], 0, self->tasks->pdata[index]);
}

gboolean
mw_task_file_chooser_open (MwTaskFileChooser  *self,
                           const char         *path,
                           GError            **error)
{
  g_autoptr(GtkStringList) names = NULL;
  GPtrArray *tasks;

  g_return_val_if_fail (MW_IS_TASK_FILE_CHOOSER (self), FALSE);

  tasks = mw_hand_task_load_all (path, error);
  if (tasks != NULL && tasks->len == 0)
    {
      g_autofree char *shown = g_filename_display_name (path);

      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY, _("%s holds no tasks"), shown);
      g_clear_pointer (&tasks, g_ptr_array_unref);
    }
  if (tasks == NULL)
    return FALSE;
  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  self->tasks = tasks;
  names = gtk_string_list_new (NULL);
  for (guint i = 0; i < tasks->len; i++)
    {
      const MwHandTask *t = tasks->pdata[i];
      g_autofree char *fallback = g_strdup_printf (_("Task %u"), i + 1);

      gtk_string_list_append (names, t->name != NULL ? t->name : fallback);
    }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->drop_down, G_LIST_MODEL (names));
  self->updating = FALSE;
  /* One task needs no choosing. */
  gtk_widget_set_visible (GTK_WIDGET (self->drop_down), tasks->len > 1);
  mw_task_file_chooser_select (self, 0);
  return TRUE;
}

guint
mw_task_file_chooser_get_n_tasks (MwTaskFileChooser *self)
{
  g_return_val_if_fail (MW_IS_TASK_FILE_CHOOSER (self), 0);

  return self->tasks != NULL ? self->tasks->len : 0;
}

const MwHandTask *
mw_task_file_chooser_get_task (MwTaskFileChooser *self,
                               guint              index)
{
  g_return_val_if_fail (MW_IS_TASK_FILE_CHOOSER (self), NULL);
  g_return_val_if_fail (self->tasks != NULL && index < self->tasks->len, NULL);

  return self->tasks->pdata[index];
}

gboolean
mw_task_file_chooser_get_chooser_visible (MwTaskFileChooser *self)
{
  g_return_val_if_fail (MW_IS_TASK_FILE_CHOOSER (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->drop_down));
}

static void
selected_cb (GtkDropDown       *drop_down,
             GParamSpec        *pspec,
             MwTaskFileChooser *self)
{
  guint index = gtk_drop_down_get_selected (drop_down);

  if (self->updating || self->tasks == NULL || index >= self->tasks->len)
    return;
  g_signal_emit (self, signals[TASK_CHOSEN], 0, self->tasks->pdata[index]);
}

static void
dialog_response_cb (GtkNativeDialog   *dialog,
                    int                response,
                    MwTaskFileChooser *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (file != NULL && g_file_peek_path (file) != NULL
          && !mw_task_file_chooser_open (self, g_file_peek_path (file), &error))
        g_signal_emit (self, signals[FAILED], 0, error->message);
    }
  g_clear_object (&self->dialog);
}

static void
open_clicked_cb (GtkButton         *button,
                 MwTaskFileChooser *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *native;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->dialog != NULL)
    return;
  native = gtk_file_chooser_native_new (_("Open a Task File"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Task manifests (*.ini)"));
  gtk_file_filter_add_pattern (filter, "*.ini");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  self->dialog = GTK_NATIVE_DIALOG (native);
  g_signal_connect (native, "response", G_CALLBACK (dialog_response_cb), self);
  gtk_native_dialog_show (self->dialog);
}

static void
mw_task_file_chooser_dispose (GObject *object)
{
  MwTaskFileChooser *self = MW_TASK_FILE_CHOOSER (object);

  if (self->dialog != NULL)
    gtk_native_dialog_destroy (self->dialog);
  g_clear_object (&self->dialog);
  G_OBJECT_CLASS (mw_task_file_chooser_parent_class)->dispose (object);
}

static void
mw_task_file_chooser_finalize (GObject *object)
{
  MwTaskFileChooser *self = MW_TASK_FILE_CHOOSER (object);

  g_clear_pointer (&self->tasks, g_ptr_array_unref);
  G_OBJECT_CLASS (mw_task_file_chooser_parent_class)->finalize (object);
}

static void
mw_task_file_chooser_class_init (MwTaskFileChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mw_task_file_chooser_dispose;
  object_class->finalize = mw_task_file_chooser_finalize;

  signals[TASK_CHOSEN] = g_signal_new ("task-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                       NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mw_task_file_chooser_init (MwTaskFileChooser *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Open _Tasks…"));

  gtk_box_set_spacing (GTK_BOX (self), 8);
  gtk_widget_set_tooltip_text (button, _("A task manifest: one saved here, or one of several tasks made by "
                                         "make-tasks"));
  g_signal_connect (button, "clicked", G_CALLBACK (open_clicked_cb), self);
  gtk_box_append (GTK_BOX (self), button);
  self->drop_down = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->drop_down), _("The task of the opened file to show"));
  gtk_widget_set_visible (GTK_WIDGET (self->drop_down), FALSE);
  g_signal_connect (self->drop_down, "notify::selected", G_CALLBACK (selected_cb), self);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->drop_down));
}

GtkWidget *
mw_task_file_chooser_new (void)
{
  return g_object_new (MW_TYPE_TASK_FILE_CHOOSER, NULL);
}
