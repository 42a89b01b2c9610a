/* mw-application.c: the Meta Workbench GtkApplication. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-application.h"
#include "mw-delete-controller.h"
#include "mw-experiment-form.h"
#include "mw-handout-banner.h"
#include "mw-handout-controller.h"
#include "mw-inspect-controller.h"
#include "mw-run-list.h"
#include "mw-run-manager.h"
#include "mw-run-view.h"
#include "mw-window.h"

/* What connects one window to the runs: the window's form, run list and run
 * view on one side, the application's run manager (app/, owns the worker
 * threads) on the other. */
typedef struct {
  MwWindow         *window;   /* unowned: this lives as long as the window */
  MwExperimentForm *form;     /* unowned: in the window */
  MwRunView        *view;     /* unowned: in the window */
  MwRunList        *list;     /* unowned: in the window */
  MwRunManager     *manager;  /* owned */
  GSettings        *settings; /* owned; NULL without the installed schema */
  MwRunItem        *selected; /* owned */
  gulong            selected_handler;
  MwInspectController *inspect; /* owned; its page is in the window */
  GtkWidget        *inspect_page;   /* the window's */
  char             *inspected;      /* checkpoint the inspector holds (owned) */
  gint64            inspected_time; /* its modification time, µs: a training run saves anew */
  gboolean          unavailable;    /* the Inspect page says the selected run has none yet */
  gulong            selected_progress_handler;
  guint             count_training_id;  /* while Inspect is shown */
  MwHandoutController *handout;     /* owned; opens experiment files and handouts */
  MwDeleteController *deleter;      /* owned; Delete with Undo, in a toast */
  guint             save_form_source; /* the form's settings to save, once it rests */
} WindowRun;

/* How long the form rests before its settings are saved: a spin button held down
 * writes once, not at every step. */
#define SAVE_FORM_DELAY_MS 500

#define WINDOW_RUN_KEY "mw-window-run"

#define RESOURCE_BASE_PATH "/io/github/metaworkbench/MetaWorkbench"

struct _MwApplication
{
  GtkApplication parent_instance;

  MwRunManager *manager;
};

G_DEFINE_FINAL_TYPE (MwApplication, mw_application, GTK_TYPE_APPLICATION)

/* Every keyboard shortcut lives here, so the shortcuts window (which looks
 * the keys up by action name) always shows what is really bound. */
