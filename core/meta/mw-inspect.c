/* mw-inspect.c: per-query predictions through adaptation, sine fits, embeddings in
 * 2-D and the cost of a meta-iteration. */
#include "config.h"
#include "mw-inspect.h"

#include "mw-algorithm-private.h"

#include <cblas.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* LAPACK's symmetric eigensolver, as shipped inside OpenBLAS (the trailing lengths are
 * the Fortran ABI's hidden character-argument lengths). */
extern void ssyev_ (const char *jobz, const char *uplo, const int *n, float *a, const int *lda,
                    float *w, float *work, const int *lwork, int *info, size_t jobz_len,
                    size_t uplo_len);

/* ---- episode trace ---- */

gboolean
mw_inspect_episode (MwAlgorithm *algo, const MwTask *task, int steps, MwEpisodeTrace *t,
                    GError **error)
{
  g_return_val_if_fail (algo != NULL && task != NULL && steps >= 0 && t != NULL, FALSE);
  memset (t, 0, sizeof *t);
  const MwModel *m = algo->model;
  gboolean own_head = mw_algorithm_info (algo->cfg.kind)->own_head;
  if (!task->regression && own_head && m->n_out != task->ways)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   g_dngettext (GETTEXT_PACKAGE,
                                "this %s learner classifies %d-way tasks (its output layer has "
                                "%d classes); the task has %d class",
                                "this %s learner classifies %d-way tasks (its output layer has "
                                "%d classes); the task has %d classes", task->ways),
                   mw_algorithm_kind_title (algo->cfg.kind), m->n_out, m->n_out, task->ways);
      return FALSE;
    }
  if (task->regression != algo->regression)
    {
      g_set_error_literal (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                           task->regression
                             ? _("a classification learner cannot inspect a regression task")
                             : _("a regression learner cannot inspect a classification task"));
      return FALSE;
    }
  if (mw_algorithm_kind_is_metric (algo->cfg.kind))
    steps = 0;
  int n = steps + 1;
  t->steps = steps;
  t->regression = task->regression;
  t->ways = task->regression ? 0 : task->ways;
  t->n_query = task->query_x->shape[0];
  t->n_out = task->regression ? 1 : task->ways;
  t->measured = g_new0 (gboolean, n);
  t->loss = g_new (double, n);
  t->accuracy = g_new (double, n);
  t->outputs = g_new0 (float *, n);
  t->predicted = g_new0 (int *, n);
  t->confusion = g_new0 (int *, n);
  t->class_accuracy = g_new0 (double *, n);
  if (!task->regression)
    t->query_labels = g_memdup2 (task->query_labels, sizeof (int32_t) * (size_t) t->n_query);

  MwTensor **pred = g_new0 (MwTensor *, n);
  mw_algorithm_evaluate (algo, task, steps, t->loss, t->accuracy, pred);
  for (int s = 0; s < n; s++)
    {
      if (pred[s] == NULL)
        continue;
      t->measured[s] = TRUE;
      t->outputs[s] = g_memdup2 (pred[s]->data, sizeof (float) * pred[s]->numel);
      mw_tensor_free (pred[s]);
      if (task->regression)
        continue;
      int ways = t->ways;
      int *predicted = t->predicted[s] = g_new (int, t->n_query);
      int *conf = t->confusion[s] = g_new0 (int, ways * ways);
      int *per_class = g_new0 (int, ways);
      double *acc = t->class_accuracy[s] = g_new0 (double, ways);
      for (int q = 0; q < t->n_query; q++)
        {
          const float *row = t->outputs[s] + (size_t) q * ways;
          int best = 0;
          for (int c = 1; c < ways; c++)
            if (row[c] > row[best])
              best = c;
          predicted[q] = best;
          int truth = t->query_labels[q];
          conf[truth * ways + best]++;
          per_class[truth]++;
          if (best == truth)
            acc[truth] += 1;
        }
      for (int c = 0; c < ways; c++)
        acc[c] = per_class[c] > 0 ? acc[c] / per_class[c] : NAN;
      g_free (per_class);
    }
  g_free (pred);
  return TRUE;
}

