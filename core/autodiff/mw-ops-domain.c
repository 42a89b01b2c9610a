/* mw-ops-domain.c: the pieces of adversarial domain adaptation (DANN, CDAN): gradient
 * reversal, the multilinear map that conditions a domain discriminator on the class
 * probabilities, and the entropy weights of CDAN+E.  (The MMD² loss is in
 * mw-ops-mmd.c, the discriminator head in core/nn/mw-domain-head.c.) */
#include "mw-op-private.h"

#include <math.h>

/* ---- gradient reversal ---- */

static void
grad_reverse_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs,
                       MwTensor **gin)
{
  /* A scale is itself recorded, so a gradient of this gradient (MAML through a DANN
   * step) passes through the reversal again: −λ on each pass. */
  gin[0] = mw_scale (tape, g, -node->farg[0]);
}
static const MwOpDef grad_reverse_op = { "grad_reverse", grad_reverse_backward };

MwTensor *
mw_grad_reverse (MwTape *tape, MwTensor *a, float lambda)
{
  if (!isfinite (lambda))
    g_error ("grad_reverse: lambda = %g is not a finite number", (double) lambda);
  /* A view, as mw_reshape makes: the forward copies nothing. */
  MwTensor *out = mw_detach (tape, a, false);
  if (mw_tape_would_record (tape, &a, 1))
    {
      MwNode *node = mw_tape_new_node (tape, &grad_reverse_op, out);
      node->n_inputs = 1;
      node->inputs[0] = a;
      node->farg[0] = lambda;
      out->node = node;
      out->requires_grad = true;
    }
  return out;
}

/* ---- CDAN's conditioning ---- */

MwTensor *
mw_multilinear_map (MwTape *tape, MwTensor *p, MwTensor *f)
{
  if (p->ndim != 2 || f->ndim != 2 || p->shape[0] != f->shape[0])
    mw_shape_error ("multilinear_map", p, f, "needs probabilities [N, C] and features [N, D]");
  const int n = p->shape[0], c = p->shape[1], d = f->shape[1];
  if (c > 0 && d > G_MAXINT / c)
    mw_shape_error ("multilinear_map", p, f, "C * D does not fit an int");
  /* [N, C, 1] ⊙ [N, 1, D] broadcasts to the outer products [N, C, D]; the broadcast
   * product's backward sums each factor's gradient back (twice differentiable). */
  const int p3[3] = { n, c, 1 }, f3[3] = { n, 1, d }, flat[2] = { n, c * d };
  MwTensor *outer = mw_mul (tape, mw_reshape (tape, p, 3, p3), mw_reshape (tape, f, 3, f3));
  return mw_reshape (tape, outer, 2, flat);
}

void
mw_entropy_weights (const MwTensor *p, float *weights)
{
  if (p->ndim != 2)
    mw_shape_error ("entropy_weights", p, NULL, "needs probabilities [N, C]");
  const int n = p->shape[0], c = p->shape[1];
  for (int i = 0; i < n; i++)
    {
      const float *row = p->data + (size_t) i * c;
      double h = 0;
      for (int j = 0; j < c; j++)
        if (row[j] > 0.0f)
          h -= (double) row[j] * log ((double) row[j]);
      weights[i] = (float) (1.0 + exp (-h));
    }
}
