/* guide-screenshots.c: the guide, and the screenshots of the teachers' lessons.
 *
 * /guide/opens (suite ui, quick): F1 is bound to win.guide, which opens the
 * guide window with all its pages; a second F1 raises the same window.
 *
 * With MW_GUIDE_SCREENSHOTS=1 (suite screenshots, not run by default: it
 * trains for many minutes) it also drives the real window through the five
 * lessons of data/guide/teachers.md, as a student would, and saves
 * guide-window.png and lesson1-*.png to lesson5-*.png (lessons 4 and 5 in
 * guide-lesson-boundary.c and guide-lesson-objects.c) in MW_ARTIFACT_DIR (meson
 * points it at data/guide/ in the
 * source tree). It prints how long each classroom run took and the figures the
 * lessons quote. MW_GUIDE_LESSONS (for example "4", or "1,4") takes only those
 * lessons' screenshots; lesson 3 adapts lesson 2's model, so it needs lesson 2.
 *
 * Environment: as the other UI tests (tests/ui/meson.build); lesson 2 and the
 * model of lesson 3 need MW_OMNIGLOT_DIR.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "guide-lesson-boundary.h"
#include "guide-lesson-objects.h"
#include "guide-screenshots.h"
#include "stand-in-photos.h"
#include "ui-test-util.h"

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-guide-window.h"
#include "mw-inspect-page.h"
#include "mw-run-list.h"
#include "mw-run-manager.h"
#include "mw-run-view.h"
#include "mw-window.h"

/* The lessons' settings: the docs quote them, keep them in step. */
#define LESSON1_ITERATIONS 70000
#define LESSON2_ITERATIONS 1000
#define LESSON3_PHOTOS_PER_CLASS 10
#define LESSON3_SHOTS 1
#define LESSON3_QUERIES 5

/* A classroom run on a busy 2-core machine takes minutes, not seconds. */
#define RUN_TIMEOUT_SECONDS 1800
#define WAIT_TIMEOUT_SECONDS 600

static const char *const guide_pages[] = {
  MW_GUIDE_PAGE_INTRO, MW_GUIDE_PAGE_RUNS, MW_GUIDE_PAGE_INSPECT,
  MW_GUIDE_PAGE_LESSON_SINE, MW_GUIDE_PAGE_LESSON_COMPARE, MW_GUIDE_PAGE_LESSON_PHOTOS,
  MW_GUIDE_PAGE_LESSON_BOUNDARY, MW_GUIDE_PAGE_LESSON_OBJECTS,
};

static MwApplication *app;
MwWindow *window;
static MwRunManager *manager;
MwExperimentForm *form;
static MwRunView *view;
MwRunList *list;
static char *data_home;
static MwRunItem *lesson2_maml, *lesson2_reptile;

/* --- helpers ---------------------------------------------------------------- */

void
guide_wait_until (MwTestCondition  condition,
                  gpointer         data,
                  const char      *what)
{
  mw_test_wait_until (condition, data, WAIT_TIMEOUT_SECONDS, what);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static gboolean
run_ended (gpointer item)
{
  return MW_RUN_STATE_IS_FINAL (mw_run_item_get_state (item));
}

static void
activate (const char *name)
{
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (window), name));
  g_action_group_activate_action (G_ACTION_GROUP (window), name, NULL);
}

MwRunItem *
guide_start_run (void)
{
  GListModel *runs = mw_run_manager_get_runs (manager);
  guint before = g_list_model_get_n_items (runs);
  g_autoptr(MwRunItem) item = NULL;

  g_assert_true (mw_experiment_form_get_valid (form));
  activate ("start");
  g_assert_cmpuint (g_list_model_get_n_items (runs), ==, before + 1);
  item = g_list_model_get_item (runs, before);
  return item;   /* the model keeps it */
}

