/* test-domain-ops.c: the domain-adaptation ops beyond their finite-difference rows in
 * test-ops-gradients.c: MMD² against a direct double-precision computation and against
 * the separate ops' form, near 0 for one distribution and clearly above it for shifted
 * ones, its size guards; gradient reversal exactly −λ (and λ² at second order); CDAN's
 * multilinear map and entropy weights; the binary cross-entropy. */
#include "gradcheck.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static MwTensor *
random_matrix (MwRng *rng, int rows, int cols, float shift)
{
  MwTensor *t = mw_tensor_new4 (rows, cols, 0, 0);
  for (size_t i = 0; i < t->numel; i++)
    t->data[i] = mw_rng_normal (rng) + shift;
  return t;
}

/* ---- MMD² ---- */

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

/* The estimator straight from its definition, in double: each pair's squared distance
 * from the difference of the rows, the median by sorting, the U-statistic, and the
 * gradient 4 Σ_j W_ij κ'(D²_ij) (z_i − z_j) (gx, gy: NULL or the rows' sizes). */
static double
mmd2_reference (const MwTensor *x, const MwTensor *y, const MwMmdKernels *kernels,
                double *median_out, double *gx, double *gy)
{
  const int n = x->shape[0], m = y->shape[0], d = x->shape[1], rows = n + m;
  double *z = g_new (double, (size_t) rows * d), *d2 = g_new (double, (size_t) rows * rows);
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < d; j++)
      z[i * d + j] = i < n ? x->data[i * d + j] : y->data[(i - n) * d + j];
  size_t pairs = 0;
  double *sorted = g_new (double, (size_t) rows * rows);
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < rows; j++)
      {
        double s = 0;
        for (int k = 0; k < d; k++)
          s += (z[i * d + k] - z[j * d + k]) * (z[i * d + k] - z[j * d + k]);
        d2[i * rows + j] = s;
        if (j > i)
          sorted[pairs++] = s;
      }
  qsort (sorted, pairs, sizeof (double), compare_doubles);
  double median = pairs % 2 ? sorted[pairs / 2] : 0.5 * (sorted[pairs / 2 - 1] + sorted[pairs / 2]);
  if (median_out != NULL)
    *median_out = median;
  double value = 0;
  for (int i = 0; i < rows; i++)
    {
      double *gi = i < n ? (gx ? gx + i * d : NULL) : (gy ? gy + (i - n) * d : NULL);
      if (gi != NULL)
        memset (gi, 0, sizeof (double) * d);
      for (int j = 0; j < rows; j++)
        {
          if (i == j)
            continue;
          double w = i < n && j < n ? 1.0 / ((double) n * (n - 1))
                     : i >= n && j >= n ? 1.0 / ((double) m * (m - 1)) : -1.0 / ((double) n * m);
          double k = 0, slope = 0;
          for (int b = 0; b < kernels->count; b++)
            {
              double gamma = kernels->scale[b] * (kernels->relative ? median : 1.0);
              double e = exp (-d2[i * rows + j] / gamma);
              k += e;
              slope -= e / gamma;
            }
          value += w * k;
          if (gi != NULL)
            for (int c = 0; c < d; c++)
              gi[c] += 4.0 * w * slope * (z[i * d + c] - z[j * d + c]);
        }
    }
  g_free (z);
  g_free (d2);
  g_free (sorted);
  return value;
}

/* The op's value and gradients, first order and through a recorded backward. */
typedef struct {
  float value, median;
  MwTensor *gx, *gy, *gx_recorded, *gy_recorded;
} MmdResult;

static MmdResult
mmd2_run (MwTensor *x, MwTensor *y, const MwMmdKernels *kernels)
{
  MmdResult r = { 0 };
  x->requires_grad = y->requires_grad = true;
  MwTensor *in[2] = { x, y }, *g[2];
  for (int recorded = 0; recorded < 2; recorded++)
    {
      MwTape *tape = mw_tape_new ();
      MwTensor *v = mw_mmd2 (tape, x, y, kernels, &r.median);
      r.value = v->data[0];
      g_assert_true (mw_grad (tape, v, NULL, in, 2, recorded, g, NULL));
      MwTensor **gx = recorded ? &r.gx_recorded : &r.gx, **gy = recorded ? &r.gy_recorded : &r.gy;
      *gx = mw_tensor_new_copy (g[0]);
      *gy = mw_tensor_new_copy (g[1]);
      mw_tape_free (tape);
    }
  x->requires_grad = y->requires_grad = false;
  return r;
}

