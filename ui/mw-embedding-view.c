/* mw-embedding-view.c: support, query and prototype embeddings after PCA. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "mw-class-name.h"
#include "mw-embedding-view.h"

struct _MwEmbeddingView
{
  MwInspectView parent_instance;
};

G_DEFINE_FINAL_TYPE (MwEmbeddingView, mw_embedding_view, MW_TYPE_INSPECT_VIEW)

static MwEpisodeInspection *
shown_inspection (MwEmbeddingView *self)
{
  return mw_inspect_view_get_inspection (MW_INSPECT_VIEW (self));
}

static void
extend (const float *xy,
        int          n,
        double      *lo,
        double      *hi)
{
  for (int i = 0; i < n; i++)
    for (int a = 0; a < 2; a++)
      if (isfinite (xy[i * 2 + a]))
        {
          lo[a] = MIN (lo[a], xy[i * 2 + a]);
          hi[a] = MAX (hi[a], xy[i * 2 + a]);
        }
}

/* The legend's marks, drawn as the chart draws them, each with what it means. */
typedef enum {
  MARK_SUPPORT,
  MARK_QUERY,
  MARK_PROTOTYPE,
  MARK_LINK,
  MARK_WRONG,
  N_MARKS
} Mark;

static const char *const mark_texts[N_MARKS] = {
  N_("support image"),
  N_("query image"),
  N_("prototype: the mean of a class's support"),
  N_("line: a query to its nearest prototype"),
  N_("red ring: nearest a wrong prototype"),
};

#define LEGEND_ROW 17.0
#define LEGEND_NAME_CHARS 24

static void
draw_support_dot (cairo_t       *cr,
                  const GdkRGBA *color,
                  double         x,
                  double         y)
{
  cairo_new_path (cr);   /* no line from where the last text ended */
  mw_plot_set_color (cr, color, 0.9);
  cairo_arc (cr, x, y, 4.5, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
draw_query_ring (cairo_t       *cr,
                 const GdkRGBA *color,
                 double         x,
                 double         y)
{
  cairo_new_path (cr);
  mw_plot_set_color (cr, color, 1);
  cairo_set_line_width (cr, 2);
  cairo_arc (cr, x, y, 5, 0, 2 * G_PI);
  cairo_stroke (cr);
}

static void
draw_wrong_ring (cairo_t *cr,
                 double   x,
                 double   y)
{
  cairo_new_path (cr);
  cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 1);
  cairo_set_line_width (cr, 1.5);
  cairo_arc (cr, x, y, 8.5, 0, 2 * G_PI);
  cairo_stroke (cr);
}

static void
draw_prototype (cairo_t           *cr,
                const MwPlotFrame *frame,
                const GdkRGBA     *color,
                double             x,
                double             y)
{
  cairo_new_path (cr);
  cairo_rectangle (cr, x - 7, y - 7, 14, 14);
  mw_plot_set_color (cr, color, 1);
  cairo_fill_preserve (cr);
  mw_plot_set_color (cr, &frame->fg, 0.9);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
}

static void
draw_link (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha,
           double         x0,
           double         y0,
           double         x1,
           double         y1)
{
  cairo_new_path (cr);
  cairo_set_line_width (cr, 1);
  mw_plot_set_color (cr, color, alpha);
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
}

static double
text_width (GtkWidget  *widget,
            const char *text)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int width;

  pango_layout_get_pixel_size (layout, &width, NULL);
  g_object_unref (layout);
  return width;
}

/* The classes' colours, then every mark the chart uses, on a backing that keeps the
 * lines from running through the words. */
