/* mw-omniglot-data.c: Omniglot as a row of the data table (mw-data-kind.h): the splits
 * an experiment names, loaded, and whether two splits share a character. */
#include "config.h"
#include "mw-data-kind.h"
#include "mw-dataset.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The splits an experiment's empty settings stand for. */
#define USUAL_TRAIN_SPLIT "vinyals-train"
#define USUAL_TEST_SPLIT "vinyals-test"

gboolean
mw_omniglot_load_data (const MwDataRequest *r, MwDataResult *result, GError **error)
{
  result->test_split = g_strdup (*r->test_split ? r->test_split : USUAL_TEST_SPLIT);
  if (r->test_only)
    {
      result->tested = g_strdup (result->test_split);
      result->test = mw_omniglot_load_rotated (r->path, result->test_split, r->height,
                                               r->rotations, error);
      return result->test != NULL;
    }
  result->train_split = g_strdup (*r->train_split ? r->train_split : USUAL_TRAIN_SPLIT);
  if (!(result->train = mw_omniglot_load_rotated (r->path, result->train_split, r->height,
                                                  r->rotations, error)))
    return FALSE;
  if (*r->val_split)
    {
      result->val_split = g_strdup (r->val_split);
      if (!(result->val = mw_omniglot_load_rotated (r->path, r->val_split, r->height,
                                                    r->rotations, error)))
        return FALSE;
    }
  result->test = mw_omniglot_load_rotated (r->path, result->test_split, r->height, r->rotations,
                                           error);
  return result->test != NULL;
}

/* The character of an Omniglot class name: "Alphabet/characterNN" of
 * "Alphabet/characterNN/rot090". */
static char *
character_of (const char *class_name)
{
  const char *first = strchr (class_name, '/');
  const char *second = first ? strchr (first + 1, '/') : NULL;
  return second ? g_strndup (class_name, (gsize) (second - class_name)) : g_strdup (class_name);
}

/* Characters, not classes: validating or testing on characters the model trained on
 * (in any turn) measures memory, not learning from one example. */
gboolean
mw_omniglot_splits_disjoint (const MwDataset *train, const char *train_key,
                             const char *train_split, const MwDataset *other,
                             const char *other_key, const char *other_split, GError **error)
{
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int c = 0; c < train->n_classes; c++)
    g_hash_table_add (seen, character_of (train->class_names[c]));
  g_autoptr (GHashTable) shared = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char *example = NULL;
  for (int c = 0; c < other->n_classes; c++)
    {
      char *ch = character_of (other->class_names[c]);
      if (g_hash_table_contains (seen, ch))
        {
          if (example == NULL)
            example = g_strdup (ch);
          g_hash_table_add (shared, ch);
        }
      else
        g_free (ch);
    }
  if (example == NULL)
    return TRUE;
  g_autofree char *a = g_filename_display_name (train_split);
  g_autofree char *b = g_filename_display_name (other_split);
  guint n = g_hash_table_size (shared);
  /* Translators: the settings and their values, how many characters, one of them. */
  g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
               g_dngettext (GETTEXT_PACKAGE,
                            "%s=%s and %s=%s share %u character (%s): the model would be judged "
                            "on a character it trained on; choose splits without common characters",
                            "%s=%s and %s=%s share %u characters (%s, …): the model would be "
                            "judged on characters it trained on; choose splits without common characters",
                            n),
               train_key, a, other_key, b, n, example);
  g_free (example);
  return FALSE;
}
