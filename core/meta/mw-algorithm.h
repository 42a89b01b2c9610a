/* mw-algorithm.h: the interface every meta-learning algorithm implements.
 *
 * An algorithm owns a model (and any extra meta-parameters, such as Meta-SGD's inner
 * learning rates) and an outer optimiser.  The caller supplies tasks through a
 * MwTaskSource, runs meta-training steps, and evaluates by adapting on a task's
 * support set and measuring the query set after each adaptation step. */
#pragma once

#include "mw-model.h"
#include "mw-optim.h"
#include "mw-task.h"

#include <glib.h>

typedef enum {
  MW_ALGO_MAML,          /* second order */
  MW_ALGO_FOMAML,        /* first order */
  MW_ALGO_REPTILE,
  MW_ALGO_PROTONET,
  MW_ALGO_MATCHING,
  MW_ALGO_FINETUNE,      /* pre-train a classifier on all base classes, fine-tune a new head */
  MW_ALGO_METASGD,
  MW_ALGO_CNP,           /* Conditional Neural Process */
  MW_ALGO_NP,            /* Neural Process (a latent path as well) */
  MW_ALGO_COUNT
} MwAlgorithmKind;

const char *mw_algorithm_kind_name (MwAlgorithmKind kind);        /* "maml", "fomaml", … */
const char *mw_algorithm_kind_title (MwAlgorithmKind kind);       /* "MAML (second order)" */
const char *mw_algorithm_kind_description (MwAlgorithmKind kind);
gboolean mw_algorithm_kind_from_name (const char *name, MwAlgorithmKind *kind);
/* Adapts without gradient steps: the metric learners (classification only) and the
 * amortised ones (Neural Processes).  Evaluation then measures step 0 only. */
gboolean mw_algorithm_kind_is_metric (MwAlgorithmKind kind);
/* The key-file names of every algorithm, joined by @separator: "maml, fomaml, …". */
char *mw_algorithm_kind_names (const char *separator);

/* Which settings an algorithm's row fills in, after the ones every algorithm shares. */
typedef enum {
  MW_SETTINGS_QUICK,      /* the default: a quick run on the built-in glyphs */
  MW_SETTINGS_SINUSOID,   /* Finn et al.'s sinusoid regression */
  MW_SETTINGS_OMNIGLOT,   /* the papers' Omniglot settings, 5- or 20-way */
} MwSettingsFor;

struct MwAlgorithmVTable;
struct MwAlgorithmConfig;

/* What a preset may choose besides the algorithm's own settings: the schedule and the
 * meta-training episodes.  They are the experiment's (mw-experiment.c copies them in
 * and out), kept here as numbers so that algorithms need not know experiments. */
typedef struct MwPresetSchedule {
  gint64 iterations;
  int test_steps;
  int train_ways, train_shots, train_queries;
} MwPresetSchedule;

/* One algorithm: a row of the table in mw-algorithm-table.c.  The rest of the program
 * asks a row what the algorithm can do instead of naming kinds, so a new algorithm is
 * its implementation file and its row. */
typedef struct {
  const char *id;            /* the key-file value: "maml" */
  const char *title;         /* untranslated, context "algorithm" (mw_algorithm_kind_title) */
  const char *description;   /* untranslated (mw_algorithm_kind_description) */
  /* What it can do. */
  gboolean classification;
  gboolean regression;
  gboolean inner_loop;       /* adapts by gradient steps of inner-lr: inner-steps and inner-lr
                              * are its settings */
  gboolean second_order;     /* differentiates through its inner steps */
  gboolean tests_as_trained; /* adapts as many steps at test as in meta-training (the form
                              * sets test-steps from inner-steps) */
  gboolean metric;           /* compares embeddings: no adaptation steps, no output layer */
  gboolean own_head;         /* an N-way output layer: meta-trains with the ways it is tested
                              * on */
  gboolean pretrains;        /* trains on plain batches of every training class (pretrain-batch),
                              * not on meta-batches; adapts test-steps (= finetune-steps) */
  gboolean inner_minibatches;/* trains on each task in minibatches of inner-batch */
  gboolean serial_tasks;     /* carries state from one task to the next: a meta-batch's tasks,
                              * and evaluation's, run one at a time */
  gboolean distributable;    /* its meta-batch can be split across MPI processes */
  gboolean amortised;        /* adapts by encoding the support set (Neural Processes), not by
                              * gradient steps: no test-steps */
  gboolean probabilistic;    /* predicts a distribution (mw-predictive.h): NLL and coverage */
  /* Its defaults (the papers' Omniglot 5-way settings). */
  int inner_steps;
  float inner_lr;
  int meta_batch;
  int lr_halve_every;
  MwBatchNormMode bn_mode;
  /* The settings of its own that a preset or the quick default needs (NULL: none);
   * @ways is the preset's N. */
  void (*settings) (struct MwAlgorithmConfig *algo, MwPresetSchedule *schedule,
                    MwSettingsFor which, int ways);
  /* Its implementation (mw-algorithm-private.h). */
  const struct MwAlgorithmVTable *vtable;
} MwAlgorithmInfo;

