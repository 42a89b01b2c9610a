/* mw-boundary-view.h: a planar run's decision boundary, inner step by inner step.
 *
 * One seeded test task of a planar run (2-D points, 2 ways), the model's class-1
 * probability over the data square after each inner step of adaptation
 * (core/meta/mw-boundary.h): a diverging field (orange class 0, grey, blue class 1) for
 * the selected step, the 0.5 contour of every step up to it from light to dark, the
 * task's true boundary dashed, support points large, queries small and wrong queries
 * ringed; beside it the query loss and accuracy per step. Below, small multiples: the
 * same task at the same step adapted from other starts (the other runs of the list
 * that learn the same tasks, and a random start), each with its field, contour, true
 * boundary and query accuracy; for the logistic model, a chart of the weights' path
 * (w₁, w₂) over the steps so far over the query loss at the step's b, with the start
 * marked and the task's true normal for reference.  The tiles wrap onto more rows
 * when the page is narrow (the view's height follows its width).  A step slider and
 * the "Next Task" button sit above it.  Draws an MwBoundaryInspection
 * (mw-boundary-inspection.h), which its kind computes on the inspector's worker.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-boundary-inspection.h"
#include "mw-inspect-view.h"

G_BEGIN_DECLS

#define MW_TYPE_BOUNDARY_VIEW (mw_boundary_view_get_type ())
G_DECLARE_FINAL_TYPE (MwBoundaryView, mw_boundary_view, MW, BOUNDARY_VIEW, MwInspectView)

GtkWidget *mw_boundary_view_new            (void);
/* Returns: (transfer none): the step slider (made with the page's controls; NULL before). */
GtkRange  *mw_boundary_view_get_step_scale (MwBoundaryView *self);
/* The step drawn. */
int        mw_boundary_view_get_step       (MwBoundaryView *self);
/* Returns: (transfer full): the summary line drawn on top. */
char      *mw_boundary_view_dup_summary    (MwBoundaryView *self);
/* The small multiples and the weight-path chart drawn (0 before a record), and the
 * rows they take at the view's width. */
int        mw_boundary_view_get_n_tiles    (MwBoundaryView *self);
int        mw_boundary_view_get_tile_rows  (MwBoundaryView *self);
/* Whether the weight-path chart is drawn (a logistic model's record). */
gboolean   mw_boundary_view_get_shows_weight_path (MwBoundaryView *self);

G_END_DECLS