static void
mmd2_result_clear (MmdResult *r)
{
  mw_tensor_free (r->gx);
  mw_tensor_free (r->gy);
  mw_tensor_free (r->gx_recorded);
  mw_tensor_free (r->gy_recorded);
}

/* Largest |a − b| over the largest |b|. */
static double
relative_gap (const float *a, const double *b, size_t count)
{
  double gap = 0, scale = 1e-30;
  for (size_t i = 0; i < count; i++)
    {
      gap = MAX (gap, fabs (a[i] - b[i]));
      scale = MAX (scale, fabs (b[i]));
    }
  return gap / scale;
}

static void
check_against_reference (MwTensor *x, MwTensor *y, const MwMmdKernels *kernels, const char *what)
{
  if (kernels == NULL)
    kernels = &mw_mmd_default_kernels;
  double median, *gx = g_new (double, x->numel), *gy = g_new (double, y->numel);
  double expected = mmd2_reference (x, y, kernels, &median, gx, gy);
  MmdResult r = mmd2_run (x, y, kernels);
  double value_gap = fabs (r.value - expected) / fabs (expected);
  double grad_gap = MAX (relative_gap (r.gx->data, gx, x->numel), relative_gap (r.gy->data, gy, y->numel));
  double rec_gap = MAX (relative_gap (r.gx_recorded->data, gx, x->numel),
                        relative_gap (r.gy_recorded->data, gy, y->numel));
  g_test_message ("%s: MMD2 %.7f (double %.7f, relative gap %.1e), median %.5f (double %.5f); "
                  "gradient gap %.1e, recorded %.1e", what, r.value, expected, value_gap,
                  r.median, median, grad_gap, rec_gap);
  g_assert_cmpfloat (value_gap, <, 1e-4);
  if (kernels->relative)
    g_assert_cmpfloat (fabs (r.median - median) / median, <, 1e-5);
  else
    g_assert_cmpfloat (r.median, ==, 0.0f);
  g_assert_cmpfloat (grad_gap, <, 1e-4);
  g_assert_cmpfloat (rec_gap, <, 1e-4);
  mmd2_result_clear (&r);
  g_free (gx);
  g_free (gy);
}

static void
test_mmd2_matches_double (void)
{
  MwRng rng;
  mw_rng_init (&rng, 23, 0);
  /* Odd and even pair counts (the median's two cases), the default kernels (a factor 2
   * apart: squares of each other), kernels at other ratios, absolute bandwidths, and
   * features sharing a large offset (ReLU features: the centred Gram matrix). */
  static const MwMmdKernels uneven = { 3, { 0.3f, 1.0f, 7.0f }, true };
  static const MwMmdKernels absolute = { 2, { 4.0f, 20.0f }, false };
  MwTensor *x = random_matrix (&rng, 7, 5, 0.0f), *y = random_matrix (&rng, 9, 5, 0.6f);
  check_against_reference (x, y, NULL, "7 + 9 rows, default kernels");
  check_against_reference (x, y, &uneven, "7 + 9 rows, 0.3, 1 and 7 x the median");
  check_against_reference (x, y, &absolute, "7 + 9 rows, gamma = 4 and 20");
  mw_tensor_free (y);
  y = random_matrix (&rng, 7, 5, 0.6f);
  check_against_reference (x, y, NULL, "7 + 7 rows (91 pairs), default kernels");
  for (size_t i = 0; i < x->numel; i++)
    x->data[i] += 30.0f;
  for (size_t i = 0; i < y->numel; i++)
    y->data[i] += 30.0f;
  check_against_reference (x, y, NULL, "7 + 7 rows offset by 30");
  mw_tensor_free (x);
  mw_tensor_free (y);
  /* Points on a line at whole numbers: many pairs tie at the median. */
  static const float line_x[5] = { 0, 1, 2, 3, 5 }, line_y[4] = { 1, 2, 4, 4 };
  static const float line_y_odd[5] = { 1, 2, 4, 4, 7 };
  x = mw_tensor_new4 (5, 1, 0, 0);
  y = mw_tensor_new4 (4, 1, 0, 0);
  memcpy (x->data, line_x, sizeof line_x);
  memcpy (y->data, line_y, sizeof line_y);
  check_against_reference (x, y, NULL, "5 + 4 points on a line (36 pairs, ties)");
  mw_tensor_free (y);
  y = mw_tensor_new4 (5, 1, 0, 0);
  memcpy (y->data, line_y_odd, sizeof line_y_odd);
  check_against_reference (x, y, NULL, "5 + 5 points on a line (45 pairs, ties)");
  mw_tensor_free (x);
  mw_tensor_free (y);
  /* Two rows each, the least the unbiased estimator takes, in 64 dimensions. */
  x = random_matrix (&rng, 2, 64, 0.0f);
  y = random_matrix (&rng, 2, 64, 0.0f);
  check_against_reference (x, y, NULL, "2 + 2 rows of 64");
  mw_tensor_free (x);
  mw_tensor_free (y);
}

