/* kinema-validate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-validate"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "kinema-error.h"
#include "kinema-image.h"
#include "kinema-validate.h"

#define IMAGE_TOKEN_PREFIX "<<<image_"
#define IMAGE_TOKEN_SUFFIX ">>>"
#define CFG_SCALE_DEFAULT 0.5

G_DEFINE_BOXED_TYPE (KinemaProblem, kinema_problem, kinema_problem_copy, kinema_problem_free)

/* KinemaProblem */

KinemaProblem *
kinema_problem_new (const char *field,
                    const char *message)
{
  KinemaProblem *problem;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  problem = g_new0 (KinemaProblem, 1);
  problem->field = g_strdup (field);
  problem->message = g_strdup (message);
  return problem;
}

KinemaProblem *
kinema_problem_copy (const KinemaProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  return kinema_problem_new (problem->field, problem->message);
}

void
kinema_problem_free (KinemaProblem *problem)
{
  if (problem == NULL)
    return;

  g_free (problem->field);
  g_free (problem->message);
  g_free (problem);
}

GPtrArray *
kinema_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) kinema_problem_free);
}

const KinemaProblem *
kinema_problems_find (GPtrArray  *problems,
                      const char *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const KinemaProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, field) == 0)
        return problem;
    }
  return NULL;
}

GError *
kinema_problems_to_error (GPtrArray *problems)
{
  g_autoptr(GString) text = NULL;

  if (problems == NULL || problems->len == 0)
    return NULL;

  text = g_string_new (NULL);
  for (guint i = 0; i < problems->len; i++)
    {
      const KinemaProblem *problem = g_ptr_array_index (problems, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, problem->message);
    }

  return g_error_new_literal (KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST, text->str);
}

/* Helpers */

typedef struct
{
  GPtrArray                *problems;
  const KinemaCapabilities *caps;
  const char               *provider;
} Check;

static void add_problem (Check      *check,
                         const char *field,
                         const char *format,
                         ...) G_GNUC_PRINTF (3, 4);

static void
add_problem (Check      *check,
             const char *field,
             const char *format,
             ...)
{
  KinemaProblem *problem;
  va_list args;

  problem = g_new0 (KinemaProblem, 1);
  problem->field = g_strdup (field);
  va_start (args, format);
  problem->message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (check->problems, problem);
}

/* A count for a message, grouped by the locale ("2,612" in English). */
static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* Unicode characters, as the providers count them. */
static guint64
count_chars (const char *text)
{
  return text != NULL ? (guint64) g_utf8_strlen (text, -1) : 0;
}

