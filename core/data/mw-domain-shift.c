/* mw-domain-shift.c: the offline domain shifts (mw-domain-shift.h).
 *
 * The textured background follows MNIST-M (Ganin et al. 2016), which blends digits
 * with patches of photographs; here the backgrounds are drawn (no photographs ship
 * with the program), in five kinds, and the strokes are laid over them at full
 * brightness while the background stays at most 0.6: the strokes remain the brightest
 * thing in the image, so a person still reads them, yet a model that has only seen
 * black paper meets a background it never learnt to ignore. */
#include "config.h"
#include "mw-domain-shift.h"
#include "mw-augment.h"
#include "mw-dataset-private.h"
#include "mw-rng.h"

#include <math.h>
#include <string.h>

const char *const mw_shift_kind_names[] = {
  "none", "inverted", "textured", "thick", "thin", "rotated", NULL
};
G_STATIC_ASSERT (G_N_ELEMENTS (mw_shift_kind_names) == MW_SHIFT_COUNT + 1);

/* The background's brightness range: dark enough under strokes of 1 to read them. */
#define BACKGROUND_LOW_MAX 0.15f
#define BACKGROUND_HIGH_MIN 0.4f
#define BACKGROUND_HIGH_MAX 0.6f

void
mw_shift_spec_init (MwShiftSpec *spec, MwShiftKind kind)
{
  *spec = (MwShiftSpec) { kind, 0.0, 30.0, MW_SHIFT_SEED };
}

const char *
mw_shift_kind_name (MwShiftKind kind)
{
  return kind < MW_SHIFT_COUNT ? mw_shift_kind_names[kind] : mw_shift_kind_names[0];
}

gboolean
mw_shift_kind_from_name (const char *name, MwShiftKind *kind)
{
  for (int k = 0; k < MW_SHIFT_COUNT; k++)
    if (g_ascii_strcasecmp (name, mw_shift_kind_names[k]) == 0)
      {
        *kind = (MwShiftKind) k;
        return TRUE;
      }
  return FALSE;
}

void
mw_shift_invert (const uint8_t *src, uint8_t *dst, size_t n)
{
  for (size_t i = 0; i < n; i++)
    dst[i] = (uint8_t) (255 - src[i]);
}

void
mw_shift_morph (const uint8_t *src, uint8_t *dst, int height, int width, int channels,
                double radius, gboolean dilate)
{
  radius = CLAMP (radius, MW_SHIFT_RADIUS_MIN, MW_SHIFT_RADIUS_MAX);
  int reach = (int) ceil (radius + 1.0);
  int side = 2 * reach + 1;
  float *weight = g_new (float, (size_t) side * side);
  for (int dy = -reach; dy <= reach; dy++)
    for (int dx = -reach; dx <= reach; dx++)
      weight[(dy + reach) * side + dx + reach]
        = CLAMP ((float) (radius + 1.0 - hypot (dx, dy)), 0.0f, 1.0f);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      for (int c = 0; c < channels; c++)
        {
          /* Erosion dilates the paper (255 − v) and turns it back. */
          float best = 0;
          for (int dy = -reach; dy <= reach; dy++)
            {
              int sy = y + dy;
              if (sy < 0 || sy >= height)
                continue;
              for (int dx = -reach; dx <= reach; dx++)
                {
                  int sx = x + dx;
                  float w = weight[(dy + reach) * side + dx + reach];
                  if (sx < 0 || sx >= width || w <= 0)
                    continue;
                  float v = src[((size_t) sy * width + sx) * channels + c];
                  v = w * (dilate ? v : 255.0f - v);
                  if (v > best)
                    best = v;
                }
            }
          /* Rounded before turning back, so erosion and dilation are duals to the byte. */
          long r = dilate ? lrintf (best) : 255 - lrintf (best);
          dst[((size_t) y * width + x) * channels + c] = (uint8_t) CLAMP (r, 0, 255);
        }
  g_free (weight);
}

void
mw_shift_rotate (const uint8_t *src, uint8_t *dst, int height, int width, int channels,
                 double degrees)
{
  size_t n = (size_t) height * width * channels;
  float *in = g_new (float, n), *out = g_new (float, n);
  /* In byte units, so that a turn by 0 gives back every byte exactly. */
  for (size_t i = 0; i < n; i++)
    in[i] = src[i];
  /* The map reads the source for each output pixel: for a counter-clockwise turn on
   * screen (y pointing down) that is the clockwise matrix of the angle. */
  float a = (float) (degrees * G_PI / 180.0);
  float c = cosf (a), s = sinf (a);
  MwAffine map = { { { c, -s }, { s, c } }, { 0.0f, 0.0f } };
  mw_affine_warp (&map, in, out, height, width, channels);
  for (size_t i = 0; i < n; i++)
    dst[i] = (uint8_t) CLAMP (lrintf (out[i]), 0, 255);
  g_free (in);
  g_free (out);
}

