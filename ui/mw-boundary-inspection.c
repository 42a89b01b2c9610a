/* mw-boundary-inspection.c: the Boundary page's record, on the inspector's worker
 * (mw-boundary-inspection.h). */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mw-boundary-inspection.h"

/* The other runs looked at per request: each is read once (its checkpoint's settings)
 * and kept, so with MW_BOUNDARY_MAX_PEERS boundaries and the random start's a request
 * touches fewer than half of the inspector's kept entries. */
#define MAX_PEER_CANDIDATES 24

/* What a run kept as "not drawable here" stands for. */
static int incompatible_run;

static void
run_free (gpointer run)
{
  if (run != &incompatible_run)
    mw_run_free (run);
}

static gboolean
same_tasks (const MwExperimentConfig *a,
            const MwExperimentConfig *b)
{
  MwPlanarSpec sa, sb;

  if (!mw_data_info (a->data)->points || !mw_data_info (b->data)->points)
    return FALSE;
  mw_experiment_config_planar_spec (a, &sa);
  mw_experiment_config_planar_spec (b, &sb);
  return sa.family == sb.family && sa.spread == sb.spread && sa.label_noise == sb.label_noise;
}

/* Whether a checkpoint's settings name the planar dataset: read before the run is
 * built, so that an image run's data is never loaded for nothing. */
