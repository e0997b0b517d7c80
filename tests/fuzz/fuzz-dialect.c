/* fuzz-dialect.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target for one dialect's parse function. Built once per
 * dialect and direction with -DFUZZ_DIALECT="name", -DFUZZ_PROFILE="p"
 * (or NULL) and -DFUZZ_POLL=0|1. The first input byte picks the HTTP
 * status; the rest is the response body.
 */
#define G_LOG_DOMAIN "fuzz-dialect"

#include "config.h"

#include <stdlib.h>

#include "kinema-dialect.h"
#include "kinema-error.h"

#ifndef FUZZ_DIALECT
# error "FUZZ_DIALECT must be defined"
#endif
#ifndef FUZZ_PROFILE
# define FUZZ_PROFILE NULL
#endif
#ifndef FUZZ_POLL
# define FUZZ_POLL 0
#endif

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static const guint statuses[] = {
  200, 201, 202, 204, 206, 301, 400, 401, 402, 403, 404, 408, 409, 410, 413, 415,
  422, 429, 451, 455, 500, 501, 502, 503, 504, 505, 520, 0,
};

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const KinemaDialect *dialect;
  static KinemaProviderConfig *cfg;
  KinemaTaskStatus *status;
  GError *error = NULL;
  guint http_status;
  char *body;

  if (dialect == NULL)
    {
      dialect = kinema_dialect_lookup (FUZZ_DIALECT);
      if (dialect == NULL)
        abort ();
      cfg = kinema_provider_config_new (FUZZ_DIALECT, "Fuzz", FUZZ_DIALECT, FUZZ_PROFILE,
                                        "https://fuzz.invalid/api", NULL);
    }

  if (size == 0)
    return 0;
  http_status = statuses[data[0] % G_N_ELEMENTS (statuses)];

  /* Parsers get a length, but a NUL after the body catches any that
   * wrongly treat it as a C string. */
  body = g_malloc (size);
  memcpy (body, data + 1, size - 1);
  body[size - 1] = '\0';

  if (FUZZ_POLL)
    status = dialect->parse_poll (cfg, http_status, body, size - 1, &error);
  else
    status = dialect->parse_submit (cfg, http_status, body, size - 1, &error);

  /* Exactly one of a status or an error, and errors are ours. */
  if ((status == NULL) == (error == NULL))
    abort ();
  if (error != NULL && (error->domain != KINEMA_ERROR || error->message == NULL))
    abort ();
  if (status != NULL)
    {
      if (status->state > KINEMA_TASK_CANCELLED)
        abort ();
      if (status->state == KINEMA_TASK_FAILED && status->error == NULL)
        abort ();
      if (status->video_url != NULL && !g_utf8_validate (status->video_url, -1, NULL))
        abort ();
    }

  kinema_task_status_free (status);
  g_clear_error (&error);
  g_free (body);
  return 0;
}