static void
draw_legend (MwEmbeddingView           *self,
             cairo_t                   *cr,
             const MwPlotFrame         *frame,
             const MwEpisodeInspection *r)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int n_classes = MIN (r->ways, 12);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char * const *texts;
  double width = 0, height, lx, ly, sx;
  GdkRGBA gray = frame->fg;

  mw_embedding_view_get_legend_marks (&texts);
  for (int c = 0; c < n_classes; c++)
    {
      char *name = mw_class_name_shorten (r->class_names[c], LEGEND_NAME_CHARS);

      width = MAX (width, text_width (widget, name));
      g_ptr_array_add (names, name);
    }
  for (int m = 0; m < N_MARKS; m++)
    width = MAX (width, text_width (widget, texts[m]));
  width += 26;
  height = (n_classes + N_MARKS) * LEGEND_ROW + 8;
  lx = MAX (frame->left + 4, frame->left + frame->width - width - 10);
  ly = frame->top + 6;

  mw_plot_set_color (cr, frame->dark ? &(GdkRGBA) { 0.14, 0.14, 0.14, 1 } : &(GdkRGBA) { 1, 1, 1, 1 }, 0.85);
  cairo_rectangle (cr, lx - 6, ly - 2, width + 12, height);
  cairo_fill (cr);
  ly += LEGEND_ROW / 2;
  sx = lx + 8;   /* the symbols' centre */

  for (int c = 0; c < n_classes; c++, ly += LEGEND_ROW)
    {
      GdkRGBA color;

      mw_plot_class_color (c, &color);
      mw_plot_set_color (cr, &color, 1);
      cairo_rectangle (cr, sx - 5, ly - 5, 10, 10);
      cairo_fill (cr);
      mw_plot_set_color (cr, &frame->fg, 0.85);
      mw_plot_frame_text (widget, cr, g_ptr_array_index (names, c), lx + 20, ly, 0, 0.5, FALSE);
    }

  /* The marks in the text colour: their shape is what they say. */
  gray.alpha = 1;
  for (int m = 0; m < N_MARKS; m++, ly += LEGEND_ROW)
    {
      switch ((Mark) m)
        {
        case MARK_SUPPORT:
          draw_support_dot (cr, &gray, sx, ly);
          break;
        case MARK_QUERY:
          draw_query_ring (cr, &gray, sx, ly);
          break;
        case MARK_PROTOTYPE:
          draw_prototype (cr, frame, &(GdkRGBA) { 0.6, 0.6, 0.6, 1 }, sx, ly);
          break;
        case MARK_LINK:
          draw_link (cr, &gray, 0.8, sx - 8, ly + 4, sx + 8, ly - 4);
          break;
        case MARK_WRONG:
        case N_MARKS:
        default:
          draw_query_ring (cr, &gray, sx, ly);
          draw_wrong_ring (cr, sx, ly);
          break;
        }
      mw_plot_set_color (cr, &frame->fg, 0.85);
      mw_plot_frame_text (widget, cr, texts[m], lx + 20, ly, 0, 0.5, FALSE);
    }
}

