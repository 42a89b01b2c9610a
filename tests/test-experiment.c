/* test-experiment.c: experiment files, settings validation, checkpoints and resuming. */
#include "mw-core.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static MwExperimentConfig
small_config (MwAlgorithmKind kind)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, kind);
  c.glyph_classes = 30;
  c.glyph_samples = 12;
  c.algo.meta_batch = 2;
  c.algo.filters = 8;
  c.threads = 1;
  c.iterations = 6;
  return c;
}

static void
test_file_round_trip (void)
{
  MwExperimentConfig c = small_config (MW_ALGO_REPTILE), d = { 0 };
  c.algo.inner_lr = 0.00123f;
  c.seed = 987654321987ULL;
  g_free (c.name);
  c.name = g_strdup ("Reptile, 名字 with = and ; signs");
  c.algo.bn_mode = MW_BN_RUNNING;
  g_autofree char *text = mw_experiment_config_to_data (&c);
  GError *error = NULL;
  g_assert_true (mw_experiment_config_load_data (&d, text, &error));
  g_assert_no_error (error);
  g_autofree char *again = mw_experiment_config_to_data (&d);
  g_assert_cmpstr (text, ==, again);
  g_assert_cmpint (d.algo.kind, ==, MW_ALGO_REPTILE);
  g_assert_cmpfloat (d.algo.inner_lr, ==, 0.00123f);
  g_assert_cmpuint (d.seed, ==, 987654321987ULL);
  g_assert_cmpstr (d.name, ==, c.name);
  /* Values are written in their shortest exact form: readable, and still bit-exact. */
  g_assert_nonnull (strstr (text, "inner-lr=0.00123\n"));
  g_assert_nonnull (strstr (text, "train-fraction=0.7\n"));
  mw_experiment_config_clear (&d);
  c.algo.meta_lr = nextafterf (0.001f, 1.0f);      /* needs all nine digits */
  c.train_fraction = 0.1 + 0.2;                     /* needs all seventeen */
  g_free (text);
  text = mw_experiment_config_to_data (&c);
  g_assert_true (mw_experiment_config_load_data (&d, text, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (d.algo.meta_lr, ==, c.algo.meta_lr);
  g_assert_cmpfloat (d.train_fraction, ==, c.train_fraction);
  mw_experiment_config_clear (&c);
  mw_experiment_config_clear (&d);
}

/* A file needs only what differs from the algorithm's defaults; typos are errors. */
static void
test_file_errors (void)
{
  MwExperimentConfig c = { 0 };
  GError *error = NULL;
  g_assert_true (mw_experiment_config_load_data (&c, "[experiment]\nalgorithm=protonet\n[episodes]\nways=7\n", &error));
  g_assert_cmpint (c.algo.kind, ==, MW_ALGO_PROTONET);
  g_assert_cmpint (c.ways, ==, 7);
  g_assert_false (mw_experiment_config_load_data (&c, "[training]\ninner-lr=0.1\ninner_lr=0.2\n", &error));
  g_assert_nonnull (strstr (error->message, "inner_lr"));
  g_clear_error (&error);
  g_assert_false (mw_experiment_config_load_data (&c, "[training]\ninner-lr=fast\n", &error));
  g_assert_nonnull (strstr (error->message, "inner-lr"));
  g_clear_error (&error);
  g_assert_false (mw_experiment_config_load_data (&c, "[experiment]\nalgorithm=magic\n", &error));
  g_assert_nonnull (strstr (error->message, "magic"));
  g_clear_error (&error);
  mw_experiment_config_clear (&c);
}

/* Values set in the struct (as the window's form does) meet the table's bounds too,
 * and a run too large for the machine is refused before anything is allocated. */
static void
test_bounds (void)
{
  MwExperimentConfig c = small_config (MW_ALGO_MAML);
  GError *error = NULL;

  c.algo.meta_batch = 1000000;
  g_assert_null (mw_run_new (&c, &error));
  g_test_message ("meta-batch 1000000: %s", error->message);
  g_assert_nonnull (strstr (error->message, "meta-batch"));
  g_assert_nonnull (strstr (error->message, "10000"));
  g_clear_error (&error);
  c.algo.meta_batch = 2;
  c.algo.finetune_lr = -1;
  g_assert_null (mw_run_new (&c, &error));
  g_assert_nonnull (strstr (error->message, "finetune-lr"));
  g_clear_error (&error);
  c.algo.finetune_lr = 0.01f;

  /* Each within its bounds, together most of a terabyte. */
  c.algo.meta_batch = 10000;
  c.ways = 20;
  c.queries = 15;
  c.glyph_samples = 16;
  c.image_size = 256;
  c.algo.filters = 512;
  g_assert_true (mw_experiment_config_validate (&c, NULL));
  MwMemoryEstimate e;
  mw_memory_estimate (&c, &e);
  g_assert_cmpfloat (e.total, >, 5e11);
  g_assert_null (mw_run_new (&c, &error));
  g_test_message ("too large: %s", error->message);
  g_assert_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS);
  g_assert_nonnull (strstr (error->message, "meta-batch 10000"));
  g_clear_error (&error);
  /* The same settings small enough pass, and a limit below their estimate refuses. */
  c.algo.meta_batch = 2;
  c.image_size = 28;
  c.algo.filters = 8;
  g_assert_true (mw_memory_check (&c, 0, NULL));
  g_assert_false (mw_memory_check (&c, 1000, &error));
  g_assert_nonnull (strstr (error->message, "--max-memory"));
  g_clear_error (&error);
  mw_experiment_config_clear (&c);
}

/* Impossible settings are refused before any data is loaded, naming the setting. */
static void
test_validation (void)
{
  struct { MwAlgorithmKind kind; const char *key, *value, *expect; } bad[] = {
    { MW_ALGO_MAML, "ways", "1", "ways" },
    { MW_ALGO_MAML, "shots", "0", "shots" },
    { MW_ALGO_MAML, "train-ways", "10", "train-ways" },
    { MW_ALGO_PROTONET, "dataset", "sinusoid", "regression" },
    { MW_ALGO_MAML, "dataset", "omniglot", "path" },
    { MW_ALGO_MAML, "image-size", "8", "image-size" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      MwExperimentConfig c = small_config (bad[i].kind);
      GError *error = NULL;
      /* Out of the setting's bounds: refused at once; otherwise when the run is made. */
      if (mw_experiment_config_set (&c, bad[i].key, bad[i].value, &error))
        g_assert_null (mw_run_new (&c, &error));
      g_assert_nonnull (error);
      g_test_message ("%s=%s: %s", bad[i].key, bad[i].value, error->message);
      g_assert_nonnull (strstr (error->message, bad[i].expect));
      g_error_free (error);
      mw_experiment_config_clear (&c);
    }
  /* Episodes larger than the data: the class or setting is named. */
  MwExperimentConfig c = small_config (MW_ALGO_PROTONET);
  c.shots = 5;
  c.queries = 8;   /* 13 > 12 drawings per glyph */
  GError *error = NULL;
  g_assert_null (mw_run_new (&c, &error));
  g_test_message ("too few images: %s", error->message);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_TOO_SMALL);
  g_clear_error (&error);
  c.shots = 1;
  c.ways = 40;     /* more than the test classes */
  g_assert_null (mw_run_new (&c, &error));
  g_test_message ("too many ways: %s", error->message);
  g_assert_nonnull (error);
  g_clear_error (&error);
  mw_experiment_config_clear (&c);
}

static double
final_loss_after (MwRun *run)
{
  MwStepStats st = { NAN, NAN };
  while (!mw_run_is_finished (run))
    g_assert_true (mw_run_train_step (run, &st, NULL));
  MwEvalResult r;
  g_assert_true (mw_run_test (run, 5, NULL, NULL, &r, NULL));
  double v = st.loss * 1000 + r.loss[mw_eval_result_final_step (&r)];
  mw_eval_result_clear (&r);
  return v;
}

/* Stopping, saving and resuming gives exactly the same run as training straight
 * through, for every algorithm (optimiser moments, RNG and counters included). */
static void
test_checkpoint_resume (gconstpointer data)
{
  MwAlgorithmKind kind = GPOINTER_TO_INT (data);
  g_autofree char *dir = g_dir_make_tmp ("mw-ckpt-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.mwc", NULL);
  MwExperimentConfig c = small_config (kind);
  if (kind == MW_ALGO_FINETUNE)
    c.algo.finetune_steps = c.test_steps = 3;
  GError *error = NULL;

  MwRun *straight = mw_run_new (&c, &error);
  g_assert_no_error (error);
  double expected = final_loss_after (straight);
  mw_run_free (straight);

  MwRun *first = mw_run_new (&c, &error);
  MwStepStats st;
  for (int i = 0; i < 3; i++)
    g_assert_true (mw_run_train_step (first, &st, NULL));
  g_assert_true (mw_run_save_checkpoint (first, path, &error));
  g_assert_no_error (error);
  mw_run_free (first);
  MwRun *resumed = mw_run_new_from_checkpoint (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mw_run_get_iteration (resumed), ==, 3);
  double got = final_loss_after (resumed);
  g_test_message ("%s: straight %.9g, resumed %.9g", mw_algorithm_kind_name (kind), expected, got);
  g_assert_cmpfloat (got, ==, expected);
  mw_run_free (resumed);
  g_unlink (path);
  g_rmdir (dir);
  mw_experiment_config_clear (&c);
}

/* A damaged or foreign file is refused with a message, and changes nothing. */
static void
test_checkpoint_damage (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mw-ckpt-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.mwc", NULL);
  MwExperimentConfig c = small_config (MW_ALGO_MAML);
  GError *error = NULL;
  MwRun *run = mw_run_new (&c, &error);
  g_assert_true (mw_run_save_checkpoint (run, path, &error));
  g_autofree char *bytes = NULL;
  gsize len;
  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));

  /* One flipped bit in the middle. */
  bytes[len / 2] ^= 0x10;
  g_assert_true (g_file_set_contents (path, bytes, (gssize) len, NULL));
  g_assert_null (mw_checkpoint_load (path, NULL, &error));
  g_assert_error (error, MW_CHECKPOINT_ERROR, MW_CHECKPOINT_ERROR_FORMAT);
  g_test_message ("flipped bit: %s", error->message);
  g_clear_error (&error);
  bytes[len / 2] ^= 0x10;

  /* Truncated. */
  g_assert_true (g_file_set_contents (path, bytes, (gssize) len - 100, NULL));
  g_assert_null (mw_run_new_from_checkpoint (path, &error));
  g_assert_error (error, MW_CHECKPOINT_ERROR, MW_CHECKPOINT_ERROR_FORMAT);
  g_clear_error (&error);

  /* Not a checkpoint at all. */
  g_assert_true (g_file_set_contents (path, "[experiment]\nname=x\n", -1, NULL));
  g_assert_null (mw_checkpoint_load (path, NULL, &error));
  g_assert_error (error, MW_CHECKPOINT_ERROR, MW_CHECKPOINT_ERROR_FORMAT);
  g_clear_error (&error);

  /* A valid file from another model: refused, and the target keeps its weights. */
  g_assert_true (g_file_set_contents (path, bytes, (gssize) len, NULL));
  MwExperimentConfig other = small_config (MW_ALGO_MAML);
  other.algo.filters = 16;
  MwRun *run2 = mw_run_new (&other, &error);
  MwModel *m2 = mw_algorithm_get_model (mw_run_get_algorithm (run2));
  float before = m2->params[0]->data[0];
  g_assert_null (mw_checkpoint_load (path, mw_run_get_algorithm (run2), &error));
  g_assert_error (error, MW_CHECKPOINT_ERROR, MW_CHECKPOINT_ERROR_MISMATCH);
  g_test_message ("other model: %s", error->message);
  g_clear_error (&error);
  g_assert_cmpfloat (m2->params[0]->data[0], ==, before);

  mw_run_free (run);
  mw_run_free (run2);
  mw_experiment_config_clear (&c);
  mw_experiment_config_clear (&other);
  g_unlink (path);
  g_rmdir (dir);
}

