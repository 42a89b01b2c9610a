/* mw-matching.c: Matching Networks (Vinyals et al. 2016) without full-context
 * embeddings: a query's class distribution is the softmax attention over cosine
 * similarities to the support embeddings, summed per class. */
#include "mw-algorithm-private.h"

#include <math.h>

static MwTensor *
matching_log_probs (MwAlgorithm *a, MwTape *tape, const MwTask *task, gboolean training)
{
  MwTensor *es, *eq;
  mw_algo_embed_task (a, tape, task, training, &es, &eq);
  MwTensor *attention = mw_softmax (tape, mw_cosine_similarity (tape, eq, es, 1e-8f));
  /* One-hot labels of the support set: [support, ways]. */
  int ns = es->shape[0], onehot_shape[2] = { ns, task->ways };
  MwTensor *onehot = mw_tape_zeros (tape, 2, onehot_shape);
  for (int i = 0; i < ns; i++)
    onehot->data[i * task->ways + task->support_labels[i]] = 1.0f;
  /* Class probabilities are positive sums of softmax weights, so log is safe. */
  return mw_log (tape, mw_matmul (tape, attention, onehot));
}

/* mw_task_loss applies cross-entropy, i.e. log-softmax, to its input; on
 * log-probabilities that is the identity, so the loss is the NLL we want. */
static gboolean
matching_train_step (MwAlgorithm *a, MwTaskSource *source, int64_t iteration, int64_t total,
                     MwRng *rng, MwStepStats *stats, GError **error)
{
  return mw_metric_train_step (a, matching_log_probs, source, iteration, rng, stats, error);
}

static void
matching_evaluate (MwAlgorithm *a, const MwTask *task, int steps, double *loss, double *accuracy,
                   MwTensor **predictions)
{
  mw_metric_evaluate (a, matching_log_probs, task, steps, loss, accuracy, predictions);
}

const MwAlgorithmVTable mw_matching_vtable = { .train_step = matching_train_step,
                                                .evaluate = matching_evaluate,
                                                .evaluate_is_pure = TRUE };
