/* mw-run-view.c: the chart page. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-run-view.h"

/* One series of one run on the chart of its unit. */
typedef struct
{
  MwRunItem          *item;      /* unowned: in runs */
  const MwMetricSpec *spec;
  char               *id;        /* "<run id>/<metric>", the plot's series id */
} Series;

struct _MwRunView
{
  GtkBox parent_instance;

  GtkLabel       *status_label;
  GtkProgressBar *progress_bar;
  GtkDropDown    *x_axis_dropdown;
  GtkWidget      *error_banner;
  GtkLabel       *error_label;
  GtkWidget      *notice_banner;
  GtkLabel       *notice_label;
  GtkBox         *charts_box;
  MwCurvePlot    *charts[MW_METRIC_N_UNITS];   /* made when first needed */
  MwCurvePlotXAxis x_axis;

  GHashTable *runs;              /* MwRunItem* (ref) → notify handler id */
  GHashTable *series;            /* Series.id → Series* (owned) */
  GListModel *model;             /* followed, or NULL */
  gulong model_handler;
  MwRunItem *shown;              /* ref */
  gulong shown_notify_id;
  char *dismissed_error;         /* the message the user closed, not shown again */
};

G_DEFINE_FINAL_TYPE (MwRunView, mw_run_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_X_AXIS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->id);
  g_free (series);
}

/* --- charts ------------------------------------------------------------------ */

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  return *(const int *) a - *(const int *) b;
}

/* Exported files are named after the run shown and what the chart measures
 * ("MAML 5-way 1-shot - loss.png"), so a teacher's slides say which is which.
 * The unit's id rather than its label: "Accuracy (%)" is no file name. */
static void
update_export_names (MwRunView *self)
{
  for (int u = 0; u < MW_METRIC_N_UNITS; u++)
    {
      g_autofree char *name = NULL;

      if (self->charts[u] == NULL)
        continue;
      if (self->shown != NULL)
        name = g_strdup_printf ("%s - %s", mw_run_item_get_name (self->shown), mw_metric_unit_name (u));
      else
        name = g_strdup (mw_metric_unit_name (u));
      mw_curve_plot_set_export_name (self->charts[u], name);
    }
}

/* The stacked charts read as one figure: one x range, the union of what
 * they show, and one width left of the plot areas, the widest any of their
 * y axes needs, so their grids line up. */
static void
align_charts (MwRunView *self)
{
  double x0 = INFINITY, x1 = -INFINITY, width = 0;

  for (int u = 0; u < MW_METRIC_N_UNITS; u++)
    {
      MwCurvePlot *chart = self->charts[u];
      double lo, hi;

      if (chart == NULL || !gtk_widget_get_visible (GTK_WIDGET (chart)))
        continue;
      if (mw_curve_plot_get_data_x_range (chart, &lo, &hi))
        {
          x0 = MIN (x0, lo);
          x1 = MAX (x1, hi);
        }
      width = MAX (width, mw_curve_plot_get_natural_y_axis_width (chart));
    }
  for (int u = 0; u < MW_METRIC_N_UNITS; u++)
    {
      if (self->charts[u] == NULL)
        continue;
      if (x0 <= x1)
        mw_curve_plot_set_shared_x_range (self->charts[u], x0, x1);
      else
        mw_curve_plot_set_shared_x_range (self->charts[u], NAN, NAN);
      mw_curve_plot_set_y_axis_width (self->charts[u], width);
    }
}

/* The accuracy chart's dashed chance level, 1 / ways, for each level the
 * shown runs have: runs of 5 and of 20 ways on one chart get 20% and 5%. */
static void
update_chance_lines (MwRunView *self)
{
  MwCurvePlot *chart = self->charts[MW_METRIC_UNIT_ACCURACY];
  g_autoptr(GArray) ways = g_array_new (FALSE, FALSE, sizeof (int));
  GHashTableIter iter;
  gpointer item;

  if (chart == NULL)
    return;
  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      int n = mw_run_item_get_ways (item);
      gboolean known = FALSE;

      if (n < 2 || !mw_run_item_get_visible (item) || mw_run_item_get_regression (item))
        continue;
      for (guint i = 0; i < ways->len && !known; i++)
        known = g_array_index (ways, int, i) == n;
      if (!known)
        g_array_append_val (ways, n);
    }
  g_array_sort (ways, compare_ints);

  mw_curve_plot_clear_reference_lines (chart);
  for (guint i = 0; i < ways->len; i++)
    {
      double chance = mw_metric_unit_scale (MW_METRIC_UNIT_ACCURACY) / g_array_index (ways, int, i);
      /* Translators: the accuracy of guessing at random, drawn as a dashed
       * line on the accuracy chart, e.g. "Chance 20%". */
      g_autofree char *label = g_strdup_printf (_("Chance %.3g%%"), chance);

      mw_curve_plot_add_reference_line (chart, chance, label);
    }
}

