/* test-inspect.c: the numbers behind the inspection views agree with each other and
 * with independent computations: per-query predictions with the accuracies, the
 * confusion matrix with the labels, PCA with the variance it claims to explain,
 * nearest prototypes with ProtoNets' own predictions, sine fits with their MSE, and
 * second-order MAML's memory with its number of inner steps. */
#include "mw-core.h"

#include <math.h>
#include <string.h>

static gboolean sanitizer;

static MwRun *
glyph_run (MwAlgorithmKind kind, int iterations)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, kind);
  c.glyph_classes = 40;
  c.glyph_samples = 12;
  c.algo.meta_batch = 2;
  c.algo.filters = 16;
  c.threads = 1;
  c.iterations = iterations;
  c.eval_every = 0;
  c.seed = 3;
  GError *error = NULL;
  MwRun *run = mw_run_new (&c, &error);
  g_assert_no_error (error);
  mw_experiment_config_clear (&c);
  MwStepStats st;
  while (!mw_run_is_finished (run))
    g_assert_true (mw_run_train_step (run, &st, NULL));
  return run;
}

static void
draw_task (MwRun *run, int ways, int shots, int queries, MwTask *task)
{
  MwRng rng;
  mw_rng_init (&rng, 11, 0);
  GError *error = NULL;
  g_assert_true (mw_task_gen_next (mw_run_get_task_gen (run, "test"), ways, shots, queries,
                                   &rng, task, &error));
  g_assert_no_error (error);
}

/* Per-query predictions reproduce every summary the inspector shows. */
static void
check_trace_consistent (const MwEpisodeTrace *t)
{
  for (int s = 0; s <= t->steps; s++)
    {
      if (!t->measured[s])
        {
          g_assert_null (t->outputs[s]);
          continue;
        }
      int right = 0, total = 0;
      for (int q = 0; q < t->n_query; q++)
        {
          double sum = 0;
          for (int c = 0; c < t->ways; c++)
            sum += t->outputs[s][q * t->ways + c];
          g_assert_cmpfloat (fabs (sum - 1.0), <, 1e-4);
          right += t->predicted[s][q] == t->query_labels[q];
        }
      for (int i = 0; i < t->ways * t->ways; i++)
        total += t->confusion[s][i];
      g_assert_cmpint (total, ==, t->n_query);
      int diagonal = 0;
      for (int c = 0; c < t->ways; c++)
        diagonal += t->confusion[s][c * t->ways + c];
      g_assert_cmpint (diagonal, ==, right);
      g_assert_cmpfloat (fabs (t->accuracy[s] - (double) right / t->n_query), <, 1e-6);
      double mean_class = 0;
      for (int c = 0; c < t->ways; c++)
        mean_class += t->class_accuracy[s][c] / t->ways;
      /* Equal queries per class: the mean of the per-class accuracies is the accuracy. */
      g_assert_cmpfloat (fabs (mean_class - t->accuracy[s]), <, 1e-6);
    }
}

static void
test_episode_trace_maml (void)
{
  MwRun *run = glyph_run (MW_ALGO_MAML, sanitizer ? 2 : 30);
  MwTask task;
  draw_task (run, 5, 1, 3, &task);
  MwEpisodeTrace t;
  g_assert_true (mw_inspect_episode (mw_run_get_algorithm (run), &task, 12, &t, NULL));
  g_assert_cmpint (t.steps, ==, 12);
  g_assert_cmpint (t.n_query, ==, 15);
  /* All steps up to 10 are measured, then only every 10th and the last. */
  for (int s = 0; s <= 10; s++)
    g_assert_true (t.measured[s]);
  g_assert_false (t.measured[11]);
  g_assert_true (t.measured[12]);
  g_assert_cmpint (mw_episode_trace_last_step (&t), ==, 12);
  check_trace_consistent (&t);
  /* Adaptation changes the predictions. */
  g_assert_cmpint (memcmp (t.outputs[0], t.outputs[12], sizeof (float) * 75), !=, 0);
  mw_episode_trace_clear (&t);

  /* A 3-way task on a 5-way head is refused, not misread. */
  MwTask three;
  draw_task (run, 3, 1, 2, &three);
  GError *error = NULL;
  g_assert_false (mw_inspect_episode (mw_run_get_algorithm (run), &three, 2, &t, &error));
  g_assert_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "5-way"));
  g_clear_error (&error);
  mw_run_free (run);
}

