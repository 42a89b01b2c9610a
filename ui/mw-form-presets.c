/* mw-form-presets.c: the experiment form's presets (see mw-form-presets.h). */

#include "config.h"

#include <glib/gi18n.h>

#include "mw-form-presets.h"

/* The command line's presets, in its order (mw_experiment_config_preset). */
static const char *const named[] = {
  "sinusoid", "glyphs-5w1s", "omniglot-5w1s", "omniglot-5w5s", "omniglot-20w1s",
  "omniglot-20w5s", "planar-linear", "planar-circles", "planar-moons", "miniimagenet-5w1s",
  "miniimagenet-5w5s",
};

/* The planar presets, by task family (MwPlanarFamily's order). */
static const char *const planar_presets[] = { "planar-linear", "planar-circles", "planar-moons" };

/* Meta-iterations of the five-minute lesson, measured on this project's 2-core
 * machine while other work shared it (the command line, 2 threads, validating every
 * 50th iteration): the built-in glyphs' 1000 in 60 s with MAML, about 6 minutes with
 * Reptile (its validation adapts 20 steps); the sinusoid's 20,000 in 23 s with MAML
 * or Reptile.  Omniglot's images are of the glyphs' size, so its iterations cost
 * about the same (the guide's lesson trains 1000 of MAML and of Reptile in about
 * ten minutes). */
#define LESSON_IMAGE_ITERATIONS    1000
#define LESSON_SINUSOID_ITERATIONS 30000
/* Validations in a lesson's run: enough points for a curve. */
#define LESSON_VALIDATIONS 20

static const char *
preset_name (guint index)
{
  return index >= MW_FORM_PRESET_NAMED && index - MW_FORM_PRESET_NAMED < G_N_ELEMENTS (named)
         ? named[index - MW_FORM_PRESET_NAMED] : NULL;
}

guint
mw_form_preset_count (void)
{
  return MW_FORM_PRESET_NAMED + G_N_ELEMENTS (named);
}

const char *
mw_form_preset_title (guint index)
{
  switch (index)
    {
    case MW_FORM_PRESET_CUSTOM:
      return C_("preset", "Custom");
    case MW_FORM_PRESET_LESSON:
      return _("5-minute lesson");
    case MW_FORM_PRESET_PAPER:
      return _("Paper setting");
    default:
      /* The command line's names, as `meta-workbench-cli list` shows them. */
      return preset_name (index) != NULL ? preset_name (index) : "";
    }
}

const char *
mw_form_preset_name (guint index)
{
  return preset_name (index);
}

