/* mw-metric-spec.h: the series of numbers a run produces, declared by name.
 *
 * Each kind of run (regression on sinusoids, few-shot classification) declares its
 * series once: a name ("train_loss", "val_accuracy") that is the metrics.csv column,
 * the key of the saved curves and the series of the charts; a title; a unit (which
 * also picks the chart: one chart per unit, so an MSE and an accuracy never share an
 * axis); whether higher is better; whether it has a 95% interval.  The training loop
 * emits named points (MwMetricPoint), the metrics log writes its columns in the
 * declared order, the window draws what is declared charted.
 *
 *   guint n;
 *   const MwMetricSpec *s = mw_metric_specs (config, &n);
 *   for (guint i = 0; i < n; i++)
 *     printf ("%s in %s\n", s[i].name, mw_metric_unit_label (s[i].unit));
 */
#pragma once

#include "mw-evaluate.h"
#include "mw-experiment.h"

typedef enum {
  MW_METRIC_UNIT_LOSS,       /* a classifier's cross-entropy */
  MW_METRIC_UNIT_MSE,        /* a regressor's mean squared error */
  MW_METRIC_UNIT_ACCURACY,   /* a fraction, shown in percent */
  MW_METRIC_UNIT_NLL,        /* a predictive's negative log-likelihood per point, in nats */
  MW_METRIC_N_UNITS
} MwMetricUnit;

/* Where a series' value comes from. */
typedef enum {
  MW_METRIC_FROM_TRAIN_LOSS,      /* the step's MwStepStats */
  MW_METRIC_FROM_TRAIN_ACCURACY,
  MW_METRIC_FROM_TRAIN_DOMAIN_ACCURACY,  /* domain adaptation's discriminator (DANN, CDAN) */
  MW_METRIC_FROM_TRAIN_MMD2,             /* … or the features' MMD² (MMD) */
  MW_METRIC_FROM_VAL_LOSS,        /* the validation's MwEvalResult, last adaptation step */
  MW_METRIC_FROM_VAL_ACCURACY,
  MW_METRIC_FROM_VAL_NLL,         /* the validation's NLL (probabilistic learners) */
  MW_METRIC_FROM_VAL_COVERAGE_50, /* … and the coverage of its central intervals */
  MW_METRIC_FROM_VAL_COVERAGE_90,
  MW_METRIC_FROM_VAL_COVERAGE_95,
} MwMetricSource;

typedef struct {
  const char *name;          /* "train_loss": the metrics column and the series' id */
  const char *title;         /* untranslated (N_): translate with mw_metric_spec_title */
  MwMetricUnit unit;
  gboolean higher_is_better;
  gboolean has_ci;           /* a 95% interval: a name_ci column and a band */
  gboolean charted;          /* drawn; FALSE: a column only (a regression's accuracy stays an
                              * empty column, so every run's metrics.csv has the same ones) */
  MwMetricSource source;
} MwMetricSpec;

/* A named measurement, in the unit shown (an accuracy in percent). */
typedef struct {
  const char *series;        /* the spec's name, interned (g_intern_string) */
  double iteration, tasks, seconds;
  double y, y_lo, y_hi;      /* y_lo, y_hi: the 95% interval, NAN without one */
} MwMetricPoint;

/* The series of a run with config, in column order; static, never NULL.  A
 * probabilistic learner's regression (its row's `probabilistic`) adds its NLL and the
 * coverage of its 50/90/95% intervals, and its training loss is an NLL. */
const MwMetricSpec *mw_metric_specs (const MwExperimentConfig *config, guint *n_specs);
/* A run with domain adaptation adds the training series of its method after these:
 * train_domain_accuracy (DANN, CDAN: the discriminator's balanced accuracy, falling
 * towards 50% as the features align) or train_mmd2 (MMD: on the loss chart). */
/* The same for a run known only to be a regression or not (older saved runs). */
const MwMetricSpec *mw_metric_specs_for_task (gboolean regression, guint *n_specs);
/* The spec named name in specs, or NULL. */
const MwMetricSpec *mw_metric_spec_find (const MwMetricSpec *specs, guint n_specs,
                                         const char *name);

const char *mw_metric_spec_title (const MwMetricSpec *spec);     /* translated */
/* The y axis label of the unit's chart, translated: "Loss", "Accuracy (%)". */
const char *mw_metric_unit_label (MwMetricUnit unit);
/* The chart's id: "loss", "mse", "accuracy", "nll". */
const char *mw_metric_unit_name (MwMetricUnit unit);
/* Shown value = stored value × this (100 for an accuracy). */
double mw_metric_unit_scale (MwMetricUnit unit);

/* The spec's value and interval (NAN when none) in stored units (an accuracy as a
 * fraction); FALSE when the source is not there (val NULL for a validation series). */
gboolean mw_metric_spec_value (const MwMetricSpec *spec, const MwStepStats *stats,
                               const MwEvalResult *val, double *value, double *ci);
