/* mw-glyphs.c: the built-in glyph set, drawn procedurally so the application has a
 * real few-shot problem to show on first start, offline and with no files.
 *
 * A class is a random "stroke program": 2–4 strokes, each a cubic Bézier curve or a
 * polyline through 3 points, inside the unit square.  A drawing of the class shifts
 * each stroke a little and perturbs every control point (as a hand would), applies a small random affine map (rotation ±10°, scale
 * 0.9–1.1 with a slight squash, shift) and a stroke width of 1.5–2.5 px (at 28×28;
 * scaled with the size), then renders antialiased: a pixel's ink is its coverage,
 * estimated from its distance to the nearest stroke.  Like Omniglot, ink is 255.
 *
 * Randomness: class c is drawn from stream c of the seed and drawing i of class c from
 * stream (c + 1)·2³² + i, so a class looks the same whatever n_classes and per_class
 * are, and the set is identical on any number of threads. */
#include "config.h"
#include "mw-data-kind.h"
#include "mw-dataset.h"
#include "mw-dataset-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#define MAX_STROKES 4
#define SEGMENTS 24               /* line segments per rendered stroke */

typedef struct {
  int kind;                       /* 0: cubic Bézier (4 points), 1: polyline (3 points) */
  int n_points;
  float x[4], y[4];
} Stroke;

typedef struct {
  int n_strokes;
  Stroke strokes[MAX_STROKES];
} Program;

typedef struct {
  const Program *programs;
  int per_class, size;
  uint64_t seed;
  uint8_t *pixels;
} GlyphJob;

static void
program_sample (Program *p, MwRng *rng)
{
  p->n_strokes = 2 + (int) mw_rng_below (rng, 3);
  for (int s = 0; s < p->n_strokes; s++)
    {
      Stroke *st = &p->strokes[s];
      st->kind = mw_rng_uniform (rng) < 0.6 ? 0 : 1;
      st->n_points = st->kind == 0 ? 4 : 3;
      /* Ends far enough apart that every stroke is visible, not a dot. */
      float len;
      do
        {
          for (int k = 0; k < st->n_points; k++)
            {
              st->x[k] = mw_rng_uniform_range (rng, 0.12f, 0.88f);
              st->y[k] = mw_rng_uniform_range (rng, 0.12f, 0.88f);
            }
          int e = st->n_points - 1;
          len = hypotf (st->x[e] - st->x[0], st->y[e] - st->y[0]);
        }
      while (len < 0.3f);
    }
}

static void
curve_point (const Stroke *st, float t, float *x, float *y)
{
  if (st->kind == 0)
    {
      float u = 1 - t;
      float b0 = u * u * u, b1 = 3 * u * u * t, b2 = 3 * u * t * t, b3 = t * t * t;
      *x = b0 * st->x[0] + b1 * st->x[1] + b2 * st->x[2] + b3 * st->x[3];
      *y = b0 * st->y[0] + b1 * st->y[1] + b2 * st->y[2] + b3 * st->y[3];
    }
  else
    {
      float f = t * (st->n_points - 1);
      int k = MIN ((int) f, st->n_points - 2);
      float a = f - k;
      *x = st->x[k] + a * (st->x[k + 1] - st->x[k]);
      *y = st->y[k] + a * (st->y[k + 1] - st->y[k]);
    }
}

/* Lowers dist[] (size × size) to each pixel centre's distance from segment a–b. */
static void
segment_distance (float *dist, int size, float ax, float ay, float bx, float by, float reach)
{
  int x0 = MAX (0, (int) floorf (MIN (ax, bx) - reach));
  int x1 = MIN (size - 1, (int) ceilf (MAX (ax, bx) + reach));
  int y0 = MAX (0, (int) floorf (MIN (ay, by) - reach));
  int y1 = MIN (size - 1, (int) ceilf (MAX (ay, by) + reach));
  float dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      {
        float px = x + 0.5f - ax, py = y + 0.5f - ay;
        float t = len2 > 0 ? (px * dx + py * dy) / len2 : 0;
        t = CLAMP (t, 0.0f, 1.0f);
        float ex = px - t * dx, ey = py - t * dy;
        float d = sqrtf (ex * ex + ey * ey);
        float *o = &dist[y * size + x];
        if (d < *o)
          *o = d;
      }
}

