/* mw-parallel.c: a parallel for loop over plain GThreads (see mw-parallel.h).
 * Results are stored by index, so they do not depend on the number of threads. */
#include "mw-parallel.h"

typedef struct {
  int n;
  gint next;                  /* atomic: the next index to hand out */
  gint stop;                  /* atomic: set when fn asked to stop */
  MwParallelFunc fn;
  gpointer data;
} Loop;

typedef struct {
  Loop *loop;
  int worker;
} Worker;

static void
run_worker (Loop *loop, int worker)
{
  while (!g_atomic_int_get (&loop->stop))
    {
      int i = g_atomic_int_add (&loop->next, 1);
      if (i >= loop->n)
        break;
      if (!loop->fn (i, worker, loop->data))
        g_atomic_int_set (&loop->stop, 1);
    }
}

static gpointer
worker_main (gpointer p)
{
  Worker *w = p;
  run_worker (w->loop, w->worker);
  return NULL;
}

int
mw_parallel_workers (int n)
{
  int w = (int) g_get_num_processors ();
  w = CLAMP (w, 1, 8);
  return MAX (1, MIN (w, n));
}

void
mw_parallel_for (int n, int n_workers, MwParallelFunc fn, gpointer data)
{
  if (n <= 0)
    return;
  if (n_workers <= 0)
    n_workers = mw_parallel_workers (n);
  Loop loop = { n, 0, 0, fn, data };
  /* The calling thread is worker 0. */
  GThread **threads = g_new0 (GThread *, n_workers);
  Worker *workers = g_new0 (Worker, n_workers);
  for (int t = 1; t < n_workers; t++)
    {
      workers[t].loop = &loop;
      workers[t].worker = t;
      threads[t] = g_thread_new ("mw-worker", worker_main, &workers[t]);
    }
  run_worker (&loop, 0);
  for (int t = 1; t < n_workers; t++)
    g_thread_join (threads[t]);
  g_free (threads);
  g_free (workers);
}
