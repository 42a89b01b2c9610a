/* mw-inspection.c: the records the inspection views draw. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "mw-inspection.h"

gpointer
mw_inspection_new (const MwInspectionKind *kind)
{
  MwInspection *self;

  g_return_val_if_fail (kind != NULL && kind->size >= sizeof (MwInspection), NULL);

  self = g_atomic_rc_box_alloc0 (kind->size);
  self->kind = kind;
  return self;
}

gpointer
mw_inspection_ref (gpointer record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return g_atomic_rc_box_acquire (record);
}

static void
inspection_clear (gpointer data)
{
  MwInspection *self = data;

  if (self->kind->clear != NULL)
    self->kind->clear (self);
}

void
mw_inspection_unref (gpointer record)
{
  g_return_if_fail (record != NULL);

  g_atomic_rc_box_release_full (record, inspection_clear);
}

const MwInspectionKind *
mw_inspection_get_kind (gconstpointer record)
{
  g_return_val_if_fail (record != NULL, NULL);

  return ((const MwInspection *) record)->kind;
}

G_DEFINE_BOXED_TYPE (MwInspection, mw_inspection, mw_inspection_ref, mw_inspection_unref)

static void
episode_inspection_clear (gpointer data)
{
  MwEpisodeInspection *self = data;

  g_free (self->title);
  g_strfreev (self->class_names);
  g_free (self->support_labels);
  g_free (self->support_rgb);
  g_free (self->query_rgb);
  mw_episode_trace_clear (&self->trace);
  if (self->has_embedding)
    mw_embedding_clear (&self->embedding);
}

const MwInspectionKind mw_episode_inspection_kind = {
  "episode", sizeof (MwEpisodeInspection), episode_inspection_clear
};

static void
sine_inspection_clear (gpointer data)
{
  MwSineInspection *self = data;

  g_free (self->title);
  g_free (self->baseline_title);
  mw_sine_fit_clear (&self->fit);
  if (self->has_baseline)
    mw_sine_fit_clear (&self->baseline);
}

const MwInspectionKind mw_sine_inspection_kind = {
  "sine-fit", sizeof (MwSineInspection), sine_inspection_clear
};

static void
compare_inspection_clear (gpointer data)
{
  MwCompareInspection *self = data;

  for (int i = 0; i < self->n_runs; i++)
    mw_eval_result_clear (&self->results[i]);
  g_free (self->results);
  g_strfreev (self->names);
  g_free (self->colors);
}

const MwInspectionKind mw_compare_inspection_kind = {
  "compare", sizeof (MwCompareInspection), compare_inspection_clear
};

MwCompareInspection *
mw_compare_inspection_new (int n_runs)
{
  MwCompareInspection *self = mw_inspection_new (&mw_compare_inspection_kind);

  self->n_runs = n_runs;
  self->names = g_new0 (char *, n_runs + 1);
  self->results = g_new0 (MwEvalResult, n_runs);
  return self;
}

guint8 *
mw_inspection_images_to_rgb (const float *pixels,
                             int          n,
                             int          height,
                             int          width,
                             int          channels,
                             gboolean     invert)
{
  gsize n_pixels = (gsize) n * height * width;
  guint8 *rgb = g_malloc (n_pixels * 3);

  for (gsize p = 0; p < n_pixels; p++)
    for (int c = 0; c < 3; c++)
      {
        float v = pixels[p * channels + (channels == 3 ? c : 0)];

        if (!isfinite (v))
          v = 0;
        v = CLAMP (v, 0.0f, 1.0f);
        if (invert)
          v = 1.0f - v;
        rgb[p * 3 + c] = (guint8) lrintf (v * 255.0f);
      }

  return rgb;
}

GdkTexture *
mw_inspection_image_texture (const guint8 *rgb,
                             int           index,
                             int           height,
                             int           width)
{
  /* Small images (28 × 28 glyphs) are enlarged here by whole pixels, so they
   * stay sharp instead of being smoothed by the picture's filter. */
  int f = MAX (1, 64 / MAX (width, height));
  const guint8 *src = rgb + (gsize) index * height * width * 3;
  gsize stride = (gsize) width * f * 3;
  guint8 *dst = g_malloc (stride * height * f);
  g_autoptr(GBytes) bytes = NULL;

  for (int y = 0; y < height * f; y++)
    for (int x = 0; x < width * f; x++)
      memcpy (dst + y * stride + x * 3, src + ((gsize) (y / f) * width + x / f) * 3, 3);
  bytes = g_bytes_new_take (dst, stride * height * f);
  return gdk_memory_texture_new (width * f, height * f, GDK_MEMORY_R8G8B8, bytes, stride);
}
