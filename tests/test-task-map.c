/* test-task-map.c: the task map's parts against independent computations: classical
 * MDS and PCA recover a known planar configuration, the Fisher embedding equals its
 * definition by central differences (computed here in double precision, on a tiny MLP
 * written out by hand), the embeddings do not depend on the order of a task's classes,
 * and tasks of two different families are told apart by their nearest neighbour. */
#include "mw-core.h"
#include "mw-algorithm-private.h"

#include <math.h>
#include <string.h>

static gboolean sanitizer;

/* ---- the 2-D layouts ---- */

static double
pair_distance (const double *xy, int i, int k)
{
  return hypot (xy[2 * i] - xy[2 * k], xy[2 * i + 1] - xy[2 * k + 1]);
}

static void
test_mds_recovers_plane (void)
{
  enum { N = 30 };
  MwRng rng;
  mw_rng_init (&rng, 5, 0);
  double known[2 * N];
  for (int i = 0; i < 2 * N; i++)
    known[i] = 4.0 * mw_rng_uniform (&rng) - 2.0;
  double dist[N * N];
  for (int i = 0; i < N; i++)
    for (int k = 0; k < N; k++)
      dist[i * N + k] = pair_distance (known, i, k);
  double xy[2 * N], explained[2];
  g_assert_true (mw_map2d_mds (dist, N, xy, explained));
  /* The same distances: the same points up to a rotation or reflection. */
  for (int i = 0; i < N; i++)
    for (int k = 0; k < N; k++)
      g_assert_cmpfloat (fabs (pair_distance (xy, i, k) - dist[i * N + k]), <, 1e-9);
  /* Two dimensions hold all of it, the first the larger share. */
  g_assert_cmpfloat (fabs (explained[0] + explained[1] - 1.0), <, 1e-9);
  g_assert_cmpfloat (explained[0], >=, explained[1]);

  /* The same plane turned into 6 dimensions and moved: PCA finds it, and MDS of the
   * rows' Euclidean distances agrees. */
  float rows[N * 6];
  const double u[6] = { 0.5, 0.5, 0.5, 0.5, 0, 0 }, v[6] = { 0.5, -0.5, 0.5, -0.5, 0, 0 };
  for (int i = 0; i < N; i++)
    for (int j = 0; j < 6; j++)
      rows[i * 6 + j] = (float) (known[2 * i] * u[j] + known[2 * i + 1] * v[j] + j);
  double pca[2 * N];
  g_assert_true (mw_map2d_pca (rows, N, 6, pca, explained));
  double *euclid = mw_distance_matrix (rows, N, 6, MW_DISTANCE_EUCLIDEAN);
  for (int i = 0; i < N; i++)
    for (int k = 0; k < N; k++)
      {
        g_assert_cmpfloat (fabs (pair_distance (pca, i, k) - dist[i * N + k]), <, 1e-5);
        g_assert_cmpfloat (fabs (euclid[i * N + k] - dist[i * N + k]), <, 1e-5);
      }
  g_free (euclid);
  g_assert_cmpfloat (fabs (explained[0] + explained[1] - 1.0), <, 1e-9);

  /* A map has one orientation: each axis's largest coordinate is positive. */
  for (int a = 0; a < 2; a++)
    {
      int largest = 0;
      for (int i = 1; i < N; i++)
        if (fabs (pca[2 * i + a]) > fabs (pca[2 * largest + a]))
          largest = i;
      g_assert_cmpfloat (pca[2 * largest + a], >, 0);
    }
  /* Not a number: refused. */
  rows[7] = NAN;
  g_assert_false (mw_map2d_pca (rows, N, 6, pca, NULL));
}

