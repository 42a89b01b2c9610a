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

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Shown by the desktop shell and used as the About dialog's default name. */
  g_set_application_name (_("Meta Workbench"));

  app = mw_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
