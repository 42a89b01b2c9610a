/* mw-trainer.h: runs one experiment in a worker thread and reports back on the
 * main loop.
 *
 * The worker loads the data (mw_run_new, which may take seconds), then loops over
 * meta-iterations, validating every eval-every iterations. It never touches a
 * widget: it queues metric points under a mutex and schedules at most one
 * low-priority main-loop callback at a time, at most ~30 a second, which emits
 * the signals below on the main thread. Pause, resume, single-step and stop take
 * effect between meta-iterations (stop also interrupts a validation).
 *
 * The worker reports its final state (finished, failed, stopped) only after it
 * has saved the run's files and freed the run; a thread of GIO's pool then
 * joins it. Nothing on the main thread waits for the worker, except disposing
 * of a trainer whose run is still going (quitting).
 */
#pragma once

#include <glib-object.h>

#include "mw-core.h"
#include "mw-run-control.h"

G_BEGIN_DECLS

#define MW_TYPE_TRAINER (mw_trainer_get_type ())
G_DECLARE_FINAL_TYPE (MwTrainer, mw_trainer, MW, TRAINER, GObject)

/* Returns: (transfer full): a trainer in MW_RUN_STATE_IDLE. */
MwTrainer  *mw_trainer_new                 (void);

/* Where the worker writes the run's files (metrics.csv/.jsonl, checkpoint.mwc,
 * series.gvariant); NULL (the default) writes nothing. Set before starting. */
void        mw_trainer_set_output_dir      (MwTrainer                *self,
                                            const char               *dir);
/* Returns: (transfer none) (nullable) */
const char *mw_trainer_get_output_dir      (MwTrainer                *self);
/* Makes the next start continue from @checkpoint (NULL: a fresh run): its
 * settings and state come from the file, the metrics drop rows written after
 * it, and ::curves-reset replaces the curves with the saved ones up to it.
 * Set before starting. */
void        mw_trainer_set_resume_from     (MwTrainer                *self,
                                            const char               *checkpoint);

/* Starts a new run with a copy of @config (state → loading, then running).
 * A run still going is stopped and joined first. Returns FALSE with @error
 * (and changes nothing) when @config does not validate. */
gboolean    mw_trainer_start               (MwTrainer                *self,
                                            const MwExperimentConfig *config,
                                            GError                  **error);
void        mw_trainer_pause               (MwTrainer                *self);
void        mw_trainer_resume              (MwTrainer                *self);
/* While paused: runs exactly one meta-iteration, then pauses again. */
void        mw_trainer_step                (MwTrainer                *self);
/* Cancels the run; the state becomes stopped once the worker has noticed. */
void        mw_trainer_stop                (MwTrainer                *self);

/* The values as of the last main-loop delivery. */
MwRunState  mw_trainer_get_state           (MwTrainer                *self);
gint64      mw_trainer_get_iteration       (MwTrainer                *self);
gint64      mw_trainer_get_total_iterations (MwTrainer               *self);
double      mw_trainer_get_progress        (MwTrainer                *self);
/* Seconds left at the current pace; negative while unknown. */
double      mw_trainer_get_eta_seconds     (MwTrainer                *self);
/* Whether that leaves out validations not timed yet (mw-time-left.h): the
 * run has at least that long to go. */
gboolean    mw_trainer_get_eta_is_lower_bound (MwTrainer             *self);
/* The validation going on: episodes done, of how many (0 when the run is not
 * validating). */
int         mw_trainer_get_validation_done  (MwTrainer               *self);
int         mw_trainer_get_validation_total (MwTrainer               *self);
/* Returns: (transfer none) (nullable): the message of the last failure. */
const char *mw_trainer_get_error_message   (MwTrainer                *self);
/* Returns: (transfer none) (nullable): files of the dataset the run goes
 * without, named with the reasons (as of the last delivery). */
const char *mw_trainer_get_notice          (MwTrainer                *self);
/* Number of main-loop deliveries so far (for tests and diagnostics). */
guint       mw_trainer_get_n_deliveries    (MwTrainer                *self);

G_END_DECLS