static const struct {
  const char *action;
  const char *accels[4];
} app_accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.shortcuts", { "<Control>question", NULL } },
  { "win.guide", { "F1", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.start", { "F5", NULL } },
  { "win.pause", { "F6", NULL } },
  { "win.step", { "F7", NULL } },
  { "win.stop", { "<Shift>F5", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.save-handout", { "<Shift><Control>s", NULL } },
  { "win.export-chart", { "<Control>e", NULL } },
  { "win.fullscreen", { "F11", NULL } },
  /* F5, which presentation programs use, starts a run here. */
  { "win.presentation", { "<Shift><Control>p", NULL } },
  /* Plus needs Shift on many keyboards: Ctrl+= is the same key without it. */
  { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
  { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
  { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
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
  MwApplication *self = MW_APPLICATION (application);
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

  /* Saved runs come back while the window opens: read in a worker thread. */
  self->manager = mw_run_manager_new (NULL);
  mw_run_manager_load (self->manager);

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, RESOURCE_BASE_PATH "/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* --- the selected run ------------------------------------------------------- */

static void
update_run_state (WindowRun *wr)
{
  mw_window_set_run_state (wr->window, wr->selected != NULL ? mw_run_item_get_state (wr->selected)
                                                            : MW_RUN_STATE_IDLE);
}

/* The inspector follows the selected run: it loads the run's checkpoint (its
 * own copy, so a run still training is never touched; a training run's is
 * that of its last validation, loaded again when the run is selected again
 * or ends), or says why there is none yet.  It does so
 * only while the Inspect view is shown: building its pictures costs the main
 * loop, which must stay free for the charts while runs train. */
static gint64
modification_time (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info == NULL)
    return 0;
  return (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
         g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
}

static void
inspect_selected (WindowRun *wr)
{
  g_autofree char *checkpoint = NULL;
  MwRunState state;
  gint64 modified;

  if (wr->inspect_page == NULL || !gtk_widget_get_mapped (wr->inspect_page))
    return;
  if (wr->selected == NULL)
    {
      if (wr->inspected != NULL || wr->unavailable)
        {
          g_clear_pointer (&wr->inspected, g_free);
          wr->unavailable = FALSE;
          mw_inspect_controller_load_checkpoint (wr->inspect, NULL, NULL);
        }
      return;
    }
  checkpoint = g_build_filename (mw_run_manager_get_run_dir (wr->manager, wr->selected),
                                 "checkpoint.mwc", NULL);
  state = mw_run_item_get_state (wr->selected);
  if (!g_file_test (checkpoint, G_FILE_TEST_EXISTS))
    {
      g_clear_pointer (&wr->inspected, g_free);
      wr->unavailable = TRUE;
      mw_inspect_controller_show_unavailable (wr->inspect, mw_run_item_get_name (wr->selected),
                                              mw_run_item_get_regression (wr->selected),
                                              MW_RUN_STATE_IS_FINAL (state)
                                              ? _("Nothing to inspect: the run ended before it saved a checkpoint")
                                              : _("Available after the first validation"));
      return;
    }
  modified = modification_time (checkpoint);
  if (g_strcmp0 (checkpoint, wr->inspected) == 0 && modified == wr->inspected_time)
    return;
  g_free (wr->inspected);
  wr->inspected = g_steal_pointer (&checkpoint);
  wr->inspected_time = modified;
  wr->unavailable = FALSE;
  mw_inspect_controller_load_checkpoint (wr->inspect, wr->inspected, mw_run_item_get_name (wr->selected));
}

/* A run waiting for its first checkpoint: each new iteration may follow the
 * validation that saved it. */
static void
selected_progress_cb (MwRunItem  *item,
                      GParamSpec *pspec,
                      WindowRun  *wr)
{
  if (wr->unavailable)
    inspect_selected (wr);
}

/* The Cost view's timings would include the work of runs training: the
 * inspector is told how many train, counted every second while Inspect is
 * shown. */
static gboolean
count_training_cb (gpointer data)
{
  WindowRun *wr = data;
  GListModel *runs = mw_run_manager_get_runs (wr->manager);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(MwRunItem) item = g_list_model_get_item (runs, i);
      MwRunState state = mw_run_item_get_state (item);

      n += state == MW_RUN_STATE_RUNNING || state == MW_RUN_STATE_LOADING;
    }
  mw_inspect_controller_set_training_runs (wr->inspect, n);
  return G_SOURCE_CONTINUE;
}

static void
inspect_page_mapped_cb (GtkWidget *page,
                        WindowRun *wr)
{
  count_training_cb (wr);
  if (wr->count_training_id == 0)
    wr->count_training_id = g_timeout_add_seconds (1, count_training_cb, wr);
  inspect_selected (wr);
}

static void
inspect_page_unmapped_cb (GtkWidget *page,
                          WindowRun *wr)
{
  g_clear_handle_id (&wr->count_training_id, g_source_remove);
}

/* "Compare Runs" tests the inspected run and every other finished run shown on
 * the charts (the eye toggle) that learns the same kind of task, each from its
 * checkpoint, on the same test episodes.  Gathered when asked, so it follows the
 * list as it is then. */
static void
compare_requested_cb (MwInspectPage *page,
                      WindowRun     *wr)
{
  GListModel *runs = mw_run_manager_get_runs (wr->manager);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) checkpoints = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) colors = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));

  if (wr->selected == NULL || wr->inspected == NULL)
    {
      mw_inspect_controller_set_compare_runs (wr->inspect, 0, NULL, NULL, NULL);
      return;
    }
  g_ptr_array_add (names, g_strdup (mw_run_item_get_name (wr->selected)));
  g_ptr_array_add (checkpoints, NULL);   /* the inspected run itself */
  g_array_append_val (colors, *mw_run_item_get_color (wr->selected));
  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(MwRunItem) item = g_list_model_get_item (runs, i);
      g_autofree char *checkpoint = NULL;

      if (item == wr->selected || !mw_run_item_get_visible (item) ||
          !MW_RUN_STATE_IS_FINAL (mw_run_item_get_state (item)) ||
          mw_run_item_get_regression (item) != mw_run_item_get_regression (wr->selected))
        continue;
      checkpoint = g_build_filename (mw_run_manager_get_run_dir (wr->manager, item),
                                     "checkpoint.mwc", NULL);
      if (!g_file_test (checkpoint, G_FILE_TEST_EXISTS))
        continue;
      g_ptr_array_add (names, g_strdup (mw_run_item_get_name (item)));
      g_ptr_array_add (checkpoints, g_steal_pointer (&checkpoint));
      g_array_append_val (colors, *mw_run_item_get_color (item));
    }
  mw_inspect_controller_set_compare_runs (wr->inspect, (int) names->len,
                                          (const char * const *) names->pdata,
                                          (const char * const *) checkpoints->pdata,
                                          (const GdkRGBA *) colors->data);
}

/* A view's record may draw the other runs beside the inspected one (the Boundary
 * page's small multiples): every other run of the list with a checkpoint, gathered
 * when asked so that it follows the list as it is then; the view's kind picks the
 * ones it can draw. */
static void
inspection_requested_cb (MwInspectPage          *page,
                         const MwInspectionKind *kind,
                         const char             *status,
                         GVariant               *params,
                         WindowRun              *wr)
{
  GListModel *runs = mw_run_manager_get_runs (wr->manager);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) checkpoints = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (runs); i++)
    {
      g_autoptr(MwRunItem) item = g_list_model_get_item (runs, i);
      g_autofree char *checkpoint = NULL;

      if (item == wr->selected || mw_run_item_get_regression (item))
        continue;
      checkpoint = g_build_filename (mw_run_manager_get_run_dir (wr->manager, item),
                                     "checkpoint.mwc", NULL);
      if (!g_file_test (checkpoint, G_FILE_TEST_EXISTS))
        continue;
      g_ptr_array_add (names, g_strdup (mw_run_item_get_name (item)));
      g_ptr_array_add (checkpoints, g_steal_pointer (&checkpoint));
    }
  mw_inspect_controller_set_peer_runs (wr->inspect, (int) names->len,
                                       (const char * const *) names->pdata,
                                       (const char * const *) checkpoints->pdata);
}