static gboolean
checkpoint_is_planar (const char *path)
{
  g_autofree char *header = mw_checkpoint_load (path, NULL, NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *dataset = NULL;

  if (header == NULL || !g_key_file_load_from_data (kf, header, (gsize) -1, G_KEY_FILE_NONE, NULL))
    return FALSE;
  dataset = g_key_file_get_string (kf, "data", "dataset", NULL);
  return g_strcmp0 (dataset, "planar") == 0;
}

/* Peer @i's run, loaded once per version of its checkpoint and kept; NULL for a run
 * that does not learn the inspected run's tasks (or that cannot be read). */
static MwRun *
peer_run (const MwInspectRequest *request,
          int                     i,
          char                  **key_out)
{
  const char *path = request->peer_checkpoints[i];
  GStatBuf st;
  g_autofree char *key = NULL;
  gboolean found;
  MwRun *run;

  if (g_stat (path, &st) != 0)
    return NULL;
  key = g_strdup_printf ("run:%s:%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT, path,
                         (gint64) st.st_mtime, (gint64) st.st_size);
  run = mw_inspect_keep_lookup (request->keep, key, &found);
  if (!found)
    {
      run = checkpoint_is_planar (path) ? mw_run_new_from_checkpoint (path, NULL) : NULL;
      if (run != NULL && !same_tasks (mw_run_get_config (run), mw_run_get_config (request->run)))
        g_clear_pointer (&run, mw_run_free);
      if (run != NULL)
        mw_run_set_threads (run, 1);
      mw_inspect_keep_insert (request->keep, key, run != NULL ? (gpointer) run : &incompatible_run,
                              run_free);
    }
  if (run == (MwRun *) &incompatible_run)
    return NULL;
  *key_out = g_steal_pointer (&key);
  return run;
}

/* @algo's boundary of @task, kept under @key (a copy for the record). */
static MwBoundary *
kept_boundary (MwInspectKeep *keep,
               const char    *key,
               MwAlgorithm   *algo,
               const MwTask  *task,
               int            steps,
               GError       **error)
{
  MwBoundary *b = mw_inspect_keep_lookup (keep, key, NULL);

  if (b == NULL)
    {
      b = mw_boundary_compute (algo, task, steps, MW_BOUNDARY_VIEW_GRID, -MW_PLANAR_RANGE,
                               MW_PLANAR_RANGE, error);
      if (b == NULL)
        return NULL;
      mw_inspect_keep_insert (keep, key, b, (GDestroyNotify) mw_boundary_free);
    }
  return mw_boundary_copy (b);
}

static GArray **
contours_of (const MwBoundary *b)
{
  GArray **contours = g_new0 (GArray *, b->steps + 1);

  for (int s = 0; s <= b->steps; s++)
    contours[s] = mw_boundary_contour (b, s, 0.5f);
  return contours;
}

static void
free_contours (GArray **contours,
               int      steps)
{
  if (contours == NULL)
    return;
  for (int s = 0; s <= steps; s++)
    g_array_unref (contours[s]);
  g_free (contours);
}

static void
add_panel (GArray     *panels,
           const char *title,
           const char *algorithm,
           gboolean    random_start,
           MwBoundary *boundary)
{
  MwBoundaryPanel p = { g_strdup (title), g_strdup (algorithm), random_start, boundary,
                        contours_of (boundary) };

  g_array_append_val (panels, p);
}

/* The same task from the other runs that learn its family, then from a random start. */
static gboolean
compute_panels (const MwInspectRequest *request,
                MwBoundaryInspection   *r,
                const MwTask           *task,
                GError                **error)
{
  const MwExperimentConfig *c = mw_run_get_config (request->run);
  int steps = r->boundary->steps;
  g_autoptr(GArray) panels = g_array_new (FALSE, TRUE, sizeof (MwBoundaryPanel));
  g_autofree char *random_key = NULL;
  MwBoundary *b;
  MwRun *untrained;
  gboolean found;

  for (int i = 0; i < MIN (request->n_peers, MAX_PEER_CANDIDATES) && (int) panels->len < MW_BOUNDARY_MAX_PEERS; i++)
    {
      g_autofree char *run_key = NULL, *key = NULL;
      MwRun *peer = peer_run (request, i, &run_key);

      if (peer == NULL)
        continue;
      key = g_strdup_printf ("boundary:%s:%" G_GUINT64_FORMAT ":%d:%d", run_key, r->seed,
                             r->task_index, steps);
      /* A run that cannot draw this task (another number of ways) is left out. */
      b = kept_boundary (request->keep, key, mw_run_get_algorithm (peer), task, steps, NULL);
      if (b != NULL)
        add_panel (panels, request->peer_names[i],
                   mw_algorithm_kind_title (mw_run_get_config (peer)->algo.kind), FALSE, b);
    }

  /* The same settings and seed build the model as it was before its first step. */
  untrained = mw_inspect_keep_lookup (request->keep, "untrained", &found);
  if (!found)
    {
      untrained = mw_run_new (c, error);
      if (untrained == NULL)
        return FALSE;
      mw_run_set_threads (untrained, 1);
      mw_inspect_keep_insert (request->keep, "untrained", untrained, (GDestroyNotify) mw_run_free);
    }
  random_key = g_strdup_printf ("random:%" G_GUINT64_FORMAT ":%d:%d", r->seed, r->task_index, steps);
  b = kept_boundary (request->keep, random_key, mw_run_get_algorithm (untrained), task, steps, error);
  if (b == NULL)
    return FALSE;
  add_panel (panels, _("Random start"), mw_algorithm_kind_title (c->algo.kind), TRUE, b);

  r->n_panels = (int) panels->len;
  r->panels = (MwBoundaryPanel *) (gpointer) g_array_free (g_steal_pointer (&panels), FALSE);
  return TRUE;
}

/* The query loss over (w₁, w₂) around the weight path, at each step's b. */
static void
compute_weight_loss (MwBoundaryInspection *r)
{
  const MwBoundary *b = r->boundary;
  const int n = MW_BOUNDARY_LOSS_GRID;
  float lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };

  for (int s = 0; s <= b->steps; s++)
    for (int k = 0; k < 2; k++)
      {
        lo[k] = fminf (lo[k], b->weights[3 * s + k]);
        hi[k] = fmaxf (hi[k], b->weights[3 * s + k]);
      }
  /* A square (the normal keeps its angle) around the path, with room beside it. */
  r->weight_centre[0] = (lo[0] + hi[0]) / 2;
  r->weight_centre[1] = (lo[1] + hi[1]) / 2;
  r->weight_half = fmaxf (0.75f * fmaxf (hi[0] - lo[0], hi[1] - lo[1]), 0.5f);
  r->weight_loss = g_new (float, (gsize) (b->steps + 1) * n * n);
  for (int s = 0; s <= b->steps; s++)
    for (int j = 0; j < n; j++)
      for (int i = 0; i < n; i++)
        {
          float w1 = r->weight_centre[0] + r->weight_half * (2.0f * i / (n - 1) - 1);
          float w2 = r->weight_centre[1] + r->weight_half * (2.0f * j / (n - 1) - 1);

          r->weight_loss[((gsize) s * n + j) * n + i] =
            (float) mw_boundary_logistic_loss (r->query_xy, r->query_labels, b->n_query, w1, w2,
                                               b->weights[3 * s + 2]);
        }
}

