/* test-trainer.c: runs tiny experiments from the real window under a display:
 * form, start, live curves, pause, step, resume, stop; a queued second run
 * overlaid on the same charts; a failing run; visibility, rename, delete; the
 * x-axis choice; runs and form settings surviving a restart; a run saying it
 * validates, with a time left that does not jump; Inspect following the
 * selected run, a training one included. Measures how
 * late the main loop gets while runs train, and saves trainer*.png and
 * runs*.png.
 *
 * Environment (set by tests/ui/meson.build):
 *   MW_ARTIFACT_DIR  where the PNG screenshots go (default: current directory)
 *   MW_LOCALE_DIR    uninstalled message catalogues (default: LOCALEDIR)
 *   MW_SCREENSHOT_SUFFIX  appended to the screenshot names (e.g. "zh_CN")
 *   LANGUAGE         when it asks for Chinese, the test also checks that the UI
 *                    really is translated
 *   MW_TEST_SANITIZER  set in the sanitizer build: a larger latency bound
 */


#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-inspect-page.h"
#include "mw-run-list.h"
#include "mw-run-manager.h"
#include "mw-run-row.h"
#include "mw-run-view.h"
#include "mw-toast.h"
#include "mw-trainer.h"
#include "mw-window.h"

#define WAIT_TIMEOUT_SECONDS 120

static MwApplication *app;
static MwWindow *window;
static MwRunManager *manager;
static MwExperimentForm *form;
static MwRunView *view;
static MwRunList *list;
static char *data_home;      /* the temporary XDG_DATA_HOME */

/* --- main loop helpers --------------------------------------------------- */

typedef MwTestCondition Condition;

static void
wait_until (Condition    condition,
            gpointer     data,
            const char  *what)
{
  mw_test_wait_until (condition, data, WAIT_TIMEOUT_SECONDS, what);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* --- main-loop latency ---------------------------------------------------- */

/* A 10 ms timer that records how late each tick comes: while the workers
 * train, the UI thread must stay responsive. Screenshots are the test's own
 * work (a full render and a PNG encode on the main thread), so the probe is
 * suspended around them. */
#define LATENCY_PERIOD_MS 10
#define LATENCY_WORST_LIMIT_MS 50
/* The sanitizer build (ASan, UBSan) runs the window's own work two to six times
 * slower, so there the bound is three times larger; a UI thread that trains or waits
 * on a worker still fails it (a 60 ms sleep put into each 5th delivery of progress
 * to the window fails the normal build's bound). */
#define LATENCY_SANITIZER_FACTOR 3

typedef struct {
  guint id;
  gint64 expected_us;
  gint64 held_up_us;     /* held_up_by_others_us () at the last tick */
  gint64 paint_us;       /* paint_own_total_us at the last tick */
  GArray *lateness_us;   /* gint64: how late each tick came */
  GArray *own_us;        /* gint64: the same less the time others held the UI thread up */
} LatencyProbe;

static LatencyProbe probe;

static gint64 held_up_by_others_us (void);

/* Frame paints, timed, to tell a slow render from other main-loop work: GTK's drawing
 * is measured on its own (the sanitizer build draws several times slower, more so
 * beside a busy core), and the probe's bound is for everything else the UI thread
 * does.  paint_own_total_us sums the paints' time less their wait for a processor. */
static gint64 paint_started_us, paint_held_up_us, paint_longest_us, paint_own_total_us;

static void
before_paint_cb (GdkFrameClock *clock,
                 gpointer       data)
{
  paint_started_us = g_get_monotonic_time ();
  paint_held_up_us = held_up_by_others_us ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  gint64 took = g_get_monotonic_time () - paint_started_us;
  gint64 held_up = held_up_by_others_us ();

  if (took > 20 * 1000)
    g_test_message ("frame paint took %.1f ms", took / 1000.0);
  paint_longest_us = MAX (paint_longest_us, took);
  if (held_up >= 0 && paint_held_up_us >= 0)
    took = MAX (took - (held_up - paint_held_up_us), 0);
  paint_own_total_us += took;
}

/* The kernel's per-thread scheduler statistics (/proc/.../schedstat): time run and
 * time waited, runnable, for a processor, in µs; FALSE where they are not kept. */
static gboolean
read_schedstat (const char *path,
                gint64     *run_us,
                gint64     *wait_us)
{
  g_autofree char *text = NULL;
  guint64 run_ns, wait_ns;

  if (!g_file_get_contents (path, &text, NULL, NULL)
      || sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &run_ns, &wait_ns) != 2
      || run_ns == 0)
    return FALSE;
  *run_us = (gint64) (run_ns / 1000);
  *wait_us = (gint64) (wait_ns / 1000);
  return TRUE;
}

/* How long, in µs, the UI thread has been held up by others so far: its own waits
 * for a processor, and everything the X server did or waited for (the test's own
 * Xvfb, MW_TEST_XSERVER_PID: it draws the window's frames, and a busy machine
 * delays it); -1 where the kernel keeps no statistics.  A tick that comes late for
 * those reasons is the machine's lateness, not the window's, so the bound applies to
 * lateness less them.  A UI thread that blocks on a lock or a join sleeps, and one
 * that trains runs: neither shows here, so both still count. */
static gint64
held_up_by_others_us (void)
{
  const char *server = g_getenv ("MW_TEST_XSERVER_PID");
  gint64 run, wait, server_run, server_wait;

  if (!read_schedstat ("/proc/thread-self/schedstat", &run, &wait))
    return -1;
  if (server != NULL)
    {
      g_autofree char *path = g_strdup_printf ("/proc/%s/schedstat", server);

      if (read_schedstat (path, &server_run, &server_wait))
        wait += server_run + server_wait;
    }
  return wait;
}

