/* mw-inspect-view.c: the record, snapshot and size every inspection chart shares. */

#include "config.h"

#include "mw-inspect-view.h"

typedef struct
{
  gpointer inspection; /* of the class's inspection kind, or NULL */
} MwInspectViewPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (MwInspectView, mw_inspect_view, GTK_TYPE_WIDGET)

void
mw_inspect_view_class_set_inspection_kind (MwInspectViewClass     *klass,
                                           const MwInspectionKind *kind)
{
  g_return_if_fail (MW_IS_INSPECT_VIEW_CLASS (klass));

  klass->inspection_kind = kind;
}

void
mw_inspect_view_class_set_size (MwInspectViewClass *klass,
                                int                 minimum_width,
                                int                 natural_width,
                                int                 minimum_height,
                                int                 natural_height)
{
  g_return_if_fail (MW_IS_INSPECT_VIEW_CLASS (klass));

  klass->minimum_width = minimum_width;
  klass->natural_width = natural_width;
  klass->minimum_height = minimum_height;
  klass->natural_height = natural_height;
}

void
mw_inspect_view_class_set_page (MwInspectViewClass *klass,
                                const char         *name,
                                const char         *title,
                                int                 order,
                                MwInspectRuns       runs)
{
  g_return_if_fail (MW_IS_INSPECT_VIEW_CLASS (klass));
  g_return_if_fail (name != NULL && title != NULL);

  klass->page_name = name;
  klass->page_title = title;
  klass->page_order = order;
  klass->page_runs = runs;
}

void
mw_inspect_view_class_set_request (MwInspectViewClass *klass,
                                   const char         *label,
                                   const char         *tooltip,
                                   const char         *status)
{
  g_return_if_fail (MW_IS_INSPECT_VIEW_CLASS (klass));

  klass->request_label = label;
  klass->request_tooltip = tooltip;
  klass->request_status = status;
}

void
mw_inspect_view_set_inspection (MwInspectView *self,
                                gpointer       inspection)
{
  MwInspectViewPrivate *priv = mw_inspect_view_get_instance_private (self);

  g_return_if_fail (MW_IS_INSPECT_VIEW (self));
  g_return_if_fail (inspection == NULL ||
                    mw_inspection_get_kind (inspection) == MW_INSPECT_VIEW_GET_CLASS (self)->inspection_kind);

  /* Taken before the old one goes, in case they are the same record. */
  if (inspection != NULL)
    inspection = mw_inspection_ref (inspection);
  if (priv->inspection != NULL)
    mw_inspection_unref (priv->inspection);
  priv->inspection = inspection;
  if (MW_INSPECT_VIEW_GET_CLASS (self)->inspection_changed != NULL)
    MW_INSPECT_VIEW_GET_CLASS (self)->inspection_changed (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gpointer
mw_inspect_view_get_inspection (MwInspectView *self)
{
  MwInspectViewPrivate *priv = mw_inspect_view_get_instance_private (self);

  g_return_val_if_fail (MW_IS_INSPECT_VIEW (self), NULL);

  return priv->inspection;
}

void
mw_inspect_view_draw_message (MwInspectView     *self,
                              cairo_t           *cr,
                              const MwPlotFrame *frame,
                              const char        *text)
{
  g_return_if_fail (MW_IS_INSPECT_VIEW (self));

  mw_plot_set_color (cr, &frame->fg, 0.6);
  mw_plot_frame_text (GTK_WIDGET (self), cr, text,
                      frame->left + frame->width / 2, frame->top + frame->height / 2, 0.5, 0.5, FALSE);
}

static void
mw_inspect_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  MwInspectViewClass *klass = MW_INSPECT_VIEW_GET_CLASS (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (klass->draw != NULL)
    klass->draw (MW_INSPECT_VIEW (widget), cr, width, height);
  cairo_destroy (cr);
}

static void
mw_inspect_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  MwInspectViewClass *klass = MW_INSPECT_VIEW_GET_CLASS (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = klass->minimum_width;
      *natural = klass->natural_width;
    }
  else
    {
      *minimum = klass->minimum_height;
      *natural = klass->natural_height;
    }
}

static void
mw_inspect_view_finalize (GObject *object)
{
  MwInspectView *self = MW_INSPECT_VIEW (object);
  MwInspectViewPrivate *priv = mw_inspect_view_get_instance_private (self);

  g_clear_pointer (&priv->inspection, mw_inspection_unref);
  G_OBJECT_CLASS (mw_inspect_view_parent_class)->finalize (object);
}

static void
mw_inspect_view_class_init (MwInspectViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mw_inspect_view_finalize;
  widget_class->snapshot = mw_inspect_view_snapshot;
  widget_class->measure = mw_inspect_view_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mw_inspect_view_init (MwInspectView *self)
{
  /* The theme's canvas background (white, or dark grey in dark mode). */
  gtk_widget_add_css_class (GTK_WIDGET (self), "view");
}
