/* mw-curve-plot.c: the live training-curve chart: the GObject, its
 * properties and their public accessors. The other concerns live beside it
 * (mw-curve-plot-private.h lists them). */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mw-curve-plot-private.h"

G_DEFINE_FINAL_TYPE (MwCurvePlot, mw_curve_plot, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (MwCurvePlotXAxis, mw_curve_plot_x_axis,
  G_DEFINE_ENUM_VALUE (MW_CURVE_PLOT_X_ITERATIONS, "iterations"),
  G_DEFINE_ENUM_VALUE (MW_CURVE_PLOT_X_TASKS, "tasks"),
  G_DEFINE_ENUM_VALUE (MW_CURVE_PLOT_X_SECONDS, "seconds"))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_X_LABEL,
  PROP_Y_LABEL,
  PROP_X_AXIS,
  PROP_LOG_Y,
  PROP_SMOOTHING,
  PROP_SHOW_BANDS,
  PROP_AUTO_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_view_actions (MwCurvePlot *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-view", self->manual_view);
}

void
mw_curve_plot_set_auto_view (MwCurvePlot *self,
                             gboolean     automatic)
{
  if (self->manual_view == !automatic)
    return;

  self->manual_view = !automatic;
  update_view_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_VIEW]);
}

void
mw_curve_plot_update_accessible (MwCurvePlot *self)
{
  g_autoptr(GString) description = g_string_new (NULL);
  const char *label = self->title != NULL && self->title[0] != '\0' ? self->title : _("Training curves");

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      if (!series->visible)
        continue;
      if (description->len > 0)
        g_string_append (description, ", ");
      g_string_append (description, series->name);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description->len > 0 ? description->str : _("No data yet"),
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* --- GObject and GtkWidget ----------------------------------------------- */

static void
mw_curve_plot_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  mw_curve_plot_draw (MW_CURVE_PLOT (widget), cr, width, height);
  cairo_destroy (cr);
}

/* The plot area a chart keeps however many rows its legend takes. */
#define MIN_PLOT_AREA_HEIGHT 110
#define MIN_CHART_HEIGHT 150

static GtkSizeRequestMode
mw_curve_plot_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
mw_curve_plot_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  /* Two charts side by side (Inspect's Adaptation page) beside the sidebar
   * still fit a 1024-pixel screen. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 640;
      return;
    }

  /* Two stacked charts under four rows of the run list fit a 700-pixel-high
   * screen. */
  *minimum = MIN_CHART_HEIGHT;
  *natural = 400;
  /* At a known width: the chart laid out that short, where a crowded legend
   * has given up what lines it can (mw-curve-plot-layout.c), must still
   * leave its curves a readable plot area; a legend of many runs on a
   * narrow chart asks for more height rather than squash them. */
  if (for_size > 0)
    {
      /* The layout clamps a plot area that has no room to a pixel, and a
       * taller chart may keep more of its legend: grow until it holds. */
      for (int attempt = 0; attempt < 4; attempt++)
        {
          Layout layout;
          double plot_h;

          mw_curve_plot_widget_layout_at (MW_CURVE_PLOT (widget), for_size, *minimum, &layout);
          plot_h = layout.bottom - layout.top;
          mw_curve_layout_clear (&layout);
          if (plot_h >= MIN_PLOT_AREA_HEIGHT)
            break;
          *minimum += (int) ceil (MIN_PLOT_AREA_HEIGHT - plot_h);
        }
      *natural = MAX (*natural, *minimum);
    }
}

