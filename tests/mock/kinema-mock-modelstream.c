/* kinema-mock-modelstream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ModelStream, a New-API gateway (providers.md §3, seed 001), under
 * /modelstream: POST /v1/video/generations, GET /v1/video/generations/{id},
 * Bearer auth, errors {"error":{message,type,param,code}}.
 *
 * The kling-v3 form fields of seed 001 are checked by name and type. The
 * names the seed does not give (image_tail, image_list, multi_prompt,
 * shot_type, sound) follow providers.md's best guess, i.e. official Kling
 * naming; a real ModelStream may differ there.
 */
#define G_LOG_DOMAIN "kinema-mock"

#include "config.h"

#include <string.h>

#include "kinema-mock-private.h"

static void
modelstream_error (KinemaMockRequest *req,
                   guint              status,
                   const char        *message,
                   gpointer           user_data)
{
  JsonObject *obj = json_object_new ();
  JsonObject *error = json_object_new ();
  const char *type = "new_api_error";
  const char *code = "";
  const char *text = message;

  switch (status)
    {
    case 400: case 422:
      type = "invalid_request_error";
      code = "invalid_request";
      if (text == NULL)
        text = "invalid request";
      break;
    case 401:
      code = "invalid_api_key";
      if (text == NULL)
        text = "Invalid token";
      break;
    case 402: case 403:
      code = "insufficient_user_quota";
      if (text == NULL)
        text = "user quota is not enough";
      break;
    case 404:
      code = "task_not_exist";
      if (text == NULL)
        text = "task_not_exist";
      break;
    case 429:
      code = "rate_limit_exceeded";
      if (text == NULL)
        text = "rate limit exceeded, please try again later";
      break;
    case 455: case 503:
      code = "service_unavailable";
      if (text == NULL)
        text = "system under maintenance";
      break;
    default:
      code = "upstream_error";
      if (text == NULL)
        text = "upstream service error";
      break;
    }

  json_object_set_string_member (error, "message", text);
  json_object_set_string_member (error, "type", type);
  json_object_set_string_member (error, "param", "");
  json_object_set_string_member (error, "code", code);
  json_object_set_object_member (obj, "error", error);
  kinema_mock_reply_object (req, status, obj);
}

static void
refuse (KinemaMockRequest *req,
        char              *problem)
{
  kinema_mock_note_rejection (req, "%s", problem);
  modelstream_error (req, 400, problem, NULL);
  g_free (problem);
}

static gboolean
check_shots (JsonObject  *body,
             char       **problem)
{
  JsonArray *shots;
  gint64 sum = 0;
  guint n;

  if (!kinema_mock_check_member (body, "multi_prompt", KINEMA_MOCK_ARRAY, TRUE, problem))
    return FALSE;
  shots = json_object_get_array_member (body, "multi_prompt");
  n = json_array_get_length (shots);
  if (n < 1 || n > 6)
    {
      *problem = g_strdup ("multi_prompt must have 1 to 6 shots");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      static const char * const known[] = { "index", "prompt", "duration", NULL };
      JsonNode *node = json_array_get_element (shots, i);
      JsonObject *shot;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          *problem = g_strdup ("multi_prompt items must be objects");
          return FALSE;
        }
      shot = json_node_get_object (node);
      if (!kinema_mock_check_known (shot, known, "multi_prompt[]", problem) ||
          !kinema_mock_check_member (shot, "index", KINEMA_MOCK_INT, TRUE, problem) ||
          !kinema_mock_check_member (shot, "prompt", KINEMA_MOCK_STRING, TRUE, problem) ||
          !kinema_mock_check_member (shot, "duration", KINEMA_MOCK_INT_STRING, TRUE, problem) ||
          !kinema_mock_check_int_range (shot, "duration", 1, 15, problem))
        return FALSE;
      if (json_object_get_int_member (shot, "index") != (gint64) i + 1)
        {
          *problem = g_strdup ("multi_prompt index must count from 1");
          return FALSE;
        }
      sum += g_ascii_strtoll (json_object_get_string_member (shot, "duration"), NULL, 10);
    }
  if (sum != json_object_get_int_member_with_default (body, "duration", 5))
    {
      *problem = g_strdup ("the shot durations must add up to duration");
      return FALSE;
    }
  return TRUE;
}

