/* mw-inspect-view.h: the base of the inspection charts.
 *
 * An inspection view draws one reference-counted record (mw-inspection.h)
 * with Cairo. The base holds the record, redraws when it changes, draws
 * through the class's draw() on every snapshot, sizes the widget from the
 * sizes the class gives, gives it the theme's canvas background (.view) and
 * the accessible role of a picture. A new chart is a subclass that sets its
 * record kind and sizes in class_init and implements draw(); its draw() is
 * also called without a record, to show what is missing.
 *
 * A view may also ask for a page of its own on the inspect page: its class
 * gives the page's name, title and place, the runs it applies to and,
 * optionally, a button that asks for its record. The inspect page builds a
 * page for each such view listed in ui/meson.build (inspect_views) and hands
 * it every record of its kind; the view's name there is its source file's.
 *
 * A new view of a new record, as mw-cost-view.{c,h} is: the header declares
 * the record (a struct starting with MwInspection) and its kind; the source
 * defines the kind (name, size, clear, and compute(), which the inspector
 * runs on its worker thread with the loaded run) and the view, whose
 * class_init sets the kind, the sizes, the page and the request button. Then
 * the view's name in ui/meson.build's inspect_views, a test in
 * tests/ui/test-inspect.c, the source in po/POTFILES.in and its strings in
 * po/zh_CN.po. A view of an existing record leaves out the record and kind.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-inspection.h"
#include "mw-plot-frame.h"

G_BEGIN_DECLS

/* The runs a view's page is shown for. */
typedef enum {
  MW_INSPECT_RUNS_CLASSIFICATION = 1 << 0,   /* of images */
  MW_INSPECT_RUNS_REGRESSION     = 1 << 1,
  MW_INSPECT_RUNS_PLANAR         = 1 << 2,   /* classification of points in the plane */
  MW_INSPECT_RUNS_ALL            = MW_INSPECT_RUNS_CLASSIFICATION | MW_INSPECT_RUNS_REGRESSION |
                                   MW_INSPECT_RUNS_PLANAR,
} MwInspectRuns;

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
  /* Optional: called after the record changed (to follow it with controls). */
  void (* inspection_changed) (MwInspectView *self);
  /* Optional: the parameters (a floating GVariant, or NULL) the request
   * button's record is computed with. */
  GVariant *(* request_params) (MwInspectView *self);
  /* Optional: widgets the page shows beside the request button. */
  GtkWidget *(* create_controls) (MwInspectView *self);

  /*< private >*/
  const MwInspectionKind *inspection_kind;
  int   minimum_width, natural_width;
  int   minimum_height, natural_height;
  /* Its own page, or page_name NULL; the strings untranslated. */
  const char   *page_name;
  const char   *page_title;
  int           page_order;
  MwInspectRuns page_runs;
  const char   *request_label;
  const char   *request_tooltip;
  const char   *request_status;
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

/* For class_init: a page of its own, @name (what mw_inspect_page_show_page
 * takes) titled @title (untranslated, marked with N_()), placed by @order
 * among the views' pages (lowest first; they come after "Episode" and
 * "Adaptation" and before "Task Builder"), shown for @runs. */
void     mw_inspect_view_class_set_page            (MwInspectViewClass *klass,
                                                    const char         *name,
                                                    const char         *title,
                                                    int                 order,
                                                    MwInspectRuns       runs);
/* For class_init: a button above the view that asks for its record, with
 * @label (with a mnemonic) and @tooltip, and the @status line shown while it
 * is computed; all untranslated, marked with N_(). */
void     mw_inspect_view_class_set_request         (MwInspectViewClass *klass,
                                                    const char         *label,
                                                    const char         *tooltip,
                                                    const char         *status);

/* Returns: (array zero-terminated=1) (transfer none): the views with a page
 * of their own, as listed in ui/meson.build (generated: mw-inspect-views.c). */
GType   *mw_inspect_view_list_page_types           (void);

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
