/* test-http-kling.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The official Kling dialect against the mock server: JWT auth, every path
 * family, element registration, and the result download.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "kinema-dialect-kling.h"
#include "kinema-error.h"
#include "kinema-http-provider.h"
#include "kinema-kling-jwt.h"
#include "kinema-mock-server.h"
#include "kinema-presets.h"
#include "test-dialect-driver.h"

#define MOCK_KEY "mock-ak:mock-sk"

typedef struct
{
  KinemaMockServer     *server;
  SoupSession          *session;
  KinemaProviderConfig *cfg;
  const char           *key;
} Fixture;

static guint job_counter;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;

  f->server = kinema_mock_server_new (&error);
  g_assert_no_error (error);
  kinema_mock_server_set_step (f->server, 0.02);
  kinema_mock_server_set_api_key (f->server, MOCK_KEY);
  base = kinema_mock_server_dup_base_url (f->server, "kling");
  g_assert_nonnull (base);
  f->cfg = kinema_provider_config_new ("kling", "Kling", "kling", NULL, base, NULL);
  f->session = soup_session_new ();
  f->key = MOCK_KEY;
  kinema_kling_jwt_cache_clear ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->cfg, kinema_provider_config_free);
  g_clear_object (&f->server);
}

static char *
new_job_id (void)
{
  return g_strdup_printf ("kinema-test-%08x-%u", g_random_int (), ++job_counter);
}

static GHashTable *
make_images (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* Submits @request; returns the submit status and, in *@body_out, the
 * body the mock saw. */
static KinemaTaskStatus *
submit (Fixture     *f,
        KinemaRequest *request,
        GHashTable  *images,
        JsonNode   **body_out,
        GError     **error)
{
  g_autofree char *job_id = new_job_id ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GBytes) answer = NULL;
  KinemaTaskStatus *result;
  guint status;

  call = kinema_dialect_kling.build_submit (f->cfg, f->key, request, images, job_id, error);
  if (call == NULL)
    return NULL;
  answer = driver_send (f->session, call, &status);
  if (body_out != NULL)
    *body_out = kinema_mock_server_dup_last_body (f->server, "kling");
  result = kinema_dialect_kling.parse_submit (f->cfg, status,
                                              g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                              error);
  /* As the HTTP glue does: the call's poll hint goes with the task. */
  if (result != NULL && result->poll_hint == NULL)
    result->poll_hint = g_strdup (call->poll_hint);
  return result;
}

static KinemaTaskStatus *
poll_until_done (Fixture          *f,
                 KinemaTaskStatus *submitted)
{
  g_autofree char *hint = g_strdup (submitted->poll_hint);
  g_autofree char *task_id = g_strdup (submitted->task_id);

  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaHttpCall) call = kinema_dialect_kling.build_poll (f->cfg, f->key, task_id, hint, &error);
      g_autoptr(GBytes) answer = NULL;
      KinemaTaskStatus *status;
      guint http;

      g_assert_no_error (error);
      answer = driver_send (f->session, call, &http);
      status = kinema_dialect_kling.parse_poll (f->cfg, http, g_bytes_get_data (answer, NULL),
                                                g_bytes_get_size (answer), &error);
      g_assert_no_error (error);
      if (status->state == KINEMA_TASK_SUCCEEDED || status->state == KINEMA_TASK_FAILED)
        return status;
      kinema_task_status_free (status);
      g_usleep (10 * 1000);
    }
  g_assert_not_reached ();
  return NULL;
}

static void
assert_downloads (Fixture    *f,
                  const char *url)
{
  g_autoptr(GBytes) video = NULL;
  const guint8 *data;
  gsize len;
  guint http;

  video = driver_get (f->session, url, &http);
  g_assert_cmpuint (http, ==, 200);
  data = g_bytes_get_data (video, &len);
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpint (memcmp (data + 4, "ftyp", 4), ==, 0);
}