static gboolean
latency_tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 late = MAX (now - probe.expected_us, 0);
  gint64 held_up = held_up_by_others_us ();
  gint64 own = late;

  if (held_up >= 0 && probe.held_up_us >= 0)
    own -= held_up - probe.held_up_us;
  own = MAX (own - (paint_own_total_us - probe.paint_us), 0);
  probe.held_up_us = held_up;
  probe.paint_us = paint_own_total_us;
  g_array_append_val (probe.lateness_us, late);
  g_array_append_val (probe.own_us, own);
  if (late > 20 * 1000)
    g_test_message ("main loop %.1f ms late (%.1f ms of it neither painting nor waiting "
                    "for a processor or the X server)",
                    late / 1000.0, own / 1000.0);
  probe.expected_us = now + LATENCY_PERIOD_MS * 1000;
  return G_SOURCE_CONTINUE;
}

static void
latency_resume (void)
{
  g_assert_cmpuint (probe.id, ==, 0);
  probe.expected_us = g_get_monotonic_time () + LATENCY_PERIOD_MS * 1000;
  probe.held_up_us = held_up_by_others_us ();
  probe.paint_us = paint_own_total_us;
  probe.id = g_timeout_add (LATENCY_PERIOD_MS, latency_tick_cb, NULL);
}

static void
latency_suspend (void)
{
  if (probe.id != 0)
    g_source_remove (probe.id);
  probe.id = 0;
}

/* GTK loads the icon theme lazily, and the main loop waits for that load the
 * first time an icon is needed (a one-off of up to ~80 ms on a loaded machine).
 * That is GTK's start-up, not training: load it before measuring. */
static void
warm_up_icons (void)
{
  static const char *const names[] = {
    "media-playback-start-symbolic", "media-playback-pause-symbolic",
    "media-skip-forward-symbolic", "media-playback-stop-symbolic", "open-menu-symbolic",
    "view-more-symbolic", "view-reveal-symbolic", "view-conceal-symbolic",
    "dialog-error-symbolic", "window-close-symbolic", "folder-open-symbolic",
  };
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (window)));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_object_unref (gtk_icon_theme_lookup_icon (theme, names[i], NULL, 16, 1,
                                                GTK_TEXT_DIR_NONE, 0));
}

static void
latency_start (void)
{
  static gboolean connected;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));

  if (!connected && clock != NULL)
    {
      g_signal_connect (clock, "before-paint", G_CALLBACK (before_paint_cb), NULL);
      g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
      connected = TRUE;
    }
  warm_up_icons ();
  paint_longest_us = 0;
  probe.lateness_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  probe.own_us = g_array_new (FALSE, FALSE, sizeof (gint64));
  latency_resume ();
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Sorts @a and returns its median, 99th percentile and largest value. */
static void
percentiles (GArray *a,
             gint64 *p50,
             gint64 *p99,
             gint64 *worst)
{
  g_array_sort (a, compare_gint64);
  *p50 = g_array_index (a, gint64, a->len / 2);
  *p99 = g_array_index (a, gint64, (a->len * 99) / 100);
  *worst = g_array_index (a, gint64, a->len - 1);
}

static void
latency_stop_and_report (void)
{
  gint64 worst, p99, p50, own_worst, own_p99, own_p50;
  gint64 limit_us = LATENCY_WORST_LIMIT_MS * 1000
                    * (g_getenv ("MW_TEST_SANITIZER") != NULL ? LATENCY_SANITIZER_FACTOR : 1);

  latency_suspend ();
  g_assert_cmpuint (probe.lateness_us->len, >, 10);
  percentiles (probe.lateness_us, &p50, &p99, &worst);
  percentiles (probe.own_us, &own_p50, &own_p99, &own_worst);

  g_print ("# main-loop lateness during training over %u ticks of %d ms: "
           "median %.1f ms, p99 %.1f ms, worst %.1f ms; less the time painting and "
           "waiting for a processor or the X server: median %.1f ms, p99 %.1f ms, worst %.1f ms%s; "
           "longest frame paint %.1f ms\n",
           probe.lateness_us->len, LATENCY_PERIOD_MS, p50 / 1000.0, p99 / 1000.0,
           worst / 1000.0, own_p50 / 1000.0, own_p99 / 1000.0, own_worst / 1000.0,
           probe.held_up_us < 0 ? " (no scheduler statistics here: the same)" : "",
           paint_longest_us / 1000.0);

  /* The UI thread never trains, loads or joins: no tick may come late by more than a
   * few frames for reasons of its own besides drawing, however busy the machine is. */
  g_assert_cmpint (own_worst, <, limit_us);

  g_clear_pointer (&probe.lateness_us, g_array_unref);
  g_clear_pointer (&probe.own_us, g_array_unref);
}

static void
screenshot (const char *basename)
{
  gboolean probing = probe.id != 0;

  if (probing)
    latency_suspend ();
  mw_test_save_screenshot (GTK_WIDGET (window), basename);
  if (probing)
    latency_resume ();
}

/* --- helpers ---------------------------------------------------------------- */

static MwTrainer *
trainer_of (MwRunItem *item)
{
  return mw_run_manager_get_trainer (manager, item);
}

static gboolean
in_state (gpointer data)
{
  const struct { MwRunItem *item; MwRunState state; } *w = data;

  return mw_run_item_get_state (w->item) == w->state;
}

static void
wait_for_state (MwRunItem  *item,
                MwRunState  state,
                const char *what)
{
  struct { MwRunItem *item; MwRunState state; } w = { item, state };

  wait_until (in_state, &w, what);
}

static gsize
n_loss (MwRunItem *item)
{
  return mw_run_view_get_n_points (view, mw_run_item_get_id (item), "train_loss");
}

static gsize
n_accuracy (MwRunItem *item)
{
  return mw_run_view_get_n_points (view, mw_run_item_get_id (item), "val_accuracy");
}

/* The id in its chart of a run's series @metric (interned). */
static const char *
series_of (const char *run_id,
           const char *metric)
{
  g_autofree char *id = g_strconcat (run_id, "/", metric, NULL);

  return g_intern_string (id);
}

