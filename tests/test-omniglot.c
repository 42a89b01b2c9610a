/* test-omniglot.c: Omniglot from the real zips (data folder in $MW_OMNIGLOT_DIR; the
 * test is skipped, status 77, when it is not set).
 *
 * Checks the Vinyals split derived by rule against the published class lists line for
 * line, the image counts, the pixel convention (ink 1, with the ink counts the data's
 * README gives for the full-size images), the rotation direction, the extracted-folder
 * path, the cache under concurrent loads, and the errors for a missing folder, a bad
 * zip and a damaged PNG; split files: the Vinyals lists give the same classes as the
 * named splits, a hand-written file may mix both sets and choose turns, and a wrong
 * file is refused naming its line. */
#include "mw-data-kind.h"
#include "mw-dataset.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <zip.h>

static const char *data_dir;

static double
seconds_since (gint64 t0)
{
  return (double) (g_get_monotonic_time () - t0) / 1e6;
}

/* Needs no data: runs before the skip. */
static void
check_not_found (void)
{
  GError *error = NULL;
  MwDataset *ds = mw_omniglot_load ("/nonexistent/omniglot-data", "vinyals-train", 28, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/omniglot-data"));
  g_assert_nonnull (strstr (error->message, "meta-workbench-cli download-omniglot"));
  g_clear_error (&error);

  char *empty = g_dir_make_tmp ("mw-omniglot-XXXXXX", NULL);
  g_assert_nonnull (empty);
  ds = mw_omniglot_load (empty, "evaluation", 28, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "images_evaluation.zip"));
  g_assert_nonnull (strstr (error->message, "download-omniglot"));
  g_clear_error (&error);

  /* A zip that is not a zip is corrupt, and the message names it. */
  char *bad = g_build_filename (empty, "images_evaluation.zip", NULL);
  g_assert_true (g_file_set_contents (bad, "not a zip", -1, NULL));
  ds = mw_omniglot_load (empty, "evaluation", 28, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "images_evaluation.zip"));
  g_clear_error (&error);
  g_unlink (bad);
  g_free (bad);
  g_rmdir (empty);
  g_free (empty);

  ds = mw_omniglot_load ("/nonexistent", "vinyals-everything", 28, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_clear_error (&error);
}

/* A split file in a new temporary folder; returns its path (g_free). */
static char *
write_split_file (const char *name, const char *text)
{
  char *dir = g_dir_make_tmp ("mw-omniglot-split-XXXXXX", NULL);
  g_assert_nonnull (dir);
  char *path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  g_free (dir);
  return path;
}

static void
remove_split_file (char *path)
{
  char *dir = g_path_get_dirname (path);
  g_unlink (path);
  g_rmdir (dir);
  g_free (dir);
  g_free (path);
}

