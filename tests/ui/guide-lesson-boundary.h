/* guide-lesson-boundary.h: the screenshots of the guide's lesson 4. */

#pragma once

/* Trains the lesson's planar runs in the guide program's window and saves
 * lesson4-*.png (guide-lesson-boundary.c). */
void guide_lesson_boundary (void);
