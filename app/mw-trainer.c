/* mw-trainer.c: the worker thread bridge between a core MwRun and the UI. */

#include "config.h"

#include <math.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "mw-run-files.h"
#include "mw-time-left.h"
#include "mw-trainer.h"

/* At most this many deliveries a second (DESIGN.md: ~30 UI updates a second). */
#define MIN_DELIVERY_INTERVAL_US (G_USEC_PER_SEC / 30)

struct _MwTrainer
{
  GObject parent_instance;

  GThread *thread;
  MwExperimentConfig config;     /* the worker's copy, valid while thread runs */
  gboolean have_config;
  char *output_dir;              /* read by the worker; set only before start */
  char *resume_from;             /* checkpoint to continue from, or NULL; likewise */

  /* Shared with the worker: everything below is under lock. */
  GMutex lock;
  GCond cond;
  gboolean pause_requested;
  int steps_allowed;             /* iterations to run while paused */
  gboolean stop_requested;
  GArray *pending_points;        /* MwMetricPoint */
  MwRunState pending_state;
  MwTimeLeftInput pending_progress;
  char *pending_error;
  char *pending_notice;
  gboolean pending_reset;        /* the points replace the run's curves */
  guint source_id;               /* the one scheduled delivery, or 0 */
  gint64 last_delivery_us;

  /* Main thread only: the values as of the last delivery. */
  MwRunState state;
  gint64 iteration;
  gint64 total;
  int val_done;
  int val_total;
  double eta;
  gboolean eta_lower_bound;   /* validations to come are not in it: none timed yet */
  char *error_message;
  char *notice;
  guint n_deliveries;
};

G_DEFINE_FINAL_TYPE (MwTrainer, mw_trainer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ITERATION,
  PROP_TOTAL_ITERATIONS,
  PROP_PROGRESS,
  PROP_ETA_SECONDS,
  PROP_VALIDATION_DONE,
  PROP_VALIDATION_TOTAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  METRICS,
  CURVES_RESET,
  STATE_CHANGED,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* --- main thread: deliveries -------------------------------------------- */

static void
join_thread_func (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  g_thread_join (task_data);
  g_task_return_boolean (task, TRUE);
}

static gboolean
deliver_cb (gpointer data)
{
  MwTrainer *self = MW_TRAINER (data);
  g_autoptr(GArray) points = NULL;
  g_autofree char *error_message = NULL;
  g_autofree char *notice = NULL;
  MwRunState state;
  gint64 iteration;
  MwTimeLeftInput progress;
  double eta;
  gboolean state_changed, iteration_changed, validation_changed, reset;

  /* A handler may drop the last other reference (the run is over). */
  g_object_ref (self);

  g_mutex_lock (&self->lock);
  self->source_id = 0;
  self->last_delivery_us = g_get_monotonic_time ();
  points = g_steal_pointer (&self->pending_points);
  self->pending_points = g_array_new (FALSE, FALSE, sizeof (MwMetricPoint));
  state = self->pending_state;
  progress = self->pending_progress;
  iteration = progress.iteration;
  error_message = g_steal_pointer (&self->pending_error);
  notice = g_steal_pointer (&self->pending_notice);
  reset = self->pending_reset;
  self->pending_reset = FALSE;
  g_mutex_unlock (&self->lock);

  self->n_deliveries++;

  g_object_freeze_notify (G_OBJECT (self));

  iteration_changed = iteration != self->iteration;
  self->iteration = iteration;
  validation_changed = progress.val_done != self->val_done || progress.val_total != self->val_total;
  self->val_done = progress.val_done;
  self->val_total = progress.val_total;
  /* Kept while unknown: the last estimate is better than none. */
  eta = self->have_config ? mw_time_left_estimate (&progress, self->total, &self->config) : -1.0;
  if (eta >= 0.0 && (eta != self->eta ||
                     self->eta_lower_bound != mw_time_left_is_lower_bound (&progress, self->total, &self->config)))
    {
      self->eta = eta;
      self->eta_lower_bound = mw_time_left_is_lower_bound (&progress, self->total, &self->config);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA_SECONDS]);
    }
  if (iteration_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITERATION]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  if (validation_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATION_DONE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATION_TOTAL]);
    }

  if (reset)
    g_signal_emit (self, signals[CURVES_RESET], 0);
  if (points->len > 0)
    g_signal_emit (self, signals[METRICS], 0, points);
  if (notice != NULL)
    {
      g_free (self->notice);
      self->notice = g_steal_pointer (&notice);
    }

  state_changed = state != self->state;
  self->state = state;
  if (error_message != NULL)
    {
      g_free (self->error_message);
      self->error_message = g_strdup (error_message);
    }

  if (state_changed)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_signal_emit (self, signals[STATE_CHANGED], 0, state);
    }
  if (error_message != NULL)
    g_signal_emit (self, signals[FAILED], 0, error_message);

  /* The worker posts its final state as the very last thing it does, after
   * saving and freeing the run. Even so it may not get the CPU back for a
   * while on a busy machine (seen: ~90 ms), so another thread joins it; the
   * task keeps this object alive until then. */
  if (MW_RUN_STATE_IS_FINAL (state) && self->thread != NULL)
    {
      GTask *task = g_task_new (self, NULL, NULL, NULL);

      g_task_set_task_data (task, g_steal_pointer (&self->thread), NULL);
      g_task_run_in_thread (task, join_thread_func);
      g_object_unref (task);
    }

  g_object_thaw_notify (G_OBJECT (self));
  g_object_unref (self);

  return G_SOURCE_REMOVE;
}

