/* mw-cli-make-tasks.c: `make-tasks ROOT -o FILE`: a manifest of hand-built tasks from a
 * folder layout ROOT/TASK/CLASS/{support*,query*}: each sub-folder of ROOT is a task,
 * each of its sub-folders a class, and a file's name says its role.  The manifest is
 * what `eval --tasks` and the window's task builder open. */
#include "config.h"
#include "mw-cli-eval.h"
#include "mw-core.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

/* Names go into a UTF-8 key file: others are refused, naming the path. */
static gboolean
check_name (const char *path, const char *name, GError **error)
{
  if (g_utf8_validate (name, -1, NULL))
    return TRUE;
  g_autofree char *shown = g_filename_display_name (path);
  g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
               _("%s: the name is not valid UTF-8; rename it"), shown);
  return FALSE;
}

/* One class folder: files named support* and query*, anything else refused. */
static gboolean
read_class (MwHandTask *t, const char *task_dir, const char *cls, GError **error)
{
  g_autofree char *dir = g_build_filename (task_dir, cls, NULL);
  g_autofree char *shown = g_filename_display_name (dir);
  g_autoptr (GPtrArray) files = mw_input_folder_names (dir, error);
  if (files == NULL)
    return FALSE;
  for (guint i = 0; i < files->len; i++)
    {
      const char *f = files->pdata[i];
      g_autofree char *path = g_build_filename (dir, f, NULL);
      if (!check_name (path, f, error))
        return FALSE;
      MwHandRole role = g_str_has_prefix (f, "support") ? MW_HAND_ROLE_SUPPORT
                        : g_str_has_prefix (f, "query") ? MW_HAND_ROLE_QUERY : MW_HAND_ROLE_NONE;
      if (role == MW_HAND_ROLE_NONE || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          g_autofree char *fshown = g_filename_display_name (path);
          g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                       _("%s: a class folder holds only image files named support… or "
                         "query…"), fshown);
          return FALSE;
        }
      mw_hand_task_set_role (t, cls, f, role);
    }
  MwHandClass *c = mw_hand_task_class (t, cls);
  if (c->support->len == 0)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("%s has no support image (a file whose name starts with \"support\")"), shown);
      return FALSE;
    }
  return TRUE;
}

/* One task folder: at least two classes, each with as many support images as the first. */
static MwHandTask *
read_task (const char *root, const char *name, GError **error)
{
  g_autofree char *dir = g_build_filename (root, name, NULL);
  g_autofree char *shown = g_filename_display_name (dir);
  if (!check_name (dir, name, error))
    return NULL;
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("%s is not a folder: ROOT holds one folder per task"), shown);
      return NULL;
    }
  g_autoptr (GPtrArray) classes = mw_input_folder_names (dir, error);
  if (classes == NULL)
    return NULL;
  MwHandTask *t = mw_hand_task_new (dir);
  t->name = g_strdup (name);
  int n_query = 0;
  for (guint i = 0; i < classes->len; i++)
    {
      const char *cls = classes->pdata[i];
      g_autofree char *cdir = g_build_filename (dir, cls, NULL);
      g_autofree char *cshown = g_filename_display_name (cdir);
      if (!check_name (cdir, cls, error))
        goto fail;
      if (!g_file_test (cdir, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                       _("%s is not a folder: a task folder holds one folder per class"), cshown);
          goto fail;
        }
      if (!read_class (t, dir, cls, error))
        goto fail;
      MwHandClass *c = t->classes->pdata[i], *first = t->classes->pdata[0];
      if (c->support->len != first->support->len)
        {
          g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                       _("%s has %u support images but %s has %u: every class of a task needs "
                         "the same number"), cshown, c->support->len, first->name,
                       first->support->len);
          goto fail;
        }
      n_query += (int) c->query->len;
    }
  if (t->classes->len < 2 || n_query == 0)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   t->classes->len < 2 ? _("%s: a task needs at least 2 class folders")
                                       : _("%s: the task has no query image (a file whose name "
                                           "starts with \"query\")"), shown);
      goto fail;
    }
  return t;

fail:
  mw_hand_task_free (t);
  return NULL;
}

int
mw_cli_make_tasks (int argc, char **argv)
{
  g_autofree char *out = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The manifest to write"), "FILE" },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = g_option_context_new (
    N_("ROOT - a task manifest from ROOT/TASK/CLASS/{support*,query*} images"));
  g_option_context_set_translation_domain (octx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  GError *error = NULL;
  if (!g_option_context_parse (octx, &argc, &argv, &error) || argc != 2 || out == NULL)
    {
      fprintf (stderr, "make-tasks: %s\n", error ? error->message : _("give ROOT and -o FILE"));
      g_clear_error (&error);
      return 2;
    }
  const char *root = argv[1];
  g_autoptr (GPtrArray) names = mw_input_folder_names (root, &error);
  g_autoptr (GPtrArray) tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) mw_hand_task_free);
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      MwHandTask *t = read_task (root, names->pdata[i], &error);
      if (t == NULL)
        break;
      g_ptr_array_add (tasks, t);
    }
  if (error == NULL && tasks->len == 0)
    {
      g_autofree char *shown = g_filename_display_name (root);
      g_set_error (&error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY,
                   _("%s holds no task folders (ROOT/TASK/CLASS/support….png)"), shown);
    }
  if (error == NULL)
    mw_hand_task_save_all (tasks, out, &error);
  if (error != NULL)
    {
      fprintf (stderr, "make-tasks: %s\n", error->message);
      g_error_free (error);
      return 1;
    }
  g_autofree char *shown = g_filename_display_name (out);
  printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %u task to %s\n", "Wrote %u tasks to %s\n",
                       tasks->len), tasks->len, shown);
  return 0;
}
