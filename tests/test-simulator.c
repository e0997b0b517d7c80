/* test-simulator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The simulator renders real MP4s; the media probe reads them back.
 */
#define G_LOG_DOMAIN "test-simulator"

#include "config.h"

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "kinema-error.h"
#include "kinema-media-probe.h"
#include "kinema-paths.h"
#include "kinema-provider-simulator.h"
#include "kinema-request.h"
#include "kinema-sim-renderer.h"

#define LONG_PROMPT \
  "A red fox & a <cat> \"racing\" through fresh snow at dawn, 'cinematic', " \
  "slow motion, golden light, shallow depth of field, 35 mm film grain"

static char *tmp_dir;

/* Helpers */

static char *
tmp_path (const char *name)
{
  return g_build_filename (tmp_dir, name, NULL);
}

static KinemaRequest *
make_request (guint          duration,
              KinemaAspect   aspect,
              KinemaQuality  quality,
              gboolean       audio)
{
  KinemaRequest *request = kinema_request_new ();

  kinema_request_set_prompt (request, LONG_PROMPT);
  kinema_request_set_duration (request, duration);
  kinema_request_set_aspect (request, aspect);
  kinema_request_set_quality (request, quality);
  kinema_request_set_audio (request, audio);
  return request;
}

typedef struct
{
  guint  calls;
  double last;
  double max;
  gboolean monotonic;
} ProgressLog;

static void
progress_log_cb (double   fraction,
                 gpointer user_data)
{
  ProgressLog *log = user_data;

  if (fraction < log->max)
    log->monotonic = FALSE;
  log->calls++;
  log->last = fraction;
  log->max = MAX (log->max, fraction);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_assert_not_reached ();
  return G_SOURCE_REMOVE;
}

static gboolean
quit_loop_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Run a GMainLoop on the default context for @ms milliseconds. */
static void
run_loop_for (guint ms)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (ms, quit_loop_cb, loop);
  g_main_loop_run (loop);
}

static void
async_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
  g_main_context_wakeup (NULL);
}

