/* mw-rng.c: PCG32 (O'Neill 2014), XSH-RR output, 64-bit state, selectable stream. */
#include "mw-rng.h"

#include <math.h>

static uint64_t
splitmix64 (uint64_t *x)
{
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void
mw_rng_init (MwRng *rng, uint64_t seed, uint64_t stream)
{
  /* Scrambling the seed keeps nearby seeds (1, 2, 3…) from starting in related states. */
  uint64_t s = seed;
  rng->state = 0;
  rng->inc = (stream << 1u) | 1u;
  rng->has_spare = 0;
  rng->spare = 0;
  mw_rng_u32 (rng);
  rng->state += splitmix64 (&s);
  mw_rng_u32 (rng);
}

uint32_t
mw_rng_u32 (MwRng *rng)
{
  uint64_t old = rng->state;
  rng->state = old * 6364136223846793005ULL + rng->inc;
  uint32_t xorshifted = (uint32_t) (((old >> 18u) ^ old) >> 27u);
  uint32_t rot = (uint32_t) (old >> 59u);
  return (xorshifted >> rot) | (xorshifted << ((-rot) & 31));
}

double
mw_rng_uniform (MwRng *rng)
{
  /* 53 random bits from two draws. */
  uint64_t hi = mw_rng_u32 (rng) >> 5, lo = mw_rng_u32 (rng) >> 6;
  return (double) (hi * 67108864ULL + lo) / 9007199254740992.0;
}

float
mw_rng_uniform_range (MwRng *rng, float lo, float hi)
{
  return lo + (hi - lo) * (float) mw_rng_uniform (rng);
}

uint32_t
mw_rng_below (MwRng *rng, uint32_t n)
{
  /* Lemire's nearly-divisionless method, with rejection for exact uniformity. */
  uint64_t m = (uint64_t) mw_rng_u32 (rng) * n;
  uint32_t l = (uint32_t) m;
  if (l < n)
    {
      uint32_t t = -n % n;
      while (l < t)
        {
          m = (uint64_t) mw_rng_u32 (rng) * n;
          l = (uint32_t) m;
        }
    }
  return (uint32_t) (m >> 32);
}

float
mw_rng_normal (MwRng *rng)
{
  if (rng->has_spare)
    {
      rng->has_spare = 0;
      return rng->spare;
    }
  double u, v, s;
  do
    {
      u = 2.0 * mw_rng_uniform (rng) - 1.0;
      v = 2.0 * mw_rng_uniform (rng) - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);
  double f = sqrt (-2.0 * log (s) / s);
  rng->spare = (float) (v * f);
  rng->has_spare = 1;
  return (float) (u * f);
}

float
mw_rng_truncated_normal (MwRng *rng, float stddev)
{
  float z;
  do
    z = mw_rng_normal (rng);
  while (z < -2.0f || z > 2.0f);
  return z * stddev;
}

void
mw_rng_shuffle (MwRng *rng, int *items, int n)
{
  for (int i = n - 1; i > 0; i--)
    {
      int j = (int) mw_rng_below (rng, (uint32_t) i + 1);
      int t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
}

uint64_t
mw_rng_derive (uint64_t seed, uint64_t index)
{
  uint64_t s = seed ^ (index * 0xd1b54a32d192ed03ULL);
  splitmix64 (&s);
  return splitmix64 (&s);
}
