/* test-augment.c: the affine distortion of training images (augment=affine).
 *
 * The warp is checked on maps whose result is known (identity, whole-pixel shifts, a
 * quarter turn), the drawn maps against their documented ranges, and a task source
 * with augmentation against one without: same classes and images chosen, pixels
 * moved but the amount of ink about the same. */
#include "mw-experiment.h"
#include "mw-task-gen.h"

#include <glib.h>
#include <math.h>
#include <string.h>

enum { SIDE = 9 };

static void
fill_pattern (float *img)
{
  for (int y = 0; y < SIDE; y++)
    for (int x = 0; x < SIDE; x++)
      img[y * SIDE + x] = (float) ((x * 7 + y * 3) % 11) / 10.0f;
}

static void
test_warp_exact (void)
{
  float src[SIDE * SIDE], dst[SIDE * SIDE];
  fill_pattern (src);
  MwAffine id = { { { 1, 0 }, { 0, 1 } }, { 0, 0 } };
  mw_affine_warp (&id, src, dst, SIDE, SIDE, 1);
  g_assert_cmpmem (src, sizeof src, dst, sizeof dst);

  /* A shift of (2, 1): output (x, y) reads source (x − 2, y − 1), edges repeated. */
  MwAffine shift = { { { 1, 0 }, { 0, 1 } }, { 2, 1 } };
  mw_affine_warp (&shift, src, dst, SIDE, SIDE, 1);
  for (int y = 0; y < SIDE; y++)
    for (int x = 0; x < SIDE; x++)
      {
        int sx = MAX (x - 2, 0), sy = MAX (y - 1, 0);
        g_assert_cmpfloat_with_epsilon (dst[y * SIDE + x], src[sy * SIDE + sx], 1e-6);
      }

  /* A quarter turn about the centre lands on pixel centres: a plain index permutation. */
  MwAffine turn = { { { 0, -1 }, { 1, 0 } }, { 0, 0 } };
  mw_affine_warp (&turn, src, dst, SIDE, SIDE, 1);
  for (int y = 0; y < SIDE; y++)
    for (int x = 0; x < SIDE; x++)
      g_assert_cmpfloat_with_epsilon (dst[y * SIDE + x], src[x * SIDE + (SIDE - 1 - y)], 1e-5);

  /* Half a pixel to the right: the mean of two neighbours. */
  MwAffine half = { { { 1, 0 }, { 0, 1 } }, { 0.5f, 0 } };
  mw_affine_warp (&half, src, dst, SIDE, SIDE, 1);
  g_assert_cmpfloat_with_epsilon (dst[4 * SIDE + 4], 0.5f * (src[4 * SIDE + 3] + src[4 * SIDE + 4]),
                                  1e-6);
}

static void
test_draw_ranges (void)
{
  MwRng rng;
  mw_rng_init (&rng, 7, 0);
  int plain = 0, n = 4000;
  for (int i = 0; i < n; i++)
    {
      MwAffine m;
      mw_affine_draw (&m, &rng, 105);
      g_assert_cmpfloat (fabsf (m.shift[0]), <=, 2.0f + 1e-5f);
      g_assert_cmpfloat (fabsf (m.shift[1]), <=, 2.0f + 1e-5f);
      /* det = (1 − shear_x·shear_y) · scale_x · scale_y ∈ [0.91 · 0.64, 1.09 · 1.44]. */
      float det = m.m[0][0] * m.m[1][1] - m.m[0][1] * m.m[1][0];
      g_assert_cmpfloat (det, >, 0.5f);
      g_assert_cmpfloat (det, <, 1.6f);
      if (m.m[0][0] == 1 && m.m[0][1] == 0 && m.m[1][0] == 0 && m.m[1][1] == 1
          && m.shift[0] == 0 && m.shift[1] == 0)
        plain++;
    }
  /* Each of four parts is left out with probability ½: 1/16 of maps are the identity. */
  g_assert_cmpint (plain, >, n / 16 - n / 40);
  g_assert_cmpint (plain, <, n / 16 + n / 40);
}

static void
test_task_source (void)
{
  g_autoptr (GError) error = NULL;
  MwDataset *ds = mw_glyphs_new (12, 6, 28, 3, &error);
  g_assert_no_error (error);
  MwTaskGen *plain = mw_task_gen_new_dataset (ds, 5, 1, 2);
  MwTaskGen *warped = mw_task_gen_new_dataset (ds, 5, 1, 2);
  mw_task_gen_set_augment (warped, MW_AUGMENT_AFFINE);
  MwRng a, b;
  mw_rng_init (&a, 11, 0);
  mw_rng_init (&b, 11, 0);
  MwTask ta, tb;
  g_assert_true (mw_task_gen_next (plain, 5, 1, 2, &a, &ta, &error));
  g_assert_true (mw_task_gen_next (warped, 5, 1, 2, &b, &tb, &error));
  const MwEpisode *ea = mw_task_gen_episode (plain, 0), *eb = mw_task_gen_episode (warped, 0);
  g_assert_cmpmem (ea->classes, 5 * sizeof (int), eb->classes, 5 * sizeof (int));
  g_assert_cmpmem (ea->query_items, 10 * sizeof (int), eb->query_items, 10 * sizeof (int));
  size_t img = 28 * 28;
  int moved = 0;
  for (int i = 0; i < 10; i++)
    {
      const float *pa = ta.query_x->data + i * img, *pb = tb.query_x->data + i * img;
      double ink_a = 0, ink_b = 0;
      for (size_t p = 0; p < img; p++)
        {
          ink_a += pa[p];
          ink_b += pb[p];
          g_assert_cmpfloat (pb[p], >=, 0.0f);
          g_assert_cmpfloat (pb[p], <=, 1.0f);
        }
      if (memcmp (pa, pb, img * sizeof (float)) != 0)
        moved++;
      /* Scale at most 1.2 per axis: ink changes by less than a factor 1.2² either way. */
      g_assert_cmpfloat (ink_b, >, ink_a / 1.6);
      g_assert_cmpfloat (ink_b, <, ink_a * 1.6);
    }
  /* 15 in 16 maps change something. */
  g_assert_cmpint (moved, >=, 6);
  mw_task_gen_free (plain);
  mw_task_gen_free (warped);
  mw_dataset_free (ds);
}

