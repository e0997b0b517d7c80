/* kinema-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The order of writes is the point of this file:
 *   1. the job row is committed (pending) before anything is sent;
 *   2. it is committed as "submitting" right before the request leaves, so
 *      a crash during the send is recognisable on the next start;
 *   3. the remote task id is committed the moment the answer arrives;
 *   4. the clip row is written only after the file was renamed into place.
 * A job found in "submitting" on start-up becomes "unknown": the provider
 * may have charged for it, so it is never sent again without the user.
 */
#define G_LOG_DOMAIN "kinema-engine"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "kinema-download.h"
#include "kinema-engine.h"
#include "kinema-error.h"
#include "kinema-media-probe.h"
#include "kinema-paths.h"
#include "kinema-sidecar.h"
#include "kinema-validate.h"

typedef struct
{
  KinemaEngine   *engine;       /* unowned; runs are freed before the engine */
  KinemaJob      *job;
  KinemaProvider *provider;
  GCancellable   *cancellable;
  guint           timeout_id;
  guint           poll_attempt;
  guint           transient_failures;
  gint64          started_us;   /* monotonic, for the poll schedule */
  gboolean        held;         /* waiting for the network to come back */
  gboolean        recovering;   /* polling by the id we gave the provider */
  char           *dest_path;
} JobRun;

struct _KinemaEngine
{
  GObject        parent_instance;

  KinemaLibrary *library;
  char          *clips_dir;
  GListStore    *providers;
  GListStore    *jobs;
  GHashTable    *runs;          /* job id -> JobRun* (active) */
  GQueue         waiting;       /* KinemaJob* (ref) waiting for a concurrency slot */
  SoupSession   *session;
  guint          concurrency;
  gboolean       online;
  GNetworkMonitor *monitor;
};

G_DEFINE_FINAL_TYPE (KinemaEngine, kinema_engine, G_TYPE_OBJECT)

enum {
  JOB_FINISHED,
  JOB_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void run_step (JobRun *run);
static void schedule_waiting (KinemaEngine *self);

/* Persistence */

/* What guards paid work (the row before a request leaves, a task id, a
 * finished clip) is committed to the disk before anything else happens
 * (save). What can be learnt again by polling the recorded task (its
 * state, a result address, a failure the next resume re-checks) does not
 * wait for the disk (save_lazily): with ten downloads writing, each fsync
 * held the main loop for tens of milliseconds. A crash of the application
 * cannot undo it; a power cut may, and then the job resumes from its task
 * id. */
static void
save_job (KinemaEngine *self,
          KinemaJob    *job,
          gboolean      durable)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = durable ? kinema_library_update_job (self->library, job, &error)
                        : kinema_library_update_job_lazily (self->library, job, &error);

  if (!ok)
    g_warning ("Could not record job %s: %s", kinema_job_get_id (job), error->message);
}

static void
save (KinemaEngine *self,
      KinemaJob    *job)
{
  save_job (self, job, TRUE);
}

static void
save_lazily (KinemaEngine *self,
             KinemaJob    *job)
{
  save_job (self, job, FALSE);
}

/* Run bookkeeping */

static void
job_run_free (JobRun *run)
{
  g_clear_handle_id (&run->timeout_id, g_source_remove);
  if (run->cancellable)
    g_cancellable_cancel (run->cancellable);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->job);
  g_clear_object (&run->provider);
  g_free (run->dest_path);
  g_free (run);
}

static guint
count_active_for (KinemaEngine *self,
                  const char   *provider_id)
{
  GHashTableIter iter;
  JobRun *run;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &run))
    if (g_strcmp0 (kinema_job_get_provider_id (run->job), provider_id) == 0)
      n++;
  return n;
}

static void
finish_run (JobRun *run)
{
  KinemaEngine *self = run->engine;

  /* Removing frees the run. */
  g_hash_table_remove (self->runs, kinema_job_get_id (run->job));
  schedule_waiting (self);
}

