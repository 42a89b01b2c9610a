/* mw-episode.h: N-way K-shot Q-query episodes, and sinusoid regression tasks. */
#pragma once

#include "mw-class-groups.h"
#include "mw-dataset.h"
#include "mw-tensor.h"

typedef struct MwEpisode {
  int ways, shots, queries;
  /* Support and query images, NHWC, ordered class-major: support row i belongs to
   * episode class i / shots, query row j to class j / queries. */
  MwTensor *support;          /* [ways·shots, H, W, C] */
  MwTensor *query;            /* [ways·queries, H, W, C] */
  int32_t *support_labels;    /* 0..ways-1 */
  int32_t *query_labels;
  int *classes;               /* ways: dataset class of each episode label */
  int *support_items;         /* ways·shots: index of the image within its class */
  int *query_items;
} MwEpisode;

/* Checks that an N-way K-shot Q-query episode can be drawn from ds: N ≥ 2 and no more
 * than the classes, K ≥ 1, Q ≥ 1, and every class holds at least K + Q images (the
 * error names the first class that does not). */
gboolean mw_episode_check (const MwDataset *ds, int ways, int shots, int queries, GError **error);

/* Draws an episode: `ways` distinct classes, then K + Q distinct images of each.
 * Returns NULL with an error when mw_episode_check fails.  Free with mw_episode_free. */
MwEpisode *mw_episode_sample (const MwDataset *ds, int ways, int shots, int queries,
                              MwRng *rng, GError **error);
/* Reuses ep's buffers when the shapes match (no allocation in training loops). */
gboolean mw_episode_sample_into (MwEpisode *ep, const MwDataset *ds, int ways, int shots,
                                 int queries, MwRng *rng, GError **error);
/* The same with every class from one group (NULL: any classes, the same draws as
 * mw_episode_sample_into); fails, naming the setting, when no group holds `ways`. */
gboolean mw_episode_sample_grouped_into (MwEpisode *ep, const MwDataset *ds,
                                         const MwClassGroups *groups, int ways, int shots,
                                         int queries, MwRng *rng, GError **error);
MwEpisode *mw_episode_new (const MwDataset *ds, int ways, int shots, int queries);
void mw_episode_free (MwEpisode *ep);

/* Sinusoid regression (Finn et al. 2017): y = A·sin(x − φ), A ~ U[0.1, 5],
 * φ ~ U[0, π], x ~ U[−5, 5]. */
typedef struct MwSineTask {
  float amplitude, phase;
} MwSineTask;

void mw_sine_task_sample (MwSineTask *task, MwRng *rng);
/* Draws n points of the task into x and y ([n, 1] each). */
void mw_sine_task_points (const MwSineTask *task, MwRng *rng, MwTensor *x, MwTensor *y);
float mw_sine_task_value (const MwSineTask *task, float x);
