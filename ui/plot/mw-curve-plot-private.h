/* mw-curve-plot-private.h: what the pieces of MwCurvePlot share.
 *
 * MwCurvePlot is one widget written in several files, one concern each:
 *
 *   mw-curve-plot.c         the GObject: properties, class, instance, accessibility
 *   mw-curve-plot-series.c  the data: series of points with bands, smoothing, colours
 *   mw-curve-plot-view.c    the data ranges shown: automatic, or zoomed and panned
 *   mw-curve-plot-layout.c  fonts, ticks, title, legend and the plot rectangle
 *   mw-curve-plot-draw.c    the whole picture: grid, axes, labels, overlays
 *   mw-curve-plot-lines.c   the curves: decimated lines, bands and markers
 *   mw-curve-plot-hover.c   the hover readout
 *   mw-curve-plot-input.c   pointer and keyboard: zoom, pan, reset
 *   mw-curve-plot-export.c  PNG, SVG, PDF and CSV files
 *   mw-curve-plot-menu.c    the context menu: export dialogs, copy image, errors
 *
 * Drawing and pointer input share one Layout (computed by
 * mw_curve_plot_layout_compute()), so a point under the pointer is the point
 * drawn there.
 */
#pragma once

#include <math.h>

#include <pango/pangocairo.h>

#include "mw-curve-plot.h"
#include "mw-plot-math.h"

G_BEGIN_DECLS

#define N_X_AXES 3

/* Beyond this, pixel coordinates are clamped: Cairo's fixed-point numbers
 * overflow at about ±8 million and a zoomed-in view can put points far off. */
#define FAR_PIXELS 1e5

#define DOUBLES(array) ((double *) (array)->data)

/* One series (one run's curve) and what is known about its points. */
typedef struct {
  char     *id;
  char     *name;
  GdkRGBA   color;
  gboolean  custom_color;
  guint     palette_index;
  gboolean  visible;

  /* Struct of arrays of double, all the same length, so the drawing loops
   * read only what they need. lo and hi are NAN where a point has no band. */
  GArray   *x[N_X_AXES];
  GArray   *y;
  GArray   *lo;
  GArray   *hi;
  GArray   *smooth;
  MwPlotEma ema;

  /* Kept up to date on append, so the automatic view costs nothing. */
  gboolean  sorted[N_X_AXES];
  double    x_min[N_X_AXES];
  double    x_max[N_X_AXES];
  gsize     n_finite;       /* points with a finite y */
  double    y_min;
  double    y_max;
  double    y_min_positive; /* INFINITY when there is none */
  double    smooth_min;     /* the same for the smoothed values */
  double    smooth_max;
  double    smooth_min_positive;
  gboolean  has_band;
  double    band_min;
  double    band_max;
  double    band_min_positive;
} Series;

/* What a primary-button drag is doing. */
typedef enum {
  DRAG_NONE,
  DRAG_PAN,
  DRAG_BOX,
} DragMode;

struct _MwCurvePlot
{
  GtkWidget parent_instance;

  GPtrArray *series; /* Series *, in legend order */

  char *title;
  char *x_label;
  char *y_label;
  MwCurvePlotXAxis x_axis;
  gboolean log_y;
  double smoothing;
  gboolean show_bands;

  /* A zoomed or panned view: x in data units, y in axis units (log10 of the
   * data on a log axis). Otherwise the view fits the data. */
  gboolean manual_view;
  double view_x0, view_x1, view_t0, view_t1;

  gboolean hover;
  double hover_x, hover_y;

  DragMode drag_mode;
  gboolean drag_moved;
  double drag_start_x, drag_start_y;
  double drag_dx, drag_dy;
  double drag_view[4];

  char *export_name;
  GtkWidget *context_menu; /* a GtkPopoverMenu child, or NULL until needed */

  /* Reused by every draw, so drawing allocates nothing per frame. */
  GArray *scratch_line;
  GArray *scratch_band;
  GArray *scratch_clip;
  GArray *scratch_columns;

