/* test-episode.c: the N-way K-shot sampler and the sinusoid tasks.
 *
 * A hand-built dataset whose every image carries its class and item number in its
 * first two pixels lets the test check that the episode's images are what its labels
 * and indices claim: class-major order, no image twice, reproducible in the seed. */
#include "mw-episode.h"

#include <glib.h>
#include <math.h>
#include <string.h>

/* n_classes classes of `size` images each, except class `small` with `small_size`.
 * 4×4 gray images: pixel 0 = class, pixel 1 = item (as bytes). */
static MwDataset *
make_dataset (int n_classes, int size, int small, int small_size)
{
  MwDataset *ds = g_new0 (MwDataset, 1);
  ds->name = g_strdup ("test");
  ds->height = ds->width = 4;
  ds->channels = 1;
  ds->n_classes = n_classes;
  ds->class_names = g_new (char *, n_classes);
  ds->class_start = g_new (int, n_classes + 1);
  int total = 0;
  for (int c = 0; c < n_classes; c++)
    total += c == small ? small_size : size;
  ds->n_entries = ds->n_images = total;
  ds->entry_image = g_new (int32_t, total);
  ds->entry_rotation = g_new0 (uint8_t, total);
  ds->pixels = g_new0 (uint8_t, (size_t) total * 16);
  int e = 0;
  for (int c = 0; c < n_classes; c++)
    {
      ds->class_names[c] = g_strdup_printf ("Latin/character%02d/rot000", c + 1);
      ds->class_start[c] = e;
      for (int k = 0; k < (c == small ? small_size : size); k++, e++)
        {
          ds->entry_image[e] = e;
          ds->pixels[e * 16] = (uint8_t) c;
          ds->pixels[e * 16 + 1] = (uint8_t) k;
        }
    }
  ds->class_start[n_classes] = e;
  return ds;
}

static void
assert_fails (const MwDataset *ds, int n, int k, int q, int code, const char *message)
{
  GError *error = NULL;
  MwRng rng;
  mw_rng_init (&rng, 1, 0);
  g_assert_false (mw_episode_check (ds, n, k, q, &error));
  g_assert_error (error, MW_DATASET_ERROR, code);
  g_test_message ("%d-way %d-shot %d-query: %s", n, k, q, error->message);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);
  g_assert_null (mw_episode_sample (ds, n, k, q, &rng, &error));
  g_assert_error (error, MW_DATASET_ERROR, code);
  g_clear_error (&error);
}

static void
test_errors (void)
{
  MwDataset *ds = make_dataset (12, 20, 2, 7);
  assert_fails (ds, 20, 1, 1, MW_DATASET_ERROR_SETTINGS,
                "20-way needs at least 20 classes; the dataset has 12");
  assert_fails (ds, 5, 5, 5, MW_DATASET_ERROR_TOO_SMALL,
                "class 'Latin/character03/rot000' has 7 images; a 5-shot 5-query episode "
                "needs 10");
  assert_fails (ds, 1, 1, 1, MW_DATASET_ERROR_SETTINGS, NULL);
  assert_fails (ds, 0, 1, 1, MW_DATASET_ERROR_SETTINGS, NULL);
  assert_fails (ds, 5, 0, 1, MW_DATASET_ERROR_SETTINGS, NULL);
  assert_fails (ds, 5, 1, 0, MW_DATASET_ERROR_SETTINGS, NULL);
  /* K + Q past G_MAXINT wraps negative, which every class would "have". */
  assert_fails (ds, 5, G_MAXINT, 2, MW_DATASET_ERROR_SETTINGS,
                "a 2147483647-shot 2-query episode needs more images per class than can be "
                "counted");
  /* Exactly enough is fine: 12-way, K + Q = 7. */
  GError *error = NULL;
  g_assert_true (mw_episode_check (ds, 12, 3, 4, &error));
  g_assert_no_error (error);
  mw_dataset_free (ds);

  /* Several small classes: the first is named and the count given. */
  ds = make_dataset (6, 3, -1, 0);
  GError *e2 = NULL;
  g_assert_false (mw_episode_check (ds, 2, 2, 2, &e2));
  g_assert_cmpstr (e2->message, ==,
                   "class 'Latin/character01/rot000' has 3 images; a 2-shot 2-query episode "
                   "needs 4 (6 of the 6 classes are too small)");
  g_clear_error (&e2);
  mw_dataset_free (ds);
}