#define LOSS_SERIES(item) series_of (mw_run_item_get_id (item), "train_loss")

typedef struct {
  MwRunItem *item;
  gsize loss;
} PointsWanted;

static gboolean
has_points (gpointer data)
{
  PointsWanted *w = data;

  return n_loss (w->item) >= w->loss && n_accuracy (w->item) >= 1;
}

static void
wait_for_points (MwRunItem *item,
                 gsize      loss)
{
  PointsWanted w = { item, loss };

  wait_until (has_points, &w, "loss and validation points");
}

static gboolean
iteration_reached (gpointer data)
{
  PointsWanted *w = data;

  return mw_run_item_get_iteration (w->item) >= (gint64) w->loss;
}

static gboolean
run_ended (gpointer data)
{
  return MW_RUN_STATE_IS_FINAL (mw_run_item_get_state (data));
}

static void
record_state_cb (MwRunItem  *item,
                 GParamSpec *pspec,
                 GArray     *states)
{
  MwRunState state = mw_run_item_get_state (item);

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

static guint
n_runs (void)
{
  return g_list_model_get_n_items (mw_run_manager_get_runs (manager));
}

static MwRunItem *
run_at (guint i)
{
  g_autoptr(MwRunItem) item = g_list_model_get_item (mw_run_manager_get_runs (manager), i);

  return item;   /* the model keeps it alive */
}

/* Starts a run through win.start; returns the new (selected) run. */
static MwRunItem *
start_run (void)
{
  guint before = n_runs ();
  MwRunItem *item;

  activate ("start");
  g_assert_cmpuint (n_runs (), ==, before + 1);
  item = run_at (before);
  g_assert_true (mw_run_list_get_selected (list) == item);
  g_assert_true (mw_run_view_get_shown_run (view) == item);
  return item;
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

static char *
run_file (MwRunItem  *item,
          const char *name)
{
  return g_build_filename (mw_run_manager_get_run_dir (manager, item), name, NULL);
}

static GKeyFile *
load_run_info (MwRunItem *item)
{
  g_autofree char *path = run_file (item, "run.ini");
  GKeyFile *kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;

  g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error (error);
  return kf;
}

/* Creates the application and its window, as a user starting the program
 * does, and waits for the saved runs to be read. */
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
  wait_until (is_mapped, window, "the main window to map");

  manager = mw_application_get_run_manager (app);
  form = MW_EXPERIMENT_FORM (mw_window_get_experiment_form (window));
  view = MW_RUN_VIEW (mw_window_get_run_view (window));
  list = MW_RUN_LIST (mw_window_get_run_list (window));
  g_assert_true (MW_IS_RUN_MANAGER (manager));
  g_assert_true (MW_IS_EXPERIMENT_FORM (form));
  g_assert_true (MW_IS_RUN_VIEW (view));
  g_assert_true (MW_IS_RUN_LIST (list));
  g_assert_true (g_str_has_prefix (mw_run_manager_get_runs_dir (manager), data_home));
  /* 1 on a 2-core machine: runs there go one after the other. */
  g_assert_cmpuint (mw_run_manager_get_max_concurrent (manager), ==,
                    MAX (1u, g_get_num_processors () / 2));

  wait_until ((Condition) mw_run_manager_get_loaded, manager, "the saved runs to load");
}

static gboolean
no_windows (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

/* Quits as app.quit does, then lets the application go (which stops the
 * runs still going and saves them). */
static void
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

/* --- tests ----------------------------------------------------------------- */

static void
test_first_start (void)
{
  MwExperimentConfig config;

  /* No saved runs: the empty state, and a default experiment that runs
   * offline — MAML on the built-in glyphs. */
  g_assert_cmpuint (n_runs (), ==, 0);
  g_assert_cmpstr (mw_window_get_content_page (window), ==, MW_WINDOW_PAGE_EMPTY);
  g_assert_cmpint (mw_experiment_form_get_algorithm (form), ==, MW_ALGO_MAML);
  g_assert_true (mw_experiment_form_get_valid (form));
  g_assert_null (mw_experiment_form_get_error (form));
  g_assert_true (action_enabled ("start"));
  g_assert_false (action_enabled ("stop"));
  mw_experiment_form_get_config (form, &config);
  g_assert_cmpint (config.algo.kind, ==, MW_ALGO_MAML);
  g_assert_cmpint (config.data, ==, MW_DATA_GLYPHS);
  mw_experiment_config_clear (&config);

  screenshot ("runs-empty");
}

static void
test_form (void)
{
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

  /* An image folder needs a folder; its ink polarity is a choice (auto by default),
   * which the settings carry. */
  g_assert_false (mw_experiment_form_is_shown (form, "invert"));
  mw_experiment_form_set_dataset (form, MW_DATA_FOLDER, NULL);
  g_assert_true (mw_experiment_form_is_shown (form, "folder"));
  g_assert_true (mw_experiment_form_is_shown (form, "invert"));
  {
    MwExperimentConfig config;

    mw_experiment_form_get_config (form, &config);
    g_assert_cmpint (config.invert, ==, MW_INVERT_AUTO);
    config.invert = MW_INVERT_NO;
    mw_experiment_form_set_config (form, &config);
    mw_experiment_config_clear (&config);
    mw_experiment_form_get_config (form, &config);
    g_assert_cmpint (config.invert, ==, MW_INVERT_NO);
    mw_experiment_config_clear (&config);
  }
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
  MwRunItem *item;
  MwTrainer *trainer;
  PointsWanted target;
  gint64 paused_at;
  gsize points;
  guint deliveries;
  double start_s;
  gulong handler;

  set_tiny_config (MW_ALGO_MAML, 60);

  latency_start ();
  start_s = g_get_monotonic_time () / 1e6;
  item = start_run ();
  handler = g_signal_connect (item, "notify::state", G_CALLBACK (record_state_cb), states);
  trainer = trainer_of (item);
  g_assert_nonnull (trainer);

  /* Loading happens in the worker: the call returns at once. */
  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_LOADING);
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_LOADING);
  g_assert_cmpstr (mw_window_get_content_page (window), ==, MW_WINDOW_PAGE_CHART);
  g_assert_true (action_enabled ("start"));   /* another run would queue */
  g_assert_true (action_enabled ("stop"));
  g_assert_false (action_enabled ("pause"));
  g_assert_cmpint (mw_run_item_get_total_iterations (item), ==, 60);

  wait_for_state (item, MW_RUN_STATE_RUNNING, "the run to start");
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_RUNNING);
  wait_for_points (item, 12);
  g_test_message ("first validation after %.2f s", g_get_monotonic_time () / 1e6 - start_s);

  /* Deliveries are batched: never more than ~30 a second. */
  deliveries = mw_trainer_get_n_deliveries (trainer);
  g_assert_cmpfloat (deliveries, <=, 31.0 * (g_get_monotonic_time () / 1e6 - start_s) + 2);
  g_assert_cmpfloat (mw_run_item_get_fraction (item), >, 0.0);

  /* Pause: takes effect between meta-iterations, then nothing advances. */
  activate ("pause");
  wait_for_state (item, MW_RUN_STATE_PAUSED, "the run to pause");
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_PAUSED);
  g_assert_true (action_enabled ("step"));
  paused_at = mw_run_item_get_iteration (item);
  points = n_loss (item);
  g_assert_cmpint ((gint64) points, ==, paused_at);
  mw_test_spin_main_loop (600);   /* not a wait: nothing may happen in it */
  g_assert_cmpint (mw_run_item_get_iteration (item), ==, paused_at);
  g_assert_cmpuint (n_loss (item), ==, points);

  /* Step: exactly one meta-iteration, still paused. */
  activate ("step");
  target = (PointsWanted) { item, (gsize) paused_at + 1 };
  wait_until (iteration_reached, &target, "one step");
  mw_test_spin_main_loop (300);   /* not a wait: a second step may not come */
  g_assert_cmpint (mw_run_item_get_iteration (item), ==, paused_at + 1);
  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_PAUSED);

  /* Resume (the same button). */
  activate ("pause");
  wait_for_state (item, MW_RUN_STATE_RUNNING, "the run to resume");
  /* Far enough for a second validation point in the screenshot. */
  target.loss = MAX ((gsize) paused_at + 4, 21);
  wait_until (iteration_reached, &target, "training to go on");
  wait_for_points (item, target.loss);
  /* The chance level of its 5-way episodes, dashed on the accuracy chart. */
  g_assert_cmpuint (mw_curve_plot_get_n_reference_lines (mw_run_view_get_chart (view, MW_METRIC_UNIT_ACCURACY)),
                    ==, 1);

  screenshot ("trainer");

  activate ("stop");
  wait_until (run_ended, item, "the run to stop");
  latency_stop_and_report ();

  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_STOPPED);
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_STOPPED);
  g_assert_null (trainer_of (item));   /* the worker is gone, joined */
  g_assert_true (action_enabled ("start"));
  g_assert_false (action_enabled ("pause"));
  g_assert_null (mw_run_view_get_error (view));

  /* loading → running → paused → running → stopped */
  g_assert_cmpuint (states->len, ==, 4);
  g_assert_cmpint (g_array_index (states, MwRunState, 0), ==, MW_RUN_STATE_RUNNING);
  g_assert_cmpint (g_array_index (states, MwRunState, 1), ==, MW_RUN_STATE_PAUSED);
  g_assert_cmpint (g_array_index (states, MwRunState, 2), ==, MW_RUN_STATE_RUNNING);
  g_assert_cmpint (g_array_index (states, MwRunState, 3), ==, MW_RUN_STATE_STOPPED);
  g_signal_handler_disconnect (item, handler);

  /* The core's own files, in the run's folder. */
  {
    const char *files[] = { "experiment.ini", "metrics.csv", "metrics.jsonl", "checkpoint.mwc",
                            "series.gvariant", "run.ini" };
    g_autoptr(GKeyFile) info = load_run_info (item);
    g_autofree char *state = g_key_file_get_string (info, "run", "state", NULL);

    for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
      {
        g_autofree char *path = run_file (item, files[i]);
        g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      }
    g_assert_cmpstr (state, ==, "stopped");
  }
}

