/* test-curve-plot-math.c: the numbers MwCurvePlot draws with: ticks and their
 * labels, smoothing, decimation. No display needed. */

#include "config.h"

#include <math.h>

#include "curve-plot-test.h"

/* --- helpers ------------------------------------------------------------- */

static void
assert_ticks (const MwPlotTicks  *ticks,
              const double       *expected,
              guint               n_expected)
{
  g_assert_cmpuint (ticks->n, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    g_assert_cmpfloat_with_epsilon (ticks->values[i], expected[i], fabs (expected[i]) * 1e-12 + 1e-300);
}

static void
assert_labels (const MwPlotTicks  *ticks,
               const char *const  *expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (ticks->n, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *label = mw_plot_ticks_format (ticks, i);

      g_assert_cmpstr (label, ==, expected[i]);
    }
}

/* --- numbers: ticks ------------------------------------------------------ */

static void
test_nice_step (void)
{
  g_assert_cmpfloat (mw_plot_nice_step (1, 5), ==, 0.2);
  g_assert_cmpfloat (mw_plot_nice_step (1, 10), ==, 0.1);
  g_assert_cmpfloat (mw_plot_nice_step (1, 4), ==, 0.5);
  g_assert_cmpfloat (mw_plot_nice_step (1, 2), ==, 0.5);
  g_assert_cmpfloat (mw_plot_nice_step (10000, 5), ==, 2000);
  g_assert_cmpfloat (mw_plot_nice_step (30000, 6), ==, 5000);
  g_assert_cmpfloat (mw_plot_nice_step (0.0028, 5), ==, 0.001);
  g_assert_cmpfloat (mw_plot_nice_step (7, 7), ==, 1);
  g_assert_cmpfloat (mw_plot_nice_step (9.5, 1), ==, 10);
  g_assert_cmpfloat (mw_plot_nice_step (0, 5), ==, 0);
  g_assert_cmpfloat (mw_plot_nice_step (-1, 5), ==, 0);
  g_assert_cmpfloat (mw_plot_nice_step (INFINITY, 5), ==, 0);
  g_assert_cmpfloat (mw_plot_nice_step (1, 0), ==, 0);
}

static void
test_linear_ticks (void)
{
  MwPlotTicks ticks;

  mw_plot_ticks_linear (&ticks, 0, 1, 5);
  assert_ticks (&ticks, (double[]) { 0, 0.2, 0.4, 0.6, 0.8, 1.0 }, 6);
  g_assert_false (ticks.log);
  g_assert_cmpfloat (ticks.step, ==, 0.2);
  /* Exactly the decimal values, not 0.6000000000000001. */
  g_assert_cmpfloat (ticks.values[3], ==, 0.6);

  mw_plot_ticks_linear (&ticks, 0, 30000, 6);
  assert_ticks (&ticks, (double[]) { 0, 5000, 10000, 15000, 20000, 25000, 30000 }, 7);

  /* Ends that are not multiples of the step. */
  mw_plot_ticks_linear (&ticks, -3.7, 12.2, 4);
  assert_ticks (&ticks, (double[]) { 0, 5, 10 }, 3);

  mw_plot_ticks_linear (&ticks, 0.153, 0.9471, 8);
  assert_ticks (&ticks, (double[]) { 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 }, 8);
  g_assert_cmpfloat (ticks.values[1], ==, 0.3);

  mw_plot_ticks_linear (&ticks, 0.0013, 0.0041, 6);
  assert_ticks (&ticks, (double[]) { 0.0015, 0.002, 0.0025, 0.003, 0.0035, 0.004 }, 6);

  mw_plot_ticks_linear (&ticks, 1.2e6, 3.1e6, 4);
  assert_ticks (&ticks, (double[]) { 1.5e6, 2e6, 2.5e6, 3e6 }, 4);

  /* Empty, reversed and non-finite ranges give no ticks. */
  mw_plot_ticks_linear (&ticks, 1, 1, 5);
  g_assert_cmpuint (ticks.n, ==, 0);
  mw_plot_ticks_linear (&ticks, 2, 1, 5);
  g_assert_cmpuint (ticks.n, ==, 0);
  mw_plot_ticks_linear (&ticks, 0, NAN, 5);
  g_assert_cmpuint (ticks.n, ==, 0);

  /* Never more intervals than asked for, over many ranges. */
  for (double span = 1e-6; span < 1e9; span *= 1.37)
    for (int max = 1; max <= 12; max++)
      {
        mw_plot_ticks_linear (&ticks, -0.3 * span, 0.7 * span, max);
        g_assert_cmpuint (ticks.n, >=, 1);
        g_assert_cmpuint (ticks.n, <=, (guint) max + 1);
      }
}

/* A y axis of a short chart asks for two intervals, and a nice step of half
 * the range can label a single value (0.13 … 0.31 with step 0.2): readable
 * ticks label three, spaced by a 1, 2 or 5 step, on both kinds of axis. */
static void
test_readable_ticks (void)
{
  MwPlotTicks ticks;

  mw_plot_ticks_linear (&ticks, 0.13, 0.31, 2);
  g_assert_cmpuint (ticks.n, <, 3);
  mw_plot_ticks_readable (&ticks, 0.13, 0.31, FALSE, 2, 3);
  assert_ticks (&ticks, (double[]) { 0.15, 0.2, 0.25, 0.3 }, 4);

  /* The widest step that labels three: 20 … 60, not every 10. */
  mw_plot_ticks_readable (&ticks, 17.5, 66, FALSE, 2, 3);
  assert_ticks (&ticks, (double[]) { 20, 40, 60 }, 3);

  for (double span = 1e-6; span < 1e9; span *= 1.37)
    for (double offset = -1; offset <= 1; offset += 0.23)
      {
        double lo = offset * span * 3.1, hi = lo + span;
        double step;

        mw_plot_ticks_readable (&ticks, lo, hi, FALSE, 2, 3);
        g_assert_cmpuint (ticks.n, >=, 3);
        /* Still a 1, 2 or 5 × 10^k step. */
        step = ticks.values[1] - ticks.values[0];
        g_assert_cmpfloat_with_epsilon (step, mw_plot_nice_step (step * (1 - 1e-7), 1), step * 1e-6);

        if (lo > 0)
          {
            mw_plot_ticks_readable (&ticks, lo, hi, TRUE, 2, 3);
            g_assert_cmpuint (ticks.n, >=, 3);
          }
      }

  /* A loss between 0.3 and 1.5 on a log axis. */
  mw_plot_ticks_readable (&ticks, 0.3, 1.5, TRUE, 2, 3);
  g_assert_cmpuint (ticks.n, >=, 3);
}

static void
test_log_ticks (void)
{
  MwPlotTicks ticks;

  /* Four decades: powers of ten, minor lines at 2–9 × 10^k. */
  mw_plot_ticks_log (&ticks, 0.01, 100, 8);
  assert_ticks (&ticks, (double[]) { 0.01, 0.1, 1, 10, 100 }, 5);
  g_assert_true (ticks.log);
  g_assert_cmpuint (ticks.n_minor, ==, 4 * 8);
  g_assert_cmpfloat_with_epsilon (ticks.minor[0], 0.02, 1e-15);

  /* Nine decades with room for four labels: every other one. */
  mw_plot_ticks_log (&ticks, 1e-6, 1e3, 4);
  assert_ticks (&ticks, (double[]) { 1e-6, 1e-4, 1e-2, 1, 1e2 }, 5);
  g_assert_cmpuint (ticks.n_minor, ==, 0);

  /* About a decade and a half: 1-2-5 labels. */
  mw_plot_ticks_log (&ticks, 0.05, 2, 8);
  assert_ticks (&ticks, (double[]) { 0.05, 0.1, 0.2, 0.5, 1, 2 }, 6);

  /* Training losses: 0.18 … 1.7. */
  mw_plot_ticks_log (&ticks, 0.18, 1.7, 8);
  assert_ticks (&ticks, (double[]) { 0.2, 0.5, 1 }, 3);
  g_assert_cmpuint (ticks.n_minor, ==, 6);

  /* Within a decade: linear ticks, positive. */
  mw_plot_ticks_log (&ticks, 0.21, 0.93, 5);
  assert_ticks (&ticks, (double[]) { 0.4, 0.6, 0.8 }, 3);
  g_assert_cmpfloat (ticks.step, ==, 0.2);
  g_assert_true (ticks.log);

  /* Not for ranges touching zero. */
  mw_plot_ticks_log (&ticks, 0, 10, 5);
  g_assert_cmpuint (ticks.n, ==, 0);
  mw_plot_ticks_log (&ticks, -1, 10, 5);
  g_assert_cmpuint (ticks.n, ==, 0);
}

static void
test_tick_labels (void)
{
  MwPlotTicks ticks;

  mw_plot_ticks_linear (&ticks, 0, 1, 5);
  assert_labels (&ticks, (const char *[]) { "0.0", "0.2", "0.4", "0.6", "0.8", "1.0", NULL });

  mw_plot_ticks_linear (&ticks, 0, 30000, 6);
  assert_labels (&ticks, (const char *[]) { "0", "5000", "10000", "15000", "20000", "25000", "30000", NULL });

  /* A real minus sign, and no "−0". */
  mw_plot_ticks_linear (&ticks, -10, 10, 4);
  assert_labels (&ticks, (const char *[]) { "\u221210", "\u22125", "0", "5", "10", NULL });

  mw_plot_ticks_linear (&ticks, 0.0013, 0.0041, 6);
  assert_labels (&ticks, (const char *[]) { "0.0015", "0.0020", "0.0025", "0.0030", "0.0035", "0.0040", NULL });

  /* Millions: ×10ⁿ. */
  mw_plot_ticks_linear (&ticks, 1.2e6, 3.1e6, 4);
  assert_labels (&ticks, (const char *[]) { "1.5×10⁶", "2.0×10⁶", "2.5×10⁶", "3.0×10⁶", NULL });

  /* Tiny numbers too. */
  mw_plot_ticks_linear (&ticks, 0, 4e-5, 4);
  assert_labels (&ticks, (const char *[]) { "0", "1×10⁻⁵", "2×10⁻⁵", "3×10⁻⁵", "4×10⁻⁵", NULL });

  /* Log axes: plain numbers where short, powers of ten beyond. */
  mw_plot_ticks_log (&ticks, 0.001, 1000, 8);
  assert_labels (&ticks, (const char *[]) { "0.001", "0.01", "0.1", "1", "10", "100", "1000", NULL });
  mw_plot_ticks_log (&ticks, 1e-6, 1e3, 4);
  assert_labels (&ticks, (const char *[]) { "10⁻⁶", "10⁻⁴", "0.01", "1", "100", NULL });
  mw_plot_ticks_log (&ticks, 2e-9, 3e-5, 8);
  assert_labels (&ticks, (const char *[]) { "10⁻⁸", "10⁻⁷", "10⁻⁶", "10⁻⁵", NULL });
  mw_plot_ticks_log (&ticks, 0.05, 2, 8);
  assert_labels (&ticks, (const char *[]) { "0.05", "0.1", "0.2", "0.5", "1", "2", NULL });
  mw_plot_ticks_log (&ticks, 0.21, 0.93, 5);
  assert_labels (&ticks, (const char *[]) { "0.4", "0.6", "0.8", NULL });

  {
    g_autofree char *a = mw_plot_format_value (0.7342137, 6);
    g_autofree char *b = mw_plot_format_value (1200, 6);
    g_autofree char *c = mw_plot_format_value (-3.5, 6);
    g_autofree char *d = mw_plot_format_value (NAN, 6);

    g_assert_cmpstr (a, ==, "0.734214");
    g_assert_cmpstr (b, ==, "1200");
    g_assert_cmpstr (c, ==, "\u22123.5");
    g_assert_cmpstr (d, ==, "NaN");
  }
}

/* --- numbers: smoothing and decimation ----------------------------------- */

static void
test_ema (void)
{
  MwPlotEma ema;

  /* TensorBoard's debiased EMA, by hand: weight 0.6. */
  mw_plot_ema_init (&ema, 0.6);
  g_assert_cmpfloat_with_epsilon (mw_plot_ema_push (&ema, 1), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (mw_plot_ema_push (&ema, 2), 1.04 / 0.64, 1e-12);
  g_assert_cmpfloat_with_epsilon (mw_plot_ema_push (&ema, 3), 1.824 / 0.784, 1e-12);

  /* A NaN (a diverged step) gives NaN and does not poison what follows. */
  g_assert_true (isnan (mw_plot_ema_push (&ema, NAN)));
  g_assert_cmpfloat_with_epsilon (mw_plot_ema_push (&ema, 4),
                                  (1.824 * 0.6 + 0.4 * 4) / (1 - 0.6 * 0.6 * 0.6 * 0.6), 1e-12);

  /* Weight 0 is no smoothing at all. */
  mw_plot_ema_init (&ema, 0);
  g_assert_cmpfloat (mw_plot_ema_push (&ema, 5), ==, 5);
  g_assert_cmpfloat (mw_plot_ema_push (&ema, -2), ==, -2);

  /* A constant stays constant from the first point (that is the debiasing),
   * even with heavy smoothing. */
  mw_plot_ema_init (&ema, 0.999);
  for (int i = 0; i < 1000; i++)
    g_assert_cmpfloat_with_epsilon (mw_plot_ema_push (&ema, 0.5), 0.5, 1e-9);
}

static void
test_decimation (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MwPlotPoint));
  const int columns = 300;
  const gsize n = 100000;
  g_autofree double *xs = g_new (double, n);
  g_autofree double *ys = g_new (double, n);
  double in_min[300], in_max[300], out_min[300], out_max[300];
  MwPlotDecimator decimator;

  for (int c = 0; c < columns; c++)
    {
      in_min[c] = out_min[c] = INFINITY;
      in_max[c] = out_max[c] = -INFINITY;
    }

  for (gsize i = 0; i < n; i++)
    {
      int c;

      xs[i] = (double) i * columns / n;
      ys[i] = sin (xs[i] / 20) + 0.3 * gaussian (rand);
      c = (int) floor (xs[i]);
      in_min[c] = MIN (in_min[c], ys[i]);
      in_max[c] = MAX (in_max[c], ys[i]);
    }

  mw_plot_decimator_init (&decimator, out);
  for (gsize i = 0; i < n; i++)
    mw_plot_decimator_add (&decimator, xs[i], ys[i]);
  mw_plot_decimator_finish (&decimator);

  /* At most first, min, max and last of each column. */
  g_assert_cmpuint (out->len, <=, 4 * columns);
  g_assert_cmpuint (out->len, >=, 2 * columns);

  for (guint i = 0; i < out->len; i++)
    {
      MwPlotPoint *p = &g_array_index (out, MwPlotPoint, i);
      int c = (int) floor (p->x);

      g_assert_false (isnan (p->x));
      out_min[c] = MIN (out_min[c], p->y);
      out_max[c] = MAX (out_max[c], p->y);
      /* Still in drawing order. */
      if (i > 0)
        g_assert_cmpfloat (p->x, >=, g_array_index (out, MwPlotPoint, i - 1).x);
    }
  for (int c = 0; c < columns; c++)
    {
      g_assert_cmpfloat (out_min[c], ==, in_min[c]);
      g_assert_cmpfloat (out_max[c], ==, in_max[c]);
    }

  /* The curve still starts and ends where it did. */
  g_assert_cmpfloat (g_array_index (out, MwPlotPoint, 0).y, ==, ys[0]);
  g_assert_cmpfloat (g_array_index (out, MwPlotPoint, out->len - 1).y, ==, ys[n - 1]);

  /* A NaN leaves a gap (one break), not a line through it. */
  g_array_set_size (out, 0);
  mw_plot_decimator_init (&decimator, out);
  mw_plot_decimator_add (&decimator, 0.5, 1);
  mw_plot_decimator_add (&decimator, 1.5, 2);
  mw_plot_decimator_add (&decimator, 2.5, NAN);
  mw_plot_decimator_add (&decimator, 3.5, NAN);
  mw_plot_decimator_add (&decimator, 4.5, 3);
  mw_plot_decimator_finish (&decimator);
  g_assert_cmpuint (out->len, ==, 4);
  g_assert_cmpfloat (g_array_index (out, MwPlotPoint, 1).y, ==, 2);
  g_assert_true (isnan (g_array_index (out, MwPlotPoint, 2).x));
  g_assert_cmpfloat (g_array_index (out, MwPlotPoint, 3).y, ==, 3);
}