/* Submit, poll to the end, download. Returns the submitted body. */
static JsonObject *
run_job (Fixture       *f,
         KinemaRequest *request,
         GHashTable    *images,
         const char    *expected_family)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(KinemaTaskStatus) done = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *rejection = NULL;

  submitted = submit (f, request, images, &body, &error);
  rejection = kinema_mock_server_dup_last_rejection (f->server, "kling");
  if (error != NULL)
    g_error ("submit failed: %s (mock: %s)", error->message, rejection ? rejection : "-");
  g_assert_null (rejection);
  g_assert_cmpint (submitted->state, ==, KINEMA_TASK_QUEUED);
  g_assert_cmpstr (submitted->poll_hint, ==, expected_family);

  done = poll_until_done (f, submitted);
  g_assert_cmpint (done->state, ==, KINEMA_TASK_SUCCEEDED);
  g_assert_nonnull (done->video_url);
  assert_downloads (f, done->video_url);

  g_assert_nonnull (body);
  return json_object_ref (json_node_get_object (body));
}

/* Elements registered the way the glue does it: create, poll, map. */
static void
register_elements (Fixture       *f,
                   KinemaRequest *request,
                   GHashTable    *images)
{
  for (guint i = 0; i < kinema_request_get_n_elements (request); i++)
    {
      const KinemaElement *el = kinema_request_get_element (request, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaHttpCall) call = kinema_kling_build_element_create (f->cfg, f->key, el, images, &error);
      g_autoptr(GBytes) answer = NULL;
      g_autofree char *task_id = NULL;
      g_autofree char *element_id = NULL;
      KinemaTaskState state;
      guint http;

      g_assert_no_error (error);
      answer = driver_send (f->session, call, &http);
      g_assert_true (kinema_kling_parse_element_full (http, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                                      &task_id, &element_id, &state, &error));
      g_assert_no_error (error);
      g_assert_nonnull (task_id);

      for (guint n = 0; n < 400 && state != KINEMA_TASK_SUCCEEDED; n++)
        {
          g_autoptr(KinemaHttpCall) poll = kinema_kling_build_element_poll (f->cfg, f->key, task_id, &error);
          g_autoptr(GBytes) polled = NULL;

          g_usleep (10 * 1000);
          polled = driver_send (f->session, poll, &http);
          g_assert_true (kinema_kling_parse_element (http, g_bytes_get_data (polled, NULL),
                                                     g_bytes_get_size (polled), &element_id, &state, &error));
          g_assert_no_error (error);
        }
      g_assert_cmpint (state, ==, KINEMA_TASK_SUCCEEDED);
      g_assert_nonnull (element_id);
      g_hash_table_insert (images, kinema_kling_element_key (el->name), g_steal_pointer (&element_id));
    }
}

/* Tests */

static void
test_text2video (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) body = NULL;

  kinema_request_set_prompt (request, "A lighthouse at dusk");
  kinema_request_set_negative_prompt (request, "subtitles");
  kinema_request_set_audio (request, TRUE);
  kinema_request_set_duration (request, 7);
  kinema_request_set_watermark (request, TRUE);

  body = run_job (f, request, NULL, "text2video");
  g_assert_cmpstr (json_object_get_string_member (body, "duration"), ==, "7");
  g_assert_cmpstr (json_object_get_string_member (body, "sound"), ==, "on");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (body, "watermark_info"), "enabled"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (body, "external_task_id"), "kinema-test-"));
  g_assert_cmpuint (kinema_mock_server_get_count_prefix (f->server, "/kling/v1/videos/text2video/"), >=, 1);
}

static void
test_image2video (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GHashTable) images = make_images ();
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) both = NULL;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "The girl turns");
  kinema_request_set_first_frame (request, "/home/u/first.png");
  g_hash_table_insert (images, g_strdup ("/home/u/first.png"), g_strdup ("iVBORw0KGgoAAAANSUhEUg=="));

  first = run_job (f, request, images, "image2video");
  g_assert_cmpstr (json_object_get_string_member (first, "image"), ==, "iVBORw0KGgoAAAANSUhEUg==");
  g_assert_false (json_object_has_member (first, "image_tail"));

  kinema_request_set_last_frame (request, "https://cdn.example.com/end.png");
  both = run_job (f, request, images, "image2video");
  g_assert_cmpstr (json_object_get_string_member (both, "image_tail"), ==, "https://cdn.example.com/end.png");
  g_assert_cmpuint (kinema_mock_server_get_count_prefix (f->server, "/kling/v1/videos/image2video/"), >=, 2);
  g_assert_cmpuint (kinema_mock_server_get_count_prefix (f->server, "/kling/v1/videos/text2video"), ==, 0);
}

