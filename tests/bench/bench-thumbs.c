/* bench-thumbs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-thumbs CACHE_DIR WIDTH VIDEO...
 *
 * Thumbnails every VIDEO with one KinemaThumbnailer (the gallery's: the
 * default number of workers) in this one process, the way the app does,
 * and waits for all of them. The queue is made long enough that nothing
 * is dropped. Prints "thumbs-ok=N thumbs-failed=N decodes=N seconds=S"
 * (S from the first request to the last result) and exits non-zero when
 * any failed.
 */
#define G_LOG_DOMAIN "bench-thumbs"

#include "config.h"

#include <gst/gst.h>
#include <stdio.h>

#include "bench-common.h"
#include "kinema-thumbnailer.h"

static guint n_ok;
static guint n_failed;
static guint n_left;
static gboolean done;

static void
thumb_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  path = kinema_thumbnailer_request_finish (KINEMA_THUMBNAILER (source), result, &error);
  if (path != NULL)
    n_ok++;
  else
    {
      g_printerr ("bench-thumbs: %s: %s\n", (const char *) user_data, error->message);
      n_failed++;
    }
  done = --n_left == 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KinemaThumbnailer) thumbnailer = NULL;
  guint64 width;
  gint64 start;

  if (argc < 4 || !g_ascii_string_to_unsigned (argv[2], 10, 1, 4096, &width, NULL))
    {
      g_printerr ("usage: %s CACHE_DIR WIDTH VIDEO...\n", argv[0]);
      return 2;
    }

  /* As the app's main() does. */
  gst_init (&argc, &argv);

  thumbnailer = kinema_thumbnailer_new (argv[1], 0);
  kinema_thumbnailer_set_max_pending (thumbnailer, (guint) argc);

  start = g_get_monotonic_time ();
  n_left = (guint) argc - 3;
  for (int i = 3; i < argc; i++)
    kinema_thumbnailer_request_async (thumbnailer, argv[i], (int) width, NULL, thumb_done_cb, argv[i]);
  bench_wait (&done);

  printf ("thumbs-ok=%u thumbs-failed=%u decodes=%u seconds=%.3f\n",
          n_ok, n_failed, kinema_thumbnailer_get_n_decodes (thumbnailer),
          (g_get_monotonic_time () - start) / 1e6);
  return n_failed == 0 ? 0 : 1;
}
