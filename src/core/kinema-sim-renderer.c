/* kinema-sim-renderer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator's MP4: videotestsrc (moving SMPTE bars) with the prompt,
 * a "Simulated by Kinema" label and a running time burned in, encoded as
 * H.264 (I420 pinned, x264 veryfast) and muxed with mp4mux; plus an AAC
 * sine tone of the same length when the request asks for audio.
 *
 * The pipeline is built element by element and the texts go in through
 * the "text" property (markup-escaped), so a prompt can never break it.
 * Everything runs in the calling thread: the bus is drained with
 * gst_bus_timed_pop_filtered(), no main context is involved.
 */
#define G_LOG_DOMAIN "kinema-sim-renderer"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "kinema-error.h"
#include "kinema-paths.h"
#include "kinema-sim-renderer.h"

#define SIM_FPS              24
#define SIM_AUDIO_RATE       48000
#define SIM_PROMPT_MAX_CHARS 80
#define SIM_BUS_TICK_MS      100

typedef struct
{
  GstElement *pipeline;
  int         encoded_ms;   /* atomic: end of the last video buffer that reached the muxer */
} RenderState;

/* Helpers */

static char *
make_prompt_text (KinemaRequest *request)
{
  const char *prompt = kinema_request_get_prompt (request);
  g_autofree char *shown = NULL;
  g_autofree char *oneline = NULL;

  if (prompt == NULL || *prompt == '\0' || !g_utf8_validate (prompt, -1, NULL))
    {
      /* A multi-shot request may keep its text in the shots. */
      if (kinema_request_get_n_shots (request) > 0)
        prompt = kinema_request_get_shot (request, 0)->prompt;
      if (prompt == NULL || *prompt == '\0' || !g_utf8_validate (prompt, -1, NULL))
        return g_strdup ("");
    }

  oneline = g_strstrip (g_strdup (prompt));
  g_strdelimit (oneline, "\r\n\t", ' ');

  if (g_utf8_strlen (oneline, -1) > SIM_PROMPT_MAX_CHARS)
    {
      g_autofree char *cut = g_utf8_substring (oneline, 0, SIM_PROMPT_MAX_CHARS);

      g_strchomp (cut);
      shown = g_strconcat (cut, "…", NULL);
    }
  else
    shown = g_steal_pointer (&oneline);

  /* textoverlay parses Pango markup: "&" or "<" in a prompt must not. */
  return g_markup_escape_text (shown, -1);
}

static const char *
plugin_package_for (const char *factory)
{
  if (g_str_equal (factory, "x264enc"))
    return "gstreamer1.0-plugins-ugly";
  if (g_str_equal (factory, "textoverlay") || g_str_equal (factory, "timeoverlay"))
    return "gstreamer1.0-x";
  if (g_str_equal (factory, "h264parse") || g_str_equal (factory, "aacparse")
      || g_str_equal (factory, "voaacenc"))
    return "gstreamer1.0-plugins-bad";
  if (g_str_equal (factory, "mp4mux"))
    return "gstreamer1.0-plugins-good";
  return "gstreamer1.0-plugins-base";
}

/* Create an element and put it in @bin at once, so that nothing leaks
 * when a later element is missing: dropping the pipeline frees it all. */
static GstElement *
bin_make (GstBin      *bin,
          const char  *factory,
          GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, NULL);

  if (element == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                   _("The simulator needs the GStreamer element “%s”, which is not installed (package %s)"),
                   factory, plugin_package_for (factory));
      return NULL;
    }

  gst_bin_add (bin, element);
  return element;
}

static GstElement *
bin_make_aac_encoder (GstBin  *bin,
                      GError **error)
{
  static const char * const encoders[] = { "voaacenc", "avenc_aac", "fdkaacenc" };

  for (guint i = 0; i < G_N_ELEMENTS (encoders); i++)
    {
      GstElement *element = gst_element_factory_make (encoders[i], NULL);

      if (element != NULL)
        {
          gst_bin_add (bin, element);
          return element;
        }
    }

  g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
               _("The simulator needs an AAC encoder (voaacenc from gstreamer1.0-plugins-bad or avenc_aac from gstreamer1.0-libav), and none is installed"));
  return NULL;
}

static GstCaps *
video_caps (int width,
            int height)
{
  return gst_caps_new_simple ("video/x-raw",
                              "format", G_TYPE_STRING, "I420",
                              "width", G_TYPE_INT, width,
                              "height", G_TYPE_INT, height,
                              "framerate", GST_TYPE_FRACTION, SIM_FPS, 1,
                              "pixel-aspect-ratio", GST_TYPE_FRACTION, 1, 1,
                              NULL);
}