static void
test_cosine_distance (void)
{
  const float a[3] = { 1, 0, 0 }, b[3] = { 0, 2, 0 }, c[3] = { -3, 0, 0 }, zero[3] = { 0 };
  g_assert_cmpfloat (fabs (mw_vector_distance (a, a, 3, MW_DISTANCE_COSINE)), <, 1e-12);
  g_assert_cmpfloat (fabs (mw_vector_distance (a, b, 3, MW_DISTANCE_COSINE) - 1), <, 1e-12);
  g_assert_cmpfloat (fabs (mw_vector_distance (a, c, 3, MW_DISTANCE_COSINE) - 2), <, 1e-12);
  g_assert_cmpfloat (mw_vector_distance (a, zero, 3, MW_DISTANCE_COSINE), ==, 1);
  g_assert_cmpfloat (fabs (mw_vector_distance (a, b, 3, MW_DISTANCE_EUCLIDEAN) - sqrt (5)), <, 1e-12);
}

/* ---- the Fisher embedding by its definition ---- */

/* A tiny MLP (widths[0] → … → widths[layers]) classifying a task, with a learner row
 * around it: only the model and the kind matter to the embedding. */
typedef struct {
  MwAlgorithm algo;
  MwTape *tape;
  MwTensor *x;
  int32_t labels[16];
  MwTask task;
} TinyCase;

static void
tiny_case_init (TinyCase *t, MwAlgorithmKind kind, int layers, const int *widths, int ways,
                int shots)
{
  memset (t, 0, sizeof *t);
  MwRng rng;
  mw_rng_init (&rng, 17, (uint64_t) kind * 10 + (uint64_t) layers);
  t->algo.cfg.kind = kind;
  t->algo.model = mw_mlp_new (layers, widths, &rng);
  /* Weights of size 1, not MAML's σ = 0.01, so that every layer's gradient counts. */
  for (int p = 0; p < t->algo.model->n_params; p++)
    {
      MwTensor *w = t->algo.model->params[p];
      for (size_t k = 0; k < w->numel; k++)
        w->data[k] = 2.0f * mw_rng_uniform (&rng) - 1.0f;
    }
  t->tape = mw_tape_new ();
  t->algo.tape = t->tape;
  t->algo.worker_tapes = &t->tape;
  t->algo.n_workers = 1;
  int s = ways * shots;
  g_assert_cmpint (s, <=, 16);
  t->x = mw_tensor_new4 (s, widths[0], 0, 0);
  for (size_t k = 0; k < t->x->numel; k++)
    t->x->data[k] = 2.0f * mw_rng_uniform (&rng) - 1.0f;
  for (int i = 0; i < s; i++)
    t->labels[i] = i / shots;
  t->task = (MwTask) { .ways = ways, .shots = shots, .support_x = t->x,
                       .support_labels = t->labels, .query_x = t->x, .query_labels = t->labels };
}

static void
tiny_case_clear (TinyCase *t)
{
  mw_model_free (t->algo.model);
  mw_tape_free (t->tape);
  mw_tensor_free (t->x);
}

/* log p(y_i | x_i) for every support row, in double, from the model's parameters
 * (value[p] overrides entry k of parameter p when p ≥ 0): the MLP written out, then
 * the model's own output or the prototype classifier on its last hidden layer. */
static void
log_likelihoods (const TinyCase *t, gboolean own_head, int p_changed, size_t k_changed,
                 double changed, const double *fixed_mu, double *out, double *mu_out)
{
  const MwModel *m = t->algo.model;
  const MwTask *task = &t->task;
  int s = task->ways * task->shots, layers = own_head ? m->n_layers : m->n_layers - 1;
  int width = m->widths[0];
  double h[16][8], next[16][8];
  for (int i = 0; i < s; i++)
    for (int j = 0; j < width; j++)
      h[i][j] = t->x->data[i * width + j];
#define PARAM(p, k) ((p) == p_changed && (size_t) (k) == k_changed ? changed \
                                                                     : (double) m->params[p]->data[k])
  for (int l = 0; l < layers; l++)
    {
      int in = m->widths[l], outw = m->widths[l + 1];
      for (int i = 0; i < s; i++)
        for (int o = 0; o < outw; o++)
          {
            double z = PARAM (2 * l + 1, o);
            for (int j = 0; j < in; j++)
              z += h[i][j] * PARAM (2 * l, j * outw + o);
            next[i][o] = l < m->n_layers - 1 ? MAX (z, 0.0) : z;
          }
      memcpy (h, next, sizeof h);
      width = outw;
    }
