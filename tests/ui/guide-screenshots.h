/* guide-screenshots.h: what the guide program (guide-screenshots.c) shares with the
 * files of its longer lessons: its window, and the steps a student takes in it. */

#pragma once

#include <gtk/gtk.h>

#include "ui-test-util.h"

#include "mw-experiment-form.h"
#include "mw-run-list.h"
#include "mw-window.h"

extern MwWindow *window;
extern MwExperimentForm *form;
extern MwRunList *list;

/* Spins the main loop until @condition holds (a few minutes at most). */
void guide_wait_until (MwTestCondition condition, gpointer data, const char *what);
/* Presses Start with the form's settings; the new run's item. */
MwRunItem *guide_start_run (void);
/* Waits for @item to finish; the wall-clock seconds from now. */
double guide_wait_for_run (MwRunItem *item, const char *what);
/* Clicks the button labelled @label (translated, with its mnemonic) under @root. */
void guide_click (GtkWidget *root, const char *label);
/* Saves the window as @basename.png, with no hover readout showing. */
void guide_window_screenshot (const char *basename);
/* Hides every run on the charts. */
void guide_hide_all_runs (void);
/* Prints @item's last validation figure, as the lesson quotes it. */
void guide_print_last_validation (MwRunItem *item);
