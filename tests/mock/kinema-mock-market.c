/* kinema-mock-market.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "market" job API as the mock server plays it (providers.md §4), in
 * two profiles:
 *
 *   /market  seed 003's gateway: x-api-key, model "kling/v3", img_urls,
 *            audio, element_list, shot_type
 *   /kie     kie.ai: Bearer, model "kling-3.0/video", image_urls, sound,
 *            kling_elements, ≤5 shots; plus the Base64 file upload
 *
 *   POST {base}/api/v1/jobs/createTask
 *   GET  {base}/api/v1/jobs/recordInfo?taskId=…
 *   POST {base}/api/file-base64-upload                     (kie only)
 *
 * Like kie, refusals of a body come as HTTP 200 with "code" in the body;
 * auth failures and scripted faults use the matching HTTP status too.
 */
#define G_LOG_DOMAIN "kinema-mock"

#include "config.h"

#include <string.h>

#include "kinema-mock-private.h"

#define CREATE_PATH "/api/v1/jobs/createTask"
#define RECORD_PATH "/api/v1/jobs/recordInfo"
#define UPLOAD_PATH "/api/file-base64-upload"

typedef struct
{
  gboolean     kie;
  const char  *prefix;
  const char  *model;
  const char  *images_field;
  const char  *audio_field;
  const char  *elements_field;
  guint        max_shots;
  guint        max_shot_prompt;
  guint        min_element_images;
} MarketProfile;

static const MarketProfile seed003_profile = {
  FALSE, "market", "kling/v3", "img_urls", "audio", "element_list", 6, 2500, 1,
};

static const MarketProfile kie_profile = {
  TRUE, "kie", "kling-3.0/video", "image_urls", "sound", "kling_elements", 5, 500, 2,
};

/* Replies */

static void
reply_code (KinemaMockRequest *req,
            guint              http_status,
            int                code,
            const char        *msg)
{
  JsonObject *obj = json_object_new ();

  json_object_set_int_member (obj, "code", code);
  json_object_set_string_member (obj, "msg", msg);
  json_object_set_null_member (obj, "data");
  kinema_mock_reply_object (req, http_status, obj);
}

static const char *
default_text (guint code)
{
  switch (code)
    {
    case 401: return "You do not have access permissions";
    case 402: return "Credits insufficient";
    case 404: return "Not found";
    case 422: return "Validation error";
    case 429: return "Rate limited";
    case 455: return "Service unavailable";
    case 500: return "Server error";
    case 501: return "Generation failed";
    case 505: return "Feature disabled";
    default: return "Error";
    }
}

static void
market_error_reply (KinemaMockRequest *req,
                    guint              status,
                    const char        *message,
                    gpointer           user_data)
{
  reply_code (req, status, (int) status, message ? message : default_text (status));
}

/* Body refused: HTTP 200, code 422 in the body (the kie design). */
static void
reject (KinemaMockRequest *req,
        const char        *problem)
{
  kinema_mock_note_rejection (req, "%s", problem);
  reply_code (req, 200, 422, problem);
}

static gboolean
check_auth (KinemaMockRequest   *req,
            const MarketProfile *profile)
{
  gboolean ok = profile->kie
                ? kinema_mock_request_bearer_ok (req)
                : kinema_mock_request_key_header_ok (req, "x-api-key");

  if (!ok)
    {
      kinema_mock_note_rejection (req, profile->kie ? "missing or wrong Bearer key"
                                                    : "missing or wrong x-api-key");
      reply_code (req, 401, 401, default_text (401));
    }
  return ok;
}

/* Body checks */

#define CHECK(expr) G_STMT_START { if (!(expr)) return FALSE; } G_STMT_END

