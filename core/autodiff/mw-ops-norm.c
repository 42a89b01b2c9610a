/* mw-ops-norm.c: batch normalisation over all dims but the last (features). */
#include "mw-op-private.h"
#include "mw-parallel.h"

#include <math.h>
#include <string.h>

/* Adds the rows' values (center NULL) or their squares about center, per feature, to
 * sum: the two passes of batch-norm moments, in double. */
static void
feature_sums_add (const float *x, size_t rows, size_t f, const double *center,
                  double *restrict sum)
{
  for (size_t r = 0; r < rows; r++)
    {
      const float *restrict row = x + r * f;
      if (center == NULL)
        for (size_t j = 0; j < f; j++)
          sum[j] += row[j];
      else
        for (size_t j = 0; j < f; j++)
          {
            double d = row[j] - center[j];
            sum[j] += d * d;
          }
    }
}

typedef struct {
  const float *x;
  size_t f, rows, chunk;
  const double *mean;   /* NULL: sum the rows; else the squares about it */
  double *partial;      /* f per chunk */
} MomentsJob;

MW_VECTOR_CLONES static gboolean
moments_chunk (int c, int worker, gpointer data)
{
  (void) worker;
  const MomentsJob *job = data;
  const size_t f = job->f, r0 = (size_t) c * job->chunk, r1 = MIN (job->rows, r0 + job->chunk);
  double *restrict s = job->partial + (size_t) c * f;
  memset (s, 0, sizeof (double) * f);
  feature_sums_add (job->x + r0 * f, r1 - r0, f, job->mean, s);
  return TRUE;
}

/* One pass of moments_chunk over all chunks, the partials added in order into sum. */
static void
moments_pass (MomentsJob *job, int n_chunks, double *sum)
{
  mw_op_parallel (n_chunks, moments_chunk, job);
  memset (sum, 0, sizeof (double) * job->f);
  for (int c = 0; c < n_chunks; c++)
    for (size_t j = 0; j < job->f; j++)
      sum[j] += job->partial[(size_t) c * job->f + j];
}

void
mw_feature_moments (const MwTensor *x, float *mean, float *var)
{
  const size_t f = (size_t) x->shape[x->ndim - 1], rows = x->numel / f;
  const size_t chunk = mw_rows_per_chunk (rows);
  const int n_chunks = (int) MAX ((size_t) 1, (rows + chunk - 1) / chunk);
  double stack[66 * 64];
  size_t need = (size_t) (n_chunks + 2) * f;
  double *acc = need <= G_N_ELEMENTS (stack) ? stack : g_new (double, need);
  double *s = acc, *s2 = acc + f;
  MomentsJob job = { x->data, f, rows, chunk, NULL, acc + 2 * f };
  moments_pass (&job, n_chunks, s);
  for (size_t j = 0; j < f; j++)
    s[j] /= (double) rows;
  /* Second pass about the mean: no cancellation for large offsets. */
  job.mean = s;
  moments_pass (&job, n_chunks, s2);
  for (size_t j = 0; j < f; j++)
    {
      mean[j] = (float) s[j];
      var[j] = (float) (s2[j] / (double) rows);
    }
  if (acc != stack)
    g_free (acc);
}

void
mw_moments_from_image_sums (const double *sums, int n, size_t f, const float *shift,
                            size_t pixels, float *mean, float *var)
{
  for (size_t j = 0; j < f; j++)
    {
      double s1 = 0, s2 = 0;
      for (int i = 0; i < n; i++)
        {
          s1 += sums[(size_t) i * 2 * f + j];
          s2 += sums[(size_t) i * 2 * f + f + j];
        }
      double m = pixels > 0 ? s1 / (double) pixels : 0.0;
      double v = pixels > 0 ? s2 / (double) pixels - m * m : 0.0;
      mean[j] = (float) ((shift != NULL ? shift[j] : 0.0f) + m);
      var[j] = (float) MAX (v, 0.0);
    }
}

