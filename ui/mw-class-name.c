/* mw-class-name.c: a class's name shown in little room. */

#include "config.h"

#include "mw-class-name.h"

char *
mw_class_name_shorten (const char *name,
                       int         max_chars)
{
  glong len;
  int head, tail;
  const char *head_end, *tail_start;

  g_return_val_if_fail (name != NULL, NULL);

  len = g_utf8_strlen (name, -1);
  if (max_chars < 3 || len <= max_chars)
    return g_strdup (name);
  /* The end a little longer than the start: the character's number and turn are there. */
  head = (max_chars - 1) * 2 / 5;
  tail = max_chars - 1 - head;
  head_end = g_utf8_offset_to_pointer (name, head);
  tail_start = g_utf8_offset_to_pointer (name, len - tail);
  return g_strdup_printf ("%.*s…%s", (int) (head_end - name), name, tail_start);
}

void
mw_class_name_label_setup (GtkLabel *label,
                           int       max_chars,
                           int       lines)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_xalign (label, 0);
  gtk_label_set_wrap (label, TRUE);
  /* Words where it can (a path breaks after its slashes), characters where it must. */
  gtk_label_set_wrap_mode (label, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_lines (label, lines);
  gtk_label_set_ellipsize (label, PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_max_width_chars (label, max_chars);
}

void
mw_class_name_label_set (GtkLabel   *label,
                         const char *text,
                         const char *tooltip)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_label_set_label (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), tooltip != NULL ? tooltip : text);
}
