/* mw-preprocess.h: how a model's input images were made from files, owned by the model.
 *
 * A learner only works on images prepared the way its training images were: the same
 * size and channels, and above all the same ink polarity.  Omniglot's files are black
 * ink on white paper, but its loader inverts them (ink 1, paper 0, as MAML and
 * ProtoNets feed them); the glyphs are drawn light on dark; a folder of scans is light
 * paper unless inverted.  A model given the other polarity errs several times as often,
 * and nothing fails.  So the run records how its images were prepared (and what they
 * looked like afterwards), the checkpoint keeps that record, and every path that feeds
 * new images to a trained model loads them through mw_preprocess_load_folder, which
 * prepares them the same way and says when they still look different. */
#pragma once

#include <glib.h>

#include "mw-dataset.h"
#include "mw-experiment.h"

/* Whether a folder's images are inverted (v → 255 − v, on the 8-bit image before
 * resampling).  The values are those of the `invert` setting (auto, no, yes). */
typedef enum {
  MW_INVERT_AUTO = -1,    /* decided from the files' border pixels */
  MW_INVERT_NO = 0,
  MW_INVERT_YES = 1,
} MwInvertChoice;

/* The normalisation and resampling every loader uses (named so a checkpoint says it). */
#define MW_PREPROCESS_NORMALIZE "divide-255"  /* 8-bit value / 255 into [0, 1] */
#define MW_PREPROCESS_RESAMPLE "lanczos3"     /* mw_resample_u8, antialiased */

typedef struct {
  int height, width, channels;
  gboolean invert;            /* the files were inverted before resampling */
  gboolean dark_background;   /* after preprocessing the background (paper) is dark */
  /* The training images after preprocessing, in [0, 1]: mean brightness, and mean
   * brightness of their outermost pixels (the paper).  -1 when not known. */
  double mean, border_mean;
} MwPreprocess;

/* What mw_preprocess_load_folder did with a folder. */
typedef struct {
  double file_border;         /* the files' border brightness as they are, [0, 1]; -1 none */
  gboolean inverted;          /* whether they were inverted */
  double mean, border_mean;   /* the loaded images after preprocessing, [0, 1] */
  char *warning;              /* NULL, or how the images still differ from the model's
                               * training images and the fix (translated) */
} MwPreprocessReport;

void mw_preprocess_report_clear (MwPreprocessReport *report);

/* The record for images made as config makes them, before any are measured: Omniglot
 * inverted with a dark background, the glyphs dark as drawn, a folder inverted as
 * config->invert says (auto counts as not inverted, the files as they are, which is
 * what runs made before the setting existed did).  Statistics unknown (-1).  For
 * sinusoid (no images) the record has channels 0. */
void mw_preprocess_from_config (MwPreprocess *pre, const MwExperimentConfig *config);
/* Mean and border brightness of a dataset's stored images, in [0, 1]. */
void mw_dataset_brightness (const MwDataset *ds, double *mean, double *border_mean);
/* Records ds's statistics in pre; a folder's background polarity follows from them. */
void mw_preprocess_measure (MwPreprocess *pre, const MwDataset *ds, gboolean from_folder);

/* Whether two records describe the same preprocessing (field by field). */
gboolean mw_preprocess_equal (const MwPreprocess *a, const MwPreprocess *b);

/* The record as keys of group in kf, and back.  Reading fails (MW_ALGORITHM_ERROR)
 * on a missing or impossible value; check g_key_file_has_group first. */
void mw_preprocess_to_key_file (const MwPreprocess *pre, GKeyFile *kf, const char *group);
gboolean mw_preprocess_from_key_file (MwPreprocess *pre, GKeyFile *kf, const char *group,
                                      GError **error);
/* A few lines for people ("eval" prints them), in their language. */
char *mw_preprocess_describe (const MwPreprocess *pre);

/* Loads a folder of class folders of images the way the model described by `model`
 * expects its input: model->height × model->width, model->channels, values / 255,
 * Lanczos-3 resampling, and inverted or not:
 *   MW_INVERT_AUTO  inverted when the files' border brightness (see MwFolderLoad) is on
 *                   the other side of 0.5 from the model's background, so an Omniglot
 *                   model given black-on-white PNGs gets them light on dark, exactly
 *                   the bytes its training loader made;
 *   MW_INVERT_YES / MW_INVERT_NO  as the user forces.
 * Every path that feeds images to a trained model uses this (the CLI's eval on a
 * folder or task file, the window's task builder), so they cannot disagree.
 * report (may be NULL; clear it with mw_preprocess_report_clear) receives what was
 * detected and done, and a warning when the loaded images still differ sharply from
 * the model's training images (mean border brightness on the other side of 0.5, or
 * mean brightness 0.35 or more away), naming the fix (`--set invert=yes|no`, or the
 * window's Invert control).  The warning does not fail the load.  Errors as
 * mw_image_folder_load (MW_DATASET_ERROR). */
MwDataset *mw_preprocess_load_folder (const MwPreprocess *model, const char *dir,
                                      MwInvertChoice invert, MwPreprocessReport *report,
                                      GError **error);
/* The same with progress and cancellation (as mw_image_folder_load_full). */
MwDataset *mw_preprocess_load_folder_full (const MwPreprocess *model, const char *dir,
                                           MwInvertChoice invert, MwLoadProgress progress,
                                           gpointer user_data, MwPreprocessReport *report,
                                           GError **error);
/* Asks a dataset's loader for images as the model takes them: its size and channels,
 * and (with invert -1) its background. */
void mw_preprocess_request (const MwPreprocess *model, MwDataRequest *request);
/* The report of mw_preprocess_load_folder for ds, loaded so against the model from files
 * of border brightness file_border, inverted or not. */
void mw_preprocess_report_fill (const MwPreprocess *model, const MwDataset *ds,
                                double file_border, gboolean inverted,
                                MwPreprocessReport *report);
