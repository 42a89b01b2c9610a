/* mw-plot-frame.c: the axes of the inspection charts. */

#include "config.h"

#include <math.h>

#include <pango/pangocairo.h>

#include "mw-plot-frame.h"
#include "mw-plot-math.h"
#include "mw-run-item.h"

#define MARGIN_LEFT   56.0
#define MARGIN_RIGHT  14.0
#define MARGIN_TOP    30.0
#define MARGIN_BOTTOM 42.0

void
mw_plot_set_color (cairo_t       *cr,
                   const GdkRGBA *color,
                   double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

void
mw_plot_class_color (guint    index,
                     GdkRGBA *color)
{
  mw_run_item_palette_color (index, color);
}

void
mw_plot_frame_init (MwPlotFrame *frame,
                    GtkWidget   *widget,
                    int          width,
                    int          height,
                    double       x0,
                    double       x1,
                    double       y0,
                    double       y1)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  gtk_style_context_get_color (context, &frame->fg);
  frame->dark = 0.2126 * frame->fg.red + 0.7152 * frame->fg.green + 0.0722 * frame->fg.blue > 0.5;

  if (!(x1 > x0))
    {
      x0 -= 0.5;
      x1 = x0 + 1;
    }
  if (!(y1 > y0))
    {
      double pad = MAX (fabs (y0) * 0.1, 0.5);

      y0 -= pad;
      y1 += pad;
    }
  frame->x0 = x0;
  frame->x1 = x1;
  frame->y0 = y0;
  frame->y1 = y1;
  frame->left = MARGIN_LEFT;
  frame->top = MARGIN_TOP;
  frame->width = MAX (width - MARGIN_LEFT - MARGIN_RIGHT, 10);
  frame->height = MAX (height - MARGIN_TOP - MARGIN_BOTTOM, 10);
}

double
mw_plot_frame_x (const MwPlotFrame *frame,
                 double             x)
{
  return frame->left + (x - frame->x0) / (frame->x1 - frame->x0) * frame->width;
}

double
mw_plot_frame_y (const MwPlotFrame *frame,
                 double             y)
{
  return frame->top + (frame->y1 - y) / (frame->y1 - frame->y0) * frame->height;
}

void
mw_plot_frame_text (GtkWidget  *widget,
                    cairo_t    *cr,
                    const char *text,
                    double      x,
                    double      y,
                    double      align_x,
                    double      align_y,
                    gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, round (x - align_x * w), round (y - align_y * h));
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

void
mw_plot_frame_draw (const MwPlotFrame *frame,
                    GtkWidget         *widget,
                    cairo_t           *cr,
                    const char        *title,
                    const char        *x_label,
                    const char        *y_label,
                    gboolean           show_ticks)
{
  double right = frame->left + frame->width, bottom = frame->top + frame->height;

  cairo_save (cr);
  cairo_set_line_width (cr, 1);

  if (show_ticks)
    {
      MwPlotTicks ticks;

      mw_plot_ticks_linear (&ticks, frame->x0, frame->x1, MAX ((int) (frame->width / 80), 2));
      for (guint i = 0; i < ticks.n; i++)
        {
          double px = round (mw_plot_frame_x (frame, ticks.values[i])) + 0.5;
          g_autofree char *label = mw_plot_ticks_format (&ticks, i);

          mw_plot_set_color (cr, &frame->fg, 0.12);
          cairo_move_to (cr, px, frame->top);
          cairo_line_to (cr, px, bottom);
          cairo_stroke (cr);
          mw_plot_set_color (cr, &frame->fg, 0.75);
          mw_plot_frame_text (widget, cr, label, px, bottom + 4, 0.5, 0, FALSE);
        }

      mw_plot_ticks_linear (&ticks, frame->y0, frame->y1, MAX ((int) (frame->height / 50), 2));
      for (guint i = 0; i < ticks.n; i++)
        {
          double py = round (mw_plot_frame_y (frame, ticks.values[i])) + 0.5;
          g_autofree char *label = mw_plot_ticks_format (&ticks, i);

          mw_plot_set_color (cr, &frame->fg, 0.12);
          cairo_move_to (cr, frame->left, py);
          cairo_line_to (cr, right, py);
          cairo_stroke (cr);
          mw_plot_set_color (cr, &frame->fg, 0.75);
          mw_plot_frame_text (widget, cr, label, frame->left - 6, py, 1, 0.5, FALSE);
        }
    }

  mw_plot_set_color (cr, &frame->fg, 0.35);
  cairo_rectangle (cr, frame->left + 0.5, frame->top + 0.5, frame->width - 1, frame->height - 1);
  cairo_stroke (cr);

  mw_plot_set_color (cr, &frame->fg, 0.9);
  if (title != NULL && *title != '\0')
    mw_plot_frame_text (widget, cr, title, frame->left, 6, 0, 0, TRUE);
  mw_plot_set_color (cr, &frame->fg, 0.75);
  if (x_label != NULL && *x_label != '\0')
    mw_plot_frame_text (widget, cr, x_label, frame->left + frame->width / 2, bottom + 22, 0.5, 0, FALSE);
  if (y_label != NULL && *y_label != '\0')
    {
      cairo_save (cr);
      cairo_translate (cr, 4, frame->top + frame->height / 2);
      cairo_rotate (cr, -G_PI / 2);
      mw_plot_frame_text (widget, cr, y_label, 0, 0, 0.5, 0, FALSE);
      cairo_restore (cr);
    }
  cairo_restore (cr);
}
