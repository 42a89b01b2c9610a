/* mw-task-map-view.c: the tasks of a run on a map, and their accuracy against
 * their distance to the training tasks. */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "mw-task-map-view.h"

/* Tasks of each kind a map shows unless asked otherwise (the 200). */
#define DEFAULT_TASKS 200
/* Legend entries before the rest are summed up as "…". */
#define LEGEND_ENTRIES 8
/* How near (pixels) the pointer must be to a point to name it. */
#define HOVER_RADIUS 8.0

struct _MwTaskMapView
{
  MwInspectView parent_instance;

  /* Where the last draw put the two charts, for hovering. */
  gboolean drawn;
  MwPlotFrame map_frame, scatter_frame;
  double map_x, scatter_x, charts_y;
};

G_DEFINE_FINAL_TYPE (MwTaskMapView, mw_task_map_view, MW_TYPE_INSPECT_VIEW)

/* --- the record -------------------------------------------------------- */

static gboolean
keep_going (int      done,
            int      total,
            gpointer data)
{
  return !g_cancellable_is_cancelled (data);
}

static int
compare_properties (gconstpointer a,
                    gconstpointer b,
                    gpointer      data)
{
  return mw_task_map_property_compare (data, *(const int *) a, *(const int *) b);
}

/* The distinct non-empty properties of the test tasks, sorted (planar bins by number). */
static void
collect_properties (MwTaskMapInspection *r)
{
  GArray *rows = g_array_new (FALSE, FALSE, sizeof (int));

  for (int i = 0; i < r->map.n_test; i++)
    {
      const char *p = r->map.property[i];
      gboolean known = *p == '\0';

      for (guint k = 0; k < rows->len && !known; k++)
        known = g_str_equal (r->map.property[g_array_index (rows, int, k)], p);
      if (!known)
        g_array_append_val (rows, i);
    }
  g_array_sort_with_data (rows, compare_properties, &r->map);
  r->n_properties = rows->len;
  r->properties = g_new0 (char *, rows->len + 1);
  r->property_labels = g_new0 (char *, rows->len + 1);
  for (guint k = 0; k < rows->len; k++)
    {
      int row = g_array_index (rows, int, k);
      r->properties[k] = g_strdup (r->map.property[row]);
      r->property_labels[k] = mw_task_map_property_label (&r->map, row);
    }
  g_array_free (rows, TRUE);
}

static int
property_index (const MwTaskMapInspection *r,
                int                        row)
{
  for (int k = 0; k < r->n_properties; k++)
    if (g_str_equal (r->properties[k], r->map.property[row]))
      return k;
  return -1;
}

static double
correlation (const MwTaskMap *map)
{
  double n = 0, mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;

  for (int i = 0; i < map->n_test; i++)
    if (isfinite (map->nearest_distance[i]) && isfinite (map->accuracy[i]))
      {
        n += 1;
        mx += map->nearest_distance[i];
        my += map->accuracy[i];
      }
  if (n < 3)
    return NAN;
  mx /= n;
  my /= n;
  for (int i = 0; i < map->n_test; i++)
    if (isfinite (map->nearest_distance[i]) && isfinite (map->accuracy[i]))
      {
        double dx = map->nearest_distance[i] - mx, dy = map->accuracy[i] - my;

        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
      }
  return sxx > 0 && syy > 0 ? sxy / sqrt (sxx * syy) : NAN;
}

/* On the inspector's worker thread. */
static gpointer
task_map_compute (const MwInspectRequest *request,
                  GError                **error)
{
  const MwExperimentConfig *c = mw_run_get_config (request->run);
  MwAlgorithm *algo = mw_run_get_algorithm (request->run);
  MwTaskGen *test = mw_run_get_task_gen (request->run, "test");
  g_autoptr(MwTaskMapInspection) r = mw_inspection_new (&mw_task_map_inspection_kind);
  MwTaskMapSettings s = {
    .kind = MW_TASK_EMBEDDING_FISHER,
    .ways = c->ways, .shots = c->shots, .queries = c->queries,
    .steps = mw_algorithm_kind_is_metric (c->algo.kind) ? 0 : c->test_steps,
    .n_test = DEFAULT_TASKS, .n_train = DEFAULT_TASKS, .seed = MW_TEST_SEED,
  };

  if (request->params != NULL)
    g_variant_get (request->params, "(ii)", &s.n_test, &s.n_train);
  /* A model with nothing below its output layer (logistic regression under a
   * metric learner) has only the prototypes to show. */
  if (mw_task_embedding_dim (algo, s.kind, s.ways, NULL) == 0)
    s.kind = MW_TASK_EMBEDDING_PROTOTYPES;
  r->title = g_strdup (request->run_title);
  r->seed = s.seed;
  r->kind = s.kind;
  if (!mw_task_map_compute (algo, test, mw_run_get_task_gen (request->run, "train"), &s,
                            keep_going, request->cancellable, &r->map, error))
    return NULL;
  collect_properties (r);
  r->correlation = correlation (&r->map);
  return g_steal_pointer (&r);
}

