/* mw-inspect-page.h: "seeing inside" a run: the inspection views in a stack.
 *
 * Pages: the episode inspector, the adaptation viewer (the sinusoid figure
 * with a pre-trained baseline beside it, or accuracy and loss against
 * adaptation steps for several runs), the embedding view, the cost view and
 * the task builder. The page computes nothing: its buttons emit the
 * *-requested signals, and whoever owns the inspection worker (app/) answers
 * with the mw_inspect_page_show_*() calls.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-cost-view.h"
#include "mw-curve-plot.h"
#include "mw-embedding-view.h"
#include "mw-episode-view.h"
#include "mw-inspection.h"
#include "mw-sine-fit-view.h"
#include "mw-task-builder.h"

G_BEGIN_DECLS

#define MW_TYPE_INSPECT_PAGE (mw_inspect_page_get_type ())
G_DECLARE_FINAL_TYPE (MwInspectPage, mw_inspect_page, MW, INSPECT_PAGE, GtkBox)

GtkWidget       *mw_inspect_page_new              (void);

/* The run being inspected (@title NULL: none); regression runs get the sine
 * figure, classification runs the episode, embedding and curve pages. */
void             mw_inspect_page_set_run          (MwInspectPage       *self,
                                                   const char          *title,
                                                   gboolean             regression);
/* A line under the title: what is being computed (@busy shows a spinner), or
 * why it failed (@error). NULL clears it. */
void             mw_inspect_page_set_status       (MwInspectPage       *self,
                                                   const char          *text,
                                                   gboolean             busy,
                                                   gboolean             error);

/* Results: each replaces what its views showed. */
void             mw_inspect_page_show_episode     (MwInspectPage       *self,
                                                   MwEpisodeInspection *inspection);
void             mw_inspect_page_show_sine_fit    (MwInspectPage       *self,
                                                   MwSineInspection    *inspection);
void             mw_inspect_page_show_cost        (MwInspectPage       *self,
                                                   MwCostInspection    *inspection);
void             mw_inspect_page_show_compare     (MwInspectPage       *self,
                                                   MwCompareInspection *inspection);

/* What the "Next" buttons do: a new seed, then the request signal. */
void             mw_inspect_page_next_episode     (MwInspectPage       *self);
void             mw_inspect_page_next_sine_task   (MwInspectPage       *self);

/* Shows page @name: "episode", "adaptation", "embedding", "cost", "task". */
void             mw_inspect_page_show_page        (MwInspectPage       *self,
                                                   const char          *name);

MwEpisodeView   *mw_inspect_page_get_episode_view   (MwInspectPage     *self);
MwSineFitView   *mw_inspect_page_get_sine_view      (MwInspectPage     *self,
                                                     gboolean           baseline);
MwEmbeddingView *mw_inspect_page_get_embedding_view (MwInspectPage     *self);
MwCostView      *mw_inspect_page_get_cost_view      (MwInspectPage     *self);
MwCurvePlot     *mw_inspect_page_get_adaptation_plot (MwInspectPage    *self,
                                                      gboolean          loss);
MwTaskBuilder   *mw_inspect_page_get_task_builder   (MwInspectPage     *self);
/* Sets the adaptation step of both sine views (what the slider does). */
void             mw_inspect_page_set_sine_step      (MwInspectPage     *self,
                                                     int                step);

G_END_DECLS
