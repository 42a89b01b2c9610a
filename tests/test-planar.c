/* test-planar.c: the planar task families (labels by side, shapes, seeds), the decision
 * boundary per step (its grid is the model's prediction there, after each step as the
 * learner adapts; its 0.5 contour lies where the model crosses 0.5), and MAML learning
 * on circles well above chance. */
#include "mw-core.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static gboolean
sanitized (void)
{
  return g_getenv ("MW_TEST_SANITIZER") != NULL;
}

static void
test_points (void)
{
  for (int family = 0; family < MW_PLANAR_N_FAMILIES; family++)
    {
      MwPlanarSpec spec = { family, 30, 0 };
      MwTensor *x = mw_tensor_new4 (2 * 7, 2, 0, 0), *x2 = mw_tensor_new4 (2 * 7, 2, 0, 0);
      int32_t labels[14], labels2[14];
      for (int t = 0; t < 50; t++)
        {
          MwRng rng, again;
          mw_rng_init (&rng, 11, (uint64_t) t);
          mw_rng_init (&again, 11, (uint64_t) t);
          MwPlanarTask task, task2;
          mw_planar_task_sample (&task, &spec, &rng);
          mw_planar_task_points (&task, &rng, 7, x, labels);
          mw_planar_task_sample (&task2, &spec, &again);
          mw_planar_task_points (&task2, &again, 7, x2, labels2);
          /* Same seed, same task and points. */
          g_assert_cmpmem (x->data, sizeof (float) * 28, x2->data, sizeof (float) * 28);
          if (family == MW_PLANAR_LINEAR)
            g_assert_cmpfloat (fabsf (task.angle), <=, (float) (30 * G_PI / 180) + 1e-6f);
          for (int i = 0; i < 14; i++)
            {
              g_assert_cmpint (labels[i], ==, i / 7);
              float m = mw_planar_task_margin (&task, x->data[2 * i], x->data[2 * i + 1]);
              /* Moons are drawn around their arcs, so a few noisy points cross over. */
              if (family != MW_PLANAR_MOONS)
                {
                  g_assert_true ((m > 0) == (labels[i] == 1));
                  g_assert_cmpfloat (fabsf (x->data[2 * i]), <=, MW_PLANAR_RANGE);
                  g_assert_cmpfloat (fabsf (x->data[2 * i + 1]), <=, MW_PLANAR_RANGE);
                }
            }
        }
      mw_tensor_free (x);
      mw_tensor_free (x2);
    }
}

/* A learner and a task of the family, from a task generator. */
static MwAlgorithm *
make_learner (MwAlgorithmKind kind, MwPointModel model, MwPlanarFamily family, MwTaskGen **gen,
              MwTask *task)
{
  MwPlanarSpec spec = { family, 30, 0 };
  *gen = mw_task_gen_new_planar (&spec, 5, 15);
  MwAlgorithmConfig config;
  mw_algorithm_config_defaults (&config, kind);
  config.point_model = model;
  config.inner_lr = 0.5f;
  MwAlgorithm *a = mw_algorithm_new (&config, &(*gen)->source, 3, NULL);
  g_assert_nonnull (a);
  /* Weights large enough that the boundary crosses the range. */
  MwModel *m = mw_algorithm_get_model (a);
  MwRng rng;
  mw_rng_init (&rng, 5, 0);
  for (int i = 0; i < m->n_params; i++)
    for (size_t k = 0; k < m->params[i]->numel; k++)
      m->params[i]->data[k] = 0.8f * mw_rng_normal (&rng);
  mw_rng_init (&rng, 9, 0);
  g_assert_true (mw_task_gen_next (*gen, 2, 5, 15, &rng, task, NULL));
  return a;
}

/* Class-1 probabilities of params at the points of x. */
static void
predict (MwModel *m, MwTape *tape, MwTensor *const *params, MwTensor *x, float *p1)
{
  bool was = mw_tape_set_recording (tape, false);
  MwTensor *logits = mw_model_forward (m, tape, params, x, NULL);
  for (int r = 0; r < x->shape[0]; r++)
    {
      float a = logits->data[2 * r], b = logits->data[2 * r + 1];
      p1[r] = 1.0f / (1.0f + expf (a - b));
    }
  mw_tape_set_recording (tape, was);
}

