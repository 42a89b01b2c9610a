/* mw-image-folder-data.c: a folder of class folders as a row of the data table
 * (mw-data-kind.h): its classes split in two by the experiment's seed, or as a
 * checkpoint recorded them. */
#include "config.h"
#include "mw-data-kind.h"
#include "mw-dataset.h"
#include "mw-image-folder-splits.h"

#include <glib/gi18n-lib.h>

/* Classes of ds split in two by a seeded shuffle: train_fraction of them for training. */
static void
split_classes (MwDataset *ds, double fraction, guint64 seed, MwDataset **train, MwDataset **test)
{
  int n = ds->n_classes, *order = g_new (int, n);
  for (int i = 0; i < n; i++)
    order[i] = i;
  MwRng rng;
  mw_rng_init (&rng, seed, 0x73706c6974ULL);
  mw_rng_shuffle (&rng, order, n);
  int n_train = CLAMP ((int) (fraction * n + 0.5), 1, n - 1);
  *train = mw_dataset_subset (ds, order, n_train);
  *test = mw_dataset_subset (ds, order + n_train, n - n_train);
  g_free (order);
}

/* Up to `shown` names of a list, comma-separated, with "…" for the rest. */
static char *
join_some (GPtrArray *names, guint shown)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < names->len && i < shown; i++)
    g_string_append_printf (s, "%s%s", i ? ", " : "", (const char *) names->pdata[i]);
  if (names->len > shown)
    g_string_append (s, ", …");
  return g_string_free (s, FALSE);
}

/* The folder's classes split as the checkpoint recorded: every recorded class must
 * still be there; classes the folder gained since go nowhere (a note says so), or to
 * the test split when asked. */
static gboolean
apply_recorded_split (const MwDataRequest *r, MwDataset *all, MwDataResult *result,
                      GError **error)
{
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  for (int i = 0; i < all->n_classes; i++)
    g_hash_table_insert (index, all->class_names[i], GINT_TO_POINTER (i + 1));
  g_autoptr (GPtrArray) missing = g_ptr_array_new ();
  g_autoptr (GArray) train = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GArray) test = g_array_new (FALSE, FALSE, sizeof (int));
  char **lists[2] = { r->train_classes, r->test_classes };
  GArray *out[2] = { train, test };
  for (int l = 0; l < 2; l++)
    for (char **n = lists[l]; n && *n; n++)
      {
        int k = GPOINTER_TO_INT (g_hash_table_lookup (index, *n)) - 1;
        if (k < 0)
          g_ptr_array_add (missing, *n);
        else if (g_hash_table_add (used, *n))
          g_array_append_val (out[l], k);
      }
  const char *dir = r->path;
  if (missing->len > 0)
    {
      g_autofree char *names = join_some (missing, 10);
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s no longer holds %u class the checkpoint was trained or "
                                "tested with (%s): put it back, or train again",
                                "%s no longer holds %u classes the checkpoint was trained or "
                                "tested with (%s): put them back, or train again", missing->len),
                   dir, missing->len, names);
      return FALSE;
    }
  g_autoptr (GPtrArray) added = g_ptr_array_new ();
  for (int i = 0; i < all->n_classes; i++)
    if (!g_hash_table_contains (used, all->class_names[i]))
      {
        g_ptr_array_add (added, all->class_names[i]);
        if (r->new_classes_to_test)
          g_array_append_val (test, i);
      }
  if (train->len == 0 || test->len == 0)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY,
                   _("%s: the checkpoint records an empty class split"), dir);
      return FALSE;
    }
  if (added->len > 0)
    {
      g_autofree char *names = join_some (added, 10);
      result->note = g_strdup_printf (
        r->new_classes_to_test
          ? g_dngettext (GETTEXT_PACKAGE,
                         "%s holds %u class it did not hold at training (%s): it joins the "
                         "test classes, as asked; the rest of the split is the checkpoint's",
                         "%s holds %u classes it did not hold at training (%s): they join the "
                         "test classes, as asked; the rest of the split is the checkpoint's",
                         added->len)
          : g_dngettext (GETTEXT_PACKAGE,
                         "%s holds %u class it did not hold at training (%s): the checkpoint's "
                         "class split is used and it is left out",
                         "%s holds %u classes it did not hold at training (%s): the "
                         "checkpoint's class split is used and they are left out", added->len),
        dir, added->len, names);
    }
  result->train = mw_dataset_subset (all, (int *) train->data, (int) train->len);
  result->test = mw_dataset_subset (all, (int *) test->data, (int) test->len);
  return TRUE;
}

gboolean
mw_image_folder_load_data (const MwDataRequest *r, MwDataResult *result, GError **error)
{
  /* auto is decided once (toward the background asked for) and given back, so that
   * a run can record the choice: resuming or evaluating then loads the images the
   * same way even if the folder changed. */
  MwFolderLayout layout = mw_image_folder_layout (r->path);
  if (layout != MW_FOLDER_LAYOUT_CLASSES)
    return mw_image_folder_load_splits (r, layout, result, error);
  MwFolderLoad load = { r->height, r->width, r->channels, r->invert, r->light_background,
                        NULL, NULL, -1, FALSE, TRUE };
  MwDataset *all = mw_image_folder_load_with (r->path, &load, error);
  if (all == NULL)
    return FALSE;
  result->invert = load.inverted ? 1 : 0;
  result->file_border = load.file_border;
  if (r->test_only)
    {
      result->tested = g_strdup (_("all its classes"));
      result->test = all;
      return TRUE;
    }
  if (all->n_classes < 4)
    {
      g_autofree char *shown = g_filename_display_name (r->path);
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_TOO_SMALL,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%s has %d usable class folder; training needs at least 4 "
                                "(some to learn from, others to test on)",
                                "%s has %d usable class folders; training needs at least 4 "
                                "(some to learn from, others to test on)", all->n_classes),
                   shown, all->n_classes);
      mw_dataset_free (all);
      return FALSE;
    }
  if (r->train_classes != NULL)
    {
      if (!apply_recorded_split (r, all, result, error))
        {
          mw_dataset_free (all);
          return FALSE;
        }
    }
  else
    split_classes (all, r->train_fraction, r->seed, &result->train, &result->test);
  /* The files that could not be used stay listed (with the training classes), so front
   * ends can name them. */
  GPtrArray *none = result->train->skipped;
  result->train->skipped = all->skipped;
  all->skipped = none;
  mw_dataset_free (all);
  return TRUE;
}
