/* mw-checkpoint.h: versioned binary checkpoints, written atomically, checked on load.
 *
 * Format, version 1 (all integers little-endian):
 *   8 bytes   magic "MWCKPT\r\n" (the CR LF catches text-mode mangling)
 *   u32       format version (1)
 *   u32 H     length of the header, then H bytes of UTF-8 key-file text: the experiment
 *             settings and a [checkpoint] group (iteration, tasks seen, RNG state,
 *             optimiser step counters)
 *   u32 T     number of tensors, then T records:
 *               u32 L, L bytes of name (e.g. "block1.conv.weight", "adam.m.head.bias"),
 *               u64 N, N float32 values
 *   32 bytes  SHA-256 of everything before it
 * The file is written to a temporary name and renamed, so a crash never leaves a
 * half-written checkpoint in place. */
#pragma once

#include "mw-algorithm.h"

#define MW_CHECKPOINT_VERSION 1

#define MW_CHECKPOINT_ERROR (mw_checkpoint_error_quark ())
GQuark mw_checkpoint_error_quark (void);
typedef enum {
  MW_CHECKPOINT_ERROR_FORMAT,     /* not a checkpoint, truncated or corrupt */
  MW_CHECKPOINT_ERROR_VERSION,    /* written by a newer format */
  MW_CHECKPOINT_ERROR_MISMATCH,   /* tensors do not fit this algorithm/model */
} MwCheckpointError;

gboolean mw_checkpoint_save (const char *path, const char *header, MwAlgorithm *algo,
                             GError **error);
/* Checkpoint files larger than this are refused before they are read (a Conv4 of 64
 * filters with its Adam moments is under 2 MiB). */
#define MW_CHECKPOINT_MAX_FILE_SIZE ((gsize) 1024 * 1024 * 1024)
/* Reads and verifies path (only a regular file of at most MW_CHECKPOINT_MAX_FILE_SIZE
 * that starts with the magic is read: mw-input-file.h); returns the header text (free with g_free) and, if algo is
 * not NULL, copies every tensor into the algorithm's state (names and sizes must
 * match exactly). */
char *mw_checkpoint_load (const char *path, MwAlgorithm *algo, GError **error);
/* The same for a checkpoint already in memory; name stands for the file in messages. */
char *mw_checkpoint_load_data (const void *data, size_t len, const char *name,
                               MwAlgorithm *algo, GError **error);
