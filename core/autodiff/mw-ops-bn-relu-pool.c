/* mw-ops-bn-relu-pool.c: batch norm + ReLU + max-pool as one op (the tail of a Conv4
 * block), for memory and speed: the three separate ops keep four full-size tensors per
 * block on the tape and stream each of them again in the backward pass. */
#include "mw-block-tail-private.h"
#include "mw-parallel.h"

#include <math.h>
#include <string.h>

/* Saved on the node: mean and 1/σ per feature (node->saved, 2f floats), each output's
 * window maximum as its position in the window, one byte (node->index8: a quarter of
 * a flat int32 index's memory), eps (farg[0]), the window size (iarg[1]). */

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

MW_VECTOR_CLONES static gboolean
grad_sums_chunk (int c, int worker, gpointer data)
{
  (void) worker;
  const GradJob *job = data;
  const Saved *sv = job->sv;
  const int f = job->f, n = sv->x->shape[0];
  const int i0 = c * job->per_chunk, count = MIN (n, i0 + job->per_chunk) - i0;
  double *s1 = job->partial + (size_t) c * 2 * f;
  memset (s1, 0, sizeof (double) * 2 * (size_t) f);
  const size_t in0 = (size_t) i0 * job->pix_in * f, out0 = (size_t) i0 * job->pix_out * f;
  tail_grad_sums (&job->win, count, sv->x->data + in0, sv->y->data + out0, job->g->data + out0,
                  sv->window + out0, sv->stats, sv->stats + f, s1, s1 + f);
  return TRUE;
}

MW_VECTOR_CLONES static gboolean
grad_x_chunk (int c, int worker, gpointer data)
{
  (void) worker;
  const GradJob *job = data;
  const Saved *sv = job->sv;
  const int f = job->f, n = sv->x->shape[0];
  const int i0 = c * job->per_chunk, count = MIN (n, i0 + job->per_chunk) - i0;
  const size_t in0 = (size_t) i0 * job->pix_in * f, out0 = (size_t) i0 * job->pix_out * f;
  /* gx may be x itself (written over x: see bn_relu_pool_backward). */
  tail_grad_x (&job->win, count, sv->x->data + in0, sv->y->data + out0, job->g->data + out0,
               sv->window + out0, sv->stats, sv->stats + f, sv->gamma->data, job->a1, job->a2,
               job->gx + in0);
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
  const int per_chunk = mw_images_per_chunk (x->shape[0], (size_t) x->shape[1] * x->shape[2]);
  const int n_chunks = (n + per_chunk - 1) / per_chunk;
  double stack[2 * 64 * 66];
  size_t need = (size_t) 2 * f * (n_chunks + 1);
  double *acc = need <= G_N_ELEMENTS (stack) ? stack : g_new (double, need);
  double *s1 = acc, *s2 = acc + f;
  GradJob job = { sv, g, f, per_chunk, (size_t) x->shape[1] * x->shape[2],
                  (size_t) g->shape[1] * g->shape[2], acc + 2 * f, NULL, NULL, gx };
  windows_init (&job.win, x->shape[1], x->shape[2], f, sv->size);
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

/* Under a recorded backward (second-order MAML's inner steps) each gradient is one
 * node of this op, which keeps nothing but its result: which = 0 for gx, 1 for gγ, 2
 * for gβ; inputs g, x, γ (as many as it depends on), the forward output as a saved
 * input.  Its own backward (the second derivative, taken once, in the meta-gradient
 * pass) is in closed form: mw-ops-bn-relu-pool-second.c. */
static void grad_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs,
                           MwTensor **gin);
/* Its backward never reads the result. */
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
  for (int i = 0; i < node->n_inputs; i++)
    if (needs[i])
      gin[i] = mw_tape_tensor (tape, node->inputs[i]->ndim, node->inputs[i]->shape);
  mw_bn_relu_pool_second (tape, node, gout, needs[0] ? gin[0]->data : NULL,
                          node->n_inputs > 1 && needs[1] ? gin[1]->data : NULL,
                          node->n_inputs > 2 && needs[2] ? gin[2]->data : NULL);
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
  Windows win;
} PoolJob;

/* Normalise, ReLU and pool the images of one chunk. */
MW_VECTOR_CLONES static gboolean
pool_chunk (int chunk, int worker, gpointer data)
{
  (void) worker;
  const PoolJob *job = data;
  const int n = job->x->shape[0], c = job->x->shape[3];
  const int i0 = chunk * job->per_chunk, count = MIN (n, i0 + job->per_chunk) - i0;
  size_t first = (size_t) i0 * job->win.oh * job->win.ow * c;
  tail_pool (&job->win, count, job->x->data + (size_t) i0 * job->win.h * job->win.w * c,
             job->mean, job->istd, job->gamma, job->beta, job->out + first,
             job->window != NULL ? job->window + first : NULL, NULL);
  return TRUE;
}

/* With given_mean and given_var NULL, the statistics are computed here. */
static MwTensor *
bn_relu_pool (MwTape *tape, MwTensor *x, MwTensor *gamma, MwTensor *beta, float eps, int size,
              const float *given_mean, const float *given_var, float *mean_out, float *var_out)
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
  if (given_mean != NULL)
    {
      memcpy (mean, given_mean, sizeof (float) * (size_t) c);
      memcpy (istd, given_var, sizeof (float) * (size_t) c);
    }
  else
    mw_feature_moments (x, mean, istd);
  if (mean_out != NULL)
    memcpy (mean_out, mean, sizeof (float) * (size_t) c);
  if (var_out != NULL)
    memcpy (var_out, istd, sizeof (float) * (size_t) c);
  for (int j = 0; j < c; j++)
    istd[j] = 1.0f / sqrtf (istd[j] + eps);
  uint8_t *window = out->node ? mw_tape_alloc (tape, out->numel) : NULL;
  g_assert (c <= 512 && size * size <= 256);
  PoolJob job = { x, gamma->data, beta->data, mean, istd, size, mw_images_per_chunk (x->shape[0], (size_t) x->shape[1] * x->shape[2]),
                  out->data, window };
  windows_init (&job.win, h, w, c, size);
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

MwTensor *
mw_bn_relu_pool (MwTape *tape, MwTensor *x, MwTensor *gamma, MwTensor *beta, float eps,
                 int size, float *mean_out, float *var_out)
{
  return bn_relu_pool (tape, x, gamma, beta, eps, size, NULL, NULL, mean_out, var_out);
}

MwTensor *
mw_bn_relu_pool_given (MwTape *tape, MwTensor *x, MwTensor *gamma, MwTensor *beta, float eps,
                       int size, const float *mean, const float *var)
{
  return bn_relu_pool (tape, x, gamma, beta, eps, size, mean, var, NULL, NULL);
}
