/* mw-episode-view.h: one episode, as the learner saw it.
 *
 * The support set as N rows × K framed images with the class names, beside the
 * query images with the predicted class, its probability and a right/wrong mark
 * (a ✓ or ✗ on the image and its frame, not colour alone; a legend says so), per-class
 * accuracy and the confusion matrix, before adaptation (step 0) and after each
 * measured adaptation step, chosen with a slider. It only draws the
 * MwEpisodeInspection it is given.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-confusion-view.h"
#include "mw-inspection.h"

G_BEGIN_DECLS

#define MW_TYPE_EPISODE_VIEW (mw_episode_view_get_type ())
G_DECLARE_FINAL_TYPE (MwEpisodeView, mw_episode_view, MW, EPISODE_VIEW, GtkBox)

GtkWidget           *mw_episode_view_new             (void);

/* @inspection: (nullable): NULL empties the view. Shows the last measured step. */
void                 mw_episode_view_set_inspection  (MwEpisodeView       *self,
                                                      MwEpisodeInspection *inspection);
MwEpisodeInspection *mw_episode_view_get_inspection  (MwEpisodeView       *self);

/* The adaptation step shown (the "step" property); an unmeasured step shows
 * the nearest measured one before it. */
void                 mw_episode_view_set_step        (MwEpisodeView       *self,
                                                      int                  step);
int                  mw_episode_view_get_step        (MwEpisodeView       *self);

/* What the view shows now, for tests: the caption under query @index, the
 * summary line, and the confusion matrix. */
const char          *mw_episode_view_get_query_caption (MwEpisodeView     *self,
                                                        int                index);
const char          *mw_episode_view_get_summary     (MwEpisodeView       *self);
/* The framed image (a widget with the style class "mw-thumbnail" and its role's,
 * "mw-role-support" or "mw-role-query"; a query's also "mw-answer-right" or
 * "mw-answer-wrong") of support image @index or of query @index; the mark on
 * query @index ("✓" or "✗"); the line saying what the marks mean. */
GtkWidget           *mw_episode_view_get_image_frame (MwEpisodeView       *self,
                                                      gboolean             query,
                                                      int                  index);
const char          *mw_episode_view_get_query_mark  (MwEpisodeView       *self,
                                                      int                  index);
const char          *mw_episode_view_get_marks_legend (MwEpisodeView      *self);
MwConfusionView     *mw_episode_view_get_confusion   (MwEpisodeView       *self);

G_END_DECLS
