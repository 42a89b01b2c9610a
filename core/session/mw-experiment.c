/* mw-experiment.c: experiment settings, their defaults, presets and key-file form.
 *
 * One table describes every setting (group, key, type, where it lives), so loading,
 * saving and setting by name cannot drift apart. */
#include "config.h"
#include "mw-experiment.h"
#include "mw-hershey.h"
#include "mw-target.h"
#include "mw-run-folder.h"
#include "mw-text-file.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { T_INT, T_INT64, T_UINT64, T_FLOAT, T_DOUBLE, T_BOOL, T_STRING, T_ALGO, T_DATA, T_BN,
               T_AUTO_INT /* an int, or "auto" (stored as -1) */,
               T_AUTO_BOOL /* auto, yes or no (stored as -1, 1, 0) */,
               T_CHOICE /* one of the setting's names, stored as its index (an int enum) */ } Type;

/* Key-file values of the choice settings, in their enums' order. */
static const char *const episode_classes_names[] = { "any", "same-alphabet", NULL };
static const char *const augment_names[] = { "none", "affine", "photo", NULL };
static const char *const point_model_names[] = { "logistic", "mlp", NULL };
G_STATIC_ASSERT (sizeof (MwShiftKind) == sizeof (int));

/* help is untranslated (N_): files get it as it is, people get it through _().  The
 * algorithm's and the dataset's list their tables' names instead (setting_help). */
/* Numbers have bounds (min, max; above_min, below_max: min or max itself is not allowed), so that no
 * setting can ask for unbounded memory or time and no rate can be zero or negative
 * where that means nothing: loading, --set and the window's form all check them here,
 * and `list` shows them.  max ≤ min: no bounds (the seed). */
typedef struct {
  const char *group, *key;
  Type type;
  size_t offset;
  const char *help;
  double min, max;
  gboolean above_min;
  gboolean below_max;           /* max itself is not allowed either */
  const char *const *choices;   /* T_CHOICE: the names, NULL-terminated */
} Setting;

#define C(field) offsetof (MwExperimentConfig, field)
/* T_CHOICE settings are read and written as int. */
G_STATIC_ASSERT (sizeof (MwEpisodeClasses) == sizeof (int));
G_STATIC_ASSERT (sizeof (MwAugment) == sizeof (int));
G_STATIC_ASSERT (sizeof (MwPlanarFamily) == sizeof (int));
G_STATIC_ASSERT (sizeof (MwPointModel) == sizeof (int));
#define A(field) (offsetof (MwExperimentConfig, algo) + offsetof (MwAlgorithmConfig, field))

