/* mw-cost-view.c: time and memory per meta-iteration, measured and drawn. */

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "mw-cost-view.h"

struct _MwCostView
{
  MwInspectView parent_instance;

  guint waiting;   /* runs training, while a measurement waits for them */
};

G_DEFINE_FINAL_TYPE (MwCostView, mw_cost_view, MW_TYPE_INSPECT_VIEW)

/* --- the record -------------------------------------------------------- */

/* Meta-iterations measured per cost point, after one warm-up: the median
 * of three shrugs off one iteration another process got in the way of. */
#define COST_ITERATIONS 3

/* The MAML family: plain gradient steps on the whole support set, whose cost
 * grows with their number and their order. */
static gboolean
maml_family (MwAlgorithmKind kind)
{
  const MwAlgorithmInfo *algorithm = mw_algorithm_info (kind);

  return algorithm->inner_loop && !algorithm->inner_minibatches;
}

/* On the inspector's worker thread. */
static gpointer
cost_compute (const MwInspectRequest *request,
              GError                **error)
{
  GVariant *params = request->params;
  int max_steps = CLAMP (params != NULL ? g_variant_get_int32 (params) : MW_COST_MAX_STEPS,
                         1, MW_COST_MAX_STEPS);
  MwAlgorithmConfig config = *mw_algorithm_get_config (mw_run_get_algorithm (request->run));
  MwTaskSource *source = (MwTaskSource *) mw_run_get_task_gen (request->run, "train");
  guint64 seed = mw_run_get_config (request->run)->seed;
  g_autoptr(MwCostInspection) r = mw_inspection_new (&mw_cost_inspection_kind);

  r->title = g_strdup (request->run_title);
  r->has_steps = maml_family (config.kind);
  r->max_steps = r->has_steps ? max_steps : 0;
  /* A run of first- or second-order MAML is one of the charts' points: the
   * headline gives that point's numbers, not a second timing of its own. */
  if (r->has_steps && (config.kind == MW_ALGO_FOMAML || config.kind == MW_ALGO_MAML) &&
      config.inner_steps >= 1 && config.inner_steps <= r->max_steps)
    {
      r->run_steps = config.inner_steps;
      r->run_second_order = config.kind == MW_ALGO_MAML;
    }
  else if (!mw_measure_step_cost (&config, source, COST_ITERATIONS, seed, 1, &r->run, error))
    return NULL;

  for (int k = 0; k < r->max_steps; k++)
    for (int order = 0; order < 2; order++)
      {
        MwAlgorithmConfig variant = config;

        if (g_cancellable_set_error_if_cancelled (request->cancellable, error))
          return NULL;
        variant.kind = order == 0 ? MW_ALGO_FOMAML : MW_ALGO_MAML;
        variant.inner_steps = k + 1;
        if (!mw_measure_step_cost (&variant, source, COST_ITERATIONS, seed, 1,
                                   order == 0 ? &r->first_order[k] : &r->second_order[k], error))
          return NULL;
      }
  if (r->run_steps > 0)
    r->run = (r->run_second_order ? r->second_order : r->first_order)[r->run_steps - 1];
  return g_steal_pointer (&r);
}

static void
cost_inspection_clear (gpointer data)
{
  MwCostInspection *self = data;

  g_free (self->title);
}

const MwInspectionKind mw_cost_inspection_kind = {
  "cost", sizeof (MwCostInspection), cost_inspection_clear, cost_compute
};

/* --- the view ---------------------------------------------------------- */

static MwCostInspection *
shown_inspection (MwCostView *self)
{
  return mw_inspect_view_get_inspection (MW_INSPECT_VIEW (self));
}

char *
mw_cost_view_dup_summary (MwCostView *self)
{
  g_autofree char *summary = NULL;
  MwCostInspection *r;

  g_return_val_if_fail (MW_IS_COST_VIEW (self), NULL);

  if (self->waiting > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Paused while %u run trains: its work would be timed too. "
                                         "Measures when it stops.",
                                         "Paused while %u runs train: their work would be timed too. "
                                         "Measures when they stop.", self->waiting),
                            self->waiting);
  r = shown_inspection (self);
  if (r == NULL)
    return g_strdup (_("Not measured yet"));
  summary = g_strdup_printf (_("%s: %.1f ms per meta-iteration, peak memory %.1f MB"), r->title,
                             1e3 * r->run.seconds, r->run.peak_bytes / 1e6);
  if (r->measured_under_load == 0)
    return g_steal_pointer (&summary);
  /* Translators: after the summary of a measurement made while other runs
   * trained. */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%s · measured while %u run trained: times not reliable",
                                       "%s · measured while %u runs trained: times not reliable",
                                       r->measured_under_load),
                          summary, r->measured_under_load);
}

