/* mw-parallel.h: a parallel for loop on pooled GThreads (dataset decoding, the tasks
 * of a meta-batch).  fn(i, worker, data) runs once for each i in [0, n); the calling
 * thread is worker 0.  Callers store results by index, so they do not depend on the
 * number of threads.  fn returns FALSE to stop the loop early. */
#pragma once

#include <glib.h>

typedef gboolean (*MwParallelFunc) (int i, int worker, gpointer data);
/* min(n, processors, 8), at least 1. */
int mw_parallel_workers (int n);
void mw_parallel_for (int n, int n_workers, MwParallelFunc fn, gpointer data);

/* Splitting one op over several cores.  When a single large task has the cores to
 * itself (a ProtoNets episode, a meta-batch run one task at a time), the thread that
 * runs it sets how many workers its ops may use; ops then cut their loops into chunks
 * fixed by the shapes alone (never by the number of workers) and combine partial sums
 * in chunk order, so results are bit-identical at any setting.  Threads start at 1. */
int mw_op_threads (void);
void mw_op_threads_set (int n_workers);
/* fn over chunks [0, n) on this thread's op workers. */
void mw_op_parallel (int n, MwParallelFunc fn, gpointer data);
