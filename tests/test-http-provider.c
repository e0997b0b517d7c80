/* test-http-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KinemaHttpProvider end to end against the in-process mock server:
 * submit -> poll -> download for the linkmodel, modelstream and uniall
 * presets in every mode each supports, checking the body the mock saw;
 * then faults, each mapped to its KINEMA_ERROR code and message.
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "kinema-error.h"
#include "kinema-http-provider.h"
#include "kinema-mock-server.h"
#include "kinema-presets.h"

static KinemaMockServer *mock;
static char *local_png;        /* a real 320x320 PNG */
static char *tmp_dir;

#define URL_FIRST "https://cdn.example.com/first.png"
#define URL_LAST  "https://cdn.example.com/last.png"
#define URL_REF   "https://cdn.example.com/ref.png"

/* ---- helpers ---------------------------------------------------- */

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static KinemaProviderConfig *
mock_config (const char *preset)
{
  KinemaProviderConfig *cfg = kinema_provider_config_copy (kinema_presets_lookup (preset));

  g_free (cfg->base_url);
  cfg->base_url = kinema_mock_server_dup_base_url (mock, preset);
  g_assert_nonnull (cfg->base_url);
  return cfg;
}

static KinemaProvider *
make_provider (const char *preset,
               const char *api_key)
{
  g_autoptr(KinemaProviderConfig) cfg = mock_config (preset);
  g_autoptr(GError) error = NULL;
  KinemaProvider *provider;

  provider = kinema_http_provider_new (cfg, api_key ? api_key : KINEMA_MOCK_DEFAULT_API_KEY, &error);
  g_assert_no_error (error);
  g_assert_true (KINEMA_IS_HTTP_PROVIDER (provider));
  return provider;
}

static KinemaTaskStatus *
do_submit (KinemaProvider  *provider,
           KinemaRequest   *request,
           GCancellable    *cancellable,
           GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kinema_provider_submit_async (provider, request, "job-test", cancellable, got_result_cb, &result);
  return kinema_provider_submit_finish (provider, wait_for (&result), error);
}

static KinemaTaskStatus *
do_poll (KinemaProvider  *provider,
         const char      *task_id,
         const char      *hint,
         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kinema_provider_poll_async (provider, task_id, hint, NULL, got_result_cb, &result);
  return kinema_provider_poll_finish (provider, wait_for (&result), error);
}

/* Polls until a terminal state (the mock moves a task along in ~0.15 s). */
static KinemaTaskStatus *
poll_until_done (KinemaProvider   *provider,
                 KinemaTaskStatus *submitted,
                 GError          **error)
{
  for (guint attempt = 0; attempt < 400; attempt++)
    {
      KinemaTaskStatus *st = do_poll (provider, submitted->task_id, submitted->poll_hint, error);

      if (st == NULL)
        return NULL;
      if (st->state == KINEMA_TASK_SUCCEEDED || st->state == KINEMA_TASK_FAILED ||
          st->state == KINEMA_TASK_CANCELLED)
        return st;
      g_assert_cmpint (st->progress, <=, 100);
      kinema_task_status_free (st);
      g_usleep (20000);
    }
  g_assert_not_reached ();
  return NULL;
}

static GBytes *
download (const char *url,
          guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  return bytes;
}

static void
assert_is_mp4 (GBytes *bytes)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpuint (len, >, 1000);
  g_assert_cmpmem (data + 4, 4, "ftyp", 4);
}

static JsonObject *
last_body (const char *prefix)
{
  JsonNode *node = kinema_mock_server_dup_last_body (mock, prefix);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  /* keep it alive for the test: the object holds a ref of its own */
  {
    JsonObject *obj = json_object_ref (json_node_get_object (node));

    json_node_unref (node);
    return obj;
  }
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
assert_base64_png (const char *value)
{
  g_autofree guchar *raw = NULL;
  gsize len = 0;

  g_assert_false (g_str_has_prefix (value, "http"));
  g_assert_false (g_str_has_prefix (value, "data:"));
  raw = g_base64_decode (value, &len);
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpmem (raw, 8, "\x89PNG\r\n\x1a\n", 8);
}

static const char *
submit_path (const char *preset)
{
  if (g_str_equal (preset, "linkmodel"))
    return "/linkmodel/api/v1/video-generation";
  if (g_str_equal (preset, "modelstream"))
    return "/modelstream/v1/video/generations";
  return "/uniall/v1/video/generations";
}

static KinemaRequest *
base_request (void)
{
  KinemaRequest *r = kinema_request_new ();

  kinema_request_set_prompt (r, "A red fox trots across a snowy meadow at dawn");
  kinema_request_set_duration (r, 5);
  return r;
}

/* ---- e2e cases ---------------------------------------------------- */

typedef struct
{
  const char *preset;
  const char *mode;
  void      (*setup) (KinemaRequest *r);
  void      (*check) (JsonObject *body);
} E2ECase;

static void
setup_t2v (KinemaRequest *r)
{
  kinema_request_set_aspect (r, KINEMA_ASPECT_9_16);
  kinema_request_set_audio (r, TRUE);
  kinema_request_set_negative_prompt (r, "blurry, text");
}

static void
setup_i2v_url (KinemaRequest *r)
{
  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, URL_FIRST);
}

static void
setup_i2v_local (KinemaRequest *r)
{
  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, local_png);
  kinema_request_set_quality (r, KINEMA_QUALITY_PRO);
}

static void
setup_frames (KinemaRequest *r)
{
  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, URL_FIRST);
  kinema_request_set_last_frame (r, URL_LAST);
}

static void
setup_multishot (KinemaRequest *r)
{
  kinema_request_set_prompt (r, "");
  kinema_request_set_duration (r, 7);
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (r, 3, "Wide shot: a lighthouse on a cliff at dusk");
  kinema_request_add_shot (r, 4, "Close-up: the keeper lights the lamp");
}

