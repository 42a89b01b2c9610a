/* mw-augment.h: random affine distortions of training images (augment=affine).
 *
 * Koch et al.'s Siamese networks for Omniglot (2015) trained on the background alphabets
 * with these distortions; the same ranges are used here: rotation ±10°, shear ±0.3,
 * scale 0.8–1.2 on each axis and a shift of ±2/105 of the side, each of the four drawn
 * (or left out) with probability ½ per image.  Only training images are distorted:
 * validation, test and eval see the images as they are. */
#pragma once

#include "mw-rng.h"

#include <glib.h>

typedef enum {
  MW_AUGMENT_NONE,
  MW_AUGMENT_AFFINE,
  MW_AUGMENT_COUNT
} MwAugment;

/* The key-file name of a kind ("none", "affine"); NULL past the end. */
const char *mw_augment_name (MwAugment kind);

/* An affine map from output pixel to source pixel, about the image centre. */
typedef struct MwAffine {
  float m[2][2];
  float shift[2];   /* pixels, (x, y) */
} MwAffine;

/* Draws a map with the ranges above for a side of `size` pixels. */
void mw_affine_draw (MwAffine *map, MwRng *rng, int size);

/* dst[y, x] = src at map(x, y), bilinear, edges repeated (paper stays paper whichever
 * polarity the images have).  HWC layout; src and dst must not overlap. */
void mw_affine_warp (const MwAffine *map, const float *src, float *dst, int height, int width,
                     int channels);