static gboolean
has_space (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
mode_supported (const KinemaCapabilities *caps,
                KinemaMode                mode)
{
  if ((caps->modes & (1u << mode)) == 0)
    return FALSE;
  if (mode == KINEMA_MODE_REFERENCE && caps->max_reference_images == 0)
    return FALSE;
  return TRUE;
}

/* Images the request uses */

typedef enum
{
  IMAGE_FIRST_FRAME,
  IMAGE_LAST_FRAME,
  IMAGE_REFERENCE,
  IMAGE_ELEMENT,
} ImageRole;

typedef struct
{
  ImageRole    role;
  guint        index;          /* reference or element index */
  guint        image_index;    /* image within an element */
  char        *field;
  const char  *path_or_url;    /* owned by the request */
} ImageUse;

static void
image_use_clear (gpointer data)
{
  ImageUse *use = data;

  g_free (use->field);
}

/* Every image the request would send, leaving out those of features the
 * provider lacks (they are reported once, as the feature). */
static GArray *
collect_images (KinemaRequest            *request,
                const KinemaCapabilities *caps)
{
  GArray *uses = g_array_new (FALSE, TRUE, sizeof (ImageUse));
  KinemaMode mode = kinema_request_get_mode (request);
  const char *first = kinema_request_get_first_frame (request);
  const char *last = kinema_request_get_last_frame (request);
  ImageUse use;

  g_array_set_clear_func (uses, image_use_clear);

  if (mode == KINEMA_MODE_IMAGE && mode_supported (caps, mode))
    {
      if (first != NULL)
        {
          use = (ImageUse) { IMAGE_FIRST_FRAME, 0, 0, g_strdup ("first_frame"), first };
          g_array_append_val (uses, use);
        }
      if (last != NULL && caps->last_frame)
        {
          use = (ImageUse) { IMAGE_LAST_FRAME, 0, 0, g_strdup ("last_frame"), last };
          g_array_append_val (uses, use);
        }
    }

  if (mode == KINEMA_MODE_REFERENCE && mode_supported (caps, mode))
    {
      for (guint i = 0; i < kinema_request_get_n_reference_images (request); i++)
        {
          use = (ImageUse) { IMAGE_REFERENCE, i, 0, g_strdup ("reference_images"),
                             kinema_request_get_reference_image (request, i) };
          g_array_append_val (uses, use);
        }
    }

  if (caps->max_elements > 0)
    {
      for (guint i = 0; i < kinema_request_get_n_elements (request); i++)
        {
          const KinemaElement *element = kinema_request_get_element (request, i);

          for (guint j = 0; element->images != NULL && element->images[j] != NULL; j++)
            {
              if (*element->images[j] == '\0')
                continue;
              use = (ImageUse) { IMAGE_ELEMENT, i, j, g_strdup_printf ("elements[%u].images", i),
                                 element->images[j] };
              g_array_append_val (uses, use);
            }
        }
    }

  return uses;
}

static char *
image_use_label (KinemaRequest  *request,
                 const ImageUse *use)
{
  switch (use->role)
    {
    case IMAGE_FIRST_FRAME:
      return g_strdup (_("First frame"));

    case IMAGE_LAST_FRAME:
      return g_strdup (_("Last frame"));

    case IMAGE_REFERENCE:
      /* Translators: %u counts from 1, as in <<<image_N>>> */
      return g_strdup_printf (_("Reference image %u"), use->index + 1);

    case IMAGE_ELEMENT:
    default:
      {
        const KinemaElement *element = kinema_request_get_element (request, use->index);

        if (element->name != NULL && *element->name != '\0')
          /* Translators: “%s” is an element name, %u counts from 1 */
          return g_strdup_printf (_("Element “%s”, image %u"), element->name, use->image_index + 1);
        /* Translators: both %u count from 1 */
        return g_strdup_printf (_("Element %u, image %u"), use->index + 1, use->image_index + 1);
      }
    }
}

static void
check_image_address (Check          *check,
                     KinemaRequest  *request,
                     const ImageUse *use)
{
  const KinemaCapabilities *caps = check->caps;
  const guint local_ways = KINEMA_IMAGE_BASE64 | KINEMA_IMAGE_DATA_URI |
                           KINEMA_IMAGE_UPLOAD | KINEMA_IMAGE_LOCAL_FILE;
  g_autofree char *label = image_use_label (request, use);
  const char *s = use->path_or_url;

  if (g_ascii_strncasecmp (s, "http://", 7) == 0)
    {
      add_problem (check, use->field,
                   /* Translators: the first %s is e.g. "First frame", the second a provider name */
                   _("%s: the address starts with http://, but %s needs a secure https:// address. Use an https:// link."),
                   label, check->provider);
      return;
    }

  if (g_ascii_strncasecmp (s, "https://", 8) == 0)
    {
      if (!g_uri_is_valid (s, G_URI_FLAGS_NONE, NULL) || s[8] == '\0' || s[8] == '/')
        add_problem (check, use->field,
                     /* Translators: the first %s is e.g. "First frame", the second a web address */
                     _("%s: “%s” is not a valid web address; correct it or pick a local file."),
                     label, s);
      else if ((caps->image_transports & KINEMA_IMAGE_URL) == 0)
        add_problem (check, use->field,
                     /* Translators: the first %s is e.g. "First frame", the second a provider name */
                     _("%s: %s cannot fetch images from web addresses; download the image and pick the file instead."),
                     label, check->provider);
      return;
    }

  /* A local file. */
  if ((caps->image_transports & local_ways) == 0)
    add_problem (check, use->field,
                 /* Translators: the first %s is e.g. "First frame", the second a provider name */
                 _("%s: %s only accepts public https URLs for images; upload the image somewhere public and paste its URL."),
                 label, check->provider);
}

/* <<<image_N>>> references in @text must name one of the @n_images
 * reference images (N counts from 1). @shot is 0 for the main prompt,
 * else the shot number from 1. */
static void
check_image_tokens (Check      *check,
                    const char *field,
                    const char *text,
                    guint       n_images,
                    guint       shot)
{
  g_autoptr(GHashTable) reported = g_hash_table_new (NULL, NULL);
  const char *p = text;

  while (p != NULL && (p = strstr (p, IMAGE_TOKEN_PREFIX)) != NULL)
    {
      const char *digits = p + strlen (IMAGE_TOKEN_PREFIX);
      const char *end = digits;
      guint64 n;

      p = digits;

      while (g_ascii_isdigit (*end))
        end++;
      if (end == digits || end - digits > 9 || strncmp (end, IMAGE_TOKEN_SUFFIX, 3) != 0)
        continue;

      n = g_ascii_strtoull (digits, NULL, 10);
      if (n >= 1 && n <= n_images)
        continue;
      if (g_hash_table_contains (reported, GUINT_TO_POINTER ((guint) n)))
        continue;
      g_hash_table_add (reported, GUINT_TO_POINTER ((guint) n));

      if (n == 0 && shot == 0)
        add_problem (check, field,
                     _("The prompt refers to <<<image_0>>>, but reference images count from 1; write <<<image_1>>> for the first image."));
      else if (n == 0)
        add_problem (check, field,
                     _("The prompt of shot %u refers to <<<image_0>>>, but reference images count from 1; write <<<image_1>>> for the first image."),
                     shot);
      else if (shot == 0)
        add_problem (check, field,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The prompt refers to <<<image_%u>>>, but there is only %u reference image; add another image or change the reference.",
                                  "The prompt refers to <<<image_%u>>>, but there are only %u reference images; add another image or change the reference.",
                                  n_images),
                     (guint) n, n_images);
      else
        add_problem (check, field,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "The prompt of shot %u refers to <<<image_%u>>>, but there is only %u reference image; add another image or change the reference.",
                                  "The prompt of shot %u refers to <<<image_%u>>>, but there are only %u reference images; add another image or change the reference.",
                                  n_images),
                     shot, (guint) n, n_images);
    }
}

