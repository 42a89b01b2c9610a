/* mw-cli-eval.c: `eval CHECKPOINT`: a saved learner tested on fixed, seeded episodes of
 * its own test classes or of other data (--data-dir, --set), or on hand-built tasks
 * (--tasks, in mw-cli-eval-tasks.c). */
#include "config.h"
#include "mw-cli-eval.h"
#include "mw-cli-train.h"
#include "mw-core.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Settings eval may change: where the episodes come from, their shape and number.
 * Every other setting is part of the trained learner (or of how it was trained), so
 * changing it would test something the checkpoint is not. */
static const char *const eval_keys[] = {
  "dataset", "path", "train-split", "val-split", "test-split", "rotations", "invert",
  "glyph-classes", "glyph-samples", "ways", "shots", "queries", "test-episodes", "test-steps",
  "val-episodes", "threads", "episode-classes", "planar-family", "planar-spread",
  "planar-label-noise", "shift", "shift-radius", "shift-angle", "hershey-copies",
  "target-dataset", "target-path", "target-split", "target-shift", "domain-adaptation", NULL
};

/* The settings that decide which images the test episodes are drawn from. */
static const char *const data_keys[] = {
  "dataset", "path", "test-split", "rotations", "glyph-classes", "glyph-samples", "shift",
  "shift-radius", "shift-angle", "hershey-copies", NULL
};

/* e's data settings become the run's target's (--target): its dataset, path and shift,
 * and its usual test classes. */
static gboolean
use_target (const MwExperimentConfig *trained, MwExperimentConfig *e, GError **error)
{
  MwDataKind kind;
  MwDataRequest target;
  if (!mw_experiment_target_request (trained, &kind, &target))
    {
      g_set_error_literal (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                           _("--target: the checkpoint's run has no target-dataset"));
      return FALSE;
    }
  g_autofree char *path = g_strdup (target.path);
  e->data = kind;
  g_free (e->data_path);
  e->data_path = g_steal_pointer (&path);
  g_free (e->test_split);
  e->test_split = g_strdup ("");
  e->shift = trained->target_shift;
  return TRUE;
}

/* eval tests on e's dataset only: the target settings are the training's, and left in
 * place they would be checked against the data tested (a test on the target's own
 * images would read as a target that is the source). */
static void
drop_target (MwExperimentConfig *e)
{
  const char *const blank[] = { "target-dataset", "target-path", "target-split" };
  for (size_t i = 0; i < G_N_ELEMENTS (blank); i++)
    mw_experiment_config_set (e, blank[i], "", NULL);
  e->target_shift = MW_SHIFT_NONE;
  /* Adaptation is part of training: the learner has been made, and testing needs no
   * target images. */
  e->algo.domain_adaptation = MW_DOMAIN_ADAPT_NONE;
}

/* The channels the model takes: only image folders may be in colour. */
static int
input_channels (const MwExperimentConfig *c)
{
  return mw_data_info (c->data)->colour ? c->channels : 1;
}

static gboolean
same_setting (const MwExperimentConfig *a, const MwExperimentConfig *b, const char *key)
{
  g_autofree char *va = mw_experiment_config_get (a, key);
  g_autofree char *vb = mw_experiment_config_get (b, key);
  return g_strcmp0 (va, vb) == 0;
}

/* FALSE, naming the setting, when e would test another learner than the checkpoint's
 * (trained) settings t describe, or feed it input of another shape. */
static gboolean
check_eval_settings (const MwExperimentConfig *t, const MwExperimentConfig *e, GError **error)
{
  g_autofree char *was = NULL, *now = NULL;
  const char *key = mw_experiment_config_difference (t, e, eval_keys, &was, &now);
  if (key != NULL)
    {
      gboolean input = g_str_equal (key, "image-size") || g_str_equal (key, "channels");
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   input ? _("%s cannot change from %s to %s: it changes the model's input; "
                             "the checkpoint takes the images as it was trained on them")
                         : _("%s cannot change from %s to %s: it changes the trained model; "
                             "train a new one for it"),
                   key, was, now);
      return FALSE;
    }
  gboolean t_sine = mw_data_info (t->data)->regression;
  gboolean e_sine = mw_data_info (e->data)->regression;
  if (t_sine != e_sine || mw_data_info (t->data)->points != mw_data_info (e->data)->points
      || input_channels (t) != input_channels (e))
    {
      g_autofree char *tk = mw_experiment_config_get (t, "dataset");
      g_autofree char *ek = mw_experiment_config_get (e, "dataset");
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("dataset cannot change from %s to %s: it changes the model's input "
                     "(%d to %d channels, or curves instead of images)"),
                   tk, ek, t_sine ? 0 : input_channels (t), e_sine ? 0 : input_channels (e));
      return FALSE;
    }
  return TRUE;
}

