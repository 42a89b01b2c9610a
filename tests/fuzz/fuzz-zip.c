/* fuzz-zip.c: libFuzzer target for the Omniglot zip reader (libzip from memory, entry
 * names, per-thread entry reads with CRC checks, PNG decoding, resampling to 28 × 28)
 * through mw_omniglot_decode_zip_data, the code mw_omniglot_load runs on
 * images_background.zip. */
#include "mw-dataset-private.h"

#include <stdint.h>
#include <stddef.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;
  int n = mw_omniglot_decode_zip_data (data, size, 28, &error);
  if (n < 0)
    {
      g_assert (error != NULL);
      g_error_free (error);
    }
  else
    g_assert (error == NULL);
  return 0;
}
