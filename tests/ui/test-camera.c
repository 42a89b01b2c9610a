/* test-camera.c: the task builder's Take Photos mode in the real window at
 * 1024×700, under Xvfb, with GStreamer's test source as the camera
 * (MW_CAMERA_PIPELINE).
 *
 * The computer's own camera (a test machine has none) and cameras that cannot start
 * (a device that does not exist, pipelines that do not parse) are said to be so in
 * the preview, and nothing is saved.  Then two classes are photographed from two
 * test patterns ("bars", SMPTE colour bars, and "snow", noise that changes every
 * frame): five photos each, by the Capture action and by the space bar's binding.
 * The JPEG files are checked in the task folder (they decode at the frame's size,
 * and the two classes differ), the manifest lists each as support (the first K = 1)
 * or query, the counts are shown; a quick ProtoNet is trained and adapted on the
 * task and must get most of the held-out photos right.  The window stays within
 * 1024 px throughout.  Screenshots camera-no-device*.png, camera-preview*.png and
 * camera-predictions*.png go to MW_ARTIFACT_DIR.  A build without GStreamer
 * (-Dcamera=disabled) checks instead that the mode says so (camera-unsupported*.png).
 */

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"

#include "mw-core.h"
#include "mw-image-decode.h"
#include "mw-inspect-controller.h"
#include "mw-inspect-page.h"
#include "mw-window.h"

#define WAIT_TIMEOUT_SECONDS 120
#define SCREEN_WIDTH 1024
#define SCREEN_HEIGHT 700
#define PHOTOS_PER_CLASS 5

static char *root;
static GtkApplication *app;
static MwWindow *window;
static MwInspectPage *page;
static MwInspectController *controller;

/* --- waiting ------------------------------------------------------------------- */

static gboolean
controller_idle (gpointer data)
{
  return mw_inspect_controller_get_pending (data) == 0;
}

static gboolean
camera_settled (gpointer data)
{
  MwCameraState state = mw_camera_source_get_state (data);

  return state == MW_CAMERA_FAILED || state == MW_CAMERA_PLAYING;
}

static gboolean
cameras_released (gpointer data)
{
  return mw_camera_source_count_pipelines () == 0;
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

typedef struct {
  MwTaskBuilder *builder;
  const char *class_name;
  guint photos;
} PhotoWait;

static guint
photos_in_task (MwTaskBuilder *builder,
                const char    *class_name)
{
  MwHandTask *task = mw_task_builder_get_task (builder);

  for (guint i = 0; i < task->classes->len; i++)
    {
      MwHandClass *cls = task->classes->pdata[i];

      if (g_str_equal (cls->name, class_name))
        return cls->support->len + cls->query->len;
    }
  return 0;
}

/* The photo written, in the task, and the folder loaded again with it. */
static gboolean
photo_saved (gpointer data)
{
  PhotoWait *wait = data;

  return mw_task_builder_get_photos_saving (wait->builder) == 0 && !mw_task_builder_get_loading (wait->builder)
         && photos_in_task (wait->builder, wait->class_name) >= wait->photos;
}

/* --- the window ------------------------------------------------------------------ */

static void
open_window (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  app = gtk_application_new ("io.github.metaworkbench.MetaWorkbench.CameraTest", G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  gtk_css_provider_load_from_resource (css, "/io/github/metaworkbench/MetaWorkbench/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  window = mw_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), SCREEN_WIDTH, SCREEN_HEIGHT);
  page = MW_INSPECT_PAGE (mw_inspect_page_new ());
  mw_window_set_inspect_page (window, GTK_WIDGET (page));
  controller = mw_inspect_controller_new (page);
  mw_window_set_content_page (window, MW_WINDOW_PAGE_CHART);
  mw_window_set_view (window, "inspect");
  gtk_window_present (GTK_WINDOW (window));
  mw_inspect_page_show_page (page, "task");
}

static void
close_window (void)
{
  g_clear_object (&controller);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
}

/* The window showing the task builder, in either mode, fits a 1024-pixel screen (as
 * test-narrow-window measures it: the window's minimum and natural widths), and the
 * builder is not given more width than its page has, which would cut off its sides:
 * a parent allocates a child the width it needs for the height it gets, and lines that
 * wrap need more width when given less height. */
static void
check_window_width (const char *when)
{
  GtkWidget *builder = GTK_WIDGET (mw_inspect_page_get_task_builder (page));
  graphene_rect_t bounds;
  int minimum, natural;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_true (gtk_widget_compute_bounds (builder, GTK_WIDGET (window), &bounds));
  g_test_message ("the window %s: %d px wide, %d at least, %d natural; the task builder %d px wide, in its page's %d, "
                  "from x = %.0f to %.0f", when, gtk_widget_get_width (GTK_WIDGET (window)), minimum, natural,
                  gtk_widget_get_width (builder),
                  gtk_widget_get_width (gtk_widget_get_parent (builder)), bounds.origin.x,
                  bounds.origin.x + bounds.size.width);
  g_assert_cmpint (minimum, <=, SCREEN_WIDTH);
  g_assert_cmpint (natural, <=, SCREEN_WIDTH);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), <=, SCREEN_WIDTH);
  g_assert_cmpint (gtk_widget_get_width (builder), <=, gtk_widget_get_width (gtk_widget_get_parent (builder)));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, gtk_widget_get_width (GTK_WIDGET (window)));
}

