/* test-chart-export.c: exporting the Training page's charts from the real
 * window, as a teacher would for a slide: the chart's context menu (opened
 * the way the Menu key opens it, shown in a screenshot), every export
 * through the action its menu item leads to (the save dialog answered, or
 * skipped by giving plot.export-to the path), each file checked, a failed
 * write shown to the user, Copy Image on the clipboard, and the header
 * bar's Export Chart… through its real save dialog.
 *
 * Screenshots: chart-menu[-zh_CN].png, chart-export-dialog[-zh_CN].png;
 * exports: chart-export[-zh_CN].{png,svg,pdf,csv} in MW_ARTIFACT_DIR.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "mw-application.h"
#include "mw-run-view.h"
#include "mw-window.h"
#include "ui-test-util.h"

#define WAIT_TIMEOUT_SECONDS 20
#define N_POINTS 150

static MwApplication *app;
static MwWindow *window;
static char *data_home;

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static gboolean
is_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static void
wait_until (MwTestCondition  condition,
            gpointer         data,
            const char      *what)
{
  mw_test_wait_until (condition, data, WAIT_TIMEOUT_SECONDS, what);
}

static char *
artifact_path (const char *basename,
               const char *extension)
{
  const char *dir = g_getenv ("MW_ARTIFACT_DIR");
  const char *suffix = mw_test_variant_suffix ();
  g_autofree char *name = suffix != NULL ? g_strdup_printf ("%s-%s.%s", basename, suffix, extension)
                                         : g_strdup_printf ("%s.%s", basename, extension);

  return g_build_filename (dir != NULL ? dir : ".", name, NULL);
}

static MwCurvePlot *
chart (MwMetricUnit unit)
{
  MwCurvePlot *plot = mw_run_view_get_chart (MW_RUN_VIEW (mw_window_get_run_view (window)), unit);

  g_assert_nonnull (plot);
  return plot;
}

/* Two runs on the loss and accuracy charts, as after a MAML and a Reptile
 * run, put straight on the charts: what is tested is the export, not
 * training. */
static void
fill_charts (void)
{
  const char *names[] = { "MAML 5-way 1-shot", "Reptile 5-way 1-shot" };

  for (guint r = 0; r < G_N_ELEMENTS (names); r++)
    {
      g_autoptr(GArray) loss = g_array_new (FALSE, TRUE, sizeof (MwCurvePoint));
      g_autoptr(GArray) accuracy = g_array_new (FALSE, TRUE, sizeof (MwCurvePoint));
      g_autofree char *id = g_strdup_printf ("run-%u", r);

      for (guint i = 0; i < N_POINTS; i++)
        {
          double t = i / (double) N_POINTS;
          MwCurvePoint l = { i * 10, i * 40, i * 0.5, 1.6 * exp (-3 * t * (r + 1)) + 0.2, NAN, NAN };
          MwCurvePoint a = { i * 10, i * 40, i * 0.5, 70 - 50 * exp (-4 * t * (r + 1)), NAN, NAN };

          if (i % 10 == 0)
            {
              a.y_lo = a.y - 3;
              a.y_hi = a.y + 3;
            }
          g_array_append_val (loss, l);
          g_array_append_val (accuracy, a);
        }
      g_assert_true (mw_curve_plot_add_series (chart (MW_METRIC_UNIT_LOSS), id, names[r], NULL));
      g_assert_true (mw_curve_plot_add_series (chart (MW_METRIC_UNIT_ACCURACY), id, names[r], NULL));
      mw_curve_plot_append_points (chart (MW_METRIC_UNIT_LOSS), id,
                                   (MwCurvePoint *) loss->data, loss->len);
      mw_curve_plot_append_points (chart (MW_METRIC_UNIT_ACCURACY), id,
                                   (MwCurvePoint *) accuracy->data, accuracy->len);
    }
}

/* --- exports -------------------------------------------------------------- */

typedef struct {
  gboolean done;
  char    *path;
  char    *error;
} Finished;

