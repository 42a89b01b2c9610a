/* mw-experiment-form.c: the experiment settings in the sidebar. */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-experiment-form-private.h"
#include "mw-form-presets.h"

const char *const mw_experiment_form_spin_keys[N_SPINS] = {
  "ways", "shots", "queries", "inner-steps", "inner-lr", "meta-lr", "meta-batch",
  "iterations", "seed", "planar-spread", "planar-label-noise",
};

G_DEFINE_FINAL_TYPE (MwExperimentForm, mw_experiment_form, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The drop-downs list the tables' rows in their kinds' order. */
static MwAlgorithmKind
selected_algorithm (MwExperimentForm *self)
{
  guint i = gtk_drop_down_get_selected (self->algorithm_dropdown);

  return i < MW_ALGO_COUNT ? (MwAlgorithmKind) i : MW_ALGO_MAML;
}

MwDataKind
mw_experiment_form_selected_data (MwExperimentForm *self)
{
  guint i = gtk_drop_down_get_selected (self->dataset_dropdown);

  return i < MW_DATA_COUNT ? (MwDataKind) i : MW_DATA_GLYPHS;
}

void
mw_experiment_form_defaults_config (MwExperimentForm   *self,
                                    MwExperimentConfig *config)
{
  MwAlgorithmKind kind = selected_algorithm (self);
  MwDataKind data = mw_experiment_form_selected_data (self);
  /* Planar tasks: the preset of the family chosen. */
  const char *preset = data == MW_DATA_PLANAR ? mw_experiment_form_planar_preset (self)
                                              : mw_data_info (data)->preset;

  mw_experiment_config_init (config, kind);
  /* The paper's settings for this data (sinusoid, a planar family); should the preset refuse,
   * the algorithm's own, and validation then says what does not fit. */
  if (preset != NULL)
    {
      if (mw_experiment_config_preset (config, kind, preset, NULL))
        {
          if (data == MW_DATA_PLANAR)
            mw_experiment_form_planar_fit_defaults (self, config);
          return;
        }
      mw_experiment_config_clear (config);
      mw_experiment_config_init (config, kind);
    }
  config->data = data;
  mw_experiment_form_image_defaults (self, config);
}

static void
update_visibility (MwExperimentForm *self)
{
  MwAlgorithmKind kind = selected_algorithm (self);
  const MwAlgorithmInfo *algorithm = mw_algorithm_info (kind);
  const MwDataInfo *data = mw_data_info (mw_experiment_form_selected_data (self));

  gtk_widget_set_visible (self->rows[SPIN_INNER_STEPS], algorithm->inner_loop);
  gtk_widget_set_visible (self->rows[SPIN_INNER_LR], algorithm->inner_loop);
  gtk_widget_set_visible (self->rows[SPIN_META_BATCH], !algorithm->pretrains);
  /* Planar tasks have two classes, one on each side of the boundary. */
  gtk_widget_set_visible (self->rows[SPIN_WAYS], !data->regression && !data->points);
  /* A regression task has points, not classes: K is its support points (the
   * sine fit's), and its queries are points too. */
  gtk_label_set_label (self->shots_title, data->regression ? _("Support points (K)") : _("K-shot"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->shots_title),
                               data->regression
                               ? _("The points a model adapts to when it is tested, and in "
                                   "Inspect; meta-training shows it train-shots points (10 in "
                                   "the paper setting)")
                               : NULL);
  gtk_label_set_label (self->queries_title, data->regression ? _("Query points")
                                                             : _("Queries per class"));
  /* Batch norm is the image networks' (the convolutions'), not the points' MLP. */
  gtk_widget_set_visible (self->bn_row, !data->regression && !data->points);
  mw_experiment_form_planar_update_visibility (self, data);
  gtk_widget_set_visible (self->folder_row, data->needs_path);
  /* Omniglot's loader knows its files' polarity; a folder's may be either. */
  gtk_widget_set_visible (self->invert_row, data->invert_setting);
  mw_experiment_form_image_update_visibility (self, data);

  gtk_label_set_label (self->description_label, mw_algorithm_kind_description (kind));
}

gboolean
mw_experiment_form_follows_defaults (MwExperimentForm *self,
                                     const char       *key)
{
  return !mw_experiment_form_key_locked (self, key) && !g_hash_table_contains (self->edited, key);
}

static void
set_default_value (MwExperimentForm *self,
                   int               which,
                   double            value)
{
  if (mw_experiment_form_follows_defaults (self, mw_experiment_form_spin_keys[which]))
    gtk_spin_button_set_value (self->spins[which], value);
}

static double
spin_value (MwExperimentForm *self,
            int               which)
{
  return gtk_spin_button_get_value (self->spins[which]);
}

void
mw_experiment_form_get_config (MwExperimentForm   *self,
                               MwExperimentConfig *config)
{
  GHashTableIter iter;
  gpointer key, value;
  const MwAlgorithmInfo *algorithm;
  const MwDataInfo *data;

  g_return_if_fail (MW_IS_EXPERIMENT_FORM (self));
  g_return_if_fail (config != NULL);

  mw_experiment_form_defaults_config (self, config);
  algorithm = mw_algorithm_info (config->algo.kind);
  data = mw_data_info (config->data);

  if (data->needs_path)
    {
      g_free (config->data_path);
      config->data_path = g_strdup (self->folder != NULL ? self->folder : "");
    }
  if (data->invert_setting)
    {
      /* The drop-down's items: Auto, Yes, No. */
      guint inv = gtk_drop_down_get_selected (self->invert_dropdown);

      config->invert = inv == 1 ? MW_INVERT_YES : inv == 2 ? MW_INVERT_NO : MW_INVERT_AUTO;
    }

  config->shots = gtk_spin_button_get_value_as_int (self->spins[SPIN_SHOTS]);
  if (data->points)
    mw_experiment_form_planar_get_config (self, config);
  else if (!data->regression)
    {
      config->ways = gtk_spin_button_get_value_as_int (self->spins[SPIN_WAYS]);
      config->algo.bn_mode = gtk_drop_down_get_selected (self->bn_dropdown) == 1
                             ? MW_BN_RUNNING : MW_BN_BATCH;
    }
  config->queries = gtk_spin_button_get_value_as_int (self->spins[SPIN_QUERIES]);
  if (algorithm->inner_loop)
    {
      config->algo.inner_steps = gtk_spin_button_get_value_as_int (self->spins[SPIN_INNER_STEPS]);
      config->algo.inner_lr = (float) spin_value (self, SPIN_INNER_LR);
      /* Validation adapts as many steps as training unless the algorithm's
       * defaults say otherwise (Reptile), and at least as many as the dataset's
       * paper setting tests with (the sinusoid's 10). */
      if (algorithm->tests_as_trained)
        config->test_steps = MAX (config->algo.inner_steps, MAX (config->test_steps, 1));
    }
  config->algo.meta_lr = (float) spin_value (self, SPIN_META_LR);
  if (!algorithm->pretrains)
    config->algo.meta_batch = gtk_spin_button_get_value_as_int (self->spins[SPIN_META_BATCH]);
  config->iterations = (gint64) spin_value (self, SPIN_ITERATIONS);
  config->seed = (guint64) spin_value (self, SPIN_SEED);
  mw_experiment_form_image_get_config (self, config);

  /* Extras go through the key-file setter; one it refuses (out of its bounds)
   * leaves the default, and revalidate() makes the form say why. */
  g_hash_table_iter_init (&iter, self->extras);
  while (g_hash_table_iter_next (&iter, &key, &value))
    mw_experiment_config_set (config, key, value, NULL);
}

/* Whether every extra setting is one the key-file setter takes. */
static gboolean
extras_valid (MwExperimentForm  *self,
              GError           **error)
{
  MwExperimentConfig scratch;
  GHashTableIter iter;
  gpointer key, value;
  gboolean valid = TRUE;

  mw_experiment_config_init (&scratch, selected_algorithm (self));
  g_hash_table_iter_init (&iter, self->extras);
  while (valid && g_hash_table_iter_next (&iter, &key, &value))
    valid = mw_experiment_config_set (&scratch, key, value, error);
  mw_experiment_config_clear (&scratch);
  return valid;
}

/* The estimated peak memory of a run of @config, beside the machine's. */
static void
update_estimate (MwExperimentForm         *self,
                 const MwExperimentConfig *config)
{
  MwMemoryEstimate estimate;
  g_autofree char *need = NULL;
  g_autofree char *have = NULL;

  mw_memory_estimate (config, &estimate);
  need = g_format_size ((guint64) MIN (estimate.total, 1.8e19));
  have = g_format_size (mw_memory_physical ());
  g_free (self->estimate);
  /* Translators: the estimated peak memory of a run, the machine's memory. */
  self->estimate = g_strdup_printf (_("Needs about %s of memory (this computer has %s)"),
                                    need, have);
  gtk_label_set_label (self->memory_label, self->estimate);
}

static void
select_shown_preset (MwExperimentForm *self)
{
  self->loading = TRUE;
  gtk_drop_down_set_selected (self->preset_dropdown, self->preset_shown);
  self->loading = FALSE;
}

static void
show_preset_idle_cb (gpointer data)
{
  MwExperimentForm *self = data;

  self->show_preset_source = 0;
  select_shown_preset (self);
}

/* Shows the preset that the settings match, or Custom.  The drop-down takes no
 * new selection while it tells of the last one (its notify would come round
 * again): then it is set once its handler has returned. */
static void
show_preset (MwExperimentForm         *self,
             const MwExperimentConfig *config)
{
  g_autofree char *note = NULL;

  self->preset_shown = mw_form_preset_match (config);
  if (self->preset_error != NULL)
    note = g_strdup (self->preset_error);
  else
    note = mw_form_preset_describe (self->preset_shown, config);

  if (!self->choosing_preset)
    select_shown_preset (self);
  else if (self->show_preset_source == 0)
    self->show_preset_source = g_idle_add_once (show_preset_idle_cb, self);
  gtk_label_set_label (self->preset_note, note != NULL ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->preset_note), note != NULL);
}

