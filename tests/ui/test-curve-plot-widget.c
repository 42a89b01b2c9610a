/* test-curve-plot-widget.c: MwCurvePlot in a window (screenshots, zoom,
 * gestures, dark theme) and the time one draw of 5 × 100,000 points takes. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "curve-plot-test.h"

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

/* The readout's text for the middle of three points: counts as whole
 * numbers, seconds as a clock reads them, percentages to a tenth, other
 * values to four significant digits. */
static void
test_widget_hover_text (void)
{
  static const MwCurvePoint points[] = {
    { .iteration = 0, .tasks = 0, .seconds = 0, .y = 20, .y_lo = 18, .y_hi = 22 },
    { .iteration = 150, .tasks = 1200, .seconds = 95.58692,
      .y = 95.58692, .y_lo = 93.1234, .y_hi = 98.0504 },
    { .iteration = 300, .tasks = 2400, .seconds = 3725.4, .y = 96, .y_lo = 95, .y_hi = 97 },
  };
  Fixture fixture;
  g_autofree char *text = NULL, *expected = NULL, *header = NULL;
  gsize index;
  int width, height;

  fixture_open (&fixture, 960, 600);
  mw_curve_plot_set_y_label (fixture.plot, localized ("Accuracy (%)", "准确率（%）"));
  mw_curve_plot_add_series (fixture.plot, "maml", "MAML", NULL);
  mw_curve_plot_append_points (fixture.plot, "maml", points, G_N_ELEMENTS (points));
  mw_test_wait_for_frames (GTK_WIDGET (fixture.plot));
  width = gtk_widget_get_width (GTK_WIDGET (fixture.plot));
  height = gtk_widget_get_height (GTK_WIDGET (fixture.plot));

  g_assert_null (mw_curve_plot_get_hover_text (fixture.plot));
  mw_curve_plot_set_hover (fixture.plot, width * 0.5, height * 0.5);
  g_assert_true (mw_curve_plot_get_hover_index (fixture.plot, "maml", &index));
  g_assert_cmpuint (index, ==, 1);

  /* Meta-iterations; accuracy in percent, with its interval. */
  header = g_strdup_printf (_("Meta-iteration %s"), "150");
  {
    g_autofree char *value = g_strdup_printf (_("%s%%"), "95.6");
    g_autofree char *lo = g_strdup_printf (_("%s%%"), "93.1");
    g_autofree char *hi = g_strdup_printf (_("%s%%"), "98.1");

    expected = g_strdup_printf ("%s\nMAML\t%s\t[%s, %s]", header, value, lo, hi);
  }
  text = mw_curve_plot_get_hover_text (fixture.plot);
  g_assert_cmpstr (text, ==, expected);
  mw_test_save_screenshot (GTK_WIDGET (fixture.plot), "curve-plot-hover-text");

  /* Tasks seen, a whole number. */
  g_clear_pointer (&header, g_free);
  g_clear_pointer (&text, g_free);
  mw_curve_plot_set_x_axis (fixture.plot, MW_CURVE_PLOT_X_TASKS);
  header = g_strdup_printf (_("%s tasks seen"), "1200");
  text = mw_curve_plot_get_hover_text (fixture.plot);
  g_assert_true (g_str_has_prefix (text, header));

  /* Seconds: a clock's minutes and seconds. */
  g_clear_pointer (&text, g_free);
  mw_curve_plot_set_x_axis (fixture.plot, MW_CURVE_PLOT_X_SECONDS);
  text = mw_curve_plot_get_hover_text (fixture.plot);
  g_assert_true (g_str_has_prefix (text, "1:35\n"));

  /* A chart of its own x axis names it; a loss has four significant digits. */
  g_clear_pointer (&header, g_free);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&expected, g_free);
  mw_curve_plot_set_x_axis (fixture.plot, MW_CURVE_PLOT_X_ITERATIONS);
  mw_curve_plot_set_x_label (fixture.plot, localized ("Adaptation steps", "适应步数"));
  mw_curve_plot_set_y_label (fixture.plot, localized ("Loss", "损失"));
  header = g_strdup_printf (_("%s: %s"), localized ("Adaptation steps", "适应步数"), "150");
  expected = g_strdup_printf ("%s\nMAML\t95.59\t[93.12, 98.05]", header);
  text = mw_curve_plot_get_hover_text (fixture.plot);
  g_assert_cmpstr (text, ==, expected);

  mw_curve_plot_unset_hover (fixture.plot);
  g_assert_null (mw_curve_plot_get_hover_text (fixture.plot));
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

