/* mw-hershey.c: the Hershey fonts read and rendered as letters (mw-hershey.h), and the
 * data table's row.
 *
 * The split is fixed: A–P train, Q–Z test.  It is easy to say in class, and each side
 * keeps letters of every kind of shape (round C, O against Q, S; straight E, H against
 * T, Z; diagonal A, K against V, W, X), so the test letters ask for no stroke the
 * training letters never had.  The instances of a letter are its fonts (the 18 Latin
 * styles of the package: Roman, Italic, Script, Gothic, Times and Futura), and jittered
 * copies when the hershey-copies setting asks for more. */
#include "config.h"
#include "mw-data-kind.h"
#include "mw-dataset-private.h"
#include "mw-hershey.h"
#include "mw-input-file.h"
#include "mw-rng.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* The package's fonts that have the Latin capitals; the others (Greek, Cyrillic,
 * Japanese, symbols, music, astrology) put other signs at those places. */
static const char *const latin_fonts[] = {
  "rowmans.jhf", "rowmand.jhf", "rowmant.jhf", "futural.jhf", "futuram.jhf",
  "timesr.jhf", "timesrb.jhf", "timesi.jhf", "timesib.jhf", "scripts.jhf", "scriptc.jhf",
  "cursive.jhf", "gothiceng.jhf", "gothicger.jhf", "gothicita.jhf", "gothgbt.jhf",
  "gothgrt.jhf", "gothitt.jhf",
};

#define FIRST_CHARACTER 32        /* the space: glyph 0 of a file */
#define MAX_FILE_SIZE (1u << 20)
#define JITTER_SEED 1

int
mw_hershey_n_fonts (void)
{
  return (int) G_N_ELEMENTS (latin_fonts);
}

const char *
mw_hershey_font_file (int i)
{
  g_return_val_if_fail (i >= 0 && i < mw_hershey_n_fonts (), NULL);
  return latin_fonts[i];
}

static void
glyph_free (gpointer p)
{
  MwHersheyGlyph *g = p;
  g_free (g->x);
  g_free (g->y);
  g_free (g);
}

/* The number in text[0..width), spaces allowed before it; -1 when it is not one. */
static int
fixed_number (const char *text, int width)
{
  int value = 0, digits = 0;
  for (int i = 0; i < width; i++)
    {
      char ch = text[i];
      if (ch == ' ' && digits == 0)
        continue;
      if (ch < '0' || ch > '9')
        return -1;
      value = value * 10 + (ch - '0');
      digits++;
    }
  return digits > 0 ? value : -1;
}

static gboolean
fail (GError **error, const char *name, int line, const char *reason)
{
  /* Translators: a file, a line number, what is wrong there. */
  g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT, _("%s line %d: %s"), name,
               line, reason);
  return FALSE;
}

