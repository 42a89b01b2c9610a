/* mw-handout-banner.c: a handout's lesson across the top of the window. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-handout-banner.h"

struct _MwHandoutBanner
{
  GtkBox parent_instance;

  GtkLabel  *title_label;
  GtkLabel  *instructions_label;
  GtkLabel  *locked_label;
  GtkWidget *locked_row;
  GtkButton *close_button;

  gboolean has_lesson;
};

G_DEFINE_FINAL_TYPE (MwHandoutBanner, mw_handout_banner, GTK_TYPE_BOX)

static void
close_clicked_cb (MwHandoutBanner *self)
{
  mw_handout_banner_dismiss (self);
}

static void
mw_handout_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MW_TYPE_HANDOUT_BANNER);

  G_OBJECT_CLASS (mw_handout_banner_parent_class)->dispose (object);
}

static void
mw_handout_banner_class_init (MwHandoutBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mw_handout_banner_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-handout-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, MwHandoutBanner, title_label);
  gtk_widget_class_bind_template_child (widget_class, MwHandoutBanner, instructions_label);
  gtk_widget_class_bind_template_child (widget_class, MwHandoutBanner, locked_label);
  gtk_widget_class_bind_template_child (widget_class, MwHandoutBanner, locked_row);
  gtk_widget_class_bind_template_child (widget_class, MwHandoutBanner, close_button);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
}

static void
mw_handout_banner_init (MwHandoutBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
mw_handout_banner_new (void)
{
  return g_object_new (MW_TYPE_HANDOUT_BANNER, NULL);
}

void
mw_handout_banner_set_lesson (MwHandoutBanner *self,
                              const char      *title,
                              const char      *instructions,
                              const char      *locked)
{
  g_return_if_fail (MW_IS_HANDOUT_BANNER (self));

  /* Plain text: a handout is someone else's file, not markup to trust. */
  gtk_label_set_text (self->title_label, title != NULL ? title : "");
  gtk_label_set_text (self->instructions_label, instructions != NULL ? instructions : "");
  gtk_widget_set_visible (GTK_WIDGET (self->instructions_label),
                          instructions != NULL && *instructions != '\0');
  gtk_label_set_text (self->locked_label, locked != NULL ? locked : "");
  gtk_widget_set_visible (self->locked_row, locked != NULL && *locked != '\0');

  self->has_lesson = TRUE;
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

void
mw_handout_banner_clear (MwHandoutBanner *self)
{
  g_return_if_fail (MW_IS_HANDOUT_BANNER (self));

  gtk_label_set_text (self->title_label, "");
  gtk_label_set_text (self->instructions_label, "");
  gtk_label_set_text (self->locked_label, "");
  self->has_lesson = FALSE;
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

gboolean
mw_handout_banner_has_lesson (MwHandoutBanner *self)
{
  g_return_val_if_fail (MW_IS_HANDOUT_BANNER (self), FALSE);

  return self->has_lesson;
}

const char *
mw_handout_banner_get_title (MwHandoutBanner *self)
{
  g_return_val_if_fail (MW_IS_HANDOUT_BANNER (self), NULL);

  return gtk_label_get_text (self->title_label);
}

const char *
mw_handout_banner_get_instructions (MwHandoutBanner *self)
{
  g_return_val_if_fail (MW_IS_HANDOUT_BANNER (self), NULL);

  return gtk_label_get_text (self->instructions_label);
}

void
mw_handout_banner_dismiss (MwHandoutBanner *self)
{
  g_return_if_fail (MW_IS_HANDOUT_BANNER (self));

  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}
