/* mw-camera-panel.c: the Take Photos mode's preview, class and counts. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-camera-panel.h"
#include "mw-class-name.h"

enum {
  PHOTO_TAKEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

struct _MwCameraPanel
{
  GtkBox parent_instance;

  MwCameraSource *source;
  GHashTable *count_labels;   /* class name → GtkLabel (the row's count) */

  GtkStack *preview_stack;
  GtkPicture *preview;
  GtkImage *preview_icon;
  GtkLabel *preview_message;
  GtkEntry *class_entry;
  GtkWidget *capture_button;
  GtkLabel *status_label;
  GtkLabel *shots_label;
  GtkListBox *class_rows;
};

G_DEFINE_FINAL_TYPE (MwCameraPanel, mw_camera_panel, GTK_TYPE_BOX)

/* --- the preview ------------------------------------------------------------ */

static void
show_preview_message (MwCameraPanel *self,
                      const char    *icon_name,
                      const char    *text,
                      gboolean       error)
{
  gtk_image_set_from_icon_name (self->preview_icon, icon_name);
  gtk_label_set_label (self->preview_message, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->preview_message), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->preview_message), "error");
  gtk_stack_set_visible_child_name (self->preview_stack, "message");
}

static void
source_state_cb (MwCameraSource *source,
                 GParamSpec     *pspec,
                 MwCameraPanel  *self)
{
  MwCameraState state = mw_camera_source_get_state (source);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "camera.capture", state == MW_CAMERA_PLAYING);
  switch (state)
    {
    case MW_CAMERA_PLAYING:
      gtk_label_set_label (self->preview_message, "");
      gtk_stack_set_visible_child_name (self->preview_stack, "picture");
      break;
    case MW_CAMERA_FAILED:
      show_preview_message (self, "camera-disabled-symbolic", mw_camera_source_get_message (source), TRUE);
      break;
    case MW_CAMERA_STARTING:
    case MW_CAMERA_STOPPED:
    default:
      show_preview_message (self, "camera-web-symbolic", _("Starting the camera…"), FALSE);
      break;
    }
}

static void
source_texture_cb (MwCameraSource *source,
                   GParamSpec     *pspec,
                   MwCameraPanel  *self)
{
  gtk_picture_set_paintable (self->preview, GDK_PAINTABLE (mw_camera_source_get_texture (source)));
}

/* The camera runs only while the panel is on the screen. */
static void
mw_camera_panel_map (GtkWidget *widget)
{
  MwCameraPanel *self = MW_CAMERA_PANEL (widget);

  GTK_WIDGET_CLASS (mw_camera_panel_parent_class)->map (widget);
  mw_camera_source_start (self->source);
}

static void
mw_camera_panel_unmap (GtkWidget *widget)
{
  MwCameraPanel *self = MW_CAMERA_PANEL (widget);

  mw_camera_source_stop (self->source);
  GTK_WIDGET_CLASS (mw_camera_panel_parent_class)->unmap (widget);
}

/* --- capturing -------------------------------------------------------------- */

static void
capture_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  MwCameraPanel *self = MW_CAMERA_PANEL (widget);
  g_autofree char *name = mw_camera_panel_dup_class_name (self);
  g_autoptr(GBytes) frame = NULL;
  int side = 0;

  if (name[0] == '\0')
    {
      mw_camera_panel_set_status (self, _("Name the class first: type a name, or choose a class below"), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->class_entry));
      return;
    }
  frame = mw_camera_source_dup_frame (self->source, &side);
  if (frame == NULL)
    {
      mw_camera_panel_set_status (self, _("No picture to save yet"), TRUE);
      return;
    }
  g_signal_emit (self, signals[PHOTO_TAKEN], 0, name, frame, side);
}

static void
class_entry_activate_cb (GtkEntry      *entry,
                         MwCameraPanel *self)
{
  /* Named: the space bar now captures (a focused entry would type a space). */
  gtk_widget_grab_focus (self->capture_button);
}

static void
class_row_activated_cb (GtkListBox    *box,
                        GtkListBoxRow *row,
                        MwCameraPanel *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "mw-class-name");

  mw_camera_panel_set_class_name (self, name);
  gtk_widget_grab_focus (self->capture_button);
}

/* --- the classes ------------------------------------------------------------- */

static char *
count_text (const MwHandClass *cls)
{
  int support = cls != NULL ? (int) cls->support->len : 0, query = cls != NULL ? (int) cls->query->len : 0;
  g_autofree char *photos = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d photo", "%d photos", support + query),
                                             support + query);

  if (support + query == 0)
    return g_steal_pointer (&photos);
  /* Translators: "5 photos: 1 support, 4 query" — which of a class's photos the task uses how. */
  return g_strdup_printf (_("%s: %d support, %d query"), photos, support, query);
}

static void
add_row (MwCameraPanel     *self,
         const char        *name,
         const MwHandClass *cls)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name_label = gtk_label_new (NULL);
  g_autofree char *text = count_text (cls);
  GtkWidget *count = gtk_label_new (text);

  mw_class_name_label_setup (GTK_LABEL (name_label), 16, 1);
  mw_class_name_label_set (GTK_LABEL (name_label), name, NULL);
  gtk_widget_set_hexpand (name_label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_label_set_xalign (GTK_LABEL (count), 1);
  gtk_widget_add_css_class (count, "dim-label");
  gtk_widget_add_css_class (count, "numeric");
  gtk_box_append (GTK_BOX (box), name_label);
  gtk_box_append (GTK_BOX (box), count);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "mw-class-name", g_strdup (name), g_free);
  gtk_list_box_append (self->class_rows, row);
  g_hash_table_insert (self->count_labels, g_strdup (name), count);
}