  /* What a page of stacked charts sets so that their grids line up, and
   * guides drawn with the data (mw-curve-plot-axes.c). */
  double shared_x0, shared_x1;  /* NAN: the data's own x range */
  double y_axis_width;          /* 0: as wide as the tick labels need */
  double natural_y_axis_width;  /* what the last drawing needed */
  guint natural_width_idle;
  GArray *reference_lines;      /* ReferenceLine */
  char *empty_hint;             /* NULL: "No data yet" */
};

/* A horizontal line across the plot at @y, such as the chance level. */
typedef struct {
  double y;
  char  *label;
} ReferenceLine;

/* The colours and options of one drawing: the widget's, or paper for exports. */
typedef struct {
  GdkRGBA  fg;       /* text, axes and grid (with alpha) */
  GdkRGBA  bg;       /* behind the readout; the page of exports */
  GdkRGBA  accent;   /* zoom box and focus ring */
  gboolean dark;
  gboolean page;     /* fill the background (exports) */
  gboolean overlays; /* hover readout, zoom box, focus ring (the widget) */
  gboolean hinting;  /* follow the screen's font hinting (not for exports) */
} PlotStyle;

/* The fonts of one drawing, from the widget's font. */
typedef struct {
  PangoFontDescription *base;
  PangoFontDescription *small;
  PangoFontDescription *small_bold;
  PangoFontDescription *title;
  PangoFontDescription *hint;
  PangoAttrList        *tabular;
} Fonts;

/* One entry of the legend, placed in the header. */
typedef struct {
  const Series *series;
  GdkRGBA       color;
  PangoLayout  *text;
  double        x, y;
} LegendItem;

/* Where everything goes in one drawing: the plot rectangle in pixels, the
 * view in data x and axis y (t), the ticks and the texts, laid out. */
typedef struct {
  int          width, height;
  double       pad;
  double       swatch;
  double       left, top, right, bottom;

  gboolean     has_data;
  const char  *hint;
  double       x0, x1, t0, t1;

  MwPlotTicks  xt, yt;
  PangoLayout *xt_text[MW_PLOT_MAX_TICKS];
  PangoLayout *yt_text[MW_PLOT_MAX_TICKS];

  PangoLayout *title;
  PangoLayout *x_label;
  PangoLayout *y_label;
  gboolean     y_label_on_top; /* horizontal above the axis: too long to stand beside it */
  double       y_label_y;      /* its top, when on top */
  double       natural_left;   /* where the plot area would start without y_axis_width */
  double       title_y;

  GArray      *legend; /* LegendItem */
} Layout;

/* One pixel column of a decimated line: its points are scratch_clip[start,
 * end), spanning lo … hi in pixels (including the point it joins from). */
typedef struct {
  guint    start;
  guint    end;
  double   x;      /* the column's left edge */
  double   lo;
  double   hi;
  gboolean joined; /* continues the previous column, no gap between */
  gboolean tall;
} Column;

/* --- mw-curve-plot.c ------------------------------------------------------ */

/* Switches between the automatic view and a fixed one, notifying
 * MwCurvePlot:auto-view and the plot.reset-view action. */
void          mw_curve_plot_set_auto_view        (MwCurvePlot     *self,
                                                  gboolean         automatic);
/* The title or the legend changed: the accessible description follows, and
 * the minimum height (the legend may take more or fewer rows). */
void          mw_curve_plot_update_accessible    (MwCurvePlot     *self);

/* --- mw-curve-plot-series.c ----------------------------------------------- */

/* For g_ptr_array_new_with_free_func(). */
void          mw_curve_series_free               (gpointer         data);
void          mw_curve_series_resmooth           (Series          *series,
                                                  double           smoothing);
void          mw_curve_series_color              (const Series    *series,
                                                  gboolean         dark,
                                                  GdkRGBA         *color);
/* Returns: (nullable): the series @id, its position in @index. */
Series       *mw_curve_plot_find_series          (MwCurvePlot     *self,
                                                  const char      *id,
                                                  guint           *index);
