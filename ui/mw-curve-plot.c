/* mw-curve-plot.c: the live training-curve chart. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>
#include <pango/pangocairo.h>

#include "mw-curve-plot.h"
#include "mw-plot-math.h"

#define N_X_AXES 3

/* Beyond this, pixel coordinates are clamped: Cairo's fixed-point numbers
 * overflow at about ±8 million and a zoomed-in view can put points far off. */
#define FAR_PIXELS 1e5

/* Pointer travel before a press counts as a drag (so a click or the first
 * half of a double click does not freeze the automatic view). */
#define DRAG_THRESHOLD 4.0

#define SCROLL_ZOOM_BASE 1.15
#define KEY_ZOOM_FACTOR  1.5

typedef struct {
  char     *id;
  char     *name;
  GdkRGBA   color;
  gboolean  custom_color;
  guint     palette_index;
  gboolean  visible;

  /* Struct of arrays of double, all the same length, so the drawing loops
   * read only what they need. lo and hi are NAN where a point has no band. */
  GArray   *x[N_X_AXES];
  GArray   *y;
  GArray   *lo;
  GArray   *hi;
  GArray   *smooth;
  MwPlotEma ema;

  /* Kept up to date on append, so the automatic view costs nothing. */
  gboolean  sorted[N_X_AXES];
  double    x_min[N_X_AXES];
  double    x_max[N_X_AXES];
  gsize     n_finite;       /* points with a finite y */
  double    y_min;
  double    y_max;
  double    y_min_positive; /* INFINITY when there is none */
  double    smooth_min;     /* the same for the smoothed values */
  double    smooth_max;
  double    smooth_min_positive;
  gboolean  has_band;
  double    band_min;
  double    band_max;
  double    band_min_positive;
} Series;

typedef enum {
  DRAG_NONE,
  DRAG_PAN,
  DRAG_BOX,
} DragMode;

struct _MwCurvePlot
{
  GtkWidget parent_instance;

  GPtrArray *series; /* Series *, in legend order */

  char *title;
  char *x_label;
  char *y_label;
  MwCurvePlotXAxis x_axis;
  gboolean log_y;
  double smoothing;
  gboolean show_bands;

  /* A zoomed or panned view: x in data units, y in axis units (log10 of the
   * data on a log axis). Otherwise the view fits the data. */
  gboolean manual_view;
  double view_x0, view_x1, view_t0, view_t1;

  gboolean hover;
  double hover_x, hover_y;

  DragMode drag_mode;
  gboolean drag_moved;
  double drag_start_x, drag_start_y;
  double drag_dx, drag_dy;
  double drag_view[4];

  /* Reused by every draw, so drawing allocates nothing per frame. */
  GArray *scratch_line;
  GArray *scratch_band;
  GArray *scratch_clip;
  GArray *scratch_columns;
};

G_DEFINE_FINAL_TYPE (MwCurvePlot, mw_curve_plot, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (MwCurvePlotXAxis, mw_curve_plot_x_axis,
  G_DEFINE_ENUM_VALUE (MW_CURVE_PLOT_X_ITERATIONS, "iterations"),
  G_DEFINE_ENUM_VALUE (MW_CURVE_PLOT_X_TASKS, "tasks"),
  G_DEFINE_ENUM_VALUE (MW_CURVE_PLOT_X_SECONDS, "seconds"))

enum {
  PROP_0,
  PROP_TITLE,
  PROP_X_LABEL,
  PROP_Y_LABEL,
  PROP_X_AXIS,
  PROP_LOG_Y,
  PROP_SMOOTHING,
  PROP_SHOW_BANDS,
  PROP_AUTO_VIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- colours ------------------------------------------------------------- */

/* GNOME palette shades, in an order where neighbours differ in hue and
 * lightness. The first two (blue, orange) are the usual MAML/Reptile pair and
 * stay apart for red-green colour blindness. Dark themes get the lighter
 * shade of each hue so thin lines keep their contrast. */
static const char *const palette_light[] = {
  "#1c71d8", "#e66100", "#26a269", "#c01c28",
  "#813d9c", "#0f8b8d", "#865e3c", "#c64f9f",
};

static const char *const palette_dark[] = {
  "#62a0ea", "#ffa348", "#57e389", "#f66151",
  "#c061cb", "#5bc8c8", "#cdab8f", "#f49ac8",
};

G_STATIC_ASSERT (G_N_ELEMENTS (palette_light) == G_N_ELEMENTS (palette_dark));
#define PALETTE_SIZE G_N_ELEMENTS (palette_light)

typedef struct {
  GdkRGBA  fg;       /* text, axes and grid (with alpha) */
  GdkRGBA  bg;       /* behind the readout; the page of exports */
  GdkRGBA  accent;   /* zoom box and focus ring */
  gboolean dark;
  gboolean page;     /* fill the background (exports) */
  gboolean overlays; /* hover readout, zoom box, focus ring (the widget) */
  gboolean hinting;  /* follow the screen's font hinting (not for exports) */
} PlotStyle;

static void
set_color (cairo_t       *cr,
           const GdkRGBA *color,
           double         alpha)
{
  cairo_set_source_rgba (cr, color->red, color->green, color->blue, color->alpha * alpha);
}

static void
widget_style (MwCurvePlot *self,
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
static void
paper_style (PlotStyle *style)
{
  memset (style, 0, sizeof *style);
  gdk_rgba_parse (&style->fg, "#1e1e24");
  gdk_rgba_parse (&style->bg, "#ffffff");
  gdk_rgba_parse (&style->accent, "#3584e4");
  style->page = TRUE;
}

static void
series_color (const Series *series,
              gboolean      dark,
              GdkRGBA      *color)
{
  if (series->custom_color)
    {
      *color = series->color;
      return;
    }

  gdk_rgba_parse (color, (dark ? palette_dark : palette_light)[series->palette_index % PALETTE_SIZE]);
}

/* --- series -------------------------------------------------------------- */

static GArray *
double_array_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

static void
series_reset_smooth_stats (Series *series)
{
  series->smooth_min = series->smooth_min_positive = INFINITY;
  series->smooth_max = -INFINITY;
}

static void
series_add_smooth_stats (Series *series,
                         double  value)
{
  if (!isfinite (value))
    return;

  series->smooth_min = MIN (series->smooth_min, value);
  series->smooth_max = MAX (series->smooth_max, value);
  if (value > 0)
    series->smooth_min_positive = MIN (series->smooth_min_positive, value);
}

static void
series_reset_stats (Series *series)
{
  for (int a = 0; a < N_X_AXES; a++)
    {
      series->sorted[a] = TRUE;
      series->x_min[a] = INFINITY;
      series->x_max[a] = -INFINITY;
    }
  series->n_finite = 0;
  series->y_min = series->band_min = INFINITY;
  series->y_max = series->band_max = -INFINITY;
  series->y_min_positive = series->band_min_positive = INFINITY;
  series->has_band = FALSE;
  series_reset_smooth_stats (series);
}

static Series *
series_new (const char *id,
            const char *name,
            double      smoothing)
{
  Series *series = g_new0 (Series, 1);

  series->id = g_strdup (id);
  series->name = g_strdup (name != NULL ? name : id);
  series->visible = TRUE;
  for (int a = 0; a < N_X_AXES; a++)
    series->x[a] = double_array_new ();
  series->y = double_array_new ();
  series->lo = double_array_new ();
  series->hi = double_array_new ();
  series->smooth = double_array_new ();
  mw_plot_ema_init (&series->ema, smoothing);
  series_reset_stats (series);

  return series;
}

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->id);
  g_free (series->name);
  for (int a = 0; a < N_X_AXES; a++)
    g_array_unref (series->x[a]);
  g_array_unref (series->y);
  g_array_unref (series->lo);
  g_array_unref (series->hi);
  g_array_unref (series->smooth);
  g_free (series);
}

static gsize
series_len (const Series *series)
{
  return series->y->len;
}

static const double *
series_x (const Series     *series,
          MwCurvePlotXAxis  axis)
{
  return (const double *) series->x[axis]->data;
}

#define DOUBLES(array) ((double *) (array)->data)

static void
series_clear_points (Series *series,
                     double  smoothing)
{
  for (int a = 0; a < N_X_AXES; a++)
    g_array_set_size (series->x[a], 0);
  g_array_set_size (series->y, 0);
  g_array_set_size (series->lo, 0);
  g_array_set_size (series->hi, 0);
  g_array_set_size (series->smooth, 0);
  mw_plot_ema_init (&series->ema, smoothing);
  series_reset_stats (series);
}

static void
series_resmooth (Series *series,
                 double  smoothing)
{
  const double *y = DOUBLES (series->y);
  double *smooth = DOUBLES (series->smooth);

  mw_plot_ema_init (&series->ema, smoothing);
  series_reset_smooth_stats (series);
  for (gsize i = 0; i < series_len (series); i++)
    {
      smooth[i] = mw_plot_ema_push (&series->ema, y[i]);
      series_add_smooth_stats (series, smooth[i]);
    }
}

static double
point_x (const MwCurvePoint *point,
         MwCurvePlotXAxis    axis)
{
  switch (axis)
    {
    case MW_CURVE_PLOT_X_TASKS:
      return point->tasks;
    case MW_CURVE_PLOT_X_SECONDS:
      return point->seconds;
    case MW_CURVE_PLOT_X_ITERATIONS:
    default:
      return point->iteration;
    }
}

static void
series_append (Series             *series,
               const MwCurvePoint *points,
               gsize               n_points)
{
  gsize old = series_len (series);
  double *x[N_X_AXES], *y, *lo, *hi, *smooth;

  for (int a = 0; a < N_X_AXES; a++)
    {
      g_array_set_size (series->x[a], old + n_points);
      x[a] = DOUBLES (series->x[a]);
    }
  g_array_set_size (series->y, old + n_points);
  g_array_set_size (series->lo, old + n_points);
  g_array_set_size (series->hi, old + n_points);
  g_array_set_size (series->smooth, old + n_points);
  y = DOUBLES (series->y);
  lo = DOUBLES (series->lo);
  hi = DOUBLES (series->hi);
  smooth = DOUBLES (series->smooth);

  for (gsize i = 0; i < n_points; i++)
    {
      const MwCurvePoint *p = &points[i];
      gsize j = old + i;

      for (int a = 0; a < N_X_AXES; a++)
        {
          double v = point_x (p, a);

          x[a][j] = v;
          if (!isfinite (v))
            {
              series->sorted[a] = FALSE;
              continue;
            }
          if (j > 0 && !(v >= x[a][j - 1]))
            series->sorted[a] = FALSE;
          series->x_min[a] = MIN (series->x_min[a], v);
          series->x_max[a] = MAX (series->x_max[a], v);
        }

      y[j] = p->y;
      if (isfinite (p->y))
        {
          series->n_finite++;
          series->y_min = MIN (series->y_min, p->y);
          series->y_max = MAX (series->y_max, p->y);
          if (p->y > 0)
            series->y_min_positive = MIN (series->y_min_positive, p->y);
        }

      /* Zero-initialised points (lo == hi == 0) have no band. */
      if (isfinite (p->y_lo) && isfinite (p->y_hi) && p->y_lo < p->y_hi)
        {
          lo[j] = p->y_lo;
          hi[j] = p->y_hi;
          series->has_band = TRUE;
          series->band_min = MIN (series->band_min, p->y_lo);
          series->band_max = MAX (series->band_max, p->y_hi);
          if (p->y_lo > 0)
            series->band_min_positive = MIN (series->band_min_positive, p->y_lo);
          else if (p->y_hi > 0)
            series->band_min_positive = MIN (series->band_min_positive, p->y_hi);
        }
      else
        {
          lo[j] = NAN;
          hi[j] = NAN;
        }

      smooth[j] = mw_plot_ema_push (&series->ema, p->y);
      series_add_smooth_stats (series, smooth[j]);
    }
}

static Series *
find_series (MwCurvePlot *self,
             const char  *id,
             guint       *index)
{
  if (id == NULL)
    return NULL;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      if (strcmp (series->id, id) == 0)
        {
          if (index != NULL)
            *index = i;
          return series;
        }
    }

  return NULL;
}