void
mw_experiment_form_revalidate (MwExperimentForm *self)
{
  MwExperimentConfig config;
  g_autoptr(GError) error = NULL;
  gboolean valid;
  gboolean missing;

  if (self->loading)
    return;

  mw_experiment_form_get_config (self, &config);
  /* A run that cannot fit in this machine's memory cannot start either (mw_run_new
   * would refuse it): the form says so before Start. */
  missing = !mw_experiment_form_folder_present (self, &error);
  valid = !missing &&
          extras_valid (self, &error) &&
          mw_experiment_config_validate (&config, &error) &&
          mw_memory_check (&config, 0, &error);
  update_estimate (self, &config);
  show_preset (self, &config);
  mw_experiment_config_clear (&config);

  g_clear_pointer (&self->error, g_free);
  if (!valid)
    self->error = g_strdup (error->message);
  /* A missing folder is said under the folder, where its button is. */
  gtk_label_set_label (missing ? self->missing_label : self->error_label,
                       self->error != NULL ? self->error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), !valid && !missing);
  gtk_widget_set_visible (self->missing_box, missing);

  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

/* Puts the defaults of the chosen algorithm and data into the fields, the
 * length of training included (the sinusoid's paper setting trains 70,000
 * iterations); a field the user changed or a handout locked keeps its value.  The
 * extras a preset set were for its dataset and algorithm: they go. */
