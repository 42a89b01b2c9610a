/* main-gui.c: entry point of the meta-workbench desktop application. */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "mw-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MwApplication) app = NULL;

  /* MW_LOCALE_DIR points an uninstalled build (build-aux/run.sh, the tests) at
   * its own catalogues, as for the command-line program. */
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL && *locale_dir ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Shown by the desktop shell and used as the About dialog's default name. */
  g_set_application_name (_("Meta Workbench"));

  app = mw_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
