/* test-task-builder.c: the task builder and the episode's pictures as a class sees
 * them, in the real window at 1024×700 (a small projector), under Xvfb.
 *
 * A folder of three shape classes with long, Omniglot-like names is loaded in the
 * Task Builder tab; a quick ProtoNet is trained and adapted on a sampled task. The
 * test checks what a student at the back of the room needs: the folder's name and the
 * class names keep their start (the alphabet) and show in full as tooltips; support
 * and query images are framed, and a wrong answer is marked by a ✗ and a dashed
 * frame, not by colour alone, with a line saying so; the predictions are on the
 * screen without scrolling; the embedding's legend names its rings and lines.
 * Screenshots task-builder-1024*.png, task-builder-episode-1024*.png and
 * task-builder-embedding-1024*.png go to MW_ARTIFACT_DIR.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "ui-test-util.h"

#include "image-writer.h"
#include "mw-core.h"
#include "mw-embedding-view.h"
#include "mw-inspect-controller.h"
#include "mw-inspect-page.h"
#include "mw-window.h"

#define WAIT_TIMEOUT_SECONDS 120
#define SCREEN_WIDTH 1024
#define SCREEN_HEIGHT 700

/* Students' folders named the way Omniglot names its alphabets: the start says which. */
static const char *const class_folders[] = {
  "Inuktitut_(Canadian_Aboriginal_Syllabics)-character13",
  "Japanese_(hiragana)-character05",
  "Alphabet_of_the_Magi-character01",
};
#define FOLDER_NAME "stand-in-photos"

static char *root;

/* --- the folder ------------------------------------------------------------ */

static void
write_shape (const char *cls,
             const char *file,
             int         kind,
             int         shift)
{
  uint8_t px[28 * 28];
  g_autofree char *dir = g_build_filename (root, FOLDER_NAME, cls, NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);

  for (int y = 0; y < 28; y++)
    for (int x = 0; x < 28; x++)
      {
        int xs = x - shift, ys = y - shift;
        gboolean ink = kind == 0 ? (xs >= 11 && xs < 17)
                     : kind == 1 ? (xs >= 7 && xs < 21 && ys >= 7 && ys < 21)
                     : ((xs == 6 || xs == 21) && ys >= 6 && ys <= 21) || ((ys == 6 || ys == 21) && xs >= 6 && xs <= 21);

        px[y * 28 + x] = ink ? 255 : 0;
      }
  g_mkdir_with_parents (dir, 0755);
  write_png (path, 28, 28, PNG_COLOR_TYPE_GRAY, 8, px, 28, FALSE, NULL, 0);
}

/* --- looking at what is drawn ---------------------------------------------- */

/* The widget as drawn, as Cairo's ARGB32 (premultiplied, native byte order). */
static guint32 *
render (GtkWidget *widget,
        int       *width,
        int       *height)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  guint32 *pixels;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  g_assert_cmpint (*width, >, 0);
  g_assert_cmpint (*height, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, *width, *height));
  pixels = g_new (guint32, (gsize) *width * *height);
  gdk_texture_download (texture, (guchar *) pixels, (gsize) *width * 4);
  return pixels;
}

typedef enum { HUE_RED, HUE_GREEN, HUE_BLUE } Hue;

static gboolean
has_hue (guint32 pixel,
         Hue     hue)
{
  int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

  switch (hue)
    {
    case HUE_RED:
      return r > g + 60 && r > b + 60;
    case HUE_GREEN:
      return g > r + 40 && g > b + 20;
    case HUE_BLUE:
    default:
      return b > r + 60 && b > g + 20;
    }
}

/* Of the pixels down the middle of the left edge (@inset pixels in), the share
 * of @hue: a frame of that colour gives about 1 when solid, well under 1 when
 * dashed; an unframed picture gives 0. */
static double
left_edge_share (GtkWidget *widget,
                 int        inset,
                 Hue        hue)
{
  int width, height, n = 0, hits = 0;
  g_autofree guint32 *pixels = render (widget, &width, &height);

  for (int y = height / 5; y < height - height / 5; y++, n++)
    hits += has_hue (pixels[(gsize) y * width + inset], hue);
  return (double) hits / n;
}

