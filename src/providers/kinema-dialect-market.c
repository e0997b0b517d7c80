/* kinema-dialect-market.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "market" job API (providers.md §4): POST /api/v1/jobs/createTask with
 * the model at the top and everything else inside "input", then
 * GET /api/v1/jobs/recordInfo?taskId=… until "state" is final. The body's
 * "code" decides success, even under HTTP 200, and "resultJson" is a JSON
 * document inside a string.
 *
 * Two profiles: "seed003" (x-api-key, kling/v3, img_urls, audio,
 * element_list) and "kie" (Bearer, kling-3.0/video, image_urls, sound,
 * kling_elements, and a file upload API).
 */
#define G_LOG_DOMAIN "kinema-dialect-market"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "kinema-dialect-market.h"
#include "kinema-dialect-util.h"
#include "kinema-error.h"

#define SEED003_MODEL       "kling/v3"
#define KIE_MODEL           "kling-3.0/video"
#define CREATE_PATH         "/api/v1/jobs/createTask"
#define RECORD_PATH         "/api/v1/jobs/recordInfo"
#define UPLOAD_PATH         "/api/file-base64-upload"
#define UPLOAD_DIR          "kinema"
#define KIE_MAX_SHOTS       5
#define KIE_MAX_SHOT_PROMPT 500

/* JSON helpers (the rest come from kinema-dialect-util.h) */

/* Profiles */

gboolean
kinema_market_is_kie (const KinemaProviderConfig *cfg)
{
  return cfg != NULL && g_strcmp0 (cfg->profile, KINEMA_MARKET_PROFILE_KIE) == 0;
}

static const char *
provider_name (const KinemaProviderConfig *cfg)
{
  if (cfg != NULL && cfg->name != NULL && *cfg->name != '\0')
    return cfg->name;
  if (cfg == NULL)
    return _("The provider");
  return kinema_market_is_kie (cfg) ? "kie.ai" : _("The gateway");
}

static const char *
upload_base (const KinemaProviderConfig *cfg)
{
  if (cfg != NULL && cfg->upload_url != NULL && *cfg->upload_url != '\0')
    return cfg->upload_url;
  if (kinema_market_is_kie (cfg))
    return KINEMA_MARKET_KIE_UPLOAD_URL;
  return NULL;
}

static KinemaHttpCall *
new_call (const KinemaProviderConfig  *cfg,
          const char                  *api_key,
          const char                  *method,
          const char                  *base,
          const char                  *path_and_query,
          GError                     **error)
{
  g_autofree char *url = NULL;
  KinemaHttpCall *call;

  if (base == NULL || *base == '\0')
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("%s has no base URL configured"), provider_name (cfg));
      return NULL;
    }

  if (g_str_has_suffix (base, "/"))
    url = g_strconcat (base, path_and_query + 1, NULL);
  else
    url = g_strconcat (base, path_and_query, NULL);

  call = kinema_dialect_bearer_call (method, url, NULL);
  if (api_key == NULL)
    api_key = "";

  if (kinema_market_is_kie (cfg))
    {
      g_autofree char *auth = g_strconcat ("Bearer ", api_key, NULL);
      kinema_http_call_add_header (call, "Authorization", auth);
    }
  else
    kinema_http_call_add_header (call, "x-api-key", api_key);

  return call;
}

static const char *
api_base (const KinemaProviderConfig *cfg)
{
  if (cfg != NULL && cfg->base_url != NULL && *cfg->base_url != '\0')
    return cfg->base_url;
  /* seed003's host is unknown: it must be configured. */
  return kinema_market_is_kie (cfg) ? KINEMA_MARKET_KIE_BASE_URL : NULL;
}

/* Errors (§4.5): values of the body's "code", also used for HTTP statuses. */

typedef struct
{
  int              code;
  KinemaErrorCode  kinema_code;
  const char      *text;         /* N_() */
  gboolean         with_detail;
} MarketErrorRow;