static void
setup_multishot_image (KinemaRequest *r)
{
  setup_multishot (r);
  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, URL_FIRST);
}

static void
setup_intelligence (KinemaRequest *r)
{
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_INTELLIGENCE);
}

static void
setup_reference (KinemaRequest *r)
{
  kinema_request_set_mode (r, KINEMA_MODE_REFERENCE);
  kinema_request_set_prompt (r, "<<<image_1>>> walks beside <<<image_2>>> along the shore");
  kinema_request_add_reference_image (r, URL_REF);
  kinema_request_add_reference_image (r, local_png);
}

/* LinkModel (§1) */

static void
check_linkmodel_t2v (JsonObject *body)
{
  JsonObject *extends;

  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "kling-v3");
  g_assert_cmpstr (json_object_get_string_member (body, "prompt"), ==, "A red fox trots across a snowy meadow at dawn");
  g_assert_cmpstr (json_object_get_string_member (body, "resolution"), ==, "720P");
  g_assert_cmpint (member_type (body, "duration"), ==, G_TYPE_INT64);
  g_assert_cmpstr (json_object_get_string_member (body, "size"), ==, "9x16");
  extends = json_object_get_object_member (body, "extends");
  g_assert_true (json_object_get_boolean_member (extends, "audio"));
  g_assert_true (json_object_get_boolean_member (body, "extends.audio"));
  g_assert_cmpstr (json_object_get_string_member (body, "extends.negative_prompt"), ==, "blurry, text");
  g_assert_cmpstr (json_object_get_string_member (extends, "negative_prompt"), ==, "blurry, text");
}

static void
check_linkmodel_i2v (JsonObject *body)
{
  g_assert_cmpstr (json_object_get_string_member (body, "first_frame_image"), ==, URL_FIRST);
  g_assert_false (json_object_has_member (body, "last_frame_image"));
  g_assert_false (json_object_has_member (body, "size"));
}

static void
check_linkmodel_frames (JsonObject *body)
{
  g_assert_cmpstr (json_object_get_string_member (body, "first_frame_image"), ==, URL_FIRST);
  g_assert_cmpstr (json_object_get_string_member (body, "last_frame_image"), ==, URL_LAST);
}

/* ModelStream (§3) */

static void
check_modelstream_t2v (JsonObject *body)
{
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "kling-v3");
  g_assert_cmpstr (json_object_get_string_member (body, "mode"), ==, "std");
  g_assert_cmpint (member_type (body, "duration"), ==, G_TYPE_INT64);
  g_assert_cmpstr (json_object_get_string_member (body, "aspect_ratio"), ==, "9:16");
  g_assert_cmpint (member_type (body, "watermark_enabled"), ==, G_TYPE_BOOLEAN);
  g_assert_cmpstr (json_object_get_string_member (body, "negative_prompt"), ==, "blurry, text");
  g_assert_cmpstr (json_object_get_string_member (body, "sound"), ==, "on");
}

static void
check_modelstream_i2v_local (JsonObject *body)
{
  assert_base64_png (json_object_get_string_member (body, "image"));
  g_assert_cmpstr (json_object_get_string_member (body, "mode"), ==, "pro");
}

static void
check_modelstream_frames (JsonObject *body)
{
  g_assert_cmpstr (json_object_get_string_member (body, "image"), ==, URL_FIRST);
  g_assert_cmpstr (json_object_get_string_member (body, "image_tail"), ==, URL_LAST);
}

static void
check_modelstream_multishot (JsonObject *body)
{
  JsonArray *shots = json_object_get_array_member (body, "multi_prompt");

  g_assert_true (json_object_get_boolean_member (body, "multi_shot"));
  g_assert_cmpuint (json_array_get_length (shots), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (shots, 1), "duration"), ==, "4");
}

static void
check_modelstream_reference (JsonObject *body)
{
  JsonArray *list = json_object_get_array_member (body, "image_list");

  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "image_url"), ==, URL_REF);
  assert_base64_png (json_object_get_string_member (json_array_get_object_element (list, 1), "image_url"));
  g_assert_false (json_object_has_member (body, "image"));
}

/* UniAll (§5) */

static void
check_uniall_t2v (JsonObject *body)
{
  JsonObject *extra = json_object_get_object_member (body, "extra_body");

  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "kling-v3-std-audio");
  g_assert_cmpstr (json_object_get_string_member (body, "aspect_ratio"), ==, "9:16");
  g_assert_cmpint (member_type (body, "duration"), ==, G_TYPE_INT64);
  g_assert_cmpstr (json_object_get_string_member (extra, "negative_prompt"), ==, "blurry, text");
  g_assert_cmpint (member_type (extra, "cfg_scale"), ==, G_TYPE_DOUBLE);
}

static void
check_uniall_i2v (JsonObject *body)
{
  g_assert_cmpstr (json_object_get_string_member (body, "model"), ==, "kling-v3-std-silent");
  g_assert_cmpstr (json_object_get_string_member (body, "image"), ==, URL_FIRST);
}

static void
check_uniall_frames (JsonObject *body)
{
  g_assert_cmpstr (json_object_get_string_member (body, "image"), ==, URL_FIRST);
  g_assert_cmpstr (json_object_get_string_member (body, "last_image"), ==, URL_LAST);
}

static void
check_uniall_multishot (JsonObject *body)
{
  JsonObject *extra = json_object_get_object_member (body, "extra_body");

  g_assert_false (json_object_has_member (body, "prompt"));
  g_assert_cmpstr (json_object_get_string_member (extra, "shot_type"), ==, "customize");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (extra, "multi_prompt")), ==, 2);
}

