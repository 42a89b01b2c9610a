/* mw-reptile.c: Reptile (Nichol, Achiam & Schulman 2018).
 *
 * For each task, train a copy of the weights with Adam (β1 = 0) on minibatches of the
 * task's data, then move the initialisation towards the mean of the adapted weights by
 * ε, annealed linearly from outer_step to outer_step_final.  As in the reference code,
 * the inner Adam's moments persist across tasks during meta-training; evaluation
 * adapts with a fresh inner Adam. */
#include "config.h"
#include "mw-algorithm-private.h"

#include <glib/gi18n-lib.h>

#include <string.h>

typedef struct {
  MwTensor **initial;     /* θ at the start of the meta-iteration */
  MwTensor **sum;         /* Σ adapted weights over the meta-batch */
  MwTensor **eval_params; /* weights being adapted during evaluation */
  MwAdam *inner_adam;
  int *order;             /* minibatch order over the support set */
  int order_len;
} Reptile;

static void
reptile_setup (MwAlgorithm *a, MwRng *rng)
{
  (void) rng;
  Reptile *r = g_new0 (Reptile, 1);
  int n = a->model->n_params;
  r->initial = g_new (MwTensor *, n);
  r->sum = g_new (MwTensor *, n);
  r->eval_params = g_new (MwTensor *, n);
  for (int i = 0; i < n; i++)
    {
      r->initial[i] = mw_tensor_new_like (a->model->params[i]);
      r->sum[i] = mw_tensor_new_like (a->model->params[i]);
      r->eval_params[i] = mw_tensor_new_like (a->model->params[i]);
      r->eval_params[i]->requires_grad = true;
    }
  r->inner_adam = mw_adam_new (a->model->params, n, a->cfg.inner_lr, 0.0f, 0.999f, 1e-8f);
  a->priv = r;
}

static void
reptile_free (MwAlgorithm *a)
{
  Reptile *r = a->priv;
  for (int i = 0; i < a->model->n_params; i++)
    {
      mw_tensor_free (r->initial[i]);
      mw_tensor_free (r->sum[i]);
      mw_tensor_free (r->eval_params[i]);
    }
  g_free (r->initial);
  g_free (r->sum);
  g_free (r->eval_params);
  g_free (r->order);
  mw_adam_free (r->inner_adam);
  g_free (r);
}

/* Rows of x (and their labels or targets) picked by idx, as constants on the tape. */
static void
take_rows (MwTape *tape, const MwTask *task, const int *idx, int count, MwTask *out)
{
  MwTensor *x = task->support_x;
  size_t row = x->numel / (size_t) x->shape[0];
  int shape[MW_MAX_DIMS];
  for (int d = 0; d < x->ndim; d++)
    shape[d] = x->shape[d];
  shape[0] = count;
  *out = *task;
  out->support_x = mw_tape_tensor (tape, x->ndim, shape);
  for (int i = 0; i < count; i++)
    memcpy (out->support_x->data + (size_t) i * row, x->data + (size_t) idx[i] * row,
            sizeof (float) * row);
  if (task->regression)
    {
      int yshape[2] = { count, 1 };
      out->support_y = mw_tape_tensor (tape, 2, yshape);
      for (int i = 0; i < count; i++)
        out->support_y->data[i] = task->support_y->data[idx[i]];
    }
  else
    {
      int32_t *labels = mw_tape_alloc (tape, sizeof (int32_t) * (size_t) count);
      for (int i = 0; i < count; i++)
        labels[i] = task->support_labels[idx[i]];
      out->support_labels = labels;
    }
}

/* `iterations` Adam steps on minibatches drawn without replacement from the support
 * set, reshuffled each pass (the reference implementation's _mini_batches). */
static double
inner_train (MwAlgorithm *a, const MwTask *task, MwTensor **params, MwAdam *adam,
             int iterations, int batch, MwRng *rng, double *last_acc, gboolean training)
{
  Reptile *r = a->priv;
  int n = a->model->n_params, items = task->support_x->shape[0];
  batch = MIN (batch, items);
  if (r->order_len < items)
    {
      r->order = g_renew (int, r->order, items);
      r->order_len = items;
    }
  int pos = items;
  MwTensor **g = g_new (MwTensor *, n);
  int *idx = g_new (int, batch);
  double loss_value = 0;
  for (int it = 0; it < iterations; it++)
    {
      for (int b = 0; b < batch; b++)
        {
          if (pos == items)
            {
              for (int i = 0; i < items; i++)
                r->order[i] = i;
              mw_rng_shuffle (rng, r->order, items);
              pos = 0;
            }
          idx[b] = r->order[pos++];
        }
      mw_tape_reset (a->tape);
      MwTask mini;
      take_rows (a->tape, task, idx, batch, &mini);
      MwTensor *pred = mw_algo_forward (a, a->tape, params, mini.support_x, training, FALSE);
      MwTensor *loss = mw_task_loss (a->tape, &mini, pred, false);
      loss_value = loss->data[0];
      if (last_acc)
        *last_acc = mw_task_accuracy (&mini, pred, false);
      mw_grad_consuming (a->tape, loss, NULL, params, n, g, NULL);
      mw_adam_step (adam, params, g);
    }
  g_free (g);
  g_free (idx);
  return loss_value;
}

/* The meta-batch's tasks, one after the other (the inner Adam's moments carry over
 * from each task to the next). */
typedef struct {
  MwAlgorithm *a;
  MwTaskSource *source;
  int64_t iteration;
  MwRng *rng;
  double loss_sum, acc_sum;
  GError **error;
} TaskLoop;

