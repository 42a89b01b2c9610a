/* test-handout.c: handouts (experiment files with a lesson): round trips, the
 * locked settings, plain experiment files, and the messages for bad files. */
#include "mw-core.h"

#include <glib/gstdio.h>
#include <string.h>

static char *tmp_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static void
write_file (const char *path, const char *text, gssize length)
{
  GError *error = NULL;
  g_assert_true (g_file_set_contents (path, text, length, &error));
  g_assert_no_error (error);
}

/* A lesson on 3-way 2-shot glyphs with two settings locked. */
static void
lesson_handout (MwHandout *h)
{
  mw_handout_init (h);
  mw_experiment_config_clear (&h->config);
  mw_experiment_config_init (&h->config, MW_ALGO_PROTONET);
  h->config.ways = 3;
  h->config.shots = 2;
  h->config.seed = 4242;
  h->config.glyph_classes = 40;
  h->config.eval_every = 25;
  g_free (h->title);
  h->title = g_strdup ("Few-shot 少样本 = ways; shots");
  g_free (h->instructions);
  h->instructions = g_strdup ("  Change the shots.\nWatch the accuracy.");
  const char *locked[] = { "algorithm", "ways", NULL };
  g_assert_true (mw_handout_set_locked (h, locked, NULL));
}

static void
assert_same_config (const MwExperimentConfig *a, const MwExperimentConfig *b)
{
  g_autofree char *ta = mw_experiment_config_to_data (a);
  g_autofree char *tb = mw_experiment_config_to_data (b);
  g_assert_cmpstr (ta, ==, tb);
}

static void
test_round_trip (void)
{
  MwHandout h, back;
  GError *error = NULL;
  lesson_handout (&h);
  mw_handout_init (&back);

  g_autofree char *text = mw_handout_to_data (&h);
  /* Desktops recognise the file by its first line (data/…mime.xml), and the
   * teacher reads the lesson before the settings. */
  g_assert_true (g_str_has_prefix (text, "# Meta Workbench experiment"));
  g_assert_nonnull (strstr (text, "[handout]"));
  g_assert_true (strstr (text, "[handout]") < strstr (text, "[experiment]"));
  g_assert_nonnull (strstr (text, "\nversion=1\n"));
  g_assert_nonnull (strstr (text, "\nlocked=algorithm;ways;\n"));

  g_assert_true (mw_handout_load_data (&back, text, -1, "lesson.mwexp", &error));
  g_assert_no_error (error);
  g_assert_true (back.has_lesson);
  g_assert_cmpstr (back.title, ==, h.title);
  g_assert_cmpstr (back.instructions, ==, h.instructions);
  g_assert_cmpuint (g_strv_length (back.locked), ==, 2);
  g_assert_cmpstr (back.locked[0], ==, "algorithm");
  g_assert_cmpstr (back.locked[1], ==, "ways");
  assert_same_config (&back.config, &h.config);
  g_assert_cmpint (back.config.algo.kind, ==, MW_ALGO_PROTONET);
  g_assert_cmpuint (back.config.seed, ==, 4242);
  g_autofree char *again = mw_handout_to_data (&back);
  g_assert_cmpstr (again, ==, text);

  /* Through a file: the same. */
  g_autofree char *path = tmp_path ("lesson.mwexp");
  MwHandout from_file;
  mw_handout_init (&from_file);
  g_assert_true (mw_handout_save (&h, path, &error));
  g_assert_no_error (error);
  g_assert_true (mw_handout_load (&from_file, path, &error));
  g_assert_no_error (error);
  g_autofree char *file_text = mw_handout_to_data (&from_file);
  g_assert_cmpstr (file_text, ==, text);

  mw_handout_clear (&from_file);
  mw_handout_clear (&back);
  mw_handout_clear (&h);
}

