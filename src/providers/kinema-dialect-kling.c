/* kinema-dialect-kling.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The official Kling API (providers.md §2): a JWT made from the Access Key
 * and Secret Key, three path families (text2video, image2video and
 * omni-video for reference images), string-typed duration and sound, and
 * numeric error codes in the body.
 */
#define G_LOG_DOMAIN "kinema-dialect-kling"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "kinema-dialect-kling.h"
#include "kinema-dialect-util.h"
#include "kinema-error.h"
#include "kinema-kling-jwt.h"

#define KLING_DEFAULT_BASE_URL "https://api-singapore.klingai.com"
#define KLING_DEFAULT_MODEL    "kling-v3"
#define KLING_ELEMENTS_PATH    "/v1/general/advanced-custom-elements"
#define KLING_MAX_OMNI_INPUTS  7
#define KLING_MAX_ELEMENT_NAME 20
#define KLING_MAX_ELEMENT_DESC 100

/* JSON helpers (the rest come from kinema-dialect-util.h) */

#define PROVIDER_NAME "Kling"

static const char *
get_message (JsonObject *obj)
{
  const char *msg = kinema_json_path_get_nonempty (obj, "message");

  return msg ? msg : kinema_dialect_get_message (obj);
}

/* Errors (§2.5) */

typedef struct
{
  int              code;
  KinemaErrorCode  kinema_code;
  const char      *text;         /* N_() */
  gboolean         with_detail;  /* "text: <server message>" */
} KlingErrorRow;

static const KlingErrorRow kling_errors[] = {
  { 1000, KINEMA_ERROR_AUTH, N_("Kling rejected the credentials; check the Access Key and Secret Key"), FALSE },
  { 1001, KINEMA_ERROR_AUTH, N_("Missing credentials: Kling received no Authorization header"), FALSE },
  { 1002, KINEMA_ERROR_AUTH, N_("Kling credentials are invalid; check the Access Key and Secret Key"), FALSE },
  { 1003, KINEMA_ERROR_AUTH, N_("The Kling token is not valid yet; check the computer clock"), FALSE },
  { 1004, KINEMA_ERROR_AUTH, N_("The Kling token has expired; check the computer clock"), FALSE },
  { 1100, KINEMA_ERROR_BALANCE, N_("Kling account problem; check the account configuration"), FALSE },
  { 1101, KINEMA_ERROR_BALANCE, N_("The Kling account is in arrears; recharge it"), FALSE },
  { 1102, KINEMA_ERROR_BALANCE, N_("The Kling resource pack is used up or expired; buy more"), FALSE },
  { 1103, KINEMA_ERROR_FEATURE_DISABLED, N_("Your Kling account is not enabled for this model or API"), FALSE },
  { 1200, KINEMA_ERROR_INVALID_PARAMETER, N_("Invalid request"), TRUE },
  { 1201, KINEMA_ERROR_INVALID_PARAMETER, N_("Invalid request"), TRUE },
  { 1202, KINEMA_ERROR_NOT_FOUND, N_("Unknown model or endpoint"), TRUE },
  { 1203, KINEMA_ERROR_NOT_FOUND, N_("Unknown model or endpoint"), TRUE },
  { 1300, KINEMA_ERROR_CONTENT_POLICY, N_("Request blocked by Kling policy"), FALSE },
  { 1301, KINEMA_ERROR_CONTENT_POLICY, N_("Prompt or image rejected by content moderation; edit them and retry"), FALSE },
  { 1302, KINEMA_ERROR_RATE_LIMIT, N_("Too many requests to Kling; slow down and retry"), FALSE },
  { 1303, KINEMA_ERROR_RATE_LIMIT, N_("Too many simultaneous jobs for your Kling plan; wait for running jobs to finish"), FALSE },
  { 1304, KINEMA_ERROR_AUTH, N_("Your IP address is not on the Kling account's IP whitelist; add it in the Kling console or contact Kling"), FALSE },
  { 5000, KINEMA_ERROR_SERVER, N_("Kling server error; retry later"), FALSE },
  { 5001, KINEMA_ERROR_MAINTENANCE, N_("Kling is temporarily unavailable (maintenance); retry later"), FALSE },
  { 5002, KINEMA_ERROR_SERVER, N_("Kling server timed out (backlog); retry later"), FALSE },
};

