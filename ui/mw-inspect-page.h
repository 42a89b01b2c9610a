/* mw-inspect-page.h: "seeing inside" a run: the inspection views in a stack.
 *
 * Pages: the episode inspector, the adaptation viewer (the sinusoid figure
 * with a pre-trained baseline beside it, or accuracy and loss against
 * adaptation steps for several runs), then a page for each inspection view
 * that asks for one (the embedding view, the cost view: see
 * mw-inspect-view.h), then the task builder. The page computes nothing: its
 * buttons emit the *-requested signals, and whoever owns the inspection
 * worker (app/) answers with the mw_inspect_page_show_*() calls.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-curve-plot.h"
#include "mw-episode-view.h"
#include "mw-inspect-view.h"
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
/* The same for a run of any kind: a planar run gets the pages of views for
 * planar runs (the boundary) in place of the episode's, which draws images. */
void             mw_inspect_page_set_run_kind     (MwInspectPage       *self,
                                                   const char          *title,
                                                   MwInspectRuns        runs);
/* The run selected has nothing to inspect yet (@title: its name): the
 * views empty, and @message under the title and in the empty charts says
 * when it will ("Available after the first validation"). */
void             mw_inspect_page_set_unavailable  (MwInspectPage       *self,
                                                   const char          *title,
                                                   gboolean             regression,
                                                   const char          *message);
/* Returns: (nullable): that message, while the page shows it. */
const char      *mw_inspect_page_get_unavailable  (MwInspectPage       *self);
/* Returns: the run's name, or "No run selected". */
const char      *mw_inspect_page_get_title        (MwInspectPage       *self);
/* The chance level, 1 / @ways, on the accuracy chart (0: none). */
void             mw_inspect_page_set_ways         (MwInspectPage       *self,
                                                   int                  ways);
/* A line under the title: what is being computed (@busy shows a spinner), or
 * why it failed (@error). NULL clears it (back to the message of
 * mw_inspect_page_set_unavailable(), if any). */
void             mw_inspect_page_set_status       (MwInspectPage       *self,
                                                   const char          *text,
                                                   gboolean             busy,
                                                   gboolean             error);

/* Results: each replaces what its views showed; NULL empties them. */
void             mw_inspect_page_show_episode     (MwInspectPage       *self,
                                                   MwEpisodeInspection *inspection);
void             mw_inspect_page_show_sine_fit    (MwInspectPage       *self,
                                                   MwSineInspection    *inspection);
void             mw_inspect_page_show_compare     (MwInspectPage       *self,
                                                   MwCompareInspection *inspection);
/* Hands @inspection (nullable) to every view with a page that draws @kind. */
void             mw_inspect_page_show_inspection  (MwInspectPage          *self,
                                                   const MwInspectionKind *kind,
                                                   gpointer                inspection);
/* Empties every view (a new run is loaded). */
void             mw_inspect_page_clear            (MwInspectPage       *self);

/* What the button above view @name does: the "inspection-requested" signal
 * with the view's record kind, the status line to show meanwhile and the
 * parameters its class's request_params() gives (or NULL). */
void             mw_inspect_page_request          (MwInspectPage       *self,
                                                   const char          *name);

/* What the "Next" buttons do: a new seed, then the request signal. */
void             mw_inspect_page_next_episode     (MwInspectPage       *self);
/* Whether the Episode page shows a training task (drawn as meta-training draws it, its
 * images augmented as the run augments them) rather than a test episode; setting it
 * asks for the episode of the same seed again. */
gboolean         mw_inspect_page_get_training_episode (MwInspectPage   *self);
void             mw_inspect_page_set_training_episode (MwInspectPage   *self,
                                                       gboolean         training);
void             mw_inspect_page_next_sine_task   (MwInspectPage       *self);

/* Shows page @name: "episode", "adaptation", a view's name ("embedding",
 * "cost"), "task". */
void             mw_inspect_page_show_page        (MwInspectPage       *self,
                                                   const char          *name);

MwEpisodeView   *mw_inspect_page_get_episode_view   (MwInspectPage     *self);
MwSineFitView   *mw_inspect_page_get_sine_view      (MwInspectPage     *self,
                                                     gboolean           baseline);
/* Returns: (transfer none) (nullable): the view with its own page @name. */
MwInspectView   *mw_inspect_page_get_view           (MwInspectPage     *self,
                                                     const char        *name);
MwCurvePlot     *mw_inspect_page_get_adaptation_plot (MwInspectPage    *self,
                                                      gboolean          loss);
MwTaskBuilder   *mw_inspect_page_get_task_builder   (MwInspectPage     *self);
/* Sets the adaptation step of both sine views (what the slider does). */
void             mw_inspect_page_set_sine_step      (MwInspectPage     *self,
                                                     int                step);

G_END_DECLS
