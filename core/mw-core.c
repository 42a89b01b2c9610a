/* mw-core.c: the library's version (mw-core.h includes every public header). */
#include "config.h"
#include "mw-core.h"

const char *
mw_core_version (void)
{
  return PACKAGE_VERSION;
}
