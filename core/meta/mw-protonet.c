/* mw-protonet.c: Prototypical Networks (Snell, Swersky & Zemel 2017): a class is the
 * mean of its support embeddings; logits are negative squared Euclidean distances. */
#include "mw-algorithm-private.h"

static MwTensor *
protonet_logits (MwAlgorithm *a, MwTape *tape, const MwTask *task, gboolean training)
{
  MwTensor *es, *eq;
  mw_algo_embed_task (a, tape, task, training, &es, &eq);
  /* Support rows are class-major: [ways·shots, D] → [ways, shots, D] → mean. */
  int d = es->shape[1];
  int grouped[3] = { task->ways, task->shots, d }, per_class[3] = { task->ways, 1, d };
  int protos_shape[2] = { task->ways, d };
  MwTensor *protos = mw_reshape (tape,
                                 mw_mean_to (tape, mw_reshape (tape, es, 3, grouped), 3, per_class),
                                 2, protos_shape);
  return mw_neg (tape, mw_sq_euclidean (tape, eq, protos));
}

static gboolean
protonet_train_step (MwAlgorithm *a, MwTaskSource *source, int64_t iteration, int64_t total,
                     MwRng *rng, MwStepStats *stats, GError **error)
{
  return mw_metric_train_step (a, protonet_logits, source, iteration, rng, stats, error);
}

static void
protonet_evaluate (MwAlgorithm *a, const MwTask *task, int steps, double *loss, double *accuracy,
                   MwTensor **predictions)
{
  mw_metric_evaluate (a, protonet_logits, task, steps, loss, accuracy, predictions);
}

const MwAlgorithmVTable mw_protonet_vtable = { .train_step = protonet_train_step,
                                                .evaluate = protonet_evaluate,
                                                .evaluate_is_pure = TRUE };