static gboolean
check_url_array (JsonObject  *obj,
                 const char  *name,
                 guint        min,
                 guint        max,
                 char       **problem)
{
  JsonArray *array;

  CHECK (kinema_mock_check_member (obj, name, KINEMA_MOCK_ARRAY, TRUE, problem));
  array = json_object_get_array_member (obj, name);
  if (json_array_get_length (array) < min || json_array_get_length (array) > max)
    {
      *problem = g_strdup_printf ("%s takes %u to %u URLs", name, min, max);
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          *problem = g_strdup_printf ("%s must hold strings", name);
          return FALSE;
        }
      CHECK (kinema_mock_check_image (json_node_get_string (node), FALSE, name, problem));
    }
  return TRUE;
}

static gboolean
check_input (const MarketProfile  *profile,
             JsonObject           *input,
             char                **problem)
{
  static const char * const seed_known[] = {
    "prompt", "multi_shots", "shot_type", "multi_prompt", "img_urls", "audio",
    "element_list", "mode", "duration", "aspect_ratio", NULL
  };
  static const char * const kie_known[] = {
    "prompt", "multi_shots", "multi_prompt", "image_urls", "sound",
    "kling_elements", "mode", "duration", "aspect_ratio", NULL
  };
  static const char * const modes[] = { "std", "pro", NULL };
  static const char * const aspects[] = { "16:9", "9:16", "1:1", NULL };
  static const char * const shot_types[] = { "customize", "intelligence", NULL };
  gboolean multi;
  gboolean customize;
  gint64 duration;

  CHECK (kinema_mock_check_known (input, profile->kie ? kie_known : seed_known, "input", problem));
  CHECK (kinema_mock_check_member (input, "multi_shots", KINEMA_MOCK_BOOL, TRUE, problem));
  CHECK (kinema_mock_check_member (input, "prompt", KINEMA_MOCK_STRING, FALSE, problem));
  CHECK (kinema_mock_check_enum (input, "mode", modes, problem));
  CHECK (kinema_mock_check_member (input, "duration", KINEMA_MOCK_INT_STRING, TRUE, problem));
  CHECK (kinema_mock_check_int_range (input, "duration", 3, 15, problem));
  CHECK (kinema_mock_check_enum (input, "aspect_ratio", aspects, problem));
  CHECK (kinema_mock_check_member (input, profile->audio_field, KINEMA_MOCK_BOOL, FALSE, problem));
  duration = g_ascii_strtoll (json_object_get_string_member (input, "duration"), NULL, 10);

  multi = json_object_get_boolean_member (input, "multi_shots");
  if (profile->kie)
    customize = multi;
  else if (multi)
    {
      CHECK (kinema_mock_check_member (input, "shot_type", KINEMA_MOCK_STRING, TRUE, problem));
      CHECK (kinema_mock_check_enum (input, "shot_type", shot_types, problem));
      customize = g_str_equal (json_object_get_string_member (input, "shot_type"), "customize");
    }
  else
    {
      customize = FALSE;
      if (json_object_has_member (input, "shot_type"))
        {
          *problem = g_strdup ("shot_type is only for multi_shots: true");
          return FALSE;
        }
    }

  if (customize)
    {
      JsonArray *shots;
      gint64 total = 0;

      CHECK (kinema_mock_check_member (input, "multi_prompt", KINEMA_MOCK_ARRAY, TRUE, problem));
      shots = json_object_get_array_member (input, "multi_prompt");
      if (json_array_get_length (shots) < 1 || json_array_get_length (shots) > profile->max_shots)
        {
          *problem = g_strdup_printf ("multi_prompt takes 1 to %u shots", profile->max_shots);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (shots); i++)
        {
          static const char * const shot_known[] = { "prompt", "duration", NULL };
          JsonNode *node = json_array_get_element (shots, i);
          JsonObject *shot;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              *problem = g_strdup ("multi_prompt[] must be objects");
              return FALSE;
            }
          shot = json_node_get_object (node);
          CHECK (kinema_mock_check_known (shot, shot_known, "multi_prompt[]", problem));
          CHECK (kinema_mock_check_member (shot, "prompt", KINEMA_MOCK_STRING, TRUE, problem));
          CHECK (kinema_mock_check_member (shot, "duration", KINEMA_MOCK_INT, TRUE, problem));
          CHECK (kinema_mock_check_int_range (shot, "duration", 1, profile->kie ? 12 : 15, problem));
          if (g_utf8_strlen (json_object_get_string_member (shot, "prompt"), -1) > profile->max_shot_prompt)
            {
              *problem = g_strdup_printf ("multi_prompt[%u].prompt is longer than %u characters",
                                          i, profile->max_shot_prompt);
              return FALSE;
            }
          total += json_object_get_int_member (shot, "duration");
        }
      if (total != duration)
        {
          *problem = g_strdup_printf ("the shot durations add up to %" G_GINT64_FORMAT
                                      ", not to duration %" G_GINT64_FORMAT, total, duration);
          return FALSE;
        }
    }
  else
    {
      if (json_object_has_member (input, "multi_prompt"))
        {
          *problem = g_strdup ("multi_prompt must not be sent without customize multi-shot");
          return FALSE;
        }
      if (!json_object_has_member (input, "prompt") || *json_object_get_string_member (input, "prompt") == '\0')
        {
          *problem = g_strdup ("prompt is required");
          return FALSE;
        }
    }

  if (json_object_has_member (input, profile->images_field))
    {
      CHECK (check_url_array (input, profile->images_field, 1, multi ? 1 : 2, problem));
      if (json_object_has_member (input, "aspect_ratio"))
        {
          *problem = g_strdup_printf ("aspect_ratio is ignored with %s; do not send it", profile->images_field);
          return FALSE;
        }
    }

  if (!profile->kie && multi && json_object_has_member (input, "audio") &&
      !json_object_get_boolean_member (input, "audio"))
    {
      *problem = g_strdup ("audio is forced to true in multi-shot mode");
      return FALSE;
    }

  if (json_object_has_member (input, profile->elements_field))
    {
      JsonArray *elements;

      CHECK (kinema_mock_check_member (input, profile->elements_field, KINEMA_MOCK_ARRAY, TRUE, problem));
      elements = json_object_get_array_member (input, profile->elements_field);
      if (json_array_get_length (elements) > 3)
        {
          *problem = g_strdup_printf ("%s takes at most 3 elements", profile->elements_field);
          return FALSE;
        }
      for (guint i = 0; i < json_array_get_length (elements); i++)
        {
          static const char * const el_known[] = { "name", "description", "element_input_urls", NULL };
          JsonNode *node = json_array_get_element (elements, i);
          JsonObject *el;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              *problem = g_strdup_printf ("%s[] must be objects", profile->elements_field);
              return FALSE;
            }
          el = json_node_get_object (node);
          CHECK (kinema_mock_check_known (el, el_known, profile->elements_field, problem));
          CHECK (kinema_mock_check_member (el, "name", KINEMA_MOCK_STRING, TRUE, problem));
          CHECK (kinema_mock_check_member (el, "description", KINEMA_MOCK_STRING, TRUE, problem));
          CHECK (check_url_array (el, "element_input_urls", profile->min_element_images, 4, problem));
        }
    }

  return TRUE;
}

