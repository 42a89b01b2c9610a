/* mw-np-network.c: the encoders and the decoder of the Neural Process family (see
 * mw-np-network-private.h). */
#include "mw-np-network-private.h"

#include "mw-model-private.h"

/* Parameter indices: the CNP's, then the latent path's. */
enum {
  ENC_WX, ENC_WY, ENC_B1, ENC_W2, ENC_B2, ENC_W3, ENC_B3,
  DEC_WX, DEC_WR, DEC_B1, DEC_W2, DEC_B2, DEC_W3, DEC_B3, DEC_WMU, DEC_BMU, DEC_WSIG, DEC_BSIG,
  CNP_PARAMS,
  DEC_WZ = CNP_PARAMS,
  LAT_WX, LAT_WY, LAT_B1, LAT_W2, LAT_B2, LAT_W3, LAT_B3, LAT_WMU, LAT_BMU, LAT_WSIG, LAT_BSIG,
  NP_PARAMS
};

typedef struct {
  int index;
  const char *name;
  int rows, cols;       /* cols 0: a bias of `rows` */
  int fan_in;           /* of the whole layer, for the initialisation's range */
} ParamSpec;

static MwTensor *
linear (MwTape *tape, MwTensor *x, MwTensor *w, MwTensor *b)
{
  return mw_add (tape, mw_matmul (tape, x, w), b);
}

/* A layer on two or three inputs, as one on their concatenation: Σ xᵢ Wᵢ + b. */
static MwTensor *
joint_layer (MwTape *tape, MwTensor *const *p, MwTensor *x, int wx, MwTensor *other, int wo,
             MwTensor *z, int wz, int b)
{
  MwTensor *h = mw_add (tape, linear (tape, x, p[wx], p[b]), mw_matmul (tape, other, p[wo]));
  if (z != NULL)
    h = mw_add (tape, h, mw_matmul (tape, z, p[wz]));
  return h;
}

MwTensor *
mw_np_represent (MwTape *tape, MwTensor *const *p, MwTensor *x, MwTensor *y)
{
  MwTensor *h = mw_relu (tape, joint_layer (tape, p, x, ENC_WX, y, ENC_WY, NULL, 0, ENC_B1));
  h = mw_relu (tape, linear (tape, h, p[ENC_W2], p[ENC_B2]));
  h = linear (tape, h, p[ENC_W3], p[ENC_B3]);
  return mw_mean_axis (tape, h, 0, true);
}

void
mw_np_latent (MwTape *tape, MwTensor *const *p, MwTensor *x, MwTensor *y, MwTensor **mu,
              MwTensor **sigma)
{
  MwTensor *h = mw_relu (tape, joint_layer (tape, p, x, LAT_WX, y, LAT_WY, NULL, 0, LAT_B1));
  h = linear (tape, h, p[LAT_W2], p[LAT_B2]);
  MwTensor *s = mw_relu (tape, linear (tape, mw_mean_axis (tape, h, 0, true), p[LAT_W3], p[LAT_B3]));
  *mu = linear (tape, s, p[LAT_WMU], p[LAT_BMU]);
  /* σz in (0.1, 1): the posterior can neither collapse to a point nor spread past
   * the prior's scale (as in the Neural Process authors' code). */
  *sigma = mw_affine_scalar (tape, mw_sigmoid (tape, linear (tape, s, p[LAT_WSIG], p[LAT_BSIG])),
                             0.9f, 0.1f);
}

void
mw_np_decode (MwTape *tape, MwTensor *const *p, MwTensor *r, MwTensor *z, MwTensor *x,
              MwTensor **mu, MwTensor **sigma)
{
  MwTensor *h = mw_relu (tape, joint_layer (tape, p, x, DEC_WX, r, DEC_WR, z, DEC_WZ, DEC_B1));
  h = mw_relu (tape, linear (tape, h, p[DEC_W2], p[DEC_B2]));
  h = mw_relu (tape, linear (tape, h, p[DEC_W3], p[DEC_B3]));
  *mu = linear (tape, h, p[DEC_WMU], p[DEC_BMU]);
  /* σ ≥ 0.1: a floor that keeps the likelihood from rewarding a collapse onto the
   * context points (Garnelo et al.; Le et al. 2018). */
  *sigma = mw_affine_scalar (tape, mw_softplus (tape, linear (tape, h, p[DEC_WSIG], p[DEC_BSIG])),
                             0.9f, 0.1f);
}

