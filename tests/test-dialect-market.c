/* test-dialect-market.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "market" dialect as pure functions, in both profiles: seed 003's
 * gateway and kie.ai.
 */
#include "config.h"

#include <string.h>

#include "kinema-dialect-market.h"
#include "kinema-error.h"

#define SEED_BASE "https://gateway.example.test"
#define KEY       "mk-123"

/* Helpers */

static KinemaProviderConfig *
seed_cfg (void)
{
  return kinema_provider_config_new ("market", "Market", "market", "seed003", SEED_BASE, NULL);
}

static KinemaProviderConfig *
kie_cfg (void)
{
  return kinema_provider_config_new ("kie", "kie.ai", "market", "kie", NULL, NULL);
}

static GHashTable *
make_images (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static JsonObject *
input_of (KinemaHttpCall *call)
{
  JsonObject *root;

  g_assert_nonnull (call);
  g_assert_nonnull (call->body);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (call->body));
  root = json_node_get_object (call->body);
  g_assert_true (json_object_has_member (root, "input"));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "input")));
  return json_object_get_object_member (root, "input");
}

static GType
member_type (JsonObject *obj,
             const char *name)
{
  JsonNode *node = json_object_get_member (obj, name);

  if (node == NULL)
    g_error ("member “%s” missing", name);
  if (JSON_NODE_HOLDS_OBJECT (node))
    return JSON_TYPE_OBJECT;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return JSON_TYPE_ARRAY;
  return json_node_get_value_type (node);
}

static void
assert_string_member (JsonObject *obj,
                      const char *name,
                      const char *value)
{
  g_assert_cmpint (member_type (obj, name), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (obj, name), ==, value);
}

static void
assert_bool_member (JsonObject *obj,
                    const char *name,
                    gboolean    value)
{
  g_assert_cmpint (member_type (obj, name), ==, G_TYPE_BOOLEAN);
  g_assert_cmpint (json_object_get_boolean_member (obj, name), ==, value);
}

static void
assert_strings (JsonArray  *array,
                const char *first,
                ...)
{
  va_list args;
  const char *s = first;
  guint i = 0;

  va_start (args, first);
  for (; s != NULL; s = va_arg (args, const char *), i++)
    {
      JsonNode *node;

      g_assert_cmpuint (i, <, json_array_get_length (array));
      node = json_array_get_element (array, i);
      g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
      g_assert_cmpstr (json_node_get_string (node), ==, s);
    }
  va_end (args);
  g_assert_cmpuint (i, ==, json_array_get_length (array));
}

static KinemaHttpCall *
build (KinemaProviderConfig  *cfg,
       KinemaRequest         *request,
       GHashTable            *images,
       GError               **error)
{
  return kinema_dialect_market.build_submit (cfg, KEY, request, images, "job-1", error);
}

/* seed003 bodies */

static void
test_seed_text (void)
{
  g_autoptr(KinemaProviderConfig) cfg = seed_cfg ();
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root, *input;

  kinema_request_set_prompt (request, "A red fox trots across a meadow");
  kinema_request_set_duration (request, 8);
  kinema_request_set_quality (request, KINEMA_QUALITY_PRO);
  kinema_request_set_aspect (request, KINEMA_ASPECT_9_16);
  kinema_request_set_negative_prompt (request, "not sent");
  kinema_request_set_watermark (request, TRUE);

  call = build (cfg, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->method, ==, "POST");
  g_assert_cmpstr (call->url, ==, SEED_BASE "/api/v1/jobs/createTask");
  g_assert_cmpstr (kinema_http_call_get_header (call, "x-api-key"), ==, KEY);
  g_assert_null (kinema_http_call_get_header (call, "Authorization"));
  g_assert_cmpstr (kinema_http_call_get_header (call, "Content-Type"), ==, "application/json");

  root = json_node_get_object (call->body);
  assert_string_member (root, "model", "kling/v3");
  g_assert_false (json_object_has_member (root, "callBackUrl"));
  g_assert_cmpuint (json_object_get_size (root), ==, 2);

  input = input_of (call);
  assert_string_member (input, "prompt", "A red fox trots across a meadow");
  assert_bool_member (input, "multi_shots", FALSE);
  g_assert_false (json_object_has_member (input, "shot_type"));
  g_assert_false (json_object_has_member (input, "multi_prompt"));
  assert_bool_member (input, "audio", FALSE);
  assert_string_member (input, "mode", "pro");
  assert_string_member (input, "duration", "8");
  assert_string_member (input, "aspect_ratio", "9:16");
  g_assert_false (json_object_has_member (input, "img_urls"));
  g_assert_false (json_object_has_member (input, "negative_prompt"));
  g_assert_false (json_object_has_member (input, "cfg_scale"));
  g_assert_false (json_object_has_member (input, "watermark_info"));
  g_assert_false (json_object_has_member (input, "sound"));
}