static void
modelstream_submit (KinemaMockRequest *req)
{
  static const char * const known[] = {
    /* New API's generic dto.VideoRequest */
    "model", "prompt", "image", "duration", "width", "height", "fps", "seed", "n",
    "response_format", "user", "metadata",
    /* kling-v3 form_schema (seed 001) */
    "multi_shot", "negative_prompt", "mode", "cfg_scale", "aspect_ratio", "watermark_enabled",
    /* inferred names (providers.md §3) */
    "image_tail", "image_list", "multi_prompt", "shot_type", "sound",
    NULL
  };
  static const char * const modes[] = { "std", "pro", NULL };
  static const char * const aspects[] = { "16:9", "9:16", "1:1", NULL };
  static const char * const shot_types[] = { "customize", NULL };
  static const char * const sounds[] = { "on", "off", NULL };
  JsonObject *body = kinema_mock_request_object (req);
  gboolean multi_shot = FALSE;
  char *problem = NULL;
  KinemaMockTask *task;
  JsonObject *reply;

  if (body == NULL)
    {
      refuse (req, g_strdup ("request body must be a JSON object"));
      return;
    }

  if (!kinema_mock_check_known (body, known, NULL, &problem) ||
      !kinema_mock_check_member (body, "model", KINEMA_MOCK_STRING, TRUE, &problem) ||
      !kinema_mock_check_member (body, "prompt", KINEMA_MOCK_STRING, FALSE, &problem) ||
      !kinema_mock_check_member (body, "duration", KINEMA_MOCK_INT, FALSE, &problem) ||
      !kinema_mock_check_int_range (body, "duration", 3, 15, &problem) ||
      !kinema_mock_check_enum (body, "mode", modes, &problem) ||
      !kinema_mock_check_number_range (body, "cfg_scale", 0.0, 1.0, &problem) ||
      !kinema_mock_check_member (body, "negative_prompt", KINEMA_MOCK_STRING, FALSE, &problem) ||
      !kinema_mock_check_enum (body, "aspect_ratio", aspects, &problem) ||
      !kinema_mock_check_member (body, "watermark_enabled", KINEMA_MOCK_BOOL, FALSE, &problem) ||
      !kinema_mock_check_member (body, "multi_shot", KINEMA_MOCK_BOOL, FALSE, &problem) ||
      !kinema_mock_check_enum (body, "shot_type", shot_types, &problem) ||
      !kinema_mock_check_enum (body, "sound", sounds, &problem) ||
      !kinema_mock_check_member (body, "image", KINEMA_MOCK_STRING, FALSE, &problem) ||
      !kinema_mock_check_member (body, "image_tail", KINEMA_MOCK_STRING, FALSE, &problem) ||
      !kinema_mock_check_member (body, "image_list", KINEMA_MOCK_ARRAY, FALSE, &problem))
    {
      refuse (req, problem);
      return;
    }

  if (!g_str_equal (json_object_get_string_member (body, "model"), "kling-v3"))
    {
      kinema_mock_note_rejection (req, "unknown model");
      modelstream_error (req, 503, "no available channel for model", NULL);
      return;
    }

  multi_shot = json_object_get_boolean_member_with_default (body, "multi_shot", FALSE);
  if (multi_shot)
    {
      if (!check_shots (body, &problem))
        {
          refuse (req, problem);
          return;
        }
    }
  else
    {
      const char *prompt = json_object_get_string_member_with_default (body, "prompt", "");

      if (json_object_has_member (body, "multi_prompt"))
        {
          refuse (req, g_strdup ("multi_prompt needs multi_shot"));
          return;
        }
      if (*prompt == '\0' || g_utf8_strlen (prompt, -1) > 2500)
        {
          refuse (req, g_strdup ("prompt is required (1 to 2500 characters)"));
          return;
        }
    }

  /* "Only one mode at a time" (seed 001) */
  if (json_object_has_member (body, "image_list") &&
      (json_object_has_member (body, "image") || json_object_has_member (body, "image_tail")))
    {
      refuse (req, g_strdup ("image_list (reference mode) cannot be combined with image/image_tail"));
      return;
    }
  if (json_object_has_member (body, "image_tail") && !json_object_has_member (body, "image"))
    {
      refuse (req, g_strdup ("image_tail needs image"));
      return;
    }
  if ((json_object_has_member (body, "image") &&
       !kinema_mock_check_image (json_object_get_string_member (body, "image"), TRUE, "image", &problem)) ||
      (json_object_has_member (body, "image_tail") &&
       !kinema_mock_check_image (json_object_get_string_member (body, "image_tail"), TRUE, "image_tail", &problem)))
    {
      refuse (req, problem);
      return;
    }
  if (json_object_has_member (body, "image_list"))
    {
      JsonArray *list = json_object_get_array_member (body, "image_list");
      guint n = json_array_get_length (list);

      if (n < 1 || n > 7)
        {
          refuse (req, g_strdup ("image_list must hold 1 to 7 images"));
          return;
        }
      for (guint i = 0; i < n; i++)
        {
          static const char * const item_known[] = { "image_url", "type", NULL };
          JsonNode *node = json_array_get_element (list, i);
          JsonObject *item;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              refuse (req, g_strdup ("image_list items must be objects {image_url}"));
              return;
            }
          item = json_node_get_object (node);
          if (!kinema_mock_check_known (item, item_known, "image_list[]", &problem) ||
              !kinema_mock_check_member (item, "image_url", KINEMA_MOCK_STRING, TRUE, &problem) ||
              !kinema_mock_check_image (json_object_get_string_member (item, "image_url"), TRUE,
                                        "image_list[].image_url", &problem))
            {
              refuse (req, problem);
              return;
            }
        }
    }

  task = kinema_mock_task_new (req, "video_", "generations");
  task->audio = g_strcmp0 (json_object_get_string_member_with_default (body, "sound", "off"), "on") == 0;

  /* The OpenAI-style job (dto.OpenAIVideo) with the old task_id kept. */
  reply = json_object_new ();
  json_object_set_string_member (reply, "id", task->id);
  json_object_set_string_member (reply, "task_id", task->id);
  json_object_set_string_member (reply, "object", "video");
  json_object_set_string_member (reply, "model", "kling-v3");
  json_object_set_string_member (reply, "status", "queued");
  json_object_set_int_member (reply, "progress", 0);
  json_object_set_int_member (reply, "created_at", g_get_real_time () / G_USEC_PER_SEC);
  kinema_mock_reply_object (req, 200, reply);
}

