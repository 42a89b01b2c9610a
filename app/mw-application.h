/* mw-application.h: the Meta Workbench GtkApplication.
 *
 * Owns the application-wide actions (app.quit, app.about, app.shortcuts), the
 * keyboard accelerators of every action, the main window, and the run
 * manager: the runs, their queue and their saved folders.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-run-manager.h"
#include "mw-window.h"

G_BEGIN_DECLS

#define MW_TYPE_APPLICATION (mw_application_get_type ())
G_DECLARE_FINAL_TYPE (MwApplication, mw_application, MW, APPLICATION, GtkApplication)

/* Returns: (transfer full): a new application with the Meta Workbench id. */
MwApplication *mw_application_new (void);

/* Returns: (transfer none): the runs of every window (set up at startup;
 * NULL before). */
MwRunManager  *mw_application_get_run_manager (MwApplication *self);

G_END_DECLS
