/* kinema-mock-kling.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The official Kling API as the mock server plays it (providers.md §2),
 * under /kling:
 *
 *   POST /kling/v1/videos/{text2video|image2video|omni-video}
 *   GET  /kling/v1/videos/{family}/{task_id}        (same family only)
 *   POST /kling/v1/general/advanced-custom-elements
 *   GET  /kling/v1/general/advanced-custom-elements/{task_id}
 *
 * Auth: when the server's key has the form "AK:SK", a JWT (HS256, iss =
 * AK, signed with SK, within nbf..exp) is required; otherwise the key
 * itself as a bearer token (a proxy in front of Kling). Bodies are checked
 * for names and types (duration and sound are strings, watermark_info an
 * object, ...); refusals use Kling's shape {"code":1201,"message",...}.
 */
#define G_LOG_DOMAIN "kinema-mock"

#include "config.h"

#include <string.h>

#include "kinema-mock-private.h"

#define PREFIX        "kling"
#define ELEMENTS_PATH "/v1/general/advanced-custom-elements"
#define VIDEOS_PATH   "/v1/videos/"

typedef struct
{
  GHashTable *external_ids;   /* external_task_id -> task id */
  GHashTable *elements;       /* registered element id (string) -> element task id */
  guint64     next_element;
} KlingState;

static void
kling_state_free (gpointer data)
{
  KlingState *state = data;

  g_hash_table_unref (state->external_ids);
  g_hash_table_unref (state->elements);
  g_free (state);
}

/* Replies */

static JsonObject *
envelope (int         code,
          const char *message)
{
  JsonObject *obj = json_object_new ();
  g_autofree char *request_id = kinema_mock_new_request_id ();

  json_object_set_int_member (obj, "code", code);
  json_object_set_string_member (obj, "message", message);
  json_object_set_string_member (obj, "request_id", request_id);
  return obj;
}

static void
reply_error (KinemaMockRequest *req,
             guint              http_status,
             int                code,
             const char        *message)
{
  kinema_mock_reply_object (req, http_status, envelope (code, message));
}

/* Refuses a body the way Kling does: HTTP 400, code 1201. */
static void
reject (KinemaMockRequest *req,
        const char        *problem)
{
  kinema_mock_note_rejection (req, "%s", problem);
  reply_error (req, 400, 1201, problem);
}

static void
kling_error_reply (KinemaMockRequest *req,
                   guint              status,
                   const char        *message,
                   gpointer           user_data)
{
  int code;
  const char *text;

  switch (status)
    {
    case 401: code = 1000; text = "Authentication failed"; break;
    case 402: code = 1102; text = "Resource pack exhausted"; break;
    case 403: code = 1103; text = "Unauthorized access to requested resource"; break;
    case 404: code = 1203; text = "Requested resource does not exist"; break;
    case 400:
    case 422: code = 1201; text = "Invalid request parameters"; break;
    case 429: code = 1302; text = "The API request is too fast, please slow down"; break;
    case 503: code = 5001; text = "Server temporarily unavailable, usually due to maintenance"; break;
    case 504: code = 5002; text = "Server internal timeout, usually due to a backlog"; break;
    default: code = status >= 500 ? 5000 : 1200; text = "Server internal error"; break;
    }

  /* A message of the form "1101" or "1101:text" picks the Kling code. */
  if (message != NULL && g_ascii_isdigit (message[0]))
    {
      char *end = NULL;
      guint64 explicit_code = g_ascii_strtoull (message, &end, 10);

      if (end != message && explicit_code >= 1000 && explicit_code < 6000)
        {
          code = (int) explicit_code;
          message = (*end == ':') ? end + 1 : NULL;
        }
    }

  reply_error (req, status, code, message ? message : text);
}

/* JWT (checked independently of the client's code) */

static guchar *
b64url_decode (const char *part,
               gsize      *len)
{
  g_autoptr(GString) s = g_string_new (part);

  for (gsize i = 0; i < s->len; i++)
    {
      if (s->str[i] == '-')
        s->str[i] = '+';
      else if (s->str[i] == '_')
        s->str[i] = '/';
      else if (!g_ascii_isalnum (s->str[i]))
        return NULL;
    }
  while (s->len % 4 != 0)
    g_string_append_c (s, '=');
  return g_base64_decode (s->str, len);
}

