/* test-image-folder-splits.c: mini-ImageNet as its users have it, on a stand-in written
 * here with a seeded generator: the Ravi & Larochelle split files (train.csv, val.csv,
 * test.csv of `filename,label` under a header) over a flat images/ folder and over a
 * folder per label, and three split folders.  Each layout loads its classes into the
 * right split with the files' colours; the decode cache gives the same pixels, is what a
 * second load reads, and is passed over once a file changes or the cache is damaged;
 * the split files' problems name the file and line; the presets carry the papers'
 * settings. */
#include "image-writer.h"
#include "mw-data-kind.h"
#include "mw-dataset.h"
#include "mw-experiment.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

/* Enough files in the training split to be cached (MW_IMAGE_CACHE_MIN_FILES). */
enum { N_TRAIN = 14, N_VAL = 3, N_TEST = 4, PER_CLASS = 20, SIDE = 12 };

static char *cache_home;

static void
remove_tree (const char *path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  if (d != NULL)
    {
      const char *n;
      while ((n = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, n, NULL);
          remove_tree (child);
        }
      g_dir_close (d);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* A class's colour: one strong channel (class mod 3) and a level that tells classes
 * apart; images of a class differ by seeded noise. */
static void
class_colour (int cls, uint8_t rgb[3])
{
  rgb[0] = rgb[1] = rgb[2] = (uint8_t) (20 + (cls / 3) * 9);
  rgb[cls % 3] = 230;
}

static void
write_image (const char *path, int cls, GRand *rand, gboolean png)
{
  uint8_t px[24 * 20 * 3], rgb[3];
  class_colour (cls, rgb);
  for (int p = 0; p < 24 * 20; p++)
    for (int c = 0; c < 3; c++)
      px[p * 3 + c] = (uint8_t) CLAMP (rgb[c] + g_rand_int_range (rand, -6, 7), 0, 255);
  if (png)
    write_png (path, 24, 20, PNG_COLOR_TYPE_RGB, 8, px, 24 * 3, FALSE, NULL, 0);
  else
    write_jpeg (path, 24, 20, 3, px);
}

static const char *const splits[3] = { "train", "val", "test" };
static const int split_classes[3] = { N_TRAIN, N_VAL, N_TEST };

/* The stand-in: labels n0000CCCC, files n0000CCCC000000KK.jpg; flat puts them in
 * images/, otherwise in a folder per label; folders writes train/ val/ test/ of class
 * folders instead of split files. */
static char *
make_stand_in (gboolean flat, gboolean folders)
{
  char *root = g_dir_make_tmp ("mw-mini-XXXXXX", NULL);
  g_assert_nonnull (root);
  GRand *rand = g_rand_new_with_seed (7);
  int cls = 0;
  if (flat)
    {
      g_autofree char *images = g_build_filename (root, "images", NULL);
      g_assert_cmpint (g_mkdir (images, 0755), ==, 0);
    }
  for (int s = 0; s < 3; s++)
    {
      GString *csv = g_string_new ("filename,label\n");
      g_autofree char *split_dir = g_build_filename (root, splits[s], NULL);
      if (folders)
        g_assert_cmpint (g_mkdir (split_dir, 0755), ==, 0);
      for (int k = 0; k < split_classes[s]; k++, cls++)
        {
          g_autofree char *label = g_strdup_printf ("n%08d", cls);
          g_autofree char *folder = folders ? g_build_filename (split_dir, label, NULL)
                                  : flat ? g_build_filename (root, "images", NULL)
                                         : g_build_filename (root, label, NULL);
          g_mkdir (folder, 0755);
          for (int i = 0; i < PER_CLASS; i++)
            {
              g_autofree char *file = g_strdup_printf ("%s%08d.%s", label, i + 1,
                                                       i % 5 == 4 ? "png" : "jpg");
              g_autofree char *path = g_build_filename (folder, file, NULL);
              write_image (path, cls, rand, i % 5 == 4);
              g_string_append_printf (csv, "%s,%s\n", file, label);
            }
        }
      if (!folders)
        {
          g_autofree char *name = g_strconcat (splits[s], ".csv", NULL);
          g_autofree char *path = g_build_filename (root, name, NULL);
          g_assert_true (g_file_set_contents (path, csv->str, -1, NULL));
        }
      g_string_free (csv, TRUE);
    }
  g_rand_free (rand);
  return root;
}

static MwDataRequest
request_for (const char *root)
{
  return (MwDataRequest) { .path = root, .train_split = "", .val_split = "",
                           .test_split = "", .height = SIDE, .width = SIDE, .channels = 3,
                           .invert = 0, .train_fraction = 0.7, .seed = 1 };
}

/* The mean of channel c of image k of class cls, in [0, 1]. */
static double
channel_mean (const MwDataset *ds, int cls, int k, int c)
{
  float img[SIDE * SIDE * 3];
  mw_dataset_copy_image (ds, cls, k, img);
  double sum = 0;
  for (int p = 0; p < SIDE * SIDE; p++)
    sum += img[p * 3 + c];
  return sum / (SIDE * SIDE);
}

/* Every split has its classes, named by label, each image the colour of its class. */
static void
check_loaded (const MwDataResult *r, int first_class[3])
{
  const MwDataset *sets[3] = { r->train, r->val, r->test };
  int cls = 0;
  for (int s = 0; s < 3; s++)
    {
      g_assert_nonnull (sets[s]);
      g_assert_cmpint (sets[s]->n_classes, ==, split_classes[s]);
      g_assert_cmpint (sets[s]->channels, ==, 3);
      first_class[s] = cls;
      for (int k = 0; k < split_classes[s]; k++, cls++)
        {
          g_autofree char *label = g_strdup_printf ("n%08d", cls);
          g_assert_cmpstr (sets[s]->class_names[k], ==, label);
          g_assert_cmpint (mw_dataset_class_size (sets[s], k), ==, PER_CLASS);
          uint8_t rgb[3];
          class_colour (cls, rgb);
          for (int c = 0; c < 3; c++)
            g_assert_cmpfloat_with_epsilon (channel_mean (sets[s], k, 7, c), rgb[c] / 255.0,
                                            0.04);
        }
    }
}

static GPtrArray *
cache_files (void)
{
  g_autofree char *dir = g_build_filename (cache_home, "meta-workbench", "image-folders", NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *n;
  while (d != NULL && (n = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (files, g_build_filename (dir, n, NULL));
  if (d != NULL)
    g_dir_close (d);
  return files;
}

static void
test_split_files (gconstpointer flat)
{
  remove_tree (cache_home);
  g_autofree char *root = make_stand_in (GPOINTER_TO_INT (flat), FALSE);
  MwDataRequest request = request_for (root);
  MwDataResult r;
  GError *error = NULL;
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_no_error (error);
  int first[3];
  check_loaded (&r, first);
  g_assert_cmpstr (r.train_split, ==, "train.csv");
  g_assert_cmpstr (r.test_split, ==, "test.csv");
  size_t bytes = (size_t) r.train->n_images * SIDE * SIDE * 3;
  g_autofree uint8_t *first_pixels = g_memdup2 (r.train->pixels, bytes);
  mw_data_result_clear (&r);

  /* The training split has enough files to be kept; the others are decoded again. */
  g_autoptr (GPtrArray) kept = cache_files ();
  g_assert_cmpuint (kept->len, ==, 1);
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_cmpmem (r.train->pixels, bytes, first_pixels, bytes);
  mw_data_result_clear (&r);

  /* What a second load reads is the cache: pixels changed there come back. */
  gsize len;
  g_autofree char *cached = NULL;
  g_assert_true (g_file_get_contents (kept->pdata[0], &cached, &len, NULL));
  g_assert_cmpuint (len, >, bytes);
  cached[len - 1] ^= 0x55;
  g_assert_true (g_file_set_contents (kept->pdata[0], cached, (gssize) len, NULL));
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_cmpint (r.train->pixels[bytes - 1], ==, first_pixels[bytes - 1] ^ 0x55);
  mw_data_result_clear (&r);

  /* A cut-off cache is passed over and written again. */
  g_assert_true (g_file_set_contents (kept->pdata[0], cached, (gssize) (len / 2), NULL));
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_cmpmem (r.train->pixels, bytes, first_pixels, bytes);
  mw_data_result_clear (&r);

  /* A file that changes (another class's colour) is decoded again. */
  g_autofree char *file = GPOINTER_TO_INT (flat)
                          ? g_build_filename (root, "images", "n0000000000000001.jpg", NULL)
                          : g_build_filename (root, "n00000000", "n0000000000000001.jpg", NULL);
  GRand *rand = g_rand_new_with_seed (3);
  write_image (file, 1, rand, FALSE);
  g_rand_free (rand);
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_cmpfloat (channel_mean (r.train, 0, 0, 1), >, 0.8);   /* class 1 is green */
  g_assert_cmpfloat (channel_mean (r.train, 0, 1, 0), >, 0.8);   /* class 0 is red */
  mw_data_result_clear (&r);

  /* Evaluating a model reads its test classes only. */
  request.test_only = TRUE;
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_null (r.train);
  g_assert_cmpint (r.test->n_classes, ==, N_TEST);
  g_assert_cmpstr (r.tested, ==, "test.csv");
  mw_data_result_clear (&r);
  remove_tree (root);
}

static void
test_split_folders (void)
{
  g_autofree char *root = make_stand_in (FALSE, TRUE);
  MwDataRequest request = request_for (root);
  MwDataResult r;
  GError *error = NULL;
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_no_error (error);
  int first[3];
  check_loaded (&r, first);
  g_assert_cmpstr (r.val_split, ==, "val/");
  mw_data_result_clear (&r);
  /* Without val/ validation uses the test classes. */
  g_autofree char *val = g_build_filename (root, "val", NULL);
  remove_tree (val);
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_null (r.val);
  g_assert_cmpint (r.test->n_classes, ==, N_TEST);
  mw_data_result_clear (&r);
  remove_tree (root);
}

/* Replaces line `line` (1-based) of root/NAME with text. */
static void
edit_line (const char *root, const char *name, int line, const char *text)
{
  g_autofree char *path = g_build_filename (root, name, NULL);
  g_autofree char *contents = NULL;
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_auto (GStrv) lines = g_strsplit (contents, "\n", -1);
  g_free (lines[line - 1]);
  lines[line - 1] = g_strdup (text);
  g_autofree char *joined = g_strjoinv ("\n", lines);
  g_assert_true (g_file_set_contents (path, joined, -1, NULL));
}

static void
expect_error (const char *root, int code, const char *const *words, int min_class_size)
{
  MwDataRequest request = request_for (root);
  request.min_class_size = min_class_size;
  MwDataResult r;
  GError *error = NULL;
  g_assert_false (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_error (error, MW_DATASET_ERROR, code);
  for (const char *const *w = words; *w != NULL; w++)
    if (strstr (error->message, *w) == NULL)
      g_error ("'%s' not in: %s", *w, error->message);
  g_assert_null (r.train);
  g_error_free (error);
}

static void
test_split_file_errors (void)
{
  g_autofree char *root = make_stand_in (TRUE, FALSE);
  g_autofree char *images = g_build_filename (root, "images", NULL);

  /* A label with fewer images than an episode takes: named with its first line. */
  const char *few[] = { "train.csv, line 2:", "n00000000", "20 images", "21", NULL };
  expect_error (root, MW_DATASET_ERROR_TOO_SMALL, few, 21);

  /* A line naming a file that is nowhere. */
  edit_line (root, "val.csv", 5, "n9999999900000001.jpg,n00000014");
  const char *missing[] = { "val.csv, line 5:", "n9999999900000001.jpg", "images/", NULL };
  expect_error (root, MW_DATASET_ERROR_NOT_FOUND, missing, 0);
  edit_line (root, "val.csv", 5, "n0000001400000004.jpg,n00000014");

  /* A header that is not filename,label. */
  edit_line (root, "test.csv", 1, "file;label");
  const char *header[] = { "test.csv, line 1:", "filename,label", "file;label", NULL };
  expect_error (root, MW_DATASET_ERROR_CORRUPT, header, 0);
  edit_line (root, "test.csv", 1, "filename,label");

  /* A line of one field, and a path that leaves the folder. */
  edit_line (root, "train.csv", 3, "n0000000000000002.jpg");
  const char *fields[] = { "train.csv, line 3:", "n0000000000000002.jpg", NULL };
  expect_error (root, MW_DATASET_ERROR_CORRUPT, fields, 0);
  edit_line (root, "train.csv", 3, "../../etc/passwd,n00000000");
  const char *outside[] = { "train.csv, line 3:", "../../etc/passwd", NULL };
  expect_error (root, MW_DATASET_ERROR_CORRUPT, outside, 0);
  edit_line (root, "train.csv", 3, "n0000000000000002.jpg,n00000000");

  /* A training label again in the test split. */
  edit_line (root, "test.csv", 2, "n0000000000000003.jpg,n00000000");
  const char *twice[] = { "test.csv, line 2:", "n00000000", "train.csv (line 2)", NULL };
  expect_error (root, MW_DATASET_ERROR_CORRUPT, twice, 0);
  edit_line (root, "test.csv", 2, "n0000001700000001.jpg,n00000017");

  /* Repaired, it loads. */
  MwDataRequest request = request_for (root);
  MwDataResult r;
  GError *error = NULL;
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_no_error (error);
  mw_data_result_clear (&r);
  remove_tree (root);
}

static void
test_presets (void)
{
  struct { MwAlgorithmKind kind; const char *preset; int filters, steps, batch, test_steps,
           train_ways; float inner_lr; } cases[] = {
    { MW_ALGO_MAML, "miniimagenet-5w1s", 32, 5, 4, 10, 0, 0.01f },
    { MW_ALGO_MAML, "miniimagenet-5w5s", 32, 5, 2, 10, 0, 0.01f },
    { MW_ALGO_FOMAML, "miniimagenet-5w1s", 32, 5, 4, 10, 0, 0.01f },
    { MW_ALGO_PROTONET, "miniimagenet-5w1s", 64, -1, 1, 0, 30, -1 },
    { MW_ALGO_PROTONET, "miniimagenet-5w5s", 64, -1, 1, 0, 20, -1 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MwExperimentConfig c;
      GError *error = NULL;
      mw_experiment_config_init (&c, cases[i].kind);
      g_free (c.data_path);
      c.data_path = g_strdup ("/somewhere/mini-imagenet");
      g_assert_true (mw_experiment_config_preset (&c, cases[i].kind, cases[i].preset, &error));
      g_assert_no_error (error);
      g_assert_cmpint (c.data, ==, MW_DATA_FOLDER);
      g_assert_cmpstr (c.data_path, ==, "/somewhere/mini-imagenet");
      g_assert_cmpint (c.image_size, ==, 84);
      g_assert_cmpint (c.channels, ==, 3);
      g_assert_cmpint (c.invert, ==, 0);
      g_assert_cmpint (c.ways, ==, 5);
      g_assert_cmpint (c.queries, ==, 15);
      g_assert_cmpint (c.shots, ==, strstr (cases[i].preset, "5w5s") ? 5 : 1);
      g_assert_cmpint (c.algo.filters, ==, cases[i].filters);
      g_assert_cmpint (c.algo.meta_batch, ==, cases[i].batch);
      g_assert_cmpint (c.test_steps, ==, cases[i].test_steps);
      g_assert_cmpint (c.train_ways, ==, cases[i].train_ways);
      if (cases[i].steps > 0)
        {
          g_assert_cmpint (c.algo.inner_steps, ==, cases[i].steps);
          g_assert_cmpfloat (c.algo.inner_lr, ==, cases[i].inner_lr);
        }
      g_assert_true (mw_experiment_config_validate (&c, &error));
      g_assert_no_error (error);
      mw_experiment_config_clear (&c);
    }
}

int
main (int argc, char **argv)
{
  /* Before anything asks GLib for the cache folder (it reads the variable once). */
  cache_home = g_dir_make_tmp ("mw-cache-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_unsetenv ("MW_IMAGE_CACHE");
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/image-folder-splits/split-files-flat", GINT_TO_POINTER (TRUE),
                        test_split_files);
  g_test_add_data_func ("/image-folder-splits/split-files-label-folders",
                        GINT_TO_POINTER (FALSE), test_split_files);
  g_test_add_func ("/image-folder-splits/split-folders", test_split_folders);
  g_test_add_func ("/image-folder-splits/split-file-errors", test_split_file_errors);
  g_test_add_func ("/image-folder-splits/presets", test_presets);
  int rc = g_test_run ();
  remove_tree (cache_home);
  g_free (cache_home);
  return rc;
}
