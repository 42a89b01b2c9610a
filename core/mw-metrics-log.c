/* mw-metrics-log.c: CSV and JSONL metric streams. */
#include "config.h"
#include "mw-metrics-log.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>

struct MwMetricsLog {
  FILE *csv, *jsonl;
  gint64 rows;
};

static FILE *
open_file (const char *dir, const char *name, gboolean append, gboolean *existed, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  *existed = g_file_test (path, G_FILE_TEST_EXISTS);
  FILE *f = g_fopen (path, append ? "a" : "w");
  if (f == NULL)
    g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), _("cannot write %s: %s"),
                 path, g_strerror (errno));
  return f;
}

MwMetricsLog *
mw_metrics_log_open (const char *dir, gboolean append, GError **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), _("cannot create %s: %s"),
                   dir, g_strerror (errno));
      return NULL;
    }
  MwMetricsLog *log = g_new0 (MwMetricsLog, 1);
  gboolean existed;
  log->csv = open_file (dir, "metrics.csv", append, &existed, error);
  if (log->csv && !(append && existed))
    fprintf (log->csv, "iteration,tasks,seconds,train_loss,train_accuracy,val_loss,val_loss_ci,"
                       "val_accuracy,val_accuracy_ci\n");
  if (log->csv)
    log->jsonl = open_file (dir, "metrics.jsonl", append, &existed, error);
  if (log->jsonl == NULL)
    {
      mw_metrics_log_close (log);
      return NULL;
    }
  return log;
}

void
mw_metrics_log_close (MwMetricsLog *log)
{
  if (log == NULL)
    return;
  if (log->csv)
    fclose (log->csv);
  if (log->jsonl)
    fclose (log->jsonl);
  g_free (log);
}

/* Numbers in the C locale whatever LC_NUMERIC says (a decimal comma would break the
 * CSV); NaN as an empty CSV field and JSON null.  Headers and keys stay English. */
static void
put (FILE *f, double v, gboolean json)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  if (isnan (v) || isinf (v))
    fputs (json ? "null" : "", f);
  else
    fputs (g_ascii_formatd (buf, sizeof buf, "%.7g", v), f);
}

void
mw_metrics_log_write (MwMetricsLog *log, gint64 iteration, gint64 tasks, double seconds,
                      const MwStepStats *train, const MwEvalResult *val)
{
  double v[6] = { train->loss, train->accuracy, NAN, NAN, NAN, NAN };
  if (val != NULL)
    {
      int s = mw_eval_result_final_step (val);
      v[2] = val->loss[s];
      v[3] = val->loss_ci[s];
      v[4] = val->accuracy[s];
      v[5] = val->accuracy_ci[s];
    }
  static const char *names[6] = { "train_loss", "train_accuracy", "val_loss", "val_loss_ci",
                                  "val_accuracy", "val_accuracy_ci" };
  fprintf (log->csv, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", iteration, tasks);
  put (log->csv, seconds, FALSE);
  fprintf (log->jsonl, "{\"iteration\":%" G_GINT64_FORMAT ",\"tasks\":%" G_GINT64_FORMAT ",\"seconds\":",
           iteration, tasks);
  put (log->jsonl, seconds, TRUE);
  for (int i = 0; i < 6; i++)
    {
      fputc (',', log->csv);
      put (log->csv, v[i], FALSE);
      fprintf (log->jsonl, ",\"%s\":", names[i]);
      put (log->jsonl, v[i], TRUE);
    }
  fputc ('\n', log->csv);
  fputs ("}\n", log->jsonl);
  /* Flush now and then so a crash or a reader (tail -f) sees recent rows. */
  if (val != NULL || ++log->rows % 100 == 0)
    {
      fflush (log->csv);
      fflush (log->jsonl);
    }
}
