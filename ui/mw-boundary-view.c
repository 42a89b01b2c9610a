/* mw-boundary-view.c: a planar run's decision boundary after each inner step. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "mw-boundary-view.h"
#include "mw-boundary-draw.h"

/* The column of losses and accuracies beside the picture. */
#define TABLE_WIDTH 220.0
#define SUMMARY_HEIGHT 36.0
/* The small multiples: squares of this side, this far apart, under three lines of
 * text each. */
#define TILE_SIDE 150.0
#define TILE_GAP 14.0
#define TILE_LINES 3
/* The dashes of the legend's true boundary, as the picture's. */
#define DASH 6.0

struct _MwBoundaryView
{
  MwInspectView parent_instance;

  GtkRange *scale;
  int step;
  int next_task;     /* the task index the next request asks for */
};

G_DEFINE_FINAL_TYPE (MwBoundaryView, mw_boundary_view, MW_TYPE_INSPECT_VIEW)

/* --- the view ---------------------------------------------------------- */

static MwBoundaryInspection *
shown_inspection (MwBoundaryView *self)
{
  return mw_inspect_view_get_inspection (MW_INSPECT_VIEW (self));
}

/* The step drawn: the slider's, within the record's steps. */
static int
shown_step (MwBoundaryView *self)
{
  MwBoundaryInspection *r = shown_inspection (self);

  return r == NULL ? 0 : CLAMP (self->step, 0, r->boundary->steps);
}

int
mw_boundary_view_get_step (MwBoundaryView *self)
{
  g_return_val_if_fail (MW_IS_BOUNDARY_VIEW (self), 0);
  return shown_step (self);
}

GtkRange *
mw_boundary_view_get_step_scale (MwBoundaryView *self)
{
  g_return_val_if_fail (MW_IS_BOUNDARY_VIEW (self), NULL);
  return self->scale;
}

char *
mw_boundary_view_dup_summary (MwBoundaryView *self)
{
  MwBoundaryInspection *r;
  int s;

  g_return_val_if_fail (MW_IS_BOUNDARY_VIEW (self), NULL);

  r = shown_inspection (self);
  if (r == NULL)
    return g_strdup (_("No task drawn yet"));
  s = shown_step (self);
  /* Translators: the run, the test task's number, the step shown, the steps in all,
   * then the query accuracy (a percentage) after that step. */
  return g_strdup_printf (_("%s: test task %d, step %d of %d, query accuracy %.0f%%"), r->title,
                          r->task_index, s, r->boundary->steps, 100 * r->boundary->accuracy[s]);
}

