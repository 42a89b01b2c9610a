/* test-fashion-mnist.c: the Fashion-MNIST row (mw-fashion-mnist.c) and its IDX reader
 * (mw-idx.c).
 *
 * Small IDX files written here check the reader against what it must refuse (wrong
 * magic, another shape, labels past 9, counts that disagree, data cut short or
 * followed by more, not gzip, a header announcing more than may be allocated) with a
 * message naming the file, and the row's split against known pixels.  The real files of
 * Debian's dataset-fashion-mnist are checked when installed (skipped, saying which
 * package to install, otherwise). */
#include "mw-data-kind.h"
#include "mw-fashion-mnist.h"
#include "mw-idx.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

enum { SIDE = 28, PER_CLASS_TRAIN = 3, PER_CLASS_T10K = 2 };

/* Writes bytes as a gzip file. */
static void
write_gz (const char *path, const void *data, size_t n)
{
  gzFile f = gzopen (path, "wb");
  g_assert_nonnull (f);
  g_assert_cmpint (gzwrite (f, data, (unsigned) n), ==, (int) n);
  g_assert_cmpint (gzclose (f), ==, Z_OK);
}

static void
put32 (uint8_t *p, guint32 v)
{
  p[0] = (uint8_t) (v >> 24);
  p[1] = (uint8_t) (v >> 16);
  p[2] = (uint8_t) (v >> 8);
  p[3] = (uint8_t) v;
}

/* An IDX file of n images of rows × cols, image i all of value value (i). */
static void
write_images (const char *path, guint32 magic, guint32 n, guint32 rows, guint32 cols,
              const uint8_t *values)
{
  size_t bytes = 16 + (size_t) n * rows * cols;
  uint8_t *buf = g_malloc0 (bytes);
  put32 (buf, magic);
  put32 (buf + 4, n);
  put32 (buf + 8, rows);
  put32 (buf + 12, cols);
  for (guint32 i = 0; i < n; i++)
    memset (buf + 16 + (size_t) i * rows * cols, values[i], (size_t) rows * cols);
  write_gz (path, buf, bytes);
  g_free (buf);
}

static void
write_labels (const char *path, guint32 n, const uint8_t *labels)
{
  uint8_t *buf = g_malloc (8 + n);
  put32 (buf, 0x00000801);
  put32 (buf + 4, n);
  memcpy (buf + 8, labels, n);
  write_gz (path, buf, 8 + n);
  g_free (buf);
}

/* A folder of the four files: each class's images have the value 10 × label + 1 (+ 100
 * for the t10k file), so where an image went says where it came from. */
