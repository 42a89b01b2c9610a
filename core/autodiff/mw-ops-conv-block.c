/* mw-ops-conv-block.c: a whole Conv4 block (3×3 convolution with bias, batch norm with
 * batch statistics, ReLU, 2×2 max-pool) as one op that keeps only its input and its
 * pooled output.  The convolution's output is recomputed a chunk of images at a time
 * in each pass that needs it, so the block's largest tensor never exists in full.
 * Conv4 uses it for its first block, whose recomputed products are small (K = 9):
 * the step's peak memory drops by that tensor (60 MB for the 300 queries of a 20-way
 * task), and the passes over it stay in cache.
 *
 * A thin convolution (K = kh·kw·c ≤ MW_CONV_THIN_K columns: the first block) needs the
 * output only once.  Its output's moments follow from its im2col columns' means m and
 * covariance C (K × K): mean = b + w·m, var = w·C·wᵀ.  Its backward needs no output at
 * all: the output gradient is 1/σ·(γ·gy − γ·mean(gy) − x̂·γ·mean(gy·x̂)), where gy (the
 * pooled gradient at each window's maximum where ReLU passes) is sparse, so with
 * colsᵀ·1 = M·m and colsᵀ·x̂ = M·C·wᵀ/σ the weight gradient is
 *   gw = γ/σ · (colsᵀ·gy − Σgy · m) − γ/σ² · Σ(gy·x̂) · C·wᵀ,
 * one product with the scattered gy; the bias gradient is zero (a bias before batch
 * norm changes nothing); Σgy and Σgy·x̂ come from the pooled tensors (x̂ at the maxima is
 * kept).  Other convolutions take the moments in a pass of their own, and their
 * backward recomputes the output. */
#include "mw-block-tail-private.h"
#include "mw-parallel.h"

#include <math.h>

/* Inputs x, w, bias, γ, β.  Saved (node->saved): mean and 1/σ per feature (2f), x̂ at
 * each output's window maximum (as many as the output), for a thin convolution C·wᵀ
 * (f × K) and m (K), then the im2col matrix when kept (iarg[3]); the window positions
 * of the maxima (index8), eps (farg[0]), stride, pad, pool size (iarg). */
enum { PASS_GRAM, PASS_MOMENTS, PASS_POOL, PASS_GRAD_SUMS, PASS_WEIGHT_GRAD, PASS_GRADIENTS };

/* Chunks are handed out in at most this many groups, each summed in chunk order and
 * the groups then in order: the bits do not depend on the number of workers. */
#define GROUPS 8
/* The largest im2col matrix kept (4 MB: 80 images of 28 × 28 with a 3 × 3 kernel). */
#define KEEP_COLS_FLOATS ((size_t) 1 << 20)

typedef struct {
  int pass;
  const MwTensor *x, *w;
  const float *bias, *gamma, *beta;
  MwConvGeom geom;
  int n, per_chunk, n_chunks, per_group, n_groups;
  Windows win;                        /* over the convolution's output */
  size_t chunk_floats, conv_floats;   /* per worker: the chunk's output, im2col scratch */
  float *scratch;
  size_t part_doubles;                /* per group: 2f, or K + K² for the Gram pass */
  double *partial;
  const float *mean, *istd;
  float *y;                           /* the pooled output */
  uint8_t *window;
  float *xh_max;                      /* x̂ at the windows' maxima */
  const float *g, *a1, *a2;           /* backward: output gradient, its means */
  float *gw;                          /* backward: oc × kkc per group, or NULL */
  float *gx;                          /* backward: the input gradient, or NULL */
  bool thin;                          /* K ≤ MW_CONV_THIN_K: products from im2col rows */
  const float *cols;                  /* the whole im2col matrix when kept, else NULL */
  size_t kkc;                         /* its columns */
} BlockJob;

/* Adds the rows' sums (K) and products (K × K, upper triangle) to part.  A block of
 * rows at a time, transposed, so the products run down columns: each of 16 lanes sums
 * a sixteenth of the block's products in float, then the lanes go into double. */
