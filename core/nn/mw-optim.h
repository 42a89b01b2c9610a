/* mw-optim.h: SGD and Adam over lists of parameter tensors. */
#pragma once

#include "mw-tensor.h"

/* p -= lr * g for each pair. */
void mw_sgd_step (MwTensor *const *params, MwTensor *const *grads, int n, float lr);

typedef struct MwAdam {
  int n;
  float lr, beta1, beta2, eps;
  int64_t t;
  float **m, **v;     /* first and second moments, one array per parameter */
  size_t *sizes;
} MwAdam;

/* Adam for parameters shaped like params[0..n) (shapes only are read). */
MwAdam *mw_adam_new (MwTensor *const *params, int n, float lr, float beta1, float beta2, float eps);
void mw_adam_free (MwAdam *adam);
void mw_adam_reset (MwAdam *adam);
void mw_adam_step (MwAdam *adam, MwTensor *const *params, MwTensor *const *grads);
