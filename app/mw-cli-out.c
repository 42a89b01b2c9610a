/* mw-cli-out.c: the output folder of `train`: made, checked and taken; and the CSV
 * fields the commands write. */
#include "config.h"
#include "mw-cli-out.h"

#include <errno.h>
#include <png.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

/* Whether a and b name one folder (both exist). */
static gboolean
same_folder (const char *a, const char *b)
{
  GStatBuf sa, sb;
  return g_stat (a, &sa) == 0 && g_stat (b, &sb) == 0 && sa.st_dev == sb.st_dev
         && sa.st_ino == sb.st_ino;
}

/* --resume continues a run where it lives: its metrics hold every row up to the
 * checkpoint, and a folder elsewhere would either start at that iteration without
 * them or splice them onto another run's.  A copy of the folder is the way to branch. */
gboolean
mw_cli_check_resume_folder (const char *resume, const char *out, gboolean overwrite, GError **error)
{
  g_autofree char *own = g_path_get_dirname (resume);
  if (overwrite)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("--overwrite starts a new run; --resume continues one (not both)"));
      return FALSE;
    }
  if (out != NULL && !same_folder (own, out))
    {
      g_autofree char *own_display = g_filename_display_name (own);
      g_autofree char *out_display = g_filename_display_name (out);
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("--resume continues the run in its own folder %s, not in -o %s (its "
                     "metrics are there); to branch it, copy the folder and resume the copy"),
                   own_display, out_display);
      return FALSE;
    }
  return TRUE;
}

/* runs/<time>, made here and now (a second run started in the same second gets
 * runs/<time>-2). */
char *
mw_cli_new_default_out (GError **error)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  if (g_mkdir_with_parents ("runs", 0755) != 0)
    {
      int e = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), _("cannot create %s: %s"),
                   "runs", g_strerror (e));
      return NULL;
    }
  for (int n = 1;; n++)
    {
      g_autofree char *name = n == 1 ? g_strdup (stamp) : g_strdup_printf ("%s-%d", stamp, n);
      g_autofree char *dir = g_build_filename ("runs", name, NULL);
      if (g_mkdir (dir, 0755) == 0)
        return g_steal_pointer (&dir);
      if (errno != EEXIST)
        {
          int e = errno;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), _("cannot create %s: %s"),
                       dir, g_strerror (e));
          return NULL;
        }
    }
}

/* Takes the run folder for this process (a second writer is refused, naming the
 * first).  A new run wants a folder with nothing in it, or --overwrite to replace
 * the run there; a resumed run continues in its own. */
MwRunFolderLock *
mw_cli_claim_run_folder (const char *out, gboolean resuming, gboolean overwrite, int *status,
                         GError **error)
{
  MwRunFolderLock *lock = mw_run_folder_lock (out, error);
  if (lock == NULL)
    {
      *status = 1;
      return NULL;
    }
  GError *local = NULL;
  if (!resuming && !mw_run_folder_check_empty (out, overwrite, &local))
    {
      *status = g_error_matches (local, MW_RUN_FOLDER_ERROR, MW_RUN_FOLDER_ERROR_NOT_EMPTY) ? 2 : 1;
      if (*status == 1)
        g_propagate_error (error, local);
      else if (overwrite)
        g_set_error (error, local->domain, local->code,
                     _("-o %s; --overwrite replaces only a run's own files: choose another "
                       "folder"), local->message);
      else
        {
          g_autofree char *display = g_filename_display_name (out);
          g_set_error (error, local->domain, local->code,
                       _("-o %s; choose another folder, continue the run with  --resume "
                         "%s/checkpoint.mwc, or replace it with --overwrite"),
                       local->message, display);
        }
      if (*status == 2)
        g_error_free (local);
      mw_run_folder_unlock (lock);
      return NULL;
    }
  return lock;
}

void
mw_cli_csv_field (GString *out, const char *text, gboolean last)
{
  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append_c (out, last ? '\n' : ',');
}

gboolean
mw_cli_write_rgb_png (const guint8 *rgb, int width, int height, const char *path,
                      GError **error)
{
  FILE *f = fopen (path, "wb");
  if (f == NULL)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), _("cannot write %s"),
                   path);
      return FALSE;
    }
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  if (setjmp (png_jmpbuf (png)))
    {
      png_destroy_write_struct (&png, &info);
      fclose (f);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("cannot write %s"), path);
      return FALSE;
    }
  png_init_io (png, f);
  png_set_IHDR (png, info, (png_uint_32) width, (png_uint_32) height, 8, PNG_COLOR_TYPE_RGB,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  for (int y = 0; y < height; y++)
    png_write_row (png, rgb + (size_t) 3 * width * y);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  if (fclose (f) != 0)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_IO, _("cannot write %s"), path);
      return FALSE;
    }
  return TRUE;
}
