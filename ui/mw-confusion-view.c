/* mw-confusion-view.c: the confusion matrix of one adaptation step. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "mw-class-name.h"
#include "mw-confusion-view.h"

#define NAME_WIDTH 124.0
#define HEADER     40.0
#define BAR_WIDTH  120.0
/* A narrow view shortens the accuracy bars before the cells: 36 px of the bar's width
 * are its percentage. */
#define MIN_BAR_WIDTH 76.0

struct _MwConfusionView
{
  MwInspectView parent_instance;

  int ways;
  char **names;
  int *confusion;
  double *accuracy;
};

G_DEFINE_FINAL_TYPE (MwConfusionView, mw_confusion_view, MW_TYPE_INSPECT_VIEW)

/* Characters of a class name beside its row; the support set's labels have it whole. */
#define NAME_CHARS 14

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

static void
mw_confusion_view_draw (MwInspectView *view,
                        cairo_t       *cr,
                        int            width,
                        int            height)
{
  MwConfusionView *self = MW_CONFUSION_VIEW (view);
  GtkWidget *widget = GTK_WIDGET (self);
  MwPlotFrame frame;
  GdkRGBA accent;
  double cell, x0, y0, bars_x, bar_w;

  if (self->ways <= 0)
    return;

  mw_plot_frame_init (&frame, widget, width, height, 0, 1, 0, 1);
  mw_plot_class_color (0, &accent);
  bar_w = CLAMP (width - NAME_WIDTH - 16 - self->ways * 12, MIN_BAR_WIDTH, BAR_WIDTH);
  cell = MIN ((width - NAME_WIDTH - bar_w - 16) / self->ways, (height - HEADER - 24) / self->ways);
  cell = CLAMP (cell, 12, 56);
  x0 = NAME_WIDTH;
  y0 = HEADER;

  bars_x = x0 + self->ways * cell + 12;

  mw_plot_set_color (cr, &frame.fg, 0.75);
  mw_plot_frame_text (widget, cr, _("Predicted class →"), x0, 4, 0, 0, FALSE);
  mw_plot_frame_text (widget, cr, _("True class ↓"), 0, 4, 0, 0, FALSE);
  /* Small cells: the matrix's heading runs over the bars', which goes a line lower. */
  mw_plot_frame_text (widget, cr, _("Class accuracy"), bars_x,
                      x0 + text_width (widget, _("Predicted class →")) + 8 > bars_x ? 20 : 4, 0, 0, FALSE);

  for (int t = 0; t < self->ways; t++)
    {
      int total = 0;
      double cy = y0 + t * cell;
      g_autofree char *name = mw_class_name_shorten (self->names[t], NAME_CHARS);
      g_autofree char *percent = NULL;
      GdkRGBA color;

      for (int p = 0; p < self->ways; p++)
        total += self->confusion[t * self->ways + p];

      mw_plot_class_color (t, &color);
      mw_plot_set_color (cr, &color, 1);
      cairo_rectangle (cr, 0, cy + cell / 2 - 5, 10, 10);
      cairo_fill (cr);
      mw_plot_set_color (cr, &frame.fg, 0.9);
      mw_plot_frame_text (widget, cr, name, 14, cy + cell / 2, 0, 0.5, FALSE);

      for (int p = 0; p < self->ways; p++)
        {
          int n = self->confusion[t * self->ways + p];
          double share = total > 0 ? (double) n / total : 0;
          double cx = x0 + p * cell;

          /* Right answers in the accent colour, mistakes in red. */
          if (p == t)
            mw_plot_set_color (cr, &accent, 0.1 + 0.8 * share);
          else
            cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.1 + 0.8 * share);
          cairo_rectangle (cr, cx + 1, cy + 1, cell - 2, cell - 2);
          cairo_fill (cr);
          if (n > 0)
            {
              g_autofree char *count = g_strdup_printf ("%d", n);

              if (share > 0.5)
                cairo_set_source_rgb (cr, 1, 1, 1);
              else
                mw_plot_set_color (cr, &frame.fg, 0.9);
              mw_plot_frame_text (widget, cr, count, cx + cell / 2, cy + cell / 2, 0.5, 0.5, FALSE);
            }
        }

      /* Column numbers above the matrix. */
      {
        g_autofree char *label = g_strdup_printf ("%d", t + 1);

        mw_plot_set_color (cr, &frame.fg, 0.75);
        mw_plot_frame_text (widget, cr, label, x0 + t * cell + cell / 2, y0 - 4, 0.5, 1, FALSE);
      }

      mw_plot_set_color (cr, &frame.fg, 0.12);
      cairo_rectangle (cr, bars_x, cy + cell / 2 - 6, bar_w - 40, 12);
      cairo_fill (cr);
      mw_plot_set_color (cr, &accent, 0.9);
      cairo_rectangle (cr, bars_x, cy + cell / 2 - 6,
                       (bar_w - 40) * (isfinite (self->accuracy[t]) ? self->accuracy[t] : 0), 12);
      cairo_fill (cr);
      percent = g_strdup_printf ("%.0f%%", 100 * self->accuracy[t]);
      mw_plot_set_color (cr, &frame.fg, 0.9);
      mw_plot_frame_text (widget, cr, percent, bars_x + bar_w - 36, cy + cell / 2,
                          0, 0.5, FALSE);
    }
}

