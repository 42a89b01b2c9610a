/* mw-metric-learner.c: what ProtoNets and Matching Networks share: the whole episode
 * through the embedding network at once, a loss on query logits, no inner loop. */
#include "config.h"
#include "mw-algorithm-private.h"

#include <glib/gi18n-lib.h>

void
mw_algo_embed_task (MwAlgorithm *a, MwTape *tape, const MwTask *task, gboolean training,
                    MwTensor **support, MwTensor **query)
{
  MwTensor *x = mw_concat_rows (tape, task->support_x, task->query_x);
  MwTensor *emb = mw_algo_forward (a, tape, NULL, x, training, TRUE);
  if (training)
    mw_domain_step_keep_features (a, task, emb);
  int ns = task->support_x->shape[0], nq = task->query_x->shape[0];
  *support = mw_slice_rows (tape, emb, 0, ns);
  *query = mw_slice_rows (tape, emb, ns, nq);
}

static gboolean
metric_task_grad (MwAlgorithm *a, MwTape *tape, const MwTask *task, gint64 iteration,
                  MwTensor **grads, double *loss_out, double *acc_out, GError **error)
{
  MwTensor *logits = a->metric_logits (a, tape, task, TRUE);
  MwTensor *loss = mw_task_loss (tape, task, logits, true);
  if (!mw_algo_check_finite (a, loss->data[0], iteration, N_("loss"), error))
    return FALSE;
  *loss_out = loss->data[0];
  *acc_out = mw_task_accuracy (task, logits, true);
  if (a->domain != NULL)
    {
      /* The episode's features (support and query) against as many target images; the
       * target batch of task i of iteration t is step t · meta-batch + i. */
      MwTensor *features = mw_domain_step_task_features (a, task);
      int slot = (int) (task - a->batch_tasks);
      guint64 step = (guint64) iteration * (guint64) a->cfg.meta_batch + (guint64) slot;
      if (!mw_domain_step_add_term (a, tape, iteration, step, slot, features, NULL, &loss, error))
        return FALSE;
    }
  mw_grad_consuming (tape, loss, NULL, a->trainable, a->n_trainable, grads, NULL);
  return TRUE;
}

gboolean
mw_metric_train_step (MwAlgorithm *a, MwMetricLogits logits_fn, MwTaskSource *source,
                      int64_t iteration, MwRng *rng, MwStepStats *stats, GError **error)
{
  a->metric_logits = logits_fn;
  return mw_algo_meta_batch (a, source, iteration, a->source_ways, a->source_shots,
                             a->source_queries, rng, metric_task_grad, stats, error);
}

void
mw_metric_evaluate (MwAlgorithm *a, MwMetricLogits logits_fn, const MwTask *task, int steps,
                    double *loss, double *accuracy, MwTensor **predictions)
{
  mw_tape_reset (a->tape);
  bool was = mw_tape_set_recording (a->tape, false);
  MwTensor *logits = logits_fn (a, a->tape, task, FALSE);
  loss[0] = mw_task_loss (a->tape, task, logits, true)->data[0];
  accuracy[0] = mw_task_accuracy (task, logits, true);
  if (predictions != NULL)
    *predictions = mw_algo_predictions (task, logits);
  mw_tape_set_recording (a->tape, was);
  mw_tape_reset (a->tape);
}
