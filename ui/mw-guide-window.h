/* mw-guide-window.h: the in-app guide (F1).
 *
 * A window beside the main one with short pages, listed in a sidebar: what
 * meta-learning and N-way K-shot mean, how to run and compare runs, how to
 * inspect an episode, and the three classroom lessons step by step (the
 * teachers' version, with screenshots, is data/guide/teachers.md).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MW_TYPE_GUIDE_WINDOW (mw_guide_window_get_type ())
G_DECLARE_FINAL_TYPE (MwGuideWindow, mw_guide_window, MW, GUIDE_WINDOW, GtkWindow)

/* Names of the pages, in the order the sidebar lists them. */
#define MW_GUIDE_PAGE_INTRO          "intro"
#define MW_GUIDE_PAGE_RUNS           "runs"
#define MW_GUIDE_PAGE_INSPECT        "inspect"
#define MW_GUIDE_PAGE_LESSON_SINE    "lesson-sinusoid"
#define MW_GUIDE_PAGE_LESSON_COMPARE "lesson-omniglot"
#define MW_GUIDE_PAGE_LESSON_PHOTOS  "lesson-photos"
#define MW_GUIDE_PAGE_LESSON_BOUNDARY "lesson-boundary"
#define MW_GUIDE_PAGE_LESSON_OBJECTS "lesson-objects"

/* Returns: (transfer none): a new guide window, transient for @parent and
 * destroyed with it; GTK owns it. */
GtkWidget  *mw_guide_window_new       (GtkWindow     *parent);

/* Shows page @name (one of the MW_GUIDE_PAGE_* names). */
void        mw_guide_window_show_page (MwGuideWindow *self,
                                       const char    *name);
/* Returns: (transfer none): the name of the page shown. */
const char *mw_guide_window_get_page  (MwGuideWindow *self);
/* Returns: (transfer none): the stack of pages (for the tests). */
GtkStack   *mw_guide_window_get_stack (MwGuideWindow *self);

G_END_DECLS
