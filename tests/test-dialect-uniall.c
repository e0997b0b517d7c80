/* test-dialect-uniall.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * UniAll's pure build/parse functions (providers.md §5, seed 004).
 */
#include "config.h"

#include <string.h>

#include "kinema-dialect-util.h"
#include "kinema-dialects-private.h"
#include "kinema-error.h"

static const KinemaDialect *D = &kinema_dialect_uniall;

static KinemaProviderConfig *
make_cfg (void)
{
  return kinema_provider_config_new ("uniall", "UniAll", "uniall", NULL,
                                     "https://api.uniall.ai", "kling-v3");
}

static KinemaRequest *
make_t2v (void)
{
  KinemaRequest *r = kinema_request_new ();

  kinema_request_set_prompt (r, "A traveler walks through dusty desert ruins");
  kinema_request_set_duration (r, 6);
  return r;
}

static JsonObject *
build_ok (KinemaRequest   *r,
          KinemaHttpCall **call_out)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(GError) error = NULL;
  KinemaHttpCall *call = D->build_submit (cfg, "sk-u", r, NULL, "job", &error);

  g_assert_no_error (error);
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

static void
test_capabilities (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  KinemaCapabilities caps;

  D->init_capabilities (cfg, &caps);
  g_assert_cmpint (caps.resolution_via, ==, KINEMA_RESOLUTION_VIA_MODEL);
  g_assert_true (caps.multi_shot_intelligence);
  g_assert_cmpuint (caps.max_shots, ==, 6);
  g_assert_true (caps.reports_progress);
  g_assert_false (caps.watermark);
  g_assert_cmpuint (caps.max_reference_images, ==, 0);
  g_assert_false (caps.modes & (1u << KINEMA_MODE_REFERENCE));
  g_assert_cmpuint (caps.image_transports, ==, KINEMA_IMAGE_URL);
}

static void
test_model_ids (void)
{
  static const struct { KinemaQuality q; gboolean audio; const char *model; } cases[] = {
    { KINEMA_QUALITY_STD, FALSE, "kling-v3-std-silent" },
    { KINEMA_QUALITY_STD, TRUE, "kling-v3-std-audio" },
    { KINEMA_QUALITY_PRO, FALSE, "kling-v3-pro-silent" },
    { KINEMA_QUALITY_PRO, TRUE, "kling-v3-pro-audio" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KinemaRequest) r = make_t2v ();
      g_autoptr(KinemaHttpCall) call = NULL;
      JsonObject *body;

      kinema_request_set_quality (r, cases[i].q);
      kinema_request_set_audio (r, cases[i].audio);
      body = build_ok (r, &call);
      g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, cases[i].model);
      g_assert_false (json_object_has_member (body, "mode"));
      g_assert_false (json_object_has_member (body, "sound"));
      g_assert_false (json_object_has_member (body, "audio"));
    }
}

static void
test_build_t2v (void)
{
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  JsonObject *body, *extra;

  kinema_request_set_negative_prompt (r, "blur, low detail");
  kinema_request_set_cfg_scale (r, 0.6);
  kinema_request_set_aspect (r, KINEMA_ASPECT_9_16);
  body = build_ok (r, &call);

  g_assert_cmpstr (call->method, ==, "POST");
  g_assert_cmpstr (call->url, ==, "https://api.uniall.ai/v1/video/generations");
  g_assert_cmpstr (kinema_http_call_get_header (call, "Authorization"), ==, "Bearer sk-u");
  g_assert_cmpstr (json_object_get_string_member (body, "prompt"), ==, "A traveler walks through dusty desert ruins");
  g_assert_cmpstr (json_object_get_string_member (body, "aspect_ratio"), ==, "9:16");
  g_assert_cmpint (member_type (body, "duration"), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (body, "duration"), ==, 6);
  g_assert_cmpint (member_type (body, "extra_body"), ==, JSON_TYPE_OBJECT);
  extra = json_object_get_object_member (body, "extra_body");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (extra, "cfg_scale"), 0.6, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (extra, "negative_prompt"), ==, "blur, low detail");
  g_assert_false (json_object_has_member (extra, "shot_type"));
  /* never the dotted spelling */
  g_assert_false (json_object_has_member (body, "extra_body.cfg_scale"));
  g_assert_false (json_object_has_member (body, "negative_prompt"));
}

static void
test_build_frames (void)
{
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  JsonObject *body;

  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, "https://cdn.example.com/first.png");
  kinema_request_set_last_frame (r, "https://cdn.example.com/last.png");
  body = build_ok (r, &call);
  g_assert_cmpstr (json_object_get_string_member (body, "image"), ==, "https://cdn.example.com/first.png");
  g_assert_cmpstr (json_object_get_string_member (body, "last_image"), ==, "https://cdn.example.com/last.png");
  g_assert_false (json_object_has_member (body, "image_tail"));
}

