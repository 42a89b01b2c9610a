/* mw-run-view.h: the chart page: the selected run's status, progress and
 * error banner, an x-axis choice, and one curve plot per unit of measure
 * (loss, mean squared error, accuracy in percent: mw-metric-spec.h) that
 * overlays every visible run's series of that unit in the run's colour. Two
 * units never share an axis: a sinusoid run's MSE and an image run's accuracy
 * are on charts of their own. With no run, the loss and accuracy charts show
 * empty.
 *
 * It only shows what it is given (DESIGN.md: ui/ never computes): the owner of
 * the runs adds a series per run and feeds it points.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-curve-plot.h"
#include "mw-run-item.h"

G_BEGIN_DECLS

#define MW_TYPE_RUN_VIEW (mw_run_view_get_type ())
G_DECLARE_FINAL_TYPE (MwRunView, mw_run_view, MW, RUN_VIEW, GtkBox)

/* Returns: (transfer floating): a new, empty run view. */
GtkWidget   *mw_run_view_new              (void);

/* The view follows @runs (a GListModel of MwRunItem; NULL for none): the
 * charted series of each run (mw_run_item_get_metrics), added and removed as
 * the model changes. */
void         mw_run_view_set_runs         (MwRunView    *self,
                                           GListModel   *runs);

/* Adds @item's charted series (its id, name, colour and visibility, which
 * the view then follows) to the charts of their units. Returns FALSE if it
 * is already there. */
gboolean     mw_run_view_add_run          (MwRunView    *self,
                                           MwRunItem    *item);
void         mw_run_view_remove_run       (MwRunView    *self,
                                           MwRunItem    *item);
/* Appends @points (a GArray of MwMetricPoint) to the series they name of
 * the run with id @id; points of series the run does not chart are left out. */
void         mw_run_view_append           (MwRunView    *self,
                                           const char   *id,
                                           GArray       *points);
/* Removes the points of every series of the run @id (it continues from a
 * checkpoint: its saved points come again). */
void         mw_run_view_clear_run        (MwRunView    *self,
                                           const char   *id);

/* The run the status line, progress bar and error banner describe (NULL:
 * none); the view follows its changes. */
void         mw_run_view_show_run         (MwRunView    *self,
                                           MwRunItem    *item);
/* Returns: (transfer none) (nullable) */
MwRunItem   *mw_run_view_get_shown_run    (MwRunView    *self);

/* Returns: (transfer none) (nullable): the error message shown, if any. */
const char  *mw_run_view_get_error        (MwRunView    *self);
/* Returns: (transfer none) (nullable): the notice shown (files skipped), if any. */
const char  *mw_run_view_get_notice       (MwRunView    *self);
/* Returns: (transfer none): the status line's text. */
const char  *mw_run_view_get_status_text  (MwRunView    *self);

/* What both plots' x axis shows (the x-axis drop-down). */
void             mw_run_view_set_x_axis   (MwRunView        *self,
                                           MwCurvePlotXAxis  x_axis);
MwCurvePlotXAxis mw_run_view_get_x_axis   (MwRunView        *self);

/* Returns: (transfer none) (nullable): the chart of @unit, NULL while it is
 * not shown. */
MwCurvePlot *mw_run_view_get_chart        (MwRunView    *self,
                                           MwMetricUnit  unit);
/* The chart that shows series @metric ("train_loss") of the run @id, and the
 * id of the series there (@series_id: (out) (optional) (transfer none)).
 * Returns: (transfer none) (nullable): NULL if the run has no such series. */
MwCurvePlot *mw_run_view_find_series      (MwRunView    *self,
                                           const char   *id,
                                           const char   *metric,
                                           const char  **series_id);
/* Points of series @metric of the run @id (0 if there is none). */
gsize        mw_run_view_get_n_points     (MwRunView    *self,
                                           const char   *id,
                                           const char   *metric);

G_END_DECLS
