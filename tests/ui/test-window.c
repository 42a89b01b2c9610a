/* test-window.c: opens the real main window under a display and checks its
 * actions, accelerators, dialogs and saved state, then saves screenshots.
 *
 * Environment (set by tests/ui/meson.build):
 *   MW_ARTIFACT_DIR  where the PNG screenshots go (default: current directory)
 *   MW_LOCALE_DIR    uninstalled message catalogues (default: LOCALEDIR)
 *   MW_SCREENSHOT_SUFFIX  appended to the screenshot names (e.g. "zh_CN")
 *   LANGUAGE         when it asks for Chinese, the test also checks that the UI
 *                    really is translated
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "mw-application.h"
#include "ui-test-util.h"
#include "mw-window.h"

#define WAIT_TIMEOUT_SECONDS 20

static MwApplication *app;
static MwWindow *window;

/* --- main loop helpers --------------------------------------------------- */

typedef MwTestCondition Condition;

static void
wait_until (Condition    condition,
            gpointer     data,
            const char  *what)
{
  mw_test_wait_until (condition, data, WAIT_TIMEOUT_SECONDS, what);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static gboolean
is_unmapped (gpointer widget)
{
  return !gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* --- widget tree helpers ------------------------------------------------- */

static GtkWidget *
find_descendant (GtkWidget *widget,
                 gboolean (*match) (GtkWidget *widget, gconstpointer data),
                 gconstpointer data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_shortcut_for_action (GtkWidget     *widget,
                        gconstpointer  action_name)
{
  g_autofree char *name = NULL;

  if (!GTK_IS_SHORTCUTS_SHORTCUT (widget))
    return FALSE;

  g_object_get (widget, "action-name", &name, NULL);
  return g_strcmp0 (name, action_name) == 0;
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) &&
         g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return toplevel;
    }

  return NULL;
}

static char *data_home;

/* --- tests --------------------------------------------------------------- */

static void
test_window_shown (void)
{
  g_assert_true (MW_IS_WINDOW (window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (window)));
  g_assert_true (gtk_window_get_application (GTK_WINDOW (window)) == GTK_APPLICATION (app));
  g_assert_cmpstr (mw_window_get_content_page (window), ==, MW_WINDOW_PAGE_EMPTY);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (window)), ==, _("Meta Workbench"));
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), is_label_with_text, _("No Runs Yet")));
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), is_label_with_text, _("Experiment")));

  /* A translated run must show translated text, not fall back to English. */
  if (g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "zh"))
    g_assert_cmpstr (_("No Runs Yet"), !=, "No Runs Yet");
}

static void
assert_run_actions (MwWindow *win,
                    gboolean  start,
                    gboolean  pause,
                    gboolean  step,
                    gboolean  stop)
{
  GActionGroup *group = G_ACTION_GROUP (win);

  g_assert_cmpint (g_action_group_get_action_enabled (group, "start"), ==, start);
  g_assert_cmpint (g_action_group_get_action_enabled (group, "pause"), ==, pause);
  g_assert_cmpint (g_action_group_get_action_enabled (group, "step"), ==, step);
  g_assert_cmpint (g_action_group_get_action_enabled (group, "stop"), ==, stop);
}

static void
assert_accel (const char *action,
              const char *accel)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), action);

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, accel);
}

static void
record_command_cb (MwWindow     *self,
                   MwRunCommand  command,
                   gpointer      data)
{
  GArray *commands = data;

  g_array_append_val (commands, command);
}

