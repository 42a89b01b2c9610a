/* mw-ops.h: differentiable operations.
 *
 * Every op takes the tape that will own its result and returns a new temporary.  Each
 * op's backward is written with these same ops, so gradients are differentiable too
 * (mw_bn_relu_pool's twice: enough for second-order MAML).  Shapes follow NumPy broadcasting.  Images are NHWC (batch, height, width, channels):
 * im2col rows are then contiguous and a convolution is a GEMM per block of images. */
#pragma once

#include "mw-tape.h"

/* Elementwise with broadcasting. */
MwTensor *mw_add (MwTape *tape, MwTensor *a, MwTensor *b);
MwTensor *mw_sub (MwTape *tape, MwTensor *a, MwTensor *b);
MwTensor *mw_mul (MwTape *tape, MwTensor *a, MwTensor *b);
/* a * s + c for constants s, c. */
MwTensor *mw_affine_scalar (MwTape *tape, MwTensor *a, float s, float c);
MwTensor *mw_scale (MwTape *tape, MwTensor *a, float s);
MwTensor *mw_neg (MwTape *tape, MwTensor *a);
MwTensor *mw_square (MwTape *tape, MwTensor *a);
MwTensor *mw_exp (MwTape *tape, MwTensor *a);
MwTensor *mw_log (MwTape *tape, MwTensor *a);
/* 1/sqrt(a). */
MwTensor *mw_rsqrt (MwTape *tape, MwTensor *a);
MwTensor *mw_relu (MwTape *tape, MwTensor *a);
/* g where x > 0, else 0: ReLU's backward, differentiable in g. */
MwTensor *mw_relu_mask (MwTape *tape, MwTensor *g, MwTensor *x);

/* Shape. */
MwTensor *mw_reshape (MwTape *tape, MwTensor *a, int ndim, const int *shape);
/* [N, ...] -> [N, prod(...)]. */
MwTensor *mw_flatten (MwTape *tape, MwTensor *a);
/* Repeats a along its size-1 (or missing leading) dims up to shape. */
MwTensor *mw_expand (MwTape *tape, MwTensor *a, int ndim, const int *shape);
/* Sums a down to shape (the inverse of mw_expand; shape must broadcast to a). */
MwTensor *mw_sum_to (MwTape *tape, MwTensor *a, int ndim, const int *shape);
MwTensor *mw_mean_to (MwTape *tape, MwTensor *a, int ndim, const int *shape);

/* Rows [start, start + count) of a (along dim 0), and its adjoint: a placed at row
 * start of zeros with `rows` rows. */
MwTensor *mw_slice_rows (MwTape *tape, MwTensor *a, int start, int count);
MwTensor *mw_pad_rows (MwTape *tape, MwTensor *a, int start, int rows);
/* Rows of a and b stacked (dim 0); the other dims must agree. */
MwTensor *mw_concat_rows (MwTape *tape, MwTensor *a, MwTensor *b);

/* Reductions. */
MwTensor *mw_sum (MwTape *tape, MwTensor *a);                 /* scalar [1] */
MwTensor *mw_mean (MwTape *tape, MwTensor *a);                /* scalar [1] */
MwTensor *mw_sum_axis (MwTape *tape, MwTensor *a, int axis, bool keepdim);
MwTensor *mw_mean_axis (MwTape *tape, MwTensor *a, int axis, bool keepdim);

/* op(a) · op(b) for 2-D a, b, op = transpose when the flag is set (cblas_sgemm). */
MwTensor *mw_matmul_ex (MwTape *tape, MwTensor *a, MwTensor *b, bool trans_a, bool trans_b);
MwTensor *mw_matmul (MwTape *tape, MwTensor *a, MwTensor *b);

/* Convolution, NHWC input [N, H, W, C], weight [OC, KH, KW, C], output
 * [N, OH, OW, OC]; im2col + sgemm, a block of images at a time. */
typedef struct MwConvGeom {
  int stride;
  int pad;
} MwConvGeom;
MwTensor *mw_conv2d (MwTape *tape, MwTensor *x, MwTensor *w, MwConvGeom geom);
/* conv2d + bias [OC] in one pass (the product starts from the bias). */
MwTensor *mw_conv2d_bias (MwTape *tape, MwTensor *x, MwTensor *w, MwTensor *bias,
                          MwConvGeom geom);
/* mw_conv2d_bias that also gives its output's per-channel batch mean and biased
 * variance (oc floats each; no grad), summed per image while each block of the output
 * is still in cache: batch norm then needs no passes of its own (mw_bn_relu_pool_given). */
MwTensor *mw_conv2d_bias_moments (MwTape *tape, MwTensor *x, MwTensor *w, MwTensor *bias,
                                  MwConvGeom geom, float *mean, float *var);