static void
set_kling_error (GError     **error,
                 gint64       code,
                 guint        http_status,
                 const char  *server_message)
{
  const KlingErrorRow *row = NULL;
  KinemaErrorCode kinema_code;
  gboolean has_detail = server_message != NULL && *server_message != '\0';

  for (guint i = 0; i < G_N_ELEMENTS (kling_errors); i++)
    if (kling_errors[i].code == code)
      row = &kling_errors[i];

  if (row != NULL)
    {
      if (row->with_detail)
        g_set_error (error, KINEMA_ERROR, row->kinema_code, "%s: %s", _(row->text),
                     has_detail ? server_message : _("no details given"));
      else if (has_detail)
        g_set_error (error, KINEMA_ERROR, row->kinema_code, "%s (Kling error %d: %s)",
                     _(row->text), (int) code, server_message);
      else
        g_set_error (error, KINEMA_ERROR, row->kinema_code, "%s (Kling error %d)",
                     _(row->text), (int) code);
      return;
    }

  /* Codes the table does not list: by their range, then by HTTP status. */
  if (code >= 1000 && code < 1100)
    kinema_code = KINEMA_ERROR_AUTH;
  else if (code >= 1100 && code < 1103)
    kinema_code = KINEMA_ERROR_BALANCE;
  else if (code >= 1200 && code < 1300)
    kinema_code = KINEMA_ERROR_INVALID_PARAMETER;
  else if (code >= 5000 && code < 6000)
    kinema_code = KINEMA_ERROR_SERVER;
  else if (http_status >= 400)
    kinema_code = kinema_dialect_error_code_for_http (http_status, server_message);
  else
    kinema_code = KINEMA_ERROR_FAILED;

  if (code != 0)
    g_set_error (error, KINEMA_ERROR, kinema_code, _("Kling error %d: %s"), (int) code,
                 has_detail ? server_message : _("no details given"));
  else
    kinema_dialect_set_http_error (error, PROVIDER_NAME, http_status, server_message);
}

/* Parses a Kling answer and checks its envelope. Returns the "data" object
 * (owned by *root_out) or NULL with @error. */
static JsonObject *
check_envelope (guint         http_status,
                const char   *body,
                gsize         body_len,
                gboolean      is_submit,
                JsonObject  **root_out,
                GError      **error)
{
  g_autoptr(JsonObject) obj = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *data;
  gint64 code = 0;
  gboolean has_code;

  obj = kinema_dialect_parse_object (PROVIDER_NAME, http_status, body, body_len, &local_error);
  if (obj == NULL)
    {
      /* The task may exist (and be paid for) even if the answer is garbage. */
      if (is_submit && KINEMA_HTTP_OK (http_status))
        kinema_dialect_set_unknown_outcome (error, PROVIDER_NAME, local_error->message);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  has_code = kinema_json_path_get_int (obj, "code", &code);
  if ((has_code && code != 0) || !KINEMA_HTTP_OK (http_status))
    {
      set_kling_error (error, has_code ? code : 0, http_status, get_message (obj));
      /* A rejected token must not be offered again. */
      if (code == 1002 || code == 1004)
        kinema_kling_jwt_cache_clear ();
      return NULL;
    }

  data = kinema_json_path_get_object (obj, "data");
  if (data == NULL)
    {
      if (is_submit)
        kinema_dialect_set_unknown_outcome (error, PROVIDER_NAME, _("the answer has no task data"));
      else
        g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_SERVER,
                             _("Kling's answer has no task data"));
      return NULL;
    }

  *root_out = g_steal_pointer (&obj);
  return data;
}

static const KinemaStatusMap kling_statuses[] = {
  { "submitted", KINEMA_TASK_QUEUED },
  { "processing", KINEMA_TASK_RUNNING },
  { "succeed", KINEMA_TASK_SUCCEEDED },
  { "succeeded", KINEMA_TASK_SUCCEEDED },
  { "failed", KINEMA_TASK_FAILED },
  { NULL }
};

/* Unknown values are RUNNING: keep polling (§0.2). */
static KinemaTaskState
state_from_string (const char *task_status)
{
  return kinema_dialect_map_status (kling_statuses, task_status);
}

