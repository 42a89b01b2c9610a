/* mw-metric-spec.c: what each kind of run measures (see mw-metric-spec.h).
 *
 * The columns are those metrics.csv has always had, in the same order, for every
 * kind of run; only which are drawn, and in which unit, depends on the kind. */
#include "config.h"
#include "mw-metric-spec.h"

#include <glib/gi18n-lib.h>
#include <math.h>

/* Few-shot classification: cross-entropy and accuracy; the window draws the training
 * loss and the validation accuracy. */
static const MwMetricSpec classification[] = {
  { "train_loss", N_("Meta-training loss"), MW_METRIC_UNIT_LOSS, FALSE, FALSE, TRUE,
    MW_METRIC_FROM_TRAIN_LOSS },
  { "train_accuracy", N_("Meta-training accuracy"), MW_METRIC_UNIT_ACCURACY, TRUE, FALSE, FALSE,
    MW_METRIC_FROM_TRAIN_ACCURACY },
  { "val_loss", N_("Meta-validation loss"), MW_METRIC_UNIT_LOSS, FALSE, TRUE, FALSE,
    MW_METRIC_FROM_VAL_LOSS },
  { "val_accuracy", N_("Meta-validation accuracy"), MW_METRIC_UNIT_ACCURACY, TRUE, TRUE, TRUE,
    MW_METRIC_FROM_VAL_ACCURACY },
};

/* Sinusoid regression: both losses are mean squared errors, on one chart; a
 * regression has no accuracy (its columns stay empty). */
static const MwMetricSpec regression[] = {
  { "train_loss", N_("Meta-training loss"), MW_METRIC_UNIT_MSE, FALSE, FALSE, TRUE,
    MW_METRIC_FROM_TRAIN_LOSS },
  { "train_accuracy", N_("Meta-training accuracy"), MW_METRIC_UNIT_ACCURACY, TRUE, FALSE, FALSE,
    MW_METRIC_FROM_TRAIN_ACCURACY },
  { "val_loss", N_("Meta-validation loss"), MW_METRIC_UNIT_MSE, FALSE, TRUE, TRUE,
    MW_METRIC_FROM_VAL_LOSS },
  { "val_accuracy", N_("Meta-validation accuracy"), MW_METRIC_UNIT_ACCURACY, TRUE, TRUE, FALSE,
    MW_METRIC_FROM_VAL_ACCURACY },
};

/* Sinusoid regression by a learner that predicts a distribution (a Neural Process):
 * it trains by the NLL of the points (a bound on it, for a latent model), so its
 * training loss goes on the NLL chart beside the validation's NLL; the MSE of its
 * predictive mean is the val_loss that MAML's runs have.  The intervals' coverage is
 * kept in columns only. */
static const MwMetricSpec probabilistic_regression[] = {
  { "train_loss", N_("Meta-training loss"), MW_METRIC_UNIT_NLL, FALSE, FALSE, TRUE,
    MW_METRIC_FROM_TRAIN_LOSS },
  { "train_accuracy", N_("Meta-training accuracy"), MW_METRIC_UNIT_ACCURACY, TRUE, FALSE, FALSE,
    MW_METRIC_FROM_TRAIN_ACCURACY },
  { "val_loss", N_("Meta-validation loss"), MW_METRIC_UNIT_MSE, FALSE, TRUE, TRUE,
    MW_METRIC_FROM_VAL_LOSS },
  { "val_accuracy", N_("Meta-validation accuracy"), MW_METRIC_UNIT_ACCURACY, TRUE, TRUE, FALSE,
    MW_METRIC_FROM_VAL_ACCURACY },
  { "val_nll", N_("Meta-validation NLL"), MW_METRIC_UNIT_NLL, FALSE, TRUE, TRUE,
    MW_METRIC_FROM_VAL_NLL },
  /* xgettext:no-c-format */
  { "val_coverage_50", N_("Meta-validation 50% interval coverage"), MW_METRIC_UNIT_ACCURACY, TRUE,
    TRUE, FALSE, MW_METRIC_FROM_VAL_COVERAGE_50 },
  /* xgettext:no-c-format */
  { "val_coverage_90", N_("Meta-validation 90% interval coverage"), MW_METRIC_UNIT_ACCURACY, TRUE,
    TRUE, FALSE, MW_METRIC_FROM_VAL_COVERAGE_90 },
  /* xgettext:no-c-format */
  { "val_coverage_95", N_("Meta-validation 95% interval coverage"), MW_METRIC_UNIT_ACCURACY, TRUE,
    TRUE, FALSE, MW_METRIC_FROM_VAL_COVERAGE_95 },
};

/* Classification with domain adaptation: the step's domain measure as one more
 * training series, charted with its kind (an accuracy, or a loss term). */
static const MwMetricSpec classification_adversarial[] = {
  { "train_loss", N_("Meta-training loss"), MW_METRIC_UNIT_LOSS, FALSE, FALSE, TRUE,
    MW_METRIC_FROM_TRAIN_LOSS },
  { "train_accuracy", N_("Meta-training accuracy"), MW_METRIC_UNIT_ACCURACY, TRUE, FALSE, FALSE,
    MW_METRIC_FROM_TRAIN_ACCURACY },
  { "val_loss", N_("Meta-validation loss"), MW_METRIC_UNIT_LOSS, FALSE, TRUE, FALSE,
    MW_METRIC_FROM_VAL_LOSS },
  { "val_accuracy", N_("Meta-validation accuracy"), MW_METRIC_UNIT_ACCURACY, TRUE, TRUE, TRUE,
    MW_METRIC_FROM_VAL_ACCURACY },
  /* Lower is better for the learner: 50% means the domains look alike. */
  { "train_domain_accuracy", N_("Domain discriminator accuracy"), MW_METRIC_UNIT_ACCURACY, FALSE,
    FALSE, TRUE, MW_METRIC_FROM_TRAIN_DOMAIN_ACCURACY },
};