/* Link @first and the elements after it (NULL-terminated) in order. */
static gboolean
link_chain (GError     **error,
            GstElement  *first,
            ...)
{
  GstElement *prev = first;
  GstElement *element;
  va_list args;
  gboolean ok = TRUE;

  va_start (args, first);
  while (ok && (element = va_arg (args, GstElement *)) != NULL)
    {
      if (!gst_element_link (prev, element))
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                       _("Could not link the simulator’s GStreamer elements %s and %s"),
                       GST_ELEMENT_NAME (prev), GST_ELEMENT_NAME (element));
          ok = FALSE;
        }
      prev = element;
    }
  va_end (args);

  return ok;
}

static GstPadProbeReturn
video_buffer_probe_cb (GstPad          *pad,
                       GstPadProbeInfo *info,
                       gpointer         user_data)
{
  RenderState *state = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  g_autoptr(GstEvent) event = NULL;
  const GstSegment *segment = NULL;
  GstClockTime end;
  guint64 end_ms;

  if (buffer == NULL || !GST_BUFFER_PTS_IS_VALID (buffer))
    return GST_PAD_PROBE_OK;

  end = GST_BUFFER_PTS (buffer);
  if (GST_BUFFER_DURATION_IS_VALID (buffer))
    end += GST_BUFFER_DURATION (buffer);

  /* x264enc moves its output segment (to 1000 h, room for negative DTS):
   * only the stream time says how far into the clip we are. */
  event = gst_pad_get_sticky_event (pad, GST_EVENT_SEGMENT, 0);
  if (event == NULL)
    return GST_PAD_PROBE_OK;
  gst_event_parse_segment (event, &segment);
  if (segment->format != GST_FORMAT_TIME)
    return GST_PAD_PROBE_OK;
  end = gst_segment_to_stream_time (segment, GST_FORMAT_TIME, end);
  if (!GST_CLOCK_TIME_IS_VALID (end))
    return GST_PAD_PROBE_OK;

  /* Encoded buffers leave x264 in decode order; keep the maximum. */
  end_ms = MIN (end / GST_MSECOND, (guint64) G_MAXINT);
  if ((int) end_ms > g_atomic_int_get (&state->encoded_ms))
    g_atomic_int_set (&state->encoded_ms, (int) end_ms);

  return GST_PAD_PROBE_OK;
}

static gboolean
build_video_branch (GstBin       *bin,
                    GstElement   *mux,
                    RenderState  *state,
                    int           width,
                    int           height,
                    guint         n_frames,
                    const char   *prompt_markup,
                    GError      **error)
{
  GstElement *src, *caps, *prompt, *label, *clock, *convert, *enc_caps, *encoder, *parse;
  g_autoptr(GstCaps) raw_caps = NULL;
  g_autoptr(GstCaps) i420_caps = NULL;
  g_autoptr(GstPad) probe_pad = NULL;
  g_autofree char *prompt_font = NULL;
  g_autofree char *label_font = NULL;
  g_autofree char *clock_font = NULL;
  g_autofree char *label_text = NULL;
  int unit = MIN (width, height);

  if (!(src = bin_make (bin, "videotestsrc", error))
      || !(caps = bin_make (bin, "capsfilter", error))
      || !(prompt = bin_make (bin, "textoverlay", error))
      || !(label = bin_make (bin, "textoverlay", error))
      || !(clock = bin_make (bin, "timeoverlay", error))
      || !(convert = bin_make (bin, "videoconvert", error))
      || !(enc_caps = bin_make (bin, "capsfilter", error))
      || !(encoder = bin_make (bin, "x264enc", error))
      || !(parse = bin_make (bin, "h264parse", error)))
    return FALSE;

  /* Moving bars, so the clip visibly plays. */
  g_object_set (src, "num-buffers", (int) n_frames, "is-live", FALSE, NULL);
  gst_util_set_object_arg (G_OBJECT (src), "pattern", "smpte");
  g_object_set (src, "horizontal-speed", MAX (1, width / 320), NULL);

  raw_caps = video_caps (width, height);
  g_object_set (caps, "caps", raw_caps, NULL);

  /* Font sizes follow the short side of the frame. auto-resize is off on
   * every overlay: it would scale the text with the width only, which
   * makes it twice as large on 16:9 as on 9:16. */
  prompt_font = g_strdup_printf ("Sans Bold %d", MAX (10, unit / 26));
  label_font = g_strdup_printf ("Sans Bold %d", MAX (12, unit / 20));
  clock_font = g_strdup_printf ("Monospace %d", MAX (10, unit / 30));
  label_text = g_markup_escape_text (_("Simulated by Kinema"), -1);

  g_object_set (prompt,
                "auto-resize", FALSE,
                "text", prompt_markup,
                "font-desc", prompt_font,
                "shaded-background", TRUE,
                "ypad", unit / 24,
                "xpad", unit / 24,
                NULL);
  gst_util_set_object_arg (G_OBJECT (prompt), "valignment", "top");
  gst_util_set_object_arg (G_OBJECT (prompt), "halignment", "center");
  gst_util_set_object_arg (G_OBJECT (prompt), "line-alignment", "center");

  g_object_set (label,
                "auto-resize", FALSE,
                "text", label_text,
                "font-desc", label_font,
                "shaded-background", TRUE,
                NULL);
  gst_util_set_object_arg (G_OBJECT (label), "valignment", "center");
  gst_util_set_object_arg (G_OBJECT (label), "halignment", "center");

  g_object_set (clock,
                "auto-resize", FALSE,
                "font-desc", clock_font,
                "shaded-background", TRUE,
                "ypad", unit / 24,
                NULL);
  gst_util_set_object_arg (G_OBJECT (clock), "valignment", "bottom");
  gst_util_set_object_arg (G_OBJECT (clock), "halignment", "center");

  /* Pin I420 before x264enc: otherwise it may pick 4:4:4 10-bit. */
  i420_caps = video_caps (width, height);
  g_object_set (enc_caps, "caps", i420_caps, NULL);

  gst_util_set_object_arg (G_OBJECT (encoder), "speed-preset", "veryfast");
  g_object_set (encoder, "key-int-max", (guint) SIM_FPS, NULL);

  if (!link_chain (error, src, caps, prompt, label, clock, convert, enc_caps, encoder, parse, NULL))
    return FALSE;

  if (!gst_element_link_pads (parse, "src", mux, "video_%u"))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                   _("Could not connect the simulator’s video to the MP4 muxer"));
      return FALSE;
    }

  probe_pad = gst_element_get_static_pad (parse, "src");
  gst_pad_add_probe (probe_pad, GST_PAD_PROBE_TYPE_BUFFER, video_buffer_probe_cb, state, NULL);

  return TRUE;
}

