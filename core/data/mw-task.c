/* mw-task.c: losses and accuracy of a task's predictions. */
#include "mw-task.h"

#include "mw-ops.h"

#include <math.h>

MwTensor *
mw_task_loss (MwTape *tape, const MwTask *task, MwTensor *pred, bool query)
{
  if (task->regression)
    return mw_mse (tape, pred, query ? task->query_y : task->support_y);
  return mw_cross_entropy (tape, pred, query ? task->query_labels : task->support_labels);
}

float
mw_task_accuracy (const MwTask *task, const MwTensor *pred, bool query)
{
  if (task->regression)
    return NAN;
  return mw_accuracy (pred, query ? task->query_labels : task->support_labels);
}
