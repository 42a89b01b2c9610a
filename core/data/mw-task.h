/* mw-task.h: one few-shot task as the algorithms see it: a support set to adapt on and
 * a query set to be judged on.  Classification tasks carry integer labels; regression
 * tasks carry targets.  A task does not own its tensors. */
#pragma once

#include "mw-tape.h"

typedef struct MwTask {
  bool regression;
  int ways;                      /* classes (classification) */
  int shots;                     /* support items per class (regression: points) */
  MwTensor *support_x, *query_x;
  const int32_t *support_labels, *query_labels;
  MwTensor *support_y, *query_y; /* regression targets, [n, 1] */
} MwTask;

/* The task loss of predictions: cross-entropy on logits, or MSE. */
MwTensor *mw_task_loss (MwTape *tape, const MwTask *task, MwTensor *pred, bool query);
/* Accuracy of logits on the query (or support) set; NaN for regression. */
float mw_task_accuracy (const MwTask *task, const MwTensor *pred, bool query);
