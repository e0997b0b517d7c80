/* test-dialect-kling.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The official Kling dialect as pure functions: JWT, path families, body
 * field names and types, responses, the error table and elements.
 */
#include "config.h"

#include <string.h>

#include "kinema-dialect-kling.h"
#include "kinema-error.h"
#include "kinema-kling-jwt.h"

#define BASE "https://kling.example.test"
#define JOB  "job-0001"

/* Helpers */

static KinemaProviderConfig *
make_cfg (void)
{
  return kinema_provider_config_new ("kling", "Kling", "kling", NULL, BASE, NULL);
}

static KinemaWireImages *
make_images (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
images_add (KinemaWireImages *images,
            const char       *key,
            const char       *value)
{
  g_hash_table_insert (images, g_strdup (key), g_strdup (value));
}

static guchar *
base64url_decode (const char *str,
                  gsize      *len)
{
  GString *s = g_string_new (str);

  for (gsize i = 0; i < s->len; i++)
    {
      if (s->str[i] == '-')
        s->str[i] = '+';
      else if (s->str[i] == '_')
        s->str[i] = '/';
    }
  while (s->len % 4 != 0)
    g_string_append_c (s, '=');

  {
    guchar *out = g_base64_decode (s->str, len);
    g_string_free (s, TRUE);
    return out;
  }
}

static JsonObject *
decode_part (const char *part)
{
  gsize len;
  g_autofree guchar *raw = base64url_decode (part, &len);
  g_autofree char *text = g_strndup ((const char *) raw, len);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
body_of (KinemaHttpCall *call)
{
  g_assert_nonnull (call);
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
assert_string_member (JsonObject *obj,
                      const char *name,
                      const char *value)
{
  g_assert_cmpint (member_type (obj, name), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_object_get_string_member (obj, name), ==, value);
}

static KinemaHttpCall *
build (KinemaRequest     *request,
       KinemaWireImages  *images,
       const char        *api_key,
       GError           **error)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();

  return kinema_dialect_kling.build_submit (cfg, api_key ? api_key : "proxy-key",
                                            request, images, JOB, error);
}

/* JWT */

static void
test_jwt_structure (void)
{
  const gint64 now = 1700000000;
  g_autofree char *token = kinema_kling_jwt_new ("my-access", "my-secret", now);
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autoptr(JsonObject) header = NULL;
  g_autoptr(JsonObject) payload = NULL;

  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  /* base64url without padding */
  g_assert_null (strpbrk (token, "+/="));

  header = decode_part (parts[0]);
  g_assert_cmpuint (json_object_get_size (header), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (header, "alg"), ==, "HS256");
  g_assert_cmpstr (json_object_get_string_member (header, "typ"), ==, "JWT");

  payload = decode_part (parts[1]);
  g_assert_cmpuint (json_object_get_size (payload), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (payload, "iss"), ==, "my-access");
  g_assert_cmpint (member_type (payload, "exp"), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (payload, "exp"), ==, now + 1800);
  g_assert_cmpint (json_object_get_int_member (payload, "nbf"), ==, now - 5);
}

static void
test_jwt_signature (void)
{
  const gint64 now = 1712345678;
  g_autofree char *token = kinema_kling_jwt_new ("AK123", "s3cr3t-key", now);
  g_autofree char *token2 = kinema_kling_jwt_new ("AK123", "s3cr3t-key", now);
  g_autofree char *other_sk = kinema_kling_jwt_new ("AK123", "another", now);
  const char *last_dot = strrchr (token, '.');
  g_autofree char *signing_input = g_strndup (token, last_dot - token);
  g_autofree char *expected_hex = NULL;
  g_autofree guchar *sig = NULL;
  GString *sig_hex = g_string_new (NULL);
  gsize sig_len;

  /* Deterministic for the same arguments. */
  g_assert_cmpstr (token, ==, token2);
  g_assert_cmpstr (token, !=, other_sk);

  /* Independent computation: the one-shot HMAC API, as hex. */
  expected_hex = g_compute_hmac_for_string (G_CHECKSUM_SHA256,
                                            (const guchar *) "s3cr3t-key", strlen ("s3cr3t-key"),
                                            signing_input, -1);
  sig = base64url_decode (last_dot + 1, &sig_len);
  g_assert_cmpuint (sig_len, ==, 32);
  for (gsize i = 0; i < sig_len; i++)
    g_string_append_printf (sig_hex, "%02x", sig[i]);
  g_assert_cmpstr (sig_hex->str, ==, expected_hex);
  g_string_free (sig_hex, TRUE);
}

static void
test_jwt_escapes_issuer (void)
{
  g_autofree char *token = kinema_kling_jwt_new ("a\"b\\c", "k", 10);
  g_auto(GStrv) parts = g_strsplit (token, ".", -1);
  g_autoptr(JsonObject) payload = decode_part (parts[1]);

  g_assert_cmpstr (json_object_get_string_member (payload, "iss"), ==, "a\"b\\c");
  g_assert_cmpint (json_object_get_int_member (payload, "nbf"), ==, 5);
}

static void
test_jwt_cache (void)
{
  const gint64 now = 1700000000;
  g_autofree char *t0 = NULL;
  g_autofree char *t1 = NULL;
  g_autofree char *t2 = NULL;
  g_autofree char *t3 = NULL;
  g_autofree char *t4 = NULL;
  g_autofree char *t5 = NULL;
  g_autofree char *fresh = NULL;

  kinema_kling_jwt_cache_clear ();
  t0 = kinema_kling_jwt_get ("cache-ak", "sk", now);
  g_assert_cmpstr (t0, ==, (fresh = kinema_kling_jwt_new ("cache-ak", "sk", now)));

  /* Still more than 5 minutes left: the same token. */
  t1 = kinema_kling_jwt_get ("cache-ak", "sk", now + 1500);
  g_assert_cmpstr (t1, ==, t0);

  /* Less than 5 minutes left: a new one. */
  t2 = kinema_kling_jwt_get ("cache-ak", "sk", now + 1501);
  g_assert_cmpstr (t2, !=, t0);

  /* Another secret for the same access key: a new one. */
  t3 = kinema_kling_jwt_get ("cache-ak", "other-sk", now + 1502);
  g_assert_cmpstr (t3, !=, t2);

  /* Another access key is cached separately. */
  t4 = kinema_kling_jwt_get ("cache-ak2", "other-sk", now + 1502);
  g_assert_cmpstr (t4, !=, t3);

  kinema_kling_jwt_cache_clear ();
  t5 = kinema_kling_jwt_get ("cache-ak", "other-sk", now + 1503);
  g_assert_cmpstr (t5, !=, t3);
}

static gpointer
jwt_thread (gpointer data)
{
  for (int i = 0; i < 200; i++)
    {
      g_autofree char *t = kinema_kling_jwt_get ("thread-ak", "sk", 1700000000 + (i % 3) * 1000);
      g_assert_nonnull (t);
    }
  return NULL;
}

static void
test_jwt_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("jwt", jwt_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

static void
test_split_key (void)
{
  g_autofree char *ak = NULL;
  g_autofree char *sk = NULL;

  g_assert_true (kinema_kling_split_key (" AK:SK ", &ak, &sk));
  g_assert_cmpstr (ak, ==, "AK");
  g_assert_cmpstr (sk, ==, "SK");
  g_assert_false (kinema_kling_split_key ("plain-key", NULL, NULL));
  g_assert_false (kinema_kling_split_key (":SK", NULL, NULL));
  g_assert_false (kinema_kling_split_key ("AK:", NULL, NULL));
  g_assert_false (kinema_kling_split_key ("a:b:c", NULL, NULL));
  g_assert_false (kinema_kling_split_key (NULL, NULL, NULL));
}

static void
test_authorization (void)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) jwt_call = NULL;
  g_autoptr(KinemaHttpCall) plain_call = NULL;
  g_autoptr(KinemaHttpCall) dry_call = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_auto(GStrv) parts = NULL;
  const char *auth;

  kinema_request_set_prompt (request, "A fox");

  jwt_call = build (request, NULL, "ACCESS:SECRET", NULL);
  auth = kinema_http_call_get_header (jwt_call, "Authorization");
  g_assert_true (g_str_has_prefix (auth, "Bearer ey"));
  parts = g_strsplit (auth + strlen ("Bearer "), ".", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 3);
  payload = decode_part (parts[1]);
  g_assert_cmpstr (json_object_get_string_member (payload, "iss"), ==, "ACCESS");
  {
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;
    gint64 exp = json_object_get_int_member (payload, "exp");
    g_assert_cmpint (exp, >, now + 300);
    g_assert_cmpint (exp, <=, now + 1800);
    g_assert_cmpint (json_object_get_int_member (payload, "nbf"), <=, now);
  }
  /* The secret never travels. */
  g_assert_null (strstr (auth, "SECRET"));

  plain_call = build (request, NULL, "sk-proxy-123", NULL);
  g_assert_cmpstr (kinema_http_call_get_header (plain_call, "Authorization"), ==, "Bearer sk-proxy-123");

  dry_call = build (request, NULL, KINEMA_API_KEY_PLACEHOLDER, NULL);
  g_assert_cmpstr (kinema_http_call_get_header (dry_call, "Authorization"), ==, "Bearer $KINEMA_API_KEY");
  g_assert_cmpstr (kinema_http_call_get_header (dry_call, "Content-Type"), ==, "application/json");
}

/* Bodies */

static void
test_text2video (void)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body, *wm;

  kinema_request_set_prompt (request, "A lighthouse at dusk");
  kinema_request_set_negative_prompt (request, "subtitles");
  kinema_request_set_cfg_scale (request, 0.25);
  kinema_request_set_quality (request, KINEMA_QUALITY_PRO);
  kinema_request_set_audio (request, TRUE);
  kinema_request_set_duration (request, 10);
  kinema_request_set_aspect (request, KINEMA_ASPECT_9_16);
  kinema_request_set_watermark (request, TRUE);
  /* Stale frames from image mode are not sent in text mode. */
  kinema_request_set_first_frame (request, "https://cdn.example.com/ignored.png");

  call = build (request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->method, ==, "POST");
  g_assert_cmpstr (call->url, ==, BASE "/v1/videos/text2video");

  body = body_of (call);
  assert_string_member (body, "model_name", "kling-v3");
  assert_string_member (body, "prompt", "A lighthouse at dusk");
  assert_string_member (body, "negative_prompt", "subtitles");
  g_assert_cmpint (member_type (body, "cfg_scale"), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "cfg_scale"), 0.25, 1e-9);
  assert_string_member (body, "mode", "pro");
  assert_string_member (body, "sound", "on");
  assert_string_member (body, "duration", "10");
  assert_string_member (body, "aspect_ratio", "9:16");
  g_assert_cmpint (member_type (body, "watermark_info"), ==, JSON_TYPE_OBJECT);
  wm = json_object_get_object_member (body, "watermark_info");
  g_assert_cmpint (member_type (wm, "enabled"), ==, G_TYPE_BOOLEAN);
  g_assert_true (json_object_get_boolean_member (wm, "enabled"));
  assert_string_member (body, "external_task_id", JOB);
  g_assert_false (json_object_has_member (body, "image"));
  g_assert_false (json_object_has_member (body, "image_tail"));
  g_assert_false (json_object_has_member (body, "multi_shot"));
  g_assert_false (json_object_has_member (body, "multi_prompt"));
  g_assert_false (json_object_has_member (body, "element_list"));
}

