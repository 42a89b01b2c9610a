/* test-rng.c: the seeded generator: reproducible, streams independent, distributions
 * right (chi-square and moment checks at fixed seeds, thresholds far in the tails). */
#include "mw-rng.h"

#include <glib.h>
#include <math.h>

static void
test_reproducible_and_streams (void)
{
  MwRng a, b, c;
  mw_rng_init (&a, 11, 0);
  mw_rng_init (&b, 11, 0);
  mw_rng_init (&c, 11, 1);
  int same_stream = 0, other_stream = 0;
  for (int i = 0; i < 1000; i++)
    {
      uint32_t x = mw_rng_u32 (&a), y = mw_rng_u32 (&b), z = mw_rng_u32 (&c);
      same_stream += x == y;
      other_stream += x == z;
    }
  g_assert_cmpint (same_stream, ==, 1000);
  g_assert_cmpint (other_stream, <, 3);
  g_assert_cmpuint (mw_rng_derive (5, 1), !=, mw_rng_derive (5, 2));
  g_assert_cmpuint (mw_rng_derive (5, 1), ==, mw_rng_derive (5, 1));
}

static void
test_below_uniform (void)
{
  MwRng r;
  mw_rng_init (&r, 1, 0);
  enum { K = 7, N = 70000 };
  int counts[K] = { 0 };
  for (int i = 0; i < N; i++)
    counts[mw_rng_below (&r, K)]++;
  double chi2 = 0, expect = (double) N / K;
  for (int k = 0; k < K; k++)
    chi2 += (counts[k] - expect) * (counts[k] - expect) / expect;
  /* 6 degrees of freedom: P(chi² > 22.5) = 0.001. */
  g_assert_cmpfloat (chi2, <, 22.5);
}

static void
test_normal_moments (void)
{
  MwRng r;
  mw_rng_init (&r, 2, 0);
  enum { N = 200000 };
  double s = 0, s2 = 0, u = 0;
  for (int i = 0; i < N; i++)
    {
      double z = mw_rng_normal (&r);
      s += z;
      s2 += z * z;
      double x = mw_rng_uniform (&r);
      g_assert_true (x >= 0.0 && x < 1.0);
      u += x;
    }
  g_assert_cmpfloat (fabs (s / N), <, 0.01);
  g_assert_cmpfloat (fabs (s2 / N - 1.0), <, 0.02);
  g_assert_cmpfloat (fabs (u / N - 0.5), <, 0.005);
  for (int i = 0; i < 1000; i++)
    g_assert_cmpfloat (fabsf (mw_rng_truncated_normal (&r, 0.01f)), <=, 0.02f);
}

static void
test_shuffle_is_permutation (void)
{
  MwRng r;
  mw_rng_init (&r, 3, 0);
  int items[50], seen[50] = { 0 };
  for (int i = 0; i < 50; i++)
    items[i] = i;
  mw_rng_shuffle (&r, items, 50);
  int moved = 0;
  for (int i = 0; i < 50; i++)
    {
      seen[items[i]]++;
      moved += items[i] != i;
    }
  for (int i = 0; i < 50; i++)
    g_assert_cmpint (seen[i], ==, 1);
  g_assert_cmpint (moved, >, 40);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rng/reproducible-and-streams", test_reproducible_and_streams);
  g_test_add_func ("/rng/below-uniform", test_below_uniform);
  g_test_add_func ("/rng/normal-moments", test_normal_moments);
  g_test_add_func ("/rng/shuffle", test_shuffle_is_permutation);
  return g_test_run ();
}
