/* planar-acceptance.c: the planar measurements of the closing note, through the real
 * presets, runs and evaluation (600 seeded test tasks, the test seed of `eval`).
 *
 *   linear: MAML (logistic regression, planar-linear) after one inner step against the
 *           same model from a zero initialisation, adapted with the same step, and two
 *           ceilings no learner of these tasks can pass by much: logistic regression
 *           fitted from zero (10 steps), and an oracle told each task's true angle that
 *           puts the boundary in the middle of the support's gap along it;
 *   circles, moons: MAML, Reptile and the pre-trained baseline (MLP), accuracy after
 *           0–10 steps.
 *
 * Usage: planar-acceptance [--family linear|circles|moons] [--tasks N]
 *                          [--iterations N (0: the presets')] [--inner-lr A]
 *                          [--spread DEGREES (lines)] */
#include "mw-core.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static double inner_lr = 0;   /* 0: the preset's */
/* The lines' angle spread; < 0: the preset's. */
static double spread = -1;

static MwRun *
trained_run (MwAlgorithmKind kind, const char *preset, gint64 iterations)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, kind);
  GError *error = NULL;
  if (!mw_experiment_config_preset (&c, kind, preset, &error))
    g_error ("%s", error->message);
  /* iterations: 0 the preset's, < 0 none. */
  if (iterations != 0)
    c.iterations = MAX (iterations, 0);
  if (spread >= 0)
    c.planar_spread = spread;
  c.threads = 1;
  if (inner_lr > 0)
    c.algo.inner_lr = (float) inner_lr;
  MwRun *run = mw_run_new (&c, &error);
  if (run == NULL)
    g_error ("%s", error->message);
  for (gint64 i = 0; i < c.iterations; i++)
    {
      MwStepStats stats;
      if (!mw_run_train_step (run, &stats, &error))
        g_error ("%s", error->message);
    }
  mw_experiment_config_clear (&c);
  return run;
}

static void
evaluate (MwRun *run, int steps, int tasks, MwEvalResult *r)
{
  const MwExperimentConfig *c = mw_run_get_config (run);
  GError *error = NULL;
  if (!mw_evaluate (mw_run_get_algorithm (run), mw_run_get_task_gen (run, "test"), c->ways,
                    c->shots, c->queries, steps, tasks, MW_TEST_SEED, NULL, NULL, r, &error))
    g_error ("%s", error->message);
}

/* The oracle's accuracy over the test tasks (mean and 95% CI half-width): told the
 * task's normal, it puts the boundary halfway between the support's innermost points
 * of each class along it, the best a learner can do without knowing the offset. */
static void
oracle_angle (MwRun *run, int tasks, double *mean, double *ci)
{
  const MwExperimentConfig *c = mw_run_get_config (run);
  MwTaskGen *gen = mw_run_get_task_gen (run, "test");
  double sum = 0, sum2 = 0;
  for (int e = 0; e < tasks; e++)
    {
      MwRng rng;
      MwTask task;
      GError *error = NULL;
      mw_rng_init (&rng, MW_TEST_SEED, (uint64_t) e);
      if (!mw_task_gen_next_in_slot (gen, 0, c->ways, c->shots, c->queries, &rng, &task, &error))
        g_error ("%s", error->message);
      const MwPlanarTask *t = mw_task_gen_planar_task (gen, 0);
      float nx = cosf (t->angle), ny = sinf (t->angle);
      float lowest1 = INFINITY, highest0 = -INFINITY;
      int n_support = (int) task.support_x->numel / 2;
      for (int i = 0; i < n_support; i++)
        {
          const float *p = task.support_x->data + 2 * i;
          float along = nx * p[0] + ny * p[1];
          if (task.support_labels[i] == 1)
            lowest1 = MIN (lowest1, along);
          else
            highest0 = MAX (highest0, along);
        }
      float threshold = 0.5f * (lowest1 + highest0);
      int n_query = (int) task.query_x->numel / 2, right = 0;
      for (int i = 0; i < n_query; i++)
        {
          const float *p = task.query_x->data + 2 * i;
          right += (nx * p[0] + ny * p[1] > threshold) == (task.query_labels[i] == 1);
        }
      double a = (double) right / n_query;
      sum += a;
      sum2 += a * a;
    }
  *mean = sum / tasks;
  double var = MAX (sum2 / tasks - *mean * *mean, 0) * tasks / MAX (tasks - 1, 1);
  *ci = 1.96 * sqrt (var / tasks);
}