#undef CHECK

/* Endpoints */

static void
create_task (KinemaMockRequest   *req,
             const MarketProfile *profile)
{
  static const char * const known[] = { "model", "callBackUrl", "input", NULL };
  JsonObject *body = kinema_mock_request_object (req);
  g_autofree char *problem = NULL;
  JsonObject *input;
  KinemaMockTask *task;
  JsonObject *obj, *data;

  if (body == NULL)
    {
      reject (req, "the body must be a JSON object");
      return;
    }
  if (!kinema_mock_check_known (body, known, NULL, &problem) ||
      !kinema_mock_check_member (body, "model", KINEMA_MOCK_STRING, TRUE, &problem) ||
      !kinema_mock_check_member (body, "callBackUrl", KINEMA_MOCK_STRING, FALSE, &problem) ||
      !kinema_mock_check_member (body, "input", KINEMA_MOCK_OBJECT, TRUE, &problem))
    {
      reject (req, problem);
      return;
    }
  if (!g_str_equal (json_object_get_string_member (body, "model"), profile->model))
    {
      g_autofree char *text = g_strdup_printf ("model must be %s", profile->model);
      reject (req, text);
      return;
    }

  input = json_object_get_object_member (body, "input");
  if (!check_input (profile, input, &problem))
    {
      reject (req, problem);
      return;
    }

  task = kinema_mock_task_new (req, profile->kie ? "task_kling-3.0_" : "task_kling_v3_", profile->prefix);
  task->audio = json_object_get_boolean_member_with_default (input, profile->audio_field, FALSE) ||
                (!profile->kie && json_object_get_boolean_member (input, "multi_shots"));

  obj = json_object_new ();
  data = json_object_new ();
  json_object_set_int_member (obj, "code", 200);
  json_object_set_string_member (obj, "msg", "success");
  json_object_set_string_member (data, "taskId", task->id);
  json_object_set_object_member (obj, "data", data);
  kinema_mock_reply_object (req, 200, obj);
}

