/* mw-ops-bn-relu-pool-second.c: the second derivative of a Conv4 block's tail (batch
 * norm with batch statistics, ReLU, max-pool) in closed form: the backward of the
 * tail's gradient nodes, which second-order MAML differentiates once per inner step.
 * Two passes over the tensors instead of the separate ops' composite graph (about a
 * dozen full-size temporaries, and a quarter of 20-way MAML's time).
 *
 * Notation, per feature: M rows, s = 1/σ, x̂ = (x − μ)·s, gy = the output gradient g
 * at each window's maximum where the output is positive (zero elsewhere; the window
 * and the ReLU mask are locally constant), m1 = mean(gy), m2 = mean(gy·x̂).  The
 * gradient nodes are
 *   gx = s·γ·(gy − m1 − x̂·m2)   (which 0, inputs g, x, γ),
 *   gγ = Σ gy·x̂                  (which 1, inputs g, x),
 *   gβ = Σ gy                    (which 2, input g).
 * For an upstream gradient u of gx (with ū = mean(u), ux = mean(u·x̂),
 * ug = mean(u·gy)):
 *   ∂/∂gy = s·γ·(u − ū − x̂·ux),   ∂/∂γ = s·M·(ug − m1·ū − m2·ux),
 *   ∂/∂x  = γ·s²·(x̂·(3·m2·ux − ug + m1·ū) − m2·u + m2·ū + m1·ux − ux·gy)
 * (σ's and μ's dependence on x included); for an upstream a of gγ:
 *   ∂/∂gy = a·x̂,   ∂/∂x = s·a·(gy − m1 − x̂·m2);
 * for an upstream b of gβ: ∂/∂gy = b.  ∂/∂g is ∂/∂gy read at each window's maximum
 * where the output is positive, zero elsewhere. */
#include "mw-block-tail-private.h"
#include "mw-parallel.h"

#include <string.h>

enum { SUM_GY, SUM_GY_XH, SUM_U_GY, SUM_U, SUM_U_XH, N_SUMS };

/* Per-feature coefficients of the second pass:
 *   dx = P·x̂ + Q·u + R everywhere, then + S·g at the windows' maxima;
 *   dg = A·u + B·x̂ + C at the windows' maxima where the output is positive, else 0. */
enum { CO_P, CO_Q, CO_R, CO_S, CO_A, CO_B, CO_C, N_COEFS };

typedef struct {
  Windows win;
  int which, f, n, per_chunk;
  size_t pix_in, pix_out;
  const float *x, *y, *g, *u;   /* u: x-shaped for which 0, unread otherwise */
  const uint8_t *window;
  const float *mean, *istd;
  double *partial;              /* N_SUMS·f per chunk */
  const float *coef;            /* N_COEFS·f */
  float *dg, *dx;               /* NULL when not needed */
} SecondJob;

/* Chunk c's images: how many, and its offsets into x-shaped and output-shaped data. */
typedef struct {
  int count;
  size_t in0, out0;
} Chunk;

static Chunk
chunk_at (const SecondJob *job, int c)
{
  const int i0 = c * job->per_chunk;
  return (Chunk) { MIN (job->n, i0 + job->per_chunk) - i0, (size_t) i0 * job->pix_in * job->f,
                   (size_t) i0 * job->pix_out * job->f };
}

/* Σ gy, Σ gy·x̂ (tail_grad_sums' sums) and, for gx's node, Σ u·gy in the same pass over
 * the windows' maxima (two passes were 4% slower on 20-way MAML), then Σ u and Σ u·x̂. */
