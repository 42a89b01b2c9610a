/* mw-inspect-page.c: the inspection views in one stack. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "mw-inspect-page.h"

struct _MwInspectPage
{
  GtkBox parent_instance;

  guint64 episode_seed;
  guint64 sine_seed;
  MwEpisodeInspection *episode;

  GtkLabel *title_label;
  GtkSpinner *spinner;
  GtkLabel *status_label;
  GtkStack *stack;
  GtkWidget *switcher;
  GtkLabel *episode_seed_label;
  GtkCheckButton *training_episode_check;
  MwEpisodeView *episode_view;
  GtkStack *adaptation_stack;
  GtkLabel *sine_seed_label;
  GtkScale *sine_scale;
  GtkAdjustment *sine_adjustment;
  MwSineFitView *sine_view;
  MwSineFitView *baseline_view;
  GtkLabel *compare_label;
  MwCurvePlot *accuracy_plot;
  MwCurvePlot *loss_plot;
  GPtrArray *views;          /* MwInspectView: those with a page of their own */
  MwTaskBuilder *task_builder;
  char *unavailable;         /* why the selected run has nothing to show, or NULL */
};

G_DEFINE_FINAL_TYPE (MwInspectPage, mw_inspect_page, GTK_TYPE_BOX)

enum {
  EPISODE_REQUESTED,
  SINE_FIT_REQUESTED,
  INSPECTION_REQUESTED,
  COMPARE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The comparison charts are empty until asked for: they say how. */
static void
update_empty_hints (MwInspectPage *self)
{
  const char *hint = self->unavailable != NULL
                     ? self->unavailable
                     : _("Press “Compare Runs” to test this run (and the other finished runs shown on "
                         "the Training page) on the same test episodes");

  mw_curve_plot_set_empty_hint (self->accuracy_plot, hint);
  mw_curve_plot_set_empty_hint (self->loss_plot, hint);
}

/* GTK 4.8's switcher keeps a hidden page's button, whose width would count
 * against a narrow screen: its buttons follow the pages, in their order. */
static void
sync_switcher (MwInspectPage *self)
{
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (self->stack);
  GtkWidget *button = gtk_widget_get_first_child (self->switcher);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pages)) && button != NULL;
       i++, button = gtk_widget_get_next_sibling (button))
    {
      GtkStackPage *page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      gtk_widget_set_visible (button, gtk_widget_get_visible (gtk_stack_page_get_child (page)));
      g_object_unref (page);
    }
}

void
mw_inspect_page_set_run (MwInspectPage *self,
                         const char    *title,
                         gboolean       regression)
{
  mw_inspect_page_set_run_kind (self, title,
                                regression ? MW_INSPECT_RUNS_REGRESSION : MW_INSPECT_RUNS_CLASSIFICATION);
}

void
mw_inspect_page_set_run_kind (MwInspectPage *self,
                              const char    *title,
                              MwInspectRuns  runs)
{
  gboolean regression = runs == MW_INSPECT_RUNS_REGRESSION;
  GtkWidget *shown;

  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  if (self->unavailable != NULL)
    {
      g_clear_pointer (&self->unavailable, g_free);
      update_empty_hints (self);
      mw_inspect_page_set_status (self, NULL, FALSE, FALSE);
    }

  shown = gtk_stack_get_visible_child (self->stack);
  gtk_label_set_label (self->title_label, title != NULL ? title : _("No run selected"));
  /* A long run name is cut short beside the view switcher: whole on hover. */
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->title_label), title);
  gtk_stack_set_visible_child_name (self->adaptation_stack, regression ? "sine" : "classification");
  gtk_widget_set_visible (gtk_stack_get_child_by_name (self->stack, "episode"),
                          runs == MW_INSPECT_RUNS_CLASSIFICATION);
  for (guint i = 0; i < self->views->len; i++)
    {
      MwInspectViewClass *klass = MW_INSPECT_VIEW_GET_CLASS (g_ptr_array_index (self->views, i));

      gtk_widget_set_visible (gtk_stack_get_child_by_name (self->stack, klass->page_name),
                              (klass->page_runs & runs) != 0);
    }
  sync_switcher (self);
  if (shown != NULL && !gtk_widget_get_visible (shown))
    gtk_stack_set_visible_child_name (self->stack, "adaptation");
}

