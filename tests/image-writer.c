/* image-writer.c: PNG and JPEG files for the tests, written with libpng and libjpeg. */
#include "image-writer.h"

#include <stdio.h>
#include <jpeglib.h>

/* pixels: h rows of png_get_rowbytes bytes in the file's own layout. */
void
write_png (const char *path, int w, int h, int color, int depth, const uint8_t *pixels,
           size_t rowbytes, gboolean interlaced, const png_color *palette, int n_palette)
{
  FILE *f = fopen (path, "wb");
  g_assert_nonnull (f);
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  png_init_io (png, f);
  png_set_IHDR (png, info, (png_uint_32) w, (png_uint_32) h, depth, color,
                interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  if (palette != NULL)
    png_set_PLTE (png, info, palette, n_palette);
  png_write_info (png, info);
  png_bytep *rows = g_new (png_bytep, h);
  for (int y = 0; y < h; y++)
    rows[y] = (png_bytep) pixels + (size_t) y * rowbytes;
  png_write_image (png, rows);
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  g_free (rows);
  fclose (f);
}

void
write_jpeg (const char *path, int w, int h, int channels, const uint8_t *pixels)
{
  FILE *f = fopen (path, "wb");
  g_assert_nonnull (f);
  struct jpeg_compress_struct c;
  struct jpeg_error_mgr err;
  c.err = jpeg_std_error (&err);
  jpeg_create_compress (&c);
  jpeg_stdio_dest (&c, f);
  c.image_width = (JDIMENSION) w;
  c.image_height = (JDIMENSION) h;
  c.input_components = channels;
  c.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, 95, TRUE);
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < c.image_height)
    {
      JSAMPROW row = (JSAMPROW) pixels + (size_t) c.next_scanline * w * channels;
      jpeg_write_scanlines (&c, &row, 1);
    }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);
  fclose (f);
}

