/* kinema-media-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-media-stream"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>
#include <gst/app/gstappsink.h>
#include <gst/video/video.h>

#include "kinema-media-stream.h"

/*
 * A GtkMediaStream that plays a file with playbin and shows the video
 * through an appsink (GTK 4.8 has no gtk4paintablesink).
 *
 * Threads: the appsink callbacks run on a GStreamer streaming thread.
 * They only touch the fields under `lock` (the newest sample and the
 * pending idle source) and never call into GTK. Everything else — the
 * bus watch, the idle that turns a sample into a GdkTexture, and all
 * the vfuncs — runs on the main thread, in the global default context.
 */

#define FALLBACK_FRAME_DURATION (40 * GST_MSECOND)

/* GStreamer 1.22's decodebin can swallow a demuxer error that races with
 * its own state change (seen with truncated MP4s in up to one load in ten,
 * also with a bare playbin and fakesinks, no GTK involved): the pipeline
 * then waits for preroll forever and posts nothing more. While preparing,
 * a pipeline that is still changing state and has been silent this long
 * is treated as broken. */
#define PREPARE_STALL_TIMEOUT_US (4 * G_USEC_PER_SEC)
#define WATCHDOG_INTERVAL_MS     500

struct _KinemaMediaStream
{
  GtkMediaStream  parent_instance;

  GFile          *file;
  GstElement     *pipeline;          /* playbin */
  GstElement     *video_sink;        /* appsink, also owned by the pipeline */
  GSource        *bus_source;
  GSource        *watchdog_source;   /* only while preparing */
  gint64          last_message_us;   /* monotonic time of the last bus message */

  /* Shared with the streaming thread */
  GMutex          lock;
  GstSample      *pending_sample;    /* newest sample not yet shown */
  GSource        *idle_source;       /* the one coalesced idle, or NULL */

  /* Main thread only */
  GdkTexture     *texture;
  int             width;             /* display size, pixel aspect applied */
  int             height;
  gint64          frame_time_us;     /* stream time of @texture, -1 if none */
  GstClockTime    frame_duration;
  int             fps_n;             /* 0 when the frame rate is unknown */
  int             fps_d;
  double          rate;
  guint           frames_shown;
  guint           user_seek_pending : 1;
  guint           frame_since_seek : 1;
  guint           needs_resync : 1;
};

static void kinema_media_stream_paintable_init (GdkPaintableInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KinemaMediaStream, kinema_media_stream, GTK_TYPE_MEDIA_STREAM,
                               G_IMPLEMENT_INTERFACE (GDK_TYPE_PAINTABLE,
                                                      kinema_media_stream_paintable_init))

enum {
  PROP_0,
  PROP_FILE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Auxiliary methods */

static gboolean
is_usable (KinemaMediaStream *self)
{
  return self->pipeline != NULL &&
         gtk_media_stream_get_error (GTK_MEDIA_STREAM (self)) == NULL;
}

static gboolean
do_seek (KinemaMediaStream *self,
         GstClockTime       position,
         double             rate,
         GstSeekFlags       flags)
{
  flags |= GST_SEEK_FLAG_FLUSH;

  /* Always set both ends so that a stop left by an earlier reverse
   * seek does not linger. */
  if (rate > 0)
    return gst_element_seek (self->pipeline, rate, GST_FORMAT_TIME, flags,
                             GST_SEEK_TYPE_SET, position,
                             GST_SEEK_TYPE_SET, GST_CLOCK_TIME_NONE);
  else
    return gst_element_seek (self->pipeline, rate, GST_FORMAT_TIME, flags,
                             GST_SEEK_TYPE_SET, 0,
                             GST_SEEK_TYPE_SET, position);
}

/* Where playback restarts after the end: the start, or the end when
 * playing backwards. */
static gboolean
seek_to_beginning (KinemaMediaStream *self)
{
  GstClockTime position = 0;

  if (self->rate < 0)
    {
      gint64 duration = gtk_media_stream_get_duration (GTK_MEDIA_STREAM (self));

      position = duration > 0 ? (GstClockTime) duration * GST_USECOND : GST_CLOCK_TIME_NONE;
    }

  return do_seek (self, position, self->rate, GST_SEEK_FLAG_ACCURATE);
}

static GstClockTime
current_position (KinemaMediaStream *self)
{
  gint64 position = -1;

  if (gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position) && position >= 0)
    return position;

