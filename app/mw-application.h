/* mw-application.h: the Meta Workbench GtkApplication.
 *
 * Owns the application-wide actions (app.quit, app.about, app.shortcuts), the
 * keyboard accelerators of every action, and the main window.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-trainer.h"
#include "mw-window.h"

G_BEGIN_DECLS

#define MW_TYPE_APPLICATION (mw_application_get_type ())
G_DECLARE_FINAL_TYPE (MwApplication, mw_application, MW, APPLICATION, GtkApplication)

/* Returns: (transfer full): a new application with the Meta Workbench id. */
MwApplication *mw_application_new (void);

/* Returns: (transfer none) (nullable): the trainer that runs @window's
 * experiments, or NULL for a window the application did not set up. */
MwTrainer     *mw_application_get_trainer (MwApplication *self,
                                           MwWindow      *window);

G_END_DECLS
