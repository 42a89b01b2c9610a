/* stand-in-photos.c: JPEG "photos" of five objects, rendered from Adwaita's icons.
 *
 * Each picture is what makes real photos harder than clean icons: a cluttered
 * background, the object off-centre, cut off at the edges, turned and lit
 * differently. Built with -DMW_STAND_IN_PHOTOS_MAIN it is also a small program:
 * `stand-in-photos FOLDER [N]` writes N (default 10) pictures per class.
 */
#include "stand-in-photos.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include <cairo.h>
#include <glib/gstdio.h>

#include "image-writer.h"

#define PHOTO_SIZE 200

static const struct {
  const char *name;   /* the class folder */
  const char *icon;   /* under MW_STAND_IN_ICON_DIR */
} classes[] = {
  { "camera", "devices/camera-web.png" },
  { "headphones", "devices/audio-headphones.png" },
  { "keyboard", "devices/input-keyboard.png" },
  { "mouse", "devices/input-mouse.png" },
  { "printer", "devices/printer.png" },
};

static double
uniform (GRand  *rand,
         double  lo,
         double  hi)
{
  return g_rand_double_range (rand, lo, hi);
}

/* A muted random colour: backgrounds should not outshine the object. */
static void
set_random_colour (cairo_t *cr,
                   GRand   *rand,
                   double   alpha)
{
  double base = uniform (rand, 0.25, 0.85);

  cairo_set_source_rgba (cr, CLAMP (base + uniform (rand, -0.2, 0.2), 0, 1),
                         CLAMP (base + uniform (rand, -0.2, 0.2), 0, 1),
                         CLAMP (base + uniform (rand, -0.2, 0.2), 0, 1), alpha);
}

static void
draw_background (cairo_t *cr,
                 GRand   *rand)
{
  double angle = uniform (rand, 0, 2 * G_PI);
  cairo_pattern_t *gradient = cairo_pattern_create_linear (
    PHOTO_SIZE / 2.0 - cos (angle) * PHOTO_SIZE, PHOTO_SIZE / 2.0 - sin (angle) * PHOTO_SIZE,
    PHOTO_SIZE / 2.0 + cos (angle) * PHOTO_SIZE, PHOTO_SIZE / 2.0 + sin (angle) * PHOTO_SIZE);

  for (int stop = 0; stop < 2; stop++)
    {
      double base = uniform (rand, 0.3, 0.9);

      cairo_pattern_add_color_stop_rgb (gradient, stop,
                                        CLAMP (base + uniform (rand, -0.15, 0.15), 0, 1),
                                        CLAMP (base + uniform (rand, -0.15, 0.15), 0, 1),
                                        CLAMP (base + uniform (rand, -0.15, 0.15), 0, 1));
    }
  cairo_set_source (cr, gradient);
  cairo_paint (cr);
  cairo_pattern_destroy (gradient);

  /* Clutter: a desk, a wall, other things in the frame. */
  for (int i = g_rand_int_range (rand, 3, 8); i > 0; i--)
    {
      set_random_colour (cr, rand, uniform (rand, 0.2, 0.6));
      if (g_rand_boolean (rand))
        cairo_rectangle (cr, uniform (rand, -40, PHOTO_SIZE), uniform (rand, -40, PHOTO_SIZE),
                         uniform (rand, 20, 120), uniform (rand, 20, 120));
      else
        cairo_arc (cr, uniform (rand, 0, PHOTO_SIZE), uniform (rand, 0, PHOTO_SIZE),
                   uniform (rand, 8, 50), 0, 2 * G_PI);
      cairo_fill (cr);
    }
}

static void
draw_object (cairo_t         *cr,
             GRand           *rand,
             cairo_surface_t *icon)
{
  int w = cairo_image_surface_get_width (icon), h = cairo_image_surface_get_height (icon);
  /* 55–110% of the frame: the larger ones are cut off at the edges. */
  double scale = uniform (rand, 0.55, 1.1) * PHOTO_SIZE / MAX (w, h);

  cairo_save (cr);
  cairo_translate (cr, PHOTO_SIZE / 2.0 + uniform (rand, -0.18, 0.18) * PHOTO_SIZE,
                   PHOTO_SIZE / 2.0 + uniform (rand, -0.18, 0.18) * PHOTO_SIZE);
  cairo_rotate (cr, uniform (rand, -25, 25) * G_PI / 180);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, icon, -w / 2.0, -h / 2.0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_restore (cr);
}

