/* test-reliability.c: through the real window, bad input, faults and long use lose
 * nothing.
 *
 *   /reliability/kill-and-continue  the application killed (SIGKILL) while a
 *       run trains (in a child process of this program); a fresh start shows
 *       the run interrupted with its points; Continue finishes it and the
 *       metrics have every iteration once. Screenshot reliability-interrupted.
 *   /reliability/broken-images      a folder with corrupt, truncated, empty,
 *       huge-header and non-image files: the run trains on the rest and names
 *       every skipped file. Screenshot reliability-skipped.
 *   /reliability/bad-folders        empty and missing folders, a class with
 *       too few images: only that run fails, naming the folder or class.
 *   /reliability/bad-settings       K = 0, N > classes, negative or NaN
 *       learning rates: the form names the setting and Start is off.
 *   /reliability/nan-mid-run        a diverging run stops with the message
 *       while another keeps training; its curves and checkpoint stay.
 *   /reliability/memory-budget      settings that would need terabytes: the
 *       form shows the estimate and refuses them naming the settings, while
 *       another run keeps training. Screenshot reliability-memory-budget.
 *   /reliability/bad-files          truncated and foreign checkpoints and
 *       experiment files opened in the window: a message naming each.
 *   /reliability/full-disk          the runs on a 600 KiB tmpfs (a child in
 *       its own mount namespace) fill it: the run stops naming the file, the
 *       earlier checkpoint still loads. Skipped where nothing can be mounted.
 *   /reliability/soak               100 runs started and stopped through the
 *       window's actions: the list is right, the window responds, RSS and open
 *       descriptors stay within a small bound (printed).
 *
 * Environment: as the other UI tests (tests/ui/meson.build); MW_RELIABILITY_CHILD
 * selects a child's part ("train", "full-disk") when this program runs itself.
 */

#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"
#include "image-writer.h"

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-run-list.h"
#include "mw-run-manager.h"
#include "mw-run-row.h"
#include "mw-run-view.h"
#include "mw-window.h"

#define WAIT_TIMEOUT_SECONDS 240

static MwApplication *app;
static MwWindow *window;
static MwRunManager *manager;
static MwExperimentForm *form;
static MwRunView *view;
static MwRunList *list;
static char *data_home;      /* XDG_DATA_HOME: the runs live under it */
static char *work_dir;       /* datasets and broken files */

/* --- helpers ------------------------------------------------------------------- */

