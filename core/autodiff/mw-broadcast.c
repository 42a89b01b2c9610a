/* mw-broadcast.c: NumPy-style broadcasting kernels.
 *
 * Shapes are aligned at the trailing dim; adjacent dims that are contiguous in every
 * operand are merged, so the common cases (same shape, per-channel [C] against
 * [N·H·W, C], scalars) run as one or two plain loops the compiler vectorises. */
#include "mw-op-private.h"

#include <string.h>

typedef struct {
  int ndim;
  size_t shape[MW_MAX_DIMS];
  size_t sa[MW_MAX_DIMS];   /* strides of operand a (0 = broadcast) */
  size_t sb[MW_MAX_DIMS];
} Iter;

void
mw_broadcast_shape (const MwTensor *a, const MwTensor *b, const char *op, int *ndim,
                    int *shape)
{
  int n = MAX (a->ndim, b->ndim);
  for (int i = 0; i < n; i++)
    {
      int da = i - (n - a->ndim), db = i - (n - b->ndim);
      int x = da >= 0 ? a->shape[da] : 1, y = db >= 0 ? b->shape[db] : 1;
      if (x != y && x != 1 && y != 1)
        mw_shape_error (op, a, b, "shapes do not broadcast");
      shape[i] = x == 1 ? y : x;
    }
  *ndim = n;
}

/* Strides of t viewed with the (broadcast) shape out_shape; 0 along broadcast dims. */
static void
broadcast_strides (const MwTensor *t, int ndim, const int *out_shape, size_t *strides)
{
  size_t s = 1;
  for (int i = ndim - 1; i >= 0; i--)
    {
      int d = i - (ndim - t->ndim);
      int size = d >= 0 ? t->shape[d] : 1;
      strides[i] = size == 1 ? 0 : s;
      s *= (size_t) size;
    }
}

static void
iter_init (Iter *it, int ndim, const int *shape, const size_t *sa, const size_t *sb)
{
  /* Merge dim i into the following (inner) one when both operands step through it as a
   * continuation of the inner dim. */
  int n = 0;
  for (int i = 0; i < ndim; i++)
    {
      if (shape[i] == 1)
        continue;
      if (n > 0 && it->sa[n - 1] == sa[i] * (size_t) shape[i]
          && it->sb[n - 1] == sb[i] * (size_t) shape[i])
        {
          it->shape[n - 1] *= (size_t) shape[i];
          it->sa[n - 1] = sa[i];
          it->sb[n - 1] = sb[i];
          continue;
        }
      it->shape[n] = (size_t) shape[i];
      it->sa[n] = sa[i];
      it->sb[n] = sb[i];
      n++;
    }
  if (n == 0)
    {
      it->shape[0] = 1;
      it->sa[0] = it->sb[0] = 0;
      n = 1;
    }
  it->ndim = n;
}

/* Calls body(offset_a, offset_b, offset_out, count, step_a, step_b) for each inner run. */
#define ITER_RUNS(it, BODY)                                                            \
  do                                                                                  \
    {                                                                                 \
      size_t _idx[MW_MAX_DIMS] = { 0 };                                               \
      size_t _oa = 0, _ob = 0, _oo = 0;                                               \
      const int _in = (it)->ndim - 1;                                                 \
      const size_t _n = (it)->shape[_in], _sa = (it)->sa[_in], _sb = (it)->sb[_in];   \
      for (;;)                                                                        \
        {                                                                             \
          {                                                                           \
            size_t oa = _oa, ob = _ob, oo = _oo, n = _n, sa = _sa, sb = _sb;          \
            BODY;                                                                     \
          }                                                                           \
          _oo += _n;                                                                  \
          int _d = _in - 1;                                                           \
          for (; _d >= 0; _d--)                                                       \
            {                                                                         \
              _idx[_d]++;                                                             \
              _oa += (it)->sa[_d];                                                    \
              _ob += (it)->sb[_d];                                                    \
              if (_idx[_d] < (it)->shape[_d])                                         \
                break;                                                                \
              _oa -= (it)->sa[_d] * (it)->shape[_d];                                  \
              _ob -= (it)->sb[_d] * (it)->shape[_d];                                  \
              _idx[_d] = 0;                                                           \
            }                                                                         \
          if (_d < 0)                                                                 \
            break;                                                                    \
        }                                                                             \
    }                                                                                 \
  while (0)

