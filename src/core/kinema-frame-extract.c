/* kinema-frame-extract.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One frame out of a clip, for thumbnails and for "continue from the last
 * frame".
 *
 * The pipeline is playbin with flags=video (no audio is decoded) and a
 * video-sink bin "videoscale ! videoconvert ! appsink". playbin finds the
 * demuxer and decoder itself; uridecodebin with caps=video/x-raw does not
 * link on this platform. Everything runs in the calling thread: the bus
 * is read with gst_bus_timed_pop_filtered() in short slices, so that
 * cancellation is noticed quickly and no wait outlives the deadline.
 *
 * A frame inside the clip: PAUSED, then a flushing ACCURATE seek (a
 * key-unit seek lands on the first frame of long GOPs) and the new preroll
 * sample. The last frame: seeking to the duration often prerolls nothing,
 * so the tail (the last second) is decoded in PLAYING with sync=false and
 * the final sample is kept.
 */
#define G_LOG_DOMAIN "kinema-frame-extract"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "kinema-error.h"
#include "kinema-frame-extract.h"
#include "kinema-frame-extract-private.h"

#define POLL_SLICE          (50 * GST_MSECOND)
#define TAIL_LENGTH         GST_SECOND
#define PNG_ENCODE_TIMEOUT  (10 * GST_SECOND)
#define LAST_FRAME_TIMEOUT  (30 * G_USEC_PER_SEC)
#define STREAMS_TIMEOUT     (3 * G_USEC_PER_SEC)

typedef struct
{
  const char   *path;
  char         *name;          /* for messages */
  GstElement   *pipeline;
  GstElement   *appsink;
  GstBus       *bus;
  GCancellable *cancellable;
  gint64        deadline;      /* monotonic, µs */
  gint64        timeout_us;
  guint         decode_threads; /* 0: the decoder's own choice */
} Grab;

static void
grab_clear (Grab *grab)
{
  if (grab->pipeline != NULL)
    gst_element_set_state (grab->pipeline, GST_STATE_NULL);

  g_clear_pointer (&grab->name, g_free);
  g_clear_object (&grab->bus);
  g_clear_object (&grab->appsink);
  g_clear_object (&grab->pipeline);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Grab, grab_clear)

typedef struct
{
  char *video_path;
  char *png_path;
  int   width;
  int   height;
} ExtractData;

static void
extract_data_free (ExtractData *data)
{
  g_free (data->video_path);
  g_free (data->png_path);
  g_free (data);
}

/* Helpers */

gboolean
_kinema_frame_ensure_gst (GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (gst_is_initialized () || gst_init_check (NULL, NULL, &local_error))
    return TRUE;

  g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
               _("GStreamer could not be initialised: %s"), local_error->message);
  return FALSE;
}

static gboolean
check_file (const char  *path,
            const char  *name,
            GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("Cannot read the video “%s”: %s"), name, g_strerror (saved_errno));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("“%s” is not a video file"), name);
      return FALSE;
    }

  if (st.st_size == 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("The video “%s” is empty"), name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_abort (Grab    *grab,
             GError **error)
{
  if (g_cancellable_set_error_if_cancelled (grab->cancellable, error))
    return FALSE;

  if (g_get_monotonic_time () > grab->deadline)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("Reading the video “%s” took longer than %d seconds; the file may be damaged"),
                   grab->name, (int) (grab->timeout_us / G_USEC_PER_SEC));
      return FALSE;
    }

  return TRUE;
}

static void
set_error_from_message (Grab        *grab,
                        GstMessage  *message,
                        GError     **error)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("%s: %s (%s)", grab->path, gst_error->message, debug ? debug : "no details");

  g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
               _("“%s” is not a playable video: %s"), grab->name, gst_error->message);
}

/* A pending error on the bus, without waiting. */
static gboolean
check_bus (Grab    *grab,
           GError **error)
{
  g_autoptr(GstMessage) message = gst_bus_pop_filtered (grab->bus, GST_MESSAGE_ERROR);

  if (message == NULL)
    return TRUE;

  set_error_from_message (grab, message, error);
  return FALSE;
}

