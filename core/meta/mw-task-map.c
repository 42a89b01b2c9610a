/* mw-task-map.c: the tasks of a task map, embedded and placed (mw-task-map.h). */
#include "config.h"
#include "mw-task-map.h"

#include "mw-algorithm-private.h"
#include "mw-map2d.h"
#include "mw-threads.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* Tasks are drawn a block at a time into the generators' slots, then embedded at once
 * on the workers (each from its own seed, so the same at any block size). */
enum { BLOCK = 16 };

void
mw_task_map_clear (MwTaskMap *map)
{
  int rows = map->n_test + map->n_train;
  for (int i = 0; map->property && i < rows; i++)
    g_free (map->property[i]);
  for (int i = 0; map->classes && i < rows; i++)
    g_free (map->classes[i]);
  g_free (map->property);
  g_free (map->property_bin);
  g_free (map->classes);
  g_free (map->embedding);
  g_free (map->pca_xy);
  g_free (map->mds_xy);
  g_free (map->nearest_distance);
  g_free (map->nearest);
  g_free (map->accuracy);
  memset (map, 0, sizeof *map);
}

/* The part of a class name before its first '/' (Omniglot's "Latin/character01"), or
 * NULL when it has none. */
static char *
class_group (const char *name)
{
  const char *slash = strchr (name, '/');
  return slash != NULL ? g_strndup (name, (gsize) (slash - name)) : NULL;
}

/* What a task is, from its episode's classes: their names, and the alphabet most of
 * them come from. */
/* A planar task's property, binned so that the map's colours name a few groups:
 * the boundary's angle in 10° bins (linear), the circle's radius in quarters
 * (circles), the moons' turn in 45° bins.  The bin's lower bound. */
static double
planar_bin (const MwPlanarTask *task)
{
  double degrees = task->angle * 180.0 / G_PI;

  switch (task->family)
    {
    case MW_PLANAR_LINEAR:
      return floor (degrees / 10.0) * 10;
    case MW_PLANAR_CIRCLES:
      return floor (task->radius * 4.0) / 4.0;
    case MW_PLANAR_MOONS:
      return floor (fmod (fmod (degrees, 360.0) + 360.0, 360.0) / 45.0) * 45;
    default:
      return NAN;
    }
}

/* The bin's name, in English (translate: FALSE, for files) or the user's language. */
static char *
planar_bin_name (MwPlanarFamily family, double bin, gboolean translate)
{
  switch (family)
    {
    case MW_PLANAR_LINEAR:
      /* Translators: a group of planar tasks on the task map: the boundary's angle. */
      return g_strdup_printf (translate ? _("angle %d…%d°") : "angle %d…%d°", (int) bin,
                              (int) bin + 10);
    case MW_PLANAR_CIRCLES:
      /* Translators: a group of planar tasks on the task map: the circle's radius. */
      return g_strdup_printf (translate ? _("radius %.2f…%.2f") : "radius %.2f…%.2f", bin,
                              bin + 0.25);
    case MW_PLANAR_MOONS:
      /* Translators: a group of planar tasks on the task map: how far the moons turn. */
      return g_strdup_printf (translate ? _("turn %d…%d°") : "turn %d…%d°", (int) bin,
                              (int) bin + 45);
    default:
      return g_strdup ("");
    }
}

char *
mw_task_map_property_label (const MwTaskMap *map, int row)
{
  if (map->planar_family >= 0 && !isnan (map->property_bin[row]))
    return planar_bin_name (map->planar_family, map->property_bin[row], TRUE);
  if (g_str_equal (map->property[row], "mixed"))
    /* Translators: on the task map, a task whose classes come from several alphabets. */
    return g_strdup (_("mixed"));
  return g_strdup (map->property[row]);
}

int
mw_task_map_property_compare (const MwTaskMap *map, int row_a, int row_b)
{
  double a = map->property_bin[row_a], b = map->property_bin[row_b];
  if (!isnan (a) && !isnan (b) && a != b)
    return a < b ? -1 : 1;
  return strcmp (map->property[row_a], map->property[row_b]);
}