static void
export_finished_cb (MwCurvePlot *plot,
                    const char  *path,
                    const char  *error,
                    Finished    *finished)
{
  finished->done = TRUE;
  finished->path = g_strdup (path);
  finished->error = g_strdup (error);
}

static gboolean
is_done (gpointer data)
{
  return ((Finished *) data)->done;
}

static void
finished_clear (Finished *finished)
{
  g_clear_pointer (&finished->path, g_free);
  g_clear_pointer (&finished->error, g_free);
  finished->done = FALSE;
}

/* What the menu item's save dialog does once answered. */
static void
export_to (MwCurvePlot *plot,
           const char  *format,
           const char  *path,
           Finished    *finished)
{
  gulong handler = g_signal_connect (plot, "export-finished", G_CALLBACK (export_finished_cb), finished);

  finished_clear (finished);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (plot), "plot.export-to", "(ss)", format, path));
  wait_until (is_done, finished, "the export to finish");
  g_signal_handler_disconnect (plot, handler);
}

static guint32
read_be32 (const guchar *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static void
test_export_files (void)
{
  MwCurvePlot *plot = chart (MW_METRIC_UNIT_LOSS);
  int width = gtk_widget_get_width (GTK_WIDGET (plot));
  int height = gtk_widget_get_height (GTK_WIDGET (plot));
  const guchar png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  Finished finished = { 0 };

  /* PNG: twice the size on screen, for slides. */
  {
    g_autofree char *path = artifact_path ("chart-export", "png");
    g_autofree char *data = NULL;
    gsize length;

    g_unlink (path);
    export_to (plot, "png", path, &finished);
    g_assert_null (finished.error);
    g_assert_true (g_file_get_contents (path, &data, &length, NULL));
    g_assert_cmpuint (length, >, 5000);
    g_assert_cmpmem (data, sizeof png_signature, png_signature, sizeof png_signature);
    g_assert_cmpmem (data + 12, 4, "IHDR", 4);
    g_assert_cmpuint (read_be32 ((guchar *) data + 16), ==, 2 * width);
    g_assert_cmpuint (read_be32 ((guchar *) data + 20), ==, 2 * height);
    g_test_message ("PNG: %s, %" G_GSIZE_FORMAT " bytes, %d × %d", path, length, 2 * width, 2 * height);
  }

  /* SVG and PDF: their headers, and the chart's text in them. */
  {
    g_autofree char *path = artifact_path ("chart-export", "svg");
    g_autofree char *data = NULL;
    gsize length;

    export_to (plot, "svg", path, &finished);
    g_assert_null (finished.error);
    g_assert_true (g_file_get_contents (path, &data, &length, NULL));
    g_assert_true (g_str_has_prefix (data, "<?xml"));
    g_assert_nonnull (strstr (data, "<svg"));
    g_assert_nonnull (strstr (data, "</svg>"));
    g_test_message ("SVG: %s, %" G_GSIZE_FORMAT " bytes", path, length);
  }
  {
    g_autofree char *path = artifact_path ("chart-export", "pdf");
    g_autofree char *data = NULL;
    gsize length;

    export_to (plot, "pdf", path, &finished);
    g_assert_null (finished.error);
    g_assert_true (g_file_get_contents (path, &data, &length, NULL));
    g_assert_true (g_str_has_prefix (data, "%PDF-"));
    g_assert_cmpuint (length, >, 1000);
    g_assert_nonnull (g_strstr_len (data + length - 32, 32, "%%EOF"));   /* the trailer, last */
    g_test_message ("PDF: %s, %" G_GSIZE_FORMAT " bytes", path, length);
  }

  /* CSV: the header and one row per point of every run. */
  {
    g_autofree char *path = artifact_path ("chart-export", "csv");
    g_autofree char *data = NULL;
    g_auto(GStrv) lines = NULL;

    export_to (plot, "csv", path, &finished);
    g_assert_null (finished.error);
    g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
    lines = g_strsplit (data, "\n", -1);
    g_assert_cmpstr (lines[0], ==, "run_id,run_name,iteration,tasks_seen,seconds,value,ci_low,ci_high,smoothed");
    g_assert_cmpuint (g_strv_length (lines), ==, 1 + 2 * N_POINTS + 1);   /* the last line is empty */
    g_assert_cmpstr (lines[2 * N_POINTS + 1], ==, "");
    g_assert_true (g_str_has_prefix (lines[1], "run-0,MAML 5-way 1-shot,0,0,0,1.8"));
    g_test_message ("CSV: %s, %u rows", path, g_strv_length (lines) - 2);
  }

  finished_clear (&finished);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_toplevel (GTK_TYPE_MESSAGE_DIALOG) != NULL;
}

/* A folder that is not there: the user is told, and nothing is written. */
static void
test_export_failure (void)
{
  MwCurvePlot *plot = chart (MW_METRIC_UNIT_LOSS);
  g_autofree char *path = g_build_filename (data_home, "no-such-folder", "chart.png", NULL);
  g_autofree char *text = NULL;
  Finished finished = { 0 };
  GtkWindow *alert;

  export_to (plot, "png", path, &finished);
  g_assert_nonnull (finished.error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  wait_until (has_message_dialog, NULL, "the error dialog");
  alert = find_toplevel (GTK_TYPE_MESSAGE_DIALOG);
  g_assert_true (gtk_window_get_transient_for (alert) == GTK_WINDOW (window));
  g_object_get (alert, "text", &text, NULL);
  g_assert_nonnull (strstr (text, "chart.png"));
  g_test_message ("error shown: %s / %s", text, finished.error);
  g_object_ref (alert);
  gtk_dialog_response (GTK_DIALOG (alert), GTK_RESPONSE_CLOSE);
  wait_until (is_unmapped, alert, "the error dialog to close");
  g_object_unref (alert);
  finished_clear (&finished);
}

static void
test_copy_image (void)
{
  MwCurvePlot *plot = chart (MW_METRIC_UNIT_ACCURACY);
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (plot));
  GdkContentProvider *content;
  g_auto(GValue) value = G_VALUE_INIT;
  GdkTexture *texture;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (plot), "plot.copy-image", NULL));
  g_assert_true (gdk_clipboard_is_local (clipboard));
  g_assert_true (gdk_content_formats_contain_gtype (gdk_clipboard_get_formats (clipboard), GDK_TYPE_TEXTURE));
  content = gdk_clipboard_get_content (clipboard);
  g_assert_nonnull (content);
  g_value_init (&value, GDK_TYPE_TEXTURE);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  texture = g_value_get_object (&value);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 2 * gtk_widget_get_width (GTK_WIDGET (plot)));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 2 * gtk_widget_get_height (GTK_WIDGET (plot)));
}