static void
load_defaults (MwExperimentForm *self)
{
  MwExperimentConfig config;
  GHashTableIter iter;
  gpointer key;

  mw_experiment_form_defaults_config (self, &config);

  g_hash_table_iter_init (&iter, self->preset_extras);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_hash_table_remove (self->extras, key);
  g_hash_table_remove_all (self->preset_extras);
  g_clear_pointer (&self->preset_error, g_free);

  self->loading = TRUE;
  set_default_value (self, SPIN_ITERATIONS, (double) config.iterations);
  set_default_value (self, SPIN_SEED, (double) config.seed);
  set_default_value (self, SPIN_WAYS, config.ways);
  set_default_value (self, SPIN_SHOTS, config.shots);
  set_default_value (self, SPIN_QUERIES, config.queries);
  set_default_value (self, SPIN_INNER_STEPS, config.algo.inner_steps);
  set_default_value (self, SPIN_INNER_LR, config.algo.inner_lr);
  set_default_value (self, SPIN_META_LR, config.algo.meta_lr);
  set_default_value (self, SPIN_META_BATCH, config.algo.meta_batch);
  if (mw_experiment_form_follows_defaults (self, "batch-norm"))
    gtk_drop_down_set_selected (self->bn_dropdown, config.algo.bn_mode == MW_BN_RUNNING ? 1 : 0);
  if (config.data == MW_DATA_PLANAR)
    mw_experiment_form_planar_load_defaults (self, &config);
  mw_experiment_form_image_load_defaults (self, &config);
  self->loading = FALSE;

  mw_experiment_config_clear (&config);

  update_visibility (self);
  mw_experiment_form_revalidate (self);
}

