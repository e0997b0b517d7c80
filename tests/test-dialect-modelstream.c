/* test-dialect-modelstream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ModelStream (New-API style, providers.md §3) and the shared helpers of
 * kinema-dialect-util.h.
 */
#include "config.h"

#include <string.h>

#include "kinema-dialect-util.h"
#include "kinema-dialects-private.h"
#include "kinema-error.h"

static const KinemaDialect *D = &kinema_dialect_modelstream;

static KinemaProviderConfig *
make_cfg (void)
{
  return kinema_provider_config_new ("modelstream", "ModelStream", "modelstream", NULL,
                                     "https://api.modelstream.ai", "kling-v3");
}

static KinemaRequest *
make_t2v (void)
{
  KinemaRequest *r = kinema_request_new ();

  kinema_request_set_prompt (r, "A paper boat drifts across a calm lake at sunrise");
  kinema_request_set_duration (r, 5);
  return r;
}

static JsonObject *
build_ok (KinemaRequest    *r,
          KinemaWireImages *images,
          KinemaHttpCall  **call_out)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(GError) error = NULL;
  KinemaHttpCall *call;

  call = D->build_submit (cfg, "sk-test", r, images, "job", &error);
  g_assert_no_error (error);
  g_assert_nonnull (call);
  *call_out = call;
  return json_node_get_object (call->body);
}

static GType
member_type (JsonObject *obj,
             const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  g_assert_nonnull (node);
  if (JSON_NODE_HOLDS_OBJECT (node))
    return JSON_TYPE_OBJECT;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return JSON_TYPE_ARRAY;
  return json_node_get_value_type (node);
}

/* ---- util ---- */

static void
test_util_paths (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) root = NULL;
  static const char *body =
    "{\"a\":{\"b\":[{\"c\":\"x\"},{\"c\":\"y\"}]},\"extends.audio\":true,\"n\":\"42\","
    "\"f\":1.5,\"i\":7,\"empty\":\"\",\"metadata\":\"text\",\"msg\":\"\",\"message\":\"hello\"}";
  static const char * const url_paths[] = { "nope", "empty", "metadata.url", "a.b.1.c", NULL };
  gint64 i;
  double d;

  root = kinema_dialect_parse_object ("P", 200, body, strlen (body), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kinema_json_path_get_string (root, "a.b.0.c"), ==, "x");
  g_assert_cmpstr (kinema_json_path_get_string (root, "a.b.1.c"), ==, "y");
  g_assert_null (kinema_json_path_get (root, "a.b.2.c"));
  g_assert_null (kinema_json_path_get (root, "a.b.x"));
  g_assert_null (kinema_json_path_get_string (root, "metadata.url"));
  g_assert_true (json_node_get_boolean (kinema_json_path_get (root, "extends.audio")));
  g_assert_true (kinema_json_path_get_int (root, "n", &i));
  g_assert_cmpint (i, ==, 42);
  g_assert_true (kinema_json_path_get_int (root, "i", &i));
  g_assert_cmpint (i, ==, 7);
  g_assert_true (kinema_json_path_get_double (root, "f", &d));
  g_assert_cmpfloat (d, ==, 1.5);
  g_assert_false (kinema_json_path_get_int (root, "a", &i));
  g_assert_null (kinema_json_path_get_nonempty (root, "empty"));
  g_assert_cmpstr (kinema_json_find_first_string (root, url_paths), ==, "y");
  /* empty msg falls through to message */
  g_assert_cmpstr (kinema_dialect_get_message (root), ==, "hello");
}

static void
test_util_parse_errors (void)
{
  g_autoptr(GError) error = NULL;
  JsonObject *obj;

  obj = kinema_dialect_parse_object ("Acme", 200, "{oops", 5, &error);
  g_assert_null (obj);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "Acme"));
  g_clear_error (&error);

  obj = kinema_dialect_parse_object ("Acme", 401, "Unauthorized", 12, &error);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
  g_clear_error (&error);

  obj = kinema_dialect_parse_object ("Acme", 200, NULL, 0, &error);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER);
  g_clear_error (&error);

  obj = kinema_dialect_parse_object ("Acme", 200, "\"str\"", 5, &error);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER);
}

