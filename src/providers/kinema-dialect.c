/* kinema-dialect.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Provider configs, described HTTP calls, and the registry of dialects.
 */
#define G_LOG_DOMAIN "kinema-dialect"

#include "config.h"

#include <string.h>

#include "kinema-dialect.h"
#include "kinema-dialects-private.h"

/* KinemaProviderConfig */

static char *
strip_trailing_slashes (const char *url)
{
  char *copy;
  gsize len;

  if (url == NULL)
    return NULL;
  copy = g_strdup (url);
  len = strlen (copy);
  while (len > 0 && copy[len - 1] == '/')
    copy[--len] = '\0';
  return copy;
}

KinemaProviderConfig *
kinema_provider_config_new (const char *id,
                            const char *name,
                            const char *dialect,
                            const char *profile,
                            const char *base_url,
                            const char *model)
{
  KinemaProviderConfig *cfg = g_new0 (KinemaProviderConfig, 1);

  cfg->id = g_strdup (id);
  cfg->name = g_strdup (name);
  cfg->dialect = g_strdup (dialect);
  cfg->profile = g_strdup (profile);
  cfg->base_url = strip_trailing_slashes (base_url);
  cfg->model = g_strdup (model);
  return cfg;
}

KinemaProviderConfig *
kinema_provider_config_copy (const KinemaProviderConfig *cfg)
{
  KinemaProviderConfig *copy;

  g_return_val_if_fail (cfg != NULL, NULL);

  copy = kinema_provider_config_new (cfg->id, cfg->name, cfg->dialect,
                                     cfg->profile, cfg->base_url, cfg->model);
  copy->upload_url = g_strdup (cfg->upload_url);
  return copy;
}

void
kinema_provider_config_free (KinemaProviderConfig *cfg)
{
  if (cfg == NULL)
    return;
  g_free (cfg->id);
  g_free (cfg->name);
  g_free (cfg->dialect);
  g_free (cfg->profile);
  g_free (cfg->base_url);
  g_free (cfg->model);
  g_free (cfg->upload_url);
  g_free (cfg);
}

/* KinemaHttpCall */

static void
http_header_free (gpointer data)
{
  KinemaHttpHeader *header = data;

  g_free (header->name);
  g_free (header->value);
  g_free (header);
}

KinemaHttpCall *
kinema_http_call_new (const char *method,
                      const char *url)
{
  KinemaHttpCall *call;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  call = g_new0 (KinemaHttpCall, 1);
  call->method = g_strdup (method);
  call->url = g_strdup (url);
  call->headers = g_ptr_array_new_with_free_func (http_header_free);
  return call;
}

/* Adds a header, replacing an existing one of the same name (HTTP header
 * names are case-insensitive). */
void
kinema_http_call_add_header (KinemaHttpCall *call,
                             const char     *name,
                             const char     *value)
{
  KinemaHttpHeader *header;

  g_return_if_fail (call != NULL);
  g_return_if_fail (name != NULL);

  for (guint i = 0; i < call->headers->len; i++)
    {
      header = g_ptr_array_index (call->headers, i);
      if (g_ascii_strcasecmp (header->name, name) == 0)
        {
          g_free (header->value);
          header->value = g_strdup (value ? value : "");
          return;
        }
    }

  header = g_new0 (KinemaHttpHeader, 1);
  header->name = g_strdup (name);
  header->value = g_strdup (value ? value : "");
  g_ptr_array_add (call->headers, header);
}

const char *
kinema_http_call_get_header (KinemaHttpCall *call,
                             const char     *name)
{
  g_return_val_if_fail (call != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < call->headers->len; i++)
    {
      KinemaHttpHeader *header = g_ptr_array_index (call->headers, i);

      if (g_ascii_strcasecmp (header->name, name) == 0)
        return header->value;
    }
  return NULL;
}

void
kinema_http_call_free (KinemaHttpCall *call)
{
  if (call == NULL)
    return;
  g_free (call->method);
  g_free (call->url);
  g_clear_pointer (&call->headers, g_ptr_array_unref);
  g_clear_pointer (&call->body, json_node_unref);
  g_free (call->poll_hint);
  g_free (call);
}

