/* mw-run-files.c: the application's own files in a run's folder. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-run-files.h"

#define SERIES_TYPE "a(sa(dddddd))"
#define OLD_CURVES_TYPE "(a(dddddd)a(dddddd))"

/* The six doubles of a point, exactly the GVariant tuple's fixed layout. */
typedef struct {
  double iteration, tasks, seconds, y, y_lo, y_hi;
} Point;

G_STATIC_ASSERT (sizeof (Point) == 6 * sizeof (double));

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

static Point
point_of (const MwMetricPoint *p)
{
  return (Point) { p->iteration, p->tasks, p->seconds, p->y, p->y_lo, p->y_hi };
}

gboolean
mw_run_files_save_series (const char  *dir,
                          GArray      *points,
                          GError     **error)
{
  g_autofree char *path = g_build_filename (dir, MW_RUN_FILE_SERIES, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GHashTable) by_name = g_hash_table_new_full (NULL, NULL, NULL,
                                                         (GDestroyNotify) g_array_unref);
  g_autoptr(GVariant) series = NULL;
  GVariantBuilder builder;

  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      const MwMetricPoint *p = &g_array_index (points, MwMetricPoint, i);
      GArray *these = g_hash_table_lookup (by_name, p->series);
      Point q = point_of (p);

      if (these == NULL)
        {
          these = g_array_new (FALSE, FALSE, sizeof (Point));
          g_hash_table_insert (by_name, (gpointer) p->series, these);
          g_ptr_array_add (names, (gpointer) p->series);
        }
      g_array_append_val (these, q);
    }

  g_variant_builder_init (&builder, G_VARIANT_TYPE (SERIES_TYPE));
  for (guint i = 0; i < names->len; i++)
    {
      GArray *these = g_hash_table_lookup (by_name, names->pdata[i]);

      g_variant_builder_add (&builder, "(s@a(dddddd))", (const char *) names->pdata[i],
                             g_variant_new_fixed_array (G_VARIANT_TYPE ("(dddddd)"), these->data,
                                                        these->len, sizeof (Point)));
    }
  series = g_variant_ref_sink (g_variant_builder_end (&builder));
  /* Rewritten at every validation while a run trains. */
  return mw_run_files_replace (path, g_variant_get_data (series), g_variant_get_size (series), error);
}

static void
append_points (GArray     *points,
               const char *name,
               GVariant   *array)
{
  gsize n = 0;
  const Point *p = g_variant_get_fixed_array (array, &n, sizeof (Point));

  for (gsize i = 0; i < n; i++)
    {
      MwMetricPoint m = { name, p[i].iteration, p[i].tasks, p[i].seconds, p[i].y, p[i].y_lo,
                          p[i].y_hi };

      g_array_append_val (points, m);
    }
}

/* The file at path as a GVariant of type, or NULL: FALSE with error when it
 * cannot be read or is damaged, TRUE when it is not there. */
static gboolean
load_variant (const char          *path,
              const GVariantType  *type,
              GVariant           **variant,
              GError             **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  *variant = NULL;
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  *variant = g_variant_ref_sink (g_variant_new_from_bytes (type, bytes, FALSE));
  /* Untrusted bytes: GVariant reads malformed data as defaults, never out of
   * bounds, but a damaged file should say so rather than show nonsense. */
  if (!g_variant_is_normal_form (*variant))
    {
      g_clear_pointer (variant, g_variant_unref);
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL, _("%s is damaged"), path);
      return FALSE;
    }
  return TRUE;
}

/* The name the older format's curve @which (0: the training loss, 1: the
 * validation curve) has now: the first charted series of that kind. */
static const char *
old_curve_name (const MwMetricSpec *specs,
                guint               n_specs,
                int                 which)
{
  for (guint i = 0; i < n_specs; i++)
    {
      gboolean train = specs[i].source == MW_METRIC_FROM_TRAIN_LOSS ||
                       specs[i].source == MW_METRIC_FROM_TRAIN_ACCURACY;

      if (specs[i].charted && train == (which == 0))
        return g_intern_static_string (specs[i].name);
    }
  return NULL;
}

gboolean
mw_run_files_load_series (const char          *dir,
                          const MwMetricSpec  *specs,
                          guint                n_specs,
                          GArray             **points,
                          GError             **error)
{
  g_autofree char *path = g_build_filename (dir, MW_RUN_FILE_SERIES, NULL);
  g_autofree char *old_path = g_build_filename (dir, MW_RUN_FILE_CURVES, NULL);
  g_autoptr(GVariant) v = NULL;
  g_autoptr(GArray) result = g_array_new (FALSE, FALSE, sizeof (MwMetricPoint));

  *points = NULL;
  if (!load_variant (path, G_VARIANT_TYPE (SERIES_TYPE), &v, error))
    return FALSE;
  if (v != NULL)
    {
      for (gsize i = 0; i < g_variant_n_children (v); i++)
        {
          g_autoptr(GVariant) entry = g_variant_get_child_value (v, i);
          g_autoptr(GVariant) name = g_variant_get_child_value (entry, 0);
          g_autoptr(GVariant) array = g_variant_get_child_value (entry, 1);

          append_points (result, g_intern_string (g_variant_get_string (name, NULL)), array);
        }
    }
  else
    {
      /* A run saved before series had names. */
      if (!load_variant (old_path, G_VARIANT_TYPE (OLD_CURVES_TYPE), &v, error))
        return FALSE;
      for (int k = 0; v != NULL && k < 2; k++)
        {
          g_autoptr(GVariant) array = g_variant_get_child_value (v, k);
          const char *name = old_curve_name (specs, n_specs, k);

          if (name != NULL)
            append_points (result, name, array);
        }
    }
  *points = g_steal_pointer (&result);
  return TRUE;
}
