/* fuzz-image.c: libFuzzer target for the PNG/JPEG decoder (mw_image_decode), the path
 * every dataset loader takes.  The input is decoded as gray, as RGB and as the file's
 * own layout; a PNG or JPEG is recognised from its signature, so the fuzzer reaches
 * both decoders from the seeds in corpus/image/. */
#include "mw-image-decode.h"

#include <stdint.h>
#include <stddef.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static const int channels[] = { 1, 3, 0 };
  for (size_t i = 0; i < G_N_ELEMENTS (channels); i++)
    {
      MwImage img;
      GError *error = NULL;
      if (mw_image_decode (data, size, "fuzz", channels[i], &img, &error))
        {
          /* Touch every pixel: ASan catches a buffer smaller than it claims. */
          size_t n = (size_t) img.width * img.height * img.channels;
          volatile uint8_t sum = 0;
          for (size_t p = 0; p < n; p++)
            sum += img.pixels[p];
          (void) sum;
          g_assert (img.channels == (channels[i] ? channels[i] : img.channels));
          mw_image_clear (&img);
        }
      else
        {
          g_assert (error != NULL);
          /* Errors name the input. */
          g_assert (g_str_has_prefix (error->message, "fuzz: "));
          g_error_free (error);
          /* Once one layout fails the others fail the same way. */
          break;
        }
    }
  return 0;
}