/* The lowest palette slot no other palette-coloured series uses. */
static guint
free_palette_index (MwCurvePlot *self)
{
  for (guint candidate = 0; candidate < PALETTE_SIZE; candidate++)
    {
      gboolean used = FALSE;

      for (guint i = 0; i < self->series->len && !used; i++)
        {
          Series *series = g_ptr_array_index (self->series, i);

          used = !series->custom_color && series->palette_index == candidate;
        }
      if (!used)
        return candidate;
    }

  return self->series->len % PALETTE_SIZE;
}

/* Whether y values of @series can be drawn at all on the current axis. */
static gboolean
series_drawable (MwCurvePlot  *self,
                 const Series *series)
{
  if (!series->visible || series->n_finite == 0)
    return FALSE;
  if (self->log_y)
    return series->y_min_positive < INFINITY;
  return TRUE;
}

static gboolean
y_drawable (gboolean log_y,
            double   y)
{
  return isfinite (y) && (!log_y || y > 0);
}

/* --- view ---------------------------------------------------------------- */

static double
axis_t (gboolean log_y,
        double   y)
{
  if (!log_y)
    return y;
  return y > 0 ? log10 (y) : -INFINITY;
}

static double
axis_y (gboolean log_y,
        double   t)
{
  return log_y ? pow (10.0, t) : t;
}

/* Pads a degenerate range (one point, a flat line) so it has some height. */
static void
widen (double *lo,
       double *hi,
       double  fraction,
       double  minimum)
{
  double span = *hi - *lo;
  double pad;

  if (span > 0)
    pad = span * fraction;
  else
    pad = MAX (fabs (*hi) * 0.1, minimum);

  *lo -= pad;
  *hi += pad;
}

static gboolean
auto_view (MwCurvePlot *self,
           double      *x0,
           double      *x1,
           double      *t0,
           double      *t1)
{
  double xmin = INFINITY, xmax = -INFINITY;
  double ymin = INFINITY, ymax = -INFINITY;
  gboolean bands = self->show_bands;
  MwCurvePlotXAxis a = self->x_axis;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      if (!series_drawable (self, series))
        continue;

      xmin = MIN (xmin, series->x_min[a]);
      xmax = MAX (xmax, series->x_max[a]);

      /* Smoothing is there to see the trend through the noise: fit the
       * smoothed curves and let the faint raw spikes run off the plot,
       * as TensorBoard does by ignoring outliers. */
      if (self->smoothing > 0 &&
          (self->log_y ? series->smooth_min_positive < INFINITY
                       : series->smooth_min <= series->smooth_max))
        {
          ymin = MIN (ymin, self->log_y ? series->smooth_min_positive : series->smooth_min);
          ymax = MAX (ymax, series->smooth_max);
        }
      else if (self->log_y)
        {
          ymin = MIN (ymin, series->y_min_positive);
          ymax = MAX (ymax, series->y_max);
        }
      else
        {
          ymin = MIN (ymin, series->y_min);
          ymax = MAX (ymax, series->y_max);
        }

      if (bands && series->has_band && !self->log_y)
        {
          ymin = MIN (ymin, series->band_min);
          ymax = MAX (ymax, series->band_max);
        }
      else if (bands && series->has_band && series->band_max > 0)
        {
          ymin = MIN (ymin, series->band_min_positive);
          ymax = MAX (ymax, series->band_max);
        }
    }

  if (!(xmin <= xmax) || !(ymin <= ymax))
    return FALSE;

  /* Training curves start at x = 0 and grow: no padding in x, so the curve
   * touches the right edge while it is live. */
  if (xmax == xmin)
    widen (&xmin, &xmax, 0, 1);

  ymin = axis_t (self->log_y, ymin);
  ymax = axis_t (self->log_y, ymax);
  widen (&ymin, &ymax, 0.05, self->log_y ? 0.1 : 1);

  *x0 = xmin, *x1 = xmax, *t0 = ymin, *t1 = ymax;
  return TRUE;
}

static gboolean
current_view (MwCurvePlot *self,
              double      *x0,
              double      *x1,
              double      *t0,
              double      *t1)
{
  if (self->manual_view)
    {
      *x0 = self->view_x0, *x1 = self->view_x1;
      *t0 = self->view_t0, *t1 = self->view_t1;
      return TRUE;
    }

  return auto_view (self, x0, x1, t0, t1);
}

static void
update_view_actions (MwCurvePlot *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "plot.reset-view", self->manual_view);
}

static void
set_auto_view (MwCurvePlot *self,
               gboolean     automatic)
{
  if (self->manual_view == !automatic)
    return;

  self->manual_view = !automatic;
  update_view_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_VIEW]);
}

static gboolean
sane_range (double lo,
            double hi)
{
  double span = hi - lo;
  double scale = MAX (fabs (lo), fabs (hi));

  return isfinite (lo) && isfinite (hi) && span > 0 && isfinite (span) &&
         span > scale * 1e-12 && span > 1e-300;
}

