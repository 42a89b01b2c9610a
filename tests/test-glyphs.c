/* test-glyphs.c: the built-in glyph set is deterministic in its seed, in range,
 * antialiased, and a real few-shot problem: drawings of one class are closer to each
 * other than to other classes, and nearest-prototype matching on raw pixels is well
 * above chance without being solved. */
#include "mw-data-kind.h"
#include "mw-dataset.h"
#include "mw-episode.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static void
test_deterministic (void)
{
  MwDataset *a = mw_glyphs_new (20, 10, 28, 7, NULL), *b = mw_glyphs_new (20, 10, 28, 7, NULL);
  MwDataset *c = mw_glyphs_new (20, 10, 28, 8, NULL);
  size_t bytes = (size_t) a->n_images * 28 * 28;
  g_assert_cmpint (a->n_classes, ==, 20);
  g_assert_cmpint (a->n_images, ==, 200);
  g_assert_cmpmem (a->pixels, bytes, b->pixels, bytes);
  g_assert_true (memcmp (a->pixels, c->pixels, bytes) != 0);
  g_assert_cmpstr (a->class_names[0], ==, "glyph-001");
  g_assert_cmpstr (a->class_names[19], ==, "glyph-020");
  /* Class c and drawing i come from their own streams: a smaller set is a subset. */
  MwDataset *small = mw_glyphs_new (5, 4, 28, 7, NULL);
  for (int cls = 0; cls < 5; cls++)
    for (int i = 0; i < 4; i++)
      g_assert_cmpmem (small->pixels + (size_t) (cls * 4 + i) * 784, 784,
                       a->pixels + (size_t) (cls * 10 + i) * 784, 784);
  mw_dataset_free (a);
  mw_dataset_free (b);
  mw_dataset_free (c);
  mw_dataset_free (small);
}

static void
test_range_and_ink (void)
{
  MwDataset *ds = mw_glyphs_new (30, 10, 28, 1, NULL);
  float img[28 * 28];
  int partial = 0;
  double ink_total = 0;
  for (int c = 0; c < ds->n_classes; c++)
    for (int k = 0; k < 10; k++)
      {
        mw_dataset_copy_image (ds, c, k, img);
        double ink = 0;
        for (int p = 0; p < 28 * 28; p++)
          {
            g_assert_true (img[p] >= 0.0f && img[p] <= 1.0f);
            ink += img[p];
            partial += img[p] > 0.05f && img[p] < 0.95f;
          }
        /* Every drawing has strokes, and none is a blob. */
        g_assert_cmpfloat (ink / 784, >, 0.03);
        g_assert_cmpfloat (ink / 784, <, 0.45);
        ink_total += ink / 784;
      }
  g_test_message ("mean ink %.3f; %d partly covered pixels (antialiasing)",
                  ink_total / ds->n_images, partial);
  g_assert_cmpint (partial, >, ds->n_images * 10);
  /* The border is paper (strokes stay inside the unit square with a margin). */
  mw_dataset_copy_image (ds, 0, 0, img);
  g_assert_cmpfloat (img[0], ==, 0.0f);
  mw_dataset_free (ds);
}

static double
l2 (const float *a, const float *b, int n)
{
  double s = 0;
  for (int i = 0; i < n; i++)
    s += (double) (a[i] - b[i]) * (a[i] - b[i]);
  return sqrt (s);
}

static void
test_classes_separate (void)
{
  enum { C = 40, K = 10, N = 28 * 28 };
  MwDataset *ds = mw_glyphs_new (C, K, 28, 3, NULL);
  float *imgs = g_new (float, (size_t) C * K * N);
  for (int c = 0; c < C; c++)
    for (int k = 0; k < K; k++)
      mw_dataset_copy_image (ds, c, k, imgs + (size_t) (c * K + k) * N);
  /* Per class: mean distance among its drawings vs to the other classes' drawings. */
  double within = 0, between = 0;
  int closer = 0;
  for (int c = 0; c < C; c++)
    {
      double w = 0, b = 0;
      int nw = 0, nb = 0;
      for (int i = c * K; i < (c + 1) * K; i++)
        for (int j = 0; j < C * K; j++)
          {
            if (j == i)
              continue;
            double d = l2 (imgs + (size_t) i * N, imgs + (size_t) j * N, N);
            if (j / K == c)
              w += d, nw++;
            else
              b += d, nb++;
          }
      w /= nw;
      b /= nb;
      closer += w < b;
      within += w / C;
      between += b / C;
    }
  g_test_message ("mean pixel L2: within class %.2f, between classes %.2f; %d of %d classes "
                  "closer to themselves", within, between, closer, C);
  g_assert_cmpint (closer, ==, C);
  g_assert_cmpfloat (within, <, 0.92 * between);
  /* Not trivially tight either: drawings of a class really differ. */
  g_assert_cmpfloat (within, >, 0.4 * between);
  g_free (imgs);
  mw_dataset_free (ds);
}

