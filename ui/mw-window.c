/* mw-window.c: the main Meta Workbench window. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-guide-window.h"
#include "mw-curve-plot.h"
#include "mw-inspect-page.h"
#include "mw-text-scale.h"
#include "mw-run-list.h"
#include "mw-window.h"

struct _MwWindow
{
  GtkApplicationWindow parent_instance;

  /* NULL when the schema is not installed (running from a build tree without
   * `meson devenv`): the window then works but forgets its size. */
  GSettings *settings;

  MwRunState run_state;
  gboolean   start_allowed;

  MwTextScale *text_scale;  /* the zoom and presentation mode, and their actions */
  /* The run list keeps its natural height (four rows) until the user moves
   * the divider below it; then the height chosen, remembered. */
  gboolean run_list_height_chosen;
  gboolean fitting_run_list;

  GtkWindow *guide;   /* weak: GTK owns it; NULL until F1, or once closed */
  GtkWidget *last_chart;  /* weak: the chart that last had the keyboard focus */

  /* Template children */
  GtkButton *pause_button;
  GtkMenuButton *primary_menu_button;
  GtkPaned  *paned;
  GtkBox    *experiment_slot;
  GtkWidget *experiment_placeholder;
  GtkStack  *content_stack;
  GtkBox    *chart_slot;
  GtkBox    *run_list_slot;
  GtkPaned  *content_paned;
  GtkStack  *view_stack;
  GtkBox    *inspect_slot;
  GtkBox    *banner_slot;
  GtkOverlay *overlay;
};

G_DEFINE_FINAL_TYPE (MwWindow, mw_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_RUN_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RUN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Keep in step with the range in the schema. */
#define SIDEBAR_MIN_WIDTH 200
#define SIDEBAR_MAX_WIDTH 800

static void
request_run_command (MwWindow     *self,
                     MwRunCommand  command)
{
  g_signal_emit (self, signals[RUN_REQUESTED], 0, command);
}

static void
start_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  request_run_command (MW_WINDOW (user_data), MW_RUN_COMMAND_START);
}

/* One action for both, so F6 and the one header bar button toggle. */
static void
pause_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  MwWindow *self = MW_WINDOW (user_data);

  if (self->run_state == MW_RUN_STATE_PAUSED)
    request_run_command (self, MW_RUN_COMMAND_RESUME);
  else
    request_run_command (self, MW_RUN_COMMAND_PAUSE);
}

static void
step_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  request_run_command (MW_WINDOW (user_data), MW_RUN_COMMAND_STEP);
}

static void
stop_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  request_run_command (MW_WINDOW (user_data), MW_RUN_COMMAND_STOP);
}

/* One guide per window, raised again rather than opened twice. */
static void
guide_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  MwWindow *self = MW_WINDOW (user_data);

  if (self->guide == NULL)
    {
      self->guide = GTK_WINDOW (mw_guide_window_new (GTK_WINDOW (self)));
      g_object_add_weak_pointer (G_OBJECT (self->guide), (gpointer *) &self->guide);
    }
  gtk_window_present (self->guide);
}

/* The first shown chart under @widget, and whether @chart is one of them. */
static GtkWidget *
find_charts (GtkWidget *widget,
             GtkWidget *chart,
             gboolean  *has_chart)
{
  GtkWidget *first = NULL;

  if (!gtk_widget_get_visible (widget))
    return NULL;
  if (MW_IS_CURVE_PLOT (widget))
    {
      *has_chart = *has_chart || widget == chart;
      return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_charts (child, chart, has_chart);

      if (first == NULL)
        first = found;
    }
  return first;
}

/* The header bar's Export Chart… exports the chart the user last clicked or
 * tabbed to, as GNOME's window-wide commands act on the focused item; before
 * any, the first (the loss). Its save dialog offers every format, and each
 * chart's own context menu reaches the others without moving the focus. */
