/* mw-domain-head.c: the domain discriminator head, its balanced binary cross-entropy
 * and accuracy, and DANN's λ schedule. */
#include "mw-domain-head.h"
#include "mw-model-private.h"

#include <glib.h>
#include <math.h>

MwModel *
mw_domain_head_new (int in_dim, int hidden, int n_hidden, MwRng *rng)
{
  if (in_dim < 1 || in_dim > MW_DOMAIN_HEAD_MAX_WIDTH || hidden < 1
      || hidden > MW_DOMAIN_HEAD_MAX_WIDTH || n_hidden < 0
      || n_hidden > MW_DOMAIN_HEAD_MAX_HIDDEN)
    {
      g_critical ("domain head: in %d, hidden %d x %d layers: widths must be 1 to %d, layers 0 to %d",
                  in_dim, hidden, n_hidden, MW_DOMAIN_HEAD_MAX_WIDTH, MW_DOMAIN_HEAD_MAX_HIDDEN);
      return NULL;
    }
  int widths[MW_DOMAIN_HEAD_MAX_HIDDEN + 2];
  widths[0] = in_dim;
  for (int l = 1; l <= n_hidden; l++)
    widths[l] = hidden;
  widths[n_hidden + 1] = 1;
  /* The MLP's own initialisation (σ = 0.01, for MAML's regression) would start the
   * head nearly constant; it is drawn from a stream of its own and replaced, so rng
   * gives the head's weights alone. */
  MwRng unused;
  mw_rng_init (&unused, 0, 0);
  MwModel *head = mw_mlp_new (n_hidden + 1, widths, &unused);
  for (int l = 0; l <= n_hidden; l++)
    mw_init_xavier_uniform (head->params[2 * l], widths[l], widths[l + 1], rng);
  GString *desc = g_string_new ("domain head ");
  for (int l = 0; l <= n_hidden + 1; l++)
    g_string_append_printf (desc, l ? "-%d" : "%d", widths[l]);
  g_free (head->description);
  head->description = g_string_free (desc, FALSE);
  return head;
}

static void
check_rows (const char *what, const MwModel *head, const MwTensor *rows)
{
  if (rows->ndim != 2 || rows->shape[0] < 1 || rows->shape[1] != head->widths[0])
    {
      char got[64];
      g_error ("%s: rows %s do not fit the domain head (%d wide)", what,
               mw_shape_to_string (rows->ndim, rows->shape, got, sizeof got), head->widths[0]);
    }
}

/* The head on rows (n_s source rows, then target rows), each domain weighing half:
 * w_i = rw_i / (2 Σ_domain rw), rw NULL for 1. */
static MwDomainLoss
head_loss (const MwModel *head, MwTape *tape, MwTensor *const *params, MwTensor *rows,
           int n_source, const float *rw)
{
  const int total = rows->shape[0];
  int32_t *labels = mw_tape_alloc (tape, sizeof (int32_t) * (size_t) total);
  float *weights = mw_tape_alloc (tape, sizeof (float) * (size_t) total);
  double side_sum[2] = { 0, 0 };
  for (int i = 0; i < total; i++)
    {
      labels[i] = i >= n_source;
      side_sum[labels[i]] += rw != NULL ? rw[i] : 1.0;
    }
  for (int i = 0; i < total; i++)
    weights[i] = (float) ((rw != NULL ? rw[i] : 1.0) / (2.0 * side_sum[labels[i]]));
  MwTensor *logits = mw_model_forward (head, tape, params, rows, NULL);
  MwDomainLoss result = { mw_binary_cross_entropy (tape, logits, labels, weights), 0.0f };
  int right[2] = { 0, 0 };
  for (int i = 0; i < total; i++)
    right[labels[i]] += (logits->data[i] > 0.0f) == (labels[i] == 1);
  result.accuracy = (float) (0.5 * ((double) right[0] / n_source
                                    + (double) right[1] / (total - n_source)));
  return result;
}

MwDomainLoss
mw_domain_adversarial_loss (const MwModel *head, MwTape *tape, MwTensor *const *head_params,
                            MwTensor *source, MwTensor *target, float lambda)
{
  check_rows ("domain adversarial loss", head, source);
  check_rows ("domain adversarial loss", head, target);
  MwTensor *rows = mw_grad_reverse (tape, mw_concat_rows (tape, source, target), lambda);
  return head_loss (head, tape, head_params, rows, source->shape[0], NULL);
}

static MwTensor *
conditioned (MwTape *tape, MwTensor *features, MwTensor *probs)
{
  if (probs->ndim != 2 || features->ndim != 2 || probs->shape[0] != features->shape[0])
    {
      char a[64], b[64];
      g_error ("domain conditional loss: probabilities %s and features %s need as many rows",
               mw_shape_to_string (probs->ndim, probs->shape, a, sizeof a),
               mw_shape_to_string (features->ndim, features->shape, b, sizeof b));
    }
  return mw_multilinear_map (tape, mw_detach (tape, probs, false), features);
}

MwDomainLoss
mw_domain_conditional_loss (const MwModel *head, MwTape *tape, MwTensor *const *head_params,
                            MwTensor *source, MwTensor *source_probs, MwTensor *target,
                            MwTensor *target_probs, float lambda, bool entropy_weighting)
{
  MwTensor *ms = conditioned (tape, source, source_probs);
  MwTensor *mt = conditioned (tape, target, target_probs);
  check_rows ("domain conditional loss", head, ms);
  check_rows ("domain conditional loss", head, mt);
  const int n_source = ms->shape[0], n_target = mt->shape[0];
  float *rw = NULL;
  if (entropy_weighting)
    {
      rw = mw_tape_alloc (tape, sizeof (float) * ((size_t) n_source + (size_t) n_target));
      mw_entropy_weights (source_probs, rw);
      mw_entropy_weights (target_probs, rw + n_source);
    }
  MwTensor *rows = mw_grad_reverse (tape, mw_concat_rows (tape, ms, mt), lambda);
  return head_loss (head, tape, head_params, rows, n_source, rw);
}

double
mw_dann_lambda (double progress)
{
  const double p = isnan (progress) ? 0.0 : CLAMP (progress, 0.0, 1.0);
  return 2.0 / (1.0 + exp (-10.0 * p)) - 1.0;
}
