/* mw-algorithm-private.h: what the algorithm implementations share. */
#pragma once

#include "mw-algorithm.h"
#include "mw-parallel.h"
#include "mw-distribution.h"
#include "mw-ops.h"
#include "mw-predictive.h"

typedef struct MwAlgorithmVTable {
  /* Optional: run by mw_algorithm_new once the model exists, before the trainable
   * tensors are gathered (extra meta-parameters, private state). */
  void (*setup) (MwAlgorithm *algo, MwRng *rng);
  gboolean (*train_step) (MwAlgorithm *algo, MwTaskSource *source, int64_t iteration,
                          int64_t total, MwRng *rng, MwStepStats *stats, GError **error);
  void (*evaluate) (MwAlgorithm *algo, const MwTask *task, int steps, double *loss,
                    double *accuracy, MwTensor **predictions);
  void (*free_priv) (MwAlgorithm *algo);
  /* Optional extra training state for checkpoints (Reptile's inner Adam). */
  int (*priv_state_count) (const MwAlgorithm *algo);
  const char *(*priv_state_name) (const MwAlgorithm *algo, int i);
  float *(*priv_state_data) (MwAlgorithm *algo, int i, size_t *n);
  gint64 *(*priv_counter) (MwAlgorithm *algo);
  /* evaluate only reads the learner (all its temporaries are on algo->tape), so
   * episodes can be evaluated at once on the worker tapes. */
  gboolean evaluate_is_pure;
  /* Optional: the predictive of a probabilistic learner (mw-predictive.h), computed on
   * tape (recording off) with its latent samples from rng; fills out. */
  void (*predict) (MwAlgorithm *algo, MwTape *tape, MwTensor *context_x, MwTensor *context_y,
                   MwTensor *target_x, int n_samples, MwRng *rng, MwPredictive *out);
} MwAlgorithmVTable;

typedef MwTensor *(*MwMetricLogits) (MwAlgorithm *algo, MwTape *tape, const MwTask *task,
                                     gboolean training);

struct MwAlgorithm {
  const MwAlgorithmVTable *vt;
  MwAlgorithmConfig cfg;
  gboolean regression;
  int source_ways, source_shots, source_queries;
  MwModel *model;
  MwTape *tape;
  /* What the outer optimiser updates: the model's parameters, then any extra
   * meta-parameters (Meta-SGD's per-parameter learning rates). */
  int n_trainable;
  MwTensor **trainable;
  int n_extra;
  MwTensor **extra;
  char **extra_names;
  MwTensor **grad_sum;      /* persistent accumulators shaped like trainable */
  MwAdam *adam;
  /* Task parallelism: worker w > 0 computes on worker_tapes[w] (worker 0 on tape); each
   * task's gradient lands in task_grads[i], summed in task order afterwards, so the
   * result does not depend on the number of workers. */
  int n_workers;
  MwTape **worker_tapes;
  int n_task_grads;
  MwTensor ***task_grads;
  /* Data-parallel across processes (mw-distribution.h): this process computes only
   * its share of each meta-batch; dist_rows is the reused exchange buffer. */
  gboolean distributed;
  MwDistribution dist;
  guint8 *dist_rows;
  size_t dist_rows_size;
  MwMetricLogits metric_logits;   /* ProtoNets / Matching Networks */
  void *priv;
  /* Domain adaptation (mw-domain-step.c), NULL without it; batch_tasks: the meta-batch
   * being trained, so that a task's index is task − batch_tasks. */
  struct MwDomainStep *domain;
  const MwTask *batch_tasks;
  MwAdaptObserver adapt_observer; /* mw_algorithm_set_adapt_observer, or NULL */
  gpointer adapt_observer_data;
};

/* One task's contribution to a meta-gradient: computes the loss on tape and its
 * gradients with respect to algo->trainable into grads (tape tensors). */
typedef gboolean (*MwTaskGradFunc) (MwAlgorithm *algo, MwTape *tape, const MwTask *task,
                                    gint64 iteration, MwTensor **grads, double *loss,
                                    double *accuracy, GError **error);
/* fn over [0, n) on `workers` threads (the first on this one), each with
 * single-threaded BLAS.  With one worker, the calls run in order on this thread and
 * their ops split their loops over the algo->n_workers cores instead (mw_op_parallel):
 * a single task then has all of them, and one task's graph is alive at a time.  Either
 * way the results do not depend on the count. */
void mw_algo_run_on_workers (MwAlgorithm *algo, int n, int workers, MwParallelFunc fn,
                             gpointer data);

/* Draws the meta-batch's tasks (serially, from rng, into source slots), runs fn on each
 * (in parallel when the model allows it), averages the gradients in task order and
 * applies them with the outer optimiser. */
gboolean mw_algo_meta_batch (MwAlgorithm *algo, MwTaskSource *source, gint64 iteration,
                             int ways, int shots, int queries, MwRng *rng, MwTaskGradFunc fn,
                             MwStepStats *stats, GError **error);

/* Distributed meta-batches: sends this process's task results (gradients in
 * task_grads, loss, accuracy, errors) and fills in the other processes' ones. */