static gboolean
draw_one (int index, int worker, gpointer data)
{
  GlyphJob *job = data;
  int c = index / job->per_class, i = index % job->per_class, size = job->size;
  MwRng rng;
  mw_rng_init (&rng, job->seed, ((uint64_t) (c + 1) << 32) | (uint32_t) i);
  const Program *p = &job->programs[c];

  float angle = mw_rng_uniform_range (&rng, -10.0f, 10.0f) * (float) G_PI / 180.0f;
  float scale = mw_rng_uniform_range (&rng, 0.9f, 1.1f);
  float squash = mw_rng_uniform_range (&rng, 0.95f, 1.05f);
  float sx = scale * squash, sy = scale / squash;
  float tx = mw_rng_uniform_range (&rng, -0.06f, 0.06f);
  float ty = mw_rng_uniform_range (&rng, -0.06f, 0.06f);
  float ca = cosf (angle), sa = sinf (angle);
  float radius = 0.5f * mw_rng_uniform_range (&rng, 1.5f, 2.5f) * (float) size / 28.0f;
  /* Measured with 5-way episodes (seed 42, 200 classes): an untrained Conv4 with
   * nearest prototypes gets ≈ 71% 1-shot and 89% 5-shot (Omniglot: 56% and 77%), so
   * the classes are distinct yet 1-shot needs learning. */
  const float noise = 0.04f, stroke_shift = 0.03f;

  float *dist = g_new (float, (size_t) size * size);
  for (int k = 0; k < size * size; k++)
    dist[k] = G_MAXFLOAT;
  for (int s = 0; s < p->n_strokes; s++)
    {
      Stroke st = p->strokes[s];
      float ox = stroke_shift * mw_rng_normal (&rng), oy = stroke_shift * mw_rng_normal (&rng);
      for (int k = 0; k < st.n_points; k++)
        {
          /* Jitter, then the affine map about the centre, then to pixels. */
          float ux = st.x[k] + ox + noise * mw_rng_normal (&rng) - 0.5f;
          float uy = st.y[k] + oy + noise * mw_rng_normal (&rng) - 0.5f;
          float rx = ca * sx * ux - sa * sy * uy, ry = sa * sx * ux + ca * sy * uy;
          st.x[k] = (rx + 0.5f + tx) * size;
          st.y[k] = (ry + 0.5f + ty) * size;
        }
      float px, py;
      curve_point (&st, 0.0f, &px, &py);
      for (int m = 1; m <= SEGMENTS; m++)
        {
          float qx, qy;
          curve_point (&st, (float) m / SEGMENTS, &qx, &qy);
          segment_distance (dist, size, px, py, qx, qy, radius + 1.0f);
          px = qx;
          py = qy;
        }
    }
  uint8_t *out = job->pixels + (size_t) index * size * size;
  for (int k = 0; k < size * size; k++)
    {
      /* Coverage of a pixel by a stroke of this radius, linear across its edge. */
      float cov = CLAMP (radius + 0.5f - dist[k], 0.0f, 1.0f);
      out[k] = (uint8_t) lrintf (cov * 255.0f);
    }
  g_free (dist);
  return TRUE;
}

MwDataset *
mw_glyphs_new (int n_classes, int per_class, int size, uint64_t seed, GError **error)
{
  g_return_val_if_fail (n_classes >= 1 && per_class >= 1 && size >= 4 && size <= 1024, NULL);
  /* The settings can ask for any count: the drawings are indexed with int and their
   * pixels with size_t, so both products are checked before anything is allocated. */
  size_t n_drawings, image_bytes, pixel_bytes;
  if (!g_size_checked_mul (&n_drawings, (size_t) n_classes, (size_t) per_class)
      || n_drawings > G_MAXINT
      || !g_size_checked_mul (&image_bytes, (size_t) size, (size_t) size)
      || !g_size_checked_mul (&pixel_bytes, n_drawings, image_bytes))
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("the glyph set cannot have %d classes × %d drawings of %d × %d pixels: "
                     "more drawings than can be counted (at most %d in all)"),
                   n_classes, per_class, size, size, G_MAXINT);
      return NULL;
    }
  char *name = g_strdup_printf ("glyphs (%d classes, seed %" G_GUINT64_FORMAT ")", n_classes,
                                (guint64) seed);
  MwDataset *ds = mw_dataset_alloc (name, size, size, 1);
  g_free (name);
  int n = (int) n_drawings;
  ds->n_classes = n_classes;
  ds->n_images = ds->n_entries = n;
  ds->class_names = g_new (char *, n_classes);
  g_free (ds->class_start);
  ds->class_start = g_new (int, (size_t) n_classes + 1);
  ds->entry_image = g_new (int32_t, n_drawings);
  ds->entry_rotation = g_new0 (uint8_t, n_drawings);
  ds->image_sources = g_new (char *, n_drawings);
  ds->pixels = g_malloc (pixel_bytes);

  Program *programs = g_new (Program, n_classes);
  for (int c = 0; c < n_classes; c++)
    {
      MwRng rng;
      mw_rng_init (&rng, seed, (uint64_t) c);
      program_sample (&programs[c], &rng);
      ds->class_names[c] = g_strdup_printf ("glyph-%03d", c + 1);
      ds->class_start[c] = c * per_class;
      for (int i = 0; i < per_class; i++)
        {
          int e = c * per_class + i;
          ds->entry_image[e] = e;
          ds->image_sources[e] = g_strdup_printf ("generated: glyph-%03d drawing %d, seed %"
                                                  G_GUINT64_FORMAT, c + 1, i + 1,
                                                  (guint64) seed);
        }
    }
  ds->class_start[n_classes] = n;
  GlyphJob job = { programs, per_class, size, seed, ds->pixels };
  mw_parallel_for (n, 0, draw_one, &job);
  g_free (programs);
  return ds;
}

gboolean
mw_glyphs_load_data (const MwDataRequest *r, MwDataResult *result, GError **error)
{
  /* The built-in set is fixed (its own seeds), so every run sees the same glyphs, and
   * a test of a trained model draws the same test classes its run did. */
  int n_train = CLAMP ((int) (r->train_fraction * r->glyph_classes + 0.5), 2, r->glyph_classes - 2);
  if (r->test_only)
    result->tested = g_strdup (_("the test glyphs"));
  else if (!(result->train = mw_glyphs_new (n_train, r->glyph_samples, r->height, 1, error)))
    return FALSE;
  result->test = mw_glyphs_new (r->glyph_classes - n_train, r->glyph_samples, r->height, 2, error);
  return result->test != NULL;
}
