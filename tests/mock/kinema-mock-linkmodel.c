/* kinema-mock-linkmodel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LinkModel as providers.md §1 and seeds 000/002 describe it, under
 * /linkmodel/api/v1: POST /video-generation, GET
 * /query/video-generation?task_id=..., Bearer auth, envelope
 * {code, data, msg (submit) | message (query), request_id}.
 */
#define G_LOG_DOMAIN "kinema-mock"

#include "config.h"

#include <string.h>

#include "kinema-mock-private.h"

static void
linkmodel_error (KinemaMockRequest *req,
                 guint              status,
                 const char        *message,
                 gpointer           user_data)
{
  JsonObject *obj = json_object_new ();
  g_autofree char *request_id = kinema_mock_new_request_id ();
  const char *text = message;

  if (text == NULL)
    switch (status)
      {
      case 400: text = "invalid parameter"; break;
      case 401: text = "invalid api key"; break;
      case 402: text = "create task failed: billing: code=100601: insufficient balance"; break;
      case 404: text = "task not found"; break;
      case 422: text = "invalid parameter"; break;
      case 429: text = "too many requests"; break;
      case 455: text = "service under maintenance"; break;
      default: text = "internal error"; break;
      }

  json_object_set_int_member (obj, "code", status);
  if (status == 401)
    json_object_set_object_member (obj, "data", json_object_new ());
  /* the query endpoint says `message`, the submit endpoint `msg` */
  json_object_set_string_member (obj, g_str_has_prefix (req->subpath, "/api/v1/query") ? "message" : "msg", text);
  json_object_set_string_member (obj, "request_id", request_id);
  kinema_mock_reply_object (req, status, obj);
}

static void
refuse (KinemaMockRequest *req,
        guint              status,
        char              *problem)
{
  kinema_mock_note_rejection (req, "%s", problem);
  linkmodel_error (req, status, problem, NULL);
  g_free (problem);
}

static gboolean
check_extends (JsonObject  *obj,
               const char  *where,
               const char  *audio,
               const char  *cfg,
               const char  *negative,
               char       **problem)
{
  return kinema_mock_check_member (obj, audio, KINEMA_MOCK_BOOL, FALSE, problem) &&
         kinema_mock_check_number_range (obj, cfg, 0.0, 1.0, problem) &&
         kinema_mock_check_member (obj, negative, KINEMA_MOCK_STRING, FALSE, problem);
}

static gboolean
same_member (JsonObject *a,
             const char *an,
             JsonObject *b,
             const char *bn)
{
  gboolean ha = json_object_has_member (a, an);
  gboolean hb = json_object_has_member (b, bn);

  if (!ha || !hb)
    return TRUE;   /* one spelling alone is fine */
  return json_node_equal (json_object_get_member (a, an), json_object_get_member (b, bn));
}

