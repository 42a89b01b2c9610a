/* mw-run.c: an experiment's data, learner and progress. */
#include "config.h"
#include "mw-run.h"

#include "mw-checkpoint.h"
#include "mw-memory-budget.h"
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
  char *split_note;                  /* how the recorded class split was used, or NULL */
  gboolean from_checkpoint;          /* made from a checkpoint (eval, --resume, the window) */
  MwPreprocess pre;                  /* how the learner's input images are made */
};

/* The classes of each split as a checkpoint recorded them (NULL-terminated). */
typedef struct {
  char **train, **test;
  gboolean new_to_test;              /* classes the folder gained go to the test split */
} RecordedSplit;

/* Classes of ds split in two by a seeded shuffle: train_fraction of them for training. */
static void
split_classes (MwDataset *ds, double fraction, guint64 seed, MwDataset **train, MwDataset **test)
{
  int n = ds->n_classes, *order = g_new (int, n);
  for (int i = 0; i < n; i++)
    order[i] = i;
  MwRng rng;
  mw_rng_init (&rng, seed, 0x73706c6974ULL);
  mw_rng_shuffle (&rng, order, n);
  int n_train = CLAMP ((int) (fraction * n + 0.5), 1, n - 1);
  *train = mw_dataset_subset (ds, order, n_train);
  *test = mw_dataset_subset (ds, order + n_train, n - n_train);
  g_free (order);
}

/* Up to `shown` names of a list, comma-separated, with "…" for the rest. */
static char *
join_some (GPtrArray *names, guint shown)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < names->len && i < shown; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", (const char *) names->pdata[i]);
  if (names->len > shown)
    g_string_append (s, ", …");
  return g_string_free (s, FALSE);
}

/* The folder's classes split as the checkpoint recorded: every recorded class must
 * still be there; classes the folder gained since go nowhere (a note says so), or to
 * the test split when asked. */
static gboolean
apply_recorded_split (MwRun *run, MwDataset *all, const RecordedSplit *split, GError **error)
{
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  for (int i = 0; i < all->n_classes; i++)
    g_hash_table_insert (index, all->class_names[i], GINT_TO_POINTER (i + 1));
  g_autoptr (GPtrArray) missing = g_ptr_array_new ();
  g_autoptr (GArray) train = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GArray) test = g_array_new (FALSE, FALSE, sizeof (int));
  char **lists[2] = { split->train, split->test };
  GArray *out[2] = { train, test };
  for (int l = 0; l < 2; l++)
    for (char **n = lists[l]; n && *n; n++)
      {
        int k = GPOINTER_TO_INT (g_hash_table_lookup (index, *n)) - 1;
        if (k < 0)
          g_ptr_array_add (missing, *n);
        else if (g_hash_table_add (used, *n))
          g_array_append_val (out[l], k);
      }
  const char *dir = run->cfg.data_path;
  if (missing->len > 0)
    {
      g_autofree char *names = join_some (missing, 10);
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s no longer holds %u class the checkpoint was trained or "
                                "tested with (%s): put it back, or train again",
                                "%s no longer holds %u classes the checkpoint was trained or "
                                "tested with (%s): put them back, or train again", missing->len),
                   dir, missing->len, names);
      return FALSE;
    }
  g_autoptr (GPtrArray) added = g_ptr_array_new ();
  for (int i = 0; i < all->n_classes; i++)
    if (!g_hash_table_contains (used, all->class_names[i]))
      {
        g_ptr_array_add (added, all->class_names[i]);
        if (split->new_to_test)
          g_array_append_val (test, i);
      }
  if (train->len == 0 || test->len == 0)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY,
                   _("%s: the checkpoint records an empty class split"), dir);
      return FALSE;
    }
  if (added->len > 0)
    {
      g_autofree char *names = join_some (added, 10);
      run->split_note = g_strdup_printf (
        split->new_to_test
          ? g_dngettext (GETTEXT_PACKAGE,
                         "%s holds %u class it did not hold at training (%s): it joins the "
                         "test classes, as asked; the rest of the split is the checkpoint's",
                         "%s holds %u classes it did not hold at training (%s): they join the "
                         "test classes, as asked; the rest of the split is the checkpoint's",
                         added->len)
          : g_dngettext (GETTEXT_PACKAGE,
                         "%s holds %u class it did not hold at training (%s): the checkpoint's "
                         "class split is used and it is left out",
                         "%s holds %u classes it did not hold at training (%s): the "
                         "checkpoint's class split is used and they are left out", added->len),
        dir, added->len, names);
    }
  run->train = mw_dataset_subset (all, (int *) train->data, (int) train->len);
  run->test = mw_dataset_subset (all, (int *) test->data, (int) test->len);
  return TRUE;
}

/* The character of an Omniglot class name: "Alphabet/characterNN" of
 * "Alphabet/characterNN/rot090". */
static char *
character_of (const char *class_name)
{
  const char *first = strchr (class_name, '/');
  const char *second = first ? strchr (first + 1, '/') : NULL;
  return second ? g_strndup (class_name, (gsize) (second - class_name)) : g_strdup (class_name);
}

/* FALSE, naming both settings, a shared character and how many, when two Omniglot
 * splits share characters: validating or testing on characters the model trained on
 * (in any turn) measures memory, not learning from one example. */
