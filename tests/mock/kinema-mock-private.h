/* kinema-mock-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a dialect handler of the mock server sees. One file per dialect
 * (kinema-mock-linkmodel.c, kinema-mock-kling.c, ...) exports
 *
 *   void kinema_mock_<name>_register (KinemaMockServer *server);
 *
 * which calls kinema_mock_register_dialect(); kinema-mock-server.c calls
 * every _register function at start-up (see kinema_mock_builtin_dialects
 * there).
 *
 * Threading: handlers run on the server's own thread WITH THE SERVER LOCK
 * HELD. Every function below expects that (they are only for handlers);
 * they never take the lock themselves. Do not block in a handler.
 *
 * Core behaviour, before a handler runs: the request is counted, its body
 * and headers recorded for the dialect, and the first queued fault that
 * matches is applied. MALFORMED, SLOW (delays, then calls the handler),
 * DROP, TRUNCATED, RAW and EXPIRED are handled by the core. STATUS calls the
 * dialect's error_reply instead of the handler (the core then adds
 * Retry-After for 429 when the fault has one). TASK_FAILED is handed to
 * the handler in req->fault; kinema_mock_task_new() consumes it.
 *
 * Result videos are served by the core at
 * {server url}/files/<prefix>/<task id>.mp4 (see kinema_mock_task_dup_video_url).
 */
#pragma once

#include "kinema-mock-server.h"

G_BEGIN_DECLS

typedef struct
{
  KinemaMockFaultKind  kind;
  char                *match;
  guint                status;
  guint                arg;
  char                *message;
} KinemaMockFault;

typedef struct
{
  KinemaMockServer        *server;
  SoupServerMessage       *msg;
  const char              *prefix;    /* "linkmodel" */
  const char              *method;    /* "GET", "POST" */
  const char              *path;      /* "/linkmodel/api/v1/video-generation" */
  const char              *subpath;   /* path after "/<prefix>": "/api/v1/video-generation" */
  GHashTable              *query;     /* decoded query (may be NULL) */
  GBytes                  *body;      /* request body (never NULL) */
  JsonNode                *json;      /* parsed body, NULL if empty or not JSON */
  const KinemaMockFault   *fault;     /* a TASK_FAILED fault for this request, or NULL */
} KinemaMockRequest;

typedef void (*KinemaMockHandler)    (KinemaMockRequest *req,
                                      gpointer           user_data);
/* Answer @status in the provider's error shape; @message may be NULL (use
 * the provider's usual text for that status). */
typedef void (*KinemaMockErrorReply) (KinemaMockRequest *req,
                                      guint              status,
                                      const char        *message,
                                      gpointer           user_data);

/* @base_path: what a provider config's base URL ends with, e.g.
 * "/linkmodel/api/v1" (must start with "/<prefix>"). */
void        kinema_mock_register_dialect   (KinemaMockServer     *server,
                                            const char           *prefix,
                                            const char           *base_path,
                                            KinemaMockHandler     handler,
                                            KinemaMockErrorReply  error_reply,
                                            gpointer              user_data);

/* Server settings, for handlers. */
const char *kinema_mock_server_api_key     (KinemaMockServer *server);
double      kinema_mock_server_step        (KinemaMockServer *server);

/* ---- Replies ---------------------------------------------------- */

/* @node: transfer full. Content-Type application/json. */
void        kinema_mock_reply_json         (KinemaMockRequest *req,
                                            guint              status,
                                            JsonNode          *node);
/* @obj: transfer full. */
void        kinema_mock_reply_object       (KinemaMockRequest *req,
                                            guint              status,
                                            JsonObject        *obj);
void        kinema_mock_reply_text         (KinemaMockRequest *req,
                                            guint              status,
                                            const char        *content_type,
                                            const char        *body);
/* Remember why this request was refused (tests read it with
 * kinema_mock_server_dup_last_rejection); printf-style. */
void        kinema_mock_note_rejection     (KinemaMockRequest *req,
                                            const char        *format,
                                            ...) G_GNUC_PRINTF (2, 3);

/* ---- Request helpers -------------------------------------------- */

const char *kinema_mock_request_header     (KinemaMockRequest *req,
                                            const char        *name);
/* TRUE if "Authorization: Bearer <the server's key>". */
gboolean    kinema_mock_request_bearer_ok  (KinemaMockRequest *req);
/* TRUE if header @name equals the server's key (e.g. "x-api-key"). */
gboolean    kinema_mock_request_key_header_ok (KinemaMockRequest *req,
                                               const char        *name);
/* The body as an object, or NULL. */
JsonObject *kinema_mock_request_object     (KinemaMockRequest *req);
/* Query parameter, or NULL. */
const char *kinema_mock_request_query      (KinemaMockRequest *req,
                                            const char        *name);

