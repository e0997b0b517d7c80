/* test-sidecar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-sidecar"

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "kinema-error.h"
#include "kinema-job.h"
#include "kinema-sidecar.h"
#include "kinema-test-media.h"

static char *tmp_dir;

static KinemaRequest *
make_request (void)
{
  const char *images_a[] = { "/tmp/hero-front.png", "https://cdn.example.com/hero-side.jpg", NULL };
  const char *images_b[] = { "/tmp/cat.png", NULL };
  KinemaRequest *request = kinema_request_new ();

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "@hero walks into a neon alley — “rain” falls\n\"quoted\" \\ slash");
  kinema_request_set_negative_prompt (request, "blurry, text");
  kinema_request_set_duration (request, 10);
  kinema_request_set_aspect (request, KINEMA_ASPECT_9_16);
  kinema_request_set_quality (request, KINEMA_QUALITY_PRO);
  kinema_request_set_audio (request, TRUE);
  kinema_request_set_cfg_scale (request, 0.75);
  kinema_request_set_first_frame (request, "/tmp/first.png");
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 4, "Wide shot");
  kinema_request_add_shot (request, 6, "Close-up");
  kinema_request_add_element (request, "hero", "young woman in a yellow raincoat", images_a);
  kinema_request_add_element (request, "cat", "", images_b);

  return request;
}

static KinemaJob *
make_job (const char *clip_name)
{
  g_autoptr(KinemaRequest) request = make_request ();
  g_autoptr(KinemaClip) clip = kinema_clip_new ();
  KinemaJob *job;

  job = kinema_job_new_full ("0f8fad5b-d9cb-469f-a165-70867728950e", "kling-direct", request,
                             KINEMA_JOB_DONE, 1714564800 /* 2024-05-01T12:00:00Z */, 1714565000);
  kinema_job_set_remote_task (job, "task-42", NULL);
  kinema_job_set_price_estimate (job, 0.42);

  clip->path = g_build_filename (tmp_dir, clip_name, NULL);
  clip->duration_ms = 10041;
  clip->width = 1080;
  clip->height = 1920;
  clip->fps = 24.0;
  clip->has_audio = TRUE;
  clip->size = 12345678;
  clip->warnings = g_strdup ("Audio was asked for but is quiet\nShorter than asked");
  kinema_job_set_clip (job, clip);

  return job;
}

static JsonObject *
load_object (const char  *path,
             JsonParser **parser_out)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  *parser_out = g_steal_pointer (&parser);
  return json_node_get_object (root);
}

static void
assert_only (const char  *dir_path,
             const char **names)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_true (g_strv_contains (names, name));
      n++;
    }
  g_assert_cmpuint (n, ==, g_strv_length ((char **) names));
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

/* Tests */

