/* mw-maml.c: gradient-based meta-learning with a differentiable inner loop: MAML
 * (second order), first-order MAML and Meta-SGD (learned per-parameter inner rates). */
#include "config.h"
#include "mw-algorithm-private.h"

#include <glib/gi18n-lib.h>

#include <math.h>

static gboolean
second_order (const MwAlgorithm *a)
{
  return mw_algorithm_info (a->cfg.kind)->second_order;
}

static void
metasgd_setup (MwAlgorithm *a, MwRng *rng)
{
  /* Meta-SGD: one learning rate per parameter, initialised uniformly in
   * [0.005, inner_lr] (Li et al. 2017 use [0.005, 0.1]). */
  MwModel *m = a->model;
  a->n_extra = m->n_params;
  a->extra = g_new (MwTensor *, m->n_params);
  a->extra_names = g_new0 (char *, m->n_params + 1);
  float hi = MAX (a->cfg.inner_lr, 0.005f);
  for (int i = 0; i < m->n_params; i++)
    {
      a->extra[i] = mw_tensor_new_like (m->params[i]);
      a->extra[i]->requires_grad = true;
      for (size_t j = 0; j < a->extra[i]->numel; j++)
        a->extra[i]->data[j] = mw_rng_uniform_range (rng, 0.005f, hi);
      a->extra_names[i] = g_strdup_printf ("alpha.%s", m->param_names[i]);
    }
}

/* fast ← fast − α∇L_support(fast), `steps` times; with create_graph the steps stay
 * differentiable with respect to the initial parameters (and Meta-SGD's rates). */
static MwTensor **
adapt (MwAlgorithm *a, MwTape *tape, const MwTask *task, MwTensor *const *init, int steps,
       bool create_graph, bool training)
{
  int n = a->model->n_params;
  MwTensor **fast = mw_tape_alloc (tape, sizeof (MwTensor *) * (size_t) n);
  MwTensor **g = mw_tape_alloc (tape, sizeof (MwTensor *) * (size_t) n);
  for (int i = 0; i < n; i++)
    fast[i] = init[i];
  for (int s = 0; s < steps; s++)
    {
      MwForwardOptions options = { training, false, create_graph };
      MwTensor *pred = mw_model_forward (a->model, tape, fast, task->support_x, &options);
      MwTensor *loss = mw_task_loss (tape, task, pred, false);
      /* First order: the support graph is not needed once its gradient is taken. */
      if (create_graph)
        mw_grad (tape, loss, NULL, fast, n, true, g, NULL);
      else
        mw_grad_consuming (tape, loss, NULL, fast, n, g, NULL);
      for (int i = 0; i < n; i++)
        {
          MwTensor *step = a->n_extra > 0 ? mw_mul (tape, a->extra[i], g[i])
                                          : mw_scale (tape, g[i], a->cfg.inner_lr);
          fast[i] = mw_sub (tape, fast[i], step);
        }
    }
  return fast;
}

/* One task's meta-gradient.  First order: the inner gradients are constants, so
 * fast = θ − α·g and the query gradient with respect to θ is the one at the adapted
 * parameters. */
static gboolean
maml_task_grad (MwAlgorithm *a, MwTape *tape, const MwTask *task, gint64 iteration,
                MwTensor **grads, double *loss_out, double *acc_out, GError **error)
{
  MwTensor **fast = adapt (a, tape, task, a->model->params, a->cfg.inner_steps, second_order (a), TRUE);
  MwTensor *pred = mw_algo_forward (a, tape, fast, task->query_x, TRUE, FALSE);
  MwTensor *loss = mw_task_loss (tape, task, pred, true);
  if (!mw_algo_check_finite (a, loss->data[0], iteration, N_("query loss"), error))
    return FALSE;
  *loss_out = loss->data[0];
  *acc_out = mw_task_accuracy (task, pred, true);
  /* The task's last pass: each step's graph is released as it is walked back. */
  mw_grad_consuming (tape, loss, NULL, a->trainable, a->n_trainable, grads, NULL);
  return TRUE;
}

static gboolean
maml_train_step (MwAlgorithm *a, MwTaskSource *source, int64_t iteration, int64_t total,
                 MwRng *rng, MwStepStats *stats, GError **error)
{
  return mw_algo_meta_batch (a, source, iteration, a->source_ways, a->source_shots,
                             a->source_queries, rng, maml_task_grad, stats, error);
}

static void
maml_evaluate (MwAlgorithm *a, const MwTask *task, int steps, double *loss, double *accuracy,
               MwTensor **predictions)
{
  mw_tape_reset (a->tape);
  int n = a->model->n_params;
  MwTensor **fast = g_new (MwTensor *, n), **g = g_new (MwTensor *, n);
  /* The adapted parameters live outside the tape, so each step's graph can be
   * released once the step is taken: memory stays that of one step for any count. */
  MwTensor **adapted = g_new (MwTensor *, n);
  for (int i = 0; i < n; i++)
    {
      fast[i] = a->model->params[i];
      adapted[i] = mw_tensor_new_like (fast[i]);
      adapted[i]->requires_grad = true;
    }
  for (int s = 0; s <= steps; s++)
    {
      if (mw_algo_measure_step (s, steps))
        mw_algo_measure_query (a, fast, task, s, loss, accuracy, predictions ? &predictions[s] : NULL);
      if (s == steps)
        break;
      MwTapeMark mark = mw_tape_mark (a->tape);
      /* Each step differentiates only the support loss at the current parameters. */
      MwTensor *pred = mw_algo_forward (a, a->tape, fast, task->support_x, FALSE, FALSE);
      mw_grad (a->tape, mw_task_loss (a->tape, task, pred, false), NULL, fast, n, false, g, NULL);
      bool was = mw_tape_set_recording (a->tape, false);
      for (int i = 0; i < n; i++)
        {
          MwTensor *step = a->n_extra > 0 ? mw_mul (a->tape, a->extra[i], g[i])
                                          : mw_scale (a->tape, g[i], a->cfg.inner_lr);
          mw_tensor_copy_data (adapted[i], mw_sub (a->tape, fast[i], step));
          fast[i] = adapted[i];
        }
      mw_tape_set_recording (a->tape, was);
      mw_tape_rewind (a->tape, mark);
    }
  for (int i = 0; i < n; i++)
    mw_tensor_free (adapted[i]);
  g_free (adapted);
  g_free (fast);
  g_free (g);
  mw_tape_reset (a->tape);
}

const MwAlgorithmVTable mw_maml_vtable = { .train_step = maml_train_step,
                                            .evaluate = maml_evaluate,
                                            .evaluate_is_pure = TRUE };

const MwAlgorithmVTable mw_metasgd_vtable = { .setup = metasgd_setup,
                                               .train_step = maml_train_step,
                                               .evaluate = maml_evaluate,
                                               .evaluate_is_pure = TRUE };
