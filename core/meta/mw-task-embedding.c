/* mw-task-embedding.c: Task2Vec's diagonal Fisher and the prototype statistics of a
 * task (the definitions are in mw-task-embedding.h). */
#include "config.h"
#include "mw-task-embedding.h"

#include "mw-algorithm-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

static const char *const kind_names[] = { "fisher", "prototypes" };

const char *
mw_task_embedding_kind_name (MwTaskEmbeddingKind kind)
{
  return (guint) kind < G_N_ELEMENTS (kind_names) ? kind_names[kind] : "?";
}

gboolean
mw_task_embedding_kind_from_name (const char *name, MwTaskEmbeddingKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (name, kind_names[i]) == 0)
      {
        *kind = (MwTaskEmbeddingKind) i;
        return TRUE;
      }
  return FALSE;
}

/* Whether p(y|x) is the model's own output for tasks of `ways` classes. */
static gboolean
uses_own_head (const MwAlgorithm *algo, int ways)
{
  const MwAlgorithmInfo *info = mw_algorithm_info (algo->cfg.kind);
  return info->own_head && !info->metric && algo->model->n_out > 0
         && (algo->model->n_out == ways || (algo->model->n_out == 1 && ways == 2));
}

/* ---- which unit each parameter entry belongs to ---- */

typedef enum {
  UNITS_FIRST_AXIS,    /* convolution weights [OC, …], biases and batch norm [OC] */
  UNITS_COLUMNS,       /* hidden linear weights [in, out]: one unit per column */
  UNITS_ROWS,          /* output layer weights [in, out]: one value per input feature */
  UNITS_ONE,           /* output layer biases: one value for all */
} UnitRule;

typedef struct {
  int n_layers;
  int dim;
  int *layer_start;    /* n_layers + 1 offsets into the embedding */
  int *param_layer;    /* per parameter: its layer, or -1 when not in the embedding */
  UnitRule *rule;
  int *param_offset;   /* the embedding index of the parameter's first unit */
} UnitPlan;

static void
unit_plan_clear (UnitPlan *p)
{
  g_free (p->layer_start);
  g_free (p->param_layer);
  g_free (p->rule);
  g_free (p->param_offset);
}

/* A layer is the parameters whose names share the part before the first '.'
 * ("block2.conv.weight", "block2.bn.bias"; "layer3.weight"). */
static gboolean
same_layer (const char *a, const char *b)
{
  size_t la = strcspn (a, "."), lb = strcspn (b, ".");
  return la == lb && strncmp (a, b, la) == 0;
}

static int
rule_units (const MwTensor *t, UnitRule rule)
{
  switch (rule)
    {
    case UNITS_FIRST_AXIS:
      return t->shape[0];
    case UNITS_COLUMNS:
      return t->shape[1];
    case UNITS_ROWS:
      return t->shape[0];
    case UNITS_ONE:
    default:
      return 1;
    }
}

static int
rule_unit (const MwTensor *t, UnitRule rule, size_t index)
{
  switch (rule)
    {
    case UNITS_FIRST_AXIS:
      return (int) (index / (t->numel / (size_t) t->shape[0]));
    case UNITS_COLUMNS:
      return (int) (index % (size_t) t->shape[1]);
    case UNITS_ROWS:
      return (int) (index / (size_t) t->shape[1]);
    case UNITS_ONE:
    default:
      return 0;
    }
}

