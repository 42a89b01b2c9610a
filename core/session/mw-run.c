/* mw-run.c: an experiment's data, learner and progress. */
#include "config.h"
#include "mw-run.h"

#include "mw-checkpoint.h"
#include "mw-memory-budget.h"
#include "mw-target.h"
#include "mw-threads.h"

#include <glib/gi18n-lib.h>
#include <string.h>

struct MwRun {
  MwExperimentConfig cfg;
  MwDataset *train, *val, *test;     /* val may be NULL: validation uses test */
  MwTaskGen *train_gen, *val_gen, *test_gen;
  MwAlgorithm *algo;
  MwRng rng;                         /* the stream of meta-training tasks */
  gint64 iteration, tasks_seen;
  double train_seconds;
  char *train_split, *test_split;    /* the named splits loaded, for messages, or NULL */
  char *split_note;                  /* how the recorded class split was used, or NULL */
  gboolean from_checkpoint;          /* made from a checkpoint (eval, --resume, the window) */
  MwPreprocess pre;                  /* how the learner's input images are made */
  /* Domain adaptation's target, loaded at the first training step (evaluating a
   * checkpoint never needs it). */
  MwTarget target;
  gboolean target_loaded;
};

/* The classes of each split as a checkpoint recorded them (NULL-terminated). */
typedef struct {
  char **train, **test;
  gboolean new_to_test;              /* classes the folder gained go to the test split */
} RecordedSplit;

static gboolean
load_data (MwRun *run, const RecordedSplit *split, GError **error)
{
  MwExperimentConfig *c = &run->cfg;
  const MwDataInfo *info = mw_data_info (c->data);
  if ((guint) c->data >= (guint) MW_DATA_COUNT)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS, _("unknown dataset"));
      return FALSE;
    }
  MwDataRequest request;
  mw_experiment_config_data_request (c, &request);
  if (split != NULL)
    {
      request.train_classes = split->train;
      request.test_classes = split->test;
      request.new_classes_to_test = split->new_to_test;
    }
  MwDataResult r;
  if (!mw_data_load (c->data, &request, &r, error))
    return FALSE;
  /* The datasets, the names of their splits and the note move to the run. */
  run->train = g_steal_pointer (&r.train);
  run->val = g_steal_pointer (&r.val);
  run->test = g_steal_pointer (&r.test);
  run->train_split = g_steal_pointer (&r.train_split);
  run->test_split = g_steal_pointer (&r.test_split);
  run->split_note = g_steal_pointer (&r.note);
  /* An invert setting of auto is replaced by the choice: checkpoints record it. */
  c->invert = r.invert;
  g_autofree char *val_split = g_steal_pointer (&r.val_split);
  mw_data_result_clear (&r);
  if (info->disjoint == NULL)
    return TRUE;
  /* A new run refuses splits that share what their classes show (the row's check).
   * A checkpoint made before the check still loads (its model exists), with a note
   * when its test overlaps. */
  GError *overlap = NULL;
  if (info->disjoint (run->train, "train-split", run->train_split, run->test, "test-split",
                      run->test_split, &overlap)
      && (run->val == NULL
          || info->disjoint (run->train, "train-split", run->train_split, run->val,
                             "val-split", val_split, &overlap)))
    return TRUE;
  if (!run->from_checkpoint)
    {
      g_propagate_error (error, overlap);
      return FALSE;
    }
  if (run->split_note == NULL && strstr (overlap->message, "test-split=") != NULL)
    run->split_note = g_strdup (overlap->message);
  g_error_free (overlap);
  return TRUE;
}

