/* mw-conv-winograd.c: 3×3 stride-1 "same" convolutions (NHWC) by Winograd's minimal
 * filtering F(2×2, 3×3), and their two adjoints.
 *
 * Each 2×2 block of output pixels (a tile) comes from a 4×4 patch of the input.  In
 * the transformed domain the convolution is 16 independent products, one per
 * position ξ of the 4×4 transform: M_ξ (tiles × OC) = V_ξ (tiles × C) · U_ξ (C × OC),
 * where V = Bᵀ d B is the transformed input patch and U = G g Gᵀ the transformed
 * kernel; the output tile is Aᵀ M A.  That is 16 multiplications per tile and
 * channel pair instead of 36: 2.25× fewer for a 14 × 14 output, 1.72× for 7 × 7
 * (4 × 4 tiles cover 8 × 8), 1.27× for 3 × 3.  The products are still sgemm's.
 *
 * The adjoints stay in the same domain: the input gradient is the convolution of the
 * output gradient with the flipped kernel (channels swapped), and the weight gradient
 * is the exact gradient of the transformed form, dU_ξ = Σ_tiles V_ξᵀ (A dY Aᵀ)_ξ,
 * then dg = Gᵀ dU G.  F(2×2, 3×3) with the points 0, ±1 loses little precision in
 * float (its transforms have entries 0, ±½, ±1).
 *
 * Work is cut into blocks of whole images (about TILES_PER_BLOCK tiles) fixed by the
 * shapes, handed out over the op workers (mw_op_parallel), each with its own scratch;
 * the weight gradient sums blocks in at most WEIGHT_GRAD_GROUPS groups fixed by the
 * shapes, then the groups in order, so the bits do not depend on the worker count. */
#include "mw-conv-winograd-private.h"
#include "mw-parallel.h"

#include <cblas.h>
#include <string.h>

#define TILES_PER_BLOCK 256
#define WEIGHT_GRAD_GROUPS 8
/* OpenBLAS (0.3.21, AVX-512) multiplies products of at most 10⁶ multiply-adds with
 * kernels that skip packing, and sums long thin products faster in short runs: a
 * block's products are cut into pieces of at most PRODUCT_MACS (forward 127 against
 * 90 GFLOP/s at 128 × 64 × 64 against 256 × 64 × 64, both operands untransposed),
 * the weight gradient's into runs of WEIGHT_GRAD_TILES tiles (110 against 88). */
#define PRODUCT_MACS 1000000
#define WEIGHT_GRAD_TILES 64
/* conv1's single input channel stays with im2col: its products are tiny either way. */
#define MIN_CHANNELS 8
/* Smaller images have too few tiles to pay for the transforms: Conv4's last layer
 * (3 × 3, 4 tiles covering 4 × 4) ran at 68% of im2col's speed. */
#define MIN_SIZE 4
/* Channels are transformed this many at a time (the inner loops' length). */
#define CHANNEL_STEP 64

static gint winograd_enabled = 1;

void
mw_winograd_enable (bool on)
{
  g_atomic_int_set (&winograd_enabled, on ? 1 : 0);
}

bool
mw_winograd_applies (const int *x_shape, const int *w_shape, MwConvGeom geom)
{
  return g_atomic_int_get (&winograd_enabled) && w_shape[1] == 3 && w_shape[2] == 3
         && geom.stride == 1 && geom.pad == 1 && x_shape[3] >= MIN_CHANNELS
         && w_shape[0] >= MIN_CHANNELS && x_shape[1] >= MIN_SIZE && x_shape[2] >= MIN_SIZE;
}

/* One convolution in the transformed domain: n images of h × w in and out (same size),
 * tiles th × tw per image. */
typedef struct {
  int n, h, w;
  int th, tw;
  int images, n_blocks;         /* images per block */
  size_t tiles;                 /* per block (at most) */
} Geometry;

static Geometry
geometry (const int *x_shape)
{
  Geometry g = { x_shape[0], x_shape[1], x_shape[2], 0, 0, 0, 0, 0 };
  g.th = (g.h + 1) / 2;
  g.tw = (g.w + 1) / 2;
  int per_image = g.th * g.tw;
  g.images = MAX (1, MIN (g.n, (TILES_PER_BLOCK + per_image - 1) / per_image));
  g.n_blocks = (g.n + g.images - 1) / g.images;
  g.tiles = (size_t) g.images * per_image;
  return g;
}

