/* mw-ops-index.c: gather / scatter-add by flat index, and max-pooling built on them.
 *
 * Gather and scatter-add with the same index are each other's adjoints, so max-pool's
 * gradient (and the gradient of that) only needs these two ops; the argmax indices
 * are constants, as the derivative of the selection is zero almost everywhere. */
#include "mw-op-private.h"

#include <string.h>

static MwTensor *gather_impl (MwTape *tape, MwTensor *a, const int32_t *index, int ndim,
                              const int *shape, bool owned);
static MwTensor *scatter_impl (MwTape *tape, MwTensor *a, const int32_t *index, int ndim,
                               const int *shape, bool owned);

static void
gather_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  MwTensor *a = node->inputs[0];
  gin[0] = scatter_impl (tape, g, node->index, a->ndim, a->shape, true);
}
static const MwOpDef gather_op = { "gather", gather_backward };

static void
scatter_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  MwTensor *a = node->inputs[0];
  gin[0] = gather_impl (tape, g, node->index, a->ndim, a->shape, true);
}
static const MwOpDef scatter_op = { "scatter_add", scatter_backward };

/* Keeps the index for backward; copies it unless it already lives on this tape. */
static void
save_index (MwTape *tape, MwTensor *out, const int32_t *index, size_t n, bool owned)
{
  if (out->node == NULL)
    return;
  if (owned)
    out->node->index = index;
  else
    {
      int32_t *copy = mw_tape_alloc (tape, sizeof (int32_t) * n);
      memcpy (copy, index, sizeof (int32_t) * n);
      out->node->index = copy;
    }
}

static MwTensor *
gather_impl (MwTape *tape, MwTensor *a, const int32_t *index, int ndim, const int *shape,
             bool owned)
{
  MwTensor *out = mw_op_output (tape, &gather_op, ndim, shape, &a, 1);
  const float *restrict src = a->data;
  float *restrict dst = out->data;
  for (size_t i = 0; i < out->numel; i++)
    {
      g_assert ((size_t) index[i] < a->numel);
      dst[i] = src[index[i]];
    }
  save_index (tape, out, index, out->numel, owned);
  return out;
}

static MwTensor *
scatter_impl (MwTape *tape, MwTensor *a, const int32_t *index, int ndim, const int *shape,
              bool owned)
{
  MwTensor *out = mw_op_output (tape, &scatter_op, ndim, shape, &a, 1);
  memset (out->data, 0, sizeof (float) * out->numel);
  const float *restrict src = a->data;
  float *restrict dst = out->data;
  for (size_t i = 0; i < a->numel; i++)
    {
      g_assert ((size_t) index[i] < out->numel);
      dst[index[i]] += src[i];
    }
  save_index (tape, out, index, a->numel, owned);
  return out;
}

MwTensor *
mw_gather (MwTape *tape, MwTensor *a, const int32_t *index, int ndim, const int *shape)
{
  return gather_impl (tape, a, index, ndim, shape, false);
}

MwTensor *
mw_scatter_add (MwTape *tape, MwTensor *a, const int32_t *index, int ndim, const int *shape)
{
  return scatter_impl (tape, a, index, ndim, shape, false);
}

MwTensor *
mw_max_pool2d (MwTape *tape, MwTensor *x, int size)
{
  if (x->ndim != 4 || size < 1 || x->shape[1] < size || x->shape[2] < size)
    mw_shape_error ("max_pool2d", x, NULL, "needs NHWC input at least as large as the window");
  const int n = x->shape[0], h = x->shape[1], w = x->shape[2], c = x->shape[3];
  const int oh = h / size, ow = w / size;
  int shape[4] = { n, oh, ow, c };
  size_t count = (size_t) n * oh * ow * c;
  int32_t *index = mw_tape_alloc (tape, sizeof (int32_t) * count);
  const float *xd = x->data;
  int32_t *idx = index;
  for (int b = 0; b < n; b++)
    for (int i = 0; i < oh; i++)
      for (int j = 0; j < ow; j++, idx += c)
        {
          int32_t base = (int32_t) ((((size_t) b * h + (size_t) i * size) * w + (size_t) j * size) * c);
          for (int ch = 0; ch < c; ch++)
            idx[ch] = base + ch;
          for (int di = 0; di < size; di++)
            for (int dj = 0; dj < size; dj++)
              {
                if (di == 0 && dj == 0)
                  continue;
                int32_t off = base + (int32_t) (((size_t) di * w + dj) * c);
                /* Strict > keeps the first maximum, as PyTorch does. */
                for (int ch = 0; ch < c; ch++)
                  if (xd[off + ch] > xd[idx[ch]])
                    idx[ch] = off + ch;
              }
        }
  return gather_impl (tape, x, index, 4, shape, true);
}