static const MarketErrorRow market_errors[] = {
  { 401, KINEMA_ERROR_AUTH, N_("API key missing or invalid"), FALSE },
  { 402, KINEMA_ERROR_BALANCE, N_("Not enough credits; top up"), FALSE },
  { 404, KINEMA_ERROR_NOT_FOUND, N_("Task or endpoint not found; check the base URL and paths in the provider settings"), FALSE },
  { 422, KINEMA_ERROR_INVALID_PARAMETER, N_("Invalid parameters"), TRUE },
  { 429, KINEMA_ERROR_RATE_LIMIT, N_("Too many requests; slow down and retry"), FALSE },
  { 455, KINEMA_ERROR_MAINTENANCE, N_("Service under maintenance; try later"), FALSE },
  { 500, KINEMA_ERROR_SERVER, N_("Server error; retry later"), FALSE },
  { 501, KINEMA_ERROR_GENERATION_FAILED, N_("Generation failed"), TRUE },
  { 505, KINEMA_ERROR_FEATURE_DISABLED, N_("This feature is currently disabled by the provider"), FALSE },
};

static void
set_market_error (const KinemaProviderConfig  *cfg,
                  GError                     **error,
                  gint64                       code,
                  const char                  *server_message)
{
  const MarketErrorRow *row = NULL;
  gboolean has_detail = server_message != NULL && *server_message != '\0';
  const char *name = provider_name (cfg);
  KinemaErrorCode kinema_code = kinema_dialect_error_code_for_market ((int) code, server_message);

  for (guint i = 0; i < G_N_ELEMENTS (market_errors); i++)
    if (market_errors[i].code == code)
      row = &market_errors[i];

  /* The text may refine the class (a 422 or 501 that is really a
   * moderation refusal); then the shared wording fits better. */
  if (row == NULL || row->kinema_code != kinema_code)
    {
      if (kinema_code == KINEMA_ERROR_FAILED && !has_detail)
        {
          g_autofree char *detail = g_strdup_printf (_("code %d"), (int) code);
          kinema_dialect_set_error (error, kinema_code, name, detail);
        }
      else
        kinema_dialect_set_error (error, kinema_code, name, server_message);
      return;
    }

  if (row->with_detail)
    g_set_error (error, KINEMA_ERROR, row->kinema_code, "%s: %s: %s", name, _(row->text),
                 has_detail ? server_message : _("no details given"));
  else if (has_detail)
    g_set_error (error, KINEMA_ERROR, row->kinema_code, "%s: %s (code %d: %s)", name,
                 _(row->text), (int) code, server_message);
  else
    g_set_error (error, KINEMA_ERROR, row->kinema_code, "%s: %s (code %d)", name,
                 _(row->text), (int) code);
}

/* Parses an answer; the body's code (or, without one, the HTTP status)
 * must say 200. Returns the root object, also stored in *root_out. */
static JsonObject *
check_envelope (const KinemaProviderConfig  *cfg,
                guint                        http_status,
                const char                  *body,
                gsize                        body_len,
                gboolean                     is_submit,
                gint64                      *code_out,
                JsonObject                 **root_out,
                GError                     **error)
{
  g_autoptr(JsonObject) obj = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 code;

  *code_out = http_status;

  obj = kinema_dialect_parse_object (provider_name (cfg), http_status, body, body_len, &local_error);
  if (obj == NULL)
    {
      if (!KINEMA_HTTP_OK (http_status))
        set_market_error (cfg, error, http_status, NULL);
      else if (is_submit)
        /* The task may exist (and be paid for) even if the answer is garbage. */
        kinema_dialect_set_unknown_outcome (error, provider_name (cfg), local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (!kinema_json_path_get_int (obj, "code", &code))
    code = http_status;
  *code_out = code;

  if (code != 200 || !KINEMA_HTTP_OK (http_status))
    {
      set_market_error (cfg, error, code != 200 ? code : (gint64) http_status,
                        kinema_dialect_get_message (obj));
      return NULL;
    }

  *root_out = g_steal_pointer (&obj);
  return *root_out;
}

/* Building */

static const char *
wire_image (const KinemaProviderConfig  *cfg,
            KinemaWireImages            *images,
            const char                  *path_or_url,
            GError                     **error)
{
  const char *wire = NULL;

  if (images != NULL)
    wire = g_hash_table_lookup (images, path_or_url);
  if (wire != NULL)
    return wire;
  if (kinema_image_is_url (path_or_url))
    return path_or_url;

  if (upload_base (cfg) == NULL)
    g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                 _("%s takes images only as public URLs; “%s” is a local file"),
                 provider_name (cfg), path_or_url);
  else
    g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                 _("The local image “%s” was not uploaded to %s"),
                 path_or_url, provider_name (cfg));
  return NULL;
}