static void
selected_state_cb (MwRunItem  *item,
                   GParamSpec *pspec,
                   WindowRun  *wr)
{
  update_run_state (wr);
  inspect_selected (wr);
}

static void
selected_changed_cb (MwRunList  *list,
                     GParamSpec *pspec,
                     WindowRun  *wr)
{
  MwRunItem *item = mw_run_list_get_selected (list);

  if (wr->selected == item)
    return;
  if (wr->selected != NULL)
    {
      g_clear_signal_handler (&wr->selected_handler, wr->selected);
      g_clear_signal_handler (&wr->selected_progress_handler, wr->selected);
      g_clear_object (&wr->selected);
    }
  if (item != NULL)
    {
      wr->selected = g_object_ref (item);
      wr->selected_handler = g_signal_connect (item, "notify::state",
                                               G_CALLBACK (selected_state_cb), wr);
      wr->selected_progress_handler = g_signal_connect (item, "notify::iteration",
                                                        G_CALLBACK (selected_progress_cb), wr);
    }
  mw_run_view_show_run (wr->view, item);
  update_run_state (wr);
  inspect_selected (wr);
}

/* --- the runs in the charts ------------------------------------------------- */

static void
update_content_page (WindowRun *wr)
{
  GListModel *runs = mw_run_manager_get_runs (wr->manager);

  mw_window_set_content_page (wr->window, g_list_model_get_n_items (runs) > 0
                                          ? MW_WINDOW_PAGE_CHART : MW_WINDOW_PAGE_EMPTY);
}

/* The charts follow the model themselves; here: the page, and a selection
 * whenever there are runs. */
static void
runs_changed_cb (GListModel *runs,
                 guint       position,
                 guint       removed,
                 guint       added,
                 WindowRun  *wr)
{
  guint n = g_list_model_get_n_items (runs);

  if (mw_run_list_get_selected (wr->list) == NULL && n > 0)
    {
      g_autoptr(MwRunItem) last = g_list_model_get_item (runs, n - 1);
      mw_run_list_select (wr->list, last);
    }
  update_content_page (wr);
}

static void
manager_metrics_cb (MwRunManager *manager,
                    MwRunItem    *item,
                    GArray       *points,
                    WindowRun    *wr)
{
  mw_run_view_append (wr->view, mw_run_item_get_id (item), points);
}

