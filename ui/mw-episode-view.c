/* mw-episode-view.c: the episode inspector's images, predictions and matrix. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "mw-class-name.h"
#include "mw-episode-view.h"
#include "mw-plot-frame.h"

#define THUMB_SIZE 56
/* Characters a line of a class name gets beside a support row and under a query. */
#define SUPPORT_NAME_CHARS 16
#define QUERY_NAME_CHARS 14

struct _MwEpisodeView
{
  GtkBox parent_instance;

  MwEpisodeInspection *inspection;
  int step;                      /* the measured step shown */

  GtkLabel *summary_label;
  GtkScale *step_scale;
  GtkGrid *support_grid;
  GtkFlowBox *query_box;
  GtkLabel *query_legend;        /* what the marks on the queries mean */
  MwConfusionView *confusion;
  GPtrArray *query_labels;       /* GtkLabel *, one per query (borrowed) */
  GPtrArray *support_frames;     /* the framed support images, one per image (borrowed) */
  GPtrArray *query_frames;       /* the framed query images, one per query (borrowed) */
  GPtrArray *query_badges;       /* GtkLabel * on each query image: ✓ or ✗ (borrowed) */
  gboolean updating_scale;
};

G_DEFINE_FINAL_TYPE (MwEpisodeView, mw_episode_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* An image in its frame (style.css: .mw-thumbnail and its role), with room on top for
 * a query's ✓ or ✗. */
static GtkWidget *
framed_thumbnail (const guint8 *rgb,
                  int           index,
                  int           height,
                  int           width,
                  const char   *role)
{
  g_autoptr(GdkTexture) texture = mw_inspection_image_texture (rgb, index, height, width);
  GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  GtkWidget *frame = gtk_overlay_new ();

  gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
  gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_CONTAIN);
  gtk_widget_set_size_request (picture, THUMB_SIZE, THUMB_SIZE);
  gtk_overlay_set_child (GTK_OVERLAY (frame), picture);
  gtk_widget_set_halign (frame, GTK_ALIGN_START);
  gtk_widget_set_valign (frame, GTK_ALIGN_START);
  gtk_widget_add_css_class (frame, "mw-thumbnail");
  gtk_widget_add_css_class (frame, role);
  return frame;
}

static void
swatch_draw (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        data)
{
  GdkRGBA color;

  mw_plot_class_color (GPOINTER_TO_UINT (data), &color);
  gdk_cairo_set_source_rgba (cr, &color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

static GtkWidget *
class_swatch (int index)
{
  GtkWidget *area = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), 12);
  gtk_widget_set_valign (area, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), swatch_draw, GUINT_TO_POINTER (index), NULL);
  return area;
}

static void
remove_children (GtkWidget *parent)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (parent)) != NULL)
    {
      if (GTK_IS_FLOW_BOX (parent))
        gtk_flow_box_remove (GTK_FLOW_BOX (parent), child);
      else if (GTK_IS_GRID (parent))
        gtk_grid_remove (GTK_GRID (parent), child);
      else
        gtk_widget_unparent (child);
    }
}

static int
measured_step_at_or_before (const MwEpisodeTrace *trace,
                            int                   step)
{
  step = CLAMP (step, 0, trace->steps);
  while (step > 0 && !trace->measured[step])
    step--;
  return step;
}

