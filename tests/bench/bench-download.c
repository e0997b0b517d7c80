/* bench-download.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-download task BASE_URL DIALECT KEY
 *     Submits one job to the provider at BASE_URL (e.g. kinema-mock-server's
 *     modelstream base) with the real HTTP provider, polls until it has
 *     succeeded and prints the result's URL.
 *
 * bench-download get URL DEST
 *     Fetches URL into DEST with kinema_download_async on a session set up
 *     as the engine's (timeout 60 s), the way the engine fetches a result
 *     (".part", fsync, rename). Prints "bytes=N seconds=S", S from the call
 *     to the callback.
 */
#define G_LOG_DOMAIN "bench-download"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "bench-common.h"
#include "kinema-download.h"
#include "kinema-http-provider.h"
#include "kinema-presets.h"

static gboolean done;
static GAsyncResult *async_result;

static void
got_result_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  async_result = g_object_ref (result);
  done = TRUE;
}

static GAsyncResult *
wait_result (void)
{
  done = FALSE;
  bench_wait (&done);
  return async_result;
}

static int
make_task (const char *base_url,
           const char *dialect,
           const char *key)
{
  const KinemaProviderConfig *preset = kinema_presets_lookup (dialect);
  g_autoptr(KinemaProviderConfig) cfg = NULL;
  g_autoptr(KinemaProvider) provider = NULL;
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaTaskStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *task_id = NULL;
  g_autofree char *poll_hint = NULL;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  if (preset == NULL)
    {
      g_printerr ("bench-download: no preset “%s”\n", dialect);
      return 2;
    }
  cfg = kinema_provider_config_copy (preset);
  g_free (cfg->base_url);
  cfg->base_url = g_strdup (base_url);
  provider = kinema_http_provider_new (cfg, key, &error);
  if (provider == NULL)
    {
      g_printerr ("bench-download: %s\n", error->message);
      return 1;
    }

  kinema_request_set_prompt (request, "A 200 MB result for the download benchmark");
  kinema_request_set_duration (request, 5);
  kinema_provider_submit_async (provider, request, "bench-download", NULL, got_result_cb, NULL);
  status = kinema_provider_submit_finish (provider, wait_result (), &error);
  g_clear_object (&async_result);

  while (status != NULL && status->state != KINEMA_TASK_SUCCEEDED)
    {
      if (status->state == KINEMA_TASK_FAILED || status->state == KINEMA_TASK_CANCELLED ||
          g_get_monotonic_time () > deadline)
        {
          g_printerr ("bench-download: the task did not succeed (%s)\n",
                      kinema_task_state_to_string (status->state));
          return 1;
        }
      g_usleep (200 * 1000);
      if (status->task_id != NULL)
        {
          g_free (task_id);
          task_id = g_strdup (status->task_id);
          g_free (poll_hint);
          poll_hint = g_strdup (status->poll_hint);
        }
      g_clear_pointer (&status, kinema_task_status_free);
      kinema_provider_poll_async (provider, task_id, poll_hint, NULL, got_result_cb, NULL);
      status = kinema_provider_poll_finish (provider, wait_result (), &error);
      g_clear_object (&async_result);
    }

  if (status == NULL)
    {
      g_printerr ("bench-download: %s\n", error->message);
      return 1;
    }

  printf ("%s\n", status->video_url);
  return 0;
}

static int
get (const char *url,
     const char *dest)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("user-agent", "Kinema-bench",
                                                                  "timeout", 60, NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  gint64 start;
  double seconds;

  g_unlink (dest);
  start = g_get_monotonic_time ();
  kinema_download_async (session, url, dest, 0, NULL, NULL, NULL, got_result_cb, NULL);
  if (!kinema_download_finish (wait_result (), &error))
    {
      g_printerr ("bench-download: %s\n", error->message);
      return 1;
    }
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_clear_object (&async_result);

  if (g_stat (dest, &st) != 0)
    {
      g_printerr ("bench-download: %s is missing\n", dest);
      return 1;
    }
  printf ("bytes=%" G_GINT64_FORMAT " seconds=%.4f\n", (gint64) st.st_size, seconds);
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 5 && g_str_equal (argv[1], "task"))
    return make_task (argv[2], argv[3], argv[4]);
  if (argc == 4 && g_str_equal (argv[1], "get"))
    return get (argv[2], argv[3]);

  g_printerr ("usage: %s task BASE_URL DIALECT KEY\n"
              "       %s get URL DEST\n", argv[0], argv[0]);
  return 2;
}