/* A value of a tick label: "−0.5" has a real minus sign. */
static double
tick_value (const char *label)
{
  g_autofree char *ascii = NULL;

  if (g_str_has_prefix (label, "\u2212"))
    ascii = g_strconcat ("-", label + strlen ("\u2212"), NULL);
  else
    ascii = g_strdup (label);
  return g_ascii_strtod (ascii, NULL);
}

/* A validation curve between 0.13 and 0.31 and five runs whose legend wraps:
 * the plot area of a short chart is then a few lines high. */
static void
add_narrow_runs (MwCurvePlot *plot)
{
  static const char *const names[] = {
    "MAML 5-way 1-shot", "Reptile 5-way 1-shot", "ProtoNet 5-way 1-shot",
    "MAML 5-way 5-shot", "Meta-SGD 5-way 1-shot",
  };

  for (guint r = 0; r < G_N_ELEMENTS (names); r++)
    {
      g_autofree char *id = g_strdup_printf ("run-%u", r);
      MwCurvePoint points[60];

      for (guint i = 0; i < G_N_ELEMENTS (points); i++)
        {
          double y = 0.13 + 0.18 * (0.2 * r + 0.8 * exp (-(double) i / 15)) / 1.8;

          points[i] = (MwCurvePoint) { 10.0 * (i + 1), 40.0 * (i + 1), 0.5 * (i + 1), y, NAN, NAN };
        }
      g_assert_true (mw_curve_plot_add_series (plot, id, names[r], NULL));
      mw_curve_plot_append_points (plot, id, points, G_N_ELEMENTS (points));
    }
}

/* Every y axis labels three values at least, with a 1, 2 or 5 step, far
 * enough apart that the labels do not touch, from the shortest chart the
 * plot allows up; the title of the y axis stays inside the chart, beside
 * the plot area when it fits there and above it when it does not. */
static void
test_widget_readable_axes (void)
{
  static const int heights[] = { 200, 230, 280, 400, 640 };

  for (guint h = 0; h < G_N_ELEMENTS (heights); h++)
    {
      Fixture fixture;
      g_auto(GStrv) labels = NULL;
      g_autofree double *positions = NULL;
      graphene_rect_t area, label_box;
      double step;
      guint n, n_positions;
      int min_height;

      /* As wide as a chart beside the form in a 1024-pixel window. */
      fixture_open (&fixture, 660, heights[h]);
      mw_curve_plot_set_title (fixture.plot, localized ("Meta-validation MSE", "元验证均方误差"));
      mw_curve_plot_set_y_label (fixture.plot, localized ("Mean squared error", "均方误差"));
      add_narrow_runs (fixture.plot);
      mw_test_wait_for_frames (GTK_WIDGET (fixture.plot));
      /* Five runs' legend asks for some height: the shortest chart is the
       * one the plot allows, kept compact. */
      gtk_widget_measure (GTK_WIDGET (fixture.plot), GTK_ORIENTATION_VERTICAL, 660,
                          &min_height, NULL, NULL, NULL);
      g_assert_cmpint (min_height, <=, 280);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (fixture.plot)), ==, MAX (heights[h], min_height));
      if (h == 0)
        {
          g_autoptr(GdkTexture) texture = save_screenshot (GTK_WIDGET (fixture.plot), "curve-plot-short");
        }

      labels = mw_curve_plot_dup_y_tick_labels (fixture.plot);
      n = g_strv_length (labels);
      positions = mw_curve_plot_dup_y_tick_positions (fixture.plot, &n_positions);
      mw_curve_plot_get_plot_area (fixture.plot, &area);
      g_test_message ("%d px high: plot area %.0f px, %u y ticks from %s to %s", heights[h],
                      area.size.height, n, labels[0], n > 0 ? labels[n - 1] : "");
      g_assert_cmpuint (n, >=, 3);
      step = tick_value (labels[1]) - tick_value (labels[0]);
      g_assert_cmpfloat_with_epsilon (step, mw_plot_nice_step (step * (1 - 1e-7), 1), step * 1e-6);
      /* A label's line is about 13 pixels: centred on ticks this far apart,
       * neighbours keep clear of each other. */
      g_assert_cmpuint (n_positions, ==, n);
      for (guint i = 0; i < n; i++)
        {
          g_assert_cmpfloat (positions[i], >=, area.origin.y - 0.5);
          g_assert_cmpfloat (positions[i], <=, area.origin.y + area.size.height + 0.5);
          if (i > 0)
            g_assert_cmpfloat (positions[i - 1] - positions[i], >=, 14);
        }

      g_assert_true (mw_curve_plot_get_y_label_box (fixture.plot, &label_box));
      g_assert_cmpfloat (label_box.origin.y, >=, 0);
      g_assert_cmpfloat (label_box.origin.x, >=, 0);
      g_assert_cmpfloat (label_box.origin.y + label_box.size.height, <=, area.origin.y + area.size.height);
      g_assert_cmpfloat (label_box.origin.x + label_box.size.width, <=, 660);
      if (label_box.size.height > label_box.size.width)
        {
          /* Standing beside the plot area: within its height. */
          g_assert_cmpfloat (label_box.origin.y, >=, area.origin.y);
          g_assert_cmpfloat (label_box.origin.x + label_box.size.width, <=, area.origin.x);
        }
      else
        /* Lying above it. */
        g_assert_cmpfloat (label_box.origin.y + label_box.size.height, <=, area.origin.y);

      fixture_close (&fixture);
    }
}