gboolean      mw_curve_plot_series_drawable      (MwCurvePlot     *self,
                                                  const Series    *series);
gsize         mw_curve_lower_bound               (const double    *xs,
                                                  gsize            n,
                                                  double           x);
gsize         mw_curve_upper_bound               (const double    *xs,
                                                  gsize            n,
                                                  double           x);

/* --- mw-curve-plot-view.c ------------------------------------------------- */

/* The view now: x in data units, y in axis units (log10 on a log axis).
 * Returns: FALSE when there is nothing to show. */
gboolean      mw_curve_plot_current_view         (MwCurvePlot     *self,
                                                  double          *x0,
                                                  double          *x1,
                                                  double          *t0,
                                                  double          *t1);
void          mw_curve_plot_set_manual_view      (MwCurvePlot     *self,
                                                  double           x0,
                                                  double           x1,
                                                  double           t0,
                                                  double           t1);

/* --- mw-curve-plot-axes.c ------------------------------------------------- */

void          mw_curve_plot_axes_class_init      (GObjectClass    *object_class);
void          mw_curve_plot_axes_init            (MwCurvePlot     *self);
void          mw_curve_plot_axes_finalize        (MwCurvePlot     *self);
/* Widens the automatic view to the shared x range and the reference lines. */
void          mw_curve_plot_axes_widen_view      (MwCurvePlot     *self,
                                                  double          *x0,
                                                  double          *x1,
                                                  double          *y0,
                                                  double          *y1);
/* From each on-screen drawing: tells the page when the width its tick
 * labels need changes. */
void          mw_curve_plot_axes_drawn           (MwCurvePlot     *self,
                                                  const Layout    *layout);
void          mw_curve_plot_draw_reference_lines (MwCurvePlot     *self,
                                                  cairo_t         *cr,
                                                  PangoContext    *context,
                                                  const Fonts     *fonts,
                                                  const Layout    *layout,
                                                  const PlotStyle *style);

/* --- mw-curve-plot-layout.c ----------------------------------------------- */

void          mw_curve_plot_fonts_init           (MwCurvePlot     *self,
                                                  Fonts           *fonts);
void          mw_curve_fonts_clear               (Fonts           *fonts);
PangoContext *mw_curve_plot_create_pango_context (MwCurvePlot     *self,
                                                  cairo_t         *cr,
                                                  const PlotStyle *style);
PangoLayout  *mw_curve_text_new                  (PangoContext               *context,
                                                  const PangoFontDescription *font,
                                                  PangoAttrList              *attributes,
                                                  const char                 *text);
void          mw_curve_text_size                 (PangoLayout     *layout,
                                                  double          *width,
                                                  double          *height);
void          mw_curve_plot_layout_compute       (MwCurvePlot     *self,
                                                  PangoContext    *context,
                                                  const Fonts     *fonts,
                                                  const PlotStyle *style,
                                                  int              width,
                                                  int              height,
                                                  Layout          *layout);
void          mw_curve_layout_clear              (Layout          *layout);
void          mw_curve_plot_widget_layout        (MwCurvePlot     *self,
                                                  Layout          *layout);
/* The same at @width × @height, in the widget's fonts and colours. */
void          mw_curve_plot_widget_layout_at     (MwCurvePlot     *self,
                                                  int              width,
                                                  int              height,
                                                  Layout          *layout);

/* --- mw-curve-plot-draw.c ------------------------------------------------- */

void          mw_curve_plot_widget_style         (MwCurvePlot     *self,
                                                  PlotStyle       *style);
void          mw_curve_paper_style               (PlotStyle       *style);
void          mw_curve_plot_draw_with_style      (MwCurvePlot     *self,
                                                  cairo_t         *cr,
                                                  int              width,
                                                  int              height,
                                                  const PlotStyle *style);
void          mw_curve_rounded_rectangle         (cairo_t         *cr,
                                                  double           x,
                                                  double           y,
                                                  double           w,
                                                  double           h,
                                                  double           r);

/* --- mw-curve-plot-lines.c ------------------------------------------------ */

