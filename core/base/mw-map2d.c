/* mw-map2d.c: PCA and classical MDS, both as the two leading eigenvectors of an n × n
 * matrix of inner products (the centred rows' Gram matrix, or the double-centred
 * squared distances), solved in double precision by LAPACK. */
#include "mw-map2d.h"

#include <math.h>
#include <string.h>

/* LAPACK's symmetric eigensolver, as shipped inside OpenBLAS (the trailing lengths are
 * the Fortran ABI's hidden character-argument lengths). */
extern void dsyev_ (const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
                    double *w, double *work, const int *lwork, int *info, size_t jobz_len,
                    size_t uplo_len);

double
mw_vector_distance (const float *a, const float *b, int d, MwDistanceKind kind)
{
  double sum = 0, aa = 0, bb = 0;
  for (int j = 0; j < d; j++)
    {
      double x = a[j], y = b[j];
      if (kind == MW_DISTANCE_EUCLIDEAN)
        sum += (x - y) * (x - y);
      else
        {
          sum += x * y;
          aa += x * x;
          bb += y * y;
        }
    }
  if (kind == MW_DISTANCE_EUCLIDEAN)
    return sqrt (sum);
  if (aa <= 0 || bb <= 0)
    return 1.0;
  /* Rounding may take the cosine a hair outside [−1, 1]. */
  return 1.0 - CLAMP (sum / sqrt (aa * bb), -1.0, 1.0);
}

double *
mw_distance_matrix (const float *rows, int n, int d, MwDistanceKind kind)
{
  double *dist = g_new0 (double, (size_t) n * n);
  for (int i = 0; i < n; i++)
    for (int k = i + 1; k < n; k++)
      dist[(size_t) i * n + k] = dist[(size_t) k * n + i]
        = mw_vector_distance (rows + (size_t) i * d, rows + (size_t) k * d, d, kind);
  return dist;
}

/* xy from the two leading eigenvectors of the symmetric n × n matrix b (destroyed):
 * coordinate k of point i is v_k[i]·√λ_k, as both PCA (through the Gram matrix) and
 * classical MDS define it. */
static gboolean
leading_pair (double *b, int n, double *xy, double explained[2])
{
  memset (xy, 0, sizeof (double) * 2 * (size_t) n);
  if (explained)
    explained[0] = explained[1] = 0;
  for (size_t i = 0; i < (size_t) n * n; i++)
    if (!isfinite (b[i]))
      return FALSE;
  if (n < 2)
    return TRUE;
  double *w = g_new (double, n), query = 0;
  int lwork = -1, info = 0;
  dsyev_ ("V", "L", &n, b, &n, w, &query, &lwork, &info, 1, 1);
  lwork = info == 0 ? (int) query : 3 * n;
  double *work = g_new (double, lwork);
  dsyev_ ("V", "L", &n, b, &n, w, work, &lwork, &info, 1, 1);
  g_free (work);
  if (info != 0)
    {
      g_free (w);
      return FALSE;
    }
  double total = 0;
  for (int j = 0; j < n; j++)
    total += MAX (w[j], 0.0);
  /* Eigenvalues ascend; eigenvector k is column k of the column-major result, which
   * is row k as stored here. */
  for (int a = 0; a < 2; a++)
    {
      int k = n - 1 - a;
      double lambda = w[k];
      if (lambda <= 0)
        continue;
      const double *v = b + (size_t) k * n;
      int largest = 0;
      for (int i = 1; i < n; i++)
        if (fabs (v[i]) > fabs (v[largest]))
          largest = i;
      double scale = sqrt (lambda) * (v[largest] < 0 ? -1.0 : 1.0);
      for (int i = 0; i < n; i++)
        xy[2 * i + a] = v[i] * scale;
      if (explained && total > 0)
        explained[a] = lambda / total;
    }
  g_free (w);
  return TRUE;
}

gboolean
mw_map2d_pca (const float *rows, int n, int d, double *xy, double explained[2])
{
  double *mean = g_new0 (double, d > 0 ? d : 1);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < d; j++)
      mean[j] += rows[(size_t) i * d + j] / (double) n;
  /* The centred rows' Gram matrix: its eigenvectors scaled by √λ are the rows'
   * coordinates on the principal axes (and n × n stays small for any width d). */
  double *gram = g_new0 (double, (size_t) n * n);
  for (int i = 0; i < n; i++)
    for (int k = 0; k <= i; k++)
      {
        double sum = 0;
        const float *a = rows + (size_t) i * d, *b = rows + (size_t) k * d;
        for (int j = 0; j < d; j++)
          sum += (a[j] - mean[j]) * (b[j] - mean[j]);
        gram[(size_t) i * n + k] = gram[(size_t) k * n + i] = sum;
      }
  gboolean ok = leading_pair (gram, n, xy, explained);
  g_free (gram);
  g_free (mean);
  return ok;
}

gboolean
mw_map2d_mds (const double *dist, int n, double *xy, double explained[2])
{
  /* B = −½ J D⁽²⁾ J, J = I − 11ᵀ/n: the inner products of points with those distances,
   * centred on their mean. */
  double *b = g_new (double, (size_t) n * n), *row = g_new0 (double, n), all = 0;
  for (int i = 0; i < n; i++)
    {
      for (int k = 0; k < n; k++)
        {
          double d2 = dist[(size_t) i * n + k] * dist[(size_t) i * n + k];
          b[(size_t) i * n + k] = d2;
          row[i] += d2 / n;
        }
      all += row[i] / n;
    }
  for (int i = 0; i < n; i++)
    for (int k = 0; k < n; k++)
      b[(size_t) i * n + k] = -0.5 * (b[(size_t) i * n + k] - row[i] - row[k] + all);
  gboolean ok = leading_pair (b, n, xy, explained);
  g_free (row);
  g_free (b);
  return ok;
}
