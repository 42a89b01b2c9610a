/* mw-algorithm.c: construction from an algorithm's row (mw-algorithm-table.c) and the
 * helpers all implementations share. */
#include "config.h"
#include "mw-algorithm-private.h"

#include "mw-threads.h"
#include "mw-parallel.h"

#include <cblas.h>
#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdarg.h>
#include <string.h>

G_DEFINE_QUARK (mw-algorithm-error-quark, mw_algorithm_error)

MwAlgorithm *
mw_algorithm_new (const MwAlgorithmConfig *config, const MwTaskSource *source, uint64_t seed,
                  GError **error)
{
  const MwAlgorithmConfig *c = config;
  const MwAlgorithmInfo *row = mw_algorithm_info (c->kind);
  if (c->kind >= MW_ALGO_COUNT)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS, _("unknown algorithm"));
      return NULL;
    }
  if (source->regression && !row->regression)
    {
      g_autoptr (GString) able = g_string_new (NULL);
      for (int k = 0; k < MW_ALGO_COUNT; k++)
        if (mw_algorithm_info (k)->regression)
          /* Translators: between the algorithms of a list. */
          g_string_append_printf (able, "%s%s", able->len > 0 ? _(", ") : "",
                                  mw_algorithm_kind_title (k));
      /* Translators: an algorithm, then the list of those that can do regression. */
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   _("%s cannot do regression; pick one of %s"),
                   mw_algorithm_kind_title (c->kind), able->str);
      return NULL;
    }
  if (!source->regression && !row->classification)
    {
      /* Translators: an algorithm. */
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   _("%s learns regression only and cannot classify"),
                   mw_algorithm_kind_title (c->kind));
      return NULL;
    }
  if (row->pretrains && !source->regression && source->next_batch == NULL)
    {
      /* Translators: an algorithm. */
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   _("%s needs plain training batches from the dataset"),
                   mw_algorithm_kind_title (c->kind));
      return NULL;
    }
#define NEED(cond, ...)                                                                   \
  if (!(cond))                                                                            \
    {                                                                                     \
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS, __VA_ARGS__);   \
      return NULL;                                                                        \
    }
  /* The setting names in these messages are key-file keys: they stay as they are. */
  NEED (c->meta_batch >= 1, _("meta-batch must be at least 1 (it is %d)"), c->meta_batch);
  NEED (isfinite (c->meta_lr) && c->meta_lr > 0, _("meta-lr must be a positive number (it is %g)"),
        c->meta_lr);
  NEED (c->inner_steps >= 0 && c->inner_steps <= 1000, _("inner-steps must be 0–1000 (it is %d)"),
        c->inner_steps);
  NEED (isfinite (c->inner_lr) && c->inner_lr >= 0, _("inner-lr must be ≥ 0 (it is %g)"), c->inner_lr);
  NEED (c->filters >= 1 && c->filters <= 512, _("filters must be 1–512 (it is %d)"), c->filters);
  NEED (!row->inner_minibatches || c->inner_batch >= 1, _("inner-batch must be at least 1"));
  NEED (!row->pretrains || c->pretrain_batch >= 1, _("pretrain-batch must be at least 1"));
#undef NEED

  MwAlgorithm *a = g_new0 (MwAlgorithm, 1);
  a->cfg = *c;
  a->regression = source->regression;
  a->source_ways = source->ways;
  a->source_shots = source->shots;
  a->source_queries = source->queries;
  MwRng rng;
  mw_rng_init (&rng, seed, 0x6d6f64656cULL /* "model" stream */);
  if (source->regression)
    {
      int widths[4] = { source->in_shape[0], 40, 40, 1 };
      a->model = mw_mlp_new (3, widths, &rng);
    }
  else if (source->in_ndim == 1)
    {
      /* Points: the output layer is N-way (own head), the classes (pre-training) or,
       * for a metric learner, none: its features are the last hidden layer's. */
      int n_out = row->own_head ? source->ways : row->pretrains ? source->n_classes
                                                                : source->ways;
      if (c->point_model == MW_POINT_MODEL_LOGISTIC)
        {
          int widths[2] = { source->in_shape[0], n_out };
          a->model = mw_mlp_new (1, widths, &rng);
        }
      else
        {
          int widths[4] = { source->in_shape[0], 40, 40, n_out };
          a->model = mw_mlp_new (3, widths, &rng);
        }
    }
  else
    {
      int n_out = row->own_head ? source->ways : row->pretrains ? source->n_classes : 0;
      a->model = mw_conv4_new (source->in_shape[2], source->in_shape[0], c->filters, n_out,
                               c->bn_mode, &rng);
    }
  a->vt = row->vtable;
  a->tape = mw_tape_new ();
  a->n_workers = 1;
  a->worker_tapes = g_new0 (MwTape *, 1);
  a->worker_tapes[0] = a->tape;
  if (a->vt->setup)
    a->vt->setup (a, &rng);
  if (!mw_domain_step_setup (a, seed, source->n_classes, error))
    {
      mw_algorithm_free (a);
      return NULL;
    }
  a->n_trainable = a->model->n_params + a->n_extra;
  a->trainable = g_new (MwTensor *, a->n_trainable);
  a->grad_sum = g_new (MwTensor *, a->n_trainable);
  for (int i = 0; i < a->n_trainable; i++)
    {
      a->trainable[i] = i < a->model->n_params ? a->model->params[i]
                                               : a->extra[i - a->model->n_params];
      a->grad_sum[i] = mw_tensor_new_like (a->trainable[i]);
    }
  a->adam = mw_adam_new (a->trainable, a->n_trainable, c->meta_lr, 0.9f, 0.999f, 1e-8f);
  return a;
}

