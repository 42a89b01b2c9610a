/* bench-meta.c: meta-training throughput of the core's real algorithms on the workloads
 * listed below, each one measured in its own child process so its peak RSS is its own.
 *
 * Every workload goes through mw_algorithm_new + mw_algorithm_train_step with the
 * threads set as the CLI sets them (mw_core_set_threads + mw_algorithm_set_workers):
 * tasks of a meta-batch run in parallel with single-threaded BLAS; a meta-batch of 1
 * runs its ops split over the N threads (mw_op_parallel).  Image tasks are random
 * 28×28×1 images (uniform in [0, 1), seeded) with class-major labels, from a small
 * MwTaskSource below; the sinusoid workload uses the core's sinusoid task generator and
 * the planar ones the core's planar generator, with the algorithm settings of their
 * presets (the Neural Process workloads: the sinusoid preset's).  Conv4 has 64 filters and batch norm with batch statistics throughout; the
 * mini-ImageNet workloads take 84×84×3 images and the papers' widths instead
 * (Workload.image, .channels, .filters).
 *
 * Timing: warm-up iterations (at least one, and at least a tenth of --seconds), then
 * iterations until --seconds have passed and at least --min-iters were measured;
 * iterations/s is 1 / median of the per-iteration times.
 *
 * Usage: bench-meta [--threads N] [--seconds S] [--min-iters N] [--only NAME[,NAME…]]
 *                   [--json FILE] [--list] */
#include "mw-core.h"

#include <cblas.h>
#include <errno.h>
#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define IMAGE 28
#define FILTERS 64

/* What a workload's tasks are, and so its model. */
typedef enum {
  INPUT_IMAGES,          /* random 28×28×1 images, Conv4 */
  INPUT_SINUSOID,        /* sinusoid regression, MLP 1-40-40-1 */
  INPUT_PLANAR_LINES,    /* planar-linear tasks, logistic regression 2 → 2 */
  INPUT_PLANAR_MOONS,    /* planar-moons tasks, MLP 2-40-40-2 */
} Input;

typedef struct {
  const char *name;
  const char *what;
  MwAlgorithmKind kind;
  Input input;
  int ways, shots, queries;   /* meta-training episode shape (regression: points) */
  int meta_batch;
  int inner_steps;
  int inner_batch;            /* Reptile */
  float inner_lr;
  double issue_its;           /* the issue's PyTorch 1.13 figure (iterations/s; 0: none) */
  double issue_mb;            /* and its peak memory where it gives one (0: none) */
  int image, channels, filters;   /* 0: 28, 1 and 64 (the Omniglot workloads) */
  float meta_lr;              /* the preset's, checked (Neural Processes); 0: not checked */
} Workload;

/* Shapes as in the papers' settings (the core's presets): Finn et al. for MAML, Nichol
 * et al. for Reptile (train-shots 10, inner batch 10), Snell et al. for ProtoNets. */
