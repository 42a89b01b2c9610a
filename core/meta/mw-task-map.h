/* mw-task-map.h: many seeded test tasks embedded (mw-task-embedding.h), drawn on a
 * plane, each with its distance to the nearest of many training tasks and the query
 * accuracy the learner reaches on it: does a learner do worse on tasks unlike those it
 * was meta-trained on?
 *
 * Test task i is episode i of the test stream (seed, i), the very episode mw_evaluate
 * draws for that seed, so its accuracy here is the one eval averages.  Training task j
 * is drawn from the run's meta-training task source, from the stream
 * (MW_TASK_MAP_TRAIN_SEED, j), in the test's shape so that the two embed alike.
 * Distances are cosine distances between embeddings.  The map has two layouts of all
 * the tasks, test and training together: PCA of the embeddings, and classical MDS of
 * their cosine distances (mw-map2d.h). */
#pragma once

#include "mw-evaluate.h"
#include "mw-task-embedding.h"
#include "mw-task-gen.h"

#define MW_TASK_MAP_TRAIN_SEED G_GUINT64_CONSTANT (0x747261696e6d6170)
/* Tasks of one map, test and training together (the layouts solve an eigenproblem
 * of that order). */
#define MW_TASK_MAP_MAX_TASKS 4000

typedef struct {
  MwTaskEmbeddingKind kind;
  int ways, shots, queries;   /* the tasks' shape */
  int steps;                  /* adaptation steps before the accuracy is measured */
  int n_test, n_train;        /* tasks of each kind (n_train may be 0: no distances) */
  uint64_t seed;              /* of the test tasks */
} MwTaskMapSettings;

typedef struct {
  int n_test, n_train;        /* rows 0..n_test-1 are the test tasks, then the training ones */
  int dim;
  float *embedding;           /* (n_test + n_train) × dim */
  double *pca_xy, *mds_xy;    /* per row, x then y */
  double pca_explained[2], mds_explained[2];  /* share of the variance each axis shows */
  double *nearest_distance;   /* per test task: cosine distance to the nearest training task
                                 (NaN without training tasks) */
  int *nearest;               /* per test task: that training task's index (−1: none) */
  double *accuracy;           /* per test task: query accuracy after the steps */
  int accuracy_step;          /* the step it was measured at (0 for metric learners) */
  char **property;            /* per row: the classes' alphabet, "mixed" when no alphabet
                                 has more than half of them, "" when the classes have none */
  double *property_bin;       /* per row: a planar task's bin (its lower bound), by which
                                 the groups sort; NaN for other tasks, sorted by name */
  int planar_family;          /* the planar tasks' MwPlanarFamily; −1 for other tasks */
  char **classes;             /* per row: the dataset's class names, joined by spaces */
  double seconds;
} MwTaskMap;

/* Fills map; progress (may be NULL) is called after each task embedded, test tasks
 * then training ones, with the total of both.  test_gen and train_gen (NULL when
 * n_train is 0) draw the tasks; the learner is only read. */
gboolean mw_task_map_compute (MwAlgorithm *algo, MwTaskGen *test_gen, MwTaskGen *train_gen,
                              const MwTaskMapSettings *settings, MwEvalProgress progress,
                              gpointer user_data, MwTaskMap *map, GError **error);
void mw_task_map_clear (MwTaskMap *map);
/* Row's property in the user's language (property holds it in English, for files). */
char *mw_task_map_property_label (const MwTaskMap *map, int row);
/* Orders two rows' properties: planar bins by number, others by name. */
int mw_task_map_property_compare (const MwTaskMap *map, int row_a, int row_b);