/* Waits for @item to finish; returns the wall-clock seconds it took from now. */
double
guide_wait_for_run (MwRunItem  *item,
                    const char *what)
{
  gint64 start = g_get_monotonic_time ();

  mw_test_wait_until (run_ended, item, RUN_TIMEOUT_SECONDS, what);
  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_FINISHED);
  return (g_get_monotonic_time () - start) / 1e6;
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget, gconstpointer data);

static GtkWidget *
find_descendant (GtkWidget     *root,
                 WidgetMatch    match,
                 gconstpointer  data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = find_descendant (child, match, data)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_spin_with_tooltip (GtkWidget     *widget,
                      gconstpointer  tooltip)
{
  return GTK_IS_SPIN_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

/* Clicks the button labelled @label (its mnemonic label, translated) under
 * @root, as the student does. */
void
guide_click (GtkWidget  *root,
             const char *label)
{
  GtkWidget *button = find_descendant (root, is_button_labelled, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
set_spin (GtkWidget  *root,
          const char *tooltip,
          double      value)
{
  GtkWidget *spin = find_descendant (root, is_spin_with_tooltip, tooltip);

  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
}

/* The pointer rests wherever Xvfb put it, over some chart: no stray readout. */
static void
clear_hover (void)
{
  MwInspectPage *page = MW_INSPECT_PAGE (mw_window_get_inspect_page (window));

  for (int u = 0; u < MW_METRIC_N_UNITS; u++)
    if (mw_run_view_get_chart (view, u) != NULL)
      mw_curve_plot_unset_hover (mw_run_view_get_chart (view, u));
  mw_curve_plot_unset_hover (mw_inspect_page_get_adaptation_plot (page, FALSE));
  mw_curve_plot_unset_hover (mw_inspect_page_get_adaptation_plot (page, TRUE));
}

void
guide_window_screenshot (const char *basename)
{
  clear_hover ();
  mw_test_save_screenshot (GTK_WIDGET (window), basename);
}

static gboolean
screenshots_wanted (void)
{
  return g_strcmp0 (g_getenv ("MW_GUIDE_SCREENSHOTS"), "1") == 0;
}

/* Lesson @n's screenshots, unless MW_GUIDE_LESSONS names others. */
static gboolean
lesson_wanted (int n)
{
  const char *chosen = g_getenv ("MW_GUIDE_LESSONS");
  g_auto(GStrv) numbers = NULL;
  g_autofree char *number = g_strdup_printf ("%d", n);

  if (chosen == NULL || *chosen == '\0')
    return TRUE;
  numbers = g_strsplit (chosen, ",", -1);
  for (char **k = numbers; *k != NULL; k++)
    if (g_str_equal (g_strstrip (*k), number))
      return TRUE;
  return FALSE;
}

void
guide_hide_all_runs (void)
{
  GListModel *runs = mw_run_manager_get_runs (manager);

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(MwRunItem) old = g_list_model_get_item (runs, i);

      mw_run_item_set_visible (old, FALSE);
    }
}

typedef struct {
  MwRunItem *item;
  gsize points;
} PointsWanted;

/* The chart of a run's validation series (accuracy, or a regression's MSE)
 * and the series' id there. */
static MwCurvePlot *
validation_series (MwRunItem   *item,
                   const char **id)
{
  MwCurvePlot *plot = mw_run_view_find_series (view, mw_run_item_get_id (item), "val_accuracy", id);

  if (plot == NULL)
    plot = mw_run_view_find_series (view, mw_run_item_get_id (item), "val_loss", id);
  g_assert_nonnull (plot);
  return plot;
}

static gboolean
has_validation_points (gpointer data)
{
  PointsWanted *w = data;
  const char *id;
  MwCurvePlot *plot = validation_series (w->item, &id);

  return mw_curve_plot_get_n_points (plot, id) >= w->points;
}

void
guide_print_last_validation (MwRunItem *item)
{
  const char *id;
  MwCurvePlot *plot = validation_series (item, &id);
  gsize n = mw_curve_plot_get_n_points (plot, id);
  MwCurvePoint p;

  g_assert_cmpuint (n, >, 0);
  g_assert_true (mw_curve_plot_get_point (plot, id, n - 1, &p, NULL));
  g_print ("# %s: last validation %.3f (95%% CI %.3f–%.3f) at iteration %.0f, %.0f s after "
           "it started\n", mw_run_item_get_name (item), p.y, p.y_lo, p.y_hi, p.iteration, p.seconds);
}

/* --- the guide window --------------------------------------------------------- */

static gboolean
guide_open (gpointer data)
{
  GtkWindow *guide = mw_window_get_guide (window);

  return guide != NULL && gtk_widget_get_mapped (GTK_WIDGET (guide));
}

static gboolean
guide_gone (gpointer data)
{
  return mw_window_get_guide (window) == NULL;
}

/* What a key press does: the application's accelerator for F1. */
static void
press_f1 (void)
{
  g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (app), "F1");

  g_assert_nonnull (actions);
  g_assert_cmpstr (actions[0], ==, "win.guide");
  g_assert_null (actions[1]);
  activate ("guide");
}

static void
test_guide_opens (void)
{
  MwGuideWindow *guide;
  GtkStack *stack;
  g_autoptr(GListModel) stack_pages = NULL;

  g_assert_null (mw_window_get_guide (window));
  press_f1 ();
  guide_wait_until (guide_open, NULL, "the guide to open");
  guide = MW_GUIDE_WINDOW (mw_window_get_guide (window));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (guide)) == GTK_WINDOW (window));

  /* Every page, in order, with a title and some text; the first shows. */
  stack = mw_guide_window_get_stack (guide);
  stack_pages = G_LIST_MODEL (gtk_stack_get_pages (stack));
  g_assert_cmpuint (g_list_model_get_n_items (stack_pages), ==, G_N_ELEMENTS (guide_pages));
  for (guint i = 0; i < G_N_ELEMENTS (guide_pages); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (stack_pages, i);
      GtkStackPage *page = GTK_STACK_PAGE (item);
      GtkWidget *child = gtk_stack_page_get_child (page);

      g_assert_cmpstr (gtk_stack_page_get_name (page), ==, guide_pages[i]);
      g_assert_nonnull (gtk_stack_page_get_title (page));
      g_assert_cmpuint (strlen (gtk_stack_page_get_title (page)), >, 0);
      g_assert_true (GTK_IS_SCROLLED_WINDOW (child));
      g_test_message ("guide page %s: %s", guide_pages[i], gtk_stack_page_get_title (page));
    }
  g_assert_cmpstr (mw_guide_window_get_page (guide), ==, MW_GUIDE_PAGE_INTRO);
  /* The last two lessons, in the test's language (pictures for the closing notes, not
   * the teachers' page). */
  mw_guide_window_show_page (guide, MW_GUIDE_PAGE_LESSON_BOUNDARY);
  g_assert_cmpstr (mw_guide_window_get_page (guide), ==, MW_GUIDE_PAGE_LESSON_BOUNDARY);
  if (!screenshots_wanted ())
    mw_test_save_screenshot (GTK_WIDGET (guide), "guide-lesson-boundary");
  mw_guide_window_show_page (guide, MW_GUIDE_PAGE_LESSON_OBJECTS);
  g_assert_cmpstr (mw_guide_window_get_page (guide), ==, MW_GUIDE_PAGE_LESSON_OBJECTS);
  if (!screenshots_wanted ())
    mw_test_save_screenshot (GTK_WIDGET (guide), "guide-lesson-objects");
  mw_guide_window_show_page (guide, MW_GUIDE_PAGE_LESSON_PHOTOS);
  g_assert_cmpstr (mw_guide_window_get_page (guide), ==, MW_GUIDE_PAGE_LESSON_PHOTOS);

  /* F1 again raises the same guide rather than a second one. */
  press_f1 ();
  g_assert_true (mw_window_get_guide (window) == GTK_WINDOW (guide));
  g_assert_cmpstr (mw_guide_window_get_page (guide), ==, MW_GUIDE_PAGE_LESSON_PHOTOS);

  /* The menu item is the same action. */
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (window), "guide"));

  gtk_window_close (GTK_WINDOW (guide));
  guide_wait_until (guide_gone, NULL, "the guide to close");
}

