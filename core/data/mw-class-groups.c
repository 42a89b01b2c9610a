/* mw-class-groups.c: classes grouped by alphabet (and turn), and an episode's classes
 * drawn from one group.
 *
 * The grouping is made once per task generator: episodes only walk the small group
 * table (tens of alphabets), never the class names. */
#include "config.h"
#include "mw-class-groups.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* "Alphabet" of "Alphabet/characterNN", and "Alphabet/rotDDD" of
 * "Alphabet/characterNN/rotDDD": an alphabet turned a quarter is another script, and
 * its characters are no harder to tell from the upright ones than another alphabet's. */
static char *
group_key (const char *name)
{
  const char *slash = strchr (name, '/');
  if (slash == NULL)
    return g_strdup (name);
  const char *last = strrchr (name, '/');
  if (last != slash && g_str_has_prefix (last + 1, "rot"))
    return g_strdup_printf ("%.*s%s", (int) (slash - name), name, last);
  return g_strndup (name, (gsize) (slash - name));
}

MwClassGroups *
mw_class_groups_new_alphabets (const MwDataset *ds)
{
  g_return_val_if_fail (ds != NULL, NULL);
  int n = ds->n_classes;
  int *group_of = g_new (int, MAX (n, 1));
  GHashTable *index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  int n_groups = 0;
  for (int c = 0; c < n; c++)
    {
      char *key = group_key (ds->class_names[c] ? ds->class_names[c] : "");
      gpointer found;
      if (g_hash_table_lookup_extended (index, key, NULL, &found))
        {
          group_of[c] = GPOINTER_TO_INT (found);
          g_free (key);
        }
      else
        {
          group_of[c] = n_groups;
          g_hash_table_insert (index, key, GINT_TO_POINTER (n_groups));
          n_groups++;
        }
    }
  g_hash_table_destroy (index);

  MwClassGroups *g = g_new0 (MwClassGroups, 1);
  g->n_groups = n_groups;
  g->start = g_new0 (int, n_groups + 1);
  g->members = g_new (int, MAX (n, 1));
  /* Counting sort: sizes, then offsets, then members in dataset order. */
  for (int c = 0; c < n; c++)
    g->start[group_of[c] + 1]++;
  for (int i = 0; i < n_groups; i++)
    {
      g->largest = MAX (g->largest, g->start[i + 1]);
      g->start[i + 1] += g->start[i];
    }
  int *fill = g_memdup2 (g->start, sizeof (int) * (gsize) (n_groups + 1));
  for (int c = 0; c < n; c++)
    g->members[fill[group_of[c]]++] = c;
  g_free (fill);
  g_free (group_of);
  return g;
}

void
mw_class_groups_free (MwClassGroups *groups)
{
  if (groups == NULL)
    return;
  g_free (groups->start);
  g_free (groups->members);
  g_free (groups);
}

gboolean
mw_class_groups_check (const MwClassGroups *groups, int ways, GError **error)
{
  g_return_val_if_fail (groups != NULL, FALSE);
  if (ways <= groups->largest)
    return TRUE;
  /* Translators: "episode-classes=same-alphabet" is a setting and its value: keep them
   * as they are.  The numbers: N ways, then the class count of the largest alphabet. */
  g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
               _("episode-classes=same-alphabet: a %d-way episode needs an alphabet of at "
                 "least %d classes; the largest alphabet here has %d"),
               ways, ways, groups->largest);
  return FALSE;
}

int
mw_class_groups_pick (const MwClassGroups *groups, int ways, MwRng *rng)
{
  int eligible = 0;
  for (int g = 0; g < groups->n_groups; g++)
    eligible += mw_class_groups_size (groups, g) >= ways;
  g_return_val_if_fail (eligible > 0, 0);
  int pick = (int) mw_rng_below (rng, (uint32_t) eligible);
  for (int g = 0; g < groups->n_groups; g++)
    if (mw_class_groups_size (groups, g) >= ways && pick-- == 0)
      return g;
  g_return_val_if_reached (0);
}