static MwRun *
run_new (const MwExperimentConfig *config, const RecordedSplit *split, gboolean from_checkpoint,
         GError **error)
{
  /* Settings that cannot fit in this machine's memory are refused before anything
   * is allocated, so the process (and the window's other runs) live on. */
  if (!mw_experiment_config_validate (config, error) || !mw_memory_check (config, 0, error))
    return NULL;
  MwRun *run = g_new0 (MwRun, 1);
  run->from_checkpoint = from_checkpoint;
  mw_experiment_config_copy (&run->cfg, config);
  MwExperimentConfig *c = &run->cfg;
  mw_core_set_threads (c->threads);
  if (!load_data (run, split, error))
    {
      mw_run_free (run);
      return NULL;
    }
  int tw = mw_experiment_train_ways (c), ts = mw_experiment_train_shots (c);
  int tq = mw_experiment_train_queries (c);
  if (mw_data_info (c->data)->regression)
    {
      run->train_gen = mw_task_gen_new_sinusoid (ts, tq);
      run->test_gen = mw_task_gen_new_sinusoid (c->shots, c->queries);
    }
  else if (mw_data_info (c->data)->points)
    {
      MwPlanarSpec spec;
      mw_experiment_config_planar_spec (c, &spec);
      run->train_gen = mw_task_gen_new_planar (&spec, ts, tq);
      run->test_gen = mw_task_gen_new_planar (&spec, c->shots, c->queries);
    }
  else
    {
      run->train_gen = mw_task_gen_new_dataset (run->train, tw, ts, tq);
      run->test_gen = mw_task_gen_new_dataset (run->test, c->ways, c->shots, c->queries);
      if (run->val)
        run->val_gen = mw_task_gen_new_dataset (run->val, c->ways, c->shots, c->queries);
      mw_task_gen_set_augment (run->train_gen, c->augment);
      if (c->episode_classes == MW_EPISODE_CLASSES_SAME_ALPHABET)
        {
          mw_task_gen_group_by_alphabet (run->train_gen);
          mw_task_gen_group_by_alphabet (run->test_gen);
          if (run->val_gen)
            mw_task_gen_group_by_alphabet (run->val_gen);
        }
      /* Impossible episode shapes are reported now, before any training. */
      /* One whole message per role, so translations need not assemble it. */
      const char *prefix = NULL;
      gboolean training = FALSE;
      if (!mw_task_gen_check (run->train_gen, tw, ts, tq, error))
        {
          prefix = _("%s: meta-training episodes (%d-way %d-shot %d-query): ");
          training = TRUE;
        }
      else if (!mw_task_gen_check (run->test_gen, c->ways, c->shots, c->queries, error))
        prefix = _("%s: test episodes (%d-way %d-shot %d-query): ");
      else if (run->val_gen && !mw_task_gen_check (run->val_gen, c->ways, c->shots, c->queries, error))
        prefix = _("%s: validation episodes (%d-way %d-shot %d-query): ");
      if (prefix != NULL)
        {
          g_autofree char *desc = mw_experiment_config_describe (c);
          g_prefix_error (error, prefix, desc, training ? tw : c->ways, training ? ts : c->shots,
                          training ? tq : c->queries);
          mw_run_free (run);
          return NULL;
        }
    }
  run->algo = mw_algorithm_new (&c->algo, &run->train_gen->source, c->seed, error);
  if (run->algo == NULL)
    {
      mw_run_free (run);
      return NULL;
    }
  mw_algorithm_set_workers (run->algo, c->threads);
  mw_rng_init (&run->rng, c->seed, 0x747261696eULL /* "train" */);
  mw_preprocess_from_config (&run->pre, c);
  if (run->train != NULL)
    mw_preprocess_measure (&run->pre, run->train, mw_data_info (c->data)->invert_setting);
  return run;
}

MwRun *
mw_run_new (const MwExperimentConfig *config, GError **error)
{
  return run_new (config, NULL, FALSE, error);
}

void
mw_run_free (MwRun *run)
{
  if (run == NULL)
    return;
  g_free (run->split_note);
  g_free (run->train_split);
  g_free (run->test_split);
  mw_algorithm_free (run->algo);
  mw_target_clear (&run->target);
  mw_task_gen_free (run->train_gen);
  mw_task_gen_free (run->val_gen);
  mw_task_gen_free (run->test_gen);
  if (run->train)
    mw_dataset_free (run->train);
  if (run->val)
    mw_dataset_free (run->val);
  if (run->test)
    mw_dataset_free (run->test);
  mw_experiment_config_clear (&run->cfg);
  g_free (run);
}

const MwExperimentConfig *
mw_run_get_config (const MwRun *run)
{
  return &run->cfg;
}

MwAlgorithm *
mw_run_get_algorithm (MwRun *run)
{
  return run->algo;
}

const MwDataset *
mw_run_get_dataset (const MwRun *run, const char *role)
{
  if (g_str_equal (role, "train"))
    return run->train;
  if (g_str_equal (role, "val"))
    return run->val ? run->val : run->test;
  return run->test;
}

MwTaskGen *
mw_run_get_task_gen (MwRun *run, const char *role)
{
  if (g_str_equal (role, "train"))
    return run->train_gen;
  if (g_str_equal (role, "val"))
    return run->val_gen ? run->val_gen : run->test_gen;
  return run->test_gen;
}

void
mw_run_set_threads (MwRun *run, int threads)
{
  run->cfg.threads = threads;
  mw_core_set_threads (threads);
  mw_algorithm_set_workers (run->algo, threads);
}

const MwPreprocess *
mw_run_get_preprocess (const MwRun *run)
{
  return &run->pre;
}

gboolean
mw_run_check_unseen (const MwRun *run, const MwDataset *test, const char *test_split,
                     GError **error)
{
  MwDataDisjoint disjoint = mw_data_info (run->cfg.data)->disjoint;
  if (disjoint == NULL || run->train == NULL || test == NULL)
    return TRUE;
  return disjoint (run->train, "train-split", run->train_split, test, "test-split", test_split,
                   error);
}