static void
export_chart_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  MwWindow *self = MW_WINDOW (user_data);
  GtkWidget *view = mw_window_get_run_view (self);
  gboolean has_last = FALSE;
  GtkWidget *chart;

  if (view == NULL)
    return;
  chart = find_charts (view, self->last_chart, &has_last);
  if (has_last)
    chart = self->last_chart;
  if (chart != NULL)
    gtk_widget_activate_action (chart, "plot.export", "s", "png");
}

static void
focus_widget_cb (MwWindow   *self,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL || !MW_IS_CURVE_PLOT (focus) || focus == self->last_chart)
    return;
  if (self->last_chart != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->last_chart), (gpointer *) &self->last_chart);
  self->last_chart = focus;
  g_object_add_weak_pointer (G_OBJECT (self->last_chart), (gpointer *) &self->last_chart);
}

/* --- full screen ------------------------------------------------------------- */

/* Asks for full screen or back; the action's state follows the window's own
 * (fullscreened_cb), so leaving full screen by other means unchecks it. */
static void
fullscreen_changed (GSimpleAction *action,
                    GVariant      *value,
                    gpointer       user_data)
{
  GtkWindow *window = GTK_WINDOW (user_data);

  if (g_variant_get_boolean (value))
    gtk_window_fullscreen (window);
  else
    gtk_window_unfullscreen (window);
  g_simple_action_set_state (action, value);
}

static void
fullscreened_cb (MwWindow   *self,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "fullscreen");

  g_simple_action_set_state (G_SIMPLE_ACTION (action),
                             g_variant_new_boolean (gtk_window_is_fullscreen (GTK_WINDOW (self))));
}

static const GActionEntry win_entries[] = {
  { .name = "fullscreen", .state = "false", .change_state = fullscreen_changed },
  { .name = "start", .activate = start_activated },
  { .name = "pause", .activate = pause_activated },
  { .name = "step", .activate = step_activated },
  { .name = "stop", .activate = stop_activated },
  { .name = "guide", .activate = guide_activated },
  { .name = "export-chart", .activate = export_chart_activated },
};

