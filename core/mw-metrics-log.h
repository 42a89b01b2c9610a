/* mw-metrics-log.h: a run's metrics streamed to CSV and JSON Lines as they happen. */
#pragma once

#include "mw-evaluate.h"

typedef struct MwMetricsLog MwMetricsLog;

/* Opens (appends to, with append) dir/metrics.csv and dir/metrics.jsonl. */
MwMetricsLog *mw_metrics_log_open (const char *dir, gboolean append, GError **error);
void mw_metrics_log_close (MwMetricsLog *log);

/* One row per meta-iteration; val may be NULL (no validation at this iteration). */
void mw_metrics_log_write (MwMetricsLog *log, gint64 iteration, gint64 tasks, double seconds,
                           const MwStepStats *train, const MwEvalResult *val);
