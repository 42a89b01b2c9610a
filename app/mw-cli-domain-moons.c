/* mw-cli-domain-moons.c: `domain-moons`: the two-moons domain adaptation of DANN's
 * paper (core/session/mw-domain-moons.h) over several seeds, each method's accuracy on
 * the source and on the turned target, mean ± 95% interval. */
#include "config.h"
#include "mw-cli-domain-moons.h"
#include "mw-core.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  double sum, sum2;
  int n;
} Stat;

static void
stat_add (Stat *s, double v)
{
  s->sum += v;
  s->sum2 += v * v;
  s->n++;
}

static double
stat_mean (const Stat *s)
{
  return s->sum / s->n;
}

/* Half-width of the 95% interval of the mean (normal approximation). */
static double
stat_ci (const Stat *s)
{
  if (s->n < 2)
    return NAN;
  double m = stat_mean (s);
  double var = MAX (s->sum2 / s->n - m * m, 0) * s->n / (s->n - 1);
  return 1.96 * sqrt (var / s->n);
}

int
mw_cli_domain_moons (int argc, char **argv)
{
  /* NULL: all (GOption replaces a default string without freeing it). */
  g_autofree char *method = NULL;
  int seeds = 10, iterations = 6000, points = 150, hidden = 15;
  gint64 first_seed = 1;
  double rotation = 35, weight = 1, lr = 0.01;
  GOptionEntry entries[] = {
    { "method", 'm', 0, G_OPTION_ARG_STRING, &method,
      N_("none, dann, mmd, cdan or all (default all)"), "NAME" },
    { "seeds", 0, 0, G_OPTION_ARG_INT, &seeds, N_("Seeds, each a run of every method (default 10)"), "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &first_seed, N_("The first seed (default 1)"), "S" },
    { "rotation", 0, 0, G_OPTION_ARG_DOUBLE, &rotation, N_("The target's turn in degrees (default 35)"), "DEG" },
    { "da-weight", 0, 0, G_OPTION_ARG_DOUBLE, &weight,
      N_("λ's scale, on DANN's schedule 2/(1+e^(−10p))−1 (default 1)"), "W" },
    { "iterations", 0, 0, G_OPTION_ARG_INT, &iterations, N_("Full-batch Adam steps (default 6000)"), "N" },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, N_("Adam's step size (default 0.01)"), "LR" },
    { "points", 0, 0, G_OPTION_ARG_INT, &points, N_("Source points per class; the target has as many (default 150)"), "N" },
    { "hidden", 0, 0, G_OPTION_ARG_INT, &hidden, N_("Hidden units (default 15)"), "N" },
    { NULL }
  };
  g_autoptr (GOptionContext) octx = g_option_context_new (_("- two moons: a classifier trained on moons, tested on moons turned by 35°, with and without domain adaptation"));
  g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (octx, GETTEXT_PACKAGE);
  GError *error = NULL;
  if (!g_option_context_parse (octx, &argc, &argv, &error))
    {
      fprintf (stderr, "domain-moons: %s\n", error->message);
      g_error_free (error);
      return 2;
    }
  gboolean wanted[MW_DOMAIN_ADAPT_COUNT] = { FALSE };
  gboolean all = method == NULL || g_str_equal (method, "all"), known = all;
  for (int k = 0; k < MW_DOMAIN_ADAPT_COUNT; k++)
    {
      wanted[k] = all || g_str_equal (method, mw_domain_adaptation_names[k]);
      known = known || wanted[k];
    }
  if (!known || seeds < 1 || seeds > 1000)
    {
      fprintf (stderr, "domain-moons: %s\n",
               !known ? _("--method is none, dann, mmd, cdan or all")
                      : _("--seeds is 1–1000"));
      return 2;
    }
  printf (_("two moons, target turned by %g°, %d + %d points per class, MLP 2-%d-2, %d Adam "
            "steps, da-weight %g, %d seeds\n"), rotation, points, points, hidden, iterations,
          weight, seeds);
  /* Translators: the columns of domain-moons' table; keep their widths. */
  printf (_("method  target accuracy    source accuracy    domain probe   MMD²\n"));
  for (int k = 0; k < MW_DOMAIN_ADAPT_COUNT; k++)
    {
      if (!wanted[k])
        continue;
      Stat target = { 0 }, source = { 0 }, probe = { 0 }, mmd = { 0 };
      for (int s = 0; s < seeds; s++)
        {
          MwDomainMoonsConfig c;
          mw_domain_moons_config_init (&c, k, (uint64_t) (first_seed + s));
          c.rotation = rotation;
          c.weight = weight;
          c.iterations = iterations;
          c.lr = lr;
          c.points_per_class = points;
          c.hidden = hidden;
          MwDomainMoonsResult r;
          if (!mw_domain_moons_run (&c, &r, &error))
            {
              fprintf (stderr, "domain-moons: %s\n", error->message);
              g_error_free (error);
              return 1;
            }
          stat_add (&target, r.target_accuracy);
          stat_add (&source, r.source_accuracy);
          stat_add (&probe, r.domain_accuracy);
          stat_add (&mmd, r.mmd2);
          mw_domain_moons_result_clear (&r);
        }
      /* One seed has no interval. */
      char target_ci[16] = "–", source_ci[16] = "–";
      if (seeds > 1)
        {
          g_snprintf (target_ci, sizeof target_ci, "%.2f", 100 * stat_ci (&target));
          g_snprintf (source_ci, sizeof source_ci, "%.2f", 100 * stat_ci (&source));
        }
      printf ("%-7s %6.2f%% ± %-6s   %6.2f%% ± %-6s   %6.2f%%        %.4f\n",
              mw_domain_adaptation_names[k], 100 * stat_mean (&target), target_ci,
              100 * stat_mean (&source), source_ci, 100 * stat_mean (&probe), stat_mean (&mmd));
      fflush (stdout);
    }
  return 0;
}