/* A field the user changed: the defaults of another algorithm or dataset leave
 * it as it is (load_defaults). */
static void
field_edited_cb (GtkWidget        *field,
                 GParamSpec       *pspec,
                 MwExperimentForm *self)
{
  const char *key = g_object_get_data (G_OBJECT (field), "mw-field-key");

  if (self->loading)
    return;
  if (key != NULL)
    g_hash_table_add (self->edited, (gpointer) key);
  g_clear_pointer (&self->preset_error, g_free);
  mw_experiment_form_revalidate (self);
}

static void
spin_edited_cb (GtkSpinButton    *spin,
                MwExperimentForm *self)
{
  field_edited_cb (GTK_WIDGET (spin), NULL, self);
}

/* The step sizes suit a model (logistic regression takes far larger ones than the
 * MLP): those the user did not type follow the model chosen.  The other fields keep
 * what they hold, which may be a preset's or a handout's. */
static void
planar_model_chosen_cb (GtkWidget        *field,
                        GParamSpec       *pspec,
                        MwExperimentForm *self)
{
  MwExperimentConfig config;

  if (self->loading)
    return;
  field_edited_cb (field, pspec, self);
  mw_experiment_form_defaults_config (self, &config);
  self->loading = TRUE;
  set_default_value (self, SPIN_INNER_LR, config.algo.inner_lr);
  set_default_value (self, SPIN_META_LR, config.algo.meta_lr);
  self->loading = FALSE;
  mw_experiment_config_clear (&config);
  mw_experiment_form_revalidate (self);
}

static void
choice_changed_cb (MwExperimentForm *self)
{
  if (self->loading)
    return;
  /* Omniglot where this computer keeps it (MW_OMNIGLOT_DIR, the data folder). */
  if (mw_experiment_form_selected_data (self) == MW_DATA_OMNIGLOT && self->folder == NULL)
    {
      g_autofree char *found = mw_handout_find_omniglot (NULL);

      if (found != NULL)
        mw_experiment_form_set_folder (self, found);
    }
  load_defaults (self);
}

static void
preset_chosen_cb (MwExperimentForm *self)
{
  guint index = gtk_drop_down_get_selected (self->preset_dropdown);
  MwExperimentConfig current;
  MwExperimentConfig preset;
  g_autoptr(GError) error = NULL;

  if (self->loading || index == MW_FORM_PRESET_CUSTOM || index >= mw_form_preset_count ())
    return;

  self->choosing_preset = TRUE;
  mw_experiment_form_get_config (self, &current);
  if (mw_form_preset_apply (index, &current, &preset, &error))
    {
      GHashTableIter iter;
      gpointer key;

      /* A locked value is the handout's: the preset does not replace it. */
      for (char **k = self->locked; k != NULL && *k != NULL; k++)
        {
          g_autofree char *value = mw_experiment_config_get (&current, *k);

          if (value != NULL)
            mw_experiment_config_set (&preset, *k, value, NULL);
        }
      mw_experiment_form_load_config (self, &preset);
      mw_experiment_config_clear (&preset);
      /* Every extra is the preset's now (loading replaced them). */
      g_hash_table_iter_init (&iter, self->extras);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_hash_table_add (self->preset_extras, g_strdup (key));
    }
  else
    {
      g_free (self->preset_error);
      self->preset_error = g_strdup (error->message);
      mw_experiment_form_revalidate (self);
    }
  mw_experiment_config_clear (&current);
  self->choosing_preset = FALSE;
}

