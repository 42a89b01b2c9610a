/* mw-boundary-view.c: a planar run's decision boundary after each inner step. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "mw-boundary-view.h"

/* Playground's colours, as eval --boundary draws them: orange for class 0, blue for
 * class 1, grey between. */
static const double orange[3] = { 245 / 255.0, 147 / 255.0, 34 / 255.0 };
static const double grey[3] = { 232 / 255.0, 234 / 255.0, 235 / 255.0 };
static const double blue[3] = { 8 / 255.0, 119 / 255.0, 189 / 255.0 };

/* The column of losses and accuracies beside the picture. */
#define TABLE_WIDTH 220.0
#define SUMMARY_HEIGHT 36.0
/* The side of the squares that dash the true boundary, in pixels. */
#define DASH 6.0

struct _MwBoundaryView
{
  MwInspectView parent_instance;

  GtkRange *scale;
  int step;
  int next_task;     /* the task index the next request asks for */
};

G_DEFINE_FINAL_TYPE (MwBoundaryView, mw_boundary_view, MW_TYPE_INSPECT_VIEW)

/* --- the record -------------------------------------------------------- */

/* On the inspector's worker thread. */
static gpointer
boundary_compute (const MwInspectRequest *request,
                  GError                **error)
{
  const MwExperimentConfig *c = mw_run_get_config (request->run);
  g_autoptr(MwBoundaryInspection) r = NULL;
  MwPlanarSpec spec;
  MwTaskGen *gen;
  MwTask task;
  MwRng rng;
  guint64 seed = MW_TEST_SEED;
  int task_index = 0, steps, grid = MW_BOUNDARY_VIEW_GRID;

  if (!mw_data_info (c->data)->points)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED, "%s",
                   _("The Boundary page draws planar runs: this run's tasks are not points "
                     "in the plane"));
      return NULL;
    }
  if (request->params != NULL)
    g_variant_get (request->params, "(ti)", &seed, &task_index);

  /* The same task as eval's episode task_index of this seed (and eval --boundary's). */
  mw_experiment_config_planar_spec (c, &spec);
  gen = mw_task_gen_new_planar (&spec, c->shots, c->queries);
  mw_rng_init (&rng, seed, (uint64_t) task_index);
  steps = MIN (mw_algorithm_kind_is_metric (c->algo.kind) ? 0 : c->test_steps,
               MW_BOUNDARY_MAX_STEPS);
  r = mw_inspection_new (&mw_boundary_inspection_kind);
  r->title = g_strdup (request->run_title);
  r->seed = seed;
  r->task_index = task_index;
  if (mw_task_gen_next (gen, c->ways, c->shots, c->queries, &rng, &task, error))
    r->boundary = mw_boundary_compute (mw_run_get_algorithm (request->run), &task, steps, grid,
                                       -MW_PLANAR_RANGE, MW_PLANAR_RANGE, error);
  if (r->boundary == NULL)
    {
      mw_task_gen_free (gen);
      return NULL;
    }
  r->n_support = task.support_x->shape[0];
  r->support_xy = g_memdup2 (task.support_x->data, sizeof (float) * 2 * (gsize) r->n_support);
  r->support_labels = g_memdup2 (task.support_labels, sizeof (int32_t) * (gsize) r->n_support);
  r->query_xy = g_memdup2 (task.query_x->data, sizeof (float) * 2 * (gsize) r->boundary->n_query);
  r->query_labels = g_memdup2 (task.query_labels, sizeof (int32_t) * (gsize) r->boundary->n_query);
  r->contours = g_new0 (GArray *, r->boundary->steps + 1);
  for (int s = 0; s <= r->boundary->steps; s++)
    r->contours[s] = mw_boundary_contour (r->boundary, s, 0.5f);
  {
    const MwPlanarTask *truth = mw_task_gen_planar_task (gen, 0);
    float *margin = g_new (float, (gsize) grid * grid);

    for (int j = 0; j < grid; j++)
      for (int i = 0; i < grid; i++)
        margin[j * grid + i] = mw_planar_task_margin (truth, mw_boundary_coordinate (r->boundary, i),
                                                      mw_boundary_coordinate (r->boundary, j));
    r->truth = mw_contour_segments (margin, grid, r->boundary->lo, r->boundary->hi, 0.0f);
    g_free (margin);
  }
  mw_task_gen_free (gen);
  return g_steal_pointer (&r);
}

static void
boundary_inspection_clear (gpointer data)
{
  MwBoundaryInspection *self = data;

  if (self->contours != NULL)
    for (int s = 0; s <= self->boundary->steps; s++)
      g_array_unref (self->contours[s]);
  g_free (self->contours);
  g_clear_pointer (&self->truth, g_array_unref);
  g_clear_pointer (&self->boundary, mw_boundary_free);
  g_free (self->title);
  g_free (self->support_xy);
  g_free (self->support_labels);
  g_free (self->query_xy);
  g_free (self->query_labels);
}

const MwInspectionKind mw_boundary_inspection_kind = {
  "boundary", sizeof (MwBoundaryInspection), boundary_inspection_clear, boundary_compute
};

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

