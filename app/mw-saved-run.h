/* mw-saved-run.h: a run's folder as the run manager left it, read back.
 *
 * The manager keeps a run's looks and progress in run.ini (a GKeyFile, group
 * "run": name, colour, visibility, state by nick, progress, checkpoint, error);
 * the core writes experiment.ini and checkpoint.mwc beside it, and
 * mw-run-files.h the chart points.  Reading does file I/O: call
 * mw_saved_run_read() and mw_saved_run_read_all() in worker threads.
 */
#pragma once

#include <gio/gio.h>

#include "mw-core.h"
#include "mw-run-item.h"

G_BEGIN_DECLS

#define MW_RUN_FILE_INFO       "run.ini"
#define MW_RUN_FILE_EXPERIMENT "experiment.ini"
#define MW_RUN_FILE_CHECKPOINT "checkpoint.mwc"
#define MW_RUN_INFO_GROUP      "run"

/* One saved run's files, as read in a worker thread. */
typedef struct {
  char *id;
  char *dir;
  GKeyFile *info;
  MwExperimentConfig config;
  gboolean have_config;
  GArray *points;                /* MwMetricPoint */
  gboolean elsewhere;            /* another live process holds its folder */
} MwSavedRun;

void                mw_saved_run_free       (gpointer            data);
/* Returns: (transfer full) (nullable): the run in @runs_dir/@id, or NULL for a
 * folder that is not a run. */
MwSavedRun         *mw_saved_run_read       (const char         *runs_dir,
                                             const char         *id);
/* Returns: (transfer full) (element-type MwSavedRun): every run in @runs_dir,
 * by folder name (so oldest first); fewer if @cancellable is cancelled. */
GPtrArray          *mw_saved_run_read_all   (const char         *runs_dir,
                                             GCancellable       *cancellable);
/* Returns: (transfer none): the series @run declares. */
const MwMetricSpec *mw_saved_run_metrics    (MwSavedRun         *run,
                                             guint              *n_specs);

/* A run's state as run.ini spells it, and back (unknown: stopped). */
const char         *mw_saved_run_state_nick (MwRunState          state);
MwRunState          mw_saved_run_state_from_nick (const char    *nick);

/* Whether another live process holds the run folder @dir. */
gboolean            mw_run_dir_is_locked_elsewhere (const char  *dir);

G_END_DECLS
