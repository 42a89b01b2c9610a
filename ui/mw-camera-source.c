/* mw-camera-source.c: the camera's GStreamer pipeline, its frames handed to the
 * main loop. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "mw-camera-source.h"

#ifdef MW_HAVE_CAMERA
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#endif

/* A camera that has sent nothing this long after starting is not going to. */
#define FIRST_FRAME_TIMEOUT_S 10

/* What follows the source: RGB, FRAME_SIZE high, square pixels; the appsink keeps
 * only the newest frame, so a slow main loop drops frames instead of queueing them. */
#define TAIL_DESCRIPTION "videoconvert ! videoscale ! video/x-raw,format=RGB,height=%d,pixel-aspect-ratio=1/1 ! " \
                         "appsink name=mw-camera-sink max-buffers=1 drop=true"

enum {
  PROP_0,
  PROP_STATE,
  PROP_TEXTURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gint n_pipelines;   /* atomic: pipelines created and not yet set to NULL */

/* Shared by the streaming thread and the frame updates queued on the main loop. */
typedef struct {
  GMutex lock;
  GBytes *latest;          /* under lock: side × side RGB */
  int side;                /* under lock */
  gint idle_pending;
  GWeakRef owner;          /* the MwCameraSource, while this is its pipeline's */
} Shared;

struct _MwCameraSource
{
  GObject parent_instance;

  MwCameraState state;
  char *message;
  GdkTexture *texture;
  GBytes *frame;           /* the texture's pixels: what a photo saves */
  int frame_side;
  guint n_frames;
  guint generation;        /* each start and stop: a start's late result is dropped */
  Shared *shared;          /* the running pipeline's, or NULL */
  gpointer pipeline;       /* GstElement *, or NULL */
  guint bus_watch;
  guint timeout_id;
};

G_DEFINE_FINAL_TYPE (MwCameraSource, mw_camera_source, G_TYPE_OBJECT)

static void
set_state (MwCameraSource *self,
           MwCameraState   state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_texture (MwCameraSource *self,
             GdkTexture     *texture)
{
  if (texture == NULL)
    g_clear_pointer (&self->frame, g_bytes_unref);
  if (g_set_object (&self->texture, texture))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXTURE]);
}

gboolean
mw_camera_source_is_supported (void)
{
#ifdef MW_HAVE_CAMERA
  return TRUE;
#else
  return FALSE;
#endif
}

guint
mw_camera_source_count_pipelines (void)
{
  return (guint) g_atomic_int_get (&n_pipelines);
}

#ifdef MW_HAVE_CAMERA

static void
shared_clear (gpointer data)
{
  Shared *shared = data;

  g_clear_pointer (&shared->latest, g_bytes_unref);
  g_mutex_clear (&shared->lock);
  g_weak_ref_clear (&shared->owner);
}

static void
shared_unref (gpointer shared)
{
  g_atomic_rc_box_release_full (shared, shared_clear);
}

/* --- the streaming thread ------------------------------------------------- */

/* Main loop: the newest frame becomes the texture. */
static gboolean
frame_idle (gpointer data)
{
  Shared *shared = data;
  g_autoptr(MwCameraSource) self = g_weak_ref_get (&shared->owner);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int side;

  g_atomic_int_set (&shared->idle_pending, 0);
  if (self == NULL || self->shared != shared)
    return G_SOURCE_REMOVE;
  g_mutex_lock (&shared->lock);
  bytes = shared->latest != NULL ? g_bytes_ref (shared->latest) : NULL;
  side = shared->side;
  g_mutex_unlock (&shared->lock);
  if (bytes == NULL)
    return G_SOURCE_REMOVE;

  texture = gdk_memory_texture_new (side, side, GDK_MEMORY_R8G8B8, bytes, (gsize) side * 3);
  g_clear_pointer (&self->frame, g_bytes_unref);
  self->frame = g_steal_pointer (&bytes);
  self->frame_side = side;
  self->n_frames++;
  set_texture (self, texture);
  if (self->state == MW_CAMERA_STARTING)
    {
      g_clear_handle_id (&self->timeout_id, g_source_remove);
      set_state (self, MW_CAMERA_PLAYING);
    }
  return G_SOURCE_REMOVE;
}

