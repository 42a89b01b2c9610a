/* mw-conv-winograd-private.h: 3×3 stride-1 "same" convolutions by Winograd's
 * F(2×2, 3×3) (mw-conv-winograd.c), for the conv2d ops of mw-ops-conv.c.  Shapes are
 * NHWC inputs and [OC, 3, 3, C] kernels; outputs are overwritten; scratch comes from
 * the tape; work is split over the calling thread's op workers. */
#pragma once

#include "mw-op-private.h"

/* 3×3 kernel, stride 1, pad 1, at least 8 channels in and out, images at least 4 × 4,
 * and Winograd enabled. */
bool mw_winograd_applies (const int *x_shape, const int *w_shape, MwConvGeom geom);

/* On by default; off makes every convolution take im2col + sgemm (tests compare the
 * two, bench-conv times both).  Not for use while convolutions run. */
void mw_winograd_enable (bool on);

/* image_sums (NULL, or zeroed n × 2 oc): each image's moment sums about the bias
 * (mw_image_moment_sums), taken as the output is written. */
void mw_winograd_forward (MwTape *tape, const float *x, const int *x_shape, const float *w,
                          const int *w_shape, const float *bias, float *y, double *image_sums);
void mw_winograd_input_grad (MwTape *tape, const float *gy, const float *w, const int *w_shape,
                             const int *x_shape, float *gx);
void mw_winograd_weight_grad (MwTape *tape, const float *x, const int *x_shape, const float *gy,
                              const int *w_shape, float *gw);
