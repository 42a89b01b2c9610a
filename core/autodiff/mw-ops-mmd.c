/* mw-ops-mmd.c: multi-kernel Gaussian MMD² between two feature batches, the loss that
 * aligns a source and a target domain's features (DAN), as one op.
 *
 * Notation: z = the pooled rows (x's n, then y's m; N = n + m), D²_ij = ‖z_i − z_j‖²,
 * κ(t) = Σ_k e^(−t·ι_k) with ι_k = 1/γ_k, and the estimator's weights W_ij =
 * 1/(n(n−1)) within x, 1/(m(m−1)) within y, −1/(nm) across, 0 on the diagonal.  Then
 *   MMD² = Σ_ij W_ij κ(D²_ij),
 * and with A_ij = W_ij κ'(D²_ij) (symmetric),
 *   ∂MMD²/∂z_i = 4 Σ_j A_ij (z_i − z_j) = 4 (r_i z_i − (A z)_i),   r_i = Σ_j A_ij.
 *
 * The unbiased estimator (a U-statistic: the diagonal left out) rather than the biased
 * one (a V-statistic, 1/n² over all pairs): its expectation is the distributions' MMD²
 * whatever the batch sizes, so a curve of it goes to 0 when the domains match and runs
 * with other batch sizes can be compared; the V-statistic adds a floor of about
 * (1/n + 1/m)·Σ_k (1 − E k_k) that is not a difference between the domains.  Their
 * gradients differ only in the within-domain weights (the diagonal terms are
 * constants), and the U-statistic may come out slightly below 0.
 *
 * Pairwise distances come from the Gram matrix of the centred rows in one sgemm
 * (D²_ij = G_ii + G_jj − 2 G_ij; centring keeps the difference free of cancellation
 * when the features share a large offset, as ReLU features do), and each pair is
 * visited once.  The backward is A·z, again in sgemms.  Under a recorded backward the
 * gradient is the formula above in differentiable ops instead (any order). */
#include "mw-op-private.h"

#include <cblas.h>
#include <float.h>
#include <math.h>
#include <string.h>

const MwMmdKernels mw_mmd_default_kernels = { 5, { 0.25f, 0.5f, 1.0f, 2.0f, 4.0f }, true };

/* Byte `shift` of the bits of the values whose bits under mask equal prefix, counted. */
static void
byte_histogram (const float *values, size_t count, uint32_t mask, uint32_t prefix, int shift,
                size_t hist[256])
{
  memset (hist, 0, sizeof (size_t) * 256);
  for (size_t i = 0; i < count; i++)
    {
      uint32_t bits;
      memcpy (&bits, &values[i], sizeof bits);
      if ((bits & mask) == prefix)
        hist[(bits >> shift) & 255u]++;
    }
}

/* The k-th smallest (from 0) of count values that are ≥ 0 or NaN, by their bits: for
 * such floats the bits' order as unsigned integers is the values' order (NaN last), so
 * byte histograms find it in linear time, with no bad cases.  After the two high bytes
 * the few values left are copied to spare (count floats), so the low bytes' passes are
 * short. */
static float
kth_smallest (const float *values, size_t count, size_t k, float *spare)
{
  uint32_t prefix = 0, mask = 0;
  size_t hist[256];
  for (int shift = 24; shift >= 0; shift -= 8)
    {
      byte_histogram (values, count, mask, prefix, shift, hist);
      /* The values under the prefix number more than k, so this stops within 256. */
      unsigned b = 0;
      while (k >= hist[b])
        k -= hist[b++];
      prefix |= b << shift;
      mask |= 255u << shift;
      if (shift == 16)
        {
          size_t kept = 0;
          for (size_t i = 0; i < count; i++)
            {
              uint32_t bits;
              memcpy (&bits, &values[i], sizeof bits);
              if ((bits & mask) == prefix)
                spare[kept++] = values[i];
            }
          values = spare;
          count = kept;
        }
    }
  float v;
  memcpy (&v, &prefix, sizeof v);
  return v;
}

