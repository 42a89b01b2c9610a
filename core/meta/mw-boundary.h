/* mw-boundary.h: a 2-way model's decision boundary on 2-D points after each inner
 * step of adaptation on a task's support set, from the meta-learned start: the class-1
 * probability on a G × G grid over a square, and its 0.5 contour by marching squares. */
#pragma once

#include "mw-algorithm.h"

/* The most steps a boundary follows: every step up to 10 is measured (mw-algorithm.h). */
#define MW_BOUNDARY_MAX_STEPS 10

typedef struct {
  int grid;            /* G: points per side */
  float lo, hi;        /* the square [lo, hi]² */
  int steps;           /* fields, loss and accuracy have steps + 1 entries (0: the start) */
  /* (steps + 1) · G · G class-1 probabilities: step s, row j (y = lo + j·(hi − lo)/(G − 1),
   * bottom to top), column i (x likewise). */
  float *fields;
  int n_query;
  float *query_p1;     /* (steps + 1) · n_query: each query point's class-1 probability */
  double *loss;        /* query cross-entropy per step */
  double *accuracy;    /* query accuracy per step */
  /* A logistic model's path in weight space: (steps + 1) × 3 floats w₁, w₂, b after
   * each step, the class-1 margin w·(x, y) + b = logit₁ − logit₀ (w is column 1 minus
   * column 0 of its 2 → 2 layer, b likewise), so p₁ = σ (w·(x, y) + b).  NULL for any
   * other model. */
  float *weights;
} MwBoundary;

/* One segment of a contour, in data coordinates. */
typedef struct {
  float x0, y0, x1, y1;
} MwSegment;

/* The x (or y) of grid index i. */
float mw_boundary_coordinate (const MwBoundary *b, int i);

/* Adapts algo's learner on task's support set (a 2-way task of 2-D points, as the
 * planar dataset draws them) through its own evaluation, for steps (0 …
 * MW_BOUNDARY_MAX_STEPS) steps, and records the grid and the queries after each.
 * grid ≥ 2.  NULL with MW_ALGORITHM_ERROR_UNSUPPORTED for a task or model that is not
 * 2-way on 2-D points.  Free with mw_boundary_free. */
MwBoundary *mw_boundary_compute (MwAlgorithm *algo, const MwTask *task, int steps, int grid,
                                 float lo, float hi, GError **error);
void mw_boundary_free (MwBoundary *boundary);
/* An independent copy. */
MwBoundary *mw_boundary_copy (const MwBoundary *boundary);
/* Whether a model is the logistic one whose weight path mw_boundary_compute records:
 * one linear layer from 2 inputs to 2 classes. */
gboolean mw_boundary_model_is_logistic (const MwModel *model);
/* The mean query cross-entropy of the logistic margin w·(x, y) + b, the loss over
 * weight space a weight path crosses. */
double mw_boundary_logistic_loss (const float *query_xy, const int32_t *labels, int n, float w1,
                                  float w2, float b);

/* The 0.5 contour of step s's field: segments whose ends lie on grid edges where the
 * linearly interpolated probability is 0.5.  Returns a GArray of MwSegment. */
GArray *mw_boundary_contour (const MwBoundary *boundary, int step, float level);
/* The same for any G × G field of values over [lo, hi]² (the true boundary's margin at
 * level 0, for example). */
GArray *mw_contour_segments (const float *field, int grid, float lo, float hi, float level);
