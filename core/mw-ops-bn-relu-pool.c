/* mw-ops-bn-relu-pool.c: batch norm + ReLU + max-pool as one op (the tail of a Conv4
 * block), for memory and speed: the three separate ops keep four full-size tensors per
 * block on the tape and stream each of them again in the backward pass. */
#include "mw-op-private.h"
#include "mw-parallel.h"

#include <math.h>
#include <string.h>

/* Saved on the node: mean and 1/σ per feature (node->saved, 2f floats), each output's
 * window maximum as its position in the window, one byte (node->index8: a quarter of
 * a flat int32 index's memory), eps (farg[0]), the window size (iarg[1]). */

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
  const uint8_t *window;     /* each output's window maximum: its position in the window */
  float eps;
  int size;
} Saved;

static Saved
saved_of (const MwNode *node, MwTensor *x, MwTensor *gamma, MwTensor *y)
{
  Saved sv = { x, gamma, y, node->saved, node->index8, node->farg[0], node->iarg[1] };
  return sv;
}

/* Where in x the outputs' window maxima are: output row r's window starts at
 * origin(r), and position p of a window is offset[p] further. */
typedef struct {
  int h, w, c, oh, ow, size;
  int32_t offset[256];
} Windows;

static void
windows_init (Windows *win, const MwTensor *x, int size)
{
  *win = (Windows) { x->shape[1], x->shape[2], x->shape[3], x->shape[1] / size,
                     x->shape[2] / size, size, { 0 } };
  for (int p = 0; p < size * size; p++)
    win->offset[p] = (int32_t) (((p / size) * win->w + p % size) * win->c);
}

static inline size_t
window_origin (const Windows *win, size_t r)
{
  size_t per_image = (size_t) win->oh * win->ow, bi = r / per_image, rem = r % per_image;
  size_t i = rem / (size_t) win->ow, jw = rem % (size_t) win->ow;
  return (((bi * win->h) + i * win->size) * win->w + jw * win->size) * win->c;
}

/* The fused passes split by images: a window's maximum lies in its own image, so the
 * chunks' writes never meet.  Chunks are fixed by the shape (see mw_rows_per_chunk). */
static int
images_per_chunk (const MwTensor *x)
{
  size_t rows_per_image = MAX ((size_t) 1, (size_t) x->shape[1] * x->shape[2]);
  size_t per = (mw_rows_per_chunk ((size_t) x->shape[0] * rows_per_image) + rows_per_image - 1)
               / rows_per_image;
  return (int) MAX ((size_t) 1, per);
}

typedef struct {
  const Saved *sv;
  const MwTensor *g;
  int f, per_chunk;
  size_t pix_in, pix_out;    /* pixels per image in x and in the output */
  double *partial;           /* 2f per chunk: Σ gy, Σ gy·x̂ */
  const float *a1, *a2;      /* γ·mean(gy), γ·mean(gy·x̂) per feature */
  float *gx;
  Windows win;
} GradJob;

static gboolean
grad_sums_chunk (int c, int worker, gpointer data)
{
  (void) worker;
  const GradJob *job = data;
  const Saved *sv = job->sv;
  const int f = job->f, n = sv->x->shape[0];
  const float *mean = sv->stats, *istd = sv->stats + f, *xd = sv->x->data;
  const float *y = sv->y->data;   /* positive exactly where ReLU passes */
  double *restrict s1 = job->partial + (size_t) c * 2 * f, *restrict s2 = s1 + f;
  memset (s1, 0, sizeof (double) * 2 * (size_t) f);
  size_t r0 = (size_t) c * job->per_chunk * job->pix_out;
  size_t r1 = (size_t) MIN (n, (c + 1) * job->per_chunk) * job->pix_out;
  for (size_t r = r0; r < r1; r++)
    {
      const float *gr = job->g->data + r * f, *yr = y + r * f;
      const uint8_t *pr = sv->window + r * f;
      const float *xo = xd + window_origin (&job->win, r);
      for (int j = 0; j < f; j++)
        if (yr[j] > 0.0f)
          {
            float xh = (xo[job->win.offset[pr[j]] + j] - mean[j]) * istd[j];
            s1[j] += gr[j];
            s2[j] += (double) gr[j] * xh;
          }
    }
  return TRUE;
}