static void
test_multi_shot (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) customize = NULL;
  g_autoptr(JsonObject) intelligence = NULL;
  JsonArray *shots;

  kinema_request_set_duration (request, 10);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 4, "Wide shot");
  kinema_request_add_shot (request, 3, "Close-up");
  kinema_request_add_shot (request, 3, "Aerial");

  customize = run_job (f, request, NULL, "text2video");
  shots = json_object_get_array_member (customize, "multi_prompt");
  g_assert_cmpuint (json_array_get_length (shots), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (shots, 0), "duration"), ==, "4");

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "https://cdn.example.com/a.png");
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  kinema_request_set_prompt (request, "A story in three shots");
  intelligence = run_job (f, request, NULL, "image2video");
  g_assert_cmpstr (json_object_get_string_member (intelligence, "shot_type"), ==, "intelligence");
}

static void
test_elements (Fixture       *f,
               gconstpointer  data)
{
  const char *hero[] = { "/home/u/hero-front.png", "https://cdn.example.com/hero-side.png", NULL };
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GHashTable) images = make_images ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = NULL;
  JsonArray *list;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "https://cdn.example.com/a.png");
  kinema_request_set_prompt (request, "@hero walks in");
  kinema_request_add_element (request, "hero", "a woman in a raincoat", hero);
  g_hash_table_insert (images, g_strdup ("/home/u/hero-front.png"), g_strdup ("iVBORw0KGgoAAAANSUhEUg=="));

  /* Unregistered: the dialect refuses before any request. */
  g_assert_null (kinema_dialect_kling.build_submit (f->cfg, f->key, request, images, "x", &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_clear_error (&error);

  register_elements (f, request, images);
  body = run_job (f, request, images, "image2video");
  list = json_object_get_array_member (body, "element_list");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (body, "prompt"), ==, "<<<element_1>>> walks in");

  /* An id the account does not know is refused by the server. */
  g_hash_table_insert (images, kinema_kling_element_key ("hero"), g_strdup ("999"));
  {
    g_autoptr(KinemaTaskStatus) status = submit (f, request, images, NULL, &error);

    g_assert_null (status);
    g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER);
  }
}

static void
test_reference_images (Fixture       *f,
                       gconstpointer  data)
{
  const char *hero[] = { "https://cdn.example.com/h1.png", "https://cdn.example.com/h2.png", NULL };
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GHashTable) images = make_images ();
  g_autoptr(JsonObject) body = NULL;

  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  kinema_request_set_prompt (request, "<<<image_1>>> and <<<image_2>>> with @hero");
  kinema_request_add_reference_image (request, "https://cdn.example.com/r1.png");
  kinema_request_add_reference_image (request, "/local/r2.png");
  kinema_request_add_element (request, "hero", "a woman", hero);
  g_hash_table_insert (images, g_strdup ("/local/r2.png"), g_strdup ("QUJDREVGR0g="));
  register_elements (f, request, images);

  body = run_job (f, request, images, "omni-video");
  g_assert_cmpstr (json_object_get_string_member (body, "model_name"), ==, "kling-v3-omni");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (body, "image_list")), ==, 2);
}