void
mw_inspect_page_set_unavailable (MwInspectPage *self,
                                 const char    *title,
                                 gboolean       regression,
                                 const char    *message)
{
  g_return_if_fail (MW_IS_INSPECT_PAGE (self));
  g_return_if_fail (message != NULL);

  mw_inspect_page_set_run (self, title, regression);
  mw_inspect_page_set_ways (self, 0);
  mw_inspect_page_clear (self);
  self->unavailable = g_strdup (message);
  update_empty_hints (self);
  mw_inspect_page_set_status (self, NULL, FALSE, FALSE);
}

const char *
mw_inspect_page_get_unavailable (MwInspectPage *self)
{
  g_return_val_if_fail (MW_IS_INSPECT_PAGE (self), NULL);
  return self->unavailable;
}

const char *
mw_inspect_page_get_title (MwInspectPage *self)
{
  g_return_val_if_fail (MW_IS_INSPECT_PAGE (self), NULL);
  return gtk_label_get_label (self->title_label);
}

void
mw_inspect_page_set_ways (MwInspectPage *self,
                          int            ways)
{
  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  mw_curve_plot_clear_reference_lines (self->accuracy_plot);
  if (ways >= 2)
    {
      double chance = mw_metric_unit_scale (MW_METRIC_UNIT_ACCURACY) / ways;
      g_autofree char *label = g_strdup_printf (_("Chance %.3g%%"), chance);

      mw_curve_plot_add_reference_line (self->accuracy_plot, chance, label);
    }
}

void
mw_inspect_page_set_status (MwInspectPage *self,
                            const char    *text,
                            gboolean       busy,
                            gboolean       error)
{
  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  if (text == NULL && !busy)
    text = self->unavailable;

  gtk_label_set_label (self->status_label, text != NULL ? text : "");
  /* An empty status line takes no room from the views below the tabs. */
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->status_label)),
                          busy || (text != NULL && text[0] != '\0'));
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  if (error)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

void
mw_inspect_page_show_episode (MwInspectPage       *self,
                              MwEpisodeInspection *inspection)
{
  g_autofree char *seed = NULL;

  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  mw_episode_view_set_inspection (self->episode_view, inspection);
  mw_inspect_page_show_inspection (self, &mw_episode_inspection_kind, inspection);
  if (inspection != NULL)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, inspection->seed);

      if (!inspection->training)
        seed = g_strdup_printf (_("Test episode, seed %s"), number);
      else if (inspection->augmented)
        seed = g_strdup_printf (_("Training task, seed %s, its images augmented as in "
                                  "training"), number);
      else
        seed = g_strdup_printf (_("Training task, seed %s"), number);
    }
  gtk_label_set_label (self->episode_seed_label, seed != NULL ? seed : "");
}

void
mw_inspect_page_show_sine_fit (MwInspectPage    *self,
                               MwSineInspection *inspection)
{
  g_autofree char *seed = NULL;

  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  mw_sine_fit_view_set_inspection (self->sine_view, inspection, FALSE);
  mw_sine_fit_view_set_inspection (self->baseline_view, inspection, TRUE);
  mw_inspect_page_show_inspection (self, &mw_sine_inspection_kind, inspection);
  if (inspection != NULL)
    {
      int steps = inspection->fit.steps;

      gtk_adjustment_set_upper (self->sine_adjustment, MAX (steps, 1));
      gtk_range_set_value (GTK_RANGE (self->sine_scale), MIN (steps, 1));
      mw_inspect_page_set_sine_step (self, MIN (steps, 1));
      g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, inspection->seed);

      seed = g_strdup_printf (_("Amplitude %.2f, phase %.2f · seed %s"), inspection->fit.amplitude,
                              inspection->fit.phase, number);
    }
  gtk_label_set_label (self->sine_seed_label, seed != NULL ? seed : "");
}

void
mw_inspect_page_show_inspection (MwInspectPage          *self,
                                 const MwInspectionKind *kind,
                                 gpointer                inspection)
{
  g_return_if_fail (MW_IS_INSPECT_PAGE (self));
  g_return_if_fail (inspection == NULL || mw_inspection_get_kind (inspection) == kind);

  for (guint i = 0; i < self->views->len; i++)
    {
      MwInspectView *view = g_ptr_array_index (self->views, i);

      if (MW_INSPECT_VIEW_GET_CLASS (view)->inspection_kind == kind)
        mw_inspect_view_set_inspection (view, inspection);
    }
}

void
mw_inspect_page_clear (MwInspectPage *self)
{
  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  mw_inspect_page_show_episode (self, NULL);
  mw_inspect_page_show_sine_fit (self, NULL);
  mw_inspect_page_show_compare (self, NULL);
  for (guint i = 0; i < self->views->len; i++)
    mw_inspect_view_set_inspection (g_ptr_array_index (self->views, i), NULL);
}

