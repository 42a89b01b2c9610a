/* test-ops-gradients.c: every op's first and second derivatives against central finite
 * differences, at several shapes (see gradcheck.c for the tolerances). */
#include "gradcheck.h"

#include <glib.h>
#include <math.h>
#include <string.h>

#include "mw-parallel.h"

#define IN(...) { __VA_ARGS__ }

static MwTensor *f_add (MwTape *t, MwTensor **x, const void *c) { return mw_add (t, x[0], x[1]); }
static MwTensor *f_sub (MwTape *t, MwTensor **x, const void *c) { return mw_sub (t, x[0], x[1]); }
static MwTensor *f_mul (MwTape *t, MwTensor **x, const void *c) { return mw_mul (t, x[0], x[1]); }
static MwTensor *f_affine (MwTape *t, MwTensor **x, const void *c) { return mw_affine_scalar (t, x[0], -1.7f, 0.3f); }
static MwTensor *f_square (MwTape *t, MwTensor **x, const void *c) { return mw_square (t, x[0]); }
static MwTensor *f_exp (MwTape *t, MwTensor **x, const void *c) { return mw_exp (t, x[0]); }
static MwTensor *f_log (MwTape *t, MwTensor **x, const void *c) { return mw_log (t, x[0]); }
static MwTensor *f_rsqrt (MwTape *t, MwTensor **x, const void *c) { return mw_rsqrt (t, x[0]); }
static MwTensor *f_relu (MwTape *t, MwTensor **x, const void *c) { return mw_relu (t, x[0]); }

static MwTensor *
f_reshape (MwTape *t, MwTensor **x, const void *c)
{
  int shape[3] = { 2, 3, (int) x[0]->numel / 6 };
  return mw_reshape (t, x[0], 3, shape);
}

static MwTensor *
f_expand (MwTape *t, MwTensor **x, const void *c)
{
  int shape[3] = { 2, 3, 4 };
  return mw_expand (t, x[0], 3, shape);
}

static MwTensor *
f_sum_to (MwTape *t, MwTensor **x, const void *c)
{
  const int *shape = c;
  return mw_sum_to (t, x[0], shape[0], shape + 1);
}

static MwTensor *
f_mean_to (MwTape *t, MwTensor **x, const void *c)
{
  const int *shape = c;
  return mw_mean_to (t, x[0], shape[0], shape + 1);
}

static MwTensor *f_sum (MwTape *t, MwTensor **x, const void *c) { return mw_sum (t, x[0]); }
static MwTensor *f_mean (MwTape *t, MwTensor **x, const void *c) { return mw_mean (t, x[0]); }
static MwTensor *f_sum_axis1 (MwTape *t, MwTensor **x, const void *c) { return mw_sum_axis (t, x[0], 1, false); }
static MwTensor *f_mean_axis_last (MwTape *t, MwTensor **x, const void *c) { return mw_mean_axis (t, x[0], -1, true); }

static MwTensor *
f_matmul (MwTape *t, MwTensor **x, const void *c)
{
  const bool *tr = c;
  return mw_matmul_ex (t, x[0], x[1], tr[0], tr[1]);
}

static MwTensor *
f_conv (MwTape *t, MwTensor **x, const void *c)
{
  return mw_conv2d (t, x[0], x[1], *(const MwConvGeom *) c);
}

typedef struct {
  MwConvGeom geom;
  int shape[4];   /* x shape for input_grad, w shape for weight_grad */
} ConvAdjoint;

static MwTensor *
f_conv_input_grad (MwTape *t, MwTensor **x, const void *c)
{
  const ConvAdjoint *a = c;
  return mw_conv2d_input_grad (t, x[0], x[1], a->shape, a->geom);
}

static MwTensor *
f_conv_weight_grad (MwTape *t, MwTensor **x, const void *c)
{
  const ConvAdjoint *a = c;
  return mw_conv2d_weight_grad (t, x[0], x[1], a->shape, a->geom);
}

static MwTensor *f_pool (MwTape *t, MwTensor **x, const void *c) { return mw_max_pool2d (t, x[0], 2); }

static const int32_t gather_index[] = { 5, 0, 3, 3, 11, 7, 1, 8 };

static MwTensor *
f_gather (MwTape *t, MwTensor **x, const void *c)
{
  int shape[2] = { 2, 4 };
  return mw_gather (t, x[0], gather_index, 2, shape);
}

static MwTensor *
f_scatter (MwTape *t, MwTensor **x, const void *c)
{
  int shape[2] = { 3, 4 };
  return mw_scatter_add (t, x[0], gather_index, 2, shape);
}

static MwTensor *f_normalize (MwTape *t, MwTensor **x, const void *c) { return mw_normalize (t, x[0], 1e-5f); }
static MwTensor *f_batch_norm (MwTape *t, MwTensor **x, const void *c) { return mw_batch_norm (t, x[0], x[1], x[2], 1e-5f); }
static MwTensor *f_bn_relu_pool (MwTape *t, MwTensor **x, const void *c) { return mw_bn_relu_pool (t, x[0], x[1], x[2], 1e-5f, 2, NULL, NULL); }
static MwTensor *f_bn_relu_pool_ops (MwTape *t, MwTensor **x, const void *c) { return mw_max_pool2d (t, mw_relu (t, mw_batch_norm (t, x[0], x[1], x[2], 1e-5f)), 2); }
static MwTensor *f_conv_block (MwTape *t, MwTensor **x, const void *c) { MwConvGeom g = { 1, 1 }; return mw_conv_bn_relu_pool (t, x[0], x[1], x[2], x[3], x[4], g, 1e-5f, 2, NULL, NULL); }
/* The block as Conv4's first layer runs it: the images are data (no gradient), so its
 * backward takes the weight gradient without the convolution's output. */