static const Workload workloads[] = {
  { "sinusoid-maml", "MAML 2nd order, MLP 1-40-40-1, K=10 (+10 query), meta-batch 25, 1 step",
    MW_ALGO_MAML, INPUT_SINUSOID, 1, 10, 10, 25, 1, 0, 0.001f, 93, 0 },
  { "maml-5w1s", "MAML 2nd order, Conv4, 5-way 1-shot 15 query, meta-batch 32, 1 step",
    MW_ALGO_MAML, INPUT_IMAGES, 5, 1, 15, 32, 1, 0, 0.4f, 0.34, 0 },
  { "fomaml-5w1s", "first-order MAML, Conv4, 5-way 1-shot 15 query, meta-batch 32, 1 step",
    MW_ALGO_FOMAML, INPUT_IMAGES, 5, 1, 15, 32, 1, 0, 0.4f, 0.49, 0 },
  { "reptile-5w1s", "Reptile, Conv4, 5-way, train-shots 10, 5 Adam steps of 10, meta-batch 5",
    MW_ALGO_REPTILE, INPUT_IMAGES, 5, 10, 1, 5, 5, 10, 1e-3f, 5.1, 0 },
  { "protonet-5w1s", "ProtoNets, Conv4, 5-way 1-shot 15 query, 1 episode",
    MW_ALGO_PROTONET, INPUT_IMAGES, 5, 1, 15, 1, 0, 0, 0, 15, 0 },
  { "protonet-60w5s", "ProtoNets, Conv4, 60-way 5-shot 5 query, 1 episode",
    MW_ALGO_PROTONET, INPUT_IMAGES, 60, 5, 5, 1, 0, 0, 0, 1.6, 0 },
  { "maml-20w1s", "MAML 2nd order, Conv4, 20-way 1-shot 15 query, meta-batch 16, 5 steps",
    MW_ALGO_MAML, INPUT_IMAGES, 20, 1, 15, 16, 5, 0, 0.1f, 0.105, 811 },
  /* The planar presets' settings (mw-planar-preset.c), which run_workload takes from the
   * preset itself and checks against these shapes.  No published PyTorch figure: the
   * reference is pytorch_bench.py's on the same machine. */
  { "planar-maml", "MAML 2nd order, MLP 2-40-40-2, planar-moons 2-way 5-shot 15 query, meta-batch 16, 1 step",
    MW_ALGO_MAML, INPUT_PLANAR_MOONS, 2, 5, 15, 16, 1, 0, 0.1f, 0, 0 },
  { "planar-reptile", "Reptile, MLP 2-40-40-2, planar-moons 2-way 5-shot, 10 Adam steps of 10, meta-batch 5",
    MW_ALGO_REPTILE, INPUT_PLANAR_MOONS, 2, 5, 15, 5, 10, 10, 0.01f, 0, 0 },
  { "planar-logistic", "MAML 2nd order, logistic 2-2, planar-linear 2-way 5-shot 15 query, meta-batch 16, 1 step",
    MW_ALGO_MAML, INPUT_PLANAR_LINES, 2, 5, 15, 16, 1, 0, 2.0f, 0, 0 },
  /* mini-ImageNet (the presets miniimagenet-5w1s, -5w5s): Finn et al. §5.2, Snell et al.
   * (20-way 5-shot training episodes). */
  { "maml-mini-5w1s", "MAML 2nd order, Conv4-32, 84x84x3, 5-way 1-shot 15 query, meta-batch 4, 5 steps",
    MW_ALGO_MAML, INPUT_IMAGES, 5, 1, 15, 4, 5, 0, 0.01f, 0, 0, 84, 3, 32 },
  { "protonet-mini-20w5s", "ProtoNets, Conv4-64, 84x84x3, 20-way 5-shot 15 query, 1 episode",
    MW_ALGO_PROTONET, INPUT_IMAGES, 20, 5, 15, 1, 0, 0, 0, 0, 0, 84, 3, 64 },
  /* The sinusoid preset for the Neural Processes (mw-algorithm-table.c, the authors'
   * 1-D regression code): K = 10 context + 10 more targets, 16 tasks a batch, Adam
   * 1e-4; taken from the preset and checked as the planar ones are.  Encoders and
   * decoder 128 wide (NP_WIDTH below, checked against the model's parameter count). */
  { "sinusoid-np", "NP (latent + deterministic path), 128 wide, K=10 context (+10 targets), meta-batch 16",
    MW_ALGO_NP, INPUT_SINUSOID, 1, 10, 10, 16, 0, 0, 0, 0, 0, 0, 0, 0, 1e-4f },
  { "sinusoid-cnp", "CNP, 128 wide, K=10 context (+10 targets), meta-batch 16",
    MW_ALGO_CNP, INPUT_SINUSOID, 1, 10, 10, 16, 0, 0, 0, 0, 0, 0, 0, 0, 1e-4f },
};

/* The Neural Processes' layer width and latent size (mw-np-network-private.h). */
#define NP_WIDTH 128
#define NP_LATENTS 128

static int
image_side (const Workload *w)
{
  return w->image > 0 ? w->image : IMAGE;
}

static int
image_channels (const Workload *w)
{
  return w->channels > 0 ? w->channels : 1;
}

static int
filters_of (const Workload *w)
{
  return w->filters > 0 ? w->filters : FILTERS;
}

/* The side after Conv4's four 2×2 max-pools (floors: 28 → 1, 84 → 5). */
static int
final_side (const Workload *w)
{
  int side = image_side (w);
  for (int l = 0; l < 4; l++)
    side /= 2;
  return side;
}