/* Called with the lock held, from either thread. Keeps at most one delivery
 * scheduled, and none sooner than MIN_DELIVERY_INTERVAL_US after the last. */
static void
schedule_delivery_locked (MwTrainer *self)
{
  gint64 wait_us;

  if (self->source_id != 0)
    return;

  wait_us = self->last_delivery_us + MIN_DELIVERY_INTERVAL_US - g_get_monotonic_time ();
  if (wait_us <= 0)
    self->source_id = g_idle_add_full (G_PRIORITY_LOW, deliver_cb, self, NULL);
  else
    self->source_id = g_timeout_add_full (G_PRIORITY_LOW, (guint) (wait_us / 1000) + 1,
                                          deliver_cb, self, NULL);
}

/* --- worker thread ------------------------------------------------------- */

static void
post_state (MwTrainer  *self,
            MwRunState  state)
{
  g_mutex_lock (&self->lock);
  self->pending_state = state;
  schedule_delivery_locked (self);
  g_mutex_unlock (&self->lock);
}

static void
post_failure (MwTrainer    *self,
              const GError *error)
{
  g_mutex_lock (&self->lock);
  self->pending_state = MW_RUN_STATE_FAILED;
  g_free (self->pending_error);
  self->pending_error = g_strdup (error->message);
  schedule_delivery_locked (self);
  g_mutex_unlock (&self->lock);
}

/* The worker's side of one run, which the loop's hooks (mw-train-loop.h) share. */
typedef struct
{
  MwTrainer *self;
  GTimer    *active;           /* training time, pauses left out (for the ETA) */
  gboolean   paused;
  GArray    *all_points;       /* MwMetricPoint: every point so far, for series.gvariant */
  gboolean   validating;
  double     step_end;         /* active seconds when the last step ended */
  double     val_seconds;      /* active seconds in validations that ended */
  gint64     val_episodes;     /* and their episodes */
  int        val_done;         /* episodes of the validation going on */
  double     val_report;       /* active seconds at its last report */
  double     timed_seconds;    /* of it, the blocks of episodes timed whole */
  int        timed_episodes;
} Worker;

/* Says how far the validation is, for the run's row and the time left; Stop also
 * interrupts it.  The first call comes after the first block of episodes, so the
 * validation is timed from the end of the step before it. */