static void
test_text2video_defaults (void)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(KinemaProviderConfig) cfg = kinema_provider_config_new ("k", NULL, "kling", NULL, NULL, "kling-v3-x");
  JsonObject *body;

  kinema_request_set_prompt (request, "x");
  call = kinema_dialect_kling.build_submit (cfg, "k", request, NULL, NULL, NULL);
  g_assert_cmpstr (call->url, ==, "https://api-singapore.klingai.com/v1/videos/text2video");
  body = body_of (call);
  assert_string_member (body, "model_name", "kling-v3-x");
  assert_string_member (body, "sound", "off");
  assert_string_member (body, "mode", "std");
  assert_string_member (body, "duration", "5");
  g_assert_false (json_object_has_member (body, "negative_prompt"));
  g_assert_false (json_object_has_member (body, "external_task_id"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (body, "watermark_info"), "enabled"));
}

static void
test_image2video_first (void)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GHashTable) images = make_images ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "The girl turns");
  kinema_request_set_first_frame (request, "/home/u/first.png");
  images_add (images, "/home/u/first.png", "iVBORw0KGgoAAAA");

  call = build (request, images, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->url, ==, BASE "/v1/videos/image2video");
  body = body_of (call);
  assert_string_member (body, "image", "iVBORw0KGgoAAAA");
  g_assert_false (json_object_has_member (body, "image_tail"));
  /* image2video takes its ratio from the image */
  g_assert_false (json_object_has_member (body, "aspect_ratio"));
  assert_string_member (body, "duration", "5");
}

