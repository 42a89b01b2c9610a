/* mw-dataset.h: few-shot classification datasets, decoded once into memory.
 *
 * A dataset is a table of classes, each a list of images.  Images are stored once as
 * 8-bit pixels (HWC); a class entry may show a stored image rotated by quarter turns,
 * so Omniglot's rotated classes cost no extra memory.  Pixel values are scaled to
 * [0, 1] when copied out; for Omniglot ink is 1 and paper 0 (as in MAML's and
 * ProtoNets' loaders). */
#pragma once

#include <glib.h>
#include <stdint.h>

#include "mw-rng.h"

#define MW_DATASET_ERROR (mw_dataset_error_quark ())
GQuark mw_dataset_error_quark (void);

typedef enum {
  MW_DATASET_ERROR_NOT_FOUND,     /* missing file or folder */
  MW_DATASET_ERROR_CORRUPT,       /* unreadable zip, PNG or JPEG */
  MW_DATASET_ERROR_EMPTY,         /* no usable classes or images */
  MW_DATASET_ERROR_TOO_SMALL,     /* a class has fewer images than an episode needs */
  MW_DATASET_ERROR_SETTINGS,      /* impossible N-way K-shot settings, unknown split */
  MW_DATASET_ERROR_CANCELLED,     /* the progress callback asked to stop */
} MwDatasetError;

typedef struct {
  char *path;     /* file path, or "archive.zip:entry/name.png" */
  char *reason;   /* why it could not be used */
} MwSkippedFile;

typedef struct MwDataset {
  char *name;                 /* for logs and the UI: "omniglot vinyals-train" */
  int height, width, channels;
  int n_classes;
  char **class_names;         /* n_classes, e.g. "Latin/character01/rot090" */
  int *class_start;           /* n_classes + 1 offsets into the entry table */
  int n_entries;
  int32_t *entry_image;       /* per entry: index of the stored image */
  uint8_t *entry_rotation;    /* per entry: quarter turns counter-clockwise, 0..3 */
  int n_images;               /* stored images */
  uint8_t *pixels;            /* n_images × height × width × channels */
  char **image_sources;       /* n_images: where each stored image came from */
  GPtrArray *skipped;         /* MwSkippedFile *: files that could not be used */
} MwDataset;

void mw_dataset_free (MwDataset *ds);
static inline int
mw_dataset_class_size (const MwDataset *ds, int c)
{
  return ds->class_start[c + 1] - ds->class_start[c];
}
/* Writes image k of class c as height × width × channels floats in [0, 1] (rotation
 * applied). */
void mw_dataset_copy_image (const MwDataset *ds, int c, int k, float *out);
/* The source of image k of class c (for messages and the inspector). */
const char *mw_dataset_image_source (const MwDataset *ds, int c, int k);

/* A new dataset holding only classes[0..n) of ds, in that order (pixels copied, so
 * it outlives ds). */
MwDataset *mw_dataset_subset (const MwDataset *ds, const int *classes, int n);

/* Omniglot from the official zips (images_background.zip, images_evaluation.zip) or
 * their extracted folders, inside dir.  split: "vinyals-train", "vinyals-val",
 * "vinyals-trainval", "vinyals-test" (1200/423 characters, 4 rotations each, the lists
 * of ../shared/data/omniglot/splits/vinyals derived by rule), "background",
 * "evaluation" (no rotations), or the path of a split file (one
 * Alphabet/characterNN[/rotDDD] a line: mw-omniglot-split.c).  Images are resized from
 * 105×105 to size×size with an antialiasing filter.  Decoded images are cached per
 * process. */
MwDataset *mw_omniglot_load (const char *dir, const char *split, int size, GError **error);
/* The same with the rotations chosen: 4 (every character also turned by 90°, 180° and
 * 270°, as three more classes), 0 (none) or -1 (the split's usual: 4 for the Vinyals
 * splits, none for background and evaluation; a split file's
 * lines as they are: a line with /rotDDD is that turn, one without the character as
 * drawn).  With 4 or 0 a split file's character gives its classes where it is first
 * named and its other lines add nothing. */
MwDataset *mw_omniglot_load_rotated (const char *dir, const char *split, int size,
                                     int rotations, GError **error);
/* The named splits, i in [0, mw_omniglot_n_named_splits ()): the name, and what it
 * holds (translated) in *description when that is not NULL. */
int mw_omniglot_n_named_splits (void);
const char *mw_omniglot_named_split (int i, const char **description);
gboolean mw_omniglot_split_is_named (const char *split);
/* What a split file is (translated), for help texts. */
const char *mw_omniglot_split_file_description (void);
/* Drops the decoded images the loaders keep for the life of the process (datasets
 * already returned keep their own copies).  For tests and memory pressure. */
void mw_dataset_cache_clear (void);

/* Any folder whose sub-folders are classes of PNG or JPEG images (grayscale or
 * colour), resized to height × width with channels 1 (luminance) or 3 (RGB).  Files
 * that cannot be read are listed in ds->skipped with the reason; the rest are used.
 * Fails only when no class has an image. */
MwDataset *mw_image_folder_load (const char *dir, int height, int width, int channels,
                                 GError **error);
/* Called as files are decoded (done of total; from the calling thread only); return
 * FALSE to cancel, which fails the load with MW_DATASET_ERROR_CANCELLED. */
typedef gboolean (*MwLoadProgress) (int done, int total, gpointer user_data);
/* The same with progress and cancellation (the task builder's background load). */
MwDataset *mw_image_folder_load_full (const char *dir, int height, int width, int channels,
                                      MwLoadProgress progress, gpointer user_data,
                                      GError **error);

/* How mw_image_folder_load_with reads a folder, and what it found. */
typedef struct {
  int height, width, channels;
  /* 1: every 8-bit value v becomes 255 − v before resampling (as the Omniglot loader
   * does, so the same file gives the same bytes both ways); 0: files as they are;
   * -1: decided from the files' border pixels, to give the background below. */
  int invert;
  gboolean light_background;  /* with invert -1: the background wanted (FALSE: dark,
                               * as Omniglot's and the glyphs' are) */
  MwLoadProgress progress;
  gpointer user_data;
  /* Out: the mean brightness in [0, 1] of the outermost pixels of up to 64 files
   * spread over the folder, as the files are (-1 when none could be read), and
   * whether the images were inverted. */
  double file_border;
  gboolean inverted;
  /* Keep the decoded images in the user's cache folder (mw-image-cache.h), and read
   * them back while the files and these settings stay the same. */
  gboolean cache;
} MwFolderLoad;
MwDataset *mw_image_folder_load_with (const char *dir, MwFolderLoad *load, GError **error);

/* The built-in glyph set: n_classes random stroke programs, each drawn
 * per_class times with jitter, at size×size, grayscale, ink 1.  Deterministic in seed.
 * Needs no files.  A set too large to count (n_classes × per_class over G_MAXINT) is
 * refused with MW_DATASET_ERROR_SETTINGS. */
MwDataset *mw_glyphs_new (int n_classes, int per_class, int size, uint64_t seed,
                          GError **error);

/* Resamples an 8-bit image (HWC) with an antialiasing (Lanczos-3, widened when
 * shrinking) filter. */
void mw_resample_u8 (const uint8_t *src, int sh, int sw, int channels,
                     uint8_t *dst, int dh, int dw);
