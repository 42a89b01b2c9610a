/* mw-ops-loss.c: losses and pairwise similarities, composed from differentiable ops
 * (so their gradients, of any order, come for free). */
#include "mw-op-private.h"

#include <math.h>

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

/* The rows of a logit vector [N] or [N, 1], or −1. */
static int
logit_rows (const MwTensor *logits)
{
  if (logits->ndim == 1)
    return logits->shape[0];
  if (logits->ndim == 2 && logits->shape[1] == 1)
    return logits->shape[0];
  return -1;
}

MwTensor *
mw_binary_cross_entropy (MwTape *tape, MwTensor *logits, const int32_t *labels,
                         const float *weights)
{
  const int rows = logit_rows (logits);
  if (rows < 1)
    mw_shape_error ("binary_cross_entropy", logits, NULL, "needs one logit per row, [N] or [N, 1]");
  double total = 0;
  for (int r = 0; r < rows; r++)
    {
      if (labels[r] != 0 && labels[r] != 1)
        g_error ("binary_cross_entropy: label %d of row %d is neither 0 nor 1", labels[r], r);
      if (weights != NULL && !(weights[r] >= 0.0f && isfinite (weights[r])))
        g_error ("binary_cross_entropy: weight %g of row %d is not a finite number >= 0",
                 (double) weights[r], r);
      total += weights != NULL ? weights[r] : 1.0;
    }
  if (!(total > 0))
    g_error ("binary_cross_entropy: the weights sum to 0");
  /* [0, z] as two-class logits: log-softmax gives −log(1 + e^z) and z − log(1 + e^z)
   * without overflow, with derivatives of every order from the checked ops. */
  const int column[2] = { rows, 1 }, pair[2] = { 1, 2 };
  static const float lift[2] = { 0.0f, 1.0f };
  MwTensor *z = mw_reshape (tape, logits, 2, column);
  MwTensor *two = mw_matmul (tape, z, mw_tape_constant (tape, 2, pair, lift));
  MwTensor *log_probs = mw_log_softmax (tape, two);
  if (weights == NULL)
    return mw_nll (tape, log_probs, labels);
  int32_t *index = mw_tape_alloc (tape, sizeof (int32_t) * (size_t) rows);
  for (int r = 0; r < rows; r++)
    index[r] = 2 * r + labels[r];
  MwTensor *picked = mw_gather (tape, log_probs, index, 1, &rows);
  MwTensor *w = mw_tape_constant (tape, 1, &rows, weights);
  return mw_scale (tape, mw_sum (tape, mw_mul (tape, picked, w)), (float) (-1.0 / total));
}

float
mw_binary_accuracy (const MwTensor *logits, const int32_t *labels)
{
  const int rows = logit_rows (logits);
  if (rows < 0)
    mw_shape_error ("binary_accuracy", logits, NULL, "needs one logit per row, [N] or [N, 1]");
  int right = 0;
  for (int r = 0; r < rows; r++)
    right += (logits->data[r] > 0.0f) == (labels[r] == 1);
  return rows ? (float) right / (float) rows : 0.0f;
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