static void
test_queue (void)
{
  MwRunItem *first, *second;
  MwCurvePlot *loss = mw_run_view_get_chart (view, MW_METRIC_UNIT_LOSS);
  GdkRGBA c1, c2;

  /* One at a time here whatever the machine, so the queue is what is tested. */
  mw_run_manager_set_max_concurrent (manager, 1);

  latency_start ();
  set_tiny_config (MW_ALGO_MAML, 20);
  first = start_run ();
  set_tiny_config (MW_ALGO_REPTILE, 20);
  second = start_run ();

  /* Both in the list, the second waiting its turn; Stop would unqueue it. */
  g_assert_cmpint (mw_run_item_get_state (second), ==, MW_RUN_STATE_QUEUED);
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_QUEUED);
  g_assert_true (action_enabled ("stop"));
  g_assert_false (action_enabled ("pause"));
  g_assert_true (MW_RUN_STATE_IS_ACTIVE (mw_run_item_get_state (first)));
  g_assert_nonnull (mw_run_list_get_row (list, first));
  g_assert_nonnull (mw_run_list_get_row (list, second));

  wait_until (run_ended, first, "the first run to finish");
  g_assert_cmpint (mw_run_item_get_state (first), ==, MW_RUN_STATE_FINISHED);
  wait_for_points (second, 12);
  g_assert_cmpint (mw_run_item_get_state (second), ==, MW_RUN_STATE_RUNNING);

  /* Overlaid: one series per run in each chart, in the run's own colour. */
  g_assert_true (mw_curve_plot_has_series (loss, LOSS_SERIES (first)));
  g_assert_true (mw_curve_plot_has_series (loss, LOSS_SERIES (second)));
  g_assert_cmpuint (n_loss (first), ==, 20);
  g_assert_cmpuint (n_accuracy (first), ==, 2);
  g_assert_true (mw_curve_plot_get_series_color (loss, LOSS_SERIES (first), &c1));
  g_assert_true (mw_curve_plot_get_series_color (loss, LOSS_SERIES (second), &c2));
  g_assert_true (gdk_rgba_equal (&c1, mw_run_item_get_color (first)));
  g_assert_true (gdk_rgba_equal (&c2, mw_run_item_get_color (second)));
  g_assert_false (gdk_rgba_equal (&c1, &c2));
  g_assert_cmpstr (mw_curve_plot_get_series_name (loss, LOSS_SERIES (second)), ==,
                   mw_run_item_get_name (second));

  wait_until (run_ended, second, "the second run to finish");
  latency_stop_and_report ();
  g_assert_cmpint (mw_run_item_get_state (second), ==, MW_RUN_STATE_FINISHED);
  g_assert_cmpuint (n_loss (second), ==, 20);

  screenshot ("runs-overlay");
}