static MwCurvePlot *
ensure_chart (MwRunView    *self,
              MwMetricUnit  unit)
{
  GtkWidget *before = NULL;

  if (self->charts[unit] != NULL)
    return self->charts[unit];

  self->charts[unit] = MW_CURVE_PLOT (mw_curve_plot_new ());
  mw_curve_plot_set_y_label (self->charts[unit], mw_metric_unit_label (unit));
  mw_curve_plot_set_x_axis (self->charts[unit], self->x_axis);
  gtk_widget_set_vexpand (GTK_WIDGET (self->charts[unit]), TRUE);
  gtk_widget_set_name (GTK_WIDGET (self->charts[unit]), mw_metric_unit_name (unit));
  g_signal_connect_object (self->charts[unit], "y-axis-width-changed",
                           G_CALLBACK (align_charts), self, G_CONNECT_SWAPPED);
  /* Always in the order of the units: loss, MSE, accuracy. */
  for (int u = (int) unit - 1; u >= 0 && before == NULL; u--)
    if (self->charts[u] != NULL)
      before = GTK_WIDGET (self->charts[u]);
  gtk_box_insert_child_after (self->charts_box, GTK_WIDGET (self->charts[unit]), before);
  update_export_names (self);
  return self->charts[unit];
}

static int
compare_specs (gconstpointer a,
               gconstpointer b)
{
  const MwMetricSpec *x = *(const MwMetricSpec *const *) a;
  const MwMetricSpec *y = *(const MwMetricSpec *const *) b;

  if (x->source != y->source)
    return x->source < y->source ? -1 : 1;
  return g_strcmp0 (x->title, y->title);
}

/* Each chart is shown while it has a series, and is titled by what they
 * measure ("Meta-training loss · Meta-validation loss"); with none at all,
 * the loss and accuracy charts a classification run would have stay, empty. */
static void
update_charts (MwRunView *self)
{
  GPtrArray *specs[MW_METRIC_N_UNITS];
  gboolean any = g_hash_table_size (self->series) > 0;
  GHashTableIter iter;
  gpointer value;

  for (int u = 0; u < MW_METRIC_N_UNITS; u++)
    specs[u] = g_ptr_array_new ();
  if (any)
    {
      g_hash_table_iter_init (&iter, self->series);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Series *series = value;

          g_ptr_array_add (specs[series->spec->unit], (gpointer) series->spec);
        }
    }
  else
    {
      guint n;
      const MwMetricSpec *classification = mw_metric_specs_for_task (FALSE, &n);

      for (guint i = 0; i < n; i++)
        if (classification[i].charted)
          g_ptr_array_add (specs[classification[i].unit], (gpointer) &classification[i]);
    }

  for (int u = 0; u < MW_METRIC_N_UNITS; u++)
    {
      g_autoptr(GString) title = g_string_new (NULL);
      const MwMetricSpec *last = NULL;

      if (specs[u]->len == 0)
        {
          if (self->charts[u] != NULL)
            gtk_widget_set_visible (GTK_WIDGET (self->charts[u]), FALSE);
          continue;
        }
      g_ptr_array_sort (specs[u], compare_specs);
      for (guint i = 0; i < specs[u]->len; i++)
        {
          const MwMetricSpec *spec = specs[u]->pdata[i];

          if (last != NULL && g_strcmp0 (last->title, spec->title) == 0)
            continue;
          if (title->len > 0)
            g_string_append (title, " · ");
          g_string_append (title, mw_metric_spec_title (spec));
          last = spec;
        }
      ensure_chart (self, u);
      if (g_strcmp0 (mw_curve_plot_get_title (self->charts[u]), title->str) != 0)
        mw_curve_plot_set_title (self->charts[u], title->str);
      gtk_widget_set_visible (GTK_WIDGET (self->charts[u]), TRUE);
    }
  for (int u = 0; u < MW_METRIC_N_UNITS; u++)
    g_ptr_array_unref (specs[u]);
  update_chance_lines (self);
  align_charts (self);
}

