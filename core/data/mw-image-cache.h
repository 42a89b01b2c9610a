/* mw-image-cache.h: decoded image folders kept on disk between runs.
 *
 * Decoding is most of the time a large folder takes to start: mini-ImageNet's 60,000
 * photos take minutes, their 84 × 84 pixels a second to read back.  So the row loader's
 * folders (MwFolderLoad.cache) are kept, decoded, in
 * $XDG_CACHE_HOME/meta-workbench/image-folders/, one file per folder and settings (the
 * size, the channels, invert and the background asked for), and read back while every
 * file is where it was with the same size and time of change.  A folder that changed is
 * decoded again and its file replaced, so the folder stays the single truth and the
 * cache holds at most one copy per folder and settings.  The cache is only ever a
 * shortcut: a file that is missing, short, from another version or unwritable means the
 * images are decoded as without it. */
#pragma once

#include "mw-dataset-private.h"

#include <stdint.h>

/* Folders of fewer files decode in a moment: they are not kept. */
#define MW_IMAGE_CACHE_MIN_FILES 256

/* The cache file for the folder (or split file) `source` loaded as load asks, or NULL
 * when there is no cache folder (MW_IMAGE_CACHE=off in the environment turns it off). */
char *mw_image_cache_file (const char *source, const MwFolderLoad *load);
/* A digest of the candidates' paths, classes, sizes and times of change, and of load's
 * settings: what must be unchanged for the cache to hold. */
char *mw_image_cache_stamp (const MwImageCandidate *cands, int n_cands,
                            const MwFolderLoad *load);
/* Reads file when it was written for stamp with n_cands images of `bytes` each: their
 * pixels (bytes each, in order), the reasons of the files that could not be used (set on
 * candidates that have none yet), and the folder's border brightness and invert choice.
 * FALSE, changing nothing the caller keeps, when it cannot be used. */
gboolean mw_image_cache_read (const char *file, const char *stamp, MwImageCandidate *cands,
                              int n_cands, size_t bytes, uint8_t *pixels, double *file_border,
                              gboolean *inverted);
/* Writes the same (through a temporary file, renamed once complete); failure is quiet. */
void mw_image_cache_write (const char *file, const char *stamp, const MwImageCandidate *cands,
                           int n_cands, size_t bytes, const uint8_t *pixels,
                           double file_border, gboolean inverted);
