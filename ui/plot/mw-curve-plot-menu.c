/* mw-curve-plot-menu.c: MwCurvePlot's context menu and what it does: save
 * the chart as PNG, SVG, PDF or CSV where the user says, or copy it to the
 * clipboard as an image. A failure is always shown to the user. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mw-curve-plot-private.h"

/* Pixels per unit of a PNG or a copied image: crisp on a projector or a
 * slide, where the picture is usually shown larger than on screen. */
#define IMAGE_SCALE 2.0

/* The size of an export when the plot has none yet (it is not shown). */
#define DEFAULT_WIDTH  800
#define DEFAULT_HEIGHT 500

enum {
  EXPORT_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char *nick;
  const char *extension;
  const char *mime_type;
  const char *filter_name;
} formats[] = {
  [MW_CURVE_PLOT_FORMAT_PNG] = { "png", "png", "image/png", N_("PNG image") },
  [MW_CURVE_PLOT_FORMAT_SVG] = { "svg", "svg", "image/svg+xml", N_("SVG drawing") },
  [MW_CURVE_PLOT_FORMAT_PDF] = { "pdf", "pdf", "application/pdf", N_("PDF document") },
  [MW_CURVE_PLOT_FORMAT_CSV] = { "csv", "csv", "text/csv", N_("CSV table (every point)") },
};

static gboolean
format_from_nick (const char        *nick,
                  MwCurvePlotFormat *format)
{
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    if (g_ascii_strcasecmp (nick, formats[f].nick) == 0)
      {
        *format = f;
        return TRUE;
      }
  return FALSE;
}

/* The format a file name asks for by its extension, if it names one. */
static gboolean
format_from_name (const char        *name,
                  MwCurvePlotFormat *format)
{
  const char *dot = name != NULL ? strrchr (name, '.') : NULL;

  return dot != NULL && format_from_nick (dot + 1, format);
}

/* --- errors ------------------------------------------------------------------ */

static void
show_error (MwCurvePlot *self,
            const char  *display_name,
            const char  *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *alert;

  alert = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                  GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                  GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE,
                                  display_name != NULL ? _("Could not export the chart to “%s”")
                                                       : _("Could not copy the chart"),
                                  display_name);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (alert), "%s", message);
  g_signal_connect (alert, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (alert));
}

/* --- writing ------------------------------------------------------------------- */

static void
export_size (MwCurvePlot *self,
             int         *width,
             int         *height)
{
  *width = gtk_widget_get_width (GTK_WIDGET (self));
  *height = gtk_widget_get_height (GTK_WIDGET (self));
  if (*width <= 0 || *height <= 0)
    {
      *width = DEFAULT_WIDTH;
      *height = DEFAULT_HEIGHT;
    }
}

typedef struct {
  GFile      *file;
  GBytes     *bytes; /* an image, rendered on the main thread */
  MwCurveCsv *csv;   /* or the points, formatted on the worker */
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_object_unref (job->file);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  mw_curve_csv_free (job->csv);
  g_free (job);
}

