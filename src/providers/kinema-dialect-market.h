/* kinema-dialect-market.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "market" job API (providers.md §4): the gateway of seed 003
 * (profile "seed003", the default) and kie.ai (profile "kie"), plus the
 * pure build/parse functions of kie's Base64 file upload.
 */
#pragma once

#include "kinema-dialect.h"

G_BEGIN_DECLS

extern const KinemaDialect kinema_dialect_market;

#define KINEMA_MARKET_PROFILE_SEED003 "seed003"
#define KINEMA_MARKET_PROFILE_KIE     "kie"

#define KINEMA_MARKET_KIE_BASE_URL    "https://api.kie.ai"
#define KINEMA_MARKET_KIE_UPLOAD_URL  "https://kieai.redpandaai.co"

/* TRUE for the kie profile; anything else is seed003. */
gboolean        kinema_market_is_kie        (const KinemaProviderConfig *cfg);

/* POST {upload_url}/api/file-base64-upload with
 * {"base64Data", "uploadPath", "fileName"}. Fails when the provider has
 * no upload endpoint. */
KinemaHttpCall *kinema_market_build_upload  (const KinemaProviderConfig *cfg,
                                             const char                 *api_key,
                                             const char                 *base64,
                                             const char                 *file_name,
                                             GError                    **error);

/* The URL an upload answer gives (data.downloadUrl, else data.fileUrl). */
gboolean        kinema_market_parse_upload  (guint        http_status,
                                             const char  *body,
                                             gsize        body_len,
                                             char       **url_out,
                                             GError     **error);

G_END_DECLS