/* Why a task failed. A moderation reason becomes CONTENT_POLICY. */
static GError *
task_failure_error (const char *what,
                    const char *reason)
{
  KinemaErrorCode code = KINEMA_ERROR_GENERATION_FAILED;
  KinemaErrorCode by_text;

  if (reason == NULL || *reason == '\0')
    return g_error_new (KINEMA_ERROR, code, _("Kling could not finish the %s (no reason given)"), what);

  if (kinema_dialect_error_code_for_text (reason, &by_text) &&
      by_text == KINEMA_ERROR_CONTENT_POLICY)
    code = by_text;

  return g_error_new (KINEMA_ERROR, code, _("Kling could not finish the %s: %s"), what, reason);
}

/* Poll hints: a task must be polled in the path family it was submitted
 * to. build_submit() puts the family in the call's poll_hint and the glue
 * stores it with the job. */

/* The family named by a poll hint: a family name, or any string (such as
 * the submit URL) that contains one. */
static const char *
family_from_hint (const char *poll_hint)
{
  static const char * const families[] = {
    KINEMA_KLING_FAMILY_TEXT2VIDEO,
    KINEMA_KLING_FAMILY_IMAGE2VIDEO,
    KINEMA_KLING_FAMILY_OMNI,
  };

  if (poll_hint == NULL || *poll_hint == '\0')
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (families); i++)
    if (strstr (poll_hint, families[i]) != NULL)
      return families[i];

  return NULL;
}

/* Auth */

char *
kinema_kling_authorization (const char *api_key)
{
  g_autofree char *ak = NULL;
  g_autofree char *sk = NULL;
  g_autofree char *token = NULL;

  if (api_key == NULL)
    api_key = "";

  if (g_strcmp0 (api_key, KINEMA_API_KEY_PLACEHOLDER) == 0)
    return g_strdup ("Bearer " KINEMA_API_KEY_PLACEHOLDER);

  if (kinema_kling_split_key (api_key, &ak, &sk))
    {
      token = kinema_kling_jwt_get (ak, sk, g_get_real_time () / G_USEC_PER_SEC);
      if (sk != NULL)
        memset (sk, 0, strlen (sk));
      return g_strconcat ("Bearer ", token, NULL);
    }

  /* A proxy key, sent as it is. */
  return g_strconcat ("Bearer ", api_key, NULL);
}

static KinemaHttpCall *
new_call (const KinemaProviderConfig *cfg,
          const char                 *api_key,
          const char                 *method,
          const char                 *path)
{
  const char *base = cfg != NULL && cfg->base_url != NULL && *cfg->base_url != '\0'
                     ? cfg->base_url : KLING_DEFAULT_BASE_URL;
  g_autofree char *url = NULL;
  g_autofree char *auth = kinema_kling_authorization (api_key);
  KinemaHttpCall *call;

  if (g_str_has_suffix (base, "/"))
    url = g_strconcat (base, path + 1, NULL);
  else
    url = g_strconcat (base, path, NULL);

  call = kinema_dialect_bearer_call (method, url, NULL);
  kinema_http_call_add_header (call, "Authorization", auth);
  return call;
}

/* Request building */

char *
kinema_kling_element_key (const char *name)
{
  return g_strconcat ("element:", name ? name : "", NULL);
}

const char *
kinema_kling_family_for_request (KinemaRequest *request)
{
  switch (kinema_request_get_mode (request))
    {
    case KINEMA_MODE_IMAGE:
      return KINEMA_KLING_FAMILY_IMAGE2VIDEO;
    case KINEMA_MODE_REFERENCE:
      return KINEMA_KLING_FAMILY_OMNI;
    case KINEMA_MODE_TEXT:
    default:
      return KINEMA_KLING_FAMILY_TEXT2VIDEO;
    }
}

/* The string to send for an image: what the glue prepared, or the URL. */
static const char *
wire_image (KinemaWireImages  *images,
            const char        *path_or_url,
            const char        *what,
            GError           **error)
{
  const char *wire = NULL;

  if (images != NULL)
    wire = g_hash_table_lookup (images, path_or_url);
  if (wire != NULL)
    return wire;
  if (kinema_image_is_url (path_or_url))
    return path_or_url;

  g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
               _("The %s “%s” is a local file that was not prepared for upload"),
               what, path_or_url);
  return NULL;
}

static gboolean
is_name_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '_' || c == '-';
}

/* Kling names elements in prompts <<<element_N>>>; Kinema's prompts (like
 * the market gateways) name them @name. */