/* The images of the test episodes when they are not the checkpoint's own test classes:
 * the test classes of the glyph set or the Omniglot split, or every class of a folder
 * (none of them was split off for training in this model's run). */
static MwDataset *
load_eval_data (const MwRun *run, const MwExperimentConfig *c, char **split,
                MwPreprocessReport *report, GError **error)
{
  const MwDataInfo *data = mw_data_info (c->data);
  if (data->load == NULL)
    {
      *split = g_strdup ("");
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   _("eval draws sine tasks of the checkpoint's own settings only"));
      return NULL;
    }
  /* Made as the model's own images were: size, channels, and ink the same way round
   * (invert=auto decides from the files' borders, against the model's). */
  const MwPreprocess *model = mw_run_get_preprocess (run);
  MwDataRequest request;
  mw_experiment_config_data_request (c, &request);
  mw_preprocess_request (model, &request);
  request.test_only = TRUE;
  MwDataResult r;
  if (!mw_data_load (c->data, &request, &r, error))
    return NULL;
  MwDataset *ds = g_steal_pointer (&r.test);
  *split = g_steal_pointer (&r.tested);
  if (data->invert_setting)
    mw_preprocess_report_fill (model, ds, r.file_border, r.invert == MW_INVERT_YES, report);
  mw_data_result_clear (&r);
  return ds;
}

/* What was tested, printed before the results so a table is never read without it. */
static void
print_header (const char *checkpoint, MwRun *run, const MwExperimentConfig *e, const char *split,
              int n_classes, guint64 seed, const MwPreprocessReport *report)
{
  const MwExperimentConfig *t = mw_run_get_config (run);
  g_autofree char *ckpt = g_filename_display_name (checkpoint);
  g_autofree char *desc = mw_experiment_config_describe (t);
  printf (_("Checkpoint: %s (%s, %lld iterations)\n"), ckpt, desc,
          (long long) mw_run_get_iteration (run));
  g_autofree char *path = e->data_path && *e->data_path ? g_filename_display_name (e->data_path)
                                                        : g_strdup (_("built in"));
  printf (_("Data: %s, dataset %s, split: %s (%d classes)\n"), path,
          mw_data_kind_name (e->data), split, n_classes);
  if (e->shift != MW_SHIFT_NONE)
    printf (_("Domain shift: %s\n"), mw_shift_kind_name (e->shift));
  if (mw_data_info (e->data)->regression)
    printf (_("Episodes: %d support and %d query points, %d tasks, seed %llu\n"), e->shots,
            e->queries, e->test_episodes, (unsigned long long) seed);
  else
    printf (_("Episodes: %d-way %d-shot, %d queries per class, %d episodes, %d adaptation "
              "steps, seed %llu\n"), e->ways, e->shots, e->queries, e->test_episodes,
            mw_algorithm_kind_is_metric (t->algo.kind) ? 0 : e->test_steps,
            (unsigned long long) seed);
  if (mw_data_info (e->data)->named_splits)
    {
      /* As the setting is written: "auto" rather than its stored -1. */
      g_autofree char *rotations = mw_experiment_config_get (e, "rotations");
      printf (_("Rotations: %s\n"), rotations);
      if (e->episode_classes == MW_EPISODE_CLASSES_SAME_ALPHABET)
        printf (_("Episode classes: each episode's all from one alphabet (same-alphabet)\n"));
    }
  /* How the model's images were made, and so how these were. */
  g_autofree char *pre = mw_preprocess_describe (mw_run_get_preprocess (run));
  fputs (pre, stdout);
  if (report != NULL && report->file_border >= 0)
    printf (report->inverted ? _("  these files: inverted (their border brightness %.3f)\n")
                             : _("  these files: used as they are (their border brightness %.3f)\n"),
            report->file_border);
}

