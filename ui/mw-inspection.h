/* mw-inspection.h: what the inspection views are given to draw.
 *
 * Plain reference-counted records, filled by whoever computes (app/'s
 * MwInspector, on its worker thread) and then only read, on the main thread,
 * by the views. They wrap the core's own results (mw-inspect.h) together with
 * what the views need besides the numbers: the images as 8-bit RGB, the class
 * names, the titles.
 *
 * Every record is one boxed type, MwInspection: a struct whose first member
 * is an MwInspection header pointing at its kind, a static description of
 * the record (its name, size and how to free its fields). A new record is a
 * struct and a kind, declared beside the view that draws it; views, the page
 * and the inspector tell records apart by their kind.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-core.h"
#include "mw-inspect-keep.h"

G_BEGIN_DECLS

typedef struct _MwInspectionKind MwInspectionKind;

/**
 * MwInspection:
 *
 * The header every record starts with.
 */
typedef struct {
  const MwInspectionKind *kind;
} MwInspection;

/**
 * MwInspectRequest:
 *
 * What a kind's compute() is given, on the inspector's worker thread.
 */
typedef struct {
  MwRun        *run;           /* the inspected run, used by this thread alone */
  const char   *run_title;     /* "MAML (second order), 300 iterations" */
  GVariant     *params;        /* what the request carries, or NULL */
  GCancellable *cancellable;
  /* The other runs of the window's list that have a checkpoint, for views that draw
   * them beside the inspected run (mw_inspector_set_peers): n_peers names and
   * checkpoint paths; loading them is the kind's to do. */
  int                 n_peers;
  const char * const *peer_names;
  const char * const *peer_checkpoints;
  /* What the kind keeps between its requests (this thread only). */
  MwInspectKeep      *keep;
} MwInspectRequest;

struct _MwInspectionKind
{
  const char *name;              /* "cost": what requests and pages call it */
  gsize       size;              /* of the record's struct */
  void      (*clear) (gpointer record); /* frees its fields; NULL: nothing to free */
  /* Computes a new record for the loaded run, or returns NULL with @error
   * set. NULL for the records the inspector computes from its own table. */
  gpointer  (*compute) (const MwInspectRequest *request,
                        GError                **error);
};

#define MW_TYPE_INSPECTION (mw_inspection_get_type ())
GType mw_inspection_get_type (void) G_GNUC_CONST;

/* Returns: (transfer full): a zero-filled record of @kind with one reference.
 * The last unref clears its fields with the kind's clear(). */
gpointer                mw_inspection_new      (const MwInspectionKind *kind);
gpointer                mw_inspection_ref      (gpointer                record);
void                    mw_inspection_unref    (gpointer                record);
const MwInspectionKind *mw_inspection_get_kind (gconstpointer           record);

/**
 * MwEpisodeInspection:
 *
 * One classification episode: its images, class names, the learner's
 * predictions before and after each adaptation step and, when the network
 * has features to show, the 2-D embedding.
 */
typedef struct {
  MwInspection parent;
  char *title;               /* "MAML (second order) · seed 3" */
  guint64 seed;
  int ways;
  int n_support, n_query;
  int height, width;         /* of every image */
  char **class_names;        /* ways, NULL-terminated */
  int32_t *support_labels;   /* n_support */
  guint8 *support_rgb;       /* n_support × height × width × 3 */
  guint8 *query_rgb;         /* n_query × height × width × 3 */
  MwEpisodeTrace trace;      /* trace.query_labels: the true class of each query */
  gboolean has_embedding;
  MwEmbedding embedding;
  /* A task drawn as meta-training draws it (the training classes, the images distorted
   * by the run's augmentation, the pixels the learner is given), not a test episode. */
  gboolean training;
  gboolean augmented;        /* training, and the run augments its training images */
} MwEpisodeInspection;

/**
 * MwSineInspection:
 *
 * The sinusoid figure of Finn et al. 2017 for one task: the run's fit and,
 * when there is one, a pre-trained baseline's fit on the same support points.
 */
typedef struct {
  MwInspection parent;
  char *title;
  char *baseline_title;      /* NULL without a baseline */
  guint64 seed;
  MwSineFit fit;
  gboolean has_baseline;
  MwSineFit baseline;
} MwSineInspection;

/**
 * MwCompareInspection:
 *
 * Query accuracy and loss against adaptation steps for several runs on the
 * same test episodes (mw_run_test's fixed seed).
 */
typedef struct {
  MwInspection parent;
  int n_runs;
  char **names;              /* n_runs, NULL-terminated */
  MwEvalResult *results;     /* n_runs */
  GdkRGBA *colors;           /* n_runs (each run's own colour), or NULL: the chart's */
} MwCompareInspection;

/* The kinds of the records above. */
extern const MwInspectionKind mw_episode_inspection_kind;
extern const MwInspectionKind mw_sine_inspection_kind;
extern const MwInspectionKind mw_compare_inspection_kind;

/* Returns: (transfer full): a record of @n_runs empty results. */
MwCompareInspection *mw_compare_inspection_new (int n_runs);

/* Converts @n images of @height × @width × @channels floats in [0, 1] into
 * RGB bytes; @invert shows ink (1) dark on light paper, as for glyphs and
 * Omniglot. Returns: (transfer full) */
guint8 *mw_inspection_images_to_rgb (const float *pixels,
                                     int          n,
                                     int          height,
                                     int          width,
                                     int          channels,
                                     gboolean     invert);

/* Returns: (transfer full): a texture of image @index of @rgb, enlarged by
 * whole pixels when it is small. */
GdkTexture *mw_inspection_image_texture (const guint8 *rgb,
                                         int           index,
                                         int           height,
                                         int           width);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MwInspection, mw_inspection_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MwEpisodeInspection, mw_inspection_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MwSineInspection, mw_inspection_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MwCompareInspection, mw_inspection_unref)

G_END_DECLS
