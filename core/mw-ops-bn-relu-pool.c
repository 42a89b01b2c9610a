/* mw-ops-bn-relu-pool.c: batch norm + ReLU + max-pool as one op (the tail of a Conv4
 * block), for memory and speed: the three separate ops keep four full-size tensors per
 * block on the tape and stream each of them again in the backward pass. */
#include "mw-op-private.h"

#include <math.h>
#include <string.h>

/* Saved on the node: mean and 1/σ per feature (node->saved, 2f floats), the flat index
 * of each output's window maximum in x (node->index), eps (farg[0]), size (iarg[0]). */

/* x̂ → the batch-normed value, in the same float operations as normalize, mul, add. */
static inline float
bn_value (float x, float mean, float istd, float gamma, float beta)
{
  float xh = (x - mean) * istd;
  return xh * gamma + beta;
}

/* The gradient with the separate ops (recorded, so it can be differentiated again):
 * ReLU's and max-pool's backward applied to g, then normalize's and the affine's.
 * ReLU passes a window's gradient exactly where this op's output is positive, so the
 * mask is taken at the pooled size, before the scatter. */
static void
composite_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  MwTensor *x = node->inputs[0], *gamma = node->inputs[1];
  const int f = x->shape[x->ndim - 1];
  MwTensor *xh = mw_normalize (tape, x, node->farg[0]);
  MwTensor *gy = mw_scatter_add (tape, mw_relu_mask (tape, g, node->out), node->index,
                                 x->ndim, x->shape);
  if (needs[2])
    gin[2] = mw_sum_to (tape, gy, 1, &f);
  if (needs[1])
    gin[1] = mw_sum_to (tape, mw_mul (tape, gy, xh), 1, &f);
  if (needs[0] && xh->node != NULL)
    {
      bool need_x = true;
      MwTensor *gx = NULL;
      xh->node->op->backward (tape, xh->node, mw_mul (tape, gy, gamma), &need_x, &gx);
      gin[0] = gx;
    }
}

static void
bn_relu_pool_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  if (mw_tape_is_recording (tape))
    {
      composite_backward (tape, node, g, needs, gin);
      return;
    }
  MwTensor *x = node->inputs[0], *gamma = node->inputs[1];
  const int f = x->shape[x->ndim - 1];
  const size_t rows = x->numel / (size_t) f;
  const float *mean = node->saved, *istd = node->saved + f;
  const int32_t *index = node->index;
  /* Per feature: Σ gy and Σ gy·x̂, gy being g at each window's maximum where the
   * batch-normed value is positive (ReLU), zero elsewhere.  Outputs are in NHWC order,
   * so output i has feature i % f. */
  double stack[2 * 256];
  double *acc = f <= 256 ? stack : g_new (double, 2 * (size_t) f);
  double *s1 = acc, *s2 = acc + f;
  memset (acc, 0, sizeof (double) * 2 * (size_t) f);
  const float *y = node->out->data;   /* positive exactly where ReLU passes */
  for (size_t i = 0; i < g->numel; i++)
    {
      int j = (int) (i % (size_t) f);
      float xv = x->data[index[i]];
      if (y[i] > 0.0f)
        {
          float xh = (xv - mean[j]) * istd[j];
          s1[j] += g->data[i];
          s2[j] += (double) g->data[i] * xh;
        }
    }
  if (needs[2])
    {
      gin[2] = mw_tape_tensor (tape, 1, &f);
      for (int j = 0; j < f; j++)
        gin[2]->data[j] = (float) s1[j];
    }
  if (needs[1])
    {
      gin[1] = mw_tape_tensor (tape, 1, &f);
      for (int j = 0; j < f; j++)
        gin[1]->data[j] = (float) s2[j];
    }
  if (needs[0])
    {
      /* gx = 1/σ · (gx̂ − mean(gx̂) − x̂ · mean(gx̂ · x̂)) with gx̂ = γ · gy. */
      float m1[256], m2[256], scale[256];
      float *a1 = f <= 256 ? m1 : g_new (float, 3 * (size_t) f);
      float *a2 = f <= 256 ? m2 : a1 + f, *gs = f <= 256 ? scale : a1 + 2 * f;
      for (int j = 0; j < f; j++)
        {
          a1[j] = (float) (gamma->data[j] * s1[j] / (double) rows);
          a2[j] = (float) (gamma->data[j] * s2[j] / (double) rows);
          gs[j] = gamma->data[j];
        }
      MwTensor *gx = mw_tape_zeros (tape, x->ndim, x->shape);
      for (size_t i = 0; i < g->numel; i++)
        {
          if (y[i] > 0.0f)
            gx->data[index[i]] = gs[(int) (i % (size_t) f)] * g->data[i];
        }
      for (size_t r = 0; r < rows; r++)
        {
          const float *xr = x->data + r * (size_t) f;
          float *o = gx->data + r * (size_t) f;
          for (int j = 0; j < f; j++)
            {
              float xh = (xr[j] - mean[j]) * istd[j];
              o[j] = istd[j] * (o[j] - a1[j] - xh * a2[j]);
            }
        }
      if (a1 != m1)
        g_free (a1);
      gin[0] = gx;
    }
  if (acc != stack)
    g_free (acc);
}
static const MwOpDef bn_relu_pool_op = { "bn_relu_pool", bn_relu_pool_backward };