static void
set_action_enabled (MwWindow   *self,
                    const char *name,
                    gboolean    enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
update_run_actions (MwWindow *self)
{
  MwRunState state = self->run_state;
  gboolean paused = state == MW_RUN_STATE_PAUSED;
  gboolean active = state == MW_RUN_STATE_RUNNING || paused;
  /* A run started while others go waits in the queue, so Start only needs
   * an engine and settings that can run (the experiment form says so). */
  gboolean can_start = state != MW_RUN_STATE_UNAVAILABLE;

  set_action_enabled (self, "start", can_start && self->start_allowed);
  set_action_enabled (self, "pause", active);
  set_action_enabled (self, "step", paused);
  set_action_enabled (self, "stop", active || state == MW_RUN_STATE_LOADING ||
                                    state == MW_RUN_STATE_QUEUED);

  gtk_button_set_icon_name (self->pause_button,
                            paused ? "media-playback-start-symbolic"
                                   : "media-playback-pause-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pause_button),
                               paused ? _("Resume Run") : _("Pause Run"));
}

static void
fit_run_list (MwWindow *self)
{
  GtkWidget *list = mw_window_get_run_list (self);

  /* Not on a guess: once the list has measured its rows. */
  if (self->run_list_height_chosen || !MW_IS_RUN_LIST (list) ||
      !mw_run_list_get_rows_measured (MW_RUN_LIST (list)))
    return;
  self->fitting_run_list = TRUE;
  gtk_paned_set_position (self->content_paned, mw_run_list_get_natural_height (MW_RUN_LIST (list)));
  self->fitting_run_list = FALSE;
}

static void
run_list_natural_height_cb (GtkWidget  *list,
                            GParamSpec *pspec,
                            MwWindow   *self)
{
  fit_run_list (self);
}

/* The divider moved, and not by fit_run_list(): the user's choice, unless the
 * paned only placed it by itself (no position set yet) or clamped it to the
 * room there is. */
static void
content_position_cb (GtkPaned   *paned,
                     GParamSpec *pspec,
                     MwWindow   *self)
{
  int max_position;
  gboolean position_set;

  g_object_get (paned, "max-position", &max_position, "position-set", &position_set, NULL);
  if (!self->fitting_run_list && gtk_paned_get_position (paned) < max_position &&
      position_set)
    self->run_list_height_chosen = TRUE;
}

static void
load_window_state (MwWindow *self)
{
  int width, height, sidebar_width, run_list_height;

  if (self->settings == NULL)
    return;

  width = g_settings_get_int (self->settings, "window-width");
  height = g_settings_get_int (self->settings, "window-height");
  sidebar_width = g_settings_get_int (self->settings, "sidebar-width");

  gtk_window_set_default_size (GTK_WINDOW (self), width, height);
  gtk_paned_set_position (self->paned, sidebar_width);
  run_list_height = g_settings_get_int (self->settings, "run-list-height");
  if (run_list_height > 0)
    {
      gtk_paned_set_position (self->content_paned, run_list_height);
      self->run_list_height_chosen = TRUE;
    }
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (MwWindow *self)
{
  int width, height;
  gboolean maximized;

  if (self->settings == NULL)
    return;

  /* The default size follows the unmaximized size, which is what should come
   * back when the window is restored. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  g_settings_set_int (self->settings, "sidebar-width",
                      CLAMP (gtk_paned_get_position (self->paned),
                             SIDEBAR_MIN_WIDTH, SIDEBAR_MAX_WIDTH));
  g_settings_set_int (self->settings, "run-list-height",
                      self->run_list_height_chosen ? gtk_paned_get_position (self->content_paned) : 0);
  g_settings_apply (self->settings);
}

static GSettings *
settings_new_if_installed (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_message ("GSettings schema %s is not installed; the window size will not be remembered",
                 APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static gboolean
mw_window_close_request (GtkWindow *window)
{
  save_window_state (MW_WINDOW (window));

  return GTK_WINDOW_CLASS (mw_window_parent_class)->close_request (window);
}

static void
mw_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MwWindow *self = MW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RUN_STATE:
      g_value_set_enum (value, self->run_state);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MwWindow *self = MW_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RUN_STATE:
      mw_window_set_run_state (self, g_value_get_enum (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_window_dispose (GObject *object)
{
  MwWindow *self = MW_WINDOW (object);

  /* No gtk_widget_dispose_template() here: on 4.8 it unparents the paned,
   * which is the GtkWindow's child, behind the window's back, and GtkWindow's
   * own dispose then unparents it a second time. GtkWindow releases its child
   * and titlebar itself. */
  g_clear_object (&self->settings);
  g_clear_object (&self->text_scale);
  g_signal_handlers_disconnect_by_func (self, focus_widget_cb, NULL);
  g_signal_handlers_disconnect_by_func (self, fullscreened_cb, NULL);
  if (self->last_chart != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->last_chart), (gpointer *) &self->last_chart);
  self->last_chart = NULL;
  if (self->guide != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->guide), (gpointer *) &self->guide);
      gtk_window_destroy (g_steal_pointer (&self->guide));
    }

  G_OBJECT_CLASS (mw_window_parent_class)->dispose (object);
}

