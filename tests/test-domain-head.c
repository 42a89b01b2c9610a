/* test-domain-head.c: the domain discriminator head (core/nn/mw-domain-head.c): its
 * seeded init and size checks, its DANN and CDAN losses' derivatives against finite
 * differences, the reversal of the features' gradient, a training step's plain and
 * consuming backward passes, DANN's λ schedule, and DANN driving the head's accuracy
 * towards chance on a toy shift. */
#include "gradcheck.h"

#include <glib.h>
#include <math.h>
#include <string.h>

static MwTensor *
random_matrix (MwRng *rng, int rows, int cols, float shift)
{
  MwTensor *t = mw_tensor_new4 (rows, cols, 0, 0);
  for (size_t i = 0; i < t->numel; i++)
    t->data[i] = mw_rng_normal (rng) + shift;
  return t;
}

/* ---- DANN's schedule ---- */

static void
test_dann_lambda (void)
{
  /* 2/(1 + e^(−10p)) − 1 = tanh(5p). */
  for (int i = 0; i <= 20; i++)
    {
      double p = i / 20.0;
      g_assert_cmpfloat (fabs (mw_dann_lambda (p) - tanh (5.0 * p)), <, 1e-12);
      if (i > 0)
        g_assert_cmpfloat (mw_dann_lambda (p), >, mw_dann_lambda (p - 0.05));
    }
  g_assert_cmpfloat (mw_dann_lambda (0.0), ==, 0.0);
  g_assert_cmpfloat (mw_dann_lambda (-1.0), ==, 0.0);
  g_assert_cmpfloat (mw_dann_lambda (3.0), ==, mw_dann_lambda (1.0));
  g_assert_cmpfloat (mw_dann_lambda (NAN), ==, 0.0);
  g_assert_cmpfloat (mw_dann_lambda (1.0), >, 0.9999);
}

/* ---- the discriminator head ---- */

