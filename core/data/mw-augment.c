/* mw-augment.c: random affine distortions of training images (see mw-augment.h). */
#include "config.h"
#include "mw-augment.h"

#include <math.h>

static const char *const augment_names[] = { "none", "affine" };

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