static void
test_guide_screenshot (void)
{
  MwGuideWindow *guide;

  press_f1 ();
  guide_wait_until (guide_open, NULL, "the guide to open");
  guide = MW_GUIDE_WINDOW (mw_window_get_guide (window));
  mw_guide_window_show_page (guide, MW_GUIDE_PAGE_LESSON_SINE);
  mw_test_save_screenshot (GTK_WIDGET (guide), "guide-window");
  gtk_window_close (GTK_WINDOW (guide));
  guide_wait_until (guide_gone, NULL, "the guide to close");
}

/* --- lesson 1: sinusoid MAML ------------------------------------------------------ */

typedef struct {
  MwSineFitView *run, *baseline;
} SineViews;

static gboolean
sine_fits_shown (gpointer data)
{
  SineViews *v = data;

  return mw_sine_fit_view_get_fit (v->run) != NULL && mw_sine_fit_view_get_fit (v->baseline) != NULL;
}

typedef struct {
  SineViews *views;
  float amplitude, phase;   /* of the task shown before */
} NewTask;

static gboolean
new_sine_task_shown (gpointer data)
{
  NewTask *w = data;
  const MwSineFit *run, *baseline;

  if (!sine_fits_shown (w->views))
    return FALSE;
  run = mw_sine_fit_view_get_fit (w->views->run);
  baseline = mw_sine_fit_view_get_fit (w->views->baseline);
  return (run->amplitude != w->amplitude || run->phase != w->phase) &&
         baseline->amplitude == run->amplitude && baseline->phase == run->phase;
}

