/* kinema-watchdog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The watchdog is a plain GSource timeout: each tick notes how long after
 * its due time (the previous tick plus the interval) it ran. A main loop
 * that is free runs every tick within about a millisecond (poll() waits in
 * whole milliseconds); a handler that blocks for 40 ms shows up as one tick
 * 40 ms late. Every lateness is kept (4 bytes a tick: 14 MB an hour), so
 * that percentiles are exact.
 *
 * The bench hooks below only read environment variables and otherwise use
 * the application the way a user would: its own window, gallery, engine
 * and thumbnailer. They are for build-aux/bench; see the header.
 */
#define G_LOG_DOMAIN "kinema-watchdog"

#include "config.h"

#include <glib-unix.h>
#ifdef __GLIBC__
#include <execinfo.h>
#include <malloc.h>
#endif
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "kinema-application.h"
#include "kinema-download.h"
#include "kinema-engine.h"
#include "kinema-http-provider.h"
#include "kinema-presets.h"
#include "kinema-thumbnailer.h"
#include "kinema-watchdog.h"

#define N_WORST           8
#define SCROLL_MAX_STEPS  100000
#define SETTLE_MS         2000
#define LOAD_TIMEOUT_S    600
#define LOAD_SUBMIT_MS    10
/* KinemaEngine runs at most this many jobs of one provider at once. */
#define JOBS_PER_PROVIDER 16

typedef struct
{
  gint64 at_us;        /* since start or reset */
  gint64 lateness_us;
} Stall;

struct _KinemaWatchdog
{
  GObject       parent_instance;

  GMainContext *context;
  guint         interval_ms;
  GSource      *source;

  gint64        started_us;   /* monotonic, at start or reset */
  gint64        last_us;      /* monotonic, at the last tick */
  GArray       *samples;      /* gint32 lateness in µs, one per tick */
  Stall         worst[N_WORST];
};

G_DEFINE_FINAL_TYPE (KinemaWatchdog, kinema_watchdog, G_TYPE_OBJECT)


/* Stall stacks (KINEMA_WATCHDOG_STACKS=MS): a thread that, while the main
 * loop has not ticked for MS milliseconds, interrupts the main thread every
 * MS/2 ms with SIGPROF and has it write its own backtrace to stderr. It is
 * a developer's tool to find what blocks the loop; the addresses of static
 * functions are resolved with addr2line. */

#ifdef __GLIBC__
static pthread_t      stacks_main_thread;
static gint64         stacks_threshold_us;
static volatile gint64 stacks_last_tick_us;   /* written by the main thread */
static gint64         stacks_stall_seq;

static void
stacks_signal_handler (int signo)
{
  void *frames[48];
  int n = backtrace (frames, G_N_ELEMENTS (frames));
  static const char head[] = "kinema-watchdog: main thread, stalled:\n";

  (void) signo;
  if (write (STDERR_FILENO, head, sizeof head - 1) < 0)
    return;
  backtrace_symbols_fd (frames, n, STDERR_FILENO);
}

static gpointer
stacks_thread (gpointer user_data)
{
  for (;;)
    {
      gint64 last = stacks_last_tick_us;
      gint64 now = g_get_monotonic_time ();

      if (last > 0 && now - last > stacks_threshold_us)
        {
          char line[96];
          int len;

          stacks_stall_seq++;
          len = g_snprintf (line, sizeof line, "kinema-watchdog: stall %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " ms so far\n",
                            stacks_stall_seq, (now - last) / 1000);
          if (write (STDERR_FILENO, line, (size_t) len) < 0)
            break;
          pthread_kill (stacks_main_thread, SIGPROF);
          g_usleep ((gulong) stacks_threshold_us / 2);
        }
      else
        g_usleep (2000);
    }
  return NULL;
}

static void
stacks_start (guint threshold_ms)
{
  static gsize started;
  void *warm[4];

  /* One sampler a process: it follows whichever watchdog ticked last. */
  if (!g_once_init_enter (&started))
    return;

  stacks_main_thread = pthread_self ();
  stacks_threshold_us = (gint64) MAX (threshold_ms, 4) * 1000;
  /* backtrace() loads libgcc on its first call: not in a signal handler. */
  backtrace (warm, G_N_ELEMENTS (warm));
  signal (SIGPROF, stacks_signal_handler);
  g_thread_unref (g_thread_new ("kinema-stall-stacks", stacks_thread, NULL));
  g_once_init_leave (&started, 1);
}
#endif