static void
test_auth (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *rejection = NULL;
  KinemaTaskStatus *status;

  kinema_request_set_prompt (request, "x");

  /* Wrong secret: the signature does not verify. */
  f->key = "mock-ak:wrong-secret";
  status = submit (f, request, NULL, NULL, &error);
  g_assert_null (status);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
  rejection = kinema_mock_server_dup_last_rejection (f->server, "kling");
  g_assert_nonnull (strstr (rejection, "signature"));
  g_clear_error (&error);
  g_clear_pointer (&rejection, g_free);

  /* A plain key where the account wants a JWT. */
  f->key = "just-a-key";
  status = submit (f, request, NULL, NULL, &error);
  g_assert_null (status);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
  g_clear_error (&error);

  /* A proxy in front of Kling takes the key as it is. */
  kinema_mock_server_set_api_key (f->server, "proxy-key");
  f->key = "proxy-key";
  status = submit (f, request, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (status);
  kinema_task_status_free (status);
}

static void
test_expired_token (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *old = kinema_kling_jwt_new ("mock-ak", "mock-sk", g_get_real_time () / G_USEC_PER_SEC - 3600);
  g_autofree char *auth = g_strconcat ("Bearer ", old, NULL);
  guint http;

  kinema_request_set_prompt (request, "x");
  call = kinema_dialect_kling.build_submit (f->cfg, f->key, request, NULL, NULL, &error);
  kinema_http_call_add_header (call, "Authorization", auth);
  answer = driver_send (f->session, call, &http);
  g_assert_cmpuint (http, ==, 401);
  g_assert_null (kinema_dialect_kling.parse_submit (f->cfg, http, g_bytes_get_data (answer, NULL),
                                                    g_bytes_get_size (answer), &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "clock"));
}

static void
test_wrong_types_refused (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *rejection = NULL;
  JsonObject *reply;
  guint http;

  kinema_request_set_prompt (request, "x");
  call = kinema_dialect_kling.build_submit (f->cfg, f->key, request, NULL, NULL, &error);
  /* What a careless client would send: a numeric duration. */
  json_object_set_int_member (json_node_get_object (call->body), "duration", 5);
  answer = driver_send (f->session, call, &http);
  g_assert_cmpuint (http, ==, 400);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer), NULL));
  reply = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (reply, "code"), ==, 1201);
  g_assert_true (json_object_has_member (reply, "request_id"));
  rejection = kinema_mock_server_dup_last_rejection (f->server, "kling");
  g_assert_nonnull (strstr (rejection, "duration"));

  g_assert_null (kinema_dialect_kling.parse_submit (f->cfg, http, g_bytes_get_data (answer, NULL),
                                                    g_bytes_get_size (answer), &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "duration"));
}

static void
test_task_failed (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(KinemaTaskStatus) done = NULL;

  kinema_request_set_prompt (request, "x");
  kinema_mock_server_push_fault (f->server, "/kling/v1/videos/text2video", KINEMA_MOCK_FAULT_TASK_FAILED,
                                 0, 0, "Failure to pass the risk control system");
  submitted = submit (f, request, NULL, NULL, &error);
  g_assert_no_error (error);
  done = poll_until_done (f, submitted);
  g_assert_cmpint (done->state, ==, KINEMA_TASK_FAILED);
  g_assert_error (done->error, KINEMA_ERROR, KINEMA_ERROR_CONTENT_POLICY);
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  struct { guint status; const char *message; KinemaErrorCode expected; } rows[] = {
    { 429, NULL, KINEMA_ERROR_RATE_LIMIT },
    { 429, "1102", KINEMA_ERROR_BALANCE },
    { 403, NULL, KINEMA_ERROR_FEATURE_DISABLED },
    { 500, NULL, KINEMA_ERROR_SERVER },
    { 503, NULL, KINEMA_ERROR_MAINTENANCE },
  };
  g_autoptr(KinemaRequest) request = kinema_request_new ();

  kinema_request_set_prompt (request, "x");
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;

      kinema_mock_server_push_fault (f->server, "/kling/", KINEMA_MOCK_FAULT_STATUS,
                                     rows[i].status, 0, rows[i].message);
      g_assert_null (submit (f, request, NULL, NULL, &error));
      g_assert_error (error, KINEMA_ERROR, (int) rows[i].expected);
    }
}

/* Through KinemaHttpProvider, with the "kling" preset */

typedef struct
{
  KinemaMockServer *server;
  KinemaProvider   *provider;
  char             *dir;
  char             *png;
  char             *png2;
} PFixture;

