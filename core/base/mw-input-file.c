/* mw-input-file.c: see mw-input-file.h. */
#include "config.h"
#include "mw-input-file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

G_DEFINE_QUARK (mw-input-file-error-quark, mw_input_file_error)

static gboolean
refuse_kind (mode_t mode, const char *name, GError **error)
{
  const char *what;
  if (S_ISREG (mode))
    return TRUE;
  if (S_ISDIR (mode))
    what = _("%s: is a folder, not a file");
  else if (S_ISFIFO (mode))
    what = _("%s: is a FIFO (named pipe), not a regular file");
  else if (S_ISCHR (mode) || S_ISBLK (mode))
    what = _("%s: is a device, not a regular file");
  else if (S_ISSOCK (mode))
    what = _("%s: is a socket, not a regular file");
  else
    what = _("%s: is not a regular file");
  g_set_error (error, MW_INPUT_FILE_ERROR, MW_INPUT_FILE_ERROR_NOT_REGULAR, what, name);
  return FALSE;
}

static gboolean
refuse_size (guint64 size, gsize max_size, const char *name, GError **error)
{
  if (size <= max_size)
    return TRUE;
  g_autofree char *have = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS);
  if (g_str_equal (have, limit))
    {
      /* Just over the limit: "256.0 KiB" twice would say nothing. */
      g_free (have);
      g_free (limit);
      have = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
      limit = g_format_size_full (max_size, G_FORMAT_SIZE_IEC_UNITS | G_FORMAT_SIZE_LONG_FORMAT);
    }
  g_set_error (error, MW_INPUT_FILE_ERROR, MW_INPUT_FILE_ERROR_TOO_LARGE,
               /* Translators: a file, its size, the limit ("3.0 GiB", "64.0 MiB"). */
               _("%s: is %s, larger than the %s such a file may have"), name, have, limit);
  return FALSE;
}

/* Reads until want bytes are in or the file ends; returns how many, or -1 (errno). */
static gssize
read_full (int fd, char *buf, gsize want)
{
  gsize got = 0;
  while (got < want)
    {
      gssize r = read (fd, buf + got, want - got);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return -1;
      if (r == 0)
        break;
      got += (gsize) r;
    }
  return (gssize) got;
}

static void
set_errno_error (int saved, const char *name, GError **error)
{
  /* Translators: a file, then the system's reason. */
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("%s: cannot read: %s"),
               name, g_strerror (saved));
}

char *
mw_input_file_read (const char *path, gsize max_size, MwInputFileCheck check,
                    gpointer user_data, gsize *length, GError **error)
{
  g_return_val_if_fail (path != NULL && length != NULL, NULL);
  g_return_val_if_fail (max_size < G_MAXSIZE, NULL);
  *length = 0;
  g_autofree char *name = g_filename_display_name (path);

  /* Looked at before it is opened: opening some devices does something. */
  GStatBuf st;
  if (g_stat (path, &st) != 0)
    {
      set_errno_error (errno, name, error);
      return NULL;
    }
  if (!refuse_kind (st.st_mode, name, error) || !refuse_size ((guint64) st.st_size, max_size, name, error))
    return NULL;
  /* O_NONBLOCK: if the path was swapped for a FIFO since, opening it does not wait
   * for a writer; fstat below then refuses it. */
  int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0);
  if (fd < 0)
    {
      set_errno_error (errno, name, error);
      return NULL;
    }
  char *data = NULL;
  if (fstat (fd, &st) != 0)
    {
      set_errno_error (errno, name, error);
      goto fail;
    }
  if (!refuse_kind (st.st_mode, name, error) || !refuse_size ((guint64) st.st_size, max_size, name, error))
    goto fail;
  /* A regular file's reads do not block; clear the flag all the same. */
  int flags = fcntl (fd, F_GETFL);
  if (flags >= 0)
    fcntl (fd, F_SETFL, flags & ~O_NONBLOCK);

  /* The stated size is a guess (the file may grow or shrink while it is read): read to
   * the end, but never more than max_size + 1 bytes. */
  gsize capacity = MAX ((gsize) st.st_size, MW_INPUT_FILE_HEAD) + 1;
  data = g_malloc (capacity + 1);
  gssize got = read_full (fd, data, MIN ((gsize) MW_INPUT_FILE_HEAD, capacity));
  if (got < 0)
    {
      set_errno_error (errno, name, error);
      goto fail;
    }
  if (check != NULL)
    {
      GError *local = NULL;
      if (!check ((const guint8 *) data, (gsize) got, user_data, &local))
        {
          g_set_error (error, MW_INPUT_FILE_ERROR, MW_INPUT_FILE_ERROR_WRONG_TYPE, "%s: %s", name,
                       local->message);
          g_error_free (local);
          goto fail;
        }
    }
  gsize total = (gsize) got;
  while (got > 0)
    {
      if (total == capacity)
        {
          if (!refuse_size ((guint64) total, max_size, name, error))
            goto fail;
          capacity = capacity > max_size / 2 ? max_size + 1 : capacity * 2;
          data = g_realloc (data, capacity + 1);
        }
      got = read_full (fd, data + total, capacity - total);
      if (got < 0)
        {
          set_errno_error (errno, name, error);
          goto fail;
        }
      total += (gsize) got;
    }
  if (!refuse_size ((guint64) total, max_size, name, error))
    goto fail;
  close (fd);
  data[total] = '\0';
  *length = total;
  return data;

fail:
  close (fd);
  g_free (data);
  return NULL;
}

static int
compare_names (const void *a, const void *b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
mw_input_folder_names (const char *path, GError **error)
{
  GDir *d = g_dir_open (path, 0, error);
  if (d == NULL)
    return NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *n;
  while ((n = g_dir_read_name (d)) != NULL)
    if (n[0] != '.')
      g_ptr_array_add (names, g_strdup (n));
  g_dir_close (d);
  if (names->len > 1)
    qsort (names->pdata, names->len, sizeof (gpointer), compare_names);
  return names;
}
