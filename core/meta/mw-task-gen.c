/* mw-task-gen.c: tasks from datasets and from the sinusoid family. */
#include "config.h"
#include "mw-task-gen.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Distorts n images of a tensor in place, one map each. */
static void
augment_images (const MwTaskGen *gen, float **scratch, MwRng *rng, float *images, int n)
{
  const MwDataset *ds = gen->dataset;
  size_t image = (size_t) ds->height * ds->width * ds->channels;
  if (*scratch == NULL)
    *scratch = g_new (float, image);
  for (int i = 0; i < n; i++)
    {
      float *x = images + (size_t) i * image;
      memcpy (*scratch, x, image * sizeof (float));
      if (gen->augment == MW_AUGMENT_PHOTO)
        {
          MwPhotoAugment photo;
          mw_photo_augment_draw (&photo, rng, ds->height, ds->width);
          mw_photo_augment_apply (&photo, *scratch, x, ds->height, ds->width, ds->channels);
          continue;
        }
      MwAffine map;
      mw_affine_draw (&map, rng, ds->width);
      mw_affine_warp (&map, *scratch, x, ds->height, ds->width, ds->channels);
    }
}

static gboolean
source_next_task (MwTaskSource *source, int slot, int ways, int shots, int queries, MwRng *rng,
                  MwTask *task, GError **error)
{
  return mw_task_gen_next_in_slot ((MwTaskGen *) source, slot, ways, shots, queries, rng, task,
                                   error);
}

/* Random images of random training classes with their class ids (pre-training). */
static gboolean
source_next_batch (MwTaskSource *source, int size, MwRng *rng, MwTensor **x,
                   const int32_t **labels, GError **error)
{
  MwTaskGen *gen = (MwTaskGen *) source;
  const MwDataset *ds = gen->dataset;
  if (gen->batch_x == NULL || gen->batch_x->shape[0] != size)
    {
      mw_tensor_free (gen->batch_x);
      g_free (gen->batch_labels);
      gen->batch_x = mw_tensor_new4 (size, ds->height, ds->width, ds->channels);
      gen->batch_labels = g_new (int32_t, size);
    }
  size_t image = (size_t) ds->height * ds->width * ds->channels;
  for (int i = 0; i < size; i++)
    {
      int c = (int) mw_rng_below (rng, (uint32_t) ds->n_classes);
      int k = (int) mw_rng_below (rng, (uint32_t) mw_dataset_class_size (ds, c));
      mw_dataset_copy_image (ds, c, k, gen->batch_x->data + (size_t) i * image);
      gen->batch_labels[i] = c;
    }
  if (gen->augment != MW_AUGMENT_NONE)
    augment_images (gen, &gen->batch_image, rng, gen->batch_x->data, size);
  *x = gen->batch_x;
  *labels = gen->batch_labels;
  return TRUE;
}

MwTaskGen *
mw_task_gen_new_dataset (const MwDataset *ds, int ways, int shots, int queries)
{
  MwTaskGen *gen = g_new0 (MwTaskGen, 1);
  gen->dataset = ds;
  gen->source.next_task = source_next_task;
  gen->source.next_batch = source_next_batch;
  gen->source.n_classes = ds->n_classes;
  gen->source.in_ndim = 3;
  gen->source.in_shape[0] = ds->height;
  gen->source.in_shape[1] = ds->width;
  gen->source.in_shape[2] = ds->channels;
  gen->source.ways = ways;
  gen->source.shots = shots;
  gen->source.queries = queries;
  return gen;
}

/* Points of random tasks of the family, each with its own task, labelled by side:
 * the mixture a pre-trained classifier learns from. */
static gboolean
planar_next_batch (MwTaskSource *source, int size, MwRng *rng, MwTensor **x,
                   const int32_t **labels, GError **error)
{
  MwTaskGen *gen = (MwTaskGen *) source;
  if (gen->batch_x == NULL || gen->batch_x->shape[0] != size)
    {
      mw_tensor_free (gen->batch_x);
      g_free (gen->batch_labels);
      gen->batch_x = mw_tensor_new4 (size, 2, 0, 0);
      gen->batch_labels = g_new (int32_t, size);
    }
  for (int i = 0; i < size; i++)
    {
      MwPlanarTask task;
      mw_planar_task_sample (&task, &gen->spec, rng);
      int label = (int) mw_rng_below (rng, 2);
      gboolean flip = task.label_noise > 0.0f && mw_rng_uniform (rng) < task.label_noise;
      mw_planar_task_point (&task, rng, flip ? 1 - label : label, gen->batch_x->data + 2 * i);
      gen->batch_labels[i] = label;
    }
  *x = gen->batch_x;
  *labels = gen->batch_labels;
  return TRUE;
}