/* ---- Body checks -------------------------------------------------
 * Each returns TRUE when fine; otherwise FALSE and sets *problem to a
 * message such as "duration must be an integer" (free with g_free). */

typedef enum
{
  KINEMA_MOCK_STRING,
  KINEMA_MOCK_INT,      /* a JSON integer (not "5", not 5.5) */
  KINEMA_MOCK_NUMBER,   /* integer or real */
  KINEMA_MOCK_BOOL,
  KINEMA_MOCK_OBJECT,
  KINEMA_MOCK_ARRAY,
  KINEMA_MOCK_INT_STRING, /* a string holding an integer: "5" */
} KinemaMockType;

/* Member @name (a literal member name; dots are not paths) of @type. When
 * absent: FALSE if @required, else TRUE. */
gboolean    kinema_mock_check_member       (JsonObject     *obj,
                                            const char     *name,
                                            KinemaMockType  type,
                                            gboolean        required,
                                            char          **problem);
/* Every member name of @obj is in @known (NULL-terminated). */
gboolean    kinema_mock_check_known        (JsonObject          *obj,
                                            const char * const  *known,
                                            const char          *where,
                                            char               **problem);
/* String member @name (if present) is one of @values. */
gboolean    kinema_mock_check_enum         (JsonObject          *obj,
                                            const char          *name,
                                            const char * const  *values,
                                            char               **problem);
/* Integer (or int-string) member @name (if present) is in [min, max]. */
gboolean    kinema_mock_check_int_range    (JsonObject     *obj,
                                            const char     *name,
                                            gint64          min,
                                            gint64          max,
                                            char          **problem);
/* Number member @name (if present) is in [min, max]. */
gboolean    kinema_mock_check_number_range (JsonObject     *obj,
                                            const char     *name,
                                            double          min,
                                            double          max,
                                            char          **problem);
/* Whether a string is acceptable where the provider wants an image URL
 * (http(s)://...), or, if @allow_inline, bare base64 / a data URI. */
gboolean    kinema_mock_check_image        (const char     *value,
                                            gboolean        allow_inline,
                                            const char     *field,
                                            char          **problem);

/* ---- Tasks -------------------------------------------------------- */

typedef enum
{
  KINEMA_MOCK_STAGE_QUEUED,
  KINEMA_MOCK_STAGE_RUNNING,
  KINEMA_MOCK_STAGE_SUCCEEDED,
  KINEMA_MOCK_STAGE_FAILED,
} KinemaMockStage;

typedef struct
{
  char      *id;
  char      *prefix;        /* the dialect that made it */
  char      *family;        /* handler's own tag (e.g. "text2video"); may be NULL */
  JsonNode  *request;       /* the body it was created from (copy) */
  gint64     created_us;    /* g_get_monotonic_time() */
  gboolean   fail;          /* ends FAILED */
  char      *fail_message;
  double     price;
  gboolean   audio;         /* serve the result video with an audio track */
  guint      n_polls;
} KinemaMockTask;

/* Creates and stores a task for @req (owned by the server until reset).
 * @id_prefix starts its id ("task_"; NULL: the id is a bare UUID). Applies a
 * TASK_FAILED fault in req->fault. */
KinemaMockTask *kinema_mock_task_new       (KinemaMockRequest *req,
                                            const char        *id_prefix,
                                            const char        *family);
/* A task of @prefix by id, or NULL. Counts a poll. */
KinemaMockTask *kinema_mock_task_lookup    (KinemaMockServer  *server,
                                            const char        *prefix,
                                            const char        *id);
/* Time-driven: QUEUED for one step, RUNNING for two, then SUCCEEDED (or
 * FAILED when task->fail). */
KinemaMockStage kinema_mock_task_stage     (KinemaMockServer  *server,
                                            KinemaMockTask    *task);
/* 0..100 matching the stage. */
int             kinema_mock_task_progress  (KinemaMockServer  *server,
                                            KinemaMockTask    *task);
/* {url}/files/<prefix>/<id>.mp4; the core serves the MP4 there (with an
 * audio track when task->audio) until an EXPIRED fault or a reset. */
char           *kinema_mock_task_dup_video_url (KinemaMockServer *server,
                                                KinemaMockTask   *task);
/* A fresh UUID-like string, for request_id fields. */
char           *kinema_mock_new_request_id (void);

/* The built-in dialects' registration functions. */
void kinema_mock_linkmodel_register   (KinemaMockServer *server);
void kinema_mock_modelstream_register (KinemaMockServer *server);
void kinema_mock_uniall_register      (KinemaMockServer *server);
void kinema_mock_kling_register       (KinemaMockServer *server);   /* dialects-2 */
void kinema_mock_market_register      (KinemaMockServer *server);   /* dialects-2: "market" and "kie" */

G_END_DECLS
