/* mw-parallel.c: a parallel for loop on pooled GThreads (see mw-parallel.h).
 * Results are stored by index, so they do not depend on the number of threads. */
#include "mw-parallel.h"

typedef struct {
  int n;
  gint next;                  /* atomic: the next index to hand out */
  gint stop;                  /* atomic: set when fn asked to stop */
  MwParallelFunc fn;
  gpointer data;
} Loop;

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

int
mw_parallel_workers (int n)
{
  int w = (int) g_get_num_processors ();
  w = CLAMP (w, 1, 8);
  return MAX (1, MIN (w, n));
}

/* The helpers come from a GThreadPool that keeps its threads between loops: a
 * meta-batch of tiny tasks (sinusoid MAML: ~20 µs each) would otherwise spend more
 * on creating and joining threads than on the tasks. */
typedef struct {
  GMutex lock;
  GCond done;
  int pending;
} Barrier;

typedef struct {
  Loop *loop;
  int worker;
  Barrier *barrier;
} Job;

static void
pool_main (gpointer data, gpointer user_data)
{
  Job *job = data;
  run_worker (job->loop, job->worker);
  g_mutex_lock (&job->barrier->lock);
  if (--job->barrier->pending == 0)
    g_cond_signal (&job->barrier->done);
  g_mutex_unlock (&job->barrier->lock);
}

static GThreadPool *
shared_pool (void)
{
  static gsize once = 0;
  static GThreadPool *pool;
  if (g_once_init_enter (&once))
    {
      pool = g_thread_pool_new (pool_main, NULL, 63, FALSE, NULL);
      g_once_init_leave (&once, 1);
    }
  return pool;
}

void
mw_parallel_for (int n, int n_workers, MwParallelFunc fn, gpointer data)
{
  if (n <= 0)
    return;
  if (n_workers <= 0)
    n_workers = mw_parallel_workers (n);
  n_workers = MIN (n_workers, n);
  Loop loop = { n, 0, 0, fn, data };
  if (n_workers == 1)
    {
      run_worker (&loop, 0);
      return;
    }
  Barrier barrier;
  g_mutex_init (&barrier.lock);
  g_cond_init (&barrier.done);
  barrier.pending = n_workers - 1;
  Job *jobs = g_new0 (Job, n_workers);
  GThreadPool *pool = shared_pool ();
  for (int t = 1; t < n_workers; t++)
    {
      jobs[t] = (Job) { &loop, t, &barrier };
      g_thread_pool_push (pool, &jobs[t], NULL);
    }
  /* The calling thread is worker 0. */
  run_worker (&loop, 0);
  g_mutex_lock (&barrier.lock);
  while (barrier.pending > 0)
    g_cond_wait (&barrier.done, &barrier.lock);
  g_mutex_unlock (&barrier.lock);
  g_mutex_clear (&barrier.lock);
  g_cond_clear (&barrier.done);
  g_free (jobs);
}

static _Thread_local int op_threads = 1;

int
mw_op_threads (void)
{
  return op_threads;
}

void
mw_op_threads_set (int n_workers)
{
  op_threads = MAX (1, n_workers);
}

void
mw_op_parallel (int n, MwParallelFunc fn, gpointer data)
{
  /* The pool's threads keep op_threads = 1, so a chunk's own ops never split again. */
  mw_parallel_for (n, MIN (op_threads, n), fn, data);
}
