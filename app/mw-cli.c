/* mw-cli.c: the headless command-line front end (no display needed).
 *
 *   meta-workbench-cli list                what can be run
 *   meta-workbench-cli train [options]     meta-train, validate, test; logs and checkpoints
 *   meta-workbench-cli eval CHECKPOINT     test a saved learner (other data, hand-built tasks)
 *   meta-workbench-cli make-tasks ROOT -o FILE   a task manifest from a folder layout
 *   meta-workbench-cli info                what the core was built with
 *   meta-workbench-cli fit-sine [...]      fit an MLP to a sine wave, printing the loss
 *   meta-workbench-cli download-omniglot DIR
 *
 * Exit status: 0 on success, 1 on a failed run, 2 on bad usage or settings. */
#include "config.h"
#include "mw-core.h"

#include <cblas.h>
#include <glib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

#include "mw-cli-domain-moons.h"
#include "mw-cli-eval.h"
#include "mw-cli-train.h"

static int
cmd_info (int argc, char **argv)
{
  printf ("meta-workbench-cli %s, core %s\n", PACKAGE_VERSION, mw_core_version ());
  printf (g_dngettext (GETTEXT_PACKAGE, "OpenBLAS: %s, %d thread\n", "OpenBLAS: %s, %d threads\n",
                       openblas_get_num_threads ()),
          openblas_get_config (), openblas_get_num_threads ());
  printf ("GLib: %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
  return 0;
}

static int
cmd_fit_sine (int argc, char **argv)
{
  int steps = 2000, seed = 1, threads = 0;
  double lr = 1e-3, amplitude = 2.0, phase = 0.5;
  GOptionEntry entries[] = {
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, N_("Adam steps (default 2000)"), "N" },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, N_("Learning rate (default 1e-3)"), "LR" },
    { "amplitude", 0, 0, G_OPTION_ARG_DOUBLE, &amplitude, N_("Sine amplitude (default 2)"), "A" },
    { "phase", 0, 0, G_OPTION_ARG_DOUBLE, &phase, N_("Sine phase (default 0.5)"), "P" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Random seed (default 1)"), "S" },
    { "threads", 0, 0, G_OPTION_ARG_INT, &threads, N_("OpenBLAS threads (default: all)"), "N" },
    { NULL }
  };
  /* The domain translates the entries and this summary (GOption calls gettext). */
  GOptionContext *ctx = g_option_context_new (N_("- fit y = A·sin(x − P) with an MLP 1-40-40-1"));
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  GError *error = NULL;
  gboolean ok = g_option_context_parse (ctx, &argc, &argv, &error);
  g_option_context_free (ctx);
  if (!ok)
    {
      fprintf (stderr, "fit-sine: %s\n", error->message);
      g_error_free (error);
      return 2;
    }
  if (steps < 1 || !(lr > 0) || !isfinite (lr))
    {
      fprintf (stderr, "fit-sine: %s\n", _("--steps must be ≥ 1 and --lr a positive number"));
      return 2;
    }
  mw_core_set_threads (threads);

  MwRng rng;
  mw_rng_init (&rng, (uint64_t) seed, 0);
  int widths[4] = { 1, 40, 40, 1 };
  MwModel *mlp = mw_mlp_new (3, widths, &rng);
  enum { POINTS = 200 };
  MwTensor *x = mw_tensor_new4 (POINTS, 1, 0, 0), *y = mw_tensor_new4 (POINTS, 1, 0, 0);
  for (int i = 0; i < POINTS; i++)
    {
      x->data[i] = -5.0f + 10.0f * (float) i / (POINTS - 1);
      y->data[i] = (float) (amplitude * sin (x->data[i] - phase));
    }
  MwAdam *adam = mw_adam_new (mlp->params, mlp->n_params, (float) lr, 0.9f, 0.999f, 1e-8f);
  MwTape *tape = mw_tape_new ();
  MwTensor **g = g_new (MwTensor *, mlp->n_params);
  int status = 0;
  gint64 start = g_get_monotonic_time ();
  for (int step = 1; step <= steps; step++)
    {
      mw_tape_reset (tape);
      MwTensor *loss = mw_mse (tape, mw_model_forward (mlp, tape, NULL, x, NULL), y);
      if (!isfinite (loss->data[0]))
        {
          fprintf (stderr, "fit-sine: ");
          fprintf (stderr, _("the loss became %f at step %d; lower --lr (now %g)\n"),
                   loss->data[0], step, lr);
          status = 1;
          break;
        }
      mw_grad (tape, loss, NULL, mlp->params, mlp->n_params, false, g, NULL);
      mw_adam_step (adam, mlp->params, g);
      if (step == 1 || step % MAX (1, steps / 10) == 0 || step == steps)
        printf (_("step %6d  mse %.6f\n"), step, loss->data[0]);
    }
  if (status == 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "%d step in %.2f s\n", "%d steps in %.2f s\n", steps), steps,
            (double) (g_get_monotonic_time () - start) / 1e6);
  g_free (g);
  mw_tape_free (tape);
  mw_adam_free (adam);
  mw_tensor_free (x);
  mw_tensor_free (y);
  mw_model_free (mlp);
  return status;
}

