/* test-http-market.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "market" dialect against the mock server, in both profiles:
 * seed 003's gateway (/market, x-api-key) and kie.ai (/kie, Bearer, with
 * the Base64 upload).
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "kinema-dialect-market.h"
#include "kinema-error.h"
#include "kinema-http-provider.h"
#include "kinema-mock-server.h"
#include "kinema-presets.h"
#include "test-dialect-driver.h"

typedef struct
{
  KinemaMockServer     *server;
  SoupSession          *session;
  KinemaProviderConfig *seed;
  KinemaProviderConfig *kie;
  const char           *key;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_base = NULL;
  g_autofree char *kie_base = NULL;

  f->server = kinema_mock_server_new (&error);
  g_assert_no_error (error);
  kinema_mock_server_set_step (f->server, 0.02);
  seed_base = kinema_mock_server_dup_base_url (f->server, "market");
  kie_base = kinema_mock_server_dup_base_url (f->server, "kie");
  g_assert_nonnull (seed_base);
  g_assert_nonnull (kie_base);
  f->seed = kinema_provider_config_new ("market", "Market", "market", "seed003", seed_base, NULL);
  f->kie = kinema_provider_config_new ("kie", "kie.ai", "market", "kie", kie_base, NULL);
  f->kie->upload_url = g_strdup (kie_base);
  f->session = soup_session_new ();
  f->key = KINEMA_MOCK_DEFAULT_API_KEY;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_pointer (&f->seed, kinema_provider_config_free);
  g_clear_pointer (&f->kie, kinema_provider_config_free);
  g_clear_object (&f->server);
}

static const char *
prefix_of (KinemaProviderConfig *cfg)
{
  return kinema_market_is_kie (cfg) ? "kie" : "market";
}

static GHashTable *
make_images (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static KinemaTaskStatus *
submit (Fixture               *f,
        KinemaProviderConfig  *cfg,
        KinemaRequest         *request,
        GHashTable            *images,
        JsonNode             **body_out,
        GError               **error)
{
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GBytes) answer = NULL;
  guint status;

  call = kinema_dialect_market.build_submit (cfg, f->key, request, images, "job", error);
  if (call == NULL)
    return NULL;
  answer = driver_send (f->session, call, &status);
  if (body_out != NULL)
    *body_out = kinema_mock_server_dup_last_body (f->server, prefix_of (cfg));
  return kinema_dialect_market.parse_submit (cfg, status, g_bytes_get_data (answer, NULL),
                                             g_bytes_get_size (answer), error);
}

static KinemaTaskStatus *
poll_until_done (Fixture              *f,
                 KinemaProviderConfig *cfg,
                 const char           *task_id)
{
  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaHttpCall) call = kinema_dialect_market.build_poll (cfg, f->key, task_id, NULL, &error);
      g_autoptr(GBytes) answer = NULL;
      KinemaTaskStatus *status;
      guint http;

      g_assert_no_error (error);
      answer = driver_send (f->session, call, &http);
      status = kinema_dialect_market.parse_poll (cfg, http, g_bytes_get_data (answer, NULL),
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

static JsonObject *
run_job (Fixture              *f,
         KinemaProviderConfig *cfg,
         KinemaRequest        *request,
         GHashTable           *images)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(KinemaTaskStatus) done = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) video = NULL;
  g_autofree char *rejection = NULL;
  const guint8 *data;
  gsize len;
  guint http;

  submitted = submit (f, cfg, request, images, &body, &error);
  rejection = kinema_mock_server_dup_last_rejection (f->server, prefix_of (cfg));
  if (error != NULL)
    g_error ("submit failed: %s (mock: %s)", error->message, rejection ? rejection : "-");
  g_assert_null (rejection);
  g_assert_cmpint (submitted->state, ==, KINEMA_TASK_QUEUED);

  done = poll_until_done (f, cfg, submitted->task_id);
  g_assert_cmpint (done->state, ==, KINEMA_TASK_SUCCEEDED);
  video = driver_get (f->session, done->video_url, &http);
  g_assert_cmpuint (http, ==, 200);
  data = g_bytes_get_data (video, &len);
  g_assert_cmpuint (len, >, 8);
  g_assert_cmpint (memcmp (data + 4, "ftyp", 4), ==, 0);

  return json_object_ref (json_object_get_object_member (json_node_get_object (body), "input"));
}

/* seed003 */