/* ---- FLOP count ----
 * Only matrix products are counted (convolutions, linear layers, the ProtoNet distance
 * product); batch norm, ReLU, pooling, losses and optimiser updates are left out.
 * F(B) is one forward pass over B inputs: a 3×3 "same" convolution of Cin → 64 channels
 * at H×W costs 2·H·W·9·Cin·64 per image (layers at 28, 14, 7 and 3 pixels: max-pool
 * floors 7 to 3), the head 2·64·ways; the sinusoid MLP 2·(1·40 + 40·40 + 40·1) per
 * point, the planar MLP 2·(2·40 + 40·40 + 40·2) and logistic regression 2·(2·2).
 * A backward pass costs 2F (input and weight gradients, also for the first layer), so
 * a gradient step costs 3F.  Second-order MAML also back-propagates through each inner
 * step's forward + backward graph (3F), which costs twice that: 6F more per step.
 *   MAML 2nd order, per task: steps·(3F(S) + 6F(S)) + 3F(Q)
 *   first-order MAML:         steps·3F(S) + 3F(Q)
 *   Reptile:                  steps·3F(inner batch)
 *   ProtoNets:                3·(F_embed(S + Q) + 2·Q·ways·64)
 *   Neural Processes:         3·F_np (one gradient step on the ELBO or the likelihood)
 * with S, Q the support and query set sizes.  F_np (np_forward_flop) with w = 128 wide
 * layers, l = 128 latents, C = S context points and T = S + Q targets (the context is
 * among the targets): the deterministic encoder [x, y] → w → w → w on C points,
 * 2·(2w + 2w²) each; the decoder on T points, 2·(w + 2w² + 2w) each (x's part of its
 * first layer, two w × w layers, the mean and σ heads), plus r's (and z's) part of its
 * first layer once per task, 2·(w² + l·w), as the core computes it; the NP's latent
 * encoder [x, y] → w → w on C and on T points, 2·(2w + w²) each, and after each mean
 * w → w → (l, l) once per set, 2·(w² + 2w·l).  pytorch_bench.py uses the same formula,
 * so the GFLOP/s ratio is the iterations/s ratio. */
static double
conv4_features_flop (const Workload *w)
{
  int side = image_side (w), cin = image_channels (w), filters = filters_of (w);
  double f = 0;
  for (int l = 0; l < 4; l++)
    {
      f += 2.0 * side * side * 9.0 * cin * filters;
      side /= 2;
      cin = filters;
    }
  return f;
}

static double
np_forward_flop (const Workload *w)
{
  const double n = NP_WIDTH, l = NP_LATENTS, c = w->shots, t = w->shots + w->queries;
  double f = c * 2.0 * (2 * n + 2 * n * n) + t * 2.0 * (n + 2 * n * n + 2 * n)
             + 2.0 * n * n;
  if (w->kind == MW_ALGO_NP)
    f += (c + t) * 2.0 * (2 * n + n * n) + 2 * 2.0 * (n * n + 2 * n * l) + 2.0 * l * n;
  return f;
}

static double
forward_flop (const Workload *w, double inputs, gboolean head)
{
  switch (w->input)
    {
    case INPUT_SINUSOID:
      return inputs * 2.0 * (1 * 40 + 40 * 40 + 40 * 1);
    case INPUT_PLANAR_MOONS:
      return inputs * 2.0 * (2 * 40 + 40 * 40 + 40 * 2);
    case INPUT_PLANAR_LINES:
      return inputs * 2.0 * (2 * 2);
    case INPUT_IMAGES:
    default:
      break;
    }
  double features = (double) filters_of (w) * final_side (w) * final_side (w);
  return inputs * (conv4_features_flop (w) + (head ? 2.0 * features * w->ways : 0));
}