static JsonArray *
element_list (const KinemaProviderConfig  *cfg,
              KinemaRequest               *request,
              KinemaWireImages            *images,
              GError                     **error)
{
  guint n = kinema_request_get_n_elements (request);
  g_autoptr(JsonArray) list = json_array_new ();
  gboolean kie = kinema_market_is_kie (cfg);

  for (guint i = 0; i < n; i++)
    {
      const KinemaElement *el = kinema_request_get_element (request, i);
      guint n_images = el->images ? g_strv_length (el->images) : 0;
      JsonObject *item;
      JsonArray *urls;

      if (n_images < (kie ? 2u : 1u) || n_images > KINEMA_MAX_ELEMENT_IMAGES)
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                       _("%s needs %u to %u images for the element “%s”, not %u"),
                       provider_name (cfg), kie ? 2u : 1u, (guint) KINEMA_MAX_ELEMENT_IMAGES,
                       el->name ? el->name : "", n_images);
          return NULL;
        }

      item = json_object_new ();
      json_array_add_object_element (list, item);
      json_object_set_string_member (item, "name", el->name ? el->name : "");
      json_object_set_string_member (item, "description",
                                     el->description && *el->description
                                     ? el->description : (el->name ? el->name : ""));
      urls = json_array_new ();
      json_object_set_array_member (item, "element_input_urls", urls);
      for (guint j = 0; j < n_images; j++)
        {
          const char *wire = wire_image (cfg, images, el->images[j], error);

          if (wire == NULL)
            return NULL;
          json_array_add_string_element (urls, wire);
        }
    }

  return g_steal_pointer (&list);
}

