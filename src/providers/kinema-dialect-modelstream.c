/* kinema-dialect-modelstream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ModelStream, a New-API ("newapi-video") gateway (providers.md §3):
 * POST {base}/v1/video/generations, poll GET {base}/v1/video/generations/{id},
 * Bearer key, errors {"error":{message,type,param,code}}.
 *
 * Documented (seed 001): multi_shot, negative_prompt, mode, duration,
 * cfg_scale, aspect_ratio, watermark_enabled, `image` (URL or base64).
 * Inferred (official Kling naming, see §3's table): image_tail,
 * image_list, multi_prompt, shot_type, sound.
 */
#define G_LOG_DOMAIN "kinema-dialect"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kinema-dialect-util.h"
#include "kinema-dialects-private.h"

#define PROVIDER_NAME(cfg) ((cfg) && (cfg)->name ? (cfg)->name : "ModelStream")
#define DEFAULT_MODEL "kling-v3"

static const KinemaStatusMap modelstream_statuses[] = {
  { "queued", KINEMA_TASK_QUEUED },
  { "pending", KINEMA_TASK_QUEUED },
  { "submitted", KINEMA_TASK_QUEUED },
  { "not_start", KINEMA_TASK_QUEUED },
  { "in_progress", KINEMA_TASK_RUNNING },
  { "processing", KINEMA_TASK_RUNNING },
  { "unknown", KINEMA_TASK_RUNNING },
  { "completed", KINEMA_TASK_SUCCEEDED },
  { "succeeded", KINEMA_TASK_SUCCEEDED },
  { "success", KINEMA_TASK_SUCCEEDED },
  { "failed", KINEMA_TASK_FAILED },
  { "failure", KINEMA_TASK_FAILED },
  { "cancelled", KINEMA_TASK_CANCELLED },
  { "canceled", KINEMA_TASK_CANCELLED },
  { NULL }
};

/* §3: "Look for the video URL in url, then video_url, then metadata.url,
 * then data.url". */
static const char * const modelstream_url_paths[] = {
  "url", "video_url", "metadata.url", "data.url", NULL
};

static void
modelstream_init_capabilities (const KinemaProviderConfig *cfg,
                               KinemaCapabilities         *caps)
{
  kinema_capabilities_init_kling_v3 (caps);

  caps->modes = KINEMA_MODE_BIT (KINEMA_MODE_TEXT) |
                KINEMA_MODE_BIT (KINEMA_MODE_IMAGE) |
                KINEMA_MODE_BIT (KINEMA_MODE_REFERENCE);
  caps->max_prompt_chars = 2500;
  caps->max_negative_chars = 2500;
  caps->max_shot_prompt_chars = 512;
  caps->max_shots = 6;
  caps->multi_shot_intelligence = FALSE;     /* "?" in §6: not offered */
  caps->frames_in_multi_shot = TRUE;
  caps->last_frame_in_multi_shot = FALSE;
  caps->max_elements = 0;                    /* "?" in §6: not offered */
  caps->min_element_images = 0;
  caps->max_element_images = 0;
  caps->max_reference_images = 7;
  caps->last_frame = TRUE;
  caps->last_frame_needs_first = TRUE;
  caps->audio = TRUE;                        /* inferred: sends `sound` */
  caps->cfg_scale = TRUE;
  caps->watermark = TRUE;
  caps->aspect = TRUE;
  caps->quality = TRUE;
  caps->resolution_via = KINEMA_RESOLUTION_VIA_MODE;
  caps->image_transports = KINEMA_IMAGE_URL | KINEMA_IMAGE_BASE64;
  caps->reports_progress = FALSE;            /* only in the OpenAI job shape */
  caps->reports_price = FALSE;
  caps->external_task_id = FALSE;
}

static gboolean
set_wire_image (JsonObject        *obj,
                const char        *member,
                KinemaWireImages  *images,
                const char        *path_or_url,
                const char        *provider,
                const char        *field,
                GError           **error)
{
  const char *wire = kinema_dialect_wire_image (images, path_or_url, provider, field, error);

  if (wire == NULL)
    return FALSE;
  json_object_set_string_member (obj, member, wire);
  return TRUE;
}

