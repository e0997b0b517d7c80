/* fuzz-image-header.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the PNG/JPEG header parser. Works on memory only.
 *
 * Build by hand (from the source root, after `meson setup build-valid`):
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
 *     -Ibuild-valid -Isrc/core $(pkg-config --cflags gio-2.0 json-glib-1.0) \
 *     tests/fuzz/fuzz-image-header.c src/core/kinema-image.c \
 *     src/core/kinema-validate.c src/core/kinema-request.c src/core/kinema-error.c \
 *     $(pkg-config --libs gio-2.0 json-glib-1.0) -o fuzz-image-header
 *   ./fuzz-image-header -max_total_time=30 tests/fuzz/corpus/image-header
 *
 * (copy the corpus to a scratch directory first if new inputs should not
 * be written into the source tree)
 */
#define G_LOG_DOMAIN "fuzz-image-header"

#include "config.h"

#include <stdlib.h>

#include <glib.h>

#include "kinema-image.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  KinemaImageInfo info;
  GError *error = NULL;
  gboolean ok;

  ok = kinema_image_parse_header (data, size, &info, &error);

  /* The contract: TRUE means a PNG or JPEG with a size, and no error;
   * FALSE always comes with an error. */
  if (ok)
    {
      if (error != NULL || info.width == 0 || info.height == 0 ||
          (info.format != KINEMA_IMAGE_FORMAT_PNG && info.format != KINEMA_IMAGE_FORMAT_JPEG))
        abort ();
      if (info.progressive && info.format != KINEMA_IMAGE_FORMAT_JPEG)
        abort ();
    }
  else
    {
      if (error == NULL || error->message == NULL)
        abort ();
      g_error_free (error);
    }

  return 0;
}
