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
 *
 * The tests are in test-curve-plot-math.c, test-curve-plot-model.c and
 * test-curve-plot-widget.c; this file holds main() and the helpers they share
 * (curve-plot-test.h).
 */

#include "config.h"

#include <locale.h>
#include <math.h>

#include <glib/gi18n.h>

#include "curve-plot-test.h"

#define WAIT_TIMEOUT_SECONDS 20

/* --- helpers shared by the parts ------------------------------------------ */

/* Box–Muller: deterministic Gaussian noise from a seeded GRand. */
double
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

char *
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
const char *
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
void
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
void
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

void
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
GdkTexture *
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
gsize
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

void
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

void
fixture_close (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  fixture->window = NULL;
  fixture->plot = NULL;
}

void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    data)
{
  (*(int *) data)++;
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
  curve_plot_add_math_tests ();

  /* No display: run those, and report the rest as skipped. */
  if (!gtk_init_check ())
    {
      status = g_test_run ();
      return status == 0 ? 77 : status;
    }

  curve_plot_add_model_tests ();
  curve_plot_add_widget_tests ();

  return g_test_run ();
}
