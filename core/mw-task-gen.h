/* mw-task-gen.h: draws few-shot tasks from a dataset (N-way K-shot episodes) or from
 * the sinusoid family, into reused buffers.  It is also the MwTaskSource the
 * algorithms train from. */
#pragma once

#include "mw-algorithm.h"
#include "mw-dataset.h"
#include "mw-episode.h"

typedef struct MwTaskGen {
  MwTaskSource source;          /* first member: a MwTaskGen is a MwTaskSource */
  const MwDataset *dataset;     /* NULL for sinusoid regression */
  MwEpisode *episode;           /* buffers of the last episode (classification) */
  MwSineTask sine;              /* the last sine task (regression) */
  MwTensor *sx, *sy, *qx, *qy;  /* regression buffers */
  MwTensor *batch_x;            /* next_batch buffers */
  int32_t *batch_labels;
} MwTaskGen;

/* ways, shots, queries: the episode shape of meta-training (the source's fields). */
MwTaskGen *mw_task_gen_new_dataset (const MwDataset *dataset, int ways, int shots, int queries);
MwTaskGen *mw_task_gen_new_sinusoid (int shots, int queries);
void mw_task_gen_free (MwTaskGen *gen);

/* A task of the given shape (regression ignores ways). */
gboolean mw_task_gen_next (MwTaskGen *gen, int ways, int shots, int queries, MwRng *rng,
                           MwTask *task, GError **error);