static void
wait_until (MwTestCondition  condition,
            gpointer         data,
            const char      *what)
{
  mw_test_wait_until (condition, data, WAIT_TIMEOUT_SECONDS, what);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static void
open_app (void)
{
  g_autoptr(GError) error = NULL;

  app = mw_application_new ();
  /* The killed child and this process share no bus name. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = MW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  wait_until (is_mapped, window, "the main window to map");

  manager = mw_application_get_run_manager (app);
  form = MW_EXPERIMENT_FORM (mw_window_get_experiment_form (window));
  view = MW_RUN_VIEW (mw_window_get_run_view (window));
  list = MW_RUN_LIST (mw_window_get_run_list (window));
  wait_until ((MwTestCondition) mw_run_manager_get_loaded, manager, "the saved runs to load");
}

/* Each test can also run alone (-p): the application opens on first use. */
static void
ensure_app (void)
{
  if (app == NULL)
    open_app ();
}

static guint
n_runs (void)
{
  return g_list_model_get_n_items (mw_run_manager_get_runs (manager));
}

static MwRunItem *
run_at (guint i)
{
  g_autoptr(MwRunItem) item = g_list_model_get_item (mw_run_manager_get_runs (manager), i);

  return item;   /* the model keeps it alive */
}

static gboolean
action_enabled (const char *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

static void
activate (const char *name)
{
  g_assert_true (action_enabled (name));
  g_action_group_activate_action (G_ACTION_GROUP (window), name, NULL);
}

/* Starts a run through win.start (F5); returns it. */
static MwRunItem *
start_run (void)
{
  guint before = n_runs ();

  activate ("start");
  g_assert_cmpuint (n_runs (), ==, before + 1);
  return run_at (before);
}

typedef struct {
  MwRunItem *item;
  MwRunState state;
} StateWanted;

static gboolean
in_state (gpointer data)
{
  StateWanted *w = data;

  return mw_run_item_get_state (w->item) == w->state;
}

static void
wait_for_state (MwRunItem  *item,
                MwRunState  state,
                const char *what)
{
  StateWanted w = { item, state };

  wait_until (in_state, &w, what);
}

static gboolean
run_ended (gpointer item)
{
  return MW_RUN_STATE_IS_FINAL (mw_run_item_get_state (item));
}

static gsize
n_loss (MwRunItem *item)
{
  return mw_run_view_get_n_points (view, mw_run_item_get_id (item), "train_loss");
}

static char *
run_file (MwRunItem  *item,
          const char *name)
{
  return g_build_filename (mw_run_manager_get_run_dir (manager, item), name, NULL);
}

/* A tiny glyph run (seconds on a busy 2-core machine). */
static void
set_tiny_config (int iterations)
{
  mw_experiment_form_set_algorithm (form, MW_ALGO_FOMAML);
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  mw_experiment_form_set_value (form, "ways", 5);
  mw_experiment_form_set_value (form, "shots", 1);
  mw_experiment_form_set_value (form, "queries", 2);
  mw_experiment_form_set_value (form, "iterations", iterations);
  mw_experiment_form_set_value (form, "meta-batch", 2);
  mw_experiment_form_set_value (form, "inner-steps", 1);
  mw_experiment_form_set_extra (form, "eval-every", "10");
  mw_experiment_form_set_extra (form, "val-episodes", "10");
  mw_experiment_form_set_extra (form, "glyph-classes", "30");
  mw_experiment_form_set_extra (form, "filters", "8");
  mw_experiment_form_set_extra (form, "threads", "1");
  mw_experiment_form_set_extra (form, "checkpoint-every", NULL);
  mw_experiment_form_set_extra (form, "train-fraction", NULL);
  g_assert_true (mw_experiment_form_get_valid (form));
}

/* The iterations of the rows of metrics.csv, in order. */
static GArray *
metrics_iterations (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GArray *its = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return its;
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    if (g_ascii_isdigit (lines[i][0]))
      {
        gint64 it = g_ascii_strtoll (lines[i], NULL, 10);
        g_array_append_val (its, it);
      }
  return its;
}

static char *
self_exe (void)
{
  char *path = g_file_read_link ("/proc/self/exe", NULL);

  g_assert_nonnull (path);
  return path;
}

/* The first run folder under @runs_dir with a checkpoint, or NULL. */
static char *
find_checkpoint (const char *runs_dir)
{
  g_autoptr(GDir) d = g_dir_open (runs_dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      char *path = g_build_filename (runs_dir, name, "checkpoint.mwc", NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }
  return NULL;
}

static GtkWidget *
find_button_with_action (GtkWidget  *widget,
                         const char *action)
{
  if (GTK_IS_ACTIONABLE (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button_with_action (c, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* --- 1. kill -9 while training, then Continue ---------------------------------- */

#define CRASH_ITERATIONS 160

/* The child: the real application training a run, until it is killed. */
static int
child_train (void)
{
  MwRunItem *item;

  open_app ();
  set_tiny_config (CRASH_ITERATIONS);
  mw_experiment_form_set_extra (form, "checkpoint-every", "20");
  item = start_run ();
  wait_for_state (item, MW_RUN_STATE_RUNNING, "the child's run to train");
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 1;
}

static GPid
spawn_child (const char *part,
             const char *xdg_data_home)
{
  g_autofree char *exe = self_exe ();
  char *argv[] = { exe, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  GPid pid;

  envp = g_environ_setenv (envp, "MW_RELIABILITY_CHILD", part, TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", xdg_data_home, TRUE);
  g_assert_true (g_spawn_async (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &pid, &error));
  g_assert_no_error (error);
  return pid;
}

static void
test_kill_and_continue (void)
{
  g_autofree char *runs_dir = g_build_filename (data_home, "meta-workbench", "runs", NULL);
  g_autofree char *checkpoint = NULL;
  g_autofree char *metrics = NULL;
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  GtkWidget *row, *button;
  MwRunItem *item;
  gint64 deadline;
  int status;
  GPid pid;

  g_assert_null (app);
  pid = spawn_child ("train", data_home);
  deadline = g_get_monotonic_time ()
             + WAIT_TIMEOUT_SECONDS * mw_test_slowdown () * G_USEC_PER_SEC;
  while ((checkpoint = find_checkpoint (runs_dir)) == NULL && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  g_assert_nonnull (checkpoint);
  g_usleep (300 * 1000);   /* some rows past the checkpoint, maybe unflushed */
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_spawn_close_pid (pid);

  {
    g_autofree char *dir = g_path_get_dirname (checkpoint);

    metrics = g_build_filename (dir, "metrics.csv", NULL);
  }
  before = metrics_iterations (metrics);
  g_test_message ("killed with %u metrics rows on disk", before->len);
  /* Flushed before each checkpoint: the rows reach it. */
  g_assert_cmpuint (before->len, >=, 20);
  g_assert_cmpint (g_array_index (before, gint64, before->len - 1), <, CRASH_ITERATIONS);

  /* A fresh start on the same folder. */
  open_app ();
  g_assert_cmpuint (n_runs (), ==, 1);
  item = run_at (0);
  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_STOPPED);
  g_assert_true (mw_run_item_get_interrupted (item));
  g_assert_cmpstr (mw_run_item_get_state_label (item), ==, _("Interrupted"));
  g_assert_null (mw_run_item_get_error_message (item));
  g_assert_true (mw_run_item_get_resumable (item));
  g_assert_cmpuint (n_loss (item), >=, 20);
  g_assert_cmpstr (mw_run_view_get_status_text (view), ==, _("Interrupted"));
  if (mw_test_variant_suffix () == NULL)
    g_assert_cmpstr (_("Interrupted"), ==, "Interrupted");

  /* The row offers Continue, as a button the user sees. */
  row = mw_run_list_get_row (list, item);
  g_assert_nonnull (row);
  button = find_button_with_action (row, "row.continue");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));
  mw_test_save_screenshot (GTK_WIDGET (window), "reliability-interrupted");

  /* Continue, as clicking the button does. */
  g_assert_true (gtk_widget_activate_action (button, "row.continue", NULL));
  g_assert_false (mw_run_item_get_resumable (item));
  g_assert_false (mw_run_item_get_interrupted (item));
  wait_until (run_ended, item, "the continued run to end");
  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_FINISHED);
  g_assert_false (mw_run_item_get_resumable (item));
  g_assert_cmpint (mw_run_item_get_iteration (item), ==, CRASH_ITERATIONS);

  /* Every iteration once: the curves and the metrics file. */
  g_assert_cmpuint (n_loss (item), ==, CRASH_ITERATIONS);
  for (gsize i = 0; i < CRASH_ITERATIONS; i++)
    {
      MwCurvePoint p;

      const char *id;
      MwCurvePlot *plot = mw_run_view_find_series (view, mw_run_item_get_id (item), "train_loss", &id);

      g_assert_nonnull (plot);
      g_assert_true (mw_curve_plot_get_point (plot, id, i, &p, NULL));
      g_assert_cmpfloat (p.iteration, ==, (double) (i + 1));
    }
  after = metrics_iterations (metrics);
  g_assert_cmpuint (after->len, ==, CRASH_ITERATIONS);
  for (guint i = 0; i < after->len; i++)
    g_assert_cmpint (g_array_index (after, gint64, i), ==, (gint64) i + 1);
  g_print ("# kill -9: %u rows before, continued to %u, every iteration once\n",
           before->len, after->len);
}

/* --- 2. the bad-input matrix ---------------------------------------------------- */

static void
write_file (const char   *path,
            const guint8 *data,
            gsize         length)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) length, &error));
  g_assert_no_error (error);
}

static void
good_png (const char *path,
          int         seed)
{
  guint8 pixels[28 * 28];

  for (int i = 0; i < 28 * 28; i++)
    pixels[i] = (guint8) ((i % 28) * 7 + (i / 28) * 3 + seed * 11);
  write_png (path, 28, 28, PNG_COLOR_TYPE_GRAY, 8, pixels, 28, FALSE, NULL, 0);
}

static guint32
crc32_of (const guint8 *data,
          gsize         n)
{
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < n; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return crc ^ 0xffffffffu;
}

static void
put_be32 (guint8  *p,
          guint32  v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* A good PNG whose IHDR (with a right CRC) claims 20000×20000. */
static void
huge_png (const char *path)
{
  g_autofree guint8 *data = NULL;
  gsize length;

  good_png (path, 0);
  g_assert_true (g_file_get_contents (path, (char **) &data, &length, NULL));
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  put_be32 (data + 16, 20000);
  put_be32 (data + 20, 20000);
  put_be32 (data + 29, crc32_of (data + 12, 17));
  write_file (path, data, length);
}

static const char *const broken_files[] = {
  "class0/corrupt.png", "class1/truncated.png", "class2/zero-byte.png",
  "class3/huge-20000x20000.png", "class4/not-an-image.jpg", "class5/truncated.jpg",
  "class6/not-an-image.png", "class7/huge-20000x20000.jpg",
};

static char *
make_photo_folder (const char *name,
                   int         n_classes,
                   int         n_images,
                   int         small_class,
                   gboolean    broken)
{
  char *ds = g_build_filename (work_dir, name, NULL);

  for (int c = 0; c < n_classes; c++)
    {
      g_autofree char *cname = g_strdup_printf ("class%d", c);
      g_autofree char *dir = g_build_filename (ds, cname, NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      for (int i = 0; i < (c == small_class ? 1 : n_images); i++)
        {
          g_autofree char *file = g_strdup_printf ("%d.png", i);
          g_autofree char *path = g_build_filename (dir, file, NULL);

          good_png (path, c * 10 + i);
        }
    }
  if (broken)
    {
      g_autofree char *good = g_build_filename (ds, "class0", "0.png", NULL);
      g_autofree guint8 *good_data = NULL;
      static const guint8 jpeg_cut[] = { 0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0 };
      static const guint8 huge_jpeg[] = {
        0xff, 0xd8, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x4e, 0x20, 0x4e, 0x20, 0x01, 0x01, 0x11, 0x00,
        0xff, 0xd9,
      };
      guint8 noise[300];
      gsize good_length;
      char *path;

      g_assert_true (g_file_get_contents (good, (char **) &good_data, &good_length, NULL));
      for (gsize i = 0; i < sizeof noise; i++)
        noise[i] = (guint8) g_random_int ();
      noise[0] = 0x12;   /* not by chance a PNG signature */
#define BROKEN(i) (path = g_build_filename (ds, broken_files[i], NULL))
      write_file (BROKEN (0), noise, sizeof noise), g_free (path);
      write_file (BROKEN (1), good_data, 60), g_free (path);
      write_file (BROKEN (2), (const guint8 *) "", 0), g_free (path);
      huge_png (BROKEN (3)), g_free (path);
      write_file (BROKEN (4), (const guint8 *) "hello, I am a text file\n", 24), g_free (path);
      write_file (BROKEN (5), jpeg_cut, sizeof jpeg_cut), g_free (path);
      write_file (BROKEN (6), (const guint8 *) "<html>not a picture</html>\n", 27), g_free (path);
      write_file (BROKEN (7), huge_jpeg, sizeof huge_jpeg), g_free (path);
#undef BROKEN
    }
  return ds;
}

static void
set_folder_config (const char *folder)
{
  set_tiny_config (3);
  mw_experiment_form_set_dataset (form, MW_DATA_FOLDER, folder);
  mw_experiment_form_set_value (form, "ways", 3);
  mw_experiment_form_set_value (form, "shots", 1);
  mw_experiment_form_set_value (form, "queries", 2);
  mw_experiment_form_set_extra (form, "train-fraction", "0.5");
  mw_experiment_form_set_extra (form, "eval-every", "3");
}

static void
test_broken_images (void)
{
  g_autofree char *ds = make_photo_folder ("photos", 8, 6, -1, TRUE);
  const char *notice;
  MwRunItem *item;

  ensure_app ();
  set_folder_config (ds);
  g_assert_true (mw_experiment_form_get_valid (form));
  item = start_run ();
  wait_until (run_ended, item, "the photo run to end");
  g_assert_cmpstr (mw_run_item_get_error_message (item), ==, NULL);
  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_FINISHED);

  /* Every broken file named, with its reason, where the user looks. */
  notice = mw_run_item_get_notice (item);
  g_assert_nonnull (notice);
  g_test_message ("%s", notice);
  g_assert_cmpstr (mw_run_view_get_notice (view), ==, notice);
  for (guint i = 0; i < G_N_ELEMENTS (broken_files); i++)
    {
      g_autofree char *path = g_build_filename (ds, broken_files[i], NULL);
      /* The path, then the translation's separator (": ", or "：" in Chinese). */
      g_autofree char *named = g_strconcat (path, ": ", NULL);
      g_autofree char *named_zh = g_strconcat (path, "：", NULL);

      if (strstr (notice, named) == NULL && strstr (notice, named_zh) == NULL)
        g_error ("%s is not named in the notice:\n%s", path, notice);
    }
  g_assert_nonnull (strstr (notice, "20000"));
  mw_test_save_screenshot (GTK_WIDGET (window), "reliability-skipped");
}

static void check_open_refused (const char *path,
                                const char *word);

/* A run that cannot start: either the form says why (Start off) or the run
 * fails with the message; either way @word is in it, and the run before is
 * untouched. */
static void
check_refused (const char *word,
               const char *what)
{
  MwRunItem *other = n_runs () > 0 ? run_at (n_runs () - 1) : NULL;
  MwRunState other_state = other != NULL ? mw_run_item_get_state (other) : MW_RUN_STATE_IDLE;
  const char *message;
  MwRunItem *item;

  if (!mw_experiment_form_get_valid (form))
    {
      message = mw_experiment_form_get_error (form);
      g_assert_false (action_enabled ("start"));
      g_test_message ("%s: the form says: %s", what, message);
    }
  else
    {
      item = start_run ();
      wait_until (run_ended, item, "the bad run to end");
      g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_FAILED);
      message = mw_run_item_get_error_message (item);
      g_assert_cmpstr (mw_run_view_get_error (view), ==, message);
      g_test_message ("%s: the run says: %s", what, message);
    }
  g_assert_nonnull (message);
  if (strstr (message, word) == NULL)
    g_error ("%s: '%s' is not named in: %s", what, word, message);
  if (other != NULL)
    g_assert_cmpint (mw_run_item_get_state (other), ==, other_state);
}

static void
test_bad_folders (void)
{
  g_autofree char *empty = g_build_filename (work_dir, "empty", NULL);
  g_autofree char *missing = g_build_filename (work_dir, "no-such-folder", NULL);
  g_autofree char *small = make_photo_folder ("small", 8, 6, 2, FALSE);

  ensure_app ();
  g_assert_cmpint (g_mkdir_with_parents (empty, 0755), ==, 0);
  set_folder_config (empty);
  check_refused (empty, "empty folder");
  set_folder_config (missing);
  check_refused (missing, "missing folder");
  set_folder_config (small);
  check_refused ("class2", "class with one image");
}

static void
test_bad_settings (void)
{
  static const struct { const char *key, *value, *word; } cases[] = {
    { "shots", "0", "shots" },
    { "ways", "500", "500" },
    { "meta-lr", "-1", "meta-lr" },
    { "inner-lr", "-0.5", "inner-lr" },
  };
  static const char *const nan_keys[] = { "meta-lr", "inner-lr" };

  ensure_app ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *what = g_strdup_printf ("%s=%s", cases[i].key, cases[i].value);

      set_tiny_config (3);
      mw_experiment_form_set_extra (form, cases[i].key, cases[i].value);
      check_refused (cases[i].word, what);
      mw_experiment_form_set_extra (form, cases[i].key, NULL);
    }
  /* No field holds a NaN: it comes in an experiment file, and opening that
   * names the setting. */
  for (guint i = 0; i < G_N_ELEMENTS (nan_keys); i++)
    {
      g_autofree char *name = g_strdup_printf ("%s-nan.ini", nan_keys[i]);
      g_autofree char *path = g_build_filename (work_dir, name, NULL);
      g_autofree char *data = NULL;
      g_autofree char *key = g_strconcat ("\n", nan_keys[i], "=", NULL);
      g_autoptr(GString) text = NULL;
      MwExperimentConfig config;
      char *at, *end;

      set_tiny_config (3);
      mw_experiment_form_get_config (form, &config);
      data = mw_experiment_config_to_data (&config);
      mw_experiment_config_clear (&config);
      text = g_string_new (data);
      at = strstr (text->str, key);
      g_assert_nonnull (at);
      at += strlen (key);
      end = strchr (at, '\n');
      g_string_erase (text, at - text->str, end - at);
      g_string_insert (text, at - text->str, "nan");
      write_file (path, (const guint8 *) text->str, text->len);
      check_open_refused (path, nan_keys[i]);
    }

  set_tiny_config (3);
  g_assert_true (action_enabled ("start"));
}

static gboolean
iteration_passed (gpointer data)
{
  const struct { MwRunItem *item; gint64 iteration; } *w = data;

  return mw_run_item_get_iteration (w->item) > w->iteration;
}

/* Settings each within their bounds that together need terabytes: the form shows
 * the estimate and refuses them before Start, naming the settings, while another
 * run trains on. */
static void
test_memory_budget (void)
{
  struct { MwRunItem *item; gint64 iteration; } w;
  const char *message;
  MwRunItem *steady;

  ensure_app ();
  mw_run_manager_set_max_concurrent (manager, 2);
  set_tiny_config (100000);
  g_assert_nonnull (mw_experiment_form_get_estimate (form));
  g_test_message ("tiny run: %s", mw_experiment_form_get_estimate (form));
  steady = start_run ();
  wait_for_state (steady, MW_RUN_STATE_RUNNING, "the steady run to train");

  /* Second-order MAML keeps the graph of every inner step of every support image. */
  mw_experiment_form_set_algorithm (form, MW_ALGO_MAML);
  mw_experiment_form_set_value (form, "ways", 20);
  mw_experiment_form_set_value (form, "shots", 10);
  mw_experiment_form_set_value (form, "meta-batch", 256);
  mw_experiment_form_set_value (form, "inner-steps", 100);
  mw_experiment_form_set_extra (form, "image-size", "256");
  mw_experiment_form_set_extra (form, "filters", "512");
  g_assert_false (mw_experiment_form_get_valid (form));
  g_assert_false (action_enabled ("start"));
  message = mw_experiment_form_get_error (form);
  g_test_message ("the form says: %s (%s)", message, mw_experiment_form_get_estimate (form));
  g_assert_nonnull (strstr (message, "filters 512"));
  g_assert_nonnull (strstr (message, "256"));
  if (mw_test_variant_suffix () == NULL)
    {
      g_assert_nonnull (strstr (message, "needs about"));
      g_assert_nonnull (strstr (message, "TB"));
      g_assert_nonnull (strstr (mw_experiment_form_get_estimate (form), "TB"));
    }
  mw_test_save_screenshot (GTK_WIDGET (window), "reliability-memory-budget");

  /* The other run goes on. */
  g_assert_cmpint (mw_run_item_get_state (steady), ==, MW_RUN_STATE_RUNNING);
  w.item = steady;
  w.iteration = mw_run_item_get_iteration (steady) + 3;
  wait_until (iteration_passed, &w, "the steady run to keep training");
  mw_run_list_select (list, steady);
  activate ("stop");
  wait_for_state (steady, MW_RUN_STATE_STOPPED, "the steady run to stop");
  mw_experiment_form_set_extra (form, "image-size", NULL);
  set_tiny_config (3);
  g_assert_true (action_enabled ("start"));
  mw_run_manager_set_max_concurrent (manager, mw_run_manager_default_max_concurrent ());
}

static void
test_nan_mid_run (void)
{
  g_autofree char *checkpoint = NULL;
  g_autoptr(GError) error = NULL;
  MwRunItem *steady, *diverging;
  const char *message;
  MwRun *saved;
  struct { MwRunItem *item; gint64 iteration; } w;

  ensure_app ();
  /* Two at once, whatever the machine. */
  mw_run_manager_set_max_concurrent (manager, 2);
  set_tiny_config (100000);
  steady = start_run ();
  wait_for_state (steady, MW_RUN_STATE_RUNNING, "the steady run to train");

  /* The sinusoid's paper setting, loaded as a whole: the values typed for the
   * steady run would otherwise stay (the form keeps what was typed). */
  {
    MwExperimentConfig sine;

    mw_experiment_config_init (&sine, MW_ALGO_MAML);
    g_assert_true (mw_experiment_config_preset (&sine, MW_ALGO_MAML, "sinusoid", NULL));
    sine.iterations = 2000;
    sine.threads = 1;
    mw_experiment_form_load_config (form, &sine);
    mw_experiment_config_clear (&sine);
  }
  mw_experiment_form_set_extra (form, "meta-lr", "10");
  mw_experiment_form_set_extra (form, "seed", "1");
  mw_experiment_form_set_extra (form, "eval-every", "0");
  mw_experiment_form_set_extra (form, "checkpoint-every", "10");
  g_assert_true (mw_experiment_form_get_valid (form));
  diverging = start_run ();
  wait_until (run_ended, diverging, "the diverging run to stop");

  g_assert_cmpint (mw_run_item_get_state (diverging), ==, MW_RUN_STATE_FAILED);
  message = mw_run_item_get_error_message (diverging);
  g_assert_nonnull (message);
  g_test_message ("diverged: %s", message);
  g_assert_nonnull (strstr (message, "10"));
  if (mw_test_variant_suffix () == NULL)
    g_assert_nonnull (strstr (message, "diverged at iteration"));
  mw_run_list_select (list, diverging);
  g_assert_cmpstr (mw_run_view_get_error (view), ==, message);

  /* Its curves up to the divergence, and the last checkpoint before it. */
  g_assert_cmpuint (n_loss (diverging), >, 100);
  g_assert_cmpuint (n_loss (diverging), <, 2000);
  checkpoint = run_file (diverging, "checkpoint.mwc");
  saved = mw_run_new_from_checkpoint (checkpoint, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mw_run_get_iteration (saved), >, 0);
  g_assert_cmpint (mw_run_get_iteration (saved), <=, (gint64) n_loss (diverging));
  mw_run_free (saved);

  /* The other run goes on. */
  g_assert_cmpint (mw_run_item_get_state (steady), ==, MW_RUN_STATE_RUNNING);
  w.item = steady;
  w.iteration = mw_run_item_get_iteration (steady) + 3;
  wait_until (iteration_passed, &w, "the steady run to keep training");
  mw_test_save_screenshot (GTK_WIDGET (window), "reliability-diverged");
  mw_run_list_select (list, steady);
  activate ("stop");
  wait_for_state (steady, MW_RUN_STATE_STOPPED, "the steady run to stop");
  mw_run_manager_set_max_concurrent (manager, mw_run_manager_default_max_concurrent ());
}

static gboolean
message_dialog_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          *(GtkWidget **) data = GTK_WIDGET (w);
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
widget_gone (gpointer data)
{
  return *(GtkWidget **) data == NULL;
}

static void
check_open_refused (const char *path,
                    const char *word)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *text = NULL;
  g_autofree char *secondary = NULL;
  GtkWidget *alert = NULL;
  GFile *files[] = { file };

  /* As the file manager (or Ctrl+O's chooser) hands it over. */
  g_application_open (G_APPLICATION (app), files, 1, "");
  wait_until (message_dialog_shown, &alert, "the error message");
  g_object_get (alert, "text", &text, "secondary-text", &secondary, NULL);
  g_test_message ("%s: %s / %s", basename, text, secondary);
  g_assert_nonnull (strstr (text, basename));
  if (word != NULL && strstr (secondary, word) == NULL)
    g_error ("'%s' is not named in: %s", word, secondary);
  g_object_add_weak_pointer (G_OBJECT (alert), (gpointer *) &alert);
  gtk_dialog_response (GTK_DIALOG (alert), GTK_RESPONSE_CLOSE);
  wait_until (widget_gone, &alert, "the error message to close");
}

static void
test_bad_files (void)
{
  g_autofree char *checkpoint = NULL;
  g_autofree char *data = NULL;
  g_autofree char *truncated = g_build_filename (work_dir, "truncated.mwc", NULL);
  g_autofree char *foreign = g_build_filename (work_dir, "foreign.mwc", NULL);
  g_autofree char *zero = g_build_filename (work_dir, "zero.mwc", NULL);
  g_autofree char *garbage = g_build_filename (work_dir, "garbage.ini", NULL);
  g_autofree char *picture = g_build_filename (work_dir, "picture.ini", NULL);
  gsize length;

  ensure_app ();
  g_assert_cmpuint (n_runs (), >, 0);
  checkpoint = find_checkpoint (mw_run_manager_get_runs_dir (manager));
  g_assert_nonnull (checkpoint);
  g_assert_true (g_file_get_contents (checkpoint, &data, &length, NULL));
  write_file (truncated, (const guint8 *) data, length / 2);
  good_png (foreign, 1);
  write_file (zero, (const guint8 *) "", 0);
  write_file (garbage, (const guint8 *) "garbage\n\0\1\2", 11);
  good_png (picture, 2);

  check_open_refused (truncated, NULL);
  check_open_refused (foreign, NULL);
  check_open_refused (zero, NULL);
  check_open_refused (garbage, NULL);
  check_open_refused (picture, NULL);
}

/* --- full disk -------------------------------------------------------------------- */

static gboolean
has_checkpoint (gpointer item)
{
  g_autofree char *path = run_file (item, "checkpoint.mwc");

  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

/* The child, its runs on a small tmpfs: fills it while a run trains. */
static int
child_full_disk (void)
{
  g_autofree char *checkpoint = NULL;
  g_autofree char *filler = NULL;
  g_autoptr(GError) error = NULL;
  static char block[4096];
  const char *message;
  MwRunItem *item;
  MwRun *saved;
  FILE *f;

  open_app ();
  set_tiny_config (100000);
  mw_experiment_form_set_extra (form, "checkpoint-every", "5");
  item = start_run ();
  wait_until (has_checkpoint, item, "the first checkpoint");

  /* Whatever room is left goes. */
  filler = g_build_filename (g_getenv ("XDG_DATA_HOME"), "filler", NULL);
  f = fopen (filler, "wb");
  g_assert_nonnull (f);
  while (fwrite (block, 1, sizeof block, f) == sizeof block && fflush (f) == 0)
    ;
  fclose (f);

  wait_until (run_ended, item, "the run to stop on the full disk");
  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_FAILED);
  message = mw_run_item_get_error_message (item);
  g_print ("# full disk: %s\n", message);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, mw_run_manager_get_run_dir (manager, item)));
  g_assert_true (strstr (message, "checkpoint.mwc") != NULL || strstr (message, "metrics.") != NULL ||
                 strstr (message, "series.gvariant") != NULL);
  if (mw_test_variant_suffix () == NULL)
    g_assert_nonnull (strstr (message, g_strerror (ENOSPC)));
  g_assert_cmpstr (mw_run_view_get_error (view), ==, message);

  /* The checkpoint from before the disk filled still loads. */
  checkpoint = run_file (item, "checkpoint.mwc");
  saved = mw_run_new_from_checkpoint (checkpoint, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mw_run_get_iteration (saved), >=, 5);
  g_print ("# full disk: the checkpoint of iteration %" G_GINT64_FORMAT " loads\n",
           mw_run_get_iteration (saved));
  mw_run_free (saved);
  return 0;
}

