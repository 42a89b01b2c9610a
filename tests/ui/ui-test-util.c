/* ui-test-util.c: main-loop waits and screenshots for the GUI tests. */
#include "ui-test-util.h"

#include <glib/gstdio.h>

#include <string.h>

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

guint
mw_test_slowdown (void)
{
  const char *scale = g_getenv ("MW_TEST_SLOWDOWN");
  guint64 value;

  if (scale == NULL || !g_ascii_string_to_unsigned (scale, 10, 1, 100, &value, NULL))
    return 1;
  return (guint) value;
}

void
mw_test_wait_until (MwTestCondition  condition,
                    gpointer         data,
                    guint            timeout_seconds,
                    const char      *what)
{
  gboolean timed_out = FALSE;
  guint limit = timeout_seconds * mw_test_slowdown ();
  guint id = g_timeout_add_seconds (limit, timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("Timed out waiting for %s (%u s)", what, limit);

  g_source_remove (id);
}

void
mw_test_spin_main_loop (guint ms)
{
  gboolean waited = FALSE;

  g_timeout_add (ms, timeout_cb, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
count_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  int *frames = data;

  (*frames)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
two_frames_drawn (gpointer data)
{
  return *(int *) data >= 2;
}

void
mw_test_wait_for_frames (GtkWidget *widget)
{
  int frames = 0;
  guint id = gtk_widget_add_tick_callback (widget, count_frame_cb, &frames, NULL);

  gtk_widget_queue_draw (widget);
  mw_test_wait_until (two_frames_drawn, &frames, 20, "two frames");
  gtk_widget_remove_tick_callback (widget, id);
}

static gboolean
animating (GtkWidget *widget)
{
  if (GTK_IS_STACK (widget) && gtk_stack_get_transition_running (GTK_STACK (widget)))
    return TRUE;
  if (GTK_IS_REVEALER (widget)
      && gtk_revealer_get_reveal_child (GTK_REVEALER (widget))
         != gtk_revealer_get_child_revealed (GTK_REVEALER (widget)))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (animating (child))
      return TRUE;
  return FALSE;
}

static gboolean
animations_ended (gpointer widget)
{
  return !animating (widget);
}

void
mw_test_wait_for_animations (GtkWidget *widget)
{
  mw_test_wait_until (animations_ended, widget, 20, "the stacks' and revealers' transitions to end");
}

const char *
mw_test_variant_suffix (void)
{
  const char *suffix = g_getenv ("MW_SCREENSHOT_SUFFIX");

  return suffix != NULL && *suffix != '\0' ? suffix : NULL;
}

void
mw_test_save_screenshot (GtkWidget  *widget,
                         const char *basename)
{
  const char *dir = g_getenv ("MW_ARTIFACT_DIR");
  const char *suffix = mw_test_variant_suffix ();
  g_autofree char *filename = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;
  gsize stride, differing = 0;

  mw_test_wait_for_animations (widget);
  mw_test_wait_for_frames (widget);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  /* A widget whose frame is not drawn yet snapshots to nothing (seen on a busy
   * machine right after a state change): give it a few more frames. */
  node = NULL;
  for (int attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      if (attempt > 0)
        mw_test_wait_for_frames (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  g_assert_nonnull (renderer);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_nonnull (texture);

  stride = (gsize) width * 4;
  pixels = g_malloc (stride * height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 0; i < stride * height; i += 4)
    if (memcmp (pixels + i, pixels, 4) != 0)
      differing++;
  g_assert_cmpuint (differing, >, (gsize) width * height / 20);

  if (suffix != NULL)
    filename = g_strdup_printf ("%s-%s.png", basename, suffix);
  else
    filename = g_strdup_printf ("%s.png", basename);
  path = g_build_filename (dir != NULL ? dir : ".", filename, NULL);

  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

void
mw_test_remove_tree (const char *path)
{
  GDir *d = g_dir_open (path, 0, NULL);
  const char *name;

  if (d != NULL)
    {
      while ((name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          mw_test_remove_tree (child);
        }
      g_dir_close (d);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}