static gboolean
eval_progress (int done, int total, gpointer data)
{
  if (GPOINTER_TO_INT (data))
    mw_cli_show_eval_progress (done, total);
  return TRUE;
}

/* The test on (possibly other) data: fixed episodes from the stream of seed. */
static int
eval_data (const char *checkpoint, MwRun *run, MwExperimentConfig *e, guint64 seed,
           const MwCliTaskMapOptions *task_map)
{
  const MwExperimentConfig *t = mw_run_get_config (run);
  GError *error = NULL;
  gboolean own = TRUE;
  for (int i = 0; data_keys[i]; i++)
    own = own && same_setting (t, e, data_keys[i]);
  MwDataset *ds = NULL;
  MwTaskGen *gen = NULL;
  g_autofree char *split = NULL;
  int n_classes = 0;
  MwPreprocessReport report = { -1, FALSE, -1, -1, NULL };
  if (mw_data_info (e->data)->points)
    {
      /* Planar tasks are drawn from the settings, of whichever family they name. */
      MwPlanarSpec spec;
      mw_experiment_config_planar_spec (e, &spec);
      split = g_strdup (mw_planar_family_names[spec.family]);
      n_classes = 2;
      gen = mw_task_gen_new_planar (&spec, e->shots, e->queries);
    }
  else if (own)
    {
      /* The checkpoint's own test classes, as train and earlier evals tested. */
      const MwDataset *test = mw_run_get_dataset (run, "test");
      n_classes = test ? test->n_classes : 0;
      const char *named = mw_run_get_split (run, "test");
      split = g_strdup (named ? named : _("the checkpoint's test classes"));
      gen = test != NULL ? mw_task_gen_new_dataset (test, e->ways, e->shots, e->queries)
                         : mw_task_gen_new_sinusoid (e->shots, e->queries);
    }
  else
    {
      ds = load_eval_data (run, e, &split, &report, &error);
      /* Other Omniglot classes must be characters the model never trained on. */
      if (ds == NULL || (mw_data_info (e->data)->named_splits
                         && !mw_run_check_unseen (run, ds, split, &error)))
        goto fail;
      n_classes = ds->n_classes;
      gen = mw_task_gen_new_dataset (ds, e->ways, e->shots, e->queries);
    }
  /* Validation refused same-alphabet for data without alphabets. */
  if (e->episode_classes == MW_EPISODE_CLASSES_SAME_ALPHABET && gen->dataset != NULL)
    mw_task_gen_group_by_alphabet (gen);
  if (!mw_task_gen_check (gen, e->ways, e->shots, e->queries, &error))
    goto fail;
  print_header (checkpoint, run, e, split, n_classes, seed, &report);
  fflush (stdout);
  if (report.warning != NULL)
    fprintf (stderr, _("eval: warning: %s\n"), report.warning);
  if (task_map != NULL)
    {
      int status = mw_cli_eval_task_map (run, gen, e, seed, task_map);
      mw_task_gen_free (gen);
      if (ds)
        mw_dataset_free (ds);
      mw_preprocess_report_clear (&report);
      return status;
    }
  MwEvalResult r;
  gboolean ok = mw_evaluate (mw_run_get_algorithm (run), gen, e->ways, e->shots, e->queries,
                             e->test_steps, e->test_episodes, seed, eval_progress,
                             GINT_TO_POINTER (isatty (STDOUT_FILENO)), &r, &error);
  if (ok)
    mw_cli_print_result_table (e, &r, C_("result table", "Test"));
  mw_eval_result_clear (&r);
  mw_task_gen_free (gen);
  if (ds)
    mw_dataset_free (ds);
  mw_preprocess_report_clear (&report);
  if (!ok)
    {
      fprintf (stderr, "eval: %s\n", error->message);
      g_error_free (error);
      return 1;
    }
  return 0;

fail:
  fprintf (stderr, "eval: %s\n", error->message);
  g_error_free (error);
  mw_task_gen_free (gen);
  mw_preprocess_report_clear (&report);
  if (ds)
    mw_dataset_free (ds);
  return 1;
}

