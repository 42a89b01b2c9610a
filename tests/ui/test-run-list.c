/* test-run-list.c: the run list through the real window, with saved runs
 * written to the runs folder before the application starts.
 *
 *   /run-list/rows            at the default size and at 1024×700 the list shows
 *       at least four whole rows; the divider above the charts is a wide,
 *       visible handle, and moving it makes the list taller. Screenshots
 *       run-list, run-list-1024x700.
 *   /run-list/scroll-to-selection  the run selected at start, runs the
 *       program selects far up and far down the list, and a run started while
 *       the list shows its top: each one's row lies inside the list's
 *       viewport. Screenshot run-list-new-run.
 *   /run-list/delete-*  Delete with Undo: test-run-list-delete.c.
 *   /run-list/use-settings-and-duplicate  the row's menu (screenshot
 *       run-row-menu): Use These Settings puts every setting of the run in the
 *       form (screenshot run-use-settings); Duplicate starts a new run of the
 *       same settings named "NAME (2)", selected and in view, which trains to
 *       its end (screenshot run-duplicate).
 *
 * Environment: as the other UI tests (tests/ui/meson.build).
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"
#include "test-run-list.h"

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-run-files.h"
#include "mw-run-list.h"
#include "mw-run-manager.h"
#include "mw-run-view.h"
#include "mw-toast.h"
#include "mw-window.h"

#define N_SAVED_RUNS 9

MwApplication *app;
MwWindow *window;
MwRunManager *manager;
MwExperimentForm *form;
MwRunView *view;
MwRunList *list;
static char *data_home;
static char *runs_dir;

/* --- saved runs ------------------------------------------------------------------ */

static char *
saved_run_id (guint i)
{
  return g_strdup_printf ("20000101-0000%02u-1", i);
}

static const char *const tiny_settings[][2] = {
  { "meta-batch", "2" }, { "inner-steps", "1" }, { "eval-every", "10" },
  { "val-episodes", "10" }, { "glyph-classes", "30" }, { "filters", "8" }, { "threads", "1" },
};

/* A finished glyph run as the application saves it: run.ini, experiment.ini
 * (seeded by @i, so each has settings of its own) and its curves. */
static void
write_saved_run (guint i)
{
  g_autofree char *id = saved_run_id (i);
  g_autofree char *dir = g_build_filename (runs_dir, id, NULL);
  g_autofree char *info = g_build_filename (dir, "run.ini", NULL);
  g_autofree char *ini = g_build_filename (dir, "experiment.ini", NULL);
  g_autofree char *name = g_strdup_printf ("Saved run %u", i + 1);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (MwMetricPoint));
  g_autoptr(GError) error = NULL;
  MwExperimentConfig config;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_key_file_set_string (kf, "run", "name", name);
  g_key_file_set_string (kf, "run", "state", "finished");
  g_key_file_set_int64 (kf, "run", "iteration", SAVED_POINTS);
  g_key_file_set_int64 (kf, "run", "total-iterations", SAVED_POINTS);
  g_assert_true (g_key_file_save_to_file (kf, info, &error));
  g_assert_no_error (error);

  /* Settings that train in a few seconds, should the run be duplicated. */
  mw_experiment_config_init (&config, MW_ALGO_MAML);
  config.iterations = SAVED_POINTS;
  config.seed = 100 + i;
  for (guint k = 0; k < G_N_ELEMENTS (tiny_settings); k++)
    {
      g_assert_true (mw_experiment_config_set (&config, tiny_settings[k][0], tiny_settings[k][1], &error));
      g_assert_no_error (error);
    }
  g_assert_true (mw_experiment_config_save (&config, ini, &error));
  g_assert_no_error (error);
  mw_experiment_config_clear (&config);

  for (int k = 1; k <= SAVED_POINTS; k++)
    {
      MwMetricPoint loss = { g_intern_static_string ("train_loss"), k, 4.0 * k, 0.1 * k,
                             1.6 / (1 + 0.1 * k + 0.05 * i), NAN, NAN };

      g_array_append_val (points, loss);
    }
  for (int k = 10; k <= SAVED_POINTS; k += 10)
    {
      double y = 30 + k + i;
      MwMetricPoint accuracy = { g_intern_static_string ("val_accuracy"), k, 4.0 * k, 0.1 * k,
                                 y, y - 3, y + 3 };

      g_array_append_val (points, accuracy);
    }
  g_assert_true (mw_run_files_save_series (dir, points, &error));
  g_assert_no_error (error);
}

