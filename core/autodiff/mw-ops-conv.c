/* mw-ops-conv.c: 2-D convolution (NHWC) as im2col + sgemm, optionally with a bias, and
 * its two adjoints; 3×3 "same" convolutions of 8 channels or more go to Winograd's
 * F(2×2, 3×3) instead (mw-conv-winograd.c).
 *
 * conv2d, conv2d_input_grad and conv2d_weight_grad are each bilinear, and the
 * derivatives of each are the other two (or conv2d itself), so gradients of any order
 * stay within these three ops. */
#include "mw-conv-winograd-private.h"
#include "mw-parallel.h"

#include <cblas.h>
#include <string.h>

typedef struct {
  int n, h, w, c;      /* input */
  int oc, kh, kw;      /* weight */
  int oh, ow;          /* output */
  int stride, pad;
  size_t rows, kkc;    /* im2col matrix: rows × kkc */
} ConvDims;

static ConvDims
conv_dims (const int *x_shape, const int *w_shape, MwConvGeom g)
{
  ConvDims d = { x_shape[0], x_shape[1], x_shape[2], x_shape[3],
                 w_shape[0], w_shape[1], w_shape[2], 0, 0, g.stride, g.pad, 0, 0 };
  d.oh = (d.h + 2 * g.pad - d.kh) / g.stride + 1;
  d.ow = (d.w + 2 * g.pad - d.kw) / g.stride + 1;
  d.rows = (size_t) d.n * (size_t) d.oh * (size_t) d.ow;
  d.kkc = (size_t) d.kh * (size_t) d.kw * (size_t) d.c;
  return d;
}

static void
check_conv (const char *op, const MwTensor *x, const int *x_shape, const MwTensor *w,
            const int *w_shape, MwConvGeom g)
{
  if (x_shape[3] != w_shape[3])
    mw_shape_error (op, x, w, "input channels differ from the weight's (NHWC, [OC,KH,KW,C])");
  if (g.stride < 1 || g.pad < 0 || x_shape[1] + 2 * g.pad < w_shape[1]
      || x_shape[2] + 2 * g.pad < w_shape[2])
    mw_shape_error (op, x, w, "kernel larger than the padded input, or bad stride");
}

/* Rows are output pixels (n, oh, ow); columns are (kh, kw, c), matching the weight. */
static void
im2col (const float *x, const ConvDims *d, float *cols)
{
  const size_t c = (size_t) d->c;
  float *row = cols;
  for (int n = 0; n < d->n; n++)
    for (int oh = 0; oh < d->oh; oh++)
      for (int ow = 0; ow < d->ow; ow++, row += d->kkc)
        {
          float *dst = row;
          int iw0 = ow * d->stride - d->pad;
          /* The in-bounds kw range is contiguous in NHWC: one memcpy per kernel row. */
          int kw_lo = MAX (0, -iw0), kw_hi = MIN (d->kw, d->w - iw0);
          for (int kh = 0; kh < d->kh; kh++, dst += (size_t) d->kw * c)
            {
              int ih = oh * d->stride - d->pad + kh;
              if (ih < 0 || ih >= d->h || kw_hi <= kw_lo)
                {
                  memset (dst, 0, sizeof (float) * (size_t) d->kw * c);
                  continue;
                }
              if (kw_lo > 0)
                memset (dst, 0, sizeof (float) * (size_t) kw_lo * c);
              const float *src = x + (((size_t) n * d->h + ih) * d->w + (iw0 + kw_lo)) * c;
              memcpy (dst + (size_t) kw_lo * c, src, sizeof (float) * (size_t) (kw_hi - kw_lo) * c);
              if (kw_hi < d->kw)
                memset (dst + (size_t) kw_hi * c, 0, sizeof (float) * (size_t) (d->kw - kw_hi) * c);
            }
        }
}

