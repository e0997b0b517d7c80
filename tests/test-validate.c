/* test-validate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One case per validation rule: each asserts the problem's field and a
 * key phrase of its message; plus valid requests of every kind that must
 * give no problem at all, and the async variant with real image files.
 */
#define G_LOG_DOMAIN "test-validate"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "kinema-error.h"
#include "kinema-image.h"
#include "kinema-validate.h"

#define PROVIDER "TestGate"

/* Helpers */

/* Everything on: the union of what the dialects can do. */
static void
full_caps (KinemaCapabilities *caps)
{
  kinema_capabilities_init_kling_v3 (caps);
  caps->frames_in_multi_shot = TRUE;
  caps->last_frame_in_multi_shot = TRUE;
  caps->image_transports = KINEMA_IMAGE_URL | KINEMA_IMAGE_BASE64 | KINEMA_IMAGE_DATA_URI |
                           KINEMA_IMAGE_UPLOAD | KINEMA_IMAGE_LOCAL_FILE;
}

static KinemaRequest *
text_request (void)
{
  KinemaRequest *request = kinema_request_new ();

  kinema_request_set_mode (request, KINEMA_MODE_TEXT);
  kinema_request_set_prompt (request, "A red fox runs through fresh snow at dawn.");
  kinema_request_set_duration (request, 5);
  return request;
}

static void
dump_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      KinemaProblem *p = g_ptr_array_index (problems, i);

      g_test_message ("problem: [%s] %s", p->field, p->message);
    }
}

static GPtrArray *
validate (KinemaRequest            *request,
          const KinemaCapabilities *caps)
{
  GPtrArray *problems = kinema_request_validate (request, caps, PROVIDER);

  g_assert_nonnull (problems);
  dump_problems (problems);
  return problems;
}

static void
assert_problem (GPtrArray  *problems,
                const char *field,
                const char *phrase)
{
  for (guint i = 0; i < problems->len; i++)
    {
      KinemaProblem *p = g_ptr_array_index (problems, i);

      if (g_strcmp0 (p->field, field) == 0 && strstr (p->message, phrase) != NULL)
        return;
    }
  dump_problems (problems);
  g_error ("no problem [%s] containing “%s”", field, phrase);
}

static void
assert_no_problem (GPtrArray  *problems,
                   const char *field)
{
  const KinemaProblem *p = kinema_problems_find (problems, field);

  if (p != NULL)
    g_error ("unexpected problem [%s] %s", p->field, p->message);
}

static void
assert_no_problems (GPtrArray *problems)
{
  if (problems->len > 0)
    {
      dump_problems (problems);
      g_error ("expected no problems, got %u", problems->len);
    }
}

/* Exactly one problem, in @field, containing @phrase. */
static void
assert_only_problem (GPtrArray  *problems,
                     const char *field,
                     const char *phrase)
{
  assert_problem (problems, field, phrase);
  if (problems->len != 1)
    g_error ("expected one problem, got %u", problems->len);
}

static char *
repeat (const char *unit,
        guint       times)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

/* Valid requests */

static void
test_valid_text (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_negative_prompt (request, "blurry, low quality");
  kinema_request_set_aspect (request, KINEMA_ASPECT_9_16);
  kinema_request_set_quality (request, KINEMA_QUALITY_PRO);
  kinema_request_set_audio (request, TRUE);
  kinema_request_set_cfg_scale (request, 0.8);
  kinema_request_set_watermark (request, TRUE);
  kinema_request_set_duration (request, 15);

  problems = validate (request, &caps);
  assert_no_problems (problems);
}

static void
test_valid_image (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  /* Sync validation never opens the file: a missing path is fine here. */
  kinema_request_set_first_frame (request, "/nonexistent/first.png");
  kinema_request_set_last_frame (request, "https://example.com/images/last.jpg");
  kinema_request_set_duration (request, 10);

  problems = validate (request, &caps);
  assert_no_problems (problems);
}

static void
test_valid_reference (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  kinema_request_add_reference_image (request, "/photos/cat.jpg");
  kinema_request_add_reference_image (request, "https://example.com/hat.png");
  kinema_request_add_reference_image (request, "/photos/room.png");   /* never referenced: fine */
  kinema_request_set_prompt (request, "The cat from <<<image_1>>> wears the hat from <<<image_2>>>.");

  problems = validate (request, &caps);
  assert_no_problems (problems);
}