static double
flop_per_iteration (const Workload *w)
{
  gboolean regression = w->input == INPUT_SINUSOID;
  double s = regression ? w->shots : (double) w->ways * w->shots;
  double q = regression ? w->queries : (double) w->ways * w->queries;
  double task;
  switch (w->kind)
    {
    case MW_ALGO_MAML:
      task = w->inner_steps * 9.0 * forward_flop (w, s, TRUE) + 3.0 * forward_flop (w, q, TRUE);
      break;
    case MW_ALGO_FOMAML:
      task = w->inner_steps * 3.0 * forward_flop (w, s, TRUE) + 3.0 * forward_flop (w, q, TRUE);
      break;
    case MW_ALGO_REPTILE:
      task = w->inner_steps * 3.0 * forward_flop (w, MIN (w->inner_batch, s), TRUE);
      break;
    case MW_ALGO_CNP:
    case MW_ALGO_NP:
      task = 3.0 * np_forward_flop (w);
      break;
    case MW_ALGO_PROTONET:
    default:
      task = 3.0 * (forward_flop (w, s + q, FALSE)
                    + 2.0 * q * w->ways * filters_of (w) * final_side (w) * final_side (w));
      break;
    }
  return task * w->meta_batch;
}

/* ---- random image tasks ---- */

typedef struct {
  MwTensor *sx, *qx;
  int32_t *sl, *ql;
} RandomSlot;

typedef struct {
  MwTaskSource source;   /* first member */
  RandomSlot *slots;
  int n_slots;
} RandomSource;

static void
fill_random (MwTensor **t, int n, const MwTaskSource *source, MwRng *rng)
{
  if (*t == NULL || (*t)->shape[0] != n)
    {
      mw_tensor_free (*t);
      *t = mw_tensor_new4 (n, source->in_shape[0], source->in_shape[1], source->in_shape[2]);
    }
  for (size_t i = 0; i < (*t)->numel; i++)
    (*t)->data[i] = (float) mw_rng_uniform (rng);
}

static void
class_major_labels (int32_t **labels, int ways, int per_class)
{
  *labels = g_renew (int32_t, *labels, ways * per_class);
  for (int c = 0; c < ways; c++)
    for (int k = 0; k < per_class; k++)
      (*labels)[c * per_class + k] = c;
}

static gboolean
random_next_task (MwTaskSource *source, int slot, int ways, int shots, int queries, MwRng *rng,
                  MwTask *task, GError **error)
{
  RandomSource *rs = (RandomSource *) source;
  if (slot >= rs->n_slots)
    {
      rs->slots = g_renew (RandomSlot, rs->slots, slot + 1);
      memset (rs->slots + rs->n_slots, 0, sizeof (RandomSlot) * (size_t) (slot + 1 - rs->n_slots));
      rs->n_slots = slot + 1;
    }
  RandomSlot *s = &rs->slots[slot];
  fill_random (&s->sx, ways * shots, source, rng);
  fill_random (&s->qx, ways * queries, source, rng);
  class_major_labels (&s->sl, ways, shots);
  class_major_labels (&s->ql, ways, queries);
  memset (task, 0, sizeof *task);
  task->ways = ways;
  task->shots = shots;
  task->support_x = s->sx;
  task->query_x = s->qx;
  task->support_labels = s->sl;
  task->query_labels = s->ql;
  return TRUE;
}

static RandomSource *
random_source_new (const Workload *w)
{
  int ways = w->ways, shots = w->shots, queries = w->queries;
  RandomSource *rs = g_new0 (RandomSource, 1);
  rs->source.next_task = random_next_task;
  rs->source.n_classes = ways;
  rs->source.in_ndim = 3;
  rs->source.in_shape[0] = image_side (w);
  rs->source.in_shape[1] = image_side (w);
  rs->source.in_shape[2] = image_channels (w);
  rs->source.ways = ways;
  rs->source.shots = shots;
  rs->source.queries = queries;
  return rs;
}

static void
random_source_free (RandomSource *rs)
{
  for (int i = 0; i < rs->n_slots; i++)
    {
      mw_tensor_free (rs->slots[i].sx);
      mw_tensor_free (rs->slots[i].qx);
      g_free (rs->slots[i].sl);
      g_free (rs->slots[i].ql);
    }
  g_free (rs->slots);
  g_free (rs);
}

/* ---- planar workloads: the presets' settings ---- */

/* The algorithm settings and task family of w's preset, checked against w's shapes so
 * that a changed preset shows here instead of silently measuring something else. */