void
mw_algorithm_free (MwAlgorithm *a)
{
  if (a == NULL)
    return;
  if (a->vt->free_priv)
    a->vt->free_priv (a);
  mw_domain_step_free (a);
  for (int i = 0; i < a->n_trainable; i++)
    mw_tensor_free (a->grad_sum[i]);
  for (int i = 0; i < a->n_extra; i++)
    mw_tensor_free (a->extra[i]);
  g_free (a->extra);
  g_strfreev (a->extra_names);
  g_free (a->grad_sum);
  g_free (a->trainable);
  mw_adam_free (a->adam);
  for (int w = 1; w < a->n_workers; w++)
    mw_tape_free (a->worker_tapes[w]);
  g_free (a->worker_tapes);
  for (int t = 0; t < a->n_task_grads; t++)
    {
      for (int i = 0; i < a->n_trainable; i++)
        mw_tensor_free (a->task_grads[t][i]);
      g_free (a->task_grads[t]);
    }
  g_free (a->task_grads);
  g_free (a->dist_rows);
  mw_tape_free (a->tape);
  mw_model_free (a->model);
  g_free (a);
}

void
mw_algorithm_set_workers (MwAlgorithm *a, int workers)
{
  if (workers <= 0)
    workers = (int) g_get_num_processors ();
  workers = CLAMP (workers, 1, 64);
  for (int w = workers; w < a->n_workers; w++)
    mw_tape_free (a->worker_tapes[w]);
  a->worker_tapes = g_renew (MwTape *, a->worker_tapes, workers);
  for (int w = a->n_workers; w < workers; w++)
    a->worker_tapes[w] = mw_tape_new ();
  a->n_workers = workers;
}

/* (mw-algorithm-private.h) */
void
mw_algo_run_on_workers (MwAlgorithm *a, int n, int workers, MwParallelFunc fn, gpointer data)
{
  int op_threads = workers <= 1 ? a->n_workers : 1;
  if (workers <= 1 && op_threads <= 1)
    {
      mw_parallel_for (n, 1, fn, data);
      return;
    }
  int blas = openblas_get_num_threads ();
  openblas_set_num_threads (1);
  int was = mw_op_threads ();
  mw_op_threads_set (op_threads);
  mw_parallel_for (n, workers, fn, data);
  mw_op_threads_set (was);
  openblas_set_num_threads (blas);
}

typedef struct {
  MwAlgorithm *a;
  MwTask *tasks;
  MwTaskGradFunc fn;
  gint64 iteration;
  double *loss, *accuracy;
  GError **errors;
  int first;            /* index of the job's first task in the meta-batch */
} BatchJob;

static gboolean
run_task (int k, int worker, gpointer data)
{
  BatchJob *job = data;
  int i = job->first + k;
  MwAlgorithm *a = job->a;
  mw_core_thread_init ();
  MwTape *tape = a->worker_tapes[worker];
  mw_tape_reset (tape);
  MwTensor **g = g_newa (MwTensor *, a->n_trainable);
  if (!job->fn (a, tape, &job->tasks[i], job->iteration, g, &job->loss[i], &job->accuracy[i],
                &job->errors[i]))
    {
      mw_tape_reset (tape);
      return FALSE;
    }
  for (int j = 0; j < a->n_trainable; j++)
    mw_tensor_copy_data (a->task_grads[i][j], g[j]);
  mw_tape_reset (tape);
  return TRUE;
}