/* --- series ----------------------------------------------------------------- */

static char *
series_id (const char *run_id,
           const char *metric)
{
  return g_strconcat (run_id, "/", metric, NULL);
}

/* How many of @item's series are on the chart of @unit. */
static guint
n_series_on_chart (MwRunView    *self,
                   MwRunItem    *item,
                   MwMetricUnit  unit)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Series *series = value;

      if (series->item == item && series->spec->unit == unit)
        n++;
    }
  return n;
}

static void
sync_series (MwRunView *self,
             MwRunItem *item)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Series *series = value;
      MwCurvePlot *plot = self->charts[series->spec->unit];
      g_autofree char *name = NULL;
      GdkRGBA color = *mw_run_item_get_color (item);

      if (series->item != item)
        continue;
      /* A run with two series on one chart (a regression's training and
       * validation MSE) says which is which (the chart's title has the whole
       * names), and draws the validation darker. */
      if (n_series_on_chart (self, item, series->spec->unit) > 1)
        {
          gboolean validation = series->spec->source >= MW_METRIC_FROM_VAL_LOSS;

          name = g_strdup_printf ("%s · %s", mw_run_item_get_name (item),
                                  validation ? C_("series", "validation") : C_("series", "training"));
          if (validation)
            {
              color.red *= 0.6f;
              color.green *= 0.6f;
              color.blue *= 0.6f;
            }
        }
      else
        name = g_strdup (mw_run_item_get_name (item));
      if (g_strcmp0 (mw_curve_plot_get_series_name (plot, series->id), name) != 0)
        mw_curve_plot_set_series_name (plot, series->id, name);
      mw_curve_plot_set_series_color (plot, series->id, &color);
      if (mw_curve_plot_get_series_visible (plot, series->id) != mw_run_item_get_visible (item))
        mw_curve_plot_set_series_visible (plot, series->id, mw_run_item_get_visible (item));
    }
}

static void
run_notify_cb (MwRunItem  *item,
               GParamSpec *pspec,
               MwRunView  *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "name") || g_str_equal (name, "color") || g_str_equal (name, "visible"))
    sync_series (self, item);
  if (g_str_equal (name, "visible"))
    {
      update_chance_lines (self);
      align_charts (self);
    }
}

gboolean
mw_run_view_add_run (MwRunView *self,
                     MwRunItem *item)
{
  const MwMetricSpec *specs;
  guint n_specs;
  gulong handler;

  g_return_val_if_fail (MW_IS_RUN_VIEW (self), FALSE);
  g_return_val_if_fail (MW_IS_RUN_ITEM (item), FALSE);

  if (g_hash_table_contains (self->runs, item))
    return FALSE;

  specs = mw_run_item_get_metrics (item, &n_specs);
  for (guint i = 0; i < n_specs; i++)
    {
      Series *series;

      if (!specs[i].charted)
        continue;
      series = g_new0 (Series, 1);
      series->item = item;
      series->spec = &specs[i];
      series->id = series_id (mw_run_item_get_id (item), specs[i].name);
      mw_curve_plot_add_series (ensure_chart (self, specs[i].unit), series->id,
                                mw_run_item_get_name (item), mw_run_item_get_color (item));
      g_hash_table_insert (self->series, series->id, series);
    }
  update_charts (self);
  sync_series (self, item);

  handler = g_signal_connect (item, "notify", G_CALLBACK (run_notify_cb), self);
  g_hash_table_insert (self->runs, g_object_ref (item), GSIZE_TO_POINTER ((gsize) handler));
  update_chance_lines (self);
  return TRUE;
}

void
mw_run_view_remove_run (MwRunView *self,
                        MwRunItem *item)
{
  GHashTableIter iter;
  gpointer handler, value;

  g_return_if_fail (MW_IS_RUN_VIEW (self));
  g_return_if_fail (MW_IS_RUN_ITEM (item));

  if (!g_hash_table_lookup_extended (self->runs, item, NULL, &handler))
    return;

  if (self->shown == item)
    mw_run_view_show_run (self, NULL);
  g_signal_handler_disconnect (item, (gulong) GPOINTER_TO_SIZE (handler));
  g_hash_table_iter_init (&iter, self->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Series *series = value;

      if (series->item != item)
        continue;
      mw_curve_plot_remove_series (self->charts[series->spec->unit], series->id);
      g_hash_table_iter_remove (&iter);
    }
  g_hash_table_remove (self->runs, item);
  update_charts (self);
}