static gboolean
unit_plan_init (UnitPlan *p, const MwAlgorithm *algo, gboolean own_head, GError **error)
{
  const MwModel *m = algo->model;
  memset (p, 0, sizeof *p);
  p->param_layer = g_new (int, m->n_params);
  p->rule = g_new0 (UnitRule, m->n_params);
  p->param_offset = g_new0 (int, m->n_params);
  p->layer_start = g_new0 (int, m->n_params + 1);
  /* The output layer is the last one when the model has one (MLPs always; Conv4 when
   * it was built with a head). */
  int first_of_last = m->n_params;
  if (m->n_out > 0)
    for (first_of_last = m->n_params - 1;
         first_of_last > 0 && same_layer (m->param_names[first_of_last - 1],
                                          m->param_names[m->n_params - 1]);
         first_of_last--)
      ;
  int layer = -1, layer_units = 0;
  for (int i = 0; i < m->n_params; i++)
    {
      const MwTensor *t = m->params[i];
      gboolean head = i >= first_of_last;
      p->param_layer[i] = -1;
      if (head && !own_head)
        continue;
      if (layer < 0 || !same_layer (m->param_names[i], m->param_names[i - 1]))
        {
          p->dim += layer_units;
          p->layer_start[++layer] = p->dim;
          layer_units = 0;
        }
      p->param_layer[i] = layer;
      if (head)
        {
          /* Input features first, then the one value of the biases. */
          p->rule[i] = t->ndim == 2 ? UNITS_ROWS : UNITS_ONE;
          p->param_offset[i] = p->dim + (t->ndim == 2 ? 0 : m->params[first_of_last]->shape[0]);
          layer_units = MAX (layer_units, p->param_offset[i] - p->dim + rule_units (t, p->rule[i]));
        }
      else
        {
          p->rule[i] = t->ndim == 2 ? UNITS_COLUMNS : UNITS_FIRST_AXIS;
          p->param_offset[i] = p->dim;
          layer_units = MAX (layer_units, rule_units (t, p->rule[i]));
        }
    }
  p->dim += layer_units;
  p->n_layers = layer + 1;
  p->layer_start[p->n_layers] = p->dim;
  if (p->dim == 0)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   _("the model (%s) has no parameters below its output layer for a "
                     "Fisher embedding; use the prototype embedding"), m->description);
      unit_plan_clear (p);
      return FALSE;
    }
  return TRUE;
}

/* ---- the Fisher ---- */

static gboolean
check_task (const MwAlgorithm *algo, const MwTask *task, GError **error)
{
  if (task->regression || algo->regression)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   _("task embeddings need classification tasks"));
      return FALSE;
    }
  const MwAlgorithmInfo *info = mw_algorithm_info (algo->cfg.kind);
  if (info->own_head && algo->model->n_out > 0 && !uses_own_head (algo, task->ways))
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("the model's output layer has %d classes, the tasks %d"),
                   algo->model->n_out, task->ways);
      return FALSE;
    }
  return TRUE;
}

/* The support set's class means of the rows of f ([S, D], class-major, shots per
 * class): [ways, D]. */
static MwTensor *
prototypes (MwTape *tape, MwTensor *f, int ways, int shots)
{
  int d = f->shape[1];
  int grouped[3] = { ways, shots, d }, per_class[3] = { ways, 1, d }, shape[2] = { ways, d };
  return mw_reshape (tape, mw_mean_to (tape, mw_reshape (tape, f, 3, grouped), 3, per_class),
                     2, shape);
}

/* log p(c|x) for every row of x and class c ([rows, ways], recorded): the model's own
 * output, or (protos not NULL) the nearest-prototype classifier on its features. */
static MwTensor *
log_probs_of (const MwAlgorithm *algo, MwTape *tape, MwTensor *x, MwTensor *protos)
{
  MwAlgorithm *a = (MwAlgorithm *) algo;  /* the forward pass only reads it */
  MwTensor *logits;
  if (protos == NULL)
    {
      logits = mw_algo_forward (a, tape, NULL, x, FALSE, FALSE);
      if (logits->shape[1] == 1)
        {
          /* One output z is the logit of class 1: softmax (−z/2, z/2) gives σ(z). */
          int shape[2] = { 1, 2 };
          const float half[2] = { -0.5f, 0.5f };
          logits = mw_matmul (tape, logits, mw_tape_constant (tape, 2, shape, half));
        }
    }
  else
    logits = mw_neg (tape, mw_sq_euclidean (tape, mw_algo_forward (a, tape, NULL, x, FALSE, TRUE),
                                            protos));
  return mw_log_softmax (tape, logits);
}

/* The support set's prototypes, as constants (not recorded). */
static MwTensor *
fixed_prototypes (const MwAlgorithm *algo, MwTape *tape, const MwTask *task)
{
  bool was = mw_tape_set_recording (tape, false);
  MwTensor *f = mw_algo_forward ((MwAlgorithm *) algo, tape, NULL, task->support_x, FALSE, TRUE);
  MwTensor *protos = prototypes (tape, f, task->ways, task->shots);
  mw_tape_set_recording (tape, was);
  return protos;
}

/* Whether an example's prediction depends on the others of its batch: batch norm with
 * the batch's own statistics (Conv4 in MAML's transductive mode). */