MW_VECTOR_CLONES static void
normalize_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  MwTensor *x = node->inputs[0], *xh = node->out;
  const int f = x->shape[x->ndim - 1];
  /* gx = istd · (g − mean(g) − x̂ · mean(g·x̂)), means over rows, per feature. */
  if (mw_tape_is_recording (tape))
    {
      /* Second order: istd must be a differentiable function of x, so rebuild it from
       * ops (x̂ is this node's output and already is one). */
      MwTensor *mu = mw_mean_to (tape, x, 1, &f);
      MwTensor *var = mw_mean_to (tape, mw_square (tape, mw_sub (tape, x, mu)), 1, &f);
      MwTensor *istd = mw_rsqrt (tape, mw_affine_scalar (tape, var, 1.0f, node->farg[0]));
      MwTensor *mg = mw_mean_to (tape, g, 1, &f);
      MwTensor *mgx = mw_mean_to (tape, mw_mul (tape, g, xh), 1, &f);
      MwTensor *inner = mw_sub (tape, mw_sub (tape, g, mg), mw_mul (tape, xh, mgx));
      gin[0] = mw_mul (tape, inner, istd);
      return;
    }
  /* First order: one fused pass over the saved x̂ and 1/σ. */
  const size_t rows = x->numel / (size_t) f;
  double stack[2 * 256];
  double *acc = f <= 256 ? stack : g_new (double, 2 * (size_t) f);
  double *mg = acc, *mgx = acc + f;
  memset (acc, 0, sizeof (double) * 2 * (size_t) f);
  for (size_t r = 0; r < rows; r++)
    {
      const float *gr = g->data + r * f, *xr = xh->data + r * f;
      for (int j = 0; j < f; j++)
        {
          mg[j] += gr[j];
          mgx[j] += (double) gr[j] * xr[j];
        }
    }
  float fm[256], fmx[256];
  float *m1 = f <= 256 ? fm : g_new (float, f), *m2 = f <= 256 ? fmx : g_new (float, f);
  for (int j = 0; j < f; j++)
    {
      m1[j] = (float) (mg[j] / (double) rows);
      m2[j] = (float) (mgx[j] / (double) rows);
    }
  MwTensor *out = mw_tape_tensor (tape, x->ndim, x->shape);
  const float *istd = node->saved;
  for (size_t r = 0; r < rows; r++)
    {
      const float *gr = g->data + r * f, *xr = xh->data + r * f;
      float *o = out->data + r * f;
      for (int j = 0; j < f; j++)
        o[j] = istd[j] * (gr[j] - m1[j] - xr[j] * m2[j]);
    }
  if (acc != stack)
    g_free (acc);
  if (m1 != fm)
    {
      g_free (m1);
      g_free (m2);
    }
  gin[0] = out;
}
static const MwOpDef normalize_op = { "normalize", normalize_backward };

MW_VECTOR_CLONES MwTensor *
mw_normalize (MwTape *tape, MwTensor *x, float eps)
{
  const int f = x->shape[x->ndim - 1];
  const size_t rows = x->numel / (size_t) f;
  if (rows < 1)
    mw_shape_error ("normalize", x, NULL, "needs at least one row");
  MwTensor *out = mw_op_output (tape, &normalize_op, x->ndim, x->shape, &x, 1);
  float *mean = mw_tape_alloc (tape, sizeof (float) * 2 * (size_t) f);
  float *istd = mean + f;
  mw_feature_moments (x, mean, istd);
  for (int j = 0; j < f; j++)
    istd[j] = 1.0f / sqrtf (istd[j] + eps);
  for (size_t r = 0; r < rows; r++)
    {
      const float *xr = x->data + r * f;
      float *o = out->data + r * f;
      for (int j = 0; j < f; j++)
        o[j] = (xr[j] - mean[j]) * istd[j];
    }
  if (out->node)
    {
      out->node->saved = istd;
      out->node->farg[0] = eps;
    }
  return out;
}

MwTensor *
mw_batch_norm (MwTape *tape, MwTensor *x, MwTensor *gamma, MwTensor *beta, float eps)
{
  MwTensor *y = mw_normalize (tape, x, eps);
  if (gamma != NULL)
    y = mw_mul (tape, y, gamma);
  if (beta != NULL)
    y = mw_add (tape, y, beta);
  return y;
}

MwTensor *
mw_batch_norm_fixed (MwTape *tape, MwTensor *x, MwTensor *gamma, MwTensor *beta,
                     const float *mean, const float *var, float eps)
{
  int f = x->shape[x->ndim - 1];
  MwTensor *m = mw_tape_constant (tape, 1, &f, mean);
  MwTensor *s = mw_tape_tensor (tape, 1, &f);
  for (int j = 0; j < f; j++)
    s->data[j] = 1.0f / sqrtf (var[j] + eps);
  MwTensor *y = mw_mul (tape, mw_sub (tape, x, m), s);
  if (gamma != NULL)
    y = mw_mul (tape, y, gamma);
  if (beta != NULL)
    y = mw_add (tape, y, beta);
  return y;
}