static void
end_with_error (JobRun         *run,
                KinemaJobState  state,
                const GError   *error)
{
  KinemaEngine *self = run->engine;
  g_autoptr(KinemaJob) job = g_object_ref (run->job);

  kinema_job_set_error (job, error->domain == KINEMA_ERROR ? error->code : KINEMA_ERROR_FAILED,
                        error->message);
  kinema_job_set_state (job, state);
  kinema_job_set_progress (job, -1);
  save_lazily (self, job);
  finish_run (run);
  g_signal_emit (self, signals[JOB_FAILED], 0, job);
}

static void
end_with_message (JobRun         *run,
                  KinemaJobState  state,
                  KinemaErrorCode code,
                  const char     *message)
{
  g_autoptr(GError) error = g_error_new_literal (KINEMA_ERROR, code, message);

  end_with_error (run, state, error);
}

static gboolean
is_transient (const GError *error)
{
  if (error->domain != KINEMA_ERROR)
    return !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  switch (error->code)
    {
    case KINEMA_ERROR_NETWORK:
    case KINEMA_ERROR_SERVER:
    case KINEMA_ERROR_RATE_LIMIT:
    case KINEMA_ERROR_MAINTENANCE:
    case KINEMA_ERROR_UNKNOWN_OUTCOME:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Elapsed time as the provider's schedule should see it: with
 * KINEMA_POLL_SCALE the clock runs faster by the same factor the waits
 * shrink, so a real schedule plays out the same, only sooner. */
static double
elapsed_seconds (JobRun *run)
{
  return (g_get_monotonic_time () - run->started_us) / (double) G_USEC_PER_SEC / kinema_poll_scale ();
}

/* Clip naming: <clips>/<yyyy-mm-dd>-<prompt slug>-<id8>.mp4 */

static char *
make_dest_path (KinemaEngine *self,
                KinemaJob    *job)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GString) slug = g_string_new (NULL);
  const char *prompt = kinema_request_get_prompt (kinema_job_get_request (job));
  g_autofree char *name = NULL;

  for (const char *p = prompt; *p && slug->len < 40; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (slug, g_unichar_tolower (c));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "clip");

  name = g_strdup_printf ("%s-%s-%.8s.mp4", date, slug->str, kinema_job_get_id (job));
  return g_build_filename (self->clips_dir, name, NULL);
}

/* Verification and recording */

static void
sidecar_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The clip is safe either way; the sidecar is a convenience copy. */
  if (!kinema_sidecar_write_finish (result, &error))
    g_warning ("Could not write the clip's provenance file: %s", error->message);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  JobRun *run = user_data;
  KinemaEngine *self = run->engine;
  g_autoptr(KinemaMediaInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaClip) clip = NULL;
  g_autoptr(GString) warnings = g_string_new (NULL);
  g_autoptr(KinemaJob) job = g_object_ref (run->job);
  KinemaRequest *request = kinema_job_get_request (job);
  double asked, got;

  info = kinema_media_probe_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (info == NULL && !g_error_matches (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION))
    {
      /* Could not check the file (e.g. a GStreamer plugin missing on this
       * machine): that says nothing about the clip. Keep it where it is and
       * the job where it was; the next resume checks again. */
      kinema_job_set_error (job, error->domain == KINEMA_ERROR ? error->code : KINEMA_ERROR_FAILED,
                            error->message);
      save_lazily (self, job);
      finish_run (run);
      return;
    }
  if (info == NULL || !info->has_video)
    {
      g_autofree char *bad = g_strconcat (run->dest_path, ".invalid", NULL);

      /* Keep the bytes for inspection, but never under a clip's name. */
      g_rename (run->dest_path, bad);
      end_with_message (run, KINEMA_JOB_FAILED, KINEMA_ERROR_VERIFICATION,
                        error ? error->message : _("The downloaded file has no video stream."));
      return;
    }

  asked = kinema_request_get_duration (request);
  got = info->duration_ms / 1000.0;
  if (ABS (asked - got) > 1.0)
    g_string_append_printf (warnings, _("Asked for %.0f s, got %.1f s."), asked, got);
  if (kinema_request_get_audio (request) && !info->has_audio)
    {
      if (warnings->len)
        g_string_append_c (warnings, '\n');
      g_string_append (warnings, _("Audio was asked for, but the clip has no sound."));
    }

  clip = kinema_clip_new ();
  clip->path = g_strdup (run->dest_path);
  clip->duration_ms = info->duration_ms;
  clip->size = info->file_size;
  clip->width = info->width;
  clip->height = info->height;
  clip->fps = info->fps;
  clip->has_audio = info->has_audio;
  clip->warnings = warnings->len ? g_strdup (warnings->str) : NULL;

  if (!kinema_library_insert_clip (self->library, job, clip, &error))
    {
      end_with_error (run, KINEMA_JOB_FAILED, error);
      return;
    }
  kinema_job_set_error (job, -1, NULL);
  kinema_job_set_progress (job, 1.0);
  kinema_job_set_state (job, KINEMA_JOB_DONE);
  save (self, job);
  /* Provenance next to the clip, for audits and re-runs outside the app. */
  kinema_sidecar_write_async (job, kinema_provider_get_name (run->provider), NULL, sidecar_written_cb, NULL);
  /* Only now, with the clip and its row stored, may the source go. */
  kinema_provider_forget_task (run->provider, kinema_job_get_remote_task_id (job));
  finish_run (run);
  g_signal_emit (self, signals[JOB_FINISHED], 0, job);
}

