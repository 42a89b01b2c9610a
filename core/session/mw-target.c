/* mw-target.c: the target domain's settings, checked and loaded (mw-target.h). */
#include "config.h"
#include "mw-target.h"

#include <glib/gi18n-lib.h>
#include <string.h>

gboolean
mw_experiment_has_target (const MwExperimentConfig *c)
{
  return c->target_data != NULL && *c->target_data != '\0';
}

/* The channels the model takes: only colour datasets may have three. */
static int
input_channels (const MwExperimentConfig *c)
{
  return mw_data_info (c->data)->colour ? c->channels : 1;
}

#define NEED(cond, ...)                                                                   \
  if (!(cond))                                                                            \
    {                                                                                     \
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS, __VA_ARGS__);   \
      return FALSE;                                                                       \
    }

gboolean
mw_experiment_target_validate (const MwExperimentConfig *c, GError **error)
{
  const MwDataInfo *source = mw_data_info (c->data);
  gboolean images = !source->regression && !source->points;
  NEED (c->shift >= MW_SHIFT_NONE && c->shift < MW_SHIFT_COUNT
          && c->target_shift >= MW_SHIFT_NONE && c->target_shift < MW_SHIFT_COUNT,
        _("shift and target-shift must be one of none, inverted, textured, thick, thin, rotated"));
  NEED (c->shift_radius == 0 || c->shift_radius >= MW_SHIFT_RADIUS_MIN,
        _("shift-radius must be 0 (the usual) or %g–%g pixels (it is %g)"), MW_SHIFT_RADIUS_MIN,
        MW_SHIFT_RADIUS_MAX, c->shift_radius);
  /* Translators: the setting's value, then the dataset's short name ("sinusoid"). */
  NEED (c->shift == MW_SHIFT_NONE || images,
        _("shift=%s changes images; the %s dataset has none"), mw_shift_kind_name (c->shift),
        mw_data_kind_title (c->data));
  if (!mw_experiment_has_target (c))
    {
      const char *stray = *c->target_path ? "target-path"
                          : *c->target_split ? "target-split"
                          : c->target_shift != MW_SHIFT_NONE ? "target-shift" : NULL;
      /* Translators: a setting's key. */
      NEED (stray == NULL, _("%s is set but target-dataset is not: name the target's dataset "
                             "(or leave %s empty)"), stray, stray);
      return TRUE;
    }
  MwDataKind kind;
  /* Translators: between the names in a list of choices. */
  g_autofree char *names = mw_data_kind_names (_(", "));
  NEED (mw_data_kind_from_name (c->target_data, &kind),
        _("target-dataset: '%s' is not a dataset (%s)"), c->target_data, names);
  const MwDataInfo *target = mw_data_info (kind);
  NEED (images, _("target-dataset needs a dataset of images; the %s dataset has none"),
        mw_data_kind_title (c->data));
  NEED (target->load != NULL && !target->regression && !target->points,
        _("target-dataset=%s has no images to adapt to; choose a dataset of images"),
        mw_data_kind_name (kind));
  NEED (!target->needs_path || *c->target_path || (kind == c->data && *c->data_path),
        _("target-dataset=%s needs target-path (its folder)"), mw_data_kind_name (kind));
  NEED (!*c->target_split || target->named_splits,
        _("target-split names Omniglot classes; target-dataset=%s has a fixed split"),
        mw_data_kind_name (kind));
  NEED (input_channels (c) == 1 || target->colour,
        _("target-dataset=%s has grey images; the model takes %d channels"),
        mw_data_kind_name (kind), input_channels (c));
  /* The same images on both sides would be no domain shift to adapt to. */
  gboolean same_path = !*c->target_path || g_strcmp0 (c->target_path, c->data_path) == 0;
  gboolean same_split = g_strcmp0 (c->target_split, c->train_split) == 0;
  NEED (!(kind == c->data && same_path && same_split && c->target_shift == c->shift),
        _("the target is the source itself (target-dataset=%s, the same path, split and "
          "shift): give it another target-shift, target-dataset or target-split"),
        mw_data_kind_name (kind));
  return TRUE;
}

#undef NEED

gboolean
mw_experiment_target_request (const MwExperimentConfig *c, MwDataKind *kind,
                              MwDataRequest *r)
{
  if (!mw_experiment_has_target (c) || !mw_data_kind_from_name (c->target_data, kind))
    return FALSE;
  mw_experiment_config_data_request (c, r);
  r->path = *c->target_path ? c->target_path : *kind == c->data ? c->data_path : "";
  r->train_split = c->target_split;
  r->val_split = "";
  r->test_split = "";
  r->rotations = -1;
  r->channels = input_channels (c);
  /* A folder's files are turned toward the model's dark background if they need it. */
  r->invert = -1;
  r->shift = (MwShiftSpec) { c->target_shift, c->shift_radius, c->shift_angle, MW_SHIFT_SEED };
  return TRUE;
}

gboolean
mw_target_load (const MwExperimentConfig *c, MwTarget *target, GError **error)
{
  memset (target, 0, sizeof *target);
  MwDataRequest request;
  if (!mw_experiment_target_request (c, &target->kind, &request))
    {
      g_set_error_literal (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                           _("target-dataset is empty: the experiment has no target"));
      return FALSE;
    }
  MwDataResult result;
  if (!mw_data_load (target->kind, &request, &result, error))
    {
      g_prefix_error (error, _("target-dataset=%s: "), mw_data_kind_name (target->kind));
      return FALSE;
    }
  target->test = g_steal_pointer (&result.test);
  target->train_split = g_steal_pointer (&result.train_split);
  target->test_split = g_steal_pointer (&result.test_split);
  MwDataset *train = g_steal_pointer (&result.train);
  mw_data_result_clear (&result);
  if (train == NULL || !(target->unlabelled = mw_image_pool_new_take (train, error)))
    {
      if (train == NULL)
        g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_EMPTY,
                     _("target-dataset=%s: no training classes to draw unlabelled images from"),
                     mw_data_kind_name (target->kind));
      mw_target_clear (target);
      return FALSE;
    }
  return TRUE;
}

void
mw_target_clear (MwTarget *t)
{
  mw_image_pool_free (t->unlabelled);
  mw_dataset_free (t->test);
  g_free (t->train_split);
  g_free (t->test_split);
  memset (t, 0, sizeof *t);
}
