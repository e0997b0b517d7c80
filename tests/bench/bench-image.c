/* bench-image.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-image REPS IMAGE...
 *
 * Prepares every IMAGE for the wire as a submit does: kinema_image_check
 * (Kling's rules, from the header) and kinema_image_encode_base64 (the
 * whole file, bare base64). One warm-up round, then REPS rounds; prints
 * "problems=N base64-bytes=N median-ms=M mean-ms=A" for a round (all the
 * images).
 */
#define G_LOG_DOMAIN "bench-image"

#include "config.h"

#include <stdio.h>

#include "bench-common.h"
#include "kinema-image.h"

static gboolean
prepare (char       **paths,
         int          n_paths,
         guint       *problems,
         gsize       *bytes,
         GError     **error)
{
  *problems = 0;
  *bytes = 0;

  for (int i = 0; i < n_paths; i++)
    {
      g_autoptr(GPtrArray) found = kinema_image_check (paths[i], "first_frame");
      g_autofree char *base64 = NULL;

      *problems += found->len;
      base64 = kinema_image_encode_base64 (paths[i], FALSE, error);
      if (base64 == NULL)
        return FALSE;
      *bytes += strlen (base64);
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  guint64 reps;
  guint problems = 0;
  gsize bytes = 0;
  double sum = 0;

  if (argc < 3 || !g_ascii_string_to_unsigned (argv[1], 10, 1, 100000, &reps, NULL))
    {
      g_printerr ("usage: %s REPS IMAGE...\n", argv[0]);
      return 2;
    }

  if (!prepare (argv + 2, argc - 2, &problems, &bytes, &error))
    {
      g_printerr ("bench-image: %s\n", error->message);
      return 1;
    }

  for (guint64 r = 0; r < reps; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      if (!prepare (argv + 2, argc - 2, &problems, &bytes, &error))
        {
          g_printerr ("bench-image: %s\n", error->message);
          return 1;
        }
      ms = (g_get_monotonic_time () - start) / 1000.0;
      g_array_append_val (times, ms);
      sum += ms;
    }

  printf ("problems=%u base64-bytes=%" G_GSIZE_FORMAT " median-ms=%.2f mean-ms=%.2f\n",
          problems, bytes, bench_median (times), sum / reps);
  return 0;
}
