/* mw-omniglot.c: Omniglot (Lake et al. 2015) from the official zips or their extracted
 * folders, with the splits used in the few-shot literature.
 *
 * Each set (images_background, images_evaluation) is decoded once per process and size
 * (the decode cache in mw-dataset.c); a split then copies the images it uses.
 *
 * Pixels: the PNGs are 1-bit, 1 = white paper and 0 = ink.  We store ink = 255, so
 * copied values are ink 1 and paper 0, as the MAML and ProtoNets loaders feed them.
 *
 * Rotations: the Vinyals splits add each character rotated by 90°, 180° and 270° as
 * new classes "…/rot090" etc.  rotDDD is the image turned DDD degrees
 * counter-clockwise, as the ProtoNets loader does with PIL's Image.rotate(DDD) (and as
 * numpy.rot90 does); rotation is applied when an image is copied out.
 *
 * The 105×105 drawings are shrunk with mw_resample_u8 (Lanczos-3, antialiased). */
#include "config.h"
#include "mw-dataset.h"
#include "mw-dataset-private.h"
#include "mw-image-decode.h"
#include "mw-omniglot-split-private.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#define BACKGROUND "images_background"
#define EVALUATION "images_evaluation"
#define FULL_BACKGROUND_CHARS 964
#define FULL_EVALUATION_CHARS 659

/* ---- the Vinyals split, by rule ----
 *
 * trainval: every background character, plus the evaluation alphabets below in full
 * and Gurmukhi character01–41; test: the other 423 evaluation characters.  val: five
 * background alphabets (all 172 of their characters); train = trainval − val.
 *
 * Class order follows the published lists (jakesnell/prototypical-networks
 * data/omniglot/splits/vinyals/{train,val,trainval,test}.txt) line for line, so class i here is line i + 1
 * there: alphabets in the order below (the lists' own order, which is not sorted),
 * characters ascending within an alphabet, then rot000, rot090, rot180, rot270.
 * trainval is train followed by val. */
static const char *const vinyals_eval_trainval[] = {
  "Angelic", "Atemayar_Qelisayer", "Atlantean", "Aurek-Besh", "Avesta", "Ge_ez",
  "Glagolitic", NULL,
};
#define GURMUKHI "Gurmukhi"
#define GURMUKHI_TRAINVAL_LAST 41

static const char *const vinyals_train_order[] = {
  "Angelic", "Grantha", "N_Ko", "Aurek-Besh", "Japanese_(hiragana)",
  "Malay_(Jawi_-_Arabic)", "Asomtavruli_(Georgian)", "Sanskrit",
  "Ojibwe_(Canadian_Aboriginal_Syllabics)", "Korean", "Arcadian", "Greek",
  "Alphabet_of_the_Magi", "Blackfoot_(Canadian_Aboriginal_Syllabics)", "Futurama",
  "Gurmukhi", "Tagalog", "Anglo-Saxon_Futhorc", "Braille", "Cyrillic", "Burmese_(Myanmar)",
  "Avesta", "Gujarati", "Ge_ez", "Syriac_(Estrangelo)", "Atlantean", "Japanese_(katakana)",
  "Balinese", "Atemayar_Qelisayer", "Glagolitic", "Tifinagh", "Latin",
  "Inuktitut_(Canadian_Aboriginal_Syllabics)", NULL,
};
static const char *const vinyals_val_order[] = {
  "Hebrew", "Mkhedruli_(Georgian)", "Armenian", "Early_Aramaic", "Bengali", NULL,
};
/* The evaluation set's own order (character IDs 0965…1623). */
static const char *const vinyals_test_order[] = {
  "Gurmukhi", "Kannada", "Keble", "Malayalam", "Manipuri", "Mongolian",
  "Old_Church_Slavonic_(Cyrillic)", "Oriya", "Syriac_(Serto)", "Sylheti", "Tengwar",
  "Tibetan", "ULOG", NULL,
};

typedef enum { PART_TRAIN, PART_VAL, PART_TEST } VinyalsPart;

static gboolean
in_list (const char *const *list, const char *name)
{
  for (int i = 0; list[i] != NULL; i++)
    if (strcmp (list[i], name) == 0)
      return TRUE;
  return FALSE;
}

/* ---- one decoded set ---- */

