/* test-ops-gaussian.c: the Gaussian ops (mw-ops-gaussian.c): first and second
 * derivatives against central finite differences (gradcheck.c), the KL divergence
 * against its closed form and a seeded Monte-Carlo estimate, and reparameterised
 * sampling (same stream, same bits; the right mean and spread). */
#include "gradcheck.h"

#include <glib.h>
#include <math.h>

static MwTensor *f_sigmoid (MwTape *t, MwTensor **x, const void *c) { return mw_sigmoid (t, x[0]); }
static MwTensor *f_softplus (MwTape *t, MwTensor **x, const void *c) { return mw_softplus (t, x[0]); }
static MwTensor *f_nll (MwTape *t, MwTensor **x, const void *c) { return mw_gaussian_nll (t, x[0], x[1], x[2]); }
static MwTensor *f_kl (MwTape *t, MwTensor **x, const void *c) { return mw_gaussian_kl (t, x[0], x[1], x[2], x[3]); }

/* The Neural Process's output: σ = 0.1 + 0.9·softplus(raw), the NLL averaged. */
static MwTensor *
f_nll_softplus (MwTape *t, MwTensor **x, const void *c)
{
  MwTensor *sigma = mw_affine_scalar (t, mw_softplus (t, x[2]), 0.9f, 0.1f);
  return mw_mean (t, mw_gaussian_nll (t, x[0], x[1], sigma));
}

/* Its latent: σ = 0.1 + 0.9·sigmoid(raw), KL of the posterior to the prior summed. */
static MwTensor *
f_kl_sigmoid (MwTape *t, MwTensor **x, const void *c)
{
  MwTensor *sq = mw_affine_scalar (t, mw_sigmoid (t, x[1]), 0.9f, 0.1f);
  MwTensor *sp = mw_affine_scalar (t, mw_sigmoid (t, x[3]), 0.9f, 0.1f);
  return mw_sum (t, mw_gaussian_kl (t, x[0], sq, x[2], sp));
}

/* A sample from a fixed stream: a function of μ and σ only. */
static MwTensor *
f_sample (MwTape *t, MwTensor **x, const void *c)
{
  MwRng rng;
  mw_rng_init (&rng, 77, 3);
  return mw_gaussian_sample (t, x[0], x[1], &rng);
}

typedef struct {
  const char *name;
  GcFunc f;
  int n;
  GcInput in[4];
} Case;

static const Case cases[] = {
  { "sigmoid", f_sigmoid, 1, { { 2, { 3, 4 } } } },
  { "softplus", f_softplus, 1, { { 2, { 3, 4 } } } },
  { "gaussian_nll", f_nll, 3, { { 2, { 5, 1 } }, { 2, { 5, 1 } }, { 2, { 5, 1 }, GC_POSITIVE } } },
  { "gaussian_nll 2-D", f_nll, 3, { { 2, { 3, 4 } }, { 2, { 3, 4 } }, { 2, { 3, 4 }, GC_POSITIVE } } },
  { "gaussian_nll of softplus", f_nll_softplus, 3, { { 2, { 6, 1 } }, { 2, { 6, 1 } }, { 2, { 6, 1 } } } },
  { "gaussian_kl", f_kl, 4,
    { { 2, { 2, 3 } }, { 2, { 2, 3 }, GC_POSITIVE }, { 2, { 2, 3 } }, { 2, { 2, 3 }, GC_POSITIVE } } },
  { "gaussian_kl of sigmoid", f_kl_sigmoid, 4, { { 1, { 5 } }, { 1, { 5 } }, { 1, { 5 } }, { 1, { 5 } } } },
  { "gaussian_sample", f_sample, 2, { { 2, { 4, 3 } }, { 2, { 4, 3 }, GC_POSITIVE } } },
};

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  GcReport r1 = { 0 }, r2 = { 0 };
  int f1 = gc_check_first (c->name, c->f, NULL, c->in, c->n, 4321, &r1);
  int f2 = gc_check_second (c->name, c->f, NULL, c->in, c->n, 8765, &r2);
  g_test_message ("%s: first order %d checked, worst rel %.2e; second order %d checked, worst rel %.2e",
                  c->name, r1.checked, r1.max_rel_error, r2.checked, r2.max_rel_error);
  g_assert_cmpint (r1.checked, >, 0);
  g_assert_cmpint (r2.checked, >, 0);
  g_assert_cmpint (f1, ==, 0);
  g_assert_cmpint (f2, ==, 0);
}

/* The squashes stay finite and exact far from zero, where a naive log(1 + eˣ) would
 * overflow. */
static void
test_squash_extremes (void)
{
  MwTape *t = mw_tape_new ();
  const float x[4] = { -100.0f, -20.0f, 20.0f, 100.0f };
  int n = 4;
  MwTensor *a = mw_tape_constant (t, 1, &n, x);
  MwTensor *sp = mw_softplus (t, a), *sg = mw_sigmoid (t, a);
  for (int i = 0; i < 4; i++)
    {
      double want_sp = x[i] > 0 ? x[i] + log1p (exp (-x[i])) : log1p (exp (x[i]));
      double want_sg = 1.0 / (1.0 + exp (-(double) x[i]));
      g_assert_true (isfinite (sp->data[i]) && isfinite (sg->data[i]));
      g_assert_cmpfloat_with_epsilon (sp->data[i], want_sp, 1e-6 * MAX (1.0, fabs (want_sp)));
      g_assert_cmpfloat_with_epsilon (sg->data[i], want_sg, 1e-7);
    }
  mw_tape_free (t);
}