gboolean mw_algo_exchange_tasks (MwAlgorithm *algo, int n, double *loss, double *accuracy,
                                 GError **task_errors, GError **error);

/* The implementations the rows of mw-algorithm-table.c point to. */
extern const MwAlgorithmVTable mw_maml_vtable;      /* MAML, first-order MAML */
extern const MwAlgorithmVTable mw_metasgd_vtable;   /* MAML with learned inner rates */
extern const MwAlgorithmVTable mw_reptile_vtable;
extern const MwAlgorithmVTable mw_protonet_vtable;
extern const MwAlgorithmVTable mw_matching_vtable;
extern const MwAlgorithmVTable mw_finetune_vtable;
extern const MwAlgorithmVTable mw_cnp_vtable;       /* Conditional Neural Process */
extern const MwAlgorithmVTable mw_np_vtable;        /* Neural Process (latent path) */

/* Forward pass of the algorithm's model on params (NULL = the model's own). */
MwTensor *mw_algo_forward (MwAlgorithm *algo, MwTape *tape, MwTensor *const *params,
                           MwTensor *x, gboolean training, gboolean features);
/* Zeroes the accumulators; adds g·scale; hands the mean to Adam. */
void mw_algo_zero_grads (MwAlgorithm *algo);
void mw_algo_add_grads (MwAlgorithm *algo, MwTensor *const *grads, float scale);
void mw_algo_apply_grads (MwAlgorithm *algo, int64_t iteration);
/* FALSE with MW_ALGORITHM_ERROR_DIVERGED naming the iteration and the learning rates;
 * @what ("query loss") is marked with N_ () and translated here. */
gboolean mw_algo_check_finite (MwAlgorithm *algo, double value, int64_t iteration,
                               const char *what, GError **error);
/* Query metrics (recording off) of params on task into loss[i], accuracy[i]. */
void mw_algo_measure_query (MwAlgorithm *algo, MwTensor *const *params, const MwTask *task,
                            int i, double *loss, double *accuracy, MwTensor **predictions);
/* Which adaptation steps evaluation measures: all up to 10, then every 10th and the
 * last (measuring the query set 50 times per task would dominate Reptile's cost).
 * Unmeasured steps stay NaN. */
gboolean mw_algo_measure_step (int step, int steps);
/* A persistent copy of predictions (softmax for classification). */
MwTensor *mw_algo_predictions (const MwTask *task, MwTensor *pred);

/* Embeds support and query together in one batch (so batch-norm statistics cover the
 * whole episode, as the ProtoNets code does) and splits the features again. */
void mw_algo_embed_task (MwAlgorithm *algo, MwTape *tape, const MwTask *task,
                         gboolean training, MwTensor **support, MwTensor **query);
/* Shared by the metric learners: evaluation is one pass with no adaptation steps. */
gboolean mw_metric_train_step (MwAlgorithm *algo, MwMetricLogits logits, MwTaskSource *source,
                               int64_t iteration, MwRng *rng, MwStepStats *stats, GError **error);
void mw_metric_evaluate (MwAlgorithm *algo, MwMetricLogits logits, const MwTask *task,
                         int steps, double *loss, double *accuracy, MwTensor **predictions);

/* A name built once and kept for the life of the process (state names). */
const char *mw_algo_intern_printf (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Domain adaptation inside a training step (mw-domain-step.c).  setup makes the
 * discriminator (DANN, CDAN; in_dim from the model's features and n_classes) and appends
 * its parameters to algo->extra, so that the outer Adam trains them by the same backward
 * pass and checkpoints keep them; NULL algo->domain when the config has none. */
gboolean mw_domain_step_setup (MwAlgorithm *algo, guint64 seed, int n_classes, GError **error);
void mw_domain_step_free (MwAlgorithm *algo);
/* Around a training step: sets the schedule's total and the stats' domain measures. */
void mw_domain_step_begin (MwAlgorithm *algo, gint64 total, MwStepStats *stats);
void mw_domain_step_end (MwAlgorithm *algo, MwStepStats *stats);
/* The features of a meta-batch task's episode (mw_algo_embed_task while training), kept
 * for its domain term. */
void mw_domain_step_keep_features (MwAlgorithm *algo, const MwTask *task, MwTensor *features);
MwTensor *mw_domain_step_task_features (MwAlgorithm *algo, const MwTask *task);
/* Adds the domain term of step (the index of the target batch: the meta-batch task or
 * the pre-training batch) to *loss on tape: the target's unlabelled images through the
 * backbone beside source_features (rows of the source's images), scaled by da-weight ×
 * DANN's λ at iteration.  source_logits (CDAN) are the source rows' class logits.  slot
 * is where the step's measure goes (the task's index in the meta-batch, or 0). */
gboolean mw_domain_step_add_term (MwAlgorithm *algo, MwTape *tape, gint64 iteration,
                                  guint64 step, int slot, MwTensor *source_features,
                                  MwTensor *source_logits, MwTensor **loss, GError **error);
