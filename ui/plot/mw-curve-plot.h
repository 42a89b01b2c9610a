/* mw-curve-plot.h: the live training-curve chart.
 *
 * One MwCurvePlot shows one metric (loss, or accuracy) for several runs, one
 * series per run, so MAML and Reptile can be compared on the same axes. Each
 * point carries all three x coordinates (meta-iteration, tasks seen, seconds
 * of wall-clock time), so the x axis can be switched without re-adding data,
 * and an optional confidence band.
 *
 * Data arrives in batches on the main thread (the training worker delivers
 * ~30 a second); appending is O(batch) and smoothing is updated as points
 * arrive. Drawing decimates each series to a few vertices per pixel column,
 * so 100,000 points per run redraw in a few milliseconds.
 *
 * Interaction: the hover readout shows the nearest point of every visible
 * series under the pointer; the scroll wheel zooms around the pointer (Shift:
 * x only, Ctrl: y only); dragging pans; Shift+drag zooms to the dragged box;
 * a double click, Home or the plot.reset-view action goes back to following
 * the data. plot.zoom-in and plot.zoom-out (+ and −) zoom around the centre.
 *
 * All drawing goes through mw_curve_plot_draw(), which the widget, the PNG,
 * SVG and PDF exports and the tests share. The widget has the .view style
 * class, so the theme gives it a canvas background; remove the class to draw
 * straight on the parent's background.
 */
#pragma once

#include <cairo.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * MwCurvePlotXAxis:
 * @MW_CURVE_PLOT_X_ITERATIONS: meta-iterations (outer-loop steps)
 * @MW_CURVE_PLOT_X_TASKS: tasks (episodes) seen so far
 * @MW_CURVE_PLOT_X_SECONDS: seconds of wall-clock time since the run started
 *
 * What the x axis shows.
 */
typedef enum {
  MW_CURVE_PLOT_X_ITERATIONS,
  MW_CURVE_PLOT_X_TASKS,
  MW_CURVE_PLOT_X_SECONDS,
} MwCurvePlotXAxis;

/**
 * MwCurvePlotFormat:
 * @MW_CURVE_PLOT_FORMAT_PNG: a PNG image
 * @MW_CURVE_PLOT_FORMAT_SVG: an SVG drawing
 * @MW_CURVE_PLOT_FORMAT_PDF: a PDF page
 * @MW_CURVE_PLOT_FORMAT_CSV: every point as a CSV table
 *
 * What the chart can be exported as. The plot.export and plot.export-to
 * actions name them by their nicks: "png", "svg", "pdf", "csv".
 */
typedef enum {
  MW_CURVE_PLOT_FORMAT_PNG,
  MW_CURVE_PLOT_FORMAT_SVG,
  MW_CURVE_PLOT_FORMAT_PDF,
  MW_CURVE_PLOT_FORMAT_CSV,
} MwCurvePlotFormat;

#define MW_TYPE_CURVE_PLOT_X_AXIS (mw_curve_plot_x_axis_get_type ())
GType mw_curve_plot_x_axis_get_type (void) G_GNUC_CONST;

/**
 * MwCurvePoint:
 * @iteration: meta-iteration of the point
 * @tasks: tasks seen when the point was measured
 * @seconds: wall-clock seconds since the run started
 * @y: the metric; NAN (a diverged run) leaves a gap in the curve
 * @y_lo: lower end of the confidence band
 * @y_hi: upper end of the confidence band
 *
 * One measurement. A point has a band only when @y_lo < @y_hi, both finite:
 * set them to NAN (or leave both 0, as a zero-initialised point does) for
 * none. Along a series each x coordinate should not decrease; the plot still
 * draws points out of order, only more slowly.
 */
typedef struct {
  double iteration;
  double tasks;
  double seconds;
  double y;
  double y_lo;
  double y_hi;
} MwCurvePoint;

#define MW_TYPE_CURVE_PLOT (mw_curve_plot_get_type ())
G_DECLARE_FINAL_TYPE (MwCurvePlot, mw_curve_plot, MW, CURVE_PLOT, GtkWidget)

/* Returns: (transfer floating): a new, empty plot. */
GtkWidget        *mw_curve_plot_new                 (void);

/* --- properties ----------------------------------------------------------- */

/* The chart title, drawn top left; NULL or "" for none. Also the accessible
 * label. */
void              mw_curve_plot_set_title           (MwCurvePlot      *self,
                                                     const char       *title);