gboolean
mw_algo_meta_batch (MwAlgorithm *a, MwTaskSource *source, gint64 iteration, int ways, int shots,
                    int queries, MwRng *rng, MwTaskGradFunc fn, MwStepStats *stats, GError **error)
{
  const int n = a->cfg.meta_batch;
  MwTask *tasks = g_new0 (MwTask, n);
  for (int i = 0; i < n; i++)
    if (!source->next_task (source, i, ways, shots, queries, rng, &tasks[i], error))
      {
        g_free (tasks);
        return FALSE;
      }
  if (a->n_task_grads < n)
    {
      a->task_grads = g_renew (MwTensor **, a->task_grads, n);
      for (int t = a->n_task_grads; t < n; t++)
        {
          a->task_grads[t] = g_new (MwTensor *, a->n_trainable);
          for (int j = 0; j < a->n_trainable; j++)
            a->task_grads[t][j] = mw_tensor_new_like (a->trainable[j]);
        }
      a->n_task_grads = n;
    }
  /* Distributed: this process runs only its block of the meta-batch. */
  int first = 0, last = n;
  if (a->distributed)
    mw_distribution_share (a->dist.rank, a->dist.size, n, &first, &last);
  BatchJob job = { a, tasks, fn, iteration, g_new (double, n), g_new0 (double, n),
                   g_new0 (GError *, n), first };
  for (int i = 0; i < n; i++)
    job.loss[i] = NAN;   /* stays NaN for a task that was never run */
  /* Running batch-norm statistics are shared state updated by every forward pass, so
   * those models train their tasks one after the other. */
  gboolean shared_state = a->model->running_mean != NULL && a->cfg.bn_mode == MW_BN_RUNNING;
  int workers = shared_state ? 1 : MIN (a->n_workers, last - first);
  a->batch_tasks = tasks;
  mw_algo_run_on_workers (a, last - first, workers, run_task, &job);
  a->batch_tasks = NULL;
  if (a->distributed && !mw_algo_exchange_tasks (a, n, job.loss, job.accuracy, job.errors, error))
    {
      for (int i = 0; i < n; i++)
        g_clear_error (&job.errors[i]);
      g_free (job.errors);
      g_free (job.loss);
      g_free (job.accuracy);
      g_free (tasks);
      return FALSE;
    }
  /* The first task (in order) that failed explains the failure. */
  gboolean ok = TRUE;
  for (int i = 0; i < n && ok; i++)
    if (job.errors[i] != NULL)
      {
        ok = FALSE;
        g_propagate_error (error, g_steal_pointer (&job.errors[i]));
      }
  for (int i = 0; i < n && ok; i++)
    if (isnan (job.loss[i]))
      {
        ok = FALSE;
        g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_CANCELLED,
                     _("task %d of the meta-batch was not run"), i + 1);
      }
  if (ok)
    {
      double loss = 0, acc = 0;
      mw_algo_zero_grads (a);
      for (int i = 0; i < n; i++)
        {
          mw_algo_add_grads (a, a->task_grads[i], 1.0f / (float) n);
          loss += job.loss[i];
          acc += job.accuracy[i];
        }
      mw_algo_apply_grads (a, iteration);
      stats->loss = loss / n;
      stats->accuracy = acc / n;
    }
  for (int i = 0; i < n; i++)
    g_clear_error (&job.errors[i]);
  g_free (job.errors);
  g_free (job.loss);
  g_free (job.accuracy);
  g_free (tasks);
  return ok;
}

const MwAlgorithmConfig *
mw_algorithm_get_config (const MwAlgorithm *a)
{
  return &a->cfg;
}

MwModel *
mw_algorithm_get_model (MwAlgorithm *a)
{
  return a->model;
}

gboolean
mw_algorithm_train_step (MwAlgorithm *a, MwTaskSource *source, int64_t iteration,
                         int64_t total, MwRng *rng, MwStepStats *stats, GError **error)
{
  stats->loss = NAN;
  stats->accuracy = NAN;
  mw_domain_step_begin (a, total, stats);
  gboolean ok = a->vt->train_step (a, source, iteration, total, rng, stats, error);
  mw_domain_step_end (a, stats);
  return ok;
}

