/* mw-text-file.h: the text files the program writes and reads back (experiment files,
 * handouts, a run's run.ini and experiment.ini), read through one checker.
 *
 * GKeyFile stops at the first NUL byte and accepts a file cut off anywhere, so a
 * zero-filled file (what a crash often leaves) read as "no settings" and a NUL in the
 * middle dropped every setting after it.  Here a file is refused, naming its line, when
 * it holds a NUL byte or bytes that are not UTF-8, and when it was cut short: the
 * program's own files are written "sealed", with a line near the top that promises
 * an end line and that end line last.  A file without the promise (written by an
 * older version, or by hand) is read as before. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MW_TEXT_FILE_ERROR (mw_text_file_error_quark ())
GQuark mw_text_file_error_quark (void);

typedef enum {
  MW_TEXT_FILE_ERROR_BINARY,     /* a NUL byte */
  MW_TEXT_FILE_ERROR_ENCODING,   /* not UTF-8 */
  MW_TEXT_FILE_ERROR_CUT_SHORT,  /* sealed, but the end line is missing */
  MW_TEXT_FILE_ERROR_AFTER_END,  /* text after the end line */
} MwTextFileError;

/* The promise, written as the second line (the first when the text does not start
 * with a comment), and the end line, written last. */
#define MW_TEXT_FILE_SEAL_LINE "# This file is complete only when its last line is \"# end\"."
#define MW_TEXT_FILE_END_LINE "# end"

/* Experiment files, handouts and run files larger than this are refused unread. */
#define MW_TEXT_FILE_MAX_SIZE (256 * 1024)

/* Checks len bytes of text that stand for the file name (shown as it is given: pass
 * g_filename_display_name of a path).  Messages are "NAME, line N: REASON". */
gboolean mw_text_file_check (const char *text, gsize len, const char *name, GError **error);

/* Reads path (only a regular file of at most max_size bytes: mw-input-file.h) and
 * checks it as above.  Returns the text, NUL-terminated (g_free), length in *length
 * when length is not NULL.  A missing file gives G_FILE_ERROR_NOENT. */
char *mw_text_file_read (const char *path, gsize max_size, gsize *length, GError **error);

/* Reads and checks path, then loads it into kf. */
gboolean mw_text_file_load_key_file (GKeyFile *kf, const char *path, GKeyFileFlags flags,
                                     GError **error);

/* Returns text (g_free) with the seal line and the end line added, for writing. */
char *mw_text_file_seal (const char *text);

G_END_DECLS
