/* mw-image-folder.c: a dataset from any folder of class sub-folders of PNG or JPEG
 * images — how users bring their own pictures.
 *
 * Classes are the sub-folders, sorted by name (byte order, so the class indices do not
 * depend on the locale); images are their .png/.jpg/.jpeg files, sorted.  A file that
 * cannot be used does not stop the load: it goes to ds->skipped with the reason, and
 * the dialog can show it.  Images are stretched to height × width (no cropping) with
 * the antialiasing resampler; colour becomes luminance when channels == 1.
 *
 * Ink polarity: a scan or photo usually has light paper, Omniglot as the models see it
 * has dark paper.  Inverting, when asked, is done on the decoded 8-bit image before
 * resampling, exactly as the Omniglot loader does, so that both loaders give the same
 * bytes for the same file. */
#include "config.h"
#include "mw-input-file.h"
#include "mw-dataset.h"
#include "mw-dataset-private.h"
#include "mw-image-cache.h"
#include "mw-image-decode.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  MwImageCandidate *cands;
  int n_cands;
  int height, width, channels;
  gboolean invert;            /* 255 − v before resampling */
  uint8_t *pixels;            /* one slot per candidate */
  /* Progress: files done so far (all workers), reported from the calling thread. */
  gint done;
  gint cancelled;
  MwLoadProgress progress;
  gpointer user_data;
} FolderJob;

static gboolean
has_image_extension (const char *name)
{
  const char *dot = strrchr (name, '.');
  return dot != NULL && (g_ascii_strcasecmp (dot, ".png") == 0
                         || g_ascii_strcasecmp (dot, ".jpg") == 0
                         || g_ascii_strcasecmp (dot, ".jpeg") == 0);
}


/* "device:inode" of the folder path leads to (following links), in buf; "" if none. */
static const char *
folder_key (const char *path, char buf[64])
{
  GStatBuf st;
  if (g_stat (path, &st) != 0)
    buf[0] = '\0';
  else
    g_snprintf (buf, 64, "%ju:%ju", (uintmax_t) st.st_dev, (uintmax_t) st.st_ino);
  return buf;
}

/* Which entry of top is the class of each folder: a folder reached both as itself
 * and through links (or through several links) is one class, named by the folder
 * itself where it is among the entries, else by the first link in order. */
/* Whether a file beside the class folders is a task manifest (a key file, *.ini). */
static gboolean
is_task_manifest_name (const char *name)
{
  return g_str_has_suffix (name, ".ini");
}

static GHashTable *
class_folder_owners (const char *dir, GPtrArray *top)
{
  GHashTable *owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (int pass = 0; pass < 2; pass++)
    for (guint t = 0; t < top->len; t++)
      {
        g_autofree char *path = g_build_filename (dir, top->pdata[t], NULL);
        gboolean link = g_file_test (path, G_FILE_TEST_IS_SYMLINK);
        char key[64];
        /* Real folders first, links second. */
        if (link != (pass == 1) || !g_file_test (path, G_FILE_TEST_IS_DIR)
            || !*folder_key (path, key) || g_hash_table_contains (owners, key))
          continue;
        g_hash_table_insert (owners, g_strdup (key), top->pdata[t]);
      }
  return owners;
}

static gboolean decode_one (FolderJob *job, int i);

static gboolean
decode_candidate (int i, int worker, gpointer data)
{
  FolderJob *job = data;
  MwImageCandidate *c = &job->cands[i];
  gboolean go_on = !g_atomic_int_get (&job->cancelled);
  if (go_on && c->reason == NULL)
    go_on = decode_one (job, i);
  int done = g_atomic_int_add (&job->done, 1) + 1;
  /* Only the calling thread reports, so the callback need not be thread-safe. */
  if (worker == 0 && job->progress != NULL && !job->progress (done, job->n_cands, job->user_data))
    g_atomic_int_set (&job->cancelled, 1);
  return go_on && !g_atomic_int_get (&job->cancelled);
}

