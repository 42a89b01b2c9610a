/* mw-rng.h: seeded random numbers with independent streams (PCG32).
 *
 * A generator is (seed, stream): different streams of the same seed are statistically
 * independent, so a task drawn on stream i gives the same numbers whatever thread draws
 * it and whenever. */
#pragma once

#include <stdint.h>

typedef struct MwRng {
  uint64_t state;
  uint64_t inc;
  /* Box-Muller gives two normals per draw; the second is kept here. */
  int has_spare;
  float spare;
} MwRng;

void mw_rng_init (MwRng *rng, uint64_t seed, uint64_t stream);
uint32_t mw_rng_u32 (MwRng *rng);
/* Uniform in [0, 1). */
double mw_rng_uniform (MwRng *rng);
float mw_rng_uniform_range (MwRng *rng, float lo, float hi);
/* Unbiased integer in [0, n). */
uint32_t mw_rng_below (MwRng *rng, uint32_t n);
float mw_rng_normal (MwRng *rng);
/* Normal resampled until within two standard deviations (TensorFlow's truncated_normal). */
float mw_rng_truncated_normal (MwRng *rng, float stddev);
/* Fisher-Yates shuffle of n ints. */
void mw_rng_shuffle (MwRng *rng, int *items, int n);
/* Derives a seed for a sub-generator (e.g. episode i of a run) from a parent seed. */
uint64_t mw_rng_derive (uint64_t seed, uint64_t index);