MwTensor *
mw_bn_relu_pool (MwTape *tape, MwTensor *x, MwTensor *gamma, MwTensor *beta, float eps,
                 int size)
{
  if (x->ndim != 4 || size < 1 || x->shape[1] < size || x->shape[2] < size)
    mw_shape_error ("bn_relu_pool", x, NULL, "needs NHWC input at least as large as the window");
  const int n = x->shape[0], h = x->shape[1], w = x->shape[2], c = x->shape[3];
  if (gamma->numel != (size_t) c || beta->numel != (size_t) c)
    mw_shape_error ("bn_relu_pool", x, gamma, "gamma and beta need one value per channel");
  const int oh = h / size, ow = w / size;
  int shape[4] = { n, oh, ow, c };
  MwTensor *in[3] = { x, gamma, beta };
  MwTensor *out = mw_op_output (tape, &bn_relu_pool_op, 4, shape, in, 3);
  float *stats = mw_tape_alloc (tape, sizeof (float) * 2 * (size_t) c);
  float *mean = stats, *istd = stats + c;
  mw_feature_moments (x, mean, istd);
  for (int j = 0; j < c; j++)
    istd[j] = 1.0f / sqrtf (istd[j] + eps);
  const float *g = gamma->data, *b = beta->data, *xd = x->data;
  int32_t *index = out->node ? mw_tape_alloc (tape, sizeof (int32_t) * out->numel) : NULL;
  float best[512];
  int32_t arg[512];
  g_assert (c <= 512);
  float *o = out->data;
  size_t k = 0;
  for (int bi = 0; bi < n; bi++)
    for (int i = 0; i < oh; i++)
      for (int jw = 0; jw < ow; jw++, o += c, k += (size_t) c)
        {
          /* The window's first element, then strict > keeps the first maximum (as
           * max_pool2d over the ReLU output does, wherever the maximum is positive). */
          for (int di = 0; di < size; di++)
            for (int dj = 0; dj < size; dj++)
              {
                int32_t base = (int32_t) ((((size_t) bi * h + (size_t) i * size + di) * w
                                           + (size_t) jw * size + dj) * c);
                for (int ch = 0; ch < c; ch++)
                  {
                    float v = bn_value (xd[base + ch], mean[ch], istd[ch], g[ch], b[ch]);
                    if ((di == 0 && dj == 0) || v > best[ch])
                      {
                        best[ch] = v;
                        arg[ch] = base + ch;
                      }
                  }
              }
          for (int ch = 0; ch < c; ch++)
            o[ch] = best[ch] > 0.0f ? best[ch] : 0.0f;
          if (index != NULL)
            memcpy (index + k, arg, sizeof (int32_t) * (size_t) c);
        }
  if (out->node)
    {
      out->node->saved = stats;
      out->node->index = index;
      out->node->farg[0] = eps;
      out->node->iarg[0] = size;
    }
  return out;
}