static void
test_seed_text (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) input = NULL;

  kinema_request_set_prompt (request, "A red fox trots across a meadow");
  kinema_request_set_duration (request, 6);
  input = run_job (f, f->seed, request, NULL);
  g_assert_false (json_object_get_boolean_member (input, "multi_shots"));
  g_assert_cmpstr (json_object_get_string_member (input, "duration"), ==, "6");
  {
    g_autofree char *key = kinema_mock_server_dup_last_header (f->server, "market", "x-api-key");
    g_assert_cmpstr (key, ==, KINEMA_MOCK_DEFAULT_API_KEY);
  }
}

static void
test_seed_image (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) both = NULL;
  g_autoptr(GError) error = NULL;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "The fox lifts its head");
  kinema_request_set_first_frame (request, "https://cdn.example.com/fox.jpg");
  first = run_job (f, f->seed, request, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "img_urls")), ==, 1);

  kinema_request_set_last_frame (request, "https://cdn.example.com/end.jpg");
  both = run_job (f, f->seed, request, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (both, "img_urls")), ==, 2);

  /* A local image: seed 003 has no upload endpoint. */
  kinema_request_set_first_frame (request, "/home/u/fox.jpg");
  g_assert_null (submit (f, f->seed, request, NULL, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static void
test_seed_multi_shot (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) customize = NULL;
  g_autoptr(JsonObject) intelligence = NULL;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "https://cdn.example.com/hero.png");
  kinema_request_set_duration (request, 10);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 4, "@hero walks into a neon-lit alley");
  kinema_request_add_shot (request, 6, "@hero looks up");
  customize = run_job (f, f->seed, request, NULL);
  g_assert_true (json_object_get_boolean_member (customize, "audio"));
  g_assert_cmpstr (json_object_get_string_member (customize, "shot_type"), ==, "customize");

  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  kinema_request_set_prompt (request, "A heist in three beats");
  intelligence = run_job (f, f->seed, request, NULL);
  g_assert_cmpstr (json_object_get_string_member (intelligence, "shot_type"), ==, "intelligence");
}

static void
test_seed_elements (Fixture       *f,
                    gconstpointer  data)
{
  const char *hero[] = { "https://cdn.example.com/hero-front.png", NULL };
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) input = NULL;
  JsonObject *item;

  kinema_request_set_prompt (request, "@hero walks in");
  kinema_request_add_element (request, "hero", "young woman in a yellow raincoat", hero);
  input = run_job (f, f->seed, request, NULL);
  item = json_array_get_object_element (json_object_get_array_member (input, "element_list"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "hero");
}

static void
test_seed_errors (Fixture       *f,
                  gconstpointer  data)
{
  struct { guint status; KinemaErrorCode expected; } faults[] = {
    { 402, KINEMA_ERROR_BALANCE },
    { 429, KINEMA_ERROR_RATE_LIMIT },
    { 455, KINEMA_ERROR_MAINTENANCE },
    { 500, KINEMA_ERROR_SERVER },
    { 505, KINEMA_ERROR_FEATURE_DISABLED },
  };
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GBytes) answer = NULL;
  guint http;

  kinema_request_set_prompt (request, "x");

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      kinema_mock_server_push_fault (f->server, "/market/", KINEMA_MOCK_FAULT_STATUS, faults[i].status, 0, NULL);
      g_assert_null (submit (f, f->seed, request, NULL, NULL, &error));
      g_assert_error (error, KINEMA_ERROR, (int) faults[i].expected);
      g_clear_error (&error);
    }

  /* Wrong key. */
  f->key = "wrong";
  g_assert_null (submit (f, f->seed, request, NULL, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
  g_clear_error (&error);
  f->key = KINEMA_MOCK_DEFAULT_API_KEY;

  /* A refused body: HTTP 200, code 422 in the body. */
  call = kinema_dialect_market.build_submit (f->seed, f->key, request, NULL, NULL, &error);
  json_object_set_int_member (json_object_get_object_member (json_node_get_object (call->body), "input"),
                              "duration", 5);
  answer = driver_send (f->session, call, &http);
  g_assert_cmpuint (http, ==, 200);
  g_assert_null (kinema_dialect_market.parse_submit (f->seed, http, g_bytes_get_data (answer, NULL),
                                                     g_bytes_get_size (answer), &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER);
  g_assert_nonnull (strstr (error->message, "duration"));
  g_clear_error (&error);

  /* An unknown task. */
  {
    g_autoptr(KinemaHttpCall) poll = kinema_dialect_market.build_poll (f->seed, f->key, "nope", NULL, NULL);
    g_autoptr(GBytes) polled = driver_send (f->session, poll, &http);

    g_assert_null (kinema_dialect_market.parse_poll (f->seed, http, g_bytes_get_data (polled, NULL),
                                                     g_bytes_get_size (polled), &error));
    g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND);
  }
}

static void
test_seed_task_failed (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(KinemaTaskStatus) done = NULL;

  kinema_request_set_prompt (request, "x");
  kinema_mock_server_push_fault (f->server, "/market/api/v1/jobs/createTask", KINEMA_MOCK_FAULT_TASK_FAILED,
                                 0, 0, "render node crashed");
  submitted = submit (f, f->seed, request, NULL, NULL, &error);
  g_assert_no_error (error);
  done = poll_until_done (f, f->seed, submitted->task_id);
  g_assert_cmpint (done->state, ==, KINEMA_TASK_FAILED);
  g_assert_error (done->error, KINEMA_ERROR, KINEMA_ERROR_GENERATION_FAILED);
  g_assert_nonnull (strstr (done->error->message, "render node crashed"));
}

/* kie */

static char *
upload (Fixture    *f,
        const char *base64,
        const char *file_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaHttpCall) call = kinema_market_build_upload (f->kie, f->key, base64, file_name, &error);
  g_autoptr(GBytes) answer = NULL;
  char *url = NULL;
  guint http;

  g_assert_no_error (error);
  answer = driver_send (f->session, call, &http);
  g_assert_true (kinema_market_parse_upload (http, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                             &url, &error));
  g_assert_no_error (error);
  return url;
}