MwTaskGen *
mw_task_gen_new_planar (const MwPlanarSpec *spec, int shots, int queries)
{
  MwTaskGen *gen = g_new0 (MwTaskGen, 1);
  gen->planar = TRUE;
  gen->spec = *spec;
  gen->source.next_task = source_next_task;
  gen->source.next_batch = planar_next_batch;
  gen->source.n_classes = 2;
  gen->source.in_ndim = 1;
  gen->source.in_shape[0] = 2;
  gen->source.ways = 2;
  gen->source.shots = shots;
  gen->source.queries = queries;
  return gen;
}

MwTaskGen *
mw_task_gen_new_sinusoid (int shots, int queries)
{
  MwTaskGen *gen = g_new0 (MwTaskGen, 1);
  gen->source.next_task = source_next_task;
  gen->source.regression = TRUE;
  gen->source.in_ndim = 1;
  gen->source.in_shape[0] = 1;
  gen->source.ways = 1;
  gen->source.shots = shots;
  gen->source.queries = queries;
  return gen;
}

void
mw_task_gen_free (MwTaskGen *gen)
{
  if (gen == NULL)
    return;
  for (int i = 0; i < gen->n_slots; i++)
    {
      MwTaskSlot *s = &gen->slots[i];
      if (s->episode)
        mw_episode_free (s->episode);
      mw_tensor_free (s->sx);
      mw_tensor_free (s->sy);
      mw_tensor_free (s->qx);
      mw_tensor_free (s->qy);
      g_free (s->support_labels);
      g_free (s->query_labels);
      g_free (s->image);
    }
  g_free (gen->slots);
  mw_class_groups_free (gen->groups);
  mw_tensor_free (gen->batch_x);
  g_free (gen->batch_labels);
  g_free (gen->batch_image);
  g_free (gen);
}

void
mw_task_gen_group_by_alphabet (MwTaskGen *gen)
{
  g_return_if_fail (gen != NULL && gen->dataset != NULL);
  if (gen->groups == NULL)
    gen->groups = mw_class_groups_new_alphabets (gen->dataset);
}

void
mw_task_gen_set_augment (MwTaskGen *gen, MwAugment augment)
{
  g_return_if_fail (gen != NULL && gen->dataset != NULL);
  gen->augment = augment;
}

gboolean
mw_task_gen_check (const MwTaskGen *gen, int ways, int shots, int queries, GError **error)
{
  if (gen->planar && ways != 2)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("planar tasks have 2 classes, one on each side of the boundary; set "
                     "ways=2 (it is %d)"), ways);
      return FALSE;
    }
  if (gen->dataset == NULL)
    return TRUE;
  return mw_episode_check (gen->dataset, ways, shots, queries, error)
         && (gen->groups == NULL || mw_class_groups_check (gen->groups, ways, error));
}

static void
ensure_rows (MwTensor **t, int rows, int columns)
{
  if (*t == NULL || (*t)->shape[0] != rows || (*t)->shape[1] != columns)
    {
      mw_tensor_free (*t);
      *t = mw_tensor_new4 (rows, columns, 0, 0);
    }
}

static void
ensure_labels (int32_t **labels, int *had, int n)
{
  if (*had != n)
    {
      g_free (*labels);
      *labels = g_new (int32_t, n);
      *had = n;
    }
}

const MwPlanarTask *
mw_task_gen_planar_task (const MwTaskGen *gen, int slot)
{
  return gen->planar && slot < gen->n_slots && gen->slots[slot].sx != NULL
         ? &gen->slots[slot].planar : NULL;
}