static void
test_seed_model_and_placeholder (void)
{
  g_autoptr(KinemaProviderConfig) cfg = kinema_provider_config_new ("m", NULL, "market", NULL, SEED_BASE "/", "kling/v3-beta");
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;

  kinema_request_set_prompt (request, "x");
  call = kinema_dialect_market.build_submit (cfg, KINEMA_API_KEY_PLACEHOLDER, request, NULL, NULL, NULL);
  /* profile NULL is seed003 */
  g_assert_cmpstr (kinema_http_call_get_header (call, "x-api-key"), ==, "$KINEMA_API_KEY");
  g_assert_cmpstr (call->url, ==, SEED_BASE "/api/v1/jobs/createTask");
  assert_string_member (json_node_get_object (call->body), "model", "kling/v3-beta");
}

static void
test_seed_image (void)
{
  g_autoptr(KinemaProviderConfig) cfg = seed_cfg ();
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) first = NULL;
  g_autoptr(KinemaHttpCall) both = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *input;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "The fox lifts its head");
  kinema_request_set_first_frame (request, "https://cdn.example.com/fox.jpg");
  kinema_request_set_audio (request, TRUE);

  first = build (cfg, request, NULL, &error);
  g_assert_no_error (error);
  input = input_of (first);
  assert_strings (json_object_get_array_member (input, "img_urls"), "https://cdn.example.com/fox.jpg", NULL);
  g_assert_false (json_object_has_member (input, "aspect_ratio"));
  assert_bool_member (input, "audio", TRUE);
  g_assert_false (json_object_has_member (input, "image_urls"));

  kinema_request_set_last_frame (request, "https://cdn.example.com/end.jpg");
  both = build (cfg, request, NULL, &error);
  g_assert_no_error (error);
  input = input_of (both);
  assert_strings (json_object_get_array_member (input, "img_urls"),
                  "https://cdn.example.com/fox.jpg", "https://cdn.example.com/end.jpg", NULL);
}

static void
test_seed_image_errors (void)
{
  g_autoptr(KinemaProviderConfig) cfg = seed_cfg ();
  g_autoptr(KinemaProviderConfig) no_base = kinema_provider_config_new ("m", "Mystery", "market", "seed003", NULL, NULL);
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GHashTable) images = make_images ();
  g_autoptr(KinemaHttpCall) uploaded = NULL;
  g_autoptr(GError) error = NULL;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "x");
  kinema_request_set_first_frame (request, "/home/u/fox.jpg");

  /* A local file, no upload endpoint: URLs only. */
  g_assert_null (build (cfg, request, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "URL"));
  g_clear_error (&error);

  /* ... unless the glue put a URL for it in the map. */
  g_hash_table_insert (images, g_strdup ("/home/u/fox.jpg"), g_strdup ("https://files.example/fox.jpg"));
  uploaded = build (cfg, request, images, &error);
  g_assert_no_error (error);
  assert_strings (json_object_get_array_member (input_of (uploaded), "img_urls"), "https://files.example/fox.jpg", NULL);

  /* Exactly one image in multi-shot. */
  kinema_request_set_last_frame (request, "https://cdn.example.com/end.jpg");
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  g_assert_null (build (cfg, request, images, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_clear_error (&error);

  /* No reference mode. */
  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_NONE);
  kinema_request_add_reference_image (request, "https://cdn.example.com/r.png");
  g_assert_null (build (cfg, request, images, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_clear_error (&error);

  /* seed003's host is unknown: it must be configured. */
  kinema_request_set_mode (request, KINEMA_MODE_TEXT);
  g_assert_null (build (no_base, request, images, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "Mystery"));
}

static void
test_seed_multi_shot_customize (void)
{
  g_autoptr(KinemaProviderConfig) cfg = seed_cfg ();
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *input;
  JsonArray *shots;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "https://cdn.example.com/hero.png");
  kinema_request_set_prompt (request, "not sent in customize");
  kinema_request_set_duration (request, 10);
  kinema_request_set_audio (request, FALSE);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 4, "@hero walks into a neon-lit alley");
  kinema_request_add_shot (request, 6, "@hero looks up, close-up");

  call = build (cfg, request, NULL, &error);
  g_assert_no_error (error);
  input = input_of (call);
  assert_bool_member (input, "multi_shots", TRUE);
  assert_string_member (input, "shot_type", "customize");
  g_assert_false (json_object_has_member (input, "prompt"));
  /* Forced on in multi-shot. */
  assert_bool_member (input, "audio", TRUE);
  assert_string_member (input, "duration", "10");
  assert_strings (json_object_get_array_member (input, "img_urls"), "https://cdn.example.com/hero.png", NULL);

  shots = json_object_get_array_member (input, "multi_prompt");
  g_assert_cmpuint (json_array_get_length (shots), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *shot = json_array_get_object_element (shots, i);

      g_assert_cmpuint (json_object_get_size (shot), ==, 2);
      g_assert_cmpint (member_type (shot, "prompt"), ==, G_TYPE_STRING);
      g_assert_cmpint (member_type (shot, "duration"), ==, G_TYPE_INT64);
    }
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (shots, 1), "duration"), ==, 6);
  assert_string_member (json_array_get_object_element (shots, 0), "prompt", "@hero walks into a neon-lit alley");
}

