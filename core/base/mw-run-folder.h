/* mw-run-folder.h: a run's folder, owned by the one writer that trains into it.
 *
 * Whoever writes a run's files (the CLI's `train`, a window's trainer) first takes
 * the folder: an exclusive flock(2) on DIR/run.lock, which holds the owner's process
 * id as text.  A second writer, in this or another process, is refused with that id.
 * The kernel drops the lock when the owner exits, however it ends, so a killed run
 * never leaves its folder locked; the file itself stays (removing it would race with
 * a writer that has just opened it).
 *
 * Files are replaced whole through a temporary file of a unique name beside them
 * (name.XXXXXX), so two writers never share one and a reader sees the old file or
 * the new one.  A writer killed meanwhile leaves its temporary behind; the next owner
 * of the folder removes it. */
#pragma once

#include <glib.h>

#define MW_RUN_FOLDER_LOCK_FILE "run.lock"

#define MW_RUN_FOLDER_ERROR (mw_run_folder_error_quark ())
GQuark mw_run_folder_error_quark (void);

typedef enum {
  MW_RUN_FOLDER_ERROR_BUSY,       /* another live writer trains into the folder */
  MW_RUN_FOLDER_ERROR_IO,         /* the folder or its lock file cannot be made */
  MW_RUN_FOLDER_ERROR_NOT_EMPTY,  /* it holds a run (or other files) already */
} MwRunFolderError;

typedef struct MwRunFolderLock MwRunFolderLock;

/* Creates dir if needed and takes it; temporaries of killed writers are removed. */
MwRunFolderLock *mw_run_folder_lock (const char *dir, GError **error);
/* Gives the folder back (NULL is ignored). */
void mw_run_folder_unlock (MwRunFolderLock *lock);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MwRunFolderLock, mw_run_folder_unlock)

/* Whether a live writer holds dir now; *pid gets its process id (0 when the file
 * does not say yet).  Never blocks. */
gboolean mw_run_folder_is_locked (const char *dir, int *pid);

/* For a folder this process has locked: fails with MW_RUN_FOLDER_ERROR_NOT_EMPTY
 * unless it holds nothing but its lock.  With clear, a run's own files (settings,
 * checkpoint, metrics, result, curves) are removed first; a folder that also holds
 * anything else is still refused, and nothing is removed. */
gboolean mw_run_folder_check_empty (const char *dir, gboolean clear, GError **error);

/* Whether name is a temporary file of a run file that only the lock's owner
 * replaces (checkpoint, settings, metrics, result, curves): "<name>.XXXXXX" as
 * g_file_set_contents and mw_run_folder_replace_file make them, or "<name>.tmp". */
gboolean mw_run_folder_is_temporary_name (const char *name);

/* Replaces path with length bytes of data through a temporary file of a unique
 * name renamed over it; with durable, the data reach the disk first (fsync) when
 * path already holds something, as g_file_set_contents does.  On
 * failure nothing is left behind, path is as it was, and error's message is the
 * reason alone ("No space left on device"): the caller says which file it was. */
gboolean mw_run_folder_replace_file (const char *path, const void *data, size_t length,
                                     gboolean durable, GError **error);
