/* mw-curve-plot-hover.c: MwCurvePlot's hover readout: the nearest point of
 * every visible series under the pointer, a guide line, and a box with the
 * values placed where it hides least of the curves. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mw-curve-plot-private.h"

/* The drawable point of @series nearest to @x along the x axis, or -1. */
static gssize
nearest_index (MwCurvePlot  *self,
               const Series *series,
               double        x)
{
  const double *xs = series_x (series, self->x_axis);
  const double *ys = DOUBLES (series->y);
  gsize n = series_len (series);
  gssize best = -1;
  double best_d = INFINITY;

  if (n == 0)
    return -1;

  if (series->sorted[self->x_axis])
    {
      gsize i = mw_curve_lower_bound (xs, n, x);

      /* Walk outwards from the insertion point; a NaN stretch (a diverged
       * part) is skipped up to the next real value on either side. */
      for (gssize l = (gssize) i - 1; l >= 0; l--)
        if (y_drawable (self->log_y, ys[l]))
          {
            best = l;
            best_d = x - xs[l];
            break;
          }
      for (gsize r = i; r < n; r++)
        if (y_drawable (self->log_y, ys[r]))
          {
            if (xs[r] - x < best_d)
              best = (gssize) r;
            break;
          }
      return best;
    }

  for (gsize i = 0; i < n; i++)
    {
      double d = fabs (xs[i] - x);

      if (d < best_d && y_drawable (self->log_y, ys[i]))
        {
          best_d = d;
          best = (gssize) i;
        }
    }

  return best;
}

/* Fills @indices (one per series, -1 where none) with the points the
 * readout shows and @guide_x with the x of the one nearest the pointer.
 * Returns: FALSE when there is no readout. */
static gboolean
hover_compute (MwCurvePlot  *self,
               const Layout *layout,
               gssize       *indices,
               double       *guide_x)
{
  double x, best = INFINITY;
  gboolean any = FALSE;

  for (guint i = 0; i < self->series->len; i++)
    indices[i] = -1;

  if (!self->hover || !layout->has_data ||
      self->hover_x < layout->left || self->hover_x > layout->right ||
      self->hover_y < layout->top || self->hover_y > layout->bottom)
    return FALSE;

  x = x_of_px (layout, self->hover_x);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      gssize index;
      double xv;

      if (!mw_curve_plot_series_drawable (self, series))
        continue;

      index = nearest_index (self, series, x);
      if (index < 0)
        continue;
      xv = series_x (series, self->x_axis)[index];
      if (xv < layout->x0 || xv > layout->x1)
        continue;

      indices[i] = index;
      any = TRUE;
      if (fabs (xv - x) < best)
        {
          best = fabs (xv - x);
          *guide_x = xv;
        }
    }

  return any;
}

/* How many of a few samples of each visible curve, across the pixel columns
 * x0 … x1, fall in the rows y0 … y1 (give or take a few pixels). */
static guint
curve_samples_in (MwCurvePlot  *self,
                  const Layout *layout,
                  double        x0,
                  double        x1,
                  double        y0,
                  double        y1)
{
  const int n_samples = 12;
  guint count = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      const double *ys = self->smoothing > 0 ? DOUBLES (series->smooth) : DOUBLES (series->y);

      /* Without sorted x each lookup is a full scan: not per pointer move. */
      if (!mw_curve_plot_series_drawable (self, series) || !series->sorted[self->x_axis])
        continue;

      for (int k = 0; k <= n_samples; k++)
        {
          double px = x0 + (x1 - x0) * k / n_samples;
          gssize index = nearest_index (self, series, x_of_px (layout, px));
          double py;

          if (index < 0 || !y_drawable (self->log_y, ys[index]))
            continue;
          py = py_of (layout, axis_t (self->log_y, ys[index]));
          if (py >= y0 - 6 && py <= y1 + 6)
            count++;
        }
    }

  return count;
}

/* Whole numbers (meta-iterations, tasks, adaptation steps) without decimals;
 * anything else to four significant digits. */
static char *
format_count_or_value (double x)
{
  if (x == round (x) && fabs (x) < 1e15)
    return g_strdup_printf ("%.0f", x == 0 ? 0 : x);   /* no "-0" */
  return mw_plot_format_value (x, 4);
}

