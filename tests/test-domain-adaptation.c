/* test-domain-adaptation.c: the domain-adaptation hook of the training step
 * (mw-domain-step.c) and its settings (mw-domain-adaptation.c).
 *
 * A ProtoNets run on glyphs adapting to inverted glyphs trains, reports its domain
 * series (the discriminator's accuracy for DANN, MMD² for MMD) and is bit-reproducible;
 * a meta-batch on two threads gives the same learner as on one; it continues from a
 * checkpoint to the same weights as without stopping (the discriminator is in the
 * checkpoint); the target's labels are never read (its images
 * in one class give the same training); bad settings are refused naming the setting. */
#include "mw-experiment.h"
#include "mw-image-pool.h"
#include "mw-metric-spec.h"
#include "mw-run.h"
#include "mw-target.h"
#include "mw-task-gen.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

enum { ITERATIONS = 6 };

static void
config_with (MwExperimentConfig *c, MwAlgorithmKind kind, const char *const *settings)
{
  mw_experiment_config_init (c, kind);
  c->glyph_classes = 20;
  c->glyph_samples = 6;
  c->algo.filters = 8;
  c->iterations = ITERATIONS;
  c->val_episodes = 2;
  c->test_episodes = 2;
  c->queries = 2;
  c->algo.pretrain_batch = 16;
  for (int i = 0; settings[i] != NULL; i += 2)
    {
      GError *error = NULL;
      g_assert_true (mw_experiment_config_set (c, settings[i], settings[i + 1], &error));
      g_assert_no_error (error);
    }
}

/* Trains n steps of run; the domain measures of each step go to measure[]. */
static void
train (MwRun *run, int n, double *measure, gboolean mmd)
{
  for (int i = 0; i < n; i++)
    {
      MwStepStats st;
      GError *error = NULL;
      g_assert_true (mw_run_train_step (run, &st, &error));
      g_assert_no_error (error);
      g_assert_true (isfinite (st.loss));
      measure[i] = mmd ? st.mmd2 : st.domain_accuracy;
      g_assert_true (isnan (mmd ? st.domain_accuracy : st.mmd2));
    }
}

/* Whether a and b's learners hold the same state, to the bit. */
static gboolean
same_state (MwRun *a, MwRun *b)
{
  MwAlgorithm *la = mw_run_get_algorithm (a), *lb = mw_run_get_algorithm (b);
  int n = mw_algorithm_state_count (la);
  if (n != mw_algorithm_state_count (lb))
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      size_t na, nb;
      float *da = mw_algorithm_state_data (la, i, &na), *db = mw_algorithm_state_data (lb, i, &nb);
      if (na != nb || memcmp (da, db, na * sizeof (float)) != 0)
        return FALSE;
    }
  return TRUE;
}

static int
count_head_state (MwRun *run)
{
  MwAlgorithm *a = mw_run_get_algorithm (run);
  int n = 0;
  for (int i = 0; i < mw_algorithm_state_count (a); i++)
    n += g_str_has_prefix (mw_algorithm_state_name (a, i), "domain-head.");
  return n;
}