typedef struct {
  double x, y, side;
  float lo, hi;
} Square;

static double
square_x (const Square *q,
          float         x)
{
  return q->x + (x - q->lo) / (q->hi - q->lo) * q->side;
}

static double
square_y (const Square *q,
          float         y)
{
  return q->y + (q->hi - y) / (q->hi - q->lo) * q->side;
}

static void
stroke_segments (cairo_t      *cr,
                 const Square *q,
                 GArray       *segments)
{
  for (guint i = 0; i < segments->len; i++)
    {
      const MwSegment *g = &g_array_index (segments, MwSegment, i);

      cairo_move_to (cr, square_x (q, g->x0), square_y (q, g->y0));
      cairo_line_to (cr, square_x (q, g->x1), square_y (q, g->y1));
    }
  cairo_stroke (cr);
}

static void
set_class_color (cairo_t *cr,
                 int      label)
{
  const double *c = label == 1 ? blue : orange;

  cairo_set_source_rgb (cr, c[0], c[1], c[2]);
}

static void
draw_picture (MwBoundaryView *self,
              cairo_t        *cr,
              const Square   *q)
{
  MwBoundaryInspection *r = shown_inspection (self);
  const MwBoundary *b = r->boundary;
  int s = shown_step (self);
  cairo_surface_t *field = field_surface (b, s);

  /* The field: grid point i's pixel centred on its coordinate. */
  cairo_save (cr);
  cairo_rectangle (cr, q->x, q->y, q->side, q->side);
  cairo_clip (cr);
  cairo_translate (cr, q->x - 0.5 * q->side / (b->grid - 1), q->y - 0.5 * q->side / (b->grid - 1));
  cairo_scale (cr, q->side / (b->grid - 1), q->side / (b->grid - 1));
  cairo_set_source_surface (cr, field, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_pattern_set_extend (cairo_get_source (cr), CAIRO_EXTEND_PAD);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (field);

  cairo_save (cr);
  cairo_rectangle (cr, q->x, q->y, q->side, q->side);
  cairo_clip (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  /* The true boundary, dashed: its segments are a grid cell long and unordered, so
   * cairo's dashes would restart on each; a checkerboard clip dashes the whole curve
   * whatever its direction. */
  cairo_save (cr);
  for (double cy = q->y; cy < q->y + q->side; cy += DASH)
    for (double cx = q->x + (lround ((cy - q->y) / DASH) % 2) * DASH; cx < q->x + q->side; cx += 2 * DASH)
      cairo_rectangle (cr, cx, cy, DASH, DASH);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 0.16, 0.16, 0.16);
  cairo_set_line_width (cr, 2);
  stroke_segments (cr, q, r->truth);
  cairo_restore (cr);
  /* The contours: light grey for the start, near black for the step shown. */
  for (int k = 0; k <= s; k++)
    {
      double level = s > 0 ? (190.0 - 170.0 * k / s) / 255.0 : 20 / 255.0;

      cairo_set_source_rgb (cr, level, level, level);
      cairo_set_line_width (cr, k == s ? 3 : 1.5);
      stroke_segments (cr, q, r->contours[k]);
    }
  /* Queries small, in their true class's colour; the wrong ones ringed. */
  for (int i = 0; i < b->n_query; i++)
    {
      double px = square_x (q, r->query_xy[2 * i]), py = square_y (q, r->query_xy[2 * i + 1]);
      gboolean one = r->query_labels[i] == 1;

      set_class_color (cr, r->query_labels[i]);
      cairo_arc (cr, px, py, 3.5, 0, 2 * G_PI);
      cairo_fill (cr);
      if ((b->query_p1[(gsize) s * b->n_query + i] > 0.5f) != one)
        {
          cairo_set_source_rgb (cr, 0.8, 0.08, 0.08);
          cairo_set_line_width (cr, 2);
          cairo_arc (cr, px, py, 7, 0, 2 * G_PI);
          cairo_stroke (cr);
        }
    }
  /* Support points large, outlined. */
  for (int i = 0; i < r->n_support; i++)
    {
      double px = square_x (q, r->support_xy[2 * i]), py = square_y (q, r->support_xy[2 * i + 1]);

      cairo_arc (cr, px, py, 8, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 0.12, 0.12, 0.12);
      cairo_fill (cr);
      cairo_arc (cr, px, py, 6, 0, 2 * G_PI);
      set_class_color (cr, r->support_labels[i]);
      cairo_fill (cr);
    }
  cairo_restore (cr);
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
      set_class_color (cr, k);
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
  GdkRGBA fg;
  Square q;

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
  q.side = MAX (MIN (height - SUMMARY_HEIGHT - 12, width - TABLE_WIDTH - 36), 80);
  q.x = 12;
  q.y = SUMMARY_HEIGHT;
  q.lo = r->boundary->lo;
  q.hi = r->boundary->hi;
  draw_picture (self, cr, &q);
  mw_plot_set_color (cr, &fg, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, q.x - 0.5, q.y - 0.5, q.side + 1, q.side + 1);
  cairo_stroke (cr);
  draw_table (self, cr, q.x + q.side + 20, q.y + 10);
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