static void
set_manual_view (MwCurvePlot *self,
                 double       x0,
                 double       x1,
                 double       t0,
                 double       t1)
{
  /* Refuse zooming past what doubles can tell apart. */
  if (!sane_range (x0, x1) || !sane_range (t0, t1))
    return;

  self->view_x0 = x0, self->view_x1 = x1;
  self->view_t0 = t0, self->view_t1 = t1;
  set_auto_view (self, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* --- layout -------------------------------------------------------------- */

typedef struct {
  PangoFontDescription *base;
  PangoFontDescription *small;
  PangoFontDescription *small_bold;
  PangoFontDescription *title;
  PangoFontDescription *hint;
  PangoAttrList        *tabular;
} Fonts;

typedef struct {
  const Series *series;
  GdkRGBA       color;
  PangoLayout  *text;
  double        x, y;
} LegendItem;

typedef struct {
  int          width, height;
  double       pad;
  double       swatch;
  double       left, top, right, bottom;

  gboolean     has_data;
  const char  *hint;
  double       x0, x1, t0, t1;

  MwPlotTicks  xt, yt;
  PangoLayout *xt_text[MW_PLOT_MAX_TICKS];
  PangoLayout *yt_text[MW_PLOT_MAX_TICKS];

  PangoLayout *title;
  PangoLayout *x_label;
  PangoLayout *y_label;
  double       title_y;

  GArray      *legend; /* LegendItem */
} Layout;

static void
fonts_init (MwCurvePlot *self,
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

static void
fonts_clear (Fonts *fonts)
{
  g_clear_pointer (&fonts->base, pango_font_description_free);
  g_clear_pointer (&fonts->small, pango_font_description_free);
  g_clear_pointer (&fonts->small_bold, pango_font_description_free);
  g_clear_pointer (&fonts->title, pango_font_description_free);
  g_clear_pointer (&fonts->hint, pango_font_description_free);
  g_clear_pointer (&fonts->tabular, pango_attr_list_unref);
}

static PangoContext *
create_pango_context (MwCurvePlot     *self,
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

static PangoLayout *
make_text (PangoContext               *context,
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

static void
text_size (PangoLayout *layout,
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
    return _("No data yet");
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
              double       *max_width,
              double       *max_height)
{
  for (guint i = 0; i < MW_PLOT_MAX_TICKS; i++)
    g_clear_object (&texts[i]);

  if (log_y)
    mw_plot_ticks_log (ticks, pow (10.0, lo), pow (10.0, hi), max_intervals);
  else
    mw_plot_ticks_linear (ticks, lo, hi, max_intervals);

  *max_width = *max_height = 0;
  for (guint i = 0; i < ticks->n; i++)
    {
      g_autofree char *label = mw_plot_ticks_format (ticks, i);
      double w, h;

      texts[i] = make_text (context, fonts->small, fonts->tabular, label);
      text_size (texts[i], &w, &h);
      *max_width = MAX (*max_width, w);
      *max_height = MAX (*max_height, h);
    }
}

static void
layout_clear (Layout *layout)
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
static void
layout_compute (MwCurvePlot     *self,
                PangoContext    *context,
                const Fonts     *fonts,
                const PlotStyle *style,
                int              width,
                int              height,
                Layout          *layout)
{
  double line_h, pad, gap, header_h = 0, title_w = 0, title_h = 0;
  double legend_h = 0, item_gap, swatch_gap;
  double x_tick_h, x_tick_w, y_tick_w, tick_h, label_h = 0;
  double y_label_w = 0;
  const char *x_label;
  PangoLayout *probe;
  int max_intervals;

  memset (layout, 0, sizeof *layout);
  layout->width = width;
  layout->height = height;

  probe = make_text (context, fonts->base, NULL, "0");
  text_size (probe, NULL, &line_h);
  g_object_unref (probe);

  pad = layout->pad = round (line_h * 0.85);
  gap = round (line_h * 0.4);
  layout->swatch = round (line_h * 1.3);
  swatch_gap = round (line_h * 0.4);
  item_gap = round (line_h * 1.1);

  /* Header. */
  if (self->title != NULL && self->title[0] != '\0')
    {
      layout->title = make_text (context, fonts->title, NULL, self->title);
      text_size (layout->title, &title_w, &title_h);
    }

  layout->legend = g_array_new (FALSE, TRUE, sizeof (LegendItem));
  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      LegendItem item = { series, { 0 }, NULL, 0, 0 };

      if (!series->visible)
        continue;

      series_color (series, style->dark, &item.color);
      item.text = make_text (context, fonts->base, NULL, series->name);
      g_array_append_val (layout->legend, item);
    }

  if (layout->legend->len > 0)
    {
      double row_w = 0, total_w = 0, x, y, available = width - 2 * pad;
      gboolean inline_legend;

      for (guint i = 0; i < layout->legend->len; i++)
        {
          double w;

          text_size (g_array_index (layout->legend, LegendItem, i).text, &w, NULL);
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

          text_size (item->text, &w, NULL);
          w += layout->swatch + swatch_gap;
          /* Wrap onto a new line, left aligned under the title. */
          if (row_w > 0 && row_w + item_gap + w > available)
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
        header_h = MAX (title_h, legend_h);
      else
        header_h = title_h + gap + legend_h;
    }
  else
    header_h = title_h;

  layout->title_y = pad;

  /* Axis labels. */
  x_label = self->x_label != NULL ? self->x_label : default_x_label (self->x_axis);
  if (x_label[0] != '\0')
    {
      layout->x_label = make_text (context, fonts->base, NULL, x_label);
      text_size (layout->x_label, NULL, &label_h);
    }
  if (self->y_label != NULL && self->y_label[0] != '\0')
    {
      layout->y_label = make_text (context, fonts->base, NULL, self->y_label);
      text_size (layout->y_label, NULL, &y_label_w); /* rotated: its height is its width */
    }

  probe = make_text (context, fonts->small, fonts->tabular, "0123456789");
  text_size (probe, NULL, &x_tick_h);
  g_object_unref (probe);

  layout->top = pad + header_h + (header_h > 0 ? pad : x_tick_h * 0.5);
  layout->bottom = height - pad - (label_h > 0 ? label_h + gap : 0) - x_tick_h - gap;

  /* The view and the y ticks. */
  layout->has_data = current_view (self, &layout->x0, &layout->x1, &layout->t0, &layout->t1);
  if (layout->has_data)
    {
      gboolean drawable = FALSE;

      for (guint i = 0; i < self->series->len && !drawable; i++)
        drawable = series_drawable (self, g_ptr_array_index (self->series, i));
      layout->has_data = drawable;
    }
  if (!layout->has_data)
    layout->hint = empty_hint (self);

  y_tick_w = 0;
  if (layout->has_data)
    {
      max_intervals = CLAMP ((int) ((layout->bottom - layout->top) / (line_h * 3.2)), 2, 8);
      layout_ticks (&layout->yt, layout->yt_text, context, fonts,
                    layout->t0, layout->t1, self->log_y, max_intervals, &y_tick_w, &tick_h);
    }

  layout->left = pad + (y_label_w > 0 ? y_label_w + gap * 1.5 : 0) +
                 MAX (y_tick_w, line_h * 1.5) + gap * 1.5;
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
                    layout->x0, layout->x1, FALSE, max_intervals, &x_tick_w, &tick_h);
      layout->right = width - MAX (pad, x_tick_w * 0.5 + gap);
      plot_w = MAX (layout->right - layout->left, 1);
      spacing = x_tick_w + line_h * 2;
      needed = (int) floor (plot_w / spacing);
      if (needed < max_intervals || layout->xt.n < 2)
        layout_ticks (&layout->xt, layout->xt_text, context, fonts,
                      layout->x0, layout->x1, FALSE, CLAMP (needed, 1, 12), &x_tick_w, &tick_h);
    }

  /* Tiny widgets: keep the rectangle valid rather than inverted. */
  layout->right = MAX (layout->right, layout->left + 1);
  layout->bottom = MAX (layout->bottom, layout->top + 1);
}

/* Computes the layout the widget would draw at its current size, for
 * turning pointer positions into data. */
static void
widget_layout (MwCurvePlot *self,
               Layout      *layout)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);
  PlotStyle style;
  PangoContext *context;
  Fonts fonts;

  widget_style (self, &style);
  fonts_init (self, &fonts);
  context = create_pango_context (self, cr, &style);
  layout_compute (self, context, &fonts, &style,
                  gtk_widget_get_width (GTK_WIDGET (self)),
                  gtk_widget_get_height (GTK_WIDGET (self)),
                  layout);
  g_object_unref (context);
  fonts_clear (&fonts);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static double
x_scale (const Layout *layout)
{
  return (layout->right - layout->left) / (layout->x1 - layout->x0);
}

static double
t_scale (const Layout *layout)
{
  return (layout->bottom - layout->top) / (layout->t1 - layout->t0);
}

static double
px_of (const Layout *layout,
       double        x)
{
  return layout->left + (x - layout->x0) * x_scale (layout);
}

static double
py_of (const Layout *layout,
       double        t)
{
  double py = layout->bottom - (t - layout->t0) * t_scale (layout);

  if (isnan (py))
    return py;
  return CLAMP (py, layout->top - FAR_PIXELS, layout->bottom + FAR_PIXELS);
}

static double
x_of_px (const Layout *layout,
         double        px)
{
  return layout->x0 + (px - layout->left) / x_scale (layout);
}

static double
t_of_py (const Layout *layout,
         double        py)
{
  return layout->t0 + (layout->bottom - py) / t_scale (layout);
}

/* --- hover --------------------------------------------------------------- */

/* First index whose x is >= @x, in a sorted array. */
static gsize
lower_bound (const double *xs,
             gsize         n,
             double        x)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (xs[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* First index whose x is > @x, in a sorted array. */
static gsize
upper_bound (const double *xs,
             gsize         n,
             double        x)
{
  gsize lo = 0, hi = n;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (xs[mid] <= x)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The drawable point of @series nearest to @x along the x axis, or -1. */
static gssize
nearest_index (MwCurvePlot  *self,
               const Series *series,
               double        x)
{
  const double *xs = series_x (series, self->x_axis);
  const double *ys = DOUBLES (series->y);
  gsize n = series_len (series);
  gssize best = -1;
  double best_d = INFINITY;

  if (n == 0)
    return -1;

  if (series->sorted[self->x_axis])
    {
      gsize i = lower_bound (xs, n, x);

      /* Walk outwards from the insertion point; a NaN stretch (a diverged
       * part) is skipped up to the next real value on either side. */
      for (gssize l = (gssize) i - 1; l >= 0; l--)
        if (y_drawable (self->log_y, ys[l]))
          {
            best = l;
            best_d = x - xs[l];
            break;
          }
      for (gsize r = i; r < n; r++)
        if (y_drawable (self->log_y, ys[r]))
          {
            if (xs[r] - x < best_d)
              best = (gssize) r;
            break;
          }
      return best;
    }

  for (gsize i = 0; i < n; i++)
    {
      double d = fabs (xs[i] - x);

      if (d < best_d && y_drawable (self->log_y, ys[i]))
        {
          best_d = d;
          best = (gssize) i;
        }
    }

  return best;
}

/* Fills @indices (one per series, -1 where none) with the points the
 * readout shows and @guide_x with the x of the one nearest the pointer.
 * Returns: FALSE when there is no readout. */
static gboolean
hover_compute (MwCurvePlot  *self,
               const Layout *layout,
               gssize       *indices,
               double       *guide_x)
{
  double x, best = INFINITY;
  gboolean any = FALSE;

  for (guint i = 0; i < self->series->len; i++)
    indices[i] = -1;

  if (!self->hover || !layout->has_data ||
      self->hover_x < layout->left || self->hover_x > layout->right ||
      self->hover_y < layout->top || self->hover_y > layout->bottom)
    return FALSE;

  x = x_of_px (layout, self->hover_x);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      gssize index;
      double xv;

      if (!series_drawable (self, series))
        continue;

      index = nearest_index (self, series, x);
      if (index < 0)
        continue;
      xv = series_x (series, self->x_axis)[index];
      if (xv < layout->x0 || xv > layout->x1)
        continue;

      indices[i] = index;
      any = TRUE;
      if (fabs (xv - x) < best)
        {
          best = fabs (xv - x);
          *guide_x = xv;
        }
    }

  return any;
}

/* --- drawing ------------------------------------------------------------- */

/* Clips the segment a–b to xmin ≤ x ≤ xmax, interpolating y (and the band's
 * second y). Returns: FALSE when nothing of it is left. */
static gboolean
clip_segment (MwPlotBandPoint *a,
              MwPlotBandPoint *b,
              double           xmin,
              double           xmax)
{
  MwPlotBandPoint *ends[2] = { a, b };

  if ((a->x < xmin && b->x < xmin) || (a->x > xmax && b->x > xmax))
    return FALSE;

  for (int e = 0; e < 2; e++)
    {
      MwPlotBandPoint *p = ends[e], *q = ends[1 - e];
      double edge;
      double t;

      if (p->x >= xmin && p->x <= xmax)
        continue;
      edge = p->x < xmin ? xmin : xmax;
      t = (edge - q->x) / (p->x - q->x);
      p->lo = q->lo + t * (p->lo - q->lo);
      p->hi = q->hi + t * (p->hi - q->hi);
      p->x = edge;
    }

  return TRUE;
}

/* Turns a polyline in (pixel x, axis y) with NAN breaks into runs of pixel
 * points clipped to [xmin, xmax], separated by NAN breaks. */
static void
clip_polyline (const GArray *in,
               GArray       *out,
               double        xmin,
               double        xmax)
{
  static const MwPlotBandPoint gap = { NAN, NAN, NAN };
  const MwPlotBandPoint *points = (const MwPlotBandPoint *) in->data;
  MwPlotBandPoint prev = gap;
  gboolean open = FALSE;

  g_array_set_size (out, 0);

  for (guint i = 0; i < in->len; i++)
    {
      MwPlotBandPoint a, b;

      if (isnan (points[i].x))
        {
          if (open)
            g_array_append_val (out, gap);
          open = FALSE;
          prev = gap;
          continue;
        }

      if (isnan (prev.x))
        {
          prev = points[i];
          if (prev.x >= xmin && prev.x <= xmax)
            {
              g_array_append_val (out, prev);
              open = TRUE;
            }
          continue;
        }

      a = prev;
      b = points[i];
      prev = points[i];
      if (!clip_segment (&a, &b, xmin, xmax))
        {
          if (open)
            g_array_append_val (out, gap);
          open = FALSE;
          continue;
        }
      if (!open)
        g_array_append_val (out, a);
      g_array_append_val (out, b);
      open = TRUE;
      if (points[i].x < xmin || points[i].x > xmax)
        {
          g_array_append_val (out, gap);
          open = FALSE;
        }
    }
}

/* The index range of @series worth drawing: everything in view plus one
 * point either side, so lines run to the edge. */
static void
visible_range (MwCurvePlot  *self,
               const Series *series,
               const Layout *layout,
               gsize        *first,
               gsize        *end)
{
  gsize n = series_len (series);

  *first = 0;
  *end = n;
  if (!series->sorted[self->x_axis] || n == 0)
    return;

  *first = lower_bound (series_x (series, self->x_axis), n, layout->x0);
  *end = upper_bound (series_x (series, self->x_axis), n, layout->x1);
  if (*first > 0)
    (*first)--;
  if (*end < n)
    (*end)++;
}

static void
decimate_line (MwCurvePlot  *self,
               const Series *series,
               const double *ys,
               const Layout *layout,
               gsize         first,
               gsize         end)
{
  const double *xs = series_x (series, self->x_axis);
  double x0 = layout->x0, sx = x_scale (layout), left = layout->left;
  gboolean log_y = self->log_y;
  MwPlotDecimator decimator;
  GArray *line = self->scratch_line;

  g_array_set_size (line, 0);
  mw_plot_decimator_init (&decimator, line);

  /* Decimate on the data y: min and max do not change under log10, which
   * then runs only on the few points that are left. */
  for (gsize i = first; i < end; i++)
    {
      double y = ys[i];

      if (log_y && !(y > 0))
        mw_plot_decimator_break (&decimator);
      else
        mw_plot_decimator_add (&decimator, left + (xs[i] - x0) * sx, y);
    }
  mw_plot_decimator_finish (&decimator);

  /* Into the clipper's point type: x, pixel y, unused. */
  g_array_set_size (self->scratch_band, line->len);
  for (guint i = 0; i < line->len; i++)
    {
      MwPlotPoint *p = &g_array_index (line, MwPlotPoint, i);
      MwPlotBandPoint *q = &g_array_index (self->scratch_band, MwPlotBandPoint, i);

      q->x = p->x;
      q->lo = q->hi = isnan (p->x) ? NAN : py_of (layout, axis_t (log_y, p->y));
    }
  clip_polyline (self->scratch_band, self->scratch_clip, layout->left - 2, layout->right + 2);
}

/* One pixel column of a decimated line: its points are scratch_clip[start,
 * end), spanning lo … hi in pixels (including the point it joins from). */
typedef struct {
  guint    start;
  guint    end;
  double   x;      /* the column's left edge */
  double   lo;
  double   hi;
  gboolean joined; /* continues the previous column, no gap between */
  gboolean tall;
} Column;

static void
split_columns (MwCurvePlot *self,
               double       tall)
{
  const MwPlotBandPoint *points = (const MwPlotBandPoint *) self->scratch_clip->data;
  guint n = self->scratch_clip->len;
  GArray *columns = self->scratch_columns;
  gboolean after_gap = TRUE;

  g_array_set_size (columns, 0);

  for (guint i = 0; i < n;)
    {
      Column column = { i, i, 0, points[i].lo, points[i].lo, FALSE, FALSE };

      if (isnan (points[i].x))
        {
          after_gap = TRUE;
          i++;
          continue;
        }

      column.x = floor (points[i].x);
      while (i < n && !isnan (points[i].x) && floor (points[i].x) == column.x)
        {
          column.lo = MIN (column.lo, points[i].lo);
          column.hi = MAX (column.hi, points[i].lo);
          i++;
        }
      column.end = i;
      column.joined = !after_gap;
      if (column.joined)
        {
          double join = points[column.start - 1].lo;

          column.lo = MIN (column.lo, join);
          column.hi = MAX (column.hi, join);
        }
      /* A box covers the join to the previous column only when that is the
       * column right before; a longer join is stroked. */
      column.tall = column.hi - column.lo > tall &&
                    (!column.joined ||
                     g_array_index (columns, Column, columns->len - 1).x == column.x - 1);
      after_gap = FALSE;
      g_array_append_val (columns, column);
    }
}

/* Adds a box from (x0, y0) to (x1, y1), with y snapped to whole pixels:
 * Cairo 1.16 fills a thousand pixel-aligned boxes about seven times faster
 * than unaligned ones, and at one pixel wide nobody sees the rounding. */
static void
pixel_box (cairo_t *cr,
           double   x0,
           double   y0,
           double   x1,
           double   y1)
{
  double top = round (y0), bottom = MAX (round (y1), top + 1);

  cairo_rectangle (cr, round (x0), top, round (x1) - round (x0), bottom - top);
}

/* Draws the decimated line in scratch_clip.
 *
 * Stroking the decimated zigzag of a noisy curve is what costs: Cairo's
 * rasteriser pays for every pixel row each steep segment crosses, and a
 * noisy training loss is nothing but steep segments. So columns whose
 * vertical extent is well over the line width are filled as one box each,
 * from their lowest to their highest point (and the point they join from),
 * grown by half the line width; non-overlapping pixel-aligned boxes are
 * Cairo's fastest path and their union is the area the zigzag would have covered. The calm parts
 * are stroked as a polyline as usual. A single isolated point becomes a
 * dot (a zero-length segment with round caps). Boxes and strokes overlap a
 * little, so @color must be opaque: draw translucent lines into a group.
 * @dense (more points than pixel columns) takes bevel joins: at a few
 * vertices per pixel they look the same as round ones and cost a third less. */
static void
draw_line (MwCurvePlot   *self,
           cairo_t       *cr,
           const GdkRGBA *color,
           double         line_width,
           gboolean       dense)
{
  const MwPlotBandPoint *points = (const MwPlotBandPoint *) self->scratch_clip->data;
  GArray *columns = self->scratch_columns;
  double half = line_width / 2;
  gboolean any_tall = FALSE;
  guint run = 0;

  split_columns (self, MAX (2 * line_width, 3));

  cairo_new_path (cr);
  for (guint k = 0; k < columns->len; k++)
    {
      const Column *column = &g_array_index (columns, Column, k);
      const Column *before = k > 0 ? column - 1 : NULL;
      double x0 = column->x;

      if (!column->tall)
        continue;
      /* One pixel wider on the left where a run of boxes starts, for the
       * line's own width; never overlapping the box before, or Cairo has
       * to work out the union the slow way. */
      if (before == NULL || !before->tall || before->x != column->x - 1)
        x0 -= 1;
      pixel_box (cr, x0, column->lo - half, column->x + 1, column->hi + half);
      any_tall = TRUE;
    }
  if (any_tall)
    {
      set_color (cr, color, 1);
      cairo_fill (cr);
    }

  cairo_new_path (cr);
  for (guint k = 0; k <= columns->len; k++)
    {
      const Column *column = k < columns->len ? &g_array_index (columns, Column, k) : NULL;

      /* End the current run at a gap, a box or the end. */
      if (run > 0 && (column == NULL || column->tall || !column->joined))
        {
          if (run == 1)
            {
              double x, y;

              cairo_get_current_point (cr, &x, &y);
              cairo_line_to (cr, x, y);
            }
          run = 0;
        }
      if (column == NULL || column->tall)
        continue;

      for (guint i = column->start; i < column->end; i++)
        {
          if (run == 0)
            {
              /* Leaving a box: start from where the box's curve ended. */
              if (i == column->start && column->joined)
                {
                  cairo_move_to (cr, points[i - 1].x, points[i - 1].lo);
                  cairo_line_to (cr, points[i].x, points[i].lo);
                  run = 2;
                  continue;
                }
              cairo_move_to (cr, points[i].x, points[i].lo);
            }
          else
            cairo_line_to (cr, points[i].x, points[i].lo);
          run++;
        }
    }
  set_color (cr, color, 1);
  cairo_set_line_width (cr, line_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, dense ? CAIRO_LINE_JOIN_BEVEL : CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static void
draw_band (MwCurvePlot   *self,
           cairo_t       *cr,
           const Series  *series,
           const Layout  *layout,
           gsize          first,
           gsize          end,
           const GdkRGBA *color,
           double         alpha)
{
  const double *xs = series_x (series, self->x_axis);
  const double *lo = DOUBLES (series->lo), *hi = DOUBLES (series->hi);
  double x0 = layout->x0, sx = x_scale (layout), left = layout->left;
  MwPlotBandDecimator decimator;
  GArray *band = self->scratch_band, *clip = self->scratch_clip;
  guint start = 0;

  g_array_set_size (band, 0);
  mw_plot_band_decimator_init (&decimator, band);
  for (gsize i = first; i < end; i++)
    mw_plot_band_decimator_add (&decimator, left + (xs[i] - x0) * sx, lo[i], hi[i]);
  mw_plot_band_decimator_finish (&decimator);

  /* On a log axis a low end ≤ 0 lies infinitely far down: clamped to
   * below the plot, so the band runs off its bottom edge. */
  for (guint i = 0; i < band->len; i++)
    {
      MwPlotBandPoint *p = &g_array_index (band, MwPlotBandPoint, i);

      if (isnan (p->x))
        continue;
      p->lo = py_of (layout, axis_t (self->log_y, p->lo));
      p->hi = py_of (layout, axis_t (self->log_y, p->hi));
    }
  clip_polyline (band, clip, layout->left - 2, layout->right + 2);

  cairo_new_path (cr);

  if (end - first >= 2 * (layout->right - layout->left))
    {
      /* Dense (a band on every training step): a box per pixel column
       * reaching to the next one, for the reason given at draw_line(). */
      const MwPlotBandPoint *points = (const MwPlotBandPoint *) clip->data;

      for (guint i = 0; i < clip->len;)
        {
          double c, next, top, bottom;

          if (isnan (points[i].x))
            {
              i++;
              continue;
            }

          c = floor (points[i].x);
          top = points[i].hi;
          bottom = points[i].lo;
          for (; i < clip->len && !isnan (points[i].x) && floor (points[i].x) == c; i++)
            {
              top = MIN (top, points[i].hi);
              bottom = MAX (bottom, points[i].lo);
            }
          next = i < clip->len && !isnan (points[i].x) ? floor (points[i].x) : c + 1;
          if (next <= c)
            next = c + 1;
          pixel_box (cr, c, top, next, bottom);
        }

      set_color (cr, color, alpha);
      cairo_fill (cr);
      return;
    }

  for (guint i = 0; i <= clip->len; i++)
    {
      const MwPlotBandPoint *points = (const MwPlotBandPoint *) clip->data;

      if (i < clip->len && !isnan (points[i].x))
        continue;

      if (i - start == 1)
        {
          /* A lone point (sparse evaluations): an error bar. */
          const MwPlotBandPoint *p = &points[start];
          double half = MAX (1.5, layout->pad * 0.2);

          cairo_rectangle (cr, p->x - half, p->hi, 2 * half, p->lo - p->hi);
        }
      else if (i - start > 1)
        {
          cairo_move_to (cr, points[start].x, points[start].hi);
          for (guint j = start + 1; j < i; j++)
            cairo_line_to (cr, points[j].x, points[j].hi);
          for (guint j = i; j-- > start;)
            cairo_line_to (cr, points[j].x, points[j].lo);
          cairo_close_path (cr);
        }
      start = i + 1;
    }
  set_color (cr, color, alpha);
  cairo_fill (cr);
}

/* Few points in view (evaluations every few hundred iterations): mark each
 * one, so it is clear where the measurements are. */
static void
draw_markers (MwCurvePlot   *self,
              cairo_t       *cr,
              const Series  *series,
              const Layout  *layout,
              gsize          first,
              gsize          end,
              const GdkRGBA *color)
{
  const double *xs = series_x (series, self->x_axis);
  const double *ys = DOUBLES (series->y);
  double radius = MAX (2.5, layout->pad * 0.22);

  cairo_new_path (cr);
  for (gsize i = first; i < end; i++)
    {
      double px, py;

      if (!y_drawable (self->log_y, ys[i]) || !isfinite (xs[i]))
        continue;
      px = px_of (layout, xs[i]);
      py = py_of (layout, axis_t (self->log_y, ys[i]));
      if (px < layout->left - radius || px > layout->right + radius)
        continue;
      cairo_new_sub_path (cr);
      cairo_arc (cr, px, py, radius, 0, 2 * G_PI);
    }
  set_color (cr, color, 1);
  cairo_fill (cr);
}

static double
crisp (double v)
{
  return floor (v) + 0.5;
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

      text_size (layout->yt_text[i], &w, &h);
      cairo_move_to (cr, layout->left - gap - w, round (py - h / 2));
      pango_cairo_show_layout (cr, layout->yt_text[i]);
    }
  for (guint i = 0; i < layout->xt.n; i++)
    {
      double w, h, x = px_of (layout, layout->xt.values[i]);

      text_size (layout->xt_text[i], &w, &h);
      x = CLAMP (round (x - w / 2), 0, layout->width - w);
      cairo_move_to (cr, x, layout->bottom + gap);
      pango_cairo_show_layout (cr, layout->xt_text[i]);
    }

  set_color (cr, &style->fg, 0.9);
  if (layout->x_label != NULL)
    {
      double w, h;

      text_size (layout->x_label, &w, &h);
      cairo_move_to (cr, round ((layout->left + layout->right - w) / 2), layout->height - layout->pad - h);
      pango_cairo_show_layout (cr, layout->x_label);
    }
  if (layout->y_label != NULL)
    {
      double w, h;

      text_size (layout->y_label, &w, &h);
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

      text_size (item->text, NULL, &h);
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

static void
draw_series (MwCurvePlot     *self,
             cairo_t         *cr,
             const Layout    *layout,
             const PlotStyle *style)
{
  gboolean smoothing = self->smoothing > 0;
  double bold = MAX (2.0, layout->pad * 0.16);

  /* Bands under all lines, raw lines under smoothed ones: a band never
   * veils another run's curve. The faint raw lines are drawn opaque into
   * one group that is then laid down translucent, so nothing in it is
   * darker where strokes overlap. */
  for (int pass = 0; pass < 3; pass++)
    {
      if (pass == 1 && smoothing)
        cairo_push_group (cr);
      if (pass == 2 && smoothing)
        {
          cairo_pop_group_to_source (cr);
          cairo_paint_with_alpha (cr, style->dark ? 0.35 : 0.3);
        }

      for (guint i = 0; i < self->series->len; i++)
        {
          Series *series = g_ptr_array_index (self->series, i);
          gsize first, end;
          gboolean dense;
          GdkRGBA color;

          if (!series_drawable (self, series))
            continue;

          series_color (series, style->dark, &color);
          visible_range (self, series, layout, &first, &end);
          dense = end - first > layout->right - layout->left;

          if (pass == 0)
            {
              if (series->has_band && self->show_bands)
                draw_band (self, cr, series, layout, first, end, &color, style->dark ? 0.24 : 0.17);
            }
          else if (pass == 1)
            {
              if (smoothing)
                {
                  decimate_line (self, series, DOUBLES (series->y), layout, first, end);
                  draw_line (self, cr, &color, 1, dense);
                }
            }
          else
            {
              const double *ys = smoothing ? DOUBLES (series->smooth) : DOUBLES (series->y);

              decimate_line (self, series, ys, layout, first, end);
              draw_line (self, cr, &color, bold, dense);
              if (!smoothing && end - first < (layout->right - layout->left) / 12)
                draw_markers (self, cr, series, layout, first, end, &color);
            }
        }
    }
}

static void
rounded_rectangle (cairo_t *cr,
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

/* How many of a few samples of each visible curve, across the pixel columns
 * x0 … x1, fall in the rows y0 … y1 (give or take a few pixels). */
static guint
curve_samples_in (MwCurvePlot  *self,
                  const Layout *layout,
                  double        x0,
                  double        x1,
                  double        y0,
                  double        y1)
{
  const int n_samples = 12;
  guint count = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      const double *ys = self->smoothing > 0 ? DOUBLES (series->smooth) : DOUBLES (series->y);

      /* Without sorted x each lookup is a full scan: not per pointer move. */
      if (!series_drawable (self, series) || !series->sorted[self->x_axis])
        continue;

      for (int k = 0; k <= n_samples; k++)
        {
          double px = x0 + (x1 - x0) * k / n_samples;
          gssize index = nearest_index (self, series, x_of_px (layout, px));
          double py;

          if (index < 0 || !y_drawable (self->log_y, ys[index]))
            continue;
          py = py_of (layout, axis_t (self->log_y, ys[index]));
          if (py >= y0 - 6 && py <= y1 + 6)
            count++;
        }
    }

  return count;
}

static char *
format_hover_x (MwCurvePlotXAxis axis,
                double           x)
{
  g_autofree char *value = mw_plot_format_value (x, 7);

  switch (axis)
    {
    case MW_CURVE_PLOT_X_TASKS:
      /* TRANSLATORS: hover readout header; %s is a number of tasks */
      return g_strdup_printf (_("%s tasks seen"), value);
    case MW_CURVE_PLOT_X_SECONDS:
      /* TRANSLATORS: hover readout header; %s is a number of seconds */
      return g_strdup_printf (_("%s s"), value);
    case MW_CURVE_PLOT_X_ITERATIONS:
    default:
      /* TRANSLATORS: hover readout header; %s is the meta-iteration number */
      return g_strdup_printf (_("Meta-iteration %s"), value);
    }
}

typedef struct {
  PangoLayout *name;
  PangoLayout *value;
  PangoLayout *detail;
  GdkRGBA      color;
} ReadoutRow;

static void
draw_hover (MwCurvePlot     *self,
            cairo_t         *cr,
            PangoContext    *context,
            const Fonts     *fonts,
            const Layout    *layout,
            const PlotStyle *style)
{
  g_autofree gssize *indices = g_new (gssize, MAX (self->series->len, 1));
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (ReadoutRow));
  g_autofree char *header_text = NULL;
  PangoLayout *header;
  double guide_x = 0, guide_px, pad = round (layout->pad * 0.6);
  double name_w = 0, value_w = 0, detail_w = 0, row_h = 0, header_w, header_h;
  double dot = round (layout->pad * 0.6), col_gap = round (layout->pad * 0.8);
  double box_w, box_h, box_x, box_y, radius = MAX (3, layout->pad * 0.25);

  if (!hover_compute (self, layout, indices, &guide_x))
    return;

  guide_px = crisp (px_of (layout, guide_x));

  /* The guide line. */
  cairo_new_path (cr);
  cairo_move_to (cr, guide_px, layout->top);
  cairo_line_to (cr, guide_px, layout->bottom);
  set_color (cr, &style->fg, 0.4);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);
      gboolean smoothing = self->smoothing > 0;
      g_autofree char *value = NULL;
      g_autoptr(GString) detail = g_string_new (NULL);
      ReadoutRow row = { 0 };
      double y, shown, w, h;
      gssize index = indices[i];

      if (index < 0)
        continue;

      y = DOUBLES (series->y)[index];
      shown = smoothing ? DOUBLES (series->smooth)[index] : y;
      series_color (series, style->dark, &row.color);

      /* A marker where the bold curve is, ringed so it stands out. */
      if (y_drawable (self->log_y, shown))
        {
          double px = px_of (layout, series_x (series, self->x_axis)[index]);
          double py = py_of (layout, axis_t (self->log_y, shown));

          if (py >= layout->top && py <= layout->bottom)
            {
              cairo_new_path (cr);
              cairo_arc (cr, px, py, MAX (4, layout->pad * 0.35), 0, 2 * G_PI);
              set_color (cr, &row.color, 1);
              cairo_fill_preserve (cr);
              set_color (cr, &style->bg, 1);
              cairo_set_line_width (cr, 1.5);
              cairo_stroke (cr);
            }
        }

      value = mw_plot_format_value (y, 6);
      if (series->has_band && isfinite (DOUBLES (series->lo)[index]))
        {
          g_autofree char *lo = mw_plot_format_value (DOUBLES (series->lo)[index], 4);
          g_autofree char *hi = mw_plot_format_value (DOUBLES (series->hi)[index], 4);

          g_string_append_printf (detail, "[%s, %s]", lo, hi);
        }
      if (smoothing && isfinite (shown))
        {
          g_autofree char *smoothed = mw_plot_format_value (shown, 6);

          if (detail->len > 0)
            g_string_append (detail, "  ");
          /* TRANSLATORS: hover readout; %s is the smoothed value */
          g_string_append_printf (detail, _("smoothed %s"), smoothed);
        }

      row.name = make_text (context, fonts->small, NULL, series->name);
      row.value = make_text (context, fonts->small, fonts->tabular, value);
      if (detail->len > 0)
        row.detail = make_text (context, fonts->small, fonts->tabular, detail->str);

      text_size (row.name, &w, &h);
      name_w = MAX (name_w, w);
      row_h = MAX (row_h, h);
      text_size (row.value, &w, NULL);
      value_w = MAX (value_w, w);
      if (row.detail != NULL)
        {
          text_size (row.detail, &w, NULL);
          detail_w = MAX (detail_w, w);
        }
      g_array_append_val (rows, row);
    }

  if (self->x_label != NULL && self->x_label[0] != '\0')
    {
      /* A chart with its own x axis (adaptation steps, …) names it in the header. */
      g_autofree char *value = mw_plot_format_value (guide_x, 7);
      /* TRANSLATORS: hover readout header: the x axis's label and the value there */
      header_text = g_strdup_printf (_("%s: %s"), self->x_label, value);
    }
  else
    header_text = format_hover_x (self->x_axis, guide_x);
  header = make_text (context, fonts->small_bold, fonts->tabular, header_text);
  text_size (header, &header_w, &header_h);

  box_w = 2 * pad + MAX (header_w, dot + pad * 0.8 + name_w + col_gap + value_w +
                                    (detail_w > 0 ? col_gap + detail_w : 0));
  box_h = 2 * pad + header_h + rows->len * (row_h + 2) + pad * 0.3;

  /* Right of the guide, or left of it near the right edge; never outside
   * the plot if it can help it. */
  box_x = guide_px + col_gap;
  if (box_x + box_w > layout->right)
    box_x = guide_px - col_gap - box_w;
  box_x = MAX (box_x, layout->left + 2);

  /* Top, bottom or middle of the plot: wherever it hides least of the
   * curves. */
  {
    double slots[3] = {
      layout->top + pad,
      layout->bottom - pad - box_h,
      (layout->top + layout->bottom - box_h) / 2,
    };
    guint best = G_MAXUINT;

    box_y = slots[0];
    for (int k = 0; k < 3; k++)
      {
        guint covered;

        if (k > 0 && slots[k] < slots[0])
          continue;
        covered = curve_samples_in (self, layout, box_x, box_x + box_w,
                                    slots[k], slots[k] + box_h);
        if (covered < best)
          {
            best = covered;
            box_y = slots[k];
          }
      }
  }

  /* A soft shadow lifts the readout off the curves. */
  cairo_new_path (cr);
  rounded_rectangle (cr, round (box_x) + 0.5, round (box_y) + 2.5, round (box_w), round (box_h), radius);
  cairo_set_source_rgba (cr, 0, 0, 0, style->dark ? 0.3 : 0.08);
  cairo_fill (cr);

  cairo_new_path (cr);
  rounded_rectangle (cr, round (box_x) + 0.5, round (box_y) + 0.5, round (box_w), round (box_h), radius);
  set_color (cr, &style->bg, 0.96);
  cairo_fill_preserve (cr);
  set_color (cr, &style->fg, 0.18);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  set_color (cr, &style->fg, 1);
  cairo_move_to (cr, round (box_x + pad), round (box_y + pad));
  pango_cairo_show_layout (cr, header);
  g_object_unref (header);

  for (guint r = 0; r < rows->len; r++)
    {
      ReadoutRow *row = &g_array_index (rows, ReadoutRow, r);
      double y = round (box_y + pad + header_h + pad * 0.3 + r * (row_h + 2));
      double x = round (box_x + pad), w;

      cairo_new_path (cr);
      cairo_arc (cr, x + dot / 2, y + row_h / 2, dot / 2, 0, 2 * G_PI);
      set_color (cr, &row->color, 1);
      cairo_fill (cr);
      x += dot + round (pad * 0.8);

      set_color (cr, &style->fg, 0.85);
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, row->name);
      x += name_w + col_gap;

      text_size (row->value, &w, NULL);
      set_color (cr, &style->fg, 1);
      cairo_move_to (cr, x + value_w - w, y);
      pango_cairo_show_layout (cr, row->value);
      x += value_w + col_gap;

      if (row->detail != NULL)
        {
          set_color (cr, &style->fg, 0.6);
          cairo_move_to (cr, x, y);
          pango_cairo_show_layout (cr, row->detail);
        }

      g_object_unref (row->name);
      g_object_unref (row->value);
      g_clear_object (&row->detail);
    }
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
    draw_hover (self, cr, context, fonts, layout, style);

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
      rounded_rectangle (cr, 1, 1, layout->width - 2, layout->height - 2, 6);
      set_color (cr, &style->accent, 0.5);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
    }
}

static void
draw_with_style (MwCurvePlot     *self,
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

  fonts_init (self, &fonts);
  context = create_pango_context (self, cr, style);
  layout_compute (self, context, &fonts, style, width, height, &layout);

  draw_grid_and_axes (self, cr, &layout, style);
  draw_labels (self, cr, &layout, style);

  if (layout.has_data)
    {
      cairo_save (cr);
      cairo_rectangle (cr, layout.left, layout.top - 1,
                       layout.right - layout.left + 1, layout.bottom - layout.top + 1);
      cairo_clip (cr);
      draw_series (self, cr, &layout, style);
      cairo_restore (cr);
    }
  else if (layout.hint != NULL)
    {
      PangoLayout *hint = make_text (context, fonts.hint, NULL, layout.hint);
      double w, h;

      text_size (hint, &w, &h);
      set_color (cr, &style->fg, 0.55);
      cairo_move_to (cr, round ((layout.left + layout.right - w) / 2),
                     round ((layout.top + layout.bottom - h) / 2));
      pango_cairo_show_layout (cr, hint);
      g_object_unref (hint);
    }

  if (style->overlays)
    draw_overlays (self, cr, context, &fonts, &layout, style);

  layout_clear (&layout);
  g_object_unref (context);
  fonts_clear (&fonts);

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

  widget_style (self, &style);
  draw_with_style (self, cr, width, height, &style);
}

/* --- export -------------------------------------------------------------- */

typedef enum {
  EXPORT_PNG,
  EXPORT_SVG,
  EXPORT_PDF,
} ExportFormat;

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Renders into memory, then writes the file in one go with
 * g_file_set_contents(), so a failed export leaves no half-written file and
 * I/O errors come back as GErrors naming the file. */
static gboolean
export_image (MwCurvePlot   *self,
              ExportFormat   format,
              const char    *path,
              int            width,
              int            height,
              GError       **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  PlotStyle style;
  cairo_t *cr;

  switch (format)
    {
    case EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Meta Workbench");
      if (self->title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
      break;
    case EXPORT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }

  paper_style (&style);
  cr = cairo_create (surface);
  draw_with_style (self, cr, width, height, &style);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the chart: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_set_contents (path, (const char *) bytes->data, bytes->len, error);
}

#define EXPORT_CHECKS(self, path, width, height)                   \
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);           \
  g_return_val_if_fail (path != NULL, FALSE);                      \
  g_return_val_if_fail (width > 0 && width <= 32767, FALSE);       \
  g_return_val_if_fail (height > 0 && height <= 32767, FALSE);     \
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE)

gboolean
mw_curve_plot_export_png (MwCurvePlot  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  EXPORT_CHECKS (self, path, width, height);

  return export_image (self, EXPORT_PNG, path, width, height, error);
}

gboolean
mw_curve_plot_export_svg (MwCurvePlot  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  EXPORT_CHECKS (self, path, width, height);

  return export_image (self, EXPORT_SVG, path, width, height, error);
}

gboolean
mw_curve_plot_export_pdf (MwCurvePlot  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  EXPORT_CHECKS (self, path, width, height);

  return export_image (self, EXPORT_PDF, path, width, height, error);
}

/* RFC 4180: quote fields with a comma, quote or line break; double quotes. */
static void
append_csv_text (GString    *csv,
                 const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

/* The shortest of %.15g and %.17g that reads back as the same double, in
 * the C locale whatever the user's; empty for NaN. */
static void
append_csv_number (GString *csv,
                   double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return;
  if (isinf (value))
    {
      g_string_append (csv, value > 0 ? "inf" : "-inf");
      return;
    }

  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  g_string_append (csv, buffer);
}

gboolean
mw_curve_plot_export_csv (MwCurvePlot  *self,
                          const char   *path,
                          GError      **error)
{
  g_autoptr(GString) csv = g_string_new ("run_id,run_name,iteration,tasks_seen,seconds,value,ci_low,ci_high,smoothed\n");

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
      const double *columns[] = {
        series_x (series, MW_CURVE_PLOT_X_ITERATIONS),
        series_x (series, MW_CURVE_PLOT_X_TASKS),
        series_x (series, MW_CURVE_PLOT_X_SECONDS),
        DOUBLES (series->y),
        DOUBLES (series->lo),
        DOUBLES (series->hi),
        DOUBLES (series->smooth),
      };

      for (gsize i = 0; i < series_len (series); i++)
        {
          append_csv_text (csv, series->id);
          g_string_append_c (csv, ',');
          append_csv_text (csv, series->name);
          for (gsize c = 0; c < G_N_ELEMENTS (columns); c++)
            {
              g_string_append_c (csv, ',');
              append_csv_number (csv, columns[c][i]);
            }
          g_string_append_c (csv, '\n');
        }
    }

  return g_file_set_contents (path, csv->str, csv->len, error);
}

/* --- accessibility ------------------------------------------------------- */

static void
update_accessible (MwCurvePlot *self)
{
  g_autoptr(GString) description = g_string_new (NULL);
  const char *label = self->title != NULL && self->title[0] != '\0' ? self->title : _("Training curves");

  for (guint i = 0; i < self->series->len; i++)
    {
      Series *series = g_ptr_array_index (self->series, i);

      if (!series->visible)
        continue;
      if (description->len > 0)
        g_string_append (description, ", ");
      g_string_append (description, series->name);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description->len > 0 ? description->str : _("No data yet"),
                                  -1);
}

/* --- input --------------------------------------------------------------- */

static void
zoom_axes_at (MwCurvePlot *self,
              double       fx,
              double       fy,
              double       x,
              double       y)
{
  Layout layout;
  double cx, ct;

  widget_layout (self, &layout);
  if (layout.has_data)
    {
      x = CLAMP (x, layout.left, layout.right);
      y = CLAMP (y, layout.top, layout.bottom);
      cx = x_of_px (&layout, x);
      ct = t_of_py (&layout, y);
      set_manual_view (self,
                       cx - (cx - layout.x0) / fx, cx + (layout.x1 - cx) / fx,
                       ct - (ct - layout.t0) / fy, ct + (layout.t1 - ct) / fy);
    }
  layout_clear (&layout);
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           MwCurvePlot              *self)
{
  mw_curve_plot_set_hover (self, x, y);
}

static void
leave_cb (GtkEventControllerMotion *controller,
          MwCurvePlot              *self)
{
  mw_curve_plot_unset_hover (self);
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           MwCurvePlot              *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double factor, x, y;
  double cur_x0, cur_x1, cur_t0, cur_t1;

  if (dy == 0 || !current_view (self, &cur_x0, &cur_x1, &cur_t0, &cur_t1))
    return FALSE;

  factor = pow (SCROLL_ZOOM_BASE, -dy);
  x = self->hover ? self->hover_x : gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  y = self->hover ? self->hover_y : gtk_widget_get_height (GTK_WIDGET (self)) / 2.0;

  zoom_axes_at (self,
                (state & GDK_CONTROL_MASK) ? 1 : factor,
                (state & GDK_SHIFT_MASK) ? 1 : factor,
                x, y);
  return TRUE;
}

static void
drag_begin_cb (GtkGestureDrag *gesture,
               double          x,
               double          y,
               MwCurvePlot    *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));
  double *v = self->drag_view;

  if (!current_view (self, &v[0], &v[1], &v[2], &v[3]))
    {
      self->drag_mode = DRAG_NONE;
      return;
    }

  self->drag_mode = (state & GDK_SHIFT_MASK) ? DRAG_BOX : DRAG_PAN;
  self->drag_moved = FALSE;
  self->drag_start_x = x;
  self->drag_start_y = y;
  self->drag_dx = self->drag_dy = 0;
}