/* --- public API ------------------------------------------------------------ */

GtkWidget *
mw_experiment_form_new (void)
{
  return g_object_new (MW_TYPE_EXPERIMENT_FORM, NULL);
}

void
mw_experiment_form_set_config (MwExperimentForm         *self,
                               const MwExperimentConfig *config)
{
  g_return_if_fail (MW_IS_EXPERIMENT_FORM (self));
  g_return_if_fail (config != NULL);
  g_return_if_fail (config->algo.kind < MW_ALGO_COUNT && config->data < MW_DATA_COUNT);

  /* Every field is set here: none is the user's own any more. */
  g_hash_table_remove_all (self->edited);

  /* The choices first: they load their defaults into the fields. */
  gtk_drop_down_set_selected (self->algorithm_dropdown, config->algo.kind);
  gtk_drop_down_set_selected (self->dataset_dropdown, config->data);
  if (mw_data_info (config->data)->points)
    {
      /* The family first, as a choice: its defaults, then the fields below. */
      gtk_drop_down_set_selected (self->planar_family_dropdown,
                                  config->planar_family <= MW_PLANAR_MOONS
                                  ? config->planar_family : MW_PLANAR_LINEAR);
    }
  /* No folder in @config (Omniglot not found on this computer) is none in the
   * form, not the folder it showed before. */
  if (mw_data_info (config->data)->needs_path)
    mw_experiment_form_set_folder (self, config->data_path != NULL && *config->data_path != '\0'
                      ? config->data_path : NULL);

  self->loading = TRUE;
  gtk_spin_button_set_value (self->spins[SPIN_WAYS], config->ways);
  gtk_spin_button_set_value (self->spins[SPIN_SHOTS], config->shots);
  gtk_spin_button_set_value (self->spins[SPIN_QUERIES], config->queries);
  gtk_spin_button_set_value (self->spins[SPIN_INNER_STEPS], config->algo.inner_steps);
  gtk_spin_button_set_value (self->spins[SPIN_INNER_LR], config->algo.inner_lr);
  gtk_spin_button_set_value (self->spins[SPIN_META_LR], config->algo.meta_lr);
  gtk_spin_button_set_value (self->spins[SPIN_META_BATCH], config->algo.meta_batch);
  gtk_spin_button_set_value (self->spins[SPIN_ITERATIONS], (double) config->iterations);
  gtk_spin_button_set_value (self->spins[SPIN_SEED], (double) config->seed);
  gtk_drop_down_set_selected (self->bn_dropdown, config->algo.bn_mode == MW_BN_RUNNING ? 1 : 0);
  gtk_drop_down_set_selected (self->invert_dropdown, config->invert == MW_INVERT_YES ? 1
                                                     : config->invert == MW_INVERT_NO ? 2 : 0);
  if (mw_data_info (config->data)->points)
    mw_experiment_form_planar_set_config (self, config);
  mw_experiment_form_image_set_config (self, config);
  self->loading = FALSE;

  update_visibility (self);
  mw_experiment_form_revalidate (self);
}

