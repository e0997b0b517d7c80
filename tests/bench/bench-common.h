/* bench-common.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers the bench programs share.
 */
#pragma once

#include <glib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

G_BEGIN_DECLS

/* Wall-clock µs at which this process started: KINEMA_BENCH_T0_NS (a
 * CLOCK_REALTIME stamp in ns taken by the bench just before exec), else
 * the kernel's start time from /proc/self/stat (10 ms resolution). */
static inline gint64
bench_process_start_real_us (void)
{
  const char *env = g_getenv ("KINEMA_BENCH_T0_NS");
  g_autofree char *stat = NULL;
  struct timespec boot;
  const char *p;
  long ticks_per_s;
  guint64 start_ticks;

  if (env != NULL && *env != '\0')
    return g_ascii_strtoll (env, NULL, 10) / 1000;

  ticks_per_s = sysconf (_SC_CLK_TCK);
  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      (p = strrchr (stat, ')')) == NULL ||
      ticks_per_s <= 0 ||
      clock_gettime (CLOCK_BOOTTIME, &boot) != 0)
    return g_get_real_time ();

  /* Field 22 (starttime); the text after ')' starts with field 3. */
  p++;
  for (int field = 2; field < 21 && p != NULL; field++)
    p = strchr (p + 1, ' ');
  if (p == NULL)
    return g_get_real_time ();
  start_ticks = g_ascii_strtoull (p + 1, NULL, 10);

  return g_get_real_time ()
         - ((gint64) boot.tv_sec * G_USEC_PER_SEC + boot.tv_nsec / 1000)
         + (gint64) (start_ticks * G_USEC_PER_SEC / (guint64) ticks_per_s);
}

/* Runs the default main context until *@done is TRUE. */
static inline void
bench_wait (const gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

static inline int
bench_compare_double (gconstpointer a,
                      gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Median of @values (sorted in place); 0 for none. */
static inline double
bench_median (GArray *values)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, bench_compare_double);
  if (values->len % 2)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

G_END_DECLS