/* A preset chooses the Vinyals splits only where none is set; splits and rotations
 * already set (by an experiment file or a handout) stay. */
static void
test_preset_keeps_splits (void)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_PROTONET);
  g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_PROTONET, "omniglot-5w1s", NULL));
  g_assert_cmpstr (c.train_split, ==, "vinyals-train");
  g_assert_cmpstr (c.val_split, ==, "vinyals-val");
  g_assert_cmpstr (c.test_split, ==, "vinyals-test");
  g_assert_cmpint (c.rotations, ==, -1);
  mw_experiment_config_clear (&c);

  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_load_data (&c, "[data]\ntrain-split=my/classes.txt\n"
                                                 "test-split=evaluation\nrotations=0\n", NULL));
  g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_MAML, "omniglot-20w5s", NULL));
  g_assert_cmpstr (c.train_split, ==, "my/classes.txt");
  /* Beside the user's training split the preset chooses no validation split (its
   * vinyals-val could share characters with it). */
  g_assert_cmpstr (c.val_split, ==, "");
  g_assert_cmpstr (c.test_split, ==, "evaluation");
  g_assert_cmpint (c.rotations, ==, 0);
  g_assert_cmpint (c.ways, ==, 20);
  mw_experiment_config_clear (&c);

  /* A preset of other data chooses no split and leaves those given. */
  const char *train, *val, *test;
  g_assert_false (mw_experiment_preset_splits ("sinusoid", &train, &val, &test));
  g_assert_true (mw_experiment_preset_splits ("omniglot-5w5s", &train, &val, &test));
  g_assert_cmpstr (test, ==, "vinyals-test");
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_set (&c, "rotations", "4", NULL));
  g_assert_true (mw_experiment_config_set (&c, "val-split", "background", NULL));
  g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_MAML, "sinusoid", NULL));
  g_assert_cmpstr (c.train_split, ==, "");
  g_assert_cmpstr (c.val_split, ==, "background");
  g_assert_cmpint (c.rotations, ==, 4);
  mw_experiment_config_clear (&c);
}

