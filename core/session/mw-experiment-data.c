/* mw-experiment-data.c: what an experiment's settings make of its data: the request for
 * the dataset's loader, and the one line that names a run (mw-experiment.h). */
#include "config.h"
#include "mw-experiment.h"

#include <glib/gi18n-lib.h>

void
mw_experiment_config_data_request (const MwExperimentConfig *c, MwDataRequest *r)
{
  *r = (MwDataRequest) {
    .path = c->data_path ? c->data_path : "",
    .train_split = c->train_split ? c->train_split : "",
    .val_split = c->val_split ? c->val_split : "",
    .test_split = c->test_split ? c->test_split : "",
    .rotations = c->rotations,
    .height = c->image_size, .width = c->image_size, .channels = c->channels,
    .invert = c->invert,
    /* auto turns the files toward a dark background, as Omniglot's and the glyphs' */
    .light_background = FALSE,
    .train_fraction = c->train_fraction, .seed = c->seed,
    .glyph_classes = c->glyph_classes, .glyph_samples = c->glyph_samples,
    .shift = { c->shift, c->shift_radius, c->shift_angle, MW_SHIFT_SEED },
    .hershey_copies = c->hershey_copies,
    .min_class_size = MAX (c->shots + c->queries,
                           mw_experiment_train_shots (c) + mw_experiment_train_queries (c)),
  };
}

char *
mw_experiment_config_describe (const MwExperimentConfig *c)
{
  /* A name for people (the run list, the CLI): in their language. */
  if (mw_data_info (c->data)->regression)
    /* Translators: algorithm, dataset ("sinusoid"), K shots, the seed. */
    return g_strdup_printf (_("%s %s %d-shot, seed %llu"),
                            mw_algorithm_kind_title (c->algo.kind), mw_data_kind_title (c->data),
                            c->shots, (unsigned long long) c->seed);
  /* Translators: algorithm, dataset ("glyphs"), N ways, K shots, the seed. */
  return g_strdup_printf (_("%s %s %d-way %d-shot, seed %llu"),
                          mw_algorithm_kind_title (c->algo.kind), mw_data_kind_title (c->data),
                          c->ways, c->shots, (unsigned long long) c->seed);
}
