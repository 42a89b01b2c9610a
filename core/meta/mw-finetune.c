/* mw-finetune.c: the transfer baseline (Chen et al. 2019, "Baseline").
 *
 * Meta-training is ordinary supervised pre-training: a Conv4 classifier over all
 * training classes (regression: one MLP fitted to points of many tasks).  To adapt, a
 * new output layer is trained on the support set's features with Adam; with
 * finetune_all every layer is trained.  Regression fine-tunes every layer with SGD at
 * inner_lr, as the "pretrained" baseline of the MAML paper does; so do 2-D point tasks,
 * whose classes mean the same side of the boundary in every task, so the pre-trained
 * output layer is kept. */
#include "config.h"
#include "mw-algorithm-private.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

static gboolean
finetune_train_step (MwAlgorithm *a, MwTaskSource *source, int64_t iteration, int64_t total,
                     MwRng *rng, MwStepStats *stats, GError **error)
{
  MwTensor **g = g_new (MwTensor *, a->n_trainable);
  gboolean ok = TRUE;
  mw_tape_reset (a->tape);
  MwTensor *loss;
  if (a->regression)
    {
      /* All tasks' points in one regression (the model learns the average function). */
      mw_algo_zero_grads (a);
      double loss_sum = 0;
      for (int t = 0; t < a->cfg.meta_batch && ok; t++)
        {
          MwTask task;
          if (!(ok = source->next_task (source, 0, 1, a->source_shots, a->source_queries, rng,
                                        &task, error)))
            break;
          mw_tape_reset (a->tape);
          loss = mw_task_loss (a->tape, &task, mw_algo_forward (a, a->tape, NULL, task.support_x, TRUE, FALSE), false);
          if (!(ok = mw_algo_check_finite (a, loss->data[0], iteration, N_("loss"), error)))
            break;
          loss_sum += loss->data[0];
          mw_grad (a->tape, loss, NULL, a->trainable, a->n_trainable, false, g, NULL);
          mw_algo_add_grads (a, g, 1.0f / (float) a->cfg.meta_batch);
        }
      stats->loss = loss_sum / a->cfg.meta_batch;
    }
  else
    {
      MwTensor *x;
      const int32_t *labels;
      if ((ok = source->next_batch (source, a->cfg.pretrain_batch, rng, &x, &labels, error)))
        {
          MwTensor *features = NULL, *logits;
          if (a->domain != NULL)
            {
              /* The features are the domain term's too: the output layer (the last two
               * parameters) applied by hand. */
              int np = a->model->n_params;
              features = mw_algo_forward (a, a->tape, NULL, x, TRUE, TRUE);
              logits = mw_add (a->tape, mw_matmul (a->tape, features, a->model->params[np - 2]),
                               a->model->params[np - 1]);
            }
          else
            logits = mw_algo_forward (a, a->tape, NULL, x, TRUE, FALSE);
          loss = mw_cross_entropy (a->tape, logits, labels);
          if ((ok = mw_algo_check_finite (a, loss->data[0], iteration, N_("loss"), error)))
            {
              stats->loss = loss->data[0];
              stats->accuracy = mw_accuracy (logits, labels);
            }
          if (ok && a->domain != NULL)
            ok = mw_domain_step_add_term (a, a->tape, iteration, (guint64) iteration, 0,
                                          features, logits, &loss, error);
          if (ok)
            {
              mw_grad (a->tape, loss, NULL, a->trainable, a->n_trainable, false, g, NULL);
              mw_algo_zero_grads (a);
              mw_algo_add_grads (a, g, 1.0f);
            }
        }
    }
  g_free (g);
  mw_tape_reset (a->tape);
  if (!ok)
    return FALSE;
  mw_algo_apply_grads (a, iteration);
  return TRUE;
}

/* Regression and points: SGD on every layer, like MAML's evaluation but from the
 * pre-trained fit. */
static void
evaluate_regression (MwAlgorithm *a, const MwTask *task, int steps, double *loss,
                     double *accuracy, MwTensor **predictions)
{
  int n = a->model->n_params;
  MwTensor **p = g_new (MwTensor *, n), **g = g_new (MwTensor *, n);
  mw_tape_reset (a->tape);
  for (int i = 0; i < n; i++)
    p[i] = a->model->params[i];
  for (int s = 0; s <= steps; s++)
    {
      if (mw_algo_measure_step (s, steps))
        mw_algo_measure_query (a, p, task, s, loss, accuracy, predictions ? &predictions[s] : NULL);
      if (s == steps)
        break;
      MwTensor *l = mw_task_loss (a->tape, task, mw_algo_forward (a, a->tape, p, task->support_x, FALSE, FALSE), false);
      mw_grad (a->tape, l, NULL, p, n, false, g, NULL);
      bool was = mw_tape_set_recording (a->tape, false);
      for (int i = 0; i < n; i++)
        {
          p[i] = mw_sub (a->tape, p[i], mw_scale (a->tape, g[i], a->cfg.inner_lr));
          p[i]->requires_grad = true;
        }
      mw_tape_set_recording (a->tape, was);
    }
  g_free (p);
  g_free (g);
  mw_tape_reset (a->tape);
}

