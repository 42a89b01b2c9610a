/* mw-ops-elementwise.c: broadcast arithmetic and pointwise functions. */
#include "mw-op-private.h"

#include <math.h>

void mw_expand_kernel (const MwTensor *a, MwTensor *out);

/* The gradient of a broadcast input is the output gradient summed back to its shape. */
static MwTensor *
unbroadcast (MwTape *tape, MwTensor *g, MwTensor *like)
{
  if (mw_tensor_same_shape (g, like))
    return g;
  return mw_sum_to (tape, g, like->ndim, like->shape);
}

/* ---- add, sub, mul ---- */

static void
add_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  if (needs[0])
    gin[0] = unbroadcast (tape, g, node->inputs[0]);
  if (needs[1])
    gin[1] = unbroadcast (tape, g, node->inputs[1]);
}

static void
sub_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  if (needs[0])
    gin[0] = unbroadcast (tape, g, node->inputs[0]);
  if (needs[1])
    gin[1] = mw_neg (tape, unbroadcast (tape, g, node->inputs[1]));
}

static void
mul_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  MwTensor *a = node->inputs[0], *b = node->inputs[1];
  if (needs[0])
    gin[0] = unbroadcast (tape, mw_mul (tape, g, b), a);
  if (needs[1])
    gin[1] = unbroadcast (tape, mw_mul (tape, g, a), b);
}

static const MwOpDef add_op = { "add", add_backward };
static const MwOpDef sub_op = { "sub", sub_backward };
static const MwOpDef mul_op = { "mul", mul_backward };

static MwTensor *
binary (MwTape *tape, const MwOpDef *op, MwBinaryKind kind, MwTensor *a, MwTensor *b)
{
  int ndim, shape[MW_MAX_DIMS];
  mw_broadcast_shape (a, b, op->name, &ndim, shape);
  MwTensor *in[2] = { a, b };
  MwTensor *out = mw_op_output (tape, op, ndim, shape, in, 2);
  mw_binary_kernel (kind, a, b, out);
  return out;
}

MwTensor *
mw_add (MwTape *tape, MwTensor *a, MwTensor *b)
{
  return binary (tape, &add_op, MW_BIN_ADD, a, b);
}

MwTensor *
mw_sub (MwTape *tape, MwTensor *a, MwTensor *b)
{
  return binary (tape, &sub_op, MW_BIN_SUB, a, b);
}

MwTensor *
mw_mul (MwTape *tape, MwTensor *a, MwTensor *b)
{
  return binary (tape, &mul_op, MW_BIN_MUL, a, b);
}

/* ---- pointwise unary ---- */

static void
affine_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  gin[0] = mw_scale (tape, g, node->farg[0]);
}
static const MwOpDef affine_op = { "affine_scalar", affine_backward };

MW_VECTOR_CLONES MwTensor *
mw_affine_scalar (MwTape *tape, MwTensor *a, float s, float c)
{
  MwTensor *out = mw_op_output (tape, &affine_op, a->ndim, a->shape, &a, 1);
  const float *restrict x = a->data;
  float *restrict y = out->data;
  for (size_t i = 0; i < a->numel; i++)
    y[i] = x[i] * s + c;
  if (out->node)
    out->node->farg[0] = s;
  return out;
}

MwTensor *
mw_scale (MwTape *tape, MwTensor *a, float s)
{
  return mw_affine_scalar (tape, a, s, 0.0f);
}

MwTensor *
mw_neg (MwTape *tape, MwTensor *a)
{
  return mw_affine_scalar (tape, a, -1.0f, 0.0f);
}

static void
square_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  gin[0] = mw_mul (tape, g, mw_scale (tape, node->inputs[0], 2.0f));
}
static const MwOpDef square_op = { "square", square_backward };

static void
exp_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  gin[0] = mw_mul (tape, g, node->out);
}
static const MwOpDef exp_op = { "exp", exp_backward };

