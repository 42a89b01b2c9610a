/* test-curve-plot.c: MwCurvePlot, from its numbers (ticks, smoothing,
 * decimation) through its data model and exports to the widget in a window,
 * with screenshots, and the time one draw of 5 × 100,000 points takes.
 *
 * Environment (set by tests/ui/meson.build):
 *   MW_ARTIFACT_DIR       where screenshots and exports go (default: .)
 *   MW_LOCALE_DIR         uninstalled message catalogues (default: LOCALEDIR)
 *   MW_SCREENSHOT_SUFFIX  appended to the screenshot names (e.g. "zh_CN")
 *
 * Without a display only the pure number tests run, and the program exits
 * 77 so meson reports the rest as skipped.
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "mw-curve-plot.h"
#include "mw-plot-math.h"
#include "ui-test-util.h"

#define WAIT_TIMEOUT_SECONDS 20

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

/* Box–Muller: deterministic Gaussian noise from a seeded GRand. */
static double
gaussian (GRand *rand)
{
  double u = g_rand_double_range (rand, 1e-12, 1.0);
  double v = g_rand_double (rand);

  return sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

static const char *
artifact_dir (void)
{
  const char *dir = g_getenv ("MW_ARTIFACT_DIR");

  return dir != NULL ? dir : ".";
}

static const char *
variant_suffix (void)
{
  const char *suffix = g_getenv ("MW_SCREENSHOT_SUFFIX");

  return suffix != NULL && *suffix != '\0' ? suffix : NULL;
}

static char *
artifact_path (const char *basename,
               const char *extension)
{
  const char *suffix = variant_suffix ();
  g_autofree char *filename = NULL;

  if (suffix != NULL)
    filename = g_strdup_printf ("%s-%s.%s", basename, suffix, extension);
  else
    filename = g_strdup_printf ("%s.%s", basename, extension);

  return g_build_filename (artifact_dir (), filename, NULL);
}

/* Chart titles and metric names are the caller's; in the zh_CN run the
 * screenshots should show Chinese labels as a Chinese classroom would. */
static const char *
localized (const char *english,
           const char *chinese)
{
  const char *language = g_getenv ("LANGUAGE");

  return language != NULL && g_str_has_prefix (language, "zh") ? chinese : english;
}

/* --- synthetic runs ------------------------------------------------------ */

/* Meta-test accuracy of a 5-way 1-shot run, evaluated every 250
 * meta-iterations on 600 episodes: a saturating curve with a 95% CI that
 * narrows as the model settles. MAML costs more per iteration (second order)
 * and sees 32 tasks per iteration, Reptile 5. */
static void
add_accuracy_run (MwCurvePlot *plot,
                  const char  *id,
                  const char  *name,
                  double       final,
                  double       tau,
                  double       tasks_per_iteration,
                  double       seconds_per_iteration,
                  guint32      seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) points = g_array_new (FALSE, TRUE, sizeof (MwCurvePoint));

  g_assert_true (mw_curve_plot_add_series (plot, id, name, NULL));

  for (int it = 0; it <= 30000; it += 250)
    {
      double mean = final - (final - 0.2) * exp (-it / tau);
      double ci = 0.012 + 0.05 * exp (-it / (tau * 0.8));
      MwCurvePoint p = {
        .iteration = it,
        .tasks = it * tasks_per_iteration,
        .seconds = it * seconds_per_iteration,
        .y = mean + 0.006 * gaussian (rand),
      };

      p.y_lo = p.y - ci;
      p.y_hi = p.y + ci;
      g_array_append_val (points, p);
    }

  /* In batches, as the worker delivers them. */
  for (guint i = 0; i < points->len; i += 16)
    mw_curve_plot_append_points (plot, id,
                                 &g_array_index (points, MwCurvePoint, i),
                                 MIN (16, points->len - i));
}

/* Training loss of every meta-iteration: noisy, decaying towards a floor. */
static void
add_loss_run (MwCurvePlot *plot,
              const char  *id,
              const char  *name,
              double       floor_loss,
              double       tau,
              double       noise,
              gsize        n,
              guint32      seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) points = g_array_new (FALSE, TRUE, sizeof (MwCurvePoint));

  if (!mw_curve_plot_has_series (plot, id))
    g_assert_true (mw_curve_plot_add_series (plot, id, name, NULL));

  for (gsize it = 0; it < n; it++)
    {
      double mean = floor_loss + (1.609 - floor_loss) * exp (-(double) it / tau);
      MwCurvePoint p = {
        .iteration = it,
        .tasks = it * 4.0,
        .seconds = it * 0.02,
        .y = mean * exp (noise * gaussian (rand)),
        .y_lo = NAN,
        .y_hi = NAN,
      };

      g_array_append_val (points, p);
    }

  for (guint i = 0; i < points->len; i += 500)
    mw_curve_plot_append_points (plot, id,
                                 &g_array_index (points, MwCurvePoint, i),
                                 MIN (500, points->len - i));
}

static void
add_maml_vs_reptile (MwCurvePlot *plot)
{
  add_accuracy_run (plot, "maml", "MAML", 0.935, 2600, 32, 0.085, 1);
  add_accuracy_run (plot, "reptile", "Reptile", 0.902, 4200, 5, 0.021, 2);
}

/* --- main loop and screenshots (as in test-window.c) --------------------- */

typedef gboolean (*Condition) (gpointer data);

static void
wait_until (Condition    condition,
            gpointer     data,
            const char  *what)
{
  mw_test_wait_until (condition, data, WAIT_TIMEOUT_SECONDS, what);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

/* Renders @widget as it is on screen and saves it as @basename.png in the
 * artifact folder. Returns: (transfer full): the picture, for pixel checks. */
static GdkTexture *
save_screenshot (GtkWidget  *widget,
                 const char *basename)
{
  g_autofree char *path = artifact_path (basename, "png");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GdkTexture *texture;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  mw_test_wait_for_frames (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);

  return texture;
}

/* Counts pixels within @tolerance (per channel, 0–255) of @color. */
static gsize
count_color (GdkTexture    *texture,
             const GdkRGBA *color,
             int            tolerance)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4, count = 0;
  g_autofree guchar *pixels = g_malloc (stride * height);
  int r = (int) round (color->red * 255);
  int g = (int) round (color->green * 255);
  int b = (int) round (color->blue * 255);

  /* GDK_MEMORY_DEFAULT is B8G8R8A8 premultiplied; the window is opaque. */
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 0; i < stride * height; i += 4)
    if (ABS (pixels[i + 2] - r) <= tolerance &&
        ABS (pixels[i + 1] - g) <= tolerance &&
        ABS (pixels[i] - b) <= tolerance)
      count++;

  return count;
}