/* ---- transforms ---- */

/* U_ξ = (G g Gᵀ)_ξ for each kernel g = w[o, :, :, c] of w ([OC, 3, 3, C]), stored
 * [16][OC][C] like w (so the loops run along c); with flip, the kernel of the adjoint
 * convolution, g = w[o, 2 − kh, 2 − kw, c] (input channels o, output channels c). */
MW_VECTOR_CLONES static void
transform_kernel (const float *w, int oc_n, int c_n, bool flip, float *u)
{
  const size_t plane = (size_t) oc_n * c_n;
  for (int o = 0; o < oc_n; o++)
    for (int c0 = 0; c0 < c_n; c0 += CHANNEL_STEP)
      {
        const int len = MIN (CHANNEL_STEP, c_n - c0);
        /* G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1] over kh, then over kw. */
        float t[4][3][CHANNEL_STEP];
        for (int kw = 0; kw < 3; kw++)
          {
            int sw = flip ? 2 - kw : kw;
            const float *g0 = w + (((size_t) o * 3 + (flip ? 2 : 0)) * 3 + sw) * c_n + c0;
            const float *g1 = w + (((size_t) o * 3 + 1) * 3 + sw) * c_n + c0;
            const float *g2 = w + (((size_t) o * 3 + (flip ? 0 : 2)) * 3 + sw) * c_n + c0;
            for (int k = 0; k < len; k++)
              {
                t[0][kw][k] = g0[k];
                t[1][kw][k] = 0.5f * (g0[k] + g1[k] + g2[k]);
                t[2][kw][k] = 0.5f * (g0[k] - g1[k] + g2[k]);
                t[3][kw][k] = g2[k];
              }
          }
        for (int r = 0; r < 4; r++)
          {
            float *restrict u0 = u + (size_t) (r * 4 + 0) * plane + (size_t) o * c_n + c0;
            float *restrict u1 = u + (size_t) (r * 4 + 1) * plane + (size_t) o * c_n + c0;
            float *restrict u2 = u + (size_t) (r * 4 + 2) * plane + (size_t) o * c_n + c0;
            float *restrict u3 = u + (size_t) (r * 4 + 3) * plane + (size_t) o * c_n + c0;
            for (int k = 0; k < len; k++)
              {
                u0[k] = t[r][0][k];
                u1[k] = 0.5f * (t[r][0][k] + t[r][1][k] + t[r][2][k]);
                u2[k] = 0.5f * (t[r][0][k] - t[r][1][k] + t[r][2][k]);
                u3[k] = t[r][2][k];
              }
          }
      }
}

/* dg = Gᵀ dU G back to [OC, 3, 3, C]; dU is [16][OC][C]. */
MW_VECTOR_CLONES static void
untransform_kernel_grad (const float *du, int oc_n, int c_n, float *gw)
{
  const size_t plane = (size_t) oc_n * c_n;
  for (int o = 0; o < oc_n; o++)
    for (int c0 = 0; c0 < c_n; c0 += CHANNEL_STEP)
      {
        const int len = MIN (CHANNEL_STEP, c_n - c0);
        /* Gᵀ = [1 ½ ½ 0; 0 ½ −½ 0; 0 ½ ½ 1] over r, then over s. */
        float t[3][4][CHANNEL_STEP];
        for (int s = 0; s < 4; s++)
          {
            const float *m0 = du + (size_t) (0 + s) * plane + (size_t) o * c_n + c0;
            const float *m1 = du + (size_t) (4 + s) * plane + (size_t) o * c_n + c0;
            const float *m2 = du + (size_t) (8 + s) * plane + (size_t) o * c_n + c0;
            const float *m3 = du + (size_t) (12 + s) * plane + (size_t) o * c_n + c0;
            for (int k = 0; k < len; k++)
              {
                t[0][s][k] = m0[k] + 0.5f * (m1[k] + m2[k]);
                t[1][s][k] = 0.5f * (m1[k] - m2[k]);
                t[2][s][k] = 0.5f * (m1[k] + m2[k]) + m3[k];
              }
          }
        for (int kh = 0; kh < 3; kh++)
          {
            float *restrict g0 = gw + (((size_t) o * 3 + kh) * 3 + 0) * c_n + c0;
            float *restrict g1 = gw + (((size_t) o * 3 + kh) * 3 + 1) * c_n + c0;
            float *restrict g2 = gw + (((size_t) o * 3 + kh) * 3 + 2) * c_n + c0;
            for (int k = 0; k < len; k++)
              {
                g0[k] = t[kh][0][k] + 0.5f * (t[kh][1][k] + t[kh][2][k]);
                g1[k] = 0.5f * (t[kh][1][k] - t[kh][2][k]);
                g2[k] = 0.5f * (t[kh][1][k] + t[kh][2][k]) + t[kh][3][k];
              }
          }
      }
}