#define BINARY_RUN(EXPR)                                                   \
  do                                                                       \
    {                                                                      \
      if (sa == 1 && sb == 1)                                              \
        for (size_t j = 0; j < n; j++)                                     \
          { float x = A[oa + j], y = B[ob + j]; O[oo + j] = (EXPR); }      \
      else if (sa == 1 && sb == 0)                                         \
        { float y = B[ob];                                                 \
          for (size_t j = 0; j < n; j++)                                   \
            { float x = A[oa + j]; O[oo + j] = (EXPR); } }                 \
      else if (sa == 0 && sb == 1)                                         \
        { float x = A[oa];                                                 \
          for (size_t j = 0; j < n; j++)                                   \
            { float y = B[ob + j]; O[oo + j] = (EXPR); } }                 \
      else                                                                 \
        for (size_t j = 0; j < n; j++)                                     \
          { float x = A[oa + j * sa], y = B[ob + j * sb]; O[oo + j] = (EXPR); } \
    }                                                                      \
  while (0)

MW_VECTOR_CLONES void
mw_binary_kernel (MwBinaryKind kind, const MwTensor *a, const MwTensor *b, MwTensor *out)
{
  if (out->numel == 0)
    return;
  size_t str_a[MW_MAX_DIMS], str_b[MW_MAX_DIMS];
  broadcast_strides (a, out->ndim, out->shape, str_a);
  broadcast_strides (b, out->ndim, out->shape, str_b);
  Iter it;
  iter_init (&it, out->ndim, out->shape, str_a, str_b);
  const float *restrict A = a->data, *restrict B = b->data;
  float *restrict O = out->data;
  switch (kind)
    {
    case MW_BIN_ADD:
      ITER_RUNS (&it, BINARY_RUN (x + y));
      break;
    case MW_BIN_SUB:
      ITER_RUNS (&it, BINARY_RUN (x - y));
      break;
    case MW_BIN_MUL:
      ITER_RUNS (&it, BINARY_RUN (x * y));
      break;
    }
}

/* out[o] = a[i] for a broadcast to out's shape. */
void mw_expand_kernel (const MwTensor *a, MwTensor *out);
MW_VECTOR_CLONES void
mw_expand_kernel (const MwTensor *a, MwTensor *out)
{
  if (out->numel == 0)
    return;
  size_t str_a[MW_MAX_DIMS], str_z[MW_MAX_DIMS] = { 0 };
  broadcast_strides (a, out->ndim, out->shape, str_a);
  Iter it;
  iter_init (&it, out->ndim, out->shape, str_a, str_z);
  const float *restrict A = a->data;
  float *restrict O = out->data;
  ITER_RUNS (&it, {
    (void) ob; (void) sb;
    if (sa == 1)
      memcpy (O + oo, A + oa, n * sizeof (float));
    else
      for (size_t j = 0; j < n; j++)
        O[oo + j] = A[oa + j * sa];
  });
}

MW_VECTOR_CLONES void
mw_sum_to_kernel (const MwTensor *a, MwTensor *out)
{
  /* Iterate over a; "b" is the output, with stride 0 along the summed dims.  Sums are
   * kept in double: batch-norm and bias gradients add up tens of thousands of terms. */
  if (a->numel == 0)
    {
      memset (out->data, 0, sizeof (float) * out->numel);
      return;
    }
  size_t str_o[MW_MAX_DIMS], str_a[MW_MAX_DIMS];
  broadcast_strides (out, a->ndim, a->shape, str_o);
  size_t s = 1;
  for (int i = a->ndim - 1; i >= 0; i--)
    {
      str_a[i] = s;
      s *= (size_t) a->shape[i];
    }
  Iter it;
  iter_init (&it, a->ndim, a->shape, str_a, str_o);
  double stack_acc[1024];
  double *acc = out->numel <= G_N_ELEMENTS (stack_acc) ? stack_acc : g_new (double, out->numel);
  memset (acc, 0, sizeof (double) * out->numel);
  const float *restrict A = a->data;
  ITER_RUNS (&it, {
    (void) oo;
    if (sb == 0)
      {
        double t = 0;
        for (size_t j = 0; j < n; j++)
          t += A[oa + j * sa];
        acc[ob] += t;
      }
    else
      for (size_t j = 0; j < n; j++)
        acc[ob + j * sb] += A[oa + j * sa];
  });
  for (size_t i = 0; i < out->numel; i++)
    out->data[i] = (float) acc[i];
  if (acc != stack_acc)
    g_free (acc);
}