static const Setting settings[] = {
  { "experiment", "name", T_STRING, C (name), N_("a name for the run list") },
  { "experiment", "algorithm", T_ALGO, A (kind), NULL /* the algorithms' names */ },
  { "experiment", "seed", T_UINT64, C (seed), N_("random seed: same file and seed, same curves") },
  { "data", "dataset", T_DATA, C (data), NULL /* the datasets' names */ },
  { "data", "path", T_STRING, C (data_path), N_("Omniglot folder or image folder") },
  { "data", "train-split", T_STRING, C (train_split), N_("Omniglot classes for meta-training: vinyals-train (1,028 characters, with rotations 4,112 classes), vinyals-trainval (1,200 characters: train and val), background (964 characters, 30 alphabets), or a file of character paths (Alphabet/characterNN or Alphabet/characterNN/rotDDD, one per line); empty: vinyals-train") },
  { "data", "val-split", T_STRING, C (val_split), N_("Omniglot classes for validation: vinyals-val (172 characters of 5 background alphabets, with rotations 688 classes), another split or a file of character paths; empty: the test split") },
  { "data", "test-split", T_STRING, C (test_split), N_("held-out Omniglot classes for testing: vinyals-test (423 characters of 13 evaluation alphabets, with rotations 1,692 classes), evaluation (659 characters, 20 alphabets), or a file of character paths; empty: vinyals-test") },
  { "data", "rotations", T_AUTO_INT, C (rotations), N_("Omniglot: 4 adds every character turned by 90°, 180° and 270° as three more classes, 0 none; auto: 4 for the vinyals splits, 0 for background and evaluation, and a split file's lines as written"), 0, 4 },
  { "data", "image-size", T_INT, C (image_size), N_("input side in pixels"), 16, 256 },
  { "data", "channels", T_INT, C (channels), N_("image folders: 1 (gray) or 3 (colour)"), 1, 3 },
  { "data", "invert", T_AUTO_BOOL, C (invert), N_("image folders: yes turns light paper dark and dark ink light (as Omniglot's images are fed), no keeps the files as they are; auto: yes when the images' borders are light (a run records what auto chose)") },
  { "data", "train-fraction", T_DOUBLE, C (train_fraction), N_("share of classes for training (glyphs, folders)"), 0, 1, TRUE, TRUE },
  { "data", "glyph-classes", T_INT, C (glyph_classes), N_("glyph set: number of classes"), 4, 10000 },
  { "data", "glyph-samples", T_INT, C (glyph_samples), N_("glyph set: drawings per class"), 2, 1000 },
  { "data", "planar-family", T_CHOICE, C (planar_family), N_("planar: the tasks' boundary: linear (a line whose normal is within planar-spread of the x axis, offset U[−1, 1]), circles (class 1 inside a circle of random centre and radius) or moons (two interleaved half circles, turned at random); points over [−2, 2]²"), .choices = mw_planar_family_names },
  { "data", "planar-spread", T_DOUBLE, C (planar_spread), N_("planar linear: the boundary's normal is drawn within ± this many degrees of the x axis (180: any direction, and the best common start is no boundary at all)"), 0, 180 },
  { "data", "planar-label-noise", T_DOUBLE, C (planar_label_noise), N_("planar: share of points drawn from the other class's side (label noise)"), 0, 0.5 },
  { "episodes", "ways", T_INT, C (ways), N_("N: classes per test episode"), 1, 1000 },
  { "episodes", "shots", T_INT, C (shots), N_("K: support examples per class"), 1, 1000 },
  { "episodes", "queries", T_INT, C (queries), N_("query examples per class (regression: points)"), 1, 10000 },
  { "episodes", "train-ways", T_INT, C (train_ways), N_("N while meta-training (0: as at test)"), 0, 1000 },
  { "episodes", "train-shots", T_INT, C (train_shots), N_("K while meta-training (0: as at test)"), 0, 1000 },
  { "episodes", "train-queries", T_INT, C (train_queries), N_("queries while meta-training (0: as at test)"), 0, 10000 },
  { "episodes", "episode-classes", T_CHOICE, C (episode_classes), N_("Omniglot: same-alphabet draws every episode's classes (training, validation and test) from one alphabet, so the other classes are similar characters (Lake et al.'s within-alphabet test); any: from all classes"), .choices = episode_classes_names },
  { "episodes", "augment", T_CHOICE, C (augment), N_("affine distorts every training image a little (rotation ±10°, shear ±0.3, scale 0.8–1.2, shift ±2/105 of the side, as Koch et al. trained on Omniglot); photo (image folders) crops 60–100% of a photo, mirrors half of them and changes brightness, contrast and saturation by up to 20%; validation and test images are never distorted; none: images as they are"), .choices = augment_names },
  { "training", "iterations", T_INT64, C (iterations), N_("meta-iterations"), 0, 1e9 },
  { "training", "meta-batch", T_INT, A (meta_batch), N_("tasks per meta-iteration"), 1, 10000 },
  { "training", "meta-lr", T_FLOAT, A (meta_lr), N_("outer Adam learning rate"), 0, 10, TRUE },
  { "training", "inner-steps", T_INT, A (inner_steps), N_("adaptation steps while meta-training"), 0, 1000 },
  { "training", "inner-lr", T_FLOAT, A (inner_lr), N_("inner learning rate α"), 0, 100 },
  { "training", "lr-halve-every", T_INT, A (lr_halve_every), N_("halve meta-lr every N iterations (0: never)"), 0, 1e9 },
  { "training", "inner-batch", T_INT, A (inner_batch), N_("Reptile: inner minibatch"), 1, 10000 },
  { "training", "outer-step", T_FLOAT, A (outer_step), N_("Reptile: initial outer step ε"), 0, 10, TRUE },
  { "training", "outer-step-final", T_FLOAT, A (outer_step_final), N_("Reptile: final outer step"), 0, 10 },
  { "training", "pretrain-batch", T_INT, A (pretrain_batch), N_("fine-tune baseline: pre-training batch"), 1, 10000 },
  { "training", "finetune-steps", T_INT, A (finetune_steps), N_("fine-tune baseline: steps at test"), 0, 1000 },
  { "training", "finetune-lr", T_FLOAT, A (finetune_lr), N_("fine-tune baseline: Adam lr of the new head"), 0, 10, TRUE },
  { "training", "finetune-all", T_BOOL, A (finetune_all), N_("fine-tune baseline: adapt every layer") },
  { "training", "filters", T_INT, A (filters), N_("Conv4 filters per layer"), 1, 512 },
  { "training", "batch-norm", T_BN, A (bn_mode), N_("batch (batch statistics, transductive) or running") },
  { "training", "planar-model", T_CHOICE, A (point_model), N_("planar: logistic (one linear layer 2 → N) or mlp (2-40-40-N with ReLU)"), .choices = point_model_names },
  { "training", "checkpoint-every", T_INT, C (checkpoint_every), N_("save a checkpoint every N iterations (0: at every validation)"), 0, 1e9 },
  { "training", "threads", T_INT, C (threads), N_("threads: tasks of a meta-batch run in parallel (0: one per processor)"), 0, 64 },
  { "evaluation", "eval-every", T_INT, C (eval_every), N_("validate every N iterations (0: never)"), 0, 1e9 },
  { "evaluation", "val-episodes", T_INT, C (val_episodes), N_("episodes per validation"), 1, 100000 },
  { "evaluation", "test-episodes", T_INT, C (test_episodes), N_("episodes of the final test"), 1, 100000 },
  { "evaluation", "test-steps", T_INT, C (test_steps), N_("adaptation steps at validation and test"), 0, 1000 },
  { "data", "shift", T_CHOICE, C (shift), N_("a domain shift of every image (training, validation and test; seeded, the same each run): inverted (1 − x), textured (strokes over drawn textures, as MNIST-M), thick or thin (strokes dilated or eroded by shift-radius), rotated (turned by ± shift-angle); none: images as they are"), .choices = mw_shift_kind_names },
  { "data", "shift-radius", T_DOUBLE, C (shift_radius), N_("shift thick or thin: pixels the strokes' edges move (0: 1 for thick, 0.5 for thin)"), 0, MW_SHIFT_RADIUS_MAX },
  { "data", "shift-angle", T_DOUBLE, C (shift_angle), N_("shift rotated: degrees each image is turned, clockwise or counter-clockwise"), 0, MW_SHIFT_ANGLE_MAX },
  { "data", "hershey-copies", T_INT, C (hershey_copies), N_("Hershey letters: images of each letter per font (the font's own, then slightly turned, scaled and moved copies)"), 1, MW_HERSHEY_MAX_COPIES },
  { "target", "target-dataset", T_STRING, C (target_data), N_("the target domain's dataset, whose images adaptation sees without labels (empty: none)") },
  { "target", "target-path", T_STRING, C (target_path), N_("the target's folder (empty: the dataset's usual place, or path when the target is the same dataset)") },
  { "target", "target-split", T_STRING, C (target_split), N_("Omniglot target: the classes of the unlabelled images (a named split or a file, as train-split; empty: vinyals-train); its test classes are vinyals-test") },
  { "target", "target-shift", T_CHOICE, C (target_shift), N_("the domain shift of the target's images (as shift, with shift-radius and shift-angle)"), .choices = mw_shift_kind_names },
  { "target", "domain-adaptation", T_CHOICE, A (domain_adaptation), N_("training with the target's unlabelled images (ProtoNets, Matching Networks, the fine-tune baseline's pre-training): dann (a discriminator through gradient reversal), mmd (the features' multi-kernel MMD²), cdan (a discriminator on features and class probabilities; fine-tune baseline); none: no adaptation"), .choices = mw_domain_adaptation_names },
  { "target", "da-weight", T_FLOAT, A (da_weight), N_("domain adaptation: λ = da-weight × DANN's schedule 2/(1 + e^(−10p)) − 1 at training progress p"), 0, MW_DA_WEIGHT_MAX, TRUE },
};