static gboolean
eval_progress_cb (int      done,
                  int      total,
                  gpointer data)
{
  Worker *w = data;
  MwTrainer *self = w->self;
  double now = g_timer_elapsed (w->active, NULL);
  gboolean go_on;

  w->validating = TRUE;
  /* Episodes are evaluated a block at a time and reported one by one as the block
   * ends: a report after a gap begins a block, and the one before it timed the
   * blocks before exactly (the first report of a block comes with the whole block's
   * time and one episode of it). */
  if (w->val_done > 0 && now - w->val_report > 1e-3)
    {
      w->timed_seconds = w->val_report - w->step_end;
      w->timed_episodes = w->val_done;
    }
  w->val_report = now;
  w->val_done = done;
  g_mutex_lock (&self->lock);
  go_on = !self->stop_requested;
  self->pending_progress.val_done = done;
  self->pending_progress.val_total = total;
  self->pending_progress.active_seconds = now;
  self->pending_progress.val_seconds = w->val_seconds + w->timed_seconds;
  self->pending_progress.val_episodes = w->val_episodes + w->timed_episodes;
  schedule_delivery_locked (self);
  g_mutex_unlock (&self->lock);

  return go_on;
}

/* Ends the validation of the iteration, if it had one. */
static void
worker_iteration_done (MwRun              *run,
                       const MwStepStats  *stats,
                       const MwEvalResult *val,
                       gpointer            data)
{
  Worker *w = data;
  MwTrainer *self = w->self;
  double now = g_timer_elapsed (w->active, NULL);

  if (!w->validating && val == NULL)
    return;
  if (w->validating)
    {
      w->validating = FALSE;
      w->val_seconds += now - w->step_end;
      w->val_episodes += w->val_done;
      w->val_done = w->timed_episodes = 0;
      w->timed_seconds = 0.0;
    }
  g_mutex_lock (&self->lock);
  self->pending_progress.val_done = 0;
  self->pending_progress.val_total = 0;
  self->pending_progress.active_seconds = now;
  self->pending_progress.val_seconds = w->val_seconds;
  self->pending_progress.val_episodes = w->val_episodes;
  if (val != NULL)
    self->pending_progress.validated_at = mw_run_get_iteration (run);
  schedule_delivery_locked (self);
  g_mutex_unlock (&self->lock);
}

/* Between meta-iterations: honours pause and single-step, and says whether to stop. */
static gboolean
worker_should_stop (gpointer data)
{
  Worker *w = data;
  MwTrainer *self = w->self;
  gboolean stop, waited = FALSE;

  g_mutex_lock (&self->lock);
  while (self->pause_requested && self->steps_allowed == 0 && !self->stop_requested)
    {
      if (!waited)
        {
          waited = TRUE;
          g_timer_stop (w->active);   /* paused time does not count for the ETA */
        }
      if (!w->paused)
        {
          w->paused = TRUE;
          self->pending_state = MW_RUN_STATE_PAUSED;
          schedule_delivery_locked (self);
        }
      g_cond_wait (&self->cond, &self->lock);
    }
  if (waited)
    g_timer_continue (w->active);
  stop = self->stop_requested;
  if (!stop && self->pause_requested)
    self->steps_allowed--;   /* a single step: the state stays paused */
  else if (!stop && w->paused)
    {
      w->paused = FALSE;
      self->pending_state = MW_RUN_STATE_RUNNING;
      schedule_delivery_locked (self);
    }
  g_mutex_unlock (&self->lock);

  return stop;
}

static void
worker_begin (MwRun    *run,
              gpointer  data)
{
  Worker *w = data;

  w->active = g_timer_new ();
  g_mutex_lock (&w->self->lock);
  w->self->pending_progress.first_iteration = mw_run_get_iteration (run);
  w->self->pending_progress.validated_at = mw_run_get_iteration (run);
  g_mutex_unlock (&w->self->lock);
  post_state (w->self, MW_RUN_STATE_RUNNING);
}

