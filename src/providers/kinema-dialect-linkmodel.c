/* kinema-dialect-linkmodel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LinkModel (providers.md §1): POST {base}/video-generation, poll
 * GET {base}/query/video-generation?task_id=..., Bearer key, envelope
 * {code, data, msg|message, request_id}. Text and image to video only.
 */
#define G_LOG_DOMAIN "kinema-dialect"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kinema-dialect-util.h"
#include "kinema-dialects-private.h"

#define PROVIDER_NAME(cfg) ((cfg) && (cfg)->name ? (cfg)->name : "LinkModel")
#define DEFAULT_MODEL "kling-v3"

static const KinemaStatusMap linkmodel_statuses[] = {
  { "processing", KINEMA_TASK_RUNNING },
  { "queued", KINEMA_TASK_QUEUED },       /* not documented; harmless */
  { "pending", KINEMA_TASK_QUEUED },      /* not documented; harmless */
  { "succeeded", KINEMA_TASK_SUCCEEDED }, /* submit enum (seed) */
  { "success", KINEMA_TASK_SUCCEEDED },   /* poll (confirmed) */
  { "failed", KINEMA_TASK_FAILED },
  { "cancelled", KINEMA_TASK_CANCELLED },
  { "canceled", KINEMA_TASK_CANCELLED },
  { NULL }
};

static void
linkmodel_init_capabilities (const KinemaProviderConfig *cfg,
                             KinemaCapabilities         *caps)
{
  kinema_capabilities_init_kling_v3 (caps);

  caps->modes = KINEMA_MODE_BIT (KINEMA_MODE_TEXT) | KINEMA_MODE_BIT (KINEMA_MODE_IMAGE);
  caps->max_prompt_chars = 2500;
  caps->max_negative_chars = 2500;
  caps->max_shot_prompt_chars = 0;
  caps->max_shots = 0;
  caps->multi_shot_intelligence = FALSE;
  caps->frames_in_multi_shot = FALSE;
  caps->last_frame_in_multi_shot = FALSE;
  caps->max_elements = 0;
  caps->min_element_images = 0;
  caps->max_element_images = 0;
  caps->max_reference_images = 0;
  caps->last_frame = TRUE;
  caps->last_frame_needs_first = TRUE;
  caps->audio = TRUE;
  caps->cfg_scale = TRUE;
  caps->watermark = FALSE;
  caps->aspect = TRUE;
  caps->quality = TRUE;
  caps->resolution_via = KINEMA_RESOLUTION_VIA_FIELD;
  caps->image_transports = KINEMA_IMAGE_URL;
  caps->reports_progress = FALSE;
  caps->reports_price = TRUE;
  caps->external_task_id = FALSE;
}

static const char *
size_for_aspect (KinemaAspect aspect)
{
  switch (aspect)
    {
    case KINEMA_ASPECT_9_16: return "9x16";
    case KINEMA_ASPECT_1_1: return "1x1";
    case KINEMA_ASPECT_16_9:
    default: return "16x9";
    }
}

