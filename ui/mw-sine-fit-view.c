/* mw-sine-fit-view.c: ground truth, support points and the adapted fits. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "mw-sine-fit-view.h"

struct _MwSineFitView
{
  MwInspectView parent_instance;

  gboolean baseline;
  int step;
};

G_DEFINE_FINAL_TYPE (MwSineFitView, mw_sine_fit_view, MW_TYPE_INSPECT_VIEW)

enum {
  PROP_0,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static MwSineInspection *
shown_inspection (MwSineFitView *self)
{
  return mw_inspect_view_get_inspection (MW_INSPECT_VIEW (self));
}

const MwSineFit *
mw_sine_fit_view_get_fit (MwSineFitView *self)
{
  MwSineInspection *r;

  g_return_val_if_fail (MW_IS_SINE_FIT_VIEW (self), NULL);

  r = shown_inspection (self);
  if (r == NULL)
    return NULL;
  if (self->baseline)
    return r->has_baseline ? &r->baseline : NULL;
  return &r->fit;
}

static int
shown_step (MwSineFitView *self)
{
  const MwSineFit *fit = mw_sine_fit_view_get_fit (self);
  int s;

  if (fit == NULL)
    return 0;
  s = CLAMP (self->step, 0, fit->steps);
  while (s > 0 && !fit->measured[s])
    s--;
  return s;
}

double
mw_sine_fit_view_get_mse (MwSineFitView *self)
{
  const MwSineFit *fit = mw_sine_fit_view_get_fit (self);

  return fit != NULL ? fit->mse[shown_step (self)] : NAN;
}

static void
curve (cairo_t           *cr,
       const MwPlotFrame *frame,
       const float       *x,
       const float       *y,
       int                n)
{
  gboolean open = FALSE;

  for (int i = 0; i < n; i++)
    {
      double px = mw_plot_frame_x (frame, x[i]);
      double py = mw_plot_frame_y (frame, CLAMP (y[i], frame->y0 - 100, frame->y1 + 100));

      if (!isfinite (y[i]))
        {
          open = FALSE;
          continue;
        }
      if (open)
        cairo_line_to (cr, px, py);
      else
        cairo_move_to (cr, px, py);
      open = TRUE;
    }
  cairo_stroke (cr);
}

static void
legend_entry (GtkWidget     *widget,
              cairo_t       *cr,
              const GdkRGBA *color,
              const GdkRGBA *fg,
              double         alpha,
              gboolean       dashed,
              gboolean       dot,
              const char    *text,
              double         x,
              double         y)
{
  mw_plot_set_color (cr, color, alpha);
  if (dot)
    {
      cairo_arc (cr, x + 10, y, 4, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  else
    {
      double dash[] = { 5, 3 };

      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dash, dashed ? 2 : 0, 0);
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + 20, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  mw_plot_set_color (cr, fg, 0.85);
  mw_plot_frame_text (widget, cr, text, x + 26, y, 0, 0.5, FALSE);
}

static void
mw_sine_fit_view_draw (MwInspectView *view,
                       cairo_t       *cr,
                       int            width,
                       int            height)
{
  MwSineFitView *self = MW_SINE_FIT_VIEW (view);
  GtkWidget *widget = GTK_WIDGET (self);
  const MwSineFit *fit = mw_sine_fit_view_get_fit (self);
  const char *title;
  g_autofree char *full_title = NULL;
  g_autofree char *after = NULL;
  MwPlotFrame frame;
  GdkRGBA truth_color, fit_color, before_color, point_color;
  double ymax, dash[] = { 5, 3 };
  int step = shown_step (self);

  if (fit == NULL)
    {
      mw_plot_frame_init (&frame, widget, width, height, -5, 5, -5, 5);
      mw_plot_frame_draw (&frame, widget, cr, NULL, "x", "y", TRUE);
      mw_inspect_view_draw_message (view, cr, &frame,
                                    self->baseline ? _("No baseline for this run") : _("No sine fit yet"));
      return;
    }

  /* Room for the largest amplitude (5) and a bad first guess. */
  ymax = MAX (fit->amplitude * 1.4, 2.0);
  mw_plot_frame_init (&frame, widget, width, height, -5, 5, -ymax, ymax);
  title = self->baseline ? shown_inspection (self)->baseline_title : shown_inspection (self)->title;
  full_title = g_strdup_printf (_("%s · MSE %.3f"), title, fit->mse[step]);
  mw_plot_frame_draw (&frame, widget, cr, full_title, "x", "y", TRUE);

  mw_plot_class_color (3, &truth_color);
  mw_plot_class_color (self->baseline ? 1 : 0, &fit_color);
  before_color = frame.fg;
  point_color = frame.fg;
  truth_color = frame.fg;
  mw_plot_class_color (2, &point_color);

  cairo_save (cr);
  cairo_rectangle (cr, frame.left, frame.top, frame.width, frame.height);
  cairo_clip (cr);

  /* Ground truth. */
  cairo_set_line_width (cr, 2);
  mw_plot_set_color (cr, &truth_color, 0.55);
  curve (cr, &frame, fit->grid_x, fit->truth, fit->n_grid);

  /* Before adaptation, dashed. */
  cairo_set_dash (cr, dash, 2, 0);
  cairo_set_line_width (cr, 1.5);
  mw_plot_set_color (cr, &before_color, 0.45);
  curve (cr, &frame, fit->grid_x, fit->fit[0], fit->n_grid);
  cairo_set_dash (cr, NULL, 0, 0);

  /* Intermediate steps faint, the chosen one strong. */
  for (int s = 1; s < step; s++)
    if (fit->measured[s])
      {
        cairo_set_line_width (cr, 1);
        mw_plot_set_color (cr, &fit_color, 0.15 + 0.3 * s / step);
        curve (cr, &frame, fit->grid_x, fit->fit[s], fit->n_grid);
      }
  if (step > 0)
    {
      cairo_set_line_width (cr, 2.5);
      mw_plot_set_color (cr, &fit_color, 1);
      curve (cr, &frame, fit->grid_x, fit->fit[step], fit->n_grid);
    }

  for (int i = 0; i < fit->shots; i++)
    {
      mw_plot_set_color (cr, &point_color, 1);
      cairo_arc (cr, mw_plot_frame_x (&frame, fit->support_x[i]),
                 mw_plot_frame_y (&frame, fit->support_y[i]), 5, 0, 2 * G_PI);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  /* Legend, bottom left inside the plot. */
  {
    double lx = frame.left + 10, ly = frame.top + frame.height - 74;
    g_autofree char *points = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d support point",
                                                            "%d support points", fit->shots),
                                               fit->shots);

    after = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "After %d step", "After %d steps", step), step);
    legend_entry (widget, cr, &truth_color, &frame.fg, 0.55, FALSE, FALSE, _("Ground truth"), lx, ly);
    legend_entry (widget, cr, &before_color, &frame.fg, 0.45, TRUE, FALSE, _("Before adaptation"), lx, ly + 18);
    if (step > 0)
      legend_entry (widget, cr, &fit_color, &frame.fg, 1, FALSE, FALSE, after, lx, ly + 36);
    legend_entry (widget, cr, &point_color, &frame.fg, 1, FALSE, TRUE, points, lx, ly + 54);
  }
}