static void
record_info (KinemaMockRequest   *req,
             const MarketProfile *profile)
{
  const char *task_id = kinema_mock_request_query (req, "taskId");
  KinemaMockTask *task = kinema_mock_task_lookup (req->server, profile->prefix, task_id);
  g_autofree char *param = NULL;
  KinemaMockStage stage;
  JsonObject *obj, *data;
  gint64 now_ms = g_get_real_time () / 1000;

  if (task_id == NULL || *task_id == '\0')
    {
      kinema_mock_note_rejection (req, "taskId is required");
      reply_code (req, 200, 422, "taskId is required");
      return;
    }
  if (task == NULL)
    {
      kinema_mock_note_rejection (req, "no task %s", task_id);
      reply_code (req, 200, 404, "recordInfo is null");
      return;
    }

  stage = kinema_mock_task_stage (req->server, task);
  param = task->request ? json_to_string (task->request, FALSE) : g_strdup ("{}");

  obj = json_object_new ();
  data = json_object_new ();
  json_object_set_int_member (obj, "code", 200);
  json_object_set_string_member (obj, "message", "success");
  json_object_set_string_member (data, "taskId", task->id);
  json_object_set_string_member (data, "model", profile->model);
  json_object_set_string_member (data, "param", param);
  json_object_set_string_member (data, "resultJson", "");
  json_object_set_string_member (data, "failCode", "");
  json_object_set_string_member (data, "failMsg", "");
  json_object_set_int_member (data, "createTime", now_ms);
  json_object_set_int_member (data, "updateTime", now_ms);

  switch (stage)
    {
    case KINEMA_MOCK_STAGE_QUEUED:
      json_object_set_string_member (data, "state", task->n_polls <= 1 ? "waiting" : "queuing");
      break;
    case KINEMA_MOCK_STAGE_RUNNING:
      json_object_set_string_member (data, "state", "generating");
      break;
    case KINEMA_MOCK_STAGE_SUCCEEDED:
      {
        g_autofree char *url = kinema_mock_task_dup_video_url (req->server, task);
        g_autoptr(JsonBuilder) b = json_builder_new ();
        g_autoptr(JsonNode) result = NULL;
        g_autofree char *result_json = NULL;

        json_builder_begin_object (b);
        json_builder_set_member_name (b, "resultUrls");
        json_builder_begin_array (b);
        json_builder_add_string_value (b, url);
        json_builder_end_array (b);
        json_builder_end_object (b);
        result = json_builder_get_root (b);
        result_json = json_to_string (result, FALSE);

        json_object_set_string_member (data, "state", "success");
        /* A JSON document inside a string, as the real service sends it. */
        json_object_set_string_member (data, "resultJson", result_json);
        json_object_set_int_member (data, "completeTime", now_ms);
      }
      break;
    case KINEMA_MOCK_STAGE_FAILED:
    default:
      json_object_set_string_member (data, "state", "fail");
      json_object_set_string_member (data, "failCode", "500");
      json_object_set_string_member (data, "failMsg", task->fail_message ? task->fail_message : "failed");
      json_object_set_int_member (data, "completeTime", now_ms);
      break;
    }

  json_object_set_object_member (obj, "data", data);
  kinema_mock_reply_object (req, 200, obj);
}

