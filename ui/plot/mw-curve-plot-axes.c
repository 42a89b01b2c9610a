/* mw-curve-plot-axes.c: what MwCurvePlot shows besides the curves: the x
 * range and y-axis width a page of stacked charts shares so their grids
 * line up, reference lines (the chance level), the empty plot's hint, and
 * the laid-out axes for tests. */

#include "config.h"

#include "mw-curve-plot-private.h"

enum {
  Y_AXIS_WIDTH_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
reference_line_clear (gpointer data)
{
  ReferenceLine *line = data;

  g_free (line->label);
}

void
mw_curve_plot_axes_class_init (GObjectClass *object_class)
{
  /**
   * MwCurvePlot::y-axis-width-changed:
   *
   * The width the y axis's labels need changed (new data, a new size): a
   * page lining charts up asks mw_curve_plot_get_natural_y_axis_width().
   */
  signals[Y_AXIS_WIDTH_CHANGED] =
    g_signal_new ("y-axis-width-changed", G_TYPE_FROM_CLASS (object_class), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

void
mw_curve_plot_axes_init (MwCurvePlot *self)
{
  self->shared_x0 = self->shared_x1 = NAN;
  self->reference_lines = g_array_new (FALSE, FALSE, sizeof (ReferenceLine));
  g_array_set_clear_func (self->reference_lines, reference_line_clear);
}

void
mw_curve_plot_axes_finalize (MwCurvePlot *self)
{
  g_clear_handle_id (&self->natural_width_idle, g_source_remove);
  g_array_unref (self->reference_lines);
  g_free (self->empty_hint);
}

void
mw_curve_plot_axes_widen_view (MwCurvePlot *self,
                               double      *x0,
                               double      *x1,
                               double      *y0,
                               double      *y1)
{
  if (isfinite (self->shared_x0) && isfinite (self->shared_x1))
    {
      *x0 = MIN (*x0, self->shared_x0);
      *x1 = MAX (*x1, self->shared_x1);
    }
  for (guint i = 0; i < self->reference_lines->len; i++)
    {
      double y = g_array_index (self->reference_lines, ReferenceLine, i).y;

      if (!y_drawable (self->log_y, y))
        continue;
      *y0 = MIN (*y0, y);
      *y1 = MAX (*y1, y);
    }
}

/* The signal goes out from an idle, not from inside the drawing, where the
 * page's answer (a new width for every chart) would queue draws. */
static gboolean
emit_width_changed (gpointer data)
{
  MwCurvePlot *self = data;

  self->natural_width_idle = 0;
  g_signal_emit (self, signals[Y_AXIS_WIDTH_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

void
mw_curve_plot_axes_drawn (MwCurvePlot  *self,
                          const Layout *layout)
{
  double natural = layout->has_data ? ceil (layout->natural_left) : 0;

  if (natural == self->natural_y_axis_width)
    return;
  self->natural_y_axis_width = natural;
  if (self->natural_width_idle == 0)
    self->natural_width_idle = g_idle_add (emit_width_changed, self);
}

void
mw_curve_plot_draw_reference_lines (MwCurvePlot     *self,
                                    cairo_t         *cr,
                                    PangoContext    *context,
                                    const Fonts     *fonts,
                                    const Layout    *layout,
                                    const PlotStyle *style)
{
  static const double dashes[] = { 6, 4 };
  double gap = round (layout->pad * 0.45);
  /* The labels placed so far: one that would overlap goes left of them. */
  double placed_left = layout->right - gap, placed_top = INFINITY, placed_bottom = -INFINITY;

  for (guint i = 0; i < self->reference_lines->len; i++)
    {
      const ReferenceLine *line = &g_array_index (self->reference_lines, ReferenceLine, i);
      double py, w, h, ty, tx;
      PangoLayout *text;

      if (!y_drawable (self->log_y, line->y))
        continue;
      py = py_of (layout, axis_t (self->log_y, line->y));
      if (py < layout->top - 0.5 || py > layout->bottom + 0.5)
        continue;

      cairo_save (cr);
      cairo_new_path (cr);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, layout->left, round (py) + 0.25);
      cairo_line_to (cr, layout->right, round (py) + 0.25);
      set_color (cr, &style->fg, 0.55);
      cairo_stroke (cr);
      cairo_restore (cr);

      if (line->label == NULL || line->label[0] == '\0')
        continue;
      /* Right-aligned above the line, or below it at the top of the plot. */
      text = mw_curve_text_new (context, fonts->small, fonts->tabular, line->label);
      mw_curve_text_size (text, &w, &h);
      ty = py - h - gap * 0.5 >= layout->top ? py - h - gap * 0.5 : py + gap * 0.5;
      tx = layout->right - gap - w;
      if (ty < placed_bottom && ty + h > placed_top)
        tx = placed_left - 2 * gap - w;
      set_color (cr, &style->fg, 0.75);
      cairo_move_to (cr, round (tx), round (ty));
      pango_cairo_show_layout (cr, text);
      g_object_unref (text);
      placed_left = MIN (placed_left, tx);
      placed_top = MIN (placed_top, ty);
      placed_bottom = MAX (placed_bottom, ty + h);
    }
}

/* --- public API ---------------------------------------------------------- */

void
mw_curve_plot_set_shared_x_range (MwCurvePlot *self,
                                  double       x_min,
                                  double       x_max)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (!(isfinite (x_min) && isfinite (x_max) && x_min <= x_max))
    x_min = x_max = NAN;
  if ((x_min == self->shared_x0 && x_max == self->shared_x1) ||
      (isnan (x_min) && isnan (self->shared_x0)))
    return;
  self->shared_x0 = x_min;
  self->shared_x1 = x_max;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
mw_curve_plot_get_data_x_range (MwCurvePlot *self,
                                double      *x_min,
                                double      *x_max)
{
  double lo = INFINITY, hi = -INFINITY;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      if (!mw_curve_plot_series_drawable (self, series))
        continue;
      lo = MIN (lo, series->x_min[self->x_axis]);
      hi = MAX (hi, series->x_max[self->x_axis]);
    }
  if (!(lo <= hi))
    return FALSE;
  if (x_min != NULL)
    *x_min = lo;
  if (x_max != NULL)
    *x_max = hi;
  return TRUE;
}

void
mw_curve_plot_set_y_axis_width (MwCurvePlot *self,
                                double       width)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  width = isfinite (width) ? MAX (width, 0) : 0;
  if (width == self->y_axis_width)
    return;
  self->y_axis_width = width;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
mw_curve_plot_get_y_axis_width (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), 0);

  return self->y_axis_width;
}

double
mw_curve_plot_get_natural_y_axis_width (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), 0);