/* Where a transform's tiles go in (or come from) a block's [16][tiles][channels]
 * planes: the block's tile count, and the first tile's position in it. */
typedef struct {
  size_t tiles, first;
} Planes;

/* The size × size pixels of image n from (row, col) on, each its channels in data
 * (n × h × w × channels), or zeros outside the image. */
static inline void
patch_pixels (const Geometry *g, const float *data, int channels, const float *zeros, int n,
              int row, int col, int size, const float **p)
{
  for (int r = 0; r < size; r++)
    for (int s = 0; s < size; s++)
      {
        int ih = row + r, iw = col + s;
        p[r * size + s] = ih >= 0 && ih < g->h && iw >= 0 && iw < g->w
                              ? data + (((size_t) n * g->h + ih) * g->w + iw) * channels
                              : zeros;
      }
}

/* V_ξ = Bᵀ d B for the tiles of images [n0, n0 + count) of x (n × h × w × c), into V's
 * planes.  zeros holds c zeros (the padding). */
MW_VECTOR_CLONES static void
transform_input (const Geometry *g, const float *x, int c, int n0, int count,
                 const float *zeros, Planes at, float *v)
{
  const size_t tiles = at.tiles;
  size_t t = at.first;
  for (int n = n0; n < n0 + count; n++)
    for (int ti = 0; ti < g->th; ti++)
      for (int tj = 0; tj < g->tw; tj++, t++)
        {
          const float *p[4][4];
          patch_pixels (g, x, c, zeros, n, 2 * ti - 1, 2 * tj - 1, 4, &p[0][0]);
          for (int c0 = 0; c0 < c; c0 += CHANNEL_STEP)
            {
              const int len = MIN (CHANNEL_STEP, c - c0);
              float b[4][4][CHANNEL_STEP];
              /* Bᵀ over rows: (d0 − d2, d1 + d2, d2 − d1, d1 − d3). */
              for (int s = 0; s < 4; s++)
                for (int k = 0; k < len; k++)
                  {
                    float d0 = p[0][s][c0 + k], d1 = p[1][s][c0 + k];
                    float d2 = p[2][s][c0 + k], d3 = p[3][s][c0 + k];
                    b[0][s][k] = d0 - d2;
                    b[1][s][k] = d1 + d2;
                    b[2][s][k] = d2 - d1;
                    b[3][s][k] = d1 - d3;
                  }
              /* … then over columns, into the 16 planes. */
              for (int r = 0; r < 4; r++)
                {
                  float *restrict v0 = v + ((size_t) (r * 4 + 0) * tiles + t) * c + c0;
                  float *restrict v1 = v + ((size_t) (r * 4 + 1) * tiles + t) * c + c0;
                  float *restrict v2 = v + ((size_t) (r * 4 + 2) * tiles + t) * c + c0;
                  float *restrict v3 = v + ((size_t) (r * 4 + 3) * tiles + t) * c + c0;
                  for (int k = 0; k < len; k++)
                    {
                      v0[k] = b[r][0][k] - b[r][2][k];
                      v1[k] = b[r][1][k] + b[r][2][k];
                      v2[k] = b[r][2][k] - b[r][1][k];
                      v3[k] = b[r][1][k] - b[r][3][k];
                    }
                }
            }
        }
}

