/* kinema-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-error"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kinema-error.h"

static const struct {
  KinemaErrorCode code;
  const char *nick;
  const char *hint;
} error_table[] = {
  { KINEMA_ERROR_FAILED, "failed", N_("Try again; if it keeps happening, check the provider's status page.") },
  { KINEMA_ERROR_AUTH, "auth", N_("Check the API key for this provider in Preferences.") },
  { KINEMA_ERROR_BALANCE, "balance", N_("Top up the account with this provider, then try again.") },
  { KINEMA_ERROR_RATE_LIMIT, "rate-limit", N_("The provider asked to slow down; Kinema will wait and retry.") },
  { KINEMA_ERROR_CONTENT_POLICY, "content-policy", N_("Reword the prompt or use different images.") },
  { KINEMA_ERROR_INVALID_PARAMETER, "invalid-parameter", N_("Change the setting the provider refused.") },
  { KINEMA_ERROR_NOT_FOUND, "not-found", N_("The provider no longer knows this task.") },
  { KINEMA_ERROR_MAINTENANCE, "maintenance", N_("The provider is under maintenance; try again later.") },
  { KINEMA_ERROR_NETWORK, "network", N_("Check the network connection.") },
  { KINEMA_ERROR_EXPIRED_RESULT, "expired-result", N_("The provider deleted the result before it could be downloaded.") },
  { KINEMA_ERROR_SERVER, "server", N_("The provider had a server error; try again later.") },
  { KINEMA_ERROR_GENERATION_FAILED, "generation-failed", N_("The provider could not generate this video; adjust the request and try again.") },
  { KINEMA_ERROR_FEATURE_DISABLED, "feature-disabled", N_("This provider or account does not offer that feature.") },
  { KINEMA_ERROR_INVALID_REQUEST, "invalid-request", N_("Fix the problems shown beside the fields.") },
  { KINEMA_ERROR_STORAGE, "storage", N_("Check the free space and permissions of the clips folder.") },
  { KINEMA_ERROR_VERIFICATION, "verification", N_("The downloaded file is not a playable video.") },
  { KINEMA_ERROR_CANCELLED, "cancelled", N_("The job was cancelled.") },
  { KINEMA_ERROR_UNKNOWN_OUTCOME, "unknown-outcome", N_("The request was sent but no answer came back; check again before retrying, a retry is a new paid job.") },
};

const char *
kinema_error_code_to_string (KinemaErrorCode code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if (error_table[i].code == code)
      return error_table[i].nick;
  return "failed";
}

const char *
kinema_error_code_hint (KinemaErrorCode code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_table); i++)
    if (error_table[i].code == code)
      return g_dgettext (GETTEXT_PACKAGE, error_table[i].hint);
  return g_dgettext (GETTEXT_PACKAGE, error_table[0].hint);
}

/* Extended error domain (GLib >= 2.68): a rate-limit error carries the
 * provider's Retry-After without polluting the message users read. */
typedef struct
{
  guint retry_after;
} KinemaErrorPrivate;

static void
kinema_error_private_init (KinemaErrorPrivate *priv)
{
  priv->retry_after = 0;
}

static void
kinema_error_private_copy (const KinemaErrorPrivate *src,
                           KinemaErrorPrivate       *dest)
{
  dest->retry_after = src->retry_after;
}

static void
kinema_error_private_clear (KinemaErrorPrivate *priv)
{
}

G_DEFINE_EXTENDED_ERROR (KinemaError, kinema_error)

void
kinema_error_set_retry_after (GError *error,
                              guint   seconds)
{
  KinemaErrorPrivate *priv;

  g_return_if_fail (error != NULL);

  priv = kinema_error_get_private (error);
  if (priv != NULL)
    priv->retry_after = seconds;
}

guint
kinema_error_get_retry_after (const GError *error)
{
  KinemaErrorPrivate *priv;

  if (error == NULL)
    return 0;
  priv = kinema_error_get_private (error);
  return priv ? priv->retry_after : 0;
}
