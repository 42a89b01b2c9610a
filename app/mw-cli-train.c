/* mw-cli-train.c: `train` and `download-omniglot`. */
#include "config.h"
#include "mw-cli-train.h"
#include "mw-cli-train-private.h"
#include "mw-cli-mpi.h"
#include "mw-cli-out.h"
#include "mw-core.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* ---- progress on a terminal, plain lines otherwise ---- */

typedef struct {
  gboolean tty, quiet;
  gint64 start, last_print;
  gint64 start_iteration;      /* a resumed run's ETA counts from here */
  double last_val_acc, last_val_ci, last_val_loss;
  gboolean regression;
} Progress;

static void
format_duration (double s, char *buf, size_t len)
{
  if (!isfinite (s) || s < 0)
    g_snprintf (buf, len, "--");
  else if (s < 60)
    /* Translators: durations in the progress line: seconds; minutes and seconds; hours
     * and minutes. */
    g_snprintf (buf, len, _("%.0fs"), s);
  else if (s < 3600)
    g_snprintf (buf, len, _("%dm%02ds"), (int) s / 60, (int) s % 60);
  else
    g_snprintf (buf, len, _("%dh%02dm"), (int) s / 3600, ((int) s % 3600) / 60);
}

static void
show_progress (Progress *p, gint64 it, gint64 total, const MwStepStats *st, gboolean force)
{
  if (p->quiet)
    return;
  gint64 now = g_get_monotonic_time ();
  /* A terminal redraws ~5×/s; a log gets a line every 10 s. */
  if (!force && now - p->last_print < (p->tty ? 200000 : 10000000))
    return;
  p->last_print = now;
  double elapsed = (double) (now - p->start) / 1e6, frac = total ? (double) it / total : 1;
  gint64 done = it - p->start_iteration;
  char eta[32], el[32];
  format_duration (done > 0 ? elapsed / done * (double) (total - it) : NAN, eta, sizeof eta);
  format_duration (elapsed, el, sizeof el);
  char val[64] = "";
  if (!isnan (p->last_val_acc))
    /* Translators: validation accuracy ± its 95% interval, in the progress line. */
    g_snprintf (val, sizeof val, _(" val %.2f%%±%.2f"), 100 * p->last_val_acc, 100 * p->last_val_ci);
  else if (!isnan (p->last_val_loss))
    g_snprintf (val, sizeof val, _(" val mse %.3f"), p->last_val_loss);
  char acc[32] = "";
  if (!isnan (st->accuracy))
    g_snprintf (acc, sizeof acc, _(" acc %.3f"), st->accuracy);
  if (p->tty)
    {
      int width = 24, filled = (int) (frac * width);
      char bar[32];
      for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '-';
      bar[width] = '\0';
      /* Translators: the progress bar, percent done, iteration of total, training loss,
       * then the optional accuracy and validation parts, and the time left. */
      printf ("\r");
      printf (_("[%s] %5.1f%% %lld/%lld loss %.4f%s%s ETA %s"), bar, 100 * frac,
              (long long) it, (long long) total, st->loss, acc, val, eta);
      printf ("   ");
    }
  else
    printf (_("iteration %lld/%lld (%.1f%%) loss %.4f%s%s elapsed %s ETA %s\n"), (long long) it,
            (long long) total, 100 * frac, st->loss, acc, val, el, eta);
  fflush (stdout);
}