static double
mmd2_value (MwTensor *x, MwTensor *y)
{
  MwTape *tape = mw_tape_new ();
  double v = mw_mmd2 (tape, x, y, NULL, NULL)->data[0];
  mw_tape_free (tape);
  return v;
}

/* Batches of one distribution: values scattered about 0 (the unbiased estimator);
 * a shift of the mean or of the spread: every value far above all of those. */
static void
test_mmd2_same_and_shifted (void)
{
  enum { TRIALS = 20, N = 48, D = 16 };
  MwRng rng;
  mw_rng_init (&rng, 24, 0);
  double same[TRIALS], shifted[TRIALS], spread[TRIALS];
  double sum = 0, sum2 = 0, same_max = -INFINITY, shifted_min = INFINITY, spread_min = INFINITY;
  for (int t = 0; t < TRIALS; t++)
    {
      MwTensor *x = random_matrix (&rng, N, D, 0.0f), *y = random_matrix (&rng, N, D, 0.0f);
      same[t] = mmd2_value (x, y);
      mw_tensor_free (y);
      y = random_matrix (&rng, N, D, 0.5f);
      shifted[t] = mmd2_value (x, y);
      for (size_t i = 0; i < y->numel; i++)
        y->data[i] = (y->data[i] - 0.5f) * 1.6f;
      spread[t] = mmd2_value (x, y);
      mw_tensor_free (x);
      mw_tensor_free (y);
      sum += same[t];
      sum2 += same[t] * same[t];
      same_max = MAX (same_max, same[t]);
      shifted_min = MIN (shifted_min, shifted[t]);
      spread_min = MIN (spread_min, spread[t]);
    }
  double mean = sum / TRIALS, sd = sqrt ((sum2 - TRIALS * mean * mean) / (TRIALS - 1));
  g_test_message ("%d trials of %d + %d rows in %d dims: one distribution %.5f +- %.5f (max "
                  "%.5f); mean shifted by 0.5 per dim: min %.5f; spread x 1.6: min %.5f",
                  TRIALS, N, N, D, mean, sd, same_max, shifted_min, spread_min);
  /* Unbiased: the mean within 3 standard errors of 0, some values below 0. */
  g_assert_cmpfloat (fabs (mean), <, 3.0 * sd / sqrt (TRIALS));
  g_assert_cmpfloat (mean - sd, <, 0.0);
  g_assert_cmpfloat (shifted_min, >, same_max + 5.0 * sd);
  g_assert_cmpfloat (spread_min, >, same_max + 5.0 * sd);
}

/* The median is a constant: relative bandwidths give the value and gradients of
 * absolute ones at γ = scale × the median they report. */