static void
test_grid_is_the_model (void)
{
  MwTaskGen *gen;
  MwTask task;
  MwAlgorithm *a = make_learner (MW_ALGO_MAML, MW_POINT_MODEL_MLP, MW_PLANAR_CIRCLES, &gen, &task);
  MwModel *m = mw_algorithm_get_model (a);
  int grid = 21, steps = 2;
  MwBoundary *b = mw_boundary_compute (a, &task, steps, grid, -MW_PLANAR_RANGE, MW_PLANAR_RANGE,
                                       NULL);
  g_assert_nonnull (b);
  MwTensor *x = mw_tensor_new4 (grid * grid, 2, 0, 0);
  for (int j = 0; j < grid; j++)
    for (int i = 0; i < grid; i++)
      {
        x->data[2 * (j * grid + i)] = mw_boundary_coordinate (b, i);
        x->data[2 * (j * grid + i) + 1] = mw_boundary_coordinate (b, j);
      }
  /* The same steps by hand: SGD at inner-lr on the support set's cross-entropy. */
  MwTape *tape = mw_tape_new ();
  int n = m->n_params;
  MwTensor **p = g_new (MwTensor *, n), **g = g_new (MwTensor *, n);
  for (int i = 0; i < n; i++)
    p[i] = m->params[i];
  float *expect = g_new (float, grid * grid);
  for (int s = 0; s <= steps; s++)
    {
      predict (m, tape, p, x, expect);
      for (int k = 0; k < grid * grid; k++)
        g_assert_cmpfloat_with_epsilon (b->fields[(size_t) s * grid * grid + k], expect[k], 1e-4);
      MwTensor *loss = mw_task_loss (tape, &task, mw_model_forward (m, tape, p, task.support_x, NULL),
                                     false);
      mw_grad (tape, loss, NULL, p, n, false, g, NULL);
      bool was = mw_tape_set_recording (tape, false);
      for (int i = 0; i < n; i++)
        {
          p[i] = mw_sub (tape, p[i], mw_scale (tape, g[i], 0.5f));
          p[i]->requires_grad = true;
        }
      mw_tape_set_recording (tape, was);
    }
  /* The query figures agree with the grid's: accuracy from the same predictions. */
  for (int s = 0; s <= steps; s++)
    g_assert_true (b->accuracy[s] >= 0 && b->accuracy[s] <= 1);
  g_free (expect);
  g_free (p);
  g_free (g);
  mw_tape_free (tape);
  mw_tensor_free (x);
  mw_boundary_free (b);
  mw_algorithm_free (a);
  mw_task_gen_free (gen);
}

/* A logistic model's weight path is its parameters after each step: the start's
 * exactly, then the same SGD steps by hand; and the path's margin predicts the grid. */
