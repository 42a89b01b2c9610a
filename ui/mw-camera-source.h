/* mw-camera-source.h: a camera's pictures, as square frames on the main loop.
 *
 * The camera is GStreamer's: the first video source a GstDeviceMonitor finds
 * (v4l2 or PipeWire), or, when the environment variable MW_CAMERA_PIPELINE is
 * set, the source that gst-launch description makes (tests use
 * "videotestsrc is-live=true pattern=ball").  Its frames are converted to RGB,
 * scaled to MW_CAMERA_FRAME_SIZE pixels high and cut to the centre square, the
 * part a task's images keep, so the preview shows exactly what a photo saves.
 *
 * Nothing here blocks the main loop: finding the camera and starting or
 * stopping the pipeline run in worker threads, the bus is watched on the main
 * loop, and the appsink's streaming thread keeps only the latest frame and
 * queues at most one update.  A camera that is missing, busy or fails later,
 * or a build without GStreamer, gives the state MW_CAMERA_FAILED and a message
 * saying why ("state" and "texture" are notified).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The side of the square frames (pixels), and so of the photos saved. */
#define MW_CAMERA_FRAME_SIZE 256

typedef enum {
  MW_CAMERA_STOPPED,
  MW_CAMERA_STARTING,   /* the pipeline starts: no frame yet */
  MW_CAMERA_PLAYING,    /* frames arrive */
  MW_CAMERA_FAILED,     /* see mw_camera_source_get_message () */
} MwCameraState;

#define MW_TYPE_CAMERA_SOURCE (mw_camera_source_get_type ())
G_DECLARE_FINAL_TYPE (MwCameraSource, mw_camera_source, MW, CAMERA_SOURCE, GObject)

MwCameraSource *mw_camera_source_new           (void);

/* Whether this build can use a camera at all (built with GStreamer). */
gboolean        mw_camera_source_is_supported  (void);

/* Starts the camera (nothing when it is starting or playing). */
void            mw_camera_source_start         (MwCameraSource *self);
/* Stops it: frames stop at once, the device is released in a worker thread. */
void            mw_camera_source_stop          (MwCameraSource *self);
MwCameraState   mw_camera_source_get_state     (MwCameraSource *self);
/* Returns: (transfer none) (nullable): why the camera failed, for people. */
const char     *mw_camera_source_get_message   (MwCameraSource *self);
/* Returns: (transfer none) (nullable): the latest frame. */
GdkTexture     *mw_camera_source_get_texture   (MwCameraSource *self);
/* Frames shown since the camera started. */
guint           mw_camera_source_get_n_frames  (MwCameraSource *self);
/* Returns: (transfer full) (nullable): the latest frame as rows of RGB bytes,
 * @side × @side, no padding; NULL before the first frame. */
GBytes         *mw_camera_source_dup_frame     (MwCameraSource *self,
                                                int            *side);
/* How many pipelines of this process still hold a device (or are being
 * stopped): 0 once every camera is released. */
guint           mw_camera_source_count_pipelines (void);

G_END_DECLS