void
mw_algorithm_evaluate (MwAlgorithm *a, const MwTask *task, int steps, double *loss,
                       double *accuracy, MwTensor **predictions)
{
  for (int i = 0; i <= steps; i++)
    loss[i] = accuracy[i] = NAN;
  if (predictions)
    for (int i = 0; i <= steps; i++)
      predictions[i] = NULL;
  a->vt->evaluate (a, task, steps, loss, accuracy, predictions);
}

typedef struct {
  MwAlgorithm *a;
  const MwTask *tasks;
  int steps;
  double *loss, *accuracy;
} EvalJob;

static gboolean
evaluate_one (int i, int worker, gpointer data)
{
  EvalJob *job = data;
  mw_core_thread_init ();
  /* The learner as it is, but with this worker's tape for the temporaries. */
  MwAlgorithm view = *job->a;
  view.tape = job->a->worker_tapes[worker];
  /* An observer follows one evaluation at a time. */
  view.adapt_observer = NULL;
  size_t n = (size_t) job->steps + 1;
  mw_algorithm_evaluate (&view, &job->tasks[i], job->steps, job->loss + (size_t) i * n,
                         job->accuracy + (size_t) i * n, NULL);
  return TRUE;
}

void
mw_algorithm_evaluate_tasks (MwAlgorithm *a, const MwTask *tasks, int n, int steps,
                             double *loss, double *accuracy)
{
  EvalJob job = { a, tasks, steps, loss, accuracy };
  int workers = a->vt->evaluate_is_pure ? MIN (a->n_workers, n) : 1;
  mw_algo_run_on_workers (a, n, workers, evaluate_one, &job);
}

/* ---- state for checkpoints ---- */

static int
running_count (const MwAlgorithm *a)
{
  return a->model->running_mean != NULL ? 8 : 0;
}

static int
base_state_count (const MwAlgorithm *a)
{
  /* trainable tensors, batch-norm running statistics, then Adam's two moments. */
  return a->n_trainable + running_count (a) + 2 * a->n_trainable;
}

int
mw_algorithm_state_count (const MwAlgorithm *a)
{
  return base_state_count (a) + (a->vt->priv_state_count ? a->vt->priv_state_count (a) : 0);
}

gint64
mw_algorithm_get_counter (MwAlgorithm *a, int which)
{
  if (which == 0)
    return a->adam->t;
  return a->vt->priv_counter ? *a->vt->priv_counter (a) : 0;
}

void
mw_algorithm_set_counter (MwAlgorithm *a, int which, gint64 value)
{
  if (which == 0)
    a->adam->t = value;
  else if (a->vt->priv_counter)
    *a->vt->priv_counter (a) = value;
}

const char *
mw_algorithm_state_name (const MwAlgorithm *a, int i)
{
  static const char *const running[8] = {
    "block1.bn.running_mean", "block1.bn.running_var", "block2.bn.running_mean",
    "block2.bn.running_var", "block3.bn.running_mean", "block3.bn.running_var",
    "block4.bn.running_mean", "block4.bn.running_var",
  };
  int np = a->model->n_params, nt = a->n_trainable, nr = running_count (a);
  if (i >= base_state_count (a))
    return a->vt->priv_state_name (a, i - base_state_count (a));
  if (i < np)
    return a->model->param_names[i];
  if (i < nt)
    return a->extra_names[i - np];
  if (i < nt + nr)
    return running[i - nt];
  int j = i - nt - nr;
  const char *base = mw_algorithm_state_name (a, j % nt);
  return mw_algo_intern_printf ("adam.%s.%s", j < nt ? "m" : "v", base);
}

const char *
mw_algo_intern_printf (const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *name = g_strdup_vprintf (format, args);
  va_end (args);
  const char *interned = g_intern_string (name);
  g_free (name);
  return interned;
}

float *
mw_algorithm_state_data (MwAlgorithm *a, int i, size_t *n)
{
  int nt = a->n_trainable, nr = running_count (a);
  if (i >= base_state_count (a))
    return a->vt->priv_state_data (a, i - base_state_count (a), n);
  if (i < nt)
    {
      *n = a->trainable[i]->numel;
      return a->trainable[i]->data;
    }
  if (i < nt + nr)
    {
      int b = (i - nt) / 2;
      *n = (size_t) a->model->filters;
      return (i - nt) % 2 == 0 ? a->model->running_mean[b] : a->model->running_var[b];
    }
  int j = i - nt - nr;
  *n = a->adam->sizes[j % nt];
  return j < nt ? a->adam->m[j] : a->adam->v[j - nt];
}

