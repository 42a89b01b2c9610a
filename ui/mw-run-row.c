/* mw-run-row.c: one row of the run list. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-run-row.h"

struct _MwRunRow
{
  GtkWidget parent_instance;

  MwRunItem *item;
  GBinding *visible_binding;
  gulong notify_id;

  /* Template children */
  GtkWidget        *box;
  GtkDrawingArea   *swatch;
  GtkStack         *name_stack;
  GtkLabel         *name_label;
  GtkEntry         *name_entry;
  GtkLabel         *status_label;
  GtkProgressBar   *progress_bar;
  GtkToggleButton  *visible_button;
  GtkWidget        *continue_button;
};

G_DEFINE_FINAL_TYPE (MwRunRow, mw_run_row, GTK_TYPE_WIDGET)

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  MwRunRow *self = MW_RUN_ROW (data);
  double r = MIN (width, height) / 2.0;

  if (self->item == NULL)
    return;

  gdk_cairo_set_source_rgba (cr, mw_run_item_get_color (self->item));
  cairo_arc (cr, width / 2.0, height / 2.0, r, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
update_from_item (MwRunRow *self)
{
  g_autofree char *status = NULL;
  MwRunState state;
  gboolean visible;

  if (self->item == NULL)
    return;

  gtk_label_set_label (self->name_label, mw_run_item_get_name (self->item));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), mw_run_item_get_name (self->item));
  status = mw_run_item_dup_status_text (self->item);
  gtk_label_set_label (self->status_label, status);
  state = mw_run_item_get_state (self->item);
  /* While validating, the bar fills with the validation's episodes (the status says
   * so): the iteration's bar stands still for as long as a validation takes. */
  gtk_progress_bar_set_fraction (self->progress_bar,
                                 mw_run_item_get_validating (self->item)
                                 ? mw_run_item_get_validation_fraction (self->item)
                                 : mw_run_item_get_fraction (self->item));
  /* The bar says how far an active run is; an ended run says it in words. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar),
                          MW_RUN_STATE_IS_ACTIVE (state) || state == MW_RUN_STATE_QUEUED);
  if (state == MW_RUN_STATE_FAILED)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->status_label),
                               mw_run_item_get_error_message (self->item));

  /* Continue where the run can go on from its checkpoint. */
  gtk_widget_set_visible (self->continue_button, mw_run_item_get_resumable (self->item));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.continue",
                                 mw_run_item_get_resumable (self->item));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.use-settings",
                                 mw_run_item_get_has_settings (self->item));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.duplicate",
                                 mw_run_item_get_has_settings (self->item));

  visible = mw_run_item_get_visible (self->item);
  gtk_button_set_icon_name (GTK_BUTTON (self->visible_button),
                            visible ? "view-reveal-symbolic" : "view-conceal-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->visible_button),
                               visible ? _("Hide from Charts") : _("Show in Charts"));
  gtk_widget_queue_draw (GTK_WIDGET (self->swatch));
}

static void
item_notify_cb (MwRunItem  *item,
                GParamSpec *pspec,
                MwRunRow   *self)
{
  update_from_item (self);
}

static gboolean
is_renaming (MwRunRow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->name_stack), "entry") == 0;
}

/* Renaming ends: a non-empty new name renames the run (@commit), else the
 * name stays. */
static void
finish_rename (MwRunRow *self,
               gboolean  commit)
{
  g_autofree char *name = NULL;

  if (!is_renaming (self))
    return;

  gtk_stack_set_visible_child_name (self->name_stack, "label");
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  if (commit && self->item != NULL && *name != '\0')
    mw_run_item_set_name (self->item, name);
}

static void
entry_activate_cb (GtkEntry *entry,
                   MwRunRow *self)
{
  finish_rename (self, TRUE);
}

static void
entry_leave_cb (GtkEventControllerFocus *controller,
                MwRunRow                *self)
{
  finish_rename (self, TRUE);
}

static gboolean
entry_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              MwRunRow              *self)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  finish_rename (self, FALSE);
  return TRUE;
}

