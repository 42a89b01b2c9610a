/* mw-preprocess.c: the model's record of how its input images were prepared, and the
 * one folder loader that prepares new images the same way (see mw-preprocess.h). */
#include "config.h"
#include "mw-preprocess.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

void
mw_preprocess_report_clear (MwPreprocessReport *report)
{
  if (report == NULL)
    return;
  g_clear_pointer (&report->warning, g_free);
}

void
mw_preprocess_from_config (MwPreprocess *pre, const MwExperimentConfig *c)
{
  memset (pre, 0, sizeof *pre);
  pre->mean = pre->border_mean = -1;
  const MwDataInfo *data = mw_data_info (c->data);
  if (data->regression || data->points)
    return;
  pre->height = pre->width = c->image_size;
  /* Gray data (Omniglot, the glyphs) is gray whatever channels says. */
  pre->channels = data->colour ? c->channels : 1;
  if (data->invert_setting)
    {
      pre->invert = c->invert == MW_INVERT_YES;
      /* Not known until measured; most folders are scans or photos of light paper,
       * which stays light unless inverted. */
      pre->dark_background = pre->invert;
    }
  else
    {
      /* Omniglot: black ink on white paper in the files, ink 1 and paper 0 after
       * loading; the glyphs are drawn ink 1 on 0. */
      pre->invert = data->inverted;
      pre->dark_background = TRUE;
    }
}

void
mw_dataset_brightness (const MwDataset *ds, double *mean, double *border_mean)
{
  int h = ds->height, w = ds->width, ch = ds->channels;
  size_t bytes = (size_t) h * w * ch;
  double all = 0, edge = 0;
  size_t n_all = 0, n_edge = 0;
  for (int i = 0; i < ds->n_images; i++)
    {
      const uint8_t *img = ds->pixels + (size_t) i * bytes;
      guint64 sum = 0, esum = 0;
      for (size_t p = 0; p < bytes; p++)
        sum += img[p];
      /* The outermost ring: first and last rows, first and last columns between. */
      for (int y = 0; y < h; y++)
        {
          gboolean full_row = y == 0 || y == h - 1;
          for (int x = 0; x < w; x += full_row ? 1 : MAX (w - 1, 1))
            {
              for (int c = 0; c < ch; c++)
                esum += img[((size_t) y * w + x) * ch + c];
              n_edge += ch;
            }
        }
      all += (double) sum;
      edge += (double) esum;
      n_all += bytes;
    }
  if (mean != NULL)
    *mean = n_all ? all / (255.0 * n_all) : -1;
  if (border_mean != NULL)
    *border_mean = n_edge ? edge / (255.0 * n_edge) : -1;
}

void
mw_preprocess_measure (MwPreprocess *pre, const MwDataset *ds, gboolean from_folder)
{
  mw_dataset_brightness (ds, &pre->mean, &pre->border_mean);
  /* A folder's background is what its images show; Omniglot's and the glyphs' is
   * known (and an odd drawing must not flip it). */
  if (from_folder && pre->border_mean >= 0)
    pre->dark_background = pre->border_mean < 0.5;
}

gboolean
mw_preprocess_equal (const MwPreprocess *a, const MwPreprocess *b)
{
  return a->height == b->height && a->width == b->width && a->channels == b->channels
         && !a->invert == !b->invert && !a->dark_background == !b->dark_background
         && a->mean == b->mean && a->border_mean == b->border_mean;
}

void
mw_preprocess_to_key_file (const MwPreprocess *pre, GKeyFile *kf, const char *group)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_key_file_set_integer (kf, group, "height", pre->height);
  g_key_file_set_integer (kf, group, "width", pre->width);
  g_key_file_set_integer (kf, group, "channels", pre->channels);
  g_key_file_set_string (kf, group, "invert", pre->invert ? "yes" : "no");
  g_key_file_set_string (kf, group, "background", pre->dark_background ? "dark" : "light");
  g_key_file_set_string (kf, group, "normalize", MW_PREPROCESS_NORMALIZE);
  g_key_file_set_string (kf, group, "resample", MW_PREPROCESS_RESAMPLE);
  /* Written in the C locale, so the header reads the same everywhere. */
  g_key_file_set_string (kf, group, "mean", g_ascii_formatd (buf, sizeof buf, "%.6f", pre->mean));
  g_key_file_set_string (kf, group, "border-mean",
                         g_ascii_formatd (buf, sizeof buf, "%.6f", pre->border_mean));
}