static void
test_lesson1 (void)
{
  MwInspectPage *page = MW_INSPECT_PAGE (mw_window_get_inspect_page (window));
  SineViews views = { mw_inspect_page_get_sine_view (page, FALSE),
                      mw_inspect_page_get_sine_view (page, TRUE) };
  /* The window's run adapts as it trained: one step (the CLI tests ten). */
  static const int steps[] = { 0, 1 };
  MwRunItem *item;
  gint64 start;
  double seconds;

  mw_window_set_view (window, "training");
  mw_experiment_form_set_algorithm (form, MW_ALGO_MAML);
  mw_experiment_form_set_dataset (form, MW_DATA_SINUSOID, NULL);
  mw_experiment_form_set_value (form, "iterations", LESSON1_ITERATIONS);
  item = guide_start_run ();
  seconds = guide_wait_for_run (item, "the sinusoid run");
  g_print ("# lesson 1: MAML sinusoid, %d meta-iterations: %.0f s in the window\n",
           LESSON1_ITERATIONS, seconds);
  guide_print_last_validation (item);
  mw_test_spin_main_loop (300);
  guide_window_screenshot ("lesson1-training");

  /* Inspect → Adaptation: the run's fit and the baseline's, trained now. */
  start = g_get_monotonic_time ();
  mw_run_list_select (list, item);
  mw_window_set_view (window, "inspect");
  mw_inspect_page_show_page (page, "adaptation");
  guide_wait_until (sine_fits_shown, &views, "the sine fits");
  g_print ("# lesson 1: the first sine fit (baseline trained) after %.0f s\n",
           (g_get_monotonic_time () - start) / 1e6);

  /* Training tasks have phases in [0, π]: a network that only learned their
   * average predicts a sine of phase π/2. A task far from it shows the point
   * of the lesson; press Next Task (as a student would) until one comes. */
  for (int presses = 0; ; presses++)
    {
      const MwSineFit *fit = mw_sine_fit_view_get_fit (views.run);
      NewTask w = { &views, fit->amplitude, fit->phase };

      if (fabs (fit->phase - G_PI / 2) > 0.9 || presses == 8)
        {
          g_print ("# lesson 1: the screenshots show the task after %d presses of Next Task "
                   "(amplitude %.2f, phase %.2f)\n", presses, fit->amplitude, fit->phase);
          break;
        }
      guide_click (GTK_WIDGET (page), _("Next _Task"));
      guide_wait_until (new_sine_task_shown, &w, "the next sine task");
    }

  for (gsize i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *name = g_strdup_printf ("lesson1-step%d", steps[i]);

      mw_inspect_page_set_sine_step (page, steps[i]);
      g_print ("# lesson 1: after %d steps, MSE %.3f (MAML) and %.3f (baseline)\n", steps[i],
               mw_sine_fit_view_get_mse (views.run), mw_sine_fit_view_get_mse (views.baseline));
      guide_window_screenshot (name);
    }
  mw_window_set_view (window, "training");
}