static void
test_window_actions (void)
{
  const char *run_actions[] = { "start", "pause", "step", "stop" };
  const char *app_actions[] = { "quit", "about", "shortcuts" };
  g_autoptr(GArray) commands = g_array_new (FALSE, FALSE, sizeof (MwRunCommand));
  /* A window with no run engine attached: the application's own window has a
   * trainer that would really start runs (tests/ui/test-trainer.c). */
  MwWindow *bare = mw_window_new (GTK_APPLICATION (app));
  GActionGroup *group = G_ACTION_GROUP (bare);
  gulong handler;

  for (gsize i = 0; i < G_N_ELEMENTS (run_actions); i++)
    g_assert_true (g_action_group_has_action (group, run_actions[i]));
  for (gsize i = 0; i < G_N_ELEMENTS (app_actions); i++)
    {
      g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), app_actions[i]));
      g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), app_actions[i]));
    }

  assert_accel ("win.start", "F5");
  assert_accel ("win.pause", "F6");
  assert_accel ("win.step", "F7");
  assert_accel ("win.stop", "<Shift>F5");
  assert_accel ("app.quit", "<Control>q");
  assert_accel ("app.shortcuts", "<Control>question");

  handler = g_signal_connect (bare, "run-requested", G_CALLBACK (record_command_cb), commands);

  /* No run engine yet: everything is off and activating does nothing. */
  g_assert_cmpint (mw_window_get_run_state (bare), ==, MW_RUN_STATE_UNAVAILABLE);
  assert_run_actions (bare, FALSE, FALSE, FALSE, FALSE);
  g_action_group_activate_action (group, "start", NULL);
  g_assert_cmpuint (commands->len, ==, 0);

  mw_window_set_run_state (bare, MW_RUN_STATE_IDLE);
  assert_run_actions (bare, TRUE, FALSE, FALSE, FALSE);
  g_action_group_activate_action (group, "start", NULL);

  /* Start stays on while a run goes: a new run waits in the queue. */
  mw_window_set_run_state (bare, MW_RUN_STATE_RUNNING);
  assert_run_actions (bare, TRUE, TRUE, FALSE, TRUE);
  g_action_group_activate_action (group, "pause", NULL);

  mw_window_set_run_state (bare, MW_RUN_STATE_PAUSED);
  assert_run_actions (bare, TRUE, TRUE, TRUE, TRUE);
  g_action_group_activate_action (group, "step", NULL);
  g_action_group_activate_action (group, "pause", NULL);
  g_action_group_activate_action (group, "stop", NULL);

  g_assert_cmpuint (commands->len, ==, 5);
  g_assert_cmpint (g_array_index (commands, MwRunCommand, 0), ==, MW_RUN_COMMAND_START);
  g_assert_cmpint (g_array_index (commands, MwRunCommand, 1), ==, MW_RUN_COMMAND_PAUSE);
  g_assert_cmpint (g_array_index (commands, MwRunCommand, 2), ==, MW_RUN_COMMAND_STEP);
  g_assert_cmpint (g_array_index (commands, MwRunCommand, 3), ==, MW_RUN_COMMAND_RESUME);
  g_assert_cmpint (g_array_index (commands, MwRunCommand, 4), ==, MW_RUN_COMMAND_STOP);

  g_signal_handler_disconnect (bare, handler);

  g_object_set (bare, "run-state", MW_RUN_STATE_UNAVAILABLE, NULL);
  assert_run_actions (bare, FALSE, FALSE, FALSE, FALSE);

  /* Settings that cannot run keep Start off even when idle. */
  mw_window_set_run_state (bare, MW_RUN_STATE_FINISHED);
  assert_run_actions (bare, TRUE, FALSE, FALSE, FALSE);
  mw_window_set_start_allowed (bare, FALSE);
  assert_run_actions (bare, FALSE, FALSE, FALSE, FALSE);
  mw_window_set_run_state (bare, MW_RUN_STATE_LOADING);
  assert_run_actions (bare, FALSE, FALSE, FALSE, TRUE);
  /* A queued run (the selected one) can only be taken off the queue. */
  mw_window_set_start_allowed (bare, TRUE);
  mw_window_set_run_state (bare, MW_RUN_STATE_QUEUED);
  assert_run_actions (bare, TRUE, FALSE, FALSE, TRUE);

  gtk_window_destroy (GTK_WINDOW (bare));

  /* The application's window comes with its run manager and no saved runs:
   * nothing selected, ready to start. */
  g_assert_cmpint (mw_window_get_run_state (window), ==, MW_RUN_STATE_IDLE);
  assert_run_actions (window, TRUE, FALSE, FALSE, FALSE);
}

static void
test_shortcuts_window (void)
{
  GtkShortcutsWindow *overlay;
  GtkWidget *start_shortcut;
  g_autofree char *accel = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "shortcuts", NULL);

  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window));
  g_assert_nonnull (overlay);
  wait_until (is_mapped, overlay, "the shortcuts window to map");

  /* The keys shown come from the application's accelerators. */
  start_shortcut = find_descendant (GTK_WIDGET (overlay), is_shortcut_for_action, "win.start");
  g_assert_nonnull (start_shortcut);
  g_object_get (start_shortcut, "accelerator", &accel, NULL);
  g_assert_cmpstr (accel, ==, "F5");

  mw_test_save_screenshot (GTK_WIDGET (overlay), "shortcuts");

  gtk_window_close (GTK_WINDOW (overlay));
  wait_until (is_unmapped, overlay, "the shortcuts window to close");
}