typedef struct {
  GtkWindow   *window;
  MwCurvePlot *plot;
} Fixture;

static void
fixture_open (Fixture *fixture,
              int      width,
              int      height)
{
  fixture->window = GTK_WINDOW (gtk_window_new ());
  fixture->plot = MW_CURVE_PLOT (mw_curve_plot_new ());
  gtk_window_set_default_size (fixture->window, width, height);
  gtk_window_set_title (fixture->window, "MwCurvePlot");
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->plot));
  gtk_window_present (fixture->window);
  wait_until (is_mapped, fixture->plot, "the plot to map");
  mw_test_wait_for_frames (GTK_WIDGET (fixture->plot));
}

static void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  fixture->window = NULL;
  fixture->plot = NULL;
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

/* --- the data model ------------------------------------------------------ */

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    data)
{
  (*(int *) data)++;
}

static void
test_series (void)
{
  g_autoptr(MwCurvePlot) plot = g_object_ref_sink (MW_CURVE_PLOT (mw_curve_plot_new ()));
  MwCurvePoint points[3] = {
    { .iteration = 0, .tasks = 0, .seconds = 0, .y = 1.0, .y_lo = 0.9, .y_hi = 1.1 },
    { .iteration = 1, .tasks = 4, .seconds = 0.5, .y = 0.8 },
    { .iteration = 2, .tasks = 8, .seconds = 1.0, .y = 0.6, .y_lo = NAN, .y_hi = NAN },
  };
  GdkRGBA red = { 1, 0, 0, 1 }, color, first_color;
  g_auto(GStrv) ids = NULL;
  MwCurvePoint point;
  double smoothed;

  g_assert_cmpuint (mw_curve_plot_get_n_series (plot), ==, 0);
  g_assert_false (mw_curve_plot_get_view (plot, NULL, NULL, NULL, NULL));

  g_assert_true (mw_curve_plot_add_series (plot, "a", "MAML", NULL));
  g_assert_true (mw_curve_plot_add_series (plot, "b", "Reptile", NULL));
  g_assert_false (mw_curve_plot_add_series (plot, "a", "again", NULL));
  g_assert_true (mw_curve_plot_add_series (plot, "c", NULL, &red));
  g_assert_cmpuint (mw_curve_plot_get_n_series (plot), ==, 3);

  ids = mw_curve_plot_get_series_ids (plot);
  g_assert_cmpstrv (ids, ((const char *[]) { "a", "b", "c", NULL }));

  /* A NULL name is the id; names and colours change. */
  g_assert_cmpstr (mw_curve_plot_get_series_name (plot, "c"), ==, "c");
  mw_curve_plot_set_series_name (plot, "c", "ProtoNet");
  g_assert_cmpstr (mw_curve_plot_get_series_name (plot, "c"), ==, "ProtoNet");
  g_assert_null (mw_curve_plot_get_series_name (plot, "nope"));

  g_assert_true (mw_curve_plot_get_series_color (plot, "c", &color));
  g_assert_true (gdk_rgba_equal (&color, &red));
  g_assert_true (mw_curve_plot_get_series_color (plot, "a", &first_color));
  g_assert_true (mw_curve_plot_get_series_color (plot, "b", &color));
  g_assert_false (gdk_rgba_equal (&color, &first_color));
  mw_curve_plot_set_series_color (plot, "a", &red);
  g_assert_true (mw_curve_plot_get_series_color (plot, "a", &color));
  g_assert_true (gdk_rgba_equal (&color, &red));
  /* Back to the palette: the slot it had is free again. */
  mw_curve_plot_set_series_color (plot, "a", NULL);
  g_assert_true (mw_curve_plot_get_series_color (plot, "a", &color));
  g_assert_true (gdk_rgba_equal (&color, &first_color));

  /* Points, with and without a band; a zero-initialised band is none. */
  mw_curve_plot_append_points (plot, "a", points, 3);
  g_assert_cmpuint (mw_curve_plot_get_n_points (plot, "a"), ==, 3);
  g_assert_cmpuint (mw_curve_plot_get_n_points (plot, "b"), ==, 0);
  g_assert_true (mw_curve_plot_get_point (plot, "a", 0, &point, &smoothed));
  g_assert_cmpfloat (point.y_lo, ==, 0.9);
  g_assert_cmpfloat (point.y_hi, ==, 1.1);
  g_assert_cmpfloat (smoothed, ==, 1.0);
  g_assert_true (mw_curve_plot_get_point (plot, "a", 1, &point, NULL));
  g_assert_true (isnan (point.y_lo) && isnan (point.y_hi));
  g_assert_cmpfloat (point.tasks, ==, 4);
  g_assert_cmpfloat (point.seconds, ==, 0.5);
  g_assert_false (mw_curve_plot_get_point (plot, "a", 3, &point, NULL));

  /* Visibility: hidden series leave the automatic view. */
  mw_curve_plot_append_points (plot, "b", (MwCurvePoint[]) { { .iteration = 100, .y = 5 } }, 1);
  {
    double x1, y1;

    g_assert_true (mw_curve_plot_get_view (plot, NULL, &x1, NULL, &y1));
    g_assert_cmpfloat (x1, ==, 100);
    g_assert_cmpfloat (y1, >, 5);
    mw_curve_plot_set_series_visible (plot, "b", FALSE);
    g_assert_false (mw_curve_plot_get_series_visible (plot, "b"));
    g_assert_true (mw_curve_plot_get_view (plot, NULL, &x1, NULL, &y1));
    g_assert_cmpfloat (x1, ==, 2);
    g_assert_cmpfloat (y1, <, 1.2);
    mw_curve_plot_set_series_visible (plot, "b", TRUE);
  }

  mw_curve_plot_clear_series (plot, "a");
  g_assert_cmpuint (mw_curve_plot_get_n_points (plot, "a"), ==, 0);
  g_assert_true (mw_curve_plot_has_series (plot, "a"));

  g_assert_true (mw_curve_plot_remove_series (plot, "b"));
  g_assert_false (mw_curve_plot_remove_series (plot, "b"));
  g_assert_false (mw_curve_plot_has_series (plot, "b"));
  g_assert_cmpuint (mw_curve_plot_get_n_series (plot), ==, 2);

  mw_curve_plot_clear (plot);
  g_assert_cmpuint (mw_curve_plot_get_n_series (plot), ==, 0);
}

