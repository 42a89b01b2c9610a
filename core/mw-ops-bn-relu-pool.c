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

/* What the gradient needs from the forward pass. */
typedef struct {
  MwTensor *x, *gamma, *y;   /* input, scale, this op's output */
  const float *stats;        /* mean, 1/σ per feature */
  const int32_t *index;      /* each output's window maximum in x */
  float eps;
} Saved;

static Saved
saved_of (const MwNode *node, MwTensor *x, MwTensor *gamma, MwTensor *y)
{
  Saved sv = { x, gamma, y, node->saved, node->index, node->farg[0] };
  return sv;
}

/* The gradients of the op for output gradient g, in one pass over the outputs (and one
 * over x for gx); NULL outputs are skipped.  gy is g at each window's maximum where
 * the batch-normed value is positive (ReLU), zero elsewhere:
 *   gβ = Σ gy,  gγ = Σ gy·x̂,  gx = 1/σ · (γ·gy − mean(γ·gy) − x̂ · mean(γ·gy·x̂)). */
static void
fused_gradients (const Saved *sv, const MwTensor *g, float *gx, float *ggamma, float *gbeta)
{
  const MwTensor *x = sv->x;
  const int f = x->shape[x->ndim - 1];
  const size_t rows = x->numel / (size_t) f;
  const float *mean = sv->stats, *istd = sv->stats + f, *gamma = sv->gamma->data;
  const int32_t *index = sv->index;
  const float *y = sv->y->data;   /* positive exactly where ReLU passes */
  double stack[2 * 256];
  double *acc = f <= 256 ? stack : g_new (double, 2 * (size_t) f);
  double *s1 = acc, *s2 = acc + f;
  memset (acc, 0, sizeof (double) * 2 * (size_t) f);
  /* Outputs are NHWC: a row of f features per output pixel. */
  const size_t out_rows = g->numel / (size_t) f;
  for (size_t r = 0; r < out_rows; r++)
    {
      const float *gr = g->data + r * f, *yr = y + r * f;
      const int32_t *ir = index + r * f;
      for (int j = 0; j < f; j++)
        if (yr[j] > 0.0f)
          {
            float xh = (x->data[ir[j]] - mean[j]) * istd[j];
            s1[j] += gr[j];
            s2[j] += (double) gr[j] * xh;
          }
    }
  for (int j = 0; j < f; j++)
    {
      if (gbeta != NULL)
        gbeta[j] = (float) s1[j];
      if (ggamma != NULL)
        ggamma[j] = (float) s2[j];
    }
  if (gx != NULL)
    {
      float m1[256], m2[256];
      float *a1 = f <= 256 ? m1 : g_new (float, 2 * (size_t) f);
      float *a2 = f <= 256 ? m2 : a1 + f;
      for (int j = 0; j < f; j++)
        {
          a1[j] = (float) (gamma[j] * s1[j] / (double) rows);
          a2[j] = (float) (gamma[j] * s2[j] / (double) rows);
        }
      /* gx = 1/σ · (−mean(gx̂) − x̂ · mean(gx̂ · x̂)) everywhere, then 1/σ · γ · gy
       * added at the windows' maxima: one pass over x instead of three. */
      for (size_t r = 0; r < rows; r++)
        {
          const float *restrict xr = x->data + r * (size_t) f;
          float *restrict o = gx + r * (size_t) f;
          for (int j = 0; j < f; j++)
            {
              float xh = (xr[j] - mean[j]) * istd[j];
              o[j] = -istd[j] * (a1[j] + xh * a2[j]);
            }
        }
      for (size_t r = 0; r < out_rows; r++)
        {
          const float *gr = g->data + r * f, *yr = y + r * f;
          const int32_t *ir = index + r * f;
          for (int j = 0; j < f; j++)
            if (yr[j] > 0.0f)
              gx[ir[j]] += istd[j] * gamma[j] * gr[j];
        }
      if (a1 != m1)
        g_free (a1);
    }
  if (acc != stack)
    g_free (acc);
}

/* The same gradients built from the separate ops (differentiable): ReLU's and
 * max-pool's backward applied to g, then normalize's and the affine's.  ReLU passes a
 * window's gradient exactly where the op's output is positive, so the mask is taken
 * at the pooled size, before the scatter. */
static MwTensor *
composite_gradient (MwTape *tape, const Saved *sv, MwTensor *g, int which)
{
  MwTensor *x = sv->x;
  const int f = g->shape[g->ndim - 1];
  MwTensor *masked = mw_relu_mask (tape, g, sv->y);
  if (which == 2)
    return mw_sum_to (tape, masked, 1, &f);
  MwTensor *xh = mw_normalize (tape, x, sv->eps);
  MwTensor *gy = mw_scatter_add (tape, masked, sv->index, x->ndim, x->shape);
  if (which == 1)
    return mw_sum_to (tape, mw_mul (tape, gy, xh), 1, &f);
  bool need_x = true;
  MwTensor *gx = NULL;
  xh->node->op->backward (tape, xh->node, mw_mul (tape, gy, sv->gamma), &need_x, &gx);
  return gx;
}

/* Under a recorded backward (second-order MAML's inner steps) each gradient is one
 * node of this op, which keeps nothing but its result: which = 0 for gx, 1 for gγ, 2
 * for gβ; inputs g, x, γ (as many as it depends on), the forward output as a saved
 * input.  Its own backward (the second derivative, taken once, in the meta-gradient
 * pass) differentiates the composite form on the spot and releases it again. */