static void
check_uniall_intelligence (JsonObject *body)
{
  JsonObject *extra = json_object_get_object_member (body, "extra_body");

  g_assert_cmpstr (json_object_get_string_member (extra, "shot_type"), ==, "intelligent");
  g_assert_cmpstr (json_object_get_string_member (body, "prompt"), ==, "A red fox trots across a snowy meadow at dawn");
}

static const E2ECase e2e_cases[] = {
  { "linkmodel", "t2v", setup_t2v, check_linkmodel_t2v },
  { "linkmodel", "i2v", setup_i2v_url, check_linkmodel_i2v },
  { "linkmodel", "first-last", setup_frames, check_linkmodel_frames },
  { "modelstream", "t2v", setup_t2v, check_modelstream_t2v },
  { "modelstream", "i2v-local-file", setup_i2v_local, check_modelstream_i2v_local },
  { "modelstream", "first-last", setup_frames, check_modelstream_frames },
  { "modelstream", "multi-shot", setup_multishot, check_modelstream_multishot },
  { "modelstream", "reference", setup_reference, check_modelstream_reference },
  { "uniall", "t2v", setup_t2v, check_uniall_t2v },
  { "uniall", "i2v", setup_i2v_url, check_uniall_i2v },
  { "uniall", "first-last", setup_frames, check_uniall_frames },
  { "uniall", "multi-shot", setup_multishot_image, check_uniall_multishot },
  { "uniall", "intelligence", setup_intelligence, check_uniall_intelligence },
};

static void
test_e2e (gconstpointer user_data)
{
  const E2ECase *c = user_data;
  g_autoptr(KinemaProvider) provider = NULL;
  g_autoptr(KinemaRequest) request = base_request ();
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(KinemaTaskStatus) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GBytes) video = NULL;
  g_autofree char *auth = NULL;
  g_autofree char *agent = NULL;
  g_autofree char *rejection = NULL;
  guint http = 0;

  kinema_mock_server_reset (mock);
  provider = make_provider (c->preset, NULL);
  c->setup (request);

  submitted = do_submit (provider, request, NULL, &error);
  rejection = kinema_mock_server_dup_last_rejection (mock, c->preset);
  if (rejection != NULL)
    g_test_message ("the mock refused: %s", rejection);
  g_assert_no_error (error);
  g_assert_nonnull (submitted->task_id);
  g_assert_true (submitted->state == KINEMA_TASK_QUEUED || submitted->state == KINEMA_TASK_RUNNING);

  /* what went on the wire */
  g_assert_cmpuint (kinema_mock_server_get_count (mock, submit_path (c->preset)), ==, 1);
  body = last_body (c->preset);
  c->check (body);
  auth = kinema_mock_server_dup_last_header (mock, c->preset, "Authorization");
  g_assert_cmpstr (auth, ==, "Bearer " KINEMA_MOCK_DEFAULT_API_KEY);
  agent = kinema_mock_server_dup_last_header (mock, c->preset, "User-Agent");
  g_assert_true (g_str_has_prefix (agent, "Kinema/"));

  done = poll_until_done (provider, submitted, &error);
  g_assert_no_error (error);
  g_assert_cmpint (done->state, ==, KINEMA_TASK_SUCCEEDED);
  g_assert_nonnull (done->video_url);
  g_assert_null (done->error);
  if (g_str_equal (c->preset, "linkmodel"))
    g_assert_cmpfloat (submitted->price, >, 0);

  video = download (done->video_url, &http);
  g_assert_cmpuint (http, ==, 200);
  assert_is_mp4 (video);
}

/* ---- faults -------------------------------------------------------- */

typedef struct
{
  const char      *preset;
  guint            status;
  KinemaErrorCode  code;
} StatusFault;

static const char * const presets3[] = { "linkmodel", "modelstream", "uniall" };

static const struct {
  guint status;
  KinemaErrorCode code;
} status_faults[] = {
  { 401, KINEMA_ERROR_AUTH },
  { 402, KINEMA_ERROR_BALANCE },
  { 422, KINEMA_ERROR_INVALID_PARAMETER },
  { 429, KINEMA_ERROR_RATE_LIMIT },
  { 455, KINEMA_ERROR_MAINTENANCE },
  { 500, KINEMA_ERROR_SERVER },
  { 501, KINEMA_ERROR_SERVER },
  { 505, KINEMA_ERROR_SERVER },
};

static StatusFault status_cases[G_N_ELEMENTS (presets3) * G_N_ELEMENTS (status_faults)];

static void
test_fault_status (gconstpointer user_data)
{
  const StatusFault *c = user_data;
  g_autoptr(KinemaProvider) provider = NULL;
  g_autoptr(KinemaRequest) request = base_request ();
  g_autoptr(KinemaTaskStatus) st = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = kinema_presets_lookup (c->preset)->name;

  kinema_mock_server_reset (mock);
  provider = make_provider (c->preset, NULL);
  kinema_mock_server_push_fault (mock, submit_path (c->preset), KINEMA_MOCK_FAULT_STATUS,
                                 c->status, c->status == 429 ? 7 : 0, NULL);

  st = do_submit (provider, request, NULL, &error);
  g_assert_null (st);
  g_test_message ("HTTP %u -> %s", c->status, error ? error->message : "(none)");
  g_assert_error (error, KINEMA_ERROR, (int) c->code);
  g_assert_nonnull (strstr (error->message, name));
  if (c->status == 429)
    g_assert_cmpuint (kinema_error_get_retry_after (error), ==, 7);
  else
    g_assert_cmpuint (kinema_error_get_retry_after (error), ==, 0);
  g_assert_cmpuint (kinema_mock_server_get_count (mock, submit_path (c->preset)), ==, 1);
}

