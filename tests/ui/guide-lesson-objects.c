/* guide-lesson-objects.c: the screenshots of the guide's lesson 5, "five objects in
 * five minutes", in the real window.
 *
 * No webcam on a test machine: GStreamer's test source is the camera
 * (MW_CAMERA_PIPELINE), one moving pattern for each of the five "objects", so that
 * no two photos of a class are the same picture.  Each class gets its photos by the
 * Capture action, as the button or the space bar takes them; then Train New Model,
 * and the predictions.  Saves lesson5-camera.png and lesson5-predictions.png.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "guide-lesson-objects.h"
#include "ui-test-util.h"

#include "mw-camera-panel.h"
#include "mw-camera-source.h"
#include "mw-episode-view.h"
#include "mw-inspect-page.h"
#include "mw-inspection.h"
#include "mw-task-builder.h"

/* The lesson's numbers: the docs quote them, keep them in step. */
#define LESSON5_PHOTOS_PER_CLASS 6
#define LESSON5_SHOTS 1
#define WAIT_TIMEOUT_SECONDS 600

/* The five "objects": a pattern each, moving (horizontal-speed scrolls it) so that
 * every photo differs from the last, as a hand-held object does. */
static const struct {
  const char *name;
  const char *pipeline;
} objects[] = {
  { "checkers", "videotestsrc is-live=true pattern=checkers-8 horizontal-speed=3" },
  { "ball",     "videotestsrc is-live=true pattern=ball" },
  { "bars",     "videotestsrc is-live=true pattern=smpte horizontal-speed=7" },
  { "pinwheel", "videotestsrc is-live=true pattern=pinwheel horizontal-speed=5" },
  { "circles",  "videotestsrc is-live=true pattern=circular horizontal-speed=4" },
};

static gboolean
builder_idle (gpointer builder)
{
  return !mw_task_builder_get_loading (builder) && mw_task_builder_get_photos_saving (builder) == 0;
}

static gboolean
cameras_released (gpointer data)
{
  return mw_camera_source_count_pipelines () == 0;
}

static gboolean
camera_settled (gpointer source)
{
  MwCameraState state = mw_camera_source_get_state (source);

  return state == MW_CAMERA_FAILED || state == MW_CAMERA_PLAYING;
}

typedef struct {
  MwCameraSource *source;
  guint n_frames;
} FrameWait;

static gboolean
new_frames (gpointer data)
{
  FrameWait *wait = data;

  return mw_camera_source_get_n_frames (wait->source) >= wait->n_frames;
}

static guint
photos_of (MwTaskBuilder *builder,
           const char    *class_name)
{
  MwHandTask *task = mw_task_builder_get_task (builder);

  for (guint i = 0; task != NULL && i < task->classes->len; i++)
    {
      MwHandClass *cls = task->classes->pdata[i];

      if (g_str_equal (cls->name, class_name))
        return cls->support->len + cls->query->len;
    }
  return 0;
}

typedef struct {
  MwTaskBuilder *builder;
  const char *class_name;
  guint photos;
} PhotoWait;

static gboolean
photo_saved (gpointer data)
{
  PhotoWait *wait = data;

  return builder_idle (wait->builder) && photos_of (wait->builder, wait->class_name) >= wait->photos;
}

typedef struct {
  MwEpisodeView *view;
  gpointer before;   /* the result shown before Train New Model (a reference), or NULL */
} NewResult;

static gboolean
new_result (gpointer data)
{
  NewResult *w = data;
  MwEpisodeInspection *now = mw_episode_view_get_inspection (w->view);

  return now != NULL && (gpointer) now != w->before;
}

/* The camera showing @pipeline: the mode off and on again with it as
 * MW_CAMERA_PIPELINE (read when the camera starts), as a teacher would unplug one
 * camera and plug in another. */
static MwCameraSource *
show_camera (MwTaskBuilder *builder,
             const char    *pipeline)
{
  MwCameraSource *source = mw_camera_panel_get_source (mw_task_builder_get_camera_panel (builder));

  mw_task_builder_set_taking_photos (builder, FALSE);
  mw_test_wait_until (cameras_released, NULL, WAIT_TIMEOUT_SECONDS, "the camera released");
  g_setenv ("MW_CAMERA_PIPELINE", pipeline, TRUE);
  mw_task_builder_set_taking_photos (builder, TRUE);
  mw_test_wait_until (camera_settled, source, WAIT_TIMEOUT_SECONDS, "the camera to start");
  if (mw_camera_source_get_state (source) != MW_CAMERA_PLAYING)
    g_error ("the camera %s did not start: %s", pipeline, mw_camera_source_get_message (source));
  return source;
}

