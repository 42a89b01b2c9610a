/* test-inspect.c: the inspection views for short real runs, under Xvfb.
 *
 * A glyph MAML run and a sinusoid MAML run are trained (a few dozen
 * iterations) by the inspect controller's worker; the test waits for the
 * results and checks that what the views show — captions, summaries, the
 * confusion matrix, the embedding, the sine fit's MSE, the adaptation
 * curves — matches the core's own numbers, computed again here on the same
 * seeds. The task builder loads a generated folder with a corrupt PNG, a
 * text file and a one-image class, lists what it could not use, refuses to
 * sample the small class by name, saves and reopens the task, and adapts the
 * glyph model on the rest. A ProtoNets run on a folder of colour photos (photo
 * augmentation) shows its episode in colour. Screenshots inspect-*.png go to
 * MW_ARTIFACT_DIR.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"

#include "image-writer.h"
#include "stand-in-photos.h"
#include "mw-core.h"
#include "mw-cost-view.h"
#include "mw-embedding-view.h"
#include "mw-inspect-controller.h"
#include "mw-inspect-page.h"

#define WAIT_TIMEOUT_SECONDS 120

typedef MwTestCondition Condition;

static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  mw_test_wait_until (condition, data, WAIT_TIMEOUT_SECONDS, what);
}

/* --- fixture ------------------------------------------------------------- */

typedef struct {
  GtkWindow *window;
  MwInspectPage *page;
  MwInspectController *controller;
} Fixture;

static void
fixture_open (Fixture *f)
{
  f->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (f->window, 1240, 860);
  f->page = MW_INSPECT_PAGE (mw_inspect_page_new ());
  gtk_window_set_child (f->window, GTK_WIDGET (f->page));
  f->controller = mw_inspect_controller_new (f->page);
  gtk_window_present (f->window);
}

static void
fixture_close (Fixture *f)
{
  g_clear_object (&f->controller);
  gtk_window_destroy (f->window);
}

static gboolean
idle_controller (gpointer data)
{
  return mw_inspect_controller_get_pending (data) == 0;
}

static void
wait_idle (Fixture    *f,
           const char *what)
{
  /* A request queued from a result callback shows up before pending drops. */
  wait_until (idle_controller, f->controller, what);
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
  c->test_steps = 5;
  c->ways = 5;
  c->shots = 1;
  c->queries = 3;
  c->threads = 1;
  c->seed = 3;
}

/* The same run, trained here, inspected on the same seeded episode. */
static MwRun *
core_run (const MwExperimentConfig *c)
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

/* --- the glyph run: episode, embedding, curves, cost ---------------------- */

static void
check_captions (MwEpisodeView             *view,
                const MwEpisodeInspection *r,
                int                        step)
{
  int right = 0;
  g_autofree char *count = NULL;

  /* The summary's count is the captions' ticks, and the core's accuracy. */
  for (int q = 0; q < r->n_query; q++)
    right += r->trace.predicted[step][q] == r->trace.query_labels[q];
  g_assert_cmpfloat (fabs (r->trace.accuracy[step] - (double) right / r->n_query), <, 1e-6);
  count = g_strdup_printf (g_str_has_prefix (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "", "zh")
                           ? "%d / %d" : " %d of %d ", right, r->n_query);
  g_assert_nonnull (strstr (mw_episode_view_get_summary (view), count));

  for (int q = 0; q < r->n_query; q++)
    {
      int p = r->trace.predicted[step][q];
      g_autofree char *expected = g_strdup_printf ("%s %s %.0f%%", p == r->trace.query_labels[q] ? "✓" : "✗",
                                                   r->class_names[p], 100 * r->trace.outputs[step][q * r->ways + p]);

      g_assert_cmpstr (mw_episode_view_get_query_caption (view, q), ==, expected);
      /* Marked on the image too, not by the caption's colour alone. */
      g_assert_cmpstr (mw_episode_view_get_query_mark (view, q), ==, p == r->trace.query_labels[q] ? "✓" : "✗");
    }
}

