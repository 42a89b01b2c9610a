/* test-image-folder.c: a folder of class sub-folders, written here with libpng and
 * libjpeg in many flavours (8-bit gray, RGB, palette, RGBA, 16-bit, 1-bit, interlaced,
 * gray and colour JPEG), plus corrupt and truncated PNGs and JPEGs, a text file, a stray
 * file, an empty class and a class of one image.  The good images load with the right
 * values and orientation; every bad file is listed in ds->skipped with its reason; the
 * episode check names the one-image class; empty and missing folders are errors. */
#include "image-writer.h"
#include "mw-data-kind.h"
#include "mw-dataset.h"
#include "mw-episode.h"
#include "mw-image-decode.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *root;

static char *
path_in (const char *cls, const char *file)
{
  return g_build_filename (root, cls, file, NULL);
}

/* Gray w × h: left half `left`, right half `right`. */
static uint8_t *
halves (int w, int h, int ch, const uint8_t *left, const uint8_t *right)
{
  uint8_t *p = g_malloc ((size_t) w * h * ch);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      memcpy (p + ((size_t) y * w + x) * ch, x < w / 2 ? left : right, ch);
  return p;
}

static void
make_tree (void)
{
  root = g_dir_make_tmp ("mw-image-folder-XXXXXX", NULL);
  g_assert_nonnull (root);
  const char *dirs[] = { "circles", "squares", "single", "empty", "texts-only" };
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      char *d = g_build_filename (root, dirs[i], NULL);
      g_assert_cmpint (g_mkdir (d, 0755), ==, 0);
      g_free (d);
    }
  char *p;

  /* circles: 8-bit gray halves 0 | 255, three sizes; RGB; colour JPEG; junk. */
  const int gw[3] = { 20, 40, 33 }, gh[3] = { 30, 40, 17 };
  for (int i = 0; i < 3; i++)
    {
      uint8_t k0 = 0, k1 = 255;
      uint8_t *px = halves (gw[i], gh[i], 1, &k0, &k1);
      char *name = g_strdup_printf ("gray-%d.png", i);
      p = path_in ("circles", name);
      write_png (p, gw[i], gh[i], PNG_COLOR_TYPE_GRAY, 8, px, gw[i], FALSE, NULL, 0);
      g_free (p);
      g_free (name);
      g_free (px);
    }
  const uint8_t rgb[3] = { 200, 100, 50 };
  uint8_t *px = halves (24, 24, 3, rgb, rgb);
  p = path_in ("circles", "rgb.png");
  write_png (p, 24, 24, PNG_COLOR_TYPE_RGB, 8, px, 24 * 3, FALSE, NULL, 0);
  g_free (p);
  p = path_in ("circles", "photo.JPG");   /* upper-case extension */
  write_jpeg (p, 24, 24, 3, px);
  g_free (p);
  g_free (px);
  p = path_in ("circles", "notes.txt");
  g_assert_true (g_file_set_contents (p, "not an image\n", -1, NULL));
  g_free (p);
  /* A PNG whose image data is damaged: flip a byte in the middle. */
  {
    uint8_t k0 = 10, k1 = 240;
    uint8_t *g = halves (32, 32, 1, &k0, &k1);
    p = path_in ("circles", "broken.png");
    write_png (p, 32, 32, PNG_COLOR_TYPE_GRAY, 8, g, 32, FALSE, NULL, 0);
    char *data;
    gsize len;
    g_assert_true (g_file_get_contents (p, &data, &len, NULL));
    data[len / 2] ^= 0x5a;
    g_assert_true (g_file_set_contents (p, data, (gssize) len, NULL));
    g_free (data);
    g_free (p);
    g_free (g);
  }
  /* A JPEG cut in half. */
  {
    uint8_t k0 = 30, k1 = 220;
    uint8_t *g = halves (64, 64, 1, &k0, &k1);
    p = path_in ("circles", "cut.jpeg");
    write_jpeg (p, 64, 64, 1, g);
    char *data;
    gsize len;
    g_assert_true (g_file_get_contents (p, &data, &len, NULL));
    g_assert_true (g_file_set_contents (p, data, (gssize) len / 2, NULL));
    g_free (data);
    g_free (p);
    g_free (g);
  }

  /* A noisy JPEG and PNG cut off inside their image data (libjpeg only warns about
   * that and fills the rest with gray; it must still count as corrupt). */
  {
    uint8_t *g = g_malloc (128 * 128 * 3);
    GRand *r = g_rand_new_with_seed (5);
    for (int i = 0; i < 128 * 128 * 3; i++)
      g[i] = (uint8_t) g_rand_int_range (r, 0, 256);
    g_rand_free (r);
    char *q = path_in ("circles", "cut-late.jpg");
    write_jpeg (q, 128, 128, 3, g);
    p = path_in ("circles", "cut-late.png");
    write_png (p, 128, 128, PNG_COLOR_TYPE_RGB, 8, g, 128 * 3, FALSE, NULL, 0);
    const char *files[2] = { q, p };
    for (int f = 0; f < 2; f++)
      {
        char *data;
        gsize len;
        g_assert_true (g_file_get_contents (files[f], &data, &len, NULL));
        g_assert_true (g_file_set_contents (files[f], data, (gssize) (len * 4 / 5), NULL));
        g_free (data);
      }
    g_free (q);
    g_free (p);
    g_free (g);
  }

  /* squares: gray JPEG, palette, RGBA, 16-bit, 1-bit, interlaced. */
  {
    uint8_t k0 = 0, k1 = 255;
    uint8_t *g = halves (30, 30, 1, &k0, &k1);
    p = path_in ("squares", "gray.jpg");
    write_jpeg (p, 30, 30, 1, g);
    g_free (p);
    p = path_in ("squares", "interlaced.png");
    write_png (p, 30, 30, PNG_COLOR_TYPE_GRAY, 8, g, 30, TRUE, NULL, 0);
    g_free (p);
    g_free (g);
  }
  {
    png_color pal[2] = { { 0, 0, 0 }, { 255, 255, 255 } };
    uint8_t i0 = 0, i1 = 1;
    uint8_t *idx = halves (16, 16, 1, &i0, &i1);
    p = path_in ("squares", "palette.png");
    write_png (p, 16, 16, PNG_COLOR_TYPE_PALETTE, 8, idx, 16, FALSE, pal, 2);
    g_free (p);
    g_free (idx);
  }
  {
    /* Black at alpha 128 on the left, opaque black on the right → on white: 127 | 0. */
    const uint8_t half[4] = { 0, 0, 0, 128 }, full[4] = { 0, 0, 0, 255 };
    uint8_t *q = halves (16, 16, 4, half, full);
    p = path_in ("squares", "rgba.png");
    write_png (p, 16, 16, PNG_COLOR_TYPE_RGB_ALPHA, 8, q, 16 * 4, FALSE, NULL, 0);
    g_free (p);
    g_free (q);
  }
  {
    /* 16-bit gray: 0x4000 left, 0xC000 right → 64 | 191 (rounded). */
    const uint8_t lo[2] = { 0x40, 0x00 }, hi[2] = { 0xC0, 0x00 };
    uint8_t *q = halves (16, 16, 2, lo, hi);
    p = path_in ("squares", "sixteen.png");
    write_png (p, 16, 16, PNG_COLOR_TYPE_GRAY, 16, q, 16 * 2, FALSE, NULL, 0);
    g_free (p);
    g_free (q);
  }
  {
    /* 1-bit, 16 wide: each row is 0x00 0xFF (left black, right white). */
    uint8_t bits[16 * 2];
    for (int y = 0; y < 16; y++)
      {
        bits[2 * y] = 0x00;
        bits[2 * y + 1] = 0xFF;
      }
    p = path_in ("squares", "onebit.png");
    write_png (p, 16, 16, PNG_COLOR_TYPE_GRAY, 1, bits, 2, FALSE, NULL, 0);
    g_free (p);
  }

  /* single: one image. */
  {
    uint8_t k0 = 0, k1 = 255;
    uint8_t *g = halves (10, 10, 1, &k0, &k1);
    p = path_in ("single", "only.png");
    write_png (p, 10, 10, PNG_COLOR_TYPE_GRAY, 8, g, 10, FALSE, NULL, 0);
    g_free (p);
    g_free (g);
  }
  p = path_in ("texts-only", "a.txt");
  g_assert_true (g_file_set_contents (p, "text", -1, NULL));
  g_free (p);
  p = g_build_filename (root, "README.txt", NULL);
  g_assert_true (g_file_set_contents (p, "stray file", -1, NULL));
  g_free (p);
  /* A task manifest beside the classes is the program's own file, not a bad one. */
  p = g_build_filename (root, "meta-workbench-task.ini", NULL);
  g_assert_true (g_file_set_contents (p, "[task]\nversion=1\n", -1, NULL));
  g_free (p);
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

