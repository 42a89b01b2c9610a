/* widget-probe.c: finding, clicking and measuring widgets in the GUI tests. */
#include "widget-probe.h"

#include <math.h>
#include <stdlib.h>

#include "ui-test-util.h"

GtkWidget *
mw_probe_find (GtkWidget     *root,
               MwProbeMatch   match,
               gconstpointer  data)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (match (child, data))
        return child;
      if ((found = mw_probe_find (child, match, data)) != NULL)
        return found;
    }
  return NULL;
}

gboolean
mw_probe_is_type (GtkWidget     *widget,
                  gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

gboolean
mw_probe_is_button_labelled (GtkWidget     *widget,
                             gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

static gboolean
is_spin_with_tooltip (GtkWidget     *widget,
                      gconstpointer  tooltip)
{
  return GTK_IS_SPIN_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0;
}

void
mw_probe_click (GtkWidget  *root,
                const char *label)
{
  GtkWidget *button = mw_probe_find (root, mw_probe_is_button_labelled, label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

void
mw_probe_set_spin (GtkWidget  *root,
                   const char *tooltip,
                   double      value)
{
  GtkWidget *spin = mw_probe_find (root, is_spin_with_tooltip, tooltip);

  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
}

static void
explain_width (GtkWidget *widget,
               gboolean   natural,
               GString   *out,
               int        depth)
{
  GtkWidget *widest = NULL;
  int widest_width = -1;
  int min, nat;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, &nat, NULL, NULL);
  g_string_append_printf (out, "%*s%s", depth, "", G_OBJECT_TYPE_NAME (widget));
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, " \"%s\"", gtk_label_get_text (GTK_LABEL (widget)));
  g_string_append_printf (out, ": %d (", natural ? nat : min);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat, width;

      if (!gtk_widget_get_child_visible (child) || !gtk_widget_get_visible (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &child_min, &child_nat, NULL, NULL);
      width = natural ? child_nat : child_min;
      g_string_append_printf (out, " %s %d", G_OBJECT_TYPE_NAME (child), width);
      if (width > widest_width)
        {
          widest = child;
          widest_width = width;
        }
    }
  g_string_append (out, " )\n");
  if (widest != NULL && depth < 60)
    explain_width (widest, natural, out, depth + 1);
}

void
mw_probe_explain_width (GtkWidget *widget,
                        gboolean   natural,
                        GString   *out)
{
  explain_width (widget, natural, out, 0);
}

guint
mw_probe_count_ink (GtkWidget     *widget,
                    const GdkRGBA *color)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  int r = (int) round (color->red * 255), g = (int) round (color->green * 255);
  int b = (int) round (color->blue * 255);
  guint ink = 0;

  /* A widget whose frame is not drawn yet snapshots to nothing. */
  for (int attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      if (attempt > 0)
        {
          mw_test_wait_for_frames (GTK_WIDGET (gtk_widget_get_root (widget)));
          snapshot = gtk_snapshot_new ();
        }
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  pixels = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, (gsize) width * 4);
  /* Cairo's order on this machine: blue, green, red, alpha. */
  for (gsize i = 0; i < (gsize) width * height * 4; i += 4)
    if (abs (pixels[i] - b) + abs (pixels[i + 1] - g) + abs (pixels[i + 2] - r) < 24)
      ink++;
  return ink;
}