static void
pfixture_setup (PFixture      *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaProviderConfig) cfg = NULL;

  f->server = kinema_mock_server_new (&error);
  g_assert_no_error (error);
  kinema_mock_server_set_step (f->server, 0.02);
  kinema_mock_server_set_api_key (f->server, MOCK_KEY);

  cfg = kinema_provider_config_copy (kinema_presets_lookup ("kling"));
  g_assert_nonnull (cfg);
  g_assert_cmpstr (cfg->dialect, ==, "kling");
  g_free (cfg->base_url);
  cfg->base_url = kinema_mock_server_dup_base_url (f->server, "kling");
  f->provider = kinema_http_provider_new (cfg, MOCK_KEY, &error);
  g_assert_no_error (error);

  f->dir = g_dir_make_tmp ("kinema-http-kling-XXXXXX", &error);
  g_assert_no_error (error);
  f->png = driver_write_png (f->dir, "first.png", 640, 360);
  f->png2 = driver_write_png (f->dir, "hero-front.png", 400, 600);
  kinema_kling_jwt_cache_clear ();
}

static void
pfixture_teardown (PFixture      *f,
                   gconstpointer  data)
{
  g_unlink (f->png);
  g_unlink (f->png2);
  g_rmdir (f->dir);
  g_free (f->png);
  g_free (f->png2);
  g_free (f->dir);
  g_clear_object (&f->provider);
  g_clear_object (&f->server);
}

static void
store_result_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static KinemaTaskStatus *
provider_submit (PFixture       *f,
                 KinemaRequest  *request,
                 JsonNode      **body_out,
                 GError        **error)
{
  g_autofree char *job_id = new_job_id ();
  g_autoptr(GAsyncResult) result = NULL;
  KinemaTaskStatus *status;

  kinema_provider_submit_async (f->provider, request, job_id, NULL, store_result_cb, &result);
  status = kinema_provider_submit_finish (f->provider, wait_result (&result), error);
  if (body_out != NULL)
    *body_out = kinema_mock_server_dup_last_body (f->server, "kling");
  return status;
}

/* Submits, checks the mock accepted it, polls in the stored family until
 * the end, downloads the result; returns the body the mock saw. */
static JsonObject *
provider_run (PFixture      *f,
              KinemaRequest *request,
              const char    *family)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *rejection = NULL;
  g_autofree char *poll_prefix = NULL;
  KinemaTaskStatus *done = NULL;

  submitted = provider_submit (f, request, &body, &error);
  rejection = kinema_mock_server_dup_last_rejection (f->server, "kling");
  if (error != NULL)
    g_error ("submit failed: %s (mock: %s)", error->message, rejection ? rejection : "-");
  g_assert_nonnull (body);
  g_assert_cmpstr (submitted->poll_hint, ==, family);

  for (guint i = 0; i < 400 && done == NULL; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      KinemaTaskStatus *status;

      kinema_provider_poll_async (f->provider, submitted->task_id, submitted->poll_hint, NULL,
                                  store_result_cb, &result);
      status = kinema_provider_poll_finish (f->provider, wait_result (&result), &error);
      g_assert_no_error (error);
      if (status->state == KINEMA_TASK_SUCCEEDED || status->state == KINEMA_TASK_FAILED)
        done = status;
      else
        {
          kinema_task_status_free (status);
          g_usleep (10 * 1000);
        }
    }
  g_assert_nonnull (done);
  g_assert_cmpint (done->state, ==, KINEMA_TASK_SUCCEEDED);

  /* Polled in the family it was submitted to, and nowhere else. */
  poll_prefix = g_strdup_printf ("/kling/v1/videos/%s/%s", family, submitted->task_id);
  g_assert_cmpuint (kinema_mock_server_get_count (f->server, poll_prefix), >=, 1);

  {
    SoupSession *session = kinema_http_provider_get_session (KINEMA_HTTP_PROVIDER (f->provider));
    g_autoptr(GBytes) video = NULL;
    const guint8 *bytes;
    gsize len;
    guint http;

    video = driver_get (session, done->video_url, &http);
    g_assert_cmpuint (http, ==, 200);
    bytes = g_bytes_get_data (video, &len);
    g_assert_cmpuint (len, >, 8);
    g_assert_cmpint (memcmp (bytes + 4, "ftyp", 4), ==, 0);
  }
  kinema_task_status_free (done);

  return json_object_ref (json_node_get_object (body));
}

