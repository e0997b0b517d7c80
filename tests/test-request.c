/* test-request.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kinema-error.h"
#include "kinema-request.h"

static KinemaRequest *
make_full_request (void)
{
  const char *imgs_a[] = { "/tmp/hero-front.png", "https://cdn.example.com/hero-side.png", NULL };
  const char *imgs_b[] = { "/tmp/cat.jpg", NULL };
  KinemaRequest *r = kinema_request_new ();

  kinema_request_set_mode (r, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (r, "@hero walks into a neon alley — “rain” falls");
  kinema_request_set_negative_prompt (r, "blurry, text");
  kinema_request_set_duration (r, 10);
  kinema_request_set_aspect (r, KINEMA_ASPECT_9_16);
  kinema_request_set_quality (r, KINEMA_QUALITY_PRO);
  kinema_request_set_audio (r, TRUE);
  kinema_request_set_cfg_scale (r, 0.75);
  kinema_request_set_watermark (r, TRUE);
  kinema_request_set_first_frame (r, "/tmp/first.png");
  kinema_request_set_last_frame (r, "https://cdn.example.com/last.jpg");
  kinema_request_add_reference_image (r, "/tmp/ref1.png");
  kinema_request_set_multi_shot (r, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (r, 4, "Wide shot");
  kinema_request_add_shot (r, 6, "Close-up");
  kinema_request_add_element (r, "hero", "young woman in a yellow raincoat", imgs_a);
  kinema_request_add_element (r, "cat", "", imgs_b);
  return r;
}

static void
test_defaults (void)
{
  g_autoptr(KinemaRequest) r = kinema_request_new ();
  int w, h;

  g_assert_cmpint (kinema_request_get_mode (r), ==, KINEMA_MODE_TEXT);
  g_assert_cmpstr (kinema_request_get_prompt (r), ==, "");
  g_assert_cmpuint (kinema_request_get_duration (r), ==, 5);
  g_assert_cmpint (kinema_request_get_aspect (r), ==, KINEMA_ASPECT_16_9);
  g_assert_cmpint (kinema_request_get_quality (r), ==, KINEMA_QUALITY_STD);
  g_assert_cmpfloat_with_epsilon (kinema_request_get_cfg_scale (r), 0.5, 1e-9);
  g_assert_false (kinema_request_get_audio (r));
  g_assert_null (kinema_request_get_first_frame (r));
  kinema_request_get_output_size (r, &w, &h);
  g_assert_cmpint (w, ==, 1280);
  g_assert_cmpint (h, ==, 720);
}

static void
test_output_sizes (void)
{
  g_autoptr(KinemaRequest) r = kinema_request_new ();
  struct { KinemaQuality q; KinemaAspect a; int w, h; } cases[] = {
    { KINEMA_QUALITY_STD, KINEMA_ASPECT_16_9, 1280, 720 },
    { KINEMA_QUALITY_STD, KINEMA_ASPECT_9_16, 720, 1280 },
    { KINEMA_QUALITY_STD, KINEMA_ASPECT_1_1, 720, 720 },
    { KINEMA_QUALITY_PRO, KINEMA_ASPECT_16_9, 1920, 1080 },
    { KINEMA_QUALITY_PRO, KINEMA_ASPECT_9_16, 1080, 1920 },
    { KINEMA_QUALITY_PRO, KINEMA_ASPECT_1_1, 1080, 1080 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int w, h;

      kinema_request_set_quality (r, cases[i].q);
      kinema_request_set_aspect (r, cases[i].a);
      kinema_request_get_output_size (r, &w, &h);
      g_assert_cmpint (w, ==, cases[i].w);
      g_assert_cmpint (h, ==, cases[i].h);
    }
}

static void
changed_cb (KinemaRequest *r,
            guint         *count)
{
  (*count)++;
}

static void
test_changed_signal (void)
{
  g_autoptr(KinemaRequest) r = kinema_request_new ();
  guint count = 0;

  g_signal_connect (r, "changed", G_CALLBACK (changed_cb), &count);
  kinema_request_set_prompt (r, "a fox");
  kinema_request_set_prompt (r, "a fox");   /* same value: no change */
  kinema_request_set_duration (r, 8);
  kinema_request_add_shot (r, 3, "x");
  kinema_request_set_shot (r, 0, 3, "x");  /* same */
  kinema_request_add_reference_image (r, "/tmp/a.png");
  g_assert_cmpuint (count, ==, 4);
}

static void
test_shots (void)
{
  g_autoptr(KinemaRequest) r = kinema_request_new ();

  kinema_request_add_shot (r, 2, "one");
  kinema_request_add_shot (r, 3, "two");
  kinema_request_add_shot (r, 4, "three");
  g_assert_cmpuint (kinema_request_get_shots_total (r), ==, 9);
  kinema_request_move_shot (r, 0, 2);
  g_assert_cmpstr (kinema_request_get_shot (r, 0)->prompt, ==, "two");
  g_assert_cmpstr (kinema_request_get_shot (r, 2)->prompt, ==, "one");
  kinema_request_remove_shot (r, 1);
  g_assert_cmpuint (kinema_request_get_n_shots (r), ==, 2);
  g_assert_cmpuint (kinema_request_get_shots_total (r), ==, 5);
  kinema_request_set_shot (r, 1, 7, "seven");
  g_assert_cmpuint (kinema_request_get_shot (r, 1)->duration, ==, 7);
}