/* A run continues from its checkpoint: its curves start again from the
 * saved ones up to it (the metrics that follow). */
static void
manager_curves_reset_cb (MwRunManager *manager,
                         MwRunItem    *item,
                         WindowRun    *wr)
{
  mw_run_view_clear_run (wr->view, mw_run_item_get_id (item));
}

static void
continue_requested_cb (MwRunList *list,
                       MwRunItem *item,
                       WindowRun *wr)
{
  if (mw_run_manager_continue_run (wr->manager, item))
    mw_run_list_select (wr->list, item);
}

/* "Use These Settings": the run's every setting in the form, ready to change
 * and start (as an experiment file opens). */
static void
use_settings_requested_cb (MwRunList *list,
                           MwRunItem *item,
                           WindowRun *wr)
{
  const MwExperimentConfig *config = mw_run_manager_get_config (wr->manager, item);

  if (config != NULL)
    mw_experiment_form_load_config (wr->form, config);
}

/* "Duplicate": a new run of the same settings, named after the run (the
 * manager numbers it: "NAME (2)"), selected as a started run is. */
static void
duplicate_requested_cb (MwRunList *list,
                        MwRunItem *item,
                        WindowRun *wr)
{
  const MwExperimentConfig *config = mw_run_manager_get_config (wr->manager, item);
  g_autoptr(GError) error = NULL;
  MwRunItem *copy;

  if (config == NULL)
    return;
  copy = mw_run_manager_add_run (wr->manager, config, &error);
  if (copy == NULL)
    {
      g_warning ("Could not duplicate %s: %s", mw_run_item_get_name (item), error->message);
      return;
    }
  mw_run_item_set_name (copy, mw_run_item_get_name (item));
  mw_run_list_select (wr->list, copy);
}

static void
delete_requested_cb (MwRunList *list,
                     MwRunItem *item,
                     WindowRun *wr)
{
  mw_delete_controller_delete (wr->deleter, item);
}

/* --- the form's settings, remembered ------------------------------------------ */

/* What the form holds, every setting (its extras too), for the next start. */
static void
save_form_settings (WindowRun *wr)
{
  MwExperimentConfig config;
  g_autofree char *data = NULL;

  g_clear_handle_id (&wr->save_form_source, g_source_remove);
  if (wr->settings == NULL)
    return;
  mw_experiment_form_get_config (wr->form, &config);
  data = mw_experiment_config_to_data (&config);
  mw_experiment_config_clear (&config);
  g_settings_set_string (wr->settings, "last-experiment", data);
}

static void
save_form_timeout_cb (gpointer data)
{
  WindowRun *wr = data;

  wr->save_form_source = 0;
  save_form_settings (wr);
}

static void
form_changed_cb (MwExperimentForm *form,
                 WindowRun        *wr)
{
  if (wr->save_form_source == 0)
    wr->save_form_source = g_timeout_add_once (SAVE_FORM_DELAY_MS, save_form_timeout_cb, wr);
}

static void
restore_form_settings (WindowRun *wr)
{
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  MwExperimentConfig config;

  if (wr->settings == NULL)
    return;
  data = g_settings_get_string (wr->settings, "last-experiment");
  if (data == NULL || *data == '\0')
    return;   /* first start: the form's default, MAML on the built-in glyphs */

  mw_experiment_config_init (&config, MW_ALGO_MAML);
  /* Loaded as an experiment file is: the settings without a field come back too. */
  if (mw_experiment_config_load_data (&config, data, &error))
    mw_experiment_form_load_config (wr->form, &config);
  else
    g_message ("Ignoring the remembered experiment settings: %s", error->message);
  mw_experiment_config_clear (&config);
}

/* --- run controls ----------------------------------------------------------------- */