void
mw_run_view_append (MwRunView  *self,
                    const char *id,
                    GArray     *points)
{
  g_autoptr(GArray) batch = NULL;

  g_return_if_fail (MW_IS_RUN_VIEW (self));
  g_return_if_fail (id != NULL);

  if (points == NULL || points->len == 0)
    return;
  /* The points of one series come in runs: each run goes in as one batch. */
  batch = g_array_new (FALSE, FALSE, sizeof (MwCurvePoint));
  for (guint i = 0; i < points->len; )
    {
      const MwMetricPoint *first = &g_array_index (points, MwMetricPoint, i);
      g_autofree char *sid = series_id (id, first->series);
      Series *series = g_hash_table_lookup (self->series, sid);
      guint j = i;

      g_array_set_size (batch, 0);
      for (; j < points->len; j++)
        {
          const MwMetricPoint *p = &g_array_index (points, MwMetricPoint, j);
          MwCurvePoint c = { p->iteration, p->tasks, p->seconds, p->y, p->y_lo, p->y_hi };

          if (g_strcmp0 (p->series, first->series) != 0)
            break;
          g_array_append_val (batch, c);
        }
      if (series != NULL)
        mw_curve_plot_append_points (self->charts[series->spec->unit], series->id,
                                     (const MwCurvePoint *) batch->data, batch->len);
      i = j;
    }
  align_charts (self);
}

void
mw_run_view_clear_run (MwRunView  *self,
                       const char *id)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (MW_IS_RUN_VIEW (self));
  g_return_if_fail (id != NULL);

  g_hash_table_iter_init (&iter, self->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Series *series = value;

      if (g_str_equal (mw_run_item_get_id (series->item), id))
        mw_curve_plot_clear_series (self->charts[series->spec->unit], series->id);
    }
  align_charts (self);
}

MwCurvePlot *
mw_run_view_get_chart (MwRunView    *self,
                       MwMetricUnit  unit)
{
  g_return_val_if_fail (MW_IS_RUN_VIEW (self), NULL);
  g_return_val_if_fail (unit < MW_METRIC_N_UNITS, NULL);

  if (self->charts[unit] == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->charts[unit])))
    return NULL;
  return self->charts[unit];
}

MwCurvePlot *
mw_run_view_find_series (MwRunView   *self,
                         const char  *id,
                         const char  *metric,
                         const char **sid)
{
  g_autofree char *key = NULL;
  Series *series;

  g_return_val_if_fail (MW_IS_RUN_VIEW (self), NULL);

  key = series_id (id, metric);
  series = g_hash_table_lookup (self->series, key);
  if (series == NULL)
    return NULL;
  if (sid != NULL)
    *sid = series->id;
  return self->charts[series->spec->unit];
}

gsize
mw_run_view_get_n_points (MwRunView  *self,
                          const char *id,
                          const char *metric)
{
  const char *sid;
  MwCurvePlot *plot = mw_run_view_find_series (self, id, metric, &sid);

  return plot != NULL ? mw_curve_plot_get_n_points (plot, sid) : 0;
}

static void
model_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  MwRunView  *self)
{
  g_autoptr(GHashTable) present = g_hash_table_new (NULL, NULL);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (model);
  GHashTableIter iter;
  gpointer item;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MwRunItem) run = g_list_model_get_item (model, i);

      g_hash_table_add (present, run);
      mw_run_view_add_run (self, run);   /* FALSE for those already there */
    }

  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    if (!g_hash_table_contains (present, item))
      g_ptr_array_add (gone, g_object_ref (item));
  for (guint i = 0; i < gone->len; i++)
    mw_run_view_remove_run (self, gone->pdata[i]);
}