static void
test_properties (void)
{
  g_autoptr(MwCurvePlot) plot = g_object_ref_sink (MW_CURVE_PLOT (mw_curve_plot_new ()));
  int notified = 0;
  g_autofree char *title = NULL;
  MwCurvePlotXAxis axis;

  g_signal_connect (plot, "notify", G_CALLBACK (notify_count_cb), &notified);

  g_object_set (plot,
                "title", "Meta-test accuracy",
                "y-label", "Accuracy",
                "x-axis", MW_CURVE_PLOT_X_SECONDS,
                "log-y", TRUE,
                "smoothing", 0.9,
                "show-bands", FALSE,
                NULL);
  g_assert_cmpint (notified, ==, 6);

  /* Setting the same values again notifies nothing (explicit notify). */
  g_object_set (plot, "title", "Meta-test accuracy", "log-y", TRUE, NULL);
  g_assert_cmpint (notified, ==, 6);

  g_object_get (plot, "title", &title, "x-axis", &axis, NULL);
  g_assert_cmpstr (title, ==, "Meta-test accuracy");
  g_assert_cmpint (axis, ==, MW_CURVE_PLOT_X_SECONDS);
  g_assert_cmpstr (mw_curve_plot_get_y_label (plot), ==, "Accuracy");
  g_assert_null (mw_curve_plot_get_x_label (plot));
  g_assert_true (mw_curve_plot_get_log_y (plot));
  g_assert_cmpfloat (mw_curve_plot_get_smoothing (plot), ==, 0.9);
  g_assert_false (mw_curve_plot_get_show_bands (plot));

  /* Smoothing is clamped to [0, 0.999]. */
  mw_curve_plot_set_smoothing (plot, 2);
  g_assert_cmpfloat (mw_curve_plot_get_smoothing (plot), ==, 0.999);
  mw_curve_plot_set_smoothing (plot, -1);
  g_assert_cmpfloat (mw_curve_plot_get_smoothing (plot), ==, 0);
}

/* Smoothing computed batch by batch equals smoothing all at once, and
 * changing the weight recomputes it. */
static void
test_smoothing (void)
{
  g_autoptr(MwCurvePlot) a = g_object_ref_sink (MW_CURVE_PLOT (mw_curve_plot_new ()));
  g_autoptr(MwCurvePlot) b = g_object_ref_sink (MW_CURVE_PLOT (mw_curve_plot_new ()));
  gsize n;

  mw_curve_plot_set_smoothing (a, 0.9);
  add_loss_run (a, "loss", "MAML", 0.2, 500, 0.25, 2000, 3);

  add_loss_run (b, "loss", "MAML", 0.2, 500, 0.25, 2000, 3);
  mw_curve_plot_set_smoothing (b, 0.5);
  mw_curve_plot_set_smoothing (b, 0.9);

  n = mw_curve_plot_get_n_points (a, "loss");
  g_assert_cmpuint (n, ==, 2000);
  for (gsize i = 0; i < n; i++)
    {
      MwCurvePoint point;
      double sa, sb;

      g_assert_true (mw_curve_plot_get_point (a, "loss", i, &point, &sa));
      g_assert_true (mw_curve_plot_get_point (b, "loss", i, NULL, &sb));
      g_assert_cmpfloat (sa, ==, sb);
      if (i == 0)
        g_assert_cmpfloat_with_epsilon (sa, point.y, 1e-12);
    }

  /* Smoothing 0 gives the raw values back. */
  mw_curve_plot_set_smoothing (a, 0);
  for (gsize i = 0; i < n; i += 97)
    {
      MwCurvePoint point;
      double s;

      g_assert_true (mw_curve_plot_get_point (a, "loss", i, &point, &s));
      g_assert_cmpfloat (s, ==, point.y);
    }
}

static void
test_x_axis_modes (void)
{
  g_autoptr(MwCurvePlot) plot = g_object_ref_sink (MW_CURVE_PLOT (mw_curve_plot_new ()));
  double x0, x1;

  add_maml_vs_reptile (plot);

  g_assert_true (mw_curve_plot_get_view (plot, &x0, &x1, NULL, NULL));
  g_assert_cmpfloat (x0, ==, 0);
  g_assert_cmpfloat (x1, ==, 30000);

  /* The same data against tasks seen (MAML: 32 per iteration) and time. */
  mw_curve_plot_set_x_axis (plot, MW_CURVE_PLOT_X_TASKS);
  g_assert_true (mw_curve_plot_get_view (plot, &x0, &x1, NULL, NULL));
  g_assert_cmpfloat (x1, ==, 30000 * 32);

  mw_curve_plot_set_x_axis (plot, MW_CURVE_PLOT_X_SECONDS);
  g_assert_true (mw_curve_plot_get_view (plot, &x0, &x1, NULL, NULL));
  g_assert_cmpfloat_with_epsilon (x1, 30000 * 0.085, 1e-9);

  /* A zoomed view is dropped on switching: its range is in other units. */
  mw_curve_plot_set_view (plot, 10, 20, 0.5, 0.6);
  g_assert_false (mw_curve_plot_get_auto_view (plot));
  mw_curve_plot_set_x_axis (plot, MW_CURVE_PLOT_X_ITERATIONS);
  g_assert_true (mw_curve_plot_get_auto_view (plot));
}