static void
test_image2video_first_last (void)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GHashTable) images = make_images ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "The girl turns and smiles");
  kinema_request_set_first_frame (request, "/home/u/first.png");
  kinema_request_set_last_frame (request, "https://cdn.example.com/end.png");
  images_add (images, "/home/u/first.png", "iVBORw0KGgo");

  call = build (request, images, NULL, &error);
  g_assert_no_error (error);
  body = body_of (call);
  assert_string_member (body, "image", "iVBORw0KGgo");
  assert_string_member (body, "image_tail", "https://cdn.example.com/end.png");
}

static void
test_image_errors (void)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GError) error = NULL;
  KinemaHttpCall *call;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "x");

  /* No first frame. */
  call = build (request, NULL, NULL, &error);
  g_assert_null (call);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_clear_error (&error);

  /* A local file nobody prepared. */
  kinema_request_set_first_frame (request, "/home/u/first.png");
  call = build (request, NULL, NULL, &error);
  g_assert_null (call);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "/home/u/first.png"));
  g_clear_error (&error);

  /* A last frame in multi-shot. */
  kinema_request_set_first_frame (request, "https://cdn.example.com/a.png");
  kinema_request_set_last_frame (request, "https://cdn.example.com/b.png");
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  call = build (request, NULL, NULL, &error);
  g_assert_null (call);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static void
test_multi_shot_customize (void)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonArray *shots;

  kinema_request_set_prompt (request, "ignored in customize");
  kinema_request_set_duration (request, 10);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 4, "Wide shot: a lighthouse");
  kinema_request_add_shot (request, 3, "Close-up: the keeper");
  kinema_request_add_shot (request, 3, "Aerial pull-back");

  call = build (request, NULL, NULL, &error);
  g_assert_no_error (error);
  body = body_of (call);
  g_assert_cmpint (member_type (body, "multi_shot"), ==, G_TYPE_BOOLEAN);
  g_assert_true (json_object_get_boolean_member (body, "multi_shot"));
  assert_string_member (body, "shot_type", "customize");
  g_assert_false (json_object_has_member (body, "prompt"));
  assert_string_member (body, "duration", "10");

  g_assert_cmpint (member_type (body, "multi_prompt"), ==, JSON_TYPE_ARRAY);
  shots = json_object_get_array_member (body, "multi_prompt");
  g_assert_cmpuint (json_array_get_length (shots), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *shot = json_array_get_object_element (shots, i);
      const char *durations[] = { "4", "3", "3" };

      g_assert_cmpint (member_type (shot, "index"), ==, G_TYPE_INT64);
      g_assert_cmpint (json_object_get_int_member (shot, "index"), ==, i + 1);
      g_assert_cmpint (member_type (shot, "prompt"), ==, G_TYPE_STRING);
      assert_string_member (shot, "duration", durations[i]);
    }
  assert_string_member (json_array_get_object_element (shots, 1), "prompt", "Close-up: the keeper");
}

static void
test_multi_shot_intelligence (void)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  JsonObject *body;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "https://cdn.example.com/a.png");
  kinema_request_set_prompt (request, "A story in three shots");
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);

  call = build (request, NULL, NULL, NULL);
  body = body_of (call);
  g_assert_cmpstr (call->url, ==, BASE "/v1/videos/image2video");
  g_assert_true (json_object_get_boolean_member (body, "multi_shot"));
  assert_string_member (body, "shot_type", "intelligence");
  assert_string_member (body, "prompt", "A story in three shots");
  assert_string_member (body, "image", "https://cdn.example.com/a.png");
  g_assert_false (json_object_has_member (body, "multi_prompt"));
  g_assert_false (json_object_has_member (body, "image_tail"));
}