typedef struct {
  char *alphabet;             /* "Latin" */
  char *character;            /* "character01" */
  int number;                 /* 1 for character01 */
  int start, count;           /* images [start, start + count) of the set */
} Character;

typedef struct {
  int size;
  int n_chars;
  Character *chars;           /* sorted by alphabet, then character */
  int n_images;
  uint8_t *pixels;            /* n_images × size × size, ink 255 */
  char **sources;             /* n_images */
  char *origin;               /* the zip or folder it came from, for messages */
} OmniSet;

static void
omni_set_clear (gpointer p)
{
  OmniSet *s = p;
  for (int i = 0; i < s->n_chars; i++)
    {
      g_free (s->chars[i].alphabet);
      g_free (s->chars[i].character);
    }
  g_free (s->chars);
  g_free (s->pixels);
  for (int i = 0; i < s->n_images; i++)
    g_free (s->sources[i]);
  g_free (s->sources);
  g_free (s->origin);
}

typedef struct {
  char *alphabet, *character, *file;
  zip_uint64_t index;         /* zip entry, or */
  char *path;                 /* file in the extracted folder */
  char *source;
} Entry;

static void
entry_clear (Entry *e)
{
  g_free (e->alphabet);
  g_free (e->character);
  g_free (e->file);
  g_free (e->path);
  g_free (e->source);
}

static int
entry_cmp (const void *pa, const void *pb)
{
  const Entry *a = pa, *b = pb;
  int r = strcmp (a->alphabet, b->alphabet);
  if (r == 0)
    r = strcmp (a->character, b->character);
  if (r == 0)
    r = strcmp (a->file, b->file);
  return r;
}

static gboolean
is_png_name (const char *name)
{
  size_t n = strlen (name);
  return n > 4 && g_ascii_strcasecmp (name + n - 4, ".png") == 0;
}

/* Keeps ".../Alphabet/characterNN/NNNN_DD.png"; drops folders, macOS resource forks
 * and anything else a repacked zip may carry. */
static gboolean
split_entry_name (const char *name, Entry *e)
{
  if (!is_png_name (name) || strstr (name, "__MACOSX") != NULL)
    return FALSE;
  char **parts = g_strsplit (name, "/", -1);
  int n = (int) g_strv_length (parts);
  gboolean ok = n >= 3 && parts[n - 3][0] != '\0' && parts[n - 2][0] != '\0'
                && parts[n - 1][0] != '.' && parts[n - 2][0] != '.' && parts[n - 3][0] != '.';
  if (ok)
    {
      e->alphabet = g_strdup (parts[n - 3]);
      e->character = g_strdup (parts[n - 2]);
      e->file = g_strdup (parts[n - 1]);
    }
  g_strfreev (parts);
  return ok;
}

static void
set_zip_error (GError **error, int code, const char *path, const char *what)
{
  g_set_error (error, MW_DATASET_ERROR, code, "%s: %s", path, what);
}

/* Where a zip comes from: a file, or bytes in memory (data != NULL; path then only
 * names it in messages). */
typedef struct {
  const char *path;
  const void *data;
  size_t size;
} ZipOrigin;

static zip_t *
open_zip (const ZipOrigin *o, int *err)
{
  if (o->data == NULL)
    return zip_open (o->path, ZIP_RDONLY, err);
  zip_error_t ze;
  zip_error_init (&ze);
  zip_source_t *src = zip_source_buffer_create (o->data, o->size, 0, &ze);
  zip_t *za = src != NULL ? zip_open_from_source (src, ZIP_RDONLY, &ze) : NULL;
  if (za == NULL)
    {
      *err = zip_error_code_zip (&ze);
      if (src != NULL)
        zip_source_free (src);
    }
  zip_error_fini (&ze);
  return za;
}