  if (self->frame_time_us >= 0)
    return (GstClockTime) self->frame_time_us * GST_USECOND;

  return (GstClockTime) gtk_media_stream_get_timestamp (GTK_MEDIA_STREAM (self)) * GST_USECOND;
}

/* Frame index <-> start time, exact for a constant frame rate. */
static guint64
frame_index_at (KinemaMediaStream *self,
                GstClockTime       time)
{
  if (self->fps_n > 0 && self->fps_d > 0)
    return gst_util_uint64_scale (time, self->fps_n, (guint64) self->fps_d * GST_SECOND);

  return time / self->frame_duration;
}

static GstClockTime
frame_start (KinemaMediaStream *self,
             guint64            index)
{
  if (self->fps_n > 0 && self->fps_d > 0)
    return gst_util_uint64_scale (index, (guint64) self->fps_d * GST_SECOND, self->fps_n);

  return index * self->frame_duration;
}

static void
stop_watchdog (KinemaMediaStream *self)
{
  if (self->watchdog_source != NULL)
    {
      g_source_destroy (self->watchdog_source);
      g_clear_pointer (&self->watchdog_source, g_source_unref);
    }
}

static void
video_frame_free (gpointer data)
{
  GstVideoFrame *frame = data;

  /* Unmapping also drops the buffer reference the frame holds. */
  gst_video_frame_unmap (frame);
  g_free (frame);
}

/* Wraps the sample's buffer in a texture without copying: the GBytes
 * owns a mapped GstVideoFrame, which holds a reference on the buffer. */
