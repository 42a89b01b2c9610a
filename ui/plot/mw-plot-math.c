/* mw-plot-math.c: axis ticks, tick labels, smoothing and decimation for
 * MwCurvePlot. */

#include "mw-plot-math.h"

#include <math.h>
#include <string.h>

/* Slack for comparisons after log10() and divisions, which are off by an
 * ulp or two: without it 0.2 / 0.1 might not count as 2. */
#define EPSILON 1e-9

/* 10^k, exact for |k| <= 22 where doubles hold powers of ten exactly. */
static double
exp10i (int k)
{
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };
  int a = ABS (k);

  if (a < (int) G_N_ELEMENTS (powers))
    return k >= 0 ? powers[a] : 1.0 / powers[a];

  return pow (10.0, k);
}

/* m × 10^k, correctly rounded when m and 10^|k| are exact: dividing by 10^3
 * gives the double nearest to 0.001·m, multiplying by 0.001 may not. */
static double
scaled (double m,
        int    k)
{
  if (k >= 0)
    return m * exp10i (k);
  if (-k <= 22)
    return m / exp10i (-k);
  return m * pow (10.0, k);
}

/* The step as mantissa (1, 2 or 5) × 10^exponent. */
static gboolean
nice_step_parts (double  span,
                 int     max_intervals,
                 int    *mantissa,
                 int    *exponent)
{
  double raw, norm;
  int k;

  if (!(span > 0) || !isfinite (span) || max_intervals < 1)
    return FALSE;

  raw = span / max_intervals;
  k = (int) floor (log10 (raw));
  norm = raw / scaled (1, k);
  if (norm >= 10 - EPSILON)
    {
      k++;
      norm /= 10;
    }

  if (norm <= 1 + EPSILON)
    *mantissa = 1;
  else if (norm <= 2 + EPSILON)
    *mantissa = 2;
  else if (norm <= 5 + EPSILON)
    *mantissa = 5;
  else
    {
      *mantissa = 1;
      k++;
    }
  *exponent = k;

  return TRUE;
}

double
mw_plot_nice_step (double span,
                   int    max_intervals)
{
  int mantissa, exponent;

  if (!nice_step_parts (span, max_intervals, &mantissa, &exponent))
    return 0;

  return scaled (mantissa, exponent);
}

static void
ticks_reset (MwPlotTicks *ticks,
             gboolean     log_scale)
{
  ticks->n = 0;
  ticks->n_minor = 0;
  ticks->step = 0;
  ticks->log = log_scale;
}

static void
fill_linear (MwPlotTicks *ticks,
             double       lo,
             double       hi,
             int          max_intervals)
{
  int mantissa, exponent;
  double step, first, last;

  if (!isfinite (lo) || !isfinite (hi) || !(hi > lo) ||
      !nice_step_parts (hi - lo, max_intervals, &mantissa, &exponent))
    return;

  step = scaled (mantissa, exponent);
  first = ceil (lo / step - EPSILON);
  last = floor (hi / step + EPSILON);

  /* Far from zero the tick index no longer fits a double's integers (a
   * range of 1e20 … 1e20 + 5): label the ends instead of lying. */
  if (fabs (first) * mantissa > 1e15 || fabs (last) * mantissa > 1e15)
    {
      ticks->values[ticks->n++] = lo;
      ticks->values[ticks->n++] = hi;
      ticks->step = hi - lo;
      return;
    }

  ticks->step = step;
  for (double i = first; i <= last && ticks->n < MW_PLOT_MAX_TICKS; i++)
    ticks->values[ticks->n++] = scaled (i * mantissa, exponent);
}

void
mw_plot_ticks_linear (MwPlotTicks *ticks,
                      double       lo,
                      double       hi,
                      int          max_intervals)
{
  g_return_if_fail (ticks != NULL);

  ticks_reset (ticks, FALSE);
  fill_linear (ticks, lo, hi, max_intervals);
}

static gboolean
in_range (double v,
          double lo,
          double hi)
{
  /* Relative slack: lo may be 0.1 computed as 10^-1 by someone else. */
  return v >= lo * (1 - EPSILON) && v <= hi * (1 + EPSILON);
}

