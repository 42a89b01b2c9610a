/* test-run-folders.c: issue 18's run folders and banners through the real window.
 *
 *   /run-folders/other-window   a second instance of the application (a child
 *       process of this program) trains a run in the same runs folder: this
 *       window shows it as "Training in another window", not Interrupted,
 *       cannot continue it, and a trainer of its own into that folder is
 *       refused naming the child's process id. Killed, the child lets go and
 *       the run comes back Interrupted, ready to continue. Continued while
 *       another process (flock(1)) holds the folder, it shows as trained
 *       elsewhere, not failed, and comes back once that process ends.
 *   /run-folders/unique-temporary   a file is replaced even while another
 *       writer's "<name>.tmp" is in the way (the temporary name is unique).
 *   /run-folders/long-error-banner  a failed run whose message holds a
 *       2,000-character file name, shown at 1024×700: the window gets no wider.
 *       Screenshot run-folders-long-error.
 *
 * Environment: as the other UI tests (tests/ui/meson.build);
 * MW_RUN_FOLDERS_CHILD=train makes this program the child.
 */

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-run-files.h"
#include "mw-run-list.h"
#include "mw-run-manager.h"
#include "mw-run-view.h"
#include "mw-window.h"

#define WAIT_TIMEOUT_SECONDS 240
#define FAILED_RUN_ID "20000101-000000-1"

static MwApplication *app;
static MwWindow *window;
static MwRunManager *manager;
static MwRunView *view;
static MwRunList *list;
static char *data_home;
static char *runs_dir;
static GPid child_pid;

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
  /* The child and this process share no bus name. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  window = MW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  mw_test_wait_until (is_mapped, window, WAIT_TIMEOUT_SECONDS, "the main window to map");
  manager = mw_application_get_run_manager (app);
  view = MW_RUN_VIEW (mw_window_get_run_view (window));
  list = MW_RUN_LIST (mw_window_get_run_list (window));
  mw_test_wait_until ((MwTestCondition) mw_run_manager_get_loaded, manager,
                      WAIT_TIMEOUT_SECONDS, "the saved runs to load");
}

static void
ensure_app (void)
{
  if (app == NULL)
    open_app ();
}

static MwRunItem *
find_run (const char *id)
{
  GListModel *runs = mw_run_manager_get_runs (manager);

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(MwRunItem) item = g_list_model_get_item (runs, i);

      if (g_str_equal (mw_run_item_get_id (item), id))
        return item;   /* the model keeps it alive */
    }
  return NULL;
}

/* --- the child: another window training ---------------------------------------- */

static gboolean
in_state_running (gpointer item)
{
  return mw_run_item_get_state (item) == MW_RUN_STATE_RUNNING;
}

static int
child_train (void)
{
  MwExperimentForm *form;
  GListModel *runs;
  g_autoptr(MwRunItem) item = NULL;

  open_app ();
  form = MW_EXPERIMENT_FORM (mw_window_get_experiment_form (window));
  mw_experiment_form_set_algorithm (form, MW_ALGO_FOMAML);
  mw_experiment_form_set_dataset (form, MW_DATA_GLYPHS, NULL);
  mw_experiment_form_set_value (form, "ways", 5);
  mw_experiment_form_set_value (form, "shots", 1);
  mw_experiment_form_set_value (form, "queries", 2);
  mw_experiment_form_set_value (form, "iterations", 100000);
  mw_experiment_form_set_value (form, "meta-batch", 2);
  mw_experiment_form_set_value (form, "inner-steps", 1);
  mw_experiment_form_set_extra (form, "eval-every", "0");
  mw_experiment_form_set_extra (form, "glyph-classes", "30");
  mw_experiment_form_set_extra (form, "filters", "8");
  mw_experiment_form_set_extra (form, "threads", "1");
  mw_experiment_form_set_extra (form, "checkpoint-every", "10");
  g_assert_true (mw_experiment_form_get_valid (form));
  g_action_group_activate_action (G_ACTION_GROUP (window), "start", NULL);
  runs = mw_run_manager_get_runs (manager);
  item = g_list_model_get_item (runs, g_list_model_get_n_items (runs) - 1);
  mw_test_wait_until (in_state_running, item, WAIT_TIMEOUT_SECONDS, "the child's run to train");
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 1;
}