static void
upload_base64 (KinemaMockRequest *req)
{
  static const char * const known[] = { "base64Data", "uploadPath", "fileName", NULL };
  JsonObject *body = kinema_mock_request_object (req);
  g_autofree char *problem = NULL;
  g_autofree guchar *decoded = NULL;
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;
  g_autofree char *file_name = NULL;
  const char *b64;
  gsize len = 0;
  JsonObject *obj, *data;

  if (body == NULL ||
      !kinema_mock_check_known (body, known, NULL, &problem) ||
      !kinema_mock_check_member (body, "base64Data", KINEMA_MOCK_STRING, TRUE, &problem) ||
      !kinema_mock_check_member (body, "uploadPath", KINEMA_MOCK_STRING, TRUE, &problem) ||
      !kinema_mock_check_member (body, "fileName", KINEMA_MOCK_STRING, FALSE, &problem))
    {
      kinema_mock_note_rejection (req, "%s", problem ? problem : "the body must be a JSON object");
      reply_code (req, 200, 422, problem ? problem : "the body must be a JSON object");
      return;
    }

  b64 = json_object_get_string_member (body, "base64Data");
  if (g_str_has_prefix (b64, "data:") && strstr (b64, ";base64,") != NULL)
    b64 = strstr (b64, ";base64,") + strlen (";base64,");
  if (*b64 == '\0' || !kinema_mock_check_image (b64, TRUE, "base64Data", &problem))
    {
      kinema_mock_note_rejection (req, "%s", problem ? problem : "base64Data is empty");
      reply_code (req, 200, 422, problem ? problem : "base64Data is empty");
      return;
    }
  decoded = g_base64_decode (b64, &len);

  file_name = g_strdup (json_object_get_string_member_with_default (body, "fileName", "upload.png"));
  path = g_strdup_printf ("%s/%s", json_object_get_string_member (body, "uploadPath"), file_name);
  url = g_strdup_printf ("%s/kie/uploads/%s", kinema_mock_server_get_url (req->server), path);

  obj = json_object_new ();
  data = json_object_new ();
  json_object_set_boolean_member (obj, "success", TRUE);
  json_object_set_int_member (obj, "code", 200);
  json_object_set_string_member (obj, "msg", "File uploaded successfully");
  json_object_set_string_member (data, "fileName", file_name);
  json_object_set_string_member (data, "filePath", path);
  json_object_set_string_member (data, "downloadUrl", url);
  json_object_set_int_member (data, "fileSize", (gint64) len);
  json_object_set_string_member (data, "mimeType", "image/png");
  json_object_set_string_member (data, "uploadedAt", "2025-01-01T00:00:00Z");
  json_object_set_object_member (obj, "data", data);
  kinema_mock_reply_object (req, 200, obj);
}

static void
market_handler (KinemaMockRequest *req,
                gpointer           user_data)
{
  const MarketProfile *profile = user_data;
  gboolean post = g_str_equal (req->method, "POST");
  gboolean get = g_str_equal (req->method, "GET");

  if (!check_auth (req, profile))
    return;

  if (post && g_str_equal (req->subpath, CREATE_PATH))
    create_task (req, profile);
  else if (get && g_str_equal (req->subpath, RECORD_PATH))
    record_info (req, profile);
  else if (post && profile->kie && g_str_equal (req->subpath, UPLOAD_PATH))
    upload_base64 (req);
  else
    {
      kinema_mock_note_rejection (req, "%s %s is not an endpoint", req->method, req->subpath);
      reply_code (req, 404, 404, default_text (404));
    }
}

void
kinema_mock_market_register (KinemaMockServer *server)
{
  kinema_mock_register_dialect (server, "market", "/market", market_handler, market_error_reply,
                                (gpointer) &seed003_profile);
  kinema_mock_register_dialect (server, "kie", "/kie", market_handler, market_error_reply,
                                (gpointer) &kie_profile);
}