/* Everything an episode promises, checked against the images' own tags. */
static void
assert_episode_valid (const MwEpisode *ep, const MwDataset *ds)
{
  int n = ep->ways, k = ep->shots, q = ep->queries;
  g_assert_cmpint (ep->support->shape[0], ==, n * k);
  g_assert_cmpint (ep->query->shape[0], ==, n * q);
  g_assert_cmpint (ep->support->shape[1], ==, ds->height);
  g_assert_cmpint (ep->support->shape[3], ==, ds->channels);
  for (int a = 0; a < n; a++)
    {
      g_assert_cmpint (ep->classes[a], >=, 0);
      g_assert_cmpint (ep->classes[a], <, ds->n_classes);
      for (int b = 0; b < a; b++)
        g_assert_cmpint (ep->classes[a], !=, ep->classes[b]);
    }
  for (int w = 0; w < n; w++)
    {
      int c = ep->classes[w];
      /* support ∪ query items of a class: all distinct */
      int items[512];
      int m = 0;
      for (int s = 0; s < k; s++)
        {
          int i = w * k + s;
          g_assert_cmpint (ep->support_labels[i], ==, i / k);
          const float *img = ep->support->data + (size_t) i * 16;
          g_assert_cmpint ((int) lrintf (img[0] * 255), ==, c);
          g_assert_cmpint ((int) lrintf (img[1] * 255), ==, ep->support_items[i]);
          items[m++] = ep->support_items[i];
        }
      for (int s = 0; s < q; s++)
        {
          int i = w * q + s;
          g_assert_cmpint (ep->query_labels[i], ==, i / q);
          const float *img = ep->query->data + (size_t) i * 16;
          g_assert_cmpint ((int) lrintf (img[0] * 255), ==, c);
          g_assert_cmpint ((int) lrintf (img[1] * 255), ==, ep->query_items[i]);
          items[m++] = ep->query_items[i];
        }
      for (int a = 0; a < m; a++)
        {
          g_assert_cmpint (items[a], >=, 0);
          g_assert_cmpint (items[a], <, mw_dataset_class_size (ds, c));
          for (int b = 0; b < a; b++)
            g_assert_cmpint (items[a], !=, items[b]);
        }
    }
}

static gboolean
episodes_equal (const MwEpisode *a, const MwEpisode *b)
{
  return a->ways == b->ways && a->shots == b->shots && a->queries == b->queries
         && memcmp (a->classes, b->classes, sizeof (int) * a->ways) == 0
         && memcmp (a->support_items, b->support_items, sizeof (int) * a->ways * a->shots) == 0
         && memcmp (a->query_items, b->query_items, sizeof (int) * a->ways * a->queries) == 0
         && memcmp (a->support->data, b->support->data, sizeof (float) * a->support->numel) == 0
         && memcmp (a->query->data, b->query->data, sizeof (float) * a->query->numel) == 0;
}