static char *
rewrite_element_refs (KinemaRequest *request,
                      const char    *prompt)
{
  guint n_elements = kinema_request_get_n_elements (request);
  GString *out;
  const char *p = prompt;

  if (prompt == NULL)
    return NULL;
  if (n_elements == 0 || strchr (prompt, '@') == NULL)
    return g_strdup (prompt);

  out = g_string_sized_new (strlen (prompt) + 16);
  while (*p != '\0')
    {
      gboolean replaced = FALSE;

      if (*p == '@')
        {
          for (guint i = 0; i < n_elements && !replaced; i++)
            {
              const KinemaElement *el = kinema_request_get_element (request, i);
              gsize len = el->name ? strlen (el->name) : 0;

              if (len == 0 || strncmp (p + 1, el->name, len) != 0)
                continue;
              if (p[1 + len] != '\0' && is_name_char (g_utf8_get_char (p + 1 + len)))
                continue;

              g_string_append_printf (out, "<<<element_%u>>>", i + 1);
              p += 1 + len;
              replaced = TRUE;
            }
        }

      if (!replaced)
        {
          const char *next = g_utf8_next_char (p);
          g_string_append_len (out, p, next - p);
          p = next;
        }
    }

  return g_string_free (out, FALSE);
}

/* A numeric id goes as a number, anything else as a string. */
static void
add_element_id (JsonArray  *list,
                const char *element_id)
{
  JsonObject *item = json_object_new ();
  gint64 num;

  if (g_ascii_string_to_signed (element_id, 10, 0, G_MAXINT64, &num, NULL))
    json_object_set_int_member (item, "element_id", num);
  else
    json_object_set_string_member (item, "element_id", element_id);

  json_array_add_object_element (list, item);
}

static gboolean
add_elements (JsonObject        *body,
              KinemaRequest     *request,
              KinemaWireImages  *images,
              GError           **error)
{
  guint n = kinema_request_get_n_elements (request);
  JsonArray *list;

  if (n == 0)
    return TRUE;

  list = json_array_new ();
  for (guint i = 0; i < n; i++)
    {
      const KinemaElement *el = kinema_request_get_element (request, i);
      g_autofree char *key = kinema_kling_element_key (el->name);
      const char *id = images ? g_hash_table_lookup (images, key) : NULL;

      if (id == NULL || *id == '\0')
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                       _("The element “%s” is not registered with Kling yet; "
                         "Kling needs an element id before a video can use it"),
                       el->name ? el->name : "");
          json_array_unref (list);
          return FALSE;
        }
      add_element_id (list, id);
    }

  json_object_set_array_member (body, "element_list", list);
  return TRUE;
}

static char *
model_for_family (const KinemaProviderConfig *cfg,
                  const char                 *family)
{
  const char *model = cfg != NULL && cfg->model != NULL && *cfg->model != '\0'
                      ? cfg->model : KLING_DEFAULT_MODEL;
  gboolean is_omni = g_str_has_suffix (model, "-omni");

  if (g_strcmp0 (family, KINEMA_KLING_FAMILY_OMNI) == 0)
    return is_omni ? g_strdup (model) : g_strconcat (model, "-omni", NULL);

  if (is_omni)
    return g_strndup (model, strlen (model) - strlen ("-omni"));
  return g_strdup (model);
}