#undef PARAM
  for (int i = 0; i < s; i++)
    {
      double logits[8] = { 0 };
      int ways = task->ways;
      if (own_head && width == 1)
        {
          logits[0] = -h[i][0] / 2;
          logits[1] = h[i][0] / 2;
        }
      else if (own_head)
        memcpy (logits, h[i], sizeof (double) * ways);
      else
        for (int c = 0; c < ways; c++)
          {
            /* The prototypes are the probe head, held fixed at θ's. */
            double d2 = 0;
            for (int j = 0; j < width; j++)
              {
                double mu = 0;
                for (int r = 0; r < task->shots; r++)
                  mu += h[c * task->shots + r][j] / task->shots;
                if (mu_out != NULL)
                  mu_out[c * 8 + j] = mu;
                if (fixed_mu != NULL)
                  mu = fixed_mu[c * 8 + j];
                d2 += (h[i][j] - mu) * (h[i][j] - mu);
              }
            logits[c] = -d2;
          }
      double top = logits[0], sum = 0;
      for (int c = 1; c < ways; c++)
        top = MAX (top, logits[c]);
      for (int c = 0; c < ways; c++)
        sum += exp (logits[c] - top);
      out[i] = logits[task->support_labels[i]] - top - log (sum);
    }
}

/* Checks mw_task_fisher_diagonal and mw_task_embed against (1/S) Σᵢ (∂ log p(yᵢ|xᵢ)/∂θ)²
 * by central differences, aggregated per unit as mw-task-embedding.h says. */
