/* mw-task-class-list.h: the classes of a loaded folder, each with its
 * thumbnails, showing which images are support or query.
 *
 * One row per class: a check box with the class's name and image count, and
 * a button per image (the first few dozen) whose caption says its role in
 * the task.  The list edits nothing itself: ticking a class emits
 * ::class-toggled and clicking an image ::image-clicked, and the owner
 * changes its MwHandTask and shows it again with
 * mw_task_class_list_show_task().
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-core.h"

G_BEGIN_DECLS

#define MW_TYPE_TASK_CLASS_LIST (mw_task_class_list_get_type ())
G_DECLARE_FINAL_TYPE (MwTaskClassList, mw_task_class_list, MW, TASK_CLASS_LIST, GtkWidget)

/* Returns: (transfer floating): an empty list. */
GtkWidget *mw_task_class_list_new         (void);

/* Replaces the rows with one per class of @dataset, its thumbnails made now
 * (nothing of @dataset is kept); @dataset: (nullable): NULL empties the
 * list.  Every box starts unticked: show a task to tick them. */
void       mw_task_class_list_set_dataset (MwTaskClassList *self,
                                           const MwDataset *dataset);
/* Ticks the classes of @task and captions each image with its role, without
 * emitting ::class-toggled. */
void       mw_task_class_list_show_task   (MwTaskClassList  *self,
                                           const MwHandTask *task);

G_END_DECLS
