/* mw-hand-task.h: few-shot tasks built by hand from a folder of class folders.
 *
 * A hand task names, for each chosen class (a sub-folder), which of its images are
 * support and which are query.  It is saved as a small manifest (a key file) next to
 * the images and reopened later; building it against the loaded folder (a MwDataset
 * from mw_image_folder_load) gives a MwTask any trained learner can adapt on. */
#pragma once

#include "mw-dataset.h"
#include "mw-rng.h"
#include "mw-task.h"

#include <glib.h>

typedef enum {
  MW_HAND_ROLE_NONE,
  MW_HAND_ROLE_SUPPORT,
  MW_HAND_ROLE_QUERY,
} MwHandRole;

typedef struct MwHandClass {
  char *name;             /* the class folder's name */
  GPtrArray *support;     /* char *: file names inside the class folder */
  GPtrArray *query;
} MwHandClass;

typedef struct MwHandTask {
  char *name;             /* the task's name in a manifest of several; NULL if unnamed */
  char *folder;           /* the image folder */
  GPtrArray *classes;     /* MwHandClass *, in episode label order */
} MwHandTask;

/* The manifest's file name inside the image folder. */
#define MW_HAND_TASK_FILE_NAME "meta-workbench-task.ini"

MwHandTask *mw_hand_task_new (const char *folder);
void mw_hand_task_free (MwHandTask *task);
/* A deep copy (name, folder, classes and their choices). */
MwHandTask *mw_hand_task_copy (const MwHandTask *task);
/* The class named name, added (as the next label) when it is not there yet. */
MwHandClass *mw_hand_task_class (MwHandTask *task, const char *name);
/* Removes a class and its choices; FALSE if it is not in the task. */
gboolean mw_hand_task_remove_class (MwHandTask *task, const char *name);
/* Puts file (a name inside the class folder) in the given role, taking it out of the
 * other; MW_HAND_ROLE_NONE takes it out of both. */
void mw_hand_task_set_role (MwHandTask *task, const char *class_name, const char *file,
                            MwHandRole role);
MwHandRole mw_hand_task_get_role (const MwHandTask *task, const char *class_name, const char *file);
/* Replaces the choices with `ways` classes of ds (dataset class indices; all its
 * classes drawn at random when classes is NULL) and `shots` support plus `queries`
 * query images of each, drawn from rng.  Fails, naming the class or setting, when ds
 * cannot supply them. */
gboolean mw_hand_task_sample (MwHandTask *task, const MwDataset *ds, const int *classes,
                              int ways, int shots, int queries, MwRng *rng, GError **error);

/* Writes the manifest atomically (a relative folder path when the manifest lies in the
 * image folder, so the folder can be moved or shared). */
gboolean mw_hand_task_save (const MwHandTask *task, const char *path, GError **error);
/* Reads a manifest of one task; the error names the file and what is wrong with it
 * (a manifest of several tasks is refused, naming how many it holds). */
MwHandTask *mw_hand_task_load (const char *path, GError **error);

/* Manifests of several tasks (version 2), for testing a learner on a fixed set:
 *
 *   [task]
 *   version=2
 *   tasks=2                   how many [task N] groups follow
 *
 *   [task 1]
 *   name=two-shapes           unique, not empty
 *   folder=two-shapes         relative to the manifest's folder, or absolute
 *   classes=2
 *
 *   [task 1 class 1]          as [class N] of version 1: name, support, query
 *   name=bars
 *   support=support-1.png;
 *   query=query-1.png;query-2.png;
 *
 * Each task has its own folder, so tasks may share class names.  Version 1 files (one
 * task, [class N] groups) still load, as one task. */
/* Writes tasks (MwHandTask *, each with a name) as a version 2 manifest, atomically. */
gboolean mw_hand_task_save_all (GPtrArray *tasks, const char *path, GError **error);
/* Reads a manifest of either version: an array of MwHandTask * (freed with the array);
 * a version 1 task has no name. */
GPtrArray *mw_hand_task_load_all (const char *path, GError **error);

/* A hand task resolved against its loaded folder: the tensors and labels a learner
 * needs, and where each row came from (for thumbnails). */
typedef struct MwHandEpisode {
  MwTask task;                 /* points into the fields below */
  MwTensor *support_x, *query_x;
  int32_t *support_labels, *query_labels;
  int *support_class, *support_item;   /* dataset class and image index of each row */
  int *query_class, *query_item;
} MwHandEpisode;

/* Checks the task against ds and builds it: at least 2 classes, the same number of
 * support images (≥ 1) in every class (the prototype and MAML code assume it), at
 * least one query image, and every named file present and readable in ds (the error
 * names the first that is not — e.g. a file listed in ds->skipped). */
MwHandEpisode *mw_hand_task_build (const MwHandTask *task, const MwDataset *ds, GError **error);
void mw_hand_episode_free (MwHandEpisode *episode);
