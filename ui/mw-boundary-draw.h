/* mw-boundary-draw.h: how the Boundary page draws a field and the charts beside it,
 * shared by the big picture and the small multiples (mw-boundary-view.c). */
#pragma once

#include <gtk/gtk.h>

#include "mw-boundary-inspection.h"

G_BEGIN_DECLS

/* A square of the data (or weight) plane on the widget. */
typedef struct {
  double x, y, side;
  float lo, hi;
} MwBoundarySquare;

/* Step @s's field over @q, the true boundary dashed (when @truth is not NULL) and the
 * 0.5 contours of steps 0 … s from light grey to near black, the step's thicker by
 * @line (1 for the big picture); clipped to @q. */
void mw_boundary_draw_field       (cairo_t                *cr,
                                   const MwBoundarySquare *q,
                                   const MwBoundary       *b,
                                   GArray * const         *contours,
                                   GArray                 *truth,
                                   int                     s,
                                   double                  line);
/* The support points (large, outlined) and queries (small; the wrong ones at step
 * @s of @b ringed) of @r, at @scale (1 for the big picture). */
void mw_boundary_draw_points      (cairo_t                    *cr,
                                   const MwBoundarySquare     *q,
                                   const MwBoundaryInspection *r,
                                   const MwBoundary           *b,
                                   int                         s,
                                   double                      scale);
/* The fill colour of class @label (orange 0, blue 1). */
void mw_boundary_set_class_color  (cairo_t                *cr,
                                   int                     label);
/* @text in @widget's font from (x, y) (its top left), cut with an ellipsis at
 * @width pixels; returns its height. */
double mw_boundary_draw_text      (GtkWidget              *widget,
                                   cairo_t                *cr,
                                   const char             *text,
                                   double                  x,
                                   double                  y,
                                   double                  width,
                                   gboolean                bold);
/* The height of a line of @widget's text. */
double mw_boundary_line_height    (GtkWidget              *widget);
/* The logistic model's weight path up to step @s over the query loss at its b, the
 * start marked, step @s highlighted, the true normal's direction dashed. */
void mw_boundary_draw_weight_path (GtkWidget                  *widget,
                                   cairo_t                    *cr,
                                   const MwBoundarySquare     *q,
                                   const MwBoundaryInspection *r,
                                   int                         s);

G_END_DECLS