int
mw_episode_trace_last_step (const MwEpisodeTrace *t)
{
  for (int s = t->steps; s > 0; s--)
    if (t->measured[s])
      return s;
  return 0;
}

void
mw_episode_trace_clear (MwEpisodeTrace *t)
{
  if (t->measured != NULL)
    for (int s = 0; s <= t->steps; s++)
      {
        g_free (t->outputs[s]);
        g_free (t->predicted[s]);
        g_free (t->confusion[s]);
        g_free (t->class_accuracy[s]);
      }
  g_free (t->measured);
  g_free (t->loss);
  g_free (t->accuracy);
  g_free (t->outputs);
  g_free (t->predicted);
  g_free (t->confusion);
  g_free (t->class_accuracy);
  g_free (t->query_labels);
  memset (t, 0, sizeof *t);
}

/* ---- sine fit ---- */

gboolean
mw_inspect_sine_fit (MwAlgorithm *algo, const MwSineTask *sine, int shots, int steps, int n_grid,
                     MwRng *rng, MwSineFit *f, GError **error)
{
  g_return_val_if_fail (algo != NULL && sine != NULL && f != NULL, FALSE);
  memset (f, 0, sizeof *f);
  if (!algo->regression)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   _("the sine fit needs a regression learner (dataset=sinusoid)"));
      return FALSE;
    }
  if (shots < 1 || steps < 0 || n_grid < 2)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("sine fit: shots (%d) must be ≥ 1, steps (%d) ≥ 0 and grid points (%d) ≥ 2"),
                   shots, steps, n_grid);
      return FALSE;
    }
  int n = steps + 1, sshape[2] = { shots, 1 }, gshape[2] = { n_grid, 1 };
  MwTensor *sx = mw_tensor_new (2, sshape), *sy = mw_tensor_new (2, sshape);
  MwTensor *gx = mw_tensor_new (2, gshape), *gy = mw_tensor_new (2, gshape);
  mw_sine_task_points (sine, rng, sx, sy);
  for (int i = 0; i < n_grid; i++)
    {
      gx->data[i] = -5.0f + 10.0f * (float) i / (float) (n_grid - 1);
      gy->data[i] = mw_sine_task_value (sine, gx->data[i]);
    }
  MwTask task = { .regression = true, .ways = 1, .shots = shots, .support_x = sx,
                  .support_y = sy, .query_x = gx, .query_y = gy };
  MwEpisodeTrace t;
  if (!mw_inspect_episode (algo, &task, steps, &t, error))
    {
      mw_tensor_free (sx);
      mw_tensor_free (sy);
      mw_tensor_free (gx);
      mw_tensor_free (gy);
      return FALSE;
    }

  f->steps = steps;
  f->shots = shots;
  f->n_grid = n_grid;
  f->amplitude = sine->amplitude;
  f->phase = sine->phase;
  f->support_x = g_memdup2 (sx->data, sizeof (float) * (size_t) shots);
  f->support_y = g_memdup2 (sy->data, sizeof (float) * (size_t) shots);
  f->grid_x = g_memdup2 (gx->data, sizeof (float) * (size_t) n_grid);
  f->truth = g_memdup2 (gy->data, sizeof (float) * (size_t) n_grid);
  f->measured = g_memdup2 (t.measured, sizeof (gboolean) * (size_t) n);
  f->mse = g_memdup2 (t.loss, sizeof (double) * (size_t) n);
  f->fit = g_new0 (float *, n);
  for (int s = 0; s < n; s++)
    f->fit[s] = g_steal_pointer (&t.outputs[s]);
  mw_episode_trace_clear (&t);
  mw_tensor_free (sx);
  mw_tensor_free (sy);
  mw_tensor_free (gx);
  mw_tensor_free (gy);
  return TRUE;
}

void
mw_sine_fit_clear (MwSineFit *f)
{
  if (f->fit != NULL)
    for (int s = 0; s <= f->steps; s++)
      g_free (f->fit[s]);
  g_free (f->fit);
  g_free (f->support_x);
  g_free (f->support_y);
  g_free (f->grid_x);
  g_free (f->truth);
  g_free (f->measured);
  g_free (f->mse);
  memset (f, 0, sizeof *f);
}