static void
mw_window_class_init (MwWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->get_property = mw_window_get_property;
  object_class->set_property = mw_window_set_property;
  object_class->dispose = mw_window_dispose;

  window_class->close_request = mw_window_close_request;

  /**
   * MwWindow:run-state:
   *
   * What the run controls offer; see #MwRunState.
   */
  properties[PROP_RUN_STATE] =
    g_param_spec_enum ("run-state", NULL, NULL,
                       MW_TYPE_RUN_STATE,
                       MW_RUN_STATE_UNAVAILABLE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MwWindow::run-requested:
   * @self: the window
   * @command: the #MwRunCommand the user asked for
   *
   * Emitted when a run control is used. The window does not change its run
   * state itself: the handler does, through mw_window_set_run_state(), once
   * the command has taken effect.
   */
  signals[RUN_REQUESTED] =
    g_signal_new ("run-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MW_TYPE_RUN_COMMAND);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MwWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, experiment_slot);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, experiment_placeholder);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, chart_slot);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, run_list_slot);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, content_paned);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, inspect_slot);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, banner_slot);
  gtk_widget_class_bind_template_child (widget_class, MwWindow, overlay);
}

static void
mw_window_init (MwWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   win_entries, G_N_ELEMENTS (win_entries),
                                   self);

  /* No run engine is attached yet: everything starts disabled until the run
   * owner says otherwise. */
  self->run_state = MW_RUN_STATE_UNAVAILABLE;
  self->start_allowed = TRUE;
  update_run_actions (self);
  g_signal_connect (self, "notify::focus-widget", G_CALLBACK (focus_widget_cb), NULL);
  g_signal_connect (self, "notify::fullscreened", G_CALLBACK (fullscreened_cb), NULL);
  g_signal_connect (self->content_paned, "notify::position", G_CALLBACK (content_position_cb), self);

  gtk_stack_set_visible_child_name (self->content_stack, MW_WINDOW_PAGE_EMPTY);

  self->settings = settings_new_if_installed ();
  load_window_state (self);

  self->text_scale = mw_text_scale_new (GTK_WIDGET (self), self->settings);
  mw_text_scale_add_actions (self->text_scale, G_ACTION_MAP (self));
  gtk_popover_menu_add_child (GTK_POPOVER_MENU (gtk_menu_button_get_popover (self->primary_menu_button)),
                              mw_text_scale_zoom_row_new (self->text_scale), "zoom");
}

MwWindow *
mw_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (MW_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

MwRunState
mw_window_get_run_state (MwWindow *self)
{
  g_return_val_if_fail (MW_IS_WINDOW (self), MW_RUN_STATE_UNAVAILABLE);

  return self->run_state;
}

void
mw_window_set_run_state (MwWindow   *self,
                         MwRunState  state)
{
  g_return_if_fail (MW_IS_WINDOW (self));
  g_return_if_fail (state >= MW_RUN_STATE_UNAVAILABLE && state <= MW_RUN_STATE_QUEUED);

  if (self->run_state == state)
    return;

  self->run_state = state;
  update_run_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN_STATE]);
}

