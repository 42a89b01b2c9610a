/* mw-text-scale.c: a window's text size, set with CSS. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-text-scale.h"

/* Presentation mode: all text this much larger (on top of the zoom), and the
 * charts' text (so their lines and spacing too) larger again, for a class
 * reading them from the back of the room while the window keeps to the
 * projector's width. */
#define PRESENTATION_TEXT   1.1
#define PRESENTATION_CHARTS 1.4

/* The zoom steps of Ctrl+plus and Ctrl+minus, in percent. */
static const int zoom_steps[] = { 70, 80, 90, 100, 110, 120, 135, 150, 175, 200, 250, 300 };

/* The theme's type scale (GTK's Default theme, in points): these classes set
 * their own size, so they do not follow the window's, and are scaled here. */
static const struct {
  const char *css_class;
  double      points;
} type_scale[] = {
  { "large-title", 24 }, { "title-1", 20 }, { "title-2", 15 }, { "title-3", 15 },
  { "title-4", 13 }, { "heading", 11 }, { "body", 11 }, { "caption-heading", 9 },
  { "caption", 9 },
};

struct _MwTextScale
{
  GObject parent_instance;

  GtkWidget      *widget;   /* weak */
  char           *css_class; /* unique to this scale, on @widget */
  GtkCssProvider *provider;
  GdkDisplay     *display;
  GSettings      *settings;  /* nullable */
  GActionMap     *actions;   /* weak: where mw_text_scale_add_actions() put them */
  GtkButton      *zoom_button; /* weak: the percentage of the zoom row */
  int             zoom;
  gboolean        presentation;
};

G_DEFINE_FINAL_TYPE (MwTextScale, mw_text_scale, G_TYPE_OBJECT)

static void
append_number (GString *css,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* CSS wants a decimal point, whatever the locale. */
  g_string_append (css, g_ascii_formatd (buffer, sizeof buffer, "%.2f", value));
}

static void
update_css (MwTextScale *self)
{
  g_autoptr(GString) css = g_string_new (NULL);
  double factor = self->zoom / 100.0 * (self->presentation ? PRESENTATION_TEXT : 1.0);

  /* At 100 % without presentation mode, no rule at all: the theme as it is. */
  if (factor != 1.0)
    {
      g_string_append_printf (css, "window.%s { font-size: ", self->css_class);
      append_number (css, 100 * factor);
      g_string_append (css, "%; }\n");
      for (gsize i = 0; i < G_N_ELEMENTS (type_scale); i++)
        {
          g_string_append_printf (css, "window.%s .%s { font-size: ", self->css_class,
                                  type_scale[i].css_class);
          append_number (css, type_scale[i].points * factor);
          g_string_append (css, "pt; }\n");
        }
    }
  if (self->presentation)
    {
      g_string_append_printf (css, "window.%s curveplot { font-size: ", self->css_class);
      append_number (css, 100 * PRESENTATION_CHARTS);
      g_string_append (css, "%; }\n");
    }
  gtk_css_provider_load_from_data (self->provider, css->str, (gssize) css->len);
}

/* What the actions and the zoom row show follows the zoom. */
static void
update_controls (MwTextScale *self)
{
  const struct {
    const char *name;
    gboolean    enabled;
  } actions[] = {
    { "zoom-in", mw_text_scale_step (self->zoom, +1) != self->zoom },
    { "zoom-out", mw_text_scale_step (self->zoom, -1) != self->zoom },
    { "zoom-reset", self->zoom != MW_TEXT_SCALE_DEFAULT_ZOOM },
  };

  for (gsize i = 0; self->actions != NULL && i < G_N_ELEMENTS (actions); i++)
    {
      GAction *action = g_action_map_lookup_action (self->actions, actions[i].name);

      if (action != NULL)
        g_simple_action_set_enabled (G_SIMPLE_ACTION (action), actions[i].enabled);
    }
  if (self->actions != NULL)
    {
      GAction *action = g_action_map_lookup_action (self->actions, "presentation");

      if (action != NULL)
        g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_boolean (self->presentation));
    }
  if (self->zoom_button != NULL)
    {
      /* Translators: the text's zoom in the main menu; %d is the percentage. */
      g_autofree char *label = g_strdup_printf (_("%d %%"), self->zoom);

      gtk_button_set_label (self->zoom_button, label);
    }
}