static void
worker_points (MwRun               *run,
               const MwMetricPoint *points,
               guint                n_points,
               gpointer             data)
{
  Worker *w = data;
  MwTrainer *self = w->self;

  g_array_append_vals (w->all_points, points, n_points);
  if (!w->validating)
    w->step_end = g_timer_elapsed (w->active, NULL);
  g_mutex_lock (&self->lock);
  g_array_append_vals (self->pending_points, points, n_points);
  self->pending_progress.iteration = mw_run_get_iteration (run);
  self->pending_progress.active_seconds = g_timer_elapsed (w->active, NULL);
  schedule_delivery_locked (self);
  g_mutex_unlock (&self->lock);
}

/* The chart points, saved whenever the loop saves (before the checkpoint). */
static gboolean
worker_save (MwRun    *run,
             gpointer  data,
             GError  **error)
{
  Worker *w = data;

  return mw_run_files_save_series (w->self->output_dir, w->all_points, error);
}


/* Files of the dataset the run goes without, named with the reason (the
 * same file may be listed by several splits of one folder). NULL if none. */
static char *
describe_skipped (MwRun *run)
{
  static const char *const roles[] = { "train", "val", "test" };
  const guint shown_max = 20;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) lines = g_string_new (NULL);
  guint n = 0;

  for (gsize r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      const MwDataset *ds = mw_run_get_dataset (run, roles[r]);

      for (guint i = 0; ds != NULL && ds->skipped != NULL && i < ds->skipped->len; i++)
        {
          const MwSkippedFile *f = g_ptr_array_index (ds->skipped, i);

          if (!g_hash_table_add (seen, f->path))
            continue;
          if (n++ < shown_max)
            /* Translators: a file of the dataset that training goes on
             * without, and why ("…/a.png: corrupt PNG"). */
            g_string_append_printf (lines, _("\n%s: %s"), f->path, f->reason);
        }
    }
  if (n == 0)
    return NULL;
  if (n > shown_max)
    g_string_append_printf (lines, g_dngettext (GETTEXT_PACKAGE, "\n… and %u more file",
                                                "\n… and %u more files", n - shown_max),
                            n - shown_max);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Training without %u file that could not be read:%s",
                                       "Training without %u files that could not be read:%s", n),
                          n, lines->str);
}

/* A continued run's points as far as its checkpoint: points saved after it
 * (before a crash) would be trained again. */
static void
load_points_upto (const char *dir,
                  MwRun      *run,
                  GArray     *kept)
{
  g_autoptr(GArray) saved = NULL;
  g_autoptr(GError) error = NULL;
  gint64 iteration = mw_run_get_iteration (run);
  const MwMetricSpec *specs;
  guint n_specs;

  specs = mw_metric_specs (mw_run_get_config (run), &n_specs);
  if (!mw_run_files_load_series (dir, specs, n_specs, &saved, &error))
    {
      g_warning ("%s", error->message);
      return;
    }
  for (guint i = 0; i < saved->len; i++)
    {
      MwMetricPoint *p = &g_array_index (saved, MwMetricPoint, i);

      if (p->iteration <= (double) iteration)
        g_array_append_val (kept, *p);
    }
}

