/* mw-confusion-view.h: a confusion matrix with each class's accuracy.
 *
 * Rows are the true classes, columns the predicted ones; each cell is shaded
 * by the share of its row and shows its count. The column on the right gives
 * each class's accuracy as a bar and a percentage. Only draws what it is given.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-inspect-view.h"

G_BEGIN_DECLS

#define MW_TYPE_CONFUSION_VIEW (mw_confusion_view_get_type ())
G_DECLARE_FINAL_TYPE (MwConfusionView, mw_confusion_view, MW, CONFUSION_VIEW, MwInspectView)

GtkWidget *mw_confusion_view_new      (void);
/* Copies @ways × @ways counts ([true · ways + predicted]), @ways accuracies
 * in [0, 1] and the class names; @ways 0 shows nothing. */
void       mw_confusion_view_set_data (MwConfusionView    *self,
                                       int                 ways,
                                       const char * const *names,
                                       const int          *confusion,
                                       const double       *class_accuracy);
int        mw_confusion_view_get_ways (MwConfusionView    *self);
/* The count shown in a cell, for tests; −1 outside the matrix. */
int        mw_confusion_view_get_cell (MwConfusionView    *self,
                                       int                 true_class,
                                       int                 predicted);

G_END_DECLS