/* Lists the PNG entries of a zip. */
static gboolean
list_zip (const ZipOrigin *o, GArray *entries, GError **error)
{
  const char *zip_path = o->path;
  int err = 0;
  zip_t *za = open_zip (o, &err);
  if (za == NULL)
    {
      zip_error_t ze;
      zip_error_init_with_code (&ze, err);
      /* Translators: %s is libzip's reason (in English). */
      char *msg = g_strdup_printf (_("not a readable zip file (%s)"), zip_error_strerror (&ze));
      set_zip_error (error, err == ZIP_ER_NOENT ? MW_DATASET_ERROR_NOT_FOUND
                                                 : MW_DATASET_ERROR_CORRUPT, zip_path, msg);
      g_free (msg);
      zip_error_fini (&ze);
      return FALSE;
    }
  zip_int64_t n = zip_get_num_entries (za, 0);
  for (zip_int64_t i = 0; i < n; i++)
    {
      const char *name = zip_get_name (za, (zip_uint64_t) i, 0);
      Entry e = { 0 };
      if (name == NULL || !split_entry_name (name, &e))
        continue;
      e.index = (zip_uint64_t) i;
      e.source = g_strdup_printf ("%s:%s", zip_path, name);
      g_array_append_val (entries, e);
    }
  zip_discard (za);
  return TRUE;
}

/* Sorted names in a folder (only sub-folders when dirs_only). */
static GPtrArray *
list_dir_sorted (const char *path, gboolean dirs_only, GError **error)
{
  GDir *d = g_dir_open (path, 0, error);
  if (d == NULL)
    return NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *n;
  while ((n = g_dir_read_name (d)) != NULL)
    {
      if (n[0] == '.')
        continue;
      char *full = g_build_filename (path, n, NULL);
      gboolean is_dir = g_file_test (full, G_FILE_TEST_IS_DIR);
      g_free (full);
      if (is_dir == dirs_only)
        g_ptr_array_add (names, g_strdup (n));
    }
  g_dir_close (d);
  return names;
}

static gboolean
list_folder (const char *root, GArray *entries, GError **error)
{
  GError *local = NULL;
  GPtrArray *alphabets = list_dir_sorted (root, TRUE, &local);
  if (alphabets == NULL)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND, "%s", local->message);
      g_error_free (local);
      return FALSE;
    }
  for (guint a = 0; a < alphabets->len; a++)
    {
      char *adir = g_build_filename (root, alphabets->pdata[a], NULL);
      GPtrArray *chars = list_dir_sorted (adir, TRUE, NULL);
      for (guint c = 0; chars != NULL && c < chars->len; c++)
        {
          char *cdir = g_build_filename (adir, chars->pdata[c], NULL);
          GPtrArray *files = list_dir_sorted (cdir, FALSE, NULL);
          for (guint f = 0; files != NULL && f < files->len; f++)
            {
              if (!is_png_name (files->pdata[f]))
                continue;
              Entry e = { 0 };
              e.alphabet = g_strdup (alphabets->pdata[a]);
              e.character = g_strdup (chars->pdata[c]);
              e.file = g_strdup (files->pdata[f]);
              e.path = g_build_filename (cdir, files->pdata[f], NULL);
              e.source = g_strdup (e.path);
              g_array_append_val (entries, e);
            }
          if (files != NULL)
            g_ptr_array_unref (files);
          g_free (cdir);
        }
      if (chars != NULL)
        g_ptr_array_unref (chars);
      g_free (adir);
    }
  g_ptr_array_unref (alphabets);
  return TRUE;
}

/* ---- parallel decode ---- */

typedef struct {
  zip_t *zip;                 /* each thread reads through its own handle */
  GByteArray *buf;
  uint8_t *scratch;
} DecodeWorker;

typedef struct {
  const char *zip_path;       /* NULL when reading a folder */
  ZipOrigin zip;
  Entry *entries;
  OmniSet *set;
  const MwResamplePlan *plan; /* 105 → size */
  DecodeWorker *workers;
  GMutex lock;
  GError *error;              /* the first failure */
} DecodeJob;

static void
job_fail (DecodeJob *job, GError *e)
{
  g_mutex_lock (&job->lock);
  if (job->error == NULL)
    job->error = e;
  else
    g_error_free (e);
  g_mutex_unlock (&job->lock);
}