static gpointer
worker_main (gpointer data)
{
  MwTrainer *self = data;
  static const MwTrainLoopHooks hooks = {
    .should_stop = worker_should_stop,
    .begin = worker_begin,
    .points = worker_points,
    .iteration_done = worker_iteration_done,
    .eval_progress = eval_progress_cb,
    .save = worker_save,
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) all_points = g_array_new (FALSE, FALSE, sizeof (MwMetricPoint));
  Worker w = { self, NULL, FALSE, all_points, FALSE, 0.0, 0.0, 0, 0, 0.0, 0.0, 0 };
  MwTrainLoopOptions options = { self->output_dir, self->resume_from != NULL, TRUE };
  MwRunFolderLock *folder_lock = NULL;
  MwRunState final_state;
  MwRun *run;

  /* Training must never make the window wait for a processor. */
  mw_core_thread_set_background ();
  /* The folder is this run's alone while it trains: another window or the
   * command line training into it is refused, and refuses this one. */
  if (self->output_dir != NULL &&
      (folder_lock = mw_run_folder_lock (self->output_dir, &error)) == NULL)
    {
      post_failure (self, error);
      return NULL;
    }
  /* A continued run takes its settings and state from its checkpoint. */
  if (self->resume_from != NULL)
    run = mw_run_new_from_checkpoint (self->resume_from, &error);
  else
    run = mw_run_new (&self->config, &error);
  if (run == NULL)
    {
      mw_run_folder_unlock (folder_lock);
      post_failure (self, error);
      return NULL;
    }

  {
    g_autofree char *notice = describe_skipped (run);

    /* Continuing: how the class split recorded in the checkpoint was used. */
    if (mw_run_get_split_note (run) != NULL)
      {
        char *both = notice != NULL ? g_strdup_printf ("%s\n%s", mw_run_get_split_note (run), notice)
                                    : g_strdup (mw_run_get_split_note (run));

        g_free (notice);
        notice = both;
      }
    if (notice != NULL)
      {
        g_mutex_lock (&self->lock);
        g_free (self->pending_notice);
        self->pending_notice = g_steal_pointer (&notice);
        g_mutex_unlock (&self->lock);
      }
  }

  if (self->resume_from != NULL)
    {
      gint64 start = mw_run_get_iteration (run);

      /* The charts start again from the curves as of the checkpoint. */
      if (self->output_dir != NULL)
        load_points_upto (self->output_dir, run, all_points);
      g_mutex_lock (&self->lock);
      g_array_append_vals (self->pending_points, all_points->data, all_points->len);
      self->pending_reset = TRUE;
      self->pending_progress.iteration = start;
      self->pending_progress.first_iteration = start;
      g_mutex_unlock (&self->lock);
    }

  switch (mw_run_train_loop (run, &options, &hooks, &w, &error))
    {
    case MW_TRAIN_LOOP_FINISHED:
      final_state = MW_RUN_STATE_FINISHED;
      break;
    case MW_TRAIN_LOOP_STOPPED:
      final_state = MW_RUN_STATE_STOPPED;
      break;
    case MW_TRAIN_LOOP_FAILED:
      final_state = MW_RUN_STATE_FAILED;
      break;
    case MW_TRAIN_LOOP_SAVE_FAILED:
    case MW_TRAIN_LOOP_METRICS_LOST:
    default:
      {
        g_autoptr(GError) saving = g_steal_pointer (&error);

        /* Translators: %s says which file could not be written and why. */
        g_set_error (&error, saving->domain, saving->code,
                     _("Could not save the run: %s. Training stopped here; what was saved "
                       "before is kept."), saving->message);
        final_state = MW_RUN_STATE_FAILED;
      }
      break;
    }
  g_clear_pointer (&w.active, g_timer_destroy);
  mw_run_free (run);
  /* Let go before saying so: whoever sees the final state may take the folder. */
  mw_run_folder_unlock (folder_lock);

  /* Last: the main thread joins this thread when it sees a final state. */
  if (final_state == MW_RUN_STATE_FAILED)
    post_failure (self, error);
  else
    post_state (self, final_state);

  return NULL;
}

/* --- main thread: control ------------------------------------------------ */

static void
join_worker (MwTrainer *self)
{
  if (self->thread == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stop_requested = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  g_thread_join (g_steal_pointer (&self->thread));
}

void
mw_trainer_set_output_dir (MwTrainer  *self,
                           const char *dir)
{
  g_return_if_fail (MW_IS_TRAINER (self));
  g_return_if_fail (self->thread == NULL);

  g_free (self->output_dir);
  self->output_dir = g_strdup (dir);
}

void
mw_trainer_set_resume_from (MwTrainer  *self,
                            const char *checkpoint)
{
  g_return_if_fail (MW_IS_TRAINER (self));
  g_return_if_fail (self->thread == NULL);

  g_free (self->resume_from);
  self->resume_from = g_strdup (checkpoint);
}

const char *
mw_trainer_get_notice (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), NULL);
  return self->notice;
}

