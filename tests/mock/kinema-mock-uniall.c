/* kinema-mock-uniall.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UniAll (providers.md §5, seed 004) under /uniall: POST
 * /v1/video/generations, GET /v1/videos/{task_id}, Bearer auth, model id
 * carrying tier and audio, a nested extra_body, shot type "customize" or
 * "intelligent". Errors are OpenAI-style {"error":{message,type,code}}
 * (inferred; UniAll does not document them).
 */
#define G_LOG_DOMAIN "kinema-mock"

#include "config.h"

#include <string.h>

#include "kinema-mock-private.h"

static void
uniall_error (KinemaMockRequest *req,
              guint              status,
              const char        *message,
              gpointer           user_data)
{
  JsonObject *obj = json_object_new ();
  JsonObject *error = json_object_new ();
  const char *type = "api_error";
  const char *code = "server_error";
  const char *text = message;

  switch (status)
    {
    case 400: case 422:
      type = "invalid_request_error"; code = "invalid_parameter";
      if (!text) text = "invalid parameter";
      break;
    case 401:
      type = "authentication_error"; code = "invalid_api_key";
      if (!text) text = "Incorrect API key provided";
      break;
    case 402:
      type = "billing_error"; code = "insufficient_balance";
      if (!text) text = "insufficient balance";
      break;
    case 404:
      type = "invalid_request_error"; code = "not_found";
      if (!text) text = "task not found";
      break;
    case 429:
      type = "rate_limit_error"; code = "rate_limit_exceeded";
      if (!text) text = "rate limit reached";
      break;
    case 455: case 503:
      type = "api_error"; code = "service_unavailable";
      if (!text) text = "service under maintenance";
      break;
    default:
      if (!text) text = "internal server error";
      break;
    }

  json_object_set_string_member (error, "message", text);
  json_object_set_string_member (error, "type", type);
  json_object_set_string_member (error, "code", code);
  json_object_set_object_member (obj, "error", error);
  kinema_mock_reply_object (req, status, obj);
}

static void
refuse (KinemaMockRequest *req,
        char              *problem)
{
  kinema_mock_note_rejection (req, "%s", problem);
  uniall_error (req, 400, problem, NULL);
  g_free (problem);
}

static JsonObject *
job_object (KinemaMockRequest *req,
            KinemaMockTask    *task,
            const char        *status)
{
  JsonObject *job = json_object_new ();

  json_object_set_string_member (job, "id", task->id);
  json_object_set_string_member (job, "task_id", task->id);
  json_object_set_string_member (job, "object", "video.generation.job");
  json_object_set_string_member (job, "model",
                                 json_object_get_string_member (json_node_get_object (task->request), "model"));
  json_object_set_string_member (job, "status", status);
  json_object_set_int_member (job, "progress", kinema_mock_task_progress (req->server, task));
  return job;
}

static gboolean
check_extra_body (JsonObject  *extra,
                  gint64       duration,
                  char       **problem)
{
  static const char * const known[] = {
    "negative_prompt", "cfg_scale", "multi_prompt", "element_list", "shot_type", NULL
  };
  static const char * const shot_types[] = { "customize", "intelligent", NULL };

  if (!kinema_mock_check_known (extra, known, "extra_body", problem) ||
      !kinema_mock_check_member (extra, "negative_prompt", KINEMA_MOCK_STRING, FALSE, problem) ||
      !kinema_mock_check_number_range (extra, "cfg_scale", 0.0, 1.0, problem) ||
      !kinema_mock_check_enum (extra, "shot_type", shot_types, problem) ||
      !kinema_mock_check_member (extra, "multi_prompt", KINEMA_MOCK_ARRAY, FALSE, problem) ||
      !kinema_mock_check_member (extra, "element_list", KINEMA_MOCK_ARRAY, FALSE, problem))
    return FALSE;

  if (json_object_has_member (extra, "multi_prompt"))
    {
      JsonArray *shots = json_object_get_array_member (extra, "multi_prompt");
      guint n = json_array_get_length (shots);
      gint64 sum = 0;

      if (n < 1 || n > 6)
        {
          *problem = g_strdup ("extra_body.multi_prompt must have 1 to 6 shots");
          return FALSE;
        }
      for (guint i = 0; i < n; i++)
        {
          static const char * const shot_known[] = { "index", "prompt", "duration", NULL };
          JsonNode *node = json_array_get_element (shots, i);
          JsonObject *shot;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              *problem = g_strdup ("extra_body.multi_prompt items must be objects");
              return FALSE;
            }
          shot = json_node_get_object (node);
          if (!kinema_mock_check_known (shot, shot_known, "extra_body.multi_prompt[]", problem) ||
              !kinema_mock_check_member (shot, "prompt", KINEMA_MOCK_STRING, TRUE, problem) ||
              !kinema_mock_check_member (shot, "duration", KINEMA_MOCK_INT, TRUE, problem) ||
              !kinema_mock_check_int_range (shot, "duration", 1, 15, problem) ||
              !kinema_mock_check_member (shot, "index", KINEMA_MOCK_INT, FALSE, problem))
            return FALSE;
          sum += json_object_get_int_member (shot, "duration");
        }
      if (sum != duration)
        {
          *problem = g_strdup ("the shot durations must add up to duration");
          return FALSE;
        }
      if (g_strcmp0 (json_object_get_string_member_with_default (extra, "shot_type", "customize"), "customize") != 0)
        {
          *problem = g_strdup ("extra_body.multi_prompt needs shot_type customize");
          return FALSE;
        }
    }
  return TRUE;
}

