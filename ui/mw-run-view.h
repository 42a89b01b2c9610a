/* mw-run-view.h: the chart page of a run: its status and progress, an inline
 * error banner, and two curve plots (meta-training loss; meta-validation
 * accuracy with its 95% confidence band).
 *
 * It only shows what it is given (DESIGN.md: ui/ never computes): the owner of
 * the run feeds it points and states.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-curve-plot.h"
#include "mw-run-control.h"

G_BEGIN_DECLS

#define MW_TYPE_RUN_VIEW (mw_run_view_get_type ())
G_DECLARE_FINAL_TYPE (MwRunView, mw_run_view, MW, RUN_VIEW, GtkBox)

/* The series id of the current run in both plots. */
#define MW_RUN_VIEW_SERIES "run"

/* Returns: (transfer floating): a new, empty run view. */
GtkWidget   *mw_run_view_new              (void);

/* Empties both plots for a new run named @name. @regression: the validation
 * plot shows the MSE instead of an accuracy. */
void         mw_run_view_reset            (MwRunView    *self,
                                           const char   *name,
                                           gboolean      regression);
/* Appends points (GArrays of MwCurvePoint; either may be NULL). */
void         mw_run_view_append           (MwRunView    *self,
                                           GArray       *loss,
                                           GArray       *validation);
/* Updates the status line and the progress bar. @eta_seconds < 0: unknown. */
void         mw_run_view_set_status       (MwRunView    *self,
                                           MwRunState    state,
                                           gint64        iteration,
                                           gint64        total,
                                           double        eta_seconds);
/* Shows @message in the error banner; NULL hides it. */
void         mw_run_view_set_error        (MwRunView    *self,
                                           const char   *message);
/* Returns: (transfer none) (nullable): the message shown, if any. */
const char  *mw_run_view_get_error        (MwRunView    *self);

/* Returns: (transfer none): the plots. */
MwCurvePlot *mw_run_view_get_loss_plot    (MwRunView    *self);
MwCurvePlot *mw_run_view_get_accuracy_plot (MwRunView   *self);

G_END_DECLS
