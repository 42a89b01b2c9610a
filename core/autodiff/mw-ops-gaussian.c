/* mw-ops-gaussian.c: what probabilistic learners (Neural Processes) need: the
 * sigmoid and softplus squashes, the Gaussian negative log-likelihood, the KL
 * divergence between diagonal Gaussians and reparameterised sampling.  The two new
 * pointwise ops have backwards written in ops; the rest is composed from ops, so every
 * derivative of every order comes from the tape. */
#include "mw-op-private.h"

#include <math.h>

/* ---- sigmoid, softplus ---- */

static void
sigmoid_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  /* σ' = σ (1 − σ), and σ is this node's output. */
  MwTensor *s = node->out;
  gin[0] = mw_mul (tape, g, mw_mul (tape, s, mw_affine_scalar (tape, s, -1.0f, 1.0f)));
}
static const MwOpDef sigmoid_op = { "sigmoid", sigmoid_backward };

static void
softplus_backward (MwTape *tape, MwNode *node, MwTensor *g, const bool *needs, MwTensor **gin)
{
  gin[0] = mw_mul (tape, g, mw_sigmoid (tape, node->inputs[0]));
}
static const MwOpDef softplus_op = { "softplus", softplus_backward };

MwTensor *
mw_sigmoid (MwTape *tape, MwTensor *a)
{
  MwTensor *out = mw_op_output (tape, &sigmoid_op, a->ndim, a->shape, &a, 1);
  const float *restrict x = a->data;
  float *restrict y = out->data;
  for (size_t i = 0; i < a->numel; i++)
    {
      /* exp of a non-positive number only: no overflow for large |x|. */
      float e = expf (-fabsf (x[i]));
      y[i] = x[i] >= 0.0f ? 1.0f / (1.0f + e) : e / (1.0f + e);
    }
  return out;
}

MwTensor *
mw_softplus (MwTape *tape, MwTensor *a)
{
  MwTensor *out = mw_op_output (tape, &softplus_op, a->ndim, a->shape, &a, 1);
  const float *restrict x = a->data;
  float *restrict y = out->data;
  /* log(1 + eˣ) = max(x, 0) + log1p(e^−|x|): exact to float precision at any x. */
  for (size_t i = 0; i < a->numel; i++)
    y[i] = fmaxf (x[i], 0.0f) + log1pf (expf (-fabsf (x[i])));
  return out;
}

/* ---- Gaussian densities ---- */

#define HALF_LOG_2PI 0.91893853320467274178

MwTensor *
mw_gaussian_nll (MwTape *tape, MwTensor *y, MwTensor *mu, MwTensor *sigma)
{
  if (!mw_tensor_same_shape (mu, sigma))
    mw_shape_error ("gaussian_nll", mu, sigma, "mean and standard deviation differ in shape");
  if (y->numel != mu->numel)
    mw_shape_error ("gaussian_nll", y, mu, "targets and means differ in element count");
  if (!mw_tensor_same_shape (y, mu))
    y = mw_reshape (tape, y, mu->ndim, mu->shape);
  /* log σ + ½ ((y − μ)/σ)² + ½ log 2π, with 1/σ = exp(−log σ). */
  MwTensor *log_sigma = mw_log (tape, sigma);
  MwTensor *z = mw_mul (tape, mw_sub (tape, y, mu), mw_exp (tape, mw_neg (tape, log_sigma)));
  return mw_add (tape, log_sigma,
                 mw_affine_scalar (tape, mw_square (tape, z), 0.5f, (float) HALF_LOG_2PI));
}

MwTensor *
mw_gaussian_kl (MwTape *tape, MwTensor *mu_q, MwTensor *sigma_q, MwTensor *mu_p,
                MwTensor *sigma_p)
{
  if (!mw_tensor_same_shape (mu_q, sigma_q) || !mw_tensor_same_shape (mu_p, sigma_p)
      || !mw_tensor_same_shape (mu_q, mu_p))
    mw_shape_error ("gaussian_kl", mu_q, mu_p, "the four tensors must have one shape");
  /* log σp − log σq + (σq² + (μq − μp)²) / (2 σp²) − ½. */
  MwTensor *log_q = mw_log (tape, sigma_q), *log_p = mw_log (tape, sigma_p);
  MwTensor *inv_var_p = mw_exp (tape, mw_scale (tape, log_p, -2.0f));
  MwTensor *spread = mw_add (tape, mw_square (tape, sigma_q),
                             mw_square (tape, mw_sub (tape, mu_q, mu_p)));
  MwTensor *ratio = mw_affine_scalar (tape, mw_mul (tape, spread, inv_var_p), 0.5f, -0.5f);
  return mw_add (tape, mw_sub (tape, log_p, log_q), ratio);
}

MwTensor *
mw_gaussian_sample (MwTape *tape, MwTensor *mu, MwTensor *sigma, MwRng *rng)
{
  if (!mw_tensor_same_shape (mu, sigma))
    mw_shape_error ("gaussian_sample", mu, sigma, "mean and standard deviation differ in shape");
  /* ε is drawn in row-major order, one normal per element: the same stream gives the
   * same z whatever the thread. */
  MwTensor *eps = mw_tape_tensor (tape, mu->ndim, mu->shape);
  for (size_t i = 0; i < eps->numel; i++)
    eps->data[i] = mw_rng_normal (rng);
  return mw_add (tape, mu, mw_mul (tape, sigma, eps));
}