typedef struct {
  MwCurvePlot *plot;
  guint        series;
} SeriesWanted;

static gboolean
has_series (gpointer data)
{
  SeriesWanted *w = data;

  return mw_curve_plot_get_n_series (w->plot) >= w->series;
}

/* The Inspect view loads the selected finished run (only once it is shown), and
 * "Compare Runs" tests it together with the other finished runs on the charts,
 * MAML beside Reptile, each on the same test episodes. */
static void
test_inspect_compare (void)
{
  MwInspectPage *page = MW_INSPECT_PAGE (mw_window_get_inspect_page (window));
  MwRunItem *maml = run_at (n_runs () - 2), *reptile = run_at (n_runs () - 1);
  SeriesWanted wanted = { mw_inspect_page_get_adaptation_plot (page, FALSE), 2 };
  g_auto(GStrv) ids = NULL;
  gboolean seen_maml = FALSE, seen_reptile = FALSE;

  g_assert_cmpint (mw_run_item_get_state (maml), ==, MW_RUN_STATE_FINISHED);
  g_assert_cmpint (mw_run_item_get_state (reptile), ==, MW_RUN_STATE_FINISHED);
  mw_run_list_select (list, reptile);
  mw_window_set_view (window, "inspect");
  mw_inspect_page_show_page (page, "adaptation");
  mw_test_wait_for_animations (GTK_WIDGET (window));
  g_signal_emit_by_name (page, "compare-requested");
  wait_until (has_series, &wanted, "the compared runs' adaptation curves");
  ids = mw_curve_plot_get_series_ids (wanted.plot);
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *name = mw_curve_plot_get_series_name (wanted.plot, ids[i]);

      GdkRGBA color;

      g_test_message ("compared: %s", name);
      seen_maml |= g_strcmp0 (name, mw_run_item_get_name (maml)) == 0;
      seen_reptile |= g_strcmp0 (name, mw_run_item_get_name (reptile)) == 0;
      /* Each run keeps its own colour from the training charts. */
      g_assert_true (mw_curve_plot_get_series_color (wanted.plot, ids[i], &color));
      if (g_strcmp0 (name, mw_run_item_get_name (reptile)) == 0)
        g_assert_true (gdk_rgba_equal (&color, mw_run_item_get_color (reptile)));
    }
  g_assert_true (seen_maml);
  g_assert_true (seen_reptile);
  screenshot ("inspect-compare");
  mw_window_set_view (window, "training");
}

static gboolean
inspecting_loaded (gpointer data)
{
  MwInspectPage *page = MW_INSPECT_PAGE (mw_window_get_inspect_page (window));

  return mw_inspect_page_get_unavailable (page) == NULL &&
         g_str_has_prefix (mw_inspect_page_get_title (page), mw_run_item_get_name (data));
}

/* Inspect shows the run selected in the list, whatever its state: a run
 * that has not validated yet by its name, with when it will have something
 * to show (not "No run selected", not the run shown before); once it has
 * validated, its checkpoint; the finished run again when it is selected. */
static void
test_inspect_follows (void)
{
  MwInspectPage *page = MW_INSPECT_PAGE (mw_window_get_inspect_page (window));
  MwRunItem *reptile = run_at (n_runs () - 1), *item;

  mw_window_set_view (window, "inspect");
  mw_run_list_select (list, reptile);
  wait_until (inspecting_loaded, reptile, "the finished run in Inspect");

  set_tiny_config (MW_ALGO_MAML, 30);
  mw_experiment_form_set_extra (form, "val-episodes", "300");
  item = start_run ();
  g_assert_cmpstr (mw_inspect_page_get_title (page), ==, mw_run_item_get_name (item));
  g_assert_cmpstr (mw_inspect_page_get_unavailable (page), ==,
                   _("Available after the first validation"));
  mw_inspect_page_show_page (page, "adaptation");
  g_assert_cmpstr (mw_curve_plot_get_empty_hint (mw_inspect_page_get_adaptation_plot (page, FALSE)), ==,
                   _("Available after the first validation"));
  mw_test_wait_for_animations (GTK_WIDGET (window));
  screenshot ("inspect-before-validation");

  /* The first validation saves a checkpoint: the page loads it by itself,
   * and its empty charts say how to fill them. */
  wait_until (inspecting_loaded, item, "the training run's first checkpoint in Inspect");
  g_assert_false (MW_RUN_STATE_IS_FINAL (mw_run_item_get_state (item)));
  g_assert_cmpstr (mw_curve_plot_get_empty_hint (mw_inspect_page_get_adaptation_plot (page, FALSE)), ==,
                   _("Press “Compare Runs” to test this run (and the other finished runs shown on "
                     "the Training page) on the same test episodes"));
  mw_test_wait_for_animations (GTK_WIDGET (window));
  screenshot ("inspect-training-run");
  activate ("stop");
  wait_until (run_ended, item, "the run to stop");

  mw_run_list_select (list, reptile);
  wait_until (inspecting_loaded, reptile, "the finished run in Inspect again");
  mw_window_set_view (window, "training");
}