static gboolean
planar_preset_config (const Workload *w, MwAlgorithmConfig *cfg, MwPlanarSpec *spec,
                      char *why, size_t why_size)
{
  const char *preset = w->input == INPUT_PLANAR_LINES ? "planar-linear" : "planar-moons";
  MwExperimentConfig c;
  mw_experiment_config_init (&c, w->kind);
  GError *error = NULL;
  gboolean ok = mw_experiment_config_preset (&c, w->kind, preset, &error);
  if (!ok)
    {
      g_snprintf (why, why_size, "%s: %s", preset, error->message);
      g_error_free (error);
    }
  else
    {
      *cfg = c.algo;
      mw_experiment_config_planar_spec (&c, spec);
      MwPointModel model = w->input == INPUT_PLANAR_LINES ? MW_POINT_MODEL_LOGISTIC
                                                          : MW_POINT_MODEL_MLP;
      ok = c.ways == w->ways && mw_experiment_train_ways (&c) == w->ways
           && mw_experiment_train_shots (&c) == w->shots
           && mw_experiment_train_queries (&c) == w->queries
           && cfg->meta_batch == w->meta_batch && cfg->inner_steps == w->inner_steps
           && (w->inner_batch == 0 || cfg->inner_batch == w->inner_batch)
           && cfg->inner_lr == w->inner_lr && cfg->point_model == model;
      if (!ok)
        g_snprintf (why, why_size, "the %s preset no longer has this workload's settings "
                    "(%d-way %d-shot %d queries, meta-batch %d, inner-steps %d, inner-lr %g): update the "
                    "table in bench-meta.c and pytorch_bench.py", preset,
                    mw_experiment_train_ways (&c), mw_experiment_train_shots (&c),
                    mw_experiment_train_queries (&c), cfg->meta_batch, cfg->inner_steps,
                    (double) cfg->inner_lr);
    }
  mw_experiment_config_clear (&c);
  return ok;
}

/* ---- Neural Process workloads: the sinusoid preset's settings ---- */

static gboolean
np_preset_config (const Workload *w, MwAlgorithmConfig *cfg, char *why, size_t why_size)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, w->kind);
  GError *error = NULL;
  gboolean ok = mw_experiment_config_preset (&c, w->kind, "sinusoid", &error);
  if (!ok)
    {
      g_snprintf (why, why_size, "sinusoid: %s", error->message);
      g_error_free (error);
    }
  else
    {
      *cfg = c.algo;
      ok = c.data == MW_DATA_SINUSOID && mw_experiment_train_shots (&c) == w->shots
           && mw_experiment_train_queries (&c) == w->queries
           && cfg->meta_batch == w->meta_batch && cfg->meta_lr == w->meta_lr;
      if (!ok)
        g_snprintf (why, why_size, "the sinusoid preset for %s no longer has this workload's "
                    "settings (K = %d, %d more targets, meta-batch %d, meta-lr %g): update the "
                    "table in bench-meta.c and pytorch_bench.py",
                    mw_algorithm_info (w->kind)->id, mw_experiment_train_shots (&c),
                    mw_experiment_train_queries (&c), cfg->meta_batch, (double) cfg->meta_lr);
    }
  mw_experiment_config_clear (&c);
  return ok;
}

/* The parameters of the encoders and decoder NP_WIDTH wide on 1-D x: a model of another
 * shape would make the FLOP count (and pytorch_bench.py's model) wrong. */
static size_t
np_param_count (const Workload *w)
{
  const size_t n = NP_WIDTH, l = NP_LATENTS;
  size_t encoder = 2 * n + n + 2 * (n * n + n);
  size_t decoder = n + n * n + n + 2 * (n * n + n) + 2 * (n + 1);
  size_t count = encoder + decoder;
  if (w->kind == MW_ALGO_NP)
    count += l * n + (2 * n + n) + (n * n + n) + (n * n + n) + 2 * (n * l + l);
  return count;
}

/* ---- one workload, in the child ---- */