static gboolean
decode_one (FolderJob *job, int i)
{
  MwImageCandidate *c = &job->cands[i];
  GError *err = NULL;
  MwImage img;
  if (!mw_image_decode_file (c->path, job->channels, &img, &err))
    {
      g_autofree char *shown = g_filename_display_name (c->path);
      c->reason = g_strdup (mw_image_error_reason (err, shown));
      g_error_free (err);
      return TRUE;
    }
  if (job->invert)
    {
      size_t n = (size_t) img.width * img.height * img.channels;
      for (size_t p = 0; p < n; p++)
        img.pixels[p] = (uint8_t) (255 - img.pixels[p]);
    }
  size_t bytes = (size_t) job->height * job->width * job->channels;
  mw_resample_u8 (img.pixels, img.height, img.width, job->channels,
                  job->pixels + (size_t) i * bytes, job->height, job->width);
  mw_image_clear (&img);
  return TRUE;
}

MwDataset *
mw_image_folder_load (const char *dir, int height, int width, int channels, GError **error)
{
  return mw_image_folder_load_full (dir, height, width, channels, NULL, NULL, error);
}

MwDataset *
mw_image_folder_load_full (const char *dir, int height, int width, int channels,
                           MwLoadProgress progress, gpointer user_data, GError **error)
{
  MwFolderLoad load = { height, width, channels, 0, FALSE, progress, user_data, -1, FALSE };
  return mw_image_folder_load_with (dir, &load, error);
}

/* Mean of the outermost ring of pixels of an 8-bit image, in [0, 1]: paper shows
 * there, ink rarely does. */
static double
border_brightness (const MwImage *img)
{
  int h = img->height, w = img->width, ch = img->channels;
  double sum = 0;
  size_t n = 0;
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        if (y != 0 && y != h - 1 && x != 0 && x != w - 1)
          {
            x = w - 2;  /* jump to the right edge */
            continue;
          }
        const uint8_t *p = img->pixels + ((size_t) y * w + x) * ch;
        for (int c = 0; c < ch; c++)
          sum += p[c];
        n += ch;
      }
  return n ? sum / (255.0 * n) : -1;
}

#define BORDER_SAMPLE 64

/* The files' border brightness, from up to BORDER_SAMPLE usable candidates spread
 * evenly over the folder (cheap next to the load, and the same answer for a resumed
 * run as long as the folder is the same). */
static double
sample_border (const MwImageCandidate *cands, int n_cands, int channels, MwLoadProgress progress,
               gpointer user_data, gboolean *cancelled)
{
  int usable = 0;
  for (int i = 0; i < n_cands; i++)
    usable += cands[i].reason == NULL;
  if (usable == 0)
    return -1;
  int want = MIN (usable, BORDER_SAMPLE), u = 0, n_read = 0;
  double sum = 0;
  for (int i = 0; i < n_cands; i++)
    {
      if (cands[i].reason != NULL)
        continue;
      /* Taken where floor (u · want / usable) steps up: want files, evenly spread. */
      gboolean take = (gint64) u * want / usable != ((gint64) u + 1) * want / usable;
      u++;
      /* Large photos take a while each: the caller may stop the load meanwhile. */
      if (take && progress != NULL && !progress (0, n_cands, user_data))
        {
          *cancelled = TRUE;
          return -1;
        }
      MwImage img;
      if (take && mw_image_decode_file (cands[i].path, channels, &img, NULL))
        {
          sum += border_brightness (&img);
          n_read++;
          mw_image_clear (&img);
        }
    }
  return n_read > 0 ? sum / n_read : -1;
}

gboolean
mw_image_load_check (MwFolderLoad *load, GError **error)
{
  load->file_border = -1;
  load->inverted = FALSE;
  int height = load->height, width = load->width, channels = load->channels;
  if (height < 1 || width < 1 || height > 4096 || width > 4096
      || (channels != 1 && channels != 3))
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("image size %d × %d × %d is not supported (sides 1 to 4096, 1 or 3 "
                     "channels)"), height, width, channels);
      return FALSE;
    }
  return TRUE;
}