static gboolean
build_audio_branch (GstBin      *bin,
                    GstElement  *mux,
                    guint        duration,
                    GError     **error)
{
  GstElement *src, *caps, *convert, *encoder, *parse;
  g_autoptr(GstCaps) raw_caps = NULL;
  const int samples_per_buffer = SIM_AUDIO_RATE / SIM_FPS;   /* 2000 */

  if (!(src = bin_make (bin, "audiotestsrc", error))
      || !(caps = bin_make (bin, "capsfilter", error))
      || !(convert = bin_make (bin, "audioconvert", error))
      || !(encoder = bin_make_aac_encoder (bin, error))
      || !(parse = bin_make (bin, "aacparse", error)))
    return FALSE;

  /* A quiet 440 Hz tone, exactly as long as the picture. */
  gst_util_set_object_arg (G_OBJECT (src), "wave", "sine");
  g_object_set (src,
                "freq", 440.0,
                "volume", 0.2,
                "is-live", FALSE,
                "samplesperbuffer", samples_per_buffer,
                "num-buffers", (int) (duration * SIM_FPS),
                NULL);

  raw_caps = gst_caps_new_simple ("audio/x-raw",
                                  "rate", G_TYPE_INT, SIM_AUDIO_RATE,
                                  "channels", G_TYPE_INT, 2,
                                  NULL);
  g_object_set (caps, "caps", raw_caps, NULL);

  if (!link_chain (error, src, caps, convert, encoder, parse, NULL))
    return FALSE;

  if (!gst_element_link_pads (parse, "src", mux, "audio_%u"))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                   _("Could not connect the simulator’s audio to the MP4 muxer"));
      return FALSE;
    }

  return TRUE;
}

static void
set_error_from_gst (GError     **error,
                    GstMessage  *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  KinemaErrorCode code = KINEMA_ERROR_GENERATION_FAILED;

  gst_message_parse_error (message, &gst_error, &debug);
  g_debug ("Pipeline error from %s: %s (%s)",
           GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
           gst_error->message, debug ? debug : "no details");

  if (gst_error->domain == GST_RESOURCE_ERROR)
    code = KINEMA_ERROR_STORAGE;

  g_set_error (error, KINEMA_ERROR, code,
               _("Rendering the simulated video failed: %s"), gst_error->message);
}