static void
measure_head (MwAlgorithm *a, const MwTask *task, MwTensor *features, MwTensor *w, MwTensor *b,
              int s, double *loss, double *accuracy, MwTensor **predictions)
{
  bool was = mw_tape_set_recording (a->tape, false);
  MwTensor *logits = mw_add (a->tape, mw_matmul (a->tape, features, w), b);
  loss[s] = mw_task_loss (a->tape, task, logits, true)->data[0];
  accuracy[s] = mw_task_accuracy (task, logits, true);
  if (predictions)
    *predictions = mw_algo_predictions (task, logits);
  mw_tape_set_recording (a->tape, was);
}

static void
finetune_evaluate (MwAlgorithm *a, const MwTask *task, int steps, double *loss, double *accuracy,
                   MwTensor **predictions)
{
  if (a->regression || a->model->kind == MW_MODEL_MLP)
    {
      evaluate_regression (a, task, steps, loss, accuracy, predictions);
      return;
    }
  MwModel *m = a->model;
  /* The backbone's parameters: everything but the pre-training head (last two). */
  int nb = m->n_params - 2, d = m->feature_dim, ways = task->ways;
  int wshape[2] = { d, ways };
  /* The new head starts at zero: before any step every class is equally likely. */
  MwTensor *w = mw_tensor_new (2, wshape), *b = mw_tensor_new (1, &ways);
  w->requires_grad = b->requires_grad = true;
  int n_adapt = 2 + (a->cfg.finetune_all ? nb : 0);
  MwTensor **adapt = g_new (MwTensor *, n_adapt), **g = g_new (MwTensor *, n_adapt);
  MwTensor **backbone = g_new (MwTensor *, m->n_params);
  adapt[0] = w;
  adapt[1] = b;
  for (int i = 0; i < m->n_params; i++)
    {
      backbone[i] = i < nb && a->cfg.finetune_all ? mw_tensor_new_copy (m->params[i]) : m->params[i];
      if (i < nb && a->cfg.finetune_all)
        adapt[2 + i] = backbone[i];
    }
  MwAdam *adam = mw_adam_new (adapt, n_adapt, a->cfg.finetune_lr, 0.9f, 0.999f, 1e-8f);
  mw_tape_reset (a->tape);
  bool was = mw_tape_set_recording (a->tape, false);
  /* With a frozen backbone the features are computed once. */
  MwTensor *fs = mw_algo_forward (a, a->tape, backbone, task->support_x, FALSE, TRUE);
  MwTensor *fq = mw_algo_forward (a, a->tape, backbone, task->query_x, FALSE, TRUE);
  mw_tape_set_recording (a->tape, was);
  for (int s = 0; s <= steps; s++)
    {
      if (mw_algo_measure_step (s, steps))
        {
          if (a->cfg.finetune_all && s > 0)
            {
              was = mw_tape_set_recording (a->tape, false);
              fq = mw_algo_forward (a, a->tape, backbone, task->query_x, FALSE, TRUE);
              mw_tape_set_recording (a->tape, was);
            }
          measure_head (a, task, fq, w, b, s, loss, accuracy, predictions ? &predictions[s] : NULL);
        }
      if (s == steps)
        break;
      MwTensor *f = a->cfg.finetune_all ? mw_algo_forward (a, a->tape, backbone, task->support_x, FALSE, TRUE) : fs;
      MwTensor *logits = mw_add (a->tape, mw_matmul (a->tape, f, w), b);
      MwTensor *l = mw_task_loss (a->tape, task, logits, false);
      mw_grad (a->tape, l, NULL, adapt, n_adapt, false, g, NULL);
      mw_adam_step (adam, adapt, g);
      if (a->cfg.finetune_all)
        {
          /* Keep the tape small: features are recomputed each step anyway. */
          mw_tape_reset (a->tape);
          was = mw_tape_set_recording (a->tape, false);
          fq = mw_algo_forward (a, a->tape, backbone, task->query_x, FALSE, TRUE);
          mw_tape_set_recording (a->tape, was);
        }
    }
  mw_tape_reset (a->tape);
  mw_adam_free (adam);
  for (int i = 0; i < nb && a->cfg.finetune_all; i++)
    mw_tensor_free (backbone[i]);
  g_free (backbone);
  g_free (adapt);
  g_free (g);
  mw_tensor_free (w);
  mw_tensor_free (b);
}

const MwAlgorithmVTable mw_finetune_vtable = { .train_step = finetune_train_step,
                                                .evaluate = finetune_evaluate,
                                                .evaluate_is_pure = TRUE };