/* y = Aᵀ M A (+ bias) for the tiles of count images, from M's planes; y is those
 * images' output (count × h × w × oc). */
MW_VECTOR_CLONES static void
transform_output (const Geometry *g, const float *m, int oc, const float *bias, int count,
                  Planes at, float *y)
{
  const size_t tiles = at.tiles;
  size_t t = at.first;
  for (int n = 0; n < count; n++)
    for (int ti = 0; ti < g->th; ti++)
      for (int tj = 0; tj < g->tw; tj++, t++)
        for (int c0 = 0; c0 < oc; c0 += CHANNEL_STEP)
          {
            const int len = MIN (CHANNEL_STEP, oc - c0);
            float a[2][4][CHANNEL_STEP];
            /* Aᵀ over rows: (m0 + m1 + m2, m1 − m2 − m3). */
            for (int s = 0; s < 4; s++)
              {
                const float *m0 = m + ((size_t) (0 * 4 + s) * tiles + t) * oc + c0;
                const float *m1 = m + ((size_t) (1 * 4 + s) * tiles + t) * oc + c0;
                const float *m2 = m + ((size_t) (2 * 4 + s) * tiles + t) * oc + c0;
                const float *m3 = m + ((size_t) (3 * 4 + s) * tiles + t) * oc + c0;
                for (int k = 0; k < len; k++)
                  {
                    a[0][s][k] = m0[k] + m1[k] + m2[k];
                    a[1][s][k] = m1[k] - m2[k] - m3[k];
                  }
              }
            for (int i = 0; i < 2; i++)
              {
                int oh = 2 * ti + i;
                if (oh >= g->h)
                  continue;
                for (int j = 0; j < 2; j++)
                  {
                    int ow = 2 * tj + j;
                    if (ow >= g->w)
                      continue;
                    float *restrict dst = y + (((size_t) n * g->h + oh) * g->w + ow) * oc + c0;
                    const float *bi = bias != NULL ? bias + c0 : NULL;
                    for (int k = 0; k < len; k++)
                      {
                        float v = j == 0 ? a[i][0][k] + a[i][1][k] + a[i][2][k]
                                         : a[i][1][k] - a[i][2][k] - a[i][3][k];
                        dst[k] = bi != NULL ? v + bi[k] : v;
                      }
                  }
              }
          }
}

/* dM = A dY Aᵀ for the tiles of images [n0, n0 + count) of gy (n × h × w × oc), into
 * dM's planes: the adjoint of transform_output. */
MW_VECTOR_CLONES static void
transform_output_grad (const Geometry *g, const float *gy, int oc, int n0, int count,
                       const float *zeros, Planes at, float *dm)
{
  const size_t tiles = at.tiles;
  size_t t = at.first;
  for (int n = n0; n < n0 + count; n++)
    for (int ti = 0; ti < g->th; ti++)
      for (int tj = 0; tj < g->tw; tj++, t++)
        {
          const float *p[2][2];
          patch_pixels (g, gy, oc, zeros, n, 2 * ti, 2 * tj, 2, &p[0][0]);
          for (int c0 = 0; c0 < oc; c0 += CHANNEL_STEP)
            {
              const int len = MIN (CHANNEL_STEP, oc - c0);
              float z[4][2][CHANNEL_STEP];
              /* A over rows: (g0, g0 + g1, g0 − g1, −g1). */
              for (int j = 0; j < 2; j++)
                for (int k = 0; k < len; k++)
                  {
                    float g0 = p[0][j][c0 + k], g1 = p[1][j][c0 + k];
                    z[0][j][k] = g0;
                    z[1][j][k] = g0 + g1;
                    z[2][j][k] = g0 - g1;
                    z[3][j][k] = -g1;
                  }
              for (int r = 0; r < 4; r++)
                {
                  float *restrict d0 = dm + ((size_t) (r * 4 + 0) * tiles + t) * oc + c0;
                  float *restrict d1 = dm + ((size_t) (r * 4 + 1) * tiles + t) * oc + c0;
                  float *restrict d2 = dm + ((size_t) (r * 4 + 2) * tiles + t) * oc + c0;
                  float *restrict d3 = dm + ((size_t) (r * 4 + 3) * tiles + t) * oc + c0;
                  for (int k = 0; k < len; k++)
                    {
                      d0[k] = z[r][0][k];
                      d1[k] = z[r][0][k] + z[r][1][k];
                      d2[k] = z[r][0][k] - z[r][1][k];
                      d3[k] = -z[r][1][k];
                    }
                }
            }
        }
}

