/* test-boundary-view.c: the Boundary page for a short planar-circles MAML run, under
 * Xvfb, at 1024 × 700.
 *
 *   /inspect/boundary  The inspect controller's worker trains the run and adapts it to
 *       a seeded test task when the page's "Next Task" button asks; the test checks
 *       that the record's grid equals the core's own mw_boundary_compute for the same
 *       task of the same run trained here (so the picture is what the model
 *       predicts), that the step slider follows the record and moves the step drawn,
 *       and that Next Task draws another task.  The small multiples: a Reptile and a
 *       fine-tune run of the same tasks and a moons run (another family), trained
 *       here and saved, are the page's other runs; the Reptile and fine-tune panels
 *       are each run's own mw_boundary_compute of the same task (bit-identical), the
 *       moons run is left out, and the random start is the untrained model's.  The
 *       MLP has no weight path.  The window stays within 1024 px, the tiles wrapping.
 *       Screenshots boundary-step0/1/5.png and boundary-multiples.png.
 *   /inspect/boundary-weight-path  A planar-linear logistic MAML run: the weight-path
 *       chart is drawn, its path is the core's, and the loss under it at the path's
 *       points is the record's query loss.  Screenshot boundary-weight-path.png.
 *   /inspect/keep  The store the worker keeps loaded runs and boundaries in drops
 *       the least recently used entry when full.
 *
 * Screenshots (and their -zh_CN) go to MW_ARTIFACT_DIR.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"
#include "widget-probe.h"

#include "mw-boundary-view.h"
#include "mw-core.h"
#include "mw-inspect-controller.h"
#include "mw-inspect-page.h"

#define WAIT_TIMEOUT_SECONDS 180
#define TEST_STEPS 5
#define SCREEN_WIDTH 1024

static gboolean
sanitized (void)
{
  return g_strcmp0 (g_getenv ("MW_TEST_SANITIZER"), "1") == 0;
}

static gboolean
idle_controller (gpointer data)
{
  return mw_inspect_controller_get_pending (data) == 0;
}

static void
planar_config_of (MwExperimentConfig *c,
                  MwAlgorithmKind     kind,
                  const char         *preset)
{
  mw_experiment_config_init (c, kind);
  g_assert_true (mw_experiment_config_preset (c, kind, preset, NULL));
  /* Enough to bend the boundary toward a circle, short under the sanitizer. */
  c->iterations = sanitized () ? 60 : 300;
  c->eval_every = 0;
  c->test_steps = TEST_STEPS;
  c->algo.finetune_steps = TEST_STEPS;
  c->threads = 1;
  c->seed = 5;
}

static void
planar_config (MwExperimentConfig *c)
{
  planar_config_of (c, MW_ALGO_MAML, "planar-circles");
}

static MwRun *
train_run (const MwExperimentConfig *c)
{
  g_autoptr(GError) error = NULL;
  MwRun *run = mw_run_new (c, &error);
  MwStepStats st;

  g_assert_no_error (error);
  mw_run_set_threads (run, 1);
  while (!mw_run_is_finished (run))
    g_assert_true (mw_run_train_step (run, &st, NULL));
  return run;
}

/* The core's boundary of test task @index of @c's tasks, for @run. */
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
scroll_to_bottom (GtkWidget *scroller)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  mw_test_wait_for_frames (scroller);
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  mw_test_wait_for_frames (scroller);
}

/* The window's minimum and natural widths (its frame included) stay on the screen. */
static void
assert_fits (GtkWindow  *window,
             const char *what)
{
  int min, nat;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_test_message ("%s: window width minimum %d, natural %d", what, min, nat);
  if (nat > SCREEN_WIDTH)
    {
      g_autoptr(GString) chain = g_string_new (NULL);

      mw_probe_explain_width (GTK_WIDGET (window), TRUE, chain);
      g_test_message ("%s", chain->str);
    }
  g_assert_cmpint (min, <=, SCREEN_WIDTH);
  g_assert_cmpint (nat, <=, SCREEN_WIDTH);
}

/* Trains a run of @kind on @preset and saves it as @dir/@name.mwc. */
static char *
saved_run (MwAlgorithmKind  kind,
           const char      *preset,
           gint64           iterations,
           const char      *dir,
           const char      *name,
           MwRun          **run_out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_strdup_printf ("%s.mwc", name);
  char *path = g_build_filename (dir, file, NULL);
  MwExperimentConfig c;
  MwRun *run;

  planar_config_of (&c, kind, preset);
  if (iterations > 0)
    c.iterations = iterations;
  run = train_run (&c);
  g_assert_true (mw_run_save_checkpoint (run, path, &error));
  g_assert_no_error (error);
  mw_experiment_config_clear (&c);
  *run_out = run;
  return path;
}

