/* mw-predictive.h: the predictive distribution of a probabilistic learner (the
 * Conditional Neural Process, the Neural Process) at given target inputs, after seeing
 * given context points: what a band view draws and what NLL and interval coverage
 * measure.
 *
 * The predictive is a mixture of n_components Gaussians per target with equal
 * weights: one for a CNP, one per latent sample z for an NP.  Each component's mean is
 * a sampled function (for an NP, the function that z describes).
 *
 *   MwPredictive p;
 *   if (mw_algorithm_predict (algo, cx, cy, tx, 16, seed, &p))
 *     {
 *       for (int i = 0; i < p.n_targets; i++)
 *         printf ("%g ± %g\n", mw_predictive_mean (&p, i), 2 * mw_predictive_sd (&p, i));
 *       mw_predictive_clear (&p);
 *     }
 */
#pragma once

#include "mw-algorithm.h"

typedef struct MwPredictive {
  int n_targets;
  int n_components;   /* 1 for a CNP; the latent samples for an NP */
  float *mean;        /* [n_components][n_targets]: each component's μ (a sampled function) */
  float *sigma;       /* [n_components][n_targets]: its σ */
} MwPredictive;

/* The central intervals whose coverage evaluation reports. */
#define MW_COVERAGE_LEVELS 3
extern const double mw_coverage_levels[MW_COVERAGE_LEVELS];   /* 0.5, 0.9, 0.95 */

/* Whether the learner has a predictive distribution (its row's `probabilistic`). */
gboolean mw_algorithm_has_predictive (const MwAlgorithm *algo);

/* The predictive at target_x ([n, x-dim]) given the context (context_x [k, x-dim],
 * context_y [k, 1]; k ≥ 1), with n_samples latent samples where the learner has a
 * latent (ignored by a CNP), drawn from the stream (seed, 0): the same seed gives the
 * same bits.  Fills out (free with mw_predictive_clear); FALSE when the learner has no
 * predictive.  Uses the learner's tape: one caller at a time. */
gboolean mw_algorithm_predict (MwAlgorithm *algo, MwTensor *context_x, MwTensor *context_y,
                               MwTensor *target_x, int n_samples, uint64_t seed,
                               MwPredictive *out);
void mw_predictive_clear (MwPredictive *p);

/* Of target i: the mixture's mean and standard deviation (law of total variance),
 * −log density at y, and CDF at y. */
double mw_predictive_mean (const MwPredictive *p, int i);
double mw_predictive_sd (const MwPredictive *p, int i);
double mw_predictive_nll (const MwPredictive *p, int i, double y);
double mw_predictive_cdf (const MwPredictive *p, int i, double y);

/* For targets y (n_targets values): the mean NLL and, per level of
 * mw_coverage_levels, the fraction of y inside the mixture's central interval of that
 * probability ((1 − level)/2 < CDF(y) < (1 + level)/2). */
void mw_predictive_score (const MwPredictive *p, const float *y, double *nll,
                          double coverage[MW_COVERAGE_LEVELS]);

/* How many latent samples evaluation draws per task for the mixture (NLL, coverage). */
#define MW_PREDICTIVE_EVAL_SAMPLES 32

/* For evaluation: task k's query points scored under the predictive from its support
 * (MW_PREDICTIVE_EVAL_SAMPLES samples from the stream (seed, first + k)) into nll[k]
 * and coverage[k · MW_COVERAGE_LEVELS + l], on the learner's worker threads; the same
 * numbers at any thread count.  Does nothing for a learner without a predictive. */
void mw_algorithm_score_tasks (MwAlgorithm *algo, const MwTask *tasks, int n, uint64_t seed,
                               int first, double *nll, double *coverage);