static void
test_locked (void)
{
  MwHandout h;
  GError *error = NULL;
  mw_handout_init (&h);
  g_assert_cmpuint (g_strv_length (h.locked), ==, 0);
  g_assert_false (mw_handout_is_locked (&h, "ways"));

  /* Hand-written lists: spaces, repeats and empty items are fine. */
  g_assert_true (mw_handout_load_data (&h,
                                       "[handout]\nversion=1\nlocked= shots ; dataset;shots;;inner-lr\n"
                                       "[episodes]\nshots=4\n", -1, "hand.mwexp", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (h.locked), ==, 3);
  g_assert_true (mw_handout_is_locked (&h, "shots"));
  g_assert_true (mw_handout_is_locked (&h, "dataset"));
  g_assert_true (mw_handout_is_locked (&h, "inner-lr"));
  g_assert_false (mw_handout_is_locked (&h, "ways"));
  g_assert_cmpint (h.config.shots, ==, 4);
  g_assert_cmpstr (h.title, ==, "");

  /* Saved and read back, the same keys in the same order. */
  g_autofree char *text = mw_handout_to_data (&h);
  g_assert_nonnull (strstr (text, "\nlocked=shots;dataset;inner-lr;\n"));

  /* Only settings of experiment files can be locked. */
  g_assert_true (mw_handout_is_setting ("algorithm"));
  g_assert_true (mw_handout_is_setting ("eval-every"));
  g_assert_false (mw_handout_is_setting ("wayz"));
  g_assert_false (mw_handout_is_setting ("experiment"));
  const char *bad[] = { "ways", "wayz", NULL };
  g_assert_false (mw_handout_set_locked (&h, bad, &error));
  g_assert_error (error, MW_HANDOUT_ERROR, MW_HANDOUT_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "'wayz'"));
  g_clear_error (&error);
  g_assert_true (mw_handout_is_locked (&h, "shots"));   /* unchanged */
  mw_handout_clear (&h);
}

