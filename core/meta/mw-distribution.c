/* mw-distribution.c: splitting a meta-batch across processes (see mw-distribution.h). */
#include "config.h"
#include "mw-distribution.h"
#include "mw-algorithm-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* What a task's owner tells the others: how the task went, then its gradient. */
typedef struct {
  gint32 failed;
  gint32 code;                  /* the GError code in MW_ALGORITHM_ERROR, if failed */
  double loss, accuracy;
  char message[496];            /* the owner's error message, cut to fit */
} TaskRowHeader;

void
mw_distribution_share (int rank, int size, int n, int *first, int *last)
{
  int base = n / size, extra = n % size;
  *first = rank * base + MIN (rank, extra);
  *last = *first + base + (rank < extra ? 1 : 0);
}

gboolean
mw_algorithm_set_distribution (MwAlgorithm *a, const MwDistribution *d, GError **error)
{
  if (d == NULL || d->size <= 1)
    {
      a->distributed = FALSE;
      return TRUE;
    }
  const MwAlgorithmInfo *row = mw_algorithm_info (a->cfg.kind);
  const char *title = mw_algorithm_kind_title (a->cfg.kind);
  if (!row->distributable)
    {
      if (row->serial_tasks)
        /* Translators: an algorithm (Reptile). */
        g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                     _("%s carries its inner optimiser's state from one task to the next, so "
                       "its meta-batch cannot be split across processes"), title);
      else if (row->pretrains)
        /* Translators: an algorithm (the fine-tuning baseline). */
        g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                     _("%s pre-trains on plain batches, not meta-batches"), title);
      else
        /* Translators: an algorithm. */
        g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                     _("%s cannot split its meta-batch across processes"), title);
      return FALSE;
    }
  if (a->model->running_mean != NULL && a->cfg.bn_mode == MW_BN_RUNNING)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("running batch-norm statistics are updated by every task in turn; use "
                     "batch-norm=batch to split the meta-batch across processes"));
      return FALSE;
    }
  if (a->cfg.meta_batch < d->size)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("meta-batch=%d cannot be split across %d processes: each needs at "
                     "least one task"), a->cfg.meta_batch, d->size);
      return FALSE;
    }
  a->dist = *d;
  a->distributed = TRUE;
  return TRUE;
}

static size_t
row_bytes (const MwAlgorithm *a)
{
  size_t floats = 0;
  for (int j = 0; j < a->n_trainable; j++)
    floats += a->trainable[j]->numel;
  /* Rows stay 8-byte aligned for the doubles of the next header. */
  return (sizeof (TaskRowHeader) + floats * sizeof (float) + 7) & ~(size_t) 7;
}

gboolean
mw_algo_exchange_tasks (MwAlgorithm *a, int n, double *loss, double *accuracy,
                        GError **task_errors, GError **error)
{
  int first, last;
  mw_distribution_share (a->dist.rank, a->dist.size, n, &first, &last);
  size_t rb = row_bytes (a), need = rb * (size_t) n;
  if (a->dist_rows_size < need)
    {
      g_free (a->dist_rows);
      a->dist_rows = g_malloc (need);
      a->dist_rows_size = need;
    }
  for (int i = first; i < last; i++)
    {
      guint8 *row = a->dist_rows + rb * (size_t) i;
      TaskRowHeader h = { 0 };
      h.failed = task_errors[i] != NULL || isnan (loss[i]);
      h.code = task_errors[i] ? task_errors[i]->code : MW_ALGORITHM_ERROR_CANCELLED;
      h.loss = loss[i];
      h.accuracy = accuracy[i];
      if (task_errors[i])
        g_strlcpy (h.message, task_errors[i]->message, sizeof h.message);
      memcpy (row, &h, sizeof h);
      float *g = (float *) (row + sizeof h);
      for (int j = 0; j < a->n_trainable; j++)
        {
          memcpy (g, a->task_grads[i][j]->data, a->task_grads[i][j]->numel * sizeof (float));
          g += a->task_grads[i][j]->numel;
        }
    }
  if (!a->dist.all_gather (a->dist.user_data, a->dist_rows, rb, n, error))
    return FALSE;
  for (int i = 0; i < n; i++)
    {
      if (i >= first && i < last)
        continue;
      const guint8 *row = a->dist_rows + rb * (size_t) i;
      TaskRowHeader h;
      memcpy (&h, row, sizeof h);
      loss[i] = h.loss;
      accuracy[i] = h.accuracy;
      if (h.failed)
        {
          h.message[sizeof h.message - 1] = '\0';
          g_clear_error (&task_errors[i]);
          task_errors[i] = g_error_new (MW_ALGORITHM_ERROR, h.code, "%s",
                                        *h.message ? h.message : _("a task failed in another process"));
          continue;
        }
      const float *g = (const float *) (row + sizeof h);
      for (int j = 0; j < a->n_trainable; j++)
        {
          memcpy (a->task_grads[i][j]->data, g, a->task_grads[i][j]->numel * sizeof (float));
          g += a->task_grads[i][j]->numel;
        }
    }
  return TRUE;
}