static MwTensor *
f_conv_block_data (MwTape *t, MwTensor **x, const void *c)
{
  const int shape[4] = { 3, 5, 5, 1 };
  float images[75];
  for (int i = 0; i < 75; i++)
    images[i] = (float) fmod (i * 0.6180339887, 1.0);   /* distinct: no ties in a window */
  MwConvGeom g = { 1, 1 };
  return mw_conv_bn_relu_pool (t, mw_tape_constant (t, 4, shape, images), x[0], x[1], x[2], x[3],
                               g, 1e-5f, 2, NULL, NULL);
}
static MwTensor *f_conv_block_ops (MwTape *t, MwTensor **x, const void *c) { MwConvGeom g = { 1, 1 }; return mw_bn_relu_pool (t, mw_conv2d_bias (t, x[0], x[1], x[2], g), x[3], x[4], 1e-5f, 2, NULL, NULL); }
/* The Conv4 block as Conv4 runs it below the recomputation size: the moments taken by
 * the convolution, given to the tail. */
static MwTensor *
f_conv_given (MwTape *t, MwTensor **x, const void *c)
{
  MwConvGeom g = { 1, 1 };
  float mean[64], var[64];
  MwTensor *h = mw_conv2d_bias_moments (t, x[0], x[1], x[2], g, mean, var);
  return mw_bn_relu_pool_given (t, h, x[3], x[4], 1e-5f, 2, mean, var);
}
static MwTensor *f_conv_bias (MwTape *t, MwTensor **x, const void *c) { MwConvGeom g = { 1, 1 }; return mw_conv2d_bias (t, x[0], x[1], x[2], g); }

static MwTensor *
f_batch_norm_fixed (MwTape *t, MwTensor **x, const void *c)
{
  static const float mean[3] = { 0.1f, -0.2f, 0.3f }, var[3] = { 0.5f, 1.0f, 2.0f };
  return mw_batch_norm_fixed (t, x[0], x[1], x[2], mean, var, 1e-5f);
}

static MwTensor *f_softmax (MwTape *t, MwTensor **x, const void *c) { return mw_softmax (t, x[0]); }
static MwTensor *f_log_softmax (MwTape *t, MwTensor **x, const void *c) { return mw_log_softmax (t, x[0]); }

static const int32_t ce_labels[] = { 2, 0, 4, 1, 1, 3 };
static MwTensor *f_cross_entropy (MwTape *t, MwTensor **x, const void *c) { return mw_cross_entropy (t, x[0], ce_labels); }
static MwTensor *f_mse (MwTape *t, MwTensor **x, const void *c) { return mw_mse (t, x[0], x[1]); }
static MwTensor *f_sqeuclid (MwTape *t, MwTensor **x, const void *c) { return mw_sq_euclidean (t, x[0], x[1]); }
static MwTensor *f_cosine (MwTape *t, MwTensor **x, const void *c) { return mw_cosine_similarity (t, x[0], x[1], 1e-8f); }

static MwTensor *f_slice (MwTape *t, MwTensor **x, const void *c) { return mw_slice_rows (t, x[0], 1, 2); }
static MwTensor *f_pad (MwTape *t, MwTensor **x, const void *c) { return mw_pad_rows (t, x[0], 1, 5); }
static MwTensor *f_concat (MwTape *t, MwTensor **x, const void *c) { return mw_concat_rows (t, x[0], x[1]); }
static MwTensor *f_nll (MwTape *t, MwTensor **x, const void *c) { return mw_nll (t, mw_log (t, mw_softmax (t, x[0])), ce_labels); }

static MwTensor *
f_flatten_chain (MwTape *t, MwTensor **x, const void *c)
{
  /* A small Conv4-like block: conv → batch norm → relu → pool → flatten → linear. */
  MwConvGeom g = { 1, 1 };
  MwTensor *h = mw_conv2d (t, x[0], x[1], g);
  h = mw_batch_norm (t, h, x[2], x[3], 1e-5f);
  h = mw_max_pool2d (t, mw_relu (t, h), 2);
  return mw_matmul (t, mw_flatten (t, h), x[4]);
}

/* Gradient reversal inside u = grl(x, λ) + (1 + λ)·(x − detach(x)): u's value is x and
 * its derivative −λ + (1 + λ) = 1 on every pass, so exp(u)'s first and second
 * derivatives match the finite differences only if the reversal contributes exactly
 * −λ, also when its backward is recorded. */
static MwTensor *
f_grad_reverse (MwTape *t, MwTensor **x, const void *c)
{
  const float lambda = 0.7f;
  MwTensor *straight = mw_sub (t, x[0], mw_detach (t, x[0], false));
  MwTensor *u = mw_add (t, mw_grad_reverse (t, x[0], lambda), mw_scale (t, straight, 1.0f + lambda));
  return mw_exp (t, u);
}

