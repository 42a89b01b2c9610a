/* mw-curve-plot-layout.c: where everything of MwCurvePlot goes: fonts, the
 * title and legend in the header, axis labels, ticks and the plot rectangle,
 * and the conversion between data and pixels that drawing and input share. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mw-curve-plot-private.h"

void
mw_curve_plot_fonts_init (MwCurvePlot *self,
                          Fonts       *fonts)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *widget_font = pango_context_get_font_description (context);
  int size;

  fonts->base = widget_font != NULL ? pango_font_description_copy (widget_font)
                                    : pango_font_description_from_string ("Sans 10");
  size = pango_font_description_get_size (fonts->base);
  if (size <= 0)
    {
      size = 10 * PANGO_SCALE;
      pango_font_description_set_size (fonts->base, size);
    }

  fonts->small = pango_font_description_copy (fonts->base);
  fonts->title = pango_font_description_copy (fonts->base);
  fonts->hint = pango_font_description_copy (fonts->base);
  if (pango_font_description_get_size_is_absolute (fonts->base))
    {
      pango_font_description_set_absolute_size (fonts->small, size * 0.9);
      pango_font_description_set_absolute_size (fonts->title, size * 1.15);
      pango_font_description_set_absolute_size (fonts->hint, size * 1.1);
    }
  else
    {
      pango_font_description_set_size (fonts->small, (int) (size * 0.9));
      pango_font_description_set_size (fonts->title, (int) (size * 1.15));
      pango_font_description_set_size (fonts->hint, (int) (size * 1.1));
    }
  pango_font_description_set_weight (fonts->title, PANGO_WEIGHT_BOLD);
  fonts->small_bold = pango_font_description_copy (fonts->small);
  pango_font_description_set_weight (fonts->small_bold, PANGO_WEIGHT_BOLD);

  /* Tabular digits, so tick labels and readout values line up. */
  fonts->tabular = pango_attr_list_new ();
  pango_attr_list_insert (fonts->tabular, pango_attr_font_features_new ("tnum"));
}

void
mw_curve_fonts_clear (Fonts *fonts)
{
  g_clear_pointer (&fonts->base, pango_font_description_free);
  g_clear_pointer (&fonts->small, pango_font_description_free);
  g_clear_pointer (&fonts->small_bold, pango_font_description_free);
  g_clear_pointer (&fonts->title, pango_font_description_free);
  g_clear_pointer (&fonts->hint, pango_font_description_free);
  g_clear_pointer (&fonts->tabular, pango_attr_list_unref);
}

PangoContext *
mw_curve_plot_create_pango_context (MwCurvePlot     *self,
                                    cairo_t         *cr,
                                    const PlotStyle *style)
{
  PangoContext *widget_context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoContext *context = pango_cairo_create_context (cr);
  cairo_font_options_t *options;
  double resolution = 96;

  if (style->hinting)
    {
      const cairo_font_options_t *screen = pango_cairo_context_get_font_options (widget_context);

      options = screen != NULL ? cairo_font_options_copy (screen) : cairo_font_options_create ();
      if (pango_cairo_context_get_resolution (widget_context) > 0)
        resolution = pango_cairo_context_get_resolution (widget_context);
    }
  else
    {
      /* Exports scale: metrics must not snap to one screen's pixels. */
      options = cairo_font_options_create ();
      cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
      cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
    }
  pango_cairo_context_set_font_options (context, options);
  pango_cairo_context_set_resolution (context, resolution);
  /* The language picks the right CJK glyphs for zh_CN. */
  pango_context_set_language (context, pango_context_get_language (widget_context));
  cairo_font_options_destroy (options);

  return context;
}

PangoLayout *
mw_curve_text_new (PangoContext               *context,
                   const PangoFontDescription *font,
                   PangoAttrList              *attributes,
                   const char                 *text)
{
  PangoLayout *layout = pango_layout_new (context);

  pango_layout_set_font_description (layout, font);
  if (attributes != NULL)
    pango_layout_set_attributes (layout, attributes);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

void
mw_curve_text_size (PangoLayout *layout,
                    double      *width,
                    double      *height)
{
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = logical.width;
  if (height != NULL)
    *height = logical.height;
}

static const char *
default_x_label (MwCurvePlotXAxis axis)
{
  switch (axis)
    {
    case MW_CURVE_PLOT_X_TASKS:
      return _("Tasks seen");
    case MW_CURVE_PLOT_X_SECONDS:
      return _("Wall-clock time (s)");
    case MW_CURVE_PLOT_X_ITERATIONS:
    default:
      return _("Meta-iteration");
    }
}

static const char *
empty_hint (MwCurvePlot *self)
{
  gboolean any_points = FALSE, any_visible = FALSE, any_finite = FALSE;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      if (series_len (series) == 0)
        continue;
      any_points = TRUE;
      if (!series->visible)
        continue;
      any_visible = TRUE;
      if (series->n_finite > 0)
        any_finite = TRUE;
    }

  if (!any_points)
    return self->empty_hint != NULL ? self->empty_hint : _("No data yet");
  if (!any_visible)
    return _("All runs are hidden");
  if (!any_finite)
    return _("No finite values yet: the run may have diverged");
  if (self->log_y)
    return _("No positive values to show on a log scale");
  return _("No data yet");
}