typedef struct {
  int ok;
  int iterations;        /* measured */
  int warmup;
  double median_s, min_s, max_s;
  double maxrss_mb;      /* getrusage ru_maxrss of the child */
  double tape_peak_mb;   /* bytes the algorithm's tapes held at most */
  double last_loss;
  char error[256];
} Result;

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static void
run_workload (const Workload *w, int threads, double seconds, int min_iters, Result *r)
{
  memset (r, 0, sizeof *r);
  mw_core_set_threads (threads);
  MwAlgorithmConfig cfg;
  mw_algorithm_config_defaults (&cfg, w->kind);
  cfg.meta_batch = w->meta_batch;
  cfg.inner_steps = w->inner_steps;
  cfg.inner_lr = w->inner_lr > 0 ? w->inner_lr : cfg.inner_lr;
  if (w->inner_batch > 0)
    cfg.inner_batch = w->inner_batch;
  cfg.filters = filters_of (w);
  cfg.bn_mode = MW_BN_BATCH;
  MwTaskGen *gen = NULL;
  RandomSource *rs = NULL;
  MwTaskSource *source;
  MwAlgorithm *algo = NULL;
  MwPlanarSpec spec;
  switch (w->input)
    {
    case INPUT_SINUSOID:
      if ((w->kind == MW_ALGO_NP || w->kind == MW_ALGO_CNP)
          && !np_preset_config (w, &cfg, r->error, sizeof r->error))
        goto out;
      gen = mw_task_gen_new_sinusoid (w->shots, w->queries);
      source = &gen->source;
      break;
    case INPUT_PLANAR_LINES:
    case INPUT_PLANAR_MOONS:
      if (!planar_preset_config (w, &cfg, &spec, r->error, sizeof r->error))
        goto out;
      gen = mw_task_gen_new_planar (&spec, w->shots, w->queries);
      source = &gen->source;
      break;
    case INPUT_IMAGES:
    default:
      rs = random_source_new (w);
      source = &rs->source;
      break;
    }
  GError *error = NULL;
  algo = mw_algorithm_new (&cfg, source, 1, &error);
  if (algo == NULL)
    {
      g_strlcpy (r->error, error->message, sizeof r->error);
      g_error_free (error);
      goto out;
    }
  if (w->kind == MW_ALGO_NP || w->kind == MW_ALGO_CNP)
    {
      const MwModel *model = mw_algorithm_get_model (algo);
      if (mw_model_param_count (model) != np_param_count (w))
        {
          g_snprintf (r->error, sizeof r->error, "the %s model (%s) has %zu parameters, not the "
                      "%zu of %d-wide layers: update NP_WIDTH, the FLOP count and "
                      "pytorch_bench.py", mw_algorithm_info (w->kind)->id, model->description,
                      mw_model_param_count (model), np_param_count (w), NP_WIDTH);
          mw_algorithm_free (g_steal_pointer (&algo));
          goto out;
        }
    }
  mw_algorithm_set_workers (algo, threads);
  MwRng rng;
  mw_rng_init (&rng, 6, 0);
  /* Iteration numbers stay far from the end of a long schedule (Reptile anneals ε). */
  const gint64 total = 1000000;
  gint64 it = 0;
  int cap = 1024, n = 0;
  double *times = g_new (double, cap);
  MwStepStats stats;
  gint64 start = g_get_monotonic_time ();
  gboolean ok = TRUE;
  do
    {
      ok = mw_algorithm_train_step (algo, source, it++, total, &rng, &stats, &error);
      r->warmup++;
    }
  while (ok && (double) (g_get_monotonic_time () - start) < 0.1 * seconds * 1e6);
  start = g_get_monotonic_time ();
  while (ok && (n < min_iters || (double) (g_get_monotonic_time () - start) < seconds * 1e6))
    {
      gint64 t0 = g_get_monotonic_time ();
      ok = mw_algorithm_train_step (algo, source, it++, total, &rng, &stats, &error);
      if (n == cap)
        times = g_renew (double, times, cap *= 2);
      times[n++] = (double) (g_get_monotonic_time () - t0) / 1e6;
    }
  if (!ok)
    {
      g_strlcpy (r->error, error->message, sizeof r->error);
      g_error_free (error);
    }
  else
    {
      qsort (times, n, sizeof (double), cmp_double);
      r->ok = 1;
      r->iterations = n;
      r->median_s = n % 2 ? times[n / 2] : 0.5 * (times[n / 2 - 1] + times[n / 2]);
      r->min_s = times[0];
      r->max_s = times[n - 1];
      r->last_loss = stats.loss;
      r->tape_peak_mb = (double) mw_algorithm_peak_bytes (algo) / 1048576.0;
    }
  g_free (times);
  mw_algorithm_free (algo);
out:
  mw_task_gen_free (gen);
  if (rs)
    random_source_free (rs);
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  r->maxrss_mb = (double) ru.ru_maxrss / 1024.0;   /* kilobytes on Linux */
}

