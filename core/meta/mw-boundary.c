/* mw-boundary.c: decision boundaries per inner step (mw-boundary.h). */
#include "config.h"
#include "mw-boundary.h"

#include "mw-algorithm-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

float
mw_boundary_coordinate (const MwBoundary *b, int i)
{
  return b->lo + (b->hi - b->lo) * (float) i / (float) (b->grid - 1);
}

gboolean
mw_boundary_model_is_logistic (const MwModel *m)
{
  return m->kind == MW_MODEL_MLP && m->n_layers == 1 && m->widths[0] == 2 && m->widths[1] == 2
         && m->n_params == 2;
}

/* The weight path: each measured step's parameters, as the learner measures them. */
static void
record_weights (int step, MwTensor *const *params, int n_params, gpointer data)
{
  MwBoundary *b = data;
  /* Weights [in, out], row-major: W[i][o] at 2·i + o. */
  const float *w = params[0]->data, *bias = params[1]->data;
  if (step < 0 || step > b->steps || n_params != 2)
    return;
  b->weights[3 * step] = w[1] - w[0];
  b->weights[3 * step + 1] = w[3] - w[2];
  b->weights[3 * step + 2] = bias[1] - bias[0];
}

double
mw_boundary_logistic_loss (const float *xy, const int32_t *labels, int n, float w1, float w2,
                           float b)
{
  double ce = 0;
  for (int r = 0; r < n; r++)
    {
      double z = (double) w1 * xy[2 * r] + (double) w2 * xy[2 * r + 1] + b;
      /* −log σ(±z), written so that large |z| neither overflows nor loses it. */
      double m = labels[r] == 1 ? z : -z;
      ce += m > 0 ? log1p (exp (-m)) : -m + log1p (exp (m));
    }
  return n > 0 ? ce / n : NAN;
}

MwBoundary *
mw_boundary_compute (MwAlgorithm *algo, const MwTask *task, int steps, int grid, float lo,
                     float hi, GError **error)
{
  if (task->regression || task->ways != 2 || task->support_x->ndim != 2
      || task->support_x->shape[1] != 2 || algo->model->in_ndim != 1
      || algo->model->in_shape[0] != 2)
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_UNSUPPORTED,
                   _("a decision boundary needs a 2-way task of 2-D points and a model of them "
                     "(the planar dataset)"));
      return NULL;
    }
  if (steps < 0 || steps > MW_BOUNDARY_MAX_STEPS || grid < 2 || !(hi > lo))
    {
      g_set_error (error, MW_ALGORITHM_ERROR, MW_ALGORITHM_ERROR_SETTINGS,
                   _("a decision boundary follows 0–%d steps on a grid of at least 2 × 2 "
                     "(asked for %d steps, %d × %d)"), MW_BOUNDARY_MAX_STEPS, steps, grid, grid);
      return NULL;
    }
  /* The grid's points join the queries: the learner's own evaluation then predicts
   * them after each step exactly as it predicts queries.  Every learner here predicts
   * each query on its own (no batch norm on points), so the extra rows change nothing. */
  int nq = task->query_x->shape[0], ng = grid * grid, n = nq + ng;
  MwTensor *qx = mw_tensor_new4 (n, 2, 0, 0);
  int32_t *labels = g_new0 (int32_t, n);
  memcpy (qx->data, task->query_x->data, sizeof (float) * 2 * (size_t) nq);
  memcpy (labels, task->query_labels, sizeof (int32_t) * (size_t) nq);
  MwBoundary *b = g_new0 (MwBoundary, 1);
  *b = (MwBoundary) { .grid = grid, .lo = lo, .hi = hi, .steps = steps, .n_query = nq };
  for (int j = 0; j < grid; j++)
    for (int i = 0; i < grid; i++)
      {
        float *p = qx->data + 2 * (size_t) (nq + j * grid + i);
        p[0] = mw_boundary_coordinate (b, i);
        p[1] = mw_boundary_coordinate (b, j);
      }
  MwTask extended = *task;
  extended.query_x = qx;
  extended.query_labels = labels;
  double *loss = g_new (double, steps + 1), *accuracy = g_new (double, steps + 1);
  MwTensor **pred = g_new0 (MwTensor *, steps + 1);
  if (mw_boundary_model_is_logistic (algo->model))
    {
      b->weights = g_new (float, 3 * (size_t) (steps + 1));
      for (int k = 0; k < 3 * (steps + 1); k++)
        b->weights[k] = NAN;
      mw_algorithm_set_adapt_observer (algo, record_weights, b);
    }
  mw_algorithm_evaluate (algo, &extended, steps, loss, accuracy, pred);
  mw_algorithm_set_adapt_observer (algo, NULL, NULL);
  b->fields = g_new (float, (size_t) (steps + 1) * ng);
  b->query_p1 = g_new (float, (size_t) (steps + 1) * (nq > 0 ? nq : 1));
  b->loss = g_new (double, steps + 1);
  b->accuracy = g_new (double, steps + 1);
  /* Metric learners have no steps: their one prediction stands for every step. */
  MwTensor *last = NULL;
  for (int s = 0; s <= steps; s++)
    {
      MwTensor *p = pred[s] ? pred[s] : last;
      last = p;
      double ce = 0;
      int right = 0;
      for (int r = 0; r < nq; r++)
        {
          float p1 = p->data[2 * r + 1];
          b->query_p1[(size_t) s * nq + r] = p1;
          float pt = labels[r] == 1 ? p1 : 1.0f - p1;
          ce -= log (fmax (pt, 1e-30));
          right += (p1 > 0.5f) == (labels[r] == 1);
        }
      b->loss[s] = nq > 0 ? ce / nq : NAN;
      b->accuracy[s] = nq > 0 ? (double) right / nq : NAN;
      for (int g = 0; g < ng; g++)
        b->fields[(size_t) s * ng + g] = p->data[2 * (size_t) (nq + g) + 1];
    }
  for (int s = 0; s <= steps; s++)
    mw_tensor_free (pred[s]);
  g_free (pred);
  g_free (loss);
  g_free (accuracy);
  g_free (labels);
  mw_tensor_free (qx);
  return b;
}

