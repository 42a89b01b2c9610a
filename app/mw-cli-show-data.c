/* mw-cli-show-data.c: `show-data -o FILE.png`: a strip of a dataset's images as
 * training and testing see them, one row per domain shift (the guide's pictures of
 * what "the new tasks look different" means), or the source's images above the
 * target's (--target).
 *
 * The images are the first of classes spread evenly over the dataset's test classes
 * (the target's and source's training classes with --target), shifted exactly as a
 * run shifts them (the same seed and image index), so the strip shows what the model
 * sees. */
#include "config.h"
#include "mw-cli-train.h"
#include "mw-cli-out.h"
#include "mw-core.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#define GAP 2                     /* pixels between images and rows */
#define MAX_COLUMNS 100
#define MAX_SCALE 16

/* An RGB picture of rows × columns cells. */
typedef struct {
  int width, height, cell, scale;
  guint8 *rgb;
} Strip;

static void
strip_put (Strip *s, int row, int column, const uint8_t *img, int side, int channels)
{
  int x0 = GAP + column * (s->cell + GAP), y0 = GAP + row * (s->cell + GAP);
  for (int y = 0; y < s->cell; y++)
    for (int x = 0; x < s->cell; x++)
      {
        const uint8_t *p = img + ((size_t) (y / s->scale) * side + x / s->scale) * channels;
        guint8 *o = s->rgb + 3 * ((size_t) (y0 + y) * s->width + x0 + x);
        for (int k = 0; k < 3; k++)
          o[k] = p[channels == 3 ? k : 0];
      }
}

/* Row row of the strip: columns images of ds, the first image of classes spread over
 * it, each through shift (as stored: the run's own shift is already in ds). */
static void
strip_row (Strip *s, int row, int columns, const MwDataset *ds, const MwShiftSpec *shift)
{
  size_t bytes = (size_t) ds->height * ds->width * ds->channels;
  uint8_t *out = g_malloc (bytes);
  float *floats = g_new (float, bytes);
  uint8_t *img = g_malloc (bytes);
  for (int col = 0; col < columns; col++)
    {
      /* More columns than classes: the next images of each class. */
      int c = (int) ((gint64) col * ds->n_classes / columns);
      int first = (int) (((gint64) c * columns + ds->n_classes - 1) / ds->n_classes);
      int k = MIN (col - first, mw_dataset_class_size (ds, c) - 1);
      /* As an episode sees it (a turned Omniglot class turned), then shifted as the
       * run shifts the stored image. */
      mw_dataset_copy_image (ds, c, k, floats);
      for (size_t i = 0; i < bytes; i++)
        img[i] = (uint8_t) CLAMP (floats[i] * 255.0f + 0.5f, 0.0f, 255.0f);
      int stored = ds->entry_image[ds->class_start[c] + k];
      mw_shift_image (shift, img, out, ds->height, ds->width, ds->channels,
                      mw_shift_image_index (ds, stored));
      strip_put (s, row, col, out, ds->width, ds->channels);
    }
  g_free (out);
  g_free (floats);
  g_free (img);
}

static MwDataset *
load_dataset (const MwExperimentConfig *c, gboolean train_classes, GError **error)
{
  MwDataRequest request;
  mw_experiment_config_data_request (c, &request);
  request.test_only = !train_classes;
  MwDataResult r;
  if (!mw_data_load (c->data, &request, &r, error))
    return NULL;
  MwDataset *ds = train_classes ? g_steal_pointer (&r.train) : g_steal_pointer (&r.test);
  mw_data_result_clear (&r);
  return ds;
}