/* A wrong split file is refused before any image is read, naming the file and line. */
static void
expect_split_file_error (const char *text, int code, const char *line, const char *what)
{
  char *path = write_split_file ("my-split.txt", text);
  GError *error = NULL;
  MwDataset *ds = mw_omniglot_load ("/nonexistent/omniglot-data", path, 28, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  if (line != NULL)
    g_assert_nonnull (strstr (error->message, line));
  g_assert_nonnull (strstr (error->message, what));
  g_clear_error (&error);
  remove_split_file (path);
}

/* Needs no data: runs before the skip. */
static void
check_split_file_errors (void)
{
  expect_split_file_error ("Latin/character01\nLatin/character02/rot045\n",
                           MW_DATASET_ERROR_SETTINGS, "line 2", "rot045");
  expect_split_file_error ("Latin/character01/rot000/x\n", MW_DATASET_ERROR_SETTINGS,
                           "line 1", "not a character path");
  expect_split_file_error ("\n# mine\nLatin\n", MW_DATASET_ERROR_SETTINGS, "line 3",
                           "not a character path");
  expect_split_file_error ("Latin/character01\nKlingon/character01\n",
                           MW_DATASET_ERROR_SETTINGS, "line 2", "Klingon");
  /* Without a turn a line is the character as drawn: the same class as rot000. */
  expect_split_file_error ("Latin/character01/rot000\nGreek/character02\n"
                           "Latin/character01\n", MW_DATASET_ERROR_SETTINGS, "line 3",
                           "line 1");
  expect_split_file_error ("Greek/character02/rot090\r\nGreek/character02/rot090\r\n",
                           MW_DATASET_ERROR_SETTINGS, "line 2", "line 1");
  expect_split_file_error ("", MW_DATASET_ERROR_EMPTY, NULL, "lists no characters");
  expect_split_file_error ("# only a comment\n\n", MW_DATASET_ERROR_EMPTY, NULL,
                           "lists no characters");

  /* Neither a split name nor a file. */
  GError *error = NULL;
  MwDataset *ds = mw_omniglot_load ("/nonexistent", "vinyals-trian", 28, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_assert_nonnull (strstr (error->message, "vinyals-trian"));
  g_assert_nonnull (strstr (error->message, "vinyals-train"));
  g_clear_error (&error);

  /* Read with the checked readers: a folder is not read, nor bytes that are not text. */
  ds = mw_omniglot_load ("/nonexistent", "/tmp", 28, &error);
  g_assert_null (ds);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/tmp"));
  g_clear_error (&error);
  char *path = write_split_file ("binary.txt", "Latin/character01\n\xff\xfe\n");
  ds = mw_omniglot_load ("/nonexistent", path, 28, &error);
  g_assert_null (ds);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_clear_error (&error);
  remove_split_file (path);
}

static MwDataset *
load (const char *split, int size)
{
  GError *error = NULL;
  MwDataset *ds = mw_omniglot_load (data_dir, split, size, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ds);
  return ds;
}

static void
assert_names_match_list (const MwDataset *ds, const char *list)
{
  char *path = g_build_filename (data_dir, "splits", "vinyals", list, NULL);
  char *text = NULL;
  if (!g_file_get_contents (path, &text, NULL, NULL))
    {
      g_test_message ("%s not found: class order not compared", path);
      g_free (path);
      return;
    }
  char **lines = g_strsplit (g_strchomp (text), "\n", -1);
  g_assert_cmpint ((int) g_strv_length (lines), ==, ds->n_classes);
  for (int c = 0; c < ds->n_classes; c++)
    g_assert_cmpstr (ds->class_names[c], ==, lines[c]);
  g_strfreev (lines);
  g_free (text);
  g_free (path);
}

static void
test_vinyals (void)
{
  gint64 t0 = g_get_monotonic_time ();
  MwDataset *trainval = load ("vinyals-trainval", 28);
  MwDataset *test = load ("vinyals-test", 28);
  double cold = seconds_since (t0);
  t0 = g_get_monotonic_time ();
  MwDataset *train = load ("vinyals-train", 28);
  MwDataset *val = load ("vinyals-val", 28);
  double warm = seconds_since (t0);
  g_test_message ("Omniglot 28x28: vinyals-trainval + vinyals-test (32,460 PNGs decoded) "
                  "%.2f s; vinyals-train + vinyals-val from the cache %.3f s", cold, warm);
  g_printerr ("# load time: trainval+test %.2f s (decode), train+val %.3f s (cached)\n",
              cold, warm);

  g_assert_cmpint (trainval->n_classes, ==, 4800);
  g_assert_cmpint (test->n_classes, ==, 1692);
  g_assert_cmpint (train->n_classes, ==, 4112);
  g_assert_cmpint (val->n_classes, ==, 688);
  MwDataset *all[] = { trainval, test, train, val };
  for (guint d = 0; d < G_N_ELEMENTS (all); d++)
    {
      g_assert_cmpint (all[d]->height, ==, 28);
      g_assert_cmpint (all[d]->channels, ==, 1);
      /* Four rotations share one stored copy of each drawing. */
      g_assert_cmpint (all[d]->n_images * 4, ==, all[d]->n_entries);
      for (int c = 0; c < all[d]->n_classes; c++)
        g_assert_cmpint (mw_dataset_class_size (all[d], c), ==, 20);
    }
  assert_names_match_list (trainval, "trainval.txt");
  assert_names_match_list (test, "test.txt");
  assert_names_match_list (train, "train.txt");
  assert_names_match_list (val, "val.txt");

  /* Where an image came from. */
  const char *src = mw_dataset_image_source (test, 0, 0);
  g_test_message ("first test image: %s", src);
  g_assert_nonnull (strstr (src, "images_evaluation"));
  g_assert_nonnull (strstr (src, "Gurmukhi/character42/"));

  /* Ink 1, paper 0: a 28×28 drawing has roughly 5–25% ink. */
  float img[28 * 28];
  double ink_sum = 0;
  int n = 0;
  for (int c = 0; c < test->n_classes; c += 4)
    for (int k = 0; k < 20; k++, n++)
      {
        mw_dataset_copy_image (test, c, k, img);
        int ink = 0;
        for (int p = 0; p < 28 * 28; p++)
          {
            g_assert_true (img[p] >= 0.0f && img[p] <= 1.0f);
            ink += img[p] > 0.5f;
          }
        g_assert_cmpint (ink, >, 0);
        ink_sum += (double) ink / (28 * 28);
      }
  double ink_fraction = ink_sum / n;
  g_test_message ("mean ink fraction at 28x28: %.3f", ink_fraction);
  g_assert_cmpfloat (ink_fraction, >, 0.05);
  g_assert_cmpfloat (ink_fraction, <, 0.25);
  /* The corners are paper. */
  mw_dataset_copy_image (trainval, 0, 0, img);
  g_assert_cmpfloat (img[0], <, 0.1f);

  /* Rotation: class 4c + r is rot000 turned r quarter turns counter-clockwise
   * (numpy.rot90): the rightmost column becomes the top row. */
  float r0[28 * 28], r1[28 * 28], r2[28 * 28], r3[28 * 28];
  for (int c = 0; c < trainval->n_classes; c += 997 * 4)
    {
      g_assert_true (g_str_has_suffix (trainval->class_names[c], "/rot000"));
      g_assert_true (g_str_has_suffix (trainval->class_names[c + 1], "/rot090"));
      mw_dataset_copy_image (trainval, c, 3, r0);
      mw_dataset_copy_image (trainval, c + 1, 3, r1);
      mw_dataset_copy_image (trainval, c + 2, 3, r2);
      mw_dataset_copy_image (trainval, c + 3, 3, r3);
      for (int y = 0; y < 28; y++)
        for (int x = 0; x < 28; x++)
          {
            g_assert_cmpfloat (r1[y * 28 + x], ==, r0[x * 28 + (27 - y)]);
            g_assert_cmpfloat (r2[y * 28 + x], ==, r0[(27 - y) * 28 + (27 - x)]);
            g_assert_cmpfloat (r3[y * 28 + x], ==, r0[(27 - x) * 28 + y]);
          }
    }

  for (guint d = 0; d < G_N_ELEMENTS (all); d++)
    mw_dataset_free (all[d]);
}

static void
test_sets_full_size (void)
{
  /* At 105×105 no resampling happens, so the ink counts must be exactly the README's:
   * evaluation min 71 / mean 929.2 / max 2273 ink pixels per drawing. */
  gint64 t0 = g_get_monotonic_time ();
  MwDataset *ev = load ("evaluation", 105);
  g_test_message ("evaluation at 105x105: %.2f s", seconds_since (t0));
  g_assert_cmpint (ev->n_classes, ==, 659);
  g_assert_cmpint (ev->n_images, ==, 13180);
  g_assert_cmpstr (ev->class_names[0], ==, "Angelic/character01");
  long total = 0, lo = G_MAXLONG, hi = 0;
  for (int i = 0; i < ev->n_images; i++)
    {
      const uint8_t *p = ev->pixels + (size_t) i * 105 * 105;
      long ink = 0;
      for (int q = 0; q < 105 * 105; q++)
        {
          g_assert_true (p[q] == 0 || p[q] == 255);
          ink += p[q] == 255;
        }
      total += ink;
      lo = MIN (lo, ink);
      hi = MAX (hi, ink);
    }
  double mean = (double) total / ev->n_images;
  g_test_message ("evaluation ink pixels per drawing: min %ld mean %.1f max %ld", lo, mean, hi);
  g_assert_cmpint (lo, ==, 71);
  g_assert_cmpint (hi, ==, 2273);
  g_assert_cmpfloat (fabs (mean - 929.2), <, 0.05);
  mw_dataset_free (ev);
  /* 290 MB at this size: give it back. */
  mw_dataset_cache_clear ();

  MwDataset *bg = load ("background", 28);
  g_assert_cmpint (bg->n_classes, ==, 964);
  g_assert_cmpstr (bg->class_names[0], ==, "Alphabet_of_the_Magi/character01");
  /* The README's one exact duplicate: Braille/character01 drawings 03 and 19. */
  int braille = -1;
  for (int c = 0; c < bg->n_classes; c++)
    if (strcmp (bg->class_names[c], "Braille/character01") == 0)
      braille = c;
  g_assert_cmpint (braille, >=, 0);
  g_assert_true (g_str_has_suffix (mw_dataset_image_source (bg, braille, 2), "0192_03.png"));
  float a[28 * 28], b[28 * 28], d[28 * 28];
  mw_dataset_copy_image (bg, braille, 2, a);
  mw_dataset_copy_image (bg, braille, 18, b);
  mw_dataset_copy_image (bg, braille, 3, d);
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  g_assert_true (memcmp (a, d, sizeof a) != 0);
  mw_dataset_free (bg);
}

/* Copies every entry of zip_path under dest (folders included): the layout a user gets
 * by unzipping. */
static void
extract_zip (const char *zip_path, const char *dest)
{
  zip_t *za = zip_open (zip_path, ZIP_RDONLY, NULL);
  g_assert_nonnull (za);
  zip_int64_t n = zip_get_num_entries (za, 0);
  for (zip_int64_t i = 0; i < n; i++)
    {
      const char *name = zip_get_name (za, (zip_uint64_t) i, 0);
      char *out = g_build_filename (dest, name, NULL);
      if (g_str_has_suffix (name, "/"))
        g_assert_cmpint (g_mkdir_with_parents (out, 0755), ==, 0);
      else
        {
          char *parent = g_path_get_dirname (out);
          g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
          g_free (parent);
          zip_stat_t st;
          g_assert_cmpint (zip_stat_index (za, (zip_uint64_t) i, 0, &st), ==, 0);
          char *buf = g_malloc (st.size + 1);
          zip_file_t *zf = zip_fopen_index (za, (zip_uint64_t) i, 0);
          g_assert_cmpint (zip_fread (zf, buf, st.size), ==, (zip_int64_t) st.size);
          zip_fclose (zf);
          g_assert_true (g_file_set_contents (out, buf, (gssize) st.size, NULL));
          g_free (buf);
        }
      g_free (out);
    }
  zip_discard (za);
}

static void
remove_tree (const char *path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  if (d != NULL)
    {
      const char *n;
      while ((n = g_dir_read_name (d)) != NULL)
        {
          char *child = g_build_filename (path, n, NULL);
          remove_tree (child);
          g_free (child);
        }
      g_dir_close (d);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
test_extracted_folder (void)
{
  /* The extracted images_evaluation/ folder gives the same dataset as the zip. */
  char *tmp = g_dir_make_tmp ("mw-omniglot-XXXXXX", NULL);
  char *zip_path = g_build_filename (data_dir, "images_evaluation.zip", NULL);
  gint64 t0 = g_get_monotonic_time ();
  extract_zip (zip_path, tmp);
  g_test_message ("extracted in %.2f s", seconds_since (t0));
  GError *error = NULL;
  t0 = g_get_monotonic_time ();
  MwDataset *from_dir = mw_omniglot_load (tmp, "evaluation", 28, &error);
  g_assert_no_error (error);
  g_test_message ("evaluation from the folder: %.2f s", seconds_since (t0));
  MwDataset *from_zip = load ("evaluation", 28);
  g_assert_cmpint (from_dir->n_classes, ==, from_zip->n_classes);
  g_assert_cmpint (from_dir->n_images, ==, from_zip->n_images);
  for (int c = 0; c < from_zip->n_classes; c++)
    g_assert_cmpstr (from_dir->class_names[c], ==, from_zip->class_names[c]);
  g_assert_cmpmem (from_dir->pixels, (size_t) from_dir->n_images * 784, from_zip->pixels,
                   (size_t) from_zip->n_images * 784);
  g_assert_true (g_str_has_prefix (mw_dataset_image_source (from_dir, 0, 0), tmp));
  mw_dataset_free (from_dir);
  mw_dataset_free (from_zip);

  /* A damaged PNG inside the folder: the error names the file. */
  char *victim = g_build_filename (tmp, "images_evaluation", "Keble", "character03",
                                   "1248_07.png", NULL);
  g_assert_true (g_file_set_contents (victim, "\x89PNG\r\n\x1a\n garbage", 17, NULL));
  mw_dataset_cache_clear ();
  MwDataset *bad = mw_omniglot_load (tmp, "evaluation", 28, &error);
  g_assert_null (bad);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "Keble/character03/1248_07.png"));
  g_clear_error (&error);
  g_free (victim);
  remove_tree (tmp);
  g_free (tmp);
  g_free (zip_path);
}

static void
test_corrupt_zip_entry (void)
{
  /* A zip holding one damaged PNG: the error names the entry. */
  char *tmp = g_dir_make_tmp ("mw-omniglot-XXXXXX", NULL);
  char *zip_path = g_build_filename (tmp, "images_background.zip", NULL);
  zip_t *za = zip_open (zip_path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
  g_assert_nonnull (za);
  static const char junk[] = "\x89PNG\r\n\x1a\nthis is not image data";
  zip_source_t *src = zip_source_buffer (za, junk, sizeof junk, 0);
  g_assert_cmpint (zip_file_add (za, "images_background/Latin/character01/0683_01.png", src,
                                 0), >=, 0);
  g_assert_cmpint (zip_close (za), ==, 0);
  GError *error = NULL;
  MwDataset *ds = mw_omniglot_load (tmp, "background", 28, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message,
                            "images_background.zip:images_background/Latin/character01/0683_01.png"));
  g_assert_nonnull (strstr (error->message, "corrupt PNG"));
  g_clear_error (&error);
  g_unlink (zip_path);
  g_rmdir (tmp);
  g_free (zip_path);
  g_free (tmp);
}

typedef struct {
  MwDataset *ds;
} LoadThread;

static gpointer
load_thread (gpointer p)
{
  LoadThread *t = p;
  t->ds = mw_omniglot_load (data_dir, "vinyals-test", 28, NULL);
  return NULL;
}

static void
test_concurrent_loads (void)
{
  /* The GUI and a CLI run loading at once: both get the data, decoded once. */
  mw_dataset_cache_clear ();
  LoadThread a = { NULL }, b = { NULL };
  GThread *ta = g_thread_new ("load-a", load_thread, &a);
  GThread *tb = g_thread_new ("load-b", load_thread, &b);
  g_thread_join (ta);
  g_thread_join (tb);
  g_assert_nonnull (a.ds);
  g_assert_nonnull (b.ds);
  g_assert_cmpint (a.ds->n_classes, ==, 1692);
  g_assert_cmpmem (a.ds->pixels, (size_t) a.ds->n_images * 784, b.ds->pixels,
                   (size_t) b.ds->n_images * 784);
  mw_dataset_free (a.ds);
  mw_dataset_free (b.ds);
}

static MwDataset *
load_rotated (const char *split, int rotations)
{
  GError *error = NULL;
  MwDataset *ds = mw_omniglot_load_rotated (data_dir, split, 28, rotations, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ds);
  return ds;
}

/* The same classes in the same order, from the same images. */
static void
assert_same_dataset (const MwDataset *a, const MwDataset *b)
{
  g_assert_cmpint (a->n_classes, ==, b->n_classes);
  g_assert_cmpint (a->n_images, ==, b->n_images);
  g_assert_cmpint (a->n_entries, ==, b->n_entries);
  for (int c = 0; c < a->n_classes; c++)
    g_assert_cmpstr (a->class_names[c], ==, b->class_names[c]);
  g_assert_cmpmem (a->class_start, sizeof (int) * (a->n_classes + 1), b->class_start,
                   sizeof (int) * (b->n_classes + 1));
  g_assert_cmpmem (a->entry_image, sizeof (int32_t) * a->n_entries, b->entry_image,
                   sizeof (int32_t) * b->n_entries);
  g_assert_cmpmem (a->entry_rotation, a->n_entries, b->entry_rotation, b->n_entries);
  g_assert_true (memcmp (a->pixels, b->pixels, (size_t) a->n_images * 28 * 28) == 0);
  for (int i = 0; i < a->n_images; i++)
    g_assert_cmpstr (a->image_sources[i], ==, b->image_sources[i]);
}

static void
test_vinyals_files (void)
{
  static const char *const lists[][2] = {
    { "train.txt", "vinyals-train" }, { "val.txt", "vinyals-val" },
    { "trainval.txt", "vinyals-trainval" }, { "test.txt", "vinyals-test" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      char *path = g_build_filename (data_dir, "splits", "vinyals", lists[i][0], NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_test_message ("%s not found: not compared", path);
          g_free (path);
          continue;
        }
      MwDataset *named = load (lists[i][1], 28);
      MwDataset *listed = load (path, 28);
      assert_same_dataset (listed, named);
      mw_dataset_free (listed);
      /* The lists name every turn: rotations 4 changes nothing, 0 keeps each character
       * once, as drawn. */
      listed = load_rotated (path, 4);
      assert_same_dataset (listed, named);
      mw_dataset_free (listed);
      MwDataset *flat = load_rotated (lists[i][1], 0);
      listed = load_rotated (path, 0);
      assert_same_dataset (listed, flat);
      g_assert_cmpint (listed->n_classes * 4, ==, named->n_classes);
      mw_dataset_free (listed);
      mw_dataset_free (flat);
      mw_dataset_free (named);
      g_free (path);
    }
}

static void
assert_same_image (const MwDataset *a, int ca, const MwDataset *b, int cb)
{
  float x[28 * 28], y[28 * 28];
  for (int k = 0; k < 20; k++)
    {
      mw_dataset_copy_image (a, ca, k, x);
      mw_dataset_copy_image (b, cb, k, y);
      g_assert_cmpmem (x, sizeof x, y, sizeof y);
    }
}

static void
test_hand_split_file (void)
{
  /* Both sets, a turn named and one not, a comment and a blank line. */
  char *path = write_split_file ("mixed.txt", "\xEF\xBB\xBF# two sets\nLatin/character01\n\n"
                                 "Angelic/character02/rot090\nLatin/character01/rot180\n");
  MwDataset *ds = load (path, 28);
  g_assert_cmpint (ds->n_classes, ==, 3);
  g_assert_cmpstr (ds->class_names[0], ==, "Latin/character01");
  g_assert_cmpstr (ds->class_names[1], ==, "Angelic/character02/rot090");
  g_assert_cmpstr (ds->class_names[2], ==, "Latin/character01/rot180");
  /* Latin/character01's drawings are stored once for its two classes. */
  g_assert_cmpint (ds->n_images, ==, 40);
  g_assert_nonnull (strstr (mw_dataset_image_source (ds, 0, 0), "images_background"));
  g_assert_nonnull (strstr (mw_dataset_image_source (ds, 1, 0), "images_evaluation"));
  g_assert_cmpstr (mw_dataset_image_source (ds, 0, 5), ==, mw_dataset_image_source (ds, 2, 5));

  MwDataset *bg = load ("background", 28);
  MwDataset *ev4 = load_rotated ("evaluation", 4);
  int latin1 = -1, angelic2 = -1;
  for (int c = 0; c < bg->n_classes; c++)
    if (strcmp (bg->class_names[c], "Latin/character01") == 0)
      latin1 = c;
  for (int c = 0; c < ev4->n_classes; c++)
    if (strcmp (ev4->class_names[c], "Angelic/character02/rot090") == 0)
      angelic2 = c;
  g_assert_cmpint (latin1, >=, 0);
  g_assert_cmpint (angelic2, >=, 0);
  assert_same_image (ds, 0, bg, latin1);
  assert_same_image (ds, 1, ev4, angelic2);
  /* rot180: the drawing upside down and mirrored. */
  float r0[28 * 28], r2[28 * 28];
  mw_dataset_copy_image (ds, 0, 7, r0);
  mw_dataset_copy_image (ds, 2, 7, r2);
  for (int p = 0; p < 28 * 28; p++)
    g_assert_cmpfloat (r2[p], ==, r0[28 * 28 - 1 - p]);
  mw_dataset_free (ds);

  /* rotations=4: each character's four turns where it is first named. */
  ds = load_rotated (path, 4);
  g_assert_cmpint (ds->n_classes, ==, 8);
  g_assert_cmpstr (ds->class_names[0], ==, "Latin/character01/rot000");
  g_assert_cmpstr (ds->class_names[3], ==, "Latin/character01/rot270");
  g_assert_cmpstr (ds->class_names[4], ==, "Angelic/character02/rot000");
  assert_same_image (ds, 5, ev4, angelic2);
  mw_dataset_free (ds);

  /* rotations=0: each character once, as drawn. */
  ds = load_rotated (path, 0);
  g_assert_cmpint (ds->n_classes, ==, 2);
  g_assert_cmpstr (ds->class_names[0], ==, "Latin/character01");
  g_assert_cmpstr (ds->class_names[1], ==, "Angelic/character02");
  assert_same_image (ds, 0, bg, latin1);
  mw_dataset_free (ds);
  mw_dataset_free (bg);
  mw_dataset_free (ev4);
  remove_split_file (path);

  /* A character the set does not have: the file, the line and the set are named. */
  path = write_split_file ("unknown.txt", "Latin/character01\nLatin/character99/rot090\n");
  GError *error = NULL;
  ds = mw_omniglot_load (data_dir, path, 28, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, "line 2"));
  g_assert_nonnull (strstr (error->message, "Latin/character99"));
  g_assert_nonnull (strstr (error->message, "images_background"));
  g_clear_error (&error);
  remove_split_file (path);
}

/* Omniglot's row of the data table: empty split settings are the Vinyals splits, a
 * test of a trained model loads only the test split, and the row's overlap check finds
 * the characters vinyals-trainval shares with vinyals-val. */
static void
test_row_loader (void)
{
  MwDataRequest request = { .path = data_dir, .train_split = "", .val_split = "vinyals-val",
                            .test_split = "", .rotations = 0, .height = 28, .width = 28,
                            .channels = 1 };
  MwDataResult r;
  GError *error = NULL;
  g_assert_true (mw_data_load (MW_DATA_OMNIGLOT, &request, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (r.train_split, ==, "vinyals-train");
  g_assert_cmpstr (r.val_split, ==, "vinyals-val");
  g_assert_cmpstr (r.test_split, ==, "vinyals-test");
  g_assert_cmpint (r.train->n_classes, ==, 1028);
  g_assert_cmpint (r.val->n_classes, ==, 172);
  g_assert_cmpint (r.test->n_classes, ==, 423);
  MwDataDisjoint disjoint = mw_data_info (MW_DATA_OMNIGLOT)->disjoint;
  g_assert_true (disjoint (r.train, "train-split", r.train_split, r.test, "test-split",
                           r.test_split, NULL));
  mw_data_result_clear (&r);

  request.train_split = "vinyals-trainval";
  request.test_only = TRUE;
  g_assert_true (mw_data_load (MW_DATA_OMNIGLOT, &request, &r, &error));
  g_assert_null (r.train);
  g_assert_null (r.val);
  g_assert_cmpstr (r.tested, ==, "vinyals-test");
  MwDataset *test = g_steal_pointer (&r.test);
  mw_data_result_clear (&r);
  MwDataset *trainval = load ("vinyals-trainval", 28), *val = load ("vinyals-val", 28);
  g_assert_true (disjoint (trainval, "train-split", "vinyals-trainval", test, "test-split",
                           "vinyals-test", NULL));
  g_assert_false (disjoint (trainval, "train-split", "vinyals-trainval", val, "val-split",
                            "vinyals-val", &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_assert_nonnull (strstr (error->message, "val-split=vinyals-val"));
  g_clear_error (&error);
  mw_dataset_free (trainval);
  mw_dataset_free (val);
  mw_dataset_free (test);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  check_not_found ();
  check_split_file_errors ();
  data_dir = g_getenv ("MW_OMNIGLOT_DIR");
  if (data_dir == NULL || !g_file_test (data_dir, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("test-omniglot: skipped: set MW_OMNIGLOT_DIR to a folder holding "
                  "images_background.zip and images_evaluation.zip (%s)\n",
                  data_dir ? "the folder it names does not exist" : "it is not set");
      return 77;
    }
  g_test_add_func ("/omniglot/vinyals", test_vinyals);
  g_test_add_func ("/omniglot/sets-full-size", test_sets_full_size);
  g_test_add_func ("/omniglot/extracted-folder", test_extracted_folder);
  g_test_add_func ("/omniglot/corrupt-zip-entry", test_corrupt_zip_entry);
  g_test_add_func ("/omniglot/concurrent-loads", test_concurrent_loads);
  g_test_add_func ("/omniglot/vinyals-files", test_vinyals_files);
  g_test_add_func ("/omniglot/hand-split-file", test_hand_split_file);
  g_test_add_func ("/omniglot/row-loader", test_row_loader);
  int rc = g_test_run ();
  mw_dataset_cache_clear ();
  return rc;
}
