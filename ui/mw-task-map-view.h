/* mw-task-map-view.h: the map of tasks.
 *
 * Seeded test tasks and training tasks of the run, embedded by the diagonal
 * Fisher of the learner's model (core/meta/mw-task-map.h), drawn as a 2-D
 * MDS map of their cosine distances, test tasks coloured by their property
 * (Omniglot: the alphabet), training tasks grey; beside it each test task's
 * accuracy after adaptation against its distance to the nearest training
 * task. Hovering a point names its task (episode, classes, accuracy). Draws
 * an MwTaskMapInspection, which its kind computes on the inspector's worker
 * thread when the view's "Map Tasks" button asks.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-inspect-view.h"
#include "mw-inspection.h"

G_BEGIN_DECLS

/**
 * MwTaskMapInspection:
 *
 * The task map of a run.
 */
typedef struct {
  MwInspection parent;
  char *title;
  MwTaskMap map;
  MwTaskEmbeddingKind kind;  /* Fisher, or prototypes for a model with nothing below its head */
  guint64 seed;              /* of the test tasks (task i is episode i) */
  int n_properties;          /* distinct non-empty properties of the test tasks */
  char **properties;         /* sorted; a test task's colour is its index here */
  char **property_labels;    /* the same in the user's language, for the legend */
  double correlation;        /* Pearson's r of accuracy and distance (NaN: none) */
} MwTaskMapInspection;

/* Its compute() takes "(ii)", the test and training tasks, or NULL for 200
 * of each. */
extern const MwInspectionKind mw_task_map_inspection_kind;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MwTaskMapInspection, mw_inspection_unref)

#define MW_TYPE_TASK_MAP_VIEW (mw_task_map_view_get_type ())
G_DECLARE_FINAL_TYPE (MwTaskMapView, mw_task_map_view, MW, TASK_MAP_VIEW, MwInspectView)

GtkWidget *mw_task_map_view_new         (void);
/* Returns: (transfer full): the summary line drawn on top. */
char      *mw_task_map_view_dup_summary (MwTaskMapView *self);
/* Returns: (transfer full) (nullable): what hovering (@x, @y), in the
 * widget's pixels, shows: the nearest point's task, or NULL. */
char      *mw_task_map_view_dup_point_text (MwTaskMapView *self,
                                            double         x,
                                            double         y);
/* The widget position of test task @task's point on the map (FALSE when
 * nothing is drawn). */
gboolean   mw_task_map_view_get_point    (MwTaskMapView *self,
                                          int            task,
                                          double        *x,
                                          double        *y);

G_END_DECLS