static void
mw_embedding_view_draw (MwInspectView *view,
                        cairo_t       *cr,
                        int            width,
                        int            height)
{
  MwEmbeddingView *self = MW_EMBEDDING_VIEW (view);
  GtkWidget *widget = GTK_WIDGET (self);
  MwEpisodeInspection *r = shown_inspection (self);
  const MwEmbedding *e;
  MwPlotFrame frame;
  double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
  g_autofree char *x_label = NULL, *y_label = NULL, *title = NULL;

  if (r == NULL || !r->has_embedding)
    {
      mw_plot_frame_init (&frame, widget, width, height, 0, 1, 0, 1);
      mw_plot_frame_draw (&frame, widget, cr, NULL, NULL, NULL, FALSE);
      mw_inspect_view_draw_message (view, cr, &frame, r == NULL ? _("No episode yet")
                                                                 : _("This learner has no embedding to show"));
      return;
    }

  e = &r->embedding;
  extend (e->support_xy, e->n_support, lo, hi);
  extend (e->query_xy, e->n_query, lo, hi);
  extend (e->prototype_xy, e->ways, lo, hi);
  for (int a = 0; a < 2; a++)
    {
      double pad = (hi[a] - lo[a]) * 0.08 + 1e-6;

      lo[a] -= pad;
      hi[a] += pad;
    }
  mw_plot_frame_init (&frame, widget, width, height, lo[0], hi[0], lo[1], hi[1]);
  /* Translators: PCA axis labels; %.0f%% is the share of the variance. */
  x_label = g_strdup_printf (_("Principal component 1 (%.0f%% of the variance)"), 100 * e->explained[0]);
  y_label = g_strdup_printf (_("Component 2 (%.0f%%)"), 100 * e->explained[1]);
  title = g_strdup_printf (_("%s · %d of %d queries nearest their own prototype"), r->title,
                           mw_embedding_view_get_n_right (self), e->n_query);
  mw_plot_frame_draw (&frame, widget, cr, title, x_label, y_label, FALSE);

  cairo_save (cr);
  cairo_rectangle (cr, frame.left, frame.top, frame.width, frame.height);
  cairo_clip (cr);

  /* Links first, so the points sit on top. */
  for (int q = 0; q < e->n_query; q++)
    {
      int p = e->query_assigned[q];
      GdkRGBA color;

      mw_plot_class_color (p, &color);
      draw_link (cr, &color, 0.45, mw_plot_frame_x (&frame, e->query_xy[q * 2]), mw_plot_frame_y (&frame, e->query_xy[q * 2 + 1]),
                 mw_plot_frame_x (&frame, e->prototype_xy[p * 2]), mw_plot_frame_y (&frame, e->prototype_xy[p * 2 + 1]));
    }

  for (int i = 0; i < e->n_support; i++)
    {
      GdkRGBA color;

      mw_plot_class_color (e->support_labels[i], &color);
      draw_support_dot (cr, &color, mw_plot_frame_x (&frame, e->support_xy[i * 2]),
                        mw_plot_frame_y (&frame, e->support_xy[i * 2 + 1]));
    }

  for (int q = 0; q < e->n_query; q++)
    {
      double x = mw_plot_frame_x (&frame, e->query_xy[q * 2]), y = mw_plot_frame_y (&frame, e->query_xy[q * 2 + 1]);
      GdkRGBA color;

      mw_plot_class_color (e->query_labels[q], &color);
      draw_query_ring (cr, &color, x, y);
      if (e->query_assigned[q] != e->query_labels[q])
        draw_wrong_ring (cr, x, y);
    }

  for (int c = 0; c < e->ways; c++)
    {
      GdkRGBA color;

      mw_plot_class_color (c, &color);
      draw_prototype (cr, &frame, &color, mw_plot_frame_x (&frame, e->prototype_xy[c * 2]),
                      mw_plot_frame_y (&frame, e->prototype_xy[c * 2 + 1]));
    }
  cairo_restore (cr);

  draw_legend (self, cr, &frame, r);
}

int
mw_embedding_view_get_legend_marks (const char * const **texts)
{
  static const char *marks[N_MARKS];

  for (int m = 0; m < N_MARKS; m++)
    marks[m] = _(mark_texts[m]);
  if (texts != NULL)
    *texts = marks;
  return N_MARKS;
}

int
mw_embedding_view_get_n_right (MwEmbeddingView *self)
{
  MwEpisodeInspection *r;
  const MwEmbedding *e;
  int right = 0;

  g_return_val_if_fail (MW_IS_EMBEDDING_VIEW (self), 0);

  r = shown_inspection (self);
  if (r == NULL || !r->has_embedding)
    return 0;
  e = &r->embedding;
  for (int q = 0; q < e->n_query; q++)
    right += e->query_assigned[q] == e->query_labels[q];
  return right;
}

void
mw_embedding_view_set_inspection (MwEmbeddingView     *self,
                                  MwEpisodeInspection *inspection)
{
  g_return_if_fail (MW_IS_EMBEDDING_VIEW (self));

  mw_inspect_view_set_inspection (MW_INSPECT_VIEW (self), inspection);
}

static void
mw_embedding_view_class_init (MwEmbeddingViewClass *klass)
{
  MwInspectViewClass *view_class = MW_INSPECT_VIEW_CLASS (klass);

  view_class->draw = mw_embedding_view_draw;
  mw_inspect_view_class_set_inspection_kind (view_class, &mw_episode_inspection_kind);
  mw_inspect_view_class_set_page (view_class, "embedding", N_("Embedding"), 10, MW_INSPECT_RUNS_CLASSIFICATION);
  mw_inspect_view_class_set_size (view_class, 300, 600, 300, 600);
}

static void
mw_embedding_view_init (MwEmbeddingView *self)
{
}

GtkWidget *
mw_embedding_view_new (void)
{
  return g_object_new (MW_TYPE_EMBEDDING_VIEW, NULL);
}