#define GRAM_BLOCK 256
MW_VECTOR_CLONES static void
gram_add (const float *restrict cols, size_t rows, int k, double *restrict part)
{
  double *restrict sum = part, *restrict gram = part + k;
  float t[MW_CONV_THIN_K][GRAM_BLOCK];
  for (size_t r0 = 0; r0 < rows; r0 += GRAM_BLOCK)
    {
      const size_t nr = MIN ((size_t) GRAM_BLOCK, rows - r0);
      for (int i = 0; i < k; i++)
        {
          for (size_t r = 0; r < nr; r++)
            t[i][r] = cols[(r0 + r) * (size_t) k + i];
          for (size_t r = nr; r < GRAM_BLOCK; r++)
            t[i][r] = 0.0f;
        }
      for (int i = 0; i < k; i++)
        for (int l = i; l < k; l++)
          {
            float lane[16] = { 0 };
            for (int r = 0; r < GRAM_BLOCK; r += 16)
              for (int q = 0; q < 16; q++)
                lane[q] += t[i][r + q] * t[l][r + q];
            double s2 = 0;
            for (int q = 0; q < 16; q++)
              s2 += lane[q];
            gram[i * k + l] += s2;
          }
      for (int i = 0; i < k; i++)
        {
          float lane[16] = { 0 };
          for (int r = 0; r < GRAM_BLOCK; r += 16)
            for (int q = 0; q < 16; q++)
              lane[q] += t[i][r + q];
          double s1 = 0;
          for (int q = 0; q < 16; q++)
            s1 += lane[q];
          sum[i] += s1;
        }
    }
}

/* Σ gy and Σ gy·x̂ over pooled outputs (gy: g where the output is positive). */
MW_VECTOR_CLONES static void
pooled_grad_sums (const float *restrict y, const float *restrict g,
                  const float *restrict xh_max, size_t rows, int f, double *restrict s1,
                  double *restrict s2)
{
  for (size_t r = 0; r < rows; r++)
    for (int j = 0; j < f; j++)
      {
        const size_t i = r * (size_t) f + j;
        const double gy = (double) g[i] * (y[i] > 0.0f);
        s1[j] += gy;
        s2[j] += gy * xh_max[i];
      }
}

/* gy scattered to the windows' maxima of `count` images' convolution output (s), zero
 * elsewhere: a window position at a time, so every element is written once. */
MW_VECTOR_CLONES static void
scatter_pooled_grad (const Windows *win, int count, const float *restrict y,
                     const float *restrict g, const uint8_t *restrict window, float *restrict s)
{
  const int f = win->c, positions = win->size * win->size;
  if (win->h % win->size != 0 || win->w % win->size != 0)
    memset (s, 0, sizeof (float) * (size_t) count * win->h * win->w * f);
  const size_t rows = (size_t) count * win->oh * win->ow;
  for (size_t r = 0; r < rows; r++)
    {
      const float *restrict yr = y + r * f, *restrict gr = g + r * f;
      const uint8_t *restrict pr = window + r * f;
      float *so = s + window_origin (win, r);
      for (int p = 0; p < positions; p++)
        {
          float *restrict sp = so + win->offset[p];
          for (int j = 0; j < f; j++)
            sp[j] = (yr[j] > 0.0f) & (pr[j] == p) ? gr[j] : 0.0f;
        }
    }
}

