/* mw-episode.c: N-way K-shot Q-query episodes drawn from a dataset, and sinusoid
 * regression tasks.
 *
 * Sampling allocates nothing once an episode exists (sample_into), so a training loop
 * can draw millions.  Distinct classes and images come from Floyd's algorithm (a
 * uniform subset in O(k²) with no scratch array the size of the dataset) followed by a
 * shuffle, so which classes get which labels, and which images land in support or
 * query, are uniform too. */
#include "config.h"
#include "mw-episode.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

gboolean
mw_episode_check (const MwDataset *ds, int ways, int shots, int queries, GError **error)
{
  g_return_val_if_fail (ds != NULL, FALSE);
  if (ways < 2)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("an episode needs at least 2 ways (classes to tell apart); got %d-way"), ways);
      return FALSE;
    }
  if (shots < 1)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("an episode needs at least 1 shot (support image per class); got %d-shot"),
                   shots);
      return FALSE;
    }
  if (queries < 1)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("an episode needs at least 1 query image per class; got %d"), queries);
      return FALSE;
    }
  if (ways > ds->n_classes)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("%d-way needs at least %d classes; the dataset has %d"), ways, ways,
                   ds->n_classes);
      return FALSE;
    }
  if (shots > G_MAXINT - queries)
    {
      /* shots + queries would wrap round to a negative count that every class "has". */
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("a %d-shot %d-query episode needs more images per class than can be "
                     "counted"), shots, queries);
      return FALSE;
    }
  int need = shots + queries, first = -1, small = 0;
  for (int c = 0; c < ds->n_classes; c++)
    if (mw_dataset_class_size (ds, c) < need)
      {
        if (first < 0)
          first = c;
        small++;
      }
  if (first >= 0)
    {
      int have = mw_dataset_class_size (ds, first);
      char *more = small > 1 ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             " (%d of the %d classes is too small)",
                                                             " (%d of the %d classes are too small)",
                                                             small),
                                                small, ds->n_classes)
                             : g_strdup ("");
      char *has = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "class '%s' has %d image",
                                                "class '%s' has %d images", have),
                                   ds->class_names[first], have);
      /* Translators: the first %s is "class 'a' has 3 images", the last an optional
       * " (6 of the 6 classes are too small)". */
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_TOO_SMALL,
                   _("%s; a %d-shot %d-query episode needs %d%s"), has, shots, queries, need, more);
      g_free (has);
      g_free (more);
      return FALSE;
    }
  return TRUE;
}

static void
episode_alloc (MwEpisode *ep, const MwDataset *ds, int ways, int shots, int queries)
{
  ep->ways = ways;
  ep->shots = shots;
  ep->queries = queries;
  ep->support = mw_tensor_new4 (ways * shots, ds->height, ds->width, ds->channels);
  ep->query = mw_tensor_new4 (ways * queries, ds->height, ds->width, ds->channels);
  ep->support_labels = g_new0 (int32_t, ways * shots);
  ep->query_labels = g_new0 (int32_t, ways * queries);
  ep->classes = g_new0 (int, ways);
  ep->support_items = g_new0 (int, ways * shots);
  ep->query_items = g_new0 (int, ways * queries);
}

static void
episode_clear (MwEpisode *ep)
{
  mw_tensor_free (ep->support);
  mw_tensor_free (ep->query);
  g_free (ep->support_labels);
  g_free (ep->query_labels);
  g_free (ep->classes);
  g_free (ep->support_items);
  g_free (ep->query_items);
  memset (ep, 0, sizeof *ep);
}

MwEpisode *
mw_episode_new (const MwDataset *ds, int ways, int shots, int queries)
{
  g_return_val_if_fail (ds != NULL && ways >= 1 && shots >= 1 && queries >= 1, NULL);
  MwEpisode *ep = g_new0 (MwEpisode, 1);
  episode_alloc (ep, ds, ways, shots, queries);
  return ep;
}

void
mw_episode_free (MwEpisode *ep)
{
  if (ep == NULL)
    return;
  episode_clear (ep);
  g_free (ep);
}

static gboolean
shape_matches (const MwTensor *t, int rows, const MwDataset *ds)
{
  return t != NULL && t->ndim == 4 && t->shape[0] == rows && t->shape[1] == ds->height
         && t->shape[2] == ds->width && t->shape[3] == ds->channels;
}

/* The k-th of n chosen slots: the first `split` live in a, the rest in b.  Lets one
 * draw cover an episode class's support and query items together. */
static inline int *
slot (int *a, int *b, int split, int k)
{
  return k < split ? &a[k] : &b[k - split];
}

