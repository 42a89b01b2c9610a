/* mw-neural-process.c: the Conditional Neural Process and the Neural Process (Garnelo
 * et al. 2018, "Conditional Neural Processes" and "Neural Processes").
 *
 * Neither adapts by gradient steps: the support set (the context) is encoded and
 * averaged into r, and a decoder predicts a Gaussian at each target x.  The CNP
 * trains by the Gaussian NLL of the targets (the query points and the context points,
 * as the paper does).  The NP adds a latent z with q(z | points) from a second
 * encoder and maximises the ELBO
 *   E_q(z | C ∪ T) [log p(y_T | z, r, x_T)] − KL(q(z | C ∪ T) ‖ q(z | C)),
 * one reparameterised sample of z per task, both terms per target point (the KL
 * divided by the targets' count, as the authors' code does).  At test z comes from
 * q(z | C): the predictive is a mixture over samples (mw-predictive.h). */
#include "config.h"
#include "mw-np-network-private.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

static void
np_setup (MwAlgorithm *a, MwRng *rng)
{
  /* The model the row's data would get is replaced by the encoders and decoder. */
  int x_dim = a->model->in_shape[0];
  mw_model_free (a->model);
  a->model = mw_np_model_new (x_dim, a->cfg.kind == MW_ALGO_NP, rng);
}

/* A stream for a task's latent noise named by its points, so the noise is the same
 * whichever worker runs the task and in whatever order (FNV-1a over the bits). */
static uint64_t
task_noise_key (const MwTask *task)
{
  uint64_t h = 0xcbf29ce484222325ULL;
  const MwTensor *parts[2] = { task->support_x, task->support_y };
  for (int p = 0; p < 2; p++)
    {
      const guint8 *bytes = (const guint8 *) parts[p]->data;
      for (size_t i = 0; i < parts[p]->numel * sizeof (float); i++)
        h = (h ^ bytes[i]) * 0x100000001b3ULL;
    }
  return h;
}

MwTensor *
mw_np_loss (MwTape *tape, const MwModel *model, MwTensor *const *p, const MwTask *task,
            MwRng *rng)
{
  MwTensor *cx = task->support_x, *cy = task->support_y;
  /* The targets: the context itself and the query points. */
  MwTensor *tx = mw_concat_rows (tape, cx, task->query_x);
  MwTensor *ty = mw_concat_rows (tape, cy, task->query_y);
  MwTensor *r = mw_np_represent (tape, p, cx, cy), *z = NULL, *kl = NULL;
  if (mw_np_model_has_latent (model))
    {
      MwTensor *prior_mu, *prior_sigma, *post_mu, *post_sigma;
      mw_np_latent (tape, p, cx, cy, &prior_mu, &prior_sigma);
      mw_np_latent (tape, p, tx, ty, &post_mu, &post_sigma);
      z = mw_gaussian_sample (tape, post_mu, post_sigma, rng);
      kl = mw_sum (tape, mw_gaussian_kl (tape, post_mu, post_sigma, prior_mu, prior_sigma));
    }
  MwTensor *mu, *sigma;
  mw_np_decode (tape, p, r, z, tx, &mu, &sigma);
  MwTensor *loss = mw_mean (tape, mw_gaussian_nll (tape, ty, mu, sigma));
  if (kl != NULL)
    loss = mw_add (tape, loss, mw_scale (tape, kl, 1.0f / (float) tx->shape[0]));
  return loss;
}

static gboolean
np_task_grad (MwAlgorithm *a, MwTape *tape, const MwTask *task, gint64 iteration,
              MwTensor **grads, double *loss_out, double *acc_out, GError **error)
{
  MwRng rng;
  mw_rng_init (&rng, (uint64_t) iteration, task_noise_key (task));
  MwTensor *loss = mw_np_loss (tape, a->model, a->model->params, task, &rng);
  if (!mw_algo_check_finite (a, loss->data[0], iteration, N_("loss"), error))
    return FALSE;
  *loss_out = loss->data[0];
  *acc_out = NAN;
  mw_grad_consuming (tape, loss, NULL, a->trainable, a->n_trainable, grads, NULL);
  return TRUE;
}

