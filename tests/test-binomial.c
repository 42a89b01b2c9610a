/* test-binomial.c: the Wilson score interval against published values (Newcombe 1998,
 * "Two-sided confidence intervals for the single proportion", table I, method 3) and
 * its limits: inside [0, 1], ends exact at 0 and n successes, NaN for no trials. */
#include "mw-core.h"

#include <math.h>

static void
test_wilson (void)
{
  /* k, n, low, high at z = 1.96, to the 4 decimals of the table. */
  static const struct { int k, n; double low, high; } known[] = {
    { 81, 263, 0.2553, 0.3662 },
    { 15, 148, 0.0624, 0.1605 },
    { 0, 20, 0.0000, 0.1611 },
    { 1, 29, 0.0061, 0.1718 },
    { 29, 29, 0.8830, 1.0000 },
    { 5, 10, 0.2366, 0.7634 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      double low, high;
      mw_wilson_interval (known[i].k, known[i].n, 1.96, &low, &high);
      g_test_message ("%d/%d: [%.4f, %.4f]", known[i].k, known[i].n, low, high);
      g_assert_cmpfloat_with_epsilon (low, known[i].low, 6e-5);
      g_assert_cmpfloat_with_epsilon (high, known[i].high, 6e-5);
    }
  for (int n = 1; n <= 40; n++)
    for (int k = 0; k <= n; k++)
      {
        double low, high, p = (double) k / n;
        mw_wilson_interval (k, n, 1.96, &low, &high);
        g_assert_true (low >= 0 && low <= p && p <= high && high <= 1);
        g_assert_true (k > 0 || low == 0);
        g_assert_true (k < n || high == 1);
        g_assert_true (high - low > 0);
      }
  double low, high;
  mw_wilson_interval (0, 0, 1.96, &low, &high);
  g_assert_true (isnan (low) && isnan (high));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/binomial/wilson", test_wilson);
  return g_test_run ();
}