void
mw_experiment_form_load_config (MwExperimentForm         *self,
                                const MwExperimentConfig *config)
{
  MwExperimentConfig shown;
  g_autofree char *wanted_text = NULL;
  g_autofree char *shown_text = NULL;
  g_autoptr(GKeyFile) wanted = g_key_file_new ();
  g_autoptr(GKeyFile) have = g_key_file_new ();
  g_auto(GStrv) groups = NULL;

  g_return_if_fail (MW_IS_EXPERIMENT_FORM (self));
  g_return_if_fail (config != NULL);

  g_hash_table_remove_all (self->extras);
  mw_experiment_form_set_config (self, config);

  /* What the fields cannot hold becomes an extra, compared in the key-file
   * form.  A setting with a field stays with its field, even a hidden one: an
   * extra would override what is typed there later. */
  mw_experiment_form_get_config (self, &shown);
  wanted_text = mw_experiment_config_to_data (config);
  shown_text = mw_experiment_config_to_data (&shown);
  mw_experiment_config_clear (&shown);
  g_key_file_load_from_data (wanted, wanted_text, (gsize) -1, G_KEY_FILE_NONE, NULL);
  g_key_file_load_from_data (have, shown_text, (gsize) -1, G_KEY_FILE_NONE, NULL);
  groups = g_key_file_get_groups (wanted, NULL);
  for (char **g = groups; *g != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (wanted, *g, NULL, NULL);

      for (char **k = keys; keys != NULL && *k != NULL; k++)
        {
          g_autofree char *value = g_key_file_get_string (wanted, *g, *k, NULL);
          g_autofree char *current = g_key_file_get_string (have, *g, *k, NULL);

          if (mw_experiment_form_field_widget (self, *k) == NULL && g_strcmp0 (value, current) != 0)
            g_hash_table_replace (self->extras, g_strdup (*k), g_steal_pointer (&value));
        }
    }

  mw_experiment_form_revalidate (self);
}

gboolean
mw_experiment_form_get_valid (MwExperimentForm *self)
{
  g_return_val_if_fail (MW_IS_EXPERIMENT_FORM (self), FALSE);
  return self->valid;
}

const char *
mw_experiment_form_get_error (MwExperimentForm *self)
{
  g_return_val_if_fail (MW_IS_EXPERIMENT_FORM (self), NULL);
  return self->error;
}

const char *
mw_experiment_form_get_estimate (MwExperimentForm *self)
{
  g_return_val_if_fail (MW_IS_EXPERIMENT_FORM (self), NULL);
  return self->estimate;
}

void
mw_experiment_form_set_algorithm (MwExperimentForm *self,
                                  MwAlgorithmKind   kind)
{
  g_return_if_fail (MW_IS_EXPERIMENT_FORM (self));
  g_return_if_fail (kind < MW_ALGO_COUNT);

  gtk_drop_down_set_selected (self->algorithm_dropdown, kind);
}

MwAlgorithmKind
mw_experiment_form_get_algorithm (MwExperimentForm *self)
{
  g_return_val_if_fail (MW_IS_EXPERIMENT_FORM (self), MW_ALGO_MAML);
  return selected_algorithm (self);
}

void
mw_experiment_form_set_dataset (MwExperimentForm *self,
                                MwDataKind        data,
                                const char       *path)
{
  g_return_if_fail (MW_IS_EXPERIMENT_FORM (self));
  g_return_if_fail (data < MW_DATA_COUNT);

  gtk_drop_down_set_selected (self->dataset_dropdown, data);
  if (path != NULL)
    mw_experiment_form_set_folder (self, path);
}