static void
test_kie_text_and_image (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GHashTable) images = make_images ();
  g_autoptr(JsonObject) text = NULL;
  g_autoptr(JsonObject) image = NULL;
  g_autofree char *auth = NULL;
  char *url;

  kinema_request_set_prompt (request, "A dog runs through a sunlit room");
  kinema_request_set_audio (request, TRUE);
  text = run_job (f, f->kie, request, NULL);
  g_assert_true (json_object_get_boolean_member (text, "sound"));
  auth = kinema_mock_server_dup_last_header (f->server, "kie", "authorization");
  g_assert_cmpstr (auth, ==, "Bearer " KINEMA_MOCK_DEFAULT_API_KEY);

  /* A local first frame goes through the upload API. */
  url = upload (f, "iVBORw0KGgoAAAANSUhEUg==", "/home/u/start.png");
  g_assert_true (g_str_has_prefix (url, "http://"));
  g_hash_table_insert (images, g_strdup ("/home/u/start.png"), url);
  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "/home/u/start.png");
  kinema_request_set_last_frame (request, "https://cdn.example.com/end.png");
  image = run_job (f, f->kie, request, images);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (image, "image_urls"), 0), ==,
                   g_hash_table_lookup (images, "/home/u/start.png"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (image, "image_urls")), ==, 2);
}