/* Runs the workload in a fresh child so that peaks of different workloads do not mix.
 * The parent never runs BLAS itself. */
static void
run_in_child (const Workload *w, int threads, double seconds, int min_iters, Result *r)
{
  int fds[2];
  memset (r, 0, sizeof *r);
  if (pipe (fds) != 0)
    {
      g_snprintf (r->error, sizeof r->error, "pipe: %s", g_strerror (errno));
      return;
    }
  fflush (stdout);
  fflush (stderr);
  pid_t pid = fork ();
  if (pid < 0)
    {
      g_snprintf (r->error, sizeof r->error, "fork: %s", g_strerror (errno));
      close (fds[0]);
      close (fds[1]);
      return;
    }
  if (pid == 0)
    {
      close (fds[0]);
      Result cr;
      run_workload (w, threads, seconds, min_iters, &cr);
      ssize_t done = write (fds[1], &cr, sizeof cr);
      close (fds[1]);
      /* exit, not _exit: the sanitizer build's leak check runs in the child too. */
      exit (done == (ssize_t) sizeof cr ? 0 : 1);
    }
  close (fds[1]);
  size_t got = 0;
  while (got < sizeof *r)
    {
      ssize_t k = read (fds[0], (char *) r + got, sizeof *r - got);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0)
        break;
      got += (size_t) k;
    }
  close (fds[0]);
  int status = 0;
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (got == sizeof *r && !(WIFEXITED (status) && WEXITSTATUS (status) == 0))
    {
      r->ok = 0;
      g_snprintf (r->error, sizeof r->error, "child exited with status %d after its result "
                  "(a leak report in the sanitizer build?)", WIFEXITED (status) ? WEXITSTATUS (status) : -1);
    }
  else if (got != sizeof *r)
    {
      memset (r, 0, sizeof *r);
      if (WIFSIGNALED (status))
        g_snprintf (r->error, sizeof r->error, "child killed by signal %d", WTERMSIG (status));
      else
        g_snprintf (r->error, sizeof r->error, "child exited with status %d without a result",
                    WEXITSTATUS (status));
    }
}

static gboolean
selected (const Workload *w, char **only)
{
  if (only == NULL)
    return TRUE;
  for (char **o = only; *o; o++)
    if (g_str_equal (g_strstrip (*o), w->name))
      return TRUE;
  return FALSE;
}

