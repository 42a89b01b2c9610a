/* mw-cli-eval.h: `eval`: a saved learner tested on its own or other data, or on fixed
 * hand-built tasks; and `make-tasks`, which writes such tasks from a folder layout. */
#pragma once

#include "mw-core.h"

int mw_cli_eval (int argc, char **argv);
/* The --tasks part of eval: each task of the manifests adapted on for `steps` steps
 * and scored, its images made as the model's were (invert: the choice for the task
 * folders, auto by default); predictions (may be NULL) is the CSV file of one row per
 * query.  Returns the exit status. */
int mw_cli_eval_tasks (MwRun *run, const char *checkpoint, int steps, MwInvertChoice invert,
                       char **manifests, const char *predictions);
/* The --boundary part of eval (mw-cli-boundary.c): planar test task task_index of
 * seed, its grid of predictions after each step as PREFIX-grid.csv, its points as
 * PREFIX-points.csv, a picture per step as PREFIX-stepN.png and, for the logistic
 * model, its weight path as PREFIX-weights.csv.  random_start: adapted from the run's
 * model as its seed initialises it (before training) instead of the trained one.
 * Returns the exit status. */
int mw_cli_eval_boundary (MwRun *run, const MwExperimentConfig *e, guint64 seed, int task_index,
                          int grid, gboolean random_start, const char *prefix);
int mw_cli_make_tasks (int argc, char **argv);

/* What `eval --task-embedding` writes (mw-cli-eval-task-map.c). */
typedef struct {
  const char *path;           /* one row per task */
  const char *full_path;      /* NULL, or the embeddings themselves, one row per task */
  MwTaskEmbeddingKind kind;
  int training_tasks;         /* training tasks drawn for the distances (0: none) */
} MwCliTaskMapOptions;
/* The task map of e->test_episodes test tasks of gen (drawn from seed); returns the
 * exit status. */
int mw_cli_eval_task_map (MwRun *run, MwTaskGen *gen, const MwExperimentConfig *e, guint64 seed,
                          const MwCliTaskMapOptions *options);