static void
drag_update_cb (GtkGestureDrag *gesture,
                double          dx,
                double          dy,
                MwCurvePlot    *self)
{
  if (self->drag_mode == DRAG_NONE)
    return;

  if (!self->drag_moved && hypot (dx, dy) < DRAG_THRESHOLD)
    return;

  if (!self->drag_moved)
    {
      self->drag_moved = TRUE;
      gtk_widget_set_cursor_from_name (GTK_WIDGET (self),
                                       self->drag_mode == DRAG_PAN ? "grabbing" : "crosshair");
    }

  self->drag_dx = dx;
  self->drag_dy = dy;

  if (self->drag_mode == DRAG_PAN)
    {
      Layout layout;

      widget_layout (self, &layout);
      if (layout.has_data)
        {
          /* From the view at the start of the drag, so nothing drifts. */
          double sx = (layout.right - layout.left) / (self->drag_view[1] - self->drag_view[0]);
          double st = (layout.bottom - layout.top) / (self->drag_view[3] - self->drag_view[2]);

          set_manual_view (self,
                           self->drag_view[0] - dx / sx, self->drag_view[1] - dx / sx,
                           self->drag_view[2] + dy / st, self->drag_view[3] + dy / st);
        }
      layout_clear (&layout);
    }

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag *gesture,
             double          dx,
             double          dy,
             MwCurvePlot    *self)
{
  if (self->drag_mode == DRAG_BOX && self->drag_moved &&
      fabs (dx) >= DRAG_THRESHOLD && fabs (dy) >= DRAG_THRESHOLD)
    {
      Layout layout;

      widget_layout (self, &layout);
      if (layout.has_data)
        {
          double ax = CLAMP (self->drag_start_x, layout.left, layout.right);
          double bx = CLAMP (self->drag_start_x + dx, layout.left, layout.right);
          double ay = CLAMP (self->drag_start_y, layout.top, layout.bottom);
          double by = CLAMP (self->drag_start_y + dy, layout.top, layout.bottom);

          if (fabs (bx - ax) >= 1 && fabs (by - ay) >= 1)
            set_manual_view (self,
                             x_of_px (&layout, MIN (ax, bx)), x_of_px (&layout, MAX (ax, bx)),
                             t_of_py (&layout, MAX (ay, by)), t_of_py (&layout, MIN (ay, by)));
        }
      layout_clear (&layout);
    }

  self->drag_mode = DRAG_NONE;
  self->drag_moved = FALSE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            MwCurvePlot     *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (n_press == 2)
    mw_curve_plot_reset_view (self);
}