static void
test_util_status_and_codes (void)
{
  static const KinemaStatusMap table[] = {
    { "done", KINEMA_TASK_SUCCEEDED },
    { "waiting", KINEMA_TASK_QUEUED },
    { NULL }
  };

  g_assert_cmpint (kinema_dialect_map_status (table, "DONE"), ==, KINEMA_TASK_SUCCEEDED);
  g_assert_cmpint (kinema_dialect_map_status (table, " waiting "), ==, KINEMA_TASK_QUEUED);
  g_assert_cmpint (kinema_dialect_map_status (table, "brewing"), ==, KINEMA_TASK_RUNNING);
  g_assert_cmpint (kinema_dialect_map_status (table, NULL), ==, KINEMA_TASK_RUNNING);
  g_assert_true (kinema_dialect_status_known (table, "Done"));
  g_assert_false (kinema_dialect_status_known (table, "brewing"));

  g_assert_cmpint (kinema_dialect_error_code_for_http (401, NULL), ==, KINEMA_ERROR_AUTH);
  g_assert_cmpint (kinema_dialect_error_code_for_http (402, NULL), ==, KINEMA_ERROR_BALANCE);
  g_assert_cmpint (kinema_dialect_error_code_for_http (404, NULL), ==, KINEMA_ERROR_NOT_FOUND);
  g_assert_cmpint (kinema_dialect_error_code_for_http (422, NULL), ==, KINEMA_ERROR_INVALID_PARAMETER);
  g_assert_cmpint (kinema_dialect_error_code_for_http (429, NULL), ==, KINEMA_ERROR_RATE_LIMIT);
  g_assert_cmpint (kinema_dialect_error_code_for_http (455, NULL), ==, KINEMA_ERROR_MAINTENANCE);
  g_assert_cmpint (kinema_dialect_error_code_for_http (500, NULL), ==, KINEMA_ERROR_SERVER);
  g_assert_cmpint (kinema_dialect_error_code_for_http (500, "Insufficient Balance"), ==, KINEMA_ERROR_BALANCE);
  g_assert_cmpint (kinema_dialect_error_code_for_http (400, "prompt hit content moderation"), ==, KINEMA_ERROR_CONTENT_POLICY);
  g_assert_cmpint (kinema_dialect_error_code_for_http (503, "under maintenance"), ==, KINEMA_ERROR_MAINTENANCE);

  g_assert_cmpint (kinema_dialect_error_code_for_market (501, "boom"), ==, KINEMA_ERROR_GENERATION_FAILED);
  g_assert_cmpint (kinema_dialect_error_code_for_market (505, NULL), ==, KINEMA_ERROR_FEATURE_DISABLED);
  g_assert_cmpint (kinema_dialect_error_code_for_market (455, NULL), ==, KINEMA_ERROR_MAINTENANCE);
  g_assert_cmpint (kinema_dialect_error_code_for_market (402, NULL), ==, KINEMA_ERROR_BALANCE);
  g_assert_cmpint (kinema_dialect_error_code_for_market (422, "bad duration"), ==, KINEMA_ERROR_INVALID_PARAMETER);
}