static char *
self_exe (void)
{
  char *path = g_file_read_link ("/proc/self/exe", NULL);

  g_assert_nonnull (path);
  return path;
}

/* The folder of the run the child trains, once it holds a checkpoint and its lock. */
static char *
find_locked_run (void)
{
  g_autoptr(GDir) d = g_dir_open (runs_dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *dir = g_build_filename (runs_dir, name, NULL);
      g_autofree char *checkpoint = g_build_filename (dir, "checkpoint.mwc", NULL);
      int pid;

      if (mw_run_folder_is_locked (dir, &pid) && pid == child_pid &&
          g_file_test (checkpoint, G_FILE_TEST_IS_REGULAR))
        return g_strdup (name);
    }
  return NULL;
}

static gboolean
trainer_ended (gpointer trainer)
{
  return MW_RUN_STATE_IS_FINAL (mw_trainer_get_state (trainer));
}

static gboolean
not_elsewhere (gpointer id)
{
  MwRunItem *item = find_run (id);

  return item != NULL && !mw_run_item_get_elsewhere (item);
}

static gboolean
is_elsewhere (gpointer id)
{
  MwRunItem *item = find_run (id);

  return item != NULL && mw_run_item_get_elsewhere (item);
}

static gboolean
view_says_elsewhere (gpointer data)
{
  return g_strcmp0 (mw_run_view_get_status_text (view), _("Training in another window")) == 0;
}

