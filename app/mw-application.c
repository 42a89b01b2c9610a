/* mw-application.c: the Meta Workbench GtkApplication. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-run-view.h"
#include "mw-trainer.h"
#include "mw-window.h"

/* What connects one window to its run: the window's form and run view on one
 * side, the trainer (app/, owns the worker thread) on the other. */
typedef struct {
  MwWindow         *window;   /* unowned: this lives as long as the window */
  MwExperimentForm *form;     /* unowned: in the window */
  MwRunView        *view;     /* unowned: in the window */
  MwTrainer        *trainer;  /* owned */
} WindowRun;

#define WINDOW_RUN_KEY "mw-window-run"

#define RESOURCE_BASE_PATH "/io/github/metaworkbench/MetaWorkbench"

struct _MwApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (MwApplication, mw_application, GTK_TYPE_APPLICATION)

/* Every keyboard shortcut lives here, so the shortcuts window (which looks
 * the keys up by action name) always shows what is really bound. */
static const struct {
  const char *action;
  const char *accels[2];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.shortcuts", { "<Control>question", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.start", { "F5", NULL } },
  { "win.pause", { "F6", NULL } },
  { "win.step", { "F7", NULL } },
  { "win.stop", { "<Shift>F5", NULL } },
};

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = NULL;

  /* Close the windows rather than quitting outright, so each one saves its
   * state and can later refuse (a run still going) through close-request. The
   * application exits when the last window is gone. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    windows = g_list_prepend (windows, g_object_ref (l->data));
  if (windows == NULL)
    g_application_quit (app);

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_list_free_full (windows, g_object_unref);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *authors[] = {
    _("The Meta Workbench developers"),
    NULL
  };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("Meta Workbench"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Run and compare few-shot learning algorithms"),
                         "copyright", _("© 2026 The Meta Workbench developers"),
                         "license-type", GTK_LICENSE_MIT_X11,
                         "authors", authors,
                         /* Translators: put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  /* GtkApplication gives each window the shortcuts window from
   * gtk/help-overlay.ui, with a win.show-help-overlay action to show it. */
  if (window != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-help-overlay", NULL);
}

static const GActionEntry app_entries[] = {
  { .name = "quit", .activate = quit_activated },
  { .name = "about", .activate = about_activated },
  { .name = "shortcuts", .activate = shortcuts_activated },
};

