/* mw-experiment-form-planar.c: the experiment form's fields for planar tasks: the
 * task family, the model, the lines' angle spread and the label noise.  The family
 * is a choice, as the dataset is: it picks the preset whose defaults fill the
 * fields (mw-experiment-form.c); the others are fields like the spin buttons. */

#include "config.h"

#include "mw-experiment-form-private.h"

/* The family drop-down lists mw_planar_family_names' families in their order, the
 * model drop-down the point models in theirs. */
static const char *const family_presets[] = {
  [MW_PLANAR_LINEAR] = "planar-linear",
  [MW_PLANAR_CIRCLES] = "planar-circles",
  [MW_PLANAR_MOONS] = "planar-moons",
};

static MwPlanarFamily
selected_family (MwExperimentForm *self)
{
  guint i = gtk_drop_down_get_selected (self->planar_family_dropdown);

  return i < G_N_ELEMENTS (family_presets) ? (MwPlanarFamily) i : MW_PLANAR_LINEAR;
}

const char *
mw_experiment_form_planar_preset (MwExperimentForm *self)
{
  return family_presets[selected_family (self)];
}

static MwPointModel
selected_model (MwExperimentForm *self)
{
  return gtk_drop_down_get_selected (self->planar_model_dropdown) == 1 ? MW_POINT_MODEL_MLP
                                                                       : MW_POINT_MODEL_LOGISTIC;
}

void
mw_experiment_form_planar_get_config (MwExperimentForm   *self,
                                      MwExperimentConfig *config)
{
  config->planar_family = selected_family (self);
  config->algo.point_model = selected_model (self);
  config->planar_spread = gtk_spin_button_get_value (self->spins[SPIN_PLANAR_SPREAD]);
  config->planar_label_noise = gtk_spin_button_get_value (self->spins[SPIN_PLANAR_NOISE]);
}

void
mw_experiment_form_planar_set_config (MwExperimentForm         *self,
                                      const MwExperimentConfig *config)
{
  gtk_drop_down_set_selected (self->planar_family_dropdown,
                              config->planar_family < G_N_ELEMENTS (family_presets)
                              ? config->planar_family : MW_PLANAR_LINEAR);
  gtk_drop_down_set_selected (self->planar_model_dropdown,
                              config->algo.point_model == MW_POINT_MODEL_MLP ? 1 : 0);
  gtk_spin_button_set_value (self->spins[SPIN_PLANAR_SPREAD], config->planar_spread);
  gtk_spin_button_set_value (self->spins[SPIN_PLANAR_NOISE], config->planar_label_noise);
}

void
mw_experiment_form_planar_load_defaults (MwExperimentForm         *self,
                                         const MwExperimentConfig *defaults)
{
  if (mw_experiment_form_follows_defaults (self, "planar-model"))
    gtk_drop_down_set_selected (self->planar_model_dropdown,
                                defaults->algo.point_model == MW_POINT_MODEL_MLP ? 1 : 0);
  if (mw_experiment_form_follows_defaults (self, "planar-spread"))
    gtk_spin_button_set_value (self->spins[SPIN_PLANAR_SPREAD], defaults->planar_spread);
  if (mw_experiment_form_follows_defaults (self, "planar-label-noise"))
    gtk_spin_button_set_value (self->spins[SPIN_PLANAR_NOISE], defaults->planar_label_noise);
}

void
mw_experiment_form_planar_fit_defaults (MwExperimentForm   *self,
                                        MwExperimentConfig *defaults)
{
  if (!mw_experiment_form_follows_defaults (self, "planar-model"))
    mw_experiment_planar_set_model (defaults, selected_model (self));
}

void
mw_experiment_form_planar_update_visibility (MwExperimentForm *self,
                                             const MwDataInfo *data)
{
  gtk_widget_set_visible (self->planar_family_row, data->points);
  gtk_widget_set_visible (self->planar_model_row, data->points);
  /* Only a line has a direction to spread. */
  gtk_widget_set_visible (self->rows[SPIN_PLANAR_SPREAD],
                          data->points && selected_family (self) == MW_PLANAR_LINEAR);
  gtk_widget_set_visible (self->rows[SPIN_PLANAR_NOISE], data->points);
}
