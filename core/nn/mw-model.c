/* mw-model.c: what all models share: parameter lists, copies, sizes. */
#include "mw-model-private.h"

#include <glib.h>
#include <math.h>
#include <string.h>

MwModel *
mw_model_alloc (MwModelKind kind, int n_params)
{
  MwModel *m = g_new0 (MwModel, 1);
  m->kind = kind;
  m->n_params = n_params;
  m->param_names = g_new0 (char *, n_params + 1);
  m->params = g_new0 (MwTensor *, n_params);
  return m;
}

MwTensor *
mw_model_add_param (MwModel *m, int index, const char *name, int ndim, const int *shape)
{
  g_assert (index < m->n_params && m->params[index] == NULL);
  m->param_names[index] = g_strdup (name);
  m->params[index] = mw_tensor_new (ndim, shape);
  m->params[index]->requires_grad = true;
  return m->params[index];
}

void
mw_init_xavier_uniform (MwTensor *t, int fan_in, int fan_out, MwRng *rng)
{
  float limit = sqrtf (6.0f / (float) (fan_in + fan_out));
  for (size_t i = 0; i < t->numel; i++)
    t->data[i] = mw_rng_uniform_range (rng, -limit, limit);
}

void
mw_model_free (MwModel *m)
{
  if (m == NULL)
    return;
  for (int i = 0; i < m->n_params; i++)
    mw_tensor_free (m->params[i]);
  g_strfreev (m->param_names);
  g_free (m->params);
  g_free (m->description);
  g_free (m->widths);
  if (m->running_mean != NULL)
    for (int b = 0; b < MW_CONV4_BLOCKS; b++)
      {
        g_free (m->running_mean[b]);
        g_free (m->running_var[b]);
      }
  g_free (m->running_mean);
  g_free (m->running_var);
  g_free (m);
}

MwModel *
mw_model_copy (const MwModel *src)
{
  MwModel *m = g_new0 (MwModel, 1);
  *m = *src;
  m->description = g_strdup (src->description);
  m->param_names = g_strdupv (src->param_names);
  m->params = g_new0 (MwTensor *, src->n_params);
  for (int i = 0; i < src->n_params; i++)
    m->params[i] = mw_tensor_new_copy (src->params[i]);
  m->widths = src->widths ? g_memdup2 (src->widths, sizeof (int) * (size_t) (src->n_layers + 1)) : NULL;
  if (src->running_mean != NULL)
    {
      m->running_mean = g_new0 (float *, MW_CONV4_BLOCKS);
      m->running_var = g_new0 (float *, MW_CONV4_BLOCKS);
      for (int b = 0; b < MW_CONV4_BLOCKS; b++)
        {
          m->running_mean[b] = g_memdup2 (src->running_mean[b], sizeof (float) * (size_t) src->filters);
          m->running_var[b] = g_memdup2 (src->running_var[b], sizeof (float) * (size_t) src->filters);
        }
    }
  return m;
}

void
mw_model_copy_params (MwModel *dst, const MwModel *src)
{
  g_return_if_fail (dst->n_params == src->n_params);
  for (int i = 0; i < src->n_params; i++)
    mw_tensor_copy_data (dst->params[i], src->params[i]);
  if (dst->running_mean != NULL && src->running_mean != NULL)
    for (int b = 0; b < MW_CONV4_BLOCKS; b++)
      {
        memcpy (dst->running_mean[b], src->running_mean[b], sizeof (float) * (size_t) src->filters);
        memcpy (dst->running_var[b], src->running_var[b], sizeof (float) * (size_t) src->filters);
      }
}

size_t
mw_model_param_count (const MwModel *m)
{
  size_t n = 0;
  for (int i = 0; i < m->n_params; i++)
    n += m->params[i]->numel;
  return n;
}
