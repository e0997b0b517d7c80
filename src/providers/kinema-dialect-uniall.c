/* kinema-dialect-uniall.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UniAll (providers.md §5, seed 004): POST {base}/v1/video/generations,
 * poll GET {base}/v1/videos/{task_id}, Bearer key. Tier and audio are part
 * of the model id (kling-v3-std-silent ...); negative prompt, cfg scale,
 * shots and shot type go in a nested `extra_body` object. The shot type is
 * spelled "intelligent" here (seed), not "intelligence".
 */
#define G_LOG_DOMAIN "kinema-dialect"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kinema-dialect-util.h"
#include "kinema-dialects-private.h"

#define PROVIDER_NAME(cfg) ((cfg) && (cfg)->name ? (cfg)->name : "UniAll")
#define DEFAULT_MODEL "kling-v3"

static const KinemaStatusMap uniall_statuses[] = {
  { "completed", KINEMA_TASK_SUCCEEDED },    /* seed */
  { "succeeded", KINEMA_TASK_SUCCEEDED },
  { "queued", KINEMA_TASK_QUEUED },          /* inferred from here on */
  { "pending", KINEMA_TASK_QUEUED },
  { "in_progress", KINEMA_TASK_RUNNING },
  { "processing", KINEMA_TASK_RUNNING },
  { "failed", KINEMA_TASK_FAILED },
  { "expired", KINEMA_TASK_FAILED },
  { "cancelled", KINEMA_TASK_CANCELLED },
  { "canceled", KINEMA_TASK_CANCELLED },
  { NULL }
};

static const char * const uniall_url_paths[] = {
  "video_url", "url", "metadata.url", "data.video_url", "data.url", NULL
};

static void
uniall_init_capabilities (const KinemaProviderConfig *cfg,
                          KinemaCapabilities         *caps)
{
  kinema_capabilities_init_kling_v3 (caps);

  caps->modes = KINEMA_MODE_BIT (KINEMA_MODE_TEXT) | KINEMA_MODE_BIT (KINEMA_MODE_IMAGE);
  caps->max_prompt_chars = 2500;
  caps->max_negative_chars = 2500;
  caps->max_shot_prompt_chars = 512;
  caps->max_shots = 6;
  caps->multi_shot_intelligence = TRUE;
  caps->frames_in_multi_shot = TRUE;
  caps->last_frame_in_multi_shot = FALSE;
  caps->max_elements = 0;          /* element_list format undocumented */
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
  caps->resolution_via = KINEMA_RESOLUTION_VIA_MODEL;
  caps->image_transports = KINEMA_IMAGE_URL;
  caps->reports_progress = TRUE;
  caps->reports_price = FALSE;
  caps->external_task_id = FALSE;
}

/* kling-v3-{std|pro}-{silent|audio} */
static char *
uniall_model_id (const KinemaProviderConfig *cfg,
                 KinemaRequest              *request)
{
  return g_strdup_printf ("%s-%s-%s",
                          cfg->model ? cfg->model : DEFAULT_MODEL,
                          kinema_request_get_quality (request) == KINEMA_QUALITY_PRO ? "pro" : "std",
                          kinema_request_get_audio (request) ? "audio" : "silent");
}

