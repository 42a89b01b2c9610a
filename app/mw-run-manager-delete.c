/* mw-run-manager-delete.c: runs taken out of the list, and put back or
 * deleted with their folders.
 *
 * A delete the user can still undo first only hides the run: out of the list,
 * its training paused, its folder untouched (mw_run_manager_hide_run). Undo
 * puts it back where it was (mw_run_manager_unhide_run); otherwise
 * mw_run_manager_delete_run() stops it and removes its folder, as quitting
 * does for every run still hidden. Nothing is written to the folder's name or
 * files while it is hidden but what the run itself saves, so a kill in between
 * brings the run back whole on the next start.
 */

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "mw-run-manager-private.h"
#include "mw-saved-run.h"

/* --- folders, removed in a worker thread ---------------------------------------- */

/* run.ini first: from then on the folder is no run (mw_saved_run_read skips
 * it), so a process that ends halfway leaves no half-deleted run behind. */
static void
delete_dir_contents (const char *dir)
{
  g_autofree char *info = g_build_filename (dir, MW_RUN_FILE_INFO, NULL);
  g_autoptr(GDir) d = NULL;
  const char *name;

  if (g_unlink (info) != 0 && errno != ENOENT)
    g_warning ("Could not delete %s: %s", info, g_strerror (errno));
  /* A run folder is flat: the files listed in mw-run-manager.h. */
  d = g_dir_open (dir, 0, NULL);
  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_unlink (path) != 0)
        g_warning ("Could not delete %s: %s", path, g_strerror (errno));
    }
  if (g_rmdir (dir) != 0 && errno != ENOENT)
    g_warning ("Could not delete %s: %s", dir, g_strerror (errno));
}

static void
delete_dir_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  MwRunManager *self = source;

  delete_dir_contents (task_data);

  g_mutex_lock (&self->deleting_lock);
  self->n_deleting--;
  g_cond_broadcast (&self->deleting_cond);
  g_mutex_unlock (&self->deleting_lock);
  g_task_return_boolean (task, TRUE);
}

void
mw_run_manager_delete_dir (MwRunManager *self,
                           const char   *dir)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, NULL, NULL);

  g_mutex_lock (&self->deleting_lock);
  self->n_deleting++;
  g_mutex_unlock (&self->deleting_lock);
  g_task_set_task_data (task, g_strdup (dir), g_free);
  g_task_run_in_thread (task, delete_dir_thread);
}

void
mw_run_manager_wait_for_deletes (MwRunManager *self)
{
  g_mutex_lock (&self->deleting_lock);
  while (self->n_deleting > 0)
    g_cond_wait (&self->deleting_cond, &self->deleting_lock);
  g_mutex_unlock (&self->deleting_lock);
}

/* --- hiding, and putting back ----------------------------------------------------- */

gboolean
mw_run_manager_hide_run (MwRunManager *self,
                         MwRunItem    *item)
{
  RunEntry *entry;
  guint position;
  int queued;

  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), FALSE);

  entry = mw_run_manager_lookup_entry (self, item);
  /* Another process trains into that folder: it is not this window's to delete. */
  if (entry == NULL || entry->deleted || entry->hidden || mw_run_item_get_elsewhere (item) ||
      !g_list_store_find (self->runs, item, &position))
    return FALSE;

  entry->hidden = TRUE;
  entry->hidden_position = position;
  /* A run that trains holds still, so Undo finds it where it was; one the
   * user paused stays paused. */
  if (entry->trainer != NULL && mw_run_item_get_state (item) != MW_RUN_STATE_PAUSED)
    {
      mw_trainer_pause (entry->trainer);
      entry->paused_by_hide = TRUE;
    }
  queued = g_queue_index (&self->queue, entry);
  if (queued >= 0)
    {
      g_queue_remove (&self->queue, entry);
      entry->hidden_queue_index = queued;
      entry->queued_when_hidden = TRUE;
    }
  g_list_store_remove (self->runs, position);
  return TRUE;
}

gboolean
mw_run_manager_unhide_run (MwRunManager *self,
                           MwRunItem    *item)
{
  RunEntry *entry;

  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), FALSE);

  entry = mw_run_manager_lookup_entry (self, item);
  if (entry == NULL || !entry->hidden)
    return FALSE;

  entry->hidden = FALSE;
  g_list_store_insert (self->runs,
                       MIN (entry->hidden_position, g_list_model_get_n_items (G_LIST_MODEL (self->runs))),
                       item);
  if (entry->paused_by_hide && entry->trainer != NULL)
    mw_trainer_resume (entry->trainer);
  entry->paused_by_hide = FALSE;
  if (entry->queued_when_hidden)
    {
      g_queue_push_nth (&self->queue, entry, (int) entry->hidden_queue_index);
      entry->queued_when_hidden = FALSE;
      mw_run_manager_start_queued (self);
    }
  return TRUE;
}

gboolean
mw_run_manager_get_hidden (MwRunManager *self,
                           MwRunItem    *item)
{
  RunEntry *entry;

  g_return_val_if_fail (MW_IS_RUN_MANAGER (self), FALSE);
  entry = mw_run_manager_lookup_entry (self, item);
  return entry != NULL && entry->hidden;
}

/* --- deleting ------------------------------------------------------------------------ */

void
mw_run_manager_delete_run (MwRunManager *self,
                           MwRunItem    *item)
{
  g_autoptr(MwRunItem) keep = NULL;
  RunEntry *entry;
  guint position;

  g_return_if_fail (MW_IS_RUN_MANAGER (self));

  entry = mw_run_manager_lookup_entry (self, item);
  if (entry == NULL || entry->deleted || mw_run_item_get_elsewhere (item))
    return;

  keep = g_object_ref (item);
  entry->deleted = TRUE;
  entry->hidden = FALSE;
  g_queue_remove (&self->queue, entry);
  if (g_list_store_find (self->runs, item, &position))
    g_list_store_remove (self->runs, position);

  if (entry->trainer != NULL)
    {
      /* The folder goes once the worker has stopped writing to it (the
       * trainer's final state, in mw-run-manager.c); a paused one wakes to stop. */
      mw_trainer_stop (entry->trainer);
      return;
    }

  mw_run_manager_delete_dir (self, entry->dir);
  g_hash_table_remove (self->entries, item);
}

void
mw_run_manager_delete_hidden (MwRunManager *self)
{
  g_autoptr(GPtrArray) hidden = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RunEntry *entry = value;

      if (entry->hidden)
        g_ptr_array_add (hidden, g_object_ref (entry->item));
    }
  for (guint i = 0; i < hidden->len; i++)
    mw_run_manager_delete_run (self, hidden->pdata[i]);
}
