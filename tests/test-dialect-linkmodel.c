/* test-dialect-linkmodel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * LinkModel's pure build/parse functions (providers.md §1).
 */
#include "config.h"

#include <string.h>

#include "kinema-dialect-util.h"
#include "kinema-dialects-private.h"
#include "kinema-error.h"

static const KinemaDialect *D = &kinema_dialect_linkmodel;

static KinemaProviderConfig *
make_cfg (void)
{
  return kinema_provider_config_new ("linkmodel", "LinkModel", "linkmodel", NULL,
                                     "https://api.linkmodel.ai/api/v1/", "kling-v3");
}

static KinemaRequest *
make_t2v (void)
{
  KinemaRequest *r = kinema_request_new ();

  kinema_request_set_prompt (r, "A red fox trots across a snowy meadow at dawn");
  kinema_request_set_duration (r, 8);
  return r;
}

static JsonObject *
body_of (KinemaHttpCall *call)
{
  g_assert_nonnull (call->body);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (call->body));
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

static void
test_lookup (void)
{
  g_assert_true (kinema_dialect_lookup ("linkmodel") == D);
  g_assert_true (kinema_dialect_lookup ("LinkModel") == D);
  g_assert_true (kinema_dialect_lookup ("modelstream") == &kinema_dialect_modelstream);
  g_assert_true (kinema_dialect_lookup ("uniall") == &kinema_dialect_uniall);
  g_assert_null (kinema_dialect_lookup ("nope"));
  g_assert_null (kinema_dialect_lookup (NULL));
  g_assert_cmpstr (D->name, ==, "linkmodel");
}

static void
test_capabilities (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  KinemaCapabilities caps;

  D->init_capabilities (cfg, &caps);
  g_assert_cmpuint (caps.modes, ==, (1u << KINEMA_MODE_TEXT) | (1u << KINEMA_MODE_IMAGE));
  g_assert_cmpuint (caps.max_shots, ==, 0);
  g_assert_false (caps.multi_shot_intelligence);
  g_assert_cmpuint (caps.max_elements, ==, 0);
  g_assert_cmpuint (caps.max_reference_images, ==, 0);
  g_assert_false (caps.watermark);
  g_assert_true (caps.audio);
  g_assert_true (caps.cfg_scale);
  g_assert_true (caps.last_frame);
  g_assert_true (caps.reports_price);
  g_assert_false (caps.reports_progress);
  g_assert_cmpint (caps.resolution_via, ==, KINEMA_RESOLUTION_VIA_FIELD);
  g_assert_cmpuint (caps.image_transports, ==, KINEMA_IMAGE_URL);
  g_assert_cmpuint (caps.duration_min, ==, 3);
  g_assert_cmpuint (caps.duration_max, ==, 15);
}

static void
test_build_t2v (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body, *extends;

  kinema_request_set_quality (r, KINEMA_QUALITY_PRO);
  kinema_request_set_aspect (r, KINEMA_ASPECT_9_16);
  kinema_request_set_audio (r, TRUE);
  kinema_request_set_cfg_scale (r, 0.25);
  kinema_request_set_negative_prompt (r, "blurry, text");

  call = D->build_submit (cfg, "lm-secret", r, NULL, "job-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->method, ==, "POST");
  g_assert_cmpstr (call->url, ==, "https://api.linkmodel.ai/api/v1/video-generation");
  g_assert_cmpstr (kinema_http_call_get_header (call, "authorization"), ==, "Bearer lm-secret");
  g_assert_cmpstr (kinema_http_call_get_header (call, "CONTENT-TYPE"), ==, "application/json");

  body = body_of (call);
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "kling-v3");
  g_assert_cmpstr (json_object_get_string_member (body, "prompt"), ==, "A red fox trots across a snowy meadow at dawn");
  g_assert_cmpstr (json_object_get_string_member (body, "resolution"), ==, "1080P");
  g_assert_cmpint (member_type (body, "duration"), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (body, "duration"), ==, 8);
  g_assert_cmpstr (json_object_get_string_member (body, "size"), ==, "9x16");
  g_assert_false (json_object_has_member (body, "first_frame_image"));
  g_assert_false (json_object_has_member (body, "mode"));
  g_assert_false (json_object_has_member (body, "aspect_ratio"));

  /* extends: nested AND dotted, same values */
  g_assert_cmpint (member_type (body, "extends"), ==, JSON_TYPE_OBJECT);
  extends = json_object_get_object_member (body, "extends");
  g_assert_cmpint (member_type (extends, "audio"), ==, G_TYPE_BOOLEAN);
  g_assert_true (json_object_get_boolean_member (extends, "audio"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (extends, "cfg_scale"), 0.25, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (extends, "negative_prompt"), ==, "blurry, text");
  g_assert_cmpint (member_type (body, "extends.audio"), ==, G_TYPE_BOOLEAN);
  g_assert_true (json_object_get_boolean_member (body, "extends.audio"));
  g_assert_cmpint (member_type (body, "extends.cfg_scale"), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "extends.cfg_scale"), 0.25, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (body, "extends.negative_prompt"), ==, "blurry, text");
}

