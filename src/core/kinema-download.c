/* kinema-download.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-download"

#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kinema-download.h"
#include "kinema-error.h"

#define CHUNK (1024 * 1024)

typedef struct
{
  char                   *url;
  char                   *dest_path;
  char                   *part_path;
  guint64                 max_bytes;
  guint64                 resume_from;   /* bytes already in the .part file */
  gboolean                retried_416;
  gboolean                keep_part;     /* an interruption: keep for a Range resume */
  guint64                 received;
  guint64                 total;
  KinemaDownloadProgress  progress;
  gpointer                progress_data;
  GInputStream           *input;
  GFileOutputStream      *output;
  SoupSession            *session;
  SoupMessage            *message;
  guint8                 *buffer;
} Download;

static void
download_free (Download *d)
{
  g_free (d->url);
  g_free (d->dest_path);
  g_free (d->part_path);
  g_clear_object (&d->input);
  g_clear_object (&d->output);
  g_clear_object (&d->message);
  g_clear_object (&d->session);
  g_free (d->buffer);
  g_free (d);
}

static void
fail (GTask  *task,
      GError *error)
{
  Download *d = g_task_get_task_data (task);

  /* A ".part" is never mistaken for a clip; it is kept only after an
   * interruption, so the next attempt can resume it with a Range request. */
  if (d->output != NULL)
    g_output_stream_close (G_OUTPUT_STREAM (d->output), NULL, NULL);
  if (!d->keep_part)
    g_unlink (d->part_path);
  g_task_return_error (task, error);
  g_object_unref (task);
}

static gboolean
fsync_and_rename (const char  *part_path,
                  const char  *dest_path,
                  GError     **error)
{
  int fd = open (part_path, O_RDONLY);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("Could not save the video to disk: %s"), g_strerror (saved));
      return FALSE;
    }
  close (fd);

  if (g_rename (part_path, dest_path) != 0)
    {
      int saved = errno;

      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("Could not move the video into “%s”: %s"), dest_path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* fsync of a large file waits for the disk (hundreds of milliseconds while
 * other downloads write), so it and the rename run in a worker thread. */
static void
finish_thread (GTask        *finish,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  char **paths = task_data;
  GError *error = NULL;

  if (fsync_and_rename (paths[0], paths[1], &error))
    g_task_return_boolean (finish, TRUE);
  else
    g_task_return_error (finish, error);
}

static void
finish_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      fail (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static void
finish_in_thread (GTask *task)
{
  Download *d = g_task_get_task_data (task);
  g_autoptr(GTask) finish = g_task_new (NULL, NULL, finish_cb, task);
  char **paths = g_new0 (char *, 3);

  paths[0] = g_strdup (d->part_path);
  paths[1] = g_strdup (d->dest_path);
  g_task_set_task_data (finish, paths, (GDestroyNotify) g_strfreev);
  g_task_set_source_tag (finish, finish_in_thread);
  g_task_run_in_thread (finish, finish_thread);
}

static void read_next (GTask *task);
static void send_request (GTask *task);

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Download *d = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    {
      g_clear_object (&d->output);
      fail (g_steal_pointer (&task), error);
      return;
    }
  g_clear_object (&d->output);

  if (d->total > 0 && d->received < d->total)
    {
      d->keep_part = TRUE;
      fail (g_steal_pointer (&task),
            g_error_new (KINEMA_ERROR, KINEMA_ERROR_NETWORK,
                         _("The download stopped after %" PRIu64 " of %" PRIu64 " bytes."),
                         (uint64_t) d->received, (uint64_t) d->total));
      return;
    }
  if (d->received == 0)
    {
      fail (g_steal_pointer (&task),
            g_error_new_literal (KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                                 _("The provider returned an empty video file.")));
      return;
    }

  finish_in_thread (g_steal_pointer (&task));
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GTask *task = user_data;
  Download *d = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, &error))
    {
      fail (task, error);
      return;
    }
  if (d->progress)
    d->progress (d->received, d->total, d->progress_data);
  read_next (task);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  GTask *task = user_data;
  Download *d = g_task_get_task_data (task);
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if (n < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && error->domain != KINEMA_ERROR)
        {
          GError *wrapped = g_error_new (KINEMA_ERROR, KINEMA_ERROR_NETWORK,
                                         _("The download was interrupted: %s"), error->message);
          g_error_free (error);
          error = wrapped;
        }
      d->keep_part = TRUE;
      fail (task, error);
      return;
    }
  if (n == 0)
    {
      g_output_stream_close_async (G_OUTPUT_STREAM (d->output), G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), close_cb, task);
      return;
    }

  d->received += n;
  if (d->received > d->max_bytes)
    {
      fail (task, g_error_new (KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                               _("The result is larger than %" PRIu64 " MB; Kinema stopped downloading it."),
                               (uint64_t) (d->max_bytes / (1024 * 1024))));
      return;
    }
  g_output_stream_write_all_async (G_OUTPUT_STREAM (d->output), d->buffer, n, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task), write_cb, task);
}

