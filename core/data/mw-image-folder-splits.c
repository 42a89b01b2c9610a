/* mw-image-folder-splits.c: folders whose classes come split already (split files or
 * split folders: mw-image-folder-splits.h). */
#include "config.h"
#include "mw-image-folder-splits.h"
#include "mw-dataset-private.h"
#include "mw-input-file.h"
#include "mw-text-file.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const char *const split_names[3] = { "train", "val", "test" };

/* A folder that holds at least one folder and no PNG or JPEG file: a folder of class
 * folders, not a class. */
static gboolean
is_folder_of_classes (const char *path)
{
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return FALSE;
  g_autoptr (GPtrArray) names = mw_input_folder_names (path, NULL);
  gboolean folders = FALSE;
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autofree char *child = g_build_filename (path, name, NULL);
      const char *dot = strrchr (name, '.');
      if (dot != NULL && (g_ascii_strcasecmp (dot, ".png") == 0
                          || g_ascii_strcasecmp (dot, ".jpg") == 0
                          || g_ascii_strcasecmp (dot, ".jpeg") == 0))
        return FALSE;
      folders |= g_file_test (child, G_FILE_TEST_IS_DIR);
    }
  return folders;
}

MwFolderLayout
mw_image_folder_layout (const char *dir)
{
  g_autofree char *csv = g_build_filename (dir, "train.csv", NULL);
  if (g_file_test (csv, G_FILE_TEST_EXISTS))
    return MW_FOLDER_LAYOUT_SPLIT_FILES;
  g_autofree char *train = g_build_filename (dir, "train", NULL);
  g_autofree char *test = g_build_filename (dir, "test", NULL);
  if (is_folder_of_classes (train) && is_folder_of_classes (test))
    return MW_FOLDER_LAYOUT_SPLIT_FOLDERS;
  return MW_FOLDER_LAYOUT_CLASSES;
}

/* Where a label was first seen: "train.csv, line 7". */
typedef struct {
  char *file;
  int line;
} LabelSite;

static void
label_site_free (gpointer p)
{
  LabelSite *site = p;
  g_free (site->file);
  g_free (site);
}

static void
set_line_error (GError **error, int code, const char *file, int line, const char *reason)
{
  /* Translators: a split file, its line number, what is wrong there. */
  g_set_error (error, MW_DATASET_ERROR, code, _("%s, line %d: %s"), file, line, reason);
}

/* The image of a split file's line: images/FILE, LABEL/FILE or FILE beside the split
 * files, the first that exists; NULL when none does. */