static void
assert_common_types (JsonObject *body)
{
  JsonNode *node;

  g_assert_cmpstr (json_node_type_name (json_object_get_member (body, "model_name")), ==, "String");
  node = json_object_get_member (body, "duration");
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  node = json_object_get_member (body, "sound");
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  g_assert_true (g_strv_contains ((const char * const[]) { "on", "off", NULL }, json_node_get_string (node)));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (body, "watermark_info")));
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (body, "external_task_id")), ==, G_TYPE_STRING);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (body, "cfg_scale")), ==, G_TYPE_DOUBLE);
}

static void
ptest_text2video (PFixture      *f,
                  gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *auth = NULL;

  kinema_request_set_prompt (request, "A lighthouse at dusk");
  kinema_request_set_quality (request, KINEMA_QUALITY_PRO);
  body = provider_run (f, request, "text2video");
  assert_common_types (body);
  g_assert_cmpstr (json_object_get_string_member (body, "model_name"), ==, "kling-v3");
  g_assert_cmpstr (json_object_get_string_member (body, "mode"), ==, "pro");
  g_assert_cmpstr (json_object_get_string_member (body, "aspect_ratio"), ==, "16:9");
  auth = kinema_mock_server_dup_last_header (f->server, "kling", "authorization");
  g_assert_true (g_str_has_prefix (auth, "Bearer ey"));
}

static void
ptest_image2video_first (PFixture      *f,
                         gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *b64 = NULL;
  gsize len;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "The girl turns");
  kinema_request_set_first_frame (request, f->png);
  body = provider_run (f, request, "image2video");
  assert_common_types (body);

  /* A local file goes as bare base64 of its bytes. */
  g_assert_true (g_file_get_contents (f->png, &contents, &len, NULL));
  b64 = g_base64_encode ((const guchar *) contents, len);
  g_assert_cmpstr (json_object_get_string_member (body, "image"), ==, b64);
  g_assert_false (json_object_has_member (body, "aspect_ratio"));
}

static void
ptest_image2video_first_last (PFixture      *f,
                              gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) body = NULL;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "The girl turns and smiles");
  kinema_request_set_first_frame (request, "https://cdn.example.com/first.png");
  kinema_request_set_last_frame (request, f->png);
  body = provider_run (f, request, "image2video");
  g_assert_cmpstr (json_object_get_string_member (body, "image"), ==, "https://cdn.example.com/first.png");
  g_assert_false (kinema_image_is_url (json_object_get_string_member (body, "image_tail")));
}

static void
ptest_multi_shot_customize (PFixture      *f,
                            gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) body = NULL;
  JsonArray *shots;

  kinema_request_set_duration (request, 10);
  kinema_request_set_audio (request, TRUE);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 4, "Wide shot: a lighthouse on a cliff");
  kinema_request_add_shot (request, 3, "Close-up: the keeper lights the lamp");
  kinema_request_add_shot (request, 3, "Aerial pull-back");
  body = provider_run (f, request, "text2video");
  assert_common_types (body);
  g_assert_true (json_object_get_boolean_member (body, "multi_shot"));
  shots = json_object_get_array_member (body, "multi_prompt");
  for (guint i = 0; i < json_array_get_length (shots); i++)
    {
      JsonObject *shot = json_array_get_object_element (shots, i);

      g_assert_cmpint (json_node_get_value_type (json_object_get_member (shot, "index")), ==, G_TYPE_INT64);
      g_assert_cmpint (json_object_get_int_member (shot, "index"), ==, i + 1);
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (shot, "duration")), ==, G_TYPE_STRING);
    }
}

static void
ptest_multi_shot_intelligence (PFixture      *f,
                               gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) body = NULL;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, f->png);
  kinema_request_set_prompt (request, "A chase across rooftops, told in shots");
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  body = provider_run (f, request, "image2video");
  g_assert_cmpstr (json_object_get_string_member (body, "shot_type"), ==, "intelligence");
  g_assert_false (json_object_has_member (body, "multi_prompt"));
}

