/* mw-cost-view.h: what a meta-iteration costs.
 *
 * The run's time per meta-iteration and peak memory, and for the MAML family
 * two charts against the number of inner steps: time and peak tape memory,
 * first order against second order (whose memory grows with every step it
 * keeps for the Hessian-vector products). Draws an MwCostInspection, which
 * its kind measures (on the inspector's worker thread) when the view's
 * "Measure" button asks.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-inspect-view.h"
#include "mw-inspection.h"

G_BEGIN_DECLS

#define MW_COST_MAX_STEPS 5

/**
 * MwCostInspection:
 *
 * What a meta-iteration of the run costs, and for the MAML family how that
 * grows with the inner steps, first order against second order.
 */
typedef struct {
  MwInspection parent;
  char *title;
  MwStepCost run;
  gboolean has_steps;        /* MAML family only */
  int max_steps;
  MwStepCost first_order[MW_COST_MAX_STEPS];    /* index: inner steps − 1 */
  MwStepCost second_order[MW_COST_MAX_STEPS];
  /* Where @run is on the charts (its own settings are one of their points,
   * the same measurement): inner steps, 0 when it is not; second order? */
  int run_steps;
  gboolean run_second_order;
  /* The most runs that trained while it was measured (set by whoever asked
   * for it): their work was timed too, the times are not the run's own. */
  guint measured_under_load;
} MwCostInspection;

/* Its compute() takes "i", the most inner steps to measure (≤
 * MW_COST_MAX_STEPS), or NULL for MW_COST_MAX_STEPS. */
extern const MwInspectionKind mw_cost_inspection_kind;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MwCostInspection, mw_inspection_unref)

#define MW_TYPE_COST_VIEW (mw_cost_view_get_type ())
G_DECLARE_FINAL_TYPE (MwCostView, mw_cost_view, MW, COST_VIEW, MwInspectView)

GtkWidget *mw_cost_view_new            (void);
/* @inspection: (nullable) */
void       mw_cost_view_set_inspection (MwCostView       *self,
                                        MwCostInspection *inspection);
/* Returns: (transfer full): the summary line drawn on top. */
char      *mw_cost_view_dup_summary    (MwCostView       *self);
/* A measurement waits while @n_training runs train (0: it does not). */
void       mw_cost_view_set_waiting    (MwCostView       *self,
                                        guint             n_training);
guint      mw_cost_view_get_waiting    (MwCostView       *self);

G_END_DECLS