static void
start_run (WindowRun *wr)
{
  MwExperimentConfig config;
  g_autoptr(GError) error = NULL;
  MwRunItem *item;

  mw_experiment_form_get_config (wr->form, &config);
  item = mw_run_manager_add_run (wr->manager, &config, &error);
  if (item != NULL)
    {
      save_form_settings (wr);
      mw_run_list_select (wr->list, item);
    }
  else
    g_warning ("Could not start a run: %s", error->message);

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
      mw_run_manager_pause (wr->manager, wr->selected);
      break;
    case MW_RUN_COMMAND_RESUME:
      mw_run_manager_resume (wr->manager, wr->selected);
      break;
    case MW_RUN_COMMAND_STEP:
      mw_run_manager_step (wr->manager, wr->selected);
      break;
    case MW_RUN_COMMAND_STOP:
      mw_run_manager_stop (wr->manager, wr->selected);
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

/* The window is going away: stop listening while the widgets the handlers
 * touch still exist. The runs belong to the application and go on. */
static void
window_destroy_cb (MwWindow  *window,
                   WindowRun *wr)
{
  /* The window's toast offered Undo: it goes with the window. */
  mw_delete_controller_flush (wr->deleter);
  /* The last change, still waiting for the form to rest. */
  if (wr->save_form_source != 0)
    save_form_settings (wr);
  g_signal_handlers_disconnect_by_data (wr->manager, wr);
  g_signal_handlers_disconnect_by_data (mw_run_manager_get_runs (wr->manager), wr);
  g_signal_handlers_disconnect_by_data (wr->form, wr);
  g_signal_handlers_disconnect_by_data (wr->list, wr);
  if (wr->inspect_page != NULL)
    g_signal_handlers_disconnect_by_data (wr->inspect_page, wr);
  g_clear_handle_id (&wr->count_training_id, g_source_remove);
  if (wr->selected != NULL)
    {
      g_clear_signal_handler (&wr->selected_handler, wr->selected);
      g_clear_signal_handler (&wr->selected_progress_handler, wr->selected);
      g_clear_object (&wr->selected);
    }
}

static void
window_run_free (gpointer data)
{
  WindowRun *wr = data;

  if (wr->selected != NULL)
    {
      g_clear_signal_handler (&wr->selected_handler, wr->selected);
      g_clear_signal_handler (&wr->selected_progress_handler, wr->selected);
      g_clear_object (&wr->selected);
    }
  g_clear_handle_id (&wr->save_form_source, g_source_remove);
  g_clear_handle_id (&wr->count_training_id, g_source_remove);
  g_clear_object (&wr->inspect);
  g_clear_object (&wr->handout);
  g_clear_object (&wr->deleter);
  g_free (wr->inspected);
  g_clear_object (&wr->settings);
  g_clear_object (&wr->manager);
  g_free (wr);
}

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;   /* the window says so once */
  return g_settings_new_full (schema, NULL, NULL);
}