/* A reference line (the chance level) is drawn dashed, labelled, and kept
 * in the automatic view even below every curve. */
static void
test_widget_reference_line (void)
{
  Fixture fixture;
  g_autoptr(GdkTexture) texture = NULL;
  double y0, y1, y;

  MwCurvePoint points[40];

  fixture_open (&fixture, 640, 300);
  mw_curve_plot_set_y_label (fixture.plot, localized ("Accuracy (%)", "准确率（%）"));
  g_assert_true (mw_curve_plot_add_series (fixture.plot, "maml", "MAML", NULL));
  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    points[i] = (MwCurvePoint) { 10.0 * (i + 1), 40.0 * (i + 1), 0.5 * (i + 1),
                                 90 - 40 * exp (-(double) i / 8), NAN, NAN };
  mw_curve_plot_append_points (fixture.plot, "maml", points, G_N_ELEMENTS (points));
  g_assert_true (mw_curve_plot_get_view (fixture.plot, NULL, NULL, &y0, &y1));
  g_assert_cmpfloat (y0, >, 20);

  mw_curve_plot_add_reference_line (fixture.plot, 20, localized ("Chance 20%", "随机猜测 20%"));
  g_assert_cmpuint (mw_curve_plot_get_n_reference_lines (fixture.plot), ==, 1);
  g_assert_nonnull (mw_curve_plot_get_reference_line (fixture.plot, 0, &y));
  g_assert_cmpfloat (y, ==, 20);
  g_assert_true (mw_curve_plot_get_view (fixture.plot, NULL, NULL, &y0, &y1));
  g_assert_cmpfloat (y0, <, 20);
  mw_test_wait_for_frames (GTK_WIDGET (fixture.plot));
  texture = save_screenshot (GTK_WIDGET (fixture.plot), "curve-plot-chance-line");

  mw_curve_plot_clear_reference_lines (fixture.plot);
  g_assert_cmpuint (mw_curve_plot_get_n_reference_lines (fixture.plot), ==, 0);
  fixture_close (&fixture);
}

void
curve_plot_add_widget_tests (void)
{
  g_test_add_func ("/curve-plot/widget/accessible", test_widget_accessible);
  g_test_add_func ("/curve-plot/widget/screenshot", test_widget_screenshot);
  g_test_add_func ("/curve-plot/widget/hover-text", test_widget_hover_text);
  g_test_add_func ("/curve-plot/widget/log-y", test_widget_log_y);
  g_test_add_func ("/curve-plot/widget/smoothed", test_widget_smoothed);
  g_test_add_func ("/curve-plot/widget/zoom", test_widget_zoom);
  g_test_add_func ("/curve-plot/widget/gestures", test_widget_gestures);
  g_test_add_func ("/curve-plot/widget/empty", test_widget_empty);
  g_test_add_func ("/curve-plot/widget/readable-axes", test_widget_readable_axes);
  g_test_add_func ("/curve-plot/widget/reference-line", test_widget_reference_line);
  g_test_add_func ("/curve-plot/widget/dark", test_widget_dark);
  g_test_add_func ("/curve-plot/perf/draw-5x100k", test_draw_time);
}
