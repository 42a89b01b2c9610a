/* mw-augment.h: random distortions of training images: affine (for drawings) and
 * photo (for photographs).
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
  MW_AUGMENT_PHOTO,
  MW_AUGMENT_COUNT
} MwAugment;

/* The key-file name of a kind ("none", "affine", "photo"); NULL past the end. */
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

/* augment=photo: what makes another photo of the same thing, as few-shot learners on
 * mini-ImageNet train with (the crop, flip and colour jitter of torchvision's usual
 * recipe, milder, since a few-shot class has few images and small ones): a crop of 60–100%
 * of the area with an aspect ratio of 3/4 to 4/3, stretched back to the full size; a
 * mirror image with probability ½; brightness, contrast and (colour images) saturation
 * each scaled by a factor in [0.8, 1.2].  A mirror image of a letter is another letter,
 * so the glyphs and Omniglot do not take it (validation refuses it there). */
typedef struct MwPhotoAugment {
  float x0, y0, w, h;         /* the crop, in source pixels */
  gboolean flip;              /* left and right swapped */
  float brightness, contrast, saturation;
} MwPhotoAugment;

/* Draws a photo augmentation for an image of height × width, in a fixed order. */
void mw_photo_augment_draw (MwPhotoAugment *a, MwRng *rng, int height, int width);

/* dst = src cropped, stretched back (bilinear), mirrored and jittered as a says, values
 * kept in [0, 1].  HWC layout; src and dst must not overlap. */
void mw_photo_augment_apply (const MwPhotoAugment *a, const float *src, float *dst,
                             int height, int width, int channels);
