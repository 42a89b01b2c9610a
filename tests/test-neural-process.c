/* test-neural-process.c: the Conditional Neural Process and the Neural Process
 * (core/meta/mw-neural-process.c) on sinusoid regression:
 * - each learns: after a short seeded run the MSE of its predictive mean on held-out
 *   tasks falls well below that of predicting zero, and its NLL below that of the best
 *   single Gaussian N(0, E[y²]) for every point;
 * - the gradients of its training loss (through encoders, aggregation, latent sampling
 *   and decoder), first and second order, against finite differences;
 * - the same seed gives the same bits, at any thread count;
 * - the predictive (mw_algorithm_predict): a CNP has one component, an NP as many as
 *   samples asked for, sampled functions that differ, the same bits for the same seed;
 *   coverage fractions within [0, 1] and growing with the level;
 * - the sinusoid preset gives the authors' optimiser and no test steps. */
#include "gradcheck.h"
#include "mw-np-network-private.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static gboolean
sanitized (void)
{
  return g_getenv ("MW_TEST_SANITIZER") != NULL;
}

static MwAlgorithm *
make_learner (MwAlgorithmKind kind, MwTaskGen *gen, uint64_t seed)
{
  MwAlgorithmConfig cfg;
  mw_algorithm_config_defaults (&cfg, kind);
  /* Faster than the paper's 1e-4, for a short run. */
  cfg.meta_lr = 1e-3f;
  cfg.meta_batch = 8;
  GError *error = NULL;
  MwAlgorithm *a = mw_algorithm_new (&cfg, &gen->source, seed, &error);
  g_assert_no_error (error);
  return a;
}

static void
train (MwAlgorithm *a, MwTaskGen *gen, int iterations, double *first, double *last)
{
  MwRng rng;
  mw_rng_init (&rng, 99, 1);
  for (int it = 0; it < iterations; it++)
    {
      MwStepStats st;
      GError *error = NULL;
      g_assert_true (mw_algorithm_train_step (a, &gen->source, it, iterations, &rng, &st, &error));
      g_assert_no_error (error);
      g_assert_true (isnan (st.accuracy));
      if (it == 0)
        *first = st.loss;
      *last = st.loss;
    }
}

/* E[y²] over the query points of the test tasks: the MSE of predicting zero. */
static double
zero_baseline (MwTaskGen *gen, int episodes, uint64_t seed)
{
  double s = 0;
  long n = 0;
  for (int e = 0; e < episodes; e++)
    {
      MwRng rng;
      mw_rng_init (&rng, seed, (uint64_t) e);
      MwTask task;
      g_assert_true (mw_task_gen_next (gen, 1, 5, 50, &rng, &task, NULL));
      for (size_t i = 0; i < task.query_y->numel; i++, n++)
        s += (double) task.query_y->data[i] * task.query_y->data[i];
    }
  return s / (double) n;
}

static void
test_learns (gconstpointer data)
{
  MwAlgorithmKind kind = GPOINTER_TO_INT (data);
  MwTaskGen *gen = mw_task_gen_new_sinusoid (10, 10);
  MwAlgorithm *a = make_learner (kind, gen, 3);
  mw_algorithm_set_workers (a, 2);
  const int iterations = 1500, episodes = sanitized () ? 64 : 200;
  double first, last;
  train (a, gen, iterations, &first, &last);
  MwTaskGen *test = mw_task_gen_new_sinusoid (5, 50);
  MwEvalResult r;
  GError *error = NULL;
  g_assert_true (mw_evaluate (a, test, 1, 5, 50, 0, episodes, 4242, NULL, NULL, &r, &error));
  g_assert_no_error (error);
  double zero = zero_baseline (test, episodes, 4242);
  /* The best single Gaussian for all points: N(0, E[y²]). */
  double zero_nll = 0.5 * log (2 * G_PI * zero) + 0.5;
  g_test_message ("%s: training loss %.3f → %.3f; test MSE %.3f ± %.3f (predict zero: %.3f), "
                  "NLL %.3f ± %.3f (N(0, E[y²]): %.3f), coverage 50/90/95%%: %.3f %.3f %.3f",
                  mw_algorithm_kind_name (kind), first, last, r.loss[0], r.loss_ci[0], zero,
                  r.nll, r.nll_ci, zero_nll, r.coverage[0], r.coverage[1], r.coverage[2]);
  g_assert_cmpint (r.steps, ==, 0);
  g_assert_cmpfloat (last, <, first);
  g_assert_cmpfloat (r.loss[0], <, 0.5 * zero);
  g_assert_true (isfinite (r.nll));
  g_assert_cmpfloat (r.nll, <, zero_nll);
  for (int l = 0; l < MW_COVERAGE_LEVELS; l++)
    {
      g_assert_cmpfloat (r.coverage[l], >=, 0.0);
      g_assert_cmpfloat (r.coverage[l], <=, 1.0);
      if (l > 0)
        g_assert_cmpfloat (r.coverage[l], >=, r.coverage[l - 1]);
    }
  mw_eval_result_clear (&r);
  mw_task_gen_free (test);
  mw_algorithm_free (a);
  mw_task_gen_free (gen);
}