void
kinema_watchdog_set_stall_stacks (KinemaWatchdog *self,
                                  guint           threshold_ms)
{
  g_return_if_fail (KINEMA_IS_WATCHDOG (self));

#ifdef __GLIBC__
  if (threshold_ms > 0)
    stacks_start (threshold_ms);
#else
  g_warning ("Stall stacks need glibc's backtrace()");
#endif
}

/* The watchdog */

static void
note_stall (KinemaWatchdog *self,
            gint64          at_us,
            gint64          lateness_us)
{
  guint i = N_WORST;

  /* Kept sorted, worst first. */
  while (i > 0 && self->worst[i - 1].lateness_us < lateness_us)
    {
      if (i < N_WORST)
        self->worst[i] = self->worst[i - 1];
      i--;
    }
  if (i < N_WORST)
    {
      self->worst[i].at_us = at_us;
      self->worst[i].lateness_us = lateness_us;
    }
}

static gboolean
tick_cb (gpointer user_data)
{
  KinemaWatchdog *self = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 lateness = now - (self->last_us + (gint64) self->interval_ms * 1000);
  gint32 sample;

  lateness = CLAMP (lateness, 0, G_MAXINT32);
  sample = (gint32) lateness;
  g_array_append_val (self->samples, sample);
  if (lateness > self->worst[N_WORST - 1].lateness_us)
    note_stall (self, now - self->started_us, lateness);
  self->last_us = now;
#ifdef __GLIBC__
  stacks_last_tick_us = now;
#endif

  return G_SOURCE_CONTINUE;
}

static int
compare_gint32 (gconstpointer a,
                gconstpointer b)
{
  gint32 x = *(const gint32 *) a;
  gint32 y = *(const gint32 *) b;

  return (x > y) - (x < y);
}

