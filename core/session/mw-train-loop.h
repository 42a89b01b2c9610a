/* mw-train-loop.h: the one training loop, shared by the CLI's `train` (and its MPI
 * processes) and the window's worker thread.
 *
 * The loop owns everything a run does between loading and testing: the steps, the
 * validation schedule (every eval-every iterations and at the last), the metrics rows
 * (mw-metrics-log.h), the checkpoint schedule (every checkpoint-every iterations, or
 * at every validation when that is 0), the order of saving (metrics first, then the
 * front end's own files, then the checkpoint, so after a crash the metrics and
 * curves reach at least the checkpoint), resuming (rows past the checkpoint are
 * dropped) and what a stop or a failure leaves behind.  The front end brings only
 * what is its own, through hooks: how it shows progress, when it wants to stop (a
 * signal, a Stop button, a pause), and any files of its own (the window's curves).
 *
 *   MwTrainLoopOptions opts = { .dir = "runs/a", .validate = TRUE };
 *   MwTrainLoopHooks hooks = { .iteration_done = show_progress };
 *   switch (mw_run_train_loop (run, &opts, &hooks, ui, &error)) { … }
 */
#pragma once

#include "mw-metric-spec.h"
#include "mw-run.h"

typedef enum {
  MW_TRAIN_LOOP_FINISHED,      /* every iteration trained; metrics and checkpoint saved */
  MW_TRAIN_LOOP_STOPPED,       /* should_stop asked for it: saved as of the last iteration */
  MW_TRAIN_LOOP_FAILED,        /* a step or a validation failed (error): the last checkpoint stays */
  MW_TRAIN_LOOP_SAVE_FAILED,   /* a file could not be written (error): what was saved before stays */
  MW_TRAIN_LOOP_METRICS_LOST,  /* finished and the model saved, but the last metrics rows or the
                                * front end's files could not be written (error) */
} MwTrainLoopEnd;

typedef struct {
  /* Before each step: TRUE ends the run as stopped.  It may block (the window's
   * pause); it is also asked after a validation that eval_progress cancelled. */
  gboolean (*should_stop) (gpointer user_data);
  /* Once the files are open, before the first step. */
  void (*begin) (MwRun *run, gpointer user_data);
  /* The points of the charted series (mw_metric_specs) as they are measured: the
   * training series right after each step, the validation series after each
   * validation; in the unit shown (an accuracy in percent). */
  void (*points) (MwRun *run, const MwMetricPoint *points, guint n_points, gpointer user_data);
  /* After each iteration's metrics row is written, before anything is saved; val is
   * NULL when the iteration was not validated. */
  void (*iteration_done) (MwRun *run, const MwStepStats *stats, const MwEvalResult *val,
                          gpointer user_data);
  /* The validation's progress; FALSE cancels it (the row goes without it). */
  MwEvalProgress eval_progress;
  /* The front end's own files of the run (the window's curves), written after the
   * metrics and before the checkpoint whenever the loop saves; FALSE with error stops
   * the run as a file that cannot be written does. */
  gboolean (*save) (MwRun *run, gpointer user_data, GError **error);
} MwTrainLoopHooks;

typedef struct {
  /* The run's folder: metrics.csv/.jsonl and checkpoint.mwc go there; NULL writes
   * nothing (the window without a folder, MPI's other processes). */
  const char *dir;
  /* The run continues from a checkpoint of dir: metrics rows past its iteration
   * (written before a crash) are dropped, the rest kept. */
  gboolean resume;
  /* Validate on the schedule (FALSE: MPI's other processes, which only train). */
  gboolean validate;
} MwTrainLoopOptions;

/* Trains run to its last iteration or until should_stop.  Every hook may be NULL.
 * Fails before the first step (MW_TRAIN_LOOP_SAVE_FAILED) when the metrics cannot
 * be opened. */
MwTrainLoopEnd mw_run_train_loop (MwRun *run, const MwTrainLoopOptions *options,
                                  const MwTrainLoopHooks *hooks, gpointer user_data,
                                  GError **error);

/* The checkpoint the loop writes in dir (free with g_free). */
char *mw_train_loop_checkpoint_path (const char *dir);
