/* mw-omniglot-split.c: what an Omniglot split can be: one of the named splits, or a
 * file that lists its classes one per line, as the Vinyals lists
 * (the .txt files in splits/vinyals/) do.
 *
 * The names and descriptions live here so that `list`, `train --help` and the
 * settings' help all say the same thing. */
#include "config.h"
#include "mw-dataset.h"
#include "mw-omniglot-split-private.h"
#include "mw-text-file.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The descriptions' counts are those of the full sets (README of the data folder):
 * background 30 alphabets / 964 characters, evaluation 20 / 659. */
static const struct {
  const char *name;
  const char *description;
} named_splits[] = {
  { "vinyals-train",
    N_("1,028 characters: 25 background alphabets (all but the five of vinyals-val), seven "
       "evaluation alphabets (Angelic, Atemayar_Qelisayer, Atlantean, Aurek-Besh, Avesta, "
       "Ge_ez, Glagolitic) and Gurmukhi character01–41. Usually with rotations: 4,112 "
       "classes. The usual train-split.") },
  { "vinyals-val",
    N_("172 characters: all of Armenian, Bengali, Early_Aramaic, Hebrew and "
       "Mkhedruli_(Georgian) (background alphabets). Usually with rotations: 688 classes. "
       "The usual val-split.") },
  { "vinyals-trainval",
    N_("1,200 characters: vinyals-train followed by vinyals-val. Usually with rotations: "
       "4,800 classes. For a final run that needs no validation.") },
  { "vinyals-test",
    N_("423 characters: Gurmukhi character42–45 and 12 more evaluation alphabets "
       "(Kannada, Keble, Malayalam, Manipuri, Mongolian, Old_Church_Slavonic_(Cyrillic), "
       "Oriya, Sylheti, Syriac_(Serto), Tengwar, Tibetan, ULOG). Usually with rotations: "
       "1,692 classes. The usual test-split.") },
  { "background",
    N_("Lake et al.'s learning set: 30 alphabets, 964 characters. Usually without "
       "rotations: 964 classes.") },
  { "evaluation",
    N_("Lake et al.'s test set: 20 alphabets, 659 characters. Usually without rotations: "
       "659 classes.") },
};

/* Which folder each alphabet is in, so a split file loads only the sets it names. */
static const char *const background_alphabets[] = {
  "Alphabet_of_the_Magi", "Anglo-Saxon_Futhorc", "Arcadian", "Armenian",
  "Asomtavruli_(Georgian)", "Balinese", "Bengali", "Blackfoot_(Canadian_Aboriginal_Syllabics)",
  "Braille", "Burmese_(Myanmar)", "Cyrillic", "Early_Aramaic", "Futurama", "Grantha", "Greek",
  "Gujarati", "Hebrew", "Inuktitut_(Canadian_Aboriginal_Syllabics)", "Japanese_(hiragana)",
  "Japanese_(katakana)", "Korean", "Latin", "Malay_(Jawi_-_Arabic)", "Mkhedruli_(Georgian)",
  "N_Ko", "Ojibwe_(Canadian_Aboriginal_Syllabics)", "Sanskrit", "Syriac_(Estrangelo)",
  "Tagalog", "Tifinagh", NULL,
};
static const char *const evaluation_alphabets[] = {
  "Angelic", "Atemayar_Qelisayer", "Atlantean", "Aurek-Besh", "Avesta", "Ge_ez",
  "Glagolitic", "Gurmukhi", "Kannada", "Keble", "Malayalam", "Manipuri", "Mongolian",
  "Old_Church_Slavonic_(Cyrillic)", "Oriya", "Sylheti", "Syriac_(Serto)", "Tengwar",
  "Tibetan", "ULOG", NULL,
};

int
mw_omniglot_n_named_splits (void)
{
  return (int) G_N_ELEMENTS (named_splits);
}

const char *
mw_omniglot_named_split (int i, const char **description)
{
  g_return_val_if_fail (i >= 0 && i < (int) G_N_ELEMENTS (named_splits), NULL);
  if (description != NULL)
    *description = g_dgettext (GETTEXT_PACKAGE, named_splits[i].description);
  return named_splits[i].name;
}

const char *
mw_omniglot_split_file_description (void)
{
  return _("A file of character paths, one per line: Alphabet/characterNN (the character "
           "as drawn) or Alphabet/characterNN/rotDDD (turned DDD = 000, 090, 180 or 270 "
           "degrees counter-clockwise), as in the Vinyals lists splits/vinyals/*.txt. Lines "
           "may name background and evaluation characters. With rotations=auto each line "
           "is one class; 4 gives each character listed its four turns, 0 each character "
           "once as drawn. A relative path is taken from the current folder.");
}

