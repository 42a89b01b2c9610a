/* mw-fashion-mnist.c: Fashion-MNIST (Xiao et al. 2017) as a row of the data table: the
 * 70,000 28 × 28 grey images of clothing of Debian's dataset-fashion-mnist, their ten
 * classes split five for training and five for testing, as a far domain for models
 * trained on strokes.
 *
 * The split keeps each half mixed, so that neither meets a kind of object the other
 * never had: training has tops (T-shirt or top, pullover), trousers, sandals and bags;
 * testing has dress, coat, shirt, sneaker and ankle boot.  The test half keeps two hard
 * pairs (coat and shirt, sneaker and ankle boot), so a 5-way test episode is not solved
 * by shape alone.  The package's own train/test file split is ignored: both files' images
 * of a class are that class's images (7,000 each).
 *
 * The images are light on dark, as the model's other inputs, and used as they are. */
#include "config.h"
#include "mw-data-kind.h"
#include "mw-dataset.h"
#include "mw-dataset-private.h"
#include "mw-fashion-mnist.h"
#include "mw-idx.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define SIDE 28
#define N_CLASSES 10
/* Far above the 60,000 of the larger file and the 26 MB it has compressed. */
#define MAX_IMAGES 200000
#define MAX_FILE_SIZE (64u << 20)

static const char *const class_names[N_CLASSES] = {
  "T-shirt or top", "Trouser", "Pullover", "Dress", "Coat",
  "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
};
static const int train_classes[MW_FASHION_MNIST_SPLIT] = { 0, 1, 2, 5, 8 };
static const int test_classes[MW_FASHION_MNIST_SPLIT] = { 3, 4, 6, 7, 9 };

static const char *const files[2][2] = {
  { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz" },
  { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" },
};

const char *
mw_fashion_mnist_class_name (int label)
{
  return label >= 0 && label < N_CLASSES ? class_names[label] : NULL;
}

const int *
mw_fashion_mnist_split (gboolean test)
{
  return test ? test_classes : train_classes;
}

/* Both files' images, decoded and resized: shared by every load of one folder and size. */
typedef struct {
  int n, size;
  int n_train_file;           /* the first n_train_file came from the train files */
  uint8_t *pixels;            /* n × size × size */
  uint8_t *labels;            /* n, each < N_CLASSES */
} FashionSet;

static void
fashion_set_clear (gpointer p)
{
  FashionSet *s = p;
  g_free (s->pixels);
  g_free (s->labels);
}

typedef struct {
  const char *dir;
  int size;
} FashionRequest;

/* One pair of files: images and labels of the same count, labels below 10. */
static gboolean
read_pair (const char *dir, int pair, uint8_t **images, uint8_t **labels, guint32 *n,
           GError **error)
{
  g_autofree char *image_path = g_build_filename (dir, files[pair][0], NULL);
  g_autofree char *label_path = g_build_filename (dir, files[pair][1], NULL);
  guint32 idims[3], ldims[1];
  *images = mw_idx_read_gz (image_path, 3, idims, MAX_FILE_SIZE, (gsize) MAX_IMAGES * SIDE * SIDE,
                            error);
  if (*images == NULL)
    return FALSE;
  g_autofree char *name = g_filename_display_name (image_path);
  if (idims[1] != SIDE || idims[2] != SIDE)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   _("%s: holds %u × %u images; Fashion-MNIST's are 28 × 28"), name, idims[1],
                   idims[2]);
      return FALSE;
    }
  *labels = mw_idx_read_gz (label_path, 1, ldims, MAX_FILE_SIZE, MAX_IMAGES, error);
  if (*labels == NULL)
    return FALSE;
  g_autofree char *lname = g_filename_display_name (label_path);
  if (ldims[0] != idims[0])
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   _("%s: holds %u labels for the %u images of %s"), lname, ldims[0], idims[0],
                   name);
      return FALSE;
    }
  for (guint32 i = 0; i < ldims[0]; i++)
    if ((*labels)[i] >= N_CLASSES)
      {
        g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                     _("%s: label %u of image %u is not a class (0–9)"), lname, (*labels)[i],
                     i + 1);
        return FALSE;
      }
  *n = idims[0];
  return TRUE;
}