/* ---- checks ---- */

static int
class_index (const MwDataset *ds, const char *name)
{
  for (int c = 0; c < ds->n_classes; c++)
    if (strcmp (ds->class_names[c], name) == 0)
      return c;
  return -1;
}

static int
find_image (const MwDataset *ds, int c, const char *file)
{
  for (int k = 0; k < mw_dataset_class_size (ds, c); k++)
    if (g_str_has_suffix (mw_dataset_image_source (ds, c, k), file))
      return k;
  return -1;
}

static const MwSkippedFile *
find_skipped (const MwDataset *ds, const char *suffix)
{
  for (guint i = 0; i < ds->skipped->len; i++)
    {
      const MwSkippedFile *s = ds->skipped->pdata[i];
      if (g_str_has_suffix (s->path, suffix))
        return s;
    }
  return NULL;
}

/* Mean of the left and right quarter columns (away from the antialiased edge). */
static void
left_right (const MwDataset *ds, int c, int k, double *left, double *right)
{
  int n = ds->height * ds->width * ds->channels;
  float *img = g_new (float, n);
  mw_dataset_copy_image (ds, c, k, img);
  double l = 0, r = 0;
  int cnt = 0;
  for (int y = 0; y < ds->height; y++)
    for (int x = 0; x < ds->width / 4; x++, cnt++)
      {
        l += img[(y * ds->width + x) * ds->channels];
        r += img[(y * ds->width + ds->width - 1 - x) * ds->channels];
      }
  *left = l / cnt;
  *right = r / cnt;
  g_free (img);
}