static MwTensor *
np_model_forward (const MwModel *m, MwTape *tape, MwTensor *const *params, MwTensor *x,
                  const MwForwardOptions *options)
{
  int r_shape[2] = { 1, MW_NP_WIDTH }, z_shape[2] = { 1, MW_NP_LATENTS };
  MwTensor *r = mw_tape_zeros (tape, 2, r_shape);
  MwTensor *z = m->n_params == NP_PARAMS ? mw_tape_zeros (tape, 2, z_shape) : NULL;
  MwTensor *mu, *sigma;
  mw_np_decode (tape, params, r, z, x->ndim == 2 ? x : mw_flatten (tape, x), &mu, &sigma);
  return mu;
}

gboolean
mw_np_model_has_latent (const MwModel *m)
{
  return m->n_params == NP_PARAMS;
}

MwModel *
mw_np_model_new (int x_dim, gboolean with_latent, MwRng *rng)
{
  const int w = MW_NP_WIDTH, l = MW_NP_LATENTS;
  const int dec_in = x_dim + w + (with_latent ? l : 0);
  const ParamSpec specs[NP_PARAMS] = {
    { ENC_WX, "encoder.layer1.weight_x", x_dim, w, x_dim + 1 },
    { ENC_WY, "encoder.layer1.weight_y", 1, w, x_dim + 1 },
    { ENC_B1, "encoder.layer1.bias", w, 0, 0 },
    { ENC_W2, "encoder.layer2.weight", w, w, w },
    { ENC_B2, "encoder.layer2.bias", w, 0, 0 },
    { ENC_W3, "encoder.layer3.weight", w, w, w },
    { ENC_B3, "encoder.layer3.bias", w, 0, 0 },
    { DEC_WX, "decoder.layer1.weight_x", x_dim, w, dec_in },
    { DEC_WR, "decoder.layer1.weight_r", w, w, dec_in },
    { DEC_B1, "decoder.layer1.bias", w, 0, 0 },
    { DEC_W2, "decoder.layer2.weight", w, w, w },
    { DEC_B2, "decoder.layer2.bias", w, 0, 0 },
    { DEC_W3, "decoder.layer3.weight", w, w, w },
    { DEC_B3, "decoder.layer3.bias", w, 0, 0 },
    { DEC_WMU, "decoder.mean.weight", w, 1, w },
    { DEC_BMU, "decoder.mean.bias", 1, 0, 0 },
    { DEC_WSIG, "decoder.sigma.weight", w, 1, w },
    { DEC_BSIG, "decoder.sigma.bias", 1, 0, 0 },
    { DEC_WZ, "decoder.layer1.weight_z", l, w, dec_in },
    { LAT_WX, "latent.layer1.weight_x", x_dim, w, x_dim + 1 },
    { LAT_WY, "latent.layer1.weight_y", 1, w, x_dim + 1 },
    { LAT_B1, "latent.layer1.bias", w, 0, 0 },
    { LAT_W2, "latent.layer2.weight", w, w, w },
    { LAT_B2, "latent.layer2.bias", w, 0, 0 },
    { LAT_W3, "latent.layer3.weight", w, w, w },
    { LAT_B3, "latent.layer3.bias", w, 0, 0 },
    { LAT_WMU, "latent.mean.weight", w, l, w },
    { LAT_BMU, "latent.mean.bias", l, 0, 0 },
    { LAT_WSIG, "latent.sigma.weight", w, l, w },
    { LAT_BSIG, "latent.sigma.bias", l, 0, 0 },
  };
  const int n = with_latent ? NP_PARAMS : CNP_PARAMS;
  MwModel *m = mw_model_alloc (MW_MODEL_MLP, n);
  m->forward = np_model_forward;
  m->in_ndim = 1;
  m->in_shape[0] = x_dim;
  m->n_out = 1;
  m->feature_dim = w;
  m->description = g_strdup_printf ("%s %d+1-%d-%d-%d / %d+%d%s-%d-%d-%d-2", with_latent ? "np" : "cnp",
                                    x_dim, w, w, w, x_dim, w, with_latent ? "+128z" : "", w, w, w);
  /* Glorot-uniform weights, zero biases (in index order, from the model stream). */
  for (int i = 0; i < n; i++)
    {
      const ParamSpec *s = &specs[i];
      g_assert (s->index == i);
      if (s->cols == 0)
        mw_model_add_param (m, i, s->name, 1, &s->rows);
      else
        {
          int shape[2] = { s->rows, s->cols };
          MwTensor *t = mw_model_add_param (m, i, s->name, 2, shape);
          mw_init_xavier_uniform (t, s->fan_in, s->cols, rng);
        }
    }
  return m;
}
