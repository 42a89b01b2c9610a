/* mw-run-files.h: the application's own files in a run's folder, next to the
 * core's experiment.ini, metrics.csv/.jsonl and checkpoint.mwc.
 *
 * curves.gvariant holds the points the charts showed, as one serialised
 * GVariant "(a(dddddd)a(dddddd))" (loss, validation; the MwCurvePoint
 * fields in order), so a saved run reappears with its curves without parsing
 * any text. Both functions do file I/O: call them off the main thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MW_RUN_FILE_CURVES "curves.gvariant"

/* Replaces @path with @data atomically (a temporary file renamed over it)
 * but without fsync, which on a busy disk can take longer than a frame:
 * losing the last change on a power cut is acceptable for these files. */
gboolean mw_run_files_replace     (const char  *path,
                                   const char  *data,
                                   gsize        length,
                                   GError     **error);

/* Writes @loss and @validation (GArrays of MwCurvePoint) atomically. */
gboolean mw_run_files_save_curves (const char  *dir,
                                   GArray      *loss,
                                   GArray      *validation,
                                   GError     **error);
/* Reads them back into new arrays (free with g_array_unref). A missing file
 * gives two empty arrays and TRUE. */
gboolean mw_run_files_load_curves (const char  *dir,
                                   GArray     **loss,
                                   GArray     **validation,
                                   GError     **error);

G_END_DECLS
