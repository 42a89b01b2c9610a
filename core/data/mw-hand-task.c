/* mw-hand-task.c: hand-built few-shot tasks, their manifests, and their tensors. */
#include "config.h"
#include "mw-hand-task.h"
#include "mw-text-file.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define MANIFEST_VERSION 1

static void
hand_class_free (gpointer p)
{
  MwHandClass *c = p;
  g_free (c->name);
  g_ptr_array_unref (c->support);
  g_ptr_array_unref (c->query);
  g_free (c);
}

MwHandTask *
mw_hand_task_new (const char *folder)
{
  MwHandTask *t = g_new0 (MwHandTask, 1);
  t->folder = g_strdup (folder);
  t->classes = g_ptr_array_new_with_free_func (hand_class_free);
  return t;
}

void
mw_hand_task_free (MwHandTask *t)
{
  if (t == NULL)
    return;
  g_free (t->name);
  g_free (t->folder);
  g_ptr_array_unref (t->classes);
  g_free (t);
}

MwHandTask *
mw_hand_task_copy (const MwHandTask *t)
{
  MwHandTask *copy = mw_hand_task_new (t->folder);
  copy->name = g_strdup (t->name);
  for (guint i = 0; i < t->classes->len; i++)
    {
      const MwHandClass *c = t->classes->pdata[i];
      MwHandClass *d = mw_hand_task_class (copy, c->name);
      for (guint k = 0; k < c->support->len; k++)
        g_ptr_array_add (d->support, g_strdup (c->support->pdata[k]));
      for (guint k = 0; k < c->query->len; k++)
        g_ptr_array_add (d->query, g_strdup (c->query->pdata[k]));
    }
  return copy;
}

static MwHandClass *
find_class (const MwHandTask *t, const char *name, guint *index)
{
  for (guint i = 0; i < t->classes->len; i++)
    {
      MwHandClass *c = t->classes->pdata[i];
      if (g_str_equal (c->name, name))
        {
          if (index)
            *index = i;
          return c;
        }
    }
  return NULL;
}

MwHandClass *
mw_hand_task_class (MwHandTask *t, const char *name)
{
  MwHandClass *c = find_class (t, name, NULL);
  if (c == NULL)
    {
      c = g_new0 (MwHandClass, 1);
      c->name = g_strdup (name);
      c->support = g_ptr_array_new_with_free_func (g_free);
      c->query = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (t->classes, c);
    }
  return c;
}

gboolean
mw_hand_task_remove_class (MwHandTask *t, const char *name)
{
  guint i;
  if (find_class (t, name, &i) == NULL)
    return FALSE;
  g_ptr_array_remove_index (t->classes, i);
  return TRUE;
}

static gboolean
remove_name (GPtrArray *names, const char *file)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (names->pdata[i], file))
      {
        g_ptr_array_remove_index (names, i);
        return TRUE;
      }
  return FALSE;
}

static gboolean
has_name (GPtrArray *names, const char *file)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (names->pdata[i], file))
      return TRUE;
  return FALSE;
}

void
mw_hand_task_set_role (MwHandTask *t, const char *class_name, const char *file, MwHandRole role)
{
  MwHandClass *c = role == MW_HAND_ROLE_NONE ? find_class (t, class_name, NULL)
                                             : mw_hand_task_class (t, class_name);
  if (c == NULL)
    return;
  /* file may be one of the names about to be removed: keep a copy. */
  char *name = g_strdup (file);
  remove_name (c->support, name);
  remove_name (c->query, name);
  if (role == MW_HAND_ROLE_SUPPORT)
    g_ptr_array_add (c->support, g_steal_pointer (&name));
  else if (role == MW_HAND_ROLE_QUERY)
    g_ptr_array_add (c->query, g_steal_pointer (&name));
  g_free (name);
}

MwHandRole
mw_hand_task_get_role (const MwHandTask *t, const char *class_name, const char *file)
{
  MwHandClass *c = find_class (t, class_name, NULL);
  if (c == NULL)
    return MW_HAND_ROLE_NONE;
  if (has_name (c->support, file))
    return MW_HAND_ROLE_SUPPORT;
  if (has_name (c->query, file))
    return MW_HAND_ROLE_QUERY;
  return MW_HAND_ROLE_NONE;
}