static void
test_kie_multi_shot_and_elements (Fixture       *f,
                                  gconstpointer  data)
{
  const char *dog[] = { "https://cdn.example.com/dog1.jpeg", "https://cdn.example.com/dog2.png", NULL };
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(GError) error = NULL;

  kinema_request_set_duration (request, 8);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 5, "@element_dog runs");
  kinema_request_add_shot (request, 3, "@element_dog sleeps");
  kinema_request_add_element (request, "element_dog", "dog", dog);
  input = run_job (f, f->kie, request, NULL);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (input, "multi_prompt")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (input, "kling_elements")), ==, 1);

  /* Intelligence is not offered on kie. */
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  kinema_request_set_prompt (request, "x");
  g_assert_null (submit (f, f->kie, request, NULL, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static void
test_kie_auth (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *url = NULL;
  guint http;

  kinema_request_set_prompt (request, "x");
  f->key = "wrong";
  g_assert_null (submit (f, f->kie, request, NULL, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
  g_clear_error (&error);

  call = kinema_market_build_upload (f->kie, f->key, "iVBORw0KGgoAAAANSUhEUg==", "a.png", &error);
  answer = driver_send (f->session, call, &http);
  g_assert_false (kinema_market_parse_upload (http, g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                              &url, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
  g_assert_null (url);
}

/* Through KinemaHttpProvider, with the "market" and "kie" presets */

typedef struct
{
  KinemaMockServer *server;
  KinemaProvider   *seed;
  KinemaProvider   *kie;
  char             *dir;
  char             *png;
} PFixture;

static KinemaProvider *
preset_provider (KinemaMockServer *server,
                 const char       *preset,
                 const char       *prefix)
{
  g_autoptr(KinemaProviderConfig) cfg = kinema_provider_config_copy (kinema_presets_lookup (preset));
  g_autoptr(GError) error = NULL;
  KinemaProvider *provider;

  g_assert_cmpstr (cfg->dialect, ==, "market");
  g_free (cfg->base_url);
  cfg->base_url = kinema_mock_server_dup_base_url (server, prefix);
  if (cfg->upload_url != NULL)
    {
      g_free (cfg->upload_url);
      cfg->upload_url = kinema_mock_server_dup_base_url (server, prefix);
    }
  provider = kinema_http_provider_new (cfg, KINEMA_MOCK_DEFAULT_API_KEY, &error);
  g_assert_no_error (error);
  return provider;
}

static void
pfixture_setup (PFixture      *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = kinema_mock_server_new (&error);
  g_assert_no_error (error);
  kinema_mock_server_set_step (f->server, 0.02);
  f->seed = preset_provider (f->server, "market", "market");
  f->kie = preset_provider (f->server, "kie", "kie");
  f->dir = g_dir_make_tmp ("kinema-http-market-XXXXXX", &error);
  g_assert_no_error (error);
  f->png = driver_write_png (f->dir, "start.png", 640, 360);
}

static void
pfixture_teardown (PFixture      *f,
                   gconstpointer  data)
{
  g_unlink (f->png);
  g_rmdir (f->dir);
  g_free (f->png);
  g_free (f->dir);
  g_clear_object (&f->seed);
  g_clear_object (&f->kie);
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

static const char *
provider_prefix (PFixture       *f,
                 KinemaProvider *provider)
{
  return provider == f->kie ? "kie" : "market";
}

static KinemaTaskStatus *
provider_submit (PFixture        *f,
                 KinemaProvider  *provider,
                 KinemaRequest   *request,
                 JsonNode       **body_out,
                 GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  KinemaTaskStatus *status;

  kinema_provider_submit_async (provider, request, "job", NULL, store_result_cb, &result);
  status = kinema_provider_submit_finish (provider, wait_result (&result), error);
  if (body_out != NULL)
    *body_out = kinema_mock_server_dup_last_body (f->server, provider_prefix (f, provider));
  return status;
}

static JsonObject *
provider_run (PFixture       *f,
              KinemaProvider *provider,
              KinemaRequest  *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *rejection = NULL;
  KinemaTaskStatus *done = NULL;
  JsonObject *root;

  submitted = provider_submit (f, provider, request, &body, &error);
  rejection = kinema_mock_server_dup_last_rejection (f->server, provider_prefix (f, provider));
  if (error != NULL)
    g_error ("submit failed: %s (mock: %s)", error->message, rejection ? rejection : "-");
  g_assert_nonnull (body);

  for (guint i = 0; i < 400 && done == NULL; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      KinemaTaskStatus *status;

      kinema_provider_poll_async (provider, submitted->task_id, submitted->poll_hint, NULL,
                                  store_result_cb, &result);
      status = kinema_provider_poll_finish (provider, wait_result (&result), &error);
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

  {
    SoupSession *session = kinema_http_provider_get_session (KINEMA_HTTP_PROVIDER (provider));
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

  root = json_node_get_object (body);
  g_assert_cmpuint (json_object_get_size (root), ==, 2);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "input")));
  return json_object_ref (root);
}

static void
assert_input_types (JsonObject *input)
{
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (input, "multi_shots")), ==, G_TYPE_BOOLEAN);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (input, "duration")), ==, G_TYPE_STRING);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (input, "mode")), ==, G_TYPE_STRING);
}

static void
ptest_text (PFixture      *f,
            gconstpointer  data)
{
  KinemaProvider *providers[] = { f->seed, f->kie };

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      g_autoptr(KinemaRequest) request = kinema_request_new ();
      g_autoptr(JsonObject) root = NULL;
      JsonObject *input;
      gboolean kie = providers[i] == f->kie;

      kinema_request_set_prompt (request, "A red fox trots across a meadow");
      kinema_request_set_audio (request, TRUE);
      root = provider_run (f, providers[i], request);
      input = json_object_get_object_member (root, "input");
      assert_input_types (input);
      g_assert_cmpstr (json_object_get_string_member (root, "model"), ==, kie ? "kling-3.0/video" : "kling/v3");
      g_assert_false (json_object_get_boolean_member (input, "multi_shots"));
      g_assert_true (json_object_get_boolean_member (input, kie ? "sound" : "audio"));
      g_assert_cmpstr (json_object_get_string_member (input, "aspect_ratio"), ==, "16:9");
      if (kie)
        {
          g_autofree char *auth = kinema_mock_server_dup_last_header (f->server, "kie", "authorization");
          g_assert_cmpstr (auth, ==, "Bearer " KINEMA_MOCK_DEFAULT_API_KEY);
        }
      else
        {
          g_autofree char *key = kinema_mock_server_dup_last_header (f->server, "market", "x-api-key");
          g_assert_cmpstr (key, ==, KINEMA_MOCK_DEFAULT_API_KEY);
        }
    }
}

