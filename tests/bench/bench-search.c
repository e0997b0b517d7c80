/* bench-search.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-search DB REPS QUERY...
 *
 * Opens the library at DB and, for every QUERY, searches it the way the
 * gallery does (KinemaJobList's refresh and its first page): the ids of the
 * matching jobs, newest first (kinema_library_list_job_ids), then the
 * first page of them as jobs (kinema_library_get_jobs_by_ids, up to
 * KINEMA_JOB_LIST_PAGE_SIZE). Once to warm up (page cache, SQLite's cache),
 * then REPS times. Prints, per query,
 * "query=Q results=N page=P mean-us=M median-us=D all-mean-us=A" and
 * "page-ids=ID,ID,..." (so that the sqlite3 CLI can run the same
 * statements), then "total-mean-us=T" (the sum of the means). A is every
 * match loaded as a job (kinema_library_search_jobs), which the app never
 * does; it is printed for comparison.
 */
#define G_LOG_DOMAIN "bench-search"

#include "config.h"

#include <stdio.h>

#include "bench-common.h"
#include "kinema-job-list.h"
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
      KinemaJobFilter filter = { .query = argv[q] };
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GPtrArray) warm_ids = NULL;
      g_autoptr(GPtrArray) warm_page = NULL;
      g_autoptr(GString) page_ids = g_string_new (NULL);
      double sum = 0;
      double all_mean;
      guint page;

      warm_ids = kinema_library_list_job_ids (library, &filter, KINEMA_JOB_SORT_NEWEST, &error);
      if (warm_ids == NULL)
        {
          g_printerr ("%s: %s\n", argv[q], error->message);
          return 1;
        }
      page = MIN (warm_ids->len, KINEMA_JOB_LIST_PAGE_SIZE);
      warm_page = kinema_library_get_jobs_by_ids (library, (const char * const *) warm_ids->pdata, page, &error);
      if (warm_page == NULL || warm_page->len != page)
        {
          g_printerr ("%s: the first page has %u jobs of %u\n", argv[q], warm_page ? warm_page->len : 0, page);
          return 1;
        }
      for (guint i = 0; i < page; i++)
        g_string_append_printf (page_ids, "%s%s", i > 0 ? "," : "", (const char *) g_ptr_array_index (warm_ids, i));

      for (guint64 i = 0; i < reps; i++)
        {
          g_autoptr(GPtrArray) ids = NULL;
          g_autoptr(GPtrArray) jobs = NULL;
          gint64 start = g_get_monotonic_time ();
          double us;

          ids = kinema_library_list_job_ids (library, &filter, KINEMA_JOB_SORT_NEWEST, &error);
          if (ids != NULL)
            jobs = kinema_library_get_jobs_by_ids (library, (const char * const *) ids->pdata,
                                                   MIN (ids->len, KINEMA_JOB_LIST_PAGE_SIZE), &error);
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
        gint64 start = g_get_monotonic_time ();

        for (guint64 i = 0; i < reps; i++)
          {
            g_autoptr(GPtrArray) jobs = kinema_library_search_jobs (library, argv[q], &error);

            if (jobs == NULL)
              {
                g_printerr ("%s: %s\n", argv[q], error->message);
                return 1;
              }
          }
        all_mean = (double) (g_get_monotonic_time () - start) / reps;
      }

      printf ("query=%s results=%u page=%u mean-us=%.0f median-us=%.0f all-mean-us=%.0f\n",
              argv[q], warm_ids->len, page, sum / reps, bench_median (times), all_mean);
      printf ("page-ids=%s\n", page_ids->str);
      total_mean += sum / reps;
    }

  printf ("total-mean-us=%.0f\n", total_mean);
  return 0;
}