int
main (int argc, char **argv)
{
  int threads = 2, min_iters = 3;
  double seconds = 10;
  char *only_arg = NULL, *json_path = NULL;
  gboolean list = FALSE;
  GOptionEntry entries[] = {
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, "Threads: task workers, or for a meta-batch of 1 the workers its ops split over (default 2)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, "Measured time per workload (default 10)", "S" },
    { "min-iters", 'm', 0, G_OPTION_ARG_INT, &min_iters, "Measure at least N iterations (default 3)", "N" },
    { "only", 'o', 0, G_OPTION_ARG_STRING, &only_arg, "Run only these workloads (comma-separated)", "NAME" },
    { "json", 'j', 0, G_OPTION_ARG_FILENAME, &json_path, "Write the results to FILE as JSON", "FILE" },
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list, "List the workloads and exit", NULL },
    { NULL }
  };
  GOptionContext *octx = g_option_context_new ("- meta-training throughput of the standard workloads");
  g_option_context_add_main_entries (octx, entries, NULL);
  GError *error = NULL;
  if (!g_option_context_parse (octx, &argc, &argv, &error))
    {
      fprintf (stderr, "bench-meta: %s\n", error->message);
      g_error_free (error);
      g_option_context_free (octx);
      return 2;
    }
  g_option_context_free (octx);
  if (list)
    {
      for (size_t i = 0; i < G_N_ELEMENTS (workloads); i++)
        printf ("%-15s %s\n", workloads[i].name, workloads[i].what);
      return 0;
    }
  if (threads < 1 || seconds < 0 || min_iters < 1)
    {
      fprintf (stderr, "bench-meta: --threads and --min-iters must be at least 1, --seconds ≥ 0\n");
      return 2;
    }
  /* Static, as is the JSON below: each workload's child exits (so the sanitizer build
   * checks it for leaks) with the parent's allocations still in place, and an
   * optimised main may keep no pointer to them where the leak checker looks. */
  static char **only;
  only = only_arg ? g_strsplit (only_arg, ",", -1) : NULL;
  int n_selected = 0;
  for (size_t i = 0; i < G_N_ELEMENTS (workloads); i++)
    n_selected += selected (&workloads[i], only);
  if (n_selected == 0)
    {
      fprintf (stderr, "bench-meta: no workload named '%s' (see --list)\n", only_arg);
      g_strfreev (only);
      g_free (only_arg);
      g_free (json_path);
      return 2;
    }

  printf ("bench-meta: %d thread(s) (task workers; for a meta-batch of 1, op workers), "
          "%.3g s per workload, median of per-iteration times, each workload in its own "
          "process\n\n", threads, seconds);
  printf ("%-15s %9s %10s %9s %9s %9s %6s  %s\n", "workload", "iter/s", "tasks/s", "GFLOP/s",
          "RSS MB", "tape MB", "iters", "reference: PyTorch it/s");
  static GString *json;
  json = g_string_new (NULL);
  g_string_append_printf (json, "{\n  \"benchmark\": \"bench-meta\",\n  \"threads\": %d,\n"
                          "  \"seconds\": %g,\n  \"workloads\": [", threads, seconds);
  int failures = 0, emitted = 0;
  for (size_t i = 0; i < G_N_ELEMENTS (workloads); i++)
    {
      const Workload *w = &workloads[i];
      if (!selected (w, only))
        continue;
      Result r;
      run_in_child (w, threads, seconds, min_iters, &r);
      double flop = flop_per_iteration (w);
      if (!r.ok)
        {
          printf ("%-15s failed: %s\n", w->name, r.error);
          failures++;
          continue;
        }
      double its = 1.0 / r.median_s;
      printf ("%-15s %9.3f %10.2f %9.2f %9.0f %9.0f %6d  ", w->name, its, its * w->meta_batch,
              flop * its / 1e9, r.maxrss_mb, r.tape_peak_mb, r.iterations);
      if (w->issue_its > 0)
        printf ("%g", w->issue_its);
      else
        printf ("- (pytorch_bench.py)");
      if (w->issue_mb > 0)
        printf (" (%g MB)", w->issue_mb);
      printf ("\n");
      fflush (stdout);
      g_string_append_printf (json,
                              "%s\n    {\"name\": \"%s\", \"description\": \"%s\", "
                              "\"meta_batch\": %d, \"iterations_per_s\": %.6g, "
                              "\"tasks_per_s\": %.6g, \"gflop_per_s\": %.6g, "
                              "\"flop_per_iteration\": %.6g, \"peak_rss_mb\": %.1f, "
                              "\"tape_peak_mb\": %.1f, \"median_s\": %.6g, \"min_s\": %.6g, "
                              "\"max_s\": %.6g, \"iterations_measured\": %d, "
                              "\"warmup_iterations\": %d, \"last_loss\": %.6g}",
                              emitted++ ? "," : "", w->name, w->what, w->meta_batch, its,
                              its * w->meta_batch, flop * its / 1e9, flop, r.maxrss_mb,
                              r.tape_peak_mb, r.median_s, r.min_s, r.max_s, r.iterations,
                              r.warmup, r.last_loss);
    }
  g_string_append (json, "\n  ]\n}\n");
  printf ("\nGFLOP/s counts matrix products only (conv, linear, ProtoNet distances), "
          "backward = 2x forward,\nsecond-order MAML +6x the inner forward per step; "
          "RSS = ru_maxrss of the workload's process;\ntape = peak bytes of the core's tapes.\n");
  int status = failures ? 1 : 0;
  if (json_path)
    {
      if (!g_file_set_contents (json_path, json->str, -1, &error))
        {
          fprintf (stderr, "bench-meta: %s\n", error->message);
          g_error_free (error);
          status = 1;
        }
    }
  g_string_free (json, TRUE);
  g_strfreev (only);
  g_free (only_arg);
  g_free (json_path);
  return status;
}