int
main (int argc, char **argv)
{
  g_autofree char *family = g_strdup ("linear");
  int tasks = 600;
  gint64 iterations = 0;
  GOptionEntry entries[] = {
    { "family", 0, 0, G_OPTION_ARG_STRING, &family, "linear, circles or moons", "NAME" },
    { "tasks", 0, 0, G_OPTION_ARG_INT, &tasks, "test tasks (default 600)", "N" },
    { "iterations", 0, 0, G_OPTION_ARG_INT64, &iterations, "meta-iterations (0: the presets')", "N" },
    { "inner-lr", 0, 0, G_OPTION_ARG_DOUBLE, &inner_lr, "inner step size (0: the presets')", "A" },
    { "spread", 0, 0, G_OPTION_ARG_DOUBLE, &spread, "lines: the angle spread in degrees (default the preset's 30)", "DEGREES" },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = g_option_context_new ("- planar acceptance figures");
  g_option_context_add_main_entries (octx, entries, NULL);
  if (!g_option_context_parse (octx, &argc, &argv, NULL))
    return 2;
  g_autofree char *preset = g_strdup_printf ("planar-%s", family);
  if (g_str_equal (family, "linear"))
    {
      MwRun *maml = trained_run (MW_ALGO_MAML, preset, iterations);
      MwRun *sgd = trained_run (MW_ALGO_METASGD, preset, iterations);
      MwRun *zero = trained_run (MW_ALGO_MAML, preset, -1);
      /* The same model and step, every parameter 0: the adaptation alone. */
      MwModel *m = mw_algorithm_get_model (mw_run_get_algorithm (zero));
      for (int i = 0; i < m->n_params; i++)
        memset (m->params[i]->data, 0, sizeof (float) * m->params[i]->numel);
      MwEvalResult a, b, d;
      evaluate (maml, 10, tasks, &a);
      evaluate (sgd, 10, tasks, &d);
      evaluate (zero, 10, tasks, &b);
      double oracle, oracle_ci;
      oracle_angle (maml, tasks, &oracle, &oracle_ci);
      const MwExperimentConfig *c = mw_run_get_config (maml);
      printf ("planar-linear, spread %g°, %s, 2-way %d-shot, %d queries per class, inner-lr %g, "
              "%lld iterations, %d test tasks\n", c->planar_spread, m->description, c->shots,
              c->queries, (double) c->algo.inner_lr, (long long) c->iterations, tasks);
      printf ("  MAML, 1 step:      %.2f%% ± %.2f\n", 100 * a.accuracy[1], 100 * a.accuracy_ci[1]);
      printf ("  zero init, 1 step: %.2f%% ± %.2f\n", 100 * b.accuracy[1], 100 * b.accuracy_ci[1]);
      printf ("  difference:        %.2f points\n", 100 * (a.accuracy[1] - b.accuracy[1]));
      printf ("  Meta-SGD, 1 step:  %.2f%% ± %.2f (%.2f points above zero init)\n",
              100 * d.accuracy[1], 100 * d.accuracy_ci[1], 100 * (d.accuracy[1] - b.accuracy[1]));
      printf ("ceilings:\n");
      printf ("  zero init, 10 steps (logistic regression fitted): %.2f%% ± %.2f\n",
              100 * b.accuracy[10], 100 * b.accuracy_ci[10]);
      printf ("  MAML, 10 steps:                                   %.2f%% ± %.2f\n",
              100 * a.accuracy[10], 100 * a.accuracy_ci[10]);
      printf ("  oracle told each task's angle:                    %.2f%% ± %.2f "
              "(%.2f points above zero init, 1 step)\n", 100 * oracle, 100 * oracle_ci,
              100 * (oracle - b.accuracy[1]));
      mw_eval_result_clear (&a);
      mw_eval_result_clear (&b);
      mw_eval_result_clear (&d);
      mw_run_free (sgd);
      mw_run_free (maml);
      mw_run_free (zero);
      return 0;
    }
  MwAlgorithmKind kinds[] = { MW_ALGO_MAML, MW_ALGO_REPTILE, MW_ALGO_FINETUNE };
  MwEvalResult r[3];
  for (int k = 0; k < 3; k++)
    {
      MwRun *run = trained_run (kinds[k], preset, iterations);
      evaluate (run, 10, tasks, &r[k]);
      mw_run_free (run);
    }
  printf ("%s, MLP 2-40-40-2, 2-way 5-shot, %d test tasks: query accuracy (%%, ± 95%% CI)\n",
          preset, tasks);
  printf ("step  %-16s %-16s %-16s\n", "MAML", "Reptile", "pre-trained");
  for (int s = 0; s <= 10; s++)
    {
      printf ("%-5d", s);
      for (int k = 0; k < 3; k++)
        printf (" %6.2f ± %-7.2f", 100 * r[k].accuracy[s], 100 * r[k].accuracy_ci[s]);
      printf ("\n");
    }
  for (int k = 0; k < 3; k++)
    mw_eval_result_clear (&r[k]);
  return 0;
}