/* Every row of the algorithm and dataset tables is whole and does not contradict
 * itself: the program reads these capabilities instead of naming kinds. */
static void
test_tables (void)
{
  for (int k = 0; k < MW_ALGO_COUNT; k++)
    {
      const MwAlgorithmInfo *a = mw_algorithm_info (k);
      MwAlgorithmKind back;
      g_test_message ("algorithm %s", a->id);
      g_assert_true (*a->id && *a->title && *a->description && a->vtable != NULL);
      g_assert_true (mw_algorithm_kind_from_name (a->id, &back) && back == (MwAlgorithmKind) k);
      g_assert_true (a->classification || a->regression);
      g_assert_true (!a->metric || (!a->regression && !a->inner_loop && !a->own_head));
      g_assert_true (!a->amortised || (!a->metric && !a->inner_loop && !a->own_head));
      g_assert_true (!a->probabilistic || a->regression);
      g_assert_true (!a->second_order || a->inner_loop);
      g_assert_true (!a->tests_as_trained || a->inner_loop);
      g_assert_true (!a->pretrains || !a->own_head);
      g_assert_true (!a->serial_tasks || !a->distributable);
      /* Its defaults are in bounds and valid on the default data. */
      MwExperimentConfig c;
      mw_experiment_config_init (&c, k);
      g_assert_cmpint (c.algo.inner_steps, ==, a->inner_steps);
      g_assert_true (mw_experiment_config_validate (&c, NULL));
      mw_experiment_config_clear (&c);
    }
  for (int k = 0; k < MW_DATA_COUNT; k++)
    {
      const MwDataInfo *d = mw_data_info (k);
      MwDataKind back;
      g_test_message ("dataset %s", d->id);
      g_assert_true (*d->id && *d->title && *d->description);
      g_assert_true (mw_data_kind_from_name (d->id, &back) && back == (MwDataKind) k);
      g_assert_true (d->needs_path == (d->chooser_title != NULL));
      g_assert_true (!d->regression || (!d->needs_path && !d->has_alphabets && !d->colour));
      g_assert_true (!d->has_alphabets || d->named_splits);
      g_assert_cmpint (d->image_size, >=, 16);
      g_assert_cmpint (d->image_size, <=, 256);
      if (d->preset != NULL)
        {
          MwExperimentConfig c;
          mw_experiment_config_init (&c, MW_ALGO_MAML);
          g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_MAML, d->preset, NULL));
          g_assert_cmpint (c.data, ==, k);
          mw_experiment_config_clear (&c);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/experiment/file-round-trip", test_file_round_trip);
  g_test_add_func ("/experiment/file-errors", test_file_errors);
  g_test_add_func ("/experiment/validation", test_validation);
  g_test_add_func ("/experiment/bounds", test_bounds);
  g_test_add_func ("/experiment/preset-keeps-splits", test_preset_keeps_splits);
  g_test_add_func ("/experiment/tables", test_tables);
  for (int k = 0; k < MW_ALGO_COUNT; k++)
    {
      char *p = g_strdup_printf ("/experiment/checkpoint-resume/%s", mw_algorithm_kind_name (k));
      g_test_add_data_func (p, GINT_TO_POINTER (k), test_checkpoint_resume);
      g_free (p);
    }
  g_test_add_func ("/experiment/checkpoint-damage", test_checkpoint_damage);
  return g_test_run ();
}