static gboolean
read_zip_entry (DecodeJob *job, DecodeWorker *w, const Entry *e, GError **error)
{
  if (w->zip == NULL)
    {
      int err = 0;
      w->zip = open_zip (&job->zip, &err);
      if (w->zip == NULL)
        {
          g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                       _("%s: cannot reopen the zip file"), job->zip_path);
          return FALSE;
        }
    }
  zip_stat_t st;
  zip_file_t *zf = NULL;
  if (zip_stat_index (w->zip, e->index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)
      || st.size > 64 * 1024 * 1024
      || (zf = zip_fopen_index (w->zip, e->index, 0)) == NULL)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT, "%s: %s", e->source,
                   zip_strerror (w->zip));
      return FALSE;
    }
  /* Read to the end: libzip checks the CRC when it reaches it. */
  g_byte_array_set_size (w->buf, (guint) st.size + 1);
  zip_uint64_t got = 0;
  for (;;)
    {
      zip_int64_t r = zip_fread (zf, w->buf->data + got, st.size + 1 - got);
      if (r < 0)
        {
          g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT, "%s: %s", e->source,
                       zip_file_strerror (zf));
          zip_fclose (zf);
          return FALSE;
        }
      if (r == 0)
        break;
      got += (zip_uint64_t) r;
      if (got > st.size)
        break;
    }
  zip_fclose (zf);
  if (got != st.size)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   _("%s: entry holds %llu bytes, the zip directory says %llu"), e->source,
                   (unsigned long long) got, (unsigned long long) st.size);
      return FALSE;
    }
  g_byte_array_set_size (w->buf, (guint) st.size);
  return TRUE;
}

static gboolean
decode_one (int i, int worker, gpointer data)
{
  DecodeJob *job = data;
  DecodeWorker *w = &job->workers[worker];
  const Entry *e = &job->entries[i];
  GError *err = NULL;
  MwImage img = { 0 };
  gboolean ok;
  if (job->zip_path != NULL)
    ok = read_zip_entry (job, w, e, &err)
         && mw_image_decode (w->buf->data, w->buf->len, e->source, 1, &img, &err);
  else
    ok = mw_image_decode_file (e->path, 1, &img, &err);
  if (!ok)
    {
      job_fail (job, err);
      return FALSE;
    }
  /* Paper is white (255) in the file; we keep ink = 255. */
  size_t n = (size_t) img.width * img.height;
  for (size_t p = 0; p < n; p++)
    img.pixels[p] = (uint8_t) (255 - img.pixels[p]);
  int size = job->set->size;
  uint8_t *dst = job->set->pixels + (size_t) i * size * size;
  if (img.width == 105 && img.height == 105)
    mw_resample_plan_run (job->plan, img.pixels, 1, dst, w->scratch);
  else
    mw_resample_u8 (img.pixels, img.height, img.width, 1, dst, size, size);
  mw_image_clear (&img);
  return TRUE;
}

typedef struct {
  const char *dir;
  const char *set_name;
  int size;
  const void *zip_data;       /* a zip in memory instead (dir/set_name.zip names it) */
  size_t zip_size;
} SetRequest;