static void
test_glyph_run (void)
{
  Fixture f;
  MwExperimentConfig c;
  MwEpisodeView *view;
  MwEpisodeInspection *r;
  MwConfusionView *confusion;
  MwCurvePlot *plot;
  MwRun *run;
  MwTask task;
  MwEpisodeTrace trace;
  MwRng rng;
  int last;

  glyph_config (&c);
  fixture_open (&f);
  mw_inspect_controller_train (f.controller, &c);
  view = mw_inspect_page_get_episode_view (f.page);
  wait_idle (&f, "the glyph run and its first episode");
  r = mw_episode_view_get_inspection (view);
  g_assert_nonnull (r);
  /* Kept: the next episode replaces it in the view. */
  mw_inspection_ref (r);
  g_assert_cmpint (r->ways, ==, 5);
  g_assert_cmpint (r->n_support, ==, 5);
  g_assert_cmpint (r->n_query, ==, 15);
  last = mw_episode_trace_last_step (&r->trace);
  g_assert_cmpint (last, ==, 5);
  g_assert_cmpint (mw_episode_view_get_step (view), ==, 5);

  /* The core, on its own, on the same seeded test episode. */
  run = core_run (&c);
  mw_rng_init (&rng, r->seed, 0);
  g_assert_true (mw_task_gen_next (mw_run_get_task_gen (run, "test"), 5, 1, 3, &rng, &task, NULL));
  g_assert_true (mw_inspect_episode (mw_run_get_algorithm (run), &task, 5, &trace, NULL));
  for (int s = 0; s <= 5; s++)
    {
      g_assert_cmpfloat (trace.accuracy[s], ==, r->trace.accuracy[s]);
      for (int q = 0; q < 15; q++)
        g_assert_cmpint (trace.predicted[s][q], ==, r->trace.predicted[s][q]);
    }
  g_test_message ("glyph MAML episode: accuracy %.2f before, %.2f after 5 steps", trace.accuracy[0],
                  trace.accuracy[5]);

  /* What the view shows is those numbers. */
  check_captions (view, r, 5);
  confusion = mw_episode_view_get_confusion (view);
  g_assert_cmpint (mw_confusion_view_get_ways (confusion), ==, 5);
  for (int t = 0; t < 5; t++)
    for (int p = 0; p < 5; p++)
      g_assert_cmpint (mw_confusion_view_get_cell (confusion, t, p), ==, trace.confusion[5][t * 5 + p]);
  mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-episode");

  /* Before adaptation: the step-0 predictions. */
  mw_episode_view_set_step (view, 0);
  check_captions (view, r, 0);
  for (int t = 0; t < 5; t++)
    for (int p = 0; p < 5; p++)
      g_assert_cmpint (mw_confusion_view_get_cell (confusion, t, p), ==, trace.confusion[0][t * 5 + p]);
  mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-episode-step0");
  mw_episode_trace_clear (&trace);

  /* Embedding: the queries nearest their own prototype, as the core says. */
  {
    MwEmbedding e;
    int own = 0;

    g_assert_true (mw_inspect_embedding (mw_run_get_algorithm (run), &task, &e, NULL));
    for (int q = 0; q < e.n_query; q++)
      own += e.query_assigned[q] == e.query_labels[q];
    g_assert_true (r->has_embedding);
    g_assert_cmpint (mw_embedding_view_get_n_right (MW_EMBEDDING_VIEW (mw_inspect_page_get_view (f.page, "embedding"))), ==, own);
    for (int i = 0; i < 2 * e.n_query; i++)
      g_assert_cmpfloat (fabsf (e.query_xy[i] - r->embedding.query_xy[i]), <, 1e-5);
    mw_embedding_clear (&e);
  }
  mw_inspect_page_show_page (f.page, "embedding");
  mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-embedding");

  /* Next episode: a new seed, new images. */
  mw_inspect_page_next_episode (f.page);
  wait_idle (&f, "the next episode");
  g_assert_true (mw_episode_view_get_inspection (view) != r);
  g_assert_cmpuint (mw_episode_view_get_inspection (view)->seed, ==, r->seed + 1);

  /* Adaptation curves on the fixed test episodes, as mw_run_test gives them. */
  {
    MwEvalResult expected;
    MwCurvePoint point;

    mw_inspect_controller_set_compare_episodes (f.controller, 20);
    mw_inspect_page_show_page (f.page, "adaptation");
    g_signal_emit_by_name (f.page, "compare-requested");
    wait_idle (&f, "the comparison");
    g_assert_true (mw_run_test (run, 20, NULL, NULL, &expected, NULL));
    plot = mw_inspect_page_get_adaptation_plot (f.page, FALSE);
    g_assert_cmpuint (mw_curve_plot_get_n_series (plot), ==, 1);
    g_assert_cmpuint (mw_curve_plot_get_n_points (plot, "run-0"), ==, 6);
    for (int s = 0; s <= 5; s++)
      {
        g_assert_true (mw_curve_plot_get_point (plot, "run-0", s, &point, NULL));
        g_assert_cmpfloat (point.iteration, ==, s);
        /* In percent, as on the Training charts. */
        g_assert_cmpfloat (point.y, ==, 100 * expected.accuracy[s]);
        g_assert_cmpfloat (point.y_hi, ==, 100 * (expected.accuracy[s] + expected.accuracy_ci[s]));
      }
    g_assert_cmpstr (mw_curve_plot_get_y_label (plot), ==, mw_metric_unit_label (MW_METRIC_UNIT_ACCURACY));
    mw_eval_result_clear (&expected);
    mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-adaptation");
  }

  /* Cost: measured in the background, second order above first in memory;
   * not while runs train, whose work would be timed too; the headline is
   * the chart's own point for the run's settings. */
  {
    MwCostView *cost_view = MW_COST_VIEW (mw_inspect_page_get_view (f.page, "cost"));
    g_autofree char *summary = NULL, *paused = NULL, *time = NULL, *flagged = NULL;
    MwCostInspection *measured;
    int k = c.algo.inner_steps;

    mw_inspect_page_show_page (f.page, "cost");
    mw_inspect_controller_set_training_runs (f.controller, 2);
    mw_inspect_page_request (f.page, "cost");
    g_assert_cmpuint (mw_inspect_controller_get_pending (f.controller), ==, 0);
    g_assert_cmpuint (mw_cost_view_get_waiting (cost_view), ==, 2);
    paused = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Paused while %u run trains: its work would be timed too. "
                                           "Measures when it stops.",
                                           "Paused while %u runs train: their work would be timed too. "
                                           "Measures when they stop.", 2), 2u);
    summary = mw_cost_view_dup_summary (cost_view);
    g_assert_cmpstr (summary, ==, paused);
    g_clear_pointer (&summary, g_free);
    mw_test_wait_for_frames (GTK_WIDGET (f.window));
    mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-cost-paused");

    /* The runs stop: it measures by itself. */
    mw_inspect_controller_set_training_runs (f.controller, 0);
    g_assert_cmpuint (mw_inspect_controller_get_pending (f.controller), ==, 1);
    g_assert_cmpuint (mw_cost_view_get_waiting (cost_view), ==, 0);
    wait_idle (&f, "the cost measurement");
    summary = mw_cost_view_dup_summary (cost_view);
    g_test_message ("%s", summary);
    g_assert_nonnull (strstr (summary, "MB"));
    measured = mw_inspect_view_get_inspection (MW_INSPECT_VIEW (cost_view));
    g_assert_nonnull (measured);
    g_assert_cmpuint (measured->measured_under_load, ==, 0);
    g_assert_cmpint (k, >=, 1);
    g_assert_cmpint (measured->run_steps, ==, k);
    g_assert_true (measured->run_second_order);
    g_assert_cmpfloat (measured->run.seconds, ==, measured->second_order[k - 1].seconds);
    g_assert_cmpuint (measured->run.peak_bytes, ==, measured->second_order[k - 1].peak_bytes);
    time = g_strdup_printf ("%.1f", 1e3 * measured->second_order[k - 1].seconds);
    g_assert_nonnull (strstr (summary, time));
    mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-cost");

    /* A run starting while it measures: the result says so. */
    mw_inspect_page_request (f.page, "cost");
    mw_inspect_controller_set_training_runs (f.controller, 1);
    wait_idle (&f, "the cost measurement under load");
    measured = mw_inspect_view_get_inspection (MW_INSPECT_VIEW (cost_view));
    g_assert_cmpuint (measured->measured_under_load, ==, 1);
    flagged = mw_cost_view_dup_summary (cost_view);
    g_test_message ("%s", flagged);
    g_assert_true (g_str_has_prefix (flagged, measured->title));
    g_assert_cmpstr (flagged, !=, summary);
    mw_test_wait_for_frames (GTK_WIDGET (f.window));
    mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-cost-under-load");
    mw_inspect_controller_set_training_runs (f.controller, 0);
  }

  mw_inspection_unref (r);
  mw_run_free (run);
  mw_experiment_config_clear (&c);
  fixture_close (&f);
}

