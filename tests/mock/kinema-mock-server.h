/* kinema-mock-server.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fake of every provider Kinema speaks to, on 127.0.0.1 at an ephemeral
 * port. It runs its own thread and main context, so tests may use it with
 * async or blocking clients alike. Each dialect lives under its own prefix
 * (http://127.0.0.1:PORT/<prefix>/...), checks auth and bodies the way that
 * provider does, answers with that provider's shapes, moves tasks through
 * its statuses over time and serves a real MP4 as the result.
 *
 * Tests script faults (one-shot, FIFO) and read counters to assert what
 * was (or was not) sent.
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum
{
  KINEMA_MOCK_FAULT_NONE,
  /* Answer @status in the provider's own error shape (401, 402, 422, 429
   * with Retry-After = @arg seconds, 455, 500, 501, 503, 505, ...). */
  KINEMA_MOCK_FAULT_STATUS,
  /* HTTP 200 with a body that is not JSON. */
  KINEMA_MOCK_FAULT_MALFORMED,
  /* The normal answer, @arg milliseconds late. */
  KINEMA_MOCK_FAULT_SLOW,
  /* Read the whole request, then close the connection without answering.
   * Note that libsoup re-sends an idempotent request (GET) once by itself
   * when a reused keep-alive connection turns out closed: push two DROPs
   * to make a poll fail. A POST always gets a fresh connection. */
  KINEMA_MOCK_FAULT_DROP,
  /* Headers announcing a longer body than is sent, then close. */
  KINEMA_MOCK_FAULT_TRUNCATED,
  /* The task this submit creates ends failed (message: the fault's). */
  KINEMA_MOCK_FAULT_TASK_FAILED,
  /* A result video download answers @status (404 or 403): the URL expired. */
  KINEMA_MOCK_FAULT_EXPIRED,
  /* Write @message verbatim as the whole answer (status line, headers and
   * body), then close the connection: for answers no dialect handler
   * gives, e.g. HTTP 200 with an error code in the body, or a result
   * served as text/html or announcing an oversize body. */
  KINEMA_MOCK_FAULT_RAW,
} KinemaMockFaultKind;

#define KINEMA_MOCK_DEFAULT_API_KEY "kinema-test-key"

#define KINEMA_TYPE_MOCK_SERVER (kinema_mock_server_get_type ())

G_DECLARE_FINAL_TYPE (KinemaMockServer, kinema_mock_server, KINEMA, MOCK_SERVER, GObject)

/* Starts listening at once; every built-in dialect is registered. */
KinemaMockServer *kinema_mock_server_new              (GError          **error);

/* "http://127.0.0.1:PORT" */
const char       *kinema_mock_server_get_url          (KinemaMockServer *self);

/* The base URL a provider config should use for @prefix, e.g.
 * "http://127.0.0.1:PORT/linkmodel/api/v1"; NULL if unregistered. */
char             *kinema_mock_server_dup_base_url     (KinemaMockServer *self,
                                                       const char       *prefix);

/* NULL-terminated list of registered prefixes; free with g_strfreev(). */
char            **kinema_mock_server_dup_prefixes     (KinemaMockServer *self);

/* Seconds a task spends in each non-terminal stage (queued, then running
 * for two steps). Default 2.0; tests use ~0.05. */
void              kinema_mock_server_set_step         (KinemaMockServer *self,
                                                       double            seconds);
void              kinema_mock_server_set_api_key      (KinemaMockServer *self,
                                                       const char       *api_key);
/* Serve this MP4 as every result instead of the one generated at start. */
gboolean          kinema_mock_server_set_video_file   (KinemaMockServer *self,
                                                       const char       *path,
                                                       GError          **error);
GBytes           *kinema_mock_server_get_video        (KinemaMockServer *self);

/* One-shot fault for the next request whose path contains @match (NULL or
 * "" matches any). @arg: Retry-After seconds (STATUS 429) or delay in ms
 * (SLOW). @message: provider text (e.g. "insufficient balance"), may be
 * NULL. */
void              kinema_mock_server_push_fault       (KinemaMockServer    *self,
                                                       const char          *match,
                                                       KinemaMockFaultKind  kind,
                                                       guint                status,
                                                       guint                arg,
                                                       const char          *message);
void              kinema_mock_server_clear_faults     (KinemaMockServer *self);

/* Requests received for exactly @path (NULL: all requests). */
guint             kinema_mock_server_get_count        (KinemaMockServer *self,
                                                       const char       *path);
/* Requests received whose path starts with @prefix ("/linkmodel/"). */
guint             kinema_mock_server_get_count_prefix (KinemaMockServer *self,
                                                       const char       *prefix);
/* Forget counts, faults, tasks and recorded bodies. */
void              kinema_mock_server_reset            (KinemaMockServer *self);

/* The last JSON body a dialect received (even if it refused it), or NULL. */
JsonNode         *kinema_mock_server_dup_last_body    (KinemaMockServer *self,
                                                       const char       *prefix);
/* A header of the last request under @prefix, or NULL. */
char             *kinema_mock_server_dup_last_header  (KinemaMockServer *self,
                                                       const char       *prefix,
                                                       const char       *name);
/* Why the dialect refused its last request (NULL if it accepted it). */
char             *kinema_mock_server_dup_last_rejection (KinemaMockServer *self,
                                                         const char       *prefix);

G_END_DECLS