static void
describe_task (const MwTaskGen *gen, int slot, char **property, double *bin, char **classes)
{
  const MwEpisode *ep = mw_task_gen_episode (gen, slot);

  *bin = NAN;
  if (gen->planar)
    {
      const MwPlanarTask *task = mw_task_gen_planar_task (gen, slot);

      if (task != NULL)
        *bin = planar_bin (task);
      *property = task != NULL ? planar_bin_name (task->family, *bin, FALSE) : g_strdup ("");
      *classes = g_strdup ("0 1");
      return;
    }
  if (ep == NULL || gen->dataset == NULL)
    {
      *property = g_strdup ("");
      *classes = g_strdup ("");
      return;
    }
  GString *names = g_string_new (NULL);
  char **groups = g_new0 (char *, ep->ways);
  gboolean grouped = TRUE;
  for (int c = 0; c < ep->ways; c++)
    {
      const char *name = gen->dataset->class_names[ep->classes[c]];
      g_string_append_printf (names, c ? " %s" : "%s", name);
      groups[c] = class_group (name);
      grouped = grouped && groups[c] != NULL;
    }
  *property = NULL;
  for (int c = 0; grouped && c < ep->ways && *property == NULL; c++)
    {
      int same = 0;
      for (int k = 0; k < ep->ways; k++)
        same += g_str_equal (groups[c], groups[k]);
      if (2 * same > ep->ways)
        *property = g_strdup (groups[c]);
    }
  if (*property == NULL)
    *property = g_strdup (grouped ? "mixed" : "");
  for (int c = 0; c < ep->ways; c++)
    g_free (groups[c]);
  g_free (groups);
  *classes = g_string_free (names, FALSE);
}

typedef struct {
  const MwAlgorithm *algo;
  const MwTask *tasks;
  MwTaskEmbeddingKind kind;
  float *out;
  int dim;
  GError **errors;
} EmbedJob;

static gboolean
embed_one (int k, int worker, gpointer data)
{
  EmbedJob *job = data;
  mw_core_thread_init ();
  mw_task_embed (job->algo, job->algo->worker_tapes[worker], &job->tasks[k], job->kind,
                 job->out + (size_t) k * job->dim, &job->errors[k]);
  return TRUE;
}

/* Draws and embeds tasks [0, n) of gen from the streams (seed, i) into rows of map
 * from `row`; test tasks (accuracy != NULL) are also evaluated. */
static gboolean
embed_tasks (MwAlgorithm *algo, MwTaskGen *gen, const MwTaskMapSettings *s, int n,
             uint64_t seed, int row, double *accuracy, MwEvalProgress progress,
             gpointer user_data, MwTaskMap *map, GError **error)
{
  MwTask tasks[BLOCK];
  GError *errors[BLOCK];
  int steps = s->steps, total = map->n_test + map->n_train;
  size_t per_task = (size_t) steps + 1;
  double *loss = g_new (double, BLOCK * per_task), *acc = g_new (double, BLOCK * per_task);
  gboolean ok = TRUE;
  for (int e0 = 0; e0 < n && ok; e0 += BLOCK)
    {
      int count = MIN (BLOCK, n - e0);
      for (int k = 0; k < count && ok; k++)
        {
          MwRng rng;
          mw_rng_init (&rng, seed, (uint64_t) (e0 + k));
          ok = mw_task_gen_next_in_slot (gen, k, s->ways, s->shots, s->queries, &rng, &tasks[k],
                                         error);
          if (ok)
            describe_task (gen, k, &map->property[row + e0 + k], &map->property_bin[row + e0 + k],
                           &map->classes[row + e0 + k]);
        }
      if (!ok)
        break;
      memset (errors, 0, sizeof errors);
      EmbedJob job = { algo, tasks, s->kind, map->embedding + (size_t) (row + e0) * map->dim,
                       map->dim, errors };
      mw_algo_run_on_workers (algo, count, MIN (algo->n_workers, count), embed_one, &job);
      for (int k = 0; k < count; k++)
        if (errors[k] != NULL)
          {
            if (ok)
              g_propagate_error (error, errors[k]);
            else
              g_error_free (errors[k]);
            ok = FALSE;
          }
      if (ok && accuracy != NULL)
        {
          mw_algorithm_evaluate_tasks (algo, tasks, count, steps, loss, acc);
          for (int k = 0; k < count; k++)
            accuracy[e0 + k] = acc[(size_t) k * per_task + (size_t) map->accuracy_step];
        }
      for (int k = 0; k < count && ok; k++)
        if (progress && !progress (row + e0 + k + 1, total, user_data))
          {
            g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_CANCELLED,
                         _("the task map stopped after %d of %d tasks"), row + e0 + k + 1, total);
            ok = FALSE;
          }
    }
  g_free (loss);
  g_free (acc);
  return ok;
}

