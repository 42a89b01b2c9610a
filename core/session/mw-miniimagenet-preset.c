/* mw-miniimagenet-preset.c: the papers' settings for mini-ImageNet (84 × 84 colour photos,
 * 64 training, 16 validation and 20 test classes of the Ravi & Larochelle split, 600
 * images each), for a folder in either layout of mw-image-folder-splits.h, and the
 * width of the network the papers give images of that size. */
#include "config.h"
#include "mw-experiment.h"

#include <string.h>

/* The papers' Conv4 widths on 84 × 84 images: Finn et al. 2017 (§5.2) and Nichol et al.
 * 2018 use 32 filters, to keep MAML's second-order pass in memory and to curb
 * overfitting; Snell et al. 2017 and the fine-tuning baseline of Chen et al. 2019 use
 * 64. */
void
mw_experiment_image_backbone (MwExperimentConfig *c)
{
  if (c->image_size < 84)
    return;
  const MwAlgorithmInfo *row = mw_algorithm_info (c->algo.kind);
  c->algo.filters = row->inner_loop ? 32 : 64;
}

gboolean
mw_experiment_miniimagenet_preset (MwExperimentConfig *c, const char *preset)
{
  int shots;
  if (g_str_equal (preset, "miniimagenet-5w1s"))
    shots = 1;
  else if (g_str_equal (preset, "miniimagenet-5w5s"))
    shots = 5;
  else
    return FALSE;
  MwAlgorithmConfig *a = &c->algo;
  const MwAlgorithmInfo *row = mw_algorithm_info (a->kind);
  c->data = MW_DATA_FOLDER;
  c->image_size = 84;
  c->channels = 3;
  /* Photos are as they are: light sky is not paper to be turned dark. */
  c->invert = 0;
  c->ways = 5;
  c->shots = shots;
  c->queries = 15;
  c->train_ways = c->train_shots = c->train_queries = 0;
  c->val_episodes = 100;
  c->test_episodes = 600;
  c->eval_every = 1000;
  mw_experiment_image_backbone (c);
  if (a->kind == MW_ALGO_REPTILE)
    {
      /* Nichol et al. 2018, mini-ImageNet: 8 inner Adam steps (lr 1e-3) of 10 images from
       * 15-shot training tasks, meta-batch 5, ε from 1 to 0, 100,000 iterations, 50
       * steps at test. */
      a->inner_steps = 8;
      a->inner_batch = 10;
      a->inner_lr = 1e-3f;
      a->meta_batch = 5;
      a->outer_step = 1.0f;
      a->outer_step_final = 0.0f;
      c->train_shots = 15;
      c->train_queries = 1;
      c->iterations = 100000;
      c->test_steps = 50;
    }
  else if (row->inner_loop)
    {
      /* Finn et al. 2017 §5.2: 5 steps of α = 0.01 in training, 10 at test, 4 tasks a
       * meta-batch for 1-shot and 2 for 5-shot, Adam 1e-3, 60,000 iterations. */
      a->inner_steps = 5;
      a->inner_lr = 0.01f;
      a->meta_batch = shots == 1 ? 4 : 2;
      a->meta_lr = 1e-3f;
      c->iterations = 60000;
      c->test_steps = 10;
    }
  else if (row->metric)
    {
      /* Snell et al. 2017, mini-ImageNet: wider training episodes than at test (30-way
       * for 1-shot, 20-way for 5-shot), 15 queries, Adam 1e-3 halved every 2000
       * episodes; one episode an iteration. */
      c->train_ways = shots == 1 ? 30 : 20;
      c->train_queries = 15;
      a->meta_batch = 1;
      a->meta_lr = 1e-3f;
      a->lr_halve_every = 2000;
      c->iterations = 20000;
      c->test_steps = 0;
    }
  else if (row->pretrains)
    {
      /* Chen et al. 2019's baseline: a classifier over the training classes, then a new
       * head fitted on each test task. */
      a->pretrain_batch = 64;
      c->iterations = 20000;
      c->test_steps = a->finetune_steps;
    }
  return TRUE;
}
