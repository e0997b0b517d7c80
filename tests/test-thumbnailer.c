/* test-thumbnailer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-thumbnailer"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "kinema-error.h"
#include "kinema-test-media.h"
#include "kinema-thumbnailer.h"

static char *tmp_dir;
static char *landscape_clip;   /* 640x360, 3 s */
static char *portrait_clip;    /* 360x640, 3 s */

typedef struct
{
  gboolean  done;
  char     *path;
  GError   *error;
  GThread  *thread;
  gint64    finished;
} Result;

/* Set while kinema_thumbnailer_request_async() runs: no result may be
 * delivered from inside it. */
static gboolean in_request;

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->path, g_free);
  g_clear_error (&result->error);
}

static void
request_cb (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  Result *result = user_data;

  g_assert_false (in_request);
  g_assert_false (result->done);

  result->path = kinema_thumbnailer_request_finish (KINEMA_THUMBNAILER (object), res, &result->error);
  g_assert_true ((result->path != NULL) != (result->error != NULL));
  result->thread = g_thread_self ();
  result->finished = g_get_monotonic_time ();
  result->done = TRUE;
}

static void
request (KinemaThumbnailer *thumbnailer,
         const char        *path,
         int                width,
         GCancellable      *cancellable,
         Result            *result)
{
  in_request = TRUE;
  kinema_thumbnailer_request_async (thumbnailer, path, width, cancellable, request_cb, result);
  in_request = FALSE;
}

static char *
request_sync (KinemaThumbnailer  *thumbnailer,
              const char         *path,
              int                 width,
              GError            **error)
{
  Result result = { 0 };

  request (thumbnailer, path, width, NULL, &result);
  kinema_test_wait_for (&result.done);

  if (result.error != NULL)
    g_propagate_error (error, g_steal_pointer (&result.error));
  return g_steal_pointer (&result.path);
}

static char *
make_cache_dir (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

/* Only finished thumbnails in the cache: no temporary files left behind. */
static void
assert_cache_clean (const char *cache_dir,
                    guint       n_expected)
{
  g_autoptr(GDir) dir = g_dir_open (cache_dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_true (g_str_has_suffix (name, ".png"));
      g_assert_cmpuint (strlen (name), ==, 40 + 4);
      n++;
    }
  g_assert_cmpuint (n, ==, n_expected);
}

static char *
copy_clip (const char *source,
           const char *name)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);
  gsize length;

  g_file_get_contents (source, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, (gssize) length, &error);
  g_assert_no_error (error);

  return path;
}

/* Tests */