gboolean
mw_omniglot_split_is_named (const char *split)
{
  for (size_t i = 0; i < G_N_ELEMENTS (named_splits); i++)
    if (strcmp (split, named_splits[i].name) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
in_list (const char *const *list, const char *name)
{
  for (int i = 0; list[i] != NULL; i++)
    if (strcmp (list[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
split_line_clear (gpointer p)
{
  MwSplitLine *l = p;
  g_free (l->alphabet);
  g_free (l->character);
}

/* rotDDD → quarter turns, or -1. */
static int
parse_turn (const char *s)
{
  static const char *const turns[] = { "rot000", "rot090", "rot180", "rot270" };
  for (int i = 0; i < 4; i++)
    if (strcmp (s, turns[i]) == 0)
      return i;
  return -1;
}

/* One non-blank line (no line break) into *out; FALSE with the reason in error. */
static gboolean
parse_line (const char *text, const char *name, int line, MwSplitLine *out, GError **error)
{
  g_auto (GStrv) parts = g_strsplit (text, "/", -1);
  guint n = g_strv_length (parts);
  gboolean shape = n == 2 || n == 3;
  for (guint i = 0; shape && i < n; i++)
    shape = parts[i][0] != '\0';
  if (!shape)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   /* Translators: a file, a line number, the line; keep the patterns. */
                   _("%s, line %d: '%s' is not a character path (Alphabet/characterNN or "
                     "Alphabet/characterNN/rotDDD)"), name, line, text);
      return FALSE;
    }
  int turn = -1;
  if (n == 3 && (turn = parse_turn (parts[2])) < 0)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("%s, line %d: '%s' is not a turn: use rot000, rot090, rot180 or rot270"),
                   name, line, parts[2]);
      return FALSE;
    }
  gboolean background = in_list (background_alphabets, parts[0]);
  if (!background && !in_list (evaluation_alphabets, parts[0]))
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("%s, line %d: Omniglot has no alphabet '%s' (names as in the zips, "
                     "such as Latin or Japanese_(hiragana))"), name, line, parts[0]);
      return FALSE;
    }
  out->alphabet = g_strdup (parts[0]);
  out->character = g_strdup (parts[1]);
  out->turn = turn;
  out->evaluation = !background;
  out->line = line;
  return TRUE;
}

GArray *
mw_omniglot_split_file_read (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  gsize len = 0;
  g_autofree char *text = mw_text_file_read (path, MW_OMNIGLOT_SPLIT_FILE_MAX_SIZE, &len, error);
  if (text == NULL)
    return NULL;
  g_autofree char *name = g_filename_display_name (path);
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (MwSplitLine));
  g_array_set_clear_func (lines, split_line_clear);
  /* "Alphabet/characterNN/turn" → its first line: a repeat would be one class twice,
   * which an episode could then draw as two "different" classes. */
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *p = text, *end = text + len;
  /* Editors on Windows start UTF-8 files with a byte order mark; it is not part of the
   * first alphabet's name. */
  if (len >= 3 && memcmp (text, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  int line = 0;
  while (p < end)
    {
      const char *nl = memchr (p, '\n', (gsize) (end - p));
      const char *stop = nl != NULL ? nl : end;
      g_autofree char *raw = g_strndup (p, (gsize) (stop - p));
      p = nl != NULL ? nl + 1 : end;
      line++;
      char *t = g_strstrip (raw);
      if (t[0] == '\0' || t[0] == '#')
        continue;
      MwSplitLine l = { 0 };
      if (!parse_line (t, name, line, &l, error))
        {
          g_array_unref (lines);
          return NULL;
        }
      char *key = g_strdup_printf ("%s/%s/%d", l.alphabet, l.character, MAX (l.turn, 0));
      gpointer first = g_hash_table_lookup (seen, key);
      if (first != NULL)
        {
          g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                       /* Translators: a file, a line number, the line, an earlier line
                        * number.  A line without /rotDDD is the same class as rot000. */
                       _("%s, line %d: '%s' is the same class as line %d"), name, line, t,
                       GPOINTER_TO_INT (first));
          g_free (key);
          split_line_clear (&l);
          g_array_unref (lines);
          return NULL;
        }
      g_hash_table_insert (seen, key, GINT_TO_POINTER (line));
      g_array_append_val (lines, l);
    }
  if (lines->len == 0)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY,
                   _("%s: lists no characters (one Alphabet/characterNN or "
                     "Alphabet/characterNN/rotDDD per line)"), name);
      g_array_unref (lines);
      return NULL;
    }
  return lines;
}