static gpointer
build_set (gpointer data, GError **error)
{
  const SetRequest *req = data;
  char *zip_path = g_strconcat (req->dir, G_DIR_SEPARATOR_S, req->set_name, ".zip", NULL);
  char *folder = g_build_filename (req->dir, req->set_name, NULL);
  gboolean use_zip = req->zip_data != NULL || g_file_test (zip_path, G_FILE_TEST_IS_REGULAR);
  ZipOrigin zo = { zip_path, req->zip_data, req->zip_size };
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  OmniSet *set = NULL;
  gboolean ok = use_zip ? list_zip (&zo, entries, error)
                        : list_folder (folder, entries, error);
  const char *origin = use_zip ? zip_path : folder;
  if (!ok)
    goto out;
  if (entries->len == 0)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   _("%s: holds no Omniglot images (Alphabet/characterNN/*.png)"), origin);
      goto out;
    }
  /* The zip's directory says how many entries it has; each becomes four (rotations)
   * int-indexed entries of a dataset, so a count past that is refused, not wrapped. */
  if (entries->len > G_MAXINT / 4)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                   _("%s: holds %u images, more than can be loaded"), origin, entries->len);
      goto out;
    }
  qsort (entries->data, entries->len, sizeof (Entry), entry_cmp);

  set = g_atomic_rc_box_new0 (OmniSet);
  set->size = req->size;
  set->origin = g_strdup (origin);
  set->n_images = (int) entries->len;
  set->pixels = g_malloc ((size_t) set->n_images * req->size * req->size);
  set->sources = g_new0 (char *, set->n_images);
  set->chars = g_new0 (Character, set->n_images);
  Entry *es = (Entry *) entries->data;
  for (int i = 0; i < set->n_images; i++)
    {
      set->sources[i] = g_strdup (es[i].source);
      if (i == 0 || strcmp (es[i].alphabet, es[i - 1].alphabet) != 0
          || strcmp (es[i].character, es[i - 1].character) != 0)
        {
          Character *c = &set->chars[set->n_chars++];
          c->alphabet = g_strdup (es[i].alphabet);
          c->character = g_strdup (es[i].character);
          const char *digits = c->character + strcspn (c->character, "0123456789");
          c->number = atoi (digits);
          c->start = i;
        }
      set->chars[set->n_chars - 1].count++;
    }

  DecodeJob job = { 0 };
  job.zip_path = use_zip ? zip_path : NULL;
  job.zip = zo;
  job.entries = es;
  job.set = set;
  MwResamplePlan *plan = mw_resample_plan_new (105, 105, req->size, req->size);
  job.plan = plan;
  int n_workers = mw_parallel_workers (set->n_images);
  job.workers = g_new0 (DecodeWorker, n_workers);
  for (int t = 0; t < n_workers; t++)
    {
      job.workers[t].buf = g_byte_array_new ();
      job.workers[t].scratch = g_malloc (mw_resample_plan_scratch_size (plan, 1));
    }
  g_mutex_init (&job.lock);
  mw_parallel_for (set->n_images, n_workers, decode_one, &job);
  for (int t = 0; t < n_workers; t++)
    {
      if (job.workers[t].zip != NULL)
        zip_discard (job.workers[t].zip);
      g_byte_array_unref (job.workers[t].buf);
      g_free (job.workers[t].scratch);
    }
  g_free (job.workers);
  g_mutex_clear (&job.lock);
  mw_resample_plan_free (plan);
  if (job.error != NULL)
    {
      g_propagate_error (error, job.error);
      g_atomic_rc_box_release_full (set, omni_set_clear);
      set = NULL;
    }
out:
  for (guint i = 0; i < entries->len; i++)
    entry_clear (&g_array_index (entries, Entry, i));
  g_array_unref (entries);
  g_free (zip_path);
  g_free (folder);
  return set;
}

static OmniSet *
get_set (const char *dir, const char *set_name, int size, GError **error)
{
  SetRequest req = { dir, set_name, size, NULL, 0 };
  char *key = g_strdup_printf ("omniglot|%s|%s|%d", dir, set_name, size);
  OmniSet *s = mw_decode_cache_get (key, build_set, &req, omni_set_clear, error);
  g_free (key);
  return s;
}

/* ---- building a split ---- */

typedef struct {
  const OmniSet *set;
  int ch;
} CharRef;

static gboolean
set_exists (const char *dir, const char *set_name)
{
  char *zip_path = g_strconcat (dir, G_DIR_SEPARATOR_S, set_name, ".zip", NULL);
  char *folder = g_build_filename (dir, set_name, NULL);
  gboolean found = g_file_test (zip_path, G_FILE_TEST_IS_REGULAR)
                   || g_file_test (folder, G_FILE_TEST_IS_DIR);
  g_free (zip_path);
  g_free (folder);
  return found;
}

static void
set_not_found (GError **error, const char *dir, const char *set_name)
{
  char *quoted = g_shell_quote (dir);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND,
                 _("Omniglot folder %s does not exist. Download Omniglot into it with: "
                   "meta-workbench-cli download-omniglot %s"), dir, quoted);
  else
    g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_NOT_FOUND,
                 _("Omniglot not found in %s: looked for %s.zip and an extracted %s/ folder. "
                   "Download it with: meta-workbench-cli download-omniglot %s"),
                 dir, set_name, set_name, quoted);
  g_free (quoted);
}

static gboolean
check_full (const OmniSet *s, int expected, GError **error)
{
  if (s->n_chars == expected)
    return TRUE;
  g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
               g_dngettext (GETTEXT_PACKAGE,
                            "%s: holds %d character, the full set has %d (an incomplete "
                            "download, or a small set?); the Vinyals split needs the full sets",
                            "%s: holds %d characters, the full set has %d (an incomplete "
                            "download, or a small set?); the Vinyals split needs the full sets",
                            s->n_chars),
               s->origin, s->n_chars, expected);
  return FALSE;
}

