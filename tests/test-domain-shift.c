/* test-domain-shift.c: the offline domain shifts (mw-domain-shift.h), on glyph images.
 *
 * Each shift against what it must do: inverting twice gives the image back, a turn by
 * 0 is the identity and a quarter turn a permutation, dilation adds ink and erosion
 * takes it away (and they are duals), textures are the same for the same seed and
 * differ for another, and the strokes stay legible on them (correlation with the
 * stroke mask).  A dataset shifted twice is the same to the byte. */
#include "mw-domain-shift.h"

#include <glib.h>
#include <math.h>
#include <string.h>

enum { SIZE = 28, PIXELS = SIZE * SIZE };

static MwDataset *
glyphs (int classes, int per_class)
{
  GError *error = NULL;
  MwDataset *ds = mw_glyphs_new (classes, per_class, SIZE, 7, &error);
  g_assert_no_error (error);
  return ds;
}

static double
ink (const uint8_t *img, size_t n)
{
  double sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += img[i];
  return sum;
}

/* Pearson correlation of two byte images. */
static double
correlation (const uint8_t *a, const uint8_t *b, size_t n)
{
  double ma = ink (a, n) / n, mb = ink (b, n) / n, sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < n; i++)
    {
      sab += (a[i] - ma) * (b[i] - mb);
      saa += (a[i] - ma) * (a[i] - ma);
      sbb += (b[i] - mb) * (b[i] - mb);
    }
  return sab / sqrt (saa * sbb);
}

static void
test_invert_twice (void)
{
  MwDataset *ds = glyphs (3, 2);
  uint8_t once[PIXELS], twice[PIXELS];
  for (int i = 0; i < ds->n_images; i++)
    {
      const uint8_t *img = ds->pixels + (size_t) i * PIXELS;
      mw_shift_invert (img, once, PIXELS);
      g_assert_cmpfloat (fabs (ink (once, PIXELS) - (255.0 * PIXELS - ink (img, PIXELS))), <, 0.5);
      mw_shift_invert (once, twice, PIXELS);
      g_assert_cmpmem (img, PIXELS, twice, PIXELS);
    }
  mw_dataset_free (ds);
}

static void
test_rotate (void)
{
  MwDataset *ds = glyphs (2, 3);
  uint8_t out[PIXELS], back[PIXELS];
  const uint8_t *img = ds->pixels;
  mw_shift_rotate (img, out, SIZE, SIZE, 1, 0.0);
  g_assert_cmpmem (img, PIXELS, out, PIXELS);

  /* A quarter turn of an odd side lands on pixel centres: a permutation.  Counter-
   * clockwise on screen: the top row becomes the left column, read upwards. */
  enum { ODD = 9 };
  uint8_t a[ODD * ODD], b[ODD * ODD];
  for (int i = 0; i < ODD * ODD; i++)
    a[i] = (uint8_t) (i * 3);
  mw_shift_rotate (a, b, ODD, ODD, 1, 90.0);
  for (int y = 0; y < ODD; y++)
    for (int x = 0; x < ODD; x++)
      g_assert_cmpint (b[y * ODD + x], ==, a[x * ODD + (ODD - 1 - y)]);

  /* ±30° keeps the drawing (its ink within 15%) and moves it (far from the original),
   * and turning back gives about the original. */
  for (int i = 0; i < ds->n_images; i++)
    {
      img = ds->pixels + (size_t) i * PIXELS;
      mw_shift_rotate (img, out, SIZE, SIZE, 1, 30.0);
      g_assert_cmpfloat (fabs (ink (out, PIXELS) / ink (img, PIXELS) - 1), <, 0.15);
      g_assert_cmpfloat (correlation (img, out, PIXELS), <, 0.8);
      mw_shift_rotate (out, back, SIZE, SIZE, 1, -30.0);
      g_assert_cmpfloat (correlation (img, back, PIXELS), >, 0.8);
    }

  /* The shift turns each image by + or − the angle, the same way for the same index. */
  MwShiftSpec spec;
  mw_shift_spec_init (&spec, MW_SHIFT_ROTATED);
  int plus = 0, minus = 0;
  for (uint64_t index = 0; index < 40; index++)
    {
      mw_shift_image (&spec, img, out, SIZE, SIZE, 1, index);
      mw_shift_rotate (img, back, SIZE, SIZE, 1, 30.0);
      if (memcmp (out, back, PIXELS) == 0)
        plus++;
      mw_shift_rotate (img, back, SIZE, SIZE, 1, -30.0);
      if (memcmp (out, back, PIXELS) == 0)
        minus++;
    }
  g_assert_cmpint (plus + minus, ==, 40);
  g_assert_cmpint (plus, >, 5);
  g_assert_cmpint (minus, >, 5);
  mw_dataset_free (ds);
}

