/* guide-lesson-objects.h: the screenshots of the guide's lesson 5. */

#pragma once

#include <gtk/gtk.h>

#include "mw-inspect-page.h"

G_BEGIN_DECLS

/* Takes five classes of photos with test patterns as the camera in @page's task
 * builder (shown in @window), trains a new model on them and saves
 * lesson5-camera.png and lesson5-predictions.png; prints the figures the lesson
 * quotes. */
void guide_lesson_objects (GtkWindow     *window,
                           MwInspectPage *page);

G_END_DECLS