gboolean
mw_task_map_compute (MwAlgorithm *algo, MwTaskGen *test_gen, MwTaskGen *train_gen,
                     const MwTaskMapSettings *s, MwEvalProgress progress, gpointer user_data,
                     MwTaskMap *map, GError **error)
{
  memset (map, 0, sizeof *map);
  mw_core_thread_init ();
  int rows = s->n_test + (train_gen != NULL ? s->n_train : 0);
  if (s->n_test < 1 || s->n_train < 0 || rows > MW_TASK_MAP_MAX_TASKS || s->steps < 0)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("a task map needs 1 to %d tasks in all (asked for %d test and %d "
                     "training tasks)"), MW_TASK_MAP_MAX_TASKS, s->n_test, s->n_train);
      return FALSE;
    }
  int dim = mw_task_embedding_dim (algo, s->kind, s->ways, error);
  if (dim == 0)
    return FALSE;
  gint64 start = g_get_monotonic_time ();
  map->n_test = s->n_test;
  map->n_train = rows - s->n_test;
  map->dim = dim;
  map->embedding = g_new0 (float, (size_t) rows * dim);
  map->property = g_new0 (char *, rows);
  map->property_bin = g_new (double, rows);
  for (int i = 0; i < rows; i++)
    map->property_bin[i] = NAN;
  map->planar_family = test_gen->planar ? (int) test_gen->spec.family : -1;
  map->classes = g_new0 (char *, rows);
  map->accuracy = g_new (double, s->n_test);
  /* The last step evaluation measures; metric learners measure before adapting only. */
  map->accuracy_step = mw_algorithm_kind_is_metric (algo->cfg.kind) ? 0 : s->steps;
  gboolean ok = embed_tasks (algo, test_gen, s, s->n_test, s->seed, 0, map->accuracy, progress,
                             user_data, map, error)
                && (map->n_train == 0
                    || embed_tasks (algo, train_gen, s, map->n_train, MW_TASK_MAP_TRAIN_SEED,
                                    s->n_test, NULL, progress, user_data, map, error));
  for (int i = 0; i < rows; i++)
    {
      /* Rows a failure left undrawn still get strings, so the map frees as any other. */
      if (map->property[i] == NULL)
        map->property[i] = g_strdup ("");
      if (map->classes[i] == NULL)
        map->classes[i] = g_strdup ("");
    }
  if (!ok)
    return FALSE;
  map->nearest_distance = g_new (double, s->n_test);
  map->nearest = g_new (int, s->n_test);
  for (int i = 0; i < s->n_test; i++)
    {
      map->nearest_distance[i] = NAN;
      map->nearest[i] = -1;
      for (int j = 0; j < map->n_train; j++)
        {
          double d = mw_vector_distance (map->embedding + (size_t) i * dim,
                                         map->embedding + (size_t) (s->n_test + j) * dim, dim,
                                         MW_DISTANCE_COSINE);
          if (map->nearest[i] < 0 || d < map->nearest_distance[i])
            {
              map->nearest_distance[i] = d;
              map->nearest[i] = j;
            }
        }
    }
  map->pca_xy = g_new (double, 2 * (size_t) rows);
  map->mds_xy = g_new (double, 2 * (size_t) rows);
  double *dist = mw_distance_matrix (map->embedding, rows, dim, MW_DISTANCE_COSINE);
  ok = mw_map2d_pca (map->embedding, rows, dim, map->pca_xy, map->pca_explained)
       && mw_map2d_mds (dist, rows, map->mds_xy, map->mds_explained);
  g_free (dist);
  if (!ok)
    g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_DIVERGED,
                 _("the task embeddings could not be placed on a map: are they finite?"));
  map->seconds = (double) (g_get_monotonic_time () - start) / 1e6;
  return ok;
}