static gboolean
grad_x_chunk (int c, int worker, gpointer data)
{
  (void) worker;
  const GradJob *job = data;
  const Saved *sv = job->sv;
  const int f = job->f, n = sv->x->shape[0];
  const float *mean = sv->stats, *istd = sv->stats + f, *gamma = sv->gamma->data;
  const float *restrict a1 = job->a1, *restrict a2 = job->a2;
  const int i0 = c * job->per_chunk, i1 = MIN (n, i0 + job->per_chunk);
  /* gx = 1/σ · (−mean(gx̂) − x̂ · mean(gx̂ · x̂)) everywhere, then 1/σ · γ · gy added
   * at the windows' maxima: one pass over x instead of three. */
  for (size_t r = (size_t) i0 * job->pix_in; r < (size_t) i1 * job->pix_in; r++)
    {
      /* o may be xr itself (written over x: see bn_relu_pool_backward). */
      const float *xr = sv->x->data + r * (size_t) f;
      float *o = job->gx + r * (size_t) f;
      for (int j = 0; j < f; j++)
        {
          float xh = (xr[j] - mean[j]) * istd[j];
          o[j] = -istd[j] * (a1[j] + xh * a2[j]);
        }
    }
  const float *y = sv->y->data;
  for (size_t r = (size_t) i0 * job->pix_out; r < (size_t) i1 * job->pix_out; r++)
    {
      const float *gr = job->g->data + r * f, *yr = y + r * f;
      const uint8_t *pr = sv->window + r * f;
      float *go = job->gx + window_origin (&job->win, r);
      for (int j = 0; j < f; j++)
        if (yr[j] > 0.0f)
          go[job->win.offset[pr[j]] + j] += istd[j] * gamma[j] * gr[j];
    }
  return TRUE;
}

/* The gradients of the op for output gradient g, in one pass over the outputs (and one
 * over x for gx); NULL outputs are skipped.  gy is g at each window's maximum where
 * the batch-normed value is positive (ReLU), zero elsewhere:
 *   gβ = Σ gy,  gγ = Σ gy·x̂,  gx = 1/σ · (γ·gy − mean(γ·gy) − x̂ · mean(γ·gy·x̂)). */
