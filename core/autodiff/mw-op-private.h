/* mw-op-private.h: what the ops and the autograd engine share: graph nodes and the
 * helper that allocates an op's output and records its node. */
#pragma once

#include "mw-ops.h"

#include <glib.h>

/* Memory-bound loops over channels (transforms, batch-norm passes, reductions) get
 * copies for wider vectors, picked when the program loads by what the CPU has.  The
 * results are the same bits in every copy: ISO C mode contracts no multiply-adds and
 * the vectoriser keeps the order of float sums. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
#define MW_VECTOR_CLONES __attribute__ ((target_clones ("avx512f", "avx2", "default")))
#else
#define MW_VECTOR_CLONES
#endif

/* Inputs that get gradients come first (n_inputs); the rest are saved tensors the
 * backward reads. */
#define MW_NODE_MAX_INPUTS 5

/* Computes the gradients of the node's inputs from gout, the gradient of its output,
 * using recordable ops (so the result is differentiable when recording is on).
 * needs[i] says which inputs want a gradient; gin[i] is preset to NULL, and NULL on
 * return means zero. */
typedef void (*MwBackwardFunc) (MwTape *tape, MwNode *node, MwTensor *gout,
                                const bool *needs, MwTensor **gin);

typedef struct MwOpDef {
  const char *name;
  MwBackwardFunc backward;
  /* The backward never reads the op's output, so a consuming pass does not hold the
   * output for it (the convolutions: their consumer may then overwrite it). */
  bool output_unread;
} MwOpDef;

struct MwNode {
  const MwOpDef *op;
  /* Creation order on the tape: the backward pass goes through nodes newest first. */
  uint64_t seq;
  int n_inputs;
  MwTensor *inputs[MW_NODE_MAX_INPUTS];
  MwTensor *out;
  /* Op-specific saved state, all tape-owned. */
  const int32_t *index;
  const uint8_t *index8;   /* small indices (a max-pool window's position) */
  int iarg[MW_MAX_DIMS + 2];
  float farg[2];
  float *saved;
};

/* Allocates the output of op on the tape; records a node when the tape records and an
 * input requires grad (then out->node is set and the caller fills its saved state). */
MwTensor *mw_op_output (MwTape *tape, const MwOpDef *op, int ndim, const int *shape,
                        MwTensor *const *inputs, int n_inputs);

/* During a consuming backward pass (mw_grad_consuming): true when the node whose
 * backward runs now is the last reader of t's buffer, which is released right after
 * it, so the backward may write its result over t (then returning a view of t made
 * with mw_detach keeps the buffer alive as that result). */
bool mw_tape_last_use (const MwTape *tape, const MwTensor *t);

/* A new node for out (tape-owned, zeroed but for op, seq and out). */
MwNode *mw_tape_new_node (MwTape *tape, const MwOpDef *op, MwTensor *out);

/* Aborts with the op name and both shapes: shape errors are programming errors. */
G_NORETURN void mw_shape_error (const char *op, const MwTensor *a, const MwTensor *b,
                                const char *what);

/* True when recording and any of the tensors requires grad. */
bool mw_tape_would_record (const MwTape *tape, MwTensor *const *inputs, int n);

/* Per-feature reductions over rows are cut into chunks fixed by the number of rows
 * alone (at least 1024 rows, at most 64 chunks) and their partial sums added in chunk
 * order, so ops split over workers (mw_op_parallel) give the same bits at any count. */
static inline size_t
mw_rows_per_chunk (size_t rows)
{
  return MAX ((size_t) 1024, (rows + 63) / 64);
}

/* Convolution for the images [n0, n0 + count) of x only, on the calling thread, for
 * ops that recompute a convolution a chunk at a time: y (the chunk's output rows), gx
 * (the chunk's input gradient, overwritten) and gw (= beta · gw + the chunk's weight
 * gradient) start at the chunk; scratch holds mw_conv_chunk_scratch floats. */
