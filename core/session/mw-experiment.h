/* mw-experiment.h: an experiment is every setting of a run plus its seed, kept in a
 * small human-readable key file; the same file and seed give the same curves. */
#pragma once

#include "mw-algorithm.h"
#include "mw-augment.h"
#include "mw-data-kind.h"
#include "mw-planar.h"

/* Which classes an episode may draw together (every episode: training, validation,
 * test).  Same-alphabet is Lake et al.'s within-alphabet protocol for Omniglot. */
typedef enum {
  MW_EPISODE_CLASSES_ANY,
  MW_EPISODE_CLASSES_SAME_ALPHABET,
} MwEpisodeClasses;

typedef struct MwExperimentConfig {
  char *name;
  guint64 seed;
  MwAlgorithmConfig algo;
  /* Data. */
  MwDataKind data;
  char *data_path;          /* Omniglot folder, image folder */
  char *train_split;        /* Omniglot: vinyals-train / vinyals-trainval / background, or a
                             * split file's path as the user gave it */
  char *val_split;          /* validation classes ("" = use the test split) */
  char *test_split;         /* Omniglot: vinyals-test / evaluation, or a split file */
  int rotations;            /* Omniglot: 4 (each character in 4 quarter turns), 0, -1 = auto */
  int image_size;           /* side of the square input (28 for Omniglot) */
  int channels;             /* image folders: 1 or 3 */
  int invert;               /* image folders: 1 invert the files, 0 as they are, -1 auto
                             * (a run replaces auto with what it chose: MwInvertChoice) */
  double train_fraction;    /* image folders: share of classes used for training */
  int glyph_classes;        /* glyph set size (train + test) */
  int glyph_samples;        /* drawings per glyph class */
  MwPlanarFamily planar_family;   /* planar: the tasks' family */
  double planar_spread;     /* planar linear: degrees the normal strays from +x */
  double planar_label_noise;      /* planar: share of points with the other label */
  /* Test-time episodes (and meta-training unless the train_ values are set). */
  int ways, shots, queries;
  int train_ways, train_shots, train_queries;   /* 0 = same as test */
  MwEpisodeClasses episode_classes;  /* which classes may share an episode */
  MwAugment augment;        /* distortion of training images */
  /* Schedule. */
  gint64 iterations;
  int eval_every;           /* validate every N iterations (0 = never) */
  int val_episodes;
  int test_episodes;
  int test_steps;           /* adaptation steps at validation and test */
  int checkpoint_every;     /* iterations (0 = only at the end) */
  int threads;              /* OpenBLAS threads (0 = default) */
  /* Domain shift of every image of the dataset (mw-domain-shift.h). */
  MwShiftKind shift;
  double shift_radius;      /* thick, thin: pixels */
  double shift_angle;       /* rotated: degrees */
  int hershey_copies;       /* Hershey: images of each letter per font */
  /* The target domain (mw-target.h): images whose labels training never reads. */
  char *target_data;        /* "" (none) or a dataset's name */
  char *target_path;        /* "": the dataset's usual place, or the source's path when
                             * the target is the source's dataset */
  char *target_split;       /* Omniglot: the classes giving the unlabelled images */
  MwShiftKind target_shift;
} MwExperimentConfig;

/* Defaults: a quick glyph-set run of the given algorithm. */
void mw_experiment_config_init (MwExperimentConfig *config, MwAlgorithmKind kind);
/* Paper settings for a known benchmark: "sinusoid", "omniglot-5w1s", "omniglot-5w5s",
 * "omniglot-20w1s", "omniglot-20w5s", "glyphs-5w1s".  The data path, the splits that
 * config already has (non-empty) and the rotations are kept; every other setting is the
 * preset's. */
gboolean mw_experiment_config_preset (MwExperimentConfig *config, MwAlgorithmKind kind,
                                      const char *preset, GError **error);
/* The planar presets ("planar-linear", "planar-circles", "planar-moons") over config's
 * defaults for its algorithm (mw-planar-preset.c); FALSE for another name. */
