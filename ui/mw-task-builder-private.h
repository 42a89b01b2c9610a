/* mw-task-builder-private.h: what the pieces of MwTaskBuilder share.
 *
 *   mw-task-builder.c       the widget: editing the task, its files, the result
 *   mw-task-builder-load.c  loading the image folder, and what the loads follow
 *   mw-task-builder-camera.c  Take Photos: photos saved into the folder and the task
 */
#pragma once

#include "mw-task-builder.h"
#include "mw-camera-panel.h"
#include "mw-task-class-list.h"

G_BEGIN_DECLS

/* Shared between the loading thread and the main loop. */
typedef struct {
  gint done, total;
  gint idle_pending;
  GCancellable *cancellable;
  GWeakRef builder;
  guint generation;
} LoadState;

struct _MwTaskBuilder
{
  GtkBox parent_instance;

  MwPreprocess model;        /* how the model's images were made: loads follow it */
  MwInvertChoice invert;
  char *warning;             /* the last load's preprocessing warning, or NULL */
  gboolean fix_inverts;      /* what the warning's button sets: invert yes (or no) */
  GFile *folder;
  MwDataset *dataset;
  MwHandTask *task;
  guint64 sample_seed;

  LoadState *load;           /* the load in progress, or NULL */
  guint generation;
  GtkNativeDialog *chooser;
  MwHandTask *pending_task;  /* chosen from a task file: shown once its folder has loaded */
  gboolean pending_is_kept;  /* ...or the task being built, kept over a reload for a new model */

  GtkLabel *folder_label;
  GtkDropDown *invert_drop;
  GtkWidget *warning_box, *fix_button;
  GtkLabel *warning_label;
  GtkLabel *status_label;
  GtkProgressBar *progress;
  GtkWidget *cancel_button;
  GtkSpinButton *shots_spin;
  GtkSpinButton *queries_spin;
  GtkWidget *sample_button, *save_button, *adapt_button, *train_button;
  MwTaskClassList *class_list;
  GtkExpander *skipped_expander;
  GtkLabel *skipped_label;
  GtkPaned *results_paned;   /* the images above, the predictions below */
  MwEpisodeView *episode_view;
  GtkLabel *result_label;
  MwTaskFileChooser *file_chooser;
  GtkToggleButton *photos_toggle;
  GtkStack *images_stack;    /* the class list, or the camera (Take Photos) */
  MwCameraPanel *camera_panel;
  guint photos_saving;       /* photos being written by worker threads */
  GCancellable *photos_cancellable;  /* cancelled when the builder goes */
};

/* mw-task-builder.c */
void mw_task_builder_set_status         (MwTaskBuilder *self,
                                         const char    *text,
                                         gboolean       error);
void mw_task_builder_update_sensitivity (MwTaskBuilder *self);
/* Shows a dataset just loaded: its classes, what was skipped, the counts. */
void mw_task_builder_show_dataset       (MwTaskBuilder *self);
/* Shows the task chosen from a task file once its folder is loaded. */
void mw_task_builder_show_pending_task  (MwTaskBuilder *self);
void mw_task_builder_notify_loading     (MwTaskBuilder *self);

/* mw-task-builder-load.c */
void mw_task_builder_cancel_load        (MwTaskBuilder *self);
/* Loads the folder again, as the model or the invert choice now say. */
void mw_task_builder_reload             (MwTaskBuilder *self);

/* mw-task-builder-camera.c */
void mw_task_builder_camera_init        (MwTaskBuilder *self);
/* Photos still being written are not added to a builder that has gone. */
void mw_task_builder_camera_dispose     (MwTaskBuilder *self);
/* Shows the task's classes and their photos in the camera panel. */
void mw_task_builder_camera_sync        (MwTaskBuilder *self);

G_END_DECLS