static GdkTexture *
texture_from_sample (GstSample    *sample,
                     GstVideoInfo *info)
{
  GstCaps *caps = gst_sample_get_caps (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  GstVideoFrame *frame;
  GdkTexture *texture;
  GBytes *bytes;
  gsize stride;
  int width;
  int height;

  if (caps == NULL || buffer == NULL)
    return NULL;

  if (!gst_video_info_from_caps (info, caps) ||
      GST_VIDEO_INFO_FORMAT (info) != GST_VIDEO_FORMAT_BGRA)
    return NULL;

  frame = g_new0 (GstVideoFrame, 1);
  if (!gst_video_frame_map (frame, info, buffer, GST_MAP_READ))
    {
      g_free (frame);
      return NULL;
    }

  width = GST_VIDEO_FRAME_WIDTH (frame);
  height = GST_VIDEO_FRAME_HEIGHT (frame);
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (frame, 0);

  if (width <= 0 || height <= 0 || stride < (gsize) width * 4)
    {
      video_frame_free (frame);
      return NULL;
    }

  bytes = g_bytes_new_with_free_func (GST_VIDEO_FRAME_PLANE_DATA (frame, 0),
                                      stride * height,
                                      video_frame_free,
                                      frame);

  /* Decoded video is opaque (alpha 255), so straight and premultiplied
   * alpha are the same thing here. */
  texture = gdk_memory_texture_new (width, height,
                                    GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
                                    bytes, stride);
  g_bytes_unref (bytes);

  return texture;
}

/* Stream time of the sample in microseconds, or -1. A frame that starts
 * before the segment (after an accurate seek) keeps its own timestamp. */
static gint64
sample_stream_time_us (GstSample *sample)
{
  const GstSegment *segment = gst_sample_get_segment (sample);
  GstBuffer *buffer = gst_sample_get_buffer (sample);
  guint64 stream_time = 0;
  int sign;

  if (buffer == NULL || segment == NULL || segment->format != GST_FORMAT_TIME ||
      !GST_BUFFER_PTS_IS_VALID (buffer))
    return -1;

  sign = gst_segment_to_stream_time_full (segment, GST_FORMAT_TIME,
                                          GST_BUFFER_PTS (buffer), &stream_time);
  if (sign > 0)
    return stream_time / GST_USECOND;
  if (sign < 0)
    return 0;

  return -1;
}

static void
present_sample (KinemaMediaStream *self,
                GstSample         *sample)
{
  GdkTexture *texture;
  GstVideoInfo info;
  GstBuffer *buffer;
  gboolean size_changed;
  gint64 time_us;
  int width;
  int height;

  texture = texture_from_sample (sample, &info);
  if (texture == NULL)
    return;

  width = GST_VIDEO_INFO_WIDTH (&info);
  height = GST_VIDEO_INFO_HEIGHT (&info);
  if (GST_VIDEO_INFO_PAR_N (&info) > 0 && GST_VIDEO_INFO_PAR_D (&info) > 0)
    width = (int) gst_util_uint64_scale_int (width,
                                             GST_VIDEO_INFO_PAR_N (&info),
                                             GST_VIDEO_INFO_PAR_D (&info));

  buffer = gst_sample_get_buffer (sample);
  self->fps_n = GST_VIDEO_INFO_FPS_N (&info);
  self->fps_d = GST_VIDEO_INFO_FPS_D (&info);
  if (self->fps_n > 0 && self->fps_d > 0)
    self->frame_duration = gst_util_uint64_scale_int (GST_SECOND, self->fps_d, self->fps_n);
  else if (GST_BUFFER_DURATION_IS_VALID (buffer))
    self->frame_duration = GST_BUFFER_DURATION (buffer);

  size_changed = width != self->width || height != self->height;
  self->width = width;
  self->height = height;

  g_clear_object (&self->texture);
  self->texture = texture;
  self->frames_shown++;
  self->frame_since_seek = TRUE;

  if (size_changed)
    gdk_paintable_invalidate_size (GDK_PAINTABLE (self));
  gdk_paintable_invalidate_contents (GDK_PAINTABLE (self));

  time_us = sample_stream_time_us (sample);
  if (time_us >= 0)
    {
      self->frame_time_us = time_us;
      /* GTK 4.8 only takes updates once prepared; the preroll frame can
       * come first, and stream_prepared_from_pipeline() catches up. */
      if (gtk_media_stream_is_prepared (GTK_MEDIA_STREAM (self)))
        gtk_media_stream_update (GTK_MEDIA_STREAM (self), time_us);
    }
}

/* Callbacks */

static gboolean
present_idle_cb (gpointer user_data)
{
  KinemaMediaStream *self = user_data;
  GstSample *sample;

  g_mutex_lock (&self->lock);
  sample = g_steal_pointer (&self->pending_sample);
  /* The context keeps its own reference while dispatching. */
  g_clear_pointer (&self->idle_source, g_source_unref);
  g_mutex_unlock (&self->lock);

  if (sample != NULL)
    {
      present_sample (self, sample);
      gst_sample_unref (sample);
    }

  return G_SOURCE_REMOVE;
}

/* Streaming thread: keep the newest sample, make sure one idle is queued. */
static void
queue_sample (KinemaMediaStream *self,
              GstSample         *sample)
{
  GstSample *dropped;

  g_mutex_lock (&self->lock);

  dropped = self->pending_sample;
  self->pending_sample = sample;

  if (self->idle_source == NULL)
    {
      self->idle_source = g_idle_source_new ();
      g_source_set_priority (self->idle_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->idle_source, present_idle_cb, self, NULL);
      g_source_set_static_name (self->idle_source, "[kinema] present video frame");
      g_source_attach (self->idle_source, NULL);
    }

  g_mutex_unlock (&self->lock);

  if (dropped != NULL)
    gst_sample_unref (dropped);
}

static GstFlowReturn
appsink_new_sample_cb (GstAppSink *sink,
                       gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_sample (sink);

  if (sample != NULL)
    queue_sample (user_data, sample);

  return GST_FLOW_OK;
}

static GstFlowReturn
appsink_new_preroll_cb (GstAppSink *sink,
                        gpointer    user_data)
{
  GstSample *sample = gst_app_sink_pull_preroll (sink);

  if (sample != NULL)
    queue_sample (user_data, sample);

  return GST_FLOW_OK;
}

static void
stream_prepared_from_pipeline (KinemaMediaStream *self)
{
  GstQuery *query;
  gboolean seekable = FALSE;
  gint64 duration = 0;
  int n_video = 0;
  int n_audio = 0;

  g_object_get (self->pipeline,
                "n-video", &n_video,
                "n-audio", &n_audio,
                NULL);

  if (!gst_element_query_duration (self->pipeline, GST_FORMAT_TIME, &duration) || duration < 0)
    duration = 0;

  query = gst_query_new_seeking (GST_FORMAT_TIME);
  if (gst_element_query (self->pipeline, query))
    gst_query_parse_seeking (query, NULL, &seekable, NULL, NULL);
  gst_query_unref (query);

  g_debug ("Prepared %s: video %d, audio %d, seekable %d, duration %" GST_TIME_FORMAT,
           self->file ? g_file_peek_path (self->file) : "(none)",
           n_video, n_audio, seekable, GST_TIME_ARGS (duration));

  gtk_media_stream_stream_prepared (GTK_MEDIA_STREAM (self),
                                    n_audio > 0,
                                    n_video > 0,
                                    seekable,
                                    duration / GST_USECOND);

  if (self->frame_time_us >= 0)
    gtk_media_stream_update (GTK_MEDIA_STREAM (self), self->frame_time_us);
}

static void
handle_async_done (KinemaMediaStream *self)
{
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self);

  if (!gtk_media_stream_is_prepared (stream))
    {
      stop_watchdog (self);
      stream_prepared_from_pipeline (self);
      return;
    }

  if (!self->user_seek_pending)
    return;

  self->user_seek_pending = FALSE;

  if (gtk_media_stream_is_seeking (stream))
    gtk_media_stream_seek_success (stream);

  /* With video, the prerolled frame reports the position; without one
   * (audio only, or a seek to the very end) ask the pipeline. */
  if (!self->frame_since_seek)
    {
      gint64 position = -1;

      if (gst_element_query_position (self->pipeline, GST_FORMAT_TIME, &position) && position >= 0)
        gtk_media_stream_update (stream, position / GST_USECOND);
    }
}

