/* mw-image-decode.c: PNG and JPEG bytes → 8-bit gray or RGB pixels.
 *
 * Both libraries report fatal errors by longjmp from a callback; every failure here
 * becomes a GError naming the file, never a message on stderr or an exit.  State that
 * must survive the longjmp lives in a heap context (automatic variables changed after
 * setjmp are indeterminate after it). */
#include "config.h"
#include "mw-image-decode.h"
#include "mw-dataset.h"
#include "mw-input-file.h"

#include <glib/gi18n-lib.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>

/* Larger images are almost certainly corrupt headers; this keeps a bad file from
 * asking for gigabytes. */
#define MAX_SIDE 16384
#define MAX_PIXELS (64L * 1024 * 1024)

void
mw_image_clear (MwImage *img)
{
  g_free (img->pixels);
  memset (img, 0, sizeof *img);
}

const char *
mw_image_error_reason (const GError *error, const char *name)
{
  const char *m = error->message;
  size_t n = strlen (name);
  if (strncmp (m, name, n) == 0 && m[n] == ':' && m[n + 1] == ' ')
    return m + n + 2;
  return m;
}

/* Composites `in` (h × w × in_ch, in_ch 1–4; 2 and 4 carry alpha) on white and converts
 * to out_ch (1 or 3) channels. */
static void
convert_pixels (const uint8_t *in, int in_ch, size_t n, uint8_t *out, int out_ch)
{
  for (size_t i = 0; i < n; i++, in += in_ch, out += out_ch)
    {
      int r, g, b;
      if (in_ch <= 2)
        r = g = b = in[0];
      else
        {
          r = in[0];
          g = in[1];
          b = in[2];
        }
      if (in_ch == 2 || in_ch == 4)
        {
          int a = in[in_ch - 1];
          /* c·a + white·(1 − a), rounded. */
          r = (r * a + 255 * (255 - a) + 127) / 255;
          g = (g * a + 255 * (255 - a) + 127) / 255;
          b = (b * a + 255 * (255 - a) + 127) / 255;
        }
      if (out_ch == 1)
        {
          /* PIL's "L": (R·299 + G·587 + B·114) / 1000, in fixed point. */
          out[0] = (uint8_t) ((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);
        }
      else
        {
          out[0] = (uint8_t) r;
          out[1] = (uint8_t) g;
          out[2] = (uint8_t) b;
        }
    }
}

static gboolean
check_size (const char *name, const char *format, long w, long h, GError **error)
{
  if (w <= 0 || h <= 0 || w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_PIXELS)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   /* Translators: a file, then "PNG" or "JPEG". */
                   _("%s: corrupt %s: implausible size %ld × %ld"), name, format, w, h);
      return FALSE;
    }
  return TRUE;
}

/* ---- PNG ---- */

typedef struct {
  const uint8_t *data;
  size_t size, pos;
  char message[256];
  uint8_t *raw;               /* decoded rows before conversion */
  png_bytep *rows;
} PngCtx;

static void
png_error_cb (png_structp png, png_const_charp msg)
{
  PngCtx *ctx = png_get_error_ptr (png);
  /* libpng prefixes chunk errors with the chunk's name, written as "[20]is[20]" when
   * its bytes are not letters: that helps nobody, so keep only what went wrong. */
  const char *colon = strstr (msg, ": ");
  if (colon != NULL && memchr (msg, '[', (size_t) (colon - msg)) != NULL)
    msg = colon + 2;
  g_strlcpy (ctx->message, msg, sizeof ctx->message);
  png_longjmp (png, 1);
}

static void
png_warning_cb (png_structp png, png_const_charp msg)
{
  /* Warnings (unknown chunks, odd sRGB profiles) do not stop the image being usable. */
}

static void
png_read_cb (png_structp png, png_bytep out, png_size_t n)
{
  PngCtx *ctx = png_get_io_ptr (png);
  if (n > ctx->size - ctx->pos)
    png_error (png, _("file is truncated"));
  memcpy (out, ctx->data + ctx->pos, n);
  ctx->pos += n;
}