static void
test_fault_poll_status (void)
{
  g_autoptr(KinemaProvider) provider = NULL;
  g_autoptr(KinemaRequest) request = base_request ();
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(KinemaTaskStatus) st = NULL;
  g_autoptr(GError) error = NULL;

  kinema_mock_server_reset (mock);
  provider = make_provider ("uniall", NULL);
  submitted = do_submit (provider, request, NULL, &error);
  g_assert_no_error (error);

  kinema_mock_server_push_fault (mock, "/uniall/v1/videos/", KINEMA_MOCK_FAULT_STATUS, 429, 3, NULL);
  st = do_poll (provider, submitted->task_id, NULL, &error);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_RATE_LIMIT);
  g_assert_cmpuint (kinema_error_get_retry_after (error), ==, 3);
  g_clear_error (&error);

  /* an unknown task */
  st = do_poll (provider, "task_does_not_exist", NULL, &error);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND);
}

static void
test_fault_linkmodel_balance (void)
{
  g_autoptr(KinemaProvider) provider = make_provider ("linkmodel", NULL);
  g_autoptr(KinemaRequest) request = base_request ();
  g_autoptr(GError) error = NULL;
  KinemaTaskStatus *st;

  kinema_mock_server_reset (mock);
  kinema_mock_server_push_fault (mock, "video-generation", KINEMA_MOCK_FAULT_STATUS, 500, 0,
                                 "create task failed: billing: code=100601: insufficient balance");
  st = do_submit (provider, request, NULL, &error);
  g_assert_null (st);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_BALANCE);
  g_assert_cmpstr (error->message, ==, "LinkModel balance is too low; top up.");
}

static void
test_fault_wrong_key (void)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (presets3); i++)
    {
      g_autoptr(KinemaProvider) provider = make_provider (presets3[i], "wrong-key");
      g_autoptr(KinemaRequest) request = base_request ();
      KinemaTaskStatus *st;

      kinema_mock_server_reset (mock);
      st = do_submit (provider, request, NULL, &error);
      g_assert_null (st);
      g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
      g_assert_true (g_str_has_suffix (error->message, "API key is missing or invalid."));
      g_clear_error (&error);
    }
}

static void
test_fault_malformed (void)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (presets3); i++)
    {
      g_autoptr(KinemaProvider) provider = make_provider (presets3[i], NULL);
      g_autoptr(KinemaRequest) request = base_request ();
      g_autoptr(KinemaTaskStatus) submitted = NULL;
      KinemaTaskStatus *st;

      kinema_mock_server_reset (mock);
      /* a 200 nobody can read: the task may exist and be paid for */
      kinema_mock_server_push_fault (mock, submit_path (presets3[i]), KINEMA_MOCK_FAULT_MALFORMED, 0, 0, NULL);
      st = do_submit (provider, request, NULL, &error);
      g_assert_null (st);
      g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_UNKNOWN_OUTCOME);
      g_clear_error (&error);

      /* a poll that cannot be read is only a server problem */
      submitted = do_submit (provider, request, NULL, &error);
      g_assert_no_error (error);
      kinema_mock_server_push_fault (mock, presets3[i], KINEMA_MOCK_FAULT_MALFORMED, 0, 0, NULL);
      st = do_poll (provider, submitted->task_id, NULL, &error);
      g_assert_null (st);
      g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER);
      g_clear_error (&error);
    }
}

static void
test_fault_dropped_after_send (void)
{
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (presets3); i++)
    {
      g_autoptr(KinemaProvider) provider = make_provider (presets3[i], NULL);
      g_autoptr(KinemaRequest) request = base_request ();
      KinemaTaskStatus *st;

      kinema_mock_server_reset (mock);
      kinema_mock_server_push_fault (mock, submit_path (presets3[i]), KINEMA_MOCK_FAULT_DROP, 0, 0, NULL);
      st = do_submit (provider, request, NULL, &error);
      g_assert_null (st);
      g_test_message ("%s: %s", presets3[i], error->message);
      g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_UNKNOWN_OUTCOME);
      g_assert_nonnull (strstr (error->message, "retry is a new paid job"));
      g_clear_error (&error);
      /* sent exactly once: nothing resubmitted it behind our back */
      g_assert_cmpuint (kinema_mock_server_get_count (mock, submit_path (presets3[i])), ==, 1);

      kinema_mock_server_push_fault (mock, submit_path (presets3[i]), KINEMA_MOCK_FAULT_TRUNCATED, 0, 0, NULL);
      st = do_submit (provider, request, NULL, &error);
      g_assert_null (st);
      g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_UNKNOWN_OUTCOME);
      g_clear_error (&error);
      g_assert_cmpuint (kinema_mock_server_get_count (mock, submit_path (presets3[i])), ==, 2);
    }
}

static void
test_fault_dropped_poll (void)
{
  g_autoptr(KinemaProvider) provider = make_provider ("modelstream", NULL);
  g_autoptr(KinemaRequest) request = base_request ();
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(GError) error = NULL;
  KinemaTaskStatus *st;

  kinema_mock_server_reset (mock);
  submitted = do_submit (provider, request, NULL, &error);
  g_assert_no_error (error);
  /* libsoup quietly re-sends an idempotent GET once when a reused
   * connection turns out closed, so drop twice. */
  kinema_mock_server_push_fault (mock, "/modelstream/v1/video/generations/", KINEMA_MOCK_FAULT_DROP, 0, 0, NULL);
  kinema_mock_server_push_fault (mock, "/modelstream/v1/video/generations/", KINEMA_MOCK_FAULT_DROP, 0, 0, NULL);
  st = do_poll (provider, submitted->task_id, NULL, &error);
  g_assert_null (st);
  /* a poll is harmless to repeat: just a network problem */
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_NETWORK);
}