/* On a worker thread: a slow disk or a long CSV never stops the window. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GBytes) csv = NULL;
  GBytes *bytes = job->bytes;
  GError *error = NULL;
  gsize size;
  const char *data;

  if (job->csv != NULL)
    bytes = csv = mw_curve_csv_format (job->csv);
  data = g_bytes_get_data (bytes, &size);
  /* Written beside the file and renamed over it: a failed export leaves
   * whatever was there before. */
  if (!g_file_replace_contents (job->file, data, size, NULL, FALSE,
                                G_FILE_CREATE_REPLACE_DESTINATION, NULL, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  MwCurvePlot *self = MW_CURVE_PLOT (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (job->file);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    show_error (self, name, error->message);
  g_signal_emit (self, signals[EXPORT_FINISHED], 0, name, error != NULL ? error->message : NULL);
}

static void
export_to_file (MwCurvePlot       *self,
                MwCurvePlotFormat  format,
                GFile             *file)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, export_done, NULL);
  ExportJob *job = g_new0 (ExportJob, 1);
  g_autoptr(GError) error = NULL;
  int width, height;

  job->file = g_object_ref (file);
  g_task_set_task_data (task, job, export_job_free);
  g_task_set_source_tag (task, export_to_file);

  if (format == MW_CURVE_PLOT_FORMAT_CSV)
    job->csv = mw_curve_csv_copy (self);
  else
    {
      /* Drawing decimates every line to a few points per pixel column, so
       * even long runs render in milliseconds on this thread. */
      export_size (self, &width, &height);
      job->bytes = mw_curve_plot_render (self, format, width, height,
                                         format == MW_CURVE_PLOT_FORMAT_PNG ? IMAGE_SCALE : 1.0,
                                         &error);
      if (job->bytes == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  g_task_run_in_thread (task, export_thread);
}

/* --- the save dialog ------------------------------------------------------------- */

/* The suggested file name: the export name (or the y label) made safe for
 * every file system a USB stick may have, and the format's extension. */
static char *
suggested_name (MwCurvePlot       *self,
                MwCurvePlotFormat  format)
{
  const char *base = self->export_name;
  g_autoptr(GString) name = NULL;

  if (base == NULL || base[0] == '\0')
    base = self->y_label != NULL && self->y_label[0] != '\0' ? self->y_label : _("chart");
  name = g_string_new (NULL);
  for (const char *p = base; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || strchr ("/\\:*?\"<>|", (int) c) != NULL)
        g_string_append_c (name, '-');
      else
        g_string_append_unichar (name, c);
    }
  g_string_append_printf (name, ".%s", formats[format].extension);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* The folder of the last export from this window, so that a teacher saving
 * the loss and then the accuracy chart does not browse twice. Before any,
 * Pictures: where slides' figures are looked for. */
#define LAST_FOLDER_KEY "mw-curve-plot-export-folder"

static GFile *
export_folder (MwCurvePlot *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GFile *folder = root != NULL ? g_object_get_data (G_OBJECT (root), LAST_FOLDER_KEY) : NULL;
  const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);

  if (folder != NULL)
    return g_object_ref (folder);
  if (pictures != NULL && g_file_test (pictures, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (pictures);
  return NULL;
}

static void
remember_folder (MwCurvePlot *self,
                 GFile       *file)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GFile *folder = g_file_get_parent (file);

  if (root != NULL && folder != NULL)
    g_object_set_data_full (G_OBJECT (root), LAST_FOLDER_KEY, folder, g_object_unref);
  else
    g_clear_object (&folder);
}

static void
dialog_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    MwCurvePlot     *self)
{
  MwCurvePlotFormat format = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "format"));
  GtkFileFilter *filter;
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    {
      /* The name's extension says what to write ("chart.svg" is an SVG
       * whatever was chosen first); without one, the chosen filter does. */
      basename = g_file_get_basename (file);
      filter = gtk_file_chooser_get_filter (GTK_FILE_CHOOSER (dialog));
      if (!format_from_name (basename, &format) && filter != NULL &&
          g_object_get_data (G_OBJECT (filter), "format") != NULL)
        format = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (filter), "format")) - 1;
      remember_folder (self, file);
      export_to_file (self, format, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MwCurvePlot *self = MW_CURVE_PLOT (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  MwCurvePlotFormat format;
  g_autofree char *name = NULL;
  g_autoptr(GFile) folder = NULL;

  if (!format_from_nick (g_variant_get_string (parameter, NULL), &format))
    {
      g_warning ("plot.export: no format “%s”", g_variant_get_string (parameter, NULL));
      return;
    }

  dialog = gtk_file_chooser_native_new (_("Export Chart"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Every format is offered, the one asked for chosen. */
  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      GtkFileFilter *filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _(formats[f].filter_name));
      gtk_file_filter_add_mime_type (filter, formats[f].mime_type);
      gtk_file_filter_add_suffix (filter, formats[f].extension);
      g_object_set_data (G_OBJECT (filter), "format", GUINT_TO_POINTER (f + 1));
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
      if (f == format)
        gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (dialog), filter);
      g_object_unref (filter);
    }
  folder = export_folder (self);
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
  name = suggested_name (self, format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "format", GUINT_TO_POINTER (format));

  g_signal_connect (dialog, "response", G_CALLBACK (dialog_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_to_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  const char *nick, *where;
  MwCurvePlotFormat format;
  g_autoptr(GFile) file = NULL;

  g_variant_get (parameter, "(&s&s)", &nick, &where);
  if (!format_from_nick (nick, &format))
    {
      g_warning ("plot.export-to: no format “%s”", nick);
      return;
    }
  file = g_file_new_for_commandline_arg (where);
  export_to_file (MW_CURVE_PLOT (widget), format, file);
}

/* --- the clipboard ---------------------------------------------------------------- */

static void
copy_image_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  MwCurvePlot *self = MW_CURVE_PLOT (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  export_size (self, &width, &height);
  png = mw_curve_plot_render (self, MW_CURVE_PLOT_FORMAT_PNG, width, height, IMAGE_SCALE, &error);
  if (png != NULL)
    texture = gdk_texture_new_from_bytes (png, &error);
  if (texture == NULL)
    {
      show_error (self, NULL, error->message);
      return;
    }
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
}

/* --- the menu ------------------------------------------------------------------------ */

static GMenuModel *
menu_model_new (void)
{
  GMenu *menu = g_menu_new ();
  GMenu *export = g_menu_new ();
  GMenu *copy = g_menu_new ();
  GMenuItem *item;

  g_menu_append (export, _("Export as _PNG…"), "plot.export::png");
  g_menu_append (export, _("Export as _SVG…"), "plot.export::svg");
  g_menu_append (export, _("Export as P_DF…"), "plot.export::pdf");
  g_menu_append (export, _("Export as _CSV…"), "plot.export::csv");
  item = g_menu_item_new (_("_Copy Image"), "plot.copy-image");
  g_menu_item_set_attribute (item, "accel", "s", "<Control>c");
  g_menu_append_item (copy, item);
  g_object_unref (item);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (export));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (copy));
  g_object_unref (export);
  g_object_unref (copy);
  return G_MENU_MODEL (menu);
}

