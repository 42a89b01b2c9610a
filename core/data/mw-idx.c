/* mw-idx.c: gzip-compressed IDX files (mw-idx.h), decompressed in memory with zlib.
 *
 * The compressed file is read whole (after mw_input_file_read has checked that it is a
 * regular file within the size limit and starts with gzip's signature); the header is
 * inflated and checked first, and only then is room made for the values it announces. */
#include "config.h"
#include "mw-idx.h"
#include "mw-dataset.h"
#include "mw-input-file.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <zlib.h>

static gboolean
check_gzip (const guint8 *head, gsize n, gpointer user_data, GError **error)
{
  (void) user_data;
  if (n >= 2 && head[0] == 0x1f && head[1] == 0x8b)
    return TRUE;
  g_set_error_literal (error, MW_INPUT_FILE_ERROR, MW_INPUT_FILE_ERROR_WRONG_TYPE,
                       _("not a gzip-compressed file"));
  return FALSE;
}

/* Inflates into out[0..want); returns the bytes written (less at the stream's end), or
 * -1 on corrupt data. */
static gssize
inflate_into (z_stream *z, uint8_t *out, gsize want, gboolean *ended)
{
  gsize got = 0;
  while (got < want && !*ended)
    {
      /* zlib counts in uInt: large buffers are filled in pieces. */
      gsize piece = MIN (want - got, (gsize) G_MAXUINT32 / 2);
      z->next_out = out + got;
      z->avail_out = (uInt) piece;
      int status = inflate (z, Z_NO_FLUSH);
      got += piece - z->avail_out;
      if (status == Z_STREAM_END)
        *ended = TRUE;
      else if (status != Z_OK)
        return -1;
      else if (z->avail_out != 0 && z->avail_in == 0)
        /* Nothing left to read yet the stream has not ended: cut short. */
        return (gssize) got;
    }
  return (gssize) got;
}

static void
set_corrupt (GError **error, const char *name, const char *reason)
{
  /* Translators: a file, then what is wrong with it. */
  g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT, _("%s: %s"), name, reason);
}

uint8_t *
mw_idx_read_gz (const char *path, int n_dims, guint32 *dims, gsize max_file, gsize max_values,
                GError **error)
{
  g_return_val_if_fail (n_dims >= 1 && n_dims <= MW_IDX_MAX_DIMS, NULL);
  g_autofree char *name = g_filename_display_name (path);
  GError *local = NULL;
  gsize length = 0;
  g_autofree char *compressed = mw_input_file_read (path, max_file, check_gzip, NULL, &length,
                                                    &local);
  if (compressed == NULL)
    {
      int code = g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                   ? MW_DATASET_ERROR_NOT_FOUND : MW_DATASET_ERROR_CORRUPT;
      g_set_error_literal (error, MW_DATASET_ERROR, code, local->message);
      g_error_free (local);
      return NULL;
    }
  z_stream z;
  memset (&z, 0, sizeof z);
  /* 16 + MAX_WBITS: the gzip wrapper, its header and checksum checked by zlib. */
  if (inflateInit2 (&z, 16 + MAX_WBITS) != Z_OK)
    {
      set_corrupt (error, name, _("cannot start decompressing"));
      return NULL;
    }
  z.next_in = (Bytef *) compressed;
  z.avail_in = (uInt) MIN (length, (gsize) G_MAXUINT32);
  gboolean ended = FALSE;
  uint8_t header[4 + 4 * MW_IDX_MAX_DIMS];
  gsize header_size = 4 + 4 * (gsize) n_dims;
  uint8_t *values = NULL;
  gssize got = inflate_into (&z, header, header_size, &ended);
  if (got < 0)
    {
      set_corrupt (error, name, _("corrupt or cut-short gzip data"));
      goto fail;
    }
  if ((gsize) got < header_size)
    {
      set_corrupt (error, name, _("cut short: no complete IDX header"));
      goto fail;
    }
  if (header[0] != 0 || header[1] != 0 || header[2] != MW_IDX_UBYTE || header[3] != n_dims)
    {
      g_autofree char *reason = g_strdup_printf (
        /* Translators: the magic number found, then the one expected, both in hex. */
        _("not the IDX file expected: magic 0x%02x%02x%02x%02x, expected 0x000008%02x "
          "(unsigned bytes in %d dimensions)"),
        header[0], header[1], header[2], header[3], n_dims, n_dims);
      set_corrupt (error, name, reason);
      goto fail;
    }
  gsize total = 1;
  for (int d = 0; d < n_dims; d++)
    {
      const uint8_t *p = header + 4 + 4 * d;
      dims[d] = ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
      if (dims[d] == 0 || !g_size_checked_mul (&total, total, dims[d]) || total > max_values)
        {
          g_autofree char *reason = g_strdup_printf (
            /* Translators: the dimension's number, its count, the most values allowed. */
            _("dimension %d is %u: none, or more than the %lu values such a file may hold"),
            d + 1, dims[d], (unsigned long) max_values);
          set_corrupt (error, name, reason);
          goto fail;
        }
    }
  values = g_malloc (total);
  got = inflate_into (&z, values, total, &ended);
  if (got < 0)
    {
      set_corrupt (error, name, _("corrupt or cut-short gzip data"));
      goto fail;
    }
  if ((gsize) got < total)
    {
      g_autofree char *reason = g_strdup_printf (
        _("cut short: %lu of the %lu values its header announces"), (unsigned long) got,
        (unsigned long) total);
      set_corrupt (error, name, reason);
      goto fail;
    }
  /* Past the values there must be nothing but the gzip trailer. */
  uint8_t extra;
  got = inflate_into (&z, &extra, 1, &ended);
  if (got != 0 || !ended)
    {
      set_corrupt (error, name, got < 0 || got == 0 ? _("corrupt or cut-short gzip data")
                                                    : _("more data than its header announces"));
      goto fail;
    }
  inflateEnd (&z);
  return values;

fail:
  inflateEnd (&z);
  g_free (values);
  return NULL;
}
