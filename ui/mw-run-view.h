/* mw-run-view.h: the chart page: the selected run's status, progress and
 * error banner, an x-axis choice, and two curve plots (meta-training loss;
 * meta-validation accuracy with its 95% confidence band) that overlay every
 * visible run, one series per run in the run's colour.
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

/* The view follows @runs (a GListModel of MwRunItem; NULL for none): one
 * series per run in both plots, added and removed as the model changes. */
void         mw_run_view_set_runs         (MwRunView    *self,
                                           GListModel   *runs);

/* Adds a series for @item (its id, name, colour and visibility, which the
 * view then follows) to both plots. Returns FALSE if it is already there. */
gboolean     mw_run_view_add_run          (MwRunView    *self,
                                           MwRunItem    *item);
void         mw_run_view_remove_run       (MwRunView    *self,
                                           MwRunItem    *item);
/* Appends points (GArrays of MwCurvePoint; either may be NULL) to the
 * series of the run with id @id. */
void         mw_run_view_append           (MwRunView    *self,
                                           const char   *id,
                                           GArray       *loss,
                                           GArray       *validation);

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

/* Returns: (transfer none): the plots. */
MwCurvePlot *mw_run_view_get_loss_plot    (MwRunView    *self);
MwCurvePlot *mw_run_view_get_accuracy_plot (MwRunView   *self);

G_END_DECLS
