/* mw-class-name.h: a class's name shown in little room.
 *
 * Class names are folder paths ("Inuktitut_(Canadian_Aboriginal_Syllabics)/character13/rot090"):
 * the start names the alphabet, the end the character and its turn. Both ends matter, so a
 * name too long for its room loses its middle, never its start, and labels give the full name
 * as their tooltip.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Returns: (transfer full): @name, or at most @max_chars characters of it: its start and its
 * end around a "…". */
char      *mw_class_name_shorten   (const char *name,
                                    int         max_chars);

/* Makes @label show a class name (or a caption holding one) in about @max_chars characters a
 * line: it wraps, at the path's slashes where it can, on up to @lines lines, and what still
 * does not fit goes from the middle. */
void       mw_class_name_label_setup (GtkLabel   *label,
                                      int         max_chars,
                                      int         lines);
/* Sets the label's @text and its tooltip: @tooltip, or @text itself when NULL. */
void       mw_class_name_label_set   (GtkLabel   *label,
                                      const char *text,
                                      const char *tooltip);

G_END_DECLS