MW_VECTOR_CLONES static gboolean
block_group (int group, int worker, gpointer data)
{
  const BlockJob *job = data;
  const Windows *win = &job->win;
  const int f = win->c;
  float *xc = job->scratch + (size_t) worker * (job->chunk_floats + job->conv_floats);
  float *cols = xc + job->chunk_floats;
  double *part = job->partial + (size_t) group * job->part_doubles;
  memset (part, 0, sizeof (double) * job->part_doubles);
  const size_t w_floats = job->w->numel;
  const size_t x_image = (size_t) job->x->shape[1] * job->x->shape[2] * job->x->shape[3];
  int c0 = group * job->per_group, c1 = MIN (job->n_chunks, c0 + job->per_group);
  for (int c = c0; c < c1; c++)
    {
      const int i0 = c * job->per_chunk, count = MIN (job->n, i0 + job->per_chunk) - i0;
      const size_t pixels = (size_t) count * win->h * win->w;
      const size_t out0 = (size_t) i0 * win->oh * win->ow * f;
      if (job->pass == PASS_GRAD_SUMS)
        {
          pooled_grad_sums (job->y + out0, job->g + out0, job->xh_max + out0,
                            (size_t) count * win->oh * win->ow, f, part, part + f);
          continue;
        }
      /* A thin convolution's products take its im2col rows, kept or built here. */
      const float *chunk_cols = NULL;
      if (job->thin && job->cols != NULL)
        chunk_cols = job->cols + (size_t) i0 * win->h * win->w * job->kkc;
      else if (job->thin)
        {
          mw_conv_chunk_cols (job->x, job->w->shape, job->geom, i0, count, cols);
          chunk_cols = cols;
        }
      if (job->pass == PASS_GRAM)
        {
          gram_add (chunk_cols, pixels, (int) job->kkc, part);
          continue;
        }
      if (job->pass == PASS_WEIGHT_GRAD)
        {
          scatter_pooled_grad (win, count, job->y + out0, job->g + out0, job->window + out0, xc);
          mw_conv_cols_weight_grad (chunk_cols, xc, pixels, job->w->shape, c == c0 ? 0.0f : 1.0f,
                                    job->gw + (size_t) group * w_floats);
          continue;
        }
      if (chunk_cols != NULL)
        mw_conv_cols_forward (chunk_cols, job->w, job->bias, pixels, xc);
      else
        mw_conv_chunk_forward (job->x, job->w, job->bias, job->geom, i0, count, xc, cols);
      switch (job->pass)
        {
        case PASS_MOMENTS:
          mw_image_moment_sums (xc, pixels, (size_t) f, job->bias, part);
          break;
        case PASS_POOL:
          tail_pool (win, count, xc, job->mean, job->istd, job->gamma, job->beta, job->y + out0,
                     job->window != NULL ? job->window + out0 : NULL,
                     job->xh_max != NULL ? job->xh_max + out0 : NULL);
          break;
        default:
          /* The gradient of the convolution's output, over it; then its products. */
          tail_grad_x (win, count, xc, job->y + out0, job->g + out0, job->window + out0,
                       job->mean, job->istd, job->gamma, job->a1, job->a2, xc);
          for (size_t r = 0; r < pixels; r++)
            for (int j = 0; j < f; j++)
              part[j] += xc[r * f + j];
          if (job->gw != NULL && chunk_cols != NULL)
            mw_conv_cols_weight_grad (chunk_cols, xc, pixels, job->w->shape, c == c0 ? 0.0f : 1.0f,
                                      job->gw + (size_t) group * w_floats);
          else if (job->gw != NULL)
            mw_conv_chunk_weight_grad (job->x, xc, job->w->shape, job->geom, i0, count,
                                       c == c0 ? 0.0f : 1.0f,
                                       job->gw + (size_t) group * w_floats, cols);
          if (job->gx != NULL)
            mw_conv_chunk_input_grad (xc, job->w, job->x->shape, job->geom, i0, count,
                                      job->gx + (size_t) i0 * x_image, cols);
          break;
        }
    }
  return TRUE;
}

/* One pass over every chunk; the groups' partial sums added in order into sum (unless
 * NULL). */
static void
run_pass (BlockJob *job, int pass, double *sum)
{
  job->pass = pass;
  job->part_doubles = pass == PASS_GRAM ? job->kkc * (job->kkc + 1) : 2 * (size_t) job->win.c;
  mw_op_parallel (job->n_groups, block_group, job);
  if (sum == NULL)
    return;
  memset (sum, 0, sizeof (double) * job->part_doubles);
  for (int g = 0; g < job->n_groups; g++)
    for (size_t j = 0; j < job->part_doubles; j++)
      sum[j] += job->partial[(size_t) g * job->part_doubles + j];
}

/* The job's chunks and scratch; extra floats after the workers' scratch for the
 * weight gradients' partials when gw is wanted. */