static void
read_next (GTask *task)
{
  Download *d = g_task_get_task_data (task);

  g_input_stream_read_async (d->input, d->buffer, CHUNK, G_PRIORITY_DEFAULT,
                             g_task_get_cancellable (task), read_cb, task);
}

/* Both g_file_replace_async and g_file_append_to_async land here. */
static void
output_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  Download *d = g_task_get_task_data (task);
  GError *error = NULL;

  d->output = d->resume_from > 0 ? g_file_append_to_finish (G_FILE (object), result, &error)
                                 : g_file_replace_finish (G_FILE (object), result, &error);
  if (d->output == NULL)
    {
      GError *wrapped = g_error_new (KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                                     _("Could not write to the clips folder: %s"), error->message);
      g_error_free (error);
      fail (task, wrapped);
      return;
    }
  read_next (task);
}

static void
start_writing (GTask    *task,
               gboolean  append)
{
  Download *d = g_task_get_task_data (task);
  g_autoptr(GFile) part = g_file_new_for_path (d->part_path);

  if (append)
    g_file_append_to_async (part, G_FILE_CREATE_PRIVATE, G_PRIORITY_DEFAULT,
                            g_task_get_cancellable (task), output_ready_cb, task);
  else
    g_file_replace_async (part, NULL, FALSE, G_FILE_CREATE_PRIVATE, G_PRIORITY_DEFAULT,
                          g_task_get_cancellable (task), output_ready_cb, task);
}

static gboolean
content_type_ok (const char *type)
{
  /* Some CDNs label MP4 as octet-stream; HTML or JSON means an error page. */
  if (type == NULL)
    return TRUE;
  return g_str_has_prefix (type, "video/") ||
         g_str_equal (type, "application/octet-stream") ||
         g_str_equal (type, "binary/octet-stream") ||
         g_str_equal (type, "application/mp4");
}

static void
soup_send_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Download *d = g_task_get_task_data (task);
  GError *error = NULL;
  guint status;
  const char *type;

  d->input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (d->input == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GError *wrapped = g_error_new (KINEMA_ERROR, KINEMA_ERROR_NETWORK,
                                         _("Could not download the result: %s"), error->message);
          g_error_free (error);
          error = wrapped;
        }
      d->keep_part = d->resume_from > 0;
      fail (task, error);
      return;
    }

  status = soup_message_get_status (d->message);
  if (status == SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE && !d->retried_416)
    {
      /* The .part does not fit what the server has: start over once. */
      g_unlink (d->part_path);
      g_clear_object (&d->input);
      d->retried_416 = TRUE;
      d->resume_from = 0;
      send_request (task);
      return;
    }
  if (status == 403 || status == 404 || status == 410)
    {
      fail (task, g_error_new_literal (KINEMA_ERROR, KINEMA_ERROR_EXPIRED_RESULT,
                                       _("The provider deleted the result before it could be downloaded.")));
      return;
    }
  if (status < 200 || status >= 300)
    {
      fail (task, g_error_new (KINEMA_ERROR, status >= 500 ? KINEMA_ERROR_SERVER : KINEMA_ERROR_NETWORK,
                               _("The result could not be downloaded (HTTP %u)."), status));
      return;
    }

  type = soup_message_headers_get_content_type (soup_message_get_response_headers (d->message), NULL);
  if (!content_type_ok (type))
    {
      fail (task, g_error_new (KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                               _("The provider sent “%s” instead of a video."), type));
      return;
    }
  d->total = MAX (0, soup_message_headers_get_content_length (soup_message_get_response_headers (d->message)));
  if (status == SOUP_STATUS_PARTIAL_CONTENT)
    {
      goffset start = -1, end = -1, length = -1;

      if (!soup_message_headers_get_content_range (soup_message_get_response_headers (d->message),
                                                   &start, &end, &length) ||
          (guint64) start != d->resume_from)
        {
          /* Not the range asked for: do not splice mismatched bytes. */
          g_unlink (d->part_path);
          g_clear_object (&d->input);
          d->resume_from = 0;
          d->retried_416 = TRUE;
          send_request (task);
          return;
        }
      d->received = d->resume_from;
      if (d->total > 0)
        d->total += d->resume_from;
    }
  else
    d->resume_from = 0;

  if (d->total > d->max_bytes)
    {
      fail (task, g_error_new (KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                               _("The result is larger than %" PRIu64 " MB; Kinema did not download it."),
                               (uint64_t) (d->max_bytes / (1024 * 1024))));
      return;
    }
  start_writing (task, d->resume_from > 0);
}

