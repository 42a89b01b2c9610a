/* mw-embedding-view.c: support, query and prototype embeddings after PCA. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

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
  cairo_set_line_width (cr, 1);
  for (int q = 0; q < e->n_query; q++)
    {
      int p = e->query_assigned[q];
      GdkRGBA color;

      mw_plot_class_color (p, &color);
      mw_plot_set_color (cr, &color, 0.45);
      cairo_move_to (cr, mw_plot_frame_x (&frame, e->query_xy[q * 2]), mw_plot_frame_y (&frame, e->query_xy[q * 2 + 1]));
      cairo_line_to (cr, mw_plot_frame_x (&frame, e->prototype_xy[p * 2]),
                     mw_plot_frame_y (&frame, e->prototype_xy[p * 2 + 1]));
      cairo_stroke (cr);
    }

  for (int i = 0; i < e->n_support; i++)
    {
      GdkRGBA color;

      mw_plot_class_color (e->support_labels[i], &color);
      mw_plot_set_color (cr, &color, 0.9);
      cairo_arc (cr, mw_plot_frame_x (&frame, e->support_xy[i * 2]),
                 mw_plot_frame_y (&frame, e->support_xy[i * 2 + 1]), 4.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }

  for (int q = 0; q < e->n_query; q++)
    {
      double x = mw_plot_frame_x (&frame, e->query_xy[q * 2]), y = mw_plot_frame_y (&frame, e->query_xy[q * 2 + 1]);
      GdkRGBA color;

      mw_plot_class_color (e->query_labels[q], &color);
      mw_plot_set_color (cr, &color, 1);
      cairo_set_line_width (cr, 2);
      cairo_arc (cr, x, y, 5, 0, 2 * G_PI);
      cairo_stroke (cr);
      if (e->query_assigned[q] != e->query_labels[q])
        {
          cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 1);
          cairo_set_line_width (cr, 1.5);
          cairo_arc (cr, x, y, 8.5, 0, 2 * G_PI);
          cairo_stroke (cr);
        }
    }

  for (int c = 0; c < e->ways; c++)
    {
      double x = mw_plot_frame_x (&frame, e->prototype_xy[c * 2]), y = mw_plot_frame_y (&frame, e->prototype_xy[c * 2 + 1]);
      GdkRGBA color;

      mw_plot_class_color (c, &color);
      cairo_rectangle (cr, x - 7, y - 7, 14, 14);
      mw_plot_set_color (cr, &color, 1);
      cairo_fill_preserve (cr);
      mw_plot_set_color (cr, &frame.fg, 0.9);
      cairo_set_line_width (cr, 1.5);
      cairo_stroke (cr);
    }
  cairo_restore (cr);

  /* Legend: the classes, then the marks. */
  {
    double lx = frame.left + frame.width - 230, ly = frame.top + 12;

    for (int c = 0; c < r->ways && c < 12; c++, ly += 17)
      {
        GdkRGBA color;
        g_autofree char *name = g_strdup (r->class_names[c]);

        if (g_utf8_strlen (name, -1) > 20)
          {
            g_free (name);
            name = g_strconcat ("…", g_utf8_offset_to_pointer (r->class_names[c],
                                                                g_utf8_strlen (r->class_names[c], -1) - 19), NULL);
          }
        mw_plot_class_color (c, &color);
        mw_plot_set_color (cr, &color, 1);
        cairo_rectangle (cr, lx, ly - 5, 10, 10);
        cairo_fill (cr);
        mw_plot_set_color (cr, &frame.fg, 0.85);
        mw_plot_frame_text (widget, cr, name, lx + 16, ly, 0, 0.5, FALSE);
      }
    mw_plot_set_color (cr, &frame.fg, 0.7);
    mw_plot_frame_text (widget, cr, _("● support  ○ query  ■ prototype"), lx, ly + 4, 0, 0.5, FALSE);
  }
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
