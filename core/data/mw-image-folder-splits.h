/* mw-image-folder-splits.h: image folders whose classes come split already into
 * training, validation and test classes, as mini-ImageNet reaches its users:
 *
 *   split files    train.csv, val.csv and test.csv of `filename,label` lines under a
 *                  header line (Ravi & Larochelle 2017), the images in images/ (one flat
 *                  folder) or in a folder per label;
 *   split folders  train/, val/ and test/, each a folder of class folders.
 *
 * val is optional in both (validation then uses the test classes).  Every other folder
 * is a folder of class folders whose classes the run splits by train-fraction. */
#pragma once

#include "mw-data-kind.h"

typedef enum {
  MW_FOLDER_LAYOUT_CLASSES,       /* class folders, split by the run */
  MW_FOLDER_LAYOUT_SPLIT_FILES,   /* train.csv, val.csv, test.csv */
  MW_FOLDER_LAYOUT_SPLIT_FOLDERS, /* train/, val/, test/ */
} MwFolderLayout;

/* The layout of dir: split files when it holds train.csv, split folders when its
 * train/ and test/ hold folders and no images. */
MwFolderLayout mw_image_folder_layout (const char *dir);

/* The most bytes a split file may have (mini-ImageNet's train.csv has 1.2 MB). */
#define MW_SPLIT_FILE_MAX_SIZE (64 * 1024 * 1024)

/* Loads the splits of a folder of layout (not MW_FOLDER_LAYOUT_CLASSES) as the row loader
 * does (mw_image_folder_load_data), each split decoded once and kept in the decode
 * cache.  A split file's problems name the file and line: a bad header, a line that is
 * not two fields, a file it names that is in neither place, a label also in another
 * split file, and a label with fewer images than request->min_class_size. */
gboolean mw_image_folder_load_splits (const MwDataRequest *request, MwFolderLayout layout,
                                      MwDataResult *result, GError **error);
