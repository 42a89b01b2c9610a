/* mw-run-list.h: the list of runs (GtkListView over a GListModel of
 * MwRunItem): colour, name, state, progress, time left, a chart visibility
 * toggle, rename and delete. Selecting a run makes it the one the window's
 * run controls and status line act on.
 *
 * Deleting is only requested here (delete-requested, emitted from an idle
 * after a row's Delete item): the owner of the runs stops the run and removes
 * its files. Continuing an interrupted or stopped run is requested the same
 * way (continue-requested, from a row's Continue button or menu item), and so
 * are a run's settings put into the experiment form (use-settings-requested)
 * and a new run of them (duplicate-requested), from a row's menu.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-run-item.h"

G_BEGIN_DECLS

#define MW_TYPE_RUN_LIST (mw_run_list_get_type ())
G_DECLARE_FINAL_TYPE (MwRunList, mw_run_list, MW, RUN_LIST, GtkWidget)

/* Returns: (transfer floating): an empty list. */
GtkWidget  *mw_run_list_new               (void);

/* @model: (nullable): a GListModel of MwRunItem; the list takes a reference. */
void        mw_run_list_set_model         (MwRunList  *self,
                                           GListModel *model);
/* Returns: (transfer none) (nullable): the selected run. */
MwRunItem  *mw_run_list_get_selected      (MwRunList  *self);
/* Selects @item (it must be in the model); NULL selects nothing. */
void        mw_run_list_select            (MwRunList  *self,
                                           MwRunItem  *item);
/* Requests deleting the run with id @id, as its row's Delete item does. */
void        mw_run_list_request_delete    (MwRunList  *self,
                                           const char *id);
/* Requests continuing the run with id @id from its last checkpoint, as its
 * row's Continue button does (continue-requested). */
void        mw_run_list_request_continue  (MwRunList  *self,
                                           const char *id);
/* Request the form to take the settings of the run with id @id, or a new
 * run of them, as its row's menu items do. */
void        mw_run_list_request_use_settings (MwRunList  *self,
                                              const char *id);
void        mw_run_list_request_duplicate    (MwRunList  *self,
                                              const char *id);
/* The height with room for the title and four rows, as tall as the tallest
 * row shown so far (MwRunList:natural-height, notified as it changes): what
 * the list asks for naturally, and where the window puts the divider below
 * it until the user moves it. */
int         mw_run_list_get_natural_height (MwRunList *self);
/* Whether a row has been measured yet (before, the natural height is a guess). */
gboolean    mw_run_list_get_rows_measured  (MwRunList *self);
/* Returns: (transfer none) (nullable): the row widget showing @item, if it
 * is realised (scrolled into view). */
GtkWidget  *mw_run_list_get_row           (MwRunList  *self,
                                           MwRunItem  *item);

G_END_DECLS