static void
test_weight_path (void)
{
  MwTaskGen *gen;
  MwTask task;
  MwAlgorithm *a = make_learner (MW_ALGO_MAML, MW_POINT_MODEL_LOGISTIC, MW_PLANAR_LINEAR, &gen,
                                 &task);
  MwModel *m = mw_algorithm_get_model (a);
  int grid = 11, steps = 4;
  g_assert_true (mw_boundary_model_is_logistic (m));
  MwBoundary *b = mw_boundary_compute (a, &task, steps, grid, -MW_PLANAR_RANGE, MW_PLANAR_RANGE,
                                       NULL);
  g_assert_nonnull (b);
  g_assert_nonnull (b->weights);
  const float *w0 = m->params[0]->data, *b0 = m->params[1]->data;
  g_assert_cmpfloat (b->weights[0], ==, w0[1] - w0[0]);
  g_assert_cmpfloat (b->weights[1], ==, w0[3] - w0[2]);
  g_assert_cmpfloat (b->weights[2], ==, b0[1] - b0[0]);
  MwTape *tape = mw_tape_new ();
  MwTensor *p[2] = { m->params[0], m->params[1] }, *g[2];
  for (int s = 0; s <= steps; s++)
    {
      const float *w = p[0]->data, *bias = p[1]->data, *path = b->weights + 3 * s;
      g_assert_cmpfloat_with_epsilon (path[0], w[1] - w[0], 1e-5);
      g_assert_cmpfloat_with_epsilon (path[1], w[3] - w[2], 1e-5);
      g_assert_cmpfloat_with_epsilon (path[2], bias[1] - bias[0], 1e-5);
      for (int j = 0; j < grid; j++)
        for (int i = 0; i < grid; i++)
          {
            float z = path[0] * mw_boundary_coordinate (b, i) + path[1] * mw_boundary_coordinate (b, j)
                      + path[2];
            g_assert_cmpfloat_with_epsilon (b->fields[((size_t) s * grid + j) * grid + i],
                                            1.0f / (1.0f + expf (-z)), 1e-5);
          }
      /* The query loss over weight space at the path's point is the step's loss. */
      g_assert_cmpfloat_with_epsilon (mw_boundary_logistic_loss (task.query_x->data,
                                                                 task.query_labels,
                                                                 task.query_x->shape[0], path[0],
                                                                 path[1], path[2]),
                                      b->loss[s], 1e-4);
      MwTensor *loss = mw_task_loss (tape, &task, mw_model_forward (m, tape, p, task.support_x, NULL),
                                     false);
      mw_grad (tape, loss, NULL, p, 2, false, g, NULL);
      bool was = mw_tape_set_recording (tape, false);
      for (int i = 0; i < 2; i++)
        {
          p[i] = mw_sub (tape, p[i], mw_scale (tape, g[i], 0.5f));
          p[i]->requires_grad = true;
        }
      mw_tape_set_recording (tape, was);
    }
  /* The path moved: the support set pulls the start somewhere. */
  g_assert_cmpfloat (fabsf (b->weights[3 * steps] - b->weights[0]), >, 1e-4);
  MwBoundary *copy = mw_boundary_copy (b);
  g_assert_cmpmem (copy->weights, sizeof (float) * 3 * (steps + 1), b->weights,
                   sizeof (float) * 3 * (steps + 1));
  mw_boundary_free (copy);
  mw_tape_free (tape);
  mw_boundary_free (b);
  /* The MLP has no weight path. */
  mw_algorithm_free (a);
  mw_task_gen_free (gen);
  a = make_learner (MW_ALGO_MAML, MW_POINT_MODEL_MLP, MW_PLANAR_LINEAR, &gen, &task);
  g_assert_false (mw_boundary_model_is_logistic (mw_algorithm_get_model (a)));
  b = mw_boundary_compute (a, &task, 1, grid, -MW_PLANAR_RANGE, MW_PLANAR_RANGE, NULL);
  g_assert_null (b->weights);
  mw_boundary_free (b);
  mw_algorithm_free (a);
  mw_task_gen_free (gen);
}

/* A random start, the run's model as its seed initialises it, is the same twice and
 * differs from another seed's. */
static void
test_random_start_seeded (void)
{
  MwBoundary *b[3];
  for (int k = 0; k < 3; k++)
    {
      MwExperimentConfig c;
      mw_experiment_config_init (&c, MW_ALGO_MAML);
      g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_MAML, "planar-circles", NULL));
      c.seed = k < 2 ? 4 : 5;
      GError *error = NULL;
      MwRun *run = mw_run_new (&c, &error);
      g_assert_no_error (error);
      MwTaskGen *gen = mw_run_get_task_gen (run, "test");
      MwRng rng;
      MwTask task;
      mw_rng_init (&rng, MW_TEST_SEED, 0);
      g_assert_true (mw_task_gen_next (gen, c.ways, c.shots, c.queries, &rng, &task, NULL));
      b[k] = mw_boundary_compute (mw_run_get_algorithm (run), &task, 3, 20, -MW_PLANAR_RANGE,
                                  MW_PLANAR_RANGE, &error);
      g_assert_no_error (error);
      mw_run_free (run);
      mw_experiment_config_clear (&c);
    }
  size_t n = sizeof (float) * 4 * 20 * 20;
  g_assert_cmpmem (b[0]->fields, n, b[1]->fields, n);
  g_assert_true (memcmp (b[0]->fields, b[2]->fields, n) != 0);
  for (int k = 0; k < 3; k++)
    mw_boundary_free (b[k]);
}

