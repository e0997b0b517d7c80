/* test-media-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KinemaMediaStream against a real clip: a 3 s, 640x360, 24 fps H.264 MP4
 * generated in-process at start-up. Needs a display (run under Xvfb).
 */
#define G_LOG_DOMAIN "test-media-stream"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gtk/gtk.h>

#include "kinema-media-stream.h"

#define CLIP_SECONDS    3
#define CLIP_WIDTH      640
#define CLIP_HEIGHT     360
#define CLIP_FPS        24
#define FRAME_US        (G_USEC_PER_SEC / CLIP_FPS)     /* 41666 */
#define WAIT_MS         10000                           /* never hang longer */

static char *tmp_dir;
static char *clip_path;
static GError *clip_error;

/* Waiting on the default main context */

typedef gboolean (*Condition) (gpointer data);

static gboolean
set_flag_cb (gpointer data)
{
  *(gboolean *) data = TRUE;

  return G_SOURCE_REMOVE;
}

/* Iterates the default context until @cond holds or @timeout_ms pass.
 * Returns whether @cond holds. */
static gboolean
wait_until (Condition cond,
            gpointer  data,
            guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id;

  id = g_timeout_add (timeout_ms, set_flag_cb, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (id);

  return cond (data);
}

static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
is_prepared (gpointer data)
{
  return gtk_media_stream_is_prepared (data);
}

static gboolean
has_error (gpointer data)
{
  return gtk_media_stream_get_error (data) != NULL;
}

static gboolean
not_seeking (gpointer data)
{
  return !gtk_media_stream_is_seeking (data);
}

static gboolean
is_ended (gpointer data)
{
  return gtk_media_stream_get_ended (data);
}

static gboolean
has_frame (gpointer data)
{
  return kinema_media_stream_get_frames_shown (data) > 0;
}

typedef struct
{
  GtkMediaStream *stream;
  gint64          target_us;
  gint64          tolerance_us;
} TimestampNear;

static gboolean
timestamp_near (gpointer data)
{
  TimestampNear *near = data;
  gint64 ts = gtk_media_stream_get_timestamp (near->stream);

  return ABS (ts - near->target_us) <= near->tolerance_us;
}

typedef struct
{
  GtkMediaStream *stream;
  gint64          old_us;
  guint           old_frames;
} FrameChanged;

static gboolean
frame_changed (gpointer data)
{
  FrameChanged *changed = data;

  return kinema_media_stream_get_frames_shown (KINEMA_MEDIA_STREAM (changed->stream)) > changed->old_frames &&
         gtk_media_stream_get_timestamp (changed->stream) != changed->old_us;
}

static GtkMediaStream *
open_clip (void)
{
  GtkMediaStream *stream;

  g_assert_no_error (clip_error);

  stream = kinema_media_stream_new_for_filename (clip_path);
  g_assert_true (KINEMA_IS_MEDIA_STREAM (stream));

  g_assert_true (wait_until (is_prepared, stream, WAIT_MS));
  g_assert_null (gtk_media_stream_get_error (stream));
  g_assert_true (wait_until (has_frame, stream, WAIT_MS));

  return stream;
}

static void
seek_and_wait (GtkMediaStream *stream,
               gint64          target_us)
{
  TimestampNear near = { stream, target_us, FRAME_US };

  gtk_media_stream_seek (stream, target_us);
  g_assert_true (wait_until (not_seeking, stream, WAIT_MS));
  g_assert_null (gtk_media_stream_get_error (stream));
  g_assert_true (wait_until (timestamp_near, &near, WAIT_MS));
}

/* A window with a GtkVideo showing the stream */

typedef struct
{
  GtkMediaStream *stream;
  GtkWidget      *window;
  GtkWidget      *video;
  guint           paints;
} Player;

static gboolean
window_ready (gpointer data)
{
  Player *player = data;

  return gtk_widget_get_mapped (player->window) &&
         gtk_widget_get_width (player->window) > 0 &&
         player->paints > 0;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Player        *player)
{
  player->paints++;
}

static void
player_open (Player *player)
{
  GdkFrameClock *clock;

  memset (player, 0, sizeof *player);

  player->stream = open_clip ();
  player->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (player->window), "Kinema media stream test");
  gtk_window_set_default_size (GTK_WINDOW (player->window), CLIP_WIDTH, CLIP_HEIGHT);

  player->video = gtk_video_new ();
  gtk_video_set_media_stream (GTK_VIDEO (player->video), player->stream);
  gtk_window_set_child (GTK_WINDOW (player->window), player->video);
  gtk_window_present (GTK_WINDOW (player->window));

  clock = gtk_widget_get_frame_clock (player->window);
  g_assert_nonnull (clock);
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), player);

  g_assert_true (wait_until (window_ready, player, WAIT_MS));
}

