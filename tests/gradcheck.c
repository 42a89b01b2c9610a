/* gradcheck.c: finite-difference gradient checks in float32.
 *
 * Tolerances: the functions are evaluated in float32 (relative rounding ~1e-7 per op)
 * and the scalar objective is accumulated in double.  With a central step h = 1e-2 the
 * truncation error is O(h²·f''') ≈ 1e-4 relative and the rounding error is about
 * 1e-6/h ≈ 1e-4, so a correct gradient agrees to well under 1%; a wrong formula (a
 * missing term, a transposed product) is off by O(1).  We accept 2% of the larger
 * magnitude plus 0.2% of the tensor's largest gradient (small components sit at the
 * rounding floor of the large ones). */
#include "gradcheck.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>

#define STEP 1e-2
#define RTOL 2e-2
#define ATOL_SCALE 2e-3
#define MAX_ELEMENTS 48

static void
fill_input (MwTensor *t, GcInit init, MwRng *rng)
{
  switch (init)
    {
    case GC_NORMAL:
      for (size_t i = 0; i < t->numel; i++)
        t->data[i] = mw_rng_normal (rng);
      break;
    case GC_SMALL:
      for (size_t i = 0; i < t->numel; i++)
        t->data[i] = 0.5f * mw_rng_normal (rng);
      break;
    case GC_POSITIVE:
      for (size_t i = 0; i < t->numel; i++)
        t->data[i] = mw_rng_uniform_range (rng, 0.5f, 2.0f);
      break;
    case GC_AWAY_ZERO:
      for (size_t i = 0; i < t->numel; i++)
        {
          float v;
          do
            v = mw_rng_normal (rng);
          while (fabsf (v) < 0.1f);
          t->data[i] = v;
        }
      break;
    case GC_DISTINCT:
      {
        int *perm = g_new (int, t->numel);
        for (size_t i = 0; i < t->numel; i++)
          perm[i] = (int) i;
        mw_rng_shuffle (rng, perm, (int) t->numel);
        for (size_t i = 0; i < t->numel; i++)
          t->data[i] = 0.1f * ((float) perm[i] - (float) t->numel / 2.0f);
        g_free (perm);
      }
      break;
    }
}

typedef struct {
  GcFunc f;
  const void *ctx;
  int n;
  MwTensor **x;       /* persistent inputs, requires_grad */
  MwTensor *r;        /* weights of the objective (shape of f's output) */
  MwTensor **v;       /* directions for the second-order objective */
  bool squared;
} Problem;

/* Σ R⊙f (or Σ R⊙f⊙f), in double from f's float output. */
static double
objective_value (Problem *p, MwTape *tape)
{
  mw_tape_reset (tape);
  MwTensor *y = p->f (tape, p->x, p->ctx);
  double s = 0;
  for (size_t i = 0; i < y->numel; i++)
    s += (double) p->r->data[i] * y->data[i] * (p->squared ? y->data[i] : 1.0f);
  return s;
}

static MwTensor *
objective_tensor (Problem *p, MwTape *tape)
{
  MwTensor *y = p->f (tape, p->x, p->ctx);
  MwTensor *r = mw_tape_constant (tape, y->ndim, y->shape, p->r->data);
  MwTensor *w = p->squared ? mw_mul (tape, mw_square (tape, y), r) : mw_mul (tape, y, r);
  return mw_sum (tape, w);
}

/* h = Σ_i <∇_i L, V_i> evaluated to first order (for differences). */
static double
second_value (Problem *p, MwTape *tape)
{
  mw_tape_reset (tape);
  MwTensor *L = objective_tensor (p, tape);
  MwTensor **g = g_new (MwTensor *, p->n);
  mw_grad (tape, L, NULL, p->x, p->n, false, g, NULL);
  double h = 0;
  for (int i = 0; i < p->n; i++)
    for (size_t j = 0; j < g[i]->numel; j++)
      h += (double) g[i]->data[j] * p->v[i]->data[j];
  g_free (g);
  return h;
}

static int
compare (const char *name, const char *order, Problem *p, MwTensor **analytic,
         double (*value) (Problem *, MwTape *), MwTape *tape, MwRng *rng, GcReport *rep)
{
  int failures = 0;
  for (int i = 0; i < p->n; i++)
    {
      MwTensor *x = p->x[i];
      float scale = 1.0f;
      for (size_t j = 0; j < x->numel; j++)
        scale = fmaxf (scale, fabsf (analytic[i]->data[j]));
      size_t count = MIN (x->numel, (size_t) MAX_ELEMENTS);
      for (size_t k = 0; k < count; k++)
        {
          size_t j = x->numel <= MAX_ELEMENTS ? k : mw_rng_below (rng, (uint32_t) x->numel);
          float saved = x->data[j];
          x->data[j] = saved + (float) STEP;
          double up = value (p, tape);
          x->data[j] = saved - (float) STEP;
          double down = value (p, tape);
          x->data[j] = saved;
          double numeric = (up - down) / (2 * STEP);
          double a = analytic[i]->data[j];
          double err = fabs (a - numeric);
          double tol = RTOL * fmax (fabs (a), fabs (numeric)) + ATOL_SCALE * scale;
          double rel = err / (fabs (a) + fabs (numeric) + ATOL_SCALE * scale);
          rep->max_rel_error = fmax (rep->max_rel_error, rel);
          rep->checked++;
          if (err > tol)
            {
              if (failures < 5)
                fprintf (stderr, "  %s %s: input %d element %zu: analytic %.6g numeric %.6g\n",
                         name, order, i, j, a, numeric);
              failures++;
            }
        }
    }
  rep->failed += failures;
  return failures;
}