/* The median (the mean of the two middle values for an even count). */
static double
median_of (const float *values, size_t count, float *spare)
{
  const size_t lower = (count - 1) / 2;
  const float low = kth_smallest (values, count, lower, spare);
  if (count % 2 == 1)
    return low;
  /* The next value up: low again if it repeats past the middle, else the least above. */
  size_t at_most = 0;
  float above = INFINITY;
  for (size_t i = 0; i < count; i++)
    {
      if (values[i] <= low)
        at_most++;
      else if (values[i] < above)
        above = values[i];
    }
  return 0.5 * ((double) low + (at_most > lower + 1 ? low : above));
}

/* zc = the pooled rows of x and y less their mean, [N, D]. */
static void
pooled_centred (const MwTensor *x, const MwTensor *y, float *zc)
{
  const size_t d = (size_t) x->shape[1], n = (size_t) x->shape[0], m = (size_t) y->shape[0];
  memcpy (zc, x->data, sizeof (float) * n * d);
  memcpy (zc + n * d, y->data, sizeof (float) * m * d);
  double stack[256];
  double *mean = d <= 256 ? stack : g_new (double, d);
  for (size_t j = 0; j < d; j++)
    mean[j] = 0;
  for (size_t i = 0; i < n + m; i++)
    for (size_t j = 0; j < d; j++)
      mean[j] += zc[i * d + j];
  for (size_t j = 0; j < d; j++)
    {
      const float mj = (float) (mean[j] / (double) (n + m));
      for (size_t i = 0; i < n + m; i++)
        zc[i * d + j] -= mj;
    }
  if (mean != stack)
    g_free (mean);
}

/* Which pair weight applies to rows i and j (i ≠ j). */
enum { WITHIN_X, WITHIN_Y, ACROSS };

static void
pair_weights (int n, int m, double w[3])
{
  w[WITHIN_X] = 1.0 / ((double) n * (n - 1));
  w[WITHIN_Y] = 1.0 / ((double) m * (m - 1));
  w[ACROSS] = -1.0 / ((double) n * m);
}

/* The saved state: iarg[0] = kernels, saved = their ι_k, then A (N × N) when the
 * forward recorded. */

static void
recorded_gradients (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  MwTensor *x = node->inputs[0], *y = node->inputs[1];
  const int n = x->shape[0], m = y->shape[0], rows = n + m, kernels = node->iarg[0];
  const float *inv = node->saved;
  /* The rows less their mean, held constant: D² and r_i z_i − (A z)_i do not change
   * with a shift of all rows, nor do their derivatives, and the shift keeps the
   * distances free of cancellation as in the forward. */
  const int d = x->shape[1], mean_shape[2] = { 1, d };
  MwTensor *mean = mw_tape_zeros (tape, 2, mean_shape);
  for (int i = 0; i < rows; i++)
    {
      const float *row = i < n ? x->data + (size_t) i * d : y->data + (size_t) (i - n) * d;
      for (int j = 0; j < d; j++)
        mean->data[j] += row[j] / (float) rows;
    }
  MwTensor *z = mw_sub (tape, mw_concat_rows (tape, x, y), mean);
  MwTensor *d2 = mw_sq_euclidean (tape, z, z);
  MwTensor *slope = NULL;   /* κ'(D²) = −Σ_k ι_k e^(−D²·ι_k) */
  for (int k = 0; k < kernels; k++)
    {
      MwTensor *term = mw_scale (tape, mw_exp (tape, mw_scale (tape, d2, -inv[k])), -inv[k]);
      slope = slope == NULL ? term : mw_add (tape, slope, term);
    }
  const int square[2] = { rows, rows };
  MwTensor *w = mw_tape_zeros (tape, 2, square);
  double pw[3];
  pair_weights (n, m, pw);
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < rows; j++)
      if (i != j)
        w->data[(size_t) i * rows + j] = (float) pw[i < n && j < n ? WITHIN_X
                                                    : i >= n && j >= n ? WITHIN_Y : ACROSS];
  MwTensor *a = mw_mul (tape, slope, w);
  MwTensor *r = mw_sum_axis (tape, a, 1, true);
  MwTensor *gz = mw_sub (tape, mw_mul (tape, r, z), mw_matmul (tape, a, z));
  gz = mw_mul (tape, gz, mw_scale (tape, g, 4.0f));
  if (needs[0])
    gin[0] = mw_slice_rows (tape, gz, 0, n);
  if (needs[1])
    gin[1] = mw_slice_rows (tape, gz, n, m);
}