/* Its two adjoints (the backward pass, also differentiable). */
MwTensor *mw_conv2d_input_grad (MwTape *tape, MwTensor *gy, MwTensor *w,
                                const int *x_shape, MwConvGeom geom);
MwTensor *mw_conv2d_weight_grad (MwTape *tape, MwTensor *x, MwTensor *gy,
                                 const int *w_shape, MwConvGeom geom);

/* Max-pool over size×size windows with the same stride, NHWC; floor of odd sizes. */
MwTensor *mw_max_pool2d (MwTape *tape, MwTensor *x, int size);
/* out[i] = a[index[i]] (output shape given), and its adjoint out[index[i]] += a[i]. */
MwTensor *mw_gather (MwTape *tape, MwTensor *a, const int32_t *index,
                     int ndim, const int *shape);
MwTensor *mw_scatter_add (MwTape *tape, MwTensor *a, const int32_t *index,
                          int ndim, const int *shape);

/* Batch normalisation with batch statistics: normalises every feature (last dim) over
 * all other dims, x̂ = (x − mean) / sqrt(var + eps).  Scale and shift are separate
 * broadcast ops (mw_batch_norm does all three). */
MwTensor *mw_normalize (MwTape *tape, MwTensor *x, float eps);
MwTensor *mw_batch_norm (MwTape *tape, MwTensor *x, MwTensor *gamma, MwTensor *beta, float eps);
/* Batch norm with fixed statistics (running mean/var): an affine op. */
MwTensor *mw_batch_norm_fixed (MwTape *tape, MwTensor *x, MwTensor *gamma, MwTensor *beta,
                               const float *mean, const float *var, float eps);
/* The tail of a Conv4 block in one op: max-pool (size × size, floor) of
 * ReLU(batch_norm(x, gamma, beta)) with batch statistics, NHWC.  It keeps only x, the
 * statistics and the pooling choices instead of four full-size intermediates, and its
 * backward is one pass.  Under a recorded backward (second order) each gradient is one
 * node whose own backward differentiates the separate ops' form: twice differentiable,
 * which is what MAML needs; a third derivative aborts.  mean_out and var_out (NULL or
 * one float per channel) get the batch statistics. */
MwTensor *mw_bn_relu_pool (MwTape *tape, MwTensor *x, MwTensor *gamma, MwTensor *beta,
                           float eps, int size, float *mean_out, float *var_out);
/* mw_bn_relu_pool with x's batch statistics given (mean and biased variance per
 * channel, as mw_conv2d_bias_moments gives them); its gradients still treat them as
 * functions of x. */
MwTensor *mw_bn_relu_pool_given (MwTape *tape, MwTensor *x, MwTensor *gamma, MwTensor *beta,
                                 float eps, int size, const float *mean, const float *var);
/* A whole Conv4 block in one op: mw_bn_relu_pool of mw_conv2d_bias (x, w, bias; bias
 * required), which keeps only x and the output (and x̂ at the pooling windows' maxima)
 * and recomputes the convolution a chunk of images at a time in each pass that needs
 * it, so its output never exists in full: for blocks where that output is large.  With
 * few input columns (kh·kw·c ≤ 32: Conv4's first layer) only the pooling pass needs
 * it: the moments come from the im2col columns' covariance, and, when x needs no
 * gradient, the weight gradient from the pooled gradient (mw-ops-conv-block.c).
 * mean_out and var_out (NULL or f floats) get the batch statistics.  Under a recorded
 * backward its gradients are the separate ops' (twice differentiable). */
MwTensor *mw_conv_bn_relu_pool (MwTape *tape, MwTensor *x, MwTensor *w, MwTensor *bias,
                                MwTensor *gamma, MwTensor *beta, MwConvGeom geom, float eps,
                                int size, float *mean_out, float *var_out);
/* Per-feature mean and biased variance over all but the last dim (no grad). */
void mw_feature_moments (const MwTensor *x, float *mean, float *var);

/* Along the last dim. */
MwTensor *mw_softmax (MwTape *tape, MwTensor *a);
MwTensor *mw_log_softmax (MwTape *tape, MwTensor *a);

/* Losses (scalars). labels[i] in [0, classes). */
MwTensor *mw_cross_entropy (MwTape *tape, MwTensor *logits, const int32_t *labels);
MwTensor *mw_mse (MwTape *tape, MwTensor *pred, MwTensor *target);
/* −mean(log_probs[i, labels[i]]) for log-probabilities [rows, classes]. */
MwTensor *mw_nll (MwTape *tape, MwTensor *log_probs, const int32_t *labels);

/* Pairwise for a [N, D] and b [M, D]: result [N, M]. */
MwTensor *mw_sq_euclidean (MwTape *tape, MwTensor *a, MwTensor *b);
MwTensor *mw_cosine_similarity (MwTape *tape, MwTensor *a, MwTensor *b, float eps);