static void
test_util_calls (void)
{
  g_autoptr(KinemaHttpCall) call = kinema_http_call_new ("POST", "https://x/y");
  g_autoptr(KinemaProviderConfig) cfg = kinema_provider_config_new ("a", "A", "modelstream", NULL, "https://h/base//", NULL);
  g_autoptr(KinemaProviderConfig) copy = NULL;
  g_autofree char *url = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) obj = json_object_new ();

  kinema_http_call_add_header (call, "X-Api-Key", "one");
  kinema_http_call_add_header (call, "x-api-key", "two");
  g_assert_cmpuint (call->headers->len, ==, 1);
  g_assert_cmpstr (kinema_http_call_get_header (call, "X-API-KEY"), ==, "two");
  g_assert_null (kinema_http_call_get_header (call, "Authorization"));

  json_object_set_int_member (obj, "n", 1);
  kinema_http_call_take_body (call, json_node_init_object (json_node_alloc (), obj));
  json = kinema_http_call_dup_body_string (call);
  g_assert_cmpstr (json, ==, "{\"n\":1}");
  g_assert_cmpstr (kinema_http_call_get_header (call, "content-type"), ==, "application/json");

  g_assert_cmpstr (cfg->base_url, ==, "https://h/base");
  url = kinema_dialect_url (cfg, "/v1/x");
  g_assert_cmpstr (url, ==, "https://h/base/v1/x");

  cfg->upload_url = g_strdup ("https://up");
  copy = kinema_provider_config_copy (cfg);
  g_assert_cmpstr (copy->upload_url, ==, "https://up");
  g_assert_cmpstr (copy->dialect, ==, "modelstream");
}

/* ---- modelstream ---- */

static void
test_capabilities (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  KinemaCapabilities caps;

  D->init_capabilities (cfg, &caps);
  g_assert_true (caps.modes & (1u << KINEMA_MODE_REFERENCE));
  g_assert_true (caps.modes & (1u << KINEMA_MODE_IMAGE));
  g_assert_true (caps.watermark);
  g_assert_cmpuint (caps.max_shots, ==, 6);
  g_assert_false (caps.multi_shot_intelligence);
  g_assert_cmpuint (caps.max_elements, ==, 0);
  g_assert_cmpint (caps.resolution_via, ==, KINEMA_RESOLUTION_VIA_MODE);
  g_assert_true (caps.image_transports & KINEMA_IMAGE_BASE64);
  g_assert_true (caps.image_transports & KINEMA_IMAGE_URL);
  g_assert_false (caps.image_transports & KINEMA_IMAGE_DATA_URI);
}

static void
test_build_t2v (void)
{
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  JsonObject *body;

  kinema_request_set_negative_prompt (r, "blur, low detail");
  kinema_request_set_watermark (r, TRUE);
  kinema_request_set_aspect (r, KINEMA_ASPECT_1_1);
  body = build_ok (r, NULL, &call);

  g_assert_cmpstr (call->method, ==, "POST");
  g_assert_cmpstr (call->url, ==, "https://api.modelstream.ai/v1/video/generations");
  g_assert_cmpstr (kinema_http_call_get_header (call, "Authorization"), ==, "Bearer sk-test");
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "kling-v3");
  g_assert_cmpstr (json_object_get_string_member (body, "prompt"), ==, "A paper boat drifts across a calm lake at sunrise");
  g_assert_cmpstr (json_object_get_string_member (body, "mode"), ==, "std");
  g_assert_cmpint (member_type (body, "duration"), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (body, "duration"), ==, 5);
  g_assert_cmpint (member_type (body, "cfg_scale"), ==, G_TYPE_DOUBLE);
  g_assert_cmpstr (json_object_get_string_member (body, "negative_prompt"), ==, "blur, low detail");
  g_assert_cmpstr (json_object_get_string_member (body, "aspect_ratio"), ==, "1:1");
  g_assert_cmpint (member_type (body, "watermark_enabled"), ==, G_TYPE_BOOLEAN);
  g_assert_true (json_object_get_boolean_member (body, "watermark_enabled"));
  g_assert_false (json_object_get_boolean_member (body, "multi_shot"));
  g_assert_false (json_object_has_member (body, "sound"));
  g_assert_false (json_object_has_member (body, "image"));
}

static void
test_build_i2v_base64 (void)
{
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GHashTable) images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *body;

  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, "/tmp/first.png");
  kinema_request_set_last_frame (r, "https://cdn.example.com/last.png");
  kinema_request_set_quality (r, KINEMA_QUALITY_PRO);
  kinema_request_set_audio (r, TRUE);
  g_hash_table_insert (images, g_strdup ("/tmp/first.png"), g_strdup ("iVBORw0KGgo="));
  body = build_ok (r, images, &call);

  g_assert_cmpstr (json_object_get_string_member (body, "image"), ==, "iVBORw0KGgo=");
  g_assert_cmpstr (json_object_get_string_member (body, "image_tail"), ==, "https://cdn.example.com/last.png");
  g_assert_cmpstr (json_object_get_string_member (body, "mode"), ==, "pro");
  g_assert_cmpstr (json_object_get_string_member (body, "sound"), ==, "on");
  /* the ratio follows the image */
  g_assert_false (json_object_has_member (body, "aspect_ratio"));
}

