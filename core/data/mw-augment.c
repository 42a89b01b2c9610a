/* mw-augment.c: random distortions of training images (see mw-augment.h). */
#include "config.h"
#include "mw-augment.h"

#include <math.h>

static const char *const augment_names[] = { "none", "affine", "photo" };

const char *
mw_augment_name (MwAugment kind)
{
  return (unsigned) kind < G_N_ELEMENTS (augment_names) ? augment_names[kind] : NULL;
}

void
mw_affine_draw (MwAffine *map, MwRng *rng, int size)
{
  /* Each part is present with probability ½, as in Koch et al.; the draws happen in a
   * fixed order so that a seed gives the same maps. */
  float theta = 0.0f, shear_x = 0.0f, shear_y = 0.0f, scale_x = 1.0f, scale_y = 1.0f;
  float tx = 0.0f, ty = 0.0f;
  const float max_shift = 2.0f / 105.0f * (float) size;
  if (mw_rng_uniform (rng) < 0.5)
    theta = mw_rng_uniform_range (rng, -10.0f, 10.0f) * (float) G_PI / 180.0f;
  if (mw_rng_uniform (rng) < 0.5)
    {
      shear_x = mw_rng_uniform_range (rng, -0.3f, 0.3f);
      shear_y = mw_rng_uniform_range (rng, -0.3f, 0.3f);
    }
  if (mw_rng_uniform (rng) < 0.5)
    {
      scale_x = mw_rng_uniform_range (rng, 0.8f, 1.2f);
      scale_y = mw_rng_uniform_range (rng, 0.8f, 1.2f);
    }
  if (mw_rng_uniform (rng) < 0.5)
    {
      tx = mw_rng_uniform_range (rng, -max_shift, max_shift);
      ty = mw_rng_uniform_range (rng, -max_shift, max_shift);
    }
  /* Rotation · shear · scale, read as the map from output to source pixels (so a
   * scale of 1.2 shrinks the drawing a little). */
  float c = cosf (theta), s = sinf (theta);
  float sh[2][2] = { { 1.0f, shear_x }, { shear_y, 1.0f } };
  float rs[2][2] = { { c * sh[0][0] - s * sh[1][0], c * sh[0][1] - s * sh[1][1] },
                     { s * sh[0][0] + c * sh[1][0], s * sh[0][1] + c * sh[1][1] } };
  map->m[0][0] = rs[0][0] * scale_x;
  map->m[0][1] = rs[0][1] * scale_y;
  map->m[1][0] = rs[1][0] * scale_x;
  map->m[1][1] = rs[1][1] * scale_y;
  map->shift[0] = tx;
  map->shift[1] = ty;
}

static inline int
clamp_int (int v, int lo, int hi)
{
  return v < lo ? lo : v > hi ? hi : v;
}

void
mw_affine_warp (const MwAffine *map, const float *src, float *dst, int height, int width,
                int channels)
{
  const float cx = 0.5f * (float) (width - 1), cy = 0.5f * (float) (height - 1);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        float u = (float) x - cx - map->shift[0], v = (float) y - cy - map->shift[1];
        float sx = map->m[0][0] * u + map->m[0][1] * v + cx;
        float sy = map->m[1][0] * u + map->m[1][1] * v + cy;
        float fx = floorf (sx), fy = floorf (sy);
        float ax = sx - fx, ay = sy - fy;
        /* Far outside, floorf can exceed int; the map's ranges keep it within a few
         * sides of the image, and the clamp below keeps every read inside. */
        int x0 = clamp_int ((int) fx, 0, width - 1), x1 = clamp_int ((int) fx + 1, 0, width - 1);
        int y0 = clamp_int ((int) fy, 0, height - 1), y1 = clamp_int ((int) fy + 1, 0, height - 1);
        const float *p00 = src + ((size_t) y0 * width + x0) * channels;
        const float *p01 = src + ((size_t) y0 * width + x1) * channels;
        const float *p10 = src + ((size_t) y1 * width + x0) * channels;
        const float *p11 = src + ((size_t) y1 * width + x1) * channels;
        float *o = dst + ((size_t) y * width + x) * channels;
        for (int k = 0; k < channels; k++)
          {
            float top = p00[k] + ax * (p01[k] - p00[k]);
            float bottom = p10[k] + ax * (p11[k] - p10[k]);
            o[k] = top + ay * (bottom - top);
          }
      }
}