static void
test_x_axis (void)
{
  MwCurvePlot *loss = mw_run_view_get_chart (view, MW_METRIC_UNIT_LOSS);
  MwRunItem *item = run_at (n_runs () - 1);
  const MwExperimentConfig *config = mw_run_manager_get_config (manager, item);
  MwCurvePoint last;
  double x_max;

  g_assert_nonnull (config);
  g_assert_true (mw_curve_plot_get_point (loss, LOSS_SERIES (item), n_loss (item) - 1,
                                          &last, NULL));
  /* Tasks seen = iteration × meta-batch. */
  g_assert_cmpfloat (last.tasks, ==, last.iteration * config->algo.meta_batch);

  mw_run_view_set_x_axis (view, MW_CURVE_PLOT_X_TASKS);
  g_assert_cmpint (mw_curve_plot_get_x_axis (loss), ==, MW_CURVE_PLOT_X_TASKS);
  g_assert_cmpint (mw_curve_plot_get_x_axis (mw_run_view_get_chart (view, MW_METRIC_UNIT_ACCURACY)), ==,
                   MW_CURVE_PLOT_X_TASKS);
  g_assert_true (mw_curve_plot_get_view (loss, NULL, &x_max, NULL, NULL));
  g_assert_cmpfloat (x_max, >=, last.tasks);
  screenshot ("runs-tasks-axis");

  mw_run_view_set_x_axis (view, MW_CURVE_PLOT_X_SECONDS);
  g_assert_cmpint (mw_curve_plot_get_x_axis (loss), ==, MW_CURVE_PLOT_X_SECONDS);
  g_assert_true (mw_curve_plot_get_view (loss, NULL, &x_max, NULL, NULL));
  g_assert_cmpfloat (x_max, <, last.tasks);
  g_assert_cmpfloat (last.seconds, >, 0.0);

  mw_run_view_set_x_axis (view, MW_CURVE_PLOT_X_ITERATIONS);
}

static void
test_run_fails (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mw-empty-XXXXXX", NULL);
  MwRunItem *other = run_at (0);
  gsize other_points = n_loss (other);
  MwRunItem *item;

  g_assert_nonnull (dir);

  /* Bad data fails in the worker, while loading: only this run stops, with
   * its message in the window; the other runs and their curves stay. */
  set_tiny_config (MW_ALGO_PROTONET, 20);
  mw_experiment_form_set_dataset (form, MW_DATA_FOLDER, dir);
  g_assert_true (mw_experiment_form_get_valid (form));
  item = start_run ();
  wait_until (run_ended, item, "the run to fail");

  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_FAILED);
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_FAILED);
  g_assert_nonnull (mw_run_item_get_error_message (item));
  g_assert_cmpstr (mw_run_view_get_error (view), ==, mw_run_item_get_error_message (item));
  g_test_message ("empty folder: %s", mw_run_view_get_error (view));
  g_assert_true (action_enabled ("start"));
  g_assert_cmpuint (n_loss (other), ==, other_points);
  g_assert_cmpint (mw_run_item_get_state (other), !=, MW_RUN_STATE_FAILED);

  screenshot ("trainer-failed");

  /* Selecting another run shows that one, without the message. */
  mw_run_list_select (list, other);
  g_assert_null (mw_run_view_get_error (view));
  mw_run_list_select (list, item);
  g_assert_nonnull (mw_run_view_get_error (view));

  g_rmdir (dir);
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
}

static GtkWidget *
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

static gboolean
file_gone (gpointer path)
{
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
runs_fewer_than (gpointer data)
{
  return n_runs () < GPOINTER_TO_UINT (data);
}

static void
test_visibility_rename_delete (void)
{
  MwCurvePlot *loss = mw_run_view_get_chart (view, MW_METRIC_UNIT_LOSS);
  MwCurvePlot *accuracy = mw_run_view_get_chart (view, MW_METRIC_UNIT_ACCURACY);
  MwRunItem *item = run_at (1);
  g_autofree char *id = g_strdup (mw_run_item_get_id (item));
  g_autofree char *dir = g_strdup (mw_run_manager_get_run_dir (manager, item));
  GtkWidget *row, *toggle, *label, *toast;
  guint before;

  mw_run_list_select (list, item);
  mw_test_wait_for_frames (GTK_WIDGET (list));
  row = mw_run_list_get_row (list, item);
  g_assert_true (MW_IS_RUN_ROW (row));

  /* The row's eye toggle hides the run's curves in both charts. */
  toggle = find_descendant_of_type (row, GTK_TYPE_TOGGLE_BUTTON);
  g_assert_nonnull (toggle);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_false (mw_run_item_get_visible (item));
  g_assert_false (mw_curve_plot_get_series_visible (loss, series_of (id, "train_loss")));
  g_assert_false (mw_curve_plot_get_series_visible (accuracy, series_of (id, "val_accuracy")));
  {
    g_autoptr(GKeyFile) info = load_run_info (item);
    g_assert_false (g_key_file_get_boolean (info, "run", "visible", NULL));
  }
  screenshot ("runs-hidden");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
  g_assert_true (mw_curve_plot_get_series_visible (loss, series_of (id, "train_loss")));

  /* Rename in place: the row's Rename item edits the name; the legend and
   * the saved run follow. */
  label = find_descendant_of_type (row, GTK_TYPE_ENTRY);
  g_assert_nonnull (label);
  g_assert_false (gtk_widget_get_mapped (label));
  gtk_widget_activate_action (row, "row.rename", NULL);
  g_assert_true (gtk_widget_get_mapped (label));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (label)), ==, mw_run_item_get_name (item));
  gtk_editable_set_text (GTK_EDITABLE (label), "Reptile, the fast one");
  g_signal_emit_by_name (label, "activate");   /* Enter */
  g_assert_false (gtk_widget_get_mapped (label));
  g_assert_cmpstr (mw_run_item_get_name (item), ==, "Reptile, the fast one");
  g_assert_cmpstr (mw_curve_plot_get_series_name (loss, series_of (id, "train_loss")), ==, "Reptile, the fast one");
  g_assert_cmpstr (mw_curve_plot_get_series_name (accuracy, series_of (id, "val_accuracy")), ==, "Reptile, the fast one");
  {
    g_autoptr(GKeyFile) info = load_run_info (item);
    g_autofree char *name = g_key_file_get_string (info, "run", "name", NULL);
    g_assert_cmpstr (name, ==, "Reptile, the fast one");
  }

  /* Delete (the row's menu): gone from the list and the charts at once; its
   * folder is removed in the background once the toast offering Undo goes
   * (closed here; tests/ui/test-run-list.c has Undo and the time-out). */
  before = n_runs ();
  gtk_widget_activate_action (row, "row.delete", NULL);
  wait_until (runs_fewer_than, GUINT_TO_POINTER (before), "the run to be deleted");
  g_assert_cmpuint (n_runs (), ==, before - 1);
  g_assert_false (mw_curve_plot_has_series (loss, series_of (id, "train_loss")));
  g_assert_false (mw_curve_plot_has_series (accuracy, series_of (id, "val_accuracy")));
  toast = find_descendant_of_type (GTK_WIDGET (window), MW_TYPE_TOAST);
  g_assert_nonnull (toast);
  g_assert_true (mw_toast_get_shown (MW_TOAST (toast)));
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  gtk_widget_activate_action (toast, "toast.close", NULL);
  wait_until (file_gone, dir, "the run folder to be deleted");
  g_assert_nonnull (mw_run_list_get_selected (list));
}

