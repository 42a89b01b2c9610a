/* mw-run-view.c: the chart page. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-run-view.h"

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
  MwCurvePlot    *loss_plot;
  MwCurvePlot    *accuracy_plot;

  GHashTable *runs;              /* MwRunItem* (ref) → notify handler id */
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

/* --- series ----------------------------------------------------------------- */

static void
sync_series (MwRunView *self,
             MwRunItem *item)
{
  const char *id = mw_run_item_get_id (item);
  MwCurvePlot *plots[] = { self->loss_plot, self->accuracy_plot };

  for (gsize i = 0; i < G_N_ELEMENTS (plots); i++)
    {
      if (g_strcmp0 (mw_curve_plot_get_series_name (plots[i], id), mw_run_item_get_name (item)) != 0)
        mw_curve_plot_set_series_name (plots[i], id, mw_run_item_get_name (item));
      mw_curve_plot_set_series_color (plots[i], id, mw_run_item_get_color (item));
      if (mw_curve_plot_get_series_visible (plots[i], id) != mw_run_item_get_visible (item))
        mw_curve_plot_set_series_visible (plots[i], id, mw_run_item_get_visible (item));
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
}

gboolean
mw_run_view_add_run (MwRunView *self,
                     MwRunItem *item)
{
  const char *id;
  gulong handler;

  g_return_val_if_fail (MW_IS_RUN_VIEW (self), FALSE);
  g_return_val_if_fail (MW_IS_RUN_ITEM (item), FALSE);

  if (g_hash_table_contains (self->runs, item))
    return FALSE;

  id = mw_run_item_get_id (item);
  mw_curve_plot_add_series (self->loss_plot, id, mw_run_item_get_name (item),
                            mw_run_item_get_color (item));
  mw_curve_plot_add_series (self->accuracy_plot, id, mw_run_item_get_name (item),
                            mw_run_item_get_color (item));
  sync_series (self, item);

  handler = g_signal_connect (item, "notify", G_CALLBACK (run_notify_cb), self);
  g_hash_table_insert (self->runs, g_object_ref (item), GSIZE_TO_POINTER ((gsize) handler));
  return TRUE;
}

void
mw_run_view_remove_run (MwRunView *self,
                        MwRunItem *item)
{
  gpointer handler;

  g_return_if_fail (MW_IS_RUN_VIEW (self));
  g_return_if_fail (MW_IS_RUN_ITEM (item));

  if (!g_hash_table_lookup_extended (self->runs, item, NULL, &handler))
    return;

  if (self->shown == item)
    mw_run_view_show_run (self, NULL);
  g_signal_handler_disconnect (item, (gulong) GPOINTER_TO_SIZE (handler));
  mw_curve_plot_remove_series (self->loss_plot, mw_run_item_get_id (item));
  mw_curve_plot_remove_series (self->accuracy_plot, mw_run_item_get_id (item));
  g_hash_table_remove (self->runs, item);
}

void
mw_run_view_append (MwRunView  *self,
                    const char *id,
                    GArray     *loss,
                    GArray     *validation)
{
  g_return_if_fail (MW_IS_RUN_VIEW (self));
  g_return_if_fail (id != NULL);

  if (loss != NULL && loss->len > 0)
    mw_curve_plot_append_points (self->loss_plot, id,
                                 (const MwCurvePoint *) loss->data, loss->len);
  if (validation != NULL && validation->len > 0)
    mw_curve_plot_append_points (self->accuracy_plot, id,
                                 (const MwCurvePoint *) validation->data, validation->len);
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

  /* Regression runs validate on the MSE, not an accuracy. */
  if (mw_run_item_get_regression (self->shown))
    {
      mw_curve_plot_set_title (self->accuracy_plot, _("Meta-validation loss"));
      mw_curve_plot_set_y_label (self->accuracy_plot, _("Mean squared error"));
    }
  else
    {
      mw_curve_plot_set_title (self->accuracy_plot, _("Meta-validation accuracy"));
      mw_curve_plot_set_y_label (self->accuracy_plot, _("Accuracy (%)"));
    }

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
  return mw_curve_plot_get_x_axis (self->loss_plot);
}

static void
x_axis_selected_cb (GtkDropDown *dropdown,
                    GParamSpec  *pspec,
                    MwRunView   *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);
  MwCurvePlotXAxis x_axis = selected <= MW_CURVE_PLOT_X_SECONDS ? selected : MW_CURVE_PLOT_X_ITERATIONS;

  if (mw_curve_plot_get_x_axis (self->loss_plot) == x_axis)
    return;
  mw_curve_plot_set_x_axis (self->loss_plot, x_axis);
  mw_curve_plot_set_x_axis (self->accuracy_plot, x_axis);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_AXIS]);
}

MwCurvePlot *
mw_run_view_get_loss_plot (MwRunView *self)
{
  g_return_val_if_fail (MW_IS_RUN_VIEW (self), NULL);
  return self->loss_plot;
}