/* The adjoint of im2col: scatter-adds column entries back into the image. */
static void
col2im (const float *cols, const ConvDims *d, float *x)
{
  const size_t c = (size_t) d->c;
  memset (x, 0, sizeof (float) * (size_t) d->n * d->h * d->w * c);
  const float *row = cols;
  for (int n = 0; n < d->n; n++)
    for (int oh = 0; oh < d->oh; oh++)
      for (int ow = 0; ow < d->ow; ow++, row += d->kkc)
        {
          int iw0 = ow * d->stride - d->pad;
          int kw_lo = MAX (0, -iw0), kw_hi = MIN (d->kw, d->w - iw0);
          for (int kh = 0; kh < d->kh; kh++)
            {
              int ih = oh * d->stride - d->pad + kh;
              if (ih < 0 || ih >= d->h || kw_hi <= kw_lo)
                continue;
              const float *src = row + ((size_t) kh * d->kw + kw_lo) * c;
              float *dst = x + (((size_t) n * d->h + ih) * d->w + (iw0 + kw_lo)) * c;
              size_t len = (size_t) (kw_hi - kw_lo) * c;
              for (size_t j = 0; j < len; j++)
                dst[j] += src[j];
            }
        }
}

/* The im2col matrix is built a block of images at a time, so its scratch stays a few
 * MB (it would be 135 MB for 300 images at Conv4's second layer) while each product
 * keeps thousands of rows.  Blocks depend on the shapes alone; ops split over workers
 * (mw_op_parallel) hand out blocks, each worker with its own scratch. */
#define COLS_BLOCK_FLOATS ((size_t) 2 << 20)
#define ROWS_PER_BLOCK ((size_t) 2048)
/* The weight gradient sums blocks in at most this many groups (each in block order),
 * then the groups in order. */
#define WEIGHT_GRAD_GROUPS 8

/* A 1×1 kernel at stride 1 without padding needs no im2col: the image is the matrix. */
static bool
is_direct (const ConvDims *d)
{
  return d->kh == 1 && d->kw == 1 && d->stride == 1 && d->pad == 0;
}

static int
images_per_block (const ConvDims *d)
{
  size_t pixels = MAX ((size_t) d->oh * d->ow, (size_t) 1);
  size_t n = (ROWS_PER_BLOCK + pixels - 1) / pixels;
  if (!is_direct (d))
    n = MIN (n, MAX ((size_t) 1, COLS_BLOCK_FLOATS / (pixels * MAX (d->kkc, (size_t) 1))));
  return (int) MAX ((size_t) 1, MIN (n, (size_t) d->n));
}

/* A block of images [n0, n0 + count) of a convolution: its dims and where its input
 * and output start. */
typedef struct {
  ConvDims d;
  size_t x_offset, y_offset;
} ConvBlock;

static ConvBlock
conv_block (const ConvDims *d, int n0, int block)
{
  ConvBlock b = { *d, (size_t) n0 * d->h * d->w * d->c, (size_t) n0 * d->oh * d->ow * d->oc };
  b.d.n = MIN (block, d->n - n0);
  b.d.rows = (size_t) b.d.n * d->oh * d->ow;
  return b;
}

/* The block's im2col matrix: x itself when direct, else built in scratch. */
static const float *
block_cols (const float *x, const ConvBlock *b, float *scratch)
{
  if (scratch == NULL)
    return x + b->x_offset;
  im2col (x + b->x_offset, &b->d, scratch);
  return scratch;
}

/* One of the three products, cut into blocks of images. */
typedef struct {
  ConvDims d;
  int block, n_blocks, per_group;
  const float *x, *w, *bias, *gy;
  float *out;
  float *scratch;           /* per worker; NULL when direct */
  size_t scratch_floats;    /* per worker */
  float *partial;           /* weight gradient: oc × kkc per group (NULL: one group) */
  double *image_sums;       /* forward: each image's moment sums (2 oc), or NULL */
} ConvJob;