  return self->natural_y_axis_width;
}

void
mw_curve_plot_add_reference_line (MwCurvePlot *self,
                                  double       y,
                                  const char  *label)
{
  ReferenceLine line = { y, g_strdup (label) };

  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (isfinite (y));

  g_array_append_val (self->reference_lines, line);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mw_curve_plot_clear_reference_lines (MwCurvePlot *self)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (self->reference_lines->len == 0)
    return;
  g_array_set_size (self->reference_lines, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
mw_curve_plot_get_n_reference_lines (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), 0);

  return self->reference_lines->len;
}

const char *
mw_curve_plot_get_reference_line (MwCurvePlot *self,
                                  guint        index,
                                  double      *y)
{
  const ReferenceLine *line;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);
  g_return_val_if_fail (index < self->reference_lines->len, NULL);

  line = &g_array_index (self->reference_lines, ReferenceLine, index);
  if (y != NULL)
    *y = line->y;
  return line->label;
}

void
mw_curve_plot_set_empty_hint (MwCurvePlot *self,
                              const char  *hint)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (set_string (&self->empty_hint, hint))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
mw_curve_plot_get_empty_hint (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  return self->empty_hint;
}

void
mw_curve_plot_get_plot_area (MwCurvePlot     *self,
                             graphene_rect_t *area)
{
  Layout layout;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (area != NULL);

  mw_curve_plot_widget_layout (self, &layout);
  graphene_rect_init (area, layout.left, layout.top, layout.right - layout.left, layout.bottom - layout.top);
  mw_curve_layout_clear (&layout);
}

char **
mw_curve_plot_dup_y_tick_labels (MwCurvePlot *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  Layout layout;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  mw_curve_plot_widget_layout (self, &layout);
  for (guint i = 0; layout.has_data && i < layout.yt.n; i++)
    g_strv_builder_add (builder, pango_layout_get_text (layout.yt_text[i]));
  mw_curve_layout_clear (&layout);
  return g_strv_builder_end (builder);
}

double *
mw_curve_plot_dup_y_tick_positions (MwCurvePlot *self,
                                    guint       *n)
{
  Layout layout;
  double *positions;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);
  g_return_val_if_fail (n != NULL, NULL);

  mw_curve_plot_widget_layout (self, &layout);
  *n = layout.has_data ? layout.yt.n : 0;
  positions = g_new (double, MAX (*n, 1));
  for (guint i = 0; i < *n; i++)
    positions[i] = py_of (&layout, axis_t (self->log_y, layout.yt.values[i]));
  mw_curve_layout_clear (&layout);
  return positions;
}

gboolean
mw_curve_plot_get_y_label_box (MwCurvePlot     *self,
                               graphene_rect_t *box)
{
  Layout layout;
  double w, h;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  mw_curve_plot_widget_layout (self, &layout);
  if (layout.y_label == NULL)
    {
      mw_curve_layout_clear (&layout);
      return FALSE;
    }
  mw_curve_text_size (layout.y_label, &w, &h);
  if (layout.y_label_on_top)
    graphene_rect_init (box, layout.pad, layout.y_label_y, w, h);
  else   /* standing, centred on the plot area */
    graphene_rect_init (box, layout.pad, round ((layout.top + layout.bottom + w) / 2) - w, h, w);
  mw_curve_layout_clear (&layout);
  return TRUE;
}
