/* mw-train-loop.c: the one training loop (see mw-train-loop.h).
 *
 * It replaces two copies, the CLI's and the window's worker's, which had drifted.
 * Where they differed, the safer rule was kept, for both:
 *  - metrics that cannot be opened: the CLI refused to start, the window trained
 *    without them; now the run does not start (the same full disk would stop it at
 *    its first save anyway, after work that could not be kept).
 *  - a validation that fails (its episodes cannot be made): the CLI went on without
 *    it, the window stopped without even that iteration's row; now the row is
 *    written and the run stops, keeping its last checkpoint: the same error would
 *    come back at every validation and at the test.
 *  - the end of a run whose last metrics rows cannot be written: the window kept no
 *    checkpoint, the CLI saved the trained model and said the rows are missing; now
 *    the model is saved (it is what the run was for; no one resumes a finished run).
 *    A stop is different: its checkpoint is one to continue from, so it is written
 *    only after the metrics are, as every checkpoint before the end.
 *  - the last iteration's files were written twice by both (on the schedule, then at
 *    the end); now once, at the end.
 *  - stopping: the window checked before each step, the CLI after; now before each
 *    step (the same iteration is the last), and a stop before the first step of a
 *    fresh run writes no checkpoint (there is nothing to continue from). */
#include "config.h"
#include "mw-train-loop.h"
#include "mw-metrics-log.h"

#include <glib/gi18n-lib.h>

char *
mw_train_loop_checkpoint_path (const char *dir)
{
  return g_build_filename (dir, "checkpoint.mwc", NULL);
}

/* Metrics first, then the front end's files, then the checkpoint: killed in between,
 * the saved metrics and curves still reach the checkpoint (continuing drops what lies
 * past it), where the other order left them short of it. */
static gboolean
save (MwRun *run, const MwTrainLoopOptions *o, const MwTrainLoopHooks *h, gpointer user_data,
      MwMetricsLog *log, gboolean checkpoint, GError **error)
{
  if (o->dir == NULL)
    return TRUE;
  if (!mw_metrics_log_flush (log, error))
    return FALSE;
  if (h->save != NULL && !h->save (run, user_data, error))
    return FALSE;
  if (!checkpoint || mw_run_get_iteration (run) == 0)
    return TRUE;
  g_autofree char *path = mw_train_loop_checkpoint_path (o->dir);
  return mw_run_save_checkpoint (run, path, error);
}

MwTrainLoopEnd
mw_run_train_loop (MwRun *run, const MwTrainLoopOptions *o, const MwTrainLoopHooks *h,
                   gpointer user_data, GError **error)
{
  static const MwTrainLoopHooks none = { 0 };
  if (h == NULL)
    h = &none;
  const MwExperimentConfig *c = mw_run_get_config (run);
  MwMetricsLog *log = NULL;
  if (o->dir != NULL)
    {
      log = o->resume ? mw_metrics_log_open_resume (o->dir, mw_run_get_iteration (run), error)
                      : mw_metrics_log_open (o->dir, FALSE, error);
      if (log == NULL)
        return MW_TRAIN_LOOP_SAVE_FAILED;
    }
  if (h->begin != NULL)
    h->begin (run, user_data);

  MwTrainLoopEnd end;
  for (;;)
    {
      if (h->should_stop != NULL && h->should_stop (user_data))
        {
          end = MW_TRAIN_LOOP_STOPPED;
          break;
        }
      if (mw_run_is_finished (run))
        {
          end = MW_TRAIN_LOOP_FINISHED;
          break;
        }
      MwStepStats st;
      if (!mw_run_train_step (run, &st, error))
        {
          end = MW_TRAIN_LOOP_FAILED;
          break;
        }
      if (h->step_done != NULL)
        h->step_done (run, &st, user_data);

      gint64 it = mw_run_get_iteration (run);
      MwEvalResult val = { 0 };
      gboolean validated = FALSE, val_failed = FALSE;
      if (o->validate && c->eval_every > 0 && (it % c->eval_every == 0 || mw_run_is_finished (run)))
        {
          GError *local = NULL;
          if (mw_run_validate (run, h->eval_progress, user_data, &val, &local))
            validated = TRUE;
          else if (g_error_matches (local, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_CANCELLED))
            g_error_free (local);   /* a stop: should_stop says so next */
          else
            {
              val_failed = TRUE;
              g_propagate_prefixed_error (error, local, _("validation failed: "));
            }
        }
      if (log != NULL)
        mw_metrics_log_write (log, it, mw_run_get_tasks_seen (run), mw_run_get_train_seconds (run),
                              &st, validated ? &val : NULL);
      if (h->iteration_done != NULL)
        h->iteration_done (run, &st, validated ? &val : NULL, user_data);
      mw_eval_result_clear (&val);
      if (val_failed)
        {
          end = MW_TRAIN_LOOP_FAILED;
          break;
        }
      /* checkpoint-every = 0: at every validation, so a run killed midway can go on.
       * The last iteration is saved once, below. */
      gboolean checkpoint = c->checkpoint_every > 0 ? it % c->checkpoint_every == 0 : validated;
      if ((checkpoint || validated) && !mw_run_is_finished (run)
          && !save (run, o, h, user_data, log, checkpoint, error))
        {
          end = MW_TRAIN_LOOP_SAVE_FAILED;
          break;
        }
    }

  switch (end)
    {
    case MW_TRAIN_LOOP_FINISHED:
      if (o->dir != NULL)
        {
          /* The trained model is saved even when the last rows could not be. */
          GError *lost = NULL;
          gboolean rows = mw_metrics_log_flush (log, &lost)
                          && (h->save == NULL || h->save (run, user_data, &lost));
          g_autofree char *path = mw_train_loop_checkpoint_path (o->dir);
          if (!mw_run_save_checkpoint (run, path, error))
            {
              g_clear_error (&lost);
              end = MW_TRAIN_LOOP_SAVE_FAILED;
            }
          else if (!rows)
            {
              g_propagate_error (error, lost);
              end = MW_TRAIN_LOOP_METRICS_LOST;
            }
        }
      break;
    case MW_TRAIN_LOOP_STOPPED:
      if (!save (run, o, h, user_data, log, TRUE, error))
        end = MW_TRAIN_LOOP_SAVE_FAILED;
      break;
    case MW_TRAIN_LOOP_FAILED:
      {
        /* The rows and curves up to the failure; no checkpoint (a diverged state is
         * not worth continuing from), the last good one stays. */
        g_autoptr (GError) ignored = NULL;
        save (run, o, h, user_data, log, FALSE, &ignored);
      }
      break;
    case MW_TRAIN_LOOP_SAVE_FAILED:
    case MW_TRAIN_LOOP_METRICS_LOST:
      break;
    }
  mw_metrics_log_close (log);
  return end;
}