static void
test_about_dialog (void)
{
  GtkWindow *about;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);

  about = find_toplevel (GTK_TYPE_ABOUT_DIALOG);
  g_assert_nonnull (about);
  wait_until (is_mapped, about, "the about dialog to map");
  g_assert_cmpstr (gtk_about_dialog_get_version (GTK_ABOUT_DIALOG (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (gtk_about_dialog_get_logo_icon_name (GTK_ABOUT_DIALOG (about)), ==, APP_ID);
  mw_test_save_screenshot (GTK_WIDGET (about), "about");

  gtk_window_close (about);
  wait_until (is_unmapped, about, "the about dialog to close");
}

static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget);
}

static void
test_primary_menu (void)
{
  GtkWidget *button = find_descendant (GTK_WIDGET (window), is_menu_button, NULL);
  GtkPopover *popover;

  g_assert_nonnull (button);
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (button)));

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  wait_until (is_mapped, popover, "the main menu to open");
  mw_test_save_screenshot (GTK_WIDGET (popover), "menu");

  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  wait_until (is_unmapped, popover, "the main menu to close");
}

static void
test_window_screenshot (void)
{
  g_assert_true (gtk_window_is_active (GTK_WINDOW (window)) ||
                 gtk_widget_get_mapped (GTK_WIDGET (window)));
  mw_test_save_screenshot (GTK_WIDGET (window), "window");
}

static void
test_experiment_form_slot (void)
{
  MwWindow *other = mw_window_new (GTK_APPLICATION (app));
  GtkWidget *form = gtk_label_new ("form");

  g_assert_nonnull (find_descendant (GTK_WIDGET (other), is_label_with_text, _("No Settings Yet")));

  mw_window_set_experiment_form (other, form);
  g_assert_true (gtk_widget_get_ancestor (form, MW_TYPE_WINDOW) == GTK_WIDGET (other));
  g_assert_null (find_descendant (GTK_WIDGET (other), is_label_with_text, _("No Settings Yet")));

  gtk_window_destroy (GTK_WINDOW (other));
}

static gboolean
window_gone (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

static void
test_window_state_saved (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  const char *keys[] = { "window-width", "window-height", "window-maximized", "sidebar-width" };

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GVariant) value = g_settings_get_user_value (settings, keys[i]);
      g_assert_null (value);
    }

  /* app.quit closes the windows, which is when they save their state. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  wait_until (window_gone, NULL, "the window to close");
  window = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GVariant) value = g_settings_get_user_value (settings, keys[i]);
      g_assert_nonnull (value);
    }
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), >, 0);
  g_assert_cmpint (g_settings_get_int (settings, "sidebar-width"), >=, 200);
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  /* Saved runs go under XDG_DATA_HOME: an empty one, so the window opens as
   * on a first start. Set before GLib reads it. */
  data_home = g_dir_make_tmp ("mw-data-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* No display: tell meson the test was skipped, not failed. */
  if (!gtk_init_check ())
    {
      mw_test_remove_tree (data_home);
      return 77;
    }

  g_set_application_name (_("Meta Workbench"));
  app = mw_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  /* The same path as a user starting the program. */
  g_application_activate (G_APPLICATION (app));
  window = MW_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  wait_until (is_mapped, window, "the main window to map");

  g_test_add_func ("/window/shown", test_window_shown);
  g_test_add_func ("/window/actions", test_window_actions);
  g_test_add_func ("/window/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/window/about-dialog", test_about_dialog);
  g_test_add_func ("/window/primary-menu", test_primary_menu);
  g_test_add_func ("/window/screenshot", test_window_screenshot);
  g_test_add_func ("/window/experiment-form-slot", test_experiment_form_slot);
  g_test_add_func ("/window/state-saved", test_window_state_saved);

  status = g_test_run ();

  g_clear_object (&app);
  mw_test_remove_tree (data_home);
  g_free (data_home);

  return status;
}