static void
test_load_gray (void)
{
  GError *error = NULL;
  MwDataset *ds = mw_image_folder_load (root, 16, 16, 1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ds);
  g_assert_cmpint (ds->n_classes, ==, 3);
  /* Sorted by name; "empty" and "texts-only" have no images and are not classes. */
  g_assert_cmpstr (ds->class_names[0], ==, "circles");
  g_assert_cmpstr (ds->class_names[1], ==, "single");
  g_assert_cmpstr (ds->class_names[2], ==, "squares");
  int circles = 0, single = 1, squares = 2;
  g_assert_cmpint (mw_dataset_class_size (ds, circles), ==, 5);
  g_assert_cmpint (mw_dataset_class_size (ds, single), ==, 1);
  g_assert_cmpint (mw_dataset_class_size (ds, squares), ==, 6);
  g_assert_cmpint (ds->n_images, ==, 12);

  /* Orientation and values: left half dark, right half light. */
  const struct {
    int cls;
    const char *file;
    double left, right, tol;
  } want[] = {
    { 0, "gray-0.png", 0.0, 1.0, 0.01 },
    { 0, "gray-1.png", 0.0, 1.0, 0.01 },
    { 0, "gray-2.png", 0.0, 1.0, 0.01 },
    /* (200, 100, 50) → luminance 0.299·200 + 0.587·100 + 0.114·50 = 124.2 */
    { 0, "rgb.png", 124.2 / 255, 124.2 / 255, 0.005 },
    { 0, "photo.JPG", 124.2 / 255, 124.2 / 255, 0.03 },
    { 1, "only.png", 0.0, 1.0, 0.01 },
    { 2, "gray.jpg", 0.0, 1.0, 0.03 },
    { 2, "interlaced.png", 0.0, 1.0, 0.01 },
    { 2, "palette.png", 0.0, 1.0, 0.01 },
    { 2, "rgba.png", 127.0 / 255, 0.0, 0.01 },
    { 2, "sixteen.png", 64.0 / 255, 191.0 / 255, 0.01 },
    { 2, "onebit.png", 0.0, 1.0, 0.01 },
  };
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      int k = find_image (ds, want[i].cls, want[i].file);
      g_assert_cmpint (k, >=, 0);
      double l, r;
      left_right (ds, want[i].cls, k, &l, &r);
      g_test_message ("%s: left %.3f right %.3f", want[i].file, l, r);
      g_assert_cmpfloat (fabs (l - want[i].left), <=, want[i].tol);
      g_assert_cmpfloat (fabs (r - want[i].right), <=, want[i].tol);
    }

  /* Every unusable thing is listed, with why. */
  for (guint i = 0; i < ds->skipped->len; i++)
    {
      const MwSkippedFile *s = ds->skipped->pdata[i];
      g_test_message ("skipped %s: %s", s->path, s->reason);
    }
  const MwSkippedFile *s;
  s = find_skipped (ds, "broken.png");
  g_assert_nonnull (s);
  g_assert_true (g_str_has_prefix (s->reason, "corrupt PNG: "));
  s = find_skipped (ds, "cut.jpeg");
  g_assert_nonnull (s);
  g_assert_true (g_str_has_prefix (s->reason, "corrupt JPEG: "));
  s = find_skipped (ds, "cut-late.jpg");
  g_assert_nonnull (s);
  g_assert_true (g_str_has_prefix (s->reason, "corrupt JPEG: "));
  s = find_skipped (ds, "cut-late.png");
  g_assert_nonnull (s);
  g_assert_true (g_str_has_prefix (s->reason, "corrupt PNG: "));
  s = find_skipped (ds, "notes.txt");
  g_assert_nonnull (s);
  g_assert_cmpstr (s->reason, ==, "not a PNG or JPEG image");
  g_assert_nonnull (find_skipped (ds, "README.txt"));
  g_assert_null (find_skipped (ds, "meta-workbench-task.ini"));
  g_assert_nonnull (find_skipped (ds, "texts-only/a.txt"));
  g_assert_nonnull (find_skipped (ds, G_DIR_SEPARATOR_S "empty"));
  g_assert_nonnull (find_skipped (ds, G_DIR_SEPARATOR_S "texts-only"));
  g_assert_cmpuint (ds->skipped->len, ==, 9);

  /* 1-shot 1-query: the one-image class is named. */
  g_assert_false (mw_episode_check (ds, 2, 1, 1, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_TOO_SMALL);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "'single' has 1 image"));
  g_assert_nonnull (strstr (error->message, "needs 2"));
  g_clear_error (&error);
  mw_dataset_free (ds);
}