static void
layout_ticks (MwPlotTicks  *ticks,
              PangoLayout **texts,
              PangoContext *context,
              const Fonts  *fonts,
              double        lo,
              double        hi,
              gboolean      log_y,
              int           max_intervals,
              guint         min_ticks,
              double       *max_width,
              double       *max_height)
{
  for (guint i = 0; i < MW_PLOT_MAX_TICKS; i++)
    g_clear_object (&texts[i]);

  if (log_y)
    mw_plot_ticks_readable (ticks, pow (10.0, lo), pow (10.0, hi), TRUE, max_intervals, min_ticks);
  else
    mw_plot_ticks_readable (ticks, lo, hi, FALSE, max_intervals, min_ticks);

  *max_width = *max_height = 0;
  for (guint i = 0; i < ticks->n; i++)
    {
      g_autofree char *label = mw_plot_ticks_format (ticks, i);
      double w, h;

      texts[i] = mw_curve_text_new (context, fonts->small, fonts->tabular, label);
      mw_curve_text_size (texts[i], &w, &h);
      *max_width = MAX (*max_width, w);
      *max_height = MAX (*max_height, h);
    }
}

/* The shortest plot area, in lines of text, worth shortening the legend's
 * names for. */
#define MIN_PLOT_LINES 5

/* Places the legend's items: on the title's line when they fit, wrapped
 * onto lines of their own below it otherwise; each name at most
 * @max_text_w wide (< 0: whole), shortened in the middle. Returns: the
 * header's height. */
static double
place_legend (Layout *layout,
              int     width,
              double  line_h,
              double  title_w,
              double  title_h,
              double  max_text_w)
{
  double pad = layout->pad, gap = round (line_h * 0.4);
  double item_gap = round (line_h * 1.1), swatch_gap = round (line_h * 0.4);
  double legend_h, row_w = 0, total_w = 0, x, y, available = width - 2 * pad;
  gboolean inline_legend;

  if (layout->legend->len == 0)
    return title_h;

  for (guint i = 0; i < layout->legend->len; i++)
    {
      PangoLayout *text = g_array_index (layout->legend, LegendItem, i).text;

      pango_layout_set_width (text, max_text_w < 0 ? -1 : (int) (max_text_w * PANGO_SCALE));
      /* Run names differ at both ends ("MAML …, seed 1 (2)"): both stay. */
      pango_layout_set_ellipsize (text, max_text_w < 0 ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_MIDDLE);
    }

  for (guint i = 0; i < layout->legend->len; i++)
    {
      double w;

      mw_curve_text_size (g_array_index (layout->legend, LegendItem, i).text, &w, NULL);
      total_w += (i > 0 ? item_gap : 0) + layout->swatch + swatch_gap + w;
    }

  inline_legend = title_w == 0 || title_w + 2 * item_gap + total_w <= available;
  x = inline_legend ? width - pad - MIN (total_w, available) : pad;
  y = pad + (inline_legend || title_h == 0 ? 0 : title_h + gap);
  legend_h = line_h;

  for (guint i = 0; i < layout->legend->len; i++)
    {
      LegendItem *item = &g_array_index (layout->legend, LegendItem, i);
      double w;

      mw_curve_text_size (item->text, &w, NULL);
      w += layout->swatch + swatch_gap;
      /* Wrap onto a new line, left aligned under the title. */
      if (row_w > 0 && row_w + item_gap + w > available + 0.5)
        {
          x = pad;
          y += line_h + gap * 0.5;
          legend_h += line_h + gap * 0.5;
          row_w = 0;
        }
      if (row_w > 0)
        {
          x += item_gap;
          row_w += item_gap;
        }
      item->x = x;
      item->y = y;
      x += w;
      row_w += w;
    }

  if (inline_legend)
    return MAX (title_h, legend_h);
  return title_h + gap + legend_h;
}

/* The lines the placed legend takes. */
static guint
legend_lines (const Layout *layout)
{
  guint lines = 0;
  double last_y = -1;

  for (guint i = 0; i < layout->legend->len; i++)
    {
      double y = g_array_index (layout->legend, LegendItem, i).y;

      if (i == 0 || y != last_y)
        lines++;
      last_y = y;
    }
  return lines;
}

