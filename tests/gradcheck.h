/* gradcheck.h: finite-difference checks of first and second derivatives, for tests. */
#pragma once

#include "mw-core.h"

/* Builds the op under test from its inputs; ctx carries fixed extra arguments. */
typedef MwTensor *(*GcFunc) (MwTape *tape, MwTensor **inputs, const void *ctx);

typedef enum {
  GC_NORMAL,     /* N(0, 1) */
  GC_POSITIVE,   /* U[0.5, 2] (log, rsqrt) */
  GC_AWAY_ZERO,  /* N(0, 1) with |x| >= 0.1 (relu kinks) */
  GC_DISTINCT,   /* a shuffled grid spaced 0.1 apart (max-pool ties) */
  GC_SMALL,      /* N(0, 0.5²) (exp) */
} GcInit;

typedef struct {
  int ndim;
  int shape[MW_MAX_DIMS];
  GcInit init;
} GcInput;

typedef struct {
  double max_rel_error;   /* worst element's |a − n| / (|a| + |n| + floor) */
  int checked;
  int failed;
} GcReport;

/* First order: compares ∇ Σ R⊙f with central differences.  Returns failures. */
int gc_check_first (const char *name, GcFunc f, const void *ctx, const GcInput *inputs,
                    int n_inputs, uint64_t seed, GcReport *report);
/* Second order: h = Σ_i <∇_i Σ R⊙f⊙f, V_i>; compares ∇h (recorded backward, then
 * backward again) with central differences of h computed to first order. */
int gc_check_second (const char *name, GcFunc f, const void *ctx, const GcInput *inputs,
                     int n_inputs, uint64_t seed, GcReport *report);