/* Rules */

static void
check_mode (Check         *check,
            KinemaRequest *request)
{
  KinemaMode mode = kinema_request_get_mode (request);

  if (mode_supported (check->caps, mode))
    return;

  switch (mode)
    {
    case KINEMA_MODE_TEXT:
      add_problem (check, "mode",
                   _("%s cannot make a video from text alone; choose Image mode and add a first frame."),
                   check->provider);
      break;

    case KINEMA_MODE_IMAGE:
      add_problem (check, "mode",
                   _("%s cannot start a video from an image; choose Text mode or another provider."),
                   check->provider);
      break;

    case KINEMA_MODE_REFERENCE:
    default:
      add_problem (check, "mode",
                   _("%s does not support reference images; choose Text or Image mode, or another provider."),
                   check->provider);
      break;
    }
}

static void
check_prompts (Check         *check,
               KinemaRequest *request)
{
  const KinemaCapabilities *caps = check->caps;
  const char *prompt = kinema_request_get_prompt (request);
  const char *negative = kinema_request_get_negative_prompt (request);
  gboolean customize = kinema_request_get_multi_shot (request) == KINEMA_MULTI_SHOT_CUSTOMIZE;
  guint64 n;

  if (prompt != NULL && !g_utf8_validate (prompt, -1, NULL))
    add_problem (check, "prompt",
                 _("The prompt contains text that is not valid UTF-8; retype or paste it again."));
  else if (is_blank (prompt) && !customize)
    add_problem (check, "prompt",
                 _("Write a prompt: describe what should happen in the video."));
  else if (caps->max_prompt_chars > 0 && (n = count_chars (prompt)) > caps->max_prompt_chars)
    {
      g_autofree char *count = format_count (n);
      g_autofree char *max = format_count (caps->max_prompt_chars);
      g_autofree char *over = format_count (n - caps->max_prompt_chars);

      add_problem (check, "prompt",
                   _("The prompt is %s characters; %s accepts at most %s. Shorten it by %s."),
                   count, check->provider, max, over);
    }

  if (is_blank (negative))
    return;

  if (!g_utf8_validate (negative, -1, NULL))
    add_problem (check, "negative_prompt",
                 _("The negative prompt contains text that is not valid UTF-8; retype or paste it again."));
  else if (caps->max_negative_chars == 0)
    add_problem (check, "negative_prompt",
                 _("%s does not take a negative prompt; clear it."),
                 check->provider);
  else if ((n = count_chars (negative)) > caps->max_negative_chars)
    {
      g_autofree char *count = format_count (n);
      g_autofree char *max = format_count (caps->max_negative_chars);
      g_autofree char *over = format_count (n - caps->max_negative_chars);

      add_problem (check, "negative_prompt",
                   _("The negative prompt is %s characters; %s accepts at most %s. Shorten it by %s."),
                   count, check->provider, max, over);
    }
}

