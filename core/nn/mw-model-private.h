/* mw-model-private.h: helpers the model constructors share. */
#pragma once

#include "mw-model.h"
#include "mw-ops.h"

#define MW_CONV4_BLOCKS 4

MwModel *mw_model_alloc (MwModelKind kind, int n_params);
/* Creates the persistent, requires_grad parameter at index. */
MwTensor *mw_model_add_param (MwModel *m, int index, const char *name, int ndim, const int *shape);
void mw_init_xavier_uniform (MwTensor *t, int fan_in, int fan_out, MwRng *rng);