/* @n photos of @class_name, a few frames apart. */
static void
take_photos (MwTaskBuilder  *builder,
             MwCameraSource *source,
             const char     *class_name,
             int             n)
{
  MwCameraPanel *panel = mw_task_builder_get_camera_panel (builder);

  mw_camera_panel_set_class_name (panel, class_name);
  for (int i = 0; i < n; i++)
    {
      FrameWait frames = { source, mw_camera_source_get_n_frames (source) + 4 };
      PhotoWait saved = { builder, class_name, photos_of (builder, class_name) + 1 };

      mw_test_wait_until (new_frames, &frames, WAIT_TIMEOUT_SECONDS, "new frames");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "camera.capture", NULL));
      mw_test_wait_until (photo_saved, &saved, WAIT_TIMEOUT_SECONDS, "a photo saved and loaded");
    }
  g_print ("# lesson 5: %s\n", mw_camera_panel_get_count_text (panel, class_name));
}

void
guide_lesson_objects (GtkWindow     *window,
                      MwInspectPage *page)
{
  MwTaskBuilder *builder = mw_inspect_page_get_task_builder (page);
  MwEpisodeView *view = mw_task_builder_get_episode_view (builder);
  g_autofree char *photos = NULL;
  g_autoptr(GFile) folder = NULL;
  MwEpisodeInspection *shown;
  MwEpisodeInspection *r;
  NewResult result = { view, NULL };
  gint64 start;
  int last, right = 0;

  if (!mw_camera_source_is_supported ())
    {
      g_test_skip ("built without GStreamer: no camera");
      return;
    }
  photos = g_dir_make_tmp ("mw-five-objects-XXXXXX", NULL);
  g_assert_nonnull (photos);
  folder = g_file_new_for_path (photos);
  /* Taller: the camera and the classes above, the predictions below. */
  gtk_window_set_default_size (window, 1320, 1150);
  mw_inspect_page_show_page (page, "task");
  mw_task_builder_open_folder (builder, folder);
  mw_test_wait_until (builder_idle, builder, WAIT_TIMEOUT_SECONDS, "the empty folder");

  start = g_get_monotonic_time ();
  for (guint c = 0; c < G_N_ELEMENTS (objects); c++)
    {
      MwCameraSource *source = show_camera (builder, objects[c].pipeline);

      take_photos (builder, source, objects[c].name, LESSON5_PHOTOS_PER_CLASS);
      if (c == 2)   /* the colour bars in the preview, three classes in the list */
        {
          mw_test_spin_main_loop (300);
          mw_test_wait_for_frames (GTK_WIDGET (window));
          mw_test_save_screenshot (GTK_WIDGET (window), "lesson5-camera");
        }
    }
  g_print ("# lesson 5: %u photos of %u classes taken in %.1f s\n",
           (guint) G_N_ELEMENTS (objects) * LESSON5_PHOTOS_PER_CLASS, (guint) G_N_ELEMENTS (objects),
           (g_get_monotonic_time () - start) / 1e6);

  shown = mw_episode_view_get_inspection (view);
  result.before = shown != NULL ? mw_inspection_ref (shown) : NULL;
  start = g_get_monotonic_time ();
  g_signal_emit_by_name (builder, "train-requested");
  mw_test_wait_until (new_result, &result, WAIT_TIMEOUT_SECONDS, "the new model's predictions");
  g_clear_pointer (&result.before, mw_inspection_unref);
  r = mw_episode_view_get_inspection (view);
  g_assert_cmpint (r->ways, ==, G_N_ELEMENTS (objects));
  g_assert_cmpint (r->n_query, ==, G_N_ELEMENTS (objects) * (LESSON5_PHOTOS_PER_CLASS - LESSON5_SHOTS));
  last = mw_episode_trace_last_step (&r->trace);
  for (int q = 0; q < r->n_query; q++)
    right += r->trace.predicted[last][q] == r->trace.query_labels[q];
  g_print ("# lesson 5: Train New Model took %.1f s; %d of %d query photos right, %d-way %d-shot\n",
           (g_get_monotonic_time () - start) / 1e6, right, r->n_query, r->ways, LESSON5_SHOTS);

  mw_test_wait_for_animations (GTK_WIDGET (window));
  mw_test_spin_main_loop (300);
  mw_test_wait_for_frames (GTK_WIDGET (window));
  mw_test_save_screenshot (GTK_WIDGET (window), "lesson5-predictions");
  mw_task_builder_set_taking_photos (builder, FALSE);
  mw_test_wait_until (cameras_released, NULL, WAIT_TIMEOUT_SECONDS, "the camera released");
  g_unsetenv ("MW_CAMERA_PIPELINE");

  gtk_window_set_default_size (window, 1320, 900);
  mw_test_remove_tree (photos);
}