static KinemaHttpCall *
modelstream_build_submit (const KinemaProviderConfig  *cfg,
                          const char                  *api_key,
                          KinemaRequest               *request,
                          KinemaWireImages            *images,
                          const char                  *job_id,
                          GError                     **error)
{
  const char *provider = PROVIDER_NAME (cfg);
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *url = NULL;
  KinemaHttpCall *call;
  KinemaMode mode = kinema_request_get_mode (request);
  KinemaMultiShot multi_shot = kinema_request_get_multi_shot (request);
  const char *prompt = kinema_request_get_prompt (request);
  const char *negative = kinema_request_get_negative_prompt (request);
  const char *first = kinema_request_get_first_frame (request);
  const char *last = kinema_request_get_last_frame (request);
  guint duration = kinema_request_get_duration (request);

  if (multi_shot == KINEMA_MULTI_SHOT_INTELLIGENCE)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("multi_shot: %s does not offer intelligence multi-shot; use a shot list."), provider);
      return NULL;
    }
  if (kinema_request_get_n_elements (request) > 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("elements: %s does not offer elements."), provider);
      return NULL;
    }
  if (duration < 3 || duration > 15)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("duration: %s accepts 3 to 15 seconds, not %u."), provider, duration);
      return NULL;
    }
  if (multi_shot == KINEMA_MULTI_SHOT_CUSTOMIZE)
    {
      guint n = kinema_request_get_n_shots (request);

      if (n == 0 || n > 6)
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                       _("shots: a shot list needs 1 to 6 shots."));
          return NULL;
        }
      if (kinema_request_get_shots_total (request) != duration)
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                       _("shots: the shots last %u s in total but the video is %u s."),
                       kinema_request_get_shots_total (request), duration);
          return NULL;
        }
      if (mode == KINEMA_MODE_REFERENCE)
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                       _("multi_shot: %s does not combine a shot list with reference images."), provider);
          return NULL;
        }
    }
  else if (prompt == NULL || *prompt == '\0')
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("prompt: %s needs a prompt."), provider);
      return NULL;
    }
  if (mode == KINEMA_MODE_IMAGE && first == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("first_frame: image to video needs a first frame."));
      return NULL;
    }
  if (mode == KINEMA_MODE_REFERENCE && kinema_request_get_n_reference_images (request) == 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("reference_images: reference mode needs at least one image."));
      return NULL;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "model", cfg->model ? cfg->model : DEFAULT_MODEL);
  if (prompt != NULL && *prompt != '\0')
    json_object_set_string_member (body, "prompt", prompt);
  json_object_set_string_member (body, "mode", kinema_quality_to_string (kinema_request_get_quality (request)));
  json_object_set_int_member (body, "duration", duration);
  json_object_set_double_member (body, "cfg_scale", kinema_request_get_cfg_scale (request));
  if (negative != NULL && *negative != '\0')
    json_object_set_string_member (body, "negative_prompt", negative);
  if (mode != KINEMA_MODE_IMAGE)
    json_object_set_string_member (body, "aspect_ratio", kinema_aspect_to_string (kinema_request_get_aspect (request)));
  json_object_set_boolean_member (body, "watermark_enabled", kinema_request_get_watermark (request));
  if (kinema_request_get_audio (request))
    json_object_set_string_member (body, "sound", "on");

  if (mode == KINEMA_MODE_IMAGE)
    {
      if (!set_wire_image (body, "image", images, first, provider, "first_frame", error))
        return NULL;
      if (last != NULL && multi_shot == KINEMA_MULTI_SHOT_NONE &&
          !set_wire_image (body, "image_tail", images, last, provider, "last_frame", error))
        return NULL;
      if (last != NULL && multi_shot != KINEMA_MULTI_SHOT_NONE)
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                       _("last_frame: a last frame cannot be combined with multi-shot."));
          return NULL;
        }
    }
  else if (mode == KINEMA_MODE_REFERENCE)
    {
      JsonArray *list = json_array_new ();

      json_object_set_array_member (body, "image_list", list);
      for (guint i = 0; i < kinema_request_get_n_reference_images (request); i++)
        {
          const char *ref = kinema_request_get_reference_image (request, i);
          JsonObject *item = json_object_new ();

          json_array_add_object_element (list, item);
          if (!set_wire_image (item, "image_url", images, ref, provider, "reference_images", error))
            return NULL;
        }
    }

  if (multi_shot == KINEMA_MULTI_SHOT_CUSTOMIZE)
    {
      JsonArray *shots = json_array_new ();

      json_object_set_boolean_member (body, "multi_shot", TRUE);
      json_object_set_string_member (body, "shot_type", "customize");
      json_object_set_array_member (body, "multi_prompt", shots);
      for (guint i = 0; i < kinema_request_get_n_shots (request); i++)
        {
          const KinemaShot *shot = kinema_request_get_shot (request, i);
          JsonObject *item = json_object_new ();
          g_autofree char *dur = g_strdup_printf ("%u", shot->duration);

          json_object_set_int_member (item, "index", i + 1);
          json_object_set_string_member (item, "prompt", shot->prompt ? shot->prompt : "");
          json_object_set_string_member (item, "duration", dur);
          json_array_add_object_element (shots, item);
        }
    }
  else
    json_object_set_boolean_member (body, "multi_shot", FALSE);

  url = kinema_dialect_url (cfg, "/v1/video/generations");
  call = kinema_dialect_bearer_call ("POST", url, api_key);
  kinema_http_call_take_body (call, json_node_init_object (json_node_alloc (), body));
  return call;
}

