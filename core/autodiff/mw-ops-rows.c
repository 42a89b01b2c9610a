/* mw-ops-rows.c: slicing and stacking along the first dim (support and query batches
 * go through a network together, then part again). */
#include "mw-op-private.h"

#include <string.h>

static size_t
row_size (const MwTensor *a)
{
  return a->numel / (size_t) MAX (a->shape[0], 1);
}

static void
slice_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  gin[0] = mw_pad_rows (tape, g, node->iarg[0], node->inputs[0]->shape[0]);
}
static const MwOpDef slice_op = { "slice_rows", slice_backward };

static void
pad_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  gin[0] = mw_slice_rows (tape, g, node->iarg[0], node->inputs[0]->shape[0]);
}
static const MwOpDef pad_op = { "pad_rows", pad_backward };

static void
concat_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  int na = node->inputs[0]->shape[0], nb = node->inputs[1]->shape[0];
  if (needs[0])
    gin[0] = mw_slice_rows (tape, g, 0, na);
  if (needs[1])
    gin[1] = mw_slice_rows (tape, g, na, nb);
}
static const MwOpDef concat_op = { "concat_rows", concat_backward };

MwTensor *
mw_slice_rows (MwTape *tape, MwTensor *a, int start, int count)
{
  if (start < 0 || count < 0 || start + count > a->shape[0])
    mw_shape_error ("slice_rows", a, NULL, "row range outside the tensor");
  int shape[MW_MAX_DIMS];
  memcpy (shape, a->shape, sizeof shape);
  shape[0] = count;
  MwTensor *out = mw_op_output (tape, &slice_op, a->ndim, shape, &a, 1);
  memcpy (out->data, a->data + (size_t) start * row_size (a), sizeof (float) * out->numel);
  if (out->node)
    out->node->iarg[0] = start;
  return out;
}

MwTensor *
mw_pad_rows (MwTape *tape, MwTensor *a, int start, int rows)
{
  if (start < 0 || start + a->shape[0] > rows)
    mw_shape_error ("pad_rows", a, NULL, "rows do not fit");
  int shape[MW_MAX_DIMS];
  memcpy (shape, a->shape, sizeof shape);
  shape[0] = rows;
  MwTensor *out = mw_op_output (tape, &pad_op, a->ndim, shape, &a, 1);
  size_t rs = row_size (a);
  memset (out->data, 0, sizeof (float) * out->numel);
  memcpy (out->data + (size_t) start * rs, a->data, sizeof (float) * a->numel);
  if (out->node)
    out->node->iarg[0] = start;
  return out;
}

MwTensor *
mw_concat_rows (MwTape *tape, MwTensor *a, MwTensor *b)
{
  bool ok = a->ndim == b->ndim;
  for (int i = 1; ok && i < a->ndim; i++)
    ok = a->shape[i] == b->shape[i];
  if (!ok)
    mw_shape_error ("concat_rows", a, b, "shapes differ beyond the first dim");
  int shape[MW_MAX_DIMS];
  memcpy (shape, a->shape, sizeof shape);
  shape[0] = a->shape[0] + b->shape[0];
  MwTensor *in[2] = { a, b };
  MwTensor *out = mw_op_output (tape, &concat_op, a->ndim, shape, in, 2);
  memcpy (out->data, a->data, sizeof (float) * a->numel);
  memcpy (out->data + a->numel, b->data, sizeof (float) * b->numel);
  return out;
}
