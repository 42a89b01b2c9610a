/* mw-text-file.c: see mw-text-file.h. */
#include "config.h"
#include "mw-text-file.h"
#include "mw-input-file.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (mw-text-file-error-quark, mw_text_file_error)

/* 1 + the number of line breaks before p. */
static int
line_of (const char *text, const char *p)
{
  int line = 1;
  for (const char *q = text; q < p; q++)
    line += *q == '\n';
  return line;
}

/* The line starting at p (up to end), without its line break or a CR before it. */
static gsize
line_length (const char *p, const char *end, const char **next)
{
  const char *nl = memchr (p, '\n', (gsize) (end - p));
  const char *stop = nl != NULL ? nl : end;
  *next = nl != NULL ? nl + 1 : end;
  if (stop > p && stop[-1] == '\r')
    stop--;
  return (gsize) (stop - p);
}

static gboolean
line_is (const char *p, gsize n, const char *want)
{
  return n == strlen (want) && memcmp (p, want, n) == 0;
}

static gboolean
line_is_blank (const char *p, gsize n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isspace (p[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_sealed (const char *text, const char *end)
{
  const char *next;
  gsize n = line_length (text, end, &next);
  if (line_is (text, n, MW_TEXT_FILE_SEAL_LINE))
    return TRUE;
  if (n == 0 || text[0] != '#' || next == end)
    return FALSE;
  const char *second = next;
  n = line_length (second, end, &next);
  return line_is (second, n, MW_TEXT_FILE_SEAL_LINE);
}

gboolean
mw_text_file_check (const char *text, gsize len, const char *name, GError **error)
{
  g_return_val_if_fail (text != NULL || len == 0, FALSE);
  const char *end = text + len;
  const char *nul = memchr (text, '\0', len);
  if (nul != NULL)
    {
      g_set_error (error, MW_TEXT_FILE_ERROR, MW_TEXT_FILE_ERROR_BINARY,
                   /* Translators: a file and a line number. */
                   _("%s, line %d: holds a NUL byte, so it is binary data, not a text file "
                     "(a crash can leave a file filled with zeros)"),
                   name, line_of (text, nul));
      return FALSE;
    }
  const char *bad = NULL;
  if (!g_utf8_validate_len (text, len, &bad))
    {
      g_set_error (error, MW_TEXT_FILE_ERROR, MW_TEXT_FILE_ERROR_ENCODING,
                   _("%s, line %d: is not UTF-8 text"), name, line_of (text, bad));
      return FALSE;
    }
  if (len == 0 || !is_sealed (text, end))
    return TRUE;

  /* Sealed: the end line must be there, with only blank lines after it. */
  const char *p = text, *next, *end_line = NULL;
  int line = 0, last_line = 0;
  for (; p < end; p = next)
    {
      gsize n = line_length (p, end, &next);
      line++;
      if (end_line == NULL && line_is (p, n, MW_TEXT_FILE_END_LINE))
        end_line = p;
      else if (end_line != NULL && !line_is_blank (p, n))
        {
          g_set_error (error, MW_TEXT_FILE_ERROR, MW_TEXT_FILE_ERROR_AFTER_END,
                       _("%s, line %d: text after the end line \"%s\" (move it above that "
                         "line)"), name, line, MW_TEXT_FILE_END_LINE);
          return FALSE;
        }
      last_line = line;
    }
  if (end_line == NULL)
    {
      g_set_error (error, MW_TEXT_FILE_ERROR, MW_TEXT_FILE_ERROR_CUT_SHORT,
                   _("%s, line %d: the file ends here without its end line \"%s\": it was "
                     "cut short (by a crash, a full disk or an interrupted copy)"),
                   name, last_line, MW_TEXT_FILE_END_LINE);
      return FALSE;
    }
  return TRUE;
}

char *
mw_text_file_read (const char *path, gsize max_size, gsize *length, GError **error)
{
  gsize len = 0;
  char *text = mw_input_file_read (path, max_size, NULL, NULL, &len, error);
  if (text == NULL)
    return NULL;
  g_autofree char *name = g_filename_display_name (path);
  if (!mw_text_file_check (text, len, name, error))
    {
      g_free (text);
      return NULL;
    }
  if (length != NULL)
    *length = len;
  return text;
}

gboolean
mw_text_file_load_key_file (GKeyFile *kf, const char *path, GKeyFileFlags flags, GError **error)
{
  gsize len = 0;
  g_autofree char *text = mw_text_file_read (path, MW_TEXT_FILE_MAX_SIZE, &len, error);
  if (text == NULL)
    return FALSE;
  if (!g_key_file_load_from_data (kf, text, len, flags, error))
    {
      g_autofree char *name = g_filename_display_name (path);
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  return TRUE;
}

char *
mw_text_file_seal (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);
  GString *out = g_string_new (NULL);
  const char *rest = text;
  /* A file's own first comment stays first: desktops recognise experiment files by
   * it (data/…mime.xml). */
  if (text[0] == '#')
    {
      const char *nl = strchr (text, '\n');
      rest = nl != NULL ? nl + 1 : text + strlen (text);
      g_string_append_len (out, text, rest - text);
      if (nl == NULL)
        g_string_append_c (out, '\n');
    }
  g_string_append (out, MW_TEXT_FILE_SEAL_LINE "\n");
  g_string_append (out, rest);
  if (out->len > 0 && out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  g_string_append (out, MW_TEXT_FILE_END_LINE "\n");
  return g_string_free (out, FALSE);
}