/* ProtoNets: one step only, and the nearest prototype in the embedding view is the
 * class the learner predicts. */
static void
test_embedding_protonet (void)
{
  MwRun *run = glyph_run (MW_ALGO_PROTONET, sanitizer ? 2 : 40);
  MwAlgorithm *algo = mw_run_get_algorithm (run);
  MwTask task;
  draw_task (run, 5, 2, 4, &task);
  MwEpisodeTrace t;
  g_assert_true (mw_inspect_episode (algo, &task, 5, &t, NULL));
  g_assert_cmpint (t.steps, ==, 0);
  check_trace_consistent (&t);

  MwEmbedding e;
  GError *error = NULL;
  g_assert_true (mw_inspect_embedding (algo, &task, &e, &error));
  g_assert_no_error (error);
  g_assert_cmpint (e.ways, ==, 5);
  g_assert_cmpint (e.n_support, ==, 10);
  g_assert_cmpint (e.n_query, ==, 20);
  for (int q = 0; q < e.n_query; q++)
    g_assert_cmpint (e.query_assigned[q], ==, t.predicted[0][q]);
  g_assert_cmpfloat (e.explained[0], >=, e.explained[1]);
  g_assert_cmpfloat (e.explained[0] + e.explained[1], <=, 1.0 + 1e-6);
  g_assert_cmpfloat (e.explained[1], >, 0.0);

  /* Independent check of the projection: the variance of the points along each axis
   * is the share of the total variance the axis claims (computed here from the raw
   * embeddings, in double precision). */
  MwTape *tape = mw_tape_new ();
  MwTensor *x = mw_concat_rows (tape, task.support_x, task.query_x);
  MwForwardOptions opts = { false, true, false };
  MwModel *model = mw_algorithm_get_model (algo);
  MwTensor *emb = mw_model_forward (model, tape, NULL, x, &opts);
  int n = emb->shape[0], d = emb->shape[1];
  double total = 0;
  for (int j = 0; j < d; j++)
    {
      double m = 0, v = 0;
      for (int i = 0; i < n; i++)
        m += emb->data[i * d + j] / n;
      for (int i = 0; i < n; i++)
        v += pow (emb->data[i * d + j] - m, 2) / n;
      total += v;
    }
  for (int a = 0; a < 2; a++)
    {
      double m = 0, v = 0;
      for (int i = 0; i < n; i++)
        m += (i < e.n_support ? e.support_xy[i * 2 + a] : e.query_xy[(i - e.n_support) * 2 + a]) / n;
      g_assert_cmpfloat (fabs (m), <, 1e-3 * sqrt (total));   /* centred */
      for (int i = 0; i < n; i++)
        {
          double c = i < e.n_support ? e.support_xy[i * 2 + a] : e.query_xy[(i - e.n_support) * 2 + a];
          v += (c - m) * (c - m) / n;
        }
      g_test_message ("axis %d: variance %.5f of %.5f, claimed share %.4f", a, v, total, e.explained[a]);
      g_assert_cmpfloat (fabs (v / total - e.explained[a]), <, 1e-3);
    }
  mw_tape_free (tape);
  mw_embedding_clear (&e);
  mw_episode_trace_clear (&t);
  mw_run_free (run);
}

