/* kinema-sidecar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * <clip>.json next to each clip:
 *
 *   {
 *     "kinema_sidecar": 1,
 *     "job_id": "…", "provider_id": "…", "provider_name": "…",
 *     "remote_task_id": "…" | null,
 *     "created": "2024-05-01T12:00:00Z",
 *     "request": { …kinema_request_to_json_node()… },
 *     "price_estimate_usd": 0.42 | null,
 *     "price_actual": 0.42 | null,
 *     "clip": { "file": "<basename>", "duration_ms", "width", "height",
 *               "fps", "has_audio", "size", "warnings": [ "…" ] }
 *   }
 *
 * Readers must ignore members they do not know; "kinema_sidecar" is
 * raised only for changes an old reader would misread.
 */
#define G_LOG_DOMAIN "kinema-sidecar"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "kinema-error.h"
#include "kinema-sidecar.h"

#define SIDECAR_MODE 0644

typedef struct
{
  char *path;
  char *data;
} WriteData;

static void
write_data_free (WriteData *data)
{
  g_free (data->path);
  g_free (data->data);
  g_free (data);
}

/* Helpers */

static void
add_string_or_null (JsonBuilder *builder,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_price (JsonBuilder *builder,
           const char  *member,
           double       value)
{
  json_builder_set_member_name (builder, member);
  if (value >= 0.0)
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
format_created (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return dt != NULL ? g_date_time_format_iso8601 (dt) : NULL;
}

static void
add_clip (JsonBuilder *builder,
          KinemaClip  *clip)
{
  g_autofree char *file = g_path_get_basename (clip->path);

  json_builder_set_member_name (builder, "clip");
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, file);
  json_builder_set_member_name (builder, "duration_ms");
  json_builder_add_int_value (builder, clip->duration_ms);
  json_builder_set_member_name (builder, "width");
  json_builder_add_int_value (builder, clip->width);
  json_builder_set_member_name (builder, "height");
  json_builder_add_int_value (builder, clip->height);
  json_builder_set_member_name (builder, "fps");
  json_builder_add_double_value (builder, clip->fps);
  json_builder_set_member_name (builder, "has_audio");
  json_builder_add_boolean_value (builder, clip->has_audio);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, (gint64) MIN (clip->size, (guint64) G_MAXINT64));

  /* Stored newline-separated; an array reads better. */
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  if (clip->warnings != NULL)
    {
      g_auto(GStrv) lines = g_strsplit (clip->warnings, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (*g_strstrip (lines[i]) != '\0')
          json_builder_add_string_value (builder, lines[i]);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);
}

static gboolean
write_file (const char  *path,
            const char  *data,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (path, data, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT,
                                 SIDECAR_MODE, &local_error))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("Cannot save the clip’s details: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

static KinemaClip *
get_clip (KinemaJob  *job,
          GError    **error)
{
  KinemaClip *clip = kinema_job_get_clip (job);

  if (clip == NULL || clip->path == NULL || *clip->path == '\0')
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                           _("The job has no clip to describe"));
      return NULL;
    }

  return clip;
}