static void
uniall_submit (KinemaMockRequest *req)
{
  static const char * const known[] = {
    "model", "prompt", "image", "last_image", "aspect_ratio", "duration", "extra_body", NULL
  };
  static const char * const models[] = {
    "kling-v3-std-silent", "kling-v3-std-audio", "kling-v3-pro-silent", "kling-v3-pro-audio", NULL
  };
  static const char * const aspects[] = { "16:9", "9:16", "1:1", NULL };
  JsonObject *body = kinema_mock_request_object (req);
  JsonObject *extra = NULL;
  char *problem = NULL;
  KinemaMockTask *task;
  gboolean image_mode, has_shots = FALSE;
  gint64 duration = 5;

  if (body == NULL)
    {
      refuse (req, g_strdup ("request body must be a JSON object"));
      return;
    }

  if (!kinema_mock_check_known (body, known, NULL, &problem) ||
      !kinema_mock_check_member (body, "model", KINEMA_MOCK_STRING, TRUE, &problem) ||
      !kinema_mock_check_enum (body, "model", models, &problem) ||
      !kinema_mock_check_member (body, "prompt", KINEMA_MOCK_STRING, FALSE, &problem) ||
      !kinema_mock_check_member (body, "image", KINEMA_MOCK_STRING, FALSE, &problem) ||
      !kinema_mock_check_member (body, "last_image", KINEMA_MOCK_STRING, FALSE, &problem) ||
      !kinema_mock_check_enum (body, "aspect_ratio", aspects, &problem) ||
      !kinema_mock_check_member (body, "duration", KINEMA_MOCK_INT, FALSE, &problem) ||
      !kinema_mock_check_int_range (body, "duration", 3, 15, &problem) ||
      !kinema_mock_check_member (body, "extra_body", KINEMA_MOCK_OBJECT, FALSE, &problem))
    {
      refuse (req, problem);
      return;
    }

  duration = json_object_get_int_member_with_default (body, "duration", 5);
  if (json_object_has_member (body, "extra_body"))
    {
      extra = json_object_get_object_member (body, "extra_body");
      if (!check_extra_body (extra, duration, &problem))
        {
          refuse (req, problem);
          return;
        }
      has_shots = json_object_has_member (extra, "multi_prompt");
    }

  image_mode = json_object_has_member (body, "image");
  if (json_object_has_member (body, "last_image") && !image_mode)
    {
      refuse (req, g_strdup ("last_image needs image"));
      return;
    }
  if ((image_mode && !kinema_mock_check_image (json_object_get_string_member (body, "image"), FALSE, "image", &problem)) ||
      (json_object_has_member (body, "last_image") &&
       !kinema_mock_check_image (json_object_get_string_member (body, "last_image"), FALSE, "last_image", &problem)))
    {
      refuse (req, problem);
      return;
    }

  if (image_mode && has_shots && json_object_has_member (body, "prompt"))
    {
      refuse (req, g_strdup ("do not pass prompt together with extra_body.multi_prompt in image mode"));
      return;
    }
  if (!(image_mode && has_shots))
    {
      const char *prompt = json_object_get_string_member_with_default (body, "prompt", "");

      if (*prompt == '\0')
        {
          refuse (req, g_strdup ("prompt is required"));
          return;
        }
    }

  task = kinema_mock_task_new (req, "task_", "videos");
  task->audio = g_str_has_suffix (json_object_get_string_member (body, "model"), "-audio");
  kinema_mock_reply_object (req, 200, job_object (req, task, "queued"));
}

static void
uniall_poll (KinemaMockRequest *req,
             const char        *id)
{
  KinemaMockTask *task = kinema_mock_task_lookup (req->server, req->prefix, id);
  JsonObject *job;

  if (task == NULL)
    {
      kinema_mock_note_rejection (req, "unknown task %s", id);
      uniall_error (req, 404, NULL, NULL);
      return;
    }

  switch (kinema_mock_task_stage (req->server, task))
    {
    case KINEMA_MOCK_STAGE_QUEUED:
      job = job_object (req, task, "queued");
      break;
    case KINEMA_MOCK_STAGE_RUNNING:
      job = job_object (req, task, "in_progress");
      break;
    case KINEMA_MOCK_STAGE_SUCCEEDED:
      {
        g_autofree char *url = kinema_mock_task_dup_video_url (req->server, task);

        job = job_object (req, task, "completed");
        json_object_set_string_member (job, "video_url", url);
      }
      break;
    case KINEMA_MOCK_STAGE_FAILED:
    default:
      {
        JsonObject *error = json_object_new ();

        job = job_object (req, task, "failed");
        json_object_set_string_member (error, "message", task->fail_message);
        json_object_set_string_member (error, "type", "generation_error");
        json_object_set_object_member (job, "error", error);
      }
      break;
    }
  kinema_mock_reply_object (req, 200, job);
}

static void
uniall_handle (KinemaMockRequest *req,
               gpointer           user_data)
{
  static const char videos[] = "/v1/videos/";

  if (!kinema_mock_request_bearer_ok (req))
    {
      kinema_mock_note_rejection (req, "bad or missing bearer key");
      uniall_error (req, 401, NULL, NULL);
      return;
    }

  if (g_str_equal (req->subpath, "/v1/video/generations") && g_str_equal (req->method, "POST"))
    uniall_submit (req);
  else if (g_str_has_prefix (req->subpath, videos) && req->subpath[strlen (videos)] != '\0' &&
           g_str_equal (req->method, "GET"))
    uniall_poll (req, req->subpath + strlen (videos));
  else
    {
      kinema_mock_note_rejection (req, "no such endpoint %s %s", req->method, req->subpath);
      uniall_error (req, 404, "not found", NULL);
    }
}

void
kinema_mock_uniall_register (KinemaMockServer *server)
{
  kinema_mock_register_dialect (server, "uniall", "/uniall",
                                uniall_handle, uniall_error, NULL);
}