/* Streaming thread: the centre square of the frame, kept as the newest. */
static GstFlowReturn
new_sample_cb (GstAppSink *sink,
               gpointer    data)
{
  Shared *shared = data;
  GstSample *sample = gst_app_sink_pull_sample (sink);
  GstVideoInfo info;
  GstVideoFrame frame;

  if (sample == NULL)
    return GST_FLOW_OK;
  if (gst_video_info_from_caps (&info, gst_sample_get_caps (sample))
      && GST_VIDEO_INFO_FORMAT (&info) == GST_VIDEO_FORMAT_RGB
      && gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    {
      int width = GST_VIDEO_FRAME_WIDTH (&frame), height = GST_VIDEO_FRAME_HEIGHT (&frame);
      int side = MIN (MIN (width, height), MW_CAMERA_FRAME_SIZE);
      int x0 = (width - side) / 2, y0 = (height - side) / 2;
      int stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);
      const guint8 *src = GST_VIDEO_FRAME_PLANE_DATA (&frame, 0);

      if (side > 0)
        {
          guint8 *pixels = g_malloc ((gsize) side * side * 3);
          GBytes *old;

          for (int y = 0; y < side; y++)
            memcpy (pixels + (gsize) y * side * 3, src + (gsize) (y0 + y) * stride + (gsize) x0 * 3, (gsize) side * 3);
          g_mutex_lock (&shared->lock);
          old = shared->latest;
          shared->latest = g_bytes_new_take (pixels, (gsize) side * side * 3);
          shared->side = side;
          g_mutex_unlock (&shared->lock);
          g_clear_pointer (&old, g_bytes_unref);
          if (g_atomic_int_compare_and_exchange (&shared->idle_pending, 0, 1))
            g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, frame_idle, g_atomic_rc_box_acquire (shared), shared_unref);
        }
      gst_video_frame_unmap (&frame);
    }
  gst_sample_unref (sample);
  return GST_FLOW_OK;
}

/* --- starting and stopping, in worker threads ------------------------------ */

typedef struct {
  char *description;       /* MW_CAMERA_PIPELINE, or NULL: the first camera found */
  Shared *shared;
} StartJob;

static void
start_job_free (gpointer data)
{
  StartJob *job = data;

  g_free (job->description);
  g_clear_pointer (&job->shared, shared_unref);
  g_free (job);
}

static void
stop_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GstElement *pipeline = data;

  /* Closing a device can take a moment: not on the main loop. */
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);
  g_atomic_int_add (&n_pipelines, -1);
}

static void
stop_pipeline_in_thread (GstElement *pipeline)
{
  GTask *task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_task_data (task, pipeline, NULL);
  g_task_run_in_thread (task, stop_thread);
  g_object_unref (task);
}

/* The first video source the device monitor finds (v4l2, PipeWire). */
static GstElement *
find_camera (GError **error)
{
  GstDeviceMonitor *monitor = gst_device_monitor_new ();
  GList *devices;
  GstElement *element = NULL;

  gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
  devices = gst_device_monitor_get_devices (monitor);
  if (devices != NULL)
    element = gst_device_create_element (devices->data, NULL);
  if (element == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                         _("No camera found. Connect one, or close the program that is using it, "
                           "then choose Take Photos again."));
  g_list_free_full (devices, gst_object_unref);
  gst_object_unref (monitor);
  return element;
}

/* The error the pipeline posted, or a generic one. */
static void
take_bus_error (GstElement *pipeline,
                GError    **error)
{
  GstBus *bus = gst_element_get_bus (pipeline);
  GstMessage *message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

  if (message != NULL)
    {
      GError *gst_error = NULL;

      gst_message_parse_error (message, &gst_error, NULL);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The camera could not start: %s"), gst_error->message);
      g_error_free (gst_error);
      gst_message_unref (message);
    }
  else
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The camera could not start."));
  gst_object_unref (bus);
}

