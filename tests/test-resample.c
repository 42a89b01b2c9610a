/* test-resample.c: the Lanczos resampler keeps flat images flat, antialiases when
 * shrinking (a fine checkerboard becomes gray instead of aliasing into stripes),
 * produces the sizes asked for, is within 1 of a plain double-precision evaluation of
 * the filter, and equals Pillow's output byte for byte. */
#include "mw-dataset.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>

static void
test_constant_stays_constant (void)
{
  const int sizes[][4] = { { 105, 105, 28, 28 }, { 28, 28, 84, 84 }, { 50, 70, 13, 91 },
                           { 7, 7, 7, 7 }, { 1, 1, 5, 3 } };
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    for (int ch = 1; ch <= 3; ch += 2)
      {
        int sh = sizes[s][0], sw = sizes[s][1], dh = sizes[s][2], dw = sizes[s][3];
        uint8_t *src = g_malloc ((size_t) sh * sw * ch), *dst = g_malloc ((size_t) dh * dw * ch);
        for (int v = 0; v <= 255; v += 51)
          {
            for (int i = 0; i < sh * sw * ch; i++)
              src[i] = (uint8_t) v;
            mw_resample_u8 (src, sh, sw, ch, dst, dh, dw);
            for (int i = 0; i < dh * dw * ch; i++)
              g_assert_cmpint (dst[i], ==, v);
          }
        g_free (src);
        g_free (dst);
      }
}

static void
test_checkerboard_antialiased (void)
{
  /* 1-pixel checkerboard 105×105 → 28×28: a point sampler returns 0s and 255s; an
   * antialiasing filter returns the mean, ≈ 127, everywhere away from the border. */
  enum { S = 105, D = 28 };
  uint8_t src[S * S], dst[D * D];
  for (int y = 0; y < S; y++)
    for (int x = 0; x < S; x++)
      src[y * S + x] = ((x + y) & 1) ? 255 : 0;
  mw_resample_u8 (src, S, S, 1, dst, D, D);
  int lo = 255, hi = 0;
  for (int y = 2; y < D - 2; y++)
    for (int x = 2; x < D - 2; x++)
      {
        lo = MIN (lo, dst[y * D + x]);
        hi = MAX (hi, dst[y * D + x]);
      }
  g_test_message ("checkerboard 105->28: interior range %d..%d", lo, hi);
  g_assert_cmpint (lo, >=, 100);
  g_assert_cmpint (hi, <=, 155);
}

static void
test_sizes_and_channels (void)
{
  /* Writes exactly dh × dw × ch bytes (a guard byte after must survive), keeps the
   * channels apart, and a mirrored input gives a mirrored output. */
  enum { SH = 40, SW = 60, DH = 17, DW = 23, CH = 3 };
  uint8_t *src = g_malloc (SH * SW * CH), *dst = g_malloc (DH * DW * CH + 1);
  uint8_t *msrc = g_malloc (SH * SW * CH), *mdst = g_malloc (DH * DW * CH);
  for (int y = 0; y < SH; y++)
    for (int x = 0; x < SW; x++)
      {
        int i = (y * SW + x) * CH;
        src[i] = (uint8_t) (x * 4);      /* red ramps left to right */
        src[i + 1] = 200;                /* green flat */
        src[i + 2] = (uint8_t) (y * 6);  /* blue ramps top to bottom */
      }
  for (int y = 0; y < SH; y++)
    for (int x = 0; x < SW; x++)
      for (int c = 0; c < CH; c++)
        msrc[(y * SW + x) * CH + c] = src[(y * SW + (SW - 1 - x)) * CH + c];
  dst[DH * DW * CH] = 0xAB;
  mw_resample_u8 (src, SH, SW, CH, dst, DH, DW);
  mw_resample_u8 (msrc, SH, SW, CH, mdst, DH, DW);
  g_assert_cmpint (dst[DH * DW * CH], ==, 0xAB);
  for (int y = 0; y < DH; y++)
    for (int x = 0; x < DW; x++)
      {
        const uint8_t *p = dst + (y * DW + x) * CH;
        const uint8_t *m = mdst + (y * DW + (DW - 1 - x)) * CH;
        g_assert_cmpint (p[1], ==, 200);
        for (int c = 0; c < CH; c++)
          g_assert_cmpint (abs (p[c] - m[c]), <=, 1);
        if (x > 0)
          g_assert_cmpint (p[0], >=, dst[(y * DW + x - 1) * CH]);   /* still a ramp */
        if (y > 0)
          g_assert_cmpint (p[2], >=, dst[((y - 1) * DW + x) * CH + 2]);
      }
  g_free (src);
  g_free (dst);
  g_free (msrc);
  g_free (mdst);
}

/* Pillow's filter written out plainly in double precision: output o of n takes
 * source pixels within 3·max(scale, 1) of its centre, weighted by
 * lanczos3((j + 0.5 − centre) / max(scale, 1)) and normalised. */
static double
lanczos3 (double x)
{
  if (x <= -3.0 || x >= 3.0)
    return 0.0;
  if (x == 0.0)
    return 1.0;
  return 3.0 * sin (G_PI * x) * sin (G_PI * x / 3.0) / (G_PI * G_PI * x * x);
}

static void
reference_row (const uint8_t *src, int n_in, double *out, int n_out)
{
  double scale = (double) n_in / n_out, fs = MAX (scale, 1.0);
  for (int o = 0; o < n_out; o++)
    {
      double centre = (o + 0.5) * scale, sum = 0, acc = 0;
      for (int j = 0; j < n_in; j++)
        {
          double w = fabs (j + 0.5 - centre) < 3.0 * fs ? lanczos3 ((j + 0.5 - centre) / fs) : 0;
          sum += w;
          acc += w * src[j];
        }
      out[o] = CLAMP (acc / sum, 0.0, 255.0);
    }
}