static void
test_valid_multi_shot (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_prompt (request, "");   /* not needed with custom shots */
  kinema_request_set_duration (request, 15);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 5, "Wide shot of a lighthouse at dusk.");
  kinema_request_add_shot (request, 4, "The keeper climbs the stairs.");
  kinema_request_add_shot (request, 6, "The lamp turns on; the beam sweeps the sea.");

  problems = validate (request, &caps);
  assert_no_problems (problems);
}

static void
test_valid_intelligence_and_elements (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  const char *mia[] = { "/photos/mia-front.jpg", "/photos/mia-side.jpg", NULL };
  const char *car[] = { "https://example.com/car.png", NULL };
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  kinema_request_set_prompt (request, "@mia drives @red_car along the coast.");
  kinema_request_add_element (request, "mia", "the driver", mia);
  kinema_request_add_element (request, "red_car", NULL, car);

  problems = validate (request, &caps);
  assert_no_problems (problems);
}

/* Mode */

static void
test_mode_unsupported (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.modes = 1 << KINEMA_MODE_IMAGE;
  p1 = validate (request, &caps);
  assert_only_problem (p1, "mode", "TestGate cannot make a video from text alone");

  full_caps (&caps);
  caps.max_reference_images = 0;
  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  kinema_request_add_reference_image (request, "https://example.com/a.png");
  p2 = validate (request, &caps);
  assert_only_problem (p2, "mode", "TestGate does not support reference images");
}

/* Prompt */

static void
test_prompt_required (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_prompt (request, "");
  p1 = validate (request, &caps);
  assert_only_problem (p1, "prompt", "Write a prompt");

  kinema_request_set_prompt (request, " \t\n\u3000 ");
  p2 = validate (request, &caps);
  assert_only_problem (p2, "prompt", "Write a prompt");
}

static void
test_prompt_too_long (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autofree char *ok = repeat ("é", 2500);         /* 5,000 bytes, 2,500 characters */
  g_autofree char *long_prompt = repeat ("ü", 2612);
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_prompt (request, ok);
  p1 = validate (request, &caps);
  assert_no_problems (p1);

  kinema_request_set_prompt (request, long_prompt);
  p2 = validate (request, &caps);
  assert_only_problem (p2, "prompt", "TestGate accepts at most");
  assert_problem (p2, "prompt", "Shorten it by 112.");
}

static void
test_prompt_not_needed_with_shots (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_prompt (request, "");
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 5, "One shot.");
  p1 = validate (request, &caps);
  assert_no_problem (p1, "prompt");

  /* Intelligence still needs the main prompt. */
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  p2 = validate (request, &caps);
  assert_only_problem (p2, "prompt", "Write a prompt");
}

static void
test_negative_prompt (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autofree char *long_negative = repeat ("x", 101);
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  g_autoptr(GPtrArray) p3 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.max_negative_chars = 100;
  kinema_request_set_negative_prompt (request, long_negative);
  p1 = validate (request, &caps);
  assert_only_problem (p1, "negative_prompt", "The negative prompt is 101 characters; TestGate accepts at most 100. Shorten it by 1.");

  caps.max_negative_chars = 0;
  kinema_request_set_negative_prompt (request, "blur");
  p2 = validate (request, &caps);
  assert_only_problem (p2, "negative_prompt", "TestGate does not take a negative prompt; clear it.");

  /* Empty is fine where the provider has no negative prompt. */
  kinema_request_set_negative_prompt (request, "");
  p3 = validate (request, &caps);
  assert_no_problems (p3);
}

/* Settings */

static void
test_duration_range (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  g_autoptr(GPtrArray) p3 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_duration (request, 2);
  p1 = validate (request, &caps);
  assert_only_problem (p1, "duration", "The video is 2 s long; TestGate makes videos of 3 to 15 s.");

  caps.duration_min = 5;
  caps.duration_max = 10;
  kinema_request_set_duration (request, 12);
  p2 = validate (request, &caps);
  assert_only_problem (p2, "duration", "5 to 10 s");

  caps.duration_min = caps.duration_max = 5;
  kinema_request_set_duration (request, 5);
  p3 = validate (request, &caps);
  assert_no_problems (p3);
}