GPtrArray *
mw_hershey_parse (const char *text, gsize length, const char *name, GError **error)
{
  GPtrArray *glyphs = g_ptr_array_new_with_free_func (glyph_free);
  gsize pos = 0;
  int line = 1;
  while (pos < length)
    {
      /* Blank lines between glyphs (and the file's last newline) say nothing. */
      if (text[pos] == '\n' || text[pos] == '\r')
        {
          line += text[pos] == '\n';
          pos++;
          continue;
        }
      int start_line = line;
      if (length - pos < 8)
        {
          fail (error, name, line, _("a glyph's number and count are cut short"));
          goto bad;
        }
      int number = fixed_number (text + pos, 5), count = fixed_number (text + pos + 5, 3);
      if (number < 0 || count < 0)
        {
          fail (error, name, line, _("a glyph does not start with its number (5 columns) and "
                                     "its count of coordinate pairs (3 columns)"));
          goto bad;
        }
      if (count < 1 || count > MW_HERSHEY_MAX_PAIRS)
        {
          g_autofree char *reason = g_strdup_printf (_("a glyph of %d coordinate pairs (1–%d)"),
                                                     count, MW_HERSHEY_MAX_PAIRS);
          fail (error, name, line, reason);
          goto bad;
        }
      pos += 8;
      MwHersheyGlyph *g = g_new0 (MwHersheyGlyph, 1);
      g_ptr_array_add (glyphs, g);
      g->number = number;
      g->n_points = count - 1;
      g->x = g_new (int8_t, MAX (g->n_points, 1));
      g->y = g_new (int8_t, MAX (g->n_points, 1));
      /* 2 × count characters; a newline inside continues the glyph on the next line. */
      char pair[2];
      for (int k = 0; k < 2 * count; k++)
        {
          while (pos < length && (text[pos] == '\n' || text[pos] == '\r'))
            line += text[pos++] == '\n';
          if (pos >= length)
            {
              fail (error, name, start_line, _("a glyph is cut short: fewer coordinates than its "
                                               "count"));
              goto bad;
            }
          char ch = text[pos++];
          if (ch < ' ' || ch > '~')
            {
              fail (error, name, line, _("a coordinate that is not a printable character"));
              goto bad;
            }
          pair[k & 1] = ch;
          if ((k & 1) == 0)
            continue;
          int p = k / 2;
          if (p == 0)
            {
              g->left = pair[0] - 'R';
              g->right = pair[1] - 'R';
            }
          else if (pair[0] == ' ' && pair[1] == 'R')
            g->x[p - 1] = g->y[p - 1] = MW_HERSHEY_PEN_UP;
          else
            {
              g->x[p - 1] = (int8_t) (pair[0] - 'R');
              g->y[p - 1] = (int8_t) (pair[1] - 'R');
            }
        }
      /* What follows on the line must be its end. */
      if (pos < length && text[pos] != '\n' && text[pos] != '\r')
        {
          fail (error, name, line, _("more coordinates than the glyph's count"));
          goto bad;
        }
    }
  if (glyphs->len == 0)
    {
      fail (error, name, line, _("holds no glyphs"));
      goto bad;
    }
  return glyphs;

bad:
  g_ptr_array_unref (glyphs);
  return NULL;
}

/* Lowers dist[] to each pixel centre's distance from the segment a–b (within reach). */
static void
segment_distance (float *dist, int size, float ax, float ay, float bx, float by, float reach)
{
  int x0 = MAX (0, (int) floorf (MIN (ax, bx) - reach));
  int x1 = MIN (size - 1, (int) ceilf (MAX (ax, bx) + reach));
  int y0 = MAX (0, (int) floorf (MIN (ay, by) - reach));
  int y1 = MIN (size - 1, (int) ceilf (MAX (ay, by) + reach));
  float dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  for (int y = y0; y <= y1; y++)
    for (int x = x0; x <= x1; x++)
      {
        float px = (float) x + 0.5f - ax, py = (float) y + 0.5f - ay;
        float t = len2 > 0 ? CLAMP ((px * dx + py * dy) / len2, 0.0f, 1.0f) : 0.0f;
        float d = hypotf (px - t * dx, py - t * dy);
        if (d < dist[y * size + x])
          dist[y * size + x] = d;
      }
}

