/* test-run-list.h: what the two files of the run list test share (the
 * application under test, saved runs, waits and geometry); the tests are
 * described in test-run-list.c and test-run-list-delete.c. */
#pragma once

#include <gtk/gtk.h>

#include "mw-application.h"
#include "mw-experiment-form.h"
#include "mw-run-list.h"
#include "mw-run-manager.h"
#include "mw-run-view.h"
#include "mw-window.h"

#include "ui-test-util.h"

#define WAIT_TIMEOUT_SECONDS 120
/* Points of each saved run's loss curve. */
#define SAVED_POINTS 30

/* The application open now, and its window's parts (NULL when closed). */
extern MwApplication *app;
extern MwWindow *window;
extern MwRunManager *manager;
extern MwExperimentForm *form;
extern MwRunView *view;
extern MwRunList *list;

/* The window's size for the next open_app(), and the run list's own height. */
void        set_window_size          (int               width,
                                      int               height);
/* Starts the application as a user does and waits for its saved runs. */
void        open_app                 (void);
/* Quits as app.quit does and lets the application go. */
void        close_app                (void);
void        wait_until               (MwTestCondition   condition,
                                      gpointer          data,
                                      const char       *what);
/* Lets layout, drawing and transitions settle. */
void        settle                   (void);

guint       n_runs                   (void);
/* Returns: (transfer none) */
MwRunItem  *run_at                   (guint             i);
GtkWidget  *find_descendant_of_type  (GtkWidget        *widget,
                                      GType             type);
/* Whether @item's row lies wholly inside the list's viewport. */
gboolean    row_in_viewport          (MwRunItem        *item);
/* The form set to a glyph run of @iterations that takes seconds. */
void        set_tiny_config          (int               iterations);
gboolean    run_ended                (gpointer          item);

/* test-run-list-delete.c */
void        run_list_add_delete_tests (void);
