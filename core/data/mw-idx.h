/* mw-idx.h: reading gzip-compressed IDX files, the format of MNIST and Fashion-MNIST
 * (LeCun et al.): a 4-byte magic (two zero bytes, a type byte, the number of
 * dimensions), each dimension as a big-endian 32-bit count, then the values. */
#pragma once

#include <glib.h>
#include <stdint.h>

/* The type byte of unsigned 8-bit values, the only type these datasets use. */
#define MW_IDX_UBYTE 0x08
#define MW_IDX_MAX_DIMS 4

/* The values of the gzip file path, which must hold n_dims dimensions of unsigned
 * bytes: their counts go to dims.  Refused with MW_DATASET_ERROR, the message naming
 * the file: not a regular file, not gzip, a compressed file over max_file bytes, a
 * magic of another type or shape, a dimension of 0, more than max_values values (checked
 * before anything is allocated for them), or data cut short, corrupt or followed by
 * more.  A missing file gives MW_DATASET_ERROR_NOT_FOUND.  Free with g_free. */
uint8_t *mw_idx_read_gz (const char *path, int n_dims, guint32 *dims, gsize max_file,
                         gsize max_values, GError **error);