/* The settings of its own that the algorithm's row adds to a preset's. */
static void
algorithm_settings (MwExperimentConfig *c, MwSettingsFor which, int ways)
{
  const MwAlgorithmInfo *row = mw_algorithm_info (c->algo.kind);
  if (row->settings == NULL)
    return;
  MwPresetSchedule schedule = { c->iterations, c->test_steps, c->train_ways, c->train_shots,
                                c->train_queries };
  row->settings (&c->algo, &schedule, which, ways);
  c->iterations = schedule.iterations;
  c->test_steps = schedule.test_steps;
  c->train_ways = schedule.train_ways;
  c->train_shots = schedule.train_shots;
  c->train_queries = schedule.train_queries;
}

void
mw_experiment_config_init (MwExperimentConfig *c, MwAlgorithmKind kind)
{
  memset (c, 0, sizeof *c);
  mw_algorithm_config_defaults (&c->algo, kind);
  c->name = g_strdup ("");
  c->seed = 1;
  c->data = MW_DATA_GLYPHS;
  c->data_path = g_strdup ("");
  c->train_split = g_strdup ("");
  c->val_split = g_strdup ("");
  c->test_split = g_strdup ("");
  c->rotations = -1;
  c->image_size = mw_data_info (c->data)->image_size;
  c->channels = 1;
  c->invert = -1;
  c->train_fraction = 0.7;
  c->glyph_classes = 200;
  c->glyph_samples = 20;
  c->planar_family = MW_PLANAR_LINEAR;
  c->planar_spread = 30;
  c->ways = 5;
  c->shots = 1;
  c->queries = 5;
  c->iterations = 300;
  c->eval_every = 50;
  c->val_episodes = 100;
  c->test_episodes = 600;
  c->test_steps = MAX (c->algo.inner_steps, 1);
  c->shift_angle = 30;
  c->hershey_copies = 1;
  c->target_data = g_strdup ("");
  c->target_path = g_strdup ("");
  c->target_split = g_strdup ("");
  /* An algorithm that cannot classify starts on the sinusoid. */
  if (!mw_algorithm_info (kind)->classification)
    c->data = MW_DATA_SINUSOID;
  /* A quick glyph run: smaller meta-batches and narrower nets than the papers. */
  c->algo.filters = 32;
  c->algo.meta_batch = MIN (c->algo.meta_batch, 8);
  algorithm_settings (c, MW_SETTINGS_QUICK, c->ways);
}

void
mw_experiment_config_clear (MwExperimentConfig *c)
{
  g_clear_pointer (&c->name, g_free);
  g_clear_pointer (&c->data_path, g_free);
  g_clear_pointer (&c->train_split, g_free);
  g_clear_pointer (&c->val_split, g_free);
  g_clear_pointer (&c->test_split, g_free);
  g_clear_pointer (&c->target_data, g_free);
  g_clear_pointer (&c->target_path, g_free);
  g_clear_pointer (&c->target_split, g_free);
}

void
mw_experiment_config_copy (MwExperimentConfig *dst, const MwExperimentConfig *src)
{
  *dst = *src;
  dst->name = g_strdup (src->name);
  dst->data_path = g_strdup (src->data_path);
  dst->train_split = g_strdup (src->train_split);
  dst->val_split = g_strdup (src->val_split);
  dst->test_split = g_strdup (src->test_split);
  dst->target_data = g_strdup (src->target_data);
  dst->target_path = g_strdup (src->target_path);
  dst->target_split = g_strdup (src->target_split);
}