const char       *mw_curve_plot_get_title           (MwCurvePlot      *self);

/* The y axis label ("Loss", "Accuracy"); NULL or "" for none. */
void              mw_curve_plot_set_y_label         (MwCurvePlot      *self,
                                                     const char       *label);
const char       *mw_curve_plot_get_y_label         (MwCurvePlot      *self);

/* The x axis label; NULL (the default) names the x axis mode, translated. */
void              mw_curve_plot_set_x_label         (MwCurvePlot      *self,
                                                     const char       *label);
const char       *mw_curve_plot_get_x_label         (MwCurvePlot      *self);

/* Switching the x axis keeps the data and goes back to the automatic view. */
void              mw_curve_plot_set_x_axis          (MwCurvePlot      *self,
                                                     MwCurvePlotXAxis  x_axis);
MwCurvePlotXAxis  mw_curve_plot_get_x_axis          (MwCurvePlot      *self);

/* A log y axis. Points with y ≤ 0 are left out (gaps), and band ends ≤ 0 are
 * cut at the bottom of the plot. */
void              mw_curve_plot_set_log_y           (MwCurvePlot      *self,
                                                     gboolean          log_y);
gboolean          mw_curve_plot_get_log_y           (MwCurvePlot      *self);

/* EMA smoothing weight in [0, 0.999], clamped; 0 (the default) is none.
 * When smoothing, the raw curve is drawn faint under the smoothed one, and
 * the automatic view fits the smoothed curves (raw spikes may run off). */
void              mw_curve_plot_set_smoothing       (MwCurvePlot      *self,
                                                     double            smoothing);
double            mw_curve_plot_get_smoothing       (MwCurvePlot      *self);

/* Whether confidence bands are drawn (default TRUE). */
void              mw_curve_plot_set_show_bands      (MwCurvePlot      *self,
                                                     gboolean          show_bands);
gboolean          mw_curve_plot_get_show_bands      (MwCurvePlot      *self);

/* How exported files are named by default, without the extension: the
 * run and what the chart shows ("MAML 5-way 1-shot - loss"). NULL (the
 * default) names them after the y label. */
void              mw_curve_plot_set_export_name     (MwCurvePlot      *self,
                                                     const char       *name);
const char       *mw_curve_plot_get_export_name     (MwCurvePlot      *self);

/* --- series --------------------------------------------------------------- */

/* Adds an empty, visible series after the existing ones (legend order).
 * @color: (nullable): NULL takes the next free colour of the default
 * palette, which has a lighter variant for dark themes.
 * Returns: FALSE (and changes nothing) if @id is already used. */
gboolean          mw_curve_plot_add_series          (MwCurvePlot      *self,
                                                     const char       *id,
                                                     const char       *name,
                                                     const GdkRGBA    *color);
/* Returns: FALSE if there is no series @id. */
gboolean          mw_curve_plot_remove_series       (MwCurvePlot      *self,
                                                     const char       *id);
gboolean          mw_curve_plot_has_series          (MwCurvePlot      *self,
                                                     const char       *id);
guint             mw_curve_plot_get_n_series        (MwCurvePlot      *self);
/* Returns: (transfer full): the series ids in legend order; g_strfreev(). */
char            **mw_curve_plot_get_series_ids      (MwCurvePlot      *self);

void              mw_curve_plot_set_series_name     (MwCurvePlot      *self,
                                                     const char       *id,
                                                     const char       *name);
/* Returns: (transfer none) (nullable): NULL if there is no series @id. */
const char       *mw_curve_plot_get_series_name     (MwCurvePlot      *self,
                                                     const char       *id);
/* @color: (nullable): NULL goes back to the palette colour. */
void              mw_curve_plot_set_series_color    (MwCurvePlot      *self,
                                                     const char       *id,
                                                     const GdkRGBA    *color);
/* The colour the series is drawn with now (palette colours depend on
 * whether the theme is dark). Returns: FALSE if there is no series @id. */
gboolean          mw_curve_plot_get_series_color    (MwCurvePlot      *self,
                                                     const char       *id,
                                                     GdkRGBA          *color);
/* Hidden series are neither drawn, nor in the legend, nor in the automatic
 * view; they keep their data and are still exported to CSV. */
void              mw_curve_plot_set_series_visible  (MwCurvePlot      *self,
                                                     const char       *id,
                                                     gboolean          visible);