static void
test_aspect_unsupported (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.aspect = FALSE;
  p1 = validate (request, &caps);
  assert_no_problems (p1);   /* 16:9 is the default */

  kinema_request_set_aspect (request, KINEMA_ASPECT_1_1);
  p2 = validate (request, &caps);
  assert_only_problem (p2, "aspect", "does not let you choose the aspect ratio");
}

static void
test_quality_unsupported (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.quality = FALSE;
  kinema_request_set_quality (request, KINEMA_QUALITY_PRO);
  problems = validate (request, &caps);
  assert_only_problem (problems, "quality", "Standard (720p)");
}

static void
test_audio_unsupported (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.audio = FALSE;
  kinema_request_set_audio (request, TRUE);
  problems = validate (request, &caps);
  assert_only_problem (problems, "audio", "TestGate cannot add sound; turn Audio off.");
}

static void
test_audio_forced_in_multi_shot (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.audio_forced_in_multi_shot = TRUE;
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  kinema_request_set_audio (request, FALSE);
  p1 = validate (request, &caps);
  assert_only_problem (p1, "audio", "always adds sound to multi-shot videos");

  kinema_request_set_audio (request, TRUE);
  p2 = validate (request, &caps);
  assert_no_problems (p2);
}

static void
test_cfg_scale (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.cfg_scale = FALSE;

  /* The default is silently ignored... */
  kinema_request_set_cfg_scale (request, 0.5);
  p1 = validate (request, &caps);
  assert_no_problems (p1);

  /* ...a value the user chose is not. */
  kinema_request_set_cfg_scale (request, 0.7);
  p2 = validate (request, &caps);
  assert_only_problem (p2, "cfg_scale", "TestGate does not take a CFG scale; set it back to 0.5");
}

static void
test_watermark_unsupported (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.watermark = FALSE;
  kinema_request_set_watermark (request, TRUE);
  problems = validate (request, &caps);
  assert_only_problem (problems, "watermark", "turn Watermark off");
}

/* Frames */

static void
test_image_mode_needs_first_frame (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  problems = validate (request, &caps);
  assert_only_problem (problems, "first_frame", "Image mode needs a first frame");
}

static void
test_last_frame_unsupported (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.last_frame = FALSE;
  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "/a.png");
  kinema_request_set_last_frame (request, "/b.png");
  problems = validate (request, &caps);
  assert_only_problem (problems, "last_frame", "TestGate does not take a last frame; remove it.");
}

static void
test_last_frame_needs_first (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_last_frame (request, "/b.png");
  p1 = validate (request, &caps);
  assert_only_problem (p1, "last_frame", "needs a first frame when a last frame is set");

  caps.last_frame_needs_first = FALSE;
  p2 = validate (request, &caps);
  assert_no_problems (p2);
}

static void
test_frames_in_multi_shot (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "/a.png");
  kinema_request_set_last_frame (request, "/b.png");
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);

  /* Official Kling: first frame yes, last frame no. */
  caps.last_frame_in_multi_shot = FALSE;
  p1 = validate (request, &caps);
  assert_only_problem (p1, "last_frame", "cannot end a multi-shot video on a last frame");

  caps.frames_in_multi_shot = FALSE;
  p2 = validate (request, &caps);
  assert_problem (p2, "first_frame", "cannot start a multi-shot video from a first frame");
  assert_problem (p2, "last_frame", "cannot end a multi-shot video on a last frame");
  g_assert_cmpuint (p2->len, ==, 2);
}

static void
test_frames_ignored_in_text_mode (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.last_frame = FALSE;
  caps.image_transports = KINEMA_IMAGE_URL;
  kinema_request_set_first_frame (request, "/left/over.png");
  kinema_request_set_last_frame (request, "http://example.com/x.png");
  problems = validate (request, &caps);
  assert_no_problems (problems);
}

/* Reference images */

static void
test_reference_needs_images (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  problems = validate (request, &caps);
  assert_only_problem (problems, "reference_images", "needs at least one reference image");
}

