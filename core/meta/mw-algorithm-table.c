/* mw-algorithm-table.c: the table of algorithms, one row each (mw-algorithm.h,
 * MwAlgorithmInfo): names, what each can do, its defaults and its papers' settings.
 * The implementations are in their own files (mw-maml.c, mw-reptile.c, …); a new
 * algorithm is one of those, a kind in mw-algorithm.h and a row here. */
#include "config.h"
#include "mw-algorithm-private.h"

#include <glib/gi18n-lib.h>

#include <string.h>

/* ---- each algorithm's own settings for the presets ---- */

static void
maml_settings (MwAlgorithmConfig *a, MwPresetSchedule *s, MwSettingsFor which, int ways)
{
  if (which != MW_SETTINGS_OMNIGLOT)
    return;
  /* Finn et al.: α = 0.4 (the default), 1 step (5-way); α = 0.1, 5 steps (20-way).
   * Meta-SGD starts its learned rates from [0.005, 0.1] at either width. */
  if (ways != 5)
    {
      a->inner_lr = 0.1f;
      a->inner_steps = 5;
    }
  s->iterations = 60000;
  s->test_steps = 10;
}

static void
reptile_settings (MwAlgorithmConfig *a, MwPresetSchedule *s, MwSettingsFor which, int ways)
{
  switch (which)
    {
    case MW_SETTINGS_QUICK:
      /* Reptile trains on the whole task; its training episodes need no queries. */
      s->train_shots = 5;
      s->train_queries = 1;
      s->test_steps = 20;
      break;
    case MW_SETTINGS_SINUSOID:
      a->inner_steps = 5;
      a->inner_batch = 10;
      a->meta_batch = 5;
      break;
    case MW_SETTINGS_OMNIGLOT:
      /* Nichol et al.: train-shots 10; 5 (20-way: 10) inner Adam steps of 10 (20). */
      a->meta_batch = 5;
      s->train_shots = 10;
      s->train_queries = 1;
      a->inner_batch = ways == 5 ? 10 : 20;
      a->inner_steps = ways == 5 ? 5 : 10;
      a->inner_lr = ways == 5 ? 1e-3f : 5e-4f;
      a->outer_step = 1.0f;
      a->outer_step_final = 0.0f;
      s->iterations = ways == 5 ? 100000 : 200000;
      s->test_steps = 50;
      break;
    }
}

static void
protonet_settings (MwAlgorithmConfig *a, MwPresetSchedule *s, MwSettingsFor which, int ways)
{
  (void) ways;
  if (which != MW_SETTINGS_OMNIGLOT)
    return;
  /* Snell et al.: 60-way training episodes, 5 queries, lr halved every 2000. */
  s->train_ways = 60;
  s->train_queries = 5;
  a->meta_batch = 1;
  s->iterations = 20000;
  s->test_steps = 0;
}

static void
matching_settings (MwAlgorithmConfig *a, MwPresetSchedule *s, MwSettingsFor which, int ways)
{
  (void) ways;
  if (which != MW_SETTINGS_OMNIGLOT)
    return;
  s->train_queries = 5;
  a->meta_batch = 1;
  s->iterations = 20000;
  s->test_steps = 0;
}

static void
finetune_settings (MwAlgorithmConfig *a, MwPresetSchedule *s, MwSettingsFor which, int ways)
{
  (void) ways;
  if (which == MW_SETTINGS_SINUSOID)
    return;
  if (which == MW_SETTINGS_OMNIGLOT)
    {
      a->pretrain_batch = 64;
      s->iterations = 20000;
    }
  /* Its steps at test are the new head's (finetune-steps). */
  s->test_steps = a->finetune_steps;
}

static void
neural_process_settings (MwAlgorithmConfig *a, MwPresetSchedule *s, MwSettingsFor which, int ways)
{
  (void) ways;
  /* No gradient steps at test: the support set is encoded. */
  s->test_steps = 0;
  if (which != MW_SETTINGS_SINUSOID)
    return;
  /* The authors' 1-D regression code: Adam at 1e-4, 16 tasks a batch. */
  a->meta_lr = 1e-4f;
  a->meta_batch = 16;
}

/* ---- the table ---- */