/* ---- embeddings ---- */

/* The two leading principal axes of rows (n × d) as a d × 2 column pair, and the share
 * of variance each explains.  Signs are fixed (largest component positive) so the
 * same data always draws the same picture. */
static gboolean
principal_axes (const float *rows, int n, int d, const float *mean, float *axes,
                double explained[2], GError **error)
{
  float *cov = g_new0 (float, (size_t) d * d), *w = g_new (float, d);
  float *centred = g_new (float, (size_t) n * d);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < d; j++)
      centred[(size_t) i * d + j] = rows[(size_t) i * d + j] - mean[j];
  /* cov = Xcᵀ Xc / n (only the upper triangle is read; row/column order is the same
   * for a symmetric matrix). */
  cblas_ssyrk (CblasRowMajor, CblasUpper, CblasTrans, d, n, 1.0f / (float) n, centred, d,
               0.0f, cov, d);
  int lwork = -1, info = 0;
  float query;
  ssyev_ ("V", "L", &d, cov, &d, w, &query, &lwork, &info, 1, 1);
  lwork = info == 0 ? (int) query : 3 * d;
  float *work = g_new (float, lwork);
  ssyev_ ("V", "L", &d, cov, &d, w, work, &lwork, &info, 1, 1);
  g_free (work);
  g_free (centred);
  if (info != 0)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_DIVERGED,
                   _("the embeddings could not be projected (eigensolver status %d): are they "
                     "finite?"),
                   info);
      g_free (cov);
      g_free (w);
      return FALSE;
    }
  /* Eigenvalues ascend; eigenvector k is column k of the column-major result, which is
   * row k of cov as stored here. */
  double total = 0;
  for (int j = 0; j < d; j++)
    total += MAX (w[j], 0.0f);
  for (int a = 0; a < 2; a++)
    {
      int k = d - 1 - a;
      if (k < 0)
        {
          for (int j = 0; j < d; j++)
            axes[j * 2 + a] = 0.0f;
          explained[a] = 0.0;
          continue;
        }
      const float *v = cov + (size_t) k * d;
      int big = 0;
      for (int j = 1; j < d; j++)
        if (fabsf (v[j]) > fabsf (v[big]))
          big = j;
      float sign = v[big] < 0 ? -1.0f : 1.0f;
      for (int j = 0; j < d; j++)
        axes[j * 2 + a] = sign * v[j];
      explained[a] = total > 0 ? MAX (w[k], 0.0f) / total : 0.0;
    }
  g_free (cov);
  g_free (w);
  return TRUE;
}

static float *
project (const float *rows, int n, int d, const float *mean, const float *axes)
{
  float *xy = g_new0 (float, (size_t) n * 2);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < d; j++)
      {
        float c = rows[(size_t) i * d + j] - mean[j];
        xy[i * 2] += c * axes[j * 2];
        xy[i * 2 + 1] += c * axes[j * 2 + 1];
      }
  return xy;
}