void
mw_cli_print_result_table (const MwExperimentConfig *c, const MwEvalResult *r, const char *title)
{
  gboolean regression = mw_data_info (c->data)->regression;
  if (regression)
    {
      g_autofree char *tasks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d task", "%d tasks",
                                                             r->episodes), r->episodes);
      g_autofree char *points = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d query point",
                                                              "%d query points", c->queries),
                                                 c->queries);
      /* Translators: "Test", "600 tasks", K, "100 query points", seconds. */
      printf (_("\n%s: %s, %d-shot, %s, %.1f s\n"), title, tasks, c->shots, points, r->seconds);
    }
  else
    {
      g_autofree char *episodes = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d episode",
                                                                "%d episodes", r->episodes),
                                                   r->episodes);
      g_autofree char *queries = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d query per class",
                                                               "%d queries per class", c->queries),
                                                  c->queries);
      /* Translators: "Test", "600 episodes", N, K, "15 queries per class", seconds. */
      printf (_("\n%s: %s, %d-way %d-shot, %s, %.1f s\n"), title, episodes, c->ways, c->shots,
              queries, r->seconds);
    }
  /* Column headings: the first two padded to the columns of the numbers below. */
  printf ("  ");
  mw_cli_print_padded (C_("result table", "step"), 6);
  const char *value_heading, *loss_heading = "";
  if (regression)
    /* xgettext:no-c-format */
    value_heading = _("MSE ± 95% CI");
  else
    {
      /* xgettext:no-c-format */
      value_heading = _("accuracy ± 95% CI");
      /* xgettext:no-c-format */
      loss_heading = _("loss ± 95% CI");
    }
  printf ("  ");
  mw_cli_print_padded (value_heading, 22);
  printf ("  %s\n", loss_heading);
  for (int s = 0; s <= r->steps; s++)
    {
      if (isnan (r->loss[s]) && r->diverged[s] == 0)
        continue;
      char note[160] = "";
      if (r->diverged[s] > 0)
        g_snprintf (note, sizeof note,
                    g_dngettext (GETTEXT_PACKAGE, "  (%d of %d episode diverged; mean of the rest)",
                                 "  (%d of %d episodes diverged; mean of the rest)", r->episodes),
                    r->diverged[s], r->episodes);
      if (regression)
        printf ("  %-6d  %8.4f ± %-11.4f%s\n", s, r->loss[s], r->loss_ci[s], note);
      else
        printf ("  %-6d  %7.2f%% ± %-10.2f  %8.4f ± %.4f%s\n", s, 100 * r->accuracy[s],
                100 * r->accuracy_ci[s], r->loss[s], r->loss_ci[s], note);
    }
  /* A probabilistic learner's predictive, after adaptation. */
  if (!isnan (r->nll))
    {
      printf ("  ");
      /* Translators: the negative log-likelihood of the query points under the
       * predicted distribution, per point, with its 95% interval. */
      printf (_("NLL per point %.4f ± %.4f"), r->nll, r->nll_ci);
      printf ("\n  ");
      /* Translators: the fractions of query points inside the central 50%, 90% and
       * 95% intervals of the predicted distribution. */
      printf (_("inside the central 50%% / 90%% / 95%% intervals: %.1f%% / %.1f%% / %.1f%%"),
              100 * r->coverage[0], 100 * r->coverage[1], 100 * r->coverage[2]);
      printf ("\n");
    }
}

void
mw_cli_show_eval_progress (int done, int total)
{
  if (done % 10 != 0 && done != total)
    return;
  printf ("\r  ");
  printf (_("evaluating %d/%d"), done, total);
  printf ("   ");
  if (done == total)
    printf ("\r                         \r");
  fflush (stdout);
}

static volatile sig_atomic_t stop_signal = 0;

/* Also the test's way to stop on Ctrl+C: FALSE cancels the evaluation. */
static gboolean
eval_progress (int done, int total, gpointer data)
{
  Progress *p = data;
  if (stop_signal != 0)
    return FALSE;
  if (p->tty && !p->quiet)
    mw_cli_show_eval_progress (done, total);
  return TRUE;
}

