/* kinema-secrets.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * API keys live in the Secret Service keyring (libsecret), one secret per
 * provider instance, attribute "provider-id". They are never written to the
 * database, settings, logs, argv or error messages.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Blocking variants: for the CLI and worker threads, never the GTK main loop. */
gboolean  kinema_secrets_store_sync   (const char    *provider_id,
                                       const char    *provider_name,
                                       const char    *key,
                                       GCancellable  *cancellable,
                                       GError       **error);
/* Returns NULL without error when no key is stored. Free with
 * kinema_secrets_free (it wipes the memory). */
char     *kinema_secrets_lookup_sync  (const char    *provider_id,
                                       GCancellable  *cancellable,
                                       GError       **error);
gboolean  kinema_secrets_clear_sync   (const char    *provider_id,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* The key the CLI and tests use: $KINEMA_API_KEY when set, else the
 * keyring's. */
char     *kinema_secrets_resolve_sync (const char    *provider_id,
                                       GCancellable  *cancellable,
                                       GError       **error);

void      kinema_secrets_lookup_async  (const char          *provider_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
char     *kinema_secrets_lookup_finish (GAsyncResult        *result,
                                        GError             **error);
void      kinema_secrets_store_async   (const char          *provider_id,
                                        const char          *provider_name,
                                        const char          *key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  kinema_secrets_store_finish  (GAsyncResult        *result,
                                        GError             **error);
void      kinema_secrets_clear_async   (const char          *provider_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean  kinema_secrets_clear_finish  (GAsyncResult        *result,
                                        GError             **error);

void      kinema_secrets_free         (char *secret);

G_END_DECLS
