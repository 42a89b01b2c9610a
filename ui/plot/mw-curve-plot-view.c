/* mw-curve-plot-view.c: the data ranges MwCurvePlot shows: the automatic
 * view, which fits every visible series and follows new points, or a fixed
 * one that zooming and panning leave behind. */

#include "config.h"

#include "mw-curve-plot-private.h"

/* Pads a degenerate range (one point, a flat line) so it has some height. */
static void
widen (double *lo,
       double *hi,
       double  fraction,
       double  minimum)
{
  double span = *hi - *lo;
  double pad;

  if (span > 0)
    pad = span * fraction;
  else
    pad = MAX (fabs (*hi) * 0.1, minimum);

  *lo -= pad;
  *hi += pad;
}

static gboolean
auto_view (MwCurvePlot *self,
           double      *x0,
           double      *x1,
           double      *t0,
           double      *t1)
{
  double xmin = INFINITY, xmax = -INFINITY;
  double ymin = INFINITY, ymax = -INFINITY;
  gboolean bands = self->show_bands;
  MwCurvePlotXAxis a = self->x_axis;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      if (!mw_curve_plot_series_drawable (self, series))
        continue;

      xmin = MIN (xmin, series->x_min[a]);
      xmax = MAX (xmax, series->x_max[a]);

      /* Smoothing is there to see the trend through the noise: fit the
       * smoothed curves and let the faint raw spikes run off the plot,
       * as TensorBoard does by ignoring outliers. */
      if (self->smoothing > 0 &&
          (self->log_y ? series->smooth_min_positive < INFINITY
                       : series->smooth_min <= series->smooth_max))
        {
          ymin = MIN (ymin, self->log_y ? series->smooth_min_positive : series->smooth_min);
          ymax = MAX (ymax, series->smooth_max);
        }
      else if (self->log_y)
        {
          ymin = MIN (ymin, series->y_min_positive);
          ymax = MAX (ymax, series->y_max);
        }
      else
        {
          ymin = MIN (ymin, series->y_min);
          ymax = MAX (ymax, series->y_max);
        }

      if (bands && series->has_band && !self->log_y)
        {
          ymin = MIN (ymin, series->band_min);
          ymax = MAX (ymax, series->band_max);
        }
      else if (bands && series->has_band && series->band_max > 0)
        {
          ymin = MIN (ymin, series->band_min_positive);
          ymax = MAX (ymax, series->band_max);
        }
    }

  if (!(xmin <= xmax) || !(ymin <= ymax))
    return FALSE;
  mw_curve_plot_axes_widen_view (self, &xmin, &xmax, &ymin, &ymax);

  /* Training curves start at x = 0 and grow: no padding in x, so the curve
   * touches the right edge while it is live. */
  if (xmax == xmin)
    widen (&xmin, &xmax, 0, 1);

  ymin = axis_t (self->log_y, ymin);
  ymax = axis_t (self->log_y, ymax);
  widen (&ymin, &ymax, 0.05, self->log_y ? 0.1 : 1);

  *x0 = xmin, *x1 = xmax, *t0 = ymin, *t1 = ymax;
  return TRUE;
}

gboolean
mw_curve_plot_current_view (MwCurvePlot *self,
                            double      *x0,
                            double      *x1,
                            double      *t0,
                            double      *t1)
{
  if (self->manual_view)
    {
      *x0 = self->view_x0, *x1 = self->view_x1;
      *t0 = self->view_t0, *t1 = self->view_t1;
      return TRUE;
    }

  return auto_view (self, x0, x1, t0, t1);
}

static gboolean
sane_range (double lo,
            double hi)
{
  double span = hi - lo;
  double scale = MAX (fabs (lo), fabs (hi));

  return isfinite (lo) && isfinite (hi) && span > 0 && isfinite (span) &&
         span > scale * 1e-12 && span > 1e-300;
}

void
mw_curve_plot_set_manual_view (MwCurvePlot *self,
                               double       x0,
                               double       x1,
                               double       t0,
                               double       t1)
{
  /* Refuse zooming past what doubles can tell apart. */
  if (!sane_range (x0, x1) || !sane_range (t0, t1))
    return;

  self->view_x0 = x0, self->view_x1 = x1;
  self->view_t0 = t0, self->view_t1 = t1;
  mw_curve_plot_set_auto_view (self, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* --- public API: view --------------------------------------------------- */

void
mw_curve_plot_reset_view (MwCurvePlot *self)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  mw_curve_plot_set_auto_view (self, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
mw_curve_plot_get_auto_view (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), TRUE);

  return !self->manual_view;
}

gboolean
mw_curve_plot_get_view (MwCurvePlot *self,
                        double      *x_min,
                        double      *x_max,
                        double      *y_min,
                        double      *y_max)
{
  double x0, x1, t0, t1;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  if (!mw_curve_plot_current_view (self, &x0, &x1, &t0, &t1))
    return FALSE;

  if (x_min != NULL)
    *x_min = x0;
  if (x_max != NULL)
    *x_max = x1;
  if (y_min != NULL)
    *y_min = axis_y (self->log_y, t0);
  if (y_max != NULL)
    *y_max = axis_y (self->log_y, t1);

  return TRUE;
}

void
mw_curve_plot_set_view (MwCurvePlot *self,
                        double       x_min,
                        double       x_max,
                        double       y_min,
                        double       y_max)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (x_min < x_max && y_min < y_max);
  g_return_if_fail (!self->log_y || y_min > 0);

  mw_curve_plot_set_manual_view (self, x_min, x_max, axis_t (self->log_y, y_min), axis_t (self->log_y, y_max));
}