/* The row of @kind; for a kind out of range, a row that can do nothing. */
const MwAlgorithmInfo *mw_algorithm_info (MwAlgorithmKind kind);

/* The model of 2-D point tasks (the planar dataset). */
typedef enum {
  MW_POINT_MODEL_LOGISTIC,  /* logistic regression: one linear layer 2 → N */
  MW_POINT_MODEL_MLP,       /* 2-40-40-N with ReLU */
} MwPointModel;

/* Domain adaptation while training (mw-domain-step.h): a term that makes the features of
 * the source's images and of the target's unlabelled images alike. */
typedef enum {
  MW_DOMAIN_ADAPT_NONE,
  MW_DOMAIN_ADAPT_DANN,     /* a discriminator through gradient reversal */
  MW_DOMAIN_ADAPT_MMD,      /* multi-kernel MMD² of the two feature batches */
  MW_DOMAIN_ADAPT_CDAN,     /* a discriminator on features ⊗ class probabilities */
  MW_DOMAIN_ADAPT_COUNT
} MwDomainAdaptation;
/* The setting's values ("none", "dann", "mmd", "cdan"), NULL-terminated. */
extern const char *const mw_domain_adaptation_names[];
const char *mw_domain_adaptation_name (MwDomainAdaptation method);
/* da-weight's bound: λ beyond it only drowns the learner's own loss. */
#define MW_DA_WEIGHT_MAX 100

/* Settings of the learner (the experiment adds data and schedule settings). */
typedef struct MwAlgorithmConfig {
  MwAlgorithmKind kind;
  /* Inner loop (MAML family, Reptile, fine-tuning). */
  int inner_steps;          /* adaptation steps while meta-training */
  float inner_lr;           /* α; Meta-SGD: initial range top; Reptile: inner Adam lr */
  /* Outer loop. */
  float meta_lr;            /* Adam */
  int meta_batch;           /* tasks per meta-iteration */
  /* Reptile. */
  int inner_batch;          /* minibatch for the inner Adam steps */
  float outer_step;         /* ε at the start, annealed linearly to outer_step_final */
  float outer_step_final;
  /* ProtoNets / all Adam-trained: halve the meta lr every lr_halve_every iterations
   * (0 = never). */
  int lr_halve_every;
  /* Fine-tuning baseline. */
  int pretrain_batch;       /* images per pre-training step */
  int finetune_steps;       /* at evaluation */
  float finetune_lr;
  gboolean finetune_all;    /* fine-tune every layer, not only the new head */
  /* Model. */
  int filters;              /* Conv4 width */
  MwBatchNormMode bn_mode;
  MwPointModel point_model; /* for 2-D point classification */
  /* Domain adaptation: the method and the scale of λ on DANN's schedule (default 1). */
  MwDomainAdaptation domain_adaptation;
  float da_weight;
} MwAlgorithmConfig;

/* Defaults from the papers for the given kind (Omniglot 5-way settings). */
void mw_algorithm_config_defaults (MwAlgorithmConfig *config, MwAlgorithmKind kind);

/* Where training data comes from (filled by the experiment). */
typedef struct MwTaskSource MwTaskSource;
struct MwTaskSource {
  /* A meta-training task of the given shape (classification: ways, shots, queries per
   * class; regression: shots support points and queries query points). The task stays
   * valid until the next call with the same slot; slots let a meta-batch hold several
   * tasks at once. */
  gboolean (*next_task) (MwTaskSource *source, int slot, int ways, int shots, int queries,
                         MwRng *rng, MwTask *task, GError **error);
  /* A plain supervised minibatch over all training classes (the fine-tune baseline's
   * pre-training); labels are dataset class ids. Regression sources leave it NULL. */
  gboolean (*next_batch) (MwTaskSource *source, int size, MwRng *rng, MwTensor **x,
                          const int32_t **labels, GError **error);
  int n_classes;          /* training classes (classification) */
  gboolean regression;
  /* Input sample shape (no batch dim): images H, W, C or regression 1. */
  int in_shape[3];
  int in_ndim;
  /* Episode shape for meta-training. */
  int ways, shots, queries;
};

typedef struct {
  double loss;          /* mean meta-training loss of the step */
  double accuracy;      /* mean training accuracy (NaN for regression) */
  /* Domain adaptation's measures (NaN without it): the discriminator's balanced
   * accuracy (DANN, CDAN) and the features' MMD² (MMD), the mean over the step's tasks. */
  double domain_accuracy;
  double mmd2;
} MwStepStats;

typedef struct MwAlgorithm MwAlgorithm;