gboolean
mw_hand_task_sample (MwHandTask *t, const MwDataset *ds, const int *classes, int ways,
                     int shots, int queries, MwRng *rng, GError **error)
{
  if (ways < 2 || ways > ds->n_classes || shots < 1 || queries < 0)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("cannot pick %d classes with %d support and %d query images each from %d "
                     "classes (N-way needs 2 to %d classes, K-shot at least 1)"),
                   ways, shots, queries, ds->n_classes, ds->n_classes);
      return FALSE;
    }
  int *chosen = g_new (int, ds->n_classes);
  if (classes != NULL)
    memcpy (chosen, classes, sizeof (int) * (size_t) ways);
  else
    {
      for (int c = 0; c < ds->n_classes; c++)
        chosen[c] = c;
      mw_rng_shuffle (rng, chosen, ds->n_classes);
    }
  for (int i = 0; i < ways; i++)
    {
      int c = chosen[i];
      if (c < 0 || c >= ds->n_classes || mw_dataset_class_size (ds, c) < shots + queries)
        {
          if (c < 0 || c >= ds->n_classes)
            g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                         _("class index %d is not in the folder"), c);
          else
            g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_TOO_SMALL,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "class '%s' has %d usable image; %d support + %d query are needed",
                                      "class '%s' has %d usable images; %d support + %d query are needed",
                                      mw_dataset_class_size (ds, c)),
                         ds->class_names[c], mw_dataset_class_size (ds, c), shots, queries);
          g_free (chosen);
          return FALSE;
        }
    }
  g_ptr_array_set_size (t->classes, 0);
  for (int i = 0; i < ways; i++)
    {
      int c = chosen[i], size = mw_dataset_class_size (ds, c);
      MwHandClass *hc = mw_hand_task_class (t, ds->class_names[c]);
      int *items = g_new (int, size);
      for (int k = 0; k < size; k++)
        items[k] = k;
      mw_rng_shuffle (rng, items, size);
      for (int k = 0; k < shots + queries; k++)
        {
          char *base = g_path_get_basename (mw_dataset_image_source (ds, c, items[k]));
          g_ptr_array_add (k < shots ? hc->support : hc->query, base);
        }
      g_free (items);
    }
  g_free (chosen);
  return TRUE;
}

/* ---- manifest ---- */

#define MANIFEST_VERSION_SETS 2

/* Where the manifest names the folder: "." when the manifest sits in it (the pair moves
 * together), a relative path when the folder lies below it, else the absolute path. */
static char *
folder_for_manifest (const char *folder, const char *manifest_path)
{
  g_autofree char *manifest_dir = g_path_get_dirname (manifest_path);
  g_autofree char *abs_dir = g_canonicalize_filename (manifest_dir, NULL);
  g_autofree char *abs_folder = g_canonicalize_filename (folder, NULL);
  if (g_str_equal (abs_dir, abs_folder))
    return g_strdup (".");
  g_autofree char *prefix = g_str_has_suffix (abs_dir, G_DIR_SEPARATOR_S)
                              ? g_strdup (abs_dir) : g_strconcat (abs_dir, G_DIR_SEPARATOR_S, NULL);
  if (g_str_has_prefix (abs_folder, prefix))
    return g_strdup (abs_folder + strlen (prefix));
  return g_steal_pointer (&abs_folder);
}

/* The class groups of one task, named prefix + "class N". */
static void
write_classes (GKeyFile *kf, const MwHandTask *t, const char *prefix)
{
  for (guint i = 0; i < t->classes->len; i++)
    {
      const MwHandClass *c = t->classes->pdata[i];
      g_autofree char *group = g_strdup_printf ("%sclass %u", prefix, i + 1);
      g_key_file_set_string (kf, group, "name", c->name);
      g_key_file_set_string_list (kf, group, "support", (const char *const *) c->support->pdata,
                                  c->support->len);
      g_key_file_set_string_list (kf, group, "query", (const char *const *) c->query->pdata,
                                  c->query->len);
    }
}

static gboolean
write_manifest (GKeyFile *kf, const char *path, GError **error)
{
  g_autofree char *data = g_key_file_to_data (kf, NULL, NULL);
  /* With an end line, so a file cut short is refused when it is read back. */
  g_autofree char *text = mw_text_file_seal (data);
  GError *local = NULL;
  /* g_file_set_contents writes a temporary file and renames it over the old one. */
  if (!g_file_set_contents (path, text, -1, &local))
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND,
                   _("could not save the task to %s: %s"), path, local->message);
      g_error_free (local);
      return FALSE;
    }
  return TRUE;
}

