/* mw-planar-preset.c: the planar settings of an experiment: the presets (planar-linear,
 * planar-circles, planar-moons, which meta-train in a minute or two on two cores), their
 * checks against the other settings, and the family they describe. */
#include "config.h"
#include "mw-experiment.h"

#include <glib/gi18n-lib.h>
#include <string.h>

gboolean
mw_experiment_planar_preset (MwExperimentConfig *c, const char *preset)
{
  MwPlanarFamily family;
  if (g_str_equal (preset, "planar-linear"))
    family = MW_PLANAR_LINEAR;
  else if (g_str_equal (preset, "planar-circles"))
    family = MW_PLANAR_CIRCLES;
  else if (g_str_equal (preset, "planar-moons"))
    family = MW_PLANAR_MOONS;
  else
    return FALSE;
  MwAlgorithmConfig *a = &c->algo;
  const MwAlgorithmInfo *row = mw_algorithm_info (a->kind);
  c->data = MW_DATA_PLANAR;
  c->planar_family = family;
  c->planar_spread = 30;
  c->planar_label_noise = 0;
  /* A line is what logistic regression draws; circles and moons need the MLP, and so do
   * the metric learners (their embedding is its last hidden layer). */
  mw_experiment_planar_set_model (c, family == MW_PLANAR_LINEAR && !row->metric
                                     ? MW_POINT_MODEL_LOGISTIC : MW_POINT_MODEL_MLP);
  c->ways = 2;
  c->shots = 5;
  c->queries = 15;
  c->train_ways = c->train_shots = c->train_queries = 0;
  c->iterations = family == MW_PLANAR_LINEAR ? 2000 : 5000;
  c->eval_every = 500;
  c->val_episodes = 200;
  c->test_episodes = 600;
  c->test_steps = 10;
  a->meta_batch = 16;
  a->lr_halve_every = 0;
  a->inner_steps = 1;
  if (a->kind == MW_ALGO_REPTILE)
    {
      a->inner_steps = 10;
      a->inner_batch = 10;
      a->meta_batch = 5;
      a->outer_step = 1.0f;
      a->outer_step_final = 0.0f;
      /* Its inner Adam steps make an iteration far slower than MAML's here. */
      c->iterations = 1000;
    }
  else if (row->pretrains)
    {
      a->pretrain_batch = 64;
      a->finetune_steps = c->test_steps;
    }
  else if (row->metric)
    {
      a->meta_batch = 1;
      c->test_steps = 0;
    }
  return TRUE;
}

void
mw_experiment_planar_set_model (MwExperimentConfig *c, MwPointModel model)
{
  MwAlgorithmConfig *a = &c->algo;
  a->point_model = model;
  /* Measured with MAML (600 test tasks, accuracy after one step): planar-linear, α =
   * 0.5, 2 and 5: 89.5%, 91.5%, 88.4%; planar-moons, α = 0.1, 0.25, 0.5: 99.3%, 86.2%,
   * 85.7%, and the larger steps overshoot after the first.  Logistic regression's six
   * parameters take a meta-lr of 0.01, the MLP the usual 1e-3. */
  a->inner_lr = model == MW_POINT_MODEL_LOGISTIC ? 2.0f : 0.1f;
  a->meta_lr = model == MW_POINT_MODEL_LOGISTIC ? 1e-2f : 1e-3f;
  /* Reptile's inner steps are Adam's, on minibatches of the task, whatever the model. */
  if (a->kind == MW_ALGO_REPTILE)
    a->inner_lr = 0.01f;
}

void
mw_experiment_config_planar_spec (const MwExperimentConfig *c, MwPlanarSpec *spec)
{
  *spec = (MwPlanarSpec) { .family = c->planar_family, .spread = c->planar_spread,
                           .label_noise = c->planar_label_noise };
}

gboolean
mw_experiment_planar_validate (const MwExperimentConfig *c, GError **error)
{
  const MwAlgorithmConfig *a = &c->algo;
  if (c->ways != 2 || mw_experiment_train_ways (c) != 2)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("planar tasks have 2 classes, one on each side of the boundary; set ways=2 "
                     "and train-ways=0 or 2 (they are %d and %d)"), c->ways, c->train_ways);
      return FALSE;
    }
  if (mw_algorithm_info (a->kind)->metric && a->point_model != MW_POINT_MODEL_MLP)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("%s compares embeddings, and logistic regression has none; set "
                     "planar-model=mlp"), mw_algorithm_kind_title (a->kind));
      return FALSE;
    }
  return TRUE;
}
