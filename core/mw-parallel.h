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