static void
test_elements (void)
{
  const char *imgs[] = { "https://cdn.example.com/h1.png", "https://cdn.example.com/h2.png", NULL };
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GHashTable) images = make_images ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonArray *list;
  g_autofree char *key = kinema_kling_element_key ("hero");

  g_assert_cmpstr (key, ==, "element:hero");

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "https://cdn.example.com/a.png");
  kinema_request_set_prompt (request, "@hero meets @cat; @heroine and mail@host stay");
  kinema_request_add_element (request, "hero", "a woman", imgs);
  kinema_request_add_element (request, "cat", "a cat", imgs);

  /* Not registered: a clear error. */
  images_add (images, "element:hero", "123456");
  g_assert_null (build (request, images, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "cat"));
  g_assert_nonnull (strstr (error->message, "registered"));
  g_clear_error (&error);

  images_add (images, "element:cat", "el_cat_77");
  call = build (request, images, NULL, &error);
  g_assert_no_error (error);
  body = body_of (call);
  list = json_object_get_array_member (body, "element_list");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  /* A numeric id goes as a number, like the documented example. */
  g_assert_cmpint (member_type (json_array_get_object_element (list, 0), "element_id"), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "element_id"), ==, 123456);
  assert_string_member (json_array_get_object_element (list, 1), "element_id", "el_cat_77");
  /* @name becomes Kling's <<<element_N>>>; longer names and e-mail-like
   * text are left alone. */
  assert_string_member (body, "prompt", "<<<element_1>>> meets <<<element_2>>>; @heroine and mail@host stay");
}

static void
test_elements_need_image (void)
{
  const char *imgs[] = { "https://cdn.example.com/h1.png", "https://cdn.example.com/h2.png", NULL };
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GHashTable) images = make_images ();
  g_autoptr(GError) error = NULL;

  kinema_request_set_prompt (request, "@hero");
  kinema_request_add_element (request, "hero", "a woman", imgs);
  images_add (images, "element:hero", "1");

  g_assert_null (build (request, images, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static void
test_omni (void)
{
  const char *imgs[] = { "https://cdn.example.com/h1.png", "https://cdn.example.com/h2.png", NULL };
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GHashTable) images = make_images ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body;
  JsonArray *list;

  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  kinema_request_set_prompt (request, "<<<image_1>>> dances with <<<image_2>>> and @hero");
  kinema_request_set_aspect (request, KINEMA_ASPECT_1_1);
  kinema_request_add_reference_image (request, "https://cdn.example.com/r1.png");
  kinema_request_add_reference_image (request, "/local/r2.png");
  kinema_request_add_element (request, "hero", "a woman", imgs);
  images_add (images, "/local/r2.png", "QUJD");
  images_add (images, "element:hero", "42");

  call = build (request, images, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->url, ==, BASE "/v1/videos/omni-video");
  body = body_of (call);
  assert_string_member (body, "model_name", "kling-v3-omni");
  assert_string_member (body, "prompt", "<<<image_1>>> dances with <<<image_2>>> and <<<element_1>>>");
  assert_string_member (body, "aspect_ratio", "1:1");
  list = json_object_get_array_member (body, "image_list");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  assert_string_member (json_array_get_object_element (list, 0), "image_url", "https://cdn.example.com/r1.png");
  assert_string_member (json_array_get_object_element (list, 1), "image_url", "QUJD");
  list = json_object_get_array_member (body, "element_list");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (list, 0), "element_id"), ==, 42);
  assert_string_member (body, "duration", "5");
  g_assert_false (json_object_has_member (body, "image"));

  /* Images plus elements: at most 7. */
  for (int i = 0; i < 6; i++)
    kinema_request_add_reference_image (request, "https://cdn.example.com/more.png");
  g_assert_null (build (request, images, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static void
test_omni_model_names (void)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaProviderConfig) cfg = kinema_provider_config_new ("k", NULL, "kling", NULL, BASE, "kling-v3-omni");
  g_autoptr(KinemaHttpCall) t2v = NULL;
  g_autoptr(KinemaHttpCall) omni = NULL;

  kinema_request_set_prompt (request, "x");
  t2v = kinema_dialect_kling.build_submit (cfg, "k", request, NULL, NULL, NULL);
  assert_string_member (body_of (t2v), "model_name", "kling-v3");

  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  kinema_request_add_reference_image (request, "https://cdn.example.com/r1.png");
  omni = kinema_dialect_kling.build_submit (cfg, "k", request, NULL, NULL, NULL);
  assert_string_member (body_of (omni), "model_name", "kling-v3-omni");
}

/* Responses */

