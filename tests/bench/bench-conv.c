/* bench-conv.c: GFLOP/s of raw sgemm and of conv2d forward + backward through the core,
 * for the Conv4 layer shapes at 28×28 with batch 80, so the core's overhead (im2col,
 * col2im, autodiff bookkeeping) over sgemm is visible.
 *
 * Usage: bench-conv [--threads N] [--seconds S] */
#include "mw-core.h"

#include <cblas.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct {
  const char *name;
  int hw, c;     /* input height/width and channels */
} Layer;

static const Layer layers[] = {
  { "conv1 28x28x1", 28, 1 },
  { "conv2 14x14x64", 14, 64 },
  { "conv3 7x7x64", 7, 64 },
  { "conv4 3x3x64", 3, 64 },
};

#define BATCH 80
#define FILTERS 64

static double min_seconds = 1.0;

/* Runs fn until min_seconds have passed (at least 3 times); returns the median seconds
 * per call over 5 such rounds. */
typedef void (*BenchFn) (void *ctx);

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
time_per_call (BenchFn fn, void *ctx)
{
  fn (ctx); /* warm up: buffers, pools, OpenBLAS threads */
  double rounds[5];
  for (int r = 0; r < 5; r++)
    {
      int calls = 0;
      gint64 start = g_get_monotonic_time (), now;
      do
        {
          fn (ctx);
          calls++;
          now = g_get_monotonic_time ();
        }
      while (calls < 3 || (now - start) < (gint64) (min_seconds * 1e6 / 5));
      rounds[r] = (double) (now - start) / 1e6 / calls;
    }
  qsort (rounds, 5, sizeof (double), cmp_double);
  return rounds[2];
}

typedef struct {
  int rows, kkc, oc;
  float *cols, *w, *y, *dcols, *dw;
} GemmCtx;

/* The three products of a convolution's forward and backward passes. */
static void
gemm_fwd_bwd (void *p)
{
  GemmCtx *g = p;
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasTrans, g->rows, g->oc, g->kkc, 1.0f, g->cols,
               g->kkc, g->w, g->kkc, 0.0f, g->y, g->oc);
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, g->rows, g->kkc, g->oc, 1.0f, g->y,
               g->oc, g->w, g->kkc, 0.0f, g->dcols, g->kkc);
  cblas_sgemm (CblasRowMajor, CblasTrans, CblasNoTrans, g->oc, g->kkc, g->rows, 1.0f, g->y,
               g->oc, g->cols, g->kkc, 0.0f, g->dw, g->kkc);
}

typedef struct {
  MwTape *tape;
  MwTensor *x, *w;
} CoreCtx;

static void
core_fwd_bwd (void *p)
{
  CoreCtx *c = p;
  mw_tape_reset (c->tape);
  MwConvGeom same = { 1, 1 };
  MwTensor *y = mw_conv2d (c->tape, c->x, c->w, same);
  /* Backward with the output itself as the incoming gradient (any tensor of its shape). */
  MwTensor *in[2] = { c->x, c->w }, *g[2];
  mw_grad (c->tape, y, y, in, 2, false, g, NULL);
}

typedef struct {
  int n;
  float *a, *b, *c;
} SquareCtx;

static void
square_gemm (void *p)
{
  SquareCtx *s = p;
  cblas_sgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, s->n, s->n, s->n, 1.0f, s->a, s->n,
               s->b, s->n, 0.0f, s->c, s->n);
}

static float *
random_buffer (size_t n, MwRng *rng)
{
  float *b = g_new (float, n);
  for (size_t i = 0; i < n; i++)
    b[i] = mw_rng_uniform_range (rng, -1.0f, 1.0f);
  return b;
}