static const MwMetricSpec classification_mmd[] = {
  { "train_loss", N_("Meta-training loss"), MW_METRIC_UNIT_LOSS, FALSE, FALSE, TRUE,
    MW_METRIC_FROM_TRAIN_LOSS },
  { "train_accuracy", N_("Meta-training accuracy"), MW_METRIC_UNIT_ACCURACY, TRUE, FALSE, FALSE,
    MW_METRIC_FROM_TRAIN_ACCURACY },
  { "val_loss", N_("Meta-validation loss"), MW_METRIC_UNIT_LOSS, FALSE, TRUE, FALSE,
    MW_METRIC_FROM_VAL_LOSS },
  { "val_accuracy", N_("Meta-validation accuracy"), MW_METRIC_UNIT_ACCURACY, TRUE, TRUE, TRUE,
    MW_METRIC_FROM_VAL_ACCURACY },
  { "train_mmd2", N_("Domain MMD²"), MW_METRIC_UNIT_LOSS, FALSE, FALSE, TRUE,
    MW_METRIC_FROM_TRAIN_MMD2 },
};

const MwMetricSpec *
mw_metric_specs_for_task (gboolean is_regression, guint *n_specs)
{
  *n_specs = is_regression ? G_N_ELEMENTS (regression) : G_N_ELEMENTS (classification);
  return is_regression ? regression : classification;
}

const MwMetricSpec *
mw_metric_specs (const MwExperimentConfig *config, guint *n_specs)
{
  gboolean is_regression = mw_data_info (config->data)->regression;
  if (is_regression && mw_algorithm_info (config->algo.kind)->probabilistic)
    {
      *n_specs = G_N_ELEMENTS (probabilistic_regression);
      return probabilistic_regression;
    }
  if (!is_regression && config->algo.domain_adaptation != MW_DOMAIN_ADAPT_NONE)
    {
      gboolean mmd = config->algo.domain_adaptation == MW_DOMAIN_ADAPT_MMD;
      *n_specs = mmd ? G_N_ELEMENTS (classification_mmd) : G_N_ELEMENTS (classification_adversarial);
      return mmd ? classification_mmd : classification_adversarial;
    }
  return mw_metric_specs_for_task (is_regression, n_specs);
}

const MwMetricSpec *
mw_metric_spec_find (const MwMetricSpec *specs, guint n_specs, const char *name)
{
  for (guint i = 0; i < n_specs; i++)
    if (g_strcmp0 (specs[i].name, name) == 0)
      return &specs[i];
  return NULL;
}

const char *
mw_metric_spec_title (const MwMetricSpec *spec)
{
  return _(spec->title);
}

const char *
mw_metric_unit_label (MwMetricUnit unit)
{
  switch (unit)
    {
    case MW_METRIC_UNIT_LOSS:
      return _("Loss");
    case MW_METRIC_UNIT_MSE:
      return _("Mean squared error");
    case MW_METRIC_UNIT_NLL:
      return _("Negative log-likelihood");
    case MW_METRIC_UNIT_ACCURACY:
    case MW_METRIC_N_UNITS:
    default:
      return _("Accuracy (%)");
    }
}

const char *
mw_metric_unit_name (MwMetricUnit unit)
{
  static const char *const names[] = { "loss", "mse", "accuracy", "nll" };
  return unit < MW_METRIC_N_UNITS ? names[unit] : "accuracy";
}

double
mw_metric_unit_scale (MwMetricUnit unit)
{
  return unit == MW_METRIC_UNIT_ACCURACY ? 100.0 : 1.0;
}

gboolean
mw_metric_spec_value (const MwMetricSpec *spec, const MwStepStats *stats, const MwEvalResult *val,
                      double *value, double *ci)
{
  *value = *ci = NAN;
  switch (spec->source)
    {
    case MW_METRIC_FROM_TRAIN_LOSS:
    case MW_METRIC_FROM_TRAIN_ACCURACY:
      if (stats == NULL)
        return FALSE;
      *value = spec->source == MW_METRIC_FROM_TRAIN_LOSS ? stats->loss : stats->accuracy;
      return TRUE;
    case MW_METRIC_FROM_TRAIN_DOMAIN_ACCURACY:
    case MW_METRIC_FROM_TRAIN_MMD2:
      if (stats == NULL)
        return FALSE;
      *value = spec->source == MW_METRIC_FROM_TRAIN_MMD2 ? stats->mmd2 : stats->domain_accuracy;
      return TRUE;
    case MW_METRIC_FROM_VAL_LOSS:
    case MW_METRIC_FROM_VAL_ACCURACY:
      {
        if (val == NULL)
          return FALSE;
        int s = mw_eval_result_final_step (val);
        gboolean loss = spec->source == MW_METRIC_FROM_VAL_LOSS;
        *value = loss ? val->loss[s] : val->accuracy[s];
        *ci = loss ? val->loss_ci[s] : val->accuracy_ci[s];
        return TRUE;
      }
    case MW_METRIC_FROM_VAL_NLL:
      if (val == NULL)
        return FALSE;
      *value = val->nll;
      *ci = val->nll_ci;
      return TRUE;
    case MW_METRIC_FROM_VAL_COVERAGE_50:
    case MW_METRIC_FROM_VAL_COVERAGE_90:
    case MW_METRIC_FROM_VAL_COVERAGE_95:
      {
        if (val == NULL)
          return FALSE;
        int l = spec->source - MW_METRIC_FROM_VAL_COVERAGE_50;
        *value = val->coverage[l];
        *ci = val->coverage_ci[l];
        return TRUE;
      }
    }
  return FALSE;
}