gboolean          mw_curve_plot_get_series_visible  (MwCurvePlot      *self,
                                                     const char       *id);

/* Appends @n_points points (copied) to series @id and schedules one redraw.
 * Unknown ids are a programmer error (g_return_if_fail). */
void              mw_curve_plot_append_points       (MwCurvePlot      *self,
                                                     const char       *id,
                                                     const MwCurvePoint *points,
                                                     gsize             n_points);
gsize             mw_curve_plot_get_n_points        (MwCurvePlot      *self,
                                                     const char       *id);
/* Copies point @index of series @id to @point and its smoothed y (equal to
 * y when smoothing is 0) to @smoothed_y; either may be NULL.
 * Returns: FALSE if there is no such point. */
gboolean          mw_curve_plot_get_point           (MwCurvePlot      *self,
                                                     const char       *id,
                                                     gsize             index,
                                                     MwCurvePoint     *point,
                                                     double           *smoothed_y);
/* Removes the points of series @id, keeping the series. */
void              mw_curve_plot_clear_series        (MwCurvePlot      *self,
                                                     const char       *id);
/* Removes every series and goes back to the automatic view. */
void              mw_curve_plot_clear               (MwCurvePlot      *self);

/* --- view and interaction ------------------------------------------------- */

/* Back to the automatic view, which fits all visible data and follows new
 * points. The same as the plot.reset-view action. */
void              mw_curve_plot_reset_view          (MwCurvePlot      *self);
/* Whether the view is the automatic one (no zoom or pan in effect). */
gboolean          mw_curve_plot_get_auto_view       (MwCurvePlot      *self);
/* The data ranges shown now. Returns: FALSE (outputs untouched) when there
 * is nothing to show. Any output may be NULL. */
gboolean          mw_curve_plot_get_view            (MwCurvePlot      *self,
                                                     double           *x_min,
                                                     double           *x_max,
                                                     double           *y_min,
                                                     double           *y_max);
/* Fixes the view to the given data ranges (what a zoom ends in). With a log
 * y axis, y_min must be > 0. */
void              mw_curve_plot_set_view            (MwCurvePlot      *self,
                                                     double            x_min,
                                                     double            x_max,
                                                     double            y_min,
                                                     double            y_max);
/* Zooms by @factor (> 1 zooms in) keeping the data under widget point
 * (@x, @y) where it is; what the scroll wheel does. */
void              mw_curve_plot_zoom_at             (MwCurvePlot      *self,
                                                     double            factor,
                                                     double            x,
                                                     double            y);

/* Puts the hover readout at widget point (@x, @y), as moving the pointer
 * there does; outside the plot area it hides the readout. */
void              mw_curve_plot_set_hover           (MwCurvePlot      *self,
                                                     double            x,
                                                     double            y);
void              mw_curve_plot_unset_hover         (MwCurvePlot      *self);
/* The point of series @id the readout shows now. Returns: FALSE when the
 * readout is hidden or does not list that series. */
gboolean          mw_curve_plot_get_hover_index     (MwCurvePlot      *self,
                                                     const char       *id,
                                                     gsize            *index);
/* The readout as text: its header, then a line per series listed, with its
 * name, value and detail separated by tabs. Returns: (transfer full)
 * (nullable): NULL when the readout is hidden. */
char             *mw_curve_plot_get_hover_text      (MwCurvePlot      *self);

/* --- stacked charts and guides -------------------------------------------- *
 *
 * A page that stacks charts over one x axis (the Training page) lines them
 * up: each chart's automatic view covers the x range they share, and each
 * leaves the same width left of its plot area, the widest any of them needs
 * (the ::y-axis-width-changed signal says when a chart's need changes).
 */

/* The automatic view's x range covers [@x_min, @x_max] as well as the data;
 * NAN, NAN for the data's own range. */
void              mw_curve_plot_set_shared_x_range  (MwCurvePlot      *self,
                                                     double            x_min,
                                                     double            x_max);
/* The x range of the drawable data on the current x axis, without the
 * shared range. Returns: FALSE when nothing is drawable. */
gboolean          mw_curve_plot_get_data_x_range    (MwCurvePlot      *self,
                                                     double           *x_min,
                                                     double           *x_max);
/* Pixels from the widget's left edge to the plot area: at least @width;
 * 0 for as wide as the labels of the y axis need. */
void              mw_curve_plot_set_y_axis_width    (MwCurvePlot      *self,
                                                     double            width);