static void
player_close (Player *player)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (player->window);

  if (clock != NULL)
    g_signal_handlers_disconnect_by_func (clock, after_paint_cb, player);

  gtk_window_destroy (GTK_WINDOW (player->window));
  player->window = NULL;
  player->video = NULL;
  run_for (50);
  g_assert_finalize_object (g_steal_pointer (&player->stream));
}

/* Pixels */

typedef struct
{
  guint  unique_colours;
  double luma_variance;
} PixelStats;

/* Statistics over a rectangle of a texture, downloaded as cairo ARGB32
 * (B, G, R, A in memory on little endian; read as native guint32). */
static PixelStats
texture_stats (GdkTexture *texture,
               int         x0,
               int         y0,
               int         w,
               int         h)
{
  PixelStats stats = { 0, 0.0 };
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  GHashTable *colours;
  guchar *data;
  double sum = 0.0;
  double sum_sq = 0.0;
  guint n = 0;

  x0 = CLAMP (x0, 0, width);
  y0 = CLAMP (y0, 0, height);
  w = MIN (w, width - x0);
  h = MIN (h, height - y0);

  data = g_malloc (stride * height);
  gdk_texture_download (texture, data, stride);
  colours = g_hash_table_new (NULL, NULL);

  for (int y = y0; y < y0 + h; y++)
    {
      const guint32 *row = (const guint32 *) (data + (gsize) y * stride);

      for (int x = x0; x < x0 + w; x++)
        {
          guint32 pixel = row[x] & 0xffffff;
          double r = (pixel >> 16) & 0xff;
          double g = (pixel >> 8) & 0xff;
          double b = pixel & 0xff;
          double luma = 0.299 * r + 0.587 * g + 0.114 * b;

          g_hash_table_add (colours, GUINT_TO_POINTER (pixel + 1));
          sum += luma;
          sum_sq += luma * luma;
          n++;
        }
    }

  if (n > 0)
    {
      double mean = sum / n;

      stats.luma_variance = sum_sq / n - mean * mean;
    }
  stats.unique_colours = g_hash_table_size (colours);

  g_hash_table_unref (colours);
  g_free (data);

  return stats;
}

/* Renders @widget with its window's own renderer (no external tool). */
static GdkTexture *
render_widget (GtkWidget *widget)
{
  GdkPaintable *paintable;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GskRenderer *renderer;
  GdkTexture *texture;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  gsk_render_node_unref (node);
  g_object_unref (paintable);

  return texture;
}

/* Tests */

/* (a) */
static void
test_prepared (void)
{
  GtkMediaStream *stream = open_clip ();
  GdkPaintable *paintable = GDK_PAINTABLE (stream);
  gint64 duration = gtk_media_stream_get_duration (stream);

  g_test_message ("duration %.3f s, has_audio %d", duration / (double) G_USEC_PER_SEC,
                  gtk_media_stream_has_audio (stream));

  g_assert_true (gtk_media_stream_has_video (stream));
  g_assert_false (gtk_media_stream_has_audio (stream));
  g_assert_true (gtk_media_stream_is_seekable (stream));
  g_assert_cmpint (ABS (duration - CLIP_SECONDS * G_USEC_PER_SEC), <=, G_USEC_PER_SEC / 10);

  g_assert_cmpint (gdk_paintable_get_intrinsic_width (paintable), ==, CLIP_WIDTH);
  g_assert_cmpint (gdk_paintable_get_intrinsic_height (paintable), ==, CLIP_HEIGHT);
  g_assert_cmpfloat_with_epsilon (gdk_paintable_get_intrinsic_aspect_ratio (paintable),
                                  (double) CLIP_WIDTH / CLIP_HEIGHT, 0.001);
  g_assert_cmpint (gdk_paintable_get_flags (paintable), ==, 0);

  /* Prerolled, not playing: the first frame is at 0. */
  g_assert_false (gtk_media_stream_get_playing (stream));
  g_assert_cmpint (gtk_media_stream_get_timestamp (stream), <, FRAME_US);

  g_assert_finalize_object (stream);
}