static void
kinema_watchdog_finalize (GObject *object)
{
  KinemaWatchdog *self = (KinemaWatchdog *) object;

  kinema_watchdog_stop (self);
  g_clear_pointer (&self->samples, g_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (kinema_watchdog_parent_class)->finalize (object);
}

static void
kinema_watchdog_class_init (KinemaWatchdogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kinema_watchdog_finalize;
}

static void
kinema_watchdog_init (KinemaWatchdog *self)
{
  self->samples = g_array_sized_new (FALSE, FALSE, sizeof (gint32), 64 * 1024);
}

KinemaWatchdog *
kinema_watchdog_new (GMainContext *context,
                     guint         interval_ms)
{
  KinemaWatchdog *self = g_object_new (KINEMA_TYPE_WATCHDOG, NULL);

  self->context = g_main_context_ref (context ? context : g_main_context_default ());
  self->interval_ms = interval_ms ? interval_ms : 1;

  return self;
}

void
kinema_watchdog_reset (KinemaWatchdog *self)
{
  g_return_if_fail (KINEMA_IS_WATCHDOG (self));

  g_array_set_size (self->samples, 0);
  memset (self->worst, 0, sizeof self->worst);
  self->started_us = g_get_monotonic_time ();
  self->last_us = self->started_us;
}

void
kinema_watchdog_start (KinemaWatchdog *self)
{
  g_return_if_fail (KINEMA_IS_WATCHDOG (self));

  if (self->source != NULL)
    return;

  kinema_watchdog_reset (self);
  self->source = g_timeout_source_new (self->interval_ms);
  g_source_set_priority (self->source, G_PRIORITY_DEFAULT);
  g_source_set_callback (self->source, tick_cb, self, NULL);
  g_source_set_static_name (self->source, "[kinema] watchdog");
  g_source_attach (self->source, self->context);
}

void
kinema_watchdog_stop (KinemaWatchdog *self)
{
  g_return_if_fail (KINEMA_IS_WATCHDOG (self));

  if (self->source == NULL)
    return;

  g_source_destroy (self->source);
  g_clear_pointer (&self->source, g_source_unref);
#ifdef __GLIBC__
  /* A stopped watchdog is not a stalled loop. */
  stacks_last_tick_us = 0;
#endif
}

guint
kinema_watchdog_get_n_ticks (KinemaWatchdog *self)
{
  g_return_val_if_fail (KINEMA_IS_WATCHDOG (self), 0);

  return self->samples->len;
}

gint64
kinema_watchdog_get_max (KinemaWatchdog *self)
{
  g_return_val_if_fail (KINEMA_IS_WATCHDOG (self), 0);

  return self->worst[0].lateness_us;
}

gint64
kinema_watchdog_get_percentile (KinemaWatchdog *self,
                                double          percentile)
{
  g_autoptr(GArray) sorted = NULL;
  guint index;

  g_return_val_if_fail (KINEMA_IS_WATCHDOG (self), 0);

  if (self->samples->len == 0)
    return 0;

  sorted = g_array_copy (self->samples);
  g_array_sort (sorted, compare_gint32);
  percentile = CLAMP (percentile, 0.0, 100.0);
  /* Nearest rank. */
  index = (guint) MIN ((double) sorted->len - 1, (percentile / 100.0) * sorted->len);
  return g_array_index (sorted, gint32, index);
}

char *
kinema_watchdog_format_report (KinemaWatchdog *self)
{
  static const gint64 bounds_ms[] = { 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 };
  guint counts[G_N_ELEMENTS (bounds_ms) + 1] = { 0 };
  GString *out = g_string_new (NULL);
  gint64 span_us;

  g_return_val_if_fail (KINEMA_IS_WATCHDOG (self), NULL);

  for (guint i = 0; i < self->samples->len; i++)
    {
      gint64 v = g_array_index (self->samples, gint32, i);
      guint b = 0;

      while (b < G_N_ELEMENTS (bounds_ms) && v >= bounds_ms[b] * 1000)
        b++;
      counts[b]++;
    }

  span_us = self->last_us - self->started_us;
  g_string_append_printf (out, "watchdog-ticks=%u\n", self->samples->len);
  g_string_append_printf (out, "watchdog-seconds=%.1f\n", span_us / (double) G_USEC_PER_SEC);
  g_string_append_printf (out, "watchdog-max-us=%" G_GINT64_FORMAT "\n", kinema_watchdog_get_max (self));
  g_string_append_printf (out, "watchdog-p99-us=%" G_GINT64_FORMAT "\n",
                          kinema_watchdog_get_percentile (self, 99.0));
  g_string_append_printf (out, "watchdog-p999-us=%" G_GINT64_FORMAT "\n",
                          kinema_watchdog_get_percentile (self, 99.9));

  g_string_append (out, "watchdog-worst:");
  for (guint i = 0; i < N_WORST && self->worst[i].lateness_us > 0; i++)
    g_string_append_printf (out, " %.1fms@%.3fs",
                            self->worst[i].lateness_us / 1000.0,
                            self->worst[i].at_us / (double) G_USEC_PER_SEC);
  g_string_append_c (out, '\n');

  g_string_append (out, "watchdog-histogram:");
  for (guint b = 0; b < G_N_ELEMENTS (counts); b++)
    {
      if (b == 0)
        g_string_append_printf (out, " <%" G_GINT64_FORMAT "ms:%u", bounds_ms[0], counts[b]);
      else if (b == G_N_ELEMENTS (bounds_ms))
        g_string_append_printf (out, " >=%" G_GINT64_FORMAT "ms:%u", bounds_ms[b - 1], counts[b]);
      else
        g_string_append_printf (out, " %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "ms:%u",
                                bounds_ms[b - 1], bounds_ms[b], counts[b]);
    }
  g_string_append_c (out, '\n');

  return g_string_free (out, FALSE);
}

/* Bench hooks */

typedef struct
{
  GtkApplication    *app;
  KinemaEngine      *engine;

  guint              n_jobs;
  guint              n_downloads;
  guint              n_thumbs;
  guint              idle_s;          /* at least this long, even with nothing to do */

  GPtrArray         *provider_ids;    /* char * */
  GHashTable        *job_ids;         /* ids of the jobs submitted here */
  guint              submitted;
  guint              submit_errors;
  guint              jobs_done;
  guint              jobs_failed;
  guint              submit_id;

  SoupSession       *session;
  guint              downloads_ok;
  guint              downloads_failed;

  KinemaThumbnailer *thumbnailer;
  guint              thumbs_ok;
  guint              thumbs_failed;

  gint64             started_us;
  gint64             transfers_started_us;
  guint              timeout_id;
  guint              idle_id;
  gboolean           finished;
} Load;

typedef struct
{
  GtkApplication *app;
  KinemaWatchdog *watchdog;
  gint64          t0_real_us;        /* process start, wall clock */

  gboolean        first_frame;
  guint           scroll;             /* pages a frame; 0: no scrolling */
  char           *load_spec;

  GtkWidget      *window;
  GdkFrameClock  *frame_clock;
  gulong          after_paint_id;

  GtkScrollable  *grid;
  guint           scroll_steps;
  guint           at_end_frames;
  gint64          scroll_started_us;

  Load           *load;
} Hooks;

static Hooks hooks;

/* Wall-clock µs at which this process started: the bench's stamp taken
 * just before exec, else the kernel's start time (10 ms resolution). */
static gint64
process_start_real_us (void)
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

static gint64
read_proc_kb (const char *file,
              const char *key)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents (file, &status, NULL, NULL))
    return -1;
  p = strstr (status, key);
  if (p == NULL)
    return -1;
  p += strlen (key);
  while (*p == ':' || *p == ' ' || *p == '\t')
    p++;
  return g_ascii_strtoll (p, NULL, 10);
}

