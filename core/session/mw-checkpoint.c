/* mw-checkpoint.c: see mw-checkpoint.h for the format. */
#include "config.h"
#include "mw-checkpoint.h"
#include "mw-run-folder.h"
#include "mw-input-file.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (mw-checkpoint-error-quark, mw_checkpoint_error)

static const char MAGIC[8] = { 'M', 'W', 'C', 'K', 'P', 'T', '\r', '\n' };

static void
put_u32 (GByteArray *b, guint32 v)
{
  guint32 le = GUINT32_TO_LE (v);
  g_byte_array_append (b, (const guint8 *) &le, 4);
}

static void
put_u64 (GByteArray *b, guint64 v)
{
  guint64 le = GUINT64_TO_LE (v);
  g_byte_array_append (b, (const guint8 *) &le, 8);
}

gboolean
mw_checkpoint_save (const char *path, const char *header, MwAlgorithm *algo, GError **error)
{
  /* A GByteArray holds at most G_MAXUINT bytes and the format's lengths are 32-bit:
   * a model too large for that is refused here rather than written cut short. */
  size_t total = 8 + 4 + 4 + 4 + 32, hl = strlen (header);
  int count = mw_algorithm_state_count (algo);
  gboolean fits = g_size_checked_add (&total, total, hl);
  for (int i = 0; fits && i < count; i++)
    {
      size_t n, bytes;
      (void) mw_algorithm_state_data (algo, i, &n);
      fits = g_size_checked_mul (&bytes, n, sizeof (float))
             && g_size_checked_add (&total, total, 4 + 8 + strlen (mw_algorithm_state_name (algo, i)))
             && g_size_checked_add (&total, total, bytes);
    }
  if (!fits || total > G_MAXUINT)
    {
      g_set_error (error, MW_CHECKPOINT_ERROR, MW_CHECKPOINT_ERROR_FORMAT,
                   _("cannot save the checkpoint %s: the model is larger than a checkpoint "
                     "can hold (4 GB)"), path);
      return FALSE;
    }
  GByteArray *b = g_byte_array_sized_new ((guint) total);
  g_byte_array_append (b, (const guint8 *) MAGIC, 8);
  put_u32 (b, MW_CHECKPOINT_VERSION);
  put_u32 (b, (guint32) hl);
  g_byte_array_append (b, (const guint8 *) header, (guint) hl);
  put_u32 (b, (guint32) count);
  for (int i = 0; i < count; i++)
    {
      const char *name = mw_algorithm_state_name (algo, i);
      size_t n;
      const float *data = mw_algorithm_state_data (algo, i, &n);
      put_u32 (b, (guint32) strlen (name));
      g_byte_array_append (b, (const guint8 *) name, (guint) strlen (name));
      put_u64 (b, n);
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
      g_byte_array_append (b, (const guint8 *) data, (guint) (n * sizeof (float)));
#else
      for (size_t j = 0; j < n; j++)
        {
          guint32 v;
          memcpy (&v, &data[j], 4);
          put_u32 (b, v);
        }
#endif
    }
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, b->data, b->len);
  guint8 digest[32];
  gsize dl = sizeof digest;
  g_checksum_get_digest (sum, digest, &dl);
  g_checksum_free (sum);
  g_byte_array_append (b, digest, 32);
  /* A temporary file of a unique name, renamed over path. */
  gboolean ok = mw_run_folder_replace_file (path, b->data, b->len, TRUE, error);
  if (!ok)
    g_prefix_error (error, _("cannot save the checkpoint %s (the previous one is kept): "), path);
  g_byte_array_unref (b);
  return ok;
}

typedef struct {
  const guint8 *p, *end;
} Reader;

static gboolean
take (Reader *r, size_t n, const guint8 **out)
{
  if ((size_t) (r->end - r->p) < n)
    return FALSE;
  *out = r->p;
  r->p += n;
  return TRUE;
}

static gboolean
get_u32 (Reader *r, guint32 *v)
{
  const guint8 *p;
  if (!take (r, 4, &p))
    return FALSE;
  memcpy (v, p, 4);
  *v = GUINT32_FROM_LE (*v);
  return TRUE;
}

static gboolean
get_u64 (Reader *r, guint64 *v)
{
  const guint8 *p;
  if (!take (r, 8, &p))
    return FALSE;
  memcpy (v, p, 8);
  *v = GUINT64_FROM_LE (*v);
  return TRUE;
}

static gboolean
check_magic (const guint8 *head, gsize n, gpointer user_data, GError **error)
{
  if (n >= sizeof MAGIC && memcmp (head, MAGIC, sizeof MAGIC) == 0)
    return TRUE;
  g_set_error_literal (error, MW_INPUT_FILE_ERROR, MW_INPUT_FILE_ERROR_WRONG_TYPE,
                       _("not a Meta Workbench checkpoint"));
  return FALSE;
}

char *
mw_checkpoint_load (const char *path, MwAlgorithm *algo, GError **error)
{
  gsize len = 0;
  GError *local = NULL;
  g_autofree char *contents = mw_input_file_read (path, MW_CHECKPOINT_MAX_FILE_SIZE, check_magic,
                                                  NULL, &len, &local);
  if (contents == NULL)
    {
      if (local->domain == G_FILE_ERROR)
        g_propagate_error (error, local);
      else
        {
          g_set_error_literal (error, MW_CHECKPOINT_ERROR, MW_CHECKPOINT_ERROR_FORMAT,
                               local->message);
          g_error_free (local);
        }
      return NULL;
    }
  g_autofree char *name = g_filename_display_name (path);
  return mw_checkpoint_load_data (contents, len, name, algo, error);
}