int
mw_cli_show_data (int argc, char **argv)
{
  g_autofree char *output = NULL, *config_path = NULL, *shifts = NULL;
  g_auto (GStrv) sets = NULL;
  gboolean target = FALSE;
  int columns = 10, scale = 2;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PNG file to write"), "FILE.png" },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, N_("Experiment file"), "FILE" },
    { "set", 's', 0, G_OPTION_ARG_STRING_ARRAY, &sets,
      N_("Change a setting (repeatable)"), "KEY=VALUE" },
    { "shifts", 0, 0, G_OPTION_ARG_STRING, &shifts,
      N_("The rows: domain shifts, comma-separated (default: none and every shift)"), "LIST" },
    { "target", 0, 0, G_OPTION_ARG_NONE, &target,
      N_("Two rows: the source's training images, then the target's unlabelled images"), NULL },
    { "columns", 'n', 0, G_OPTION_ARG_INT, &columns, N_("Images per row (default 10)"), "N" },
    { "scale", 0, 0, G_OPTION_ARG_INT, &scale, N_("Pixels per image pixel (default 2)"), "S" },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = g_option_context_new (N_("-o FILE.png - a strip of a dataset's images, shifted"));
  g_option_context_set_translation_domain (octx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  GError *error = NULL;
  if (!g_option_context_parse (octx, &argc, &argv, &error) || output == NULL || argc != 1)
    {
      fprintf (stderr, "show-data: %s\n", error ? error->message : _("give the PNG file with -o"));
      g_clear_error (&error);
      return 2;
    }
  if (columns < 1 || columns > MAX_COLUMNS || scale < 1 || scale > MAX_SCALE)
    {
      fprintf (stderr, _("show-data: --columns wants 1–%d and --scale 1–%d\n"), MAX_COLUMNS,
               MAX_SCALE);
      return 2;
    }
  if (target && shifts)
    {
      fprintf (stderr, "show-data: %s\n", _("--target shows the run's own shifts: not with --shifts"));
      return 2;
    }
  /* The rows' shifts, checked before anything is loaded. */
  g_auto (GStrv) names = g_strsplit (shifts ? shifts : "none,inverted,textured,thick,thin,rotated",
                                     ",", -1);
  int n_rows = target ? 2 : (int) g_strv_length (names);
  MwShiftKind kinds[MW_SHIFT_COUNT * 4];
  if (n_rows < 1 || n_rows > (int) G_N_ELEMENTS (kinds))
    {
      fprintf (stderr, _("show-data: --shifts wants 1–%d shifts\n"), (int) G_N_ELEMENTS (kinds));
      return 2;
    }
  for (int i = 0; !target && i < n_rows; i++)
    if (!mw_shift_kind_from_name (g_strstrip (names[i]), &kinds[i]))
      {
        fprintf (stderr, _("show-data: --shifts: '%s' is not a shift (none, inverted, textured, "
                           "thick, thin, rotated)\n"), names[i]);
        return 2;
      }

  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_PROTONET);
  int status = 1;
  MwDataset *source = NULL;
  MwTarget t = { 0 };
  gboolean ok = (config_path == NULL || mw_experiment_config_load (&c, config_path, &error))
                && mw_cli_apply_sets (&c, sets, &error) && mw_experiment_config_validate (&c, &error);
  if (ok && mw_data_info (c.data)->load == NULL)
    {
      g_set_error (&error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("the %s dataset has no images to show"), mw_data_kind_title (c.data));
      ok = FALSE;
    }
  if (ok && target)
    ok = (source = load_dataset (&c, TRUE, &error)) && mw_target_load (&c, &t, &error);
  else if (ok)
    ok = (source = load_dataset (&c, FALSE, &error)) != NULL;
  if (ok)
    {
      int side = source->width;
      Strip s = { 0 };
      s.scale = scale;
      s.cell = side * scale;
      s.width = GAP + columns * (s.cell + GAP);
      s.height = GAP + n_rows * (s.cell + GAP);
      /* The gaps mid-grey: neither paper nor ink in any shift. */
      s.rgb = g_malloc ((size_t) 3 * s.width * s.height);
      memset (s.rgb, 128, (size_t) 3 * s.width * s.height);
      MwShiftSpec none;
      mw_shift_spec_init (&none, MW_SHIFT_NONE);
      if (target)
        {
          /* The target's images are in its pool; a dataset of them is drawn the same way. */
          int h, w, ch;
          mw_image_pool_shape (t.unlabelled, &h, &w, &ch);
          strip_row (&s, 0, columns, source, &none);
          float *batch = g_new (float, (size_t) columns * h * w * ch);
          mw_image_pool_batch (t.unlabelled, c.seed, 0, columns, batch);
          uint8_t *img = g_malloc ((size_t) h * w * ch);
          for (int col = 0; col < columns; col++)
            {
              for (size_t i = 0; i < (size_t) h * w * ch; i++)
                img[i] = (uint8_t) CLAMP (batch[(size_t) col * h * w * ch + i] * 255.0f + 0.5f,
                                          0.0f, 255.0f);
              strip_put (&s, 1, col, img, w, ch);
            }
          g_free (img);
          g_free (batch);
        }
      else
        for (int row = 0; row < n_rows; row++)
          {
            MwShiftSpec spec = { kinds[row], c.shift_radius, c.shift_angle, MW_SHIFT_SEED };
            strip_row (&s, row, columns, source, &spec);
          }
      ok = mw_cli_write_rgb_png (s.rgb, s.width, s.height, output, &error);
      g_free (s.rgb);
      if (ok)
        {
          g_autofree char *shown = g_filename_display_name (output);
          printf (_("%s: %d rows of %d images (%s)\n"), shown, n_rows, columns,
                  target ? _("source, then target") : shifts ? shifts
                                                             : "none,inverted,textured,thick,thin,rotated");
          status = 0;
        }
    }
  if (!ok)
    {
      fprintf (stderr, "show-data: %s\n", error->message);
      g_error_free (error);
    }
  mw_dataset_free (source);
  mw_target_clear (&t);
  mw_experiment_config_clear (&c);
  return mw_cli_check_stdout ("show-data", status);
}
