/* mw-metric-learner.c: what ProtoNets and Matching Networks share: the whole episode
 * through the embedding network at once, a loss on query logits, no inner loop. */
#include "mw-algorithm-private.h"

void
mw_algo_embed_task (MwAlgorithm *a, const MwTask *task, gboolean training, MwTensor **support,
                    MwTensor **query)
{
  MwTensor *x = mw_concat_rows (a->tape, task->support_x, task->query_x);
  MwTensor *emb = mw_algo_forward (a, NULL, x, training, TRUE);
  int ns = task->support_x->shape[0], nq = task->query_x->shape[0];
  *support = mw_slice_rows (a->tape, emb, 0, ns);
  *query = mw_slice_rows (a->tape, emb, ns, nq);
}

gboolean
mw_metric_train_step (MwAlgorithm *a, MwMetricLogits logits_fn, MwTaskSource *source,
                      int64_t iteration, MwRng *rng, MwStepStats *stats, GError **error)
{
  const int tasks = a->cfg.meta_batch;
  double loss_sum = 0, acc_sum = 0;
  mw_algo_zero_grads (a);
  MwTensor **g = g_new (MwTensor *, a->n_trainable);
  gboolean ok = TRUE;
  for (int t = 0; t < tasks && ok; t++)
    {
      MwTask task;
      if (!(ok = source->next_task (source, 0, a->source_ways, a->source_shots,
                                    a->source_queries, rng, &task, error)))
        break;
      mw_tape_reset (a->tape);
      MwTensor *logits = logits_fn (a, &task, TRUE);
      MwTensor *loss = mw_task_loss (a->tape, &task, logits, true);
      if (!(ok = mw_algo_check_finite (a, loss->data[0], iteration, "loss", error)))
        break;
      loss_sum += loss->data[0];
      acc_sum += mw_task_accuracy (&task, logits, true);
      mw_grad (a->tape, loss, NULL, a->trainable, a->n_trainable, false, g, NULL);
      mw_algo_add_grads (a, g, 1.0f / (float) tasks);
    }
  g_free (g);
  mw_tape_reset (a->tape);
  if (!ok)
    return FALSE;
  mw_algo_apply_grads (a, iteration);
  stats->loss = loss_sum / tasks;
  stats->accuracy = acc_sum / tasks;
  return TRUE;
}

void
mw_metric_evaluate (MwAlgorithm *a, MwMetricLogits logits_fn, const MwTask *task, int steps,
                    double *loss, double *accuracy, MwTensor **predictions)
{
  mw_tape_reset (a->tape);
  bool was = mw_tape_set_recording (a->tape, false);
  MwTensor *logits = logits_fn (a, task, FALSE);
  loss[0] = mw_task_loss (a->tape, task, logits, true)->data[0];
  accuracy[0] = mw_task_accuracy (task, logits, true);
  if (predictions != NULL)
    *predictions = mw_algo_predictions (task, logits);
  mw_tape_set_recording (a->tape, was);
  mw_tape_reset (a->tape);
}
