/* mw-experiment-form-image.c: the experiment form's image fields: colour or grey and the
 * image size (a folder's images), the network's width, and the augmentation of training
 * images.
 *
 * The width follows the size as the other defaults follow the algorithm and the data:
 * from 84 × 84 on, the papers' Conv4 width for the algorithm (32 filters for MAML and the
 * learners with an inner loop, 64 for ProtoNets and the others:
 * mw_experiment_image_backbone), unless the user typed a width or a handout locks it. */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "mw-experiment-form-private.h"

/* The sizes offered; a size from a file that is not among them is added to the list. */
static const int offered_sizes[] = { 28, 32, 56, 84 };

static int
selected_size (MwExperimentForm *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->size_dropdown);
  int side = 0;

  if (item == NULL || sscanf (gtk_string_object_get_string (item), "%d", &side) != 1)
    return offered_sizes[0];
  return side;
}

static void
select_size (MwExperimentForm *self,
             int               side)
{
  GListModel *sizes = gtk_drop_down_get_model (self->size_dropdown);
  guint n = g_list_model_get_n_items (sizes);
  g_autofree char *label = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (sizes, i);
      int have = 0;

      if (sscanf (gtk_string_object_get_string (item), "%d", &have) == 1 && have == side)
        {
          gtk_drop_down_set_selected (self->size_dropdown, i);
          return;
        }
    }
  label = g_strdup_printf ("%d × %d", side, side);
  gtk_string_list_append (GTK_STRING_LIST (sizes), label);
  gtk_drop_down_set_selected (self->size_dropdown, n);
}

void
mw_experiment_form_image_defaults (MwExperimentForm   *self,
                                   MwExperimentConfig *config)
{
  if (mw_data_info (config->data)->colour)
    {
      config->channels = gtk_drop_down_get_selected (self->channels_dropdown) == 1 ? 3 : 1;
      config->image_size = selected_size (self);
    }
  mw_experiment_image_backbone (config);
}

static gboolean
has_images (const MwDataInfo *data)
{
  return !data->regression && !data->points;
}

void
mw_experiment_form_image_get_config (MwExperimentForm   *self,
                                     MwExperimentConfig *config)
{
  const MwDataInfo *data = mw_data_info (config->data);
  guint augment = gtk_drop_down_get_selected (self->augment_dropdown);

  if (!has_images (data))
    return;
  config->algo.filters = gtk_spin_button_get_value_as_int (self->filters_spin);
  /* The drop-down's items are the setting's choices in their order. */
  config->augment = augment < MW_AUGMENT_COUNT ? (MwAugment) augment : MW_AUGMENT_NONE;
}

void
mw_experiment_form_image_set_config (MwExperimentForm         *self,
                                     const MwExperimentConfig *config)
{
  gtk_drop_down_set_selected (self->channels_dropdown, config->channels == 3 ? 1 : 0);
  select_size (self, config->image_size);
  gtk_spin_button_set_value (self->filters_spin, config->algo.filters);
  gtk_drop_down_set_selected (self->augment_dropdown,
                              config->augment < MW_AUGMENT_COUNT ? config->augment : 0);
}

void
mw_experiment_form_image_load_defaults (MwExperimentForm         *self,
                                        const MwExperimentConfig *defaults)
{
  if (mw_experiment_form_follows_defaults (self, "filters"))
    gtk_spin_button_set_value (self->filters_spin, defaults->algo.filters);
  if (mw_experiment_form_follows_defaults (self, "augment"))
    gtk_drop_down_set_selected (self->augment_dropdown, defaults->augment);
}

void
mw_experiment_form_image_update_visibility (MwExperimentForm *self,
                                            const MwDataInfo *data)
{
  gtk_widget_set_visible (self->channels_row, data->colour);
  gtk_widget_set_visible (self->size_row, data->colour);
  gtk_widget_set_visible (self->filters_row, has_images (data));
  gtk_widget_set_visible (self->augment_row, has_images (data));
}

static void
mark_edited (MwExperimentForm *self,
             GObject          *field)
{
  g_hash_table_add (self->edited, g_object_get_data (field, "mw-field-key"));
  g_clear_pointer (&self->preset_error, g_free);
}

/* A new size or colour: the width follows (when the user has not typed one), and the
 * memory estimate with it. */
static void
image_changed_cb (GObject          *field,
                  GParamSpec       *pspec,
                  MwExperimentForm *self)
{
  MwExperimentConfig defaults;

  if (self->loading)
    return;
  mark_edited (self, field);
  mw_experiment_form_defaults_config (self, &defaults);
  self->loading = TRUE;
  mw_experiment_form_image_load_defaults (self, &defaults);
  self->loading = FALSE;
  mw_experiment_config_clear (&defaults);
  mw_experiment_form_revalidate (self);
}

static void
field_changed_cb (GObject          *field,
                  GParamSpec       *pspec,
                  MwExperimentForm *self)
{
  if (self->loading)
    return;
  mark_edited (self, field);
  mw_experiment_form_revalidate (self);
}

void
mw_experiment_form_image_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, channels_row);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, channels_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, size_row);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, size_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, filters_row);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, filters_spin);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, augment_row);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, augment_dropdown);
}

void
mw_experiment_form_image_init (MwExperimentForm *self)
{
  g_object_set_data (G_OBJECT (self->channels_dropdown), "mw-field-key", (gpointer) "channels");
  g_object_set_data (G_OBJECT (self->size_dropdown), "mw-field-key", (gpointer) "image-size");
  g_object_set_data (G_OBJECT (self->filters_spin), "mw-field-key", (gpointer) "filters");
  g_object_set_data (G_OBJECT (self->augment_dropdown), "mw-field-key", (gpointer) "augment");
  g_signal_connect (self->channels_dropdown, "notify::selected", G_CALLBACK (image_changed_cb),
                    self);
  g_signal_connect (self->size_dropdown, "notify::selected", G_CALLBACK (image_changed_cb),
                    self);
  g_signal_connect (self->filters_spin, "notify::value", G_CALLBACK (field_changed_cb), self);
  g_signal_connect (self->augment_dropdown, "notify::selected", G_CALLBACK (field_changed_cb),
                    self);
}