static void
mw_text_scale_finalize (GObject *object)
{
  MwTextScale *self = MW_TEXT_SCALE (object);

  if (self->actions != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->actions), (gpointer *) &self->actions);
  if (self->zoom_button != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->zoom_button), (gpointer *) &self->zoom_button);
  g_clear_object (&self->settings);

  if (self->widget != NULL)
    {
      gtk_widget_remove_css_class (self->widget, self->css_class);
      g_object_remove_weak_pointer (G_OBJECT (self->widget), (gpointer *) &self->widget);
    }
  gtk_style_context_remove_provider_for_display (self->display, GTK_STYLE_PROVIDER (self->provider));
  g_clear_object (&self->provider);
  g_clear_object (&self->display);
  g_free (self->css_class);

  G_OBJECT_CLASS (mw_text_scale_parent_class)->finalize (object);
}

static void
mw_text_scale_class_init (MwTextScaleClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mw_text_scale_finalize;
}

static void
mw_text_scale_init (MwTextScale *self)
{
  self->zoom = MW_TEXT_SCALE_DEFAULT_ZOOM;
}

MwTextScale *
mw_text_scale_new (GtkWidget *widget,
                   GSettings *settings)
{
  static guint next_id;
  MwTextScale *self;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MW_TYPE_TEXT_SCALE, NULL);
  self->widget = widget;
  g_object_add_weak_pointer (G_OBJECT (widget), (gpointer *) &self->widget);
  /* The rules name this widget's class: a display's provider, as GTK 4
   * prefers, that styles this window alone. */
  self->css_class = g_strdup_printf ("mw-text-scale-%u", ++next_id);
  gtk_widget_add_css_class (widget, self->css_class);
  self->display = g_object_ref (gtk_widget_get_display (widget));
  self->provider = gtk_css_provider_new ();
  /* Above the application's own style sheet, which sets no sizes of text. */
  gtk_style_context_add_provider_for_display (self->display, GTK_STYLE_PROVIDER (self->provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      self->zoom = CLAMP (g_settings_get_int (settings, "text-zoom"),
                          MW_TEXT_SCALE_MIN_ZOOM, MW_TEXT_SCALE_MAX_ZOOM);
      self->presentation = g_settings_get_boolean (settings, "presentation-mode");
      update_css (self);
    }
  return self;
}

/* --- actions ------------------------------------------------------------------ */

static void
zoom_in_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  MwTextScale *self = user_data;

  mw_text_scale_set_zoom (self, mw_text_scale_step (self->zoom, +1));
}

static void
zoom_out_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  MwTextScale *self = user_data;

  mw_text_scale_set_zoom (self, mw_text_scale_step (self->zoom, -1));
}

static void
zoom_reset_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  mw_text_scale_set_zoom (user_data, MW_TEXT_SCALE_DEFAULT_ZOOM);
}

static void
presentation_changed (GSimpleAction *action,
                      GVariant      *value,
                      gpointer       user_data)
{
  mw_text_scale_set_presentation (user_data, g_variant_get_boolean (value));
}