gboolean
mw_experiment_form_set_value (MwExperimentForm *self,
                              const char       *key,
                              double            value)
{
  g_return_val_if_fail (MW_IS_EXPERIMENT_FORM (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  for (int i = 0; i < N_SPINS; i++)
    if (g_str_equal (key, mw_experiment_form_spin_keys[i]))
      {
        gtk_spin_button_set_value (self->spins[i], value);
        mw_experiment_form_revalidate (self);
        return TRUE;
      }

  return FALSE;
}

void
mw_experiment_form_set_extra (MwExperimentForm *self,
                              const char       *key,
                              const char       *value)
{
  g_return_if_fail (MW_IS_EXPERIMENT_FORM (self));
  g_return_if_fail (key != NULL);

  if (value != NULL)
    g_hash_table_replace (self->extras, g_strdup (key), g_strdup (value));
  else
    g_hash_table_remove (self->extras, key);

  mw_experiment_form_revalidate (self);
}

gboolean
mw_experiment_form_is_shown (MwExperimentForm *self,
                             const char       *key)
{
  g_return_val_if_fail (MW_IS_EXPERIMENT_FORM (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (g_str_equal (key, "folder"))
    return gtk_widget_get_visible (self->folder_row);
  if (g_str_equal (key, "batch-norm"))
    return gtk_widget_get_visible (self->bn_row);
  if (g_str_equal (key, "invert"))
    return gtk_widget_get_visible (self->invert_row);
  if (g_str_equal (key, "planar-family"))
    return gtk_widget_get_visible (self->planar_family_row);
  if (g_str_equal (key, "planar-model"))
    return gtk_widget_get_visible (self->planar_model_row);
  if (g_str_equal (key, "channels"))
    return gtk_widget_get_visible (self->channels_row);
  if (g_str_equal (key, "image-size"))
    return gtk_widget_get_visible (self->size_row);
  if (g_str_equal (key, "filters"))
    return gtk_widget_get_visible (self->filters_row);
  if (g_str_equal (key, "augment"))
    return gtk_widget_get_visible (self->augment_row);
  for (int i = 0; i < N_SPINS; i++)
    if (g_str_equal (key, mw_experiment_form_spin_keys[i]))
      return gtk_widget_get_visible (self->rows[i]);

  return TRUE;
}

/* --- GObject ---------------------------------------------------------------- */

static void
mw_experiment_form_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MwExperimentForm *self = MW_EXPERIMENT_FORM (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mw_experiment_form_dispose (GObject *object)
{
  MwExperimentForm *self = MW_EXPERIMENT_FORM (object);

  g_clear_handle_id (&self->show_preset_source, g_source_remove);
  if (self->chooser != NULL)
    {
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), MW_TYPE_EXPERIMENT_FORM);

  G_OBJECT_CLASS (mw_experiment_form_parent_class)->dispose (object);
}

static void
mw_experiment_form_finalize (GObject *object)
{
  MwExperimentForm *self = MW_EXPERIMENT_FORM (object);

  g_free (self->folder);
  g_free (self->preset_error);
  g_hash_table_unref (self->edited);
  g_hash_table_unref (self->preset_extras);
  g_free (self->error);
  g_free (self->estimate);
  g_hash_table_unref (self->extras);
  g_strfreev (self->locked);
  g_hash_table_unref (self->lock_icons);

  G_OBJECT_CLASS (mw_experiment_form_parent_class)->finalize (object);
}

static void
mw_experiment_form_class_init (MwExperimentFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mw_experiment_form_get_property;
  object_class->dispose = mw_experiment_form_dispose;
  object_class->finalize = mw_experiment_form_finalize;

  /**
   * MwExperimentForm:valid:
   *
   * Whether the settings pass mw_experiment_config_validate().
   */
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MwExperimentForm::changed:
   *
   * A setting changed (after it was checked): what mw_experiment_form_get_config()
   * gives may be different.
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "form.choose-folder", "s",
                                   mw_experiment_form_choose_folder_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/metaworkbench/MetaWorkbench/ui/mw-experiment-form.ui");
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, algorithm_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, dataset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, preset_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, preset_note);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, shots_title);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, queries_title);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, missing_box);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, missing_label);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, missing_button);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, bn_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, invert_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, invert_row);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, folder_button);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, folder_label);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, description_label);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, memory_label);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, folder_row);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, bn_row);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, planar_family_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, planar_model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, planar_family_row);
  gtk_widget_class_bind_template_child (widget_class, MwExperimentForm, planar_model_row);
#define BIND_SPIN(i, name) \
  gtk_widget_class_bind_template_child_full (widget_class, name "_spin", FALSE, \
                                             G_STRUCT_OFFSET (MwExperimentForm, spins[i])); \
  gtk_widget_class_bind_template_child_full (widget_class, name "_row", FALSE, \
                                             G_STRUCT_OFFSET (MwExperimentForm, rows[i]))
  BIND_SPIN (SPIN_WAYS, "ways");
  BIND_SPIN (SPIN_SHOTS, "shots");
  BIND_SPIN (SPIN_QUERIES, "queries");
  BIND_SPIN (SPIN_INNER_STEPS, "inner_steps");
  BIND_SPIN (SPIN_INNER_LR, "inner_lr");
  BIND_SPIN (SPIN_META_LR, "meta_lr");
  BIND_SPIN (SPIN_META_BATCH, "meta_batch");
  BIND_SPIN (SPIN_ITERATIONS, "iterations");
  BIND_SPIN (SPIN_SEED, "seed");
  BIND_SPIN (SPIN_PLANAR_SPREAD, "planar_spread");
  BIND_SPIN (SPIN_PLANAR_NOISE, "planar_noise");
