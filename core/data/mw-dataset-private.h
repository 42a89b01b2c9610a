/* mw-dataset-private.h: helpers shared by the dataset loaders (not installed, not part
 * of the public API): building a MwDataset, precomputed resampling, and a small
 * parallel loop for decoding. */
#pragma once

#include "mw-dataset.h"

/* A dataset with the given geometry and nothing in it yet; ds->skipped is an empty
 * array (the UI can always iterate it). */
MwDataset *mw_dataset_alloc (const char *name, int height, int width, int channels);
/* Appends to ds->skipped (copies both strings). */
void mw_dataset_add_skipped (MwDataset *ds, const char *path, const char *reason);

/* Separable resampling coefficients for one (sh, sw) → (dh, dw) geometry, computed once
 * and reused for every image of a dataset (the sin() calls dominate otherwise). */
typedef struct MwResamplePlan MwResamplePlan;
MwResamplePlan *mw_resample_plan_new (int sh, int sw, int dh, int dw);
void mw_resample_plan_free (MwResamplePlan *plan);
/* Bytes of scratch mw_resample_plan_run needs for `channels`. */
size_t mw_resample_plan_scratch_size (const MwResamplePlan *plan, int channels);
/* scratch: at least mw_resample_plan_scratch_size bytes, or NULL to allocate. */
void mw_resample_plan_run (const MwResamplePlan *plan, const uint8_t *src, int channels,
                           uint8_t *dst, uint8_t *scratch);

/* Calls fn (i, worker, data) for i in [0, n) on up to n_workers threads (0 = one per
 * processor, at most 8), worker in [0, n_workers).  Work is handed out in order from an
 * atomic counter, so results stored by index are independent of the thread count.  fn
 * returns FALSE to stop the loop early (on an error it recorded). */
#include "mw-parallel.h"

/* The per-process decode cache: decoded image sets keyed by a string (the Omniglot
 * loader uses "dir|set|size"), so the GUI and the CLI can load a split twice, or two
 * splits of one set, without decoding again.  Values are g_atomic_rc_box blocks made by
 * build; the cache holds one reference and mw_decode_cache_get returns another, which
 * the caller drops with g_atomic_rc_box_release_full (value, clear).  A GMutex guards the
 * table and is held while building, so two threads asking for the same key decode it
 * once.  A failed build caches nothing. */
typedef gpointer (*MwCacheBuildFunc) (gpointer data, GError **error);
gpointer mw_decode_cache_get (const char *key, MwCacheBuildFunc build, gpointer data,
                              GDestroyNotify clear, GError **error);

/* Lists and decodes the Omniglot images (Alphabet/characterNN/NAME.png) of a zip held in
 * memory, through the same code as the loader's images_background.zip (not cached);
 * returns how many there are, or -1 with MW_DATASET_ERROR.  For the fuzz targets. */
int mw_omniglot_decode_zip_data (const void *data, size_t size, int image_size,
                                 GError **error);

/* One file of an image list, for mw_image_list_decode: its class (an index into the
 * list's class names), its path, and why it cannot be used (NULL: not known yet). */
typedef struct {
  int cls;
  char *path;
  char *reason;
} MwImageCandidate;
/* Frees the strings of an MwImageCandidate (a GArray clear function). */
void mw_image_candidate_clear (gpointer candidate);
/* Resets load's results and checks its geometry (MW_DATASET_ERROR_SETTINGS). */
gboolean mw_image_load_check (MwFolderLoad *load, GError **error);
/* Decodes cands (MwImageCandidate, grouped by class in the order of class_names) into ds
 * as load asks, from the decode cache when load->cache and the files are unchanged;
 * files that cannot be used, and classes left without images, go to ds->skipped (a
 * class as dir/NAME).  shown names the source in messages.  FALSE when no file could be
 * used or the load was cancelled. */
gboolean mw_image_list_decode (MwDataset *ds, const char *dir, const char *shown,
                               GPtrArray *class_names, GArray *cands, MwFolderLoad *load,
                               GError **error);