static MwTensor *f_multilinear (MwTape *t, MwTensor **x, const void *c) { return mw_multilinear_map (t, x[0], x[1]); }

static const int32_t bce_labels[] = { 1, 0, 0, 1, 1, 0 };
static const float bce_weights[] = { 0.5f, 2.0f, 1.0f, 0.0f, 1.5f, 0.25f };
static MwTensor *f_bce (MwTape *t, MwTensor **x, const void *c) { return mw_binary_cross_entropy (t, x[0], bce_labels, c); }

/* Absolute bandwidths: with the median's (relative) ones, finite differences would also
 * move the median, which the op holds constant (test-domain-ops.c checks that case
 * against these). */
static const MwMmdKernels mmd_doubling = { 4, { 1.5f, 3.0f, 6.0f, 12.0f }, false };
static const MwMmdKernels mmd_spread = { 3, { 11.0f, 2.0f, 5.0f }, false };
/* × 100: the estimator's 1/(n(n−1)) weights make its gradients a few hundredths, below
 * the checker's absolute floor, where a wrong factor would pass. */
static MwTensor *f_mmd2 (MwTape *t, MwTensor **x, const void *c) { return mw_scale (t, mw_mmd2 (t, x[0], x[1], c, NULL), 100.0f); }

typedef struct {
  const char *name;
  GcFunc f;
  const void *ctx;
  int n;
  GcInput in[5];
} Case;

static const bool tr00[2] = { false, false }, tr10[2] = { true, false };
static const bool tr01[2] = { false, true }, tr11[2] = { true, true };
static const MwConvGeom same = { 1, 1 }, stride2 = { 2, 0 }, stride2pad = { 2, 1 }, one = { 1, 0 };
static const int to_c[] = { 2, 1, 4 }, to_row[] = { 3, 2, 1, 4 }, to_scalar[] = { 1, 1 };
static const ConvAdjoint adj_in = { { 1, 1 }, { 2, 5, 5, 3 } };
static const ConvAdjoint adj_w = { { 2, 1 }, { 4, 3, 3, 3 } };
/* 3×3 "same" with 8 channels or more: the Winograd path (odd and even sizes). */
static const ConvAdjoint adj_in_wino = { { 1, 1 }, { 2, 5, 4, 8 } };
static const ConvAdjoint adj_w_wino = { { 1, 1 }, { 9, 3, 3, 8 } };

