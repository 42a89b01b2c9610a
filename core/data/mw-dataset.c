/* mw-dataset.c: the dataset table (free, copy out with rotation), the error domain and
 * the per-process decode cache shared by the loaders. */
#include "mw-dataset.h"
#include "mw-dataset-private.h"

#include <string.h>

G_DEFINE_QUARK (mw-dataset-error-quark, mw_dataset_error)

static void
skipped_free (gpointer p)
{
  MwSkippedFile *s = p;
  g_free (s->path);
  g_free (s->reason);
  g_free (s);
}

MwDataset *
mw_dataset_alloc (const char *name, int height, int width, int channels)
{
  MwDataset *ds = g_new0 (MwDataset, 1);
  ds->name = g_strdup (name);
  ds->height = height;
  ds->width = width;
  ds->channels = channels;
  ds->class_start = g_new0 (int, 1);
  ds->skipped = g_ptr_array_new_with_free_func (skipped_free);
  return ds;
}

void
mw_dataset_add_skipped (MwDataset *ds, const char *path, const char *reason)
{
  MwSkippedFile *s = g_new (MwSkippedFile, 1);
  s->path = g_strdup (path);
  s->reason = g_strdup (reason);
  g_ptr_array_add (ds->skipped, s);
}

void
mw_dataset_free (MwDataset *ds)
{
  if (ds == NULL)
    return;
  g_free (ds->name);
  for (int c = 0; c < ds->n_classes; c++)
    g_free (ds->class_names[c]);
  g_free (ds->class_names);
  g_free (ds->class_start);
  g_free (ds->entry_image);
  g_free (ds->entry_rotation);
  g_free (ds->pixels);
  if (ds->image_sources != NULL)
    for (int i = 0; i < ds->n_images; i++)
      g_free (ds->image_sources[i]);
  g_free (ds->image_sources);
  if (ds->skipped != NULL)
    g_ptr_array_unref (ds->skipped);
  g_free (ds);
}

void
mw_dataset_copy_image (const MwDataset *ds, int c, int k, float *out)
{
  g_return_if_fail (c >= 0 && c < ds->n_classes);
  g_return_if_fail (k >= 0 && k < mw_dataset_class_size (ds, c));
  int e = ds->class_start[c] + k;
  int h = ds->height, w = ds->width, ch = ds->channels;
  const uint8_t *src = ds->pixels + (size_t) ds->entry_image[e] * (size_t) (h * w * ch);
  int rot = ds->entry_rotation[e] & 3;
  /* Quarter turns of a non-square image would change its shape. */
  g_return_if_fail (rot == 0 || rot == 2 || h == w);
  const float scale = 1.0f / 255.0f;
  /* Counter-clockwise, as numpy.rot90 and PIL's Image.rotate (which the ProtoNets loader
   * uses for its rot090… classes): output (y, x) reads source (sy, sx). */
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int sy, sx;
        switch (rot)
          {
          case 0: sy = y; sx = x; break;
          case 1: sy = x; sx = w - 1 - y; break;
          case 2: sy = h - 1 - y; sx = w - 1 - x; break;
          default: sy = h - 1 - x; sx = y; break;
          }
        const uint8_t *p = src + ((size_t) sy * w + sx) * ch;
        float *o = out + ((size_t) y * w + x) * ch;
        for (int j = 0; j < ch; j++)
          o[j] = (float) p[j] * scale;
      }
}

const char *
mw_dataset_image_source (const MwDataset *ds, int c, int k)
{
  g_return_val_if_fail (c >= 0 && c < ds->n_classes, NULL);
  g_return_val_if_fail (k >= 0 && k < mw_dataset_class_size (ds, c), NULL);
  if (ds->image_sources == NULL)
    return NULL;
  return ds->image_sources[ds->entry_image[ds->class_start[c] + k]];
}

/* ---- the decode cache ---- */

typedef struct {
  gpointer value;             /* one reference, owned by the table */
  GDestroyNotify clear;
} CacheEntry;

static GMutex cache_lock;
static GHashTable *cache_table;  /* char * → CacheEntry *, guarded by cache_lock */

static void
cache_entry_free (gpointer p)
{
  CacheEntry *e = p;
  g_atomic_rc_box_release_full (e->value, e->clear);
  g_free (e);
}

gpointer
mw_decode_cache_get (const char *key, MwCacheBuildFunc build, gpointer data,
                     GDestroyNotify clear, GError **error)
{
  gpointer value = NULL;
  g_mutex_lock (&cache_lock);
  if (cache_table == NULL)
    cache_table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cache_entry_free);
  CacheEntry *e = g_hash_table_lookup (cache_table, key);
  if (e == NULL)
    {
      /* Built under the lock: a second caller waits and then finds it. */
      gpointer built = build (data, error);
      if (built != NULL)
        {
          e = g_new (CacheEntry, 1);
          e->value = built;
          e->clear = clear;
          g_hash_table_insert (cache_table, g_strdup (key), e);
        }
    }
  if (e != NULL)
    value = g_atomic_rc_box_acquire (e->value);
  g_mutex_unlock (&cache_lock);
  return value;
}

void
mw_dataset_cache_clear (void)
{
  g_mutex_lock (&cache_lock);
  g_clear_pointer (&cache_table, g_hash_table_unref);
  g_mutex_unlock (&cache_lock);
}