#undef BIND_SPIN
  mw_experiment_form_image_class_init (widget_class);
}

static void
mw_experiment_form_init (MwExperimentForm *self)
{
  g_autoptr(GtkStringList) algorithms = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) datasets = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) presets = gtk_string_list_new (NULL);
  MwExperimentConfig config;

  gtk_widget_init_template (GTK_WIDGET (self));

  mw_experiment_form_add_lock_icons (self);
  self->extras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  /* The keys are the static field_keys (spin_keys and the drop-downs'). */
  self->edited = g_hash_table_new (g_str_hash, g_str_equal);
  self->preset_extras = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* One item per row of the tables, in their kinds' order. */
  for (int kind = 0; kind < MW_ALGO_COUNT; kind++)
    gtk_string_list_append (algorithms, mw_algorithm_kind_title (kind));
  for (int kind = 0; kind < MW_DATA_COUNT; kind++)
    gtk_string_list_append (datasets, _(mw_data_info (kind)->title));
  for (guint i = 0; i < mw_form_preset_count (); i++)
    gtk_string_list_append (presets, mw_form_preset_title (i));

  /* First start: MAML on the built-in glyphs, which needs no files. */
  self->loading = TRUE;
  mw_experiment_config_init (&config, MW_ALGO_MAML);
  gtk_drop_down_set_model (self->algorithm_dropdown, G_LIST_MODEL (algorithms));
  gtk_drop_down_set_model (self->dataset_dropdown, G_LIST_MODEL (datasets));
  gtk_drop_down_set_model (self->preset_dropdown, G_LIST_MODEL (presets));
  gtk_drop_down_set_selected (self->algorithm_dropdown, config.algo.kind);
  gtk_drop_down_set_selected (self->dataset_dropdown, config.data);
  gtk_spin_button_set_value (self->spins[SPIN_ITERATIONS], (double) config.iterations);
  gtk_spin_button_set_value (self->spins[SPIN_SEED], (double) config.seed);
  mw_experiment_config_clear (&config);
  self->loading = FALSE;

  g_signal_connect_swapped (self->algorithm_dropdown, "notify::selected",
                            G_CALLBACK (choice_changed_cb), self);
  g_signal_connect_swapped (self->dataset_dropdown, "notify::selected",
                            G_CALLBACK (choice_changed_cb), self);
  g_signal_connect_swapped (self->preset_dropdown, "notify::selected",
                            G_CALLBACK (preset_chosen_cb), self);
  /* A task family is a choice, as the dataset is: it brings its preset's defaults. */
  g_signal_connect_swapped (self->planar_family_dropdown, "notify::selected",
                            G_CALLBACK (choice_changed_cb), self);
  g_object_set_data (G_OBJECT (self->planar_model_dropdown), "mw-field-key",
                     (gpointer) "planar-model");
  g_signal_connect (self->planar_model_dropdown, "notify::selected",
                    G_CALLBACK (planar_model_chosen_cb), self);
  g_object_set_data (G_OBJECT (self->bn_dropdown), "mw-field-key", (gpointer) "batch-norm");
  g_signal_connect (self->bn_dropdown, "notify::selected", G_CALLBACK (field_edited_cb), self);
  g_object_set_data (G_OBJECT (self->invert_dropdown), "mw-field-key", (gpointer) "invert");
  g_signal_connect (self->invert_dropdown, "notify::selected", G_CALLBACK (field_edited_cb), self);
  g_signal_connect_swapped (self->folder_button, "clicked",
                            G_CALLBACK (mw_experiment_form_choose_folder), self);
  for (int i = 0; i < N_SPINS; i++)
    {
      g_object_set_data (G_OBJECT (self->spins[i]), "mw-field-key", (gpointer) mw_experiment_form_spin_keys[i]);
      g_signal_connect (self->spins[i], "value-changed", G_CALLBACK (spin_edited_cb), self);
    }
  mw_experiment_form_image_init (self);

  load_defaults (self);
}
