/* mw-planar.c: the planar task families (mw-planar.h). */
#include "config.h"
#include "mw-planar.h"

#include <math.h>

const char *const mw_planar_family_names[] = { "linear", "circles", "moons", NULL };

/* Moons: the unit upper half circle, and its point reflection through MOON_CX, MOON_CY
 * (the lower moon, shifted right and down as in the usual two-moons picture); the pair
 * is centred there, scaled by MOON_SCALE and turned. */
#define MOON_CX 0.5f
#define MOON_CY 0.25f
#define MOON_SCALE (MW_PLANAR_RANGE / 2.0f)
#define MOON_NOISE 0.1f     /* in the unscaled moon's units */

/* Tries before a rejection sampler gives up and takes the region's own centre point;
 * the regions are large enough (a circle of radius ≥ a sixth of the range) that it
 * never happens for circles in practice. */
#define MAX_TRIES 10000

void
mw_planar_task_sample (MwPlanarTask *t, const MwPlanarSpec *spec, MwRng *rng)
{
  *t = (MwPlanarTask) { .family = spec->family, .label_noise = (float) spec->label_noise };
  switch (spec->family)
    {
    case MW_PLANAR_LINEAR:
      {
        float spread = (float) (spec->spread * G_PI / 180.0);
        t->angle = mw_rng_uniform_range (rng, -spread, spread);
        t->offset = mw_rng_uniform_range (rng, -1.0f, 1.0f);
        break;
      }
    case MW_PLANAR_CIRCLES:
      /* Centres in the middle half of the range, radii from a sixth to two thirds of its
       * half side: both classes keep room inside it. */
      t->cx = mw_rng_uniform_range (rng, -0.5f * MW_PLANAR_RANGE, 0.5f * MW_PLANAR_RANGE);
      t->cy = mw_rng_uniform_range (rng, -0.5f * MW_PLANAR_RANGE, 0.5f * MW_PLANAR_RANGE);
      t->radius = mw_rng_uniform_range (rng, MW_PLANAR_RANGE / 6.0f, MW_PLANAR_RANGE * 2.0f / 3.0f);
      break;
    case MW_PLANAR_MOONS:
    default:
      t->angle = mw_rng_uniform_range (rng, 0.0f, (float) (2.0 * G_PI));
      break;
    }
}

/* Distance from (x, y) to the unit upper half circle. */
static float
upper_arc_distance (float x, float y)
{
  if (y >= 0.0f)
    return fabsf (hypotf (x, y) - 1.0f);
  return fminf (hypotf (x - 1.0f, y), hypotf (x + 1.0f, y));
}

/* (x, y) in the moons' own frame: turned back, unscaled, uncentred. */
static void
to_moon_frame (const MwPlanarTask *t, float x, float y, float *mx, float *my)
{
  float c = cosf (t->angle), s = sinf (t->angle);
  float u = (c * x + s * y) / MOON_SCALE, v = (-s * x + c * y) / MOON_SCALE;
  *mx = u + MOON_CX;
  *my = v + MOON_CY;
}

float
mw_planar_task_margin (const MwPlanarTask *t, float x, float y)
{
  switch (t->family)
    {
    case MW_PLANAR_LINEAR:
      return cosf (t->angle) * x + sinf (t->angle) * y - t->offset;
    case MW_PLANAR_CIRCLES:
      return t->radius - hypotf (x - t->cx, y - t->cy);
    case MW_PLANAR_MOONS:
    default:
      {
        float mx, my;
        to_moon_frame (t, x, y, &mx, &my);
        /* Class 0 is the upper moon, class 1 its reflection: nearer to which arc. */
        float d0 = upper_arc_distance (mx, my);
        float d1 = upper_arc_distance (2.0f * MOON_CX - mx, 2.0f * MOON_CY - my);
        return (d0 - d1) * MOON_SCALE;
      }
    }
}

static gboolean
in_range (float x, float y)
{
  return fabsf (x) <= MW_PLANAR_RANGE && fabsf (y) <= MW_PLANAR_RANGE;
}

void
mw_planar_task_point (const MwPlanarTask *t, MwRng *rng, int label, float *xy)
{
  if (t->family == MW_PLANAR_MOONS)
    {
      float a = mw_rng_uniform_range (rng, 0.0f, (float) G_PI);
      float mx = cosf (a), my = sinf (a);
      if (label == 1)
        {
          mx = 2.0f * MOON_CX - mx;
          my = 2.0f * MOON_CY - my;
        }
      mx += MOON_NOISE * mw_rng_normal (rng) - MOON_CX;
      my += MOON_NOISE * mw_rng_normal (rng) - MOON_CY;
      float c = cosf (t->angle), s = sinf (t->angle);
      xy[0] = MOON_SCALE * (c * mx - s * my);
      xy[1] = MOON_SCALE * (s * mx + c * my);
      return;
    }
  for (int i = 0; i < MAX_TRIES; i++)
    {
      float x, y;
      if (t->family == MW_PLANAR_CIRCLES && label == 1)
        {
          /* Uniform in the disc, then kept if inside the range. */
          float r = t->radius * sqrtf ((float) mw_rng_uniform (rng));
          float a = mw_rng_uniform_range (rng, 0.0f, (float) (2.0 * G_PI));
          x = t->cx + r * cosf (a);
          y = t->cy + r * sinf (a);
          if (!in_range (x, y))
            continue;
        }
      else
        {
          x = mw_rng_uniform_range (rng, -MW_PLANAR_RANGE, MW_PLANAR_RANGE);
          y = mw_rng_uniform_range (rng, -MW_PLANAR_RANGE, MW_PLANAR_RANGE);
          float m = mw_planar_task_margin (t, x, y);
          if ((label == 1) != (m > 0.0f))
            continue;
        }
      xy[0] = x;
      xy[1] = y;
      return;
    }
  /* A region too small to hit: a point just on its side of the boundary. */
  if (t->family == MW_PLANAR_CIRCLES)
    {
      xy[0] = t->cx + (label == 1 ? 0.0f : t->radius + 0.1f);
      xy[1] = t->cy;
    }
  else
    {
      float sign = label == 1 ? 1.0f : -1.0f;
      float d = t->offset + 0.1f * sign;
      xy[0] = cosf (t->angle) * d;
      xy[1] = sinf (t->angle) * d;
    }
}

void
mw_planar_task_points (const MwPlanarTask *t, MwRng *rng, int per_class, MwTensor *x,
                       int32_t *labels)
{
  g_return_if_fail (x->numel == (size_t) 4 * per_class);
  for (int i = 0; i < 2 * per_class; i++)
    {
      int label = i / per_class;
      gboolean flip = t->label_noise > 0.0f && mw_rng_uniform (rng) < t->label_noise;
      mw_planar_task_point (t, rng, flip ? 1 - label : label, x->data + 2 * (size_t) i);
      labels[i] = label;
    }
}
