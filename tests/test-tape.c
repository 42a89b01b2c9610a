/* test-tape.c: the arena and the autodiff engine's contracts. */
#include "mw-core.h"

#include <glib.h>
#include <math.h>

/* Nothing is recorded without a variable that requires grad, or with recording off. */
static void
test_no_recording (void)
{
  MwTape *tape = mw_tape_new ();
  int shape[2] = { 2, 3 };
  MwTensor *a = mw_tape_zeros (tape, 2, shape);
  MwTensor *b = mw_exp (tape, a);
  g_assert_null (b->node);
  g_assert_false (b->requires_grad);

  MwTensor *p = mw_tensor_new (2, shape);
  p->requires_grad = true;
  mw_tape_set_recording (tape, false);
  MwTensor *c = mw_mul (tape, p, b);
  g_assert_null (c->node);
  mw_tape_set_recording (tape, true);
  MwTensor *d = mw_mul (tape, p, b);
  g_assert_nonnull (d->node);

  /* A gradient computed without create_graph is a plain constant. */
  MwTensor *loss = mw_sum (tape, mw_square (tape, d));
  MwTensor *g;
  g_assert_true (mw_grad (tape, loss, NULL, &p, 1, false, &g, NULL));
  g_assert_null (g->node);
  g_assert_false (g->requires_grad);
  /* With create_graph it is recorded (it depends on p). */
  g_assert_true (mw_grad (tape, loss, NULL, &p, 1, true, &g, NULL));
  g_assert_nonnull (g->node);

  /* An output that does not depend on the input: false, a message, zero gradient. */
  const char *error = NULL;
  MwTensor *q = mw_tensor_new (2, shape);
  q->requires_grad = true;
  g_assert_false (mw_grad (tape, mw_sum (tape, b), NULL, &q, 1, false, &g, &error));
  g_assert_nonnull (error);
  g_assert_cmpfloat (g->data[0], ==, 0.0f);
  mw_tensor_free (q);
  mw_tensor_free (p);
  mw_tape_free (tape);
}

/* A variable used twice accumulates both contributions; unused inputs get zeros. */
static void
test_accumulation (void)
{
  MwTape *tape = mw_tape_new ();
  int one = 1;
  MwTensor *x = mw_tensor_new (1, &one), *unused = mw_tensor_new (1, &one);
  x->data[0] = 3.0f;
  x->requires_grad = unused->requires_grad = true;
  /* f = x·x + 2x → f' = 2x + 2 = 8; f'' = 2. */
  MwTensor *f = mw_add (tape, mw_mul (tape, x, x), mw_scale (tape, x, 2.0f));
  MwTensor *in[2] = { x, unused }, *g[2];
  g_assert_true (mw_grad (tape, f, NULL, in, 2, true, g, NULL));
  g_assert_cmpfloat_with_epsilon (g[0]->data[0], 8.0f, 1e-6);
  g_assert_cmpfloat (g[1]->data[0], ==, 0.0f);
  MwTensor *gg;
  g_assert_true (mw_grad (tape, g[0], NULL, &x, 1, false, &gg, NULL));
  g_assert_cmpfloat_with_epsilon (gg->data[0], 2.0f, 1e-6);
  mw_tensor_free (x);
  mw_tensor_free (unused);
  mw_tape_free (tape);
}

/* Buffers are pooled: the same step twice needs no new memory; reset drops live bytes. */
static void
test_pool_reuse (void)
{
  MwTape *tape = mw_tape_new ();
  int shape[2] = { 64, 64 };
  for (int step = 0; step < 3; step++)
    {
      mw_tape_reset (tape);
      MwTensor *a = mw_tape_zeros (tape, 2, shape);
      for (int i = 0; i < 10; i++)
        a = mw_exp (tape, mw_matmul (tape, a, a));
    }
  size_t held = mw_tape_bytes_in_use (tape);
  mw_tape_reset (tape);
  MwTensor *a = mw_tape_zeros (tape, 2, shape);
  for (int i = 0; i < 10; i++)
    a = mw_exp (tape, mw_matmul (tape, a, a));
  g_assert_cmpuint (mw_tape_bytes_in_use (tape), ==, held);
  g_assert_cmpuint (mw_tape_peak_bytes (tape), ==, 21 * 64 * 64 * sizeof (float));
  mw_tape_free (tape);
}

/* Rewinding to a mark releases what came after it and nothing before: a loop of
 * measure-and-rewind holds one pass's memory, and the earlier tensors keep their
 * values and can still be differentiated. */