static VinyalsPart
vinyals_part (const Character *c, gboolean background)
{
  if (background)
    return in_list (vinyals_val_order, c->alphabet) ? PART_VAL : PART_TRAIN;
  if (in_list (vinyals_eval_trainval, c->alphabet)
      || (strcmp (c->alphabet, GURMUKHI) == 0 && c->number <= GURMUKHI_TRAINVAL_LAST))
    return PART_TRAIN;
  return PART_TEST;
}

/* Appends, alphabet by alphabet in `order`, the characters of bg and ev in `part`. */
static void
collect_part (GArray *out, const char *const *order, VinyalsPart part, const OmniSet *bg,
              const OmniSet *ev)
{
  for (int a = 0; order[a] != NULL; a++)
    for (int s = 0; s < 2; s++)
      {
        const OmniSet *set = s == 0 ? bg : ev;
        for (int c = 0; c < set->n_chars; c++)
          if (strcmp (set->chars[c].alphabet, order[a]) == 0
              && vinyals_part (&set->chars[c], set == bg) == part)
            {
              CharRef r = { set, c };
              g_array_append_val (out, r);
            }
      }
}

/* Every character of both sets must land in exactly one part: catches an alphabet the
 * order tables do not know (a modified data set). */
static gboolean
check_cover (const OmniSet *bg, const OmniSet *ev, GError **error)
{
  for (int s = 0; s < 2; s++)
    {
      const OmniSet *set = s == 0 ? bg : ev;
      for (int c = 0; c < set->n_chars; c++)
        {
          const Character *ch = &set->chars[c];
          VinyalsPart part = vinyals_part (ch, set == bg);
          const char *const *order = part == PART_TRAIN ? vinyals_train_order
                                     : part == PART_VAL ? vinyals_val_order
                                                        : vinyals_test_order;
          if (!in_list (order, ch->alphabet))
            {
              g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_CORRUPT,
                           _("%s: alphabet '%s' is not part of Omniglot's Vinyals split"),
                           set->origin, ch->alphabet);
              return FALSE;
            }
        }
    }
  return TRUE;
}

/* One class: a character of a set, turned turn quarter turns. */
typedef struct {
  const OmniSet *set;
  int ch;
  int turn;
  gboolean named_turn;        /* the class name ends in /rotDDD */
} ClassRef;

/* Each character's images are copied once, where it is first used; its turned classes
 * point at the same images (a split file may name its turns far apart). */
static MwDataset *
make_dataset (const char *name, int size, const ClassRef *classes, int n_classes)
{
  MwDataset *ds = mw_dataset_alloc (name, size, size, 1);
  size_t img_bytes = (size_t) size * size;
  g_autoptr (GHashTable) first_image = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (int k = 0; k < n_classes; k++)
    {
      const Character *ch = &classes[k].set->chars[classes[k].ch];
      if (!g_hash_table_contains (first_image, ch))
        {
          g_hash_table_insert (first_image, (gpointer) ch, GINT_TO_POINTER (ds->n_images));
          ds->n_images += ch->count;
        }
      ds->n_entries += ch->count;
    }
  ds->n_classes = n_classes;
  ds->pixels = g_malloc (MAX (img_bytes * ds->n_images, 1));
  ds->image_sources = g_new (char *, MAX (ds->n_images, 1));
  ds->class_names = g_new (char *, MAX (ds->n_classes, 1));
  g_free (ds->class_start);
  ds->class_start = g_new (int, ds->n_classes + 1);
  ds->entry_image = g_new (int32_t, MAX (ds->n_entries, 1));
  ds->entry_rotation = g_new (uint8_t, MAX (ds->n_entries, 1));
  int copied = 0, entry = 0;
  for (int k = 0; k < n_classes; k++)
    {
      const OmniSet *set = classes[k].set;
      const Character *ch = &set->chars[classes[k].ch];
      int img = GPOINTER_TO_INT (g_hash_table_lookup (first_image, ch));
      if (img == copied)
        {
          memcpy (ds->pixels + img * img_bytes, set->pixels + (size_t) ch->start * img_bytes,
                  img_bytes * ch->count);
          for (int i = 0; i < ch->count; i++)
            ds->image_sources[img + i] = g_strdup (set->sources[ch->start + i]);
          copied += ch->count;
        }
      ds->class_names[k] = classes[k].named_turn
        ? g_strdup_printf ("%s/%s/rot%03d", ch->alphabet, ch->character, classes[k].turn * 90)
        : g_strdup_printf ("%s/%s", ch->alphabet, ch->character);
      ds->class_start[k] = entry;
      for (int i = 0; i < ch->count; i++)
        {
          ds->entry_image[entry] = img + i;
          ds->entry_rotation[entry++] = (uint8_t) classes[k].turn;
        }
    }
  ds->class_start[n_classes] = entry;
  return ds;
}

