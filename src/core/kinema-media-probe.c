/* kinema-media-probe.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads duration, geometry, frame rate and streams of a video file with
 * GstDiscoverer. One discoverer per call: it is cheap once the plugins
 * are loaded (about 35 ms a clip) and keeps the calls thread-independent.
 */
#define G_LOG_DOMAIN "kinema-media-probe"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <gst/pbutils/pbutils.h>

#include "kinema-error.h"
#include "kinema-media-probe.h"

#define PROBE_TIMEOUT (15 * GST_SECOND)

static gboolean
ensure_gstreamer (GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (gst_is_initialized () || gst_init_check (NULL, NULL, &local_error))
    return TRUE;

  g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
               _("GStreamer could not be initialised: %s"), local_error->message);
  return FALSE;
}

static gboolean
check_file (const char       *path,
            KinemaMediaInfo  *info,
            GError          **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("Cannot read the video “%s”: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }

  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("“%s” is not a video file"), path);
      return FALSE;
    }

  if (st.st_size == 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("The video “%s” is empty"), path);
      return FALSE;
    }

  info->file_size = (guint64) st.st_size;
  return TRUE;
}

static gboolean
check_result (GstDiscovererInfo  *dinfo,
              const char         *path,
              GError            **error)
{
  switch (gst_discoverer_info_get_result (dinfo))
    {
    case GST_DISCOVERER_OK:
      return TRUE;

    case GST_DISCOVERER_TIMEOUT:
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("Reading the video “%s” took too long; the file may be damaged"), path);
      return FALSE;

    case GST_DISCOVERER_MISSING_PLUGINS:
      {
        const char * const *details = gst_discoverer_info_get_missing_elements_installer_details (dinfo);
        g_autofree char *joined = details ? g_strjoinv (", ", (char **) details) : NULL;
        gboolean machine = FALSE;

        /* A missing source element or audio/video decoder is the machine's
         * problem (a package not installed, or a GStreamer registry left
         * half-written by a killed process): it says nothing about the
         * file. No decoder for text/html and the like means the file is not
         * a video at all. */
        for (guint i = 0; details && details[i]; i++)
          if (strstr (details[i], "|urisource-") || strstr (details[i], "|element-") ||
              strstr (details[i], "|decoder-video/") || strstr (details[i], "|decoder-audio/"))
            machine = TRUE;

        if (machine)
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                       _("The video “%s” cannot be checked: a GStreamer plugin is missing on this computer (%s)"),
                       path, joined && *joined ? joined : _("unknown"));
        else
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                       _("“%s” is not a video Kinema can play"), path);
        return FALSE;
      }

    case GST_DISCOVERER_URI_INVALID:
    case GST_DISCOVERER_ERROR:
    case GST_DISCOVERER_BUSY:
    default:
      return FALSE;
    }
}

static KinemaMediaInfo *
probe (const char  *path,
       GError     **error)
{
  g_autoptr(KinemaMediaInfo) info = g_new0 (KinemaMediaInfo, 1);
  g_autoptr(GstDiscoverer) discoverer = NULL;
  g_autoptr(GstDiscovererInfo) dinfo = NULL;
  g_autoptr(GError) gst_error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  GList *videos, *audios;
  GstClockTime duration;

  if (!check_file (path, info, error) || !ensure_gstreamer (error))
    return NULL;

  discoverer = gst_discoverer_new (PROBE_TIMEOUT, &gst_error);
  if (discoverer == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                   _("Cannot inspect videos: %s"),
                   gst_error ? gst_error->message : _("GstDiscoverer is unavailable"));
      return NULL;
    }

  file = g_file_new_for_path (path);
  uri = g_file_get_uri (file);

  dinfo = gst_discoverer_discover_uri (discoverer, uri, &gst_error);
  if (dinfo == NULL || !check_result (dinfo, path, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                     _("“%s” is not a playable video: %s"), path,
                     gst_error ? gst_error->message : _("unknown format"));
      return NULL;
    }

  videos = gst_discoverer_info_get_video_streams (dinfo);
  audios = gst_discoverer_info_get_audio_streams (dinfo);

  info->has_video = videos != NULL;
  info->has_audio = audios != NULL;

  if (videos != NULL)
    {
      GstDiscovererVideoInfo *vinfo = videos->data;
      guint num = gst_discoverer_video_info_get_framerate_num (vinfo);
      guint denom = gst_discoverer_video_info_get_framerate_denom (vinfo);

      info->width = (int) gst_discoverer_video_info_get_width (vinfo);
      info->height = (int) gst_discoverer_video_info_get_height (vinfo);
      info->fps = denom != 0 ? (double) num / denom : 0.0;
    }

  gst_discoverer_stream_info_list_free (videos);
  gst_discoverer_stream_info_list_free (audios);

  duration = gst_discoverer_info_get_duration (dinfo);
  info->duration_ms = GST_CLOCK_TIME_IS_VALID (duration) ? (gint64) (duration / GST_MSECOND) : 0;

  if (!info->has_video)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("“%s” holds no video stream"), path);
      return NULL;
    }

  if (info->width <= 0 || info->height <= 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("The video “%s” has no picture size; the file may be damaged"), path);
      return NULL;
    }

  g_debug ("%s: %" G_GINT64_FORMAT " ms, %dx%d @ %.3f fps, audio %s, %" G_GUINT64_FORMAT " bytes",
           path, info->duration_ms, info->width, info->height, info->fps,
           info->has_audio ? "yes" : "no", info->file_size);

  return g_steal_pointer (&info);
}

static void
probe_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  KinemaMediaInfo *info;

  if (g_task_return_error_if_cancelled (task))
    return;

  info = probe (task_data, &error);
  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) kinema_media_info_free);
}

/* Public API */

/**
 * kinema_media_probe:
 * @path: a local file
 * @error: %KINEMA_ERROR_STORAGE when the file cannot be read,
 *   %KINEMA_ERROR_VERIFICATION when it is not a usable video
 *
 * Blocking; call it from a worker thread.
 *
 * Returns: (transfer full): what the file holds, or %NULL
 */
KinemaMediaInfo *
kinema_media_probe (const char  *path,
                    GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return probe (path, error);
}

void
kinema_media_probe_async (const char          *path,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kinema_media_probe_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  /* Discovery cannot be interrupted; a cancelled caller need not wait for it. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, probe_thread);
}

KinemaMediaInfo *
kinema_media_probe_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kinema_media_probe_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
kinema_media_info_free (KinemaMediaInfo *info)
{
  g_free (info);
}