static char *
make_folder (void)
{
  char *dir = g_dir_make_tmp ("mw-fashion-XXXXXX", NULL);
  g_assert_nonnull (dir);
  const char *names[2][2] = { { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz" },
                              { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" } };
  int per_class[2] = { PER_CLASS_TRAIN, PER_CLASS_T10K };
  for (int pair = 0; pair < 2; pair++)
    {
      guint32 n = 10 * per_class[pair];
      uint8_t values[64], labels[64];
      for (guint32 i = 0; i < n; i++)
        {
          labels[i] = (uint8_t) (i % 10);
          values[i] = (uint8_t) (10 * labels[i] + 1 + 100 * pair);
        }
      g_autofree char *images = g_build_filename (dir, names[pair][0], NULL);
      g_autofree char *label_file = g_build_filename (dir, names[pair][1], NULL);
      write_images (images, 0x00000803, n, SIDE, SIDE, values);
      write_labels (label_file, n, labels);
    }
  return dir;
}

static void
remove_folder (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_remove (path);
    }
  if (d)
    g_dir_close (d);
  g_rmdir (dir);
}

static MwDataRequest
request_for (const char *path)
{
  MwDataRequest r = { 0 };
  r.path = path;
  r.train_split = r.val_split = r.test_split = "";
  r.height = r.width = SIDE;
  r.channels = 1;
  r.invert = 0;
  return r;
}

static void
test_split (void)
{
  g_autofree char *dir = make_folder ();
  MwDataRequest r = request_for (dir);
  MwDataResult result;
  GError *error = NULL;
  g_assert_true (mw_data_load (MW_DATA_FASHION_MNIST, &r, &result, &error));
  g_assert_no_error (error);
  const int *train = mw_fashion_mnist_split (FALSE), *test = mw_fashion_mnist_split (TRUE);
  MwDataset *sides[2] = { result.train, result.test };
  gboolean used[10] = { FALSE };
  for (int s = 0; s < 2; s++)
    {
      const int *labels = s == 0 ? train : test;
      g_assert_cmpint (sides[s]->n_classes, ==, MW_FASHION_MNIST_SPLIT);
      for (int c = 0; c < MW_FASHION_MNIST_SPLIT; c++)
        {
          int label = labels[c];
          g_assert_false (used[label]);
          used[label] = TRUE;
          g_assert_cmpstr (sides[s]->class_names[c], ==, mw_fashion_mnist_class_name (label));
          /* Both files' images of the label, train file first, and nothing else. */
          g_assert_cmpint (mw_dataset_class_size (sides[s], c), ==,
                           PER_CLASS_TRAIN + PER_CLASS_T10K);
          for (int k = 0; k < PER_CLASS_TRAIN + PER_CLASS_T10K; k++)
            {
              float px[SIDE * SIDE];
              mw_dataset_copy_image (sides[s], c, k, px);
              int want = 10 * label + 1 + (k < PER_CLASS_TRAIN ? 0 : 100);
              g_assert_cmpfloat_with_epsilon (px[0] * 255.0f, want, 1e-3);
              g_assert_cmpfloat_with_epsilon (px[SIDE * SIDE - 1] * 255.0f, want, 1e-3);
            }
          /* Where each image came from, without the folder (the shifts' index). */
          g_assert_null (strstr (mw_dataset_image_source (sides[s], c, 0), dir));
        }
    }
  mw_data_result_clear (&result);

  /* Only the test classes for a trained model; a shift applies to what is loaded. */
  r.test_only = TRUE;
  mw_shift_spec_init (&r.shift, MW_SHIFT_INVERTED);
  g_assert_true (mw_data_load (MW_DATA_FASHION_MNIST, &r, &result, &error));
  g_assert_null (result.train);
  float px[SIDE * SIDE];
  mw_dataset_copy_image (result.test, 0, 0, px);
  g_assert_cmpfloat_with_epsilon (px[0] * 255.0f, 255 - (10 * test[0] + 1), 1e-3);
  mw_data_result_clear (&result);
  remove_folder (dir);
}

/* Loads dir's Fashion-MNIST; the error's message must name needle. */
static void
expect_refused (const char *dir, const char *needle)
{
  MwDataRequest r = request_for (dir);
  MwDataResult result;
  GError *error = NULL;
  g_assert_false (mw_data_load (MW_DATA_FASHION_MNIST, &r, &result, &error));
  g_assert_nonnull (error);
  g_test_message ("refused: %s", error->message);
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_null (result.train);
  g_error_free (error);
}

static void
test_refused (void)
{
  uint8_t values[20] = { 0 }, labels[20] = { 0 };
  g_autofree char *dir = make_folder ();
  g_autofree char *images = g_build_filename (dir, "t10k-images-idx3-ubyte.gz", NULL);
  g_autofree char *label_file = g_build_filename (dir, "t10k-labels-idx1-ubyte.gz", NULL);

  /* Labels' magic on the image file. */
  write_images (images, 0x00000801, 20, SIDE, SIDE, values);
  expect_refused (dir, "t10k-images-idx3-ubyte.gz: not the IDX file expected");
  /* Another image size. */
  write_images (images, 0x00000803, 20, 32, 32, values);
  expect_refused (dir, "32 × 32");
  /* A header announcing more values than may be: refused before allocating. */
  {
    uint8_t header[16];
    put32 (header, 0x00000803);
    put32 (header + 4, 2000000000u);
    put32 (header + 8, SIDE);
    put32 (header + 12, SIDE);
    write_gz (images, header, sizeof header);
    expect_refused (dir, "dimension 1 is 2000000000");
  }
  /* Cut short: fewer images than the header says. */
  {
    uint8_t buf[16 + 2 * SIDE * SIDE] = { 0 };
    put32 (buf, 0x00000803);
    put32 (buf + 4, 20);
    put32 (buf + 8, SIDE);
    put32 (buf + 12, SIDE);
    write_gz (images, buf, sizeof buf);
    expect_refused (dir, "cut short");
  }
  /* More data than announced. */
  write_images (images, 0x00000803, 20, SIDE, SIDE, values);
  {
    uint8_t buf[8 + 21];
    put32 (buf, 0x00000801);
    put32 (buf + 4, 20);
    memset (buf + 8, 0, 21);
    write_gz (label_file, buf, sizeof buf);
    expect_refused (dir, "more data than its header announces");
  }
  /* Counts that disagree, and a label past 9. */
  write_labels (label_file, 19, labels);
  expect_refused (dir, "19 labels for the 20 images");
  labels[7] = 12;
  write_labels (label_file, 20, labels);
  expect_refused (dir, "label 12 of image 8");
  /* Not gzip at all; gzip whose data is damaged. */
  g_assert_true (g_file_set_contents (images, "IDX but plain", -1, NULL));
  expect_refused (dir, "t10k-images-idx3-ubyte.gz: not a gzip-compressed file");
  {
    write_images (images, 0x00000803, 20, SIDE, SIDE, values);
    g_autofree char *bytes = NULL;
    gsize n = 0;
    g_assert_true (g_file_get_contents (images, &bytes, &n, NULL));
    for (gsize i = 20; i < n - 8; i++)
      bytes[i] = (char) (bytes[i] ^ 0x5a);
    g_assert_true (g_file_set_contents (images, bytes, (gssize) n, NULL));
    expect_refused (dir, "t10k-images-idx3-ubyte.gz: corrupt");
  }
  /* A missing file is named. */
  g_remove (images);
  expect_refused (dir, "t10k-images-idx3-ubyte.gz");
  remove_folder (dir);
  expect_refused ("/nonexistent/fashion", "/nonexistent/fashion: no such folder");
}

static void
test_package (void)
{
  if (!g_file_test (MW_FASHION_MNIST_DIR, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("install the Debian package " MW_FASHION_MNIST_PACKAGE
                   " (build-aux/install-deps.sh) to test the real files");
      return;
    }
  MwDataRequest r = request_for ("");
  MwDataResult result;
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_assert_true (mw_data_load (MW_DATA_FASHION_MNIST, &r, &result, &error));
  g_assert_no_error (error);
  double first = (g_get_monotonic_time () - start) / 1e6;
  g_assert_cmpint (result.train->n_images + result.test->n_images, ==, 70000);
  for (int s = 0; s < 2; s++)
    {
      MwDataset *ds = s == 0 ? result.train : result.test;
      for (int c = 0; c < ds->n_classes; c++)
        g_assert_cmpint (mw_dataset_class_size (ds, c), ==, 7000);
      /* Light clothing on black: dark borders, about 0.29 of full brightness overall
       * (the published mean is 0.286). */
      double sum = 0, border = 0;
      size_t n = (size_t) ds->n_images * SIDE * SIDE;
      for (size_t i = 0; i < n; i++)
        sum += ds->pixels[i];
      for (int i = 0; i < ds->n_images; i++)
        border += ds->pixels[(size_t) i * SIDE * SIDE];
      g_assert_cmpfloat (sum / n / 255, >, 0.2);
      g_assert_cmpfloat (sum / n / 255, <, 0.4);
      g_assert_cmpfloat (border / ds->n_images, <, 5);
    }
  mw_data_result_clear (&result);
  start = g_get_monotonic_time ();
  g_assert_true (mw_data_load (MW_DATA_FASHION_MNIST, &r, &result, &error));
  double again = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("Fashion-MNIST: decoded in %.2f s, from the cache in %.2f s", first, again);
  printf ("# fashion-mnist load: %.2f s decoded, %.2f s cached\n", first, again);
  mw_data_result_clear (&result);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fashion-mnist/split", test_split);
  g_test_add_func ("/fashion-mnist/refused", test_refused);
  g_test_add_func ("/fashion-mnist/package", test_package);
  return g_test_run ();
}