static void
test_seed_multi_shot_intelligence (void)
{
  g_autoptr(KinemaProviderConfig) cfg = seed_cfg ();
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  JsonObject *input;

  kinema_request_set_prompt (request, "A heist in three beats");
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  call = build (cfg, request, NULL, NULL);
  input = input_of (call);
  assert_bool_member (input, "multi_shots", TRUE);
  assert_string_member (input, "shot_type", "intelligence");
  assert_string_member (input, "prompt", "A heist in three beats");
  g_assert_false (json_object_has_member (input, "multi_prompt"));
  assert_string_member (input, "aspect_ratio", "16:9");
}

static void
test_seed_elements (void)
{
  const char *hero[] = { "https://cdn.example.com/hero-front.png", "https://cdn.example.com/hero-side.png", NULL };
  const char *cat[] = { "https://cdn.example.com/cat.png", NULL };
  g_autoptr(KinemaProviderConfig) cfg = seed_cfg ();
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *list;
  JsonObject *item;

  kinema_request_set_prompt (request, "@hero pets @cat");
  kinema_request_add_element (request, "hero", "young woman in a yellow raincoat", hero);
  kinema_request_add_element (request, "cat", "", cat);

  call = build (cfg, request, NULL, &error);
  g_assert_no_error (error);
  /* The gateway's own @name syntax is kept. */
  assert_string_member (input_of (call), "prompt", "@hero pets @cat");
  g_assert_false (json_object_has_member (input_of (call), "kling_elements"));
  list = json_object_get_array_member (input_of (call), "element_list");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  item = json_array_get_object_element (list, 0);
  assert_string_member (item, "name", "hero");
  assert_string_member (item, "description", "young woman in a yellow raincoat");
  assert_strings (json_object_get_array_member (item, "element_input_urls"),
                  "https://cdn.example.com/hero-front.png", "https://cdn.example.com/hero-side.png", NULL);
  /* One image is enough on seed 003; an empty description becomes the name. */
  item = json_array_get_object_element (list, 1);
  assert_string_member (item, "description", "cat");
  assert_strings (json_object_get_array_member (item, "element_input_urls"), "https://cdn.example.com/cat.png", NULL);
}

/* kie bodies */

