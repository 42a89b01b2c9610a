/* test-run-list-delete.c: Delete with Undo through the real window (the
 * application and saved runs of test-run-list.c).
 *
 *   /run-list/delete-undo  the row's Delete takes the run out of the list and
 *       the charts at once and offers Undo in a toast; the folder stays; Undo
 *       brings back the same run at its place with the same curve points,
 *       selected, and nothing is deleted later. Screenshot run-delete-toast.
 *   /run-list/delete-training-undo  a run deleted while it trains pauses
 *       (its iteration stands still); Undo brings it back with every point and
 *       it trains on.
 *   /run-list/delete-timeout  a second delete carries out the first at once;
 *       a toast closed or timed out (a 1-second time-out here) deletes the
 *       folder.
 *   /run-list/delete-then-quit  quitting while Undo is offered deletes the
 *       run and its whole folder before the application has gone; it does not
 *       come back on the next start.
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "mw-toast.h"
#include "test-run-list.h"

/* --- delete with undo -------------------------------------------------------------- */

static MwToast *
window_toast (void)
{
  GtkWidget *toast = find_descendant_of_type (GTK_WIDGET (window), MW_TYPE_TOAST);

  g_assert_nonnull (toast);
  return MW_TOAST (toast);
}

static guint
position_of (MwRunItem *item)
{
  guint position;

  g_assert_true (g_list_store_find (G_LIST_STORE (mw_run_manager_get_runs (manager)), item, &position));
  return position;
}

static gboolean
in_list (MwRunItem *item)
{
  guint position;

  return g_list_store_find (G_LIST_STORE (mw_run_manager_get_runs (manager)), item, &position);
}

static gboolean
not_in_list (gpointer item)
{
  return !in_list (item);
}

static gboolean
file_gone (gpointer path)
{
  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
toast_hidden (gpointer toast)
{
  return !mw_toast_get_shown (toast);
}

static gsize
n_points (MwRunItem  *item,
          const char *metric)
{
  return mw_run_view_get_n_points (view, mw_run_item_get_id (item), metric);
}

/* A run's loss curve, point by point. */
static GArray *
loss_curve (MwRunItem *item)
{
  const char *series_id;
  MwCurvePlot *plot = mw_run_view_find_series (view, mw_run_item_get_id (item), "train_loss",
                                               &series_id);
  GArray *points = g_array_new (FALSE, FALSE, sizeof (MwCurvePoint));

  g_assert_nonnull (plot);
  for (gsize i = 0; i < mw_curve_plot_get_n_points (plot, series_id); i++)
    {
      MwCurvePoint p;

      g_assert_true (mw_curve_plot_get_point (plot, series_id, i, &p, NULL));
      g_array_append_val (points, p);
    }
  return points;
}

static void
assert_same_curve (GArray *a,
                   GArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      MwCurvePoint *p = &g_array_index (a, MwCurvePoint, i), *q = &g_array_index (b, MwCurvePoint, i);

      g_assert_cmpfloat (p->iteration, ==, q->iteration);
      g_assert_cmpfloat (p->y, ==, q->y);
    }
}

/* The row's Delete item, as a user chooses it from the row's menu. */
static void
delete_from_row (MwRunItem *item)
{
  GtkWidget *row;

  mw_run_list_select (list, item);
  settle ();
  row = mw_run_list_get_row (list, item);
  g_assert_nonnull (row);
  gtk_widget_activate_action (row, "row.delete", NULL);
  wait_until (not_in_list, item, "the run to leave the list");
}

static void
test_delete_undo (void)
{
  g_autoptr(MwRunItem) item = NULL;
  g_autoptr(GArray) curve = NULL;
  g_autoptr(GArray) restored = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;
  MwToast *toast;
  guint position, before;
  gsize accuracy;

  set_window_size (1100, 720);
  open_app ();
  toast = window_toast ();
  g_assert_false (mw_toast_get_shown (toast));
  g_assert_cmpuint (mw_toast_get_timeout (toast), ==, 10);

  item = g_object_ref (run_at (2));
  position = position_of (item);
  before = n_runs ();
  dir = g_strdup (mw_run_manager_get_run_dir (manager, item));
  name = g_strdup (mw_run_item_get_name (item));
  curve = loss_curve (item);
  accuracy = n_points (item, "val_accuracy");
  g_assert_cmpuint (curve->len, ==, SAVED_POINTS);

  /* Delete: gone from the list and the charts at once; the folder stays
   * while the toast offers Undo. */
  delete_from_row (item);
  g_assert_cmpuint (n_runs (), ==, before - 1);
  g_assert_cmpuint (n_points (item, "train_loss"), ==, 0);
  g_assert_null (mw_run_view_find_series (view, mw_run_item_get_id (item), "train_loss", NULL));
  g_assert_true (mw_run_list_get_selected (list) != item);
  g_assert_true (mw_toast_get_shown (toast));
  title = g_strdup_printf (_("Run “%s” deleted"), name);
  g_assert_cmpstr (mw_toast_get_title (toast), ==, title);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  mw_test_save_screenshot (GTK_WIDGET (window), "run-delete-toast");

  /* Undo: the same run at the same place, with its curves, selected again. */
  gtk_widget_activate_action (GTK_WIDGET (toast), "toast.button", NULL);
  g_assert_false (mw_toast_get_shown (toast));
  g_assert_cmpuint (n_runs (), ==, before);
  g_assert_true (run_at (position) == item);
  g_assert_cmpstr (mw_run_item_get_name (item), ==, name);
  restored = loss_curve (item);
  assert_same_curve (curve, restored);
  g_assert_cmpuint (n_points (item, "val_accuracy"), ==, accuracy);
  g_assert_true (mw_run_list_get_selected (list) == item);
  g_assert_true (mw_run_view_get_shown_run (view) == item);
  settle ();
  g_assert_true (row_in_viewport (item));
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  /* Nothing is deleted later either. */
  mw_toast_set_timeout (toast, 1);
  mw_test_spin_main_loop (1500);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  g_assert_true (in_list (item));

  close_app ();
}