static gboolean
decode_png (const uint8_t *data, size_t size, const char *name, int channels, MwImage *out,
            GError **error)
{
  PngCtx *ctx = g_new0 (PngCtx, 1);
  ctx->data = data;
  ctx->size = size;
  png_structp png = png_create_read_struct (PNG_LIBPNG_VER_STRING, ctx, png_error_cb,
                                            png_warning_cb);
  png_infop info = png ? png_create_info_struct (png) : NULL;
  gboolean ok = FALSE;
  if (png == NULL || info == NULL)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   _("%s: cannot start the PNG decoder (out of memory?)"), name);
      goto out;
    }
  if (setjmp (png_jmpbuf (png)))
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   /* Translators: a file, then what the decoder said (often English).
                    * Keep "%s: " (ASCII colon and space) at the start of every message
                    * about a file: the image folder strips it to list the reason. */
                   _("%s: corrupt PNG: %s"), name, ctx->message);
      goto out;
    }
  png_set_user_limits (png, MAX_SIDE, MAX_SIDE);
  png_set_read_fn (png, ctx, png_read_cb);
  png_read_info (png, info);
  png_uint_32 w = png_get_image_width (png, info), h = png_get_image_height (png, info);
  int color = png_get_color_type (png, info), depth = png_get_bit_depth (png, info);
  if (!check_size (name, "PNG", (long) w, (long) h, error))
    goto out;
  /* Everything to 8-bit gray, gray+alpha, RGB or RGBA. */
  if (depth == 16)
    png_set_scale_16 (png);
  if (color == PNG_COLOR_TYPE_PALETTE)
    png_set_palette_to_rgb (png);
  if (color == PNG_COLOR_TYPE_GRAY && depth < 8)
    png_set_expand_gray_1_2_4_to_8 (png);
  if (png_get_valid (png, info, PNG_INFO_tRNS))
    png_set_tRNS_to_alpha (png);
  png_set_interlace_handling (png);
  png_read_update_info (png, info);
  int in_ch = png_get_channels (png, info);
  size_t rowbytes = png_get_rowbytes (png, info);
  if (in_ch < 1 || in_ch > 4 || rowbytes != (size_t) w * in_ch)
    png_error (png, _("unsupported pixel layout"));
  ctx->raw = g_malloc ((size_t) h * rowbytes);
  ctx->rows = g_new (png_bytep, h);
  for (png_uint_32 y = 0; y < h; y++)
    ctx->rows[y] = ctx->raw + (size_t) y * rowbytes;
  png_read_image (png, ctx->rows);
  png_read_end (png, NULL);

  int out_ch = channels ? channels : (in_ch >= 3 ? 3 : 1);
  out->width = (int) w;
  out->height = (int) h;
  out->channels = out_ch;
  if (in_ch == out_ch)
    {
      /* Nothing to convert (Omniglot's case): hand the rows over as they are. */
      out->pixels = ctx->raw;
      ctx->raw = NULL;
    }
  else
    {
      out->pixels = g_malloc ((size_t) w * h * out_ch);
      convert_pixels (ctx->raw, in_ch, (size_t) w * h, out->pixels, out_ch);
    }
  ok = TRUE;
out:
  if (png != NULL)
    png_destroy_read_struct (&png, info ? &info : NULL, NULL);
  g_free (ctx->raw);
  g_free (ctx->rows);
  g_free (ctx);
  return ok;
}

/* ---- JPEG ---- */

typedef struct {
  struct jpeg_error_mgr pub;
  jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  gboolean truncated;
  uint8_t *raw;
} JpegCtx;

static void
jpeg_error_exit_cb (j_common_ptr cinfo)
{
  JpegCtx *ctx = (JpegCtx *) cinfo->err;
  cinfo->err->format_message (cinfo, ctx->message);
  longjmp (ctx->jump, 1);
}

static void
jpeg_emit_message_cb (j_common_ptr cinfo, int level)
{
  JpegCtx *ctx = (JpegCtx *) cinfo->err;
  /* A truncated file is reported only as a warning and decodes as gray: treat it as
   * corrupt.  Other warnings (extraneous bytes, odd markers) are common in real
   * photographs that every viewer shows, so they pass. */
  if (level < 0 && cinfo->err->msg_code == JWRN_JPEG_EOF && !ctx->truncated)
    {
      ctx->truncated = TRUE;
      cinfo->err->format_message (cinfo, ctx->message);
    }
}

static void
jpeg_output_message_cb (j_common_ptr cinfo)
{
}