void
mw_hershey_render (const MwHersheyGlyph *g, uint8_t *out, int size, float radius,
                   float degrees, float scale, float dx, float dy)
{
  int lo_x = G_MAXINT, hi_x = G_MININT, lo_y = G_MAXINT, hi_y = G_MININT;
  for (int i = 0; i < g->n_points; i++)
    if (g->x[i] != MW_HERSHEY_PEN_UP)
      {
        lo_x = MIN (lo_x, g->x[i]);
        hi_x = MAX (hi_x, g->x[i]);
        lo_y = MIN (lo_y, g->y[i]);
        hi_y = MAX (hi_y, g->y[i]);
      }
  size_t n = (size_t) size * size;
  memset (out, 0, n);
  if (lo_x > hi_x)
    return;
  float side = (float) MAX (MAX (hi_x - lo_x, hi_y - lo_y), 1);
  float k = scale * (20.0f / 28.0f) * (float) size / side;
  float mx = 0.5f * (float) (lo_x + hi_x), my = 0.5f * (float) (lo_y + hi_y);
  float a = degrees * (float) G_PI / 180.0f, c = cosf (a), s = sinf (a);
  float r = radius * (float) size / 28.0f;
  float *dist = g_new (float, n);
  for (size_t i = 0; i < n; i++)
    dist[i] = G_MAXFLOAT;
  float px = 0, py = 0;
  gboolean pen = FALSE;
  for (int i = 0; i < g->n_points; i++)
    {
      if (g->x[i] == MW_HERSHEY_PEN_UP)
        {
          pen = FALSE;
          continue;
        }
      /* Centred, scaled and turned (counter-clockwise on screen), then to pixels. */
      float u = k * ((float) g->x[i] - mx), v = k * ((float) g->y[i] - my);
      float qx = c * u + s * v + 0.5f * (float) size + dx;
      float qy = -s * u + c * v + 0.5f * (float) size + dy;
      if (pen)
        segment_distance (dist, size, px, py, qx, qy, r + 1.0f);
      else
        /* A lone point (a dot) is a segment of no length. */
        segment_distance (dist, size, qx, qy, qx, qy, r + 1.0f);
      px = qx;
      py = qy;
      pen = TRUE;
    }
  for (size_t i = 0; i < n; i++)
    out[i] = (uint8_t) lrintf (CLAMP (r + 0.5f - dist[i], 0.0f, 1.0f) * 255.0f);
  g_free (dist);
}

/* The glyphs of one font file; NULL and no error when it is missing. */
static GPtrArray *
read_font (const char *dir, const char *file, GError **error)
{
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *name = g_filename_display_name (path);
  GError *local = NULL;
  gsize length = 0;
  g_autofree char *text = mw_input_file_read (path, MAX_FILE_SIZE, NULL, NULL, &length, &local);
  if (text == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_error_free (local);
          return NULL;
        }
      g_set_error_literal (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT, local->message);
      g_error_free (local);
      return NULL;
    }
  GPtrArray *glyphs = mw_hershey_parse (text, length, name, error);
  if (glyphs != NULL && glyphs->len < 'Z' - FIRST_CHARACTER + 1)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   _("%s: holds %u glyphs; a font of the package has the 96 printable ASCII "
                     "characters, so that 'Z' is glyph %d"), name, glyphs->len,
                   'Z' - FIRST_CHARACTER + 1);
      g_clear_pointer (&glyphs, g_ptr_array_unref);
    }
  return glyphs;
}

