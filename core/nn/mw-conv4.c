/* mw-conv4.c: the Conv4 backbone of MAML, ProtoNets and Matching Networks:
 * 4 × [3×3 conv, batch norm, ReLU, 2×2 max-pool] (+ a linear head). */
#include "mw-model-private.h"

#include <glib.h>

#define BN_EPS 1e-5f
/* A block recomputes its convolution's output a chunk at a time instead of keeping it
 * (mw_conv_bn_relu_pool) when that is cheap — few input channels (the first block:
 * products with K = 9), unless a recorded backward will recompute it anyway (second
 * order: 20-way MAML's peak was 24 MB higher) — or when the output is large (at least
 * this many floats: the step's peak memory is mostly that tensor).  On the first block it is also
 * faster: its passes run on chunks in cache (first-order MAML 5-way 1-shot 1.30 →
 * 1.36 it/s, ProtoNets 35.4 → 36.1 episodes/s on two cores). */
#define RECOMPUTE_FLOATS ((size_t) 8 << 20)
#define RECOMPUTE_MAX_CHANNELS 3

/* Parameter layout: per block conv weight, conv bias, bn scale, bn shift; then head. */
enum { P_CONV_W, P_CONV_B, P_BN_G, P_BN_B, P_PER_BLOCK };

static MwTensor *
conv4_forward (const MwModel *m, MwTape *tape, MwTensor *const *params, MwTensor *x,
               const MwForwardOptions *options)
{
  MwTensor *h = x;
  if (h->ndim != 4)
    {
      int shape[4] = { h->shape[0], m->in_shape[0], m->in_shape[1], m->in_shape[2] };
      h = mw_reshape (tape, h, 4, shape);
    }
  const MwConvGeom same = { 1, 1 };
  for (int b = 0; b < MW_CONV4_BLOCKS; b++)
    {
      MwTensor *const *p = params + b * P_PER_BLOCK;
      bool use_batch = m->bn_mode == MW_BN_BATCH || options->training;
      bool update_running = m->bn_mode == MW_BN_RUNNING && options->training;
      float mean[512], var[512];
      g_assert (m->filters <= 512);
      size_t conv_out = (size_t) h->shape[0] * h->shape[1] * h->shape[2] * (size_t) m->filters;
      bool cheap = h->shape[3] <= RECOMPUTE_MAX_CHANNELS && !options->second_order;
      if (use_batch && (conv_out >= RECOMPUTE_FLOATS || cheap))
        h = mw_conv_bn_relu_pool (tape, h, p[P_CONV_W], p[P_CONV_B], p[P_BN_G], p[P_BN_B], same,
                                  BN_EPS, 2, mean, var);
      else
        {
          if (use_batch)
            {
              /* The moments are taken as the convolution writes its output. */
              h = mw_conv2d_bias_moments (tape, h, p[P_CONV_W], p[P_CONV_B], same, mean, var);
              h = mw_bn_relu_pool_given (tape, h, p[P_BN_G], p[P_BN_B], BN_EPS, 2, mean, var);
            }
          else
            {
              h = mw_conv2d_bias (tape, h, p[P_CONV_W], p[P_CONV_B], same);
              h = mw_batch_norm_fixed (tape, h, p[P_BN_G], p[P_BN_B], m->running_mean[b],
                                       m->running_var[b], BN_EPS);
              h = mw_max_pool2d (tape, mw_relu (tape, h), 2);
            }
        }
      if (update_running)
        {
          /* Exponential moving averages for test time (no gradient). */
          float k = m->bn_momentum;
          size_t rows = conv_out / (size_t) m->filters;
          float unbias = rows > 1 ? (float) rows / (float) (rows - 1) : 1.0f;
          for (int j = 0; j < m->filters; j++)
            {
              m->running_mean[b][j] = (1 - k) * m->running_mean[b][j] + k * mean[j];
              m->running_var[b][j] = (1 - k) * m->running_var[b][j] + k * var[j] * unbias;
            }
        }
    }
  h = mw_flatten (tape, h);
  if (options->features || m->n_out == 0)
    return h;
  MwTensor *const *head = params + MW_CONV4_BLOCKS * P_PER_BLOCK;
  return mw_add (tape, mw_matmul (tape, h, head[0]), head[1]);
}

MwModel *
mw_conv4_new (int channels, int image_size, int filters, int n_out, MwBatchNormMode bn_mode,
              MwRng *rng)
{
  int n_params = MW_CONV4_BLOCKS * P_PER_BLOCK + (n_out > 0 ? 2 : 0);
  MwModel *m = mw_model_alloc (MW_MODEL_CONV4, n_params);
  m->forward = conv4_forward;
  m->in_ndim = 3;
  m->in_shape[0] = image_size;
  m->in_shape[1] = image_size;
  m->in_shape[2] = channels;
  m->filters = filters;
  m->n_out = n_out;
  m->bn_mode = bn_mode;
  m->bn_momentum = 0.1f;
  m->running_mean = g_new0 (float *, MW_CONV4_BLOCKS);
  m->running_var = g_new0 (float *, MW_CONV4_BLOCKS);
  int size = image_size, in_ch = channels;
  for (int b = 0; b < MW_CONV4_BLOCKS; b++)
    {
      char name[32];
      int wshape[4] = { filters, 3, 3, in_ch };
      g_snprintf (name, sizeof name, "block%d.conv.weight", b + 1);
      MwTensor *w = mw_model_add_param (m, b * P_PER_BLOCK + P_CONV_W, name, 4, wshape);
      mw_init_xavier_uniform (w, 9 * in_ch, 9 * filters, rng);
      g_snprintf (name, sizeof name, "block%d.conv.bias", b + 1);
      mw_model_add_param (m, b * P_PER_BLOCK + P_CONV_B, name, 1, &filters);
      g_snprintf (name, sizeof name, "block%d.bn.weight", b + 1);
      mw_tensor_fill (mw_model_add_param (m, b * P_PER_BLOCK + P_BN_G, name, 1, &filters), 1.0f);
      g_snprintf (name, sizeof name, "block%d.bn.bias", b + 1);
      mw_model_add_param (m, b * P_PER_BLOCK + P_BN_B, name, 1, &filters);
      m->running_mean[b] = g_new0 (float, filters);
      m->running_var[b] = g_new (float, filters);
      for (int j = 0; j < filters; j++)
        m->running_var[b][j] = 1.0f;
      size /= 2;
      in_ch = filters;
    }
  m->feature_dim = filters * size * size;
  if (n_out > 0)
    {
      int wshape[2] = { m->feature_dim, n_out };
      MwTensor *w = mw_model_add_param (m, MW_CONV4_BLOCKS * P_PER_BLOCK, "head.weight", 2, wshape);
      mw_init_xavier_uniform (w, m->feature_dim, n_out, rng);
      mw_model_add_param (m, MW_CONV4_BLOCKS * P_PER_BLOCK + 1, "head.bias", 1, &n_out);
    }
  m->description = g_strdup_printf ("conv4-%d %dx%dx%d → %d", filters, image_size, image_size,
                                    channels, n_out > 0 ? n_out : m->feature_dim);
  return m;
}
