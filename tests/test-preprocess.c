/* test-preprocess.c: the model's preprocessing record and the folder loader that
 * follows it.
 *
 * - Omniglot PNGs read from a plain folder of class folders, for a model that expects
 *   Omniglot's dark background, give byte for byte the pixels of the Omniglot loader at
 *   28 × 28 when invert is auto (inverted on the 8-bit image before resampling, as that
 *   loader does), so the model sees what it was trained on; with invert forced off the
 *   report warns and names the fix.  Needs $MW_OMNIGLOT_DIR (skipped without it).
 * - Inversion happens before resampling (on a drawing where the order shows).
 * - Auto-detection on synthetic light-paper and dark-paper folders, against models of
 *   either background, and for training (toward dark).
 * - The record survives a checkpoint, a training run's invert=auto is replaced by the
 *   choice made, and a checkpoint written before the record existed (no [preprocess],
 *   no invert setting) still loads, with the folder used as it is. */
#include "image-writer.h"
#include "mw-core.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <zip.h>

/* What an Omniglot-trained model records (the Omniglot loader's images, measured). */
static const MwPreprocess omniglot_model = { 28, 28, 1, TRUE, TRUE, 0.08, 0.0 };

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      GDir *d = g_dir_open (path, 0, NULL);
      const char *n;
      while (d != NULL && (n = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, n, NULL);
          remove_tree (child);
        }
      if (d != NULL)
        g_dir_close (d);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

/* ---- Omniglot through a folder ---- */

/* Copies the first `per_char` drawings of the first `n_chars` characters of the
 * evaluation zip into two layouts: omni/images_evaluation/ALPHABET/CHARACTER/ (what the
 * Omniglot loader reads as an extracted set) and folder/ALPHABET-CHARACTER/ (a plain
 * folder of classes, the files untouched). */
static void
extract_some (const char *zip_path, const char *omni, const char *folder, int n_chars,
              int per_char)
{
  int err = 0;
  zip_t *za = zip_open (zip_path, ZIP_RDONLY, &err);
  g_assert_nonnull (za);
  zip_int64_t n = zip_get_num_entries (za, 0);
  g_autoptr (GHashTable) per = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (zip_int64_t i = 0; i < n; i++)
    {
      const char *name = zip_get_name (za, (zip_uint64_t) i, 0);
      if (name == NULL || !g_str_has_suffix (name, ".png") || strstr (name, "__MACOSX"))
        continue;
      g_auto (GStrv) parts = g_strsplit (name, "/", -1);
      int np = (int) g_strv_length (parts);
      if (np < 3)
        continue;
      g_autofree char *key = g_strdup_printf ("%s-%s", parts[np - 3], parts[np - 2]);
      int have = GPOINTER_TO_INT (g_hash_table_lookup (per, key));
      if (have == 0 && (int) g_hash_table_size (per) >= n_chars)
        continue;
      if (have >= per_char)
        continue;
      g_hash_table_insert (per, g_strdup (key), GINT_TO_POINTER (have + 1));
      zip_stat_t st;
      g_assert_cmpint (zip_stat_index (za, (zip_uint64_t) i, 0, &st), ==, 0);
      zip_file_t *zf = zip_fopen_index (za, (zip_uint64_t) i, 0);
      g_assert_nonnull (zf);
      g_autofree char *bytes = g_malloc (st.size);
      g_assert_cmpint (zip_fread (zf, bytes, st.size), ==, (zip_int64_t) st.size);
      zip_fclose (zf);
      g_autofree char *d1 = g_build_filename (omni, "images_evaluation", parts[np - 3],
                                              parts[np - 2], NULL);
      g_autofree char *d2 = g_build_filename (folder, key, NULL);
      g_assert_cmpint (g_mkdir_with_parents (d1, 0755), ==, 0);
      g_assert_cmpint (g_mkdir_with_parents (d2, 0755), ==, 0);
      g_autofree char *f1 = g_build_filename (d1, parts[np - 1], NULL);
      g_autofree char *f2 = g_build_filename (d2, parts[np - 1], NULL);
      g_assert_true (g_file_set_contents (f1, bytes, (gssize) st.size, NULL));
      g_assert_true (g_file_set_contents (f2, bytes, (gssize) st.size, NULL));
    }
  zip_discard (za);
  g_assert_cmpint (g_hash_table_size (per), ==, n_chars);
}