static void
download_progress_cb (guint64  received,
                      guint64  total,
                      gpointer user_data)
{
  JobRun *run = user_data;

  kinema_job_set_progress (run->job, total ? (double) received / total : -1);
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  JobRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!kinema_download_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (error->domain == KINEMA_ERROR &&
          (error->code == KINEMA_ERROR_NETWORK || error->code == KINEMA_ERROR_SERVER) &&
          run->transient_failures < 5)
        {
          /* Try again shortly; the URL is still valid. */
          run->transient_failures++;
          run->timeout_id = g_timeout_add_once ((2u << run->transient_failures) * 1000,
                                                (GSourceOnceFunc) run_step, run);
          return;
        }
      end_with_error (run, KINEMA_JOB_FAILED, error);
      return;
    }

  kinema_media_probe_async (run->dest_path, run->cancellable, probe_cb, run);
}

static void
start_download (JobRun *run)
{
  KinemaEngine *self = run->engine;
  g_autoptr(GError) error = NULL;

  if (!kinema_paths_ensure_dir (self->clips_dir, &error))
    {
      end_with_error (run, KINEMA_JOB_FAILED, error);
      return;
    }
  if (run->dest_path == NULL)
    run->dest_path = make_dest_path (self, run->job);

  /* A crash between rename and recording: the file is already complete. */
  if (g_file_test (run->dest_path, G_FILE_TEST_EXISTS))
    {
      kinema_media_probe_async (run->dest_path, run->cancellable, probe_cb, run);
      return;
    }

  kinema_job_set_progress (run->job, 0);
  kinema_download_async (self->session, kinema_job_get_result_url (run->job), run->dest_path, 0,
                         download_progress_cb, run, run->cancellable, download_cb, run);
}

/* Polling */

static void poll_now (JobRun *run);


static void
schedule_poll (JobRun *run,
               guint   min_delay)
{
  int delay = kinema_provider_next_poll_delay (run->provider, run->poll_attempt, elapsed_seconds (run));

  if (delay < 0)
    {
      end_with_message (run, KINEMA_JOB_UNKNOWN, KINEMA_ERROR_UNKNOWN_OUTCOME,
                        _("The provider has not finished this job in the expected time. "
                          "Use “Check again” later; retrying would be a new paid job."));
      return;
    }
  delay = MAX ((guint) delay, min_delay);
  run->poll_attempt++;
  if (delay == 0)
    run->timeout_id = g_idle_add_once ((GSourceOnceFunc) poll_now, run);
  else
    run->timeout_id = g_timeout_add_once (delay * 1000 * kinema_poll_scale (), (GSourceOnceFunc) poll_now, run);
}