static void
test_build_reference (void)
{
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  JsonObject *body;
  JsonArray *list;

  kinema_request_set_mode (r, KINEMA_MODE_REFERENCE);
  kinema_request_set_prompt (r, "<<<image_1>>> meets <<<image_2>>> on a bridge");
  kinema_request_add_reference_image (r, "https://cdn.example.com/a.png");
  kinema_request_add_reference_image (r, "https://cdn.example.com/b.png");
  body = build_ok (r, NULL, &call);

  g_assert_cmpint (member_type (body, "image_list"), ==, JSON_TYPE_ARRAY);
  list = json_object_get_array_member (body, "image_list");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "image_url"), ==,
                   "https://cdn.example.com/a.png");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "image_url"), ==,
                   "https://cdn.example.com/b.png");
  g_assert_cmpstr (json_object_get_string_member (body, "aspect_ratio"), ==, "16:9");
  g_assert_false (json_object_has_member (body, "image"));
}

static void
test_build_multi_shot (void)
{
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  JsonObject *body, *shot;
  JsonArray *shots;

  kinema_request_set_prompt (r, "");
  kinema_request_set_duration (r, 7);
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (r, 4, "Wide shot: a lighthouse at dusk");
  kinema_request_add_shot (r, 3, "Close-up: the keeper lights the lamp");
  body = build_ok (r, NULL, &call);

  g_assert_true (json_object_get_boolean_member (body, "multi_shot"));
  g_assert_cmpstr (json_object_get_string_member (body, "shot_type"), ==, "customize");
  g_assert_false (json_object_has_member (body, "prompt"));
  shots = json_object_get_array_member (body, "multi_prompt");
  g_assert_cmpuint (json_array_get_length (shots), ==, 2);
  shot = json_array_get_object_element (shots, 1);
  g_assert_cmpint (json_object_get_int_member (shot, "index"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (shot, "prompt"), ==, "Close-up: the keeper lights the lamp");
  g_assert_cmpint (member_type (shot, "duration"), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (shot, "duration"), ==, "3");
}

static void
expect_refused (KinemaRequest *r,
                const char    *field)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(GError) error = NULL;
  KinemaHttpCall *call = D->build_submit (cfg, "k", r, NULL, NULL, &error);

  g_assert_null (call);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_true (g_str_has_prefix (error->message, field));
}

static void
test_build_refusals (void)
{
  const char *imgs[] = { "https://a/b.png", NULL };
  KinemaRequest *r;

  r = make_t2v ();
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_INTELLIGENCE);
  expect_refused (r, "multi_shot");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_add_element (r, "hero", "a hero", imgs);
  expect_refused (r, "elements");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (r, 2, "a");
  expect_refused (r, "shots");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_mode (r, KINEMA_MODE_REFERENCE);
  expect_refused (r, "reference_images");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_mode (r, KINEMA_MODE_REFERENCE);
  kinema_request_add_reference_image (r, "/local/file.png");
  expect_refused (r, "reference_images");
  g_object_unref (r);
}

static KinemaTaskStatus *
parse (gboolean     poll,
       guint        http,
       const char  *body,
       GError     **error)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();

  if (poll)
    return D->parse_poll (cfg, http, body, strlen (body), error);
  return D->parse_submit (cfg, http, body, strlen (body), error);
}