static void
test_kie_body (void)
{
  const char *dog[] = { "https://cdn.example.com/dog1.jpeg", "https://cdn.example.com/dog2.png", NULL };
  g_autoptr(KinemaProviderConfig) cfg = kie_cfg ();
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root, *input, *item;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "A dog runs @element_dog");
  kinema_request_set_first_frame (request, "https://cdn.example.com/start.png");
  kinema_request_set_last_frame (request, "https://cdn.example.com/end.png");
  kinema_request_set_audio (request, TRUE);
  kinema_request_set_quality (request, KINEMA_QUALITY_PRO);
  kinema_request_add_element (request, "element_dog", "dog", dog);

  call = build (cfg, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->url, ==, "https://api.kie.ai/api/v1/jobs/createTask");
  g_assert_cmpstr (kinema_http_call_get_header (call, "Authorization"), ==, "Bearer " KEY);
  g_assert_null (kinema_http_call_get_header (call, "x-api-key"));

  root = json_node_get_object (call->body);
  assert_string_member (root, "model", "kling-3.0/video");
  input = input_of (call);
  assert_string_member (input, "prompt", "A dog runs @element_dog");
  assert_strings (json_object_get_array_member (input, "image_urls"),
                  "https://cdn.example.com/start.png", "https://cdn.example.com/end.png", NULL);
  assert_bool_member (input, "sound", TRUE);
  assert_string_member (input, "duration", "5");
  assert_string_member (input, "mode", "pro");
  assert_bool_member (input, "multi_shots", FALSE);
  g_assert_false (json_object_has_member (input, "img_urls"));
  g_assert_false (json_object_has_member (input, "audio"));
  g_assert_false (json_object_has_member (input, "element_list"));
  g_assert_false (json_object_has_member (input, "shot_type"));
  item = json_array_get_object_element (json_object_get_array_member (input, "kling_elements"), 0);
  assert_string_member (item, "name", "element_dog");
  assert_string_member (item, "description", "dog");
  assert_strings (json_object_get_array_member (item, "element_input_urls"),
                  "https://cdn.example.com/dog1.jpeg", "https://cdn.example.com/dog2.png", NULL);
}