static gboolean
examples_coupled (const MwModel *m)
{
  return m->kind == MW_MODEL_CONV4 && m->bn_mode == MW_BN_BATCH;
}

/* Adds the squares of the gradients of log_probs[row, label] to sum. */
static gboolean
add_squared_gradient (const MwModel *m, MwTape *tape, MwTensor *log_probs, int row, int label,
                      double **sum, MwTensor **grads, GError **error)
{
  MwTensor *seed = mw_tape_zeros (tape, 2, log_probs->shape);
  seed->data[(size_t) row * log_probs->shape[1] + label] = 1.0f;
  const char *why = NULL;
  if (!mw_grad (tape, log_probs, seed, m->params, m->n_params, false, grads, &why))
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED, "%s", why);
      return FALSE;
    }
  for (int p = 0; p < m->n_params; p++)
    if (sum[p] != NULL)
      for (size_t k = 0; k < grads[p]->numel; k++)
        sum[p][k] += (double) grads[p]->data[k] * grads[p]->data[k];
  return TRUE;
}

gboolean
mw_task_fisher_diagonal_with (const MwAlgorithm *algo, MwTape *tape, const MwTask *task,
                              MwFisherPasses passes, float *const *fisher, GError **error)
{
  if (!check_task (algo, task, error))
    return FALSE;
  const MwModel *m = algo->model;
  if (passes == MW_FISHER_PASSES_AUTO || examples_coupled (m))
    passes = examples_coupled (m) ? MW_FISHER_PASSES_ONE_GRAPH : MW_FISHER_PASSES_PER_EXAMPLE;
  mw_tape_reset (tape);
  bool was = mw_tape_set_recording (tape, true);
  MwTensor *protos = uses_own_head (algo, task->ways) ? NULL : fixed_prototypes (algo, tape, task);
  int s = task->support_x->shape[0];
  double **sum = g_new0 (double *, m->n_params);
  for (int p = 0; p < m->n_params; p++)
    if (fisher[p] != NULL)
      sum[p] = g_new0 (double, m->params[p]->numel);
  MwTensor **grads = g_new (MwTensor *, m->n_params);
  gboolean ok = TRUE;
  /* One backward pass per support example, seeded with its own log-likelihood: the
   * per-example gradients, whose squares (not the square of their sum) Fisher needs.
   * Examples that share batch statistics go through one graph of the whole support
   * set; independent ones each through a graph of their own, which costs one pass
   * over the set in all instead of one per example (20-way 5-shot: 100 times less). */
  if (passes == MW_FISHER_PASSES_ONE_GRAPH)
    {
      MwTensor *log_probs = log_probs_of (algo, tape, task->support_x, protos);
      MwTapeMark mark = mw_tape_mark (tape);
      for (int i = 0; i < s && ok; i++)
        {
          ok = add_squared_gradient (m, tape, log_probs, i, task->support_labels[i], sum, grads,
                                     error);
          mw_tape_rewind (tape, mark);
        }
    }
  else
    {
      MwTapeMark mark = mw_tape_mark (tape);
      for (int i = 0; i < s && ok; i++)
        {
          MwTensor *x = mw_slice_rows (tape, task->support_x, i, 1);
          ok = add_squared_gradient (m, tape, log_probs_of (algo, tape, x, protos), 0,
                                     task->support_labels[i], sum, grads, error);
          mw_tape_rewind (tape, mark);
        }
    }
  for (int p = 0; p < m->n_params; p++)
    {
      if (sum[p] != NULL && ok)
        for (size_t k = 0; k < m->params[p]->numel; k++)
          fisher[p][k] = (float) (sum[p][k] / s);
      g_free (sum[p]);
    }
  g_free (sum);
  g_free (grads);
  mw_tape_set_recording (tape, was);
  mw_tape_reset (tape);
  return ok;
}

gboolean
mw_task_fisher_diagonal (const MwAlgorithm *algo, MwTape *tape, const MwTask *task,
                         float *const *fisher, GError **error)
{
  return mw_task_fisher_diagonal_with (algo, tape, task, MW_FISHER_PASSES_AUTO, fisher, error);
}

/* Scales each block [start[b], start[b + 1]) of v to unit length, then all of it by
 * 1/√blocks (a block of zeros stays zeros). */