static void
test_reference_too_many (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.max_reference_images = 2;
  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  for (int i = 0; i < 4; i++)
    kinema_request_add_reference_image (request, "https://example.com/a.png");
  problems = validate (request, &caps);
  assert_only_problem (problems, "reference_images",
                       "There are 4 reference images; TestGate accepts at most 2. Remove 2.");
}

static void
test_reference_tokens (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  kinema_request_add_reference_image (request, "/a.png");
  kinema_request_add_reference_image (request, "/b.png");
  /* image_3 twice (reported once), image_0, and tokens that are not
   * references at all (no digits, unterminated, too many digits). */
  kinema_request_set_prompt (request,
                             "<<<image_1>>> meets <<<image_3>>> and <<<image_3>>>; "
                             "<<<image_0>>>, <<<image_>>>, <<<image_2>> <<<image_12345678901>>>");
  problems = validate (request, &caps);
  assert_problem (problems, "prompt", "refers to <<<image_3>>>, but there are only 2 reference images");
  assert_problem (problems, "prompt", "reference images count from 1");
  g_assert_cmpuint (problems->len, ==, 2);
}

static void
test_reference_tokens_in_shots (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  kinema_request_add_reference_image (request, "/a.png");
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 2, "<<<image_1>>> waves.");
  kinema_request_add_shot (request, 3, "<<<image_2>>> answers.");
  problems = validate (request, &caps);
  assert_only_problem (problems, "shots[1].prompt",
                       "The prompt of shot 2 refers to <<<image_2>>>, but there is only 1 reference image");
}

/* Multi-shot */

static void
test_shots_unsupported (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.max_shots = 0;
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 5, "Only shot.");
  p1 = validate (request, &caps);
  assert_only_problem (p1, "shots", "TestGate cannot split a video into shots");

  caps.multi_shot_intelligence = FALSE;
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_INTELLIGENCE);
  p2 = validate (request, &caps);
  assert_only_problem (p2, "shots", "TestGate cannot plan the shots by itself");
}

static void
test_shots_count (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  p1 = validate (request, &caps);
  assert_only_problem (p1, "shots", "Multi-shot needs at least one shot");

  kinema_request_set_duration (request, 7);
  for (int i = 0; i < 7; i++)
    kinema_request_add_shot (request, 1, "A beat.");
  p2 = validate (request, &caps);
  assert_only_problem (p2, "shots", "There are 7 shots; TestGate accepts at most 6. Remove 1");
}

static void
test_shot_duration_and_prompt (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *long_prompt = repeat ("ş", 513);
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_duration (request, 10);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 5, "  ");
  kinema_request_add_shot (request, 0, "Nothing happens.");
  kinema_request_add_shot (request, 5, long_prompt);
  problems = validate (request, &caps);
  assert_problem (problems, "shots[0].prompt", "Shot 1 has no prompt");
  assert_problem (problems, "shots[1].duration", "Shot 2 has no length; give it at least 1 s.");
  assert_problem (problems, "shots[2].prompt", "The prompt of shot 3 is 513 characters; TestGate accepts at most 512 per shot. Shorten it by 1.");
  g_assert_cmpuint (problems->len, ==, 3);
}

static void
test_shot_durations_sum (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_duration (request, 15);
  kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (request, 4, "One.");
  kinema_request_add_shot (request, 4, "Two.");
  kinema_request_add_shot (request, 4, "Three.");
  problems = validate (request, &caps);
  assert_only_problem (problems, "shots",
                       "Shot durations add up to 12 s but the video is 15 s; make them add up to 15 s or press Fit.");
}

/* Elements */

static void
test_elements_unsupported (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  const char *images[] = { "/local/only.png", NULL };
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.max_elements = 0;
  caps.image_transports = KINEMA_IMAGE_URL;
  kinema_request_add_element (request, "hero", NULL, images);
  problems = validate (request, &caps);
  /* One problem: the element's local image is not reported on top. */
  assert_only_problem (problems, "elements", "TestGate does not support elements; remove them.");
}