static void
handle_eos (KinemaMediaStream *self)
{
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self);

  if (!gtk_media_stream_is_prepared (stream))
    return;

  if (gtk_media_stream_get_loop (stream) &&
      gtk_media_stream_is_seekable (stream) &&
      seek_to_beginning (self))
    return;

  if (!gtk_media_stream_get_ended (stream))
    gtk_media_stream_stream_ended (stream);
}

static gboolean
prepare_watchdog_cb (gpointer user_data)
{
  KinemaMediaStream *self = user_data;
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self);
  GstStateChangeReturn ret;

  if (gtk_media_stream_is_prepared (stream) || self->pipeline == NULL)
    {
      g_clear_pointer (&self->watchdog_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }

  if (g_get_monotonic_time () - self->last_message_us < PREPARE_STALL_TIMEOUT_US)
    return G_SOURCE_CONTINUE;

  ret = gst_element_get_state (self->pipeline, NULL, NULL, 0);
  if (ret != GST_STATE_CHANGE_ASYNC && ret != GST_STATE_CHANGE_FAILURE)
    return G_SOURCE_CONTINUE;

  g_debug ("%s stalled while loading; giving up",
           self->file ? g_file_peek_path (self->file) : "(none)");

  g_clear_pointer (&self->watchdog_source, g_source_unref);
  gtk_media_stream_error (stream, GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
                          _("The video could not be loaded"));

  return G_SOURCE_REMOVE;
}