static JsonObject *
decode_json_part (const char *part)
{
  gsize len = 0;
  g_autofree guchar *raw = b64url_decode (part, &len);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (raw == NULL)
    return NULL;
  text = g_strndup ((const char *) raw, len);
  node = json_from_string (text, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

/* TRUE when the request carries valid credentials; otherwise answers. */
static gboolean
check_auth (KinemaMockRequest *req)
{
  const char *key = kinema_mock_server_api_key (req->server);
  const char *auth = kinema_mock_request_header (req, "Authorization");
  const char *colon = key ? strchr (key, ':') : NULL;
  g_autofree char *ak = NULL;
  g_autofree char *sk = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *signing_input = NULL;
  g_autofree char *expected_hex = NULL;
  g_autofree guchar *sig = NULL;
  g_autoptr(GString) sig_hex = g_string_new (NULL);
  gsize sig_len = 0;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (auth == NULL || *auth == '\0')
    {
      kinema_mock_note_rejection (req, "no Authorization header");
      reply_error (req, 401, 1001, "Authorization is empty");
      return FALSE;
    }
  if (!g_str_has_prefix (auth, "Bearer "))
    {
      kinema_mock_note_rejection (req, "Authorization is not \"Bearer <token>\"");
      reply_error (req, 401, 1002, "Authorization is invalid");
      return FALSE;
    }
  auth += strlen ("Bearer ");

  /* A proxy key. */
  if (colon == NULL)
    {
      if (g_strcmp0 (auth, key) == 0)
        return TRUE;
      kinema_mock_note_rejection (req, "wrong bearer key");
      reply_error (req, 401, 1000, "Authentication failed");
      return FALSE;
    }

  ak = g_strndup (key, colon - key);
  sk = g_strdup (colon + 1);
  parts = g_strsplit (auth, ".", -1);
  if (g_strv_length (parts) != 3 ||
      (header = decode_json_part (parts[0])) == NULL ||
      (payload = decode_json_part (parts[1])) == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (header, "alg", ""), "HS256") != 0 ||
      g_strcmp0 (json_object_get_string_member_with_default (header, "typ", ""), "JWT") != 0)
    {
      kinema_mock_note_rejection (req, "the bearer token is not an HS256 JWT");
      reply_error (req, 401, 1002, "Authorization is invalid");
      return FALSE;
    }

  signing_input = g_strconcat (parts[0], ".", parts[1], NULL);
  expected_hex = g_compute_hmac_for_string (G_CHECKSUM_SHA256, (const guchar *) sk, strlen (sk),
                                            signing_input, -1);
  sig = b64url_decode (parts[2], &sig_len);
  for (gsize i = 0; sig != NULL && i < sig_len; i++)
    g_string_append_printf (sig_hex, "%02x", sig[i]);
  if (g_strcmp0 (sig_hex->str, expected_hex) != 0)
    {
      kinema_mock_note_rejection (req, "JWT signature does not match the secret key");
      reply_error (req, 401, 1002, "Authorization is invalid");
      return FALSE;
    }
  if (g_strcmp0 (json_object_get_string_member_with_default (payload, "iss", ""), ak) != 0)
    {
      kinema_mock_note_rejection (req, "JWT iss is not the access key");
      reply_error (req, 401, 1002, "Authorization is invalid");
      return FALSE;
    }
  if (!json_object_has_member (payload, "exp") || !json_object_has_member (payload, "nbf"))
    {
      kinema_mock_note_rejection (req, "JWT lacks exp or nbf");
      reply_error (req, 401, 1002, "Authorization is invalid");
      return FALSE;
    }
  if (json_object_get_int_member (payload, "nbf") > now)
    {
      kinema_mock_note_rejection (req, "JWT not yet valid (nbf in the future)");
      reply_error (req, 401, 1003, "Authorization is not yet valid");
      return FALSE;
    }
  if (json_object_get_int_member (payload, "exp") <= now)
    {
      kinema_mock_note_rejection (req, "JWT expired");
      reply_error (req, 401, 1004, "Authorization has expired");
      return FALSE;
    }
  if (json_object_get_int_member (payload, "exp") - now > 1800 + 60)
    {
      kinema_mock_note_rejection (req, "JWT lifetime longer than 30 minutes");
      reply_error (req, 401, 1002, "Authorization is invalid");
      return FALSE;
    }

  return TRUE;
}

/* Body checks */

#define CHECK(expr) G_STMT_START { if (!(expr)) return FALSE; } G_STMT_END

static gboolean
check_shots (JsonObject  *body,
             char       **problem)
{
  JsonArray *shots;
  gint64 total = 0;
  gint64 duration = g_ascii_strtoll (json_object_get_string_member (body, "duration"), NULL, 10);
  guint n;

  CHECK (kinema_mock_check_member (body, "multi_prompt", KINEMA_MOCK_ARRAY, TRUE, problem));
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
      g_autofree char *where = g_strdup_printf ("multi_prompt[%u]", i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          *problem = g_strdup_printf ("%s must be an object", where);
          return FALSE;
        }
      shot = json_node_get_object (node);
      CHECK (kinema_mock_check_known (shot, known, where, problem));
      CHECK (kinema_mock_check_member (shot, "index", KINEMA_MOCK_INT, TRUE, problem));
      CHECK (kinema_mock_check_member (shot, "prompt", KINEMA_MOCK_STRING, TRUE, problem));
      CHECK (kinema_mock_check_member (shot, "duration", KINEMA_MOCK_INT_STRING, TRUE, problem));
      if (json_object_get_int_member (shot, "index") != i + 1)
        {
          *problem = g_strdup_printf ("%s.index must be %u", where, i + 1);
          return FALSE;
        }
      if (g_utf8_strlen (json_object_get_string_member (shot, "prompt"), -1) > 512)
        {
          *problem = g_strdup_printf ("%s.prompt is longer than 512 characters", where);
          return FALSE;
        }
      CHECK (kinema_mock_check_int_range (shot, "duration", 1, duration, problem));
      total += g_ascii_strtoll (json_object_get_string_member (shot, "duration"), NULL, 10);
    }

  if (total != duration)
    {
      *problem = g_strdup_printf ("the shot durations add up to %" G_GINT64_FORMAT
                                  ", not to duration %" G_GINT64_FORMAT, total, duration);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_element_list (KlingState  *state,
                    JsonObject  *body,
                    guint       *n_out,
                    char       **problem)
{
  JsonArray *list;

  *n_out = 0;
  if (!json_object_has_member (body, "element_list"))
    return TRUE;
  CHECK (kinema_mock_check_member (body, "element_list", KINEMA_MOCK_ARRAY, TRUE, problem));
  list = json_object_get_array_member (body, "element_list");
  if (json_array_get_length (list) > 3)
    {
      *problem = g_strdup ("element_list takes at most 3 elements");
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      static const char * const known[] = { "element_id", NULL };
      JsonNode *node = json_array_get_element (list, i);
      JsonNode *id;
      g_autofree char *id_str = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          *problem = g_strdup_printf ("element_list[%u] must be an object", i);
          return FALSE;
        }
      CHECK (kinema_mock_check_known (json_node_get_object (node), known, "element_list[]", problem));
      id = json_object_get_member (json_node_get_object (node), "element_id");
      if (id == NULL || !JSON_NODE_HOLDS_VALUE (id))
        {
          *problem = g_strdup_printf ("element_list[%u].element_id is required", i);
          return FALSE;
        }
      if (json_node_get_value_type (id) == G_TYPE_INT64)
        id_str = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (id));
      else if (json_node_get_value_type (id) == G_TYPE_STRING)
        id_str = g_strdup (json_node_get_string (id));
      if (id_str == NULL || !g_hash_table_contains (state->elements, id_str))
        {
          *problem = g_strdup_printf ("element_list[%u].element_id %s is not a registered element",
                                      i, id_str ? id_str : "?");
          return FALSE;
        }
    }

  *n_out = json_array_get_length (list);
  return TRUE;
}