static BlockJob
block_job (MwTape *tape, const MwTensor *x, const MwTensor *w, MwConvGeom geom, int size,
           bool gw)
{
  const int oc = w->shape[0];
  const int oh = (x->shape[1] + 2 * geom.pad - w->shape[1]) / geom.stride + 1;
  const int ow = (x->shape[2] + 2 * geom.pad - w->shape[2]) / geom.stride + 1;
  BlockJob job = { 0 };
  job.x = x;
  job.w = w;
  job.geom = geom;
  job.n = x->shape[0];
  windows_init (&job.win, oh, ow, oc, size);
  size_t pixels = MAX ((size_t) 1, (size_t) oh * ow);
  job.per_chunk = mw_images_per_chunk (job.n, pixels);
  job.n_chunks = (job.n + job.per_chunk - 1) / job.per_chunk;
  job.per_group = MAX (1, (job.n_chunks + GROUPS - 1) / GROUPS);
  job.n_groups = (job.n_chunks + job.per_group - 1) / job.per_group;
  int workers = MAX (1, MIN (mw_op_threads (), job.n_groups));
  job.chunk_floats = (size_t) job.per_chunk * pixels * oc;
  job.conv_floats = mw_conv_chunk_scratch (x->shape, w->shape, geom);
  job.kkc = w->numel / (size_t) oc;
  job.thin = mw_conv_keeps_cols (x->shape, w->shape, geom);
  if (job.thin)
    job.conv_floats = MAX (job.conv_floats, (size_t) job.per_chunk * pixels * job.kkc);
  size_t total = (job.chunk_floats + job.conv_floats) * (size_t) workers
                 + (gw ? (size_t) job.n_groups * w->numel : 0);
  job.scratch = mw_tape_scratch (tape, MAX (total, (size_t) 1));
  if (gw)
    job.gw = job.scratch + (job.chunk_floats + job.conv_floats) * (size_t) workers;
  const size_t part = MAX (2 * (size_t) oc, job.kkc * (job.kkc + 1));
  job.partial = mw_tape_alloc (tape, sizeof (double) * part * MAX (job.n_groups, 1));
  return job;
}