static void
test_setting (void)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_PROTONET);
  g_autoptr (GError) error = NULL;
  g_assert_cmpint (c.augment, ==, MW_AUGMENT_NONE);
  g_assert_true (mw_experiment_config_set (&c, "augment", "affine", &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.augment, ==, MW_AUGMENT_AFFINE);
  g_assert_false (mw_experiment_config_set (&c, "augment", "elastic", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (mw_experiment_config_validate (&c, &error));
  mw_experiment_config_clear (&c);
  /* A sinusoid run that is valid except for augment. */
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_MAML, "sinusoid", &error));
  g_assert_true (mw_experiment_config_validate (&c, &error));
  c.augment = MW_AUGMENT_AFFINE;
  g_assert_false (mw_experiment_config_validate (&c, &error));
  g_assert_nonnull (strstr (error->message, "augment"));
  mw_experiment_config_clear (&c);
}

/* augment=photo: the whole image, mirrored, with neutral jitter, is the exact mirror
 * image; drawn crops stay inside the image with the documented area and aspect; the
 * result stays in [0, 1]; the same seed draws the same augmentations. */
static void
test_photo (void)
{
  enum { H = 6, W = 8 };
  float src[H * W * 3], dst[H * W * 3];
  for (int p = 0; p < H * W * 3; p++)
    src[p] = (float) ((p * 7) % 13) / 12.0f;
  MwPhotoAugment mirror = { 0, 0, W, H, TRUE, 1, 1, 1 };
  mw_photo_augment_apply (&mirror, src, dst, H, W, 3);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      for (int c = 0; c < 3; c++)
        g_assert_cmpfloat_with_epsilon (dst[(y * W + x) * 3 + c],
                                        src[(y * W + (W - 1 - x)) * 3 + c], 1e-6);
  /* Saturation 0 leaves grey pixels; brightness 3 saturates at 1. */
  MwPhotoAugment grey = { 0, 0, W, H, FALSE, 1, 1, 0 };
  mw_photo_augment_apply (&grey, src, dst, H, W, 3);
  for (int p = 0; p < H * W; p++)
    {
      g_assert_cmpfloat_with_epsilon (dst[p * 3], dst[p * 3 + 1], 1e-5);
      g_assert_cmpfloat_with_epsilon (dst[p * 3], dst[p * 3 + 2], 1e-5);
    }
  MwPhotoAugment bright = { 0, 0, W, H, FALSE, 3, 1, 1 };
  mw_photo_augment_apply (&bright, src, dst, H, W, 3);
  for (int p = 0; p < H * W * 3; p++)
    g_assert_cmpfloat (dst[p], <=, 1.0f);

  MwRng a, b;
  mw_rng_init (&a, 5, 1);
  mw_rng_init (&b, 5, 1);
  int flips = 0;
  for (int i = 0; i < 400; i++)
    {
      MwPhotoAugment x, y;
      mw_photo_augment_draw (&x, &a, 84, 84);
      mw_photo_augment_draw (&y, &b, 84, 84);
      g_assert_cmpmem (&x, sizeof x, &y, sizeof y);
      g_assert_cmpfloat (x.x0, >=, 0);
      g_assert_cmpfloat (x.y0, >=, 0);
      g_assert_cmpfloat (x.x0 + x.w, <=, 84.001f);
      g_assert_cmpfloat (x.y0 + x.h, <=, 84.001f);
      g_assert_cmpfloat (x.w * x.h, >=, 0.6f * 84 * 84 * 0.75f);
      g_assert_cmpfloat (x.w * x.h, <=, 84 * 84 * 1.0001f);
      g_assert_cmpfloat (x.brightness, >=, 0.8f);
      g_assert_cmpfloat (x.saturation, <=, 1.2f);
      flips += x.flip;
    }
  g_assert_cmpint (flips, >, 150);
  g_assert_cmpint (flips, <, 250);

  /* Letters keep their orientation: glyphs and Omniglot refuse it, folders take it. */
  MwExperimentConfig c;
  g_autoptr (GError) error = NULL;
  mw_experiment_config_init (&c, MW_ALGO_PROTONET);
  g_assert_true (mw_experiment_config_set (&c, "augment", "photo", &error));
  g_assert_false (mw_experiment_config_validate (&c, &error));
  g_assert_nonnull (strstr (error->message, "orientation"));
  g_clear_error (&error);
  c.data = MW_DATA_OMNIGLOT;
  g_free (c.data_path);
  c.data_path = g_strdup ("/x");
  g_assert_false (mw_experiment_config_validate (&c, &error));
  g_clear_error (&error);
  c.data = MW_DATA_FOLDER;
  g_assert_true (mw_experiment_config_validate (&c, &error));
  g_assert_no_error (error);
  mw_experiment_config_clear (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/augment/warp-exact", test_warp_exact);
  g_test_add_func ("/augment/draw-ranges", test_draw_ranges);
  g_test_add_func ("/augment/task-source", test_task_source);
  g_test_add_func ("/augment/setting", test_setting);
  g_test_add_func ("/augment/photo", test_photo);
  return g_test_run ();
}