static char *
find_image (const char *dir, const char *file, const char *label)
{
  const char *places[3][2] = { { "images", file }, { label, file }, { file, NULL } };
  for (int i = 0; i < 3; i++)
    {
      char *path = g_build_filename (dir, places[i][0], places[i][1], NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }
  return NULL;
}

/* A field of a line as written, or in double quotes (as spreadsheets save it). */
static char *
field_text (const char *field)
{
  g_autofree char *s = g_strstrip (g_strdup (field));
  size_t n = strlen (s);
  if (n >= 2 && s[0] == '"' && s[n - 1] == '"')
    return g_strndup (s + 1, n - 2);
  return g_steal_pointer (&s);
}

/* The split file dir/NAME.csv as a dataset: its labels are the classes, in the order
 * they first appear.  labels: label → LabelSite of every split file read so far. */
static MwDataset *
load_split_file (const MwDataRequest *r, const char *split, MwFolderLoad *load,
                 GHashTable *labels, GError **error)
{
  g_autofree char *name = g_strconcat (split, ".csv", NULL);
  g_autofree char *path = g_build_filename (r->path, name, NULL);
  g_autofree char *shown = g_filename_display_name (path);
  gsize len;
  g_autofree char *text = mw_text_file_read (path, MW_SPLIT_FILE_MAX_SIZE, &len, error);
  if (text == NULL)
    return NULL;
  /* A byte-order mark is a spreadsheet's, not part of the header. */
  const char *body = g_str_has_prefix (text, "\xEF\xBB\xBF") ? text + 3 : text;
  g_auto (GStrv) lines = g_strsplit (body, "\n", -1);
  g_autoptr (GPtrArray) classes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GHashTable) class_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GArray) first_line = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr (GArray) cands = g_array_new (FALSE, TRUE, sizeof (MwImageCandidate));
  g_array_set_clear_func (cands, mw_image_candidate_clear);
  /* Each class's candidates own their paths until they move into cands. */
  g_autoptr (GPtrArray) per_class = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  gboolean header = FALSE;
  for (int i = 0; lines[i] != NULL; i++)
    {
      int line = i + 1;
      g_strchomp (lines[i]);
      if (lines[i][0] == '\0')
        continue;
      g_auto (GStrv) fields = g_strsplit (lines[i], ",", -1);
      if (!header)
        {
          g_autofree char *a = fields[0] ? field_text (fields[0]) : NULL;
          g_autofree char *b = a && fields[1] ? field_text (fields[1]) : NULL;
          if (b == NULL || fields[2] != NULL || g_ascii_strcasecmp (a, "filename") != 0
              || g_ascii_strcasecmp (b, "label") != 0)
            {
              g_autofree char *reason = g_strdup_printf (
                _("the first line must be the header \"filename,label\" (the split files of "
                  "Ravi & Larochelle), not \"%s\""), lines[i]);
              set_line_error (error, MW_DATASET_ERROR_CORRUPT, shown, line, reason);
              return NULL;
            }
          header = TRUE;
          continue;
        }
      g_autofree char *file = fields[0] ? field_text (fields[0]) : NULL;
      g_autofree char *label = file && fields[1] ? field_text (fields[1]) : NULL;
      if (label == NULL || fields[2] != NULL || *file == '\0' || *label == '\0'
          || strstr (file, "..") != NULL || strstr (label, "..") != NULL
          || strchr (label, '/') != NULL || g_path_is_absolute (file))
        {
          g_autofree char *reason = g_strdup_printf (
            _("\"%s\" is not a file name and a label separated by a comma"), lines[i]);
          set_line_error (error, MW_DATASET_ERROR_CORRUPT, shown, line, reason);
          return NULL;
        }
      int k = GPOINTER_TO_INT (g_hash_table_lookup (class_index, label)) - 1;
      if (k < 0)
        {
          LabelSite *site = g_hash_table_lookup (labels, label);
          if (site != NULL)
            {
              g_autofree char *reason = g_strdup_printf (
                _("the label %s is already a class of %s (line %d): a class belongs to one "
                  "split"), label, site->file, site->line);
              set_line_error (error, MW_DATASET_ERROR_CORRUPT, shown, line, reason);
              return NULL;
            }
          k = (int) classes->len;
          site = g_new (LabelSite, 1);
          site->file = g_strdup (name);
          site->line = line;
          g_hash_table_insert (labels, g_strdup (label), site);
          g_ptr_array_add (classes, g_strdup (label));
          g_hash_table_insert (class_index, classes->pdata[k], GINT_TO_POINTER (k + 1));
          g_array_append_val (first_line, line);
          GArray *list = g_array_new (FALSE, TRUE, sizeof (MwImageCandidate));
          g_array_set_clear_func (list, mw_image_candidate_clear);
          g_ptr_array_add (per_class, list);
        }
      char *image = find_image (r->path, file, label);
      if (image == NULL)
        {
          g_autofree char *reason = g_strdup_printf (
            _("the image %s is not in images/, %s/ or beside the split files"), file, label);
          set_line_error (error, MW_DATASET_ERROR_NOT_FOUND, shown, line, reason);
          return NULL;
        }
      MwImageCandidate cand = { k, image, NULL };
      g_array_append_val (per_class->pdata[k], cand);
    }
  if (!header)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY,
                   _("%s is empty (it needs the header \"filename,label\" and a line per "
                     "image)"), shown);
      return NULL;
    }
  /* Grouped by class, in the order of their first lines. */
  for (guint c = 0; c < per_class->len; c++)
    {
      GArray *list = per_class->pdata[c];
      g_array_append_vals (cands, list->data, list->len);
      memset (list->data, 0, list->len * sizeof (MwImageCandidate));
      if (r->min_class_size > 0 && (int) list->len < r->min_class_size)
        {
          g_autofree char *reason = g_strdup_printf (
            g_dngettext (GETTEXT_PACKAGE,
                         "the label %s has %u image; an episode takes %d of each class "
                         "(shots + queries)",
                         "the label %s has %u images; an episode takes %d of each class "
                         "(shots + queries)", list->len),
            (const char *) classes->pdata[c], list->len, r->min_class_size);
          set_line_error (error, MW_DATASET_ERROR_TOO_SMALL, shown,
                          g_array_index (first_line, int, c), reason);
          return NULL;
        }
    }
  g_autofree char *dir_shown = g_filename_display_name (r->path);
  g_autofree char *base = g_path_get_basename (dir_shown);
  g_autofree char *ds_name = g_strdup_printf ("folder %s %s", base, name);
  MwDataset *ds = mw_dataset_alloc (ds_name, r->height, r->width, r->channels);
  if (!mw_image_load_check (load, error)
      || !mw_image_list_decode (ds, path, shown, classes, cands, load, error))
    g_clear_pointer (&ds, mw_dataset_free);
  return ds;
}