static gboolean
check_video_body (KlingState  *state,
                  const char  *family,
                  JsonObject  *body,
                  char       **problem)
{
  static const char * const known[] = {
    "model_name", "prompt", "negative_prompt", "cfg_scale", "mode", "sound", "duration",
    "aspect_ratio", "image", "image_tail", "multi_shot", "shot_type", "multi_prompt",
    "element_list", "image_list", "watermark_info", "external_task_id", "callback_url",
    "voice_list", NULL
  };
  static const char * const modes[] = { "std", "pro", NULL };
  static const char * const sounds[] = { "on", "off", NULL };
  static const char * const aspects[] = { "16:9", "9:16", "1:1", NULL };
  static const char * const shot_types[] = { "customize", "intelligence", NULL };
  gboolean t2v = g_str_equal (family, "text2video");
  gboolean i2v = g_str_equal (family, "image2video");
  gboolean omni = g_str_equal (family, "omni-video");
  gboolean multi = FALSE;
  gboolean customize = FALSE;
  guint n_elements = 0;

  if (body == NULL)
    {
      *problem = g_strdup ("the body must be a JSON object");
      return FALSE;
    }

  CHECK (kinema_mock_check_known (body, known, NULL, problem));
  CHECK (kinema_mock_check_member (body, "model_name", KINEMA_MOCK_STRING, TRUE, problem));
  if (!g_str_equal (json_object_get_string_member (body, "model_name"), omni ? "kling-v3-omni" : "kling-v3"))
    {
      *problem = g_strdup_printf ("model_name must be %s on %s", omni ? "kling-v3-omni" : "kling-v3", family);
      return FALSE;
    }

  CHECK (kinema_mock_check_member (body, "negative_prompt", KINEMA_MOCK_STRING, FALSE, problem));
  CHECK (kinema_mock_check_number_range (body, "cfg_scale", 0, 1, problem));
  CHECK (kinema_mock_check_enum (body, "mode", modes, problem));
  CHECK (kinema_mock_check_member (body, "sound", KINEMA_MOCK_STRING, FALSE, problem));
  CHECK (kinema_mock_check_enum (body, "sound", sounds, problem));
  CHECK (kinema_mock_check_member (body, "duration", KINEMA_MOCK_INT_STRING, TRUE, problem));
  CHECK (kinema_mock_check_int_range (body, "duration", 3, 15, problem));
  CHECK (kinema_mock_check_member (body, "external_task_id", KINEMA_MOCK_STRING, FALSE, problem));
  CHECK (kinema_mock_check_member (body, "watermark_info", KINEMA_MOCK_OBJECT, FALSE, problem));
  if (json_object_has_member (body, "watermark_info"))
    {
      static const char * const wm_known[] = { "enabled", NULL };
      JsonObject *wm = json_object_get_object_member (body, "watermark_info");

      CHECK (kinema_mock_check_known (wm, wm_known, "watermark_info", problem));
      CHECK (kinema_mock_check_member (wm, "enabled", KINEMA_MOCK_BOOL, TRUE, problem));
    }

  /* Frames: image2video only. */
  if (!i2v && (json_object_has_member (body, "image") || json_object_has_member (body, "image_tail")))
    {
      *problem = g_strdup_printf ("image and image_tail belong to image2video, not %s", family);
      return FALSE;
    }
  if (i2v)
    {
      CHECK (kinema_mock_check_member (body, "image", KINEMA_MOCK_STRING, TRUE, problem));
      CHECK (kinema_mock_check_image (json_object_get_string_member (body, "image"), TRUE, "image", problem));
      CHECK (kinema_mock_check_member (body, "image_tail", KINEMA_MOCK_STRING, FALSE, problem));
      if (json_object_has_member (body, "image_tail"))
        CHECK (kinema_mock_check_image (json_object_get_string_member (body, "image_tail"), TRUE,
                                        "image_tail", problem));
    }

  /* The ratio comes from the image on image2video. */
  if (i2v && json_object_has_member (body, "aspect_ratio"))
    {
      *problem = g_strdup ("aspect_ratio is not accepted on image2video");
      return FALSE;
    }
  CHECK (kinema_mock_check_enum (body, "aspect_ratio", aspects, problem));
  if ((t2v || omni) && !json_object_has_member (body, "aspect_ratio"))
    {
      *problem = g_strdup ("aspect_ratio is required");
      return FALSE;
    }

  /* Multi-shot. */
  CHECK (kinema_mock_check_member (body, "multi_shot", KINEMA_MOCK_BOOL, FALSE, problem));
  multi = json_object_get_boolean_member_with_default (body, "multi_shot", FALSE);
  if (multi)
    {
      CHECK (kinema_mock_check_member (body, "shot_type", KINEMA_MOCK_STRING, TRUE, problem));
      CHECK (kinema_mock_check_enum (body, "shot_type", shot_types, problem));
      customize = g_str_equal (json_object_get_string_member (body, "shot_type"), "customize");
      if (json_object_has_member (body, "image_tail"))
        {
          *problem = g_strdup ("image_tail is not supported with multi_shot");
          return FALSE;
        }
    }
  else if (json_object_has_member (body, "shot_type") || json_object_has_member (body, "multi_prompt"))
    {
      *problem = g_strdup ("shot_type and multi_prompt need multi_shot: true");
      return FALSE;
    }
  if (customize)
    CHECK (check_shots (body, problem));
  else
    {
      if (json_object_has_member (body, "multi_prompt"))
        {
          *problem = g_strdup ("multi_prompt is only for shot_type customize");
          return FALSE;
        }
      if (!i2v || multi)
        {
          CHECK (kinema_mock_check_member (body, "prompt", KINEMA_MOCK_STRING, TRUE, problem));
          if (*json_object_get_string_member (body, "prompt") == '\0')
            {
              *problem = g_strdup ("prompt must not be empty");
              return FALSE;
            }
        }
    }
  CHECK (kinema_mock_check_member (body, "prompt", KINEMA_MOCK_STRING, FALSE, problem));

  /* Elements: image2video and omni only. */
  if (t2v && json_object_has_member (body, "element_list"))
    {
      *problem = g_strdup ("element_list is not supported on text2video");
      return FALSE;
    }
  CHECK (check_element_list (state, body, &n_elements, problem));

  /* Reference images: omni only. */
  if (!omni && json_object_has_member (body, "image_list"))
    {
      *problem = g_strdup ("image_list belongs to omni-video");
      return FALSE;
    }
  if (omni && json_object_has_member (body, "image_list"))
    {
      JsonArray *list;

      CHECK (kinema_mock_check_member (body, "image_list", KINEMA_MOCK_ARRAY, TRUE, problem));
      list = json_object_get_array_member (body, "image_list");
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          static const char * const item_known[] = { "image_url", "type", NULL };
          JsonNode *node = json_array_get_element (list, i);
          JsonObject *item;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              *problem = g_strdup_printf ("image_list[%u] must be an object", i);
              return FALSE;
            }
          item = json_node_get_object (node);
          CHECK (kinema_mock_check_known (item, item_known, "image_list[]", problem));
          CHECK (kinema_mock_check_member (item, "image_url", KINEMA_MOCK_STRING, TRUE, problem));
          CHECK (kinema_mock_check_image (json_object_get_string_member (item, "image_url"), TRUE,
                                          "image_list[].image_url", problem));
        }
      if (json_array_get_length (list) + n_elements > 7)
        {
          *problem = g_strdup ("image_list and element_list together take at most 7 entries");
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_element_body (JsonObject  *body,
                    char       **problem)
{
  static const char * const known[] = {
    "element_name", "element_description", "reference_type", "element_image_list",
    "tag_list", "callback_url", "external_task_id", NULL
  };
  static const char * const list_known[] = { "frontal_image", "refer_images", NULL };
  static const char * const refer_types[] = { "image_refer", NULL };
  JsonObject *list;
  JsonArray *refer;

  if (body == NULL)
    {
      *problem = g_strdup ("the body must be a JSON object");
      return FALSE;
    }
  CHECK (kinema_mock_check_known (body, known, NULL, problem));
  CHECK (kinema_mock_check_member (body, "element_name", KINEMA_MOCK_STRING, TRUE, problem));
  CHECK (kinema_mock_check_member (body, "element_description", KINEMA_MOCK_STRING, TRUE, problem));
  CHECK (kinema_mock_check_member (body, "reference_type", KINEMA_MOCK_STRING, TRUE, problem));
  CHECK (kinema_mock_check_enum (body, "reference_type", refer_types, problem));
  if (g_utf8_strlen (json_object_get_string_member (body, "element_name"), -1) > 20)
    {
      *problem = g_strdup ("element_name is longer than 20 characters");
      return FALSE;
    }
  if (g_utf8_strlen (json_object_get_string_member (body, "element_description"), -1) > 100)
    {
      *problem = g_strdup ("element_description is longer than 100 characters");
      return FALSE;
    }

  CHECK (kinema_mock_check_member (body, "element_image_list", KINEMA_MOCK_OBJECT, TRUE, problem));
  list = json_object_get_object_member (body, "element_image_list");
  CHECK (kinema_mock_check_known (list, list_known, "element_image_list", problem));
  CHECK (kinema_mock_check_member (list, "frontal_image", KINEMA_MOCK_STRING, TRUE, problem));
  CHECK (kinema_mock_check_image (json_object_get_string_member (list, "frontal_image"), TRUE,
                                  "frontal_image", problem));
  CHECK (kinema_mock_check_member (list, "refer_images", KINEMA_MOCK_ARRAY, TRUE, problem));
  refer = json_object_get_array_member (list, "refer_images");
  if (json_array_get_length (refer) < 1 || json_array_get_length (refer) > 3)
    {
      *problem = g_strdup ("refer_images takes 1 to 3 images");
      return FALSE;
    }
  for (guint i = 0; i < json_array_get_length (refer); i++)
    {
      JsonNode *node = json_array_get_element (refer, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          *problem = g_strdup ("refer_images[] must be objects");
          return FALSE;
        }
      CHECK (kinema_mock_check_member (json_node_get_object (node), "image_url", KINEMA_MOCK_STRING, TRUE, problem));
      CHECK (kinema_mock_check_image (json_object_get_string_member (json_node_get_object (node), "image_url"),
                                      TRUE, "refer_images[].image_url", problem));
    }
  return TRUE;
}

#undef CHECK

/* Task answers */

static const char *
stage_status (KinemaMockStage stage)
{
  switch (stage)
    {
    case KINEMA_MOCK_STAGE_QUEUED: return "submitted";
    case KINEMA_MOCK_STAGE_RUNNING: return "processing";
    case KINEMA_MOCK_STAGE_SUCCEEDED: return "succeed";
    case KINEMA_MOCK_STAGE_FAILED:
    default: return "failed";
    }
}

static JsonObject *
task_data (KinemaMockRequest *req,
           KinemaMockTask    *task,
           KinemaMockStage    stage)
{
  JsonObject *data = json_object_new ();
  JsonObject *info = json_object_new ();
  JsonObject *body = task->request && JSON_NODE_HOLDS_OBJECT (task->request)
                     ? json_node_get_object (task->request) : NULL;
  gint64 created_ms = g_get_real_time () / 1000;

  json_object_set_string_member (data, "task_id", task->id);
  json_object_set_string_member (data, "task_status", stage_status (stage));
  json_object_set_string_member (data, "task_status_msg",
                                 stage == KINEMA_MOCK_STAGE_FAILED && task->fail_message ? task->fail_message : "");
  if (body != NULL && json_object_has_member (body, "external_task_id"))
    json_object_set_string_member (info, "external_task_id",
                                   json_object_get_string_member (body, "external_task_id"));
  json_object_set_object_member (data, "task_info", info);
  json_object_set_int_member (data, "created_at", created_ms);
  json_object_set_int_member (data, "updated_at", created_ms);
  return data;
}

static void
reply_task (KinemaMockRequest *req,
            JsonObject        *data)
{
  JsonObject *obj = envelope (0, "SUCCEED");

  json_object_set_object_member (obj, "data", data);
  kinema_mock_reply_object (req, 200, obj);
}

static void
submit_video (KinemaMockRequest *req,
              KlingState        *state,
              const char        *family)
{
  JsonObject *body = kinema_mock_request_object (req);
  g_autofree char *problem = NULL;
  const char *external = NULL;
  KinemaMockTask *task;

  if (!check_video_body (state, family, body, &problem))
    {
      reject (req, problem);
      return;
    }

  /* external_task_id must be unique per account. */
  if (json_object_has_member (body, "external_task_id"))
    {
      const char *previous;

      external = json_object_get_string_member (body, "external_task_id");
      previous = g_hash_table_lookup (state->external_ids, external);
      if (previous != NULL && kinema_mock_task_lookup (req->server, PREFIX, previous) != NULL)
        {
          reject (req, "external_task_id is already used by another task");
          return;
        }
    }

  task = kinema_mock_task_new (req, "", family);
  task->audio = g_strcmp0 (json_object_get_string_member_with_default (body, "sound", "off"), "on") == 0;
  if (external != NULL)
    g_hash_table_replace (state->external_ids, g_strdup (external), g_strdup (task->id));

  reply_task (req, task_data (req, task, KINEMA_MOCK_STAGE_QUEUED));
}

static void
poll_video (KinemaMockRequest *req,
            KlingState        *state,
            const char        *family,
            const char        *task_id)
{
  KinemaMockTask *task = kinema_mock_task_lookup (req->server, PREFIX, task_id);

  /* The single-task query takes the task_id or the external_task_id given
   * at creation. */
  if (task == NULL)
    {
      const char *real = g_hash_table_lookup (state->external_ids, task_id);

      if (real != NULL)
        task = kinema_mock_task_lookup (req->server, PREFIX, real);
    }
  KinemaMockStage stage;
  JsonObject *data;
  JsonObject *body;
  gboolean watermark = FALSE;

  if (task == NULL || g_strcmp0 (task->family, family) != 0)
    {
      kinema_mock_note_rejection (req, "no %s task %s", family, task_id);
      reply_error (req, 404, 1203, "Requested resource does not exist");
      return;
    }

  stage = kinema_mock_task_stage (req->server, task);
  data = task_data (req, task, stage);
  body = task->request && JSON_NODE_HOLDS_OBJECT (task->request) ? json_node_get_object (task->request) : NULL;
  if (body != NULL && json_object_has_member (body, "watermark_info"))
    watermark = json_object_get_boolean_member_with_default (json_object_get_object_member (body, "watermark_info"),
                                                             "enabled", FALSE);
  {
    JsonObject *wm = json_object_new ();
    json_object_set_boolean_member (wm, "enabled", watermark);
    json_object_set_object_member (data, "watermark_info", wm);
  }

  if (stage == KINEMA_MOCK_STAGE_SUCCEEDED)
    {
      g_autofree char *url = kinema_mock_task_dup_video_url (req->server, task);
      g_autofree char *wm_url = g_strconcat (url, "?watermark=1", NULL);
      JsonObject *result = json_object_new ();
      JsonArray *videos = json_array_new ();
      JsonObject *video = json_object_new ();
      const char *duration = body ? json_object_get_string_member_with_default (body, "duration", "5") : "5";

      json_object_set_string_member (video, "id", task->id);
      json_object_set_string_member (video, "url", url);
      if (watermark)
        json_object_set_string_member (video, "watermark_url", wm_url);
      json_object_set_string_member (video, "duration", duration);
      json_array_add_object_element (videos, video);
      json_object_set_array_member (result, "videos", videos);
      json_object_set_object_member (data, "task_result", result);
      json_object_set_string_member (data, "final_unit_deduction", "1");
    }

  reply_task (req, data);
}

/* Elements */

static void
create_element (KinemaMockRequest *req)
{
  JsonObject *body = kinema_mock_request_object (req);
  g_autofree char *problem = NULL;
  KinemaMockTask *task;

  if (!check_element_body (body, &problem))
    {
      reject (req, problem);
      return;
    }

  task = kinema_mock_task_new (req, "el_", "element");
  reply_task (req, task_data (req, task, KINEMA_MOCK_STAGE_QUEUED));
}

static void
poll_element (KinemaMockRequest *req,
              KlingState        *state,
              const char        *task_id)
{
  KinemaMockTask *task = kinema_mock_task_lookup (req->server, PREFIX, task_id);
  KinemaMockStage stage;
  JsonObject *data;

  if (task == NULL || g_strcmp0 (task->family, "element") != 0)
    {
      kinema_mock_note_rejection (req, "no element task %s", task_id);
      reply_error (req, 404, 1203, "Requested resource does not exist");
      return;
    }

  stage = kinema_mock_task_stage (req->server, task);
  data = task_data (req, task, stage);
  if (stage == KINEMA_MOCK_STAGE_SUCCEEDED)
    {
      JsonObject *result = json_object_new ();
      JsonArray *elements = json_array_new ();
      JsonObject *element = json_object_new ();
      GHashTableIter iter;
      gpointer key, value;
      gint64 id = 0;

      /* The same task always gives the same element. */
      g_hash_table_iter_init (&iter, state->elements);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (g_str_equal (value, task->id))
          id = g_ascii_strtoll (key, NULL, 10);
      if (id == 0)
        {
          id = (gint64) ++state->next_element;
          g_hash_table_replace (state->elements, g_strdup_printf ("%" G_GINT64_FORMAT, id),
                                g_strdup (task->id));
        }

      json_object_set_int_member (element, "element_id", id);
      json_object_set_string_member (element, "element_name",
                                     json_object_get_string_member_with_default (json_node_get_object (task->request),
                                                                                 "element_name", ""));
      json_array_add_object_element (elements, element);
      json_object_set_array_member (result, "elements", elements);
      json_object_set_object_member (data, "task_result", result);
    }

  reply_task (req, data);
}

/* Routing */

static void
kling_handler (KinemaMockRequest *req,
               gpointer           user_data)
{
  KlingState *state = user_data;
  const char *sub = req->subpath;
  gboolean post = g_str_equal (req->method, "POST");
  gboolean get = g_str_equal (req->method, "GET");

  if (!check_auth (req))
    return;

  if (g_str_has_prefix (sub, VIDEOS_PATH))
    {
      g_auto(GStrv) parts = g_strsplit (sub + strlen (VIDEOS_PATH), "/", -1);
      guint n = g_strv_length (parts);
      const char *family = n > 0 ? parts[0] : "";

      if (!g_str_equal (family, "text2video") && !g_str_equal (family, "image2video") &&
          !g_str_equal (family, "omni-video"))
        {
          kinema_mock_note_rejection (req, "unknown path %s", sub);
          reply_error (req, 404, 1202, "Invalid request method or path");
          return;
        }
      if (post && n == 1)
        submit_video (req, state, family);
      else if (get && n == 2 && *parts[1] != '\0')
        poll_video (req, state, family, parts[1]);
      else
        {
          kinema_mock_note_rejection (req, "%s %s is not an endpoint", req->method, sub);
          reply_error (req, 404, 1202, "Invalid request method or path");
        }
      return;
    }

  if (post && g_str_equal (sub, ELEMENTS_PATH))
    {
      create_element (req);
      return;
    }
  if (get && g_str_has_prefix (sub, ELEMENTS_PATH "/") && strchr (sub + strlen (ELEMENTS_PATH "/"), '/') == NULL)
    {
      poll_element (req, state, sub + strlen (ELEMENTS_PATH "/"));
      return;
    }

  kinema_mock_note_rejection (req, "%s %s is not an endpoint", req->method, sub);
  reply_error (req, 404, 1202, "Invalid request method or path");
}

void
kinema_mock_kling_register (KinemaMockServer *server)
{
  KlingState *state = g_new0 (KlingState, 1);

  state->external_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  state->elements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  state->next_element = 860000000000;
  g_object_set_data_full (G_OBJECT (server), "kinema-mock-kling-state", state, kling_state_free);

  kinema_mock_register_dialect (server, PREFIX, "/" PREFIX, kling_handler, kling_error_reply, state);
}