void
mw_plot_ticks_log (MwPlotTicks *ticks,
                   double       lo,
                   double       hi,
                   int          max_intervals)
{
  static const int decade_steps[] = { 1, 2, 3, 5, 10, 20, 50, 100 };
  gboolean labelled_25;
  int d0, d1, every = 1;

  g_return_if_fail (ticks != NULL);

  ticks_reset (ticks, TRUE);

  if (!(lo > 0) || !isfinite (lo) || !isfinite (hi) || !(hi > lo) || max_intervals < 1)
    return;

  /* The powers of ten inside the range: 10^d0 … 10^d1 (none if d1 < d0). */
  d0 = (int) ceil (log10 (lo) - EPSILON);
  d1 = (int) floor (log10 (hi) + EPSILON);

  for (gsize i = 0; d1 > d0 && i < G_N_ELEMENTS (decade_steps); i++)
    {
      every = decade_steps[i];
      if ((d1 - d0) / every <= max_intervals)
        break;
    }

  /* Few decades: label 2× and 5× as well, like log paper. */
  labelled_25 = every == 1 && (d1 - d0 + 1) * 3 <= max_intervals;
  for (int k = d0 - 1; k <= d1 && ticks->n < MW_PLOT_MAX_TICKS; k++)
    {
      if (labelled_25)
        {
          static const int multiples[] = { 1, 2, 5 };

          for (gsize m = 0; m < G_N_ELEMENTS (multiples); m++)
            {
              double v = scaled (multiples[m], k);

              if (in_range (v, lo, hi) && ticks->n < MW_PLOT_MAX_TICKS)
                ticks->values[ticks->n++] = v;
            }
        }
      else if (k >= d0 && ((k % every) + every) % every == 0)
        {
          /* Multiples of @every, also for negative k. */
          ticks->values[ticks->n++] = scaled (1, k);
        }
    }

  if (ticks->n < 3 && d1 - d0 < 2)
    {
      /* Within about a decade (0.2 … 0.9) powers of ten give one label or
       * none: linear ticks read better there, still placed on a log axis. */
      ticks->n = 0;
      fill_linear (ticks, lo, hi, max_intervals);
      return;
    }

  /* Unlabelled lines at the other multiples, while they are not a blur. */
  if (every == 1 && d1 - d0 <= 8)
    {
      for (int k = d0 - 1; k <= d1; k++)
        for (int m = 2; m <= 9; m++)
          {
            double v = scaled (m, k);

            if (labelled_25 && (m == 2 || m == 5))
              continue;
            if (in_range (v, lo, hi) && ticks->n_minor < MW_PLOT_MAX_MINOR_TICKS)
              ticks->minor[ticks->n_minor++] = v;
          }
    }
}

/* More intervals than any axis has room to label. */
#define MAX_READABLE_INTERVALS 40

void
mw_plot_ticks_readable (MwPlotTicks *ticks,
                        double       lo,
                        double       hi,
                        gboolean     log_scale,
                        int          max_intervals,
                        guint        min_ticks)
{
  g_return_if_fail (ticks != NULL);

  for (int intervals = MAX (max_intervals, 1); ; intervals++)
    {
      if (log_scale)
        mw_plot_ticks_log (ticks, lo, hi, intervals);
      else
        mw_plot_ticks_linear (ticks, lo, hi, intervals);
      if (ticks->n >= min_ticks || intervals >= MAX_READABLE_INTERVALS)
        return;
    }
}

/* "-" → "−" (U+2212), which is as wide as "+" and lines up in columns. */
static char *
with_minus_sign (char *text)
{
  char *result;

  if (text[0] != '-')
    return text;

  result = g_strconcat ("\u2212", text + 1, NULL);
  g_free (text);
  return result;
}

static void
append_superscript (GString *string,
                    int      exponent)
{
  static const char *const digits[] = {
    "\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
    "\u2075", "\u2076", "\u2077", "\u2078", "\u2079",
  };
  char buffer[16];

  if (exponent < 0)
    g_string_append (string, "\u207b");
  g_snprintf (buffer, sizeof buffer, "%d", ABS (exponent));
  for (const char *p = buffer; *p != '\0'; p++)
    g_string_append (string, digits[*p - '0']);
}

