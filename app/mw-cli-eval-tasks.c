/* mw-cli-eval-tasks.c: `eval CHECKPOINT --tasks MANIFEST…`: the learner adapts on each
 * hand-built task's support images and classifies its query images; accuracy per task
 * and over all queries, with a Wilson 95% interval (a handful of queries is too few for
 * the normal approximation), and optionally one CSV row per query. */
#include "config.h"
#include "mw-cli-out.h"
#include "mw-cli-eval.h"
#include "mw-cli-train.h"
#include "mw-core.h"

#include <glib.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

/* A task's image folder made as the model's training images were (size, channels,
 * ink the same way round).  Every task folder is loaded here and only here. */
static MwDataset *
load_task_folder (MwRun *run, const char *dir, MwInvertChoice invert,
                  MwPreprocessReport *report, GError **error)
{
  return mw_preprocess_load_folder (mw_run_get_preprocess (run), dir, invert, report, error);
}

typedef struct {
  int correct, total;
} Count;

static void
print_count (const char *label, Count n)
{
  double low, high;
  mw_wilson_interval (n.correct, n.total, 1.96, &low, &high);
  /* Padded by display width: task names and the "all" row may be CJK. */
  printf ("  ");
  mw_cli_print_padded (label, 24);
  printf (" %4d/%-4d  %6.2f%%  [%.2f%%, %.2f%%]\n", n.correct, n.total, 100.0 * n.correct / n.total,
          100 * low, 100 * high);
}

/* Adapts on one task and scores its queries; rows go to csv (may be NULL). */
static gboolean
eval_episode (MwRun *run, int steps, const MwHandTask *t, const MwDataset *ds, const char *label,
              GString *csv, Count *count, GError **error)
{
  const MwExperimentConfig *c = mw_run_get_config (run);
  MwHandEpisode *episode = mw_hand_task_build (t, ds, error);
  if (episode == NULL)
    return FALSE;
  /* MAML, Meta-SGD and Reptile end in a head of the trained number of ways. */
  if (mw_algorithm_info (c->algo.kind)->own_head
      && episode->task.ways != mw_experiment_train_ways (c))
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   _("this %s model classifies %d-way tasks, but the task has %d classes"),
                   mw_algorithm_kind_title (c->algo.kind), mw_experiment_train_ways (c),
                   episode->task.ways);
      mw_hand_episode_free (episode);
      return FALSE;
    }
  MwEpisodeTrace trace;
  int adapt = mw_algorithm_kind_is_metric (c->algo.kind) ? 0 : steps;
  if (!mw_inspect_episode (mw_run_get_algorithm (run), &episode->task, adapt, &trace, error))
    {
      mw_hand_episode_free (episode);
      return FALSE;
    }
  int last = mw_episode_trace_last_step (&trace);
  int n_query = episode->query_x->shape[0];
  for (int q = 0; q < n_query; q++)
    {
      int truth = episode->query_labels[q], pred = trace.predicted[last][q];
      gboolean right = truth == pred;
      count->correct += right;
      count->total++;
      if (csv == NULL)
        continue;
      float p = trace.outputs[last][(size_t) q * trace.n_out + pred];
      const MwHandClass *tc = t->classes->pdata[truth], *pc = t->classes->pdata[pred];
      const char *source = mw_dataset_image_source (ds, episode->query_class[q], episode->query_item[q]);
      g_autofree char *file = g_filename_display_name (source);
      char prob[G_ASCII_DTOSTR_BUF_SIZE];
      mw_cli_csv_field (csv, label, FALSE);
      mw_cli_csv_field (csv, file, FALSE);
      mw_cli_csv_field (csv, tc->name, FALSE);
      mw_cli_csv_field (csv, pc->name, FALSE);
      mw_cli_csv_field (csv, right ? "1" : "0", FALSE);
      mw_cli_csv_field (csv, g_ascii_formatd (prob, sizeof prob, "%.6f", p), TRUE);
    }
  mw_episode_trace_clear (&trace);
  mw_hand_episode_free (episode);
  return TRUE;
}