static gint64
read_status_kb (const char *key)
{
  return read_proc_kb ("/proc/self/status", key);
}

static void
print_watchdog_report (FILE *out)
{
  g_autofree char *report = NULL;

  if (hooks.watchdog == NULL)
    return;

  report = kinema_watchdog_format_report (hooks.watchdog);
  fputs (report, out);
  fflush (out);
}

static gboolean
sigusr1_cb (gpointer user_data)
{
  print_watchdog_report (stderr);
  return G_SOURCE_CONTINUE;
}

static void
app_shutdown_cb (GApplication *app,
                 gpointer      user_data)
{
  if (hooks.watchdog != NULL)
    {
      kinema_watchdog_stop (hooks.watchdog);
      print_watchdog_report (stderr);
    }
}

static void
quit (void)
{
  fflush (stdout);
  g_application_quit (G_APPLICATION (hooks.app));
}

/* Scrolling */

static GtkScrollable *
find_grid (GtkWidget *widget)
{
  GtkScrollable *fallback = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkScrollable *found;

      if (GTK_IS_GRID_VIEW (child))
        {
          if (gtk_widget_get_mapped (child))
            return GTK_SCROLLABLE (child);
          fallback = fallback ? fallback : GTK_SCROLLABLE (child);
          continue;
        }

      found = find_grid (child);
      if (found != NULL && gtk_widget_get_mapped (GTK_WIDGET (found)))
        return found;
      fallback = fallback ? fallback : found;
    }

  return fallback;
}

static void
settled_cb (gpointer user_data)
{
  guint n_items = 0;

  if (hooks.grid != NULL)
    {
      GtkSelectionModel *model = gtk_grid_view_get_model (GTK_GRID_VIEW (hooks.grid));

      n_items = model ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
    }

  printf ("scroll-items=%u\n", n_items);
  printf ("scroll-steps=%u\n", hooks.scroll_steps);
  printf ("scroll-seconds=%.2f\n", (g_get_monotonic_time () - hooks.scroll_started_us) / 1e6);
  printf ("rss-kb=%" G_GINT64_FORMAT "\n", read_status_kb ("VmRSS"));
  printf ("hwm-kb=%" G_GINT64_FORMAT "\n", read_status_kb ("VmHWM"));
  /* Where it is: anonymous memory (malloc, textures, thread arenas) and
   * file-backed pages (libraries, fonts, icons). */
  printf ("anon-kb=%" G_GINT64_FORMAT "\n", read_proc_kb ("/proc/self/smaps_rollup", "\nAnonymous"));
#ifdef __GLIBC__
  {
    struct mallinfo2 info = mallinfo2 ();

    printf ("malloc-used-kb=%" G_GSIZE_FORMAT "\n", (info.uordblks + info.hblkhd) / 1024);
    printf ("malloc-free-kb=%" G_GSIZE_FORMAT "\n", info.fordblks / 1024);
  }
#endif
  quit ();
}