/* --- lesson 2: MAML against Reptile on Omniglot -------------------------------- */

static gboolean
has_two_series (gpointer plot)
{
  return mw_curve_plot_get_n_series (plot) >= 2;
}

static void
test_lesson2 (void)
{
  const char *omniglot = g_getenv ("MW_OMNIGLOT_DIR");
  MwInspectPage *page = MW_INSPECT_PAGE (mw_window_get_inspect_page (window));
  MwCurvePlot *compare = mw_inspect_page_get_adaptation_plot (page, FALSE);
  g_auto(GStrv) ids = NULL;
  double maml_s, reptile_s;
  gint64 start, maml_start;

  if (omniglot == NULL || !g_file_test (omniglot, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("MW_OMNIGLOT_DIR is not set: no Omniglot for lesson 2");
      return;
    }

  /* Hide lesson 1's run: the charts are about these two. */
  guide_hide_all_runs ();

  mw_window_set_view (window, "training");
  mw_experiment_form_set_dataset (form, MW_DATA_OMNIGLOT, omniglot);
  mw_experiment_form_set_algorithm (form, MW_ALGO_MAML);
  mw_experiment_form_set_value (form, "iterations", LESSON2_ITERATIONS);
  maml_start = g_get_monotonic_time ();
  lesson2_maml = guide_start_run ();
  mw_experiment_form_set_algorithm (form, MW_ALGO_REPTILE);
  mw_experiment_form_set_value (form, "iterations", LESSON2_ITERATIONS);
  lesson2_reptile = guide_start_run ();

  /* MAML under way, Reptile waiting its turn (one run at a time on 2 cores). */
  {
    PointsWanted w = { lesson2_maml, 6 };

    mw_run_list_select (list, lesson2_maml);
    mw_test_wait_until (has_validation_points, &w, RUN_TIMEOUT_SECONDS, "MAML's first validations");
    guide_window_screenshot ("lesson2-training");
  }

  guide_wait_for_run (lesson2_maml, "the MAML Omniglot run");
  maml_s = (g_get_monotonic_time () - maml_start) / 1e6;
  /* Reptile waited in the queue: it starts (loading its data) now. */
  reptile_s = guide_wait_for_run (lesson2_reptile, "the Reptile Omniglot run");
  g_print ("# lesson 2: %d meta-iterations each, one after the other in the window, from Start "
           "(or the end of the queue) to Finished with data loading and validations: MAML %.0f s, "
           "Reptile %.0f s\n", LESSON2_ITERATIONS, maml_s, reptile_s);
  guide_print_last_validation (lesson2_maml);
  guide_print_last_validation (lesson2_reptile);

  mw_run_list_select (list, lesson2_maml);
  mw_test_spin_main_loop (300);
  guide_window_screenshot ("lesson2-overlay");
  mw_run_view_set_x_axis (view, MW_CURVE_PLOT_X_SECONDS);
  mw_test_spin_main_loop (300);
  clear_hover ();
  /* The readout a student gets by pointing near the end of the curves. */
  {
    GtkWidget *plot = GTK_WIDGET (validation_series (lesson2_maml, NULL));

    mw_curve_plot_set_hover (MW_CURVE_PLOT (plot), gtk_widget_get_width (plot) * 0.55,
                             gtk_widget_get_height (plot) * 0.5);
  }
  mw_test_save_screenshot (GTK_WIDGET (window), "lesson2-seconds");
  mw_run_view_set_x_axis (view, MW_CURVE_PLOT_X_ITERATIONS);

  /* Inspect → Adaptation → Compare Runs, as the button does. */
  start = g_get_monotonic_time ();
  mw_window_set_view (window, "inspect");
  mw_inspect_page_show_page (page, "adaptation");
  mw_test_spin_main_loop (200);
  guide_click (GTK_WIDGET (page), _("_Compare Runs"));
  guide_wait_until (has_two_series, compare, "the compared runs' adaptation curves");
  g_print ("# lesson 2: Compare Runs took %.0f s\n", (g_get_monotonic_time () - start) / 1e6);
  ids = mw_curve_plot_get_series_ids (compare);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      gsize n = mw_curve_plot_get_n_points (compare, ids[i]);
      MwCurvePoint first, last;

      g_assert_true (mw_curve_plot_get_point (compare, ids[i], 0, &first, NULL));
      g_assert_true (mw_curve_plot_get_point (compare, ids[i], n - 1, &last, NULL));
      g_print ("# lesson 2: compared %s: %.1f%% before adaptation, %.1f%% (95%% CI %.1f–%.1f) after "
               "%.0f steps\n", mw_curve_plot_get_series_name (compare, ids[i]), 100 * first.y,
               100 * last.y, 100 * last.y_lo, 100 * last.y_hi, last.iteration);
    }
  guide_window_screenshot ("lesson2-compare");
  mw_window_set_view (window, "training");
}