static KinemaTaskStatus *
modelstream_parse_submit (const KinemaProviderConfig  *cfg,
                          guint                        http_status,
                          const char                  *body,
                          gsize                        body_len,
                          GError                     **error)
{
  static const char * const id_paths[] = { "id", "task_id", "data.id", "data.task_id", NULL };
  const char *provider = PROVIDER_NAME (cfg);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  KinemaTaskStatus *status;
  const char *task_id;
  gint64 progress;

  root = kinema_dialect_parse_object (provider, http_status, body, body_len, &parse_error);
  if (root == NULL)
    {
      if (KINEMA_HTTP_OK (http_status))
        kinema_dialect_set_unknown_outcome (error, provider, parse_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&parse_error));
      return NULL;
    }

  task_id = kinema_json_find_first_string (root, id_paths);
  if (!KINEMA_HTTP_OK (http_status) ||
      (task_id == NULL && kinema_json_path_get (root, "error") != NULL))
    {
      kinema_dialect_set_openai_error (error, provider, KINEMA_HTTP_OK (http_status) ? 400 : http_status, root);
      return NULL;
    }
  if (task_id == NULL)
    {
      kinema_dialect_set_unknown_outcome (error, provider, _("the answer has no task id"));
      return NULL;
    }

  status = kinema_task_status_new (KINEMA_TASK_QUEUED);
  if (kinema_json_path_get_string (root, "status") != NULL)
    status->state = kinema_dialect_map_status (modelstream_statuses,
                                               kinema_json_path_get_string (root, "status"));
  status->task_id = g_strdup (task_id);
  if (kinema_json_path_get_int (root, "progress", &progress))
    status->progress = CLAMP ((int) progress, 0, 100);
  if (status->state == KINEMA_TASK_FAILED)
    kinema_dialect_set_error (&status->error, KINEMA_ERROR_GENERATION_FAILED, provider,
                              kinema_json_path_get_nonempty (root, "error.message"));
  return status;
}

static KinemaHttpCall *
modelstream_build_poll (const KinemaProviderConfig  *cfg,
                        const char                  *api_key,
                        const char                  *task_id,
                        const char                  *poll_hint,
                        GError                     **error)
{
  g_autofree char *escaped = kinema_dialect_escape_id (task_id);
  g_autofree char *path = g_strdup_printf ("/v1/video/generations/%s", escaped);
  g_autofree char *url = kinema_dialect_url (cfg, path);

  return kinema_dialect_bearer_call ("GET", url, api_key);
}

static KinemaTaskStatus *
modelstream_parse_poll (const KinemaProviderConfig  *cfg,
                        guint                        http_status,
                        const char                  *body,
                        gsize                        body_len,
                        GError                     **error)
{
  static const char * const id_paths[] = { "id", "task_id", "data.id", "data.task_id", NULL };
  static const char * const reason_paths[] = { "error.message", "fail_reason", "message", "data.fail_reason", NULL };
  const char *provider = PROVIDER_NAME (cfg);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(KinemaTaskStatus) status = NULL;
  const char *state;
  gint64 progress;

  root = kinema_dialect_parse_object (provider, http_status, body, body_len, error);
  if (root == NULL)
    return NULL;

  if (!KINEMA_HTTP_OK (http_status))
    {
      kinema_dialect_set_openai_error (error, provider, http_status, root);
      return NULL;
    }

  state = kinema_json_path_get_string (root, "status");
  if (state == NULL)
    state = kinema_json_path_get_string (root, "data.status");
  if (state == NULL && kinema_json_path_get_object (root, "error") != NULL)
    {
      kinema_dialect_set_openai_error (error, provider, 400, root);
      return NULL;
    }

  status = kinema_task_status_new (kinema_dialect_map_status (modelstream_statuses, state));
  status->task_id = g_strdup (kinema_json_find_first_string (root, id_paths));
  if (kinema_json_path_get_int (root, "progress", &progress))
    status->progress = CLAMP ((int) progress, 0, 100);

  switch (status->state)
    {
    case KINEMA_TASK_SUCCEEDED:
      status->video_url = g_strdup (kinema_json_find_first_string (root, modelstream_url_paths));
      if (status->video_url == NULL)
        {
          status->state = KINEMA_TASK_FAILED;
          g_set_error (&status->error, KINEMA_ERROR, KINEMA_ERROR_SERVER,
                       _("%s reported success but sent no video URL."), provider);
        }
      else
        status->progress = 100;
      break;

    case KINEMA_TASK_FAILED:
      {
        const char *reason = kinema_json_find_first_string (root, reason_paths);
        KinemaErrorCode code;

        if (!kinema_dialect_error_code_for_text (reason, &code) || code != KINEMA_ERROR_CONTENT_POLICY)
          code = KINEMA_ERROR_GENERATION_FAILED;
        kinema_dialect_set_error (&status->error, code, provider, reason);
      }
      break;

    case KINEMA_TASK_QUEUED:
    case KINEMA_TASK_RUNNING:
    case KINEMA_TASK_CANCELLED:
    default:
      break;
    }

  return g_steal_pointer (&status);
}

const KinemaDialect kinema_dialect_modelstream = {
  .name = "modelstream",
  .init_capabilities = modelstream_init_capabilities,
  .build_submit = modelstream_build_submit,
  .parse_submit = modelstream_parse_submit,
  .build_poll = modelstream_build_poll,
  .parse_poll = modelstream_parse_poll,
  .next_poll_delay = NULL,
};
