/* test-target.c: the shift and target settings (mw-target.h) and the unlabelled pool a
 * training hook draws from (mw-image-pool.h).
 *
 * Settings that cannot go together are refused with a message naming the setting; the
 * settings survive the experiment file; the dataset's shift reaches every split it
 * loads; the target's pool holds its training images, shifted, and its batches are a
 * function of (seed, step) alone, the same whichever classes the images belong to (the
 * pool cannot tell a training step the target's labels). */
#include "mw-experiment.h"
#include "mw-target.h"

#include <glib.h>
#include <string.h>

enum { SIZE = 28, PIXELS = SIZE * SIZE };

static void
config_with (MwExperimentConfig *c, const char *const *settings)
{
  mw_experiment_config_init (c, MW_ALGO_PROTONET);
  c->glyph_classes = 20;
  c->glyph_samples = 4;
  for (int i = 0; settings[i] != NULL; i += 2)
    {
      GError *error = NULL;
      g_assert_true (mw_experiment_config_set (c, settings[i], settings[i + 1], &error));
      g_assert_no_error (error);
    }
}

static void
test_refused (void)
{
  struct {
    const char *settings[9];
    const char *needle;
  } bad[] = {
    { { "target-path", "/tmp", NULL }, "target-path is set but target-dataset is not" },
    { { "target-shift", "inverted", NULL }, "target-shift is set but target-dataset is not" },
    { { "target-dataset", "mnist", NULL }, "target-dataset: 'mnist' is not a dataset" },
    { { "target-dataset", "sinusoid", NULL }, "target-dataset=sinusoid has no images" },
    { { "target-dataset", "glyphs", NULL }, "the target is the source itself" },
    { { "target-dataset", "fashion-mnist", "target-split", "vinyals-train", NULL },
      "target-split names Omniglot classes" },
    { { "target-dataset", "folder", NULL }, "target-dataset=folder needs target-path" },
    { { "shift", "thin", "shift-radius", "0.2", NULL }, "shift-radius must be 0 (the usual) or" },
    { { "dataset", "sinusoid", "algorithm", "maml", "inner-lr", "0.01", "shift", "inverted",
        NULL },
      "shift=inverted changes images" },
  };
  for (size_t i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      MwExperimentConfig c;
      config_with (&c, bad[i].settings);
      GError *error = NULL;
      g_assert_false (mw_experiment_config_validate (&c, &error));
      g_assert_nonnull (error);
      g_test_message ("refused: %s", error->message);
      g_assert_nonnull (strstr (error->message, bad[i].needle));
      g_error_free (error);
      mw_experiment_config_clear (&c);
    }
  /* Values outside a setting's choices or bounds are refused as they are set. */
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_PROTONET);
  GError *error = NULL;
  g_assert_false (mw_experiment_config_set (&c, "shift", "blurred", &error));
  g_assert_nonnull (strstr (error->message, "setting 'shift'"));
  g_clear_error (&error);
  g_assert_false (mw_experiment_config_set (&c, "shift-angle", "400", &error));
  g_assert_nonnull (strstr (error->message, "setting 'shift-angle'"));
  g_clear_error (&error);
  g_assert_false (mw_experiment_config_set (&c, "hershey-copies", "1000000", &error));
  g_clear_error (&error);
  /* The target on the source's own data with a shift is a target. */
  const char *const ok[] = { "target-dataset", "glyphs", "target-shift", "textured", NULL };
  mw_experiment_config_clear (&c);
  config_with (&c, ok);
  g_assert_true (mw_experiment_config_validate (&c, &error));
  g_assert_no_error (error);
  mw_experiment_config_clear (&c);
}

static void
test_file (void)
{
  const char *const settings[] = {
    "shift", "thick", "shift-radius", "1.5", "shift-angle", "20", "hershey-copies", "3",
    "target-dataset", "hershey", "target-path", "/srv/fonts", "target-shift", "rotated", NULL
  };
  MwExperimentConfig a, b;
  config_with (&a, settings);
  g_autofree char *text = mw_experiment_config_to_data (&a);
  g_assert_nonnull (strstr (text, "[target]"));
  mw_experiment_config_init (&b, MW_ALGO_PROTONET);
  GError *error = NULL;
  g_assert_true (mw_experiment_config_load_data (&b, text, &error));
  g_assert_no_error (error);
  g_assert_null (mw_experiment_config_difference (&a, &b, NULL, NULL, NULL));
  g_assert_cmpint (b.shift, ==, MW_SHIFT_THICK);
  g_assert_cmpstr (b.target_data, ==, "hershey");
  g_assert_cmpint (b.target_shift, ==, MW_SHIFT_ROTATED);
  MwExperimentConfig copy;
  mw_experiment_config_copy (&copy, &b);
  g_assert_cmpstr (copy.target_path, ==, "/srv/fonts");
  mw_experiment_config_clear (&copy);
  mw_experiment_config_clear (&a);
  mw_experiment_config_clear (&b);
}

