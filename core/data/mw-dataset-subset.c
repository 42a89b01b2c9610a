/* mw-dataset-subset.c: a dataset restricted to some of its classes (train/test splits
 * of an image folder). */
#include "mw-dataset.h"

#include <string.h>

MwDataset *
mw_dataset_subset (const MwDataset *ds, const int *classes, int n)
{
  MwDataset *out = g_new0 (MwDataset, 1);
  out->name = g_strdup (ds->name);
  out->height = ds->height;
  out->width = ds->width;
  out->channels = ds->channels;
  out->n_classes = n;
  out->class_names = g_new0 (char *, n + 1);
  out->class_start = g_new0 (int, n + 1);
  out->skipped = g_ptr_array_new ();
  size_t image = (size_t) ds->height * ds->width * ds->channels;
  int entries = 0;
  for (int i = 0; i < n; i++)
    entries += mw_dataset_class_size (ds, classes[i]);
  out->n_entries = entries;
  out->n_images = entries;
  out->entry_image = g_new (int32_t, MAX (entries, 1));
  out->entry_rotation = g_new (uint8_t, MAX (entries, 1));
  out->pixels = g_malloc (image * (size_t) MAX (entries, 1));
  out->image_sources = g_new0 (char *, entries + 1);
  int e = 0;
  for (int i = 0; i < n; i++)
    {
      int c = classes[i];
      out->class_names[i] = g_strdup (ds->class_names[c]);
      out->class_start[i] = e;
      for (int k = ds->class_start[c]; k < ds->class_start[c + 1]; k++, e++)
        {
          int img = ds->entry_image[k];
          out->entry_image[e] = e;
          out->entry_rotation[e] = ds->entry_rotation[k];
          memcpy (out->pixels + (size_t) e * image, ds->pixels + (size_t) img * image, image);
          out->image_sources[e] = g_strdup (ds->image_sources[img]);
        }
    }
  out->class_start[n] = e;
  return out;
}
