/* mw-domain-moons.h: the two-moons domain adaptation of Ganin et al. (2016): a
 * classifier with one hidden layer of 15 units learns labelled moons (the source)
 * while unlabelled moons turned by 35° (the target) come beside them.  Without
 * adaptation the boundary stays where the source put it and cuts through the turned
 * moons; with DANN (or MMD, CDAN) the hidden layer is pushed to make the two domains
 * look alike, and the boundary turns with the target.
 *
 * Everything is seeded: the points, the initial weights, the target's test points.
 * The target's labels are drawn only for the test points, after training. */
#pragma once

#include "mw-algorithm.h"
#include "mw-domain-head.h"
#include "mw-ops.h"

#include <glib.h>

typedef struct {
  MwDomainAdaptation method;
  double rotation;        /* the target's turn, degrees (35) */
  int points_per_class;   /* source points per class; the target has as many, unlabelled */
  int hidden;             /* hidden units (15) */
  int iterations;         /* full-batch Adam steps */
  double lr;              /* Adam's step size */
  double weight;          /* λ's scale: λ_p = weight · (2 / (1 + e^(−10p)) − 1) */
  uint64_t seed;
} MwDomainMoonsConfig;

/* The paper's setting: 150 points per class, 15 hidden units, 35°, weight 1. */
void mw_domain_moons_config_init (MwDomainMoonsConfig *config, MwDomainAdaptation method,
                                  uint64_t seed);

typedef struct {
  double source_accuracy;   /* on fresh labelled source points */
  double target_accuracy;   /* on fresh labelled target points, never seen in training */
  double domain_accuracy;   /* balanced accuracy of a fresh discriminator (one hidden
                               layer) fitted to the final hidden features of the two
                               domains, the same probe for every method: 0.5, the
                               domains look alike; 1, the classifier tells them apart */
  double mmd2;              /* MMD² between the domains' final hidden features */
  MwModel *classifier;      /* the trained MLP 2-hidden-2 (owned by the result) */
} MwDomainMoonsResult;

/* Trains and measures; FALSE with a message naming the setting when config is out of
 * bounds (points 2…2000 per class, hidden 1…256, iterations 1…100000, lr and weight
 * finite and ≥ 0, rotation finite). */
gboolean mw_domain_moons_run (const MwDomainMoonsConfig *config, MwDomainMoonsResult *result,
                              GError **error);
void mw_domain_moons_result_clear (MwDomainMoonsResult *result);

/* The classifier's class-1 probability at each of n points (xy: n × 2). */
void mw_domain_moons_predict (const MwModel *classifier, const float *xy, int n, float *p1);
