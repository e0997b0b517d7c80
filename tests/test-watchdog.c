/* test-watchdog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main-loop watchdog that build-aux/bench's stall figures come from:
 * a handler that blocks the loop shows up as a late tick at least as long
 * as the block, and the stall sampler writes the blocked thread's stack.
 * No timing is asserted beyond what the block itself guarantees.
 */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "kinema-watchdog.h"

#define BLOCK_MS 150

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* A handler that blocks the loop (as blocking I/O would), then quits. */
static gboolean
block_cb (gpointer data)
{
  g_usleep (BLOCK_MS * 1000);
  g_timeout_add (30, quit_cb, data);
  return G_SOURCE_REMOVE;
}

static void
run_blocked_loop (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (30, block_cb, loop);
  g_main_loop_run (loop);
}

static void
test_block_is_measured (void)
{
  g_autoptr(KinemaWatchdog) watchdog = kinema_watchdog_new (NULL, 1);
  g_autofree char *report = NULL;

  kinema_watchdog_start (watchdog);
  run_blocked_loop ();
  kinema_watchdog_stop (watchdog);

  g_test_message ("ticks %u, max %" G_GINT64_FORMAT " us, p99 %" G_GINT64_FORMAT " us",
                  kinema_watchdog_get_n_ticks (watchdog), kinema_watchdog_get_max (watchdog),
                  kinema_watchdog_get_percentile (watchdog, 99.0));
  g_assert_cmpuint (kinema_watchdog_get_n_ticks (watchdog), >, 1);
  /* The tick due during the block ran after it. */
  g_assert_cmpint (kinema_watchdog_get_max (watchdog), >=, (BLOCK_MS - 2) * 1000);
  g_assert_cmpint (kinema_watchdog_get_percentile (watchdog, 100.0), ==, kinema_watchdog_get_max (watchdog));
  g_assert_cmpint (kinema_watchdog_get_percentile (watchdog, 0.0), <=, kinema_watchdog_get_max (watchdog));

  report = kinema_watchdog_format_report (watchdog);
  g_assert_nonnull (strstr (report, "watchdog-max-us="));
  g_assert_nonnull (strstr (report, "watchdog-histogram:"));

  kinema_watchdog_reset (watchdog);
  g_assert_cmpuint (kinema_watchdog_get_n_ticks (watchdog), ==, 0);
  g_assert_cmpint (kinema_watchdog_get_max (watchdog), ==, 0);
}

static void
test_stall_stacks (void)
{
#ifdef __GLIBC__
  g_autoptr(KinemaWatchdog) watchdog = kinema_watchdog_new (NULL, 1);
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  int fd, saved;

  fd = g_file_open_tmp ("kinema-stacks-XXXXXX", &path, NULL);
  g_assert_cmpint (fd, >=, 0);

  /* The sampler writes to fd 2: point it at the file for the block. */
  saved = dup (STDERR_FILENO);
  g_assert_cmpint (dup2 (fd, STDERR_FILENO), ==, STDERR_FILENO);

  kinema_watchdog_start (watchdog);
  kinema_watchdog_set_stall_stacks (watchdog, 40);
  run_blocked_loop ();
  kinema_watchdog_stop (watchdog);

  g_assert_cmpint (dup2 (saved, STDERR_FILENO), ==, STDERR_FILENO);
  close (saved);
  close (fd);

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, "kinema-watchdog: stall"));
  g_assert_nonnull (strstr (text, "main thread, stalled"));
  /* The stack is the blocked one. */
  g_assert_nonnull (strstr (text, "g_usleep"));
  g_unlink (path);
#else
  g_test_skip ("Stall stacks need glibc");
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/watchdog/block-is-measured", test_block_is_measured);
  g_test_add_func ("/watchdog/stall-stacks", test_stall_stacks);

  return g_test_run ();
}