static void
test_build_intelligence (void)
{
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  JsonObject *body, *extra;

  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, "https://cdn.example.com/start.png");
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_INTELLIGENCE);
  body = build_ok (r, &call);
  extra = json_object_get_object_member (body, "extra_body");
  /* seed spelling, not the official "intelligence" */
  g_assert_cmpstr (json_object_get_string_member (extra, "shot_type"), ==, "intelligent");
  g_assert_cmpstr (json_object_get_string_member (body, "prompt"), ==, "A traveler walks through dusty desert ruins");
}

static void
test_build_customize_image (void)
{
  g_autoptr(KinemaRequest) r = make_t2v ();
  g_autoptr(KinemaHttpCall) call = NULL;
  JsonObject *body, *extra, *shot;
  JsonArray *shots;

  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, "https://cdn.example.com/start.png");
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (r, 2, "She opens the notebook");
  kinema_request_add_shot (r, 4, "She writes, pausing to think");
  body = build_ok (r, &call);

  /* seed: in image mode, prompt must not come with multi_prompt */
  g_assert_false (json_object_has_member (body, "prompt"));
  extra = json_object_get_object_member (body, "extra_body");
  g_assert_cmpstr (json_object_get_string_member (extra, "shot_type"), ==, "customize");
  shots = json_object_get_array_member (extra, "multi_prompt");
  g_assert_cmpuint (json_array_get_length (shots), ==, 2);
  shot = json_array_get_object_element (shots, 0);
  g_assert_cmpint (json_object_get_int_member (shot, "index"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (shot, "prompt"), ==, "She opens the notebook");
  g_assert_cmpint (member_type (shot, "duration"), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (shot, "duration"), ==, 2);
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
  kinema_request_set_mode (r, KINEMA_MODE_REFERENCE);
  kinema_request_add_reference_image (r, "https://a/b.png");
  expect_refused (r, "mode");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_add_element (r, "hero", "a hero", imgs);
  expect_refused (r, "elements");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_watermark (r, TRUE);
  expect_refused (r, "watermark");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, "/home/me/local.png");
  expect_refused (r, "first_frame");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_duration (r, 2);
  expect_refused (r, "duration");
  g_object_unref (r);

  r = make_t2v ();
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (r, 2, "too short in total");
  expect_refused (r, "shots");
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
test_build_poll (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(KinemaHttpCall) call = D->build_poll (cfg, "sk", "task_xxx", NULL, NULL);

  g_assert_cmpstr (call->method, ==, "GET");
  g_assert_cmpstr (call->url, ==, "https://api.uniall.ai/v1/videos/task_xxx");
  g_assert_cmpstr (kinema_http_call_get_header (call, "Authorization"), ==, "Bearer sk");
}

