/* test-parallel.c: the parallel loops of mw-parallel.c — every index runs once on a
 * worker in range, whatever the count; op loops from several threads at once (one
 * has the spinning team, the others the pool) keep to their own data; a loop stops
 * when asked. */
#include "mw-parallel.h"

#include <glib.h>

typedef struct {
  gint *visits;
  int workers;
  gint bad_worker;
  int stop_at;
} Visits;

static gboolean
visit (int i, int worker, gpointer data)
{
  Visits *v = data;
  g_atomic_int_inc (&v->visits[i]);
  if (worker < 0 || worker >= v->workers)
    g_atomic_int_set (&v->bad_worker, 1);
  return i != v->stop_at;
}

static void
test_every_index_once (void)
{
  for (int threads = 1; threads <= 5; threads++)
    for (int n = 0; n <= 40; n += 7)
      {
        Visits v = { g_new0 (gint, MAX (n, 1)), threads, 0, -1 };
        mw_op_threads_set (threads);
        mw_op_parallel (n, visit, &v);
        mw_op_threads_set (1);
        for (int i = 0; i < n; i++)
          g_assert_cmpint (v.visits[i], ==, 1);
        g_assert_cmpint (v.bad_worker, ==, 0);
        g_free (v.visits);
      }
}

/* Each thread runs many short op loops, each writing its own index's value. */
typedef struct {
  int id, loops;
  gint wrong;
} Issuer;

typedef struct {
  int *out;
  int value;
} Fill;

static gboolean
fill_one (int i, int worker, gpointer data)
{
  (void) worker;
  Fill *f = data;
  f->out[i] = f->value + i;
  return TRUE;
}

static gpointer
issuer_main (gpointer data)
{
  Issuer *is = data;
  int out[64];
  mw_op_threads_set (2);
  for (int k = 0; k < is->loops; k++)
    {
      Fill f = { out, is->id * 1000000 + k * 100 };
      mw_op_parallel (64, fill_one, &f);
      for (int i = 0; i < 64; i++)
        if (out[i] != f.value + i)
          is->wrong++;
    }
  return NULL;
}

static void
test_threads_at_once (void)
{
  Issuer issuers[3];
  GThread *threads[3];
  for (int t = 0; t < 3; t++)
    {
      issuers[t] = (Issuer) { t + 1, 3000, 0 };
      threads[t] = g_thread_new ("issuer", issuer_main, &issuers[t]);
    }
  for (int t = 0; t < 3; t++)
    {
      g_thread_join (threads[t]);
      g_assert_cmpint (issuers[t].wrong, ==, 0);
    }
}

static void
test_stops_when_asked (void)
{
  const int n = 100000;
  Visits v = { g_new0 (gint, n), 2, 0, 10 };
  mw_op_threads_set (2);
  mw_op_parallel (n, visit, &v);
  mw_op_threads_set (1);
  int ran = 0;
  for (int i = 0; i < n; i++)
    ran += v.visits[i];
  g_test_message ("stopped at index 10: %d of %d indices ran", ran, n);
  g_assert_cmpint (v.visits[10], ==, 1);
  g_assert_cmpint (ran, <, n);
  g_free (v.visits);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/parallel/every-index-once", test_every_index_once);
  g_test_add_func ("/parallel/threads-at-once", test_threads_at_once);
  g_test_add_func ("/parallel/stops-when-asked", test_stops_when_asked);
  return g_test_run ();
}