void
mw_window_set_experiment_form (MwWindow  *self,
                               GtkWidget *form)
{
  GtkWidget *child;

  g_return_if_fail (MW_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (form));
  g_return_if_fail (gtk_widget_get_parent (form) == NULL);

  /* The slot holds exactly one child: the placeholder or the form. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->experiment_slot))) != NULL)
    gtk_box_remove (self->experiment_slot, child);
  self->experiment_placeholder = NULL;

  gtk_box_append (self->experiment_slot, form);
}

const char *
mw_window_get_content_page (MwWindow *self)
{
  g_return_val_if_fail (MW_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->content_stack);
}

void
mw_window_set_start_allowed (MwWindow *self,
                             gboolean  allowed)
{
  g_return_if_fail (MW_IS_WINDOW (self));

  allowed = !!allowed;
  if (self->start_allowed == allowed)
    return;

  self->start_allowed = allowed;
  update_run_actions (self);
}

GtkWidget *
mw_window_get_experiment_form (MwWindow *self)
{
  GtkWidget *child;

  g_return_val_if_fail (MW_IS_WINDOW (self), NULL);

  child = gtk_widget_get_first_child (GTK_WIDGET (self->experiment_slot));
  return child == self->experiment_placeholder ? NULL : child;
}

void
mw_window_set_run_view (MwWindow  *self,
                        GtkWidget *view)
{
  GtkWidget *child;

  g_return_if_fail (MW_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (view));
  g_return_if_fail (gtk_widget_get_parent (view) == NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chart_slot))) != NULL)
    gtk_box_remove (self->chart_slot, child);

  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (self->chart_slot, view);
}

GtkWidget *
mw_window_get_run_view (MwWindow *self)
{
  g_return_val_if_fail (MW_IS_WINDOW (self), NULL);

  return gtk_widget_get_first_child (GTK_WIDGET (self->chart_slot));
}

void
mw_window_set_content_page (MwWindow   *self,
                            const char *page)
{
  g_return_if_fail (MW_IS_WINDOW (self));
  g_return_if_fail (g_strcmp0 (page, MW_WINDOW_PAGE_EMPTY) == 0 ||
                    g_strcmp0 (page, MW_WINDOW_PAGE_CHART) == 0);

  gtk_stack_set_visible_child_name (self->content_stack, page);
}

void
mw_window_set_run_list (MwWindow  *self,
                        GtkWidget *list)
{
  GtkWidget *child;

  g_return_if_fail (MW_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (list));
  g_return_if_fail (gtk_widget_get_parent (list) == NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->run_list_slot))) != NULL)
    gtk_box_remove (self->run_list_slot, child);

  gtk_widget_set_vexpand (list, TRUE);
  gtk_box_append (self->run_list_slot, list);
  if (MW_IS_RUN_LIST (list))
    g_signal_connect_object (list, "notify::natural-height",
                             G_CALLBACK (run_list_natural_height_cb), self, 0);
  fit_run_list (self);
}

GtkWidget *
mw_window_get_run_list (MwWindow *self)
{
  g_return_val_if_fail (MW_IS_WINDOW (self), NULL);

  return gtk_widget_get_first_child (GTK_WIDGET (self->run_list_slot));
}

void
mw_window_set_inspect_page (MwWindow  *self,
                            GtkWidget *page)
{
  GtkWidget *child;

  g_return_if_fail (MW_IS_WINDOW (self));
  g_return_if_fail (MW_IS_INSPECT_PAGE (page));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->inspect_slot))) != NULL)
    gtk_box_remove (self->inspect_slot, child);
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (self->inspect_slot, page);
}

GtkWidget *
mw_window_get_inspect_page (MwWindow *self)
{
  g_return_val_if_fail (MW_IS_WINDOW (self), NULL);

  return gtk_widget_get_first_child (GTK_WIDGET (self->inspect_slot));
}

GtkWindow *
mw_window_get_guide (MwWindow *self)
{
  g_return_val_if_fail (MW_IS_WINDOW (self), NULL);

  return self->guide;
}

void
mw_window_set_view (MwWindow   *self,
                    const char *view)
{
  g_return_if_fail (MW_IS_WINDOW (self));

  gtk_stack_set_visible_child_name (self->view_stack, view);
}

void
mw_window_set_banner (MwWindow  *self,
                      GtkWidget *banner)
{
  GtkWidget *child;

  g_return_if_fail (MW_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (banner));
  g_return_if_fail (gtk_widget_get_parent (banner) == NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->banner_slot))) != NULL)
    gtk_box_remove (self->banner_slot, child);
  gtk_box_append (self->banner_slot, banner);
}

GtkWidget *
mw_window_get_banner (MwWindow *self)
{
  g_return_val_if_fail (MW_IS_WINDOW (self), NULL);

  return gtk_widget_get_first_child (GTK_WIDGET (self->banner_slot));
}

void
mw_window_add_overlay (MwWindow  *self,
                       GtkWidget *widget)
{
  g_return_if_fail (MW_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (gtk_widget_get_parent (widget) == NULL);

  gtk_overlay_add_overlay (self->overlay, widget);
}

/* A folder dropped anywhere on the window opens in the task builder. */
static gboolean
window_drop_cb (GtkDropTarget *target,
                const GValue  *value,
                double         x,
                double         y,
                MwWindow      *self)
{
  GtkWidget *page = mw_window_get_inspect_page (self);

  if (page == NULL || !G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  for (GSList *l = g_value_get_boxed (value); l != NULL; l = l->next)
    if (g_file_query_file_type (l->data, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
      {
        gtk_stack_set_visible_child_name (self->content_stack, MW_WINDOW_PAGE_CHART);
        mw_window_set_view (self, "inspect");
        mw_inspect_page_show_page (MW_INSPECT_PAGE (page), "task");
        mw_task_builder_open_folder (mw_inspect_page_get_task_builder (MW_INSPECT_PAGE (page)), l->data);
        return TRUE;
      }
  return FALSE;
}

void
mw_window_enable_folder_drop (MwWindow *self)
{
  GtkDropTarget *drop;

  g_return_if_fail (MW_IS_WINDOW (self));

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (window_drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}