static KinemaHttpCall *
market_build_submit (const KinemaProviderConfig  *cfg,
                     const char                  *api_key,
                     KinemaRequest               *request,
                     KinemaWireImages            *images,
                     const char                  *job_id,
                     GError                     **error)
{
  gboolean kie = kinema_market_is_kie (cfg);
  KinemaMultiShot multi = kinema_request_get_multi_shot (request);
  KinemaMode mode = kinema_request_get_mode (request);
  g_autoptr(JsonObject) root = json_object_new ();
  JsonObject *input;
  JsonArray *image_urls = NULL;
  g_autofree char *duration = NULL;
  const char *prompt = kinema_request_get_prompt (request);
  KinemaHttpCall *call;
  JsonNode *node;

  if (mode == KINEMA_MODE_REFERENCE)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("%s does not offer reference-image generation"), provider_name (cfg));
      return NULL;
    }
  if (kie && multi == KINEMA_MULTI_SHOT_INTELLIGENCE)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("%s does not offer intelligent multi-shot; define the shots instead"),
                   provider_name (cfg));
      return NULL;
    }

  json_object_set_string_member (root, "model",
                                 cfg != NULL && cfg->model != NULL && *cfg->model != '\0'
                                 ? cfg->model : (kie ? KIE_MODEL : SEED003_MODEL));
  input = json_object_new ();
  json_object_set_object_member (root, "input", input);

  /* customize: the shots carry the prompts; intelligence and single
   * shot: the prompt is required (seed 003). */
  if (multi != KINEMA_MULTI_SHOT_CUSTOMIZE && prompt != NULL && *prompt != '\0')
    json_object_set_string_member (input, "prompt", prompt);

  json_object_set_boolean_member (input, "multi_shots", multi != KINEMA_MULTI_SHOT_NONE);
  if (!kie && multi != KINEMA_MULTI_SHOT_NONE)
    json_object_set_string_member (input, "shot_type",
                                   multi == KINEMA_MULTI_SHOT_CUSTOMIZE ? "customize" : "intelligence");

  if (multi == KINEMA_MULTI_SHOT_CUSTOMIZE)
    {
      guint n_shots = kinema_request_get_n_shots (request);
      JsonArray *shots;

      if (n_shots == 0)
        {
          g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                               _("Customized multi-shot needs at least one shot"));
          return NULL;
        }
      if (kie && n_shots > KIE_MAX_SHOTS)
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                       _("%s takes at most %u shots"), provider_name (cfg), (guint) KIE_MAX_SHOTS);
          return NULL;
        }

      shots = json_array_new ();
      json_object_set_array_member (input, "multi_prompt", shots);
      for (guint i = 0; i < n_shots; i++)
        {
          const KinemaShot *shot = kinema_request_get_shot (request, i);
          JsonObject *item = json_object_new ();

          if (kie && shot->prompt != NULL && g_utf8_strlen (shot->prompt, -1) > KIE_MAX_SHOT_PROMPT)
            {
              g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                           _("%s takes shot prompts of at most %u characters (shot %u)"),
                           provider_name (cfg), (guint) KIE_MAX_SHOT_PROMPT, i + 1);
              json_object_unref (item);
              return NULL;
            }
          json_object_set_string_member (item, "prompt", shot->prompt ? shot->prompt : "");
          json_object_set_int_member (item, "duration", shot->duration);
          json_array_add_object_element (shots, item);
        }
    }

  if (mode == KINEMA_MODE_IMAGE)
    {
      const char *first = kinema_request_get_first_frame (request);
      const char *last = kinema_request_get_last_frame (request);
      const char *wire;

      if (first == NULL || *first == '\0')
        {
          g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                               _("Image to video needs a first frame"));
          return NULL;
        }

      image_urls = json_array_new ();
      json_object_set_array_member (input, kie ? "image_urls" : "img_urls", image_urls);
      if (!(wire = wire_image (cfg, images, first, error)))
        return NULL;
      json_array_add_string_element (image_urls, wire);

      if (last != NULL && *last != '\0')
        {
          /* Exactly one image in multi-shot mode (seed 003). */
          if (multi != KINEMA_MULTI_SHOT_NONE)
            {
              g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                           _("%s does not take a last frame in multi-shot mode"),
                           provider_name (cfg));
              return NULL;
            }
          if (!(wire = wire_image (cfg, images, last, error)))
            return NULL;
          json_array_add_string_element (image_urls, wire);
        }
    }

  /* Audio is forced on in multi-shot by seed 003's gateway; say so. */
  json_object_set_boolean_member (input, kie ? "sound" : "audio",
                                  kinema_request_get_audio (request) ||
                                  (!kie && multi != KINEMA_MULTI_SHOT_NONE));

  if (kinema_request_get_n_elements (request) > 0)
    {
      JsonArray *elements = element_list (cfg, request, images, error);

      if (elements == NULL)
        return NULL;
      json_object_set_array_member (input, kie ? "kling_elements" : "element_list", elements);
    }

  json_object_set_string_member (input, "mode",
                                 kinema_quality_to_string (kinema_request_get_quality (request)));
  duration = g_strdup_printf ("%u", kinema_request_get_duration (request));
  json_object_set_string_member (input, "duration", duration);

  /* The first image sets the ratio; the field is ignored then (seed 003). */
  if (image_urls == NULL)
    json_object_set_string_member (input, "aspect_ratio",
                                   kinema_aspect_to_string (kinema_request_get_aspect (request)));

  call = new_call (cfg, api_key, "POST", api_base (cfg), CREATE_PATH, error);
  if (call == NULL)
    return NULL;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&root));
  kinema_http_call_take_body (call, node);
  return call;
}