static void
mmd2_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  if (mw_tape_is_recording (tape))
    {
      recorded_gradients (tape, node, g, needs, gin);
      return;
    }
  MwTensor *x = node->inputs[0], *y = node->inputs[1];
  const int n = x->shape[0], m = y->shape[0], d = x->shape[1], rows = n + m;
  const float *a = node->saved + node->iarg[0];
  const float scale = 4.0f * g->data[0];
  float *zc = mw_tape_scratch (tape, (size_t) rows * d);
  pooled_centred (x, y, zc);
  for (int side = 0; side < 2; side++)
    {
      if (!needs[side])
        continue;
      const int first = side == 0 ? 0 : n, count = side == 0 ? n : m;
      MwTensor *out = mw_tape_tensor (tape, 2, (side == 0 ? x : y)->shape);
      /* 4g · r_i · z_i, then − 4g · (A z)_i added by the sgemm (translation-invariant:
       * the centred rows serve). */
      for (int i = 0; i < count; i++)
        {
          const float *row = a + (size_t) (first + i) * rows;
          double r = 0;
          for (int j = 0; j < rows; j++)
            r += row[j];
          const float f = scale * (float) r;
          const float *zi = zc + (size_t) (first + i) * d;
          float *oi = out->data + (size_t) i * d;
          for (int j = 0; j < d; j++)
            oi[j] = f * zi[j];
        }
      cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, count, d, rows, -scale,
                   a + (size_t) first * rows, rows, zc, d, 1.0f, out->data, d);
      gin[side] = out;
    }
}
static const MwOpDef mmd2_op = { "mmd2", mmd2_backward, true };

/* ι_k for these rows' squared distances d2 (count pairs), ascending. */
static void
inverse_bandwidths (const MwMmdKernels *kernels, const float *d2, size_t count, float *spare,
                    float *inv, float *median_out)
{
  double base = 1.0;
  if (kernels->relative)
    {
      base = median_of (d2, count, spare);
      /* All pooled rows at one point (or more than half of the pairs): the mean, or 1
       * (every kernel is then 1 at those pairs whatever its width). */
      if (base == 0.0)
        {
          double s = 0;
          for (size_t i = 0; i < count; i++)
            s += d2[i];
          base = s > 0 ? s / (double) count : 1.0;
        }
    }
  if (median_out != NULL)
    *median_out = kernels->relative ? (float) base : 0.0f;
  /* At most FLT_MAX: a bandwidth too small for a float gives 0 at every pair apart,
   * not inf · 0 at pairs that coincide. */
  for (int k = 0; k < kernels->count; k++)
    inv[k] = (float) MIN (1.0 / ((double) kernels->scale[k] * base), (double) FLT_MAX);
  /* Ascending ι (widest kernel first), by insertion: at most 16. */
  for (int k = 1; k < kernels->count; k++)
    for (int j = k; j > 0 && inv[j] < inv[j - 1]; j--)
      {
        float t = inv[j];
        inv[j] = inv[j - 1];
        inv[j - 1] = t;
      }
}

static void
check_arguments (const MwTensor *x, const MwTensor *y, const MwMmdKernels *kernels)
{
  if (x->ndim != 2 || y->ndim != 2 || x->shape[1] != y->shape[1] || x->shape[1] < 1)
    mw_shape_error ("mmd2", x, y, "needs features [n, D] and [m, D], D >= 1");
  if (x->shape[0] < 2 || y->shape[0] < 2)
    mw_shape_error ("mmd2", x, y, "each batch needs at least 2 rows (the unbiased estimator)");
  if ((int64_t) x->shape[0] + y->shape[0] > MW_MMD_MAX_ROWS)
    mw_shape_error ("mmd2", x, y, "more than MW_MMD_MAX_ROWS rows in all");
  if (kernels->count < 1 || kernels->count > MW_MMD_MAX_KERNELS)
    g_error ("mmd2: %d kernels, outside 1 to %d", kernels->count, MW_MMD_MAX_KERNELS);
  for (int k = 0; k < kernels->count; k++)
    if (!(kernels->scale[k] > 0.0f) || !isfinite (kernels->scale[k]))
      g_error ("mmd2: bandwidth %d is %g, not a finite number > 0", k + 1,
               (double) kernels->scale[k]);
}