/* The published setting nearest to @current's dataset and episode shape. */
static const char *
paper_preset (const MwExperimentConfig *current)
{
  if (current->data == MW_DATA_SINUSOID)
    return "sinusoid";
  if (current->data == MW_DATA_OMNIGLOT)
    {
      gboolean wide = current->ways > 12;
      gboolean five_shot = current->shots > 2;

      return wide ? (five_shot ? "omniglot-20w5s" : "omniglot-20w1s")
                  : (five_shot ? "omniglot-5w5s" : "omniglot-5w1s");
    }
  /* A folder of colour photos at mini-ImageNet's size. */
  if (current->data == MW_DATA_FOLDER && current->image_size == 84 && current->channels == 3)
    return current->shots > 2 ? "miniimagenet-5w5s" : "miniimagenet-5w1s";
  return NULL;
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* The quick settings of the algorithm on @current's dataset, trained long enough to
 * show a curve within about five minutes. */
static void
lesson_config (const MwExperimentConfig *current,
               MwExperimentConfig       *result)
{
  MwAlgorithmKind kind = current->algo.kind;

  if (current->data == MW_DATA_SINUSOID)
    {
      mw_experiment_config_init (result, kind);
      /* The sinusoid preset always succeeds; only its length is cut. */
      mw_experiment_config_preset (result, kind, "sinusoid", NULL);
      result->iterations = LESSON_SINUSOID_ITERATIONS;
    }
  else if (current->data == MW_DATA_PLANAR)
    {
      /* The family's preset trains in a minute or two as it is. */
      mw_experiment_config_init (result, kind);
      mw_experiment_config_preset (result, kind, planar_presets[current->planar_family
                                                                 <= MW_PLANAR_MOONS
                                                                 ? current->planar_family
                                                                 : MW_PLANAR_LINEAR], NULL);
    }
  else
    {
      mw_experiment_config_init (result, kind);
      result->data = current->data;
      result->image_size = mw_data_info (current->data)->image_size;
      /* A folder's photos keep their colour and size, with the network the papers give
       * that size. */
      if (mw_data_info (current->data)->colour)
        {
          result->image_size = current->image_size;
          result->channels = current->channels;
          mw_experiment_image_backbone (result);
        }
      result->iterations = LESSON_IMAGE_ITERATIONS;
    }
  result->eval_every = (int) MAX (result->iterations / LESSON_VALIDATIONS, 1);
}

gboolean
mw_form_preset_apply (guint                     index,
                      const MwExperimentConfig *current,
                      MwExperimentConfig       *result,
                      GError                  **error)
{
  const char *name = preset_name (index);

  g_return_val_if_fail (current != NULL && result != NULL, FALSE);
  g_return_val_if_fail (index > MW_FORM_PRESET_CUSTOM && index < mw_form_preset_count (), FALSE);

  if (index == MW_FORM_PRESET_LESSON)
    lesson_config (current, result);
  else
    {
      if (index == MW_FORM_PRESET_PAPER)
        name = paper_preset (current);
      if (name == NULL)
        {
          g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                       /* Translators: the dataset's name ("Image folder"). */
                       _("No published setting for “%s”: the papers used Omniglot, the "
                         "sinusoid and mini-ImageNet (a folder of colour images at 84 × 84)"),
                       _(mw_data_info (current->data)->title));
          return FALSE;
        }
      /* The folder comes over from @current (the preset keeps it); the splits are
       * put back below, where they are of the same dataset. */
      mw_experiment_config_copy (result, current);
      set_string (&result->train_split, "");
      set_string (&result->val_split, "");
      set_string (&result->test_split, "");
      if (!mw_experiment_config_preset (result, current->algo.kind, name, error))
        {
          mw_experiment_config_clear (result);
          return FALSE;
        }
    }

  /* The seed, the folder and the class splits are the user's, not the preset's. */
  result->seed = current->seed;
  if (mw_data_info (result->data)->needs_path)
    set_string (&result->data_path, current->data_path);
  if (result->data == current->data && *current->train_split != '\0')
    {
      set_string (&result->train_split, current->train_split);
      set_string (&result->val_split, current->val_split);
      set_string (&result->test_split, current->test_split);
    }
  set_string (&result->name, "");
  return TRUE;
}

guint
mw_form_preset_match (const MwExperimentConfig *config)
{
  static const char *const ignore[] = { "name", "seed", "path", "threads", NULL };

  g_return_val_if_fail (config != NULL, MW_FORM_PRESET_CUSTOM);

  for (guint i = MW_FORM_PRESET_LESSON; i < mw_form_preset_count (); i++)
    {
      MwExperimentConfig preset;
      gboolean same;

      if (!mw_form_preset_apply (i, config, &preset, NULL))
        continue;
      same = mw_experiment_config_difference (&preset, config, ignore, NULL, NULL) == NULL;
      mw_experiment_config_clear (&preset);
      if (same)
        return i;
    }
  return MW_FORM_PRESET_CUSTOM;
}

char *
mw_form_preset_describe (guint                     index,
                         const MwExperimentConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);

  switch (index)
    {
    case MW_FORM_PRESET_CUSTOM:
      return NULL;
    case MW_FORM_PRESET_LESSON:
      return g_strdup (_("Trains in a few minutes on a two-core laptop"));
    case MW_FORM_PRESET_PAPER:
      /* Translators: the command line's name of a preset ("omniglot-5w1s"). */
      return g_strdup_printf (_("As published: the command line's preset “%s”"),
                              paper_preset (config) != NULL ? paper_preset (config) : "");
    default:
      /* Translators: the command line's name of a preset ("omniglot-5w1s"). */
      return g_strdup_printf (_("The command line's preset “%s”"),
                              preset_name (index) != NULL ? preset_name (index) : "");
    }
}
