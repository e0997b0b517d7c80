/* kinema-provider-registry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-registry"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kinema-error.h"
#include "kinema-http-provider.h"
#include "kinema-presets.h"
#include "kinema-provider-registry.h"
#include "kinema-provider-simulator.h"
#include "kinema-secrets.h"

static gboolean
is_simulator (const KinemaProviderConfig *cfg)
{
  return g_strcmp0 (cfg->dialect, "simulator") == 0;
}

GPtrArray *
kinema_provider_registry_list_configs (KinemaLibrary  *library,
                                       GError        **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) kinema_provider_config_free);
  g_autoptr(GPtrArray) instances = NULL;
  g_autoptr(GHashTable) overridden = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (KINEMA_IS_LIBRARY (library), NULL);

  instances = kinema_library_list_providers (library, error);
  if (instances == NULL)
    return NULL;
  for (guint i = 0; i < instances->len; i++)
    {
      KinemaProviderConfig *cfg = g_ptr_array_index (instances, i);
      g_hash_table_add (overridden, cfg->id);
    }

  for (guint i = 0; i < kinema_presets_get_n (); i++)
    {
      const KinemaProviderConfig *preset = kinema_presets_get (i);

      /* A preset with no known host (the seed-003 gateway) needs the user
       * to add an instance with their base URL first. */
      if (g_hash_table_contains (overridden, preset->id))
        continue;
      if (!is_simulator (preset) && (preset->base_url == NULL || *preset->base_url == '\0'))
        continue;
      g_ptr_array_add (list, kinema_provider_config_copy (preset));
    }
  for (guint i = 0; i < instances->len; i++)
    g_ptr_array_add (list, kinema_provider_config_copy (g_ptr_array_index (instances, i)));

  return g_steal_pointer (&list);
}

KinemaProviderConfig *
kinema_provider_registry_lookup (KinemaLibrary  *library,
                                 const char     *id,
                                 GError        **error)
{
  g_autoptr(GPtrArray) configs = kinema_provider_registry_list_configs (library, error);

  if (configs == NULL)
    return NULL;
  for (guint i = 0; i < configs->len; i++)
    {
      KinemaProviderConfig *cfg = g_ptr_array_index (configs, i);

      if (g_strcmp0 (cfg->id, id) == 0)
        return kinema_provider_config_copy (cfg);
    }
  if (kinema_presets_lookup (id) != NULL)
    g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER,
                 _("The provider “%s” has no known address. Add it with your gateway’s base URL "
                   "(kinema-cli providers add, or Preferences → Providers)."), id);
  else
    g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND,
                 _("There is no provider “%s”. “kinema-cli providers” lists them."), id ? id : "");
  return NULL;
}

KinemaProvider *
kinema_provider_registry_create (const KinemaProviderConfig  *cfg,
                                 const char                  *api_key,
                                 GError                     **error)
{
  g_return_val_if_fail (cfg != NULL, NULL);

  if (is_simulator (cfg))
    return kinema_provider_simulator_new ();
  return kinema_http_provider_new (cfg, api_key, error);
}

KinemaProvider *
kinema_provider_registry_create_sync (KinemaLibrary  *library,
                                      const char     *id,
                                      GError        **error)
{
  g_autoptr(KinemaProviderConfig) cfg = kinema_provider_registry_lookup (library, id, error);
  g_autoptr(GError) key_error = NULL;
  KinemaProvider *provider;
  char *key = NULL;

  if (cfg == NULL)
    return NULL;
  if (!is_simulator (cfg))
    {
      key = kinema_secrets_resolve_sync (cfg->id, NULL, &key_error);
      /* No keyring is not fatal: the provider then says it needs a key. */
      if (key_error != NULL)
        g_debug ("No key for %s: %s", cfg->id, key_error->message);
    }
  provider = kinema_provider_registry_create (cfg, key, error);
  kinema_secrets_free (key);
  return provider;
}

/* Sync for the app */

typedef struct
{
  GPtrArray *configs;   /* KinemaProviderConfig* */
  GPtrArray *keys;      /* char* (secret memory) or NULL, parallel to configs */
} SyncData;