/* The legend and the query loss and accuracy per step, from (x, y) down. */
static void
draw_table (MwBoundaryView *self,
            cairo_t        *cr,
            double          x,
            double          y)
{
  GtkWidget *widget = GTK_WIDGET (self);
  MwBoundaryInspection *r = shown_inspection (self);
  const MwBoundary *b = r->boundary;
  int s = shown_step (self);
  GdkRGBA fg;
  double line = 18;
  static const double dash[] = { DASH, DASH };

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  /* The legend, each entry drawn as in the picture. */
  for (int k = 0; k < 2; k++, y += line)
    {
      cairo_new_path (cr);
      cairo_arc (cr, x + 8, y, 6, 0, 2 * G_PI);
      mw_boundary_set_class_color (cr, k);
      cairo_fill (cr);
      mw_plot_set_color (cr, &fg, 0.9);
      mw_plot_frame_text (widget, cr, k == 0 ? _("class 0") : _("class 1"), x + 20, y, 0, 0.5, FALSE);
    }
  cairo_new_path (cr);
  cairo_arc (cr, x + 5, y, 6, 0, 2 * G_PI);
  mw_plot_set_color (cr, &fg, 0.9);
  cairo_fill (cr);
  cairo_arc (cr, x + 14, y, 2.5, 0, 2 * G_PI);
  cairo_fill (cr);
  mw_plot_frame_text (widget, cr, _("support points large, queries small"), x + 20, y, 0, 0.5, FALSE);
  y += line;
  cairo_new_path (cr);
  cairo_set_source_rgb (cr, 0.8, 0.08, 0.08);
  cairo_set_line_width (cr, 2);
  cairo_arc (cr, x + 8, y, 6, 0, 2 * G_PI);
  cairo_stroke (cr);
  mw_plot_set_color (cr, &fg, 0.9);
  mw_plot_frame_text (widget, cr, _("ringed: query predicted wrong"), x + 20, y, 0, 0.5, FALSE);
  y += line;
  mw_plot_set_color (cr, &fg, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_new_path (cr);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + 16, y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  mw_plot_frame_text (widget, cr, _("the task's true boundary"), x + 20, y, 0, 0.5, FALSE);
  y += line;
  cairo_set_line_width (cr, 3);
  cairo_new_path (cr);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + 16, y);
  cairo_stroke (cr);
  mw_plot_frame_text (widget, cr, _("p = 0.5 after each step, light to dark"), x + 20, y, 0, 0.5, FALSE);
  y += 1.6 * line;

  mw_plot_frame_text (widget, cr, _("Step"), x, y, 0, 0.5, TRUE);
  mw_plot_frame_text (widget, cr, _("Query loss"), x + 140, y, 1, 0.5, TRUE);
  mw_plot_frame_text (widget, cr, _("Accuracy"), x + 215, y, 1, 0.5, TRUE);
  y += line;
  for (int k = 0; k <= b->steps; k++, y += line)
    {
      g_autofree char *step = g_strdup_printf ("%s%d", k == s ? "▸ " : "", k);
      g_autofree char *loss = g_strdup_printf ("%.3f", b->loss[k]);
      g_autofree char *accuracy = g_strdup_printf ("%.0f%%", 100 * b->accuracy[k]);

      mw_plot_set_color (cr, &fg, k <= s ? 0.9 : 0.55);
      mw_plot_frame_text (widget, cr, step, x + (k == s ? 0 : 10), y, 0, 0.5, k == s);
      mw_plot_frame_text (widget, cr, loss, x + 140, y, 1, 0.5, k == s);
      mw_plot_frame_text (widget, cr, accuracy, x + 215, y, 1, 0.5, k == s);
    }
}

/* --- the small multiples ---------------------------------------------- */

static int
n_tiles (MwBoundaryInspection *r)
{
  return r == NULL ? 0 : r->n_panels + (r->boundary->weights != NULL);
}

static double
tile_height (GtkWidget *widget)
{
  return TILE_LINES * mw_boundary_line_height (widget) + 4 + TILE_SIDE;
}

/* Slots per row at @width: at least two, the weight chart's; the page scrolls past a
 * narrower view. */
static int
slots_per_row (double width)
{
  return MAX (2, (int) ((width - 12 + TILE_GAP) / (TILE_SIDE + TILE_GAP)));
}

/* Where tile @i goes at @width (its column's slot and its row), filling the rows in
 * order: a small multiple takes one slot, the weight chart two (its legend beside it). */
static int
place_tiles (MwBoundaryInspection *r,
             double                width,
             int                   i_wanted,
             int                  *column)
{
  int per_row = slots_per_row (width), col = 0, row = 0;

  for (int i = 0; i < n_tiles (r); i++)
    {
      int slots = i < r->n_panels ? 1 : 2;

      if (col + slots > per_row && col > 0)
        {
          col = 0;
          row++;
        }
      if (i == i_wanted)
        {
          *column = col;
          return row;
        }
      col += slots;
    }
  *column = 0;
  return n_tiles (r) == 0 ? 0 : row + 1;   /* past the last: the rows taken */
}