static KinemaHttpCall *
kling_build_submit (const KinemaProviderConfig  *cfg,
                    const char                  *api_key,
                    KinemaRequest               *request,
                    KinemaWireImages            *images,
                    const char                  *job_id,
                    GError                     **error)
{
  const char *family = kinema_kling_family_for_request (request);
  KinemaMode mode = kinema_request_get_mode (request);
  KinemaMultiShot multi = kinema_request_get_multi_shot (request);
  g_autoptr(JsonObject) body = json_object_new ();
  g_autofree char *model = model_for_family (cfg, family);
  g_autofree char *path = NULL;
  g_autofree char *prompt = NULL;
  const char *negative = kinema_request_get_negative_prompt (request);
  JsonObject *watermark;
  KinemaHttpCall *call;
  JsonNode *node;

  json_object_set_string_member (body, "model_name", model);

  /* Customize multi-shot: the shots carry the prompts (§2.3). */
  if (multi != KINEMA_MULTI_SHOT_CUSTOMIZE)
    {
      prompt = rewrite_element_refs (request, kinema_request_get_prompt (request));
      if (prompt != NULL && *prompt != '\0')
        json_object_set_string_member (body, "prompt", prompt);
    }
  if (negative != NULL && *negative != '\0')
    json_object_set_string_member (body, "negative_prompt", negative);
  json_object_set_double_member (body, "cfg_scale", kinema_request_get_cfg_scale (request));
  json_object_set_string_member (body, "mode",
                                 kinema_quality_to_string (kinema_request_get_quality (request)));
  json_object_set_string_member (body, "sound", kinema_request_get_audio (request) ? "on" : "off");
  {
    g_autofree char *duration = g_strdup_printf ("%u", kinema_request_get_duration (request));
    json_object_set_string_member (body, "duration", duration);
  }

  switch (mode)
    {
    case KINEMA_MODE_IMAGE:
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
        if (!(wire = wire_image (images, first, _("first frame"), error)))
          return NULL;
        json_object_set_string_member (body, "image", wire);

        if (last != NULL && *last != '\0')
          {
            if (multi != KINEMA_MULTI_SHOT_NONE)
              {
                g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                                     _("Kling does not take a last frame in multi-shot mode"));
                return NULL;
              }
            if (!(wire = wire_image (images, last, _("last frame"), error)))
              return NULL;
            json_object_set_string_member (body, "image_tail", wire);
          }

        if (!add_elements (body, request, images, error))
          return NULL;
      }
      break;

    case KINEMA_MODE_REFERENCE:
      {
        guint n_images = kinema_request_get_n_reference_images (request);
        guint n_elements = kinema_request_get_n_elements (request);
        JsonArray *list;

        if (n_images + n_elements == 0)
          {
            g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                                 _("Reference to video needs at least one reference image"));
            return NULL;
          }
        if (n_images + n_elements > KLING_MAX_OMNI_INPUTS)
          {
            g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                         _("Kling takes at most %u reference images and elements together"),
                         (guint) KLING_MAX_OMNI_INPUTS);
            return NULL;
          }

        list = json_array_new ();
        json_object_set_array_member (body, "image_list", list);
        for (guint i = 0; i < n_images; i++)
          {
            const char *ref = kinema_request_get_reference_image (request, i);
            const char *wire = wire_image (images, ref, _("reference image"), error);
            JsonObject *item;

            if (wire == NULL)
              return NULL;
            item = json_object_new ();
            json_object_set_string_member (item, "image_url", wire);
            json_array_add_object_element (list, item);
          }

        if (!add_elements (body, request, images, error))
          return NULL;

        /* Omni needs the ratio unless a first frame sets it (§2.6). */
        json_object_set_string_member (body, "aspect_ratio",
                                       kinema_aspect_to_string (kinema_request_get_aspect (request)));
      }
      break;

    case KINEMA_MODE_TEXT:
    default:
      if (kinema_request_get_n_elements (request) > 0)
        {
          g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                               _("Kling uses elements only with a first frame or reference images"));
          return NULL;
        }
      json_object_set_string_member (body, "aspect_ratio",
                                     kinema_aspect_to_string (kinema_request_get_aspect (request)));
      break;
    }

  if (multi != KINEMA_MULTI_SHOT_NONE)
    {
      json_object_set_boolean_member (body, "multi_shot", TRUE);
      json_object_set_string_member (body, "shot_type",
                                     multi == KINEMA_MULTI_SHOT_CUSTOMIZE ? "customize" : "intelligence");
    }

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

      shots = json_array_new ();
      json_object_set_array_member (body, "multi_prompt", shots);
      for (guint i = 0; i < n_shots; i++)
        {
          const KinemaShot *shot = kinema_request_get_shot (request, i);
          JsonObject *item = json_object_new ();
          g_autofree char *shot_prompt = rewrite_element_refs (request, shot->prompt ? shot->prompt : "");
          g_autofree char *shot_duration = g_strdup_printf ("%u", shot->duration);

          json_object_set_int_member (item, "index", i + 1);
          json_object_set_string_member (item, "prompt", shot_prompt);
          json_object_set_string_member (item, "duration", shot_duration);
          json_array_add_object_element (shots, item);
        }
    }

  watermark = json_object_new ();
  json_object_set_boolean_member (watermark, "enabled", kinema_request_get_watermark (request));
  json_object_set_object_member (body, "watermark_info", watermark);

  if (job_id != NULL && *job_id != '\0')
    json_object_set_string_member (body, "external_task_id", job_id);

  path = g_strconcat ("/v1/videos/", family, NULL);
  call = new_call (cfg, api_key, "POST", path);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&body));
  kinema_http_call_take_body (call, node);

  call->poll_hint = g_strdup (family);

  return call;
}

