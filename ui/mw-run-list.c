/* mw-run-list.c: the list of runs. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-run-list.h"
#include "mw-run-row.h"

struct _MwRunList
{
  GtkWidget parent_instance;

  GtkSingleSelection *selection;
  GHashTable *rows;            /* MwRunItem* → MwRunRow*, bound rows only */

  /* Template children */
  GtkWidget   *box;
  GtkListView *list_view;
};

G_DEFINE_FINAL_TYPE (MwRunList, mw_run_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DELETE_REQUESTED,
  CONTINUE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          MwRunList                *self)
{
  gtk_list_item_set_child (list_item, mw_run_row_new ());
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         MwRunList                *self)
{
  MwRunRow *row = MW_RUN_ROW (gtk_list_item_get_child (list_item));
  MwRunItem *item = gtk_list_item_get_item (list_item);

  mw_run_row_set_item (row, item);
  g_hash_table_insert (self->rows, item, row);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           MwRunList                *self)
{
  MwRunRow *row = MW_RUN_ROW (gtk_list_item_get_child (list_item));
  MwRunItem *item = mw_run_row_get_item (row);

  if (item != NULL && g_hash_table_lookup (self->rows, item) == row)
    g_hash_table_remove (self->rows, item);
  mw_run_row_set_item (row, NULL);
}

static void
selected_cb (GtkSingleSelection *selection,
             GParamSpec         *pspec,
             MwRunList          *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

void
mw_run_list_set_model (MwRunList  *self,
                       GListModel *model)
{
  g_return_if_fail (MW_IS_RUN_LIST (self));
  g_return_if_fail (model == NULL || G_IS_LIST_MODEL (model));

  gtk_single_selection_set_model (self->selection, model);
}

MwRunItem *
mw_run_list_get_selected (MwRunList *self)
{
  g_return_val_if_fail (MW_IS_RUN_LIST (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

void
mw_run_list_select (MwRunList *self,
                    MwRunItem *item)
{
  GListModel *model;
  guint n;

  g_return_if_fail (MW_IS_RUN_LIST (self));

  model = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MwRunItem) candidate = g_list_model_get_item (model, i);

      if (candidate == item)
        {
          gtk_single_selection_set_selected (self->selection, i);
          /* gtk_list_view_scroll_to() is 4.12; the list's own action is there. */
          gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

void
mw_run_list_request_delete (MwRunList  *self,
                            const char *id)
{
  GListModel *model;
  guint n;

  g_return_if_fail (MW_IS_RUN_LIST (self));
  g_return_if_fail (id != NULL);

  model = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MwRunItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (mw_run_item_get_id (item), id) == 0)
        {
          g_signal_emit (self, signals[DELETE_REQUESTED], 0, item);
          return;
        }
    }
}

void
mw_run_list_request_continue (MwRunList  *self,
                              const char *id)
{
  GListModel *model;
  guint n;

  g_return_if_fail (MW_IS_RUN_LIST (self));
  g_return_if_fail (id != NULL);

  model = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MwRunItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (mw_run_item_get_id (item), id) == 0)
        {
          g_signal_emit (self, signals[CONTINUE_REQUESTED], 0, item);
          return;
        }
    }
}

static void
continue_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  mw_run_list_request_continue (MW_RUN_LIST (widget), g_variant_get_string (parameter, NULL));
}

GtkWidget *
mw_run_list_get_row (MwRunList *self,
                     MwRunItem *item)
{
  g_return_val_if_fail (MW_IS_RUN_LIST (self), NULL);
  return g_hash_table_lookup (self->rows, item);
}

typedef struct {
  MwRunList *self;   /* owned */
  char *id;
} DeleteLater;

static void
delete_later_cb (gpointer data)
{
  DeleteLater *later = data;

  mw_run_list_request_delete (later->self, later->id);
  g_object_unref (later->self);
  g_free (later->id);
  g_free (later);
}

/* From a row's menu: the row goes away with its run, so not while its own
 * action is still being handled. */
static void
delete_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DeleteLater *later = g_new0 (DeleteLater, 1);

  later->self = g_object_ref (MW_RUN_LIST (widget));
  later->id = g_variant_dup_string (parameter, NULL);
  g_idle_add_once (delete_later_cb, later);
}

static void
mw_run_list_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MwRunList *self = MW_RUN_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_object (value, mw_run_list_get_selected (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_run_list_dispose (GObject *object)
{
  MwRunList *self = MW_RUN_LIST (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (mw_run_list_parent_class)->dispose (object);
}

static void
mw_run_list_finalize (GObject *object)
{
  MwRunList *self = MW_RUN_LIST (object);

  g_hash_table_unref (self->rows);

  G_OBJECT_CLASS (mw_run_list_parent_class)->finalize (object);
}

static void
mw_run_list_class_init (MwRunListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mw_run_list_get_property;
  object_class->dispose = mw_run_list_dispose;
  object_class->finalize = mw_run_list_finalize;

  properties[PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL, MW_TYPE_RUN_ITEM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MwRunList::delete-requested:
   * @item: the run to delete
   */
  signals[DELETE_REQUESTED] =
    g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MW_TYPE_RUN_ITEM);
  /**
   * MwRunList::continue-requested:
   * @item: the run to continue from its last checkpoint
   */
  signals[CONTINUE_REQUESTED] =
    g_signal_new ("continue-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MW_TYPE_RUN_ITEM);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-run-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MwRunList, box);
  gtk_widget_class_bind_template_child (widget_class, MwRunList, list_view);

  gtk_widget_class_install_action (widget_class, "run-list.delete", "s", delete_activated);
  gtk_widget_class_install_action (widget_class, "run-list.continue", "s", continue_activated);
}

static void
mw_run_list_init (MwRunList *self)
{
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_hash_table_new (NULL, NULL);

  /* Selection follows new runs: the owner selects them; nothing is
   * selected automatically when the model changes. */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (self->selection, "notify::selected-item", G_CALLBACK (selected_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
}

GtkWidget *
mw_run_list_new (void)
{
  return g_object_new (MW_TYPE_RUN_LIST, NULL);
}
