/* mw-core.h: the public headers of the Meta Workbench core, in one include. */
#pragma once

#include "mw-model.h"
#include "mw-ops.h"
#include "mw-optim.h"
#include "mw-rng.h"
#include "mw-tape.h"
#include "mw-tensor.h"

/* Sets the number of OpenBLAS threads (0 = leave as configured). */
void mw_core_set_threads (int n);
const char *mw_core_version (void);