static void
set_string (char **field, const char *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

gboolean
mw_experiment_preset_splits (const char *preset, const char **train, const char **val,
                             const char **test)
{
  if (preset == NULL || !g_str_has_prefix (preset, "omniglot-"))
    return FALSE;
  *train = "vinyals-train";
  *val = "vinyals-val";
  *test = "vinyals-test";
  return TRUE;
}

gboolean
mw_experiment_config_preset (MwExperimentConfig *c, MwAlgorithmKind kind, const char *preset,
                             GError **error)
{
  char *keep_path = g_strdup (c->data_path);
  /* Which classes to learn and test on is the user's choice (an experiment file, a
   * handout): a preset fills in only the splits left empty (and only when it chooses
   * the training split too), and never the rotations. */
  char *keep_split[3] = { g_strdup (c->train_split), g_strdup (c->val_split),
                          g_strdup (c->test_split) };
  int keep_rotations = c->rotations;
  mw_experiment_config_clear (c);
  mw_experiment_config_init (c, kind);
  MwAlgorithmConfig *a = &c->algo;
  gboolean ok = TRUE;
  if (g_str_equal (preset, "glyphs-5w1s"))
    ;
  else if (g_str_equal (preset, "sinusoid"))
    {
      /* Finn et al. 2017 §5.1: K = 10 for training, 5-shot test, meta-batch 25, Adam 1e-3,
       * 70,000 iterations, 600 test tasks.  α: the paper's text says 0.01, but its
       * reference code (cbfinn/maml main.py) defaults update_lr to 1e-3 and its
       * sinusoid command does not change it.  Measured here: α = 1e-3 gives 0.71 / 0.40 /
       * 0.37 after 1 / 5 / 10 steps (paper: 0.67 / 0.38 / 0.35); α = 0.01 gives 0.77 /
       * 0.61 / 0.46 and diverges on some high-amplitude tasks after several steps. */
      c->data = MW_DATA_SINUSOID;
      c->ways = 1;
      c->shots = 5;
      c->queries = 100;
      c->train_shots = 10;
      c->train_queries = 10;
      a->meta_batch = 25;
      a->inner_lr = 0.001f;
      a->inner_steps = 1;
      a->meta_lr = 1e-3f;
      c->iterations = 70000;
      c->eval_every = 1000;
      c->val_episodes = 100;
      c->test_episodes = 600;
      c->test_steps = 10;
      algorithm_settings (c, MW_SETTINGS_SINUSOID, c->ways);
    }
  else if (mw_experiment_planar_preset (c, preset) || mw_experiment_miniimagenet_preset (c, preset))
    ;
  else if (g_str_has_prefix (preset, "omniglot-"))
    {
      int ways = 0, shots = 0;
      if (sscanf (preset, "omniglot-%dw%ds", &ways, &shots) != 2 || (ways != 5 && ways != 20)
          || (shots != 1 && shots != 5))
        ok = FALSE;
      c->data = MW_DATA_OMNIGLOT;
      c->image_size = mw_data_info (c->data)->image_size;
      c->ways = ways;
      c->shots = shots;
      c->queries = 15;
      c->test_episodes = 1000;
      c->val_episodes = 200;
      c->eval_every = 500;
      a->filters = 64;
      a->meta_batch = ways == 5 ? 32 : 16;
      algorithm_settings (c, MW_SETTINGS_OMNIGLOT, ways);
    }
  else
    ok = FALSE;
  if (!ok)
    g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                 _("unknown preset '%s'; presets: sinusoid, glyphs-5w1s, omniglot-5w1s, "
                   "omniglot-5w5s, omniglot-20w1s, omniglot-20w5s, planar-linear, "
                   "planar-circles, planar-moons, miniimagenet-5w1s, miniimagenet-5w5s"),
                 preset);
  if (mw_data_info (c->data)->needs_path && keep_path && *keep_path)
    set_string (&c->data_path, keep_path);
  g_free (keep_path);
  const char *chosen[3] = { "", "", "" };
  mw_experiment_preset_splits (preset, &chosen[0], &chosen[1], &chosen[2]);
  /* The preset's validation and test splits are the rest of its training split's
   * partition: beside training classes of the user's choosing they could be the same
   * characters (vinyals-val is five background alphabets).  Then validation uses the
   * test split, and the test split left empty is vinyals-test. */
  if (*keep_split[0])
    chosen[1] = chosen[2] = "";
  char **field[3] = { &c->train_split, &c->val_split, &c->test_split };
  for (int i = 0; i < 3; i++)
    {
      set_string (field[i], *keep_split[i] ? keep_split[i] : chosen[i]);
      g_free (keep_split[i]);
    }
  c->rotations = keep_rotations;
  char *name = mw_experiment_config_describe (c);
  set_string (&c->name, name);
  g_free (name);
  return ok;
}

int
mw_experiment_train_ways (const MwExperimentConfig *c)
{
  return c->train_ways > 0 ? c->train_ways : c->ways;
}

int
mw_experiment_train_shots (const MwExperimentConfig *c)
{
  return c->train_shots > 0 ? c->train_shots : c->shots;
}

int
mw_experiment_train_queries (const MwExperimentConfig *c)
{
  return c->train_queries > 0 ? c->train_queries : c->queries;
}

static const Setting *
find_setting (const char *key)
{
  for (size_t i = 0; i < G_N_ELEMENTS (settings); i++)
    if (g_str_equal (settings[i].key, key))
      return &settings[i];
  return NULL;
}

/* Paths are bytes, not text: a folder name that is not UTF-8 is written to the file
 * (which must be UTF-8, as must a checkpoint's header) as a file:// URI, its odd bytes
 * %-escaped, and read back to the same bytes. */
static gboolean
is_path_setting (const Setting *s)
{
  return s->offset == C (data_path) || s->offset == C (target_path);
}

static char *
format_path (const char *path)
{
  if (g_utf8_validate (path, -1, NULL))
    return g_strdup (path);
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  char *uri = g_filename_to_uri (absolute, NULL, NULL);
  return uri != NULL ? uri : g_strdup ("");
}