static void
test_poll_hint_round_trip (void)
{
  struct { KinemaMode mode; const char *family; } cases[] = {
    { KINEMA_MODE_TEXT, "text2video" },
    { KINEMA_MODE_IMAGE, "image2video" },
    { KINEMA_MODE_REFERENCE, "omni-video" },
  };
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KinemaRequest) request = kinema_request_new ();
      g_autoptr(KinemaHttpCall) submit = NULL;
      g_autoptr(KinemaHttpCall) poll = NULL;
      g_autoptr(KinemaTaskStatus) status = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *job = g_strdup_printf ("job-hint-%u", i);
      g_autofree char *answer = NULL;
      g_autofree char *expected_url = NULL;

      kinema_request_set_mode (request, cases[i].mode);
      kinema_request_set_prompt (request, "x");
      kinema_request_set_first_frame (request, "https://cdn.example.com/a.png");
      kinema_request_add_reference_image (request, "https://cdn.example.com/r.png");
      g_assert_cmpstr (kinema_kling_family_for_request (request), ==, cases[i].family);

      submit = kinema_dialect_kling.build_submit (cfg, "k", request, NULL, job, &error);
      g_assert_no_error (error);
      /* The family travels with the call; the glue stores it with the task. */
      g_assert_cmpstr (submit->poll_hint, ==, cases[i].family);

      answer = g_strdup_printf ("{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"r\","
                                "\"data\":{\"task_id\":\"8319%u\",\"task_status\":\"submitted\","
                                "\"task_info\":{\"external_task_id\":\"%s\"},"
                                "\"created_at\":1766374262370,\"updated_at\":1766374262370}}", i, job);
      status = kinema_dialect_kling.parse_submit (cfg, 200, answer, strlen (answer), &error);
      g_assert_no_error (error);
      g_assert_cmpint (status->state, ==, KINEMA_TASK_QUEUED);
      g_assert_null (status->poll_hint);

      poll = kinema_dialect_kling.build_poll (cfg, "k", status->task_id, submit->poll_hint, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (poll->method, ==, "GET");
      expected_url = g_strdup_printf (BASE "/v1/videos/%s/8319%u", cases[i].family, i);
      g_assert_cmpstr (poll->url, ==, expected_url);
      g_assert_null (poll->body);
      g_assert_true (g_str_has_prefix (kinema_http_call_get_header (poll, "Authorization"), "Bearer "));
    }
}

