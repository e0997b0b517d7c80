/* kinema-kling-jwt.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-kling-jwt"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "kinema-kling-jwt.h"

typedef struct
{
  char   *secret_key;
  char   *token;
  gint64  expires;
} CachedToken;

static GMutex      cache_lock;
static GHashTable *cache;   /* access key -> CachedToken */

static void
cached_token_free (gpointer data)
{
  CachedToken *ct = data;

  if (ct->secret_key != NULL)
    memset (ct->secret_key, 0, strlen (ct->secret_key));
  g_free (ct->secret_key);
  g_free (ct->token);
  g_free (ct);
}

char *
kinema_kling_base64url_encode (const guchar *data,
                               gsize         len)
{
  char *str = g_base64_encode (data, len);
  char *out = str;

  for (char *p = str; *p != '\0'; p++)
    {
      if (*p == '=')
        continue;
      if (*p == '+')
        *out++ = '-';
      else if (*p == '/')
        *out++ = '_';
      else
        *out++ = *p;
    }
  *out = '\0';

  return str;
}

static char *
encode_json_object (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *json = json_to_string (root, FALSE);

  return kinema_kling_base64url_encode ((const guchar *) json, strlen (json));
}

char *
kinema_kling_jwt_new (const char *access_key,
                      const char *secret_key,
                      gint64      now_unix)
{
  g_autoptr(JsonBuilder) header = json_builder_new ();
  g_autoptr(JsonBuilder) payload = json_builder_new ();
  g_autoptr(GHmac) hmac = NULL;
  g_autofree char *header_b64 = NULL;
  g_autofree char *payload_b64 = NULL;
  g_autofree char *signing_input = NULL;
  g_autofree char *signature_b64 = NULL;
  guint8 digest[32];
  gsize digest_len = sizeof digest;

  g_return_val_if_fail (access_key != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);

  json_builder_begin_object (header);
  json_builder_set_member_name (header, "alg");
  json_builder_add_string_value (header, "HS256");
  json_builder_set_member_name (header, "typ");
  json_builder_add_string_value (header, "JWT");
  json_builder_end_object (header);

  json_builder_begin_object (payload);
  json_builder_set_member_name (payload, "iss");
  json_builder_add_string_value (payload, access_key);
  json_builder_set_member_name (payload, "exp");
  json_builder_add_int_value (payload, now_unix + KINEMA_KLING_JWT_LIFETIME);
  json_builder_set_member_name (payload, "nbf");
  json_builder_add_int_value (payload, now_unix - KINEMA_KLING_JWT_NBF_SKEW);
  json_builder_end_object (payload);

  header_b64 = encode_json_object (header);
  payload_b64 = encode_json_object (payload);
  signing_input = g_strconcat (header_b64, ".", payload_b64, NULL);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret_key, strlen (secret_key));
  g_hmac_update (hmac, (const guchar *) signing_input, -1);
  g_hmac_get_digest (hmac, digest, &digest_len);
  signature_b64 = kinema_kling_base64url_encode (digest, digest_len);

  return g_strconcat (signing_input, ".", signature_b64, NULL);
}

char *
kinema_kling_jwt_get (const char *access_key,
                      const char *secret_key,
                      gint64      now_unix)
{
  g_autoptr(GMutexLocker) locker = NULL;
  CachedToken *ct;

  g_return_val_if_fail (access_key != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);

  locker = g_mutex_locker_new (&cache_lock);

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, cached_token_free);

  ct = g_hash_table_lookup (cache, access_key);
  if (ct != NULL &&
      g_strcmp0 (ct->secret_key, secret_key) == 0 &&
      ct->expires - now_unix >= KINEMA_KLING_JWT_RENEW_MARGIN &&
      /* A clock that went backwards past "nbf" makes the token unusable. */
      ct->expires - KINEMA_KLING_JWT_LIFETIME - KINEMA_KLING_JWT_NBF_SKEW <= now_unix)
    return g_strdup (ct->token);

  ct = g_new0 (CachedToken, 1);
  ct->secret_key = g_strdup (secret_key);
  ct->token = kinema_kling_jwt_new (access_key, secret_key, now_unix);
  ct->expires = now_unix + KINEMA_KLING_JWT_LIFETIME;
  g_hash_table_replace (cache, g_strdup (access_key), ct);

  return g_strdup (ct->token);
}

void
kinema_kling_jwt_cache_clear (void)
{
  g_mutex_lock (&cache_lock);
  if (cache != NULL)
    g_hash_table_remove_all (cache);
  g_mutex_unlock (&cache_lock);
}

gboolean
kinema_kling_split_key (const char  *api_key,
                        char       **access_key,
                        char       **secret_key)
{
  const char *colon;

  if (api_key == NULL)
    return FALSE;

  colon = strchr (api_key, ':');
  if (colon == NULL || colon == api_key || colon[1] == '\0')
    return FALSE;
  /* A key with more than one colon is not an AK:SK pair. */
  if (strchr (colon + 1, ':') != NULL)
    return FALSE;

  if (access_key != NULL)
    *access_key = g_strstrip (g_strndup (api_key, colon - api_key));
  if (secret_key != NULL)
    *secret_key = g_strstrip (g_strdup (colon + 1));

  return TRUE;
}