MwDataset *
mw_image_folder_load_with (const char *dir, MwFolderLoad *load, GError **error)
{
  g_return_val_if_fail (dir != NULL && load != NULL, NULL);
  int height = load->height, width = load->width, channels = load->channels;
  /* Paths are bytes; messages are UTF-8 text. */
  g_autofree char *shown = g_filename_display_name (dir);
  if (!mw_image_load_check (load, error))
    return NULL;
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND,
                   g_file_test (dir, G_FILE_TEST_EXISTS)
                     ? _("%s is not a folder (choose a folder whose sub-folders are classes)")
                     : _("folder %s does not exist"), shown);
      return NULL;
    }
  GError *local = NULL;
  GPtrArray *top = mw_input_folder_names (dir, &local);
  if (top == NULL)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND, "%s", local->message);
      g_error_free (local);
      return NULL;
    }
  char *base = g_path_get_basename (shown);
  char *name = g_strdup_printf ("folder %s", base);
  MwDataset *ds = mw_dataset_alloc (name, height, width, channels);
  g_free (base);
  g_free (name);

  /* Walk: class folders, then their files. */
  GPtrArray *class_dirs = g_ptr_array_new_with_free_func (g_free);
  GArray *cands = g_array_new (FALSE, TRUE, sizeof (MwImageCandidate));
  g_array_set_clear_func (cands, mw_image_candidate_clear);
  GHashTable *folders = class_folder_owners (dir, top);
  for (guint t = 0; t < top->len; t++)
    {
      char *cdir = g_build_filename (dir, top->pdata[t], NULL);
      if (!g_file_test (cdir, G_FILE_TEST_IS_DIR))
        {
          /* Task manifests belong beside the class folders (the task builder saves
           * one there, make-tasks may): they are the program's own, not bad files. */
          if (!is_task_manifest_name (top->pdata[t]))
            mw_dataset_add_skipped (ds, cdir, _("not inside a class folder (each class is "
                                                "a sub-folder)"));
          g_free (cdir);
          continue;
        }
      char key[64];
      const char *owner = g_hash_table_lookup (folders, folder_key (cdir, key));
      if (owner != NULL && !g_str_equal (owner, top->pdata[t]))
        {
          g_autofree char *owner_shown = g_filename_display_name (owner);
          g_autofree char *reason = g_strdup_printf (_("a link to the class folder '%s', "
                                                       "which is loaded once, as that class"),
                                                     owner_shown);
          mw_dataset_add_skipped (ds, cdir, reason);
          g_free (cdir);
          continue;
        }
      GPtrArray *files = mw_input_folder_names (cdir, &local);
      if (files == NULL)
        {
          mw_dataset_add_skipped (ds, cdir, local->message);
          g_clear_error (&local);
          g_free (cdir);
          continue;
        }
      int cls = (int) class_dirs->len;
      g_ptr_array_add (class_dirs, g_strdup (top->pdata[t]));
      for (guint f = 0; f < files->len; f++)
        {
          MwImageCandidate c = { cls, g_build_filename (cdir, files->pdata[f], NULL), NULL };
          if (g_file_test (c.path, G_FILE_TEST_IS_DIR))
            c.reason = g_strdup (_("a folder inside a class folder (only one level is read)"));
          else if (!has_image_extension (files->pdata[f]))
            c.reason = g_strdup (_("not a PNG or JPEG image"));
          g_array_append_val (cands, c);
        }
      g_ptr_array_unref (files);
      g_free (cdir);
    }
  g_ptr_array_unref (top);
  g_hash_table_unref (folders);
  if (!mw_image_list_decode (ds, dir, shown, class_dirs, cands, load, error))
    g_clear_pointer (&ds, mw_dataset_free);
  g_array_unref (cands);
  g_ptr_array_unref (class_dirs);
  return ds;
}

void
mw_image_candidate_clear (gpointer p)
{
  MwImageCandidate *c = p;
  g_clear_pointer (&c->path, g_free);
  g_clear_pointer (&c->reason, g_free);
}