static void
test_valid_and_reproducible (void)
{
  MwDataset *ds = make_dataset (30, 20, -1, 0);
  MwRng r1, r2, r3;
  mw_rng_init (&r1, 77, 4);
  mw_rng_init (&r2, 77, 4);
  mw_rng_init (&r3, 77, 5);
  const int settings[][3] = { { 5, 1, 15 }, { 5, 5, 15 }, { 20, 1, 5 }, { 30, 10, 10 },
                              { 2, 19, 1 } };
  for (guint s = 0; s < G_N_ELEMENTS (settings); s++)
    {
      int n = settings[s][0], k = settings[s][1], q = settings[s][2];
      GError *error = NULL;
      MwEpisode *a = mw_episode_sample (ds, n, k, q, &r1, &error);
      g_assert_no_error (error);
      MwEpisode *b = mw_episode_sample (ds, n, k, q, &r2, &error);
      MwEpisode *c = mw_episode_sample (ds, n, k, q, &r3, &error);
      assert_episode_valid (a, ds);
      assert_episode_valid (c, ds);
      g_assert_true (episodes_equal (a, b));     /* same seed and stream */
      g_assert_false (episodes_equal (a, c));    /* another stream */
      mw_episode_free (a);
      mw_episode_free (b);
      mw_episode_free (c);
    }
  mw_dataset_free (ds);
}