int
main (int argc, char **argv)
{
  int threads = 0;
  GOptionEntry entries[] = {
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "OpenBLAS threads (default: OpenBLAS's)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &min_seconds, "Time per measurement (default 1)", "S" },
    { NULL }
  };
  GOptionContext *octx = g_option_context_new ("- Conv4 layer throughput");
  g_option_context_add_main_entries (octx, entries, NULL);
  GError *error = NULL;
  if (!g_option_context_parse (octx, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-conv: %s\n", error->message);
      return 2;
    }
  g_option_context_free (octx);
  mw_core_set_threads (threads);
  MwRng rng;
  mw_rng_init (&rng, 1, 0);

  printf ("OpenBLAS %s, %d thread(s); batch %d, %d filters, 3x3 same convolutions (NHWC)\n",
          openblas_get_config (), openblas_get_num_threads (), BATCH, FILTERS);
  SquareCtx sq = { 2048, NULL, NULL, NULL };
  sq.a = random_buffer ((size_t) sq.n * sq.n, &rng);
  sq.b = random_buffer ((size_t) sq.n * sq.n, &rng);
  sq.c = g_new (float, (size_t) sq.n * sq.n);
  double t_sq = time_per_call (square_gemm, &sq);
  printf ("sgemm 2048x2048x2048: %.1f GFLOP/s\n\n", 2.0 * sq.n * sq.n * sq.n / t_sq / 1e9);
  g_free (sq.a);
  g_free (sq.b);
  g_free (sq.c);

  printf ("%-16s %8s %6s  %14s  %18s  %8s\n", "layer", "M (rows)", "K", "sgemm GFLOP/s",
          "core conv GFLOP/s", "of sgemm");
  double total_flop = 0, total_gemm = 0, total_core = 0;
  for (size_t l = 0; l < G_N_ELEMENTS (layers); l++)
    {
      const Layer *L = &layers[l];
      GemmCtx g = { BATCH * L->hw * L->hw, 9 * L->c, FILTERS };
      g.cols = random_buffer ((size_t) g.rows * g.kkc, &rng);
      g.w = random_buffer ((size_t) g.oc * g.kkc, &rng);
      g.y = g_new (float, (size_t) g.rows * g.oc);
      g.dcols = g_new (float, (size_t) g.rows * g.kkc);
      g.dw = g_new (float, (size_t) g.oc * g.kkc);
      double flop = 3.0 * 2.0 * g.rows * (double) g.kkc * g.oc;
      double t_gemm = time_per_call (gemm_fwd_bwd, &g);

      CoreCtx c = { mw_tape_new (), mw_tensor_new4 (BATCH, L->hw, L->hw, L->c),
                    mw_tensor_new4 (FILTERS, 3, 3, L->c) };
      for (size_t i = 0; i < c.x->numel; i++)
        c.x->data[i] = mw_rng_uniform_range (&rng, -1.0f, 1.0f);
      for (size_t i = 0; i < c.w->numel; i++)
        c.w->data[i] = mw_rng_uniform_range (&rng, -1.0f, 1.0f);
      c.x->requires_grad = c.w->requires_grad = true;
      double t_core = time_per_call (core_fwd_bwd, &c);

      printf ("%-16s %8d %6d  %14.1f  %18.1f  %7.0f%%\n", L->name, g.rows, g.kkc,
              flop / t_gemm / 1e9, flop / t_core / 1e9, 100.0 * t_gemm / t_core);
      total_flop += flop;
      total_gemm += t_gemm;
      total_core += t_core;
      mw_tape_free (c.tape);
      mw_tensor_free (c.x);
      mw_tensor_free (c.w);
      g_free (g.cols);
      g_free (g.w);
      g_free (g.y);
      g_free (g.dcols);
      g_free (g.dw);
    }
  printf ("%-16s %8s %6s  %14.1f  %18.1f  %7.0f%%\n", "all four", "", "", total_flop / total_gemm / 1e9,
          total_flop / total_core / 1e9, 100.0 * total_gemm / total_core);
  printf ("(forward + both backward products; GFLOP/s = 6·M·K·64 / time, median of 5 rounds)\n");
  return 0;
}
