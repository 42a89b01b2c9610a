/* mw-cli-mpi.c: the MPI side of `train --mpi` (see mw-cli-mpi.h). */
#include "config.h"
#include "mw-cli-mpi.h"

#include <glib/gi18n.h>

#ifdef MW_HAVE_MPI
#include <mpi.h>
#endif

/* Errors of MPI itself (not of the settings). */
static G_DEFINE_QUARK (mw-cli-mpi-error-quark, mw_cli_mpi_error)
#define MPI_ERROR (mw_cli_mpi_error_quark ())

#ifdef MW_HAVE_MPI
static gboolean initialized;

typedef struct {
  int size;
  int *counts, *displs;     /* per process, in bytes */
} Gather;

static Gather gather;

static gboolean
mpi_all_gather (gpointer user_data, void *rows, size_t row_bytes, int n_rows, GError **error)
{
  Gather *g = user_data;
  int rank;
  MPI_Comm_rank (MPI_COMM_WORLD, &rank);
  if ((double) row_bytes * n_rows > G_MAXINT)
    {
      g_set_error (error, MPI_ERROR, 0,
                   _("MPI: a meta-batch of %d gradients of %zu bytes is too large to gather"),
                   n_rows, row_bytes);
      return FALSE;
    }
  for (int p = 0; p < g->size; p++)
    {
      int first, last;
      mw_distribution_share (p, g->size, n_rows, &first, &last);
      g->counts[p] = (int) ((size_t) (last - first) * row_bytes);
      g->displs[p] = (int) ((size_t) first * row_bytes);
    }
  int rc = MPI_Allgatherv (MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, rows, g->counts, g->displs,
                           MPI_BYTE, MPI_COMM_WORLD);
  if (rc != MPI_SUCCESS)
    {
      char text[MPI_MAX_ERROR_STRING];
      int len = 0;
      MPI_Error_string (rc, text, &len);
      g_set_error (error, MPI_ERROR, 0,
                   _("MPI: gathering the task gradients failed in process %d: %s"), rank, text);
      return FALSE;
    }
  return TRUE;
}
#endif

gboolean
mw_cli_mpi_available (void)
{
#ifdef MW_HAVE_MPI
  return TRUE;
#else
  return FALSE;
#endif
}

gboolean
mw_cli_mpi_init (int *rank, int *size, GError **error)
{
#ifdef MW_HAVE_MPI
  if (MPI_Init (NULL, NULL) != MPI_SUCCESS)
    {
      g_set_error (error, MPI_ERROR, 0, _("MPI could not be started"));
      return FALSE;
    }
  initialized = TRUE;
  /* Errors come back as codes, so a failed gather is reported like any other error. */
  MPI_Comm_set_errhandler (MPI_COMM_WORLD, MPI_ERRORS_RETURN);
  MPI_Comm_rank (MPI_COMM_WORLD, rank);
  MPI_Comm_size (MPI_COMM_WORLD, size);
  gather.size = *size;
  gather.counts = g_new (int, *size);
  gather.displs = g_new (int, *size);
  return TRUE;
#else
  *rank = 0;
  *size = 1;
  g_set_error (error, MPI_ERROR, 1,
               _("--mpi: this meta-workbench-cli was built without MPI (install OpenMPI's "
                 "libopenmpi-dev and rebuild with meson configure -Dmpi=enabled)"));
  return FALSE;
#endif
}

gboolean
mw_cli_mpi_distribute (MwRun *run, GError **error)
{
#ifdef MW_HAVE_MPI
  int rank;
  MPI_Comm_rank (MPI_COMM_WORLD, &rank);
  MwDistribution d = { rank, gather.size, mpi_all_gather, &gather };
  return mw_algorithm_set_distribution (mw_run_get_algorithm (run), &d, error);
#else
  (void) run;
  g_set_error (error, MPI_ERROR, 1, _("built without MPI"));
  return FALSE;
#endif
}

void
mw_cli_mpi_barrier (void)
{
#ifdef MW_HAVE_MPI
  if (initialized)
    MPI_Barrier (MPI_COMM_WORLD);
#endif
}

void
mw_cli_mpi_finish (int status)
{
#ifdef MW_HAVE_MPI
  if (!initialized)
    return;
  initialized = FALSE;
  g_clear_pointer (&gather.counts, g_free);
  g_clear_pointer (&gather.displs, g_free);
  if (status != 0)
    MPI_Abort (MPI_COMM_WORLD, status);
  else
    MPI_Finalize ();
#else
  (void) status;
#endif
}