static ConvJob
conv_job (MwTape *tape, const ConvDims *d, bool weight_grad)
{
  ConvJob job = { *d, images_per_block (d), 0, 1, NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL };
  job.n_blocks = (d->n + job.block - 1) / job.block;
  int workers = MAX (1, MIN (mw_op_threads (), job.n_blocks));
  int groups = 1;
  if (weight_grad)
    {
      job.per_group = (job.n_blocks + WEIGHT_GRAD_GROUPS - 1) / WEIGHT_GRAD_GROUPS;
      groups = (job.n_blocks + job.per_group - 1) / job.per_group;
      workers = MIN (workers, groups);
    }
  job.scratch_floats = is_direct (d) ? 0 : (size_t) job.block * d->oh * d->ow * d->kkc;
  size_t partial_floats = groups > 1 ? (size_t) groups * d->oc * d->kkc : 0;
  size_t total = job.scratch_floats * (size_t) workers + partial_floats;
  float *scratch = total > 0 ? mw_tape_scratch (tape, total) : NULL;
  job.scratch = job.scratch_floats > 0 ? scratch : NULL;
  job.partial = partial_floats > 0 ? scratch + job.scratch_floats * (size_t) workers : NULL;
  return job;
}

static float *
worker_scratch (const ConvJob *job, int worker)
{
  return job->scratch != NULL ? job->scratch + (size_t) worker * job->scratch_floats : NULL;
}

/* The three products for one block of images; y, gy and gx point at the block's own
 * rows.  scratch holds its im2col matrix (NULL when direct). */
static void
block_forward (const ConvDims *d, const ConvBlock *b, const float *x, const float *w,
               const float *bias, float *y, float *scratch)
{
  /* The bias is the product's starting value (beta = 1): no separate pass. */
  if (bias != NULL)
    for (size_t r = 0; r < b->d.rows; r++)
      memcpy (y + r * (size_t) d->oc, bias, sizeof (float) * (size_t) d->oc);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) b->d.rows, d->oc, (int) d->kkc,
               1.0f, block_cols (x, b, scratch), (int) d->kkc, w, (int) d->kkc,
               bias != NULL ? 1.0f : 0.0f, y, d->oc);
}

static void
block_input_grad (const ConvDims *d, const ConvBlock *b, const float *gy, const float *w,
                  float *gx, float *scratch)
{
  /* Direct: the column gradients are the input gradient itself. */
  float *dcols = scratch != NULL ? scratch : gx;
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) b->d.rows, (int) d->kkc, d->oc,
               1.0f, gy, d->oc, w, (int) d->kkc, 0.0f, dcols, (int) d->kkc);
  if (scratch != NULL)
    col2im (dcols, &b->d, gx);
}

/* gw (oc × kkc) = beta · gw + gyᵀ · cols over `rows` rows.  OpenBLAS (0.3.21, AVX-512)
 * has unpacked kernels for such products when the result is small (oc · kkc ≤ 1200)
 * and the product at most 10⁶ multiply-adds: a thin layer's (K = 9) are summed in
 * runs that fit (600 images' first block: backward 43 → 38 ms on one core). */
static void
weight_grad_product (const float *gy, const float *cols, size_t rows, int oc, int kkc,
                     float beta, float *gw)
{
  const size_t result = (size_t) oc * kkc;
  const size_t run = result <= 1200 ? MAX ((size_t) 32, 1000000 / result) : MAX (rows, (size_t) 1);
  for (size_t r0 = 0; r0 < rows || r0 == 0; r0 += run)
    cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, oc, kkc, (int) MIN (run, rows - r0),
                 1.0f, gy + r0 * oc, oc, cols + r0 * kkc, kkc, r0 == 0 ? beta : 1.0f, gw, kkc);
}

