/* mw-cli-eval-task-map.c: `eval --task-embedding FILE.csv`: the task map
 * (core/meta/mw-task-map.h) of a saved learner, one CSV row per task. */
#include "config.h"
#include "mw-cli-out.h"
#include "mw-cli-eval.h"
#include "mw-cli-train.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* A number in the C locale (a decimal point whatever the user's locale); empty when
 * there is none. */
static void
csv_number (GString *out, double value, gboolean last)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  mw_cli_csv_field (out, isfinite (value) ? g_ascii_formatd (buf, sizeof buf, "%.6g", value) : "", last);
}

static void
csv_int (GString *out, int value, gboolean last)
{
  char buf[16];
  g_snprintf (buf, sizeof buf, "%d", value);
  mw_cli_csv_field (out, value >= 0 ? buf : "", last);
}

static gboolean
map_progress (int done, int total, gpointer data)
{
  if (GPOINTER_TO_INT (data))
    mw_cli_show_eval_progress (done, total);
  return TRUE;
}

static gboolean
write_file (const char *path, GString *text, GError **error)
{
  if (g_file_set_contents (path, text->str, (gssize) text->len, error))
    return TRUE;
  g_prefix_error (error, "%s: ", path);
  return FALSE;
}

int
mw_cli_eval_task_map (MwRun *run, MwTaskGen *gen, const MwExperimentConfig *e, guint64 seed,
                      const MwCliTaskMapOptions *o)
{
  MwTaskMapSettings s = {
    .kind = o->kind, .ways = e->ways, .shots = e->shots, .queries = e->queries,
    .steps = mw_algorithm_kind_is_metric (mw_run_get_config (run)->algo.kind) ? 0 : e->test_steps,
    .n_test = e->test_episodes, .n_train = o->training_tasks, .seed = seed,
  };
  MwTaskGen *train = o->training_tasks > 0 ? mw_run_get_task_gen (run, "train") : NULL;
  MwTaskMap map;
  GError *error = NULL;
  if (!mw_task_map_compute (mw_run_get_algorithm (run), gen, train, &s, map_progress,
                            GINT_TO_POINTER (isatty (STDOUT_FILENO)), &map, &error))
    {
      fprintf (stderr, "eval: %s\n", error->message);
      g_error_free (error);
      mw_task_map_clear (&map);
      return 1;
    }
  GString *csv = g_string_new ("set,task,seed,property,classes,pca_x,pca_y,mds_x,mds_y,"
                               "nearest_train_distance,nearest_train_task,accuracy\n");
  GString *full = o->full_path ? g_string_new ("set,task") : NULL;
  for (int j = 0; full && j < map.dim; j++)
    g_string_append_printf (full, ",e%d", j);
  if (full)
    g_string_append_c (full, '\n');
  double mean_acc = 0, mean_distance = 0;
  for (int i = 0; i < map.n_test + map.n_train; i++)
    {
      gboolean test = i < map.n_test;
      int task = test ? i : i - map.n_test;
      mw_cli_csv_field (csv, test ? "test" : "train", FALSE);
      csv_int (csv, task, FALSE);
      /* Task i is episode i of its seed's stream (for test tasks, eval's episode i). */
      g_string_append_printf (csv, "%" G_GUINT64_FORMAT ",",
                              test ? seed : (guint64) MW_TASK_MAP_TRAIN_SEED);
      mw_cli_csv_field (csv, map.property[i], FALSE);
      mw_cli_csv_field (csv, map.classes[i], FALSE);
      csv_number (csv, map.pca_xy[2 * i], FALSE);
      csv_number (csv, map.pca_xy[2 * i + 1], FALSE);
      csv_number (csv, map.mds_xy[2 * i], FALSE);
      csv_number (csv, map.mds_xy[2 * i + 1], FALSE);
      csv_number (csv, test ? map.nearest_distance[i] : NAN, FALSE);
      csv_int (csv, test ? map.nearest[i] : -1, FALSE);
      csv_number (csv, test ? map.accuracy[i] : NAN, TRUE);
      if (test)
        {
          mean_acc += map.accuracy[i] / map.n_test;
          mean_distance += map.nearest_distance[i] / map.n_test;
        }
      if (full)
        {
          g_string_append_printf (full, "%s,%d", test ? "test" : "train", task);
          for (int j = 0; j < map.dim; j++)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];
              g_string_append_printf (full, ",%s",
                                      g_ascii_formatd (buf, sizeof buf, "%.6g",
                                                       map.embedding[(size_t) i * map.dim + j]));
            }
          g_string_append_c (full, '\n');
        }
    }
  gboolean ok = write_file (o->path, csv, &error) && (full == NULL || write_file (o->full_path, full, &error));
  if (ok)
    {
      g_autofree char *name = g_filename_display_name (o->path);
      printf (_("Task map: %d test and %d training tasks, %s embedding (%d values), %.1f s\n"),
              map.n_test, map.n_train, mw_task_embedding_kind_name (o->kind), map.dim,
              map.seconds);
      printf (_("  PCA shows %.0f%% + %.0f%% of the variance, MDS of the cosine distances "
                "%.0f%% + %.0f%%\n"), 100 * map.pca_explained[0], 100 * map.pca_explained[1],
              100 * map.mds_explained[0], 100 * map.mds_explained[1]);
      printf (_("  mean accuracy after %d steps: %.2f%%\n"), map.accuracy_step, 100 * mean_acc);
      if (map.n_train > 0)
        printf (_("  mean distance to the nearest training task: %.4f\n"), mean_distance);
      printf (_("  written to %s\n"), name);
    }
  else
    {
      fprintf (stderr, "eval: %s\n", error->message);
      g_error_free (error);
    }
  g_string_free (csv, TRUE);
  if (full)
    g_string_free (full, TRUE);
  mw_task_map_clear (&map);
  return ok ? 0 : 1;
}