static void
test_delete_timeout (void)
{
  g_autoptr(MwRunItem) first = NULL;
  g_autoptr(MwRunItem) second = NULL;
  g_autofree char *first_dir = NULL;
  g_autofree char *second_dir = NULL;
  MwToast *toast;
  guint before;

  set_window_size (1100, 720);
  open_app ();
  toast = window_toast ();
  before = n_runs ();

  /* A second delete carries out the first at once and offers Undo for itself. */
  first = g_object_ref (run_at (1));
  second = g_object_ref (run_at (3));
  first_dir = g_strdup (mw_run_manager_get_run_dir (manager, first));
  second_dir = g_strdup (mw_run_manager_get_run_dir (manager, second));
  delete_from_row (first);
  delete_from_row (second);
  wait_until (file_gone, first_dir, "the first run's folder to be deleted");
  g_assert_true (g_file_test (second_dir, G_FILE_TEST_IS_DIR));
  g_assert_true (strstr (mw_toast_get_title (toast), mw_run_item_get_name (second)) != NULL);
  g_assert_cmpuint (n_runs (), ==, before - 2);

  /* Left alone, the toast times out and the folder goes (a short time-out here). */
  mw_toast_dismiss (toast);
  wait_until (file_gone, second_dir, "the second run's folder to be deleted");
  g_assert_cmpuint (n_runs (), ==, before - 2);

  mw_toast_set_timeout (toast, 1);
  {
    g_autoptr(MwRunItem) third = g_object_ref (run_at (0));
    g_autofree char *third_dir = g_strdup (mw_run_manager_get_run_dir (manager, third));

    delete_from_row (third);
    g_assert_true (g_file_test (third_dir, G_FILE_TEST_IS_DIR));
    wait_until (toast_hidden, toast, "the toast to time out");
    wait_until (file_gone, third_dir, "the third run's folder to be deleted");
    g_assert_false (in_list (third));
  }
  g_assert_cmpuint (n_runs (), ==, before - 3);

  close_app ();
}

static gboolean
has_id (const char *id)
{
  for (guint i = 0; i < n_runs (); i++)
    if (g_str_equal (mw_run_item_get_id (run_at (i)), id))
      return TRUE;
  return FALSE;
}

static void
test_delete_then_quit (void)
{
  g_autoptr(MwRunItem) item = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *id = NULL;
  guint before;

  set_window_size (1100, 720);
  open_app ();
  before = n_runs ();
  item = g_object_ref (run_at (0));
  id = g_strdup (mw_run_item_get_id (item));
  dir = g_strdup (mw_run_manager_get_run_dir (manager, item));

  /* Quitting while Undo is offered carries the delete out, whole: when the
   * application has gone, so has the folder. */
  delete_from_row (item);
  g_assert_true (mw_toast_get_shown (window_toast ()));
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));
  close_app ();
  g_assert_false (g_file_test (dir, G_FILE_TEST_EXISTS));

  open_app ();
  g_assert_cmpuint (n_runs (), ==, before - 1);
  g_assert_false (has_id (id));
  close_app ();
}

static gboolean
is_state (MwRunItem *item,
          MwRunState state)
{
  return mw_run_item_get_state (item) == state;
}

static gboolean
paused (gpointer item)
{
  return is_state (item, MW_RUN_STATE_PAUSED);
}

static gboolean
training (gpointer item)
{
  return is_state (item, MW_RUN_STATE_RUNNING) && n_points (item, "train_loss") >= 3;
}

static void
test_delete_training_undo (void)
{
  g_autoptr(GArray) curve = NULL;
  g_autoptr(GArray) restored = NULL;
  MwRunItem *item;
  gint64 iteration;

  set_window_size (1100, 720);
  open_app ();

  /* A run that trains is paused while Undo is offered, and goes on after it. */
  set_tiny_config (5000);
  g_action_group_activate_action (G_ACTION_GROUP (window), "start", NULL);
  item = mw_run_list_get_selected (list);
  g_assert_nonnull (item);
  wait_until (training, item, "the run to train");
  mw_run_list_request_delete (list, mw_run_item_get_id (item));
  g_assert_false (in_list (item));
  wait_until (paused, item, "the hidden run to pause");
  iteration = mw_run_item_get_iteration (item);
  mw_test_spin_main_loop (300);
  g_assert_cmpint (mw_run_item_get_iteration (item), ==, iteration);

  gtk_widget_activate_action (GTK_WIDGET (window_toast ()), "toast.button", NULL);
  g_assert_true (in_list (item));
  g_assert_true (mw_run_list_get_selected (list) == item);
  /* Every point it had, those that came while it paused included. */
  curve = loss_curve (item);
  g_assert_cmpuint (curve->len, ==, (guint) iteration);
  wait_until (training, item, "the run to train again");
  g_action_group_activate_action (G_ACTION_GROUP (window), "stop", NULL);
  wait_until (run_ended, item, "the run to stop");

  close_app ();
}

void
run_list_add_delete_tests (void)
{
  g_test_add_func ("/run-list/delete-undo", test_delete_undo);
  g_test_add_func ("/run-list/delete-training-undo", test_delete_training_undo);
  g_test_add_func ("/run-list/delete-timeout", test_delete_timeout);
  g_test_add_func ("/run-list/delete-then-quit", test_delete_then_quit);
}
