/* mw-image-cache.c: decoded image folders kept on disk between runs (mw-image-cache.h).
 *
 * A file: the magic "MWIMGCACHE1\n", the stamp (64 hex digits), the count, the bytes per
 * image, the border brightness and the invert choice; then per image the length of the
 * reason it could not be used (0: usable) and the reason; then every image's pixels. */
#include "config.h"
#include "mw-image-cache.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CACHE_MAGIC "MWIMGCACHE1\n"
#define STAMP_LEN 64
/* A reason is a sentence; a longer one means the file is not what it claims. */
#define MAX_REASON 4096

char *
mw_image_cache_file (const char *source, const MwFolderLoad *load)
{
  const char *off = g_getenv ("MW_IMAGE_CACHE");
  if (off != NULL && g_str_equal (off, "off"))
    return NULL;
  const char *base = g_get_user_cache_dir ();
  if (base == NULL || *base == '\0')
    return NULL;
  /* The folder as an absolute path: the same folder from two working directories is
   * one cache file. */
  g_autofree char *absolute = g_canonicalize_filename (source, NULL);
  g_autofree char *key = g_strdup_printf ("%s|%d|%d|%d|%d|%d", absolute, load->height,
                                          load->width, load->channels, load->invert,
                                          load->light_background ? 1 : 0);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  g_autofree char *name = g_strconcat (digest, ".cache", NULL);
  return g_build_filename (base, "meta-workbench", "image-folders", name, NULL);
}

char *
mw_image_cache_stamp (const MwImageCandidate *cands, int n_cands, const MwFolderLoad *load)
{
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  char head[160];
  g_snprintf (head, sizeof head, "%d|%d|%d|%d|%d|%d\n", load->height, load->width,
              load->channels, load->invert, load->light_background ? 1 : 0, n_cands);
  g_checksum_update (sum, (const guchar *) head, -1);
  for (int i = 0; i < n_cands; i++)
    {
      GStatBuf st;
      char line[160];
      gboolean found = g_stat (cands[i].path, &st) == 0;
      /* Seconds and nanoseconds of the change: a file rewritten within the second
       * changes the stamp too. */
      g_snprintf (line, sizeof line, "|%d|%d|%jd|%jd|%ld\n", cands[i].cls,
                  cands[i].reason != NULL, found ? (intmax_t) st.st_size : -1,
                  found ? (intmax_t) st.st_mtime : -1,
                  found ? (long) st.st_mtim.tv_nsec : -1L);
      g_checksum_update (sum, (const guchar *) cands[i].path, -1);
      g_checksum_update (sum, (const guchar *) line, -1);
    }
  char *stamp = g_strdup (g_checksum_get_string (sum));
  g_checksum_free (sum);
  return stamp;
}

typedef struct {
  char magic[sizeof CACHE_MAGIC - 1];
  char stamp[STAMP_LEN];
  guint32 n_cands;
  guint32 inverted;
  guint64 bytes;
  double file_border;
} Header;

gboolean
mw_image_cache_read (const char *file, const char *stamp, MwImageCandidate *cands, int n_cands,
                     size_t bytes, uint8_t *pixels, double *file_border, gboolean *inverted)
{
  FILE *f = g_fopen (file, "rb");
  if (f == NULL)
    return FALSE;
  Header h;
  gboolean ok = fread (&h, sizeof h, 1, f) == 1
                && memcmp (h.magic, CACHE_MAGIC, sizeof h.magic) == 0
                && strlen (stamp) == STAMP_LEN && memcmp (h.stamp, stamp, STAMP_LEN) == 0
                && h.n_cands == (guint32) n_cands && h.bytes == (guint64) bytes
                && h.inverted <= 1;
  char **reasons = g_new0 (char *, MAX (n_cands, 1));
  for (int i = 0; ok && i < n_cands; i++)
    {
      guint32 len;
      ok = fread (&len, sizeof len, 1, f) == 1 && len <= MAX_REASON;
      if (ok && len > 0)
        {
          reasons[i] = g_malloc (len + 1);
          ok = fread (reasons[i], 1, len, f) == len;
          reasons[i][len] = '\0';
        }
    }
  /* The pixels, and nothing after them. */
  ok = ok && (n_cands == 0 || fread (pixels, bytes, (size_t) n_cands, f) == (size_t) n_cands)
       && fgetc (f) == EOF;
  fclose (f);
  for (int i = 0; i < n_cands; i++)
    {
      if (ok && reasons[i] != NULL && cands[i].reason == NULL)
        cands[i].reason = g_steal_pointer (&reasons[i]);
      g_free (reasons[i]);
    }
  g_free (reasons);
  if (ok)
    {
      *file_border = h.file_border;
      *inverted = h.inverted != 0;
    }
  return ok;
}

void
mw_image_cache_write (const char *file, const char *stamp, const MwImageCandidate *cands,
                      int n_cands, size_t bytes, const uint8_t *pixels, double file_border,
                      gboolean inverted)
{
  g_autofree char *dir = g_path_get_dirname (file);
  if (strlen (stamp) != STAMP_LEN || g_mkdir_with_parents (dir, 0700) != 0)
    return;
  g_autofree char *partial = g_strconcat (file, ".XXXXXX", NULL);
  int fd = g_mkstemp (partial);
  if (fd < 0)
    return;
  FILE *f = fdopen (fd, "wb");
  if (f == NULL)
    {
      close (fd);
      g_unlink (partial);
      return;
    }
  Header h;
  memset (&h, 0, sizeof h);
  memcpy (h.magic, CACHE_MAGIC, sizeof h.magic);
  memcpy (h.stamp, stamp, STAMP_LEN);
  h.n_cands = (guint32) n_cands;
  h.inverted = inverted ? 1 : 0;
  h.bytes = bytes;
  h.file_border = file_border;
  gboolean ok = fwrite (&h, sizeof h, 1, f) == 1;
  for (int i = 0; ok && i < n_cands; i++)
    {
      size_t len = cands[i].reason ? MIN (strlen (cands[i].reason), MAX_REASON) : 0;
      guint32 len32 = (guint32) len;
      ok = fwrite (&len32, sizeof len32, 1, f) == 1
           && (len == 0 || fwrite (cands[i].reason, 1, len, f) == len);
    }
  ok = ok && (n_cands == 0 || fwrite (pixels, bytes, (size_t) n_cands, f) == (size_t) n_cands);
  ok = fclose (f) == 0 && ok;
  if (!ok || g_rename (partial, file) != 0)
    g_unlink (partial);
}