static void
test_json_round_trip (void)
{
  g_autoptr(KinemaRequest) r = make_full_request ();
  g_autoptr(KinemaRequest) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = kinema_request_to_json (r);
  g_autofree char *json2 = NULL;
  const KinemaElement *el;

  g_assert_nonnull (strstr (json, "\"version\":1"));
  back = kinema_request_new_from_json (json, &error);
  g_assert_no_error (error);
  json2 = kinema_request_to_json (back);
  g_assert_cmpstr (json, ==, json2);

  g_assert_cmpint (kinema_request_get_mode (back), ==, KINEMA_MODE_IMAGE);
  g_assert_cmpstr (kinema_request_get_prompt (back), ==, "@hero walks into a neon alley — “rain” falls");
  g_assert_cmpuint (kinema_request_get_duration (back), ==, 10);
  g_assert_cmpint (kinema_request_get_aspect (back), ==, KINEMA_ASPECT_9_16);
  g_assert_cmpint (kinema_request_get_quality (back), ==, KINEMA_QUALITY_PRO);
  g_assert_true (kinema_request_get_audio (back));
  g_assert_true (kinema_request_get_watermark (back));
  g_assert_cmpfloat_with_epsilon (kinema_request_get_cfg_scale (back), 0.75, 1e-9);
  g_assert_cmpstr (kinema_request_get_last_frame (back), ==, "https://cdn.example.com/last.jpg");
  g_assert_cmpuint (kinema_request_get_n_reference_images (back), ==, 1);
  g_assert_cmpuint (kinema_request_get_n_shots (back), ==, 2);
  g_assert_cmpuint (kinema_request_get_n_elements (back), ==, 2);
  el = kinema_request_get_element (back, 0);
  g_assert_cmpstr (el->name, ==, "hero");
  g_assert_cmpuint (g_strv_length (el->images), ==, 2);
}

static void
test_copy_is_independent (void)
{
  g_autoptr(KinemaRequest) r = make_full_request ();
  g_autoptr(KinemaRequest) copy = kinema_request_copy (r);

  kinema_request_set_prompt (r, "changed later");
  kinema_request_clear_shots (r);
  g_assert_cmpstr (kinema_request_get_prompt (copy), ==, "@hero walks into a neon alley — “rain” falls");
  g_assert_cmpuint (kinema_request_get_n_shots (copy), ==, 2);
}

static void
test_json_rejects_bad_input (void)
{
  const char *bad[] = {
    "",
    "   ",
    "not json",
    "[]",
    "{\"version\":99}",
    "{\"version\":1,\"mode\":\"sideways\"}",
    "{\"version\":1,\"duration\":\"five\"}",
    "{\"version\":1,\"duration\":500}",
    "{\"version\":1,\"cfg_scale\":3}",
    "{\"version\":1,\"audio\":\"yes\"}",
    "{\"version\":1,\"shots\":{}}",
    "{\"version\":1,\"shots\":[42]}",
    "{\"version\":1,\"elements\":[{\"name\":\"a\",\"images\":[1]}]}",
    "{\"version\":1,\"reference_images\":\"a.png\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(KinemaRequest) r = kinema_request_new_from_json (bad[i], &error);

      g_assert_null (r);
      g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
      g_assert_nonnull (error->message);
    }
}

static void
test_json_tolerates_missing_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaRequest) r = kinema_request_new_from_json ("{\"version\":1,\"prompt\":\"hi\"}", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (kinema_request_get_prompt (r), ==, "hi");
  g_assert_cmpuint (kinema_request_get_duration (r), ==, 5);
}

static void
test_enum_strings (void)
{
  KinemaAspect a;
  KinemaMultiShot ms;

  g_assert_cmpstr (kinema_aspect_to_string (KINEMA_ASPECT_9_16), ==, "9:16");
  g_assert_true (kinema_aspect_from_string ("1:1", &a));
  g_assert_cmpint (a, ==, KINEMA_ASPECT_1_1);
  g_assert_false (kinema_aspect_from_string ("4:3", &a));
  g_assert_true (kinema_multi_shot_from_string ("Intelligence", &ms));
  g_assert_cmpint (ms, ==, KINEMA_MULTI_SHOT_INTELLIGENCE);
  g_assert_true (kinema_image_is_url ("https://x/y.png"));
  g_assert_false (kinema_image_is_url ("/home/me/y.png"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/request/defaults", test_defaults);
  g_test_add_func ("/request/output-sizes", test_output_sizes);
  g_test_add_func ("/request/changed-signal", test_changed_signal);
  g_test_add_func ("/request/shots", test_shots);
  g_test_add_func ("/request/json-round-trip", test_json_round_trip);
  g_test_add_func ("/request/copy-is-independent", test_copy_is_independent);
  g_test_add_func ("/request/json-rejects-bad-input", test_json_rejects_bad_input);
  g_test_add_func ("/request/json-tolerates-missing-fields", test_json_tolerates_missing_fields);
  g_test_add_func ("/request/enum-strings", test_enum_strings);

  return g_test_run ();
}
