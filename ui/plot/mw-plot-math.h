/* mw-plot-math.h: the numerical parts of MwCurvePlot: axis ticks and their
 * labels, exponential smoothing and per-pixel-column decimation.
 *
 * Nothing here touches GTK or Cairo, so the tests can check the numbers
 * exactly and the plot can run them on every frame without allocating
 * (except the decimators, which append to a caller-owned GArray).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Enough for any max_intervals the plot asks for (at most 20). */
#define MW_PLOT_MAX_TICKS       64
#define MW_PLOT_MAX_MINOR_TICKS 128

/**
 * MwPlotTicks:
 * @values: tick positions in data units, ascending
 * @n: number of @values
 * @minor: positions of unlabelled minor grid lines (log scale only)
 * @n_minor: number of @minor
 * @step: distance between linear ticks; 0 for ticks spaced by decades
 * @log: whether the ticks were made for a log scale
 *
 * Filled by mw_plot_ticks_linear() or mw_plot_ticks_log(); plain data, no
 * need to free.
 */
typedef struct {
  double   values[MW_PLOT_MAX_TICKS];
  guint    n;
  double   minor[MW_PLOT_MAX_MINOR_TICKS];
  guint    n_minor;
  double   step;
  gboolean log;
} MwPlotTicks;

/* Returns: the smallest step of the form 1, 2 or 5 × 10^k that divides @span
 * into at most @max_intervals intervals; 0 when @span is not a positive
 * finite number or @max_intervals < 1. */
double   mw_plot_nice_step     (double       span,
                                int          max_intervals);

/* Ticks at the multiples of mw_plot_nice_step (hi - lo, max_intervals) that
 * lie in [lo, hi]. Multiples are computed as integer × 10^k so that 0.3 is
 * 0.3 and not 0.30000000000000004. No ticks when the range is empty or not
 * finite. */
void     mw_plot_ticks_linear  (MwPlotTicks *ticks,
                                double       lo,
                                double       hi,
                                int          max_intervals);

/* Ticks for a logarithmic axis over [lo, hi] (both > 0): powers of ten (every
 * decade, or every 2nd, 3rd, 5th… when there are many), with 2× and 5× ticks
 * added when there is room, and minor lines at 2–9 × 10^k. A range too
 * narrow for three such labels (0.2 … 0.9) gets linear ticks instead, which
 * the caller still places logarithmically. */
void     mw_plot_ticks_log     (MwPlotTicks *ticks,
                                double       lo,
                                double       hi,
                                int          max_intervals);

/* Ticks for an axis that must be readable: mw_plot_ticks_log() (@log_scale)
 * or mw_plot_ticks_linear() with @max_intervals, and, while that labels
 * fewer than @min_ticks values, again with more intervals (the largest step
 * that still labels @min_ticks, so they stay as far apart as they can). A
 * range with room for a single tick only, as a tiny zoom can make, keeps
 * what it gets. */
void     mw_plot_ticks_readable (MwPlotTicks *ticks,
                                 double       lo,
                                 double       hi,
                                 gboolean     log_scale,
                                 int          max_intervals,
                                 guint        min_ticks);

/* Returns: (transfer full): the label for tick @index of @ticks, formatted
 * with as many decimals as the step needs ("0.2", "2000", "0.05"), a real
 * minus sign ("−5"), and powers of ten written 10⁶ when the axis goes past
 * a million or below a thousandth ("2.5×10⁶", "10⁻⁵"). */
char    *mw_plot_ticks_format  (const MwPlotTicks *ticks,
                                guint              index);

/* Returns: (transfer full): @value with up to @digits significant digits and
 * a real minus sign, for readouts ("0.734213", "1200", "−3.5"). */
char    *mw_plot_format_value  (double       value,
                                int          digits);

/**
 * MwPlotEma:
 *
 * Exponential moving average with TensorBoard's debiasing, so the first
 * smoothed values are not pulled towards zero. Updated one value at a time
 * as points arrive; only read its fields in tests.
 */
typedef struct {
  double weight;
  double last;
  double weight_pow;
} MwPlotEma;

/* @weight in [0, 1): 0 is no smoothing. */
void     mw_plot_ema_init      (MwPlotEma   *ema,
                                double       weight);
/* Returns: the smoothed value after @value. A NaN or infinite @value gives
 * NAN and leaves the average untouched, so one bad point does not poison the
 * rest of the curve. */
double   mw_plot_ema_push      (MwPlotEma   *ema,
                                double       value);

/**
 * MwPlotPoint:
 *
 * A point in pixel x and data y. A point whose x is NAN marks a break in the
 * polyline (a gap in the data).
 */
typedef struct {
  double x;
  double y;
} MwPlotPoint;

/**
 * MwPlotBandPoint:
 *
 * One vertex of a confidence band; x NAN marks a break.
 */
typedef struct {
  double x;
  double lo;
  double hi;
} MwPlotBandPoint;

/**
 * MwPlotDecimator:
 *
 * Reduces a polyline to at most four vertices per pixel column (the first,
 * lowest, highest and last point of the column, in their original order:
 * the "M4" scheme). The stroked result covers exactly the pixels the full
 * polyline would, so 100,000 points draw as fast as a few thousand. Feed
 * points in drawing order with x in pixels; the output goes to a GArray of
 * MwPlotPoint that the caller owns. Stack-allocated, nothing to free.
 */
typedef struct {
  GArray     *out;
  gboolean    open;
  double      column;
  MwPlotPoint first;
  MwPlotPoint last;
  MwPlotPoint min;
  MwPlotPoint max;
  guint       n_in_column;
  guint       min_order;
  guint       max_order;
} MwPlotDecimator;

void     mw_plot_decimator_init   (MwPlotDecimator *self,
                                   GArray          *out);
/* A point with a non-finite x or y is treated as mw_plot_decimator_break(). */
void     mw_plot_decimator_add    (MwPlotDecimator *self,
                                   double           x,
                                   double           y);
void     mw_plot_decimator_break  (MwPlotDecimator *self);
/* Flushes the last column; call once after the last point. */
void     mw_plot_decimator_finish (MwPlotDecimator *self);

/**
 * MwPlotBandDecimator:
 *
 * The same for a confidence band: per pixel column, the lowest low and the
 * highest high, at the column's first and last x, so the drawn band never
 * hides part of the real one. Output: a GArray of MwPlotBandPoint.
 */
typedef struct {
  GArray  *out;
  gboolean open;
  double   column;
  double   first_x;
  double   last_x;
  double   lo;
  double   hi;
} MwPlotBandDecimator;

void     mw_plot_band_decimator_init   (MwPlotBandDecimator *self,
                                        GArray              *out);
/* Points with a non-finite x, lo or hi break the band. */
void     mw_plot_band_decimator_add    (MwPlotBandDecimator *self,
                                        double               x,
                                        double               lo,
                                        double               hi);
void     mw_plot_band_decimator_break  (MwPlotBandDecimator *self);
void     mw_plot_band_decimator_finish (MwPlotBandDecimator *self);

G_END_DECLS
