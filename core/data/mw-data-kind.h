/* mw-data-kind.h: the kinds of data an experiment learns from, each a row of the table
 * in mw-data-table.c.  The rest of the program asks a row what its data is and needs
 * instead of naming kinds, so a new dataset is its loader and its row. */
#pragma once

#include <glib.h>

typedef enum {
  MW_DATA_GLYPHS,     /* built-in procedurally drawn glyphs: no files needed */
  MW_DATA_SINUSOID,   /* regression, Finn et al. 2017 */
  MW_DATA_OMNIGLOT,   /* the official zips or their folders */
  MW_DATA_FOLDER,     /* any folder of class folders of PNG/JPEG images */
  MW_DATA_COUNT
} MwDataKind;

typedef struct {
  const char *id;             /* the key-file value: "glyphs" (shown with context "dataset") */
  const char *title;          /* untranslated: the form's drop-down ("Built-in glyphs") */
  const char *description;    /* untranslated: one line for `list` */
  gboolean regression;        /* tasks of points for the MLP, not images: no ways, no batch
                               * norm, no augment */
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
} MwDataInfo;

/* The row of @kind; for a kind out of range, a row that has and needs nothing. */
const MwDataInfo *mw_data_info (MwDataKind kind);
const char *mw_data_kind_name (MwDataKind kind);
/* The short name in the user's language ("glyphs"), for sentences. */
const char *mw_data_kind_title (MwDataKind kind);
gboolean mw_data_kind_from_name (const char *name, MwDataKind *kind);
/* The key-file names of every dataset, joined by @separator. */
char *mw_data_kind_names (const char *separator);
