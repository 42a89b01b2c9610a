/* mw-input-file.h: reading a file that came from outside (an image, a checkpoint, an
 * experiment or run file) without trusting what the path names.
 *
 * Only a regular file is opened for reading (a FIFO would block for ever, a device
 * such as /dev/zero never ends); its size is checked against a limit before anything
 * is read; and its first bytes are checked (its signature) before the rest is read. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MW_INPUT_FILE_ERROR (mw_input_file_error_quark ())
GQuark mw_input_file_error_quark (void);

/* A file that cannot be opened or read gives G_FILE_ERROR (G_FILE_ERROR_NOENT when it
 * is missing); one that is opened and refused, MW_INPUT_FILE_ERROR. */
typedef enum {
  MW_INPUT_FILE_ERROR_NOT_REGULAR,  /* a folder, FIFO, device or socket */
  MW_INPUT_FILE_ERROR_TOO_LARGE,    /* larger than the caller's limit */
  MW_INPUT_FILE_ERROR_WRONG_TYPE,   /* the signature check refused the first bytes */
} MwInputFileError;

/* How many first bytes a signature check is given (fewer when the file is shorter). */
#define MW_INPUT_FILE_HEAD 64

/* Looks at the first n bytes (n ≤ MW_INPUT_FILE_HEAD; n is the whole file when it is
 * shorter).  On FALSE sets error with MW_INPUT_FILE_ERROR_WRONG_TYPE and a reason
 * without the file's name ("not a PNG or JPEG image"): the reader adds the name. */
typedef gboolean (*MwInputFileCheck) (const guint8 *head, gsize n, gpointer user_data,
                                      GError **error);

/* Reads the whole of path when it is a regular file of at most max_size bytes whose
 * first bytes pass check (NULL: no check).  Returns the contents, NUL-terminated
 * (g_free), and their length in *length; NULL with an error whose message is
 * "NAME: REASON", NAME the path as g_filename_display_name shows it. */
char *mw_input_file_read (const char *path, gsize max_size, MwInputFileCheck check,
                          gpointer user_data, gsize *length, GError **error);

/* The entries of a folder sorted by name in byte order (so what is built from them does
 * not depend on the file system's order), hidden ones (".DS_Store", "._x") left out.
 * Free with g_ptr_array_unref. */
GPtrArray *mw_input_folder_names (const char *path, GError **error);

G_END_DECLS
