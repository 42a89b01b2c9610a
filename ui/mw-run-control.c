/* mw-run-control.c: GTypes for the run state and run command enums, so they can
 * be used as a property and a signal argument. */

#include "mw-run-control.h"

G_DEFINE_ENUM_TYPE (MwRunState, mw_run_state,
  G_DEFINE_ENUM_VALUE (MW_RUN_STATE_UNAVAILABLE, "unavailable"),
  G_DEFINE_ENUM_VALUE (MW_RUN_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (MW_RUN_STATE_RUNNING, "running"),
  G_DEFINE_ENUM_VALUE (MW_RUN_STATE_PAUSED, "paused"),
  G_DEFINE_ENUM_VALUE (MW_RUN_STATE_LOADING, "loading"),
  G_DEFINE_ENUM_VALUE (MW_RUN_STATE_FINISHED, "finished"),
  G_DEFINE_ENUM_VALUE (MW_RUN_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (MW_RUN_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (MW_RUN_STATE_QUEUED, "queued"))

G_DEFINE_ENUM_TYPE (MwRunCommand, mw_run_command,
  G_DEFINE_ENUM_VALUE (MW_RUN_COMMAND_START, "start"),
  G_DEFINE_ENUM_VALUE (MW_RUN_COMMAND_PAUSE, "pause"),
  G_DEFINE_ENUM_VALUE (MW_RUN_COMMAND_RESUME, "resume"),
  G_DEFINE_ENUM_VALUE (MW_RUN_COMMAND_STEP, "step"),
  G_DEFINE_ENUM_VALUE (MW_RUN_COMMAND_STOP, "stop"))
