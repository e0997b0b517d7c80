/* kinema-http-provider.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * KinemaHttpProvider: a KinemaProvider that speaks one dialect over HTTP
 * with libsoup. The dialect builds and parses; this class prepares images
 * (off the main thread), sends, maps transport failures, and schedules
 * polls.
 *
 * Transport errors on submit: a failure before the request went out
 * (connection refused, DNS, TLS) is KINEMA_ERROR_NETWORK; a drop, timeout,
 * truncated answer or cancellation after it went out is
 * KINEMA_ERROR_UNKNOWN_OUTCOME (the provider may have accepted and charged
 * for the task: never resubmit it automatically). A cancellation before
 * sending is G_IO_ERROR_CANCELLED.
 *
 * next_poll_delay returns the dialect's documented schedule unscaled; the
 * engine applies KINEMA_POLL_SCALE (see kinema_poll_scale()). The element
 * registration wait inside a submit is scaled here.
 */
#pragma once

#include <libsoup/soup.h>

#include "kinema-dialect.h"
#include "kinema-provider.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_HTTP_PROVIDER (kinema_http_provider_get_type ())

G_DECLARE_FINAL_TYPE (KinemaHttpProvider, kinema_http_provider, KINEMA, HTTP_PROVIDER, KinemaProvider)

/* Refuses an unknown dialect and a base URL that is not https:// (http://
 * only for loopback: 127.0.0.0/8, localhost, ::1), with
 * KINEMA_ERROR_INVALID_PARAMETER. @api_key may be NULL (requests then go
 * without credentials and the provider will answer "auth"). */
KinemaProvider             *kinema_http_provider_new          (const KinemaProviderConfig *cfg,
                                                               const char                 *api_key,
                                                               GError                    **error);

/* Replaces the key (e.g. after it was set in Preferences). Without one the
 * provider reports a setup problem and the engine takes no jobs for it. */
void                        kinema_http_provider_set_api_key  (KinemaHttpProvider *self,
                                                               const char         *api_key);
gboolean                    kinema_http_provider_has_api_key  (KinemaHttpProvider *self);

const KinemaProviderConfig *kinema_http_provider_get_config   (KinemaHttpProvider *self);
const KinemaDialect        *kinema_http_provider_get_dialect_impl (KinemaHttpProvider *self);
/* The session used for this provider (timeout 60 s, "Kinema/<version>");
 * the downloader may share it. */
SoupSession                *kinema_http_provider_get_session  (KinemaHttpProvider *self);
/* Seconds before an idle or unanswered connection fails (default 60). */
void                        kinema_http_provider_set_timeout  (KinemaHttpProvider *self,
                                                               guint               seconds);

/* Checks a base URL as kinema_http_provider_new() does. */
gboolean                    kinema_http_provider_check_base_url (const char  *base_url,
                                                                 GError     **error);

/* What a submit would send, for dry runs: local images are read and
 * encoded as they would be (blocking; fine outside a GUI), steps that
 * would need the network first (kie uploads, Kling element registration)
 * are shown as placeholders, and nothing is sent. @api_key NULL shows
 * KINEMA_API_KEY_PLACEHOLDER. Does not check the base URL. */
KinemaHttpCall             *kinema_http_provider_build_submit_call (const KinemaProviderConfig *cfg,
                                                                    KinemaRequest              *request,
                                                                    const char                 *api_key,
                                                                    const char                 *job_id,
                                                                    GError                    **error);


G_END_DECLS