typedef struct {
  char *id;
  char *name;
  GdkRGBA color;
  gboolean visible;
  MwRunState state;
  gsize loss, accuracy;
} RunSnapshot;

static void
run_snapshot_clear (gpointer data)
{
  RunSnapshot *s = data;

  g_free (s->id);
  g_free (s->name);
}

static void
test_persistence (void)
{
  g_autoptr(GArray) before = g_array_new (FALSE, TRUE, sizeof (RunSnapshot));
  MwExperimentConfig config;
  MwRunItem *going;
  guint n;

  g_array_set_clear_func (before, run_snapshot_clear);

  /* One run hidden, and one still training when the application quits. */
  mw_run_item_set_visible (run_at (0), FALSE);
  set_tiny_config (MW_ALGO_FOMAML, 2000);
  mw_experiment_form_set_value (form, "ways", 4);
  going = start_run ();
  wait_for_points (going, 11);

  n = n_runs ();
  for (guint i = 0; i < n; i++)
    {
      MwRunItem *item = run_at (i);
      RunSnapshot s = {
        .id = g_strdup (mw_run_item_get_id (item)),
        .name = g_strdup (mw_run_item_get_name (item)),
        .color = *mw_run_item_get_color (item),
        .visible = mw_run_item_get_visible (item),
        .state = mw_run_item_get_state (item),
      };
      g_array_append_val (before, s);
    }

  close_app ();
  open_app ();

  /* The same runs, in the same order, with their names, colours, states
   * (the one that was going is stopped) and curves. */
  g_assert_cmpuint (n_runs (), ==, n);
  g_assert_cmpstr (mw_window_get_content_page (window), ==, MW_WINDOW_PAGE_CHART);
  for (guint i = 0; i < n; i++)
    {
      RunSnapshot *s = &g_array_index (before, RunSnapshot, i);
      MwRunItem *item = run_at (i);
      MwRunState want = MW_RUN_STATE_IS_FINAL (s->state) ? s->state : MW_RUN_STATE_STOPPED;

      g_assert_cmpstr (mw_run_item_get_id (item), ==, s->id);
      g_assert_cmpstr (mw_run_item_get_name (item), ==, s->name);
      g_assert_true (gdk_rgba_equal (mw_run_item_get_color (item), &s->color));
      g_assert_cmpint (mw_run_item_get_visible (item), ==, s->visible);
      g_assert_cmpint (mw_run_item_get_state (item), ==, want);
      g_assert_cmpint (mw_curve_plot_get_series_visible (mw_run_view_get_chart (view, MW_METRIC_UNIT_LOSS),
                                                         series_of (s->id, "train_loss")),
                       ==, s->visible);
      if (want != MW_RUN_STATE_FAILED)
        {
          g_assert_cmpuint (n_loss (item), >, 0);
          g_assert_cmpuint (n_loss (item), ==, (gsize) mw_run_item_get_iteration (item));
          g_assert_nonnull (mw_run_manager_get_config (manager, item));
        }
      else
        g_assert_nonnull (mw_run_item_get_error_message (item));
    }
  g_assert_cmpint (mw_run_item_get_state (run_at (n - 1)), ==, MW_RUN_STATE_STOPPED);
  g_assert_cmpuint (n_loss (run_at (n - 1)), >=, 11);

  /* The form comes back with the last settings started. */
  g_assert_cmpint (mw_experiment_form_get_algorithm (form), ==, MW_ALGO_FOMAML);
  mw_experiment_form_get_config (form, &config);
  g_assert_cmpint (config.ways, ==, 4);
  g_assert_cmpint (config.iterations, ==, 2000);
  mw_experiment_config_clear (&config);

  mw_run_item_set_visible (run_at (0), TRUE);
  screenshot ("runs-restored");
}

/* One sample of a run's row as it changes. */
typedef struct {
  gboolean validating;
  double fraction;         /* the validation's while validating, else the iteration's */
  double eta;
} RowSample;

