/* test-task-map-view.c: the Task Map page for a short glyph MAML run, under
 * Xvfb, at 1024 × 700.
 *
 * The inspect controller's worker trains the run and maps its tasks when the
 * page's button asks; the test checks that the record holds 200 test and 200
 * training tasks and equals the core's own map of the same run computed here
 * on the same seeds, that the summary says so, and that hovering a test
 * task's point names that task while empty space names none. Screenshot
 * inspect-task-map.png goes to MW_ARTIFACT_DIR.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"

#include "mw-core.h"
#include "mw-inspect-controller.h"
#include "mw-inspect-page.h"
#include "mw-task-map-view.h"

#define WAIT_TIMEOUT_SECONDS 180

static gboolean
idle_controller (gpointer data)
{
  return mw_inspect_controller_get_pending (data) == 0;
}

static void
glyph_config (MwExperimentConfig *c)
{
  mw_experiment_config_init (c, MW_ALGO_MAML);
  c->glyph_classes = 40;
  c->glyph_samples = 12;
  c->algo.meta_batch = 2;
  c->algo.filters = 16;
  c->iterations = 30;
  c->eval_every = 0;
  c->test_steps = 2;
  c->ways = 5;
  c->shots = 1;
  c->queries = 3;
  c->threads = 1;
  c->seed = 3;
}

static void
test_task_map (void)
{
  MwExperimentConfig c;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  MwInspectPage *page = MW_INSPECT_PAGE (mw_inspect_page_new ());
  MwInspectController *controller;
  MwTaskMapView *view;
  MwTaskMapInspection *r;
  g_autofree char *summary = NULL, *nothing = NULL;
  gboolean named = FALSE;

  gtk_window_set_default_size (window, 1024, 700);
  gtk_window_set_child (window, GTK_WIDGET (page));
  controller = mw_inspect_controller_new (page);
  gtk_window_present (window);

  glyph_config (&c);
  mw_inspect_controller_train (controller, &c);
  mw_test_wait_until (idle_controller, controller, WAIT_TIMEOUT_SECONDS, "the glyph run");
  view = MW_TASK_MAP_VIEW (mw_inspect_page_get_view (page, "task-map"));
  g_assert_nonnull (view);
  mw_inspect_page_show_page (page, "task-map");
  mw_test_wait_for_frames (GTK_WIDGET (window));
  summary = mw_task_map_view_dup_summary (view);
  g_test_message ("%s", summary);
  mw_inspect_page_request (page, "task-map");
  mw_test_wait_until (idle_controller, controller, WAIT_TIMEOUT_SECONDS, "the task map");
  mw_test_wait_for_frames (GTK_WIDGET (window));

  r = mw_inspect_view_get_inspection (MW_INSPECT_VIEW (view));
  g_assert_nonnull (r);
  g_assert_cmpint (r->map.n_test, ==, 200);
  g_assert_cmpint (r->map.n_train, ==, 200);
  g_assert_cmpint (r->kind, ==, MW_TASK_EMBEDDING_FISHER);
  g_clear_pointer (&summary, g_free);
  summary = mw_task_map_view_dup_summary (view);
  g_test_message ("%s", summary);
  g_assert_nonnull (strstr (summary, "200"));
  g_assert_nonnull (strstr (summary, "fisher"));

  /* The core's own map of the same run on the same seeds. */
  {
    g_autoptr(GError) error = NULL;
    MwRun *run = mw_run_new (&c, &error);
    MwStepStats st;
    MwTaskMap map;
    MwTaskMapSettings s = { MW_TASK_EMBEDDING_FISHER, 5, 1, 3, 2, 200, 200, MW_TEST_SEED };

    g_assert_no_error (error);
    mw_run_set_threads (run, 1);
    while (!mw_run_is_finished (run))
      g_assert_true (mw_run_train_step (run, &st, NULL));
    g_assert_true (mw_task_map_compute (mw_run_get_algorithm (run), mw_run_get_task_gen (run, "test"),
                                        mw_run_get_task_gen (run, "train"), &s, NULL, NULL, &map,
                                        &error));
    g_assert_no_error (error);
    for (int i = 0; i < 200; i++)
      {
        g_assert_cmpfloat (map.accuracy[i], ==, r->map.accuracy[i]);
        g_assert_cmpfloat (map.nearest_distance[i], ==, r->map.nearest_distance[i]);
        g_assert_cmpfloat (fabs (map.mds_xy[2 * i] - r->map.mds_xy[2 * i]), <, 1e-9);
        g_assert_cmpstr (map.classes[i], ==, r->map.classes[i]);
      }
    mw_task_map_clear (&map);
    mw_run_free (run);
  }

  /* Hovering a test task's point names it (another point may lie on top of
   * some of them: the first of the first 50 that is not covered will do). */
  for (int i = 0; i < 50 && !named; i++)
    {
      double x, y;
      g_autofree char *text = NULL;

      g_assert_true (mw_task_map_view_get_point (view, i, &x, &y));
      text = mw_task_map_view_dup_point_text (view, x + 1, y);
      g_assert_nonnull (text);
      named = strstr (text, r->map.classes[i]) != NULL;
      if (named)
        g_test_message ("hover: %s", text);
    }
  g_assert_true (named);
  nothing = mw_task_map_view_dup_point_text (view, 2, 2);
  g_assert_null (nothing);

  mw_test_save_screenshot (GTK_WIDGET (window), "inspect-task-map");
  mw_experiment_config_clear (&c);
  g_clear_object (&controller);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    return 77;

  g_test_add_func ("/inspect/task-map", test_task_map);
  return g_test_run ();
}