/* --- the context menu ------------------------------------------------------ */

/* The window with the open menu drawn where it is on screen: a popover has
 * its own surface, which a snapshot of the window leaves out. */
static void
save_window_with_popover (GtkWidget  *popover,
                          const char *basename)
{
  GtkWidget *win = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) window_paint = gtk_widget_paintable_new (win);
  g_autoptr(GdkPaintable) popover_paint = gtk_widget_paintable_new (popover);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = artifact_path (basename, "png");
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  double wx, wy, px, py;
  int x, y;

  mw_test_wait_for_frames (popover);
  mw_test_wait_for_frames (win);
  gtk_native_get_surface_transform (GTK_NATIVE (win), &wx, &wy);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &px, &py);
  x = gdk_popup_get_position_x (GDK_POPUP (gtk_native_get_surface (GTK_NATIVE (popover))));
  y = gdk_popup_get_position_y (GDK_POPUP (gtk_native_get_surface (GTK_NATIVE (popover))));

  gdk_paintable_snapshot (window_paint, snapshot, gtk_widget_get_width (win), gtk_widget_get_height (win));
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + px - wx, y + py - wy));
  gdk_paintable_snapshot (popover_paint, snapshot,
                          gtk_widget_get_width (popover), gtk_widget_get_height (popover));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (win)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (win),
                                                              gtk_widget_get_height (win)));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static GtkEventController *