/* ---- jobs over blocks of images ----
 *
 * With four blocks or more per worker, each worker takes whole blocks, with its own
 * scratch.  With fewer (a minibatch of 10 images is one block; five blocks on two
 * workers would leave one idle for a fifth of the op), the workers share each block, one block after the other: the transforms split by images, the 16
 * products by ξ.  Both run the same products on the same data, so the bits are the
 * same either way. */

typedef struct {
  Geometry g;
  int cin, cout;                /* of the convolution run (swapped for the adjoint) */
  const float *x, *bias, *gy;
  float *out;
  const float *u;               /* [16][cin][cout] */
  const float *zeros;
  float *scratch;               /* per worker (or shared when sharing blocks): V then M */
  size_t scratch_floats;
  bool share_blocks;
  int per_group;
  float *partial;               /* weight gradient: [group][16][oc][c] */
  double *image_sums;           /* forward: each image's moment sums (2 cout), or NULL */
} Job;

/* One block of a job: its images, tiles, and planes. */
typedef struct {
  const Job *job;
  int n0, count;
  size_t tiles;
  float *v, *m;                 /* V and M (or dM) */
  float *du;                    /* weight gradient: the group's partial */
  float beta;                   /* weight gradient: 0 for the group's first block */
} Block;

static Block
block_at (const Job *job, int k, int worker)
{
  const Geometry *g = &job->g;
  Block b = { job, k * g->images, 0, 0, NULL, NULL, NULL, 0.0f };
  b.count = MIN (g->images, g->n - b.n0);
  b.tiles = (size_t) b.count * g->th * g->tw;
  b.v = job->scratch + (size_t) worker * job->scratch_floats;
  b.m = b.v + 16 * g->tiles * (size_t) job->cin;
  return b;
}

/* Images [i0, i1) of the block, the planes' tiles for them. */
static Planes
block_planes (const Block *b, int i0)
{
  return (Planes) { b->tiles, (size_t) i0 * b->job->g.th * b->job->g.tw };
}

static void
forward_in (const Block *b, int i0, int i1)
{
  const Job *job = b->job;
  transform_input (&job->g, job->x, job->cin, b->n0 + i0, i1 - i0, job->zeros,
                   block_planes (b, i0), b->v);
}

/* M_ξ = V_ξ U_ξ, in pieces of at most PRODUCT_MACS. */
static void
forward_product (const Block *b, int xi)
{
  const Job *job = b->job;
  const size_t piece = MAX ((size_t) 1, PRODUCT_MACS / ((size_t) job->cin * job->cout));
  const float *v = b->v + (size_t) xi * b->tiles * job->cin;
  float *m = b->m + (size_t) xi * b->tiles * job->cout;
  for (size_t t0 = 0; t0 < b->tiles; t0 += piece)
    cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, (int) MIN (piece, b->tiles - t0),
                 job->cout, job->cin, 1.0f, v + t0 * job->cin, job->cin,
                 job->u + (size_t) xi * job->cin * job->cout, job->cout, 0.0f,
                 m + t0 * job->cout, job->cout);
}

MW_VECTOR_CLONES static void
forward_out (const Block *b, int i0, int i1)
{
  const Job *job = b->job;
  const Geometry *g = &job->g;
  float *y = job->out + (size_t) (b->n0 + i0) * g->h * g->w * job->cout;
  transform_output (g, b->m, job->cout, job->bias, i1 - i0, block_planes (b, i0), y);
  if (job->image_sums != NULL)
    {
      const size_t pixels = (size_t) g->h * g->w, oc = (size_t) job->cout;
      for (int i = i0; i < i1; i++)
        mw_image_moment_sums (y + (i - i0) * pixels * oc, pixels, oc, job->bias,
                              job->image_sums + (size_t) (b->n0 + i) * 2 * oc);
    }
}

