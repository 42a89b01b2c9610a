/* mw-run-view.c: the chart page of a run. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-run-view.h"

struct _MwRunView
{
  GtkBox parent_instance;

  GtkLabel       *status_label;
  GtkProgressBar *progress_bar;
  GtkWidget      *error_banner;
  GtkLabel       *error_label;
  MwCurvePlot    *loss_plot;
  MwCurvePlot    *accuracy_plot;

  char *error;
};

G_DEFINE_FINAL_TYPE (MwRunView, mw_run_view, GTK_TYPE_BOX)

static const char *
state_text (MwRunState state)
{
  switch (state)
    {
    case MW_RUN_STATE_LOADING:
      return _("Loading data…");
    case MW_RUN_STATE_RUNNING:
      return _("Training");
    case MW_RUN_STATE_PAUSED:
      return _("Paused");
    case MW_RUN_STATE_FINISHED:
      return _("Finished");
    case MW_RUN_STATE_FAILED:
      return _("Failed");
    case MW_RUN_STATE_STOPPED:
      return _("Stopped");
    case MW_RUN_STATE_UNAVAILABLE:
    case MW_RUN_STATE_IDLE:
    default:
      return "";
    }
}

static char *
format_duration (double seconds)
{
  int s = (int) (seconds + 0.5);

  if (s >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  return g_strdup_printf ("%d:%02d", s / 60, s % 60);
}

void
mw_run_view_set_status (MwRunView  *self,
                        MwRunState  state,
                        gint64      iteration,
                        gint64      total,
                        double      eta_seconds)
{
  g_autofree char *progress = NULL;

  g_return_if_fail (MW_IS_RUN_VIEW (self));

  gtk_label_set_label (self->status_label, state_text (state));

  if (state == MW_RUN_STATE_LOADING || total <= 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      gtk_progress_bar_set_text (self->progress_bar, NULL);
      return;
    }

  gtk_progress_bar_set_fraction (self->progress_bar,
                                 CLAMP ((double) iteration / (double) total, 0.0, 1.0));
  if (state == MW_RUN_STATE_RUNNING && eta_seconds >= 0.0)
    {
      g_autofree char *eta = format_duration (eta_seconds);

      /* Translators: progress of a run; the last value is the time left (m:ss). */
      progress = g_strdup_printf (_("Iteration %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " · %s left"),
                                  iteration, total, eta);
    }
  else
    progress = g_strdup_printf (_("Iteration %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT),
                                iteration, total);
  gtk_progress_bar_set_text (self->progress_bar, progress);
}

void
mw_run_view_reset (MwRunView  *self,
                   const char *name,
                   gboolean    regression)
{
  g_return_if_fail (MW_IS_RUN_VIEW (self));

  mw_curve_plot_clear (self->loss_plot);
  mw_curve_plot_clear (self->accuracy_plot);
  mw_curve_plot_add_series (self->loss_plot, MW_RUN_VIEW_SERIES, name, NULL);
  mw_curve_plot_add_series (self->accuracy_plot, MW_RUN_VIEW_SERIES, name, NULL);
  mw_curve_plot_reset_view (self->loss_plot);
  mw_curve_plot_reset_view (self->accuracy_plot);

  if (regression)
    {
      mw_curve_plot_set_title (self->accuracy_plot, _("Meta-validation loss"));
      mw_curve_plot_set_y_label (self->accuracy_plot, _("Mean squared error"));
    }
  else
    {
      mw_curve_plot_set_title (self->accuracy_plot, _("Meta-validation accuracy"));
      mw_curve_plot_set_y_label (self->accuracy_plot, _("Accuracy (%)"));
    }

  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  mw_run_view_set_error (self, NULL);
}

void
mw_run_view_append (MwRunView *self,
                    GArray    *loss,
                    GArray    *validation)
{
  g_return_if_fail (MW_IS_RUN_VIEW (self));

  if (loss != NULL && loss->len > 0)
    mw_curve_plot_append_points (self->loss_plot, MW_RUN_VIEW_SERIES,
                                 (const MwCurvePoint *) loss->data, loss->len);
  if (validation != NULL && validation->len > 0)
    mw_curve_plot_append_points (self->accuracy_plot, MW_RUN_VIEW_SERIES,
                                 (const MwCurvePoint *) validation->data, validation->len);
}

void
mw_run_view_set_error (MwRunView  *self,
                       const char *message)
{
  g_return_if_fail (MW_IS_RUN_VIEW (self));

  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->error_banner, message != NULL);
}

const char *
mw_run_view_get_error (MwRunView *self)
{
  g_return_val_if_fail (MW_IS_RUN_VIEW (self), NULL);
  return self->error;
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

static void
dismiss_clicked_cb (MwRunView *self)
{
  mw_run_view_set_error (self, NULL);
}

static void
mw_run_view_finalize (GObject *object)
{
  MwRunView *self = MW_RUN_VIEW (object);

  g_free (self->error);

  G_OBJECT_CLASS (mw_run_view_parent_class)->finalize (object);
}

static void
mw_run_view_class_init (MwRunViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mw_run_view_finalize;
}

/* Built in code: a handful of widgets, no layout worth a template. */
static void
mw_run_view_init (MwRunView *self)
{
  GtkWidget *status_row, *icon, *dismiss, *plots;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 8);
  gtk_widget_add_css_class (GTK_WIDGET (self), "mw-run-view");

  status_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "heading");
  gtk_box_append (GTK_BOX (status_row), GTK_WIDGET (self->status_label));
  self->progress_bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_progress_bar_set_show_text (self->progress_bar, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->progress_bar), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (status_row), GTK_WIDGET (self->progress_bar));
  gtk_box_append (GTK_BOX (self), status_row);

  /* Failures of this run show here, inline; nothing else is affected. */
  self->error_banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_add_css_class (self->error_banner, "mw-error-banner");
  icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  gtk_widget_add_css_class (icon, "error");
  gtk_box_append (GTK_BOX (self->error_banner), icon);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
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
