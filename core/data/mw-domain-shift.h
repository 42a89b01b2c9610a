/* mw-domain-shift.h: offline, seeded domain shifts of image datasets, so that a model
 * meta-trained on clean strokes can be tested (and adapted) on data that looks
 * different, with no download: the same images inverted, on textured backgrounds, with
 * thicker or thinner strokes, or turned.
 *
 * Every shift is a function of (image, seed, index) alone: a dataset's images are
 * shifted one by one, on any number of threads, and the same data, seed and settings
 * give the same bytes.  Images are 8-bit HWC with ink bright on a dark background, as
 * every loader leaves them (Omniglot inverted on loading, the glyphs, Fashion-MNIST,
 * the Hershey letters). */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "mw-dataset.h"

typedef enum {
  MW_SHIFT_NONE,
  MW_SHIFT_INVERTED,    /* 1 − x: dark strokes on white paper */
  MW_SHIFT_TEXTURED,    /* strokes over a procedural texture ("Omniglot-M", as MNIST-M) */
  MW_SHIFT_THICK,       /* strokes dilated by the radius */
  MW_SHIFT_THIN,        /* strokes eroded by the radius */
  MW_SHIFT_ROTATED,     /* turned by ± the angle (the sign drawn per image), bilinear */
  MW_SHIFT_COUNT
} MwShiftKind;

/* The key-file names, in the enum's order, NULL-terminated ("none", "inverted", …). */
extern const char *const mw_shift_kind_names[];

/* The textures of MW_SHIFT_TEXTURED, one drawn per image. */
typedef enum {
  MW_TEXTURE_NOISE,     /* fractal value noise (four octaves), like a cloudy surface */
  MW_TEXTURE_STRIPES,   /* soft stripes of a random period and direction, lightly noisy */
  MW_TEXTURE_WOOD,      /* rings about a point outside the image, wavy with noise */
  MW_TEXTURE_MARBLE,    /* veins: a sine of position disturbed by turbulence */
  MW_TEXTURE_PHOTO,     /* photo-like: a smooth light gradient, soft blobs and grain */
  MW_TEXTURE_COUNT
} MwTextureKind;

/* The seed every run's shifts use unless told otherwise: fixed, so that every model
 * meets the same shifted images and an eval of a checkpoint sees what its run saw. */
#define MW_SHIFT_SEED G_GUINT64_CONSTANT (23)

/* Bounds of the parameters (the settings shift-radius and shift-angle). */
#define MW_SHIFT_RADIUS_MIN 0.5
#define MW_SHIFT_RADIUS_MAX 4.0
#define MW_SHIFT_ANGLE_MAX 180.0

/* The radius a shift takes when given 0: thick strokes 1 px wider on each side; thin
 * ones ½ px narrower (Omniglot's and the letters' strokes, 2 px wide at 28 × 28, would
 * vanish under a whole pixel). */
#define MW_SHIFT_THICK_RADIUS 1.0
#define MW_SHIFT_THIN_RADIUS 0.5

typedef struct {
  MwShiftKind kind;
  double radius;        /* thick, thin: pixels, MW_SHIFT_RADIUS_MIN–MAX; 0: the usual */
  double angle;         /* rotated: degrees, 0–MW_SHIFT_ANGLE_MAX */
  guint64 seed;
} MwShiftSpec;

/* kind with the usual radius (0), angle 30° and MW_SHIFT_SEED. */
void mw_shift_spec_init (MwShiftSpec *spec, MwShiftKind kind);
/* The name of a kind; "none" for one out of range. */
const char *mw_shift_kind_name (MwShiftKind kind);
gboolean mw_shift_kind_from_name (const char *name, MwShiftKind *kind);

/* dst = the shift of src (height × width × channels bytes each; they must not
 * overlap), image number index of the data (it chooses the texture or the turn's sign
 * with spec->seed). */
void mw_shift_image (const MwShiftSpec *spec, const uint8_t *src, uint8_t *dst, int height,
                     int width, int channels, uint64_t index);

/* The building blocks, for the tests and the strip of examples. */
void mw_shift_invert (const uint8_t *src, uint8_t *dst, size_t n);
/* Grey-level dilation (dilate) or erosion by a disc of radius pixels whose edge is
 * soft (an offset d weighs clamp(radius + 1 − |d|, 0, 1): offsets within the radius
 * fully, the next pixel out in part), so strokes' edges move by about the radius and
 * stay antialiased.  Erosion is the dilation of the paper, so the two are exact duals. */
void mw_shift_morph (const uint8_t *src, uint8_t *dst, int height, int width, int channels,
                     double radius, gboolean dilate);
/* Turned counter-clockwise by degrees about the centre, bilinear, edges repeated.  0 is
 * the identity to the byte. */
void mw_shift_rotate (const uint8_t *src, uint8_t *dst, int height, int width, int channels,
                      double degrees);
/* height × width values in [0, 1]: texture kind of (seed, index). */
void mw_shift_texture (MwTextureKind kind, float *out, int height, int width, uint64_t seed,
                       uint64_t index);
/* The texture kind drawn for image index of seed. */
MwTextureKind mw_shift_texture_kind (uint64_t seed, uint64_t index);

/* The index of ds's stored image i: a hash of where the image came from without the
 * folder that holds the data ("character01/0101_01.png"), so a copy of the data
 * elsewhere, or a split loaded alone, gets the same shifted images; i when the dataset
 * does not say where its images came from. */
uint64_t mw_shift_image_index (const MwDataset *ds, int i);

/* Shifts every stored image of ds in place (in parallel; the result does not depend on
 * the number of threads) and adds the shift to its name.  MW_SHIFT_NONE leaves it. */
void mw_shift_dataset (MwDataset *ds, const MwShiftSpec *spec);