static void
check_settings (Check         *check,
                KinemaRequest *request)
{
  const KinemaCapabilities *caps = check->caps;
  guint duration = kinema_request_get_duration (request);
  double cfg = kinema_request_get_cfg_scale (request);
  KinemaMultiShot multi_shot = kinema_request_get_multi_shot (request);

  if (duration < caps->duration_min || duration > caps->duration_max)
    {
      if (caps->duration_min == caps->duration_max)
        add_problem (check, "duration",
                     _("The video is %u s long; %s makes videos of %u s only. Choose %u s."),
                     duration, check->provider, caps->duration_min, caps->duration_min);
      else
        add_problem (check, "duration",
                     _("The video is %u s long; %s makes videos of %u to %u s. Choose a length in that range."),
                     duration, check->provider, caps->duration_min, caps->duration_max);
    }

  if (!caps->aspect &&
      kinema_request_get_mode (request) == KINEMA_MODE_TEXT &&
      kinema_request_get_aspect (request) != KINEMA_ASPECT_16_9)
    add_problem (check, "aspect",
                 _("%s does not let you choose the aspect ratio; set it back to 16:9."),
                 check->provider);

  if (!caps->quality && kinema_request_get_quality (request) != KINEMA_QUALITY_STD)
    add_problem (check, "quality",
                 _("%s does not let you choose the quality; set it back to Standard (720p)."),
                 check->provider);

  if (kinema_request_get_audio (request) && !caps->audio)
    add_problem (check, "audio",
                 _("%s cannot add sound; turn Audio off."),
                 check->provider);
  else if (!kinema_request_get_audio (request) && caps->audio &&
           caps->audio_forced_in_multi_shot && multi_shot != KINEMA_MULTI_SHOT_NONE)
    add_problem (check, "audio",
                 _("%s always adds sound to multi-shot videos; turn Audio on or turn multi-shot off."),
                 check->provider);

  if (!(cfg >= 0.0 && cfg <= 1.0))
    add_problem (check, "cfg_scale",
                 _("The CFG scale is %.2f; it must lie between 0 and 1."),
                 cfg);
  else if (!caps->cfg_scale && !G_APPROX_VALUE (cfg, CFG_SCALE_DEFAULT, 1e-6))
    add_problem (check, "cfg_scale",
                 _("%s does not take a CFG scale; set it back to %.1f (the default)."),
                 check->provider, CFG_SCALE_DEFAULT);

  if (kinema_request_get_watermark (request) && !caps->watermark)
    add_problem (check, "watermark",
                 _("%s cannot add a watermark; turn Watermark off."),
                 check->provider);
}