/* gw = beta · gw + gyᵀ · cols */
static void
block_weight_grad (const ConvDims *d, const ConvBlock *b, const float *gy, const float *x,
                   float beta, float *gw, float *scratch)
{
  weight_grad_product (gy, block_cols (x, b, scratch), b->d.rows, d->oc, (int) d->kkc, beta, gw);
}

MW_VECTOR_CLONES static gboolean
forward_block (int k, int worker, gpointer data)
{
  const ConvJob *job = data;
  ConvBlock b = conv_block (&job->d, k * job->block, job->block);
  float *y = job->out + b.y_offset;
  block_forward (&job->d, &b, job->x, job->w, job->bias, y, worker_scratch (job, worker));
  if (job->image_sums != NULL)
    {
      const size_t pixels = (size_t) job->d.oh * job->d.ow, oc = (size_t) job->d.oc;
      for (int i = 0; i < b.d.n; i++)
        mw_image_moment_sums (y + i * pixels * oc, pixels, oc, job->bias,
                              job->image_sums + (size_t) (k * job->block + i) * 2 * oc);
    }
  return TRUE;
}

static gboolean
input_grad_block (int k, int worker, gpointer data)
{
  const ConvJob *job = data;
  ConvBlock b = conv_block (&job->d, k * job->block, job->block);
  block_input_grad (&job->d, &b, job->gy + b.y_offset, job->w, job->out + b.x_offset,
                    worker_scratch (job, worker));
  return TRUE;
}

static gboolean
weight_grad_group (int group, int worker, gpointer data)
{
  const ConvJob *job = data;
  const ConvDims *d = &job->d;
  float *sum = job->partial != NULL ? job->partial + (size_t) group * d->oc * d->kkc : job->out;
  int k0 = group * job->per_group, k1 = MIN (job->n_blocks, k0 + job->per_group);
  for (int k = k0; k < k1; k++)
    {
      ConvBlock b = conv_block (d, k * job->block, job->block);
      block_weight_grad (d, &b, job->gy + b.y_offset, job->x, k == k0 ? 0.0f : 1.0f, sum,
                         worker_scratch (job, worker));
    }
  return TRUE;
}

/* ---- a chunk of images at a time, on the calling thread (see mw-op-private.h) ---- */

size_t
mw_conv_chunk_scratch (const int *x_shape, const int *w_shape, MwConvGeom geom)
{
  ConvDims d = conv_dims (x_shape, w_shape, geom);
  return is_direct (&d) ? 0 : (size_t) images_per_block (&d) * d.oh * d.ow * d.kkc;
}

/* Runs body for each block b of the images [n0, n0 + count), with x_off and y_off
 * the offsets of its input and output from the chunk's start and first true for the
 * first block. */
#define FOR_CHUNK_BLOCKS(d, n0, count, b, x_off, y_off, first, body)                      \
  do {                                                                                     \
    int block_ = images_per_block (d);                                                     \
    for (int s_ = (n0); s_ < (n0) + (count); s_ += block_)                                 \
      {                                                                                    \
        ConvBlock b = conv_block ((d), s_, MIN (block_, (n0) + (count) - s_));             \
        size_t x_off = b.x_offset - (size_t) (n0) * (d)->h * (d)->w * (d)->c;             \
        size_t y_off = b.y_offset - (size_t) (n0) * (d)->oh * (d)->ow * (d)->oc;          \
        bool first = s_ == (n0);                                                           \
        body                                                                               \
      }                                                                                    \
  } while (0)

void
mw_conv_chunk_forward (const MwTensor *x, const MwTensor *w, const float *bias,
                       MwConvGeom geom, int n0, int count, float *y, float *scratch)
{
  ConvDims d = conv_dims (x->shape, w->shape, geom);
  float *cols = is_direct (&d) ? NULL : scratch;
  FOR_CHUNK_BLOCKS (&d, n0, count, b, x_off, y_off, first, {
    (void) x_off;
    (void) first;
    block_forward (&d, &b, x->data, w->data, bias, y + y_off, cols);
  });
}