static KinemaTaskStatus *
kling_parse_submit (const KinemaProviderConfig  *cfg,
                    guint                        http_status,
                    const char                  *body,
                    gsize                        body_len,
                    GError                     **error)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *data = check_envelope (http_status, body, body_len, TRUE, &root, error);
  g_autofree char *task_id = NULL;
  KinemaTaskStatus *status;

  if (data == NULL)
    return NULL;

  task_id = kinema_json_path_dup_scalar (data, "task_id");
  if (task_id == NULL || *task_id == '\0')
    {
      /* Maybe accepted and paid: say so, as for any unreadable answer. */
      kinema_dialect_set_unknown_outcome (error, PROVIDER_NAME, _("the answer has no task id"));
      return NULL;
    }

  status = kinema_task_status_new (state_from_string (kinema_json_path_get_string (data, "task_status")));
  status->task_id = g_steal_pointer (&task_id);

  if (status->state == KINEMA_TASK_FAILED)
    status->error = task_failure_error (_("video"), kinema_json_path_get_string (data, "task_status_msg"));

  return status;
}

static KinemaHttpCall *
kling_build_poll (const KinemaProviderConfig  *cfg,
                  const char                  *api_key,
                  const char                  *task_id,
                  const char                  *poll_hint,
                  GError                     **error)
{
  const char *family = family_from_hint (poll_hint);
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (task_id == NULL || *task_id == '\0')
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                           _("No Kling task id to poll"));
      return NULL;
    }

  if (family == NULL)
    {
      if (poll_hint != NULL && *poll_hint != '\0')
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                       _("Unknown Kling task family “%s”"), poll_hint);
          return NULL;
        }
      g_debug ("No path family stored for Kling task %s; polling text2video", task_id);
      family = KINEMA_KLING_FAMILY_TEXT2VIDEO;
    }

  escaped = g_uri_escape_string (task_id, NULL, FALSE);
  path = g_strconcat ("/v1/videos/", family, "/", escaped, NULL);

  return new_call (cfg, api_key, "GET", path);
}

static KinemaTaskStatus *
kling_parse_poll (const KinemaProviderConfig  *cfg,
                  guint                        http_status,
                  const char                  *body,
                  gsize                        body_len,
                  GError                     **error)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *data = check_envelope (http_status, body, body_len, FALSE, &root, error);
  g_autofree char *units = NULL;
  KinemaTaskStatus *status;

  if (data == NULL)
    return NULL;

  status = kinema_task_status_new (state_from_string (kinema_json_path_get_string (data, "task_status")));
  status->task_id = kinema_json_path_dup_scalar (data, "task_id");

  /* Resource-pack units, not money: reported, never used as a price. */
  units = kinema_json_path_dup_scalar (data, "final_unit_deduction");
  if (units != NULL && *units != '\0')
    g_info ("Kling task %s: %s resource-pack units deducted",
            status->task_id ? status->task_id : "?", units);

  if (status->state == KINEMA_TASK_SUCCEEDED)
    {
      gboolean watermarked = FALSE;
      JsonNode *enabled = kinema_json_path_get (data, "watermark_info.enabled");
      const char *url = NULL;

      /* Asked for a watermark: give the watermarked copy when there is one. */
      if (enabled != NULL && json_node_get_value_type (enabled) == G_TYPE_BOOLEAN)
        watermarked = json_node_get_boolean (enabled);
      if (watermarked)
        url = kinema_json_path_get_nonempty (data, "task_result.videos.0.watermark_url");
      if (url == NULL)
        url = kinema_json_path_get_nonempty (data, "task_result.videos.0.url");

      if (url == NULL)
        {
          status->state = KINEMA_TASK_FAILED;
          status->error = g_error_new_literal (KINEMA_ERROR, KINEMA_ERROR_FAILED,
                                               _("Kling reported the video as finished but sent no URL"));
        }
      else
        status->video_url = g_strdup (url);
    }
  else if (status->state == KINEMA_TASK_FAILED)
    status->error = task_failure_error (_("video"), kinema_json_path_get_string (data, "task_status_msg"));

  return status;
}