static void
log_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  /* 1/x = exp(-log x), and log x is this node's output: keeps the formula within ops. */
  gin[0] = mw_mul (tape, g, mw_exp (tape, mw_neg (tape, node->out)));
}
static const MwOpDef log_op = { "log", log_backward };

static void
rsqrt_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  /* d/dx x^(-1/2) = -1/2 · y³ */
  MwTensor *y = node->out;
  MwTensor *y3 = mw_mul (tape, mw_square (tape, y), y);
  gin[0] = mw_mul (tape, g, mw_scale (tape, y3, -0.5f));
}
static const MwOpDef rsqrt_op = { "rsqrt", rsqrt_backward };

static void
relu_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  gin[0] = mw_relu_mask (tape, g, node->inputs[0]);
}
static const MwOpDef relu_op = { "relu", relu_backward };

static void
relu_mask_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  /* Linear in g; the mask has zero derivative almost everywhere. */
  if (needs[0])
    gin[0] = mw_relu_mask (tape, g, node->inputs[1]);
}
static const MwOpDef relu_mask_op = { "relu_mask", relu_mask_backward };

#define UNARY(name, op, EXPR)                                                     \
  MwTensor *name (MwTape *tape, MwTensor *a)                                      \
  {                                                                               \
    MwTensor *out = mw_op_output (tape, &op, a->ndim, a->shape, &a, 1);          \
    const float *restrict in = a->data;                                           \
    float *restrict o = out->data;                                                \
    for (size_t i = 0; i < a->numel; i++)                                         \
      {                                                                           \
        float x = in[i];                                                          \
        o[i] = (EXPR);                                                            \
      }                                                                           \
    return out;                                                                   \
  }

UNARY (mw_square, square_op, x * x)
UNARY (mw_exp, exp_op, expf (x))
UNARY (mw_log, log_op, logf (x))
UNARY (mw_rsqrt, rsqrt_op, 1.0f / sqrtf (x))
UNARY (mw_relu, relu_op, x > 0.0f ? x : 0.0f)

MW_VECTOR_CLONES MwTensor *
mw_relu_mask (MwTape *tape, MwTensor *g, MwTensor *x)
{
  if (!mw_tensor_same_shape (g, x))
    mw_shape_error ("relu_mask", g, x, "shapes differ");
  MwTensor *in[2] = { g, x };
  /* Only g carries a gradient; x is there to be saved. */
  MwTensor *out = mw_op_output (tape, &relu_mask_op, g->ndim, g->shape, in, 1);
  if (out->node)
    {
      out->node->inputs[1] = x;
    }
  const float *restrict gd = g->data, *restrict xd = x->data;
  float *restrict o = out->data;
  /* g loaded whatever the mask, so the select vectorises. */
  for (size_t i = 0; i < g->numel; i++)
    {
      float gv = gd[i];
      o[i] = xd[i] > 0.0f ? gv : 0.0f;
    }
  return out;
}

/* ---- shape ---- */

static void
reshape_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  gin[0] = mw_reshape (tape, g, node->inputs[0]->ndim, node->inputs[0]->shape);
}
static const MwOpDef reshape_op = { "reshape", reshape_backward };

MwTensor *
mw_reshape (MwTape *tape, MwTensor *a, int ndim, const int *shape)
{
  if (mw_shape_numel (ndim, shape) != a->numel)
    {
      MwTensor want = { .ndim = ndim };
      for (int i = 0; i < ndim; i++)
        want.shape[i] = shape[i];
      mw_shape_error ("reshape", a, &want, "element counts differ");
    }
  /* A view: shares a's buffer, which lives at least as long as this tape step. */
  MwTensor *out = mw_detach (tape, a, false);
  out->ndim = ndim;
  for (int i = 0; i < ndim; i++)
    out->shape[i] = shape[i];
  if (mw_tape_would_record (tape, &a, 1))
    {
      MwNode *node = mw_tape_new_node (tape, &reshape_op, out);
      node->n_inputs = 1;
      node->inputs[0] = a;
      out->node = node;
      out->requires_grad = true;
    }
  return out;
}

