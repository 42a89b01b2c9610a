/* mw-memory-budget.c: the peak memory of a run, from its settings alone.
 *
 * The figures are a model of what the core allocates, in doubles (no setting can
 * overflow them), calibrated against bench-meta's tape peaks and the peak RSS of
 * short CLI runs (tests/test-memory-budget.py checks they stay within 2×):
 *   - an image costs its pixels as floats; a Conv4 sample's activations are the
 *     conv outputs of its four blocks (F × side² per block, the side halving);
 *   - a tape keeps about 0.65 of a sample's activations per image it trains on
 *     (the fused block ops keep little beyond the conv outputs), second-order MAML
 *     about 2.5 per support image and inner step (the graph of the gradient), and a
 *     metric learner's evaluation about 6.5 per image (see METRIC_EVAL_PER_IMAGE);
 *   - each worker trains one task at a time on its own tape, and tapes keep their
 *     buffers pooled, so training and evaluation tapes add up. */
#include "config.h"
#include "mw-memory-budget.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "mw-algorithm.h"

/* Code, libraries, OpenBLAS and the heap arenas of the worker threads. */
#define BASE_BYTES (14.0 * 1048576)
#define BASE_PER_WORKER_BYTES (2.0 * 1048576)
/* Test episodes made at once (mw-evaluate.c). */
#define EVAL_BLOCK 16.0
#define TAPE_PER_IMAGE 0.65
#define TAPE_PER_SECOND_ORDER_SUPPORT_STEP 2.5
/* Metric learners evaluate without recording, through the unfused ops, whose outputs
 * all stay on the tape until the episode ends. */
#define METRIC_EVAL_PER_IMAGE 6.5
/* The MLP 1-40-40-1 of regression: activations per point. */
#define MLP_ACTIVATIONS 81.0
#define MLP_PARAMETERS 1761.0

static int
processors (int threads)
{
  return CLAMP (threads > 0 ? threads : (int) g_get_num_processors (), 1, 64);
}

/* Floats of one input image, of its conv activations, and the model's parameters. */
static void
model_shape (const MwExperimentConfig *c, int ways, double *input, double *activations,
             double *parameters)
{
  if (mw_data_info (c->data)->regression || mw_data_info (c->data)->points)
    {
      *input = 2;
      *activations = MLP_ACTIVATIONS;
      *parameters = MLP_PARAMETERS;
      return;
    }
  double f = c->algo.filters, side = c->image_size, channels = c->channels;
  *input = channels * side * side;
  *activations = 0;
  *parameters = 0;
  double in_channels = channels;
  int s = c->image_size;
  for (int block = 0; block < 4; block++)
    {
      *activations += f * s * s;
      *parameters += in_channels * 9 * f + f + 4 * f;   /* conv, bias, batch norm */
      in_channels = f;
      s /= 2;
    }
  if (!mw_algorithm_info (c->algo.kind)->metric)
    *parameters += f * s * s * ways + ways;            /* the linear head */
}

void
mw_memory_estimate (const MwExperimentConfig *c, MwMemoryEstimate *e)
{
  const MwAlgorithmConfig *a = &c->algo;
  const MwAlgorithmInfo *algorithm = mw_algorithm_info (a->kind);
  const MwDataInfo *data = mw_data_info (c->data);
  memset (e, 0, sizeof *e);
  int tw = mw_experiment_train_ways (c), ts = mw_experiment_train_shots (c);
  int tq = mw_experiment_train_queries (c);
  gboolean regression = data->regression;
  /* Regression tasks have shots and queries points, not classes of them. */
  double train_support = regression ? ts : (double) tw * ts;
  double train_query = regression ? tq : (double) tw * tq;
  double test_support = regression ? c->shots : (double) c->ways * c->shots;
  double test_query = regression ? c->queries : (double) c->ways * c->queries;
  double input, act, params;
  model_shape (c, c->ways, &input, &act, &params);

  int procs = processors (c->threads);
  /* Batch norm with running statistics shares state between tasks: one at a time. */
  gboolean shared = a->bn_mode == MW_BN_RUNNING && !regression;
  int workers = 1;
  if (!algorithm->serial_tasks && !algorithm->pretrains && !shared)
    workers = MIN (procs, a->meta_batch);
  e->workers = workers;

  e->bytes[MW_MEMORY_BASE] = BASE_BYTES + BASE_PER_WORKER_BYTES * procs;

  if (data->drawn)
    e->bytes[MW_MEMORY_DATA] = (double) c->glyph_classes * c->glyph_samples * input * 4;
  else
    e->bytes[MW_MEMORY_DATA] = data->images * input * 4;

  /* Every task of a meta-batch has its own slot; the fine-tune baseline's
   * pre-training batch takes the place of the tasks. */
  double task_images = train_support + train_query;
  if (algorithm->pretrains)
    e->bytes[MW_MEMORY_TASKS] = (double) a->pretrain_batch * input * 4;
  else
    e->bytes[MW_MEMORY_TASKS] = (double) a->meta_batch * task_images * input * 4;

  /* Parameters, gradient, Adam's two moments; per worker a gradient and the adapted
   * (fast) weights. */
  e->bytes[MW_MEMORY_PARAMETERS] = params * 4 * (4 + 2.0 * workers);

  double per_task;
  if (algorithm->second_order)
    /* The tape keeps every inner step's graph on the support set. */
    per_task = TAPE_PER_SECOND_ORDER_SUPPORT_STEP * train_support * MAX (a->inner_steps, 1)
               + TAPE_PER_IMAGE * train_query;
  else if (algorithm->inner_minibatches)
    per_task = TAPE_PER_IMAGE * MIN ((double) a->inner_batch, task_images);
  else if (algorithm->pretrains)
    per_task = TAPE_PER_IMAGE * a->pretrain_batch;
  else   /* one step's graph over the whole episode (first order, metric learners) */
    per_task = TAPE_PER_IMAGE * task_images;
  e->bytes[MW_MEMORY_TAPES] = workers * (per_task * act + task_images * input) * 4;

  /* A block of test episodes, each adapted (first order) on its worker. */
  int eval_workers = algorithm->serial_tasks ? 1 : MIN (procs, (int) EVAL_BLOCK);
  double eval_images = test_support + test_query;
  double eval_tape = (algorithm->metric ? METRIC_EVAL_PER_IMAGE
                                                            : TAPE_PER_IMAGE) * eval_images;
  e->bytes[MW_MEMORY_EVALUATION] = EVAL_BLOCK * eval_images * input * 4
                                   + eval_workers * (eval_tape * act + params * 3) * 4;

  for (int i = 0; i < MW_MEMORY_N_PARTS; i++)
    e->total += e->bytes[i];
}

