/* replay.c: runs a fuzz target's LLVMFuzzerTestOneInput on every file of the folders
 * (or files) given, without libFuzzer: the seeds and every crash the fuzzers found stay
 * regression tests of the normal and sanitizer builds.  Prints one line per input. */
#include <glib.h>
#include <glib/gstdio.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int
cmp_names (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
run_file (const char *path, int *count)
{
  char *data = NULL;
  gsize size = 0;
  GError *error = NULL;
  if (!g_file_get_contents (path, &data, &size, &error))
    {
      fprintf (stderr, "replay: %s\n", error->message);
      exit (1);
    }
  printf ("%s (%zu bytes)\n", path, (size_t) size);
  fflush (stdout);
  /* An exact-size copy, so ASan sees reads past the end (g_file_get_contents adds a NUL). */
  uint8_t *copy = g_memdup2 (data, size);
  LLVMFuzzerTestOneInput (copy, size);
  g_free (copy);
  g_free (data);
  (*count)++;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: %s FOLDER-OR-FILE…\n", argv[0]);
      return 2;
    }
  int count = 0;
  for (int a = 1; a < argc; a++)
    {
      if (!g_file_test (argv[a], G_FILE_TEST_IS_DIR))
        {
          run_file (argv[a], &count);
          continue;
        }
      GError *error = NULL;
      GDir *dir = g_dir_open (argv[a], 0, &error);
      if (dir == NULL)
        {
          fprintf (stderr, "replay: %s\n", error->message);
          return 1;
        }
      GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
      const char *n;
      while ((n = g_dir_read_name (dir)) != NULL)
        if (n[0] != '.' && strcmp (n, "README") != 0)
          g_ptr_array_add (names, g_build_filename (argv[a], n, NULL));
      g_dir_close (dir);
      qsort (names->pdata, names->len, sizeof (char *), cmp_names);
      for (guint i = 0; i < names->len; i++)
        run_file (names->pdata[i], &count);
      g_ptr_array_unref (names);
    }
  if (count == 0)
    {
      fprintf (stderr, "replay: no inputs\n");
      return 1;
    }
  printf ("%d inputs, no failure\n", count);
  return 0;
}
