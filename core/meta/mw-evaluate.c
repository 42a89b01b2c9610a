/* mw-evaluate.c: mean ± 95% CI over held-out episodes. */
#include "config.h"
#include "mw-evaluate.h"

#include "mw-threads.h"

#include <glib/gi18n-lib.h>
#include <math.h>

void
mw_eval_result_clear (MwEvalResult *r)
{
  g_clear_pointer (&r->accuracy, g_free);
  g_clear_pointer (&r->accuracy_ci, g_free);
  g_clear_pointer (&r->loss, g_free);
  g_clear_pointer (&r->loss_ci, g_free);
  g_clear_pointer (&r->diverged, g_free);
}

int
mw_eval_result_final_step (const MwEvalResult *r)
{
  for (int s = r->steps; s > 0; s--)
    if (!isnan (r->loss[s]) || r->diverged[s] > 0)
      return s;
  return 0;
}

/* Welford's running mean and variance, per step. */
typedef struct {
  double n, mean, m2;
} Stat;

static void
stat_add (Stat *s, double x)
{
  if (isnan (x))
    return;
  s->n += 1;
  double d = x - s->mean;
  s->mean += d / s->n;
  s->m2 += d * (x - s->mean);
}

static void
stat_result (const Stat *s, double *mean, double *ci)
{
  if (s->n < 1)
    {
      *mean = *ci = NAN;
      return;
    }
  *mean = s->mean;
  *ci = s->n > 1 ? 1.96 * sqrt (s->m2 / (s->n - 1)) / sqrt (s->n) : NAN;
}

/* Episodes go in blocks of this many (see below). */
enum { BLOCK = 16 };

gboolean
mw_evaluate (MwAlgorithm *algo, MwTaskGen *gen, int ways, int shots, int queries, int steps,
             int episodes, uint64_t seed, MwEvalProgress progress, gpointer user_data,
             MwEvalResult *r, GError **error)
{
  mw_core_thread_init ();
  *r = (MwEvalResult) { .steps = steps, .nll = NAN, .nll_ci = NAN };
  for (int l = 0; l < MW_COVERAGE_LEVELS; l++)
    r->coverage[l] = r->coverage_ci[l] = NAN;
  gboolean predictive = mw_algorithm_has_predictive (algo);
  Stat nll = { 0 }, cover[MW_COVERAGE_LEVELS] = { { 0 } };
  double ep_nll[BLOCK], ep_cover[BLOCK * MW_COVERAGE_LEVELS];
  /* One row per step and the step before them: steps + 1 must not wrap round. */
  if (steps < 0 || steps > G_MAXINT / BLOCK - 1)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("evaluation cannot take %d adaptation steps (at most %d)"), steps,
                   G_MAXINT / BLOCK - 1);
      return FALSE;
    }
  int n = steps + 1;
  r->accuracy = g_new (double, n);
  r->accuracy_ci = g_new (double, n);
  r->loss = g_new (double, n);
  r->loss_ci = g_new (double, n);
  r->diverged = g_new0 (int, n);
  Stat *acc = g_new0 (Stat, n), *loss = g_new0 (Stat, n);
  /* Episodes go in blocks: made one after the other into task slots (each from its
   * own seed, so the same at any block size), evaluated at once on the workers, then
   * added in order, so the figures are those of a serial run. */
  MwTask tasks[BLOCK];
  double *ep_loss = g_new (double, (size_t) BLOCK * n), *ep_acc = g_new (double, (size_t) BLOCK * n);
  gint64 start = g_get_monotonic_time ();
  gboolean ok = TRUE;
  for (int e0 = 0; e0 < episodes && ok; e0 += BLOCK)
    {
      int count = MIN (BLOCK, episodes - e0), made = 0;
      for (; made < count; made++)
        {
          MwRng rng;
          mw_rng_init (&rng, seed, (uint64_t) (e0 + made));
          if (!mw_task_gen_next_in_slot (gen, made, ways, shots, queries, &rng, &tasks[made], error))
            {
              ok = FALSE;
              break;
            }
        }
      mw_algorithm_evaluate_tasks (algo, tasks, made, steps, ep_loss, ep_acc);
      if (predictive)
        mw_algorithm_score_tasks (algo, tasks, made, mw_rng_derive (seed, 0x6e6c6c /* "nll" */),
                                  e0, ep_nll, ep_cover);
      for (int k = 0; k < made; k++)
        {
          const double *el = ep_loss + (size_t) k * n, *ea = ep_acc + (size_t) k * n;
          for (int s = 0; s < n; s++)
            {
              if (isinf (el[s]))
                r->diverged[s]++;
              else
                stat_add (&loss[s], el[s]);
              stat_add (&acc[s], ea[s]);
            }
          if (predictive)
            {
              stat_add (&nll, isfinite (ep_nll[k]) ? ep_nll[k] : NAN);
              for (int l = 0; l < MW_COVERAGE_LEVELS; l++)
                stat_add (&cover[l], ep_cover[k * MW_COVERAGE_LEVELS + l]);
            }
          int e = e0 + k;
          r->episodes = e + 1;
          if (progress && !progress (e + 1, episodes, user_data))
            {
              g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_CANCELLED,
                           g_dngettext (GETTEXT_PACKAGE, "evaluation stopped after %d of %d episode",
                                        "evaluation stopped after %d of %d episodes", episodes),
                           e + 1, episodes);
              ok = FALSE;
              break;
            }
        }
    }
  for (int s = 0; s < n; s++)
    {
      stat_result (&acc[s], &r->accuracy[s], &r->accuracy_ci[s]);
      stat_result (&loss[s], &r->loss[s], &r->loss_ci[s]);
    }
  if (predictive)
    {
      stat_result (&nll, &r->nll, &r->nll_ci);
      for (int l = 0; l < MW_COVERAGE_LEVELS; l++)
        stat_result (&cover[l], &r->coverage[l], &r->coverage_ci[l]);
    }
  r->seconds = (double) (g_get_monotonic_time () - start) / 1e6;
  g_free (acc);
  g_free (loss);
  g_free (ep_loss);
  g_free (ep_acc);
  return ok;
}