static void
reset_view_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  mw_curve_plot_reset_view (MW_CURVE_PLOT (widget));
}

static void
zoom_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  double factor = g_str_equal (action_name, "plot.zoom-in") ? KEY_ZOOM_FACTOR : 1 / KEY_ZOOM_FACTOR;

  mw_curve_plot_zoom_at (MW_CURVE_PLOT (widget), factor,
                         gtk_widget_get_width (widget) / 2.0,
                         gtk_widget_get_height (widget) / 2.0);
}

/* --- GObject and GtkWidget ----------------------------------------------- */

static void
mw_curve_plot_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  mw_curve_plot_draw (MW_CURVE_PLOT (widget), cr, width, height);
  cairo_destroy (cr);
}

static void
mw_curve_plot_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 320;
      *natural = 640;
    }
  else
    {
      *minimum = 200;
      *natural = 400;
    }
}

/* A theme switch (dark mode) changes the text colour and the palette. */
static void
mw_curve_plot_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (mw_curve_plot_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);
}

static void
mw_curve_plot_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MwCurvePlot *self = MW_CURVE_PLOT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_X_LABEL:
      g_value_set_string (value, self->x_label);
      break;
    case PROP_Y_LABEL:
      g_value_set_string (value, self->y_label);
      break;
    case PROP_X_AXIS:
      g_value_set_enum (value, self->x_axis);
      break;
    case PROP_LOG_Y:
      g_value_set_boolean (value, self->log_y);
      break;
    case PROP_SMOOTHING:
      g_value_set_double (value, self->smoothing);
      break;
    case PROP_SHOW_BANDS:
      g_value_set_boolean (value, self->show_bands);
      break;
    case PROP_AUTO_VIEW:
      g_value_set_boolean (value, !self->manual_view);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_curve_plot_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MwCurvePlot *self = MW_CURVE_PLOT (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      mw_curve_plot_set_title (self, g_value_get_string (value));
      break;
    case PROP_X_LABEL:
      mw_curve_plot_set_x_label (self, g_value_get_string (value));
      break;
    case PROP_Y_LABEL:
      mw_curve_plot_set_y_label (self, g_value_get_string (value));
      break;
    case PROP_X_AXIS:
      mw_curve_plot_set_x_axis (self, g_value_get_enum (value));
      break;
    case PROP_LOG_Y:
      mw_curve_plot_set_log_y (self, g_value_get_boolean (value));
      break;
    case PROP_SMOOTHING:
      mw_curve_plot_set_smoothing (self, g_value_get_double (value));
      break;
    case PROP_SHOW_BANDS:
      mw_curve_plot_set_show_bands (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_curve_plot_finalize (GObject *object)
{
  MwCurvePlot *self = MW_CURVE_PLOT (object);

  g_ptr_array_unref (self->series);
  g_free (self->title);
  g_free (self->x_label);
  g_free (self->y_label);
  g_array_unref (self->scratch_line);
  g_array_unref (self->scratch_band);
  g_array_unref (self->scratch_clip);
  g_array_unref (self->scratch_columns);

  G_OBJECT_CLASS (mw_curve_plot_parent_class)->finalize (object);
}

static void
mw_curve_plot_class_init (MwCurvePlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mw_curve_plot_get_property;
  object_class->set_property = mw_curve_plot_set_property;
  object_class->finalize = mw_curve_plot_finalize;

  widget_class->snapshot = mw_curve_plot_snapshot;
  widget_class->measure = mw_curve_plot_measure;
  widget_class->css_changed = mw_curve_plot_css_changed;

  /**
   * MwCurvePlot:title:
   *
   * The chart title, also its accessible label.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:x-label:
   *
   * The x axis label; %NULL names the #MwCurvePlot:x-axis mode.
   */
  properties[PROP_X_LABEL] =
    g_param_spec_string ("x-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:y-label:
   *
   * The y axis label, the metric's name.
   */
  properties[PROP_Y_LABEL] =
    g_param_spec_string ("y-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:x-axis:
   *
   * Which of each point's x coordinates the x axis shows.
   */
  properties[PROP_X_AXIS] =
    g_param_spec_enum ("x-axis", NULL, NULL,
                       MW_TYPE_CURVE_PLOT_X_AXIS, MW_CURVE_PLOT_X_ITERATIONS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:log-y:
   *
   * Whether the y axis is logarithmic.
   */
  properties[PROP_LOG_Y] =
    g_param_spec_boolean ("log-y", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:smoothing:
   *
   * EMA smoothing weight, 0 (none) to 0.999.
   */
  properties[PROP_SMOOTHING] =
    g_param_spec_double ("smoothing", NULL, NULL, 0.0, 0.999, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:show-bands:
   *
   * Whether confidence bands are drawn.
   */
  properties[PROP_SHOW_BANDS] =
    g_param_spec_boolean ("show-bands", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * MwCurvePlot:auto-view:
   *
   * %TRUE while the view fits the data by itself; %FALSE once zoomed or
   * panned, until the view is reset. For the sensitivity of a "Reset View"
   * button outside the plot.
   */
  properties[PROP_AUTO_VIEW] =
    g_param_spec_boolean ("auto-view", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "plot.reset-view", NULL, reset_view_activated);
  gtk_widget_class_install_action (widget_class, "plot.zoom-in", NULL, zoom_activated);
  gtk_widget_class_install_action (widget_class, "plot.zoom-out", NULL, zoom_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "plot.reset-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "plot.reset-view", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "plot.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "plot.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "plot.zoom-out", NULL);

  gtk_widget_class_set_css_name (widget_class, "curveplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mw_curve_plot_init (MwCurvePlot *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *controller;
  GtkGesture *gesture;

  self->series = g_ptr_array_new_with_free_func (series_free);
  self->show_bands = TRUE;
  self->scratch_line = g_array_new (FALSE, FALSE, sizeof (MwPlotPoint));
  self->scratch_band = g_array_new (FALSE, FALSE, sizeof (MwPlotBandPoint));
  self->scratch_clip = g_array_new (FALSE, FALSE, sizeof (MwPlotBandPoint));
  self->scratch_columns = g_array_new (FALSE, FALSE, sizeof (Column));

  gtk_widget_set_focusable (widget, TRUE);
  gtk_widget_set_cursor_from_name (widget, "crosshair");
  /* The theme's canvas background (white, or dark grey in dark mode). */
  gtk_widget_add_css_class (widget, "view");

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (widget, controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  g_signal_connect (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (widget, controller);

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (gesture));

  update_view_actions (self);
  update_accessible (self);
}

/* --- public API ---------------------------------------------------------- */

GtkWidget *
mw_curve_plot_new (void)
{
  return g_object_new (MW_TYPE_CURVE_PLOT, NULL);
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;

  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
mw_curve_plot_set_title (MwCurvePlot *self,
                         const char  *title)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (!set_string (&self->title, title))
    return;

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
mw_curve_plot_get_title (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  return self->title;
}

void
mw_curve_plot_set_y_label (MwCurvePlot *self,
                           const char  *label)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (!set_string (&self->y_label, label))
    return;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y_LABEL]);
}

const char *
mw_curve_plot_get_y_label (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  return self->y_label;
}

void
mw_curve_plot_set_x_label (MwCurvePlot *self,
                           const char  *label)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (!set_string (&self->x_label, label))
    return;

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_LABEL]);
}

const char *
mw_curve_plot_get_x_label (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  return self->x_label;
}

void
mw_curve_plot_set_x_axis (MwCurvePlot      *self,
                          MwCurvePlotXAxis  x_axis)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (x_axis >= MW_CURVE_PLOT_X_ITERATIONS && x_axis <= MW_CURVE_PLOT_X_SECONDS);

  if (self->x_axis == x_axis)
    return;

  self->x_axis = x_axis;
  /* The old x range is in other units. */
  set_auto_view (self, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_AXIS]);
}

MwCurvePlotXAxis
mw_curve_plot_get_x_axis (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), MW_CURVE_PLOT_X_ITERATIONS);

  return self->x_axis;
}

void
mw_curve_plot_set_log_y (MwCurvePlot *self,
                         gboolean     log_y)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  log_y = !!log_y;
  if (self->log_y == log_y)
    return;

  /* Keep a zoomed view where it can be carried over: the y range converts
   * between the axes when it is all positive. */
  if (self->manual_view)
    {
      if (log_y && self->view_t0 > 0)
        {
          self->view_t0 = log10 (self->view_t0);
          self->view_t1 = log10 (self->view_t1);
        }
      else if (!log_y)
        {
          self->view_t0 = pow (10.0, self->view_t0);
          self->view_t1 = pow (10.0, self->view_t1);
        }
      else
        set_auto_view (self, TRUE);
    }

  self->log_y = log_y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_Y]);
}