static void
test_load_colour (void)
{
  GError *error = NULL;
  MwDataset *ds = mw_image_folder_load (root, 12, 20, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ds->height, ==, 12);
  g_assert_cmpint (ds->width, ==, 20);
  g_assert_cmpint (ds->channels, ==, 3);
  int c = class_index (ds, "circles"), k = find_image (ds, c, "rgb.png");
  float img[12 * 20 * 3];
  mw_dataset_copy_image (ds, c, k, img);
  g_assert_cmpfloat (fabs (img[0] - 200 / 255.0), <, 0.005);
  g_assert_cmpfloat (fabs (img[1] - 100 / 255.0), <, 0.005);
  g_assert_cmpfloat (fabs (img[2] - 50 / 255.0), <, 0.005);
  /* A gray image becomes three equal channels. */
  k = find_image (ds, c, "gray-0.png");
  mw_dataset_copy_image (ds, c, k, img);
  int last = (12 * 20 - 1) * 3;
  g_assert_cmpfloat (img[last], ==, img[last + 1]);
  g_assert_cmpfloat (img[last], >, 0.99);
  mw_dataset_free (ds);
}

static void
test_errors (void)
{
  GError *error = NULL;
  /* A folder with nothing in it. */
  char *empty = g_build_filename (root, "empty", NULL);
  MwDataset *ds = mw_image_folder_load (empty, 28, 28, 1, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, empty));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_free (empty);
  /* Class folders but no usable image. */
  char *texts = g_build_filename (root, "texts-only", NULL);
  char *sub = g_build_filename (texts, "sub", NULL);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  ds = mw_image_folder_load (texts, 28, 28, 1, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY);
  g_assert_nonnull (strstr (error->message, texts));
  g_clear_error (&error);
  g_rmdir (sub);
  g_free (sub);
  g_free (texts);
  /* Missing folder; bad settings. */
  ds = mw_image_folder_load ("/nonexistent/pictures", 28, 28, 1, &error);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/pictures"));
  g_clear_error (&error);
  ds = mw_image_folder_load (root, 28, 28, 2, &error);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_clear_error (&error);
}