MwTensor *
mw_flatten (MwTape *tape, MwTensor *a)
{
  int shape[2] = { a->shape[0], (int) (a->numel / (size_t) MAX (a->shape[0], 1)) };
  return mw_reshape (tape, a, 2, shape);
}

static void
expand_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  gin[0] = mw_sum_to (tape, g, node->inputs[0]->ndim, node->inputs[0]->shape);
}
static const MwOpDef expand_op = { "expand", expand_backward };

static void
sum_to_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  gin[0] = mw_expand (tape, g, node->inputs[0]->ndim, node->inputs[0]->shape);
}
static const MwOpDef sum_to_op = { "sum_to", sum_to_backward };

static void
check_broadcastable (const char *op, MwTensor *small, int ndim, const int *shape)
{
  bool ok = small->ndim <= ndim;
  for (int i = 0; ok && i < small->ndim; i++)
    {
      int s = small->shape[small->ndim - 1 - i], l = shape[ndim - 1 - i];
      ok = s == l || s == 1;
    }
  if (!ok)
    {
      MwTensor want = { .ndim = ndim };
      for (int i = 0; i < ndim; i++)
        want.shape[i] = shape[i];
      mw_shape_error (op, small, &want, "first shape does not broadcast to the second");
    }
}

MwTensor *
mw_expand (MwTape *tape, MwTensor *a, int ndim, const int *shape)
{
  check_broadcastable ("expand", a, ndim, shape);
  MwTensor *out = mw_op_output (tape, &expand_op, ndim, shape, &a, 1);
  mw_expand_kernel (a, out);
  return out;
}

MwTensor *
mw_sum_to (MwTape *tape, MwTensor *a, int ndim, const int *shape)
{
  MwTensor tmp = { .ndim = ndim };
  for (int i = 0; i < ndim; i++)
    tmp.shape[i] = shape[i];
  check_broadcastable ("sum_to", &tmp, a->ndim, a->shape);
  MwTensor *out = mw_op_output (tape, &sum_to_op, ndim, shape, &a, 1);
  mw_sum_to_kernel (a, out);
  return out;
}

MwTensor *
mw_mean_to (MwTape *tape, MwTensor *a, int ndim, const int *shape)
{
  size_t n = mw_shape_numel (ndim, shape);
  MwTensor *s = mw_sum_to (tape, a, ndim, shape);
  return mw_scale (tape, s, (float) ((double) n / (double) a->numel));
}

MwTensor *
mw_sum (MwTape *tape, MwTensor *a)
{
  int one = 1;
  return mw_sum_to (tape, a, 1, &one);
}

MwTensor *
mw_mean (MwTape *tape, MwTensor *a)
{
  return mw_scale (tape, mw_sum (tape, a), (float) (1.0 / (double) a->numel));
}

MwTensor *
mw_sum_axis (MwTape *tape, MwTensor *a, int axis, bool keepdim)
{
  if (axis < 0)
    axis += a->ndim;
  g_return_val_if_fail (axis >= 0 && axis < a->ndim, NULL);
  int shape[MW_MAX_DIMS];
  for (int i = 0; i < a->ndim; i++)
    shape[i] = i == axis ? 1 : a->shape[i];
  MwTensor *s = mw_sum_to (tape, a, a->ndim, shape);
  if (keepdim || a->ndim == 1)
    return s;
  int squeezed[MW_MAX_DIMS], n = 0;
  for (int i = 0; i < a->ndim; i++)
    if (i != axis)
      squeezed[n++] = a->shape[i];
  return mw_reshape (tape, s, n, squeezed);
}

MwTensor *
mw_mean_axis (MwTape *tape, MwTensor *a, int axis, bool keepdim)
{
  int ax = axis < 0 ? axis + a->ndim : axis;
  MwTensor *s = mw_sum_axis (tape, a, axis, keepdim);
  return mw_scale (tape, s, 1.0f / (float) a->shape[ax]);
}