/* (b) */
static void
test_play (void)
{
  Player player;
  guint frames_before;
  guint paints_before;
  gint64 ts_before;
  gint64 t0;
  guint frames;
  gint64 advanced;

  player_open (&player);

  frames_before = kinema_media_stream_get_frames_shown (KINEMA_MEDIA_STREAM (player.stream));
  paints_before = player.paints;
  ts_before = gtk_media_stream_get_timestamp (player.stream);

  t0 = g_get_monotonic_time ();
  gtk_media_stream_play (player.stream);
  g_assert_true (gtk_media_stream_get_playing (player.stream));
  run_for (1000);

  frames = kinema_media_stream_get_frames_shown (KINEMA_MEDIA_STREAM (player.stream)) - frames_before;
  advanced = gtk_media_stream_get_timestamp (player.stream) - ts_before;

  g_test_message ("played %.3f s wall: %u frames shown, %u window paints, timestamp %.3f -> %.3f s",
                  (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC,
                  frames, player.paints - paints_before,
                  ts_before / (double) G_USEC_PER_SEC,
                  gtk_media_stream_get_timestamp (player.stream) / (double) G_USEC_PER_SEC);

  g_assert_cmpuint (frames, >, 10);
  g_assert_cmpuint (player.paints - paints_before, >, 5);
  g_assert_cmpint (advanced, >, G_USEC_PER_SEC / 2);
  g_assert_cmpint (advanced, <, 2 * G_USEC_PER_SEC);
  g_assert_null (gtk_media_stream_get_error (player.stream));

  gtk_media_stream_pause (player.stream);
  g_assert_false (gtk_media_stream_get_playing (player.stream));

  player_close (&player);
}

/* (c) */
static void
test_screenshot (void)
{
  Player player;
  GdkTexture *shot;
  GdkTexture *frame;
  PixelStats whole;
  PixelStats centre;
  PixelStats video;
  const char *dir;
  char *path;
  int width;
  int height;

  player_open (&player);
  gtk_media_stream_play (player.stream);
  run_for (1000);
  gtk_media_stream_pause (player.stream);
  run_for (100);

  shot = render_widget (player.window);
  g_assert_nonnull (shot);
  width = gdk_texture_get_width (shot);
  height = gdk_texture_get_height (shot);

  dir = g_getenv ("KINEMA_TEST_SCREENSHOT_DIR");
  if (dir == NULL || *dir == '\0')
    dir = g_get_tmp_dir ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, "media-stream.png", NULL);
  g_assert_true (gdk_texture_save_to_png (shot, path));
  g_test_message ("screenshot %dx%d at %.3f s saved to %s", width, height,
                  gtk_media_stream_get_timestamp (player.stream) / (double) G_USEC_PER_SEC, path);

  whole = texture_stats (shot, 0, 0, width, height);
  centre = texture_stats (shot, width / 4, height / 4, width / 2, height / 2);
  g_test_message ("window: %u colours, luma variance %.1f; centre: %u colours, variance %.1f",
                  whole.unique_colours, whole.luma_variance,
                  centre.unique_colours, centre.luma_variance);
  g_assert_cmpuint (whole.unique_colours, >, 16);
  g_assert_cmpfloat (whole.luma_variance, >, 100.0);
  /* The middle of the window is video, not chrome. */
  g_assert_cmpuint (centre.unique_colours, >, 8);
  g_assert_cmpfloat (centre.luma_variance, >, 100.0);

  frame = GDK_TEXTURE (gdk_paintable_get_current_image (GDK_PAINTABLE (player.stream)));
  g_assert_true (GDK_IS_TEXTURE (frame));
  g_assert_cmpint (gdk_texture_get_width (frame), ==, CLIP_WIDTH);
  g_assert_cmpint (gdk_texture_get_height (frame), ==, CLIP_HEIGHT);
  video = texture_stats (frame, 0, 0, CLIP_WIDTH, CLIP_HEIGHT);
  g_test_message ("current frame: %u colours, luma variance %.1f",
                  video.unique_colours, video.luma_variance);
  g_assert_cmpuint (video.unique_colours, >, 16);
  g_assert_cmpfloat (video.luma_variance, >, 100.0);

  g_object_unref (frame);
  g_object_unref (shot);
  g_free (path);
  player_close (&player);
}

typedef struct
{
  guint started;
  guint finished;
} SeekCount;

