/* mw-image-pool.h: images without their labels: the target domain's unlabelled images
 * that domain adaptation draws a batch from at each training step.
 *
 * A pool takes a dataset and keeps only its images: nothing in this interface gives a
 * class, a class name or where an image came from, so a training step that reads the
 * pool cannot read the target's labels.  Batches are a function of (seed, step) alone,
 * so a run is bit-reproducible whatever thread draws them and in whatever order. */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "mw-dataset.h"

typedef struct MwImagePool MwImagePool;

/* A pool of every image of ds (each entry: Omniglot's turned characters count as
 * images); takes ds.  NULL, with MW_DATASET_ERROR_EMPTY, when ds has no image. */
MwImagePool *mw_image_pool_new_take (MwDataset *ds, GError **error);
void mw_image_pool_free (MwImagePool *pool);

int mw_image_pool_size (const MwImagePool *pool);
/* The shape of one image: height × width × channels floats. */
void mw_image_pool_shape (const MwImagePool *pool, int *height, int *width, int *channels);

/* n images drawn uniformly (with replacement) for training step step of seed, written
 * one after another as height × width × channels floats in [0, 1] (HWC, as
 * mw_dataset_copy_image). */
void mw_image_pool_batch (const MwImagePool *pool, guint64 seed, guint64 step, int n,
                          float *out);