static void
fused_gradients (const Saved *sv, const MwTensor *g, float *gx, float *ggamma, float *gbeta)
{
  const MwTensor *x = sv->x;
  const int f = x->shape[3], n = x->shape[0];
  const size_t rows = x->numel / (size_t) f;
  const int per_chunk = images_per_chunk (x);
  const int n_chunks = (n + per_chunk - 1) / per_chunk;
  double stack[2 * 64 * 66];
  size_t need = (size_t) 2 * f * (n_chunks + 1);
  double *acc = need <= G_N_ELEMENTS (stack) ? stack : g_new (double, need);
  double *s1 = acc, *s2 = acc + f;
  GradJob job = { sv, g, f, per_chunk, (size_t) x->shape[1] * x->shape[2],
                  (size_t) g->shape[1] * g->shape[2], acc + 2 * f, NULL, NULL, gx };
  windows_init (&job.win, x, sv->size);
  mw_op_parallel (n_chunks, grad_sums_chunk, &job);
  memset (acc, 0, sizeof (double) * 2 * (size_t) f);
  for (int c = 0; c < n_chunks; c++)
    for (int j = 0; j < 2 * f; j++)
      acc[j] += job.partial[(size_t) c * 2 * f + j];
  for (int j = 0; j < f; j++)
    {
      if (gbeta != NULL)
        gbeta[j] = (float) s1[j];
      if (ggamma != NULL)
        ggamma[j] = (float) s2[j];
    }
  if (gx != NULL)
    {
      const float *gamma = sv->gamma->data;
      float m[2 * 256];
      float *a1 = f <= 256 ? m : g_new (float, 2 * (size_t) f), *a2 = a1 + f;
      for (int j = 0; j < f; j++)
        {
          a1[j] = (float) (gamma[j] * s1[j] / (double) rows);
          a2[j] = (float) (gamma[j] * s2[j] / (double) rows);
        }
      job.a1 = a1;
      job.a2 = a2;
      mw_op_parallel (n_chunks, grad_x_chunk, &job);
      if (a1 != m)
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
  /* scatter_add takes flat indices: expanded here, for this small graph only. */
  Windows win;
  windows_init (&win, x, sv->size);
  int32_t *index = mw_tape_alloc (tape, sizeof (int32_t) * g->numel);
  for (size_t r = 0; r < g->numel / (size_t) f; r++)
    {
      size_t origin = window_origin (&win, r);
      for (int j = 0; j < f; j++)
        index[r * f + j] = (int32_t) origin + win.offset[sv->window[r * f + j]] + j;
    }
  MwTensor *gy = mw_scatter_add (tape, masked, index, x->ndim, x->shape);
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
/* Its backward differentiates the composite form and never reads the result. */
static const MwOpDef grad_op = { "bn_relu_pool_grad", grad_backward, true };

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
      out->node->index8 = fwd->index8;
      out->node->farg[0] = fwd->farg[0];
      out->node->iarg[0] = which;
      out->node->iarg[1] = fwd->iarg[1];
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
  mw_grad_consuming_since (tape, mark, out, gout, leaf, n, local, NULL);
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
  /* When nothing reads x after this (the convolution before reads only its own
   * inputs), gx is written over it: the first layer's x and gx are the largest
   * tensors of a Conv4 step, and the peak is where both are alive. */
  for (int i = 0; i < 3; i++)
    if (needs[i])
      gin[i] = i > 0 ? mw_tape_tensor (tape, 1, &f)
               : mw_tape_last_use (tape, x) ? mw_detach (tape, x, false)
                                            : mw_tape_tensor (tape, x->ndim, x->shape);
  fused_gradients (&sv, g, needs[0] ? gin[0]->data : NULL, needs[1] ? gin[1]->data : NULL,
                   needs[2] ? gin[2]->data : NULL);
}
static const MwOpDef bn_relu_pool_op = { "bn_relu_pool", bn_relu_pool_backward };

typedef struct {
  const MwTensor *x;
  const float *gamma, *beta, *mean, *istd;
  int size, per_chunk;
  float *out;
  uint8_t *window;   /* NULL when nothing records */
} PoolJob;

/* Normalise, ReLU and pool the images of one chunk. */
static gboolean
pool_chunk (int chunk, int worker, gpointer data)
{
  (void) worker;
  const PoolJob *job = data;
  const int n = job->x->shape[0], h = job->x->shape[1], w = job->x->shape[2];
  const int c = job->x->shape[3], size = job->size, oh = h / size, ow = w / size;
  const float *restrict g = job->gamma, *restrict b = job->beta, *restrict xd = job->x->data;
  const float *restrict mean_r = job->mean, *restrict istd_r = job->istd;
  float best[512];
  int32_t arg[512];
  const int i0 = chunk * job->per_chunk, i1 = MIN (n, i0 + job->per_chunk);
  size_t first = (size_t) i0 * oh * ow * c;
  float *o = job->out + first;
  uint8_t *idx = job->window != NULL ? job->window + first : NULL;
  for (int bi = i0; bi < i1; bi++)
    for (int i = 0; i < oh; i++)
      for (int jw = 0; jw < ow; jw++, o += c)
        {
          /* The window's first element, then strict > keeps the first maximum (as
           * max_pool2d over the ReLU output does, wherever the maximum is positive).
           * Branch-free per channel, so the loops vectorise. */
          for (int di = 0; di < size; di++)
            for (int dj = 0; dj < size; dj++)
              {
                const int32_t p = di * size + dj;
                const float *restrict xr
                  = xd + (((size_t) bi * h + (size_t) i * size + di) * w + (size_t) jw * size + dj) * c;
                if (p == 0)
                  for (int ch = 0; ch < c; ch++)
                    {
                      best[ch] = bn_value (xr[ch], mean_r[ch], istd_r[ch], g[ch], b[ch]);
                      arg[ch] = 0;
                    }
                else
                  for (int ch = 0; ch < c; ch++)
                    {
                      float v = bn_value (xr[ch], mean_r[ch], istd_r[ch], g[ch], b[ch]);
                      float was = best[ch];
                      int32_t greater = -(int32_t) (v > was);   /* all ones or zero */
                      best[ch] = v > was ? v : was;
                      arg[ch] = (arg[ch] & ~greater) | (p & greater);
                    }
              }
          for (int ch = 0; ch < c; ch++)
            o[ch] = best[ch] > 0.0f ? best[ch] : 0.0f;
          if (idx != NULL)
            {
              for (int ch = 0; ch < c; ch++)
                idx[ch] = (uint8_t) arg[ch];
              idx += c;
            }
        }
  return TRUE;
}

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
  uint8_t *window = out->node ? mw_tape_alloc (tape, out->numel) : NULL;
  g_assert (c <= 512 && size * size <= 256);
  PoolJob job = { x, gamma->data, beta->data, mean, istd, size, images_per_chunk (x),
                  out->data, window };
  mw_op_parallel ((n + job.per_chunk - 1) / job.per_chunk, pool_chunk, &job);
  if (out->node)
    {
      out->node->saved = stats;
      out->node->index8 = window;
      out->node->farg[0] = eps;
      out->node->iarg[1] = size;
    }
  return out;
}