static void
test_fault_slow (void)
{
  g_autoptr(KinemaProvider) provider = make_provider ("linkmodel", NULL);
  g_autoptr(KinemaRequest) request = base_request ();
  g_autoptr(GError) error = NULL;
  KinemaTaskStatus *st;
  gint64 start;

  kinema_mock_server_reset (mock);
  kinema_mock_server_push_fault (mock, "video-generation", KINEMA_MOCK_FAULT_SLOW, 0, 300, NULL);
  start = g_get_monotonic_time ();
  st = do_submit (provider, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 250000);
  g_assert_nonnull (st->task_id);
  kinema_task_status_free (st);

  /* slower than the session's timeout, after the request went out */
  kinema_http_provider_set_timeout (KINEMA_HTTP_PROVIDER (provider), 1);
  kinema_mock_server_push_fault (mock, "video-generation", KINEMA_MOCK_FAULT_SLOW, 0, 2500, NULL);
  st = do_submit (provider, request, NULL, &error);
  g_assert_null (st);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_UNKNOWN_OUTCOME);
  g_assert_cmpuint (kinema_mock_server_get_count (mock, submit_path ("linkmodel")), ==, 2);
}

static void
test_fault_connection_refused (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(KinemaProviderConfig) cfg = mock_config ("uniall");
  g_autoptr(KinemaProvider) provider = NULL;
  g_autoptr(KinemaRequest) request = base_request ();
  g_autoptr(GError) error = NULL;
  KinemaTaskStatus *st;
  guint16 port;

  /* a port that was free a moment ago and has nobody listening now */
  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  g_free (cfg->base_url);
  cfg->base_url = g_strdup_printf ("http://127.0.0.1:%u/uniall", port);
  provider = kinema_http_provider_new (cfg, "k", &error);
  g_assert_no_error (error);

  st = do_submit (provider, request, NULL, &error);
  g_assert_null (st);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_NETWORK);
  g_assert_nonnull (strstr (error->message, "UniAll"));
}

static void
test_fault_task_failed (void)
{
  static const struct { const char *message; KinemaErrorCode code; } cases[] = {
    { "upstream render node crashed", KINEMA_ERROR_GENERATION_FAILED },
    { "the image failed content moderation", KINEMA_ERROR_CONTENT_POLICY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (presets3); i++)
    for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
      {
        g_autoptr(KinemaProvider) provider = make_provider (presets3[i], NULL);
        g_autoptr(KinemaRequest) request = base_request ();
        g_autoptr(KinemaTaskStatus) submitted = NULL;
        g_autoptr(KinemaTaskStatus) done = NULL;
        g_autoptr(GError) error = NULL;

        kinema_mock_server_reset (mock);
        kinema_mock_server_push_fault (mock, submit_path (presets3[i]), KINEMA_MOCK_FAULT_TASK_FAILED,
                                       0, 0, cases[j].message);
        submitted = do_submit (provider, request, NULL, &error);
        g_assert_no_error (error);
        done = poll_until_done (provider, submitted, &error);
        g_assert_no_error (error);
        g_assert_cmpint (done->state, ==, KINEMA_TASK_FAILED);
        g_assert_error (done->error, KINEMA_ERROR, (int) cases[j].code);
        g_assert_nonnull (strstr (done->error->message, cases[j].message));
        g_assert_null (done->video_url);
      }
}

static void
test_fault_expired_result (void)
{
  static const guint statuses[] = { 404, 403 };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(KinemaProvider) provider = make_provider ("linkmodel", NULL);
      g_autoptr(KinemaRequest) request = base_request ();
      g_autoptr(KinemaTaskStatus) submitted = NULL;
      g_autoptr(KinemaTaskStatus) done = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      guint http = 0;

      kinema_mock_server_reset (mock);
      submitted = do_submit (provider, request, NULL, &error);
      g_assert_no_error (error);
      done = poll_until_done (provider, submitted, &error);
      g_assert_no_error (error);
      g_assert_cmpint (done->state, ==, KINEMA_TASK_SUCCEEDED);

      kinema_mock_server_push_fault (mock, "/files/", KINEMA_MOCK_FAULT_EXPIRED, statuses[i], 0, NULL);
      bytes = download (done->video_url, &http);
      g_assert_cmpuint (http, ==, statuses[i]);
      g_clear_pointer (&bytes, g_bytes_unref);

      /* one-shot: the next download works again */
      bytes = download (done->video_url, &http);
      g_assert_cmpuint (http, ==, 200);
      assert_is_mp4 (bytes);
    }
}

static void
test_nothing_sent (void)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  KinemaTaskStatus *st;

  /* LinkModel only takes URLs: a local file is refused before sending */
  {
    g_autoptr(KinemaProvider) provider = make_provider ("linkmodel", NULL);
    g_autoptr(KinemaRequest) request = base_request ();

    kinema_mock_server_reset (mock);
    kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
    kinema_request_set_first_frame (request, local_png);
    st = do_submit (provider, request, NULL, &error);
    g_assert_null (st);
    g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
    g_assert_nonnull (strstr (error->message, "first_frame"));
    g_clear_error (&error);
    g_assert_cmpuint (kinema_mock_server_get_count (mock, NULL), ==, 0);
  }

  /* a missing local file for a base64 provider */
  {
    g_autoptr(KinemaProvider) provider = make_provider ("modelstream", NULL);
    g_autoptr(KinemaRequest) request = base_request ();

    kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
    kinema_request_set_first_frame (request, "/nonexistent/kinema/image.png");
    st = do_submit (provider, request, NULL, &error);
    g_assert_null (st);
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_cmpuint (kinema_mock_server_get_count (mock, NULL), ==, 0);
  }

  /* cancelled before sending */
  {
    g_autoptr(KinemaProvider) provider = make_provider ("uniall", NULL);
    g_autoptr(KinemaRequest) request = base_request ();

    g_cancellable_cancel (cancellable);
    st = do_submit (provider, request, cancellable, &error);
    g_assert_null (st);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_assert_cmpuint (kinema_mock_server_get_count (mock, NULL), ==, 0);
  }
}

