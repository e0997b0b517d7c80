/* kinema-kling-jwt.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The official Kling API authenticates with a short-lived JWT (HS256)
 * made from an Access Key (the issuer) and a Secret Key (the HMAC key).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Lifetime of a token, and the back-dating of "nbf" for clock skew. */
#define KINEMA_KLING_JWT_LIFETIME   1800
#define KINEMA_KLING_JWT_NBF_SKEW   5
/* A cached token is renewed when less than this many seconds remain. */
#define KINEMA_KLING_JWT_RENEW_MARGIN 300

/* A new token, valid from @now_unix - 5 until @now_unix + 1800.
 * Deterministic: the same arguments always give the same token. */
char     *kinema_kling_jwt_new            (const char *access_key,
                                           const char *secret_key,
                                           gint64      now_unix);

/* A token for @access_key, from a process-wide cache (thread-safe);
 * a new one is made when the cached one has less than 5 minutes left,
 * or when @secret_key changed. */
char     *kinema_kling_jwt_get            (const char *access_key,
                                           const char *secret_key,
                                           gint64      now_unix);

/* Forget every cached token (after Kling said a token was invalid). */
void      kinema_kling_jwt_cache_clear    (void);

/* Splits "ACCESS_KEY:SECRET_KEY". FALSE (outputs untouched) when @api_key
 * does not have that form; such a key is sent as a plain bearer token. */
gboolean  kinema_kling_split_key          (const char  *api_key,
                                           char       **access_key,
                                           char       **secret_key);

/* base64url without padding, as JWTs use it. */
char     *kinema_kling_base64url_encode   (const guchar *data,
                                           gsize         len);

G_END_DECLS
