/* mw-run-control.h: the run states the window shows and the commands it sends.
 *
 * The window never runs anything itself (DESIGN.md: ui/ reads run state, never
 * computes). Whoever owns runs sets an MwRunState on the window and listens for
 * MwRunCommand requests coming back from the run buttons and shortcuts.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * MwRunState:
 * @MW_RUN_STATE_UNAVAILABLE: nothing can run yet (no engine attached); all run
 *   actions are disabled
 * @MW_RUN_STATE_IDLE: ready; only Start is enabled
 * @MW_RUN_STATE_RUNNING: a run is training; Pause and Stop are enabled
 * @MW_RUN_STATE_PAUSED: a run is paused; Resume, Step and Stop are enabled
 * @MW_RUN_STATE_LOADING: a run is loading its data and building its learner;
 *   only Stop is enabled
 * @MW_RUN_STATE_FINISHED: the last run completed; Start is enabled
 * @MW_RUN_STATE_FAILED: the last run stopped with an error; Start is enabled
 * @MW_RUN_STATE_STOPPED: the last run was cancelled; Start is enabled
 * @MW_RUN_STATE_QUEUED: a run waits for a free worker slot; only Stop
 *   (which takes it off the queue) is enabled
 *
 * Start is enabled in every state but the first: a new run started while
 * others are going waits in the queue.
 */
typedef enum {
  MW_RUN_STATE_UNAVAILABLE,
  MW_RUN_STATE_IDLE,
  MW_RUN_STATE_RUNNING,
  MW_RUN_STATE_PAUSED,
  MW_RUN_STATE_LOADING,
  MW_RUN_STATE_FINISHED,
  MW_RUN_STATE_FAILED,
  MW_RUN_STATE_STOPPED,
  MW_RUN_STATE_QUEUED,
} MwRunState;

/* TRUE for the states in which a run exists and has not ended. */
#define MW_RUN_STATE_IS_ACTIVE(s) ((s) == MW_RUN_STATE_LOADING || \
                                   (s) == MW_RUN_STATE_RUNNING || \
                                   (s) == MW_RUN_STATE_PAUSED)
/* TRUE for the states a run ends in. */
#define MW_RUN_STATE_IS_FINAL(s) ((s) == MW_RUN_STATE_FINISHED || \
                                  (s) == MW_RUN_STATE_FAILED || \
                                  (s) == MW_RUN_STATE_STOPPED)

/**
 * MwRunCommand:
 * @MW_RUN_COMMAND_START: start a new run with the current experiment settings
 * @MW_RUN_COMMAND_PAUSE: pause the running run between meta-iterations
 * @MW_RUN_COMMAND_RESUME: resume the paused run
 * @MW_RUN_COMMAND_STEP: run one meta-iteration of the paused run, then pause
 * @MW_RUN_COMMAND_STOP: cancel the run
 */
typedef enum {
  MW_RUN_COMMAND_START,
  MW_RUN_COMMAND_PAUSE,
  MW_RUN_COMMAND_RESUME,
  MW_RUN_COMMAND_STEP,
  MW_RUN_COMMAND_STOP,
} MwRunCommand;

#define MW_TYPE_RUN_STATE (mw_run_state_get_type ())
GType mw_run_state_get_type (void) G_GNUC_CONST;

#define MW_TYPE_RUN_COMMAND (mw_run_command_get_type ())
GType mw_run_command_get_type (void) G_GNUC_CONST;

G_END_DECLS
