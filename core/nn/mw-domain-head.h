/* mw-domain-head.h: the domain discriminator of adversarial domain adaptation (DANN,
 * CDAN): a small MLP on a backbone's features that tells source rows from target rows.
 *
 * Its loss goes through gradient reversal, so one backward pass of (task loss + domain
 * loss) trains the head to tell the domains apart and the backbone to make them look
 * alike (DESIGN.md, "Domain adaptation ops", shows a training step). */
#pragma once

#include "mw-model.h"

/* An MLP in_dim → hidden (n_hidden times, ReLU) → one logit (> 0: target), with its own
 * parameters: Xavier-uniform weights drawn from rng, zero biases.  It is an
 * MW_MODEL_MLP: mw_model_forward, mw_model_free, mw_model_copy and the optimisers over
 * head->params work as for any model.  in_dim is the features' width (DANN) or
 * classes × width (CDAN's multilinear map).  NULL (with a critical warning) unless
 * 1 ≤ in_dim, hidden ≤ MW_DOMAIN_HEAD_MAX_WIDTH and 0 ≤ n_hidden ≤
 * MW_DOMAIN_HEAD_MAX_HIDDEN. */
#define MW_DOMAIN_HEAD_MAX_WIDTH 65536
#define MW_DOMAIN_HEAD_MAX_HIDDEN 8
MwModel *mw_domain_head_new (int in_dim, int hidden, int n_hidden, MwRng *rng);

typedef struct MwDomainLoss {
  /* Scalar [1] on the tape: the head's binary cross-entropy, source rows labelled 0
   * and target rows 1, each domain weighing half whatever its number of rows. */
  MwTensor *loss;
  /* The head's accuracy, also balanced (the mean of the source and the target rows'
   * accuracies): 0.5 is chance, where adaptation drives it. */
  float accuracy;
} MwDomainLoss;

/* DANN: the head on gradient-reversed features, source [n_s, D] and target [n_t, D]
 * (D = the head's in_dim).  head_params NULL: the head's own. */
MwDomainLoss mw_domain_adversarial_loss (const MwModel *head, MwTape *tape,
                                         MwTensor *const *head_params, MwTensor *source,
                                         MwTensor *target, float lambda);

/* CDAN: the head on the gradient-reversed multilinear map of each row's class
 * probabilities [n, C] and features [n, D] (in_dim = C·D).  The probabilities are
 * detached, as in CDAN's reference code: the classifier is trained by its own loss, the
 * features against the head.  With entropy_weighting (CDAN+E) row i weighs
 * 1 + e^(−H(p_i)) within its domain (constants). */
MwDomainLoss mw_domain_conditional_loss (const MwModel *head, MwTape *tape,
                                         MwTensor *const *head_params, MwTensor *source,
                                         MwTensor *source_probs, MwTensor *target,
                                         MwTensor *target_probs, float lambda,
                                         bool entropy_weighting);

/* DANN's schedule for λ at training progress p (clamped to [0, 1]):
 * λ_p = 2 / (1 + e^(−10p)) − 1, from 0 rising to 0.9999 (the head learns before the
 * features are pushed against it). */
double mw_dann_lambda (double progress);