/* --- the sinusoid run ----------------------------------------------------- */

static void
test_sine_run (void)
{
  Fixture f;
  MwExperimentConfig c;
  MwSineFitView *fit_view, *base_view;
  const MwSineFit *fit;

  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_MAML, "sinusoid", NULL));
  c.iterations = 1500;
  c.algo.inner_lr = 0.01f;   /* adapts visibly after a short meta-training */
  c.eval_every = 0;
  c.threads = 1;
  fixture_open (&f);
  mw_inspect_controller_train (f.controller, &c);
  wait_idle (&f, "the sine run, its baseline and the first fit");

  fit_view = mw_inspect_page_get_sine_view (f.page, FALSE);
  base_view = mw_inspect_page_get_sine_view (f.page, TRUE);
  fit = mw_sine_fit_view_get_fit (fit_view);
  g_assert_nonnull (fit);
  g_assert_nonnull (mw_sine_fit_view_get_fit (base_view));
  g_assert_cmpint (fit->shots, ==, 5);
  g_assert_cmpint (fit->steps, ==, 10);
  /* The baseline adapts on the very same points. */
  g_assert_cmpmem (fit->support_x, 5 * sizeof (float), mw_sine_fit_view_get_fit (base_view)->support_x,
                   5 * sizeof (float));

  mw_inspect_page_set_sine_step (f.page, 10);
  g_assert_cmpint (mw_sine_fit_view_get_step (fit_view), ==, 10);
  {
    double mse = 0;

    for (int i = 0; i < fit->n_grid; i++)
      mse += pow (fit->fit[10][i] - fit->truth[i], 2) / fit->n_grid;
    g_assert_cmpfloat (fabs (mse - mw_sine_fit_view_get_mse (fit_view)), <, 1e-4 * (1 + mse));
    g_test_message ("sine MSE over the grid: MAML %.3f → %.3f after 10 steps; baseline %.3f → %.3f",
                    fit->mse[0], fit->mse[10], mw_sine_fit_view_get_fit (base_view)->mse[0],
                    mw_sine_fit_view_get_mse (base_view));
  }
  mw_inspect_page_set_sine_step (f.page, 3);
  mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-sine");

  mw_experiment_config_clear (&c);
  fixture_close (&f);
}