static gboolean
bus_message_cb (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  KinemaMediaStream *self = user_data;

  self->last_message_us = g_get_monotonic_time ();

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ASYNC_DONE:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline))
        handle_async_done (self);
      break;

    case GST_MESSAGE_EOS:
      handle_eos (self);
      break;

    case GST_MESSAGE_ERROR:
      {
        GError *error = NULL;
        char *debug = NULL;

        gst_message_parse_error (message, &error, &debug);
        g_debug ("Error from %s: %s (%s)",
                 GST_MESSAGE_SRC_NAME (message),
                 error ? error->message : "unknown",
                 debug ? debug : "no details");
        g_free (debug);

        if (error == NULL)
          error = g_error_new_literal (GST_STREAM_ERROR, GST_STREAM_ERROR_FAILED,
                                       "Playback failed");

        self->user_seek_pending = FALSE;
        stop_watchdog (self);
        /* Takes ownership; ignored if the stream already has an error. */
        gtk_media_stream_gerror (GTK_MEDIA_STREAM (self), error);
      }
      break;

    case GST_MESSAGE_WARNING:
      {
        GError *error = NULL;

        gst_message_parse_warning (message, &error, NULL);
        g_debug ("Warning from %s: %s",
                 GST_MESSAGE_SRC_NAME (message),
                 error ? error->message : "unknown");
        g_clear_error (&error);
      }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static GstElement *
create_video_sink (KinemaMediaStream *self)
{
  GstAppSinkCallbacks callbacks = { NULL, };
  GstElement *sink;
  GstCaps *caps;

  sink = gst_element_factory_make ("appsink", "kinema-video-sink");
  if (sink == NULL)
    return NULL;

  caps = gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "BGRA",
                              NULL);
  g_object_set (sink,
                "caps", caps,
                "sync", TRUE,
                "max-buffers", 2,
                "drop", TRUE,
                "qos", TRUE,
                "enable-last-sample", FALSE,
                NULL);
  gst_caps_unref (caps);

  callbacks.new_sample = appsink_new_sample_cb;
  callbacks.new_preroll = appsink_new_preroll_cb;
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);

  return gst_object_ref_sink (sink);
}

static void
setup_pipeline (KinemaMediaStream *self)
{
  GtkMediaStream *stream = GTK_MEDIA_STREAM (self);
  GstBus *bus;
  char *uri;

  if (self->file == NULL)
    {
      gtk_media_stream_error (stream, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                              "No file to play");
      return;
    }

  self->pipeline = gst_element_factory_make ("playbin", "kinema-player");
  if (self->pipeline != NULL)
    gst_object_ref_sink (self->pipeline);
  self->video_sink = create_video_sink (self);

  if (self->pipeline == NULL || self->video_sink == NULL)
    {
      gst_clear_object (&self->pipeline);
      gst_clear_object (&self->video_sink);
      gtk_media_stream_error (stream, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                              "The GStreamer elements playbin and appsink are needed to play video");
      return;
    }

  uri = g_file_get_uri (self->file);
  g_object_set (self->pipeline,
                "uri", uri,
                "video-sink", self->video_sink,
                NULL);
  g_free (uri);

  /* Leave the audio sink to playbin (autoaudiosink, which honours the
   * environment) unless asked for a silent, clock-synced one. */
  if (g_strcmp0 (g_getenv ("KINEMA_AUDIO_SINK"), "fake") == 0)
    {
      GstElement *audio_sink = gst_element_factory_make ("fakesink", "kinema-audio-sink");

      if (audio_sink != NULL)
        {
          g_object_set (audio_sink, "sync", TRUE, NULL);
          g_object_set (self->pipeline, "audio-sink", audio_sink, NULL);
        }
    }

  /* Attach explicitly to the global default context, whatever the
   * thread-default context of the caller is. */
  bus = gst_element_get_bus (self->pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, G_SOURCE_FUNC (bus_message_cb), self, NULL);
  g_source_set_static_name (self->bus_source, "[kinema] media stream bus");
  g_source_attach (self->bus_source, NULL);
  gst_object_unref (bus);

  self->last_message_us = g_get_monotonic_time ();
  self->watchdog_source = g_timeout_source_new (WATCHDOG_INTERVAL_MS);
  g_source_set_callback (self->watchdog_source, prepare_watchdog_cb, self, NULL);
  g_source_set_static_name (self->watchdog_source, "[kinema] media stream prepare watchdog");
  g_source_attach (self->watchdog_source, NULL);

  /* Preroll: shows the first frame and leads to stream_prepared(). A
   * failure here is also posted on the bus as an error. */
  gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
}