static void
linkmodel_submit (KinemaMockRequest *req)
{
  static const char * const known[] = {
    "model", "prompt", "first_frame_image", "last_frame_image", "resolution", "duration",
    "size", "extends", "extends.audio", "extends.cfg_scale", "extends.negative_prompt", NULL
  };
  static const char * const extends_known[] = { "audio", "cfg_scale", "negative_prompt", NULL };
  static const char * const models[] = { "kling-v3", NULL };
  static const char * const resolutions[] = { "1080P", "720P", NULL };
  static const char * const sizes[] = { "16x9", "1x1", "9x16", NULL };
  JsonObject *body = kinema_mock_request_object (req);
  JsonObject *extends = NULL;
  g_autofree char *request_id = NULL;
  g_autofree char *order_id = NULL;
  char *problem = NULL;
  KinemaMockTask *task;
  JsonObject *reply, *data;
  const char *prompt;
  gint64 duration = 5;
  gboolean audio = FALSE;
  double price;

  if (body == NULL)
    {
      refuse (req, 400, g_strdup ("request body must be a JSON object"));
      return;
    }

  if (!kinema_mock_check_known (body, known, NULL, &problem) ||
      !kinema_mock_check_member (body, "model", KINEMA_MOCK_STRING, TRUE, &problem) ||
      !kinema_mock_check_enum (body, "model", models, &problem) ||
      !kinema_mock_check_member (body, "prompt", KINEMA_MOCK_STRING, TRUE, &problem) ||
      !kinema_mock_check_member (body, "resolution", KINEMA_MOCK_STRING, TRUE, &problem) ||
      !kinema_mock_check_enum (body, "resolution", resolutions, &problem) ||
      !kinema_mock_check_member (body, "duration", KINEMA_MOCK_INT, FALSE, &problem) ||
      !kinema_mock_check_int_range (body, "duration", 3, 15, &problem) ||
      !kinema_mock_check_enum (body, "size", sizes, &problem) ||
      !kinema_mock_check_member (body, "first_frame_image", KINEMA_MOCK_STRING, FALSE, &problem) ||
      !kinema_mock_check_member (body, "last_frame_image", KINEMA_MOCK_STRING, FALSE, &problem) ||
      !kinema_mock_check_member (body, "extends", KINEMA_MOCK_OBJECT, FALSE, &problem) ||
      !check_extends (body, NULL, "extends.audio", "extends.cfg_scale", "extends.negative_prompt", &problem))
    {
      refuse (req, 400, problem);
      return;
    }

  if (json_object_has_member (body, "extends"))
    {
      extends = json_object_get_object_member (body, "extends");
      if (!kinema_mock_check_known (extends, extends_known, "extends", &problem) ||
          !check_extends (extends, "extends", "audio", "cfg_scale", "negative_prompt", &problem))
        {
          refuse (req, 400, problem);
          return;
        }
      if (!same_member (extends, "audio", body, "extends.audio") ||
          !same_member (extends, "cfg_scale", body, "extends.cfg_scale") ||
          !same_member (extends, "negative_prompt", body, "extends.negative_prompt"))
        {
          refuse (req, 400, g_strdup ("extends and extends.* disagree"));
          return;
        }
    }

  prompt = json_object_get_string_member (body, "prompt");
  if (g_utf8_strlen (prompt, -1) < 1 || g_utf8_strlen (prompt, -1) > 2500)
    {
      refuse (req, 400, g_strdup ("prompt length must be between 1 and 2500"));
      return;
    }
  if (json_object_has_member (body, "first_frame_image") &&
      !kinema_mock_check_image (json_object_get_string_member (body, "first_frame_image"), FALSE,
                                "first_frame_image", &problem))
    {
      refuse (req, 400, problem);
      return;
    }
  if (json_object_has_member (body, "last_frame_image"))
    {
      if (!json_object_has_member (body, "first_frame_image"))
        {
          refuse (req, 400, g_strdup ("last_frame_image is for i2v mode only: first_frame_image is required"));
          return;
        }
      if (!kinema_mock_check_image (json_object_get_string_member (body, "last_frame_image"), FALSE,
                                    "last_frame_image", &problem))
        {
          refuse (req, 400, problem);
          return;
        }
    }

  if (json_object_has_member (body, "duration"))
    duration = json_object_get_int_member (body, "duration");
  if (json_object_has_member (body, "extends.audio"))
    audio = json_object_get_boolean_member (body, "extends.audio");
  else if (extends != NULL && json_object_has_member (extends, "audio"))
    audio = json_object_get_boolean_member (extends, "audio");

  task = kinema_mock_task_new (req, NULL, "video-generation");   /* UUID ids */
  task->audio = audio;
  price = 0.061 * duration;
  if (g_strcmp0 (json_object_get_string_member (body, "resolution"), "1080P") == 0)
    price *= 1.5;
  if (audio)
    price *= 1.5;
  task->price = ((gint64) (price * 1000 + 0.5)) / 1000.0;

  request_id = kinema_mock_new_request_id ();
  order_id = kinema_mock_new_request_id ();
  reply = json_object_new ();
  data = json_object_new ();
  json_object_set_string_member (data, "task_id", task->id);
  json_object_set_string_member (data, "order_id", order_id);
  json_object_set_string_member (data, "status", "processing");
  json_object_set_double_member (data, "price", task->price);
  json_object_set_int_member (reply, "code", 0);
  json_object_set_object_member (reply, "data", data);
  json_object_set_string_member (reply, "msg", "success");
  json_object_set_string_member (reply, "request_id", request_id);
  kinema_mock_reply_object (req, 200, reply);
}