MW_VECTOR_CLONES static gboolean
sums_chunk (int c, int worker, gpointer data)
{
  (void) worker;
  const SecondJob *job = data;
  const int f = job->f;
  const Chunk ch = chunk_at (job, c);
  double *s = job->partial + (size_t) c * N_SUMS * f;
  memset (s, 0, sizeof (double) * N_SUMS * (size_t) f);
  double *s_gy = s + SUM_GY * f, *s_gyx = s + SUM_GY_XH * f, *s_ugy = s + SUM_U_GY * f;
  const float *x = job->x + ch.in0;
  const float *u = job->which == 0 ? job->u + ch.in0 : NULL;
  const float *y = job->y + ch.out0, *g = job->g + ch.out0;
  const uint8_t *window = job->window + ch.out0;
  const size_t rows = (size_t) ch.count * job->pix_out;
  for (size_t r = 0; r < rows; r++)
    {
      const size_t origin = window_origin (&job->win, r);
      for (int j = 0; j < f; j++)
        if (y[r * f + j] > 0.0f)
          {
            const size_t k = origin + job->win.offset[window[r * f + j]] + j;
            const double gr = g[r * f + j];
            const float xh = (x[k] - job->mean[j]) * job->istd[j];
            s_gy[j] += gr;
            s_gyx[j] += gr * xh;
            if (u != NULL)
              s_ugy[j] += gr * u[k];
          }
    }
  if (u != NULL)
    {
      double *s_u = s + SUM_U * f, *s_ux = s + SUM_U_XH * f;
      const size_t pixels = (size_t) ch.count * job->pix_in;
      for (size_t p = 0; p < pixels; p++)
        for (int j = 0; j < f; j++)
          {
            const float xh = (x[p * f + j] - job->mean[j]) * job->istd[j];
            s_u[j] += u[p * f + j];
            s_ux[j] += (double) u[p * f + j] * xh;
          }
    }
  return TRUE;
}

MW_VECTOR_CLONES static gboolean
apply_chunk (int c, int worker, gpointer data)
{
  (void) worker;
  const SecondJob *job = data;
  const int f = job->f;
  const Chunk ch = chunk_at (job, c);
  const int count = ch.count;
  const size_t in0 = ch.in0, out0 = ch.out0;
  const float *co = job->coef;
  const float *P = co + CO_P * f, *Q = co + CO_Q * f, *R = co + CO_R * f, *S = co + CO_S * f;
  const float *A = co + CO_A * f, *B = co + CO_B * f, *C = co + CO_C * f;
  const float *x = job->x + in0;
  const float *u = job->which == 0 ? job->u + in0 : NULL;
  const float *y = job->y + out0, *g = job->g + out0;
  const uint8_t *window = job->window + out0;
  float *dx = job->dx != NULL ? job->dx + in0 : NULL;
  float *dg = job->dg != NULL ? job->dg + out0 : NULL;
  if (dx != NULL)
    {
      const size_t pixels = (size_t) count * job->pix_in;
      for (size_t p = 0; p < pixels; p++)
        for (int j = 0; j < f; j++)
          {
            const float xh = (x[p * f + j] - job->mean[j]) * job->istd[j];
            const float v = P[j] * xh + R[j];
            dx[p * f + j] = u != NULL ? v + Q[j] * u[p * f + j] : v;
          }
    }
  const size_t rows = (size_t) count * job->pix_out;
  for (size_t r = 0; r < rows; r++)
    {
      const size_t origin = window_origin (&job->win, r);
      for (int j = 0; j < f; j++)
        {
          const bool passes = y[r * f + j] > 0.0f;
          const size_t k = origin + job->win.offset[window[r * f + j]] + j;
          if (dx != NULL && passes)
            dx[k] += S[j] * g[r * f + j];
          if (dg != NULL)
            {
              float v = 0.0f;
              if (passes)
                {
                  const float xh = (x[k] - job->mean[j]) * job->istd[j];
                  v = B[j] * xh + C[j];
                  if (u != NULL)
                    v += A[j] * u[k];
                }
              dg[r * f + j] = v;
            }
        }
    }
  return TRUE;
}