static void
check_frames (Check         *check,
              KinemaRequest *request)
{
  const KinemaCapabilities *caps = check->caps;
  const char *first = kinema_request_get_first_frame (request);
  const char *last = kinema_request_get_last_frame (request);
  gboolean multi = kinema_request_get_multi_shot (request) != KINEMA_MULTI_SHOT_NONE;

  /* Frames only count in image mode (see the header). */
  if (kinema_request_get_mode (request) != KINEMA_MODE_IMAGE ||
      !mode_supported (caps, KINEMA_MODE_IMAGE))
    return;

  if (first == NULL && last == NULL)
    add_problem (check, "first_frame",
                 _("Image mode needs a first frame; add an image or switch to Text mode."));

  if (first != NULL && multi && !caps->frames_in_multi_shot)
    add_problem (check, "first_frame",
                 _("%s cannot start a multi-shot video from a first frame; remove the frame (Text mode) or turn multi-shot off."),
                 check->provider);

  if (last == NULL)
    return;

  if (!caps->last_frame)
    add_problem (check, "last_frame",
                 _("%s does not take a last frame; remove it."),
                 check->provider);
  else if (first == NULL && caps->last_frame_needs_first)
    add_problem (check, "last_frame",
                 _("%s needs a first frame when a last frame is set; add a first frame or remove the last frame."),
                 check->provider);
  else if (multi && (!caps->frames_in_multi_shot || !caps->last_frame_in_multi_shot))
    add_problem (check, "last_frame",
                 _("%s cannot end a multi-shot video on a last frame; remove the last frame or turn multi-shot off."),
                 check->provider);
}

static void
check_references (Check         *check,
                  KinemaRequest *request)
{
  const KinemaCapabilities *caps = check->caps;
  guint n = kinema_request_get_n_reference_images (request);

  if (kinema_request_get_mode (request) != KINEMA_MODE_REFERENCE ||
      !mode_supported (caps, KINEMA_MODE_REFERENCE))
    return;

  if (n == 0)
    add_problem (check, "reference_images",
                 _("Reference mode needs at least one reference image; add one, and refer to it as <<<image_1>>> in the prompt."));
  else if (n > caps->max_reference_images)
    add_problem (check, "reference_images",
                 _("There are %u reference images; %s accepts at most %u. Remove %u."),
                 n, check->provider, caps->max_reference_images, n - caps->max_reference_images);

  check_image_tokens (check, "prompt", kinema_request_get_prompt (request), n, 0);

  if (kinema_request_get_multi_shot (request) == KINEMA_MULTI_SHOT_CUSTOMIZE)
    for (guint i = 0; i < kinema_request_get_n_shots (request); i++)
      {
        g_autofree char *field = g_strdup_printf ("shots[%u].prompt", i);

        check_image_tokens (check, field, kinema_request_get_shot (request, i)->prompt, n, i + 1);
      }
}

static void
check_shots (Check         *check,
             KinemaRequest *request)
{
  const KinemaCapabilities *caps = check->caps;
  KinemaMultiShot multi_shot = kinema_request_get_multi_shot (request);
  guint n_shots = kinema_request_get_n_shots (request);
  guint duration = kinema_request_get_duration (request);
  guint64 total = 0;

  if (multi_shot == KINEMA_MULTI_SHOT_INTELLIGENCE)
    {
      if (!caps->multi_shot_intelligence)
        add_problem (check, "shots",
                     _("%s cannot plan the shots by itself; define the shots yourself or turn multi-shot off."),
                     check->provider);
      return;
    }

  if (multi_shot != KINEMA_MULTI_SHOT_CUSTOMIZE)
    return;

  if (caps->max_shots == 0)
    {
      add_problem (check, "shots",
                   _("%s cannot split a video into shots; turn multi-shot off."),
                   check->provider);
      return;
    }

  if (n_shots == 0)
    add_problem (check, "shots",
                 _("Multi-shot needs at least one shot; add a shot or turn multi-shot off."));
  else if (n_shots > caps->max_shots)
    add_problem (check, "shots",
                 _("There are %u shots; %s accepts at most %u. Remove %u or merge them."),
                 n_shots, check->provider, caps->max_shots, n_shots - caps->max_shots);

  for (guint i = 0; i < n_shots; i++)
    {
      const KinemaShot *shot = kinema_request_get_shot (request, i);
      guint64 n;

      total += shot->duration;

      if (shot->duration < 1)
        {
          g_autofree char *field = g_strdup_printf ("shots[%u].duration", i);

          add_problem (check, field,
                       _("Shot %u has no length; give it at least 1 s."),
                       i + 1);
        }

      if (shot->prompt != NULL && !g_utf8_validate (shot->prompt, -1, NULL))
        {
          g_autofree char *field = g_strdup_printf ("shots[%u].prompt", i);

          add_problem (check, field,
                       _("The prompt of shot %u contains text that is not valid UTF-8; retype or paste it again."),
                       i + 1);
        }
      else if (is_blank (shot->prompt))
        {
          g_autofree char *field = g_strdup_printf ("shots[%u].prompt", i);

          add_problem (check, field,
                       _("Shot %u has no prompt; describe what happens in it."),
                       i + 1);
        }
      else if (caps->max_shot_prompt_chars > 0 &&
               (n = count_chars (shot->prompt)) > caps->max_shot_prompt_chars)
        {
          g_autofree char *field = g_strdup_printf ("shots[%u].prompt", i);
          g_autofree char *count = format_count (n);
          g_autofree char *max = format_count (caps->max_shot_prompt_chars);
          g_autofree char *over = format_count (n - caps->max_shot_prompt_chars);

          add_problem (check, field,
                       _("The prompt of shot %u is %s characters; %s accepts at most %s per shot. Shorten it by %s."),
                       i + 1, count, check->provider, max, over);
        }
    }

  if (n_shots > 0 && total != duration)
    add_problem (check, "shots",
                 _("Shot durations add up to %u s but the video is %u s; make them add up to %u s or press Fit."),
                 (guint) MIN (total, G_MAXUINT), duration, duration);
}

