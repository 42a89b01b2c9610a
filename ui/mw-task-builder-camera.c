/* mw-task-builder-camera.c: the builder's Take Photos mode.  A photo becomes a JPEG
 * in its class's folder and an image of the task, saved in the manifest: the folder
 * and its manifest stay the one record of the task, as for images chosen by hand. */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "mw-task-builder-private.h"

/* Longest class name accepted (characters): it names a folder. */
#define MAX_CLASS_NAME_CHARS 64

/* --- where photos go ------------------------------------------------------------ */

/* Whether @name can name a class folder; if not, why, in @error. */
static gboolean
check_class_name (const char  *name,
                  GError     **error)
{
  if (!g_utf8_validate (name, -1, NULL) || g_utf8_strlen (name, -1) > MAX_CLASS_NAME_CHARS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("A class name has at most %d characters"), MAX_CLASS_NAME_CHARS);
      return FALSE;
    }
  if (name[0] == '.' || strchr (name, '/') != NULL || strchr (name, '\\') != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                   _("“%s” cannot name a class folder: no “/” or “\\”, and no “.” at the start"), name);
      return FALSE;
    }
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_FILENAME,
                             _("A class name cannot hold tabs or line breaks"));
        return FALSE;
      }
  return TRUE;
}

/* The folder photos go to: the builder's, or a new one in the user's Pictures named
 * after the time, which becomes the builder's; the task is made the folder's. */
static const char *
photo_folder (MwTaskBuilder *self)
{
  if (self->folder == NULL)
    {
      const char *pictures = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H.%M.%S");
      g_autofree char *path = g_build_filename (pictures != NULL ? pictures : g_get_home_dir (),
                                                "Meta Workbench Photos", stamp, NULL);
      g_autofree char *shown = g_filename_display_name (path);

      self->folder = g_file_new_for_path (path);
      gtk_label_set_label (self->folder_label, shown);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->folder_label), shown);
    }
  /* A folder that did not load (empty, say) has no task of its own yet. */
  {
    g_autoptr(GFile) its = g_file_new_for_path (self->task->folder);

    if (!g_file_equal (its, self->folder))
      {
        mw_hand_task_free (self->task);
        self->task = mw_hand_task_new (g_file_peek_path (self->folder));
      }
  }
  return g_file_peek_path (self->folder);
}

/* --- saving a photo, in a worker thread ------------------------------------------- */

typedef struct {
  char *folder;            /* the task's folder when the photo was taken */
  char *class_name;
  GBytes *frame;
  int side;
  char *file_name;         /* out: the photo's name inside the class folder */
} PhotoJob;

static void
photo_job_free (gpointer data)
{
  PhotoJob *job = data;

  g_free (job->folder);
  g_free (job->class_name);
  g_bytes_unref (job->frame);
  g_free (job->file_name);
  g_free (job);
}

/* How many visible entries @dir holds: where numbering new photos starts. */
static guint
count_entries (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  if (d == NULL)
    return 0;
  for (const char *name; (name = g_dir_read_name (d)) != NULL;)
    n += name[0] != '.';   /* hidden: a photo being written, not a photo */
  g_dir_close (d);
  return n;
}

/* Gives the finished file at @tmp the first free name photo-NNN.jpg: a link fails
 * rather than replace a photo, so two saves at once never overwrite each other. */
static char *
name_photo (const char  *class_dir,
            const char  *tmp,
            GError     **error)
{
  for (guint n = count_entries (class_dir); n < G_MAXUINT; n++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%03u.jpg", n + 1);
      g_autofree char *path = g_build_filename (class_dir, name, NULL);

      if (link (tmp, path) == 0)
        {
          g_unlink (tmp);
          return g_steal_pointer (&name);
        }
      if (errno == EEXIST)
        continue;
      /* Folders without hard links (FAT memory sticks): a rename, after a check. */
      if (!g_file_test (path, G_FILE_TEST_EXISTS) && g_rename (tmp, path) == 0)
        return g_steal_pointer (&name);
      {
        int saved = errno;
        g_autofree char *shown = g_filename_display_name (path);

        g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not save %s: %s"), shown,
                     g_strerror (saved));
        return NULL;
      }
    }
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, _("The class folder is full"));
  return NULL;
}

