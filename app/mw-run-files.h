/* mw-run-files.h: the application's own files in a run's folder, next to the
 * core's experiment.ini, metrics.csv/.jsonl and checkpoint.mwc.
 *
 * series.gvariant holds the points the charts showed, by series name (the
 * run's mw_metric_specs), as one serialised GVariant "a(sa(dddddd))": each
 * series' name and its points (iteration, tasks, seconds, y, y_lo, y_hi), so
 * a saved run reappears with its curves without parsing any text.  Runs saved
 * before series had names have curves.gvariant instead, "(a(dddddd)a(dddddd))"
 * (the training loss, then the validation curve), which still loads.  The
 * functions do file I/O: call them off the main thread.
 */
#pragma once

#include <glib.h>

#include "mw-core.h"

G_BEGIN_DECLS

#define MW_RUN_FILE_SERIES "series.gvariant"
#define MW_RUN_FILE_CURVES "curves.gvariant"

/* Replaces @path with @data atomically (a temporary file renamed over it)
 * but without fsync, which on a busy disk can take longer than a frame:
 * losing the last change on a power cut is acceptable for these files. */
gboolean mw_run_files_replace     (const char          *path,
                                   const char          *data,
                                   gsize                length,
                                   GError             **error);

/* Writes @points (a GArray of MwMetricPoint) atomically to series.gvariant,
 * one entry per series in the order the series first appear. */
gboolean mw_run_files_save_series (const char          *dir,
                                   GArray              *points,
                                   GError             **error);
/* Reads them back into a new GArray of MwMetricPoint (series names interned),
 * series by series. A run of the older format gets its two curves as the first
 * charted training and validation series of @specs. No file gives an empty
 * array and TRUE. */
gboolean mw_run_files_load_series (const char          *dir,
                                   const MwMetricSpec  *specs,
                                   guint                n_specs,
                                   GArray             **points,
                                   GError             **error);

G_END_DECLS