/* Starts the camera (the mode shown) with @pipeline as MW_CAMERA_PIPELINE (NULL: the
 * computer's own camera), and waits until it plays or fails.  The variable is set
 * while no camera runs. */
static MwCameraSource *
start_camera (MwTaskBuilder *builder,
              const char    *pipeline)
{
  MwCameraSource *source = mw_camera_panel_get_source (mw_task_builder_get_camera_panel (builder));

  mw_task_builder_set_taking_photos (builder, FALSE);
  mw_test_wait_until (cameras_released, NULL, WAIT_TIMEOUT_SECONDS, "the camera released");
  if (pipeline != NULL)
    g_setenv ("MW_CAMERA_PIPELINE", pipeline, TRUE);
  else
    g_unsetenv ("MW_CAMERA_PIPELINE");
  mw_task_builder_set_taking_photos (builder, TRUE);
  g_assert_true (mw_task_builder_get_taking_photos (builder));
  mw_test_wait_until (camera_settled, source, WAIT_TIMEOUT_SECONDS, "the camera to start or fail");
  return source;
}

/* The space bar's binding on the panel: the action it runs, run as the key would. */
static void
press_space (MwCameraPanel *panel)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (panel));
  gboolean found = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && !found; i++)
    {
      g_autoptr(GObject) controller_i = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller_i))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller_i)) && !found; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller_i), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == GDK_KEY_space
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == 0)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, GTK_WIDGET (panel),
                                                           gtk_shortcut_get_arguments (shortcut)));
              found = TRUE;
            }
        }
    }
  g_assert_true (found);
}

/* Takes @n photos of @class_name, each of a new frame, alternating the button's action
 * and the space bar. */
static void
take_photos (MwTaskBuilder *builder,
             const char    *class_name,
             int            n)
{
  MwCameraPanel *panel = mw_task_builder_get_camera_panel (builder);
  MwCameraSource *source = mw_camera_panel_get_source (panel);

  mw_camera_panel_set_class_name (panel, class_name);
  for (int i = 0; i < n; i++)
    {
      FrameWait frames = { source, mw_camera_source_get_n_frames (source) + 3 };
      PhotoWait saved = { builder, class_name, photos_in_task (builder, class_name) + 1 };

      /* A few frames apart: the snow has changed. */
      mw_test_wait_until (new_frames, &frames, WAIT_TIMEOUT_SECONDS, "new frames");
      if (i % 2 == 0)
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "camera.capture", NULL));
      else
        press_space (panel);
      mw_test_wait_until (photo_saved, &saved, WAIT_TIMEOUT_SECONDS, "a photo saved and loaded");
      g_test_message ("%s: %s", class_name, mw_camera_panel_get_status (panel));
    }
}

#define FRAME_VALUES (MW_CAMERA_FRAME_SIZE * MW_CAMERA_FRAME_SIZE * 3)

/* The mean of a class's photos, pixel by pixel in [0, 1] (FRAME_VALUES, g_free),
 * decoded by the loader's own decoder; each must be a MW_CAMERA_FRAME_SIZE square. */