/* A setting's description, in the user's language or (files) as the table has it; the
 * algorithm's and the dataset's are their tables' names. */
static char *
setting_help (const Setting *s, gboolean translated)
{
  /* Translators: between the names in a list of choices. */
  const char *separator = translated ? _(", ") : ", ";
  if (s->type == T_ALGO)
    return mw_algorithm_kind_names (separator);
  if (s->type == T_DATA)
    return mw_data_kind_names (separator);
  return g_strdup (translated ? _(s->help) : s->help);
}

static gboolean
has_bounds (const Setting *s)
{
  return s->max > s->min;
}

/* "1–10000", "more than 0, at most 10" where min itself is refused, "more than 0,
 * less than 1" where max is too. */
static char *
format_bounds (const Setting *s)
{
  char lo[G_ASCII_DTOSTR_BUF_SIZE], hi[G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_formatd (lo, sizeof lo, "%.15g", s->min);
  g_ascii_formatd (hi, sizeof hi, "%.15g", s->max);
  if (s->above_min && s->below_max)
    /* Translators: the bounds of a setting: greater than the first, less than the second. */
    return g_strdup_printf (_("more than %s, less than %s"), lo, hi);
  if (s->above_min)
    /* Translators: the bounds of a setting: greater than the first, at most the second. */
    return g_strdup_printf (_("more than %s, at most %s"), lo, hi);
  /* Translators: the bounds of a setting, both allowed. */
  return g_strdup_printf (_("%s–%s"), lo, hi);
}

static gboolean
within_bounds (const Setting *s, double v, const char *value, GError **error)
{
  if (!has_bounds (s)
      || ((s->above_min ? v > s->min : v >= s->min) && (s->below_max ? v < s->max : v <= s->max)))
    return TRUE;
  g_autofree char *bounds = format_bounds (s);
  g_autofree char *help = setting_help (s, TRUE);
  /* Translators: a setting's key, the value given, the allowed bounds and the setting's
   * description. */
  g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
               _("setting '%s': %s is out of bounds (%s: %s)"), s->key, value, bounds, help);
  return FALSE;
}

static gboolean
parse_value (MwExperimentConfig *c, const Setting *s, const char *value, GError **error)
{
  char *p = (char *) c + s->offset;
  char *end = NULL;
  errno = 0;
  /* Only the data path may be any bytes (a path is whatever the OS accepts). */
  if (!is_path_setting (s) && !g_utf8_validate (value, -1, NULL))
    {
      g_autofree char *shown = g_utf8_make_valid (value, -1);
      /* Translators: a setting's key and the value given, its bad bytes shown as �. */
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("setting '%s': '%s' is not UTF-8 text"), s->key, shown);
      return FALSE;
    }
  switch (s->type)
    {
    case T_AUTO_BOOL:
      if (g_ascii_strcasecmp (value, "auto") == 0)
        *(int *) p = -1;
      else if (g_ascii_strcasecmp (value, "yes") == 0 || g_ascii_strcasecmp (value, "true") == 0
               || g_str_equal (value, "1"))
        *(int *) p = 1;
      else if (g_ascii_strcasecmp (value, "no") == 0 || g_ascii_strcasecmp (value, "false") == 0
               || g_str_equal (value, "0"))
        *(int *) p = 0;
      else
        goto bad;
      return TRUE;
    case T_AUTO_INT:
      if (g_ascii_strcasecmp (value, "auto") == 0)
        {
          *(int *) p = -1;
          return TRUE;
        }
      G_GNUC_FALLTHROUGH;
    case T_INT:
    case T_INT64:
    case T_UINT64:
      {
        gint64 v = g_ascii_strtoll (value, &end, 10);
        if (end == value || *end != '\0' || errno != 0 || (s->type == T_UINT64 && v < 0)
            || ((s->type == T_INT || s->type == T_AUTO_INT) && (v < G_MININT || v > G_MAXINT)))
          goto bad;
        if (!within_bounds (s, (double) v, value, error))
          return FALSE;
        if (s->type == T_INT || s->type == T_AUTO_INT)
          *(int *) p = (int) v;
        else if (s->type == T_INT64)
          *(gint64 *) p = v;
        else
          *(guint64 *) p = (guint64) v;
        return TRUE;
      }
    case T_FLOAT:
    case T_DOUBLE:
      {
        double v = g_ascii_strtod (value, &end);
        if (end == value || *end != '\0' || !isfinite (v))
          goto bad;
        /* A value beyond float's range would become infinite (and be saved as
         * "inf", which no longer loads: found by fuzz-experiment). */
        if (s->type == T_FLOAT && !isfinite ((float) v))
          goto bad;
        if (!within_bounds (s, v, value, error))
          return FALSE;
        if (s->type == T_FLOAT)
          *(float *) p = (float) v;
        else
          *(double *) p = v;
        return TRUE;
      }
    case T_BOOL:
      if (g_ascii_strcasecmp (value, "true") == 0 || g_str_equal (value, "1"))
        *(gboolean *) p = TRUE;
      else if (g_ascii_strcasecmp (value, "false") == 0 || g_str_equal (value, "0"))
        *(gboolean *) p = FALSE;
      else
        goto bad;
      return TRUE;
    case T_STRING:
      if (is_path_setting (s) && g_str_has_prefix (value, "file://"))
        {
          g_autofree char *path = g_filename_from_uri (value, NULL, NULL);
          if (path == NULL)
            goto bad;
          set_string ((char **) p, path);
          return TRUE;
        }
      set_string ((char **) p, value);
      return TRUE;
    case T_ALGO:
      if (!mw_algorithm_kind_from_name (value, (MwAlgorithmKind *) p))
        goto bad;
      return TRUE;
    case T_DATA:
      if (!mw_data_kind_from_name (value, (MwDataKind *) p))
        goto bad;
      return TRUE;
    case T_CHOICE:
      for (int i = 0; s->choices[i] != NULL; i++)
        if (g_ascii_strcasecmp (value, s->choices[i]) == 0)
          {
            *(int *) p = i;
            return TRUE;
          }
      goto bad;
    case T_BN:
      if (g_ascii_strcasecmp (value, "batch") == 0)
        *(MwBatchNormMode *) p = MW_BN_BATCH;
      else if (g_ascii_strcasecmp (value, "running") == 0)
        *(MwBatchNormMode *) p = MW_BN_RUNNING;
      else
        goto bad;
      return TRUE;
    }