static void
attach_run (MwApplication *self,
            MwWindow      *window)
{
  WindowRun *wr = g_new0 (WindowRun, 1);
  GListModel *runs = mw_run_manager_get_runs (self->manager);

  wr->window = window;
  wr->manager = g_object_ref (self->manager);
  wr->settings = settings_new_if_installed ();
  wr->form = MW_EXPERIMENT_FORM (mw_experiment_form_new ());
  wr->view = MW_RUN_VIEW (mw_run_view_new ());
  wr->list = MW_RUN_LIST (mw_run_list_new ());
  g_object_set_data_full (G_OBJECT (window), WINDOW_RUN_KEY, wr, window_run_free);

  mw_window_set_experiment_form (window, GTK_WIDGET (wr->form));
  mw_window_set_run_view (window, GTK_WIDGET (wr->view));
  mw_window_set_run_list (window, GTK_WIDGET (wr->list));
  {
    GtkWidget *page = mw_inspect_page_new ();

    /* Connected before the controller's own handler, which then tests them. */
    g_signal_connect (page, "compare-requested", G_CALLBACK (compare_requested_cb), wr);
    g_signal_connect (page, "inspection-requested", G_CALLBACK (inspection_requested_cb), wr);
    wr->inspect = mw_inspect_controller_new (MW_INSPECT_PAGE (page));
    wr->inspect_page = page;
    g_signal_connect (page, "map", G_CALLBACK (inspect_page_mapped_cb), wr);
    g_signal_connect (page, "unmap", G_CALLBACK (inspect_page_unmapped_cb), wr);
    mw_window_set_inspect_page (window, page);
    mw_window_enable_folder_drop (window);
  }
  {
    GtkWidget *banner = mw_handout_banner_new ();

    mw_window_set_banner (window, banner);
    wr->handout = mw_handout_controller_new (window, wr->form, MW_HANDOUT_BANNER (banner));
  }
  {
    GtkWidget *toast = mw_toast_new ();

    mw_window_add_overlay (window, toast);
    wr->deleter = mw_delete_controller_new (self->manager, wr->list, wr->view, MW_TOAST (toast));
  }
  mw_run_list_set_model (wr->list, runs);
  mw_run_view_set_runs (wr->view, runs);
  restore_form_settings (wr);

  g_signal_connect (wr->form, "notify::valid", G_CALLBACK (form_valid_cb), wr);
  g_signal_connect (wr->form, "changed", G_CALLBACK (form_changed_cb), wr);
  g_signal_connect (window, "run-requested", G_CALLBACK (run_requested_cb), wr);
  g_signal_connect (window, "destroy", G_CALLBACK (window_destroy_cb), wr);
  g_signal_connect (wr->list, "notify::selected", G_CALLBACK (selected_changed_cb), wr);
  g_signal_connect (wr->list, "delete-requested", G_CALLBACK (delete_requested_cb), wr);
  g_signal_connect (wr->list, "continue-requested", G_CALLBACK (continue_requested_cb), wr);
  g_signal_connect (wr->list, "use-settings-requested", G_CALLBACK (use_settings_requested_cb), wr);
  g_signal_connect (wr->list, "duplicate-requested", G_CALLBACK (duplicate_requested_cb), wr);
  g_signal_connect (runs, "items-changed", G_CALLBACK (runs_changed_cb), wr);
  g_signal_connect (self->manager, "metrics", G_CALLBACK (manager_metrics_cb), wr);
  g_signal_connect (self->manager, "curves-reset", G_CALLBACK (manager_curves_reset_cb), wr);

  /* Runs that are already there (another window opened them). */
  if (g_list_model_get_n_items (runs) > 0)
    runs_changed_cb (runs, 0, 0, g_list_model_get_n_items (runs), wr);

  mw_window_set_start_allowed (window, mw_experiment_form_get_valid (wr->form));
  update_run_state (wr);
}

MwRunManager *
mw_application_get_run_manager (MwApplication *self)
{
  g_return_val_if_fail (MW_IS_APPLICATION (self), NULL);
  return self->manager;
}

/* The main window, made on first use; other windows (the guide, dialogs) are
 * not it. A second launch raises it instead of opening another. */
static MwWindow *
present_main_window (MwApplication *self)
{
  MwWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (MW_IS_WINDOW (l->data) && g_object_get_data (l->data, WINDOW_RUN_KEY) != NULL)
      {
        window = l->data;
        break;
      }
  if (window == NULL)
    {
      window = mw_window_new (GTK_APPLICATION (self));
      attach_run (self, window);
    }

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
mw_application_activate (GApplication *application)
{
  present_main_window (MW_APPLICATION (application));
}

/* Files from the command line or the file manager (here, or sent over from a
 * second launch): the window with the experiment in its form, ready to
 * start. The form holds one experiment, so the first file is the one. */
static void
mw_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  MwWindow *window = present_main_window (MW_APPLICATION (application));
  WindowRun *wr = g_object_get_data (G_OBJECT (window), WINDOW_RUN_KEY);

  if (n_files > 1)
    g_message ("Opening %s; the window holds one experiment at a time",
               g_file_peek_path (files[0]) != NULL ? g_file_peek_path (files[0]) : "the first file");
  if (n_files > 0)
    mw_handout_controller_open (wr->handout, files[0]);
}

/* Quitting: the runs still going stop and save their files. */
static void
mw_application_shutdown (GApplication *application)
{
  MwApplication *self = MW_APPLICATION (application);

  if (self->manager != NULL)
    mw_run_manager_shutdown (self->manager);

  G_APPLICATION_CLASS (mw_application_parent_class)->shutdown (application);
}

static void
mw_application_dispose (GObject *object)
{
  MwApplication *self = MW_APPLICATION (object);

  g_clear_object (&self->manager);

  G_OBJECT_CLASS (mw_application_parent_class)->dispose (object);
}

static void
mw_application_class_init (MwApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mw_application_dispose;
  app_class->startup = mw_application_startup;
  app_class->shutdown = mw_application_shutdown;
  app_class->activate = mw_application_activate;
  app_class->open = mw_application_open;
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
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}