gboolean
mw_image_list_decode (MwDataset *ds, const char *dir, const char *shown, GPtrArray *class_dirs,
                      GArray *cands, MwFolderLoad *load, GError **error)
{
  int height = load->height, width = load->width, channels = load->channels;
  MwLoadProgress progress = load->progress;
  gpointer user_data = load->user_data;
  gboolean ok = TRUE;
  /* Decode in parallel into one slot per candidate.  Files are counted with int and
   * their pixels with size_t: a folder too large for either is refused, not wrapped. */
  size_t bytes = (size_t) height * width * channels, all_bytes;
  if (cands->len > G_MAXINT || !g_size_checked_mul (&all_bytes, bytes, cands->len))
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("%s holds %u files, more than can be loaded"), shown, cands->len);
      return FALSE;
    }
  int n_cands = (int) cands->len;
  gboolean cancelled = FALSE;
  MwImageCandidate *list = (MwImageCandidate *) cands->data;
  uint8_t *pixels = g_malloc (MAX (all_bytes, 1));
  /* A folder decoded before with the same files and settings is read back from the
   * cache instead: its pixels, what was wrong with each file, and what auto chose. */
  g_autofree char *cache_file = load->cache && n_cands >= MW_IMAGE_CACHE_MIN_FILES
                                ? mw_image_cache_file (dir, load) : NULL;
  g_autofree char *stamp = cache_file ? mw_image_cache_stamp (list, n_cands, load) : NULL;
  gboolean cached = cache_file != NULL
                    && mw_image_cache_read (cache_file, stamp, list, n_cands, bytes, pixels,
                                            &load->file_border, &load->inverted);
  if (!cached)
    {
      load->file_border = sample_border (list, n_cands, channels, progress, user_data,
                                         &cancelled);
      if (load->invert < 0)
        load->inverted = load->file_border >= 0
                         && (load->file_border > 0.5) != load->light_background;
      else
        load->inverted = load->invert > 0;
    }
  FolderJob job = { list, n_cands, height, width, channels, load->inverted, pixels, 0,
                    cancelled, progress, user_data };
  int *class_count = NULL;
  if (!cached)
    mw_parallel_for (n_cands, 0, decode_candidate, &job);
  if (progress != NULL && !g_atomic_int_get (&job.cancelled) && !progress (n_cands, n_cands, user_data))
    g_atomic_int_set (&job.cancelled, 1);
  if (!cached && cache_file != NULL && !g_atomic_int_get (&job.cancelled))
    mw_image_cache_write (cache_file, stamp, list, n_cands, bytes, pixels, load->file_border,
                          load->inverted);
  if (g_atomic_int_get (&job.cancelled))
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CANCELLED,
                   _("loading %s was cancelled"), shown);
      ok = FALSE;
      goto out;
    }

  /* Keep the classes that have images; list everything else as skipped. */
  class_count = g_new0 (int, class_dirs->len + 1);
  for (int i = 0; i < n_cands; i++)
    if (job.cands[i].reason == NULL)
      class_count[job.cands[i].cls]++;
    else
      mw_dataset_add_skipped (ds, job.cands[i].path, job.cands[i].reason);
  int n_images = 0, n_classes = 0;
  for (guint k = 0; k < class_dirs->len; k++)
    {
      n_images += class_count[k];
      n_classes += class_count[k] > 0;
      if (class_count[k] == 0)
        {
          char *cdir = g_build_filename (dir, class_dirs->pdata[k], NULL);
          mw_dataset_add_skipped (ds, cdir, _("no usable PNG or JPEG images in this class "
                                              "folder"));
          g_free (cdir);
        }
    }
  if (n_images == 0)
    {
      if (class_dirs->len == 0)
        g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY,
                     _("%s has no class sub-folders: put each class's images in a sub-folder "
                       "named after the class"), shown);
      else
        g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s: its %u class folder holds no usable PNG or JPEG image",
                                  "%s: none of its %u class folders holds a usable PNG or JPEG image",
                                  class_dirs->len),
                     shown, class_dirs->len);
      ok = FALSE;
      goto out;
    }
  ds->n_classes = n_classes;
  ds->n_images = ds->n_entries = n_images;
  ds->class_names = g_new (char *, n_classes);
  g_free (ds->class_start);
  ds->class_start = g_new (int, n_classes + 1);
  ds->entry_image = g_new (int32_t, n_images);
  ds->entry_rotation = g_new0 (uint8_t, n_images);
  ds->image_sources = g_new (char *, n_images);
  ds->pixels = g_malloc (bytes * n_images);
  int img = 0, cls = 0, prev = -1;
  for (int i = 0; i < n_cands; i++)
    {
      MwImageCandidate *c = &job.cands[i];
      if (c->reason != NULL)
        continue;
      if (c->cls != prev)
        {
          prev = c->cls;
          ds->class_names[cls] = g_strdup (class_dirs->pdata[c->cls]);
          ds->class_start[cls++] = img;
        }
      memcpy (ds->pixels + img * bytes, job.pixels + (size_t) i * bytes, bytes);
      ds->image_sources[img] = g_strdup (c->path);
      ds->entry_image[img] = img;
      img++;
    }
  ds->class_start[cls] = img;
out:
  g_free (class_count);
  g_free (job.pixels);
  return ok;
}
