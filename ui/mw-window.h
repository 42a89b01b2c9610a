/* mw-window.h: the main Meta Workbench window.
 *
 * Header bar with the run controls (win.start, win.pause, win.step, win.stop,
 * acting on the selected run; win.guide opens the guide), an "Experiment" sidebar on the left and the run
 * content on the right: an empty state, or the run list above the charts. Size, maximized state and sidebar width are
 * kept in GSettings, and so is the run list's height once the user moves the
 * divider below it (until then, the list's natural height: four rows).
 * win.fullscreen toggles full screen; the text's zoom and presentation mode
 * (win.zoom-in, win.zoom-out, win.zoom-reset, win.presentation) are MwTextScale's,
 * in the main menu.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-run-control.h"

G_BEGIN_DECLS

#define MW_TYPE_WINDOW (mw_window_get_type ())
G_DECLARE_FINAL_TYPE (MwWindow, mw_window, MW, WINDOW, GtkApplicationWindow)

/* Names of the pages of the content stack. */
#define MW_WINDOW_PAGE_EMPTY "empty"
#define MW_WINDOW_PAGE_CHART "chart"

/* Returns: (transfer none): a new window belonging to @application; GTK owns
 * it, close it with gtk_window_close() or gtk_window_destroy(). */
MwWindow   *mw_window_new                 (GtkApplication *application);

MwRunState  mw_window_get_run_state       (MwWindow       *self);
/* Enables the run actions that make sense in @state and relabels Pause/Resume.
 * Called by the owner of the runs whenever its state changes. */
void        mw_window_set_run_state       (MwWindow       *self,
                                           MwRunState      state);

/* Puts @form (the experiment settings widget) into the sidebar, replacing the
 * placeholder or a previous form. The window takes a reference to @form. */
void        mw_window_set_experiment_form (MwWindow       *self,
                                           GtkWidget      *form);

/* Returns: (transfer none): the name of the visible content page,
 * MW_WINDOW_PAGE_EMPTY or MW_WINDOW_PAGE_CHART. */
const char *mw_window_get_content_page    (MwWindow       *self);

/* Returns: (transfer none) (nullable): the form set with
 * mw_window_set_experiment_form(), or NULL while the placeholder shows. */
GtkWidget  *mw_window_get_experiment_form (MwWindow       *self);

/* Whether the current settings can run; Start is enabled only when they can
 * and the run state allows a new run. TRUE by default. */
void        mw_window_set_start_allowed   (MwWindow       *self,
                                           gboolean        allowed);

/* Puts @view (the run's charts) into the chart page, replacing any previous
 * one. The window takes a reference to @view. */
void        mw_window_set_run_view        (MwWindow       *self,
                                           GtkWidget      *view);
/* Returns: (transfer none) (nullable): the widget set with
 * mw_window_set_run_view(). */
GtkWidget  *mw_window_get_run_view        (MwWindow       *self);

/* Puts @list (the run list) above the charts, replacing any previous one.
 * The window takes a reference to @list. */
void        mw_window_set_run_list        (MwWindow       *self,
                                           GtkWidget      *list);
/* Returns: (transfer none) (nullable): the widget set with
 * mw_window_set_run_list(). */
GtkWidget  *mw_window_get_run_list        (MwWindow       *self);

/* Shows MW_WINDOW_PAGE_EMPTY or MW_WINDOW_PAGE_CHART. */
void        mw_window_set_content_page    (MwWindow       *self,
                                           const char     *page);

/* Puts @page (an MwInspectPage) in the "Inspect" view, beside the training
 * charts; mw_window_set_view() switches ("training" or "inspect"). */
void        mw_window_set_inspect_page    (MwWindow       *self,
                                           GtkWidget      *page);
GtkWidget  *mw_window_get_inspect_page    (MwWindow       *self);
void        mw_window_set_view            (MwWindow       *self,
                                           const char     *view);
/* Returns: (transfer none) (nullable): the guide window (win.guide, F1)
 * while it is open. */
GtkWindow  *mw_window_get_guide           (MwWindow       *self);
/* Puts @banner (a handout's lesson) across the top of the window, above the
 * sidebar and the content, replacing any previous one. The window takes a
 * reference to @banner; it shows or hides itself. */
void        mw_window_set_banner          (MwWindow       *self,
                                           GtkWidget      *banner);
/* Returns: (transfer none) (nullable): the widget set with
 * mw_window_set_banner(). */
GtkWidget  *mw_window_get_banner          (MwWindow       *self);
/* Folders dropped on the window open in the inspect page's task builder. */
void        mw_window_enable_folder_drop  (MwWindow       *self);

/* Puts @widget over the window's content, where its alignment places it (a
 * toast: at the bottom, centred). The window takes a reference to @widget. */
void        mw_window_add_overlay         (MwWindow       *self,
                                           GtkWidget      *widget);

G_END_DECLS