static void
test_sample_into_reuses (void)
{
  MwDataset *ds = make_dataset (10, 8, -1, 0);
  MwRng rng;
  mw_rng_init (&rng, 3, 0);
  MwEpisode *ep = mw_episode_new (ds, 5, 1, 3);
  float *support = ep->support->data;
  int *classes = ep->classes;
  for (int i = 0; i < 100; i++)
    {
      g_assert_true (mw_episode_sample_into (ep, ds, 5, 1, 3, &rng, NULL));
      assert_episode_valid (ep, ds);
    }
  g_assert_true (ep->support->data == support);   /* no reallocation */
  g_assert_true (ep->classes == classes);
  /* Other settings: the episode is resized to fit. */
  g_assert_true (mw_episode_sample_into (ep, ds, 3, 2, 6, &rng, NULL));
  assert_episode_valid (ep, ds);
  g_assert_cmpint (ep->support->shape[0], ==, 6);
  /* A failed check leaves the episode usable. */
  GError *error = NULL;
  g_assert_false (mw_episode_sample_into (ep, ds, 11, 1, 1, &rng, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_clear_error (&error);
  mw_episode_free (ep);
  mw_dataset_free (ds);
}

static void
test_uniform (void)
{
  /* Every class, and every item within a class, is drawn equally often; so is every
   * class as label 0 (the label order is random too). */
  enum { C = 8, S = 6, E = 16000 };
  MwDataset *ds = make_dataset (C, S, -1, 0);
  MwRng rng;
  mw_rng_init (&rng, 12, 0);
  MwEpisode *ep = mw_episode_new (ds, 3, 2, 1);
  int class_count[C] = { 0 }, first_count[C] = { 0 }, support_count[S] = { 0 };
  for (int e = 0; e < E; e++)
    {
      g_assert_true (mw_episode_sample_into (ep, ds, 3, 2, 1, &rng, NULL));
      for (int w = 0; w < 3; w++)
        class_count[ep->classes[w]]++;
      first_count[ep->classes[0]]++;
      for (int s = 0; s < 6; s++)
        support_count[ep->support_items[s]]++;
    }
  /* Chi-square, 7 and 5 degrees of freedom; P(χ²₇ > 24.3) = P(χ²₅ > 20.5) = 0.001. */
  double chi_c = 0, chi_f = 0, chi_s = 0;
  for (int c = 0; c < C; c++)
    {
      double ec = 3.0 * E / C, ef = (double) E / C;
      chi_c += (class_count[c] - ec) * (class_count[c] - ec) / ec;
      chi_f += (first_count[c] - ef) * (first_count[c] - ef) / ef;
    }
  for (int s = 0; s < S; s++)
    {
      double es = 6.0 * E / S;
      chi_s += (support_count[s] - es) * (support_count[s] - es) / es;
    }
  g_test_message ("chi-square: classes %.1f, label 0 %.1f, support items %.1f", chi_c, chi_f,
                  chi_s);
  /* Classes drawn 3 at a time without replacement are not independent draws, so the
   * statistic is only roughly χ²; the bound leaves room. */
  g_assert_cmpfloat (chi_c, <, 24.3);
  g_assert_cmpfloat (chi_f, <, 24.3);
  g_assert_cmpfloat (chi_s, <, 20.5);
  mw_episode_free (ep);
  mw_dataset_free (ds);
}

static void
test_sine (void)
{
  MwRng rng, again;
  mw_rng_init (&rng, 5, 0);
  mw_rng_init (&again, 5, 0);
  MwTensor *x = mw_tensor_new4 (10, 1, 0, 0), *y = mw_tensor_new4 (10, 1, 0, 0);
  MwTensor *x2 = mw_tensor_new4 (10, 1, 0, 0), *y2 = mw_tensor_new4 (10, 1, 0, 0);
  double amp_sum = 0, phase_sum = 0;
  float amp_min = 10, amp_max = 0, ph_min = 10, ph_max = -10, x_min = 10, x_max = -10;
  enum { T = 20000 };
  for (int t = 0; t < T; t++)
    {
      MwSineTask task, task2;
      mw_sine_task_sample (&task, &rng);
      mw_sine_task_points (&task, &rng, x, y);
      mw_sine_task_sample (&task2, &again);
      mw_sine_task_points (&task2, &again, x2, y2);
      g_assert_cmpfloat (task.amplitude, ==, task2.amplitude);
      g_assert_cmpmem (x->data, sizeof (float) * 10, x2->data, sizeof (float) * 10);
      g_assert_true (task.amplitude >= 0.1f && task.amplitude <= 5.0f);
      g_assert_true (task.phase >= 0.0f && task.phase <= (float) G_PI);
      amp_sum += task.amplitude;
      phase_sum += task.phase;
      amp_min = MIN (amp_min, task.amplitude);
      amp_max = MAX (amp_max, task.amplitude);
      ph_min = MIN (ph_min, task.phase);
      ph_max = MAX (ph_max, task.phase);
      for (int i = 0; i < 10; i++)
        {
          g_assert_true (x->data[i] >= -5.0f && x->data[i] <= 5.0f);
          x_min = MIN (x_min, x->data[i]);
          x_max = MAX (x_max, x->data[i]);
          g_assert_cmpfloat (fabsf (y->data[i] - task.amplitude * sinf (x->data[i] - task.phase)),
                             <, 1e-5f);
          g_assert_cmpfloat (y->data[i], ==, mw_sine_task_value (&task, x->data[i]));
        }
    }
  g_test_message ("amplitude %.3f..%.3f mean %.3f, phase %.3f..%.3f mean %.3f, x %.3f..%.3f",
                  amp_min, amp_max, amp_sum / T, ph_min, ph_max, phase_sum / T, x_min, x_max);
  /* The whole ranges are used: U[0.1, 5] has mean 2.55, U[0, π] has mean π/2. */
  g_assert_cmpfloat (fabs (amp_sum / T - 2.55), <, 0.05);
  g_assert_cmpfloat (fabs (phase_sum / T - G_PI / 2), <, 0.03);
  g_assert_cmpfloat (amp_min, <, 0.11f);
  g_assert_cmpfloat (amp_max, >, 4.99f);
  g_assert_cmpfloat (x_min, <, -4.99f);
  g_assert_cmpfloat (x_max, >, 4.99f);
  mw_tensor_free (x);
  mw_tensor_free (y);
  mw_tensor_free (x2);
  mw_tensor_free (y2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/episode/errors", test_errors);
  g_test_add_func ("/episode/valid-and-reproducible", test_valid_and_reproducible);
  g_test_add_func ("/episode/sample-into-reuses", test_sample_into_reuses);
  g_test_add_func ("/episode/uniform", test_uniform);
  g_test_add_func ("/sine/tasks", test_sine);
  return g_test_run ();
}