void
mw_camera_panel_show_classes (MwCameraPanel    *self,
                              const MwHandTask *task,
                              char * const     *class_names,
                              int               n_classes)
{
  GtkWidget *child;

  g_return_if_fail (MW_IS_CAMERA_PANEL (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->class_rows))) != NULL)
    gtk_list_box_remove (self->class_rows, child);
  g_hash_table_remove_all (self->count_labels);
  for (guint i = 0; task != NULL && i < task->classes->len; i++)
    {
      const MwHandClass *cls = task->classes->pdata[i];

      add_row (self, cls->name, cls);
    }
  for (int c = 0; c < n_classes; c++)
    if (!g_hash_table_contains (self->count_labels, class_names[c]))
      add_row (self, class_names[c], NULL);
}

const char *
mw_camera_panel_get_count_text (MwCameraPanel *self,
                                const char    *name)
{
  GtkLabel *label;

  g_return_val_if_fail (MW_IS_CAMERA_PANEL (self), NULL);

  label = g_hash_table_lookup (self->count_labels, name);
  return label != NULL ? gtk_label_get_label (label) : NULL;
}

/* --- accessors ---------------------------------------------------------------- */

MwCameraSource *
mw_camera_panel_get_source (MwCameraPanel *self)
{
  g_return_val_if_fail (MW_IS_CAMERA_PANEL (self), NULL);

  return self->source;
}

char *
mw_camera_panel_dup_class_name (MwCameraPanel *self)
{
  g_return_val_if_fail (MW_IS_CAMERA_PANEL (self), NULL);

  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->class_entry))));
}

void
mw_camera_panel_set_class_name (MwCameraPanel *self,
                                const char    *name)
{
  g_return_if_fail (MW_IS_CAMERA_PANEL (self));

  gtk_editable_set_text (GTK_EDITABLE (self->class_entry), name != NULL ? name : "");
}

void
mw_camera_panel_set_shots (MwCameraPanel *self,
                           int            shots)
{
  g_autofree char *text = NULL;

  g_return_if_fail (MW_IS_CAMERA_PANEL (self));

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The first photo of each class is its support image (K = %d), "
                                       "the model learns from it; later photos are queries it is tested on.",
                                       "The first %d photos of each class are its support images (K), "
                                       "the model learns from them; later photos are queries it is tested on.",
                                       shots),
                          shots);
  gtk_label_set_label (self->shots_label, text);
}

void
mw_camera_panel_set_status (MwCameraPanel *self,
                            const char    *text,
                            gboolean       error)
{
  g_return_if_fail (MW_IS_CAMERA_PANEL (self));

  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

const char *
mw_camera_panel_get_status (MwCameraPanel *self)
{
  g_return_val_if_fail (MW_IS_CAMERA_PANEL (self), NULL);

  return gtk_label_get_label (self->status_label);
}

const char *
mw_camera_panel_get_preview_message (MwCameraPanel *self)
{
  g_return_val_if_fail (MW_IS_CAMERA_PANEL (self), NULL);

  return gtk_label_get_label (self->preview_message);
}

/* --- object -------------------------------------------------------------------- */

static void
mw_camera_panel_dispose (GObject *object)
{
  MwCameraPanel *self = MW_CAMERA_PANEL (object);

  if (self->source != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->source, self);
      mw_camera_source_stop (self->source);
    }
  g_clear_object (&self->source);
  gtk_widget_dispose_template (GTK_WIDGET (self), MW_TYPE_CAMERA_PANEL);
  G_OBJECT_CLASS (mw_camera_panel_parent_class)->dispose (object);
}

static void
mw_camera_panel_finalize (GObject *object)
{
  MwCameraPanel *self = MW_CAMERA_PANEL (object);

  g_hash_table_unref (self->count_labels);
  G_OBJECT_CLASS (mw_camera_panel_parent_class)->finalize (object);
}

static void
mw_camera_panel_class_init (MwCameraPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mw_camera_panel_dispose;
  object_class->finalize = mw_camera_panel_finalize;
  widget_class->map = mw_camera_panel_map;
  widget_class->unmap = mw_camera_panel_unmap;

  /* ::photo-taken (class name, GBytes of side × side RGB, side): a photo to save. */
  signals[PHOTO_TAKEN] = g_signal_new ("photo-taken", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_BYTES, G_TYPE_INT);

  gtk_widget_class_install_action (widget_class, "camera.capture", NULL, capture_activated);
  /* Space captures wherever the panel has the focus, except in the class's field, which
   * takes the key first (a class name may have spaces). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "camera.capture", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-camera-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, MwCameraPanel, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, MwCameraPanel, preview);
  gtk_widget_class_bind_template_child (widget_class, MwCameraPanel, preview_icon);
  gtk_widget_class_bind_template_child (widget_class, MwCameraPanel, preview_message);
  gtk_widget_class_bind_template_child (widget_class, MwCameraPanel, class_entry);
  gtk_widget_class_bind_template_child (widget_class, MwCameraPanel, capture_button);
  gtk_widget_class_bind_template_child (widget_class, MwCameraPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, MwCameraPanel, shots_label);
  gtk_widget_class_bind_template_child (widget_class, MwCameraPanel, class_rows);
  gtk_widget_class_bind_template_callback (widget_class, class_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, class_row_activated_cb);
}

static void
mw_camera_panel_init (MwCameraPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->count_labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->source = mw_camera_source_new ();
  g_signal_connect (self->source, "notify::state", G_CALLBACK (source_state_cb), self);
  g_signal_connect (self->source, "notify::texture", G_CALLBACK (source_texture_cb), self);
  source_state_cb (self->source, NULL, self);
  mw_camera_panel_set_shots (self, 1);
}

GtkWidget *
mw_camera_panel_new (void)
{
  return g_object_new (MW_TYPE_CAMERA_PANEL, NULL);
}