static gboolean
write_result (const char *dir, const MwExperimentConfig *c, const MwRun *run,
              const MwEvalResult *r, GError **error)
{
  g_autofree char *path = g_build_filename (dir, "result.json", NULL);
  GString *s = g_string_new ("{\n");
  g_autofree char *desc = mw_experiment_config_describe (c);
  /* Keys in English and numbers in the C locale (g_ascii_formatd), whatever the
   * user's language: a decimal comma would make this invalid JSON. */
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf (s, "  \"experiment\": \"%s\",\n  \"iterations\": %" G_GINT64_FORMAT
                          ",\n  \"train_seconds\": %s,\n  \"episodes\": %d,\n  \"steps\": [",
                          desc, mw_run_get_iteration (run),
                          g_ascii_formatd (seconds, sizeof seconds, "%.1f", mw_run_get_train_seconds (run)),
                          r->episodes);
  gboolean first = TRUE;
  for (int i = 0; i <= r->steps; i++)
    {
      if (isnan (r->loss[i]) && r->diverged[i] == 0)
        continue;
      char a[G_ASCII_DTOSTR_BUF_SIZE], ac[G_ASCII_DTOSTR_BUF_SIZE], l[G_ASCII_DTOSTR_BUF_SIZE],
        lc[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (s, "%s\n    {\"step\": %d, \"diverged\": %d, \"accuracy\": %s, "
                              "\"accuracy_ci\": %s, \"loss\": %s, \"loss_ci\": %s}", first ? "" : ",", i,
                              r->diverged[i],
                              isnan (r->accuracy[i]) ? "null" : g_ascii_formatd (a, sizeof a, "%.6f", r->accuracy[i]),
                              isnan (r->accuracy_ci[i]) ? "null" : g_ascii_formatd (ac, sizeof ac, "%.6f", r->accuracy_ci[i]),
                              g_ascii_formatd (l, sizeof l, "%.6f", r->loss[i]),
                              isnan (r->loss_ci[i]) ? "null" : g_ascii_formatd (lc, sizeof lc, "%.6f", r->loss_ci[i]));
      first = FALSE;
    }
  g_string_append (s, "\n  ]");
  if (!isnan (r->nll))
    {
      char v[G_ASCII_DTOSTR_BUF_SIZE], vc[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append_printf (s, ",\n  \"nll\": %s,\n  \"nll_ci\": %s,\n  \"coverage\": {",
                              g_ascii_formatd (v, sizeof v, "%.6f", r->nll),
                              isnan (r->nll_ci) ? "null" : g_ascii_formatd (vc, sizeof vc, "%.6f", r->nll_ci));
      for (int l = 0; l < MW_COVERAGE_LEVELS; l++)
        g_string_append_printf (s, "%s\"%d\": %s", l > 0 ? ", " : "",
                                (int) lround (100 * mw_coverage_levels[l]),
                                g_ascii_formatd (v, sizeof v, "%.6f", r->coverage[l]));
      g_string_append (s, "}");
    }
  g_string_append (s, "\n}\n");
  gboolean ok = mw_run_folder_replace_file (path, s->str, s->len, TRUE, error);
  if (!ok)
    g_prefix_error (error, _("cannot write %s: "), path);
  g_string_free (s, TRUE);
  return ok;
}

/* --set key=value, repeatable. */
/* Files of the dataset that could not be used, named on stderr (the run goes on
 * without them). */
static void
report_skipped (MwRun *run)
{
  static const char *const roles[] = { "train", "val", "test" };
  const guint shown_max = 20;
  for (size_t r = 0; r < G_N_ELEMENTS (roles); r++)
    {
      const MwDataset *ds = mw_run_get_dataset (run, roles[r]);
      if (ds == NULL || ds->skipped == NULL || ds->skipped->len == 0)
        continue;
      for (guint i = 0; i < ds->skipped->len && i < shown_max; i++)
        {
          const MwSkippedFile *f = g_ptr_array_index (ds->skipped, i);
          g_autofree char *shown = g_filename_display_name (f->path);
          /* Translators: a file of the dataset that training goes on without. */
          fprintf (stderr, _("train: skipped %s: %s\n"), shown, f->reason);
        }
      if (ds->skipped->len > shown_max)
        fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "train: … and %u more file skipped\n",
                                      "train: … and %u more files skipped\n",
                                      ds->skipped->len - shown_max),
                 ds->skipped->len - shown_max);
    }
}

/* Ctrl+C (SIGINT) or SIGTERM while training: the current iteration finishes, the
 * metrics and a checkpoint are written and the run ends (status 128 + signal), so
 * `train --resume` goes on from there.  A second signal ends it at once. */
static void
on_stop_signal (int sig)
{
  stop_signal = sig;
  signal (sig, SIG_DFL);
}

