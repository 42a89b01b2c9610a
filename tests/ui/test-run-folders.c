/* test-run-folders.c: run folders (one writer each, resume, overwrite) and their banners through the real window.
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
 *   /run-folders/unique-names  three runs with the same settings are named
 *       "NAME", "NAME (2)", "NAME (3)"; a rename to a name in use gets the next
 *       number; runs saved with the same name keep it when loaded.
 *   /run-folders/old-curves  runs saved before series had names (their
 *       curves.gvariant holds two unnamed curves) load: a sinusoid run's become
 *       its training and validation MSE, an image run's its loss and accuracy;
 *       shown together, each is on charts of its own unit (the MSE never shares
 *       an axis with an accuracy). The three charts share one x range, their
 *       plot areas start at the same x, and the accuracy chart draws the
 *       chance level. Screenshot run-folders-sinusoid-beside-image.
 *   /run-folders/chance-levels  runs of 5 and 20 ways: two chance lines;
 *       a hidden run's goes.
 *
 * Environment: as the other UI tests (tests/ui/meson.build);
 * MW_RUN_FOLDERS_CHILD=train makes this program the child.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
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
#include "mw-saved-run.h"
#include "mw-window.h"

#define WAIT_TIMEOUT_SECONDS 240
#define FAILED_RUN_ID "20000101-000000-1"
#define OLD_SINE_RUN_ID "20000101-000000-2"
#define OLD_IMAGE_RUN_ID "20000101-000000-3"
#define OLD_POINTS 40

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

/* A finished run as the application saved it before series had names: its
 * curves.gvariant as "(a(dddddd)a(dddddd))", the loss and the validation
 * curve (a regression's MSE, a classifier's accuracy in percent). */
static void
write_old_run (const char *id,
               const char *dataset,
               const char *name)
{
  g_autofree char *dir = g_build_filename (runs_dir, id, NULL);
  g_autofree char *info = g_build_filename (dir, "run.ini", NULL);
  g_autofree char *ini = g_build_filename (dir, "experiment.ini", NULL);
  g_autofree char *curves = g_build_filename (dir, "curves.gvariant", NULL);
  gboolean regression = g_str_equal (dataset, "sinusoid");
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) v = NULL;
  double loss[OLD_POINTS][6], val[OLD_POINTS / 10][6];
  MwExperimentConfig config;

  for (int i = 0; i < OLD_POINTS; i++)
    {
      double y = regression ? 4.0 / (1 + i) : 1.6 / (1 + 0.1 * i);

      loss[i][0] = i + 1;
      loss[i][1] = 4 * (i + 1);
      loss[i][2] = 0.1 * (i + 1);
      loss[i][3] = y;
      loss[i][4] = loss[i][5] = NAN;
      if ((i + 1) % 10 == 0)
        {
          double *p = val[i / 10];
          double v_y = regression ? 3.0 / (1 + i) : 40 + i;

          memcpy (p, loss[i], sizeof loss[i]);
          p[3] = v_y;
          p[4] = v_y - (regression ? 0.1 : 3);
          p[5] = v_y + (regression ? 0.1 : 3);
        }
    }
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  g_key_file_set_string (kf, "run", "name", name);
  g_key_file_set_string (kf, "run", "state", "finished");
  g_key_file_set_int64 (kf, "run", "iteration", OLD_POINTS);
  g_key_file_set_int64 (kf, "run", "total-iterations", OLD_POINTS);
  g_key_file_set_boolean (kf, "run", "regression", regression);
  g_assert_true (g_key_file_save_to_file (kf, info, &error));
  g_assert_no_error (error);
  mw_experiment_config_init (&config, MW_ALGO_MAML);
  g_assert_true (mw_experiment_config_set (&config, "dataset", dataset, &error));
  g_assert_true (mw_experiment_config_save (&config, ini, &error));
  g_assert_no_error (error);
  mw_experiment_config_clear (&config);
  /* As the old mw_run_files_save_curves wrote it. */
  v = g_variant_ref_sink (g_variant_new ("(@a(dddddd)@a(dddddd))",
                                         g_variant_new_fixed_array (G_VARIANT_TYPE ("(dddddd)"), loss,
                                                                    OLD_POINTS, 6 * sizeof (double)),
                                         g_variant_new_fixed_array (G_VARIANT_TYPE ("(dddddd)"), val,
                                                                    OLD_POINTS / 10,
                                                                    6 * sizeof (double))));
  g_assert_true (g_file_set_contents (curves, g_variant_get_data (v), g_variant_get_size (v), &error));
  g_assert_no_error (error);
}

/* The stacked charts read as one figure: one x range, plot areas whose
 * left edges line up (so do their grids), three labelled ticks at least on
 * each y axis, and each y-axis title inside its chart. */