/* Each image of ds by its file name (the drawings' names are unique: NNNN_DD.png). */
static GHashTable *
images_by_file (const MwDataset *ds)
{
  GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  size_t bytes = (size_t) ds->height * ds->width * ds->channels;
  for (int i = 0; i < ds->n_images; i++)
    g_hash_table_insert (t, g_path_get_basename (ds->image_sources[i]),
                         ds->pixels + (size_t) i * bytes);
  return t;
}

static void
test_omniglot_folder (void)
{
  const char *data = g_getenv ("MW_OMNIGLOT_DIR");
  g_autofree char *zip_path = data ? g_build_filename (data, "images_evaluation.zip", NULL) : NULL;
  if (zip_path == NULL || !g_file_test (zip_path, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip ("set MW_OMNIGLOT_DIR to a folder holding images_evaluation.zip");
      return;
    }
  g_autofree char *tmp = g_dir_make_tmp ("mw-preprocess-XXXXXX", NULL);
  g_autofree char *omni = g_build_filename (tmp, "omni", NULL);
  g_autofree char *folder = g_build_filename (tmp, "folder", NULL);
  extract_some (zip_path, omni, folder, 6, 4);

  GError *error = NULL;
  MwDataset *ref = mw_omniglot_load (omni, "evaluation", 28, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ref->n_images, ==, 24);
  double ref_mean, ref_border;
  mw_dataset_brightness (ref, &ref_mean, &ref_border);
  MwPreprocess model = omniglot_model;
  model.mean = ref_mean;
  model.border_mean = ref_border;
  g_assert_cmpfloat (ref_border, <, 0.5);

  /* invert=auto: the files' white borders are detected, the images inverted. */
  MwPreprocessReport rep;
  MwDataset *ds = mw_preprocess_load_folder (&model, folder, MW_INVERT_AUTO, &rep, &error);
  g_assert_no_error (error);
  g_assert_true (rep.inverted);
  g_assert_cmpfloat (rep.file_border, >, 0.9);
  g_assert_null (rep.warning);
  g_assert_cmpint (ds->n_images, ==, ref->n_images);
  g_assert_cmpint (ds->height, ==, 28);
  g_autoptr (GHashTable) want = images_by_file (ref);
  g_autoptr (GHashTable) got = images_by_file (ds);
  GHashTableIter it;
  gpointer name, pixels;
  g_hash_table_iter_init (&it, want);
  while (g_hash_table_iter_next (&it, &name, &pixels))
    {
      const uint8_t *mine = g_hash_table_lookup (got, name);
      g_assert_nonnull (mine);
      g_assert_cmpmem (mine, 784, pixels, 784);
    }
  mw_preprocess_report_clear (&rep);
  mw_dataset_free (ds);

  /* invert=no: the same files as they are; the load works but warns, naming the fix. */
  ds = mw_preprocess_load_folder (&model, folder, MW_INVERT_NO, &rep, &error);
  g_assert_no_error (error);
  g_assert_false (rep.inverted);
  g_assert_cmpfloat (rep.border_mean, >, 0.9);
  g_assert_nonnull (rep.warning);
  g_test_message ("warning: %s", rep.warning);
  g_assert_nonnull (strstr (rep.warning, "--set invert=yes"));
  g_assert_nonnull (strstr (rep.warning, "Invert"));
  /* And these pixels are the complement's neighbours, not the model's: they differ. */
  g_assert_true (memcmp (ds->pixels, ref->pixels, 784) != 0);
  mw_preprocess_report_clear (&rep);
  mw_dataset_free (ds);

  /* invert=yes gives the same as auto here. */
  ds = mw_preprocess_load_folder (&model, folder, MW_INVERT_YES, &rep, &error);
  g_assert_no_error (error);
  g_assert_true (rep.inverted);
  g_assert_null (rep.warning);
  mw_dataset_free (ds);

  mw_dataset_free (ref);
  mw_dataset_cache_clear ();
  remove_tree (tmp);
}

/* ---- synthetic folders ---- */

/* n_classes folders of `per` 40 × 40 gray PNGs: paper `paper`, a class-dependent bar
 * of ink `ink`, away from the border. */
static char *
make_folder (uint8_t paper, uint8_t ink, int n_classes, int per)
{
  char *root = g_dir_make_tmp ("mw-preprocess-synth-XXXXXX", NULL);
  for (int c = 0; c < n_classes; c++)
    {
      g_autofree char *name = g_strdup_printf ("class%02d", c);
      g_autofree char *dir = g_build_filename (root, name, NULL);
      g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
      for (int k = 0; k < per; k++)
        {
          uint8_t px[40 * 40];
          memset (px, paper, sizeof px);
          for (int y = 8; y < 32; y++)
            for (int x = 6 + 3 * c + k; x < 12 + 3 * c + k && x < 34; x++)
              px[y * 40 + x] = ink;
          g_autofree char *file = g_strdup_printf ("%d.png", k);
          g_autofree char *path = g_build_filename (dir, file, NULL);
          write_png (path, 40, 40, PNG_COLOR_TYPE_GRAY, 8, px, 40, FALSE, NULL, 0);
        }
    }
  return root;
}

static gboolean
stop_at_once (int done, int total, gpointer data)
{
  return FALSE;
}

static void
test_auto_detect (void)
{
  g_autofree char *light = make_folder (250, 10, 3, 2);
  g_autofree char *dark = make_folder (5, 240, 3, 2);
  MwPreprocess dark_model = omniglot_model;
  MwPreprocess light_model = { 28, 28, 1, FALSE, FALSE, 0.9, 0.98 };
  GError *error = NULL;
  struct { const MwPreprocess *model; const char *dir; gboolean inverted; } cases[] = {
    { &dark_model, light, TRUE }, { &dark_model, dark, FALSE },
    { &light_model, light, FALSE }, { &light_model, dark, TRUE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MwPreprocessReport rep;
      MwDataset *ds = mw_preprocess_load_folder (cases[i].model, cases[i].dir, MW_INVERT_AUTO,
                                                 &rep, &error);
      g_assert_no_error (error);
      g_assert_cmpint (rep.inverted, ==, cases[i].inverted);
      g_assert_cmpfloat_with_epsilon (rep.file_border, cases[i].dir == light ? 250 / 255.0 : 5 / 255.0, 1e-9);
      /* After the right choice the background is the model's, so no warning. */
      g_assert_null (rep.warning);
      g_assert_cmpint (rep.border_mean < 0.5, ==, cases[i].model->dark_background);
      mw_preprocess_report_clear (&rep);
      mw_dataset_free (ds);
    }
  /* Forced the wrong way: warned, with the opposite fix. */
  MwPreprocessReport rep;
  MwDataset *ds = mw_preprocess_load_folder (&light_model, light, MW_INVERT_YES, &rep, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rep.warning);
  g_assert_nonnull (strstr (rep.warning, "--set invert=no"));
  mw_preprocess_report_clear (&rep);
  mw_dataset_free (ds);

  /* Training (no model yet): auto aims for a dark background. */
  MwFolderLoad load = { 28, 28, 1, -1, FALSE, NULL, NULL, 0, FALSE };
  ds = mw_image_folder_load_with (light, &load, &error);
  g_assert_no_error (error);
  g_assert_true (load.inverted);
  mw_dataset_free (ds);
  load.invert = -1;
  ds = mw_image_folder_load_with (dark, &load, &error);
  g_assert_no_error (error);
  g_assert_false (load.inverted);
  mw_dataset_free (ds);

  /* Stopping works from the first call, while the borders are sampled. */
  g_assert_null (mw_preprocess_load_folder_full (&dark_model, light, MW_INVERT_AUTO, stop_at_once,
                                                 NULL, NULL, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The sinusoid's record takes no images. */
  MwPreprocess none = { 0 };
  g_assert_null (mw_preprocess_load_folder (&none, light, MW_INVERT_AUTO, NULL, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_clear_error (&error);
  remove_tree (light);
  remove_tree (dark);
}

/* Inverting commutes with resampling on most pixels but not all (the filter's
 * rounding): the folder loader must invert first, as the Omniglot loader does.  A
 * gray drawing where the order shows is written, loaded inverted, and compared with
 * invert-then-resample done here. */
static void
test_invert_before_resampling (void)
{
  enum { S = 105, D = 28 };
  static uint8_t src[S * S], inv[S * S];
  uint8_t first[D * D], after[D * D];
  GRand *rand = g_rand_new_with_seed (7);
  gboolean order_shows = FALSE;
  for (int attempt = 0; attempt < 50 && !order_shows; attempt++)
    {
      for (int i = 0; i < S * S; i++)
        {
          src[i] = (uint8_t) g_rand_int_range (rand, 0, 256);
          inv[i] = (uint8_t) (255 - src[i]);
        }
      mw_resample_u8 (inv, S, S, 1, first, D, D);
      mw_resample_u8 (src, S, S, 1, after, D, D);
      for (int i = 0; i < D * D; i++)
        order_shows |= (int) first[i] != 255 - (int) after[i];
    }
  g_rand_free (rand);
  g_assert_true (order_shows);

  g_autofree char *root = g_dir_make_tmp ("mw-preprocess-order-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (root, "noise", NULL);
  g_autofree char *path = g_build_filename (dir, "0.png", NULL);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  write_png (path, S, S, PNG_COLOR_TYPE_GRAY, 8, src, S, FALSE, NULL, 0);
  GError *error = NULL;
  MwDataset *ds = mw_preprocess_load_folder (&omniglot_model, root, MW_INVERT_YES, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (ds->pixels, D * D, first, D * D);
  mw_dataset_free (ds);
  remove_tree (root);
}

/* ---- checkpoints ---- */

static void
folder_config (MwExperimentConfig *c, const char *dir)
{
  mw_experiment_config_init (c, MW_ALGO_PROTONET);
  GError *error = NULL;
  g_assert_true (mw_experiment_config_set (c, "dataset", "folder", &error));
  g_assert_true (mw_experiment_config_set (c, "path", dir, &error));
  g_assert_true (mw_experiment_config_set (c, "image-size", "16", &error));
  g_assert_true (mw_experiment_config_set (c, "ways", "2", &error));
  g_assert_true (mw_experiment_config_set (c, "shots", "1", &error));
  g_assert_true (mw_experiment_config_set (c, "queries", "1", &error));
  g_assert_true (mw_experiment_config_set (c, "filters", "4", &error));
  g_assert_true (mw_experiment_config_set (c, "meta-batch", "1", &error));
  g_assert_no_error (error);
}

static void
assert_same_record (const MwPreprocess *a, const MwPreprocess *b)
{
  g_assert_cmpint (a->height, ==, b->height);
  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->channels, ==, b->channels);
  g_assert_cmpint (a->invert, ==, b->invert);
  g_assert_cmpint (a->dark_background, ==, b->dark_background);
  g_assert_cmpfloat_with_epsilon (a->mean, b->mean, 1e-6);
  g_assert_cmpfloat_with_epsilon (a->border_mean, b->border_mean, 1e-6);
}

static void
test_checkpoint (void)
{
  g_autofree char *light = make_folder (250, 10, 6, 3);
  g_autofree char *tmp = g_dir_make_tmp ("mw-preprocess-ckpt-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "run.mwc", NULL);
  MwExperimentConfig c;
  folder_config (&c, light);
  GError *error = NULL;
  g_autofree char *text = mw_experiment_config_get (&c, "invert");
  g_assert_cmpstr (text, ==, "auto");
  MwRun *run = mw_run_new (&c, &error);
  g_assert_no_error (error);
  /* auto was decided (light paper: inverted) and replaced by the choice. */
  g_assert_cmpint (mw_run_get_config (run)->invert, ==, MW_INVERT_YES);
  MwPreprocess pre = *mw_run_get_preprocess (run);
  g_assert_cmpint (pre.height, ==, 16);
  g_assert_true (pre.invert);
  g_assert_true (pre.dark_background);
  g_assert_cmpfloat (pre.border_mean, <, 0.1);
  g_assert_cmpfloat (pre.mean, >, 0);
  g_assert_true (mw_run_save_checkpoint (run, path, &error));
  g_assert_no_error (error);

  /* The record comes back from the checkpoint, and invert is the recorded yes. */
  MwRun *back = mw_run_new_from_checkpoint (path, &error);
  g_assert_no_error (error);
  assert_same_record (mw_run_get_preprocess (back), &pre);
  g_assert_false (mw_preprocess_equal (mw_run_get_preprocess (back), &omniglot_model));
  g_assert_cmpint (mw_run_get_config (back)->invert, ==, MW_INVERT_YES);
  g_autofree char *shown = mw_preprocess_describe (mw_run_get_preprocess (back));
  g_test_message ("%s", shown);
  g_assert_nonnull (strstr (shown, "16"));
  mw_run_free (back);

  /* The record is what the model was trained on, kept even if the folder changes. */
  g_autofree char *header = mw_checkpoint_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (header, "[preprocess]"));

  /* An older checkpoint: no [preprocess] group and no invert setting.  It loads, the
   * folder is used as it is (not detected), and the record is derived. */
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_assert_true (g_key_file_load_from_data (kf, header, (gsize) -1, G_KEY_FILE_KEEP_COMMENTS,
                                            &error));
  g_assert_true (g_key_file_remove_group (kf, "preprocess", NULL));
  g_assert_true (g_key_file_remove_key (kf, "data", "invert", NULL));
  g_autofree char *old_header = g_key_file_to_data (kf, NULL, NULL);
  g_assert_true (mw_checkpoint_save (path, old_header, mw_run_get_algorithm (run), &error));
  g_assert_no_error (error);
  MwRun *old = mw_run_new_from_checkpoint (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mw_run_get_config (old)->invert, ==, MW_INVERT_NO);
  const MwPreprocess *derived = mw_run_get_preprocess (old);
  g_assert_false (derived->invert);
  g_assert_false (derived->dark_background);
  g_assert_cmpfloat (derived->border_mean, >, 0.9);
  g_assert_cmpint (derived->height, ==, 16);
  mw_run_free (old);

  /* A damaged record is refused with its key named. */
  g_key_file_set_string (kf, "preprocess", "background", "purple");
  for (const char *const *k = (const char *const[]) { "height", "width", "channels", "invert",
                                                       "normalize", "resample", "mean",
                                                       "border-mean", NULL }; *k; k++)
    {
      g_autofree char *v = mw_experiment_config_get (&c, "image-size");
      g_key_file_set_string (kf, "preprocess", *k,
                             g_str_equal (*k, "invert") ? "yes"
                             : g_str_equal (*k, "normalize") ? MW_PREPROCESS_NORMALIZE
                             : g_str_equal (*k, "resample") ? MW_PREPROCESS_RESAMPLE
                             : g_str_equal (*k, "channels") ? "1"
                             : g_str_has_suffix (*k, "mean") ? "0.5" : v);
    }
  g_autofree char *bad_header = g_key_file_to_data (kf, NULL, NULL);
  g_assert_true (mw_checkpoint_save (path, bad_header, mw_run_get_algorithm (run), &error));
  g_assert_null (mw_run_new_from_checkpoint (path, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "background"));
  g_clear_error (&error);

  mw_run_free (run);
  mw_experiment_config_clear (&c);
  remove_tree (tmp);
  remove_tree (light);
}

/* The invert setting reads auto/yes/no and writes them back. */
static void
test_setting (void)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  GError *error = NULL;
  const char *in[] = { "yes", "no", "auto", "true", "0" }, *out[] = { "yes", "no", "auto", "yes", "no" };
  for (guint i = 0; i < G_N_ELEMENTS (in); i++)
    {
      g_assert_true (mw_experiment_config_set (&c, "invert", in[i], &error));
      g_autofree char *v = mw_experiment_config_get (&c, "invert");
      g_assert_cmpstr (v, ==, out[i]);
    }
  g_assert_false (mw_experiment_config_set (&c, "invert", "sometimes", &error));
  g_assert_nonnull (strstr (error->message, "invert"));
  g_clear_error (&error);
  /* Omniglot's record: inverted files, dark background, whatever channels says. */
  mw_experiment_config_set (&c, "dataset", "omniglot", NULL);
  mw_experiment_config_set (&c, "channels", "3", NULL);
  MwPreprocess p;
  mw_preprocess_from_config (&p, &c);
  g_assert_true (p.invert && p.dark_background);
  g_assert_cmpint (p.channels, ==, 1);
  mw_experiment_config_clear (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/preprocess/setting", test_setting);
  g_test_add_func ("/preprocess/auto-detect", test_auto_detect);
  g_test_add_func ("/preprocess/invert-before-resampling", test_invert_before_resampling);
  g_test_add_func ("/preprocess/checkpoint", test_checkpoint);
  g_test_add_func ("/preprocess/omniglot-folder", test_omniglot_folder);
  return g_test_run ();
}