void
mw_boundary_free (MwBoundary *b)
{
  if (b == NULL)
    return;
  g_free (b->fields);
  g_free (b->query_p1);
  g_free (b->loss);
  g_free (b->accuracy);
  g_free (b->weights);
  g_free (b);
}

MwBoundary *
mw_boundary_copy (const MwBoundary *b)
{
  MwBoundary *c = g_new (MwBoundary, 1);
  size_t n = (size_t) b->steps + 1;
  *c = *b;
  c->fields = g_memdup2 (b->fields, sizeof (float) * n * (size_t) b->grid * (size_t) b->grid);
  c->query_p1 = g_memdup2 (b->query_p1, sizeof (float) * n * (size_t) (b->n_query > 0 ? b->n_query : 1));
  c->loss = g_memdup2 (b->loss, sizeof (double) * n);
  c->accuracy = g_memdup2 (b->accuracy, sizeof (double) * n);
  c->weights = b->weights != NULL ? g_memdup2 (b->weights, sizeof (float) * 3 * n) : NULL;
  return c;
}

/* Where the level crosses the edge from a (value va) to b (value vb), by linear
 * interpolation. */
static void
crossing (float ax, float ay, float va, float bx, float by, float vb, float level, float *x,
          float *y)
{
  float t = (level - va) / (vb - va);
  *x = ax + t * (bx - ax);
  *y = ay + t * (by - ay);
}

GArray *
mw_contour_segments (const float *f, int grid, float lo, float hi, float level)
{
  GArray *segments = g_array_new (FALSE, FALSE, sizeof (MwSegment));
  float h = (hi - lo) / (float) (grid - 1);
  for (int j = 0; j + 1 < grid; j++)
    for (int i = 0; i + 1 < grid; i++)
      {
        /* Corners counter-clockwise from the bottom left; edge e joins corner e and
         * corner e + 1. */
        float x0 = lo + h * (float) i, y0 = lo + h * (float) j;
        float cx[4] = { x0, x0 + h, x0 + h, x0 };
        float cy[4] = { y0, y0, y0 + h, y0 + h };
        float v[4] = { f[j * grid + i], f[j * grid + i + 1], f[(j + 1) * grid + i + 1],
                       f[(j + 1) * grid + i] };
        float px[4], py[4];
        int n = 0;
        for (int e = 0; e < 4; e++)
          {
            int a = e, c = (e + 1) % 4;
            if ((v[a] >= level) != (v[c] >= level))
              {
                crossing (cx[a], cy[a], v[a], cx[c], cy[c], v[c], level, &px[n], &py[n]);
                n++;
              }
          }
        if (n == 2)
          g_array_append_val (segments, ((MwSegment) { px[0], py[0], px[1], py[1] }));
        else if (n == 4)
          {
            /* A saddle: the centre's value (the corners' mean) says which corners the
             * level's region joins.  When corner 0 is on the same side as the centre,
             * the crossings around corners 1 and 3 pair up, cutting those corners off. */
            float centre = (v[0] + v[1] + v[2] + v[3]) / 4.0f;
            gboolean joined = (centre >= level) == (v[0] >= level);
            if (joined)
              {
                /* corner 1 between edges 0 and 1, corner 3 between edges 2 and 3 */
                g_array_append_val (segments, ((MwSegment) { px[0], py[0], px[1], py[1] }));
                g_array_append_val (segments, ((MwSegment) { px[2], py[2], px[3], py[3] }));
              }
            else
              {
                /* corner 0 between edges 3 and 0, corner 2 between edges 1 and 2 */
                g_array_append_val (segments, ((MwSegment) { px[3], py[3], px[0], py[0] }));
                g_array_append_val (segments, ((MwSegment) { px[1], py[1], px[2], py[2] }));
              }
          }
      }
  return segments;
}

GArray *
mw_boundary_contour (const MwBoundary *b, int step, float level)
{
  g_return_val_if_fail (step >= 0 && step <= b->steps, NULL);
  return mw_contour_segments (b->fields + (size_t) step * b->grid * b->grid, b->grid, b->lo,
                              b->hi, level);
}
