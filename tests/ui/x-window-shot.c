/* x-window-shot.c: `x-window-shot OUT.png SECONDS` waits up to SECONDS for a
 * window of another program to appear on the X display, waits until it has
 * stopped changing, saves what it shows as OUT.png and prints its title.
 * The UI tests drive the window in their own process; this one looks at the
 * real program started as a user starts it (tests/test-run-from-build.sh).
 * Exits 1 when no window appears in time. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <X11/Xatom.h>
#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <cairo.h>
#include <glib.h>

/* The title of @window (_NET_WM_NAME, in UTF-8), or NULL if it has none. */
static char *
window_title (Display *display,
              Window   window)
{
  Atom net_wm_name = XInternAtom (display, "_NET_WM_NAME", False);
  Atom utf8_string = XInternAtom (display, "UTF8_STRING", False);
  Atom type;
  int format;
  unsigned long n_items, after;
  unsigned char *data = NULL;
  char *title = NULL;

  if (XGetWindowProperty (display, window, net_wm_name, 0, 1024, False, utf8_string,
                          &type, &format, &n_items, &after, &data) == Success &&
      data != NULL && n_items > 0)
    title = g_strndup ((const char *) data, n_items);
  if (data != NULL)
    XFree (data);
  return title;
}

/* A mapped child of the root window with a title: the program's window. */
static Window
find_titled_window (Display *display,
                    char   **title)
{
  Window root_return, parent, *children = NULL, found = None;
  unsigned int n_children = 0;

  if (!XQueryTree (display, DefaultRootWindow (display), &root_return, &parent,
                   &children, &n_children))
    return None;
  for (unsigned int i = 0; i < n_children && found == None; i++)
    {
      XWindowAttributes attributes;

      if (!XGetWindowAttributes (display, children[i], &attributes) ||
          attributes.map_state != IsViewable)
        continue;
      *title = window_title (display, children[i]);
      if (*title != NULL)
        found = children[i];
    }
  if (children != NULL)
    XFree (children);
  return found;
}

/* What @window shows now, as a cairo image, or NULL. */
static cairo_surface_t *
capture (Display *display,
         Window   window)
{
  XWindowAttributes attributes;
  cairo_surface_t *surface;
  XImage *image;
  unsigned char *pixels;
  int stride;

  if (!XGetWindowAttributes (display, window, &attributes))
    return NULL;
  image = XGetImage (display, window, 0, 0, attributes.width, attributes.height,
                     AllPlanes, ZPixmap);
  if (image == NULL)
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, image->width, image->height);
  cairo_surface_flush (surface);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        unsigned long pixel = XGetPixel (image, x, y);
        guint32 r = (pixel & image->red_mask) * 255 / image->red_mask;
        guint32 g = (pixel & image->green_mask) * 255 / image->green_mask;
        guint32 b = (pixel & image->blue_mask) * 255 / image->blue_mask;

        ((guint32 *) (pixels + y * stride))[x] = r << 16 | g << 8 | b;
      }
  cairo_surface_mark_dirty (surface);
  XDestroyImage (image);
  return surface;
}

static gboolean
same_image (cairo_surface_t *a,
            cairo_surface_t *b)
{
  if (a == NULL || b == NULL)
    return FALSE;

  return cairo_image_surface_get_width (a) == cairo_image_surface_get_width (b) &&
         cairo_image_surface_get_height (a) == cairo_image_surface_get_height (b) &&
         memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                 (size_t) cairo_image_surface_get_height (a) *
                 (size_t) cairo_image_surface_get_stride (a)) == 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *title = NULL;
  cairo_surface_t *last = NULL, *now;
  Display *display;
  Window window = None;
  gint64 deadline;

  if (argc != 3)
    {
      fprintf (stderr, "usage: %s OUT.png SECONDS\n", argv[0]);
      return 2;
    }
  display = XOpenDisplay (NULL);
  if (display == NULL)
    {
      fprintf (stderr, "x-window-shot: no X display\n");
      return 2;
    }
  deadline = g_get_monotonic_time () + (gint64) (atof (argv[2]) * G_USEC_PER_SEC);

  while (window == None && g_get_monotonic_time () < deadline)
    {
      window = find_titled_window (display, &title);
      if (window == None)
        g_usleep (G_USEC_PER_SEC / 10);
    }
  if (window == None)
    {
      fprintf (stderr, "x-window-shot: no window appeared in %s s\n", argv[2]);
      return 1;
    }

  /* Drawn once it looks the same twice, half a second apart. */
  do
    {
      g_usleep (G_USEC_PER_SEC / 2);
      now = capture (display, window);
      if (same_image (last, now))
        {
          cairo_surface_destroy (last);
          break;
        }
      if (last != NULL)
        cairo_surface_destroy (last);
      last = now;
    }
  while (g_get_monotonic_time () < deadline);

  if (now == NULL || cairo_surface_write_to_png (now, argv[1]) != CAIRO_STATUS_SUCCESS)
    {
      fprintf (stderr, "x-window-shot: could not save %s\n", argv[1]);
      return 1;
    }
  cairo_surface_destroy (now);
  printf ("%s\n", title);
  XCloseDisplay (display);
  return 0;
}