void
mw_inspect_page_show_compare (MwInspectPage       *self,
                              MwCompareInspection *inspection)
{
  g_autoptr(GString) text = g_string_new (NULL);
  /* In percent, as on the Training charts. */
  double percent = mw_metric_unit_scale (MW_METRIC_UNIT_ACCURACY);

  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  mw_curve_plot_clear (self->accuracy_plot);
  mw_curve_plot_clear (self->loss_plot);
  if (inspection == NULL)
    {
      gtk_label_set_label (self->compare_label, "");
      return;
    }

  for (int i = 0; i < inspection->n_runs; i++)
    {
      const MwEvalResult *r = &inspection->results[i];
      g_autofree char *id = g_strdup_printf ("run-%d", i);
      g_autoptr(GArray) acc = g_array_new (FALSE, TRUE, sizeof (MwCurvePoint));
      g_autoptr(GArray) loss = g_array_new (FALSE, TRUE, sizeof (MwCurvePoint));
      int last = mw_eval_result_final_step (r);

      const GdkRGBA *color = inspection->colors != NULL ? &inspection->colors[i] : NULL;

      mw_curve_plot_add_series (self->accuracy_plot, id, inspection->names[i], color);
      mw_curve_plot_add_series (self->loss_plot, id, inspection->names[i], color);
      /* Unmeasured steps (NaN) are left out, not drawn as gaps. */
      for (int s = 0; s <= r->steps; s++)
        {
          MwCurvePoint p = { .iteration = s, .tasks = s, .seconds = s };

          if (isfinite (r->accuracy[s]))
            {
              p.y = percent * r->accuracy[s];
              p.y_lo = percent * (r->accuracy[s] - r->accuracy_ci[s]);
              p.y_hi = percent * (r->accuracy[s] + r->accuracy_ci[s]);
              g_array_append_val (acc, p);
            }
          if (isfinite (r->loss[s]))
            {
              p.y = r->loss[s];
              p.y_lo = r->loss[s] - r->loss_ci[s];
              p.y_hi = r->loss[s] + r->loss_ci[s];
              g_array_append_val (loss, p);
            }
        }
      mw_curve_plot_append_points (self->accuracy_plot, id, (MwCurvePoint *) acc->data, acc->len);
      mw_curve_plot_append_points (self->loss_plot, id, (MwCurvePoint *) loss->data, loss->len);
      if (i > 0)
        g_string_append (text, " · ");
      /* Translators: a run, its accuracy ± the 95% interval, and in brackets the
       * number of adaptation steps it took. */
      g_string_append_printf (text, _("%s: %.1f%% ± %.1f%% (%d)"), inspection->names[i],
                              100 * r->accuracy[last], 100 * r->accuracy_ci[last], last);
    }
  {
    g_autofree char *line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "After adaptation, %d test episode: %s",
                                                          "After adaptation, %d test episodes: %s",
                                                          inspection->results[0].episodes),
                                             inspection->results[0].episodes, text->str);

    gtk_label_set_label (self->compare_label, line);
  }
}

void
mw_inspect_page_next_episode (MwInspectPage *self)
{
  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  g_signal_emit (self, signals[EPISODE_REQUESTED], 0, ++self->episode_seed);
}

gboolean
mw_inspect_page_get_training_episode (MwInspectPage *self)
{
  g_return_val_if_fail (MW_IS_INSPECT_PAGE (self), FALSE);

  return gtk_check_button_get_active (self->training_episode_check);
}

void
mw_inspect_page_set_training_episode (MwInspectPage *self,
                                      gboolean       training)
{
  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  gtk_check_button_set_active (self->training_episode_check, training);
}

void
mw_inspect_page_next_sine_task (MwInspectPage *self)
{
  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  g_signal_emit (self, signals[SINE_FIT_REQUESTED], 0, ++self->sine_seed);
}

void
mw_inspect_page_request (MwInspectPage *self,
                         const char    *name)
{
  MwInspectView *view;
  MwInspectViewClass *klass;
  g_autoptr(GVariant) params = NULL;

  g_return_if_fail (MW_IS_INSPECT_PAGE (self));
  view = mw_inspect_page_get_view (self, name);
  g_return_if_fail (view != NULL);
  klass = MW_INSPECT_VIEW_GET_CLASS (view);
  g_return_if_fail (klass->inspection_kind != NULL);

  if (klass->request_params != NULL)
    params = klass->request_params (view);
  if (params != NULL)
    g_variant_ref_sink (params);
  g_signal_emit (self, signals[INSPECTION_REQUESTED], 0, klass->inspection_kind,
                 klass->request_status != NULL ? _(klass->request_status) : NULL, params);
}

