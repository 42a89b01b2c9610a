/* mw-form-presets.h: the experiment form's presets.
 *
 * A preset fills the form for the algorithm chosen in it: "5-minute lesson" (small
 * enough to train during a lesson on a two-core laptop), "Paper setting" (the
 * published setting for the chosen dataset, where there is one) and the command
 * line's presets by name (mw_experiment_config_preset).  Settings only: no GTK here,
 * so the form's choices can be checked without a window.
 */
#pragma once

#include "mw-core.h"

G_BEGIN_DECLS

typedef enum {
  MW_FORM_PRESET_CUSTOM,   /* none: what the user has set */
  MW_FORM_PRESET_LESSON,
  MW_FORM_PRESET_PAPER,
  MW_FORM_PRESET_NAMED,    /* the first of the command line's, in its order */
} MwFormPresetKind;

/* How many presets there are, Custom included (the first). */
guint       mw_form_preset_count    (void);
/* Returns: (transfer none): the translated title of preset @index. */
const char *mw_form_preset_title    (guint index);
/* Returns: (transfer none) (nullable): the command line's name of preset @index
 * ("omniglot-5w1s"); NULL for Custom, the lesson and the paper setting. */
const char *mw_form_preset_name     (guint index);

/* Fills @result (uninitialised storage; mw_experiment_config_clear() it) with preset
 * @index for the algorithm of @current, keeping its seed, folder and class splits.
 * FALSE, with a message for the user, when the preset has nothing for @current (no
 * published setting for an image folder); @result is then untouched. */
gboolean    mw_form_preset_apply    (guint                     index,
                                     const MwExperimentConfig *current,
                                     MwExperimentConfig       *result,
                                     GError                  **error);

/* The first preset that gives @config back (its seed, folder and name aside);
 * MW_FORM_PRESET_CUSTOM when none does. */
guint       mw_form_preset_match    (const MwExperimentConfig *config);

/* Returns: (transfer full) (nullable): one line on what preset @index is for
 * @config ("Finn et al. 2017: the command line's preset sinusoid"), NULL for Custom. */
char       *mw_form_preset_describe (guint                     index,
                                     const MwExperimentConfig *config);

G_END_DECLS
