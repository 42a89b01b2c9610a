/* mw-boundary-inspection.h: what the Boundary page draws, computed on the inspector's
 * worker.
 *
 * One seeded test task of a planar run and the run's boundary after each inner step
 * (core/meta/mw-boundary.h); beside it the same task adapted for as many steps from
 * other starts, the small multiples: every other run of the window's list that learns
 * the same planar tasks (family, spread, label noise: MwInspectRequest's peers), each
 * by its own algorithm, and a random start (the run's model as its seed initialises
 * it, adapted by the run's algorithm: training from scratch for as many steps).  For
 * the logistic model, the query loss over its weight space around the path the
 * weights take.  The loaded runs and every boundary are kept between requests
 * (MwInspectKeep), so a task seen before, or a run already loaded, costs nothing.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-inspection.h"

G_BEGIN_DECLS

/* Points per side of the grid the view asks for. */
#define MW_BOUNDARY_VIEW_GRID 100
/* The most other runs drawn beside the inspected one (the random start comes on top). */
#define MW_BOUNDARY_MAX_PEERS 5
/* Points per side of the loss over weight space. */
#define MW_BOUNDARY_LOSS_GRID 41

/* One small multiple: the same task adapted from another start. */
typedef struct {
  char *title;               /* the run's name, or "Random start" */
  char *algorithm;           /* the algorithm's title */
  gboolean random_start;
  MwBoundary *boundary;      /* the record's task and steps */
  GArray **contours;         /* per step: the 0.5 contour (MwSegment) */
} MwBoundaryPanel;

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
  int n_panels;              /* the other runs', then the random start's */
  MwBoundaryPanel *panels;
  /* The logistic model (boundary->weights not NULL): the query loss at step s over
   * the square of (w₁, w₂) centred on weight_centre, weight_half to each side, at
   * that step's b: (steps + 1) × LOSS_GRID², rows of w₂ from the bottom. */
  float *weight_loss;
  float weight_centre[2], weight_half;
  /* A linear task's true normal (unit length): the direction w points to where the
   * task's boundary is the model's. */
  gboolean has_normal;
  float normal[2];
} MwBoundaryInspection;

/* Its compute() takes "(ti)", the seed and the task's index, or NULL for the test
 * seed's first task. */
extern const MwInspectionKind mw_boundary_inspection_kind;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MwBoundaryInspection, mw_inspection_unref)

G_END_DECLS