static void
test_elements_too_many (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  const char *images[] = { "/a.png", NULL };
  KinemaCapabilities caps;

  full_caps (&caps);
  for (int i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("thing%d", i);

      kinema_request_add_element (request, name, NULL, images);
    }
  problems = validate (request, &caps);
  assert_only_problem (problems, "elements", "There are 5 elements; TestGate accepts at most 3. Remove 2.");
}

static void
test_element_names (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  const char *images[] = { "/a.png", NULL };
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.max_elements = 5;
  kinema_request_add_element (request, "", NULL, images);
  kinema_request_add_element (request, "red car", NULL, images);
  kinema_request_add_element (request, "Mia", NULL, images);
  kinema_request_add_element (request, "mia", NULL, images);
  problems = validate (request, &caps);
  assert_problem (problems, "elements[0]", "Element 1 has no name");
  assert_problem (problems, "elements[1]", "contains spaces");
  assert_problem (problems, "elements[1]", "for example “red_car”");
  assert_problem (problems, "elements[3]", "Two elements are called “mia”");
  g_assert_cmpuint (problems->len, ==, 3);
}

static void
test_element_image_count (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  const char *one[] = { "/a.png", NULL };
  const char *five[] = { "/a.png", "/b.png", "/c.png", "/d.png", "/e.png", NULL };
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.min_element_images = 2;
  caps.max_element_images = 4;
  kinema_request_add_element (request, "cat", NULL, one);
  kinema_request_add_element (request, "dog", NULL, five);
  kinema_request_add_element (request, "owl", NULL, NULL);
  problems = validate (request, &caps);
  assert_problem (problems, "elements[0].images", "Element “cat” has 1 image; TestGate needs at least 2. Add 1 more.");
  assert_problem (problems, "elements[1].images", "Element “dog” has 5 images; TestGate accepts at most 4. Remove 1.");
  assert_problem (problems, "elements[2].images", "Element “owl” has 0 images");
  g_assert_cmpuint (problems->len, ==, 3);
}

static void
test_elements_need_image (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  const char *images[] = { "/a.png", NULL };
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.elements_need_image = TRUE;
  kinema_request_add_element (request, "hero", NULL, images);
  p1 = validate (request, &caps);
  assert_only_problem (p1, "elements", "uses elements only in a video that starts from a first frame");

  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "/first.png");
  p2 = validate (request, &caps);
  assert_no_problems (p2);
}

/* Image addresses */

static void
test_local_file_on_url_only_provider (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) problems = NULL;
  const char *images[] = { "https://example.com/ok.png", "/home/me/face.jpg", NULL };
  KinemaCapabilities caps;

  full_caps (&caps);
  caps.image_transports = KINEMA_IMAGE_URL;
  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "/home/me/first.png");
  kinema_request_set_last_frame (request, "https://example.com/last.png");
  kinema_request_add_element (request, "face", NULL, images);
  problems = validate (request, &caps);
  assert_problem (problems, "first_frame",
                  "First frame: TestGate only accepts public https URLs for images; upload the image somewhere public and paste its URL");
  assert_problem (problems, "elements[0].images", "Element “face”, image 2: TestGate only accepts public https URLs");
  g_assert_cmpuint (problems->len, ==, 2);
}

static void
test_url_rules (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_mode (request, KINEMA_MODE_REFERENCE);
  kinema_request_add_reference_image (request, "http://example.com/a.png");
  kinema_request_add_reference_image (request, "https://");
  kinema_request_add_reference_image (request, "https://example.com/fine.png");
  p1 = validate (request, &caps);
  assert_problem (p1, "reference_images", "Reference image 1: the address starts with http://");
  assert_problem (p1, "reference_images", "Reference image 2: “https://” is not a valid web address");
  g_assert_cmpuint (p1->len, ==, 2);

  /* A provider that reads only local files (the simulator). */
  caps.image_transports = KINEMA_IMAGE_LOCAL_FILE;
  kinema_request_clear_reference_images (request);
  kinema_request_add_reference_image (request, "https://example.com/fine.png");
  p2 = validate (request, &caps);
  assert_only_problem (p2, "reference_images", "TestGate cannot fetch images from web addresses");
}

/* Everything at once */

