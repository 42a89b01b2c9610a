/* mw-cli-mpi.h: `train --mpi`, data-parallel meta-training over MPI.
 *
 * Built only with -Dmpi=enabled (or auto when OpenMPI's development files are
 * installed); otherwise the functions report that MPI is not available.  Launch with
 * `mpirun -np P meta-workbench-cli train --mpi …`: every process loads the same data
 * and draws the same tasks, computes its share of each meta-batch, and the
 * per-task gradients are all-gathered (mw-distribution.h).  Process 0 validates,
 * writes metrics and checkpoints and runs the final test; the others only train. */
#pragma once

#include "mw-core.h"

/* TRUE when this CLI was built with MPI. */
gboolean mw_cli_mpi_available (void);
/* MPI_Init; *rank and *size of the job.  FALSE with error if not built with MPI. */
gboolean mw_cli_mpi_init (int *rank, int *size, GError **error);
/* Splits run's meta-batches across the job's processes. */
gboolean mw_cli_mpi_distribute (MwRun *run, GError **error);
/* Waits for every process (after training, before process 0 tests alone). */
void mw_cli_mpi_barrier (void);
/* MPI_Finalize after success; after a failure in one process, MPI_Abort, so the
 * others do not wait for it forever.  Does nothing if mw_cli_mpi_init was not called. */
void mw_cli_mpi_finish (int status);