/* §2.4: no official schedule; 5-10 s intervals, 20 min timeout. */
static int
kling_next_poll_delay (guint  attempt,
                       double elapsed)
{
  if (elapsed > 20 * 60)
    return -1;
  if (elapsed < 120)
    return 5;
  if (elapsed < 600)
    return 10;
  return 15;
}

/* Capabilities (§6) */

static void
kling_init_capabilities (const KinemaProviderConfig *cfg,
                         KinemaCapabilities         *caps)
{
  kinema_capabilities_init_kling_v3 (caps);

  caps->modes = (1 << KINEMA_MODE_TEXT) | (1 << KINEMA_MODE_IMAGE) | (1 << KINEMA_MODE_REFERENCE);
  caps->max_shot_prompt_chars = 512;
  caps->max_shots = 6;
  caps->multi_shot_intelligence = TRUE;
  caps->frames_in_multi_shot = TRUE;
  caps->last_frame_in_multi_shot = FALSE;
  caps->audio_forced_in_multi_shot = FALSE;
  caps->max_elements = 3;
  caps->min_element_images = 2;        /* one frontal image plus 1-3 more (§2.7) */
  caps->max_element_images = 4;
  caps->elements_need_image = TRUE;    /* image2video or omni-video only */
  caps->max_reference_images = KLING_MAX_OMNI_INPUTS;   /* images plus elements */
  caps->last_frame = TRUE;
  caps->last_frame_needs_first = TRUE;
  caps->audio = TRUE;
  caps->cfg_scale = TRUE;
  caps->watermark = TRUE;
  caps->aspect = TRUE;
  caps->quality = TRUE;
  caps->resolution_via = KINEMA_RESOLUTION_VIA_MODE;
  caps->image_transports = KINEMA_IMAGE_URL | KINEMA_IMAGE_BASE64;
  caps->reports_progress = FALSE;
  caps->reports_price = FALSE;         /* units, not money */
  caps->external_task_id = TRUE;
}

/* Elements (§2.7) */

static char *
utf8_truncate (const char *str,
               glong       max_chars)
{
  if (str == NULL)
    return g_strdup ("");
  if (g_utf8_strlen (str, -1) <= max_chars)
    return g_strdup (str);
  return g_utf8_substring (str, 0, max_chars);
}

KinemaHttpCall *
kinema_kling_build_element_create (const KinemaProviderConfig  *cfg,
                                   const char                  *api_key,
                                   const KinemaElement         *element,
                                   KinemaWireImages            *images,
                                   GError                     **error)
{
  g_autoptr(JsonObject) body = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  JsonObject *image_list;
  JsonArray *refer;
  KinemaHttpCall *call;
  JsonNode *node;
  guint n_images;

  g_return_val_if_fail (element != NULL, NULL);

  n_images = element->images ? g_strv_length (element->images) : 0;
  if (n_images < 2 || n_images > 4)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("Kling needs 2 to 4 images for the element “%s”, not %u"),
                   element->name ? element->name : "", n_images);
      return NULL;
    }

  body = json_object_new ();
  name = utf8_truncate (element->name, KLING_MAX_ELEMENT_NAME);
  description = utf8_truncate (element->description && *element->description
                               ? element->description : element->name,
                               KLING_MAX_ELEMENT_DESC);
  json_object_set_string_member (body, "element_name", name);
  json_object_set_string_member (body, "element_description", description);
  json_object_set_string_member (body, "reference_type", "image_refer");

  image_list = json_object_new ();
  json_object_set_object_member (body, "element_image_list", image_list);
  refer = json_array_new ();
  for (guint i = 0; i < n_images; i++)
    {
      const char *wire = wire_image (images, element->images[i], _("element image"), error);

      if (wire == NULL)
        {
          json_array_unref (refer);
          return NULL;
        }

      if (i == 0)
        json_object_set_string_member (image_list, "frontal_image", wire);
      else
        {
          JsonObject *item = json_object_new ();
          json_object_set_string_member (item, "image_url", wire);
          json_array_add_object_element (refer, item);
        }
    }
  json_object_set_array_member (image_list, "refer_images", refer);

  call = new_call (cfg, api_key, "POST", KLING_ELEMENTS_PATH);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&body));
  kinema_http_call_take_body (call, node);
  return call;
}