/* Each character in turns classes: rot000…rot270 when turns is 4, else as drawn. */
static MwDataset *
make_turned_dataset (const char *name, int size, const CharRef *refs, int n_refs, int turns)
{
  ClassRef *classes = g_new (ClassRef, MAX ((size_t) n_refs * turns, 1));
  int n = 0;
  for (int r = 0; r < n_refs; r++)
    for (int t = 0; t < turns; t++)
      classes[n++] = (ClassRef) { refs[r].set, refs[r].ch, t, turns > 1 };
  MwDataset *ds = make_dataset (name, size, classes, n);
  g_free (classes);
  return ds;
}

static int
character_cmp (const void *key, const void *elem)
{
  const Character *a = key, *b = elem;
  int r = strcmp (a->alphabet, b->alphabet);
  return r != 0 ? r : strcmp (a->character, b->character);
}

/* The classes a split file lists (see mw_omniglot_load_rotated for rotations). */
static MwDataset *
load_split_file (const char *dir, const char *path, int size, int rotations, GError **error)
{
  GArray *lines = mw_omniglot_split_file_read (path, error);
  if (lines == NULL)
    return NULL;
  gboolean want_set[2] = { FALSE, FALSE };
  for (guint i = 0; i < lines->len; i++)
    want_set[g_array_index (lines, MwSplitLine, i).evaluation] = TRUE;
  const char *const set_names[2] = { BACKGROUND, EVALUATION };
  OmniSet *sets[2] = { NULL, NULL };
  MwDataset *ds = NULL;
  g_autofree char *canon = g_canonicalize_filename (dir, NULL);
  g_autofree char *shown = g_filename_display_name (path);
  GArray *classes = g_array_new (FALSE, FALSE, sizeof (ClassRef));
  g_autoptr (GHashTable) seen = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (int s = 0; s < 2; s++)
    {
      if (!want_set[s])
        continue;
      if (!set_exists (dir, set_names[s]))
        {
          set_not_found (error, dir, set_names[s]);
          goto out;
        }
      if ((sets[s] = get_set (canon, set_names[s], size, error)) == NULL)
        goto out;
    }
  for (guint i = 0; i < lines->len; i++)
    {
      const MwSplitLine *l = &g_array_index (lines, MwSplitLine, i);
      const OmniSet *set = sets[l->evaluation];
      Character key = { .alphabet = l->alphabet, .character = l->character };
      const Character *ch = bsearch (&key, set->chars, (size_t) set->n_chars,
                                     sizeof (Character), character_cmp);
      if (ch == NULL)
        {
          g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                       /* Translators: a file, a line number, a character, the zip. */
                       _("%s, line %d: no character '%s/%s' in %s"), shown, l->line,
                       l->alphabet, l->character, set->origin);
          goto out;
        }
      int c = (int) (ch - set->chars);
      if (rotations < 0)
        {
          ClassRef r = { set, c, MAX (l->turn, 0), l->turn >= 0 };
          g_array_append_val (classes, r);
        }
      else if (g_hash_table_add (seen, (gpointer) ch))
        for (int t = 0; t < MAX (rotations, 1); t++)
          {
            ClassRef r = { set, c, t, rotations > 1 };
            g_array_append_val (classes, r);
          }
    }
  {
    g_autofree char *name = g_strdup_printf ("omniglot %s", shown);
    ds = make_dataset (name, size, (ClassRef *) classes->data, (int) classes->len);
  }
out:
  g_array_unref (classes);
  g_array_unref (lines);
  for (int s = 0; s < 2; s++)
    if (sets[s] != NULL)
      g_atomic_rc_box_release_full (sets[s], omni_set_clear);
  return ds;
}

MwDataset *
mw_omniglot_load (const char *dir, const char *split, int size, GError **error)
{
  return mw_omniglot_load_rotated (dir, split, size, -1, error);
}