/* --- the task builder ----------------------------------------------------- */

static char *root;

static void
write_shape (const char *cls,
             const char *file,
             int         kind,
             int         shift)
{
  uint8_t px[28 * 28];
  g_autofree char *dir = g_build_filename (root, cls, NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  for (int y = 0; y < 28; y++)
    for (int x = 0; x < 28; x++)
      {
        int xs = x - shift, ys = y - shift;
        gboolean ink = kind == 0 ? (xs >= 11 && xs < 17)
                     : kind == 1 ? (xs >= 7 && xs < 21 && ys >= 7 && ys < 21)
                     : ((xs == 6 || xs == 21) && ys >= 6 && ys <= 21) || ((ys == 6 || ys == 21) && xs >= 6 && xs <= 21);

        px[y * 28 + x] = ink ? 255 : 0;
      }
  g_mkdir_with_parents (dir, 0755);
  write_png (path, 28, 28, PNG_COLOR_TYPE_GRAY, 8, px, 28, FALSE, NULL, 0);
}

static void
remove_tree (const char *path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  const char *n;

  while (d != NULL && (n = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, n, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (d != NULL)
    g_dir_close (d);
  g_rmdir (path);
}

static gboolean
builder_loaded (gpointer data)
{
  return !mw_task_builder_get_loading (data);
}

static void
test_task_builder (void)
{
  const char *classes[] = { "bars", "blocks", "rings" };
  g_autofree char *corrupt = NULL, *text = NULL, *manifest = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  MwExperimentConfig c;
  MwTaskBuilder *builder;
  MwEpisodeInspection *r;
  Fixture f;

  root = g_dir_make_tmp ("mw-inspect-XXXXXX", NULL);
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < 5; i++)
      {
        g_autofree char *name = g_strdup_printf ("%02d.png", i);

        write_shape (classes[k], name, k, i - 2);
      }
  write_shape ("lonely", "only.png", 0, 0);
  corrupt = g_build_filename (root, "bars", "broken.png", NULL);
  g_assert_true (g_file_set_contents (corrupt, "\x89PNG\r\n\x1a\nthis is not a PNG", -1, NULL));
  text = g_build_filename (root, "blocks", "notes.txt", NULL);
  g_assert_true (g_file_set_contents (text, "a text file among the images\n", -1, NULL));

  /* A model to adapt: the short glyph run (28 × 28 gray). */
  glyph_config (&c);
  fixture_open (&f);
  mw_inspect_controller_train (f.controller, &c);
  mw_inspect_page_show_page (f.page, "task");
  builder = mw_inspect_page_get_task_builder (f.page);
  folder = g_file_new_for_path (root);
  mw_task_builder_open_folder (builder, folder);
  g_assert_true (mw_task_builder_get_loading (builder));
  wait_until (builder_loaded, builder, "the folder");
  wait_idle (&f, "the model");

  /* What it could not use, with the reasons; the rest loaded. */
  g_test_message ("skipped:\n%s", mw_task_builder_get_skipped_text (builder));
  g_assert_nonnull (strstr (mw_task_builder_get_skipped_text (builder), "broken.png"));
  g_assert_nonnull (strstr (mw_task_builder_get_skipped_text (builder), "notes.txt"));
  g_assert_cmpint (mw_task_builder_get_dataset (builder)->n_classes, ==, 4);

  /* The one-image class cannot give 1 support and 2 queries: named. */
  for (int k = 0; k < 3; k++)
    mw_task_builder_set_class_chosen (builder, classes[k], TRUE);
  mw_task_builder_set_class_chosen (builder, "lonely", TRUE);
  g_assert_false (mw_task_builder_sample (builder, 1, 2));
  g_test_message ("sampling with the small class: %s", mw_task_builder_get_status (builder));
  g_assert_nonnull (strstr (mw_task_builder_get_status (builder), "lonely"));
  mw_task_builder_set_class_chosen (builder, "lonely", FALSE);
  g_assert_true (mw_task_builder_sample (builder, 1, 2));

  /* Clicking an image cycles its role. */
  {
    MwHandTask *task = mw_task_builder_get_task (builder);
    const char *file = "04.png";
    MwHandRole role = mw_hand_task_get_role (task, "rings", file);

    for (int i = 0; i < 3; i++)
      mw_task_builder_cycle_role (builder, "rings", file);
    g_assert_cmpint (mw_hand_task_get_role (task, "rings", file), ==, role);
  }

  /* Saved next to the images and reopened unchanged. */
  g_assert_true (mw_task_builder_save (builder, &error));
  g_assert_no_error (error);
  manifest = g_build_filename (root, MW_HAND_TASK_FILE_NAME, NULL);
  g_assert_true (g_file_test (manifest, G_FILE_TEST_EXISTS));
  {
    g_autofree char *before = g_strdup (((MwHandClass *) mw_task_builder_get_task (builder)->classes->pdata[0])->support->pdata[0]);

    mw_task_builder_set_class_chosen (builder, classes[0], FALSE);
    g_assert_true (mw_task_builder_reopen (builder, &error));
    g_assert_cmpuint (mw_task_builder_get_task (builder)->classes->len, ==, 3);
    g_assert_cmpstr (((MwHandClass *) mw_task_builder_get_task (builder)->classes->pdata[0])->support->pdata[0], ==, before);
  }

  /* A file of several tasks: the chooser names them, and each choice shows its task
   * (the second is the 3-class task above, which the rest of this test adapts on). */
  {
    g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) mw_hand_task_free);
    g_autofree char *set_path = g_build_filename (root, "two-tasks.ini", NULL);
    MwHandTask *two = mw_hand_task_new (root);
    MwHandTask *three = mw_hand_task_copy (mw_task_builder_get_task (builder));
    MwTaskFileChooser *chooser = mw_task_builder_get_file_chooser (builder);

    two->name = g_strdup ("two shapes");
    mw_hand_task_set_role (two, "bars", "00.png", MW_HAND_ROLE_SUPPORT);
    mw_hand_task_set_role (two, "bars", "01.png", MW_HAND_ROLE_QUERY);
    mw_hand_task_set_role (two, "blocks", "00.png", MW_HAND_ROLE_SUPPORT);
    mw_hand_task_set_role (two, "blocks", "01.png", MW_HAND_ROLE_QUERY);
    g_free (three->name);
    three->name = g_strdup ("three shapes");
    g_ptr_array_add (tasks, two);
    g_ptr_array_add (tasks, three);
    g_assert_true (mw_hand_task_save_all (tasks, set_path, &error));
    g_assert_no_error (error);
    g_assert_true (mw_task_builder_open_tasks_file (builder, set_path, &error));
    g_assert_no_error (error);
    wait_until (builder_loaded, builder, "the task file's folder");
    g_assert_cmpuint (mw_task_file_chooser_get_n_tasks (chooser), ==, 2);
    g_assert_true (mw_task_file_chooser_get_chooser_visible (chooser));
    g_assert_cmpstr (mw_task_builder_get_task (builder)->name, ==, "two shapes");
    g_assert_cmpuint (mw_task_builder_get_task (builder)->classes->len, ==, 2);
    g_assert_cmpint (mw_hand_task_get_role (mw_task_builder_get_task (builder), "blocks", "01.png"), ==,
                     MW_HAND_ROLE_QUERY);
    mw_task_file_chooser_select (chooser, 1);
    wait_until (builder_loaded, builder, "the second task");
    g_assert_cmpstr (mw_task_builder_get_task (builder)->name, ==, "three shapes");
    g_assert_cmpuint (mw_task_builder_get_task (builder)->classes->len, ==, 3);
    g_test_message ("task file: %s", mw_task_builder_get_status (builder));
    mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-task-file-chooser");
  }

  /* The 5-way MAML model cannot take a 3-way task: said, not misread. */
  g_signal_emit_by_name (builder, "adapt-requested");
  wait_idle (&f, "the refused adaptation");
  g_assert_null (mw_episode_view_get_inspection (mw_task_builder_get_episode_view (builder)));
  g_test_message ("5-way MAML on 3 classes: %s", mw_task_builder_get_result_text (builder));
  g_assert_nonnull (strstr (mw_task_builder_get_result_text (builder), "5"));

  /* Train New Model: a quick ProtoNet, then adapted on the task at once. */
  g_signal_emit_by_name (builder, "train-requested");
  wait_idle (&f, "the new model and its adaptation");
  r = mw_episode_view_get_inspection (mw_task_builder_get_episode_view (builder));
  g_assert_nonnull (r);
  g_assert_cmpint (r->ways, ==, 3);
  g_assert_cmpint (r->n_support, ==, 3);
  g_assert_cmpint (r->n_query, ==, 6);
  g_assert_cmpstr (r->class_names[0], ==, ((MwHandClass *) mw_task_builder_get_task (builder)->classes->pdata[0])->name);
  check_captions (mw_task_builder_get_episode_view (builder), r, 0);
  g_test_message ("quick ProtoNet on the hand-built task: %.0f%% of %d queries", 100 * r->trace.accuracy[0],
                  r->n_query);
  mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-task-builder");

  mw_experiment_config_clear (&c);
  fixture_close (&f);
  remove_tree (root);
  g_clear_pointer (&root, g_free);
}