static KinemaTaskStatus *
market_parse_submit (const KinemaProviderConfig  *cfg,
                     guint                        http_status,
                     const char                  *body,
                     gsize                        body_len,
                     GError                     **error)
{
  g_autoptr(JsonObject) root = NULL;
  gint64 code;
  JsonObject *obj = check_envelope (cfg, http_status, body, body_len, TRUE, &code, &root, error);
  JsonObject *data;
  g_autofree char *task_id = NULL;
  KinemaTaskStatus *status;

  if (obj == NULL)
    return NULL;

  data = kinema_json_path_get_object (obj, "data");
  task_id = kinema_json_path_dup_scalar (data, "taskId");
  if (task_id == NULL)
    task_id = kinema_json_path_dup_scalar (data, "task_id");
  if (task_id == NULL || *task_id == '\0')
    {
      /* Maybe accepted and paid: say so, as for any unreadable answer. */
      kinema_dialect_set_unknown_outcome (error, provider_name (cfg), _("the answer has no task id"));
      return NULL;
    }

  status = kinema_task_status_new (KINEMA_TASK_QUEUED);
  status->task_id = g_steal_pointer (&task_id);
  return status;
}

static KinemaHttpCall *
market_build_poll (const KinemaProviderConfig  *cfg,
                   const char                  *api_key,
                   const char                  *task_id,
                   const char                  *poll_hint,
                   GError                     **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (task_id == NULL || *task_id == '\0')
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("No %s task id to poll"), provider_name (cfg));
      return NULL;
    }

  escaped = g_uri_escape_string (task_id, NULL, FALSE);
  path = g_strconcat (RECORD_PATH "?taskId=", escaped, NULL);
  return new_call (cfg, api_key, "GET", api_base (cfg), path, error);
}

static KinemaTaskState
state_from_string (const char *state)
{
  if (state == NULL)
    return KINEMA_TASK_RUNNING;
  if (g_ascii_strcasecmp (state, "waiting") == 0 ||
      g_ascii_strcasecmp (state, "queuing") == 0)
    return KINEMA_TASK_QUEUED;
  if (g_ascii_strcasecmp (state, "generating") == 0)
    return KINEMA_TASK_RUNNING;
  if (g_ascii_strcasecmp (state, "success") == 0)
    return KINEMA_TASK_SUCCEEDED;
  if (g_ascii_strcasecmp (state, "fail") == 0)
    return KINEMA_TASK_FAILED;
  return KINEMA_TASK_RUNNING;
}

static GError *
failure_error (const KinemaProviderConfig *cfg,
               const char                 *fail_code,
               const char                 *fail_msg)
{
  KinemaErrorCode code = KINEMA_ERROR_GENERATION_FAILED;
  KinemaErrorCode by_text;
  const char *name = provider_name (cfg);

  if (fail_msg == NULL || *fail_msg == '\0')
    fail_msg = _("no reason given");
  /* A refusal by moderation is something the user can act on. */
  if (kinema_dialect_error_code_for_text (fail_msg, &by_text) &&
      by_text == KINEMA_ERROR_CONTENT_POLICY)
    code = by_text;

  if (fail_code != NULL && *fail_code != '\0')
    return g_error_new (KINEMA_ERROR, code, _("%s: generation failed: %s (code %s)"),
                        name, fail_msg, fail_code);
  return g_error_new (KINEMA_ERROR, code, _("%s: generation failed: %s"), name, fail_msg);
}