void
mw_run_view_set_runs (MwRunView  *self,
                      GListModel *runs)
{
  g_return_if_fail (MW_IS_RUN_VIEW (self));
  g_return_if_fail (runs == NULL || G_IS_LIST_MODEL (runs));

  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->model_handler, self->model);
      g_clear_object (&self->model);
    }
  if (runs != NULL)
    {
      self->model = g_object_ref (runs);
      self->model_handler = g_signal_connect (runs, "items-changed",
                                              G_CALLBACK (model_changed_cb), self);
      model_changed_cb (runs, 0, 0, g_list_model_get_n_items (runs), self);
    }
}

/* --- the shown run ----------------------------------------------------------- */

static void
update_status (MwRunView *self)
{
  g_autofree char *status = NULL;
  const char *error = NULL;
  const char *notice;

  if (self->shown == NULL)
    {
      gtk_label_set_label (self->status_label, "");
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      gtk_progress_bar_set_text (self->progress_bar, "");
      gtk_widget_set_visible (self->error_banner, FALSE);
      gtk_widget_set_visible (self->notice_banner, FALSE);
      return;
    }

  gtk_label_set_label (self->status_label, mw_run_item_get_state_label (self->shown));
  status = mw_run_item_dup_status_text (self->shown);
  gtk_progress_bar_set_text (self->progress_bar, mw_run_item_get_name (self->shown));
  gtk_progress_bar_set_fraction (self->progress_bar, mw_run_item_get_fraction (self->shown));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->progress_bar), status);

  error = mw_run_item_get_error_message (self->shown);
  if (error != NULL && g_strcmp0 (error, self->dismissed_error) == 0)
    error = NULL;
  gtk_label_set_label (self->error_label, error != NULL ? error : "");
  /* Called at every progress update: the tooltip only when it changes. */
  if (g_strcmp0 (gtk_widget_get_tooltip_text (GTK_WIDGET (self->error_label)), error) != 0)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->error_label), error);
  gtk_widget_set_visible (self->error_banner, error != NULL);

  notice = mw_run_item_get_notice (self->shown);
  gtk_label_set_label (self->notice_label, notice != NULL ? notice : "");
  gtk_widget_set_visible (self->notice_banner, notice != NULL);
}

static void
shown_notify_cb (MwRunItem  *item,
                 GParamSpec *pspec,
                 MwRunView  *self)
{
  update_status (self);
  if (g_str_equal (g_param_spec_get_name (pspec), "name"))
    update_export_names (self);
}

void
mw_run_view_show_run (MwRunView *self,
                      MwRunItem *item)
{
  g_return_if_fail (MW_IS_RUN_VIEW (self));
  g_return_if_fail (item == NULL || MW_IS_RUN_ITEM (item));

  if (self->shown == item)
    return;

  if (self->shown != NULL)
    {
      g_clear_signal_handler (&self->shown_notify_id, self->shown);
      g_clear_object (&self->shown);
    }
  g_clear_pointer (&self->dismissed_error, g_free);

  if (item != NULL)
    {
      self->shown = g_object_ref (item);
      self->shown_notify_id = g_signal_connect (item, "notify", G_CALLBACK (shown_notify_cb), self);
    }
  update_status (self);
  update_export_names (self);
}

MwRunItem *
mw_run_view_get_shown_run (MwRunView *self)
{
  g_return_val_if_fail (MW_IS_RUN_VIEW (self), NULL);
  return self->shown;
}

const char *
mw_run_view_get_error (MwRunView *self)
{
  g_return_val_if_fail (MW_IS_RUN_VIEW (self), NULL);

  if (!gtk_widget_get_visible (self->error_banner))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

const char *
mw_run_view_get_notice (MwRunView *self)
{
  g_return_val_if_fail (MW_IS_RUN_VIEW (self), NULL);

  if (!gtk_widget_get_visible (self->notice_banner))
    return NULL;
  return gtk_label_get_label (self->notice_label);
}

const char *
mw_run_view_get_status_text (MwRunView *self)
{
  g_return_val_if_fail (MW_IS_RUN_VIEW (self), NULL);
  return gtk_label_get_label (self->status_label);
}

static void
dismiss_clicked_cb (MwRunView *self)
{
  if (self->shown != NULL)
    {
      g_free (self->dismissed_error);
      self->dismissed_error = g_strdup (mw_run_item_get_error_message (self->shown));
    }
  gtk_widget_set_visible (self->error_banner, FALSE);
}

/* --- x axis -------------------------------------------------------------------- */

void
mw_run_view_set_x_axis (MwRunView        *self,
                        MwCurvePlotXAxis  x_axis)
{
  g_return_if_fail (MW_IS_RUN_VIEW (self));
  g_return_if_fail (x_axis <= MW_CURVE_PLOT_X_SECONDS);

  if (gtk_drop_down_get_selected (self->x_axis_dropdown) != (guint) x_axis)
    gtk_drop_down_set_selected (self->x_axis_dropdown, x_axis);   /* comes back below */
}

MwCurvePlotXAxis
mw_run_view_get_x_axis (MwRunView *self)
{
  g_return_val_if_fail (MW_IS_RUN_VIEW (self), MW_CURVE_PLOT_X_ITERATIONS);
  return self->x_axis;
}

static void
x_axis_selected_cb (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    MwRunView   *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  MwCurvePlotXAxis x_axis = selected <= MW_CURVE_PLOT_X_SECONDS ? selected : MW_CURVE_PLOT_X_ITERATIONS;

  if (self->x_axis == x_axis)
    return;
  self->x_axis = x_axis;
  for (int u = 0; u < MW_METRIC_N_UNITS; u++)
    if (self->charts[u] != NULL)
      mw_curve_plot_set_x_axis (self->charts[u], x_axis);
  align_charts (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_AXIS]);
}

