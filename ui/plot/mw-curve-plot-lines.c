/* mw-curve-plot-lines.c: MwCurvePlot's curves: each series decimated to a
 * few vertices per pixel column, clipped to the plot, and drawn as a line,
 * a confidence band and, when few points are in view, markers. */

#include "config.h"

#include "mw-curve-plot-private.h"

/* Clips the segment a–b to xmin ≤ x ≤ xmax, interpolating y (and the band's
 * second y). Returns: FALSE when nothing of it is left. */
static gboolean
clip_segment (MwPlotBandPoint *a,
              MwPlotBandPoint *b,
              double           xmin,
              double           xmax)
{
  MwPlotBandPoint *ends[2] = { a, b };

  if ((a->x < xmin && b->x < xmin) || (a->x > xmax && b->x > xmax))
    return FALSE;

  for (int e = 0; e < 2; e++)
    {
      MwPlotBandPoint *p = ends[e], *q = ends[1 - e];
      double edge;
      double t;

      if (p->x >= xmin && p->x <= xmax)
        continue;
      edge = p->x < xmin ? xmin : xmax;
      t = (edge - q->x) / (p->x - q->x);
      p->lo = q->lo + t * (p->lo - q->lo);
      p->hi = q->hi + t * (p->hi - q->hi);
      p->x = edge;
    }

  return TRUE;
}

/* Turns a polyline in (pixel x, axis y) with NAN breaks into runs of pixel
 * points clipped to [xmin, xmax], separated by NAN breaks. */
static void
clip_polyline (const GArray *in,
               GArray       *out,
               double        xmin,
               double        xmax)
{
  static const MwPlotBandPoint gap = { NAN, NAN, NAN };
  const MwPlotBandPoint *points = (const MwPlotBandPoint *) in->data;
  MwPlotBandPoint prev = gap;
  gboolean open = FALSE;

  g_array_set_size (out, 0);

  for (guint i = 0; i < in->len; i++)
    {
      MwPlotBandPoint a, b;

      if (isnan (points[i].x))
        {
          if (open)
            g_array_append_val (out, gap);
          open = FALSE;
          prev = gap;
          continue;
        }

      if (isnan (prev.x))
        {
          prev = points[i];
          if (prev.x >= xmin && prev.x <= xmax)
            {
              g_array_append_val (out, prev);
              open = TRUE;
            }
          continue;
        }

      a = prev;
      b = points[i];
      prev = points[i];
      if (!clip_segment (&a, &b, xmin, xmax))
        {
          if (open)
            g_array_append_val (out, gap);
          open = FALSE;
          continue;
        }
      if (!open)
        g_array_append_val (out, a);
      g_array_append_val (out, b);
      open = TRUE;
      if (points[i].x < xmin || points[i].x > xmax)
        {
          g_array_append_val (out, gap);
          open = FALSE;
        }
    }
}

/* The index range of @series worth drawing: everything in view plus one
 * point either side, so lines run to the edge. */
static void
visible_range (MwCurvePlot  *self,
               const Series *series,
               const Layout *layout,
               gsize        *first,
               gsize        *end)
{
  gsize n = series_len (series);

  *first = 0;
  *end = n;
  if (!series->sorted[self->x_axis] || n == 0)
    return;

  *first = mw_curve_lower_bound (series_x (series, self->x_axis), n, layout->x0);
  *end = mw_curve_upper_bound (series_x (series, self->x_axis), n, layout->x1);
  if (*first > 0)
    (*first)--;
  if (*end < n)
    (*end)++;
}