static void
test_kie_multi_shot (void)
{
  g_autoptr(KinemaProviderConfig) cfg = kie_cfg ();
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *input;
  g_autofree char *long_prompt = NULL;

  kinema_request_set_duration (request, 6);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 3, "one");
  kinema_request_add_shot (request, 3, "two");

  call = build (cfg, request, NULL, &error);
  g_assert_no_error (error);
  input = input_of (call);
  assert_bool_member (input, "multi_shots", TRUE);
  g_assert_false (json_object_has_member (input, "shot_type"));
  /* kie keeps the user's choice of sound. */
  assert_bool_member (input, "sound", FALSE);
  g_assert_cmpint (member_type (json_array_get_object_element (json_object_get_array_member (input, "multi_prompt"), 0),
                                "duration"), ==, G_TYPE_INT64);

  /* Stricter limits: ≤5 shots, ≤500 characters per shot prompt. */
  long_prompt = g_strnfill (501, 'a');
  kinema_request_set_shot (request, 0, 3, long_prompt);
  g_assert_null (build (cfg, request, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_clear_error (&error);

  kinema_request_clear_shots (request);
  for (int i = 0; i < 6; i++)
    kinema_request_add_shot (request, 1, "s");
  g_assert_null (build (cfg, request, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_clear_error (&error);

  /* No intelligence on kie. */
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  kinema_request_set_prompt (request, "x");
  g_assert_null (build (cfg, request, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static void
test_kie_element_images (void)
{
  const char *one[] = { "https://cdn.example.com/dog1.jpeg", NULL };
  g_autoptr(KinemaProviderConfig) cfg = kie_cfg ();
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GError) error = NULL;

  kinema_request_set_prompt (request, "@dog");
  kinema_request_add_element (request, "dog", "dog", one);
  g_assert_null (build (cfg, request, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static void
test_kie_local_image_not_uploaded (void)
{
  g_autoptr(KinemaProviderConfig) cfg = kie_cfg ();
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GError) error = NULL;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "/home/u/a.png");
  g_assert_null (build (cfg, request, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "uploaded"));
}

/* Submit and poll answers */

static void
test_parse_submit (void)
{
  const char *ok = "{\"code\":200,\"msg\":\"success\",\"data\":{\"taskId\":\"task_kling-3.0_1765187774173\"}}";
  const char *no_id = "{\"code\":200,\"msg\":\"success\",\"data\":{}}";
  g_autoptr(KinemaProviderConfig) cfg = kie_cfg ();
  g_autoptr(KinemaTaskStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = kinema_dialect_market.parse_submit (cfg, 200, ok, strlen (ok), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status->task_id, ==, "task_kling-3.0_1765187774173");
  g_assert_cmpint (status->state, ==, KINEMA_TASK_QUEUED);
  g_assert_cmpfloat (status->price, <, 0);

  g_assert_null (kinema_dialect_market.parse_submit (cfg, 200, no_id, strlen (no_id), &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_UNKNOWN_OUTCOME);
  g_clear_error (&error);

  g_assert_null (kinema_dialect_market.parse_submit (cfg, 200, "oops", 4, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_UNKNOWN_OUTCOME);
  g_clear_error (&error);

  g_assert_null (kinema_dialect_market.parse_submit (cfg, 502, "<html/>", 7, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER);
}

static void
test_error_codes (void)
{
  struct { int code; KinemaErrorCode expected; const char *words; } rows[] = {
    { 401, KINEMA_ERROR_AUTH, "API key missing or invalid" },
    { 402, KINEMA_ERROR_BALANCE, "Not enough credits" },
    { 404, KINEMA_ERROR_NOT_FOUND, "not found" },
    { 422, KINEMA_ERROR_INVALID_PARAMETER, "Invalid parameters: the server text" },
    { 429, KINEMA_ERROR_RATE_LIMIT, "Too many requests" },
    { 455, KINEMA_ERROR_MAINTENANCE, "maintenance" },
    { 500, KINEMA_ERROR_SERVER, "Server error" },
    { 501, KINEMA_ERROR_GENERATION_FAILED, "Generation failed: the server text" },
    { 505, KINEMA_ERROR_FEATURE_DISABLED, "disabled" },
  };
  KinemaProviderConfig *cfgs[] = { seed_cfg (), kie_cfg () };

  for (guint c = 0; c < G_N_ELEMENTS (cfgs); c++)
    {
      for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
        {
          g_autofree char *json = g_strdup_printf ("{\"code\":%d,\"msg\":\"the server text\",\"data\":null}",
                                                   rows[i].code);
          g_autoptr(GError) under_200 = NULL;
          g_autoptr(GError) under_status = NULL;

          /* The body code decides even under HTTP 200. */
          g_assert_null (kinema_dialect_market.parse_submit (cfgs[c], 200, json, strlen (json), &under_200));
          g_assert_error (under_200, KINEMA_ERROR, (int) rows[i].expected);
          if (strstr (under_200->message, rows[i].words) == NULL)
            g_error ("code %d: “%s” lacks “%s”", rows[i].code, under_200->message, rows[i].words);

          g_assert_null (kinema_dialect_market.parse_submit (cfgs[c], rows[i].code, json, strlen (json), &under_status));
          g_assert_error (under_status, KINEMA_ERROR, (int) rows[i].expected);
        }
      kinema_provider_config_free (cfgs[c]);
    }
}

static void
test_error_message_key (void)
{
  /* kie's recordInfo uses "message" instead of "msg". */
  const char *json = "{\"code\":422,\"message\":\"duration must be a string\"}";
  g_autoptr(KinemaProviderConfig) cfg = kie_cfg ();
  g_autoptr(GError) error = NULL;

  g_assert_null (kinema_dialect_market.parse_poll (cfg, 200, json, strlen (json), &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "duration must be a string"));
}

static void
test_build_poll (void)
{
  g_autoptr(KinemaProviderConfig) seed = seed_cfg ();
  g_autoptr(KinemaProviderConfig) kie = kie_cfg ();
  g_autoptr(KinemaHttpCall) a = NULL;
  g_autoptr(KinemaHttpCall) b = NULL;
  g_autoptr(GError) error = NULL;

  a = kinema_dialect_market.build_poll (seed, KEY, "task_kling/1 2", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->method, ==, "GET");
  g_assert_cmpstr (a->url, ==, SEED_BASE "/api/v1/jobs/recordInfo?taskId=task_kling%2F1%202");
  g_assert_cmpstr (kinema_http_call_get_header (a, "x-api-key"), ==, KEY);
  g_assert_null (a->body);

  b = kinema_dialect_market.build_poll (kie, KEY, "task_1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b->url, ==, "https://api.kie.ai/api/v1/jobs/recordInfo?taskId=task_1");
  g_assert_cmpstr (kinema_http_call_get_header (b, "Authorization"), ==, "Bearer " KEY);

  g_assert_null (kinema_dialect_market.build_poll (kie, KEY, NULL, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static KinemaTaskStatus *
poll (const char  *json,
      guint        http_status,
      GError     **error)
{
  g_autoptr(KinemaProviderConfig) cfg = kie_cfg ();

  return kinema_dialect_market.parse_poll (cfg, http_status, json, strlen (json), error);
}

static void
test_poll_states (void)
{
  struct { const char *state; KinemaTaskState expected; } rows[] = {
    { "waiting", KINEMA_TASK_QUEUED },
    { "queuing", KINEMA_TASK_QUEUED },
    { "generating", KINEMA_TASK_RUNNING },
    { "GENERATING", KINEMA_TASK_RUNNING },
    { "brand-new", KINEMA_TASK_RUNNING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"code\":200,\"message\":\"success\",\"data\":"
                                               "{\"taskId\":\"t\",\"state\":\"%s\",\"resultJson\":\"\"}}",
                                               rows[i].state);
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaTaskStatus) status = poll (json, 200, &error);

      g_assert_no_error (error);
      g_assert_cmpint (status->state, ==, rows[i].expected);
      g_assert_null (status->video_url);
      g_assert_cmpint (status->progress, ==, -1);
    }
}

static void
test_poll_success (void)
{
  const char *json =
    "{\"code\":200,\"message\":\"success\","
    " \"data\":{\"taskId\":\"task_kling-3.0_1765187774173\",\"model\":\"kling-3.0/video\",\"state\":\"success\","
    "  \"param\":\"{\\\"model\\\":\\\"kling-3.0/video\\\"}\","
    "  \"resultJson\":\"{\\\"resultUrls\\\":[\\\"https://tempfile.example/abc.mp4\\\"]}\","
    "  \"failCode\":\"\",\"failMsg\":\"\",\"completeTime\":1698765432000}}";
  const char *object_form =
    "{\"code\":200,\"data\":{\"taskId\":\"t\",\"state\":\"success\","
    "  \"resultJson\":{\"resultUrls\":[\"https://tempfile.example/obj.mp4\"]}}}";
  const char *no_url =
    "{\"code\":200,\"data\":{\"taskId\":\"t\",\"state\":\"success\",\"resultJson\":\"{\\\"resultUrls\\\":[]}\"}}";
  const char *bad_json =
    "{\"code\":200,\"data\":{\"taskId\":\"t\",\"state\":\"success\",\"resultJson\":\"{not json\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) a = poll (json, 200, &error);
  g_autoptr(KinemaTaskStatus) b = NULL;
  g_autoptr(KinemaTaskStatus) c = NULL;
  g_autoptr(KinemaTaskStatus) d = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (a->state, ==, KINEMA_TASK_SUCCEEDED);
  g_assert_cmpstr (a->task_id, ==, "task_kling-3.0_1765187774173");
  g_assert_cmpstr (a->video_url, ==, "https://tempfile.example/abc.mp4");
  g_assert_null (a->error);

  b = poll (object_form, 200, &error);
  g_assert_cmpstr (b->video_url, ==, "https://tempfile.example/obj.mp4");

  c = poll (no_url, 200, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c->state, ==, KINEMA_TASK_FAILED);
  g_assert_nonnull (c->error);
  g_assert_null (c->video_url);

  d = poll (bad_json, 200, &error);
  g_assert_no_error (error);
  g_assert_cmpint (d->state, ==, KINEMA_TASK_FAILED);
}

static void
test_poll_fail (void)
{
  const char *json =
    "{\"code\":200,\"data\":{\"taskId\":\"t\",\"state\":\"fail\",\"failCode\":\"500\","
    "\"failMsg\":\"internal render error\"}}";
  const char *policy =
    "{\"code\":200,\"data\":{\"taskId\":\"t\",\"state\":\"fail\",\"failCode\":400,"
    "\"failMsg\":\"Your prompt was flagged by content moderation\"}}";
  const char *body_501 = "{\"code\":501,\"msg\":\"render crashed\"}";
  const char *body_404 = "{\"code\":404,\"msg\":\"task not found\"}";
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) a = poll (json, 200, &error);
  g_autoptr(KinemaTaskStatus) b = NULL;
  g_autoptr(KinemaTaskStatus) c = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (a->state, ==, KINEMA_TASK_FAILED);
  g_assert_error (a->error, KINEMA_ERROR, KINEMA_ERROR_GENERATION_FAILED);
  g_assert_nonnull (strstr (a->error->message, "internal render error"));
  g_assert_nonnull (strstr (a->error->message, "500"));

  b = poll (policy, 200, &error);
  g_assert_error (b->error, KINEMA_ERROR, KINEMA_ERROR_CONTENT_POLICY);
  g_assert_nonnull (strstr (b->error->message, "400"));

  /* A 501 code while polling is the task's failure, not a polling error. */
  c = poll (body_501, 200, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c->state, ==, KINEMA_TASK_FAILED);
  g_assert_error (c->error, KINEMA_ERROR, KINEMA_ERROR_GENERATION_FAILED);

  g_assert_null (poll (body_404, 200, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND);
}

/* Uploads */

static void
test_upload_build (void)
{
  g_autoptr(KinemaProviderConfig) kie = kie_cfg ();
  g_autoptr(KinemaProviderConfig) seed = seed_cfg ();
  g_autoptr(KinemaProviderConfig) seed_up = seed_cfg ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(KinemaHttpCall) seed_call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  call = kinema_market_build_upload (kie, KEY, "iVBORw0KGgo=", "/home/u/pics/start.png", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->method, ==, "POST");
  g_assert_cmpstr (call->url, ==, "https://kieai.redpandaai.co/api/file-base64-upload");
  g_assert_cmpstr (kinema_http_call_get_header (call, "Authorization"), ==, "Bearer " KEY);
  body = json_node_get_object (call->body);
  assert_string_member (body, "base64Data", "iVBORw0KGgo=");
  assert_string_member (body, "fileName", "start.png");
  g_assert_cmpint (member_type (body, "uploadPath"), ==, G_TYPE_STRING);

  g_assert_null (kinema_market_build_upload (seed, KEY, "QUJD", "a.png", &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_FEATURE_DISABLED);
  g_clear_error (&error);

  g_free (seed_up->upload_url);
  seed_up->upload_url = g_strdup ("https://up.example.test/");
  seed_call = kinema_market_build_upload (seed_up, KEY, "QUJD", "a.png", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seed_call->url, ==, "https://up.example.test/api/file-base64-upload");
  g_assert_cmpstr (kinema_http_call_get_header (seed_call, "x-api-key"), ==, KEY);

  g_assert_null (kinema_market_build_upload (kie, KEY, "", "a.png", &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static void
test_upload_parse (void)
{
  const char *download = "{\"success\":true,\"code\":200,\"msg\":\"File uploaded successfully\","
                         "\"data\":{\"fileName\":\"a.png\",\"filePath\":\"kinema/a.png\","
                         "\"downloadUrl\":\"https://tempfile.redpandaai.co/kinema/a.png\",\"fileSize\":10}}";
  const char *file_url = "{\"success\":true,\"code\":200,\"data\":{\"fileUrl\":\"https://files.example/b.png\"}}";
  const char *refused = "{\"success\":false,\"code\":200,\"msg\":\"file too large\"}";
  const char *auth = "{\"success\":false,\"code\":401,\"msg\":\"Unauthorized\"}";
  const char *empty = "{\"success\":true,\"code\":200,\"data\":{}}";
  g_autoptr(GError) error = NULL;
  char *url = NULL;

  g_assert_true (kinema_market_parse_upload (200, download, strlen (download), &url, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (url, ==, "https://tempfile.redpandaai.co/kinema/a.png");
  g_clear_pointer (&url, g_free);

  g_assert_true (kinema_market_parse_upload (200, file_url, strlen (file_url), &url, &error));
  g_assert_cmpstr (url, ==, "https://files.example/b.png");
  g_clear_pointer (&url, g_free);

  g_assert_false (kinema_market_parse_upload (200, refused, strlen (refused), &url, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "file too large"));
  g_clear_error (&error);

  g_assert_false (kinema_market_parse_upload (200, auth, strlen (auth), &url, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
  g_clear_error (&error);

  g_assert_false (kinema_market_parse_upload (200, empty, strlen (empty), &url, &error));
  g_assert_nonnull (error);
  g_assert_null (url);
}

/* Capabilities and schedule */

static void
test_capabilities (void)
{
  g_autoptr(KinemaProviderConfig) seed = seed_cfg ();
  g_autoptr(KinemaProviderConfig) kie = kie_cfg ();
  g_autoptr(KinemaProviderConfig) seed_up = seed_cfg ();
  KinemaCapabilities caps;

  kinema_dialect_market.init_capabilities (seed, &caps);
  g_assert_cmpuint (caps.modes, ==, (1 << KINEMA_MODE_TEXT) | (1 << KINEMA_MODE_IMAGE));
  g_assert_cmpuint (caps.max_negative_chars, ==, 0);
  g_assert_false (caps.cfg_scale);
  g_assert_false (caps.watermark);
  g_assert_cmpuint (caps.max_reference_images, ==, 0);
  g_assert_cmpuint (caps.max_shots, ==, 6);
  g_assert_true (caps.multi_shot_intelligence);
  g_assert_true (caps.audio_forced_in_multi_shot);
  g_assert_false (caps.last_frame_in_multi_shot);
  g_assert_cmpuint (caps.max_elements, ==, 3);
  g_assert_cmpuint (caps.min_element_images, ==, 1);
  g_assert_cmpuint (caps.max_element_images, ==, 4);
  g_assert_cmpuint (caps.image_transports, ==, KINEMA_IMAGE_URL);
  g_assert_false (caps.external_task_id);

  g_free (seed_up->upload_url);
  seed_up->upload_url = g_strdup ("https://up.example.test");
  kinema_dialect_market.init_capabilities (seed_up, &caps);
  g_assert_cmpuint (caps.image_transports, ==, KINEMA_IMAGE_URL | KINEMA_IMAGE_UPLOAD);

  kinema_dialect_market.init_capabilities (kie, &caps);
  g_assert_cmpuint (caps.max_shots, ==, 5);
  g_assert_cmpuint (caps.max_shot_prompt_chars, ==, 500);
  g_assert_false (caps.multi_shot_intelligence);
  g_assert_cmpuint (caps.min_element_images, ==, 2);
  g_assert_cmpuint (caps.max_element_images, ==, 4);
  g_assert_cmpuint (caps.image_transports, ==, KINEMA_IMAGE_URL | KINEMA_IMAGE_UPLOAD);
  g_assert_cmpuint (caps.max_negative_chars, ==, 0);
  g_assert_false (caps.watermark);
}

static void
test_poll_schedule (void)
{
  int expected[] = { 3, 6, 12, 24, 30, 30, 30 };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (kinema_dialect_market.next_poll_delay (i, 10.0 * i), ==, expected[i]);
  g_assert_cmpint (kinema_dialect_market.next_poll_delay (1000, 600), ==, 30);
  g_assert_cmpint (kinema_dialect_market.next_poll_delay (40, 15 * 60 + 1), <, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dialect/market/seed003/text", test_seed_text);
  g_test_add_func ("/dialect/market/seed003/model-and-placeholder", test_seed_model_and_placeholder);
  g_test_add_func ("/dialect/market/seed003/image", test_seed_image);
  g_test_add_func ("/dialect/market/seed003/image-errors", test_seed_image_errors);
  g_test_add_func ("/dialect/market/seed003/multi-shot-customize", test_seed_multi_shot_customize);
  g_test_add_func ("/dialect/market/seed003/multi-shot-intelligence", test_seed_multi_shot_intelligence);
  g_test_add_func ("/dialect/market/seed003/elements", test_seed_elements);
  g_test_add_func ("/dialect/market/kie/body", test_kie_body);
  g_test_add_func ("/dialect/market/kie/multi-shot", test_kie_multi_shot);
  g_test_add_func ("/dialect/market/kie/element-images", test_kie_element_images);
  g_test_add_func ("/dialect/market/kie/local-image", test_kie_local_image_not_uploaded);
  g_test_add_func ("/dialect/market/submit", test_parse_submit);
  g_test_add_func ("/dialect/market/errors/codes", test_error_codes);
  g_test_add_func ("/dialect/market/errors/message-key", test_error_message_key);
  g_test_add_func ("/dialect/market/poll/build", test_build_poll);
  g_test_add_func ("/dialect/market/poll/states", test_poll_states);
  g_test_add_func ("/dialect/market/poll/success", test_poll_success);
  g_test_add_func ("/dialect/market/poll/fail", test_poll_fail);
  g_test_add_func ("/dialect/market/upload/build", test_upload_build);
  g_test_add_func ("/dialect/market/upload/parse", test_upload_parse);
  g_test_add_func ("/dialect/market/capabilities", test_capabilities);
  g_test_add_func ("/dialect/market/poll-schedule", test_poll_schedule);

  return g_test_run ();
}