char *
mw_memory_estimate_driver (const MwExperimentConfig *c, const MwMemoryEstimate *e)
{
  int largest = MW_MEMORY_DATA;
  for (int i = MW_MEMORY_DATA; i < MW_MEMORY_N_PARTS; i++)
    if (e->bytes[i] > e->bytes[largest])
      largest = i;
  const MwAlgorithmInfo *algorithm = mw_algorithm_info (c->algo.kind);
  gboolean regression = mw_data_info (c->data)->regression;
  int tw = mw_experiment_train_ways (c), ts = mw_experiment_train_shots (c);
  int tq = mw_experiment_train_queries (c);
  switch ((MwMemoryPart) largest)
    {
    case MW_MEMORY_DATA:
      if (mw_data_info (c->data)->drawn)
        /* Translators: the settings behind most of a run's memory. */
        return g_strdup_printf (_("glyph-classes %d × glyph-samples %d images of %d×%d pixels"),
                                c->glyph_classes, c->glyph_samples, c->image_size, c->image_size);
      return g_strdup_printf (_("Omniglot's images at image-size %d"), c->image_size);
    case MW_MEMORY_TASKS:
      if (algorithm->pretrains)
        return g_strdup_printf (_("pretrain-batch %d images of %d×%d pixels"), c->algo.pretrain_batch,
                                c->image_size, c->image_size);
      if (regression)
        return g_strdup_printf (_("meta-batch %d × tasks of %d + %d points"), c->algo.meta_batch,
                                ts, tq);
      return g_strdup_printf (_("meta-batch %d × %d-way %d-shot %d-query tasks of %d×%d pixels"),
                              c->algo.meta_batch, tw, ts, tq, c->image_size, c->image_size);
    case MW_MEMORY_PARAMETERS:
      return g_strdup_printf (_("filters %d at image-size %d (the model's parameters)"),
                              c->algo.filters, c->image_size);
    case MW_MEMORY_TAPES:
      if (regression)
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "tasks of %d + %d points on %d worker",
                                             "tasks of %d + %d points on %d workers", e->workers),
                                ts, tq, e->workers);
      if (algorithm->pretrains)
        return g_strdup_printf (_("pretrain-batch %d images × filters %d at image-size %d"),
                                c->algo.pretrain_batch, c->algo.filters, c->image_size);
      if (algorithm->inner_minibatches)
        return g_strdup_printf (_("inner-batch %d images × filters %d at image-size %d"),
                                c->algo.inner_batch, c->algo.filters, c->image_size);
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%d worker × %d-way %d-shot %d-query tasks, inner-steps "
                                           "%d, filters %d at image-size %d",
                                           "%d workers × %d-way %d-shot %d-query tasks, inner-steps "
                                           "%d, filters %d at image-size %d", e->workers),
                              e->workers, tw, ts, tq, c->algo.inner_steps, c->algo.filters,
                              c->image_size);
    case MW_MEMORY_EVALUATION:
    default:
      return g_strdup_printf (_("test episodes of %d-way %d-shot %d-query at filters %d, "
                                "image-size %d"), c->ways, c->shots, c->queries, c->algo.filters,
                              c->image_size);
    }
}

guint64
mw_memory_physical (void)
{
  long pages = sysconf (_SC_PHYS_PAGES), page = sysconf (_SC_PAGESIZE);
  if (pages <= 0 || page <= 0)
    return 0;
  return (guint64) pages * (guint64) page;
}

gboolean
mw_memory_check (const MwExperimentConfig *c, guint64 max_bytes, GError **error)
{
  guint64 limit = max_bytes > 0 ? max_bytes : mw_memory_physical ();
  MwMemoryEstimate e;
  mw_memory_estimate (c, &e);
  if (limit == 0 || e.total <= (double) limit)
    return TRUE;
  g_autofree char *driver = mw_memory_estimate_driver (c, &e);
  /* Beyond what guint64 holds the figure is shown as its maximum. */
  guint64 need = e.total < 1.8e19 ? (guint64) e.total : G_MAXUINT64;
  g_autofree char *need_text = g_format_size (need);
  g_autofree char *limit_text = g_format_size (limit);
  if (max_bytes > 0)
    /* Translators: the settings behind the estimate, the estimate, the limit given. */
    g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                 _("%s needs about %s; the limit (--max-memory) is %s"), driver, need_text,
                 limit_text);
  else
    /* Translators: the settings behind the estimate, the estimate, the machine's memory. */
    g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                 _("%s needs about %s; this machine has %s"), driver, need_text, limit_text);
  return FALSE;
}
