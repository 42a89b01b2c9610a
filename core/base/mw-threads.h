/* mw-threads.h: per-thread settings of the computing threads (BLAS threads, denormals,
 * priority); every layer above may call them. */
#pragma once

/* Sets the number of OpenBLAS threads (0 = leave as configured). */
void mw_core_set_threads (int n);
/* Per-thread numeric settings (flush denormals to zero); call in every thread that
 * trains or evaluates.  The run and evaluation entry points call it themselves. */
void mw_core_thread_init (void);
/* Lowers the calling thread's scheduling priority (and so that of the threads it
 * starts) below the default, so long computations yield the processors to a window's
 * main loop.  For the GUI's training and inspection workers; does nothing where
 * per-thread priorities are not supported. */
void mw_core_thread_set_background (void);