void
mw_conv_chunk_input_grad (const float *gy, const MwTensor *w, const int *x_shape,
                          MwConvGeom geom, int n0, int count, float *gx, float *scratch)
{
  ConvDims d = conv_dims (x_shape, w->shape, geom);
  float *cols = is_direct (&d) ? NULL : scratch;
  FOR_CHUNK_BLOCKS (&d, n0, count, b, x_off, y_off, first, {
    (void) first;
    block_input_grad (&d, &b, gy + y_off, w->data, gx + x_off, cols);
  });
}

void
mw_conv_chunk_weight_grad (const MwTensor *x, const float *gy, const int *w_shape,
                           MwConvGeom geom, int n0, int count, float beta, float *gw,
                           float *scratch)
{
  ConvDims d = conv_dims (x->shape, w_shape, geom);
  float *cols = is_direct (&d) ? NULL : scratch;
  FOR_CHUNK_BLOCKS (&d, n0, count, b, x_off, y_off, first, {
    (void) x_off;
    block_weight_grad (&d, &b, gy + y_off, x->data, first ? beta : 1.0f, gw, cols);
  });
}

/* ---- a thin convolution's whole im2col matrix, kept (see mw-op-private.h) ---- */

bool
mw_conv_keeps_cols (const int *x_shape, const int *w_shape, MwConvGeom geom)
{
  ConvDims d = conv_dims (x_shape, w_shape, geom);
  return !is_direct (&d) && d.kkc <= MW_CONV_THIN_K;
}

size_t
mw_conv_cols_floats (const int *x_shape, const int *w_shape, MwConvGeom geom)
{
  ConvDims d = conv_dims (x_shape, w_shape, geom);
  return d.rows * d.kkc;
}

typedef struct {
  ConvDims d;
  int block;
  const float *x;
  float *cols;
} ColsJob;

static gboolean
cols_block (int k, int worker, gpointer data)
{
  (void) worker;
  const ColsJob *job = data;
  const int n0 = k * job->block;
  ConvBlock b = conv_block (&job->d, n0, job->block);
  const size_t first_row = (size_t) n0 * job->d.oh * job->d.ow;
  im2col (job->x + b.x_offset, &b.d, job->cols + first_row * job->d.kkc);
  return TRUE;
}

void
mw_conv_cols (const MwTensor *x, const int *w_shape, MwConvGeom geom, float *cols)
{
  ColsJob job = { conv_dims (x->shape, w_shape, geom), 0, x->data, cols };
  job.block = images_per_block (&job.d);
  mw_op_parallel ((job.d.n + job.block - 1) / job.block, cols_block, &job);
}

void
mw_conv_chunk_cols (const MwTensor *x, const int *w_shape, MwConvGeom geom, int n0, int count,
                    float *cols)
{
  ConvDims d = conv_dims (x->shape, w_shape, geom);
  ConvBlock b = conv_block (&d, n0, count);
  im2col (x->data + b.x_offset, &b.d, cols);
}

void
mw_conv_cols_forward (const float *cols, const MwTensor *w, const float *bias, size_t rows,
                      float *y)
{
  const int oc = w->shape[0], kkc = (int) (w->numel / (size_t) oc);
  for (size_t r = 0; r < rows; r++)
    memcpy (y + r * (size_t) oc, bias, sizeof (float) * (size_t) oc);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, (int) rows, oc, kkc, 1.0f, cols, kkc,
               w->data, kkc, 1.0f, y, oc);
}

void
mw_conv_cols_weight_grad (const float *cols, const float *gy, size_t rows, const int *w_shape,
                          float beta, float *gw)
{
  weight_grad_product (gy, cols, rows, w_shape[0], w_shape[1] * w_shape[2] * w_shape[3], beta, gw);
}

