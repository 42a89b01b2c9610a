/* mw-target.h: the target domain of an experiment, for domain adaptation and for
 * evaluating a model on data that looks different from its training data.
 *
 * The settings target-dataset, target-path, target-split and target-shift name the
 * target as dataset, path, train-split and shift name the source.  Its images are
 * made at the model's size and channels.  Training may read only the images of the
 * target's training classes, without labels (an MwImagePool); its test classes are for
 * evaluation on the target (`eval --target`). */
#pragma once

#include "mw-experiment.h"
#include "mw-image-pool.h"

/* Whether target-dataset names a dataset. */
gboolean mw_experiment_has_target (const MwExperimentConfig *config);
/* Checks the target settings against each other and against the source (called by
 * mw_experiment_config_validate); the message names the setting. */
gboolean mw_experiment_target_validate (const MwExperimentConfig *config, GError **error);
/* The target's dataset and the request for its loader: its path (the source's path
 * when target-path is empty and the target is the source's dataset), its split as the
 * training split, its shift, and the source's image size and input channels.  The
 * strings are config's.  FALSE when there is no target. */
gboolean mw_experiment_target_request (const MwExperimentConfig *config, MwDataKind *kind,
                                       MwDataRequest *request);

typedef struct {
  MwDataKind kind;
  MwImagePool *unlabelled;    /* the images of the target's training classes */
  MwDataset *test;            /* its test classes (labelled): evaluation only */
  char *train_split, *test_split;   /* as named in messages; NULL for data without splits */
} MwTarget;

/* Loads config's target into target (zeroed first; left empty on failure).  This is
 * what a training hook calls once, before the first step; at each step it takes
 * mw_image_pool_batch (target->unlabelled, config->seed, step, n, images). */
gboolean mw_target_load (const MwExperimentConfig *config, MwTarget *target, GError **error);
void mw_target_clear (MwTarget *target);
