/* test-winograd.c: the Winograd F(2×2, 3×3) convolutions against im2col + sgemm, at
 * sizes the finite-difference checks (test-ops-gradients) cannot afford: Conv4's
 * layers, odd sizes whose last tiles hang over the edge, channel counts beyond one
 * transform step, and batches cut into many blocks and weight-gradient groups. */
#include "mw-conv-winograd-private.h"
#include "mw-core.h"
#include "mw-parallel.h"

#include <glib.h>
#include <math.h>
#include <string.h>

typedef struct {
  int n, h, w, c, oc;
} Shape;

static const Shape shapes[] = {
  { 80, 14, 14, 64, 64 },   /* Conv4's second layer, 5-way 1-shot with 15 queries */
  { 80, 7, 7, 64, 64 },
  { 80, 4, 4, 64, 64 },
  { 300, 14, 14, 16, 8 },   /* many blocks: every weight-gradient group in use */
  { 3, 5, 6, 70, 66 },      /* channels beyond one transform step, odd width */
  { 2, 4, 5, 8, 9 },
  { 1, 9, 4, 8, 8 },
};

static void
fill (MwTensor *t, MwRng *rng)
{
  for (size_t i = 0; i < t->numel; i++)
    t->data[i] = mw_rng_normal (rng);
}

/* The three ops' results for x, w, gy, one after the other in out. */
static size_t
conv_results (MwTensor *x, MwTensor *w, MwTensor *bias, MwTensor *gy, float *out)
{
  MwConvGeom same = { 1, 1 };
  MwTape *t = mw_tape_new ();
  size_t k = 0;
  MwTensor *r[3] = { mw_conv2d_bias (t, x, w, bias, same),
                     mw_conv2d_input_grad (t, gy, w, x->shape, same),
                     mw_conv2d_weight_grad (t, x, gy, w->shape, same) };
  for (int i = 0; i < 3; i++)
    {
      memcpy (out + k, r[i]->data, sizeof (float) * r[i]->numel);
      k += r[i]->numel;
    }
  mw_tape_free (t);
  return k;
}

/* Worst |a − b| over the largest |b| of each op's result. */
static void
test_matches_im2col (void)
{
  for (size_t s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      const Shape *sh = &shapes[s];
      MwRng rng;
      mw_rng_init (&rng, 40 + s, 0);
      MwTensor *x = mw_tensor_new4 (sh->n, sh->h, sh->w, sh->c);
      MwTensor *w = mw_tensor_new4 (sh->oc, 3, 3, sh->c);
      MwTensor *bias = mw_tensor_new4 (sh->oc, 0, 0, 0);
      MwTensor *gy = mw_tensor_new4 (sh->n, sh->h, sh->w, sh->oc);
      fill (x, &rng);
      fill (w, &rng);
      fill (bias, &rng);
      fill (gy, &rng);
      g_assert_true (mw_winograd_applies (x->shape, w->shape, (MwConvGeom) { 1, 1 }));
      const size_t sizes[3] = { gy->numel, x->numel, w->numel };
      const size_t total = sizes[0] + sizes[1] + sizes[2];
      float *wino = g_new (float, total), *ref = g_new (float, total);
      g_assert_cmpuint (conv_results (x, w, bias, gy, wino), ==, total);
      mw_winograd_enable (false);
      g_assert_false (mw_winograd_applies (x->shape, w->shape, (MwConvGeom) { 1, 1 }));
      conv_results (x, w, bias, gy, ref);
      mw_winograd_enable (true);
      size_t at = 0;
      static const char *names[3] = { "forward", "input gradient", "weight gradient" };
      for (int i = 0; i < 3; i++)
        {
          double worst = 0, scale = 0;
          for (size_t j = at; j < at + sizes[i]; j++)
            {
              worst = MAX (worst, fabs ((double) wino[j] - ref[j]));
              scale = MAX (scale, fabs ((double) ref[j]));
            }
          g_test_message ("%dx%dx%dx%d -> %d, %s: worst difference %.2e of largest %.2e (%.1e)",
                          sh->n, sh->h, sh->w, sh->c, sh->oc, names[i], worst, scale,
                          worst / scale);
          /* Float rounding of sums of hundreds (thousands for the weight gradient)
           * of terms in two orders; a wrong transform differs by O(1). */
          g_assert_cmpfloat (worst / scale, <, 2e-5);
          at += sizes[i];
        }
      g_free (wino);
      g_free (ref);
      mw_tensor_free (x);
      mw_tensor_free (w);
      mw_tensor_free (bias);
      mw_tensor_free (gy);
    }
}

/* The same bits on one op worker and on three: with many blocks (each worker takes
 * whole ones, the weight gradient in groups) and with few (the workers share each
 * block: a minibatch of 10 images is one). */
static void
test_split_over_workers (void)
{
  static const Shape split_shapes[] = { { 300, 14, 14, 16, 8 }, { 10, 14, 14, 64, 64 },
                                        { 40, 7, 7, 32, 16 } };
  for (size_t s = 0; s < G_N_ELEMENTS (split_shapes); s++)
    {
      const Shape sh = split_shapes[s];
      MwRng rng;
      mw_rng_init (&rng, 7 + s, 0);
      MwTensor *x = mw_tensor_new4 (sh.n, sh.h, sh.w, sh.c);
      MwTensor *w = mw_tensor_new4 (sh.oc, 3, 3, sh.c);
      MwTensor *bias = mw_tensor_new4 (sh.oc, 0, 0, 0);
      MwTensor *gy = mw_tensor_new4 (sh.n, sh.h, sh.w, sh.oc);
      fill (x, &rng);
      fill (w, &rng);
      fill (bias, &rng);
      fill (gy, &rng);
      const size_t total = gy->numel + x->numel + w->numel;
      float *one = g_new (float, total), *three = g_new (float, total);
      mw_op_threads_set (1);
      conv_results (x, w, bias, gy, one);
      mw_op_threads_set (3);
      conv_results (x, w, bias, gy, three);
      mw_op_threads_set (1);
      size_t differ = 0;
      for (size_t j = 0; j < total; j++)
        differ += memcmp (&one[j], &three[j], sizeof (float)) != 0;
      g_test_message ("%dx%dx%dx%d -> %d on 1 and 3 workers: %zu values, %zu differ", sh.n,
                      sh.h, sh.w, sh.c, sh.oc, total, differ);
      g_assert_cmpuint (differ, ==, 0);
      g_free (one);
      g_free (three);
      mw_tensor_free (x);
      mw_tensor_free (w);
      mw_tensor_free (bias);
      mw_tensor_free (gy);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  mw_core_set_threads (1);
  g_test_add_func ("/winograd/matches-im2col", test_matches_im2col);
  g_test_add_func ("/winograd/split-over-workers", test_split_over_workers);
  return g_test_run ();
}