static void
check_method (MwAlgorithmKind kind, const char *method)
{
  gboolean mmd = g_str_equal (method, "mmd");
  const char *const settings[] = { "target-dataset", "glyphs", "target-shift", "inverted",
                                   "domain-adaptation", method, NULL };
  MwExperimentConfig c;
  config_with (&c, kind, settings);
  GError *error = NULL;
  g_assert_true (mw_experiment_config_validate (&c, &error));
  g_assert_no_error (error);
  /* The series the charts and metrics.csv get. */
  guint n_specs;
  const MwMetricSpec *specs = mw_metric_specs (&c, &n_specs);
  const MwMetricSpec *spec = mw_metric_spec_find (specs, n_specs,
                                                  mmd ? "train_mmd2" : "train_domain_accuracy");
  g_assert_nonnull (spec);
  g_assert_true (spec->charted);

  MwRun *a = mw_run_new (&c, &error), *b = mw_run_new (&c, &error);
  g_assert_no_error (error);
  double ma[ITERATIONS], mb[ITERATIONS];
  train (a, ITERATIONS, ma, mmd);
  train (b, ITERATIONS, mb, mmd);
  for (int i = 0; i < ITERATIONS; i++)
    {
      g_test_message ("%s %s step %d: %s %g", mw_algorithm_kind_name (kind), method, i,
                      mmd ? "MMD²" : "discriminator accuracy", ma[i]);
      g_assert_true (isfinite (ma[i]));
      g_assert_true (mmd ? ma[i] > -1 : ma[i] >= 0 && ma[i] <= 1);
      g_assert_cmpmem (&ma[i], sizeof ma[i], &mb[i], sizeof mb[i]);
    }
  g_assert_true (same_state (a, b));
  g_assert_cmpint (count_head_state (a), ==, mmd ? 0 : 4);

  /* Stopping at a checkpoint and continuing gives the same learner. */
  g_autofree char *dir = g_dir_make_tmp ("mw-da-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "checkpoint.mwc", NULL);
  MwRun *first = mw_run_new (&c, &error);
  double m[ITERATIONS];
  train (first, ITERATIONS / 2, m, mmd);
  g_assert_true (mw_run_save_checkpoint (first, path, &error));
  g_assert_no_error (error);
  mw_run_free (first);
  MwRun *resumed = mw_run_new_from_checkpoint (path, &error);
  g_assert_no_error (error);
  train (resumed, ITERATIONS - ITERATIONS / 2, m, mmd);
  g_assert_true (same_state (a, resumed));
  g_assert_cmpmem (&m[ITERATIONS - ITERATIONS / 2 - 1], sizeof (double), &ma[ITERATIONS - 1],
                   sizeof (double));
  mw_run_free (resumed);
  g_unlink (path);
  g_rmdir (dir);

  /* Without adaptation the learner differs (the term does act). */
  MwExperimentConfig plain;
  mw_experiment_config_copy (&plain, &c);
  plain.algo.domain_adaptation = MW_DOMAIN_ADAPT_NONE;
  MwRun *p = mw_run_new (&plain, &error);
  for (int i = 0; i < ITERATIONS; i++)
    {
      MwStepStats st;
      g_assert_true (mw_run_train_step (p, &st, &error));
      g_assert_true (isnan (st.domain_accuracy) && isnan (st.mmd2));
    }
  g_assert_false (same_state (a, p));
  mw_run_free (p);
  mw_experiment_config_clear (&plain);
  mw_run_free (a);
  mw_run_free (b);
  mw_experiment_config_clear (&c);
}

static void
test_protonet_dann (void)
{
  check_method (MW_ALGO_PROTONET, "dann");
}

static void
test_protonet_mmd (void)
{
  check_method (MW_ALGO_PROTONET, "mmd");
}

static void
test_finetune_cdan (void)
{
  check_method (MW_ALGO_FINETUNE, "cdan");
}

/* The tasks of a meta-batch on two threads: the same learner as on one (each task's
 * target batch and measure depend on its index, not on the thread). */
static void
test_threads (void)
{
  const char *const settings[] = { "target-dataset", "glyphs", "target-shift", "inverted",
                                   "domain-adaptation", "dann", "meta-batch", "3", NULL };
  MwExperimentConfig c;
  config_with (&c, MW_ALGO_PROTONET, settings);
  GError *error = NULL;
  c.threads = 1;
  MwRun *one = mw_run_new (&c, &error);
  c.threads = 2;
  MwRun *two = mw_run_new (&c, &error);
  g_assert_no_error (error);
  double m1[ITERATIONS], m2[ITERATIONS];
  train (one, ITERATIONS, m1, FALSE);
  train (two, ITERATIONS, m2, FALSE);
  g_assert_cmpmem (m1, sizeof m1, m2, sizeof m2);
  g_assert_true (same_state (one, two));
  mw_run_free (one);
  mw_run_free (two);
  mw_experiment_config_clear (&c);
}

/* Trains ITERATIONS steps of c's learner on the target images of pool; its state. */
static MwRun *
train_with_pool (const MwExperimentConfig *c, const MwImagePool *pool)
{
  GError *error = NULL;
  MwRun *run = mw_run_new (c, &error);
  g_assert_no_error (error);
  MwAlgorithm *algo = mw_run_get_algorithm (run);
  mw_algorithm_set_target (algo, pool, c->seed);
  MwRng rng;
  mw_rng_init (&rng, c->seed, 1);
  MwTaskSource *source = &mw_run_get_task_gen (run, "train")->source;
  for (int i = 0; i < ITERATIONS; i++)
    {
      MwStepStats st;
      g_assert_true (mw_algorithm_train_step (algo, source, i, ITERATIONS, &rng, &st, &error));
      g_assert_no_error (error);
    }
  return run;
}

/* The target's images with their classes, and the same images all in one class with no
 * names: the same training, to the bit. */
static void
test_target_labels_unread (void)
{
  const char *const settings[] = { "target-dataset", "glyphs", "target-shift", "inverted",
                                   "domain-adaptation", "dann", NULL };
  MwExperimentConfig c;
  config_with (&c, MW_ALGO_PROTONET, settings);
  MwTarget target;
  GError *error = NULL;
  g_assert_true (mw_target_load (&c, &target, &error));
  MwDataRequest r;
  MwDataKind kind;
  g_assert_true (mw_experiment_target_request (&c, &kind, &r));
  MwDataResult loaded;
  g_assert_true (mw_data_load (kind, &r, &loaded, &error));
  MwDataset *one_class = g_steal_pointer (&loaded.train);
  g_assert_cmpint (one_class->n_classes, >, 1);
  for (int k = 0; k < one_class->n_classes; k++)
    g_clear_pointer (&one_class->class_names[k], g_free);
  one_class->class_names[0] = g_strdup ("?");
  one_class->class_start[1] = one_class->n_entries;
  one_class->n_classes = 1;
  MwImagePool *unlabelled = mw_image_pool_new_take (one_class, &error);
  g_assert_nonnull (unlabelled);
  MwRun *a = train_with_pool (&c, target.unlabelled), *b = train_with_pool (&c, unlabelled);
  g_assert_true (same_state (a, b));
  mw_run_free (a);
  mw_run_free (b);
  mw_image_pool_free (unlabelled);
  mw_data_result_clear (&loaded);
  mw_target_clear (&target);
  mw_experiment_config_clear (&c);
}

static void
test_refused (void)
{
  struct {
    MwAlgorithmKind kind;
    const char *settings[9];
    const char *needle;
  } bad[] = {
    { MW_ALGO_PROTONET, { "domain-adaptation", "dann", NULL },
      "domain-adaptation=dann needs a target" },
    { MW_ALGO_FOMAML, { "target-dataset", "glyphs", "target-shift", "inverted",
                        "domain-adaptation", "mmd", NULL },
      "has no place for it" },
    { MW_ALGO_REPTILE, { "target-dataset", "glyphs", "target-shift", "inverted",
                         "domain-adaptation", "dann", NULL },
      "Reptile" },
    { MW_ALGO_PROTONET, { "target-dataset", "glyphs", "target-shift", "inverted",
                          "domain-adaptation", "cdan", NULL },
      "domain-adaptation=cdan conditions on the fine-tune baseline's" },
    { MW_ALGO_PROTONET, { "target-dataset", "glyphs", "target-shift", "inverted",
                          "domain-adaptation", "mmd", "queries", "500", NULL },
      "domain-adaptation=mmd compares a step's" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      MwExperimentConfig c;
      config_with (&c, bad[i].kind, bad[i].settings);
      GError *error = NULL;
      g_assert_false (mw_experiment_config_validate (&c, &error));
      g_assert_nonnull (error);
      g_test_message ("refused: %s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].needle));
      g_error_free (error);
      mw_experiment_config_clear (&c);
    }
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_PROTONET);
  g_assert_cmpint (c.algo.domain_adaptation, ==, MW_DOMAIN_ADAPT_NONE);
  g_assert_cmpfloat (c.algo.da_weight, ==, 1.0f);
  GError *error = NULL;
  g_assert_false (mw_experiment_config_set (&c, "domain-adaptation", "coral", &error));
  g_assert_nonnull (strstr (error->message, "domain-adaptation"));
  g_clear_error (&error);
  g_assert_false (mw_experiment_config_set (&c, "da-weight", "0", &error));
  g_assert_nonnull (strstr (error->message, "da-weight"));
  g_clear_error (&error);
  g_assert_false (mw_experiment_config_set (&c, "da-weight", "1000", &error));
  g_assert_nonnull (strstr (error->message, "da-weight"));
  g_clear_error (&error);
  /* The settings survive the experiment file. */
  g_assert_true (mw_experiment_config_set (&c, "da-weight", "0.3", &error));
  g_assert_true (mw_experiment_config_set (&c, "domain-adaptation", "mmd", &error));
  g_autofree char *text = mw_experiment_config_to_data (&c);
  MwExperimentConfig back;
  mw_experiment_config_init (&back, MW_ALGO_PROTONET);
  g_assert_true (mw_experiment_config_load_data (&back, text, &error));
  g_assert_no_error (error);
  g_assert_cmpint (back.algo.domain_adaptation, ==, MW_DOMAIN_ADAPT_MMD);
  g_assert_cmpfloat (back.algo.da_weight, ==, 0.3f);
  mw_experiment_config_clear (&back);
  mw_experiment_config_clear (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/domain-adaptation/refused", test_refused);
  g_test_add_func ("/domain-adaptation/protonet-dann", test_protonet_dann);
  g_test_add_func ("/domain-adaptation/protonet-mmd", test_protonet_mmd);
  g_test_add_func ("/domain-adaptation/finetune-cdan", test_finetune_cdan);
  g_test_add_func ("/domain-adaptation/threads", test_threads);
  g_test_add_func ("/domain-adaptation/target-labels-unread", test_target_labels_unread);
  return g_test_run ();
}
