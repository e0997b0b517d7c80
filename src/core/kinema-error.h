/* kinema-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define KINEMA_ERROR (kinema_error_quark ())

/* Codes a user can act on. Every provider error maps onto one of them. */
typedef enum
{
  KINEMA_ERROR_FAILED,              /* anything else */
  KINEMA_ERROR_AUTH,                /* key missing, wrong or expired */
  KINEMA_ERROR_BALANCE,             /* not enough credit */
  KINEMA_ERROR_RATE_LIMIT,          /* too many requests; see retry-after */
  KINEMA_ERROR_CONTENT_POLICY,      /* prompt or image refused */
  KINEMA_ERROR_INVALID_PARAMETER,   /* the provider refused a field */
  KINEMA_ERROR_NOT_FOUND,           /* task or resource unknown */
  KINEMA_ERROR_MAINTENANCE,         /* service down for maintenance */
  KINEMA_ERROR_NETWORK,             /* could not reach the provider */
  KINEMA_ERROR_EXPIRED_RESULT,      /* result deleted before download */
  KINEMA_ERROR_SERVER,              /* provider-side 5xx */
  KINEMA_ERROR_GENERATION_FAILED,   /* the task ran and failed */
  KINEMA_ERROR_FEATURE_DISABLED,    /* the account or model lacks the feature */
  KINEMA_ERROR_INVALID_REQUEST,     /* our own validation refused the request */
  KINEMA_ERROR_STORAGE,             /* disk or database problem */
  KINEMA_ERROR_VERIFICATION,        /* the downloaded file is not a usable video */
  KINEMA_ERROR_CANCELLED,           /* the user cancelled */
  KINEMA_ERROR_UNKNOWN_OUTCOME,     /* sent, but we do not know whether it was accepted */
} KinemaErrorCode;

GQuark       kinema_error_quark          (void);
const char  *kinema_error_code_to_string (KinemaErrorCode code);
const char  *kinema_error_code_hint      (KinemaErrorCode code);

/* Retry-After in seconds attached to a rate-limit error, or 0. */
void         kinema_error_set_retry_after (GError *error,
                                           guint   seconds);
guint        kinema_error_get_retry_after (const GError *error);

G_END_DECLS
