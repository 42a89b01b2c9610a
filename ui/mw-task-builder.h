/* mw-task-builder.h: few-shot tasks built by hand from an image folder.
 *
 * Choose a folder (a folder chooser, or drop it on the builder or the window):
 * it loads in a background thread with progress and can be cancelled; its
 * sub-folders become classes, shown with thumbnails and image counts, and the
 * files that could not be used are listed with the reason. Tick N classes;
 * click an image to make it support, again for query, again to leave it out;
 * or sample K and Q of each class. The task is saved as a manifest next to
 * the images and reopened with the folder.
 *
 * The builder computes nothing itself: "adapt-requested" and
 * "train-requested" ask the owner (app/) to adapt a model on
 * mw_task_builder_build_episode() and show the result with
 * mw_task_builder_show_result(), as in the episode inspector.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-camera-panel.h"
#include "mw-core.h"
#include "mw-episode-view.h"
#include "mw-inspection.h"
#include "mw-task-file-chooser.h"

G_BEGIN_DECLS

#define MW_TYPE_TASK_BUILDER (mw_task_builder_get_type ())
G_DECLARE_FINAL_TYPE (MwTaskBuilder, mw_task_builder, MW, TASK_BUILDER, GtkBox)

GtkWidget         *mw_task_builder_new            (void);

/* The image shape the model takes (default 28 × 28 gray); a change reloads
 * the folder at the new size. */
void               mw_task_builder_set_image_shape (MwTaskBuilder *self,
                                                    int            size,
                                                    int            channels);
/* The model's preprocessing record: the folder is loaded through
 * mw_preprocess_load_folder with it (its size, channels and ink polarity) and
 * reloaded when it changes.  A warning from the load shows under the folder
 * chooser with a button that sets the fix. */
void               mw_task_builder_set_preprocess (MwTaskBuilder      *self,
                                                   const MwPreprocess *model);
/* The Invert control: auto (against the model's background), yes or no;
 * a change reloads the folder. */
void               mw_task_builder_set_invert     (MwTaskBuilder  *self,
                                                   MwInvertChoice  invert);
MwInvertChoice     mw_task_builder_get_invert     (MwTaskBuilder  *self);
/* Returns: (transfer none) (nullable): the warning shown for the loaded
 * folder (its images differ from the model's training images), or NULL. */
const char        *mw_task_builder_get_warning    (MwTaskBuilder  *self);
/* Starts loading @folder in the background (cancelling a load in progress);
 * a manifest in it is reopened once it has loaded. */
void               mw_task_builder_open_folder    (MwTaskBuilder *self,
                                                   GFile         *folder);
/* Whether a load is running (the "loading" property). */
gboolean           mw_task_builder_get_loading    (MwTaskBuilder *self);
/* Returns: (transfer none) (nullable): the loaded folder and the task. */
const MwDataset   *mw_task_builder_get_dataset    (MwTaskBuilder *self);
MwHandTask        *mw_task_builder_get_task       (MwTaskBuilder *self);
/* Returns: (transfer none): the status line and the list of unusable files. */
const char        *mw_task_builder_get_status     (MwTaskBuilder *self);
const char        *mw_task_builder_get_skipped_text (MwTaskBuilder *self);

/* Ticks class @name in or out of the task (what its check box does). */
void               mw_task_builder_set_class_chosen (MwTaskBuilder *self,
                                                     const char    *name,
                                                     gboolean       chosen);
/* What clicking an image does: none → support → query → none. */
void               mw_task_builder_cycle_role     (MwTaskBuilder *self,
                                                   const char    *class_name,
                                                   const char    *file);
/* Draws K support and Q query images of every chosen class; FALSE (and the
 * reason in the status line) when a class has too few. */
gboolean           mw_task_builder_sample         (MwTaskBuilder *self,
                                                   int            shots,
                                                   int            queries);
/* Saves the manifest next to the images, or reopens it. */
gboolean           mw_task_builder_save           (MwTaskBuilder *self,
                                                   GError       **error);
gboolean           mw_task_builder_reopen         (MwTaskBuilder *self,
                                                   GError       **error);
/* Opens a task manifest of one or several tasks (the file chooser beside the folder
 * button names them when there are several) and shows its first task.  FALSE with
 * the reason, also shown in the status line, when the file cannot be read. */
gboolean           mw_task_builder_open_tasks_file (MwTaskBuilder *self,
                                                    const char    *path,
                                                    GError       **error);
/* Loads task's folder (unless it is the one loaded) and shows a copy of task. */
void               mw_task_builder_show_task      (MwTaskBuilder    *self,
                                                   const MwHandTask *task);
MwTaskFileChooser *mw_task_builder_get_file_chooser (MwTaskBuilder *self);

/* Builds the current task against the loaded folder. Returns: (transfer full)
 * (nullable): the episode, with the class names in @class_names (free with
 * g_strfreev), or NULL with the reason in @error and the status line. */
MwHandEpisode     *mw_task_builder_build_episode  (MwTaskBuilder *self,
                                                   char        ***class_names,
                                                   GError       **error);
/* Shows a model's predictions on the task; a NULL @inspection with @message
 * shows why there are none. */
void               mw_task_builder_show_result    (MwTaskBuilder       *self,
                                                   MwEpisodeInspection *inspection,
                                                   const char          *message);
MwEpisodeView     *mw_task_builder_get_episode_view (MwTaskBuilder *self);
/* Returns: (transfer none): the line above the result (its title, or why
 * there is none). */
const char        *mw_task_builder_get_result_text (MwTaskBuilder *self);

/* Take Photos: the camera panel in place of the folder's images (the toggle
 * button's state).  A photo is saved as JPEG into the folder's class folder
 * (the folder chosen, or a new one in Pictures when none is), added to the
 * task (support for the first K of its class, query after) and the manifest
 * saved; the folder then reloads with the task kept. */
void               mw_task_builder_set_taking_photos (MwTaskBuilder *self,
                                                      gboolean       taking);
gboolean           mw_task_builder_get_taking_photos (MwTaskBuilder *self);
MwCameraPanel     *mw_task_builder_get_camera_panel (MwTaskBuilder *self);
/* Photos taken and still being written. */
guint              mw_task_builder_get_photos_saving (MwTaskBuilder *self);

G_END_DECLS
