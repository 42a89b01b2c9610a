/* test-boundary-view.c: the Boundary page for a short planar-circles MAML run, under
 * Xvfb, at 1024 × 700.
 *
 * The inspect controller's worker trains the run and adapts it to a seeded test task
 * when the page's "Next Task" button asks; the test checks that the record's grid
 * equals the core's own mw_boundary_compute for the same task of the same run trained
 * here (so the picture is what the model predicts), that the step slider follows the
 * record and moves the step drawn, and that Next Task draws another task.
 * Screenshots boundary-step0.png, boundary-step1.png and boundary-step5.png (and
 * -zh_CN) go to MW_ARTIFACT_DIR.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"

#include "mw-boundary-view.h"
#include "mw-core.h"
#include "mw-inspect-controller.h"
#include "mw-inspect-page.h"

#define WAIT_TIMEOUT_SECONDS 180
#define TEST_STEPS 5

static gboolean
idle_controller (gpointer data)
{
  return mw_inspect_controller_get_pending (data) == 0;
}

static void
planar_config (MwExperimentConfig *c)
{
  mw_experiment_config_init (c, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_preset (c, MW_ALGO_MAML, "planar-circles", NULL));
  /* Enough to bend the boundary toward a circle, short under the sanitizer. */
  c->iterations = g_strcmp0 (g_getenv ("MW_TEST_SANITIZER"), "1") == 0 ? 60 : 300;
  c->eval_every = 0;
  c->test_steps = TEST_STEPS;
  c->threads = 1;
  c->seed = 5;
}

/* The core's boundary of test task @index for a run of @c trained here. */
static MwBoundary *
core_boundary (const MwExperimentConfig *c,
               MwRun                    *run,
               int                       index)
{
  g_autoptr(GError) error = NULL;
  MwPlanarSpec spec;
  MwTaskGen *gen;
  MwTask task;
  MwRng rng;
  MwBoundary *b;

  mw_experiment_config_planar_spec (c, &spec);
  gen = mw_task_gen_new_planar (&spec, c->shots, c->queries);
  mw_rng_init (&rng, MW_TEST_SEED, (uint64_t) index);
  g_assert_true (mw_task_gen_next (gen, c->ways, c->shots, c->queries, &rng, &task, &error));
  b = mw_boundary_compute (mw_run_get_algorithm (run), &task, TEST_STEPS, MW_BOUNDARY_VIEW_GRID,
                           -MW_PLANAR_RANGE, MW_PLANAR_RANGE, &error);
  g_assert_no_error (error);
  mw_task_gen_free (gen);
  return b;
}

static void
assert_same_boundary (const MwBoundary *a,
                      const MwBoundary *b)
{
  gsize n = (gsize) (a->steps + 1) * a->grid * a->grid;

  g_assert_cmpint (a->steps, ==, b->steps);
  g_assert_cmpint (a->grid, ==, b->grid);
  g_assert_cmpint (a->n_query, ==, b->n_query);
  g_assert_cmpmem (a->fields, n * sizeof (float), b->fields, n * sizeof (float));
  for (int s = 0; s <= a->steps; s++)
    {
      g_assert_cmpfloat (a->loss[s], ==, b->loss[s]);
      g_assert_cmpfloat (a->accuracy[s], ==, b->accuracy[s]);
    }
}

static void
show_step (GtkWindow      *window,
           MwBoundaryView *view,
           int             step,
           const char     *screenshot)
{
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;

  gtk_range_set_value (mw_boundary_view_get_step_scale (view), step);
  g_assert_cmpint (mw_boundary_view_get_step (view), ==, step);
  mw_test_wait_for_frames (GTK_WIDGET (window));
  summary = mw_boundary_view_dup_summary (view);
  g_test_message ("%s", summary);
  if (mw_test_variant_suffix () == NULL)
    {
      expected = g_strdup_printf ("step %d of %d", step, TEST_STEPS);
      g_assert_nonnull (strstr (summary, expected));
    }
  mw_test_save_screenshot (GTK_WIDGET (window), screenshot);
}