gboolean
mw_hand_task_save (const MwHandTask *t, const char *path, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_autofree char *folder = folder_for_manifest (t->folder, path);
  /* Version 1 for one task, so older versions of the program still open it. */
  g_key_file_set_integer (kf, "task", "version", MANIFEST_VERSION);
  g_key_file_set_string (kf, "task", "folder", folder);
  g_key_file_set_integer (kf, "task", "classes", (int) t->classes->len);
  /* In English whatever the language, like experiment files: manifests are shared. */
  g_key_file_set_comment (kf, "task", NULL,
                          " Meta Workbench hand-built few-shot task: for each class (a sub-folder "
                          "of the image folder), its support and query images", NULL);
  write_classes (kf, t, "");
  return write_manifest (kf, path, error);
}

gboolean
mw_hand_task_save_all (GPtrArray *tasks, const char *path, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  g_key_file_set_integer (kf, "task", "version", MANIFEST_VERSION_SETS);
  g_key_file_set_integer (kf, "task", "tasks", (int) tasks->len);
  g_key_file_set_comment (kf, "task", NULL,
                          " Meta Workbench hand-built few-shot tasks: for each task its image "
                          "folder, and for each class (a sub-folder) its support and query images",
                          NULL);
  for (guint i = 0; i < tasks->len; i++)
    {
      const MwHandTask *t = tasks->pdata[i];
      g_autofree char *group = g_strdup_printf ("task %u", i + 1);
      g_autofree char *prefix = g_strdup_printf ("task %u ", i + 1);
      g_autofree char *folder = folder_for_manifest (t->folder, path);
      g_autofree char *name = t->name ? g_strdup (t->name) : g_strdup_printf ("%u", i + 1);
      g_key_file_set_string (kf, group, "name", name);
      g_key_file_set_string (kf, group, "folder", folder);
      g_key_file_set_integer (kf, group, "classes", (int) t->classes->len);
      write_classes (kf, t, prefix);
    }
  return write_manifest (kf, path, error);
}

/* The folder as the manifest names it, resolved against the manifest's folder (made
 * absolute first: the manifest's own path may be relative to the working folder). */
static char *
resolve_folder (const char *path, const char *folder)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *abs_dir = g_canonicalize_filename (dir, NULL);
  return g_path_is_absolute (folder) ? g_strdup (folder) : g_canonicalize_filename (folder, abs_dir);
}

/* Reads the n class groups (prefix + "class N") of one task into t. */
static gboolean
read_classes (GKeyFile *kf, const char *path, const char *prefix, int n, MwHandTask *t,
              GError **error)
{
  GError *local = NULL;
  for (int i = 0; i < n; i++)
    {
      g_autofree char *group = g_strdup_printf ("%sclass %d", prefix, i + 1);
      g_autofree char *name = g_key_file_get_string (kf, group, "name", &local);
      gsize ns = 0, nq = 0;
      g_auto (GStrv) support = local ? NULL : g_key_file_get_string_list (kf, group, "support", &ns, &local);
      g_auto (GStrv) query = local ? NULL : g_key_file_get_string_list (kf, group, "query", &nq, &local);
      if (local == NULL && find_class (t, name, NULL) != NULL)
        g_set_error (&local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                     _("class '%s' is listed twice"), name);
      if (local != NULL)
        {
          g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT, "%s: [%s]: %s", path,
                       group, local->message);
          g_error_free (local);
          return FALSE;
        }
      MwHandClass *c = mw_hand_task_class (t, name);
      for (gsize k = 0; k < ns; k++)
        g_ptr_array_add (c->support, g_strdup (support[k]));
      for (gsize k = 0; k < nq; k++)
        g_ptr_array_add (c->query, g_strdup (query[k]));
    }
  return TRUE;
}