static void
modelstream_poll (KinemaMockRequest *req,
                  const char        *id)
{
  KinemaMockTask *task = kinema_mock_task_lookup (req->server, req->prefix, id);
  JsonObject *reply;

  if (task == NULL)
    {
      kinema_mock_note_rejection (req, "unknown task %s", id);
      modelstream_error (req, 404, "task_not_exist", NULL);
      return;
    }

  /* dto.VideoTaskResponse */
  reply = json_object_new ();
  json_object_set_string_member (reply, "task_id", task->id);
  switch (kinema_mock_task_stage (req->server, task))
    {
    case KINEMA_MOCK_STAGE_QUEUED:
      json_object_set_string_member (reply, "status", "queued");
      break;
    case KINEMA_MOCK_STAGE_RUNNING:
      json_object_set_string_member (reply, "status", "in_progress");
      break;
    case KINEMA_MOCK_STAGE_SUCCEEDED:
      {
        g_autofree char *url = kinema_mock_task_dup_video_url (req->server, task);
        JsonObject *meta = json_object_new ();

        json_object_set_string_member (reply, "status", "completed");
        json_object_set_string_member (reply, "url", url);
        json_object_set_string_member (reply, "format", "mp4");
        json_object_set_int_member (meta, "duration", 1);
        json_object_set_int_member (meta, "fps", 24);
        json_object_set_int_member (meta, "width", 320);
        json_object_set_int_member (meta, "height", 240);
        json_object_set_int_member (meta, "seed", 0);
        json_object_set_object_member (reply, "metadata", meta);
      }
      break;
    case KINEMA_MOCK_STAGE_FAILED:
    default:
      {
        JsonObject *error = json_object_new ();

        json_object_set_string_member (reply, "status", "failed");
        json_object_set_string_member (error, "code", "generation_failed");
        json_object_set_string_member (error, "message", task->fail_message);
        json_object_set_object_member (reply, "error", error);
      }
      break;
    }
  kinema_mock_reply_object (req, 200, reply);
}

static void
modelstream_handle (KinemaMockRequest *req,
                    gpointer           user_data)
{
  static const char submit_path[] = "/v1/video/generations";

  if (!kinema_mock_request_bearer_ok (req))
    {
      kinema_mock_note_rejection (req, "bad or missing bearer key");
      modelstream_error (req, 401, NULL, NULL);
      return;
    }

  if (g_str_equal (req->subpath, submit_path) && g_str_equal (req->method, "POST"))
    modelstream_submit (req);
  else if (g_str_has_prefix (req->subpath, submit_path) &&
           req->subpath[strlen (submit_path)] == '/' &&
           g_str_equal (req->method, "GET"))
    modelstream_poll (req, req->subpath + strlen (submit_path) + 1);
  else
    {
      kinema_mock_note_rejection (req, "no such endpoint %s %s", req->method, req->subpath);
      modelstream_error (req, 404, "Invalid URL", NULL);
    }
}

void
kinema_mock_modelstream_register (KinemaMockServer *server)
{
  kinema_mock_register_dialect (server, "modelstream", "/modelstream",
                                modelstream_handle, modelstream_error, NULL);
}