static void
test_base_url_policy (void)
{
  static const struct { const char *url; gboolean ok; } cases[] = {
    { "https://api.linkmodel.ai/api/v1", TRUE },
    { "http://127.0.0.1:8080/x", TRUE },
    { "http://127.4.5.6/x", TRUE },
    { "http://localhost:9/x", TRUE },
    { "http://[::1]:8080/x", TRUE },
    { "http://api.linkmodel.ai/api/v1", FALSE },
    { "http://192.168.1.10/x", FALSE },
    { "http://localhost.evil.example/x", FALSE },
    { "ftp://127.0.0.1/x", FALSE },
    { "not a url", FALSE },
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KinemaProviderConfig) cfg = kinema_provider_config_copy (kinema_presets_lookup ("linkmodel"));
      g_autoptr(KinemaProvider) provider = NULL;
      g_autoptr(GError) error = NULL;

      g_free (cfg->base_url);
      cfg->base_url = g_strdup (cases[i].url);
      provider = kinema_http_provider_new (cfg, "k", &error);
      g_test_message ("%s", cases[i].url);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_nonnull (provider);
        }
      else
        {
          g_assert_null (provider);
          g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER);
        }
    }

  {
    g_autoptr(KinemaProviderConfig) cfg = kinema_provider_config_copy (kinema_presets_lookup ("linkmodel"));
    g_autoptr(GError) error = NULL;
    KinemaProvider *provider;

    g_free (cfg->base_url);
    cfg->base_url = g_strdup ("http://api.example.com");
    provider = kinema_http_provider_new (cfg, "k", &error);
    g_assert_null (provider);
    g_assert_nonnull (strstr (error->message, "https://"));
    g_clear_error (&error);

    g_free (cfg->dialect);
    cfg->dialect = g_strdup ("martian");
    cfg->base_url[4] = 's';
    provider = kinema_http_provider_new (cfg, "k", &error);
    g_assert_null (provider);
    g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER);
    g_assert_nonnull (strstr (error->message, "martian"));
  }
}

static void
test_capabilities_and_identity (void)
{
  g_autoptr(KinemaProvider) provider = make_provider ("uniall", NULL);
  const KinemaCapabilities *caps = kinema_provider_get_capabilities (provider);

  g_assert_cmpstr (kinema_provider_get_id (provider), ==, "uniall");
  g_assert_cmpstr (kinema_provider_get_name (provider), ==, "UniAll");
  g_assert_cmpstr (kinema_provider_get_dialect (provider), ==, "uniall");
  g_assert_false (kinema_provider_is_simulation (provider));
  g_assert_cmpint (caps->resolution_via, ==, KINEMA_RESOLUTION_VIA_MODEL);
  g_assert_true (caps->reports_progress);
  g_assert_nonnull (kinema_http_provider_get_session (KINEMA_HTTP_PROVIDER (provider)));
}

static void
test_poll_delay_scale (void)
{
  g_autoptr(KinemaProvider) linkmodel = make_provider ("linkmodel", NULL);
  g_autoptr(KinemaProvider) uniall = make_provider ("uniall", NULL);

  g_unsetenv ("KINEMA_POLL_SCALE");
  g_assert_cmpfloat (kinema_poll_scale (), ==, 1.0);
  /* LinkModel's documented schedule */
  g_assert_cmpint (kinema_provider_next_poll_delay (linkmodel, 0, 0), ==, 30);
  g_assert_cmpint (kinema_provider_next_poll_delay (linkmodel, 3, 60), ==, 5);
  g_assert_cmpint (kinema_provider_next_poll_delay (linkmodel, 30, 150), ==, 3);
  g_assert_cmpint (kinema_provider_next_poll_delay (linkmodel, 60, 300), ==, 8);
  g_assert_cmpint (kinema_provider_next_poll_delay (linkmodel, 90, 600), ==, 15);
  g_assert_cmpint (kinema_provider_next_poll_delay (linkmodel, 120, 15 * 60), <, 0);
  /* the default schedule for the others */
  g_assert_cmpint (kinema_provider_next_poll_delay (uniall, 0, 0), ==, 5);

  /* The scale is the engine's business: the provider's schedule stays
   * the documented one. */
  g_setenv ("KINEMA_POLL_SCALE", "0.1", TRUE);
  g_assert_cmpfloat (kinema_poll_scale (), ==, 0.1);
  g_assert_cmpint (kinema_provider_next_poll_delay (linkmodel, 0, 0), ==, 30);
  g_assert_cmpint (kinema_provider_next_poll_delay (linkmodel, 120, 15 * 60), <, 0);

  g_setenv ("KINEMA_POLL_SCALE", "garbage", TRUE);
  g_assert_cmpfloat (kinema_poll_scale (), ==, 1.0);
  g_setenv ("KINEMA_POLL_SCALE", "-2", TRUE);
  g_assert_cmpfloat (kinema_poll_scale (), ==, 1.0);
  g_setenv ("KINEMA_POLL_SCALE", "5", TRUE);
  g_assert_cmpfloat (kinema_poll_scale (), ==, 1.0);
  g_unsetenv ("KINEMA_POLL_SCALE");
}