static void
apply_status (JobRun                 *run,
              const KinemaTaskStatus *status)
{
  KinemaEngine *self = run->engine;
  KinemaJob *job = run->job;
  KinemaJobState before = kinema_job_get_state (job);

  if (status->price >= 0)
    kinema_job_set_price_actual (job, status->price);

  switch (status->state)
    {
    case KINEMA_TASK_QUEUED:
      kinema_job_set_state (job, KINEMA_JOB_QUEUED);
      kinema_job_set_progress (job, -1);
      break;
    case KINEMA_TASK_RUNNING:
      kinema_job_set_state (job, KINEMA_JOB_RUNNING);
      kinema_job_set_progress (job, status->progress >= 0 ? status->progress / 100.0 : -1);
      break;
    case KINEMA_TASK_SUCCEEDED:
      if (status->video_url == NULL)
        {
          end_with_message (run, KINEMA_JOB_FAILED, KINEMA_ERROR_GENERATION_FAILED,
                            _("The provider reported success but gave no video address."));
          return;
        }
      kinema_job_set_result_url (job, status->video_url);
      kinema_job_set_state (job, KINEMA_JOB_DOWNLOADING);
      /* The URL may expire: record it and fetch it at once. */
      save_lazily (self, job);
      start_download (run);
      return;
    case KINEMA_TASK_FAILED:
      if (status->error)
        end_with_error (run, KINEMA_JOB_FAILED, status->error);
      else
        end_with_message (run, KINEMA_JOB_FAILED, KINEMA_ERROR_GENERATION_FAILED,
                          _("The provider could not generate this video."));
      return;
    case KINEMA_TASK_CANCELLED:
      end_with_message (run, KINEMA_JOB_CANCELLED, KINEMA_ERROR_CANCELLED,
                        _("The provider cancelled this job."));
      return;
    default:
      break;
    }

  if (kinema_job_get_state (job) != before)
    save_lazily (self, job);
  schedule_poll (run, 0);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  JobRun *run = user_data;
  g_autoptr(KinemaTaskStatus) status = NULL;
  g_autoptr(GError) error = NULL;

  status = kinema_provider_poll_finish (KINEMA_PROVIDER (object), result, &error);
  if (status == NULL)
    {
      guint retry_after;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (run->recovering && g_error_matches (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND))
        {
          /* The provider has no task under our id: the send never arrived. */
          kinema_job_set_remote_task (run->job, NULL, NULL);
          end_with_message (run, KINEMA_JOB_FAILED, KINEMA_ERROR_NOT_FOUND,
                            _("The provider never received this job, so nothing was charged. "
                              "You can generate it again."));
          return;
        }
      if (is_transient (error))
        {
          /* Still running as far as we know: back off and ask again,
           * 5 s after the first failure, doubling up to 60 s. */
          run->transient_failures++;
          retry_after = kinema_error_get_retry_after (error);
          schedule_poll (run, MAX (retry_after, MIN (60u, 5u << MIN (run->transient_failures - 1, 4u))));
          return;
        }
      end_with_error (run, KINEMA_JOB_FAILED, error);
      return;
    }
  run->transient_failures = 0;
  run->recovering = FALSE;
  apply_status (run, status);
}

static gboolean
hold_if_offline (JobRun *run)
{
  if (run->engine->online || !kinema_provider_get_needs_network (run->provider))
    return FALSE;
  /* Nothing is sent while offline; polls are not failures either. */
  run->held = TRUE;
  return TRUE;
}

static void
poll_now (JobRun *run)
{
  run->timeout_id = 0;
  if (hold_if_offline (run))
    return;
  kinema_provider_poll_async (run->provider,
                              kinema_job_get_remote_task_id (run->job),
                              kinema_job_get_poll_hint (run->job),
                              run->cancellable, poll_cb, run);
}