static void
test_mmd2_median_is_constant (void)
{
  MwRng rng;
  mw_rng_init (&rng, 25, 0);
  MwTensor *x = random_matrix (&rng, 6, 4, 0.0f), *y = random_matrix (&rng, 8, 4, 1.0f);
  MmdResult rel = mmd2_run (x, y, NULL);
  MwMmdKernels fixed = mw_mmd_default_kernels;
  fixed.relative = false;
  for (int k = 0; k < fixed.count; k++)
    fixed.scale[k] *= rel.median;
  MmdResult abs = mmd2_run (x, y, &fixed);
  g_assert_cmpfloat (rel.median, >, 0.0f);
  g_assert_cmpfloat (fabs (rel.value - abs.value), <=, 1e-6 * fabs (abs.value));
  for (size_t i = 0; i < x->numel; i++)
    g_assert_cmpfloat (fabs (rel.gx->data[i] - abs.gx->data[i]), <=, 1e-6);
  for (size_t i = 0; i < y->numel; i++)
    g_assert_cmpfloat (fabs (rel.gy_recorded->data[i] - abs.gy_recorded->data[i]), <=, 1e-6);
  mmd2_result_clear (&rel);
  mmd2_result_clear (&abs);
  mw_tensor_free (x);
  mw_tensor_free (y);
}

/* Identical rows: every distance 0, so the median is 0 and the bandwidth falls back;
 * the estimator is exactly 0 and so is its gradient. */
static void
test_mmd2_identical_rows (void)
{
  MwTensor *x = mw_tensor_new4 (3, 4, 0, 0), *y = mw_tensor_new4 (2, 4, 0, 0);
  mw_tensor_fill (x, 0.25f);
  mw_tensor_fill (y, 0.25f);
  MmdResult r = mmd2_run (x, y, NULL);
  g_assert_cmpfloat (fabs (r.value), <, 1e-6);
  g_assert_cmpfloat (r.median, ==, 1.0f);
  for (size_t i = 0; i < x->numel; i++)
    g_assert_cmpfloat (r.gx->data[i], ==, 0.0f);
  mmd2_result_clear (&r);
  /* A bandwidth below the floats' range: 1 at the pairs that coincide, 0 elsewhere,
   * never NaN. */
  static const MwMmdKernels tiny = { 1, { 1e-40f }, false };
  x->data[0] = 1.0f;
  r = mmd2_run (x, y, &tiny);
  /* Within x: 2 of the 6 ordered pairs coincide; within y: both; across: 4 of 6. */
  g_assert_cmpfloat (fabs (r.value - (2.0 / 6 + 2.0 / 2 - 2.0 * 4 / 6)), <, 1e-6);
  for (size_t i = 0; i < x->numel; i++)
    g_assert_true (isfinite (r.gx->data[i]));
  mmd2_result_clear (&r);
  mw_tensor_free (x);
  mw_tensor_free (y);
}