void
mw_inspect_page_show_page (MwInspectPage *self,
                           const char    *name)
{
  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  gtk_stack_set_visible_child_name (self->stack, name);
}

void
mw_inspect_page_set_sine_step (MwInspectPage *self,
                               int            step)
{
  g_return_if_fail (MW_IS_INSPECT_PAGE (self));

  mw_sine_fit_view_set_step (self->sine_view, step);
  mw_sine_fit_view_set_step (self->baseline_view, step);
  if ((int) lround (gtk_range_get_value (GTK_RANGE (self->sine_scale))) != step)
    gtk_range_set_value (GTK_RANGE (self->sine_scale), step);
}

static void
next_episode_clicked_cb (GtkButton     *button,
                         MwInspectPage *self)
{
  mw_inspect_page_next_episode (self);
}

/* The same seed, the other kind of task. */
static void
training_episode_toggled_cb (GtkCheckButton *check,
                             MwInspectPage  *self)
{
  g_signal_emit (self, signals[EPISODE_REQUESTED], 0, MAX (self->episode_seed, 1));
}

static void
next_sine_clicked_cb (GtkButton     *button,
                      MwInspectPage *self)
{
  mw_inspect_page_next_sine_task (self);
}

static void
sine_scale_changed_cb (GtkRange      *range,
                       MwInspectPage *self)
{
  mw_inspect_page_set_sine_step (self, (int) lround (gtk_range_get_value (range)));
}

static void
compare_clicked_cb (GtkButton     *button,
                    MwInspectPage *self)
{
  g_signal_emit (self, signals[COMPARE_REQUESTED], 0);
}

static void
request_clicked_cb (GtkButton     *button,
                    MwInspectView *view)
{
  MwInspectPage *self = MW_INSPECT_PAGE (gtk_widget_get_ancestor (GTK_WIDGET (view), MW_TYPE_INSPECT_PAGE));

  mw_inspect_page_request (self, MW_INSPECT_VIEW_GET_CLASS (view)->page_name);
}

MwEpisodeView *
mw_inspect_page_get_episode_view (MwInspectPage *self)
{
  g_return_val_if_fail (MW_IS_INSPECT_PAGE (self), NULL);
  return self->episode_view;
}

MwSineFitView *
mw_inspect_page_get_sine_view (MwInspectPage *self,
                               gboolean       baseline)
{
  g_return_val_if_fail (MW_IS_INSPECT_PAGE (self), NULL);
  return baseline ? self->baseline_view : self->sine_view;
}

MwInspectView *
mw_inspect_page_get_view (MwInspectPage *self,
                          const char    *name)
{
  g_return_val_if_fail (MW_IS_INSPECT_PAGE (self), NULL);

  for (guint i = 0; i < self->views->len; i++)
    {
      MwInspectView *view = g_ptr_array_index (self->views, i);

      if (g_strcmp0 (MW_INSPECT_VIEW_GET_CLASS (view)->page_name, name) == 0)
        return view;
    }
  return NULL;
}

MwCurvePlot *
mw_inspect_page_get_adaptation_plot (MwInspectPage *self,
                                     gboolean       loss)
{
  g_return_val_if_fail (MW_IS_INSPECT_PAGE (self), NULL);
  return loss ? self->loss_plot : self->accuracy_plot;
}

MwTaskBuilder *
mw_inspect_page_get_task_builder (MwInspectPage *self)
{
  g_return_val_if_fail (MW_IS_INSPECT_PAGE (self), NULL);
  return self->task_builder;
}

static int
compare_page_order (gconstpointer a,
                    gconstpointer b)
{
  const MwInspectViewClass *x = *(MwInspectViewClass * const *) a;
  const MwInspectViewClass *y = *(MwInspectViewClass * const *) b;

  return (x->page_order > y->page_order) - (x->page_order < y->page_order);
}

/* A page for each view that asks for one, in their order, with the button
 * that asks for its record above it; then the task builder. */
