/* compare-checkpoints: exits 0 when two checkpoints hold bit-identical learner state
 * (every state tensor and the optimiser counters), else names the first difference.
 * The MPI test uses it: P processes must produce the parameters of one process. */
#include "config.h"
#include "mw-core.h"

#include <stdio.h>
#include <string.h>

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fprintf (stderr, "usage: %s A.mwc B.mwc\n", argv[0]);
      return 2;
    }
  GError *error = NULL;
  MwRun *a = mw_run_new_from_checkpoint (argv[1], &error);
  MwRun *b = a ? mw_run_new_from_checkpoint (argv[2], &error) : NULL;
  if (b == NULL)
    {
      fprintf (stderr, "compare-checkpoints: %s\n", error->message);
      return 2;
    }
  MwAlgorithm *x = mw_run_get_algorithm (a), *y = mw_run_get_algorithm (b);
  int status = 0;
  if (mw_run_get_iteration (a) != mw_run_get_iteration (b))
    {
      printf ("iterations differ: %lld and %lld\n", (long long) mw_run_get_iteration (a),
              (long long) mw_run_get_iteration (b));
      status = 1;
    }
  if (mw_algorithm_state_count (x) != mw_algorithm_state_count (y))
    {
      printf ("state counts differ\n");
      status = 1;
    }
  size_t floats = 0;
  for (int i = 0; status == 0 && i < mw_algorithm_state_count (x); i++)
    {
      size_t n = 0, m = 0;
      const float *p = mw_algorithm_state_data (x, i, &n);
      const float *q = mw_algorithm_state_data (y, i, &m);
      if (n != m || memcmp (p, q, n * sizeof (float)) != 0)
        {
          size_t j = 0;
          while (j < MIN (n, m) && memcmp (&p[j], &q[j], sizeof (float)) == 0)
            j++;
          printf ("%s differs at element %zu: %.9g vs %.9g\n", mw_algorithm_state_name (x, i), j,
                  j < n ? p[j] : 0.0, j < m ? q[j] : 0.0);
          status = 1;
        }
      floats += n;
    }
  for (int c = 0; status == 0 && c < 2; c++)
    if (mw_algorithm_get_counter (x, c) != mw_algorithm_get_counter (y, c))
      {
        printf ("optimiser counter %d differs\n", c);
        status = 1;
      }
  if (status == 0)
    printf ("identical: %d state tensors, %zu floats, iteration %lld\n",
            mw_algorithm_state_count (x), floats, (long long) mw_run_get_iteration (a));
  mw_run_free (a);
  mw_run_free (b);
  return status;
}