/* A page a frame (KINEMA_BENCH_SCROLL=N: N pages), until the end has
 * stayed the end for a few frames (the grid estimates the height of rows
 * it has not measured yet). */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  GtkAdjustment *adj = hooks.grid ? gtk_scrollable_get_vadjustment (hooks.grid) : NULL;
  double value, end;

  if (adj != NULL)
    {
      value = gtk_adjustment_get_value (adj);
      end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

      if (value < end - 0.5 && hooks.scroll_steps < SCROLL_MAX_STEPS)
        {
          gtk_adjustment_set_value (adj, MIN (value + hooks.scroll * gtk_adjustment_get_page_size (adj), end));
          hooks.scroll_steps++;
          hooks.at_end_frames = 0;
          return G_SOURCE_CONTINUE;
        }
    }

  if (++hooks.at_end_frames < 5)
    return G_SOURCE_CONTINUE;

  g_timeout_add_once (SETTLE_MS, settled_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
start_scroll (void)
{
  hooks.grid = find_grid (hooks.window);
  if (hooks.grid == NULL)
    g_printerr ("kinema-watchdog: KINEMA_BENCH_SCROLL: no GtkGridView in the window\n");
  hooks.scroll_started_us = g_get_monotonic_time ();
  printf ("rss-start-kb=%" G_GINT64_FORMAT "\n", read_status_kb ("VmRSS"));
  gtk_widget_add_tick_callback (hooks.window, scroll_tick_cb, NULL, NULL);
}

/* Load */

static void
load_maybe_finish (Load     *load,
                   gboolean  timed_out)
{
  gboolean jobs_over = load->submitted + load->submit_errors == load->n_jobs &&
                       load->jobs_done + load->jobs_failed == load->submitted;
  gboolean downloads_over = load->downloads_ok + load->downloads_failed == load->n_downloads;
  gboolean thumbs_over = load->thumbs_ok + load->thumbs_failed == load->n_thumbs;
  gboolean idle_over = load->idle_id == 0;

  if (load->finished || (!timed_out && !(jobs_over && downloads_over && thumbs_over && idle_over)))
    return;

  load->finished = TRUE;
  g_clear_handle_id (&load->timeout_id, g_source_remove);
  g_clear_handle_id (&load->idle_id, g_source_remove);
  g_clear_handle_id (&load->submit_id, g_source_remove);
  if (hooks.watchdog != NULL)
    kinema_watchdog_stop (hooks.watchdog);

  printf ("load-seconds=%.2f\n", (g_get_monotonic_time () - load->started_us) / 1e6);
  if (load->transfers_started_us != 0)
    printf ("load-measured-seconds=%.2f\n", (g_get_monotonic_time () - load->transfers_started_us) / 1e6);
  printf ("load-timed-out=%d\n", timed_out ? 1 : 0);
  printf ("load-jobs=%u load-jobs-done=%u load-jobs-failed=%u load-submit-errors=%u\n",
          load->n_jobs, load->jobs_done, load->jobs_failed, load->submit_errors);
  printf ("load-downloads=%u load-downloads-ok=%u load-downloads-failed=%u\n",
          load->n_downloads, load->downloads_ok, load->downloads_failed);
  printf ("load-thumbs=%u load-thumbs-ok=%u load-thumbs-failed=%u\n",
          load->n_thumbs, load->thumbs_ok, load->thumbs_failed);
  print_watchdog_report (stdout);
  /* The report is out: the one at shutdown would repeat it. */
  g_clear_object (&hooks.watchdog);
  quit ();
}

static void
load_timeout_cb (gpointer user_data)
{
  Load *load = user_data;

  load->timeout_id = 0;
  load_maybe_finish (load, TRUE);
}

static void
idle_over_cb (gpointer user_data)
{
  Load *load = user_data;

  load->idle_id = 0;
  load_maybe_finish (load, FALSE);
}

static void
job_over_cb (KinemaEngine *engine,
             KinemaJob    *job,
             gpointer      user_data)
{
  Load *load = user_data;

  if (!g_hash_table_remove (load->job_ids, kinema_job_get_id (job)))
    return;

  if (kinema_job_get_state (job) == KINEMA_JOB_DONE)
    load->jobs_done++;
  else
    {
      if (load->jobs_failed == 0)
        g_printerr ("kinema-watchdog: a load job failed: %s\n",
                    kinema_job_get_error_message (job) ? kinema_job_get_error_message (job) : "?");
      load->jobs_failed++;
    }
  load_maybe_finish (load, FALSE);
}

static void start_transfers (Load *load);

static gboolean
submit_next_cb (gpointer user_data)
{
  Load *load = user_data;
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prompt = NULL;
  guint i = load->submitted + load->submit_errors;
  const char *provider_id = g_ptr_array_index (load->provider_ids, i % load->provider_ids->len);

  prompt = g_strdup_printf ("Bench load %u: a paper boat drifts down a rainy street", i);
  kinema_request_set_prompt (request, prompt);
  kinema_request_set_duration (request, 5);

  job = kinema_engine_submit (load->engine, provider_id, request, &error);
  if (job == NULL)
    {
      if (load->submit_errors == 0)
        g_printerr ("kinema-watchdog: a load job was refused: %s\n", error->message);
      load->submit_errors++;
    }
  else
    {
      g_hash_table_add (load->job_ids, g_strdup (kinema_job_get_id (job)));
      load->submitted++;
    }

  if (load->submitted + load->submit_errors < load->n_jobs)
    return G_SOURCE_CONTINUE;

  load->submit_id = 0;
  start_transfers (load);
  load_maybe_finish (load, FALSE);
  return G_SOURCE_REMOVE;
}

static void
download_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;

  if (kinema_download_finish (result, &error))
    load->downloads_ok++;
  else
    {
      g_printerr ("kinema-watchdog: a load download failed: %s\n", error->message);
      load->downloads_failed++;
    }
  load_maybe_finish (load, FALSE);
}

