/* mw-data-table.c: the table of datasets, one row each (mw-data-kind.h, MwDataInfo). */
#include "config.h"
#include "mw-data-kind.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Omniglot's 1623 characters × 20 drawings, all decoded (train, val and test). */
#define OMNIGLOT_IMAGES 32460.0
/* Fashion-MNIST's train and t10k files; the 26 Hershey letters in 18 fonts. */
#define FASHION_MNIST_IMAGES 70000.0
#define HERSHEY_IMAGES 468.0

static const MwDataInfo rows[MW_DATA_COUNT] = {
  [MW_DATA_GLYPHS] = {
    NC_("dataset", "glyphs"), N_("Built-in glyphs"),
    N_("built-in procedurally drawn glyphs (default; needs no files)"),
    .drawn = TRUE, .image_size = 28, .load = mw_glyphs_load_data,
  },
  [MW_DATA_SINUSOID] = {
    NC_("dataset", "sinusoid"), N_("Sinusoid regression"),
    N_("regression y = A·sin(x − φ) (Finn et al. 2017)"),
    .regression = TRUE, .preset = "sinusoid", .image_size = 28,
  },
  [MW_DATA_OMNIGLOT] = {
    NC_("dataset", "omniglot"), N_("Omniglot folder"),
    N_("the official zips or their folders (--data-dir; see download-omniglot)"),
    .needs_path = TRUE, .chooser_title = N_("Choose the Omniglot Folder"),
    .has_alphabets = TRUE, .named_splits = TRUE, .inverted = TRUE, .image_size = 28,
    .images = OMNIGLOT_IMAGES, .load = mw_omniglot_load_data,
    .disjoint = mw_omniglot_splits_disjoint,
  },
  [MW_DATA_FOLDER] = {
    NC_("dataset", "folder"), N_("Image folder"),
    N_("a folder of class folders of PNG/JPEG images (--data-dir)"),
    .needs_path = TRUE, .chooser_title = N_("Choose a Folder of Class Folders"),
    .records_split = TRUE, .colour = TRUE, .invert_setting = TRUE, .image_size = 28,
    .load = mw_image_folder_load_data,
  },
  [MW_DATA_PLANAR] = {
    NC_("dataset", "planar"), N_("Planar tasks"),
    N_("2-way classification of points in the plane; each task a line, a circle or two "
       "moons of its family (planar-family)"),
    .points = TRUE, .preset = "planar-linear", .image_size = 28,
  },
  [MW_DATA_FASHION_MNIST] = {
    NC_("dataset", "fashion-mnist"), N_("Fashion-MNIST"),
    N_("70,000 28×28 images of clothing in 10 classes: 5 train (T-shirt or top, trouser, "
       "pullover, sandal, bag), 5 test (dress, coat, shirt, sneaker, ankle boot); from the "
       "Debian package dataset-fashion-mnist, or the folder in path"),
    .image_size = 28, .images = FASHION_MNIST_IMAGES, .load = mw_fashion_mnist_load_data,
  },
  [MW_DATA_HERSHEY] = {
    NC_("dataset", "hershey"), N_("Hershey letters"),
    N_("the 26 capital letters typeset in 18 Hershey fonts (hershey-copies jittered copies "
       "of each): A–P train, Q–Z test; from the Debian package hershey-fonts-data, or the "
       "folder in path"),
    .image_size = 28, .images = HERSHEY_IMAGES, .load = mw_hershey_load_data,
  },
};

/* A kind out of range (a bad number from a program): needs nothing, has nothing. */
static const MwDataInfo unknown = { "unknown", "", "", .image_size = 28 };

const MwDataInfo *
mw_data_info (MwDataKind kind)
{
  return kind < MW_DATA_COUNT ? &rows[kind] : &unknown;
}

const char *
mw_data_kind_name (MwDataKind kind)
{
  return kind < MW_DATA_COUNT ? rows[kind].id : "unknown";
}

const char *
mw_data_kind_title (MwDataKind kind)
{
  return kind < MW_DATA_COUNT ? g_dpgettext2 (GETTEXT_PACKAGE, "dataset", rows[kind].id)
                              : C_("dataset", "unknown");
}

gboolean
mw_data_kind_from_name (const char *name, MwDataKind *kind)
{
  for (int k = 0; k < MW_DATA_COUNT; k++)
    if (g_ascii_strcasecmp (name, rows[k].id) == 0)
      {
        *kind = (MwDataKind) k;
        return TRUE;
      }
  return FALSE;
}

char *
mw_data_kind_names (const char *separator)
{
  GString *names = g_string_new (NULL);
  for (int k = 0; k < MW_DATA_COUNT; k++)
    g_string_append_printf (names, "%s%s", k > 0 ? separator : "", rows[k].id);
  return g_string_free (names, FALSE);
}

gboolean
mw_data_load (MwDataKind kind, const MwDataRequest *request, MwDataResult *result,
              GError **error)
{
  memset (result, 0, sizeof *result);
  result->invert = request->invert;
  result->file_border = -1;
  MwDataLoad load = mw_data_info (kind)->load;
  if (load == NULL || load (request, result, error))
    {
      /* Every loader's images, the same way: a shift is a property of the data asked
       * for, not of any one file format. */
      MwDataset *loaded[3] = { result->train, result->val, result->test };
      for (int i = 0; i < 3; i++)
        if (loaded[i] != NULL)
          mw_shift_dataset (loaded[i], &request->shift);
      return TRUE;
    }
  mw_data_result_clear (result);
  return FALSE;
}

void
mw_data_result_clear (MwDataResult *result)
{
  mw_dataset_free (result->train);
  mw_dataset_free (result->val);
  mw_dataset_free (result->test);
  g_free (result->train_split);
  g_free (result->val_split);
  g_free (result->test_split);
  g_free (result->tested);
  g_free (result->note);
  memset (result, 0, sizeof *result);
}
