/* mw-handout.c: handouts, experiment files with a lesson (see mw-handout.h). */
#include "config.h"
#include "mw-handout.h"
#include "mw-input-file.h"
#include "mw-text-file.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (mw-handout-error-quark, mw_handout_error)

#define FAIL(code, ...)                                                                   \
  do                                                                                      \
    {                                                                                     \
      g_set_error (error, MW_HANDOUT_ERROR, code, __VA_ARGS__);                           \
      return FALSE;                                                                       \
    }                                                                                     \
  while (0)

/* The experiment file's groups and keys as its writer lays them out, so what a
 * handout can lock cannot drift from the settings table in mw-experiment.c. */
static GKeyFile *
experiment_layout (void)
{
  MwExperimentConfig c;
  GKeyFile *kf = g_key_file_new ();

  mw_experiment_config_init (&c, MW_ALGO_MAML);
  g_autofree char *text = mw_experiment_config_to_data (&c);
  mw_experiment_config_clear (&c);
  g_key_file_load_from_data (kf, text, (gsize) -1, G_KEY_FILE_NONE, NULL);
  return kf;
}

static gboolean
layout_has_key (GKeyFile *layout, const char *key)
{
  g_auto (GStrv) groups = g_key_file_get_groups (layout, NULL);
  for (char **g = groups; *g; g++)
    if (g_key_file_has_key (layout, *g, key, NULL))
      return TRUE;
  return FALSE;
}

gboolean
mw_handout_is_setting (const char *key)
{
  g_return_val_if_fail (key != NULL, FALSE);
  g_autoptr (GKeyFile) layout = experiment_layout ();
  return layout_has_key (layout, key);
}

void
mw_handout_init (MwHandout *h)
{
  memset (h, 0, sizeof *h);
  mw_experiment_config_init (&h->config, MW_ALGO_MAML);
  h->title = g_strdup ("");
  h->instructions = g_strdup ("");
  h->locked = g_new0 (char *, 1);
}

void
mw_handout_clear (MwHandout *h)
{
  mw_experiment_config_clear (&h->config);
  g_clear_pointer (&h->title, g_free);
  g_clear_pointer (&h->instructions, g_free);
  g_clear_pointer (&h->locked, g_strfreev);
}

void
mw_handout_copy (MwHandout *dst, const MwHandout *src)
{
  mw_experiment_config_copy (&dst->config, &src->config);
  dst->has_lesson = src->has_lesson;
  dst->title = g_strdup (src->title);
  dst->instructions = g_strdup (src->instructions);
  dst->locked = g_strdupv (src->locked);
}

gboolean
mw_handout_is_locked (const MwHandout *h, const char *key)
{
  return h->locked != NULL && key != NULL && g_strv_contains ((const char *const *) h->locked, key);
}

/* Checks @keys against the settings and drops repeats; the message names the
 * first key that is not a setting. */