const char *
mw_trainer_get_output_dir (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), NULL);
  return self->output_dir;
}

gboolean
mw_trainer_start (MwTrainer                *self,
                  const MwExperimentConfig *config,
                  GError                  **error)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), FALSE);
  g_return_val_if_fail (config != NULL, FALSE);

  if (!mw_experiment_config_validate (config, error))
    return FALSE;

  join_worker (self);

  if (self->have_config)
    mw_experiment_config_clear (&self->config);
  mw_experiment_config_copy (&self->config, config);
  self->have_config = TRUE;

  /* Forget whatever the previous run left undelivered. */
  g_mutex_lock (&self->lock);
  if (self->source_id != 0)
    g_source_remove (self->source_id);
  self->source_id = 0;
  g_array_set_size (self->pending_points, 0);
  g_clear_pointer (&self->pending_error, g_free);
  g_clear_pointer (&self->pending_notice, g_free);
  self->pending_reset = FALSE;
  self->pending_state = MW_RUN_STATE_LOADING;
  self->pending_progress = (MwTimeLeftInput) { .validated_at = -1 };
  self->pause_requested = FALSE;
  self->steps_allowed = 0;
  self->stop_requested = FALSE;
  g_mutex_unlock (&self->lock);

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->notice, g_free);
  self->total = config->iterations;
  self->iteration = 0;
  self->val_done = 0;
  self->val_total = 0;
  self->eta = -1.0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATION_DONE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATION_TOTAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL_ITERATIONS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITERATION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ETA_SECONDS]);
  if (self->state != MW_RUN_STATE_LOADING)
    {
      self->state = MW_RUN_STATE_LOADING;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_signal_emit (self, signals[STATE_CHANGED], 0, self->state);
    }
  g_object_thaw_notify (G_OBJECT (self));

  self->thread = g_thread_new ("mw-trainer", worker_main, self);

  return TRUE;
}

void
mw_trainer_pause (MwTrainer *self)
{
  g_return_if_fail (MW_IS_TRAINER (self));

  g_mutex_lock (&self->lock);
  self->pause_requested = TRUE;
  self->steps_allowed = 0;
  g_mutex_unlock (&self->lock);
}

void
mw_trainer_resume (MwTrainer *self)
{
  g_return_if_fail (MW_IS_TRAINER (self));

  g_mutex_lock (&self->lock);
  self->pause_requested = FALSE;
  self->steps_allowed = 0;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
mw_trainer_step (MwTrainer *self)
{
  g_return_if_fail (MW_IS_TRAINER (self));

  g_mutex_lock (&self->lock);
  if (self->pause_requested)
    {
      self->steps_allowed++;
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
}

void
mw_trainer_stop (MwTrainer *self)
{
  g_return_if_fail (MW_IS_TRAINER (self));

  g_mutex_lock (&self->lock);
  self->stop_requested = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

MwRunState
mw_trainer_get_state (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), MW_RUN_STATE_IDLE);
  return self->state;
}

gint64
mw_trainer_get_iteration (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), 0);
  return self->iteration;
}

gint64
mw_trainer_get_total_iterations (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), 0);
  return self->total;
}

double
mw_trainer_get_progress (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), 0.0);
  if (self->total <= 0)
    return 0.0;
  return CLAMP ((double) self->iteration / (double) self->total, 0.0, 1.0);
}

double
mw_trainer_get_eta_seconds (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), -1.0);
  return self->eta;
}

gboolean
mw_trainer_get_eta_is_lower_bound (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), FALSE);
  return self->eta_lower_bound;
}