static gboolean
train_tasks (int unused, int worker, gpointer data)
{
  TaskLoop *loop = data;
  MwAlgorithm *a = loop->a;
  Reptile *r = a->priv;
  int n = a->model->n_params;
  MwTensor **theta = a->model->params;
  (void) unused;
  (void) worker;
  for (int t = 0; t < a->cfg.meta_batch; t++)
    {
      MwTask task;
      if (!loop->source->next_task (loop->source, 0, a->source_ways, a->source_shots,
                                    a->source_queries, loop->rng, &task, loop->error))
        return FALSE;
      for (int i = 0; i < n; i++)
        mw_tensor_copy_data (theta[i], r->initial[i]);
      double acc = 0;
      double loss = inner_train (a, &task, theta, r->inner_adam, a->cfg.inner_steps,
                                 a->cfg.inner_batch, loop->rng, &acc, TRUE);
      if (!mw_algo_check_finite (a, loss, loop->iteration, N_("inner loss"), loop->error))
        {
          for (int i = 0; i < n; i++)
            mw_tensor_copy_data (theta[i], r->initial[i]);
          return FALSE;
        }
      loop->loss_sum += loss;
      loop->acc_sum += acc;
      for (int i = 0; i < n; i++)
        for (size_t j = 0; j < theta[i]->numel; j++)
          r->sum[i]->data[j] += theta[i]->data[j];
    }
  return TRUE;
}

static gboolean
reptile_train_step (MwAlgorithm *a, MwTaskSource *source, int64_t iteration, int64_t total,
                    MwRng *rng, MwStepStats *stats, GError **error)
{
  Reptile *r = a->priv;
  int n = a->model->n_params, tasks = a->cfg.meta_batch;
  MwTensor **theta = a->model->params;
  for (int i = 0; i < n; i++)
    {
      mw_tensor_copy_data (r->initial[i], theta[i]);
      mw_tensor_fill (r->sum[i], 0.0f);
    }
  /* One task at a time, its ops split over the cores: minibatches of a few images
   * leave multi-threaded BLAS little to share. */
  TaskLoop loop = { a, source, iteration, rng, 0, 0, NULL };
  GError *task_error = NULL;
  loop.error = &task_error;
  mw_algo_run_on_workers (a, 1, 1, train_tasks, &loop);
  if (task_error != NULL)
    {
      g_propagate_error (error, task_error);
      return FALSE;
    }
  double loss_sum = loop.loss_sum, acc_sum = loop.acc_sum;
  mw_tape_reset (a->tape);
  float frac = total > 0 ? (float) iteration / (float) total : 0.0f;
  float eps = a->cfg.outer_step + (a->cfg.outer_step_final - a->cfg.outer_step) * frac;
  for (int i = 0; i < n; i++)
    for (size_t j = 0; j < theta[i]->numel; j++)
      {
        float init = r->initial[i]->data[j];
        theta[i]->data[j] = init + eps * (r->sum[i]->data[j] / (float) tasks - init);
      }
  stats->loss = loss_sum / tasks;
  stats->accuracy = acc_sum / tasks;
  return TRUE;
}

static void
reptile_evaluate (MwAlgorithm *a, const MwTask *task, int steps, double *loss, double *accuracy,
                  MwTensor **predictions)
{
  Reptile *r = a->priv;
  int n = a->model->n_params;
  for (int i = 0; i < n; i++)
    mw_tensor_copy_data (r->eval_params[i], a->model->params[i]);
  MwAdam *adam = mw_adam_new (r->eval_params, n, a->cfg.inner_lr, 0.0f, 0.999f, 1e-8f);
  /* Evaluation minibatches: the whole support set up to 25 items (Reptile's eval-batch
   * is 5 for 5-way 1-shot, i.e. the full support set). */
  int batch = MIN (task->support_x->shape[0], 25);
  MwRng rng;
  mw_rng_init (&rng, 0x7265707469ULL, (uint64_t) task->support_x->shape[0]);
  for (int s = 0; s <= steps; s++)
    {
      if (mw_algo_measure_step (s, steps))
        {
          mw_tape_reset (a->tape);
          mw_algo_measure_query (a, r->eval_params, task, s, loss, accuracy,
                                 predictions ? &predictions[s] : NULL);
        }
      if (s < steps)
        inner_train (a, task, r->eval_params, adam, 1, batch, &rng, NULL, FALSE);
    }
  mw_adam_free (adam);
  mw_tape_reset (a->tape);
}

/* The inner Adam's moments carry over between tasks, so checkpoints keep them. */
static int
reptile_state_count (const MwAlgorithm *a)
{
  return 2 * a->model->n_params;
}

static const char *
reptile_state_name (const MwAlgorithm *a, int i)
{
  int n = a->model->n_params;
  return mw_algo_intern_printf ("inner-adam.%s.%s", i < n ? "m" : "v", a->model->param_names[i % n]);
}

static float *
reptile_state_data (MwAlgorithm *a, int i, size_t *size)
{
  Reptile *r = a->priv;
  int n = a->model->n_params;
  *size = r->inner_adam->sizes[i % n];
  return i < n ? r->inner_adam->m[i] : r->inner_adam->v[i - n];
}

static gint64 *
reptile_counter (MwAlgorithm *a)
{
  return &((Reptile *) a->priv)->inner_adam->t;
}

const MwAlgorithmVTable mw_reptile_vtable = {
  .setup = reptile_setup,
  .train_step = reptile_train_step,
  .evaluate = reptile_evaluate,
  .free_priv = reptile_free,
  .priv_state_count = reptile_state_count,
  .priv_state_name = reptile_state_name,
  .priv_state_data = reptile_state_data,
  .priv_counter = reptile_counter,
};