static char **
checked_keys (const char *const *keys, GKeyFile *layout, const char *filename, GError **error)
{
  g_autoptr (GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  for (const char *const *k = keys; k != NULL && *k != NULL; k++)
    {
      g_autofree char *key = g_strstrip (g_strdup (*k));
      if (*key == '\0' || g_ptr_array_find_with_equal_func (out, key, g_str_equal, NULL))
        continue;
      if (!layout_has_key (layout, key))
        {
          if (filename != NULL)
            g_set_error (error, MW_HANDOUT_ERROR, MW_HANDOUT_ERROR_LOCKED,
                         _("%s: [handout] locked: '%s' is not a setting of experiment files"),
                         filename, key);
          else
            g_set_error (error, MW_HANDOUT_ERROR, MW_HANDOUT_ERROR_LOCKED,
                         _("'%s' is not a setting of experiment files, so it cannot be locked"),
                         key);
          return NULL;
        }
      g_ptr_array_add (out, g_steal_pointer (&key));
    }
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

gboolean
mw_handout_set_locked (MwHandout *h, const char *const *keys, GError **error)
{
  g_autoptr (GKeyFile) layout = experiment_layout ();
  char **checked = checked_keys (keys, layout, NULL, error);
  if (checked == NULL)
    return FALSE;
  g_strfreev (h->locked);
  h->locked = checked;
  return TRUE;
}

static const char *const lesson_keys[] = { "version", "title", "instructions", "locked" };

/* A key of [handout]; title and instructions may come translated ("title[zh_CN]"). */
static gboolean
is_lesson_key (const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS (lesson_keys); i++)
    if (g_str_equal (key, lesson_keys[i]))
      return TRUE;
  return (g_str_has_prefix (key, "title[") || g_str_has_prefix (key, "instructions["))
         && g_str_has_suffix (key, "]");
}

static gboolean
read_lesson (MwHandout *h, GKeyFile *kf, GKeyFile *layout, const char *filename, GError **error)
{
  const char *group = MW_HANDOUT_GROUP;
  g_auto (GStrv) keys = g_key_file_get_keys (kf, group, NULL, NULL);
  for (char **k = keys; keys != NULL && *k != NULL; k++)
    if (!is_lesson_key (*k))
      FAIL (MW_HANDOUT_ERROR_KEY,
            _("%s: unknown key '%s' in group [handout] (it has version, title, instructions "
              "and locked)"), filename, *k);

  /* The version comes first: a newer format may mean anything by the rest. */
  g_autofree char *version = g_key_file_get_value (kf, group, "version", NULL);
  gint64 v = 0;
  if (version == NULL)
    FAIL (MW_HANDOUT_ERROR_VERSION, _("%s: group [handout] has no version (add version=%d)"),
          filename, MW_HANDOUT_VERSION);
  if (!g_ascii_string_to_signed (version, 10, 1, G_MAXINT, &v, NULL))
    FAIL (MW_HANDOUT_ERROR_VERSION,
          _("%s: [handout] version '%s' is not a format version (this Meta Workbench reads "
            "version %d)"), filename, version, MW_HANDOUT_VERSION);
  if (v > MW_HANDOUT_VERSION)
    FAIL (MW_HANDOUT_ERROR_VERSION,
          _("%s: [handout] version %d is newer than this Meta Workbench reads (version %d)"),
          filename, (int) v, MW_HANDOUT_VERSION);

  g_auto (GStrv) locked = g_key_file_get_string_list (kf, group, "locked", NULL, NULL);
  char **checked = checked_keys ((const char *const *) locked, layout, filename, error);
  if (checked == NULL)
    return FALSE;
  g_strfreev (h->locked);
  h->locked = checked;

  char *title = g_key_file_get_locale_string (kf, group, "title", NULL, NULL);
  char *instructions = g_key_file_get_locale_string (kf, group, "instructions", NULL, NULL);
  g_free (h->title);
  h->title = title != NULL ? title : g_strdup ("");
  g_free (h->instructions);
  h->instructions = instructions != NULL ? instructions : g_strdup ("");
  h->has_lesson = TRUE;
  return TRUE;
}

gboolean
mw_handout_load_data (MwHandout *h, const char *text, gssize length, const char *filename,
                      GError **error)
{
  g_return_val_if_fail (h != NULL && text != NULL && filename != NULL, FALSE);

  gsize len = length < 0 ? strlen (text) : (gsize) length;
  if (len > MW_HANDOUT_MAX_SIZE)
    {
      g_autofree char *size = g_format_size (len);
      FAIL (MW_HANDOUT_ERROR_NOT_EXPERIMENT,
            _("%s is not an experiment file: it is too large (%s)"), filename, size);
    }
  g_autoptr (GError) local = NULL;
  /* A NUL byte, bytes that are not UTF-8, a file cut short: named with its line. */
  if (!mw_text_file_check (text, len, filename, &local))
    FAIL (MW_HANDOUT_ERROR_NOT_EXPERIMENT, "%s", local->message);

  /* NUL-terminated for the experiment loader. */
  g_autofree char *copy = g_strndup (text, len);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  if (!g_key_file_load_from_data (kf, copy, len, G_KEY_FILE_NONE, &local))
    FAIL (MW_HANDOUT_ERROR_NOT_EXPERIMENT, _("%s is not an experiment file: %s"), filename,
          local->message);

  /* Some other key file (a .desktop file, say) has none of the groups. */
  g_autoptr (GKeyFile) layout = experiment_layout ();
  g_auto (GStrv) known = g_key_file_get_groups (layout, NULL);
  gboolean recognised = g_key_file_has_group (kf, MW_HANDOUT_GROUP);
  for (char **g = known; *g != NULL && !recognised; g++)
    recognised = g_key_file_has_group (kf, *g);
  if (!recognised)
    {
      g_autoptr (GString) list = g_string_new (NULL);
      for (char **g = known; *g != NULL; g++)
        g_string_append_printf (list, "[%s] ", *g);
      g_string_append_printf (list, "[%s]", MW_HANDOUT_GROUP);
      FAIL (MW_HANDOUT_ERROR_NOT_EXPERIMENT,
            _("%s is not an experiment file: it has none of the groups %s"), filename, list->str);
    }

  MwHandout next;
  mw_handout_init (&next);
  if (!mw_experiment_config_load_data (&next.config, copy, &local))
    {
      mw_handout_clear (&next);
      FAIL (MW_HANDOUT_ERROR_SETTING, "%s: %s", filename, local->message);
    }
  if (g_key_file_has_group (kf, MW_HANDOUT_GROUP)
      && !read_lesson (&next, kf, layout, filename, error))
    {
      mw_handout_clear (&next);
      return FALSE;
    }

  mw_handout_clear (h);
  *h = next;
  return TRUE;
}

gboolean
mw_handout_load (MwHandout *h, const char *path, GError **error)
{
  gsize length = 0;
  /* Only a regular file, of at most MW_HANDOUT_MAX_SIZE bytes; the message names it. */
  GError *local = NULL;
  g_autofree char *text = mw_input_file_read (path, MW_HANDOUT_MAX_SIZE, NULL, NULL, &length,
                                              &local);
  if (text == NULL)
    {
      /* A file that is there but is no experiment file (a FIFO, 3 GB of something) is
       * the same to the window as one with the wrong contents. */
      if (local->domain == G_FILE_ERROR)
        g_propagate_error (error, local);
      else
        {
          g_set_error_literal (error, MW_HANDOUT_ERROR, MW_HANDOUT_ERROR_NOT_EXPERIMENT,
                               local->message);
          g_error_free (local);
        }
      return FALSE;
    }
  g_autofree char *name = g_filename_display_name (path);
  if (!mw_handout_load_data (h, text, (gssize) length, name, error))
    return FALSE;
  /* A folder named relative to the handout is beside it, wherever the two are now. */
  if (mw_data_info (h->config.data)->needs_path && *h->config.data_path != '\0'
      && !g_path_is_absolute (h->config.data_path))
    {
      g_autofree char *dir = g_path_get_dirname (path);
      char *absolute = g_canonicalize_filename (h->config.data_path, dir);
      g_free (h->config.data_path);
      h->config.data_path = absolute;
    }
  return TRUE;
}

char *
mw_handout_to_data (const MwHandout *h)
{
  g_autoptr (GKeyFile) lesson = g_key_file_new ();
  const char *group = MW_HANDOUT_GROUP;

  /* Comments for the teacher who edits the file by hand; not translated, like
   * the experiment's. */
  g_key_file_set_integer (lesson, group, "version", MW_HANDOUT_VERSION);
  g_key_file_set_comment (lesson, group, "version", " format of this group", NULL);
  g_key_file_set_string (lesson, group, "title", h->title != NULL ? h->title : "");
  g_key_file_set_comment (lesson, group, "title", " shown at the top of the window", NULL);
  g_key_file_set_string (lesson, group, "instructions",
                         h->instructions != NULL ? h->instructions : "");
  g_key_file_set_comment (lesson, group, "instructions", " what the students do (\\n: new line)",
                          NULL);
  g_key_file_set_string_list (lesson, group, "locked", (const char *const *) h->locked,
                              h->locked != NULL ? g_strv_length (h->locked) : 0);
  g_key_file_set_comment (lesson, group, "locked",
                          " settings students cannot change (keys below, ; between them)", NULL);
  g_key_file_set_comment (lesson, group, NULL, " The lesson (Meta Workbench handout)", NULL);
  g_autofree char *lesson_text = g_key_file_to_data (lesson, NULL, NULL);

  /* The lesson goes between the experiment's first comment (which desktops
   * recognise the file by) and its settings. */
  g_autofree char *experiment = mw_experiment_config_to_data (&h->config);
  const char *settings = strstr (experiment, "\n[");
  if (settings == NULL)
    return g_strconcat (experiment, "\n", lesson_text, NULL);
  g_autofree char *head = g_strndup (experiment, (gsize) (settings + 1 - experiment));
  return g_strconcat (head, lesson_text, "\n", settings + 1, NULL);
}

char *
mw_handout_portable_path (const MwExperimentConfig *config, const char *handout_path,
                          gboolean *absolute)
{
  g_return_val_if_fail (config != NULL && handout_path != NULL, NULL);

  if (absolute != NULL)
    *absolute = FALSE;
  if (!mw_data_info (config->data)->needs_path || config->data == MW_DATA_OMNIGLOT
      || config->data_path == NULL || *config->data_path == '\0')
    return g_strdup ("");

  g_autofree char *dir = g_path_get_dirname (handout_path);
  g_autofree char *base = g_canonicalize_filename (dir, NULL);
  g_autofree char *folder = g_canonicalize_filename (config->data_path, NULL);
  gsize n = strlen (base);
  if (g_str_equal (folder, base) && g_utf8_validate (base, -1, NULL))
    return g_strdup (".");   /* the handout is saved in the image folder itself */
  /* Inside the handout's folder (not the folder itself): relative, with '/' on every
   * system, as key files are shared. */
  if (g_str_has_prefix (folder, base) && folder[n] != '\0'
      && (G_IS_DIR_SEPARATOR (folder[n]) || G_IS_DIR_SEPARATOR (base[n - 1])))
    {
      const char *rest = folder + n;
      while (G_IS_DIR_SEPARATOR (*rest))
        rest++;
      /* A name that is not UTF-8 is written as a file:// URI, which is absolute. */
      if (g_utf8_validate (rest, -1, NULL))
        {
          char *relative = g_strdup (rest);
          for (char *c = relative; *c != '\0'; c++)
            if (G_IS_DIR_SEPARATOR (*c))
              *c = '/';
          return relative;
        }
    }
  if (absolute != NULL)
    *absolute = TRUE;
  return g_steal_pointer (&folder);
}

/* A folder that holds Omniglot's background set, as its zip or extracted. */
static gboolean
holds_omniglot (const char *dir)
{
  g_autofree char *zip = g_build_filename (dir, "images_background.zip", NULL);
  g_autofree char *folder = g_build_filename (dir, "images_background", NULL);
  return g_file_test (zip, G_FILE_TEST_IS_REGULAR) || g_file_test (folder, G_FILE_TEST_IS_DIR);
}

char *
mw_handout_find_omniglot (const char *preferred)
{
  g_autofree char *data_dir = g_build_filename (g_get_user_data_dir (), "meta-workbench",
                                                "omniglot", NULL);
  const char *candidates[] = { preferred, g_getenv ("MW_OMNIGLOT_DIR"), data_dir };

  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    if (candidates[i] != NULL && *candidates[i] != '\0' && holds_omniglot (candidates[i]))
      return g_strdup (candidates[i]);
  return NULL;
}

gboolean
mw_handout_save (const MwHandout *h, const char *path, GError **error)
{
  MwHandout portable;
  mw_handout_copy (&portable, h);
  g_free (portable.config.data_path);
  portable.config.data_path = mw_handout_portable_path (&h->config, path, NULL);
  g_autofree char *data = mw_handout_to_data (&portable);
  mw_handout_clear (&portable);
  /* With an end line, so a file cut short is refused when it is read back. */
  g_autofree char *text = mw_text_file_seal (data);
  /* g_file_set_contents writes a temporary file and renames it over path. */
  return g_file_set_contents (path, text, -1, error);
}