void
mw_run_row_set_item (MwRunRow  *self,
                     MwRunItem *item)
{
  g_return_if_fail (MW_IS_RUN_ROW (self));
  g_return_if_fail (item == NULL || MW_IS_RUN_ITEM (item));

  if (self->item == item)
    return;

  finish_rename (self, FALSE);
  if (self->item != NULL)
    {
      g_clear_pointer (&self->visible_binding, g_binding_unbind);
      g_clear_signal_handler (&self->notify_id, self->item);
      g_clear_object (&self->item);
    }

  if (item == NULL)
    return;

  self->item = g_object_ref (item);
  self->notify_id = g_signal_connect (item, "notify", G_CALLBACK (item_notify_cb), self);
  self->visible_binding = g_object_bind_property (item, "visible",
                                                  self->visible_button, "active",
                                                  G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  update_from_item (self);
}

MwRunItem *
mw_run_row_get_item (MwRunRow *self)
{
  g_return_val_if_fail (MW_IS_RUN_ROW (self), NULL);
  return self->item;
}

void
mw_run_row_start_rename (MwRunRow *self)
{
  g_return_if_fail (MW_IS_RUN_ROW (self));

  if (self->item == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), mw_run_item_get_name (self->item));
  gtk_stack_set_visible_child_name (self->name_stack, "entry");
  gtk_widget_grab_focus (GTK_WIDGET (self->name_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->name_entry), 0, -1);
}

static void
rename_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  mw_run_row_start_rename (MW_RUN_ROW (widget));
}

static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MwRunRow *self = MW_RUN_ROW (widget);

  if (self->item != NULL)
    gtk_widget_activate_action (widget, "run-list.delete", "s", mw_run_item_get_id (self->item));
}

static void
continue_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MwRunRow *self = MW_RUN_ROW (widget);

  if (self->item != NULL && mw_run_item_get_resumable (self->item))
    gtk_widget_activate_action (widget, "run-list.continue", "s", mw_run_item_get_id (self->item));
}

/* The run's settings into the form, or a new run of them: the list's owner
 * does either (run-list.use-settings, run-list.duplicate). */
static void
settings_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MwRunRow *self = MW_RUN_ROW (widget);

  if (self->item == NULL || !mw_run_item_get_has_settings (self->item))
    return;
  gtk_widget_activate_action (widget,
                              g_str_equal (action_name, "row.duplicate") ? "run-list.duplicate"
                                                                         : "run-list.use-settings",
                              "s", mw_run_item_get_id (self->item));
}

static void
mw_run_row_dispose (GObject *object)
{
  MwRunRow *self = MW_RUN_ROW (object);

  mw_run_row_set_item (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (mw_run_row_parent_class)->dispose (object);
}

static void
mw_run_row_class_init (MwRunRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mw_run_row_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mwrunrow");

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-run-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MwRunRow, box);
  gtk_widget_class_bind_template_child (widget_class, MwRunRow, swatch);
  gtk_widget_class_bind_template_child (widget_class, MwRunRow, name_stack);
  gtk_widget_class_bind_template_child (widget_class, MwRunRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, MwRunRow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, MwRunRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, MwRunRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MwRunRow, visible_button);
  gtk_widget_class_bind_template_child (widget_class, MwRunRow, continue_button);

  gtk_widget_class_install_action (widget_class, "row.rename", NULL, rename_activated);
  gtk_widget_class_install_action (widget_class, "row.delete", NULL, delete_activated);
  gtk_widget_class_install_action (widget_class, "row.continue", NULL, continue_activated);
  gtk_widget_class_install_action (widget_class, "row.use-settings", NULL, settings_activated);
  gtk_widget_class_install_action (widget_class, "row.duplicate", NULL, settings_activated);
}

static void
name_pressed_cb (MwRunRow *self,
                 int       n_press,
                 double    x,
                 double    y)
{
  if (n_press == 2)
    mw_run_row_start_rename (self);
}

static void
mw_run_row_init (MwRunRow *self)
{
  GtkEventController *controller;
  GtkGesture *double_click;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.continue", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.use-settings", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.duplicate", FALSE);
  gtk_drawing_area_set_draw_func (self->swatch, draw_swatch, self, NULL);

  /* Renaming in place: Enter or leaving the entry keeps the new name,
   * Escape the old one. Not GtkEditableLabel: on 4.8 it keeps a timeout
   * with a pointer to its focus controller, which crashes when the row goes
   * (deleted) within 100 ms of losing focus. */
  g_signal_connect (self->name_entry, "activate", G_CALLBACK (entry_activate_cb), self);
  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (entry_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->name_entry), controller);
  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (entry_key_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->name_entry), controller);

  /* A double click on the name renames, as in a file manager. */
  double_click = gtk_gesture_click_new ();
  g_signal_connect_swapped (double_click, "pressed", G_CALLBACK (name_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->name_label), GTK_EVENT_CONTROLLER (double_click));
}

GtkWidget *
mw_run_row_new (void)
{
  return g_object_new (MW_TYPE_RUN_ROW, NULL);
}
