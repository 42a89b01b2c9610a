/* mw-cli-out.h: the output folder of `train` (-o, --resume, --overwrite), CSV fields and
 * PNG pictures.
 *
 * A run folder has one writer (mw-run-folder.h).  A new run wants a folder with
 * nothing in it, or --overwrite to replace the run there; a resumed run continues in
 * its own folder, since its metrics are there: -o naming another one would start it
 * at the checkpoint's iteration without them, or splice them onto another run's. */
#pragma once

#include "mw-core.h"

/* --resume FILE with -o (may be NULL) and --overwrite: FALSE with the reason
 * (MW_ALGORITHM_ERROR_SETTINGS) when they do not go together. */
gboolean mw_cli_check_resume_folder (const char *resume, const char *out, gboolean overwrite,
                                     GError **error);

/* runs/<time>, made now (runs/<time>-2 for a second run in the same second). */
char *mw_cli_new_default_out (GError **error);
/* Appends text to out as one CSV field, quoted when it holds a separator, a quote or a
 * line break, then a comma, or a line break when it is the row's last. */
void mw_cli_csv_field (GString *out, const char *text, gboolean last);
/* Writes width × height 8-bit RGB pixels (rows top to bottom, 3 bytes a pixel) to path
 * as a PNG; FALSE with a message naming path when it cannot. */
gboolean mw_cli_write_rgb_png (const guint8 *rgb, int width, int height, const char *path,
                               GError **error);

/* Takes out for this process, refusing a folder another process trains into (naming
 * it) and, unless resuming, a folder that already holds a run (or, with overwrite,
 * anything but a run, whose files are then removed).  *status gets the exit status
 * of a refusal: 2 for a folder that holds something, 1 otherwise. */
MwRunFolderLock *mw_cli_claim_run_folder (const char *out, gboolean resuming, gboolean overwrite,
                                          int *status, GError **error);
