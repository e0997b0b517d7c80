/* kinema-dialect-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-dialect"

#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "kinema-dialect-util.h"

/* The longest piece of provider text put into a message. */
#define DETAIL_MAX_CHARS 300

/* JSON bodies */

JsonObject *
kinema_dialect_parse_object (const char  *provider,
                             guint        http_status,
                             const char  *body,
                             gsize        body_len,
                             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (body == NULL || body_len == 0)
    {
      if (http_status >= 400)
        kinema_dialect_set_http_error (error, provider, http_status, NULL);
      else
        g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER,
                     _("%s sent an empty answer (HTTP %u)."), provider, http_status);
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, body, (gssize) body_len, &local_error) ||
      (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      if (http_status >= 400)
        kinema_dialect_set_http_error (error, provider, http_status, NULL);
      else
        g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER,
                     _("%s sent an answer Kinema cannot read (HTTP %u, not a JSON object)."),
                     provider, http_status);
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

static gboolean
parse_index (const char *s,
             guint      *out)
{
  guint64 v;
  char *end = NULL;

  if (s == NULL || !g_ascii_isdigit (*s))
    return FALSE;
  errno = 0;
  v = g_ascii_strtoull (s, &end, 10);
  if (errno != 0 || end == NULL || *end != '\0' || v > G_MAXUINT)
    return FALSE;
  *out = (guint) v;
  return TRUE;
}

static JsonNode *
path_get_from_node (JsonNode   *node,
                    const char *path)
{
  g_autofree char *head = NULL;
  const char *dot;

  if (node == NULL)
    return NULL;
  if (path == NULL || *path == '\0')
    return node;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);

      /* A literal member named like the rest of the path ("extends.audio"). */
      if (json_object_has_member (obj, path))
        return json_object_get_member (obj, path);

      dot = strchr (path, '.');
      if (dot == NULL)
        return NULL;
      head = g_strndup (path, dot - path);
      if (!json_object_has_member (obj, head))
        return NULL;
      return path_get_from_node (json_object_get_member (obj, head), dot + 1);
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint index;

      dot = strchr (path, '.');
      head = dot ? g_strndup (path, dot - path) : g_strdup (path);
      if (!parse_index (head, &index) || index >= json_array_get_length (array))
        return NULL;
      return path_get_from_node (json_array_get_element (array, index), dot ? dot + 1 : NULL);
    }

  return NULL;
}

JsonNode *
kinema_json_path_get (JsonObject *root,
                      const char *path)
{
  g_autoptr(JsonNode) wrapper = NULL;
  JsonNode *found;

  if (root == NULL || path == NULL)
    return NULL;

  wrapper = json_node_init_object (json_node_alloc (), root);
  found = path_get_from_node (wrapper, path);
  return found == wrapper ? NULL : found;
}

const char *
kinema_json_path_get_string (JsonObject *root,
                             const char *path)
{
  JsonNode *node = kinema_json_path_get (root, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
kinema_json_path_get_nonempty (JsonObject *root,
                               const char *path)
{
  const char *s = kinema_json_path_get_string (root, path);

  return (s != NULL && *s != '\0') ? s : NULL;
}

gboolean
kinema_json_path_get_double (JsonObject *root,
                             const char *path,
                             double     *out)
{
  JsonNode *node = kinema_json_path_get (root, path);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      *out = json_node_get_double (node);
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      char *end = NULL;
      double v;

      if (s == NULL || *s == '\0')
        return FALSE;
      v = g_ascii_strtod (s, &end);
      if (end == NULL || *end != '\0')
        return FALSE;
      *out = v;
      return TRUE;
    }
  return FALSE;
}

gboolean
kinema_json_path_get_int (JsonObject *root,
                          const char *path,
                          gint64     *out)
{
  JsonNode *node = kinema_json_path_get (root, path);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d < (double) G_MININT64 || d > (double) G_MAXINT64)
        return FALSE;
      *out = (gint64) d;
      return TRUE;
    }
  if (type == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);
      char *end = NULL;
      gint64 v;

      if (s == NULL || *s == '\0')
        return FALSE;
      errno = 0;
      v = g_ascii_strtoll (s, &end, 10);
      if (errno != 0 || end == NULL || *end != '\0')
        return FALSE;
      *out = v;
      return TRUE;
    }
  return FALSE;
}