static gboolean
splits_disjoint (const MwDataset *train, const char *train_key, const char *train_split,
                 const MwDataset *other, const char *other_key, const char *other_split,
                 GError **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int c = 0; c < train->n_classes; c++)
    g_hash_table_add (seen, character_of (train->class_names[c]));
  g_autoptr (GHashTable) shared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char *example = NULL;
  for (int c = 0; c < other->n_classes; c++)
    {
      char *ch = character_of (other->class_names[c]);
      if (g_hash_table_contains (seen, ch))
        {
          if (example == NULL)
            example = g_strdup (ch);
          g_hash_table_add (shared, ch);
        }
      else
        g_free (ch);
    }
  if (example == NULL)
    return TRUE;
  g_autofree char *a = g_filename_display_name (train_split);
  g_autofree char *b = g_filename_display_name (other_split);
  guint n = g_hash_table_size (shared);
  /* Translators: the settings and their values, how many characters, one of them. */
  g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
               g_dngettext (GETTEXT_PACKAGE,
                            "%s=%s and %s=%s share %u character (%s): the model would be judged "
                            "on a character it trained on; choose splits without common characters",
                            "%s=%s and %s=%s share %u characters (%s, …): the model would be "
                            "judged on characters it trained on; choose splits without common characters",
                            n),
               train_key, a, other_key, b, n, example);
  g_free (example);
  return FALSE;
}

static gboolean
load_data (MwRun *run, const RecordedSplit *split, GError **error)
{
  MwExperimentConfig *c = &run->cfg;
  switch (c->data)
    {
    case MW_DATA_SINUSOID:
      return TRUE;
    case MW_DATA_GLYPHS:
      {
        /* The built-in set is fixed (its own seeds), so every run sees the same glyphs. */
        int n_train = CLAMP ((int) (c->train_fraction * c->glyph_classes + 0.5), 2, c->glyph_classes - 2);
        if (!(run->train = mw_glyphs_new (n_train, c->glyph_samples, c->image_size, 1, error)))
          return FALSE;
        run->test = mw_glyphs_new (c->glyph_classes - n_train, c->glyph_samples, c->image_size,
                                   2, error);
        return run->test != NULL;
      }
    case MW_DATA_OMNIGLOT:
      {
        const char *train_split = *c->train_split ? c->train_split : "vinyals-train";
        const char *test_split = *c->test_split ? c->test_split : "vinyals-test";
        int rot = c->rotations;
        if (!(run->train = mw_omniglot_load_rotated (c->data_path, train_split, c->image_size, rot, error)))
          return FALSE;
        if (*c->val_split
            && !(run->val = mw_omniglot_load_rotated (c->data_path, c->val_split, c->image_size, rot, error)))
          return FALSE;
        run->test = mw_omniglot_load_rotated (c->data_path, test_split, c->image_size, rot, error);
        if (run->test == NULL)
          return FALSE;
        /* A new run refuses overlapping splits.  A checkpoint made before the check
         * still loads (its model exists), with a note when its test overlaps. */
        GError *overlap = NULL;
        if (splits_disjoint (run->train, "train-split", train_split, run->test, "test-split",
                             test_split, &overlap)
            && (run->val == NULL
                || splits_disjoint (run->train, "train-split", train_split, run->val,
                                    "val-split", c->val_split, &overlap)))
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
    case MW_DATA_FOLDER:
      {
        /* auto is decided once, toward a dark background (as Omniglot's), and the
         * choice replaces it in the settings: checkpoints then record it, so resuming
         * or evaluating loads the images the same way even if the folder changed. */
        MwFolderLoad load = { c->image_size, c->image_size, c->channels, c->invert, FALSE,
                              NULL, NULL, -1, FALSE };
        MwDataset *all = mw_image_folder_load_with (c->data_path, &load, error);
        if (all == NULL)
          return FALSE;
        c->invert = load.inverted ? MW_INVERT_YES : MW_INVERT_NO;
        if (all->n_classes < 4)
          {
            g_autofree char *shown = g_filename_display_name (c->data_path);
            g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_TOO_SMALL,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "%s has %d usable class folder; training needs at least 4 "
                                      "(some to learn from, others to test on)",
                                      "%s has %d usable class folders; training needs at least 4 "
                                      "(some to learn from, others to test on)", all->n_classes),
                         shown, all->n_classes);
            mw_dataset_free (all);
            return FALSE;
          }
        if (split != NULL)
          {
            if (!apply_recorded_split (run, all, split, error))
              {
                mw_dataset_free (all);
                return FALSE;
              }
          }
        else
          split_classes (all, c->train_fraction, c->seed, &run->train, &run->test);
        /* The files that could not be used stay listed (with the training classes),
         * so front ends can name them. */
        GPtrArray *none = run->train->skipped;
        run->train->skipped = all->skipped;
        all->skipped = none;
        mw_dataset_free (all);
        return TRUE;
      }
    default:
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS, _("unknown dataset"));
      return FALSE;
    }
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
  mw_algorithm_free (run->algo);
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
  const MwExperimentConfig *c = &run->cfg;
  if (!mw_data_info (c->data)->named_splits || run->train == NULL || test == NULL)
    return TRUE;
  return splits_disjoint (run->train, "train-split",
                          *c->train_split ? c->train_split : "vinyals-train", test,
                          "test-split", test_split, error);
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
