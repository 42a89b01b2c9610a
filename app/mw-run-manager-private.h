/* mw-run-manager-private.h: what the pieces of MwRunManager share.
 *
 *   mw-run-manager.c         the GObject: entries, the queue, trainers, run.ini
 *   mw-run-manager-load.c    saved runs coming back: at startup, and once
 *                            another process lets go of a run it trained
 *   mw-run-manager-delete.c  runs hidden while a delete can be undone, put
 *                            back, or deleted with their folders
 *
 * Everything here runs on the main thread; the worker threads of the loading
 * only read folders (mw-saved-run.h).
 */
#pragma once

#include "mw-run-manager.h"

G_BEGIN_DECLS

/* What the manager knows about one run beside its MwRunItem. */
typedef struct {
  MwRunManager *manager;         /* unowned: entries die with it */
  MwRunItem *item;               /* owned */
  char *dir;
  MwExperimentConfig config;
  gboolean have_config;
  gint64 created;                /* µs since the epoch */
  char *checkpoint;              /* path, or NULL before the first one */
  MwTrainer *trainer;            /* owned while the run goes */
  gboolean deleted;              /* out of the list; folder goes when done */
  gboolean resume;               /* queued to continue from its checkpoint */
  /* Out of the list while its delete can be undone (mw-run-manager-delete.c). */
  gboolean hidden;
  guint hidden_position;         /* its place in the list */
  gboolean paused_by_hide;       /* its training resumes when it comes back */
  gboolean queued_when_hidden;   /* it goes back in the queue, at: */
  guint hidden_queue_index;
} RunEntry;

struct _MwRunManager
{
  GObject parent_instance;

  char *runs_dir;
  GListStore *runs;              /* MwRunItem */
  GHashTable *entries;           /* MwRunItem* → RunEntry* (owned) */
  GQueue queue;                  /* RunEntry*, waiting, oldest first */
  guint max_concurrent;
  guint n_active;
  gboolean loading;
  gboolean loaded;
  GCancellable *cancellable;
  guint watch_id;                /* runs trained elsewhere are looked at again */
  gboolean watching;             /* a look is under way */
  /* Folders being removed in worker threads; quitting waits for them. */
  GMutex deleting_lock;
  GCond deleting_cond;
  guint n_deleting;
};

/* mw-run-manager.c */
RunEntry *mw_run_manager_add_entry         (MwRunManager *self,
                                            MwRunItem    *item,
                                            const char   *dir);
RunEntry *mw_run_manager_lookup_entry      (MwRunManager *self,
                                            MwRunItem    *item);
void      mw_run_entry_save_info           (RunEntry     *entry);
void      mw_run_entry_update_resumable    (RunEntry     *entry);
void      mw_run_manager_emit_metrics      (MwRunManager *self,
                                            MwRunItem    *item,
                                            GArray       *points);
void      mw_run_manager_emit_curves_reset (MwRunManager *self,
                                            MwRunItem    *item);
/* Sets :loaded and emits ::loaded. */
void      mw_run_manager_set_loaded        (MwRunManager *self);
/* Starts queued runs while slots are free. */
void      mw_run_manager_start_queued      (MwRunManager *self);

/* mw-run-manager-load.c */
/* Looks every two seconds for runs trained elsewhere that are let go. */
void      mw_run_manager_watch_elsewhere   (MwRunManager *self);

/* mw-run-manager-delete.c */
/* Removes the run folder @dir in a worker thread. */
void      mw_run_manager_delete_dir        (MwRunManager *self,
                                            const char   *dir);
/* Waits until every folder being removed is gone. */
void      mw_run_manager_wait_for_deletes  (MwRunManager *self);
/* Deletes every hidden run (quitting). */
void      mw_run_manager_delete_hidden     (MwRunManager *self);

G_END_DECLS