/* Submission */

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  JobRun *run = user_data;
  KinemaEngine *self = run->engine;
  g_autoptr(KinemaTaskStatus) status = NULL;
  g_autoptr(GError) error = NULL;
  KinemaJob *job = run->job;

  status = kinema_provider_submit_finish (KINEMA_PROVIDER (object), result, &error);
  if (status == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (error->domain == KINEMA_ERROR && error->code == KINEMA_ERROR_UNKNOWN_OUTCOME)
        end_with_error (run, KINEMA_JOB_UNKNOWN, error);
      else
        end_with_error (run, KINEMA_JOB_FAILED, error);
      return;
    }

  if (status->task_id == NULL || *status->task_id == '\0')
    {
      end_with_message (run, KINEMA_JOB_UNKNOWN, KINEMA_ERROR_UNKNOWN_OUTCOME,
                        _("The provider accepted the job but returned no task id."));
      return;
    }

  /* The task id is paid work: record it before anything else happens. */
  kinema_job_set_remote_task (job, status->task_id, status->poll_hint);
  kinema_job_set_state (job, KINEMA_JOB_QUEUED);
  save (self, job);

  run->started_us = g_get_monotonic_time ();
  apply_status (run, status);
}

static void
run_step (JobRun *run)
{
  KinemaEngine *self = run->engine;
  KinemaJob *job = run->job;

  run->timeout_id = 0;

  switch (kinema_job_get_state (job))
    {
    case KINEMA_JOB_PENDING:
      if (hold_if_offline (run))
        break;
      kinema_job_set_state (job, KINEMA_JOB_SUBMITTING);
      kinema_job_set_attempts (job, kinema_job_get_attempts (job) + 1);
      kinema_job_set_submitted (job, g_get_real_time () / G_USEC_PER_SEC);
      /* Committed before the request leaves. */
      save (self, job);
      kinema_provider_submit_async (run->provider, kinema_job_get_request (job),
                                    kinema_job_get_id (job), run->cancellable, submit_cb, run);
      break;

    case KINEMA_JOB_SUBMITTING:
      {
        g_autofree char *task_id = NULL;
        g_autofree char *hint = NULL;

        /* Where the provider can find a task by the id we gave it, ask it
         * rather than guess: found means paid and running, not found means
         * it never arrived. Nothing is sent again either way. */
        if (kinema_provider_recovery_lookup (run->provider, kinema_job_get_request (job),
                                             kinema_job_get_id (job), &task_id, &hint))
          {
            /* The job stays "submitting" until the provider answers: were
             * Kinema stopped again before that, the next start must ask the
             * same question, not take the id for a confirmed task. */
            run->recovering = TRUE;
            kinema_job_set_remote_task (job, task_id, hint);
            save (self, job);
            poll_now (run);
            break;
          }
        end_with_message (run, KINEMA_JOB_UNKNOWN, KINEMA_ERROR_UNKNOWN_OUTCOME,
                          _("Kinema stopped while sending this job, so it is not known whether the "
                            "provider accepted it. Check the provider's dashboard; retrying is a new paid job."));
      }
      break;

    case KINEMA_JOB_QUEUED:
    case KINEMA_JOB_RUNNING:
    case KINEMA_JOB_UNKNOWN:
      if (kinema_job_get_remote_task_id (job) == NULL)
        {
          end_with_message (run, KINEMA_JOB_UNKNOWN, KINEMA_ERROR_UNKNOWN_OUTCOME,
                            _("This job has no task id to check."));
          break;
        }
      poll_now (run);
      break;

    case KINEMA_JOB_DOWNLOADING:
      if (kinema_job_get_result_url (job) == NULL)
        poll_now (run);
      else
        start_download (run);
      break;

    case KINEMA_JOB_DONE:
    case KINEMA_JOB_FAILED:
    case KINEMA_JOB_CANCELLED:
    default:
      finish_run (run);
      break;
    }
}

static void
start_run (KinemaEngine *self,
           KinemaJob    *job)
{
  KinemaProvider *provider = kinema_engine_get_provider (self, kinema_job_get_provider_id (job));
  JobRun *run;

  if (g_hash_table_contains (self->runs, kinema_job_get_id (job)))
    return;

  run = g_new0 (JobRun, 1);
  run->engine = self;
  run->job = g_object_ref (job);
  run->cancellable = g_cancellable_new ();
  run->started_us = g_get_monotonic_time ();
  g_hash_table_insert (self->runs, (gpointer) kinema_job_get_id (job), run);

  if (provider == NULL)
    {
      g_autofree char *msg = g_strdup_printf (_("The provider “%s” is not configured any more. Add it again in Preferences to continue this job."),
                                              kinema_job_get_provider_id (job));

      /* Keep the journal state: the job resumes once the provider is back. */
      kinema_job_set_error (job, KINEMA_ERROR_AUTH, msg);
      finish_run (run);
      return;
    }
  run->provider = g_object_ref (provider);
  run_step (run);
}