/* Seconds as a clock reads them, whole seconds gone by ("1:35", "1:02:07");
 * under a minute to a tenth ("42.3 s"). */
static char *
format_hover_seconds (double seconds)
{
  g_autofree char *value = NULL;
  long s;

  if (!isfinite (seconds) || seconds < 59.95)   /* not "60.0 s" */
    {
      value = isfinite (seconds) ? g_strdup_printf ("%.1f", MAX (seconds, 0))
                                 : mw_plot_format_value (seconds, 4);
      /* TRANSLATORS: hover readout header; %s is a number of seconds */
      return g_strdup_printf (_("%s s"), value);
    }
  s = (long) floor (seconds);
  if (s >= 3600)
    return g_strdup_printf ("%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  return g_strdup_printf ("%ld:%02ld", s / 60, s % 60);
}

static char *
format_hover_x (MwCurvePlot *self,
                double       x)
{
  g_autofree char *value = format_count_or_value (x);

  if (self->x_label != NULL && self->x_label[0] != '\0')
    /* A chart with its own x axis (adaptation steps, …) names it in the header.
     * TRANSLATORS: hover readout header: the x axis's label and the value there */
    return g_strdup_printf (_("%s: %s"), self->x_label, value);

  switch (self->x_axis)
    {
    case MW_CURVE_PLOT_X_TASKS:
      /* TRANSLATORS: hover readout header; %s is a number of tasks */
      return g_strdup_printf (_("%s tasks seen"), value);
    case MW_CURVE_PLOT_X_SECONDS:
      return format_hover_seconds (x);
    case MW_CURVE_PLOT_X_ITERATIONS:
    default:
      /* TRANSLATORS: hover readout header; %s is the meta-iteration number */
      return g_strdup_printf (_("Meta-iteration %s"), value);
    }
}

/* A y axis labelled in percent ("Accuracy (%)") holds percentages. */
static gboolean
y_in_percent (MwCurvePlot *self)
{
  return self->y_label != NULL && strchr (self->y_label, '%') != NULL;
}

/* A value as the readout shows it: a percentage to a tenth ("95.6%"),
 * anything else (a loss, a squared error) to four significant digits. */
static char *
format_hover_y (MwCurvePlot *self,
                double       y)
{
  g_autofree char *number = NULL;

  if (!y_in_percent (self) || !isfinite (y))
    return mw_plot_format_value (y, 4);

  number = g_strdup_printf ("%.1f", y == 0 ? 0 : y);
  /* TRANSLATORS: hover readout; %s is a percentage, as in "95.6%" */
  return g_strdup_printf (_("%s%%"), number);
}

/* The readout's value of @series at @index, and its detail (the interval,
 * the smoothed value), or NULL when it has none. */
static void
format_hover_row (MwCurvePlot  *self,
                  const Series *series,
                  gsize         index,
                  char        **value,
                  char        **detail)
{
  double y = DOUBLES (series->y)[index];
  g_autoptr(GString) text = g_string_new (NULL);

  *value = format_hover_y (self, y);
  if (series->has_band && isfinite (DOUBLES (series->lo)[index]))
    {
      g_autofree char *lo = format_hover_y (self, DOUBLES (series->lo)[index]);
      g_autofree char *hi = format_hover_y (self, DOUBLES (series->hi)[index]);

      g_string_append_printf (text, "[%s, %s]", lo, hi);
    }
  if (self->smoothing > 0 && isfinite (DOUBLES (series->smooth)[index]))
    {
      g_autofree char *smoothed = format_hover_y (self, DOUBLES (series->smooth)[index]);

      if (text->len > 0)
        g_string_append (text, "  ");
      /* TRANSLATORS: hover readout; %s is the smoothed value */
      g_string_append_printf (text, _("smoothed %s"), smoothed);
    }
  *detail = text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : NULL;
}

typedef struct {
  PangoLayout *name;
  PangoLayout *value;
  PangoLayout *detail;
  GdkRGBA      color;
} ReadoutRow;

void
mw_curve_plot_draw_hover (MwCurvePlot     *self,
                          cairo_t         *cr,
                          PangoContext    *context,
                          const Fonts     *fonts,
                          const Layout    *layout,
                          const PlotStyle *style)
{
  g_autofree gssize *indices = g_new (gssize, MAX (self->series->len, 1));
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (ReadoutRow));
  g_autofree char *header_text = NULL;
  PangoLayout *header;
  double guide_x = 0, guide_px, pad = round (layout->pad * 0.6);
  double name_w = 0, value_w = 0, detail_w = 0, row_h = 0, header_w, header_h;
  double dot = round (layout->pad * 0.6), col_gap = round (layout->pad * 0.8);
  double box_w, box_h, box_x, box_y, radius = MAX (3, layout->pad * 0.25);

  if (!hover_compute (self, layout, indices, &guide_x))
    return;

  guide_px = crisp (px_of (layout, guide_x));

  /* The guide line. */
  cairo_new_path (cr);
  cairo_move_to (cr, guide_px, layout->top);
  cairo_line_to (cr, guide_px, layout->bottom);
  set_color (cr, &style->fg, 0.4);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      gboolean smoothing = self->smoothing > 0;
      g_autofree char *value = NULL;
      g_autofree char *detail = NULL;
      ReadoutRow row = { 0 };
      double y, shown, w, h;
      gssize index = indices[i];

      if (index < 0)
        continue;

      y = DOUBLES (series->y)[index];
      shown = smoothing ? DOUBLES (series->smooth)[index] : y;
      mw_curve_series_color (series, style->dark, &row.color);

      /* A marker where the bold curve is, ringed so it stands out. */
      if (y_drawable (self->log_y, shown))
        {
          double px = px_of (layout, series_x (series, self->x_axis)[index]);
          double py = py_of (layout, axis_t (self->log_y, shown));

          if (py >= layout->top && py <= layout->bottom)
            {
              cairo_new_path (cr);
              cairo_arc (cr, px, py, MAX (4, layout->pad * 0.35), 0, 2 * G_PI);
              set_color (cr, &row.color, 1);
              cairo_fill_preserve (cr);
              set_color (cr, &style->bg, 1);
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
        }

      format_hover_row (self, series, (gsize) index, &value, &detail);
      row.name = mw_curve_text_new (context, fonts->small, NULL, series->name);
      row.value = mw_curve_text_new (context, fonts->small, fonts->tabular, value);
      if (detail != NULL)
        row.detail = mw_curve_text_new (context, fonts->small, fonts->tabular, detail);

      mw_curve_text_size (row.name, &w, &h);
      name_w = MAX (name_w, w);
      row_h = MAX (row_h, h);
      mw_curve_text_size (row.value, &w, NULL);
      value_w = MAX (value_w, w);
      if (row.detail != NULL)
        {
          mw_curve_text_size (row.detail, &w, NULL);
          detail_w = MAX (detail_w, w);
        }
      g_array_append_val (rows, row);
    }

  header_text = format_hover_x (self, guide_x);
  header = mw_curve_text_new (context, fonts->small_bold, fonts->tabular, header_text);
  mw_curve_text_size (header, &header_w, &header_h);

  box_w = 2 * pad + MAX (header_w, dot + pad * 0.8 + name_w + col_gap + value_w +
                                    (detail_w > 0 ? col_gap + detail_w : 0));
  box_h = 2 * pad + header_h + rows->len * (row_h + 2) + pad * 0.3;

  /* Right of the guide, or left of it near the right edge; never outside
   * the plot if it can help it. */
  box_x = guide_px + col_gap;
  if (box_x + box_w > layout->right)
    box_x = guide_px - col_gap - box_w;
  box_x = MAX (box_x, layout->left + 2);

  /* Top, bottom or middle of the plot: wherever it hides least of the
   * curves. */
  {
    double slots[3] = {
      layout->top + pad,
      layout->bottom - pad - box_h,
      (layout->top + layout->bottom - box_h) / 2,
    };
    guint best = G_MAXUINT;

    box_y = slots[0];
    for (int k = 0; k < 3; k++)
      {
        guint covered;

        if (k > 0 && slots[k] < slots[0])
          continue;
        covered = curve_samples_in (self, layout, box_x, box_x + box_w,
                                    slots[k], slots[k] + box_h);
        if (covered < best)
          {
            best = covered;
            box_y = slots[k];
          }
      }
  }

  /* A soft shadow lifts the readout off the curves. */
  cairo_new_path (cr);
  mw_curve_rounded_rectangle (cr, round (box_x) + 0.5, round (box_y) + 2.5, round (box_w), round (box_h), radius);
  cairo_set_source_rgba (cr, 0, 0, 0, style->dark ? 0.3 : 0.08);
  cairo_fill (cr);

  cairo_new_path (cr);
  mw_curve_rounded_rectangle (cr, round (box_x) + 0.5, round (box_y) + 0.5, round (box_w), round (box_h), radius);
  set_color (cr, &style->bg, 0.96);
  cairo_fill_preserve (cr);
  set_color (cr, &style->fg, 0.18);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  set_color (cr, &style->fg, 1);
  cairo_move_to (cr, round (box_x + pad), round (box_y + pad));
  pango_cairo_show_layout (cr, header);
  g_object_unref (header);

  for (guint r = 0; r < rows->len; r++)
    {
      ReadoutRow *row = &g_array_index (rows, ReadoutRow, r);
      double y = round (box_y + pad + header_h + pad * 0.3 + r * (row_h + 2));
      double x = round (box_x + pad), w;

      cairo_new_path (cr);
      cairo_arc (cr, x + dot / 2, y + row_h / 2, dot / 2, 0, 2 * G_PI);
      set_color (cr, &row->color, 1);
      cairo_fill (cr);
      x += dot + round (pad * 0.8);

      set_color (cr, &style->fg, 0.85);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, row->name);
      x += name_w + col_gap;

      mw_curve_text_size (row->value, &w, NULL);
      set_color (cr, &style->fg, 1);
      cairo_move_to (cr, x + value_w - w, y);
      pango_cairo_show_layout (cr, row->value);
      x += value_w + col_gap;

      if (row->detail != NULL)
        {
          set_color (cr, &style->fg, 0.6);
          cairo_move_to (cr, x, y);
          pango_cairo_show_layout (cr, row->detail);
        }

      g_object_unref (row->name);
      g_object_unref (row->value);
      g_clear_object (&row->detail);
    }
}

