/* test-hershey.c: the Hershey fonts (mw-hershey.c): the .jhf parser on text whose
 * glyphs are known and on text it must refuse (naming the file and line), the
 * renderer (centred, within the image, ink where the strokes are), and the row from
 * Debian's hershey-fonts-data when installed (skipped, saying which package to install,
 * otherwise). */
#include "mw-data-kind.h"
#include "mw-hershey.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

enum { SIZE = 28 };

/* Two glyphs: an L (a pen-up between two strokes) and, over two lines, a plus. */
static const char two_glyphs[] =
  "  501  6I[KFK[ RK[Y[\n"
  "  502  6E_RIR[ R\nIR[R\n";

static void
test_parse (void)
{
  GError *error = NULL;
  GPtrArray *glyphs = mw_hershey_parse (two_glyphs, strlen (two_glyphs), "two.jhf", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (glyphs->len, ==, 2);
  const MwHersheyGlyph *l = g_ptr_array_index (glyphs, 0);
  g_assert_cmpint (l->number, ==, 501);
  g_assert_cmpint (l->left, ==, 'I' - 'R');
  g_assert_cmpint (l->right, ==, '[' - 'R');
  g_assert_cmpint (l->n_points, ==, 5);
  int8_t want_x[] = { 'K' - 'R', 'K' - 'R', MW_HERSHEY_PEN_UP, 'K' - 'R', 'Y' - 'R' };
  int8_t want_y[] = { 'F' - 'R', '[' - 'R', MW_HERSHEY_PEN_UP, '[' - 'R', '[' - 'R' };
  g_assert_cmpmem (l->x, 5, want_x, 5);
  g_assert_cmpmem (l->y, 5, want_y, 5);
  const MwHersheyGlyph *plus = g_ptr_array_index (glyphs, 1);
  g_assert_cmpint (plus->n_points, ==, 5);
  g_assert_cmpint (plus->x[2], ==, MW_HERSHEY_PEN_UP);
  g_assert_cmpint (plus->x[4], ==, '[' - 'R');
  g_ptr_array_unref (glyphs);

  struct { const char *text, *needle; } bad[] = {
    { "  5x1  2I[KF\n", "two.jhf line 1: a glyph does not start" },
    { "  501  0I[\n", "a glyph of 0 coordinate pairs" },
    { "  501  3I[KF\n", "line 1: a glyph is cut short" },
    { "  501  2I[K\tF\n", "not a printable character" },
    { "  501  2I[KF\n  502  2I[KFKF\n", "line 2: more coordinates" },
    { "  501  2I[KF\n  502", "line 2: a glyph's number and count are cut short" },
    { "\n\n", "holds no glyphs" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GPtrArray *g = mw_hershey_parse (bad[i].text, strlen (bad[i].text), "two.jhf", &error);
      g_assert_null (g);
      g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT);
      g_test_message ("refused: %s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].needle));
      g_clear_error (&error);
    }
}

static void
test_render (void)
{
  GError *error = NULL;
  GPtrArray *glyphs = mw_hershey_parse (two_glyphs, strlen (two_glyphs), "two.jhf", &error);
  const MwHersheyGlyph *plus = g_ptr_array_index (glyphs, 1);
  uint8_t img[SIZE * SIZE], moved[SIZE * SIZE];
  mw_hershey_render (plus, img, SIZE, 1.0f, 0, 1, 0, 0);
  /* A plus of side 20/28 of the image, centred: its arms reach 4 px from each edge,
   * the corners stay black, and its ink's centre is the image's. */
  double sum = 0, cx = 0, cy = 0;
  for (int y = 0; y < SIZE; y++)
    for (int x = 0; x < SIZE; x++)
      {
        sum += img[y * SIZE + x];
        cx += x * img[y * SIZE + x];
        cy += y * img[y * SIZE + x];
      }
  g_assert_cmpfloat (fabs (cx / sum - 13.5), <, 0.3);
  g_assert_cmpfloat (fabs (cy / sum - 13.5), <, 0.3);
  g_assert_cmpint (img[0], ==, 0);
  g_assert_cmpint (img[SIZE * SIZE - 1], ==, 0);
  g_assert_cmpint (img[13 * SIZE + 5], ==, 255);
  g_assert_cmpint (img[13 * SIZE + 2], ==, 0);
  g_assert_cmpint (img[22 * SIZE + 13], ==, 255);
  /* A quarter turn of a plus is the same plus; a shift moves it. */
  mw_hershey_render (plus, moved, SIZE, 1.0f, 90, 1, 0, 0);
  for (int i = 0; i < SIZE * SIZE; i++)
    g_assert_cmpint (abs (moved[i] - img[i]), <=, 2);
  mw_hershey_render (plus, moved, SIZE, 1.0f, 0, 1, 3, 0);
  g_assert_cmpint (moved[13 * SIZE + 5], ==, 0);
  g_assert_cmpint (moved[13 * SIZE + 8], ==, 255);
  g_ptr_array_unref (glyphs);
}

static void
test_folder_without_fonts (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mw-hershey-XXXXXX", NULL);
  GError *error = NULL;
  g_assert_null (mw_hershey_load (dir, SIZE, 1, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "holds none of the Hershey fonts"));
  g_clear_error (&error);
  /* A corrupt font is named, not skipped. */
  g_autofree char *path = g_build_filename (dir, "timesr.jhf", NULL);
  g_assert_true (g_file_set_contents (path, "  501  3I[KF\n", -1, NULL));
  g_assert_null (mw_hershey_load (dir, SIZE, 1, &error));
  g_assert_nonnull (strstr (error->message, "timesr.jhf line 1"));
  g_clear_error (&error);
  /* Too few glyphs to reach 'Z'. */
  g_assert_true (g_file_set_contents (path, two_glyphs, -1, NULL));
  g_assert_null (mw_hershey_load (dir, SIZE, 1, &error));
  g_assert_nonnull (strstr (error->message, "holds 2 glyphs"));
  g_clear_error (&error);
  g_remove (path);
  g_rmdir (dir);
}

static void
test_package (void)
{
  if (!g_file_test (MW_HERSHEY_DIR, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("install the Debian package " MW_HERSHEY_PACKAGE
                   " (build-aux/install-deps.sh) to test the real fonts");
      return;
    }
  GError *error = NULL;
  gint64 start = g_get_monotonic_time ();
  MwDataset *ds = mw_hershey_load (NULL, SIZE, 1, &error);
  g_assert_no_error (error);
  printf ("# hershey load: %.3f s (%d images)\n", (g_get_monotonic_time () - start) / 1e6,
          ds->n_images);
  g_assert_cmpint (ds->n_classes, ==, MW_HERSHEY_LETTERS);
  int fonts = mw_dataset_class_size (ds, 0);
  g_assert_cmpint (fonts, ==, mw_hershey_n_fonts ());
  for (int c = 0; c < ds->n_classes; c++)
    {
      char name[2] = { (char) ('A' + c), 0 };
      g_assert_cmpstr (ds->class_names[c], ==, name);
      for (int k = 0; k < fonts; k++)
        {
          /* Every letter drawn, inside the image (its border is paper). */
          const uint8_t *img = ds->pixels + (size_t) (c * fonts + k) * SIZE * SIZE;
          double sum = 0, border = 0;
          for (int i = 0; i < SIZE * SIZE; i++)
            sum += img[i];
          for (int i = 0; i < SIZE; i++)
            border += img[i] + img[(SIZE - 1) * SIZE + i] + img[i * SIZE] + img[i * SIZE + SIZE - 1];
          g_assert_cmpfloat (sum, >, 40 * 255);
          g_assert_cmpfloat (border, <, 4 * 255);
        }
    }
  /* The same letter in two styles differs; copies are jittered, seeded and repeatable. */
  g_assert_true (memcmp (ds->pixels, ds->pixels + SIZE * SIZE, SIZE * SIZE) != 0);
  MwDataset *a = mw_hershey_load (NULL, SIZE, 3, &error), *b = mw_hershey_load (NULL, SIZE, 3, &error);
  g_assert_cmpint (mw_dataset_class_size (a, 0), ==, 3 * fonts);
  g_assert_cmpmem (a->pixels, (size_t) a->n_images * SIZE * SIZE, b->pixels,
                   (size_t) b->n_images * SIZE * SIZE);
  g_assert_cmpmem (a->pixels, SIZE * SIZE, ds->pixels, SIZE * SIZE);
  g_assert_true (memcmp (a->pixels, a->pixels + SIZE * SIZE, SIZE * SIZE) != 0);
  mw_dataset_free (a);
  mw_dataset_free (b);
  mw_dataset_free (ds);

  /* The row's split: A–P train, Q–Z test. */
  MwDataRequest r = { 0 };
  r.path = r.train_split = r.val_split = r.test_split = "";
  r.height = r.width = SIZE;
  r.channels = 1;
  MwDataResult result;
  g_assert_true (mw_data_load (MW_DATA_HERSHEY, &r, &result, &error));
  g_assert_cmpint (result.train->n_classes, ==, MW_HERSHEY_TRAIN_LETTERS);
  g_assert_cmpint (result.test->n_classes, ==, MW_HERSHEY_LETTERS - MW_HERSHEY_TRAIN_LETTERS);
  g_assert_cmpstr (result.train->class_names[15], ==, "P");
  g_assert_cmpstr (result.test->class_names[0], ==, "Q");
  mw_data_result_clear (&result);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hershey/parse", test_parse);
  g_test_add_func ("/hershey/render", test_render);
  g_test_add_func ("/hershey/folder-without-fonts", test_folder_without_fonts);
  g_test_add_func ("/hershey/package", test_package);
  return g_test_run ();
}