static void
task_map_inspection_clear (gpointer data)
{
  MwTaskMapInspection *self = data;

  g_free (self->title);
  mw_task_map_clear (&self->map);
  g_strfreev (self->properties);
  g_strfreev (self->property_labels);
}

const MwInspectionKind mw_task_map_inspection_kind = {
  "task-map", sizeof (MwTaskMapInspection), task_map_inspection_clear, task_map_compute
};

/* --- the view ---------------------------------------------------------- */

static MwTaskMapInspection *
shown_inspection (MwTaskMapView *self)
{
  return mw_inspect_view_get_inspection (MW_INSPECT_VIEW (self));
}

char *
mw_task_map_view_dup_summary (MwTaskMapView *self)
{
  MwTaskMapInspection *r;
  g_autofree char *r_text = NULL;

  g_return_val_if_fail (MW_IS_TASK_MAP_VIEW (self), NULL);

  r = shown_inspection (self);
  if (r == NULL)
    return g_strdup (_("No tasks mapped yet"));
  /* Translators: r is Pearson's correlation coefficient (a number). */
  r_text = isfinite (r->correlation) ? g_strdup_printf (_("accuracy against distance: r = %.2f"),
                                                        r->correlation)
                                     : g_strdup (_("no training tasks to measure distances to"));
  /* Translators: the run, test tasks, the embedding ("fisher"), training tasks, then
   * the correlation. */
  return g_strdup_printf (_("%s: %d test tasks, %s embedding, %d training tasks; %s"), r->title,
                          r->map.n_test, mw_task_embedding_kind_name (r->kind), r->map.n_train,
                          r_text);
}

static void
set_point_color (cairo_t                   *cr,
                 const MwTaskMapInspection *r,
                 int                        row,
                 const MwPlotFrame         *frame)
{
  GdkRGBA color;
  int k = row < r->map.n_test ? property_index (r, row) : -1;

  if (row >= r->map.n_test)
    {
      mw_plot_set_color (cr, &frame->fg, 0.3);
      return;
    }
  mw_plot_class_color (k < 0 ? 0 : (guint) k, &color);
  mw_plot_set_color (cr, &color, 0.85);
}

static void
draw_map (MwTaskMapView *self,
          cairo_t       *cr,
          double         x,
          double         y,
          double         width,
          double         height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  MwTaskMapInspection *r = shown_inspection (self);
  const MwTaskMap *map = &r->map;
  int rows = map->n_test + map->n_train;
  double lo[2] = { INFINITY, INFINITY }, hi[2] = { -INFINITY, -INFINITY };
  MwPlotFrame *frame = &self->map_frame;

  for (int i = 0; i < rows; i++)
    for (int a = 0; a < 2; a++)
      {
        lo[a] = MIN (lo[a], map->mds_xy[2 * i + a]);
        hi[a] = MAX (hi[a], map->mds_xy[2 * i + a]);
      }
  /* A margin round the points, and room above them for the legend. */
  for (int a = 0; a < 2; a++)
    {
      double span = hi[a] > lo[a] ? hi[a] - lo[a] : 1;

      lo[a] -= 0.05 * span;
      hi[a] += (a == 1 ? 0.2 : 0.05) * span;
    }
  cairo_save (cr);
  cairo_translate (cr, x, y);
  mw_plot_frame_init (frame, widget, width, height, lo[0], hi[0], lo[1], hi[1]);
  mw_plot_frame_draw (frame, widget, cr, _("Tasks: MDS of their embeddings' cosine distances"),
                      _("MDS 1"), _("MDS 2"), FALSE);
  /* Training tasks first, under the test tasks. */
  for (int i = rows - 1; i >= 0; i--)
    {
      set_point_color (cr, r, i, frame);
      cairo_arc (cr, mw_plot_frame_x (frame, map->mds_xy[2 * i]),
                 mw_plot_frame_y (frame, map->mds_xy[2 * i + 1]), i < map->n_test ? 4 : 2.5,
                 0, 2 * G_PI);
      cairo_fill (cr);
    }
  /* The legend: the properties, then the training tasks. */
  {
    int shown = MIN (r->n_properties, LEGEND_ENTRIES), line = 0;
    double lx = frame->left + 10, ly = frame->top + 12;

    for (int k = 0; k < shown; k++, line++)
      {
        GdkRGBA color;

        mw_plot_class_color ((guint) k, &color);
        mw_plot_set_color (cr, &color, 0.85);
        cairo_arc (cr, lx + 4, ly + line * 16, 4, 0, 2 * G_PI);
        cairo_fill (cr);
        mw_plot_set_color (cr, &frame->fg, 0.85);
        mw_plot_frame_text (widget, cr, r->property_labels[k], lx + 14, ly + line * 16, 0, 0.5, FALSE);
      }
    if (r->n_properties > shown)
      {
        g_autofree char *more = g_strdup_printf (_("… and %d more"), r->n_properties - shown);

        mw_plot_frame_text (widget, cr, more, lx + 14, ly + line++ * 16, 0, 0.5, FALSE);
      }
    if (r->n_properties == 0)
      {
        GdkRGBA color;

        mw_plot_class_color (0, &color);
        mw_plot_set_color (cr, &color, 0.85);
        cairo_arc (cr, lx + 4, ly + line * 16, 4, 0, 2 * G_PI);
        cairo_fill (cr);
        mw_plot_set_color (cr, &frame->fg, 0.85);
        mw_plot_frame_text (widget, cr, _("test tasks"), lx + 14, ly + line++ * 16, 0, 0.5, FALSE);
      }
    if (map->n_train > 0)
      {
        mw_plot_set_color (cr, &frame->fg, 0.3);
        cairo_arc (cr, lx + 4, ly + line * 16, 2.5, 0, 2 * G_PI);
        cairo_fill (cr);
        mw_plot_set_color (cr, &frame->fg, 0.85);
        mw_plot_frame_text (widget, cr, _("training tasks"), lx + 14, ly + line * 16, 0, 0.5, FALSE);
      }
  }
  cairo_restore (cr);
}

