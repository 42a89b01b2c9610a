/* mw-inspector.h: computes what the inspection views show, off the main thread.
 *
 * An inspector owns its own copy of one run (loaded from the run's checkpoint,
 * or built and trained from settings), so it never shares a learner with the
 * training thread. Every request runs on the inspector's one worker thread, in
 * the order asked (a run belongs to one thread at a time); results come back
 * on the main loop through the usual GIO async pattern. A request cancelled
 * before it starts is dropped; one that started finishes its core call first
 * (the core calls here take well under a second on short runs, except the
 * cost measurement).
 */
#pragma once

#include <gio/gio.h>

#include "mw-core.h"
#include "mw-inspection.h"

G_BEGIN_DECLS

#define MW_TYPE_INSPECTOR (mw_inspector_get_type ())
G_DECLARE_FINAL_TYPE (MwInspector, mw_inspector, MW, INSPECTOR, GObject)

/* Returns: (transfer full): an inspector with no run. */
MwInspector *mw_inspector_new               (void);

/* Replaces the inspected run with one loaded from @checkpoint. */
void     mw_inspector_load_checkpoint_async (MwInspector              *self,
                                             const char               *checkpoint,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data);
/* Replaces the inspected run with a new one of a copy of @config, trained for
 * its iterations (a quick model for the task builder, and the tests). */
void     mw_inspector_train_async           (MwInspector              *self,
                                             const MwExperimentConfig *config,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data);
gboolean mw_inspector_load_finish           (MwInspector              *self,
                                             GAsyncResult             *result,
                                             GError                  **error);

/* Whether a run is loaded, and its settings (as of the last load that
 * finished; NULL before). */
gboolean                  mw_inspector_get_loaded (MwInspector *self);
const MwExperimentConfig *mw_inspector_get_config (MwInspector *self);
/* How the loaded model's input images are made (NULL before a load): images
 * given to it go through mw_preprocess_load_folder with it. */
const MwPreprocess       *mw_inspector_get_preprocess (MwInspector *self);
/* Returns: (transfer none): "MAML (second order), 300 iterations". */
const char               *mw_inspector_get_title  (MwInspector *self);

/* Computes a record of @kind for the inspected run, with @params (floating
 * references are taken) as that kind asks:
 *
 *  - episode: "t", a seed: a test episode of the run's shape drawn from it,
 *    inspected at every adaptation step of the run's test-steps, with its
 *    embedding;
 *  - sine-fit: "t", a seed: a sine task drawn from it, the run's fit and a
 *    pre-trained baseline's on the same support points (the fine-tune learner
 *    on the same settings, trained as long as the run on the first request
 *    and kept);
 *  - compare: "(asasi)", names, checkpoints and a number of test episodes:
 *    each run tested on the same test episodes, each checkpoint loaded into a
 *    temporary run ("" stands for the inspected run);
 *  - any other kind (cost, …): its own compute(), given the loaded run. */
void     mw_inspector_compute_async         (MwInspector              *self,
                                             const MwInspectionKind   *kind,
                                             GVariant                 *params,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data);
/* Returns: (transfer full): the record, of the kind asked for. */
gpointer mw_inspector_compute_finish        (MwInspector              *self,
                                             GAsyncResult             *result,
                                             GError                  **error);

/* The other runs a view may draw beside the inspected one (the Boundary page's small
 * multiples): @n names and checkpoint paths, copied; each request made after this
 * call is given them (MwInspectRequest). */
void     mw_inspector_set_peers             (MwInspector              *self,
                                             int                       n,
                                             const char * const       *names,
                                             const char * const       *checkpoints);

/* An episode record (finished with mw_inspector_compute_finish) for a
 * hand-built task. Takes @episode; @class_names (one per class, in label
 * order) is copied. The images must have the run's size. */
void     mw_inspector_hand_task_async       (MwInspector              *self,
                                             MwHandEpisode            *episode,
                                             const char * const       *class_names,
                                             GCancellable             *cancellable,
                                             GAsyncReadyCallback       callback,
                                             gpointer                  user_data);

G_END_DECLS
