/* test-class-groups.c: episodes whose classes all come from one Omniglot alphabet
 * (episode-classes=same-alphabet), and the default's draws left as they were.
 *
 * Hand-built datasets named like Omniglot's classes.  For the grouping: alphabet A has
 * 3 classes, B three characters in two turns (groups B/rot000 and B/rot090 of 3
 * each), C 2 and D 1.  For the default's draws, the dataset they were pinned on: A 3,
 * B 4 (two characters in two turns), C 2, D 1. */
#include "mw-task-gen.h"

#include <glib.h>
#include <string.h>

static const char *const pinned_names[] = { "A/c1",        "A/c2",        "A/c3",
                                            "B/c1/rot000", "B/c1/rot090", "B/c2/rot000",
                                            "B/c2/rot090", "C/c1",        "C/c2",        "D/c1" };
static const char *const names[] = { "A/c1",        "A/c2",        "A/c3",        "B/c1/rot000",
                                     "B/c1/rot090", "B/c2/rot000", "B/c2/rot090", "B/c3/rot000",
                                     "B/c3/rot090", "C/c1",        "C/c2",        "D/c1" };
enum { N_CLASSES = G_N_ELEMENTS (names), N_PINNED = G_N_ELEMENTS (pinned_names), SIZE = 6 };

/* The group each class of `names` belongs to, in order of first appearance. */
static const int group_of[N_CLASSES] = { 0, 0, 0, 1, 2, 1, 2, 1, 2, 3, 3, 4 };

static MwDataset *
make_dataset_of (const char *const *class_names, int n_classes)
{
  MwDataset *ds = g_new0 (MwDataset, 1);
  ds->name = g_strdup ("alphabets");
  ds->height = ds->width = 4;
  ds->channels = 1;
  ds->n_classes = n_classes;
  ds->class_names = g_new (char *, n_classes);
  ds->class_start = g_new (int, n_classes + 1);
  ds->n_entries = ds->n_images = n_classes * SIZE;
  ds->entry_image = g_new (int32_t, n_classes * SIZE);
  ds->entry_rotation = g_new0 (uint8_t, n_classes * SIZE);
  ds->pixels = g_new0 (uint8_t, (size_t) n_classes * SIZE * 16);
  for (int c = 0, e = 0; c < n_classes; c++)
    {
      ds->class_names[c] = g_strdup (class_names[c]);
      ds->class_start[c] = e;
      for (int k = 0; k < SIZE; k++, e++)
        {
          ds->entry_image[e] = e;
          ds->pixels[e * 16] = (uint8_t) c;
        }
    }
  ds->class_start[n_classes] = n_classes * SIZE;
  return ds;
}

static MwDataset *
make_dataset (void)
{
  return make_dataset_of (names, N_CLASSES);
}

static void
test_grouping (void)
{
  MwDataset *ds = make_dataset ();
  MwClassGroups *g = mw_class_groups_new_alphabets (ds);
  g_assert_cmpint (g->n_groups, ==, 5);
  g_assert_cmpint (g->largest, ==, 3);
  const int sizes[] = { 3, 3, 3, 2, 1 };
  for (int i = 0; i < 5; i++)
    {
      g_assert_cmpint (mw_class_groups_size (g, i), ==, sizes[i]);
      for (int m = g->start[i]; m < g->start[i + 1]; m++)
        g_assert_cmpint (group_of[g->members[m]], ==, i);
    }
  mw_class_groups_free (g);
  mw_dataset_free (ds);
}

