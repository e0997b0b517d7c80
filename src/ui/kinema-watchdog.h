/* kinema-watchdog.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A main-loop watchdog: a 1 ms timeout on a GMainContext that records how
 * late each tick fires, so that a stall of the GTK main loop (blocking I/O,
 * a long computation, a huge model update) shows up as a number.
 *
 * Also the hooks build-aux/bench drives the application with. All of them
 * are off unless their environment variable is set:
 *
 *   KINEMA_WATCHDOG=1             run the watchdog from startup; print its
 *                                 report to stderr at exit and on SIGUSR1
 *   KINEMA_WATCHDOG_STACKS=MS     with KINEMA_WATCHDOG=1: while the loop
 *                                 has been stuck for MS ms, print the main
 *                                 thread's backtrace to stderr every MS/2
 *                                 ms (a developer's tool; addr2line turns
 *                                 the binary's offsets into functions)
 *   KINEMA_BENCH_FIRST_FRAME=1    print "first-frame-us=N" (µs since the
 *                                 process started: KINEMA_BENCH_T0_NS, a
 *                                 CLOCK_REALTIME stamp taken just before
 *                                 exec, else /proc/self/stat) at the main
 *                                 window's first "after-paint", then quit
 *   KINEMA_BENCH_SCROLL=1         after the first frame, scroll the
 *                                 gallery's grid to the end a page per
 *                                 frame (=N: N pages a frame), settle
 *                                 2 s, print "rss-kb=N hwm-kb=N
 *                                 scroll-steps=N ...", then quit
 *   KINEMA_BENCH_LOAD=jobs:200,downloads:10,thumbs:500[,idle:S]
 *                                 after the first frame, run that load
 *                                 through the real engine, downloader and
 *                                 thumbnailer: submit the jobs (10 ms
 *                                 apart; "submit-watchdog-..." figures),
 *                                 reset the watchdog, start the downloads
 *                                 and thumbnails while the jobs poll, and
 *                                 measure until all of it is over:
 *                                   KINEMA_BENCH_MOCK_URL    base URL of a
 *                                     provider (loopback), dialect
 *                                     KINEMA_BENCH_MOCK_DIALECT (default
 *                                     modelstream), key KINEMA_BENCH_MOCK_KEY
 *                                   KINEMA_BENCH_DOWNLOAD_URL  fetched
 *                                     "downloads" times into
 *                                     KINEMA_BENCH_DOWNLOAD_DIR
 *                                   KINEMA_BENCH_THUMBS_DIR  videos to
 *                                     thumbnail (into KINEMA_BENCH_THUMBS_CACHE)
 *                                 (idle:S: run for at least S seconds, e.g.
 *                                 alone, to see the idle loop), then print
 *                                 "load-..." lines and the watchdog
 *                                 report, and quit
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KINEMA_TYPE_WATCHDOG (kinema_watchdog_get_type ())

G_DECLARE_FINAL_TYPE (KinemaWatchdog, kinema_watchdog, KINEMA, WATCHDOG, GObject)

/* @context: NULL for the default main context. @interval_ms: 0 for 1. */
KinemaWatchdog *kinema_watchdog_new            (GMainContext   *context,
                                                guint           interval_ms);
void            kinema_watchdog_start          (KinemaWatchdog *self);
void            kinema_watchdog_stop           (KinemaWatchdog *self);
/* While the loop has not ticked for @threshold_ms, the thread that created
 * the first such sampler writes its backtrace to stderr every
 * @threshold_ms / 2 ms (glibc only; one sampler a process, started on the
 * first call). A developer's tool to find what blocks the loop. */
void            kinema_watchdog_set_stall_stacks (KinemaWatchdog *self,
                                                  guint           threshold_ms);
/* Forgets every tick recorded so far (e.g. the startup's). */
void            kinema_watchdog_reset          (KinemaWatchdog *self);

guint           kinema_watchdog_get_n_ticks    (KinemaWatchdog *self);
/* Lateness in µs: the worst tick, and the @percentile-th (0..100). */
gint64          kinema_watchdog_get_max        (KinemaWatchdog *self);
gint64          kinema_watchdog_get_percentile (KinemaWatchdog *self,
                                                double          percentile);
/* "watchdog-ticks=… watchdog-max-us=… watchdog-p99-us=…", the worst
 * stalls with their time, and a histogram, one item a line. */
char           *kinema_watchdog_format_report  (KinemaWatchdog *self);

/* Reads the variables above and sets up what they ask for on @app. Call
 * once, at the end of the application's startup. Does nothing when none
 * is set. */
void            kinema_watchdog_setup_from_env (GtkApplication *app);

G_END_DECLS