MwDataset *
mw_omniglot_load_rotated (const char *dir, const char *split, int size, int rotations,
                          GError **error)
{
  g_return_val_if_fail (dir != NULL && split != NULL, NULL);
  if (size < 1 || size > 1024)
    {
      g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                   _("Omniglot image size %d is out of range (1 to 1024; the usual is 28)"), size);
      return NULL;
    }
  if (!mw_omniglot_split_is_named (split))
    {
      GError *local = NULL;
      MwDataset *ds = load_split_file (dir, split, size, rotations, &local);
      /* A missing file is most often a mistyped split name. */
      if (ds == NULL && g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_autofree char *shown = g_filename_display_name (split);
          g_set_error (error, MW_DATASET_ERROR, MW_DATASET_ERROR_SETTINGS,
                       _("unknown Omniglot split '%s': neither a split name (vinyals-train, "
                         "vinyals-val, vinyals-trainval, vinyals-test, background, evaluation) "
                         "nor a file of character paths"), shown);
          g_error_free (local);
        }
      else if (ds == NULL)
        g_propagate_error (error, local);
      return ds;
    }
  gboolean want_bg = strcmp (split, "evaluation") != 0;
  gboolean want_ev = strcmp (split, "background") != 0;
  if (want_bg && !set_exists (dir, BACKGROUND))
    {
      set_not_found (error, dir, BACKGROUND);
      return NULL;
    }
  if (want_ev && !set_exists (dir, EVALUATION))
    {
      set_not_found (error, dir, EVALUATION);
      return NULL;
    }
  char *canon = g_canonicalize_filename (dir, NULL);
  OmniSet *bg = NULL, *ev = NULL;
  MwDataset *ds = NULL;
  GArray *refs = g_array_new (FALSE, FALSE, sizeof (CharRef));
  if (want_bg && (bg = get_set (canon, BACKGROUND, size, error)) == NULL)
    goto out;
  if (want_ev && (ev = get_set (canon, EVALUATION, size, error)) == NULL)
    goto out;
  char *name = g_strdup_printf ("omniglot %s", split);
  /* Classes per character: the Vinyals splits are defined with their turned copies. */
  int turns = rotations == 4 ? 4 : rotations == 0 ? 1 : bg != NULL && ev != NULL ? 4 : 1;
  if (bg == NULL || ev == NULL)
    {
      const OmniSet *s = bg ? bg : ev;
      for (int c = 0; c < s->n_chars; c++)
        {
          CharRef r = { s, c };
          g_array_append_val (refs, r);
        }
      ds = make_turned_dataset (name, size, (CharRef *) refs->data, (int) refs->len, turns);
    }
  else if (check_full (bg, FULL_BACKGROUND_CHARS, error)
           && check_full (ev, FULL_EVALUATION_CHARS, error) && check_cover (bg, ev, error))
    {
      gboolean train = strcmp (split, "vinyals-train") == 0
                       || strcmp (split, "vinyals-trainval") == 0;
      gboolean val = strcmp (split, "vinyals-val") == 0
                     || strcmp (split, "vinyals-trainval") == 0;
      if (train)
        collect_part (refs, vinyals_train_order, PART_TRAIN, bg, ev);
      if (val)
        collect_part (refs, vinyals_val_order, PART_VAL, bg, ev);
      if (strcmp (split, "vinyals-test") == 0)
        collect_part (refs, vinyals_test_order, PART_TEST, bg, ev);
      ds = make_turned_dataset (name, size, (CharRef *) refs->data, (int) refs->len, turns);
    }
  g_free (name);
out:
  g_array_unref (refs);
  if (bg != NULL)
    g_atomic_rc_box_release_full (bg, omni_set_clear);
  if (ev != NULL)
    g_atomic_rc_box_release_full (ev, omni_set_clear);
  g_free (canon);
  return ds;
}

int
mw_omniglot_decode_zip_data (const void *data, size_t size, int image_size, GError **error)
{
  g_return_val_if_fail (data != NULL || size == 0, -1);
  g_return_val_if_fail (image_size >= 1 && image_size <= 1024, -1);
  static const char empty[1];
  SetRequest req = { "(memory)", BACKGROUND, image_size, size ? data : empty, size };
  OmniSet *set = build_set (&req, error);
  if (set == NULL)
    return -1;
  int n = set->n_images;
  g_atomic_rc_box_release_full (set, omni_set_clear);
  return n;
}