/* A translated title is read in the reader's language. */
static void
test_translated_lesson (void)
{
  MwHandout h;
  GError *error = NULL;
  const char *text = "[handout]\nversion=1\ntitle=Shots\ntitle[zh_CN]=样本数\n"
                     "instructions=Try 5 shots.\ninstructions[zh_CN]=试试 5 个样本。\n";
  g_autofree char *saved = g_strdup (g_getenv ("LANGUAGE"));

  mw_handout_init (&h);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_true (mw_handout_load_data (&h, text, -1, "zh.mwexp", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (h.title, ==, "样本数");
  g_assert_cmpstr (h.instructions, ==, "试试 5 个样本。");
  g_setenv ("LANGUAGE", "en", TRUE);
  g_assert_true (mw_handout_load_data (&h, text, -1, "zh.mwexp", &error));
  g_assert_cmpstr (h.title, ==, "Shots");
  if (saved != NULL)
    g_setenv ("LANGUAGE", saved, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  mw_handout_clear (&h);
}

/* Plain experiment files open as handouts without a lesson, and the experiment
 * loader (what `train -c` uses) reads handouts. */
static void
test_experiment_files (void)
{
  MwHandout h, lesson;
  MwExperimentConfig c, d;
  GError *error = NULL;
  g_autofree char *plain = tmp_path ("plain.ini");
  g_autofree char *handout = tmp_path ("handout.mwexp");

  mw_experiment_config_init (&c, MW_ALGO_REPTILE);
  c.shots = 3;
  c.seed = 77;
  g_assert_true (mw_experiment_config_save (&c, plain, &error));
  g_assert_no_error (error);
  mw_handout_init (&h);
  g_free (h.title);
  h.title = g_strdup ("stale");
  g_assert_true (mw_handout_load (&h, plain, &error));
  g_assert_no_error (error);
  g_assert_false (h.has_lesson);
  g_assert_cmpstr (h.title, ==, "");
  g_assert_cmpuint (g_strv_length (h.locked), ==, 0);
  assert_same_config (&h.config, &c);

  lesson_handout (&lesson);
  g_assert_true (mw_handout_save (&lesson, handout, &error));
  g_assert_no_error (error);
  mw_experiment_config_init (&d, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_load (&d, handout, &error));
  g_assert_no_error (error);
  assert_same_config (&d, &lesson.config);
  g_assert_cmpint (d.ways, ==, 3);

  mw_experiment_config_clear (&d);
  mw_experiment_config_clear (&c);
  mw_handout_clear (&lesson);
  mw_handout_clear (&h);
}

typedef struct {
  const char *name;
  const char *text;
  gssize length;
  int code;
  const char *mentions[3];   /* what the message must name besides the file */
} BadFile;

static const BadFile bad_files[] = {
  { "binary", "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, MW_HANDOUT_ERROR_NOT_EXPERIMENT, { "binary" } },
  { "garbage", "Dear students,\nplease bring a pencil.\n", -1, MW_HANDOUT_ERROR_NOT_EXPERIMENT,
    { "not an experiment file" } },
  { "desktop", "[Desktop Entry]\nName=Other\n", -1, MW_HANDOUT_ERROR_NOT_EXPERIMENT,
    { "[experiment]", "[handout]" } },
  { "newer", "[handout]\nversion=2\ntitle=Later\n", -1, MW_HANDOUT_ERROR_VERSION,
    { "[handout]", "version 2" } },
  { "no-version", "[handout]\ntitle=Old\n", -1, MW_HANDOUT_ERROR_VERSION,
    { "[handout]", "version" } },
  { "bad-version", "[handout]\nversion=one\n", -1, MW_HANDOUT_ERROR_VERSION, { "'one'" } },
  { "locked", "[handout]\nversion=1\nlocked=ways;wayz;\n", -1, MW_HANDOUT_ERROR_LOCKED,
    { "locked", "'wayz'" } },
  { "key", "[handout]\nversion=1\ntitel=Typo\n", -1, MW_HANDOUT_ERROR_KEY,
    { "'titel'", "[handout]" } },
  { "setting", "[handout]\nversion=1\n[episodes]\nways=many\n", -1, MW_HANDOUT_ERROR_SETTING,
    { "ways", "many" } },
};

static void
test_bad_file (gconstpointer data)
{
  const BadFile *bad = data;
  MwHandout h;
  GError *error = NULL;
  g_autofree char *name = g_strdup_printf ("%s.mwexp", bad->name);
  g_autofree char *path = tmp_path (name);

  write_file (path, bad->text, bad->length);
  lesson_handout (&h);
  g_assert_false (mw_handout_load (&h, path, &error));
  g_assert_error (error, MW_HANDOUT_ERROR, bad->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  for (int i = 0; i < 3 && bad->mentions[i] != NULL; i++)
    g_assert_nonnull (strstr (error->message, bad->mentions[i]));
  g_clear_error (&error);

  /* Nothing of the bad file got in. */
  g_assert_cmpstr (h.title, ==, "Few-shot 少样本 = ways; shots");
  g_assert_cmpint (h.config.ways, ==, 3);
  g_assert_true (mw_handout_is_locked (&h, "algorithm"));
  mw_handout_clear (&h);
}

static void
test_missing_and_large (void)
{
  MwHandout h;
  GError *error = NULL;
  g_autofree char *missing = tmp_path ("no-such-lesson.mwexp");
  g_autofree char *large = tmp_path ("large.mwexp");
  g_autofree char *big = g_strnfill (MW_HANDOUT_MAX_SIZE + 1, '#');

  mw_handout_init (&h);
  g_assert_false (mw_handout_load (&h, missing, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  write_file (large, big, -1);
  g_assert_false (mw_handout_load (&h, large, &error));
  g_assert_error (error, MW_HANDOUT_ERROR, MW_HANDOUT_ERROR_NOT_EXPERIMENT);
  g_assert_nonnull (strstr (error->message, large));
  g_clear_error (&error);
  mw_handout_clear (&h);
}

/* The path= a saved handout names its dataset by. */
static char *
saved_path (const char *file)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_assert_true (g_key_file_load_from_file (kf, file, G_KEY_FILE_NONE, NULL));
  char *value = g_key_file_get_string (kf, "data", "path", NULL);
  g_assert_nonnull (value);
  return value;
}

static void
make_dir (const char *path)
{
  g_assert_cmpint (g_mkdir_with_parents (path, 0700), ==, 0);
}

/* Deletes @path and everything below it. */
static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (path);
}

static void
save_and_load (const MwHandout *h, const char *file, MwHandout *back)
{
  GError *error = NULL;
  g_assert_true (mw_handout_save (h, file, &error));
  g_assert_no_error (error);
  mw_handout_init (back);
  g_assert_true (mw_handout_load (back, file, &error));
  g_assert_no_error (error);
}

/* A handout names its dataset so that a student's computer finds it: an image folder
 * beside the handout relative to it (the two moved together still fit), another
 * folder by its absolute path, Omniglot and the built-in datasets by name alone;
 * handouts with an absolute path, as older ones have, still load. */
static void
test_portable_dataset (void)
{
  g_autofree char *lesson = tmp_path ("lesson");
  g_autofree char *moved = tmp_path ("lesson-moved");
  g_autofree char *elsewhere = tmp_path ("elsewhere");
  g_autofree char *photos = g_build_filename (lesson, "photos", "animals", NULL);
  g_autofree char *file = g_build_filename (lesson, "lesson.mwexp", NULL);
  g_autofree char *moved_file = g_build_filename (moved, "lesson.mwexp", NULL);
  g_autofree char *moved_photos = g_build_filename (moved, "photos", "animals", NULL);
  MwHandout h, back;
  gboolean absolute = TRUE;
  GError *error = NULL;

  make_dir (photos);
  make_dir (elsewhere);
  lesson_handout (&h);
  h.config.data = MW_DATA_FOLDER;
  g_free (h.config.data_path);
  h.config.data_path = g_strdup (photos);

  /* Beside the handout: relative, and found again after both moved. */
  g_autofree char *portable = mw_handout_portable_path (&h.config, file, &absolute);
  g_assert_cmpstr (portable, ==, "photos/animals");
  g_assert_false (absolute);
  save_and_load (&h, file, &back);
  g_autofree char *written = saved_path (file);
  g_assert_cmpstr (written, ==, "photos/animals");
  g_assert_cmpstr (back.config.data_path, ==, photos);
  g_assert_cmpint (back.config.data, ==, MW_DATA_FOLDER);
  mw_handout_clear (&back);
  g_assert_cmpint (g_rename (lesson, moved), ==, 0);
  mw_handout_init (&back);
  g_assert_true (mw_handout_load (&back, moved_file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (back.config.data_path, ==, moved_photos);
  g_assert_true (g_file_test (back.config.data_path, G_FILE_TEST_IS_DIR));
  mw_handout_clear (&back);

  /* Saved in the image folder itself. */
  g_autofree char *inside = g_build_filename (moved_photos, "lesson.mwexp", NULL);
  g_free (h.config.data_path);
  h.config.data_path = g_strdup (moved_photos);
  save_and_load (&h, inside, &back);
  g_autofree char *written_inside = saved_path (inside);
  g_assert_cmpstr (written_inside, ==, ".");
  g_assert_cmpstr (back.config.data_path, ==, moved_photos);
  mw_handout_clear (&back);

  /* Elsewhere: the absolute path, and the caller is told. */
  g_free (h.config.data_path);
  h.config.data_path = g_strdup (elsewhere);
  g_autofree char *kept = mw_handout_portable_path (&h.config, moved_file, &absolute);
  g_assert_true (absolute);
  g_assert_cmpstr (kept, ==, elsewhere);
  save_and_load (&h, moved_file, &back);
  g_autofree char *written_abs = saved_path (moved_file);
  g_assert_cmpstr (written_abs, ==, elsewhere);
  g_assert_cmpstr (back.config.data_path, ==, elsewhere);
  mw_handout_clear (&back);

  /* Omniglot by name: the teacher's folder is not written. */
  h.config.data = MW_DATA_OMNIGLOT;
  g_free (h.config.data_path);
  h.config.data_path = g_strdup ("/home/teacher/omniglot");
  save_and_load (&h, moved_file, &back);
  g_autofree char *written_omniglot = saved_path (moved_file);
  g_assert_cmpstr (written_omniglot, ==, "");
  g_assert_cmpint (back.config.data, ==, MW_DATA_OMNIGLOT);
  g_assert_cmpstr (back.config.data_path, ==, "");
  mw_handout_clear (&back);

  /* Built-in: no path at all. */
  h.config.data = MW_DATA_SINUSOID;
  save_and_load (&h, moved_file, &back);
  g_autofree char *written_builtin = saved_path (moved_file);
  g_assert_cmpstr (written_builtin, ==, "");
  g_assert_cmpint (back.config.data, ==, MW_DATA_SINUSOID);
  mw_handout_clear (&back);
  mw_handout_clear (&h);

  /* An older handout's absolute path loads as it is, there or not. */
  static const char old[] = "[handout]\nversion=1\n[data]\ndataset=folder\n"
                            "path=/home/teacher/photos\n";
  write_file (moved_file, old, -1);
  mw_handout_init (&back);
  g_assert_true (mw_handout_load (&back, moved_file, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (back.config.data_path, ==, "/home/teacher/photos");
  mw_handout_clear (&back);

  remove_tree (moved);
  remove_tree (elsewhere);
}

/* Omniglot on this computer: the folder last used, MW_OMNIGLOT_DIR, the data
 * folder's meta-workbench/omniglot; only a folder that holds it counts. */
static void
test_find_omniglot (void)
{
  g_autofree char *used = tmp_path ("used-omniglot");
  g_autofree char *from_env = tmp_path ("env-omniglot");
  g_autofree char *in_data = g_build_filename (g_get_user_data_dir (), "meta-workbench",
                                               "omniglot", NULL);
  g_autofree char *zip = g_build_filename (used, "images_background.zip", NULL);
  g_autofree char *extracted = g_build_filename (from_env, "images_background", NULL);
  g_autofree char *data_zip = g_build_filename (in_data, "images_background.zip", NULL);
  g_autofree char *empty = tmp_path ("empty-folder");

  g_unsetenv ("MW_OMNIGLOT_DIR");
  make_dir (empty);
  g_assert_null (mw_handout_find_omniglot (NULL));
  g_assert_null (mw_handout_find_omniglot (empty));

  make_dir (in_data);
  write_file (data_zip, "PK", -1);
  g_autofree char *found_data = mw_handout_find_omniglot (empty);
  g_assert_cmpstr (found_data, ==, in_data);

  make_dir (extracted);
  g_setenv ("MW_OMNIGLOT_DIR", from_env, TRUE);
  g_autofree char *found_env = mw_handout_find_omniglot (NULL);
  g_assert_cmpstr (found_env, ==, from_env);

  make_dir (used);
  write_file (zip, "PK", -1);
  g_autofree char *found_used = mw_handout_find_omniglot (used);
  g_assert_cmpstr (found_used, ==, used);

  g_unsetenv ("MW_OMNIGLOT_DIR");
  remove_tree (used);
  remove_tree (from_env);
  remove_tree (empty);
  g_autofree char *data_home = tmp_path ("data");
  remove_tree (data_home);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  tmp_dir = g_dir_make_tmp ("mw-handout-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  /* The data folder Omniglot may be in: a fresh one, before GLib reads it. */
  g_autofree char *data_home = tmp_path ("data");
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_test_add_func ("/handout/round-trip", test_round_trip);
  g_test_add_func ("/handout/locked", test_locked);
  g_test_add_func ("/handout/translated-lesson", test_translated_lesson);
  g_test_add_func ("/handout/experiment-files", test_experiment_files);
  for (gsize i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/handout/bad-file/%s", bad_files[i].name);
      g_test_add_data_func (test_path, &bad_files[i], test_bad_file);
    }
  g_test_add_func ("/handout/missing-and-large", test_missing_and_large);
  g_test_add_func ("/handout/portable-dataset", test_portable_dataset);
  g_test_add_func ("/handout/find-omniglot", test_find_omniglot);
  int status = g_test_run ();

  /* Leave nothing behind. */
  GDir *dir = g_dir_open (tmp_dir, 0, NULL);
  const char *name;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = tmp_path (name);
      g_unlink (path);
    }
  if (dir != NULL)
    g_dir_close (dir);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return status;
}
