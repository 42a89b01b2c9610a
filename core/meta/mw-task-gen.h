/* mw-task-gen.h: draws few-shot tasks from a dataset (N-way K-shot episodes) or from
 * the sinusoid family, into reused buffers.  It is also the MwTaskSource the
 * algorithms train from. */
#pragma once

#include "mw-algorithm.h"
#include "mw-augment.h"
#include "mw-dataset.h"
#include "mw-episode.h"
#include "mw-planar.h"

/* One task's buffers: a meta-batch holds several tasks at once, one per slot. */
typedef struct MwTaskSlot {
  MwEpisode *episode;           /* the slot's last episode (classification) */
  MwSineTask sine;              /* the slot's last sine task (regression) */
  MwPlanarTask planar;          /* the slot's last planar task */
  MwTensor *sx, *sy, *qx, *qy;  /* regression and planar buffers */
  int32_t *support_labels, *query_labels;   /* planar labels */
  float *image;                 /* one image, for augmentation */
} MwTaskSlot;

typedef struct MwTaskGen {
  MwTaskSource source;          /* first member: a MwTaskGen is a MwTaskSource */
  const MwDataset *dataset;     /* NULL for sinusoid regression and planar tasks */
  gboolean planar;              /* 2-D point tasks of spec's family */
  MwPlanarSpec spec;
  MwClassGroups *groups;        /* every episode's classes from one group; NULL: any */
  MwAugment augment;            /* distortion of every image drawn (training only) */
  float *batch_image;           /* one image, for augmenting next_batch */
  MwTaskSlot *slots;
  int n_slots;
  MwTensor *batch_x;            /* next_batch buffers */
  int32_t *batch_labels;
} MwTaskGen;

/* ways, shots, queries: the episode shape of meta-training (the source's fields). */
MwTaskGen *mw_task_gen_new_dataset (const MwDataset *dataset, int ways, int shots, int queries);
MwTaskGen *mw_task_gen_new_sinusoid (int shots, int queries);
/* 2-way tasks of 2-D points; its pre-training batches are points of random tasks. */
MwTaskGen *mw_task_gen_new_planar (const MwPlanarSpec *spec, int shots, int queries);
void mw_task_gen_free (MwTaskGen *gen);

/* From now on every episode's classes come from one alphabet (episode-classes=
 * same-alphabet).  Pre-training batches (next_batch) are not episodes and stay as
 * they are. */
void mw_task_gen_group_by_alphabet (MwTaskGen *gen);
/* From now on every image drawn, in episodes and pre-training batches, is distorted
 * (augment=affine; see mw-augment.h).  Draws come from the task's own stream, after the
 * images are chosen, so which images are drawn stays as without augmentation. */
void mw_task_gen_set_augment (MwTaskGen *gen, MwAugment augment);
/* Whether an episode of this shape can be drawn: mw_episode_check, and a group of
 * `ways` classes when grouped. */
gboolean mw_task_gen_check (const MwTaskGen *gen, int ways, int shots, int queries,
                            GError **error);

/* A task of the given shape (regression ignores ways) in slot 0. */
gboolean mw_task_gen_next (MwTaskGen *gen, int ways, int shots, int queries, MwRng *rng,
                           MwTask *task, GError **error);
/* The same into a given slot; the task stays valid until that slot is reused. */
gboolean mw_task_gen_next_in_slot (MwTaskGen *gen, int slot, int ways, int shots, int queries,
                                   MwRng *rng, MwTask *task, GError **error);
/* The slot's last episode (NULL for regression or before the first task). */
const MwEpisode *mw_task_gen_episode (const MwTaskGen *gen, int slot);
/* The slot's last planar task and its true boundary (NULL for other sources or before
 * the first task). */
const MwPlanarTask *mw_task_gen_planar_task (const MwTaskGen *gen, int slot);
