/* mw-ops-matmul.c: 2-D matrix products through cblas_sgemm. */
#include "mw-op-private.h"

#include <cblas.h>

static void
matmul_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  /* C = op(A)·op(B).  Each case keeps to one sgemm with transpose flags, and the
   * result is again a matmul, so the formula can be differentiated once more. */
  MwTensor *a = node->inputs[0], *b = node->inputs[1];
  bool ta = node->iarg[0], tb = node->iarg[1];
  if (needs[0])
    gin[0] = ta ? mw_matmul_ex (tape, b, g, tb, true) : mw_matmul_ex (tape, g, b, false, !tb);
  if (needs[1])
    gin[1] = tb ? mw_matmul_ex (tape, g, a, true, ta) : mw_matmul_ex (tape, a, g, !ta, false);
}
static const MwOpDef matmul_op = { "matmul", matmul_backward };

MwTensor *
mw_matmul_ex (MwTape *tape, MwTensor *a, MwTensor *b, bool trans_a, bool trans_b)
{
  if (a->ndim != 2 || b->ndim != 2)
    mw_shape_error ("matmul", a, b, "operands must be 2-D");
  int m = trans_a ? a->shape[1] : a->shape[0];
  int k = trans_a ? a->shape[0] : a->shape[1];
  int kb = trans_b ? b->shape[1] : b->shape[0];
  int n = trans_b ? b->shape[0] : b->shape[1];
  if (k != kb)
    mw_shape_error ("matmul", a, b, "inner dimensions differ");
  int shape[2] = { m, n };
  MwTensor *in[2] = { a, b };
  MwTensor *out = mw_op_output (tape, &matmul_op, 2, shape, in, 2);
  if (out->node)
    {
      out->node->iarg[0] = trans_a;
      out->node->iarg[1] = trans_b;
    }
  if (m == 0 || n == 0)
    return out;
  if (k == 0)
    {
      for (size_t i = 0; i < out->numel; i++)
        out->data[i] = 0.0f;
      return out;
    }
  cblas_sgemm (CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans,
               trans_b ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a->data, a->shape[1],
               b->data, b->shape[1], 0.0f, out->data, n);
  return out;
}

MwTensor *
mw_matmul (MwTape *tape, MwTensor *a, MwTensor *b)
{
  return mw_matmul_ex (tape, a, b, false, false);
}