static void
check_fisher_definition (MwAlgorithmKind kind, int layers, const int *widths, int ways, int shots)
{
  TinyCase t;
  tiny_case_init (&t, kind, layers, widths, ways, shots);
  const MwModel *m = t.algo.model;
  gboolean own_head = kind != MW_ALGO_PROTONET;
  int s = ways * shots;
  float **fisher = g_new0 (float *, m->n_params);
  for (int p = 0; p < m->n_params; p++)
    fisher[p] = g_new (float, m->params[p]->numel);
  GError *error = NULL;
  g_assert_true (mw_task_fisher_diagonal (&t.algo, t.tape, &t.task, fisher, &error));
  g_assert_no_error (error);
  /* Both ways of taking the per-example gradients agree. */
  for (int p = 0; p < m->n_params; p++)
    {
      float *one_graph = g_new (float, m->params[p]->numel);
      float **only = g_new0 (float *, m->n_params);
      only[p] = one_graph;
      g_assert_true (mw_task_fisher_diagonal_with (&t.algo, t.tape, &t.task,
                                                   MW_FISHER_PASSES_ONE_GRAPH, only, &error));
      for (size_t k = 0; k < m->params[p]->numel; k++)
        g_assert_cmpfloat (fabs (one_graph[k] - fisher[p][k]), <=, 1e-5 * (1 + fabs (fisher[p][k])));
      g_free (one_graph);
      g_free (only);
    }
  double **fd = g_new0 (double *, m->n_params);
  const double h = 1e-6;
  double mu[8 * 8], unused[16];
  log_likelihoods (&t, own_head, -1, 0, 0, NULL, unused, mu);
  for (int p = 0; p < m->n_params; p++)
    {
      fd[p] = g_new0 (double, m->params[p]->numel);
      for (size_t k = 0; k < m->params[p]->numel; k++)
        {
          double plus[16], minus[16], theta = m->params[p]->data[k];
          log_likelihoods (&t, own_head, p, k, theta + h, mu, plus, NULL);
          log_likelihoods (&t, own_head, p, k, theta - h, mu, minus, NULL);
          for (int i = 0; i < s; i++)
            {
              double g = (plus[i] - minus[i]) / (2 * h);
              fd[p][k] += g * g / s;
            }
          g_assert_cmpfloat (fabs (fisher[p][k] - fd[p][k]), <=, 1e-4 * (1 + fabs (fd[p][k])));
        }
    }
  /* The embedding: per-unit roots of the means, each layer's block of unit length, over
   * √layers. */
  int dim = mw_task_embedding_dim (&t.algo, MW_TASK_EMBEDDING_FISHER, ways, &error);
  g_assert_no_error (error);
  int hidden = own_head ? m->n_layers - 1 : m->n_layers - 1;
  int expected_dim = 0;
  for (int l = 0; l < hidden; l++)
    expected_dim += m->widths[l + 1];
  if (own_head)
    expected_dim += m->widths[m->n_layers - 1] + 1;
  g_assert_cmpint (dim, ==, expected_dim);
  double *want = g_new0 (double, dim);
  int *start = g_new0 (int, m->n_layers + 1), blocks = 0, at = 0;
  for (int l = 0; l < hidden; l++)
    {
      int in = m->widths[l], outw = m->widths[l + 1];
      start[blocks++] = at;
      for (int o = 0; o < outw; o++)
        {
          double sum = fd[2 * l + 1][o];
          for (int j = 0; j < in; j++)
            sum += fd[2 * l][j * outw + o];
          want[at + o] = sqrt (sum / (in + 1));
        }
      at += outw;
    }
  if (own_head)
    {
      int l = m->n_layers - 1, in = m->widths[l], outw = m->widths[l + 1];
      start[blocks++] = at;
      for (int j = 0; j < in; j++)
        {
          for (int o = 0; o < outw; o++)
            want[at + j] += fd[2 * l][j * outw + o] / outw;
        }
      for (int o = 0; o < outw; o++)
        want[at + in] += fd[2 * l + 1][o] / outw;
      for (int j = 0; j <= in; j++)
        want[at + j] = sqrt (want[at + j]);
      at += in + 1;
    }
  start[blocks] = at;
  for (int b = 0; b < blocks; b++)
    {
      double norm = 0;
      for (int j = start[b]; j < start[b + 1]; j++)
        norm += want[j] * want[j];
      for (int j = start[b]; j < start[b + 1]; j++)
        want[j] /= sqrt (norm) * sqrt (blocks);
    }
  float *got = g_new (float, dim);
  g_assert_true (mw_task_embed (&t.algo, t.tape, &t.task, MW_TASK_EMBEDDING_FISHER, got, &error));
  g_assert_no_error (error);
  for (int j = 0; j < dim; j++)
    g_assert_cmpfloat (fabs (got[j] - want[j]), <, 1e-4);
  for (int p = 0; p < m->n_params; p++)
    {
      g_free (fisher[p]);
      g_free (fd[p]);
    }
  g_free (fisher);
  g_free (fd);
  g_free (want);
  g_free (start);
  g_free (got);
  tiny_case_clear (&t);
}

static void
test_fisher_own_head (void)
{
  const int widths[4] = { 3, 5, 4, 4 };
  check_fisher_definition (MW_ALGO_MAML, 3, widths, 4, 2);
}

static void
test_fisher_single_logit (void)
{
  /* Logistic regression in the plane, and an MLP with one output (2-way tasks). */
  const int logistic[2] = { 2, 1 }, mlp[3] = { 2, 6, 1 };
  check_fisher_definition (MW_ALGO_MAML, 1, logistic, 2, 4);
  check_fisher_definition (MW_ALGO_REPTILE, 2, mlp, 2, 3);
}

static void
test_fisher_prototype_head (void)
{
  const int widths[4] = { 3, 6, 5, 4 };
  check_fisher_definition (MW_ALGO_PROTONET, 3, widths, 3, 3);
}