static void
conv_block_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  MwTensor *x = node->inputs[0], *w = node->inputs[1], *bias = node->inputs[2];
  MwTensor *gamma = node->inputs[3], *beta = node->inputs[4];
  MwConvGeom geom = { node->iarg[0], node->iarg[1] };
  const int size = node->iarg[2];
  if (mw_tape_is_recording (tape))
    {
      /* A gradient to differentiate again: the separate ops' form, recomputed. */
      MwTensor *h = mw_conv2d_bias (tape, x, w, bias, geom);
      MwTensor *y = mw_bn_relu_pool (tape, h, gamma, beta, node->farg[0], size, NULL, NULL);
      if (y->node == NULL)
        return;
      bool tail_needs[3] = { h->node != NULL, needs[3], needs[4] };
      MwTensor *gt[3] = { NULL, NULL, NULL };
      y->node->op->backward (tape, y->node, g, tail_needs, gt);
      gin[3] = gt[1];
      gin[4] = gt[2];
      if (gt[0] != NULL)
        {
          MwTensor *gc[3] = { NULL, NULL, NULL };
          h->node->op->backward (tape, h->node, gt[0], needs, gc);
          for (int i = 0; i < 3; i++)
            gin[i] = gc[i];
        }
      return;
    }
  const int f = w->shape[0];
  BlockJob job = block_job (tape, x, w, geom, size, needs[1]);
  job.bias = bias->data;
  job.gamma = gamma->data;
  job.mean = node->saved;
  job.istd = node->saved + f;
  job.xh_max = node->saved + 2 * f;
  const float *cw = job.xh_max + node->out->numel, *col_mean = cw + f * job.kkc;
  if (node->iarg[3])
    job.cols = col_mean + job.kkc;
  job.y = node->out->data;
  job.window = (uint8_t *) node->index8;
  job.g = g->data;
  double *sums = mw_tape_alloc (tape, sizeof (double) * 2 * (size_t) f);
  run_pass (&job, PASS_GRAD_SUMS, sums);
  const double *s1 = sums, *s2 = sums + f;
  for (int i = 3; i < 5; i++)
    if (needs[i])
      {
        gin[i] = mw_tape_tensor (tape, 1, &f);
        for (int j = 0; j < f; j++)
          gin[i]->data[j] = (float) (i == 3 ? s2[j] : s1[j]);
      }
  if (job.thin && !needs[0])
    {
      /* See the top of the file: one product with gy scattered, no output needed. */
      if (needs[1])
        {
          run_pass (&job, PASS_WEIGHT_GRAD, NULL);
          gin[1] = mw_tape_tensor (tape, w->ndim, w->shape);
          const size_t k = job.kkc;
          for (int j = 0; j < f; j++)
            {
              const double a = gamma->data[j] * (double) job.istd[j];
              const double b = a * job.istd[j] * s2[j];
              for (size_t c = 0; c < k; c++)
                {
                  double t = 0;
                  for (int grp = 0; grp < job.n_groups; grp++)
                    t += job.gw[(size_t) grp * w->numel + j * k + c];
                  gin[1]->data[j * k + c]
                    = (float) (a * (t - s1[j] * col_mean[c]) - b * cw[j * k + c]);
                }
            }
        }
      if (needs[2])
        {
          gin[2] = mw_tape_tensor (tape, 1, &f);   /* zero: see the top of the file */
          memset (gin[2]->data, 0, sizeof (float) * (size_t) f);
        }
      return;
    }
  if (!needs[0] && !needs[1] && !needs[2])
    return;
  const size_t rows = (size_t) job.n * job.win.h * job.win.w;
  float *a = mw_tape_alloc (tape, sizeof (float) * 2 * (size_t) f);
  for (int j = 0; j < f; j++)
    {
      a[j] = (float) (gamma->data[j] * s1[j] / (double) rows);
      a[f + j] = (float) (gamma->data[j] * s2[j] / (double) rows);
    }
  job.a1 = a;
  job.a2 = a + f;
  if (needs[0])
    {
      gin[0] = mw_tape_tensor (tape, x->ndim, x->shape);
      job.gx = gin[0]->data;
    }
  run_pass (&job, PASS_GRADIENTS, sums);
  if (needs[1])
    {
      gin[1] = mw_tape_tensor (tape, w->ndim, w->shape);
      memcpy (gin[1]->data, job.gw, sizeof (float) * w->numel);
      for (int grp = 1; grp < job.n_groups; grp++)
        {
          const float *restrict p = job.gw + (size_t) grp * w->numel;
          for (size_t i = 0; i < w->numel; i++)
            gin[1]->data[i] += p[i];
        }
    }
  if (needs[2])
    {
      gin[2] = mw_tape_tensor (tape, 1, &f);
      for (int j = 0; j < f; j++)
        gin[2]->data[j] = (float) sums[j];
    }
}

/* Its backward reads the output (ReLU passes where it is positive). */
static const MwOpDef conv_block_op = { "conv_bn_relu_pool", conv_block_backward, false };