int
mw_trainer_get_validation_done (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), 0);
  return self->val_done;
}

int
mw_trainer_get_validation_total (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), 0);
  return self->val_total;
}

const char *
mw_trainer_get_error_message (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), NULL);
  return self->error_message;
}

guint
mw_trainer_get_n_deliveries (MwTrainer *self)
{
  g_return_val_if_fail (MW_IS_TRAINER (self), 0);
  return self->n_deliveries;
}

/* --- GObject ------------------------------------------------------------- */

static void
mw_trainer_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MwTrainer *self = MW_TRAINER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ITERATION:
      g_value_set_int64 (value, self->iteration);
      break;
    case PROP_TOTAL_ITERATIONS:
      g_value_set_int64 (value, self->total);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, mw_trainer_get_progress (self));
      break;
    case PROP_ETA_SECONDS:
      g_value_set_double (value, self->eta);
      break;
    case PROP_VALIDATION_DONE:
      g_value_set_int (value, self->val_done);
      break;
    case PROP_VALIDATION_TOTAL:
      g_value_set_int (value, self->val_total);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_trainer_dispose (GObject *object)
{
  MwTrainer *self = MW_TRAINER (object);

  /* The worker holds a plain pointer to self: it must be gone first. */
  join_worker (self);

  g_mutex_lock (&self->lock);
  if (self->source_id != 0)
    g_source_remove (self->source_id);
  self->source_id = 0;
  g_mutex_unlock (&self->lock);

  G_OBJECT_CLASS (mw_trainer_parent_class)->dispose (object);
}

static void
mw_trainer_finalize (GObject *object)
{
  MwTrainer *self = MW_TRAINER (object);

  if (self->have_config)
    mw_experiment_config_clear (&self->config);
  g_array_unref (self->pending_points);
  g_free (self->pending_error);
  g_free (self->pending_notice);
  g_free (self->error_message);
  g_free (self->notice);
  g_free (self->output_dir);
  g_free (self->resume_from);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (mw_trainer_parent_class)->finalize (object);
}

static void
mw_trainer_class_init (MwTrainerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = mw_trainer_get_property;
  object_class->dispose = mw_trainer_dispose;
  object_class->finalize = mw_trainer_finalize;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MW_TYPE_RUN_STATE, MW_RUN_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITERATION] =
    g_param_spec_int64 ("iteration", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL_ITERATIONS] =
    g_param_spec_int64 ("total-iterations", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ETA_SECONDS] =
    g_param_spec_double ("eta-seconds", NULL, NULL, -1.0, G_MAXDOUBLE, -1.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The validation going on: episodes done, of how many (0 when not validating). */
  properties[PROP_VALIDATION_DONE] =
    g_param_spec_int ("validation-done", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALIDATION_TOTAL] =
    g_param_spec_int ("validation-total", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MwTrainer::metrics:
   * @points: (element-type MwMetricPoint): new points of the run's charted
   *   series (mw_metric_specs), each named, in the unit shown (an accuracy
   *   in percent, with its 95% interval as the band)
   */
  signals[METRICS] =
    g_signal_new ("metrics", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ARRAY);
  /**
   * MwTrainer::curves-reset:
   *
   * A continued run starts again from its checkpoint: the points of the
   * metrics emitted right after replace the run's curves.
   */
  signals[CURVES_RESET] =
    g_signal_new ("curves-reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MW_TYPE_RUN_STATE);
  /**
   * MwTrainer::failed:
   * @message: why the run stopped (bad data, divergence, …)
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mw_trainer_init (MwTrainer *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->pending_points = g_array_new (FALSE, FALSE, sizeof (MwMetricPoint));
  self->state = MW_RUN_STATE_IDLE;
  self->pending_state = MW_RUN_STATE_IDLE;
  self->eta = -1.0;
}

MwTrainer *
mw_trainer_new (void)
{
  return g_object_new (MW_TYPE_TRAINER, NULL);
}