static void
test_dimensions (void)
{
  g_autofree char *cache_dir = make_cache_dir ("cache-dims");
  g_autoptr(KinemaThumbnailer) thumbnailer = kinema_thumbnailer_new (cache_dir, 2);
  g_autoptr(GError) error = NULL;
  struct { const char *clip; int width; int height; } cases[] = {
    { landscape_clip, 160, 90 },
    { portrait_clip, 160, 284 },   /* 160 * 640 / 360 = 284.4 */
    { landscape_clip, 320, 180 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(KinemaTestImage) image = NULL;
      g_autofree char *path = NULL;
      g_autofree char *dir = NULL;
      gint64 start = g_get_monotonic_time ();
      int w = 0, h = 0;
      guint colours;

      path = request_sync (thumbnailer, cases[i].clip, cases[i].width, &error);
      g_assert_no_error (error);
      g_test_message ("%s at %d: %.0f ms", cases[i].clip, cases[i].width,
                      (g_get_monotonic_time () - start) / 1000.0);

      dir = g_path_get_dirname (path);
      g_assert_cmpstr (dir, ==, cache_dir);
      g_assert_true (g_str_has_suffix (path, ".png"));

      g_assert_true (kinema_test_png_size (path, &w, &h));
      g_assert_cmpint (w, ==, cases[i].width);
      g_assert_cmpint (h, >=, cases[i].height - 1);
      g_assert_cmpint (h, <=, cases[i].height + 1);

      /* A real picture, not a flat frame. */
      image = kinema_test_image_from_png (path, &error);
      g_assert_no_error (error);
      colours = kinema_test_image_count_colours (image);
      g_test_message ("  %d×%d, %u colours", w, h, colours);
      g_assert_cmpuint (colours, >, 16);
    }

  g_assert_cmpuint (kinema_thumbnailer_get_n_decodes (thumbnailer), ==, 3);
  assert_cache_clean (cache_dir, 3);
}

/* The thumbnail comes from about 10 % in, not from the first frame. */
static void
test_not_first_frame (void)
{
  g_autofree char *cache_dir = make_cache_dir ("cache-position");
  g_autoptr(KinemaThumbnailer) thumbnailer = kinema_thumbnailer_new (cache_dir, 1);
  g_autoptr(KinemaTestImage) first = NULL;
  g_autoptr(KinemaTestImage) before_last = NULL;
  g_autoptr(KinemaTestImage) last = NULL;
  g_autoptr(KinemaTestImage) thumb = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  double diff;

  /* Full width: then the thumbnail compares pixel for pixel. */
  path = request_sync (thumbnailer, landscape_clip, 640, &error);
  g_assert_no_error (error);

  g_assert_true (kinema_test_decode_frames (landscape_clip, &first, &before_last, &last, &error));
  g_assert_no_error (error);
  thumb = kinema_test_image_from_png (path, &error);
  g_assert_no_error (error);

  diff = kinema_test_image_diff (thumb, first);
  g_test_message ("thumbnail vs first frame: mean difference %.2f", diff);
  g_assert_cmpfloat (diff, >, 5.0);
}

static void
test_cache_hit (void)
{
  g_autofree char *cache_dir = make_cache_dir ("cache-hit");
  g_autoptr(KinemaThumbnailer) thumbnailer = kinema_thumbnailer_new (cache_dir, 2);
  g_autoptr(KinemaThumbnailer) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path1 = NULL;
  g_autofree char *path2 = NULL;
  g_autofree char *path3 = NULL;
  gint64 start;

  path1 = request_sync (thumbnailer, landscape_clip, 128, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (kinema_thumbnailer_get_n_decodes (thumbnailer), ==, 1);

  start = g_get_monotonic_time ();
  path2 = request_sync (thumbnailer, landscape_clip, 128, &error);
  g_assert_no_error (error);
  g_test_message ("cache hit: %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpstr (path1, ==, path2);
  g_assert_cmpuint (kinema_thumbnailer_get_n_decodes (thumbnailer), ==, 1);

  /* The cache is on disk: a new thumbnailer finds it too. */
  second = kinema_thumbnailer_new (cache_dir, 1);
  path3 = request_sync (second, landscape_clip, 128, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path1, ==, path3);
  g_assert_cmpuint (kinema_thumbnailer_get_n_decodes (second), ==, 0);

  assert_cache_clean (cache_dir, 1);
}

static void
test_shared_decode (void)
{
  g_autofree char *cache_dir = make_cache_dir ("cache-shared");
  g_autoptr(KinemaThumbnailer) thumbnailer = kinema_thumbnailer_new (cache_dir, 2);
  Result results[5] = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    request (thumbnailer, landscape_clip, 144, NULL, &results[i]);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      kinema_test_wait_for (&results[i].done);
      g_assert_no_error (results[i].error);
      g_assert_cmpstr (results[i].path, ==, results[0].path);
    }

  g_assert_cmpuint (kinema_thumbnailer_get_n_decodes (thumbnailer), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    result_clear (&results[i]);
}

static void
test_mtime_invalidates (void)
{
  g_autofree char *cache_dir = make_cache_dir ("cache-mtime");
  g_autoptr(KinemaThumbnailer) thumbnailer = kinema_thumbnailer_new (cache_dir, 2);
  g_autofree char *clip = copy_clip (landscape_clip, "mtime.mp4");
  g_autoptr(GFile) file = g_file_new_for_path (clip);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path1 = NULL;
  g_autofree char *path2 = NULL;
  g_autofree char *path3 = NULL;
  guint64 mtime;

  path1 = request_sync (thumbnailer, clip, 96, &error);
  g_assert_no_error (error);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, mtime - 100,
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);

  path2 = request_sync (thumbnailer, clip, 96, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path1, !=, path2);
  g_assert_cmpuint (kinema_thumbnailer_get_n_decodes (thumbnailer), ==, 2);

  /* Another width is another thumbnail too. */
  path3 = request_sync (thumbnailer, clip, 97, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path3, !=, path2);
  g_assert_cmpuint (kinema_thumbnailer_get_n_decodes (thumbnailer), ==, 3);
}

static void
test_cancel (void)
{
  g_autofree char *cache_dir = make_cache_dir ("cache-cancel");
  g_autoptr(KinemaThumbnailer) thumbnailer = kinema_thumbnailer_new (cache_dir, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) already = g_cancellable_new ();
  Result busy = { 0 }, cancelled = { 0 }, early = { 0 };

  /* One worker, busy with the first request: the second one waits in the
   * queue and is cancelled there. */
  request (thumbnailer, landscape_clip, 200, NULL, &busy);
  request (thumbnailer, portrait_clip, 200, cancellable, &cancelled);
  g_cancellable_cancel (cancellable);

  g_cancellable_cancel (already);
  request (thumbnailer, portrait_clip, 201, already, &early);

  kinema_test_wait_for (&cancelled.done);
  kinema_test_wait_for (&early.done);
  g_assert_error (cancelled.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (early.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Delivered at once, not after the busy decode. */
  g_assert_false (busy.done);

  kinema_test_wait_for (&busy.done);
  g_assert_no_error (busy.error);

  g_assert_cmpuint (kinema_thumbnailer_get_n_decodes (thumbnailer), ==, 1);
  assert_cache_clean (cache_dir, 1);

  result_clear (&busy);
  result_clear (&cancelled);
  result_clear (&early);
}

/* Cancelling the only requester of a running decode stops it. */
static void
test_cancel_running (void)
{
  g_autofree char *cache_dir = make_cache_dir ("cache-cancel-running");
  g_autoptr(KinemaThumbnailer) thumbnailer = kinema_thumbnailer_new (cache_dir, 1);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Result result = { 0 };
  gint64 start = g_get_monotonic_time ();

  request (thumbnailer, landscape_clip, 220, cancellable, &result);
  /* Give the worker time to start decoding. */
  while (kinema_thumbnailer_get_n_decodes (thumbnailer) == 0
         && g_get_monotonic_time () - start < 5 * G_USEC_PER_SEC)
    g_usleep (1000);
  g_cancellable_cancel (cancellable);

  kinema_test_wait_for (&result.done);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  result_clear (&result);

  /* The thumbnailer still works, and the same request starts afresh. */
  path = request_sync (thumbnailer, landscape_clip, 220, &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
}

static void
test_queue_bound (void)
{
  g_autofree char *cache_dir = make_cache_dir ("cache-queue");
  g_autoptr(KinemaThumbnailer) thumbnailer = kinema_thumbnailer_new (cache_dir, 2);
  Result results[100] = { 0 };
  const guint max_pending = 8;
  guint n_ok = 0, n_dropped = 0;
  gint64 start = g_get_monotonic_time ();

  kinema_thumbnailer_set_max_pending (thumbnailer, max_pending);
  g_assert_cmpuint (kinema_thumbnailer_get_max_pending (thumbnailer), ==, max_pending);

  /* 100 distinct requests (one width each), as a fast scroll would. */
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    request (thumbnailer, landscape_clip, 64 + (int) i, NULL, &results[i]);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      kinema_test_wait_for (&results[i].done);

      if (results[i].error == NULL)
        n_ok++;
      else
        {
          g_assert_error (results[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          n_dropped++;
        }
    }

  g_test_message ("100 requests, %u pending at most: %u made, %u dropped, %u decodes, %.0f ms",
                  max_pending, n_ok, n_dropped, kinema_thumbnailer_get_n_decodes (thumbnailer),
                  (g_get_monotonic_time () - start) / 1000.0);

  /* The newest ones are made... */
  for (guint i = G_N_ELEMENTS (results) - max_pending; i < G_N_ELEMENTS (results); i++)
    g_assert_no_error (results[i].error);

  /* ...the rest was dropped, except what the two workers took at once. */
  g_assert_cmpuint (n_dropped, >=, G_N_ELEMENTS (results) - max_pending - 2);
  g_assert_cmpuint (kinema_thumbnailer_get_n_decodes (thumbnailer), <=, max_pending + 2);
  g_assert_cmpuint (kinema_thumbnailer_get_n_decodes (thumbnailer), ==, n_ok);

  /* Older ones only got through if a worker took them during the burst. */
  n_ok = 0;
  for (guint i = 0; i < G_N_ELEMENTS (results) - max_pending; i++)
    if (results[i].error == NULL)
      n_ok++;
  g_assert_cmpuint (n_ok, <=, 2);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    result_clear (&results[i]);
}

static void
assert_bad_file (const char *path,
                 int         code)
{
  g_autofree char *cache_dir = make_cache_dir ("cache-bad");
  g_autoptr(KinemaThumbnailer) thumbnailer = kinema_thumbnailer_new (cache_dir, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *thumb = NULL;
  gint64 start = g_get_monotonic_time ();
  double elapsed;

  thumb = request_sync (thumbnailer, path, 160, &error);
  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;

  g_assert_null (thumb);
  g_assert_error (error, KINEMA_ERROR, code);
  g_test_message ("%s: “%s” after %.2f s", path, error->message, elapsed);
  /* Well before the 10 s deadline. */
  g_assert_cmpfloat (elapsed, <, 8.0);
}

static void
test_truncated (void)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "truncated.mp4", NULL);
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (landscape_clip, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, (gssize) (length / 2), &error);
  g_assert_no_error (error);

  assert_bad_file (path, KINEMA_ERROR_VERIFICATION);
}

static void
test_text_file (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "notes.mp4", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "This is not a video.\nJust some notes.\n", -1, &error);
  g_assert_no_error (error);

  assert_bad_file (path, KINEMA_ERROR_VERIFICATION);
}

static void
test_garbage_header (void)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "garbage.mp4", NULL);
  g_autoptr(GError) error = NULL;
  gsize length;

  /* A clip whose first 4 KiB are overwritten. */
  g_file_get_contents (landscape_clip, &contents, &length, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < MIN (length, 4096); i++)
    contents[i] = (char) (i * 7 + 3);
  g_file_set_contents (path, contents, (gssize) length, &error);
  g_assert_no_error (error);

  assert_bad_file (path, KINEMA_ERROR_VERIFICATION);
}

static void
test_missing_file (void)
{
  g_autofree char *path = g_build_filename (tmp_dir, "does-not-exist.mp4", NULL);
  g_autofree char *empty = g_build_filename (tmp_dir, "empty.mp4", NULL);

  assert_bad_file (path, KINEMA_ERROR_STORAGE);

  g_file_set_contents (empty, "", 0, NULL);
  assert_bad_file (empty, KINEMA_ERROR_VERIFICATION);
  assert_bad_file (tmp_dir, KINEMA_ERROR_VERIFICATION);
}

static void
test_audio (void)
{
  g_autofree char *cache_dir = make_cache_dir ("cache-audio");
  g_autofree char *with_audio = g_build_filename (tmp_dir, "with-audio.mp4", NULL);
  g_autofree char *audio_only = g_build_filename (tmp_dir, "audio-only.m4a", NULL);
  g_autoptr(KinemaThumbnailer) thumbnailer = kinema_thumbnailer_new (cache_dir, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  int w = 0, h = 0;

  g_assert_true (kinema_test_make_audio_clip (with_audio, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (kinema_test_make_audio_clip (audio_only, FALSE, &error));
  g_assert_no_error (error);

  path = request_sync (thumbnailer, with_audio, 120, &error);
  g_assert_no_error (error);
  g_assert_true (kinema_test_png_size (path, &w, &h));
  g_assert_cmpint (w, ==, 120);
  g_assert_cmpint (h, ==, 90);

  assert_bad_file (audio_only, KINEMA_ERROR_VERIFICATION);
}

/* A request made on a thread with its own main context is answered there. */
typedef struct
{
  KinemaThumbnailer *thumbnailer;
  Result             result;
} ThreadData;

static gpointer
request_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  g_autoptr(GMainContext) context = g_main_context_new ();

  g_main_context_push_thread_default (context);
  kinema_thumbnailer_request_async (data->thumbnailer, portrait_clip, 100, NULL,
                                    request_cb, &data->result);
  while (!data->result.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  return g_thread_self ();
}

static void
test_thread_default_context (void)
{
  g_autofree char *cache_dir = make_cache_dir ("cache-context");
  g_autoptr(KinemaThumbnailer) thumbnailer = kinema_thumbnailer_new (cache_dir, 1);
  ThreadData data = { thumbnailer, { 0 } };
  GThread *thread;
  gpointer self;

  thread = g_thread_new ("requester", request_thread, &data);
  self = g_thread_join (thread);

  g_assert_no_error (data.result.error);
  g_assert_true (data.result.thread == self);
  result_clear (&data.result);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  tmp_dir = kinema_test_make_tmp_dir ();
  landscape_clip = g_build_filename (tmp_dir, "landscape.mp4", NULL);
  portrait_clip = g_build_filename (tmp_dir, "portrait.mp4", NULL);

  if (!kinema_test_make_clip (landscape_clip, 640, 360, 72, &error)
      || !kinema_test_make_clip (portrait_clip, 360, 640, 72, &error))
    g_error ("cannot make the test clips: %s", error->message);

  g_test_add_func ("/thumbnailer/dimensions", test_dimensions);
  g_test_add_func ("/thumbnailer/not-first-frame", test_not_first_frame);
  g_test_add_func ("/thumbnailer/cache-hit", test_cache_hit);
  g_test_add_func ("/thumbnailer/shared-decode", test_shared_decode);
  g_test_add_func ("/thumbnailer/mtime-invalidates", test_mtime_invalidates);
  g_test_add_func ("/thumbnailer/cancel", test_cancel);
  g_test_add_func ("/thumbnailer/cancel-running", test_cancel_running);
  g_test_add_func ("/thumbnailer/queue-bound", test_queue_bound);
  g_test_add_func ("/thumbnailer/bad/truncated", test_truncated);
  g_test_add_func ("/thumbnailer/bad/text-file", test_text_file);
  g_test_add_func ("/thumbnailer/bad/garbage-header", test_garbage_header);
  g_test_add_func ("/thumbnailer/bad/missing", test_missing_file);
  g_test_add_func ("/thumbnailer/audio", test_audio);
  g_test_add_func ("/thumbnailer/thread-default-context", test_thread_default_context);

  ret = g_test_run ();

  kinema_test_rm_rf (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_pointer (&landscape_clip, g_free);
  g_clear_pointer (&portrait_clip, g_free);

  return ret;
}
