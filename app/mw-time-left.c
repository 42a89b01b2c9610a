/* mw-time-left.c: how long a run has left (see mw-time-left.h). */

#include "mw-time-left.h"

/* Validations in the iterations (after, last]: every eval-every and at the last. */
static gint64
validations_between (gint64 after,
                     gint64 last,
                     int    eval_every)
{
  gint64 n;

  if (eval_every <= 0 || after >= last)
    return 0;
  n = last / eval_every - MAX (after, 0) / eval_every;
  if (last % eval_every != 0)
    n++;
  return n;
}

static gint64
validations_left (const MwTimeLeftInput    *p,
                  gint64                    total,
                  const MwExperimentConfig *c)
{
  if (p->val_total > 0 || p->validated_at == p->iteration)
    return validations_between (p->iteration, total, c->eval_every);
  /* The step is done and its validation, if it has one, not begun. */
  return validations_between (p->iteration - 1, total, c->eval_every);
}

double
mw_time_left_estimate (const MwTimeLeftInput    *p,
                       gint64                    total,
                       const MwExperimentConfig *c)
{
  gint64 trained = p->iteration - p->first_iteration;
  gint64 episodes_left;
  double per_iteration, per_episode;

  if (trained <= 0)
    return p->iteration >= total && p->val_total == 0 ? 0.0 : -1.0;

  per_iteration = MAX (p->active_seconds - p->val_seconds, 0.0) / (double) trained;
  /* Until the first episodes are timed the validations count for nothing: a guess
   * from the step's time was off by ten times and more (the first steps are noisy,
   * and an episode's cost is not a step's), and the row says "Validating…" while
   * the estimate takes them in. */
  per_episode = p->val_episodes > 0 ? p->val_seconds / (double) p->val_episodes : 0.0;

  episodes_left = validations_left (p, total, c) * c->val_episodes + (p->val_total - p->val_done);

  return per_iteration * (double) MAX (total - p->iteration, 0)
         + per_episode * (double) episodes_left;
}

gboolean
mw_time_left_is_lower_bound (const MwTimeLeftInput    *p,
                             gint64                    total,
                             const MwExperimentConfig *c)
{
  gint64 episodes_left;

  if (p->val_episodes > 0)
    return FALSE;
  episodes_left = validations_left (p, total, c) * c->val_episodes + (p->val_total - p->val_done);
  return episodes_left > 0;
}