void
mw_cost_view_set_waiting (MwCostView *self,
                          guint       n_training)
{
  g_return_if_fail (MW_IS_COST_VIEW (self));

  if (self->waiting == n_training)
    return;
  self->waiting = n_training;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
mw_cost_view_get_waiting (MwCostView *self)
{
  g_return_val_if_fail (MW_IS_COST_VIEW (self), 0);
  return self->waiting;
}

/* One chart: @value of both orders against the inner steps. */
static void
chart (MwCostView *self,
       cairo_t    *cr,
       double      x,
       double      width,
       double      top,
       double      height,
       gboolean    memory)
{
  GtkWidget *widget = GTK_WIDGET (self);
  MwCostInspection *r = shown_inspection (self);
  MwPlotFrame frame;
  double ymax = 0;
  const MwStepCost *orders[2] = { r->first_order, r->second_order };
  const char *names[2] = { _("First order"), _("Second order") };

  for (int o = 0; o < 2; o++)
    for (int k = 0; k < r->max_steps; k++)
      ymax = MAX (ymax, memory ? orders[o][k].peak_bytes / 1e6 : 1e3 * orders[o][k].seconds);

  cairo_save (cr);
  cairo_translate (cr, x, top);
  mw_plot_frame_init (&frame, widget, width, height, 0.5, r->max_steps + 0.5, 0, ymax * 1.1);
  mw_plot_frame_draw (&frame, widget, cr, memory ? _("Peak memory (MB)") : _("Time per meta-iteration (ms)"),
                      _("Inner steps"), NULL, TRUE);

  for (int o = 0; o < 2; o++)
    {
      GdkRGBA color;

      mw_plot_class_color (o, &color);
      mw_plot_set_color (cr, &color, 1);
      cairo_set_line_width (cr, 2);
      for (int k = 0; k < r->max_steps; k++)
        {
          double v = memory ? orders[o][k].peak_bytes / 1e6 : 1e3 * orders[o][k].seconds;
          double px = mw_plot_frame_x (&frame, k + 1), py = mw_plot_frame_y (&frame, v);

          if (k == 0)
            cairo_move_to (cr, px, py);
          else
            cairo_line_to (cr, px, py);
        }
      cairo_stroke (cr);
      for (int k = 0; k < r->max_steps; k++)
        {
          double v = memory ? orders[o][k].peak_bytes / 1e6 : 1e3 * orders[o][k].seconds;

          cairo_arc (cr, mw_plot_frame_x (&frame, k + 1), mw_plot_frame_y (&frame, v), 4, 0, 2 * G_PI);
          cairo_fill (cr);
        }
      cairo_rectangle (cr, frame.left + 10, frame.top + 10 + o * 18, 10, 10);
      cairo_fill (cr);
      mw_plot_set_color (cr, &frame.fg, 0.85);
      mw_plot_frame_text (widget, cr, names[o], frame.left + 26, frame.top + 15 + o * 18, 0, 0.5, FALSE);
    }

  /* The run's own settings, whose numbers the headline gives. */
  if (r->run_steps > 0)
    {
      double v = memory ? r->run.peak_bytes / 1e6 : 1e3 * r->run.seconds;
      double px = mw_plot_frame_x (&frame, r->run_steps), py = mw_plot_frame_y (&frame, v);

      mw_plot_set_color (cr, &frame.fg, 0.85);
      cairo_set_line_width (cr, 1.5);
      cairo_new_path (cr);
      cairo_arc (cr, px, py, 8, 0, 2 * G_PI);
      cairo_stroke (cr);
      mw_plot_frame_text (widget, cr, _("This run"), px + 11, py - 11, 0, 1, FALSE);
    }
  if (r->measured_under_load > 0 && !memory)
    {
      mw_plot_set_color (cr, &frame.fg, 0.85);
      mw_plot_frame_text (widget, cr, _("Measured while other runs trained"),
                          frame.left + frame.width - 6, frame.top + 15, 1, 0.5, TRUE);
    }
  cairo_restore (cr);
}

static void
mw_cost_view_draw (MwInspectView *view,
                   cairo_t       *cr,
                   int            width,
                   int            height)
{
  MwCostView *self = MW_COST_VIEW (view);
  MwCostInspection *r = shown_inspection (self);
  GtkWidget *widget = GTK_WIDGET (self);
  g_autofree char *summary = mw_cost_view_dup_summary (self);
  GdkRGBA fg;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  mw_plot_set_color (cr, &fg, 0.9);
  mw_plot_frame_text (widget, cr, summary, 12, 10, 0, 0, TRUE);
  if (r == NULL)
    return;
  if (!r->has_steps)
    {
      mw_plot_set_color (cr, &fg, 0.6);
      mw_plot_frame_text (widget, cr, _("Inner-step scaling applies to the MAML family only"), 12, 36, 0, 0, FALSE);
      return;
    }
  chart (self, cr, 0, width / 2.0, 36, height - 36, FALSE);
  chart (self, cr, width / 2.0, width / 2.0, 36, height - 36, TRUE);
}

void
mw_cost_view_set_inspection (MwCostView       *self,
                             MwCostInspection *inspection)
{
  g_return_if_fail (MW_IS_COST_VIEW (self));

  mw_inspect_view_set_inspection (MW_INSPECT_VIEW (self), inspection);
}

static void
mw_cost_view_class_init (MwCostViewClass *klass)
{
  MwInspectViewClass *view_class = MW_INSPECT_VIEW_CLASS (klass);

  view_class->draw = mw_cost_view_draw;
  mw_inspect_view_class_set_inspection_kind (view_class, &mw_cost_inspection_kind);
  mw_inspect_view_class_set_size (view_class, 480, 900, 240, 400);
  mw_inspect_view_class_set_page (view_class, "cost", N_("Cost"), 20, MW_INSPECT_RUNS_ALL);
  mw_inspect_view_class_set_request (view_class, N_("_Measure"),
                                     N_("Times a few meta-iterations of this run's settings (and of MAML at 1–5 "
                                        "inner steps, both orders) in the background"),
                                     N_("Timing meta-iterations…"));
}

static void
mw_cost_view_init (MwCostView *self)
{
}

GtkWidget *
mw_cost_view_new (void)
{
  return g_object_new (MW_TYPE_COST_VIEW, NULL);
}
