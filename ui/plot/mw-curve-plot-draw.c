/* mw-curve-plot-draw.c: the whole of MwCurvePlot's picture: colours for the
 * screen or for paper, grid, axes, labels, legend, the curves, and the
 * overlays (hover readout, zoom box, focus ring). The widget, the exports
 * and the tests all draw through mw_curve_plot_draw_with_style(). */

#include "config.h"

#include <string.h>

#include "mw-curve-plot-private.h"

void
mw_curve_plot_widget_style (MwCurvePlot *self,
                            PlotStyle   *style)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  double luminance;

  memset (style, 0, sizeof *style);
  gtk_style_context_get_color (context, &style->fg);
  luminance = 0.2126 * style->fg.red + 0.7152 * style->fg.green + 0.0722 * style->fg.blue;
  style->dark = luminance > 0.5;

  if (style->dark)
    gdk_rgba_parse (&style->bg, "#2a2a2e");
  else
    gdk_rgba_parse (&style->bg, "#ffffff");

  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &style->accent) &&
      !gtk_style_context_lookup_color (context, "theme_selected_bg_color", &style->accent))
    gdk_rgba_parse (&style->accent, "#3584e4");

  style->overlays = TRUE;
  style->hinting = TRUE;
}

/* Exports are for slides and papers: dark text on white, whatever the
 * theme, so a figure made in dark mode still prints. */
void
mw_curve_paper_style (PlotStyle *style)
{
  memset (style, 0, sizeof *style);
  gdk_rgba_parse (&style->fg, "#1e1e24");
  gdk_rgba_parse (&style->bg, "#ffffff");
  gdk_rgba_parse (&style->accent, "#3584e4");
  style->page = TRUE;
}

static void
draw_grid_and_axes (MwCurvePlot     *self,
                    cairo_t         *cr,
                    const Layout    *layout,
                    const PlotStyle *style)
{
  double grid_alpha = style->dark ? 0.14 : 0.10;

  cairo_set_line_width (cr, 1);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  if (layout->has_data)
    {
      /* Minor lines first (log axis), then major ones. */
      cairo_new_path (cr);
      for (guint i = 0; i < layout->yt.n_minor; i++)
        {
          double py = crisp (py_of (layout, axis_t (self->log_y, layout->yt.minor[i])));

          cairo_move_to (cr, layout->left, py);
          cairo_line_to (cr, layout->right, py);
        }
      set_color (cr, &style->fg, grid_alpha * 0.5);
      cairo_stroke (cr);

      cairo_new_path (cr);
      for (guint i = 0; i < layout->yt.n; i++)
        {
          double py = crisp (py_of (layout, axis_t (self->log_y, layout->yt.values[i])));

          cairo_move_to (cr, layout->left, py);
          cairo_line_to (cr, layout->right, py);
        }
      for (guint i = 0; i < layout->xt.n; i++)
        {
          double px = crisp (px_of (layout, layout->xt.values[i]));

          cairo_move_to (cr, px, layout->top);
          cairo_line_to (cr, px, layout->bottom);
        }
      set_color (cr, &style->fg, grid_alpha);
      cairo_stroke (cr);
    }

  /* The two axes, crisp on the pixel grid. */
  cairo_new_path (cr);
  cairo_move_to (cr, crisp (layout->left), layout->top);
  cairo_line_to (cr, crisp (layout->left), crisp (layout->bottom));
  cairo_line_to (cr, layout->right, crisp (layout->bottom));
  set_color (cr, &style->fg, 0.45);
  cairo_stroke (cr);
}

static void
draw_labels (MwCurvePlot     *self,
             cairo_t         *cr,
             const Layout    *layout,
             const PlotStyle *style)
{
  double gap = round (layout->pad * 0.45);

  set_color (cr, &style->fg, 0.75);
  for (guint i = 0; i < layout->yt.n; i++)
    {
      double w, h, py = py_of (layout, axis_t (self->log_y, layout->yt.values[i]));

      mw_curve_text_size (layout->yt_text[i], &w, &h);
      cairo_move_to (cr, layout->left - gap - w, round (py - h / 2));
      pango_cairo_show_layout (cr, layout->yt_text[i]);
    }
  for (guint i = 0; i < layout->xt.n; i++)
    {
      double w, h, x = px_of (layout, layout->xt.values[i]);

      mw_curve_text_size (layout->xt_text[i], &w, &h);
      x = CLAMP (round (x - w / 2), 0, layout->width - w);
      cairo_move_to (cr, x, layout->bottom + gap);
      pango_cairo_show_layout (cr, layout->xt_text[i]);
    }

  set_color (cr, &style->fg, 0.9);
  if (layout->x_label != NULL)
    {
      double w, h;

      mw_curve_text_size (layout->x_label, &w, &h);
      cairo_move_to (cr, round ((layout->left + layout->right - w) / 2), layout->height - layout->pad - h);
      pango_cairo_show_layout (cr, layout->x_label);
    }
  if (layout->y_label != NULL && layout->y_label_on_top)
    {
      cairo_move_to (cr, layout->pad, layout->y_label_y);
      pango_cairo_show_layout (cr, layout->y_label);
    }
  else if (layout->y_label != NULL)
    {
      double w, h;

      mw_curve_text_size (layout->y_label, &w, &h);
      cairo_save (cr);
      cairo_translate (cr, layout->pad, round ((layout->top + layout->bottom + w) / 2));
      cairo_rotate (cr, -G_PI / 2);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, layout->y_label);
      cairo_restore (cr);
    }

  if (layout->title != NULL)
    {
      set_color (cr, &style->fg, 1);
      cairo_move_to (cr, layout->pad, layout->title_y);
      pango_cairo_show_layout (cr, layout->title);
    }

  for (guint i = 0; i < layout->legend->len; i++)
    {
      const LegendItem *item = &g_array_index (layout->legend, LegendItem, i);
      double h, mid;

      mw_curve_text_size (item->text, NULL, &h);
      mid = item->y + h / 2;

      /* The swatch looks like the curve: a band behind a thick line. */
      if (item->series->has_band && self->show_bands)
        {
          set_color (cr, &item->color, style->dark ? 0.3 : 0.22);
          cairo_rectangle (cr, item->x, round (mid - h * 0.3), layout->swatch, round (h * 0.6));
          cairo_fill (cr);
        }
      set_color (cr, &item->color, 1);
      cairo_set_line_width (cr, 3);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_move_to (cr, item->x + 1.5, mid);
      cairo_line_to (cr, item->x + layout->swatch - 1.5, mid);
      cairo_stroke (cr);

      set_color (cr, &style->fg, 0.9);
      cairo_move_to (cr, item->x + layout->swatch + round (layout->pad * 0.45), item->y);
      pango_cairo_show_layout (cr, item->text);
    }
}