/* Light paper, dark ink: the shapes as a scanner gives them. */
static void
write_light_shapes (void)
{
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < 3; i++)
      {
        uint8_t px[28 * 28];
        g_autofree char *cls = g_strdup_printf ("class%d", k);
        g_autofree char *dir = g_build_filename (root, cls, NULL);
        g_autofree char *name = g_strdup_printf ("%02d.png", i);
        g_autofree char *path = g_build_filename (dir, name, NULL);

        memset (px, 250, sizeof px);
        for (int y = 6; y < 22; y++)
          for (int x = 6 + 4 * k + i; x < 10 + 4 * k + i; x++)
            px[y * 28 + x] = 5;
        g_mkdir_with_parents (dir, 0755);
        write_png (path, 28, 28, PNG_COLOR_TYPE_GRAY, 8, px, 28, FALSE, NULL, 0);
      }
}

/* A model trained on dark backgrounds (Omniglot's record), a folder of light-paper
 * images: auto inverts them and all is quiet; with invert forced off the builder shows
 * the warning under the folder chooser, naming the fix, and its button applies it. */
static void
test_task_builder_polarity (void)
{
  const MwPreprocess omniglot = { 28, 28, 1, TRUE, TRUE, 0.08, 0.0 };
  g_autoptr(GFile) folder = NULL;
  GtkWidget *window = gtk_window_new ();
  MwTaskBuilder *builder = MW_TASK_BUILDER (mw_task_builder_new ());
  const MwDataset *ds;

  root = g_dir_make_tmp ("mw-inspect-polarity-XXXXXX", NULL);
  write_light_shapes ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (builder));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 600);
  gtk_window_present (GTK_WINDOW (window));
  mw_task_builder_set_preprocess (builder, &omniglot);
  folder = g_file_new_for_path (root);
  mw_task_builder_open_folder (builder, folder);
  wait_until (builder_loaded, builder, "the folder");
  g_assert_cmpint (mw_task_builder_get_invert (builder), ==, MW_INVERT_AUTO);
  g_assert_null (mw_task_builder_get_warning (builder));
  ds = mw_task_builder_get_dataset (builder);
  g_assert_nonnull (ds);
  g_assert_cmpint (ds->pixels[0], <, 20);   /* paper made dark */
  g_test_message ("status: %s", mw_task_builder_get_status (builder));

  mw_task_builder_set_invert (builder, MW_INVERT_NO);
  g_assert_true (mw_task_builder_get_loading (builder));
  wait_until (builder_loaded, builder, "the folder, not inverted");
  ds = mw_task_builder_get_dataset (builder);
  g_assert_cmpint (ds->pixels[0], >, 230);
  g_assert_nonnull (mw_task_builder_get_warning (builder));
  g_test_message ("warning: %s", mw_task_builder_get_warning (builder));
  g_assert_nonnull (strstr (mw_task_builder_get_warning (builder), "invert=yes"));
  /* Shown in the window, not only kept. */
  {
    GtkWidget *w, *banner = NULL;

    /* The banner: a visible row whose first child shows the warning. */
    for (w = gtk_widget_get_first_child (GTK_WIDGET (builder)); w != NULL && banner == NULL; w = gtk_widget_get_next_sibling (w))
      {
        GtkWidget *label = gtk_widget_get_first_child (w);

        if (gtk_widget_get_visible (w) && GTK_IS_LABEL (label) &&
            g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), mw_task_builder_get_warning (builder)) == 0 &&
            gtk_widget_get_mapped (label))
          banner = w;
      }
    g_assert_nonnull (banner);
    mw_test_wait_for_frames (window);
    mw_test_save_screenshot (window, "task-builder-polarity-warning");

    /* The banner's button applies the fix. */
    w = gtk_widget_get_next_sibling (gtk_widget_get_first_child (banner));
    g_assert_true (GTK_IS_BUTTON (w));
    g_signal_emit_by_name (w, "clicked");
  }
  g_assert_cmpint (mw_task_builder_get_invert (builder), ==, MW_INVERT_YES);
  wait_until (builder_loaded, builder, "the folder, inverted");
  g_assert_null (mw_task_builder_get_warning (builder));
  g_assert_cmpint (mw_task_builder_get_dataset (builder)->pixels[0], <, 20);

  gtk_window_destroy (GTK_WINDOW (window));
  remove_tree (root);
  g_clear_pointer (&root, g_free);
}

