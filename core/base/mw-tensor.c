/* mw-tensor.c: persistent tensors and shape helpers. */
#include "mw-tensor.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

size_t
mw_shape_numel (int ndim, const int *shape)
{
  size_t n = 1;
  /* Shapes come from settings; one that cannot be counted must stop here, not wrap
   * round to a small buffer that is then written past. */
  for (int i = 0; i < ndim; i++)
    if (shape[i] < 0 || !g_size_checked_mul (&n, n, (size_t) shape[i]))
      g_error ("tensor shape dimension %d (%d) makes more elements than can be counted",
               i, shape[i]);
  return n;
}

MwTensor *
mw_tensor_new (int ndim, const int *shape)
{
  g_return_val_if_fail (ndim >= 1 && ndim <= MW_MAX_DIMS, NULL);
  MwTensor *t = g_new0 (MwTensor, 1);
  t->buffer = -1;
  t->ndim = ndim;
  memcpy (t->shape, shape, sizeof (int) * (size_t) ndim);
  t->numel = mw_shape_numel (ndim, shape);
  /* 64-byte alignment keeps OpenBLAS and the vectorised loops on their fast paths. */
  t->data = g_aligned_alloc0 (t->numel ? t->numel : 1, sizeof (float), 64);
  t->owns_data = true;
  return t;
}

MwTensor *
mw_tensor_new4 (int d0, int d1, int d2, int d3)
{
  int shape[4] = { d0, d1, d2, d3 };
  int ndim = 1;
  for (int i = 1; i < 4 && shape[i] > 0; i++)
    ndim = i + 1;
  return mw_tensor_new (ndim, shape);
}

MwTensor *
mw_tensor_new_like (const MwTensor *t)
{
  return mw_tensor_new (t->ndim, t->shape);
}

MwTensor *
mw_tensor_new_copy (const MwTensor *t)
{
  MwTensor *c = mw_tensor_new_like (t);
  memcpy (c->data, t->data, sizeof (float) * t->numel);
  c->requires_grad = t->requires_grad && t->node == NULL;
  return c;
}

void
mw_tensor_free (MwTensor *t)
{
  if (t == NULL)
    return;
  g_return_if_fail (t->tape == NULL);
  if (t->owns_data)
    g_aligned_free (t->data);
  g_free (t);
}

bool
mw_tensor_same_shape (const MwTensor *a, const MwTensor *b)
{
  if (a->ndim != b->ndim)
    return false;
  for (int i = 0; i < a->ndim; i++)
    if (a->shape[i] != b->shape[i])
      return false;
  return true;
}

const char *
mw_shape_to_string (int ndim, const int *shape, char *buf, size_t len)
{
  size_t used = 0;
  used += (size_t) snprintf (buf, len, "[");
  for (int i = 0; i < ndim && used < len; i++)
    used += (size_t) snprintf (buf + used, len - used, i ? ", %d" : "%d", shape[i]);
  if (used < len)
    snprintf (buf + used, len - used, "]");
  return buf;
}

void
mw_tensor_fill (MwTensor *t, float value)
{
  for (size_t i = 0; i < t->numel; i++)
    t->data[i] = value;
}

void
mw_tensor_copy_data (MwTensor *dst, const MwTensor *src)
{
  g_return_if_fail (dst->numel == src->numel);
  memcpy (dst->data, src->data, sizeof (float) * src->numel);
}