/* On the inspector's worker thread. */
static gpointer
boundary_compute (const MwInspectRequest *request,
                  GError                **error)
{
  const MwExperimentConfig *c = mw_run_get_config (request->run);
  g_autoptr(MwBoundaryInspection) r = NULL;
  g_autofree char *key = NULL;
  const MwPlanarTask *truth;
  MwPlanarSpec spec;
  MwTaskGen *gen;
  MwTask task;
  MwRng rng;
  guint64 seed = MW_TEST_SEED;
  int task_index = 0, steps, grid = MW_BOUNDARY_VIEW_GRID;
  float *margin;

  if (!mw_data_info (c->data)->points)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED, "%s",
                   _("The Boundary page draws planar runs: this run's tasks are not points "
                     "in the plane"));
      return NULL;
    }
  if (request->params != NULL)
    g_variant_get (request->params, "(ti)", &seed, &task_index);

  /* The same task as eval's episode task_index of this seed (and eval --boundary's). */
  mw_experiment_config_planar_spec (c, &spec);
  gen = mw_task_gen_new_planar (&spec, c->shots, c->queries);
  mw_rng_init (&rng, seed, (uint64_t) task_index);
  steps = MIN (mw_algorithm_kind_is_metric (c->algo.kind) ? 0 : c->test_steps,
               MW_BOUNDARY_MAX_STEPS);
  r = mw_inspection_new (&mw_boundary_inspection_kind);
  r->title = g_strdup (request->run_title);
  r->seed = seed;
  r->task_index = task_index;
  key = g_strdup_printf ("own:%" G_GUINT64_FORMAT ":%d:%d", seed, task_index, steps);
  if (mw_task_gen_next (gen, c->ways, c->shots, c->queries, &rng, &task, error))
    r->boundary = kept_boundary (request->keep, key, mw_run_get_algorithm (request->run), &task,
                                 steps, error);
  if (r->boundary == NULL)
    {
      mw_task_gen_free (gen);
      return NULL;
    }
  r->n_support = task.support_x->shape[0];
  r->support_xy = g_memdup2 (task.support_x->data, sizeof (float) * 2 * (gsize) r->n_support);
  r->support_labels = g_memdup2 (task.support_labels, sizeof (int32_t) * (gsize) r->n_support);
  r->query_xy = g_memdup2 (task.query_x->data, sizeof (float) * 2 * (gsize) r->boundary->n_query);
  r->query_labels = g_memdup2 (task.query_labels, sizeof (int32_t) * (gsize) r->boundary->n_query);
  r->contours = contours_of (r->boundary);

  truth = mw_task_gen_planar_task (gen, 0);
  margin = g_new (float, (gsize) grid * grid);
  for (int j = 0; j < grid; j++)
    for (int i = 0; i < grid; i++)
      margin[j * grid + i] = mw_planar_task_margin (truth, mw_boundary_coordinate (r->boundary, i),
                                                    mw_boundary_coordinate (r->boundary, j));
  r->truth = mw_contour_segments (margin, grid, r->boundary->lo, r->boundary->hi, 0.0f);
  g_free (margin);
  if (truth->family == MW_PLANAR_LINEAR)
    {
      r->has_normal = TRUE;
      r->normal[0] = cosf (truth->angle);
      r->normal[1] = sinf (truth->angle);
    }
  if (r->boundary->weights != NULL)
    compute_weight_loss (r);

  if (!compute_panels (request, r, &task, error))
    {
      mw_task_gen_free (gen);
      return NULL;
    }
  mw_task_gen_free (gen);
  return g_steal_pointer (&r);
}

static void
boundary_inspection_clear (gpointer data)
{
  MwBoundaryInspection *self = data;

  for (int i = 0; i < self->n_panels; i++)
    {
      MwBoundaryPanel *p = &self->panels[i];

      free_contours (p->contours, p->boundary->steps);
      mw_boundary_free (p->boundary);
      g_free (p->title);
      g_free (p->algorithm);
    }
  g_free (self->panels);
  if (self->boundary != NULL)
    free_contours (self->contours, self->boundary->steps);
  g_clear_pointer (&self->truth, g_array_unref);
  g_clear_pointer (&self->boundary, mw_boundary_free);
  g_free (self->title);
  g_free (self->support_xy);
  g_free (self->support_labels);
  g_free (self->query_xy);
  g_free (self->query_labels);
  g_free (self->weight_loss);
}

const MwInspectionKind mw_boundary_inspection_kind = {
  "boundary", sizeof (MwBoundaryInspection), boundary_inspection_clear, boundary_compute
};
