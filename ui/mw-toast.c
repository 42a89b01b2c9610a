/* mw-toast.c: a short message with one button that goes away by itself. */

#include "config.h"

#include "mw-toast.h"

#define DEFAULT_TIMEOUT_SECONDS 10

struct _MwToast
{
  GtkWidget parent_instance;

  char  *title;             /* NULL while nothing is shown */
  guint  timeout;           /* seconds; 0: until dismissed */
  guint  timeout_id;
  gint64 deadline_us;       /* when the message goes, while the count runs */
  gint64 remaining_us;      /* what is left of the count while it stands still */
  gboolean hovered;

  /* Template children */
  GtkWidget *revealer;
  GtkLabel  *title_label;
  GtkWidget *button;
};

G_DEFINE_FINAL_TYPE (MwToast, mw_toast, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SHOWN,
  PROP_TITLE,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  BUTTON_CLICKED,
  DISMISSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
timeout_cb (gpointer data)
{
  MwToast *self = data;

  self->timeout_id = 0;
  mw_toast_dismiss (self);
  return G_SOURCE_REMOVE;
}

/* The count runs for @us more microseconds. */
static void
run_count (MwToast *self,
           gint64   us)
{
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->deadline_us = g_get_monotonic_time () + us;
  self->timeout_id = g_timeout_add (MAX (us / 1000, 1), timeout_cb, self);
}

static void
stop_count (MwToast *self)
{
  if (self->timeout_id == 0)
    return;
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->remaining_us = MAX (self->deadline_us - g_get_monotonic_time (), 0);
}

static void
pointer_enter_cb (GtkEventControllerMotion *controller,
                  double                    x,
                  double                    y,
                  MwToast                  *self)
{
  self->hovered = TRUE;
  stop_count (self);
}

static void
pointer_leave_cb (GtkEventControllerMotion *controller,
                  MwToast                  *self)
{
  self->hovered = FALSE;
  if (self->title != NULL && self->timeout > 0 && self->timeout_id == 0)
    run_count (self, self->remaining_us);
}

void
mw_toast_dismiss (MwToast *self)
{
  g_return_if_fail (MW_IS_TOAST (self));

  if (self->title == NULL)
    return;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->title, g_free);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  g_signal_emit (self, signals[DISMISSED], 0);
}

void
mw_toast_show (MwToast    *self,
               const char *title,
               const char *button_label)
{
  g_return_if_fail (MW_IS_TOAST (self));
  g_return_if_fail (title != NULL);

  /* The previous message is over before this one starts. */
  mw_toast_dismiss (self);

  self->title = g_strdup (title);
  gtk_label_set_label (self->title_label, title);
  gtk_widget_set_visible (self->button, button_label != NULL);
  if (button_label != NULL)
    gtk_button_set_label (GTK_BUTTON (self->button), button_label);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->revealer), TRUE);

  self->remaining_us = (gint64) self->timeout * G_USEC_PER_SEC;
  if (self->timeout > 0 && !self->hovered)
    run_count (self, self->remaining_us);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOWN]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

gboolean
mw_toast_get_shown (MwToast *self)
{
  g_return_val_if_fail (MW_IS_TOAST (self), FALSE);
  return self->title != NULL;
}

const char *
mw_toast_get_title (MwToast *self)
{
  g_return_val_if_fail (MW_IS_TOAST (self), NULL);
  return self->title;
}

guint
mw_toast_get_timeout (MwToast *self)
{
  g_return_val_if_fail (MW_IS_TOAST (self), 0);
  return self->timeout;
}

void
mw_toast_set_timeout (MwToast *self,
                      guint    seconds)
{
  g_return_if_fail (MW_IS_TOAST (self));

  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

static void
button_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MwToast *self = MW_TOAST (widget);

  if (self->title == NULL)
    return;
  g_signal_emit (self, signals[BUTTON_CLICKED], 0);
  mw_toast_dismiss (self);
}

static void
close_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  mw_toast_dismiss (MW_TOAST (widget));
}

static void
mw_toast_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MwToast *self = MW_TOAST (object);

  switch (prop_id)
    {
    case PROP_SHOWN:
      g_value_set_boolean (value, mw_toast_get_shown (self));
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_toast_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  MwToast *self = MW_TOAST (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      mw_toast_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_toast_dispose (GObject *object)
{
  MwToast *self = MW_TOAST (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_pointer (&self->revealer, gtk_widget_unparent);

  G_OBJECT_CLASS (mw_toast_parent_class)->dispose (object);
}

static void
mw_toast_finalize (GObject *object)
{
  MwToast *self = MW_TOAST (object);

  g_free (self->title);

  G_OBJECT_CLASS (mw_toast_parent_class)->finalize (object);
}

static void
mw_toast_class_init (MwToastClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mw_toast_get_property;
  object_class->set_property = mw_toast_set_property;
  object_class->dispose = mw_toast_dispose;
  object_class->finalize = mw_toast_finalize;

  properties[PROP_SHOWN] =
    g_param_spec_boolean ("shown", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, DEFAULT_TIMEOUT_SECONDS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[BUTTON_CLICKED] =
    g_signal_new ("button-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[DISMISSED] =
    g_signal_new ("dismissed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mwtoast");
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-toast.ui");
  gtk_widget_class_bind_template_child (widget_class, MwToast, revealer);
  gtk_widget_class_bind_template_child (widget_class, MwToast, title_label);
  gtk_widget_class_bind_template_child (widget_class, MwToast, button);

  gtk_widget_class_install_action (widget_class, "toast.button", NULL, button_activated);
  gtk_widget_class_install_action (widget_class, "toast.close", NULL, close_activated);
}

static void
mw_toast_init (MwToast *self)
{
  GtkEventController *motion;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->timeout = DEFAULT_TIMEOUT_SECONDS;

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "enter", G_CALLBACK (pointer_enter_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (pointer_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
mw_toast_new (void)
{
  return g_object_new (MW_TYPE_TOAST, NULL);
}
