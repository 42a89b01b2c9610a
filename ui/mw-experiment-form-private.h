/* mw-experiment-form-private.h: what the experiment form's files share: the
 * instance and its fields by key (mw-experiment-form.c: the settings;
 * mw-experiment-form-folder.c: the dataset's folder; mw-experiment-form-locks.c:
 * the fields a handout locks). */
#pragma once

#include "mw-experiment-form.h"

G_BEGIN_DECLS

/* The spin buttons, by their key-file names. */
enum {
  SPIN_WAYS,
  SPIN_SHOTS,
  SPIN_QUERIES,
  SPIN_INNER_STEPS,
  SPIN_INNER_LR,
  SPIN_META_LR,
  SPIN_META_BATCH,
  SPIN_ITERATIONS,
  SPIN_SEED,
  SPIN_PLANAR_SPREAD,
  SPIN_PLANAR_NOISE,
  N_SPINS
};

/* The spin buttons' key-file names, in the enum's order. */
extern const char *const mw_experiment_form_spin_keys[N_SPINS];

struct _MwExperimentForm
{
  GtkBox parent_instance;

  GtkDropDown   *algorithm_dropdown;
  GtkDropDown   *dataset_dropdown;
  GtkDropDown   *preset_dropdown;  /* Custom, then mw-form-presets.h's */
  GtkLabel      *preset_note;      /* what the preset shown is, or why one does not apply */
  GtkLabel      *shots_title;
  GtkLabel      *queries_title;
  GtkWidget     *missing_box;      /* under the folder: why it is needed, and… */
  GtkLabel      *missing_label;
  GtkButton     *missing_button;   /* …"Choose Folder…" */
  GtkDropDown   *bn_dropdown;
  GtkDropDown   *invert_dropdown;  /* image folders: auto, yes, no */
  GtkButton     *folder_button;
  GtkLabel      *folder_label;
  GtkLabel      *description_label;
  GtkLabel      *error_label;
  GtkLabel      *memory_label;  /* the run's estimated peak memory */
  GtkWidget     *folder_row;
  GtkWidget     *bn_row;
  GtkWidget     *invert_row;
  GtkDropDown   *planar_family_dropdown;  /* planar: lines, circles, two moons */
  GtkDropDown   *planar_model_dropdown;   /* planar: logistic regression, MLP */
  GtkWidget     *planar_family_row;
  GtkWidget     *planar_model_row;
  GtkSpinButton *spins[N_SPINS];
  GtkWidget     *rows[N_SPINS];

  char *folder;                 /* Omniglot or image folder; NULL if none */
  gboolean folder_missing;      /* @folder is not a folder on this computer */
  GHashTable *edited;           /* keys of the fields the user changed (a set) */
  GHashTable *preset_extras;    /* keys of the extras the last preset set (a set) */
  char *preset_error;           /* why the preset chosen does not apply; NULL: it does */
  guint preset_shown;           /* the preset drop-down's item that the settings match */
  gboolean choosing_preset;     /* in the preset drop-down's own handler */
  guint show_preset_source;     /* shows preset_shown once that handler is done */
  GHashTable *extras;           /* key → value, applied last */
  char **locked;                /* keys of read-only fields (a handout's); NULL: none */
  GHashTable *lock_icons;       /* key → the GtkImage beside its field (unowned) */
  GtkFileChooserNative *chooser;

  gboolean loading;             /* filling the fields: no revalidation */
  gboolean valid;
  char *error;
  char *estimate;               /* the memory label's text */

  /* mw-experiment-form-image.c */
  GtkWidget     *channels_row;
  GtkDropDown   *channels_dropdown;  /* image folders: greyscale, colour */
  GtkWidget     *size_row;
  GtkDropDown   *size_dropdown;      /* image folders: "28 × 28", …, and a file's own size */
  GtkWidget     *filters_row;
  GtkSpinButton *filters_spin;       /* Conv4 filters per layer */
  GtkWidget     *augment_row;
  GtkDropDown   *augment_dropdown;   /* none, affine (drawings), photo */
};

/* Returns: (transfer none) (nullable): the widget that edits @key. */
GtkWidget *mw_experiment_form_field_widget  (MwExperimentForm *self,
                                             const char       *key);