static void
linkmodel_query (KinemaMockRequest *req)
{
  const char *task_id = kinema_mock_request_query (req, "task_id");
  g_autofree char *request_id = kinema_mock_new_request_id ();
  KinemaMockTask *task;
  JsonObject *reply, *data;
  JsonObject *body;

  if (task_id == NULL || *task_id == '\0')
    {
      kinema_mock_note_rejection (req, "task_id is required");
      linkmodel_error (req, 400, "task_id is required", NULL);
      return;
    }
  task = kinema_mock_task_lookup (req->server, req->prefix, task_id);
  if (task == NULL)
    {
      kinema_mock_note_rejection (req, "unknown task %s", task_id);
      linkmodel_error (req, 404, "task not found", NULL);
      return;
    }

  body = json_node_get_object (task->request);
  data = json_object_new ();
  json_object_set_string_member (data, "task_id", task->id);
  json_object_set_string_member (data, "prompt", json_object_get_string_member_with_default (body, "prompt", ""));
  json_object_set_string_member (data, "first_frame_image",
                                 json_object_get_string_member_with_default (body, "first_frame_image", ""));
  json_object_set_string_member (data, "last_frame_image",
                                 json_object_get_string_member_with_default (body, "last_frame_image", ""));
  json_object_set_string_member (data, "model", "kling-v3");
  json_object_set_int_member (data, "duration", json_object_get_int_member_with_default (body, "duration", 5));
  json_object_set_string_member (data, "metadata", "");
  json_object_set_string_member (data, "msg", "");

  switch (kinema_mock_task_stage (req->server, task))
    {
    case KINEMA_MOCK_STAGE_QUEUED:
      json_object_set_string_member (data, "status", "processing");
      json_object_set_string_member (data, "file_url", "");
      break;
    case KINEMA_MOCK_STAGE_RUNNING:
      /* capitalised while running: clients must match case-insensitively */
      json_object_set_string_member (data, "status", "Processing");
      json_object_set_string_member (data, "file_url", "");
      break;
    case KINEMA_MOCK_STAGE_SUCCEEDED:
      {
        g_autofree char *url = kinema_mock_task_dup_video_url (req->server, task);

        json_object_set_string_member (data, "status", "Success");
        json_object_set_string_member (data, "file_url", url);
      }
      break;
    case KINEMA_MOCK_STAGE_FAILED:
    default:
      json_object_set_string_member (data, "status", "Failed");
      json_object_set_string_member (data, "file_url", "");
      json_object_set_string_member (data, "msg", task->fail_message);
      break;
    }

  reply = json_object_new ();
  json_object_set_int_member (reply, "code", 0);
  json_object_set_object_member (reply, "data", data);
  json_object_set_string_member (reply, "message", "success");
  json_object_set_string_member (reply, "request_id", request_id);
  kinema_mock_reply_object (req, 200, reply);
}

static void
linkmodel_handle (KinemaMockRequest *req,
                  gpointer           user_data)
{
  gboolean submit = g_str_equal (req->subpath, "/api/v1/video-generation");
  gboolean query = g_str_equal (req->subpath, "/api/v1/query/video-generation");

  if (!submit && !query)
    {
      kinema_mock_note_rejection (req, "no such endpoint %s", req->subpath);
      linkmodel_error (req, 404, "not found", NULL);
      return;
    }
  if ((submit && !g_str_equal (req->method, "POST")) || (query && !g_str_equal (req->method, "GET")))
    {
      kinema_mock_note_rejection (req, "wrong method %s", req->method);
      linkmodel_error (req, 405, "method not allowed", NULL);
      return;
    }
  if (!kinema_mock_request_bearer_ok (req))
    {
      kinema_mock_note_rejection (req, "bad or missing bearer key");
      linkmodel_error (req, 401, NULL, NULL);
      return;
    }

  if (submit)
    linkmodel_submit (req);
  else
    linkmodel_query (req);
}

void
kinema_mock_linkmodel_register (KinemaMockServer *server)
{
  kinema_mock_register_dialect (server, "linkmodel", "/linkmodel/api/v1",
                                linkmodel_handle, linkmodel_error, NULL);
}
