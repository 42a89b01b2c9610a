/* mw-curve-plot-series.c: MwCurvePlot's data: one series per run, its points
 * with their three x coordinates, bands and smoothed values, the statistics
 * the automatic view reads, and the palette colours. */

#include "config.h"

#include <string.h>

#include "mw-curve-plot-private.h"

/* GNOME palette shades, in an order where neighbours differ in hue and
 * lightness. The first two (blue, orange) are the usual MAML/Reptile pair and
 * stay apart for red-green colour blindness. Dark themes get the lighter
 * shade of each hue so thin lines keep their contrast. */
static const char *const palette_light[] = {
  "#1c71d8", "#e66100", "#26a269", "#c01c28",
  "#813d9c", "#0f8b8d", "#865e3c", "#c64f9f",
};

static const char *const palette_dark[] = {
  "#62a0ea", "#ffa348", "#57e389", "#f66151",
  "#c061cb", "#5bc8c8", "#cdab8f", "#f49ac8",
};

G_STATIC_ASSERT (G_N_ELEMENTS (palette_light) == G_N_ELEMENTS (palette_dark));
#define PALETTE_SIZE G_N_ELEMENTS (palette_light)

void
mw_curve_series_color (const Series *series,
                       gboolean      dark,
                       GdkRGBA      *color)
{
  if (series->custom_color)
    {
      *color = series->color;
      return;
    }

  gdk_rgba_parse (color, (dark ? palette_dark : palette_light)[series->palette_index % PALETTE_SIZE]);
}

static GArray *
double_array_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static void
series_reset_smooth_stats (Series *series)
{
  series->smooth_min = series->smooth_min_positive = INFINITY;
  series->smooth_max = -INFINITY;
}

static void
series_add_smooth_stats (Series *series,
                         double  value)
{
  if (!isfinite (value))
    return;

  series->smooth_min = MIN (series->smooth_min, value);
  series->smooth_max = MAX (series->smooth_max, value);
  if (value > 0)
    series->smooth_min_positive = MIN (series->smooth_min_positive, value);
}

static void
series_reset_stats (Series *series)
{
  for (int a = 0; a < N_X_AXES; a++)
    {
      series->sorted[a] = TRUE;
      series->x_min[a] = INFINITY;
      series->x_max[a] = -INFINITY;
    }
  series->n_finite = 0;
  series->y_min = series->band_min = INFINITY;
  series->y_max = series->band_max = -INFINITY;
  series->y_min_positive = series->band_min_positive = INFINITY;
  series->has_band = FALSE;
  series_reset_smooth_stats (series);
}

static Series *
series_new (const char *id,
            const char *name,
            double      smoothing)
{
  Series *series = g_new0 (Series, 1);

  series->id = g_strdup (id);
  series->name = g_strdup (name != NULL ? name : id);
  series->visible = TRUE;
  for (int a = 0; a < N_X_AXES; a++)
    series->x[a] = double_array_new ();
  series->y = double_array_new ();
  series->lo = double_array_new ();
  series->hi = double_array_new ();
  series->smooth = double_array_new ();
  mw_plot_ema_init (&series->ema, smoothing);
  series_reset_stats (series);

  return series;
}

void
mw_curve_series_free (gpointer data)
{
  Series *series = data;

  g_free (series->id);
  g_free (series->name);
  for (int a = 0; a < N_X_AXES; a++)
    g_array_unref (series->x[a]);
  g_array_unref (series->y);
  g_array_unref (series->lo);
  g_array_unref (series->hi);
  g_array_unref (series->smooth);
  g_free (series);
}

static void
series_clear_points (Series *series,
                     double  smoothing)
{
  for (int a = 0; a < N_X_AXES; a++)
    g_array_set_size (series->x[a], 0);
  g_array_set_size (series->y, 0);
  g_array_set_size (series->lo, 0);
  g_array_set_size (series->hi, 0);
  g_array_set_size (series->smooth, 0);
  mw_plot_ema_init (&series->ema, smoothing);
  series_reset_stats (series);
}

void
mw_curve_series_resmooth (Series *series,
                          double  smoothing)
{
  const double *y = DOUBLES (series->y);
  double *smooth = DOUBLES (series->smooth);

  mw_plot_ema_init (&series->ema, smoothing);
  series_reset_smooth_stats (series);
  for (gsize i = 0; i < series_len (series); i++)
    {
      smooth[i] = mw_plot_ema_push (&series->ema, y[i]);
      series_add_smooth_stats (series, smooth[i]);
    }
}

static double
point_x (const MwCurvePoint *point,
         MwCurvePlotXAxis    axis)
{
  switch (axis)
    {
    case MW_CURVE_PLOT_X_TASKS:
      return point->tasks;
    case MW_CURVE_PLOT_X_SECONDS:
      return point->seconds;
    case MW_CURVE_PLOT_X_ITERATIONS:
    default:
      return point->iteration;
    }
}