const char *
mw_run_get_split (const MwRun *run, const char *role)
{
  return g_str_equal (role, "train") ? run->train_split : run->test_split;
}

const char *
mw_run_get_split_note (const MwRun *run)
{
  return run->split_note;
}

gint64
mw_run_get_iteration (const MwRun *run)
{
  return run->iteration;
}

gint64
mw_run_get_tasks_seen (const MwRun *run)
{
  return run->tasks_seen;
}

double
mw_run_get_train_seconds (const MwRun *run)
{
  return run->train_seconds;
}

gboolean
mw_run_is_finished (const MwRun *run)
{
  return run->iteration >= run->cfg.iterations;
}

gboolean
mw_run_train_step (MwRun *run, MwStepStats *stats, GError **error)
{
  mw_core_thread_init ();
  if (mw_algorithm_adapts_domain (run->algo) && !run->target_loaded)
    {
      if (!mw_target_load (&run->cfg, &run->target, error))
        return FALSE;
      run->target_loaded = TRUE;
      mw_algorithm_set_target (run->algo, run->target.unlabelled, run->cfg.seed);
    }
  gint64 start = g_get_monotonic_time ();
  gboolean ok = mw_algorithm_train_step (run->algo, &run->train_gen->source, run->iteration,
                                         run->cfg.iterations, &run->rng, stats, error);
  run->train_seconds += (double) (g_get_monotonic_time () - start) / 1e6;
  if (ok)
    {
      run->iteration++;
      run->tasks_seen += run->cfg.algo.meta_batch;
    }
  return ok;
}

gboolean
mw_run_validate (MwRun *run, MwEvalProgress progress, gpointer user_data, MwEvalResult *result,
                 GError **error)
{
  const MwExperimentConfig *c = &run->cfg;
  return mw_evaluate (run->algo, mw_run_get_task_gen (run, "val"), c->ways, c->shots, c->queries,
                      c->test_steps, c->val_episodes, MW_VALIDATION_SEED, progress, user_data,
                      result, error);
}

gboolean
mw_run_test (MwRun *run, int episodes, MwEvalProgress progress, gpointer user_data,
             MwEvalResult *result, GError **error)
{
  const MwExperimentConfig *c = &run->cfg;
  return mw_evaluate (run->algo, run->test_gen, c->ways, c->shots, c->queries, c->test_steps,
                      episodes > 0 ? episodes : c->test_episodes, MW_TEST_SEED, progress,
                      user_data, result, error);
}

/* Class names as URI-escaped text: the header is UTF-8, folder names are bytes. */
static void
set_class_list (GKeyFile *kf, const char *key, const MwDataset *ds)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  for (int i = 0; i < ds->n_classes; i++)
    {
      g_autofree char *name = g_uri_escape_string (ds->class_names[i],
                                                   G_URI_RESERVED_CHARS_ALLOWED_IN_PATH, TRUE);
      g_strv_builder_add (b, name);
    }
  g_auto (GStrv) names = g_strv_builder_end (b);
  g_key_file_set_string_list (kf, "checkpoint", key, (const char *const *) names,
                              g_strv_length (names));
}

/* A recorded class list, unescaped; NULL when the checkpoint has none. */
static char **
get_class_list (GKeyFile *kf, const char *key)
{
  g_auto (GStrv) escaped = g_key_file_get_string_list (kf, "checkpoint", key, NULL, NULL);
  if (escaped == NULL)
    return NULL;
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  for (char **e = escaped; *e; e++)
    {
      g_autofree char *name = g_uri_unescape_string (*e, NULL);
      g_strv_builder_add (b, name ? name : *e);
    }
  return g_strv_builder_end (b);
}

gboolean
mw_run_save_checkpoint (MwRun *run, const char *path, GError **error)
{
  g_autofree char *settings = mw_experiment_config_to_data (&run->cfg);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  if (!g_key_file_load_from_data (kf, settings, (gsize) -1, G_KEY_FILE_KEEP_COMMENTS, error))
    return FALSE;
  g_key_file_set_int64 (kf, "checkpoint", "iteration", run->iteration);
  g_key_file_set_int64 (kf, "checkpoint", "tasks-seen", run->tasks_seen);
  g_key_file_set_double (kf, "checkpoint", "train-seconds", run->train_seconds);
  g_key_file_set_uint64 (kf, "checkpoint", "rng-state", run->rng.state);
  g_key_file_set_uint64 (kf, "checkpoint", "rng-inc", run->rng.inc);
  g_key_file_set_int64 (kf, "checkpoint", "optimizer-step", mw_algorithm_get_counter (run->algo, 0));
  g_key_file_set_int64 (kf, "checkpoint", "inner-optimizer-step", mw_algorithm_get_counter (run->algo, 1));
  /* A folder's split is computed from what it holds: recorded, so that testing and
   * continuing use the classes this learner was trained and tested with. */
  if (mw_data_info (run->cfg.data)->records_split)
    {
      set_class_list (kf, "train-classes", run->train);
      set_class_list (kf, "test-classes", run->test);
    }
  mw_preprocess_to_key_file (&run->pre, kf, "preprocess");
  g_autofree char *header = g_key_file_to_data (kf, NULL, NULL);
  return mw_checkpoint_save (path, header, run->algo, error);
}