static void
test_build_defaults (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  call = D->build_submit (cfg, KINEMA_API_KEY_PLACEHOLDER, r, NULL, NULL, &error);
  g_assert_no_error (error);
  body = body_of (call);
  g_assert_cmpstr (json_object_get_string_member (body, "resolution"), ==, "720P");
  g_assert_cmpstr (json_object_get_string_member (body, "size"), ==, "16x9");
  g_assert_false (json_object_get_boolean_member (body, "extends.audio"));
  /* no empty negative prompt on the wire */
  g_assert_false (json_object_has_member (body, "extends.negative_prompt"));
  g_assert_cmpstr (kinema_http_call_get_header (call, "Authorization"), ==, "Bearer $KINEMA_API_KEY");
}

static void
test_build_i2v (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, "https://cdn.example.com/fox-start.jpg");
  kinema_request_set_last_frame (r, "https://cdn.example.com/fox-end.jpg");

  call = D->build_submit (cfg, "k", r, NULL, NULL, &error);
  g_assert_no_error (error);
  body = body_of (call);
  g_assert_cmpstr (json_object_get_string_member (body, "first_frame_image"), ==, "https://cdn.example.com/fox-start.jpg");
  g_assert_cmpstr (json_object_get_string_member (body, "last_frame_image"), ==, "https://cdn.example.com/fox-end.jpg");
  g_assert_false (json_object_has_member (body, "size"));
}

static void
test_build_local_file (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, "/home/me/fox.png");

  call = D->build_submit (cfg, "k", r, NULL, NULL, &error);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_assert_nonnull (strstr (error->message, "/home/me/fox.png"));
  g_assert_null (call);
  g_clear_error (&error);

  /* If the glue mapped it (e.g. an upload), the mapping is sent. */
  g_hash_table_insert (images, g_strdup ("/home/me/fox.png"), g_strdup ("https://up.example/fox.png"));
  call = D->build_submit (cfg, "k", r, images, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (body_of (call), "first_frame_image"), ==, "https://up.example/fox.png");
}

static void
expect_build_refused (KinemaRequest *r,
                      const char    *field)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(GError) error = NULL;
  KinemaHttpCall *call;

  call = D->build_submit (cfg, "k", r, NULL, NULL, &error);
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
  expect_build_refused (r, "multi_shot");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_mode (r, KINEMA_MODE_REFERENCE);
  kinema_request_add_reference_image (r, "https://a/b.png");
  expect_build_refused (r, "mode");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_add_element (r, "hero", "a hero", imgs);
  expect_build_refused (r, "elements");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_watermark (r, TRUE);
  expect_build_refused (r, "watermark");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_prompt (r, "");
  expect_build_refused (r, "prompt");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_duration (r, 20);
  expect_build_refused (r, "duration");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  expect_build_refused (r, "first_frame");
  g_object_unref (r);
}

static KinemaTaskStatus *
parse_submit (guint        http,
              const char  *body,
              GError     **error)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();

  return D->parse_submit (cfg, http, body, body ? strlen (body) : 0, error);
}

static KinemaTaskStatus *
parse_poll (guint        http,
            const char  *body,
            GError     **error)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();

  return D->parse_poll (cfg, http, body, body ? strlen (body) : 0, error);
}

static void
test_parse_submit_ok (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) st = NULL;

  st = parse_submit (200,
                     "{\"code\":0,\"data\":{\"task_id\":\"cb6111cf-e89f-4978-b8e3-aa59c21cceff\","
                     "\"order_id\":\"019da9cf\",\"status\":\"processing\",\"price\":0.074},"
                     "\"msg\":\"success\",\"request_id\":\"250b66dd\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (st->task_id, ==, "cb6111cf-e89f-4978-b8e3-aa59c21cceff");
  g_assert_cmpint (st->state, ==, KINEMA_TASK_RUNNING);
  g_assert_cmpfloat_with_epsilon (st->price, 0.074, 1e-9);
  g_assert_cmpint (st->progress, ==, -1);
}

