/* kinema-secrets.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-secrets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "kinema-error.h"
#include "kinema-secrets.h"

static const SecretSchema *
kinema_secret_schema (void)
{
  static const SecretSchema schema = {
    "io.github.kinema.Kinema.ApiKey", SECRET_SCHEMA_NONE,
    {
      { "provider-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "NULL", 0 },
    }
  };
  return &schema;
}

/* The keyring's own messages are about D-Bus and collections, and never
 * contain the secret; wrap them in a sentence that says what to do. */
static void
wrap_error (GError     **error,
            GError      *local,
            const char  *what)
{
  if (local == NULL)
    return;
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, local);
      return;
    }
  g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_AUTH,
               /* Translators: %s: what failed; the second %s is the keyring's message */
               _("Could not %s in the keyring (%s). Make sure a keyring such as GNOME Keyring is running and unlocked."),
               what, local->message);
  g_error_free (local);
}

gboolean
kinema_secrets_store_sync (const char    *provider_id,
                           const char    *provider_name,
                           const char    *key,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autofree char *label = NULL;
  GError *local = NULL;

  g_return_val_if_fail (provider_id != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (*key == '\0')
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_AUTH,
                           _("The API key is empty. Paste the key from the provider’s dashboard."));
      return FALSE;
    }

  /* Translators: the label shown in Passwords and Keys; %s is a provider name */
  label = g_strdup_printf (_("Kinema API key for %s"), provider_name ? provider_name : provider_id);
  if (!secret_password_store_sync (kinema_secret_schema (), SECRET_COLLECTION_DEFAULT, label, key,
                                   cancellable, &local, "provider-id", provider_id, NULL))
    {
      wrap_error (error, local, _("save the API key"));
      return FALSE;
    }
  return TRUE;
}

char *
kinema_secrets_lookup_sync (const char    *provider_id,
                            GCancellable  *cancellable,
                            GError       **error)
{
  GError *local = NULL;
  char *secret;

  g_return_val_if_fail (provider_id != NULL, NULL);

  secret = secret_password_lookup_sync (kinema_secret_schema (), cancellable, &local,
                                        "provider-id", provider_id, NULL);
  if (local != NULL)
    {
      wrap_error (error, local, _("read the API key"));
      return NULL;
    }
  return secret;
}

gboolean
kinema_secrets_clear_sync (const char    *provider_id,
                           GCancellable  *cancellable,
                           GError       **error)
{
  GError *local = NULL;

  g_return_val_if_fail (provider_id != NULL, FALSE);

  /* Returns FALSE without error when there was nothing to remove. */
  secret_password_clear_sync (kinema_secret_schema (), cancellable, &local,
                              "provider-id", provider_id, NULL);
  if (local != NULL)
    {
      wrap_error (error, local, _("remove the API key"));
      return FALSE;
    }
  return TRUE;
}

char *
kinema_secrets_resolve_sync (const char    *provider_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  const char *env = g_getenv ("KINEMA_API_KEY");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return kinema_secrets_lookup_sync (provider_id, cancellable, error);
}

void
kinema_secrets_free (char *secret)
{
  if (secret != NULL)
    secret_password_free (secret);
}

/* Async: each runs the blocking call in a worker thread. */

typedef struct
{
  char *provider_id;
  char *provider_name;
  char *key;
} SecretOp;

static void
secret_op_free (SecretOp *op)
{
  g_free (op->provider_id);
  g_free (op->provider_name);
  if (op->key)
    secret_password_free (op->key);
  g_free (op);
}

static GTask *
new_op_task (gpointer             source_tag,
             const char          *provider_id,
             const char          *provider_name,
             const char          *key,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  SecretOp *op = g_new0 (SecretOp, 1);

  g_task_set_source_tag (task, source_tag);
  op->provider_id = g_strdup (provider_id);
  op->provider_name = g_strdup (provider_name);
  op->key = g_strdup (key);
  g_task_set_task_data (task, op, (GDestroyNotify) secret_op_free);
  return task;
}

static void
lookup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SecretOp *op = task_data;
  GError *error = NULL;
  char *secret = kinema_secrets_lookup_sync (op->provider_id, cancellable, &error);

  if (error)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, secret, (GDestroyNotify) secret_password_free);
}

void
kinema_secrets_lookup_async (const char          *provider_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = new_op_task (kinema_secrets_lookup_async, provider_id, NULL, NULL,
                                       cancellable, callback, user_data);

  g_task_run_in_thread (task, lookup_thread);
}

char *
kinema_secrets_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SecretOp *op = task_data;
  GError *error = NULL;

  if (kinema_secrets_store_sync (op->provider_id, op->provider_name, op->key, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kinema_secrets_store_async (const char          *provider_id,
                            const char          *provider_name,
                            const char          *key,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = new_op_task (kinema_secrets_store_async, provider_id, provider_name, key,
                                       cancellable, callback, user_data);

  g_task_run_in_thread (task, store_thread);
}

gboolean
kinema_secrets_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  SecretOp *op = task_data;
  GError *error = NULL;

  if (kinema_secrets_clear_sync (op->provider_id, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
kinema_secrets_clear_async (const char          *provider_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = new_op_task (kinema_secrets_clear_async, provider_id, NULL, NULL,
                                       cancellable, callback, user_data);

  g_task_run_in_thread (task, clear_thread);
}

gboolean
kinema_secrets_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