bad:;
  g_autofree char *help = setting_help (s, TRUE);
  /* Translators: a setting's key, the value given, and the setting's description. */
  g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
               _("setting '%s': '%s' is not valid (%s)"), s->key, value, help);
  return FALSE;
}

/* The shortest decimal that reads back as the same value, so files show 0.001 rather
 * than 0.00100000005 yet still reproduce the run bit for bit. */
static char *
format_shortest (double value, gboolean single)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int digits = single ? 6 : 15; digits < (single ? 9 : 17); digits++)
    {
      char fmt[8];
      g_snprintf (fmt, sizeof fmt, "%%.%dg", digits);
      g_ascii_formatd (buf, sizeof buf, fmt, value);
      double back = g_ascii_strtod (buf, NULL);
      if (single ? (float) back == (float) value : back == value)
        return g_strdup (buf);
    }
  return g_strdup (g_ascii_formatd (buf, sizeof buf, single ? "%.9g" : "%.17g", value));
}

static char *
format_value (const MwExperimentConfig *c, const Setting *s)
{
  const char *p = (const char *) c + s->offset;
  switch (s->type)
    {
    case T_AUTO_BOOL:
      return g_strdup (*(const int *) p < 0 ? "auto" : *(const int *) p ? "yes" : "no");
    case T_AUTO_INT:
      if (*(const int *) p < 0)
        return g_strdup ("auto");
      G_GNUC_FALLTHROUGH;
    case T_INT:
      return g_strdup_printf ("%d", *(const int *) p);
    case T_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, *(const gint64 *) p);
    case T_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, *(const guint64 *) p);
    case T_FLOAT:
      return format_shortest (*(const float *) p, TRUE);
    case T_DOUBLE:
      return format_shortest (*(const double *) p, FALSE);
    case T_BOOL:
      return g_strdup (*(const gboolean *) p ? "true" : "false");
    case T_STRING:
      if (is_path_setting (s) && *(char *const *) p != NULL)
        return format_path (*(char *const *) p);
      return g_strdup (*(char *const *) p ? *(char *const *) p : "");
    case T_ALGO:
      return g_strdup (mw_algorithm_kind_name (*(const MwAlgorithmKind *) p));
    case T_DATA:
      return g_strdup (mw_data_kind_name (*(const MwDataKind *) p));
    case T_BN:
      return g_strdup (*(const MwBatchNormMode *) p == MW_BN_BATCH ? "batch" : "running");
    case T_CHOICE:
      {
        int v = *(const int *) p;
        for (int i = 0; s->choices[i] != NULL; i++)
          if (i == v)
            return g_strdup (s->choices[i]);
        return g_strdup ("");
      }
    }
  return g_strdup ("");
}

/* For an algorithm that pre-trains (the fine-tune baseline) finetune-steps and
 * test-steps are one number (the steps its new head adapts at test): setting either
 * sets both. */
static void
sync_finetune_steps (MwExperimentConfig *c, const char *key_set)
{
  if (!mw_algorithm_info (c->algo.kind)->pretrains)
    return;
  if (g_str_equal (key_set, "finetune-steps"))
    c->test_steps = c->algo.finetune_steps;
  else if (g_str_equal (key_set, "test-steps"))
    c->algo.finetune_steps = c->test_steps;
}

gboolean
mw_experiment_config_set (MwExperimentConfig *c, const char *key, const char *value, GError **error)
{
  const Setting *s = find_setting (key);
  if (s == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (key, -1);
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("unknown setting '%s'"), shown);
      return FALSE;
    }
  if (!parse_value (c, s, value, error))
    return FALSE;
  sync_finetune_steps (c, key);
  return TRUE;
}

char *
mw_experiment_config_get (const MwExperimentConfig *c, const char *key)
{
  const Setting *s = find_setting (key);
  return s != NULL ? format_value (c, s) : NULL;
}

const char *
mw_experiment_config_difference (const MwExperimentConfig *a, const MwExperimentConfig *b,
                                 const char *const *ignore, char **value_a, char **value_b)
{
  for (size_t i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      if (ignore != NULL && g_strv_contains (ignore, settings[i].key))
        continue;
      g_autofree char *va = format_value (a, &settings[i]);
      g_autofree char *vb = format_value (b, &settings[i]);
      if (g_str_equal (va, vb))
        continue;
      if (value_a != NULL)
        *value_a = g_steal_pointer (&va);
      if (value_b != NULL)
        *value_b = g_steal_pointer (&vb);
      return settings[i].key;
    }
  return NULL;
}