static void
conv_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  MwConvGeom geom = { node->iarg[0], node->iarg[1] };
  MwTensor *x = node->inputs[0], *w = node->inputs[1];
  if (needs[0])
    gin[0] = mw_conv2d_input_grad (tape, g, w, x->shape, geom);
  if (needs[1])
    gin[1] = mw_conv2d_weight_grad (tape, x, g, w->shape, geom);
  if (node->n_inputs > 2 && needs[2])
    gin[2] = mw_sum_to (tape, g, 1, &w->shape[0]);
}

static void
input_grad_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  MwConvGeom geom = { node->iarg[0], node->iarg[1] };
  MwTensor *gy = node->inputs[0], *w = node->inputs[1];
  if (needs[0])
    gin[0] = mw_conv2d (tape, g, w, geom);
  if (needs[1])
    gin[1] = mw_conv2d_weight_grad (tape, g, gy, w->shape, geom);
}

static void
weight_grad_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  MwConvGeom geom = { node->iarg[0], node->iarg[1] };
  MwTensor *x = node->inputs[0], *gy = node->inputs[1];
  if (needs[0])
    gin[0] = mw_conv2d_input_grad (tape, gy, g, x->shape, geom);
  if (needs[1])
    gin[1] = mw_conv2d (tape, x, g, geom);
}

/* Bilinear: their backward reads the inputs, never the output. */
static const MwOpDef conv_op = { "conv2d", conv_backward, true };
static const MwOpDef input_grad_op = { "conv2d_input_grad", input_grad_backward, true };
static const MwOpDef weight_grad_op = { "conv2d_weight_grad", weight_grad_backward, true };

static void
save_geom (MwTensor *out, MwConvGeom geom)
{
  if (out->node)
    {
      out->node->iarg[0] = geom.stride;
      out->node->iarg[1] = geom.pad;
    }
}

/* conv2d with an optional bias, and with image_sums (zeroed, n × 2 oc) each image's
 * moment sums about the bias. */
static MwTensor *
conv2d_forward (MwTape *tape, MwTensor *x, MwTensor *w, MwTensor *bias, MwConvGeom geom,
                double *image_sums)
{
  if (x->ndim != 4 || w->ndim != 4)
    mw_shape_error ("conv2d", x, w, "input must be NHWC and weight [OC,KH,KW,C]");
  check_conv ("conv2d", x, x->shape, w, w->shape, geom);
  if (bias != NULL && (bias->ndim != 1 || bias->shape[0] != w->shape[0]))
    mw_shape_error ("conv2d", bias, w, "bias must have one value per output channel");
  ConvDims d = conv_dims (x->shape, w->shape, geom);
  int shape[4] = { d.n, d.oh, d.ow, d.oc };
  MwTensor *in[3] = { x, w, bias };
  MwTensor *out = mw_op_output (tape, &conv_op, 4, shape, in, bias != NULL ? 3 : 2);
  save_geom (out, geom);
  const float *b = bias != NULL ? bias->data : NULL;
  if (mw_winograd_applies (x->shape, w->shape, geom))
    {
      mw_winograd_forward (tape, x->data, x->shape, w->data, w->shape, b, out->data, image_sums);
      return out;
    }
  ConvJob job = conv_job (tape, &d, false);
  job.x = x->data;
  job.w = w->data;
  job.bias = b;
  job.out = out->data;
  job.image_sums = image_sums;
  mw_op_parallel (job.n_blocks, forward_block, &job);
  return out;
}

MwTensor *
mw_conv2d_bias (MwTape *tape, MwTensor *x, MwTensor *w, MwTensor *bias, MwConvGeom geom)
{
  return conv2d_forward (tape, x, w, bias, geom, NULL);
}