static void
test_few_shot_difficulty (void)
{
  /* 5-way 1-shot by the nearest support image in pixel space: chance is 20%.  The
   * glyphs are meant to be learnable (well above chance) but not solved by pixels. */
  MwDataset *ds = mw_glyphs_new (100, 20, 28, 42, NULL);
  MwRng rng;
  mw_rng_init (&rng, 9, 0);
  MwEpisode *ep = mw_episode_new (ds, 5, 1, 5);
  int correct = 0, total = 0;
  for (int e = 0; e < 300; e++)
    {
      g_assert_true (mw_episode_sample_into (ep, ds, 5, 1, 5, &rng, NULL));
      for (int q = 0; q < 25; q++, total++)
        {
          int best = -1;
          double bd = G_MAXDOUBLE;
          for (int s = 0; s < 5; s++)
            {
              double d = l2 (ep->query->data + q * 784, ep->support->data + s * 784, 784);
              if (d < bd)
                bd = d, best = s;
            }
          correct += ep->support_labels[best] == ep->query_labels[q];
        }
    }
  double acc = (double) correct / total;
  g_test_message ("5-way 1-shot pixel nearest-neighbour accuracy: %.3f", acc);
  g_assert_cmpfloat (acc, >, 0.40);
  g_assert_cmpfloat (acc, <, 0.90);
  mw_episode_free (ep);
  mw_dataset_free (ds);
}

static void
test_timing (void)
{
  gint64 t0 = g_get_monotonic_time ();
  MwDataset *ds = mw_glyphs_new (1000, 20, 28, 5, NULL);
  double s = (double) (g_get_monotonic_time () - t0) / 1e6;
  g_test_message ("1000 classes x 20 drawings at 28x28: %.3f s", s);
  g_printerr ("# glyph generation: 20,000 drawings at 28x28 in %.3f s\n", s);
  g_assert_cmpint (ds->n_images, ==, 20000);
  mw_dataset_free (ds);
  t0 = g_get_monotonic_time ();
  ds = mw_glyphs_new (50, 20, 84, 5, NULL);
  g_printerr ("# glyph generation: 1,000 drawings at 84x84 in %.3f s\n",
              (double) (g_get_monotonic_time () - t0) / 1e6);
  mw_dataset_free (ds);
}

/* 65536 × 65537 drawings wrap a 32-bit count round to 65536: the set must be refused
 * by name, not allocated for 65536 and written for 4 billion (a heap overflow). */
static void
test_too_many_refused (void)
{
  GError *error = NULL;
  MwDataset *ds = mw_glyphs_new (65536, 65537, 28, 1, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_assert_nonnull (strstr (error->message, "65536 classes"));
  g_clear_error (&error);
  ds = mw_glyphs_new (G_MAXINT, G_MAXINT, 1024, 1, &error);
  g_assert_null (ds);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_clear_error (&error);
}

/* The glyphs' row of the data table: a test of a trained model draws exactly the test
 * classes its run did. */
static void
test_row_loader (void)
{
  MwDataRequest request = { .path = "", .train_split = "", .val_split = "", .test_split = "",
                            .height = 16, .width = 16, .channels = 1, .train_fraction = 0.5,
                            .glyph_classes = 10, .glyph_samples = 3 };
  MwDataResult run, test;
  g_assert_true (mw_data_load (MW_DATA_GLYPHS, &request, &run, NULL));
  request.test_only = TRUE;
  g_assert_true (mw_data_load (MW_DATA_GLYPHS, &request, &test, NULL));
  g_assert_cmpint (run.train->n_classes, ==, 5);
  g_assert_null (test.train);
  g_assert_nonnull (test.tested);
  g_assert_cmpint (test.test->n_images, ==, run.test->n_images);
  g_assert_cmpmem (test.test->pixels, (size_t) test.test->n_images * 256, run.test->pixels,
                   (size_t) run.test->n_images * 256);
  mw_data_result_clear (&run);
  mw_data_result_clear (&test);
  /* Sinusoid tasks are drawn from the settings: nothing to load. */
  g_assert_null (mw_data_info (MW_DATA_SINUSOID)->load);
  g_assert_true (mw_data_load (MW_DATA_SINUSOID, &request, &test, NULL));
  g_assert_null (test.test);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/glyphs/deterministic", test_deterministic);
  g_test_add_func ("/glyphs/range-and-ink", test_range_and_ink);
  g_test_add_func ("/glyphs/classes-separate", test_classes_separate);
  g_test_add_func ("/glyphs/few-shot-difficulty", test_few_shot_difficulty);
  g_test_add_func ("/glyphs/timing", test_timing);
  g_test_add_func ("/glyphs/too-many-refused", test_too_many_refused);
  g_test_add_func ("/glyphs/row-loader", test_row_loader);
  return g_test_run ();
}