/* decodebin drops the errors of an element while it sets that element to
 * PAUSED. qtdemux fails a file without a moov atom (an interrupted
 * download) inside that window, so the error never reaches the bus and
 * the pipeline just waits. A local file exposes its streams long before
 * its first frame is decoded: no video stream after a few seconds means
 * there is none to come. */
static gboolean
check_streams_exposed (Grab    *grab,
                       gint64   waiting_since,
                       GError **error)
{
  int n_video = 0;

  if (g_get_monotonic_time () - waiting_since < STREAMS_TIMEOUT)
    return TRUE;

  g_object_get (grab->pipeline, "n-video", &n_video, NULL);
  if (n_video > 0)
    return TRUE;

  g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
               _("“%s” is not a playable video: no video stream was found; the file may be incomplete"),
               grab->name);
  return FALSE;
}

/* Waits for the pipeline's ASYNC_DONE (preroll after a state change or a
 * flushing seek). */
static gboolean
wait_async_done (Grab    *grab,
                 GError **error)
{
  gint64 waiting_since = g_get_monotonic_time ();

  for (;;)
    {
      g_autoptr(GstMessage) message = NULL;

      if (!check_abort (grab, error) || !check_streams_exposed (grab, waiting_since, error))
        return FALSE;

      message = gst_bus_timed_pop_filtered (grab->bus, POLL_SLICE,
                                            GST_MESSAGE_ERROR |
                                            GST_MESSAGE_ASYNC_DONE |
                                            GST_MESSAGE_EOS);
      if (message == NULL)
        continue;

      switch (GST_MESSAGE_TYPE (message))
        {
        case GST_MESSAGE_ERROR:
          set_error_from_message (grab, message, error);
          return FALSE;

        case GST_MESSAGE_EOS:
          return TRUE;

        case GST_MESSAGE_ASYNC_DONE:
          if (GST_MESSAGE_SRC (message) == GST_OBJECT (grab->pipeline))
            return TRUE;
          break;

        default:
          break;
        }
    }
}

static gboolean
set_state (Grab      *grab,
           GstState   state,
           GError   **error)
{
  GstStateChangeReturn ret = gst_element_set_state (grab->pipeline, state);

  if (ret == GST_STATE_CHANGE_FAILURE)
    {
      if (!check_bus (grab, error))
        return FALSE;

      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("“%s” is not a playable video"), grab->name);
      return FALSE;
    }

  if (ret == GST_STATE_CHANGE_ASYNC && state == GST_STATE_PAUSED)
    return wait_async_done (grab, error);

  return TRUE;
}

static GstElement *
add_element (GstBin      *bin,
             const char  *factory,
             GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                   _("The GStreamer element “%s” is missing; install the GStreamer base plugins"),
                   factory);
      return NULL;
    }

  gst_bin_add (bin, element);
  return element;
}

/* videoscale ! videoconvert ! appsink, with a ghost "sink" pad. Scaling
 * before the conversion keeps the RGB conversion at the small size. */
static GstElement *
make_video_sink (int          width,
                 GstElement **appsink_out,
                 GError     **error)
{
  g_autoptr(GstElement) bin = gst_object_ref_sink (gst_bin_new ("kinema-frame-sink"));
  g_autoptr(GstCaps) caps = NULL;
  g_autoptr(GstPad) pad = NULL;
  GstElement *scale, *convert, *sink;

  if (!(scale = add_element (GST_BIN (bin), "videoscale", error))
      || !(convert = add_element (GST_BIN (bin), "videoconvert", error))
      || !(sink = add_element (GST_BIN (bin), "appsink", error)))
    return NULL;

  if (width > 0)
    caps = gst_caps_new_simple ("video/x-raw",
                                "format", G_TYPE_STRING, "RGB",
                                "width", G_TYPE_INT, width,
                                "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                                NULL);
  else
    caps = gst_caps_new_empty_simple ("video/x-raw");

  gst_app_sink_set_caps (GST_APP_SINK (sink), caps);
  g_object_set (sink,
                "sync", FALSE,
                "enable-last-sample", FALSE,
                "max-buffers", 2,
                "drop", FALSE,
                NULL);

  if (!gst_element_link_many (scale, convert, sink, NULL))
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                           _("Cannot build the video frame pipeline"));
      return NULL;
    }

  pad = gst_element_get_static_pad (scale, "sink");
  gst_element_add_pad (bin, gst_ghost_pad_new ("sink", pad));

  *appsink_out = gst_object_ref (sink);
  return g_steal_pointer (&bin);
}