static void grad_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs,
                           MwTensor **gin);
static const MwOpDef grad_op = { "bn_relu_pool_grad", grad_backward };

static MwTensor *
grad_node (MwTape *tape, const MwNode *fwd, MwTensor *g, int which)
{
  MwTensor *x = fwd->inputs[0], *gamma = fwd->inputs[1];
  MwTensor *in[3] = { g, x, gamma };
  const int f = x->shape[x->ndim - 1];
  MwTensor *out = which == 0 ? mw_op_output (tape, &grad_op, x->ndim, x->shape, in, 3)
                             : mw_op_output (tape, &grad_op, 1, &f, in, which == 1 ? 2 : 1);
  Saved sv = saved_of (fwd, x, gamma, fwd->out);
  fused_gradients (&sv, g, which == 0 ? out->data : NULL, which == 1 ? out->data : NULL,
                   which == 2 ? out->data : NULL);
  if (out->node != NULL)
    {
      out->node->inputs[3] = fwd->out;
      out->node->saved = fwd->saved;
      out->node->index = fwd->index;
      out->node->farg[0] = fwd->farg[0];
      out->node->iarg[0] = which;
    }
  return out;
}

static void
grad_backward (MwTape *tape, MwNode *node, MwTensor *gout, const bool *needs, MwTensor **gin)
{
  if (mw_tape_is_recording (tape))
    g_error ("bn_relu_pool: third derivatives are not supported (the second derivative "
             "is computed, not recorded)");
  /* The results go before the mark; the composite graph after it is dropped. */
  int n = node->n_inputs;
  for (int i = 0; i < n; i++)
    if (needs[i])
      gin[i] = mw_tape_tensor (tape, node->inputs[i]->ndim, node->inputs[i]->shape);
  MwTapeMark mark = mw_tape_mark (tape);
  /* Leaves that share the inputs' data but not their history, so this small graph
   * does not reach into the one being differentiated. */
  MwTensor *leaf[3] = { NULL, NULL, NULL };
  for (int i = 0; i < n; i++)
    leaf[i] = mw_detach (tape, node->inputs[i], true);
  mw_tape_set_recording (tape, true);
  Saved sv = saved_of (node, leaf[1], leaf[2], node->inputs[3]);
  MwTensor *out = composite_gradient (tape, &sv, leaf[0], node->iarg[0]);
  MwTensor *local[3] = { NULL, NULL, NULL };
  mw_grad (tape, out, gout, leaf, n, false, local, NULL);
  mw_tape_set_recording (tape, false);
  for (int i = 0; i < n; i++)
    if (needs[i])
      mw_tensor_copy_data (gin[i], local[i]);
  mw_tape_rewind (tape, mark);
}

static void
bn_relu_pool_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  if (mw_tape_is_recording (tape))
    {
      for (int i = 0; i < 3; i++)
        if (needs[i])
          gin[i] = grad_node (tape, node, g, i);
      return;
    }
  MwTensor *x = node->inputs[0];
  const int f = x->shape[x->ndim - 1];
  Saved sv = saved_of (node, x, node->inputs[1], node->out);
  for (int i = 0; i < 3; i++)
    if (needs[i])
      gin[i] = i == 0 ? mw_tape_tensor (tape, x->ndim, x->shape) : mw_tape_tensor (tape, 1, &f);
  fused_gradients (&sv, g, needs[0] ? gin[0]->data : NULL, needs[1] ? gin[1]->data : NULL,
                   needs[2] ? gin[2]->data : NULL);
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
  const float *restrict g = gamma->data, *restrict b = beta->data, *restrict xd = x->data;
  const float *restrict mean_r = mean, *restrict istd_r = istd;
  int32_t *index = out->node ? mw_tape_alloc (tape, sizeof (int32_t) * out->numel) : NULL;
  g_assert (c <= 512);
  float best[512];
  int32_t arg[512];
  float *o = out->data;
  int32_t *idx = index;
  for (int bi = 0; bi < n; bi++)
    for (int i = 0; i < oh; i++)
      for (int jw = 0; jw < ow; jw++, o += c)
        {
          /* The window's first element, then strict > keeps the first maximum (as
           * max_pool2d over the ReLU output does, wherever the maximum is positive).
           * Branch-free per channel, so the loops vectorise. */
          for (int di = 0; di < size; di++)
            for (int dj = 0; dj < size; dj++)
              {
                int32_t base = (int32_t) ((((size_t) bi * h + (size_t) i * size + di) * w
                                           + (size_t) jw * size + dj) * c);
                const float *restrict xr = xd + base;
                if (di == 0 && dj == 0)
                  for (int ch = 0; ch < c; ch++)
                    {
                      best[ch] = bn_value (xr[ch], mean_r[ch], istd_r[ch], g[ch], b[ch]);
                      arg[ch] = base + ch;
                    }
                else
                  for (int ch = 0; ch < c; ch++)
                    {
                      float v = bn_value (xr[ch], mean_r[ch], istd_r[ch], g[ch], b[ch]);
                      float was = best[ch];
                      int32_t greater = -(int32_t) (v > was);   /* all ones or zero */
                      best[ch] = v > was ? v : was;
                      arg[ch] = (arg[ch] & ~greater) | ((base + ch) & greater);
                    }
              }
          for (int ch = 0; ch < c; ch++)
            o[ch] = best[ch] > 0.0f ? best[ch] : 0.0f;
          if (idx != NULL)
            {
              memcpy (idx, arg, sizeof (int32_t) * (size_t) c);
              idx += c;
            }
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
