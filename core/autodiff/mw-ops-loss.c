/* mw-ops-loss.c: losses and pairwise similarities, composed from differentiable ops
 * (so their gradients, of any order, come for free). */
#include "mw-op-private.h"

MwTensor *
mw_nll (MwTape *tape, MwTensor *log_probs, const int32_t *labels)
{
  if (log_probs->ndim != 2)
    mw_shape_error ("nll", log_probs, NULL, "log-probabilities must be [rows, classes]");
  const int rows = log_probs->shape[0], classes = log_probs->shape[1];
  int32_t *index = mw_tape_alloc (tape, sizeof (int32_t) * (size_t) MAX (rows, 1));
  for (int r = 0; r < rows; r++)
    {
      if (labels[r] < 0 || labels[r] >= classes)
        g_error ("nll: label %d of row %d outside [0, %d)", labels[r], r, classes);
      index[r] = r * classes + labels[r];
    }
  MwTensor *picked = mw_gather (tape, log_probs, index, 1, &rows);
  return mw_scale (tape, mw_mean (tape, picked), -1.0f);
}

MwTensor *
mw_cross_entropy (MwTape *tape, MwTensor *logits, const int32_t *labels)
{
  if (logits->ndim != 2)
    mw_shape_error ("cross_entropy", logits, NULL, "logits must be [rows, classes]");
  return mw_nll (tape, mw_log_softmax (tape, logits), labels);
}

MwTensor *
mw_mse (MwTape *tape, MwTensor *pred, MwTensor *target)
{
  if (pred->numel != target->numel)
    mw_shape_error ("mse", pred, target, "element counts differ");
  if (!mw_tensor_same_shape (pred, target))
    target = mw_reshape (tape, target, pred->ndim, pred->shape);
  return mw_mean (tape, mw_square (tape, mw_sub (tape, pred, target)));
}

MwTensor *
mw_sq_euclidean (MwTape *tape, MwTensor *a, MwTensor *b)
{
  if (a->ndim != 2 || b->ndim != 2 || a->shape[1] != b->shape[1])
    mw_shape_error ("sq_euclidean", a, b, "needs [N, D] and [M, D]");
  /* ‖a‖² + ‖b‖² − 2 a·bᵀ: one sgemm instead of N·M difference vectors. */
  int row_shape[2] = { 1, b->shape[0] };
  MwTensor *aa = mw_sum_axis (tape, mw_square (tape, a), 1, true);
  MwTensor *bb = mw_reshape (tape, mw_sum_axis (tape, mw_square (tape, b), 1, false), 2, row_shape);
  MwTensor *ab = mw_matmul_ex (tape, a, b, false, true);
  return mw_add (tape, mw_add (tape, aa, bb), mw_scale (tape, ab, -2.0f));
}

static MwTensor *
unit_rows (MwTape *tape, MwTensor *a, float eps)
{
  MwTensor *norm2 = mw_sum_axis (tape, mw_square (tape, a), 1, true);
  return mw_mul (tape, a, mw_rsqrt (tape, mw_affine_scalar (tape, norm2, 1.0f, eps)));
}

MwTensor *
mw_cosine_similarity (MwTape *tape, MwTensor *a, MwTensor *b, float eps)
{
  if (a->ndim != 2 || b->ndim != 2 || a->shape[1] != b->shape[1])
    mw_shape_error ("cosine_similarity", a, b, "needs [N, D] and [M, D]");
  return mw_matmul_ex (tape, unit_rows (tape, a, eps), unit_rows (tape, b, eps), false, true);
}

int
mw_argmax_row (const MwTensor *a, int row)
{
  const int c = a->shape[a->ndim - 1];
  const float *x = a->data + (size_t) row * c;
  int best = 0;
  for (int j = 1; j < c; j++)
    if (x[j] > x[best])
      best = j;
  return best;
}

float
mw_accuracy (const MwTensor *logits, const int32_t *labels)
{
  const int rows = logits->shape[0];
  int right = 0;
  for (int r = 0; r < rows; r++)
    right += mw_argmax_row (logits, r) == labels[r];
  return rows ? (float) right / (float) rows : 0.0f;
}
