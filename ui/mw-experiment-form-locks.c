/* mw-experiment-form-locks.c: the fields of the experiment form that a handout
 * locks, and the form's fields by their key-file names. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-experiment-form-private.h"

/* Every field by its key-file name, in the form's order, with the title of its
 * row (the same strings as the template's) for the handout dialog and banner. */
static const char *const field_keys[] = {
  "algorithm", "dataset", "path", "planar-family", "planar-model", "planar-spread",
  "planar-label-noise", "ways", "shots", "queries", "inner-steps", "inner-lr",
  "meta-lr", "meta-batch", "iterations", "seed", "batch-norm", "invert", "channels",
  "image-size", "filters", "augment", NULL
};

static const char *const field_titles[] = {
  N_("Algorithm"), N_("Dataset"), N_("Folder"), N_("Task family"), N_("Model"),
  N_("Angle spread"), N_("Label noise"), N_("N-way"), N_("K-shot"),
  N_("Queries per class"), N_("Inner steps"), N_("Inner learning rate"),
  N_("Meta learning rate"), N_("Tasks per meta-batch"), N_("Meta-iterations"), N_("Seed"),
  N_("Batch norm"), N_("Invert images"), N_("Colour"), N_("Image size"),
  N_("Filters per layer"), N_("Augmentation"),
};

G_STATIC_ASSERT (G_N_ELEMENTS (field_keys) == G_N_ELEMENTS (field_titles) + 1);

GtkWidget *
mw_experiment_form_field_widget (MwExperimentForm *self,
                                 const char       *key)
{
  if (g_str_equal (key, "algorithm"))
    return GTK_WIDGET (self->algorithm_dropdown);
  if (g_str_equal (key, "dataset"))
    return GTK_WIDGET (self->dataset_dropdown);
  if (g_str_equal (key, "path"))
    return GTK_WIDGET (self->folder_button);
  if (g_str_equal (key, "batch-norm"))
    return GTK_WIDGET (self->bn_dropdown);
  if (g_str_equal (key, "invert"))
    return GTK_WIDGET (self->invert_dropdown);
  if (g_str_equal (key, "planar-family"))
    return GTK_WIDGET (self->planar_family_dropdown);
  if (g_str_equal (key, "planar-model"))
    return GTK_WIDGET (self->planar_model_dropdown);
  if (g_str_equal (key, "channels"))
    return GTK_WIDGET (self->channels_dropdown);
  if (g_str_equal (key, "image-size"))
    return GTK_WIDGET (self->size_dropdown);
  if (g_str_equal (key, "filters"))
    return GTK_WIDGET (self->filters_spin);
  if (g_str_equal (key, "augment"))
    return GTK_WIDGET (self->augment_dropdown);
  for (int i = 0; i < N_SPINS; i++)
    if (g_str_equal (key, mw_experiment_form_spin_keys[i]))
      return GTK_WIDGET (self->spins[i]);
  return NULL;
}

gboolean
mw_experiment_form_key_locked (MwExperimentForm *self,
                               const char       *key)
{
  return self->locked != NULL && g_strv_contains ((const char * const *) self->locked, key);
}

void
mw_experiment_form_add_lock_icons (MwExperimentForm *self)
{
  /* A lock between each field and its title, shown while a handout locks the
   * field; the same in every row, so made here rather than in the template. */
  self->lock_icons = g_hash_table_new (g_str_hash, g_str_equal);
  for (gsize i = 0; field_keys[i] != NULL; i++)
    {
      GtkWidget *field = mw_experiment_form_field_widget (self, field_keys[i]);
      GtkWidget *icon = gtk_image_new_from_icon_name ("changes-prevent-symbolic");

      gtk_widget_add_css_class (icon, "dim-label");
      gtk_widget_add_css_class (icon, "mw-lock");
      gtk_widget_set_visible (icon, FALSE);
      gtk_box_insert_child_after (GTK_BOX (gtk_widget_get_parent (field)), icon,
                                  gtk_widget_get_prev_sibling (field));
      g_hash_table_insert (self->lock_icons, (gpointer) field_keys[i], icon);
    }
}

void
mw_experiment_form_set_locked (MwExperimentForm   *self,
                               const char * const *keys,
                               const char         *reason)
{
  g_return_if_fail (MW_IS_EXPERIMENT_FORM (self));

  g_strfreev (self->locked);
  self->locked = keys != NULL && keys[0] != NULL ? g_strdupv ((char **) keys) : NULL;

  for (gsize i = 0; field_keys[i] != NULL; i++)
    {
      GtkWidget *field = mw_experiment_form_field_widget (self, field_keys[i]);
      GtkWidget *row = gtk_widget_get_parent (field);
      GtkWidget *icon = g_hash_table_lookup (self->lock_icons, field_keys[i]);
      gboolean locked = mw_experiment_form_key_locked (self, field_keys[i]);

      gtk_widget_set_sensitive (field, !locked);
      gtk_widget_set_visible (icon, locked);
      gtk_widget_set_tooltip_text (icon, locked ? reason : NULL);
      gtk_widget_set_tooltip_text (row, locked ? reason : NULL);
      if (locked)
        {
          gtk_widget_add_css_class (row, "mw-locked");
          if (reason != NULL)
            gtk_accessible_update_property (GTK_ACCESSIBLE (field),
                                            GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, reason, -1);
        }
      else
        {
          gtk_widget_remove_css_class (row, "mw-locked");
          gtk_accessible_reset_property (GTK_ACCESSIBLE (field),
                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
        }
    }
}

gboolean
mw_experiment_form_is_locked (MwExperimentForm *self,
                              const char       *key)
{
  g_return_val_if_fail (MW_IS_EXPERIMENT_FORM (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return mw_experiment_form_key_locked (self, key);
}

GtkWidget *
mw_experiment_form_get_field (MwExperimentForm *self,
                              const char       *key)
{
  g_return_val_if_fail (MW_IS_EXPERIMENT_FORM (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return mw_experiment_form_field_widget (self, key);
}

const char * const *
mw_experiment_form_field_keys (void)
{
  return field_keys;
}

const char *
mw_experiment_form_field_title (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  for (gsize i = 0; field_keys[i] != NULL; i++)
    if (g_str_equal (key, field_keys[i]))
      return _(field_titles[i]);
  return NULL;
}

gboolean
mw_experiment_form_field_applies (const char *key,
                                  MwDataKind  data)
{
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (data < MW_DATA_COUNT, FALSE);

  /* The keys of the planar rows (field_keys) name their dataset. */
  if (g_str_has_prefix (key, "planar-"))
    return mw_data_info (data)->points;
  return TRUE;
}
