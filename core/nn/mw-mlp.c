/* mw-mlp.c: multilayer perceptron with ReLU, weights [in, out]. */
#include "mw-model-private.h"

#include <glib.h>

static MwTensor *
mlp_forward (const MwModel *m, MwTape *tape, MwTensor *const *params, MwTensor *x,
             const MwForwardOptions *options)
{
  MwTensor *h = x->ndim == 2 ? x : mw_flatten (tape, x);
  int last = options->features ? m->n_layers - 1 : m->n_layers;
  for (int l = 0; l < last; l++)
    {
      h = mw_add (tape, mw_matmul (tape, h, params[2 * l]), params[2 * l + 1]);
      if (l < m->n_layers - 1)
        h = mw_relu (tape, h);
    }
  return h;
}

MwModel *
mw_mlp_new (int n_layers, const int *widths, MwRng *rng)
{
  g_return_val_if_fail (n_layers >= 1, NULL);
  MwModel *m = mw_model_alloc (MW_MODEL_MLP, 2 * n_layers);
  m->forward = mlp_forward;
  m->n_layers = n_layers;
  m->widths = g_memdup2 (widths, sizeof (int) * (size_t) (n_layers + 1));
  m->in_ndim = 1;
  m->in_shape[0] = widths[0];
  m->n_out = widths[n_layers];
  m->feature_dim = n_layers > 1 ? widths[n_layers - 1] : widths[0];
  GString *desc = g_string_new ("mlp ");
  for (int l = 0; l <= n_layers; l++)
    g_string_append_printf (desc, l ? "-%d" : "%d", widths[l]);
  m->description = g_string_free (desc, FALSE);
  for (int l = 0; l < n_layers; l++)
    {
      char name[32];
      int wshape[2] = { widths[l], widths[l + 1] };
      g_snprintf (name, sizeof name, "layer%d.weight", l + 1);
      MwTensor *w = mw_model_add_param (m, 2 * l, name, 2, wshape);
      g_snprintf (name, sizeof name, "layer%d.bias", l + 1);
      mw_model_add_param (m, 2 * l + 1, name, 1, &widths[l + 1]);
      /* MAML's sinusoid code: truncated normal, σ = 0.01, zero biases. */
      for (size_t i = 0; i < w->numel; i++)
        w->data[i] = mw_rng_truncated_normal (rng, 0.01f);
    }
  return m;
}