static void
write_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  WriteData *data = task_data;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (write_file (data->path, data->data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* Public API */

char *
kinema_sidecar_path_for_clip (const char *clip_path)
{
  g_autofree char *base = NULL;
  const char *dot;
  const char *slash;

  g_return_val_if_fail (clip_path != NULL, NULL);

  dot = strrchr (clip_path, '.');
  slash = strrchr (clip_path, G_DIR_SEPARATOR);

  /* No extension (or a dot only in a folder name or a hidden file's
   * leading dot), or a clip that is itself ".json": append. */
  if (dot == NULL
      || (slash != NULL && dot < slash)
      || dot == clip_path
      || (slash != NULL && dot == slash + 1)
      || g_ascii_strcasecmp (dot, ".json") == 0)
    return g_strconcat (clip_path, ".json", NULL);

  base = g_strndup (clip_path, (gsize) (dot - clip_path));
  return g_strconcat (base, ".json", NULL);
}

char *
kinema_sidecar_to_data (KinemaJob   *job,
                        const char  *provider_name,
                        GError     **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *created = NULL;
  KinemaRequest *request;
  KinemaClip *clip;

  g_return_val_if_fail (KINEMA_IS_JOB (job), NULL);

  if (!(clip = get_clip (job, error)))
    return NULL;

  request = kinema_job_get_request (job);
  created = format_created (kinema_job_get_created (job));

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "kinema_sidecar");
  json_builder_add_int_value (builder, KINEMA_SIDECAR_VERSION);
  add_string_or_null (builder, "job_id", kinema_job_get_id (job));
  add_string_or_null (builder, "provider_id", kinema_job_get_provider_id (job));
  add_string_or_null (builder, "provider_name", provider_name);
  add_string_or_null (builder, "remote_task_id", kinema_job_get_remote_task_id (job));
  add_string_or_null (builder, "created", created);

  json_builder_set_member_name (builder, "request");
  if (request != NULL)
    json_builder_add_value (builder, kinema_request_to_json_node (request));
  else
    json_builder_add_null_value (builder);

  add_price (builder, "price_estimate_usd", kinema_job_get_price_estimate (job));
  add_price (builder, "price_actual", kinema_job_get_price_actual (job));
  add_clip (builder, clip);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, NULL);
}

gboolean
kinema_sidecar_write (KinemaJob   *job,
                      const char  *provider_name,
                      GError     **error)
{
  g_autofree char *data = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (KINEMA_IS_JOB (job), FALSE);

  if (!(data = kinema_sidecar_to_data (job, provider_name, error)))
    return FALSE;

  path = kinema_sidecar_path_for_clip (kinema_job_get_clip (job)->path);
  return write_file (path, data, error);
}

void
kinema_sidecar_write_async (KinemaJob           *job,
                            const char          *provider_name,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  WriteData *write_data;

  g_return_if_fail (KINEMA_IS_JOB (job));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kinema_sidecar_write_async);

  /* Snapshot now, on the caller's thread: the job is not thread-safe. */
  if (!(data = kinema_sidecar_to_data (job, provider_name, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  write_data = g_new0 (WriteData, 1);
  write_data->path = kinema_sidecar_path_for_clip (kinema_job_get_clip (job)->path);
  write_data->data = g_steal_pointer (&data);
  g_task_set_task_data (task, write_data, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread);
}

gboolean
kinema_sidecar_write_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kinema_sidecar_write_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

KinemaRequest *
kinema_sidecar_read_request (const char  *sidecar_path,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  KinemaRequest *request;
  JsonObject *root;
  JsonNode *node;
  gsize length = 0;
  gint64 version;

  g_return_val_if_fail (sidecar_path != NULL, NULL);

  name = g_filename_display_basename (sidecar_path);

  if (!g_file_get_contents (sidecar_path, &contents, &length, &local_error))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("Cannot read the clip’s details “%s”: %s"), name, local_error->message);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, contents, (gssize) length, &local_error))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("“%s” is not valid JSON: %s"), name, local_error->message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("“%s” is not a Kinema clip description"), name);
      return NULL;
    }
  root = json_node_get_object (node);

  node = json_object_get_member (root, "kinema_sidecar");
  if (node == NULL
      || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("“%s” is not a Kinema clip description"), name);
      return NULL;
    }

  version = json_node_get_int (node);
  if (version < 1)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("“%s” is not a Kinema clip description"), name);
      return NULL;
    }
  if (version > KINEMA_SIDECAR_VERSION)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("“%s” was written by a newer version of Kinema (format %" G_GINT64_FORMAT ")"),
                   name, version);
      return NULL;
    }

  node = json_object_get_member (root, "request");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("“%s” does not record the request that made the clip"), name);
      return NULL;
    }

  request = kinema_request_new_from_json_node (node, &local_error);
  if (request == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("The request in “%s” is damaged: %s"), name, local_error->message);
      return NULL;
    }

  return request;
}