static void
test_head_seeded (void)
{
  MwRng a, b, c;
  mw_rng_init (&a, 7, 3);
  mw_rng_init (&b, 7, 3);
  mw_rng_init (&c, 8, 3);
  MwModel *h1 = mw_domain_head_new (20, 16, 2, &a), *h2 = mw_domain_head_new (20, 16, 2, &b);
  MwModel *h3 = mw_domain_head_new (20, 16, 2, &c);
  g_assert_cmpstr (h1->description, ==, "domain head 20-16-16-1");
  g_assert_cmpint (h1->n_params, ==, 6);
  g_assert_cmpuint (mw_model_param_count (h1), ==, 20 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
  bool differ = false;
  for (int i = 0; i < h1->n_params; i++)
    {
      g_assert_cmpmem (h1->params[i]->data, sizeof (float) * h1->params[i]->numel,
                       h2->params[i]->data, sizeof (float) * h2->params[i]->numel);
      differ = differ || memcmp (h1->params[i]->data, h3->params[i]->data,
                                 sizeof (float) * h1->params[i]->numel) != 0;
    }
  g_assert_true (differ);
  /* Xavier-uniform: the first layer's weights within ±√(6/36), not all tiny. */
  float limit = sqrtf (6.0f / 36.0f), largest = 0;
  for (size_t i = 0; i < h1->params[0]->numel; i++)
    largest = MAX (largest, fabsf (h1->params[0]->data[i]));
  g_assert_cmpfloat (largest, <=, limit);
  g_assert_cmpfloat (largest, >, 0.5f * limit);
  mw_model_free (h1);
  mw_model_free (h2);
  mw_model_free (h3);
  /* Sizes out of range: a critical warning naming the head (fatal under the test
   * harness, so in a subprocess each). */
  for (int bad = 0; bad < 3; bad++)
    {
      char *path = g_strdup_printf ("/domain/head/bad-size/subprocess/%d", bad);
      g_test_trap_subprocess (path, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_failed ();
      g_test_trap_assert_stderr ("*domain head: in*widths must be 1 to*");
      g_free (path);
    }
}

static void
head_bad_size (gconstpointer data)
{
  if (!g_test_subprocess ())
    {
      g_test_skip ("run in a subprocess by /domain/head/seeded");
      return;
    }
  const int sizes[3][3] = { { 0, 16, 1 }, { 8, 16, MW_DOMAIN_HEAD_MAX_HIDDEN + 1 },
                            { 8, MW_DOMAIN_HEAD_MAX_WIDTH + 1, 1 } };
  const int *s = sizes[GPOINTER_TO_INT (data)];
  MwRng rng;
  mw_rng_init (&rng, 1, 0);
  g_assert_null (mw_domain_head_new (s[0], s[1], s[2], &rng));
}

/* The head's losses as gradcheck functions: inputs are the source and target rows and
 * the head's parameters.  With λ = −1 the reversal passes gradients unchanged, so the
 * whole composition (concatenation, reversal, MLP, weighted binary cross-entropy) is
 * checked against finite differences, first and second order. */
typedef struct {
  MwModel *head;
  bool conditional, entropy;
  MwTensor *source_probs, *target_probs;
} HeadCase;

static MwTensor *
f_head_loss (MwTape *t, MwTensor **x, const void *c)
{
  const HeadCase *hc = c;
  MwDomainLoss dl = hc->conditional
                    ? mw_domain_conditional_loss (hc->head, t, x + 2, x[0], hc->source_probs, x[1],
                                                  hc->target_probs, -1.0f, hc->entropy)
                    : mw_domain_adversarial_loss (hc->head, t, x + 2, x[0], x[1], -1.0f);
  return dl.loss;
}

static MwTensor *
probabilities (MwRng *rng, int rows, int classes)
{
  MwTensor *p = random_matrix (rng, rows, classes, 0.0f);
  MwTape *tape = mw_tape_new ();
  MwTensor *s = mw_softmax (tape, mw_scale (tape, p, 2.0f));
  mw_tensor_copy_data (p, s);
  mw_tape_free (tape);
  return p;
}

static void
check_head_case (HeadCase *hc, int n_source, int n_target, int width, const char *what)
{
  GcInput in[6] = { { 2, { n_source, width } }, { 2, { n_target, width } } };
  int n = 2;
  for (int i = 0; i < hc->head->n_params; i++, n++)
    {
      const MwTensor *p = hc->head->params[i];
      in[n].ndim = p->ndim;
      memcpy (in[n].shape, p->shape, sizeof p->shape);
      in[n].init = GC_NORMAL;
    }
  GcReport r1 = { 0 }, r2 = { 0 };
  int f1 = gc_check_first (what, f_head_loss, hc, in, n, 31, &r1);
  int f2 = gc_check_second (what, f_head_loss, hc, in, n, 32, &r2);
  g_test_message ("%s: first order %d checked, worst rel %.2e; second order %d checked, worst "
                  "rel %.2e", what, r1.checked, r1.max_rel_error, r2.checked, r2.max_rel_error);
  g_assert_cmpint (f1, ==, 0);
  g_assert_cmpint (f2, ==, 0);
}

static void
test_head_loss_gradients (void)
{
  MwRng rng;
  mw_rng_init (&rng, 28, 0);
  /* A logistic head (no hidden layer: no ReLU kinks for the differences to cross; the
   * MLP's own layers have their rows in test-ops-gradients.c). */
  HeadCase dann = { mw_domain_head_new (4, 1, 0, &rng), false, false, NULL, NULL };
  check_head_case (&dann, 5, 3, 4, "DANN loss");
  HeadCase cdan = { mw_domain_head_new (12, 1, 0, &rng), true, false, probabilities (&rng, 4, 3),
                    probabilities (&rng, 6, 3) };
  check_head_case (&cdan, 4, 6, 4, "CDAN loss");
  cdan.entropy = true;
  check_head_case (&cdan, 4, 6, 4, "CDAN+E loss");
  mw_model_free (dann.head);
  mw_model_free (cdan.head);
  mw_tensor_free (cdan.source_probs);
  mw_tensor_free (cdan.target_probs);
}

/* With reversal λ the features' gradient is −λ times the plain one (λ = −1) and the
 * head's own gradient is the same; the accuracy is balanced across domains. */
static void
test_head_reverses (void)
{
  MwRng rng;
  mw_rng_init (&rng, 29, 0);
  MwModel *head = mw_domain_head_new (6, 8, 1, &rng);
  MwTensor *s = random_matrix (&rng, 5, 6, 0.0f), *t = random_matrix (&rng, 9, 6, 1.0f);
  s->requires_grad = t->requires_grad = true;
  MwTensor *wrt[4] = { s, t, head->params[0], head->params[2] };
  MwTensor *plain[4], *reversed[4];
  float loss[2], accuracy[2];
  for (int pass = 0; pass < 2; pass++)
    {
      MwTape *tape = mw_tape_new ();
      MwDomainLoss dl = mw_domain_adversarial_loss (head, tape, NULL, s, t, pass ? 0.3f : -1.0f);
      MwTensor *g[4];
      g_assert_true (mw_grad (tape, dl.loss, NULL, wrt, 4, false, g, NULL));
      for (int i = 0; i < 4; i++)
        (pass ? reversed : plain)[i] = mw_tensor_new_copy (g[i]);
      loss[pass] = dl.loss->data[0];
      accuracy[pass] = dl.accuracy;
      if (pass == 0)
        {
          /* The balanced accuracy from the logits themselves. */
          MwTensor *logits = mw_model_forward (head, tape, NULL, mw_concat_rows (tape, s, t), NULL);
          double right[2] = { 0, 0 };
          for (int i = 0; i < 14; i++)
            right[i >= 5] += (logits->data[i] > 0) == (i >= 5);
          g_assert_cmpfloat (fabs (dl.accuracy - 0.5 * (right[0] / 5 + right[1] / 9)), <, 1e-6);
        }
      mw_tape_free (tape);
    }
  g_assert_cmpfloat (loss[0], ==, loss[1]);
  g_assert_cmpfloat (accuracy[0], ==, accuracy[1]);
  for (int i = 0; i < 4; i++)
    for (size_t j = 0; j < plain[i]->numel; j++)
      {
        float want = i < 2 ? -0.3f * plain[i]->data[j] : plain[i]->data[j];
        g_assert_cmpfloat (fabsf (reversed[i]->data[j] - want), <=, 1e-6f * (1 + fabsf (want)));
      }
  for (int i = 0; i < 4; i++)
    {
      mw_tensor_free (plain[i]);
      mw_tensor_free (reversed[i]);
    }
  mw_tensor_free (s);
  mw_tensor_free (t);
  mw_model_free (head);
}

/* A step as the training hook takes it (features of both domains, a task loss, the
 * DANN, CDAN+E and MMD² terms) gives the same gradients from a plain backward pass and
 * from a consuming one (which releases each temporary as soon as it is done with it). */
static void
test_consuming_pass (void)
{
  MwRng rng;
  mw_rng_init (&rng, 33, 0);
  MwModel *head = mw_domain_head_new (6, 8, 1, &rng), *cond = mw_domain_head_new (18, 8, 1, &rng);
  MwTensor *w = random_matrix (&rng, 5, 6, 0.0f), *v = random_matrix (&rng, 6, 3, 0.0f);
  MwTensor *xs = random_matrix (&rng, 9, 5, 0.0f), *xt = random_matrix (&rng, 7, 5, 0.5f);
  w->requires_grad = v->requires_grad = true;
  MwTensor *wrt[6] = { w, v, head->params[0], head->params[3], cond->params[0], cond->params[1] };
  const int32_t labels[9] = { 0, 1, 2, 0, 1, 2, 0, 1, 2 };
  float *grads[2][6];
  for (int consuming = 0; consuming < 2; consuming++)
    {
      MwTape *tape = mw_tape_new ();
      MwTensor *fs = mw_relu (tape, mw_matmul (tape, xs, w));
      MwTensor *ft = mw_relu (tape, mw_matmul (tape, xt, w));
      MwTensor *ls = mw_matmul (tape, fs, v), *lt = mw_matmul (tape, ft, v);
      MwTensor *loss = mw_cross_entropy (tape, ls, labels);
      loss = mw_add (tape, loss, mw_domain_adversarial_loss (head, tape, NULL, fs, ft, 0.6f).loss);
      loss = mw_add (tape, loss, mw_domain_conditional_loss (cond, tape, NULL, fs, mw_softmax (tape, ls),
                                                             ft, mw_softmax (tape, lt), 0.6f, true).loss);
      loss = mw_add (tape, loss, mw_scale (tape, mw_mmd2 (tape, fs, ft, NULL, NULL), 0.6f));
      MwTensor *g[6];
      if (consuming)
        g_assert_true (mw_grad_consuming (tape, loss, NULL, wrt, 6, g, NULL));
      else
        g_assert_true (mw_grad (tape, loss, NULL, wrt, 6, false, g, NULL));
      for (int i = 0; i < 6; i++)
        grads[consuming][i] = g_memdup2 (g[i]->data, sizeof (float) * g[i]->numel);
      mw_tape_free (tape);
    }
  for (int i = 0; i < 6; i++)
    {
      g_assert_cmpmem (grads[0][i], sizeof (float) * wrt[i]->numel, grads[1][i],
                       sizeof (float) * wrt[i]->numel);
      g_free (grads[0][i]);
      g_free (grads[1][i]);
    }
  mw_model_free (head);
  mw_model_free (cond);
  mw_tensor_free (w);
  mw_tensor_free (v);
  mw_tensor_free (xs);
  mw_tensor_free (xt);
}

/* DANN end to end on a toy shift, as a training step would use the API: a linear
 * feature map W (4 → 3) learns a source task (the sign of input 2) while the target
 * domain is the source moved by 4 along input 1.  Without reversal (λ = 0) the head
 * tells the domains apart; with it the features drop the shift, the head falls to
 * chance, and the features' MMD² falls with it. */
typedef struct {
  float head_accuracy, mmd2, task_accuracy;
} ToyResult;

static ToyResult
toy_dann (float lambda)
{
  enum { N = 64, D = 4, F = 3, STEPS = 400 };
  MwRng rng;
  mw_rng_init (&rng, 30, 0);
  MwModel *head = mw_domain_head_new (F, 16, 1, &rng);
  MwTensor *w = random_matrix (&rng, D, F, 0.0f), *v = random_matrix (&rng, F, 2, 0.0f);
  w->requires_grad = v->requires_grad = true;
  MwTensor *params[6] = { w, v, head->params[0], head->params[1], head->params[2], head->params[3] };
  MwAdam *adam = mw_adam_new (params, 6, 0.01f, 0.9f, 0.999f, 1e-8f);
  MwTensor *xs = mw_tensor_new4 (N, D, 0, 0), *xt = mw_tensor_new4 (N, D, 0, 0);
  int32_t labels[N];
  ToyResult result = { 0 };
  MwTape *tape = mw_tape_new ();
  double head_acc = 0, mmd = 0, task_acc = 0;
  for (int step = 0; step < STEPS; step++)
    {
      for (int i = 0; i < N; i++)
        for (int j = 0; j < D; j++)
          {
            xs->data[i * D + j] = mw_rng_normal (&rng);
            xt->data[i * D + j] = mw_rng_normal (&rng) + (j == 0 ? 4.0f : 0.0f);
          }
      for (int i = 0; i < N; i++)
        labels[i] = xs->data[i * D + 1] > 0;
      mw_tape_reset (tape);
      MwTensor *fs = mw_matmul (tape, xs, w), *ft = mw_matmul (tape, xt, w);
      MwTensor *task = mw_cross_entropy (tape, mw_matmul (tape, fs, v), labels);
      MwDomainLoss dl = mw_domain_adversarial_loss (head, tape, NULL, fs, ft, lambda);
      MwTensor *total = mw_add (tape, task, dl.loss), *g[6];
      g_assert_true (mw_grad (tape, total, NULL, params, 6, false, g, NULL));
      mw_adam_step (adam, params, g);
      /* Over the last quarter of training. */
      if (step >= STEPS * 3 / 4)
        {
          head_acc += dl.accuracy;
          mmd += mw_mmd2 (tape, fs, ft, NULL, NULL)->data[0];
          task_acc += mw_accuracy (mw_matmul (tape, fs, v), labels);
        }
    }
  result.head_accuracy = (float) (head_acc / (STEPS / 4));
  result.mmd2 = (float) (mmd / (STEPS / 4));
  result.task_accuracy = (float) (task_acc / (STEPS / 4));
  mw_tape_free (tape);
  mw_adam_free (adam);
  mw_tensor_free (w);
  mw_tensor_free (v);
  mw_tensor_free (xs);
  mw_tensor_free (xt);
  mw_model_free (head);
  return result;
}

static void
test_dann_toy (void)
{
  ToyResult plain = toy_dann (0.0f), dann = toy_dann (1.0f);
  g_test_message ("toy shift, last quarter of 400 steps: without reversal head accuracy %.3f, "
                  "MMD2 %.4f, task %.3f; DANN (lambda = 1) head accuracy %.3f, MMD2 %.4f, task %.3f",
                  plain.head_accuracy, plain.mmd2, plain.task_accuracy, dann.head_accuracy,
                  dann.mmd2, dann.task_accuracy);
  g_assert_cmpfloat (plain.head_accuracy, >, 0.9f);
  g_assert_cmpfloat (dann.head_accuracy, <, 0.7f);
  g_assert_cmpfloat (dann.mmd2, <, 0.25f * plain.mmd2);
  g_assert_cmpfloat (dann.task_accuracy, >, 0.9f);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mw_core_set_threads (1);
  g_test_add_func ("/domain/dann-lambda", test_dann_lambda);
  g_test_add_func ("/domain/head/seeded", test_head_seeded);
  for (int c = 0; c < 3; c++)
    {
      char *path = g_strdup_printf ("/domain/head/bad-size/subprocess/%d", c);
      g_test_add_data_func (path, GINT_TO_POINTER (c), head_bad_size);
      g_free (path);
    }
  g_test_add_func ("/domain/head/loss-gradients", test_head_loss_gradients);
  g_test_add_func ("/domain/head/reverses", test_head_reverses);
  g_test_add_func ("/domain/head/consuming-pass", test_consuming_pass);
  g_test_add_func ("/domain/head/dann-toy", test_dann_toy);
  return g_test_run ();
}