static void
test_band_decimation (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GArray) out = g_array_new (FALSE, FALSE, sizeof (MwPlotBandPoint));
  MwPlotBandDecimator decimator;
  double lo_min[50], hi_max[50];

  for (int c = 0; c < 50; c++)
    {
      lo_min[c] = INFINITY;
      hi_max[c] = -INFINITY;
    }

  mw_plot_band_decimator_init (&decimator, out);
  for (int i = 0; i < 5000; i++)
    {
      double x = i / 100.0, y = g_rand_double (rand);
      double lo = y - g_rand_double (rand), hi = y + g_rand_double (rand);
      int c = (int) floor (x);

      lo_min[c] = MIN (lo_min[c], lo);
      hi_max[c] = MAX (hi_max[c], hi);
      mw_plot_band_decimator_add (&decimator, x, lo, hi);
    }
  mw_plot_band_decimator_finish (&decimator);

  /* Two vertices a column (its first and last x), each with the column's
   * lowest low and highest high: the drawn band covers the real one. */
  g_assert_cmpuint (out->len, ==, 100);
  for (guint i = 0; i < out->len; i++)
    {
      MwPlotBandPoint *p = &g_array_index (out, MwPlotBandPoint, i);
      int c = (int) floor (p->x);

      g_assert_cmpfloat (p->lo, ==, lo_min[c]);
      g_assert_cmpfloat (p->hi, ==, hi_max[c]);
    }
}

void
curve_plot_add_math_tests (void)
{
  g_test_add_func ("/curve-plot/math/nice-step", test_nice_step);
  g_test_add_func ("/curve-plot/math/linear-ticks", test_linear_ticks);
  g_test_add_func ("/curve-plot/math/log-ticks", test_log_ticks);
  g_test_add_func ("/curve-plot/math/readable-ticks", test_readable_ticks);
  g_test_add_func ("/curve-plot/math/tick-labels", test_tick_labels);
  g_test_add_func ("/curve-plot/math/ema", test_ema);
  g_test_add_func ("/curve-plot/math/decimation", test_decimation);
  g_test_add_func ("/curve-plot/math/band-decimation", test_band_decimation);
}