static const Case cases[] = {
  { "add same", f_add, NULL, 2, { { 2, { 3, 4 } }, { 2, { 3, 4 } } } },
  { "add bias", f_add, NULL, 2, { { 3, { 2, 3, 4 } }, { 1, { 4 } } } },
  { "add both broadcast", f_add, NULL, 2, { { 3, { 2, 1, 4 } }, { 2, { 3, 1 } } } },
  { "add scalar", f_add, NULL, 2, { { 2, { 3, 4 } }, { 1, { 1 } } } },
  { "sub channel", f_sub, NULL, 2, { { 4, { 2, 3, 3, 4 } }, { 1, { 4 } } } },
  { "mul same", f_mul, NULL, 2, { { 2, { 3, 4 } }, { 2, { 3, 4 } } } },
  { "mul column", f_mul, NULL, 2, { { 2, { 5, 4 } }, { 2, { 5, 1 } } } },
  { "affine", f_affine, NULL, 1, { { 2, { 3, 4 } } } },
  { "square", f_square, NULL, 1, { { 2, { 3, 4 } } } },
  { "exp", f_exp, NULL, 1, { { 2, { 3, 4 }, GC_SMALL } } },
  { "log", f_log, NULL, 1, { { 2, { 3, 4 }, GC_POSITIVE } } },
  { "rsqrt", f_rsqrt, NULL, 1, { { 2, { 3, 4 }, GC_POSITIVE } } },
  { "relu", f_relu, NULL, 1, { { 3, { 2, 3, 4 }, GC_AWAY_ZERO } } },
  { "reshape", f_reshape, NULL, 1, { { 2, { 4, 6 } } } },
  { "expand", f_expand, NULL, 1, { { 2, { 3, 1 } } } },
  { "sum_to channel", f_sum_to, to_c, 1, { { 3, { 2, 3, 4 } } } },
  { "sum_to row", f_sum_to, to_row, 1, { { 3, { 2, 3, 4 } } } },
  { "sum_to scalar", f_sum_to, to_scalar, 1, { { 2, { 3, 5 } } } },
  { "mean_to", f_mean_to, to_row, 1, { { 3, { 2, 3, 4 } } } },
  { "sum", f_sum, NULL, 1, { { 3, { 2, 3, 4 } } } },
  { "mean", f_mean, NULL, 1, { { 2, { 7, 3 } } } },
  { "sum_axis", f_sum_axis1, NULL, 1, { { 3, { 2, 3, 4 } } } },
  { "mean_axis", f_mean_axis_last, NULL, 1, { { 3, { 2, 3, 4 } } } },
  { "matmul", f_matmul, tr00, 2, { { 2, { 3, 4 } }, { 2, { 4, 5 } } } },
  { "matmul At", f_matmul, tr10, 2, { { 2, { 4, 3 } }, { 2, { 4, 5 } } } },
  { "matmul Bt", f_matmul, tr01, 2, { { 2, { 3, 4 } }, { 2, { 5, 4 } } } },
  { "matmul AtBt", f_matmul, tr11, 2, { { 2, { 4, 3 } }, { 2, { 5, 4 } } } },
  { "conv2d same", f_conv, &same, 2, { { 4, { 2, 5, 5, 3 } }, { 4, { 4, 3, 3, 3 } } } },
  { "conv2d stride 2", f_conv, &stride2, 2, { { 4, { 2, 7, 6, 2 } }, { 4, { 3, 3, 3, 2 } } } },
  { "conv2d stride 2 pad", f_conv, &stride2pad, 2, { { 4, { 1, 6, 6, 2 } }, { 4, { 3, 3, 3, 2 } } } },
  { "conv2d 1x1", f_conv, &one, 2, { { 4, { 2, 3, 3, 4 } }, { 4, { 2, 1, 1, 4 } } } },
  { "conv2d winograd", f_conv, &same, 2, { { 4, { 2, 5, 4, 8 } }, { 4, { 9, 3, 3, 8 } } } },
  { "conv2d winograd 4x5", f_conv, &same, 2, { { 4, { 1, 4, 5, 9 } }, { 4, { 8, 3, 3, 9 } } } },
  { "conv2d winograd input grad", f_conv_input_grad, &adj_in_wino, 2,
    { { 4, { 2, 5, 4, 9 } }, { 4, { 9, 3, 3, 8 } } } },
  { "conv2d winograd weight grad", f_conv_weight_grad, &adj_w_wino, 2,
    { { 4, { 2, 5, 4, 8 } }, { 4, { 2, 5, 4, 9 } } } },
  { "conv2d input grad", f_conv_input_grad, &adj_in, 2, { { 4, { 2, 5, 5, 4 } }, { 4, { 4, 3, 3, 3 } } } },
  { "conv2d weight grad", f_conv_weight_grad, &adj_w, 2, { { 4, { 2, 5, 5, 3 } }, { 4, { 2, 3, 3, 4 } } } },
  { "max_pool2d", f_pool, NULL, 1, { { 4, { 2, 4, 4, 3 }, GC_DISTINCT } } },
  { "max_pool2d odd", f_pool, NULL, 1, { { 4, { 1, 5, 5, 2 }, GC_DISTINCT } } },
  { "gather", f_gather, NULL, 1, { { 2, { 3, 4 } } } },
  { "scatter_add", f_scatter, NULL, 1, { { 2, { 2, 4 } } } },
  { "normalize 2-D", f_normalize, NULL, 1, { { 2, { 6, 4 } } } },
  { "normalize NHWC", f_normalize, NULL, 1, { { 4, { 2, 3, 3, 5 } } } },
  { "batch_norm", f_batch_norm, NULL, 3, { { 4, { 3, 2, 2, 3 } }, { 1, { 3 } }, { 1, { 3 } } } },
  { "bn_relu_pool", f_bn_relu_pool, NULL, 3, { { 4, { 3, 4, 4, 3 }, GC_DISTINCT }, { 1, { 3 }, GC_POSITIVE }, { 1, { 3 } } } },
  { "bn_relu_pool odd", f_bn_relu_pool, NULL, 3, { { 4, { 2, 3, 3, 4 }, GC_DISTINCT }, { 1, { 4 }, GC_POSITIVE }, { 1, { 4 } } } },
  { "conv_bn_relu_pool", f_conv_block, NULL, 5,
    { { 4, { 3, 5, 5, 2 } }, { 4, { 3, 3, 3, 2 } }, { 1, { 3 } }, { 1, { 3 }, GC_POSITIVE }, { 1, { 3 } } } },
  { "conv_bn_relu_pool on data", f_conv_block_data, NULL, 4,
    { { 4, { 3, 3, 3, 1 } }, { 1, { 3 } }, { 1, { 3 }, GC_POSITIVE }, { 1, { 3 } } } },
  { "conv2d_bias_moments + bn_relu_pool_given", f_conv_given, NULL, 5,
    { { 4, { 3, 4, 4, 2 } }, { 4, { 3, 3, 3, 2 } }, { 1, { 3 } }, { 1, { 3 }, GC_POSITIVE }, { 1, { 3 } } } },
  /* (At 2 × 4 × 5 × 8 and other sizes some steps cross a ReLU or max-pool kink: the
   * separate ops give the same analytic values there, with Winograd and with im2col.) */
  { "conv2d_bias_moments + bn_relu_pool_given winograd", f_conv_given, NULL, 5,
    { { 4, { 2, 6, 4, 8 } }, { 4, { 8, 3, 3, 8 } }, { 1, { 8 } }, { 1, { 8 }, GC_POSITIVE }, { 1, { 8 } } } },
  { "conv2d_bias", f_conv_bias, NULL, 3, { { 4, { 2, 5, 5, 3 } }, { 4, { 4, 3, 3, 3 } }, { 1, { 4 } } } },
  { "batch_norm_fixed", f_batch_norm_fixed, NULL, 3, { { 2, { 4, 3 } }, { 1, { 3 } }, { 1, { 3 } } } },
  { "softmax", f_softmax, NULL, 1, { { 2, { 3, 5 } } } },
  { "softmax 3-D", f_softmax, NULL, 1, { { 3, { 2, 3, 4 } } } },
  { "log_softmax", f_log_softmax, NULL, 1, { { 2, { 4, 6 } } } },
  { "cross_entropy", f_cross_entropy, NULL, 1, { { 2, { 6, 5 } } } },
  { "mse", f_mse, NULL, 2, { { 2, { 5, 1 } }, { 2, { 5, 1 } } } },
  { "sq_euclidean", f_sqeuclid, NULL, 2, { { 2, { 4, 6 } }, { 2, { 3, 6 } } } },
  { "cosine_similarity", f_cosine, NULL, 2, { { 2, { 4, 6 } }, { 2, { 3, 6 } } } },
  { "slice_rows", f_slice, NULL, 1, { { 3, { 4, 2, 3 } } } },
  { "pad_rows", f_pad, NULL, 1, { { 2, { 3, 4 } } } },
  { "concat_rows", f_concat, NULL, 2, { { 2, { 2, 3 } }, { 2, { 4, 3 } } } },
  { "nll of log softmax", f_nll, NULL, 1, { { 2, { 6, 5 } } } },
  { "grad_reverse", f_grad_reverse, NULL, 1, { { 2, { 3, 4 }, GC_SMALL } } },
  { "multilinear_map", f_multilinear, NULL, 2, { { 2, { 4, 3 } }, { 2, { 4, 5 } } } },
  { "binary_cross_entropy", f_bce, NULL, 1, { { 2, { 6, 1 } } } },
  { "binary_cross_entropy weighted", f_bce, bce_weights, 1, { { 1, { 6 } } } },
  { "mmd2 doubling bandwidths", f_mmd2, &mmd_doubling, 2, { { 2, { 4, 3 } }, { 2, { 5, 3 } } } },
  { "mmd2 spread bandwidths", f_mmd2, &mmd_spread, 2, { { 2, { 3, 4 } }, { 2, { 2, 4 } } } },
  { "conv block", f_flatten_chain, NULL, 5,
    { { 4, { 3, 4, 4, 2 } }, { 4, { 3, 3, 3, 2 } }, { 1, { 3 } }, { 1, { 3 } }, { 2, { 12, 2 } } } },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  GcReport r1 = { 0 }, r2 = { 0 };
  int f1 = gc_check_first (c->name, c->f, c->ctx, c->in, c->n, 1234, &r1);
  int f2 = gc_check_second (c->name, c->f, c->ctx, c->in, c->n, 5678, &r2);
  g_test_message ("%s: first order %d checked, worst rel %.2e; second order %d checked, worst rel %.2e",
                  c->name, r1.checked, r1.max_rel_error, r2.checked, r2.max_rel_error);
  g_assert_cmpint (f1, ==, 0);
  g_assert_cmpint (f2, ==, 0);
}