static const MwAlgorithmInfo rows[MW_ALGO_COUNT] = {
  [MW_ALGO_MAML] = {
    "maml", NC_("algorithm", "MAML"),
    N_("Model-agnostic meta-learning: learns an initialisation from which a few "
       "gradient steps adapt to a new task; differentiates through those steps "
       "(second order). Finn et al. 2017."),
    .classification = TRUE, .regression = TRUE, .inner_loop = TRUE, .second_order = TRUE,
    .tests_as_trained = TRUE, .own_head = TRUE, .distributable = TRUE,
    /* Finn et al. 2017, Omniglot 5-way. */
    .inner_steps = 1, .inner_lr = 0.4f, .meta_batch = 32, .bn_mode = MW_BN_BATCH,
    .settings = maml_settings, .vtable = &mw_maml_vtable,
  },
  [MW_ALGO_FOMAML] = {
    "fomaml", NC_("algorithm", "First-order MAML"),
    N_("MAML without the second derivatives: the query gradient at the adapted "
       "parameters is used as the meta-gradient. Cheaper, nearly as accurate."),
    .classification = TRUE, .regression = TRUE, .inner_loop = TRUE, .tests_as_trained = TRUE,
    .own_head = TRUE, .distributable = TRUE,
    .inner_steps = 1, .inner_lr = 0.4f, .meta_batch = 32, .bn_mode = MW_BN_BATCH,
    .settings = maml_settings, .vtable = &mw_maml_vtable,
  },
  [MW_ALGO_REPTILE] = {
    "reptile", NC_("algorithm", "Reptile"),
    N_("Trains on each task with several Adam steps and moves the "
       "initialisation towards the adapted weights. Nichol et al. 2018."),
    .classification = TRUE, .regression = TRUE, .inner_loop = TRUE, .own_head = TRUE,
    .inner_minibatches = TRUE, .serial_tasks = TRUE,
    /* Nichol et al. 2018, Omniglot 5-way: inner Adam β1 = 0, lr 1e-3, 5 steps of 10. */
    .inner_steps = 5, .inner_lr = 1e-3f, .meta_batch = 5, .bn_mode = MW_BN_BATCH,
    .settings = reptile_settings, .vtable = &mw_reptile_vtable,
  },
  [MW_ALGO_PROTONET] = {
    "protonet", NC_("algorithm", "Prototypical Networks"),
    N_("Learns an embedding in which each class is its mean (prototype); "
       "queries take the class of the nearest prototype (squared Euclidean). "
       "Snell et al. 2017."),
    .classification = TRUE, .metric = TRUE, .distributable = TRUE,
    .meta_batch = 1, .lr_halve_every = 2000, .bn_mode = MW_BN_RUNNING,
    .settings = protonet_settings, .vtable = &mw_protonet_vtable,
  },
  [MW_ALGO_MATCHING] = {
    "matching", NC_("algorithm", "Matching Networks"),
    N_("Classifies a query by cosine attention over the embedded support set "
       "(without full-context embeddings). Vinyals et al. 2016."),
    .classification = TRUE, .metric = TRUE, .distributable = TRUE,
    .meta_batch = 1, .bn_mode = MW_BN_RUNNING,
    .settings = matching_settings, .vtable = &mw_matching_vtable,
  },
  [MW_ALGO_FINETUNE] = {
    "finetune", NC_("algorithm", "Fine-tuning baseline"),
    N_("Pre-trains an ordinary classifier on all training classes, then trains "
       "a new output layer (optionally every layer) on the support set. "
       "Chen et al. 2019."),
    .classification = TRUE, .regression = TRUE, .pretrains = TRUE,
    /* Regression: fine-tune every layer with SGD at inner-lr. */
    .inner_lr = 0.01f, .meta_batch = 1, .bn_mode = MW_BN_RUNNING,
    .settings = finetune_settings, .vtable = &mw_finetune_vtable,
  },
  [MW_ALGO_METASGD] = {
    "metasgd", NC_("algorithm", "Meta-SGD"),
    N_("MAML that also learns a learning rate for every parameter of the inner "
       "step. Li et al. 2017."),
    .classification = TRUE, .regression = TRUE, .inner_loop = TRUE, .second_order = TRUE,
    .tests_as_trained = TRUE, .own_head = TRUE, .distributable = TRUE,
    /* inner-lr: the learned rates start uniformly in [0.005, inner-lr]. */
    .inner_steps = 1, .inner_lr = 0.1f, .meta_batch = 32, .bn_mode = MW_BN_BATCH,
    .settings = maml_settings, .vtable = &mw_metasgd_vtable,
  },
  [MW_ALGO_CNP] = {
    "cnp", NC_("algorithm", "Conditional Neural Process"),
    N_("Encodes the support points, averages their codes and decodes a Gaussian "
       "(mean and spread) at each query point: no gradient steps at test. Trained by "
       "the likelihood of the points. Garnelo et al. 2018."),
    .regression = TRUE, .amortised = TRUE, .probabilistic = TRUE, .distributable = TRUE,
    .meta_batch = 16, .bn_mode = MW_BN_BATCH,
    .settings = neural_process_settings, .vtable = &mw_cnp_vtable,
  },
  [MW_ALGO_NP] = {
    "np", NC_("algorithm", "Neural Process"),
    N_("A Conditional Neural Process with a latent variable that describes the whole "
       "function: samples of it draw different functions that fit the support points. "
       "Trained by a variational bound (ELBO). Garnelo et al. 2018."),
    .regression = TRUE, .amortised = TRUE, .probabilistic = TRUE, .distributable = TRUE,
    .meta_batch = 16, .bn_mode = MW_BN_BATCH,
    .settings = neural_process_settings, .vtable = &mw_np_vtable,
  },
};