static void
wait_for_result (GAsyncResult **result)
{
  guint id = g_timeout_add_seconds (60, timeout_cb, NULL);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static KinemaMediaInfo *
probe_async_and_wait (const char  *path,
                      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kinema_media_probe_async (path, NULL, async_result_cb, &result);
  wait_for_result (&result);
  return kinema_media_probe_finish (result, error);
}

static KinemaTaskStatus *
submit_and_wait (KinemaProvider *provider,
                 KinemaRequest  *request,
                 GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kinema_provider_submit_async (provider, request, "job-1", NULL, async_result_cb, &result);
  wait_for_result (&result);
  return kinema_provider_submit_finish (provider, result, error);
}

static KinemaTaskStatus *
poll_and_wait (KinemaProvider *provider,
               const char     *task_id,
               GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  kinema_provider_poll_async (provider, task_id, NULL, NULL, async_result_cb, &result);
  wait_for_result (&result);
  return kinema_provider_poll_finish (provider, result, error);
}

static void
render_or_skip (KinemaRequest *request,
                const char    *path)
{
  g_autoptr(GError) error = NULL;

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return;
  g_assert_true (kinema_sim_render (request, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Tests */

static void
test_render_std_16_9_audio (void)
{
  g_autoptr(KinemaRequest) request = make_request (3, KINEMA_ASPECT_16_9, KINEMA_QUALITY_STD, TRUE);
  g_autoptr(KinemaMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("std-16-9.mp4");
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  ProgressLog log = { 0, 0.0, 0.0, TRUE };
  gint64 start = g_get_monotonic_time ();
  gboolean ok;

  ok = kinema_sim_render (request, path, progress_log_cb, &log, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_test_message ("rendered 3 s 1280x720 with audio in %.2f s, %u progress calls",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC, log.calls);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (log.calls, >=, 2);
  g_assert_true (log.monotonic);
  g_assert_cmpfloat (log.last, ==, 1.0);

  info = kinema_media_probe (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_test_message ("probe: %" G_GINT64_FORMAT " ms, %dx%d, %.3f fps, video %d, audio %d, %" G_GUINT64_FORMAT " bytes",
                  info->duration_ms, info->width, info->height, info->fps,
                  info->has_video, info->has_audio, info->file_size);
  g_assert_cmpint (info->duration_ms, >=, 2500);
  g_assert_cmpint (info->duration_ms, <=, 3500);
  g_assert_cmpint (info->width, ==, 1280);
  g_assert_cmpint (info->height, ==, 720);
  g_assert_cmpfloat_with_epsilon (info->fps, 24.0, 0.01);
  g_assert_true (info->has_video);
  g_assert_true (info->has_audio);
  g_assert_cmpuint (info->file_size, >, 10000);
}

static void
test_render_pro_9_16_silent (void)
{
  g_autoptr(KinemaRequest) request = make_request (3, KINEMA_ASPECT_9_16, KINEMA_QUALITY_PRO, FALSE);
  g_autoptr(KinemaMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("pro-9-16.mp4");
  gint64 start = g_get_monotonic_time ();

  g_assert_true (kinema_sim_render (request, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_test_message ("rendered 3 s 1080x1920 without audio in %.2f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  info = kinema_media_probe (path, &error);
  g_assert_no_error (error);
  g_test_message ("probe: %" G_GINT64_FORMAT " ms, %dx%d, %.3f fps, video %d, audio %d, %" G_GUINT64_FORMAT " bytes",
                  info->duration_ms, info->width, info->height, info->fps,
                  info->has_video, info->has_audio, info->file_size);
  g_assert_cmpint (info->duration_ms, >=, 2500);
  g_assert_cmpint (info->duration_ms, <=, 3500);
  g_assert_cmpint (info->width, ==, 1080);
  g_assert_cmpint (info->height, ==, 1920);
  g_assert_true (info->has_video);
  g_assert_false (info->has_audio);
}

static void
test_render_1_1_async_probe (void)
{
  g_autoptr(KinemaRequest) request = make_request (3, KINEMA_ASPECT_1_1, KINEMA_QUALITY_STD, FALSE);
  g_autoptr(KinemaMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("std-1-1.mp4");

  /* Also an empty prompt, which must not trouble textoverlay. */
  kinema_request_set_prompt (request, "");
  g_assert_true (kinema_sim_render (request, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  info = probe_async_and_wait (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->width, ==, 720);
  g_assert_cmpint (info->height, ==, 720);
  g_assert_false (info->has_audio);
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
} CancelOnProgress;

static void
cancel_on_progress_cb (double   fraction,
                       gpointer user_data)
{
  CancelOnProgress *data = user_data;

  data->calls++;
  if (fraction > 0.0)
    g_cancellable_cancel (data->cancellable);
}

static void
test_render_cancel (void)
{
  g_autoptr(KinemaRequest) request = make_request (15, KINEMA_ASPECT_16_9, KINEMA_QUALITY_PRO, TRUE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("cancelled.mp4");
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  CancelOnProgress data = { cancellable, 0 };
  gint64 start = g_get_monotonic_time ();

  g_assert_false (kinema_sim_render (request, path, cancel_on_progress_cb, &data, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_test_message ("cancelled after %.2f s", (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpuint (data.calls, >=, 1);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));

  /* Already cancelled: nothing is even started. */
  g_clear_error (&error);
  g_assert_false (kinema_sim_render (request, path, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
test_render_unwritable (void)
{
  g_autoptr(KinemaRequest) request = make_request (3, KINEMA_ASPECT_16_9, KINEMA_QUALITY_STD, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tmp_path ("blocked.mp4");
  g_autofree char *part = g_strconcat (path, ".part", NULL);
  g_autofree char *file = tmp_path ("plain-file");
  g_autofree char *below_file = g_build_filename (file, "clip.mp4", NULL);

  /* filesink cannot open a directory. */
  g_assert_cmpint (g_mkdir (part, 0700), ==, 0);
  g_assert_false (kinema_sim_render (request, path, NULL, NULL, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE);
  g_test_message ("blocked .part: %s", error->message);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_rmdir (part);
  g_clear_error (&error);

  /* The folder cannot be created under a plain file. */
  g_assert_true (g_file_set_contents (file, "x", -1, NULL));
  g_assert_false (kinema_sim_render (request, below_file, NULL, NULL, NULL, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE);
  g_test_message ("folder under a file: %s", error->message);
}

/* Poll every 100 ms until the task ends; return the final status. */
static KinemaTaskStatus *
poll_until_done (KinemaProvider *provider,
                 const char     *task_id,
                 gboolean       *saw_running)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  int last_progress = -1;

  for (;;)
    {
      g_autoptr(KinemaTaskStatus) status = NULL;
      g_autoptr(GError) error = NULL;

      status = poll_and_wait (provider, task_id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (status->task_id, ==, task_id);

      switch (status->state)
        {
        case KINEMA_TASK_QUEUED:
          break;
        case KINEMA_TASK_RUNNING:
          *saw_running = TRUE;
          g_assert_cmpint (status->progress, >=, 0);
          g_assert_cmpint (status->progress, <=, 99);
          g_assert_cmpint (status->progress, >=, last_progress);
          last_progress = status->progress;
          break;
        case KINEMA_TASK_SUCCEEDED:
        case KINEMA_TASK_FAILED:
        case KINEMA_TASK_CANCELLED:
        default:
          return g_steal_pointer (&status);
        }

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      run_loop_for (100);
    }
}

static void
test_provider_submit_poll (void)
{
  g_autoptr(KinemaProvider) provider = NULL;
  g_autoptr(KinemaProvider) restarted = NULL;
  g_autoptr(KinemaRequest) request = make_request (3, KINEMA_ASPECT_16_9, KINEMA_QUALITY_STD, TRUE);
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(KinemaTaskStatus) final = NULL;
  g_autoptr(KinemaTaskStatus) again = NULL;
  g_autoptr(KinemaMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *json_name = NULL;
  const KinemaCapabilities *caps;
  gboolean saw_running = FALSE;

  g_setenv ("KINEMA_SIM_QUEUE_MS", "0", TRUE);
  provider = kinema_provider_simulator_new ();

  g_assert_cmpstr (kinema_provider_get_id (provider), ==, "simulator");
  g_assert_cmpstr (kinema_provider_get_name (provider), ==, "Simulator");
  g_assert_cmpstr (kinema_provider_get_dialect (provider), ==, "simulator");
  g_assert_true (kinema_provider_is_simulation (provider));
  caps = kinema_provider_get_capabilities (provider);
  g_assert_cmpuint (caps->image_transports, ==, KINEMA_IMAGE_LOCAL_FILE | KINEMA_IMAGE_URL);
  g_assert_true (caps->reports_progress);
  g_assert_false (caps->reports_price);
  g_assert_cmpuint (caps->duration_max, ==, 15);
  g_assert_cmpint (kinema_provider_next_poll_delay (provider, 0, 0.0), ==, 1);

  submitted = submit_and_wait (provider, request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (submitted->state, ==, KINEMA_TASK_QUEUED);
  g_assert_true (g_str_has_prefix (submitted->task_id, "sim-"));

  json_name = g_strconcat (submitted->task_id, ".json", NULL);
  json_path = g_build_filename (kinema_paths_cache_dir (), "simulator", json_name, NULL);
  g_assert_true (g_file_test (json_path, G_FILE_TEST_IS_REGULAR));

  final = poll_until_done (provider, submitted->task_id, &saw_running);
  g_assert_no_error (final->error);
  g_assert_cmpint (final->state, ==, KINEMA_TASK_SUCCEEDED);
  g_assert_cmpint (final->progress, ==, 100);
  g_assert_true (g_str_has_prefix (final->video_url, "file://"));
  g_test_message ("saw RUNNING: %d; url %s", saw_running, final->video_url);

  path = g_filename_from_uri (final->video_url, NULL, &error);
  g_assert_no_error (error);
  info = probe_async_and_wait (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->width, ==, 1280);
  g_assert_cmpint (info->height, ==, 720);
  g_assert_cmpint (info->duration_ms, >=, 2500);
  g_assert_cmpint (info->duration_ms, <=, 3500);
  g_assert_true (info->has_audio);

  /* A new process knows the task from its files. */
  restarted = kinema_provider_simulator_new ();
  again = poll_and_wait (restarted, submitted->task_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->state, ==, KINEMA_TASK_SUCCEEDED);
  g_assert_cmpstr (again->video_url, ==, final->video_url);
}

static void
test_provider_restart_renders_again (void)
{
  g_autoptr(KinemaProvider) provider = NULL;
  g_autoptr(KinemaProvider) restarted = NULL;
  g_autoptr(KinemaRequest) request = make_request (3, KINEMA_ASPECT_1_1, KINEMA_QUALITY_STD, FALSE);
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(KinemaTaskStatus) first = NULL;
  g_autoptr(KinemaTaskStatus) final = NULL;
  g_autoptr(KinemaMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  gboolean saw_running = FALSE;

  /* A long queue, so the first process is torn down before rendering. */
  g_setenv ("KINEMA_SIM_QUEUE_MS", "60000", TRUE);
  provider = kinema_provider_simulator_new ();
  submitted = submit_and_wait (provider, request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (submitted->state, ==, KINEMA_TASK_QUEUED);
  g_clear_object (&provider);

  g_setenv ("KINEMA_SIM_QUEUE_MS", "0", TRUE);
  restarted = kinema_provider_simulator_new ();
  first = poll_and_wait (restarted, submitted->task_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->state, ==, KINEMA_TASK_RUNNING);

  final = poll_until_done (restarted, submitted->task_id, &saw_running);
  g_assert_no_error (final->error);
  g_assert_cmpint (final->state, ==, KINEMA_TASK_SUCCEEDED);

  path = g_filename_from_uri (final->video_url, NULL, &error);
  g_assert_no_error (error);
  info = kinema_media_probe (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (info->width, ==, 720);
  g_assert_cmpint (info->height, ==, 720);
  g_assert_false (info->has_audio);
}

static void
test_provider_dispose_stops_render (void)
{
  g_autoptr(KinemaProvider) provider = NULL;
  g_autoptr(KinemaRequest) request = make_request (15, KINEMA_ASPECT_16_9, KINEMA_QUALITY_PRO, TRUE);
  g_autoptr(KinemaTaskStatus) submitted = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *mp4 = NULL;
  g_autofree char *part = NULL;
  gint64 deadline;

  g_setenv ("KINEMA_SIM_QUEUE_MS", "0", TRUE);
  provider = kinema_provider_simulator_new ();
  submitted = submit_and_wait (provider, request, &error);
  g_assert_no_error (error);

  name = g_strconcat (submitted->task_id, ".mp4", NULL);
  mp4 = g_build_filename (kinema_paths_cache_dir (), "simulator", name, NULL);
  part = g_strconcat (mp4, ".part", NULL);

  /* Wait until it renders, then drop the provider. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!g_file_test (part, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  g_clear_object (&provider);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_file_test (part, G_FILE_TEST_EXISTS))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
  g_assert_false (g_file_test (mp4, G_FILE_TEST_EXISTS));
}

static void
test_provider_unknown_task (void)
{
  g_autoptr(KinemaProvider) provider = kinema_provider_simulator_new ();
  const char *ids[] = { "sim-00000000-0000-4000-8000-000000000000", "../../etc/passwd", "sim-", "" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(KinemaTaskStatus) status = NULL;
      g_autoptr(GError) error = NULL;

      status = poll_and_wait (provider, ids[i], &error);
      g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND);
      g_assert_null (status);
    }
}

static void
test_probe_bad_files (void)
{
  g_autoptr(KinemaRequest) request = make_request (3, KINEMA_ASPECT_16_9, KINEMA_QUALITY_STD, TRUE);
  g_autofree char *text = tmp_path ("notes.txt");
  g_autofree char *empty = tmp_path ("empty.mp4");
  g_autofree char *missing = tmp_path ("missing.mp4");
  g_autofree char *good = tmp_path ("std-16-9.mp4");
  g_autofree char *truncated = tmp_path ("truncated.mp4");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaMediaInfo) info = NULL;
  gsize length;

  g_assert_true (g_file_set_contents (text, "This is not a video.\n", -1, NULL));
  info = kinema_media_probe (text, &error);
  g_assert_null (info);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION);
  g_test_message ("text file: %s", error->message);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  info = kinema_media_probe (empty, &error);
  g_assert_null (info);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION);
  g_clear_error (&error);

  info = kinema_media_probe (missing, &error);
  g_assert_null (info);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE);
  g_test_message ("missing file: %s", error->message);
  g_clear_error (&error);

  info = probe_async_and_wait (tmp_dir, &error);
  g_assert_null (info);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION);
  g_clear_error (&error);

  /* Half a rendered MP4. */
  render_or_skip (request, good);
  g_assert_true (g_file_get_contents (good, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (truncated, contents, length / 2, NULL));
  info = kinema_media_probe (truncated, &error);
  if (info == NULL)
    {
      g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION);
      g_test_message ("truncated file: %s", error->message);
    }
  else
    {
      /* Whatever it says, it must not claim the whole clip intact. */
      g_test_message ("truncated file probed as %" G_GINT64_FORMAT " ms", info->duration_ms);
      g_assert_cmpuint (info->file_size, ==, length / 2);
    }
}

/* main */

static void
rm_rf (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          rm_rf (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;
  g_autofree char *data = NULL;
  g_autofree char *clips = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("kinema-test-simulator-XXXXXX", NULL);
  g_assert_nonnull (tmp_dir);
  cache = g_build_filename (tmp_dir, "cache", NULL);
  data = g_build_filename (tmp_dir, "data", NULL);
  clips = g_build_filename (tmp_dir, "clips", NULL);
  g_setenv ("KINEMA_CACHE_DIR", cache, TRUE);
  g_setenv ("KINEMA_DATA_DIR", data, TRUE);
  g_setenv ("KINEMA_CLIPS_DIR", clips, TRUE);
  g_setenv ("KINEMA_SIM_QUEUE_MS", "0", TRUE);
  kinema_paths_reset ();

  g_test_add_func ("/simulator/render/std-16-9-audio", test_render_std_16_9_audio);
  g_test_add_func ("/simulator/render/pro-9-16-silent", test_render_pro_9_16_silent);
  g_test_add_func ("/simulator/render/std-1-1-async-probe", test_render_1_1_async_probe);
  g_test_add_func ("/simulator/render/cancel", test_render_cancel);
  g_test_add_func ("/simulator/render/unwritable", test_render_unwritable);
  g_test_add_func ("/simulator/provider/submit-poll", test_provider_submit_poll);
  g_test_add_func ("/simulator/provider/restart", test_provider_restart_renders_again);
  g_test_add_func ("/simulator/provider/dispose", test_provider_dispose_stops_render);
  g_test_add_func ("/simulator/provider/unknown-task", test_provider_unknown_task);
  g_test_add_func ("/simulator/probe/bad-files", test_probe_bad_files);

  ret = g_test_run ();

  rm_rf (tmp_dir);
  g_free (tmp_dir);
  return ret;
}