static void
test_mark_rewind (void)
{
  MwTape *tape = mw_tape_new ();
  int shape[2] = { 32, 32 };
  MwTensor *x = mw_tape_zeros (tape, 2, shape);
  for (size_t i = 0; i < x->numel; i++)
    x->data[i] = 0.01f * (float) (i % 7);
  x->requires_grad = true;
  MwTensor *y = mw_exp (tape, mw_matmul (tape, x, x));
  size_t one_pass = 0, peak_after_first = 0;
  for (int pass = 0; pass < 5; pass++)
    {
      MwTapeMark mark = mw_tape_mark (tape);
      MwTensor *z = mw_tape_zeros (tape, 2, shape);
      for (int i = 0; i < 8; i++)
        z = mw_exp (tape, mw_matmul (tape, z, y));
      /* Many small allocations, past one bump block. */
      for (int i = 0; i < 2000; i++)
        mw_tape_alloc (tape, 512);
      if (pass == 0)
        {
          one_pass = mw_tape_bytes_in_use (tape);
          peak_after_first = mw_tape_peak_bytes (tape);
        }
      mw_tape_rewind (tape, mark);
    }
  /* Later passes reused the first pass's buffers: nothing grew. */
  g_assert_cmpuint (mw_tape_bytes_in_use (tape), ==, one_pass);
  g_assert_cmpuint (mw_tape_peak_bytes (tape), ==, peak_after_first);
  /* y is intact and still differentiable with respect to x. */
  MwTensor *expect = mw_exp (tape, mw_matmul (tape, x, x));
  for (size_t i = 0; i < y->numel; i++)
    g_assert_cmpfloat (y->data[i], ==, expect->data[i]);
  MwTensor *g = NULL;
  g_assert_true (mw_grad (tape, mw_sum (tape, y), NULL, &x, 1, false, &g, NULL));
  g_assert_nonnull (g);
  mw_tape_free (tape);
}

/* Detached copies share data but not history: first-order methods rely on it. */
static void
test_detach (void)
{
  MwTape *tape = mw_tape_new ();
  int one = 1;
  MwTensor *x = mw_tensor_new (1, &one);
  x->data[0] = 2.0f;
  x->requires_grad = true;
  MwTensor *y = mw_square (tape, x);
  MwTensor *yd = mw_detach (tape, y, true);
  g_assert_true (yd->data == y->data);
  MwTensor *z = mw_mul (tape, yd, x);   /* dz/dx with yd constant = yd = 4 */
  MwTensor *in[2] = { x, yd }, *g[2];
  g_assert_true (mw_grad (tape, z, NULL, in, 2, false, g, NULL));
  g_assert_cmpfloat_with_epsilon (g[0]->data[0], 4.0f, 1e-6);
  g_assert_cmpfloat_with_epsilon (g[1]->data[0], 2.0f, 1e-6);
  mw_tensor_free (x);
  mw_tape_free (tape);
}

/* One second-order MAML task on a small Conv4 (two differentiable inner steps, then
 * the query loss), with a few graph shapes the release bookkeeping must get right: a
 * tensor added to itself, a reshape view, ReLU's saved input. */
static void
maml_like_grads (MwTape *tape, bool consuming, float *out, size_t *n_out)
{
  MwRng rng;
  mw_rng_init (&rng, 11, 0);
  MwModel *m = mw_conv4_new (1, 28, 8, 5, MW_BN_BATCH, &rng);
  MwTensor *xs = mw_tensor_new4 (5, 28, 28, 1), *xq = mw_tensor_new4 (10, 28, 28, 1);
  for (size_t i = 0; i < xs->numel; i++)
    xs->data[i] = mw_rng_uniform_range (&rng, 0.0f, 1.0f);
  for (size_t i = 0; i < xq->numel; i++)
    xq->data[i] = mw_rng_uniform_range (&rng, 0.0f, 1.0f);
  int32_t ls[5] = { 0, 1, 2, 3, 4 }, lq[10] = { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 };
  int n = m->n_params;
  MwTensor **fast = g_new (MwTensor *, n), **g = g_new (MwTensor *, n);
  for (int i = 0; i < n; i++)
    fast[i] = m->params[i];
  MwForwardOptions training = { true, false, false };
  for (int s = 0; s < 2; s++)
    {
      MwTensor *pred = mw_model_forward (m, tape, fast, xs, &training);
      MwTensor *loss = mw_cross_entropy (tape, pred, ls);
      g_assert_true (mw_grad (tape, loss, NULL, fast, n, true, g, NULL));
      for (int i = 0; i < n; i++)
        fast[i] = mw_sub (tape, fast[i], mw_scale (tape, g[i], 0.1f));
    }
  MwTensor *pred = mw_model_forward (m, tape, fast, xq, &training);
  int flat[1] = { (int) pred->numel };
  MwTensor *view = mw_reshape (tape, pred, 1, flat);
  MwTensor *twice = mw_add (tape, view, view);
  MwTensor *extra = mw_sum (tape, mw_relu (tape, twice));
  MwTensor *loss = mw_add (tape, mw_cross_entropy (tape, pred, lq), mw_scale (tape, extra, 0.01f));
  if (consuming)
    g_assert_true (mw_grad_consuming (tape, loss, NULL, m->params, n, g, NULL));
  else
    g_assert_true (mw_grad (tape, loss, NULL, m->params, n, false, g, NULL));
  size_t k = 0;
  out[k++] = loss->data[0];
  for (int i = 0; i < n; i++)
    for (size_t j = 0; j < g[i]->numel; j++)
      out[k++] = g[i]->data[j];
  *n_out = k;
  g_free (fast);
  g_free (g);
  mw_tensor_free (xs);
  mw_tensor_free (xq);
  mw_model_free (m);
}

