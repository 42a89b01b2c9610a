/* mw-ops-softmax.c: softmax and log-softmax along the last dim. */
#include "mw-op-private.h"

#include <math.h>

static void
log_softmax_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  /* gx = g − softmax(x) · Σg, with softmax(x) = exp(y) taken from this node's output. */
  MwTensor *sum_g = mw_sum_axis (tape, g, -1, true);
  gin[0] = mw_sub (tape, g, mw_mul (tape, mw_exp (tape, node->out), sum_g));
}
static const MwOpDef log_softmax_op = { "log_softmax", log_softmax_backward };

static void
softmax_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  /* gx = y · (g − Σ g·y) */
  MwTensor *y = node->out;
  MwTensor *dot = mw_sum_axis (tape, mw_mul (tape, g, y), -1, true);
  gin[0] = mw_mul (tape, y, mw_sub (tape, g, dot));
}
static const MwOpDef softmax_op = { "softmax", softmax_backward };

static MwTensor *
softmax_impl (MwTape *tape, MwTensor *a, bool log_space)
{
  MwTensor *out = mw_op_output (tape, log_space ? &log_softmax_op : &softmax_op, a->ndim,
                                a->shape, &a, 1);
  const size_t c = (size_t) a->shape[a->ndim - 1], rows = a->numel / MAX (c, 1);
  for (size_t r = 0; r < rows; r++)
    {
      const float *x = a->data + r * c;
      float *y = out->data + r * c;
      float m = -INFINITY;
      for (size_t j = 0; j < c; j++)
        m = fmaxf (m, x[j]);
      double s = 0;
      for (size_t j = 0; j < c; j++)
        s += exp ((double) x[j] - m);
      if (log_space)
        {
          float lse = m + (float) log (s);
          for (size_t j = 0; j < c; j++)
            y[j] = x[j] - lse;
        }
      else
        for (size_t j = 0; j < c; j++)
          y[j] = (float) (exp ((double) x[j] - m) / s);
    }
  return out;
}

MwTensor *
mw_softmax (MwTape *tape, MwTensor *a)
{
  return softmax_impl (tape, a, false);
}

MwTensor *
mw_log_softmax (MwTape *tape, MwTensor *a)
{
  return softmax_impl (tape, a, true);
}