static void
test_other_window (void)
{
  g_autofree char *exe = self_exe ();
  char *argv[] = { exe, NULL };
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pid_text = NULL;
  g_autoptr(MwTrainer) trainer = NULL;
  MwExperimentConfig config;
  MwRunItem *item;
  gint64 deadline;
  int status;

  g_assert_null (app);
  envp = g_environ_setenv (envp, "MW_RUN_FOLDERS_CHILD", "train", TRUE);
  g_assert_true (g_spawn_async (NULL, argv, envp, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                &child_pid, &error));
  g_assert_no_error (error);
  deadline = g_get_monotonic_time ()
             + WAIT_TIMEOUT_SECONDS * mw_test_slowdown () * G_USEC_PER_SEC;
  while ((id = find_locked_run ()) == NULL && g_get_monotonic_time () < deadline)
    g_usleep (50 * 1000);
  g_assert_nonnull (id);
  dir = g_build_filename (runs_dir, id, NULL);

  /* This window opens on the same runs folder while the child trains. */
  open_app ();
  item = find_run (id);
  g_assert_nonnull (item);
  g_assert_true (mw_run_item_get_elsewhere (item));
  g_assert_false (mw_run_item_get_interrupted (item));
  g_assert_false (mw_run_item_get_resumable (item));
  g_assert_cmpstr (mw_run_item_get_state_label (item), ==, _("Training in another window"));
  if (mw_test_variant_suffix () == NULL)
    g_assert_cmpstr (_("Training in another window"), ==, "Training in another window");
  else
    g_assert_cmpstr (_("Training in another window"), !=, "Training in another window");
  g_assert_false (mw_run_manager_continue_run (manager, item));
  mw_run_list_select (list, item);
  mw_test_wait_until (view_says_elsewhere, NULL, WAIT_TIMEOUT_SECONDS,
                      "the run view to say the run trains in another window");

  /* A trainer of this process into the child's folder is refused, naming it. */
  trainer = mw_trainer_new ();
  mw_trainer_set_output_dir (trainer, dir);
  mw_experiment_config_init (&config, MW_ALGO_FOMAML);
  config.iterations = 5;
  g_assert_true (mw_trainer_start (trainer, &config, &error));
  g_assert_no_error (error);
  mw_experiment_config_clear (&config);
  mw_test_wait_until (trainer_ended, trainer, WAIT_TIMEOUT_SECONDS, "the second trainer to end");
  g_assert_cmpint (mw_trainer_get_state (trainer), ==, MW_RUN_STATE_FAILED);
  pid_text = g_strdup_printf (" %d ", (int) child_pid);
  g_assert_nonnull (strstr (mw_trainer_get_error_message (trainer), pid_text));
  g_test_message ("refused: %s", mw_trainer_get_error_message (trainer));

  /* The child dies; the run is read again and is this window's to continue. */
  g_assert_cmpint (kill (child_pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (child_pid, &status, 0), ==, child_pid);
  g_spawn_close_pid (child_pid);
  mw_test_wait_until (not_elsewhere, id, 30, "the run to be read again after the child died");
  item = find_run (id);
  g_assert_true (mw_run_item_get_interrupted (item));
  g_assert_cmpstr (mw_run_item_get_state_label (item), ==, _("Interrupted"));
  g_assert_true (mw_run_item_get_resumable (item));

  /* Another process takes the folder just before Continue: the run is not
   * failed but shown as trained elsewhere, until that process lets go. */
  {
    g_autofree char *flock_exe = g_find_program_in_path ("flock");
    g_autofree char *lock_path = g_build_filename (dir, "run.lock", NULL);
    /* One process that holds the lock and can be killed: the shell becomes sleep
     * with the locked descriptor. */
    char *holder_argv[] = { (char *) "/bin/sh", (char *) "-c",
                            (char *) "exec 9>>\"$0\" && flock 9 && exec sleep 600", lock_path, NULL };
    GPid holder;
    int pid;

    if (flock_exe == NULL)
      {
        g_test_message ("no flock(1): Continue against a foreign lock not tried");
        return;
      }
    g_assert_true (g_spawn_async (NULL, holder_argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                  &holder, &error));
    g_assert_no_error (error);
    deadline = g_get_monotonic_time ()
               + WAIT_TIMEOUT_SECONDS * mw_test_slowdown () * G_USEC_PER_SEC;
    while (!mw_run_folder_is_locked (dir, &pid) && g_get_monotonic_time () < deadline)
      g_usleep (20 * 1000);
    g_assert_true (mw_run_manager_continue_run (manager, item));
    mw_test_wait_until (is_elsewhere, id, WAIT_TIMEOUT_SECONDS, "Continue to find the folder taken");
    item = find_run (id);
    g_assert_cmpstr (mw_run_item_get_state_label (item), ==, _("Training in another window"));
    g_assert_null (mw_run_item_get_error_message (item));
    g_assert_false (mw_run_item_get_resumable (item));
    g_assert_cmpint (kill (holder, SIGKILL), ==, 0);
    g_assert_cmpint (waitpid (holder, &status, 0), ==, holder);
    g_spawn_close_pid (holder);
    mw_test_wait_until (not_elsewhere, id, 30, "the run to come back once the folder is free");
    g_assert_true (mw_run_item_get_resumable (find_run (id)));
  }
}

/* --- unique temporaries ------------------------------------------------------- */

static void
test_unique_temporary (void)
{
  g_autofree char *dir = g_build_filename (data_home, "temporaries", NULL);
  g_autofree char *path = g_build_filename (dir, "curves.gvariant", NULL);
  g_autofree char *fixed = g_strconcat (path, ".tmp", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) d = NULL;
  const char *name;

  /* Another writer's temporary of the old fixed name, mid-write. */
  g_assert_cmpint (g_mkdir_with_parents (fixed, 0755), ==, 0);
  g_assert_true (mw_run_files_replace (path, "new", 3, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "new");
  g_assert_true (g_file_test (fixed, G_FILE_TEST_IS_DIR));   /* theirs, untouched */
  /* Nothing of ours is left beside it. */
  d = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (d)) != NULL)
    g_assert_true (g_str_equal (name, "curves.gvariant") || g_str_equal (name, "curves.gvariant.tmp"));
}

/* --- a long error banner ------------------------------------------------------ */

static char *long_message;

