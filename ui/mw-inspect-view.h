/* mw-inspect-view.h: the base of the inspection charts.
 *
 * An inspection view draws one reference-counted record (mw-inspection.h)
 * with Cairo. The base holds the record, redraws when it changes, draws
 * through the class's draw() on every snapshot, sizes the widget from the
 * sizes the class gives, gives it the theme's canvas background (.view) and
 * the accessible role of a picture. A new chart is a subclass that sets its
 * record kind and sizes in class_init and implements draw(); its draw() is
 * also called without a record, to show what is missing.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-inspection.h"
#include "mw-plot-frame.h"

G_BEGIN_DECLS

#define MW_TYPE_INSPECT_VIEW (mw_inspect_view_get_type ())
G_DECLARE_DERIVABLE_TYPE (MwInspectView, mw_inspect_view, MW, INSPECT_VIEW, GtkWidget)

struct _MwInspectViewClass
{
  GtkWidgetClass parent_class;

  /* Draws the view at the origin, @width × @height pixels. */
  void (* draw) (MwInspectView *self,
                 cairo_t       *cr,
                 int            width,
                 int            height);

  /*< private >*/
  const MwInspectionKind *inspection_kind;
  int   minimum_width, natural_width;
  int   minimum_height, natural_height;
};

/* For class_init: the kind of record the view draws (NULL, the default, for
 * a view that keeps its own data), and the widget's sizes. */
void     mw_inspect_view_class_set_inspection_kind (MwInspectViewClass     *klass,
                                                    const MwInspectionKind *kind);
void     mw_inspect_view_class_set_size            (MwInspectViewClass *klass,
                                                    int                 minimum_width,
                                                    int                 natural_width,
                                                    int                 minimum_height,
                                                    int                 natural_height);

/* @inspection: (nullable) (transfer none): a record of the class's
 * inspection kind, kept with a reference; NULL empties the view. */
void     mw_inspect_view_set_inspection            (MwInspectView      *self,
                                                    gpointer            inspection);
/* Returns: (transfer none) (nullable): the record drawn now. */
gpointer mw_inspect_view_get_inspection            (MwInspectView      *self);

/* Writes @text dimmed in the middle of @frame: what a view shows in place of
 * a chart it has no data for. */
void     mw_inspect_view_draw_message              (MwInspectView      *self,
                                                    cairo_t            *cr,
                                                    const MwPlotFrame  *frame,
                                                    const char         *text);

G_END_DECLS