/* Every contour end point lies where the model itself predicts 0.5, up to what linear
 * interpolation along one grid edge can miss; and the segments match the edges where
 * the field crosses 0.5 (each such edge ends one or two segments). */
static void
test_contour_crosses_half (void)
{
  for (int model = 0; model < 2; model++)
    {
      MwTaskGen *gen;
      MwTask task;
      MwAlgorithm *a = make_learner (MW_ALGO_MAML, (MwPointModel) model, MW_PLANAR_LINEAR, &gen,
                                     &task);
      MwModel *m = mw_algorithm_get_model (a);
      int grid = 100;
      MwBoundary *b = mw_boundary_compute (a, &task, 1, grid, -MW_PLANAR_RANGE,
                                           MW_PLANAR_RANGE, NULL);
      GArray *segments = mw_boundary_contour (b, 0, 0.5f);
      g_assert_cmpuint (segments->len, >, 10);
      MwTensor *x = mw_tensor_new4 (2 * (int) segments->len, 2, 0, 0);
      for (guint i = 0; i < segments->len; i++)
        {
          MwSegment *s = &g_array_index (segments, MwSegment, i);
          float *row = x->data + 4 * i;
          row[0] = s->x0, row[1] = s->y0, row[2] = s->x1, row[3] = s->y1;
        }
      float *p1 = g_new (float, 2 * segments->len);
      MwTape *tape = mw_tape_new ();
      predict (m, tape, NULL, x, p1);
      double worst = 0;
      for (guint i = 0; i < 2 * segments->len; i++)
        worst = MAX (worst, fabs (p1[i] - 0.5));
      g_test_message ("%s: %u segments, worst |p − 0.5| at their ends %.5f",
                      model ? "mlp" : "logistic", segments->len, worst);
      /* Logistic regression's probability is monotone along an edge: interpolation
       * finds its 0.5 almost exactly.  The MLP (weights of σ 0.8, steep) bends within a
       * cell of 0.04. */
      g_assert_cmpfloat (worst, <, model == MW_POINT_MODEL_LOGISTIC ? 0.005 : 0.05);
      int crossing_edges = 0;
      const float *f = b->fields;
      for (int j = 0; j < grid; j++)
        for (int i = 0; i < grid; i++)
          {
            float v = f[j * grid + i];
            if (i + 1 < grid && (v >= 0.5f) != (f[j * grid + i + 1] >= 0.5f))
              crossing_edges++;
            if (j + 1 < grid && (v >= 0.5f) != (f[(j + 1) * grid + i] >= 0.5f))
              crossing_edges++;
          }
      g_assert_cmpint (crossing_edges, >, 0);
      g_assert_cmpint (2 * (int) segments->len, <=, 2 * crossing_edges);
      g_assert_cmpint (2 * (int) segments->len, >=, crossing_edges);
      mw_tape_free (tape);
      g_free (p1);
      mw_tensor_free (x);
      g_array_unref (segments);
      mw_boundary_free (b);
      mw_algorithm_free (a);
      mw_task_gen_free (gen);
    }
}

/* A saddle cell: the centre decides which corners the contour cuts off.  Corners
 * (bottom left, bottom right, top right, top left) = (1, 0, 1, 0): the centre 0.5 joins
 * the high corners, cutting off the low ones, bottom right and top left. */
