/* mw-optim.c: SGD and Adam (Kingma & Ba 2015, bias-corrected). */
#include "mw-optim.h"
#include "mw-parallel.h"

#include <glib.h>
#include <math.h>
#include <string.h>

void
mw_sgd_step (MwTensor *const *params, MwTensor *const *grads, int n, float lr)
{
  for (int i = 0; i < n; i++)
    {
      g_return_if_fail (params[i]->numel == grads[i]->numel);
      float *restrict p = params[i]->data;
      const float *restrict g = grads[i]->data;
      for (size_t j = 0; j < params[i]->numel; j++)
        p[j] -= lr * g[j];
    }
}

MwAdam *
mw_adam_new (MwTensor *const *params, int n, float lr, float beta1, float beta2, float eps)
{
  MwAdam *adam = g_new0 (MwAdam, 1);
  adam->n = n;
  adam->lr = lr;
  adam->beta1 = beta1;
  adam->beta2 = beta2;
  adam->eps = eps;
  adam->m = g_new0 (float *, n);
  adam->v = g_new0 (float *, n);
  adam->sizes = g_new0 (size_t, n);
  for (int i = 0; i < n; i++)
    {
      adam->sizes[i] = params[i]->numel;
      adam->m[i] = g_new0 (float, params[i]->numel);
      adam->v[i] = g_new0 (float, params[i]->numel);
    }
  return adam;
}

void
mw_adam_free (MwAdam *adam)
{
  if (adam == NULL)
    return;
  for (int i = 0; i < adam->n; i++)
    {
      g_free (adam->m[i]);
      g_free (adam->v[i]);
    }
  g_free (adam->m);
  g_free (adam->v);
  g_free (adam->sizes);
  g_free (adam);
}

void
mw_adam_reset (MwAdam *adam)
{
  adam->t = 0;
  for (int i = 0; i < adam->n; i++)
    {
      memset (adam->m[i], 0, sizeof (float) * adam->sizes[i]);
      memset (adam->v[i], 0, sizeof (float) * adam->sizes[i]);
    }
}

/* Adam's update runs in slices of at most ADAM_SLICE floats over the op workers (a
 * Reptile step has the cores to itself): elementwise, so the same bits at any count.
 * Fewer than ADAM_SLICE floats in all (the MLPs of sinusoid and planar tasks, a few
 * thousand) update in a microsecond or two on this thread, less than handing the
 * slices to the workers costs. */
#define ADAM_SLICE 16384
#define ADAM_MAX_SLICES 256

typedef struct {
  MwAdam *adam;
  MwTensor *const *params, *const *grads;
  float step, eps;
  int n_slices;
  int tensor[ADAM_MAX_SLICES];
  size_t first[ADAM_MAX_SLICES], count[ADAM_MAX_SLICES];
} AdamJob;

static gboolean
adam_slice (int k, int worker, gpointer data)
{
  (void) worker;
  const AdamJob *job = data;
  const int i = job->tensor[k];
  const size_t j0 = job->first[k], j1 = j0 + job->count[k];
  const float b1 = job->adam->beta1, b2 = job->adam->beta2, step = job->step, eps = job->eps;
  float *restrict p = job->params[i]->data, *restrict m = job->adam->m[i];
  float *restrict v = job->adam->v[i];
  const float *restrict g = job->grads[i]->data;
  for (size_t j = j0; j < j1; j++)
    {
      m[j] = b1 * m[j] + (1.0f - b1) * g[j];
      v[j] = b2 * v[j] + (1.0f - b2) * g[j] * g[j];
      p[j] -= step * m[j] / (sqrtf (v[j]) + eps);
    }
  return TRUE;
}

void
mw_adam_step (MwAdam *adam, MwTensor *const *params, MwTensor *const *grads)
{
  adam->t++;
  const double bc1 = 1.0 - pow (adam->beta1, (double) adam->t);
  const double bc2 = 1.0 - pow (adam->beta2, (double) adam->t);
  /* Folding the bias corrections into the step size, as PyTorch does. */
  AdamJob job = { adam, params, grads, (float) (adam->lr * sqrt (bc2) / (bc1 > 0 ? bc1 : 1.0)),
                  (float) (adam->eps * sqrt (bc2)), 0, { 0 }, { 0 }, { 0 } };
  size_t total = 0;
  for (int i = 0; i < adam->n; i++)
    {
      g_return_if_fail (params[i]->numel == adam->sizes[i] && grads[i]->numel == adam->sizes[i]);
      total += adam->sizes[i];
      for (size_t j0 = 0; j0 < adam->sizes[i]; j0 += ADAM_SLICE)
        {
          if (job.n_slices == ADAM_MAX_SLICES)
            {
              mw_op_parallel (job.n_slices, adam_slice, &job);
              job.n_slices = 0;
            }
          job.tensor[job.n_slices] = i;
          job.first[job.n_slices] = j0;
          job.count[job.n_slices] = MIN ((size_t) ADAM_SLICE, adam->sizes[i] - j0);
          job.n_slices++;
        }
    }
  if (total < ADAM_SLICE)
    mw_parallel_for (job.n_slices, 1, adam_slice, &job);
  else
    mw_op_parallel (job.n_slices, adam_slice, &job);
}
