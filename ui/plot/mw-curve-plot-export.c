/* mw-curve-plot-export.c: MwCurvePlot to files: the current view as PNG,
 * SVG or PDF in paper colours, and every point as CSV. */

#include "config.h"

#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "mw-curve-plot-private.h"

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
mw_curve_plot_render (MwCurvePlot        *self,
                      MwCurvePlotFormat   format,
                      int                 width,
                      int                 height,
                      double              scale,
                      GError            **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  PlotStyle style;
  cairo_t *cr;

  g_return_val_if_fail (format != MW_CURVE_PLOT_FORMAT_CSV, NULL);

  switch (format)
    {
    case MW_CURVE_PLOT_FORMAT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case MW_CURVE_PLOT_FORMAT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Meta Workbench");
      if (self->title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
      break;
    case MW_CURVE_PLOT_FORMAT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) ceil (width * scale), (int) ceil (height * scale));
      cairo_surface_set_device_scale (surface, scale, scale);
      break;
    }

  mw_curve_paper_style (&style);
  cr = cairo_create (surface);
  mw_curve_plot_draw_with_style (self, cr, width, height, &style);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == MW_CURVE_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the chart: %s"), cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* Renders into memory, then writes the file in one go with
 * g_file_set_contents(), so a failed export leaves no half-written file and
 * I/O errors come back as GErrors naming the file. */
static gboolean
export_image (MwCurvePlot        *self,
              MwCurvePlotFormat   format,
              const char         *path,
              int                 width,
              int                 height,
              GError            **error)
{
  g_autoptr(GBytes) bytes = mw_curve_plot_render (self, format, width, height, 1.0, error);
  gsize size;
  const char *data;

  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  return g_file_set_contents (path, data, size, error);
}

#define EXPORT_CHECKS(self, path, width, height)                   \
  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);           \
  g_return_val_if_fail (path != NULL, FALSE);                      \
  g_return_val_if_fail (width > 0 && width <= 32767, FALSE);       \
  g_return_val_if_fail (height > 0 && height <= 32767, FALSE);     \
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE)

gboolean
mw_curve_plot_export_png (MwCurvePlot  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  EXPORT_CHECKS (self, path, width, height);

  return export_image (self, MW_CURVE_PLOT_FORMAT_PNG, path, width, height, error);
}

gboolean
mw_curve_plot_export_svg (MwCurvePlot  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  EXPORT_CHECKS (self, path, width, height);

  return export_image (self, MW_CURVE_PLOT_FORMAT_SVG, path, width, height, error);
}

gboolean
mw_curve_plot_export_pdf (MwCurvePlot  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  EXPORT_CHECKS (self, path, width, height);

  return export_image (self, MW_CURVE_PLOT_FORMAT_PDF, path, width, height, error);
}

/* RFC 4180: quote fields with a comma, quote or line break; double quotes. */
static void
append_csv_text (GString    *csv,
                 const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }

  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

/* The shortest of %.15g and %.17g that reads back as the same double, in
 * the C locale whatever the user's; empty for NaN. */
static void
append_csv_number (GString *csv,
                   double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return;
  if (isinf (value))
    {
      g_string_append (csv, value > 0 ? "inf" : "-inf");
      return;
    }

  g_ascii_formatd (buffer, sizeof buffer, "%.15g", value);
  if (g_ascii_strtod (buffer, NULL) != value)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", value);
  g_string_append (csv, buffer);
}

/* A copy of every series' points, so the CSV text (slow for long runs: a
 * few hundred thousand numbers) can be written off the main thread while
 * training goes on appending to the plot. */
struct _MwCurveCsv
{
  GPtrArray *series; /* Series * with the copied arrays */
};

MwCurveCsv *
mw_curve_csv_copy (MwCurvePlot *self)
{
  MwCurveCsv *csv = g_new0 (MwCurveCsv, 1);

  csv->series = g_ptr_array_new_with_free_func (mw_curve_series_free);
  for (guint s = 0; s < self->series->len; s++)
    {
      const Series *series = g_ptr_array_index (self->series, s);
      Series *copy = g_new0 (Series, 1);

      copy->id = g_strdup (series->id);
      copy->name = g_strdup (series->name);
      for (int a = 0; a < N_X_AXES; a++)
        copy->x[a] = g_array_copy (series->x[a]);
      copy->y = g_array_copy (series->y);
      copy->lo = g_array_copy (series->lo);
      copy->hi = g_array_copy (series->hi);
      copy->smooth = g_array_copy (series->smooth);
      g_ptr_array_add (csv->series, copy);
    }
  return csv;
}

void
mw_curve_csv_free (MwCurveCsv *csv)
{
  if (csv == NULL)
    return;
  g_ptr_array_unref (csv->series);
  g_free (csv);
}

GBytes *
mw_curve_csv_format (const MwCurveCsv *csv)
{
  GString *text = g_string_new ("run_id,run_name,iteration,tasks_seen,seconds,value,ci_low,ci_high,smoothed\n");

  for (guint s = 0; s < csv->series->len; s++)
    {
      const Series *series = g_ptr_array_index (csv->series, s);
      const double *columns[] = {
        series_x (series, MW_CURVE_PLOT_X_ITERATIONS),
        series_x (series, MW_CURVE_PLOT_X_TASKS),
        series_x (series, MW_CURVE_PLOT_X_SECONDS),
        DOUBLES (series->y),
        DOUBLES (series->lo),
        DOUBLES (series->hi),
        DOUBLES (series->smooth),
      };

      for (gsize i = 0; i < series_len (series); i++)
        {
          append_csv_text (text, series->id);
          g_string_append_c (text, ',');
          append_csv_text (text, series->name);
          for (gsize c = 0; c < G_N_ELEMENTS (columns); c++)
            {
              g_string_append_c (text, ',');
              append_csv_number (text, columns[c][i]);
            }
          g_string_append_c (text, '\n');
        }
    }

  return g_string_free_to_bytes (text);
}

gboolean
mw_curve_plot_export_csv (MwCurvePlot  *self,
                          const char   *path,
                          GError      **error)
{
  MwCurveCsv *csv;
  g_autoptr(GBytes) bytes = NULL;
  const char *data;
  gsize size;

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  csv = mw_curve_csv_copy (self);
  bytes = mw_curve_csv_format (csv);
  mw_curve_csv_free (csv);
  data = g_bytes_get_data (bytes, &size);
  return g_file_set_contents (path, data, size, error);
}