static void
sync_data_free (SyncData *data)
{
  g_clear_pointer (&data->configs, g_ptr_array_unref);
  if (data->keys)
    {
      for (guint i = 0; i < data->keys->len; i++)
        kinema_secrets_free (g_ptr_array_index (data->keys, i));
      g_ptr_array_unref (data->keys);
    }
  g_free (data);
}

static void
lookup_keys_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SyncData *data = task_data;

  data->keys = g_ptr_array_new ();
  for (guint i = 0; i < data->configs->len; i++)
    {
      KinemaProviderConfig *cfg = g_ptr_array_index (data->configs, i);
      g_autoptr(GError) error = NULL;
      char *key = NULL;

      if (!is_simulator (cfg))
        key = kinema_secrets_lookup_sync (cfg->id, cancellable, &error);
      if (error != NULL)
        g_debug ("No key for %s: %s", cfg->id, error->message);
      g_ptr_array_add (data->keys, key);
    }
  g_task_return_boolean (task, TRUE);
}

static void
apply_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KinemaEngine *engine = g_task_get_source_object (task);
  SyncData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GHashTable) wanted = g_hash_table_new (g_str_hash, g_str_equal);
  GListModel *providers = kinema_engine_get_providers (engine);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }

  for (guint i = 0; i < data->configs->len; i++)
    {
      KinemaProviderConfig *cfg = g_ptr_array_index (data->configs, i);
      const char *key = g_ptr_array_index (data->keys, i);
      KinemaProvider *existing = kinema_engine_get_provider (engine, cfg->id);
      g_autoptr(GError) create_error = NULL;

      g_hash_table_add (wanted, cfg->id);
      if (existing != NULL && KINEMA_IS_HTTP_PROVIDER (existing))
        {
          const KinemaProviderConfig *old = kinema_http_provider_get_config (KINEMA_HTTP_PROVIDER (existing));

          if (g_strcmp0 (old->base_url, cfg->base_url) == 0 && g_strcmp0 (old->model, cfg->model) == 0 &&
              g_strcmp0 (old->dialect, cfg->dialect) == 0 && g_strcmp0 (old->profile, cfg->profile) == 0 &&
              g_strcmp0 (old->name, cfg->name) == 0)
            {
              kinema_http_provider_set_api_key (KINEMA_HTTP_PROVIDER (existing), key);
              continue;
            }
          /* Edited: replace it (running jobs keep the old object). */
          kinema_engine_remove_provider (engine, cfg->id);
        }
      else if (existing != NULL)
        continue;

      {
        g_autoptr(KinemaProvider) provider = kinema_provider_registry_create (cfg, key, &create_error);

        if (provider == NULL)
          g_warning ("Provider %s is not usable: %s", cfg->id, create_error->message);
        else
          kinema_engine_add_provider (engine, provider);
      }
    }

  /* Instances the user removed. */
  for (guint i = g_list_model_get_n_items (providers); i > 0; i--)
    {
      g_autoptr(KinemaProvider) p = g_list_model_get_item (providers, i - 1);

      if (!g_hash_table_contains (wanted, kinema_provider_get_id (p)))
        kinema_engine_remove_provider (engine, kinema_provider_get_id (p));
    }

  g_task_return_boolean (task, TRUE);
}

void
kinema_provider_registry_sync_async (KinemaEngine        *engine,
                                     KinemaLibrary       *library,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) keys = NULL;
  SyncData *data;
  GError *error = NULL;

  g_return_if_fail (KINEMA_IS_ENGINE (engine));
  g_return_if_fail (KINEMA_IS_LIBRARY (library));

  task = g_task_new (engine, cancellable, callback, user_data);
  g_task_set_source_tag (task, kinema_provider_registry_sync_async);

  data = g_new0 (SyncData, 1);
  /* A few rows: fine on the main thread. The keyring is D-Bus: not. */
  data->configs = kinema_provider_registry_list_configs (library, &error);
  if (data->configs == NULL)
    {
      sync_data_free (data);
      g_task_return_error (task, error);
      return;
    }
  keys = g_task_new (NULL, cancellable, apply_cb, g_steal_pointer (&task));
  g_task_set_task_data (keys, data, (GDestroyNotify) sync_data_free);
  g_task_run_in_thread (keys, lookup_keys_thread);
}

gboolean
kinema_provider_registry_sync_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