/* Brightness, contrast, saturation and a colour cast, as different lights
 * and cameras give; a little sensor noise on top. */
static void
jitter_to_rgb (cairo_surface_t *surface,
               GRand           *rand,
               guint8          *rgb)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  double brightness = uniform (rand, -0.15, 0.15);
  double contrast = uniform (rand, 0.75, 1.25);
  double saturation = uniform (rand, 0.5, 1.3);
  double cast[3] = { uniform (rand, 0.9, 1.1), uniform (rand, 0.9, 1.1), uniform (rand, 0.9, 1.1) };

  cairo_surface_flush (surface);
  for (int y = 0; y < PHOTO_SIZE; y++)
    for (int x = 0; x < PHOTO_SIZE; x++)
      {
        guint32 px = *(const guint32 *) (data + y * stride + x * 4);
        double c[3] = { ((px >> 16) & 0xff) / 255.0, ((px >> 8) & 0xff) / 255.0, (px & 0xff) / 255.0 };
        double gray = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];

        for (int k = 0; k < 3; k++)
          {
            double v = gray + saturation * (c[k] - gray);

            v = (v - 0.5) * contrast + 0.5 + brightness;
            v = v * cast[k] + uniform (rand, -0.03, 0.03);
            rgb[(y * PHOTO_SIZE + x) * 3 + k] = (guint8) lround (CLAMP (v, 0, 1) * 255);
          }
      }
}

gboolean
mw_stand_in_photos_write (const char  *folder,
                          int          n_per_class,
                          guint32      seed,
                          GError     **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint8 *rgb = g_malloc ((gsize) PHOTO_SIZE * PHOTO_SIZE * 3);

  for (gsize k = 0; k < G_N_ELEMENTS (classes); k++)
    {
      g_autofree char *icon_path = g_build_filename (MW_STAND_IN_ICON_DIR, classes[k].icon, NULL);
      g_autofree char *dir = g_build_filename (folder, classes[k].name, NULL);
      cairo_surface_t *icon = cairo_image_surface_create_from_png (icon_path);

      if (cairo_surface_status (icon) != CAIRO_STATUS_SUCCESS)
        {
          g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT, "cannot read %s: %s", icon_path,
                       cairo_status_to_string (cairo_surface_status (icon)));
          cairo_surface_destroy (icon);
          return FALSE;
        }
      if (g_mkdir_with_parents (dir, 0755) != 0)
        {
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "cannot create %s", dir);
          cairo_surface_destroy (icon);
          return FALSE;
        }

      for (int i = 0; i < n_per_class; i++)
        {
          g_autofree char *name = g_strdup_printf ("%s-%02d.jpg", classes[k].name, i + 1);
          g_autofree char *path = g_build_filename (dir, name, NULL);
          cairo_surface_t *photo = cairo_image_surface_create (CAIRO_FORMAT_RGB24, PHOTO_SIZE, PHOTO_SIZE);
          cairo_t *cr = cairo_create (photo);

          draw_background (cr, rand);
          draw_object (cr, rand, icon);
          cairo_destroy (cr);
          jitter_to_rgb (photo, rand, rgb);
          cairo_surface_destroy (photo);
          write_jpeg (path, PHOTO_SIZE, PHOTO_SIZE, 3, rgb);
        }
      cairo_surface_destroy (icon);
    }
  return TRUE;
}

#ifdef MW_STAND_IN_PHOTOS_MAIN
int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  if (argc < 2 || argc > 3)
    {
      g_printerr ("usage: %s FOLDER [IMAGES-PER-CLASS]\n", argv[0]);
      return 2;
    }
  if (!mw_stand_in_photos_write (argv[1], argc == 3 ? atoi (argv[2]) : 10, 8, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}
#endif
