/* kinema-dialect-kling.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The official Kling API (dialect "kling"): the dialect table plus the
 * pure build/parse functions for registering an element, which the
 * HTTP glue runs before a submit that uses elements.
 */
#pragma once

#include "kinema-dialect.h"

G_BEGIN_DECLS

extern const KinemaDialect kinema_dialect_kling;

/* Path families; the one a task was submitted to is its poll hint. */
#define KINEMA_KLING_FAMILY_TEXT2VIDEO  "text2video"
#define KINEMA_KLING_FAMILY_IMAGE2VIDEO "image2video"
#define KINEMA_KLING_FAMILY_OMNI        "omni-video"

/* The key under which KinemaWireImages carries the registered element id
 * of the element called @name: "element:<name>". Free with g_free(). */
char           *kinema_kling_element_key            (const char *name);

/* The path family a request goes to: "text2video", "image2video" or
 * "omni-video". */
const char     *kinema_kling_family_for_request     (KinemaRequest *request);

/* The Authorization header value for @api_key: a JWT for "AK:SK", the key
 * itself otherwise, "$KINEMA_API_KEY" for the dry-run placeholder. */
char           *kinema_kling_authorization          (const char *api_key);

/* POST {base}/v1/general/advanced-custom-elements for @element. Its images
 * are looked up in @images (a URL not found there is sent as it is). */
KinemaHttpCall *kinema_kling_build_element_create   (const KinemaProviderConfig *cfg,
                                                     const char                 *api_key,
                                                     const KinemaElement        *element,
                                                     KinemaWireImages           *images,
                                                     GError                    **error);
/* GET {base}/v1/general/advanced-custom-elements/{task_id}. */
KinemaHttpCall *kinema_kling_build_element_poll     (const KinemaProviderConfig *cfg,
                                                     const char                 *api_key,
                                                     const char                 *task_id,
                                                     GError                    **error);

/* Reads an element-create or element-poll answer. Returns FALSE with
 * @error on an API error or when the element task failed (@state_out is
 * then FAILED). On TRUE, @state_out is QUEUED, RUNNING or SUCCEEDED, and
 * when SUCCEEDED *@element_id_out is the new element's id. */
gboolean        kinema_kling_parse_element          (guint              http_status,
                                                     const char        *body,
                                                     gsize              body_len,
                                                     char             **element_id_out,
                                                     KinemaTaskState   *state_out,
                                                     GError           **error);
/* The same, also giving the element task's id (needed to poll it). */
gboolean        kinema_kling_parse_element_full     (guint              http_status,
                                                     const char        *body,
                                                     gsize              body_len,
                                                     char             **task_id_out,
                                                     char             **element_id_out,
                                                     KinemaTaskState   *state_out,
                                                     GError           **error);

G_END_DECLS