/* A consuming pass gives the same bits as a plain one while reading nothing it has
 * released (released buffers are poisoned with NaN here), and needs less memory. */
static void
test_consuming (void)
{
  g_setenv ("MW_TAPE_POISON", "1", TRUE);
  size_t cap = 200000, n_plain = 0, n_consuming = 0;
  float *plain = g_new (float, cap), *consuming = g_new (float, cap);
  MwTape *t1 = mw_tape_new (), *t2 = mw_tape_new ();
  maml_like_grads (t1, false, plain, &n_plain);
  maml_like_grads (t2, true, consuming, &n_consuming);
  g_assert_cmpuint (n_plain, ==, n_consuming);
  g_assert_cmpuint (n_plain, <, cap);
  for (size_t i = 0; i < n_plain; i++)
    {
      g_assert_true (isfinite (consuming[i]));
      g_assert_cmpfloat (consuming[i], ==, plain[i]);
    }
  g_test_message ("peak tape bytes: plain %zu, consuming %zu", mw_tape_peak_bytes (t1),
                  mw_tape_peak_bytes (t2));
  g_assert_cmpuint (mw_tape_peak_bytes (t2), <, mw_tape_peak_bytes (t1) * 3 / 4);
  /* The tape stays usable after the pass: reset, then a second task reuses its pool. */
  mw_tape_reset (t2);
  maml_like_grads (t2, true, consuming, &n_consuming);
  for (size_t i = 0; i < n_plain; i++)
    g_assert_cmpfloat (consuming[i], ==, plain[i]);
  mw_tape_free (t1);
  mw_tape_free (t2);
  g_free (plain);
  g_free (consuming);
  g_unsetenv ("MW_TAPE_POISON");
}

/* Same inputs, same bits: the ops are deterministic at a fixed thread count. */
static void
test_deterministic (void)
{
  float results[2];
  for (int run = 0; run < 2; run++)
    {
      MwRng rng;
      mw_rng_init (&rng, 3, 0);
      MwModel *m = mw_conv4_new (1, 28, 8, 5, MW_BN_BATCH, &rng);
      MwTensor *x = mw_tensor_new4 (10, 28, 28, 1);
      for (size_t i = 0; i < x->numel; i++)
        x->data[i] = mw_rng_uniform_range (&rng, 0.0f, 1.0f);
      int32_t labels[10] = { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 };
      MwTape *tape = mw_tape_new ();
      MwTensor *loss = mw_cross_entropy (tape, mw_model_forward (m, tape, NULL, x, NULL), labels);
      MwTensor **g = g_new (MwTensor *, m->n_params);
      mw_grad (tape, loss, NULL, m->params, m->n_params, false, g, NULL);
      results[run] = loss->data[0] + g[0]->data[0];
      g_free (g);
      mw_tape_free (tape);
      mw_tensor_free (x);
      mw_model_free (m);
    }
  g_assert_cmpfloat (results[0], ==, results[1]);
}

/* DESIGN.md's worked example, kept here so that it compiles and stays true:
 * f(x) = a·x² + b at x = 3, a = 2, b = 1: f = 19, ∂f/∂x = 2ax = 12, ∂f/∂a = x² = 9,
 * and ∂²f/∂x² = 2a = 4 from differentiating the recorded first derivative. */
static void
test_design_example (void)
{
  MwTape *tape = mw_tape_new ();
  int one = 1;
  MwTensor *x = mw_tensor_new (1, &one), *a = mw_tensor_new (1, &one);
  MwTensor *b = mw_tensor_new (1, &one);
  x->data[0] = 3.0f;
  a->data[0] = 2.0f;
  b->data[0] = 1.0f;
  x->requires_grad = a->requires_grad = true;

  MwTensor *f = mw_add (tape, mw_mul (tape, a, mw_square (tape, x)), b);
  g_assert_cmpfloat (f->data[0], ==, 19.0f);

  MwTensor *in[2] = { x, a }, *g[2];
  g_assert_true (mw_grad (tape, f, NULL, in, 2, true, g, NULL));   /* create_graph */
  g_assert_cmpfloat (g[0]->data[0], ==, 12.0f);
  g_assert_cmpfloat (g[1]->data[0], ==, 9.0f);

  MwTensor *gg;
  g_assert_true (mw_grad (tape, g[0], NULL, &x, 1, false, &gg, NULL));
  g_assert_cmpfloat (gg->data[0], ==, 4.0f);

  mw_tape_free (tape);
  mw_tensor_free (x);
  mw_tensor_free (a);
  mw_tensor_free (b);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mw_core_set_threads (1);
  g_test_add_func ("/tape/design-example", test_design_example);
  g_test_add_func ("/tape/no-recording", test_no_recording);
  g_test_add_func ("/tape/accumulation", test_accumulation);
  g_test_add_func ("/tape/pool-reuse", test_pool_reuse);
  g_test_add_func ("/tape/detach", test_detach);
  g_test_add_func ("/tape/mark-rewind", test_mark_rewind);
  g_test_add_func ("/tape/deterministic", test_deterministic);
  g_test_add_func ("/tape/consuming", test_consuming);
  return g_test_run ();
}