gboolean
mw_experiment_config_load_data (MwExperimentConfig *c, const char *text, GError **error)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  if (!g_key_file_load_from_data (kf, text, (gsize) -1, G_KEY_FILE_NONE, error))
    return FALSE;
  /* The algorithm decides the defaults, so it is read first. */
  g_autofree char *algo = g_key_file_get_string (kf, "experiment", "algorithm", NULL);
  MwAlgorithmKind kind = MW_ALGO_MAML;
  if (algo != NULL && !mw_algorithm_kind_from_name (algo, &kind))
    {
      /* Translators: between the names in a list of choices. */
      g_autofree char *names = mw_algorithm_kind_names (_(", "));
      /* Translators: the name given, then the algorithms' names. */
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("unknown algorithm '%s' (%s)"), algo, names);
      return FALSE;
    }
  mw_experiment_config_clear (c);
  mw_experiment_config_init (c, kind);
  g_auto (GStrv) groups = g_key_file_get_groups (kf, NULL);
  for (char **g = groups; *g; g++)
    {
      /* A handout (mw-handout.h) is an experiment file plus lesson text that no
       * run uses, so `train -c` takes handouts as they are. */
      if (g_str_equal (*g, "handout"))
        continue;
      g_auto (GStrv) keys = g_key_file_get_keys (kf, *g, NULL, NULL);
      for (char **k = keys; keys && *k; k++)
        {
          const Setting *s = find_setting (*k);
          if (s == NULL || !g_str_equal (s->group, *g))
            {
              g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                           _("unknown setting '%s' in group [%s]"), *k, *g);
              return FALSE;
            }
          g_autofree char *v = g_key_file_get_string (kf, *g, *k, error);
          if (v == NULL || !parse_value (c, s, v, error))
            return FALSE;
        }
    }
  /* A file that gives only one of the two sets both; one that gives both differently
   * is refused by validation. */
  gboolean has_finetune = g_key_file_has_key (kf, "training", "finetune-steps", NULL);
  gboolean has_test = g_key_file_has_key (kf, "evaluation", "test-steps", NULL);
  if (has_finetune != has_test)
    sync_finetune_steps (c, has_finetune ? "finetune-steps" : "test-steps");
  return TRUE;
}

gboolean
mw_experiment_config_load (MwExperimentConfig *c, const char *path, GError **error)
{
  /* Refused, naming the line, when binary, not UTF-8 or cut short (mw-text-file.h). */
  g_autofree char *text = mw_text_file_read (path, MW_TEXT_FILE_MAX_SIZE, NULL, error);
  if (text == NULL)
    return FALSE;
  if (!mw_experiment_config_load_data (c, text, error))
    {
      g_autofree char *name = g_filename_display_name (path);
      g_prefix_error (error, "%s: ", name);
      return FALSE;
    }
  return TRUE;
}

static char *
to_key_file_text (const MwExperimentConfig *c, gboolean translated)
{
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  for (size_t i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      g_autofree char *v = format_value (c, &settings[i]);
      g_autofree char *help = setting_help (&settings[i], translated);
      if (translated && has_bounds (&settings[i]))
        {
          /* People see the bounds; files keep the bare description. */
          g_autofree char *bounds = format_bounds (&settings[i]);
          g_autofree char *bare = g_steal_pointer (&help);
          /* Translators: a setting's description, then its bounds. */
          help = g_strdup_printf (_("%s (%s)"), bare, bounds);
        }
      g_key_file_set_string (kf, settings[i].group, settings[i].key, v);
      g_key_file_set_comment (kf, settings[i].group, settings[i].key, help, NULL);
    }
  const char *title = N_(" Meta Workbench experiment (same file + seed = same curves)");
  g_key_file_set_comment (kf, NULL, NULL, translated ? _(title) : title, NULL);
  return g_key_file_to_data (kf, NULL, NULL);
}

/* Experiment files keep their keys, values and '#' comments in English, whatever the
 * language of the program that wrote them: a file is shared between classrooms and
 * must read (and diff) the same everywhere.  Values never follow the locale either
 * (format_shortest uses g_ascii_formatd). */
char *
mw_experiment_config_to_data (const MwExperimentConfig *c)
{
  return to_key_file_text (c, FALSE);
}

char *
mw_experiment_config_to_display (const MwExperimentConfig *c)
{
  return to_key_file_text (c, TRUE);
}

gboolean
mw_experiment_config_save (const MwExperimentConfig *c, const char *path, GError **error)
{
  g_autofree char *data = mw_experiment_config_to_data (c);
  /* With an end line, so a file cut short is refused when it is read back; through a
   * temporary of a unique name, and the message names path, not it. */
  g_autofree char *text = mw_text_file_seal (data);
  if (mw_run_folder_replace_file (path, text, strlen (text), TRUE, error))
    return TRUE;
  g_prefix_error (error, _("cannot write %s: "), path);
  return FALSE;
}

