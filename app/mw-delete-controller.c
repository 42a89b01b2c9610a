/* mw-delete-controller.c: Delete with Undo, for one window's run list. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-delete-controller.h"

struct _MwDeleteController
{
  GObject parent_instance;

  MwRunManager *manager;   /* owned */
  MwRunList    *list;      /* owned */
  MwRunView    *view;      /* owned */
  MwToast      *toast;     /* owned */

  /* The run whose delete the toast offers to undo, and what Undo restores. */
  MwRunItem *pending;      /* owned, or NULL */
  gboolean   was_selected;
  GArray    *points;       /* MwMetricPoint: its curves, then what came after */
};

G_DEFINE_FINAL_TYPE (MwDeleteController, mw_delete_controller, G_TYPE_OBJECT)

/* The points of @item's curves, as the charts have them. */
static void
copy_curves (MwDeleteController *self,
             MwRunItem          *item)
{
  const MwMetricSpec *specs;
  guint n_specs;

  specs = mw_run_item_get_metrics (item, &n_specs);
  for (guint s = 0; s < n_specs; s++)
    {
      const char *series_id;
      MwCurvePlot *plot = mw_run_view_find_series (self->view, mw_run_item_get_id (item),
                                                   specs[s].name, &series_id);
      gsize n;

      if (plot == NULL)
        continue;
      n = mw_curve_plot_get_n_points (plot, series_id);
      for (gsize i = 0; i < n; i++)
        {
          MwCurvePoint c;
          MwMetricPoint p;

          if (!mw_curve_plot_get_point (plot, series_id, i, &c, NULL))
            continue;
          p = (MwMetricPoint) { g_intern_string (specs[s].name), c.iteration, c.tasks,
                                c.seconds, c.y, c.y_lo, c.y_hi };
          g_array_append_val (self->points, p);
        }
    }
}

/* Points of a hidden run that still came (its last delivery before its
 * training paused): kept for Undo. */
static void
metrics_cb (MwRunManager       *manager,
            MwRunItem          *item,
            GArray             *points,
            MwDeleteController *self)
{
  if (item == self->pending && points != NULL)
    g_array_append_vals (self->points, points->data, points->len);
}

static void
clear_pending (MwDeleteController *self)
{
  g_clear_object (&self->pending);
  g_array_set_size (self->points, 0);
  self->was_selected = FALSE;
}

/* The toast went without Undo: the delete is carried out. */
static void
toast_dismissed_cb (MwToast            *toast,
                    MwDeleteController *self)
{
  g_autoptr(MwRunItem) item = NULL;

  if (self->pending == NULL)
    return;
  item = g_object_ref (self->pending);
  clear_pending (self);
  mw_run_manager_delete_run (self->manager, item);
}

static void
toast_button_cb (MwToast            *toast,
                 MwDeleteController *self)
{
  mw_delete_controller_undo (self);
}

void
mw_delete_controller_delete (MwDeleteController *self,
                             MwRunItem          *item)
{
  g_autofree char *title = NULL;
  gboolean selected;

  g_return_if_fail (MW_IS_DELETE_CONTROLLER (self));
  g_return_if_fail (MW_IS_RUN_ITEM (item));

  if (item == self->pending || mw_run_manager_get_hidden (self->manager, item))
    return;
  /* The delete offered before is carried out (the toast's ::dismissed). */
  mw_toast_dismiss (self->toast);

  selected = mw_run_list_get_selected (self->list) == item;
  copy_curves (self, item);
  if (!mw_run_manager_hide_run (self->manager, item))
    {
      g_array_set_size (self->points, 0);
      return;
    }
  self->pending = g_object_ref (item);
  self->was_selected = selected;

  /* TRANSLATORS: a toast after a run was deleted, with an Undo button; %s is
   * the run's name */
  title = g_strdup_printf (_("Run “%s” deleted"), mw_run_item_get_name (item));
  mw_toast_show (self->toast, title, _("_Undo"));
}

void
mw_delete_controller_undo (MwDeleteController *self)
{
  g_autoptr(MwRunItem) item = NULL;
  g_autoptr(GArray) points = NULL;
  gboolean selected;

  g_return_if_fail (MW_IS_DELETE_CONTROLLER (self));

  if (self->pending == NULL)
    return;
  item = g_steal_pointer (&self->pending);
  points = g_array_copy (self->points);
  selected = self->was_selected;
  clear_pending (self);
  mw_toast_dismiss (self->toast);

  if (!mw_run_manager_unhide_run (self->manager, item))
    return;
  /* Back in the list, the charts have its series again, empty. */
  mw_run_view_append (self->view, mw_run_item_get_id (item), points);
  if (selected)
    mw_run_list_select (self->list, item);
}

void
mw_delete_controller_flush (MwDeleteController *self)
{
  g_return_if_fail (MW_IS_DELETE_CONTROLLER (self));

  mw_toast_dismiss (self->toast);
}

MwRunItem *
mw_delete_controller_get_pending (MwDeleteController *self)
{
  g_return_val_if_fail (MW_IS_DELETE_CONTROLLER (self), NULL);
  return self->pending;
}

static void
mw_delete_controller_dispose (GObject *object)
{
  MwDeleteController *self = MW_DELETE_CONTROLLER (object);

  if (self->toast != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->toast, self);
      g_clear_object (&self->toast);
    }
  if (self->manager != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->manager, self);
      g_clear_object (&self->manager);
    }
  /* A run still hidden here is deleted when the application quits. */
  clear_pending (self);
  g_clear_object (&self->list);
  g_clear_object (&self->view);

  G_OBJECT_CLASS (mw_delete_controller_parent_class)->dispose (object);
}

static void
mw_delete_controller_finalize (GObject *object)
{
  MwDeleteController *self = MW_DELETE_CONTROLLER (object);

  g_array_unref (self->points);

  G_OBJECT_CLASS (mw_delete_controller_parent_class)->finalize (object);
}

static void
mw_delete_controller_class_init (MwDeleteControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mw_delete_controller_dispose;
  object_class->finalize = mw_delete_controller_finalize;
}

static void
mw_delete_controller_init (MwDeleteController *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (MwMetricPoint));
}

MwDeleteController *
mw_delete_controller_new (MwRunManager *manager,
                          MwRunList    *list,
                          MwRunView    *view,
                          MwToast      *toast)
{
  MwDeleteController *self;

  g_return_val_if_fail (MW_IS_RUN_MANAGER (manager), NULL);
  g_return_val_if_fail (MW_IS_RUN_LIST (list), NULL);
  g_return_val_if_fail (MW_IS_RUN_VIEW (view), NULL);
  g_return_val_if_fail (MW_IS_TOAST (toast), NULL);

  self = g_object_new (MW_TYPE_DELETE_CONTROLLER, NULL);
  self->manager = g_object_ref (manager);
  self->list = g_object_ref (list);
  self->view = g_object_ref (view);
  self->toast = g_object_ref (toast);
  g_signal_connect (manager, "metrics", G_CALLBACK (metrics_cb), self);
  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (toast_button_cb), self);
  return self;
}
