/* test-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the built kinema-cli (path in $KINEMA_CLI) as a user would:
 * `request` dry runs for every preset, in both formats, and the refusals.
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>

static const char *cli;
static char *tmp_dir;
static char *local_png;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int wait_status = 0;

  g_ptr_array_add (argv, (char *) cli);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  g_test_message ("status %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
}

static JsonObject *
parse_output (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

static gboolean
headers_hide_key (JsonObject *headers)
{
  g_autoptr(GList) names = json_object_get_members (headers);

  for (GList *l = names; l != NULL; l = l->next)
    if (strstr (json_object_get_string_member (headers, l->data), "$KINEMA_API_KEY") != NULL)
      return TRUE;
  return FALSE;
}

typedef struct
{
  const char *preset;
  const char *url_suffix;
  const char *model_member;
  const char *model;
} PresetCase;

static const PresetCase preset_cases[] = {
  { "kling", "/v1/videos/text2video", "model_name", "kling-v3" },
  { "linkmodel", "/api/v1/video-generation", "model", "kling-v3" },
  { "modelstream", "/v1/video/generations", "model", "kling-v3" },
  { "market", "/api/v1/jobs/createTask", "model", "kling/v3" },
  { "kie", "/api/v1/jobs/createTask", "model", "kling-3.0/video" },
  { "uniall", "/v1/video/generations", "model", "kling-v3-std-audio" },
};

static void
test_request_json (gconstpointer data)
{
  const PresetCase *c = data;
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *headers;

  if (g_str_equal (c->preset, "market"))
    /* seed 003's host is unknown: it must be given */
    run_cli (&run, "request", "--provider", c->preset, "--base-url", "https://gateway.example",
             "--prompt", "A lighthouse at dusk", "--audio", NULL);
  else
    run_cli (&run, "request", "--provider", c->preset, "--prompt", "A lighthouse at dusk", "--audio", NULL);

  g_assert_cmpint (run.status, ==, 0);
  root = parse_output (run.out);
  g_assert_cmpuint (json_object_get_size (root), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (root, "method"), ==, "POST");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (root, "url"), "https://"));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (root, "url"), c->url_suffix));
  headers = json_object_get_object_member (root, "headers");
  g_assert_nonnull (headers);
  g_assert_true (headers_hide_key (headers));
  g_assert_cmpstr (json_object_get_string_member (headers, "Content-Type"), ==, "application/json");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "body")));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "body"), c->model_member),
                   ==, c->model);
}

static void
test_request_curl (gconstpointer data)
{
  const PresetCase *c = data;
  g_auto(Run) run = { 0 };
  g_auto(Run) check = { 0 };
  g_autoptr(GError) error = NULL;
  const char *sh_argv[] = { "/bin/sh", "-n", "-c", NULL, NULL };
  int wait_status = 0;

  if (g_str_equal (c->preset, "market"))
    run_cli (&run, "request", "--provider", c->preset, "--base-url", "https://gateway.example",
             "--prompt", "It's a fox's \"den\"", "--format", "curl", NULL);
  else
    run_cli (&run, "request", "--provider", c->preset, "--prompt", "It's a fox's \"den\"",
             "--format", "curl", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "curl -X 'POST' 'https://"));
  /* the key is left for the shell to expand */
  g_assert_nonnull (strstr (run.out, "\"$KINEMA_API_KEY\""));
  g_assert_nonnull (strstr (run.out, "--data-raw '"));
  /* the quote survives single-quoting */
  g_assert_nonnull (strstr (run.out, "It'\\''s a fox'\\''s"));

  /* and the whole thing is valid shell */
  sh_argv[3] = run.out;
  g_spawn_sync (NULL, (char **) sh_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &check.out, &check.err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
}

static void
test_simulator (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) root = NULL;

  run_cli (&run, "request", "--provider", "simulator", "--prompt", "A test", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_output (run.out);
  g_assert_true (json_object_has_member (root, "method"));
  g_assert_true (json_object_has_member (root, "url"));
  g_assert_true (json_object_has_member (root, "headers"));
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "body")));
  g_assert_nonnull (strstr (run.err, "simulator"));
}