/* GdkPaintable */

static void
kinema_media_stream_paintable_snapshot (GdkPaintable *paintable,
                                        GdkSnapshot  *snapshot,
                                        double        width,
                                        double        height)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (paintable);

  if (self->texture != NULL)
    gdk_paintable_snapshot (GDK_PAINTABLE (self->texture), snapshot, width, height);
}

static GdkPaintable *
kinema_media_stream_paintable_get_current_image (GdkPaintable *paintable)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (paintable);

  if (self->texture != NULL)
    return GDK_PAINTABLE (g_object_ref (self->texture));

  return gdk_paintable_new_empty (self->width, self->height);
}

static GdkPaintableFlags
kinema_media_stream_paintable_get_flags (GdkPaintable *paintable)
{
  return 0;
}

static int
kinema_media_stream_paintable_get_intrinsic_width (GdkPaintable *paintable)
{
  return KINEMA_MEDIA_STREAM (paintable)->width;
}

static int
kinema_media_stream_paintable_get_intrinsic_height (GdkPaintable *paintable)
{
  return KINEMA_MEDIA_STREAM (paintable)->height;
}

static double
kinema_media_stream_paintable_get_intrinsic_aspect_ratio (GdkPaintable *paintable)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (paintable);

  if (self->width <= 0 || self->height <= 0)
    return 0.0;

  return (double) self->width / (double) self->height;
}

static void
kinema_media_stream_paintable_init (GdkPaintableInterface *iface)
{
  iface->snapshot = kinema_media_stream_paintable_snapshot;
  iface->get_current_image = kinema_media_stream_paintable_get_current_image;
  iface->get_flags = kinema_media_stream_paintable_get_flags;
  iface->get_intrinsic_width = kinema_media_stream_paintable_get_intrinsic_width;
  iface->get_intrinsic_height = kinema_media_stream_paintable_get_intrinsic_height;
  iface->get_intrinsic_aspect_ratio = kinema_media_stream_paintable_get_intrinsic_aspect_ratio;
}

/* GtkMediaStream */

static gboolean
kinema_media_stream_play (GtkMediaStream *stream)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (stream);

  if (self->pipeline == NULL)
    return FALSE;

  if (gtk_media_stream_get_ended (stream))
    seek_to_beginning (self);
  else if (self->needs_resync && gtk_media_stream_has_audio (stream))
    /* A frame step moved only the video sink; line audio up again. */
    do_seek (self, current_position (self), self->rate, GST_SEEK_FLAG_ACCURATE);

  self->needs_resync = FALSE;

  return gst_element_set_state (self->pipeline, GST_STATE_PLAYING) != GST_STATE_CHANGE_FAILURE;
}

static void
kinema_media_stream_pause (GtkMediaStream *stream)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (stream);

  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_PAUSED);
}