static void
test_parse_submit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) st = NULL;

  /* older dto.VideoResponse */
  st = parse (FALSE, 200, "{\"task_id\":\"task_9Qx\",\"status\":\"queued\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (st->task_id, ==, "task_9Qx");
  g_assert_cmpint (st->state, ==, KINEMA_TASK_QUEUED);
  kinema_task_status_free (g_steal_pointer (&st));

  /* OpenAI-style job: id wins */
  st = parse (FALSE, 200, "{\"id\":\"video_1\",\"task_id\":\"old\",\"object\":\"video\",\"model\":\"kling-v3\","
                          "\"status\":\"in_progress\",\"progress\":12,\"created_at\":1}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (st->task_id, ==, "video_1");
  g_assert_cmpint (st->state, ==, KINEMA_TASK_RUNNING);
  g_assert_cmpint (st->progress, ==, 12);
}

static void
test_parse_errors (void)
{
  static const struct {
    gboolean poll;
    guint http;
    const char *body;
    KinemaErrorCode code;
    const char *needle;
  } cases[] = {
    { FALSE, 401, "{\"error\":{\"message\":\"Invalid token\",\"type\":\"new_api_error\",\"param\":\"\",\"code\":\"\"}}",
      KINEMA_ERROR_AUTH, "ModelStream API key is missing or invalid." },
    { FALSE, 400, "{\"error\":{\"message\":\"duration must be between 3 and 15\",\"type\":\"invalid_request_error\",\"param\":\"duration\",\"code\":\"invalid_value\"}}",
      KINEMA_ERROR_INVALID_PARAMETER, "Request rejected by ModelStream: duration must be between 3 and 15" },
    { FALSE, 403, "{\"error\":{\"message\":\"user quota is not enough\",\"type\":\"new_api_error\",\"param\":\"\",\"code\":\"insufficient_user_quota\"}}",
      KINEMA_ERROR_BALANCE, "top up" },
    { FALSE, 400, "{\"error\":{\"message\":\"prompt contains sensitive words\",\"type\":\"new_api_error\",\"code\":\"sensitive_words_detected\"}}",
      KINEMA_ERROR_CONTENT_POLICY, "sensitive words" },
    { FALSE, 429, "{\"error\":{\"message\":\"rate limited\",\"type\":\"x\",\"code\":\"\"}}",
      KINEMA_ERROR_RATE_LIMIT, "Too many requests to ModelStream" },
    { FALSE, 500, "{\"error\":{\"message\":\"upstream error\",\"type\":\"x\",\"code\":\"\"}}",
      KINEMA_ERROR_SERVER, "ModelStream server error" },
    { FALSE, 503, "{\"error\":{\"message\":\"system maintenance\",\"type\":\"x\",\"code\":\"\"}}",
      KINEMA_ERROR_MAINTENANCE, "maintenance" },
    { FALSE, 200, "{\"error\":{\"message\":\"model not found\",\"type\":\"x\",\"code\":\"\"}}",
      KINEMA_ERROR_INVALID_PARAMETER, "model not found" },
    { FALSE, 200, "{\"status\":\"queued\"}", KINEMA_ERROR_UNKNOWN_OUTCOME, "ModelStream" },
    { FALSE, 200, "<html>", KINEMA_ERROR_UNKNOWN_OUTCOME, "paid" },
    { TRUE, 404, "{\"error\":{\"message\":\"task not found\",\"type\":\"x\",\"code\":\"\"}}",
      KINEMA_ERROR_NOT_FOUND, "task not found" },
    { TRUE, 401, "{\"error\":{\"message\":\"bad key\"}}", KINEMA_ERROR_AUTH, "API key" },
    { TRUE, 200, "{garbage", KINEMA_ERROR_SERVER, "ModelStream" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaTaskStatus) st = parse (cases[i].poll, cases[i].http, cases[i].body, &error);

      g_test_message ("case %u: %s", i, cases[i].body);
      g_assert_null (st);
      g_assert_error (error, KINEMA_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].needle));
    }
}

static void
test_build_poll (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(KinemaHttpCall) call = D->build_poll (cfg, "sk", "task_9Qx", NULL, NULL);

  g_assert_cmpstr (call->method, ==, "GET");
  g_assert_cmpstr (call->url, ==, "https://api.modelstream.ai/v1/video/generations/task_9Qx");
  g_assert_cmpstr (kinema_http_call_get_header (call, "Authorization"), ==, "Bearer sk");
}

