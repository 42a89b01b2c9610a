/* mw-domain-step.c: domain adaptation inside a learner's training step (DANN, MMD,
 * CDAN), for ProtoNets' episodes and the fine-tune baseline's pre-training batches.
 *
 * Each step draws as many of the target's unlabelled images as the step has source
 * images (mw_image_pool_batch: a function of the seed and the step alone, so a run is
 * bit-reproducible at any thread count), puts them through the backbone in training
 * mode, and adds the domain term to the learner's own loss before its one backward
 * pass (DESIGN.md, "Domain adaptation ops").  The discriminator's parameters are extra
 * trainable tensors of the learner: the outer Adam steps them with the model's (Adam's
 * moments are per parameter, so this is an Adam of their own at the meta-lr), and the
 * checkpoint keeps them and their moments under "domain-head.…". */
#include "config.h"
#include "mw-algorithm-private.h"
#include "mw-domain-head.h"
#include "mw-image-pool.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

const char *const mw_domain_adaptation_names[] = { "none", "dann", "mmd", "cdan", NULL };
G_STATIC_ASSERT (G_N_ELEMENTS (mw_domain_adaptation_names) == MW_DOMAIN_ADAPT_COUNT + 1);

const char *
mw_domain_adaptation_name (MwDomainAdaptation method)
{
  return method >= 0 && method < MW_DOMAIN_ADAPT_COUNT ? mw_domain_adaptation_names[method]
                                                       : mw_domain_adaptation_names[0];
}

/* The discriminator's hidden width (DANN's paper and DESIGN.md's step). */
#define HEAD_HIDDEN 256

typedef struct MwDomainStep {
  MwDomainAdaptation method;
  float weight;                /* da-weight */
  MwModel *head;               /* DANN, CDAN; its params are algo->extra's */
  MwTensor **head_params;      /* into algo->extra */
  const MwImagePool *target;   /* not owned */
  guint64 seed;
  gint64 total;                /* the run's iterations, for λ's schedule */
  int n_slots;                 /* one per meta-batch task */
  double *measure;             /* the slots' accuracy or MMD², NaN where not run */
  MwTensor **features;         /* the slots' episode features (tape tensors) */
} MwDomainStep;

gboolean
mw_domain_step_setup (MwAlgorithm *a, guint64 seed, int n_classes, GError **error)
{
  MwDomainAdaptation method = a->cfg.domain_adaptation;
  if (method == MW_DOMAIN_ADAPT_NONE)
    return TRUE;
  const MwAlgorithmInfo *row = mw_algorithm_info (a->cfg.kind);
  if (method >= MW_DOMAIN_ADAPT_COUNT || a->regression || a->model->kind == MW_MODEL_MLP
      || !(row->metric || row->pretrains)
      || (method == MW_DOMAIN_ADAPT_CDAN && !row->pretrains))
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   _("domain-adaptation=%s does not fit %s on this data"),
                   mw_domain_adaptation_name (method), mw_algorithm_kind_title (a->cfg.kind));
      return FALSE;
    }
  int d = a->model->feature_dim;
  /* CDAN's head reads the multilinear map of the classes' probabilities and the features. */
  gint64 in_dim = method == MW_DOMAIN_ADAPT_CDAN ? (gint64) n_classes * d : d;
  if (in_dim > MW_DOMAIN_HEAD_MAX_WIDTH)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("domain-adaptation=cdan: %d training classes × %d features are more than "
                     "the discriminator's %d inputs; use dann or mmd, or fewer classes or filters"),
                   n_classes, d, MW_DOMAIN_HEAD_MAX_WIDTH);
      return FALSE;
    }
  MwDomainStep *s = g_new0 (MwDomainStep, 1);
  s->method = method;
  s->weight = a->cfg.da_weight;
  s->n_slots = MAX (a->cfg.meta_batch, 1);
  s->measure = g_new (double, s->n_slots);
  s->features = g_new0 (MwTensor *, s->n_slots);
  a->domain = s;
  if (method == MW_DOMAIN_ADAPT_MMD)
    return TRUE;
  /* Its own stream: the model's initial weights are those of a run without adaptation. */
  MwRng rng;
  mw_rng_init (&rng, seed, 0x64616865616 /* "dahead" */);
  s->head = mw_domain_head_new ((int) in_dim, HEAD_HIDDEN, 1, &rng);
  int n0 = a->n_extra, n = s->head->n_params;
  a->extra = g_renew (MwTensor *, a->extra, n0 + n);
  char **names = g_new0 (char *, n0 + n + 1);
  for (int i = 0; i < n0; i++)
    names[i] = g_strdup (a->extra_names[i]);
  for (int i = 0; i < n; i++)
    {
      a->extra[n0 + i] = s->head->params[i];
      names[n0 + i] = g_strdup_printf ("domain-head.%s", s->head->param_names[i]);
    }
  g_strfreev (a->extra_names);
  a->extra_names = names;
  a->n_extra = n0 + n;
  s->head_params = g_new (MwTensor *, n);
  memcpy (s->head_params, s->head->params, n * sizeof *s->head_params);
  return TRUE;
}

