/* mw-binomial.h: confidence intervals for a proportion (a count of right answers out of
 * a number of questions), as reported for hand-built tasks, whose few queries make the
 * normal approximation (p ± 1.96·√(p(1−p)/n)) run outside [0, 1] or collapse to zero
 * width at 0 % and 100 %. */
#pragma once

#include <glib.h>

/* The Wilson score interval for k successes in n trials at the normal quantile z
 * (1.96 for 95 %): always inside [0, 1], and not empty at k = 0 or k = n.  With n = 0
 * both ends are NaN. */
void mw_wilson_interval (int k, int n, double z, double *low, double *high);