static void
save_photo_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  PhotoJob *job = data;
  GError *error = NULL;
  g_autofree char *class_dir = g_build_filename (job->folder, job->class_name, NULL);
  g_autofree char *shown = g_filename_display_name (class_dir);
  g_autofree char *tmp = NULL;
  g_autofree char *jpeg = NULL;
  gsize jpeg_size = 0;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  int fd;

  if (g_mkdir_with_parents (class_dir, 0755) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not make the folder %s: %s"),
                               shown, g_strerror (saved));
      return;
    }
  pixbuf = gdk_pixbuf_new_from_bytes (job->frame, GDK_COLORSPACE_RGB, FALSE, 8, job->side, job->side, job->side * 3);
  if (!gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &jpeg_size, "jpeg", &error, "quality", "92", NULL))
    {
      g_task_return_error (task, error);
      return;
    }
  /* Written under a hidden name, which the folder's loader passes over, then named. */
  tmp = g_build_filename (class_dir, ".photo-XXXXXX", NULL);
  fd = g_mkstemp (tmp);
  if (fd < 0 || write (fd, jpeg, jpeg_size) != (gssize) jpeg_size || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        {
          close (fd);
          g_unlink (tmp);
        }
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved), _("Could not save a photo in %s: %s"),
                               shown, g_strerror (saved));
      return;
    }
  close (fd);
  job->file_name = name_photo (class_dir, tmp, &error);
  if (job->file_name == NULL)
    {
      g_unlink (tmp);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* The folder again with the task kept, so that the new photo is in the loaded images. */
static void
reload_keeping_task (MwTaskBuilder *self)
{
  g_autoptr(GFile) folder = g_object_ref (self->folder);

  mw_hand_task_free (self->pending_task);
  self->pending_task = mw_hand_task_copy (self->task);
  self->pending_is_kept = TRUE;
  mw_task_builder_open_folder (self, folder);
}

static void
photo_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  MwTaskBuilder *self = MW_TASK_BUILDER (source);
  PhotoJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *manifest = NULL;
  g_autofree char *status = NULL;
  MwHandClass *cls;
  int shots;

  self->photos_saving--;
  /* The builder went while the photo was written: the file stays, nothing to show it. */
  if (self->photos_cancellable == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      mw_camera_panel_set_status (self->camera_panel, error->message, TRUE);
      return;
    }
  /* Another folder was chosen meanwhile: the photo is in its own, not in this task. */
  if (self->folder == NULL || g_strcmp0 (g_file_peek_path (self->folder), job->folder) != 0)
    return;

  /* The first K photos of a class teach the model (support); the rest test it. */
  shots = gtk_spin_button_get_value_as_int (self->shots_spin);
  cls = mw_hand_task_class (self->task, job->class_name);
  mw_hand_task_set_role (self->task, job->class_name, job->file_name,
                         (int) cls->support->len < shots ? MW_HAND_ROLE_SUPPORT : MW_HAND_ROLE_QUERY);
  manifest = g_build_filename (job->folder, MW_HAND_TASK_FILE_NAME, NULL);
  if (!mw_hand_task_save (self->task, manifest, &error))
    {
      mw_camera_panel_set_status (self->camera_panel, error->message, TRUE);
      return;
    }
  status = g_strdup_printf (_("Saved %s in “%s”"), job->file_name, job->class_name);
  mw_camera_panel_set_status (self->camera_panel, status, FALSE);
  mw_task_builder_camera_sync (self);
  reload_keeping_task (self);
}

static void
photo_taken_cb (MwCameraPanel *panel,
                const char    *class_name,
                GBytes        *frame,
                int            side,
                MwTaskBuilder *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  PhotoJob *job;

  if (!check_class_name (class_name, &error))
    {
      mw_camera_panel_set_status (panel, error->message, TRUE);
      return;
    }
  /* A folder being opened: its manifest is not read yet, and the task would lose it. */
  if (self->load != NULL && !self->pending_is_kept)
    {
      mw_camera_panel_set_status (panel, _("Wait until the folder has loaded"), TRUE);
      return;
    }
  job = g_new0 (PhotoJob, 1);
  job->folder = g_strdup (photo_folder (self));
  job->class_name = g_strdup (class_name);
  job->frame = g_bytes_ref (frame);
  job->side = side;
  self->photos_saving++;
  task = g_task_new (self, self->photos_cancellable, photo_saved_cb, NULL);
  /* Cancelling only tells the callback: a photo being written is finished. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, photo_job_free);
  g_task_run_in_thread (task, save_photo_thread);
}

/* --- the mode -------------------------------------------------------------------- */

void
mw_task_builder_camera_sync (MwTaskBuilder *self)
{
  const MwDataset *ds = self->dataset;

  mw_camera_panel_show_classes (self->camera_panel, self->task, ds != NULL ? ds->class_names : NULL,
                                ds != NULL ? ds->n_classes : 0);
}

static void
shots_changed_cb (GtkSpinButton *spin,
                  MwTaskBuilder *self)
{
  mw_camera_panel_set_shots (self->camera_panel, gtk_spin_button_get_value_as_int (spin));
}

static void
photos_toggled_cb (GtkToggleButton *button,
                   GParamSpec      *pspec,
                   MwTaskBuilder   *self)
{
  gboolean on = gtk_toggle_button_get_active (button);

  /* The panel starts its camera when shown and stops it when hidden. */
  gtk_stack_set_visible_child_name (self->images_stack, on ? "camera" : "images");
  if (on)
    mw_task_builder_camera_sync (self);
  mw_task_builder_update_sensitivity (self);
}

void
mw_task_builder_set_taking_photos (MwTaskBuilder *self,
                                   gboolean       taking)
{
  g_return_if_fail (MW_IS_TASK_BUILDER (self));

  gtk_toggle_button_set_active (self->photos_toggle, taking);
}

gboolean
mw_task_builder_get_taking_photos (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), FALSE);

  return gtk_toggle_button_get_active (self->photos_toggle);
}

MwCameraPanel *
mw_task_builder_get_camera_panel (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), NULL);

  return self->camera_panel;
}

guint
mw_task_builder_get_photos_saving (MwTaskBuilder *self)
{
  g_return_val_if_fail (MW_IS_TASK_BUILDER (self), 0);

  return self->photos_saving;
}

void
mw_task_builder_camera_dispose (MwTaskBuilder *self)
{
  if (self->photos_cancellable != NULL)
    g_cancellable_cancel (self->photos_cancellable);
  g_clear_object (&self->photos_cancellable);
}

void
mw_task_builder_camera_init (MwTaskBuilder *self)
{
  self->photos_cancellable = g_cancellable_new ();
  g_signal_connect (self->camera_panel, "photo-taken", G_CALLBACK (photo_taken_cb), self);
  g_signal_connect (self->shots_spin, "value-changed", G_CALLBACK (shots_changed_cb), self);
  g_signal_connect (self->photos_toggle, "notify::active", G_CALLBACK (photos_toggled_cb), self);
  shots_changed_cb (self->shots_spin, self);
}