static gboolean
read_number (GKeyFile *kf, const char *group, const char *key, double lo, double hi,
             double *out, GError **error)
{
  g_autofree char *text = g_key_file_get_string (kf, group, key, NULL);
  char *end = NULL;
  double v = text ? g_ascii_strtod (text, &end) : NAN;
  /* -1 is "not known" for the statistics. */
  if (text == NULL || end == text || *end != '\0' || !(v == -1 || (v >= lo && v <= hi)))
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("[%s] %s: '%s' is not valid"), group, key, text ? text : "");
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
read_word (GKeyFile *kf, const char *group, const char *key, const char *yes,
           const char *no, gboolean *out, GError **error)
{
  g_autofree char *text = g_key_file_get_string (kf, group, key, NULL);
  if (text != NULL && (g_str_equal (text, yes) || g_str_equal (text, no)))
    {
      *out = g_str_equal (text, yes);
      return TRUE;
    }
  g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
               _("[%s] %s: '%s' is not valid"), group, key, text ? text : "");
  return FALSE;
}

gboolean
mw_preprocess_from_key_file (MwPreprocess *pre, GKeyFile *kf, const char *group,
                             GError **error)
{
  MwPreprocess p = { 0 };
  double h, w, ch;
  if (!read_number (kf, group, "height", 0, 4096, &h, error)
      || !read_number (kf, group, "width", 0, 4096, &w, error)
      || !read_number (kf, group, "channels", 0, 3, &ch, error)
      || !read_word (kf, group, "invert", "yes", "no", &p.invert, error)
      || !read_word (kf, group, "background", "dark", "light", &p.dark_background, error)
      || !read_number (kf, group, "mean", 0, 1, &p.mean, error)
      || !read_number (kf, group, "border-mean", 0, 1, &p.border_mean, error))
    return FALSE;
  /* Other normalisations or filters would need code this version does not have. */
  g_autofree char *norm = g_key_file_get_string (kf, group, "normalize", NULL);
  g_autofree char *filter = g_key_file_get_string (kf, group, "resample", NULL);
  if (g_strcmp0 (norm, MW_PREPROCESS_NORMALIZE) != 0
      || g_strcmp0 (filter, MW_PREPROCESS_RESAMPLE) != 0)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("[%s]: normalisation '%s' with resampling '%s' is not known to this "
                     "version"), group, norm ? norm : "", filter ? filter : "");
      return FALSE;
    }
  if (h != floor (h) || w != floor (w) || ch != floor (ch))
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("[%s]: the image size is not a whole number"), group);
      return FALSE;
    }
  p.height = (int) h;
  p.width = (int) w;
  p.channels = (int) ch;
  *pre = p;
  return TRUE;
}

char *
mw_preprocess_describe (const MwPreprocess *pre)
{
  if (pre->channels == 0)
    return g_strdup (_("Preprocessing: none (no images)\n"));
  GString *s = g_string_new (NULL);
  g_string_append_printf (s, _("Preprocessing: %d × %d, %s, Lanczos-3 resampling, pixels / 255 "
                               "into [0, 1]\n"), pre->width, pre->height,
                          pre->channels == 1 ? _("gray") : _("colour"));
  g_string_append_printf (s, "  %s\n", pre->dark_background
                                         ? _("background dark, ink light")
                                         : _("background light, ink dark"));
  g_string_append_printf (s, "  %s\n", pre->invert
                                         ? _("files inverted before resampling")
                                         : _("files used as they are (not inverted)"));
  if (pre->mean >= 0 && pre->border_mean >= 0)
    g_string_append_printf (s, _("  training images: mean brightness %.3f, border %.3f\n"),
                            pre->mean, pre->border_mean);
  else
    g_string_append (s, _("  training images: statistics not recorded\n"));
  return g_string_free (s, FALSE);
}