MwTensor *
mw_conv_bn_relu_pool (MwTape *tape, MwTensor *x, MwTensor *w, MwTensor *bias, MwTensor *gamma,
                      MwTensor *beta, MwConvGeom geom, float eps, int size, float *mean_out,
                      float *var_out)
{
  if (x->ndim != 4 || w->ndim != 4 || x->shape[3] != w->shape[3] || geom.stride < 1
      || geom.pad < 0 || x->shape[1] + 2 * geom.pad < w->shape[1]
      || x->shape[2] + 2 * geom.pad < w->shape[2])
    mw_shape_error ("conv_bn_relu_pool", x, w, "input must be NHWC and weight [OC,KH,KW,C]");
  const int f = w->shape[0];
  if (bias == NULL || bias->numel != (size_t) f || gamma->numel != (size_t) f
      || beta->numel != (size_t) f || f > 512 || size < 1 || size * size > 256)
    mw_shape_error ("conv_bn_relu_pool", w, gamma, "bias, gamma and beta need one value per filter");
  BlockJob job = block_job (tape, x, w, geom, size, false);
  if (job.win.h < size || job.win.w < size)
    mw_shape_error ("conv_bn_relu_pool", x, w, "the convolution's output is smaller than the window");
  job.bias = bias->data;
  job.gamma = gamma->data;
  job.beta = beta->data;
  int shape[4] = { job.n, job.win.oh, job.win.ow, f };
  MwTensor *in[5] = { x, w, bias, gamma, beta };
  MwTensor *out = mw_op_output (tape, &conv_block_op, 4, shape, in, 5);
  /* A thin convolution keeps its im2col matrix for all the passes when it is small
   * (the 300 queries of a 20-way task would add 8 MB a task). */
  const bool keep_cols = job.thin
                         && mw_conv_cols_floats (x->shape, w->shape, geom) <= KEEP_COLS_FLOATS;
  const size_t k = job.kkc;
  const size_t cols_floats = keep_cols ? mw_conv_cols_floats (x->shape, w->shape, geom) : 0;
  const size_t thin_floats = job.thin ? (size_t) f * k + k : 0;
  const size_t xh_floats = out->node != NULL ? out->numel : 0;
  float *stats = mw_tape_alloc (tape, sizeof (float) * (2 * (size_t) f + xh_floats + thin_floats
                                                        + cols_floats));
  float *mean = stats, *istd = stats + f, *cw = stats + 2 * f + xh_floats, *col_mean = cw + f * k;
  if (keep_cols)
    {
      mw_conv_cols (x, w->shape, geom, col_mean + k);
      job.cols = col_mean + k;
    }
  const size_t rows = (size_t) job.n * job.win.h * job.win.w;
  if (job.thin)
    {
      /* mean = b + w·m, var = w·C·wᵀ from the columns' sums and products. */
      double *gram = mw_tape_alloc (tape, sizeof (double) * k * (k + 1));
      run_pass (&job, PASS_GRAM, gram);
      double *m = gram, *c = gram + k;
      for (size_t i = 0; i < k; i++)
        m[i] /= (double) rows;
      for (size_t i = 0; i < k; i++)
        for (size_t l = i; l < k; l++)
          c[l * k + i] = c[i * k + l] = c[i * k + l] / (double) rows - m[i] * m[l];
      const float *wd = w->data;
      for (int j = 0; j < f; j++)
        {
          double mu = bias->data[j], var = 0;
          for (size_t i = 0; i < k; i++)
            {
              double cwi = 0;
              for (size_t l = 0; l < k; l++)
                cwi += c[i * k + l] * wd[j * k + l];
              mu += wd[j * k + i] * m[i];
              var += wd[j * k + i] * cwi;
              cw[j * k + i] = (float) cwi;
            }
          mean[j] = (float) mu;
          istd[j] = (float) MAX (var, 0.0);
        }
      for (size_t i = 0; i < k; i++)
        col_mean[i] = (float) m[i];
    }
  else
    {
      /* Sums and squares about the bias in one pass, as mw_conv2d_bias_moments. */
      double *sums = mw_tape_alloc (tape, sizeof (double) * 2 * (size_t) f);
      run_pass (&job, PASS_MOMENTS, sums);
      mw_moments_from_image_sums (sums, 1, (size_t) f, job.bias, rows, mean, istd);
    }
  job.mean = mean;
  for (int j = 0; j < f; j++)
    {
      if (mean_out != NULL)
        mean_out[j] = mean[j];
      if (var_out != NULL)
        var_out[j] = istd[j];
      istd[j] = 1.0f / sqrtf (istd[j] + eps);
    }
  job.istd = istd;
  job.y = out->data;
  job.window = out->node != NULL ? mw_tape_alloc (tape, out->numel) : NULL;
  job.xh_max = out->node != NULL ? stats + 2 * f : NULL;
  run_pass (&job, PASS_POOL, NULL);
  if (out->node != NULL)
    {
      out->node->saved = stats;
      out->node->index8 = job.window;
      out->node->farg[0] = eps;
      out->node->iarg[0] = geom.stride;
      out->node->iarg[1] = geom.pad;
      out->node->iarg[2] = size;
      out->node->iarg[3] = keep_cols;
    }
  return out;
}