void
mw_bn_relu_pool_second (MwTape *tape, const MwNode *node, const MwTensor *gout, float *dg,
                        float *dx, float *dgamma)
{
  const MwTensor *g = node->inputs[0], *x = node->inputs[1], *y = node->inputs[3];
  const int which = node->iarg[0], f = y->shape[3];
  if (which == 2)
    {
      /* gβ depends on g alone (x is not an input): b where the output passes. */
      for (size_t i = 0; dg != NULL && i < y->numel; i++)
        dg[i] = y->data[i] > 0.0f ? gout->data[i % (size_t) f] : 0.0f;
      return;
    }
  const int n = x->shape[0];
  const float *mean = node->saved, *istd = mean + f;
  const float *gamma = which == 0 ? node->inputs[2]->data : NULL;
  SecondJob job = { .which = which, .f = f, .n = n,
                    .per_chunk = mw_images_per_chunk (n, (size_t) x->shape[1] * x->shape[2]),
                    .pix_in = (size_t) x->shape[1] * x->shape[2],
                    .pix_out = (size_t) y->shape[1] * y->shape[2],
                    .x = x->data, .y = y->data, .g = g->data, .u = gout->data,
                    .window = node->index8, .mean = mean, .istd = istd,
                    .dg = dg, .dx = dx };
  windows_init (&job.win, x->shape[1], x->shape[2], f, node->iarg[1]);
  const int n_chunks = (n + job.per_chunk - 1) / job.per_chunk;
  const size_t n_sums = (size_t) N_SUMS * f * (n_chunks + 1);
  double *sums = mw_tape_alloc (tape, sizeof (double) * n_sums);
  float *coef = mw_tape_alloc (tape, sizeof (float) * N_COEFS * (size_t) f);
  memset (sums, 0, sizeof (double) * N_SUMS * (size_t) f);
  memset (coef, 0, sizeof (float) * N_COEFS * (size_t) f);
  job.partial = sums + (size_t) N_SUMS * f;
  job.coef = coef;
  /* gγ's derivative needs them only for x. */
  if (which == 0 || dx != NULL)
    {
      mw_op_parallel (n_chunks, sums_chunk, &job);
      for (int c = 0; c < n_chunks; c++)
        for (int j = 0; j < N_SUMS * f; j++)
          sums[j] += job.partial[(size_t) c * N_SUMS * f + j];
    }
  const double rows = (double) (x->numel / (size_t) f);
  for (int j = 0; j < f; j++)
    {
      const double s = istd[j];
      const double m1 = sums[SUM_GY * f + j] / rows, m2 = sums[SUM_GY_XH * f + j] / rows;
      float *co = coef + j;
      if (which == 0)
        {
          const double ug = sums[SUM_U_GY * f + j] / rows, ub = sums[SUM_U * f + j] / rows;
          const double ux = sums[SUM_U_XH * f + j] / rows;
          const double k = gamma[j] * s * s;
          co[CO_P * f] = (float) (k * (3 * m2 * ux - ug + m1 * ub));
          co[CO_Q * f] = (float) (-k * m2);
          co[CO_R * f] = (float) (k * (m2 * ub + m1 * ux));
          co[CO_S * f] = (float) (-k * ux);
          co[CO_A * f] = (float) (s * gamma[j]);
          co[CO_B * f] = (float) (-s * gamma[j] * ux);
          co[CO_C * f] = (float) (-s * gamma[j] * ub);
          if (dgamma != NULL)
            dgamma[j] = (float) (s * rows * (ug - m1 * ub - m2 * ux));
        }
      else
        {
          const double a = gout->data[j];
          co[CO_P * f] = (float) (-s * a * m2);
          co[CO_R * f] = (float) (-s * a * m1);
          co[CO_S * f] = (float) (s * a);
          co[CO_B * f] = (float) a;
        }
    }
  if (dx != NULL || dg != NULL)
    mw_op_parallel (n_chunks, apply_chunk, &job);
}