static gboolean
decode_jpeg (const uint8_t *data, size_t size, const char *name, int channels,
             MwImage *out, GError **error)
{
  JpegCtx *ctx = g_new0 (JpegCtx, 1);
  struct jpeg_decompress_struct *cinfo = g_new0 (struct jpeg_decompress_struct, 1);
  gboolean ok = FALSE;
  cinfo->err = jpeg_std_error (&ctx->pub);
  ctx->pub.error_exit = jpeg_error_exit_cb;
  ctx->pub.emit_message = jpeg_emit_message_cb;
  ctx->pub.output_message = jpeg_output_message_cb;
  if (setjmp (ctx->jump))
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   _("%s: corrupt JPEG: %s"), name, ctx->message);
      goto out;
    }
  jpeg_create_decompress (cinfo);
  jpeg_mem_src (cinfo, data, (unsigned long) size);
  jpeg_read_header (cinfo, TRUE);
  if (!check_size (name, "JPEG", (long) cinfo->image_width, (long) cinfo->image_height,
                   error))
    goto out;
  gboolean cmyk = cinfo->jpeg_color_space == JCS_CMYK || cinfo->jpeg_color_space == JCS_YCCK;
  gboolean gray_file = cinfo->jpeg_color_space == JCS_GRAYSCALE;
  int out_ch = channels ? channels : (gray_file ? 1 : 3);
  /* libjpeg converts YCbCr → RGB or gray itself; CMYK it only passes through. */
  if (cmyk)
    cinfo->out_color_space = JCS_CMYK;
  else if (out_ch == 1 || gray_file)
    cinfo->out_color_space = JCS_GRAYSCALE;
  else
    cinfo->out_color_space = JCS_RGB;
  jpeg_start_decompress (cinfo);
  int w = (int) cinfo->output_width, h = (int) cinfo->output_height;
  int in_ch = cinfo->output_components;
  ctx->raw = g_malloc ((size_t) w * h * in_ch);
  while (cinfo->output_scanline < cinfo->output_height)
    {
      JSAMPROW row = ctx->raw + (size_t) cinfo->output_scanline * w * in_ch;
      jpeg_read_scanlines (cinfo, &row, 1);
    }
  jpeg_finish_decompress (cinfo);
  if (ctx->truncated)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   _("%s: corrupt JPEG: %s"), name, ctx->message);
      goto out;
    }
  if (cmyk)
    {
      /* Adobe writes CMYK inverted (the common case for CMYK JPEGs); then R = C·K. */
      gboolean inverted = cinfo->saw_Adobe_marker;
      uint8_t *p = ctx->raw;
      for (size_t i = 0; i < (size_t) w * h; i++)
        {
          int c = p[4 * i], m = p[4 * i + 1], y = p[4 * i + 2], k = p[4 * i + 3];
          if (!inverted)
            {
              c = 255 - c;
              m = 255 - m;
              y = 255 - y;
              k = 255 - k;
            }
          p[3 * i] = (uint8_t) ((c * k + 127) / 255);
          p[3 * i + 1] = (uint8_t) ((m * k + 127) / 255);
          p[3 * i + 2] = (uint8_t) ((y * k + 127) / 255);
        }
      in_ch = 3;
    }
  out->width = w;
  out->height = h;
  out->channels = out_ch;
  out->pixels = g_malloc ((size_t) w * h * out_ch);
  convert_pixels (ctx->raw, in_ch, (size_t) w * h, out->pixels, out_ch);
  ok = TRUE;
out:
  jpeg_destroy_decompress (cinfo);
  g_free (ctx->raw);
  g_free (ctx);
  g_free (cinfo);
  return ok;
}

/* ---- entry points ---- */

static const uint8_t png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

static gboolean
is_png (const uint8_t *b, size_t size)
{
  return size >= 8 && memcmp (b, png_sig, 8) == 0;
}

static gboolean
is_jpeg (const uint8_t *b, size_t size)
{
  return size >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff;
}

gboolean
mw_image_decode (const void *data, size_t size, const char *name, int channels,
                 MwImage *out, GError **error)
{
  g_return_val_if_fail (channels == 0 || channels == 1 || channels == 3, FALSE);
  memset (out, 0, sizeof *out);
  const uint8_t *b = data;
  if (is_png (b, size))
    return decode_png (b, size, name, channels, out, error);
  if (is_jpeg (b, size))
    return decode_jpeg (b, size, name, channels, out, error);
  g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
               size == 0 ? _("%s: empty file") : _("%s: not a PNG or JPEG image"), name);
  return FALSE;
}

/* The signature, from the first bytes: nothing else of a file that is not an image
 * is read. */
static gboolean
check_signature (const guint8 *head, gsize n, gpointer user_data, GError **error)
{
  if (is_png (head, n) || is_jpeg (head, n))
    return TRUE;
  g_set_error_literal (error, MW_INPUT_FILE_ERROR, MW_INPUT_FILE_ERROR_WRONG_TYPE,
                       n == 0 ? _("empty file") : _("not a PNG or JPEG image"));
  return FALSE;
}

gboolean
mw_image_decode_file (const char *path, int channels, MwImage *out, GError **error)
{
  gsize size = 0;
  GError *local = NULL;
  memset (out, 0, sizeof *out);
  char *data = mw_input_file_read (path, MW_IMAGE_MAX_FILE_SIZE, check_signature, NULL, &size,
                                   &local);
  if (data == NULL)
    {
      /* The reader's message already names the file. */
      g_set_error_literal (error, MW_DATASET_ERROR,
                           local->domain == G_FILE_ERROR
                             ? MW_DATASET_ERROR_NOT_FOUND : MW_DATASET_ERROR_CORRUPT,
                           local->message);
      g_error_free (local);
      return FALSE;
    }
  g_autofree char *name = g_filename_display_name (path);
  gboolean ok = mw_image_decode (data, size, name, channels, out, error);
  g_free (data);
  return ok;
}