/* Files that are not regular, or far too large, are skipped with a reason after a look
 * at their type, size and first bytes: a FIFO named x.png must not block the load for
 * ever, a link to /dev/zero must not be read until memory runs out, and a 3 GB file
 * (sparse here: nothing is written) is refused by its size, not read. */
static void
test_not_regular_or_too_large (void)
{
  /* A hang fails the test instead of the suite's timeout. */
  alarm (60);
  char *dir = g_dir_make_tmp ("mw-image-special-XXXXXX", NULL);
  char *cls = g_build_filename (dir, "a", NULL);
  g_assert_cmpint (g_mkdir (cls, 0755), ==, 0);
  uint8_t g[10 * 10];
  memset (g, 128, sizeof g);
  char *good = g_build_filename (cls, "good.png", NULL);
  write_png (good, 10, 10, PNG_COLOR_TYPE_GRAY, 8, g, 10, FALSE, NULL, 0);
  char *fifo = g_build_filename (cls, "x.png", NULL);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  char *zero = g_build_filename (cls, "zero.png", NULL);
  g_assert_cmpint (symlink ("/dev/zero", zero), ==, 0);
  char *huge = g_build_filename (cls, "huge.png", NULL);
  static const char sig[8] = { (char) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_assert_true (g_file_set_contents (huge, sig, 8, NULL));
  g_assert_cmpint (truncate (huge, (off_t) 3 << 30), ==, 0);
  char *text = g_build_filename (cls, "text.png", NULL);
  g_assert_true (g_file_set_contents (text, "hello, not an image", -1, NULL));

  GError *error = NULL;
  MwDataset *ds = mw_image_folder_load (dir, 16, 16, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ds->n_images, ==, 1);
  const MwSkippedFile *s = find_skipped (ds, "/x.png");
  g_assert_nonnull (s);
  g_test_message ("%s: %s", s->path, s->reason);
  g_assert_nonnull (strstr (s->reason, "FIFO"));
  s = find_skipped (ds, "/zero.png");
  g_assert_nonnull (s);
  g_test_message ("%s: %s", s->path, s->reason);
  g_assert_nonnull (strstr (s->reason, "device"));
  s = find_skipped (ds, "/huge.png");
  g_assert_nonnull (s);
  g_test_message ("%s: %s", s->path, s->reason);
  g_assert_nonnull (strstr (s->reason, "3.0"));
  g_assert_nonnull (strstr (s->reason, "64.0"));
  s = find_skipped (ds, "/text.png");
  g_assert_nonnull (s);
  g_assert_cmpstr (s->reason, ==, "not a PNG or JPEG image");
  mw_dataset_free (ds);

  /* The same through the decoder's own entry point. */
  MwImage img;
  g_assert_false (mw_image_decode_file (zero, 1, &img, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (mw_image_decode_file (fifo, 1, &img, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT);
  g_clear_error (&error);
  alarm (0);

  remove_tree (dir);
  g_free (text);
  g_free (huge);
  g_free (zero);
  g_free (fifo);
  g_free (good);
  g_free (cls);
  g_free (dir);
}

/* The folder's row of the data table: a seeded class split for a new run, a recorded
 * split for a checkpoint (classes gone refused, classes gained noted or tested), and
 * every class for a test of a trained model. */
static void
test_row_loader (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mw-folder-row-XXXXXX", NULL);
  const char *classes[] = { "a", "b", "c", "d", "e" };
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      g_autofree char *cls = g_build_filename (dir, classes[i], NULL);
      g_assert_cmpint (g_mkdir (cls, 0755), ==, 0);
      for (int k = 0; k < 2; k++)
        {
          uint8_t px[100];
          memset (px, 40 * (int) i + k, sizeof px);
          g_autofree char *name = g_strdup_printf ("%d.png", k);
          g_autofree char *p = g_build_filename (cls, name, NULL);
          write_png (p, 10, 10, PNG_COLOR_TYPE_GRAY, 8, px, 10, FALSE, NULL, 0);
        }
    }
  MwDataRequest request = {
    .path = dir, .train_split = "", .val_split = "", .test_split = "", .height = 8,
    .width = 8, .channels = 1, .invert = -1, .train_fraction = 0.6, .seed = 1,
  };
  MwDataResult r;
  GError *error = NULL;
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.train->n_classes, ==, 3);
  g_assert_cmpint (r.test->n_classes, ==, 2);
  g_assert_null (r.val);
  g_assert_null (r.note);
  g_assert_null (r.train_split);
  g_assert_true (r.invert == 0 || r.invert == 1);
  g_assert_cmpfloat (r.file_border, >=, 0);
  mw_data_result_clear (&r);

  char *train[] = { "a", "b", NULL }, *test[] = { "c", NULL }, *gone[] = { "z", NULL };
  request.invert = 0;
  request.train_classes = train;
  request.test_classes = test;
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_cmpint (r.train->n_classes, ==, 2);
  g_assert_cmpint (r.test->n_classes, ==, 1);
  g_assert_nonnull (r.note);
  g_assert_nonnull (strstr (r.note, "d, e"));
  mw_data_result_clear (&r);
  request.new_classes_to_test = TRUE;
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_cmpint (r.test->n_classes, ==, 3);
  mw_data_result_clear (&r);
  request.test_classes = gone;
  g_assert_false (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND);
  g_assert_null (r.train);
  g_assert_null (r.test);
  g_clear_error (&error);

  request.train_classes = request.test_classes = NULL;
  request.test_only = TRUE;
  g_assert_true (mw_data_load (MW_DATA_FOLDER, &request, &r, &error));
  g_assert_null (r.train);
  g_assert_cmpint (r.test->n_classes, ==, 5);
  g_assert_nonnull (r.tested);
  mw_data_result_clear (&r);
  remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  make_tree ();
  g_test_add_func ("/image-folder/load-gray", test_load_gray);
  g_test_add_func ("/image-folder/load-colour", test_load_colour);
  g_test_add_func ("/image-folder/errors", test_errors);
  g_test_add_func ("/image-folder/not-regular-or-too-large", test_not_regular_or_too_large);
  g_test_add_func ("/image-folder/row-loader", test_row_loader);
  int rc = g_test_run ();
  remove_tree (root);
  g_free (root);
  return rc;
}
