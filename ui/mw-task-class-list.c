/* mw-task-class-list.c: the task builder's classes, with their thumbnails. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-class-name.h"
#include "mw-inspection.h"
#include "mw-task-class-list.h"

/* Thumbnails shown per class; the rest are still used by Sample. Keeps a
 * folder of thousands of images from building thousands of widgets. */
#define MAX_THUMBS 40
/* Characters a line of a class's title gets beside its box. */
#define CLASS_TITLE_CHARS 50

typedef struct {
  MwTaskClassList *self;     /* borrowed: thumbs die with the list */
  char *class_name;
  char *file;
  GtkLabel *role_label;
  GtkWidget *button;
} Thumb;

struct _MwTaskClassList
{
  GtkWidget parent_instance;

  GPtrArray *thumbs;         /* Thumb * */
  GHashTable *checks;        /* class name → GtkCheckButton * (borrowed) */
  gboolean updating;         /* showing a task: the boxes' toggles are not the user's */

  /* Template children */
  GtkWidget *scroller;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (MwTaskClassList, mw_task_class_list, GTK_TYPE_WIDGET)

enum {
  CLASS_TOGGLED,
  IMAGE_CLICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
thumb_free (gpointer data)
{
  Thumb *t = data;

  g_free (t->class_name);
  g_free (t->file);
  g_free (t);
}

static const char *
role_text (MwHandRole role)
{
  switch (role)
    {
    case MW_HAND_ROLE_SUPPORT:
      return _("support");
    case MW_HAND_ROLE_QUERY:
      return _("query");
    case MW_HAND_ROLE_NONE:
    default:
      return "";
    }
}

void
mw_task_class_list_show_task (MwTaskClassList  *self,
                              const MwHandTask *task)
{
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (MW_IS_TASK_CLASS_LIST (self));
  g_return_if_fail (task != NULL);

  self->updating = TRUE;
  for (guint i = 0; i < self->thumbs->len; i++)
    {
      Thumb *t = g_ptr_array_index (self->thumbs, i);
      MwHandRole role = mw_hand_task_get_role (task, t->class_name, t->file);

      gtk_label_set_label (t->role_label, role_text (role));
      gtk_widget_remove_css_class (t->button, "mw-role-support");
      gtk_widget_remove_css_class (t->button, "mw-role-query");
      if (role == MW_HAND_ROLE_SUPPORT)
        gtk_widget_add_css_class (t->button, "mw-role-support");
      else if (role == MW_HAND_ROLE_QUERY)
        gtk_widget_add_css_class (t->button, "mw-role-query");
    }

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean chosen = FALSE;

      for (guint c = 0; c < task->classes->len && !chosen; c++)
        chosen = g_str_equal (((MwHandClass *) task->classes->pdata[c])->name, key);
      gtk_check_button_set_active (value, chosen);
    }
  self->updating = FALSE;
}

static void
thumb_clicked_cb (GtkButton *button,
                  Thumb     *t)
{
  g_signal_emit (t->self, signals[IMAGE_CLICKED], 0, t->class_name, t->file);
}

static void
check_toggled_cb (GtkCheckButton  *check,
                  MwTaskClassList *self)
{
  if (self->updating)
    return;
  g_signal_emit (self, signals[CLASS_TOGGLED], 0, g_object_get_data (G_OBJECT (check), "mw-class"),
                 gtk_check_button_get_active (check));
}

static GtkWidget *
class_row (MwTaskClassList *self,
           const MwDataset *ds,
           int              c)
{
  const char *name = ds->class_names[c];
  int n = mw_dataset_class_size (ds, c);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *check, *title_label, *flow;
  g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%d image)", "%s (%d images)", n),
                                            name, n);
  g_autofree float *pixels = g_new (float, (gsize) ds->height * ds->width * ds->channels);

  check = gtk_check_button_new ();
  /* A long folder name wraps and loses its middle; the tooltip has it whole. */
  title_label = gtk_label_new (NULL);
  mw_class_name_label_setup (GTK_LABEL (title_label), CLASS_TITLE_CHARS, 2);
  mw_class_name_label_set (GTK_LABEL (title_label), title, name);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), title_label);
  g_object_set_data_full (G_OBJECT (check), "mw-class", g_strdup (name), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  g_hash_table_insert (self->checks, g_strdup (name), check);
  gtk_box_append (GTK_BOX (box), check);

  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 40);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  for (int k = 0; k < n && k < MAX_THUMBS; k++)
    {
      g_autofree guint8 *rgb = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      GtkWidget *button, *inner, *picture, *role;
      Thumb *t = g_new0 (Thumb, 1);

      mw_dataset_copy_image (ds, c, k, pixels);
      rgb = mw_inspection_images_to_rgb (pixels, 1, ds->height, ds->width, ds->channels, FALSE);
      texture = mw_inspection_image_texture (rgb, 0, ds->height, ds->width);
      picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_widget_set_size_request (picture, 48, 48);
      role = gtk_label_new (NULL);
      gtk_widget_add_css_class (role, "caption");
      inner = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_box_append (GTK_BOX (inner), picture);
      gtk_box_append (GTK_BOX (inner), role);
      button = gtk_button_new ();
      gtk_button_set_child (GTK_BUTTON (button), inner);
      gtk_widget_add_css_class (button, "flat");

      t->self = self;
      t->class_name = g_strdup (name);
      t->file = g_path_get_basename (mw_dataset_image_source (ds, c, k));
      t->role_label = GTK_LABEL (role);
      t->button = button;
      gtk_widget_set_tooltip_text (button, t->file);
      g_signal_connect (button, "clicked", G_CALLBACK (thumb_clicked_cb), t);
      g_ptr_array_add (self->thumbs, t);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), button);
    }
  gtk_box_append (GTK_BOX (box), flow);
  if (n > MAX_THUMBS)
    {
      g_autofree char *more = g_strdup_printf (_("%d more not shown; Sample draws from all of them"),
                                               n - MAX_THUMBS);
      GtkWidget *label = gtk_label_new (more);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

void
mw_task_class_list_set_dataset (MwTaskClassList *self,
                                const MwDataset *dataset)
{
  GtkWidget *child;

  g_return_if_fail (MW_IS_TASK_CLASS_LIST (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->thumbs, 0);
  g_hash_table_remove_all (self->checks);

  for (int c = 0; dataset != NULL && c < dataset->n_classes; c++)
    gtk_list_box_append (self->list, class_row (self, dataset, c));
}

static void
mw_task_class_list_dispose (GObject *object)
{
  MwTaskClassList *self = MW_TASK_CLASS_LIST (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);

  G_OBJECT_CLASS (mw_task_class_list_parent_class)->dispose (object);
}

static void
mw_task_class_list_finalize (GObject *object)
{
  MwTaskClassList *self = MW_TASK_CLASS_LIST (object);

  g_ptr_array_unref (self->thumbs);
  g_hash_table_unref (self->checks);

  G_OBJECT_CLASS (mw_task_class_list_parent_class)->finalize (object);
}

static void
mw_task_class_list_class_init (MwTaskClassListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mw_task_class_list_dispose;
  object_class->finalize = mw_task_class_list_finalize;

  /**
   * MwTaskClassList::class-toggled:
   * @name: the class whose box was ticked or unticked
   * @active: whether it is ticked now
   */
  signals[CLASS_TOGGLED] =
    g_signal_new ("class-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /**
   * MwTaskClassList::image-clicked:
   * @class_name: the class of the image
   * @file: the image's name inside its class folder
   */
  signals[IMAGE_CLICKED] =
    g_signal_new ("image-clicked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-task-class-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MwTaskClassList, scroller);
  gtk_widget_class_bind_template_child (widget_class, MwTaskClassList, list);
}

static void
mw_task_class_list_init (MwTaskClassList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->thumbs = g_ptr_array_new_with_free_func (thumb_free);
  self->checks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GtkWidget *
mw_task_class_list_new (void)
{
  return g_object_new (MW_TYPE_TASK_CLASS_LIST, NULL);
}