/* Builds the algorithm and its model for the source's data (Conv4 for images, MLP
 * 1-40-40-1 for regression, config's point_model for 2-D points).  Fails for impossible combinations (e.g. ProtoNets on
 * regression) with MW_ALGORITHM_ERROR. */
MwAlgorithm *mw_algorithm_new (const MwAlgorithmConfig *config, const MwTaskSource *source,
                               uint64_t seed, GError **error);
void mw_algorithm_free (MwAlgorithm *algo);
/* The target domain's unlabelled images that a learner with domain adaptation draws a
 * batch from at each training step (as many as the step's source images; the batch
 * of step s is mw_image_pool_batch (pool, seed, s, …)).  pool is not taken: it must
 * outlive the training steps.  Training with domain adaptation and no target fails. */
typedef struct MwImagePool MwImagePool;
void mw_algorithm_set_target (MwAlgorithm *algo, const MwImagePool *pool, guint64 seed);
/* Whether algo trains with domain adaptation (and so wants a target). */
gboolean mw_algorithm_adapts_domain (const MwAlgorithm *algo);
/* Threads for the tasks of a meta-batch (1 = serial; 0 = one per processor).  With
 * more than one, each task runs single-threaded BLAS; results are the same for any
 * count (gradients are summed in task order). */
void mw_algorithm_set_workers (MwAlgorithm *algo, int workers);
const MwAlgorithmConfig *mw_algorithm_get_config (const MwAlgorithm *algo);
MwModel *mw_algorithm_get_model (MwAlgorithm *algo);

/* One meta-iteration (iteration counts from 0; schedules use it and total).  Fails
 * with MW_ALGORITHM_ERROR_DIVERGED when the loss is not finite. */
gboolean mw_algorithm_train_step (MwAlgorithm *algo, MwTaskSource *source, int64_t iteration,
                                  int64_t total_iterations, MwRng *rng, MwStepStats *stats,
                                  GError **error);

/* Adapts a copy of the learner on task's support set for `steps` steps and measures the
 * query set before adapting (index 0) and after each step (1..steps).  loss and
 * accuracy have steps + 1 entries; steps that are not measured (see
 * mw_algo_measure_step: every step up to 10, then every 10th and the last) stay NaN.
 * Metric-based learners have no steps: they fill index 0 only.  predictions, if not
 * NULL, is an array of steps + 1 slots: each measured step's slot receives the query
 * predictions (softmax probabilities, or regression outputs) as a persistent tensor
 * the caller frees; the other slots are set to NULL. */
void mw_algorithm_evaluate (MwAlgorithm *algo, const MwTask *task, int steps, double *loss,
                            double *accuracy, MwTensor **predictions);
/* Called by mw_algorithm_evaluate with the parameters each measured step's query
 * predictions come from (step 0: the start), in step order: what a figure of the
 * adaptation itself needs (the weight path in mw-boundary.h).  Gradient learners
 * call it; metric learners, which have no steps, do not.  NULL stops it. */
typedef void (*MwAdaptObserver) (int step, MwTensor *const *params, int n_params,
                                 gpointer user_data);
void mw_algorithm_set_adapt_observer (MwAlgorithm *algo, MwAdaptObserver observer,
                                      gpointer user_data);
/* mw_algorithm_evaluate for n tasks, on the worker threads where the learner allows
 * (all but Reptile): task i's steps + 1 figures go to loss[i·(steps+1) …], and so on.
 * The same numbers as one after the other, at any thread count. */
void mw_algorithm_evaluate_tasks (MwAlgorithm *algo, const MwTask *tasks, int n, int steps,
                                  double *loss, double *accuracy);

/* The state that checkpoints save: named tensors (model parameters, batch-norm
 * running statistics, extra meta-parameters) in a fixed order. */
int mw_algorithm_state_count (const MwAlgorithm *algo);
const char *mw_algorithm_state_name (const MwAlgorithm *algo, int i);
float *mw_algorithm_state_data (MwAlgorithm *algo, int i, size_t *n_floats);
/* Step counters of the outer optimiser and of a persistent inner one (0 if none). */
gint64 mw_algorithm_get_counter (MwAlgorithm *algo, int which);
void mw_algorithm_set_counter (MwAlgorithm *algo, int which, gint64 value);

#define MW_ALGORITHM_ERROR (mw_algorithm_error_quark ())
GQuark mw_algorithm_error_quark (void);
typedef enum {
  MW_ALGORITHM_ERROR_UNSUPPORTED,  /* algorithm and data do not fit together */
  MW_ALGORITHM_ERROR_DIVERGED,     /* NaN or infinite loss */
  MW_ALGORITHM_ERROR_SETTINGS,     /* an impossible setting */
  MW_ALGORITHM_ERROR_CANCELLED,    /* stopped on request */
} MwAlgorithmError;