/* playbin's "element-setup": a decoder with a thread count (the libav
 * ones) gets the one asked for. */
static void
element_setup_cb (GstElement *playbin,
                  GstElement *element,
                  gpointer    user_data)
{
  Grab *grab = user_data;
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (element), "max-threads");

  if (pspec != NULL && G_PARAM_SPEC_VALUE_TYPE (pspec) == G_TYPE_INT && (pspec->flags & G_PARAM_WRITABLE))
    g_object_set (element, "max-threads", (int) grab->decode_threads, NULL);
}

static gboolean
grab_open (Grab        *grab,
           int          width,
           GError     **error)
{
  g_autoptr(GstElement) video_sink = NULL;
  GstElement *audio_sink;
  g_autofree char *absolute = NULL;
  g_autofree char *uri = NULL;
  int n_video = 0;

  absolute = g_canonicalize_filename (grab->path, NULL);
  uri = g_filename_to_uri (absolute, NULL, NULL);
  if (uri == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("Cannot read the video “%s”: the file name is not valid"), grab->name);
      return FALSE;
    }

  grab->pipeline = gst_element_factory_make ("playbin", NULL);
  if (grab->pipeline == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                   _("The GStreamer element “%s” is missing; install the GStreamer base plugins"),
                   "playbin");
      return FALSE;
    }
  gst_object_ref_sink (grab->pipeline);

  video_sink = make_video_sink (width, &grab->appsink, error);
  if (video_sink == NULL)
    return FALSE;

  /* playbin would still build (and open) the default audio sink while
   * plugging an audio stream, even with the audio flag off. */
  audio_sink = gst_element_factory_make ("fakesink", NULL);
  if (audio_sink == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                   _("The GStreamer element “%s” is missing; install the GStreamer base plugins"),
                   "fakesink");
      return FALSE;
    }

  g_object_set (grab->pipeline,
                "uri", uri,
                "video-sink", video_sink,
                "audio-sink", audio_sink,
                NULL);
  /* Only the video: no audio decoding, no subtitles, no deinterlacing. */
  gst_util_set_object_arg (G_OBJECT (grab->pipeline), "flags", "video");

  grab->bus = gst_element_get_bus (grab->pipeline);
  if (grab->decode_threads > 0)
    g_signal_connect (grab->pipeline, "element-setup", G_CALLBACK (element_setup_cb), grab);

  if (!set_state (grab, GST_STATE_PAUSED, error))
    return FALSE;

  g_object_get (grab->pipeline, "n-video", &n_video, NULL);
  if (n_video <= 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("“%s” holds no video stream"), grab->name);
      return FALSE;
    }

  return TRUE;
}

/* appsink reuses the sample it hands out and later sets new caps on it;
 * holding its object while the pipeline goes on (a seek, the next frame)
 * makes that fail with a critical. Keep our own sample instead (the
 * buffer is shared by reference, not copied). */
static GstSample *
own_sample (GstSample *sample)
{
  GstSample *copy;

  if (sample == NULL)
    return NULL;
  copy = gst_sample_copy (sample);
  gst_sample_unref (sample);
  return copy;
}

static GstSample *
pull_preroll (Grab *grab)
{
  /* After ASYNC_DONE the preroll sample is already there (or EOS is). */
  return own_sample (gst_app_sink_try_pull_preroll (GST_APP_SINK (grab->appsink), GST_SECOND));
}

