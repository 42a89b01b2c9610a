/* mw-class-groups.h: a dataset's classes grouped by Omniglot alphabet, so that every
 * class of an episode can come from one alphabet (Lake et al.'s within-alphabet
 * one-shot protocol, whose distractors are similar characters). */
#pragma once

#include "mw-dataset.h"
#include "mw-rng.h"

typedef struct MwClassGroups {
  int n_groups;
  int *start;      /* n_groups + 1: group g holds members[start[g] .. start[g + 1]) */
  int *members;    /* class ids, group by group, in dataset order */
  int largest;     /* class count of the largest group */
} MwClassGroups;

/* Groups ds's classes by alphabet and turn: the part of their names before the first
 * '/' ("Alphabet" of "Alphabet/characterNN"), joined by the turn of a rotated class
 * ("Alphabet/rot090" of "Alphabet/characterNN/rot090").  A turned copy of an alphabet
 * is its own group: mixed with the upright characters its classes would be easy
 * distractors, which the within-alphabet protocol is meant to leave out.  Groups are
 * in order of first appearance. */
MwClassGroups *mw_class_groups_new_alphabets (const MwDataset *ds);
void mw_class_groups_free (MwClassGroups *groups);

/* FALSE, naming the setting, N and the largest group's size, when no group holds
 * `ways` classes. */
gboolean mw_class_groups_check (const MwClassGroups *groups, int ways, GError **error);

/* A group uniform among those with at least `ways` classes (there must be one:
 * mw_class_groups_check); the episode then draws its classes within it. */
int mw_class_groups_pick (const MwClassGroups *groups, int ways, MwRng *rng);

static inline int
mw_class_groups_size (const MwClassGroups *groups, int g)
{
  return groups->start[g + 1] - groups->start[g];
}