/* The checker itself must be able to fail: a deliberately wrong derivative. */
static MwTensor *
f_wrong_exp (MwTape *t, MwTensor **x, const void *c)
{
  /* exp(x) computed as exp(x) with a detached factor: the gradient misses a term. */
  MwTensor *e = mw_exp (t, x[0]);
  MwTensor *frozen = mw_detach (t, e, false);
  return mw_mul (t, e, frozen);
}

static void
test_checker_catches_errors (void)
{
  GcInput in = { 2, { 3, 4 }, GC_SMALL };
  GcReport r = { 0 };
  g_test_message ("expecting mismatch reports below:");
  int fails = gc_check_first ("deliberately wrong", f_wrong_exp, NULL, &in, 1, 99, &r);
  g_assert_cmpint (fails, >, 0);
}

/* The fused block tail against the separate ops it replaces, at Conv4's scale: the
 * same forward bits, and first and second derivatives that agree (the finite-difference
 * checks above use tiny shapes; this one has many windows and rows per feature). */
static void
fill (MwTensor *t, MwRng *rng, float lo, float hi, bool normal)
{
  for (size_t i = 0; i < t->numel; i++)
    t->data[i] = normal ? mw_rng_normal (rng) : mw_rng_uniform_range (rng, lo, hi);
}

static void
bn_relu_pool_derivatives (bool fused, MwTensor **in, MwTensor *r, MwTensor *const *v,
                          float *out, size_t *n_out)
{
  MwTape *t = mw_tape_new ();
  MwTensor *y = fused ? mw_bn_relu_pool (t, in[0], in[1], in[2], 1e-5f, 2, NULL, NULL)
                      : f_bn_relu_pool_ops (t, in, NULL);
  MwTensor *loss = mw_sum (t, mw_mul (t, y, r));
  MwTensor *g[3], *gg[3], *g1[3];
  /* First order alone: the fused backward kernel. */
  g_assert_true (mw_grad (t, loss, NULL, in, 3, false, g1, NULL));
  /* Recorded (the separate ops), then differentiated again. */
  g_assert_true (mw_grad (t, loss, NULL, in, 3, true, g, NULL));
  MwTensor *h = NULL;
  for (int i = 0; i < 3; i++)
    {
      MwTensor *term = mw_sum (t, mw_mul (t, g[i], v[i]));
      h = h == NULL ? term : mw_add (t, h, term);
    }
  g_assert_true (mw_grad (t, h, NULL, in, 3, false, gg, NULL));
  size_t k = 0;
  for (size_t j = 0; j < y->numel; j++)
    out[k++] = y->data[j];
  for (int i = 0; i < 3; i++)
    for (size_t j = 0; j < g1[i]->numel; j++)
      out[k++] = g1[i]->data[j];
  for (int i = 0; i < 3; i++)
    for (size_t j = 0; j < g[i]->numel; j++)
      out[k++] = g[i]->data[j];
  for (int i = 0; i < 3; i++)
    for (size_t j = 0; j < gg[i]->numel; j++)
      out[k++] = gg[i]->data[j];
  *n_out = k;
  mw_tape_free (t);
}