void
mw_curve_rounded_rectangle (cairo_t *cr,
                            double   x,
                            double   y,
                            double   w,
                            double   h,
                            double   r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_overlays (MwCurvePlot     *self,
               cairo_t         *cr,
               PangoContext    *context,
               const Fonts     *fonts,
               const Layout    *layout,
               const PlotStyle *style)
{
  if (self->drag_mode != DRAG_BOX || !self->drag_moved)
    mw_curve_plot_draw_hover (self, cr, context, fonts, layout, style);

  if (self->drag_mode == DRAG_BOX && self->drag_moved)
    {
      double x = MIN (self->drag_start_x, self->drag_start_x + self->drag_dx);
      double y = MIN (self->drag_start_y, self->drag_start_y + self->drag_dy);

      cairo_new_path (cr);
      cairo_rectangle (cr, crisp (x), crisp (y), round (fabs (self->drag_dx)), round (fabs (self->drag_dy)));
      set_color (cr, &style->accent, 0.15);
      cairo_fill_preserve (cr);
      set_color (cr, &style->accent, 0.8);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
    }

  if (gtk_widget_has_visible_focus (GTK_WIDGET (self)))
    {
      cairo_new_path (cr);
      mw_curve_rounded_rectangle (cr, 1, 1, layout->width - 2, layout->height - 2, 6);
      set_color (cr, &style->accent, 0.5);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
}

void
mw_curve_plot_draw_with_style (MwCurvePlot     *self,
                               cairo_t         *cr,
                               int              width,
                               int              height,
                               const PlotStyle *style)
{
  PangoContext *context;
  Layout layout;
  Fonts fonts;

  if (width <= 0 || height <= 0)
    return;

  cairo_save (cr);

  if (style->page)
    {
      set_color (cr, &style->bg, 1);
      cairo_paint (cr);
    }

  mw_curve_plot_fonts_init (self, &fonts);
  context = mw_curve_plot_create_pango_context (self, cr, style);
  mw_curve_plot_layout_compute (self, context, &fonts, style, width, height, &layout);

  draw_grid_and_axes (self, cr, &layout, style);
  draw_labels (self, cr, &layout, style);

  if (layout.has_data)
    {
      cairo_save (cr);
      cairo_rectangle (cr, layout.left, layout.top - 1,
                       layout.right - layout.left + 1, layout.bottom - layout.top + 1);
      cairo_clip (cr);
      mw_curve_plot_draw_reference_lines (self, cr, context, &fonts, &layout, style);
      mw_curve_plot_draw_series (self, cr, &layout, style);
      cairo_restore (cr);
    }
  else if (layout.hint != NULL)
    {
      PangoLayout *hint = mw_curve_text_new (context, fonts.hint, NULL, layout.hint);
      double inner = MAX (layout.right - layout.left - 2 * layout.pad, 1);
      double h;

      /* A hint that says what to do can be a sentence: it wraps, centred. */
      pango_layout_set_width (hint, (int) (inner * PANGO_SCALE));
      pango_layout_set_wrap (hint, PANGO_WRAP_WORD_CHAR);
      pango_layout_set_alignment (hint, PANGO_ALIGN_CENTER);
      mw_curve_text_size (hint, NULL, &h);
      set_color (cr, &style->fg, 0.55);
      cairo_move_to (cr, round (layout.left + layout.pad),
                     round ((layout.top + layout.bottom - h) / 2));
      pango_cairo_show_layout (cr, hint);
      g_object_unref (hint);
    }

  if (style->overlays)
    {
      draw_overlays (self, cr, context, &fonts, &layout, style);
      mw_curve_plot_axes_drawn (self, &layout);
    }

  mw_curve_layout_clear (&layout);
  g_object_unref (context);
  mw_curve_fonts_clear (&fonts);

  cairo_restore (cr);
}

void
mw_curve_plot_draw (MwCurvePlot *self,
                    cairo_t     *cr,
                    int          width,
                    int          height)
{
  PlotStyle style;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (cr != NULL);

  mw_curve_plot_widget_style (self, &style);
  mw_curve_plot_draw_with_style (self, cr, width, height, &style);
}