static void
test_log_y_model (void)
{
  g_autoptr(MwCurvePlot) plot = g_object_ref_sink (MW_CURVE_PLOT (mw_curve_plot_new ()));
  MwCurvePoint points[] = {
    { .iteration = 0, .y = -1 },
    { .iteration = 1, .y = 0 },
    { .iteration = 2, .y = 0.01 },
    { .iteration = 3, .y = 10 },
    { .iteration = 4, .y = NAN },
  };
  double y0, y1;

  mw_curve_plot_add_series (plot, "s", "Loss", NULL);
  mw_curve_plot_append_points (plot, "s", points, G_N_ELEMENTS (points));

  /* Linear: the whole range, padded. */
  g_assert_true (mw_curve_plot_get_view (plot, NULL, NULL, &y0, &y1));
  g_assert_cmpfloat (y0, <, -1);
  g_assert_cmpfloat (y1, >, 10);

  /* Log: only the positive values count, padded by a factor. */
  mw_curve_plot_set_log_y (plot, TRUE);
  g_assert_true (mw_curve_plot_get_view (plot, NULL, NULL, &y0, &y1));
  g_assert_cmpfloat (y0, >, 0);
  g_assert_cmpfloat (y0, <, 0.01);
  g_assert_cmpfloat (y0, >, 0.005);
  g_assert_cmpfloat (y1, >, 10);
  g_assert_cmpfloat (y1, <, 20);

  /* A zoomed view carries over between the axes when it can. */
  mw_curve_plot_set_view (plot, 0, 4, 0.1, 1);
  mw_curve_plot_set_log_y (plot, FALSE);
  g_assert_true (mw_curve_plot_get_view (plot, NULL, NULL, &y0, &y1));
  g_assert_cmpfloat_with_epsilon (y0, 0.1, 1e-12);
  g_assert_cmpfloat_with_epsilon (y1, 1, 1e-12);
  mw_curve_plot_set_view (plot, 0, 4, -1, 1);
  mw_curve_plot_set_log_y (plot, TRUE);
  g_assert_true (mw_curve_plot_get_auto_view (plot));

  /* Only non-positive values: nothing to show on a log axis. */
  mw_curve_plot_clear (plot);
  mw_curve_plot_add_series (plot, "s", "Loss", NULL);
  mw_curve_plot_append_points (plot, "s", points, 2);
  g_assert_false (mw_curve_plot_get_view (plot, NULL, NULL, NULL, NULL));
}

static const char expected_csv[] =
  "run_id,run_name,iteration,tasks_seen,seconds,value,ci_low,ci_high,smoothed\n"
  "maml,\"MAML, 2nd order\",0,0,0,0.5,0.25,0.75,0.5\n"
  "maml,\"MAML, 2nd order\",1,32,0.125,0.75,,,0.75\n"
  "maml,\"MAML, 2nd order\",2,64,0.1,,,,\n"
  "rep,\"Reptile \"\"fast\"\"\",10,50,1e-07,0.33333333333333331,,,0.33333333333333331\n";

static void
test_csv (void)
{
  g_autoptr(MwCurvePlot) plot = g_object_ref_sink (MW_CURVE_PLOT (mw_curve_plot_new ()));
  g_autofree char *path = artifact_path ("curve-plot", "csv");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  MwCurvePoint maml[] = {
    { 0, 0, 0, 0.5, 0.25, 0.75 },
    { 1, 32, 0.125, 0.75, NAN, NAN },
    { 2, 64, 0.1, NAN, 0, 0 },
  };
  MwCurvePoint reptile[] = {
    { 10, 50, 1e-7, 1.0 / 3, NAN, NAN },
  };

  mw_curve_plot_add_series (plot, "maml", "MAML, 2nd order", NULL);
  mw_curve_plot_add_series (plot, "rep", "Reptile \"fast\"", NULL);
  mw_curve_plot_append_points (plot, "maml", maml, G_N_ELEMENTS (maml));
  mw_curve_plot_append_points (plot, "rep", reptile, G_N_ELEMENTS (reptile));
  /* Hidden series are exported too. */
  mw_curve_plot_set_series_visible (plot, "rep", FALSE);

  g_assert_true (mw_curve_plot_export_csv (plot, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, expected_csv);

  /* The numbers read back exactly. */
  g_assert_cmpfloat (g_ascii_strtod ("0.33333333333333331", NULL), ==, 1.0 / 3);
}

static gboolean
file_starts_with (const char *path,
                  const char *prefix)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return length >= strlen (prefix) && memcmp (contents, prefix, strlen (prefix)) == 0;
}