static void
draw_scatter (MwTaskMapView *self,
              cairo_t       *cr,
              double         x,
              double         y,
              double         width,
              double         height)
{
  GtkWidget *widget = GTK_WIDGET (self);
  MwTaskMapInspection *r = shown_inspection (self);
  const MwTaskMap *map = &r->map;
  double hi = 0;
  MwPlotFrame *frame = &self->scatter_frame;

  for (int i = 0; i < map->n_test; i++)
    if (isfinite (map->nearest_distance[i]))
      hi = MAX (hi, map->nearest_distance[i]);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  mw_plot_frame_init (frame, widget, width, height, 0, hi > 0 ? hi * 1.05 : 1, 0, 100);
  mw_plot_frame_draw (frame, widget, cr, _("Accuracy against distance to the nearest training task"),
                      _("Cosine distance"), _("Accuracy (%)"), TRUE);
  for (int i = 0; i < map->n_test; i++)
    if (isfinite (map->nearest_distance[i]) && isfinite (map->accuracy[i]))
      {
        set_point_color (cr, r, i, frame);
        cairo_arc (cr, mw_plot_frame_x (frame, map->nearest_distance[i]),
                   mw_plot_frame_y (frame, 100 * map->accuracy[i]), 4, 0, 2 * G_PI);
        cairo_fill (cr);
      }
  if (map->n_train == 0)
    mw_inspect_view_draw_message (MW_INSPECT_VIEW (self), cr, frame,
                                  _("No training tasks to measure distances to"));
  cairo_restore (cr);
}

static void
mw_task_map_view_draw (MwInspectView *view,
                       cairo_t       *cr,
                       int            width,
                       int            height)
{
  MwTaskMapView *self = MW_TASK_MAP_VIEW (view);
  MwTaskMapInspection *r = shown_inspection (self);
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *summary = mw_task_map_view_dup_summary (self);
  GdkRGBA fg;

  self->drawn = FALSE;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  mw_plot_set_color (cr, &fg, 0.9);
  mw_plot_frame_text (widget, cr, summary, 12, 10, 0, 0, TRUE);
  if (r == NULL)
    {
      MwPlotFrame frame;

      mw_plot_frame_init (&frame, widget, width, height - 36, 0, 1, 0, 1);
      cairo_save (cr);
      cairo_translate (cr, 0, 36);
      mw_inspect_view_draw_message (view, cr, &frame,
                                    _("Map Tasks embeds 200 test and 200 training tasks of this run"));
      cairo_restore (cr);
      return;
    }
  self->map_x = 0;
  self->scatter_x = width / 2.0;
  self->charts_y = 36;
  draw_map (self, cr, self->map_x, self->charts_y, width / 2.0, height - 36);
  draw_scatter (self, cr, self->scatter_x, self->charts_y, width / 2.0, height - 36);
  self->drawn = TRUE;
}

/* The row (test tasks first) nearest (x, y) within HOVER_RADIUS, on the map
 * or (test tasks) on the scatter; -1 when none. */