static void
add_pages (MwInspectPage *self)
{
  g_autoptr(GPtrArray) classes = g_ptr_array_new_with_free_func (g_type_class_unref);

  for (GType *type = mw_inspect_view_list_page_types (); *type != 0; type++)
    g_ptr_array_add (classes, g_type_class_ref (*type));
  g_ptr_array_sort (classes, compare_page_order);

  for (guint i = 0; i < classes->len; i++)
    {
      MwInspectViewClass *klass = g_ptr_array_index (classes, i);
      GtkWidget *view = g_object_new (G_TYPE_FROM_CLASS (klass), NULL);
      GtkWidget *child = view;

      g_return_if_fail (klass->page_name != NULL);
      if (klass->request_label != NULL)
        {
          GtkWidget *button = gtk_button_new_with_mnemonic (_(klass->request_label));

          gtk_widget_set_halign (button, GTK_ALIGN_START);
          if (klass->request_tooltip != NULL)
            gtk_widget_set_tooltip_text (button, _(klass->request_tooltip));
          g_signal_connect (button, "clicked", G_CALLBACK (request_clicked_cb), view);
          gtk_widget_set_vexpand (view, TRUE);
          child = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
          if (klass->create_controls != NULL)
            {
              GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

              gtk_box_append (GTK_BOX (row), button);
              gtk_box_append (GTK_BOX (row), klass->create_controls (MW_INSPECT_VIEW (view)));
              button = row;
            }
          gtk_box_append (GTK_BOX (child), button);
          gtk_box_append (GTK_BOX (child), view);
        }
      gtk_stack_add_titled (self->stack, child, klass->page_name, _(klass->page_title));
      g_ptr_array_add (self->views, view);
    }

  self->task_builder = MW_TASK_BUILDER (mw_task_builder_new ());
  gtk_stack_add_titled (self->stack, GTK_WIDGET (self->task_builder), "task", _("Task Builder"));
}

static void
mw_inspect_page_finalize (GObject *object)
{
  MwInspectPage *self = MW_INSPECT_PAGE (object);

  g_ptr_array_unref (self->views);
  g_free (self->unavailable);
  G_OBJECT_CLASS (mw_inspect_page_parent_class)->finalize (object);
}

static void
mw_inspect_page_class_init (MwInspectPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = mw_inspect_page_finalize;
  signals[EPISODE_REQUESTED] = g_signal_new ("episode-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
  signals[SINE_FIT_REQUESTED] = g_signal_new ("sine-fit-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                              0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT64);
  /* The record's kind (const MwInspectionKind *), the status line to show
   * while it is computed (translated, or NULL) and its parameters (or NULL). */
  signals[INSPECTION_REQUESTED] = g_signal_new ("inspection-requested", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 3,
                                                G_TYPE_POINTER, G_TYPE_STRING, G_TYPE_VARIANT);
  signals[COMPARE_REQUESTED] = g_signal_new ("compare-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (MW_TYPE_EPISODE_VIEW);
  g_type_ensure (MW_TYPE_SINE_FIT_VIEW);
  g_type_ensure (MW_TYPE_CURVE_PLOT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-inspect-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, switcher);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, episode_seed_label);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, training_episode_check);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, episode_view);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, adaptation_stack);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, sine_seed_label);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, sine_scale);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, sine_adjustment);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, sine_view);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, baseline_view);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, compare_label);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, accuracy_plot);
  gtk_widget_class_bind_template_child (widget_class, MwInspectPage, loss_plot);
  gtk_widget_class_bind_template_callback (widget_class, next_episode_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, training_episode_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_sine_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, sine_scale_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, compare_clicked_cb);
}

static void
mw_inspect_page_init (MwInspectPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->views = g_ptr_array_new ();
  add_pages (self);

  mw_curve_plot_set_title (self->accuracy_plot, _("Query accuracy after each adaptation step"));
  mw_curve_plot_set_y_label (self->accuracy_plot, mw_metric_unit_label (MW_METRIC_UNIT_ACCURACY));
  mw_curve_plot_set_x_label (self->accuracy_plot, _("Adaptation steps"));
  mw_curve_plot_set_title (self->loss_plot, _("Query loss after each adaptation step"));
  mw_curve_plot_set_y_label (self->loss_plot, _("Loss"));
  mw_curve_plot_set_x_label (self->loss_plot, _("Adaptation steps"));
  update_empty_hints (self);
  mw_inspect_page_set_run (self, NULL, FALSE);
  mw_inspect_page_set_status (self, NULL, FALSE, FALSE);
}

GtkWidget *
mw_inspect_page_new (void)
{
  return g_object_new (MW_TYPE_INSPECT_PAGE, NULL);
}
