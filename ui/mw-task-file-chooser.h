/* mw-task-file-chooser.h: opening a task manifest, and choosing one of its tasks.
 *
 * An "Open Tasks…" button and, when the opened file holds several tasks, a drop-down
 * of their names.  Each choice emits ::task-chosen with the chosen MwHandTask
 * (borrowed: valid until the next file is opened); a file that cannot be read emits
 * ::failed with the reason. */
#pragma once

#include <gtk/gtk.h>

#include "mw-core.h"

G_BEGIN_DECLS

#define MW_TYPE_TASK_FILE_CHOOSER (mw_task_file_chooser_get_type ())
G_DECLARE_FINAL_TYPE (MwTaskFileChooser, mw_task_file_chooser, MW, TASK_FILE_CHOOSER, GtkBox)

GtkWidget *mw_task_file_chooser_new       (void);
/* Reads path (a manifest of either version) and chooses its first task. */
gboolean   mw_task_file_chooser_open      (MwTaskFileChooser *self,
                                           const char        *path,
                                           GError           **error);
guint      mw_task_file_chooser_get_n_tasks (MwTaskFileChooser *self);
const MwHandTask *mw_task_file_chooser_get_task (MwTaskFileChooser *self,
                                                 guint              index);
/* Chooses the task of that index, as the drop-down does. */
void       mw_task_file_chooser_select    (MwTaskFileChooser *self,
                                           guint              index);
gboolean   mw_task_file_chooser_get_chooser_visible (MwTaskFileChooser *self);

G_END_DECLS