/* The same task with its classes in another order has the same embeddings. */
static void
test_class_order (void)
{
  const int widths[4] = { 3, 6, 5, 4 };
  for (int kind = 0; kind < 2; kind++)
    {
      TinyCase t;
      tiny_case_init (&t, MW_ALGO_PROTONET, 3, widths, 4, 2);
      GError *error = NULL;
      MwTaskEmbeddingKind ek = kind ? MW_TASK_EMBEDDING_PROTOTYPES : MW_TASK_EMBEDDING_FISHER;
      int dim = mw_task_embedding_dim (&t.algo, ek, 4, &error);
      g_assert_no_error (error);
      float *a = g_new (float, dim), *b = g_new (float, dim);
      g_assert_true (mw_task_embed (&t.algo, t.tape, &t.task, ek, a, &error));
      /* Classes 0 1 2 3 become 2 0 3 1: move each class's support rows. */
      const int to[4] = { 2, 0, 3, 1 };
      MwTensor *moved = mw_tensor_new_copy (t.x);
      for (int i = 0; i < 8; i++)
        memcpy (moved->data + (to[i / 2] * 2 + i % 2) * 3, t.x->data + i * 3, 3 * sizeof (float));
      mw_tensor_copy_data (t.x, moved);
      mw_tensor_free (moved);
      g_assert_true (mw_task_embed (&t.algo, t.tape, &t.task, ek, b, &error));
      g_assert_no_error (error);
      double norm = 0;
      for (int j = 0; j < dim; j++)
        {
          g_assert_cmpfloat (fabs (a[j] - b[j]), <, 1e-5);
          norm += (double) a[j] * a[j];
        }
      g_assert_cmpfloat (fabs (norm - 1), <, 1e-5);
      g_free (a);
      g_free (b);
      tiny_case_clear (&t);
    }
}

/* A model without parameters below its output layer has no Fisher embedding for a
 * prototype classifier; regression has none at all. */
static void
test_refusals (void)
{
  const int logistic[2] = { 2, 1 };
  TinyCase t;
  tiny_case_init (&t, MW_ALGO_PROTONET, 1, logistic, 2, 2);
  GError *error = NULL;
  g_assert_cmpint (mw_task_embedding_dim (&t.algo, MW_TASK_EMBEDDING_FISHER, 2, &error), ==, 0);
  g_assert_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  t.algo.regression = TRUE;
  g_assert_cmpint (mw_task_embedding_dim (&t.algo, MW_TASK_EMBEDDING_PROTOTYPES, 2, &error), ==, 0);
  g_assert_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  tiny_case_clear (&t);
}

/* ---- two families apart ---- */

static MwRun *
glyph_run (MwAlgorithmKind kind, int iterations)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, kind);
  c.glyph_classes = 60;
  c.glyph_samples = 10;
  c.algo.meta_batch = 2;
  c.algo.filters = 16;
  c.threads = 1;
  c.iterations = iterations;
  c.eval_every = 0;
  c.seed = 3;
  GError *error = NULL;
  MwRun *run = mw_run_new (&c, &error);
  g_assert_no_error (error);
  mw_experiment_config_clear (&c);
  MwStepStats st;
  while (!mw_run_is_finished (run))
    g_assert_true (mw_run_train_step (run, &st, NULL));
  return run;
}

/* Conv4 with running batch-norm statistics (ProtoNets): examples through graphs of
 * their own give the Fisher of one graph of the whole support set. */