static void
check_elements (Check         *check,
                KinemaRequest *request)
{
  const KinemaCapabilities *caps = check->caps;
  guint n_elements = kinema_request_get_n_elements (request);
  g_autoptr(GHashTable) names = NULL;

  if (n_elements == 0)
    return;

  if (caps->max_elements == 0)
    {
      add_problem (check, "elements",
                   _("%s does not support elements; remove them."),
                   check->provider);
      return;
    }

  if (n_elements > caps->max_elements)
    add_problem (check, "elements",
                 _("There are %u elements; %s accepts at most %u. Remove %u."),
                 n_elements, check->provider, caps->max_elements, n_elements - caps->max_elements);

  if (caps->elements_need_image &&
      kinema_request_get_mode (request) != KINEMA_MODE_REFERENCE &&
      (kinema_request_get_mode (request) != KINEMA_MODE_IMAGE ||
       kinema_request_get_first_frame (request) == NULL))
    add_problem (check, "elements",
                 _("%s uses elements only in a video that starts from a first frame; choose Image mode and add a first frame, or remove the elements."),
                 check->provider);

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < n_elements; i++)
    {
      const KinemaElement *element = kinema_request_get_element (request, i);
      g_autofree char *field = g_strdup_printf ("elements[%u]", i);
      g_autofree char *images_field = g_strdup_printf ("elements[%u].images", i);
      const char *name = element->name != NULL ? element->name : "";
      guint n_images = 0;

      for (guint j = 0; element->images != NULL && element->images[j] != NULL; j++)
        if (*element->images[j] != '\0')
          n_images++;

      if (!g_utf8_validate (name, -1, NULL))
        add_problem (check, field,
                     _("The name of element %u is not valid UTF-8; retype it."),
                     i + 1);
      else if (is_blank (name))
        add_problem (check, field,
                     _("Element %u has no name; give it a short name, then write @name in the prompt to use it."),
                     i + 1);
      else if (has_space (name))
        {
          g_autofree char *suggestion = g_strdup (name);

          for (char *p = suggestion; *p != '\0'; p++)
            if (g_ascii_isspace (*p))
              *p = '_';

          add_problem (check, field,
                       _("The element name “%s” contains spaces, but the prompt refers to it as @name; use one word, for example “%s”."),
                       name, suggestion);
        }
      else
        {
          char *key = g_utf8_casefold (name, -1);

          if (g_hash_table_contains (names, key))
            {
              add_problem (check, field,
                           _("Two elements are called “%s”; give each element its own name."),
                           name);
              g_free (key);
            }
          else
            g_hash_table_add (names, key);
        }

      if (n_images < caps->min_element_images)
        {
          if (is_blank (name) || has_space (name))
            add_problem (check, images_field,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "Element %u has %u image; %s needs at least %u. Add %u more.",
                                      "Element %u has %u images; %s needs at least %u. Add %u more.",
                                      n_images),
                         i + 1, n_images, check->provider, caps->min_element_images,
                         caps->min_element_images - n_images);
          else
            add_problem (check, images_field,
                         g_dngettext (GETTEXT_PACKAGE,
                                      "Element “%s” has %u image; %s needs at least %u. Add %u more.",
                                      "Element “%s” has %u images; %s needs at least %u. Add %u more.",
                                      n_images),
                         name, n_images, check->provider, caps->min_element_images,
                         caps->min_element_images - n_images);
        }
      else if (caps->max_element_images > 0 && n_images > caps->max_element_images)
        {
          if (is_blank (name) || has_space (name))
            add_problem (check, images_field,
                         _("Element %u has %u images; %s accepts at most %u. Remove %u."),
                         i + 1, n_images, check->provider, caps->max_element_images,
                         n_images - caps->max_element_images);
          else
            add_problem (check, images_field,
                         _("Element “%s” has %u images; %s accepts at most %u. Remove %u."),
                         name, n_images, check->provider, caps->max_element_images,
                         n_images - caps->max_element_images);
        }
    }
}