static void
series_append (Series             *series,
               const MwCurvePoint *points,
               gsize               n_points)
{
  gsize old = series_len (series);
  double *x[N_X_AXES], *y, *lo, *hi, *smooth;

  for (int a = 0; a < N_X_AXES; a++)
    {
      g_array_set_size (series->x[a], old + n_points);
      x[a] = DOUBLES (series->x[a]);
    }
  g_array_set_size (series->y, old + n_points);
  g_array_set_size (series->lo, old + n_points);
  g_array_set_size (series->hi, old + n_points);
  g_array_set_size (series->smooth, old + n_points);
  y = DOUBLES (series->y);
  lo = DOUBLES (series->lo);
  hi = DOUBLES (series->hi);
  smooth = DOUBLES (series->smooth);

  for (gsize i = 0; i < n_points; i++)
    {
      const MwCurvePoint *p = &points[i];
      gsize j = old + i;

      for (int a = 0; a < N_X_AXES; a++)
        {
          double v = point_x (p, a);

          x[a][j] = v;
          if (!isfinite (v))
            {
              series->sorted[a] = FALSE;
              continue;
            }
          if (j > 0 && !(v >= x[a][j - 1]))
            series->sorted[a] = FALSE;
          series->x_min[a] = MIN (series->x_min[a], v);
          series->x_max[a] = MAX (series->x_max[a], v);
        }

      y[j] = p->y;
      if (isfinite (p->y))
        {
          series->n_finite++;
          series->y_min = MIN (series->y_min, p->y);
          series->y_max = MAX (series->y_max, p->y);
          if (p->y > 0)
            series->y_min_positive = MIN (series->y_min_positive, p->y);
        }

      /* Zero-initialised points (lo == hi == 0) have no band. */
      if (isfinite (p->y_lo) && isfinite (p->y_hi) && p->y_lo < p->y_hi)
        {
          lo[j] = p->y_lo;
          hi[j] = p->y_hi;
          series->has_band = TRUE;
          series->band_min = MIN (series->band_min, p->y_lo);
          series->band_max = MAX (series->band_max, p->y_hi);
          if (p->y_lo > 0)
            series->band_min_positive = MIN (series->band_min_positive, p->y_lo);
          else if (p->y_hi > 0)
            series->band_min_positive = MIN (series->band_min_positive, p->y_hi);
        }
      else
        {
          lo[j] = NAN;
          hi[j] = NAN;
        }

      smooth[j] = mw_plot_ema_push (&series->ema, p->y);
      series_add_smooth_stats (series, smooth[j]);
    }
}

Series *
mw_curve_plot_find_series (MwCurvePlot *self,
                           const char  *id,
                           guint       *index)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      if (strcmp (series->id, id) == 0)
        {
          if (index != NULL)
            *index = i;
          return series;
        }
    }

  return NULL;
}

/* The lowest palette slot no other palette-coloured series uses. */
static guint
free_palette_index (MwCurvePlot *self)
{
  for (guint candidate = 0; candidate < PALETTE_SIZE; candidate++)
    {
      gboolean used = FALSE;

      for (guint i = 0; i < self->series->len && !used; i++)
        {
          Series *series = g_ptr_array_index (self->series, i);

          used = !series->custom_color && series->palette_index == candidate;
        }
      if (!used)
        return candidate;
    }

  return self->series->len % PALETTE_SIZE;
}

/* Whether y values of @series can be drawn at all on the current axis. */
gboolean
mw_curve_plot_series_drawable (MwCurvePlot  *self,
                               const Series *series)
{
  if (!series->visible || series->n_finite == 0)
    return FALSE;
  if (self->log_y)
    return series->y_min_positive < INFINITY;
  return TRUE;
}