typedef struct
{
  guint            http;
  const char      *body;
  KinemaErrorCode  code;
  const char      *needle;   /* must appear in the message */
} ErrorCase;

static void
test_parse_submit_errors (void)
{
  static const ErrorCase cases[] = {
    { 401, "{\"code\":401,\"data\":{},\"msg\":\"invalid api key\",\"request_id\":\"x\"}",
      KINEMA_ERROR_AUTH, "LinkModel API key is missing or invalid." },
    { 400, "{\"code\":400,\"msg\":\"task_id is required\",\"request_id\":\"x\"}",
      KINEMA_ERROR_INVALID_PARAMETER, "Request rejected by LinkModel: task_id is required" },
    { 500, "{\"code\":500,\"msg\":\"create task failed: billing: code=100601: insufficient balance\"}",
      KINEMA_ERROR_BALANCE, "LinkModel balance is too low; top up." },
    { 500, "{\"code\":500,\"msg\":\"create task failed: billing: code=100601\"}",
      KINEMA_ERROR_BALANCE, "top up" },
    { 500, "{\"code\":500,\"msg\":\"create task failed: upstream\"}",
      KINEMA_ERROR_SERVER, "LinkModel server error; try again later" },
    /* code != 0 is an error whatever the HTTP status */
    { 200, "{\"code\":401,\"msg\":\"invalid api key\"}", KINEMA_ERROR_AUTH, "API key" },
    { 200, "{\"code\":400,\"message\":\"size must be one of 16x9, 9x16, 1x1\"}",
      KINEMA_ERROR_INVALID_PARAMETER, "size must be one of" },
    { 429, "{\"code\":429,\"msg\":\"slow down\"}", KINEMA_ERROR_RATE_LIMIT, "Too many requests" },
    { 502, "<html>bad gateway</html>", KINEMA_ERROR_SERVER, "LinkModel" },
    { 401, "", KINEMA_ERROR_AUTH, "API key" },
    /* a 2xx that cannot be read may still have created a paid task */
    { 200, "{\"code\":0,\"data\":{\"task", KINEMA_ERROR_UNKNOWN_OUTCOME, "retry" },
    { 200, "{\"code\":0,\"data\":{}}", KINEMA_ERROR_UNKNOWN_OUTCOME, "LinkModel" },
    { 200, "[1,2]", KINEMA_ERROR_UNKNOWN_OUTCOME, "LinkModel" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaTaskStatus) st = parse_submit (cases[i].http, cases[i].body, &error);

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
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;

  call = D->build_poll (cfg, "k", "cb6111cf-e89f", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->method, ==, "GET");
  g_assert_cmpstr (call->url, ==, "https://api.linkmodel.ai/api/v1/query/video-generation?task_id=cb6111cf-e89f");
  g_assert_cmpstr (kinema_http_call_get_header (call, "Authorization"), ==, "Bearer k");
  g_assert_null (call->body);
  kinema_http_call_free (g_steal_pointer (&call));

  call = D->build_poll (cfg, "k", "a b&c", NULL, &error);
  g_assert_cmpstr (call->url, ==, "https://api.linkmodel.ai/api/v1/query/video-generation?task_id=a%20b%26c");
}

static void
test_parse_poll_states (void)
{
  static const struct { const char *status; KinemaTaskState state; } cases[] = {
    { "processing", KINEMA_TASK_RUNNING },
    { "Processing", KINEMA_TASK_RUNNING },
    { "Rendering", KINEMA_TASK_RUNNING },   /* unknown: keep polling */
    { "", KINEMA_TASK_RUNNING },
    { "Cancelled", KINEMA_TASK_CANCELLED },
    { "Failed", KINEMA_TASK_FAILED },
    { "Success", KINEMA_TASK_SUCCEEDED },
    { "SUCCESS", KINEMA_TASK_SUCCEEDED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaTaskStatus) st = NULL;
      g_autofree char *body = g_strdup_printf (
        "{\"code\":0,\"data\":{\"task_id\":\"t1\",\"prompt\":\"p\",\"file_url\":\"https://cdn.example.com/out.mp4\","
        "\"first_frame_image\":\"\",\"last_frame_image\":\"\",\"model\":\"kling-v3\",\"duration\":8,"
        "\"metadata\":\"…\",\"msg\":\"\",\"status\":\"%s\"},\"message\":\"success\",\"request_id\":\"r\"}",
        cases[i].status);

      st = parse_poll (200, body, &error);
      g_assert_no_error (error);
      g_assert_cmpint (st->state, ==, cases[i].state);
      g_assert_cmpstr (st->task_id, ==, "t1");
      if (st->state == KINEMA_TASK_SUCCEEDED)
        g_assert_cmpstr (st->video_url, ==, "https://cdn.example.com/out.mp4");
      if (st->state == KINEMA_TASK_FAILED)
        g_assert_error (st->error, KINEMA_ERROR, KINEMA_ERROR_GENERATION_FAILED);
    }
}

static void
test_parse_poll_failures (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) st = NULL;

  st = parse_poll (200, "{\"code\":0,\"data\":{\"task_id\":\"t\",\"status\":\"Failed\",\"msg\":\"the frame is too dark\"},\"message\":\"success\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (st->state, ==, KINEMA_TASK_FAILED);
  g_assert_error (st->error, KINEMA_ERROR, KINEMA_ERROR_GENERATION_FAILED);
  g_assert_nonnull (strstr (st->error->message, "the frame is too dark"));
  kinema_task_status_free (g_steal_pointer (&st));

  st = parse_poll (200, "{\"code\":0,\"data\":{\"task_id\":\"t\",\"status\":\"Failed\",\"msg\":\"content moderation rejected the prompt\"}}", &error);
  g_assert_error (st->error, KINEMA_ERROR, KINEMA_ERROR_CONTENT_POLICY);
  kinema_task_status_free (g_steal_pointer (&st));

  /* Success without a URL cannot be downloaded */
  st = parse_poll (200, "{\"code\":0,\"data\":{\"task_id\":\"t\",\"status\":\"Success\",\"file_url\":\"\"}}", &error);
  g_assert_cmpint (st->state, ==, KINEMA_TASK_FAILED);
  g_assert_error (st->error, KINEMA_ERROR, KINEMA_ERROR_SERVER);
  kinema_task_status_free (g_steal_pointer (&st));

  st = parse_poll (200, "{\"code\":400,\"message\":\"task_id is required\"}", &error);
  g_assert_null (st);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "task_id is required"));
  g_clear_error (&error);

  st = parse_poll (404, "{\"code\":404,\"message\":\"task not found\"}", &error);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  st = parse_poll (401, "{\"code\":401,\"data\":{},\"message\":\"invalid api key\"}", &error);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
  g_clear_error (&error);

  st = parse_poll (200, "not json", &error);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER);
  g_clear_error (&error);
}

