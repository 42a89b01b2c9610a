/* mw-run.h: one training run of an experiment: its data, its learner, its progress.
 *
 * The run is what the CLI loop and the GUI's worker thread drive: create it (this
 * loads the data, which may take seconds), call mw_run_train_step repeatedly, validate
 * now and then, test at the end.  Nothing here touches a display; a run belongs to
 * one thread at a time. */
#pragma once

#include "mw-evaluate.h"
#include "mw-experiment.h"
#include "mw-preprocess.h"

typedef struct MwRun MwRun;

/* Validates the settings, loads the datasets and builds the algorithm. */
MwRun *mw_run_new (const MwExperimentConfig *config, GError **error);
void mw_run_free (MwRun *run);

const MwExperimentConfig *mw_run_get_config (const MwRun *run);
MwAlgorithm *mw_run_get_algorithm (MwRun *run);
/* The dataset of the given role ("train", "val", "test"); NULL for sinusoid. */
const MwDataset *mw_run_get_dataset (const MwRun *run, const char *role);
MwTaskGen *mw_run_get_task_gen (MwRun *run, const char *role);

/* How the learner's input images are made (size, channels, inversion, the training
 * images' statistics): new images go through mw_preprocess_load_folder with it.  A run
 * from a checkpoint has the checkpoint's record (older checkpoints: one derived from
 * the settings and the training images). */
const MwPreprocess *mw_run_get_preprocess (const MwRun *run);

/* Threads for later steps (0 = one per processor); results do not depend on it. */
void mw_run_set_threads (MwRun *run, int threads);

gint64 mw_run_get_iteration (const MwRun *run);      /* meta-iterations done */
gint64 mw_run_get_tasks_seen (const MwRun *run);
double mw_run_get_train_seconds (const MwRun *run);  /* time spent in train steps */
gboolean mw_run_is_finished (const MwRun *run);

/* One meta-iteration.  A NaN loss stops the run with MW_ALGORITHM_ERROR_DIVERGED. */
gboolean mw_run_train_step (MwRun *run, MwStepStats *stats, GError **error);

/* Validation (fixed episodes of the validation classes) and the final test (fixed
 * episodes of the test classes, the same for every algorithm and seed). */
gboolean mw_run_validate (MwRun *run, MwEvalProgress progress, gpointer user_data,
                          MwEvalResult *result, GError **error);
gboolean mw_run_test (MwRun *run, int episodes, MwEvalProgress progress, gpointer user_data,
                      MwEvalResult *result, GError **error);

/* Checkpoints: the settings, the progress, and the learner's whole state. */
gboolean mw_run_save_checkpoint (MwRun *run, const char *path, GError **error);
/* Builds a run from a checkpoint (its own settings) and restores its state.  A
 * folder dataset is split as the checkpoint recorded (mw_run_get_split_note says
 * what differs now): classes it was trained or tested with that are gone fail the
 * load; classes the folder gained go nowhere, or, with new_classes_to_test, to the
 * test split. */
MwRun *mw_run_new_from_checkpoint (const char *path, GError **error);
/* FALSE, naming both splits and what they share, when test (classes from test_split)
 * shows what the run trained on as its dataset's row judges it (MwDataInfo.disjoint:
 * for Omniglot a character, in any turn): a test of it would measure memory.  TRUE for
 * data whose classes are independent. */
gboolean mw_run_check_unseen (const MwRun *run, const MwDataset *test, const char *test_split,
                              GError **error);
MwRun *mw_run_new_from_checkpoint_full (const char *path, gboolean new_classes_to_test,
                                        GError **error);
/* The named split of a role ("train", "test") as loaded ("vinyals-test" for an empty
 * test-split); NULL for data without named splits. */
const char *mw_run_get_split (const MwRun *run, const char *role);
/* Something the user should know about the class split of a run made from a
 * checkpoint (classes left out, or no recorded split in an older checkpoint); NULL
 * if nothing. */
const char *mw_run_get_split_note (const MwRun *run);

/* Seeds of the validation and test episodes (independent of the run's seed). */
#define MW_VALIDATION_SEED G_GUINT64_CONSTANT (0x76616c6964617465)
#define MW_TEST_SEED G_GUINT64_CONSTANT (0x746573747365656e)