static gboolean
eval_task (MwRun *run, int steps, MwInvertChoice invert, const MwHandTask *t, const char *label,
           GString *csv, Count *count, int *warnings)
{
  GError *local = NULL, **error = &local;
  MwPreprocessReport report = { -1, FALSE, -1, -1, NULL };
  MwDataset *ds = load_task_folder (run, t->folder, invert, &report, error);
  /* One warning in full; the count of the others (every task of a file is usually
   * drawn the same way). */
  if (report.warning != NULL && (*warnings)++ == 0)
    fprintf (stderr, _("eval: warning: task %s: %s\n"), label, report.warning);
  mw_preprocess_report_clear (&report);
  if (ds == NULL)
    {
      fprintf (stderr, _("eval: task %s: %s\n"), label, local->message);
      g_error_free (local);
      return FALSE;
    }
  gboolean ok = eval_episode (run, steps, t, ds, label, csv, count, error);
  mw_dataset_free (ds);
  if (!ok)
    {
      fprintf (stderr, _("eval: task %s: %s\n"), label, local->message);
      g_error_free (local);
    }
  return ok;
}

int
mw_cli_eval_tasks (MwRun *run, const char *checkpoint, int steps, MwInvertChoice invert,
                   char **manifests, const char *predictions)
{
  const MwExperimentConfig *c = mw_run_get_config (run);
  if (mw_data_info (c->data)->regression)
    {
      fprintf (stderr, "eval: %s\n", _("this checkpoint learns sine curves, not images: "
                                       "--tasks needs an image model"));
      return 2;
    }
  /* Every manifest is read before anything is printed: a bad one stops the run with
   * its message alone, not under half a table. */
  g_autoptr (GPtrArray) loaded = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (char **m = manifests; *m; m++)
    {
      GError *error = NULL;
      GPtrArray *tasks = mw_hand_task_load_all (*m, &error);
      if (tasks == NULL)
        {
          fprintf (stderr, "eval: %s\n", error->message);
          g_error_free (error);
          return 1;
        }
      g_ptr_array_add (loaded, tasks);
    }
  GString *csv = predictions ? g_string_new ("task,query,true_class,predicted_class,correct,probability\n")
                             : NULL;
  g_autofree char *desc = mw_experiment_config_describe (c);
  g_autofree char *ckpt = g_filename_display_name (checkpoint);
  printf (_("Checkpoint: %s (%s, %lld iterations)\n"), ckpt, desc,
          (long long) mw_run_get_iteration (run));
  g_autofree char *pre = mw_preprocess_describe (mw_run_get_preprocess (run));
  fputs (pre, stdout);
  printf (_("Adaptation steps: %d\n"), mw_algorithm_kind_is_metric (c->algo.kind) ? 0 : steps);
  /* xgettext:no-c-format */
  const char *ci_heading = _("Wilson 95% CI");
  printf ("\n  ");
  mw_cli_print_padded (_("task"), 24);
  printf (" ");
  mw_cli_print_padded (_("right"), 10);
  mw_cli_print_padded (_("acc."), 9);
  printf ("%s\n", ci_heading);
  Count all = { 0, 0 };
  int status = 0, n_tasks = 0, warnings = 0;
  for (guint k = 0; k < loaded->len && status == 0; k++)
    {
      GPtrArray *tasks = loaded->pdata[k];
      g_autofree char *shown = g_filename_display_name (manifests[k]);
      for (guint i = 0; i < tasks->len; i++)
        {
          const MwHandTask *t = tasks->pdata[i];
          /* Tasks are named by their manifest when it holds one unnamed task, and by
           * manifest and name when several manifests are tested together. */
          g_autofree char *label = t->name == NULL ? g_strdup (shown)
                                   : manifests[1] != NULL ? g_strdup_printf ("%s:%s", shown, t->name)
                                                          : g_strdup (t->name);
          Count n = { 0, 0 };
          if (!eval_task (run, steps, invert, t, label, csv, &n, &warnings))
            {
              status = 1;
              break;
            }
          print_count (label, n);
          all.correct += n.correct;
          all.total += n.total;
          n_tasks++;
        }
    }
  if (warnings > 1)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "eval: warning: the same for %d more task\n",
                                  "eval: warning: the same for %d more tasks\n", warnings - 1),
             warnings - 1);
  if (status == 0)
    {
      g_autofree char *total = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "all (%d task)",
                                                             "all (%d tasks)", n_tasks), n_tasks);
      print_count (total, all);
    }
  if (status == 0 && csv != NULL)
    {
      GError *error = NULL;
      if (!g_file_set_contents (predictions, csv->str, (gssize) csv->len, &error))
        {
          fprintf (stderr, "eval: %s\n", error->message);
          g_error_free (error);
          status = 1;
        }
    }
  if (csv)
    g_string_free (csv, TRUE);
  return status;
}
