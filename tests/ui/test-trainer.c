/* test-trainer.c: runs a tiny experiment from the real window under a display:
 * form, start, live curves, pause, step, resume, stop, a failing run; measures
 * how late the main loop gets during training and saves trainer.png.
 *
 * Environment (set by tests/ui/meson.build):
 *   MW_ARTIFACT_DIR  where the PNG screenshots go (default: current directory)
 *   MW_LOCALE_DIR    uninstalled message catalogues (default: LOCALEDIR)
 *   MW_SCREENSHOT_SUFFIX  appended to the screenshot names (e.g. "zh_CN")
 *   LANGUAGE         when it asks for Chinese, the test also checks that the UI
 *                    really is translated
 */


#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-run-view.h"
#include "mw-trainer.h"
#include "mw-window.h"

#define WAIT_TIMEOUT_SECONDS 120

static MwApplication *app;
static MwWindow *window;
static MwTrainer *trainer;
static MwExperimentForm *form;
static MwRunView *view;

/* --- main loop helpers --------------------------------------------------- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @condition holds; fails the test on timeout
 * rather than hanging the suite. */
static void
wait_until (Condition    condition,
            gpointer     data,
            const char  *what)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (WAIT_TIMEOUT_SECONDS, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s", what);

  g_source_remove (id);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  int *frames = data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
two_frames_drawn (gpointer data)
{
  return *(int *) data >= 2;
}

/* Lets layout and drawing settle before a screenshot. */
static void
wait_for_frames (GtkWidget *widget)
{
  int frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);

  gtk_widget_queue_draw (widget);
  wait_until (two_frames_drawn, &frames, "two frames");
  gtk_widget_remove_tick_callback (widget, id);
}

/* --- screenshots --------------------------------------------------------- */

static const char *
variant_suffix (void)
{
  const char *suffix = g_getenv ("MW_SCREENSHOT_SUFFIX");

  return suffix != NULL && *suffix != '\0' ? suffix : NULL;
}

/* Renders @widget the way it is on screen (GTK 4.8 has no direct API) and
 * saves it; checks the picture is not blank. */
