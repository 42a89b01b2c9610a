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

/* The ops of one task call mw_op_parallel hundreds of times a step (Reptile: some 20
 * per minibatch of 10 images), many of them on work of tens of microseconds, where
 * waking pool threads through a condition variable took ~28 µs a call.  So op loops
 * run on a team of helpers that spin for a while after each loop before they sleep,
 * and a loop starts by bumping an epoch they watch.  One thread at a time uses the
 * team; another one meanwhile (two runs in the application) takes the pool. */
#define SPIN_USEC 100
#define SPIN_YIELD_USEC 20

/* A spin-wait hint to the CPU (x86: pause), so the spinning thread leaves the core's
 * resources to its sibling. */
static inline void
spin_pause (void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause ();
#endif
}

typedef struct {
  GMutex busy;              /* held by the thread whose loop the team runs */
  GMutex lock;              /* for sleeping */
  GCond wake;
  int n_helpers;            /* only grows; under busy */
  gint epoch;               /* atomic: bumped to start a loop */
  gint pending;             /* atomic: helpers not yet done with the loop */
  Loop *loop;               /* the current loop, with the helpers it uses */
  int loop_helpers;
} Team;

static Team team = { 0 };

/* A helper's number and the epoch at its start (the loops it has seen). */
typedef struct {
  int index, epoch;
} HelperStart;

static gpointer
helper_main (gpointer data)
{
  HelperStart *start = data;
  const int index = start->index;
  int seen = start->epoch;
  g_free (start);
  for (;;)
    {
      gint64 spin_start = 0;
      int e, spins = 0;
      while ((e = g_atomic_int_get (&team.epoch)) == seen)
        {
          spin_pause ();
          if ((++spins & 255) != 0)
            continue;
          gint64 now = g_get_monotonic_time ();
          if (spin_start == 0)
            spin_start = now;
          else if (now - spin_start > SPIN_USEC)
            {
              g_mutex_lock (&team.lock);
              while (g_atomic_int_get (&team.epoch) == seen)
                g_cond_wait (&team.wake, &team.lock);
              g_mutex_unlock (&team.lock);
              spin_start = 0;
            }
          else if (now - spin_start > SPIN_YIELD_USEC)
            /* A gap longer than most between a step's loops: a busy machine (tests
             * run side by side, another program) gets the core back; an idle one
             * returns straight here. */
            g_thread_yield ();
        }
      seen = e;
      if (index < team.loop_helpers)
        run_worker (team.loop, index + 1);
      g_atomic_int_dec_and_test (&team.pending);
    }
  return NULL;
}

/* Runs loop on this thread (worker 0) and helpers 1 .. workers − 1; FALSE when another
 * thread has the team. */
static gboolean
team_run (Loop *loop, int workers)
{
  if (!g_mutex_trylock (&team.busy))
    return FALSE;
  while (team.n_helpers < workers - 1)
    {
      HelperStart *start = g_new (HelperStart, 1);
      *start = (HelperStart) { team.n_helpers, g_atomic_int_get (&team.epoch) };
      GThread *t = g_thread_new ("mw-op", helper_main, start);
      g_thread_unref (t);
      team.n_helpers++;
    }
  team.loop = loop;
  team.loop_helpers = workers - 1;
  g_atomic_int_set (&team.pending, team.n_helpers);
  g_mutex_lock (&team.lock);
  g_atomic_int_inc (&team.epoch);
  g_cond_broadcast (&team.wake);
  g_mutex_unlock (&team.lock);
  run_worker (loop, 0);
  /* The helpers are busy with the loop's last items; yield now and then in case one
   * of them is waiting for a core. */
  for (int spins = 1; g_atomic_int_get (&team.pending) > 0; spins++)
    {
      spin_pause ();
      if ((spins & 4095) == 0)
        g_thread_yield ();
    }
  g_mutex_unlock (&team.busy);
  return TRUE;
}

void
mw_op_parallel (int n, MwParallelFunc fn, gpointer data)
{
  /* The helpers keep op_threads = 1, so a chunk's own ops never split again. */
  int workers = MIN (op_threads, n);
  if (workers > 1)
    {
      Loop loop = { n, 0, 0, fn, data };
      if (team_run (&loop, workers))
        return;
    }
  mw_parallel_for (n, workers, fn, data);
}