static void
write_failed_run (void)
{
  g_autofree char *dir = g_build_filename (runs_dir, FAILED_RUN_ID, NULL);
  g_autofree char *info = g_build_filename (dir, "run.ini", NULL);
  g_autofree char *ini = g_build_filename (dir, "experiment.ini", NULL);
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  GString *message = g_string_new ("cannot read ");
  g_autoptr(GError) error = NULL;
  MwExperimentConfig config;

  /* A file name of 2,000 characters with no place to break a line, then words. */
  for (int i = 0; i < 2000; i++)
    g_string_append_c (message, 'a' + i % 26);
  g_string_append (message, ".png: the file is not there; check the folder and try again");
  long_message = g_string_free (message, FALSE);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_key_file_set_string (kf, "run", "name", "a run that failed");
  g_key_file_set_string (kf, "run", "state", "failed");
  g_key_file_set_int64 (kf, "run", "total-iterations", 10);
  g_key_file_set_string (kf, "run", "error", long_message);
  g_assert_true (g_key_file_save_to_file (kf, info, &error));
  g_assert_no_error (error);
  mw_experiment_config_init (&config, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_save (&config, ini, &error));
  g_assert_no_error (error);
  mw_experiment_config_clear (&config);
}

static void
test_long_error_banner (void)
{
  MwRunItem *item;
  int width, view_min;

  ensure_app ();
  item = find_run (FAILED_RUN_ID);
  g_assert_nonnull (item);
  mw_run_list_select (list, item);
  mw_test_wait_for_animations (GTK_WIDGET (window));
  mw_test_wait_for_frames (GTK_WIDGET (window));
  g_assert_cmpstr (mw_run_view_get_error (view), ==, long_message);
  width = gtk_widget_get_width (GTK_WIDGET (window));
  gtk_widget_measure (GTK_WIDGET (view), GTK_ORIENTATION_HORIZONTAL, -1, &view_min, NULL, NULL, NULL);
  g_test_message ("at 1024×700 with the long error: window %d wide, run view at least %d",
                  width, view_min);
  /* The run view beside the 336-pixel form fits in 1024 whatever the message;
   * the window never goes past the 1280-pixel screen. (The window's own
   * minimum is set by its widest page, the inspector's, not by this.) */
  g_assert_cmpint (view_min, <=, 1024 - 336);
  g_assert_cmpint (width, <=, 1280);
  mw_test_save_screenshot (GTK_WIDGET (window), "run-folders-long-error");
}

int
main (int    argc,
      char **argv)
{
  const char *child = g_getenv ("MW_RUN_FOLDERS_CHILD");
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("MW_LOCALE_DIR") != NULL ? g_getenv ("MW_LOCALE_DIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (child != NULL)
    {
      if (!gtk_init_check ())
        return 77;
      g_set_application_name (_("Meta Workbench"));
      g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL);
      return g_str_equal (child, "train") ? child_train () : 2;
    }

  g_test_init (&argc, &argv, NULL);

  data_home = g_dir_make_tmp ("mw-run-folders-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  runs_dir = g_build_filename (data_home, "meta-workbench", "runs", NULL);
  if (!gtk_init_check ())
    {
      mw_test_remove_tree (data_home);
      return 77;
    }
  g_set_application_name (_("Meta Workbench"));
  write_failed_run ();
  /* The window opens at 1024×700 (a small laptop screen). */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID);

    g_settings_set_int (settings, "window-width", 1024);
    g_settings_set_int (settings, "window-height", 700);
    g_settings_set_boolean (settings, "window-maximized", FALSE);
  }

  /* In this order: the first opens the application while the child trains. */
  g_test_add_func ("/run-folders/other-window", test_other_window);
  g_test_add_func ("/run-folders/unique-temporary", test_unique_temporary);
  g_test_add_func ("/run-folders/long-error-banner", test_long_error_banner);

  status = g_test_run ();

  if (app != NULL)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
      mw_run_manager_shutdown (manager);
      g_clear_object (&app);
    }
  mw_test_remove_tree (data_home);
  g_free (data_home);
  g_free (runs_dir);
  g_free (long_message);
  return status;
}