static void
test_full_disk (void)
{
  g_autofree char *exe = self_exe ();
  g_autofree char *mnt = g_build_filename (work_dir, "full", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  const char *script = "mount -t tmpfs -o size=600k none \"$0\" || exit 77; exec \"$1\"";
  char *argv_root[] = { "unshare", "-m", "sh", "-c", (char *) script, mnt, exe, NULL };
  char *argv_user[] = { "unshare", "-r", "-m", "sh", "-c", (char *) script, mnt, exe, NULL };
  g_autofree char *unshare = g_find_program_in_path ("unshare");
  int status;

  if (unshare == NULL)
    {
      g_test_skip ("full disk: no unshare(1) to mount a small tmpfs in a private namespace");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (mnt, 0755), ==, 0);
  envp = g_environ_setenv (envp, "MW_RELIABILITY_CHILD", "full-disk", TRUE);
  envp = g_environ_setenv (envp, "XDG_DATA_HOME", mnt, TRUE);
  g_assert_true (g_spawn_sync (NULL, geteuid () == 0 ? argv_root : argv_user, envp,
                               G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("%s%s", out, err);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    {
      g_test_skip ("full disk: cannot mount a small tmpfs here (needs root or user namespaces)");
      return;
    }
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("the full-disk child failed: %s\n%s%s", error->message, out, err);
  g_print ("%s", out);
}

/* --- soak ------------------------------------------------------------------------- */

static long
status_kb (const char *field)
{
  g_autofree char *contents = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &contents, NULL, NULL));
  line = strstr (contents, field);
  g_assert_nonnull (line);
  return strtol (line + strlen (field) + 1, NULL, 10);
}

static guint
open_fds (void)
{
  g_autoptr(GDir) d = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static gboolean
is_going (gpointer item)
{
  MwRunState s = mw_run_item_get_state (item);

  return s == MW_RUN_STATE_RUNNING || MW_RUN_STATE_IS_FINAL (s);
}

#define SOAK_RUNS 100
#define SOAK_WARM_UP 5

static void
test_soak (void)
{
  long rss_start = 0, rss_end;
  guint fds_start = 0, fds_end;
  guint first;
  gint64 started = g_get_monotonic_time (), slowest = 0;

  ensure_app ();
  first = n_runs ();
  set_tiny_config (100000);
  for (guint i = 0; i < SOAK_RUNS; i++)
    {
      MwRunItem *item;
      gint64 t0;

      if (i == SOAK_WARM_UP)
        {
          /* Past the one-off costs (icons, the first dataset, thread pools). */
          rss_start = status_kb ("VmRSS:");
          fds_start = open_fds ();
        }
      item = start_run ();
      wait_until (is_going, item, "a soak run to train");
      /* Stop, as the user does on the selected run (Shift+F5). */
      g_assert_true (mw_run_list_get_selected (list) == item);
      activate ("stop");
      wait_until (run_ended, item, "a soak run to stop");
      g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_STOPPED);

      /* The window answers: a frame within a fraction of a second. */
      t0 = g_get_monotonic_time ();
      mw_test_wait_for_frames (GTK_WIDGET (window));
      slowest = MAX (slowest, g_get_monotonic_time () - t0);
    }
  rss_end = status_kb ("VmRSS:");
  fds_end = open_fds ();

  g_assert_cmpuint (n_runs (), ==, first + SOAK_RUNS);
  for (guint i = first; i < n_runs (); i++)
    {
      MwRunItem *item = run_at (i);
      g_autofree char *info = run_file (item, "run.ini");

      g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_STOPPED);
      g_assert_null (mw_run_manager_get_trainer (manager, item));
      g_assert_true (g_file_test (info, G_FILE_TEST_IS_REGULAR));
    }
  g_print ("# soak: %d runs started and stopped in %.0f s; RSS %ld kB -> %ld kB (%+ld kB), "
           "open fds %u -> %u; slowest two frames %.0f ms\n",
           SOAK_RUNS, (g_get_monotonic_time () - started) / 1e6, rss_start, rss_end,
           rss_end - rss_start, fds_start, fds_end, slowest / 1000.0);
  g_assert_cmpuint (fds_end, <=, fds_start + 4);
  /* Under AddressSanitizer the resident size holds its quarantine of freed
   * memory (up to 256 MB, filled at whatever pace the program frees), not the
   * program's own growth: there LeakSanitizer checks for leaks instead, at exit. */
  if (g_getenv ("MW_TEST_SANITIZER") == NULL)
    g_assert_cmpint (rss_end - rss_start, <, 48 * 1024);
  g_assert_cmpint (slowest, <, 2 * G_USEC_PER_SEC);
  mw_test_save_screenshot (GTK_WIDGET (window), "reliability-soak");
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");
  const char *child = g_getenv ("MW_RELIABILITY_CHILD");
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (child != NULL)
    {
      /* This program run by itself, with its XDG_DATA_HOME set. */
      if (!gtk_init_check ())
        return 77;
      g_set_application_name (_("Meta Workbench"));
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
      if (g_str_equal (child, "train"))
        return child_train ();
      if (g_str_equal (child, "full-disk"))
        return child_full_disk ();
      return 2;
    }

  g_test_init (&argc, &argv, NULL);

  data_home = g_dir_make_tmp ("mw-reliability-XXXXXX", NULL);
  work_dir = g_dir_make_tmp ("mw-reliability-work-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_assert_nonnull (work_dir);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  if (!gtk_init_check ())
    {
      mw_test_remove_tree (data_home);
      mw_test_remove_tree (work_dir);
      return 77;
    }
  g_set_application_name (_("Meta Workbench"));

  /* In this order: the first opens the application after the crash. */
  g_test_add_func ("/reliability/kill-and-continue", test_kill_and_continue);
  g_test_add_func ("/reliability/broken-images", test_broken_images);
  g_test_add_func ("/reliability/bad-folders", test_bad_folders);
  g_test_add_func ("/reliability/bad-settings", test_bad_settings);
  g_test_add_func ("/reliability/nan-mid-run", test_nan_mid_run);
  g_test_add_func ("/reliability/memory-budget", test_memory_budget);
  g_test_add_func ("/reliability/bad-files", test_bad_files);
  g_test_add_func ("/reliability/full-disk", test_full_disk);
  g_test_add_func ("/reliability/soak", test_soak);

  status = g_test_run ();

  if (app != NULL)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
      mw_run_manager_shutdown (manager);
      g_clear_object (&app);
    }
  mw_test_remove_tree (data_home);
  mw_test_remove_tree (work_dir);
  g_free (data_home);
  g_free (work_dir);

  return status;
}
