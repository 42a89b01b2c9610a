/* mw-hershey.h: the Hershey vector fonts (A. V. Hershey, 1967) of Debian's
 * hershey-fonts-data, read from their .jhf files and rendered as the 26 capital
 * letters in every Latin style: typeset letters, a far domain for a model trained on
 * handwriting (the loader is the data table's row, mw_hershey_load_data).
 *
 * A .jhf file is one glyph a line (a long glyph may go on over more lines): a number in
 * 5 columns, the count of coordinate pairs in 3, then the pairs, each two characters
 * whose distance from 'R' is x and y (y pointing down); the first pair is the glyph's
 * left and right edges, and " R" lifts the pen.  The files of the package hold the 96
 * printable ASCII characters in order from the space, so 'A' is glyph 33. */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "mw-dataset.h"

#define MW_HERSHEY_DIR "/usr/share/hershey-fonts"
#define MW_HERSHEY_PACKAGE "hershey-fonts-data"
#define MW_HERSHEY_LETTERS 26
/* Letters A–P train, Q–Z test. */
#define MW_HERSHEY_TRAIN_LETTERS 16
/* The most coordinate pairs a glyph may have (the largest in the package has ~150). */
#define MW_HERSHEY_MAX_PAIRS 1000
/* The most jittered copies of each letter of each font (the hershey-copies setting). */
#define MW_HERSHEY_MAX_COPIES 20

/* The pen-up mark among a glyph's points. */
#define MW_HERSHEY_PEN_UP INT8_MIN

typedef struct {
  int number;               /* the Hershey number of the first columns */
  int left, right;          /* the glyph's edges */
  int n_points;             /* points after the edges, pen-ups included */
  int8_t *x, *y;            /* n_points each; x == MW_HERSHEY_PEN_UP lifts the pen */
} MwHersheyGlyph;

/* The glyphs of a .jhf file's text, in order (MwHersheyGlyph *, freed with the array).
 * Refused with MW_DATASET_ERROR_CORRUPT naming the file (name) and line: a number or
 * count that is not one, a count of 0 or over MW_HERSHEY_MAX_PAIRS, a coordinate
 * outside the printable characters, a glyph cut short, or no glyph at all. */
GPtrArray *mw_hershey_parse (const char *text, gsize length, const char *name, GError **error);

/* The Latin fonts looked for, i in [0, mw_hershey_n_fonts ()): the file name
 * ("rowmans.jhf"). */
int mw_hershey_n_fonts (void);
const char *mw_hershey_font_file (int i);

/* Renders glyph g at size × size into out: ink 255 on 0, antialiased strokes of
 * radius × size / 28 pixels, the glyph's box centred and its longer side 20/28 of the
 * image (MNIST's rule), turned by degrees and scaled by scale about the centre, and
 * shifted by (dx, dy) pixels. */
void mw_hershey_render (const MwHersheyGlyph *g, uint8_t *out, int size, float radius,
                        float degrees, float scale, float dx, float dy);

/* Every Latin font found in dir (NULL: MW_HERSHEY_DIR): 26 classes "A" … "Z", each
 * every font's letter, then copies − 1 more of each, slightly turned, scaled, moved and
 * thickened (seeded, the same every time).  A font file that is missing is skipped; one
 * that is corrupt, or a folder without any, fails the load (naming the package when
 * dir is the default). */
MwDataset *mw_hershey_load (const char *dir, int size, int copies, GError **error);
