/* mw-image-pool.c: unlabelled images (mw-image-pool.h). */
#include "config.h"
#include "mw-image-pool.h"
#include "mw-rng.h"

#include <glib/gi18n-lib.h>

struct MwImagePool {
  MwDataset *ds;
  int n;                      /* entries */
  /* Per entry, the class and the place within it: only to copy the image out. */
  int *entry_class, *entry_k;
};

MwImagePool *
mw_image_pool_new_take (MwDataset *ds, GError **error)
{
  if (ds->n_entries <= 0)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY,
                   _("%s: no images for the unlabelled target batches"), ds->name);
      mw_dataset_free (ds);
      return NULL;
    }
  MwImagePool *pool = g_new0 (MwImagePool, 1);
  pool->ds = ds;
  pool->n = ds->n_entries;
  pool->entry_class = g_new (int, pool->n);
  pool->entry_k = g_new (int, pool->n);
  for (int c = 0; c < ds->n_classes; c++)
    for (int e = ds->class_start[c]; e < ds->class_start[c + 1]; e++)
      {
        pool->entry_class[e] = c;
        pool->entry_k[e] = e - ds->class_start[c];
      }
  return pool;
}

void
mw_image_pool_free (MwImagePool *pool)
{
  if (pool == NULL)
    return;
  mw_dataset_free (pool->ds);
  g_free (pool->entry_class);
  g_free (pool->entry_k);
  g_free (pool);
}

int
mw_image_pool_size (const MwImagePool *pool)
{
  return pool->n;
}

void
mw_image_pool_shape (const MwImagePool *pool, int *height, int *width, int *channels)
{
  *height = pool->ds->height;
  *width = pool->ds->width;
  *channels = pool->ds->channels;
}

void
mw_image_pool_batch (const MwImagePool *pool, guint64 seed, guint64 step, int n, float *out)
{
  MwRng rng;
  mw_rng_init (&rng, mw_rng_derive (seed, G_GUINT64_CONSTANT (0x7a5c6e7)), step);
  size_t image = (size_t) pool->ds->height * pool->ds->width * pool->ds->channels;
  for (int i = 0; i < n; i++)
    {
      int e = (int) mw_rng_below (&rng, (uint32_t) pool->n);
      mw_dataset_copy_image (pool->ds, pool->entry_class[e], pool->entry_k[e],
                             out + (size_t) i * image);
    }
}
