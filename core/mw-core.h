/* mw-core.h: the public headers of the Meta Workbench core, in one include. */
#pragma once

#include "mw-algorithm.h"
#include "mw-binomial.h"
#include "mw-checkpoint.h"
#include "mw-dataset.h"
#include "mw-distribution.h"
#include "mw-episode.h"
#include "mw-evaluate.h"
#include "mw-experiment.h"
#include "mw-hand-task.h"
#include "mw-handout.h"
#include "mw-inspect.h"
#include "mw-memory-budget.h"
#include "mw-metric-spec.h"
#include "mw-metrics-log.h"
#include "mw-model.h"
#include "mw-ops.h"
#include "mw-optim.h"
#include "mw-input-file.h"
#include "mw-preprocess.h"
#include "mw-rng.h"
#include "mw-run-folder.h"
#include "mw-run.h"
#include "mw-tape.h"
#include "mw-task-gen.h"
#include "mw-task.h"
#include "mw-tensor.h"
#include "mw-text-file.h"
#include "mw-train-loop.h"

/* Sets the number of OpenBLAS threads (0 = leave as configured). */
void mw_core_set_threads (int n);
const char *mw_core_version (void);
/* Per-thread numeric settings (flush denormals to zero); call in every thread that
 * trains or evaluates.  The run and evaluation entry points call it themselves. */
void mw_core_thread_init (void);
/* Lowers the calling thread's scheduling priority (and so that of the threads it
 * starts) below the default, so long computations yield the processors to a window's
 * main loop.  For the GUI's training and inspection workers; does nothing where
 * per-thread priorities are not supported. */
void mw_core_thread_set_background (void);