static void
test_same_alphabet (void)
{
  MwDataset *ds = make_dataset ();
  MwTaskGen *gen = mw_task_gen_new_dataset (ds, 3, 2, 1);
  mw_task_gen_group_by_alphabet (gen);
  MwRng rng;
  mw_rng_init (&rng, 5, 0);
  int per_group[5] = { 0 }, per_class[N_CLASSES] = { 0 };
  enum { E = 4000 };
  for (int e = 0; e < E; e++)
    {
      MwTask task;
      GError *error = NULL;
      g_assert_true (mw_task_gen_next (gen, 3, 2, 1, &rng, &task, &error));
      g_assert_no_error (error);
      const MwEpisode *ep = mw_task_gen_episode (gen, 0);
      int a = group_of[ep->classes[0]];
      for (int w = 0; w < 3; w++)
        {
          g_assert_cmpint (group_of[ep->classes[w]], ==, a);
          for (int v = 0; v < w; v++)
            g_assert_cmpint (ep->classes[v], !=, ep->classes[w]);
          /* The image is the class's: the episode's pixels follow its classes. */
          g_assert_cmpint ((int) (ep->support->data[(size_t) w * 2 * 16] * 255.0f + 0.5f), ==,
                           ep->classes[w]);
          per_class[ep->classes[w]]++;
        }
      per_group[a]++;
    }
  /* Only A, B upright and B turned hold 3 classes: C and D are never drawn, and the
   * three are picked equally often (binomial sd √(E·2/9) = 30; 6 sd allowed). */
  g_assert_cmpint (per_group[3] + per_group[4], ==, 0);
  for (int i = 0; i < 3; i++)
    g_assert_cmpint (ABS (per_group[i] - E / 3), <, 180);
  /* A 3-way episode of a 3-class group takes every class of it. */
  for (int c = 0; c < 9; c++)
    g_assert_cmpint (per_class[c], ==, per_group[group_of[c]]);
  mw_task_gen_free (gen);
  mw_dataset_free (ds);
}

/* FNV-1a over an episode's classes and items. */
static guint32
fingerprint (guint32 h, const MwEpisode *ep)
{
  for (int i = 0; i < ep->ways; i++)
    h = (h ^ (guint32) ep->classes[i]) * 16777619u;
  for (int i = 0; i < ep->ways * ep->shots; i++)
    h = (h ^ (guint32) ep->support_items[i]) * 16777619u;
  for (int i = 0; i < ep->ways * ep->queries; i++)
    h = (h ^ (guint32) ep->query_items[i]) * 16777619u;
  return h;
}

static void
test_any_unchanged (void)
{
  /* episode-classes=any must reproduce runs made before the setting existed: the
   * fingerprint of 200 episodes was taken from mw_episode_sample_into as it was then. */
  MwDataset *ds = make_dataset_of (pinned_names, N_PINNED);
  MwRng r1, r2;
  mw_rng_init (&r1, 2024, 7);
  mw_rng_init (&r2, 2024, 7);
  MwEpisode *ep = mw_episode_new (ds, 3, 2, 1);
  MwTaskGen *gen = mw_task_gen_new_dataset (ds, 3, 2, 1);
  guint32 h = 2166136261u, hg = 2166136261u;
  for (int e = 0; e < 200; e++)
    {
      MwTask task;
      g_assert_true (mw_episode_sample_into (ep, ds, 3, 2, 1, &r1, NULL));
      g_assert_true (mw_task_gen_next (gen, 3, 2, 1, &r2, &task, NULL));
      h = fingerprint (h, ep);
      hg = fingerprint (hg, mw_task_gen_episode (gen, 0));
    }
  g_assert_cmphex (h, ==, 0xc58c47afu);
  g_assert_cmphex (hg, ==, h);
  mw_task_gen_free (gen);
  mw_episode_free (ep);
  mw_dataset_free (ds);
}

static void
test_too_many_ways (void)
{
  MwDataset *ds = make_dataset ();
  MwTaskGen *gen = mw_task_gen_new_dataset (ds, 5, 1, 1);
  GError *error = NULL;
  /* Any 5 of the 12 classes is fine... */
  g_assert_true (mw_task_gen_check (gen, 5, 1, 1, &error));
  g_assert_no_error (error);
  /* ...but no group has 4: the message names the setting, N and the largest. */
  mw_task_gen_group_by_alphabet (gen);
  g_assert_true (mw_task_gen_check (gen, 3, 1, 1, NULL));
  g_assert_false (mw_task_gen_check (gen, 4, 1, 1, NULL));
  g_assert_false (mw_task_gen_check (gen, 5, 1, 1, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "episode-classes=same-alphabet"));
  g_assert_nonnull (strstr (error->message, "5-way"));
  g_assert_nonnull (strstr (error->message, "has 3"));
  g_clear_error (&error);
  MwRng rng;
  mw_rng_init (&rng, 1, 0);
  MwTask task;
  g_assert_false (mw_task_gen_next (gen, 5, 1, 1, &rng, &task, &error));
  g_assert_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS);
  g_clear_error (&error);
  mw_task_gen_free (gen);
  mw_dataset_free (ds);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/class-groups/grouping", test_grouping);
  g_test_add_func ("/class-groups/same-alphabet", test_same_alphabet);
  g_test_add_func ("/class-groups/any-unchanged", test_any_unchanged);
  g_test_add_func ("/class-groups/too-many-ways", test_too_many_ways);
  return g_test_run ();
}