gboolean mw_experiment_planar_preset (MwExperimentConfig *config, const char *preset);
/* Sets config's planar model and the step sizes that suit it (inner-lr, meta-lr) for
 * config's algorithm: what the presets choose, for either model. */
void mw_experiment_planar_set_model (MwExperimentConfig *config, MwPointModel model);
/* The mini-ImageNet presets ("miniimagenet-5w1s", "miniimagenet-5w5s": a folder of 84 × 84
 * colour images, the papers' settings for config's algorithm; mw-miniimagenet-preset.c);
 * FALSE for another name. */
gboolean mw_experiment_miniimagenet_preset (MwExperimentConfig *config, const char *preset);
/* Sets the Conv4 width the papers give config's algorithm at config's image size: from
 * 84 × 84 on, 32 filters for the learners with an inner loop, 64 for the others. */
void mw_experiment_image_backbone (MwExperimentConfig *config);
/* The Omniglot splits preset puts where config has none (the Vinyals splits for the
 * omniglot presets); FALSE for a preset that chooses none. */
gboolean mw_experiment_preset_splits (const char *preset, const char **train,
                                      const char **val, const char **test);
void mw_experiment_config_clear (MwExperimentConfig *config);
void mw_experiment_config_copy (MwExperimentConfig *dst, const MwExperimentConfig *src);

/* Effective meta-training episode shape. */
int mw_experiment_train_ways (const MwExperimentConfig *config);
int mw_experiment_train_shots (const MwExperimentConfig *config);
int mw_experiment_train_queries (const MwExperimentConfig *config);

/* Reads/writes the key file form.  Loading starts from the algorithm's defaults, so a
 * file only needs what differs; unknown keys are errors (they are usually typos). */
gboolean mw_experiment_config_load (MwExperimentConfig *config, const char *path, GError **error);
gboolean mw_experiment_config_load_data (MwExperimentConfig *config, const char *text,
                                         GError **error);
char *mw_experiment_config_to_data (const MwExperimentConfig *config);
/* The same text with each setting's description in the user's language: for showing
 * (the CLI's `list`), never for saving.  Returns a newly allocated string. */
char *mw_experiment_config_to_display (const MwExperimentConfig *config);
gboolean mw_experiment_config_save (const MwExperimentConfig *config, const char *path,
                                    GError **error);
/* Sets one setting by its key-file name ("inner-lr", "ways", …). */
gboolean mw_experiment_config_set (MwExperimentConfig *config, const char *key,
                                   const char *value, GError **error);
/* One setting's value as the key file writes it; NULL for an unknown key. */
char *mw_experiment_config_get (const MwExperimentConfig *config, const char *key);
/* The key of the first setting (in file order) whose value differs between a and b,
 * skipping the keys in ignore (NULL-terminated, may be NULL); NULL when none does.
 * value_a and value_b (may be NULL) receive both values as the file writes them. */
const char *mw_experiment_config_difference (const MwExperimentConfig *a,
                                             const MwExperimentConfig *b,
                                             const char *const *ignore, char **value_a,
                                             char **value_b);
/* Checks the settings against each other; the message names the setting. */
gboolean mw_experiment_config_validate (const MwExperimentConfig *config, GError **error);
/* The domain-adaptation settings against the algorithm, the target and the episodes'
 * sizes (mw-domain-adaptation.c; called by mw_experiment_config_validate). */
gboolean mw_experiment_domain_validate (const MwExperimentConfig *config, GError **error);
/* The data settings as a request for the dataset's loader (mw_data_load): the images
 * as the settings make them, the whole run's classes.  The strings are config's. */
void mw_experiment_config_data_request (const MwExperimentConfig *config,
                                        MwDataRequest *request);
/* The planar settings against the rest (mw-planar-preset.c): 2 ways, and the MLP for
 * learners that compare embeddings; the message names the setting. */
gboolean mw_experiment_planar_validate (const MwExperimentConfig *config, GError **error);
/* The planar family settings of config. */
void mw_experiment_config_planar_spec (const MwExperimentConfig *config, MwPlanarSpec *spec);
/* One line: "MAML omniglot 5-way 1-shot, seed 1". */
char *mw_experiment_config_describe (const MwExperimentConfig *config);
