/* mw-run-files.c: the application's own files in a run's folder. */

#include "config.h"


#include <glib/gi18n.h>

#include "mw-core.h"
#include "mw-curve-plot.h"
#include "mw-run-files.h"

#define CURVES_TYPE "(a(dddddd)a(dddddd))"

/* MwCurvePoint is six doubles, exactly the GVariant tuple's fixed layout. */
G_STATIC_ASSERT (sizeof (MwCurvePoint) == 6 * sizeof (double));

gboolean
mw_run_files_replace (const char  *path,
                      const char  *data,
                      gsize        length,
                      GError     **error)
{
  /* A temporary of a unique name: two windows on one runs folder never share it. */
  if (mw_run_folder_replace_file (path, data, length, FALSE, error))
    return TRUE;
  g_prefix_error (error, "%s: ", path);
  return FALSE;
}

static GVariant *
points_variant (GArray *points)
{
  return g_variant_new_fixed_array (G_VARIANT_TYPE ("(dddddd)"),
                                    points != NULL ? points->data : NULL,
                                    points != NULL ? points->len : 0,
                                    sizeof (MwCurvePoint));
}

gboolean
mw_run_files_save_curves (const char  *dir,
                          GArray      *loss,
                          GArray      *validation,
                          GError     **error)
{
  g_autoptr(GVariant) curves = NULL;
  g_autofree char *path = g_build_filename (dir, MW_RUN_FILE_CURVES, NULL);

  curves = g_variant_ref_sink (g_variant_new ("(@a(dddddd)@a(dddddd))",
                                              points_variant (loss),
                                              points_variant (validation)));
  /* Rewritten at every validation while a run trains. */
  return mw_run_files_replace (path, g_variant_get_data (curves), g_variant_get_size (curves), error);
}

static GArray *
points_from_variant (GVariant *array)
{
  gsize n = 0;
  const MwCurvePoint *points = g_variant_get_fixed_array (array, &n, sizeof (MwCurvePoint));
  GArray *result = g_array_sized_new (FALSE, FALSE, sizeof (MwCurvePoint), n);

  if (n > 0)
    g_array_append_vals (result, points, n);
  return result;
}

gboolean
mw_run_files_load_curves (const char  *dir,
                          GArray     **loss,
                          GArray     **validation,
                          GError     **error)
{
  g_autofree char *path = g_build_filename (dir, MW_RUN_FILE_CURVES, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) curves = NULL;
  g_autoptr(GVariant) loss_v = NULL;
  g_autoptr(GVariant) val_v = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  *loss = NULL;
  *validation = NULL;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          *loss = g_array_new (FALSE, FALSE, sizeof (MwCurvePoint));
          *validation = g_array_new (FALSE, FALSE, sizeof (MwCurvePoint));
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  curves = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (CURVES_TYPE), bytes, FALSE));
  /* Untrusted bytes: GVariant reads malformed data as defaults, never out of
   * bounds, but a damaged file should say so rather than show nonsense. */
  if (!g_variant_is_normal_form (curves))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("%s is damaged"), path);
      return FALSE;
    }

  loss_v = g_variant_get_child_value (curves, 0);
  val_v = g_variant_get_child_value (curves, 1);
  *loss = points_from_variant (loss_v);
  *validation = points_from_variant (val_v);
  return TRUE;
}