/* --- the application ------------------------------------------------------------- */

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

void
wait_until (MwTestCondition  condition,
            gpointer         data,
            const char      *what)
{
  mw_test_wait_until (condition, data, WAIT_TIMEOUT_SECONDS, what);
}

void
set_window_size (int width,
                 int height)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", FALSE);
  g_settings_set_int (settings, "run-list-height", 0);
}

void
open_app (void)
{
  g_autoptr(GError) error = NULL;

  app = mw_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = MW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  wait_until (is_mapped, window, "the main window to map");
  manager = mw_application_get_run_manager (app);
  form = MW_EXPERIMENT_FORM (mw_window_get_experiment_form (window));
  view = MW_RUN_VIEW (mw_window_get_run_view (window));
  list = MW_RUN_LIST (mw_window_get_run_list (window));
  wait_until ((MwTestCondition) mw_run_manager_get_loaded, manager, "the saved runs to load");
  mw_test_wait_for_animations (GTK_WIDGET (window));
  mw_test_wait_for_frames (GTK_WIDGET (window));
}

static gboolean
no_windows (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

/* As app.quit does; then the application goes, which stops the runs still
 * going and carries out what is still to be done to the folders. */
void
close_app (void)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  wait_until (no_windows, NULL, "the window to close");
  g_application_quit (G_APPLICATION (app));
  mw_run_manager_shutdown (manager);
  window = NULL;
  form = NULL;
  view = NULL;
  list = NULL;
  manager = NULL;
  g_clear_object (&app);
}

guint
n_runs (void)
{
  return g_list_model_get_n_items (mw_run_manager_get_runs (manager));
}

MwRunItem *
run_at (guint i)
{
  g_autoptr(MwRunItem) item = g_list_model_get_item (mw_run_manager_get_runs (manager), i);

  return item;   /* the model keeps it alive */
}

GtkWidget *
find_descendant_of_type (GtkWidget *widget,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
settle (void)
{
  mw_test_wait_for_animations (GTK_WIDGET (window));
  mw_test_wait_for_frames (GTK_WIDGET (window));
  mw_test_wait_for_frames (GTK_WIDGET (window));
}

/* --- geometry ---------------------------------------------------------------------- */

/* The part of the list that scrolls. */
static GtkWidget *
list_viewport (void)
{
  GtkWidget *scrolled = find_descendant_of_type (GTK_WIDGET (list), GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scrolled);
  return scrolled;
}

/* Whether @item's row lies wholly inside the list's viewport. */
gboolean
row_in_viewport (MwRunItem *item)
{
  GtkWidget *viewport = list_viewport ();
  GtkWidget *row = mw_run_list_get_row (list, item);
  graphene_rect_t bounds;

  if (row == NULL || !gtk_widget_get_mapped (row) ||
      !gtk_widget_compute_bounds (row, viewport, &bounds))
    return FALSE;
  return bounds.size.height > 0 && bounds.origin.y >= -0.5 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (viewport) + 0.5;
}

/* How many rows are wholly in view. */
static guint
n_rows_in_view (void)
{
  guint n = 0;

  for (guint i = 0; i < n_runs (); i++)
    if (row_in_viewport (run_at (i)))
      n++;
  return n;
}

static GtkPaned *
list_paned (void)
{
  GtkWidget *paned = gtk_widget_get_ancestor (GTK_WIDGET (list), GTK_TYPE_PANED);

  g_assert_nonnull (paned);
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (paned)), ==,
                   GTK_ORIENTATION_VERTICAL);
  return GTK_PANED (paned);
}

