/* mw-camera-panel.h: the task builder's Take Photos mode: a live preview, the
 * class the photos go to, and how many each class has.
 *
 * The camera (MwCameraSource) runs while the panel is mapped, so it stops when
 * the mode or the page is left.  The action "camera.capture" (the Capture
 * button, and the space bar anywhere in the panel but the class's text field)
 * takes the frame shown and emits ::photo-taken with the class named; the
 * owner saves it and shows the counts with mw_camera_panel_show_classes().
 * Without a camera the preview says why, and capturing is disabled.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-camera-source.h"
#include "mw-core.h"

G_BEGIN_DECLS

#define MW_TYPE_CAMERA_PANEL (mw_camera_panel_get_type ())
G_DECLARE_FINAL_TYPE (MwCameraPanel, mw_camera_panel, MW, CAMERA_PANEL, GtkBox)

GtkWidget      *mw_camera_panel_new            (void);

/* Returns: (transfer none): the camera. */
MwCameraSource *mw_camera_panel_get_source     (MwCameraPanel    *self);
/* The class the next photo goes to, as typed (trimmed); never NULL. */
char           *mw_camera_panel_dup_class_name (MwCameraPanel    *self);
void            mw_camera_panel_set_class_name (MwCameraPanel    *self,
                                                const char       *name);
/* One row per class: those of @task with their photos (support and query),
 * then the folder's other classes (@class_names, @n_classes; may be 0). */
void            mw_camera_panel_show_classes   (MwCameraPanel    *self,
                                                const MwHandTask *task,
                                                char * const     *class_names,
                                                int               n_classes);
/* Returns: (transfer none) (nullable): the count shown beside class @name. */
const char     *mw_camera_panel_get_count_text (MwCameraPanel    *self,
                                                const char       *name);
/* The number of support images per class (K), for the line that says which
 * photos teach and which test. */
void            mw_camera_panel_set_shots      (MwCameraPanel    *self,
                                                int               shots);
/* The line under the Capture button: what the last photo did, or why not. */
void            mw_camera_panel_set_status     (MwCameraPanel    *self,
                                                const char       *text,
                                                gboolean          error);
const char     *mw_camera_panel_get_status     (MwCameraPanel    *self);
/* Returns: (transfer none): what the preview area says instead of a picture
 * ("" while it shows one). */
const char     *mw_camera_panel_get_preview_message (MwCameraPanel *self);

G_END_DECLS