static void
decimate_line (MwCurvePlot  *self,
               const Series *series,
               const double *ys,
               const Layout *layout,
               gsize         first,
               gsize         end)
{
  const double *xs = series_x (series, self->x_axis);
  double x0 = layout->x0, sx = x_scale (layout), left = layout->left;
  gboolean log_y = self->log_y;
  MwPlotDecimator decimator;
  GArray *line = self->scratch_line;

  g_array_set_size (line, 0);
  mw_plot_decimator_init (&decimator, line);

  /* Decimate on the data y: min and max do not change under log10, which
   * then runs only on the few points that are left. */
  for (gsize i = first; i < end; i++)
    {
      double y = ys[i];

      if (log_y && !(y > 0))
        mw_plot_decimator_break (&decimator);
      else
        mw_plot_decimator_add (&decimator, left + (xs[i] - x0) * sx, y);
    }
  mw_plot_decimator_finish (&decimator);

  /* Into the clipper's point type: x, pixel y, unused. */
  g_array_set_size (self->scratch_band, line->len);
  for (guint i = 0; i < line->len; i++)
    {
      MwPlotPoint *p = &g_array_index (line, MwPlotPoint, i);
      MwPlotBandPoint *q = &g_array_index (self->scratch_band, MwPlotBandPoint, i);

      q->x = p->x;
      q->lo = q->hi = isnan (p->x) ? NAN : py_of (layout, axis_t (log_y, p->y));
    }
  clip_polyline (self->scratch_band, self->scratch_clip, layout->left - 2, layout->right + 2);
}

static void
split_columns (MwCurvePlot *self,
               double       tall)
{
  const MwPlotBandPoint *points = (const MwPlotBandPoint *) self->scratch_clip->data;
  guint n = self->scratch_clip->len;
  GArray *columns = self->scratch_columns;
  gboolean after_gap = TRUE;

  g_array_set_size (columns, 0);

  for (guint i = 0; i < n;)
    {
      Column column = { i, i, 0, points[i].lo, points[i].lo, FALSE, FALSE };

      if (isnan (points[i].x))
        {
          after_gap = TRUE;
          i++;
          continue;
        }

      column.x = floor (points[i].x);
      while (i < n && !isnan (points[i].x) && floor (points[i].x) == column.x)
        {
          column.lo = MIN (column.lo, points[i].lo);
          column.hi = MAX (column.hi, points[i].lo);
          i++;
        }
      column.end = i;
      column.joined = !after_gap;
      if (column.joined)
        {
          double join = points[column.start - 1].lo;

          column.lo = MIN (column.lo, join);
          column.hi = MAX (column.hi, join);
        }
      /* A box covers the join to the previous column only when that is the
       * column right before; a longer join is stroked. */
      column.tall = column.hi - column.lo > tall &&
                    (!column.joined ||
                     g_array_index (columns, Column, columns->len - 1).x == column.x - 1);
      after_gap = FALSE;
      g_array_append_val (columns, column);
    }
}

/* Adds a box from (x0, y0) to (x1, y1), with y snapped to whole pixels:
 * Cairo 1.16 fills a thousand pixel-aligned boxes about seven times faster
 * than unaligned ones, and at one pixel wide nobody sees the rounding. */
static void
pixel_box (cairo_t *cr,
           double   x0,
           double   y0,
           double   x1,
           double   y1)
{
  double top = round (y0), bottom = MAX (round (y1), top + 1);

  cairo_rectangle (cr, round (x0), top, round (x1) - round (x0), bottom - top);
}

/* Draws the decimated line in scratch_clip.
 *
 * Stroking the decimated zigzag of a noisy curve is what costs: Cairo's
 * rasteriser pays for every pixel row each steep segment crosses, and a
 * noisy training loss is nothing but steep segments. So columns whose
 * vertical extent is well over the line width are filled as one box each,
 * from their lowest to their highest point (and the point they join from),
 * grown by half the line width; non-overlapping pixel-aligned boxes are
 * Cairo's fastest path and their union is the area the zigzag would have covered. The calm parts
 * are stroked as a polyline as usual. A single isolated point becomes a
 * dot (a zero-length segment with round caps). Boxes and strokes overlap a
 * little, so @color must be opaque: draw translucent lines into a group.
 * @dense (more points than pixel columns) takes bevel joins: at a few
 * vertices per pixel they look the same as round ones and cost a third less. */