/* ---- gradients of the training loss ---- */

/* Which parameters the check varies (the others stay the model's): the output heads,
 * the latent heads' biases (through the sample z and the KL), and the encoder's last
 * bias (through the mean aggregation). */
static const char *const varied[] = { "decoder.mean.weight", "decoder.sigma.weight",
                                      "encoder.layer3.bias", "latent.mean.bias",
                                      "latent.sigma.bias" };

typedef struct {
  MwModel *model;
  MwTask task;
  int index[G_N_ELEMENTS (varied)];
  int n;
} LossCase;

static MwTensor *
f_learner_loss (MwTape *t, MwTensor **x, const void *c)
{
  const LossCase *lc = c;
  MwTensor **p = mw_tape_alloc (t, sizeof (MwTensor *) * (size_t) lc->model->n_params);
  memcpy (p, lc->model->params, sizeof (MwTensor *) * (size_t) lc->model->n_params);
  for (int i = 0; i < lc->n; i++)
    p[lc->index[i]] = mw_scale (t, x[i], 0.1f);   /* inputs are N(0, 1): keep weights small */
  MwRng rng;
  mw_rng_init (&rng, 5, 6);
  return mw_np_loss (t, lc->model, p, &lc->task, &rng);
}

static void
test_loss_gradients (gconstpointer data)
{
  gboolean latent = GPOINTER_TO_INT (data);
  MwRng rng;
  mw_rng_init (&rng, 11, 0);
  LossCase lc = { mw_np_model_new (1, latent, &rng) };
  MwTaskGen *gen = mw_task_gen_new_sinusoid (4, 3);
  g_assert_true (mw_task_gen_next (gen, 1, 4, 3, &rng, &lc.task, NULL));
  GcInput in[G_N_ELEMENTS (varied)];
  for (size_t v = 0; v < G_N_ELEMENTS (varied); v++)
    for (int i = 0; i < lc.model->n_params; i++)
      if (g_str_equal (lc.model->param_names[i], varied[v]))
        {
          MwTensor *pt = lc.model->params[i];
          in[lc.n] = (GcInput) { pt->ndim, { pt->shape[0], pt->ndim > 1 ? pt->shape[1] : 0 } };
          lc.index[lc.n++] = i;
        }
  g_assert_cmpint (lc.n, ==, latent ? 5 : 3);
  GcReport r1 = { 0 }, r2 = { 0 };
  const char *name = latent ? "np loss" : "cnp loss";
  int f1 = gc_check_first (name, f_learner_loss, &lc, in, lc.n, 31, &r1);
  int f2 = gc_check_second (name, f_learner_loss, &lc, in, lc.n, 32, &r2);
  g_test_message ("%s: first order %d checked, worst rel %.2e; second order %d checked, worst rel %.2e",
                  name, r1.checked, r1.max_rel_error, r2.checked, r2.max_rel_error);
  g_assert_cmpint (r1.checked, >, 0);
  g_assert_cmpint (f1, ==, 0);
  g_assert_cmpint (f2, ==, 0);
  mw_task_gen_free (gen);
  mw_model_free (lc.model);
}