void
mw_domain_step_free (MwAlgorithm *a)
{
  MwDomainStep *s = a->domain;
  if (s == NULL)
    return;
  if (s->head != NULL)
    {
      /* The learner's extra tensors own the parameters. */
      for (int i = 0; i < s->head->n_params; i++)
        s->head->params[i] = NULL;
      mw_model_free (s->head);
    }
  g_free (s->head_params);
  g_free (s->measure);
  g_free (s->features);
  g_free (s);
  a->domain = NULL;
}

void
mw_algorithm_set_target (MwAlgorithm *a, const MwImagePool *pool, guint64 seed)
{
  if (a->domain == NULL)
    return;
  a->domain->target = pool;
  a->domain->seed = seed;
}

gboolean
mw_algorithm_adapts_domain (const MwAlgorithm *a)
{
  return a->domain != NULL;
}

void
mw_domain_step_begin (MwAlgorithm *a, gint64 total, MwStepStats *stats)
{
  stats->domain_accuracy = stats->mmd2 = NAN;
  MwDomainStep *s = a->domain;
  if (s == NULL)
    return;
  s->total = total;
  for (int i = 0; i < s->n_slots; i++)
    {
      s->measure[i] = NAN;
      s->features[i] = NULL;
    }
}

void
mw_domain_step_end (MwAlgorithm *a, MwStepStats *stats)
{
  MwDomainStep *s = a->domain;
  if (s == NULL)
    return;
  /* In slot order, so that the mean does not depend on the threads. */
  double sum = 0;
  int n = 0;
  for (int i = 0; i < s->n_slots; i++)
    {
      if (!isnan (s->measure[i]))
        {
          sum += s->measure[i];
          n++;
        }
      s->features[i] = NULL;
    }
  double mean = n > 0 ? sum / n : NAN;
  if (s->method == MW_DOMAIN_ADAPT_MMD)
    stats->mmd2 = mean;
  else
    stats->domain_accuracy = mean;
}

static int
task_slot (MwAlgorithm *a, const MwTask *task)
{
  if (a->batch_tasks == NULL || task < a->batch_tasks)
    return -1;
  ptrdiff_t i = task - a->batch_tasks;
  return i < a->domain->n_slots ? (int) i : -1;
}

void
mw_domain_step_keep_features (MwAlgorithm *a, const MwTask *task, MwTensor *features)
{
  int i = a->domain != NULL ? task_slot (a, task) : -1;
  if (i >= 0)
    a->domain->features[i] = features;
}

MwTensor *
mw_domain_step_task_features (MwAlgorithm *a, const MwTask *task)
{
  int i = a->domain != NULL ? task_slot (a, task) : -1;
  return i >= 0 ? a->domain->features[i] : NULL;
}

gboolean
mw_domain_step_add_term (MwAlgorithm *a, MwTape *tape, gint64 iteration, guint64 step, int slot,
                         MwTensor *fs, MwTensor *source_logits, MwTensor **loss, GError **error)
{
  MwDomainStep *s = a->domain;
  if (s->target == NULL)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("domain-adaptation=%s has no target images to adapt to (target-dataset)"),
                   mw_domain_adaptation_name (s->method));
      return FALSE;
    }
  int h, w, c, n = fs->shape[0];
  mw_image_pool_shape (s->target, &h, &w, &c);
  int shape[4] = { n, h, w, c };
  MwTensor *xt = mw_tape_tensor (tape, 4, shape);
  mw_image_pool_batch (s->target, s->seed, step, n, xt->data);
  MwTensor *ft = mw_algo_forward (a, tape, NULL, xt, TRUE, TRUE);
  float lambda = (float) (s->weight * mw_dann_lambda (s->total > 0 ? (double) iteration
                                                                         / (double) s->total
                                                                   : 1.0));
  MwTensor *term;
  double measure;
  switch (s->method)
    {
    case MW_DOMAIN_ADAPT_MMD:
      {
        MwTensor *mmd2 = mw_mmd2 (tape, fs, ft, NULL, NULL);
        measure = mmd2->data[0];
        term = mw_scale (tape, mmd2, lambda);
        break;
      }
    case MW_DOMAIN_ADAPT_CDAN:
      {
        /* The target's probabilities come from the same classifier (the last layer). */
        int np = a->model->n_params;
        MwTensor *lt = mw_add (tape, mw_matmul (tape, ft, a->model->params[np - 2]),
                               a->model->params[np - 1]);
        MwDomainLoss d = mw_domain_conditional_loss (s->head, tape, s->head_params, fs,
                                                     mw_softmax (tape, source_logits), ft,
                                                     mw_softmax (tape, lt), lambda, false);
        term = d.loss;
        measure = d.accuracy;
        break;
      }
    case MW_DOMAIN_ADAPT_DANN:
    case MW_DOMAIN_ADAPT_NONE:
    case MW_DOMAIN_ADAPT_COUNT:
    default:
      {
        MwDomainLoss d = mw_domain_adversarial_loss (s->head, tape, s->head_params, fs, ft, lambda);
        term = d.loss;
        measure = d.accuracy;
        break;
      }
    }
  if (!mw_algo_check_finite (a, term->data[0], iteration, N_("domain loss"), error))
    return FALSE;
  if (slot >= 0 && slot < s->n_slots)
    s->measure[slot] = measure;
  *loss = mw_add (tape, *loss, term);
  return TRUE;
}