/* --- GObject ----------------------------------------------------------------- */

static void
mw_run_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MwRunView *self = MW_RUN_VIEW (object);

  switch (prop_id)
    {
    case PROP_X_AXIS:
      g_value_set_enum (value, mw_run_view_get_x_axis (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_run_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MwRunView *self = MW_RUN_VIEW (object);

  switch (prop_id)
    {
    case PROP_X_AXIS:
      mw_run_view_set_x_axis (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_run_view_dispose (GObject *object)
{
  MwRunView *self = MW_RUN_VIEW (object);
  GHashTableIter iter;
  gpointer item, handler;

  mw_run_view_show_run (self, NULL);
  if (self->model != NULL)
    {
      g_clear_signal_handler (&self->model_handler, self->model);
      g_clear_object (&self->model);
    }
  if (self->runs != NULL)
    {
      g_hash_table_iter_init (&iter, self->runs);
      while (g_hash_table_iter_next (&iter, &item, &handler))
        g_signal_handler_disconnect (item, (gulong) GPOINTER_TO_SIZE (handler));
      g_clear_pointer (&self->runs, g_hash_table_unref);
    }
  g_clear_pointer (&self->series, g_hash_table_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), MW_TYPE_RUN_VIEW);

  G_OBJECT_CLASS (mw_run_view_parent_class)->dispose (object);
}

static void
mw_run_view_finalize (GObject *object)
{
  MwRunView *self = MW_RUN_VIEW (object);

  g_free (self->dismissed_error);

  G_OBJECT_CLASS (mw_run_view_parent_class)->finalize (object);
}

static void
mw_run_view_class_init (MwRunViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mw_run_view_get_property;
  object_class->set_property = mw_run_view_set_property;
  object_class->dispose = mw_run_view_dispose;
  object_class->finalize = mw_run_view_finalize;

  properties[PROP_X_AXIS] =
    g_param_spec_enum ("x-axis", NULL, NULL, MW_TYPE_CURVE_PLOT_X_AXIS, MW_CURVE_PLOT_X_ITERATIONS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-run-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MwRunView, status_label);
  gtk_widget_class_bind_template_child (widget_class, MwRunView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MwRunView, x_axis_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MwRunView, error_banner);
  gtk_widget_class_bind_template_child (widget_class, MwRunView, error_label);
  gtk_widget_class_bind_template_child (widget_class, MwRunView, notice_banner);
  gtk_widget_class_bind_template_child (widget_class, MwRunView, notice_label);
  gtk_widget_class_bind_template_child (widget_class, MwRunView, charts_box);
  gtk_widget_class_bind_template_callback (widget_class, x_axis_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, dismiss_clicked_cb);
}

static void
mw_run_view_init (MwRunView *self)
{
  self->runs = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->series = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, series_free);
  self->x_axis = MW_CURVE_PLOT_X_ITERATIONS;
  /* The template's x axis choice needs the fields above. */
  gtk_widget_init_template (GTK_WIDGET (self));
  update_charts (self);
}

GtkWidget *
mw_run_view_new (void)
{
  return g_object_new (MW_TYPE_RUN_VIEW, NULL);
}