/* No-grad helpers. */
int mw_argmax_row (const MwTensor *a, int row);
/* Fraction of rows whose argmax equals labels[row]. */
float mw_accuracy (const MwTensor *logits, const int32_t *labels);

/* Domain adaptation (DESIGN.md, "Domain adaptation ops").
 *
 * Gradient reversal: the identity forward (a view of a), −λ · the gradient backward, so
 * one backward pass trains a domain discriminator on its loss and the features
 * against it (DANN).  Recorded backwards reverse again: second derivatives carry λ². */
MwTensor *mw_grad_reverse (MwTape *tape, MwTensor *a, float lambda);

/* CDAN's multilinear map of class probabilities p [N, C] and features f [N, D]:
 * out[i, c·D + j] = p[i, c] · f[i, j], [N, C·D], differentiable in both. */
MwTensor *mw_multilinear_map (MwTape *tape, MwTensor *p, MwTensor *f);

/* CDAN+E's weights w[i] = 1 + e^(−H(p_i)), H the entropy (natural log) of row i of
 * probabilities p [N, C]: confident rows count more.  No grad (constants). */
void mw_entropy_weights (const MwTensor *p, float *weights);

/* Binary cross-entropy of one logit per row ([N] or [N, 1]) against labels 0/1:
 * Σ w_i · (log(1 + e^z_i) − y_i · z_i) / Σ w_i, weights NULL for the plain mean
 * (else N values ≥ 0 with a positive sum; constants).  Built on the two-class
 * log-softmax of [0, z], so it is stable for any z. */
MwTensor *mw_binary_cross_entropy (MwTape *tape, MwTensor *logits, const int32_t *labels,
                                   const float *weights);
/* Fraction of rows with (z > 0) == labels[row]. */
float mw_binary_accuracy (const MwTensor *logits, const int32_t *labels);

/* Multi-kernel Gaussian MMD² between feature batches x [n, D] and y [m, D] (n, m ≥ 2,
 * n + m ≤ MW_MMD_MAX_ROWS): the unbiased quadratic estimator (U-statistic)
 *   1/(n(n−1)) Σ_{i≠j} k(x_i, x_j) + 1/(m(m−1)) Σ_{i≠j} k(y_i, y_j)
 *   − 2/(nm) Σ_{i,j} k(x_i, y_j),   k(a, b) = Σ_k exp(−‖a − b‖² / γ_k),
 * a scalar [1] differentiable in x and y (any order).  Its expectation is the
 * distributions' MMD², 0 for one distribution at any batch size (so it may come out
 * slightly below 0).  Bandwidths γ_k are scale[k], or scale[k] × the median pairwise
 * squared distance of the pooled rows when relative (the median a constant: no
 * gradient through it).  kernels NULL: mw_mmd_default_kernels.  median_out (NULL or
 * one float) gets the squared distance relative scales multiplied: the median, or
 * where that is 0 the mean (1 if all rows coincide); 0 when the scales are absolute. */
#define MW_MMD_MAX_KERNELS 16
#define MW_MMD_MAX_ROWS 4096
typedef struct MwMmdKernels {
  int count;                          /* 1 … MW_MMD_MAX_KERNELS */
  float scale[MW_MMD_MAX_KERNELS];    /* finite, > 0 */
  bool relative;                      /* scale × the median squared distance */
} MwMmdKernels;
/* 1/4, 1/2, 1, 2 and 4 × the median. */
extern const MwMmdKernels mw_mmd_default_kernels;
MwTensor *mw_mmd2 (MwTape *tape, MwTensor *x, MwTensor *y, const MwMmdKernels *kernels,
                   float *median_out);
/* Gaussians (mw-ops-gaussian.c), for probabilistic learners. */
#include "mw-rng.h"
/* 1 / (1 + e^−a) and log(1 + e^a), elementwise. */
MwTensor *mw_sigmoid (MwTape *tape, MwTensor *a);
MwTensor *mw_softplus (MwTape *tape, MwTensor *a);
/* −log N(y | μ, σ²) per element (μ's shape; y may be any shape of as many elements). */
MwTensor *mw_gaussian_nll (MwTape *tape, MwTensor *y, MwTensor *mu, MwTensor *sigma);
/* KL(N(μq, σq²) ‖ N(μp, σp²)) per element of diagonal Gaussians: sum it for the
 * divergence of the whole distribution. */
MwTensor *mw_gaussian_kl (MwTape *tape, MwTensor *mu_q, MwTensor *sigma_q, MwTensor *mu_p,
                          MwTensor *sigma_p);
/* z = μ + σ·ε, ε ~ N(0, 1) drawn from rng in row-major order: differentiable in μ and σ
 * (the reparameterisation), the same bits for the same stream. */
MwTensor *mw_gaussian_sample (MwTape *tape, MwTensor *mu, MwTensor *sigma, MwRng *rng);
