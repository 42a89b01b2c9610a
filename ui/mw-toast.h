/* mw-toast.h: a short message at the bottom of a window, with one button
 * (such as "Undo") and a close button, that goes away by itself.
 *
 * Put it over the window's content (a GtkOverlay) and call mw_toast_show().
 * It slides in, stays for MwToast:timeout seconds (the count stops while the
 * pointer is over it, so a hand on its way to Undo is not too late), then
 * slides out. One toast shows one message: showing another first dismisses
 * the one shown, so whoever waits on ::dismissed acts on the old message
 * before the new one appears.
 *
 *   ::button-clicked  its button was pressed (the toast then goes)
 *   ::dismissed       the message went: timed out, closed, replaced by
 *                     another, mw_toast_dismiss(); also after ::button-clicked
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MW_TYPE_TOAST (mw_toast_get_type ())
G_DECLARE_FINAL_TYPE (MwToast, mw_toast, MW, TOAST, GtkWidget)

/* Returns: (transfer floating): a hidden toast, 10 seconds by default. */
GtkWidget  *mw_toast_new             (void);

/* Shows @title with a button labelled @button_label (with a mnemonic; NULL:
 * no button), dismissing the message shown before, and starts the count. */
void        mw_toast_show            (MwToast    *self,
                                      const char *title,
                                      const char *button_label);
/* Takes the message away now (::dismissed); nothing if none is shown. */
void        mw_toast_dismiss         (MwToast    *self);
/* Whether a message is shown (MwToast:shown). */
gboolean    mw_toast_get_shown       (MwToast    *self);
/* Returns: (transfer none) (nullable): the message shown. */
const char *mw_toast_get_title       (MwToast    *self);

/* Seconds a message stays (MwToast:timeout); 0: until dismissed. Applies
 * from the next mw_toast_show(). */
guint       mw_toast_get_timeout     (MwToast    *self);
void        mw_toast_set_timeout     (MwToast    *self,
                                      guint       seconds);

G_END_DECLS