void
mw_curve_layout_clear (Layout *layout)
{
  for (guint i = 0; i < MW_PLOT_MAX_TICKS; i++)
    {
      g_clear_object (&layout->xt_text[i]);
      g_clear_object (&layout->yt_text[i]);
    }
  g_clear_object (&layout->title);
  g_clear_object (&layout->x_label);
  g_clear_object (&layout->y_label);
  if (layout->legend != NULL)
    {
      for (guint i = 0; i < layout->legend->len; i++)
        g_object_unref (g_array_index (layout->legend, LegendItem, i).text);
      g_clear_pointer (&layout->legend, g_array_unref);
    }
}

/* Places everything: header (title and legend), axes, ticks, plot area. The
 * legend sits in the header, never over the curves: on the title's line when
 * it fits, wrapped onto lines of its own below it otherwise. */
void
mw_curve_plot_layout_compute (MwCurvePlot     *self,
                              PangoContext    *context,
                              const Fonts     *fonts,
                              const PlotStyle *style,
                              int              width,
                              int              height,
                              Layout          *layout)
{
  double line_h, pad, gap, header_h = 0, title_w = 0, title_h = 0;
  double x_tick_h, x_tick_w, y_tick_w, tick_h, label_h = 0;
  double y_label_w = 0, y_label_length = 0, y_label_h = 0;
  const char *x_label;
  PangoLayout *probe;
  int max_intervals;

  memset (layout, 0, sizeof *layout);
  layout->width = width;
  layout->height = height;

  probe = mw_curve_text_new (context, fonts->base, NULL, "0");
  mw_curve_text_size (probe, NULL, &line_h);
  g_object_unref (probe);

  pad = layout->pad = round (line_h * 0.85);
  gap = round (line_h * 0.4);
  layout->swatch = round (line_h * 1.3);

  /* Header. */
  if (self->title != NULL && self->title[0] != '\0')
    {
      layout->title = mw_curve_text_new (context, fonts->title, NULL, self->title);
      /* A narrow chart shortens its title and legend rather than cut them at
       * its edge; the series' names keep their ends (a run's seed). */
      pango_layout_set_width (layout->title, (int) (MAX (width - 2 * pad, 1) * PANGO_SCALE));
      pango_layout_set_ellipsize (layout->title, PANGO_ELLIPSIZE_END);
      mw_curve_text_size (layout->title, &title_w, &title_h);
    }

  layout->legend = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      LegendItem item = { series, { 0 }, NULL, 0, 0 };

      if (!series->visible)
        continue;

      mw_curve_series_color (series, style->dark, &item.color);
      item.text = mw_curve_text_new (context, fonts->base, NULL, series->name);
      g_array_append_val (layout->legend, item);
    }

  /* No name wider than the chart, even alone on its line. */
  header_h = place_legend (layout, width, line_h, title_w, title_h,
                           MAX (width - 2 * pad - layout->swatch - round (line_h * 0.4), 1));
  /* A legend wrapped over several lines would leave a short chart little
   * room for its curves: the names are shortened to fit one line fewer at a
   * time until the curves have room (the hover readout and the run list
   * have them whole). */
  for (int lines = (int) legend_lines (layout) - 1;
       lines >= 1 && height - header_h - 2 * pad - (pad + 2 * (line_h + gap)) < MIN_PLOT_LINES * line_h;
       lines--)
    {
      int per_line = ((int) layout->legend->len + lines - 1) / lines;
      double item_gap = round (line_h * 1.1), swatch_gap = round (line_h * 0.4);
      double budget = floor ((width - 2 * pad - (per_line - 1) * item_gap) / per_line -
                             layout->swatch - swatch_gap);

      /* Names cut to a few letters say nothing. */
      if (budget < line_h * 4)
        break;
      header_h = place_legend (layout, width, line_h, title_w, title_h, budget);
    }

  layout->title_y = pad;

  /* Axis labels. */
  x_label = self->x_label != NULL ? self->x_label : default_x_label (self->x_axis);
  if (x_label[0] != '\0')
    {
      layout->x_label = mw_curve_text_new (context, fonts->base, NULL, x_label);
      mw_curve_text_size (layout->x_label, NULL, &label_h);
    }
  if (self->y_label != NULL && self->y_label[0] != '\0')
    {
      layout->y_label = mw_curve_text_new (context, fonts->base, NULL, self->y_label);
      mw_curve_text_size (layout->y_label, &y_label_length, &y_label_h);
      y_label_w = y_label_h; /* standing: its height is its width */
    }

  probe = mw_curve_text_new (context, fonts->small, fonts->tabular, "0123456789");
  mw_curve_text_size (probe, NULL, &x_tick_h);
  g_object_unref (probe);

  layout->top = pad + header_h + (header_h > 0 ? pad : x_tick_h * 0.5);
  layout->bottom = height - pad - (label_h > 0 ? label_h + gap : 0) - x_tick_h - gap;

  /* A title longer than a short chart is high ("Mean squared error") lies
   * above the axis instead, where it is read whole; the plot gives up the
   * height of one line for it. */
  if (layout->y_label != NULL && y_label_length > layout->bottom - layout->top)
    {
      layout->y_label_on_top = TRUE;
      layout->y_label_y = header_h > 0 ? pad + header_h + gap : pad;
      layout->top = layout->y_label_y + y_label_h + round (x_tick_h * 0.5 + gap * 0.5);
      y_label_w = 0;
    }

  /* The view and the y ticks. */
  layout->has_data = mw_curve_plot_current_view (self, &layout->x0, &layout->x1, &layout->t0, &layout->t1);
  if (layout->has_data)
    {
      gboolean drawable = FALSE;

      for (guint i = 0; i < self->series->len && !drawable; i++)
        drawable = mw_curve_plot_series_drawable (self, g_ptr_array_index (self->series, i));
      layout->has_data = drawable;
    }
  if (!layout->has_data)
    layout->hint = empty_hint (self);

  y_tick_w = 0;
  if (layout->has_data)
    {
      /* Three labels at least, however short the chart: one or two say
       * nothing about the scale. */
      max_intervals = CLAMP ((int) ((layout->bottom - layout->top) / (line_h * 3.2)), 2, 8);
      layout_ticks (&layout->yt, layout->yt_text, context, fonts,
                    layout->t0, layout->t1, self->log_y, max_intervals, 3, &y_tick_w, &tick_h);
      /* Too short for three labels that far apart: the automatic view grows
       * to whole steps, so the labels sit at its ends and between them. A
       * zoomed view shows what was asked for. */
      if (!self->log_y && !self->manual_view && layout->yt.n >= 2 &&
          (layout->bottom - layout->top) * (layout->yt.values[1] - layout->yt.values[0]) /
          (layout->t1 - layout->t0) < tick_h * 1.15)
        {
          double step = mw_plot_nice_step (layout->t1 - layout->t0, 2);

          layout->t0 = floor (layout->t0 / step + 1e-9) * step;
          layout->t1 = ceil (layout->t1 / step - 1e-9) * step;
          layout_ticks (&layout->yt, layout->yt_text, context, fonts,
                        layout->t0, layout->t1, FALSE, 2, 3, &y_tick_w, &tick_h);
        }
    }

  layout->natural_left = pad + (y_label_w > 0 ? y_label_w + gap * 1.5 : 0) +
                         MAX (y_tick_w, line_h * 1.5) + gap * 1.5;
  /* Charts stacked on one page share the widest one's width, so their
   * plot areas and grids line up. */
  layout->left = MAX (ceil (layout->natural_left), self->y_axis_width);
  layout->right = width - pad;

  /* The x ticks: a first guess at the spacing, then again with the real
   * label widths; the last label may stick out past the plot by half. */
  if (layout->has_data)
    {
      double plot_w = MAX (layout->right - layout->left, 1);
      double spacing;
      int needed;

      max_intervals = CLAMP ((int) (plot_w / (line_h * 6)), 1, 12);
      layout_ticks (&layout->xt, layout->xt_text, context, fonts,
                    layout->x0, layout->x1, FALSE, max_intervals, 1, &x_tick_w, &tick_h);
      layout->right = width - MAX (pad, x_tick_w * 0.5 + gap);
      plot_w = MAX (layout->right - layout->left, 1);
      spacing = x_tick_w + line_h * 2;
      needed = (int) floor (plot_w / spacing);
      if (needed < max_intervals || layout->xt.n < 2)
        layout_ticks (&layout->xt, layout->xt_text, context, fonts,
                      layout->x0, layout->x1, FALSE, CLAMP (needed, 1, 12), 1, &x_tick_w, &tick_h);
    }

  /* Tiny widgets: keep the rectangle valid rather than inverted. */
  layout->right = MAX (layout->right, layout->left + 1);
  layout->bottom = MAX (layout->bottom, layout->top + 1);
}

/* Computes the layout the widget would draw at its current size, for
 * turning pointer positions into data. */
void
mw_curve_plot_widget_layout (MwCurvePlot *self,
                             Layout      *layout)
{
  mw_curve_plot_widget_layout_at (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                  gtk_widget_get_height (GTK_WIDGET (self)), layout);
}

void
mw_curve_plot_widget_layout_at (MwCurvePlot *self,
                                int          width,
                                int          height,
                                Layout      *layout)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  PlotStyle style;
  PangoContext *context;
  Fonts fonts;

  mw_curve_plot_widget_style (self, &style);
  mw_curve_plot_fonts_init (self, &fonts);
  context = mw_curve_plot_create_pango_context (self, cr, &style);
  mw_curve_plot_layout_compute (self, context, &fonts, &style, width, height, layout);
  g_object_unref (context);
  mw_curve_fonts_clear (&fonts);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}