/* The paned's handle: its child between the two panes. */
static GtkWidget *
paned_handle (GtkPaned *paned)
{
  GtkWidget *start = gtk_paned_get_start_child (paned);
  GtkWidget *end = gtk_paned_get_end_child (paned);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (paned)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (child != start && child != end)
      return child;
  return NULL;
}

/* --- tests ---------------------------------------------------------------------------- */

static void
check_rows_at (int         width,
               int         height,
               const char *screenshot)
{
  GtkPaned *paned;
  GtkWidget *handle;
  int list_height, handle_height, before, max_position;
  guint rows;

  set_window_size (width, height);
  open_app ();
  g_assert_cmpuint (n_runs (), ==, N_SAVED_RUNS);
  mw_run_list_select (list, run_at (0));
  settle ();

  paned = list_paned ();
  handle = paned_handle (paned);
  list_height = gtk_widget_get_height (list_viewport ());
  rows = n_rows_in_view ();
  handle_height = handle != NULL ? gtk_widget_get_height (handle) : 0;
  g_print ("# window %d×%d: run list viewport %d px, %u whole rows in view, divider %d px; "
           "charts %d and %d px high\n",
           gtk_widget_get_width (GTK_WIDGET (window)),
           gtk_widget_get_height (GTK_WIDGET (window)), list_height, rows, handle_height,
           gtk_widget_get_height (GTK_WIDGET (mw_run_view_get_chart (view, MW_METRIC_UNIT_LOSS))),
           gtk_widget_get_height (GTK_WIDGET (mw_run_view_get_chart (view, MW_METRIC_UNIT_ACCURACY))));
  mw_test_save_screenshot (GTK_WIDGET (window), screenshot);
  g_assert_cmpuint (rows, >=, 4);

  /* A divider one can see and grab: a wide handle. */
  g_assert_true (gtk_paned_get_wide_handle (paned));
  g_assert_nonnull (handle);
  g_assert_cmpint (handle_height, >=, 5);

  /* Moving it (as a drag does) moves the list's bottom edge with it. */
  before = gtk_paned_get_position (paned);
  gtk_paned_set_position (paned, before - 50);
  settle ();
  g_assert_cmpint (gtk_widget_get_height (list_viewport ()), ==, list_height - 50);
  g_assert_cmpuint (n_rows_in_view (), <, rows);
  g_object_get (paned, "max-position", &max_position, NULL);
  if (max_position - before >= 40)
    {
      gtk_paned_set_position (paned, before + 40);
      settle ();
      g_assert_cmpint (gtk_widget_get_height (list_viewport ()), ==, list_height + 40);
    }
  gtk_paned_set_position (paned, before);
  settle ();
  g_assert_cmpint (gtk_widget_get_height (list_viewport ()), ==, list_height);

  close_app ();
}

/* A run that takes a few seconds on a busy machine. */
void
set_tiny_config (int iterations)
{
  mw_experiment_form_set_algorithm (form, MW_ALGO_MAML);
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  mw_experiment_form_set_value (form, "iterations", iterations);
  mw_experiment_form_set_value (form, "meta-batch", 2);
  mw_experiment_form_set_value (form, "inner-steps", 1);
  mw_experiment_form_set_extra (form, "eval-every", "10");
  mw_experiment_form_set_extra (form, "val-episodes", "10");
  mw_experiment_form_set_extra (form, "glyph-classes", "30");
  mw_experiment_form_set_extra (form, "filters", "8");
  mw_experiment_form_set_extra (form, "threads", "1");
  g_assert_true (mw_experiment_form_get_valid (form));
}

gboolean
run_ended (gpointer data)
{
  return MW_RUN_STATE_IS_FINAL (mw_run_item_get_state (data));
}

