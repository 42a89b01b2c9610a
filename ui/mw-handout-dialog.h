/* mw-handout-dialog.h: "Save as Handout": a teacher writes the lesson.
 *
 * Title, instructions for the students and which settings to lock (a box for
 * each field of the form that the experiment's dataset has), over the
 * experiment the window holds; "Save…" asks where (GtkFileChooserNative) and
 * writes the handout there (core/mw-handout.h), then closes. Errors show in a
 * message dialog and keep the dialog open.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-core.h"

G_BEGIN_DECLS

#define MW_TYPE_HANDOUT_DIALOG (mw_handout_dialog_get_type ())
G_DECLARE_FINAL_TYPE (MwHandoutDialog, mw_handout_dialog, MW, HANDOUT_DIALOG, GtkWindow)

/* Returns: (transfer none): a new dialog over @parent, filled from @handout
 * (its settings are what gets saved; its lesson and locks are the starting
 * point); @file_name is what the file chooser suggests. GTK owns it. */
GtkWidget *mw_handout_dialog_new              (GtkWindow       *parent,
                                               const MwHandout *handout,
                                               const char      *file_name);

void       mw_handout_dialog_set_lesson_title (MwHandoutDialog *self,
                                               const char      *title);
void       mw_handout_dialog_set_instructions (MwHandoutDialog *self,
                                               const char      *instructions);
/* Ticks or unticks @key's "locked" box; FALSE if the dialog has none. */
gboolean   mw_handout_dialog_set_key_locked   (MwHandoutDialog *self,
                                               const char      *key,
                                               gboolean         locked);
/* Fills @handout (uninitialised storage; free with mw_handout_clear()) with
 * what the dialog would save. Locks the dialog has no box for (written by
 * hand in the file) are kept. */
void       mw_handout_dialog_get_handout      (MwHandoutDialog *self,
                                               MwHandout       *handout);
/* Writes the handout to @file (what "Save…" does once a file is chosen) and
 * emits ::saved. */
gboolean   mw_handout_dialog_save_to          (MwHandoutDialog *self,
                                               GFile           *file,
                                               GError         **error);

G_END_DECLS