static void
usage (FILE *out, const char *prog)
{
  /* Translators: keep the command names and the column of descriptions. */
  fprintf (out,
           _("usage: %s COMMAND [OPTIONS]\n\n"
             "commands:\n"
             "  list                    algorithms, datasets and presets\n"
             "  train                   meta-train, validate and test (--help for options)\n"
             "  eval CHECKPOINT         test a saved learner (--help for options)\n"
             "  make-tasks ROOT -o FILE hand-built tasks from ROOT/TASK/CLASS/{support,query}*\n"
             "  domain-moons            two moons turned by 35°: domain adaptation measured\n"
             "  download-omniglot DIR   fetch the official Omniglot zips into DIR\n"
             "  show-data -o FILE.png   a strip of a dataset's images under each domain shift\n"
             "  info                    what the core was built with\n"
             "  fit-sine                fit an MLP to a sine wave with Adam\n"
             "  --version               print the version\n"),
           prog);
}

int
main (int argc, char **argv)
{
  /* Messages in the user's language, numbers shown in their format; files written
   * by the core stay portable (they format numbers with g_ascii_formatd).
   * MW_LOCALE_DIR points an uninstalled build (the tests) at its own catalogues. */
  setlocale (LC_ALL, "");
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL && *locale_dir ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      usage (stderr, argv[0]);
      return 2;
    }
  const char *cmd = argv[1];
  if (g_str_equal (cmd, "--version"))
    {
      printf ("meta-workbench-cli %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (g_str_equal (cmd, "--help") || g_str_equal (cmd, "help"))
    {
      usage (stdout, argv[0]);
      return 0;
    }
  if (g_str_equal (cmd, "info"))
    return cmd_info (argc - 1, argv + 1);
  if (g_str_equal (cmd, "fit-sine"))
    return cmd_fit_sine (argc - 1, argv + 1);
  if (g_str_equal (cmd, "list"))
    return mw_cli_list (argc - 1, argv + 1);
  if (g_str_equal (cmd, "train"))
    return mw_cli_train (argc - 1, argv + 1);
  if (g_str_equal (cmd, "eval"))
    return mw_cli_eval (argc - 1, argv + 1);
  if (g_str_equal (cmd, "domain-moons"))
    return mw_cli_domain_moons (argc - 1, argv + 1);
  if (g_str_equal (cmd, "make-tasks"))
    return mw_cli_make_tasks (argc - 1, argv + 1);
  if (g_str_equal (cmd, "show-data"))
    return mw_cli_show_data (argc - 1, argv + 1);
  if (g_str_equal (cmd, "download-omniglot"))
    return mw_cli_download_omniglot (argc - 1, argv + 1);
  fprintf (stderr, _("%s: unknown command '%s'\n\n"), argv[0], cmd);
  usage (stderr, argv[0]);
  return 2;
}