/* --- lesson 3: a task from photos ------------------------------------------------- */

static gboolean
builder_loaded (gpointer builder)
{
  return !mw_task_builder_get_loading (builder) && mw_task_builder_get_dataset (builder) != NULL;
}

static gboolean
result_shown (gpointer builder)
{
  return mw_episode_view_get_inspection (mw_task_builder_get_episode_view (builder)) != NULL;
}

static void
test_lesson3 (void)
{
  MwInspectPage *page = MW_INSPECT_PAGE (mw_window_get_inspect_page (window));
  MwTaskBuilder *builder = mw_inspect_page_get_task_builder (page);
  g_autofree char *photos = g_dir_make_tmp ("mw-photos-XXXXXX", NULL);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  const MwDataset *ds;
  MwEpisodeInspection *r;

  if (lesson2_maml == NULL)
    {
      g_test_skip ("no lesson 2 model to adapt");
      return;
    }
  if (!mw_stand_in_photos_write (photos, LESSON3_PHOTOS_PER_CLASS, 8, &error))
    {
      g_test_skip (error->message);
      mw_test_remove_tree (photos);
      return;
    }

  /* Taller: the folder's classes above, the adapted model's result below. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1320, 1150);
  mw_run_list_select (list, lesson2_maml);
  mw_window_set_view (window, "inspect");
  mw_inspect_page_show_page (page, "task");
  folder = g_file_new_for_path (photos);
  mw_task_builder_open_folder (builder, folder);
  guide_wait_until (builder_loaded, builder, "the photo folder");
  ds = mw_task_builder_get_dataset (builder);
  g_assert_cmpint (ds->n_classes, ==, 5);
  g_test_message ("status: %s", mw_task_builder_get_status (builder));
  guide_window_screenshot ("lesson3-folder");

  for (int c = 0; c < ds->n_classes; c++)
    mw_task_builder_set_class_chosen (builder, ds->class_names[c], TRUE);
  set_spin (GTK_WIDGET (builder), _("Support images per class"), LESSON3_SHOTS);
  set_spin (GTK_WIDGET (builder), _("Query images per class"), LESSON3_QUERIES);
  guide_click (GTK_WIDGET (builder), _("_Sample K and Q"));
  g_assert_nonnull (mw_task_builder_get_task (builder));
  g_test_message ("status: %s", mw_task_builder_get_status (builder));
  mw_test_spin_main_loop (200);
  guide_window_screenshot ("lesson3-task");

  guide_click (GTK_WIDGET (builder), _("_Adapt Selected Model"));
  guide_wait_until (result_shown, builder, "the adapted model's predictions");
  r = mw_episode_view_get_inspection (mw_task_builder_get_episode_view (builder));
  g_print ("# lesson 3: %s on the stand-in photos, %d-way %d-shot, %d queries: %.0f%% before, "
           "%.0f%% after %d steps\n", mw_run_item_get_name (lesson2_maml), r->ways, LESSON3_SHOTS,
           r->n_query, 100 * r->trace.accuracy[0],
           100 * r->trace.accuracy[mw_episode_trace_last_step (&r->trace)],
           mw_episode_trace_last_step (&r->trace));
  mw_test_spin_main_loop (300);
  guide_window_screenshot ("lesson3-result");

  mw_window_set_view (window, "training");
  gtk_window_set_default_size (GTK_WINDOW (window), 1320, 900);
  mw_test_remove_tree (photos);
}

/* --- the application ------------------------------------------------------------ */

static void
open_app (void)
{
  g_autoptr(GError) error = NULL;

  app = mw_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = MW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  guide_wait_until (is_mapped, window, "the main window to map");

  manager = mw_application_get_run_manager (app);
  form = MW_EXPERIMENT_FORM (mw_window_get_experiment_form (window));
  view = MW_RUN_VIEW (mw_window_get_run_view (window));
  list = MW_RUN_LIST (mw_window_get_run_list (window));
  guide_wait_until ((MwTestCondition) mw_run_manager_get_loaded, manager, "the saved runs to load");
}

static gboolean
no_windows (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

static void
close_app (void)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  guide_wait_until (no_windows, NULL, "the window to close");
  g_application_quit (G_APPLICATION (app));
  mw_run_manager_shutdown (manager);
  g_clear_object (&app);
}

/* Lesson 5's camera has its own file (guide-lesson-objects.c). */
static void
test_lesson5 (void)
{
  MwInspectPage *page = MW_INSPECT_PAGE (mw_window_get_inspect_page (window));

  /* With no run yet the window shows its empty state; a folder dropped on it opens
   * the task builder, as here (the lesson's folder is opened by the builder). */
  mw_window_set_content_page (window, MW_WINDOW_PAGE_CHART);
  mw_window_set_view (window, "inspect");
  guide_lesson_objects (GTK_WINDOW (window), page);
  mw_window_set_view (window, "training");
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

  /* Runs are saved under XDG_DATA_HOME: a fresh one, before GLib reads it. */
  data_home = g_dir_make_tmp ("mw-guide-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  if (!gtk_init_check ())
    {
      mw_test_remove_tree (data_home);
      return 77;
    }
  g_set_application_name (_("Meta Workbench"));

  if (screenshots_wanted ())
    {
      /* Larger than the default window: the Inspect page's two sine plots
       * need it (the screen is 1600 × 1200 in this suite). The settings
       * live in memory (GSETTINGS_BACKEND). */
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);

      g_settings_set_int (settings, "window-width", 1320);
      g_settings_set_int (settings, "window-height", 900);
    }
  open_app ();

  g_test_add_func ("/guide/opens", test_guide_opens);
  if (screenshots_wanted ())
    {
      if (lesson_wanted (1))
        {
          g_test_add_func ("/guide/screenshots/guide-window", test_guide_screenshot);
          g_test_add_func ("/guide/screenshots/lesson1", test_lesson1);
        }
      if (lesson_wanted (2))
        g_test_add_func ("/guide/screenshots/lesson2", test_lesson2);
      if (lesson_wanted (3))
        g_test_add_func ("/guide/screenshots/lesson3", test_lesson3);
      if (lesson_wanted (4))
        g_test_add_func ("/guide/screenshots/lesson4", guide_lesson_boundary);
      if (lesson_wanted (5))
        g_test_add_func ("/guide/screenshots/lesson5", test_lesson5);
    }

  status = g_test_run ();

  close_app ();
  mw_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