JsonObject *
kinema_json_path_get_object (JsonObject *root,
                             const char *path)
{
  JsonNode *node = kinema_json_path_get (root, path);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

const char *
kinema_json_find_first_string (JsonObject         *root,
                               const char * const *paths)
{
  if (root == NULL || paths == NULL)
    return NULL;

  for (guint i = 0; paths[i] != NULL; i++)
    {
      const char *s = kinema_json_path_get_nonempty (root, paths[i]);

      if (s != NULL)
        return s;
    }
  return NULL;
}

const char *
kinema_dialect_get_message (JsonObject *obj)
{
  static const char * const paths[] = { "msg", "message", "error.message", "error", NULL };

  return kinema_json_find_first_string (obj, paths);
}

/* Status tables */

static const KinemaStatusMap *
status_find (const KinemaStatusMap *table,
             const char            *status)
{
  g_autofree char *trimmed = NULL;

  if (table == NULL || status == NULL)
    return NULL;

  trimmed = g_strstrip (g_strdup (status));
  for (guint i = 0; table[i].value != NULL; i++)
    if (g_ascii_strcasecmp (table[i].value, trimmed) == 0)
      return &table[i];
  return NULL;
}

KinemaTaskState
kinema_dialect_map_status (const KinemaStatusMap *table,
                           const char            *status)
{
  const KinemaStatusMap *entry = status_find (table, status);

  return entry ? entry->state : KINEMA_TASK_RUNNING;
}

gboolean
kinema_dialect_status_known (const KinemaStatusMap *table,
                             const char            *status)
{
  return status_find (table, status) != NULL;
}

/* Errors */

static const struct {
  const char      *needle;
  KinemaErrorCode  code;
} text_rules[] = {
  { "insufficient balance", KINEMA_ERROR_BALANCE },
  { "insufficient_balance", KINEMA_ERROR_BALANCE },
  { "balance is not enough", KINEMA_ERROR_BALANCE },
  { "balance not enough", KINEMA_ERROR_BALANCE },
  { "insufficient credit", KINEMA_ERROR_BALANCE },
  { "not enough credit", KINEMA_ERROR_BALANCE },
  { "insufficient quota", KINEMA_ERROR_BALANCE },
  { "insufficient_quota", KINEMA_ERROR_BALANCE },
  { "insufficient_user_quota", KINEMA_ERROR_BALANCE },
  { "100601", KINEMA_ERROR_BALANCE },
  { "arrears", KINEMA_ERROR_BALANCE },
  { "content policy", KINEMA_ERROR_CONTENT_POLICY },
  { "content_policy", KINEMA_ERROR_CONTENT_POLICY },
  { "content security", KINEMA_ERROR_CONTENT_POLICY },
  { "moderation", KINEMA_ERROR_CONTENT_POLICY },
  { "sensitive", KINEMA_ERROR_CONTENT_POLICY },
  { "risk control", KINEMA_ERROR_CONTENT_POLICY },
  { "nsfw", KINEMA_ERROR_CONTENT_POLICY },
  { "rate limit", KINEMA_ERROR_RATE_LIMIT },
  { "rate_limit", KINEMA_ERROR_RATE_LIMIT },
  { "too many requests", KINEMA_ERROR_RATE_LIMIT },
  { "maintenance", KINEMA_ERROR_MAINTENANCE },
  { "invalid api key", KINEMA_ERROR_AUTH },
  { "invalid_api_key", KINEMA_ERROR_AUTH },
  { "incorrect api key", KINEMA_ERROR_AUTH },
  { "invalid token", KINEMA_ERROR_AUTH },
  { "feature is disabled", KINEMA_ERROR_FEATURE_DISABLED },
  { "feature disabled", KINEMA_ERROR_FEATURE_DISABLED },
};

gboolean
kinema_dialect_error_code_for_text (const char      *text,
                                    KinemaErrorCode *out)
{
  g_autofree char *lower = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;

  lower = g_ascii_strdown (text, -1);
  for (guint i = 0; i < G_N_ELEMENTS (text_rules); i++)
    if (strstr (lower, text_rules[i].needle) != NULL)
      {
        *out = text_rules[i].code;
        return TRUE;
      }
  return FALSE;
}

KinemaErrorCode
kinema_dialect_error_code_for_http (guint       http_status,
                                    const char *text)
{
  KinemaErrorCode code;

  if (kinema_dialect_error_code_for_text (text, &code))
    return code;

  switch (http_status)
    {
    case 401:
    case 403:
      return KINEMA_ERROR_AUTH;
    case 402:
      return KINEMA_ERROR_BALANCE;
    case 404:
    case 410:
      return KINEMA_ERROR_NOT_FOUND;
    case 429:
      return KINEMA_ERROR_RATE_LIMIT;
    case 455:
      return KINEMA_ERROR_MAINTENANCE;
    default:
      break;
    }

  if (http_status >= 500)
    return KINEMA_ERROR_SERVER;
  if (http_status >= 400)
    return KINEMA_ERROR_INVALID_PARAMETER;
  return KINEMA_ERROR_FAILED;
}

KinemaErrorCode
kinema_dialect_error_code_for_market (int         code,
                                      const char *text)
{
  switch (code)
    {
    case 501:
      {
        KinemaErrorCode by_text;

        /* A generation refused by moderation is still a content problem. */
        if (kinema_dialect_error_code_for_text (text, &by_text) &&
            by_text == KINEMA_ERROR_CONTENT_POLICY)
          return by_text;
        return KINEMA_ERROR_GENERATION_FAILED;
      }
    case 505:
      return KINEMA_ERROR_FEATURE_DISABLED;
    case 422:
      {
        KinemaErrorCode by_text;

        if (kinema_dialect_error_code_for_text (text, &by_text) &&
            by_text == KINEMA_ERROR_CONTENT_POLICY)
          return by_text;
        return KINEMA_ERROR_INVALID_PARAMETER;
      }
    default:
      break;
    }

  if (code < 400)
    return KINEMA_ERROR_FAILED;
  /* The body code states the class; the text only refines 500s. */
  switch (code)
    {
    case 401: return KINEMA_ERROR_AUTH;
    case 402: return KINEMA_ERROR_BALANCE;
    case 404: return KINEMA_ERROR_NOT_FOUND;
    case 429: return KINEMA_ERROR_RATE_LIMIT;
    case 455: return KINEMA_ERROR_MAINTENANCE;
    default: break;
    }
  return kinema_dialect_error_code_for_http ((guint) code, text);
}

/* Provider text as a single tidy line of bounded length. */
static char *
tidy_detail (const char *detail)
{
  GString *out;
  const char *p;
  guint n = 0;

  if (detail == NULL)
    return NULL;
  while (g_ascii_isspace (*detail))
    detail++;
  if (*detail == '\0' || !g_utf8_validate (detail, -1, NULL))
    return NULL;

  out = g_string_new (NULL);
  for (p = detail; *p != '\0' && n < DETAIL_MAX_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  while (out->len > 0 && g_ascii_isspace (out->str[out->len - 1]))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

void
kinema_dialect_set_error (GError          **error,
                          KinemaErrorCode   code,
                          const char       *provider,
                          const char       *detail)
{
  g_autofree char *d = tidy_detail (detail);
  const char *p = provider ? provider : _("The provider");
  char *message;

  switch (code)
    {
    case KINEMA_ERROR_AUTH:
      message = g_strdup_printf (_("%s API key is missing or invalid."), p);
      break;
    case KINEMA_ERROR_BALANCE:
      message = g_strdup_printf (_("%s balance is too low; top up."), p);
      break;
    case KINEMA_ERROR_RATE_LIMIT:
      message = g_strdup_printf (_("Too many requests to %s; wait a minute, then try again."), p);
      break;
    case KINEMA_ERROR_CONTENT_POLICY:
      message = d ? g_strdup_printf (_("%s refused the prompt or an image (content policy): %s"), p, d)
                  : g_strdup_printf (_("%s refused the prompt or an image (content policy); edit and retry."), p);
      break;
    case KINEMA_ERROR_INVALID_PARAMETER:
      message = d ? g_strdup_printf (_("Request rejected by %s: %s"), p, d)
                  : g_strdup_printf (_("Request rejected by %s: invalid parameters."), p);
      break;
    case KINEMA_ERROR_NOT_FOUND:
      message = d ? g_strdup_printf (_("%s does not know this task or endpoint (check the base URL): %s"), p, d)
                  : g_strdup_printf (_("%s does not know this task or endpoint (check the base URL)."), p);
      break;
    case KINEMA_ERROR_MAINTENANCE:
      message = g_strdup_printf (_("%s is under maintenance; try again later."), p);
      break;
    case KINEMA_ERROR_SERVER:
      message = d ? g_strdup_printf (_("%s server error; try again later (%s)."), p, d)
                  : g_strdup_printf (_("%s server error; try again later."), p);
      break;
    case KINEMA_ERROR_GENERATION_FAILED:
      message = d ? g_strdup_printf (_("%s could not generate the video: %s"), p, d)
                  : g_strdup_printf (_("%s could not generate the video."), p);
      break;
    case KINEMA_ERROR_FEATURE_DISABLED:
      message = d ? g_strdup_printf (_("This feature is currently disabled by %s: %s"), p, d)
                  : g_strdup_printf (_("This feature is currently disabled by %s."), p);
      break;
    case KINEMA_ERROR_EXPIRED_RESULT:
      message = g_strdup_printf (_("%s no longer has the result video; it expired before it was downloaded."), p);
      break;
    case KINEMA_ERROR_NETWORK:
      message = d ? g_strdup_printf (_("Could not reach %s: %s"), p, d)
                  : g_strdup_printf (_("Could not reach %s."), p);
      break;
    case KINEMA_ERROR_UNKNOWN_OUTCOME:
      message = d ? g_strdup_printf (_("The request was sent to %s but no usable answer came back (%s); it may have been accepted. Check before retrying: a retry is a new paid job."), p, d)
                  : g_strdup_printf (_("The request was sent to %s but no usable answer came back; it may have been accepted. Check before retrying: a retry is a new paid job."), p);
      break;
    case KINEMA_ERROR_FAILED:
    default:
      message = d ? g_strdup_printf (_("%s reported an error: %s"), p, d)
                  : g_strdup_printf (_("%s reported an error."), p);
      break;
    }

  g_set_error_literal (error, KINEMA_ERROR, code, message);
  g_free (message);
}

void
kinema_dialect_set_http_error (GError     **error,
                               const char  *provider,
                               guint        http_status,
                               const char  *detail)
{
  KinemaErrorCode code = kinema_dialect_error_code_for_http (http_status, detail);

  if (code == KINEMA_ERROR_FAILED && detail == NULL)
    {
      g_autofree char *d = g_strdup_printf ("HTTP %u", http_status);

      kinema_dialect_set_error (error, code, provider, d);
      return;
    }
  kinema_dialect_set_error (error, code, provider, detail);
}

void
kinema_dialect_set_unknown_outcome (GError     **error,
                                    const char  *provider,
                                    const char  *detail)
{
  kinema_dialect_set_error (error, KINEMA_ERROR_UNKNOWN_OUTCOME, provider, detail);
}

/* Building calls */

char *
kinema_dialect_url (const KinemaProviderConfig *cfg,
                    const char                 *path)
{
  const char *base;
  gsize len;

  g_return_val_if_fail (cfg != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  base = cfg->base_url ? cfg->base_url : "";
  len = strlen (base);
  while (len > 0 && base[len - 1] == '/')
    len--;
  return g_strdup_printf ("%.*s%s", (int) len, base, path);
}

KinemaHttpCall *
kinema_dialect_bearer_call (const char *method,
                            const char *url,
                            const char *api_key)
{
  KinemaHttpCall *call = kinema_http_call_new (method, url);

  kinema_http_call_add_header (call, "Accept", "application/json");
  if (api_key != NULL)
    {
      g_autofree char *value = g_strdup_printf ("Bearer %s", api_key);

      kinema_http_call_add_header (call, "Authorization", value);
    }
  return call;
}

void
kinema_http_call_take_body (KinemaHttpCall *call,
                            JsonNode       *body)
{
  g_return_if_fail (call != NULL);

  g_clear_pointer (&call->body, json_node_unref);
  call->body = body;
  if (body != NULL)
    kinema_http_call_add_header (call, "Content-Type", "application/json");
}

char *
kinema_http_call_dup_body_string (KinemaHttpCall *call)
{
  g_return_val_if_fail (call != NULL, NULL);

  if (call->body == NULL)
    return g_strdup ("");
  return json_to_string (call->body, FALSE);
}

const char *
kinema_dialect_wire_image (KinemaWireImages  *images,
                           const char        *path_or_url,
                           const char        *provider,
                           const char        *field,
                           GError           **error)
{
  const char *wire;

  g_return_val_if_fail (path_or_url != NULL, NULL);

  if (images != NULL && (wire = g_hash_table_lookup (images, path_or_url)) != NULL)
    return wire;
  if (kinema_image_is_url (path_or_url))
    return path_or_url;

  g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
               _("%s: %s only accepts public https:// image URLs, and “%s” is a local file."),
               field, provider, path_or_url);
  return NULL;
}

char *
kinema_dialect_escape_id (const char *task_id)
{
  return g_uri_escape_string (task_id ? task_id : "", NULL, FALSE);
}

/* OpenAI / New API style errors: {"error":{"message","type","param","code"}};
 * code may be a string ("insufficient_user_quota") or a number. */
void
kinema_dialect_set_openai_error (GError     **error,
                                 const char  *provider,
                                 guint        http_status,
                                 JsonObject  *root)
{
  const char *message = kinema_dialect_get_message (root);
  const char *code = kinema_json_path_get_nonempty (root, "error.code");
  const char *type = kinema_json_path_get_nonempty (root, "error.type");
  g_autofree char *text = g_strjoin (" ", message ? message : "", code ? code : "", type ? type : "", NULL);
  KinemaErrorCode kcode = kinema_dialect_error_code_for_http (http_status, text);

  if (http_status == 401)
    kcode = KINEMA_ERROR_AUTH;
  kinema_dialect_set_error (error, kcode, provider, message);
}

char *
kinema_json_path_dup_scalar (JsonObject *obj,
                             const char *path)
{
  JsonNode *node = kinema_json_path_get (obj, path);
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }
  return NULL;
}
