/* mw-np-network-private.h: the networks of the Neural Process family (Garnelo et al.
 * 2018), as one model whose parameters are those of its parts:
 *
 *   deterministic encoder   (x, y) → 128 → 128 → 128, then the mean over the context: r
 *   latent encoder (NP)     (x, y) → 128 → 128, the mean over its points, → 128 →
 *                           (μz, σz = 0.1 + 0.9·sigmoid(·)), 128 latents: q(z | points)
 *   decoder                 (x, r, z) → 128 → 128 → 128 → (μ, σ = 0.1 + 0.9·softplus(·))
 *
 * ReLU between layers.  A layer whose input is a concatenation ((x, y), (x, r, z))
 * keeps one weight per part and adds their products, so nothing is concatenated and r
 * and z are multiplied once per task, not once per point. */
#pragma once

#include "mw-algorithm-private.h"

enum {
  MW_NP_WIDTH = 128,
  MW_NP_LATENTS = 128,
};

/* The model for inputs of x_dim features and scalar targets; with_latent adds the
 * latent encoder and the decoder's z weights (parameters after the CNP's, so a CNP's
 * names and order are a prefix of an NP's).  Its forward (for callers that know only
 * models) is the decoder's mean with r = 0 and z = 0. */
MwModel *mw_np_model_new (int x_dim, gboolean with_latent, MwRng *rng);
gboolean mw_np_model_has_latent (const MwModel *model);

/* r [1, MW_NP_WIDTH]: the mean of the points' encodings. */
MwTensor *mw_np_represent (MwTape *tape, MwTensor *const *params, MwTensor *x, MwTensor *y);
/* q(z | points): mu, sigma [1, MW_NP_LATENTS]. */
void mw_np_latent (MwTape *tape, MwTensor *const *params, MwTensor *x, MwTensor *y,
                   MwTensor **mu, MwTensor **sigma);
/* The output distribution at x [n, x_dim] given r and z (NULL for a CNP): mu and
 * sigma [n, 1]. */
void mw_np_decode (MwTape *tape, MwTensor *const *params, MwTensor *r, MwTensor *z, MwTensor *x,
                   MwTensor **mu, MwTensor **sigma);

/* The training loss of a task on params (the model's or copies): the CNP's mean NLL
 * of the targets (the context and the query points); the NP's negative ELBO per
 * target, with z drawn from rng (mw-neural-process.c). */
MwTensor *mw_np_loss (MwTape *tape, const MwModel *model, MwTensor *const *params,
                      const MwTask *task, MwRng *rng);