static void
notify_seeking_cb (GtkMediaStream *stream,
                   GParamSpec     *pspec,
                   SeekCount      *count)
{
  if (gtk_media_stream_is_seeking (stream))
    count->started++;
  else
    count->finished++;
}

/* (d) */
static void
test_seek (void)
{
  GtkMediaStream *stream = open_clip ();
  SeekCount count = { 0, 0 };
  TimestampNear near = { stream, 2 * G_USEC_PER_SEC, FRAME_US / 2 };
  gint64 t0;
  gint64 ts;

  g_signal_connect (stream, "notify::seeking", G_CALLBACK (notify_seeking_cb), &count);

  t0 = g_get_monotonic_time ();
  gtk_media_stream_seek (stream, 2 * G_USEC_PER_SEC);
  g_assert_true (gtk_media_stream_is_seeking (stream));
  g_assert_true (wait_until (not_seeking, stream, WAIT_MS));
  g_assert_null (gtk_media_stream_get_error (stream));
  g_assert_cmpuint (count.started, ==, 1);
  g_assert_cmpuint (count.finished, ==, 1);

  g_assert_true (wait_until (timestamp_near, &near, WAIT_MS));
  ts = gtk_media_stream_get_timestamp (stream);
  g_test_message ("paused seek to 2.000 s done in %.0f ms, timestamp %.3f s",
                  (g_get_monotonic_time () - t0) / 1000.0, ts / (double) G_USEC_PER_SEC);

  /* And while playing. */
  gtk_media_stream_play (stream);
  run_for (200);
  near.target_us = G_USEC_PER_SEC;
  near.tolerance_us = G_USEC_PER_SEC / 2;
  gtk_media_stream_seek (stream, G_USEC_PER_SEC);
  g_assert_true (wait_until (not_seeking, stream, WAIT_MS));
  g_assert_cmpuint (count.finished, ==, 2);
  g_assert_true (gtk_media_stream_get_playing (stream));
  g_assert_true (wait_until (timestamp_near, &near, WAIT_MS));
  g_test_message ("playing seek to 1.000 s, timestamp %.3f s",
                  gtk_media_stream_get_timestamp (stream) / (double) G_USEC_PER_SEC);

  g_signal_handlers_disconnect_by_func (stream, notify_seeking_cb, &count);
  g_assert_finalize_object (stream);
}

typedef struct
{
  gint64   max_us;
  gboolean wrapped;
} LoopWatch;

static void
notify_timestamp_cb (GtkMediaStream *stream,
                     GParamSpec     *pspec,
                     LoopWatch      *watch)
{
  gint64 ts = gtk_media_stream_get_timestamp (stream);

  watch->max_us = MAX (watch->max_us, ts);
  if (watch->max_us >= 2700000 && ts < G_USEC_PER_SEC / 2)
    watch->wrapped = TRUE;
}

static gboolean
has_wrapped (gpointer data)
{
  return ((LoopWatch *) data)->wrapped;
}

/* (e) */
static void
test_loop (void)
{
  GtkMediaStream *stream = open_clip ();
  LoopWatch watch = { 0, FALSE };
  gint64 t0;

  gtk_media_stream_set_loop (stream, TRUE);
  seek_and_wait (stream, 2500000);

  g_signal_connect (stream, "notify::timestamp", G_CALLBACK (notify_timestamp_cb), &watch);
  t0 = g_get_monotonic_time ();
  gtk_media_stream_play (stream);
  g_assert_true (wait_until (has_wrapped, &watch, WAIT_MS));
  g_test_message ("looped after %.0f ms (max timestamp %.3f s), now at %.3f s",
                  (g_get_monotonic_time () - t0) / 1000.0,
                  watch.max_us / (double) G_USEC_PER_SEC,
                  gtk_media_stream_get_timestamp (stream) / (double) G_USEC_PER_SEC);
  g_assert_false (gtk_media_stream_get_ended (stream));
  g_assert_true (gtk_media_stream_get_playing (stream));
  g_assert_null (gtk_media_stream_get_error (stream));
  g_signal_handlers_disconnect_by_func (stream, notify_timestamp_cb, &watch);

  /* Without loop the stream ends, and play() starts it again. */
  gtk_media_stream_set_loop (stream, FALSE);
  seek_and_wait (stream, 2500000);
  g_assert_true (wait_until (is_ended, stream, WAIT_MS));
  g_assert_false (gtk_media_stream_get_playing (stream));
  g_test_message ("ended at %.3f s without loop",
                  gtk_media_stream_get_timestamp (stream) / (double) G_USEC_PER_SEC);

  gtk_media_stream_play (stream);
  g_assert_true (gtk_media_stream_get_playing (stream));
  g_assert_false (gtk_media_stream_get_ended (stream));
  run_for (300);
  g_assert_cmpint (gtk_media_stream_get_timestamp (stream), <, G_USEC_PER_SEC);

  g_assert_finalize_object (stream);
}