static void
check_image_addresses (Check         *check,
                       KinemaRequest *request)
{
  g_autoptr(GArray) uses = collect_images (request, check->caps);

  for (guint i = 0; i < uses->len; i++)
    check_image_address (check, request, &g_array_index (uses, ImageUse, i));
}

/* Public API */

GPtrArray *
kinema_request_validate (KinemaRequest            *request,
                         const KinemaCapabilities *caps,
                         const char               *provider_name)
{
  g_autoptr(GPtrArray) problems = NULL;
  Check check;

  g_return_val_if_fail (KINEMA_IS_REQUEST (request), NULL);
  g_return_val_if_fail (caps != NULL, NULL);

  problems = kinema_problems_new ();
  check.problems = problems;
  check.caps = caps;
  check.provider = (provider_name != NULL && *provider_name != '\0') ? provider_name : _("This provider");

  /* In the order the editor shows the fields. */
  check_mode (&check, request);
  check_prompts (&check, request);
  check_settings (&check, request);
  check_frames (&check, request);
  check_references (&check, request);
  check_shots (&check, request);
  check_elements (&check, request);
  check_image_addresses (&check, request);

  return g_steal_pointer (&problems);
}

/* Async: rules plus image files */

typedef struct
{
  KinemaRequest      *request;
  KinemaCapabilities  caps;
  char               *provider_name;
} ValidateData;

static void
validate_data_free (gpointer data)
{
  ValidateData *vd = data;

  g_clear_object (&vd->request);
  g_free (vd->provider_name);
  g_free (vd);
}

static void
validate_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  ValidateData *vd = task_data;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GArray) uses = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;

  problems = kinema_request_validate (vd->request, &vd->caps, vd->provider_name);
  uses = collect_images (vd->request, &vd->caps);

  for (guint i = 0; i < uses->len; i++)
    {
      const ImageUse *use = &g_array_index (uses, ImageUse, i);
      GPtrArray *image_problems;

      if (g_task_return_error_if_cancelled (task))
        return;

      if (kinema_image_is_url (use->path_or_url))
        continue;

      image_problems = kinema_image_check (use->path_or_url, use->field);
      g_ptr_array_extend_and_steal (problems, image_problems);
    }

  g_task_return_pointer (task, g_steal_pointer (&problems), (GDestroyNotify) g_ptr_array_unref);
}

void
kinema_request_validate_async (KinemaRequest            *request,
                               const KinemaCapabilities *caps,
                               const char               *provider_name,
                               GCancellable             *cancellable,
                               GAsyncReadyCallback       callback,
                               gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;
  ValidateData *vd;

  g_return_if_fail (KINEMA_IS_REQUEST (request));
  g_return_if_fail (caps != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kinema_request_validate_async);

  vd = g_new0 (ValidateData, 1);
  vd->caps = *caps;
  vd->provider_name = g_strdup (provider_name);
  g_task_set_task_data (task, vd, validate_data_free);

  /* The thread gets its own copy; the editor keeps changing the original. */
  vd->request = kinema_request_copy (request);
  if (vd->request == NULL)
    {
      g_task_return_new_error (task, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                               _("The request could not be copied for checking."));
      return;
    }

  g_task_run_in_thread (task, validate_thread);
}

GPtrArray *
kinema_request_validate_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kinema_request_validate_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