gboolean
mw_curve_plot_get_log_y (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  return self->log_y;
}

void
mw_curve_plot_set_smoothing (MwCurvePlot *self,
                             double       smoothing)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (isnan (smoothing))
    smoothing = 0;
  smoothing = CLAMP (smoothing, 0.0, 0.999);
  if (self->smoothing == smoothing)
    return;

  self->smoothing = smoothing;
  /* O(points) once per change of the slider, never per frame. */
  for (guint i = 0; i < self->series->len; i++)
    series_resmooth (g_ptr_array_index (self->series, i), smoothing);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SMOOTHING]);
}

double
mw_curve_plot_get_smoothing (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), 0);

  return self->smoothing;
}

void
mw_curve_plot_set_show_bands (MwCurvePlot *self,
                              gboolean     show_bands)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  show_bands = !!show_bands;
  if (self->show_bands == show_bands)
    return;

  self->show_bands = show_bands;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_BANDS]);
}

gboolean
mw_curve_plot_get_show_bands (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  return self->show_bands;
}

gboolean
mw_curve_plot_add_series (MwCurvePlot   *self,
                          const char    *id,
                          const char    *name,
                          const GdkRGBA *color)
{
  Series *series;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (find_series (self, id, NULL) != NULL)
    return FALSE;

  series = series_new (id, name, self->smoothing);
  if (color != NULL)
    {
      series->color = *color;
      series->custom_color = TRUE;
    }
  else
    series->palette_index = free_palette_index (self);
  g_ptr_array_add (self->series, series);

  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

gboolean
mw_curve_plot_remove_series (MwCurvePlot *self,
                             const char  *id)
{
  guint index;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  if (find_series (self, id, &index) == NULL)
    return FALSE;

  g_ptr_array_remove_index (self->series, index);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

gboolean
mw_curve_plot_has_series (MwCurvePlot *self,
                          const char  *id)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  return find_series (self, id, NULL) != NULL;
}

guint
mw_curve_plot_get_n_series (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), 0);

  return self->series->len;
}

