/* mw-metrics-log.h: a run's metrics streamed to CSV and JSON Lines as they happen. */
#pragma once

#include "mw-evaluate.h"
#include "mw-metric-spec.h"

typedef struct MwMetricsLog MwMetricsLog;

/* Opens (appends to, with append) dir/metrics.csv and dir/metrics.jsonl, whose
 * columns are the series of specs (mw_metric_specs; kept, not copied), in order,
 * each followed by its interval's ("val_loss,val_loss_ci") when it has one. */
MwMetricsLog *mw_metrics_log_open (const char *dir, gboolean append, const MwMetricSpec *specs,
                                   guint n_specs, GError **error);
void mw_metrics_log_close (MwMetricsLog *log);

/* Continues a run's metrics after a restart from a checkpoint at `iteration`: rows
 * of later iterations (written before a crash, past the checkpoint) and a cut-off
 * last line are dropped first — atomically, through temporary files — so the files
 * read as one run with every iteration once. */
MwMetricsLog *mw_metrics_log_open_resume (const char *dir, gint64 iteration,
                                          const MwMetricSpec *specs, guint n_specs,
                                          GError **error);

/* Pushes the rows written so far to the files; FALSE with an error naming the file
 * if any row could not be written (a full disk).  Callers flush before saving a
 * checkpoint, so after a crash the metrics reach at least the last checkpoint. */
gboolean mw_metrics_log_flush (MwMetricsLog *log, GError **error);

/* One row per meta-iteration; val may be NULL (no validation at this iteration). */
void mw_metrics_log_write (MwMetricsLog *log, gint64 iteration, gint64 tasks, double seconds,
                           const MwStepStats *train, const MwEvalResult *val);