static void
kinema_media_stream_seek (GtkMediaStream *stream,
                          gint64          timestamp)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (stream);
  gint64 duration = gtk_media_stream_get_duration (stream);

  if (duration > 0 && timestamp > duration)
    timestamp = duration;

  if (self->pipeline != NULL &&
      do_seek (self, (GstClockTime) timestamp * GST_USECOND, self->rate, GST_SEEK_FLAG_ACCURATE))
    {
      self->user_seek_pending = TRUE;
      self->frame_since_seek = FALSE;
      self->needs_resync = FALSE;
    }
  else
    {
      gtk_media_stream_seek_failed (stream);
    }
}

static void
kinema_media_stream_update_audio (GtkMediaStream *stream,
                                  gboolean        muted,
                                  double          volume)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (stream);

  if (self->pipeline == NULL)
    return;

  /* playbin's volume is linear; a cubic curve matches what people hear
   * when they move a slider. */
  g_object_set (self->pipeline,
                "mute", muted,
                "volume", volume * volume * volume,
                NULL);
}

/* GObject */

static void
kinema_media_stream_constructed (GObject *object)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (object);

  G_OBJECT_CLASS (kinema_media_stream_parent_class)->constructed (object);

  setup_pipeline (self);
}

static void
kinema_media_stream_dispose (GObject *object)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (object);

  /* Going to NULL joins the streaming threads, so no appsink callback
   * can run (or queue an idle) after this. It may block briefly. */
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);

  if (self->bus_source != NULL)
    {
      g_source_destroy (self->bus_source);
      g_clear_pointer (&self->bus_source, g_source_unref);
    }
  stop_watchdog (self);

  g_mutex_lock (&self->lock);
  if (self->idle_source != NULL)
    {
      g_source_destroy (self->idle_source);
      g_clear_pointer (&self->idle_source, g_source_unref);
    }
  g_clear_pointer (&self->pending_sample, gst_sample_unref);
  g_mutex_unlock (&self->lock);

  gst_clear_object (&self->video_sink);
  gst_clear_object (&self->pipeline);
  g_clear_object (&self->texture);

  G_OBJECT_CLASS (kinema_media_stream_parent_class)->dispose (object);
}

static void
kinema_media_stream_finalize (GObject *object)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (object);

  g_clear_object (&self->file);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (kinema_media_stream_parent_class)->finalize (object);
}