/* First index whose x is >= @x, in a sorted array. */
gsize
mw_curve_lower_bound (const double *xs,
                      gsize         n,
                      double        x)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (xs[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* First index whose x is > @x, in a sorted array. */
gsize
mw_curve_upper_bound (const double *xs,
                      gsize         n,
                      double        x)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (xs[mid] <= x)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* --- public API: series ------------------------------------------------- */

gboolean
mw_curve_plot_add_series (MwCurvePlot   *self,
                          const char    *id,
                          const char    *name,
                          const GdkRGBA *color)
{
  Series *series;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (mw_curve_plot_find_series (self, id, NULL) != NULL)
    return FALSE;

  series = series_new (id, name, self->smoothing);
  if (color != NULL)
    {
      series->color = *color;
      series->custom_color = TRUE;
    }
  else
    series->palette_index = free_palette_index (self);
  g_ptr_array_add (self->series, series);

  mw_curve_plot_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

gboolean
mw_curve_plot_remove_series (MwCurvePlot *self,
                             const char  *id)
{
  guint index;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  if (mw_curve_plot_find_series (self, id, &index) == NULL)
    return FALSE;

  g_ptr_array_remove_index (self->series, index);
  mw_curve_plot_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

gboolean
mw_curve_plot_has_series (MwCurvePlot *self,
                          const char  *id)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  return mw_curve_plot_find_series (self, id, NULL) != NULL;
}

guint
mw_curve_plot_get_n_series (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), 0);

  return self->series->len;
}

char **
mw_curve_plot_get_series_ids (MwCurvePlot *self)
{
  char **ids;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  ids = g_new0 (char *, self->series->len + 1);
  for (guint i = 0; i < self->series->len; i++)
    ids[i] = g_strdup (((Series *) g_ptr_array_index (self->series, i))->id);

  return ids;
}

void
mw_curve_plot_set_series_name (MwCurvePlot *self,
                               const char  *id,
                               const char  *name)
{
  Series *series;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (name != NULL);

  series = mw_curve_plot_find_series (self, id, NULL);
  g_return_if_fail (series != NULL);

  if (set_string (&series->name, name))
    {
      mw_curve_plot_update_accessible (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

const char *
mw_curve_plot_get_series_name (MwCurvePlot *self,
                               const char  *id)
{
  Series *series;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  series = mw_curve_plot_find_series (self, id, NULL);
  return series != NULL ? series->name : NULL;
}

void
mw_curve_plot_set_series_color (MwCurvePlot   *self,
                                const char    *id,
                                const GdkRGBA *color)
{
  Series *series;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  series = mw_curve_plot_find_series (self, id, NULL);
  g_return_if_fail (series != NULL);

  if (color != NULL)
    {
      series->color = *color;
      series->custom_color = TRUE;
    }
  else if (series->custom_color)
    {
      /* Looked up while the series still counts as custom, so it does not
       * keep its own old slot from itself. */
      series->palette_index = free_palette_index (self);
      series->custom_color = FALSE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
mw_curve_plot_get_series_color (MwCurvePlot *self,
                                const char  *id,
                                GdkRGBA     *color)
{
  Series *series;
  PlotStyle style;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);
  g_return_val_if_fail (color != NULL, FALSE);

  series = mw_curve_plot_find_series (self, id, NULL);
  if (series == NULL)
    return FALSE;

  mw_curve_plot_widget_style (self, &style);
  mw_curve_series_color (series, style.dark, color);
  return TRUE;
}

void
mw_curve_plot_set_series_visible (MwCurvePlot *self,
                                  const char  *id,
                                  gboolean     visible)
{
  Series *series;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  series = mw_curve_plot_find_series (self, id, NULL);
  g_return_if_fail (series != NULL);

  visible = !!visible;
  if (series->visible == visible)
    return;

  series->visible = visible;
  mw_curve_plot_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
mw_curve_plot_get_series_visible (MwCurvePlot *self,
                                  const char  *id)
{
  Series *series;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  series = mw_curve_plot_find_series (self, id, NULL);
  return series != NULL && series->visible;
}

void
mw_curve_plot_append_points (MwCurvePlot        *self,
                             const char         *id,
                             const MwCurvePoint *points,
                             gsize               n_points)
{
  Series *series;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (points != NULL || n_points == 0);

  series = mw_curve_plot_find_series (self, id, NULL);
  g_return_if_fail (series != NULL);

  if (n_points == 0)
    return;

  series_append (series, points, n_points);
  /* One redraw per batch at most, on the next frame. */
  if (series->visible)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

gsize
mw_curve_plot_get_n_points (MwCurvePlot *self,
                            const char  *id)
{
  Series *series;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), 0);

  series = mw_curve_plot_find_series (self, id, NULL);
  return series != NULL ? series_len (series) : 0;
}

gboolean
mw_curve_plot_get_point (MwCurvePlot  *self,
                         const char   *id,
                         gsize         index,
                         MwCurvePoint *point,
                         double       *smoothed_y)
{
  Series *series;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  series = mw_curve_plot_find_series (self, id, NULL);
  if (series == NULL || index >= series_len (series))
    return FALSE;

  if (point != NULL)
    {
      point->iteration = series_x (series, MW_CURVE_PLOT_X_ITERATIONS)[index];
      point->tasks = series_x (series, MW_CURVE_PLOT_X_TASKS)[index];
      point->seconds = series_x (series, MW_CURVE_PLOT_X_SECONDS)[index];
      point->y = DOUBLES (series->y)[index];
      point->y_lo = DOUBLES (series->lo)[index];
      point->y_hi = DOUBLES (series->hi)[index];
    }
  if (smoothed_y != NULL)
    *smoothed_y = DOUBLES (series->smooth)[index];

  return TRUE;
}

void
mw_curve_plot_clear_series (MwCurvePlot *self,
                            const char  *id)
{
  Series *series;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  series = mw_curve_plot_find_series (self, id, NULL);
  g_return_if_fail (series != NULL);

  series_clear_points (series, self->smoothing);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mw_curve_plot_clear (MwCurvePlot *self)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  g_ptr_array_set_size (self->series, 0);
  mw_curve_plot_set_auto_view (self, TRUE);
  mw_curve_plot_update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