static void
test_dry_run_call (void)
{
  g_autoptr(KinemaRequest) request = base_request ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GError) error = NULL;
  guint before = kinema_mock_server_get_count (mock, NULL);
  JsonObject *body;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, local_png);
  call = kinema_http_provider_build_submit_call (kinema_presets_lookup ("modelstream"), request,
                                                 NULL, "job-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (call->url, ==, "https://api.modelstream.ai/v1/video/generations");
  g_assert_cmpstr (kinema_http_call_get_header (call, "Authorization"), ==, "Bearer $KINEMA_API_KEY");
  body = json_node_get_object (call->body);
  assert_base64_png (json_object_get_string_member (body, "image"));
  g_assert_cmpuint (kinema_mock_server_get_count (mock, NULL), ==, before);
}

static void
test_presets (void)
{
  static const char * const ids[] = { "simulator", "kling", "linkmodel", "modelstream", "market", "kie", "uniall" };

  g_assert_cmpuint (kinema_presets_get_n (), ==, G_N_ELEMENTS (ids));
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      const KinemaProviderConfig *cfg = kinema_presets_lookup (ids[i]);

      g_assert_nonnull (cfg);
      g_assert_true (kinema_presets_get (i) == cfg);
      g_assert_cmpstr (cfg->id, ==, ids[i]);
      g_assert_nonnull (cfg->name);
      g_assert_nonnull (cfg->dialect);
      if (!g_str_equal (ids[i], "simulator"))
        g_assert_nonnull (kinema_dialect_lookup (cfg->dialect));
      if (cfg->base_url != NULL)
        g_assert_true (kinema_http_provider_check_base_url (cfg->base_url, NULL));
    }
  g_assert_null (kinema_presets_get (99));
  g_assert_null (kinema_presets_lookup ("nope"));
  g_assert_true (kinema_presets_lookup ("LinkModel") == kinema_presets_lookup ("linkmodel"));
  g_assert_cmpstr (kinema_presets_lookup ("kie")->profile, ==, "kie");
  g_assert_cmpstr (kinema_presets_lookup ("market")->profile, ==, "seed003");
  g_assert_cmpstr (kinema_presets_lookup ("market")->model, ==, "kling/v3");
  g_assert_cmpstr (kinema_presets_lookup ("kie")->model, ==, "kling-3.0/video");
  g_assert_cmpstr (kinema_presets_lookup ("linkmodel")->base_url, ==, "https://api.linkmodel.ai/api/v1");
}


/* ---- the mock itself refuses what each provider refuses ------------ */