MwTensor *
mw_mmd2 (MwTape *tape, MwTensor *x, MwTensor *y, const MwMmdKernels *kernels, float *median_out)
{
  if (kernels == NULL)
    kernels = &mw_mmd_default_kernels;
  check_arguments (x, y, kernels);
  const int n = x->shape[0], m = y->shape[0], d = x->shape[1], rows = n + m;
  const int n_kernels = kernels->count;
  const size_t pairs = (size_t) rows * (rows - 1) / 2;
  const int one = 1;
  MwTensor *in[2] = { x, y };
  MwTensor *out = mw_op_output (tape, &mmd2_op, 1, &one, in, 2);
  float *saved = NULL;
  if (out->node != NULL)
    {
      saved = mw_tape_alloc (tape, sizeof (float) * ((size_t) n_kernels + (size_t) rows * rows));
      out->node->saved = saved;
      out->node->iarg[0] = n_kernels;
    }
  /* Scratch: the centred rows, their Gram matrix, then each pair's D² (upper triangle,
   * row by row) for the median. */
  float *zc = mw_tape_scratch (tape, (size_t) rows * d + (size_t) rows * rows + pairs);
  float *gram = zc + (size_t) rows * d, *d2 = gram + (size_t) rows * rows;
  pooled_centred (x, y, zc);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, rows, rows, d, 1.0f, zc, d, zc, d,
               0.0f, gram, rows);
  size_t p = 0;
  for (int i = 0; i < rows; i++)
    for (int j = i + 1; j < rows; j++)
      {
        float t = gram[(size_t) i * rows + i] + gram[(size_t) j * rows + j]
                  - 2.0f * gram[(size_t) i * rows + j];
        d2[p++] = t <= 0.0f ? 0.0f : t;   /* rounding below 0, and −0; NaN stays */
      }
  float inv[MW_MMD_MAX_KERNELS];
  /* The Gram matrix is done with: its room serves the median's selection. */
  inverse_bandwidths (kernels, d2, pairs, gram, inv, median_out);
  /* Bandwidths a factor 2 apart (the default): each kernel is the square of the next
   * wider one, one exp per pair instead of one per kernel. */
  bool doubling = true;
  for (int k = 1; k < n_kernels; k++)
    doubling = doubling && inv[k] == 2.0f * inv[k - 1];
  double pw[3], sums[3] = { 0, 0, 0 };
  pair_weights (n, m, pw);
  float *a = saved != NULL ? saved + n_kernels : NULL;
  p = 0;
  for (int i = 0; i < rows; i++)
    {
      double row_sums[3] = { 0, 0, 0 };
      if (a != NULL)
        a[(size_t) i * rows + i] = 0.0f;
      for (int j = i + 1; j < rows; j++)
        {
          const float t = d2[p++];
          float e = expf (-t * inv[0]), value = e, slope = inv[0] * e;
          for (int k = 1; k < n_kernels; k++)
            {
              e = doubling ? e * e : expf (-t * inv[k]);
              value += e;
              slope += inv[k] * e;
            }
          const int which = j < n ? WITHIN_X : i >= n ? WITHIN_Y : ACROSS;
          row_sums[which] += value;
          if (a != NULL)
            {
              const float aij = (float) (-pw[which] * slope);
              a[(size_t) i * rows + j] = aij;
              a[(size_t) j * rows + i] = aij;
            }
        }
      for (int b = 0; b < 3; b++)
        sums[b] += row_sums[b];
    }
  /* Each unordered pair stands for both orders. */
  out->data[0] = (float) (2.0 * (pw[WITHIN_X] * sums[WITHIN_X] + pw[WITHIN_Y] * sums[WITHIN_Y]
                                 + pw[ACROSS] * sums[ACROSS]));
  if (out->node != NULL)
    memcpy (saved, inv, sizeof (float) * (size_t) n_kernels);
  return out;
}