static void
test_bn_relu_pool_matches_ops (void)
{
  MwRng rng;
  mw_rng_init (&rng, 21, 0);
  MwTensor *in[3] = { mw_tensor_new4 (6, 7, 7, 16), mw_tensor_new4 (16, 0, 0, 0),
                      mw_tensor_new4 (16, 0, 0, 0) };
  fill (in[0], &rng, 0, 0, true);
  fill (in[1], &rng, 0.5f, 2.0f, false);
  fill (in[2], &rng, 0, 0, true);
  MwTensor *r = mw_tensor_new4 (6, 3, 3, 16), *v[3];
  fill (r, &rng, 0, 0, true);
  for (int i = 0; i < 3; i++)
    {
      in[i]->requires_grad = true;
      v[i] = mw_tensor_new_like (in[i]);
      fill (v[i], &rng, 0, 0, true);
    }
  size_t cap = 20000, n1 = 0, n2 = 0, n_y = r->numel;
  float *a = g_new (float, cap), *b = g_new (float, cap);
  bn_relu_pool_derivatives (true, in, r, v, a, &n1);
  bn_relu_pool_derivatives (false, in, r, v, b, &n2);
  g_assert_cmpuint (n1, ==, n2);
  g_assert_cmpuint (n1, <, cap);
  double worst = 0;
  for (size_t k = 0; k < n1; k++)
    {
      if (k < n_y)
        g_assert_cmpfloat (a[k], ==, b[k]);
      double err = fabs ((double) a[k] - b[k]) / (fabs ((double) a[k]) + fabs ((double) b[k]) + 1e-3);
      worst = MAX (worst, err);
    }
  g_test_message ("bn_relu_pool vs separate ops: %zu values, worst relative difference %.2e", n1, worst);
  g_assert_cmpfloat (worst, <, 1e-4);
  for (int i = 0; i < 3; i++)
    {
      mw_tensor_free (in[i]);
      mw_tensor_free (v[i]);
    }
  mw_tensor_free (r);
  g_free (a);
  g_free (b);
}

/* A Conv4 block's inputs x, w, bias, γ, β (n images of size × size × c, 16 filters),
 * the weights r of its output and the directions v of the second derivative; the
 * derivatives are taken for in[first…4] (first = 1: the images are data). */
typedef struct {
  MwTensor *in[5], *r, *v[5];
  int first;
} BlockCase;

static void
block_case_init (BlockCase *bc, uint64_t seed, int n, int size, int c)
{
  MwRng rng;
  mw_rng_init (&rng, seed, 0);
  const int in_shapes[5][4] = { { n, size, size, c }, { 16, 3, 3, c }, { 16 }, { 16 }, { 16 } };
  bc->r = mw_tensor_new4 (n, size / 2, size / 2, 16);
  fill (bc->r, &rng, 0, 0, true);
  for (int i = 0; i < 5; i++)
    {
      const int *sh = in_shapes[i];
      bc->in[i] = mw_tensor_new4 (sh[0], sh[1], sh[2], sh[3]);
      fill (bc->in[i], &rng, 0.5f, 2.0f, i != 3);
      bc->in[i]->requires_grad = true;
    }
  for (int i = 0; i < 5; i++)
    {
      bc->v[i] = mw_tensor_new_like (bc->in[i]);
      fill (bc->v[i], &rng, 0, 0, true);
    }
  bc->first = 0;
}

static void
block_case_clear (BlockCase *bc)
{
  for (int i = 0; i < 5; i++)
    {
      mw_tensor_free (bc->in[i]);
      mw_tensor_free (bc->v[i]);
    }
  mw_tensor_free (bc->r);
}

/* f's value, second derivative (recorded backward, then backward again), gradient
 * from a plain pass and from a consuming pass, appended to out in that order. */