static void
test_path_for_clip (void)
{
  struct { const char *clip; const char *sidecar; } cases[] = {
    { "/v/2024-05-01-fox-1a2b3c4d.mp4", "/v/2024-05-01-fox-1a2b3c4d.json" },
    { "/v/clip.final.MP4", "/v/clip.final.json" },
    { "/v/no-extension", "/v/no-extension.json" },
    { "/v.d/no-extension", "/v.d/no-extension.json" },
    { "/v/.hidden", "/v/.hidden.json" },
    { "/v/odd.json", "/v/odd.json.json" },
    { "relative.webm", "relative.json" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = kinema_sidecar_path_for_clip (cases[i].clip);

      g_assert_cmpstr (path, ==, cases[i].sidecar);
    }
}

static void
test_round_trip (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "round-trip", NULL);
  g_autofree char *clip_name = g_build_filename ("round-trip", "2024-05-01-hero-0f8fad5b.mp4", NULL);
  g_autoptr(KinemaJob) job = make_job (clip_name);
  g_autoptr(KinemaRequest) read = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(JsonNode) expected_request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *original_json = NULL;
  g_autofree char *read_json = NULL;
  const char *names[] = { "2024-05-01-hero-0f8fad5b.mp4", "2024-05-01-hero-0f8fad5b.json", NULL };
  JsonObject *root, *clip;
  JsonArray *warnings;
  GStatBuf st;
  mode_t mask;

  g_mkdir_with_parents (dir, 0700);
  write_file (kinema_job_get_clip (job)->path, "pretend video");

  g_assert_true (kinema_sidecar_write (job, "Kling (direct)", &error));
  g_assert_no_error (error);

  sidecar = kinema_sidecar_path_for_clip (kinema_job_get_clip (job)->path);
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_IS_REGULAR));

  /* Atomic: nothing but the clip and its sidecar, no temporary file. */
  assert_only (dir, names);

  mask = umask (022);
  umask (mask);
  g_assert_cmpint (g_stat (sidecar, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644 & ~mask);

  root = load_object (sidecar, &parser);
  g_assert_cmpint (json_object_get_int_member (root, "kinema_sidecar"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (root, "job_id"), ==, "0f8fad5b-d9cb-469f-a165-70867728950e");
  g_assert_cmpstr (json_object_get_string_member (root, "provider_id"), ==, "kling-direct");
  g_assert_cmpstr (json_object_get_string_member (root, "provider_name"), ==, "Kling (direct)");
  g_assert_cmpstr (json_object_get_string_member (root, "remote_task_id"), ==, "task-42");
  g_assert_cmpstr (json_object_get_string_member (root, "created"), ==, "2024-05-01T12:00:00Z");
  g_assert_cmpfloat (json_object_get_double_member (root, "price_estimate_usd"), ==, 0.42);
  g_assert_true (json_object_has_member (root, "price_actual"));
  g_assert_true (json_object_get_null_member (root, "price_actual"));

  expected_request = kinema_request_to_json_node (kinema_job_get_request (job));
  g_assert_true (json_node_equal (json_object_get_member (root, "request"), expected_request));

  clip = json_object_get_object_member (root, "clip");
  g_assert_cmpstr (json_object_get_string_member (clip, "file"), ==, "2024-05-01-hero-0f8fad5b.mp4");
  g_assert_cmpint (json_object_get_int_member (clip, "duration_ms"), ==, 10041);
  g_assert_cmpint (json_object_get_int_member (clip, "width"), ==, 1080);
  g_assert_cmpint (json_object_get_int_member (clip, "height"), ==, 1920);
  g_assert_cmpfloat (json_object_get_double_member (clip, "fps"), ==, 24.0);
  g_assert_true (json_object_get_boolean_member (clip, "has_audio"));
  g_assert_cmpint (json_object_get_int_member (clip, "size"), ==, 12345678);
  warnings = json_object_get_array_member (clip, "warnings");
  g_assert_cmpuint (json_array_get_length (warnings), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (warnings, 1), ==, "Shorter than asked");

  /* The request comes back unchanged. */
  read = kinema_sidecar_read_request (sidecar, &error);
  g_assert_no_error (error);
  original_json = kinema_request_to_json (kinema_job_get_request (job));
  read_json = kinema_request_to_json (read);
  g_assert_cmpstr (read_json, ==, original_json);

  /* Writing again replaces it, still atomically. */
  kinema_job_set_price_actual (job, 0.40);
  g_assert_true (kinema_sidecar_write (job, NULL, &error));
  g_assert_no_error (error);
  assert_only (dir, names);
  g_clear_object (&parser);
  root = load_object (sidecar, &parser);
  g_assert_cmpfloat (json_object_get_double_member (root, "price_actual"), ==, 0.40);
  g_assert_true (json_object_get_null_member (root, "provider_name"));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Result;

static void
write_cb (GObject      *object,
          GAsyncResult *res,
          gpointer      user_data)
{
  Result *result = user_data;

  result->ok = kinema_sidecar_write_finish (res, &result->error);
  result->done = TRUE;
}

static void
test_async_snapshot (void)
{
  g_autoptr(KinemaJob) job = make_job ("async.mp4");
  g_autoptr(KinemaRequest) read = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sidecar = NULL;
  Result result = { 0 };
  JsonObject *root;

  kinema_sidecar_write_async (job, "Simulator", NULL, write_cb, &result);

  /* Changes after the call do not reach the file: it was copied. */
  kinema_job_set_price_actual (job, 9.99);
  kinema_request_set_prompt (kinema_job_get_request (job), "changed later");

  kinema_test_wait_for (&result.done);
  g_assert_no_error (result.error);
  g_assert_true (result.ok);

  sidecar = kinema_sidecar_path_for_clip (kinema_job_get_clip (job)->path);
  root = load_object (sidecar, &parser);
  g_assert_true (json_object_get_null_member (root, "price_actual"));
  g_assert_cmpstr (json_object_get_string_member (root, "provider_name"), ==, "Simulator");

  read = kinema_sidecar_read_request (sidecar, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kinema_request_get_prompt (read), !=, "changed later");
  g_assert_cmpuint (kinema_request_get_n_elements (read), ==, 2);
}

static void
test_async_errors (void)
{
  g_autoptr(KinemaJob) job = make_job ("no-such-dir/clip.mp4");
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaJob) no_clip = kinema_job_new ("simulator", request);
  g_autoptr(GError) error = NULL;
  Result result = { 0 }, result2 = { 0 };

  /* The folder does not exist. */
  kinema_sidecar_write_async (job, NULL, NULL, write_cb, &result);
  kinema_test_wait_for (&result.done);
  g_assert_false (result.ok);
  g_assert_error (result.error, KINEMA_ERROR, KINEMA_ERROR_STORAGE);
  g_test_message ("%s", result.error->message);
  g_clear_error (&result.error);

  /* No clip yet. */
  g_assert_false (kinema_sidecar_write (no_clip, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED);

  kinema_sidecar_write_async (no_clip, NULL, NULL, write_cb, &result2);
  kinema_test_wait_for (&result2.done);
  g_assert_error (result2.error, KINEMA_ERROR, KINEMA_ERROR_FAILED);
  g_clear_error (&result2.error);
}

static void
test_malformed (void)
{
  g_autofree char *dir = g_build_filename (tmp_dir, "malformed", NULL);
  g_autofree char *request_json = NULL;
  g_autoptr(KinemaRequest) request = make_request ();
  struct { const char *name; const char *contents; int code; } cases[] = {
    { "missing.json", NULL, KINEMA_ERROR_STORAGE },
    { "empty.json", "", KINEMA_ERROR_INVALID_REQUEST },
    { "garbage.json", "{\"kinema_sidecar\": 1, \"request\": {", KINEMA_ERROR_INVALID_REQUEST },
    { "array.json", "[1, 2, 3]", KINEMA_ERROR_INVALID_REQUEST },
    { "other.json", "{\"name\": \"some other tool\"}", KINEMA_ERROR_INVALID_REQUEST },
    { "string-version.json", "{\"kinema_sidecar\": \"1\", \"request\": {}}", KINEMA_ERROR_INVALID_REQUEST },
    { "zero-version.json", "{\"kinema_sidecar\": 0, \"request\": {}}", KINEMA_ERROR_INVALID_REQUEST },
    { "future.json", "{\"kinema_sidecar\": 2, \"request\": {}}", KINEMA_ERROR_INVALID_REQUEST },
    { "no-request.json", "{\"kinema_sidecar\": 1}", KINEMA_ERROR_INVALID_REQUEST },
    { "null-request.json", "{\"kinema_sidecar\": 1, \"request\": null}", KINEMA_ERROR_INVALID_REQUEST },
    { "bad-request.json", "{\"kinema_sidecar\": 1, \"request\": {\"version\": 1, \"mode\": \"teleport\"}}",
      KINEMA_ERROR_INVALID_REQUEST },
  };

  g_mkdir_with_parents (dir, 0700);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autoptr(KinemaRequest) read = NULL;
      g_autoptr(GError) error = NULL;

      if (cases[i].contents != NULL)
        write_file (path, cases[i].contents);

      read = kinema_sidecar_read_request (path, &error);
      g_assert_null (read);
      g_assert_error (error, KINEMA_ERROR, cases[i].code);
      g_test_message ("%s: %s", cases[i].name, error->message);
      /* Messages name the file. */
      g_assert_nonnull (strstr (error->message, cases[i].name));
    }

  /* Extra members written by a later Kinema are fine. */
  {
    g_autofree char *path = g_build_filename (dir, "extra.json", NULL);
    g_autofree char *contents = NULL;
    g_autoptr(KinemaRequest) read = NULL;
    g_autoptr(GError) error = NULL;

    request_json = kinema_request_to_json (request);
    contents = g_strdup_printf ("{\"kinema_sidecar\": 1, \"future_field\": [1], \"request\": %s}", request_json);
    write_file (path, contents);

    read = kinema_sidecar_read_request (path, &error);
    g_assert_no_error (error);
    g_assert_nonnull (read);
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = kinema_test_make_tmp_dir ();

  g_test_add_func ("/sidecar/path-for-clip", test_path_for_clip);
  g_test_add_func ("/sidecar/round-trip", test_round_trip);
  g_test_add_func ("/sidecar/async-snapshot", test_async_snapshot);
  g_test_add_func ("/sidecar/async-errors", test_async_errors);
  g_test_add_func ("/sidecar/malformed", test_malformed);

  ret = g_test_run ();

  kinema_test_rm_rf (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);

  return ret;
}
