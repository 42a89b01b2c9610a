/* mw-run-folder.c: see mw-run-folder.h. */
#include "config.h"
#include "mw-run-folder.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

G_DEFINE_QUARK (mw-run-folder-error-quark, mw_run_folder_error)

struct MwRunFolderLock {
  int fd;
};

/* What a run folder holds (the CLI's and the window's files). */
static const char *const run_files[] = { "checkpoint.mwc", "experiment.ini", "metrics.csv",
                                         "metrics.jsonl", "result.json", "curves.gvariant",
                                         "series.gvariant", "run.ini", NULL };
/* The files only the lock's owner replaces.  run.ini is left out: a window rewrites
 * it from its main thread while its trainer (which takes the lock) starts, so a
 * temporary of it may be live. */
static const char *const owned_files[] = { "checkpoint.mwc", "experiment.ini", "metrics.csv",
                                           "metrics.jsonl", "result.json", "curves.gvariant",
                                           "series.gvariant", NULL };

gboolean
mw_run_folder_is_temporary_name (const char *name)
{
  for (const char *const *f = owned_files; *f; f++)
    {
      size_t n = strlen (*f);
      if (strncmp (name, *f, n) != 0 || name[n] != '.')
        continue;
      const char *suffix = name + n + 1;
      if (g_str_equal (suffix, "tmp"))
        return TRUE;
      if (strlen (suffix) != 6)
        continue;
      gboolean random = TRUE;
      for (int i = 0; i < 6; i++)
        random = random && g_ascii_isalnum (suffix[i]);
      if (random)
        return TRUE;
    }
  return FALSE;
}

static void
remove_stale_temporaries (const char *dir)
{
  g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (mw_run_folder_is_temporary_name (name))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        if (g_file_test (path, G_FILE_TEST_IS_REGULAR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
          g_unlink (path);
      }
}

/* The process id written in an open lock file; 0 if it holds none (yet). */
static int
read_pid (int fd)
{
  char buf[32];
  ssize_t n = pread (fd, buf, sizeof buf - 1, 0);
  if (n <= 0)
    return 0;
  buf[n] = '\0';
  gint64 pid = g_ascii_strtoll (buf, NULL, 10);
  return pid > 0 && pid <= G_MAXINT ? (int) pid : 0;
}

MwRunFolderLock *
mw_run_folder_lock (const char *dir, GError **error)
{
  g_autofree char *display = g_filename_display_name (dir);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int e = errno;
      g_set_error (error, MW_RUN_FOLDER_ERROR, MW_RUN_FOLDER_ERROR_IO,
                   _("cannot create the run folder %s: %s"), display, g_strerror (e));
      return NULL;
    }
  g_autofree char *path = g_build_filename (dir, MW_RUN_FOLDER_LOCK_FILE, NULL);
  int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0)
    {
      int e = errno;
      g_set_error (error, MW_RUN_FOLDER_ERROR, MW_RUN_FOLDER_ERROR_IO,
                   _("cannot use the run folder %s: %s"), display, g_strerror (e));
      return NULL;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      int e = errno;
      int pid = e == EWOULDBLOCK ? read_pid (fd) : 0;
      close (fd);
      if (e != EWOULDBLOCK)
        g_set_error (error, MW_RUN_FOLDER_ERROR, MW_RUN_FOLDER_ERROR_IO,
                     _("cannot lock the run folder %s: %s"), display, g_strerror (e));
      else if (pid > 0)
        g_set_error (error, MW_RUN_FOLDER_ERROR, MW_RUN_FOLDER_ERROR_BUSY,
                     _("the run folder %s is in use: process %d is training into it"), display, pid);
      else
        g_set_error (error, MW_RUN_FOLDER_ERROR, MW_RUN_FOLDER_ERROR_BUSY,
                     _("the run folder %s is in use: another process is training into it"),
                     display);
      return NULL;
    }
  char text[32];
  int len = g_snprintf (text, sizeof text, "%d\n", (int) getpid ());
  /* Without the id the lock still refuses a second writer, only without naming it. */
  gboolean written = ftruncate (fd, 0) == 0 && pwrite (fd, text, (size_t) len, 0) == len;
  (void) written;
  remove_stale_temporaries (dir);
  MwRunFolderLock *lock = g_new0 (MwRunFolderLock, 1);
  lock->fd = fd;
  return lock;
}