/* dir/NAME/ as a folder of class folders. */
static MwDataset *
load_split_folder (const MwDataRequest *r, const char *split, MwFolderLoad *load,
                   GError **error)
{
  g_autofree char *path = g_build_filename (r->path, split, NULL);
  return mw_image_folder_load_with (path, load, error);
}

gboolean
mw_image_folder_load_splits (const MwDataRequest *r, MwFolderLayout layout,
                             MwDataResult *result, GError **error)
{
  g_return_val_if_fail (layout != MW_FOLDER_LAYOUT_CLASSES, FALSE);
  gboolean files = layout == MW_FOLDER_LAYOUT_SPLIT_FILES;
  g_autoptr (GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         label_site_free);
  MwDataset **out[3] = { &result->train, &result->val, &result->test };
  char **names[3] = { &result->train_split, &result->val_split, &result->test_split };
  gboolean ok = TRUE;
  /* The first split loaded decides invert=auto for all three, so that every split's
   * images are prepared alike. */
  MwFolderLoad load = { r->height, r->width, r->channels, r->invert, r->light_background,
                        NULL, NULL, -1, FALSE, TRUE };
  gboolean decided = FALSE;
  for (int s = 0; ok && s < 3; s++)
    {
      /* Evaluating a trained model needs only its test classes. */
      if (r->test_only && s != 2)
        continue;
      g_autofree char *path = g_strconcat (r->path, G_DIR_SEPARATOR_S, split_names[s],
                                           files ? ".csv" : "", NULL);
      if (s == 1 && !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      MwDataset *ds = files ? load_split_file (r, split_names[s], &load, labels, error)
                            : load_split_folder (r, split_names[s], &load, error);
      if (ds == NULL)
        {
          ok = FALSE;
          break;
        }
      if (!decided)
        {
          result->invert = load.inverted ? 1 : 0;
          result->file_border = load.file_border;
          load.invert = result->invert;
          decided = TRUE;
        }
      *out[s] = ds;
      *names[s] = g_strconcat (split_names[s], files ? ".csv" : "/", NULL);
    }
  if (ok && r->test_only)
    result->tested = g_strdup (result->test_split);
  if (ok && !r->test_only && result->train->n_classes < 2)
    {
      g_autofree char *shown = g_filename_display_name (r->path);
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_TOO_SMALL,
                   _("%s: the training split %s needs at least 2 classes (it has %d)"),
                   shown, result->train_split, result->train->n_classes);
      ok = FALSE;
    }
  return ok;
}
