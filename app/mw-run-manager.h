/* mw-run-manager.h: every run of the application: the list the window shows,
 * the queue, the trainers of the runs that go, and their folders on disk.
 *
 * Each run lives in <runs-dir>/<id>/: the core's experiment.ini, metrics.csv,
 * metrics.jsonl and checkpoint.mwc, the chart points by series name
 * (series.gvariant; curves.gvariant in runs saved before) and run.ini (a GKeyFile: name, colour, visibility, state, progress, checkpoint,
 * error). Saved runs come back, with their curves, from mw_run_manager_load(),
 * which reads the folders in a worker thread; a run that was going when the
 * application quit comes back stopped, and one that was going when it was
 * killed comes back stopped and interrupted; either can continue from its
 * checkpoint (mw_run_manager_continue_run).
 *
 * A run's folder is locked while its trainer writes to it (mw-run-folder.h):
 * a saved run whose folder another live process holds (a second window on the
 * same runs folder, the command line) shows as "Training in another window"
 * (MwRunItem:elsewhere), is neither continued, deleted nor written here, and is
 * read again once that process lets go.
 *
 * Runs start in the order they were added; at most max-concurrent go at once.
 */
#pragma once

#include <glib-object.h>

#include "mw-core.h"
#include "mw-run-item.h"
#include "mw-trainer.h"

G_BEGIN_DECLS

#define MW_TYPE_RUN_MANAGER (mw_run_manager_get_type ())
G_DECLARE_FINAL_TYPE (MwRunManager, mw_run_manager, MW, RUN_MANAGER, GObject)

/* How many runs train at once by default: half the processors, at least one.
 * Each run's maths already uses several threads (OpenBLAS, the parallel
 * meta-batch), so a second run only pays where there are cores to spare; on a
 * 2-core machine runs go one after another. */
guint         mw_run_manager_default_max_concurrent (void);

/* @runs_dir: (nullable): NULL means g_get_user_data_dir()/meta-workbench/runs.
 * Returns: (transfer full) */
MwRunManager *mw_run_manager_new             (const char               *runs_dir);

const char   *mw_run_manager_get_runs_dir    (MwRunManager             *self);
/* Returns: (transfer none): the GListModel of MwRunItem, oldest first. */
GListModel   *mw_run_manager_get_runs        (MwRunManager             *self);

guint         mw_run_manager_get_max_concurrent (MwRunManager          *self);
void          mw_run_manager_set_max_concurrent (MwRunManager          *self,
                                                 guint                  max_concurrent);

/* Reads the saved runs in a worker thread and adds them, then emits
 * ::loaded. Call once. */
void          mw_run_manager_load            (MwRunManager             *self);
gboolean      mw_run_manager_get_loaded      (MwRunManager             *self);

/* Adds a run of a copy of @config, saves its folder and queues it; it starts
 * at once when a slot is free. Returns: (transfer none): the new run, or
 * NULL with @error when @config does not validate. */
MwRunItem    *mw_run_manager_add_run         (MwRunManager             *self,
                                              const MwExperimentConfig *config,
                                              GError                  **error);

/* Act on one run; ignored where they make no sense. Stop takes a queued run
 * off the queue. None of them waits for the worker. */
void          mw_run_manager_pause           (MwRunManager             *self,
                                              MwRunItem                *item);
void          mw_run_manager_resume          (MwRunManager             *self,
                                              MwRunItem                *item);
void          mw_run_manager_step            (MwRunManager             *self,
                                              MwRunItem                *item);
void          mw_run_manager_stop            (MwRunManager             *self,
                                              MwRunItem                *item);
/* Queues a stopped or interrupted run to continue from its last checkpoint
 * to its iteration count (see MwRunItem:resumable); its metrics drop rows
 * written after the checkpoint, and ::curves-reset then ::metrics give the
 * charts its curves as of the checkpoint. FALSE (nothing done) if it cannot. */
gboolean      mw_run_manager_continue_run    (MwRunManager             *self,
                                              MwRunItem                *item);
/* Stops the run, removes it from the list and deletes its folder (in the
 * background, once its worker is done); a hidden run too. */
void          mw_run_manager_delete_run      (MwRunManager             *self,
                                              MwRunItem                *item);
/* Takes the run out of the list while its delete can still be undone: its
 * training pauses (one the user paused stays so), a queued run leaves the
 * queue, and its folder, name and colour stay its own. FALSE (nothing done)
 * for a run trained elsewhere or not in the list. Quitting deletes the runs
 * still hidden (mw_run_manager_shutdown). */
gboolean      mw_run_manager_hide_run        (MwRunManager             *self,
                                              MwRunItem                *item);
/* Puts a hidden run back at its place in the list: its training resumes, a
 * queued run goes back to its place in the queue. FALSE if it is not hidden. */
gboolean      mw_run_manager_unhide_run      (MwRunManager             *self,
                                              MwRunItem                *item);
gboolean      mw_run_manager_get_hidden      (MwRunManager             *self,
                                              MwRunItem                *item);

/* Returns: (transfer none) (nullable): the trainer of a run that goes. */
MwTrainer    *mw_run_manager_get_trainer     (MwRunManager             *self,
                                              MwRunItem                *item);
/* Returns: (transfer none) (nullable): the run's settings (NULL for a saved
 * run whose experiment.ini could not be read). */
const MwExperimentConfig *mw_run_manager_get_config (MwRunManager      *self,
                                                     MwRunItem         *item);
/* Returns: (transfer none): the run's folder. */
const char   *mw_run_manager_get_run_dir     (MwRunManager             *self,
                                              MwRunItem                *item);

/* Stops every run and waits for the workers (they stop between
 * meta-iterations) so that their files are complete, deletes the hidden
 * runs, and waits until the folders being deleted are gone: for quitting. */
void          mw_run_manager_shutdown        (MwRunManager             *self);

G_END_DECLS
