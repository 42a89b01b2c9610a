/* mw-handout-controller.h: experiment files and handouts in one window.
 *
 * Opens them (win.open, or a file given to the application: the command line
 * or the file manager) without blocking the window: read in the background,
 * then the form shows the settings, ready to start, the handout's locked
 * settings read-only and its lesson in the banner. A bad file leaves
 * everything as it was and says what is wrong in a message dialog. Runs that
 * are going on are never touched. win.save-handout writes the form's settings
 * as a handout (MwHandoutDialog); win.show-lesson brings back a dismissed
 * lesson.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-experiment-form.h"
#include "mw-handout-banner.h"
#include "mw-window.h"

G_BEGIN_DECLS

#define MW_TYPE_HANDOUT_CONTROLLER (mw_handout_controller_get_type ())
G_DECLARE_FINAL_TYPE (MwHandoutController, mw_handout_controller, MW, HANDOUT_CONTROLLER, GObject)

/* Returns: (transfer full): a controller for @window, whose @form and @banner
 * it fills; it adds win.open, win.save-handout and win.show-lesson to
 * @window. It does not keep the window alive. */
MwHandoutController *mw_handout_controller_new     (MwWindow            *window,
                                                    MwExperimentForm    *form,
                                                    MwHandoutBanner     *banner);

/* Reads @file in the background and opens it in the window; a newer call
 * supersedes one still reading. */
void                 mw_handout_controller_open    (MwHandoutController *self,
                                                    GFile               *file);

/* Files still being read. */
guint                mw_handout_controller_get_pending (MwHandoutController *self);

G_END_DECLS
