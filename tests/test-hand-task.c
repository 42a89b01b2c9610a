/* test-hand-task.c: a hand-built task from a generated folder that also holds a corrupt
 * PNG, a text file and a class of one image.  The folder loads in the background path
 * (with progress and cancellation), the unusable files are listed with their reasons,
 * the task is sampled, edited, saved, reopened unchanged, built into tensors that show
 * the right images, refused with a clear message when it is inconsistent, and a
 * learner adapts on it.  Manifests of several tasks round-trip and old ones load. */
#include "image-writer.h"
#include "mw-core.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

static char *root;

/* A 20 × 20 gray image: class "bars" has a vertical bar, class "blocks" a filled
 * square, class "rings" an outlined square, each shifted by `shift` pixels. */
static void
write_shape (const char *cls, const char *file, int kind, int shift, gboolean jpeg)
{
  uint8_t px[400];
  for (int y = 0; y < 20; y++)
    for (int x = 0; x < 20; x++)
      {
        int xs = x - shift, ys = y - shift;
        gboolean ink = kind == 0 ? (xs >= 8 && xs < 12)
                     : kind == 1 ? (xs >= 5 && xs < 15 && ys >= 5 && ys < 15)
                     : ((xs == 4 || xs == 15) && ys >= 4 && ys <= 15) || ((ys == 4 || ys == 15) && xs >= 4 && xs <= 15);
        px[y * 20 + x] = ink ? 255 : 0;
      }
  g_autofree char *dir = g_build_filename (root, cls, NULL);
  g_mkdir_with_parents (dir, 0755);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  if (jpeg)
    write_jpeg (path, 20, 20, 1, px);
  else
    write_png (path, 20, 20, PNG_COLOR_TYPE_GRAY, 8, px, 20, FALSE, NULL, 0);
}

static void
make_folder (void)
{
  root = g_dir_make_tmp ("mw-hand-task-XXXXXX", NULL);
  const char *classes[] = { "bars", "blocks", "rings" };
  for (int c = 0; c < 3; c++)
    for (int i = 0; i < 6; i++)
      {
        g_autofree char *name = g_strdup_printf ("%02d.%s", i, i % 2 ? "jpg" : "png");
        write_shape (classes[c], name, c, i - 3, i % 2);
      }
  write_shape ("lonely", "only.png", 0, 0, FALSE);
  g_autofree char *corrupt = g_build_filename (root, "bars", "broken.png", NULL);
  g_assert_true (g_file_set_contents (corrupt, "\x89PNG\r\n\x1a\nthis is not a PNG", -1, NULL));
  g_autofree char *text = g_build_filename (root, "blocks", "notes.txt", NULL);
  g_assert_true (g_file_set_contents (text, "a text file among the images\n", -1, NULL));
}

