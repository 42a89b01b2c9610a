/* mw-inspect-controller.h: connects the inspect page to an inspection worker.
 *
 * The page (ui/) asks; the controller has its MwInspector compute in the
 * background and hands the results back to the page. It follows one run at a
 * time, loaded from the run's checkpoint (or trained from settings).
 */
#pragma once

#include <glib-object.h>

#include "mw-core.h"
#include "mw-inspect-page.h"
#include "mw-inspector.h"

G_BEGIN_DECLS

#define MW_TYPE_INSPECT_CONTROLLER (mw_inspect_controller_get_type ())
G_DECLARE_FINAL_TYPE (MwInspectController, mw_inspect_controller, MW, INSPECT_CONTROLLER, GObject)

/* Returns: (transfer full): a controller answering @page's requests. */
MwInspectController *mw_inspect_controller_new             (MwInspectPage             *page);

/* Inspects the run saved in @checkpoint (NULL: none); @name is for the page. */
void                 mw_inspect_controller_load_checkpoint (MwInspectController       *self,
                                                            const char                *checkpoint,
                                                            const char                *name);
/* The run @name has nothing to inspect yet (no checkpoint): the page says
 * @message and the views stay empty; no request is answered with another
 * run's model meanwhile. */
void                 mw_inspect_controller_show_unavailable (MwInspectController      *self,
                                                             const char               *name,
                                                             gboolean                  regression,
                                                             const char               *message);
/* How many runs train now (the window counts them): while any does, the
 * Cost view's measurement waits, and one made while they start is marked as
 * measured under load. */
void                 mw_inspect_controller_set_training_runs (MwInspectController     *self,
                                                              guint                    n_training);
guint                mw_inspect_controller_get_training_runs (MwInspectController     *self);
/* Inspects a new run of @config, trained for its iterations in the worker. */
void                 mw_inspect_controller_train           (MwInspectController       *self,
                                                            const MwExperimentConfig  *config);
/* The runs "Compare Runs" tests (a NULL checkpoint is the inspected run),
 * drawn in @colors (n of them; NULL: the chart's palette); with none it tests
 * the inspected run alone. */
void                 mw_inspect_controller_set_compare_runs (MwInspectController      *self,
                                                             int                       n,
                                                             const char * const       *names,
                                                             const char * const       *checkpoints,
                                                             const GdkRGBA            *colors);
/* The other runs of the window's list that have a checkpoint (names and paths), which
 * the Boundary page draws beside the inspected run when they learn the same planar
 * tasks; the requests made after this call see them. */
void                 mw_inspect_controller_set_peer_runs   (MwInspectController       *self,
                                                            int                        n,
                                                            const char * const        *names,
                                                            const char * const        *checkpoints);
/* Episodes per run for "Compare Runs" (default 100). */
void                 mw_inspect_controller_set_compare_episodes (MwInspectController  *self,
                                                                 int                   episodes);

/* Requests still running (for tests and the spinner). */
guint                mw_inspect_controller_get_pending     (MwInspectController       *self);
MwInspector         *mw_inspect_controller_get_inspector   (MwInspectController       *self);

G_END_DECLS