static void
kinema_media_stream_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_media_stream_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KinemaMediaStream *self = KINEMA_MEDIA_STREAM (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_media_stream_class_init (KinemaMediaStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkMediaStreamClass *stream_class = GTK_MEDIA_STREAM_CLASS (klass);

  object_class->constructed = kinema_media_stream_constructed;
  object_class->dispose = kinema_media_stream_dispose;
  object_class->finalize = kinema_media_stream_finalize;
  object_class->get_property = kinema_media_stream_get_property;
  object_class->set_property = kinema_media_stream_set_property;

  stream_class->play = kinema_media_stream_play;
  stream_class->pause = kinema_media_stream_pause;
  stream_class->seek = kinema_media_stream_seek;
  stream_class->update_audio = kinema_media_stream_update_audio;

  /**
   * KinemaMediaStream:file:
   *
   * The file being played.
   */
  properties [PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);
}

static void
kinema_media_stream_init (KinemaMediaStream *self)
{
  g_mutex_init (&self->lock);
  self->frame_time_us = -1;
  self->frame_duration = FALLBACK_FRAME_DURATION;
  self->rate = 1.0;
}

/* Public API */

/**
 * kinema_media_stream_new_for_file:
 * @file: the video file
 *
 * Creates a stream that starts loading @file at once. Watch
 * GtkMediaStream:prepared and GtkMediaStream:error.
 *
 * Returns: (transfer full): a new #KinemaMediaStream
 */
GtkMediaStream *
kinema_media_stream_new_for_file (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (KINEMA_TYPE_MEDIA_STREAM,
                       "file", file,
                       NULL);
}

/**
 * kinema_media_stream_new_for_filename:
 * @filename: path of the video file
 *
 * Returns: (transfer full): a new #KinemaMediaStream
 */
GtkMediaStream *
kinema_media_stream_new_for_filename (const char *filename)
{
  GtkMediaStream *stream;
  GFile *file;

  g_return_val_if_fail (filename != NULL, NULL);

  file = g_file_new_for_path (filename);
  stream = kinema_media_stream_new_for_file (file);
  g_object_unref (file);

  return stream;
}

/**
 * kinema_media_stream_set_rate:
 * @self: a #KinemaMediaStream
 * @rate: playback speed; 1.0 is normal, negative plays backwards
 *
 * Changes the playback speed, keeping the current position.
 */
void
kinema_media_stream_set_rate (KinemaMediaStream *self,
                              double             rate)
{
  g_return_if_fail (KINEMA_IS_MEDIA_STREAM (self));
  g_return_if_fail (rate != 0.0);

  if (self->rate == rate)
    return;

  self->rate = rate;

  if (is_usable (self) && gtk_media_stream_is_prepared (GTK_MEDIA_STREAM (self)))
    do_seek (self, current_position (self), rate, GST_SEEK_FLAG_ACCURATE);
}

/**
 * kinema_media_stream_get_rate:
 * @self: a #KinemaMediaStream
 *
 * Returns: the playback speed
 */
double
kinema_media_stream_get_rate (KinemaMediaStream *self)
{
  g_return_val_if_fail (KINEMA_IS_MEDIA_STREAM (self), 1.0);

  return self->rate;
}

/**
 * kinema_media_stream_step:
 * @self: a #KinemaMediaStream
 * @frames: how many frames to move; negative steps back
 *
 * Pauses the stream, then shows the frame @frames frames away from the
 * current one.
 */
void
kinema_media_stream_step (KinemaMediaStream *self,
                          int                frames)
{
  GtkMediaStream *stream;

  g_return_if_fail (KINEMA_IS_MEDIA_STREAM (self));

  stream = GTK_MEDIA_STREAM (self);

  if (frames == 0 || !is_usable (self) || !gtk_media_stream_is_prepared (stream))
    return;

  gtk_media_stream_pause (stream);

  if (frames > 0 && !gtk_media_stream_get_ended (stream) && self->rate > 0)
    {
      /* The video sink drops the current frame and prerolls on the next. */
      gst_element_send_event (self->video_sink,
                              gst_event_new_step (GST_FORMAT_BUFFERS, frames, 1.0, TRUE, FALSE));
      self->needs_resync = TRUE;
    }
  else
    {
      GstClockTime current;
      GstClockTime epsilon;
      gint64 index;

      if (self->frame_time_us >= 0)
        current = (GstClockTime) self->frame_time_us * GST_USECOND;
      else
        current = current_position (self);

      /* An accurate seek shows the frame that covers the target and the
       * decoder clips its timestamp to the target. Aim just past the
       * wanted frame's start: rounding in the container cannot land on
       * the neighbour, and the reported time stays within a millisecond. */
      epsilon = MIN (GST_MSECOND, self->frame_duration / 4);
      index = (gint64) frame_index_at (self, current + epsilon) + frames;
      index = MAX (index, 0);

      if (do_seek (self, frame_start (self, index) + epsilon, self->rate, GST_SEEK_FLAG_ACCURATE))
        self->needs_resync = FALSE;
    }
}

/**
 * kinema_media_stream_get_frames_shown:
 * @self: a #KinemaMediaStream
 *
 * Returns: how many video frames were turned into textures so far
 */
guint
kinema_media_stream_get_frames_shown (KinemaMediaStream *self)
{
  g_return_val_if_fail (KINEMA_IS_MEDIA_STREAM (self), 0);

  return self->frames_shown;
}