static void
test_conv4_passes_agree (void)
{
  MwRun *run = glyph_run (MW_ALGO_PROTONET, 5);
  MwAlgorithm *algo = mw_run_get_algorithm (run);
  const MwModel *m = algo->model;
  MwRng rng;
  mw_rng_init (&rng, 31, 0);
  MwTask task;
  GError *error = NULL;
  g_assert_true (mw_task_gen_next (mw_run_get_task_gen (run, "test"), 5, 2, 1, &rng, &task, &error));
  float **a = g_new0 (float *, m->n_params), **b = g_new0 (float *, m->n_params);
  for (int p = 0; p < m->n_params; p++)
    {
      a[p] = g_new (float, m->params[p]->numel);
      b[p] = g_new (float, m->params[p]->numel);
    }
  g_assert_true (mw_task_fisher_diagonal (algo, algo->tape, &task, a, &error));
  g_assert_true (mw_task_fisher_diagonal_with (algo, algo->tape, &task, MW_FISHER_PASSES_ONE_GRAPH,
                                               b, &error));
  g_assert_no_error (error);
  double total = 0;
  for (int p = 0; p < m->n_params; p++)
    {
      for (size_t k = 0; k < m->params[p]->numel; k++)
        {
          g_assert_cmpfloat (fabs (a[p][k] - b[p][k]), <=, 1e-3 * fabs (b[p][k]) + 1e-9);
          total += b[p][k];
        }
      g_free (a[p]);
      g_free (b[p]);
    }
  g_assert_cmpfloat (total, >, 0);
  g_free (a);
  g_free (b);
  mw_run_free (run);
}

/* The share of rows whose nearest other row (cosine distance) has the same family:
 * rows [0, n) are family 0, [n, 2n) family 1. */
static double
nearest_neighbour_agreement (const float *rows, int n, int dim)
{
  int right = 0;
  for (int i = 0; i < 2 * n; i++)
    {
      int best = -1;
      double best_d = INFINITY;
      for (int k = 0; k < 2 * n; k++)
        {
          double d = mw_vector_distance (rows + (size_t) i * dim, rows + (size_t) k * dim, dim,
                                         MW_DISTANCE_COSINE);
          if (k != i && d < best_d)
            {
              best_d = d;
              best = k;
            }
        }
      right += (best < n) == (i < n);
    }
  return (double) right / (2 * n);
}

/* Embeds n tasks of gen, and with other_gen n of that, or else the same tasks with
 * their images inverted (ink for paper), as rows of family 0 then 1. */
static float *
two_families (MwRun *run, MwTaskGen *gen, MwTaskGen *other_gen, MwTaskEmbeddingKind kind, int shots,
              int n, int *dim)
{
  MwAlgorithm *algo = mw_run_get_algorithm (run);
  GError *error = NULL;
  *dim = mw_task_embedding_dim (algo, kind, 5, &error);
  g_assert_no_error (error);
  float *rows = g_new (float, (size_t) 2 * n * *dim);
  for (int i = 0; i < n; i++)
    for (int family = 0; family < 2; family++)
      {
        MwRng rng;
        mw_rng_init (&rng, 23, (uint64_t) i);
        MwTask task;
        MwTaskGen *from = family && other_gen ? other_gen : gen;
        g_assert_true (mw_task_gen_next (from, 5, shots, 1, &rng, &task, &error));
        if (family && other_gen == NULL)
          for (size_t k = 0; k < task.support_x->numel; k++)
            task.support_x->data[k] = 1.0f - task.support_x->data[k];
        g_assert_true (mw_task_embed (algo, algo->tape, &task, kind,
                                      rows + (size_t) (family * n + i) * *dim, &error));
        g_assert_no_error (error);
      }
  return rows;
}