static void
thumb_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = kinema_thumbnailer_request_finish (KINEMA_THUMBNAILER (source), result, &error);
  if (path != NULL)
    load->thumbs_ok++;
  else
    {
      if (load->thumbs_failed == 0)
        g_printerr ("kinema-watchdog: a load thumbnail failed: %s\n", error->message);
      load->thumbs_failed++;
    }
  load_maybe_finish (load, FALSE);
}

static gboolean
add_providers (Load    *load,
               GError **error)
{
  const char *url = g_getenv ("KINEMA_BENCH_MOCK_URL");
  const char *dialect = g_getenv ("KINEMA_BENCH_MOCK_DIALECT");
  const char *key = g_getenv ("KINEMA_BENCH_MOCK_KEY");
  const KinemaProviderConfig *preset;
  guint n_providers;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "KINEMA_BENCH_MOCK_URL is not set");
      return FALSE;
    }
  preset = kinema_presets_lookup (dialect ? dialect : "modelstream");
  if (preset == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "no preset “%s”", dialect);
      return FALSE;
    }

  /* Enough instances of the provider that every job is in flight at once. */
  n_providers = MAX (1, (load->n_jobs + JOBS_PER_PROVIDER - 1) / JOBS_PER_PROVIDER);
  kinema_engine_set_concurrency (load->engine, JOBS_PER_PROVIDER);

  for (guint i = 0; i < n_providers; i++)
    {
      g_autoptr(KinemaProviderConfig) cfg = kinema_provider_config_copy (preset);
      g_autoptr(KinemaProvider) provider = NULL;

      g_free (cfg->id);
      cfg->id = g_strdup_printf ("bench-%u", i);
      g_free (cfg->name);
      cfg->name = g_strdup_printf ("Bench %u", i);
      g_free (cfg->base_url);
      cfg->base_url = g_strdup (url);

      provider = kinema_http_provider_new (cfg, key ? key : "kinema-test-key", error);
      if (provider == NULL)
        return FALSE;
      kinema_engine_add_provider (load->engine, provider);
      g_ptr_array_add (load->provider_ids, g_strdup (cfg->id));
    }

  return TRUE;
}