static void
assert_charts_line_up (MwCurvePlot **charts,
                       guint         n)
{
  double left = 0, x0 = 0, x1 = 0;

  for (guint i = 0; i < n; i++)
    {
      g_auto(GStrv) labels = mw_curve_plot_dup_y_tick_labels (charts[i]);
      graphene_rect_t area, box;
      graphene_point_t corner;
      double cx0, cx1;

      mw_curve_plot_get_plot_area (charts[i], &area);
      g_assert_true (gtk_widget_compute_point (GTK_WIDGET (charts[i]), GTK_WIDGET (window),
                                               &GRAPHENE_POINT_INIT (area.origin.x, 0), &corner));
      g_assert_true (mw_curve_plot_get_view (charts[i], &cx0, &cx1, NULL, NULL));
      g_test_message ("chart %s: plot area from x = %.0f, x range %g … %g, %u y ticks",
                      gtk_widget_get_name (GTK_WIDGET (charts[i])), corner.x, cx0, cx1,
                      g_strv_length (labels));
      if (i == 0)
        left = corner.x, x0 = cx0, x1 = cx1;
      g_assert_cmpfloat_with_epsilon (corner.x, left, 0.5);
      g_assert_cmpfloat (cx0, ==, x0);
      g_assert_cmpfloat (cx1, ==, x1);
      g_assert_cmpuint (g_strv_length (labels), >=, 3);
      g_assert_true (mw_curve_plot_get_y_label_box (charts[i], &box));
      g_assert_cmpfloat (box.origin.y, >=, 0);
      g_assert_cmpfloat (box.origin.y + box.size.height, <=, area.origin.y + area.size.height);
    }
}