static void
test_export (void)
{
  g_autoptr(MwCurvePlot) plot = g_object_ref_sink (MW_CURVE_PLOT (mw_curve_plot_new ()));
  g_autofree char *png = artifact_path ("curve-plot-export", "png");
  g_autofree char *svg = artifact_path ("curve-plot-export", "svg");
  g_autofree char *pdf = artifact_path ("curve-plot-export", "pdf");
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GdkRGBA white = { 1, 1, 1, 1 };
  gsize n_white;

  mw_curve_plot_set_title (plot, "Meta-test accuracy, 5-way 1-shot");
  mw_curve_plot_set_y_label (plot, "Accuracy");
  add_maml_vs_reptile (plot);
  /* The export ignores the hover readout. */
  mw_curve_plot_set_hover (plot, 300, 200);

  g_assert_true (mw_curve_plot_export_png (plot, png, 960, 600, &error));
  g_assert_no_error (error);
  g_assert_true (mw_curve_plot_export_svg (plot, svg, 960, 600, &error));
  g_assert_no_error (error);
  g_assert_true (mw_curve_plot_export_pdf (plot, pdf, 960, 600, &error));
  g_assert_no_error (error);

  texture = gdk_texture_new_from_filename (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 960);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 600);
  /* On white paper, with a chart on it. */
  n_white = count_color (texture, &white, 0);
  g_assert_cmpuint (n_white, >, 960 * 600 / 2);
  g_assert_cmpuint (n_white, <, 960 * 600 - 20000);

  g_assert_true (file_starts_with (svg, "<?xml") || file_starts_with (svg, "<svg"));
  g_assert_true (file_starts_with (pdf, "%PDF"));
  g_test_message ("Exported %s, %s, %s", png, svg, pdf);

  /* Failures are errors, not crashes, and leave nothing behind. */
  g_assert_false (mw_curve_plot_export_png (plot, "/nonexistent-dir/plot.png", 100, 100, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_false (mw_curve_plot_export_csv (plot, "/nonexistent-dir/plot.csv", &error));
  g_assert_nonnull (error);
}

/* Drawing with no data, all hidden, or nothing positive on a log axis must
 * not crash or draw curves; it draws axes and a hint. */
static void
test_empty_states (void)
{
  g_autoptr(MwCurvePlot) plot = g_object_ref_sink (MW_CURVE_PLOT (mw_curve_plot_new ()));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 300);
  cairo_t *cr = cairo_create (surface);

  mw_curve_plot_draw (plot, cr, 400, 300);
  mw_curve_plot_add_series (plot, "a", "MAML", NULL);
  mw_curve_plot_draw (plot, cr, 400, 300);
  mw_curve_plot_append_points (plot, "a", (MwCurvePoint[]) { { .iteration = 3, .y = -2 } }, 1);
  mw_curve_plot_draw (plot, cr, 400, 300);
  mw_curve_plot_set_log_y (plot, TRUE);
  mw_curve_plot_draw (plot, cr, 400, 300);
  mw_curve_plot_set_series_visible (plot, "a", FALSE);
  mw_curve_plot_draw (plot, cr, 400, 300);
  /* Degenerate sizes. */
  mw_curve_plot_draw (plot, cr, 1, 1);
  mw_curve_plot_draw (plot, cr, 0, 0);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* --- the widget in a window ---------------------------------------------- */

static void
test_widget_accessible (void)
{
  g_autoptr(MwCurvePlot) plot = g_object_ref_sink (MW_CURVE_PLOT (mw_curve_plot_new ()));

  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (plot)), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (plot)));
}

static void
test_widget_screenshot (void)
{
  Fixture fixture;
  g_autoptr(GdkTexture) texture = NULL;
  GdkRGBA maml_color, reptile_color;
  int width, height;
  gsize left_index, right_index;

  fixture_open (&fixture, 960, 600);
  mw_curve_plot_set_title (fixture.plot, localized ("Meta-test accuracy, 5-way 1-shot",
                                                    "元测试准确率（5-way 1-shot）"));
  mw_curve_plot_set_y_label (fixture.plot, localized ("Accuracy", "准确率"));
  add_maml_vs_reptile (fixture.plot);
  mw_test_wait_for_frames (GTK_WIDGET (fixture.plot));

  width = gtk_widget_get_width (GTK_WIDGET (fixture.plot));
  height = gtk_widget_get_height (GTK_WIDGET (fixture.plot));

  /* Outside the plot area: no readout. */
  mw_curve_plot_set_hover (fixture.plot, 2, 2);
  g_assert_false (mw_curve_plot_get_hover_index (fixture.plot, "maml", NULL));

  /* Hovering further right reads later points of both runs. */
  mw_curve_plot_set_hover (fixture.plot, width * 0.25, height * 0.5);
  g_assert_true (mw_curve_plot_get_hover_index (fixture.plot, "maml", &left_index));
  mw_curve_plot_set_hover (fixture.plot, width * 0.6, height * 0.5);
  g_assert_true (mw_curve_plot_get_hover_index (fixture.plot, "maml", &right_index));
  g_assert_cmpuint (right_index, >, left_index);
  g_assert_true (mw_curve_plot_get_hover_index (fixture.plot, "reptile", &right_index));

  /* Hiding a run drops it from the readout. */
  mw_curve_plot_set_series_visible (fixture.plot, "reptile", FALSE);
  g_assert_false (mw_curve_plot_get_hover_index (fixture.plot, "reptile", NULL));
  mw_curve_plot_set_series_visible (fixture.plot, "reptile", TRUE);

  /* Early on, where the runs differ most. */
  mw_curve_plot_set_hover (fixture.plot, width * 0.2, height * 0.5);
  texture = save_screenshot (GTK_WIDGET (fixture.plot), "curve-plot");

  /* Both runs are drawn in their own colours. */
  g_assert_true (mw_curve_plot_get_series_color (fixture.plot, "maml", &maml_color));
  g_assert_true (mw_curve_plot_get_series_color (fixture.plot, "reptile", &reptile_color));
  g_assert_cmpuint (count_color (texture, &maml_color, 8), >, 500);
  g_assert_cmpuint (count_color (texture, &reptile_color, 8), >, 500);

  mw_curve_plot_unset_hover (fixture.plot);
  g_assert_false (mw_curve_plot_get_hover_index (fixture.plot, "maml", NULL));

  fixture_close (&fixture);
}

static void
test_widget_log_y (void)
{
  Fixture fixture;
  g_autoptr(GdkTexture) texture = NULL;

  fixture_open (&fixture, 960, 600);
  mw_curve_plot_set_title (fixture.plot, localized ("Meta-training loss (log scale)",
                                                    "元训练损失（对数坐标）"));
  mw_curve_plot_set_y_label (fixture.plot, localized ("Loss", "损失"));
  mw_curve_plot_set_log_y (fixture.plot, TRUE);
  add_loss_run (fixture.plot, "maml", "MAML", 0.08, 1500, 0.1, 20000, 5);
  add_loss_run (fixture.plot, "reptile", "Reptile", 0.15, 3000, 0.1, 20000, 6);
  texture = save_screenshot (GTK_WIDGET (fixture.plot), "curve-plot-log");
  fixture_close (&fixture);
}