static double
log_normal (double z, double mu, double sigma)
{
  double d = (z - mu) / sigma;
  return -0.5 * d * d - log (sigma) - 0.5 * log (2 * G_PI);
}

/* The KL op against the textbook formula (evaluated in double) and against a
 * Monte-Carlo estimate E_q[log q(z) − log p(z)] from a seeded stream; and the NLL op
 * against −log N(y | μ, σ²). */
static void
test_kl_closed_form_and_monte_carlo (void)
{
  static const float mq[3] = { 0.3f, -1.2f, 0.0f }, sq[3] = { 0.5f, 1.4f, 0.2f };
  static const float mp[3] = { -0.4f, -1.0f, 0.1f }, sp[3] = { 1.1f, 0.7f, 0.2f };
  int n = 3;
  MwTape *t = mw_tape_new ();
  MwTensor *kl = mw_gaussian_kl (t, mw_tape_constant (t, 1, &n, mq), mw_tape_constant (t, 1, &n, sq),
                                 mw_tape_constant (t, 1, &n, mp), mw_tape_constant (t, 1, &n, sp));
  MwRng rng;
  mw_rng_init (&rng, 2024, 11);
  const int draws = g_test_slow () ? 4000000 : 400000;
  for (int i = 0; i < n; i++)
    {
      double closed = log ((double) sp[i] / sq[i])
                      + ((double) sq[i] * sq[i] + ((double) mq[i] - mp[i]) * ((double) mq[i] - mp[i]))
                          / (2.0 * sp[i] * sp[i])
                      - 0.5;
      g_assert_cmpfloat_with_epsilon (kl->data[i], closed, 1e-5 * MAX (1.0, closed));
      /* The estimate and its standard error: within 4 of them. */
      double sum = 0, sum2 = 0;
      for (int d = 0; d < draws; d++)
        {
          double z = mq[i] + sq[i] * (double) mw_rng_normal (&rng);
          double v = log_normal (z, mq[i], sq[i]) - log_normal (z, mp[i], sp[i]);
          sum += v;
          sum2 += v * v;
        }
      double mean = sum / draws, se = sqrt ((sum2 / draws - mean * mean) / draws);
      g_test_message ("KL[%d]: op %.6f, closed form %.6f, Monte Carlo %.6f ± %.6f", i,
                      kl->data[i], closed, mean, se);
      g_assert_cmpfloat (fabs (mean - kl->data[i]), <=, 4 * se + 1e-9);
    }
  /* Identical Gaussians: zero. */
  MwTensor *same = mw_gaussian_kl (t, mw_tape_constant (t, 1, &n, mq), mw_tape_constant (t, 1, &n, sq),
                                   mw_tape_constant (t, 1, &n, mq), mw_tape_constant (t, 1, &n, sq));
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (same->data[i], 0.0, 1e-6);
  /* The NLL at a few points. */
  MwTensor *nll = mw_gaussian_nll (t, mw_tape_constant (t, 1, &n, mp), mw_tape_constant (t, 1, &n, mq),
                                   mw_tape_constant (t, 1, &n, sq));
  for (int i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (nll->data[i], -log_normal (mp[i], mq[i], sq[i]), 1e-5);
  mw_tape_free (t);
}

/* Same stream, same bits; another stream, other numbers; the draws have the mean
 * and spread asked for. */
static void
test_sample (void)
{
  enum { N = 20000 };
  int n = N;
  float *mu = g_new (float, N), *sigma = g_new (float, N);
  for (int i = 0; i < N; i++)
    {
      mu[i] = 1.5f;
      sigma[i] = 0.25f;
    }
  MwTape *t = mw_tape_new ();
  MwTensor *m = mw_tape_constant (t, 1, &n, mu), *s = mw_tape_constant (t, 1, &n, sigma);
  MwRng a, b, c;
  mw_rng_init (&a, 5, 1);
  mw_rng_init (&b, 5, 1);
  mw_rng_init (&c, 5, 2);
  MwTensor *za = mw_gaussian_sample (t, m, s, &a), *zb = mw_gaussian_sample (t, m, s, &b);
  MwTensor *zc = mw_gaussian_sample (t, m, s, &c);
  g_assert_cmpmem (za->data, sizeof (float) * N, zb->data, sizeof (float) * N);
  int differ = 0;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < N; i++)
    {
      differ += za->data[i] != zc->data[i];
      sum += za->data[i];
      sum2 += (double) za->data[i] * za->data[i];
    }
  g_assert_cmpint (differ, >, N - 10);
  double mean = sum / N, sd = sqrt (sum2 / N - mean * mean);
  g_test_message ("samples: mean %.4f (1.5), sd %.4f (0.25)", mean, sd);
  g_assert_cmpfloat (fabs (mean - 1.5), <, 4 * 0.25 / sqrt (N));
  g_assert_cmpfloat (fabs (sd - 0.25), <, 0.01);
  mw_tape_free (t);
  g_free (mu);
  g_free (sigma);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (size_t i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char *path = g_strdup_printf ("/ops-gaussian/gradients/%s", cases[i].name);
      g_test_add_data_func (path, &cases[i], test_case);
      g_free (path);
    }
  g_test_add_func ("/ops-gaussian/squash-extremes", test_squash_extremes);
  g_test_add_func ("/ops-gaussian/kl-closed-form-and-monte-carlo", test_kl_closed_form_and_monte_carlo);
  g_test_add_func ("/ops-gaussian/sample", test_sample);
  return g_test_run ();
}