static void
test_saddle (void)
{
  float f[4] = { 1, 0, 0, 1 };   /* row 0 (bottom): 1, 0; row 1 (top): 0, 1 */
  GArray *s = mw_contour_segments (f, 2, 0, 1, 0.5f);
  g_assert_cmpuint (s->len, ==, 2);
  MwSegment *a = &g_array_index (s, MwSegment, 0), *b = &g_array_index (s, MwSegment, 1);
  /* Around the bottom right corner: (0.5, 0) to (1, 0.5); around the top left:
   * (0.5, 1) to (0, 0.5). */
  g_assert_cmpfloat_with_epsilon (a->x0, 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (a->y0, 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (a->x1, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (a->y1, 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (b->x0, 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (b->y0, 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (b->x1, 0.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (b->y1, 0.5, 1e-6);
  g_array_unref (s);
  float line[4] = { 0, 1, 0, 1 };
  s = mw_contour_segments (line, 2, 0, 1, 0.5f);
  g_assert_cmpuint (s->len, ==, 1);
  MwSegment *seg = &g_array_index (s, MwSegment, 0);
  g_assert_cmpfloat_with_epsilon (seg->x0, 0.5, 1e-6);
  g_assert_cmpfloat_with_epsilon (seg->x1, 0.5, 1e-6);
  g_array_unref (s);
}

/* ≤ 100 ms per step for the MLP on a 100 × 100 grid (optimised builds). */
static void
test_boundary_time (void)
{
  MwTaskGen *gen;
  MwTask task;
  MwAlgorithm *a = make_learner (MW_ALGO_MAML, MW_POINT_MODEL_MLP, MW_PLANAR_MOONS, &gen, &task);
  gint64 start = g_get_monotonic_time ();
  MwBoundary *b = mw_boundary_compute (a, &task, 10, 100, -MW_PLANAR_RANGE, MW_PLANAR_RANGE, NULL);
  double per_step = (double) (g_get_monotonic_time () - start) / 1000.0 / 11;
  g_test_message ("MLP 2-40-40-2, 100 × 100 grid: %.2f ms per step", per_step);
  if (!sanitized ())
    g_assert_cmpfloat (per_step, <, 100);
  mw_boundary_free (b);
  mw_algorithm_free (a);
  mw_task_gen_free (gen);
}

static void
test_maml_learns (void)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_MAML, "planar-circles", NULL));
  c.iterations = sanitized () ? 100 : 600;
  c.threads = 1;
  GError *error = NULL;
  MwRun *run = mw_run_new (&c, &error);
  g_assert_no_error (error);
  for (gint64 i = 0; i < c.iterations; i++)
    {
      MwStepStats stats;
      g_assert_true (mw_run_train_step (run, &stats, &error));
    }
  MwEvalResult r;
  g_assert_true (mw_evaluate (mw_run_get_algorithm (run), mw_run_get_task_gen (run, "test"), 2, 5,
                              15, 1, 200, 77, NULL, NULL, &r, &error));
  g_test_message ("MAML planar-circles, %d iterations: %.1f%% after 1 step",
                  (int) c.iterations, 100 * r.accuracy[1]);
  g_assert_cmpfloat (r.accuracy[1], >, 0.7);
  mw_eval_result_clear (&r);
  mw_run_free (run);
  mw_experiment_config_clear (&c);
}

/* Refusals that name the fix. */
static void
test_refusals (void)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_PROTONET);
  g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_PROTONET, "planar-linear", NULL));
  g_assert_cmpint (c.algo.point_model, ==, MW_POINT_MODEL_MLP);
  GError *error = NULL;
  g_assert_true (mw_experiment_config_set (&c, "planar-model", "logistic", NULL));
  g_assert_false (mw_experiment_config_validate (&c, &error));
  g_assert_nonnull (strstr (error->message, "planar-model=mlp"));
  g_clear_error (&error);
  g_assert_true (mw_experiment_config_set (&c, "planar-model", "mlp", NULL));
  c.ways = 3;
  g_assert_false (mw_experiment_config_validate (&c, &error));
  g_assert_nonnull (strstr (error->message, "ways=2"));
  g_clear_error (&error);
  mw_experiment_config_clear (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/planar/points", test_points);
  g_test_add_func ("/planar/grid-is-the-model", test_grid_is_the_model);
  g_test_add_func ("/planar/contour-crosses-half", test_contour_crosses_half);
  g_test_add_func ("/planar/saddle", test_saddle);
  g_test_add_func ("/planar/boundary-time", test_boundary_time);
  g_test_add_func ("/planar/weight-path", test_weight_path);
  g_test_add_func ("/planar/random-start-seeded", test_random_start_seeded);
  g_test_add_func ("/planar/maml-learns", test_maml_learns);
  g_test_add_func ("/planar/refusals", test_refusals);
  return g_test_run ();
}
