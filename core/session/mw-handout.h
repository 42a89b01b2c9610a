/* mw-handout.h: an experiment file a teacher hands out.
 *
 * A handout is an ordinary experiment file (mw-experiment.h: settings, seed,
 * dataset), so `train -c` runs it as it is, plus a [handout] group for the
 * lesson:
 *
 *   [handout]
 *   version=1
 *   title=N-way and K-shot
 *   instructions=Change the shots and watch the accuracy.
 *   locked=algorithm;dataset;ways;
 *
 * `locked` names settings (the experiment file's own keys) that students do
 * not change; only the file itself unlocks them.  title and instructions may
 * have translations (title[zh_CN]=…).  A plain experiment file reads as a
 * handout without a lesson and with nothing locked. */
#pragma once

#include "mw-experiment.h"

#include <glib.h>

/* The format this code reads and writes. */
#define MW_HANDOUT_VERSION 1
#define MW_HANDOUT_GROUP "handout"
/* What the desktop knows these files by (data/…mime.xml). */
#define MW_HANDOUT_SUFFIX ".mwexp"
#define MW_HANDOUT_MIME_TYPE "application/x-meta-workbench-experiment"
/* Larger files are not experiment files (they hold a few dozen settings). */
#define MW_HANDOUT_MAX_SIZE (256 * 1024)

#define MW_HANDOUT_ERROR (mw_handout_error_quark ())
GQuark mw_handout_error_quark (void);

typedef enum {
  MW_HANDOUT_ERROR_NOT_EXPERIMENT,  /* not a key file, or no experiment groups */
  MW_HANDOUT_ERROR_VERSION,         /* no version, or one this code cannot read */
  MW_HANDOUT_ERROR_LOCKED,          /* `locked` names no setting */
  MW_HANDOUT_ERROR_KEY,             /* an unknown key in [handout] */
  MW_HANDOUT_ERROR_SETTING,         /* a bad experiment setting */
} MwHandoutError;

typedef struct MwHandout {
  MwExperimentConfig config;
  gboolean has_lesson;    /* the file has a [handout] group */
  char *title;            /* "" when none; in the reader's language if given */
  char *instructions;     /* "" when none */
  char **locked;          /* setting keys, no duplicates; never NULL */
} MwHandout;

/* An empty handout: MAML on the built-in glyphs, no lesson, nothing locked. */
void mw_handout_init (MwHandout *handout);
void mw_handout_clear (MwHandout *handout);
void mw_handout_copy (MwHandout *dst, const MwHandout *src);

/* Reads a handout or a plain experiment file from @text (@length bytes, -1:
 * NUL-terminated).  @filename is only for the messages, which name it and the
 * group or key at fault.  On error @handout is left as it was. */
gboolean mw_handout_load_data (MwHandout *handout, const char *text, gssize length,
                               const char *filename, GError **error);
/* Reads the file at @path; a folder named relative to the handout (see
 * mw_handout_portable_path) becomes that folder's absolute path.  Older handouts'
 * absolute paths stay as they are. */
gboolean mw_handout_load (MwHandout *handout, const char *path, GError **error);

/* Returns: (transfer full): the file's text: the lesson first, then every
 * experiment setting with its comment. */
char *mw_handout_to_data (const MwHandout *handout);
/* Writes @handout atomically (a temporary file renamed over @path), naming its
 * dataset so that it is found on another computer (mw_handout_portable_path). */
gboolean mw_handout_save (const MwHandout *handout, const char *path, GError **error);

/* How a handout saved as @handout_path names the dataset of @config, so that a
 * student's computer finds it: the built-in datasets need no path (""); Omniglot is
 * named by its dataset alone (""), and each computer finds its own copy
 * (mw_handout_find_omniglot); an image folder inside the handout's folder is named
 * relative to it ("photos/animals"), so the two travel together.  Any other folder
 * keeps its absolute path, and @absolute (may be NULL) is set to TRUE: it must be at
 * the same place on the student's computer. */
char *mw_handout_portable_path (const MwExperimentConfig *config, const char *handout_path,
                                gboolean *absolute);
/* Where Omniglot is on this computer: @preferred (the folder last used, may be NULL),
 * MW_OMNIGLOT_DIR, then the data folder's meta-workbench/omniglot, the first that
 * holds images_background (its zip or its folder).  NULL when none does. */
char *mw_handout_find_omniglot (const char *preferred);

/* Whether @key is locked (a NULL-safe lookup in handout->locked). */
gboolean mw_handout_is_locked (const MwHandout *handout, const char *key);
/* Replaces the locked keys; FALSE (and nothing changes) when one names no
 * setting. */
gboolean mw_handout_set_locked (MwHandout *handout, const char *const *keys, GError **error);
/* Whether @key is a setting of experiment files ("ways", "inner-lr", …), which
 * is what a handout can lock. */
gboolean mw_handout_is_setting (const char *key);