static GstSample *
grab_at (Grab     *grab,
         double    position,
         GError  **error)
{
  g_autoptr(GstSample) first = pull_preroll (grab);
  g_autoptr(GstSample) sample = NULL;
  gint64 duration = 0;

  if (position > 0.0
      && gst_element_query_duration (grab->pipeline, GST_FORMAT_TIME, &duration)
      && duration > 0)
    {
      gint64 target = (gint64) ((double) duration * MIN (position, 1.0));

      /* Stay clear of the very end, where nothing may preroll. */
      target = CLAMP (target, 0, MAX (0, duration - TAIL_LENGTH / 10));

      if (gst_element_seek_simple (grab->pipeline, GST_FORMAT_TIME,
                                   GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                   target))
        {
          if (!wait_async_done (grab, error))
            return NULL;
          sample = pull_preroll (grab);
        }
      else
        g_debug ("%s: seek to %" GST_TIME_FORMAT " refused; using the first frame",
                 grab->path, GST_TIME_ARGS (target));
    }

  if (sample == NULL)
    sample = g_steal_pointer (&first);

  if (sample == NULL)
    {
      if (check_bus (grab, error))
        g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                     _("No picture could be decoded from “%s”; the file may be damaged"),
                     grab->name);
      return NULL;
    }

  return g_steal_pointer (&sample);
}

static GstSample *
grab_last (Grab    *grab,
           GError **error)
{
  g_autoptr(GstSample) first = pull_preroll (grab);
  g_autoptr(GstSample) last = NULL;
  gint64 duration = 0;
  guint n_samples = 0;

  if (gst_element_query_duration (grab->pipeline, GST_FORMAT_TIME, &duration)
      && duration > TAIL_LENGTH)
    {
      if (gst_element_seek_simple (grab->pipeline, GST_FORMAT_TIME,
                                   GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_ACCURATE,
                                   duration - TAIL_LENGTH))
        {
          if (!wait_async_done (grab, error))
            return NULL;
        }
      else
        g_debug ("%s: seek to the tail refused; decoding the whole clip", grab->path);
    }

  if (!set_state (grab, GST_STATE_PLAYING, error))
    return NULL;

  for (;;)
    {
      GstSample *sample;

      if (!check_abort (grab, error) || !check_bus (grab, error))
        return NULL;

      sample = own_sample (gst_app_sink_try_pull_sample (GST_APP_SINK (grab->appsink), POLL_SLICE));
      if (sample != NULL)
        {
          /* Drop the previous one at once: decoders have few buffers. */
          g_clear_pointer (&last, gst_sample_unref);
          last = sample;
          n_samples++;
        }
      else if (gst_app_sink_is_eos (GST_APP_SINK (grab->appsink)))
        break;
    }

  g_debug ("%s: decoded %u frames of the tail", grab->path, n_samples);

  if (last == NULL)
    last = g_steal_pointer (&first);

  if (last == NULL)
    {
      if (check_bus (grab, error))
        g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                     _("No picture could be decoded from “%s”; the file may be damaged"),
                     grab->name);
      return NULL;
    }

  return g_steal_pointer (&last);
}

GstSample *
_kinema_frame_grab (const char    *video_path,
                    double         position,
                    int            width,
                    gint64         timeout_us,
                    guint          decode_threads,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_auto(Grab) grab = { 0 };
  GstSample *sample;

  g_return_val_if_fail (video_path != NULL, NULL);
  g_return_val_if_fail (width >= 0, NULL);
  g_return_val_if_fail (timeout_us > 0, NULL);

  grab.path = video_path;
  grab.name = g_filename_display_basename (video_path);
  grab.cancellable = cancellable;
  grab.timeout_us = timeout_us;
  grab.decode_threads = decode_threads;
  grab.deadline = g_get_monotonic_time () + timeout_us;

  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || !check_file (video_path, grab.name, error)
      || !_kinema_frame_ensure_gst (error)
      || !grab_open (&grab, width, error))
    return NULL;

  g_debug ("%s: prerolled in %.1f ms", video_path,
           (g_get_monotonic_time () - (grab.deadline - timeout_us)) / 1000.0);

  if (position < 0.0)
    sample = grab_last (&grab, error);
  else
    sample = grab_at (&grab, position, error);

  g_debug ("%s: frame ready in %.1f ms", video_path,
           (g_get_monotonic_time () - (grab.deadline - timeout_us)) / 1000.0);

  return sample;
}