/* The height of the strip of tiles under the picture at @width (0: none). */
static double
strip_height (MwBoundaryView *self,
              double          width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  MwBoundaryInspection *r = shown_inspection (self);
  int column, rows = place_tiles (r, width, -1, &column);

  return rows == 0 ? 0 : mw_boundary_line_height (widget) + 16 + rows * (tile_height (widget) + TILE_GAP);
}

int
mw_boundary_view_get_n_tiles (MwBoundaryView *self)
{
  g_return_val_if_fail (MW_IS_BOUNDARY_VIEW (self), 0);
  return n_tiles (shown_inspection (self));
}

int
mw_boundary_view_get_tile_rows (MwBoundaryView *self)
{
  int column;

  g_return_val_if_fail (MW_IS_BOUNDARY_VIEW (self), 0);
  return place_tiles (shown_inspection (self), gtk_widget_get_width (GTK_WIDGET (self)), -1,
                      &column);
}

gboolean
mw_boundary_view_get_shows_weight_path (MwBoundaryView *self)
{
  MwBoundaryInspection *r;

  g_return_val_if_fail (MW_IS_BOUNDARY_VIEW (self), FALSE);
  r = shown_inspection (self);
  return r != NULL && r->boundary->weights != NULL;
}

/* Tile @i's text lines and square, from (x, y). */
static void
draw_tile (MwBoundaryView *self,
           cairo_t        *cr,
           int             i,
           double          x,
           double          y)
{
  GtkWidget *widget = GTK_WIDGET (self);
  MwBoundaryInspection *r = shown_inspection (self);
  int s = shown_step (self);
  double line = mw_boundary_line_height (widget);
  MwBoundarySquare q = { x, y + TILE_LINES * line + 4, TILE_SIDE, r->boundary->lo, r->boundary->hi };
  g_autofree char *second = NULL, *third = NULL;
  double text_width = i < r->n_panels ? TILE_SIDE : 2 * TILE_SIDE + TILE_GAP;
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  if (i < r->n_panels)
    {
      const MwBoundaryPanel *p = &r->panels[i];

      mw_boundary_draw_field (cr, &q, p->boundary, p->contours, r->truth, s, 0.6);
      mw_boundary_draw_points (cr, &q, r, p->boundary, s, 0.55);
      second = g_strdup (p->algorithm);
      /* Translators: a small multiple's query accuracy (a percentage) at the step shown. */
      third = g_strdup_printf (_("query accuracy %.0f%%"), 100 * p->boundary->accuracy[s]);
      mw_plot_set_color (cr, &fg, 0.9);
      mw_boundary_draw_text (widget, cr, p->title, x, y, TILE_SIDE, TRUE);
    }
  else
    {
      double lx = x + TILE_SIDE + 10, lw = TILE_SIDE + TILE_GAP - 10, ly = q.y;
      g_autofree char *at_step = NULL, *background = NULL;

      mw_boundary_draw_weight_path (widget, cr, &q, r, s);
      mw_plot_set_color (cr, &fg, 0.9);
      mw_boundary_draw_text (widget, cr, _("Weights (w₁, w₂)"), x, y, 2 * TILE_SIDE + TILE_GAP, TRUE);
      second = g_strdup (_("the logistic model's path"));
      /* Translators: the weight chart's legend, one entry a line. */
      third = g_strdup (_("over the inner steps"));
      at_step = g_strdup_printf (_("● step %d"), s);
      /* Translators: the weight chart's background: the query loss over (w₁, w₂) at the
       * bias of the step shown. */
      background = g_strdup_printf (_("shade: query loss at b = %.2f"), r->boundary->weights[3 * s + 2]);
      mw_plot_set_color (cr, &fg, 0.75);
      ly += mw_boundary_draw_text (widget, cr, _("□ start"), lx, ly, lw, FALSE);
      ly += mw_boundary_draw_text (widget, cr, at_step, lx, ly, lw, FALSE);
      if (r->has_normal)
        ly += mw_boundary_draw_text (widget, cr, _("╌ the task's normal"), lx, ly, lw, FALSE);
      {
        PangoLayout *layout = gtk_widget_create_pango_layout (widget, background);

        pango_layout_set_width (layout, (int) (lw * PANGO_SCALE));
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
        cairo_move_to (cr, lx, ly);
        pango_cairo_show_layout (cr, layout);
        g_object_unref (layout);
      }
    }
  mw_plot_set_color (cr, &fg, 0.75);
  mw_boundary_draw_text (widget, cr, second, x, y + line, text_width, FALSE);
  mw_boundary_draw_text (widget, cr, third, x, y + 2 * line, text_width, FALSE);
  mw_plot_set_color (cr, &fg, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, q.x - 0.5, q.y - 0.5, q.side + 1, q.side + 1);
  cairo_stroke (cr);
}

