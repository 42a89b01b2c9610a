/* test-np-charts.c: a Neural Process run on the sinusoid, started and trained in the
 * real window as a person would (form, Start), shows its named metrics: the NLL chart
 * (the training loss, an NLL there, and the validation's NLL with its interval) beside
 * the MSE chart.  Screenshots np-charts[-zh_CN].png (the window) and
 * np-charts-nll[-zh_CN].png (the NLL chart).
 *
 * Environment (set by tests/ui/meson.build): MW_ARTIFACT_DIR, MW_LOCALE_DIR,
 * MW_SCREENSHOT_SUFFIX, LANGUAGE. */
#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-run-manager.h"
#include "mw-run-view.h"
#include "mw-window.h"

#define WAIT_TIMEOUT_SECONDS 240
#define ITERATIONS 40

static MwApplication *app;
static MwWindow *window;
static MwRunManager *manager;
static char *data_home;

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static gboolean
run_ended (gpointer data)
{
  return MW_RUN_STATE_IS_FINAL (mw_run_item_get_state (data));
}

static gboolean
no_windows (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

static void
test_nll_chart (void)
{
  MwExperimentForm *form = MW_EXPERIMENT_FORM (mw_window_get_experiment_form (window));
  MwRunView *view = MW_RUN_VIEW (mw_window_get_run_view (window));
  MwCurvePlot *nll_chart, *mse_chart, *found;
  g_autoptr(MwRunItem) item = NULL;
  const char *id;

  mw_experiment_form_set_algorithm (form, MW_ALGO_NP);
  mw_experiment_form_set_dataset (form, MW_DATA_SINUSOID, NULL);
  g_assert_true (mw_experiment_form_set_value (form, "iterations", ITERATIONS));
  g_assert_true (mw_experiment_form_set_value (form, "meta-batch", 4));
  g_assert_true (mw_experiment_form_set_value (form, "meta-lr", 0.001));
  mw_experiment_form_set_extra (form, "eval-every", "10");
  mw_experiment_form_set_extra (form, "val-episodes", "10");
  mw_experiment_form_set_extra (form, "threads", "1");
  g_assert_true (mw_experiment_form_get_valid (form));

  g_action_group_activate_action (G_ACTION_GROUP (window), "start", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (mw_run_manager_get_runs (manager)), ==, 1);
  item = g_list_model_get_item (mw_run_manager_get_runs (manager), 0);
  mw_test_wait_until (run_ended, item, WAIT_TIMEOUT_SECONDS, "the Neural Process run to finish");
  g_assert_cmpint (mw_run_item_get_state (item), ==, MW_RUN_STATE_FINISHED);
  id = mw_run_item_get_id (item);

  /* The NLL chart holds the training loss and the validation's NLL; the MSE chart
   * the validation's MSE, as a MAML sinusoid run's does. */
  nll_chart = mw_run_view_get_chart (view, MW_METRIC_UNIT_NLL);
  mse_chart = mw_run_view_get_chart (view, MW_METRIC_UNIT_MSE);
  g_assert_nonnull (nll_chart);
  g_assert_nonnull (mse_chart);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (nll_chart)));
  g_assert_cmpstr (mw_curve_plot_get_y_label (nll_chart), ==, _("Negative log-likelihood"));
  found = mw_run_view_find_series (view, id, "val_nll", NULL);
  g_assert_true (found == nll_chart);
  g_assert_true (mw_run_view_find_series (view, id, "train_loss", NULL) == nll_chart);
  g_assert_true (mw_run_view_find_series (view, id, "val_loss", NULL) == mse_chart);
  g_assert_cmpuint (mw_run_view_get_n_points (view, id, "val_nll"), >=, ITERATIONS / 10);
  g_assert_cmpuint (mw_run_view_get_n_points (view, id, "train_loss"), ==, ITERATIONS);
  /* The coverage is kept in the files, not drawn. */
  g_assert_null (mw_run_view_find_series (view, id, "val_coverage_90", NULL));
  g_assert_null (mw_run_view_get_chart (view, MW_METRIC_UNIT_LOSS));

  mw_test_save_screenshot (GTK_WIDGET (window), "np-charts");
  /* The NLL chart itself, below the fold of the page. */
  mw_test_save_screenshot (GTK_WIDGET (nll_chart), "np-charts-nll");
}

int
main (int argc, char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  /* Saved runs go under XDG_DATA_HOME: a fresh one, before GLib reads it. */
  data_home = g_dir_make_tmp ("mw-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  if (!gtk_init_check ())
    {
      mw_test_remove_tree (data_home);
      return 77;
    }
  g_set_application_name (_("Meta Workbench"));
  app = mw_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_application_activate (G_APPLICATION (app));
  window = MW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  mw_test_wait_until (is_mapped, window, WAIT_TIMEOUT_SECONDS, "the main window to map");
  manager = mw_application_get_run_manager (app);
  mw_test_wait_until ((MwTestCondition) mw_run_manager_get_loaded, manager, WAIT_TIMEOUT_SECONDS,
                      "the saved runs to load");

  g_test_add_func ("/np-charts/nll-chart", test_nll_chart);
  status = g_test_run ();

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  mw_test_wait_until (no_windows, NULL, WAIT_TIMEOUT_SECONDS, "the window to close");
  g_application_quit (G_APPLICATION (app));
  mw_run_manager_shutdown (manager);
  g_clear_object (&app);
  mw_test_remove_tree (data_home);
  g_free (data_home);
  return status;
}