/* ---- the same bits ---- */

static void
state_bytes (MwAlgorithm *a, GByteArray *out)
{
  for (int i = 0; i < mw_algorithm_state_count (a); i++)
    {
      size_t n;
      float *d = mw_algorithm_state_data (a, i, &n);
      g_byte_array_append (out, (const guint8 *) d, (guint) (n * sizeof (float)));
    }
}

static void
test_reproducible (void)
{
  GByteArray *bytes[2] = { g_byte_array_new (), g_byte_array_new () };
  double nll[2];
  for (int run = 0; run < 2; run++)
    {
      MwTaskGen *gen = mw_task_gen_new_sinusoid (10, 10);
      MwAlgorithm *a = make_learner (MW_ALGO_NP, gen, 8);
      mw_algorithm_set_workers (a, run == 0 ? 1 : 3);
      double first, last;
      train (a, gen, 5, &first, &last);
      state_bytes (a, bytes[run]);
      MwEvalResult r;
      g_assert_true (mw_evaluate (a, gen, 1, 5, 20, 0, 20, 1, NULL, NULL, &r, NULL));
      nll[run] = r.nll;
      mw_eval_result_clear (&r);
      mw_algorithm_free (a);
      mw_task_gen_free (gen);
    }
  g_assert_cmpuint (bytes[0]->len, ==, bytes[1]->len);
  g_assert_cmpmem (bytes[0]->data, bytes[0]->len, bytes[1]->data, bytes[1]->len);
  g_assert_cmpfloat (nll[0], ==, nll[1]);
  g_byte_array_unref (bytes[0]);
  g_byte_array_unref (bytes[1]);
}

/* ---- the predictive ---- */

static void
test_predictive (void)
{
  MwTaskGen *gen = mw_task_gen_new_sinusoid (10, 10);
  MwAlgorithm *cnp = make_learner (MW_ALGO_CNP, gen, 2), *np = make_learner (MW_ALGO_NP, gen, 2);
  MwRng rng;
  mw_rng_init (&rng, 12, 0);
  MwTask task;
  g_assert_true (mw_task_gen_next (gen, 1, 3, 7, &rng, &task, NULL));
  MwPredictive p, q, c;
  g_assert_true (mw_algorithm_predict (np, task.support_x, task.support_y, task.query_x, 6, 77, &p));
  g_assert_true (mw_algorithm_predict (np, task.support_x, task.support_y, task.query_x, 6, 77, &q));
  g_assert_true (mw_algorithm_predict (cnp, task.support_x, task.support_y, task.query_x, 6, 77, &c));
  g_assert_cmpint (p.n_targets, ==, 7);
  g_assert_cmpint (p.n_components, ==, 6);
  g_assert_cmpint (c.n_components, ==, 1);
  g_assert_cmpmem (p.mean, sizeof (float) * 42, q.mean, sizeof (float) * 42);
  g_assert_cmpmem (p.sigma, sizeof (float) * 42, q.sigma, sizeof (float) * 42);
  /* Sampled functions differ (a fresh NP's σz is about 0.55). */
  g_assert_cmpfloat (p.mean[0], !=, p.mean[7]);
  for (int i = 0; i < 7; i++)
    {
      g_assert_cmpfloat (c.sigma[i], >=, 0.1f);
      g_assert_cmpfloat (mw_predictive_sd (&p, i), >=, 0.1);
      /* The CDF at the mean of one Gaussian is ½; NLL is −log of the density. */
      g_assert_cmpfloat_with_epsilon (mw_predictive_cdf (&c, i, c.mean[i]), 0.5, 1e-12);
      double want = log (c.sigma[i]) + 0.5 * log (2 * G_PI);
      g_assert_cmpfloat_with_epsilon (mw_predictive_nll (&c, i, c.mean[i]), want, 1e-9);
    }
  /* The mixture's moments by their definitions. */
  double m = 0, m2 = 0;
  for (int s = 0; s < 6; s++)
    {
      m += p.mean[s * 7 + 2];
      m2 += (double) p.mean[s * 7 + 2] * p.mean[s * 7 + 2] + (double) p.sigma[s * 7 + 2] * p.sigma[s * 7 + 2];
    }
  m /= 6;
  m2 /= 6;
  g_assert_cmpfloat_with_epsilon (mw_predictive_mean (&p, 2), m, 1e-9);
  g_assert_cmpfloat_with_epsilon (mw_predictive_sd (&p, 2), sqrt (m2 - m * m), 1e-6);
  mw_predictive_clear (&p);
  mw_predictive_clear (&q);
  mw_predictive_clear (&c);
  /* A learner without a predictive says so. */
  MwAlgorithmConfig cfg;
  mw_algorithm_config_defaults (&cfg, MW_ALGO_MAML);
  MwAlgorithm *maml = mw_algorithm_new (&cfg, &gen->source, 1, NULL);
  g_assert_false (mw_algorithm_has_predictive (maml));
  g_assert_false (mw_algorithm_predict (maml, task.support_x, task.support_y, task.query_x, 4, 1, &p));
  mw_algorithm_free (maml);
  mw_algorithm_free (cnp);
  mw_algorithm_free (np);
  mw_task_gen_free (gen);
}