static Problem
problem_new (GcFunc f, const void *ctx, const GcInput *inputs, int n, MwRng *rng, MwTape *tape)
{
  Problem p = { f, ctx, n, g_new0 (MwTensor *, n), NULL, g_new0 (MwTensor *, n), false };
  for (int i = 0; i < n; i++)
    {
      p.x[i] = mw_tensor_new (inputs[i].ndim, inputs[i].shape);
      fill_input (p.x[i], inputs[i].init, rng);
      p.x[i]->requires_grad = true;
      p.v[i] = mw_tensor_new (inputs[i].ndim, inputs[i].shape);
      fill_input (p.v[i], GC_NORMAL, rng);
    }
  MwTensor *y = f (tape, p.x, ctx);
  p.r = mw_tensor_new (y->ndim, y->shape);
  fill_input (p.r, GC_NORMAL, rng);
  mw_tape_reset (tape);
  return p;
}

static void
problem_free (Problem *p)
{
  for (int i = 0; i < p->n; i++)
    {
      mw_tensor_free (p->x[i]);
      mw_tensor_free (p->v[i]);
    }
  mw_tensor_free (p->r);
  g_free (p->x);
  g_free (p->v);
}

static MwTensor **
copy_grads (MwTensor **g, int n)
{
  MwTensor **c = g_new (MwTensor *, n);
  for (int i = 0; i < n; i++)
    {
      c[i] = mw_tensor_new (g[i]->ndim, g[i]->shape);
      mw_tensor_copy_data (c[i], g[i]);
    }
  return c;
}

static void
free_grads (MwTensor **g, int n)
{
  for (int i = 0; i < n; i++)
    mw_tensor_free (g[i]);
  g_free (g);
}

int
gc_check_first (const char *name, GcFunc f, const void *ctx, const GcInput *inputs,
                int n_inputs, uint64_t seed, GcReport *report)
{
  MwRng rng;
  mw_rng_init (&rng, seed, 1);
  MwTape *tape = mw_tape_new ();
  Problem p = problem_new (f, ctx, inputs, n_inputs, &rng, tape);
  MwTensor *L = objective_tensor (&p, tape);
  MwTensor **g = g_new (MwTensor *, n_inputs);
  mw_grad (tape, L, NULL, p.x, n_inputs, false, g, NULL);
  MwTensor **analytic = copy_grads (g, n_inputs);
  g_free (g);
  int fails = compare (name, "first-order", &p, analytic, objective_value, tape, &rng, report);
  free_grads (analytic, n_inputs);
  problem_free (&p);
  mw_tape_free (tape);
  return fails;
}

int
gc_check_second (const char *name, GcFunc f, const void *ctx, const GcInput *inputs,
                 int n_inputs, uint64_t seed, GcReport *report)
{
  MwRng rng;
  mw_rng_init (&rng, seed, 2);
  MwTape *tape = mw_tape_new ();
  Problem p = problem_new (f, ctx, inputs, n_inputs, &rng, tape);
  p.squared = true;
  /* h = Σ <∇L, V> with the gradient recorded, then differentiated again. */
  MwTensor *L = objective_tensor (&p, tape);
  MwTensor **g = g_new (MwTensor *, n_inputs);
  mw_grad (tape, L, NULL, p.x, n_inputs, true, g, NULL);
  MwTensor *h = NULL;
  for (int i = 0; i < n_inputs; i++)
    {
      MwTensor *v = mw_tape_constant (tape, p.v[i]->ndim, p.v[i]->shape, p.v[i]->data);
      MwTensor *term = mw_sum (tape, mw_mul (tape, g[i], v));
      h = h ? mw_add (tape, h, term) : term;
    }
  MwTensor **gh = g_new (MwTensor *, n_inputs);
  mw_grad (tape, h, NULL, p.x, n_inputs, false, gh, NULL);
  MwTensor **analytic = copy_grads (gh, n_inputs);
  g_free (g);
  g_free (gh);
  int fails = compare (name, "second-order", &p, analytic, second_value, tape, &rng, report);
  free_grads (analytic, n_inputs);
  problem_free (&p);
  mw_tape_free (tape);
  return fails;
}