static void
test_widget_smoothed (void)
{
  Fixture fixture;
  g_autoptr(GdkTexture) texture = NULL;
  int width, height;

  fixture_open (&fixture, 960, 600);
  mw_curve_plot_set_title (fixture.plot, localized ("Meta-training loss, smoothed 0.95",
                                                    "元训练损失（平滑 0.95）"));
  mw_curve_plot_set_y_label (fixture.plot, localized ("Loss", "损失"));
  mw_curve_plot_set_smoothing (fixture.plot, 0.95);
  add_loss_run (fixture.plot, "maml", "MAML", 0.08, 1500, 0.25, 20000, 5);
  add_loss_run (fixture.plot, "reptile", "Reptile", 0.15, 3000, 0.25, 20000, 6);

  width = gtk_widget_get_width (GTK_WIDGET (fixture.plot));
  height = gtk_widget_get_height (GTK_WIDGET (fixture.plot));
  mw_curve_plot_set_hover (fixture.plot, width * 0.7, height * 0.5);
  texture = save_screenshot (GTK_WIDGET (fixture.plot), "curve-plot-smoothed");
  fixture_close (&fixture);
}

static void
test_widget_zoom (void)
{
  Fixture fixture;
  g_autoptr(GdkTexture) texture = NULL;
  double x0, x1, y0, y1, zx0, zx1, zy0, zy1;
  int notified = 0, width, height;

  fixture_open (&fixture, 960, 600);
  mw_curve_plot_set_title (fixture.plot, localized ("Meta-test accuracy, zoomed",
                                                    "元测试准确率（已缩放）"));
  add_maml_vs_reptile (fixture.plot);
  mw_test_wait_for_frames (GTK_WIDGET (fixture.plot));
  g_signal_connect (fixture.plot, "notify::auto-view", G_CALLBACK (notify_count_cb), &notified);

  width = gtk_widget_get_width (GTK_WIDGET (fixture.plot));
  height = gtk_widget_get_height (GTK_WIDGET (fixture.plot));
  g_assert_true (mw_curve_plot_get_view (fixture.plot, &x0, &x1, &y0, &y1));
  g_assert_true (mw_curve_plot_get_auto_view (fixture.plot));

  /* Zooming in 2× around a point inside: half the span, inside the old
   * range, and the data under the point stays under it. */
  mw_curve_plot_zoom_at (fixture.plot, 2, width * 0.3, height * 0.4);
  g_assert_true (mw_curve_plot_get_view (fixture.plot, &zx0, &zx1, &zy0, &zy1));
  g_assert_false (mw_curve_plot_get_auto_view (fixture.plot));
  g_assert_cmpint (notified, ==, 1);
  g_assert_cmpfloat_with_epsilon (zx1 - zx0, (x1 - x0) / 2, (x1 - x0) * 1e-9);
  g_assert_cmpfloat_with_epsilon (zy1 - zy0, (y1 - y0) / 2, (y1 - y0) * 1e-9);
  g_assert_cmpfloat (zx0, >, x0);
  g_assert_cmpfloat (zx1, <, x1);
  g_assert_cmpfloat (zy0, >, y0);
  g_assert_cmpfloat (zy1, <, y1);

  /* The point zoomed around divides both views in the same ratio. */
  {
    double cx = x0 + (zx0 - x0) * 2;  /* solves c - (c - x0)/2 = zx0 */

    g_assert_cmpfloat_with_epsilon ((cx - x0) / (x1 - x0), (cx - zx0) / (zx1 - zx0), 1e-9);
  }

  texture = save_screenshot (GTK_WIDGET (fixture.plot), "curve-plot-zoomed");

  /* Adding data does not move a zoomed view. */
  add_accuracy_run (fixture.plot, "proto", "ProtoNet", 0.95, 1500, 5, 0.01, 3);
  g_assert_true (mw_curve_plot_get_view (fixture.plot, &x0, &x1, NULL, NULL));
  g_assert_cmpfloat (x0, ==, zx0);
  g_assert_cmpfloat (x1, ==, zx1);

  /* plot.reset-view (double click, Home) goes back to the automatic view. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.plot), "plot.reset-view", NULL));
  g_assert_true (mw_curve_plot_get_auto_view (fixture.plot));
  g_assert_cmpint (notified, ==, 2);

  /* plot.zoom-in zooms around the centre. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture.plot), "plot.zoom-in", NULL));
  g_assert_false (mw_curve_plot_get_auto_view (fixture.plot));
  mw_curve_plot_reset_view (fixture.plot);

  /* A view set by the caller. */
  mw_curve_plot_set_view (fixture.plot, 1000, 5000, 0.4, 0.9);
  g_assert_true (mw_curve_plot_get_view (fixture.plot, &x0, &x1, &y0, &y1));
  g_assert_cmpfloat (x0, ==, 1000);
  g_assert_cmpfloat (x1, ==, 5000);
  g_assert_cmpfloat (y0, ==, 0.4);
  g_assert_cmpfloat (y1, ==, 0.9);

  fixture_close (&fixture);
}

static GtkEventController *
find_controller (GtkWidget *widget,
                 GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;
    }

  return NULL;
}

/* The pointer handlers, driven through their controllers' signals (GTK 4.8
 * has no way to inject real events): what a mouse does, minus the X server. */