static void
save_screenshot (GtkWidget  *widget,
                 const char *basename)
{
  const char *dir = g_getenv ("MW_ARTIFACT_DIR");
  const char *suffix = variant_suffix ();
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;
  gsize stride, differing = 0;

  wait_for_frames (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  /* A real window has a header bar, text and icons: many pixels differ from
   * the top-left one. A blank or failed render does not. */
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 0; i < stride * height; i += 4)
    if (memcmp (pixels + i, pixels, 4) != 0)
      differing++;
  g_assert_cmpuint (differing, >, (gsize) width * height / 20);

  if (suffix != NULL)
    filename = g_strdup_printf ("%s-%s.png", basename, suffix);
  else
    filename = g_strdup_printf ("%s.png", basename);
  path = g_build_filename (dir != NULL ? dir : ".", filename, NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

/* --- main-loop latency ---------------------------------------------------- */

/* A 10 ms timer that records how late each tick comes: while the worker
 * trains, the UI thread must stay responsive. */
#define LATENCY_PERIOD_MS 10

typedef struct {
  guint id;
  gint64 expected_us;
  GArray *lateness_us;   /* gint64 */
} LatencyProbe;

static LatencyProbe probe;

static gboolean
latency_tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 late = MAX (now - probe.expected_us, 0);

  g_array_append_val (probe.lateness_us, late);
  probe.expected_us = now + LATENCY_PERIOD_MS * 1000;
  return G_SOURCE_CONTINUE;
}

static void
latency_start (void)
{
  probe.lateness_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  probe.expected_us = g_get_monotonic_time () + LATENCY_PERIOD_MS * 1000;
  probe.id = g_timeout_add (LATENCY_PERIOD_MS, latency_tick_cb, NULL);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
latency_stop_and_report (void)
{
  GArray *l = probe.lateness_us;
  gint64 worst, p99, p50;

  g_source_remove (probe.id);
  g_assert_cmpuint (l->len, >, 10);
  g_array_sort (l, compare_gint64);
  worst = g_array_index (l, gint64, l->len - 1);
  p99 = g_array_index (l, gint64, (l->len * 99) / 100);
  p50 = g_array_index (l, gint64, l->len / 2);

  g_print ("# main-loop lateness during training over %u ticks of %d ms: "
           "median %.1f ms, p99 %.1f ms, worst %.1f ms\n",
           l->len, LATENCY_PERIOD_MS, p50 / 1000.0, p99 / 1000.0, worst / 1000.0);

  /* Generous: the machine may be busy, but the UI thread never trains. */
  g_assert_cmpint (p99, <, 250 * 1000);

  g_array_unref (l);
  probe.lateness_us = NULL;
}

/* --- conditions ------------------------------------------------------------ */

static gboolean
in_state (gpointer data)
{
  return (int) mw_trainer_get_state (trainer) == GPOINTER_TO_INT (data);
}

static gboolean
has_points (gpointer data)
{
  gsize want = GPOINTER_TO_SIZE (data);

  return mw_curve_plot_get_n_points (mw_run_view_get_loss_plot (view), MW_RUN_VIEW_SERIES) >= want &&
         mw_curve_plot_get_n_points (mw_run_view_get_accuracy_plot (view), MW_RUN_VIEW_SERIES) >= 1;
}

static gboolean
iteration_reached (gpointer data)
{
  return mw_trainer_get_iteration (trainer) >= *(gint64 *) data;
}

static gboolean
run_ended (gpointer data)
{
  MwRunState s = mw_trainer_get_state (trainer);

  return s == MW_RUN_STATE_FINISHED || s == MW_RUN_STATE_FAILED || s == MW_RUN_STATE_STOPPED;
}

static void
record_state_cb (MwTrainer  *t,
                 MwRunState  state,
                 GArray     *states)
{
  g_array_append_val (states, state);
}

static gboolean
action_enabled (const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

static void
activate (const char *name)
{
  g_assert_true (action_enabled (name));
  g_action_group_activate_action (G_ACTION_GROUP (window), name, NULL);
}

/* A run that takes a few seconds on a busy machine. */
static void
set_tiny_config (MwAlgorithmKind kind,
                 int             iterations)
{
  mw_experiment_form_set_algorithm (form, kind);
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  mw_experiment_form_set_value (form, "iterations", iterations);
  mw_experiment_form_set_value (form, "meta-batch", 2);
  if (!mw_algorithm_kind_is_metric (kind))
    mw_experiment_form_set_value (form, "inner-steps", 1);
  mw_experiment_form_set_extra (form, "eval-every", "10");
  mw_experiment_form_set_extra (form, "val-episodes", "10");
  mw_experiment_form_set_extra (form, "glyph-classes", "30");
  mw_experiment_form_set_extra (form, "filters", "8");
  mw_experiment_form_set_extra (form, "threads", "1");
  g_assert_true (mw_experiment_form_get_valid (form));
}

/* --- tests ----------------------------------------------------------------- */

static void
test_form (void)
{
  MwExperimentConfig config;

  /* First start: MAML on the built-in glyphs, ready to run offline. */
  g_assert_cmpint (mw_experiment_form_get_algorithm (form), ==, MW_ALGO_MAML);
  g_assert_true (mw_experiment_form_get_valid (form));
  g_assert_null (mw_experiment_form_get_error (form));
  g_assert_true (action_enabled ("start"));
  mw_experiment_form_get_config (form, &config);
  g_assert_cmpint (config.algo.kind, ==, MW_ALGO_MAML);
  g_assert_cmpint (config.data, ==, MW_DATA_GLYPHS);
  mw_experiment_config_clear (&config);

  /* Only the settings of the chosen algorithm and data show. */
  g_assert_true (mw_experiment_form_is_shown (form, "inner-lr"));
  g_assert_true (mw_experiment_form_is_shown (form, "ways"));
  g_assert_false (mw_experiment_form_is_shown (form, "folder"));
  mw_experiment_form_set_algorithm (form, MW_ALGO_PROTONET);
  g_assert_false (mw_experiment_form_is_shown (form, "inner-lr"));
  g_assert_false (mw_experiment_form_is_shown (form, "inner-steps"));
  mw_experiment_form_set_algorithm (form, MW_ALGO_REPTILE);
  mw_experiment_form_set_dataset (form, MW_DATA_SINUSOID, NULL);
  g_assert_false (mw_experiment_form_is_shown (form, "ways"));
  g_assert_false (mw_experiment_form_is_shown (form, "batch-norm"));
  g_assert_true (mw_experiment_form_is_shown (form, "inner-lr"));
  g_assert_true (mw_experiment_form_get_valid (form));

  /* ProtoNets cannot regress: said inline, and Start goes off. */
  mw_experiment_form_set_algorithm (form, MW_ALGO_PROTONET);
  g_assert_false (mw_experiment_form_get_valid (form));
  g_assert_nonnull (mw_experiment_form_get_error (form));
  g_test_message ("ProtoNets on sinusoid: %s", mw_experiment_form_get_error (form));
  g_assert_false (action_enabled ("start"));

  /* An image folder needs a folder. */
  mw_experiment_form_set_dataset (form, MW_DATA_FOLDER, NULL);
  g_assert_true (mw_experiment_form_is_shown (form, "folder"));
  g_assert_false (mw_experiment_form_get_valid (form));
  g_assert_false (action_enabled ("start"));

  mw_experiment_form_set_algorithm (form, MW_ALGO_MAML);
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  g_assert_true (mw_experiment_form_get_valid (form));
  g_assert_true (action_enabled ("start"));
}

static void
test_run (void)
{
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (MwRunState));
  gulong handler;
  gint64 paused_at, target;
  gsize points;
  guint deliveries;
  double start_s;

  set_tiny_config (MW_ALGO_MAML, 60);
  handler = g_signal_connect (trainer, "state-changed", G_CALLBACK (record_state_cb), states);

  latency_start ();
  start_s = g_get_monotonic_time () / 1e6;
  activate ("start");

  /* Loading happens in the worker: the call returns at once. */
  g_assert_cmpint (mw_trainer_get_state (trainer), ==, MW_RUN_STATE_LOADING);
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_LOADING);
  g_assert_cmpstr (mw_window_get_content_page (window), ==, MW_WINDOW_PAGE_CHART);
  g_assert_false (action_enabled ("start"));
  g_assert_true (action_enabled ("stop"));
  g_assert_cmpint (mw_trainer_get_total_iterations (trainer), ==, 60);

  wait_until (in_state, GINT_TO_POINTER (MW_RUN_STATE_RUNNING), "the run to start");
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_RUNNING);
  wait_until (has_points, GSIZE_TO_POINTER (12), "loss and validation points");
  g_test_message ("first validation after %.2f s", g_get_monotonic_time () / 1e6 - start_s);

  /* Deliveries are batched: never more than ~30 a second. */
  deliveries = mw_trainer_get_n_deliveries (trainer);
  g_assert_cmpfloat (deliveries, <=, 31.0 * (g_get_monotonic_time () / 1e6 - start_s) + 2);
  g_assert_cmpfloat (mw_trainer_get_progress (trainer), >, 0.0);

  /* Pause: takes effect between meta-iterations, then nothing advances. */
  activate ("pause");
  wait_until (in_state, GINT_TO_POINTER (MW_RUN_STATE_PAUSED), "the run to pause");
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_PAUSED);
  g_assert_true (action_enabled ("step"));
  paused_at = mw_trainer_get_iteration (trainer);
  points = mw_curve_plot_get_n_points (mw_run_view_get_loss_plot (view), MW_RUN_VIEW_SERIES);
  g_assert_cmpint ((gint64) points, ==, paused_at);
  {
    gboolean waited = FALSE;
    g_timeout_add (600, timeout_cb, &waited);
    while (!waited)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpint (mw_trainer_get_iteration (trainer), ==, paused_at);
  g_assert_cmpuint (mw_curve_plot_get_n_points (mw_run_view_get_loss_plot (view), MW_RUN_VIEW_SERIES),
                    ==, points);

  /* Step: exactly one meta-iteration, still paused. */
  activate ("step");
  target = paused_at + 1;
  wait_until (iteration_reached, &target, "one step");
  {
    gboolean waited = FALSE;

    g_timeout_add (300, timeout_cb, &waited);
    while (!waited)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_cmpint (mw_trainer_get_iteration (trainer), ==, paused_at + 1);
  g_assert_cmpint (mw_trainer_get_state (trainer), ==, MW_RUN_STATE_PAUSED);

  /* Resume (the same button). */
  activate ("pause");
  wait_until (in_state, GINT_TO_POINTER (MW_RUN_STATE_RUNNING), "the run to resume");
  /* Far enough for a second validation point in the screenshot. */
  target = MAX (paused_at + 4, 21);
  wait_until (iteration_reached, &target, "training to go on");
  wait_until (has_points, GSIZE_TO_POINTER ((gsize) target), "more points");

  save_screenshot (GTK_WIDGET (window), "trainer");

  activate ("stop");
  wait_until (run_ended, NULL, "the run to stop");
  latency_stop_and_report ();

  g_assert_cmpint (mw_trainer_get_state (trainer), ==, MW_RUN_STATE_STOPPED);
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_STOPPED);
  g_assert_true (action_enabled ("start"));
  g_assert_false (action_enabled ("pause"));
  g_assert_null (mw_run_view_get_error (view));

  /* loading → running → paused → running → stopped */
  g_assert_cmpuint (states->len, ==, 5);
  g_assert_cmpint (g_array_index (states, MwRunState, 0), ==, MW_RUN_STATE_LOADING);
  g_assert_cmpint (g_array_index (states, MwRunState, 1), ==, MW_RUN_STATE_RUNNING);
  g_assert_cmpint (g_array_index (states, MwRunState, 2), ==, MW_RUN_STATE_PAUSED);
  g_assert_cmpint (g_array_index (states, MwRunState, 3), ==, MW_RUN_STATE_RUNNING);
  g_assert_cmpint (g_array_index (states, MwRunState, 4), ==, MW_RUN_STATE_STOPPED);

  g_signal_handler_disconnect (trainer, handler);
}