static void
check_broken_file (const char *path)
{
  GtkMediaStream *stream;
  const GError *error;

  stream = kinema_media_stream_new_for_filename (path);
  g_assert_true (wait_until (has_error, stream, WAIT_MS));

  error = gtk_media_stream_get_error (stream);
  g_test_message ("%s: %s (%s %d)", path, error->message,
                  g_quark_to_string (error->domain), error->code);
  g_assert_true (gtk_media_stream_is_prepared (stream));
  g_assert_false (gtk_media_stream_has_video (stream));

  /* In an error state everything is a no-op and nothing crashes. */
  gtk_media_stream_play (stream);
  g_assert_false (gtk_media_stream_get_playing (stream));
  gtk_media_stream_seek (stream, G_USEC_PER_SEC);
  kinema_media_stream_step (KINEMA_MEDIA_STREAM (stream), 1);
  kinema_media_stream_set_rate (KINEMA_MEDIA_STREAM (stream), 2.0);
  run_for (100);

  g_assert_finalize_object (stream);
}

/* (f) */
static void
test_broken_files (void)
{
  char *contents = NULL;
  gsize length = 0;
  char *truncated;
  char *text;
  char *missing;
  GError *error = NULL;

  g_assert_no_error (clip_error);

  truncated = g_build_filename (tmp_dir, "truncated.mp4", NULL);
  text = g_build_filename (tmp_dir, "not-a-video.mp4", NULL);
  missing = g_build_filename (tmp_dir, "missing.mp4", NULL);

  g_file_get_contents (clip_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (truncated, contents, length / 2, &error);
  g_assert_no_error (error);
  g_file_set_contents (text, "This is a text file, not a video.\n", -1, &error);
  g_assert_no_error (error);

  check_broken_file (truncated);
  check_broken_file (text);
  check_broken_file (missing);

  g_free (contents);
  g_free (truncated);
  g_free (text);
  g_free (missing);
}

/* (g) */
static void
test_step (void)
{
  GtkMediaStream *stream = open_clip ();
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (stream);
  FrameChanged changed;
  gint64 t0;
  gint64 t1;
  gint64 t2;

  seek_and_wait (stream, G_USEC_PER_SEC);
  run_for (100);
  t0 = gtk_media_stream_get_timestamp (stream);

  changed.stream = stream;
  changed.old_us = t0;
  changed.old_frames = kinema_media_stream_get_frames_shown (self);
  kinema_media_stream_step (self, 1);
  g_assert_true (wait_until (frame_changed, &changed, WAIT_MS));
  t1 = gtk_media_stream_get_timestamp (stream);
  g_test_message ("step +1: %.4f -> %.4f s (delta %.4f s)",
                  t0 / (double) G_USEC_PER_SEC, t1 / (double) G_USEC_PER_SEC,
                  (t1 - t0) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (ABS (t1 - t0 - FRAME_US), <=, FRAME_US / 4);
  g_assert_false (gtk_media_stream_get_playing (stream));

  changed.old_us = t1;
  changed.old_frames = kinema_media_stream_get_frames_shown (self);
  kinema_media_stream_step (self, -1);
  g_assert_true (wait_until (frame_changed, &changed, WAIT_MS));
  t2 = gtk_media_stream_get_timestamp (stream);
  g_test_message ("step -1: %.4f -> %.4f s", t1 / (double) G_USEC_PER_SEC,
                  t2 / (double) G_USEC_PER_SEC);
  g_assert_cmpint (ABS (t2 - t0), <=, FRAME_US / 4);

  /* Stepping from playback pauses first. */
  gtk_media_stream_play (stream);
  run_for (300);
  kinema_media_stream_step (self, 1);
  g_assert_false (gtk_media_stream_get_playing (stream));
  run_for (200);
  g_assert_null (gtk_media_stream_get_error (stream));

  g_assert_finalize_object (stream);
}

/* Rate: at 2x the timestamp moves about twice as fast as the wall clock. */
static void
test_rate (void)
{
  GtkMediaStream *stream = open_clip ();
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (stream);
  gint64 ts0;
  gint64 ts1;
  gint64 t0;
  double ratio;

  kinema_media_stream_set_rate (self, 2.0);
  g_assert_cmpfloat (kinema_media_stream_get_rate (self), ==, 2.0);
  run_for (200);

  ts0 = gtk_media_stream_get_timestamp (stream);
  t0 = g_get_monotonic_time ();
  gtk_media_stream_play (stream);
  run_for (800);
  ts1 = gtk_media_stream_get_timestamp (stream);
  ratio = (double) (ts1 - ts0) / (double) (g_get_monotonic_time () - t0);
  g_test_message ("rate 2.0: timestamp %.3f -> %.3f s, speed ratio %.2f",
                  ts0 / (double) G_USEC_PER_SEC, ts1 / (double) G_USEC_PER_SEC, ratio);
  g_assert_cmpfloat (ratio, >, 1.4);
  g_assert_cmpfloat (ratio, <, 2.6);
  g_assert_null (gtk_media_stream_get_error (stream));

  g_assert_finalize_object (stream);
}

/* Set-up */

static gboolean
generate_clip (const char  *path,
               GError     **error)
{
  GstElement *pipeline;
  GstElement *sink;
  GstMessage *message;
  GstBus *bus;
  char *description;
  gboolean ok = FALSE;

  description = g_strdup_printf ("videotestsrc num-buffers=%d pattern=smpte horizontal-speed=4 "
                                 "! video/x-raw,width=%d,height=%d,framerate=%d/1 "
                                 "! timeoverlay font-desc=\"Sans 32\" "
                                 "! videoconvert ! video/x-raw,format=I420 "
                                 "! x264enc speed-preset=ultrafast key-int-max=%d "
                                 "! h264parse ! mp4mux ! filesink name=sink",
                                 CLIP_SECONDS * CLIP_FPS, CLIP_WIDTH, CLIP_HEIGHT, CLIP_FPS,
                                 CLIP_FPS);
  pipeline = gst_parse_launch (description, error);
  g_free (description);
  if (pipeline == NULL)
    return FALSE;

  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  g_object_set (sink, "location", path, NULL);
  gst_object_unref (sink);

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_timed_pop_filtered (bus, 60 * GST_SECOND,
                                        GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  if (message == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Generating the clip timed out");
    }
  else if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (message, error, NULL);
    }
  else
    {
      ok = TRUE;
    }

  g_clear_pointer (&message, gst_message_unref);
  gst_object_unref (bus);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_object_unref (pipeline);

  return ok;
}

static void
remove_tmp_dir (void)
{
  GDir *dir;
  const char *name;

  dir = g_dir_open (tmp_dir, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          char *path = g_build_filename (tmp_dir, name, NULL);

          g_remove (path);
          g_free (path);
        }
      g_dir_close (dir);
    }
  g_rmdir (tmp_dir);
}

int
main (int   argc,
      char *argv[])
{
  GError *error = NULL;
  gint64 t0;
  int ret;

  /* A silent, clock-synced audio sink whatever the machine has. */
  g_setenv ("KINEMA_AUDIO_SINK", "fake", TRUE);

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  gst_init (&argc, &argv);

  tmp_dir = g_dir_make_tmp ("kinema-media-stream-XXXXXX", &error);
  g_assert_no_error (error);
  clip_path = g_build_filename (tmp_dir, "clip.mp4", NULL);

  t0 = g_get_monotonic_time ();
  if (generate_clip (clip_path, &clip_error))
    g_test_message ("generated %s in %.0f ms", clip_path,
                    (g_get_monotonic_time () - t0) / 1000.0);

  g_test_add_func ("/media-stream/prepared", test_prepared);
  g_test_add_func ("/media-stream/play", test_play);
  g_test_add_func ("/media-stream/screenshot", test_screenshot);
  g_test_add_func ("/media-stream/seek", test_seek);
  g_test_add_func ("/media-stream/loop", test_loop);
  g_test_add_func ("/media-stream/broken-files", test_broken_files);
  g_test_add_func ("/media-stream/step", test_step);
  g_test_add_func ("/media-stream/rate", test_rate);

  ret = g_test_run ();

  remove_tmp_dir ();
  g_clear_error (&clip_error);
  g_free (clip_path);
  g_free (tmp_dir);

  return ret;
}
