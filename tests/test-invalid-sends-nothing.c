/* test-invalid-sends-nothing.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every validation rule, for every HTTP preset, through the same path the
 * app and the CLI take (KinemaEngine with a real KinemaHttpProvider aimed
 * at the mock): the request is refused with a message, nothing is written
 * to the journal, and the mock receives nothing at all.
 */
#include "config.h"

#include "kinema-engine.h"
#include "kinema-error.h"
#include "kinema-http-provider.h"
#include "kinema-mock-server.h"
#include "kinema-presets.h"

static KinemaMockServer *mock;
static char *tmp;
static char *png;   /* a valid local PNG, 640x480 */

typedef void (*Mutate) (KinemaRequest *r);

static void m_empty_prompt (KinemaRequest *r) { kinema_request_set_prompt (r, ""); }
static void m_too_long (KinemaRequest *r)
{
  g_autofree char *p = g_strnfill (2600, 'a');
  kinema_request_set_prompt (r, p);
}
static void m_duration (KinemaRequest *r) { kinema_request_set_duration (r, 20); }
static void m_duration_short (KinemaRequest *r) { kinema_request_set_duration (r, 2); }
static void m_last_without_first (KinemaRequest *r)
{
  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_last_frame (r, "https://cdn.example.com/last.png");
}
static void m_image_mode_no_frame (KinemaRequest *r) { kinema_request_set_mode (r, KINEMA_MODE_IMAGE); }
static void m_shots_sum (KinemaRequest *r)
{
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_set_duration (r, 10);
  kinema_request_add_shot (r, 3, "one");
  kinema_request_add_shot (r, 3, "two");
}
static void m_seven_shots (KinemaRequest *r)
{
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_set_duration (r, 14);
  for (guint i = 0; i < 7; i++)
    kinema_request_add_shot (r, 2, "shot");
}
static void m_empty_shot_prompt (KinemaRequest *r)
{
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_set_duration (r, 5);
  kinema_request_add_shot (r, 5, "");
}
static void m_http_image (KinemaRequest *r)
{
  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, "http://cdn.example.com/plain-http.png");
}
static void m_reference_missing (KinemaRequest *r)
{
  kinema_request_set_mode (r, KINEMA_MODE_REFERENCE);
  kinema_request_set_prompt (r, "<<<image_1>>> and <<<image_2>>> dance");
  kinema_request_add_reference_image (r, "https://cdn.example.com/r1.png");
}
static void m_four_elements (KinemaRequest *r)
{
  const char *imgs[] = { "https://cdn.example.com/a.png", "https://cdn.example.com/b.png", NULL };

  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, "https://cdn.example.com/first.png");
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("el%u", i);
      kinema_request_add_element (r, name, "thing", imgs);
    }
}
static void m_local_image (KinemaRequest *r)
{
  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (r, png);
}

typedef struct
{
  const char *name;
  Mutate      mutate;
  const char *field_hint;   /* a word the message must contain (case-insensitive) */
} Rule;

/* Rules every provider enforces, and some that depend on what the
 * provider offers (a rule the provider does not need is skipped below by
 * checking that validation refuses it at all for that preset). */
static const Rule rules[] = {
  { "empty-prompt", m_empty_prompt, "prompt" },
  { "prompt-too-long", m_too_long, "prompt" },
  { "duration-too-long", m_duration, "15" },
  { "duration-too-short", m_duration_short, "3" },
  { "last-frame-without-first", m_last_without_first, "first" },
  { "image-mode-without-frame", m_image_mode_no_frame, "first" },
  { "shots-do-not-add-up", m_shots_sum, "" },
  { "seven-shots", m_seven_shots, "" },
  { "empty-shot-prompt", m_empty_shot_prompt, "" },
  { "plain-http-image", m_http_image, "https" },
  { "reference-token-without-image", m_reference_missing, "" },
  { "four-elements", m_four_elements, "" },
  { "local-image-on-url-only-provider", m_local_image, "" },
};