static void
test_run_finishes (void)
{
  MwCurvePoint point;
  MwCurvePlot *accuracy = mw_run_view_get_accuracy_plot (view);

  set_tiny_config (MW_ALGO_PROTONET, 20);
  activate ("start");
  wait_until (run_ended, NULL, "the run to finish");

  g_assert_cmpint (mw_trainer_get_state (trainer), ==, MW_RUN_STATE_FINISHED);
  g_assert_cmpint (mw_trainer_get_iteration (trainer), ==, 20);
  g_assert_cmpfloat (mw_trainer_get_progress (trainer), ==, 1.0);
  g_assert_cmpuint (mw_curve_plot_get_n_points (mw_run_view_get_loss_plot (view), MW_RUN_VIEW_SERIES), ==, 20);
  /* Validation at 10 and 20, in percent with a 95% interval around it. */
  g_assert_cmpuint (mw_curve_plot_get_n_points (accuracy, MW_RUN_VIEW_SERIES), ==, 2);
  g_assert_true (mw_curve_plot_get_point (accuracy, MW_RUN_VIEW_SERIES, 1, &point, NULL));
  g_assert_cmpfloat (point.iteration, ==, 20);
  g_assert_cmpfloat (point.y, >=, 0.0);
  g_assert_cmpfloat (point.y, <=, 100.0);
  g_assert_cmpfloat (point.y_lo, <=, point.y);
  g_assert_cmpfloat (point.y_hi, >=, point.y);
  g_assert_true (action_enabled ("start"));
}