/* m×10ⁿ with @decimals in the mantissa; with @bare_power, "10ⁿ" alone when m
 * is exactly 1 (log axes, where every label is a power of ten). */
static char *
format_scientific (double   value,
                   int      decimals,
                   gboolean bare_power)
{
  GString *string = g_string_new (NULL);
  double magnitude = fabs (value);
  int exponent = (int) floor (log10 (magnitude) + EPSILON);
  double mantissa = value / scaled (1, exponent);
  char buffer[64];

  g_snprintf (buffer, sizeof buffer, "%.*f", decimals, mantissa);
  /* 9.99 rounding to "10.0" becomes 1.0 × 10^(n+1). */
  if (fabs (g_ascii_strtod (buffer, NULL)) >= 10)
    {
      exponent++;
      mantissa = value / scaled (1, exponent);
      g_snprintf (buffer, sizeof buffer, "%.*f", decimals, mantissa);
    }

  if (bare_power && decimals == 0 && fabs (mantissa) < 1 + EPSILON && fabs (mantissa) > 1 - EPSILON)
    {
      if (value < 0)
        g_string_append_c (string, '-');
      g_string_append (string, "10");
    }
  else
    {
      g_string_append (string, buffer);
      g_string_append (string, "\u00d710");
    }
  append_superscript (string, exponent);

  return with_minus_sign (g_string_free (string, FALSE));
}

static char *
format_fixed (double value,
              int    decimals)
{
  return with_minus_sign (g_strdup_printf ("%.*f", decimals, value));
}

static int
decimals_for_step (double step)
{
  return CLAMP (-(int) floor (log10 (step) + EPSILON), 0, 15);
}

char *
mw_plot_ticks_format (const MwPlotTicks *ticks,
                      guint              index)
{
  double value, max_abs;

  g_return_val_if_fail (ticks != NULL, NULL);
  g_return_val_if_fail (index < ticks->n, NULL);

  value = ticks->values[index];
  max_abs = MAX (fabs (ticks->values[0]), fabs (ticks->values[ticks->n - 1]));

  if (ticks->log && ticks->step == 0)
    {
      /* Powers of ten and their 2× and 5×: plain numbers where they are
       * short ("0.001" … "100000"), 10ⁿ beyond. */
      int exponent = (int) floor (log10 (value) + EPSILON);

      if (exponent >= -3 && exponent <= 5)
        return format_fixed (value, MAX (0, -exponent));
      return format_scientific (value, 0, TRUE);
    }

  if (ticks->step <= 0)
    return format_fixed (value, 0);

  /* No "−0.0" from a tick computed as -1 × 0.0. */
  if (fabs (value) < ticks->step * EPSILON)
    value = 0;

  if (max_abs >= 1e6 || (max_abs > 0 && max_abs < 1e-3))
    {
      int step_exponent = (int) floor (log10 (ticks->step) + EPSILON);
      int value_exponent;

      if (value == 0)
        return g_strdup ("0");

      value_exponent = (int) floor (log10 (fabs (value)) + EPSILON);
      return format_scientific (value, CLAMP (value_exponent - step_exponent, 0, 15), FALSE);
    }

  return format_fixed (value, decimals_for_step (ticks->step));
}

char *
mw_plot_format_value (double value,
                      int    digits)
{
  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "∞" : "\u2212∞");
  if (value == 0)
    value = 0; /* no "-0" */

  return with_minus_sign (g_strdup_printf ("%.*g", CLAMP (digits, 1, 17), value));
}

/* --- smoothing ----------------------------------------------------------- */

void
mw_plot_ema_init (MwPlotEma *ema,
                  double     weight)
{
  g_return_if_fail (ema != NULL);

  ema->weight = CLAMP (weight, 0.0, 0.999999);
  ema->last = 0;
  ema->weight_pow = 1;
}

double
mw_plot_ema_push (MwPlotEma *ema,
                  double     value)
{
  double debias;

  if (!isfinite (value))
    return NAN;

  if (ema->weight == 0)
    return value;

  ema->last = ema->last * ema->weight + (1 - ema->weight) * value;
  ema->weight_pow *= ema->weight;
  debias = 1 - ema->weight_pow;

  return ema->last / debias;
}

