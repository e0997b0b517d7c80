/* kinema-dialect-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers shared by every dialect: JSON parsing with a clear error, JSON
 * path lookups, status tables, HTTP/provider error mapping and the pieces
 * of an HTTP call. All pure; nothing here does I/O.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kinema-dialect.h"
#include "kinema-error.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* JSON bodies                                                         */
/* ------------------------------------------------------------------ */

/* Parses @body as a JSON object and returns it (a new reference).
 * On malformed JSON, an empty body or a non-object, sets a KINEMA_ERROR:
 * the code follows @http_status when it is an error status (so a 502 HTML
 * page is a SERVER error and a 401 text page an AUTH error), otherwise
 * KINEMA_ERROR_SERVER ("@provider sent an answer Kinema cannot read"). */
JsonObject      *kinema_dialect_parse_object       (const char   *provider,
                                                    guint         http_status,
                                                    const char   *body,
                                                    gsize         body_len,
                                                    GError      **error);

/* Looks up a dotted path ("data.task_result.videos.0.url"); a numeric
 * component indexes an array. A member whose name itself contains a dot
 * is tried first as a whole. Returns NULL when any step is missing or of
 * the wrong type. The node belongs to @root. */
JsonNode        *kinema_json_path_get              (JsonObject   *root,
                                                    const char   *path);
/* The string at @path, or NULL if missing, null or not a string. */
const char      *kinema_json_path_get_string       (JsonObject   *root,
                                                    const char   *path);
/* Like kinema_json_path_get_string() but also NULL for "". */
const char      *kinema_json_path_get_nonempty     (JsonObject   *root,
                                                    const char   *path);
/* An integer at @path; numbers and numeric strings both count. */
gboolean         kinema_json_path_get_int          (JsonObject   *root,
                                                    const char   *path,
                                                    gint64       *out);
/* A number at @path; numbers and numeric strings both count. */
gboolean         kinema_json_path_get_double       (JsonObject   *root,
                                                    const char   *path,
                                                    double       *out);
/* The object at @path, or NULL. */
JsonObject      *kinema_json_path_get_object       (JsonObject   *root,
                                                    const char   *path);

/* The first non-empty string among @paths (NULL-terminated), or NULL.
 * Used for "url, then video_url, then metadata.url, then data.url". */
const char      *kinema_json_find_first_string     (JsonObject         *root,
                                                    const char * const *paths);

/* The human message of an envelope: a non-empty `msg`, else `message`,
 * else `error.message`, else `error` when it is a string; NULL if none. */
const char      *kinema_dialect_get_message        (JsonObject   *obj);

/* ------------------------------------------------------------------ */
/* Status tables                                                       */
/* ------------------------------------------------------------------ */

typedef struct
{
  const char      *value;     /* provider's spelling; matched case-insensitively */
  KinemaTaskState  state;
} KinemaStatusMap;

/* Maps @status through @table (terminated by a { NULL } entry). Unknown,
 * empty and NULL statuses are RUNNING: keep polling (providers.md §0.2). */
KinemaTaskState  kinema_dialect_map_status         (const KinemaStatusMap *table,
                                                    const char            *status);

/* TRUE if @status appears in @table. */
gboolean         kinema_dialect_status_known       (const KinemaStatusMap *table,
                                                    const char            *status);

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/* The KINEMA_ERROR code for an HTTP status plus the provider's text.
 * Text wins where it is unambiguous ("insufficient balance", "content
 * policy", "rate limit", ...), then the status: 400/409/413/422 invalid
 * parameter, 401/403 auth, 402 balance, 404/410 not found, 429 rate limit,
 * 455 maintenance, 5xx server. Returns KINEMA_ERROR_FAILED for a status
 * < 400 with no telling text. */
KinemaErrorCode  kinema_dialect_error_code_for_http (guint        http_status,
                                                    const char  *text);

/* Only the text heuristics; FALSE when the text says nothing certain. */
gboolean         kinema_dialect_error_code_for_text (const char      *text,
                                                    KinemaErrorCode *out);

/* The code used by the kie/"market" family, whose body `code` mirrors
 * HTTP statuses: 401, 402, 404, 422, 429, 455, 500, 501 (generation
 * failed), 505 (feature disabled). Anything else >= 400 maps like HTTP. */
KinemaErrorCode  kinema_dialect_error_code_for_market (int         code,
                                                      const char *text);

/* Sets @error to a KINEMA_ERROR with @code and a message a user
 * understands, naming @provider and including @detail (the provider's own
 * text) where it helps, e.g. "LinkModel balance is too low; top up." or
 * "Request rejected by UniAll: duration must be 3..15". @detail may be
 * NULL. */
void             kinema_dialect_set_error          (GError          **error,
                                                    KinemaErrorCode   code,
                                                    const char       *provider,
                                                    const char       *detail);

/* Shortcut: code from kinema_dialect_error_code_for_http(), then
 * kinema_dialect_set_error(). */
void             kinema_dialect_set_http_error     (GError          **error,
                                                    const char       *provider,
                                                    guint             http_status,
                                                    const char       *detail);

/* A 2xx answer to a submit that cannot be read: the provider may have
 * accepted (and charged for) the task, so this is UNKNOWN_OUTCOME and the
 * engine must not resubmit. */
void             kinema_dialect_set_unknown_outcome (GError         **error,
                                                    const char      *provider,
                                                    const char      *detail);

/* Whether @http_status is 2xx. */
#define KINEMA_HTTP_OK(s) ((s) >= 200 && (s) < 300)

/* ------------------------------------------------------------------ */
/* Building calls                                                      */
/* ------------------------------------------------------------------ */

/* {base}{path}; @path starts with '/'. A trailing '/' on @base is
 * ignored. */
char            *kinema_dialect_url                (const KinemaProviderConfig *cfg,
                                                    const char                 *path);

/* A call with Accept: application/json and, if @api_key is non-NULL,
 * "Authorization: Bearer <api_key>". */
KinemaHttpCall  *kinema_dialect_bearer_call        (const char  *method,
                                                    const char  *url,
                                                    const char  *api_key);

/* Sets @body (taking ownership) as the call's JSON body and adds
 * Content-Type: application/json. */
void             kinema_http_call_take_body        (KinemaHttpCall *call,
                                                    JsonNode       *body);

/* The call's body as compact JSON ("" if none). */
char            *kinema_http_call_dup_body_string  (KinemaHttpCall *call);

/* The string to send for one image of a request: what @images maps
 * @path_or_url to, or the URL itself. A local path with no mapping sets
 * KINEMA_ERROR_INVALID_REQUEST naming @field and saying @provider needs a
 * public https URL. */
const char      *kinema_dialect_wire_image         (KinemaWireImages *images,
                                                    const char       *path_or_url,
                                                    const char       *provider,
                                                    const char       *field,
                                                    GError          **error);

/* A task id made safe for a URL path segment or query value. */
char            *kinema_dialect_escape_id          (const char *task_id);

/* KinemaCapabilities helpers */
#define KINEMA_MODE_BIT(m) (1u << (m))

/* Sets @error from an OpenAI / New API style body
 * {"error":{"message","type","param","code"}} (ModelStream, UniAll). */
void         kinema_dialect_set_openai_error (GError     **error,
                                              const char  *provider,
                                              guint        http_status,
                                              JsonObject  *root);

/* A string or number member at @path as a new string (ids come as
 * either); NULL when absent or of another type. */
char        *kinema_json_path_dup_scalar     (JsonObject  *obj,
                                              const char  *path);

G_END_DECLS
