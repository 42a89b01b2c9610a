/* mw-cli.c: the headless command-line front end. */
#include "config.h"
#include "mw-core.h"

#include <glib.h>
#include <stdio.h>

int
main (int argc, char **argv)
{
  if (argc > 1 && g_str_equal (argv[1], "--version"))
    {
      printf ("meta-workbench-cli %s (core %s)\n", PACKAGE_VERSION, mw_core_version ());
      return 0;
    }
  fprintf (stderr, "usage: %s --version\n", argv[0]);
  return 2;
}