/* Its size follows the number of classes. */
static void
mw_confusion_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  MwConfusionView *self = MW_CONFUSION_VIEW (widget);
  int ways = MAX (self->ways, 2);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = NAME_WIDTH + MIN_BAR_WIDTH + 16 + ways * 12;
      /* Cells grow to 56 px where there is room, but ask for less: the matrix should not
       * widen the window past a 1024-pixel screen. */
      *natural = NAME_WIDTH + BAR_WIDTH + 16 + ways * 24;
    }
  else
    {
      *minimum = HEADER + 24 + ways * 12;
      *natural = HEADER + 24 + ways * 40;
    }
}

static void
mw_confusion_view_finalize (GObject *object)
{
  MwConfusionView *self = MW_CONFUSION_VIEW (object);

  g_strfreev (self->names);
  g_free (self->confusion);
  g_free (self->accuracy);
  G_OBJECT_CLASS (mw_confusion_view_parent_class)->finalize (object);
}

static void
mw_confusion_view_class_init (MwConfusionViewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mw_confusion_view_finalize;
  GTK_WIDGET_CLASS (klass)->measure = mw_confusion_view_measure;
  MW_INSPECT_VIEW_CLASS (klass)->draw = mw_confusion_view_draw;
}

static void
mw_confusion_view_init (MwConfusionView *self)
{
  /* Drawn on the episode view's background, beside its images. */
  gtk_widget_remove_css_class (GTK_WIDGET (self), "view");
}

GtkWidget *
mw_confusion_view_new (void)
{
  return g_object_new (MW_TYPE_CONFUSION_VIEW, NULL);
}

void
mw_confusion_view_set_data (MwConfusionView    *self,
                            int                 ways,
                            const char * const *names,
                            const int          *confusion,
                            const double       *class_accuracy)
{
  g_return_if_fail (MW_IS_CONFUSION_VIEW (self));
  g_return_if_fail (ways <= 0 || (names != NULL && confusion != NULL && class_accuracy != NULL));

  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->confusion, g_free);
  g_clear_pointer (&self->accuracy, g_free);
  self->ways = MAX (ways, 0);
  if (self->ways > 0)
    {
      self->names = g_new0 (char *, ways + 1);
      for (int i = 0; i < ways; i++)
        self->names[i] = g_strdup (names[i]);
      self->confusion = g_memdup2 (confusion, sizeof (int) * ways * ways);
      self->accuracy = g_memdup2 (class_accuracy, sizeof (double) * ways);
    }
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

int
mw_confusion_view_get_ways (MwConfusionView *self)
{
  g_return_val_if_fail (MW_IS_CONFUSION_VIEW (self), 0);

  return self->ways;
}

int
mw_confusion_view_get_cell (MwConfusionView *self,
                            int              true_class,
                            int              predicted)
{
  g_return_val_if_fail (MW_IS_CONFUSION_VIEW (self), -1);

  if (true_class < 0 || predicted < 0 || true_class >= self->ways || predicted >= self->ways)
    return -1;
  return self->confusion[true_class * self->ways + predicted];
}