/* Whether @widget lies wholly inside the window and inside what its scrolled
 * window shows: on the screen without scrolling. */
static gboolean
on_screen (GtkWidget *widget,
           GtkWidget *window)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  graphene_rect_t in_window, in_scroller;

  if (!gtk_widget_get_mapped (widget) || !gtk_widget_compute_bounds (widget, window, &in_window))
    return FALSE;
  g_test_message ("%s at %.0f,%.0f, %.0f × %.0f in the window", G_OBJECT_TYPE_NAME (widget),
                  in_window.origin.x, in_window.origin.y, in_window.size.width, in_window.size.height);
  if (in_window.origin.x < 0 || in_window.origin.y < 0 ||
      in_window.origin.x + in_window.size.width > MIN (gtk_widget_get_width (window), SCREEN_WIDTH) ||
      in_window.origin.y + in_window.size.height > MIN (gtk_widget_get_height (window), SCREEN_HEIGHT))
    return FALSE;
  if (scroller != NULL)
    {
      g_assert_true (gtk_widget_compute_bounds (widget, scroller, &in_scroller));
      if (in_scroller.origin.y < 0 || in_scroller.origin.y + in_scroller.size.height > gtk_widget_get_height (scroller))
        return FALSE;
    }
  return TRUE;
}

/* A label that shows a class name: it may wrap and lose its middle, never its start, and
 * its tooltip is the full @name. */
static void
check_name_label (GtkLabel   *label,
                  const char *name)
{
  const char *tip = gtk_widget_get_tooltip_text (GTK_WIDGET (label));

  g_assert_cmpint (gtk_label_get_ellipsize (label), !=, PANGO_ELLIPSIZE_START);
  g_assert_nonnull (tip);
  g_assert_nonnull (strstr (tip, name));
  /* Shown from its first character: the alphabet is there. */
  {
    PangoLayout *layout = gtk_label_get_layout (label);
    PangoLayoutLine *first = pango_layout_get_line_readonly (layout, 0);

    g_assert_cmpint (first->start_index, ==, 0);
    g_assert_cmpint (first->length, >=, 8);
    g_assert_true (g_str_has_prefix (gtk_label_get_label (label), name) ||
                   strstr (gtk_label_get_label (label), name) != NULL);
  }
}