static void
remove_tree (const char *path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  const char *n;
  while (d != NULL && (n = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, n, NULL);
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  if (d != NULL)
    g_dir_close (d);
  g_rmdir (path);
}

typedef struct {
  int calls, last_done, last_total, stop_at;
} Progress;

static gboolean
on_progress (int done, int total, gpointer data)
{
  Progress *p = data;
  p->calls++;
  g_assert_cmpint (done, >=, p->last_done);
  p->last_done = done;
  p->last_total = total;
  return p->stop_at == 0 || done < p->stop_at;
}

static const MwSkippedFile *
skipped (const MwDataset *ds, const char *suffix)
{
  for (guint i = 0; i < ds->skipped->len; i++)
    {
      const MwSkippedFile *s = ds->skipped->pdata[i];
      if (g_str_has_suffix (s->path, suffix))
        return s;
    }
  return NULL;
}

static int
class_of (const MwDataset *ds, const char *name)
{
  for (int c = 0; c < ds->n_classes; c++)
    if (g_str_equal (ds->class_names[c], name))
      return c;
  return -1;
}

static void
test_hand_task (void)
{
  GError *error = NULL;
  Progress p = { 0 };
  MwDataset *ds = mw_image_folder_load_full (root, 20, 20, 1, on_progress, &p, &error);
  g_assert_no_error (error);
  g_assert_cmpint (p.last_done, ==, p.last_total);
  g_assert_cmpint (p.last_total, ==, 3 * 6 + 1 + 2);   /* every file, usable or not */
  g_assert_cmpint (ds->n_classes, ==, 4);
  g_assert_nonnull (skipped (ds, "broken.png"));
  g_assert_nonnull (skipped (ds, "notes.txt"));
  g_test_message ("broken.png: %s; notes.txt: %s", skipped (ds, "broken.png")->reason,
                  skipped (ds, "notes.txt")->reason);

  /* Sampling refuses the one-image class by name. */
  MwHandTask *t = mw_hand_task_new (root);
  MwRng rng;
  mw_rng_init (&rng, 1, 0);
  int with_lonely[2] = { class_of (ds, "bars"), class_of (ds, "lonely") };
  g_assert_false (mw_hand_task_sample (t, ds, with_lonely, 2, 1, 1, &rng, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_TOO_SMALL);
  g_assert_nonnull (strstr (error->message, "lonely"));
  g_clear_error (&error);
  g_assert_false (mw_hand_task_sample (t, ds, NULL, 9, 1, 1, &rng, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_clear_error (&error);

  /* Sample 3-way 2-shot 2-query on the rest, then edit by hand. */
  int three[3] = { class_of (ds, "bars"), class_of (ds, "blocks"), class_of (ds, "rings") };
  g_assert_true (mw_hand_task_sample (t, ds, three, 3, 2, 2, &rng, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (t->classes->len, ==, 3);
  MwHandClass *bars = mw_hand_task_class (t, "bars");
  g_autofree char *moved = g_strdup (bars->query->pdata[0]);
  mw_hand_task_set_role (t, "bars", moved, MW_HAND_ROLE_NONE);
  g_assert_cmpint (mw_hand_task_get_role (t, "bars", moved), ==, MW_HAND_ROLE_NONE);
  mw_hand_task_set_role (t, "bars", moved, MW_HAND_ROLE_QUERY);
  g_assert_cmpint (mw_hand_task_get_role (t, "bars", moved), ==, MW_HAND_ROLE_QUERY);

  /* Save next to the images, reopen: the same task. */
  g_autofree char *manifest = g_build_filename (root, MW_HAND_TASK_FILE_NAME, NULL);
  g_assert_true (mw_hand_task_save (t, manifest, &error));
  g_assert_no_error (error);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (manifest, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "folder=.\n"));
  MwHandTask *u = mw_hand_task_load (manifest, &error);
  g_assert_no_error (error);
  g_autofree char *canonical = g_canonicalize_filename (root, NULL);
  g_assert_cmpstr (u->folder, ==, canonical);
  g_assert_cmpuint (u->classes->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      MwHandClass *a = t->classes->pdata[i], *b = u->classes->pdata[i];
      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpuint (a->support->len, ==, b->support->len);
      g_assert_cmpuint (a->query->len, ==, b->query->len);
      for (guint k = 0; k < a->support->len; k++)
        g_assert_cmpstr (a->support->pdata[k], ==, b->support->pdata[k]);
      for (guint k = 0; k < a->query->len; k++)
        g_assert_cmpstr (a->query->pdata[k], ==, b->query->pdata[k]);
    }

  /* Built: rows show the files they claim to. */
  MwHandEpisode *e = mw_hand_task_build (u, ds, &error);
  g_assert_no_error (error);
  g_assert_cmpint (e->task.ways, ==, 3);
  g_assert_cmpint (e->task.shots, ==, 2);
  g_assert_cmpint (e->support_x->shape[0], ==, 6);
  g_assert_cmpint (e->query_x->shape[0], ==, 6);
  float img[400];
  for (int r = 0; r < 6; r++)
    {
      mw_dataset_copy_image (ds, e->query_class[r], e->query_item[r], img);
      g_assert_cmpmem (img, sizeof img, e->query_x->data + r * 400, sizeof img);
      g_assert_cmpstr (ds->class_names[e->query_class[r]], ==,
                       ((MwHandClass *) u->classes->pdata[e->query_labels[r]])->name);
    }

  /* A learner adapts on it (ProtoNets on random features already separates these
   * shapes; the point is that the task runs end to end). */
  MwEpisodeTrace trace;
  MwExperimentConfig cfg;
  mw_experiment_config_init (&cfg, MW_ALGO_PROTONET);
  cfg.algo.filters = 8;
  cfg.image_size = 20;
  cfg.glyph_classes = 30;
  cfg.glyph_samples = 8;
  cfg.iterations = 0;
  MwRun *run = mw_run_new (&cfg, &error);
  g_assert_no_error (error);
  g_assert_true (mw_inspect_episode (mw_run_get_algorithm (run), &e->task, 0, &trace, &error));
  g_assert_no_error (error);
  g_assert_true (trace.measured[0]);
  g_assert_true (isfinite (trace.accuracy[0]));
  g_test_message ("untrained ProtoNets on the hand task: %.0f%% of %d queries", 100 * trace.accuracy[0],
                  trace.n_query);
  mw_episode_trace_clear (&trace);
  mw_run_free (run);
  mw_experiment_config_clear (&cfg);
  mw_hand_episode_free (e);

  /* Inconsistent tasks are refused with the reason. */
  mw_hand_task_set_role (u, "blocks", ((MwHandClass *) u->classes->pdata[1])->support->pdata[0],
                         MW_HAND_ROLE_QUERY);
  g_assert_null (mw_hand_task_build (u, ds, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_assert_nonnull (strstr (error->message, "blocks"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  mw_hand_task_free (u);

  u = mw_hand_task_new (root);
  mw_hand_task_set_role (u, "bars", "broken.png", MW_HAND_ROLE_SUPPORT);
  mw_hand_task_set_role (u, "bars", "00.png", MW_HAND_ROLE_QUERY);
  mw_hand_task_set_role (u, "rings", "00.png", MW_HAND_ROLE_SUPPORT);
  g_assert_null (mw_hand_task_build (u, ds, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "broken.png cannot be used"));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  mw_hand_task_free (u);

  u = mw_hand_task_new (root);
  mw_hand_task_set_role (u, "bars", "00.png", MW_HAND_ROLE_SUPPORT);
  g_assert_null (mw_hand_task_build (u, ds, &error));
  g_assert_nonnull (strstr (error->message, "at least 2 classes"));
  g_clear_error (&error);
  mw_hand_task_set_role (u, "rings", "00.png", MW_HAND_ROLE_SUPPORT);
  g_assert_null (mw_hand_task_build (u, ds, &error));
  g_assert_nonnull (strstr (error->message, "no query"));
  g_clear_error (&error);
  mw_hand_task_free (u);
  mw_hand_task_free (t);
  mw_dataset_free (ds);
}

static void
test_cancel_and_bad_manifests (void)
{
  GError *error = NULL;
  Progress p = { .stop_at = 1 };
  g_assert_null (mw_image_folder_load_full (root, 20, 20, 1, on_progress, &p, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CANCELLED);
  g_clear_error (&error);

  g_autofree char *bad = g_build_filename (root, "bad.ini", NULL);
  const char *cases[][2] = {
    { "not a key file at all [", "bad.ini" },
    { "[task]\nversion=7\nfolder=.\nclasses=1\n", "version 7" },
    { "[task]\nversion=1\nfolder=.\nclasses=2\n[class 1]\nname=a\nsupport=\nquery=\n", "class 2" },
    { "[task]\nversion=1\nfolder=.\nclasses=2\n[class 1]\nname=a\nsupport=\nquery=\n"
      "[class 2]\nname=a\nsupport=\nquery=\n", "twice" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (g_file_set_contents (bad, cases[i][0], -1, NULL));
      g_assert_null (mw_hand_task_load (bad, &error));
      g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i][1]));
      g_clear_error (&error);
    }
  g_autofree char *missing = g_build_filename (root, "nothing-here.ini", NULL);
  g_assert_null (mw_hand_task_load (missing, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

/* Several tasks in one manifest (version 2) come back as saved: names, folders (one
 * inside the manifest's folder, written relative, one outside it, written absolute),
 * classes and roles; a version 1 manifest loads as one unnamed task; a manifest of
 * several is refused where one task is asked for; broken task groups are named. */
static void
test_several_tasks (void)
{
  GError *error = NULL;
  g_autofree char *other = g_dir_make_tmp ("mw-hand-task-other-XXXXXX", NULL);
  g_autoptr (GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) mw_hand_task_free);
  MwHandTask *a = mw_hand_task_new (root), *b = mw_hand_task_new (other);
  a->name = g_strdup ("shapes");
  b->name = g_strdup ("elsewhere, with a comma");
  mw_hand_task_set_role (a, "bars", "00.png", MW_HAND_ROLE_SUPPORT);
  mw_hand_task_set_role (a, "bars", "02.png", MW_HAND_ROLE_QUERY);
  mw_hand_task_set_role (a, "rings", "00.png", MW_HAND_ROLE_SUPPORT);
  mw_hand_task_set_role (a, "rings", "01.jpg", MW_HAND_ROLE_QUERY);
  mw_hand_task_set_role (a, "rings", "04.png", MW_HAND_ROLE_QUERY);
  /* The same class name in another task is another class. */
  mw_hand_task_set_role (b, "bars", "x.png", MW_HAND_ROLE_SUPPORT);
  mw_hand_task_set_role (b, "blocks", "y.png", MW_HAND_ROLE_SUPPORT);
  mw_hand_task_set_role (b, "blocks", "z.png", MW_HAND_ROLE_QUERY);
  g_ptr_array_add (tasks, a);
  g_ptr_array_add (tasks, b);
  g_autofree char *parent = g_path_get_dirname (root);
  g_autofree char *manifest = g_build_filename (parent, "mw-hand-task-set.ini", NULL);
  g_assert_true (mw_hand_task_save_all (tasks, manifest, &error));
  g_assert_no_error (error);
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (manifest, &text, NULL, NULL));
  g_autofree char *base = g_path_get_basename (root);
  g_autofree char *relative = g_strdup_printf ("folder=%s\n", base);
  g_assert_nonnull (strstr (text, relative));

  g_autoptr (GPtrArray) back = mw_hand_task_load_all (manifest, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const MwHandTask *t = tasks->pdata[i], *u = back->pdata[i];
      g_assert_cmpstr (t->name, ==, u->name);
      g_autofree char *canonical = g_canonicalize_filename (t->folder, NULL);
      g_assert_cmpstr (u->folder, ==, canonical);
      g_assert_cmpuint (t->classes->len, ==, u->classes->len);
      for (guint c = 0; c < t->classes->len; c++)
        {
          const MwHandClass *x = t->classes->pdata[c], *y = u->classes->pdata[c];
          g_assert_cmpstr (x->name, ==, y->name);
          g_assert_cmpuint (x->support->len, ==, y->support->len);
          g_assert_cmpuint (x->query->len, ==, y->query->len);
          for (guint k = 0; k < x->support->len; k++)
            g_assert_cmpstr (x->support->pdata[k], ==, y->support->pdata[k]);
          for (guint k = 0; k < x->query->len; k++)
            g_assert_cmpstr (x->query->pdata[k], ==, y->query->pdata[k]);
        }
    }
  /* The first task still builds against its folder. */
  MwDataset *ds = mw_image_folder_load (root, 20, 20, 1, &error);
  g_assert_no_error (error);
  MwHandEpisode *e = mw_hand_task_build (back->pdata[0], ds, &error);
  g_assert_no_error (error);
  g_assert_cmpint (e->task.ways, ==, 2);
  g_assert_cmpint (e->query_x->shape[0], ==, 3);
  mw_hand_episode_free (e);
  mw_dataset_free (ds);

  g_assert_null (mw_hand_task_load (manifest, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "2 tasks"));
  g_clear_error (&error);

  /* An old manifest, as version 1 wrote it: one task, no name. */
  g_autofree char *old = g_build_filename (root, "old.ini", NULL);
  g_assert_true (g_file_set_contents (old, "[task]\nversion=1\nfolder=.\nclasses=2\n\n[class 1]\n"
                                      "name=bars\nsupport=00.png;\nquery=02.png;\n\n[class 2]\n"
                                      "name=blocks\nsupport=00.png;\nquery=\n", -1, NULL));
  g_autoptr (GPtrArray) one = mw_hand_task_load_all (old, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_null (((MwHandTask *) one->pdata[0])->name);
  g_assert_cmpuint (((MwHandTask *) one->pdata[0])->classes->len, ==, 2);
  MwHandTask *single = mw_hand_task_load (old, &error);
  g_assert_no_error (error);
  mw_hand_task_free (single);

  const char *cases[][2] = {
    { "[task]\nversion=2\ntasks=2\n[task 1]\nname=a\nfolder=.\nclasses=0\n", "[task 2]" },
    { "[task]\nversion=2\ntasks=2\n[task 1]\nname=a\nfolder=.\nclasses=0\n"
      "[task 2]\nname=a\nfolder=.\nclasses=0\n", "twice" },
    { "[task]\nversion=2\ntasks=1\n[task 1]\nname=\nfolder=.\nclasses=0\n", "empty name" },
    { "[task]\nversion=2\ntasks=1\n[task 1]\nname=a\nfolder=.\nclasses=1\n", "[task 1 class 1]" },
    { "[task]\nversion=2\ntasks=-1\n", "'tasks'" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (g_file_set_contents (old, cases[i][0], -1, NULL));
      g_assert_null (mw_hand_task_load_all (old, &error));
      g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i][1]));
      g_clear_error (&error);
    }
  g_unlink (old);
  g_unlink (manifest);
  g_rmdir (other);
}

/* A manifest named by a relative path (as `eval --tasks tasks.ini` names it) resolves its
 * tasks' folders against the manifest's folder, as one named by an absolute path does. */
static void
test_relative_manifest_path (void)
{
  GError *error = NULL;
  g_autofree char *saved_cwd = g_get_current_dir ();
  g_autofree char *parent = g_path_get_dirname (root);
  g_autofree char *manifest = g_build_filename (parent, "mw-hand-task-relative.ini", NULL);
  g_autofree char *canonical = g_canonicalize_filename (root, NULL);
  g_autoptr (GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) mw_hand_task_free);
  MwHandTask *a = mw_hand_task_new (root);
  a->name = g_strdup ("shapes");
  mw_hand_task_set_role (a, "bars", "00.png", MW_HAND_ROLE_SUPPORT);
  mw_hand_task_set_role (a, "bars", "02.png", MW_HAND_ROLE_QUERY);
  mw_hand_task_set_role (a, "rings", "00.png", MW_HAND_ROLE_SUPPORT);
  g_ptr_array_add (tasks, a);
  g_assert_true (mw_hand_task_save_all (tasks, manifest, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_chdir (parent), ==, 0);
  const char *names[] = { "mw-hand-task-relative.ini", "./mw-hand-task-relative.ini" };
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr (GPtrArray) back = mw_hand_task_load_all (names[i], &error);
      g_assert_no_error (error);
      g_assert_cmpuint (back->len, ==, 1);
      g_assert_cmpstr (((MwHandTask *) back->pdata[0])->folder, ==, canonical);
    }
  /* A version 1 manifest beside its images, named by its bare name. */
  g_autofree char *old = g_build_filename (root, "relative-old.ini", NULL);
  g_assert_true (g_file_set_contents (old, "[task]\nversion=1\nfolder=.\nclasses=1\n\n[class 1]\n"
                                      "name=bars\nsupport=00.png;\nquery=02.png;\n", -1, NULL));
  g_assert_cmpint (g_chdir (root), ==, 0);
  MwHandTask *single = mw_hand_task_load ("relative-old.ini", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (single->folder, ==, canonical);
  mw_hand_task_free (single);

  g_assert_cmpint (g_chdir (saved_cwd), ==, 0);
  g_unlink (old);
  g_unlink (manifest);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  make_folder ();
  g_test_add_func ("/hand-task/sample-edit-save-build", test_hand_task);
  g_test_add_func ("/hand-task/cancel-and-bad-manifests", test_cancel_and_bad_manifests);
  g_test_add_func ("/hand-task/several-tasks", test_several_tasks);
  g_test_add_func ("/hand-task/relative-manifest-path", test_relative_manifest_path);
  int status = g_test_run ();
  remove_tree (root);
  g_free (root);
  return status;
}
