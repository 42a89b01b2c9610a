/* mw-predictive.c: a probabilistic learner's predictive mixture (mw-predictive.h): its
 * moments, density, CDF, and the scores evaluation reports. */
#include "mw-algorithm-private.h"

#include "mw-threads.h"

#include <math.h>

const double mw_coverage_levels[MW_COVERAGE_LEVELS] = { 0.5, 0.9, 0.95 };

gboolean
mw_algorithm_has_predictive (const MwAlgorithm *a)
{
  return a->vt->predict != NULL;
}

gboolean
mw_algorithm_predict (MwAlgorithm *a, MwTensor *cx, MwTensor *cy, MwTensor *tx, int n_samples,
                      uint64_t seed, MwPredictive *out)
{
  *out = (MwPredictive) { 0 };
  if (a->vt->predict == NULL)
    return FALSE;
  g_return_val_if_fail (cx->shape[0] >= 1 && cx->shape[0] == cy->shape[0], FALSE);
  /* The mixture's sums take a stack array per component. */
  n_samples = CLAMP (n_samples, 1, 1024);
  MwRng rng;
  mw_rng_init (&rng, seed, 0);
  mw_tape_reset (a->tape);
  a->vt->predict (a, a->tape, cx, cy, tx, n_samples, &rng, out);
  mw_tape_reset (a->tape);
  return TRUE;
}

void
mw_predictive_clear (MwPredictive *p)
{
  g_clear_pointer (&p->mean, g_free);
  g_clear_pointer (&p->sigma, g_free);
  p->n_targets = p->n_components = 0;
}

double
mw_predictive_mean (const MwPredictive *p, int i)
{
  double s = 0;
  for (int c = 0; c < p->n_components; c++)
    s += p->mean[(size_t) c * p->n_targets + i];
  return s / p->n_components;
}

double
mw_predictive_sd (const MwPredictive *p, int i)
{
  /* Var = E[σ²] + Var[μ] over the components. */
  double m = mw_predictive_mean (p, i), v = 0;
  for (int c = 0; c < p->n_components; c++)
    {
      size_t k = (size_t) c * p->n_targets + i;
      double d = p->mean[k] - m;
      v += (double) p->sigma[k] * p->sigma[k] + d * d;
    }
  return sqrt (v / p->n_components);
}

double
mw_predictive_nll (const MwPredictive *p, int i, double y)
{
  /* −log (1/S Σ N(y | μs, σs²)), by log-sum-exp over the components. */
  double best = -INFINITY;
  double *logs = g_newa (double, p->n_components);
  for (int c = 0; c < p->n_components; c++)
    {
      size_t k = (size_t) c * p->n_targets + i;
      double z = (y - p->mean[k]) / p->sigma[k];
      logs[c] = -0.5 * z * z - log (p->sigma[k]) - 0.5 * log (2 * G_PI);
      best = fmax (best, logs[c]);
    }
  double s = 0;
  for (int c = 0; c < p->n_components; c++)
    s += exp (logs[c] - best);
  return -(best + log (s / p->n_components));
}

double
mw_predictive_cdf (const MwPredictive *p, int i, double y)
{
  double s = 0;
  for (int c = 0; c < p->n_components; c++)
    {
      size_t k = (size_t) c * p->n_targets + i;
      s += 0.5 * erfc (-(y - p->mean[k]) / (p->sigma[k] * G_SQRT2));
    }
  return s / p->n_components;
}

void
mw_predictive_score (const MwPredictive *p, const float *y, double *nll,
                     double coverage[MW_COVERAGE_LEVELS])
{
  double total = 0;
  int inside[MW_COVERAGE_LEVELS] = { 0 };
  for (int i = 0; i < p->n_targets; i++)
    {
      total += mw_predictive_nll (p, i, y[i]);
      /* Inside the central interval of probability L: the CDF within (1 ∓ L)/2. */
      double u = mw_predictive_cdf (p, i, y[i]);
      for (int l = 0; l < MW_COVERAGE_LEVELS; l++)
        inside[l] += fabs (u - 0.5) < mw_coverage_levels[l] / 2;
    }
  int n = MAX (p->n_targets, 1);
  *nll = isfinite (total) ? total / n : INFINITY;
  for (int l = 0; l < MW_COVERAGE_LEVELS; l++)
    coverage[l] = (double) inside[l] / n;
}

typedef struct {
  MwAlgorithm *a;
  const MwTask *tasks;
  uint64_t seed;
  int first;
  double *nll, *coverage;
} ScoreJob;

static gboolean
score_one (int k, int worker, gpointer data)
{
  ScoreJob *job = data;
  mw_core_thread_init ();
  MwAlgorithm *a = job->a;
  MwTape *tape = a->worker_tapes[worker];
  const MwTask *task = &job->tasks[k];
  MwRng rng;
  mw_rng_init (&rng, job->seed, (uint64_t) (job->first + k));
  MwPredictive p;
  mw_tape_reset (tape);
  a->vt->predict (a, tape, task->support_x, task->support_y, task->query_x,
                  MW_PREDICTIVE_EVAL_SAMPLES, &rng, &p);
  mw_tape_reset (tape);
  mw_predictive_score (&p, task->query_y->data, &job->nll[k],
                       job->coverage + (size_t) k * MW_COVERAGE_LEVELS);
  mw_predictive_clear (&p);
  return TRUE;
}

void
mw_algorithm_score_tasks (MwAlgorithm *a, const MwTask *tasks, int n, uint64_t seed, int first,
                          double *nll, double *coverage)
{
  if (a->vt->predict == NULL)
    return;
  ScoreJob job = { a, tasks, seed, first, nll, coverage };
  mw_algo_run_on_workers (a, n, MIN (a->n_workers, n), score_one, &job);
}
