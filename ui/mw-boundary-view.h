/* mw-boundary-view.h: a planar run's decision boundary, inner step by inner step.
 *
 * One seeded test task of a planar run (2-D points, 2 ways), the model's class-1
 * probability over the data square after each inner step of adaptation
 * (core/meta/mw-boundary.h): a diverging field (orange class 0, grey, blue class 1) for
 * the selected step, the 0.5 contour of every step up to it from light to dark, the
 * task's true boundary dashed, support points large, queries small and wrong queries
 * ringed; beside it the query loss and accuracy per step. A step slider and the "Next
 * Task" button sit above it. Draws an MwBoundaryInspection, which its kind computes on
 * the inspector's worker thread.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-inspect-view.h"
#include "mw-inspection.h"

G_BEGIN_DECLS

/* Points per side of the grid the view asks for. */
#define MW_BOUNDARY_VIEW_GRID 100

/**
 * MwBoundaryInspection:
 *
 * One planar test task and its boundary after each inner step.
 */
typedef struct {
  MwInspection parent;
  char *title;
  guint64 seed;
  int task_index;            /* the task is eval's episode task_index of seed */
  MwBoundary *boundary;      /* steps 0 … min (test steps, MW_BOUNDARY_MAX_STEPS) */
  int n_support;
  float *support_xy;         /* n_support × 2 */
  int32_t *support_labels;
  float *query_xy;           /* boundary->n_query × 2 */
  int32_t *query_labels;
  GArray **contours;         /* per step: the 0.5 contour (MwSegment) */
  GArray *truth;             /* the task's true boundary (MwSegment) */
} MwBoundaryInspection;

/* Its compute() takes "(ti)", the seed and the task's index, or NULL for the test
 * seed's first task. */
extern const MwInspectionKind mw_boundary_inspection_kind;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MwBoundaryInspection, mw_inspection_unref)

#define MW_TYPE_BOUNDARY_VIEW (mw_boundary_view_get_type ())
G_DECLARE_FINAL_TYPE (MwBoundaryView, mw_boundary_view, MW, BOUNDARY_VIEW, MwInspectView)

GtkWidget *mw_boundary_view_new            (void);
/* Returns: (transfer none): the step slider (made with the page's controls; NULL before). */
GtkRange  *mw_boundary_view_get_step_scale (MwBoundaryView *self);
/* The step drawn. */
int        mw_boundary_view_get_step       (MwBoundaryView *self);
/* Returns: (transfer full): the summary line drawn on top. */
char      *mw_boundary_view_dup_summary    (MwBoundaryView *self);

G_END_DECLS