double            mw_curve_plot_get_y_axis_width    (MwCurvePlot      *self);
/* The width the y axis's labels needed at the last drawing on screen,
 * whatever mw_curve_plot_set_y_axis_width() asks for. */
double            mw_curve_plot_get_natural_y_axis_width (MwCurvePlot *self);

/* A dashed horizontal line at @y with @label at its right end ("Chance
 * 20%"), drawn under the curves; the automatic view keeps it in sight. */
void              mw_curve_plot_add_reference_line  (MwCurvePlot      *self,
                                                     double            y,
                                                     const char       *label);
void              mw_curve_plot_clear_reference_lines (MwCurvePlot    *self);
guint             mw_curve_plot_get_n_reference_lines (MwCurvePlot    *self);
/* Returns: (transfer none): the label of line @index, its value in @y. */
const char       *mw_curve_plot_get_reference_line  (MwCurvePlot      *self,
                                                     guint             index,
                                                     double           *y);

/* What the empty plot says while it has no points ("No data yet" when
 * NULL), e.g. where the data comes from. */
void              mw_curve_plot_set_empty_hint      (MwCurvePlot      *self,
                                                     const char       *hint);
const char       *mw_curve_plot_get_empty_hint      (MwCurvePlot      *self);

/* The plot as laid out at the widget's size now, for tests: the plot area,
 * the labels of the y axis's ticks (transfer full, NULL-terminated), and
 * the box of the y axis's title (FALSE: none). */
void              mw_curve_plot_get_plot_area       (MwCurvePlot      *self,
                                                     graphene_rect_t  *area);
char            **mw_curve_plot_dup_y_tick_labels   (MwCurvePlot      *self);
/* Returns: (transfer full) (array length=n): where those ticks are, in
 * pixels from the top. */
double           *mw_curve_plot_dup_y_tick_positions (MwCurvePlot     *self,
                                                     guint            *n);
gboolean          mw_curve_plot_get_y_label_box     (MwCurvePlot      *self,
                                                     graphene_rect_t  *box);

/* --- drawing and export --------------------------------------------------- */

/* Draws the plot as the widget shows it (theme colours, hover readout, zoom
 * box) into @cr, at the origin, @width × @height user units. */
void              mw_curve_plot_draw                (MwCurvePlot      *self,
                                                     cairo_t          *cr,
                                                     int               width,
                                                     int               height);

/* Export the current view at @width × @height (pixels, or points for PDF)
 * in light "paper" colours on white, without the hover readout. Each writes
 * the file atomically. Returns: FALSE with @error set on failure. */
gboolean          mw_curve_plot_export_png          (MwCurvePlot      *self,
                                                     const char       *path,
                                                     int               width,
                                                     int               height,
                                                     GError          **error);
gboolean          mw_curve_plot_export_svg          (MwCurvePlot      *self,
                                                     const char       *path,
                                                     int               width,
                                                     int               height,
                                                     GError          **error);
gboolean          mw_curve_plot_export_pdf          (MwCurvePlot      *self,
                                                     const char       *path,
                                                     int               width,
                                                     int               height,
                                                     GError          **error);
/* Every point of every series (hidden ones too), one row per point:
 * run_id,run_name,iteration,tasks_seen,seconds,value,ci_low,ci_high,smoothed
 * Numbers round-trip exactly; missing values (NaN, no band) are empty. */
gboolean          mw_curve_plot_export_csv          (MwCurvePlot      *self,
                                                     const char       *path,
                                                     GError          **error);

/* --- the context menu ---------------------------------------------------- *
 *
 * Right click, a long press, the Menu key or Shift+F10 open a menu that
 * exports the chart or copies it. Its actions:
 *   plot.export ("s": a format nick)   asks where, in a save dialog, then
 *                                       does what plot.export-to does;
 *   plot.export-to ("(ss)": a format nick and a path or URI) renders the
 *                                       chart at its size on screen, in paper
 *                                       colours, and writes the file on a
 *                                       worker thread; a failure is shown to
 *                                       the user in a dialog;
 *   plot.copy-image                     puts the same picture on the
 *                                       clipboard as a texture.
 * The ::export-finished signal (path, error message or NULL) follows every
 * plot.export-to.
 */

/* Returns: (transfer none): the context menu, a GtkPopoverMenu, made on
 * first use. */
GtkWidget        *mw_curve_plot_get_context_menu    (MwCurvePlot      *self);

G_END_DECLS