static void
draw_strip (MwBoundaryView *self,
            cairo_t        *cr,
            double          y,
            int             width)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int n = n_tiles (shown_inspection (self));
  double line = mw_boundary_line_height (widget);
  g_autofree char *heading = NULL;
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  mw_plot_set_color (cr, &fg, 0.9);
  /* Translators: the heading of the small multiples; the step shown. */
  heading = g_strdup_printf (_("The same task after step %d, from other starts"), shown_step (self));
  mw_boundary_draw_text (widget, cr, heading, 12, y, width - 24, TRUE);
  y += line + 16;
  for (int i = 0; i < n; i++)
    {
      int column, row = place_tiles (shown_inspection (self), width, i, &column);

      draw_tile (self, cr, i, 12 + column * (TILE_SIDE + TILE_GAP),
                 y + row * (tile_height (widget) + TILE_GAP));
    }
}

static void
mw_boundary_view_draw (MwInspectView *view,
                       cairo_t       *cr,
                       int            width,
                       int            height)
{
  MwBoundaryView *self = MW_BOUNDARY_VIEW (view);
  MwBoundaryInspection *r = shown_inspection (self);
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *summary = mw_boundary_view_dup_summary (self);
  double top = height - strip_height (self, width);
  MwBoundarySquare q;
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  mw_plot_set_color (cr, &fg, 0.9);
  mw_plot_frame_text (widget, cr, summary, 12, 10, 0, 0, TRUE);
  if (r == NULL)
    {
      MwPlotFrame frame;

      mw_plot_frame_init (&frame, widget, width, height - SUMMARY_HEIGHT, 0, 1, 0, 1);
      cairo_save (cr);
      cairo_translate (cr, 0, SUMMARY_HEIGHT);
      mw_inspect_view_draw_message (view, cr, &frame,
                                    _("Next Task adapts this planar run to a seeded test task"));
      cairo_restore (cr);
      return;
    }
  q.side = MAX (MIN (top - SUMMARY_HEIGHT - 12, width - TABLE_WIDTH - 36), 80);
  q.x = 12;
  q.y = SUMMARY_HEIGHT;
  q.lo = r->boundary->lo;
  q.hi = r->boundary->hi;
  mw_boundary_draw_field (cr, &q, r->boundary, r->contours, r->truth, shown_step (self), 1);
  mw_boundary_draw_points (cr, &q, r, r->boundary, shown_step (self), 1);
  mw_plot_set_color (cr, &fg, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, q.x - 0.5, q.y - 0.5, q.side + 1, q.side + 1);
  cairo_stroke (cr);
  draw_table (self, cr, q.x + q.side + 20, q.y + 10);
  if (n_tiles (r) > 0)
    draw_strip (self, cr, MAX (top, q.y + q.side + 12), width);
}

/* The picture's sizes (the class's) and, under it, the tiles' rows at the width. */
static void
mw_boundary_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  MwBoundaryView *self = MW_BOUNDARY_VIEW (widget);
  MwInspectViewClass *klass = MW_INSPECT_VIEW_GET_CLASS (widget);

  GTK_WIDGET_CLASS (mw_boundary_view_parent_class)->measure (widget, orientation, for_size, minimum,
                                                             natural, minimum_baseline,
                                                             natural_baseline);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      double strip = strip_height (self, for_size >= 0 ? for_size : klass->minimum_width);

      *minimum += (int) ceil (strip);
      *natural += (int) ceil (strip);
    }
}

