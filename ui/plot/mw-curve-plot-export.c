/* mw-curve-plot-export.c: MwCurvePlot to files: the current view as PNG,
 * SVG or PDF in paper colours, and every point as CSV. */

#include "config.h"

#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "mw-curve-plot-private.h"

typedef enum {
  EXPORT_PNG,
  EXPORT_SVG,
  EXPORT_PDF,
} ExportFormat;

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Renders into memory, then writes the file in one go with
 * g_file_set_contents(), so a failed export leaves no half-written file and
 * I/O errors come back as GErrors naming the file. */
static gboolean
export_image (MwCurvePlot   *self,
              ExportFormat   format,
              const char    *path,
              int            width,
              int            height,
              GError       **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  PlotStyle style;
  cairo_t *cr;

  switch (format)
    {
    case EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
      break;
    case EXPORT_PDF:
      surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Meta Workbench");
      if (self->title != NULL)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title);
      break;
    case EXPORT_PNG:
    default:
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      break;
    }

  mw_curve_paper_style (&style);
  cr = cairo_create (surface);
  mw_curve_plot_draw_with_style (self, cr, width, height, &style);
  status = cairo_status (cr);
  cairo_destroy (cr);

  if (status == CAIRO_STATUS_SUCCESS && format == EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the chart: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_set_contents (path, (const char *) bytes->data, bytes->len, error);
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

  return export_image (self, EXPORT_PNG, path, width, height, error);
}

gboolean
mw_curve_plot_export_svg (MwCurvePlot  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  EXPORT_CHECKS (self, path, width, height);

  return export_image (self, EXPORT_SVG, path, width, height, error);
}

gboolean
mw_curve_plot_export_pdf (MwCurvePlot  *self,
                          const char   *path,
                          int           width,
                          int           height,
                          GError      **error)
{
  EXPORT_CHECKS (self, path, width, height);

  return export_image (self, EXPORT_PDF, path, width, height, error);
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

gboolean
mw_curve_plot_export_csv (MwCurvePlot  *self,
                          const char   *path,
                          GError      **error)
{
  g_autoptr(GString) csv = g_string_new ("run_id,run_name,iteration,tasks_seen,seconds,value,ci_low,ci_high,smoothed\n");

  g_return_val_if_fail (MW_IS_CURVE_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint s = 0; s < self->series->len; s++)
    {
      Series *series = g_ptr_array_index (self->series, s);
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
          append_csv_text (csv, series->id);
          g_string_append_c (csv, ',');
          append_csv_text (csv, series->name);
          for (gsize c = 0; c < G_N_ELEMENTS (columns); c++)
            {
              g_string_append_c (csv, ',');
              append_csv_number (csv, columns[c][i]);
            }
          g_string_append_c (csv, '\n');
        }
    }

  return g_file_set_contents (path, csv->str, csv->len, error);
}