void
mw_sine_fit_view_set_inspection (MwSineFitView    *self,
                                 MwSineInspection *inspection,
                                 gboolean          baseline)
{
  g_return_if_fail (MW_IS_SINE_FIT_VIEW (self));

  self->baseline = !!baseline;
  mw_inspect_view_set_inspection (MW_INSPECT_VIEW (self), inspection);
}

void
mw_sine_fit_view_set_step (MwSineFitView *self,
                           int            step)
{
  g_return_if_fail (MW_IS_SINE_FIT_VIEW (self));

  step = MAX (step, 0);
  if (self->step == step)
    return;
  self->step = step;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

int
mw_sine_fit_view_get_step (MwSineFitView *self)
{
  g_return_val_if_fail (MW_IS_SINE_FIT_VIEW (self), 0);

  return shown_step (self);
}

static void
mw_sine_fit_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_int (value, MW_SINE_FIT_VIEW (object)->step);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_sine_fit_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STEP:
      mw_sine_fit_view_set_step (MW_SINE_FIT_VIEW (object), g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_sine_fit_view_class_init (MwSineFitViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MwInspectViewClass *view_class = MW_INSPECT_VIEW_CLASS (klass);

  object_class->get_property = mw_sine_fit_view_get_property;
  object_class->set_property = mw_sine_fit_view_set_property;
  view_class->draw = mw_sine_fit_view_draw;
  mw_inspect_view_class_set_inspection_kind (view_class, &mw_sine_inspection_kind);
  mw_inspect_view_class_set_size (view_class, 240, 480, 200, 360);

  properties[PROP_STEP] =
    g_param_spec_int ("step", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mw_sine_fit_view_init (MwSineFitView *self)
{
}

GtkWidget *
mw_sine_fit_view_new (void)
{
  return g_object_new (MW_TYPE_SINE_FIT_VIEW, NULL);
}