static void
test_widget_gestures (void)
{
  Fixture fixture;
  GtkWidget *widget;
  GtkEventController *motion, *scroll, *drag, *click;
  double x0, x1, y0, y1, px0, px1, py0, py1;
  gboolean handled = FALSE;
  int width, height;
  gsize index;

  fixture_open (&fixture, 960, 600);
  widget = GTK_WIDGET (fixture.plot);
  add_maml_vs_reptile (fixture.plot);
  mw_test_wait_for_frames (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);

  motion = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_MOTION);
  scroll = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_SCROLL);
  drag = find_controller (widget, GTK_TYPE_GESTURE_DRAG);
  click = find_controller (widget, GTK_TYPE_GESTURE_CLICK);
  g_assert_nonnull (motion);
  g_assert_nonnull (scroll);
  g_assert_nonnull (drag);
  g_assert_nonnull (click);

  /* Moving the pointer in shows the readout, leaving hides it. */
  g_signal_emit_by_name (motion, "motion", width * 0.5, height * 0.5);
  g_assert_true (mw_curve_plot_get_hover_index (fixture.plot, "maml", &index));
  g_assert_cmpuint (index, >, 0);
  g_signal_emit_by_name (motion, "leave");
  g_assert_false (mw_curve_plot_get_hover_index (fixture.plot, "maml", NULL));

  /* The wheel zooms around the pointer: one notch up is 1.15× in. */
  g_assert_true (mw_curve_plot_get_view (fixture.plot, &x0, &x1, &y0, &y1));
  g_signal_emit_by_name (motion, "motion", width * 0.5, height * 0.5);
  g_signal_emit_by_name (scroll, "scroll", 0.0, -1.0, &handled);
  g_assert_true (handled);
  g_assert_true (mw_curve_plot_get_view (fixture.plot, &px0, &px1, &py0, &py1));
  g_assert_cmpfloat_with_epsilon ((x1 - x0) / (px1 - px0), 1.15, 1e-9);
  g_assert_cmpfloat_with_epsilon ((y1 - y0) / (py1 - py0), 1.15, 1e-9);
  g_assert_false (mw_curve_plot_get_auto_view (fixture.plot));

  /* A double click goes back to following the data. */
  g_signal_emit_by_name (click, "pressed", 2, width * 0.5, height * 0.5);
  g_assert_true (mw_curve_plot_get_auto_view (fixture.plot));

  /* A press and release without moving (a click) does not freeze the view. */
  g_signal_emit_by_name (drag, "drag-begin", width * 0.5, height * 0.5);
  g_signal_emit_by_name (drag, "drag-update", 1.0, 1.0);
  g_signal_emit_by_name (drag, "drag-end", 1.0, 1.0);
  g_assert_true (mw_curve_plot_get_auto_view (fixture.plot));

  /* Dragging left by 100 pixels pans right, by 100 pixels' worth of data,
   * keeping the span. */
  g_signal_emit_by_name (drag, "drag-begin", width * 0.5, height * 0.5);
  g_signal_emit_by_name (drag, "drag-update", -50.0, 0.0);
  g_signal_emit_by_name (drag, "drag-update", -100.0, 0.0);
  g_signal_emit_by_name (drag, "drag-end", -100.0, 0.0);
  g_assert_false (mw_curve_plot_get_auto_view (fixture.plot));
  g_assert_true (mw_curve_plot_get_view (fixture.plot, &px0, &px1, &py0, &py1));
  g_assert_cmpfloat_with_epsilon (px1 - px0, x1 - x0, (x1 - x0) * 1e-9);
  g_assert_cmpfloat (px0, >, x0);
  /* 100 px of a plot somewhat narrower than the widget. */
  g_assert_cmpfloat ((px0 - x0) / (x1 - x0), >, 100.0 / width);
  g_assert_cmpfloat ((px0 - x0) / (x1 - x0), <, 100.0 / (width * 0.7));
  g_assert_cmpfloat_with_epsilon (py0, y0, 1e-12);

  /* The reset action (also on Home and 0 when the plot has focus). */
  g_assert_true (gtk_widget_activate_action (widget, "plot.reset-view", NULL));
  g_assert_true (mw_curve_plot_get_auto_view (fixture.plot));

  fixture_close (&fixture);
}

static void
test_widget_empty (void)
{
  Fixture fixture;
  g_autoptr(GdkTexture) texture = NULL;

  fixture_open (&fixture, 640, 400);
  mw_curve_plot_set_title (fixture.plot, localized ("Meta-test accuracy", "元测试准确率"));
  mw_curve_plot_set_y_label (fixture.plot, localized ("Accuracy", "准确率"));
  mw_curve_plot_add_series (fixture.plot, "maml", "MAML", NULL);

  /* A translated run must show the translated hint, not fall back. */
  if (g_str_has_prefix (localized ("en", "zh"), "zh"))
    g_assert_cmpstr (_("No data yet"), !=, "No data yet");

  texture = save_screenshot (GTK_WIDGET (fixture.plot), "curve-plot-empty");
  fixture_close (&fixture);
}

static void
test_widget_dark (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  Fixture fixture;
  g_autoptr(GdkTexture) texture = NULL;
  GdkRGBA color, light;
  int width, height;

  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);

  fixture_open (&fixture, 960, 600);
  mw_curve_plot_set_title (fixture.plot, localized ("Meta-test accuracy, dark theme",
                                                    "元测试准确率（深色主题）"));
  mw_curve_plot_set_y_label (fixture.plot, localized ("Accuracy", "准确率"));
  add_maml_vs_reptile (fixture.plot);
  add_accuracy_run (fixture.plot, "proto", "ProtoNet", 0.95, 1500, 5, 0.01, 3);
  mw_test_wait_for_frames (GTK_WIDGET (fixture.plot));
  width = gtk_widget_get_width (GTK_WIDGET (fixture.plot));
  height = gtk_widget_get_height (GTK_WIDGET (fixture.plot));
  mw_curve_plot_set_hover (fixture.plot, width * 0.45, height * 0.6);
  texture = save_screenshot (GTK_WIDGET (fixture.plot), "curve-plot-dark");

  /* The palette switches to its lighter shades. */
  g_assert_true (mw_curve_plot_get_series_color (fixture.plot, "maml", &color));
  g_assert_cmpuint (count_color (texture, &color, 8), >, 500);
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
  mw_test_wait_for_frames (GTK_WIDGET (fixture.plot));
  g_assert_true (mw_curve_plot_get_series_color (fixture.plot, "maml", &light));
  g_assert_false (gdk_rgba_equal (&color, &light));

  fixture_close (&fixture);
}