/* The small multiples: each other run's panel is that run's own boundary of the task,
 * loaded from its checkpoint as the worker loads it; the random start is the
 * untrained model's. */
static void
check_panels (MwBoundaryInspection     *r,
              const MwExperimentConfig *c,
              const char * const       *names,
              const char * const       *checkpoints,
              int                       n_expected)
{
  g_autoptr(GError) error = NULL;
  MwRun *untrained;
  MwBoundary *b;

  g_assert_cmpint (r->n_panels, ==, n_expected + 1);
  for (int i = 0; i < n_expected; i++)
    {
      MwRun *peer = mw_run_new_from_checkpoint (checkpoints[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (r->panels[i].title, ==, names[i]);
      g_assert_cmpstr (r->panels[i].algorithm, ==,
                       mw_algorithm_kind_title (mw_run_get_config (peer)->algo.kind));
      g_assert_false (r->panels[i].random_start);
      b = core_boundary (c, peer, r->task_index);
      assert_same_boundary (r->panels[i].boundary, b);
      g_test_message ("%s: query accuracy %.2f → %.2f", names[i], b->accuracy[0],
                      b->accuracy[TEST_STEPS]);
      mw_boundary_free (b);
      mw_run_free (peer);
    }
  g_assert_true (r->panels[n_expected].random_start);
  untrained = mw_run_new (c, &error);
  g_assert_no_error (error);
  b = core_boundary (c, untrained, r->task_index);
  assert_same_boundary (r->panels[n_expected].boundary, b);
  g_test_message ("random start: query accuracy %.2f → %.2f", b->accuracy[0],
                  b->accuracy[TEST_STEPS]);
  mw_boundary_free (b);
  mw_run_free (untrained);
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
  MwBoundary *b;

  g_autofree char *dir = g_dir_make_tmp ("mw-boundary-XXXXXX", NULL);
  MwRun *peers[3];
  char *checkpoints[3];
  const char *names[3] = { "Reptile beside it", "Pre-trained, fine-tuned", "Moons" };
  GtkWidget *scroller = gtk_scrolled_window_new ();
  gint64 start;
  double request_ms;

  gtk_window_set_default_size (window, 1024, 700);
  /* The inspect page scrolls vertically in the window, as the application's does. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (page));
  gtk_window_set_child (window, scroller);
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

  start = g_get_monotonic_time ();
  mw_inspect_page_request (page, "boundary");
  mw_test_wait_until (idle_controller, controller, WAIT_TIMEOUT_SECONDS, "the boundary");
  request_ms = (g_get_monotonic_time () - start) / 1000.0;
  /* The run's own boundary and the random start's (two adaptations of 11 grids of
   * 100 × 100 points and the queries), the first request also building the random
   * start's model. */
  g_test_message ("worker: %.0f ms for the request, %.1f ms per step per start (MLP 2-40-40-2, "
                  "grid 100)", request_ms, request_ms / (2 * (TEST_STEPS + 1)));
  if (!sanitized ())
    g_assert_cmpfloat (request_ms / (2 * (TEST_STEPS + 1)), <, 100);
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
  run = train_run (&c);
  b = core_boundary (&c, run, 0);
  assert_same_boundary (r->boundary, b);
  mw_boundary_free (b);
  g_test_message ("query accuracy per step: %.2f → %.2f", r->boundary->accuracy[0],
                  r->boundary->accuracy[TEST_STEPS]);

  /* No other runs yet: the random start alone; the MLP has no weight path. */
  g_assert_cmpint (r->n_panels, ==, 1);
  g_assert_null (r->boundary->weights);
  g_assert_false (mw_boundary_view_get_shows_weight_path (view));
  g_assert_cmpint (mw_boundary_view_get_n_tiles (view), ==, 1);

  show_step (window, view, 0, "boundary-step0");
  show_step (window, view, 1, "boundary-step1");
  show_step (window, view, 5, "boundary-step5");
  assert_fits (window, "one run");

  /* Next Task: the next seeded task, again the core's. */
  mw_inspect_page_request (page, "boundary");
  mw_test_wait_until (idle_controller, controller, WAIT_TIMEOUT_SECONDS, "the next boundary");
  r = mw_inspect_view_get_inspection (MW_INSPECT_VIEW (view));
  g_assert_nonnull (r);
  g_assert_cmpint (r->task_index, ==, 1);
  b = core_boundary (&c, run, 1);
  assert_same_boundary (r->boundary, b);
  mw_boundary_free (b);

  /* Other runs beside it: Reptile and a pre-trained baseline of the same tasks, and a
   * run of another family, which is left out. */
  checkpoints[0] = saved_run (MW_ALGO_REPTILE, "planar-circles", 0, dir, "reptile", &peers[0]);
  checkpoints[1] = saved_run (MW_ALGO_FINETUNE, "planar-circles", 0, dir, "finetune", &peers[1]);
  checkpoints[2] = saved_run (MW_ALGO_MAML, "planar-moons", 2, dir, "moons", &peers[2]);
  {
    const char *order[3] = { names[2], names[0], names[1] };
    const char *paths[3] = { checkpoints[2], checkpoints[0], checkpoints[1] };

    mw_inspect_controller_set_peer_runs (controller, 3, order, paths);
  }
  start = g_get_monotonic_time ();
  mw_inspect_page_request (page, "boundary");
  mw_test_wait_until (idle_controller, controller, WAIT_TIMEOUT_SECONDS, "the small multiples");
  g_test_message ("worker: %.0f ms for the request with two other runs (their first)",
                  (g_get_monotonic_time () - start) / 1000.0);
  r = mw_inspect_view_get_inspection (MW_INSPECT_VIEW (view));
  g_assert_nonnull (r);
  g_assert_cmpint (r->task_index, ==, 2);
  check_panels (r, &c, names, (const char * const *) checkpoints, 2);
  g_assert_cmpint (mw_boundary_view_get_n_tiles (view), ==, 3);
  scroll_to_bottom (scroller);
  show_step (window, view, 1, "boundary-multiples");
  g_assert_cmpint (mw_boundary_view_get_tile_rows (view), >=, 1);
  assert_fits (window, "three starts");
  /* A new task with four other runs (two of them again under other names): kept
   * runs and boundaries, the same figures; five tiles wrap onto a second row when the
   * view is narrow, so it asks for more height. */
  {
    const char *names4[5] = { names[0], names[1], "Reptile again", "Fine-tuned again", names[2] };
    const char *paths4[5] = { checkpoints[0], checkpoints[1], checkpoints[0], checkpoints[1],
                              checkpoints[2] };
    int wide, narrow;

    mw_inspect_controller_set_peer_runs (controller, 5, names4, paths4);
    start = g_get_monotonic_time ();
    mw_inspect_page_request (page, "boundary");
    mw_test_wait_until (idle_controller, controller, WAIT_TIMEOUT_SECONDS, "the next task");
    g_test_message ("worker: %.0f ms for a new task with four other runs (loaded)",
                    (g_get_monotonic_time () - start) / 1000.0);
    r = mw_inspect_view_get_inspection (MW_INSPECT_VIEW (view));
    g_assert_cmpint (r->task_index, ==, 3);
    check_panels (r, &c, names4, paths4, 4);
    g_assert_cmpint (mw_boundary_view_get_n_tiles (view), ==, 5);
    gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_VERTICAL, 1000, &wide, NULL, NULL, NULL);
    gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_VERTICAL, 520, &narrow, NULL, NULL, NULL);
    g_test_message ("view height at 1000 px: %d, at 520 px: %d", wide, narrow);
    g_assert_cmpint (narrow, >=, wide + 150);
    assert_fits (window, "five starts");
  }

  for (int i = 0; i < 3; i++)
    {
      mw_run_free (peers[i]);
      g_remove (checkpoints[i]);
      g_free (checkpoints[i]);
    }
  g_rmdir (dir);
  mw_run_free (run);
  mw_experiment_config_clear (&c);
  g_clear_object (&controller);
  gtk_window_destroy (window);
}

