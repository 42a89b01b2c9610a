/* mw-block-tail-private.h: the kernels of a Conv4 block's tail (batch norm with batch
 * statistics, ReLU, max-pool) over a run of whole images, shared by mw_bn_relu_pool
 * (which keeps its input) and mw_conv_bn_relu_pool (which recomputes it a chunk at a
 * time).  x, y, g, gx and window point at the run's first image; a window's maximum
 * lies in its own image, so runs of images never write to the same place. */
#pragma once

#include "mw-op-private.h"

#include <string.h>

/* The backward of one of the tail's gradient nodes (node->iarg[0]: 0 for gx, 1 for gγ,
 * 2 for gβ; inputs g, x, γ as it depends on them, then the tail's output) for the
 * upstream gradient gout: ∂/∂g, ∂/∂x and ∂/∂γ into dg, dx and dgamma where not NULL. */
void mw_bn_relu_pool_second (MwTape *tape, const MwNode *node, const MwTensor *gout, float *dg,
                             float *dx, float *dgamma);

/* x → the batch-normed value, in the same float operations as normalize, mul, add. */
static inline float
tail_bn_value (float x, float mean, float istd, float gamma, float beta)
{
  float xh = (x - mean) * istd;
  return xh * gamma + beta;
}

/* Where the outputs' window maxima are: output row r's window starts at origin(r) in
 * x, and position p of a window (kept as one byte per output) is offset[p] further. */
typedef struct {
  int h, w, c, oh, ow, size;
  int32_t offset[256];
} Windows;

static inline void
windows_init (Windows *win, int h, int w, int c, int size)
{
  *win = (Windows) { h, w, c, h / size, w / size, size, { 0 } };
  for (int p = 0; p < size * size; p++)
    win->offset[p] = (int32_t) (((p / size) * w + p % size) * c);
}

static inline size_t
window_origin (const Windows *win, size_t r)
{
  size_t per_image = (size_t) win->oh * win->ow, bi = r / per_image, rem = r % per_image;
  size_t i = rem / (size_t) win->ow, jw = rem % (size_t) win->ow;
  return (((bi * win->h) + i * win->size) * win->w + jw * win->size) * win->c;
}

/* Normalises, rectifies and pools `count` images; window may be NULL, and so may
 * xh_max (x̂ at each window's maximum, for backward passes that then need not read x). */
static inline __attribute__ ((always_inline)) void
tail_pool (const Windows *win, int count, const float *restrict xd,
           const float *restrict mean, const float *restrict istd, const float *restrict g,
           const float *restrict b, float *restrict o, uint8_t *restrict window,
           float *restrict xh_max)
{
  const int c = win->c, size = win->size;
  float best[512];
  int32_t arg[512], best_x[512];   /* best_x: x at the maximum, as its bits (blended) */
  for (int bi = 0; bi < count; bi++)
    for (int i = 0; i < win->oh; i++)
      for (int jw = 0; jw < win->ow; jw++, o += c)
        {
          /* The window's first element, then strict > keeps the first maximum (as
           * max_pool2d over the ReLU output does, wherever the maximum is positive).
           * Branch-free per channel, so the loops vectorise. */
          for (int di = 0; di < size; di++)
            for (int dj = 0; dj < size; dj++)
              {
                const int32_t p = di * size + dj;
                const float *restrict xr
                  = xd + (((size_t) bi * win->h + (size_t) i * size + di) * win->w
                          + (size_t) jw * size + dj) * c;
                if (p == 0)
                  for (int ch = 0; ch < c; ch++)
                    {
                      best[ch] = tail_bn_value (xr[ch], mean[ch], istd[ch], g[ch], b[ch]);
                      memcpy (&best_x[ch], &xr[ch], sizeof (float));
                      arg[ch] = 0;
                    }
                else
                  for (int ch = 0; ch < c; ch++)
                    {
                      float v = tail_bn_value (xr[ch], mean[ch], istd[ch], g[ch], b[ch]);
                      float was = best[ch];
                      int32_t greater = -(int32_t) (v > was);   /* all ones or zero */
                      best[ch] = v > was ? v : was;
                      int32_t bits;
                      memcpy (&bits, &xr[ch], sizeof bits);
                      best_x[ch] = (best_x[ch] & ~greater) | (bits & greater);
                      arg[ch] = (arg[ch] & ~greater) | (p & greater);
                    }
              }
          for (int ch = 0; ch < c; ch++)
            o[ch] = best[ch] > 0.0f ? best[ch] : 0.0f;
          if (window != NULL)
            {
              for (int ch = 0; ch < c; ch++)
                window[ch] = (uint8_t) arg[ch];
              window += c;
            }
          if (xh_max != NULL)
            {
              for (int ch = 0; ch < c; ch++)
                {
                  float xm;
                  memcpy (&xm, &best_x[ch], sizeof xm);
                  xh_max[ch] = (xm - mean[ch]) * istd[ch];
                }
              xh_max += c;
            }
        }
}

/* Adds Σ gy and Σ gy·x̂ over the outputs of `count` images to s1 and s2, where gy is g
 * at each window's maximum where ReLU passes (y positive). */
static inline void
tail_grad_sums (const Windows *win, int count, const float *restrict xd,
                const float *restrict y, const float *restrict g,
                const uint8_t *restrict window, const float *restrict mean,
                const float *restrict istd, double *restrict s1, double *restrict s2)
{
  const int f = win->c;
  const size_t rows = (size_t) count * win->oh * win->ow;
  for (size_t r = 0; r < rows; r++)
    {
      const float *gr = g + r * f, *yr = y + r * f;
      const uint8_t *pr = window + r * f;
      const float *xo = xd + window_origin (win, r);
      for (int j = 0; j < f; j++)
        if (yr[j] > 0.0f)
          {
            float xh = (xo[win->offset[pr[j]] + j] - mean[j]) * istd[j];
            s1[j] += gr[j];
            s2[j] += (double) gr[j] * xh;
          }
    }
}

/* gx of `count` images (gx may be x itself): 1/σ · (−a1 − x̂ · a2) everywhere, with
 * a1 = γ·mean(gy), a2 = γ·mean(gy·x̂), then 1/σ · γ · gy added at the windows' maxima:
 * one pass over x instead of three. */
static inline void
tail_grad_x (const Windows *win, int count, const float *xd, const float *restrict y,
             const float *restrict g, const uint8_t *restrict window,
             const float *restrict mean, const float *restrict istd,
             const float *restrict gamma, const float *restrict a1, const float *restrict a2,
             float *gx)
{
  const int f = win->c;
  const size_t pixels = (size_t) count * win->h * win->w;
  for (size_t r = 0; r < pixels; r++)
    {
      const float *xr = xd + r * (size_t) f;
      float *o = gx + r * (size_t) f;
      for (int j = 0; j < f; j++)
        {
          float xh = (xr[j] - mean[j]) * istd[j];
          o[j] = -istd[j] * (a1[j] + xh * a2[j]);
        }
    }
  const size_t rows = (size_t) count * win->oh * win->ow;
  for (size_t r = 0; r < rows; r++)
    {
      const float *gr = g + r * f, *yr = y + r * f;
      const uint8_t *pr = window + r * f;
      float *go = gx + window_origin (win, r);
      for (int j = 0; j < f; j++)
        if (yr[j] > 0.0f)
          go[win->offset[pr[j]] + j] += istd[j] * gamma[j] * gr[j];
    }
}