MwRun *
mw_run_new_from_checkpoint (const char *path, GError **error)
{
  return mw_run_new_from_checkpoint_full (path, FALSE, error);
}

MwRun *
mw_run_new_from_checkpoint_full (const char *path, gboolean new_classes_to_test, GError **error)
{
  g_autofree char *header = mw_checkpoint_load (path, NULL, error);
  if (header == NULL)
    return NULL;
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  if (!g_key_file_load_from_data (kf, header, (gsize) -1, G_KEY_FILE_NONE, error))
    return NULL;
  GError *e = NULL;
  gint64 iteration = g_key_file_get_int64 (kf, "checkpoint", "iteration", &e);
  gint64 tasks = e ? 0 : g_key_file_get_int64 (kf, "checkpoint", "tasks-seen", &e);
  double seconds = e ? 0 : g_key_file_get_double (kf, "checkpoint", "train-seconds", &e);
  guint64 rs = e ? 0 : g_key_file_get_uint64 (kf, "checkpoint", "rng-state", &e);
  guint64 ri = e ? 0 : g_key_file_get_uint64 (kf, "checkpoint", "rng-inc", &e);
  gint64 c0 = e ? 0 : g_key_file_get_int64 (kf, "checkpoint", "optimizer-step", &e);
  gint64 c1 = e ? 0 : g_key_file_get_int64 (kf, "checkpoint", "inner-optimizer-step", &e);
  g_autofree char *shown = g_filename_display_name (path);
  if (e != NULL)
    {
      g_propagate_prefixed_error (error, e, "%s: ", shown);
      return NULL;
    }
  g_auto (GStrv) train_classes = get_class_list (kf, "train-classes");
  g_auto (GStrv) test_classes = get_class_list (kf, "test-classes");
  RecordedSplit split = { train_classes, test_classes, new_classes_to_test };
  g_key_file_remove_group (kf, "checkpoint", NULL);
  /* The preprocessing record, or (older checkpoints) none: derived from the settings
   * and the training images once they are loaded. */
  MwPreprocess recorded_pre;
  gboolean has_pre = g_key_file_has_group (kf, "preprocess");
  if (has_pre && !mw_preprocess_from_key_file (&recorded_pre, kf, "preprocess", error))
    {
      g_prefix_error (error, "%s: ", shown);
      return NULL;
    }
  g_key_file_remove_group (kf, "preprocess", NULL);
  gboolean has_invert = g_key_file_has_key (kf, "data", "invert", NULL);
  g_autofree char *settings = g_key_file_to_data (kf, NULL, NULL);
  MwExperimentConfig cfg = { 0 };
  if (!mw_experiment_config_load_data (&cfg, settings, error))
    {
      g_prefix_error (error, "%s: ", shown);
      mw_experiment_config_clear (&cfg);
      return NULL;
    }
  /* Runs made before the invert setting used folders as they were: no detection. */
  if (!has_invert)
    cfg.invert = MW_INVERT_NO;
  gboolean recorded = train_classes != NULL && test_classes != NULL;
  MwRun *run = run_new (&cfg, recorded ? &split : NULL, TRUE, error);
  mw_experiment_config_clear (&cfg);
  if (run == NULL)
    return NULL;
  if (!recorded && mw_data_info (run->cfg.data)->records_split)
    run->split_note = g_strdup_printf (_("%s records no class split (an older checkpoint): "
                                         "the classes of %s are split again as they are now, "
                                         "so classes added since may have moved between "
                                         "training and test"),
                                       path, run->cfg.data_path);
  g_autofree char *again = mw_checkpoint_load (path, run->algo, error);
  if (again == NULL)
    {
      mw_run_free (run);
      return NULL;
    }
  /* What the model was trained on, not what the data looks like today. */
  if (has_pre)
    run->pre = recorded_pre;
  run->iteration = iteration;
  run->tasks_seen = tasks;
  run->train_seconds = seconds;
  run->rng.state = rs;
  run->rng.inc = ri;
  run->rng.has_spare = 0;
  mw_algorithm_set_counter (run->algo, 0, c0);
  mw_algorithm_set_counter (run->algo, 1, c1);
  return run;
}