static void
test_scroll_to_selection (void)
{
  MwRunItem *item;
  guint before;

  set_window_size (1024, 700);
  open_app ();

  /* At start the newest run is selected, and shown. */
  item = mw_run_list_get_selected (list);
  g_assert_true (item == run_at (n_runs () - 1));
  settle ();
  g_assert_true (row_in_viewport (item));

  /* Chosen by the program far up the list, then far down. */
  mw_run_list_select (list, run_at (0));
  settle ();
  g_assert_true (row_in_viewport (run_at (0)));
  g_assert_false (row_in_viewport (run_at (n_runs () - 1)));
  mw_run_list_select (list, run_at (n_runs () - 1));
  settle ();
  g_assert_true (row_in_viewport (run_at (n_runs () - 1)));

  /* A new run, started while the list shows its top. */
  mw_run_list_select (list, run_at (0));
  settle ();
  set_tiny_config (20);
  before = n_runs ();
  g_action_group_activate_action (G_ACTION_GROUP (window), "start", NULL);
  g_assert_cmpuint (n_runs (), ==, before + 1);
  item = run_at (before);
  g_assert_true (mw_run_list_get_selected (list) == item);
  settle ();
  g_assert_true (row_in_viewport (item));
  mw_test_save_screenshot (GTK_WIDGET (window), "run-list-new-run");
  mw_test_wait_until (run_ended, item, WAIT_TIMEOUT_SECONDS, "the new run to end");
  settle ();
  g_assert_true (row_in_viewport (item));

  close_app ();
}

/* --- the row's menu: its settings in the form, or a new run of them ------------------ */

/* Renders the window with @popover (a popup of its own) over it, as one sees
 * them, into MW_ARTIFACT_DIR/@basename[-suffix].png. */
static void
save_window_with_popover (GtkWidget  *popover,
                          const char *basename)
{
  GtkWidget *win = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) window_paint = gtk_widget_paintable_new (win);
  g_autoptr(GdkPaintable) popover_paint = gtk_widget_paintable_new (popover);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  const char *suffix = mw_test_variant_suffix ();
  const char *dir = g_getenv ("MW_ARTIFACT_DIR");
  g_autofree char *file = g_strdup_printf ("%s%s%s.png", basename, suffix != NULL ? "-" : "",
                                           suffix != NULL ? suffix : "");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : ".", file, NULL);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GdkSurface *surface;
  double wx, wy, px, py, x, y, width, height;

  mw_test_wait_for_frames (popover);
  mw_test_wait_for_frames (win);
  gtk_native_get_surface_transform (GTK_NATIVE (win), &wx, &wy);
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &px, &py);
  surface = gtk_native_get_surface (GTK_NATIVE (popover));
  x = gdk_popup_get_position_x (GDK_POPUP (surface)) + px - wx;
  y = gdk_popup_get_position_y (GDK_POPUP (surface)) + py - wy;
  /* The popup may reach past the window's edge: the picture takes it whole. */
  width = MAX (gtk_widget_get_width (win), x + gtk_widget_get_width (popover));
  height = MAX (gtk_widget_get_height (win), y + gtk_widget_get_height (popover));
  gdk_paintable_snapshot (window_paint, snapshot, gtk_widget_get_width (win), gtk_widget_get_height (win));
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gdk_paintable_snapshot (popover_paint, snapshot,
                          gtk_widget_get_width (popover), gtk_widget_get_height (popover));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (win)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

static gboolean
widget_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
widget_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (widget);
}

/* A saved run still in the list. */
static MwRunItem *
saved_run (void)
{
  for (guint i = 0; i < n_runs (); i++)
    if (g_str_has_prefix (mw_run_item_get_name (run_at (i)), "Saved run"))
      return run_at (i);
  g_assert_not_reached ();
}

static char *
config_text (const MwExperimentConfig *config)
{
  g_assert_nonnull (config);
  return mw_experiment_config_to_data (config);
}

static char *
form_text (void)
{
  MwExperimentConfig config;
  char *text;

  mw_experiment_form_get_config (form, &config);
  text = config_text (&config);
  mw_experiment_config_clear (&config);
  return text;
}

