/* mw-time-left.h: how long a run has left, with its validations counted apart.
 *
 * A validation comes in one burst every eval-every iterations.  An average over the
 * iterations takes it in only after the first burst, and then the estimate jumps (a
 * run sat at "1:50 left" through a 30 s validation and came out at "3:00 left").
 * So the iterations left go at the rate trained so far, and the validation episodes
 * left at the rate validated so far, from the first block of episodes timed on.
 *
 *   MwTimeLeftInput in = { .iteration = 100, .total = 300, .active_seconds = 55, … };
 *   double left = mw_time_left_estimate (&in, 300, &config);   // seconds, < 0: unknown
 *   gboolean at_least = mw_time_left_is_lower_bound (&in, 300, &config);
 */
#pragma once

#include <glib.h>

#include "mw-core.h"

G_BEGIN_DECLS

/* Where a run is, as its worker measures it. */
typedef struct
{
  gint64 iteration;         /* iterations done */
  gint64 first_iteration;   /* where this start of the run began (a continued run) */
  gint64 validated_at;      /* the last iteration whose validation ended, or -1 */
  double active_seconds;    /* since the start, pauses left out */
  double val_seconds;       /* of those, the seconds spent validating */
  gint64 val_episodes;      /* and the episodes validated in them */
  int val_done;             /* the validation going on: episodes done, */
  int val_total;            /* of how many (0: not validating) */
} MwTimeLeftInput;

/* Seconds until the run's last iteration and last validation are done; negative
 * while nothing has been timed. */
double mw_time_left_estimate (const MwTimeLeftInput    *input,
                              gint64                    total,
                              const MwExperimentConfig *config);

/* Whether that estimate leaves out validations still to come because none
 * has been timed yet (before the first block of the first validation): it
 * is then only a lower bound, and says so ("at least 1:50 left") rather
 * than starting low and jumping up when the validation is timed. */
gboolean mw_time_left_is_lower_bound (const MwTimeLeftInput    *input,
                                      gint64                    total,
                                      const MwExperimentConfig *config);

G_END_DECLS