static GtkLabel *
find_label_with_tooltip (GtkWidget  *widget,
                         const char *tooltip)
{
  const char *tip = gtk_widget_get_tooltip_text (widget);

  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) && g_strcmp0 (tip, tooltip) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_with_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_with_css_class (GtkWidget  *widget,
                     const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class) && gtk_widget_get_mapped (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_with_css_class (child, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The caption under a query's framed image: the prediction. */
static GtkWidget *
prediction_label (GtkWidget *frame)
{
  GtkWidget *caption = gtk_widget_get_next_sibling (gtk_widget_get_parent (frame));

  g_assert_true (GTK_IS_LABEL (caption));
  return caption;
}

/* --- the window ------------------------------------------------------------ */

static GtkApplication *app;
static MwWindow *window;
static MwInspectPage *page;
static MwInspectController *controller;

static gboolean
controller_idle (gpointer data)
{
  return mw_inspect_controller_get_pending (data) == 0;
}

static gboolean
builder_loaded (gpointer data)
{
  return !mw_task_builder_get_loading (data);
}

/* The main window as the application lays it out, showing Inspect, at 1024×700. */
static void
open_window (void)
{
  g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

  app = gtk_application_new ("io.github.metaworkbench.MetaWorkbench.TaskBuilderTest", G_APPLICATION_NON_UNIQUE);
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
}

static void
close_window (void)
{
  g_clear_object (&controller);
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
}

/* --- the tests -------------------------------------------------------------- */

/* The page, both its minimum and its natural width, fits a 1024-pixel screen beside the
 * 320-pixel sidebar, whatever the names it shows (the window's own width is the
 * narrow-window test's). */
static void
check_builder_width (MwTaskBuilder *builder,
                     const char    *when)
{
  int minimum, natural;

  gtk_widget_measure (GTK_WIDGET (builder), GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_test_message ("task builder %s: %d px wide at least, %d natural; window %d × %d", when, minimum, natural,
                  gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (minimum, <=, SCREEN_WIDTH - 320);
  g_assert_cmpint (natural, <=, SCREEN_WIDTH - 320);
}

static void
test_builder_at_1024 (void)
{
  g_autofree char *folder_path = g_build_filename (root, FOLDER_NAME, NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  MwTaskBuilder *builder = mw_inspect_page_get_task_builder (page);
  MwEpisodeView *view = mw_task_builder_get_episode_view (builder);
  MwEpisodeInspection *r;
  int wrong = -1, right = -1;

  mw_inspect_page_show_page (page, "task");
  mw_task_builder_open_folder (builder, folder);
  mw_test_wait_until (builder_loaded, builder, WAIT_TIMEOUT_SECONDS, "the folder");
  for (guint k = 0; k < G_N_ELEMENTS (class_folders); k++)
    mw_task_builder_set_class_chosen (builder, class_folders[k], TRUE);
  g_assert_true (mw_task_builder_sample (builder, 1, 2));
  mw_test_wait_for_frames (GTK_WIDGET (window));

  /* The folder's name, in full: the middle goes first, and the tooltip has it all. */
  {
    GtkLabel *label = find_label_with_tooltip (GTK_WIDGET (builder), folder_path);
    PangoLayout *layout;
    int name_width;

    g_assert_nonnull (label);
    g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_MIDDLE);
    layout = gtk_widget_create_pango_layout (GTK_WIDGET (label), FOLDER_NAME);
    pango_layout_get_pixel_size (layout, &name_width, NULL);
    g_object_unref (layout);
    g_test_message ("folder label %d px wide; the folder's own name needs %d", gtk_widget_get_width (GTK_WIDGET (label)),
                    name_width);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (label)), >=, name_width);
  }

  /* The images the task uses, framed by their role: support solid, query dashed. */
  {
    GtkWidget *support = find_with_css_class (GTK_WIDGET (builder), "mw-role-support");
    GtkWidget *query = find_with_css_class (GTK_WIDGET (builder), "mw-role-query");
    double support_share, query_share;

    g_assert_nonnull (support);
    g_assert_nonnull (query);
    support_share = left_edge_share (support, 0, HUE_BLUE);
    query_share = left_edge_share (query, 0, HUE_RED) + left_edge_share (query, 0, HUE_GREEN);
    g_test_message ("the builder's frames down the left edge: support %.2f blue, query %.2f coloured",
                    support_share, query_share);
    g_assert_cmpfloat (support_share, >, 0.9);
    g_assert_cmpfloat (query_share, >, 0.2);
    g_assert_cmpfloat (query_share, <, 0.9);
  }
  mw_test_save_screenshot (GTK_WIDGET (window), "task-builder-images-1024");

  check_builder_width (builder, "with the folder loaded");

  /* Train New Model: a quick ProtoNet, adapted on the task at once. */
  g_signal_emit_by_name (builder, "train-requested");
  mw_test_wait_until (controller_idle, controller, WAIT_TIMEOUT_SECONDS, "the new model and its adaptation");
  r = mw_episode_view_get_inspection (view);
  g_assert_nonnull (r);
  g_assert_cmpint (r->ways, ==, 3);
  /* The folder reloaded for the new model's images: the task being built stays. */
  g_assert_cmpuint (mw_task_builder_get_task (builder)->classes->len, ==, 3);
  mw_test_wait_for_animations (GTK_WIDGET (window));
  mw_test_wait_for_frames (GTK_WIDGET (window));

  check_builder_width (builder, "with the predictions");
  mw_test_save_screenshot (GTK_WIDGET (window), "task-builder-1024");

  /* The predictions are on the screen, without scrolling, and the handle is visible. */
  g_assert_true (gtk_paned_get_wide_handle (GTK_PANED (gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_PANED))));
  {
    graphene_rect_t first, other;
    int in_first_row = 0;

    g_assert_true (gtk_widget_compute_bounds (mw_episode_view_get_image_frame (view, TRUE, 0), GTK_WIDGET (window), &first));
    for (int q = 0; q < r->n_query; q++)
      {
        GtkWidget *frame = mw_episode_view_get_image_frame (view, TRUE, q);

        g_assert_true (gtk_widget_compute_bounds (frame, GTK_WIDGET (window), &other));
        if (other.origin.y != first.origin.y)
          continue;
        /* The first row of queries, with the caption under each: the prediction. */
        g_assert_true (on_screen (frame, GTK_WIDGET (window)));
        g_assert_true (on_screen (prediction_label (frame), GTK_WIDGET (window)));
        in_first_row++;
      }
    g_test_message ("%d of %d queries on the screen at %d × %d", in_first_row, r->n_query, SCREEN_WIDTH, SCREEN_HEIGHT);
    g_assert_cmpint (in_first_row, >=, 1);
  }

  /* Support images framed like the queries, in the builder's images and its episode. */
  for (int i = 0; i < r->n_support; i++)
    {
      GtkWidget *frame = mw_episode_view_get_image_frame (view, FALSE, i);

      g_assert_true (gtk_widget_has_css_class (frame, "mw-thumbnail"));
      g_assert_true (gtk_widget_has_css_class (frame, "mw-role-support"));
    }
  g_assert_cmpfloat (left_edge_share (mw_episode_view_get_image_frame (view, FALSE, 0), 0, HUE_BLUE), >, 0.9);

  /* Right and wrong told apart by marks, not colour alone. */
  for (int q = 0; q < r->n_query; q++)
    {
      const char *mark = mw_episode_view_get_query_mark (view, q);
      GtkWidget *frame = mw_episode_view_get_image_frame (view, TRUE, q);
      gboolean ok = r->trace.predicted[0][q] == r->trace.query_labels[q];

      g_assert_cmpstr (mark, ==, ok ? "✓" : "✗");
      g_assert_true (gtk_widget_has_css_class (frame, ok ? "mw-answer-right" : "mw-answer-wrong"));
      if (ok)
        right = q;
      else
        wrong = q;
    }
  g_assert_nonnull (strstr (mw_episode_view_get_marks_legend (view), "✓"));
  g_assert_nonnull (strstr (mw_episode_view_get_marks_legend (view), "✗"));
  if (right >= 0)
    g_assert_cmpfloat (left_edge_share (mw_episode_view_get_image_frame (view, TRUE, right), 0, HUE_GREEN), >, 0.9);
  g_test_message ("quick ProtoNet: %.0f%% of %d queries right (%s)", 100 * r->trace.accuracy[0], r->n_query,
                  wrong >= 0 ? "a wrong one among them" : "none wrong");

  /* The class names keep their start, and the tooltips have them whole. */
  for (int c = 0; c < r->ways; c++)
    {
      GtkLabel *label = find_label_with_tooltip (GTK_WIDGET (view), r->class_names[c]);

      g_assert_nonnull (label);
      check_name_label (label, r->class_names[c]);
    }

  /* Sampling again shows the images again, above the last predictions. */
  {
    GtkPaned *paned = GTK_PANED (gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_PANED));
    int before = gtk_paned_get_position (paned);

    g_assert_true (mw_task_builder_sample (builder, 1, 2));
    g_assert_cmpint (gtk_paned_get_position (paned), >, before);
    mw_test_save_screenshot (GTK_WIDGET (window), "task-builder-resampled-1024");
    /* Adapted on the new task, the predictions come into sight again. */
    g_signal_emit_by_name (builder, "adapt-requested");
    mw_test_wait_until (controller_idle, controller, WAIT_TIMEOUT_SECONDS, "the adaptation");
    mw_test_wait_for_frames (GTK_WIDGET (window));
    g_assert_true (mw_episode_view_get_inspection (view) != r);
    g_assert_true (on_screen (prediction_label (mw_episode_view_get_image_frame (view, TRUE, 0)),
                              GTK_WIDGET (window)));
  }
}