/* Settings made without parsing (the form's fields, a program) meet the same bounds. */
static gboolean
check_bounds (const MwExperimentConfig *c, GError **error)
{
  for (size_t i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      const Setting *s = &settings[i];
      const char *p = (const char *) c + s->offset;
      double v;
      if (!has_bounds (s))
        continue;
      switch (s->type)
        {
        case T_AUTO_INT:
          if (*(const int *) p < 0)
            continue;
          G_GNUC_FALLTHROUGH;
        case T_INT:
          v = *(const int *) p;
          break;
        case T_INT64:
          v = (double) *(const gint64 *) p;
          break;
        case T_FLOAT:
          v = *(const float *) p;
          break;
        case T_DOUBLE:
          v = *(const double *) p;
          break;
        default:
          continue;
        }
      g_autofree char *text = format_value (c, s);
      /* NaN fails every comparison, so it is out of bounds too. */
      if (!within_bounds (s, v, text, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
mw_experiment_config_validate (const MwExperimentConfig *c, GError **error)
{
  const MwAlgorithmConfig *a = &c->algo;
  if (!check_bounds (c, error))
    return FALSE;
#define NEED(cond, ...)                                                                   \
  if (!(cond))                                                                            \
    {                                                                                     \
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS, __VA_ARGS__);   \
      return FALSE;                                                                       \
    }
  const MwAlgorithmInfo *algorithm = mw_algorithm_info (a->kind);
  const MwDataInfo *data = mw_data_info (c->data);
  gboolean regression = data->regression;
  NEED (!(regression && !algorithm->regression),
        _("%s compares embeddings of classes and cannot do sinusoid regression"),
        mw_algorithm_kind_title (a->kind));
  NEED (regression || algorithm->classification,
        _("%s learns regression only and cannot classify images"),
        mw_algorithm_kind_title (a->kind));
  if (!regression)
    {
      NEED (c->ways >= 2, _("ways (N) must be at least 2 (it is %d)"), c->ways);
      NEED (mw_experiment_train_ways (c) >= 2, _("train-ways must be at least 2"));
      /* A fixed output layer cannot change its width between training and test. */
      NEED (!algorithm->own_head || mw_experiment_train_ways (c) == c->ways,
            _("%s has a %d-way output layer, so it must meta-train with as many ways as it is "
              "tested on (train-ways %d, ways %d)"), mw_algorithm_kind_title (a->kind),
            mw_experiment_train_ways (c), mw_experiment_train_ways (c), c->ways);
      if (data->points && !mw_experiment_planar_validate (c, error))
        return FALSE;
      NEED (data->points || (c->image_size >= 16 && c->image_size <= 256),
            _("image-size must be 16–256 pixels: Conv4 halves it four times (it is %d)"),
            c->image_size);
      NEED (data->points || c->channels == 1 || c->channels == 3, _("channels must be 1 or 3 (it is %d)"), c->channels);
    }
  /* These learn by gradient steps of this size: zero learns nothing, less climbs. */
  NEED (!algorithm->inner_loop || a->inner_lr > 0,
        _("inner-lr must be more than 0 for %s (it is %g)"), mw_algorithm_kind_title (a->kind),
        (double) a->inner_lr);
  /* Both say how many steps the fine-tune baseline adapts at test: one number. */
  NEED (!algorithm->pretrains || a->finetune_steps == c->test_steps,
        _("finetune-steps (%d) and test-steps (%d) both set the fine-tune baseline's steps at "
          "test; give them the same value"), a->finetune_steps, c->test_steps);
  NEED (c->invert >= -1 && c->invert <= 1, _("invert must be auto, yes or no"));
  NEED (c->rotations == -1 || c->rotations == 0 || c->rotations == 4,
        _("rotations must be 0, 4 or auto (it is %d)"), c->rotations);
  NEED (c->episode_classes == MW_EPISODE_CLASSES_ANY
          || c->episode_classes == MW_EPISODE_CLASSES_SAME_ALPHABET,
        _("episode-classes must be any or same-alphabet"));
  NEED (c->augment >= MW_AUGMENT_NONE && c->augment < MW_AUGMENT_COUNT,
        _("augment must be none, affine or photo"));
  /* Translators: the dataset's short name ("glyphs"). */
  NEED (c->augment != MW_AUGMENT_PHOTO || data->colour,
        _("augment=photo mirrors and crops photos; the %s dataset draws letters, whose "
          "orientation matters: use none or affine"), mw_data_kind_title (c->data));
  /* Translators: the dataset's short name ("sinusoid"). */
  NEED (c->augment == MW_AUGMENT_NONE || !(regression || data->points),
        _("augment=affine distorts images; the %s dataset has none"), mw_data_kind_title (c->data));
  /* Only Omniglot's class names say which alphabet a class belongs to. */
  NEED (c->episode_classes != MW_EPISODE_CLASSES_SAME_ALPHABET || data->has_alphabets,
        _("episode-classes=same-alphabet needs the omniglot dataset (its classes are grouped by "
          "alphabet); the %s dataset has no alphabets"), mw_data_kind_title (c->data));
  NEED (c->shots >= 1, _("shots (K) must be at least 1 (it is %d)"), c->shots);
  NEED (c->queries >= 1, _("queries must be at least 1 (it is %d)"), c->queries);
  NEED (c->iterations >= 0, _("iterations must not be negative"));
  NEED (c->test_steps >= 0 && c->test_steps <= 1000, _("test-steps must be 0–1000 (it is %d)"),
        c->test_steps);
  NEED (c->val_episodes >= 1 && c->test_episodes >= 1, _("evaluation needs at least one episode"));
  NEED (c->train_fraction > 0 && c->train_fraction < 1, _("train-fraction must be between 0 and 1"));
  NEED (!data->drawn || (c->glyph_classes >= 4 && c->glyph_samples >= 2),
        _("the glyph set needs at least 4 classes and 2 drawings of each"));
  NEED (!data->needs_path || (c->data_path && *c->data_path),
        _("the %s dataset needs a path"), mw_data_kind_title (c->data));
#undef NEED
  return mw_experiment_target_validate (c, error) && mw_experiment_domain_validate (c, error);
}