/* ---- the preset ---- */

static void
test_preset (gconstpointer data)
{
  MwAlgorithmKind kind = GPOINTER_TO_INT (data);
  MwExperimentConfig c;
  mw_experiment_config_init (&c, kind);
  /* It cannot classify: it starts on the sinusoid. */
  g_assert_cmpint (c.data, ==, MW_DATA_SINUSOID);
  g_assert_true (mw_experiment_config_validate (&c, NULL));
  GError *error = NULL;
  g_assert_true (mw_experiment_config_preset (&c, kind, "sinusoid", &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.data, ==, MW_DATA_SINUSOID);
  g_assert_cmpfloat (c.algo.meta_lr, ==, 1e-4f);
  g_assert_cmpint (c.algo.meta_batch, ==, 16);
  g_assert_cmpint (c.test_steps, ==, 0);
  g_assert_cmpint (mw_experiment_train_shots (&c), ==, 10);
  g_assert_true (mw_experiment_config_validate (&c, NULL));
  /* Its runs chart an NLL. */
  guint n;
  const MwMetricSpec *specs = mw_metric_specs (&c, &n);
  const MwMetricSpec *nll = mw_metric_spec_find (specs, n, "val_nll");
  g_assert_nonnull (nll);
  g_assert_true (nll->charted && nll->unit == MW_METRIC_UNIT_NLL);
  g_assert_nonnull (mw_metric_spec_find (specs, n, "val_coverage_90"));
  mw_experiment_config_clear (&c);
  /* On images it is refused with a message. */
  mw_experiment_config_init (&c, kind);
  c.data = MW_DATA_GLYPHS;
  g_assert_false (mw_experiment_config_validate (&c, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  mw_experiment_config_clear (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/neural-process/learns/cnp", GINT_TO_POINTER (MW_ALGO_CNP), test_learns);
  g_test_add_data_func ("/neural-process/learns/np", GINT_TO_POINTER (MW_ALGO_NP), test_learns);
  g_test_add_data_func ("/neural-process/loss-gradients/cnp", GINT_TO_POINTER (FALSE), test_loss_gradients);
  g_test_add_data_func ("/neural-process/loss-gradients/np", GINT_TO_POINTER (TRUE), test_loss_gradients);
  g_test_add_func ("/neural-process/reproducible", test_reproducible);
  g_test_add_func ("/neural-process/predictive", test_predictive);
  g_test_add_data_func ("/neural-process/preset/cnp", GINT_TO_POINTER (MW_ALGO_CNP), test_preset);
  g_test_add_data_func ("/neural-process/preset/np", GINT_TO_POINTER (MW_ALGO_NP), test_preset);
  return g_test_run ();
}