static void
enqueue (KinemaEngine *self,
         KinemaJob    *job)
{
  g_queue_push_tail (&self->waiting, g_object_ref (job));
  schedule_waiting (self);
}

static void
schedule_waiting (KinemaEngine *self)
{
  GList *l = self->waiting.head;

  while (l != NULL)
    {
      GList *next = l->next;
      KinemaJob *job = l->data;

      if (count_active_for (self, kinema_job_get_provider_id (job)) < self->concurrency)
        {
          g_queue_delete_link (&self->waiting, l);
          start_run (self, job);
          g_object_unref (job);
        }
      l = next;
    }
}

/* Network */

void
kinema_engine_set_online (KinemaEngine *self,
                          gboolean      online)
{
  GHashTableIter iter;
  JobRun *run;
  g_autoptr(GPtrArray) held = g_ptr_array_new ();

  g_return_if_fail (KINEMA_IS_ENGINE (self));

  online = !!online;
  if (self->online == online)
    return;
  self->online = online;
  g_debug ("Network %s", online ? "available: resuming" : "gone: holding jobs");
  if (!online)
    return;

  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &run))
    if (run->held)
      g_ptr_array_add (held, run);
  for (guint i = 0; i < held->len; i++)
    {
      run = g_ptr_array_index (held, i);
      run->held = FALSE;
      g_clear_handle_id (&run->timeout_id, g_source_remove);
      run_step (run);
    }
}

gboolean
kinema_engine_get_online (KinemaEngine *self)
{
  g_return_val_if_fail (KINEMA_IS_ENGINE (self), FALSE);
  return self->online;
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    KinemaEngine    *self)
{
  kinema_engine_set_online (self, available);
}

void
kinema_engine_watch_network (KinemaEngine    *self,
                             GNetworkMonitor *monitor)
{
  g_return_if_fail (KINEMA_IS_ENGINE (self));
  g_return_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor));

  if (self->monitor)
    g_signal_handlers_disconnect_by_func (self->monitor, network_changed_cb, self);
  g_set_object (&self->monitor, monitor);
  if (monitor == NULL)
    return;
  g_signal_connect_object (monitor, "network-changed", G_CALLBACK (network_changed_cb), self, 0);
  kinema_engine_set_online (self, g_network_monitor_get_network_available (monitor));
}

/* GObject */

static void
kinema_engine_dispose (GObject *object)
{
  KinemaEngine *self = (KinemaEngine *) object;

  g_queue_clear_full (&self->waiting, g_object_unref);
  g_clear_pointer (&self->runs, g_hash_table_unref);
  if (self->monitor)
    g_signal_handlers_disconnect_by_func (self->monitor, network_changed_cb, self);
  g_clear_object (&self->monitor);
  if (self->session)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->providers);
  g_clear_object (&self->jobs);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (kinema_engine_parent_class)->dispose (object);
}

static void
kinema_engine_finalize (GObject *object)
{
  KinemaEngine *self = (KinemaEngine *) object;

  g_clear_pointer (&self->clips_dir, g_free);

  G_OBJECT_CLASS (kinema_engine_parent_class)->finalize (object);
}

static void
kinema_engine_class_init (KinemaEngineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kinema_engine_dispose;
  object_class->finalize = kinema_engine_finalize;

  signals[JOB_FINISHED] = g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, KINEMA_TYPE_JOB);
  signals[JOB_FAILED] = g_signal_new ("job-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, KINEMA_TYPE_JOB);
}