static void
test_poll_schedule (void)
{
  g_assert_nonnull (D->next_poll_delay);
  g_assert_cmpint (D->next_poll_delay (0, 0), ==, 30);
  g_assert_cmpint (D->next_poll_delay (1, 30), ==, 5);
  g_assert_cmpint (D->next_poll_delay (10, 119), ==, 5);
  g_assert_cmpint (D->next_poll_delay (20, 120), ==, 3);
  g_assert_cmpint (D->next_poll_delay (50, 239), ==, 3);
  g_assert_cmpint (D->next_poll_delay (60, 240), ==, 8);
  g_assert_cmpint (D->next_poll_delay (80, 479), ==, 8);
  g_assert_cmpint (D->next_poll_delay (90, 480), ==, 15);
  g_assert_cmpint (D->next_poll_delay (99, 899), ==, 15);
  g_assert_cmpint (D->next_poll_delay (100, 900), <, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dialect/linkmodel/lookup", test_lookup);
  g_test_add_func ("/dialect/linkmodel/capabilities", test_capabilities);
  g_test_add_func ("/dialect/linkmodel/build/t2v", test_build_t2v);
  g_test_add_func ("/dialect/linkmodel/build/defaults", test_build_defaults);
  g_test_add_func ("/dialect/linkmodel/build/i2v", test_build_i2v);
  g_test_add_func ("/dialect/linkmodel/build/local-file", test_build_local_file);
  g_test_add_func ("/dialect/linkmodel/build/refusals", test_build_refusals);
  g_test_add_func ("/dialect/linkmodel/submit/ok", test_parse_submit_ok);
  g_test_add_func ("/dialect/linkmodel/submit/errors", test_parse_submit_errors);
  g_test_add_func ("/dialect/linkmodel/poll/build", test_build_poll);
  g_test_add_func ("/dialect/linkmodel/poll/states", test_parse_poll_states);
  g_test_add_func ("/dialect/linkmodel/poll/failures", test_parse_poll_failures);
  g_test_add_func ("/dialect/linkmodel/poll/schedule", test_poll_schedule);

  return g_test_run ();
}