static void
test_parse_submit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) st = NULL;

  st = parse (FALSE, 200, "{\"id\":\"task_xxx\",\"task_id\":\"task_xxx\",\"object\":\"video.generation.job\","
                          "\"model\":\"kling-v3-pro-audio\",\"status\":\"queued\",\"progress\":0}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (st->task_id, ==, "task_xxx");
  g_assert_cmpint (st->state, ==, KINEMA_TASK_QUEUED);
  g_assert_cmpint (st->progress, ==, 0);
  kinema_task_status_free (g_steal_pointer (&st));

  st = parse (FALSE, 200, "{\"task_id\":\"only_task_id\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (st->task_id, ==, "only_task_id");
}

static void
test_parse_poll (void)
{
  static const struct {
    const char *body;
    KinemaTaskState state;
    int progress;
    const char *url;
  } cases[] = {
    { "{\"id\":\"t\",\"status\":\"queued\",\"progress\":0}", KINEMA_TASK_QUEUED, 0, NULL },
    { "{\"id\":\"t\",\"status\":\"pending\"}", KINEMA_TASK_QUEUED, -1, NULL },
    { "{\"id\":\"t\",\"status\":\"in_progress\",\"progress\":37}", KINEMA_TASK_RUNNING, 37, NULL },
    { "{\"id\":\"t\",\"status\":\"processing\",\"progress\":\"55\"}", KINEMA_TASK_RUNNING, 55, NULL },
    { "{\"id\":\"t\",\"status\":\"rendering\"}", KINEMA_TASK_RUNNING, -1, NULL },
    { "{\"id\":\"task_xxx\",\"task_id\":\"task_xxx\",\"object\":\"video.generation.job\",\"model\":\"kling-v3-pro-audio\","
      "\"status\":\"completed\",\"progress\":100,\"video_url\":\"https://example.com/output.mp4\"}",
      KINEMA_TASK_SUCCEEDED, 100, "https://example.com/output.mp4" },
    { "{\"id\":\"t\",\"status\":\"completed\",\"url\":\"https://example.com/u.mp4\"}", KINEMA_TASK_SUCCEEDED, 100, "https://example.com/u.mp4" },
    { "{\"id\":\"t\",\"status\":\"completed\",\"metadata\":{\"url\":\"https://example.com/m.mp4\"}}", KINEMA_TASK_SUCCEEDED, 100, "https://example.com/m.mp4" },
    { "{\"id\":\"t\",\"status\":\"cancelled\"}", KINEMA_TASK_CANCELLED, -1, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaTaskStatus) st = parse (TRUE, 200, cases[i].body, &error);

      g_test_message ("case %u: %s", i, cases[i].body);
      g_assert_no_error (error);
      g_assert_cmpint (st->state, ==, cases[i].state);
      g_assert_cmpint (st->progress, ==, cases[i].progress);
      g_assert_cmpstr (st->video_url, ==, cases[i].url);
    }
}

static void
test_parse_failures (void)
{
  static const struct {
    gboolean poll;
    guint http;
    const char *body;
    KinemaErrorCode code;
    const char *needle;
    gboolean in_status;   /* a FAILED status rather than a GError */
  } cases[] = {
    { TRUE, 200, "{\"id\":\"t\",\"status\":\"failed\",\"error\":{\"message\":\"upstream generation error\"}}",
      KINEMA_ERROR_GENERATION_FAILED, "upstream generation error", TRUE },
    { TRUE, 200, "{\"id\":\"t\",\"status\":\"failed\",\"error\":{\"message\":\"image failed content moderation\"}}",
      KINEMA_ERROR_CONTENT_POLICY, "moderation", TRUE },
    { TRUE, 200, "{\"id\":\"t\",\"status\":\"expired\"}", KINEMA_ERROR_GENERATION_FAILED, "expired", TRUE },
    { TRUE, 200, "{\"id\":\"t\",\"status\":\"completed\"}", KINEMA_ERROR_SERVER, "no video URL", TRUE },
    { FALSE, 401, "{\"error\":{\"message\":\"invalid key\",\"type\":\"auth\",\"code\":\"invalid_api_key\"}}",
      KINEMA_ERROR_AUTH, "UniAll API key is missing or invalid.", FALSE },
    { FALSE, 400, "{\"error\":{\"message\":\"prompt and multi_prompt cannot both be set in image mode\",\"type\":\"invalid_request_error\"}}",
      KINEMA_ERROR_INVALID_PARAMETER, "Request rejected by UniAll: prompt and multi_prompt", FALSE },
    { FALSE, 402, "{\"error\":{\"message\":\"payment required\"}}", KINEMA_ERROR_BALANCE, "UniAll balance is too low", FALSE },
    { FALSE, 429, "{\"error\":{\"message\":\"slow down\"}}", KINEMA_ERROR_RATE_LIMIT, "UniAll", FALSE },
    { FALSE, 500, "{\"error\":{\"message\":\"internal\"}}", KINEMA_ERROR_SERVER, "UniAll server error", FALSE },
    { FALSE, 200, "not json", KINEMA_ERROR_UNKNOWN_OUTCOME, "UniAll", FALSE },
    { FALSE, 200, "{\"object\":\"video.generation.job\"}", KINEMA_ERROR_UNKNOWN_OUTCOME, "task id", FALSE },
    { TRUE, 404, "{\"error\":{\"message\":\"task not found\"}}", KINEMA_ERROR_NOT_FOUND, "task not found", FALSE },
    { TRUE, 502, "Bad Gateway", KINEMA_ERROR_SERVER, "UniAll", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaTaskStatus) st = parse (cases[i].poll, cases[i].http, cases[i].body, &error);
      const GError *e;

      g_test_message ("case %u: %s", i, cases[i].body);
      if (cases[i].in_status)
        {
          g_assert_no_error (error);
          g_assert_cmpint (st->state, ==, KINEMA_TASK_FAILED);
          e = st->error;
        }
      else
        {
          g_assert_null (st);
          e = error;
        }
      g_assert_error (e, KINEMA_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (e->message, cases[i].needle));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dialect/uniall/capabilities", test_capabilities);
  g_test_add_func ("/dialect/uniall/build/model-ids", test_model_ids);
  g_test_add_func ("/dialect/uniall/build/t2v", test_build_t2v);
  g_test_add_func ("/dialect/uniall/build/frames", test_build_frames);
  g_test_add_func ("/dialect/uniall/build/intelligence", test_build_intelligence);
  g_test_add_func ("/dialect/uniall/build/customize-image", test_build_customize_image);
  g_test_add_func ("/dialect/uniall/build/refusals", test_build_refusals);
  g_test_add_func ("/dialect/uniall/poll/build", test_build_poll);
  g_test_add_func ("/dialect/uniall/submit/parse", test_parse_submit);
  g_test_add_func ("/dialect/uniall/poll/parse", test_parse_poll);
  g_test_add_func ("/dialect/uniall/failures", test_parse_failures);

  return g_test_run ();
}