static void
test_all_problems_at_once (void)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  const char *images[] = { "/a.png", NULL };
  KinemaCapabilities caps;
  const char *fields[] = {
    "prompt", "negative_prompt", "duration", "audio", "cfg_scale", "watermark",
    "first_frame", "elements[0]",
  };

  full_caps (&caps);
  caps.max_negative_chars = 0;
  caps.audio = FALSE;
  caps.cfg_scale = FALSE;
  caps.watermark = FALSE;
  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_prompt (request, "");
  kinema_request_set_negative_prompt (request, "noise");
  kinema_request_set_duration (request, 20);
  kinema_request_set_audio (request, TRUE);
  kinema_request_set_cfg_scale (request, 0.9);
  kinema_request_set_watermark (request, TRUE);
  kinema_request_add_element (request, "two words", NULL, images);

  problems = kinema_request_validate (request, &caps, NULL);
  dump_problems (problems);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    g_assert_nonnull (kinema_problems_find (problems, fields[i]));
  g_assert_cmpuint (problems->len, ==, G_N_ELEMENTS (fields));

  /* A NULL provider name still gives a sentence. */
  assert_problem (problems, "audio", "This provider cannot add sound");

  error = kinema_problems_to_error (problems);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "Write a prompt"));
  g_assert_nonnull (strstr (error->message, "\n"));
  g_assert_null (kinema_problems_to_error (NULL));
}

static void
test_problem_boxed (void)
{
  g_autoptr(KinemaProblem) problem = kinema_problem_new ("prompt", "Write a prompt.");
  g_autoptr(KinemaProblem) copy = g_boxed_copy (KINEMA_TYPE_PROBLEM, problem);

  g_assert_cmpstr (copy->field, ==, "prompt");
  g_assert_cmpstr (copy->message, ==, "Write a prompt.");
}

/* Async: rules plus the image files */