static gboolean
next_planar (MwTaskGen *gen, MwTaskSlot *sl, int ways, int shots, int queries, MwRng *rng,
             MwTask *task, GError **error)
{
  if (!mw_task_gen_check (gen, ways, shots, queries, error))
    return FALSE;
  if (shots < 1 || queries < 1)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("a planar task needs at least 1 support and 1 query point per class "
                     "(asked for %d and %d)"), shots, queries);
      return FALSE;
    }
  int had_support = sl->sx ? (int) sl->sx->shape[0] : 0;
  int had_query = sl->qx ? (int) sl->qx->shape[0] : 0;
  ensure_rows (&sl->sx, 2 * shots, 2);
  ensure_rows (&sl->qx, 2 * queries, 2);
  ensure_labels (&sl->support_labels, &had_support, 2 * shots);
  ensure_labels (&sl->query_labels, &had_query, 2 * queries);
  mw_planar_task_sample (&sl->planar, &gen->spec, rng);
  mw_planar_task_points (&sl->planar, rng, shots, sl->sx, sl->support_labels);
  mw_planar_task_points (&sl->planar, rng, queries, sl->qx, sl->query_labels);
  *task = (MwTask) { .regression = false, .ways = 2, .shots = shots,
                     .support_x = sl->sx, .query_x = sl->qx,
                     .support_labels = sl->support_labels, .query_labels = sl->query_labels };
  return TRUE;
}

const MwEpisode *
mw_task_gen_episode (const MwTaskGen *gen, int slot)
{
  return slot < gen->n_slots ? gen->slots[slot].episode : NULL;
}

gboolean
mw_task_gen_next (MwTaskGen *gen, int ways, int shots, int queries, MwRng *rng, MwTask *task,
                  GError **error)
{
  return mw_task_gen_next_in_slot (gen, 0, ways, shots, queries, rng, task, error);
}

gboolean
mw_task_gen_next_in_slot (MwTaskGen *gen, int slot, int ways, int shots, int queries, MwRng *rng,
                          MwTask *task, GError **error)
{
  *task = (MwTask) { 0 };
  g_return_val_if_fail (slot >= 0, FALSE);
  if (slot >= gen->n_slots)
    {
      gen->slots = g_renew (MwTaskSlot, gen->slots, slot + 1);
      memset (gen->slots + gen->n_slots, 0, sizeof (MwTaskSlot) * (size_t) (slot + 1 - gen->n_slots));
      gen->n_slots = slot + 1;
    }
  MwTaskSlot *sl = &gen->slots[slot];
  if (gen->planar)
    return next_planar (gen, sl, ways, shots, queries, rng, task, error);
  if (gen->dataset == NULL)
    {
      if (shots < 1 || queries < 1)
        {
          g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                       _("a sinusoid task needs at least 1 support and 1 query point "
                         "(asked for %d and %d)"), shots, queries);
          return FALSE;
        }
      ensure_rows (&sl->sx, shots, 1);
      ensure_rows (&sl->sy, shots, 1);
      ensure_rows (&sl->qx, queries, 1);
      ensure_rows (&sl->qy, queries, 1);
      mw_sine_task_sample (&sl->sine, rng);
      mw_sine_task_points (&sl->sine, rng, sl->sx, sl->sy);
      mw_sine_task_points (&sl->sine, rng, sl->qx, sl->qy);
      *task = (MwTask) { .regression = true, .ways = 1, .shots = shots,
                         .support_x = sl->sx, .query_x = sl->qx,
                         .support_y = sl->sy, .query_y = sl->qy };
      return TRUE;
    }
  if (sl->episode == NULL)
    {
      if (!mw_task_gen_check (gen, ways, shots, queries, error))
        return FALSE;
      sl->episode = mw_episode_new (gen->dataset, ways, shots, queries);
    }
  if (!mw_episode_sample_grouped_into (sl->episode, gen->dataset, gen->groups, ways, shots,
                                       queries, rng, error))
    return FALSE;
  MwEpisode *ep = sl->episode;
  if (gen->augment != MW_AUGMENT_NONE)
    {
      augment_images (gen, &sl->image, rng, ep->support->data, ways * shots);
      augment_images (gen, &sl->image, rng, ep->query->data, ways * queries);
    }
  *task = (MwTask) { .regression = false, .ways = ways, .shots = shots,
                     .support_x = ep->support, .query_x = ep->query,
                     .support_labels = ep->support_labels, .query_labels = ep->query_labels };
  return TRUE;
}