/* What a kind out of range (a bad number from a program) can do: nothing. */
static const MwAlgorithmInfo unknown = { "unknown", NC_("algorithm", "Unknown"), "" };

const MwAlgorithmInfo *
mw_algorithm_info (MwAlgorithmKind kind)
{
  return kind < MW_ALGO_COUNT ? &rows[kind] : &unknown;
}

const char *
mw_algorithm_kind_name (MwAlgorithmKind kind)
{
  return kind < MW_ALGO_COUNT ? rows[kind].id : "unknown";
}

const char *
mw_algorithm_kind_title (MwAlgorithmKind kind)
{
  return kind < MW_ALGO_COUNT ? g_dpgettext2 (GETTEXT_PACKAGE, "algorithm", rows[kind].title)
                              : C_("algorithm", "Unknown");
}

const char *
mw_algorithm_kind_description (MwAlgorithmKind kind)
{
  return kind < MW_ALGO_COUNT ? _(rows[kind].description) : "";
}

gboolean
mw_algorithm_kind_from_name (const char *name, MwAlgorithmKind *kind)
{
  for (int k = 0; k < MW_ALGO_COUNT; k++)
    if (g_ascii_strcasecmp (name, rows[k].id) == 0)
      {
        *kind = (MwAlgorithmKind) k;
        return TRUE;
      }
  return FALSE;
}

gboolean
mw_algorithm_kind_is_metric (MwAlgorithmKind kind)
{
  return kind < MW_ALGO_COUNT && (rows[kind].metric || rows[kind].amortised);
}

char *
mw_algorithm_kind_names (const char *separator)
{
  GString *names = g_string_new (NULL);
  for (int k = 0; k < MW_ALGO_COUNT; k++)
    g_string_append_printf (names, "%s%s", k > 0 ? separator : "", rows[k].id);
  return g_string_free (names, FALSE);
}

void
mw_algorithm_config_defaults (MwAlgorithmConfig *c, MwAlgorithmKind kind)
{
  memset (c, 0, sizeof *c);
  c->kind = kind;
  c->filters = 64;
  c->meta_lr = 1e-3f;
  c->meta_batch = 1;
  c->bn_mode = MW_BN_BATCH;
  c->inner_batch = 10;
  c->outer_step = 1.0f;
  c->finetune_steps = 100;
  c->finetune_lr = 1e-2f;
  c->pretrain_batch = 64;
  c->point_model = MW_POINT_MODEL_MLP;
  c->da_weight = 1.0f;
  if (kind >= MW_ALGO_COUNT)
    return;
  const MwAlgorithmInfo *row = mw_algorithm_info (kind);
  c->inner_steps = row->inner_steps;
  c->inner_lr = row->inner_lr;
  c->meta_batch = row->meta_batch;
  c->lr_halve_every = row->lr_halve_every;
  c->bn_mode = row->bn_mode;
}