static void
kinema_engine_init (KinemaEngine *self)
{
  g_autofree char *agent = g_strdup_printf ("Kinema/%s", PACKAGE_VERSION);

  self->providers = g_list_store_new (KINEMA_TYPE_PROVIDER);
  self->jobs = g_list_store_new (KINEMA_TYPE_JOB);
  self->runs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) job_run_free);
  g_queue_init (&self->waiting);
  self->concurrency = 2;
  self->online = TRUE;
  self->session = soup_session_new_with_options ("user-agent", agent, "timeout", 60, NULL);
}

KinemaEngine *
kinema_engine_new (KinemaLibrary *library,
                   const char    *clips_dir)
{
  KinemaEngine *self;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KINEMA_IS_LIBRARY (library), NULL);

  self = g_object_new (KINEMA_TYPE_ENGINE, NULL);
  self->library = g_object_ref (library);
  self->clips_dir = g_strdup (clips_dir ? clips_dir : kinema_paths_clips_dir ());

  /* Only the jobs still in flight: finished ones stay in the library,
   * which the gallery pages through (a library of thousands of clips is
   * never loaded whole). Newest first, as submit adds them. */
  jobs = kinema_library_list_unfinished_jobs (library, &error);
  if (jobs == NULL)
    g_warning ("Could not read the library: %s", error->message);
  else
    for (guint i = 0; i < jobs->len; i++)
      g_list_store_insert (self->jobs, 0, g_ptr_array_index (jobs, i));

  return self;
}

KinemaLibrary *
kinema_engine_get_library (KinemaEngine *self)
{
  g_return_val_if_fail (KINEMA_IS_ENGINE (self), NULL);
  return self->library;
}

const char *
kinema_engine_get_clips_dir (KinemaEngine *self)
{
  g_return_val_if_fail (KINEMA_IS_ENGINE (self), NULL);
  return self->clips_dir;
}

void
kinema_engine_add_provider (KinemaEngine   *self,
                            KinemaProvider *provider)
{
  g_return_if_fail (KINEMA_IS_ENGINE (self));
  g_return_if_fail (KINEMA_IS_PROVIDER (provider));
  g_return_if_fail (kinema_engine_get_provider (self, kinema_provider_get_id (provider)) == NULL);

  g_list_store_append (self->providers, provider);
}

void
kinema_engine_remove_provider (KinemaEngine *self,
                               const char   *provider_id)
{
  guint n;

  g_return_if_fail (KINEMA_IS_ENGINE (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KinemaProvider) p = g_list_model_get_item (G_LIST_MODEL (self->providers), i);

      if (g_strcmp0 (kinema_provider_get_id (p), provider_id) == 0)
        {
          g_list_store_remove (self->providers, i);
          return;
        }
    }
}

KinemaProvider *
kinema_engine_get_provider (KinemaEngine *self,
                            const char   *provider_id)
{
  guint n;

  g_return_val_if_fail (KINEMA_IS_ENGINE (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->providers));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KinemaProvider) p = g_list_model_get_item (G_LIST_MODEL (self->providers), i);

      if (g_strcmp0 (kinema_provider_get_id (p), provider_id) == 0)
        return p;   /* the store keeps it alive */
    }
  return NULL;
}

GListModel *
kinema_engine_get_providers (KinemaEngine *self)
{
  g_return_val_if_fail (KINEMA_IS_ENGINE (self), NULL);
  return G_LIST_MODEL (self->providers);
}

GListModel *
kinema_engine_get_jobs (KinemaEngine *self)
{
  g_return_val_if_fail (KINEMA_IS_ENGINE (self), NULL);
  return G_LIST_MODEL (self->jobs);
}

void
kinema_engine_set_concurrency (KinemaEngine *self,
                               guint         max_jobs)
{
  g_return_if_fail (KINEMA_IS_ENGINE (self));

  self->concurrency = CLAMP (max_jobs, 1, 16);
  schedule_waiting (self);
}

guint
kinema_engine_get_n_active (KinemaEngine *self)
{
  g_return_val_if_fail (KINEMA_IS_ENGINE (self), 0);
  return g_hash_table_size (self->runs) + self->waiting.length;
}