static KinemaHttpCall *
uniall_build_submit (const KinemaProviderConfig  *cfg,
                     const char                  *api_key,
                     KinemaRequest               *request,
                     KinemaWireImages            *images,
                     const char                  *job_id,
                     GError                     **error)
{
  const char *provider = PROVIDER_NAME (cfg);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *url = NULL;
  g_autofree char *model = NULL;
  KinemaHttpCall *call;
  KinemaMode mode = kinema_request_get_mode (request);
  KinemaMultiShot multi_shot = kinema_request_get_multi_shot (request);
  const char *prompt = kinema_request_get_prompt (request);
  const char *negative = kinema_request_get_negative_prompt (request);
  const char *first = kinema_request_get_first_frame (request);
  const char *last = kinema_request_get_last_frame (request);
  guint duration = kinema_request_get_duration (request);
  gboolean has_prompt = prompt != NULL && *prompt != '\0';

  if (mode == KINEMA_MODE_REFERENCE)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("mode: %s does not offer reference-image generation."), provider);
      return NULL;
    }
  if (kinema_request_get_n_elements (request) > 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("elements: %s does not document its element format; elements are not offered."), provider);
      return NULL;
    }
  if (kinema_request_get_watermark (request))
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("watermark: %s has no watermark option."), provider);
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
      if (mode == KINEMA_MODE_IMAGE && last != NULL)
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                       _("last_frame: a last frame cannot be combined with multi-shot."));
          return NULL;
        }
    }
  else if (!has_prompt)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("prompt: %s needs a prompt."), provider);
      return NULL;
    }

  body = json_object_new ();
  model = uniall_model_id (cfg, request);
  json_object_set_string_member (body, "model", model);

  /* Seed 004: in image mode, do not send prompt together with
   * extra_body.multi_prompt. Outside image mode `prompt` is required; with
   * a shot list and no main prompt, the shots' prompts stand in for it
   * (inferred). */
  if (multi_shot == KINEMA_MULTI_SHOT_CUSTOMIZE)
    {
      if (mode != KINEMA_MODE_IMAGE)
        {
          if (has_prompt)
            json_object_set_string_member (body, "prompt", prompt);
          else
            {
              GString *joined = g_string_new (NULL);

              for (guint i = 0; i < kinema_request_get_n_shots (request); i++)
                {
                  const KinemaShot *shot = kinema_request_get_shot (request, i);

                  if (joined->len > 0)
                    g_string_append_c (joined, ' ');
                  g_string_append (joined, shot->prompt ? shot->prompt : "");
                }
              json_object_set_string_member (body, "prompt", joined->str);
              g_string_free (joined, TRUE);
            }
        }
    }
  else
    json_object_set_string_member (body, "prompt", prompt);

  if (mode == KINEMA_MODE_IMAGE)
    {
      const char *wire = kinema_dialect_wire_image (images, first, provider, "first_frame", error);

      if (wire == NULL)
        return NULL;
      json_object_set_string_member (body, "image", wire);
      if (last != NULL)
        {
          wire = kinema_dialect_wire_image (images, last, provider, "last_frame", error);
          if (wire == NULL)
            return NULL;
          json_object_set_string_member (body, "last_image", wire);
        }
    }

  json_object_set_string_member (body, "aspect_ratio", kinema_aspect_to_string (kinema_request_get_aspect (request)));
  json_object_set_int_member (body, "duration", duration);

  extra = json_object_new ();
  json_object_set_double_member (extra, "cfg_scale", kinema_request_get_cfg_scale (request));
  if (negative != NULL && *negative != '\0')
    json_object_set_string_member (extra, "negative_prompt", negative);
  if (multi_shot == KINEMA_MULTI_SHOT_CUSTOMIZE)
    {
      JsonArray *shots = json_array_new ();

      json_object_set_string_member (extra, "shot_type", "customize");
      json_object_set_array_member (extra, "multi_prompt", shots);
      for (guint i = 0; i < kinema_request_get_n_shots (request); i++)
        {
          const KinemaShot *shot = kinema_request_get_shot (request, i);
          JsonObject *item = json_object_new ();

          /* Item shape undocumented; official {index, prompt, duration}
           * (inferred), duration an integer like the top-level one. */
          json_object_set_int_member (item, "index", i + 1);
          json_object_set_string_member (item, "prompt", shot->prompt ? shot->prompt : "");
          json_object_set_int_member (item, "duration", shot->duration);
          json_array_add_object_element (shots, item);
        }
    }
  else if (multi_shot == KINEMA_MULTI_SHOT_INTELLIGENCE)
    json_object_set_string_member (extra, "shot_type", "intelligent");
  json_object_set_object_member (body, "extra_body", g_steal_pointer (&extra));

  url = kinema_dialect_url (cfg, "/v1/video/generations");
  call = kinema_dialect_bearer_call ("POST", url, api_key);
  kinema_http_call_take_body (call, json_node_init_object (json_node_alloc (), body));
  return call;
}