/* Base64 strings longer than this are shortened in curl output. */
#define CURL_BASE64_KEEP 48
#define CURL_BASE64_MIN  200

static void
append_shell_quoted (GString    *out,
                     const char *text)
{
  const char *p = text;
  const char *hit;

  while ((hit = strstr (p, KINEMA_API_KEY_PLACEHOLDER)) != NULL)
    {
      g_autofree char *part = g_strndup (p, hit - p);

      if (*part != '\0')
        append_shell_quoted (out, part);
      g_string_append (out, "\"" KINEMA_API_KEY_PLACEHOLDER "\"");
      p = hit + strlen (KINEMA_API_KEY_PLACEHOLDER);
    }
  if (*p == '\0' && p != text)
    return;

  g_string_append_c (out, '\'');
  for (; *p; p++)
    {
      if (*p == '\'')
        g_string_append (out, "'\\''");
      else
        g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

static gboolean
looks_like_base64 (const char *s)
{
  gsize n = 0;

  if (g_str_has_prefix (s, "data:image/"))
    {
      s = strstr (s, ";base64,");
      if (s == NULL)
        return FALSE;
      s += strlen (";base64,");
    }
  for (; *s; s++, n++)
    if (!g_ascii_isalnum (*s) && *s != '+' && *s != '/' && *s != '=')
      return FALSE;
  return n >= CURL_BASE64_MIN;
}

/* Shortens long base64 strings in @node (a copy) for display. */
static guint
shorten_base64 (JsonNode *node)
{
  guint n = 0;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *obj = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (obj);

      for (GList *l = members; l != NULL; l = l->next)
        n += shorten_base64 (json_object_get_member (obj, l->data));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        n += shorten_base64 (json_array_get_element (array, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *s = json_node_get_string (node);

      if (looks_like_base64 (s))
        {
          g_autofree char *shortened = g_strdup_printf ("%.*s…[%zu characters of base64 left out]",
                                                        CURL_BASE64_KEEP, s, strlen (s));

          json_node_set_string (node, shortened);
          n++;
        }
    }
  return n;
}

char *
kinema_http_call_to_curl (KinemaHttpCall *call,
                          gboolean        shorten)
{
  GString *out = g_string_new (NULL);
  g_autofree char *json = NULL;

  g_return_val_if_fail (call != NULL, NULL);

  if (call->body != NULL)
    {
      g_autoptr(JsonNode) body = json_node_copy (call->body);

      if (shorten && shorten_base64 (body) > 0)
        g_string_append (out, "# Image data shortened for display; use --format json for the full body.\n");
      json = json_to_string (body, FALSE);
    }

  g_string_append (out, "curl -X ");
  append_shell_quoted (out, call->method);
  g_string_append_c (out, ' ');
  append_shell_quoted (out, call->url);
  for (guint i = 0; i < call->headers->len; i++)
    {
      KinemaHttpHeader *h = g_ptr_array_index (call->headers, i);
      g_autofree char *line = g_strdup_printf ("%s: %s", h->name, h->value);

      g_string_append (out, " \\\n  -H ");
      append_shell_quoted (out, line);
    }
  if (json != NULL)
    {
      g_string_append (out, " \\\n  --data-raw ");
      append_shell_quoted (out, json);
    }
  return g_string_free (out, FALSE);
}

/* Registry */

static const struct {
  const char          *name;
  const KinemaDialect *dialect;
} dialects[] = {
  { "linkmodel", &kinema_dialect_linkmodel },
  { "modelstream", &kinema_dialect_modelstream },
  { "newapi-video", &kinema_dialect_modelstream },   /* providers.md's name */
  { "uniall", &kinema_dialect_uniall },
  { "kling", &kinema_dialect_kling },
  { "market", &kinema_dialect_market },
};

const KinemaDialect *
kinema_dialect_lookup (const char *name)
{
  if (name == NULL)
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (dialects); i++)
    if (g_ascii_strcasecmp (dialects[i].name, name) == 0)
      return dialects[i].dialect;
  return NULL;
}