/* A theme switch (dark mode) changes the text colour and the palette. */
static void
mw_curve_plot_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (mw_curve_plot_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
mw_curve_plot_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MwCurvePlot *self = MW_CURVE_PLOT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_X_LABEL:
      g_value_set_string (value, self->x_label);
      break;
    case PROP_Y_LABEL:
      g_value_set_string (value, self->y_label);
      break;
    case PROP_X_AXIS:
      g_value_set_enum (value, self->x_axis);
      break;
    case PROP_LOG_Y:
      g_value_set_boolean (value, self->log_y);
      break;
    case PROP_SMOOTHING:
      g_value_set_double (value, self->smoothing);
      break;
    case PROP_SHOW_BANDS:
      g_value_set_boolean (value, self->show_bands);
      break;
    case PROP_AUTO_VIEW:
      g_value_set_boolean (value, !self->manual_view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_curve_plot_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MwCurvePlot *self = MW_CURVE_PLOT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      mw_curve_plot_set_title (self, g_value_get_string (value));
      break;
    case PROP_X_LABEL:
      mw_curve_plot_set_x_label (self, g_value_get_string (value));
      break;
    case PROP_Y_LABEL:
      mw_curve_plot_set_y_label (self, g_value_get_string (value));
      break;
    case PROP_X_AXIS:
      mw_curve_plot_set_x_axis (self, g_value_get_enum (value));
      break;
    case PROP_LOG_Y:
      mw_curve_plot_set_log_y (self, g_value_get_boolean (value));
      break;
    case PROP_SMOOTHING:
      mw_curve_plot_set_smoothing (self, g_value_get_double (value));
      break;
    case PROP_SHOW_BANDS:
      mw_curve_plot_set_show_bands (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The context menu is a child: it is placed with the plot, and goes with it. */
static void
mw_curve_plot_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  mw_curve_plot_menu_allocate (MW_CURVE_PLOT (widget));
}

static void
mw_curve_plot_dispose (GObject *object)
{
  mw_curve_plot_menu_dispose (MW_CURVE_PLOT (object));

  G_OBJECT_CLASS (mw_curve_plot_parent_class)->dispose (object);
}

static void
mw_curve_plot_finalize (GObject *object)
{
  MwCurvePlot *self = MW_CURVE_PLOT (object);

  g_ptr_array_unref (self->series);
  g_free (self->export_name);
  g_free (self->title);
  g_free (self->x_label);
  g_free (self->y_label);
  mw_curve_plot_axes_finalize (self);
  g_array_unref (self->scratch_line);
  g_array_unref (self->scratch_band);
  g_array_unref (self->scratch_clip);
  g_array_unref (self->scratch_columns);

  G_OBJECT_CLASS (mw_curve_plot_parent_class)->finalize (object);
}

static void
mw_curve_plot_class_init (MwCurvePlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mw_curve_plot_get_property;
  object_class->set_property = mw_curve_plot_set_property;
  object_class->dispose = mw_curve_plot_dispose;
  object_class->finalize = mw_curve_plot_finalize;
  mw_curve_plot_axes_class_init (object_class);

  widget_class->snapshot = mw_curve_plot_snapshot;
  widget_class->size_allocate = mw_curve_plot_size_allocate;
  widget_class->get_request_mode = mw_curve_plot_get_request_mode;
  widget_class->measure = mw_curve_plot_measure;
  widget_class->css_changed = mw_curve_plot_css_changed;

  /**
   * MwCurvePlot:title:
   *
   * The chart title, also its accessible label.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:x-label:
   *
   * The x axis label; %NULL names the #MwCurvePlot:x-axis mode.
   */
  properties[PROP_X_LABEL] =
    g_param_spec_string ("x-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:y-label:
   *
   * The y axis label, the metric's name.
   */
  properties[PROP_Y_LABEL] =
    g_param_spec_string ("y-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:x-axis:
   *
   * Which of each point's x coordinates the x axis shows.
   */
  properties[PROP_X_AXIS] =
    g_param_spec_enum ("x-axis", NULL, NULL,
                       MW_TYPE_CURVE_PLOT_X_AXIS, MW_CURVE_PLOT_X_ITERATIONS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:log-y:
   *
   * Whether the y axis is logarithmic.
   */
  properties[PROP_LOG_Y] =
    g_param_spec_boolean ("log-y", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:smoothing:
   *
   * EMA smoothing weight, 0 (none) to 0.999.
   */
  properties[PROP_SMOOTHING] =
    g_param_spec_double ("smoothing", NULL, NULL, 0.0, 0.999, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:show-bands:
   *
   * Whether confidence bands are drawn.
   */
  properties[PROP_SHOW_BANDS] =
    g_param_spec_boolean ("show-bands", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:auto-view:
   *
   * %TRUE while the view fits the data by itself; %FALSE once zoomed or
   * panned, until the view is reset. For the sensitivity of a "Reset View"
   * button outside the plot.
   */
  properties[PROP_AUTO_VIEW] =
    g_param_spec_boolean ("auto-view", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  mw_curve_plot_input_class_init (widget_class);
  mw_curve_plot_menu_class_init (widget_class);

  gtk_widget_class_set_css_name (widget_class, "curveplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mw_curve_plot_init (MwCurvePlot *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  self->series = g_ptr_array_new_with_free_func (mw_curve_series_free);
  self->show_bands = TRUE;
  self->scratch_line = g_array_new (FALSE, FALSE, sizeof (MwPlotPoint));
  self->scratch_band = g_array_new (FALSE, FALSE, sizeof (MwPlotBandPoint));
  self->scratch_clip = g_array_new (FALSE, FALSE, sizeof (MwPlotBandPoint));
  self->scratch_columns = g_array_new (FALSE, FALSE, sizeof (Column));
  mw_curve_plot_axes_init (self);

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_cursor_from_name (widget, "crosshair");
  /* The theme's canvas background (white, or dark grey in dark mode). */
  gtk_widget_add_css_class (widget, "view");

  /* The menu's secondary-button gesture before the primary one, so that
   * the primary click stays the first GtkGestureClick in the observed list
   * of controllers (the newest come first), which the gesture tests drive. */
  mw_curve_plot_menu_init (self);
  mw_curve_plot_input_init (self);

  update_view_actions (self);
  mw_curve_plot_update_accessible (self);
}

/* --- public API: properties --------------------------------------------- */

GtkWidget *
mw_curve_plot_new (void)
{
  return g_object_new (MW_TYPE_CURVE_PLOT, NULL);
}

void
mw_curve_plot_set_title (MwCurvePlot *self,
                         const char  *title)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (!set_string (&self->title, title))
    return;

  mw_curve_plot_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
mw_curve_plot_get_title (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  return self->title;
}

void
mw_curve_plot_set_y_label (MwCurvePlot *self,
                           const char  *label)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (!set_string (&self->y_label, label))
    return;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y_LABEL]);
}

const char *
mw_curve_plot_get_y_label (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  return self->y_label;
}

void
mw_curve_plot_set_export_name (MwCurvePlot *self,
                               const char  *name)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  set_string (&self->export_name, name);
}

const char *
mw_curve_plot_get_export_name (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  return self->export_name;
}

void
mw_curve_plot_set_x_label (MwCurvePlot *self,
                           const char  *label)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (!set_string (&self->x_label, label))
    return;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_LABEL]);
}

const char *
mw_curve_plot_get_x_label (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  return self->x_label;
}

void
mw_curve_plot_set_x_axis (MwCurvePlot      *self,
                          MwCurvePlotXAxis  x_axis)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (x_axis >= MW_CURVE_PLOT_X_ITERATIONS && x_axis <= MW_CURVE_PLOT_X_SECONDS);

  if (self->x_axis == x_axis)
    return;

  self->x_axis = x_axis;
  /* The old x range is in other units. */
  mw_curve_plot_set_auto_view (self, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_AXIS]);
}

MwCurvePlotXAxis
mw_curve_plot_get_x_axis (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), MW_CURVE_PLOT_X_ITERATIONS);

  return self->x_axis;
}