static void
start_thread (GTask        *task,
              gpointer      source_object,
              gpointer      data,
              GCancellable *cancellable)
{
  StartJob *job = data;
  GError *error = NULL;
  g_autofree char *tail_description = g_strdup_printf (TAIL_DESCRIPTION, MW_CAMERA_FRAME_SIZE);
  GstElement *source, *tail, *pipeline, *sink;
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample_cb };

  if (job->description != NULL)
    {
      /* A bin may come back with an error (a missing element linked around): refused too. */
      source = gst_parse_bin_from_description (job->description, TRUE, &error);
      if (source != NULL && error != NULL)
        gst_object_unref (gst_object_ref_sink (g_steal_pointer (&source)));
      if (source == NULL)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                                   _("The camera pipeline MW_CAMERA_PIPELINE=“%s” is not valid: %s"),
                                   job->description, error != NULL ? error->message : "");
          g_clear_error (&error);
          return;
        }
    }
  else if ((source = find_camera (&error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  tail = gst_parse_bin_from_description (tail_description, TRUE, &error);
  if (tail != NULL && error != NULL)
    gst_object_unref (gst_object_ref_sink (g_steal_pointer (&tail)));
  if (tail == NULL)
    {
      /* videoconvert, videoscale and appsink are GStreamer's base plugins. */
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("The camera needs GStreamer's base plugins (Debian: gstreamer1.0-plugins-base): %s"),
                               error != NULL ? error->message : "");
      g_clear_error (&error);
      gst_object_unref (gst_object_ref_sink (source));
      return;
    }

  pipeline = gst_pipeline_new ("mw-camera");
  g_atomic_int_inc (&n_pipelines);
  gst_bin_add_many (GST_BIN (pipeline), source, tail, NULL);
  if (!gst_element_link (source, tail))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s",
                               _("The camera’s pictures cannot be converted for the preview."));
      stop_thread (NULL, NULL, pipeline, NULL);
      return;
    }
  sink = gst_bin_get_by_name (GST_BIN (tail), "mw-camera-sink");
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, g_atomic_rc_box_acquire (job->shared), shared_unref);
  gst_object_unref (sink);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      take_bus_error (pipeline, &error);
      g_task_return_error (task, error);
      stop_thread (NULL, NULL, pipeline, NULL);
      return;
    }
  g_task_return_pointer (task, pipeline, NULL);
}

/* --- the main loop's side ---------------------------------------------------- */

static void
release_pipeline (MwCameraSource *self)
{
  g_clear_handle_id (&self->bus_watch, g_source_remove);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->shared != NULL)
    {
      g_weak_ref_set (&self->shared->owner, NULL);
      g_clear_pointer (&self->shared, shared_unref);
    }
  if (self->pipeline != NULL)
    stop_pipeline_in_thread (g_steal_pointer (&self->pipeline));
}

static void
fail (MwCameraSource *self,
      const char     *message)
{
  self->generation++;
  release_pipeline (self);
  g_free (self->message);
  self->message = g_strdup (message);
  set_texture (self, NULL);
  /* Notified even when it was failed already: the message is new. */
  self->state = MW_CAMERA_FAILED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
bus_cb (GstBus     *bus,
        GstMessage *message,
        gpointer    data)
{
  MwCameraSource *self = data;

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      GError *error = NULL;
      g_autofree char *text = NULL;

      gst_message_parse_error (message, &error, NULL);
      text = g_strdup_printf (_("The camera stopped: %s"), error->message);
      g_error_free (error);
      self->bus_watch = 0;   /* removed by returning G_SOURCE_REMOVE */
      fail (self, text);
      return G_SOURCE_REMOVE;
    }
  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_EOS)
    {
      self->bus_watch = 0;
      fail (self, _("The camera stopped sending pictures."));
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
first_frame_timeout_cb (gpointer data)
{
  MwCameraSource *self = data;

  self->timeout_id = 0;
  fail (self, _("The camera sends no pictures. Another program may be using it."));
  return G_SOURCE_REMOVE;
}

static void
start_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      data)
{
  MwCameraSource *self = MW_CAMERA_SOURCE (object);
  guint generation = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  GstElement *pipeline = g_task_propagate_pointer (G_TASK (result), &error);
  GstBus *bus;

  if (generation != self->generation)
    {
      /* Stopped (or failed) while starting. */
      if (pipeline != NULL)
        stop_pipeline_in_thread (pipeline);
      return;
    }
  if (pipeline == NULL)
    {
      fail (self, error->message);
      return;
    }
  self->pipeline = pipeline;
  bus = gst_element_get_bus (pipeline);
  self->bus_watch = gst_bus_add_watch (bus, bus_cb, self);
  gst_object_unref (bus);
  self->timeout_id = g_timeout_add_seconds (FIRST_FRAME_TIMEOUT_S, first_frame_timeout_cb, self);
}

#endif /* MW_HAVE_CAMERA */