int
mw_cli_eval (int argc, char **argv)
{
  int episodes = 0, threads = -1, steps = -1, queries = 0;
  g_autofree char *seed_text = NULL;
  gboolean new_classes = FALSE, tasks = FALSE, target = FALSE;
  g_autofree char *data_dir = NULL, *predictions = NULL;
  g_autofree char *task_embedding = NULL, *task_embedding_full = NULL, *embedding_kind = NULL;
  int training_tasks = 200;
  g_autofree char *boundary = NULL, *boundary_start = NULL;
  int boundary_task = 0, grid = 100;
  g_auto (GStrv) sets = NULL;
  GOptionEntry entries[] = {
    { "episodes", 'e', 0, G_OPTION_ARG_INT, &episodes, N_("Test episodes (default: the experiment's)"), "N" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, N_("Adaptation steps"), "N" },
    { "queries", 0, 0, G_OPTION_ARG_INT, &queries, N_("Query images per class (Reptile's protocol: 1)"), "N" },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, N_("Threads (the tasks of a meta-batch, evaluation episodes)"), "N" },
    { "test-new-classes", 0, 0, G_OPTION_ARG_NONE, &new_classes,
      N_("Also test on class folders added after training (left out otherwise)"), NULL },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("Test on the images of this folder (Omniglot or class folders) instead"), "DIR" },
    { "target", 0, 0, G_OPTION_ARG_NONE, &target,
      N_("Test on the test classes of the run's target domain (target-dataset, target-path, "
         "target-shift) instead"), NULL },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      N_("Change a data or episode setting for the test (repeatable)"), "KEY=VALUE" },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_text,
      N_("Seed of the test episodes (default: the fixed test seed)"), "N" },
    { "tasks", 0, 0, G_OPTION_ARG_NONE, &tasks,
      N_("The other arguments are hand-built task manifests: test on those tasks"), NULL },
    { "predictions", 'p', 0, G_OPTION_ARG_FILENAME, &predictions,
      N_("With --tasks: write one CSV row per query image to this file"), "FILE.csv" },
    { "task-embedding", 0, 0, G_OPTION_ARG_FILENAME, &task_embedding,
      N_("Write the task map to this file instead: per test task (--episodes, default 200) its "
         "property, PCA and MDS coordinates, distance to the nearest training task and "
         "accuracy"), "FILE.csv" },
    { "embedding", 0, 0, G_OPTION_ARG_STRING, &embedding_kind,
      N_("With --task-embedding: fisher (Task2Vec's diagonal Fisher, the default) or "
         "prototypes (the class prototypes' mean and spread)"), "KIND" },
    { "training-tasks", 0, 0, G_OPTION_ARG_INT, &training_tasks,
      N_("With --task-embedding: training tasks to measure distances to (default 200)"), "M" },
    { "embedding-values", 0, 0, G_OPTION_ARG_FILENAME, &task_embedding_full,
      N_("With --task-embedding: also write every task's embedding to this file"), "FILE.csv" },
    { "boundary", 0, 0, G_OPTION_ARG_FILENAME, &boundary,
      N_("Planar: write a test task's decision boundary after each step (up to 10) as "
         "PREFIX-grid.csv, PREFIX-points.csv and PREFIX-stepN.png, and the logistic model's "
         "weight path as PREFIX-weights.csv"), "PREFIX" },
    { "boundary-task", 0, 0, G_OPTION_ARG_INT, &boundary_task,
      N_("With --boundary: which test task of the seed (default 0, eval's first)"), "N" },
    { "grid", 0, 0, G_OPTION_ARG_INT, &grid,
      N_("With --boundary: grid points per side over [−2, 2] (default 100)"), "G" },
    { "boundary-start", 0, 0, G_OPTION_ARG_STRING, &boundary_start,
      N_("With --boundary: adapt from the trained model (trained, the default) or from the "
         "same model as the run's seed initialises it, before any training (random)"), "START" },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = g_option_context_new (N_("CHECKPOINT [--tasks MANIFEST…] - test a saved learner"));
  g_option_context_set_translation_domain (octx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  GError *error = NULL;
  if (!g_option_context_parse (octx, &argc, &argv, &error) || argc < 2 || (argc != 2 && !tasks)
      || (tasks && argc < 3))
    {
      fprintf (stderr, "eval: %s\n", error ? error->message
                                 : tasks ? _("give one checkpoint file and at least one task manifest")
                                         : _("give one checkpoint file"));
      g_clear_error (&error);
      return 2;
    }
  if (predictions && !tasks)
    {
      fprintf (stderr, "eval: %s\n", _("--predictions goes with --tasks"));
      return 2;
    }
  MwCliTaskMapOptions map = { task_embedding, task_embedding_full, MW_TASK_EMBEDDING_FISHER,
                              training_tasks };
  if ((embedding_kind || task_embedding_full || training_tasks != 200) && !task_embedding)
    {
      fprintf (stderr, "eval: %s\n",
               _("--embedding, --embedding-values and --training-tasks go with --task-embedding"));
      return 2;
    }
  if (task_embedding && tasks)
    {
      fprintf (stderr, "eval: %s\n", _("--task-embedding draws its own tasks: not with --tasks"));
      return 2;
    }
  if (embedding_kind && !mw_task_embedding_kind_from_name (embedding_kind, &map.kind))
    {
      fprintf (stderr, "eval: %s\n", _("--embedding is fisher or prototypes"));
      return 2;
    }
  if (training_tasks < 0 || training_tasks > MW_TASK_MAP_MAX_TASKS / 2)
    {
      fprintf (stderr, _("eval: --training-tasks wants a number from 0 to %d\n"),
               MW_TASK_MAP_MAX_TASKS / 2);
      return 2;
    }
  if (boundary && task_embedding)
    {
      fprintf (stderr, "eval: %s\n", _("--boundary and --task-embedding are two runs of eval: give one"));
      return 2;
    }
  if (boundary_start && (!boundary || (strcmp (boundary_start, "trained") != 0
                                        && strcmp (boundary_start, "random") != 0)))
    {
      fprintf (stderr, "eval: %s\n", _("--boundary-start is trained or random, with --boundary"));
      return 2;
    }
  if (boundary && (tasks || grid < 2 || grid > 1000 || boundary_task < 0))
    {
      fprintf (stderr, "eval: %s\n", _("--boundary draws one seeded planar task on a grid of "
                                       "2–1000 points per side; it does not go with --tasks"));
      return 2;
    }
  gboolean only_invert = TRUE;
  for (char **s = sets; s && *s; s++)
    only_invert = only_invert && g_str_has_prefix (*s, "invert=");
  if (tasks && (data_dir || !only_invert || episodes || queries || seed_text))
    {
      fprintf (stderr, "eval: %s\n",
               _("--tasks tests the manifests' own images and roles: --data-dir, --set (but "
                 "for invert), --episodes, --queries and --seed do not apply"));
      return 2;
    }
  if (target && (data_dir || tasks))
    {
      fprintf (stderr, "eval: %s\n", _("--target tests on the run's target: not with --data-dir "
                                       "or --tasks"));
      return 2;
    }
  guint64 seed = MW_TEST_SEED;
  if (seed_text && !g_ascii_string_to_unsigned (seed_text, 10, 0, G_MAXUINT64, &seed, NULL))
    {
      fprintf (stderr, "eval: %s\n", _("--seed wants a whole number ≥ 0"));
      return 2;
    }
  if (threads >= 0)
    mw_core_set_threads (threads);
  MwRun *run = mw_run_new_from_checkpoint_full (argv[1], new_classes, &error);
  if (run == NULL)
    {
      fprintf (stderr, "eval: %s\n", error->message);
      g_error_free (error);
      return 1;
    }
  if (mw_run_get_split_note (run) != NULL)
    fprintf (stderr, _("eval: note: %s\n"), mw_run_get_split_note (run));
  /* --threads overrides the run's own setting (workers for the episodes too). */
  if (threads >= 0)
    mw_run_set_threads (run, threads);
  MwExperimentConfig trained, e;
  mw_experiment_config_copy (&trained, mw_run_get_config (run));
  /* The meta-training shape is pinned, so that changing the test's ways does not read
   * as training with other ways (and learners with an N-way head are refused below
   * for another N, by validation). */
  trained.train_ways = mw_experiment_train_ways (&trained);
  trained.train_shots = mw_experiment_train_shots (&trained);
  trained.train_queries = mw_experiment_train_queries (&trained);
  mw_experiment_config_copy (&e, &trained);
  /* Other images are inverted or not as their own borders say, unless told (the
   * model's own test images were made by its run, as recorded). */
  e.invert = MW_INVERT_AUTO;
  /* A folder instead of the built-in glyphs means a folder dataset. */
  if (data_dir && mw_data_info (e.data)->drawn)
    mw_experiment_config_set (&e, "dataset", "folder", NULL);
  /* The checkpoint's own folder, however it is written, is tested on its own test
   * classes, not on all of them (its training classes among them). */
  g_autofree char *given = data_dir ? g_canonicalize_filename (data_dir, NULL) : NULL;
  g_autofree char *own = trained.data_path && *trained.data_path
                           ? g_canonicalize_filename (trained.data_path, NULL) : NULL;
  if (data_dir && g_strcmp0 (given, own) != 0)
    mw_experiment_config_set (&e, "path", data_dir, &error);
  if (target)
    use_target (&trained, &e, &error);
  drop_target (&e);
  if (error == NULL)
    mw_cli_apply_sets (&e, sets, &error);
  /* The options go through the settings they change, so they have the same bounds
   * (and the evaluation must still fit in memory). */
  /* A task map of 200 test tasks unless told: enough for its scatter, and the map's
   * eigenproblem grows as the square of its tasks. */
  gboolean episodes_set = episodes != 0;
  for (char **s = sets; s && *s; s++)
    episodes_set = episodes_set || g_str_has_prefix (*s, "test-episodes=");
  if (task_embedding && !episodes_set)
    episodes = 200;
  struct { const char *option, *key; int value; gboolean given; } overrides[] = {
    { "--steps", "test-steps", steps, steps != -1 },
    { "--queries", "queries", queries, queries != 0 },
    { "--episodes", "test-episodes", episodes, episodes != 0 },
  };
  for (size_t i = 0; error == NULL && i < G_N_ELEMENTS (overrides); i++)
    {
      g_autofree char *value = g_strdup_printf ("%d", overrides[i].value);
      if (overrides[i].given && !mw_experiment_config_set (&e, overrides[i].key, value, &error))
        g_prefix_error (&error, "%s: ", overrides[i].option);
    }
  if (error == NULL && task_embedding && mw_data_info (e.data)->regression)
    g_set_error (&error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                 _("--task-embedding maps classification tasks; this is a regression run"));
  if (error == NULL && task_embedding && e.test_episodes > MW_TASK_MAP_MAX_TASKS / 2)
    g_set_error (&error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                 _("--task-embedding maps at most %d test tasks (--episodes)"),
                 MW_TASK_MAP_MAX_TASKS / 2);
  if (error == NULL && check_eval_settings (&trained, &e, &error)
      && mw_experiment_config_validate (&e, &error))
    mw_memory_check (&e, 0, &error);
  int status;
  if (error != NULL)
    {
      fprintf (stderr, "eval: %s\n", error->message);
      g_error_free (error);
      status = 2;
    }
  else if (boundary)
    status = mw_cli_eval_boundary (run, &e, seed, boundary_task, grid,
                                   g_strcmp0 (boundary_start, "random") == 0, boundary);
  else if (tasks)
    status = mw_cli_eval_tasks (run, argv[1], e.test_steps, (MwInvertChoice) e.invert, argv + 2,
                                predictions);
  else
    status = eval_data (argv[1], run, &e, seed, task_embedding ? &map : NULL);
  mw_experiment_config_clear (&trained);
  mw_experiment_config_clear (&e);
  mw_run_free (run);
  return mw_cli_check_stdout ("eval", status);
}
