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

/* Like mw_experiment_form_set_config(), but every setting the form has no
 * field for becomes an extra (replacing the previous extras), so
 * mw_experiment_form_get_config() gives @config back: for experiment files
 * and handouts, whose every setting counts. */
void        mw_experiment_form_load_config  (MwExperimentForm   *self,
                                             const MwExperimentConfig *config);

/* Makes the fields of @keys (key-file names, as mw_experiment_form_set_value()
 * takes; NULL or empty: none) read-only, with a lock beside them and @reason
 * as their tooltip. Replaces the previous locks. A locked value stays when the
 * algorithm or dataset changes; the functions here still set it. */
void        mw_experiment_form_set_locked   (MwExperimentForm   *self,
                                             const char * const *keys,
                                             const char         *reason);
gboolean    mw_experiment_form_is_locked    (MwExperimentForm   *self,
                                             const char         *key);
/* Returns: (transfer none) (nullable): the widget that edits @key
 * ("algorithm", "dataset", "path", "batch-norm", "ways", …), NULL if none. */
GtkWidget  *mw_experiment_form_get_field    (MwExperimentForm   *self,
                                             const char         *key);
/* Returns: (transfer none): the keys of every field, in the form's order,
 * NULL-terminated. */
const char * const *mw_experiment_form_field_keys (void);
/* Returns: (transfer none) (nullable): the translated title of @key's row
 * ("N-way"), NULL if the form has no field for it. */
const char *mw_experiment_form_field_title  (const char         *key);
/* Whether the form's field @key is a setting of @data: the planar rows are the
 * planar dataset's only. */
gboolean    mw_experiment_form_field_applies (const char         *key,
                                              MwDataKind          data);

gboolean    mw_experiment_form_get_valid    (MwExperimentForm   *self);
/* Returns: (transfer none) (nullable): why the settings cannot run. */
const char *mw_experiment_form_get_error    (MwExperimentForm   *self);
/* Returns: (transfer none) (nullable): the estimated peak memory of a run of
 * the settings, as the form shows it under them. */
const char *mw_experiment_form_get_estimate (MwExperimentForm   *self);

void        mw_experiment_form_set_algorithm (MwExperimentForm  *self,
                                              MwAlgorithmKind    kind);
MwAlgorithmKind mw_experiment_form_get_algorithm (MwExperimentForm *self);
/* Also sets the folder, for a dataset that needs one (@path may be NULL to keep
 * the current one). */
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