static size_t
block_values (GcFunc f, BlockCase *bc, float *out)
{
  MwTensor **in = bc->in, **wrt = bc->in + bc->first;
  const int n_wrt = 5 - bc->first;
  size_t k = 0;
  for (int pass = 0; pass < 3; pass++)
    {
      MwTape *t = mw_tape_new ();
      MwTensor *y = f (t, in, NULL);
      MwTensor *loss = mw_sum (t, mw_mul (t, y, bc->r));
      MwTensor *g[5], *gg[5];
      if (pass == 0)
        {
          for (size_t j = 0; j < y->numel; j++)
            out[k++] = y->data[j];
          g_assert_true (mw_grad (t, loss, NULL, wrt, n_wrt, true, g, NULL));
          MwTensor *h = NULL;
          for (int i = 0; i < n_wrt; i++)
            {
              MwTensor *term = mw_sum (t, mw_mul (t, g[i], bc->v[bc->first + i]));
              h = h == NULL ? term : mw_add (t, h, term);
            }
          g_assert_true (mw_grad (t, h, NULL, wrt, n_wrt, false, gg, NULL));
          for (int i = 0; i < n_wrt; i++)
            for (size_t j = 0; j < gg[i]->numel; j++)
              out[k++] = gg[i]->data[j];
        }
      else
        {
          if (pass == 1)
            g_assert_true (mw_grad (t, loss, NULL, wrt, n_wrt, false, g, NULL));
          else
            g_assert_true (mw_grad_consuming (t, loss, NULL, wrt, n_wrt, g, NULL));
          for (int i = 0; i < n_wrt; i++)
            for (size_t j = 0; j < g[i]->numel; j++)
              out[k++] = g[i]->data[j];
        }
      mw_tape_free (t);
    }
  return k;
}

/* block_values on one worker and on three: the same count, and how many differ. */
static size_t
block_values_differ_by_workers (GcFunc f, BlockCase *bc, float *a, float *b, size_t cap,
                                size_t *n)
{
  mw_op_threads_set (1);
  size_t n1 = block_values (f, bc, a);
  mw_op_threads_set (3);
  size_t n3 = block_values (f, bc, b);
  mw_op_threads_set (1);
  g_assert_cmpuint (n1, ==, n3);
  g_assert_cmpuint (n1, <=, cap);
  size_t differ = 0;
  for (size_t k = 0; k < n1; k++)
    differ += memcmp (&a[k], &b[k], sizeof (float)) != 0;
  *n = n1;
  return differ;
}

/* The plain and the consuming pass's gradients (the last 2 × tail values) agree. */
static void
assert_consuming_matches (const BlockCase *bc, const float *values, size_t n)
{
  size_t tail = 0;
  for (int i = bc->first; i < 5; i++)
    tail += bc->in[i]->numel;
  for (size_t j = 0; j < tail; j++)
    g_assert_cmpfloat (values[n - 2 * tail + j], ==, values[n - tail + j]);
}

/* Ops split over workers (mw_op_parallel) give the same bits on one worker and on
 * three: chunks and the order of partial sums follow the shapes alone.  A Conv4 block
 * (convolution with bias, then the fused tail) at a size cut into several chunks. */
static void
test_split_over_workers (void)
{
  BlockCase bc;
  block_case_init (&bc, 22, 40, 14, 8);
  size_t cap = 400000, n;
  float *a = g_new (float, cap), *b = g_new (float, cap);
  size_t differ = block_values_differ_by_workers (f_conv_block_ops, &bc, a, b, cap, &n);
  g_test_message ("Conv4 block on 1 and 3 workers: %zu values, %zu differ", n, differ);
  g_assert_cmpuint (differ, ==, 0);
  /* The consuming pass writes the tail's input gradient over the convolution's
   * output: the same gradients as the plain pass. */
  assert_consuming_matches (&bc, a, n);
  /* As Conv4 runs the block: the moments taken by the convolution and given to the
   * tail; the same bits on 1 and 3 workers, and the separate ops' values. */
  float *given = g_new (float, cap);
  differ = block_values_differ_by_workers (f_conv_given, &bc, given, b, cap, &n);
  g_assert_cmpuint (differ, ==, 0);
  double worst = 0;
  for (size_t k = 0; k < n; k++)
    worst = MAX (worst, fabs ((double) given[k] - a[k]) / (fabs ((double) given[k]) + fabs ((double) a[k]) + 1e-3));
  g_test_message ("moments given by the convolution against the tail's own: worst relative "
                  "difference %.2e", worst);
  g_assert_cmpfloat (worst, <, 1e-4);
  g_free (given);
  block_case_clear (&bc);
  g_free (a);
  g_free (b);
}

/* The whole-block op (convolution recomputed a chunk at a time) against the
 * convolution and the fused tail, at a size cut into many chunks, on one worker and
 * on three. */
