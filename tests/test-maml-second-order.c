/* test-maml-second-order.c: the meta-gradient d/dθ L_query(θ − α∇L_support(θ)) of a
 * small Conv4 (with batch norm) against finite differences, and proof that the
 * first-order approximation fails the same check.
 *
 * Tolerance: F(θ) is computed in float32 (rounding ≈ 1e-6 relative after a forward,
 * backward, SGD step and second forward).  Differences are taken along unit-norm
 * directions with step 3e-4: ReLU and max-pool make F piecewise smooth, and on this
 * net steps of 1e-3 and more already cross kinks (measured), while 3e-4 leaves
 * rounding at ≈ 1e-6 / 3e-4 ≈ 3e-3 of a unit-size gradient.  Errors are measured
 * against ‖meta-gradient‖ (the largest directional derivative), so directions where
 * the derivative is near zero do not turn rounding into a large relative error.  We
 * allow 3%.  With α = 0.4 (MAML's Omniglot setting) the Hessian term is a large part
 * of the meta-gradient: along the direction of (second − first order) the first-order
 * approximation must miss by more than 20%. */
#include "mw-core.h"

#include <glib.h>
#include <math.h>

#define WAYS 3
#define SHOTS 2
#define QUERIES 3
static float STEP = 3e-4f;
#define DIRECTIONS 8

typedef struct {
  MwModel *model;
  MwTensor *xs, *xq;
  int32_t ys[WAYS * SHOTS], yq[WAYS * QUERIES];
  int inner_steps;
  float alpha;
} Task;

/* Adapted parameters after inner_steps SGD steps on the support set. */
static MwTensor **
adapt (Task *t, MwTape *tape, bool create_graph)
{
  int n = t->model->n_params;
  MwTensor **theta = g_new (MwTensor *, n);
  MwTensor **g = g_new (MwTensor *, n);
  for (int i = 0; i < n; i++)
    theta[i] = t->model->params[i];
  for (int s = 0; s < t->inner_steps; s++)
    {
      MwTensor *ls = mw_cross_entropy (tape, mw_model_forward (t->model, tape, theta, t->xs, NULL), t->ys);
      mw_grad (tape, ls, NULL, theta, n, create_graph, g, NULL);
      for (int i = 0; i < n; i++)
        theta[i] = mw_sub (tape, theta[i], mw_scale (tape, g[i], t->alpha));
    }
  g_free (g);
  return theta;
}

static double
query_loss (Task *t, MwTape *tape)
{
  mw_tape_reset (tape);
  MwTensor **theta = adapt (t, tape, false);
  MwTensor *lq = mw_cross_entropy (tape, mw_model_forward (t->model, tape, theta, t->xq, NULL), t->yq);
  g_free (theta);
  return lq->data[0];
}

static double
dot_dir (MwTensor **g, MwTensor **v, int n)
{
  double s = 0;
  for (int i = 0; i < n; i++)
    for (size_t j = 0; j < g[i]->numel; j++)
      s += (double) g[i]->data[j] * v[i]->data[j];
  return s;
}