KinemaHttpCall *
kinema_kling_build_element_poll (const KinemaProviderConfig  *cfg,
                                 const char                  *api_key,
                                 const char                  *task_id,
                                 GError                     **error)
{
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;

  if (task_id == NULL || *task_id == '\0')
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                           _("No Kling element task id to poll"));
      return NULL;
    }

  escaped = g_uri_escape_string (task_id, NULL, FALSE);
  path = g_strconcat (KLING_ELEMENTS_PATH "/", escaped, NULL);
  return new_call (cfg, api_key, "GET", path);
}

/* Where the new element's id sits is not documented exactly (§2.7, §8.5):
 * look in the likely places. */
static char *
find_element_id (JsonObject *data)
{
  static const char * const paths[] = {
    "task_result.elements.0.element_id",
    "task_result.elements.0.id",
    "task_result.element_id",
    "task_result.element.element_id",
    "element_id",
    NULL
  };

  for (guint i = 0; paths[i] != NULL; i++)
    {
      char *id = kinema_json_path_dup_scalar (data, paths[i]);

      if (id != NULL && *id != '\0')
        return id;
      g_free (id);
    }
  return NULL;
}

gboolean
kinema_kling_parse_element_full (guint              http_status,
                                 const char        *body,
                                 gsize              body_len,
                                 char             **task_id_out,
                                 char             **element_id_out,
                                 KinemaTaskState   *state_out,
                                 GError           **error)
{
  g_autoptr(JsonObject) root = NULL;
  JsonObject *data = check_envelope (http_status, body, body_len, FALSE, &root, error);
  g_autofree char *element_id = NULL;
  KinemaTaskState state;

  if (data == NULL)
    return FALSE;

  state = state_from_string (kinema_json_path_get_string (data, "task_status"));
  if (task_id_out != NULL)
    *task_id_out = kinema_json_path_dup_scalar (data, "task_id");

  if (state == KINEMA_TASK_FAILED)
    {
      if (state_out != NULL)
        *state_out = state;
      g_propagate_error (error, task_failure_error (_("element"), kinema_json_path_get_string (data, "task_status_msg")));
      return FALSE;
    }

  if (state == KINEMA_TASK_SUCCEEDED)
    {
      element_id = find_element_id (data);
      if (element_id == NULL || *element_id == '\0')
        {
          if (state_out != NULL)
            *state_out = KINEMA_TASK_FAILED;
          g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                               _("Kling registered the element but sent no element id"));
          return FALSE;
        }
    }

  if (state_out != NULL)
    *state_out = state;
  if (element_id_out != NULL)
    *element_id_out = g_steal_pointer (&element_id);

  return TRUE;
}

gboolean
kinema_kling_parse_element (guint              http_status,
                            const char        *body,
                            gsize              body_len,
                            char             **element_id_out,
                            KinemaTaskState   *state_out,
                            GError           **error)
{
  return kinema_kling_parse_element_full (http_status, body, body_len, NULL,
                                          element_id_out, state_out, error);
}

/* The single-task query takes either the task id or the external_task_id
 * given at creation (confirmed in the official text via mirrors: "choose
 * one of the two query methods"; that it goes in the same path position
 * is inferred). Submits set external_task_id to the job id. */
static gboolean
kling_recovery_lookup (const KinemaProviderConfig  *cfg,
                       KinemaRequest               *request,
                       const char                  *job_id,
                       char                       **task_id,
                       char                       **poll_hint)
{
  if (job_id == NULL || *job_id == '\0')
    return FALSE;
  *task_id = g_strdup (job_id);
  *poll_hint = g_strdup (kinema_kling_family_for_request (request));
  return TRUE;
}

const KinemaDialect kinema_dialect_kling = {
  .name = "kling",
  .init_capabilities = kling_init_capabilities,
  .build_submit = kling_build_submit,
  .parse_submit = kling_parse_submit,
  .build_poll = kling_build_poll,
  .parse_poll = kling_parse_poll,
  .next_poll_delay = kling_next_poll_delay,
  .recovery_lookup = kling_recovery_lookup,
};
