/* kinema-test-media.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-test-media"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>

#include "kinema-test-media.h"

#define TEST_GST_TIMEOUT (60 * GST_SECOND)

void
kinema_test_image_free (KinemaTestImage *image)
{
  g_clear_pointer (&image->pixels, g_bytes_unref);
  g_free (image);
}

static KinemaTestImage *
image_from_sample (GstSample *sample)
{
  KinemaTestImage *image;
  GstVideoFrame frame;
  GstVideoInfo info;
  guint8 *pixels;

  g_assert_nonnull (sample);
  g_assert_true (gst_video_info_from_caps (&info, gst_sample_get_caps (sample)));
  g_assert_cmpint (GST_VIDEO_INFO_FORMAT (&info), ==, GST_VIDEO_FORMAT_RGB);
  g_assert_true (gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ));

  image = g_new0 (KinemaTestImage, 1);
  image->width = GST_VIDEO_FRAME_WIDTH (&frame);
  image->height = GST_VIDEO_FRAME_HEIGHT (&frame);
  image->stride = image->width * 3;

  pixels = g_malloc ((gsize) image->stride * image->height);
  for (int y = 0; y < image->height; y++)
    memcpy (pixels + (gsize) y * image->stride,
            (const guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, 0) + (gsize) y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0),
            (gsize) image->stride);
  image->pixels = g_bytes_new_take (pixels, (gsize) image->stride * image->height);

  gst_video_frame_unmap (&frame);
  return image;
}

static gboolean
run_to_eos (GstElement  *pipeline,
            GError     **error)
{
  g_autoptr(GstBus) bus = gst_element_get_bus (pipeline);
  g_autoptr(GstMessage) message = NULL;

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot start the pipeline");
      return FALSE;
    }

  message = gst_bus_timed_pop_filtered (bus, TEST_GST_TIMEOUT, GST_MESSAGE_ERROR | GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (message == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "pipeline timed out");
      return FALSE;
    }

  if (GST_MESSAGE_TYPE (message) == GST_MESSAGE_ERROR)
    {
      gst_message_parse_error (message, error, NULL);
      return FALSE;
    }

  return TRUE;
}

gboolean
kinema_test_make_clip (const char  *path,
                       int          width,
                       int          height,
                       guint        n_frames,
                       GError     **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autofree char *description = NULL;
  g_autofree char *location = g_strescape (path, NULL);

  description = g_strdup_printf ("videotestsrc pattern=smpte horizontal-speed=4 num-buffers=%u "
                                 "! video/x-raw,width=%d,height=%d,framerate=24/1 "
                                 "! timeoverlay font-desc=\"Sans 24\" "
                                 "! videoconvert ! video/x-raw,format=I420 "
                                 "! x264enc speed-preset=ultrafast key-int-max=24 "
                                 "! h264parse ! mp4mux ! filesink location=\"%s\"",
                                 n_frames, width, height, location);

  pipeline = gst_parse_launch (description, error);
  if (pipeline == NULL)
    return FALSE;

  return run_to_eos (pipeline, error);
}

gboolean
kinema_test_make_audio_clip (const char  *path,
                             gboolean     with_video,
                             GError     **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autofree char *description = NULL;
  g_autofree char *location = g_strescape (path, NULL);

  description = g_strdup_printf ("%s audiotestsrc num-buffers=100 ! audioconvert ! avenc_aac ! mux. "
                                 "mp4mux name=mux ! filesink location=\"%s\"",
                                 with_video
                                 ? "videotestsrc pattern=ball num-buffers=48 "
                                   "! video/x-raw,width=320,height=240,framerate=24/1 "
                                   "! videoconvert ! video/x-raw,format=I420 "
                                   "! x264enc speed-preset=ultrafast ! h264parse ! mux. "
                                 : "",
                                 location);

  pipeline = gst_parse_launch (description, error);
  if (pipeline == NULL)
    return FALSE;

  return run_to_eos (pipeline, error);
}

gboolean
kinema_test_png_size (const char *path,
                      int        *width,
                      int        *height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autofree guint8 *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, (char **) &data, &length, NULL) || length < 24)
    return FALSE;

  if (memcmp (data, signature, sizeof signature) != 0 || memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;

  *width = (int) (((guint32) data[16] << 24) | ((guint32) data[17] << 16) | ((guint32) data[18] << 8) | data[19]);
  *height = (int) (((guint32) data[20] << 24) | ((guint32) data[21] << 16) | ((guint32) data[22] << 8) | data[23]);
  return TRUE;
}

KinemaTestImage *
kinema_test_image_from_png (const char  *path,
                            GError     **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autofree char *description = NULL;
  g_autofree char *location = g_strescape (path, NULL);

  description = g_strdup_printf ("filesrc location=\"%s\" ! pngdec ! videoconvert "
                                 "! video/x-raw,format=RGB ! appsink name=sink",
                                 location);
  pipeline = gst_parse_launch (description, error);
  if (pipeline == NULL)
    return NULL;

  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PAUSED);
  sample = gst_app_sink_try_pull_preroll (GST_APP_SINK (sink), 10 * GST_SECOND);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (sample == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot decode %s", path);
      return NULL;
    }

  return image_from_sample (sample);
}

gboolean
kinema_test_decode_frames (const char       *path,
                           KinemaTestImage **first,
                           KinemaTestImage **before_last,
                           KinemaTestImage **last,
                           GError          **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstSample) first_sample = NULL;
  g_autoptr(GstSample) previous = NULL;
  g_autoptr(GstSample) current = NULL;
  g_autofree char *description = NULL;
  g_autofree char *location = g_strescape (path, NULL);

  description = g_strdup_printf ("filesrc location=\"%s\" ! qtdemux ! h264parse ! avdec_h264 "
                                 "! videoconvert ! video/x-raw,format=RGB "
                                 "! appsink name=sink sync=false",
                                 location);
  pipeline = gst_parse_launch (description, error);
  if (pipeline == NULL)
    return FALSE;

  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  gst_element_set_state (pipeline, GST_STATE_PLAYING);

  for (;;)
    {
      GstSample *sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 10 * GST_SECOND);

      if (sample == NULL)
        break;

      if (first_sample == NULL)
        first_sample = gst_sample_ref (sample);
      g_clear_pointer (&previous, gst_sample_unref);
      previous = g_steal_pointer (&current);
      current = sample;
    }

  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (first_sample == NULL || previous == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot decode %s", path);
      return FALSE;
    }

  *first = image_from_sample (first_sample);
  *before_last = image_from_sample (previous);
  *last = image_from_sample (current);
  return TRUE;
}

double
kinema_test_image_diff (KinemaTestImage *a,
                        KinemaTestImage *b)
{
  const guint8 *pa = g_bytes_get_data (a->pixels, NULL);
  const guint8 *pb = g_bytes_get_data (b->pixels, NULL);
  guint64 sum = 0;
  gsize n = (gsize) a->stride * a->height;

  g_assert_cmpint (a->width, ==, b->width);
  g_assert_cmpint (a->height, ==, b->height);

  for (gsize i = 0; i < n; i++)
    sum += (guint64) ABS ((int) pa[i] - (int) pb[i]);

  return (double) sum / (double) n;
}

guint
kinema_test_image_count_colours (KinemaTestImage *image)
{
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  const guint8 *p = g_bytes_get_data (image->pixels, NULL);

  for (int y = 0; y < image->height; y++)
    for (int x = 0; x < image->width; x++)
      {
        const guint8 *px = p + (gsize) y * image->stride + (gsize) x * 3;
        guint rgb = ((guint) px[0] << 16) | ((guint) px[1] << 8) | px[2];

        g_hash_table_add (colours, GUINT_TO_POINTER (rgb + 1));
      }

  return g_hash_table_size (colours);
}

void
kinema_test_wait_for (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

char *
kinema_test_make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kinema-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
kinema_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (path == NULL)
    return;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          kinema_test_rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}