gboolean
mw_inspect_embedding (MwAlgorithm *algo, const MwTask *task, MwEmbedding *e, GError **error)
{
  g_return_val_if_fail (algo != NULL && task != NULL && e != NULL, FALSE);
  memset (e, 0, sizeof *e);
  if (task->regression || algo->regression)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   _("embeddings need a classification learner (regression has no classes)"));
      return FALSE;
    }
  int ways = task->ways, ns = task->support_x->shape[0], nq = task->query_x->shape[0];
  mw_tape_reset (algo->tape);
  bool was = mw_tape_set_recording (algo->tape, false);
  MwTensor *es, *eq;
  mw_algo_embed_task (algo, algo->tape, task, FALSE, &es, &eq);
  mw_tape_set_recording (algo->tape, was);
  int d = es->shape[1];

  /* All rows in one table: support, query, then the prototypes. */
  float *rows = g_new0 (float, (size_t) (ns + nq + ways) * d);
  memcpy (rows, es->data, sizeof (float) * (size_t) ns * d);
  memcpy (rows + (size_t) ns * d, eq->data, sizeof (float) * (size_t) nq * d);
  mw_tape_reset (algo->tape);
  float *protos = rows + (size_t) (ns + nq) * d;
  int *count = g_new0 (int, ways);
  for (int i = 0; i < ns; i++)
    {
      int c = task->support_labels[i];
      count[c]++;
      for (int j = 0; j < d; j++)
        protos[(size_t) c * d + j] += rows[(size_t) i * d + j];
    }
  for (int c = 0; c < ways; c++)
    for (int j = 0; j < d && count[c] > 0; j++)
      protos[(size_t) c * d + j] /= (float) count[c];
  g_free (count);

  float *mean = g_new0 (float, d), *axes = g_new (float, (size_t) d * 2);
  for (int i = 0; i < ns + nq; i++)
    for (int j = 0; j < d; j++)
      mean[j] += rows[(size_t) i * d + j] / (float) (ns + nq);
  gboolean ok = principal_axes (rows, ns + nq, d, mean, axes, e->explained, error);
  if (ok)
    {
      e->ways = ways;
      e->n_support = ns;
      e->n_query = nq;
      e->dim = d;
      e->support_xy = project (rows, ns, d, mean, axes);
      e->query_xy = project (rows + (size_t) ns * d, nq, d, mean, axes);
      e->prototype_xy = project (protos, ways, d, mean, axes);
      e->support_labels = g_memdup2 (task->support_labels, sizeof (int32_t) * (size_t) ns);
      e->query_labels = g_memdup2 (task->query_labels, sizeof (int32_t) * (size_t) nq);
      e->query_assigned = g_new (int, nq);
      for (int q = 0; q < nq; q++)
        {
          const float *x = rows + (size_t) (ns + q) * d;
          double best = INFINITY;
          for (int c = 0; c < ways; c++)
            {
              double dist = 0;
              for (int j = 0; j < d; j++)
                {
                  double diff = x[j] - protos[(size_t) c * d + j];
                  dist += diff * diff;
                }
              if (dist < best)
                {
                  best = dist;
                  e->query_assigned[q] = c;
                }
            }
        }
    }
  g_free (mean);
  g_free (axes);
  g_free (rows);
  return ok;
}

void
mw_embedding_clear (MwEmbedding *e)
{
  g_free (e->support_xy);
  g_free (e->query_xy);
  g_free (e->prototype_xy);
  g_free (e->support_labels);
  g_free (e->query_labels);
  g_free (e->query_assigned);
  memset (e, 0, sizeof *e);
}

/* ---- cost ---- */

size_t
mw_algorithm_peak_bytes (const MwAlgorithm *algo)
{
  size_t total = 0;
  for (int w = 0; w < algo->n_workers; w++)
    if (algo->worker_tapes[w] != NULL)
      total += mw_tape_peak_bytes (algo->worker_tapes[w]);
  return total;
}

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

gboolean
mw_measure_step_cost (const MwAlgorithmConfig *config, MwTaskSource *source, int iterations,
                      uint64_t seed, int workers, MwStepCost *cost, GError **error)
{
  g_return_val_if_fail (config != NULL && source != NULL && cost != NULL, FALSE);
  iterations = MAX (iterations, 1);
  MwAlgorithm *algo = mw_algorithm_new (config, source, seed, error);
  if (algo == NULL)
    return FALSE;
  mw_algorithm_set_workers (algo, workers);
  MwRng rng;
  mw_rng_init (&rng, seed, 0x636f7374ULL);
  double *seconds = g_new (double, iterations);
  gboolean ok = TRUE;
  for (int i = 0; i <= iterations && ok; i++)
    {
      MwStepStats stats;
      gint64 start = g_get_monotonic_time ();
      ok = mw_algorithm_train_step (algo, source, i, iterations + 1, &rng, &stats, error);
      if (i > 0)   /* the first iteration warms caches and allocates the tapes' pools */
        seconds[i - 1] = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
    }
  if (ok)
    {
      qsort (seconds, iterations, sizeof (double), compare_double);
      cost->seconds = seconds[iterations / 2];
      cost->peak_bytes = mw_algorithm_peak_bytes (algo);
    }
  g_free (seconds);
  mw_algorithm_free (algo);
  return ok;
}