/* Whether a handout locks @key (no argument checks: for the form's own files). */
gboolean   mw_experiment_form_key_locked    (MwExperimentForm *self,
                                             const char       *key);
/* The dataset chosen in the drop-down. */
MwDataKind mw_experiment_form_selected_data (MwExperimentForm *self);
/* Checks the settings again and shows what is wrong; emits ::changed. */
void       mw_experiment_form_revalidate    (MwExperimentForm *self);

/* mw-experiment-form-folder.c */
/* Sets the dataset's folder (NULL: none) and checks the settings again. */
void       mw_experiment_form_set_folder    (MwExperimentForm *self,
                                             const char       *folder);
/* Shows the native chooser for the dataset's folder. */
void       mw_experiment_form_choose_folder (MwExperimentForm *self);
/* form.choose-folder ("s"): a folder's path sets it; "" shows the chooser. */
void       mw_experiment_form_choose_folder_action (GtkWidget  *widget,
                                                    const char *action_name,
                                                    GVariant   *parameter);
/* FALSE, saying why in plain words, when the dataset needs a folder and the form
 * has none or this computer lacks it. */
gboolean   mw_experiment_form_folder_present (MwExperimentForm  *self,
                                              GError           **error);

/* Whether the defaults of another algorithm, dataset or task family may replace the
 * value of @key: not a locked one (the handout's), nor one the user changed. */
gboolean   mw_experiment_form_follows_defaults (MwExperimentForm *self,
                                                const char       *key);

/* The defaults of the chosen algorithm on the chosen data (and, for a folder, at the
 * size and colour chosen). */
void       mw_experiment_form_defaults_config (MwExperimentForm   *self,
                                               MwExperimentConfig *config);

/* mw-experiment-form-image.c */
/* Puts the chosen colour and size into @config (a folder's), and the width the papers
 * give its algorithm at that size. */
void       mw_experiment_form_image_defaults (MwExperimentForm   *self,
                                              MwExperimentConfig *config);
void       mw_experiment_form_image_get_config (MwExperimentForm   *self,
                                                MwExperimentConfig *config);
void       mw_experiment_form_image_set_config (MwExperimentForm         *self,
                                                const MwExperimentConfig *config);
/* Puts @defaults' width and augmentation into the fields that follow the defaults. */
void       mw_experiment_form_image_load_defaults (MwExperimentForm         *self,
                                                   const MwExperimentConfig *defaults);
/* Colour and size for folders; width and augmentation for every dataset of images. */
void       mw_experiment_form_image_update_visibility (MwExperimentForm *self,
                                                       const MwDataInfo *data);
void       mw_experiment_form_image_class_init (GtkWidgetClass *widget_class);
void       mw_experiment_form_image_init (MwExperimentForm *self);

/* mw-experiment-form-planar.c */
/* The command line's preset of the task family chosen ("planar-circles"). */
const char *mw_experiment_form_planar_preset   (MwExperimentForm *self);
/* Puts the planar fields into @config. */
void       mw_experiment_form_planar_get_config (MwExperimentForm   *self,
                                                 MwExperimentConfig *config);
/* Shows @config's planar settings in the fields (while loading). */
void       mw_experiment_form_planar_set_config (MwExperimentForm         *self,
                                                 const MwExperimentConfig *config);
/* Puts @defaults' planar settings into the fields that follow the defaults. */
void       mw_experiment_form_planar_load_defaults (MwExperimentForm         *self,
                                                    const MwExperimentConfig *defaults);
/* A model the user chose (or a handout locked) stays in @defaults, a preset's, with
 * the step sizes that suit it. */
void       mw_experiment_form_planar_fit_defaults (MwExperimentForm   *self,
                                                   MwExperimentConfig *defaults);
/* Shows the planar rows when @data is planar, and the spread for lines only. */
void       mw_experiment_form_planar_update_visibility (MwExperimentForm *self,
                                                        const MwDataInfo *data);

/* mw-experiment-form-locks.c */
/* Puts a lock icon, hidden, between each field and its title. */
void       mw_experiment_form_add_lock_icons (MwExperimentForm *self);

G_END_DECLS