/* ---- textures ---- */

/* A value in [0, 1) for the lattice point (i, j) of key. */
static float
lattice (uint64_t key, int i, int j)
{
  uint64_t h = mw_rng_derive (key, ((uint64_t) (uint32_t) i << 32) | (uint32_t) j);
  return (float) (h >> 40) * (1.0f / 16777216.0f);
}

static float
smooth (float t)
{
  return t * t * (3.0f - 2.0f * t);
}

/* Value noise at (u, v) ∈ [0, 1]² with freq cells across. */
static float
value_noise (uint64_t key, float u, float v, float freq)
{
  float p = u * freq, q = v * freq;
  float fp = floorf (p), fq = floorf (q);
  int i = (int) fp, j = (int) fq;
  float a = smooth (p - fp), b = smooth (q - fq);
  float top = lattice (key, i, j) + a * (lattice (key, i + 1, j) - lattice (key, i, j));
  float bottom = lattice (key, i, j + 1) + a * (lattice (key, i + 1, j + 1) - lattice (key, i, j + 1));
  return top + b * (bottom - top);
}

/* Fractal noise: octaves of value noise, each twice the frequency at half the weight. */
static float
fractal_noise (uint64_t key, float u, float v, float freq, int octaves)
{
  float sum = 0, weight = 1, total = 0;
  for (int o = 0; o < octaves; o++)
    {
      sum += weight * value_noise (mw_rng_derive (key, (uint64_t) o), u, v, freq);
      total += weight;
      weight *= 0.5f;
      freq *= 2.0f;
    }
  return sum / total;
}

MwTextureKind
mw_shift_texture_kind (uint64_t seed, uint64_t index)
{
  MwRng rng;
  mw_rng_init (&rng, seed, index);
  return (MwTextureKind) mw_rng_below (&rng, MW_TEXTURE_COUNT);
}

void
mw_shift_texture (MwTextureKind kind, float *out, int height, int width, uint64_t seed,
                  uint64_t index)
{
  /* The kind's parameters come from the image's own stream after the draw of the kind
   * (mw_shift_texture_kind), so any kind can be drawn for any image. */
  MwRng rng;
  mw_rng_init (&rng, seed, index);
  (void) mw_rng_below (&rng, MW_TEXTURE_COUNT);
  uint64_t key = mw_rng_derive (seed, index);
  float theta = mw_rng_uniform_range (&rng, 0.0f, (float) G_PI);
  float dir_x = cosf (theta), dir_y = sinf (theta);
  float phase = mw_rng_uniform_range (&rng, 0.0f, 2.0f * (float) G_PI);
  float freq = mw_rng_uniform_range (&rng, 3.0f, 7.0f);
  float cx = mw_rng_uniform_range (&rng, -0.5f, 1.5f), cy = mw_rng_uniform_range (&rng, -0.5f, 1.5f);
  const float two_pi = 2.0f * (float) G_PI;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        /* Positions as shares of the side, so a texture looks the same at any size. */
        float u = ((float) x + 0.5f) / (float) width, v = ((float) y + 0.5f) / (float) height;
        float along = u * dir_x + v * dir_y;
        float t;
        switch (kind)
          {
          case MW_TEXTURE_NOISE:
            t = fractal_noise (key, u, v, freq, 4);
            /* Value noise gathers about ½: stretched to use the range. */
            t = 0.5f + 1.8f * (t - 0.5f);
            break;
          case MW_TEXTURE_STRIPES:
            t = 0.5f + 0.5f * sinf (two_pi * along * freq * 1.5f + phase)
                + 0.3f * (fractal_noise (key, u, v, 8.0f, 2) - 0.5f);
            break;
          case MW_TEXTURE_WOOD:
            {
              float r = hypotf (u - cx, v - cy) + 0.12f * fractal_noise (key, u, v, 3.0f, 3);
              float ring = r * freq * 2.0f - floorf (r * freq * 2.0f);
              t = 0.25f + 0.75f * ring * ring;
              break;
            }
          case MW_TEXTURE_MARBLE:
            t = 0.5f + 0.5f * sinf (two_pi * along * freq + phase
                                    + 6.0f * fractal_noise (key, u, v, 2.5f, 4));
            t = sqrtf (CLAMP (t, 0.0f, 1.0f));
            break;
          default:
            {
              /* A light falling across the picture, soft shapes, and film grain. */
              float light = 0.5f + 0.5f * (2.0f * along - (dir_x + dir_y));
              float blobs = fractal_noise (key, u, v, 2.0f, 2);
              float grain = lattice (key ^ G_GUINT64_CONSTANT (0x9e3779b97f4a7c15), x, y);
              t = 0.45f * light + 0.45f * blobs + 0.1f * grain;
              break;
            }
          }
        out[(size_t) y * width + x] = CLAMP (t, 0.0f, 1.0f);
      }
}