/* One [task N] group of a version 2 manifest and its classes. */
static MwHandTask *
read_task (GKeyFile *kf, const char *path, int index, GHashTable *names, GError **error)
{
  GError *local = NULL;
  g_autofree char *group = g_strdup_printf ("task %d", index);
  g_autofree char *name = g_key_file_get_string (kf, group, "name", &local);
  g_autofree char *folder = local ? NULL : g_key_file_get_string (kf, group, "folder", &local);
  int n = local ? 0 : g_key_file_get_integer (kf, group, "classes", &local);
  if (local == NULL && (n < 0 || n > 100000))
    g_set_error (&local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                 _("'classes' is out of range"));
  else if (local == NULL && *name == '\0')
    g_set_error (&local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                 _("the task has an empty name"));
  else if (local == NULL && !g_hash_table_add (names, g_strdup (name)))
    g_set_error (&local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                 _("task '%s' is listed twice"), name);
  if (local != NULL)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT, "%s: [%s]: %s", path, group,
                   local->message);
      g_error_free (local);
      return NULL;
    }
  g_autofree char *resolved = resolve_folder (path, folder);
  MwHandTask *t = mw_hand_task_new (resolved);
  t->name = g_steal_pointer (&name);
  g_autofree char *prefix = g_strdup_printf ("task %d ", index);
  if (!read_classes (kf, path, prefix, n, t, error))
    {
      mw_hand_task_free (t);
      return NULL;
    }
  return t;
}

GPtrArray *
mw_hand_task_load_all (const char *path, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  GError *local = NULL;
  /* Only a regular file; refused, naming the line, when binary, not UTF-8 or cut short. */
  if (!mw_text_file_load_key_file (kf, path, G_KEY_FILE_NONE, &local))
    {
      g_set_error (error, MW_DATASET_ERROR,
                   g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT)
                     ? MW_DATASET_ERROR_NOT_FOUND : MW_DATASET_ERROR_CORRUPT,
                   _("%s is not a readable task manifest: %s"), path, local->message);
      g_error_free (local);
      return NULL;
    }
  int version = g_key_file_get_integer (kf, "task", "version", &local);
  gboolean sets = local == NULL && version == MANIFEST_VERSION_SETS;
  g_autofree char *folder = local || sets ? NULL : g_key_file_get_string (kf, "task", "folder", &local);
  int n = local ? 0 : g_key_file_get_integer (kf, "task", sets ? "tasks" : "classes", &local);
  if (local == NULL && ((version != MANIFEST_VERSION && !sets) || n < 0 || n > 100000))
    g_set_error (&local, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                 version != MANIFEST_VERSION && !sets
                   ? _("version %d is not supported (this program reads versions 1 and 2)")
                   : sets ? _("'tasks' is out of range") : _("'classes' is out of range"), version);
  if (local != NULL)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   _("%s: [task] is incomplete or wrong: %s"), path, local->message);
      g_error_free (local);
      return NULL;
    }
  GPtrArray *tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) mw_hand_task_free);
  if (!sets)
    {
      g_autofree char *resolved = resolve_folder (path, folder);
      MwHandTask *t = mw_hand_task_new (resolved);
      g_ptr_array_add (tasks, t);
      if (!read_classes (kf, path, "", n, t, error))
        g_clear_pointer (&tasks, g_ptr_array_unref);
      return tasks;
    }
  g_autoptr (GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int i = 0; i < n; i++)
    {
      MwHandTask *t = read_task (kf, path, i + 1, names, error);
      if (t == NULL)
        {
          g_ptr_array_unref (tasks);
          return NULL;
        }
      g_ptr_array_add (tasks, t);
    }
  return tasks;
}

MwHandTask *
mw_hand_task_load (const char *path, GError **error)
{
  g_autoptr (GPtrArray) tasks = mw_hand_task_load_all (path, error);
  if (tasks == NULL)
    return NULL;
  if (tasks->len != 1)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   g_dngettext (GETTEXT_PACKAGE, "%s holds %u task, not one",
                                "%s holds %u tasks, not one", tasks->len),
                   path, tasks->len);
      return NULL;
    }
  return g_ptr_array_steal_index (tasks, 0);
}

/* ---- building ---- */

void
mw_hand_episode_free (MwHandEpisode *e)
{
  if (e == NULL)
    return;
  mw_tensor_free (e->support_x);
  mw_tensor_free (e->query_x);
  g_free (e->support_labels);
  g_free (e->query_labels);
  g_free (e->support_class);
  g_free (e->support_item);
  g_free (e->query_class);
  g_free (e->query_item);
  g_free (e);
}

/* The dataset image of file in class c, or -1. */
static int
find_item (const MwDataset *ds, int c, const char *file)
{
  for (int k = 0; k < mw_dataset_class_size (ds, c); k++)
    {
      g_autofree char *base = g_path_get_basename (mw_dataset_image_source (ds, c, k));
      if (g_str_equal (base, file))
        return k;
    }
  return -1;
}

