/* mw-sine-fit-view.h: the classic MAML sinusoid figure for one learner.
 *
 * The ground-truth curve, the K support points, the prediction before
 * adaptation and after the chosen number of steps (earlier steps faint). It
 * draws one of the two fits of an MwSineInspection: the run's, or the
 * pre-trained baseline's, so two views side by side compare them.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-inspect-view.h"
#include "mw-inspection.h"

G_BEGIN_DECLS

#define MW_TYPE_SINE_FIT_VIEW (mw_sine_fit_view_get_type ())
G_DECLARE_FINAL_TYPE (MwSineFitView, mw_sine_fit_view, MW, SINE_FIT_VIEW, MwInspectView)

GtkWidget *mw_sine_fit_view_new            (void);
/* @inspection: (nullable); @baseline: draw its baseline fit instead. */
void       mw_sine_fit_view_set_inspection (MwSineFitView    *self,
                                            MwSineInspection *inspection,
                                            gboolean          baseline);
/* The "step" property: adaptation steps shown (clamped to the measured ones). */
void       mw_sine_fit_view_set_step       (MwSineFitView    *self,
                                            int               step);
int        mw_sine_fit_view_get_step       (MwSineFitView    *self);
/* The fit drawn now (NULL when there is none) and its grid MSE. */
const MwSineFit *mw_sine_fit_view_get_fit  (MwSineFitView    *self);
double     mw_sine_fit_view_get_mse        (MwSineFitView    *self);

G_END_DECLS