static void
record_row_cb (MwRunItem  *item,
               GParamSpec *pspec,
               GArray     *samples)
{
  RowSample s = {
    mw_run_item_get_validating (item),
    mw_run_item_get_validating (item) ? mw_run_item_get_validation_fraction (item)
                                      : mw_run_item_get_fraction (item),
    mw_run_item_get_eta_seconds (item),
  };

  g_array_append_val (samples, s);
}

static gboolean
validating_partway (gpointer data)
{
  double f = mw_run_item_get_validation_fraction (data);

  return mw_run_item_get_validating (data) && f > 0.0 && f < 0.5;
}

static gboolean
eta_lower_bound (gpointer data)
{
  return mw_run_item_get_eta_seconds (data) >= 0.0 && mw_run_item_get_eta_is_lower_bound (data);
}

/* The accuracy point may come a delivery before the row stops validating. */
static gboolean
validated_twice (gpointer data)
{
  return (n_accuracy (data) >= 2 && !mw_run_item_get_validating (data)) || run_ended (data);
}

/* The text before the first "%s" of a translated format. */
static char *
format_prefix (const char *format)
{
  return g_strndup (format, strstr (format, "%s") - format);
}

static void
test_validating (void)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (RowSample));
  g_autofree char *prefix = format_prefix (_("Validating… %s of %s episodes · %s left"));
  double eta_before[3] = { -1.0, -1.0, -1.0 }, eta_after[3] = { -1.0, -1.0, -1.0 };
  guint n_fractions = 0, validation = 0;
  MwRunItem *item;
  gulong handler;

  /* Validations long enough to be seen: many episodes of a tiny model. */
  set_tiny_config (MW_ALGO_MAML, 30);
  mw_experiment_form_set_extra (form, "val-episodes", "800");
  item = start_run ();
  handler = g_signal_connect (item, "notify", G_CALLBACK (record_row_cb), samples);
  wait_for_state (item, MW_RUN_STATE_RUNNING, "the run to start");

  /* Until a validation is timed, the time left leaves the validations out
   * and the row says it is a lower bound. */
  wait_until (eta_lower_bound, item, "a first estimate of the time left");
  {
    g_autofree char *status = mw_run_item_dup_status_text (item);
    g_autofree char *eta = mw_format_duration (mw_run_item_get_eta_seconds (item));
    g_autofree char *done = g_strdup_printf ("%" G_GINT64_FORMAT, mw_run_item_get_iteration (item));
    g_autofree char *progress = g_strdup_printf (_("Iteration %s of %s · at least %s left"), done, "30", eta);
    g_autofree char *expected = g_strdup_printf (_("%s · %s"), mw_run_item_get_state_label (item), progress);

    g_test_message ("before the first validation is timed: %s", status);
    /* Or already validating, its first block of episodes not timed yet. */
    if (!mw_run_item_get_validating (item))
      g_assert_cmpstr (status, ==, expected);
    screenshot ("runs-time-left-at-least");
  }

  /* The row says it validates, with the validation's own progress. */
  wait_until (validating_partway, item, "the first validation");
  {
    g_autofree char *status = mw_run_item_dup_status_text (item);

    g_test_message ("while validating: %s", status);
    g_assert_true (g_str_has_prefix (status, prefix));
    g_assert_cmpstr (mw_run_view_get_status_text (view), ==, _("Validating…"));
  }
  screenshot ("runs-validating");

  wait_until (validated_twice, item, "the second validation");
  g_signal_handler_disconnect (item, handler);
  activate ("stop");
  wait_until (run_ended, item, "the run to stop");

  /* Each validation: the last estimate before it and the first after it; the
   * fraction moves while it goes. */
  for (guint i = 1; i < samples->len && validation <= 2; i++)
    {
      RowSample *s = &g_array_index (samples, RowSample, i), *prev = s - 1;

      if (s->validating && !prev->validating && ++validation <= 2)
        eta_before[validation] = prev->eta;
      if (s->validating && prev->validating && s->fraction > prev->fraction && validation == 2)
        n_fractions++;
      if (!s->validating && prev->validating && validation <= 2)
        eta_after[validation] = s->eta;
    }
  for (guint v = 1; v <= 2; v++)
    g_test_message ("validation %u: %.1f s left before, %.1f s after", v, eta_before[v],
                    eta_after[v]);
  g_assert_cmpuint (n_fractions, >=, 2);
  g_assert_cmpfloat (eta_before[2], >, 0.0);
  g_assert_cmpfloat (eta_after[2], >, 0.0);
  /* Once a validation has been timed, the estimate goes down by about a
   * validation's time across the next one; it does not jump up (seen when
   * validations were averaged into the iterations: 1:50 → 3:00). */
  g_assert_cmpfloat (eta_after[2], <, 1.2 * eta_before[2]);
  g_assert_cmpfloat (eta_after[2], >, 0.2 * eta_before[2]);
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

  /* Saved runs go under XDG_DATA_HOME: a fresh one, before GLib reads it. */
  data_home = g_dir_make_tmp ("mw-data-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  if (!gtk_init_check ())
    {
      mw_test_remove_tree (data_home);
      return 77;
    }

  g_set_application_name (_("Meta Workbench"));
  open_app ();

  g_test_add_func ("/trainer/first-start", test_first_start);
  g_test_add_func ("/trainer/form", test_form);
  g_test_add_func ("/trainer/run", test_run);
  g_test_add_func ("/trainer/queue", test_queue);
  g_test_add_func ("/trainer/inspect-compare", test_inspect_compare);
  g_test_add_func ("/trainer/inspect-follows", test_inspect_follows);
  g_test_add_func ("/trainer/x-axis", test_x_axis);
  g_test_add_func ("/trainer/run-fails", test_run_fails);
  g_test_add_func ("/trainer/visibility-rename-delete", test_visibility_rename_delete);
  g_test_add_func ("/trainer/persistence", test_persistence);
  g_test_add_func ("/trainer/validating", test_validating);

  status = g_test_run ();

  if (app != NULL)
    close_app ();
  mw_test_remove_tree (data_home);
  g_free (data_home);

  return status;
}