static void
test_parse_poll (void)
{
  static const struct {
    const char *body;
    KinemaTaskState state;
    const char *url;
  } cases[] = {
    { "{\"task_id\":\"t\",\"status\":\"queued\"}", KINEMA_TASK_QUEUED, NULL },
    { "{\"task_id\":\"t\",\"status\":\"in_progress\",\"progress\":40}", KINEMA_TASK_RUNNING, NULL },
    { "{\"task_id\":\"t\",\"status\":\"processing\"}", KINEMA_TASK_RUNNING, NULL },
    { "{\"task_id\":\"t\",\"status\":\"unknown\"}", KINEMA_TASK_RUNNING, NULL },
    { "{\"task_id\":\"t\",\"status\":\"dreaming\"}", KINEMA_TASK_RUNNING, NULL },
    { "{\"task_id\":\"t\",\"status\":\"completed\",\"url\":\"https://a/1.mp4\",\"format\":\"mp4\","
      "\"metadata\":{\"duration\":5,\"fps\":24,\"width\":1280,\"height\":720,\"seed\":0}}", KINEMA_TASK_SUCCEEDED, "https://a/1.mp4" },
    { "{\"task_id\":\"t\",\"status\":\"succeeded\",\"video_url\":\"https://a/2.mp4\"}", KINEMA_TASK_SUCCEEDED, "https://a/2.mp4" },
    { "{\"id\":\"t\",\"object\":\"video\",\"status\":\"completed\",\"progress\":100,\"metadata\":{\"url\":\"https://a/3.mp4\"}}",
      KINEMA_TASK_SUCCEEDED, "https://a/3.mp4" },
    { "{\"code\":\"success\",\"data\":{\"status\":\"completed\",\"url\":\"https://a/4.mp4\"}}", KINEMA_TASK_SUCCEEDED, "https://a/4.mp4" },
    { "{\"task_id\":\"t\",\"status\":\"failed\",\"error\":{\"code\":\"x\",\"message\":\"upstream refused\"}}", KINEMA_TASK_FAILED, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaTaskStatus) st = parse (TRUE, 200, cases[i].body, &error);

      g_test_message ("case %u: %s", i, cases[i].body);
      g_assert_no_error (error);
      g_assert_cmpint (st->state, ==, cases[i].state);
      g_assert_cmpstr (st->video_url, ==, cases[i].url);
      if (st->state == KINEMA_TASK_FAILED)
        {
          g_assert_error (st->error, KINEMA_ERROR, KINEMA_ERROR_GENERATION_FAILED);
          g_assert_nonnull (strstr (st->error->message, "upstream refused"));
        }
      else
        g_assert_null (st->error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dialect/util/paths", test_util_paths);
  g_test_add_func ("/dialect/util/parse-errors", test_util_parse_errors);
  g_test_add_func ("/dialect/util/status-and-codes", test_util_status_and_codes);
  g_test_add_func ("/dialect/util/calls", test_util_calls);
  g_test_add_func ("/dialect/modelstream/capabilities", test_capabilities);
  g_test_add_func ("/dialect/modelstream/build/t2v", test_build_t2v);
  g_test_add_func ("/dialect/modelstream/build/i2v-base64", test_build_i2v_base64);
  g_test_add_func ("/dialect/modelstream/build/reference", test_build_reference);
  g_test_add_func ("/dialect/modelstream/build/multi-shot", test_build_multi_shot);
  g_test_add_func ("/dialect/modelstream/build/refusals", test_build_refusals);
  g_test_add_func ("/dialect/modelstream/submit/parse", test_parse_submit);
  g_test_add_func ("/dialect/modelstream/errors", test_parse_errors);
  g_test_add_func ("/dialect/modelstream/poll/build", test_build_poll);
  g_test_add_func ("/dialect/modelstream/poll/parse", test_parse_poll);

  return g_test_run ();
}