GtkWidget *
mw_curve_plot_get_context_menu (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  if (self->context_menu == NULL)
    {
      g_autoptr(GMenuModel) model = menu_model_new ();

      self->context_menu = gtk_popover_menu_new_from_model (model);
      gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));
      gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
      gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
    }
  return self->context_menu;
}

/* Opens the menu pointing at (@x, @y), or at the middle of the plot. */
static void
popup_at (MwCurvePlot *self,
          double       x,
          double       y)
{
  GtkWidget *menu = mw_curve_plot_get_context_menu (self);

  gtk_popover_set_pointing_to (GTK_POPOVER (menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (menu));
}

static void
popup_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  popup_at (MW_CURVE_PLOT (widget), gtk_widget_get_width (widget) / 2.0,
            gtk_widget_get_height (widget) / 2.0);
}

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      MwCurvePlot     *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  popup_at (self, x, y);
}

static void
long_pressed_cb (GtkGestureLongPress *gesture,
                 double               x,
                 double               y,
                 MwCurvePlot         *self)
{
  popup_at (self, x, y);
}

void
mw_curve_plot_menu_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "plot.export", "s", export_activated);
  gtk_widget_class_install_action (widget_class, "plot.export-to", "(ss)", export_to_activated);
  gtk_widget_class_install_action (widget_class, "plot.copy-image", NULL, copy_image_activated);
  /* GTK's name for "open the context menu", as GtkText and GtkLabel have. */
  gtk_widget_class_install_action (widget_class, "menu.popup", NULL, popup_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "menu.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "menu.popup", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK, "plot.copy-image", NULL);

  /**
   * MwCurvePlot::export-finished:
   * @path: the file, as the user would write it
   * @error: (nullable): why it failed (already shown to the user), or NULL
   *
   * Follows every plot.export-to, once the file is written or has failed.
   */
  signals[EXPORT_FINISHED] =
    g_signal_new ("export-finished", G_TYPE_FROM_CLASS (widget_class), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

void
mw_curve_plot_menu_init (MwCurvePlot *self)
{
  GtkGesture *gesture;

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (long_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

void
mw_curve_plot_menu_allocate (MwCurvePlot *self)
{
  if (self->context_menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->context_menu));
}

void
mw_curve_plot_menu_dispose (MwCurvePlot *self)
{
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
}