gboolean
_kinema_frame_save_png (GstSample              *sample,
                        const char             *png_path,
                        GFileSetContentsFlags   flags,
                        int                     mode,
                        int                    *width,
                        int                    *height,
                        GError                **error)
{
  g_autoptr(GstCaps) png_caps = gst_caps_new_empty_simple ("image/png");
  g_autoptr(GstSample) png = NULL;
  g_autoptr(GError) local_error = NULL;
  GstVideoInfo info;
  GstMapInfo map;
  GstBuffer *buffer;
  gboolean ok;

  g_return_val_if_fail (sample != NULL, FALSE);
  g_return_val_if_fail (png_path != NULL, FALSE);

  if (gst_sample_get_caps (sample) == NULL
      || !gst_video_info_from_caps (&info, gst_sample_get_caps (sample)))
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                           _("The decoded picture has no usable format"));
      return FALSE;
    }

  png = gst_video_convert_sample (sample, png_caps, PNG_ENCODE_TIMEOUT, &local_error);
  buffer = png != NULL ? gst_sample_get_buffer (png) : NULL;
  if (buffer == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                   _("Cannot encode the picture as PNG: %s"),
                   local_error ? local_error->message : _("no output"));
      return FALSE;
    }

  if (!gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                           _("Cannot encode the picture as PNG"));
      return FALSE;
    }

  ok = g_file_set_contents_full (png_path, (const char *) map.data, (gssize) map.size,
                                 flags, mode, &local_error);
  gst_buffer_unmap (buffer, &map);

  if (!ok)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("Cannot save the picture: %s"), local_error->message);
      return FALSE;
    }

  if (width != NULL)
    *width = GST_VIDEO_INFO_WIDTH (&info);
  if (height != NULL)
    *height = GST_VIDEO_INFO_HEIGHT (&info);

  return TRUE;
}

/* Public API */

gboolean
kinema_extract_last_frame (const char    *video_path,
                           const char    *png_path,
                           int           *width,
                           int           *height,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GstSample) sample = NULL;

  g_return_val_if_fail (video_path != NULL, FALSE);
  g_return_val_if_fail (png_path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);

  sample = _kinema_frame_grab (video_path, KINEMA_FRAME_LAST, 0, LAST_FRAME_TIMEOUT, 0,
                               cancellable, error);
  if (sample == NULL)
    return FALSE;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  return _kinema_frame_save_png (sample, png_path,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 width, height, error);
}

static void
extract_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ExtractData *data = task_data;
  GError *error = NULL;

  if (kinema_extract_last_frame (data->video_path, data->png_path,
                                 &data->width, &data->height,
                                 cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kinema_extract_last_frame_async (const char          *video_path,
                                 const char          *png_path,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ExtractData *data;

  g_return_if_fail (video_path != NULL);
  g_return_if_fail (png_path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ExtractData, 1);
  data->video_path = g_strdup (video_path);
  data->png_path = g_strdup (png_path);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kinema_extract_last_frame_async);
  g_task_set_task_data (task, data, (GDestroyNotify) extract_data_free);
  g_task_run_in_thread (task, extract_thread);
}

gboolean
kinema_extract_last_frame_finish (GAsyncResult  *result,
                                  int           *width,
                                  int           *height,
                                  GError       **error)
{
  ExtractData *data;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kinema_extract_last_frame_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (width != NULL)
    *width = data->width;
  if (height != NULL)
    *height = data->height;

  return TRUE;
}