static void
weight_grad_in (const Block *b, int i0, int i1)
{
  const Job *job = b->job;
  forward_in (b, i0, i1);
  transform_output_grad (&job->g, job->gy, job->cout, b->n0 + i0, i1 - i0, job->zeros,
                         block_planes (b, i0), b->m);
}

/* dU_ξ (oc × c) = β dU_ξ + dM_ξᵀ V_ξ, summed over runs of WEIGHT_GRAD_TILES tiles. */
static void
weight_grad_product (const Block *b, int xi)
{
  const Job *job = b->job;
  const float *dm = b->m + (size_t) xi * b->tiles * job->cout;
  const float *v = b->v + (size_t) xi * b->tiles * job->cin;
  for (size_t t0 = 0; t0 < b->tiles; t0 += WEIGHT_GRAD_TILES)
    cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, job->cout, job->cin,
                 (int) MIN ((size_t) WEIGHT_GRAD_TILES, b->tiles - t0), 1.0f,
                 dm + t0 * job->cout, job->cout, v + t0 * job->cin, job->cin,
                 t0 == 0 ? b->beta : 1.0f, b->du + (size_t) xi * job->cin * job->cout, job->cin);
}

/* One phase of a shared block, over workers: parts of its images, or its 16 ξ. */
typedef struct {
  const Block *b;
  void (*images) (const Block *b, int i0, int i1);
  void (*product) (const Block *b, int xi);
  int parts;
} Phase;

static gboolean
phase_part (int i, int worker, gpointer data)
{
  const Phase *p = data;
  (void) worker;
  if (p->product != NULL)
    p->product (p->b, i);
  else
    p->images (p->b, i * p->b->count / p->parts, (i + 1) * p->b->count / p->parts);
  return TRUE;
}

static void
shared_images (const Block *b, void (*fn) (const Block *, int, int))
{
  Phase p = { b, fn, NULL, MIN (b->count, 4 * mw_op_threads ()) };
  mw_op_parallel (p.parts, phase_part, &p);
}

static void
shared_products (const Block *b, void (*fn) (const Block *, int))
{
  Phase p = { b, NULL, fn, 16 };
  mw_op_parallel (16, phase_part, &p);
}

static gboolean
forward_block (int k, int worker, gpointer data)
{
  const Job *job = data;
  Block b = block_at (job, k, worker);
  if (job->share_blocks)
    {
      shared_images (&b, forward_in);
      shared_products (&b, forward_product);
      shared_images (&b, forward_out);
      return TRUE;
    }
  forward_in (&b, 0, b.count);
  for (int xi = 0; xi < 16; xi++)
    forward_product (&b, xi);
  forward_out (&b, 0, b.count);
  return TRUE;
}

static gboolean
weight_grad_group (int group, int worker, gpointer data)
{
  const Job *job = data;
  int k0 = group * job->per_group, k1 = MIN (job->g.n_blocks, k0 + job->per_group);
  for (int k = k0; k < k1; k++)
    {
      Block b = block_at (job, k, worker);
      b.du = job->partial + (size_t) group * 16 * job->cin * job->cout;
      b.beta = k == k0 ? 0.0f : 1.0f;
      if (job->share_blocks)
        {
          shared_images (&b, weight_grad_in);
          shared_products (&b, weight_grad_product);
          continue;
        }
      weight_grad_in (&b, 0, b.count);
      for (int xi = 0; xi < 16; xi++)
        weight_grad_product (&b, xi);
    }
  return TRUE;
}

/* Runs fn over [0, n) (blocks, or groups of blocks): on the workers, or, with too few
 * for them, in order here with each one shared. */
static void
run_job (Job *job, int n, MwParallelFunc fn)
{
  if (job->share_blocks)
    for (int i = 0; i < n; i++)
      fn (i, 0, job);
  else
    mw_op_parallel (n, fn, job);
}

/* The job's scratch from the tape: U (when u_floats), zeros, the workers' V and M,
 * then the groups' partials (the weight gradient's, groups > 0; the workers then
 * share out groups instead of blocks). */
