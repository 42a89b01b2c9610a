/* mw-evaluate.h: evaluation as in the papers: many held-out tasks, the mean with a 95%
 * confidence interval (1.96·σ/√n), before and after each adaptation step. */
#pragma once

#include "mw-algorithm.h"
#include "mw-predictive.h"
#include "mw-task-gen.h"

typedef struct MwEvalResult {
  int steps;               /* adaptation steps; arrays have steps + 1 entries */
  int episodes;
  double *accuracy;        /* mean query accuracy after each step (NaN: not measured) */
  double *accuracy_ci;     /* 95% half-width */
  double *loss;            /* mean query loss (MSE for regression) over the episodes
                              whose loss stayed finite */
  double *loss_ci;
  int *diverged;           /* episodes whose loss became infinite or NaN at this step
                              (always reported next to the mean) */
  /* Probabilistic learners (mw-predictive.h), after adaptation; NaN for the others:
   * the mean per-point NLL of the query points under the predictive, and the fraction
   * of them inside its central 50/90/95% intervals (mw_coverage_levels). */
  double nll, nll_ci;
  double coverage[MW_COVERAGE_LEVELS], coverage_ci[MW_COVERAGE_LEVELS];
  double seconds;
} MwEvalResult;

/* Called after each episode; return FALSE to stop early: the result then covers the
 * episodes done and mw_evaluate fails with MW_ALGORITHM_ERROR_CANCELLED. */
typedef gboolean (*MwEvalProgress) (int done, int total, gpointer user_data);

/* Evaluates algo on `episodes` tasks of the given shape from gen.  Episode i is drawn
 * from the stream (seed, i), so every algorithm sees the same tasks.  Returns FALSE
 * with an error if a task cannot be drawn or progress asked to stop. */
gboolean mw_evaluate (MwAlgorithm *algo, MwTaskGen *gen, int ways, int shots, int queries,
                      int steps, int episodes, uint64_t seed, MwEvalProgress progress,
                      gpointer user_data, MwEvalResult *result, GError **error);
void mw_eval_result_clear (MwEvalResult *result);
/* The last measured step (the result after adaptation). */
int mw_eval_result_final_step (const MwEvalResult *result);