/* --- public API: hover -------------------------------------------------- */

void
mw_curve_plot_set_hover (MwCurvePlot *self,
                         double       x,
                         double       y)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (self->hover && self->hover_x == x && self->hover_y == y)
    return;

  self->hover = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mw_curve_plot_unset_hover (MwCurvePlot *self)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (!self->hover)
    return;

  self->hover = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
mw_curve_plot_get_hover_index (MwCurvePlot *self,
                               const char  *id,
                               gsize       *index)
{
  g_autofree gssize *indices = NULL;
  double guide_x;
  gboolean shown;
  Layout layout;
  guint s;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  if (!self->hover || mw_curve_plot_find_series (self, id, &s) == NULL)
    return FALSE;

  indices = g_new (gssize, self->series->len);
  mw_curve_plot_widget_layout (self, &layout);
  shown = hover_compute (self, &layout, indices, &guide_x);
  mw_curve_layout_clear (&layout);

  if (!shown || indices[s] < 0)
    return FALSE;

  if (index != NULL)
    *index = (gsize) indices[s];
  return TRUE;
}

char *
mw_curve_plot_get_hover_text (MwCurvePlot *self)
{
  g_autofree gssize *indices = NULL;
  g_autofree char *header = NULL;
  GString *text;
  double guide_x;
  gboolean shown;
  Layout layout;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  if (!self->hover)
    return NULL;

  indices = g_new (gssize, MAX (self->series->len, 1));
  mw_curve_plot_widget_layout (self, &layout);
  shown = hover_compute (self, &layout, indices, &guide_x);
  mw_curve_layout_clear (&layout);
  if (!shown)
    return NULL;

  header = format_hover_x (self, guide_x);
  text = g_string_new (header);
  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *series = g_ptr_array_index (self->series, i);
      g_autofree char *value = NULL;
      g_autofree char *detail = NULL;

      if (indices[i] < 0)
        continue;
      format_hover_row (self, series, (gsize) indices[i], &value, &detail);
      g_string_append_printf (text, "\n%s\t%s", series->name, value);
      if (detail != NULL)
        g_string_append_printf (text, "\t%s", detail);
    }
  return g_string_free (text, FALSE);
}