static JsonObject *
raw_post (const char *path,
          const char *json,
          const char *key,
          guint      *status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (kinema_mock_server_get_url (mock), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new (json, strlen (json));
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (key != NULL)
    {
      g_autofree char *auth = g_strdup_printf ("Bearer %s", key);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", auth);
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_mock_rejects (void)
{
  static const struct {
    const char *path;
    const char *body;
    gboolean keyed;
    guint status;
    const char *message_path;   /* where the provider puts its text */
    const char *needle;
  } cases[] = {
    /* LinkModel: {code, msg} */
    { "/linkmodel/api/v1/video-generation", "{\"model\":\"kling-v3\",\"prompt\":\"x\"}", FALSE, 401, "msg", "invalid api key" },
    { "/linkmodel/api/v1/video-generation", "{\"model\":\"kling-v3\",\"prompt\":\"x\",\"resolution\":\"720P\",\"size\":\"16:9\"}", TRUE, 400, "msg", "size" },
    { "/linkmodel/api/v1/video-generation", "{\"model\":\"kling-v3\",\"prompt\":\"x\",\"resolution\":\"720P\",\"duration\":\"5\"}", TRUE, 400, "msg", "duration must be an integer" },
    { "/linkmodel/api/v1/video-generation", "{\"model\":\"kling-v3\",\"prompt\":\"x\"}", TRUE, 400, "msg", "resolution is required" },
    { "/linkmodel/api/v1/video-generation", "{\"model\":\"kling-v3\",\"prompt\":\"x\",\"resolution\":\"720P\",\"aspect_ratio\":\"16:9\"}", TRUE, 400, "msg", "unknown field aspect_ratio" },
    { "/linkmodel/api/v1/video-generation", "{\"model\":\"kling-v3\",\"prompt\":\"x\",\"resolution\":\"720P\",\"extends\":{\"audio\":true},\"extends.audio\":false}", TRUE, 400, "msg", "disagree" },
    { "/linkmodel/api/v1/video-generation", "{\"model\":\"kling-v3\",\"prompt\":\"x\",\"resolution\":\"720P\",\"last_frame_image\":\"https://a/b.png\"}", TRUE, 400, "msg", "first_frame_image" },
    /* ModelStream: {error: {message, type, param, code}} */
    { "/modelstream/v1/video/generations", "{\"model\":\"kling-v3\",\"prompt\":\"x\"}", FALSE, 401, "error.message", "Invalid token" },
    { "/modelstream/v1/video/generations", "{\"model\":\"kling-v3\",\"prompt\":\"x\",\"duration\":20}", TRUE, 400, "error.message", "duration" },
    { "/modelstream/v1/video/generations", "{\"model\":\"kling-v3\",\"prompt\":\"x\",\"watermark_enabled\":\"yes\"}", TRUE, 400, "error.message", "watermark_enabled must be a boolean" },
    { "/modelstream/v1/video/generations", "{\"model\":\"kling-v3\",\"prompt\":\"x\",\"image\":\"https://a/b.png\",\"image_list\":[{\"image_url\":\"https://a/c.png\"}]}", TRUE, 400, "error.message", "image_list" },
    /* UniAll: {error: {message, type, code}} */
    { "/uniall/v1/video/generations", "{\"model\":\"kling-v3-std-silent\",\"prompt\":\"x\"}", FALSE, 401, "error.message", "API key" },
    { "/uniall/v1/video/generations", "{\"model\":\"kling-v3\",\"prompt\":\"x\"}", TRUE, 400, "error.message", "model must be one of" },
    { "/uniall/v1/video/generations", "{\"model\":\"kling-v3-std-silent\",\"prompt\":\"x\",\"extra_body\":{\"shot_type\":\"intelligence\"}}", TRUE, 400, "error.message", "shot_type" },
    { "/uniall/v1/video/generations", "{\"model\":\"kling-v3-std-silent\",\"prompt\":\"x\",\"extra_body.cfg_scale\":0.5}", TRUE, 400, "error.message", "unknown field" },
    { "/uniall/v1/video/generations", "{\"model\":\"kling-v3-std-silent\",\"prompt\":\"x\",\"image\":\"iVBORw0KGgoAAAANSUhEUg\"}", TRUE, 400, "error.message", "public http(s) URL" },
    { "/uniall/v1/video/generations", "{\"model\":\"kling-v3-std-silent\",\"prompt\":\"x\",\"image\":\"https://a/b.png\",\"duration\":5,\"extra_body\":{\"shot_type\":\"customize\",\"multi_prompt\":[{\"prompt\":\"a\",\"duration\":5}]}}", TRUE, 400, "error.message", "do not pass prompt" },
  };

  kinema_mock_server_reset (mock);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) reply = NULL;
      JsonNode *message;
      guint status = 0;

      g_test_message ("%s %s", cases[i].path, cases[i].body);
      reply = raw_post (cases[i].path, cases[i].body, cases[i].keyed ? KINEMA_MOCK_DEFAULT_API_KEY : NULL, &status);
      g_assert_cmpuint (status, ==, cases[i].status);
      if (strchr (cases[i].message_path, '.') != NULL)
        message = json_object_get_member (json_object_get_object_member (reply, "error"), "message");
      else
        message = json_object_get_member (reply, cases[i].message_path);
      g_assert_nonnull (message);
      g_assert_nonnull (strstr (json_node_get_string (message), cases[i].needle));
    }
  /* nothing was accepted, so no task exists */
  g_assert_cmpuint (kinema_mock_server_get_count (mock, NULL), ==, G_N_ELEMENTS (cases));
}

/* ---- setup -------------------------------------------------------- */

static void
make_png (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  g_autofree char *desc = NULL;

  local_png = g_build_filename (tmp_dir, "frame.png", NULL);
  desc = g_strdup_printf ("videotestsrc num-buffers=1 ! video/x-raw,width=320,height=320 ! "
                          "videoconvert ! pngenc ! filesink location=\"%s\"", local_png);
  pipeline = gst_parse_launch (desc, &error);
  g_assert_no_error (error);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  msg = gst_bus_timed_pop_filtered (bus, 10 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (msg);
  g_assert_cmpint (GST_MESSAGE_TYPE (msg), ==, GST_MESSAGE_EOS);
  gst_element_set_state (pipeline, GST_STATE_NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);
  g_unsetenv ("KINEMA_POLL_SCALE");

  tmp_dir = g_dir_make_tmp ("kinema-http-XXXXXX", &error);
  g_assert_no_error (error);
  make_png ();

  mock = kinema_mock_server_new (&error);
  g_assert_no_error (error);
  kinema_mock_server_set_step (mock, 0.05);

  g_test_add_func ("/http-provider/presets", test_presets);
  g_test_add_func ("/http-provider/identity", test_capabilities_and_identity);
  g_test_add_func ("/http-provider/base-url-policy", test_base_url_policy);
  g_test_add_func ("/http-provider/poll-delay-scale", test_poll_delay_scale);
  g_test_add_func ("/http-provider/dry-run-call", test_dry_run_call);

  for (guint i = 0; i < G_N_ELEMENTS (e2e_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/http-provider/e2e/%s/%s", e2e_cases[i].preset, e2e_cases[i].mode);

      g_test_add_data_func (path, &e2e_cases[i], test_e2e);
    }

  for (guint i = 0; i < G_N_ELEMENTS (presets3); i++)
    for (guint j = 0; j < G_N_ELEMENTS (status_faults); j++)
      {
        StatusFault *c = &status_cases[i * G_N_ELEMENTS (status_faults) + j];
        g_autofree char *path = NULL;

        c->preset = presets3[i];
        c->status = status_faults[j].status;
        c->code = status_faults[j].code;
        path = g_strdup_printf ("/http-provider/fault/%s/http-%u", c->preset, c->status);
        g_test_add_data_func (path, c, test_fault_status);
      }

  g_test_add_func ("/http-provider/fault/poll-status", test_fault_poll_status);
  g_test_add_func ("/http-provider/fault/linkmodel-balance", test_fault_linkmodel_balance);
  g_test_add_func ("/http-provider/fault/wrong-key", test_fault_wrong_key);
  g_test_add_func ("/http-provider/fault/malformed-json", test_fault_malformed);
  g_test_add_func ("/http-provider/fault/dropped-after-send", test_fault_dropped_after_send);
  g_test_add_func ("/http-provider/fault/dropped-poll", test_fault_dropped_poll);
  g_test_add_func ("/http-provider/fault/slow", test_fault_slow);
  g_test_add_func ("/http-provider/fault/connection-refused", test_fault_connection_refused);
  g_test_add_func ("/http-provider/fault/task-failed", test_fault_task_failed);
  g_test_add_func ("/http-provider/fault/expired-result", test_fault_expired_result);
  g_test_add_func ("/http-provider/nothing-sent", test_nothing_sent);
  g_test_add_func ("/http-provider/mock/rejects", test_mock_rejects);

  ret = g_test_run ();

  g_clear_object (&mock);
  g_unlink (local_png);
  g_rmdir (tmp_dir);
  g_free (local_png);
  g_free (tmp_dir);
  return ret;
}
