/* test-sine-fit.c: end to end, an MLP 1-40-40-1 (MAML's sinusoid network and its
 * initialisation) fits y = 2·sin(x − 0.5) on [−5, 5] with Adam at lr 1e-3 (MAML's
 * meta learning rate; at 1e-2 this small-σ initialisation loses most ReLUs).  The loss
 * must fall by at least 1000× from its start of ≈ 2 (measured: ≈ 30,000×). */
#include "mw-core.h"

#include <glib.h>
#include <math.h>

#define POINTS 200
#define STEPS 3000

static void
test_sine_fit (void)
{
  MwRng rng;
  mw_rng_init (&rng, 7, 0);
  int widths[4] = { 1, 40, 40, 1 };
  MwModel *mlp = mw_mlp_new (3, widths, &rng);
  MwTensor *x = mw_tensor_new4 (POINTS, 1, 0, 0), *y = mw_tensor_new4 (POINTS, 1, 0, 0);
  for (int i = 0; i < POINTS; i++)
    {
      x->data[i] = -5.0f + 10.0f * (float) i / (POINTS - 1);
      y->data[i] = 2.0f * sinf (x->data[i] - 0.5f);
    }
  MwAdam *adam = mw_adam_new (mlp->params, mlp->n_params, 1e-3f, 0.9f, 0.999f, 1e-8f);
  MwTape *tape = mw_tape_new ();
  MwTensor **g = g_new (MwTensor *, mlp->n_params);
  double first = 0, last = 0;
  size_t bytes_after_first = 0;
  for (int step = 0; step < STEPS; step++)
    {
      mw_tape_reset (tape);
      MwTensor *loss = mw_mse (tape, mw_model_forward (mlp, tape, NULL, x, NULL), y);
      mw_grad (tape, loss, NULL, mlp->params, mlp->n_params, false, g, NULL);
      mw_adam_step (adam, mlp->params, g);
      if (step == 0)
        first = loss->data[0];
      if (step == 1)
        bytes_after_first = mw_tape_bytes_in_use (tape);
      last = loss->data[0];
      g_assert_true (isfinite (last));
    }
  g_test_message ("MSE: start %.4f, after %d Adam steps %.5f (%.0fx lower)", first, STEPS, last,
                  first / last);
  g_assert_cmpfloat (first / last, >, 1000.0);
  /* The arena reuses its buffers: steady state allocates nothing new. */
  g_test_message ("tape holds %zu bytes after step 2 and %zu after step %d",
                  bytes_after_first, mw_tape_bytes_in_use (tape), STEPS);
  g_assert_cmpuint (mw_tape_bytes_in_use (tape), ==, bytes_after_first);
  g_free (g);
  mw_tape_free (tape);
  mw_adam_free (adam);
  mw_tensor_free (x);
  mw_tensor_free (y);
  mw_model_free (mlp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mw_core_set_threads (1);
  g_test_add_func ("/end-to-end/mlp-fits-sine", test_sine_fit);
  return g_test_run ();
}