static void
test_morph (void)
{
  MwDataset *ds = glyphs (3, 2);
  uint8_t thick[PIXELS], thicker[PIXELS], thin[PIXELS], paper[PIXELS], dual[PIXELS];
  for (int i = 0; i < ds->n_images; i++)
    {
      const uint8_t *img = ds->pixels + (size_t) i * PIXELS;
      mw_shift_morph (img, thick, SIZE, SIZE, 1, 1.0, TRUE);
      mw_shift_morph (img, thicker, SIZE, SIZE, 1, 2.0, TRUE);
      mw_shift_morph (img, thin, SIZE, SIZE, 1, 1.0, FALSE);
      for (int p = 0; p < PIXELS; p++)
        {
          g_assert_cmpint (thick[p], >=, img[p]);
          g_assert_cmpint (thicker[p], >=, thick[p]);
          g_assert_cmpint (thin[p], <=, img[p]);
        }
      double before = ink (img, PIXELS);
      g_test_message ("ink: %.0f, thick %.0f, thicker %.0f, thin %.0f", before,
                      ink (thick, PIXELS), ink (thicker, PIXELS), ink (thin, PIXELS));
      g_assert_cmpfloat (ink (thick, PIXELS), >, 1.3 * before);
      g_assert_cmpfloat (ink (thicker, PIXELS), >, 1.3 * ink (thick, PIXELS));
      g_assert_cmpfloat (ink (thin, PIXELS), <, 0.8 * before);
      /* Thinner, yet the strokes are still there. */
      g_assert_cmpfloat (ink (thin, PIXELS), >, 0.1 * before);
      /* Erosion is the dilation of the paper. */
      mw_shift_invert (img, paper, PIXELS);
      mw_shift_morph (paper, dual, SIZE, SIZE, 1, 1.0, TRUE);
      mw_shift_invert (dual, paper, PIXELS);
      g_assert_cmpmem (paper, PIXELS, thin, PIXELS);
    }
  mw_dataset_free (ds);
}

static void
test_textures (void)
{
  float a[PIXELS], b[PIXELS], c[PIXELS];
  for (int k = 0; k < MW_TEXTURE_COUNT; k++)
    for (uint64_t index = 0; index < 4; index++)
      {
        mw_shift_texture ((MwTextureKind) k, a, SIZE, SIZE, 5, index);
        mw_shift_texture ((MwTextureKind) k, b, SIZE, SIZE, 5, index);
        mw_shift_texture ((MwTextureKind) k, c, SIZE, SIZE, 6, index);
        g_assert_cmpmem (a, sizeof a, b, sizeof b);
        double differ = 0, mean = 0, var = 0;
        for (int p = 0; p < PIXELS; p++)
          {
            g_assert_cmpfloat (a[p], >=, 0.0f);
            g_assert_cmpfloat (a[p], <=, 1.0f);
            differ += fabs (a[p] - c[p]);
            mean += a[p];
          }
        mean /= PIXELS;
        for (int p = 0; p < PIXELS; p++)
          var += (a[p] - mean) * (a[p] - mean);
        /* Another seed, another texture; and a texture, not a flat grey. */
        g_assert_cmpfloat (differ / PIXELS, >, 0.02);
        g_assert_cmpfloat (sqrt (var / PIXELS), >, 0.05);
      }
  /* Every kind is drawn for some image. */
  int seen[MW_TEXTURE_COUNT] = { 0 };
  for (uint64_t index = 0; index < 200; index++)
    seen[mw_shift_texture_kind (MW_SHIFT_SEED, index)]++;
  for (int k = 0; k < MW_TEXTURE_COUNT; k++)
    g_assert_cmpint (seen[k], >, 10);
}

