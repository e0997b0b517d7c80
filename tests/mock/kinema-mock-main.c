/* kinema-mock-main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kinema-mock-server: the mock provider server as a program. Prints its
 * URL ("http://127.0.0.1:PORT") on stdout, one line per dialect base URL
 * on stderr, and serves until killed.
 *
 *   kinema-mock-server [--step SECONDS] [--key KEY] [--video FILE.mp4]
 */
#define G_LOG_DOMAIN "kinema-mock"

#include "config.h"

#include <stdio.h>

#include "kinema-mock-server.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(KinemaMockServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) prefixes = NULL;
  g_autofree char *key = NULL;
  g_autofree char *video = NULL;
  double step = 2.0;
  GOptionEntry entries[] = {
    { "step", 0, 0, G_OPTION_ARG_DOUBLE, &step, "Seconds per task stage (default 2)", "SECONDS" },
    { "key", 0, 0, G_OPTION_ARG_STRING, &key, "API key to accept (default " KINEMA_MOCK_DEFAULT_API_KEY ")", "KEY" },
    { "video", 0, 0, G_OPTION_ARG_FILENAME, &video, "MP4 to serve as every result", "FILE" },
    { NULL }
  };

  context = g_option_context_new ("- fake Kling gateways on 127.0.0.1");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  server = kinema_mock_server_new (&error);
  if (server == NULL)
    {
      g_printerr ("kinema-mock-server: %s\n", error->message);
      return 1;
    }
  kinema_mock_server_set_step (server, step);
  if (key != NULL)
    kinema_mock_server_set_api_key (server, key);
  if (video != NULL && !kinema_mock_server_set_video_file (server, video, &error))
    {
      g_printerr ("kinema-mock-server: %s\n", error->message);
      return 1;
    }

  prefixes = kinema_mock_server_dup_prefixes (server);
  for (guint i = 0; prefixes[i] != NULL; i++)
    {
      g_autofree char *base = kinema_mock_server_dup_base_url (server, prefixes[i]);

      g_printerr ("%-12s %s\n", prefixes[i], base);
    }

  g_print ("%s\n", kinema_mock_server_get_url (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