static void
test_conv_block_matches_ops (void)
{
  /* 30 images keep their im2col matrix for all the passes; 64 of 28 × 28 × 3 (1.35M
   * floats of it) build it a chunk at a time in each. */
  static const int block_cases[2][4] = { { 23, 30, 13, 3 }, { 24, 64, 28, 3 } };
  /* Each with the images differentiated and as data (Conv4's first layer: then the
   * backward takes the weight gradient without the convolution's output). */
  for (int c = 0; c < 4; c++)
    {
      BlockCase bc;
      const int *bcase = block_cases[c / 2];
      block_case_init (&bc, bcase[0], bcase[1], bcase[2], bcase[3]);
      bc.first = c % 2;
      size_t cap = 2000000, n, n_ops;
      float *a = g_new (float, cap), *b = g_new (float, cap), *ops = g_new (float, cap);
      size_t differ = block_values_differ_by_workers (f_conv_block, &bc, a, b, cap, &n);
      g_assert_cmpuint (differ, ==, 0);
      assert_consuming_matches (&bc, a, n);
      n_ops = block_values (f_conv_block_ops, &bc, ops);
      g_assert_cmpuint (n, ==, n_ops);
      /* Value and gradients within 1e-4; the second derivative (the separate ops'
       * form, recomputed, at statistics summed in another order) within 1e-3. */
      size_t tail = 0;
      for (int i = bc.first; i < 5; i++)
        tail += bc.in[i]->numel;
      const size_t second0 = bc.r->numel, second1 = second0 + tail;
      /* Relative to each value, with a floor of 1% of the largest (so, below 1e-4,
       * within 1e-6 of the largest): the weight gradient of 64 × 28 × 28 images sums
       * 50,176 rows, and its small entries are differences of large terms (float
       * rounding of 3.6e-5 on an entry of 0.037 beside entries of 30). */
      double scale = 0;
      for (size_t k = 0; k < n; k++)
        scale = MAX (scale, fabs ((double) ops[k]));
      double worst = 0, worst_second = 0;
      for (size_t k = 0; k < n; k++)
        {
          double err = fabs ((double) a[k] - ops[k])
                       / (fabs ((double) a[k]) + fabs ((double) ops[k]) + MAX (1e-3, 1e-2 * scale));
          if (k >= second0 && k < second1)
            worst_second = MAX (worst_second, err);
          else
            worst = MAX (worst, err);
        }
      g_test_message ("conv_bn_relu_pool vs conv2d_bias + bn_relu_pool, %d images of %d x %d%s: "
                      "%zu values, worst relative difference %.2e (second derivative %.2e); "
                      "the same bits on 1 and 3 workers", bcase[1], bcase[2], bcase[2],
                      c % 2 == 0 ? "" : " (data)", n, worst, worst_second);
      g_assert_cmpfloat (worst, <, 1e-4);
      g_assert_cmpfloat (worst_second, <, 1e-3);
      block_case_clear (&bc);
      g_free (a);
      g_free (b);
      g_free (ops);
    }
}

/* The moments mw_conv2d_bias_moments takes per image as it writes its output against
 * mw_feature_moments' two passes over that output, for an im2col and a Winograd
 * convolution (values far from zero: the one-pass variance is taken about the bias),
 * and the same bits on one worker and on three. */
static void
test_conv_moments (void)
{
  static const int shapes[2][5] = { { 90, 28, 28, 1, 16 }, { 40, 7, 7, 16, 24 } };
  for (int s = 0; s < 2; s++)
    {
      const int *sh = shapes[s];
      MwRng rng;
      mw_rng_init (&rng, 31 + s, 0);
      MwTensor *x = mw_tensor_new4 (sh[0], sh[1], sh[2], sh[3]);
      MwTensor *w = mw_tensor_new4 (sh[4], 3, 3, sh[3]);
      MwTensor *bias = mw_tensor_new4 (sh[4], 0, 0, 0);
      fill (x, &rng, 0.5f, 1.5f, false);
      fill (w, &rng, 0, 0, true);
      fill (bias, &rng, 20.0f, 40.0f, false);
      float mean[2][64], var[2][64], ref_mean[64], ref_var[64];
      for (int run = 0; run < 2; run++)
        {
          mw_op_threads_set (run == 0 ? 1 : 3);
          MwTape *t = mw_tape_new ();
          MwTensor *y = mw_conv2d_bias_moments (t, x, w, bias, (MwConvGeom) { 1, 1 }, mean[run],
                                                var[run]);
          if (run == 0)
            mw_feature_moments (y, ref_mean, ref_var);
          mw_tape_free (t);
        }
      mw_op_threads_set (1);
      g_assert_cmpmem (mean[0], sizeof (float) * sh[4], mean[1], sizeof (float) * sh[4]);
      g_assert_cmpmem (var[0], sizeof (float) * sh[4], var[1], sizeof (float) * sh[4]);
      double worst_mean = 0, worst_var = 0;
      for (int j = 0; j < sh[4]; j++)
        {
          worst_mean = MAX (worst_mean, fabs ((double) mean[0][j] - ref_mean[j]) / fabs (ref_mean[j]));
          worst_var = MAX (worst_var, fabs ((double) var[0][j] - ref_var[j]) / ref_var[j]);
        }
      g_test_message ("%dx%dx%dx%d -> %d: moments against two passes, worst relative "
                      "difference mean %.1e, variance %.1e", sh[0], sh[1], sh[2], sh[3], sh[4],
                      worst_mean, worst_var);
      g_assert_cmpfloat (worst_mean, <, 1e-6);
      g_assert_cmpfloat (worst_var, <, 1e-5);
      mw_tensor_free (x);
      mw_tensor_free (w);
      mw_tensor_free (bias);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mw_core_set_threads (1);
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char *path = g_strdup_printf ("/ops/gradients/%s", cases[i].name);
      for (char *p = path; *p; p++)
        if (*p == ' ')
          *p = '-';
      g_test_add_data_func (path, &cases[i], test_case);
      g_free (path);
    }
  g_test_add_func ("/ops/gradients/checker-catches-errors", test_checker_catches_errors);
  g_test_add_func ("/ops/bn-relu-pool-matches-ops", test_bn_relu_pool_matches_ops);
  g_test_add_func ("/ops/split-over-workers", test_split_over_workers);
  g_test_add_func ("/ops/conv-block-matches-ops", test_conv_block_matches_ops);
  g_test_add_func ("/ops/conv-moments", test_conv_moments);
  return g_test_run ();
}