static void
write_png_header (const char *path,
                  guint32     width,
                  guint32     height)
{
  guint8 bytes[33] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
    0, 0, 0, 13, 'I', 'H', 'D', 'R',
  };
  g_autoptr(GError) error = NULL;

  bytes[16] = width >> 24; bytes[17] = width >> 16; bytes[18] = width >> 8; bytes[19] = width;
  bytes[20] = height >> 24; bytes[21] = height >> 16; bytes[22] = height >> 8; bytes[23] = height;
  bytes[24] = 8;
  g_file_set_contents (path, (const char *) bytes, sizeof bytes, &error);
  g_assert_no_error (error);
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GPtrArray *
validate_sync_over_async (KinemaRequest            *request,
                          const KinemaCapabilities *caps,
                          GCancellable             *cancellable,
                          GError                  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kinema_request_validate_async (request, caps, PROVIDER, cancellable, async_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return kinema_request_validate_finish (result, error);
}

static void
test_async_images (void)
{
  g_autofree char *dir = g_dir_make_tmp ("kinema-test-validate-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "good.png", NULL);
  g_autofree char *small = g_build_filename (dir, "small.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.png", NULL);
  g_autofree char *webp = g_build_filename (dir, "pet.webp", NULL);
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  g_autoptr(GError) error = NULL;
  const char *element_images[] = { good, webp, NULL };
  KinemaCapabilities caps;

  write_png_header (good, 1280, 720);
  write_png_header (small, 200, 200);
  g_file_set_contents (webp, "RIFF\x24\0\0\0WEBPVP8 ", 16, NULL);

  full_caps (&caps);
  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, good);
  kinema_request_set_last_frame (request, "https://example.com/last.png");   /* not fetched */

  p1 = validate_sync_over_async (request, &caps, NULL, &error);
  g_assert_no_error (error);
  dump_problems (p1);
  assert_no_problems (p1);

  kinema_request_set_first_frame (request, small);
  kinema_request_set_last_frame (request, missing);
  kinema_request_add_element (request, "pet", NULL, element_images);
  kinema_request_set_duration (request, 40);   /* a rule problem too */

  p2 = validate_sync_over_async (request, &caps, NULL, &error);
  g_assert_no_error (error);
  dump_problems (p2);
  assert_problem (p2, "duration", "The video is 40 s long");
  assert_problem (p2, "first_frame", "“small.png” is 200 × 200 pixels");
  assert_problem (p2, "last_frame", "“missing.png” does not exist any more");
  assert_problem (p2, "elements[0].images", "“pet.webp” is a WebP image; Kling accepts JPEG or PNG. Convert it first.");
  g_assert_cmpuint (p2->len, ==, 4);

  g_unlink (good);
  g_unlink (small);
  g_unlink (webp);
  g_rmdir (dir);
}

static void
test_async_cancelled (void)
{
  g_autoptr(KinemaRequest) request = text_request ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  KinemaCapabilities caps;

  full_caps (&caps);
  kinema_request_set_mode (request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (request, "/nonexistent/a.png");
  g_cancellable_cancel (cancellable);

  problems = validate_sync_over_async (request, &caps, cancellable, &error);
  g_assert_null (problems);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/valid/text", test_valid_text);
  g_test_add_func ("/validate/valid/image", test_valid_image);
  g_test_add_func ("/validate/valid/reference", test_valid_reference);
  g_test_add_func ("/validate/valid/multi-shot", test_valid_multi_shot);
  g_test_add_func ("/validate/valid/intelligence-elements", test_valid_intelligence_and_elements);

  g_test_add_func ("/validate/mode/unsupported", test_mode_unsupported);
  g_test_add_func ("/validate/prompt/required", test_prompt_required);
  g_test_add_func ("/validate/prompt/too-long", test_prompt_too_long);
  g_test_add_func ("/validate/prompt/not-needed-with-shots", test_prompt_not_needed_with_shots);
  g_test_add_func ("/validate/negative-prompt", test_negative_prompt);
  g_test_add_func ("/validate/duration", test_duration_range);
  g_test_add_func ("/validate/aspect", test_aspect_unsupported);
  g_test_add_func ("/validate/quality", test_quality_unsupported);
  g_test_add_func ("/validate/audio/unsupported", test_audio_unsupported);
  g_test_add_func ("/validate/audio/forced-in-multi-shot", test_audio_forced_in_multi_shot);
  g_test_add_func ("/validate/cfg-scale", test_cfg_scale);
  g_test_add_func ("/validate/watermark", test_watermark_unsupported);
  g_test_add_func ("/validate/frames/image-mode-needs-first", test_image_mode_needs_first_frame);
  g_test_add_func ("/validate/frames/last-unsupported", test_last_frame_unsupported);
  g_test_add_func ("/validate/frames/last-needs-first", test_last_frame_needs_first);
  g_test_add_func ("/validate/frames/multi-shot", test_frames_in_multi_shot);
  g_test_add_func ("/validate/frames/ignored-in-text-mode", test_frames_ignored_in_text_mode);
  g_test_add_func ("/validate/reference/needs-images", test_reference_needs_images);
  g_test_add_func ("/validate/reference/too-many", test_reference_too_many);
  g_test_add_func ("/validate/reference/tokens", test_reference_tokens);
  g_test_add_func ("/validate/reference/tokens-in-shots", test_reference_tokens_in_shots);
  g_test_add_func ("/validate/shots/unsupported", test_shots_unsupported);
  g_test_add_func ("/validate/shots/count", test_shots_count);
  g_test_add_func ("/validate/shots/duration-and-prompt", test_shot_duration_and_prompt);
  g_test_add_func ("/validate/shots/sum", test_shot_durations_sum);
  g_test_add_func ("/validate/elements/unsupported", test_elements_unsupported);
  g_test_add_func ("/validate/elements/too-many", test_elements_too_many);
  g_test_add_func ("/validate/elements/names", test_element_names);
  g_test_add_func ("/validate/elements/image-count", test_element_image_count);
  g_test_add_func ("/validate/elements/need-image", test_elements_need_image);
  g_test_add_func ("/validate/images/local-on-url-only", test_local_file_on_url_only_provider);
  g_test_add_func ("/validate/images/urls", test_url_rules);
  g_test_add_func ("/validate/all-at-once", test_all_problems_at_once);
  g_test_add_func ("/validate/problem-boxed", test_problem_boxed);
  g_test_add_func ("/validate/async/images", test_async_images);
  g_test_add_func ("/validate/async/cancelled", test_async_cancelled);

  return g_test_run ();
}