static void
start_thumbnails (Load *load)
{
  const char *dir_path = g_getenv ("KINEMA_BENCH_THUMBS_DIR");
  const char *cache = g_getenv ("KINEMA_BENCH_THUMBS_CACHE");
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (dir_path != NULL)
    dir = g_dir_open (dir_path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".mp4"))
      g_ptr_array_add (files, g_build_filename (dir_path, name, NULL));

  if (files->len == 0)
    {
      g_printerr ("kinema-watchdog: KINEMA_BENCH_THUMBS_DIR holds no .mp4 files\n");
      load->thumbs_failed = load->n_thumbs;
      return;
    }

  /* Like the gallery's: the default number of workers. */
  load->thumbnailer = kinema_thumbnailer_new (cache, 0);
  kinema_thumbnailer_set_max_pending (load->thumbnailer, load->n_thumbs + 1);
  for (guint i = 0; i < load->n_thumbs; i++)
    kinema_thumbnailer_request_async (load->thumbnailer, g_ptr_array_index (files, i % files->len),
                                      160 + 2 * (int) (i / files->len), NULL, thumb_done_cb, load);
}

static void
start_downloads (Load *load)
{
  const char *url = g_getenv ("KINEMA_BENCH_DOWNLOAD_URL");
  const char *dir = g_getenv ("KINEMA_BENCH_DOWNLOAD_DIR");

  if (url == NULL || *url == '\0')
    {
      g_printerr ("kinema-watchdog: KINEMA_BENCH_DOWNLOAD_URL is not set\n");
      load->downloads_failed = load->n_downloads;
      return;
    }

  /* All of them at once, as when several finished results arrive. */
  load->session = soup_session_new_with_options ("max-conns", 64,
                                                 "max-conns-per-host", 32,
                                                 NULL);
  for (guint i = 0; i < load->n_downloads; i++)
    {
      g_autofree char *name = g_strdup_printf ("bench-download-%u.mp4", i);
      g_autofree char *dest = g_build_filename (dir ? dir : g_get_tmp_dir (), name, NULL);

      kinema_download_async (load->session, url, dest, 0, NULL, NULL, NULL, download_done_cb, load);
    }
}

/* The submissions are done: report the watchdog for them on their own,
 * then measure the jobs polling while the downloads and thumbnails run. */
static void
start_transfers (Load *load)
{
  if (hooks.watchdog != NULL && load->n_jobs > 0)
    {
      printf ("submit-seconds=%.2f\n", (g_get_monotonic_time () - load->started_us) / 1e6);
      printf ("submit-watchdog-max-us=%" G_GINT64_FORMAT "\n", kinema_watchdog_get_max (hooks.watchdog));
      printf ("submit-watchdog-p99-us=%" G_GINT64_FORMAT "\n",
              kinema_watchdog_get_percentile (hooks.watchdog, 99.0));
      kinema_watchdog_reset (hooks.watchdog);
    }
  load->transfers_started_us = g_get_monotonic_time ();

  if (load->n_downloads > 0)
    start_downloads (load);
  if (load->n_thumbs > 0)
    start_thumbnails (load);
}

static gboolean
parse_load_spec (Load       *load,
                 const char *spec)
{
  g_auto(GStrv) items = g_strsplit (spec, ",", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) kv = g_strsplit (g_strstrip (items[i]), ":", 2);
      guint64 n;

      if (kv[0] == NULL || kv[1] == NULL ||
          !g_ascii_string_to_unsigned (kv[1], 10, 0, 100000, &n, NULL))
        return FALSE;
      if (g_str_equal (kv[0], "jobs"))
        load->n_jobs = (guint) n;
      else if (g_str_equal (kv[0], "downloads"))
        load->n_downloads = (guint) n;
      else if (g_str_equal (kv[0], "thumbs"))
        load->n_thumbs = (guint) n;
      else if (g_str_equal (kv[0], "idle"))
        load->idle_s = (guint) n;
      else
        return FALSE;
    }
  return TRUE;
}

