/* test-domain-moons.c: the two-moons domain adaptation (mw-domain-moons.h): without
 * adaptation the classifier learns the source and misses much of the turned target;
 * MMD and DANN pull the domains together (a fresh discriminator tells them apart less
 * well, MMD² falls) and the target's accuracy rises; the same seed gives the same
 * figures; bad settings are refused naming them. */
#include "mw-core.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static void
run (MwDomainAdaptation method, uint64_t seed, int iterations, MwDomainMoonsResult *r)
{
  MwDomainMoonsConfig c;
  mw_domain_moons_config_init (&c, method, seed);
  c.iterations = iterations;
  GError *error = NULL;
  g_assert_true (mw_domain_moons_run (&c, r, &error));
  g_assert_no_error (error);
  g_test_message ("%s, seed %llu: source %.1f%%, target %.1f%%, probe %.1f%%, MMD² %.4f",
                  mw_domain_adaptation_names[method], (unsigned long long) seed,
                  100 * r->source_accuracy, 100 * r->target_accuracy,
                  100 * r->domain_accuracy, r->mmd2);
}

static void
test_adaptation_helps (void)
{
  /* One seed in the sanitizer build, where a run is several times slower. */
  int seeds = g_getenv ("MW_TEST_SANITIZER") != NULL ? 1 : 2, iterations = 3000;
  double none_target = 0, none_mmd = 0, none_probe = 0;
  const MwDomainAdaptation methods[] = { MW_DOMAIN_ADAPT_NONE, MW_DOMAIN_ADAPT_MMD, MW_DOMAIN_ADAPT_DANN };
  for (int s = 1; s <= seeds; s++)
    for (guint m = 0; m < G_N_ELEMENTS (methods); m++)
      {
        MwDomainMoonsResult r;
        run (methods[m], (uint64_t) s, iterations, &r);
        g_assert_cmpfloat (r.source_accuracy, >, 0.95);
        if (methods[m] == MW_DOMAIN_ADAPT_NONE)
          {
            /* Turned by 35°, the moons' tips fall on the other class's side. */
            g_assert_cmpfloat (r.target_accuracy, <, 0.85);
            none_target = r.target_accuracy;
            none_mmd = r.mmd2;
            none_probe = r.domain_accuracy;
          }
        else
          {
            g_assert_cmpfloat (r.target_accuracy, >, none_target + 0.05);
            g_assert_cmpfloat (r.mmd2, <, none_mmd);
            g_assert_cmpfloat (r.domain_accuracy, <, none_probe);
          }
        mw_domain_moons_result_clear (&r);
      }
}

static void
test_seeded (void)
{
  MwDomainMoonsResult a, b, c;
  run (MW_DOMAIN_ADAPT_CDAN, 3, 300, &a);
  run (MW_DOMAIN_ADAPT_CDAN, 3, 300, &b);
  run (MW_DOMAIN_ADAPT_CDAN, 4, 300, &c);
  g_assert_cmpfloat (a.target_accuracy, ==, b.target_accuracy);
  g_assert_cmpfloat (a.mmd2, ==, b.mmd2);
  g_assert_cmpfloat (a.domain_accuracy, ==, b.domain_accuracy);
  g_assert_true (a.mmd2 != c.mmd2);
  /* The classifier's predictions are its own: points deep in each source moon. */
  float xy[4] = { -0.5f, 0.9f, 0.5f, -0.9f }, p1[2];
  mw_domain_moons_predict (a.classifier, xy, 2, p1);
  g_assert_cmpfloat (p1[0], <, 0.5f);
  g_assert_cmpfloat (p1[1], >, 0.5f);
  mw_domain_moons_result_clear (&a);
  mw_domain_moons_result_clear (&b);
  mw_domain_moons_result_clear (&c);
}

static void
test_refusals (void)
{
  MwDomainMoonsConfig c;
  mw_domain_moons_config_init (&c, MW_DOMAIN_ADAPT_DANN, 1);
  c.points_per_class = 1;
  MwDomainMoonsResult r;
  GError *error = NULL;
  g_assert_false (mw_domain_moons_run (&c, &r, &error));
  g_assert_nonnull (strstr (error->message, "'points'"));
  g_clear_error (&error);
  mw_domain_moons_config_init (&c, MW_DOMAIN_ADAPT_DANN, 1);
  c.weight = NAN;
  g_assert_false (mw_domain_moons_run (&c, &r, &error));
  g_assert_nonnull (strstr (error->message, "'da-weight'"));
  g_clear_error (&error);
  g_assert_null (r.classifier);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mw_core_set_threads (1);
  g_test_add_func ("/domain-moons/adaptation-helps", test_adaptation_helps);
  g_test_add_func ("/domain-moons/seeded", test_seeded);
  g_test_add_func ("/domain-moons/refusals", test_refusals);
  return g_test_run ();
}