static gboolean
run_pipeline (RenderState            *state,
              guint                   duration,
              KinemaSimProgressFunc   progress,
              gpointer                progress_data,
              GCancellable           *cancellable,
              GError                **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (state->pipeline);
  const int total_ms = (int) duration * 1000;
  int reported_ms = -1;

  if (gst_element_set_state (state->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      /* The reason, if any, is on the bus. */
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

      if (message != NULL)
        set_error_from_gst (error, message);
      else
        g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_GENERATION_FAILED,
                     _("Rendering the simulated video failed: the pipeline did not start"));
      return FALSE;
    }

  for (;;)
    {
      g_autoptr(GstMessage) message = NULL;
      int done_ms;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      message = gst_bus_timed_pop_filtered (bus, SIM_BUS_TICK_MS * GST_MSECOND,
                                            GST_MESSAGE_EOS | GST_MESSAGE_ERROR | GST_MESSAGE_WARNING);

      if (message != NULL)
        {
          switch (GST_MESSAGE_TYPE (message))
            {
            case GST_MESSAGE_EOS:
              return TRUE;

            case GST_MESSAGE_ERROR:
              set_error_from_gst (error, message);
              return FALSE;

            case GST_MESSAGE_WARNING:
              {
                g_autoptr(GError) warning = NULL;

                gst_message_parse_warning (message, &warning, NULL);
                g_debug ("Pipeline warning: %s", warning->message);
              }
              break;

            default:
              break;
            }
        }

      /* Progress: how much video the muxer has received. */
      done_ms = MIN (g_atomic_int_get (&state->encoded_ms), total_ms);
      if (progress != NULL && done_ms != reported_ms && total_ms > 0)
        {
          reported_ms = done_ms;
          /* Keep 1.0 for "file is complete". */
          progress (MIN ((double) done_ms / total_ms, 0.99), progress_data);
        }
    }
}

/* Public API */

/**
 * kinema_sim_render:
 * @request: what to render (duration, aspect, quality, audio, prompt)
 * @output_path: where the finished MP4 goes; `<output_path>.part` is used while rendering
 * @progress: (nullable): called from this thread with 0.0 .. 1.0
 * @progress_data: data for @progress
 * @cancellable: (nullable): stops rendering; the partial file is removed
 * @error: a %KINEMA_ERROR, or %G_IO_ERROR_CANCELLED
 *
 * Renders a real MP4 in the calling thread. Blocking: use a worker thread.
 *
 * Returns: %TRUE when @output_path holds the finished clip
 */
gboolean
kinema_sim_render (KinemaRequest          *request,
                   const char             *output_path,
                   KinemaSimProgressFunc   progress,
                   gpointer                progress_data,
                   GCancellable           *cancellable,
                   GError                **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *part_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *prompt_markup = NULL;
  RenderState state = { NULL, 0 };
  GstElement *mux, *sink;
  guint duration;
  int width = 0, height = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (KINEMA_IS_REQUEST (request), FALSE);
  g_return_val_if_fail (output_path != NULL, FALSE);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (!gst_is_initialized () && !gst_init_check (NULL, NULL, &local_error))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                   _("GStreamer could not be initialised: %s"), local_error->message);
      return FALSE;
    }

  duration = kinema_request_get_duration (request);
  if (duration == 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("The simulator cannot render a clip of zero seconds"));
      return FALSE;
    }
  kinema_request_get_output_size (request, &width, &height);

  dir = g_path_get_dirname (output_path);
  /* Already a KINEMA_ERROR_STORAGE that names the folder. */
  if (!kinema_paths_ensure_dir (dir, error))
    return FALSE;

  part_path = g_strconcat (output_path, ".part", NULL);
  prompt_markup = make_prompt_text (request);

  state.pipeline = gst_pipeline_new ("kinema-simulator");
  gst_object_ref_sink (state.pipeline);

  if (!(mux = bin_make (GST_BIN (state.pipeline), "mp4mux", error))
      || !(sink = bin_make (GST_BIN (state.pipeline), "filesink", error)))
    goto out;
  /* Render as fast as the CPU allows; nothing here is live. */
  g_object_set (sink, "location", part_path, "sync", FALSE, "async", FALSE, NULL);
  if (!link_chain (error, mux, sink, NULL))
    goto out;

  if (!build_video_branch (GST_BIN (state.pipeline), mux, &state, width, height,
                           duration * SIM_FPS, prompt_markup, error))
    goto out;

  if (kinema_request_get_audio (request)
      && !build_audio_branch (GST_BIN (state.pipeline), mux, duration, error))
    goto out;

  g_debug ("Rendering %dx%d, %u s, audio %s to %s",
           width, height, duration, kinema_request_get_audio (request) ? "on" : "off", part_path);

  ok = run_pipeline (&state, duration, progress, progress_data, cancellable, error);

out:
  /* NULL closes the file (and finalises nothing on error or cancel). */
  gst_element_set_state (state.pipeline, GST_STATE_NULL);
  gst_clear_object (&state.pipeline);

  if (ok && g_rename (part_path, output_path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("Could not move the simulated video into place at “%s”: %s"),
                   output_path, g_strerror (saved_errno));
      ok = FALSE;
    }

  if (!ok)
    {
      g_unlink (part_path);
      return FALSE;
    }

  if (progress != NULL)
    progress (1.0, progress_data);

  return TRUE;
}
