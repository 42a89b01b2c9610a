/* mw-plot-frame.h: the axes, grid and labels of the inspection charts.
 *
 * The small Cairo charts of the inspection views (sine fits, embeddings,
 * costs) share MwCurvePlot's look: theme text colour, faint grid, nice ticks
 * from mw-plot-math.h, real minus signs. A frame maps data to pixels inside
 * margins that leave room for the labels.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct {
  double x0, x1, y0, y1;          /* data ranges */
  double left, top, width, height; /* the plot area in pixels */
  GdkRGBA fg;                     /* text and axes */
  gboolean dark;                  /* the theme is dark */
} MwPlotFrame;

/* Sets up a frame for a @width × @height chart of @widget (for its colours and
 * fonts) over the given data ranges (widened a little when empty). */
void     mw_plot_frame_init       (MwPlotFrame *frame,
                                   GtkWidget   *widget,
                                   int          width,
                                   int          height,
                                   double       x0,
                                   double       x1,
                                   double       y0,
                                   double       y1);
double   mw_plot_frame_x          (const MwPlotFrame *frame,
                                   double             x);
double   mw_plot_frame_y          (const MwPlotFrame *frame,
                                   double             y);
/* Grid, ticks, tick labels, axis labels and the title (each may be NULL);
 * @show_ticks FALSE draws only the box (PCA axes have no units). */
void     mw_plot_frame_draw       (const MwPlotFrame *frame,
                                   GtkWidget         *widget,
                                   cairo_t           *cr,
                                   const char        *title,
                                   const char        *x_label,
                                   const char        *y_label,
                                   gboolean           show_ticks);
/* Text at (@x, @y); @align_x and @align_y in [0, 1] place the anchor (0.5:
 * centred). */
void     mw_plot_frame_text       (GtkWidget         *widget,
                                   cairo_t           *cr,
                                   const char        *text,
                                   double             x,
                                   double             y,
                                   double             align_x,
                                   double             align_y,
                                   gboolean           bold);
/* Colour @index of the class palette (the run palette), adjusted for dark
 * themes by the palette itself. */
void     mw_plot_class_color      (guint              index,
                                   GdkRGBA           *color);
void     mw_plot_set_color        (cairo_t           *cr,
                                   const GdkRGBA     *color,
                                   double             alpha);

G_END_DECLS