static void
test_families_apart (void)
{
  const MwAlgorithmKind kinds[2] = { MW_ALGO_FOMAML, MW_ALGO_PROTONET };
  int n = sanitizer ? 12 : 40;
  for (int a = 0; a < 2; a++)
    {
      /* ProtoNets' 30 iterations are cheap even when sanitized; an untrained embedding
       * network's prototypes say little. */
      MwRun *run = glyph_run (kinds[a], sanitizer && kinds[a] != MW_ALGO_PROTONET ? 5 : 30);
      for (int e = 0; e < 2; e++)
        {
          int dim;
          MwTaskEmbeddingKind kind = e ? MW_TASK_EMBEDDING_PROTOTYPES : MW_TASK_EMBEDDING_FISHER;
          float *rows = two_families (run, mw_run_get_task_gen (run, "test"), NULL, kind, 1, n, &dim);
          double agree = nearest_neighbour_agreement (rows, n, dim);
          g_test_message ("%s, %s embedding: glyphs and inverted glyphs, nearest neighbour "
                          "agrees %.1f%%", mw_algorithm_kind_name (kinds[a]),
                          mw_task_embedding_kind_name (kind), 100 * agree);
          /* Each embedding where it is meant: the Fisher for the learners that adapt
           * their whole network, the prototypes for the metric learners.  The other
           * pairs are only reported (MAML's batch statistics of the support set take
           * away much of what the mean prototype would show). */
          if ((kinds[a] == MW_ALGO_PROTONET) == (kind == MW_TASK_EMBEDDING_PROTOTYPES))
            g_assert_cmpfloat (agree, >, 0.9);
          g_free (rows);
        }
      mw_run_free (run);
    }
}

/* Glyph tasks and Omniglot tasks through a glyph-trained model, 5-way 5-shot: the
 * Fisher of five support images (1-shot) is too noisy to place a task reliably. */
static void
test_omniglot_apart (void)
{
  const char *dir = g_getenv ("MW_OMNIGLOT_DIR");
  if (dir == NULL || *dir == '\0')
    {
      g_test_skip ("MW_OMNIGLOT_DIR is not set");
      return;
    }
  GError *error = NULL;
  MwDataset *omniglot = mw_omniglot_load_rotated (dir, "vinyals-test", 28, 0, &error);
  g_assert_no_error (error);
  MwTaskGen *other = mw_task_gen_new_dataset (omniglot, 5, 5, 1);
  int n = sanitizer ? 20 : 40;
  for (int e = 0; e < 2; e++)
    {
      int dim;
      MwTaskEmbeddingKind kind = e ? MW_TASK_EMBEDDING_PROTOTYPES : MW_TASK_EMBEDDING_FISHER;
      MwRun *run = glyph_run (e ? MW_ALGO_PROTONET : MW_ALGO_FOMAML, sanitizer && !e ? 5 : 30);
      float *rows = two_families (run, mw_run_get_task_gen (run, "test"), other, kind, 5, n, &dim);
      double agree = nearest_neighbour_agreement (rows, n, dim);
      g_test_message ("%s embedding: glyphs and Omniglot, nearest neighbour agrees %.1f%%",
                      mw_task_embedding_kind_name (kind), 100 * agree);
      g_assert_cmpfloat (agree, >, 0.9);
      g_free (rows);
      mw_run_free (run);
    }
  mw_task_gen_free (other);
  mw_dataset_free (omniglot);
}

/* ---- the map ---- */

/* Test task i is eval's episode i: their mean accuracy is eval's; the layouts and
 * nearest training tasks agree with the embeddings. */
static void
test_map_consistent (void)
{
  MwRun *run = glyph_run (MW_ALGO_FOMAML, 5);
  MwAlgorithm *algo = mw_run_get_algorithm (run);
  MwTaskGen *test = mw_run_get_task_gen (run, "test");
  MwTaskMapSettings s = { MW_TASK_EMBEDDING_FISHER, 5, 1, 2, 2, 20, 12, 99 };
  MwTaskMap map;
  GError *error = NULL;
  g_assert_true (mw_task_map_compute (algo, test, mw_run_get_task_gen (run, "train"), &s, NULL,
                                      NULL, &map, &error));
  g_assert_no_error (error);
  MwEvalResult r;
  g_assert_true (mw_evaluate (algo, test, 5, 1, 2, 2, 20, 99, NULL, NULL, &r, &error));
  double mean = 0;
  for (int i = 0; i < 20; i++)
    mean += map.accuracy[i] / 20;
  g_assert_cmpfloat (fabs (mean - r.accuracy[2]), <, 1e-9);
  mw_eval_result_clear (&r);
  for (int i = 0; i < 20; i++)
    {
      for (int j = 0; j < 12; j++)
        g_assert_cmpfloat (map.nearest_distance[i], <=,
                           mw_vector_distance (map.embedding + i * map.dim,
                                               map.embedding + (20 + j) * map.dim, map.dim,
                                               MW_DISTANCE_COSINE));
      g_assert_true (g_str_has_prefix (map.classes[i], "glyph"));
      g_assert_cmpstr (map.property[i], ==, "");
    }
  g_assert_cmpint (map.n_train, ==, 12);
  g_assert_cmpfloat (map.pca_explained[0], >, 0);
  mw_task_map_clear (&map);
  mw_run_free (run);
}

