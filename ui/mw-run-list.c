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

  int row_height;               /* the tallest bound row's, with its margins */
  guint measure_id;
  guint scroll_tick_id;         /* bringing the selected row into view */
  guint scroll_frames;
  int last_height;

  /* Template children */
  GtkWidget   *box;
  GtkWidget   *title;
  GtkWidget   *scrolled;
  GtkListView *list_view;
};

/* How many rows the list asks room for: enough to compare a handful of runs
 * at a glance, and it can be made taller by its divider. */
#define NATURAL_ROWS 4
/* A guess at a row's height, with its margins, until a row is measured. */
#define FALLBACK_ROW_HEIGHT 44

G_DEFINE_FINAL_TYPE (MwRunList, mw_run_list, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SELECTED,
  PROP_NATURAL_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DELETE_REQUESTED,
  CONTINUE_REQUESTED,
  USE_SETTINGS_REQUESTED,
  DUPLICATE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The list's natural height follows its tallest row (a training run's has a
 * progress bar, a language's glyphs may be taller). Rows are bound while the
 * list view lays itself out, so they are measured after that. */
static void
measure_rows_cb (gpointer data)
{
  MwRunList *self = data;
  GHashTableIter iter;
  gpointer row;
  int tallest = self->row_height;

  self->measure_id = 0;
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    {
      GtkWidget *list_row = gtk_widget_get_parent (row);
      int height;

      if (list_row == NULL)
        continue;
      gtk_widget_measure (list_row, GTK_ORIENTATION_VERTICAL, -1, NULL, &height, NULL, NULL);
      tallest = MAX (tallest, height);
    }
  if (tallest > self->row_height)
    {
      self->row_height = tallest;
      gtk_widget_queue_resize (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NATURAL_HEIGHT]);
    }
}

static gboolean
measure_rows_once (gpointer data)
{
  measure_rows_cb (data);
  return G_SOURCE_REMOVE;
}

static void
queue_measure_rows (MwRunList *self)
{
  /* Before the next frame's layout, so the window can place the divider
   * there. */
  if (self->measure_id == 0)
    self->measure_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, measure_rows_once, self, NULL);
}

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
  queue_measure_rows (self);
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

/* Whether @item's row is bound and wholly inside the scrolled viewport. */
static gboolean
row_in_view (MwRunList *self,
             MwRunItem *item)
{
  GtkWidget *row = g_hash_table_lookup (self->rows, item);
  graphene_rect_t bounds;

  if (row == NULL || !gtk_widget_get_mapped (row) ||
      !gtk_widget_compute_bounds (row, self->scrolled, &bounds))
    return FALSE;
  /* A row made this frame is not placed yet: no height. */
  return bounds.size.height > 0 && bounds.origin.y >= 0 &&
         bounds.origin.y + bounds.size.height <= gtk_widget_get_height (self->scrolled);
}

/* Right after runs are added, or before the list is first laid out, the list
 * view does not know yet where their rows go, and one request to scroll can
 * land short. So the request is repeated at each frame, after each layout,
 * until the selected row is in view (at once for a row already there, such
 * as one just clicked) or a few frames have passed. */
#define SCROLL_MAX_FRAMES 10

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  MwRunList *self = data;
  MwRunItem *item = gtk_single_selection_get_selected_item (self->selection);

  /* Hidden (no runs yet: the window shows its empty page): tried again on map. */
  if (item == NULL || !gtk_widget_get_mapped (widget) || row_in_view (self, item) ||
      self->scroll_frames++ >= SCROLL_MAX_FRAMES)
    {
      self->scroll_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* gtk_list_view_scroll_to() is 4.12; the list's own action is there. */
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                              gtk_single_selection_get_selected (self->selection));
  return G_SOURCE_CONTINUE;
}

static void
scroll_to_selected (MwRunList *self)
{
  self->scroll_frames = 0;
  if (self->scroll_tick_id == 0)
    self->scroll_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb, self, NULL);
}

static void
selected_cb (GtkSingleSelection *selection,
             GParamSpec         *pspec,
             MwRunList          *self)
{
  scroll_to_selected (self);
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
          scroll_to_selected (self);   /* also when it was selected already */
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

/* The run with id @id, or NULL. */
static MwRunItem *
find_run (MwRunList  *self,
          const char *id)
{
  GListModel *model = G_LIST_MODEL (self->selection);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MwRunItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (mw_run_item_get_id (item), id) == 0)
        return item;   /* the model keeps it alive */
    }
  return NULL;
}

void
mw_run_list_request_delete (MwRunList  *self,
                            const char *id)
{
  MwRunItem *item;

  g_return_if_fail (MW_IS_RUN_LIST (self));
  g_return_if_fail (id != NULL);

  if ((item = find_run (self, id)) != NULL)
    g_signal_emit (self, signals[DELETE_REQUESTED], 0, item);
}