static void
test_weight_path (void)
{
  MwExperimentConfig c;
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  MwInspectPage *page = MW_INSPECT_PAGE (mw_inspect_page_new ());
  GtkWidget *scroller = gtk_scrolled_window_new ();
  MwInspectController *controller;
  MwBoundaryView *view;
  MwBoundaryInspection *r;
  MwRun *run;
  MwBoundary *b;
  const int n = MW_BOUNDARY_LOSS_GRID;

  gtk_window_set_default_size (window, 1024, 700);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (page));
  gtk_window_set_child (window, scroller);
  controller = mw_inspect_controller_new (page);
  gtk_window_present (window);

  planar_config_of (&c, MW_ALGO_MAML, "planar-linear");
  c.iterations = sanitized () ? 30 : 150;
  g_assert_cmpint (c.algo.point_model, ==, MW_POINT_MODEL_LOGISTIC);
  mw_inspect_controller_train (controller, &c);
  mw_test_wait_until (idle_controller, controller, WAIT_TIMEOUT_SECONDS, "the logistic run");
  view = MW_BOUNDARY_VIEW (mw_inspect_page_get_view (page, "boundary"));
  mw_inspect_page_show_page (page, "boundary");
  mw_inspect_page_request (page, "boundary");
  mw_test_wait_until (idle_controller, controller, WAIT_TIMEOUT_SECONDS, "the boundary");
  r = mw_inspect_view_get_inspection (MW_INSPECT_VIEW (view));
  g_assert_nonnull (r);
  g_assert_nonnull (r->boundary->weights);
  g_assert_nonnull (r->weight_loss);
  g_assert_true (r->has_normal);
  g_assert_true (mw_boundary_view_get_shows_weight_path (view));
  g_assert_cmpint (mw_boundary_view_get_n_tiles (view), ==, 2);

  /* The path is the core's for the same run; the loss under the path's centre cell is
   * the loss of weights there, the record's own loss at the path's points. */
  run = train_run (&c);
  b = core_boundary (&c, run, 0);
  assert_same_boundary (r->boundary, b);
  g_assert_cmpmem (r->boundary->weights, sizeof (float) * 3 * (TEST_STEPS + 1), b->weights,
                   sizeof (float) * 3 * (TEST_STEPS + 1));
  for (int s = 0; s <= TEST_STEPS; s++)
    {
      float w1 = r->weight_centre[0], w2 = r->weight_centre[1];
      float centre = r->weight_loss[((gsize) s * n + n / 2) * n + n / 2];

      g_assert_cmpfloat_with_epsilon (centre,
                                      mw_boundary_logistic_loss (r->query_xy, r->query_labels,
                                                                 r->boundary->n_query, w1, w2,
                                                                 r->boundary->weights[3 * s + 2]),
                                      1e-5);
      g_assert_cmpfloat_with_epsilon (mw_boundary_logistic_loss (r->query_xy, r->query_labels,
                                                                 r->boundary->n_query,
                                                                 r->boundary->weights[3 * s],
                                                                 r->boundary->weights[3 * s + 1],
                                                                 r->boundary->weights[3 * s + 2]),
                                      r->boundary->loss[s], 1e-4);
    }
  g_test_message ("weights: (%.2f, %.2f, b %.2f) → (%.2f, %.2f, b %.2f); true normal (%.2f, %.2f)",
                  r->boundary->weights[0], r->boundary->weights[1], r->boundary->weights[2],
                  r->boundary->weights[3 * TEST_STEPS], r->boundary->weights[3 * TEST_STEPS + 1],
                  r->boundary->weights[3 * TEST_STEPS + 2], r->normal[0], r->normal[1]);
  mw_boundary_free (b);
  scroll_to_bottom (scroller);
  show_step (window, view, 3, "boundary-weight-path");
  assert_fits (window, "weight path");

  mw_run_free (run);
  mw_experiment_config_clear (&c);
  g_clear_object (&controller);
  gtk_window_destroy (window);
}

