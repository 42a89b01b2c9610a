/* mw-omniglot-split-private.h: reading a file that lists the classes of an Omniglot
 * split, for the Omniglot loader (mw-omniglot.c). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lists of character paths much larger than every Omniglot class turned four ways
 * (about 200 KB) are refused unread. */
#define MW_OMNIGLOT_SPLIT_FILE_MAX_SIZE (1024 * 1024)

/* One line of a split file: "Alphabet/characterNN" or "Alphabet/characterNN/rotDDD". */
typedef struct {
  char *alphabet;
  char *character;
  int turn;          /* quarter turns named by rotDDD (0..3), or -1: the line has none */
  gboolean evaluation; /* the alphabet is in images_evaluation, not images_background */
  int line;          /* 1-based, for messages */
} MwSplitLine;

/* Reads path (relative to the current folder) as a split file.  Blank lines and lines
 * starting with '#' are skipped.  Refuses, naming the file and line, a line that is not
 * a character path, a turn other than rot000/rot090/rot180/rot270, an alphabet that
 * Omniglot does not have, a line that repeats an earlier one (a line without a turn is
 * the same class as rot000) and a file that lists nothing.  Returns an array of
 * MwSplitLine (g_array_unref frees the lines too). */
GArray *mw_omniglot_split_file_read (const char *path, GError **error);

G_END_DECLS