static void
test_boundary (void)
{
  MwExperimentConfig c;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  MwInspectPage *page = MW_INSPECT_PAGE (mw_inspect_page_new ());
  MwInspectController *controller;
  MwBoundaryView *view;
  MwBoundaryInspection *r;
  GtkRange *scale;
  g_autoptr(GError) error = NULL;
  MwRun *run;
  MwStepStats st;
  MwBoundary *b;

  gtk_window_set_default_size (window, 1024, 700);
  gtk_window_set_child (window, GTK_WIDGET (page));
  controller = mw_inspect_controller_new (page);
  gtk_window_present (window);

  planar_config (&c);
  mw_inspect_controller_train (controller, &c);
  mw_test_wait_until (idle_controller, controller, WAIT_TIMEOUT_SECONDS, "the planar run");
  view = MW_BOUNDARY_VIEW (mw_inspect_page_get_view (page, "boundary"));
  g_assert_nonnull (view);
  /* A planar run's page, shown for its kind of run. */
  g_assert_true (gtk_widget_get_visible (gtk_widget_get_parent (GTK_WIDGET (view))));
  mw_inspect_page_show_page (page, "boundary");
  mw_test_wait_for_frames (GTK_WIDGET (window));
  scale = mw_boundary_view_get_step_scale (view);
  g_assert_nonnull (scale);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (scale)));
  g_assert_null (mw_inspect_view_get_inspection (MW_INSPECT_VIEW (view)));

  mw_inspect_page_request (page, "boundary");
  mw_test_wait_until (idle_controller, controller, WAIT_TIMEOUT_SECONDS, "the boundary");
  r = mw_inspect_view_get_inspection (MW_INSPECT_VIEW (view));
  g_assert_nonnull (r);
  g_assert_cmpint (r->task_index, ==, 0);
  g_assert_cmpint (r->boundary->steps, ==, TEST_STEPS);
  g_assert_cmpint (r->boundary->grid, ==, MW_BOUNDARY_VIEW_GRID);
  g_assert_cmpuint (r->truth->len, >, 0);
  /* The slider spans the record's steps and starts at the last. */
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (scale)));
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_range_get_adjustment (scale)), ==, TEST_STEPS);
  g_assert_cmpint (mw_boundary_view_get_step (view), ==, TEST_STEPS);

  /* The core's boundary of the same task for the same run trained here. */
  run = mw_run_new (&c, &error);
  g_assert_no_error (error);
  mw_run_set_threads (run, 1);
  while (!mw_run_is_finished (run))
    g_assert_true (mw_run_train_step (run, &st, NULL));
  b = core_boundary (&c, run, 0);
  assert_same_boundary (r->boundary, b);
  mw_boundary_free (b);
  g_test_message ("query accuracy per step: %.2f → %.2f", r->boundary->accuracy[0],
                  r->boundary->accuracy[TEST_STEPS]);

  show_step (window, view, 0, "boundary-step0");
  show_step (window, view, 1, "boundary-step1");
  show_step (window, view, 5, "boundary-step5");

  /* Next Task: the next seeded task, again the core's. */
  mw_inspect_page_request (page, "boundary");
  mw_test_wait_until (idle_controller, controller, WAIT_TIMEOUT_SECONDS, "the next boundary");
  r = mw_inspect_view_get_inspection (MW_INSPECT_VIEW (view));
  g_assert_nonnull (r);
  g_assert_cmpint (r->task_index, ==, 1);
  b = core_boundary (&c, run, 1);
  assert_same_boundary (r->boundary, b);
  mw_boundary_free (b);

  mw_run_free (run);
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

  g_test_add_func ("/inspect/boundary", test_boundary);
  return g_test_run ();
}