KinemaJob *
kinema_engine_submit (KinemaEngine   *self,
                      const char     *provider_id,
                      KinemaRequest  *request,
                      GError        **error)
{
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  KinemaProvider *provider;

  g_return_val_if_fail (KINEMA_IS_ENGINE (self), NULL);
  g_return_val_if_fail (KINEMA_IS_REQUEST (request), NULL);

  provider = kinema_engine_get_provider (self, provider_id);
  if (provider == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                   _("There is no provider “%s”. Choose one of the configured providers."),
                   provider_id ? provider_id : "");
      return NULL;
    }

  if (kinema_provider_get_setup_problem (provider) != NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_AUTH,
                           kinema_provider_get_setup_problem (provider));
      return NULL;
    }

  problems = kinema_request_validate (request, kinema_provider_get_capabilities (provider),
                                      kinema_provider_get_name (provider));
  if (problems != NULL && problems->len > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < problems->len; i++)
        {
          const KinemaProblem *p = g_ptr_array_index (problems, i);

          if (i > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, p->message);
        }
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST, text->str);
      return NULL;
    }

  job = kinema_job_new (provider_id, request);
  if (!kinema_library_insert_job (self->library, job, error))
    return NULL;

  g_list_store_insert (self->jobs, 0, job);
  enqueue (self, job);
  return g_steal_pointer (&job);
}

static KinemaJob *
find_listed_job (KinemaEngine *self,
                 const char   *job_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->jobs));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KinemaJob) job = g_list_model_get_item (G_LIST_MODEL (self->jobs), i);

      if (g_strcmp0 (kinema_job_get_id (job), job_id) == 0)
        return job;
    }
  return NULL;
}

void
kinema_engine_resume (KinemaEngine *self)
{
  g_autoptr(GPtrArray) unfinished = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KINEMA_IS_ENGINE (self));

  unfinished = kinema_library_list_unfinished_jobs (self->library, &error);
  if (unfinished == NULL)
    {
      g_warning ("Could not read unfinished jobs: %s", error->message);
      return;
    }
  for (guint i = 0; i < unfinished->len; i++)
    {
      KinemaJob *stored = g_ptr_array_index (unfinished, i);
      KinemaJob *listed = find_listed_job (self, kinema_job_get_id (stored));

      /* Resume the object the UI already shows, so its bindings follow. */
      enqueue (self, listed ? listed : stored);
    }
}

void
kinema_engine_cancel (KinemaEngine *self,
                      KinemaJob    *job)
{
  JobRun *run;
  GList *link;

  g_return_if_fail (KINEMA_IS_ENGINE (self));
  g_return_if_fail (KINEMA_IS_JOB (job));

  if (kinema_job_state_is_final (kinema_job_get_state (job)))
    return;

  link = g_queue_find (&self->waiting, job);
  if (link != NULL)
    {
      g_queue_delete_link (&self->waiting, link);
      g_object_unref (job);
    }

  run = g_hash_table_lookup (self->runs, kinema_job_get_id (job));
  if (run != NULL)
    g_hash_table_remove (self->runs, kinema_job_get_id (job));

  kinema_job_set_state (job, KINEMA_JOB_CANCELLED);
  kinema_job_set_error (job, KINEMA_ERROR_CANCELLED,
                        _("Cancelled in Kinema. If the provider already accepted it, it may still charge for it."));
  kinema_job_set_progress (job, -1);
  save (self, job);
  schedule_waiting (self);
}

void
kinema_engine_check_again (KinemaEngine *self,
                           KinemaJob    *job)
{
  g_return_if_fail (KINEMA_IS_ENGINE (self));
  g_return_if_fail (KINEMA_IS_JOB (job));

  if (kinema_job_get_remote_task_id (job) == NULL ||
      g_hash_table_contains (self->runs, kinema_job_get_id (job)))
    return;

  /* Polling an existing task never sends the generation again. */
  if (kinema_job_get_state (job) == KINEMA_JOB_UNKNOWN || kinema_job_get_state (job) == KINEMA_JOB_FAILED)
    kinema_job_set_state (job, KINEMA_JOB_RUNNING);
  kinema_job_set_error (job, -1, NULL);
  save (self, job);
  enqueue (self, job);
}