/* The model's background brightness side: TRUE for light.  The recorded statistics
 * say it best; the polarity flag stands in where they are not known. */
static gboolean
model_light (const MwPreprocess *model)
{
  return model->border_mean >= 0 ? model->border_mean >= 0.5 : !model->dark_background;
}

static char *
warning_text (const MwPreprocess *model, const MwPreprocessReport *r)
{
  gboolean light = r->border_mean >= 0.5;
  gboolean border_differs = light != model_light (model);
  gboolean mean_differs = model->mean >= 0 && fabs (r->mean - model->mean) >= 0.35;
  if (!border_differs && !mean_differs)
    return NULL;
  /* Inverting is the fix when it brings the background to the model's side. */
  const char *fix = r->inverted ? "no" : "yes";
  if (border_differs)
    /* Translators: a brightness in [0, 1]; both %s are "yes" or "no" (a setting's
     * value, not translated). */
    return g_strdup_printf (light
                              ? _("These images have a light background (border brightness "
                                  "%.2f) but the model was trained on a dark one: its answers "
                                  "will be much worse than its test accuracy. Set invert=%s "
                                  "(--set invert=%s, or the Invert control).")
                              : _("These images have a dark background (border brightness "
                                  "%.2f) but the model was trained on a light one: its answers "
                                  "will be much worse than its test accuracy. Set invert=%s "
                                  "(--set invert=%s, or the Invert control)."),
                            r->border_mean, fix, fix);
  /* Translators: brightness values in [0, 1]; both %s are "yes" or "no". */
  return g_strdup_printf (r->mean > model->mean
                            ? _("These images are much lighter than the model's training "
                                "images (mean brightness %.2f, training %.2f): check that the "
                                "ink is the same way round (invert=%s: --set invert=%s, or the "
                                "Invert control).")
                            : _("These images are much darker than the model's training "
                                "images (mean brightness %.2f, training %.2f): check that the "
                                "ink is the same way round (invert=%s: --set invert=%s, or the "
                                "Invert control)."),
                          r->mean, model->mean, fix, fix);
}

void
mw_preprocess_request (const MwPreprocess *model, MwDataRequest *request)
{
  request->height = model->height;
  request->width = model->width;
  request->channels = model->channels;
  request->light_background = model_light (model);
}

void
mw_preprocess_report_fill (const MwPreprocess *model, const MwDataset *ds, double file_border,
                           gboolean inverted, MwPreprocessReport *report)
{
  memset (report, 0, sizeof *report);
  report->file_border = file_border;
  report->inverted = inverted;
  mw_dataset_brightness (ds, &report->mean, &report->border_mean);
  report->warning = warning_text (model, report);
}

MwDataset *
mw_preprocess_load_folder_full (const MwPreprocess *model, const char *dir,
                                MwInvertChoice invert, MwLoadProgress progress,
                                gpointer user_data, MwPreprocessReport *report,
                                GError **error)
{
  g_return_val_if_fail (model != NULL && dir != NULL, NULL);
  if (report != NULL)
    memset (report, 0, sizeof *report);
  if (model->channels == 0)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("this model takes no images (it was trained on sinusoid regression)"));
      return NULL;
    }
  MwFolderLoad load = { model->height, model->width, model->channels, (int) invert,
                        model_light (model), progress, user_data, -1, FALSE };
  MwDataset *ds = mw_image_folder_load_with (dir, &load, error);
  if (ds != NULL && report != NULL)
    mw_preprocess_report_fill (model, ds, load.file_border, load.inverted, report);
  return ds;
}

MwDataset *
mw_preprocess_load_folder (const MwPreprocess *model, const char *dir, MwInvertChoice invert,
                           MwPreprocessReport *report, GError **error)
{
  return mw_preprocess_load_folder_full (model, dir, invert, NULL, NULL, report, error);
}