char **
mw_curve_plot_get_series_ids (MwCurvePlot *self)
{
  char **ids;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  ids = g_new0 (char *, self->series->len + 1);
  for (guint i = 0; i < self->series->len; i++)
    ids[i] = g_strdup (((Series *) g_ptr_array_index (self->series, i))->id);

  return ids;
}

void
mw_curve_plot_set_series_name (MwCurvePlot *self,
                               const char  *id,
                               const char  *name)
{
  Series *series;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (name != NULL);

  series = find_series (self, id, NULL);
  g_return_if_fail (series != NULL);

  if (set_string (&series->name, name))
    {
      update_accessible (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

const char *
mw_curve_plot_get_series_name (MwCurvePlot *self,
                               const char  *id)
{
  Series *series;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), NULL);

  series = find_series (self, id, NULL);
  return series != NULL ? series->name : NULL;
}

void
mw_curve_plot_set_series_color (MwCurvePlot   *self,
                                const char    *id,
                                const GdkRGBA *color)
{
  Series *series;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  series = find_series (self, id, NULL);
  g_return_if_fail (series != NULL);

  if (color != NULL)
    {
      series->color = *color;
      series->custom_color = TRUE;
    }
  else if (series->custom_color)
    {
      /* Looked up while the series still counts as custom, so it does not
       * keep its own old slot from itself. */
      series->palette_index = free_palette_index (self);
      series->custom_color = FALSE;
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
mw_curve_plot_get_series_color (MwCurvePlot *self,
                                const char  *id,
                                GdkRGBA     *color)
{
  Series *series;
  PlotStyle style;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);
  g_return_val_if_fail (color != NULL, FALSE);

  series = find_series (self, id, NULL);
  if (series == NULL)
    return FALSE;

  widget_style (self, &style);
  series_color (series, style.dark, color);
  return TRUE;
}

void
mw_curve_plot_set_series_visible (MwCurvePlot *self,
                                  const char  *id,
                                  gboolean     visible)
{
  Series *series;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  series = find_series (self, id, NULL);
  g_return_if_fail (series != NULL);

  visible = !!visible;
  if (series->visible == visible)
    return;

  series->visible = visible;
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
mw_curve_plot_get_series_visible (MwCurvePlot *self,
                                  const char  *id)
{
  Series *series;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  series = find_series (self, id, NULL);
  return series != NULL && series->visible;
}

void
mw_curve_plot_append_points (MwCurvePlot        *self,
                             const char         *id,
                             const MwCurvePoint *points,
                             gsize               n_points)
{
  Series *series;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (points != NULL || n_points == 0);

  series = find_series (self, id, NULL);
  g_return_if_fail (series != NULL);

  if (n_points == 0)
    return;

  series_append (series, points, n_points);
  /* One redraw per batch at most, on the next frame. */
  if (series->visible)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

gsize
mw_curve_plot_get_n_points (MwCurvePlot *self,
                            const char  *id)
{
  Series *series;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), 0);

  series = find_series (self, id, NULL);
  return series != NULL ? series_len (series) : 0;
}

gboolean
mw_curve_plot_get_point (MwCurvePlot  *self,
                         const char   *id,
                         gsize         index,
                         MwCurvePoint *point,
                         double       *smoothed_y)
{
  Series *series;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  series = find_series (self, id, NULL);
  if (series == NULL || index >= series_len (series))
    return FALSE;

  if (point != NULL)
    {
      point->iteration = series_x (series, MW_CURVE_PLOT_X_ITERATIONS)[index];
      point->tasks = series_x (series, MW_CURVE_PLOT_X_TASKS)[index];
      point->seconds = series_x (series, MW_CURVE_PLOT_X_SECONDS)[index];
      point->y = DOUBLES (series->y)[index];
      point->y_lo = DOUBLES (series->lo)[index];
      point->y_hi = DOUBLES (series->hi)[index];
    }
  if (smoothed_y != NULL)
    *smoothed_y = DOUBLES (series->smooth)[index];

  return TRUE;
}

void
mw_curve_plot_clear_series (MwCurvePlot *self,
                            const char  *id)
{
  Series *series;

  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  series = find_series (self, id, NULL);
  g_return_if_fail (series != NULL);

  series_clear_points (series, self->smoothing);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mw_curve_plot_clear (MwCurvePlot *self)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  g_ptr_array_set_size (self->series, 0);
  set_auto_view (self, TRUE);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mw_curve_plot_reset_view (MwCurvePlot *self)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  set_auto_view (self, TRUE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
mw_curve_plot_get_auto_view (MwCurvePlot *self)
{
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), TRUE);

  return !self->manual_view;
}

gboolean
mw_curve_plot_get_view (MwCurvePlot *self,
                        double      *x_min,
                        double      *x_max,
                        double      *y_min,
                        double      *y_max)
{
  double x0, x1, t0, t1;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  if (!current_view (self, &x0, &x1, &t0, &t1))
    return FALSE;

  if (x_min != NULL)
    *x_min = x0;
  if (x_max != NULL)
    *x_max = x1;
  if (y_min != NULL)
    *y_min = axis_y (self->log_y, t0);
  if (y_max != NULL)
    *y_max = axis_y (self->log_y, t1);

  return TRUE;
}

void
mw_curve_plot_set_view (MwCurvePlot *self,
                        double       x_min,
                        double       x_max,
                        double       y_min,
                        double       y_max)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (x_min < x_max && y_min < y_max);
  g_return_if_fail (!self->log_y || y_min > 0);

  set_manual_view (self, x_min, x_max, axis_t (self->log_y, y_min), axis_t (self->log_y, y_max));
}

void
mw_curve_plot_zoom_at (MwCurvePlot *self,
                       double       factor,
                       double       x,
                       double       y)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));
  g_return_if_fail (factor > 0);

  zoom_axes_at (self, factor, factor, x, y);
}

void
mw_curve_plot_set_hover (MwCurvePlot *self,
                         double       x,
                         double       y)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (self->hover && self->hover_x == x && self->hover_y == y)
    return;

  self->hover = TRUE;
  self->hover_x = x;
  self->hover_y = y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mw_curve_plot_unset_hover (MwCurvePlot *self)
{
  g_return_if_fail (MW_IS_CURVE_PLOT (self));

  if (!self->hover)
    return;

  self->hover = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
mw_curve_plot_get_hover_index (MwCurvePlot *self,
                               const char  *id,
                               gsize       *index)
{
  g_autofree gssize *indices = NULL;
  double guide_x;
  gboolean shown;
  Layout layout;
  guint s;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);

  if (!self->hover || find_series (self, id, &s) == NULL)
    return FALSE;

  indices = g_new (gssize, self->series->len);
  widget_layout (self, &layout);
  shown = hover_compute (self, &layout, indices, &guide_x);
  layout_clear (&layout);

  if (!shown || indices[s] < 0)
    return FALSE;

  if (index != NULL)
    *index = (gsize) indices[s];
  return TRUE;
}
