/* mw-handout-banner.h: a handout's lesson across the top of the window.
 *
 * Shows the lesson's title, its instructions and which settings the handout
 * locks, with a button that hides it (win.show-lesson brings it back). Hidden
 * while there is no lesson.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MW_TYPE_HANDOUT_BANNER (mw_handout_banner_get_type ())
G_DECLARE_FINAL_TYPE (MwHandoutBanner, mw_handout_banner, MW, HANDOUT_BANNER, GtkBox)

/* Returns: (transfer floating): a hidden banner without a lesson. */
GtkWidget  *mw_handout_banner_new            (void);

/* Shows the lesson: @title, @instructions (plain text; "" or NULL: none) and
 * @locked, a line naming the locked settings (NULL: none locked). */
void        mw_handout_banner_set_lesson     (MwHandoutBanner *self,
                                              const char      *title,
                                              const char      *instructions,
                                              const char      *locked);
/* Forgets the lesson and hides. */
void        mw_handout_banner_clear          (MwHandoutBanner *self);
/* Whether there is a lesson to show (shown or dismissed). */
gboolean    mw_handout_banner_has_lesson     (MwHandoutBanner *self);

/* Returns: (transfer none): the lesson's title, "" when none. */
const char *mw_handout_banner_get_title      (MwHandoutBanner *self);
const char *mw_handout_banner_get_instructions (MwHandoutBanner *self);

/* The close button, as if clicked (hides, keeps the lesson). */
void        mw_handout_banner_dismiss        (MwHandoutBanner *self);

G_END_DECLS