static void
test_sine_fit (void)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_MAML, "sinusoid", NULL));
  c.iterations = sanitizer ? 20 : 2000;
  c.algo.inner_lr = 0.01f;   /* adapts visibly after a short meta-training */
  c.eval_every = 0;
  c.threads = 1;
  GError *error = NULL;
  MwRun *run = mw_run_new (&c, &error);
  g_assert_no_error (error);
  MwStepStats st;
  while (!mw_run_is_finished (run))
    g_assert_true (mw_run_train_step (run, &st, NULL));

  MwRng rng;
  mw_rng_init (&rng, 5, 0);
  MwSineTask sine = { 3.0f, 1.0f };
  MwSineFit f;
  g_assert_true (mw_inspect_sine_fit (mw_run_get_algorithm (run), &sine, 5, 10, 101, &rng, &f, &error));
  g_assert_no_error (error);
  g_assert_cmpint (f.n_grid, ==, 101);
  g_assert_cmpfloat (f.grid_x[0], ==, -5.0f);
  g_assert_cmpfloat (f.grid_x[100], ==, 5.0f);
  for (int i = 0; i < f.shots; i++)
    g_assert_cmpfloat (fabsf (f.support_y[i] - mw_sine_task_value (&sine, f.support_x[i])), <, 1e-6);
  for (int s = 0; s <= 10; s++)
    {
      g_assert_true (f.measured[s]);
      double mse = 0;
      for (int i = 0; i < f.n_grid; i++)
        mse += pow (f.fit[s][i] - f.truth[i], 2) / f.n_grid;
      g_assert_cmpfloat (fabs (mse - f.mse[s]), <, 1e-4 * (1 + mse));
    }
  g_test_message ("sine fit MSE over the grid: %.3f before, %.3f after 1 step, %.3f after 10",
                  f.mse[0], f.mse[1], f.mse[10]);
  if (!sanitizer)
    g_assert_cmpfloat (f.mse[1], <, 0.8 * f.mse[0]);   /* trained for one step */
  mw_sine_fit_clear (&f);

  /* A classification learner has no sine fit. */
  MwRun *glyphs = glyph_run (MW_ALGO_FOMAML, 1);
  g_assert_false (mw_inspect_sine_fit (mw_run_get_algorithm (glyphs), &sine, 5, 1, 10, &rng, &f, &error));
  g_assert_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  MwTask task;
  draw_task (glyphs, 3, 1, 1, &task);
  MwEmbedding e;
  g_assert_true (mw_inspect_embedding (mw_run_get_algorithm (glyphs), &task, &e, &error));
  mw_embedding_clear (&e);
  g_assert_false (mw_inspect_embedding (mw_run_get_algorithm (run), &task, &e, &error));
  g_assert_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  mw_run_free (glyphs);
  mw_run_free (run);
  mw_experiment_config_clear (&c);
}

/* Second-order MAML keeps every inner step's graph: its memory grows with the steps
 * and exceeds first order's. */
static void
test_step_cost (void)
{
  MwRun *run = glyph_run (MW_ALGO_MAML, 0);
  MwTaskSource *source = (MwTaskSource *) mw_run_get_task_gen (run, "train");
  MwAlgorithmConfig cfg = *mw_algorithm_get_config (mw_run_get_algorithm (run));
  size_t peak[2][3];
  for (int order = 0; order < 2; order++)
    for (int k = 0; k < 3; k++)
      {
        cfg.kind = order == 0 ? MW_ALGO_FOMAML : MW_ALGO_MAML;
        cfg.inner_steps = k + 1;
        MwStepCost cost;
        GError *error = NULL;
        g_assert_true (mw_measure_step_cost (&cfg, source, 2, 1, 1, &cost, &error));
        g_assert_no_error (error);
        g_assert_cmpfloat (cost.seconds, >, 0.0);
        peak[order][k] = cost.peak_bytes;
        g_test_message ("%s, %d inner steps: %.2f ms, %.2f MB", order ? "second order" : "first order",
                        k + 1, 1e3 * cost.seconds, cost.peak_bytes / 1e6);
      }
  g_assert_cmpuint (peak[1][0], <, peak[1][1]);
  g_assert_cmpuint (peak[1][1], <, peak[1][2]);
  for (int k = 0; k < 3; k++)
    g_assert_cmpuint (peak[0][k], <, peak[1][k]);
  mw_run_free (run);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  sanitizer = g_getenv ("MW_TEST_SANITIZER") != NULL;
  g_test_add_func ("/inspect/episode-trace/maml", test_episode_trace_maml);
  g_test_add_func ("/inspect/embedding/protonet", test_embedding_protonet);
  g_test_add_func ("/inspect/sine-fit", test_sine_fit);
  g_test_add_func ("/inspect/step-cost", test_step_cost);
  return g_test_run ();
}