static void
mw_application_startup (GApplication *application)
{
  GtkApplication *app = GTK_APPLICATION (application);
  g_autoptr(GtkCssProvider) css = NULL;
  const char *no_accels[] = { NULL };

  G_APPLICATION_CLASS (mw_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (app),
                                   app_entries, G_N_ELEMENTS (app_entries),
                                   app);

  for (gsize i = 0; i < G_N_ELEMENTS (app_accels); i++)
    gtk_application_set_accels_for_action (app, app_accels[i].action, app_accels[i].accels);

  /* GtkApplication binds Ctrl+? to win.show-help-overlay by itself; app.shortcuts
   * owns that key here so there is one binding and the menu item shows it. */
  gtk_application_set_accels_for_action (app, "win.show-help-overlay", no_accels);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
update_view_status (WindowRun *wr)
{
  mw_run_view_set_status (wr->view,
                          mw_trainer_get_state (wr->trainer),
                          mw_trainer_get_iteration (wr->trainer),
                          mw_trainer_get_total_iterations (wr->trainer),
                          mw_trainer_get_eta_seconds (wr->trainer));
}

static void
trainer_state_changed_cb (MwTrainer  *trainer,
                          MwRunState  state,
                          WindowRun  *wr)
{
  mw_window_set_run_state (wr->window, state);
  update_view_status (wr);
}

static void
trainer_iteration_cb (MwTrainer  *trainer,
                      GParamSpec *pspec,
                      WindowRun  *wr)
{
  update_view_status (wr);
}

static void
trainer_metrics_cb (MwTrainer *trainer,
                    GArray    *loss,
                    GArray    *validation,
                    WindowRun *wr)
{
  mw_run_view_append (wr->view, loss, validation);
}

static void
trainer_failed_cb (MwTrainer  *trainer,
                   const char *message,
                   WindowRun  *wr)
{
  mw_run_view_set_error (wr->view, message);
}

static void
start_run (WindowRun *wr)
{
  MwExperimentConfig config;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  mw_experiment_form_get_config (wr->form, &config);
  name = mw_experiment_config_describe (&config);

  mw_run_view_reset (wr->view, name, config.data == MW_DATA_SINUSOID);
  mw_window_set_content_page (wr->window, MW_WINDOW_PAGE_CHART);

  if (!mw_trainer_start (wr->trainer, &config, &error))
    mw_run_view_set_error (wr->view, error->message);

  mw_experiment_config_clear (&config);
}

static void
run_requested_cb (MwWindow     *window,
                  MwRunCommand  command,
                  WindowRun    *wr)
{
  switch (command)
    {
    case MW_RUN_COMMAND_START:
      start_run (wr);
      break;
    case MW_RUN_COMMAND_PAUSE:
      mw_trainer_pause (wr->trainer);
      break;
    case MW_RUN_COMMAND_RESUME:
      mw_trainer_resume (wr->trainer);
      break;
    case MW_RUN_COMMAND_STEP:
      mw_trainer_step (wr->trainer);
      break;
    case MW_RUN_COMMAND_STOP:
      mw_trainer_stop (wr->trainer);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
form_valid_cb (MwExperimentForm *form,
               GParamSpec       *pspec,
               WindowRun        *wr)
{
  mw_window_set_start_allowed (wr->window, mw_experiment_form_get_valid (form));
}

/* The window is going away: stop the run and join its thread now, while the
 * widgets the handlers touch still exist. */
static void
window_destroy_cb (MwWindow  *window,
                   WindowRun *wr)
{
  g_signal_handlers_disconnect_by_data (wr->trainer, wr);
  g_signal_handlers_disconnect_by_data (wr->form, wr);
  g_clear_object (&wr->trainer);
}

static void
window_run_free (gpointer data)
{
  WindowRun *wr = data;

  g_clear_object (&wr->trainer);
  g_free (wr);
}

static void
attach_run (MwWindow *window)
{
  WindowRun *wr = g_new0 (WindowRun, 1);

  wr->window = window;
  wr->form = MW_EXPERIMENT_FORM (mw_experiment_form_new ());
  wr->view = MW_RUN_VIEW (mw_run_view_new ());
  wr->trainer = mw_trainer_new ();
  g_object_set_data_full (G_OBJECT (window), WINDOW_RUN_KEY, wr, window_run_free);

  mw_window_set_experiment_form (window, GTK_WIDGET (wr->form));
  mw_window_set_run_view (window, GTK_WIDGET (wr->view));

  g_signal_connect (wr->form, "notify::valid", G_CALLBACK (form_valid_cb), wr);
  g_signal_connect (window, "run-requested", G_CALLBACK (run_requested_cb), wr);
  g_signal_connect (window, "destroy", G_CALLBACK (window_destroy_cb), wr);
  g_signal_connect (wr->trainer, "state-changed", G_CALLBACK (trainer_state_changed_cb), wr);
  g_signal_connect (wr->trainer, "notify::iteration", G_CALLBACK (trainer_iteration_cb), wr);
  g_signal_connect (wr->trainer, "metrics", G_CALLBACK (trainer_metrics_cb), wr);
  g_signal_connect (wr->trainer, "failed", G_CALLBACK (trainer_failed_cb), wr);

  mw_window_set_start_allowed (window, mw_experiment_form_get_valid (wr->form));
  mw_window_set_run_state (window, mw_trainer_get_state (wr->trainer));
}

MwTrainer *
mw_application_get_trainer (MwApplication *self,
                            MwWindow      *window)
{
  WindowRun *wr;

  g_return_val_if_fail (MW_IS_APPLICATION (self), NULL);
  g_return_val_if_fail (MW_IS_WINDOW (window), NULL);

  wr = g_object_get_data (G_OBJECT (window), WINDOW_RUN_KEY);
  return wr != NULL ? wr->trainer : NULL;
}

static void
mw_application_activate (GApplication *application)
{
  GtkApplication *app = GTK_APPLICATION (application);
  GtkWindow *window;

  /* A second launch raises the existing window instead of opening another. */
  window = gtk_application_get_active_window (app);
  if (window == NULL)
    {
      window = GTK_WINDOW (mw_window_new (app));
      attach_run (MW_WINDOW (window));
    }

  gtk_window_present (window);
}

static void
mw_application_class_init (MwApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->startup = mw_application_startup;
  app_class->activate = mw_application_activate;
}

static void
mw_application_init (MwApplication *self)
{
}

MwApplication *
mw_application_new (void)
{
  return g_object_new (MW_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}