size_t mw_conv_chunk_scratch (const int *x_shape, const int *w_shape, MwConvGeom geom);
void mw_conv_chunk_forward (const MwTensor *x, const MwTensor *w, const float *bias,
                            MwConvGeom geom, int n0, int count, float *y, float *scratch);
void mw_conv_chunk_input_grad (const float *gy, const MwTensor *w, const int *x_shape,
                               MwConvGeom geom, int n0, int count, float *gx, float *scratch);
void mw_conv_chunk_weight_grad (const MwTensor *x, const float *gy, const int *w_shape,
                                MwConvGeom geom, int n0, int count, float beta, float *gw,
                                float *scratch);

/* A convolution with few input columns (kh · kw · c ≤ MW_CONV_THIN_K: Conv4's first
 * layer) whose op runs it several times over the same images keeps its whole im2col
 * matrix (9 floats per output pixel there) instead of building it again each time:
 * cols has mw_conv_cols_floats floats, rows in (n, oh, ow) order; the products then
 * take the rows of a chunk: y = bias + cols · wᵀ, gw = beta · gw + gyᵀ · cols. */
#define MW_CONV_THIN_K 32
bool mw_conv_keeps_cols (const int *x_shape, const int *w_shape, MwConvGeom geom);
size_t mw_conv_cols_floats (const int *x_shape, const int *w_shape, MwConvGeom geom);
void mw_conv_cols (const MwTensor *x, const int *w_shape, MwConvGeom geom, float *cols);
/* The rows of images [n0, n0 + count) only. */
void mw_conv_chunk_cols (const MwTensor *x, const int *w_shape, MwConvGeom geom, int n0,
                         int count, float *cols);
void mw_conv_cols_forward (const float *cols, const MwTensor *w, const float *bias, size_t rows,
                           float *y);
void mw_conv_cols_weight_grad (const float *cols, const float *gy, size_t rows,
                               const int *w_shape, float beta, float *gw);

/* One image's sums for batch-norm moments, taken while a convolution's output is in
 * cache: sums[j] += Σ (y − shift_j), sums[f + j] += Σ (y − shift_j)², in double, over
 * the image's pixels.  The shift (the convolution's bias: the output's mean is near
 * it) keeps the one-pass variance free of cancellation. */
static inline void
mw_image_moment_sums (const float *y, size_t pixels, size_t f, const float *shift,
                      double *restrict sums)
{
  double *restrict s2 = sums + f;
  for (size_t r = 0; r < pixels; r++)
    {
      const float *restrict row = y + r * f;
      for (size_t j = 0; j < f; j++)
        {
          double d = (double) row[j] - (shift != NULL ? shift[j] : 0.0f);
          sums[j] += d;
          s2[j] += d * d;
        }
    }
}

/* Mean and biased variance per feature from n images' sums (2f each, added in image
 * order) over `pixels` pixels in all. */
void mw_moments_from_image_sums (const double *sums, int n, size_t f, const float *shift,
                                 size_t pixels, float *mean, float *var);

/* Ops over images (NHWC) chunk them by whole images, at about mw_rows_per_chunk
 * pixels each: a fixed number of images for a given shape. */
static inline int
mw_images_per_chunk (int n, size_t pixels_per_image)
{
  size_t pixels = MAX ((size_t) 1, pixels_per_image);
  size_t per = (mw_rows_per_chunk ((size_t) n * pixels) + pixels - 1) / pixels;
  return (int) MAX ((size_t) 1, per);
}

/* Elementwise binary kernels with broadcasting, used by the ops and by fused kernels. */
typedef enum { MW_BIN_ADD, MW_BIN_SUB, MW_BIN_MUL } MwBinaryKind;
void mw_broadcast_shape (const MwTensor *a, const MwTensor *b, const char *op,
                         int *ndim, int *shape);
void mw_binary_kernel (MwBinaryKind kind, const MwTensor *a, const MwTensor *b, MwTensor *out);
/* out (shape broadcastable to a) = a summed over the broadcast dims. */
void mw_sum_to_kernel (const MwTensor *a, MwTensor *out);