find_secondary_click (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        return controller;
    }
  return NULL;
}

static void
test_context_menu (void)
{
  GtkEventController *secondary;
  MwCurvePlot *plot = chart (MW_METRIC_UNIT_LOSS);
  const char *actions[] = { "plot.export", "plot.export", "plot.export", "plot.export", "plot.copy-image" };
  const char *targets[] = { "png", "svg", "pdf", "csv", NULL };
  const char *labels[] = { N_("Export as _PNG…"), N_("Export as _SVG…"), N_("Export as P_DF…"),
                           N_("Export as _CSV…"), N_("_Copy Image") };
  GtkWidget *menu = mw_curve_plot_get_context_menu (plot);
  GMenuModel *model = gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu));
  guint found = 0;

  /* Every item, in its section, with its action and target. */
  for (int s = 0; s < g_menu_model_get_n_items (model); s++)
    {
      GMenuModel *section = g_menu_model_get_item_link (model, s, G_MENU_LINK_SECTION);

      for (int i = 0; i < g_menu_model_get_n_items (section); i++, found++)
        {
          g_autofree char *label = NULL, *action = NULL, *target = NULL;

          g_assert_cmpuint (found, <, G_N_ELEMENTS (labels));
          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label);
          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_TARGET, "s", &target);
          g_assert_cmpstr (label, ==, _(labels[found]));
          g_assert_cmpstr (action, ==, actions[found]);
          g_assert_cmpstr (target, ==, targets[found]);
        }
      g_object_unref (section);
    }
  g_assert_cmpuint (found, ==, G_N_ELEMENTS (labels));
  if (g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "zh"))
    g_assert_cmpstr (_("Export as _PNG…"), !=, "Export as _PNG…");

  /* A right click opens it where the pointer is (driven through the
   * gesture's signal: GTK 4.8 cannot inject real events). */
  secondary = find_secondary_click (GTK_WIDGET (plot));
  g_assert_nonnull (secondary);
  g_signal_emit_by_name (secondary, "pressed", 1, gtk_widget_get_width (GTK_WIDGET (plot)) * 0.6,
                         gtk_widget_get_height (GTK_WIDGET (plot)) * 0.4);
  wait_until (is_mapped, menu, "the chart's menu to open on a right click");
  save_window_with_popover (menu, "chart-menu");
  gtk_popover_popdown (GTK_POPOVER (menu));
  wait_until (is_unmapped, menu, "the chart's menu to close");

  /* The Menu key and Shift+F10 activate menu.popup. */
  gtk_widget_grab_focus (GTK_WIDGET (plot));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (plot), "menu.popup", NULL));
  wait_until (is_mapped, menu, "the chart's menu to open from the keyboard");
  gtk_popover_popdown (GTK_POPOVER (menu));
  wait_until (is_unmapped, menu, "the chart's menu to close");
}

/* --- the header bar ------------------------------------------------------- */

static gboolean
has_file_chooser (gpointer data)
{
  return find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL;
}

static gboolean
has_no_file_chooser (gpointer data)
{
  return !has_file_chooser (data);
}

/* Export Chart… exports the chart that last had the focus, through the save
 * dialog GtkFileChooserNative shows where there is no portal. */
