/* mw-train-loop.c: the one training loop (see mw-train-loop.h).
 *
 * The rules where a command line and a window could each have done otherwise, and
 * why each is the safer one:
 *  - metrics that cannot be opened refuse the run: the same full disk would stop
 *    it at its first save, after work that could not be kept.
 *  - a validation that fails (its episodes cannot be made) writes the iteration's
 *    row and stops the run, keeping its last checkpoint: the same error would come
 *    back at every validation and at the test, and going on without it would leave
 *    a run whose validation is silently missing.
 *  - at the end of a run the trained model is saved even when its last metrics rows
 *    cannot be (the run then says so): the model is what the run was for, and no
 *    one continues a finished run.  Every other checkpoint, a stop's included, is
 *    one to continue from, so it is written only after the metrics are.
 *  - the last iteration's files are written once, at the end.
 *  - a stop is asked for before each step, so the iteration that was going ends
 *    first; a stop before the first step of a fresh run writes no checkpoint (there
 *    is nothing to continue from). */
#include "config.h"
#include "mw-train-loop.h"
#include "mw-metrics-log.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* The charted series among specs that have a value now, as points. */
static void
emit_points (MwRun *run, const MwTrainLoopHooks *h, gpointer user_data, const MwMetricSpec *specs,
             guint n_specs, const MwStepStats *st, const MwEvalResult *val)
{
  MwMetricPoint points[8];
  guint n = 0;
  if (h->points == NULL)
    return;
  for (guint i = 0; i < n_specs && n < G_N_ELEMENTS (points); i++)
    {
      double v, ci, scale = mw_metric_unit_scale (specs[i].unit);
      if (!specs[i].charted || !mw_metric_spec_value (&specs[i], st, val, &v, &ci))
        continue;
      points[n++] = (MwMetricPoint) {
        .series = g_intern_static_string (specs[i].name),
        .iteration = (double) mw_run_get_iteration (run),
        .tasks = (double) mw_run_get_tasks_seen (run),
        .seconds = mw_run_get_train_seconds (run),
        .y = scale * v,
        .y_lo = specs[i].has_ci ? scale * (v - ci) : NAN,
        .y_hi = specs[i].has_ci ? scale * (v + ci) : NAN,
      };
    }
  if (n > 0)
    h->points (run, points, n, user_data);
}

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
  guint n_specs;
  const MwMetricSpec *specs = mw_metric_specs (c, &n_specs);
  MwMetricsLog *log = NULL;
  if (o->dir != NULL)
    {
      log = o->resume ? mw_metrics_log_open_resume (o->dir, mw_run_get_iteration (run), specs,
                                                    n_specs, error)
                      : mw_metrics_log_open (o->dir, FALSE, specs, n_specs, error);
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
      emit_points (run, h, user_data, specs, n_specs, &st, NULL);

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
      if (validated)
        emit_points (run, h, user_data, specs, n_specs, NULL, &val);
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
