/* kinema-provider-registry.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every provider a user can choose, as configs and as live providers: the
 * simulator, each built-in preset that has a base URL, and each instance
 * the user added (stored in the library). Keys come from the keyring.
 */
#pragma once

#include "kinema-dialect.h"
#include "kinema-engine.h"
#include "kinema-library.h"
#include "kinema-provider.h"

G_BEGIN_DECLS

/* KinemaProviderConfig*: presets first (simulator first of all), then the
 * user's instances; an instance with a preset's id replaces the preset. */
GPtrArray      *kinema_provider_registry_list_configs (KinemaLibrary              *library,
                                                       GError                    **error);
KinemaProviderConfig *kinema_provider_registry_lookup (KinemaLibrary              *library,
                                                       const char                 *id,
                                                       GError                    **error);

/* A live provider for @cfg with @api_key (NULL: it reports a setup problem). */
KinemaProvider *kinema_provider_registry_create       (const KinemaProviderConfig *cfg,
                                                       const char                 *api_key,
                                                       GError                    **error);

/* Blocking, for the CLI: the provider @id with its key resolved by
 * kinema_secrets_resolve_sync ($KINEMA_API_KEY first, then the keyring). */
KinemaProvider *kinema_provider_registry_create_sync  (KinemaLibrary              *library,
                                                       const char                 *id,
                                                       GError                    **error);

/* For the app: makes @engine's providers match the registry. New ones are
 * added, removed instances are dropped, keys are (re)read from the keyring
 * in a worker thread; nothing blocks the main loop. */
void            kinema_provider_registry_sync_async   (KinemaEngine               *engine,
                                                       KinemaLibrary              *library,
                                                       GCancellable               *cancellable,
                                                       GAsyncReadyCallback         callback,
                                                       gpointer                    user_data);
gboolean        kinema_provider_registry_sync_finish  (GAsyncResult               *result,
                                                       GError                    **error);

G_END_DECLS