char *
mw_checkpoint_load_data (const void *bytes, size_t len, const char *path, MwAlgorithm *algo,
                         GError **error)
{
  const char *contents = bytes;
#define FAIL(code, ...)                                                       \
  do                                                                          \
    {                                                                         \
      g_set_error (error, MW_CHECKPOINT_ERROR, code, __VA_ARGS__);            \
      return NULL;                                                            \
    }                                                                         \
  while (0)
  if (len < 8 + 4 + 32 || memcmp (contents, MAGIC, 8) != 0)
    FAIL (MW_CHECKPOINT_ERROR_FORMAT, _("%s is not a Meta Workbench checkpoint"), path);
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guint8 *) contents, len - 32);
  guint8 digest[32];
  gsize dl = sizeof digest;
  g_checksum_get_digest (sum, digest, &dl);
  g_checksum_free (sum);
  if (memcmp (digest, contents + len - 32, 32) != 0)
    FAIL (MW_CHECKPOINT_ERROR_FORMAT, _("%s is damaged (checksum mismatch): it was truncated "
            "or changed after it was written"), path);
  Reader r = { (const guint8 *) contents + 8, (const guint8 *) contents + len - 32 };
  guint32 version, hl, count;
  const guint8 *hp;
  if (!get_u32 (&r, &version))
    FAIL (MW_CHECKPOINT_ERROR_FORMAT, _("%s: truncated header"), path);
  if (version != MW_CHECKPOINT_VERSION)
    FAIL (MW_CHECKPOINT_ERROR_VERSION, _("%s uses checkpoint format %u; this version reads "
            "format %d"), path, version, MW_CHECKPOINT_VERSION);
  if (!get_u32 (&r, &hl) || !take (&r, hl, &hp) || !get_u32 (&r, &count))
    FAIL (MW_CHECKPOINT_ERROR_FORMAT, _("%s: truncated header"), path);
  if (!g_utf8_validate ((const char *) hp, hl, NULL))
    FAIL (MW_CHECKPOINT_ERROR_FORMAT, _("%s: the header is not UTF-8 text"), path);
  /* A record takes at least 12 bytes (name length and value count): a count the file
   * cannot hold is corrupt, and must not size the allocation below. */
  if (count > (size_t) (r.end - r.p) / 12)
    FAIL (MW_CHECKPOINT_ERROR_FORMAT, _("%s: holds %u tensor records, more than its size "
            "allows"), path, count);
  if (algo != NULL && (int) count != mw_algorithm_state_count (algo))
    FAIL (MW_CHECKPOINT_ERROR_MISMATCH, _("%s holds %u tensors but this %s model has %d: the "
            "checkpoint belongs to a different algorithm or architecture"), path, count,
          mw_algorithm_kind_name (mw_algorithm_get_config (algo)->kind),
          mw_algorithm_state_count (algo));
  /* Everything is checked before anything is copied, so a mismatch leaves the
   * algorithm as it was. */
  g_autofree const guint8 **sources = g_new0 (const guint8 *, count ? count : 1);
  for (guint32 i = 0; i < count; i++)
    {
      guint32 nl;
      guint64 n;
      const guint8 *name, *data;
      if (!get_u32 (&r, &nl) || !take (&r, nl, &name) || !get_u64 (&r, &n)
          || n > (guint64) (r.end - r.p) / 4 || !take (&r, (size_t) n * 4, &data))
        FAIL (MW_CHECKPOINT_ERROR_FORMAT, _("%s: tensor record %u is truncated"), path, i);
      if (algo == NULL)
        continue;
      size_t want;
      float *dst = mw_algorithm_state_data (algo, (int) i, &want);
      const char *want_name = mw_algorithm_state_name (algo, (int) i);
      if (strlen (want_name) != nl || memcmp (want_name, name, nl) != 0 || want != n)
        FAIL (MW_CHECKPOINT_ERROR_MISMATCH, _("%s: tensor %u is '%.*s' with %llu values; this model expects '%s' "
                "with %zu"),
              path, i, (int) nl, name, (unsigned long long) n, want_name, want);
      (void) dst;
      sources[i] = data;
    }
  if (r.p != r.end)
    FAIL (MW_CHECKPOINT_ERROR_FORMAT, _("%s: unexpected data after the last tensor"), path);
  for (guint32 i = 0; algo != NULL && i < count; i++)
    {
      size_t n;
      float *dst = mw_algorithm_state_data (algo, (int) i, &n);
      memcpy (dst, sources[i], n * 4);
#if G_BYTE_ORDER != G_LITTLE_ENDIAN
      for (size_t j = 0; j < n; j++)
        {
          guint32 v;
          memcpy (&v, &dst[j], 4);
          v = GUINT32_FROM_LE (v);
          memcpy (&dst[j], &v, 4);
        }
#endif
    }
#undef FAIL
  return g_strndup ((const char *) hp, hl);
}
