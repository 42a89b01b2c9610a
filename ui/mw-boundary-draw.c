/* mw-boundary-draw.c: fields, points and the weight path (mw-boundary-draw.h). */

#include "config.h"

#include <math.h>

#include "mw-boundary-draw.h"
#include "mw-plot-frame.h"

/* Playground's colours, as eval --boundary draws them: orange for class 0, blue for
 * class 1, grey between. */
static const double orange[3] = { 245 / 255.0, 147 / 255.0, 34 / 255.0 };
static const double grey[3] = { 232 / 255.0, 234 / 255.0, 235 / 255.0 };
static const double blue[3] = { 8 / 255.0, 119 / 255.0, 189 / 255.0 };

/* The side of the squares that dash the true boundary, in pixels. */
#define DASH 6.0

/* The class colour of a class-1 probability, lightened toward white so that the
 * points stand out on the field. */
static void
field_color (double  p1,
             guint8 *rgb)
{
  const double *end = p1 >= 0.5 ? blue : orange;
  double t = fabs (p1 - 0.5) * 2;

  for (int k = 0; k < 3; k++)
    rgb[k] = (guint8) lround (255 * (0.6 * (grey[k] + t * (end[k] - grey[k])) + 0.4));
}

/* Step s's field as an image, one pixel per grid point, top row first. */
static cairo_surface_t *
field_surface (const MwBoundary *b,
               int               s)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, b->grid, b->grid);
  const float *field = b->fields + (gsize) s * b->grid * b->grid;
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *data;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int j = 0; j < b->grid; j++)
    for (int i = 0; i < b->grid; i++)
      {
        guint32 *pixel = (guint32 *) (data + (gsize) (b->grid - 1 - j) * stride) + i;
        guint8 rgb[3];

        field_color (field[(gsize) j * b->grid + i], rgb);
        *pixel = ((guint32) rgb[0] << 16) | ((guint32) rgb[1] << 8) | rgb[2];
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static double
square_x (const MwBoundarySquare *q,
          float                   x)
{
  return q->x + (x - q->lo) / (q->hi - q->lo) * q->side;
}

static double
square_y (const MwBoundarySquare *q,
          float                   y)
{
  return q->y + (q->hi - y) / (q->hi - q->lo) * q->side;
}

static void
stroke_segments (cairo_t                *cr,
                 const MwBoundarySquare *q,
                 GArray                 *segments)
{
  for (guint i = 0; i < segments->len; i++)
    {
      const MwSegment *g = &g_array_index (segments, MwSegment, i);

      cairo_move_to (cr, square_x (q, g->x0), square_y (q, g->y0));
      cairo_line_to (cr, square_x (q, g->x1), square_y (q, g->y1));
    }
  cairo_stroke (cr);
}

void
mw_boundary_set_class_color (cairo_t *cr,
                             int      label)
{
  const double *c = label == 1 ? blue : orange;

  cairo_set_source_rgb (cr, c[0], c[1], c[2]);
}

/* Clips to a checkerboard over @q: lines stroked inside look dashed whatever their
 * direction, even when made of short unordered segments (cairo's dashes would
 * restart on each). */
static void
clip_dashes (cairo_t                *cr,
             const MwBoundarySquare *q)
{
  for (double cy = q->y; cy < q->y + q->side; cy += DASH)
    for (double cx = q->x + (lround ((cy - q->y) / DASH) % 2) * DASH; cx < q->x + q->side; cx += 2 * DASH)
      cairo_rectangle (cr, cx, cy, DASH, DASH);
  cairo_clip (cr);
}

void
mw_boundary_draw_field (cairo_t                *cr,
                        const MwBoundarySquare *q,
                        const MwBoundary       *b,
                        GArray * const         *contours,
                        GArray                 *truth,
                        int                     s,
                        double                  line)
{
  cairo_surface_t *field = field_surface (b, s);

  /* The field: grid point i's pixel centred on its coordinate. */
  cairo_save (cr);
  cairo_rectangle (cr, q->x, q->y, q->side, q->side);
  cairo_clip (cr);
  cairo_save (cr);
  cairo_translate (cr, q->x - 0.5 * q->side / (b->grid - 1), q->y - 0.5 * q->side / (b->grid - 1));
  cairo_scale (cr, q->side / (b->grid - 1), q->side / (b->grid - 1));
  cairo_set_source_surface (cr, field, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (field);

  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (truth != NULL)
    {
      cairo_save (cr);
      clip_dashes (cr, q);
      cairo_set_source_rgb (cr, 0.16, 0.16, 0.16);
      cairo_set_line_width (cr, 2 * MAX (line, 0.75));
      stroke_segments (cr, q, truth);
      cairo_restore (cr);
    }
  /* The contours: light grey for the start, near black for the step shown. */
  for (int k = 0; k <= s; k++)
    {
      double level = s > 0 ? (190.0 - 170.0 * k / s) / 255.0 : 20 / 255.0;

      cairo_set_source_rgb (cr, level, level, level);
      cairo_set_line_width (cr, (k == s ? 3 : 1.5) * line);
      stroke_segments (cr, q, contours[k]);
    }
  cairo_restore (cr);
}

void
mw_boundary_draw_points (cairo_t                    *cr,
                         const MwBoundarySquare     *q,
                         const MwBoundaryInspection *r,
                         const MwBoundary           *b,
                         int                         s,
                         double                      scale)
{
  cairo_save (cr);
  cairo_rectangle (cr, q->x, q->y, q->side, q->side);
  cairo_clip (cr);
  /* Queries small, in their true class's colour; the wrong ones ringed. */
  for (int i = 0; i < b->n_query; i++)
    {
      double px = square_x (q, r->query_xy[2 * i]), py = square_y (q, r->query_xy[2 * i + 1]);
      gboolean one = r->query_labels[i] == 1;

      mw_boundary_set_class_color (cr, r->query_labels[i]);
      cairo_arc (cr, px, py, 3.5 * scale, 0, 2 * G_PI);
      cairo_fill (cr);
      if ((b->query_p1[(gsize) s * b->n_query + i] > 0.5f) != one)
        {
          cairo_set_source_rgb (cr, 0.8, 0.08, 0.08);
          cairo_set_line_width (cr, 2 * MAX (scale, 0.75));
          cairo_arc (cr, px, py, 7 * scale, 0, 2 * G_PI);
          cairo_stroke (cr);
        }
    }
  /* Support points large, outlined. */
  for (int i = 0; i < r->n_support; i++)
    {
      double px = square_x (q, r->support_xy[2 * i]), py = square_y (q, r->support_xy[2 * i + 1]);

      cairo_arc (cr, px, py, 8 * scale, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.12, 0.12, 0.12);
      cairo_fill (cr);
      cairo_arc (cr, px, py, 6 * scale, 0, 2 * G_PI);
      mw_boundary_set_class_color (cr, r->support_labels[i]);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

double
mw_boundary_draw_text (GtkWidget  *widget,
                       cairo_t    *cr,
                       const char *text,
                       double      x,
                       double      y,
                       double      width,
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
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
  return h;
}

double
mw_boundary_line_height (GtkWidget *widget)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, "Ag");
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  g_object_unref (layout);
  return h;
}

/* --- the weight path ----------------------------------------------------- */

static double
weight_x (const MwBoundaryInspection *r,
          const MwBoundarySquare     *q,
          double                      w1)
{
  return q->x + (w1 - (r->weight_centre[0] - r->weight_half)) / (2 * r->weight_half) * q->side;
}

static double
weight_y (const MwBoundaryInspection *r,
          const MwBoundarySquare     *q,
          double                      w2)
{
  return q->y + ((r->weight_centre[1] + r->weight_half) - w2) / (2 * r->weight_half) * q->side;
}

void
mw_boundary_draw_weight_path (GtkWidget                  *widget,
                              cairo_t                    *cr,
                              const MwBoundarySquare     *q,
                              const MwBoundaryInspection *r,
                              int                         s)
{
  const MwBoundary *b = r->boundary;
  const int n = MW_BOUNDARY_LOSS_GRID;
  const float *loss = r->weight_loss + (gsize) s * n * n;
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, n, n);
  int stride = cairo_image_surface_get_stride (surface);
  float lo = INFINITY, hi = -INFINITY;
  MwBoundarySquare grid_square = { q->x, q->y, q->side, 0, 1 };
  guint8 *data;

  for (int k = 0; k < n * n; k++)
    if (isfinite (loss[k]))
      {
        lo = fminf (lo, loss[k]);
        hi = fmaxf (hi, loss[k]);
      }
  /* The loss in shades of grey-blue: darker where it is low, on a log scale so the
   * valley shows however steep its walls. */
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++)
      {
        double v = loss[(gsize) j * n + i];
        double t = hi > lo ? log1p (v - lo) / log1p (hi - lo) : 0.5;
        guint8 g = (guint8) lround (255 * (0.62 + 0.36 * t));
        guint32 *pixel = (guint32 *) (data + (gsize) (n - 1 - j) * stride) + i;

        *pixel = ((guint32) (g - 10) << 16) | ((guint32) (g - 4) << 8) | g;
      }
  cairo_surface_mark_dirty (surface);
  cairo_save (cr);
  cairo_rectangle (cr, q->x, q->y, q->side, q->side);
  cairo_clip (cr);
  cairo_save (cr);
  cairo_translate (cr, q->x - 0.5 * q->side / (n - 1), q->y - 0.5 * q->side / (n - 1));
  cairo_scale (cr, q->side / (n - 1), q->side / (n - 1));
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);

  /* A few level lines of the loss, in the grid's own square. */
  if (hi > lo)
    for (int k = 1; k <= 4; k++)
      {
        float level = lo + (float) expm1 (log1p (hi - lo) * k / 5.0);
        GArray *segments = mw_contour_segments (loss, n, 0, 1, level);

        cairo_set_source_rgba (cr, 0.2, 0.25, 0.35, 0.45);
        cairo_set_line_width (cr, 1);
        for (guint i = 0; i < segments->len; i++)
          {
            const MwSegment *g = &g_array_index (segments, MwSegment, i);

            cairo_move_to (cr, square_x (&grid_square, g->x0), square_y (&grid_square, g->y0));
            cairo_line_to (cr, square_x (&grid_square, g->x1), square_y (&grid_square, g->y1));
          }
        cairo_stroke (cr);
        g_array_unref (segments);
      }

  /* The axes through w = 0, faint. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.3);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, weight_x (r, q, 0), q->y);
  cairo_line_to (cr, weight_x (r, q, 0), q->y + q->side);
  cairo_move_to (cr, q->x, weight_y (r, q, 0));
  cairo_line_to (cr, q->x + q->side, weight_y (r, q, 0));
  cairo_stroke (cr);

  /* The true normal, dashed: through w = 0 along it lie the weights whose boundary
   * has the task's angle; the path's square may not reach it, so an arrow in the
   * corner shows its direction too. */
  if (r->has_normal)
    {
      double reach = 4 * (fabs (r->weight_centre[0]) + fabs (r->weight_centre[1]) + r->weight_half);
      double cx = q->x + q->side - 22, cy = q->y + 22, ax = 16 * r->normal[0], ay = -16 * r->normal[1];
      static const double dash[] = { 5, 4 };

      cairo_save (cr);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_source_rgb (cr, 0.16, 0.16, 0.16);
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, weight_x (r, q, 0), weight_y (r, q, 0));
      cairo_line_to (cr, weight_x (r, q, reach * r->normal[0]), weight_y (r, q, reach * r->normal[1]));
      cairo_stroke (cr);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 2);
      cairo_move_to (cr, cx - ax, cy - ay);
      cairo_line_to (cr, cx + ax, cy + ay);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      /* The arrow's head. */
      cairo_move_to (cr, cx + ax, cy + ay);
      cairo_line_to (cr, cx + ax - 0.45 * ax + 0.3 * ay, cy + ay - 0.45 * ay - 0.3 * ax);
      cairo_line_to (cr, cx + ax - 0.45 * ax - 0.3 * ay, cy + ay - 0.45 * ay + 0.3 * ax);
      cairo_close_path (cr);
      cairo_fill (cr);
      cairo_restore (cr);
    }

  /* The path so far, the start (a hollow square), the step (filled, ringed). */
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_set_line_width (cr, 2);
  for (int k = 0; k <= s; k++)
    {
      double x = weight_x (r, q, b->weights[3 * k]), y = weight_y (r, q, b->weights[3 * k + 1]);

      if (k == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke (cr);
  for (int k = 1; k < s; k++)
    {
      cairo_arc (cr, weight_x (r, q, b->weights[3 * k]), weight_y (r, q, b->weights[3 * k + 1]), 2.5,
                 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_rectangle (cr, weight_x (r, q, b->weights[0]) - 4.5, weight_y (r, q, b->weights[1]) - 4.5,
                   9, 9);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_stroke (cr);
  cairo_arc (cr, weight_x (r, q, b->weights[3 * s]), weight_y (r, q, b->weights[3 * s + 1]), 5, 0,
             2 * G_PI);
  cairo_set_source_rgb (cr, 0.8, 0.08, 0.08);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_restore (cr);
}
