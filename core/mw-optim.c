/* mw-optim.c: SGD and Adam (Kingma & Ba 2015, bias-corrected). */
#include "mw-optim.h"

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

void
mw_adam_step (MwAdam *adam, MwTensor *const *params, MwTensor *const *grads)
{
  adam->t++;
  const double bc1 = 1.0 - pow (adam->beta1, (double) adam->t);
  const double bc2 = 1.0 - pow (adam->beta2, (double) adam->t);
  /* Folding the bias corrections into the step size, as PyTorch does. */
  const float step = (float) (adam->lr * sqrt (bc2) / (bc1 > 0 ? bc1 : 1.0));
  const float eps = (float) (adam->eps * sqrt (bc2));
  const float b1 = adam->beta1, b2 = adam->beta2;
  for (int i = 0; i < adam->n; i++)
    {
      g_return_if_fail (params[i]->numel == adam->sizes[i] && grads[i]->numel == adam->sizes[i]);
      float *restrict p = params[i]->data, *restrict m = adam->m[i], *restrict v = adam->v[i];
      const float *restrict g = grads[i]->data;
      for (size_t j = 0; j < adam->sizes[i]; j++)
        {
          m[j] = b1 * m[j] + (1.0f - b1) * g[j];
          v[j] = b2 * v[j] + (1.0f - b2) * g[j] * g[j];
          p[j] -= step * m[j] / (sqrtf (v[j]) + eps);
        }
    }
}