void
mw_camera_source_start (MwCameraSource *self)
{
  g_return_if_fail (MW_IS_CAMERA_SOURCE (self));

  if (self->state == MW_CAMERA_STARTING || self->state == MW_CAMERA_PLAYING)
    return;
#ifdef MW_HAVE_CAMERA
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GTask) task = NULL;
    const char *description = g_getenv ("MW_CAMERA_PIPELINE");
    StartJob *job;

    if (!gst_init_check (NULL, NULL, &error))
      {
        g_autofree char *text = g_strdup_printf (_("The camera could not start: %s"), error->message);

        fail (self, text);
        return;
      }
    g_clear_pointer (&self->message, g_free);
    self->n_frames = 0;
    self->generation++;
    self->shared = g_atomic_rc_box_new0 (Shared);
    g_mutex_init (&self->shared->lock);
    g_weak_ref_init (&self->shared->owner, self);
    job = g_new0 (StartJob, 1);
    job->description = description != NULL && description[0] != '\0' ? g_strdup (description) : NULL;
    job->shared = g_atomic_rc_box_acquire (self->shared);
    task = g_task_new (self, NULL, start_done_cb, GUINT_TO_POINTER (self->generation));
    g_task_set_task_data (task, job, start_job_free);
    g_task_run_in_thread (task, start_thread);
    set_state (self, MW_CAMERA_STARTING);
  }
#else
  g_free (self->message);
  self->message = g_strdup (_("This copy of Meta Workbench was built without GStreamer, so it cannot use a camera."));
  set_state (self, MW_CAMERA_FAILED);
#endif
}

void
mw_camera_source_stop (MwCameraSource *self)
{
  g_return_if_fail (MW_IS_CAMERA_SOURCE (self));

  self->generation++;
#ifdef MW_HAVE_CAMERA
  release_pipeline (self);
#endif
  g_clear_pointer (&self->message, g_free);
  set_texture (self, NULL);
  set_state (self, MW_CAMERA_STOPPED);
}

MwCameraState
mw_camera_source_get_state (MwCameraSource *self)
{
  g_return_val_if_fail (MW_IS_CAMERA_SOURCE (self), MW_CAMERA_STOPPED);

  return self->state;
}

const char *
mw_camera_source_get_message (MwCameraSource *self)
{
  g_return_val_if_fail (MW_IS_CAMERA_SOURCE (self), NULL);

  return self->message;
}

GdkTexture *
mw_camera_source_get_texture (MwCameraSource *self)
{
  g_return_val_if_fail (MW_IS_CAMERA_SOURCE (self), NULL);

  return self->texture;
}

guint
mw_camera_source_get_n_frames (MwCameraSource *self)
{
  g_return_val_if_fail (MW_IS_CAMERA_SOURCE (self), 0);

  return self->n_frames;
}

GBytes *
mw_camera_source_dup_frame (MwCameraSource *self,
                            int            *side)
{
  GBytes *bytes = NULL;

  g_return_val_if_fail (MW_IS_CAMERA_SOURCE (self), NULL);
  g_return_val_if_fail (side != NULL, NULL);

  /* The frame shown, not a newer one: the photo is what the teacher saw. */
  *side = self->frame != NULL ? self->frame_side : 0;
  if (self->frame != NULL)
    bytes = g_bytes_ref (self->frame);
  return bytes;
}

/* --- object ------------------------------------------------------------------ */

static void
mw_camera_source_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MwCameraSource *self = MW_CAMERA_SOURCE (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_TEXTURE:
      g_value_set_object (value, self->texture);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_camera_source_dispose (GObject *object)
{
  MwCameraSource *self = MW_CAMERA_SOURCE (object);

  self->generation++;
#ifdef MW_HAVE_CAMERA
  release_pipeline (self);
#endif
  g_clear_object (&self->texture);
  g_clear_pointer (&self->frame, g_bytes_unref);
  G_OBJECT_CLASS (mw_camera_source_parent_class)->dispose (object);
}

static void
mw_camera_source_finalize (GObject *object)
{
  MwCameraSource *self = MW_CAMERA_SOURCE (object);

  g_free (self->message);
  G_OBJECT_CLASS (mw_camera_source_parent_class)->finalize (object);
}

static void
mw_camera_source_class_init (MwCameraSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = mw_camera_source_get_property;
  object_class->dispose = mw_camera_source_dispose;
  object_class->finalize = mw_camera_source_finalize;

  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL, MW_CAMERA_STOPPED, MW_CAMERA_FAILED, MW_CAMERA_STOPPED,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXTURE] =
    g_param_spec_object ("texture", NULL, NULL, GDK_TYPE_TEXTURE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mw_camera_source_init (MwCameraSource *self)
{
  self->state = MW_CAMERA_STOPPED;
}

MwCameraSource *
mw_camera_source_new (void)
{
  return g_object_new (MW_TYPE_CAMERA_SOURCE, NULL);
}