/* The Inspect page's episode and embedding at 1024×700, with Omniglot's class names. */
static void
test_inspect_at_1024 (void)
{
  static const char *const omniglot_names[] = {
    "Inuktitut_(Canadian_Aboriginal_Syllabics)/character13/rot090",
    "Japanese_(hiragana)/character05/rot000",
    "Alphabet_of_the_Magi/character01/rot270",
  };
  MwTaskBuilder *builder = mw_inspect_page_get_task_builder (page);
  MwEpisodeView *view = mw_inspect_page_get_episode_view (page);
  g_autoptr(MwEpisodeInspection) r = mw_episode_view_get_inspection (mw_task_builder_get_episode_view (builder));
  const char * const *marks;
  int n_marks;

  g_assert_nonnull (r);
  mw_inspection_ref (r);
  g_assert_cmpint (r->ways, ==, (int) G_N_ELEMENTS (omniglot_names));
  for (int c = 0; c < r->ways; c++)
    {
      g_free (r->class_names[c]);
      r->class_names[c] = g_strdup (omniglot_names[c]);
    }
  mw_inspect_page_show_episode (page, r);
  mw_inspect_page_show_page (page, "episode");
  mw_test_wait_for_animations (GTK_WIDGET (window));
  mw_test_wait_for_frames (GTK_WIDGET (window));

  /* Support beside the queries: the first query's prediction is on the screen. */
  g_assert_true (on_screen (prediction_label (mw_episode_view_get_image_frame (view, TRUE, 0)),
                            GTK_WIDGET (window)));
  for (int c = 0; c < r->ways; c++)
    {
      GtkLabel *label = find_label_with_tooltip (GTK_WIDGET (view), omniglot_names[c]);

      g_assert_nonnull (label);
      check_name_label (label, omniglot_names[c]);
    }
  for (int i = 0; i < r->n_support; i++)
    g_assert_true (gtk_widget_has_css_class (mw_episode_view_get_image_frame (view, FALSE, i), "mw-role-support"));
  mw_test_save_screenshot (GTK_WIDGET (window), "task-builder-episode-1024");

  /* The embedding's legend names every mark the chart draws: the dots, rings, squares,
   * lines and red rings. */
  n_marks = mw_embedding_view_get_legend_marks (&marks);
  g_assert_cmpint (n_marks, ==, 5);
  for (int m = 0; m < n_marks; m++)
    g_test_message ("embedding legend: %s", marks[m]);
  if (g_str_has_prefix (g_getenv ("LANGUAGE") != NULL ? g_getenv ("LANGUAGE") : "", "en"))
    {
      g_assert_nonnull (strstr (marks[1], "query"));
      g_assert_nonnull (strstr (marks[3], "line"));
      g_assert_nonnull (strstr (marks[4], "ring"));
    }
  g_assert_true (r->has_embedding);
  mw_inspect_page_show_page (page, "embedding");
  mw_test_save_screenshot (GTK_WIDGET (window), "task-builder-embedding-1024");
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

  root = g_dir_make_tmp ("mw-task-builder-XXXXXX", NULL);
  for (guint k = 0; k < G_N_ELEMENTS (class_folders); k++)
    for (int i = 0; i < 5; i++)
      {
        g_autofree char *name = g_strdup_printf ("%02d.png", i);

        write_shape (class_folders[k], name, k, i - 2);
      }
  open_window ();

  /* In this order: the second shows the first's episode on the Inspect page. */
  g_test_add_func ("/task-builder/at-1024", test_builder_at_1024);
  g_test_add_func ("/task-builder/inspect-at-1024", test_inspect_at_1024);
  status = g_test_run ();

  close_window ();
  mw_test_remove_tree (root);
  g_free (root);
  return status;
}
