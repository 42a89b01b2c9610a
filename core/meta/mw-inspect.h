/* mw-inspect.h: a close look at what a learner does on one task, for the inspection
 * views (episode inspector, adaptation viewer, embedding view, cost view).
 *
 * Everything here computes; the views only draw the results.  Each call uses the
 * algorithm's own tape, so it runs on the thread that owns the algorithm (the worker),
 * between meta-iterations. */
#pragma once

#include "mw-algorithm.h"
#include "mw-episode.h"
#include "mw-task.h"

#include <glib.h>

/* What the learner predicted for every query before adaptation (step 0) and after
 * each adaptation step.  Arrays indexed by step have steps + 1 entries; steps that
 * were not measured (mw_algorithm_evaluate measures all up to 10, then every 10th and
 * the last) have measured[s] = FALSE and NULL rows. */
typedef struct MwEpisodeTrace {
  int steps;
  gboolean regression;
  int ways;                  /* classes (classification) */
  int n_query;
  int n_out;                 /* columns of outputs: ways, or 1 for regression */
  gboolean *measured;
  double *loss;              /* query loss (cross-entropy or MSE) */
  double *accuracy;          /* query accuracy (NaN for regression) */
  float **outputs;           /* n_query × n_out: class probabilities or predictions */
  int **predicted;           /* n_query: the most probable class (classification) */
  int **confusion;           /* ways × ways counts, [true · ways + predicted] */
  double **class_accuracy;   /* ways: share of each class's queries predicted right */
  int32_t *query_labels;     /* n_query, copied from the task (classification) */
} MwEpisodeTrace;

/* Adapts a copy of algo on task's support set for `steps` steps (metric learners have
 * none: only step 0 is measured) and fills trace.  The learner is unchanged.  Fails
 * with MW_ALGORITHM_ERROR_UNSUPPORTED when the learner ends in an output layer of
 * another number of classes than the task has (MAML, Meta-SGD and Reptile are
 * meta-trained for one N; metric learners and the fine-tune baseline take any). */
gboolean mw_inspect_episode (MwAlgorithm *algo, const MwTask *task, int steps,
                             MwEpisodeTrace *trace, GError **error);
void mw_episode_trace_clear (MwEpisodeTrace *trace);
/* The last measured step. */
int mw_episode_trace_last_step (const MwEpisodeTrace *trace);

/* A regression learner's fit to one sine task (the figure of Finn et al. 2017): it
 * adapts on `shots` points drawn from the task and is evaluated on n_grid evenly
 * spaced points over [−5, 5], before adaptation and after each step. */
typedef struct MwSineFit {
  int steps;
  int shots;
  int n_grid;
  float amplitude, phase;
  float *support_x, *support_y;   /* shots points */
  float *grid_x, *truth;          /* n_grid points of the true curve */
  gboolean *measured;             /* steps + 1 */
  float **fit;                    /* per step: n_grid predictions (NULL: not measured) */
  double *mse;                    /* per step: MSE over the grid */
} MwSineFit;

/* Fails with MW_ALGORITHM_ERROR_UNSUPPORTED for a classification learner. */
gboolean mw_inspect_sine_fit (MwAlgorithm *algo, const MwSineTask *sine, int shots, int steps,
                              int n_grid, MwRng *rng, MwSineFit *fit, GError **error);
void mw_sine_fit_clear (MwSineFit *fit);

/* The support and query embeddings of a classification task (the network's features,
 * before any adaptation), the class prototypes (mean support embedding per class),
 * projected to 2-D by PCA over support and query points.  query_assigned is the
 * prototype nearest to each query in the full embedding space (squared Euclidean). */
typedef struct MwEmbedding {
  int ways, n_support, n_query, dim;
  float *support_xy, *query_xy, *prototype_xy;   /* 2 floats per point */
  int32_t *support_labels, *query_labels;
  int *query_assigned;
  double explained[2];   /* share of the variance along each of the two axes */
} MwEmbedding;

/* Fails with MW_ALGORITHM_ERROR_UNSUPPORTED for regression learners. */
gboolean mw_inspect_embedding (MwAlgorithm *algo, const MwTask *task, MwEmbedding *embedding,
                               GError **error);
void mw_embedding_clear (MwEmbedding *embedding);

/* What one meta-iteration costs: wall time (median over the measured iterations, after
 * one warm-up) and the peak bytes the algorithm's tapes held for temporaries (the
 * memory that second-order MAML needs for every inner step). */
typedef struct MwStepCost {
  double seconds;
  size_t peak_bytes;
} MwStepCost;

/* Builds a fresh learner from config on source, runs 1 + iterations meta-iterations
 * and measures them.  The caller's runs are not touched. */
gboolean mw_measure_step_cost (const MwAlgorithmConfig *config, MwTaskSource *source,
                               int iterations, uint64_t seed, int workers, MwStepCost *cost,
                               GError **error);
/* Peak bytes held by the algorithm's tapes since it was built. */
size_t mw_algorithm_peak_bytes (const MwAlgorithm *algo);
