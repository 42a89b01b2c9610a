/* mw-core.c: library-wide settings. */
#include "mw-core.h"

#include <cblas.h>

void
mw_core_set_threads (int n)
{
  if (n > 0)
    openblas_set_num_threads (n);
}

const char *
mw_core_version (void)
{
  return "0.1.0";
}
