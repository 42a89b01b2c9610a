/* test-fuzz-seeds.c: the in-memory entry points the fuzz targets use, on the seed
 * corpus: what the seeds hold decodes as expected, and a damaged copy is refused with
 * an error (the targets alone only check that nothing crashes). */
#include "mw-checkpoint.h"
#include "mw-dataset-private.h"
#include "mw-experiment.h"
#include "mw-image-decode.h"
#include "mw-run.h"
#include "mw-handout.h"
#include "mw-text-file.h"

#include <string.h>

static char *
corpus_file (const char *name, gsize *len)
{
  g_autofree char *path = g_build_filename (g_getenv ("MW_FUZZ_CORPUS"), name, NULL);
  char *data = NULL;
  GError *error = NULL;
  g_assert_true (g_file_get_contents (path, &data, len, &error));
  g_assert_no_error (error);
  return data;
}

static void
test_zip (void)
{
  gsize len;
  g_autofree char *zip = corpus_file ("zip/omniglot-3-images.zip", &len);
  GError *error = NULL;
  g_assert_cmpint (mw_omniglot_decode_zip_data (zip, len, 28, &error), ==, 3);
  g_assert_no_error (error);
  /* Cut off the central directory: not a zip any more. */
  g_assert_cmpint (mw_omniglot_decode_zip_data (zip, len - 30, 28, &error), ==, -1);
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT);
  g_clear_error (&error);
  /* A damaged byte inside the deflated 105 × 105 image: the CRC check catches it. */
  char *needle = memmem (zip, len, "0001_01.png", 11);
  g_assert_nonnull (needle);
  needle[11 + 40] ^= 0x55;
  g_assert_cmpint (mw_omniglot_decode_zip_data (zip, len, 28, &error), ==, -1);
  g_assert_nonnull (error);
  g_test_message ("damaged entry: %s", error->message);
  g_clear_error (&error);
}

static void
test_images (void)
{
  static const struct { const char *name; int w, h, ch; } seeds[] = {
    { "image/gray.png", 4, 3, 1 }, { "image/1bit.png", 4, 3, 1 },
    { "image/omniglot-105.png", 105, 105, 1 }, { "image/rgb.jpg", 4, 3, 3 },
    { "image/gray.jpg", 4, 3, 1 },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      gsize len;
      g_autofree char *data = corpus_file (seeds[i].name, &len);
      MwImage img;
      GError *error = NULL;
      g_assert_true (mw_image_decode (data, len, seeds[i].name, 0, &img, &error));
      g_assert_no_error (error);
      g_assert_cmpint (img.width, ==, seeds[i].w);
      g_assert_cmpint (img.height, ==, seeds[i].h);
      g_assert_cmpint (img.channels, ==, seeds[i].ch);
      mw_image_clear (&img);
    }
}

static void
test_checkpoint (void)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  c.data = MW_DATA_SINUSOID;
  c.threads = 1;
  GError *error = NULL;
  MwRun *run = mw_run_new (&c, &error);
  g_assert_no_error (error);
  gsize len;
  g_autofree char *data = corpus_file ("checkpoint/maml-sinusoid.mwc", &len);
  g_autofree char *header = mw_checkpoint_load_data (data, len, "seed", mw_run_get_algorithm (run),
                                                     &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (header, "[checkpoint]"));
  /* The fuzzers' finding: a tensor count of billions (checksum valid) is refused before
   * anything is allocated for it. */
  g_autofree char *bad = corpus_file ("checkpoint/crash-oom-tensor-count", &len);
  /* Found through the target's checksum fix-up: the last 32 bytes become the digest. */
  GChecksum *sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (sum, (const guint8 *) bad, len - 32);
  gsize dl = 32;
  g_checksum_get_digest (sum, (guint8 *) bad + len - 32, &dl);
  g_checksum_free (sum);
  g_assert_null (mw_checkpoint_load_data (bad, len, "crash", NULL, &error));
  g_assert_error (error, MW_CHECKPOINT_ERROR, MW_CHECKPOINT_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "more than its size allows"));
  g_clear_error (&error);
  mw_run_free (run);
  mw_experiment_config_clear (&c);
}

static void
test_experiment (void)
{
  gsize len;
  g_autofree char *text = corpus_file ("experiment/protonet-omniglot-5w1s.ini", &len);
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  GError *error = NULL;
  g_assert_true (mw_experiment_config_load_data (&c, text, &error));
  g_assert_no_error (error);
  g_assert_cmpint (c.algo.kind, ==, MW_ALGO_PROTONET);
  g_assert_cmpint (c.data, ==, MW_DATA_OMNIGLOT);
  /* The preset has no data folder yet, and validate says so. */
  g_assert_false (mw_experiment_config_validate (&c, &error));
  g_assert_nonnull (strstr (error->message, "path"));
  g_clear_error (&error);
  mw_experiment_config_clear (&c);
}

/* The handout target's seeds: a sealed lesson (as mw_handout_save writes it) and one
 * written by hand load; cut-short, NUL and Latin-1 copies are refused by line. */
static void
test_handout (void)
{
  gsize len;
  GError *error = NULL;
  MwHandout h;
  mw_handout_init (&h);
  g_autofree char *sealed = corpus_file ("handout/lesson-sealed.mwexp", &len);
  g_assert_true (mw_handout_load_data (&h, sealed, (gssize) len, "lesson-sealed.mwexp", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (h.title, ==, "Lesson 2: ways");
  g_assert_cmpint (h.config.ways, ==, 5);
  g_autofree char *by_hand = corpus_file ("handout/lesson-by-hand.mwexp", &len);
  g_assert_true (mw_handout_load_data (&h, by_hand, (gssize) len, "lesson-by-hand.mwexp", &error));
  g_assert_no_error (error);
  g_autofree char *cut = corpus_file ("handout/lesson-cut.mwexp", &len);
  g_assert_false (mw_handout_load_data (&h, cut, (gssize) len, "lesson-cut.mwexp", &error));
  g_assert_nonnull (strstr (error->message, "cut short"));
  g_clear_error (&error);
  g_autofree char *latin1 = corpus_file ("handout/lesson-latin1.mwexp", &len);
  g_assert_false (mw_handout_load_data (&h, latin1, (gssize) len, "lesson-latin1.mwexp", &error));
  g_assert_nonnull (strstr (error->message, "lesson-latin1.mwexp, line 3: is not UTF-8"));
  g_clear_error (&error);
  mw_handout_clear (&h);

  static const struct { const char *name; int code; } runs[] = {
    { "handout/run-sealed.ini", -1 }, { "handout/run-older.ini", -1 },
    { "handout/run-cut.ini", MW_TEXT_FILE_ERROR_CUT_SHORT },
    { "handout/run-nul.ini", MW_TEXT_FILE_ERROR_BINARY },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autofree char *text = corpus_file (runs[i].name, &len);
      gboolean ok = mw_text_file_check (text, len, runs[i].name, &error);
      if (runs[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_error (error, MW_TEXT_FILE_ERROR, runs[i].code);
          g_clear_error (&error);
        }
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/fuzz-seeds/zip", test_zip);
  g_test_add_func ("/fuzz-seeds/images", test_images);
  g_test_add_func ("/fuzz-seeds/checkpoint", test_checkpoint);
  g_test_add_func ("/fuzz-seeds/experiment", test_experiment);
  g_test_add_func ("/fuzz-seeds/handout", test_handout);
  return g_test_run ();
}