static int
point_at (MwTaskMapView *self,
          double         x,
          double         y)
{
  MwTaskMapInspection *r = shown_inspection (self);
  int best = -1;
  double best_d = HOVER_RADIUS;

  if (r == NULL || !self->drawn)
    return -1;
  for (int i = 0; i < r->map.n_test + r->map.n_train; i++)
    {
      double px = self->map_x + mw_plot_frame_x (&self->map_frame, r->map.mds_xy[2 * i]);
      double py = self->charts_y + mw_plot_frame_y (&self->map_frame, r->map.mds_xy[2 * i + 1]);
      double d = hypot (px - x, py - y);

      if (d <= best_d)
        {
          best_d = d;
          best = i;
        }
      if (i < r->map.n_test && isfinite (r->map.nearest_distance[i]))
        {
          px = self->scatter_x + mw_plot_frame_x (&self->scatter_frame, r->map.nearest_distance[i]);
          py = self->charts_y + mw_plot_frame_y (&self->scatter_frame, 100 * r->map.accuracy[i]);
          d = hypot (px - x, py - y);
          if (d <= best_d)
            {
              best_d = d;
              best = i;
            }
        }
    }
  return best;
}

char *
mw_task_map_view_dup_point_text (MwTaskMapView *self,
                                 double         x,
                                 double         y)
{
  MwTaskMapInspection *r;
  int row;
  GString *text;

  g_return_val_if_fail (MW_IS_TASK_MAP_VIEW (self), NULL);

  row = point_at (self, x, y);
  if (row < 0)
    return NULL;
  r = shown_inspection (self);
  text = g_string_new (NULL);
  if (row < r->map.n_test)
    {
      /* Translators: a test task of the map: its number, which is also the
       * number of the episode eval draws from the test seed. */
      g_string_append_printf (text, _("Test task %d (episode %d of the test seed)"), row, row);
      g_string_append_printf (text, "\n%s", r->map.classes[row]);
      if (*r->map.property[row] != '\0')
        {
          g_autofree char *label = mw_task_map_property_label (&r->map, row);
          g_string_append_printf (text, "\n%s", label);
        }
      g_string_append_printf (text, _("\nAccuracy after adaptation: %.0f%%"), 100 * r->map.accuracy[row]);
      if (r->map.nearest[row] >= 0)
        g_string_append_printf (text, _("\nNearest training task: %d, cosine distance %.3f"),
                                r->map.nearest[row], r->map.nearest_distance[row]);
    }
  else
    {
      g_string_append_printf (text, _("Training task %d"), row - r->map.n_test);
      g_string_append_printf (text, "\n%s", r->map.classes[row]);
    }
  return g_string_free (text, FALSE);
}

gboolean
mw_task_map_view_get_point (MwTaskMapView *self,
                            int            task,
                            double        *x,
                            double        *y)
{
  MwTaskMapInspection *r;

  g_return_val_if_fail (MW_IS_TASK_MAP_VIEW (self), FALSE);

  r = shown_inspection (self);
  if (r == NULL || !self->drawn || task < 0 || task >= r->map.n_test)
    return FALSE;
  *x = self->map_x + mw_plot_frame_x (&self->map_frame, r->map.mds_xy[2 * task]);
  *y = self->charts_y + mw_plot_frame_y (&self->map_frame, r->map.mds_xy[2 * task + 1]);
  return TRUE;
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    data)
{
  g_autofree char *text = NULL;

  if (keyboard)
    return FALSE;
  text = mw_task_map_view_dup_point_text (MW_TASK_MAP_VIEW (widget), x, y);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
mw_task_map_view_class_init (MwTaskMapViewClass *klass)
{
  MwInspectViewClass *view_class = MW_INSPECT_VIEW_CLASS (klass);

  view_class->draw = mw_task_map_view_draw;
  mw_inspect_view_class_set_inspection_kind (view_class, &mw_task_map_inspection_kind);
  mw_inspect_view_class_set_size (view_class, 480, 900, 300, 500);
  mw_inspect_view_class_set_page (view_class, "task-map", N_("Task Map"), 30,
                                  MW_INSPECT_RUNS_CLASSIFICATION | MW_INSPECT_RUNS_PLANAR);
  mw_inspect_view_class_set_request (view_class, N_("_Map Tasks"),
                                     N_("Embeds 200 seeded test tasks and 200 training tasks by "
                                        "the Fisher information of this run's model, in the "
                                        "background"),
                                     N_("Mapping tasks…"));
}

static void
mw_task_map_view_init (MwTaskMapView *self)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
}

GtkWidget *
mw_task_map_view_new (void)
{
  return g_object_new (MW_TYPE_TASK_MAP_VIEW, NULL);
}