/* --- a folder of colour photos: the episode in colour ---------------------- */

/* Pixels whose channels differ: a colour image, not grey shown in three channels. */
static int
coloured_pixels (const guint8 *rgb,
                 gsize         n_pixels)
{
  int n = 0;

  for (gsize p = 0; p < n_pixels; p++)
    n += abs (rgb[p * 3] - rgb[p * 3 + 1]) > 24 || abs (rgb[p * 3 + 1] - rgb[p * 3 + 2]) > 24;
  return n;
}

static void
test_photo_run (void)
{
  g_autofree char *photos = g_dir_make_tmp ("mw-inspect-photos-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  MwEpisodeInspection *r;
  MwExperimentConfig c;
  Fixture f;

  g_assert_true (mw_stand_in_photos_write (photos, 8, 5, &error));
  mw_experiment_config_init (&c, MW_ALGO_PROTONET);
  c.data = MW_DATA_FOLDER;
  g_free (c.data_path);
  c.data_path = g_strdup (photos);
  c.channels = 3;
  c.image_size = 32;
  c.invert = 0;
  c.augment = MW_AUGMENT_PHOTO;
  c.train_fraction = 0.6;
  c.ways = 2;
  c.shots = 1;
  c.queries = 3;
  c.algo.filters = 16;
  c.iterations = 10;
  c.eval_every = 0;
  c.threads = 1;
  fixture_open (&f);
  mw_inspect_controller_train (f.controller, &c);
  wait_idle (&f, "the photo run and its first episode");
  r = mw_episode_view_get_inspection (mw_inspect_page_get_episode_view (f.page));
  g_assert_nonnull (r);
  g_assert_cmpint (r->height, ==, 32);
  g_assert_cmpint (r->ways, ==, 2);
  /* Most of a photo's pixels have a colour. */
  g_assert_cmpint (coloured_pixels (r->support_rgb, (gsize) r->n_support * 32 * 32), >,
                   r->n_support * 32 * 32 / 4);
  g_assert_cmpint (coloured_pixels (r->query_rgb, (gsize) r->n_query * 32 * 32), >,
                   r->n_query * 32 * 32 / 4);
  g_assert_false (r->training);
  mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-photo-episode");

  /* A training task: the images the learner is given, augmented as in training. */
  mw_inspect_page_set_training_episode (f.page, TRUE);
  wait_idle (&f, "the photo run's training task");
  r = mw_episode_view_get_inspection (mw_inspect_page_get_episode_view (f.page));
  g_assert_true (r->training);
  g_assert_true (r->augmented);
  {
    g_autoptr(GError) run_error = NULL;
    MwRun *run = mw_run_new (&c, &run_error);
    MwTaskGen *gen;
    MwTask task;
    MwRng rng;
    gsize bytes = (gsize) r->n_support * 32 * 32 * 3;
    g_autofree guint8 *augmented = NULL;
    g_autofree guint8 *plain = NULL;

    g_assert_no_error (run_error);
    gen = mw_run_get_task_gen (run, "train");
    mw_rng_init (&rng, r->seed, 0);
    g_assert_true (mw_task_gen_next (gen, c.ways, c.shots, c.queries, &rng, &task, NULL));
    augmented = mw_inspection_images_to_rgb (task.support_x->data, r->n_support, 32, 32, 3, FALSE);
    g_assert_cmpmem (augmented, bytes, r->support_rgb, bytes);
    /* The same images without the augmentation look otherwise. */
    mw_task_gen_set_augment (gen, MW_AUGMENT_NONE);
    mw_rng_init (&rng, r->seed, 0);
    g_assert_true (mw_task_gen_next (gen, c.ways, c.shots, c.queries, &rng, &task, NULL));
    plain = mw_inspection_images_to_rgb (task.support_x->data, r->n_support, 32, 32, 3, FALSE);
    g_assert_true (memcmp (plain, augmented, bytes) != 0);
    mw_run_free (run);
  }
  mw_test_save_screenshot (GTK_WIDGET (f.window), "inspect-photo-training-task");
  mw_inspect_page_set_training_episode (f.page, FALSE);
  wait_idle (&f, "the photo run's test episode again");
  fixture_close (&f);
  mw_experiment_config_clear (&c);
  remove_tree (photos);
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
  /* The application's style (frames of the episode's images), as MwApplication loads it. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/metaworkbench/MetaWorkbench/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/inspect/glyph-run", test_glyph_run);
  g_test_add_func ("/inspect/sine-run", test_sine_run);
  g_test_add_func ("/inspect/task-builder", test_task_builder);
  g_test_add_func ("/inspect/task-builder-polarity", test_task_builder_polarity);
  g_test_add_func ("/inspect/photo-run", test_photo_run);
  return g_test_run ();
}
