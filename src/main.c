/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <locale.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "kinema-application.h"

/* GStreamer loads its plugin registry when it starts (tens of ms; seconds
 * when the registry must be rebuilt after an update). Nothing needs it
 * before the first frame, so it starts in a thread of its own; whatever
 * uses it later (the player, the probe, thumbnails) calls gst_init too,
 * which waits for this one if it is still running. */
static gpointer
gst_init_thread (gpointer data)
{
  g_autoptr(GError) error = NULL;

  if (!gst_init_check (NULL, NULL, &error))
    g_warning ("GStreamer could not start: %s", error->message);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KinemaApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

#ifdef __GLIBC__
  /* Decoded frames (thumbnails, first and last frames) are megabytes each
   * and made in worker threads. With glibc's sliding mmap threshold they
   * end up in the threads' heaps and stay there once freed (53 MiB "free
   * but kept" after scrolling 10,000 clips); a fixed threshold gives them
   * back to the system when they are freed. */
  mallopt (M_MMAP_THRESHOLD, 256 * 1024);
#endif

  g_thread_unref (g_thread_new ("kinema-gst-init", gst_init_thread, NULL));

  g_set_application_name (_("Kinema"));

  app = kinema_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