/* ---- shared helpers ---- */

MwTensor *
mw_algo_forward (MwAlgorithm *a, MwTape *tape, MwTensor *const *params, MwTensor *x,
                 gboolean training, gboolean features)
{
  MwForwardOptions options = { training, features, false };
  return mw_model_forward (a->model, tape, params, x, &options);
}

void
mw_algo_zero_grads (MwAlgorithm *a)
{
  for (int i = 0; i < a->n_trainable; i++)
    mw_tensor_fill (a->grad_sum[i], 0.0f);
}

void
mw_algo_add_grads (MwAlgorithm *a, MwTensor *const *grads, float scale)
{
  for (int i = 0; i < a->n_trainable; i++)
    {
      float *restrict s = a->grad_sum[i]->data;
      const float *restrict g = grads[i]->data;
      for (size_t j = 0; j < a->grad_sum[i]->numel; j++)
        s[j] += scale * g[j];
    }
}

void
mw_algo_apply_grads (MwAlgorithm *a, int64_t iteration)
{
  if (a->cfg.lr_halve_every > 0)
    a->adam->lr = a->cfg.meta_lr * powf (0.5f, (float) (iteration / a->cfg.lr_halve_every));
  mw_adam_step (a->adam, a->trainable, a->grad_sum);
}

gboolean
mw_algo_check_finite (MwAlgorithm *a, double value, int64_t iteration, const char *what,
                      GError **error)
{
  if (isfinite (value))
    return TRUE;
  g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_DIVERGED,
               /* Translators: the first %s is an algorithm, the second a loss ("query
                * loss"), the third "NaN" or "infinite". */
               _("%s diverged at iteration %lld: the %s became %s. Lower the "
                 "learning rates (meta-lr %g, inner-lr %g) and start again."),
               mw_algorithm_kind_title (a->cfg.kind), (long long) iteration + 1, _(what),
               isnan (value) ? "NaN" : _("infinite"), a->cfg.meta_lr, a->cfg.inner_lr);
  return FALSE;
}

MwTensor *
mw_algo_predictions (const MwTask *task, MwTensor *pred)
{
  MwTensor *p = mw_tensor_new (pred->ndim, pred->shape);
  mw_tensor_copy_data (p, pred);
  if (!task->regression)
    {
      const int c = pred->shape[1];
      for (int r = 0; r < pred->shape[0]; r++)
        {
          float *row = p->data + (size_t) r * c, m = row[0];
          double s = 0;
          for (int j = 1; j < c; j++)
            m = fmaxf (m, row[j]);
          for (int j = 0; j < c; j++)
            s += (row[j] = expf (row[j] - m));
          for (int j = 0; j < c; j++)
            row[j] = (float) (row[j] / s);
        }
    }
  return p;
}

void
mw_algo_measure_query (MwAlgorithm *a, MwTensor *const *params, const MwTask *task, int i,
                       double *loss, double *accuracy, MwTensor **predictions)
{
  /* The query pass's temporaries go as soon as its numbers are out: evaluation
   * measures up to a dozen times per task, each as large as the whole query set. */
  if (a->adapt_observer != NULL)
    a->adapt_observer (i, params, a->model->n_params, a->adapt_observer_data);
  MwTapeMark mark = mw_tape_mark (a->tape);
  bool was = mw_tape_set_recording (a->tape, false);
  MwTensor *pred = mw_algo_forward (a, a->tape, params, task->query_x, FALSE, FALSE);
  loss[i] = mw_task_loss (a->tape, task, pred, true)->data[0];
  /* NaN means "not measured" in the results; a measured loss that diverged is +inf,
   * so it shows in the mean instead of being skipped. */
  if (!isfinite (loss[i]))
    loss[i] = INFINITY;
  accuracy[i] = mw_task_accuracy (task, pred, true);
  if (predictions != NULL)
    {
      mw_tensor_free (*predictions);
      *predictions = mw_algo_predictions (task, pred);
    }
  mw_tape_set_recording (a->tape, was);
  mw_tape_rewind (a->tape, mark);
}

void
mw_algorithm_set_adapt_observer (MwAlgorithm *a, MwAdaptObserver observer, gpointer user_data)
{
  a->adapt_observer = observer;
  a->adapt_observer_data = user_data;
}

gboolean
mw_algo_measure_step (int step, int steps)
{
  return step <= 10 || step % 10 == 0 || step == steps;
}
