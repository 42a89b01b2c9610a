/* mw-binomial.c: the Wilson score interval. */
#include "config.h"
#include "mw-binomial.h"

#include <math.h>

void
mw_wilson_interval (int k, int n, double z, double *low, double *high)
{
  if (n <= 0 || k < 0 || k > n)
    {
      *low = *high = NAN;
      return;
    }
  double p = (double) k / n, z2 = z * z;
  double denom = 1.0 + z2 / n;
  double centre = (p + z2 / (2.0 * n)) / denom;
  double half = z * sqrt (p * (1.0 - p) / n + z2 / (4.0 * n * (double) n)) / denom;
  /* Rounding must not put the ends outside [0, 1] (at k = 0 the low end is 0 exactly
   * in theory). */
  *low = k == 0 ? 0.0 : fmax (0.0, centre - half);
  *high = k == n ? 1.0 : fmin (1.0, centre + half);
}