static void
test_local_image (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) curl = { 0 };
  g_autoptr(JsonObject) root = NULL;
  const char *image;
  g_autofree guchar *raw = NULL;
  gsize len;

  run_cli (&run, "request", "--provider", "modelstream", "--prompt", "The boat drifts",
           "--first-frame", local_png, NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_output (run.out);
  image = json_object_get_string_member (json_object_get_object_member (root, "body"), "image");
  raw = g_base64_decode (image, &len);
  g_assert_cmpuint (len, >, 100);
  g_assert_cmpmem (raw, 8, "\x89PNG\r\n\x1a\n", 8);

  run_cli (&curl, "request", "--provider", "modelstream", "--prompt", "The boat drifts",
           "--first-frame", local_png, "--format", "curl", NULL);
  g_assert_cmpint (curl.status, ==, 0);
  g_assert_nonnull (strstr (curl.out, "characters of base64 left out"));
  g_assert_null (strstr (curl.out, image));
}

static void
test_shots_and_elements (void)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  JsonObject *body;

  run_cli (&run, "request", "--provider", "modelstream",
           "--shot", "3:Wide shot: a harbour at dawn", "--shot", "4:Close-up: ropes on the quay", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_output (run.out);
  body = json_object_get_object_member (root, "body");
  /* the duration defaults to the sum of the shots; prompts keep their colons */
  g_assert_cmpint (json_object_get_int_member (body, "duration"), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (body, "multi_prompt"), 0), "prompt"),
                   ==, "Wide shot: a harbour at dawn");
  run_clear (&run);
  json_object_unref (g_steal_pointer (&root));

  run_cli (&run, "request", "--provider", "kie", "--prompt", "@dog runs through the hall",
           "--element", "dog:a brown dog:https://cdn.example.com/dog1.png,https://cdn.example.com/dog2.png",
           "--first-frame", "https://cdn.example.com/start.png", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_output (run.out);
  g_assert_nonnull (strstr (run.out, "https://cdn.example.com/dog2.png"));
}

static void
test_refusals (void)
{
  g_auto(Run) run = { 0 };

  /* validation: every problem, one per line, exit 2, nothing on stdout */
  run_cli (&run, "request", "--provider", "linkmodel", "--prompt", "x", "--duration", "20", "--watermark", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "duration: "));
  g_assert_nonnull (strstr (run.err, "\nwatermark: "));
  run_clear (&run);

  run_cli (&run, "request", "--provider", "uniall", "--prompt", "x", "--base-url", "http://api.example.com", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "base_url: "));
  run_clear (&run);

  run_cli (&run, "request", "--provider", "market", "--prompt", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--base-url"));
  run_clear (&run);

  run_cli (&run, "request", "--provider", "nope", "--prompt", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "linkmodel"));
  run_clear (&run);

  run_cli (&run, "request", "--provider", "linkmodel", "--prompt", "x", "--aspect", "4:3", "--mode", "ultra", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--aspect"));
  g_assert_nonnull (strstr (run.err, "--mode"));
  run_clear (&run);

  run_cli (&run, "request", "--provider", "linkmodel", "--prompt", "x", "--format", "yaml", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, "request", "--prompt", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "request"));
}

static void
make_png (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) msg = NULL;
  g_autofree char *desc = NULL;

  local_png = g_build_filename (tmp_dir, "first.png", NULL);
  desc = g_strdup_printf ("videotestsrc num-buffers=1 ! video/x-raw,width=480,height=320 ! "
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

  cli = g_getenv ("KINEMA_CLI");
  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("KINEMA_CLI does not name the built kinema-cli");
      return g_test_run ();
    }

  tmp_dir = g_dir_make_tmp ("kinema-cli-XXXXXX", &error);
  g_assert_no_error (error);
  make_png ();

  for (guint i = 0; i < G_N_ELEMENTS (preset_cases); i++)
    {
      g_autofree char *json_path = g_strdup_printf ("/cli/request/json/%s", preset_cases[i].preset);
      g_autofree char *curl_path = g_strdup_printf ("/cli/request/curl/%s", preset_cases[i].preset);

      g_test_add_data_func (json_path, &preset_cases[i], test_request_json);
      g_test_add_data_func (curl_path, &preset_cases[i], test_request_curl);
    }
  g_test_add_func ("/cli/request/simulator", test_simulator);
  g_test_add_func ("/cli/request/local-image", test_local_image);
  g_test_add_func ("/cli/request/shots-and-elements", test_shots_and_elements);
  g_test_add_func ("/cli/request/refusals", test_refusals);

  ret = g_test_run ();

  g_unlink (local_png);
  g_rmdir (tmp_dir);
  return ret;
}