/* --- decimation ---------------------------------------------------------- */

static void
append_break (GArray *out)
{
  static const MwPlotPoint gap = { NAN, NAN };

  if (out->len > 0 && !isnan (g_array_index (out, MwPlotPoint, out->len - 1).x))
    g_array_append_val (out, gap);
}

void
mw_plot_decimator_init (MwPlotDecimator *self,
                        GArray          *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  memset (self, 0, sizeof *self);
  self->out = out;
}

static void
decimator_flush (MwPlotDecimator *self)
{
  const MwPlotPoint *middle[2];
  guint order[2];

  if (!self->open)
    return;

  g_array_append_val (self->out, self->first);

  /* The extremes in the order they came, skipping those that are the first
   * or the last point (already emitted). */
  if (self->min_order <= self->max_order)
    {
      middle[0] = &self->min, order[0] = self->min_order;
      middle[1] = &self->max, order[1] = self->max_order;
    }
  else
    {
      middle[0] = &self->max, order[0] = self->max_order;
      middle[1] = &self->min, order[1] = self->min_order;
    }
  for (int i = 0; i < 2; i++)
    {
      if (order[i] == 0 || order[i] == self->n_in_column)
        continue;
      if (i == 1 && order[1] == order[0])
        continue;
      g_array_append_val (self->out, *middle[i]);
    }

  if (self->n_in_column > 0)
    g_array_append_val (self->out, self->last);

  self->open = FALSE;
}

void
mw_plot_decimator_add (MwPlotDecimator *self,
                       double           x,
                       double           y)
{
  MwPlotPoint point = { x, y };
  double column;

  if (!isfinite (x) || !isfinite (y))
    {
      mw_plot_decimator_break (self);
      return;
    }

  column = floor (x);
  if (self->open && column == self->column)
    {
      self->n_in_column++;
      self->last = point;
      if (y < self->min.y)
        {
          self->min = point;
          self->min_order = self->n_in_column;
        }
      if (y > self->max.y)
        {
          self->max = point;
          self->max_order = self->n_in_column;
        }
      return;
    }

  decimator_flush (self);

  self->open = TRUE;
  self->column = column;
  self->first = self->last = self->min = self->max = point;
  self->n_in_column = 0;
  self->min_order = self->max_order = 0;
}

void
mw_plot_decimator_break (MwPlotDecimator *self)
{
  decimator_flush (self);
  append_break (self->out);
}

void
mw_plot_decimator_finish (MwPlotDecimator *self)
{
  decimator_flush (self);
}

void
mw_plot_band_decimator_init (MwPlotBandDecimator *self,
                             GArray              *out)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  memset (self, 0, sizeof *self);
  self->out = out;
}

static void
band_flush (MwPlotBandDecimator *self)
{
  MwPlotBandPoint point = { self->first_x, self->lo, self->hi };

  if (!self->open)
    return;

  g_array_append_val (self->out, point);
  if (self->last_x != self->first_x)
    {
      point.x = self->last_x;
      g_array_append_val (self->out, point);
    }

  self->open = FALSE;
}

void
mw_plot_band_decimator_add (MwPlotBandDecimator *self,
                            double               x,
                            double               lo,
                            double               hi)
{
  double column;

  if (!isfinite (x) || !isfinite (lo) || !isfinite (hi))
    {
      mw_plot_band_decimator_break (self);
      return;
    }

  column = floor (x);
  if (self->open && column == self->column)
    {
      self->last_x = x;
      self->lo = MIN (self->lo, lo);
      self->hi = MAX (self->hi, hi);
      return;
    }

  band_flush (self);

  self->open = TRUE;
  self->column = column;
  self->first_x = self->last_x = x;
  self->lo = lo;
  self->hi = hi;
}

void
mw_plot_band_decimator_break (MwPlotBandDecimator *self)
{
  static const MwPlotBandPoint gap = { NAN, NAN, NAN };
  GArray *out = self->out;

  band_flush (self);
  if (out->len > 0 && !isnan (g_array_index (out, MwPlotBandPoint, out->len - 1).x))
    g_array_append_val (out, gap);
}

void
mw_plot_band_decimator_finish (MwPlotBandDecimator *self)
{
  band_flush (self);
}