static const char *presets[] = { "kling", "linkmodel", "modelstream", "market", "kie", "uniall" };

typedef struct
{
  const char *preset;
  const Rule *rule;
} Case;

static void
test_rule (gconstpointer data)
{
  const Case *c = data;
  g_autoptr(KinemaProviderConfig) cfg = kinema_provider_config_copy (kinema_presets_lookup (c->preset));
  g_autoptr(KinemaProvider) provider = NULL;
  g_autoptr(KinemaLibrary) library = NULL;
  g_autoptr(KinemaEngine) engine = NULL;
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_strdup_printf ("%s/%s-%s.db", tmp, c->preset, c->rule->name);
  guint before;

  g_free (cfg->base_url);
  cfg->base_url = kinema_mock_server_dup_base_url (mock, c->preset);
  provider = kinema_http_provider_new (cfg, KINEMA_MOCK_DEFAULT_API_KEY, &error);
  g_assert_no_error (error);
  library = kinema_library_new (db, &error);
  g_assert_no_error (error);
  engine = kinema_engine_new (library, tmp);
  kinema_engine_add_provider (engine, provider);

  kinema_request_set_prompt (request, "a lighthouse at dusk");
  c->rule->mutate (request);

  /* A local file is fine where the provider can take one (upload or
   * base64): then it is not a problem, and this rule does not apply. */
  if (c->rule->mutate == m_local_image &&
      (kinema_provider_get_capabilities (provider)->image_transports &
       (KINEMA_IMAGE_BASE64 | KINEMA_IMAGE_DATA_URI | KINEMA_IMAGE_UPLOAD)))
    {
      g_test_skip ("this provider accepts local images");
      return;
    }

  before = kinema_mock_server_get_count (mock, NULL);
  job = kinema_engine_submit (engine, c->preset, request, &error);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  g_assert_null (job);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_cmpuint (strlen (error->message), >, 10);
  if (*c->rule->field_hint)
    {
      g_autofree char *lower = g_utf8_strdown (error->message, -1);

      if (strstr (lower, c->rule->field_hint) == NULL)
        g_error ("%s/%s: message does not mention “%s”: %s", c->preset, c->rule->name,
                 c->rule->field_hint, error->message);
    }
  g_test_message ("%s/%s: %s", c->preset, c->rule->name, error->message);

  /* Nothing sent, nothing journaled. */
  g_assert_cmpuint (kinema_mock_server_get_count (mock, NULL), ==, before);
  jobs = kinema_library_list_jobs (library, NULL);
  g_assert_cmpuint (jobs->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (kinema_engine_get_jobs (engine)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cmd = NULL;
  int status = 0, ret;

  g_test_init (&argc, &argv, NULL);
  tmp = g_dir_make_tmp ("kinema-invalid-XXXXXX", NULL);
  png = g_build_filename (tmp, "frame.png", NULL);
  cmd = g_strdup_printf ("gst-launch-1.0 -q videotestsrc num-buffers=1 ! video/x-raw,width=640,height=480"
                         " ! pngenc ! filesink location=%s", png);
  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));

  mock = kinema_mock_server_new (&error);
  g_assert_no_error (error);

  for (guint p = 0; p < G_N_ELEMENTS (presets); p++)
    for (guint r = 0; r < G_N_ELEMENTS (rules); r++)
      {
        Case *c = g_new0 (Case, 1);
        g_autofree char *path = g_strdup_printf ("/invalid/%s/%s", presets[p], rules[r].name);

        c->preset = presets[p];
        c->rule = &rules[r];
        g_ptr_array_add (cases, c);
        g_test_add_data_func (path, c, test_rule);
      }

  ret = g_test_run ();
  g_clear_object (&mock);
  {
    g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", tmp);
    g_spawn_command_line_sync (rm, NULL, NULL, NULL, NULL);
  }
  return ret;
}
