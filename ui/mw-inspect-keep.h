/* mw-inspect-keep.h: what inspection kinds keep between their requests.
 *
 * The inspector's worker computes every record anew when asked; a kind whose records
 * share costly parts (the Boundary page's other runs, loaded from their checkpoints,
 * and their boundaries of a task already drawn) keeps them here, under keys it makes.
 * The store holds a bounded number of entries and drops the one used least recently
 * when full, so an entry looked up or added during a request stays alive for that
 * request as long as the request touches fewer than half the capacity.  Worker thread
 * only; the inspector empties it when it loads another run.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MwInspectKeep MwInspectKeep;

MwInspectKeep *mw_inspect_keep_new    (guint          capacity);
void           mw_inspect_keep_free   (MwInspectKeep *keep);
/* Drops every entry. */
void           mw_inspect_keep_clear  (MwInspectKeep *keep);
/* Returns: (transfer none) (nullable): the value kept under @key, now the most
 * recently used; NULL when there is none. @found, when not NULL, tells a kept NULL
 * from none. */
gpointer       mw_inspect_keep_lookup (MwInspectKeep *keep,
                                       const char    *key,
                                       gboolean      *found);
/* Keeps @value (freed with @free, which may be NULL) under @key, replacing what was
 * there; the least recently used entry goes when the store is full. */
void           mw_inspect_keep_insert (MwInspectKeep *keep,
                                       const char    *key,
                                       gpointer       value,
                                       GDestroyNotify free);
guint          mw_inspect_keep_size   (MwInspectKeep *keep);

G_END_DECLS