static void
catch_stop_signals (void)
{
  const int sigs[] = { SIGINT, SIGTERM };
  for (size_t i = 0; i < G_N_ELEMENTS (sigs); i++)
    {
      struct sigaction old;
      /* Ignored by whoever started us (a background job): it stays ignored. */
      if (sigaction (sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
        continue;
      struct sigaction sa;
      memset (&sa, 0, sizeof sa);
      sa.sa_handler = on_stop_signal;
      sa.sa_flags = SA_RESTART;   /* reads and writes in progress carry on */
      sigemptyset (&sa.sa_mask);
      sigaction (sigs[i], &sa, NULL);
    }
}

/* ---- the training loop's hooks (mw-train-loop.h) ---- */

typedef struct {
  Progress p;
  MwStepStats st;                  /* the last step's */
  const MwExperimentConfig *c;
  const char *out;
  gboolean begun;
} Terminal;

static gboolean
stop_requested (gpointer data)
{
  return stop_signal != 0;
}

/* The files are open: what the run goes without, and what it is. */
static void
begin_training (MwRun *run, gpointer data)
{
  Terminal *t = data;
  t->begun = TRUE;
  report_skipped (run);
  if (t->p.quiet)
    return;
  const MwDataset *train = mw_run_get_dataset (run, "train");
  MwModel *m = mw_algorithm_get_model (mw_run_get_algorithm (run));
  size_t n_params = mw_model_param_count (m);
  printf ("%s\n", t->c->name);
  printf (g_dngettext (GETTEXT_PACKAGE, "  model %s, %zu parameter; ", "  model %s, %zu parameters; ",
                       n_params),
          m->description, n_params);
  if (train)
    {
      int n_test = mw_run_get_dataset (run, "test")->n_classes;
      printf (g_dngettext (GETTEXT_PACKAGE, "%d training class, ", "%d training classes, ",
                           train->n_classes), train->n_classes);
      printf (g_dngettext (GETTEXT_PACKAGE, "%d test class\n", "%d test classes\n", n_test), n_test);
    }
  else
    printf (_("sinusoid tasks\n"));
  g_autofree char *shown = g_filename_display_name (t->out);
  printf (_("  output in %s/\n"), shown);
}

static void
iteration_done (MwRun *run, const MwStepStats *st, const MwEvalResult *val, gpointer data)
{
  Terminal *t = data;
  t->st = *st;
  if (val != NULL)
    {
      int s = mw_eval_result_final_step (val);
      t->p.last_val_acc = val->accuracy[s];
      t->p.last_val_ci = val->accuracy_ci[s];
      t->p.last_val_loss = val->loss[s];
    }
  show_progress (&t->p, mw_run_get_iteration (run), t->c->iterations, st, val != NULL && !t->p.tty);
}

/* Settings that a resumed run may change: when to validate and save, not what it learns. */
static const char *const resume_schedule[] = { "eval-every", "val-episodes", "test-episodes",
                                               "checkpoint-every", NULL };

static int
train_command (int argc, char **argv)
{
  g_autofree char *config_path = NULL, *algorithm = NULL, *preset = NULL, *out = NULL;
  g_autofree char *data_dir = NULL, *resume = NULL, *max_memory_text = NULL;
  g_auto (GStrv) sets = NULL;
  int threads = -1, test_episodes = 0;
  gboolean quiet = FALSE, no_test = FALSE, mpi = FALSE, dry_run = FALSE, overwrite = FALSE;
  guint64 max_memory = 0;
  g_autoptr (MwRunFolderLock) lock = NULL;
  GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, N_("Experiment file (key file)"), "FILE" },
    { "algorithm", 'a', 0, G_OPTION_ARG_STRING, &algorithm, N_("Algorithm (see `list`)"), "NAME" },
    { "preset", 'p', 0, G_OPTION_ARG_STRING, &preset, N_("Paper settings (see `list`)"), "NAME" },
    /* As bytes: a path may be any; other values are checked to be text by setting. */
    { "set", 's', 0, G_OPTION_ARG_FILENAME_ARRAY, &sets, N_("Change one setting (repeatable)"), "KEY=VALUE" },
    { "data-dir", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Dataset folder (Omniglot, image folder)"), "DIR" },
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("Output folder (default runs/<time>)"), "DIR" },
    { "resume", 'r', 0, G_OPTION_ARG_FILENAME, &resume, N_("Continue from a checkpoint"), "FILE" },
    { "overwrite", 0, 0, G_OPTION_ARG_NONE, &overwrite,
      N_("Replace the run in the output folder (its files are removed first)"), NULL },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, N_("Threads (the tasks of a meta-batch, evaluation episodes)"), "N" },
    { "test-episodes", 0, 0, G_OPTION_ARG_INT, &test_episodes, N_("Episodes of the final test"), "N" },
    { "no-test", 0, 0, G_OPTION_ARG_NONE, &no_test, N_("Skip the final test"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Only the result table"), NULL },
    { "max-memory", 0, 0, G_OPTION_ARG_STRING, &max_memory_text,
      N_("Refuse a run estimated to need more memory (default: this machine's)"), "SIZE" },
    { "dry-run", 'n', 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Check the settings, print the memory estimate and exit without training"), NULL },
    { "mpi", 0, 0, G_OPTION_ARG_NONE, &mpi,
      N_("Split each meta-batch across the processes of an MPI job (mpirun -np P …)"), NULL },
    { NULL }
  };
  /* GOption translates the entries, this summary and the description in our domain. */
  g_autoptr (GOptionContext) octx = g_option_context_new (N_("- meta-train, validate and test"));
  g_option_context_set_translation_domain (octx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (octx, entries, GETTEXT_PACKAGE);
  /* Built here, so translated here: GOption finds no catalogue entry for the whole. */
  g_autoptr (GString) help = g_string_new (NULL);
  mw_cli_append_splits (help);
  g_string_append_c (help, '\n');
  g_string_append (help,
    _("Examples:\n"
      "  meta-workbench-cli train --algorithm maml\n"
      "  meta-workbench-cli train -a protonet -p omniglot-5w1s -d ~/omniglot -o runs/proto\n"
      "  meta-workbench-cli train -a maml -p sinusoid --set iterations=1000\n"));
  g_option_context_set_description (octx, help->str);
  GError *error = NULL;
  if (!g_option_context_parse (octx, &argc, &argv, &error))
    {
      fprintf (stderr, "train: %s\n", error->message);
      g_error_free (error);
      return 2;
    }
  if (test_episodes != 0)
    {
      /* As many as the setting allows. */
      MwExperimentConfig scratch;
      g_autofree char *value = g_strdup_printf ("%d", test_episodes);
      mw_experiment_config_init (&scratch, MW_ALGO_MAML);
      gboolean ok = mw_experiment_config_set (&scratch, "test-episodes", value, &error);
      mw_experiment_config_clear (&scratch);
      if (!ok)
        {
          fprintf (stderr, "train: --test-episodes: %s\n", error->message);
          g_error_free (error);
          return 2;
        }
    }
  if (max_memory_text != NULL && !mw_cli_parse_memory_size (max_memory_text, &max_memory))
    {
      fprintf (stderr, "train: ");
      fprintf (stderr, _("--max-memory wants a size such as 2G or 512M, got '%s'\n"),
               max_memory_text);
      return 2;
    }
  /* Under MPI process 0 leads: it alone validates, tests and writes files. */
  gboolean leader = TRUE;
  if (mpi)
    {
      int rank = 0, size = 1;
      if (!mw_cli_mpi_init (&rank, &size, &error))
        {
          fprintf (stderr, "train: %s\n", error->message);
          g_error_free (error);
          return 2;
        }
      leader = rank == 0;
      quiet = quiet || !leader;
      no_test = no_test || !leader;
      /* One core per process unless told otherwise. */
      if (threads < 0)
        threads = 1;
    }

  MwRun *run = NULL;
  MwExperimentConfig c = { 0 };
  int status = 0;
  if (resume != NULL && !mw_cli_check_resume_folder (resume, out, overwrite, &error))
    {
      fprintf (stderr, "train: %s\n", error->message);
      g_error_free (error);
      return 2;
    }
  if (resume != NULL)
    {
      run = mw_run_new_from_checkpoint (resume, &error);
      if (run == NULL)
        {
          fprintf (stderr, "train: %s\n", error->message);
          g_error_free (error);
          return 1;
        }
      /* Training goes on with the classes it had; classes added since are left out. */
      if (mw_run_get_split_note (run) != NULL)
        fprintf (stderr, _("train: note: %s\n"), mw_run_get_split_note (run));
      if (threads >= 0)
        mw_run_set_threads (run, threads);
      /* A resumed run may change its schedule, not what it learns. */
      MwExperimentConfig *rc = (MwExperimentConfig *) mw_run_get_config (run);
      if (!mw_cli_check_resume_options (rc, algorithm, preset, config_path, data_dir, &error))
        {
          fprintf (stderr, "train: %s\n", error->message);
          g_error_free (error);
          mw_run_free (run);
          return 2;
        }
      for (char **s = sets; s && *s; s++)
        {
          g_autofree char *key = g_strndup (*s, strcspn (*s, "="));
          if (!g_strv_contains (resume_schedule, key) || (*s)[strlen (key)] != '=')
            {
              g_autofree char *shown = g_utf8_make_valid (*s, -1);
              fprintf (stderr, "train: ");
              fprintf (stderr, _("with --resume only eval-every, val-episodes, "
                                 "test-episodes and checkpoint-every can be changed (not '%s')\n"),
                       shown);
              mw_run_free (run);
              return 2;
            }
          if (!mw_experiment_config_set (rc, key, *s + strlen (key) + 1, &error))
            {
              fprintf (stderr, "train: %s\n", error->message);
              g_error_free (error);
              mw_run_free (run);
              return 2;
            }
        }
      mw_experiment_config_copy (&c, mw_run_get_config (run));
      /* The run's data is loaded by now (a checkpoint is read as a whole run); the
       * machine's memory was checked before that, --max-memory is checked here. */
      if (dry_run)
        mw_cli_print_memory_estimate (&c, max_memory);
      if (!mw_memory_check (&c, max_memory, &error) || dry_run)
        {
          int code = error != NULL ? 2 : 0;
          if (error != NULL)
            fprintf (stderr, "train: %s\n", error->message);
          g_clear_error (&error);
          mw_run_free (run);
          mw_experiment_config_clear (&c);
          return code;
        }
      if (out == NULL)
        out = g_path_get_dirname (resume);
    }
  else
    {
      MwAlgorithmKind kind = MW_ALGO_MAML;
      if (algorithm && !mw_algorithm_kind_from_name (algorithm, &kind))
        {
          fprintf (stderr, "train: ");
          fprintf (stderr, _("unknown algorithm '%s' (see `meta-workbench-cli list`)\n"), algorithm);
          return 2;
        }
      mw_experiment_config_init (&c, kind);
      gboolean ok = TRUE;
      if (config_path)
        ok = mw_experiment_config_load (&c, config_path, &error);
      if (ok && algorithm && config_path)
        c.algo.kind = kind;
      if (ok && data_dir)
        {
          g_free (c.data_path);
          c.data_path = g_strdup (data_dir);
        }
      /* Splits the user gave, which the preset keeps (before it) or --set replaces. */
      gboolean given_split[3] = {
        *c.train_split || mw_cli_sets_key (sets, "train-split"),
        *c.val_split || mw_cli_sets_key (sets, "val-split"),
        *c.test_split || mw_cli_sets_key (sets, "test-split"),
      };
      /* The preset sees the splits given by --set as the user's (it then chooses no
       * validation or test split beside a training split of theirs); --set applies
       * them again below, with the rest. */
      for (char **s = sets; ok && preset && s && *s; s++)
        if (g_str_has_prefix (*s, "train-split=") || g_str_has_prefix (*s, "val-split=")
            || g_str_has_prefix (*s, "test-split="))
          {
            char *one[] = { *s, NULL };
            ok = mw_cli_apply_sets (&c, one, &error);
          }
      if (ok && preset)
        ok = mw_experiment_config_preset (&c, kind, preset, &error);
      /* A planar preset's step sizes are its model's: a model chosen by --set brings
       * its own, unless --set gives them too (applied below, with the rest). */
      for (char **s = sets; ok && preset && c.data == MW_DATA_PLANAR && s && *s; s++)
        if (g_str_has_prefix (*s, "planar-model="))
          {
            char *one[] = { *s, NULL };
            ok = mw_cli_apply_sets (&c, one, &error);
            if (ok)
              mw_experiment_planar_set_model (&c, c.algo.point_model);
          }
      /* The preset's description is redone below when --set changes what it says
       * (the seed, the ways…), unless --set gave a name of its own. */
      g_autofree char *preset_name = ok && preset ? g_strdup (c.name) : NULL;
      if (ok)
        ok = mw_cli_apply_sets (&c, sets, &error);
      if (ok && preset_name != NULL && g_strcmp0 (c.name, preset_name) == 0)
        g_clear_pointer (&c.name, g_free);
      if (ok && threads >= 0)
        c.threads = threads;
      if (ok && c.data == MW_DATA_OMNIGLOT && (!c.data_path || !*c.data_path) && g_getenv ("MW_OMNIGLOT_DIR"))
        {
          g_free (c.data_path);
          c.data_path = g_strdup (g_getenv ("MW_OMNIGLOT_DIR"));
        }
      if (ok && (!c.name || !*c.name))
        {
          g_free (c.name);
          c.name = mw_experiment_config_describe (&c);
        }
      if (!ok)
        {
          fprintf (stderr, "train: %s\n", error->message);
          g_error_free (error);
          mw_experiment_config_clear (&c);
          return 2;
        }
      if (preset != NULL && !quiet)
        mw_cli_print_preset_splits (&c, preset, given_split);
      /* Settings and memory are checked before any data is loaded (mw_run_new checks
       * the machine's memory too; --max-memory may ask for less). */
      ok = mw_experiment_config_validate (&c, &error);
      if (ok && dry_run)
        mw_cli_print_memory_estimate (&c, max_memory);
      if (ok)
        ok = mw_memory_check (&c, max_memory, &error);
      if (ok && dry_run)
        {
          mw_experiment_config_clear (&c);
          return 0;
        }
      if (!ok)
        {
          fprintf (stderr, "train: %s\n", error->message);
          g_error_free (error);
          mw_experiment_config_clear (&c);
          return 2;
        }
      if (!quiet)
        printf (_("Loading data for %s…\n"), c.name);
      run = mw_run_new (&c, &error);
      if (run == NULL)
        {
          fprintf (stderr, "train: %s\n", error->message);
          gboolean settings = error->domain == MW_ALGORITHM_ERROR;
          g_error_free (error);
          mw_experiment_config_clear (&c);
          return settings ? 2 : 1;
        }
      /* experiment.ini records what invert=auto chose, as the checkpoint does. */
      c.invert = mw_run_get_config (run)->invert;
    }
  if (mpi && !mw_cli_mpi_distribute (run, &error))
    {
      fprintf (stderr, "train: --mpi: %s\n", error->message);
      g_error_free (error);
      mw_run_free (run);
      mw_experiment_config_clear (&c);
      return 2;
    }
  if (out == NULL && !leader)
    out = g_strdup ("runs");   /* only the leader writes */
  if (out == NULL && (out = mw_cli_new_default_out (&error)) == NULL)
    {
      fprintf (stderr, "train: %s\n", error->message);
      g_error_free (error);
      mw_run_free (run);
      mw_experiment_config_clear (&c);
      return 1;
    }
  if (leader && (lock = mw_cli_claim_run_folder (out, resume != NULL, overwrite, &status, &error)) == NULL)
    {
      fprintf (stderr, "train: %s\n", error->message);
      g_error_free (error);
      mw_run_free (run);
      mw_experiment_config_clear (&c);
      return status;
    }
  g_autofree char *ini = g_build_filename (out, "experiment.ini", NULL);
  g_autofree char *ckpt = mw_train_loop_checkpoint_path (out);
  if (leader && !mw_experiment_config_save (&c, ini, &error))
    {
      fprintf (stderr, "train: %s\n", error->message);
      g_error_free (error);
      mw_run_free (run);
      mw_experiment_config_clear (&c);
      return 1;
    }

  gint64 start_it = mw_run_get_iteration (run);
  Terminal t = {
    .p = { isatty (STDOUT_FILENO), quiet, g_get_monotonic_time (), 0, start_it, NAN, NAN, NAN,
           mw_data_info (c.data)->regression },
    .st = { NAN, NAN },
    .c = &c,
    .out = out,
  };
  /* Only the leader validates and writes files; a resumed run drops the metrics rows
   * written after its checkpoint (before a crash). */
  MwTrainLoopOptions options = { leader ? out : NULL, resume != NULL, leader };
  static const MwTrainLoopHooks hooks = {
    .should_stop = stop_requested,
    .begin = begin_training,
    .iteration_done = iteration_done,
  };
  /* Under MPI every process would have to stop at the same iteration: not caught. */
  if (!mpi)
    catch_stop_signals ();
  MwTrainLoopEnd end = mw_run_train_loop (run, &options, &hooks, &t, &error);
  if (!t.begun)
    {
      /* The metrics could not be opened: nothing was trained. */
      fprintf (stderr, "train: %s\n", error->message);
      g_error_free (error);
      mw_run_free (run);
      mw_experiment_config_clear (&c);
      return 1;
    }
  gint64 it = mw_run_get_iteration (run);
  /* At the end of the run, what went wrong is told after the last progress line. */
  gboolean at_end = end == MW_TRAIN_LOOP_METRICS_LOST
                    || (end == MW_TRAIN_LOOP_SAVE_FAILED && mw_run_is_finished (run));
  if (end != MW_TRAIN_LOOP_FINISHED && !at_end)
    {
      if (t.p.tty)
        printf ("\n");
      if (end == MW_TRAIN_LOOP_FAILED)
        fprintf (stderr, "train: %s\n", error->message);
      else if (end == MW_TRAIN_LOOP_SAVE_FAILED)
        fprintf (stderr, _("train: %s; the run stops here\n"), error->message);
      else
        fprintf (stderr, _("train: stopped at iteration %lld (%s); checkpoint saved: "
                           "continue with  meta-workbench-cli train --resume %s\n"),
                 (long long) it, g_strsignal (stop_signal), ckpt);
      status = end == MW_TRAIN_LOOP_STOPPED ? 128 + stop_signal : 1;
    }
  show_progress (&t.p, it, c.iterations, &t.st, TRUE);
  if (t.p.tty && !quiet)
    printf ("\n");
  if (at_end)
    {
      fprintf (stderr, "train: %s\n", error->message);
      if (end == MW_TRAIN_LOOP_METRICS_LOST)
        fprintf (stderr, _("train: the trained model is saved in %s, but its last metrics "
                           "rows are missing\n"), ckpt);
      status = 1;
    }
  g_clear_error (&error);
  if (!quiet)
    {
      gint64 trained = mw_run_get_iteration (run) - start_it;
      double seconds = mw_run_get_train_seconds (run);
      printf (g_dngettext (GETTEXT_PACKAGE, "Trained %lld iteration in %.1f s (%.2f it/s)\n",
                           "Trained %lld iterations in %.1f s (%.2f it/s)\n", (gulong) trained),
              (long long) trained, seconds, seconds > 0 ? mw_run_get_iteration (run) / seconds : 0.0);
    }
  if (status == 0 && !no_test)
    {
      MwEvalResult r;
      if (mw_run_test (run, test_episodes, eval_progress, &t.p, &r, &error))
        {
          mw_cli_print_result_table (&c, &r, C_("result table", "Test"));
          if (!write_result (out, &c, run, &r, &error))
            {
              fprintf (stderr, "train: %s\n", error->message);
              g_clear_error (&error);
              status = 1;
            }
        }
      else if (stop_signal != 0)
        {
          /* Ctrl+C during the test: the trained model is saved, the test is not done. */
          if (t.p.tty)
            printf ("\n");
          fprintf (stderr, _("train: the final test was stopped (%s); the trained model is "
                             "saved: test it with  meta-workbench-cli eval %s\n"),
                   g_strsignal (stop_signal), ckpt);
          g_clear_error (&error);
          status = 128 + stop_signal;
        }
      else
        {
          fprintf (stderr, "train: ");
          fprintf (stderr, _("test failed: %s\n"), error->message);
          g_clear_error (&error);
          status = 1;
        }
      mw_eval_result_clear (&r);
    }
  mw_run_free (run);
  mw_experiment_config_clear (&c);
  return status;
}

/* The result table goes to stdout: one that cannot take it (a full disk, a closed
 * pipe) fails the command, naming the reason. */
int
mw_cli_check_stdout (const char *command, int status)
{
  errno = 0;
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      int e = errno ? errno : EIO;
      fprintf (stderr, "%s: ", command);
      fprintf (stderr, _("cannot write to standard output: %s\n"), g_strerror (e));
      return status != 0 ? status : 1;
    }
  return status;
}

int
mw_cli_train (int argc, char **argv)
{
  int status = mw_cli_check_stdout ("train", train_command (argc, argv));
  /* After a failure in any process, MPI_Abort ends the others too. */
  mw_cli_mpi_finish (status);
  return status;
}

int
mw_cli_download_omniglot (int argc, char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, _("usage: download-omniglot DIR\n"));
      return 2;
    }
  const char *dir = argv[1];
  static const char *base = "https://raw.githubusercontent.com/brendenlake/omniglot/master/python/";
  static const char *files[] = { "images_background.zip", "images_evaluation.zip" };
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      fprintf (stderr, "download-omniglot: ");
      fprintf (stderr, _("cannot create %s\n"), dir);
      return 1;
    }
  g_autofree char *curl = g_find_program_in_path ("curl");
  g_autofree char *wget = curl ? NULL : g_find_program_in_path ("wget");
  if (!curl && !wget)
    {
      fprintf (stderr, "download-omniglot: %s\n", _("needs curl or wget (apt-get install curl)"));
      return 1;
    }
  for (size_t i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *url = g_strconcat (base, files[i], NULL);
      g_autofree char *dest = g_build_filename (dir, files[i], NULL);
      g_autofree char *part = g_strconcat (dest, ".part", NULL);
      printf (_("Downloading %s\n"), url);
      const char *cmd_curl[] = { curl, "-fL", "--retry", "3", "-o", part, url, NULL };
      const char *cmd_wget[] = { wget, "-O", part, url, NULL };
      int wait_status = 0;
      GError *error = NULL;
      if (!g_spawn_sync (NULL, (char **) (curl ? cmd_curl : cmd_wget), NULL, G_SPAWN_CHILD_INHERITS_STDIN,
                         NULL, NULL, NULL, NULL, &wait_status, &error)
          || !g_spawn_check_wait_status (wait_status, &error))
        {
          fprintf (stderr, "download-omniglot: ");
          fprintf (stderr, _("%s failed: %s\n"), url, error->message);
          g_error_free (error);
          g_unlink (part);
          return 1;
        }
      g_rename (part, dest);
    }
  /* Loading the background split proves the files are usable. */
  GError *error = NULL;
  MwDataset *ds = mw_omniglot_load (dir, "background", 28, &error);
  if (ds == NULL)
    {
      fprintf (stderr, "download-omniglot: ");
      fprintf (stderr, _("the downloaded files do not load: %s\n"), error->message);
      g_error_free (error);
      return 1;
    }
  printf (g_dngettext (GETTEXT_PACKAGE, "Omniglot is ready in %s (%d background character)\n",
                       "Omniglot is ready in %s (%d background characters)\n", ds->n_classes),
          dir, ds->n_classes);
  mw_dataset_free (ds);
  return 0;
}
