/* ui-test-util.h: what the GUI tests share: waiting on the main loop without
 * hanging the suite, and screenshots of real widgets saved as artefacts. */
#pragma once

#include <gtk/gtk.h>

typedef gboolean (*MwTestCondition) (gpointer data);

/* How many times slower than the normal build on an idle machine this run may be
 * (MW_TEST_SLOWDOWN, set by tests/ui/meson.build: more for the sanitizer build, and
 * room for a busy machine); 1 when unset. */
guint       mw_test_slowdown         (void);
/* Iterates the main loop until @condition holds; fails the test (naming
 * @what) after @timeout_seconds × mw_test_slowdown () rather than hanging the
 * suite.  The wait ends on the event, so a generous limit costs nothing. */
void        mw_test_wait_until       (MwTestCondition  condition,
                                      gpointer         data,
                                      guint            timeout_seconds,
                                      const char      *what);
/* Runs the main loop for @ms milliseconds. */
void        mw_test_spin_main_loop   (guint            ms);
/* Lets layout and drawing settle: waits for two frames of @widget. */
void        mw_test_wait_for_frames  (GtkWidget       *widget);
/* Waits until no GtkStack or GtkRevealer inside @widget is in a transition. */
void        mw_test_wait_for_animations (GtkWidget    *widget);
/* Deletes @path and, if it is a folder, everything below it (test scratch). */
void        mw_test_remove_tree      (const char      *path);
/* MW_SCREENSHOT_SUFFIX ("zh_CN" for the Chinese variants), or NULL. */
const char *mw_test_variant_suffix   (void);
/* Renders @widget as it is on screen (GTK 4.8 has no direct API), checks the
 * picture is not blank (a real window has text and icons: many pixels differ
 * from the top-left one) and saves it as MW_ARTIFACT_DIR/@basename[-suffix].png,
 * once its transitions have ended. */
void        mw_test_save_screenshot  (GtkWidget       *widget,
                                      const char      *basename);