/* Bad sizes and bandwidths stop with a message naming the op (in a subprocess). */
static void
test_mmd2_guards (void)
{
  static const char *const cases[] = { "one-row", "widths", "too-many", "no-kernels", "zero-scale" };
  static const char *const messages[] = { "*at least 2 rows*", "*needs features*",
                                          "*MW_MMD_MAX_ROWS*", "*0 kernels*", "*bandwidth 2 is 0*" };
  for (size_t c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      char *path = g_strdup_printf ("/domain/mmd2/guards/subprocess/%s", cases[c]);
      g_test_trap_subprocess (path, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_failed ();
      g_test_trap_assert_stderr (messages[c]);
      g_free (path);
    }
}

static void
guard_case (gconstpointer data)
{
  const char *which = data;
  if (!g_test_subprocess ())
    {
      g_test_skip ("run in a subprocess by /domain/mmd2/guards");
      return;
    }
  int xr = 3, yr = 3, xd = 4, yd = 4;
  MwMmdKernels kernels = mw_mmd_default_kernels;
  if (strcmp (which, "one-row") == 0)
    yr = 1;
  else if (strcmp (which, "widths") == 0)
    yd = 5;
  else if (strcmp (which, "too-many") == 0)
    xr = MW_MMD_MAX_ROWS;
  else if (strcmp (which, "no-kernels") == 0)
    kernels.count = 0;
  else
    kernels.scale[1] = 0.0f;
  MwTensor *x = mw_tensor_new4 (xr, xd, 0, 0), *y = mw_tensor_new4 (yr, yd, 0, 0);
  MwTape *tape = mw_tape_new ();
  mw_mmd2 (tape, x, y, &kernels, NULL);
  mw_tape_free (tape);
  mw_tensor_free (x);
  mw_tensor_free (y);
}

/* The estimator written with the separate ops (pairwise distances by mw_sq_euclidean,
 * one exp per kernel), at the op's bandwidths: what the fused op replaces. */
static MwTensor *
mmd2_composite (MwTape *tape, MwTensor *x, MwTensor *y, const float *gamma, int kernels)
{
  const int n = x->shape[0], m = y->shape[0];
  MwTensor *blocks[3] = { mw_sq_euclidean (tape, x, x), mw_sq_euclidean (tape, y, y),
                          mw_sq_euclidean (tape, x, y) };
  const double weight[3] = { 1.0 / ((double) n * (n - 1)), 1.0 / ((double) m * (m - 1)),
                             -2.0 / ((double) n * m) };
  MwTensor *total = NULL;
  for (int b = 0; b < 3; b++)
    {
      MwTensor *k = NULL;
      for (int i = 0; i < kernels; i++)
        {
          MwTensor *e = mw_exp (tape, mw_scale (tape, blocks[b], -1.0f / gamma[i]));
          k = k == NULL ? e : mw_add (tape, k, e);
        }
      /* The within-batch blocks leave out their diagonal (κ(0) = kernels each). */
      double diagonal = b < 2 ? (double) kernels * (b == 0 ? n : m) : 0.0;
      MwTensor *term = mw_affine_scalar (tape, mw_sum (tape, k), (float) weight[b],
                                         (float) (-weight[b] * diagonal));
      total = total == NULL ? term : mw_add (tape, total, term);
    }
  return total;
}

static double
seconds_per_step (MwTensor *x, MwTensor *y, const float *gamma, bool fused, int steps)
{
  MwTape *tape = mw_tape_new ();
  MwTensor *in[2] = { x, y }, *g[2];
  GTimer *timer = g_timer_new ();
  for (int s = 0; s < steps; s++)
    {
      mw_tape_reset (tape);
      MwTensor *v = fused ? mw_mmd2 (tape, x, y, NULL, NULL)
                          : mmd2_composite (tape, x, y, gamma, mw_mmd_default_kernels.count);
      g_assert_true (mw_grad (tape, v, NULL, in, 2, false, g, NULL));
    }
  double t = g_timer_elapsed (timer, NULL) / steps;
  g_timer_destroy (timer);
  mw_tape_free (tape);
  return t;
}

/* Value and gradient of the fused op against the composite form, and (with -m perf)
 * their times for a forward and backward pass on one thread. */
static void
test_mmd2_against_ops (void)
{
  static const int sizes[3][3] = { { 25, 25, 64 }, { 80, 80, 64 }, { 200, 200, 256 } };
  for (int c = 0; c < (g_test_perf () ? 3 : 1); c++)
    {
      MwRng rng;
      mw_rng_init (&rng, 40 + c, 0);
      MwTensor *x = random_matrix (&rng, sizes[c][0], sizes[c][2], 0.0f);
      MwTensor *y = random_matrix (&rng, sizes[c][1], sizes[c][2], 0.3f);
      MmdResult r = mmd2_run (x, y, NULL);
      float gamma[MW_MMD_MAX_KERNELS];
      for (int k = 0; k < mw_mmd_default_kernels.count; k++)
        gamma[k] = mw_mmd_default_kernels.scale[k] * r.median;
      x->requires_grad = y->requires_grad = true;
      MwTape *tape = mw_tape_new ();
      MwTensor *in[2] = { x, y }, *g[2];
      MwTensor *v = mmd2_composite (tape, x, y, gamma, mw_mmd_default_kernels.count);
      g_assert_true (mw_grad (tape, v, NULL, in, 2, false, g, NULL));
      double scale = 1e-30, gap = 0;
      for (size_t i = 0; i < x->numel; i++)
        {
          scale = MAX (scale, fabs (g[0]->data[i]));
          gap = MAX (gap, fabs (g[0]->data[i] - r.gx->data[i]));
        }
      g_assert_cmpfloat (fabs (v->data[0] - r.value), <, 1e-4 * fabs (v->data[0]) + 1e-6);
      g_assert_cmpfloat (gap, <, 1e-4 * scale);
      mw_tape_free (tape);
      if (g_test_perf ())
        {
          const int steps = c < 2 ? 200 : 20;
          double fused = seconds_per_step (x, y, gamma, true, steps);
          double ops = seconds_per_step (x, y, gamma, false, steps);
          g_test_message ("MMD2 of %d + %d rows of %d, 5 kernels, forward + backward: fused %.3f ms, "
                          "separate ops %.3f ms (%.1fx)", sizes[c][0], sizes[c][1], sizes[c][2],
                          1e3 * fused, 1e3 * ops, ops / fused);
        }
      x->requires_grad = y->requires_grad = false;
      mmd2_result_clear (&r);
      mw_tensor_free (x);
      mw_tensor_free (y);
    }
}

/* ---- gradient reversal ---- */

/* Forward: the same values.  Backward: exactly −λ · the gradient.  Recorded and
 * differentiated again: the path passes the reversal twice, λ². */
static void
test_grad_reverse (void)
{
  MwRng rng;
  mw_rng_init (&rng, 26, 0);
  MwTensor *x = random_matrix (&rng, 3, 5, 0.0f), *r = random_matrix (&rng, 3, 5, 0.0f);
  MwTensor *v = random_matrix (&rng, 3, 5, 0.0f);
  x->requires_grad = true;
  static const float lambdas[] = { 0.0f, 0.37f, 1.0f, 2.5f };
  for (size_t l = 0; l < G_N_ELEMENTS (lambdas); l++)
    {
      const float lambda = lambdas[l];
      MwTape *tape = mw_tape_new ();
      MwTensor *y = mw_grad_reverse (tape, x, lambda);
      g_assert_cmpmem (y->data, sizeof (float) * y->numel, x->data, sizeof (float) * x->numel);
      /* L = Σ r ⊙ y²: ∂L/∂x = −λ · 2 r ⊙ x, and ∂/∂x Σ v ⊙ ∂L/∂x = 2 λ² v ⊙ r. */
      MwTensor *loss = mw_sum (tape, mw_mul (tape, r, mw_square (tape, y)));
      MwTensor *g, *gg;
      g_assert_true (mw_grad (tape, loss, NULL, &x, 1, true, &g, NULL));
      MwTensor *h = mw_sum (tape, mw_mul (tape, g, v));
      g_assert_true (mw_grad (tape, h, NULL, &x, 1, false, &gg, NULL));
      for (size_t i = 0; i < x->numel; i++)
        {
          float want = -lambda * (2.0f * x->data[i] * r->data[i]);
          g_assert_cmpfloat (fabsf (g->data[i] - want), <=, 1e-6f * (1.0f + fabsf (want)));
          float want2 = 2.0f * lambda * lambda * v->data[i] * r->data[i];
          g_assert_cmpfloat (fabsf (gg->data[i] - want2), <=, 1e-5f * (1.0f + fabsf (want2)));
        }
      mw_tape_free (tape);
    }
  mw_tensor_free (x);
  mw_tensor_free (r);
  mw_tensor_free (v);
}

/* ---- CDAN's conditioning, the binary cross-entropy ---- */

static void
test_multilinear_map (void)
{
  MwRng rng;
  mw_rng_init (&rng, 27, 0);
  MwTensor *p = random_matrix (&rng, 4, 3, 0.0f), *f = random_matrix (&rng, 4, 5, 0.0f);
  MwTape *tape = mw_tape_new ();
  MwTensor *out = mw_multilinear_map (tape, p, f);
  g_assert_cmpint (out->ndim, ==, 2);
  g_assert_cmpint (out->shape[0], ==, 4);
  g_assert_cmpint (out->shape[1], ==, 15);
  for (int i = 0; i < 4; i++)
    for (int c = 0; c < 3; c++)
      for (int j = 0; j < 5; j++)
        g_assert_cmpfloat (out->data[i * 15 + c * 5 + j], ==, p->data[i * 3 + c] * f->data[i * 5 + j]);
  mw_tape_free (tape);
  mw_tensor_free (p);
  mw_tensor_free (f);
}

static void
test_entropy_weights (void)
{
  /* Uniform over 4: H = log 4, w = 1.25; one-hot: H = 0, w = 2; (0.9, 0.1, 0, 0). */
  const float probs[12] = { 0.25f, 0.25f, 0.25f, 0.25f, 0, 1, 0, 0, 0.9f, 0.1f, 0, 0 };
  MwTensor *p = mw_tensor_new4 (3, 4, 0, 0);
  memcpy (p->data, probs, sizeof probs);
  float w[3];
  mw_entropy_weights (p, w);
  double h = -(0.9 * log (0.9f) + 0.1 * log (0.1f));
  g_assert_cmpfloat (fabsf (w[0] - 1.25f), <, 1e-6f);
  g_assert_cmpfloat (w[1], ==, 2.0f);
  g_assert_cmpfloat (fabs (w[2] - (1.0 + exp (-h))), <, 1e-6);
  mw_tensor_free (p);
}

static void
test_binary_cross_entropy (void)
{
  /* Logits far out on both sides stay finite (the two-class log-softmax). */
  const float z[6] = { -120.0f, -2.0f, -0.3f, 0.0f, 1.7f, 95.0f };
  const int32_t labels[6] = { 1, 0, 1, 1, 0, 0 };
  const float weights[6] = { 1.0f, 0.5f, 2.0f, 0.0f, 1.5f, 0.25f };
  MwTensor *logits = mw_tensor_new4 (6, 1, 0, 0);
  memcpy (logits->data, z, sizeof z);
  double plain = 0, weighted = 0, wsum = 0;
  int right = 0;
  for (int i = 0; i < 6; i++)
    {
      /* log(1 + e^z) − y·z, written to stay finite in double too. */
      double softplus = z[i] > 0 ? z[i] + log1p (exp (-z[i])) : log1p (exp (z[i]));
      double bce = softplus - labels[i] * (double) z[i];
      plain += bce / 6;
      weighted += weights[i] * bce;
      wsum += weights[i];
      right += (z[i] > 0) == (labels[i] == 1);
    }
  weighted /= wsum;
  MwTape *tape = mw_tape_new ();
  float got_plain = mw_binary_cross_entropy (tape, logits, labels, NULL)->data[0];
  float got_weighted = mw_binary_cross_entropy (tape, logits, labels, weights)->data[0];
  g_test_message ("binary cross-entropy %.6f (double %.6f), weighted %.6f (double %.6f)",
                  got_plain, plain, got_weighted, weighted);
  g_assert_cmpfloat (fabs (got_plain - plain), <, 1e-5 * plain);
  g_assert_cmpfloat (fabs (got_weighted - weighted), <, 1e-5 * weighted);
  g_assert_cmpfloat (mw_binary_accuracy (logits, labels), ==, (float) right / 6);
  mw_tape_free (tape);
  mw_tensor_free (logits);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mw_core_set_threads (1);
  g_test_add_func ("/domain/mmd2/matches-double", test_mmd2_matches_double);
  g_test_add_func ("/domain/mmd2/same-and-shifted", test_mmd2_same_and_shifted);
  g_test_add_func ("/domain/mmd2/median-is-constant", test_mmd2_median_is_constant);
  g_test_add_func ("/domain/mmd2/identical-rows", test_mmd2_identical_rows);
  g_test_add_func ("/domain/mmd2/against-ops", test_mmd2_against_ops);
  g_test_add_func ("/domain/mmd2/guards", test_mmd2_guards);
  static const char *const guards[] = { "one-row", "widths", "too-many", "no-kernels", "zero-scale" };
  for (size_t i = 0; i < G_N_ELEMENTS (guards); i++)
    {
      char *path = g_strdup_printf ("/domain/mmd2/guards/subprocess/%s", guards[i]);
      g_test_add_data_func (path, guards[i], guard_case);
      g_free (path);
    }
  g_test_add_func ("/domain/grad-reverse", test_grad_reverse);
  g_test_add_func ("/domain/multilinear-map", test_multilinear_map);
  g_test_add_func ("/domain/entropy-weights", test_entropy_weights);
  g_test_add_func ("/domain/binary-cross-entropy", test_binary_cross_entropy);
  return g_test_run ();
}