MwTensor *
mw_conv2d_bias_moments (MwTape *tape, MwTensor *x, MwTensor *w, MwTensor *bias, MwConvGeom geom,
                        float *mean, float *var)
{
  const int n = x->ndim == 4 ? x->shape[0] : 0, oc = w->ndim == 4 ? w->shape[0] : 0;
  const size_t sums_len = (size_t) MAX (n, 1) * 2 * MAX (oc, 1);
  double *sums = mw_tape_alloc (tape, sizeof (double) * sums_len);
  memset (sums, 0, sizeof (double) * sums_len);
  MwTensor *out = conv2d_forward (tape, x, w, bias, geom, sums);
  mw_moments_from_image_sums (sums, n, (size_t) oc, bias != NULL ? bias->data : NULL,
                              out->numel / (size_t) MAX (oc, 1), mean, var);
  return out;
}

MwTensor *
mw_conv2d (MwTape *tape, MwTensor *x, MwTensor *w, MwConvGeom geom)
{
  return mw_conv2d_bias (tape, x, w, NULL, geom);
}

MwTensor *
mw_conv2d_input_grad (MwTape *tape, MwTensor *gy, MwTensor *w, const int *x_shape,
                      MwConvGeom geom)
{
  ConvDims d = conv_dims (x_shape, w->shape, geom);
  if (gy->ndim != 4 || gy->shape[0] != d.n || gy->shape[1] != d.oh || gy->shape[2] != d.ow
      || gy->shape[3] != d.oc)
    mw_shape_error ("conv2d_input_grad", gy, w, "output gradient does not match the geometry");
  MwTensor *in[2] = { gy, w };
  MwTensor *out = mw_op_output (tape, &input_grad_op, 4, x_shape, in, 2);
  save_geom (out, geom);
  if (mw_winograd_applies (x_shape, w->shape, geom))
    {
      mw_winograd_input_grad (tape, gy->data, w->data, w->shape, x_shape, out->data);
      return out;
    }
  ConvJob job = conv_job (tape, &d, false);
  job.w = w->data;
  job.gy = gy->data;
  job.out = out->data;
  mw_op_parallel (job.n_blocks, input_grad_block, &job);
  return out;
}

MwTensor *
mw_conv2d_weight_grad (MwTape *tape, MwTensor *x, MwTensor *gy, const int *w_shape,
                       MwConvGeom geom)
{
  check_conv ("conv2d_weight_grad", x, x->shape, gy, w_shape, geom);
  ConvDims d = conv_dims (x->shape, w_shape, geom);
  if (gy->ndim != 4 || gy->shape[0] != d.n || gy->shape[1] != d.oh || gy->shape[2] != d.ow
      || gy->shape[3] != d.oc)
    mw_shape_error ("conv2d_weight_grad", x, gy, "output gradient does not match the geometry");
  MwTensor *in[2] = { x, gy };
  MwTensor *out = mw_op_output (tape, &weight_grad_op, 4, w_shape, in, 2);
  save_geom (out, geom);
  if (mw_winograd_applies (x->shape, w_shape, geom))
    {
      mw_winograd_weight_grad (tape, x->data, x->shape, gy->data, w_shape, out->data);
      return out;
    }
  /* Summed over blocks of images in groups fixed by the shapes, then the groups in
   * order, whatever the number of workers. */
  ConvJob job = conv_job (tape, &d, true);
  job.x = x->data;
  job.gy = gy->data;
  job.out = out->data;
  int groups = (job.n_blocks + job.per_group - 1) / job.per_group;
  if (groups == 0)
    memset (out->data, 0, sizeof (float) * out->numel);
  mw_op_parallel (groups, weight_grad_group, &job);
  if (job.partial != NULL)
    {
      const size_t len = (size_t) d.oc * d.kkc;
      memcpy (out->data, job.partial, sizeof (float) * len);
      for (int g = 1; g < groups; g++)
        {
          const float *restrict p = job.partial + (size_t) g * len;
          float *restrict o = out->data;
          for (size_t i = 0; i < len; i++)
            o[i] += p[i];
        }
    }
  return out;
}