static void
test_matches_reference (void)
{
  /* One row (only the horizontal pass runs), shrunk and enlarged: within 1 of the
   * double-precision reference (the fixed-point rounding). */
  enum { N = 37 };
  uint8_t src[N], dst[80];
  double ref[80];
  GRand *r = g_rand_new_with_seed (3);
  for (int i = 0; i < N; i++)
    src[i] = (uint8_t) g_rand_int_range (r, 0, 256);
  g_rand_free (r);
  const int outs[] = { 11, 5, 36, 80 };
  for (guint t = 0; t < G_N_ELEMENTS (outs); t++)
    {
      int n = outs[t];
      mw_resample_u8 (src, 1, N, 1, dst, 1, n);
      reference_row (src, N, ref, n);
      for (int o = 0; o < n; o++)
        g_assert_cmpfloat (fabs (dst[o] - ref[o]), <=, 1.0);
    }
  /* The widened support: a dot in [0 255 0 0] shrunk to 2 pixels reaches both. */
  uint8_t dot[4] = { 0, 255, 0, 0 }, two[2];
  mw_resample_u8 (dot, 1, 4, 1, two, 1, 2);
  g_test_message ("[0 255 0 0] -> [%d %d]", two[0], two[1]);
  g_assert_cmpint (two[0], >, two[1]);
  g_assert_cmpint (two[1], >, 0);
  /* Enlarging a step rings (Lanczos overshoots) and is clamped, not wrapped. */
  uint8_t step[8] = { 0, 0, 0, 0, 255, 255, 255, 255 }, up[24];
  mw_resample_u8 (step, 1, 8, 1, up, 1, 24);
  g_assert_cmpint (up[0], ==, 0);
  g_assert_cmpint (up[23], ==, 255);
  for (int i = 1; i < 24; i++)
    g_assert_cmpint (up[i] + 40, >=, up[i - 1]);   /* no wrap-around jumps */
}

static void
test_pillow_values (void)
{
  /* Outputs of Pillow 9.4 Image.resize(size, Image.LANCZOS) for a fixed 10×12 test
   * pattern, gray and RGB (the resampler follows Pillow's arithmetic, so they are
   * equal byte for byte; the Omniglot images also match Pillow's
   * convert("L") + invert + LANCZOS exactly). */
  enum { H = 10, W = 12 };
  uint8_t gray[H * W], rgb[H * W * 3];
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++)
      {
        uint8_t v = (uint8_t) ((x * 37 + y * 91 + x * y * 13) % 256);
        gray[y * W + x] = v;
        rgb[(y * W + x) * 3] = v;
        rgb[(y * W + x) * 3 + 1] = (uint8_t) (255 - v);
        rgb[(y * W + x) * 3 + 2] = (uint8_t) ((x * 50) % 256);
      }
  static const uint8_t pil_4x5[] = {
    108, 142, 142, 118, 101, 126, 147, 125, 142, 106, 114, 158, 152, 156, 130, 162, 121, 130,
    122, 161,
  };
  static const uint8_t pil_23x7[] = {
    4, 50, 149, 222, 7, 69, 144, 19, 94, 135, 189, 59, 67, 135, 47, 166, 114, 135, 146, 67,
    117, 108, 213, 109, 88, 217, 91, 95, 189, 167, 139, 95, 197, 146, 85, 220, 102, 173, 136,
    128, 188, 79, 164, 116, 172, 163, 86, 186, 58, 69, 178, 146, 165, 86, 150, 43, 39, 184,
    129, 151, 104, 122, 65, 96, 124, 134, 127, 128, 122, 116, 153, 87, 151, 103, 152, 139, 148,
    157, 116, 170, 91, 165, 165, 140, 125, 148, 183, 97, 162, 175, 106, 92, 119, 183, 114,
    144, 149, 71, 78, 71, 175, 139, 130, 116, 64, 99, 82, 184, 172, 144, 123, 101, 146, 147,
    198, 195, 177, 163, 166, 182, 202, 181, 182, 188, 189, 208, 187, 214, 129, 134, 162, 178,
    205, 168, 185, 75, 98, 120, 139, 176, 147, 142, 57, 110, 96, 103, 158, 133, 110, 63, 142,
    91, 82, 151, 125, 91, 70, 163, 89, 70, 147,
  };
  static const uint8_t pil_rgb_4x3[] = {
    122, 133, 93, 140, 115, 156, 107, 148, 146, 134, 121, 93, 137, 118, 156, 119, 136, 146,
    133, 122, 93, 159, 96, 156, 139, 116, 146, 144, 111, 93, 121, 134, 156, 147, 108, 146,
  };
  uint8_t out[23 * 7];
  mw_resample_u8 (gray, H, W, 1, out, 4, 5);
  g_assert_cmpmem (out, sizeof pil_4x5, pil_4x5, sizeof pil_4x5);
  mw_resample_u8 (gray, H, W, 1, out, 23, 7);
  g_assert_cmpmem (out, sizeof pil_23x7, pil_23x7, sizeof pil_23x7);
  mw_resample_u8 (rgb, H, W, 3, out, 4, 3);
  g_assert_cmpmem (out, sizeof pil_rgb_4x3, pil_rgb_4x3, sizeof pil_rgb_4x3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/resample/constant", test_constant_stays_constant);
  g_test_add_func ("/resample/checkerboard-antialiased", test_checkerboard_antialiased);
  g_test_add_func ("/resample/sizes-and-channels", test_sizes_and_channels);
  g_test_add_func ("/resample/matches-reference", test_matches_reference);
  g_test_add_func ("/resample/pillow-values", test_pillow_values);
  return g_test_run ();
}
