/* mw-metrics-log.c: CSV and JSONL metric streams. */
#include "config.h"
#include "mw-metrics-log.h"
#include "mw-run-folder.h"
#include "mw-input-file.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct MwMetricsLog {
  const MwMetricSpec *specs;    /* the columns, in order */
  guint n_specs;
  FILE *csv, *jsonl;
  char *csv_path, *jsonl_path;
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
mw_metrics_log_open (const char *dir, gboolean append, const MwMetricSpec *specs, guint n_specs,
                     GError **error)
{
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), _("cannot create %s: %s"),
                   dir, g_strerror (errno));
      return NULL;
    }
  MwMetricsLog *log = g_new0 (MwMetricsLog, 1);
  log->specs = specs;
  log->n_specs = n_specs;
  log->csv_path = g_build_filename (dir, "metrics.csv", NULL);
  log->jsonl_path = g_build_filename (dir, "metrics.jsonl", NULL);
  gboolean existed;
  log->csv = open_file (dir, "metrics.csv", append, &existed, error);
  if (log->csv && !(append && existed))
    {
      /* One column per series, and one for its interval after it. */
      fputs ("iteration,tasks,seconds", log->csv);
      for (guint i = 0; i < n_specs; i++)
        fprintf (log->csv, specs[i].has_ci ? ",%s,%s_ci" : ",%s", specs[i].name, specs[i].name);
      fputc ('\n', log->csv);
    }
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
  g_free (log->csv_path);
  g_free (log->jsonl_path);
  g_free (log);
}

gboolean
mw_metrics_log_flush (MwMetricsLog *log, GError **error)
{
  FILE *files[2] = { log->csv, log->jsonl };
  const char *paths[2] = { log->csv_path, log->jsonl_path };
  for (int i = 0; i < 2; i++)
    {
      errno = 0;
      if (fflush (files[i]) != 0 || ferror (files[i]))
        {
          int e = errno ? errno : EIO;
          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (e), _("cannot write %s: %s"),
                       paths[i], g_strerror (e));
          return FALSE;
        }
    }
  return TRUE;
}

/* The iteration a metrics row is about: the first CSV field, or the JSON
 * "iteration" value; -1 for a header or anything unreadable. */
static gint64
row_iteration (const char *line, gboolean json)
{
  const char *p = line;
  if (json)
    {
      p = strstr (line, "\"iteration\":");
      if (p == NULL)
        return -1;
      p += strlen ("\"iteration\":");
    }
  char *end = NULL;
  gint64 v = g_ascii_strtoll (p, &end, 10);
  return end != p && (*end == ',' || *end == '}') ? v : -1;
}

/* Rewrites dir/name keeping the header and complete rows up to iteration. */
/* A metrics file a --resume rewrites: rows of ~100 bytes, so millions of iterations. */
#define MW_METRICS_LOG_MAX_FILE_SIZE ((gsize) 1024 * 1024 * 1024)

static gboolean
truncate_rows (const char *dir, const char *name, gint64 iteration, gboolean json, GError **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize len = 0;
  GError *local = NULL;
  /* Only a regular file is read (a FIFO left in a run folder would block --resume). */
  g_autofree char *text = mw_input_file_read (path, MW_METRICS_LOG_MAX_FILE_SIZE, NULL, NULL,
                                              &len, &local);
  if (text == NULL)
    {
      gboolean missing = g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT);
      if (missing)
        g_error_free (local);
      else
        g_propagate_error (error, local);
      return missing;
    }
  GString *kept = g_string_sized_new (len);
  const char *line = text, *stop = text + len;
  while (line < stop)
    {
      const char *nl = memchr (line, '\n', (size_t) (stop - line));
      if (nl == NULL)
        break;        /* a row cut off by a crash */
      g_autofree char *row = g_strndup (line, (gsize) (nl - line));
      gint64 it = row_iteration (row, json);
      gboolean header = !json && line == text && it < 0;
      if (header || (it >= 0 && it <= iteration))
        g_string_append_len (kept, line, nl - line + 1);
      line = nl + 1;
    }
  gboolean ok = mw_run_folder_replace_file (path, kept->str, kept->len, TRUE, error);
  if (!ok)
    g_prefix_error (error, _("cannot write %s: "), path);
  g_string_free (kept, TRUE);
  return ok;
}

MwMetricsLog *
mw_metrics_log_open_resume (const char *dir, gint64 iteration, const MwMetricSpec *specs,
                            guint n_specs, GError **error)
{
  if (!truncate_rows (dir, "metrics.csv", iteration, FALSE, error)
      || !truncate_rows (dir, "metrics.jsonl", iteration, TRUE, error))
    return NULL;
  return mw_metrics_log_open (dir, TRUE, specs, n_specs, error);
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
  fprintf (log->csv, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",", iteration, tasks);
  put (log->csv, seconds, FALSE);
  fprintf (log->jsonl, "{\"iteration\":%" G_GINT64_FORMAT ",\"tasks\":%" G_GINT64_FORMAT ",\"seconds\":",
           iteration, tasks);
  put (log->jsonl, seconds, TRUE);
  for (guint i = 0; i < log->n_specs; i++)
    {
      const MwMetricSpec *spec = &log->specs[i];
      double v, ci;
      mw_metric_spec_value (spec, train, val, &v, &ci);
      fputc (',', log->csv);
      put (log->csv, v, FALSE);
      fprintf (log->jsonl, ",\"%s\":", spec->name);
      put (log->jsonl, v, TRUE);
      if (spec->has_ci)
        {
          fputc (',', log->csv);
          put (log->csv, ci, FALSE);
          fprintf (log->jsonl, ",\"%s_ci\":", spec->name);
          put (log->jsonl, ci, TRUE);
        }
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