MwDataset *
mw_hershey_load (const char *dir, int size, int copies, GError **error)
{
  g_return_val_if_fail (size >= 4 && size <= 1024, NULL);
  g_return_val_if_fail (copies >= 1 && copies <= MW_HERSHEY_MAX_COPIES, NULL);
  gboolean usual = dir == NULL || *dir == '\0';
  if (usual)
    dir = MW_HERSHEY_DIR;
  g_autofree char *shown = g_filename_display_name (dir);
  int n_fonts = mw_hershey_n_fonts ();
  GPtrArray **fonts = g_new0 (GPtrArray *, n_fonts);
  const char **found = g_new0 (const char *, n_fonts);
  int n_found = 0;
  MwDataset *ds = NULL;
  for (int f = 0; f < n_fonts; f++)
    {
      GError *local = NULL;
      GPtrArray *glyphs = read_font (dir, latin_fonts[f], &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          goto out;
        }
      if (glyphs != NULL)
        {
          found[n_found] = latin_fonts[f];
          fonts[n_found++] = glyphs;
        }
    }
  if (n_found == 0)
    {
      if (usual)
        /* Translators: the folder, then the Debian package to install. */
        g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND,
                     _("%s: no Hershey fonts; install the Debian package %s "
                       "(build-aux/install-deps.sh installs it)"), shown, MW_HERSHEY_PACKAGE);
      else
        g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND,
                     _("%s: holds none of the Hershey fonts with Latin letters (rowmans.jhf, "
                       "timesr.jhf, …)"), shown);
      goto out;
    }
  int per_class = n_found * copies, total = MW_HERSHEY_LETTERS * per_class;
  size_t image = (size_t) size * size;
  char *name = g_strdup_printf ("hershey (%d fonts)", n_found);
  ds = mw_dataset_alloc (name, size, size, 1);
  g_free (name);
  ds->n_classes = MW_HERSHEY_LETTERS;
  ds->n_images = ds->n_entries = total;
  ds->class_names = g_new (char *, MW_HERSHEY_LETTERS);
  g_free (ds->class_start);
  ds->class_start = g_new (int, MW_HERSHEY_LETTERS + 1);
  ds->entry_image = g_new (int32_t, total);
  ds->entry_rotation = g_new0 (uint8_t, total);
  ds->image_sources = g_new (char *, total);
  ds->pixels = g_malloc (image * total);
  for (int letter = 0; letter < MW_HERSHEY_LETTERS; letter++)
    {
      ds->class_names[letter] = g_strdup_printf ("%c", 'A' + letter);
      ds->class_start[letter] = letter * per_class;
      for (int f = 0; f < n_found; f++)
        for (int copy = 0; copy < copies; copy++)
          {
            int e = letter * per_class + f * copies + copy;
            const MwHersheyGlyph *g = g_ptr_array_index (fonts[f], 'A' + letter - FIRST_CHARACTER);
            /* Copy 0 as the font draws it; the others a little turned, scaled, moved and
             * thickened, from a stream of their own (the same on every computer). */
            float degrees = 0, scale = 1, dx = 0, dy = 0, radius = 1;
            if (copy > 0)
              {
                MwRng rng;
                mw_rng_init (&rng, JITTER_SEED, ((uint64_t) letter << 32) | ((uint64_t) f << 16)
                                                  | (uint64_t) copy);
                degrees = mw_rng_uniform_range (&rng, -8.0f, 8.0f);
                scale = mw_rng_uniform_range (&rng, 0.9f, 1.1f);
                dx = mw_rng_uniform_range (&rng, -1.5f, 1.5f) * (float) size / 28.0f;
                dy = mw_rng_uniform_range (&rng, -1.5f, 1.5f) * (float) size / 28.0f;
                radius = mw_rng_uniform_range (&rng, 0.8f, 1.25f);
              }
            mw_hershey_render (g, ds->pixels + (size_t) e * image, size, radius, degrees, scale,
                               dx, dy);
            ds->entry_image[e] = e;
            ds->image_sources[e] = copy == 0
                                     ? g_strdup_printf ("%s:%c", found[f], 'A' + letter)
                                     : g_strdup_printf ("%s:%c copy %d", found[f], 'A' + letter,
                                                        copy + 1);
          }
    }
  ds->class_start[MW_HERSHEY_LETTERS] = total;
out:
  for (int f = 0; f < n_found; f++)
    g_ptr_array_unref (fonts[f]);
  g_free (fonts);
  g_free (found);
  return ds;
}

gboolean
mw_hershey_load_data (const MwDataRequest *r, MwDataResult *result, GError **error)
{
  MwDataset *all = mw_hershey_load (r->path, r->height,
                                    CLAMP (r->hershey_copies, 1, MW_HERSHEY_MAX_COPIES), error);
  if (all == NULL)
    return FALSE;
  int train[MW_HERSHEY_TRAIN_LETTERS], test[MW_HERSHEY_LETTERS - MW_HERSHEY_TRAIN_LETTERS];
  for (int i = 0; i < MW_HERSHEY_LETTERS; i++)
    if (i < MW_HERSHEY_TRAIN_LETTERS)
      train[i] = i;
    else
      test[i - MW_HERSHEY_TRAIN_LETTERS] = i;
  result->test = mw_dataset_subset (all, test, G_N_ELEMENTS (test));
  if (r->test_only)
    result->tested = g_strdup (_("the test letters (Q–Z)"));
  else
    result->train = mw_dataset_subset (all, train, G_N_ELEMENTS (train));
  mw_dataset_free (all);
  return TRUE;
}