static KinemaTaskStatus *
status_from_job (const char *provider,
                 JsonObject *root)
{
  static const char * const id_paths[] = { "id", "task_id", "data.id", "data.task_id", NULL };
  static const char * const reason_paths[] = { "error.message", "fail_reason", "message", NULL };
  KinemaTaskStatus *status;
  const char *state;
  gint64 progress;

  state = kinema_json_path_get_string (root, "status");
  if (state == NULL)
    state = kinema_json_path_get_string (root, "data.status");

  status = kinema_task_status_new (state ? kinema_dialect_map_status (uniall_statuses, state)
                                         : KINEMA_TASK_QUEUED);
  status->task_id = g_strdup (kinema_json_find_first_string (root, id_paths));
  if (kinema_json_path_get_int (root, "progress", &progress))
    status->progress = CLAMP ((int) progress, 0, 100);

  switch (status->state)
    {
    case KINEMA_TASK_SUCCEEDED:
      status->video_url = g_strdup (kinema_json_find_first_string (root, uniall_url_paths));
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

        if (g_ascii_strcasecmp (state, "expired") == 0 && reason == NULL)
          reason = _("the task expired");
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

  return status;
}

static KinemaTaskStatus *
uniall_parse_submit (const KinemaProviderConfig  *cfg,
                     guint                        http_status,
                     const char                  *body,
                     gsize                        body_len,
                     GError                     **error)
{
  const char *provider = PROVIDER_NAME (cfg);
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) parse_error = NULL;
  KinemaTaskStatus *status;

  root = kinema_dialect_parse_object (provider, http_status, body, body_len, &parse_error);
  if (root == NULL)
    {
      if (KINEMA_HTTP_OK (http_status))
        kinema_dialect_set_unknown_outcome (error, provider, parse_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&parse_error));
      return NULL;
    }

  if (!KINEMA_HTTP_OK (http_status))
    {
      kinema_dialect_set_openai_error (error, provider, http_status, root);
      return NULL;
    }

  status = status_from_job (provider, root);
  if (status->task_id == NULL)
    {
      kinema_task_status_free (status);
      if (kinema_json_path_get (root, "error") != NULL)
        kinema_dialect_set_openai_error (error, provider, 400, root);
      else
        kinema_dialect_set_unknown_outcome (error, provider, _("the answer has no task id"));
      return NULL;
    }
  return status;
}

static KinemaHttpCall *
uniall_build_poll (const KinemaProviderConfig  *cfg,
                   const char                  *api_key,
                   const char                  *task_id,
                   const char                  *poll_hint,
                   GError                     **error)
{
  g_autofree char *escaped = kinema_dialect_escape_id (task_id);
  g_autofree char *path = g_strdup_printf ("/v1/videos/%s", escaped);
  g_autofree char *url = kinema_dialect_url (cfg, path);

  return kinema_dialect_bearer_call ("GET", url, api_key);
}

static KinemaTaskStatus *
uniall_parse_poll (const KinemaProviderConfig  *cfg,
                   guint                        http_status,
                   const char                  *body,
                   gsize                        body_len,
                   GError                     **error)
{
  const char *provider = PROVIDER_NAME (cfg);
  g_autoptr(JsonObject) root = NULL;

  root = kinema_dialect_parse_object (provider, http_status, body, body_len, error);
  if (root == NULL)
    return NULL;

  if (!KINEMA_HTTP_OK (http_status))
    {
      kinema_dialect_set_openai_error (error, provider, http_status, root);
      return NULL;
    }
  if (kinema_json_path_get_string (root, "status") == NULL &&
      kinema_json_path_get_string (root, "data.status") == NULL &&
      kinema_json_path_get (root, "error") != NULL)
    {
      kinema_dialect_set_openai_error (error, provider, 400, root);
      return NULL;
    }

  return status_from_job (provider, root);
}

const KinemaDialect kinema_dialect_uniall = {
  .name = "uniall",
  .init_capabilities = uniall_init_capabilities,
  .build_submit = uniall_build_submit,
  .parse_submit = uniall_parse_submit,
  .build_poll = uniall_build_poll,
  .parse_poll = uniall_parse_poll,
  .next_poll_delay = NULL,
};