static void
run_check (int inner_steps, float alpha)
{
  MwRng rng;
  mw_rng_init (&rng, 42, 0);
  Task t = { .inner_steps = inner_steps, .alpha = alpha };
  t.model = mw_conv4_new (1, 16, 4, WAYS, MW_BN_BATCH, &rng);
  int n = t.model->n_params;
  t.xs = mw_tensor_new4 (WAYS * SHOTS, 16, 16, 1);
  t.xq = mw_tensor_new4 (WAYS * QUERIES, 16, 16, 1);
  /* Each class is a noisy version of its own random pattern, so the task is learnable. */
  float proto[WAYS][256];
  for (int c = 0; c < WAYS; c++)
    for (int p = 0; p < 256; p++)
      proto[c][p] = mw_rng_normal (&rng);
  for (int i = 0; i < WAYS * SHOTS; i++)
    {
      t.ys[i] = i % WAYS;
      for (int p = 0; p < 256; p++)
        t.xs->data[i * 256 + p] = proto[i % WAYS][p] + 0.5f * mw_rng_normal (&rng);
    }
  for (int i = 0; i < WAYS * QUERIES; i++)
    {
      t.yq[i] = i % WAYS;
      for (int p = 0; p < 256; p++)
        t.xq->data[i * 256 + p] = proto[i % WAYS][p] + 0.5f * mw_rng_normal (&rng);
    }

  MwTape *tape = mw_tape_new ();
  /* Second order: differentiate through the inner gradient steps. */
  MwTensor **theta = adapt (&t, tape, true);
  MwTensor *lq = mw_cross_entropy (tape, mw_model_forward (t.model, tape, theta, t.xq, NULL), t.yq);
  MwTensor **meta = g_new (MwTensor *, n), **fo = g_new (MwTensor *, n);
  g_assert_true (mw_grad (tape, lq, NULL, t.model->params, n, false, meta, NULL));
  /* First order: the query gradient at the adapted parameters. */
  g_assert_true (mw_grad (tape, lq, NULL, theta, n, false, fo, NULL));
  MwTensor **meta_c = g_new (MwTensor *, n), **fo_c = g_new (MwTensor *, n);
  for (int i = 0; i < n; i++)
    {
      meta_c[i] = mw_tensor_new_copy (meta[i]);
      fo_c[i] = mw_tensor_new_copy (fo[i]);
    }
  g_free (theta);

  double err_so = 0, err_fo = 0;
  double meta_norm = sqrt (dot_dir (meta_c, meta_c, n));
  for (int d = 0; d < DIRECTIONS; d++)
    {
      MwTensor **v = g_new (MwTensor *, n);
      double norm2 = 0;
      /* Direction 0 separates the two methods most: along (second − first order);
       * direction 1 is the meta-gradient itself; the rest are random. */
      for (int i = 0; i < n; i++)
        {
          v[i] = mw_tensor_new_like (t.model->params[i]);
          for (size_t j = 0; j < v[i]->numel; j++)
            {
              v[i]->data[j] = d == 0   ? meta_c[i]->data[j] - fo_c[i]->data[j]
                              : d == 1 ? meta_c[i]->data[j]
                                       : mw_rng_normal (&rng);
              norm2 += v[i]->data[j] * v[i]->data[j];
            }
        }
      for (int i = 0; i < n; i++)
        for (size_t j = 0; j < v[i]->numel; j++)
          v[i]->data[j] /= (float) sqrt (norm2);

      MwTensor **base = g_new (MwTensor *, n);
      for (int i = 0; i < n; i++)
        base[i] = mw_tensor_new_copy (t.model->params[i]);
      for (int i = 0; i < n; i++)
        for (size_t j = 0; j < v[i]->numel; j++)
          t.model->params[i]->data[j] = base[i]->data[j] + STEP * v[i]->data[j];
      double up = query_loss (&t, tape);
      for (int i = 0; i < n; i++)
        for (size_t j = 0; j < v[i]->numel; j++)
          t.model->params[i]->data[j] = base[i]->data[j] - STEP * v[i]->data[j];
      double down = query_loss (&t, tape);
      for (int i = 0; i < n; i++)
        mw_tensor_copy_data (t.model->params[i], base[i]);

      double numeric = (up - down) / (2.0 * STEP);
      double a_so = dot_dir (meta_c, v, n), a_fo = dot_dir (fo_c, v, n);
      double scale = meta_norm;
      g_test_message ("%d inner step(s), direction %d: finite difference %+.6f, second order %+.6f, "
                      "first order %+.6f", inner_steps, d, numeric, a_so, a_fo);
      err_so = fmax (err_so, fabs (a_so - numeric) / scale);
      err_fo = fmax (err_fo, fabs (a_fo - numeric) / scale);
      for (int i = 0; i < n; i++)
        {
          mw_tensor_free (v[i]);
          mw_tensor_free (base[i]);
        }
      g_free (v);
      g_free (base);
    }
  g_test_message ("%d inner step(s): worst error / |meta-gradient|, second order %.2e, first order %.2e",
                  inner_steps, err_so, err_fo);
  g_assert_cmpfloat (err_so, <, 0.03);
  g_assert_cmpfloat (err_fo, >, 0.2);

  for (int i = 0; i < n; i++)
    {
      mw_tensor_free (meta_c[i]);
      mw_tensor_free (fo_c[i]);
    }
  g_free (meta_c);
  g_free (fo_c);
  g_free (meta);
  g_free (fo);
  mw_tape_free (tape);
  mw_tensor_free (t.xs);
  mw_tensor_free (t.xq);
  mw_model_free (t.model);
}

static void
test_one_step (void)
{
  run_check (1, 0.4f);
}

static void
test_two_steps (void)
{
  /* MAML's 20-way setting (α = 0.1, several steps). */
  run_check (2, 0.1f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mw_core_set_threads (1);
  /* MW_FD_STEP shows how the check degrades with larger steps (kinks). */
  if (g_getenv ("MW_FD_STEP"))
    STEP = (float) g_ascii_strtod (g_getenv ("MW_FD_STEP"), NULL);
  g_test_add_func ("/maml/second-order/one-inner-step", test_one_step);
  g_test_add_func ("/maml/second-order/two-inner-steps", test_two_steps);
  return g_test_run ();
}
