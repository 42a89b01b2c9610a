/* mw-tensor.h: float32 tensors, contiguous and row-major.
 *
 * A tensor is either persistent (created with mw_tensor_new, owned by the caller, freed
 * with mw_tensor_free: model parameters, optimiser state, datasets) or a temporary that
 * belongs to a MwTape (created by the ops, released all together by mw_tape_reset). */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MW_MAX_DIMS 6

typedef struct MwTape MwTape;
typedef struct MwNode MwNode;

typedef struct MwTensor {
  float *data;
  int ndim;
  int shape[MW_MAX_DIMS];
  size_t numel;
  /* Autograd.  A leaf that requires_grad is a variable the caller may differentiate
   * against; node is the op that produced a recorded temporary (NULL for leaves and for
   * anything computed while recording is off). */
  bool requires_grad;
  MwNode *node;
  MwTape *tape;     /* owning tape, NULL when persistent */
  bool owns_data;   /* false for views (reshape) */
  /* The tape buffer holding data (shared by views of it), or -1: lets a consuming
   * backward pass release buffers it has finished with. */
  int buffer;
  /* Scratch used by mw_grad on recorded temporaries only (never on leaves, which can be
   * shared between threads). */
  uint32_t grad_epoch;
  int grad_slot;
} MwTensor;

/* Persistent tensors: zero-filled, caller owns the result. */
MwTensor *mw_tensor_new (int ndim, const int *shape);
MwTensor *mw_tensor_new_like (const MwTensor *t);
MwTensor *mw_tensor_new_copy (const MwTensor *t);
void mw_tensor_free (MwTensor *t);

/* Convenience for 1 to 4 dimensions; trailing dims of 0 are dropped. */
MwTensor *mw_tensor_new4 (int d0, int d1, int d2, int d3);

size_t mw_shape_numel (int ndim, const int *shape);
bool mw_tensor_same_shape (const MwTensor *a, const MwTensor *b);
/* Writes "[2, 3, 4]" into buf (for error messages). */
const char *mw_shape_to_string (int ndim, const int *shape, char *buf, size_t len);

void mw_tensor_fill (MwTensor *t, float value);
void mw_tensor_copy_data (MwTensor *dst, const MwTensor *src);
