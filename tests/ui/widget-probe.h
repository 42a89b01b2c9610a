/* widget-probe.h: what the GUI tests do to a widget tree as a person would
 * (find a button by its label, click it, set a spin button), and what they
 * measure on it (what sets a width, how much of a colour is drawn). */
#pragma once

#include <gtk/gtk.h>

typedef gboolean (*MwProbeMatch) (GtkWidget *widget, gconstpointer data);

/* The first descendant of @root (depth first) that @match accepts, or NULL. */
GtkWidget *mw_probe_find             (GtkWidget     *root,
                                      MwProbeMatch   match,
                                      gconstpointer  data);
/* Matches: an instance of the GType in @type (GSIZE_TO_POINTER); a button
 * whose label is @label. */
gboolean   mw_probe_is_type          (GtkWidget     *widget,
                                      gconstpointer  type);
gboolean   mw_probe_is_button_labelled (GtkWidget   *widget,
                                      gconstpointer  label);
/* Clicks the sensitive button labelled @label (translated, with its
 * mnemonic) under @root; fails the test when there is none. */
void       mw_probe_click            (GtkWidget     *root,
                                      const char    *label);
/* Sets the spin button whose tooltip is @tooltip under @root to @value. */
void       mw_probe_set_spin         (GtkWidget     *root,
                                      const char    *tooltip,
                                      double         value);
/* Appends to @out what sets @widget's width (@natural: its natural width,
 * else its minimum): from @widget down, the child whose width is the largest,
 * one line per level, with the widths of each of its visible children. */
void       mw_probe_explain_width    (GtkWidget     *widget,
                                      gboolean       natural,
                                      GString       *out);
/* How much of @color @widget draws: its pixels of nearly exactly that colour
 * (a line's core, not its antialiased edge), rendered as it is on screen. */
guint      mw_probe_count_ink        (GtkWidget     *widget,
                                      const GdkRGBA *color);