static void
normalise_blocks (float *v, const int *start, int blocks)
{
  for (int b = 0; b < blocks; b++)
    {
      double norm = 0;
      for (int j = start[b]; j < start[b + 1]; j++)
        norm += (double) v[j] * v[j];
      double scale = norm > 0 ? 1.0 / (sqrt (norm) * sqrt ((double) blocks)) : 0.0;
      for (int j = start[b]; j < start[b + 1]; j++)
        v[j] = (float) (v[j] * scale);
    }
}

static gboolean
embed_fisher (const MwAlgorithm *algo, MwTape *tape, const MwTask *task, float *out,
              GError **error)
{
  const MwModel *m = algo->model;
  UnitPlan plan;
  if (!check_task (algo, task, error)
      || !unit_plan_init (&plan, algo, uses_own_head (algo, task->ways), error))
    return FALSE;
  float **fisher = g_new0 (float *, m->n_params);
  for (int p = 0; p < m->n_params; p++)
    if (plan.param_layer[p] >= 0)
      fisher[p] = g_new (float, m->params[p]->numel);
  gboolean ok = mw_task_fisher_diagonal (algo, tape, task, fisher, error);
  if (ok)
    {
      /* The root of the mean over each unit's entries (see the header). */
      double *sum = g_new0 (double, plan.dim);
      int *count = g_new0 (int, plan.dim);
      for (int p = 0; p < m->n_params; p++)
        for (size_t k = 0; fisher[p] != NULL && k < m->params[p]->numel; k++)
          {
            int u = plan.param_offset[p] + rule_unit (m->params[p], plan.rule[p], k);
            sum[u] += fisher[p][k];
            count[u]++;
          }
      for (int u = 0; u < plan.dim; u++)
        out[u] = count[u] > 0 ? (float) sqrt (sum[u] / count[u]) : 0.0f;
      normalise_blocks (out, plan.layer_start, plan.n_layers);
      g_free (sum);
      g_free (count);
    }
  for (int p = 0; p < m->n_params; p++)
    g_free (fisher[p]);
  g_free (fisher);
  unit_plan_clear (&plan);
  return ok;
}

/* ---- the prototypes ---- */

static gboolean
embed_prototypes (const MwAlgorithm *algo, MwTape *tape, const MwTask *task, float *out,
                  GError **error)
{
  if (!check_task (algo, task, error))
    return FALSE;
  mw_tape_reset (tape);
  bool was = mw_tape_set_recording (tape, false);
  MwTensor *f = mw_algo_forward ((MwAlgorithm *) algo, tape, NULL, task->support_x, FALSE, TRUE);
  MwTensor *protos = prototypes (tape, f, task->ways, task->shots);
  int d = protos->shape[1], ways = protos->shape[0];
  for (int j = 0; j < d; j++)
    {
      double mean = 0, var = 0;
      for (int c = 0; c < ways; c++)
        mean += protos->data[(size_t) c * d + j] / ways;
      for (int c = 0; c < ways; c++)
        {
          double e = protos->data[(size_t) c * d + j] - mean;
          var += e * e / ways;
        }
      out[j] = (float) mean;
      out[d + j] = (float) sqrt (var);
    }
  int halves[3] = { 0, d, 2 * d };
  normalise_blocks (out, halves, 2);
  mw_tape_set_recording (tape, was);
  mw_tape_reset (tape);
  return TRUE;
}

int
mw_task_embedding_dim (const MwAlgorithm *algo, MwTaskEmbeddingKind kind, int ways,
                       GError **error)
{
  MwTask probe = { .regression = algo->regression, .ways = ways };
  if (!check_task (algo, &probe, error))
    return 0;
  if (kind == MW_TASK_EMBEDDING_PROTOTYPES)
    return 2 * algo->model->feature_dim;
  UnitPlan plan;
  if (!unit_plan_init (&plan, algo, uses_own_head (algo, ways), error))
    return 0;
  int dim = plan.dim;
  unit_plan_clear (&plan);
  return dim;
}

gboolean
mw_task_embed (const MwAlgorithm *algo, MwTape *tape, const MwTask *task,
               MwTaskEmbeddingKind kind, float *out, GError **error)
{
  return kind == MW_TASK_EMBEDDING_PROTOTYPES ? embed_prototypes (algo, tape, task, out, error)
                                              : embed_fisher (algo, tape, task, out, error);
}
