/* mw-image-decode.h: PNG (libpng) and JPEG (libjpeg) decoding to 8-bit pixels, for the
 * dataset loaders.  Private to core/. */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

typedef struct MwImage {
  int width, height, channels;
  uint8_t *pixels;            /* height × width × channels, owned (g_free) */
} MwImage;

/* Decodes PNG or JPEG bytes (the format is recognised from the signature, not the
 * name) into out.  channels: 1 (luminance, ITU-R 601 weights as PIL's "L"), 3 (RGB), or
 * 0 for what the file holds (1 for gray, 3 for colour).  Transparency is composited on
 * white.  On failure returns FALSE with MW_DATASET_ERROR_CORRUPT and a message
 * "NAME: REASON", e.g. "a/b.png: corrupt PNG: IDAT: CRC error". */
gboolean mw_image_decode (const void *data, size_t size, const char *name, int channels,
                          MwImage *out, GError **error);
/* Image files larger than this are refused before they are read (a 16384 × 16384 PNG,
 * the largest decoded, is rarely near it). */
#define MW_IMAGE_MAX_FILE_SIZE (64 * 1024 * 1024)
/* Reads and decodes a file; an unreadable file gives MW_DATASET_ERROR_NOT_FOUND.  Only
 * a regular file of at most MW_IMAGE_MAX_FILE_SIZE bytes is read, and only once its
 * first bytes are a PNG or JPEG signature (mw-input-file.h); anything else gives
 * MW_DATASET_ERROR_CORRUPT.  Messages name the file as g_filename_display_name shows
 * it. */
gboolean mw_image_decode_file (const char *path, int channels, MwImage *out,
                               GError **error);
/* Frees the pixels and zeroes img. */
void mw_image_clear (MwImage *img);
/* The REASON part of a message from the functions above (name prefix removed). */
const char *mw_image_error_reason (const GError *error, const char *name);