MwCurvePlot *
mw_run_view_get_accuracy_plot (MwRunView *self)
{
  g_return_val_if_fail (MW_IS_RUN_VIEW (self), NULL);
  return self->accuracy_plot;
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

  object_class->get_property = mw_run_view_get_property;
  object_class->set_property = mw_run_view_set_property;
  object_class->dispose = mw_run_view_dispose;
  object_class->finalize = mw_run_view_finalize;

  properties[PROP_X_AXIS] =
    g_param_spec_enum ("x-axis", NULL, NULL, MW_TYPE_CURVE_PLOT_X_AXIS, MW_CURVE_PLOT_X_ITERATIONS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* Built in code: a handful of widgets, no layout worth a template. */
static void
mw_run_view_init (MwRunView *self)
{
  GtkWidget *status_row, *icon, *dismiss, *plots, *x_label;
  const char *x_axes[] = {
    /* Translators: x-axis choices of the charts. */
    C_("x axis", "Meta-iterations"),
    C_("x axis", "Tasks seen"),
    C_("x axis", "Wall-clock seconds"),
    NULL
  };

  self->runs = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 8);
  gtk_widget_add_css_class (GTK_WIDGET (self), "mw-run-view");

  status_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0.0f);
  gtk_label_set_width_chars (self->status_label, 8);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "heading");
  gtk_box_append (GTK_BOX (status_row), GTK_WIDGET (self->status_label));
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_progress_bar_set_ellipsize (self->progress_bar, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->progress_bar), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (status_row), GTK_WIDGET (self->progress_bar));
  x_label = gtk_label_new (_("X axis"));
  gtk_widget_add_css_class (x_label, "dim-label");
  gtk_box_append (GTK_BOX (status_row), x_label);
  self->x_axis_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (x_axes));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->x_axis_dropdown),
                               _("What the charts' horizontal axis shows"));
  gtk_widget_set_valign (GTK_WIDGET (self->x_axis_dropdown), GTK_ALIGN_CENTER);
  g_signal_connect (self->x_axis_dropdown, "notify::selected", G_CALLBACK (x_axis_selected_cb), self);
  gtk_box_append (GTK_BOX (status_row), GTK_WIDGET (self->x_axis_dropdown));
  gtk_box_append (GTK_BOX (self), status_row);

  /* Failures of the shown run show here, inline; nothing else is affected. */
  self->error_banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (self->error_banner, "mw-error-banner");
  icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  gtk_widget_add_css_class (icon, "error");
  gtk_box_append (GTK_BOX (self->error_banner), icon);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  /* Messages name files: a long path or file name has no space to break at, and
   * must break anywhere rather than widen the window past the screen. Past a
   * few lines it is cut short; the whole message is in the tooltip. */
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_wrap_mode (self->error_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (self->error_label, 6);
  gtk_label_set_ellipsize (self->error_label, PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (self->error_label, 0.0f);
  gtk_label_set_selectable (self->error_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->error_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_box_append (GTK_BOX (self->error_banner), GTK_WIDGET (self->error_label));
  dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");
  gtk_widget_set_tooltip_text (dismiss, _("Dismiss"));
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (dismiss, "flat");
  g_signal_connect_swapped (dismiss, "clicked", G_CALLBACK (dismiss_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->error_banner), dismiss);
  gtk_widget_set_visible (self->error_banner, FALSE);
  gtk_box_append (GTK_BOX (self), self->error_banner);

  /* What the run goes on without (files of its dataset that could not be
   * read), named, so the user can fix them. */
  self->notice_banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (self->notice_banner, "mw-notice-banner");
  icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (icon, "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->notice_banner), icon);
  self->notice_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->notice_label, TRUE);
  gtk_label_set_wrap_mode (self->notice_label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (self->notice_label, 0.0f);
  gtk_label_set_selectable (self->notice_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->notice_label), TRUE);
  gtk_box_append (GTK_BOX (self->notice_banner), GTK_WIDGET (self->notice_label));
  gtk_widget_set_visible (self->notice_banner, FALSE);
  gtk_box_append (GTK_BOX (self), self->notice_banner);

  plots = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_box_set_homogeneous (GTK_BOX (plots), TRUE);
  gtk_widget_set_vexpand (plots, TRUE);
  self->loss_plot = MW_CURVE_PLOT (mw_curve_plot_new ());
  mw_curve_plot_set_title (self->loss_plot, _("Meta-training loss"));
  mw_curve_plot_set_y_label (self->loss_plot, _("Loss"));
  gtk_widget_set_vexpand (GTK_WIDGET (self->loss_plot), TRUE);
  gtk_box_append (GTK_BOX (plots), GTK_WIDGET (self->loss_plot));
  self->accuracy_plot = MW_CURVE_PLOT (mw_curve_plot_new ());
  mw_curve_plot_set_title (self->accuracy_plot, _("Meta-validation accuracy"));
  mw_curve_plot_set_y_label (self->accuracy_plot, _("Accuracy (%)"));
  gtk_widget_set_vexpand (GTK_WIDGET (self->accuracy_plot), TRUE);
  gtk_box_append (GTK_BOX (plots), GTK_WIDGET (self->accuracy_plot));
  gtk_box_append (GTK_BOX (self), plots);
}

GtkWidget *
mw_run_view_new (void)
{
  return g_object_new (MW_TYPE_RUN_VIEW, NULL);
}