static void
shift_textured (const MwShiftSpec *spec, const uint8_t *src, uint8_t *dst, int height,
                int width, int channels, uint64_t index)
{
  size_t n = (size_t) height * width;
  float *texture = g_new (float, n);
  mw_shift_texture (mw_shift_texture_kind (spec->seed, index), texture, height, width,
                    spec->seed, index);
  /* The brightness range and (in colour) the tint: from a stream of their own. */
  MwRng rng;
  mw_rng_init (&rng, mw_rng_derive (spec->seed, G_GUINT64_CONSTANT (1) << 62), index);
  float low = mw_rng_uniform_range (&rng, 0.0f, BACKGROUND_LOW_MAX);
  float high = mw_rng_uniform_range (&rng, BACKGROUND_HIGH_MIN, BACKGROUND_HIGH_MAX);
  float tint[3] = { 1.0f, 1.0f, 1.0f };
  if (channels == 3)
    for (int c = 0; c < 3; c++)
      tint[c] = mw_rng_uniform_range (&rng, 0.6f, 1.0f);
  for (size_t p = 0; p < n; p++)
    for (int c = 0; c < channels; c++)
      {
        float background = (low + (high - low) * texture[p]) * tint[MIN (c, 2)];
        float ink = src[p * channels + c] * (1.0f / 255.0f);
        /* Strokes over the background, their antialiased edges blended. */
        float v = background * (1.0f - ink) + ink;
        dst[p * channels + c] = (uint8_t) CLAMP (lrintf (v * 255.0f), 0, 255);
      }
  g_free (texture);
}

void
mw_shift_image (const MwShiftSpec *spec, const uint8_t *src, uint8_t *dst, int height,
                int width, int channels, uint64_t index)
{
  size_t n = (size_t) height * width * channels;
  switch (spec->kind)
    {
    case MW_SHIFT_INVERTED:
      mw_shift_invert (src, dst, n);
      break;
    case MW_SHIFT_TEXTURED:
      shift_textured (spec, src, dst, height, width, channels, index);
      break;
    case MW_SHIFT_THICK:
    case MW_SHIFT_THIN:
      mw_shift_morph (src, dst, height, width, channels,
                      spec->radius > 0 ? spec->radius
                      : spec->kind == MW_SHIFT_THICK ? MW_SHIFT_THICK_RADIUS : MW_SHIFT_THIN_RADIUS,
                      spec->kind == MW_SHIFT_THICK);
      break;
    case MW_SHIFT_ROTATED:
      {
        /* ± the angle, not anything between: every image is turned as far, so the
         * shift is as large for all of them. */
        MwRng rng;
        mw_rng_init (&rng, spec->seed, index);
        double sign = mw_rng_uniform (&rng) < 0.5 ? -1.0 : 1.0;
        mw_shift_rotate (src, dst, height, width, channels, sign * spec->angle);
        break;
      }
    default:
      memmove (dst, src, n);
      break;
    }
}

uint64_t
mw_shift_image_index (const MwDataset *ds, int i)
{
  if (ds->image_sources == NULL || ds->image_sources[i] == NULL)
    return (uint64_t) i;
  /* The last two parts of the path ("character01/0101_01.png", "Alphabet/x.png" of a
   * zip entry): the folder holding the data differs between computers. */
  const char *source = ds->image_sources[i];
  const char *start = source;
  int slashes = 0;
  for (const char *p = source + strlen (source); p > source; p--)
    if (p[-1] == '/' && ++slashes == 2)
      {
        start = p;
        break;
      }
  /* FNV-1a: stable across platforms and releases, unlike g_str_hash's contract. */
  uint64_t h = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  for (const unsigned char *p = (const unsigned char *) start; *p; p++)
    {
      h ^= *p;
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }
  return h;
}

typedef struct {
  const MwShiftSpec *spec;
  MwDataset *ds;
} ShiftJob;

static gboolean
shift_one (int i, int worker, gpointer data)
{
  (void) worker;
  ShiftJob *job = data;
  MwDataset *ds = job->ds;
  size_t bytes = (size_t) ds->height * ds->width * ds->channels;
  uint8_t *image = ds->pixels + (size_t) i * bytes;
  uint8_t *copy = g_memdup2 (image, bytes);
  mw_shift_image (job->spec, copy, image, ds->height, ds->width, ds->channels,
                  mw_shift_image_index (ds, i));
  g_free (copy);
  return TRUE;
}

void
mw_shift_dataset (MwDataset *ds, const MwShiftSpec *spec)
{
  if (spec->kind == MW_SHIFT_NONE || spec->kind >= MW_SHIFT_COUNT)
    return;
  ShiftJob job = { spec, ds };
  mw_parallel_for (ds->n_images, 0, shift_one, &job);
  char *name = g_strdup_printf ("%s, %s", ds->name, mw_shift_kind_name (spec->kind));
  g_free (ds->name);
  ds->name = name;
}
