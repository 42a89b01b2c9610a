/* mw-distribution.h: data-parallel meta-training across processes.
 *
 * The core knows nothing of MPI: a front end (the CLI's --mpi) hands an algorithm an
 * all-gather function, and the algorithm then computes only its share of each
 * meta-batch.  Every process still draws every task (the random streams stay in step)
 * and, after the gather, sums all task gradients in task order exactly as one process
 * does — so P processes produce bit for bit the parameters of one process with the
 * same seed and meta-batch, at the price of gathering one gradient per task. */
#pragma once

#include "mw-algorithm.h"

/* Collective over all processes: rows holds n_rows rows of row_bytes bytes; this
 * process has filled the rows it owns (mw_distribution_share) and, on return, every
 * row is filled with its owner's bytes.  FALSE with error if communication failed. */
typedef gboolean (*MwAllGatherFunc) (gpointer user_data, void *rows, size_t row_bytes,
                                     int n_rows, GError **error);

typedef struct {
  int rank, size;               /* this process, and how many take part */
  MwAllGatherFunc all_gather;
  gpointer user_data;
} MwDistribution;

/* The rows [*first, *last) of n that process rank of size owns: contiguous blocks,
 * the first n % size processes one row larger. */
void mw_distribution_share (int rank, int size, int n, int *first, int *last);

/* Splits algo's meta-batches as d says (NULL or size 1: back to one process).  Fails
 * with MW_ALGORITHM_ERROR_SETTINGS, saying why, for learners whose tasks depend on one
 * another (Reptile's inner Adam, running batch-norm statistics, the fine-tune
 * baseline) and for meta-batches smaller than the number of processes. */
gboolean mw_algorithm_set_distribution (MwAlgorithm *algo, const MwDistribution *d,
                                        GError **error);