static KinemaHttpCall *
linkmodel_build_submit (const KinemaProviderConfig  *cfg,
                        const char                  *api_key,
                        KinemaRequest               *request,
                        KinemaWireImages            *images,
                        const char                  *job_id,
                        GError                     **error)
{
  const char *provider = PROVIDER_NAME (cfg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) extends = NULL;
  g_autofree char *url = NULL;
  KinemaHttpCall *call;
  KinemaMode mode = kinema_request_get_mode (request);
  const char *prompt = kinema_request_get_prompt (request);
  const char *negative = kinema_request_get_negative_prompt (request);
  const char *first = kinema_request_get_first_frame (request);
  const char *last = kinema_request_get_last_frame (request);
  guint duration = kinema_request_get_duration (request);
  gboolean audio = kinema_request_get_audio (request);
  double cfg_scale = kinema_request_get_cfg_scale (request);

  if (mode == KINEMA_MODE_REFERENCE)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("mode: %s does not offer reference-image generation."), provider);
      return NULL;
    }
  if (kinema_request_get_multi_shot (request) != KINEMA_MULTI_SHOT_NONE)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("multi_shot: %s does not offer multi-shot generation."), provider);
      return NULL;
    }
  if (kinema_request_get_n_elements (request) > 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("elements: %s does not offer elements."), provider);
      return NULL;
    }
  if (kinema_request_get_watermark (request))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("watermark: %s has no watermark option."), provider);
      return NULL;
    }
  if (prompt == NULL || *prompt == '\0')
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("prompt: %s needs a prompt."), provider);
      return NULL;
    }
  if (duration < 3 || duration > 15)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("duration: %s accepts 3 to 15 seconds, not %u."), provider, duration);
      return NULL;
    }
  if (mode == KINEMA_MODE_IMAGE && first == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("first_frame: image to video needs a first frame."));
      return NULL;
    }

  body = json_object_new ();
  json_object_set_string_member (body, "model", cfg->model ? cfg->model : DEFAULT_MODEL);
  json_object_set_string_member (body, "prompt", prompt);
  json_object_set_string_member (body, "resolution",
                                 kinema_request_get_quality (request) == KINEMA_QUALITY_PRO ? "1080P" : "720P");
  json_object_set_int_member (body, "duration", duration);

  if (mode == KINEMA_MODE_IMAGE)
    {
      const char *wire = kinema_dialect_wire_image (images, first, provider, "first_frame", error);

      if (wire == NULL)
        return NULL;
      json_object_set_string_member (body, "first_frame_image", wire);

      if (last != NULL)
        {
          wire = kinema_dialect_wire_image (images, last, provider, "last_frame", error);
          if (wire == NULL)
            return NULL;
          json_object_set_string_member (body, "last_frame_image", wire);
        }
    }
  else
    {
      /* The output follows the image in i2v; size only matters for t2v. */
      json_object_set_string_member (body, "size", size_for_aspect (kinema_request_get_aspect (request)));
    }

  /* providers.md §1.1: the OpenAPI shows both a nested `extends` object and
   * literal dotted keys; send both with the same values. */
  extends = json_object_new ();
  json_object_set_boolean_member (extends, "audio", audio);
  json_object_set_double_member (extends, "cfg_scale", cfg_scale);
  if (negative != NULL && *negative != '\0')
    json_object_set_string_member (extends, "negative_prompt", negative);
  json_object_set_object_member (body, "extends", json_object_ref (extends));
  json_object_set_boolean_member (body, "extends.audio", audio);
  json_object_set_double_member (body, "extends.cfg_scale", cfg_scale);
  if (negative != NULL && *negative != '\0')
    json_object_set_string_member (body, "extends.negative_prompt", negative);

  url = kinema_dialect_url (cfg, "/video-generation");
  call = kinema_dialect_bearer_call ("POST", url, api_key);
  kinema_http_call_take_body (call, json_node_init_object (json_node_alloc (), body));
  return call;
}

/* code != 0 (or an HTTP error) to a KINEMA_ERROR, per §1.4. */
static void
set_envelope_error (GError     **error,
                    const char  *provider,
                    guint        http_status,
                    gint64       code,
                    const char  *message)
{
  guint status = http_status;

  if (!(http_status >= 400) && code >= 400 && code <= 599)
    status = (guint) code;
  kinema_dialect_set_http_error (error, provider, status, message);
}

static KinemaTaskStatus *
linkmodel_parse_submit (const KinemaProviderConfig  *cfg,
                        guint                        http_status,
                        const char                  *body,
                        gsize                        body_len,
                        GError                     **error)
{
  const char *provider = PROVIDER_NAME (cfg);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  KinemaTaskStatus *status;
  const char *task_id;
  const char *state;
  gint64 code = 0;
  double price;

  root = kinema_dialect_parse_object (provider, http_status, body, body_len, &parse_error);
  if (root == NULL)
    {
      if (KINEMA_HTTP_OK (http_status))
        kinema_dialect_set_unknown_outcome (error, provider, parse_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&parse_error));
      return NULL;
    }

  if (!kinema_json_path_get_int (root, "code", &code) && KINEMA_HTTP_OK (http_status))
    code = 0;
  if (!KINEMA_HTTP_OK (http_status) || code != 0)
    {
      set_envelope_error (error, provider, http_status, code, kinema_dialect_get_message (root));
      return NULL;
    }

  task_id = kinema_json_path_get_nonempty (root, "data.task_id");
  if (task_id == NULL)
    {
      kinema_dialect_set_unknown_outcome (error, provider, _("the answer has no task id"));
      return NULL;
    }

  state = kinema_json_path_get_string (root, "data.status");
  status = kinema_task_status_new (kinema_dialect_map_status (linkmodel_statuses, state));
  status->task_id = g_strdup (task_id);
  if (kinema_json_path_get_double (root, "data.price", &price))
    status->price = price;
  if (status->state == KINEMA_TASK_FAILED)
    kinema_dialect_set_error (&status->error, KINEMA_ERROR_GENERATION_FAILED, provider,
                              kinema_json_path_get_nonempty (root, "data.msg"));
  return status;
}

