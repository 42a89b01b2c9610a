/* mw-text-scale.h: the size of a window's text, for a projector at the back of
 * a classroom or a small laptop screen.
 *
 * The zoom (a percentage of the desktop's text size) and presentation mode
 * (larger text still, the charts' text and lines larger again) are applied
 * with CSS to one widget, a window, and everything inside it: its popovers
 * included, its dialogs not.  Every label, the theme's headings and captions,
 * and the charts follow (MwCurvePlot draws with its widget's font, and its
 * lines and spacing grow with it).  Both are remembered in GSettings
 * ("text-zoom", "presentation-mode") when given the settings.
 *
 * The actions: win.zoom-in, win.zoom-out, win.zoom-reset (Ctrl+plus,
 * Ctrl+minus, Ctrl+0) and win.presentation (a boolean state).
 *
 *   MwTextScale *scale = mw_text_scale_new (GTK_WIDGET (window), settings);
 *   mw_text_scale_add_actions (scale, G_ACTION_MAP (window));
 *   mw_text_scale_set_zoom (scale, mw_text_scale_step (100, +1));   // 110 %
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MW_TEXT_SCALE_DEFAULT_ZOOM 100
#define MW_TEXT_SCALE_MIN_ZOOM      70
#define MW_TEXT_SCALE_MAX_ZOOM     300

#define MW_TYPE_TEXT_SCALE (mw_text_scale_get_type ())
G_DECLARE_FINAL_TYPE (MwTextScale, mw_text_scale, MW, TEXT_SCALE, GObject)

/* Returns: (transfer full): the text scale of @widget (a window), at the
 * zoom and presentation mode of @settings (nullable: 100 %, no presentation
 * mode, nothing remembered).  It holds a weak reference to @widget and stops
 * scaling it when finalized. */
MwTextScale *mw_text_scale_new              (GtkWidget   *widget,
                                             GSettings   *settings);
/* Adds the actions to @map (the window's), which holds a reference to @self. */
void         mw_text_scale_add_actions      (MwTextScale *self,
                                             GActionMap  *map);
/* Returns: (transfer floating): a row for a menu, "−  100 %  +", on the
 * actions of mw_text_scale_add_actions(); the percentage follows the zoom. */
GtkWidget   *mw_text_scale_zoom_row_new     (MwTextScale *self);

/* The zoom in percent, clamped to MW_TEXT_SCALE_MIN_ZOOM … MAX_ZOOM. */
void         mw_text_scale_set_zoom         (MwTextScale *self,
                                             int          percent);
int          mw_text_scale_get_zoom         (MwTextScale *self);
void         mw_text_scale_set_presentation (MwTextScale *self,
                                             gboolean     presentation);
gboolean     mw_text_scale_get_presentation (MwTextScale *self);

/* The next zoom step from @percent, larger (@direction > 0) or smaller, as
 * Ctrl+plus and Ctrl+minus go; @percent itself at either end. */
int          mw_text_scale_step             (int          percent,
                                             int          direction);

G_END_DECLS
