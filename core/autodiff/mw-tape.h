/* mw-tape.h: the arena that owns one step's temporaries, and reverse-mode autodiff.
 *
 * Every op allocates its result on a tape.  mw_tape_reset releases all of them at once
 * and keeps their buffers for the next step, so a training loop does no malloc in steady
 * state.  A tape belongs to one thread at a time; persistent leaves (parameters) may be
 * read by several tapes at once. */
#pragma once

#include "mw-tensor.h"

MwTape *mw_tape_new (void);
void mw_tape_free (MwTape *tape);
/* Releases every temporary of the tape; pointers to them become invalid. */
void mw_tape_reset (MwTape *tape);

/* A point on the tape to come back to: mw_tape_rewind releases every temporary made
 * after the mark (their buffers return to the pool) and keeps those made before.  For
 * passes whose temporaries are not needed afterwards (measuring a query set between
 * adaptation steps), so they do not pile up until the next reset.  Nothing made before
 * the mark may point to anything made after it. */
typedef struct {
  unsigned int live;
  unsigned int block_index;
  size_t block_used;
} MwTapeMark;
MwTapeMark mw_tape_mark (const MwTape *tape);
void mw_tape_rewind (MwTape *tape, MwTapeMark mark);

/* Recording: an op records its node when recording is on and an input requires grad.
 * Returns the previous setting. */
bool mw_tape_set_recording (MwTape *tape, bool on);
bool mw_tape_is_recording (const MwTape *tape);

/* Uninitialised temporary of the given shape (caller fills it). */
MwTensor *mw_tape_tensor (MwTape *tape, int ndim, const int *shape);
MwTensor *mw_tape_zeros (MwTape *tape, int ndim, const int *shape);
/* Temporary holding a copy of data (not recorded, requires no grad). */
MwTensor *mw_tape_constant (MwTape *tape, int ndim, const int *shape, const float *data);
/* Raw scratch memory released with the tape (index arrays, labels). */
void *mw_tape_alloc (MwTape *tape, size_t bytes);

/* Scratch memory valid until the next call on this tape (im2col buffers): one
 * growing buffer, so large temporaries inside an op are not kept for the whole step. */
float *mw_tape_scratch (MwTape *tape, size_t n_floats);

/* Bytes currently held by the tape (live temporaries plus pooled buffers), and the peak. */
size_t mw_tape_bytes_in_use (const MwTape *tape);
size_t mw_tape_peak_bytes (const MwTape *tape);

/* A fresh leaf temporary that shares src's data but not its history: used for
 * first-order methods, which differentiate with respect to adapted parameters. */
MwTensor *mw_detach (MwTape *tape, MwTensor *src, bool requires_grad);

/* Gradients of output with respect to inputs[0..n), like torch.autograd.grad.
 *
 * grad_output seeds the backward pass; NULL means ones (output is usually a scalar).
 * With create_graph the gradients are themselves recorded, so they can be
 * differentiated again (Hessian-vector products, second-order MAML); without it
 * nothing is recorded.  grads_out[i] is a temporary on the tape; an input that the
 * output does not depend on gets zeros.  Returns false with *error set (tape-owned
 * string) if the output was not recorded. */
bool mw_grad (MwTape *tape, MwTensor *output, MwTensor *grad_output,
              MwTensor *const *inputs, int n_inputs, bool create_graph,
              MwTensor **grads_out, const char **error);

/* mw_grad without create_graph, as the graph's last backward pass (PyTorch's
 * retain_graph=False): each temporary between output and inputs is released as soon as
 * the pass is done with it, so the pass needs little more memory than the forward
 * pass kept.  Afterwards only output, grad_output, the inputs and the returned
 * gradients may be used; any other temporary the pass went through is invalid. */
bool mw_grad_consuming (MwTape *tape, MwTensor *output, MwTensor *grad_output,
                        MwTensor *const *inputs, int n_inputs, MwTensor **grads_out,
                        const char **error);
/* The same for a small graph made after mark (an op's backward differentiating its
 * own composite form, possibly inside another consuming pass): only buffers made
 * after mark are released. */
bool mw_grad_consuming_since (MwTape *tape, MwTapeMark mark, MwTensor *output,
                              MwTensor *grad_output, MwTensor *const *inputs, int n_inputs,
                              MwTensor **grads_out, const char **error);