static gboolean
np_train_step (MwAlgorithm *a, MwTaskSource *source, int64_t iteration, int64_t total,
               MwRng *rng, MwStepStats *stats, GError **error)
{
  return mw_algo_meta_batch (a, source, iteration, a->source_ways, a->source_shots,
                             a->source_queries, rng, np_task_grad, stats, error);
}

static void
np_predict (MwAlgorithm *a, MwTape *tape, MwTensor *cx, MwTensor *cy, MwTensor *tx,
            int n_samples, MwRng *rng, MwPredictive *out)
{
  MwTensor *const *p = a->model->params;
  bool was = mw_tape_set_recording (tape, false);
  MwTapeMark mark = mw_tape_mark (tape);
  gboolean latent = mw_np_model_has_latent (a->model);
  int s_count = latent ? MAX (n_samples, 1) : 1, n = tx->shape[0];
  out->n_targets = n;
  out->n_components = s_count;
  out->mean = g_new (float, (size_t) s_count * n);
  out->sigma = g_new (float, (size_t) s_count * n);
  MwTensor *r = mw_np_represent (tape, p, cx, cy), *prior_mu = NULL, *prior_sigma = NULL;
  if (latent)
    mw_np_latent (tape, p, cx, cy, &prior_mu, &prior_sigma);
  for (int s = 0; s < s_count; s++)
    {
      MwTensor *z = latent ? mw_gaussian_sample (tape, prior_mu, prior_sigma, rng) : NULL;
      MwTensor *mu, *sigma;
      mw_np_decode (tape, p, r, z, tx, &mu, &sigma);
      memcpy (out->mean + (size_t) s * n, mu->data, sizeof (float) * (size_t) n);
      memcpy (out->sigma + (size_t) s * n, sigma->data, sizeof (float) * (size_t) n);
    }
  mw_tape_rewind (tape, mark);
  mw_tape_set_recording (tape, was);
}

/* No steps: index 0 only, as the metric learners.  The loss is the MSE of the
 * predictive mean (that of MAML on the same tasks); NLL and coverage come from
 * mw_algorithm_score_tasks. */
static void
np_evaluate (MwAlgorithm *a, const MwTask *task, int steps, double *loss, double *accuracy,
             MwTensor **predictions)
{
  mw_tape_reset (a->tape);
  MwRng rng;
  mw_rng_init (&rng, 0x6e70 /* "np" */, task_noise_key (task));
  MwPredictive pred;
  np_predict (a, a->tape, task->support_x, task->support_y, task->query_x,
              MW_PREDICTIVE_EVAL_SAMPLES, &rng, &pred);
  bool was = mw_tape_set_recording (a->tape, false);
  int shape[2] = { pred.n_targets, 1 };
  MwTensor *mean = mw_tape_tensor (a->tape, 2, shape);
  for (int i = 0; i < pred.n_targets; i++)
    mean->data[i] = (float) mw_predictive_mean (&pred, i);
  loss[0] = mw_task_loss (a->tape, task, mean, true)->data[0];
  if (!isfinite (loss[0]))
    loss[0] = INFINITY;
  accuracy[0] = NAN;
  if (predictions != NULL)
    predictions[0] = mw_algo_predictions (task, mean);
  mw_predictive_clear (&pred);
  mw_tape_set_recording (a->tape, was);
  mw_tape_reset (a->tape);
}

const MwAlgorithmVTable mw_cnp_vtable = { .setup = np_setup,
                                           .train_step = np_train_step,
                                           .evaluate = np_evaluate,
                                           .evaluate_is_pure = TRUE,
                                           .predict = np_predict };

const MwAlgorithmVTable mw_np_vtable = { .setup = np_setup,
                                          .train_step = np_train_step,
                                          .evaluate = np_evaluate,
                                          .evaluate_is_pure = TRUE,
                                          .predict = np_predict };