void
mw_run_folder_unlock (MwRunFolderLock *lock)
{
  if (lock == NULL)
    return;
  /* The id goes first, so a reader never names a process that has let go. */
  gboolean cleared = ftruncate (lock->fd, 0) == 0;
  (void) cleared;
  close (lock->fd);
  g_free (lock);
}

gboolean
mw_run_folder_is_locked (const char *dir, int *pid)
{
  *pid = 0;
  g_autofree char *path = g_build_filename (dir, MW_RUN_FOLDER_LOCK_FILE, NULL);
  int fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0)
    return FALSE;
  gboolean held = FALSE;
  if (flock (fd, LOCK_SH | LOCK_NB) != 0)
    {
      held = errno == EWOULDBLOCK;
      if (held)
        *pid = read_pid (fd);
    }
  close (fd);   /* also drops the shared lock, if it was taken */
  return held;
}

gboolean
mw_run_folder_check_empty (const char *dir, gboolean clear, GError **error)
{
  g_autoptr (GError) local = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &local);
  g_autofree char *display = g_filename_display_name (dir);
  if (d == NULL)
    {
      g_set_error (error, MW_RUN_FOLDER_ERROR, MW_RUN_FOLDER_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  g_autoptr (GPtrArray) run = g_ptr_array_new_with_free_func (g_free);
  const char *name, *other = NULL;
  g_autofree char *other_copy = NULL;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_equal (name, MW_RUN_FOLDER_LOCK_FILE))
        continue;
      if (g_strv_contains (run_files, name))
        g_ptr_array_add (run, g_build_filename (dir, name, NULL));
      else if (other == NULL)
        other = other_copy = g_filename_display_name (name);
    }
  if (other != NULL)
    {
      g_set_error (error, MW_RUN_FOLDER_ERROR, MW_RUN_FOLDER_ERROR_NOT_EMPTY,
                   _("%s is not empty (it holds %s, which is not a run's file)"), display, other);
      return FALSE;
    }
  if (run->len > 0 && !clear)
    {
      g_set_error (error, MW_RUN_FOLDER_ERROR, MW_RUN_FOLDER_ERROR_NOT_EMPTY,
                   _("%s already holds a run"), display);
      return FALSE;
    }
  for (guint i = 0; i < run->len; i++)
    if (g_unlink (run->pdata[i]) != 0 && errno != ENOENT)
      {
        int e = errno;
        g_autofree char *file = g_filename_display_name (run->pdata[i]);
        g_set_error (error, MW_RUN_FOLDER_ERROR, MW_RUN_FOLDER_ERROR_IO, _("cannot remove %s: %s"),
                     file, g_strerror (e));
        return FALSE;
      }
  return TRUE;
}

static gboolean
fail_errno (GError **error, int e)
{
  g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (e), g_strerror (e));
  return FALSE;
}

gboolean
mw_run_folder_replace_file (const char *path, const void *data, size_t length, gboolean durable,
                            GError **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  /* As g_file_set_contents: only a file with something to lose is worth the
   * fsync (which can take longer than a frame on a busy disk). */
  GStatBuf st;
  gboolean sync = durable && g_stat (path, &st) == 0 && st.st_size > 0;
  int fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
  if (fd < 0)
    return fail_errno (error, errno);
  const char *p = data;
  size_t left = length;
  int e = 0;
  while (left > 0 && e == 0)
    {
      ssize_t n = write (fd, p, left);
      if (n < 0 && errno != EINTR)
        e = errno;
      else if (n > 0)
        {
          p += n;
          left -= (size_t) n;
        }
    }
  if (e == 0 && sync && fsync (fd) != 0)
    e = errno;
  if (close (fd) != 0 && e == 0)
    e = errno;
  if (e == 0 && g_rename (tmp, path) != 0)
    e = errno;
  if (e != 0)
    {
      g_unlink (tmp);
      return fail_errno (error, e);
    }
  return TRUE;
}
