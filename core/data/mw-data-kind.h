/* mw-data-kind.h: the kinds of data an experiment learns from, each a row of the table
 * in mw-data-table.c.  The rest of the program asks a row what its data is and needs,
 * and has the row load it (mw_data_load), instead of naming kinds: a new dataset is its
 * loader's file, its enum line and loader declaration here, and its row. */
#pragma once

#include <glib.h>

#include "mw-dataset.h"
#include "mw-domain-shift.h"

typedef enum {
  MW_DATA_GLYPHS,     /* built-in procedurally drawn glyphs: no files needed */
  MW_DATA_SINUSOID,   /* regression, Finn et al. 2017 */
  MW_DATA_OMNIGLOT,   /* the official zips or their folders */
  MW_DATA_FOLDER,     /* any folder of class folders of PNG/JPEG images */
  MW_DATA_PLANAR,     /* 2-D classification tasks of a family (mw-planar.h) */
  MW_DATA_FASHION_MNIST,  /* Debian's dataset-fashion-mnist: clothing, a far domain */
  MW_DATA_HERSHEY,    /* Debian's hershey-fonts-data: the 26 letters, typeset */
  MW_DATA_COUNT
} MwDataKind;

/* What a run or a test asks of a dataset's loader: the data settings of an experiment
 * (mw_run fills it from MwExperimentConfig) and how the caller wants them applied. */
typedef struct {
  const char *path;           /* the folder or zips to read ("" for data that has none) */
  const char *train_split, *val_split, *test_split;   /* named splits or split files;
                                                       * "" for the usual ones */
  int rotations;              /* 4, 0 or -1 (each split's usual) */
  int height, width, channels;  /* the images as the model takes them */
  int invert;                 /* 1 invert the files, 0 as they are, -1 decide from them */
  gboolean light_background;  /* with invert -1: the background wanted (FALSE: dark) */
  double train_fraction;      /* share of the classes split off for training */
  guint64 seed;               /* the experiment's seed (a folder's class split) */
  int glyph_classes, glyph_samples;
  /* Only the classes a trained model is tested on, not its training classes: the test
   * glyphs, the test split, or every class of a folder (none of them was split off for
   * training in this model's run).  Only test is filled. */
  gboolean test_only;
  /* A checkpoint's recorded class split (NULL-terminated class names), or NULL: every
   * recorded class must still be there; classes the data gained since go nowhere (the
   * note says so), or to the test split with new_classes_to_test. */
  char **train_classes, **test_classes;
  gboolean new_classes_to_test;
  /* The images an episode takes from one class (shots + queries, training's or test's,
   * the larger): a split file's label with fewer is refused at loading, naming its
   * line.  0: not checked there (episodes check it when drawn). */
  int min_class_size;
  /* Applied to every image loaded, after the loader (MW_SHIFT_NONE: none). */
  MwShiftSpec shift;
  int hershey_copies;         /* Hershey: images of each letter per font (0 counts as 1) */
} MwDataRequest;

/* What a loader gives back.  mw_data_result_clear frees what the caller kept. */
typedef struct {
  MwDataset *train, *val, *test;  /* val may be NULL: validation uses test */
  /* The splits loaded, as named in messages; NULL for data without named splits. */
  char *train_split, *val_split, *test_split;
  char *tested;               /* with test_only: what the test classes are ("vinyals-test",
                               * "the test glyphs"), translated */
  char *note;                 /* translated: what the user should know about the class
                               * split (classes left out), or NULL */
  int invert;                 /* request->invert, or what -1 became (1 or 0) */
  double file_border;         /* the files' border brightness, [0, 1], where the invert
                               * setting applies (-1: none read) */
} MwDataResult;

/* Loads what request asks into result (zeroed by the caller, invert and file_border
 * set to the request's and -1); on failure nothing is left in result. */
typedef gboolean (*MwDataLoad) (const MwDataRequest *request, MwDataResult *result,
                                GError **error);
/* FALSE, naming both settings (key=split) and a shared item, when the classes of b share
 * what they show with those of a (as Omniglot's turned characters do): a model trained
 * on a and judged on b would be measured on what it memorised. */
typedef gboolean (*MwDataDisjoint) (const MwDataset *a, const char *a_key, const char *a_split,
                                    const MwDataset *b, const char *b_key, const char *b_split,
                                    GError **error);

typedef struct {
  const char *id;             /* the key-file value: "glyphs" (shown with context "dataset") */
  const char *title;          /* untranslated: the form's drop-down ("Built-in glyphs") */
  const char *description;    /* untranslated: one line for `list` */
  gboolean regression;        /* tasks of points for the MLP, not images: no ways, no batch
                               * norm, no augment */
  gboolean points;            /* classification of 2-D points drawn from the settings (planar):
                               * no images, 2 ways, the MLP or logistic regression */
  const char *preset;         /* the preset (mw_experiment_config_preset) the form fills in
                               * when this dataset is chosen; NULL: the algorithm's defaults */
  gboolean needs_path;        /* loads from the path setting */
  const char *chooser_title;  /* untranslated: the form's dialog that picks the path */
  gboolean drawn;             /* drawn by the program: glyph-classes × glyph-samples images */
  gboolean has_alphabets;     /* classes grouped by alphabet (episode-classes=same-alphabet) */
  gboolean named_splits;      /* train-split, val-split and test-split choose its classes */
  gboolean records_split;     /* classes split by train-fraction from what the path holds:
                               * checkpoints record the split */
  gboolean colour;            /* the channels setting applies; otherwise gray */
  gboolean invert_setting;    /* its files may be dark on light or light on dark: the invert
                               * setting applies */
  gboolean inverted;          /* dark ink on light paper in the files, inverted on loading */
  int image_size;             /* the default input side */
  double images;              /* images it holds, for the memory estimate (0: not known) */
  MwDataLoad load;            /* NULL: nothing to load, tasks are drawn from the settings */
  MwDataDisjoint disjoint;    /* NULL: classes are independent of one another */
} MwDataInfo;

/* The row of @kind; for a kind out of range, a row that has and needs nothing. */
const MwDataInfo *mw_data_info (MwDataKind kind);
const char *mw_data_kind_name (MwDataKind kind);
/* The short name in the user's language ("glyphs"), for sentences. */
const char *mw_data_kind_title (MwDataKind kind);
gboolean mw_data_kind_from_name (const char *name, MwDataKind *kind);
/* The key-file names of every dataset, joined by @separator. */
char *mw_data_kind_names (const char *separator);

/* A request for the data of @kind; result is cleared first and left empty on failure. */
gboolean mw_data_load (MwDataKind kind, const MwDataRequest *request, MwDataResult *result,
                       GError **error);
/* Frees what result still holds (datasets and texts) and zeroes it. */
void mw_data_result_clear (MwDataResult *result);

/* The loaders of the rows, each in its dataset's file. */
gboolean mw_glyphs_load_data (const MwDataRequest *request, MwDataResult *result,
                              GError **error);
gboolean mw_omniglot_load_data (const MwDataRequest *request, MwDataResult *result,
                                GError **error);
gboolean mw_omniglot_splits_disjoint (const MwDataset *a, const char *a_key, const char *a_split,
                                      const MwDataset *b, const char *b_key,
                                      const char *b_split, GError **error);
gboolean mw_image_folder_load_data (const MwDataRequest *request, MwDataResult *result,
                                    GError **error);
gboolean mw_fashion_mnist_load_data (const MwDataRequest *request, MwDataResult *result,
                                     GError **error);
gboolean mw_hershey_load_data (const MwDataRequest *request, MwDataResult *result,
                               GError **error);