void
mw_curve_plot_set_log_y (MwCurvePlot *self,
                         gboolean     log_y)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  log_y = !!log_y;
  if (self->log_y == log_y)
    return;

  /* Keep a zoomed view where it can be carried over: the y range converts
   * between the axes when it is all positive. */
  if (self->manual_view)
    {
      if (log_y && self->view_t0 > 0)
        {
          self->view_t0 = log10 (self->view_t0);
          self->view_t1 = log10 (self->view_t1);
        }
      else if (!log_y)
        {
          self->view_t0 = pow (10.0, self->view_t0);
          self->view_t1 = pow (10.0, self->view_t1);
        }
      else
        mw_curve_plot_set_auto_view (self, TRUE);
    }

  self->log_y = log_y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_Y]);
}

gboolean
mw_curve_plot_get_log_y (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  return self->log_y;
}

void
mw_curve_plot_set_smoothing (MwCurvePlot *self,
                             double       smoothing)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (isnan (smoothing))
    smoothing = 0;
  smoothing = CLAMP (smoothing, 0.0, 0.999);
  if (self->smoothing == smoothing)
    return;

  self->smoothing = smoothing;
  /* O(points) once per change of the slider, never per frame. */
  for (guint i = 0; i < self->series->len; i++)
    mw_curve_series_resmooth (g_ptr_array_index (self->series, i), smoothing);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMOOTHING]);
}

double
mw_curve_plot_get_smoothing (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), 0);

  return self->smoothing;
}

void
mw_curve_plot_set_show_bands (MwCurvePlot *self,
                              gboolean     show_bands)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  show_bands = !!show_bands;
  if (self->show_bands == show_bands)
    return;

  self->show_bands = show_bands;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_BANDS]);
}

gboolean
mw_curve_plot_get_show_bands (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  return self->show_bands;
}