/* Writes k distinct values of [0, n) into the slots, in uniformly random order. */
static void
draw_distinct (MwRng *rng, int n, int k, int *a, int *b, int split)
{
  /* Floyd: for j = n−k … n−1, take t ∈ [0, j]; if t is taken already, take j. */
  for (int m = 0, j = n - k; j < n; j++, m++)
    {
      int t = (int) mw_rng_below (rng, (uint32_t) j + 1);
      for (int q = 0; q < m; q++)
        if (*slot (a, b, split, q) == t)
          {
            t = j;
            break;
          }
      *slot (a, b, split, m) = t;
    }
  for (int i = k - 1; i > 0; i--)
    {
      int j = (int) mw_rng_below (rng, (uint32_t) i + 1);
      int *pi = slot (a, b, split, i), *pj = slot (a, b, split, j);
      int tmp = *pi;
      *pi = *pj;
      *pj = tmp;
    }
}

gboolean
mw_episode_sample_into (MwEpisode *ep, const MwDataset *ds, int ways, int shots,
                        int queries, MwRng *rng, GError **error)
{
  return mw_episode_sample_grouped_into (ep, ds, NULL, ways, shots, queries, rng, error);
}

gboolean
mw_episode_sample_grouped_into (MwEpisode *ep, const MwDataset *ds, const MwClassGroups *groups,
                                int ways, int shots, int queries, MwRng *rng, GError **error)
{
  g_return_val_if_fail (ep != NULL && rng != NULL, FALSE);
  if (!mw_episode_check (ds, ways, shots, queries, error)
      || (groups != NULL && !mw_class_groups_check (groups, ways, error)))
    return FALSE;
  if (ep->ways != ways || ep->shots != shots || ep->queries != queries
      || !shape_matches (ep->support, ways * shots, ds)
      || !shape_matches (ep->query, ways * queries, ds))
    {
      episode_clear (ep);
      episode_alloc (ep, ds, ways, shots, queries);
    }
  size_t img = (size_t) ds->height * ds->width * ds->channels;
  if (groups == NULL)
    /* Without groups the draws are exactly those runs made before groups existed. */
    draw_distinct (rng, ds->n_classes, ways, ep->classes, NULL, ways);
  else
    {
      int g = mw_class_groups_pick (groups, ways, rng);
      draw_distinct (rng, mw_class_groups_size (groups, g), ways, ep->classes, NULL, ways);
      for (int w = 0; w < ways; w++)
        ep->classes[w] = groups->members[groups->start[g] + ep->classes[w]];
    }
  for (int w = 0; w < ways; w++)
    {
      int c = ep->classes[w];
      int *s = ep->support_items + w * shots, *q = ep->query_items + w * queries;
      draw_distinct (rng, mw_dataset_class_size (ds, c), shots + queries, s, q, shots);
      for (int k = 0; k < shots; k++)
        {
          ep->support_labels[w * shots + k] = w;
          mw_dataset_copy_image (ds, c, s[k], ep->support->data + (size_t) (w * shots + k) * img);
        }
      for (int k = 0; k < queries; k++)
        {
          ep->query_labels[w * queries + k] = w;
          mw_dataset_copy_image (ds, c, q[k], ep->query->data + (size_t) (w * queries + k) * img);
        }
    }
  return TRUE;
}

MwEpisode *
mw_episode_sample (const MwDataset *ds, int ways, int shots, int queries, MwRng *rng,
                   GError **error)
{
  if (!mw_episode_check (ds, ways, shots, queries, error))
    return NULL;
  MwEpisode *ep = mw_episode_new (ds, ways, shots, queries);
  if (!mw_episode_sample_into (ep, ds, ways, shots, queries, rng, error))
    {
      mw_episode_free (ep);
      return NULL;
    }
  return ep;
}

/* ---- sinusoid regression (Finn et al. 2017, §5.1) ---- */

void
mw_sine_task_sample (MwSineTask *task, MwRng *rng)
{
  task->amplitude = mw_rng_uniform_range (rng, 0.1f, 5.0f);
  task->phase = mw_rng_uniform_range (rng, 0.0f, (float) G_PI);
}

float
mw_sine_task_value (const MwSineTask *task, float x)
{
  return task->amplitude * sinf (x - task->phase);
}

void
mw_sine_task_points (const MwSineTask *task, MwRng *rng, MwTensor *x, MwTensor *y)
{
  g_return_if_fail (x != NULL && y != NULL && x->numel == y->numel);
  for (size_t i = 0; i < x->numel; i++)
    {
      x->data[i] = mw_rng_uniform_range (rng, -5.0f, 5.0f);
      y->data[i] = mw_sine_task_value (task, x->data[i]);
    }
}