/* Planar tasks are grouped by their boundary's bin: named in English for files, and
 * ordered by number (90° after 45°, not before it as text would put it). */
static void
test_planar_properties (void)
{
  MwExperimentConfig c;
  mw_experiment_config_init (&c, MW_ALGO_MAML);
  GError *error = NULL;
  g_assert_true (mw_experiment_config_preset (&c, MW_ALGO_MAML, "planar-moons", &error));
  c.iterations = 0;
  c.threads = 1;
  MwRun *run = mw_run_new (&c, &error);
  g_assert_no_error (error);
  MwTaskMapSettings s = { MW_TASK_EMBEDDING_FISHER, 2, 5, 5, 1, 60, 0, 7 };
  MwTaskMap map;
  g_assert_true (mw_task_map_compute (mw_run_get_algorithm (run), mw_run_get_task_gen (run, "test"),
                                      NULL, &s, NULL, NULL, &map, &error));
  g_assert_no_error (error);
  g_assert_cmpint (map.planar_family, ==, MW_PLANAR_MOONS);
  int bins_seen = 0;
  for (int i = 0; i < map.n_test; i++)
    {
      double bin = map.property_bin[i];
      g_assert_true (bin >= 0 && bin < 360 && fmod (bin, 45) == 0);
      g_autofree char *name = g_strdup_printf ("turn %d…%d°", (int) bin, (int) bin + 45);
      g_assert_cmpstr (map.property[i], ==, name);
      for (int j = 0; j < map.n_test; j++)
        {
          int order = mw_task_map_property_compare (&map, i, j);
          g_assert_cmpint (order < 0, ==, bin < map.property_bin[j]);
          g_assert_cmpint (order == 0, ==, bin == map.property_bin[j]);
        }
      bins_seen |= 1 << (int) (bin / 45);
    }
  /* Sixty turns over the circle include bins 45 and 135, which text orders the other
   * way round. */
  g_assert_true ((bins_seen & 0x0A) == 0x0A);
  mw_task_map_clear (&map);
  mw_run_free (run);
  mw_experiment_config_clear (&c);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  sanitizer = g_getenv ("MW_TEST_SANITIZER") != NULL;
  mw_core_set_threads (1);
  g_test_add_func ("/map2d/mds-recovers-plane", test_mds_recovers_plane);
  g_test_add_func ("/map2d/cosine-distance", test_cosine_distance);
  g_test_add_func ("/task-embedding/fisher-own-head", test_fisher_own_head);
  g_test_add_func ("/task-embedding/fisher-single-logit", test_fisher_single_logit);
  g_test_add_func ("/task-embedding/fisher-prototype-head", test_fisher_prototype_head);
  g_test_add_func ("/task-embedding/class-order", test_class_order);
  g_test_add_func ("/task-embedding/refusals", test_refusals);
  g_test_add_func ("/task-embedding/conv4-passes-agree", test_conv4_passes_agree);
  g_test_add_func ("/task-embedding/families-apart", test_families_apart);
  g_test_add_func ("/task-embedding/omniglot-apart", test_omniglot_apart);
  g_test_add_func ("/task-map/consistent", test_map_consistent);
  g_test_add_func ("/task-map/planar-properties", test_planar_properties);
  return g_test_run ();
}