static void
draw_line (MwCurvePlot   *self,
           cairo_t       *cr,
           const GdkRGBA *color,
           double         line_width,
           gboolean       dense)
{
  const MwPlotBandPoint *points = (const MwPlotBandPoint *) self->scratch_clip->data;
  GArray *columns = self->scratch_columns;
  double half = line_width / 2;
  gboolean any_tall = FALSE;
  guint run = 0;

  split_columns (self, MAX (2 * line_width, 3));

  cairo_new_path (cr);
  for (guint k = 0; k < columns->len; k++)
    {
      const Column *column = &g_array_index (columns, Column, k);
      const Column *before = k > 0 ? column - 1 : NULL;
      double x0 = column->x;

      if (!column->tall)
        continue;
      /* One pixel wider on the left where a run of boxes starts, for the
       * line's own width; never overlapping the box before, or Cairo has
       * to work out the union the slow way. */
      if (before == NULL || !before->tall || before->x != column->x - 1)
        x0 -= 1;
      pixel_box (cr, x0, column->lo - half, column->x + 1, column->hi + half);
      any_tall = TRUE;
    }
  if (any_tall)
    {
      set_color (cr, color, 1);
      cairo_fill (cr);
    }

  cairo_new_path (cr);
  for (guint k = 0; k <= columns->len; k++)
    {
      const Column *column = k < columns->len ? &g_array_index (columns, Column, k) : NULL;

      /* End the current run at a gap, a box or the end. */
      if (run > 0 && (column == NULL || column->tall || !column->joined))
        {
          if (run == 1)
            {
              double x, y;

              cairo_get_current_point (cr, &x, &y);
              cairo_line_to (cr, x, y);
            }
          run = 0;
        }
      if (column == NULL || column->tall)
        continue;

      for (guint i = column->start; i < column->end; i++)
        {
          if (run == 0)
            {
              /* Leaving a box: start from where the box's curve ended. */
              if (i == column->start && column->joined)
                {
                  cairo_move_to (cr, points[i - 1].x, points[i - 1].lo);
                  cairo_line_to (cr, points[i].x, points[i].lo);
                  run = 2;
                  continue;
                }
              cairo_move_to (cr, points[i].x, points[i].lo);
            }
          else
            cairo_line_to (cr, points[i].x, points[i].lo);
          run++;
        }
    }
  set_color (cr, color, 1);
  cairo_set_line_width (cr, line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, dense ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static void
draw_band (MwCurvePlot   *self,
           cairo_t       *cr,
           const Series  *series,
           const Layout  *layout,
           gsize          first,
           gsize          end,
           const GdkRGBA *color,
           double         alpha)
{
  const double *xs = series_x (series, self->x_axis);
  const double *lo = DOUBLES (series->lo), *hi = DOUBLES (series->hi);
  double x0 = layout->x0, sx = x_scale (layout), left = layout->left;
  MwPlotBandDecimator decimator;
  GArray *band = self->scratch_band, *clip = self->scratch_clip;
  guint start = 0;

  g_array_set_size (band, 0);
  mw_plot_band_decimator_init (&decimator, band);
  for (gsize i = first; i < end; i++)
    mw_plot_band_decimator_add (&decimator, left + (xs[i] - x0) * sx, lo[i], hi[i]);
  mw_plot_band_decimator_finish (&decimator);

  /* On a log axis a low end ≤ 0 lies infinitely far down: clamped to
   * below the plot, so the band runs off its bottom edge. */
  for (guint i = 0; i < band->len; i++)
    {
      MwPlotBandPoint *p = &g_array_index (band, MwPlotBandPoint, i);

      if (isnan (p->x))
        continue;
      p->lo = py_of (layout, axis_t (self->log_y, p->lo));
      p->hi = py_of (layout, axis_t (self->log_y, p->hi));
    }
  clip_polyline (band, clip, layout->left - 2, layout->right + 2);

  cairo_new_path (cr);

  if (end - first >= 2 * (layout->right - layout->left))
    {
      /* Dense (a band on every training step): a box per pixel column
       * reaching to the next one, for the reason given at draw_line(). */
      const MwPlotBandPoint *points = (const MwPlotBandPoint *) clip->data;

      for (guint i = 0; i < clip->len;)
        {
          double c, next, top, bottom;

          if (isnan (points[i].x))
            {
              i++;
              continue;
            }

          c = floor (points[i].x);
          top = points[i].hi;
          bottom = points[i].lo;
          for (; i < clip->len && !isnan (points[i].x) && floor (points[i].x) == c; i++)
            {
              top = MIN (top, points[i].hi);
              bottom = MAX (bottom, points[i].lo);
            }
          next = i < clip->len && !isnan (points[i].x) ? floor (points[i].x) : c + 1;
          if (next <= c)
            next = c + 1;
          pixel_box (cr, c, top, next, bottom);
        }

      set_color (cr, color, alpha);
      cairo_fill (cr);
      return;
    }

  for (guint i = 0; i <= clip->len; i++)
    {
      const MwPlotBandPoint *points = (const MwPlotBandPoint *) clip->data;

      if (i < clip->len && !isnan (points[i].x))
        continue;

      if (i - start == 1)
        {
          /* A lone point (sparse evaluations): an error bar. */
          const MwPlotBandPoint *p = &points[start];
          double half = MAX (1.5, layout->pad * 0.2);

          cairo_rectangle (cr, p->x - half, p->hi, 2 * half, p->lo - p->hi);
        }
      else if (i - start > 1)
        {
          cairo_move_to (cr, points[start].x, points[start].hi);
          for (guint j = start + 1; j < i; j++)
            cairo_line_to (cr, points[j].x, points[j].hi);
          for (guint j = i; j-- > start;)
            cairo_line_to (cr, points[j].x, points[j].lo);
          cairo_close_path (cr);
        }
      start = i + 1;
    }
  set_color (cr, color, alpha);
  cairo_fill (cr);
}

/* Few points in view (evaluations every few hundred iterations): mark each
 * one, so it is clear where the measurements are. */
static void
draw_markers (MwCurvePlot   *self,
              cairo_t       *cr,
              const Series  *series,
              const Layout  *layout,
              gsize          first,
              gsize          end,
              const GdkRGBA *color)
{
  const double *xs = series_x (series, self->x_axis);
  const double *ys = DOUBLES (series->y);
  double radius = MAX (2.5, layout->pad * 0.22);

  cairo_new_path (cr);
  for (gsize i = first; i < end; i++)
    {
      double px, py;

      if (!y_drawable (self->log_y, ys[i]) || !isfinite (xs[i]))
        continue;
      px = px_of (layout, xs[i]);
      py = py_of (layout, axis_t (self->log_y, ys[i]));
      if (px < layout->left - radius || px > layout->right + radius)
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, px, py, radius, 0, 2 * G_PI);
    }
  set_color (cr, color, 1);
  cairo_fill (cr);
}

void
mw_curve_plot_draw_series (MwCurvePlot     *self,
                           cairo_t         *cr,
                           const Layout    *layout,
                           const PlotStyle *style)
{
  gboolean smoothing = self->smoothing > 0;
  double bold = MAX (2.0, layout->pad * 0.16);

  /* Bands under all lines, raw lines under smoothed ones: a band never
   * veils another run's curve. The faint raw lines are drawn opaque into
   * one group that is then laid down translucent, so nothing in it is
   * darker where strokes overlap. */
  for (int pass = 0; pass < 3; pass++)
    {
      if (pass == 1 && smoothing)
        cairo_push_group (cr);
      if (pass == 2 && smoothing)
        {
          cairo_pop_group_to_source (cr);
          cairo_paint_with_alpha (cr, style->dark ? 0.35 : 0.3);
        }

      for (guint i = 0; i < self->series->len; i++)
        {
          Series *series = g_ptr_array_index (self->series, i);
          gsize first, end;
          gboolean dense;
          GdkRGBA color;

          if (!mw_curve_plot_series_drawable (self, series))
            continue;

          mw_curve_series_color (series, style->dark, &color);
          visible_range (self, series, layout, &first, &end);
          dense = end - first > layout->right - layout->left;

          if (pass == 0)
            {
              if (series->has_band && self->show_bands)
                draw_band (self, cr, series, layout, first, end, &color, style->dark ? 0.24 : 0.17);
            }
          else if (pass == 1)
            {
              if (smoothing)
                {
                  decimate_line (self, series, DOUBLES (series->y), layout, first, end);
                  draw_line (self, cr, &color, 1, dense);
                }
            }
          else
            {
              const double *ys = smoothing ? DOUBLES (series->smooth) : DOUBLES (series->y);

              decimate_line (self, series, ys, layout, first, end);
              draw_line (self, cr, &color, bold, dense);
              if (!smoothing && end - first < (layout->right - layout->left) / 12)
                draw_markers (self, cr, series, layout, first, end, &color);
            }
        }
    }
}