static int freed;

static void
count_free (gpointer data)
{
  freed += GPOINTER_TO_INT (data);
}

static void
test_keep (void)
{
  MwInspectKeep *keep = mw_inspect_keep_new (3);
  gboolean found;

  mw_inspect_keep_insert (keep, "a", GINT_TO_POINTER (1), count_free);
  mw_inspect_keep_insert (keep, "b", GINT_TO_POINTER (10), count_free);
  mw_inspect_keep_insert (keep, "c", NULL, count_free);
  g_assert_null (mw_inspect_keep_lookup (keep, "c", &found));
  g_assert_true (found);
  g_assert_null (mw_inspect_keep_lookup (keep, "d", &found));
  g_assert_false (found);
  /* "a" used last: "b" is the least recently used, and goes. */
  g_assert_cmpint (GPOINTER_TO_INT (mw_inspect_keep_lookup (keep, "a", NULL)), ==, 1);
  mw_inspect_keep_insert (keep, "d", GINT_TO_POINTER (100), count_free);
  g_assert_cmpint (freed, ==, 10);
  g_assert_cmpuint (mw_inspect_keep_size (keep), ==, 3);
  g_assert_null (mw_inspect_keep_lookup (keep, "b", &found));
  g_assert_false (found);
  /* Replacing frees the old value. */
  mw_inspect_keep_insert (keep, "a", GINT_TO_POINTER (1000), count_free);
  g_assert_cmpint (freed, ==, 11);
  mw_inspect_keep_free (keep);
  g_assert_cmpint (freed, ==, 1111);
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
  g_test_add_func ("/inspect/boundary-weight-path", test_weight_path);
  g_test_add_func ("/inspect/keep", test_keep);
  return g_test_run ();
}