static void
send_request (GTask *task)
{
  Download *d = g_task_get_task_data (task);
  GStatBuf st;

  g_clear_object (&d->message);
  d->message = soup_message_new ("GET", d->url);
  if (d->message == NULL)
    {
      g_task_return_new_error (task, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                               _("The provider returned a malformed video address."));
      g_object_unref (task);
      return;
    }

  /* An earlier attempt was interrupted: ask only for the rest. */
  if (!d->retried_416 && g_stat (d->part_path, &st) == 0 && st.st_size > 0)
    {
      d->resume_from = st.st_size;
      soup_message_headers_set_range (soup_message_get_request_headers (d->message), st.st_size, -1);
    }
  soup_session_send_async (d->session, d->message, G_PRIORITY_DEFAULT,
                           g_task_get_cancellable (task), soup_send_cb, task);
}

static void
file_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = user_data;
  Download *d = g_task_get_task_data (task);
  GError *error = NULL;

  d->input = G_INPUT_STREAM (g_file_read_finish (G_FILE (object), result, &error));
  if (d->input == NULL)
    {
      GError *wrapped = g_error_new (KINEMA_ERROR, KINEMA_ERROR_EXPIRED_RESULT,
                                     _("The result file is gone: %s"), error->message);
      g_error_free (error);
      fail (task, wrapped);
      return;
    }
  start_writing (task, FALSE);
}

void
kinema_download_async (SoupSession            *session,
                       const char             *url,
                       const char             *dest_path,
                       guint64                 max_bytes,
                       KinemaDownloadProgress  progress,
                       gpointer                progress_data,
                       GCancellable           *cancellable,
                       GAsyncReadyCallback     callback,
                       gpointer                user_data)
{
  GTask *task;
  Download *d;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (url != NULL);
  g_return_if_fail (dest_path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kinema_download_async);
  d = g_new0 (Download, 1);
  d->url = g_strdup (url);
  d->dest_path = g_strdup (dest_path);
  d->part_path = g_strconcat (dest_path, ".part", NULL);
  d->max_bytes = max_bytes ? max_bytes : KINEMA_DOWNLOAD_MAX_BYTES;
  d->progress = progress;
  d->progress_data = progress_data;
  d->buffer = g_malloc (CHUNK);
  g_task_set_task_data (task, d, (GDestroyNotify) download_free);

  if (g_str_has_prefix (url, "file://"))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (url);

      g_file_read_async (file, G_PRIORITY_DEFAULT, cancellable, file_read_cb, task);
      return;
    }

  if (!g_str_has_prefix (url, "https://") && !g_str_has_prefix (url, "http://"))
    {
      g_task_return_new_error (task, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                               _("The provider returned an address Kinema cannot download: %s"), url);
      g_object_unref (task);
      return;
    }

  d->session = g_object_ref (session);
  send_request (task);
}

gboolean
kinema_download_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
