/* omniglot-score-tasks: scores fixed Omniglot tasks through the Omniglot loader.
 *
 * The other route to the same answer as `eval --tasks`: the tasks written by
 * make-omniglot-within-alphabet.py (roles.tsv names each task's characters and the zip
 * entries used as support and query) are built here from the evaluation set as the
 * Omniglot loader decodes it, and the checkpoint's learner is run on them through the
 * core.  A test compares these predictions with those of `eval --tasks` on the PNG
 * folders: equal predictions and probabilities mean the folder route fed the model the
 * same pixels.
 *
 * Usage: omniglot-score-tasks CHECKPOINT OMNIGLOT_DIR ROLES_TSV
 * Prints "task<TAB>class<TAB>predicted class<TAB>probability" per query, then
 * "correct N of M". */
#include "mw-core.h"
#include "mw-dataset.h"
#include "mw-inspect.h"
#include "mw-run.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

typedef struct {
  char *task, *class_folder;
  int ds_class, support_k, query_k;
} Row;

static int
find_class (const MwDataset *ds, const char *name)
{
  for (int c = 0; c < ds->n_classes; c++)
    if (g_str_equal (ds->class_names[c], name))
      return c;
  return -1;
}

/* The index inside class c of the image that came from this zip entry. */
static int
find_image (const MwDataset *ds, int c, const char *entry)
{
  for (int k = 0; k < mw_dataset_class_size (ds, c); k++)
    {
      const char *src = mw_dataset_image_source (ds, c, k);
      const char *colon = src ? strrchr (src, ':') : NULL;
      if (colon != NULL && g_str_equal (colon + 1, entry))
        return k;
    }
  return -1;
}

static MwTensor *
images (const MwDataset *ds, const Row *rows, int n, gboolean query)
{
  size_t px = (size_t) ds->height * ds->width * ds->channels;
  MwTensor *t = mw_tensor_new4 (n, ds->height, ds->width, ds->channels);
  for (int i = 0; i < n; i++)
    mw_dataset_copy_image (ds, rows[i].ds_class, query ? rows[i].query_k : rows[i].support_k,
                           t->data + px * i);
  return t;
}

static gboolean
score_task (MwRun *run, const MwDataset *ds, const Row *rows, int n, int *correct)
{
  g_autofree int32_t *labels = g_new (int32_t, n);
  for (int i = 0; i < n; i++)
    labels[i] = i;
  MwTask task = { .regression = false, .ways = n, .shots = 1 };
  task.support_x = images (ds, rows, n, FALSE);
  task.query_x = images (ds, rows, n, TRUE);
  task.support_labels = labels;
  task.query_labels = labels;
  MwEpisodeTrace trace = { 0 };
  GError *error = NULL;
  const MwExperimentConfig *c = mw_run_get_config (run);
  gboolean ok = mw_inspect_episode (mw_run_get_algorithm (run), &task, c->test_steps, &trace,
                                    &error);
  if (ok)
    {
      int s = mw_episode_trace_last_step (&trace);
      for (int q = 0; q < n; q++)
        {
          int p = trace.predicted[s][q];
          printf ("%s\t%s\t%s\t%.6f\n", rows[q].task, rows[q].class_folder,
                  rows[p].class_folder, trace.outputs[s][q * trace.n_out + p]);
          *correct += p == q;
        }
    }
  else
    {
      fprintf (stderr, "omniglot-score-tasks: %s\n", error->message);
      g_error_free (error);
    }
  mw_episode_trace_clear (&trace);
  mw_tensor_free (task.support_x);
  mw_tensor_free (task.query_x);
  return ok;
}

int
main (int argc, char **argv)
{
  if (argc != 4)
    {
      fprintf (stderr, "usage: omniglot-score-tasks CHECKPOINT OMNIGLOT_DIR ROLES_TSV\n");
      return 2;
    }
  GError *error = NULL;
  MwRun *run = mw_run_new_from_checkpoint (argv[1], &error);
  if (run == NULL)
    {
      fprintf (stderr, "omniglot-score-tasks: %s\n", error->message);
      return 1;
    }
  const MwExperimentConfig *c = mw_run_get_config (run);
  MwDataset *ds = mw_omniglot_load_rotated (argv[2], "evaluation", c->image_size, 0, &error);
  g_autofree char *text = NULL;
  if (ds == NULL || !g_file_get_contents (argv[3], &text, NULL, &error))
    {
      fprintf (stderr, "omniglot-score-tasks: %s\n", error->message);
      return 1;
    }
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));
  int status = 0, correct = 0, total = 0;
  for (int i = 1; lines[i] != NULL && status == 0; i++)
    {
      if (*lines[i] == '\0')
        continue;
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", -1);
      Row r = { 0 };
      if (g_strv_length (f) != 5 || (r.ds_class = find_class (ds, f[2])) < 0
          || (r.support_k = find_image (ds, r.ds_class, f[3])) < 0
          || (r.query_k = find_image (ds, r.ds_class, f[4])) < 0)
        {
          fprintf (stderr, "omniglot-score-tasks: %s line %d: not in the evaluation set\n",
                   argv[3], i + 1);
          status = 1;
          break;
        }
      r.task = g_strdup (f[0]);
      r.class_folder = g_strdup (f[1]);
      /* A task ends where the next begins (rows are grouped by task). */
      if (rows->len > 0 && !g_str_equal (g_array_index (rows, Row, 0).task, r.task))
        {
          total += (int) rows->len;
          if (!score_task (run, ds, (Row *) rows->data, (int) rows->len, &correct))
            status = 1;
          for (guint k = 0; k < rows->len; k++)
            {
              g_free (g_array_index (rows, Row, k).task);
              g_free (g_array_index (rows, Row, k).class_folder);
            }
          g_array_set_size (rows, 0);
        }
      g_array_append_val (rows, r);
    }
  if (status == 0 && rows->len > 0)
    {
      total += (int) rows->len;
      if (!score_task (run, ds, (Row *) rows->data, (int) rows->len, &correct))
        status = 1;
    }
  for (guint k = 0; k < rows->len; k++)
    {
      g_free (g_array_index (rows, Row, k).task);
      g_free (g_array_index (rows, Row, k).class_folder);
    }
  g_array_unref (rows);
  if (status == 0)
    printf ("correct %d of %d\n", correct, total);
  mw_dataset_free (ds);
  mw_run_free (run);
  return status;
}
