/* kinema-dialect.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dialect is one provider API's wire format, as pure functions:
 * request -> HTTP call, HTTP answer -> task status. No I/O happens here, so
 * every dialect is unit-tested and fuzzed without a network. The HTTP glue
 * (KinemaHttpProvider) sends the calls these functions describe.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "kinema-provider.h"
#include "kinema-request.h"

G_BEGIN_DECLS

/* The placeholder shown instead of the key in dry runs. */
#define KINEMA_API_KEY_PLACEHOLDER "$KINEMA_API_KEY"

/* What the user configured (a preset or their own instance). */
typedef struct
{
  char *id;          /* "linkmodel", "kie", or a user instance id */
  char *name;        /* shown to users */
  char *dialect;     /* "simulator", "kling", "linkmodel", "modelstream", "market", "uniall" */
  char *profile;     /* dialect variant, e.g. market: "seed003" | "kie"; may be NULL */
  char *base_url;    /* no trailing slash */
  char *model;       /* model id, where the dialect sends one; may be NULL */
  char *upload_url;  /* base of an upload API (kie), or NULL */
} KinemaProviderConfig;

KinemaProviderConfig *kinema_provider_config_new  (const char *id,
                                                   const char *name,
                                                   const char *dialect,
                                                   const char *profile,
                                                   const char *base_url,
                                                   const char *model);
KinemaProviderConfig *kinema_provider_config_copy (const KinemaProviderConfig *cfg);
void                  kinema_provider_config_free (KinemaProviderConfig *cfg);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KinemaProviderConfig, kinema_provider_config_free)

typedef struct
{
  char *name;
  char *value;
} KinemaHttpHeader;

/* One HTTP exchange, described. */
typedef struct
{
  char      *method;        /* "GET" | "POST" */
  char      *url;           /* absolute */
  GPtrArray *headers;       /* KinemaHttpHeader*, owned */
  JsonNode  *body;          /* JSON body, or NULL */
  char      *poll_hint;     /* submit only: what polls of this task need to
                             * know (e.g. Kling's path family); the glue puts
                             * it in the status when parse_submit gives none */
} KinemaHttpCall;

KinemaHttpCall *kinema_http_call_new        (const char *method,
                                             const char *url);
void            kinema_http_call_add_header (KinemaHttpCall *call,
                                             const char     *name,
                                             const char     *value);
const char     *kinema_http_call_get_header (KinemaHttpCall *call,
                                             const char     *name);
void            kinema_http_call_free       (KinemaHttpCall *call);
/* A runnable curl command for @call (single-quoted safely). With @shorten,
 * long base64 image data is cut for display, and a comment says so. */
char           *kinema_http_call_to_curl    (KinemaHttpCall *call,
                                             gboolean        shorten);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KinemaHttpCall, kinema_http_call_free)

/* Every image of a request as it goes on the wire: maps the request's
 * path-or-URL string to the string to send (the URL itself, bare base64,
 * a data URI, or the URL an upload returned). Built by the HTTP glue. */
typedef GHashTable KinemaWireImages;

typedef struct _KinemaDialect KinemaDialect;

struct _KinemaDialect
{
  const char *name;

  /* Fill @caps for this dialect (and profile) starting from Kling v3's. */
  void              (*init_capabilities) (const KinemaProviderConfig *cfg,
                                          KinemaCapabilities         *caps);

  /* @api_key may be KINEMA_API_KEY_PLACEHOLDER (dry run). @job_id is the
   * local job id (used as external_task_id where the dialect has one). */
  KinemaHttpCall   *(*build_submit)      (const KinemaProviderConfig *cfg,
                                          const char                 *api_key,
                                          KinemaRequest              *request,
                                          KinemaWireImages           *images,
                                          const char                 *job_id,
                                          GError                    **error);
  KinemaTaskStatus *(*parse_submit)      (const KinemaProviderConfig *cfg,
                                          guint                       http_status,
                                          const char                 *body,
                                          gsize                       body_len,
                                          GError                    **error);
  KinemaHttpCall   *(*build_poll)        (const KinemaProviderConfig *cfg,
                                          const char                 *api_key,
                                          const char                 *task_id,
                                          const char                 *poll_hint,
                                          GError                    **error);
  KinemaTaskStatus *(*parse_poll)        (const KinemaProviderConfig *cfg,
                                          guint                       http_status,
                                          const char                 *body,
                                          gsize                       body_len,
                                          GError                    **error);
  /* Seconds before poll @attempt; < 0 past the deadline. NULL: the default. */
  int               (*next_poll_delay)   (guint                       attempt,
                                          double                      elapsed);
  /* Optional. For a submission whose answer was lost: when the provider
   * can look a task up by the id the client gave it (official Kling's
   * external_task_id), give the task id and poll hint to poll it with. */
  gboolean          (*recovery_lookup)   (const KinemaProviderConfig *cfg,
                                          KinemaRequest              *request,
                                          const char                 *job_id,
                                          char                      **task_id,
                                          char                      **poll_hint);
};

/* Registered dialects, by name; NULL if unknown. */
const KinemaDialect *kinema_dialect_lookup (const char *name);

G_END_DECLS