static void
test_use_settings_and_duplicate (void)
{
  g_autofree char *saved = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;
  g_autofree char *copy_text = NULL;
  g_autofree char *copy_name = NULL;
  MwRunItem *item, *copy;
  GtkWidget *row, *menu_button, *popover;
  guint before;

  set_window_size (1100, 720);
  open_app ();
  item = saved_run ();
  saved = config_text (mw_run_manager_get_config (manager, item));
  g_assert_true (mw_run_item_get_has_settings (item));

  /* The row's menu offers both. */
  mw_run_list_select (list, item);
  settle ();
  row = mw_run_list_get_row (list, item);
  g_assert_nonnull (row);
  menu_button = find_descendant_of_type (row, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu_button));
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  wait_until (widget_mapped, popover, "the row's menu to open");
  save_window_with_popover (popover, "run-row-menu");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));
  wait_until (widget_unmapped, popover, "the row's menu to close");

  /* Use These Settings: the form takes every setting of the run. */
  set_tiny_config (20);
  before_text = form_text ();
  g_assert_cmpstr (before_text, !=, saved);
  gtk_widget_activate_action (row, "row.use-settings", NULL);
  after_text = form_text ();
  g_assert_cmpstr (after_text, ==, saved);
  g_assert_true (mw_experiment_form_get_valid (form));
  mw_test_save_screenshot (GTK_WIDGET (window), "run-use-settings");

  /* Duplicate: a new run of the same settings, named after it, selected and
   * in view; it trains to its end. */
  set_tiny_config (20);
  before = n_runs ();
  gtk_widget_activate_action (row, "row.duplicate", NULL);
  g_assert_cmpuint (n_runs (), ==, before + 1);
  copy = run_at (before);
  copy_name = g_strdup_printf (_("%s (%u)"), mw_run_item_get_name (item), 2);
  g_assert_cmpstr (mw_run_item_get_name (copy), ==, copy_name);
  copy_text = config_text (mw_run_manager_get_config (manager, copy));
  g_assert_cmpstr (copy_text, ==, saved);
  g_assert_true (mw_run_list_get_selected (list) == copy);
  g_assert_cmpstr (mw_run_item_get_id (copy), !=, mw_run_item_get_id (item));
  /* The form is left as it was. */
  g_clear_pointer (&after_text, g_free);
  after_text = form_text ();
  g_assert_cmpstr (after_text, !=, saved);
  settle ();
  g_assert_true (row_in_viewport (copy));
  mw_test_save_screenshot (GTK_WIDGET (window), "run-duplicate");
  mw_test_wait_until (run_ended, copy, WAIT_TIMEOUT_SECONDS, "the duplicate to train");
  g_assert_cmpint (mw_run_item_get_state (copy), ==, MW_RUN_STATE_FINISHED);
  g_assert_cmpint (mw_run_item_get_iteration (copy), ==, SAVED_POINTS);

  close_app ();
}

static void
test_rows (void)
{
  /* The window's own default size, then a small laptop's. */
  check_rows_at (1100, 720, "run-list");
  check_rows_at (1024, 700, "run-list-1024x700");

  /* Where the user leaves the divider, it comes back. */
  set_window_size (1100, 720);
  open_app ();
  {
    int position = gtk_paned_get_position (list_paned ()) - 30;

    gtk_paned_set_position (list_paned (), position);
    settle ();
    close_app ();
    open_app ();
    g_assert_cmpint (gtk_paned_get_position (list_paned ()), ==, position);
  }
  close_app ();
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  data_home = g_dir_make_tmp ("mw-run-list-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  runs_dir = g_build_filename (data_home, "meta-workbench", "runs", NULL);
  if (!gtk_init_check ())
    {
      mw_test_remove_tree (data_home);
      return 77;
    }
  g_set_application_name (_("Meta Workbench"));
  for (guint i = 0; i < N_SAVED_RUNS; i++)
    write_saved_run (i);

  g_test_add_func ("/run-list/rows", test_rows);
  g_test_add_func ("/run-list/scroll-to-selection", test_scroll_to_selection);
  run_list_add_delete_tests ();
  g_test_add_func ("/run-list/use-settings-and-duplicate", test_use_settings_and_duplicate);

  status = g_test_run ();

  mw_test_remove_tree (data_home);
  g_free (data_home);
  g_free (runs_dir);
  return status;
}
