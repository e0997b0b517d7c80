/* fuzz-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for the job journal's request JSON: whatever is in
 * the database must load or fail cleanly, and what loads must round-trip.
 */
#define G_LOG_DOMAIN "fuzz-request"

#include "config.h"

#include <stdlib.h>

#include "kinema-error.h"
#include "kinema-request.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  char *json = g_strndup ((const char *) data, size);
  GError *error = NULL;
  KinemaRequest *request = kinema_request_new_from_json (json, &error);

  if ((request == NULL) == (error == NULL))
    abort ();
  if (request != NULL)
    {
      char *out = kinema_request_to_json (request);
      KinemaRequest *again = kinema_request_new_from_json (out, &error);
      char *out2;

      if (again == NULL)
        abort ();
      out2 = kinema_request_to_json (again);
      if (strcmp (out, out2) != 0)
        abort ();
      g_free (out2);
      g_free (out);
      g_object_unref (again);
      g_object_unref (request);
    }
  g_clear_error (&error);
  g_free (json);
  return 0;
}