static void
ptest_image_first (PFixture      *f,
                   gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) seed = NULL;
  g_autoptr(JsonObject) kie = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *urls;

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "The fox lifts its head");
  kinema_request_set_first_frame (request, "https://cdn.example.com/fox.jpg");
  seed = provider_run (f, f->seed, request);
  urls = json_object_get_array_member (json_object_get_object_member (seed, "input"), "img_urls");
  g_assert_cmpuint (json_array_get_length (urls), ==, 1);
  g_assert_false (json_object_has_member (json_object_get_object_member (seed, "input"), "aspect_ratio"));

  /* kie: a local file is uploaded first, then sent as its URL. */
  kinema_request_set_first_frame (request, f->png);
  kie = provider_run (f, f->kie, request);
  g_assert_cmpuint (kinema_mock_server_get_count (f->server, "/kie/api/file-base64-upload"), ==, 1);
  urls = json_object_get_array_member (json_object_get_object_member (kie, "input"), "image_urls");
  g_assert_cmpuint (json_array_get_length (urls), ==, 1);
  g_assert_true (g_str_has_suffix (json_array_get_string_element (urls, 0), "/start.png"));

  /* seed 003: no upload endpoint, so a local file is refused before sending. */
  {
    guint before = kinema_mock_server_get_count_prefix (f->server, "/market/");

    g_assert_null (provider_submit (f, f->seed, request, NULL, &error));
    g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
    g_assert_cmpuint (kinema_mock_server_get_count_prefix (f->server, "/market/"), ==, before);
  }
}

static void
ptest_image_first_last (PFixture      *f,
                        gconstpointer  data)
{
  KinemaProvider *providers[] = { f->seed, f->kie };

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      g_autoptr(KinemaRequest) request = kinema_request_new ();
      g_autoptr(JsonObject) root = NULL;
      gboolean kie = providers[i] == f->kie;
      JsonArray *urls;

      kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
      kinema_request_set_prompt (request, "Dawn turns to dusk");
      kinema_request_set_first_frame (request, "https://cdn.example.com/dawn.jpg");
      kinema_request_set_last_frame (request, "https://cdn.example.com/dusk.jpg");
      root = provider_run (f, providers[i], request);
      urls = json_object_get_array_member (json_object_get_object_member (root, "input"),
                                           kie ? "image_urls" : "img_urls");
      g_assert_cmpuint (json_array_get_length (urls), ==, 2);
      g_assert_cmpstr (json_array_get_string_element (urls, 1), ==, "https://cdn.example.com/dusk.jpg");
    }
}

static void
ptest_multi_shot_customize (PFixture      *f,
                            gconstpointer  data)
{
  KinemaProvider *providers[] = { f->seed, f->kie };

  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      g_autoptr(KinemaRequest) request = kinema_request_new ();
      g_autoptr(JsonObject) root = NULL;
      gboolean kie = providers[i] == f->kie;
      JsonObject *input;
      JsonArray *shots;

      kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
      kinema_request_set_first_frame (request, "https://cdn.example.com/hero.png");
      kinema_request_set_duration (request, 10);
      kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
      kinema_request_add_shot (request, 4, "Wide: the alley");
      kinema_request_add_shot (request, 6, "Close-up: the sign");
      root = provider_run (f, providers[i], request);
      input = json_object_get_object_member (root, "input");
      assert_input_types (input);
      g_assert_true (json_object_get_boolean_member (input, "multi_shots"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (input, kie ? "image_urls" : "img_urls")), ==, 1);
      shots = json_object_get_array_member (input, "multi_prompt");
      g_assert_cmpint (json_node_get_value_type (json_object_get_member (json_array_get_object_element (shots, 0),
                                                                         "duration")), ==, G_TYPE_INT64);
      if (!kie)
        {
          g_assert_cmpstr (json_object_get_string_member (input, "shot_type"), ==, "customize");
          g_assert_true (json_object_get_boolean_member (input, "audio"));
        }
      else
        g_assert_false (json_object_has_member (input, "shot_type"));
    }
}

