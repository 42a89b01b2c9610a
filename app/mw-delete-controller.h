/* mw-delete-controller.h: Delete with Undo, for one window's run list.
 *
 * Deleting a run hides it at once (mw_run_manager_hide_run: out of the list
 * and the charts, its training paused, its folder kept) and shows the toast
 * "Run “NAME” deleted" with Undo. Undo brings it back as it was: at its place
 * in the list, with its curves (taken from the charts when it was hidden, and
 * any points that came after), selected if it was, training again if it was.
 * The run and its folder are deleted when the toast goes (its time-out, its
 * close button, the next delete), when the window closes
 * (mw_delete_controller_flush) or, for a run still hidden, when the
 * application quits (mw_run_manager_shutdown): the offer to undo ends with the
 * window, as the toast that made it does.
 */
#pragma once

#include <glib-object.h>

#include "mw-run-list.h"
#include "mw-run-manager.h"
#include "mw-run-view.h"
#include "mw-toast.h"

G_BEGIN_DECLS

#define MW_TYPE_DELETE_CONTROLLER (mw_delete_controller_get_type ())
G_DECLARE_FINAL_TYPE (MwDeleteController, mw_delete_controller, MW, DELETE_CONTROLLER, GObject)

/* Returns: (transfer full): a controller for the runs of @manager shown in
 * @list and @view, offering Undo in @toast; it keeps references to all four. */
MwDeleteController *mw_delete_controller_new         (MwRunManager       *manager,
                                                      MwRunList          *list,
                                                      MwRunView          *view,
                                                      MwToast            *toast);
/* Hides @item and offers Undo; a delete still offered is carried out first.
 * Nothing happens for a run that cannot be deleted here (trained elsewhere). */
void                mw_delete_controller_delete      (MwDeleteController *self,
                                                      MwRunItem          *item);
/* Brings back the run whose delete is offered; nothing if none is. */
void                mw_delete_controller_undo        (MwDeleteController *self);
/* Carries out the delete still offered, if any, and closes the toast. */
void                mw_delete_controller_flush       (MwDeleteController *self);
/* Returns: (transfer none) (nullable): the run whose delete is offered. */
MwRunItem          *mw_delete_controller_get_pending (MwDeleteController *self);

G_END_DECLS