void
mw_text_scale_add_actions (MwTextScale *self,
                           GActionMap  *map)
{
  const GActionEntry entries[] = {
    { .name = "zoom-in", .activate = zoom_in_activated },
    { .name = "zoom-out", .activate = zoom_out_activated },
    { .name = "zoom-reset", .activate = zoom_reset_activated },
    { .name = "presentation", .state = "false", .change_state = presentation_changed },
  };

  g_return_if_fail (MW_IS_TEXT_SCALE (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));
  g_return_if_fail (self->actions == NULL);

  g_action_map_add_action_entries (map, entries, G_N_ELEMENTS (entries), self);
  /* The actions call back into @self: the map keeps it as long as it lives. */
  g_object_set_data_full (G_OBJECT (map), "mw-text-scale", g_object_ref (self), g_object_unref);
  self->actions = map;
  g_object_add_weak_pointer (G_OBJECT (map), (gpointer *) &self->actions);
  update_controls (self);
}

GtkWidget *
mw_text_scale_zoom_row_new (MwTextScale *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  const struct {
    const char *icon;
    const char *action;
    const char *tooltip;
  } buttons[] = {
    { "zoom-out-symbolic", "win.zoom-out", N_("Zoom Out") },
    { NULL, "win.zoom-reset", N_("Reset Zoom") },
    { "zoom-in-symbolic", "win.zoom-in", N_("Zoom In") },
  };

  g_return_val_if_fail (MW_IS_TEXT_SCALE (self), NULL);
  g_return_val_if_fail (self->zoom_button == NULL, NULL);

  gtk_widget_set_hexpand (row, TRUE);
  for (gsize i = 0; i < G_N_ELEMENTS (buttons); i++)
    {
      GtkWidget *button = buttons[i].icon != NULL ? gtk_button_new_from_icon_name (buttons[i].icon)
                                                  : gtk_button_new ();

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), buttons[i].action);
      gtk_widget_set_tooltip_text (button, _(buttons[i].tooltip));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(buttons[i].tooltip), -1);
      gtk_widget_add_css_class (button, "flat");
      if (buttons[i].icon != NULL)
        gtk_widget_add_css_class (button, "circular");
      else
        {
          gtk_widget_set_hexpand (button, TRUE);
          self->zoom_button = GTK_BUTTON (button);
          g_object_add_weak_pointer (G_OBJECT (button), (gpointer *) &self->zoom_button);
        }
      gtk_box_append (GTK_BOX (row), button);
    }
  update_controls (self);
  return row;
}

void
mw_text_scale_set_zoom (MwTextScale *self,
                        int          percent)
{
  g_return_if_fail (MW_IS_TEXT_SCALE (self));

  percent = CLAMP (percent, MW_TEXT_SCALE_MIN_ZOOM, MW_TEXT_SCALE_MAX_ZOOM);
  if (self->zoom == percent)
    return;
  self->zoom = percent;
  update_css (self);
  update_controls (self);
  if (self->settings != NULL)
    g_settings_set_int (self->settings, "text-zoom", percent);
}

int
mw_text_scale_get_zoom (MwTextScale *self)
{
  g_return_val_if_fail (MW_IS_TEXT_SCALE (self), MW_TEXT_SCALE_DEFAULT_ZOOM);

  return self->zoom;
}

void
mw_text_scale_set_presentation (MwTextScale *self,
                                gboolean     presentation)
{
  g_return_if_fail (MW_IS_TEXT_SCALE (self));

  presentation = !!presentation;
  if (self->presentation == presentation)
    return;
  self->presentation = presentation;
  update_css (self);
  update_controls (self);
  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "presentation-mode", presentation);
}

gboolean
mw_text_scale_get_presentation (MwTextScale *self)
{
  g_return_val_if_fail (MW_IS_TEXT_SCALE (self), FALSE);

  return self->presentation;
}

int
mw_text_scale_step (int percent,
                    int direction)
{
  if (direction > 0)
    {
      for (gsize i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
        if (zoom_steps[i] > percent)
          return zoom_steps[i];
    }
  else
    {
      for (gsize i = G_N_ELEMENTS (zoom_steps); i-- > 0;)
        if (zoom_steps[i] < percent)
          return zoom_steps[i];
    }
  return percent;
}