static void
set_css_class (GtkWidget  *widget,
               const char *name,
               gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

/* A wrong answer is told by more than colour: a ✗ on the image and a thick dashed frame
 * (a ✓ and a thin solid one when right), so it reads in greyscale and for colour-blind eyes. */
static void
mark_answer (MwEpisodeView *self,
             int            q,
             gboolean       right)
{
  GtkWidget *frame = g_ptr_array_index (self->query_frames, q);
  GtkLabel *badge = g_ptr_array_index (self->query_badges, q);

  set_css_class (frame, "mw-answer-right", right);
  set_css_class (frame, "mw-answer-wrong", !right);
  gtk_label_set_label (badge, right ? "✓" : "✗");
  set_css_class (GTK_WIDGET (badge), "mw-answer-right", right);
  set_css_class (GTK_WIDGET (badge), "mw-answer-wrong", !right);
}

/* Captions and the matrix for the current step; the images stay. */
static void
update_step (MwEpisodeView *self)
{
  MwEpisodeInspection *r = self->inspection;
  const MwEpisodeTrace *t;
  int s, right = 0;
  g_autofree char *summary = NULL;

  if (r == NULL)
    {
      gtk_label_set_label (self->summary_label, _("No episode yet"));
      mw_confusion_view_set_data (self->confusion, 0, NULL, NULL, NULL);
      return;
    }

  t = &r->trace;
  s = self->step;
  for (int q = 0; q < t->n_query; q++)
    {
      GtkLabel *label = g_ptr_array_index (self->query_labels, q);
      int predicted = t->predicted[s][q];
      gboolean ok = predicted == t->query_labels[q];
      double p = t->outputs[s][q * t->n_out + predicted];
      g_autofree char *text = NULL;

      right += ok;
      /* Translators: under a query image: mark, predicted class, its probability. */
      text = g_strdup_printf (_("%s %s %.0f%%"), ok ? "✓" : "✗", r->class_names[predicted], 100 * p);
      mw_class_name_label_set (label, text, NULL);
      if (!ok)
        {
          g_autofree char *truly = g_strdup_printf (_("Truly %s"), r->class_names[t->query_labels[q]]);
          g_autofree char *both = g_strdup_printf ("%s\n%s", text, truly);

          gtk_widget_set_tooltip_text (GTK_WIDGET (label), both);
        }
      set_css_class (GTK_WIDGET (label), "error", !ok);
      set_css_class (GTK_WIDGET (label), "success", ok);
      mark_answer (self, q, ok);
    }

  if (s == 0)
    summary = g_strdup_printf (_("Before adaptation: %d of %d queries right (%.1f%%), loss %.3f"),
                               right, t->n_query, 100 * t->accuracy[s], t->loss[s]);
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "After %d step: %d of %d queries right (%.1f%%), loss %.3f",
                                            "After %d steps: %d of %d queries right (%.1f%%), loss %.3f",
                                            s),
                               s, right, t->n_query, 100 * t->accuracy[s], t->loss[s]);
  gtk_label_set_label (self->summary_label, summary);
  mw_confusion_view_set_data (self->confusion, t->ways, (const char * const *) r->class_names,
                              t->confusion[s], t->class_accuracy[s]);
}