/* resultJson is a JSON document inside a string (§4.4); accept an object
 * too. Returns resultUrls[0] or NULL. */
static char *
result_url (JsonObject *data)
{
  JsonNode *member = kinema_json_path_get (data, "resultJson");
  g_autoptr(JsonObject) parsed = NULL;
  JsonObject *result = NULL;
  const char *url;

  if (member == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (member);

      parsed = kinema_dialect_parse_object ("resultJson", 200, text, text ? strlen (text) : 0, NULL);
      result = parsed;
    }
  else if (JSON_NODE_HOLDS_OBJECT (member))
    result = json_node_get_object (member);

  url = kinema_json_path_get_nonempty (result, "resultUrls.0");
  return g_strdup (url);
}

static KinemaTaskStatus *
market_parse_poll (const KinemaProviderConfig  *cfg,
                   guint                        http_status,
                   const char                  *body,
                   gsize                        body_len,
                   GError                     **error)
{
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 code;
  JsonObject *obj = check_envelope (cfg, http_status, body, body_len, FALSE, &code, &root, &local_error);
  JsonObject *data;
  KinemaTaskStatus *status;

  if (obj == NULL)
    {
      /* "Generation failed" is the task's outcome, not a polling problem. */
      if (code == 501)
        {
          status = kinema_task_status_new (KINEMA_TASK_FAILED);
          status->error = g_steal_pointer (&local_error);
          return status;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  data = kinema_json_path_get_object (obj, "data");
  if (data == NULL)
    {
      /* A server hiccup, like an unreadable answer: poll again. */
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER,
                   _("%s's answer has no task data"), provider_name (cfg));
      return NULL;
    }

  status = kinema_task_status_new (state_from_string (kinema_json_path_get_string (data, "state")));
  status->task_id = kinema_json_path_dup_scalar (data, "taskId");

  if (status->state == KINEMA_TASK_SUCCEEDED)
    {
      status->video_url = result_url (data);
      if (status->video_url == NULL || *status->video_url == '\0')
        {
          g_clear_pointer (&status->video_url, g_free);
          status->state = KINEMA_TASK_FAILED;
          status->error = g_error_new (KINEMA_ERROR, KINEMA_ERROR_FAILED,
                                       _("%s reported the video as finished but sent no URL"),
                                       provider_name (cfg));
        }
    }
  else if (status->state == KINEMA_TASK_FAILED)
    {
      g_autofree char *fail_code = kinema_json_path_dup_scalar (data, "failCode");

      status->error = failure_error (cfg, fail_code, kinema_json_path_get_string (data, "failMsg"));
    }

  return status;
}

/* §4.4: start at 3 s, back off exponentially, stop after 15 min. */
static int
market_next_poll_delay (guint  attempt,
                        double elapsed)
{
  int delay = 3;

  if (elapsed > 15 * 60)
    return -1;

  for (guint i = 0; i < attempt && delay < 30; i++)
    delay *= 2;

  return MIN (delay, 30);
}

/* Capabilities (§6) */

static void
market_init_capabilities (const KinemaProviderConfig *cfg,
                          KinemaCapabilities         *caps)
{
  gboolean kie = kinema_market_is_kie (cfg);

  kinema_capabilities_init_kling_v3 (caps);

  caps->modes = (1 << KINEMA_MODE_TEXT) | (1 << KINEMA_MODE_IMAGE);
  caps->max_negative_chars = 0;
  caps->cfg_scale = FALSE;
  caps->watermark = FALSE;
  caps->max_reference_images = 0;
  caps->frames_in_multi_shot = TRUE;
  caps->last_frame_in_multi_shot = FALSE;
  caps->last_frame = TRUE;
  caps->last_frame_needs_first = TRUE;
  caps->audio = TRUE;
  caps->aspect = TRUE;
  caps->quality = TRUE;
  caps->resolution_via = KINEMA_RESOLUTION_VIA_MODE;
  caps->max_elements = 3;
  caps->max_element_images = 4;
  caps->elements_need_image = FALSE;
  caps->reports_progress = FALSE;
  caps->reports_price = FALSE;
  caps->external_task_id = FALSE;

  if (kie)
    {
      caps->max_shots = KIE_MAX_SHOTS;
      caps->max_shot_prompt_chars = KIE_MAX_SHOT_PROMPT;
      caps->multi_shot_intelligence = FALSE;
      caps->audio_forced_in_multi_shot = FALSE;
      caps->min_element_images = 2;
      caps->image_transports = KINEMA_IMAGE_URL | KINEMA_IMAGE_UPLOAD;
    }
  else
    {
      caps->max_shots = 6;
      caps->max_shot_prompt_chars = 512;
      caps->multi_shot_intelligence = TRUE;
      caps->audio_forced_in_multi_shot = TRUE;
      caps->min_element_images = 1;
      caps->image_transports = KINEMA_IMAGE_URL;
      if (upload_base (cfg) != NULL)
        caps->image_transports |= KINEMA_IMAGE_UPLOAD;
    }
}

/* Uploads (§4.6) */

KinemaHttpCall *
kinema_market_build_upload (const KinemaProviderConfig  *cfg,
                            const char                  *api_key,
                            const char                  *base64,
                            const char                  *file_name,
                            GError                     **error)
{
  const char *base = upload_base (cfg);
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *name = NULL;
  KinemaHttpCall *call;
  JsonNode *node;

  if (base == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FEATURE_DISABLED,
                   _("%s has no upload endpoint; use public image URLs"), provider_name (cfg));
      return NULL;
    }
  if (base64 == NULL || *base64 == '\0')
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                           _("Nothing to upload"));
      return NULL;
    }

  call = new_call (cfg, api_key, "POST", base, UPLOAD_PATH, error);
  if (call == NULL)
    return NULL;

  name = g_path_get_basename (file_name != NULL && *file_name != '\0' ? file_name : "image.png");
  body = json_object_new ();
  json_object_set_string_member (body, "base64Data", base64);
  json_object_set_string_member (body, "uploadPath", UPLOAD_DIR);
  json_object_set_string_member (body, "fileName", name);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&body));
  kinema_http_call_take_body (call, node);
  return call;
}

