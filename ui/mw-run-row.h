/* mw-run-row.h: one row of the run list: the run's colour, its name (edit in
 * place to rename), state, progress and time left, a toggle that shows or
 * hides its curves, and a menu with Rename and Delete.
 *
 * The row only shows and edits an MwRunItem; Delete goes up as the
 * run-list.delete action (with the run id), which MwRunList turns into its
 * delete-requested signal.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-run-item.h"

G_BEGIN_DECLS

#define MW_TYPE_RUN_ROW (mw_run_row_get_type ())
G_DECLARE_FINAL_TYPE (MwRunRow, mw_run_row, MW, RUN_ROW, GtkWidget)

/* Returns: (transfer floating): an empty row. */
GtkWidget *mw_run_row_new      (void);

/* Shows @item (NULL: none); the row follows its changes. */
void       mw_run_row_set_item (MwRunRow  *self,
                                MwRunItem *item);
/* Returns: (transfer none) (nullable): the item shown. */
MwRunItem *mw_run_row_get_item (MwRunRow  *self);

/* Starts editing the name, as the Rename menu item does. */
void       mw_run_row_start_rename (MwRunRow *self);

G_END_DECLS