/* --- performance --------------------------------------------------------- */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Median milliseconds of one mw_curve_plot_draw() at 1200 × 800. */
static double
time_draws (MwCurvePlot *plot,
            int          repeats)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1200, 800);
  g_autofree double *ms = g_new (double, repeats);
  double median;

  for (int r = -1; r < repeats; r++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 start;

      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      start = g_get_monotonic_time ();
      mw_curve_plot_draw (plot, cr, 1200, 800);
      cairo_surface_flush (surface);
      if (r >= 0) /* the first draw warms caches and fonts */
        ms[r] = (g_get_monotonic_time () - start) / 1000.0;
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
    }

  qsort (ms, repeats, sizeof (double), compare_doubles);
  median = ms[repeats / 2];
  cairo_surface_destroy (surface);

  return median;
}

static void
test_draw_time (void)
{
  g_autoptr(MwCurvePlot) plot = g_object_ref_sink (MW_CURVE_PLOT (mw_curve_plot_new ()));
  const char *names[] = { "MAML", "FOMAML", "Reptile", "ProtoNet", "Meta-SGD" };
  const gsize n = 100000;
  gint64 start;
  double append_ms, plain, smoothed, log_scale, zoomed;

  mw_curve_plot_set_title (plot, "Meta-training loss, 5 runs × 100,000 points");
  mw_curve_plot_set_y_label (plot, "Loss");

  start = g_get_monotonic_time ();
  for (guint s = 0; s < G_N_ELEMENTS (names); s++)
    {
      g_autoptr(GRand) rand = g_rand_new_with_seed (100 + s);
      g_autoptr(GArray) points = g_array_sized_new (FALSE, FALSE, sizeof (MwCurvePoint), n);

      for (gsize i = 0; i < n; i++)
        {
          double mean = 0.1 + 1.5 * exp (-(double) i / (8000 + 4000 * s));
          double y = mean * exp (0.2 * gaussian (rand));
          MwCurvePoint p = { i, i * 4.0, i * 0.01, y, y * 0.9, y * 1.1 };

          g_array_append_val (points, p);
        }

      mw_curve_plot_add_series (plot, names[s], names[s], NULL);
      /* Batches of 1000, like a fast worker's. */
      for (gsize i = 0; i < n; i += 1000)
        mw_curve_plot_append_points (plot, names[s],
                                     &g_array_index (points, MwCurvePoint, i), 1000);
    }
  append_ms = (g_get_monotonic_time () - start) / 1000.0;
  g_assert_cmpuint (mw_curve_plot_get_n_points (plot, "Meta-SGD"), ==, n);

  plain = time_draws (plot, 15);

  mw_curve_plot_set_smoothing (plot, 0.95);
  smoothed = time_draws (plot, 15);

  mw_curve_plot_set_log_y (plot, TRUE);
  log_scale = time_draws (plot, 15);

  mw_curve_plot_set_log_y (plot, FALSE);
  mw_curve_plot_set_view (plot, 40000, 60000, 0.05, 0.5);
  zoomed = time_draws (plot, 15);

  g_test_message ("5 series × 100000 points, 1200×800 image surface, median of 15 draws:");
  g_test_message ("  raw curves + CI bands:              %.2f ms", plain);
  g_test_message ("  smoothed (raw faint + EMA) + bands: %.2f ms", smoothed);
  g_test_message ("  smoothed, log y:                    %.2f ms", log_scale);
  g_test_message ("  smoothed, zoomed to 1/5 of x:       %.2f ms", zoomed);
  g_test_message ("  appending all 500000 points:        %.2f ms", append_ms);
  g_print ("curve-plot draw 5x100k: raw %.2f ms, smoothed %.2f ms, log %.2f ms, zoomed %.2f ms\n",
           plain, smoothed, log_scale, zoomed);

  /* Generous, so a slow CI machine does not flake; the target is < 50. */
  g_assert_cmpfloat (plain, <, 200);
  g_assert_cmpfloat (smoothed, <, 200);
  g_assert_cmpfloat (log_scale, <, 200);
  g_assert_cmpfloat (zoomed, <, 200);
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);

  /* Pure numbers: no display needed. */
  g_test_add_func ("/curve-plot/math/nice-step", test_nice_step);
  g_test_add_func ("/curve-plot/math/linear-ticks", test_linear_ticks);
  g_test_add_func ("/curve-plot/math/log-ticks", test_log_ticks);
  g_test_add_func ("/curve-plot/math/tick-labels", test_tick_labels);
  g_test_add_func ("/curve-plot/math/ema", test_ema);
  g_test_add_func ("/curve-plot/math/decimation", test_decimation);
  g_test_add_func ("/curve-plot/math/band-decimation", test_band_decimation);

  /* No display: run those, and report the rest as skipped. */
  if (!gtk_init_check ())
    {
      status = g_test_run ();
      return status == 0 ? 77 : status;
    }

  g_test_add_func ("/curve-plot/model/series", test_series);
  g_test_add_func ("/curve-plot/model/properties", test_properties);
  g_test_add_func ("/curve-plot/model/smoothing", test_smoothing);
  g_test_add_func ("/curve-plot/model/x-axis-modes", test_x_axis_modes);
  g_test_add_func ("/curve-plot/model/log-y", test_log_y_model);
  g_test_add_func ("/curve-plot/export/csv", test_csv);
  g_test_add_func ("/curve-plot/export/images", test_export);
  g_test_add_func ("/curve-plot/draw/empty-states", test_empty_states);
  g_test_add_func ("/curve-plot/widget/accessible", test_widget_accessible);
  g_test_add_func ("/curve-plot/widget/screenshot", test_widget_screenshot);
  g_test_add_func ("/curve-plot/widget/log-y", test_widget_log_y);
  g_test_add_func ("/curve-plot/widget/smoothed", test_widget_smoothed);
  g_test_add_func ("/curve-plot/widget/zoom", test_widget_zoom);
  g_test_add_func ("/curve-plot/widget/gestures", test_widget_gestures);
  g_test_add_func ("/curve-plot/widget/empty", test_widget_empty);
  g_test_add_func ("/curve-plot/widget/dark", test_widget_dark);
  g_test_add_func ("/curve-plot/perf/draw-5x100k", test_draw_time);

  return g_test_run ();
}