void
mw_photo_augment_draw (MwPhotoAugment *a, MwRng *rng, int height, int width)
{
  /* Area and aspect first, then where the crop lies, then the flip and the jitter: the
   * draws happen in this order whatever they turn out to be. */
  float area = mw_rng_uniform_range (rng, 0.6f, 1.0f);
  float log_ratio = mw_rng_uniform_range (rng, logf (3.0f / 4.0f), logf (4.0f / 3.0f));
  float ratio = expf (log_ratio);
  float w = sqrtf (area * ratio), h = sqrtf (area / ratio);
  /* As fractions of the sides; a side over 1 is cut to the whole side. */
  w = MIN (w, 1.0f) * (float) width;
  h = MIN (h, 1.0f) * (float) height;
  float u = mw_rng_uniform (rng), v = mw_rng_uniform (rng);
  a->x0 = u * ((float) width - w);
  a->y0 = v * ((float) height - h);
  a->w = w;
  a->h = h;
  a->flip = mw_rng_uniform (rng) < 0.5;
  a->brightness = mw_rng_uniform_range (rng, 0.8f, 1.2f);
  a->contrast = mw_rng_uniform_range (rng, 0.8f, 1.2f);
  a->saturation = mw_rng_uniform_range (rng, 0.8f, 1.2f);
}

static inline float
clamp01 (float v)
{
  return v < 0.0f ? 0.0f : v > 1.0f ? 1.0f : v;
}

void
mw_photo_augment_apply (const MwPhotoAugment *a, const float *src, float *dst, int height,
                        int width, int channels)
{
  /* Output pixel centres map onto the crop's; reads are clamped to the image. */
  float sx_step = a->w / (float) width, sy_step = a->h / (float) height;
  double sum = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        int xo = a->flip ? width - 1 - x : x;
        float sx = a->x0 + ((float) x + 0.5f) * sx_step - 0.5f;
        float sy = a->y0 + ((float) y + 0.5f) * sy_step - 0.5f;
        float fx = floorf (sx), fy = floorf (sy);
        float ax = sx - fx, ay = sy - fy;
        int x0 = clamp_int ((int) fx, 0, width - 1), x1 = clamp_int ((int) fx + 1, 0, width - 1);
        int y0 = clamp_int ((int) fy, 0, height - 1), y1 = clamp_int ((int) fy + 1, 0, height - 1);
        const float *p00 = src + ((size_t) y0 * width + x0) * channels;
        const float *p01 = src + ((size_t) y0 * width + x1) * channels;
        const float *p10 = src + ((size_t) y1 * width + x0) * channels;
        const float *p11 = src + ((size_t) y1 * width + x1) * channels;
        float *o = dst + ((size_t) y * width + xo) * channels;
        for (int k = 0; k < channels; k++)
          {
            float top = p00[k] + ax * (p01[k] - p00[k]);
            float bottom = p10[k] + ax * (p11[k] - p10[k]);
            o[k] = clamp01 ((top + ay * (bottom - top)) * a->brightness);
            sum += o[k];
          }
      }
  /* Contrast about the image's mean; saturation about each pixel's grey (Rec. 601
   * luma, as torchvision's). */
  size_t n = (size_t) height * width;
  float mean = n > 0 ? (float) (sum / (double) (n * channels)) : 0.0f;
  for (size_t p = 0; p < n; p++)
    {
      float *o = dst + p * channels;
      for (int k = 0; k < channels; k++)
        o[k] = clamp01 (mean + a->contrast * (o[k] - mean));
      if (channels == 3)
        {
          float grey = 0.299f * o[0] + 0.587f * o[1] + 0.114f * o[2];
          for (int k = 0; k < 3; k++)
            o[k] = clamp01 (grey + a->saturation * (o[k] - grey));
        }
    }
}
