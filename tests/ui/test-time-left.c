/* test-time-left.c: the time a run has left (app/mw-time-left.c), from the
 * numbers its worker measures. No display needed.
 *
 * The iterations left go at the pace trained so far, the validation episodes
 * left at the pace validated so far. Until a validation has been timed the
 * validations still to come are not in the estimate: it is then a lower
 * bound and says so, rather than starting low at the first validation and
 * jumping up once it is timed.
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "mw-run-item.h"
#include "mw-time-left.h"

static void
config_init (MwExperimentConfig *c)
{
  mw_experiment_config_init (c, MW_ALGO_MAML);
  c->eval_every = 100;
  c->val_episodes = 200;
}

/* 300 iterations, a validation of 200 episodes every 100: at iteration 50,
 * 25 s trained and nothing validated yet. */
static void
test_before_first_validation (void)
{
  MwExperimentConfig c;
  MwTimeLeftInput in = { .iteration = 50, .validated_at = -1, .active_seconds = 25 };

  config_init (&c);
  /* 250 iterations at 0.5 s; the three validations are not timed. */
  g_assert_cmpfloat_with_epsilon (mw_time_left_estimate (&in, 300, &c), 125, 1e-9);
  g_assert_true (mw_time_left_is_lower_bound (&in, 300, &c));
  mw_experiment_config_clear (&c);
}

/* The first validation has begun, its first block of 16 episodes not yet
 * timed: still a lower bound; once a block is timed, an estimate that
 * counts every validation left. */
static void
test_first_validation (void)
{
  MwExperimentConfig c;
  MwTimeLeftInput in = {
    .iteration = 100, .validated_at = -1, .active_seconds = 52,
    .val_done = 1, .val_total = 200,
  };
  double timed;

  config_init (&c);
  g_assert_true (mw_time_left_is_lower_bound (&in, 300, &c));
  g_assert_cmpfloat_with_epsilon (mw_time_left_estimate (&in, 300, &c), 104, 1e-9);

  /* 16 episodes timed in 4 s: 0.25 s an episode; 184 of this validation
   * and 2 × 200 of the next two left; 200 iterations at 0.5 s. */
  in.active_seconds = 54;
  in.val_seconds = 4;
  in.val_episodes = 16;
  in.val_done = 16;
  timed = mw_time_left_estimate (&in, 300, &c);
  g_assert_false (mw_time_left_is_lower_bound (&in, 300, &c));
  g_assert_cmpfloat_with_epsilon (timed, 200 * 0.5 + (184 + 400) * 0.25, 1e-9);
  mw_experiment_config_clear (&c);
}

/* Nothing to validate: the estimate is whole from the first iteration. */
static void
test_no_validations (void)
{
  MwExperimentConfig c;
  MwTimeLeftInput in = { .iteration = 10, .validated_at = -1, .active_seconds = 5 };

  config_init (&c);
  c.eval_every = 0;
  g_assert_cmpfloat_with_epsilon (mw_time_left_estimate (&in, 300, &c), 145, 1e-9);
  g_assert_false (mw_time_left_is_lower_bound (&in, 300, &c));

  /* The last validation over, at the last iteration: nothing left. */
  c.eval_every = 100;
  in = (MwTimeLeftInput) { .iteration = 300, .validated_at = 300, .active_seconds = 200,
                           .val_seconds = 30, .val_episodes = 600 };
  g_assert_cmpfloat_with_epsilon (mw_time_left_estimate (&in, 300, &c), 0, 1e-9);
  g_assert_false (mw_time_left_is_lower_bound (&in, 300, &c));
  mw_experiment_config_clear (&c);
}

/* The run's row says "at least" while the estimate is a lower bound. */
static void
test_row_text (void)
{
  g_autoptr(MwRunItem) item = mw_run_item_new ("run", "run", &(GdkRGBA) { 0.2, 0.4, 0.8, 1 });
  g_autofree char *whole = NULL, *at_least = NULL, *expected = NULL;
  g_autofree char *eta = mw_format_duration (125);

  mw_run_item_set_state (item, MW_RUN_STATE_RUNNING);
  mw_run_item_set_progress (item, 50, 300, 125);
  whole = mw_run_item_dup_status_text (item);
  mw_run_item_set_eta_is_lower_bound (item, TRUE);
  at_least = mw_run_item_dup_status_text (item);
  expected = g_strdup_printf (_("Iteration %s of %s · at least %s left"), "50", "300", eta);
  g_test_message ("%s / %s", whole, at_least);
  g_assert_nonnull (strstr (at_least, expected));
  g_assert_null (strstr (whole, expected));
}

int
main (int   argc,
      char *argv[])
{
  const char *locale_dir = g_getenv ("MW_LOCALE_DIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir != NULL ? locale_dir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time-left/before-first-validation", test_before_first_validation);
  g_test_add_func ("/time-left/first-validation", test_first_validation);
  g_test_add_func ("/time-left/no-validations", test_no_validations);
  g_test_add_func ("/time-left/row-text", test_row_text);
  return g_test_run ();
}