static void
test_run_fails (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mw-empty-XXXXXX", NULL);

  g_assert_nonnull (dir);

  /* Bad data fails in the worker, while loading: only this run stops, with
   * its message in the window, and the next run can start. */
  set_tiny_config (MW_ALGO_PROTONET, 20);
  mw_experiment_form_set_dataset (form, MW_DATA_FOLDER, dir);
  g_assert_true (mw_experiment_form_get_valid (form));
  activate ("start");
  wait_until (run_ended, NULL, "the run to fail");

  g_assert_cmpint (mw_trainer_get_state (trainer), ==, MW_RUN_STATE_FAILED);
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_FAILED);
  g_assert_nonnull (mw_trainer_get_error_message (trainer));
  g_assert_cmpstr (mw_run_view_get_error (view), ==, mw_trainer_get_error_message (trainer));
  g_test_message ("empty folder: %s", mw_run_view_get_error (view));
  g_assert_true (action_enabled ("start"));

  save_screenshot (GTK_WIDGET (window), "trainer-failed");

  g_rmdir (dir);
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
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

  if (!gtk_init_check ())
    return 77;

  g_set_application_name (_("Meta Workbench"));
  app = mw_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_application_activate (G_APPLICATION (app));
  window = MW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  wait_until (is_mapped, window, "the main window to map");

  trainer = mw_application_get_trainer (app, window);
  form = MW_EXPERIMENT_FORM (mw_window_get_experiment_form (window));
  view = MW_RUN_VIEW (mw_window_get_run_view (window));
  g_assert_true (MW_IS_TRAINER (trainer));
  g_assert_true (MW_IS_EXPERIMENT_FORM (form));
  g_assert_true (MW_IS_RUN_VIEW (view));

  g_test_add_func ("/trainer/form", test_form);
  g_test_add_func ("/trainer/run", test_run);
  g_test_add_func ("/trainer/run-finishes", test_run_finishes);
  g_test_add_func ("/trainer/run-fails", test_run_fails);

  status = g_test_run ();

  /* Closing the window stops and joins the trainer's thread. */
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);

  return status;
}