static void
test_build_poll_hints (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(KinemaHttpCall) a = NULL;
  g_autoptr(KinemaHttpCall) b = NULL;
  g_autoptr(GError) error = NULL;

  a = kinema_dialect_kling.build_poll (cfg, "k", "id/1", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a->url, ==, BASE "/v1/videos/text2video/id%2F1");

  b = kinema_dialect_kling.build_poll (cfg, "k", "77", BASE "/v1/videos/omni-video", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b->url, ==, BASE "/v1/videos/omni-video/77");

  g_assert_null (kinema_dialect_kling.build_poll (cfg, "k", "77", "bogus", &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_clear_error (&error);
  g_assert_null (kinema_dialect_kling.build_poll (cfg, "k", "", NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static KinemaTaskStatus *
poll_answer (const char  *json,
             GError     **error)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();

  return kinema_dialect_kling.parse_poll (cfg, 200, json, strlen (json), error);
}

static void
test_poll_statuses (void)
{
  struct { const char *value; KinemaTaskState state; } cases[] = {
    { "submitted", KINEMA_TASK_QUEUED },
    { "processing", KINEMA_TASK_RUNNING },
    { "PROCESSING", KINEMA_TASK_RUNNING },
    { "Submitted", KINEMA_TASK_QUEUED },
    { "something_new", KINEMA_TASK_RUNNING },
    { "", KINEMA_TASK_RUNNING },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"code\":0,\"message\":\"SUCCEED\",\"data\":"
                                               "{\"task_id\":\"1\",\"task_status\":\"%s\"}}",
                                               cases[i].value);
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaTaskStatus) status = poll_answer (json, &error);

      g_assert_no_error (error);
      g_assert_cmpint (status->state, ==, cases[i].state);
      g_assert_null (status->video_url);
      g_assert_null (status->error);
      g_assert_cmpint (status->progress, ==, -1);
    }
}

static void
test_poll_succeed (void)
{
  const char *json =
    "{\"code\":0,\"message\":\"SUCCEED\",\"request_id\":\"r\","
    " \"data\":{\"task_id\":\"831922345719271433\",\"task_status\":\"Succeed\",\"task_status_msg\":\"\","
    "  \"task_info\":{\"external_task_id\":\"gtkapp-7f3c2a\"},"
    "  \"watermark_info\":{\"enabled\":false},\"final_unit_deduction\":\"2.5\","
    "  \"task_result\":{\"videos\":[{\"id\":\"v\",\"url\":\"https://cdn.example/out.mp4\","
    "   \"watermark_url\":\"https://cdn.example/out_wm.mp4\",\"duration\":\"10.041\"}]}}}";
  const char *json_wm =
    "{\"code\":0,\"data\":{\"task_id\":\"1\",\"task_status\":\"succeed\","
    "  \"watermark_info\":{\"enabled\":true},"
    "  \"task_result\":{\"videos\":[{\"url\":\"https://cdn.example/out.mp4\","
    "   \"watermark_url\":\"https://cdn.example/out_wm.mp4\"}]}}}";
  const char *json_no_url =
    "{\"code\":0,\"data\":{\"task_id\":\"1\",\"task_status\":\"succeed\",\"task_result\":{\"videos\":[]}}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) status = poll_answer (json, &error);
  g_autoptr(KinemaTaskStatus) wm = NULL;
  g_autoptr(KinemaTaskStatus) no_url = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (status->state, ==, KINEMA_TASK_SUCCEEDED);
  g_assert_cmpstr (status->task_id, ==, "831922345719271433");
  g_assert_cmpstr (status->video_url, ==, "https://cdn.example/out.mp4");
  /* Units, not money. */
  g_assert_cmpfloat (status->price, <, 0);

  wm = poll_answer (json_wm, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (wm->video_url, ==, "https://cdn.example/out_wm.mp4");

  no_url = poll_answer (json_no_url, &error);
  g_assert_no_error (error);
  g_assert_cmpint (no_url->state, ==, KINEMA_TASK_FAILED);
  g_assert_nonnull (no_url->error);
}

static void
test_poll_failed (void)
{
  const char *json =
    "{\"code\":0,\"data\":{\"task_id\":\"1\",\"task_status\":\"failed\","
    "\"task_status_msg\":\"Video generation timed out\"}}";
  const char *json_risk =
    "{\"code\":0,\"data\":{\"task_id\":\"1\",\"task_status\":\"failed\","
    "\"task_status_msg\":\"Failure to pass the risk control system; sensitive content\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) status = poll_answer (json, &error);
  g_autoptr(KinemaTaskStatus) risk = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (status->state, ==, KINEMA_TASK_FAILED);
  g_assert_error (status->error, KINEMA_ERROR, KINEMA_ERROR_GENERATION_FAILED);
  g_assert_nonnull (strstr (status->error->message, "Video generation timed out"));

  risk = poll_answer (json_risk, &error);
  g_assert_no_error (error);
  g_assert_error (risk->error, KINEMA_ERROR, KINEMA_ERROR_CONTENT_POLICY);
}

static void
test_parse_submit_problems (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(GError) error = NULL;
  const char *no_id = "{\"code\":0,\"message\":\"SUCCEED\",\"data\":{\"task_status\":\"submitted\"}}";
  const char *numeric_id = "{\"code\":0,\"data\":{\"task_id\":831922345719271433,\"task_status\":\"submitted\"}}";
  KinemaTaskStatus *status;

  /* 200 with garbage: the task may exist; never resubmit. */
  g_assert_null (kinema_dialect_kling.parse_submit (cfg, 200, "<html>", 6, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_UNKNOWN_OUTCOME);
  g_clear_error (&error);

  g_assert_null (kinema_dialect_kling.parse_submit (cfg, 200, no_id, strlen (no_id), &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_UNKNOWN_OUTCOME);
  g_clear_error (&error);

  /* A 502 page from a proxy in front of Kling. */
  g_assert_null (kinema_dialect_kling.parse_submit (cfg, 502, "<html>Bad gateway</html>", 24, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER);
  g_clear_error (&error);

  status = kinema_dialect_kling.parse_submit (cfg, 200, numeric_id, strlen (numeric_id), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (status->task_id, ==, "831922345719271433");
  /* No external_task_id echoed: no hint; polling falls back to text2video. */
  g_assert_null (status->poll_hint);
  kinema_task_status_free (status);
}

static void
test_error_table (void)
{
  struct {
    guint http;
    int code;
    KinemaErrorCode expected;
    const char *words;
  } rows[] = {
    { 401, 1000, KINEMA_ERROR_AUTH, "Access Key" },
    { 401, 1001, KINEMA_ERROR_AUTH, "Missing credentials" },
    { 401, 1002, KINEMA_ERROR_AUTH, "invalid" },
    { 401, 1003, KINEMA_ERROR_AUTH, "clock" },
    { 401, 1004, KINEMA_ERROR_AUTH, "clock" },
    { 429, 1100, KINEMA_ERROR_BALANCE, "account" },
    { 429, 1101, KINEMA_ERROR_BALANCE, "arrears" },
    { 429, 1102, KINEMA_ERROR_BALANCE, "resource pack" },
    { 403, 1103, KINEMA_ERROR_FEATURE_DISABLED, "not enabled" },
    { 400, 1200, KINEMA_ERROR_INVALID_PARAMETER, "Invalid request: server says" },
    { 400, 1201, KINEMA_ERROR_INVALID_PARAMETER, "Invalid request: server says" },
    { 404, 1202, KINEMA_ERROR_NOT_FOUND, "Unknown model or endpoint: server says" },
    { 404, 1203, KINEMA_ERROR_NOT_FOUND, "Unknown model or endpoint" },
    { 400, 1300, KINEMA_ERROR_CONTENT_POLICY, "policy" },
    { 400, 1301, KINEMA_ERROR_CONTENT_POLICY, "moderation" },
    { 429, 1302, KINEMA_ERROR_RATE_LIMIT, "Too many requests" },
    { 429, 1303, KINEMA_ERROR_RATE_LIMIT, "simultaneous" },
    { 429, 1304, KINEMA_ERROR_AUTH, "whitelist" },
    { 500, 5000, KINEMA_ERROR_SERVER, "server error" },
    { 503, 5001, KINEMA_ERROR_MAINTENANCE, "maintenance" },
    { 504, 5002, KINEMA_ERROR_SERVER, "timed out" },
    /* Unlisted codes, by range */
    { 401, 1005, KINEMA_ERROR_AUTH, "1005" },
    { 400, 1250, KINEMA_ERROR_INVALID_PARAMETER, "1250" },
    { 500, 5099, KINEMA_ERROR_SERVER, "5099" },
  };
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"code\":%d,\"message\":\"server says\",\"request_id\":\"r\"}",
                                               rows[i].code);
      g_autoptr(GError) submit_error = NULL;
      g_autoptr(GError) poll_error = NULL;
      g_autoptr(GError) ok_status_error = NULL;

      g_assert_null (kinema_dialect_kling.parse_submit (cfg, rows[i].http, json, strlen (json), &submit_error));
      g_assert_error (submit_error, KINEMA_ERROR, (int) rows[i].expected);
      if (strstr (submit_error->message, rows[i].words) == NULL)
        g_error ("code %d: “%s” lacks “%s”", rows[i].code, submit_error->message, rows[i].words);

      g_assert_null (kinema_dialect_kling.parse_poll (cfg, rows[i].http, json, strlen (json), &poll_error));
      g_assert_error (poll_error, KINEMA_ERROR, (int) rows[i].expected);

      /* The body code decides even under HTTP 200. */
      g_assert_null (kinema_dialect_kling.parse_poll (cfg, 200, json, strlen (json), &ok_status_error));
      g_assert_error (ok_status_error, KINEMA_ERROR, (int) rows[i].expected);
    }
}

static void
test_http_errors_without_body (void)
{
  struct { guint http; KinemaErrorCode expected; } rows[] = {
    { 401, KINEMA_ERROR_AUTH },
    { 404, KINEMA_ERROR_NOT_FOUND },
    { 429, KINEMA_ERROR_RATE_LIMIT },
    { 500, KINEMA_ERROR_SERVER },
  };
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (kinema_dialect_kling.parse_poll (cfg, rows[i].http, "", 0, &error));
      g_assert_error (error, KINEMA_ERROR, (int) rows[i].expected);
    }
}

static void
test_rejected_token_clears_cache (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(GError) error = NULL;
  const char *json = "{\"code\":1004,\"message\":\"token expired\"}";
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *before = kinema_kling_jwt_get ("clear-ak", "sk", now - 100);
  g_autofree char *cached = kinema_kling_jwt_get ("clear-ak", "sk", now);
  g_autofree char *after = NULL;

  g_assert_cmpstr (before, ==, cached);
  g_assert_null (kinema_dialect_kling.parse_poll (cfg, 401, json, strlen (json), &error));
  after = kinema_kling_jwt_get ("clear-ak", "sk", now);
  g_assert_cmpstr (after, !=, before);
}

/* Elements */

static void
test_element_create (void)
{
  const char *imgs[] = { "/local/front.png", "https://cdn.example.com/side.png", "https://cdn.example.com/back.png", NULL };
  KinemaElement element = { (char *) "a_rather_long_element_name_here", (char *) "", (GStrv) imgs };
  KinemaElement single = { (char *) "solo", (char *) "one", (GStrv) (const char *[]) { "https://x/a.png", NULL } };
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  g_autoptr(GHashTable) images = make_images ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(KinemaHttpCall) poll = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *body, *list;
  JsonArray *refer;

  images_add (images, "/local/front.png", "RlJPTlQ=");
  call = kinema_kling_build_element_create (cfg, "AK:SK", &element, images, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->method, ==, "POST");
  g_assert_cmpstr (call->url, ==, BASE "/v1/general/advanced-custom-elements");
  g_assert_true (g_str_has_prefix (kinema_http_call_get_header (call, "Authorization"), "Bearer ey"));
  body = body_of (call);
  /* ≤20 characters */
  assert_string_member (body, "element_name", "a_rather_long_elemen");
  assert_string_member (body, "element_description", "a_rather_long_element_name_here");
  assert_string_member (body, "reference_type", "image_refer");
  list = json_object_get_object_member (body, "element_image_list");
  assert_string_member (list, "frontal_image", "RlJPTlQ=");
  refer = json_object_get_array_member (list, "refer_images");
  g_assert_cmpuint (json_array_get_length (refer), ==, 2);
  assert_string_member (json_array_get_object_element (refer, 1), "image_url", "https://cdn.example.com/back.png");

  g_assert_null (kinema_kling_build_element_create (cfg, "k", &single, images, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_clear_error (&error);

  poll = kinema_kling_build_element_poll (cfg, "k", "el-task-9", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (poll->method, ==, "GET");
  g_assert_cmpstr (poll->url, ==, BASE "/v1/general/advanced-custom-elements/el-task-9");
}

static void
test_element_parse (void)
{
  const char *created = "{\"code\":0,\"message\":\"SUCCEED\",\"data\":{\"task_id\":\"el-1\",\"task_status\":\"submitted\"}}";
  const char *running = "{\"code\":0,\"data\":{\"task_id\":\"el-1\",\"task_status\":\"processing\"}}";
  const char *done = "{\"code\":0,\"data\":{\"task_id\":\"el-1\",\"task_status\":\"succeed\","
                     "\"task_result\":{\"elements\":[{\"element_id\":860123456789}]}}}";
  const char *done_flat = "{\"code\":0,\"data\":{\"task_id\":\"el-1\",\"task_status\":\"succeed\","
                          "\"task_result\":{\"element_id\":\"abc\"}}}";
  const char *done_no_id = "{\"code\":0,\"data\":{\"task_id\":\"el-1\",\"task_status\":\"succeed\"}}";
  const char *failed = "{\"code\":0,\"data\":{\"task_id\":\"el-1\",\"task_status\":\"failed\",\"task_status_msg\":\"bad image\"}}";
  const char *denied = "{\"code\":1103,\"message\":\"no access\"}";
  g_autoptr(GError) error = NULL;
  g_autofree char *task_id = NULL;
  char *element_id = NULL;
  KinemaTaskState state;

  g_assert_true (kinema_kling_parse_element_full (200, created, strlen (created), &task_id, &element_id, &state, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (task_id, ==, "el-1");
  g_assert_null (element_id);
  g_assert_cmpint (state, ==, KINEMA_TASK_QUEUED);

  g_assert_true (kinema_kling_parse_element (200, running, strlen (running), &element_id, &state, &error));
  g_assert_cmpint (state, ==, KINEMA_TASK_RUNNING);
  g_assert_null (element_id);

  g_assert_true (kinema_kling_parse_element (200, done, strlen (done), &element_id, &state, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state, ==, KINEMA_TASK_SUCCEEDED);
  g_assert_cmpstr (element_id, ==, "860123456789");
  g_clear_pointer (&element_id, g_free);

  g_assert_true (kinema_kling_parse_element (200, done_flat, strlen (done_flat), &element_id, &state, &error));
  g_assert_cmpstr (element_id, ==, "abc");
  g_clear_pointer (&element_id, g_free);

  g_assert_false (kinema_kling_parse_element (200, done_no_id, strlen (done_no_id), &element_id, &state, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED);
  g_clear_error (&error);

  g_assert_false (kinema_kling_parse_element (200, failed, strlen (failed), &element_id, &state, &error));
  g_assert_cmpint (state, ==, KINEMA_TASK_FAILED);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_GENERATION_FAILED);
  g_assert_nonnull (strstr (error->message, "bad image"));
  g_clear_error (&error);

  g_assert_false (kinema_kling_parse_element (403, denied, strlen (denied), &element_id, &state, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_FEATURE_DISABLED);
  g_assert_null (element_id);
}

/* Capabilities and schedule */

static void
test_capabilities (void)
{
  g_autoptr(KinemaProviderConfig) cfg = make_cfg ();
  KinemaCapabilities caps;

  kinema_dialect_kling.init_capabilities (cfg, &caps);
  g_assert_cmpuint (caps.modes, ==, (1 << KINEMA_MODE_TEXT) | (1 << KINEMA_MODE_IMAGE) | (1 << KINEMA_MODE_REFERENCE));
  g_assert_true (caps.elements_need_image);
  g_assert_cmpuint (caps.min_element_images, ==, 2);
  g_assert_cmpuint (caps.max_element_images, ==, 4);
  g_assert_cmpuint (caps.max_elements, ==, 3);
  g_assert_cmpuint (caps.max_shot_prompt_chars, ==, 512);
  g_assert_cmpuint (caps.max_shots, ==, 6);
  g_assert_false (caps.last_frame_in_multi_shot);
  g_assert_cmpuint (caps.max_reference_images, ==, 7);
  g_assert_true (caps.watermark);
  g_assert_cmpuint (caps.image_transports, ==, KINEMA_IMAGE_URL | KINEMA_IMAGE_BASE64);
  g_assert_true (caps.external_task_id);
  g_assert_false (caps.reports_price);
  g_assert_false (caps.reports_progress);
  g_assert_cmpint (caps.resolution_via, ==, KINEMA_RESOLUTION_VIA_MODE);
}

static void
test_poll_schedule (void)
{
  g_assert_nonnull (kinema_dialect_kling.next_poll_delay);
  g_assert_cmpint (kinema_dialect_kling.next_poll_delay (0, 0), ==, 5);
  g_assert_cmpint (kinema_dialect_kling.next_poll_delay (30, 300), ==, 10);
  g_assert_cmpint (kinema_dialect_kling.next_poll_delay (80, 900), ==, 15);
  g_assert_cmpint (kinema_dialect_kling.next_poll_delay (100, 1201), <, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dialect/kling/jwt/structure", test_jwt_structure);
  g_test_add_func ("/dialect/kling/jwt/signature", test_jwt_signature);
  g_test_add_func ("/dialect/kling/jwt/escapes-issuer", test_jwt_escapes_issuer);
  g_test_add_func ("/dialect/kling/jwt/cache", test_jwt_cache);
  g_test_add_func ("/dialect/kling/jwt/threads", test_jwt_threads);
  g_test_add_func ("/dialect/kling/jwt/split-key", test_split_key);
  g_test_add_func ("/dialect/kling/authorization", test_authorization);
  g_test_add_func ("/dialect/kling/body/text2video", test_text2video);
  g_test_add_func ("/dialect/kling/body/text2video-defaults", test_text2video_defaults);
  g_test_add_func ("/dialect/kling/body/image2video-first", test_image2video_first);
  g_test_add_func ("/dialect/kling/body/image2video-first-last", test_image2video_first_last);
  g_test_add_func ("/dialect/kling/body/image-errors", test_image_errors);
  g_test_add_func ("/dialect/kling/body/multi-shot-customize", test_multi_shot_customize);
  g_test_add_func ("/dialect/kling/body/multi-shot-intelligence", test_multi_shot_intelligence);
  g_test_add_func ("/dialect/kling/body/elements", test_elements);
  g_test_add_func ("/dialect/kling/body/elements-need-image", test_elements_need_image);
  g_test_add_func ("/dialect/kling/body/omni", test_omni);
  g_test_add_func ("/dialect/kling/body/omni-model-names", test_omni_model_names);
  g_test_add_func ("/dialect/kling/poll/hint-round-trip", test_poll_hint_round_trip);
  g_test_add_func ("/dialect/kling/poll/build-hints", test_build_poll_hints);
  g_test_add_func ("/dialect/kling/poll/statuses", test_poll_statuses);
  g_test_add_func ("/dialect/kling/poll/succeed", test_poll_succeed);
  g_test_add_func ("/dialect/kling/poll/failed", test_poll_failed);
  g_test_add_func ("/dialect/kling/submit/problems", test_parse_submit_problems);
  g_test_add_func ("/dialect/kling/errors/table", test_error_table);
  g_test_add_func ("/dialect/kling/errors/http-without-body", test_http_errors_without_body);
  g_test_add_func ("/dialect/kling/errors/rejected-token-clears-cache", test_rejected_token_clears_cache);
  g_test_add_func ("/dialect/kling/element/create", test_element_create);
  g_test_add_func ("/dialect/kling/element/parse", test_element_parse);
  g_test_add_func ("/dialect/kling/capabilities", test_capabilities);
  g_test_add_func ("/dialect/kling/poll-schedule", test_poll_schedule);

  return g_test_run ();
}