static double *
check_class_files (const char *folder,
                   const char *class_name,
                   int         n)
{
  g_autofree char *dir = g_build_filename (folder, class_name, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  double *mean = g_new0 (double, FRAME_VALUES);
  const char *name;
  int files = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      MwImage image;

      g_assert_true (g_str_has_prefix (name, "photo-") && g_str_has_suffix (name, ".jpg"));
      g_assert_true (mw_image_decode_file (path, 3, &image, &error));
      g_assert_no_error (error);
      g_assert_cmpint (image.width, ==, MW_CAMERA_FRAME_SIZE);
      g_assert_cmpint (image.height, ==, MW_CAMERA_FRAME_SIZE);
      for (int i = 0; i < FRAME_VALUES; i++)
        mean[i] += image.pixels[i] / 255.0 / n;
      files++;
      mw_image_clear (&image);
    }
  g_assert_cmpint (files, ==, n);
  return mean;
}

/* Mean absolute difference of two images in [0, 1]. */
static double
image_distance (const double *a,
                const double *b)
{
  double sum = 0;

  for (int i = 0; i < FRAME_VALUES; i++)
    sum += fabs (a[i] - b[i]);
  return sum / FRAME_VALUES;
}

/* The first widget of @type under @widget whose button label is @label (any, if NULL). */
static GtkWidget *
find_type (GtkWidget  *widget,
           GType       type,
           const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type)
      && (label == NULL || (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* --- the tests ----------------------------------------------------------------------- */

static void
test_no_camera (void)
{
  MwTaskBuilder *builder = mw_inspect_page_get_task_builder (page);
  MwCameraPanel *panel = mw_task_builder_get_camera_panel (builder);
  MwCameraSource *source;
  const char *message;

  /* Take Photos is a toggle button with Alt+P, as the shortcuts window says. */
  {
    GtkWidget *toggle = find_type (GTK_WIDGET (builder), GTK_TYPE_TOGGLE_BUTTON, _("Take _Photos"));
    GtkWidget *label;

    g_assert_nonnull (toggle);
    label = find_type (toggle, GTK_TYPE_LABEL, NULL);
    g_assert_nonnull (label);
    g_assert_cmpuint (gdk_keyval_to_lower (gtk_label_get_mnemonic_keyval (GTK_LABEL (label))), ==, GDK_KEY_p);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
    g_assert_true (mw_task_builder_get_taking_photos (builder));
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
    g_assert_false (mw_task_builder_get_taking_photos (builder));
  }

  /* A device that is not there. */
  source = start_camera (builder, "v4l2src device=/dev/mw-no-such-camera");
  g_assert_cmpint (mw_camera_source_get_state (source), ==, MW_CAMERA_FAILED);
  message = mw_camera_panel_get_preview_message (panel);
  g_test_message ("no device: %s", message);
  g_assert_cmpstr (message, ==, mw_camera_source_get_message (source));
  g_assert_cmpuint (strlen (message), >, 10);
  g_assert_null (mw_camera_source_get_texture (source));

  /* Capturing does nothing: no photo, no folder. */
  mw_camera_panel_set_class_name (panel, "nothing");
  gtk_widget_activate_action (GTK_WIDGET (panel), "camera.capture", NULL);
  mw_test_spin_main_loop (200);
  g_assert_cmpuint (mw_task_builder_get_photos_saving (builder), ==, 0);
  g_assert_cmpuint (mw_task_builder_get_task (builder)->classes->len, ==, 0);

  mw_test_wait_for_frames (GTK_WIDGET (window));
  check_window_width ("without a camera");
  mw_test_save_screenshot (GTK_WIDGET (window), "camera-no-device");

  /* The computer's own camera: a test machine has none, and says so; one that has a
   * camera shows it.  Either way the mode settles, without hanging. */
  source = start_camera (builder, NULL);
  g_test_message ("the computer's camera: %s", mw_camera_source_get_state (source) == MW_CAMERA_PLAYING
                                                 ? "playing" : mw_camera_source_get_message (source));
  if (mw_camera_source_get_state (source) == MW_CAMERA_FAILED)
    g_assert_cmpstr (mw_camera_panel_get_preview_message (panel), ==, mw_camera_source_get_message (source));

  /* A pipeline that does not parse names the setting. */
  source = start_camera (builder, "mw-no-such-element");
  g_assert_cmpint (mw_camera_source_get_state (source), ==, MW_CAMERA_FAILED);
  g_test_message ("bad pipeline: %s", mw_camera_source_get_message (source));
  g_assert_nonnull (strstr (mw_camera_source_get_message (source), "MW_CAMERA_PIPELINE"));
  /* ...and so does one GStreamer builds around a missing element. */
  source = start_camera (builder, "videotestsrc ! mw-no-such-element");
  g_assert_cmpint (mw_camera_source_get_state (source), ==, MW_CAMERA_FAILED);
  g_test_message ("a missing element: %s", mw_camera_source_get_message (source));
  g_assert_nonnull (strstr (mw_camera_source_get_message (source), "mw-no-such-element"));

  mw_task_builder_set_taking_photos (builder, FALSE);
  mw_test_wait_until (cameras_released, NULL, WAIT_TIMEOUT_SECONDS, "the camera released");
  mw_camera_panel_set_class_name (panel, "");
}

static void
test_two_classes (void)
{
  MwTaskBuilder *builder = mw_inspect_page_get_task_builder (page);
  MwCameraPanel *panel = mw_task_builder_get_camera_panel (builder);
  MwEpisodeView *view = mw_task_builder_get_episode_view (builder);
  g_autofree char *folder_path = g_build_filename (root, "photos", NULL);
  g_autofree char *manifest_path = g_build_filename (folder_path, MW_HAND_TASK_FILE_NAME, NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr(GError) error = NULL;
  MwCameraSource *source;
  MwHandTask *manifest;
  MwEpisodeInspection *r;
  g_autofree double *bars = NULL, *snow = NULL;
  int right = 0;

  /* An empty folder: the teacher's new task. */
  g_assert_cmpint (g_mkdir_with_parents (folder_path, 0755), ==, 0);
  mw_task_builder_open_folder (builder, folder);
  while (mw_task_builder_get_loading (builder))
    g_main_context_iteration (NULL, TRUE);

  source = start_camera (builder, "videotestsrc is-live=true pattern=smpte");
  g_assert_cmpint (mw_camera_source_get_state (source), ==, MW_CAMERA_PLAYING);
  g_assert_nonnull (mw_camera_source_get_texture (source));
  g_assert_cmpint (gdk_texture_get_width (mw_camera_source_get_texture (source)), ==, MW_CAMERA_FRAME_SIZE);

  /* No class named: the panel asks for one, and nothing is saved. */
  mw_camera_panel_set_class_name (panel, "  ");
  gtk_widget_activate_action (GTK_WIDGET (panel), "camera.capture", NULL);
  g_test_message ("no name: %s", mw_camera_panel_get_status (panel));
  g_assert_cmpuint (strlen (mw_camera_panel_get_status (panel)), >, 0);
  g_assert_cmpuint (mw_task_builder_get_photos_saving (builder), ==, 0);
  /* A name that cannot be a folder's is refused, saying why. */
  mw_camera_panel_set_class_name (panel, "../up");
  gtk_widget_activate_action (GTK_WIDGET (panel), "camera.capture", NULL);
  g_test_message ("a bad name: %s", mw_camera_panel_get_status (panel));
  g_assert_nonnull (strstr (mw_camera_panel_get_status (panel), "../up"));
  g_assert_cmpuint (mw_task_builder_get_photos_saving (builder), ==, 0);

  take_photos (builder, "bars", PHOTOS_PER_CLASS);
  mw_test_wait_for_frames (GTK_WIDGET (window));
  check_window_width ("taking photos");
  mw_test_save_screenshot (GTK_WIDGET (window), "camera-preview");

  source = start_camera (builder, "videotestsrc is-live=true pattern=snow");
  g_assert_cmpint (mw_camera_source_get_state (source), ==, MW_CAMERA_PLAYING);
  take_photos (builder, "snow", PHOTOS_PER_CLASS);

  /* The counts, per class, on the screen. */
  g_test_message ("bars: %s; snow: %s", mw_camera_panel_get_count_text (panel, "bars"),
                  mw_camera_panel_get_count_text (panel, "snow"));
  g_assert_nonnull (strstr (mw_camera_panel_get_count_text (panel, "bars"), "5"));
  g_assert_nonnull (strstr (mw_camera_panel_get_count_text (panel, "snow"), "5"));

  /* The files: JPEG squares of the frame's size, and the two patterns differ. */
  bars = check_class_files (folder_path, "bars", PHOTOS_PER_CLASS);
  snow = check_class_files (folder_path, "snow", PHOTOS_PER_CLASS);
  g_test_message ("the classes' mean photos differ by %.3f a value", image_distance (bars, snow));
  g_assert_cmpfloat (image_distance (bars, snow), >, 0.1);

  /* The manifest lists every photo: the first of each class support (K = 1), the rest
   * query. */
  manifest = mw_hand_task_load (manifest_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (manifest->classes->len, ==, 2);
  for (guint c = 0; c < 2; c++)
    {
      MwHandClass *cls = manifest->classes->pdata[c];

      g_assert_cmpstr (cls->name, ==, c == 0 ? "bars" : "snow");
      g_assert_cmpuint (cls->support->len, ==, 1);
      g_assert_cmpuint (cls->query->len, ==, PHOTOS_PER_CLASS - 1);
      for (guint i = 0; i < cls->query->len; i++)
        {
          g_autofree char *path = g_build_filename (folder_path, cls->name, cls->query->pdata[i], NULL);

          g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
        }
    }
  mw_hand_task_free (manifest);

  /* The loaded folder has them all, and so the task builds. */
  g_assert_cmpint (mw_task_builder_get_dataset (builder)->n_entries, ==, 2 * PHOTOS_PER_CLASS);

  /* Train New Model, adapted on the photos: the held-out ones mostly right. */
  g_signal_emit_by_name (builder, "train-requested");
  mw_test_wait_until (controller_idle, controller, WAIT_TIMEOUT_SECONDS, "the new model and its adaptation");
  r = mw_episode_view_get_inspection (view);
  g_assert_nonnull (r);
  g_assert_cmpint (r->ways, ==, 2);
  g_assert_cmpint (r->n_query, ==, 2 * (PHOTOS_PER_CLASS - 1));
  {
    int last = mw_episode_trace_last_step (&r->trace);

    for (int q = 0; q < r->n_query; q++)
      right += r->trace.predicted[last][q] == r->trace.query_labels[q];
  }
  g_test_message ("quick ProtoNet on the photos: %d of %d held-out photos right", right, r->n_query);
  g_assert_cmpint (right, >=, (3 * r->n_query + 3) / 4);
  mw_test_wait_for_animations (GTK_WIDGET (window));
  mw_test_wait_for_frames (GTK_WIDGET (window));
  check_window_width ("with the predictions");
  mw_test_save_screenshot (GTK_WIDGET (window), "camera-predictions");

  mw_task_builder_set_taking_photos (builder, FALSE);
  mw_test_wait_until (cameras_released, NULL, WAIT_TIMEOUT_SECONDS, "the camera released");
}

/* Built without GStreamer (-Dcamera=disabled): the mode says so. */
static void
test_unsupported (void)
{
  MwTaskBuilder *builder = mw_inspect_page_get_task_builder (page);
  MwCameraPanel *panel = mw_task_builder_get_camera_panel (builder);
  MwCameraSource *source = start_camera (builder, "videotestsrc");

  g_assert_cmpint (mw_camera_source_get_state (source), ==, MW_CAMERA_FAILED);
  g_test_message ("without GStreamer: %s", mw_camera_panel_get_preview_message (panel));
  g_assert_cmpstr (mw_camera_panel_get_preview_message (panel), ==, mw_camera_source_get_message (source));
  mw_test_save_screenshot (GTK_WIDGET (window), "camera-unsupported");
  mw_task_builder_set_taking_photos (builder, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    return 77;

  root = g_dir_make_tmp ("mw-camera-XXXXXX", NULL);
  open_window ();

  if (mw_camera_source_is_supported ())
    {
      g_test_add_func ("/camera/no-camera", test_no_camera);
      g_test_add_func ("/camera/two-classes", test_two_classes);
    }
  else
    g_test_add_func ("/camera/unsupported", test_unsupported);
  status = g_test_run ();

  close_window ();
  mw_test_wait_until (cameras_released, NULL, WAIT_TIMEOUT_SECONDS, "every camera released");
  mw_test_remove_tree (root);
  g_free (root);
  return status;
}
