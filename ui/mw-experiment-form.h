/* mw-experiment-form.h: the experiment settings in the sidebar.
 *
 * Algorithm, dataset, N-way K-shot episode shape and the training schedule.
 * Only the settings that apply to the chosen algorithm and dataset are shown.
 * The form checks its settings as they change (mw_experiment_config_validate)
 * and shows the problem inline; #MwExperimentForm:valid says whether they can
 * run.
 */
#pragma once

#include <gtk/gtk.h>

#include "mw-core.h"

G_BEGIN_DECLS

#define MW_TYPE_EXPERIMENT_FORM (mw_experiment_form_get_type ())
G_DECLARE_FINAL_TYPE (MwExperimentForm, mw_experiment_form, MW, EXPERIMENT_FORM, GtkBox)

/* Returns: (transfer floating): a form set to MAML on the built-in glyphs. */
GtkWidget  *mw_experiment_form_new          (void);

/* Fills @config (uninitialised storage; free it with
 * mw_experiment_config_clear()) from the form: the chosen algorithm's
 * defaults, the visible settings, then the extra settings. */
void        mw_experiment_form_get_config   (MwExperimentForm   *self,
                                             MwExperimentConfig *config);

/* Shows @config: its algorithm, data (and folder), and the values of the
 * settings the form has fields for; settings without a field are not
 * taken over (the extras stay as they are). */
void        mw_experiment_form_set_config   (MwExperimentForm   *self,
                                             const MwExperimentConfig *config);

gboolean    mw_experiment_form_get_valid    (MwExperimentForm   *self);
/* Returns: (transfer none) (nullable): why the settings cannot run. */
const char *mw_experiment_form_get_error    (MwExperimentForm   *self);

void        mw_experiment_form_set_algorithm (MwExperimentForm  *self,
                                              MwAlgorithmKind    kind);
MwAlgorithmKind mw_experiment_form_get_algorithm (MwExperimentForm *self);
/* Also sets the folder for MW_DATA_OMNIGLOT and MW_DATA_FOLDER (@path may be
 * NULL to keep the current one). */
void        mw_experiment_form_set_dataset  (MwExperimentForm   *self,
                                             MwDataKind          data,
                                             const char         *path);
/* Sets a visible setting by its key-file name ("ways", "inner-lr", …).
 * Returns FALSE if the form has no such field. */
gboolean    mw_experiment_form_set_value    (MwExperimentForm   *self,
                                             const char         *key,
                                             double              value);
/* A setting the form does not show ("eval-every", "filters", …), applied with
 * mw_experiment_config_set() after the visible ones. @value NULL removes it. */
void        mw_experiment_form_set_extra    (MwExperimentForm   *self,
                                             const char         *key,
                                             const char         *value);
/* Whether the row of setting @key ("inner-lr", "ways", "folder", …) is shown. */
gboolean    mw_experiment_form_is_shown     (MwExperimentForm   *self,
                                             const char         *key);

G_END_DECLS
