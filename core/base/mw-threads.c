/* mw-threads.c: per-thread settings of the computing threads (see mw-threads.h). */
#include "config.h"
#include "mw-threads.h"

#include <cblas.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif
#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>
#endif

void
mw_core_set_threads (int n)
{
  if (n > 0)
    openblas_set_num_threads (n);
}

void
mw_core_thread_init (void)
{
#if defined(__SSE__) || defined(__x86_64__)
  /* Flush denormals to zero: tiny gradients otherwise slow every op by 10–100×, and
   * values below 1e-38 carry no information for training. */
  _mm_setcsr (_mm_getcsr () | 0x8040);
#endif
}

void
mw_core_thread_set_background (void)
{
#ifdef __linux__
  /* On Linux the nice value is per thread (and inherited by threads it creates). */
  pid_t tid = (pid_t) syscall (SYS_gettid);
  int now = getpriority (PRIO_PROCESS, (id_t) tid);
  if (now < 10)
    setpriority (PRIO_PROCESS, (id_t) tid, 10);
#endif
}