static gpointer
build_set (gpointer data, GError **error)
{
  const FashionRequest *req = data;
  uint8_t *images[2] = { NULL, NULL }, *labels[2] = { NULL, NULL };
  guint32 n[2] = { 0, 0 };
  FashionSet *set = NULL;
  for (int pair = 0; pair < 2; pair++)
    if (!read_pair (req->dir, pair, &images[pair], &labels[pair], &n[pair], error))
      goto out;
  set = g_atomic_rc_box_new0 (FashionSet);
  set->n = (int) (n[0] + n[1]);
  set->n_train_file = (int) n[0];
  set->size = req->size;
  size_t image = (size_t) req->size * req->size;
  set->pixels = g_malloc (image * set->n);
  set->labels = g_malloc (set->n);
  MwResamplePlan *plan = req->size != SIDE ? mw_resample_plan_new (SIDE, SIDE, req->size, req->size)
                                          : NULL;
  uint8_t *scratch = plan ? g_malloc (mw_resample_plan_scratch_size (plan, 1)) : NULL;
  for (int pair = 0, i = 0; pair < 2; pair++)
    for (guint32 k = 0; k < n[pair]; k++, i++)
      {
        const uint8_t *src = images[pair] + (size_t) k * SIDE * SIDE;
        if (plan)
          mw_resample_plan_run (plan, src, 1, set->pixels + (size_t) i * image, scratch);
        else
          memcpy (set->pixels + (size_t) i * image, src, image);
        set->labels[i] = labels[pair][k];
      }
  g_free (scratch);
  if (plan)
    mw_resample_plan_free (plan);
out:
  for (int pair = 0; pair < 2; pair++)
    {
      g_free (images[pair]);
      g_free (labels[pair]);
    }
  return set;
}

/* The classes chosen (labels), each with every image of that label in file order. */
static MwDataset *
make_dataset (const FashionSet *set, const char *name, const int *classes, int n_classes)
{
  MwDataset *ds = mw_dataset_alloc (name, set->size, set->size, 1);
  int count[N_CLASSES] = { 0 };
  for (int i = 0; i < set->n; i++)
    count[set->labels[i]]++;
  int total = 0;
  for (int c = 0; c < n_classes; c++)
    total += count[classes[c]];
  size_t image = (size_t) set->size * set->size;
  ds->n_classes = n_classes;
  ds->n_images = ds->n_entries = total;
  ds->class_names = g_new (char *, n_classes);
  g_free (ds->class_start);
  ds->class_start = g_new (int, (size_t) n_classes + 1);
  ds->entry_image = g_new (int32_t, MAX (total, 1));
  ds->entry_rotation = g_new0 (uint8_t, MAX (total, 1));
  ds->image_sources = g_new (char *, MAX (total, 1));
  ds->pixels = g_malloc (image * MAX (total, 1));
  int e = 0;
  for (int c = 0; c < n_classes; c++)
    {
      ds->class_names[c] = g_strdup (class_names[classes[c]]);
      ds->class_start[c] = e;
      for (int i = 0; i < set->n; i++)
        if (set->labels[i] == classes[c])
          {
            gboolean train_file = i < set->n_train_file;
            memcpy (ds->pixels + (size_t) e * image, set->pixels + (size_t) i * image, image);
            ds->entry_image[e] = e;
            /* Without the folder: the shifts index images by where they came from. */
            ds->image_sources[e] = g_strdup_printf ("%s:%d", files[train_file ? 0 : 1][0],
                                                    train_file ? i : i - set->n_train_file);
            e++;
          }
    }
  ds->class_start[n_classes] = e;
  return ds;
}

gboolean
mw_fashion_mnist_load_data (const MwDataRequest *r, MwDataResult *result, GError **error)
{
  const char *dir = *r->path ? r->path : MW_FASHION_MNIST_DIR;
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *name = g_filename_display_name (dir);
      if (*r->path)
        g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND,
                     _("%s: no such folder (Fashion-MNIST's four .gz files)"), name);
      else
        /* Translators: the folder, then the Debian package to install. */
        g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND,
                     _("%s: not found; install the Debian package %s (build-aux/install-deps.sh "
                       "installs it)"), name, MW_FASHION_MNIST_PACKAGE);
      return FALSE;
    }
  FashionRequest req = { dir, r->height };
  g_autofree char *key = g_strdup_printf ("fashion-mnist|%s|%d", dir, r->height);
  GError *local = NULL;
  FashionSet *set = mw_decode_cache_get (key, build_set, &req, fashion_set_clear, &local);
  if (set == NULL)
    {
      /* The package's folder without its files: the package is what to fix. */
      if (!*r->path && g_error_matches (local, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND))
        g_prefix_error (&local, _("Fashion-MNIST is incomplete (reinstall the Debian package "
                                  "%s): "), MW_FASHION_MNIST_PACKAGE);
      g_propagate_error (error, local);
      return FALSE;
    }
  result->test = make_dataset (set, "fashion-mnist test classes", test_classes,
                               MW_FASHION_MNIST_SPLIT);
  if (r->test_only)
    result->tested = g_strdup (_("Fashion-MNIST's test classes"));
  else
    result->train = make_dataset (set, "fashion-mnist training classes", train_classes,
                                  MW_FASHION_MNIST_SPLIT);
  g_atomic_rc_box_release_full (set, fashion_set_clear);
  return TRUE;
}