static void
ptest_multi_shot_intelligence (PFixture      *f,
                               gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *input;

  kinema_request_set_prompt (request, "A heist in three beats");
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  root = provider_run (f, f->seed, request);
  input = json_object_get_object_member (root, "input");
  g_assert_cmpstr (json_object_get_string_member (input, "shot_type"), ==, "intelligence");
  g_assert_cmpstr (json_object_get_string_member (input, "prompt"), ==, "A heist in three beats");

  /* kie does not document it: refused before anything is sent. */
  g_assert_false (kinema_provider_get_capabilities (f->kie)->multi_shot_intelligence);
  g_assert_null (provider_submit (f, f->kie, request, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static void
ptest_elements (PFixture      *f,
                gconstpointer  data)
{
  const char *images[] = { "https://cdn.example.com/dog1.jpeg", NULL, NULL };
  KinemaProvider *providers[] = { f->seed, f->kie };

  images[1] = f->png;
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      g_autoptr(KinemaRequest) request = kinema_request_new ();
      g_autoptr(JsonObject) root = NULL;
      gboolean kie = providers[i] == f->kie;
      const char *url_only[] = { "https://cdn.example.com/dog1.jpeg", "https://cdn.example.com/dog2.png", NULL };
      JsonObject *item;

      kinema_request_set_prompt (request, "@dog runs through a sunlit room");
      /* kie uploads the local image; seed 003 takes URLs only. */
      kinema_request_add_element (request, "dog", "a small brown dog", kie ? images : url_only);
      root = provider_run (f, providers[i], request);
      item = json_array_get_object_element (json_object_get_array_member (json_object_get_object_member (root, "input"),
                                                                          kie ? "kling_elements" : "element_list"), 0);
      g_assert_cmpstr (json_object_get_string_member (item, "name"), ==, "dog");
      g_assert_cmpstr (json_object_get_string_member (item, "description"), ==, "a small brown dog");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (item, "element_input_urls")), ==, 2);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "input"), "prompt"), ==,
                       "@dog runs through a sunlit room");
    }
}

static void
ptest_errors (PFixture      *f,
              gconstpointer  data)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GError) error = NULL;

  kinema_request_set_prompt (request, "x");

  kinema_mock_server_push_fault (f->server, "/kie/api/v1/jobs/createTask", KINEMA_MOCK_FAULT_STATUS, 429, 4, NULL);
  g_assert_null (provider_submit (f, f->kie, request, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_RATE_LIMIT);
  g_assert_cmpuint (kinema_error_get_retry_after (error), ==, 4);
  g_clear_error (&error);

  kinema_mock_server_push_fault (f->server, "/market/api/v1/jobs/createTask", KINEMA_MOCK_FAULT_STATUS, 402, 0, NULL);
  g_assert_null (provider_submit (f, f->seed, request, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_BALANCE);
  g_clear_error (&error);

  kinema_mock_server_set_api_key (f->server, "another-key");
  g_assert_null (provider_submit (f, f->seed, request, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add ("/http/market/" path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("dialect/seed003/text", test_seed_text);
  ADD ("dialect/seed003/image", test_seed_image);
  ADD ("dialect/seed003/multi-shot", test_seed_multi_shot);
  ADD ("dialect/seed003/elements", test_seed_elements);
  ADD ("dialect/seed003/errors", test_seed_errors);
  ADD ("dialect/seed003/task-failed", test_seed_task_failed);
  ADD ("dialect/kie/text-and-image", test_kie_text_and_image);
  ADD ("dialect/kie/multi-shot-and-elements", test_kie_multi_shot_and_elements);
  ADD ("dialect/kie/auth", test_kie_auth);
#undef ADD

#define PADD(path, fn) g_test_add ("/http/market/provider/" path, PFixture, NULL, pfixture_setup, fn, pfixture_teardown)
  PADD ("text", ptest_text);
  PADD ("image-first", ptest_image_first);
  PADD ("image-first-last", ptest_image_first_last);
  PADD ("multi-shot-customize", ptest_multi_shot_customize);
  PADD ("multi-shot-intelligence", ptest_multi_shot_intelligence);
  PADD ("elements", ptest_elements);
  PADD ("errors", ptest_errors);
#undef PADD

  return g_test_run ();
}
