/* mw-cost-view.h: what a meta-iteration costs.
 *
 * The run's time per meta-iteration and peak memory, and for the MAML family
 * two charts against the number of inner steps: time and peak tape memory,
 * first order against second order (whose memory grows with every step it
 * keeps for the Hessian-vector products). Draws the MwCostInspection given.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-inspect-view.h"
#include "mw-inspection.h"

G_BEGIN_DECLS

#define MW_TYPE_COST_VIEW (mw_cost_view_get_type ())
G_DECLARE_FINAL_TYPE (MwCostView, mw_cost_view, MW, COST_VIEW, MwInspectView)

GtkWidget *mw_cost_view_new            (void);
/* @inspection: (nullable) */
void       mw_cost_view_set_inspection (MwCostView       *self,
                                        MwCostInspection *inspection);
/* Returns: (transfer full): the summary line drawn on top. */
char      *mw_cost_view_dup_summary    (MwCostView       *self);

G_END_DECLS