static GtkSizeRequestMode
mw_boundary_view_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
scale_changed_cb (GtkRange       *range,
                  MwBoundaryView *self)
{
  self->step = (int) lround (gtk_range_get_value (range));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* The slider follows the record's steps. */
static void
mw_boundary_view_inspection_changed (MwInspectView *view)
{
  MwBoundaryView *self = MW_BOUNDARY_VIEW (view);
  MwBoundaryInspection *r = shown_inspection (self);
  int steps = r != NULL ? r->boundary->steps : 0;

  if (self->scale == NULL)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale), steps > 0);
  gtk_range_set_range (self->scale, 0, MAX (steps, 1));
  gtk_scale_clear_marks (GTK_SCALE (self->scale));
  for (int s = 0; s <= steps; s++)
    gtk_scale_add_mark (GTK_SCALE (self->scale), s, GTK_POS_BOTTOM, NULL);
  /* A new task starts at its last step: the adapted boundary over the earlier ones. */
  gtk_range_set_value (self->scale, steps);
  self->step = steps;
  /* The tiles under the picture take rows of their own. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static GVariant *
mw_boundary_view_request_params (MwInspectView *view)
{
  MwBoundaryView *self = MW_BOUNDARY_VIEW (view);

  return g_variant_new ("(ti)", MW_TEST_SEED, self->next_task++);
}

static GtkWidget *
mw_boundary_view_create_controls (MwInspectView *view)
{
  MwBoundaryView *self = MW_BOUNDARY_VIEW (view);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (_("S_tep"));
  GtkWidget *scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 1);

  g_return_val_if_fail (self->scale == NULL, NULL);
  gtk_scale_set_digits (GTK_SCALE (scale), 0);
  gtk_scale_set_draw_value (GTK_SCALE (scale), TRUE);
  gtk_scale_set_value_pos (GTK_SCALE (scale), GTK_POS_RIGHT);
  gtk_widget_set_size_request (scale, 220, -1);
  gtk_widget_set_sensitive (scale, FALSE);
  gtk_widget_set_tooltip_text (scale, _("The inner step whose boundary the picture shows"));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), scale);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), scale);
  self->scale = GTK_RANGE (scale);
  g_signal_connect (scale, "value-changed", G_CALLBACK (scale_changed_cb), self);
  return box;
}

static void
mw_boundary_view_class_init (MwBoundaryViewClass *klass)
{
  MwInspectViewClass *view_class = MW_INSPECT_VIEW_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = mw_boundary_view_measure;
  widget_class->get_request_mode = mw_boundary_view_get_request_mode;
  view_class->draw = mw_boundary_view_draw;
  view_class->inspection_changed = mw_boundary_view_inspection_changed;
  view_class->request_params = mw_boundary_view_request_params;
  view_class->create_controls = mw_boundary_view_create_controls;
  mw_inspect_view_class_set_inspection_kind (view_class, &mw_boundary_inspection_kind);
  mw_inspect_view_class_set_size (view_class, 520, 900, 380, 560);
  mw_inspect_view_class_set_page (view_class, "boundary", N_("Boundary"), 35,
                                  MW_INSPECT_RUNS_PLANAR);
  mw_inspect_view_class_set_request (view_class, N_("_Next Task"),
                                     N_("Adapts the model to the next seeded test task and draws "
                                        "its decision boundary after each inner step, in the "
                                        "background"),
                                     N_("Adapting to a task…"));
}

static void
mw_boundary_view_init (MwBoundaryView *self)
{
}

GtkWidget *
mw_boundary_view_new (void)
{
  return g_object_new (MW_TYPE_BOUNDARY_VIEW, NULL);
}