void          mw_curve_plot_draw_series          (MwCurvePlot     *self,
                                                  cairo_t         *cr,
                                                  const Layout    *layout,
                                                  const PlotStyle *style);

/* --- mw-curve-plot-hover.c ------------------------------------------------ */

void          mw_curve_plot_draw_hover           (MwCurvePlot     *self,
                                                  cairo_t         *cr,
                                                  PangoContext    *context,
                                                  const Fonts     *fonts,
                                                  const Layout    *layout,
                                                  const PlotStyle *style);

/* --- mw-curve-plot-export.c ---------------------------------------------- */

/* The chart in paper colours as the bytes of a PNG (@scale pixels per unit),
 * SVG or PDF file; not for CSV. Returns: NULL with @error set on failure. */
GBytes       *mw_curve_plot_render               (MwCurvePlot       *self,
                                                  MwCurvePlotFormat  format,
                                                  int                width,
                                                  int                height,
                                                  double             scale,
                                                  GError           **error);

typedef struct _MwCurveCsv MwCurveCsv;

/* A copy of the points, made on the main thread; formatting it into the CSV
 * text may then happen on any thread. */
MwCurveCsv   *mw_curve_csv_copy                  (MwCurvePlot       *self);
GBytes       *mw_curve_csv_format                (const MwCurveCsv  *csv);
void          mw_curve_csv_free                  (MwCurveCsv        *csv);

/* --- mw-curve-plot-menu.c ------------------------------------------------- */

/* The context menu's actions, keys and signal. */
void          mw_curve_plot_menu_class_init      (GtkWidgetClass  *widget_class);
/* The gestures that open it. */
void          mw_curve_plot_menu_init            (MwCurvePlot     *self);
/* Places the open menu; from size_allocate. */
void          mw_curve_plot_menu_allocate        (MwCurvePlot     *self);
void          mw_curve_plot_menu_dispose         (MwCurvePlot     *self);

/* --- mw-curve-plot-input.c ------------------------------------------------ */

/* The plot.* actions and their keys. */
void          mw_curve_plot_input_class_init     (GtkWidgetClass  *widget_class);
/* The pointer's event controllers. */
void          mw_curve_plot_input_init           (MwCurvePlot     *self);

/* --- small helpers, inline ------------------------------------------------ */

static inline void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static inline gsize
series_len (const Series *series)
{
  return series->y->len;
}

static inline const double *
series_x (const Series     *series,
          MwCurvePlotXAxis  axis)
{
  return (const double *) series->x[axis]->data;
}

static inline gboolean
y_drawable (gboolean log_y,
            double   y)
{
  return isfinite (y) && (!log_y || y > 0);
}

static inline double
axis_t (gboolean log_y,
        double   y)
{
  if (!log_y)
    return y;
  return y > 0 ? log10 (y) : -INFINITY;
}

static inline double
axis_y (gboolean log_y,
        double   t)
{
  return log_y ? pow (10.0, t) : t;
}

static inline double
x_scale (const Layout *layout)
{
  return (layout->right - layout->left) / (layout->x1 - layout->x0);
}

static inline double
t_scale (const Layout *layout)
{
  return (layout->bottom - layout->top) / (layout->t1 - layout->t0);
}

static inline double
px_of (const Layout *layout,
       double        x)
{
  return layout->left + (x - layout->x0) * x_scale (layout);
}

static inline double
py_of (const Layout *layout,
       double        t)
{
  double py = layout->bottom - (t - layout->t0) * t_scale (layout);

  if (isnan (py))
    return py;
  return CLAMP (py, layout->top - FAR_PIXELS, layout->bottom + FAR_PIXELS);
}

static inline double
x_of_px (const Layout *layout,
         double        px)
{
  return layout->x0 + (px - layout->left) / x_scale (layout);
}

static inline double
t_of_py (const Layout *layout,
         double        py)
{
  return layout->t0 + (layout->bottom - py) / t_scale (layout);
}

static inline double
crisp (double v)
{
  return floor (v) + 0.5;
}

static inline gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

G_END_DECLS
