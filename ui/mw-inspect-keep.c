/* mw-inspect-keep.c: a small least-recently-used store (mw-inspect-keep.h). */

#include "config.h"

#include "mw-inspect-keep.h"

typedef struct {
  gpointer value;
  GDestroyNotify free;
  GList *use;              /* its key's link in the use order */
} Entry;

struct _MwInspectKeep
{
  guint capacity;
  GHashTable *entries;     /* char * → Entry * */
  GQueue order;            /* the keys (the table's), least recently used first */
};

static void
entry_free (gpointer data)
{
  Entry *e = data;

  if (e->free != NULL && e->value != NULL)
    e->free (e->value);
  g_free (e);
}

MwInspectKeep *
mw_inspect_keep_new (guint capacity)
{
  MwInspectKeep *self = g_new0 (MwInspectKeep, 1);

  g_return_val_if_fail (capacity > 0, NULL);
  self->capacity = capacity;
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  g_queue_init (&self->order);
  return self;
}

void
mw_inspect_keep_clear (MwInspectKeep *self)
{
  g_queue_clear (&self->order);
  g_hash_table_remove_all (self->entries);
}

void
mw_inspect_keep_free (MwInspectKeep *self)
{
  if (self == NULL)
    return;
  mw_inspect_keep_clear (self);
  g_hash_table_unref (self->entries);
  g_free (self);
}

gpointer
mw_inspect_keep_lookup (MwInspectKeep *self,
                        const char    *key,
                        gboolean      *found)
{
  Entry *e = g_hash_table_lookup (self->entries, key);

  if (found != NULL)
    *found = e != NULL;
  if (e == NULL)
    return NULL;
  g_queue_unlink (&self->order, e->use);
  g_queue_push_tail_link (&self->order, e->use);
  return e->value;
}

void
mw_inspect_keep_insert (MwInspectKeep *self,
                        const char    *key,
                        gpointer       value,
                        GDestroyNotify free)
{
  Entry *old = g_hash_table_lookup (self->entries, key);
  Entry *e;
  char *own_key;

  if (old != NULL)
    {
      g_queue_delete_link (&self->order, old->use);
      g_hash_table_remove (self->entries, key);
    }
  while (g_hash_table_size (self->entries) >= self->capacity)
    {
      char *oldest = g_queue_pop_head (&self->order);

      g_hash_table_remove (self->entries, oldest);
    }
  e = g_new0 (Entry, 1);
  e->value = value;
  e->free = free;
  own_key = g_strdup (key);
  g_queue_push_tail (&self->order, own_key);
  e->use = self->order.tail;
  g_hash_table_insert (self->entries, own_key, e);
}

guint
mw_inspect_keep_size (MwInspectKeep *self)
{
  return g_hash_table_size (self->entries);
}
