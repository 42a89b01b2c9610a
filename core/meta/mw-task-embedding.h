/* mw-task-embedding.h: a task as one vector, so that related tasks lie close together
 * (the task map, mw-task-map.h).
 *
 * Two embeddings of a classification task, both of its support set only and both
 * independent of the order of its classes (an episode's label order is arbitrary):
 *
 * - fisher: Task2Vec's (Achille et al. 2019) diagonal of the empirical Fisher
 *   information of the learner's model at its meta-learned parameters,
 *   F = (1/S) Σᵢ (∂ log p(yᵢ|xᵢ) / ∂θ)² over the S support examples, where p is
 *     - the model's own output (softmax; a single output is the logit of class 1) when
 *       its output layer is the task's classifier (the MAML family, Reptile): the
 *       prediction it starts adapting from;
 *     - otherwise (metric learners, fine-tuning) a nearest-prototype classifier on the
 *       model's features, softmax(−‖f(x) − μ_c‖²) with μ_c the mean feature of class c
 *       over the support set, held fixed: the probe head Task2Vec fits to a task and
 *       keeps fixed while it takes the Fisher of the feature extractor.  The model's
 *       output layer, if it has one, is then not part of the embedding.
 *   F is averaged to one value per unit: per filter of a convolution (its weights, its
 *   bias and its batch norm's scale and shift), per output unit of a hidden linear
 *   layer (its column of weights and its bias).  The output layer's rows belong to the
 *   episode's labels, whose order means nothing, so it is averaged per input feature
 *   instead (over the classes), plus one value for its biases.  A unit's value is the
 *   square root of that mean (the root-mean-square per-example gradient): Fisher
 *   values are heavy-tailed, and a few units would otherwise make up each layer's
 *   direction (glyph against Omniglot tasks through a glyph MAML model: 62% of nearest
 *   neighbours of the same family with the mean, 76% with its root).  Each layer's block of
 *   values is then scaled to unit length and the whole divided by √layers: the layer
 *   with the largest gradients (usually the last) would otherwise decide every
 *   distance, and the vector's overall size (mostly how wrong the start is) would hide
 *   which units the task uses.  The result has unit length.
 * - prototypes: the model's features of the support set averaged per class (the
 *   prototypes), then two order-free statistics of them: their mean, and their spread
 *   per feature (the standard deviation over the classes).  Each half is scaled to unit
 *   length and the whole divided by √2.  Cheaper (one forward pass) and defined for any
 *   model with features.
 *
 * Tasks are compared by cosine distance (mw-map2d.h). */
#pragma once

#include "mw-algorithm.h"

typedef enum {
  MW_TASK_EMBEDDING_FISHER,
  MW_TASK_EMBEDDING_PROTOTYPES,
} MwTaskEmbeddingKind;

const char *mw_task_embedding_kind_name (MwTaskEmbeddingKind kind);   /* "fisher" */
gboolean mw_task_embedding_kind_from_name (const char *name, MwTaskEmbeddingKind *kind);

/* The length of the embedding of algo's tasks with `ways` classes; 0 with an error
 * when there is none (regression, a model without parameters below its output layer,
 * an output layer of another width than the task's classes). */
int mw_task_embedding_dim (const MwAlgorithm *algo, MwTaskEmbeddingKind kind, int ways,
                           GError **error);

/* The raw diagonal Fisher: fisher[i] receives one float per entry of the model's
 * parameter i (the caller's arrays, sized as the parameters; NULL for parameters not
 * wanted).  Its temporaries go on tape, which it resets. */
gboolean mw_task_fisher_diagonal (const MwAlgorithm *algo, MwTape *tape, const MwTask *task,
                                  float *const *fisher, GError **error);
/* How the per-example gradients are taken: through one graph of the whole support set,
 * or each example through a graph of its own (S times cheaper).  Examples that share
 * batch-norm statistics always take the first; AUTO, what mw_task_fisher_diagonal
 * does, takes the second for all others.  Both give the same values where both apply
 * (tests compare them). */
typedef enum {
  MW_FISHER_PASSES_AUTO,
  MW_FISHER_PASSES_ONE_GRAPH,
  MW_FISHER_PASSES_PER_EXAMPLE,
} MwFisherPasses;
gboolean mw_task_fisher_diagonal_with (const MwAlgorithm *algo, MwTape *tape, const MwTask *task,
                                       MwFisherPasses passes, float *const *fisher,
                                       GError **error);

/* The task's embedding into out (mw_task_embedding_dim floats); temporaries on tape,
 * which it resets.  Reads the learner only, so tasks may be embedded at once on
 * several tapes. */
gboolean mw_task_embed (const MwAlgorithm *algo, MwTape *tape, const MwTask *task,
                        MwTaskEmbeddingKind kind, float *out, GError **error);