static void
start_load (void)
{
  Load *load = g_new0 (Load, 1);
  g_autoptr(GError) error = NULL;

  hooks.load = load;
  load->app = hooks.app;
  load->engine = kinema_application_get_engine (KINEMA_APPLICATION (hooks.app));
  load->provider_ids = g_ptr_array_new_with_free_func (g_free);
  load->job_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!parse_load_spec (load, hooks.load_spec))
    {
      g_printerr ("kinema-watchdog: KINEMA_BENCH_LOAD=%s: expected jobs:N,downloads:N,thumbs:N,idle:S\n",
                  hooks.load_spec);
      quit ();
      return;
    }
  if (load->engine == NULL)
    {
      g_printerr ("kinema-watchdog: KINEMA_BENCH_LOAD: the application has no engine\n");
      quit ();
      return;
    }
  if (load->n_jobs > 0 && !add_providers (load, &error))
    {
      g_printerr ("kinema-watchdog: KINEMA_BENCH_LOAD: %s\n", error->message);
      quit ();
      return;
    }

  g_signal_connect (load->engine, "job-finished", G_CALLBACK (job_over_cb), load);
  g_signal_connect (load->engine, "job-failed", G_CALLBACK (job_over_cb), load);

  /* Only the load counts, not the startup before it. */
  if (hooks.watchdog != NULL)
    kinema_watchdog_reset (hooks.watchdog);
  load->started_us = g_get_monotonic_time ();
  load->timeout_id = g_timeout_add_once (LOAD_TIMEOUT_S * 1000, load_timeout_cb, load);
  if (load->idle_s > 0)
    load->idle_id = g_timeout_add_once (load->idle_s * 1000, idle_over_cb, load);

  /* One job every few milliseconds, as a storyboard's shots would go;
   * the rest once they are all in flight. */
  if (load->n_jobs > 0)
    load->submit_id = g_timeout_add (LOAD_SUBMIT_MS, submit_next_cb, load);
  else
    start_transfers (load);

  load_maybe_finish (load, FALSE);
}

/* The first frame */

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  gint64 elapsed = g_get_real_time () - hooks.t0_real_us;

  g_clear_signal_handler (&hooks.after_paint_id, clock);

  if (hooks.first_frame)
    {
      printf ("first-frame-us=%" G_GINT64_FORMAT "\n", elapsed);
      quit ();
      return;
    }

  if (hooks.scroll > 0)
    start_scroll ();
  if (hooks.load_spec != NULL)
    start_load ();
}

static void
window_realize_cb (GtkWidget *window,
                   gpointer   user_data)
{
  hooks.frame_clock = gtk_widget_get_frame_clock (window);
  hooks.after_paint_id = g_signal_connect (hooks.frame_clock, "after-paint",
                                           G_CALLBACK (after_paint_cb), NULL);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  /* The main window is the first one. */
  if (hooks.window != NULL)
    return;

  hooks.window = GTK_WIDGET (window);
  g_signal_connect (window, "realize", G_CALLBACK (window_realize_cb), NULL);
}

void
kinema_watchdog_setup_from_env (GtkApplication *app)
{
  const char *load;

  g_return_if_fail (GTK_IS_APPLICATION (app));

  hooks.app = app;
  hooks.first_frame = g_strcmp0 (g_getenv ("KINEMA_BENCH_FIRST_FRAME"), "1") == 0;
  if (hooks.first_frame)
    hooks.t0_real_us = process_start_real_us ();
  hooks.scroll = (guint) CLAMP (g_ascii_strtoll (g_getenv ("KINEMA_BENCH_SCROLL") ? g_getenv ("KINEMA_BENCH_SCROLL") : "0",
                                                 NULL, 10), 0, 1000);
  load = g_getenv ("KINEMA_BENCH_LOAD");
  if (load != NULL && *load != '\0')
    hooks.load_spec = g_strdup (load);

  if (g_strcmp0 (g_getenv ("KINEMA_WATCHDOG"), "1") == 0)
    {
      hooks.watchdog = kinema_watchdog_new (NULL, 1);
      kinema_watchdog_start (hooks.watchdog);
      g_unix_signal_add (SIGUSR1, sigusr1_cb, NULL);
      g_signal_connect (app, "shutdown", G_CALLBACK (app_shutdown_cb), NULL);
#ifdef __GLIBC__
      if (g_getenv ("KINEMA_WATCHDOG_STACKS") != NULL)
        kinema_watchdog_set_stall_stacks (hooks.watchdog,
                                          (guint) g_ascii_strtoull (g_getenv ("KINEMA_WATCHDOG_STACKS"), NULL, 10));
#endif
    }

  if (hooks.first_frame || hooks.scroll > 0 || hooks.load_spec != NULL)
    g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
}
