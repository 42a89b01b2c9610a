/* image-writer.h: PNG and JPEG files for the tests (libpng, libjpeg). */
#pragma once

#include <glib.h>
#include <png.h>
#include <stdint.h>

/* pixels: h rows of rowbytes bytes in the file's own layout (color: a PNG_COLOR_TYPE_*;
 * palette may be NULL). */
void write_png (const char *path, int w, int h, int color, int depth, const uint8_t *pixels,
                size_t rowbytes, gboolean interlaced, const png_color *palette, int n_palette);
/* channels 1 (gray) or 3 (RGB), quality 95. */
void write_jpeg (const char *path, int w, int h, int channels, const uint8_t *pixels);
