/* bench-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-search DB REPS QUERY...
 *
 * Opens the library at DB and runs kinema_library_search_jobs for every
 * QUERY: once to warm up (page cache, SQLite's cache, prepared code
 * paths), then REPS times. Prints, per query,
 * "query=Q results=N mean-us=M median-us=D ids-mean-us=I", then
 * "total-mean-us=T" (the sum of the means). I is the same search the
 * paged way the gallery does it (kinema_library_list_job_ids: the ids of
 * the matching jobs, newest first), for comparison.
 */
#define G_LOG_DOMAIN "bench-search"

#include "config.h"

#include <stdio.h>

#include "bench-common.h"
#include "kinema-library.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(GError) error = NULL;
  guint64 reps;
  double total_mean = 0;

  if (argc < 4 || !g_ascii_string_to_unsigned (argv[2], 10, 1, 1000000, &reps, NULL))
    {
      g_printerr ("usage: %s DB REPS QUERY...\n", argv[0]);
      return 2;
    }

  library = kinema_library_new (argv[1], &error);
  if (library == NULL)
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return 1;
    }

  for (int q = 3; q < argc; q++)
    {
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GPtrArray) warm = NULL;
      double sum = 0;
      double ids_mean;

      warm = kinema_library_search_jobs (library, argv[q], &error);
      if (warm == NULL)
        {
          g_printerr ("%s: %s\n", argv[q], error->message);
          return 1;
        }

      for (guint64 i = 0; i < reps; i++)
        {
          g_autoptr(GPtrArray) jobs = NULL;
          gint64 start = g_get_monotonic_time ();
          double us;

          jobs = kinema_library_search_jobs (library, argv[q], &error);
          us = (double) (g_get_monotonic_time () - start);
          if (jobs == NULL)
            {
              g_printerr ("%s: %s\n", argv[q], error->message);
              return 1;
            }
          g_array_append_val (times, us);
          sum += us;
        }

      {
        KinemaJobFilter filter = { .query = argv[q] };
        gint64 start = g_get_monotonic_time ();

        for (guint64 i = 0; i < reps; i++)
          {
            g_autoptr(GPtrArray) ids = kinema_library_list_job_ids (library, &filter,
                                                                   KINEMA_JOB_SORT_NEWEST, &error);

            if (ids == NULL)
              {
                g_printerr ("%s: %s\n", argv[q], error->message);
                return 1;
              }
          }
        ids_mean = (double) (g_get_monotonic_time () - start) / reps;
      }

      printf ("query=%s results=%u mean-us=%.0f median-us=%.0f ids-mean-us=%.0f\n",
              argv[q], warm->len, sum / reps, bench_median (times), ids_mean);
      total_mean += sum / reps;
    }

  printf ("total-mean-us=%.0f\n", total_mean);
  return 0;
}