gboolean
kinema_market_parse_upload (guint        http_status,
                            const char  *body,
                            gsize        body_len,
                            char       **url_out,
                            GError     **error)
{
  g_autoptr(JsonObject) root = NULL;
  gint64 code;
  JsonObject *obj = check_envelope (NULL, http_status, body, body_len, FALSE, &code, &root, error);
  JsonObject *data;
  JsonNode *success;
  const char *url;

  if (obj == NULL)
    return FALSE;

  success = json_object_get_member (obj, "success");
  if (success != NULL && json_node_get_value_type (success) == G_TYPE_BOOLEAN &&
      !json_node_get_boolean (success))
    {
      const char *msg = kinema_dialect_get_message (obj);
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_FAILED, _("The upload failed: %s"),
                   msg ? msg : _("no details given"));
      return FALSE;
    }

  data = kinema_json_path_get_object (obj, "data");
  url = kinema_json_path_get_nonempty (data, "downloadUrl");
  if (url == NULL)
    url = kinema_json_path_get_nonempty (data, "fileUrl");
  if (url == NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                           _("The upload answer has no file URL"));
      return FALSE;
    }

  if (url_out != NULL)
    *url_out = g_strdup (url);
  return TRUE;
}

const KinemaDialect kinema_dialect_market = {
  .name = "market",
  .init_capabilities = market_init_capabilities,
  .build_submit = market_build_submit,
  .parse_submit = market_parse_submit,
  .build_poll = market_build_poll,
  .parse_poll = market_parse_poll,
  .next_poll_delay = market_next_poll_delay,
};