static void
rebuild (MwEpisodeView *self)
{
  MwEpisodeInspection *r = self->inspection;
  int last;

  remove_children (GTK_WIDGET (self->support_grid));
  remove_children (GTK_WIDGET (self->query_box));
  g_ptr_array_set_size (self->query_labels, 0);
  g_ptr_array_set_size (self->support_frames, 0);
  g_ptr_array_set_size (self->query_frames, 0);
  g_ptr_array_set_size (self->query_badges, 0);

  if (r == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->step_scale), FALSE);
      self->step = 0;
      update_step (self);
      return;
    }

  /* Support: one row per class, its K images in a row. */
  {
    int column[64] = { 0 };

    for (int c = 0; c < r->ways; c++)
      {
        GtkWidget *name = gtk_label_new (NULL);
        GtkWidget *head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

        mw_class_name_label_setup (GTK_LABEL (name), SUPPORT_NAME_CHARS, 3);
        gtk_label_set_width_chars (GTK_LABEL (name), SUPPORT_NAME_CHARS * 5 / 8);
        mw_class_name_label_set (GTK_LABEL (name), r->class_names[c], NULL);
        gtk_box_append (GTK_BOX (head), class_swatch (c));
        gtk_box_append (GTK_BOX (head), name);
        gtk_grid_attach (self->support_grid, head, 0, c, 1, 1);
      }
    for (int i = 0; i < r->n_support; i++)
      {
        int c = r->support_labels[i];
        GtkWidget *frame;

        if (c < 0 || c >= r->ways || c >= (int) G_N_ELEMENTS (column))
          continue;
        frame = framed_thumbnail (r->support_rgb, i, r->height, r->width, "mw-role-support");
        gtk_grid_attach (self->support_grid, frame, 1 + column[c]++, c, 1, 1);
        g_ptr_array_add (self->support_frames, frame);
      }
  }

  for (int q = 0; q < r->n_query; q++)
    {
      GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *caption = gtk_label_new (NULL);
      GtkWidget *truth = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *truth_label = gtk_label_new (NULL);
      GtkWidget *frame = framed_thumbnail (r->query_rgb, q, r->height, r->width, "mw-role-query");
      GtkWidget *badge = gtk_label_new (NULL);
      GtkWidget *frame_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

      mw_class_name_label_setup (GTK_LABEL (caption), QUERY_NAME_CHARS, 2);
      mw_class_name_label_setup (GTK_LABEL (truth_label), QUERY_NAME_CHARS - 2, 2);
      /* Two short lines: filled to the end, so the mark keeps the name beside it. */
      gtk_label_set_wrap_mode (GTK_LABEL (caption), PANGO_WRAP_CHAR);
      gtk_label_set_wrap_mode (GTK_LABEL (truth_label), PANGO_WRAP_CHAR);
      mw_class_name_label_set (GTK_LABEL (truth_label), r->class_names[r->trace.query_labels[q]], NULL);
      gtk_widget_add_css_class (truth_label, "dim-label");
      gtk_widget_add_css_class (truth_label, "caption");
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_set_halign (badge, GTK_ALIGN_END);
      gtk_widget_set_valign (badge, GTK_ALIGN_START);
      gtk_widget_add_css_class (badge, "mw-answer-badge");
      gtk_overlay_add_overlay (GTK_OVERLAY (frame), badge);
      gtk_box_append (GTK_BOX (truth), class_swatch (r->trace.query_labels[q]));
      gtk_box_append (GTK_BOX (truth), truth_label);
      /* The prediction right under the image, where a short screen still shows it. The
       * frame in a row of its own: asked for its height at the cell's width, the picture
       * would grow tall in a wide cell. */
      gtk_box_append (GTK_BOX (frame_row), frame);
      gtk_box_append (GTK_BOX (cell), frame_row);
      gtk_box_append (GTK_BOX (cell), caption);
      gtk_box_append (GTK_BOX (cell), truth);
      gtk_flow_box_append (self->query_box, cell);
      g_ptr_array_add (self->query_labels, caption);
      g_ptr_array_add (self->query_frames, frame);
      g_ptr_array_add (self->query_badges, badge);
    }

  last = mw_episode_trace_last_step (&r->trace);
  self->updating_scale = TRUE;
  gtk_range_set_range (GTK_RANGE (self->step_scale), 0, MAX (last, 1));
  gtk_scale_clear_marks (self->step_scale);
  for (int s = 0; s <= last; s++)
    if (r->trace.measured[s] && (last <= 10 || s % 10 == 0 || s == last))
      gtk_scale_add_mark (self->step_scale, s, GTK_POS_BOTTOM, NULL);
  gtk_range_set_value (GTK_RANGE (self->step_scale), last);
  self->updating_scale = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->step_scale), last > 0);
  self->step = last;
  update_step (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
scale_changed_cb (GtkRange      *range,
                  MwEpisodeView *self)
{
  if (self->updating_scale)
    return;
  mw_episode_view_set_step (self, (int) lround (gtk_range_get_value (range)));
}

void
mw_episode_view_set_step (MwEpisodeView *self,
                          int            step)
{
  g_return_if_fail (MW_IS_EPISODE_VIEW (self));

  if (self->inspection == NULL)
    return;
  step = measured_step_at_or_before (&self->inspection->trace, step);
  if (step == self->step)
    return;

  self->step = step;
  self->updating_scale = TRUE;
  gtk_range_set_value (GTK_RANGE (self->step_scale), step);
  self->updating_scale = FALSE;
  update_step (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

int
mw_episode_view_get_step (MwEpisodeView *self)
{
  g_return_val_if_fail (MW_IS_EPISODE_VIEW (self), 0);

  return self->step;
}

void
mw_episode_view_set_inspection (MwEpisodeView       *self,
                                MwEpisodeInspection *inspection)
{
  g_return_if_fail (MW_IS_EPISODE_VIEW (self));

  if (self->inspection == inspection)
    return;
  if (inspection != NULL)
    mw_inspection_ref (inspection);
  g_clear_pointer (&self->inspection, mw_inspection_unref);
  self->inspection = inspection;
  rebuild (self);
}

MwEpisodeInspection *
mw_episode_view_get_inspection (MwEpisodeView *self)
{
  g_return_val_if_fail (MW_IS_EPISODE_VIEW (self), NULL);

  return self->inspection;
}

const char *
mw_episode_view_get_query_caption (MwEpisodeView *self,
                                   int            index)
{
  g_return_val_if_fail (MW_IS_EPISODE_VIEW (self), NULL);

  if (index < 0 || (guint) index >= self->query_labels->len)
    return NULL;
  return gtk_label_get_label (g_ptr_array_index (self->query_labels, index));
}

GtkWidget *
mw_episode_view_get_image_frame (MwEpisodeView *self,
                                 gboolean       query,
                                 int            index)
{
  GPtrArray *frames;

  g_return_val_if_fail (MW_IS_EPISODE_VIEW (self), NULL);

  frames = query ? self->query_frames : self->support_frames;
  if (index < 0 || (guint) index >= frames->len)
    return NULL;
  return g_ptr_array_index (frames, index);
}

const char *
mw_episode_view_get_query_mark (MwEpisodeView *self,
                                int            index)
{
  g_return_val_if_fail (MW_IS_EPISODE_VIEW (self), NULL);

  if (index < 0 || (guint) index >= self->query_badges->len)
    return NULL;
  return gtk_label_get_label (g_ptr_array_index (self->query_badges, index));
}

const char *
mw_episode_view_get_marks_legend (MwEpisodeView *self)
{
  g_return_val_if_fail (MW_IS_EPISODE_VIEW (self), NULL);

  return gtk_label_get_label (self->query_legend);
}

const char *
mw_episode_view_get_summary (MwEpisodeView *self)
{
  g_return_val_if_fail (MW_IS_EPISODE_VIEW (self), NULL);

  return gtk_label_get_label (self->summary_label);
}

MwConfusionView *
mw_episode_view_get_confusion (MwEpisodeView *self)
{
  g_return_val_if_fail (MW_IS_EPISODE_VIEW (self), NULL);

  return self->confusion;
}

static void
mw_episode_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MwEpisodeView *self = MW_EPISODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_int (value, self->step);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_episode_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MwEpisodeView *self = MW_EPISODE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      mw_episode_view_set_step (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_episode_view_finalize (GObject *object)
{
  MwEpisodeView *self = MW_EPISODE_VIEW (object);

  g_clear_pointer (&self->inspection, mw_inspection_unref);
  g_ptr_array_unref (self->query_labels);
  g_ptr_array_unref (self->support_frames);
  g_ptr_array_unref (self->query_frames);
  g_ptr_array_unref (self->query_badges);
  G_OBJECT_CLASS (mw_episode_view_parent_class)->finalize (object);
}

static void
mw_episode_view_class_init (MwEpisodeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = mw_episode_view_get_property;
  object_class->set_property = mw_episode_view_set_property;
  object_class->finalize = mw_episode_view_finalize;

  properties[PROP_STEP] =
    g_param_spec_int ("step", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  return label;
}

/* Built in code: the cells depend on the episode's shape. */
static void
mw_episode_view_init (MwEpisodeView *self)
{
  GtkWidget *top, *step_label, *body, *images, *support, *queries, *query_head, *legend, *scrolled, *right;

  self->query_labels = g_ptr_array_new ();
  self->support_frames = g_ptr_array_new ();
  self->query_frames = g_ptr_array_new ();
  self->query_badges = g_ptr_array_new ();
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 8);

  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->summary_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->summary_label, 0);
  gtk_label_set_wrap (self->summary_label, TRUE);
  gtk_label_set_max_width_chars (self->summary_label, 36);
  gtk_widget_set_hexpand (GTK_WIDGET (self->summary_label), TRUE);
  step_label = gtk_label_new (_("Adaptation step"));
  self->step_scale = GTK_SCALE (gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1, 1));
  gtk_scale_set_digits (self->step_scale, 0);
  gtk_scale_set_draw_value (self->step_scale, TRUE);
  gtk_scale_set_value_pos (self->step_scale, GTK_POS_RIGHT);
  gtk_widget_set_size_request (GTK_WIDGET (self->step_scale), 220, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->step_scale),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, step_label, NULL, -1);
  g_signal_connect (self->step_scale, "value-changed", G_CALLBACK (scale_changed_cb), self);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->summary_label));
  gtk_box_append (GTK_BOX (top), step_label);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->step_scale));
  gtk_box_append (GTK_BOX (self), top);

  /* The support set beside the queries, not above them: the predictions start at the top,
   * in sight on a short screen. */
  body = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_vexpand (body, TRUE);
  images = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  support = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_append (GTK_BOX (support), heading (_("Support set")));
  self->support_grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->support_grid, 4);
  gtk_grid_set_column_spacing (self->support_grid, 4);
  gtk_box_append (GTK_BOX (support), GTK_WIDGET (self->support_grid));
  gtk_box_append (GTK_BOX (images), support);

  queries = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_hexpand (queries, TRUE);
  /* What the marks mean, on the heading's line: no room is taken from the queries. */
  query_head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (query_head), heading (_("Query set")));
  legend = gtk_label_new (_("✓ right · ✗ wrong (dashed frame)"));
  gtk_widget_set_tooltip_text (legend, _("Each query is marked ✓ in a solid frame when the learner predicted its "
                                         "class, ✗ in a dashed red frame when not. Under it: the prediction and its "
                                         "probability, then its true class."));
  gtk_label_set_xalign (GTK_LABEL (legend), 0);
  gtk_label_set_wrap (GTK_LABEL (legend), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (legend), 30);
  gtk_widget_set_hexpand (legend, TRUE);
  gtk_widget_add_css_class (legend, "dim-label");
  gtk_widget_add_css_class (legend, "caption");
  gtk_box_append (GTK_BOX (query_head), legend);
  gtk_box_append (GTK_BOX (queries), query_head);
  self->query_legend = GTK_LABEL (legend);
  self->query_box = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->query_box, GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (self->query_box, 30);
  gtk_flow_box_set_row_spacing (self->query_box, 6);
  gtk_flow_box_set_column_spacing (self->query_box, 6);
  gtk_flow_box_set_homogeneous (self->query_box, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->query_box), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (queries), GTK_WIDGET (self->query_box));
  gtk_box_append (GTK_BOX (images), queries);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  /* Asks for the images' height, so that a page can make room for them all. */
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), images);
  gtk_widget_set_hexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (body), scrolled);

  right = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_append (GTK_BOX (right), heading (_("Confusion matrix")));
  self->confusion = MW_CONFUSION_VIEW (mw_confusion_view_new ());
  gtk_box_append (GTK_BOX (right), GTK_WIDGET (self->confusion));
  gtk_box_append (GTK_BOX (body), right);
  gtk_box_append (GTK_BOX (self), body);

  update_step (self);
}

GtkWidget *
mw_episode_view_new (void)
{
  return g_object_new (MW_TYPE_EPISODE_VIEW, NULL);
}
