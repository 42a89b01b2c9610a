/* test-curve-plot-model.c: MwCurvePlot's data model, its exports and what it
 * draws with nothing to show. */

#include "config.h"

#include <math.h>
#include <string.h>

#include "curve-plot-test.h"

/* --- the data model ------------------------------------------------------ */

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

void
curve_plot_add_model_tests (void)
{
  g_test_add_func ("/curve-plot/model/series", test_series);
  g_test_add_func ("/curve-plot/model/properties", test_properties);
  g_test_add_func ("/curve-plot/model/smoothing", test_smoothing);
  g_test_add_func ("/curve-plot/model/x-axis-modes", test_x_axis_modes);
  g_test_add_func ("/curve-plot/model/log-y", test_log_y_model);
  g_test_add_func ("/curve-plot/export/csv", test_csv);
  g_test_add_func ("/curve-plot/export/images", test_export);
  g_test_add_func ("/curve-plot/draw/empty-states", test_empty_states);
}