static void
test_textured_legible (void)
{
  MwDataset *ds = glyphs (10, 4);
  MwShiftSpec spec;
  mw_shift_spec_init (&spec, MW_SHIFT_TEXTURED);
  uint8_t out[PIXELS], mask[PIXELS];
  for (int i = 0; i < ds->n_images; i++)
    {
      const uint8_t *img = ds->pixels + (size_t) i * PIXELS;
      mw_shift_image (&spec, img, out, SIZE, SIZE, 1, (uint64_t) i);
      double stroke = 0, background = 0;
      int n_stroke = 0;
      for (int p = 0; p < PIXELS; p++)
        {
          mask[p] = img[p] > 127 ? 255 : 0;
          if (mask[p])
            stroke += out[p], n_stroke++;
          else
            background += out[p];
        }
      g_assert_cmpint (n_stroke, >, 0);
      stroke /= n_stroke;
      background /= PIXELS - n_stroke;
      /* The strokes are the bright part, and the picture follows them. */
      g_assert_cmpfloat (stroke, >, background + 0.3 * 255);
      g_assert_cmpfloat (correlation (out, mask, PIXELS), >, 0.6);
      /* Yet the background is no longer black. */
      g_assert_cmpfloat (background, >, 0.1 * 255);
    }
  mw_dataset_free (ds);
}

static void
test_dataset (void)
{
  for (int k = MW_SHIFT_INVERTED; k < MW_SHIFT_COUNT; k++)
    {
      MwShiftSpec spec;
      mw_shift_spec_init (&spec, (MwShiftKind) k);
      MwDataset *a = glyphs (4, 3), *b = glyphs (4, 3), *clean = glyphs (4, 3);
      mw_shift_dataset (a, &spec);
      mw_shift_dataset (b, &spec);
      size_t bytes = (size_t) a->n_images * PIXELS;
      g_assert_cmpmem (a->pixels, bytes, b->pixels, bytes);
      g_assert_true (memcmp (a->pixels, clean->pixels, bytes) != 0);
      g_assert_nonnull (strstr (a->name, mw_shift_kind_name ((MwShiftKind) k)));
      /* Another seed changes the shifts that draw something. */
      if (k == MW_SHIFT_TEXTURED || k == MW_SHIFT_ROTATED)
        {
          spec.seed = 99;
          mw_shift_dataset (clean, &spec);
          g_assert_true (memcmp (a->pixels, clean->pixels, bytes) != 0);
        }
      mw_dataset_free (a);
      mw_dataset_free (b);
      mw_dataset_free (clean);
    }
  MwShiftKind kind;
  g_assert_true (mw_shift_kind_from_name ("Textured", &kind));
  g_assert_cmpint (kind, ==, MW_SHIFT_TEXTURED);
  g_assert_false (mw_shift_kind_from_name ("blurred", &kind));
}

static void
test_image_index (void)
{
  /* The folder holding the data does not change an image's index; its file does. */
  MwDataset *ds = glyphs (1, 3);
  g_free (ds->image_sources[0]);
  g_free (ds->image_sources[1]);
  g_free (ds->image_sources[2]);
  ds->image_sources[0] = g_strdup ("/home/a/omniglot/Latin/character01/0101_01.png");
  ds->image_sources[1] = g_strdup ("/srv/data/Latin/character01/0101_01.png");
  ds->image_sources[2] = g_strdup ("/srv/data/Latin/character01/0101_02.png");
  g_assert_cmpuint (mw_shift_image_index (ds, 0), ==, mw_shift_image_index (ds, 1));
  g_assert_cmpuint (mw_shift_image_index (ds, 1), !=, mw_shift_image_index (ds, 2));
  mw_dataset_free (ds);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/domain-shift/invert-twice", test_invert_twice);
  g_test_add_func ("/domain-shift/rotate", test_rotate);
  g_test_add_func ("/domain-shift/morph", test_morph);
  g_test_add_func ("/domain-shift/textures", test_textures);
  g_test_add_func ("/domain-shift/textured-legible", test_textured_legible);
  g_test_add_func ("/domain-shift/dataset", test_dataset);
  g_test_add_func ("/domain-shift/image-index", test_image_index);
  return g_test_run ();
}