static Job
job_new (MwTape *tape, const int *in_shape, int cin, int cout, size_t u_floats, int groups)
{
  Job job = { 0 };
  job.g = geometry (in_shape);
  job.cin = cin;
  job.cout = cout;
  const int n = groups > 0 ? groups : job.g.n_blocks;
  const int threads = mw_op_threads ();
  job.share_blocks = threads > 1 && n < 4 * threads;
  int workers = job.share_blocks ? 1 : MAX (1, MIN (threads, n));
  job.scratch_floats = 16 * job.g.tiles * (size_t) (cin + cout);
  size_t zeros = (size_t) MAX (cin, cout);
  size_t partial = groups > 0 ? (size_t) groups * 16 * cin * cout : 0;
  float *s = mw_tape_scratch (tape, u_floats + zeros + job.scratch_floats * workers + partial);
  job.u = u_floats > 0 ? s : NULL;
  memset (s + u_floats, 0, sizeof (float) * zeros);
  job.zeros = s + u_floats;
  job.scratch = s + u_floats + zeros;
  job.partial = partial > 0 ? job.scratch + job.scratch_floats * workers : NULL;
  return job;
}

/* The forward product of x (n × h × w × cin) with the transformed kernel u into out. */
static void
run_forward (Job *job, const float *x, const float *bias, float *out, double *image_sums)
{
  job->image_sums = image_sums;
  job->x = x;
  job->bias = bias;
  job->out = out;
  run_job (job, job->g.n_blocks, forward_block);
}

void
mw_winograd_forward (MwTape *tape, const float *x, const int *x_shape, const float *w,
                     const int *w_shape, const float *bias, float *y, double *image_sums)
{
  const int c = x_shape[3], oc = w_shape[0];
  const size_t u_floats = 16 * (size_t) c * oc;
  Job job = job_new (tape, x_shape, c, oc, 2 * u_floats, 0);
  /* Transformed as w is stored ([16][oc][c]), then each plane transposed, so that
   * both operands of the products are untransposed. */
  float *u = (float *) job.u, *t = u + u_floats;
  transform_kernel (w, oc, c, false, t);
  for (int xi = 0; xi < 16; xi++)
    for (int o = 0; o < oc; o++)
      for (int i = 0; i < c; i++)
        u[((size_t) xi * c + i) * oc + o] = t[((size_t) xi * oc + o) * c + i];
  run_forward (&job, x, bias, y, image_sums);
}

void
mw_winograd_input_grad (MwTape *tape, const float *gy, const float *w, const int *w_shape,
                        const int *x_shape, float *gx)
{
  /* The convolution of gy (channels oc) with the flipped kernel (channels c). */
  const int c = x_shape[3], oc = w_shape[0];
  const int gy_shape[4] = { x_shape[0], x_shape[1], x_shape[2], oc };
  const size_t u_floats = 16 * (size_t) c * oc;
  Job job = job_new (tape, gy_shape, oc, c, u_floats, 0);
  transform_kernel (w, oc, c, true, (float *) job.u);
  run_forward (&job, gy, NULL, gx, NULL);
}

void
mw_winograd_weight_grad (MwTape *tape, const float *x, const int *x_shape, const float *gy,
                         const int *w_shape, float *gw)
{
  const int c = x_shape[3], oc = w_shape[0];
  Geometry g = geometry (x_shape);
  if (g.n_blocks == 0)
    {
      memset (gw, 0, sizeof (float) * 9 * (size_t) c * oc);
      return;
    }
  const int per_group = (g.n_blocks + WEIGHT_GRAD_GROUPS - 1) / WEIGHT_GRAD_GROUPS;
  const int groups = (g.n_blocks + per_group - 1) / per_group;
  Job job = job_new (tape, x_shape, c, oc, 0, groups);
  job.per_group = per_group;
  job.x = x;
  job.gy = gy;
  run_job (&job, groups, weight_grad_group);
  const size_t len = 16 * (size_t) c * oc;
  for (int k = 1; k < groups; k++)
    {
      const float *restrict p = job.partial + (size_t) k * len;
      float *restrict sum = job.partial;
      for (size_t i = 0; i < len; i++)
        sum[i] += p[i];
    }
  untransform_kernel_grad (job.partial, oc, c, gw);
}