static void
test_shift_reaches_splits (void)
{
  const char *const clean_settings[] = { NULL };
  const char *const shifted_settings[] = { "shift", "inverted", NULL };
  MwExperimentConfig clean, shifted;
  config_with (&clean, clean_settings);
  config_with (&shifted, shifted_settings);
  MwDataRequest rc, rs;
  mw_experiment_config_data_request (&clean, &rc);
  mw_experiment_config_data_request (&shifted, &rs);
  MwDataResult a, b;
  GError *error = NULL;
  g_assert_true (mw_data_load (clean.data, &rc, &a, &error));
  g_assert_true (mw_data_load (shifted.data, &rs, &b, &error));
  MwDataset *pairs[2][2] = { { a.train, b.train }, { a.test, b.test } };
  for (int p = 0; p < 2; p++)
    {
      size_t n = (size_t) pairs[p][0]->n_images * PIXELS;
      for (size_t i = 0; i < n; i++)
        g_assert_cmpint (pairs[p][1]->pixels[i], ==, 255 - pairs[p][0]->pixels[i]);
    }
  mw_data_result_clear (&a);
  mw_data_result_clear (&b);
  mw_experiment_config_clear (&clean);
  mw_experiment_config_clear (&shifted);
}

/* Whether img (floats) is one of ds's images, to the byte. */
static gboolean
among (const MwDataset *ds, const float *img)
{
  for (int i = 0; i < ds->n_images; i++)
    {
      const uint8_t *p = ds->pixels + (size_t) i * PIXELS;
      gboolean same = TRUE;
      for (int k = 0; k < PIXELS && same; k++)
        same = (int) (img[k] * 255.0f + 0.5f) == p[k];
      if (same)
        return TRUE;
    }
  return FALSE;
}

static void
test_pool (void)
{
  const char *const settings[] = { "target-dataset", "glyphs", "target-shift", "textured", NULL };
  MwExperimentConfig c;
  config_with (&c, settings);
  MwTarget target;
  GError *error = NULL;
  g_assert_true (mw_target_load (&c, &target, &error));
  g_assert_no_error (error);
  g_assert_cmpint (target.kind, ==, MW_DATA_GLYPHS);

  /* The target's training images, textured: the pool holds those and nothing else. */
  MwDataRequest r;
  MwDataKind kind;
  g_assert_true (mw_experiment_target_request (&c, &kind, &r));
  MwDataResult expected;
  g_assert_true (mw_data_load (kind, &r, &expected, &error));
  g_assert_cmpint (mw_image_pool_size (target.unlabelled), ==, expected.train->n_entries);
  g_assert_cmpint (target.test->n_classes, ==, expected.test->n_classes);
  int h, w, ch;
  mw_image_pool_shape (target.unlabelled, &h, &w, &ch);
  g_assert_cmpint (h * w * ch, ==, PIXELS);
  enum { BATCH = 16 };
  float *one = g_new (float, BATCH * PIXELS), *again = g_new (float, BATCH * PIXELS);
  float *next = g_new (float, BATCH * PIXELS);
  mw_image_pool_batch (target.unlabelled, c.seed, 7, BATCH, one);
  mw_image_pool_batch (target.unlabelled, c.seed, 7, BATCH, again);
  mw_image_pool_batch (target.unlabelled, c.seed, 8, BATCH, next);
  g_assert_cmpmem (one, BATCH * PIXELS * sizeof (float), again, BATCH * PIXELS * sizeof (float));
  g_assert_true (memcmp (one, next, BATCH * PIXELS * sizeof (float)) != 0);
  for (int i = 0; i < BATCH; i++)
    g_assert_true (among (expected.train, one + (size_t) i * PIXELS));

  /* The same images in one class, or in classes of other names: the same batches.  A
   * step's batch depends on the images alone, never on their labels. */
  MwDataset *relabelled = expected.train;
  expected.train = NULL;
  for (int k = 0; k < relabelled->n_classes; k++)
    g_clear_pointer (&relabelled->class_names[k], g_free);
  relabelled->class_names[0] = g_strdup ("?");
  relabelled->class_start[1] = relabelled->n_entries;
  relabelled->n_classes = 1;
  MwImagePool *pool = mw_image_pool_new_take (relabelled, &error);
  g_assert_nonnull (pool);
  mw_image_pool_batch (pool, c.seed, 7, BATCH, again);
  g_assert_cmpmem (one, BATCH * PIXELS * sizeof (float), again, BATCH * PIXELS * sizeof (float));
  mw_image_pool_free (pool);

  g_free (one);
  g_free (again);
  g_free (next);
  mw_data_result_clear (&expected);
  mw_target_clear (&target);
  mw_experiment_config_clear (&c);

  /* No target: a message, nothing loaded. */
  const char *const none[] = { NULL };
  config_with (&c, none);
  g_assert_false (mw_target_load (&c, &target, &error));
  g_assert_nonnull (strstr (error->message, "no target"));
  g_clear_error (&error);
  g_assert_null (target.unlabelled);
  mw_experiment_config_clear (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/target/refused", test_refused);
  g_test_add_func ("/target/file", test_file);
  g_test_add_func ("/target/shift-reaches-splits", test_shift_reaches_splits);
  g_test_add_func ("/target/pool", test_pool);
  return g_test_run ();
}