void
mw_run_list_request_continue (MwRunList  *self,
                              const char *id)
{
  MwRunItem *item;

  g_return_if_fail (MW_IS_RUN_LIST (self));
  g_return_if_fail (id != NULL);

  if ((item = find_run (self, id)) != NULL)
    g_signal_emit (self, signals[CONTINUE_REQUESTED], 0, item);
}

void
mw_run_list_request_use_settings (MwRunList  *self,
                                  const char *id)
{
  MwRunItem *item;

  g_return_if_fail (MW_IS_RUN_LIST (self));
  g_return_if_fail (id != NULL);

  if ((item = find_run (self, id)) != NULL)
    g_signal_emit (self, signals[USE_SETTINGS_REQUESTED], 0, item);
}

void
mw_run_list_request_duplicate (MwRunList  *self,
                               const char *id)
{
  MwRunItem *item;

  g_return_if_fail (MW_IS_RUN_LIST (self));
  g_return_if_fail (id != NULL);

  if ((item = find_run (self, id)) != NULL)
    g_signal_emit (self, signals[DUPLICATE_REQUESTED], 0, item);
}

static void
use_settings_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  mw_run_list_request_use_settings (MW_RUN_LIST (widget), g_variant_get_string (parameter, NULL));
}

static void
duplicate_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  mw_run_list_request_duplicate (MW_RUN_LIST (widget), g_variant_get_string (parameter, NULL));
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
    case PROP_NATURAL_HEIGHT:
      g_value_set_int (value, mw_run_list_get_natural_height (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

int
mw_run_list_get_natural_height (MwRunList *self)
{
  int title;

  g_return_val_if_fail (MW_IS_RUN_LIST (self), 0);

  gtk_widget_measure (self->title, GTK_ORIENTATION_VERTICAL, -1, NULL, &title, NULL, NULL);
  return title + NATURAL_ROWS * (self->row_height > 0 ? self->row_height : FALLBACK_ROW_HEIGHT);
}

gboolean
mw_run_list_get_rows_measured (MwRunList *self)
{
  g_return_val_if_fail (MW_IS_RUN_LIST (self), FALSE);
  return self->row_height > 0;
}

/* Naturally mw_run_list_get_natural_height() tall; at least what its
 * children need. */
static void
mw_run_list_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  MwRunList *self = MW_RUN_LIST (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *natural = MAX (*minimum, mw_run_list_get_natural_height (self));
}

static void
mw_run_list_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (mw_run_list_parent_class)->map (widget);
  scroll_to_selected (MW_RUN_LIST (widget));
}

/* A list made shorter (its divider moved, the window resized) keeps the
 * selected row in view. */
static void
mw_run_list_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  MwRunList *self = MW_RUN_LIST (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  if (height < self->last_height)
    scroll_to_selected (self);
  self->last_height = height;
}

static void
mw_run_list_dispose (GObject *object)
{
  MwRunList *self = MW_RUN_LIST (object);

  g_clear_handle_id (&self->measure_id, g_source_remove);
  if (self->scroll_tick_id != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick_id);
  self->scroll_tick_id = 0;
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
  /**
   * MwRunList:natural-height:
   *
   * The height that shows the title and four rows (mw_run_list_get_natural_height()).
   */
  properties[PROP_NATURAL_HEIGHT] =
    g_param_spec_int ("natural-height", NULL, NULL, 0, G_MAXINT, 0,
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
  /**
   * MwRunList::use-settings-requested:
   * @item: the run whose settings go into the experiment form
   */
  signals[USE_SETTINGS_REQUESTED] =
    g_signal_new ("use-settings-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MW_TYPE_RUN_ITEM);
  /**
   * MwRunList::duplicate-requested:
   * @item: the run to start again with the same settings
   */
  signals[DUPLICATE_REQUESTED] =
    g_signal_new ("duplicate-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MW_TYPE_RUN_ITEM);

  widget_class->measure = mw_run_list_measure;
  widget_class->size_allocate = mw_run_list_size_allocate;
  widget_class->map = mw_run_list_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-run-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MwRunList, box);
  gtk_widget_class_bind_template_child (widget_class, MwRunList, title);
  gtk_widget_class_bind_template_child (widget_class, MwRunList, scrolled);
  gtk_widget_class_bind_template_child (widget_class, MwRunList, list_view);

  gtk_widget_class_install_action (widget_class, "run-list.delete", "s", delete_activated);
  gtk_widget_class_install_action (widget_class, "run-list.continue", "s", continue_activated);
  gtk_widget_class_install_action (widget_class, "run-list.use-settings", "s", use_settings_activated);
  gtk_widget_class_install_action (widget_class, "run-list.duplicate", "s", duplicate_activated);
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