static void
test_header_bar_export (void)
{
  MwCurvePlot *plot = chart (MW_METRIC_UNIT_ACCURACY);
  g_autofree char *path = artifact_path ("chart-export-header", "pdf");
  g_autofree char *name = NULL;
  g_autofree char *expected = g_strdup_printf ("%s.png", mw_metric_unit_name (MW_METRIC_UNIT_ACCURACY));
  g_autofree char *data = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) folder = NULL;
  g_autofree char *typed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                "win.export-chart");
  Finished finished = { 0 };
  GtkWindow *dialog;
  gulong handler;

  /* GTK 4.8's own file chooser dialog keeps allocations that LeakSanitizer reports
   * (GIO's directory enumeration on its worker threads, a GDateTime in a GTK signal
   * handler; no frame of this project allocates them).  The sanitizer build checks the
   * same export code through plot.export-to in /chart-export/files; the dialog is
   * driven in the normal build. */
  if (g_getenv ("MW_TEST_SANITIZER") != NULL)
    {
      g_test_skip ("GTK's file chooser dialog leaks under LeakSanitizer; "
                   "driven in the normal build only");
      return;
    }

  g_assert_cmpstr (accels[0], ==, "<Control>e");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export-chart"));

  gtk_widget_grab_focus (GTK_WIDGET (plot));
  g_unlink (path);
  handler = g_signal_connect (plot, "export-finished", G_CALLBACK (export_finished_cb), &finished);
  g_action_group_activate_action (G_ACTION_GROUP (window), "export-chart", NULL);
  wait_until (has_file_chooser, NULL, "the save dialog");
  dialog = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  wait_until (is_mapped, dialog, "the save dialog to map");
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog));
  g_test_message ("suggested name: %s", name);
  /* Named after the shown run (none here) and the chart: the accuracy one. */
  g_assert_cmpstr (name, ==, expected);
  mw_test_save_screenshot (GTK_WIDGET (dialog), "chart-export-dialog");

  /* The user types a name ending in .pdf: a PDF, whatever the filter says. */
  folder = g_file_get_parent (file);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, &error));
  g_assert_no_error (error);
  typed = g_file_get_basename (file);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), typed);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  wait_until (is_done, &finished, "the header bar's export to finish");
  g_signal_handler_disconnect (plot, handler);
  g_test_message ("exported to %s", finished.path);
  g_assert_null (finished.error);
  g_assert_cmpstr (finished.path, ==, path);
  g_assert_true (g_file_get_contents (path, &data, NULL, NULL));
  g_assert_true (g_str_has_prefix (data, "%PDF-"));
  finished_clear (&finished);
  wait_until (has_no_file_chooser, NULL, "the save dialog to close");

  /* The next export starts in the same folder, named after its chart. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (chart (MW_METRIC_UNIT_LOSS)),
                                             "plot.export", "s", "svg"));
  wait_until (has_file_chooser, NULL, "the second save dialog");
  dialog = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  wait_until (is_mapped, dialog, "the second save dialog to map");
  mw_test_wait_for_frames (GTK_WIDGET (dialog));
  {
    g_autoptr(GFile) current = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (dialog));
    g_autofree char *second_name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (dialog));
    g_autofree char *loss_name = g_strdup_printf ("%s.svg", mw_metric_unit_name (MW_METRIC_UNIT_LOSS));

    g_assert_nonnull (current);
    g_assert_true (g_file_equal (current, folder));
    g_assert_cmpstr (second_name, ==, loss_name);
  }
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  wait_until (has_no_file_chooser, NULL, "the second save dialog to close");
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  data_home = g_dir_make_tmp ("mw-data-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  if (!gtk_init_check ())
    {
      mw_test_remove_tree (data_home);
      return 77;
    }

  g_set_application_name (_("Meta Workbench"));
  app = mw_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = MW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  wait_until (is_mapped, window, "the main window to map");
  mw_window_set_content_page (window, MW_WINDOW_PAGE_CHART);
  fill_charts ();
  mw_test_wait_for_frames (GTK_WIDGET (window));

  g_test_add_func ("/chart-export/context-menu", test_context_menu);
  g_test_add_func ("/chart-export/files", test_export_files);
  g_test_add_func ("/chart-export/failure", test_export_failure);
  g_test_add_func ("/chart-export/copy-image", test_copy_image);
  g_test_add_func ("/chart-export/header-bar", test_header_bar_export);

  status = g_test_run ();

  g_clear_object (&app);
  mw_test_remove_tree (data_home);
  g_free (data_home);

  return status;
}