/* Why file of class `cls` is missing from ds: a reason it was skipped, or absent. */
static char *
missing_reason (const MwDataset *ds, const char *folder, const char *cls, const char *file)
{
  g_autofree char *path = g_build_filename (folder, cls, file, NULL);
  for (guint i = 0; ds->skipped != NULL && i < ds->skipped->len; i++)
    {
      const MwSkippedFile *s = ds->skipped->pdata[i];
      if (g_str_equal (s->path, path))
        return g_strdup_printf (_("%s cannot be used: %s"), path, s->reason);
    }
  return g_strdup_printf (_("%s is not in the folder"), path);
}

MwHandEpisode *
mw_hand_task_build (const MwHandTask *t, const MwDataset *ds, GError **error)
{
  int ways = (int) t->classes->len;
  if (ways < 2)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("a task needs at least 2 classes; it has %d"), ways);
      return NULL;
    }
  const MwHandClass *first = t->classes->pdata[0];
  int shots = (int) first->support->len, n_query = 0;
  int *ds_class = g_new (int, ways);
  for (int i = 0; i < ways; i++)
    {
      const MwHandClass *c = t->classes->pdata[i];
      ds_class[i] = -1;
      for (int k = 0; k < ds->n_classes; k++)
        if (g_str_equal (ds->class_names[k], c->name))
          ds_class[i] = k;
      if (ds_class[i] < 0)
        g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                     _("class '%s' is not a class of the folder %s (or none of its images can "
                       "be read)"), c->name, t->folder);
      else if (c->support->len == 0 || (int) c->support->len != shots)
        g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                     _("every class needs the same number K ≥ 1 of support images: '%s' has "
                       "%d, '%s' has %u"), first->name, shots, c->name, c->support->len);
      if (ds_class[i] < 0 || c->support->len == 0 || (int) c->support->len != shots)
        {
          g_free (ds_class);
          return NULL;
        }
      n_query += (int) c->query->len;
    }
  if (n_query == 0)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("the task has no query images: mark at least one image as query"));
      g_free (ds_class);
      return NULL;
    }
  MwHandEpisode *e = g_new0 (MwHandEpisode, 1);
  int ns = ways * shots;
  int sshape[4] = { ns, ds->height, ds->width, ds->channels };
  int qshape[4] = { n_query, ds->height, ds->width, ds->channels };
  e->support_x = mw_tensor_new (4, sshape);
  e->query_x = mw_tensor_new (4, qshape);
  e->support_labels = g_new (int32_t, ns);
  e->query_labels = g_new (int32_t, n_query);
  e->support_class = g_new (int, ns);
  e->support_item = g_new (int, ns);
  e->query_class = g_new (int, n_query);
  e->query_item = g_new (int, n_query);
  size_t row = (size_t) ds->height * ds->width * ds->channels;
  int s_row = 0, q_row = 0;
  for (int i = 0; i < ways; i++)
    {
      const MwHandClass *c = t->classes->pdata[i];
      for (int role = 0; role < 2; role++)
        {
          GPtrArray *names = role == 0 ? c->support : c->query;
          for (guint k = 0; k < names->len; k++)
            {
              int item = find_item (ds, ds_class[i], names->pdata[k]);
              if (item < 0)
                {
                  g_autofree char *why = missing_reason (ds, t->folder, c->name, names->pdata[k]);
                  g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND, "%s", why);
                  g_free (ds_class);
                  mw_hand_episode_free (e);
                  return NULL;
                }
              int r = role == 0 ? s_row++ : q_row++;
              MwTensor *x = role == 0 ? e->support_x : e->query_x;
              mw_dataset_copy_image (ds, ds_class[i], item, x->data + (size_t) r * row);
              (role == 0 ? e->support_labels : e->query_labels)[r] = i;
              (role == 0 ? e->support_class : e->query_class)[r] = ds_class[i];
              (role == 0 ? e->support_item : e->query_item)[r] = item;
            }
        }
    }
  g_free (ds_class);
  e->task = (MwTask) { .regression = false, .ways = ways, .shots = shots,
                       .support_x = e->support_x, .query_x = e->query_x,
                       .support_labels = e->support_labels, .query_labels = e->query_labels };
  return e;
}