static KinemaHttpCall *
linkmodel_build_poll (const KinemaProviderConfig  *cfg,
                      const char                  *api_key,
                      const char                  *task_id,
                      const char                  *poll_hint,
                      GError                     **error)
{
  g_autofree char *escaped = kinema_dialect_escape_id (task_id);
  g_autofree char *path = g_strdup_printf ("/query/video-generation?task_id=%s", escaped);
  g_autofree char *url = kinema_dialect_url (cfg, path);

  return kinema_dialect_bearer_call ("GET", url, api_key);
}

static KinemaTaskStatus *
linkmodel_parse_poll (const KinemaProviderConfig  *cfg,
                      guint                        http_status,
                      const char                  *body,
                      gsize                        body_len,
                      GError                     **error)
{
  const char *provider = PROVIDER_NAME (cfg);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(KinemaTaskStatus) status = NULL;
  const char *state;
  gint64 code = 0;
  double price;

  root = kinema_dialect_parse_object (provider, http_status, body, body_len, error);
  if (root == NULL)
    return NULL;

  if (!kinema_json_path_get_int (root, "code", &code) && KINEMA_HTTP_OK (http_status))
    code = 0;
  if (!KINEMA_HTTP_OK (http_status) || code != 0)
    {
      set_envelope_error (error, provider, http_status, code, kinema_dialect_get_message (root));
      return NULL;
    }
  if (kinema_json_path_get_object (root, "data") == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER,
                   _("%s sent a task status without data."), provider);
      return NULL;
    }

  state = kinema_json_path_get_string (root, "data.status");
  status = kinema_task_status_new (kinema_dialect_map_status (linkmodel_statuses, state));
  status->task_id = g_strdup (kinema_json_path_get_nonempty (root, "data.task_id"));
  if (kinema_json_path_get_double (root, "data.price", &price))
    status->price = price;

  switch (status->state)
    {
    case KINEMA_TASK_SUCCEEDED:
      status->video_url = g_strdup (kinema_json_path_get_nonempty (root, "data.file_url"));
      if (status->video_url == NULL)
        {
          status->state = KINEMA_TASK_FAILED;
          g_set_error (&status->error, KINEMA_ERROR, KINEMA_ERROR_SERVER,
                       _("%s reported success but sent no video URL."), provider);
        }
      break;

    case KINEMA_TASK_FAILED:
      {
        const char *reason = kinema_json_path_get_nonempty (root, "data.msg");
        KinemaErrorCode code_for_text;

        if (kinema_dialect_error_code_for_text (reason, &code_for_text) &&
            code_for_text == KINEMA_ERROR_CONTENT_POLICY)
          kinema_dialect_set_error (&status->error, KINEMA_ERROR_CONTENT_POLICY, provider, reason);
        else
          kinema_dialect_set_error (&status->error, KINEMA_ERROR_GENERATION_FAILED, provider, reason);
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

/* §1.3, confirmed: 30 s before the first poll; then every 5 s up to 2 min,
 * 3 s from 2 to 4 min, 8 s from 4 to 8 min, 15 s from 8 to 15 min; stop
 * after 15 min. */
static int
linkmodel_next_poll_delay (guint  attempt,
                           double elapsed)
{
  if (elapsed >= 15 * 60)
    return -1;
  if (attempt == 0)
    return 30;
  if (elapsed < 2 * 60)
    return 5;
  if (elapsed < 4 * 60)
    return 3;
  if (elapsed < 8 * 60)
    return 8;
  return 15;
}

const KinemaDialect kinema_dialect_linkmodel = {
  .name = "linkmodel",
  .init_capabilities = linkmodel_init_capabilities,
  .build_submit = linkmodel_build_submit,
  .parse_submit = linkmodel_parse_submit,
  .build_poll = linkmodel_build_poll,
  .parse_poll = linkmodel_parse_poll,
  .next_poll_delay = linkmodel_next_poll_delay,
};