static void
test_old_curves (void)
{
  g_autofree char *sine_dir = g_build_filename (runs_dir, OLD_SINE_RUN_ID, NULL);
  g_autoptr(GArray) points = NULL;
  g_autoptr(GError) error = NULL;
  const MwMetricSpec *specs;
  guint n_specs, n_train = 0, n_val = 0;
  MwRunItem *sine, *image;
  MwCurvePlot *mse, *loss, *accuracy;
  const char *sid;
  MwCurvePoint p;

  /* The loader alone: the two curves get the names of the run's series. */
  specs = mw_metric_specs_for_task (TRUE, &n_specs);
  g_assert_true (mw_run_files_load_series (sine_dir, specs, n_specs, &points, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < points->len; i++)
    {
      const MwMetricPoint *q = &g_array_index (points, MwMetricPoint, i);

      if (g_str_equal (q->series, "train_loss"))
        n_train++;
      else if (g_str_equal (q->series, "val_loss"))
        n_val++;
      else
        g_assert_not_reached ();
    }
  g_assert_cmpuint (n_train, ==, OLD_POINTS);
  g_assert_cmpuint (n_val, ==, OLD_POINTS / 10);

  /* In the window, side by side. */
  ensure_app ();
  sine = find_run (OLD_SINE_RUN_ID);
  image = find_run (OLD_IMAGE_RUN_ID);
  g_assert_nonnull (sine);
  g_assert_nonnull (image);
  g_assert_cmpint (mw_run_item_get_state (sine), ==, MW_RUN_STATE_FINISHED);
  mse = mw_run_view_get_chart (view, MW_METRIC_UNIT_MSE);
  loss = mw_run_view_get_chart (view, MW_METRIC_UNIT_LOSS);
  accuracy = mw_run_view_get_chart (view, MW_METRIC_UNIT_ACCURACY);
  g_assert_nonnull (mse);
  g_assert_nonnull (loss);
  g_assert_nonnull (accuracy);
  /* The sinusoid's two MSE curves on the MSE chart, nowhere else. */
  g_assert_true (mw_run_view_find_series (view, OLD_SINE_RUN_ID, "train_loss", &sid) == mse);
  g_assert_cmpuint (mw_curve_plot_get_n_points (mse, sid), ==, OLD_POINTS);
  g_assert_true (mw_run_view_find_series (view, OLD_SINE_RUN_ID, "val_loss", &sid) == mse);
  g_assert_cmpuint (mw_curve_plot_get_n_points (mse, sid), ==, OLD_POINTS / 10);
  g_assert_true (mw_curve_plot_get_point (mse, sid, 0, &p, NULL));
  g_assert_cmpfloat (p.iteration, ==, 10);
  g_assert_cmpfloat_with_epsilon (p.y, 3.0 / 10, 1e-12);
  g_assert_null (mw_run_view_find_series (view, OLD_SINE_RUN_ID, "val_accuracy", NULL));
  /* The image run's loss and accuracy on theirs. */
  g_assert_true (mw_run_view_find_series (view, OLD_IMAGE_RUN_ID, "train_loss", &sid) == loss);
  g_assert_cmpuint (mw_curve_plot_get_n_points (loss, sid), ==, OLD_POINTS);
  g_assert_true (mw_run_view_find_series (view, OLD_IMAGE_RUN_ID, "val_accuracy", &sid) == accuracy);
  g_assert_cmpuint (mw_curve_plot_get_n_points (accuracy, sid), ==, OLD_POINTS / 10);
  g_assert_true (mw_curve_plot_get_point (accuracy, sid, 3, &p, NULL));
  g_assert_cmpfloat (p.y, ==, 40 + 39);
  /* No chart mixes the two runs' units. */
  {
    g_auto(GStrv) on_mse = mw_curve_plot_get_series_ids (mse);

    for (char **s = on_mse; *s != NULL; s++)
      g_assert_false (g_str_has_prefix (*s, OLD_IMAGE_RUN_ID "/"));
  }
  g_assert_cmpstr (mw_curve_plot_get_y_label (mse), ==, mw_metric_unit_label (MW_METRIC_UNIT_MSE));
  g_assert_cmpstr (mw_curve_plot_get_y_label (accuracy), ==,
                   mw_metric_unit_label (MW_METRIC_UNIT_ACCURACY));

  mw_run_list_select (list, image);
  mw_test_wait_for_animations (GTK_WIDGET (window));
  mw_test_wait_for_frames (GTK_WIDGET (window));
  /* The pointer rests wherever Xvfb put it: no stray readout. */
  mw_curve_plot_unset_hover (mse);
  mw_curve_plot_unset_hover (loss);
  mw_curve_plot_unset_hover (accuracy);
  mw_test_save_screenshot (GTK_WIDGET (window), "run-folders-sinusoid-beside-image");
  assert_charts_line_up ((MwCurvePlot *[]) { loss, mse, accuracy }, 3);

  /* The accuracy chart's dashed chance level: 1 / 5 for these 5-way runs. */
  {
    g_autofree char *chance = g_strdup_printf (_("Chance %.3g%%"), 20.0);
    double y;

    g_assert_cmpuint (mw_curve_plot_get_n_reference_lines (accuracy), ==, 1);
    g_assert_cmpstr (mw_curve_plot_get_reference_line (accuracy, 0, &y), ==, chance);
    g_assert_cmpfloat (y, ==, 20);
    g_assert_cmpuint (mw_curve_plot_get_n_reference_lines (loss), ==, 0);
    g_assert_cmpuint (mw_curve_plot_get_n_reference_lines (mse), ==, 0);
  }
}

/* Runs of different ways on one accuracy chart: a chance line per level,
 * and only for the runs shown. */
static void
test_chance_levels (void)
{
  g_autoptr(MwRunView) run_view = g_object_ref_sink (MW_RUN_VIEW (mw_run_view_new ()));
  g_autoptr(MwRunItem) five = mw_run_item_new ("five", "five", &(GdkRGBA) { 0.2, 0.4, 0.8, 1 });
  g_autoptr(MwRunItem) twenty = mw_run_item_new ("twenty", "twenty", &(GdkRGBA) { 0.8, 0.4, 0.2, 1 });
  g_autoptr(MwRunItem) again = mw_run_item_new ("again", "again", &(GdkRGBA) { 0.2, 0.8, 0.4, 1 });
  MwCurvePlot *accuracy;
  double y;

  mw_run_item_set_ways (five, 5);
  mw_run_item_set_ways (twenty, 20);
  mw_run_item_set_ways (again, 5);
  mw_run_view_add_run (run_view, five);
  accuracy = mw_run_view_get_chart (run_view, MW_METRIC_UNIT_ACCURACY);
  g_assert_nonnull (accuracy);
  g_assert_cmpuint (mw_curve_plot_get_n_reference_lines (accuracy), ==, 1);
  mw_run_view_add_run (run_view, twenty);
  mw_run_view_add_run (run_view, again);
  g_assert_cmpuint (mw_curve_plot_get_n_reference_lines (accuracy), ==, 2);
  /* In the order of the ways: 5-way's 20%, then 20-way's 5%. */
  mw_curve_plot_get_reference_line (accuracy, 0, &y);
  g_assert_cmpfloat (y, ==, 20);
  mw_curve_plot_get_reference_line (accuracy, 1, &y);
  g_assert_cmpfloat (y, ==, 5);

  /* Hiding the 20-way run takes its line away. */
  mw_run_item_set_visible (twenty, FALSE);
  g_assert_cmpuint (mw_curve_plot_get_n_reference_lines (accuracy), ==, 1);
  mw_curve_plot_get_reference_line (accuracy, 0, &y);
  g_assert_cmpfloat (y, ==, 20);
  mw_run_view_remove_run (run_view, five);
  mw_run_view_remove_run (run_view, again);
  g_assert_cmpuint (mw_curve_plot_get_n_reference_lines (accuracy), ==, 0);
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

static gboolean
all_final (gpointer data)
{
  GListModel *runs = mw_run_manager_get_runs (data);

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(MwRunItem) item = g_list_model_get_item (runs, i);

      if (!MW_RUN_STATE_IS_FINAL (mw_run_item_get_state (item)))
        return FALSE;
    }
  return TRUE;
}

/* The name of the run at @position of @manager's list. */
static const char *
name_at (MwRunManager *names,
         guint         position)
{
  g_autoptr(MwRunItem) item = g_list_model_get_item (mw_run_manager_get_runs (names), position);

  g_assert_nonnull (item);
  return mw_run_item_get_name (item);   /* the model keeps it alive */
}

static void
test_unique_names (void)
{
  g_autofree char *dir = g_build_filename (data_home, "unique-names", NULL);
  g_autoptr(MwRunManager) names = mw_run_manager_new (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL, *second = NULL, *third = NULL, *renamed = NULL;
  g_autofree char *third_id = NULL;
  MwRunItem *items[3];
  MwExperimentConfig config;

  mw_experiment_config_init (&config, MW_ALGO_MAML);
  config.iterations = 2;
  described = mw_experiment_config_describe (&config);
  /* TRANSLATORS: a run named like another one; %s is the name, %u counts
   * the runs of that name (2, 3, …) */
  second = g_strdup_printf (_("%s (%u)"), described, 2);
  third = g_strdup_printf (_("%s (%u)"), described, 3);
  renamed = g_strdup_printf (_("%s (%u)"), "MAML", 2);
  for (int i = 0; i < 3; i++)
    {
      items[i] = mw_run_manager_add_run (names, &config, &error);
      g_assert_no_error (error);
    }
  mw_experiment_config_clear (&config);
  g_assert_cmpstr (mw_run_item_get_name (items[0]), ==, described);
  g_assert_cmpstr (mw_run_item_get_name (items[1]), ==, second);
  g_assert_cmpstr (mw_run_item_get_name (items[2]), ==, third);

  /* Renamed as the run list does: a free name stays as typed, a taken one
   * gets the next free number; the run's own name does not count. */
  mw_run_item_set_name (items[0], "MAML");
  g_assert_cmpstr (mw_run_item_get_name (items[0]), ==, "MAML");
  mw_run_item_set_name (items[2], "MAML");
  g_assert_cmpstr (mw_run_item_get_name (items[2]), ==, renamed);
  mw_run_item_set_name (items[1], described);
  g_assert_cmpstr (mw_run_item_get_name (items[1]), ==, described);
  mw_run_item_set_name (items[1], second);
  g_assert_cmpstr (mw_run_item_get_name (items[1]), ==, second);

  for (int i = 0; i < 3; i++)
    mw_run_manager_stop (names, items[i]);
  mw_test_wait_until (all_final, names, WAIT_TIMEOUT_SECONDS, "the three runs to stop");
  third_id = g_strdup (mw_run_item_get_id (items[2]));
  g_clear_object (&names);

  /* Saved with the same name (by hand, or before names were made unique):
   * loading keeps both as they are. */
  {
    g_autofree char *info = g_build_filename (dir, third_id, MW_RUN_FILE_INFO, NULL);
    g_autoptr(GKeyFile) kf = g_key_file_new ();

    g_assert_true (g_key_file_load_from_file (kf, info, G_KEY_FILE_KEEP_COMMENTS, &error));
    g_assert_no_error (error);
    g_key_file_set_string (kf, MW_RUN_INFO_GROUP, "name", "MAML");
    g_assert_true (g_key_file_save_to_file (kf, info, &error));
    g_assert_no_error (error);
  }
  names = mw_run_manager_new (dir);
  mw_run_manager_load (names);
  mw_test_wait_until ((MwTestCondition) mw_run_manager_get_loaded, names,
                      WAIT_TIMEOUT_SECONDS, "the saved runs to load");
  g_assert_cmpuint (g_list_model_get_n_items (mw_run_manager_get_runs (names)), ==, 3);
  g_assert_cmpstr (name_at (names, 0), ==, "MAML");
  g_assert_cmpstr (name_at (names, 1), ==, second);
  g_assert_cmpstr (name_at (names, 2), ==, "MAML");
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
  write_old_run (OLD_SINE_RUN_ID, "sinusoid", "an old sinusoid run");
  write_old_run (OLD_IMAGE_RUN_ID, "glyphs", "an old glyph run");
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
  g_test_add_func ("/run-folders/unique-names", test_unique_names);
  g_test_add_func ("/run-folders/old-curves", test_old_curves);
  g_test_add_func ("/run-folders/chance-levels", test_chance_levels);

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
