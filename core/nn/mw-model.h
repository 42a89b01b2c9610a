/* mw-model.h: functional models.
 *
 * A model is a named list of persistent parameter tensors plus a forward function of
 * (parameters, input).  Algorithms call the forward function on adapted copies of the
 * parameters (temporaries on a tape) as well as on the model's own. */
#pragma once

#include "mw-rng.h"
#include "mw-tape.h"

typedef enum {
  MW_BN_BATCH,   /* batch statistics, train and test (MAML's choice, transductive) */
  MW_BN_RUNNING, /* batch statistics while training, running averages at test */
} MwBatchNormMode;

typedef enum {
  MW_MODEL_MLP,
  MW_MODEL_CONV4,
} MwModelKind;

typedef struct MwModel MwModel;

typedef struct MwForwardOptions {
  bool training;   /* updates running batch-norm statistics when the mode keeps them */
  bool features;   /* stop before the output layer (embedding networks) */
  /* Its gradient will itself be differentiated (second-order MAML's inner steps):
   * layers keep what a recorded backward would otherwise recompute. */
  bool second_order;
} MwForwardOptions;

typedef MwTensor *(*MwForwardFunc) (const MwModel *model, MwTape *tape,
                                    MwTensor *const *params, MwTensor *x,
                                    const MwForwardOptions *options);

struct MwModel {
  MwModelKind kind;
  char *description;        /* "conv4-64 28x28x1 → 5", for logs */
  int n_params;
  char **param_names;
  MwTensor **params;        /* persistent leaves, requires_grad */
  MwForwardFunc forward;
  /* Input sample shape (without the batch dim) and output width. */
  int in_ndim;
  int in_shape[3];
  int n_out;
  int feature_dim;          /* width of the features output */
  /* MLP */
  int n_layers;
  int *widths;              /* n_layers + 1 entries */
  /* Conv4 */
  int filters;
  MwBatchNormMode bn_mode;
  float bn_momentum;
  float **running_mean;     /* per conv block, length filters */
  float **running_var;
};

/* MLP in → hidden... → out with ReLU between layers.  widths has n_layers + 1 entries.
 * Initialised as in MAML's sinusoid code: truncated normal σ = 0.01 weights, zero bias. */
MwModel *mw_mlp_new (int n_layers, const int *widths, MwRng *rng);

/* Conv4: 4 × [3×3 conv (padding 1), batch norm, ReLU, 2×2 max-pool], then a linear
 * layer to n_out (0 = no head: the output is the flattened feature vector).
 * Initialised as MAML's code: Xavier-uniform convs and head, zero biases, γ = 1, β = 0. */
MwModel *mw_conv4_new (int channels, int image_size, int filters, int n_out,
                       MwBatchNormMode bn_mode, MwRng *rng);

void mw_model_free (MwModel *model);
MwModel *mw_model_copy (const MwModel *model);
/* Copies parameter values (same architecture). */
void mw_model_copy_params (MwModel *dst, const MwModel *src);
size_t mw_model_param_count (const MwModel *model);

static inline MwTensor *
mw_model_forward (const MwModel *model, MwTape *tape, MwTensor *const *params,
                  MwTensor *x, const MwForwardOptions *options)
{
  static const MwForwardOptions defaults = { false, false, false };
  return model->forward (model, tape, params ? params : model->params, x,
                         options ? options : &defaults);
}
