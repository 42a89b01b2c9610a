/* mw-domain-adaptation.c: the domain-adaptation settings checked against the rest of
 * an experiment (mw_experiment_domain_validate), before anything is loaded.  The step
 * itself is the learner's (core/meta/mw-domain-step.c). */
#include "config.h"
#include "mw-experiment.h"
#include "mw-ops.h"
#include "mw-target.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#define NEED(cond, ...)                                                                   \
  if (!(cond))                                                                            \
    {                                                                                     \
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS, __VA_ARGS__);   \
      return FALSE;                                                                       \
    }

gboolean
mw_experiment_domain_validate (const MwExperimentConfig *c, GError **error)
{
  const MwAlgorithmConfig *a = &c->algo;
  const MwAlgorithmInfo *row = mw_algorithm_info (a->kind);
  NEED (a->domain_adaptation >= MW_DOMAIN_ADAPT_NONE && a->domain_adaptation < MW_DOMAIN_ADAPT_COUNT,
        _("domain-adaptation must be one of none, dann, mmd, cdan"));
  NEED (isfinite (a->da_weight) && a->da_weight > 0 && a->da_weight <= MW_DA_WEIGHT_MAX,
        _("da-weight must be more than 0 and at most %d (it is %g)"), MW_DA_WEIGHT_MAX,
        (double) a->da_weight);
  if (a->domain_adaptation == MW_DOMAIN_ADAPT_NONE)
    return TRUE;
  const char *method = mw_domain_adaptation_name (a->domain_adaptation);
  /* Translators: the setting's value ("dann"). */
  NEED (mw_experiment_has_target (c),
        _("domain-adaptation=%s needs a target: set target-dataset (the images it adapts to, "
          "without their labels)"), method);
  /* The hook sits where the features of a step's source images and its loss meet:
   * the metric learners' episodes and the fine-tune baseline's batches.  MAML's and
   * Reptile's inner loops would need the term in every inner step. */
  /* Translators: the setting's value, then an algorithm's title. */
  NEED (row->classification && (row->metric || row->pretrains) && !row->amortised,
        _("domain-adaptation=%s trains ProtoNets, Matching Networks or the fine-tune "
          "baseline; %s has no place for it (use domain-adaptation=none)"),
        method, mw_algorithm_kind_title (a->kind));
  NEED (a->domain_adaptation != MW_DOMAIN_ADAPT_CDAN || row->pretrains,
        _("domain-adaptation=cdan conditions on the fine-tune baseline's class probabilities; "
          "for %s choose dann or mmd"), mw_algorithm_kind_title (a->kind));
  /* As many target images as the step has source images. */
  int rows = row->pretrains ? a->pretrain_batch
                            : mw_experiment_train_ways (c)
                                * (mw_experiment_train_shots (c) + mw_experiment_train_queries (c));
  NEED (rows >= 2 && 2 * rows <= MW_MMD_MAX_ROWS,
        _("domain-adaptation=%s compares a step's %d source images with as many target "
          "images: 2–%d each (fewer ways, shots, queries or pretrain-batch)"),
        method, rows, MW_MMD_MAX_ROWS / 2);
  return TRUE;
}

#undef NEED