static void
ptest_elements (PFixture      *f,
                gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) body = NULL;
  JsonArray *list;
  const char *hero[] = { f->png2, "https://cdn.example.com/hero-side.png", NULL };

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "https://cdn.example.com/a.png");
  kinema_request_set_prompt (request, "@hero walks into the rain");
  kinema_request_add_element (request, "hero", "a woman in a yellow raincoat", hero);

  /* Registered on demand by the glue before the submit. */
  body = provider_run (f, request, "image2video");
  g_assert_cmpuint (kinema_mock_server_get_count (f->server, "/kling/v1/general/advanced-custom-elements"), ==, 1);
  g_assert_cmpuint (kinema_mock_server_get_count_prefix (f->server, "/kling/v1/general/advanced-custom-elements/"), >=, 1);
  list = json_object_get_array_member (body, "element_list");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (json_array_get_object_element (list, 0),
                                                                     "element_id")), ==, G_TYPE_INT64);
  g_assert_cmpstr (json_object_get_string_member (body, "prompt"), ==, "<<<element_1>>> walks into the rain");
}

static void
ptest_reference_images (PFixture      *f,
                        gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) body = NULL;
  JsonArray *list;

  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  kinema_request_set_prompt (request, "<<<image_1>>> dances with <<<image_2>>>");
  kinema_request_set_aspect (request, KINEMA_ASPECT_9_16);
  kinema_request_add_reference_image (request, "https://cdn.example.com/r1.png");
  kinema_request_add_reference_image (request, f->png);
  body = provider_run (f, request, "omni-video");
  assert_common_types (body);
  g_assert_cmpstr (json_object_get_string_member (body, "model_name"), ==, "kling-v3-omni");
  g_assert_cmpstr (json_object_get_string_member (body, "aspect_ratio"), ==, "9:16");
  list = json_object_get_array_member (body, "image_list");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_false (kinema_image_is_url (json_object_get_string_member (json_array_get_object_element (list, 1),
                                                                       "image_url")));
}

static void
ptest_errors (PFixture      *f,
              gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GError) error = NULL;
  KinemaTaskStatus *status;

  kinema_request_set_prompt (request, "x");

  kinema_mock_server_push_fault (f->server, "/kling/v1/videos/", KINEMA_MOCK_FAULT_STATUS, 429, 7, NULL);
  status = provider_submit (f, request, NULL, &error);
  g_assert_null (status);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_RATE_LIMIT);
  g_assert_cmpuint (kinema_error_get_retry_after (error), ==, 7);
  g_clear_error (&error);

  kinema_mock_server_push_fault (f->server, "/kling/v1/videos/", KINEMA_MOCK_FAULT_STATUS, 429, 0, "1102");
  status = provider_submit (f, request, NULL, &error);
  g_assert_null (status);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_BALANCE);
  g_clear_error (&error);

  /* Wrong secret key configured by the user. */
  kinema_mock_server_set_api_key (f->server, "mock-ak:another-sk");
  status = provider_submit (f, request, NULL, &error);
  g_assert_null (status);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
}

int
main (int   argc,
      char *argv[])
{
  /* Element registration polls on a scaled clock. */
  g_setenv ("KINEMA_POLL_SCALE", "0.005", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/http/kling/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("dialect/text2video", test_text2video);
  ADD ("dialect/image2video", test_image2video);
  ADD ("dialect/multi-shot", test_multi_shot);
  ADD ("dialect/elements", test_elements);
  ADD ("dialect/reference-images", test_reference_images);
  ADD ("dialect/auth", test_auth);
  ADD ("dialect/expired-token", test_expired_token);
  ADD ("dialect/wrong-types-refused", test_wrong_types_refused);
  ADD ("dialect/task-failed", test_task_failed);
  ADD ("dialect/faults", test_faults);
#undef ADD

#define PADD(path, fn) g_test_add ("/http/kling/provider/" path, PFixture, NULL, pfixture_setup, fn, pfixture_teardown)
  PADD ("text2video", ptest_text2video);
  PADD ("image2video-first", ptest_image2video_first);
  PADD ("image2video-first-last", ptest_image2video_first_last);
  PADD ("multi-shot-customize", ptest_multi_shot_customize);
  PADD ("multi-shot-intelligence", ptest_multi_shot_intelligence);
  PADD ("elements", ptest_elements);
  PADD ("reference-images", ptest_reference_images);
  PADD ("errors", ptest_errors);
#undef PADD

  return g_test_run ();
}
