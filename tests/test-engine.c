/* test-engine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The job engine against a scripted provider (to count and steer every
 * call) and against the real simulator.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kinema-engine.h"
#include "kinema-error.h"
#include "kinema-paths.h"
#include "kinema-provider-simulator.h"
#include "kinema-sidecar.h"
#include "kinema-sim-renderer.h"

/* A scripted provider */

#define FAKE_TYPE_PROVIDER (fake_provider_get_type ())
G_DECLARE_FINAL_TYPE (FakeProvider, fake_provider, FAKE, PROVIDER, KinemaProvider)

struct _FakeProvider
{
  KinemaProvider  parent_instance;
  guint           n_submits;
  guint           n_polls;
  GError         *submit_error;       /* returned by submit if set */
  GQueue          poll_script;        /* KinemaTaskStatus* or GError* (tagged) */
  char           *video_url;
  int             poll_delay;         /* seconds; -1 to force deadline */
  guint           max_in_flight;
  guint           in_flight;
  gboolean        recoverable;        /* finds tasks by the job id */
};

G_DEFINE_FINAL_TYPE (FakeProvider, fake_provider, KINEMA_TYPE_PROVIDER)

typedef struct { gboolean is_error; gpointer value; } Step;

static void
fake_submit_async (KinemaProvider      *provider,
                   KinemaRequest       *request,
                   const char          *job_id,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  FakeProvider *self = FAKE_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  KinemaTaskStatus *status;

  self->n_submits++;
  self->in_flight++;
  self->max_in_flight = MAX (self->max_in_flight, self->in_flight);
  if (self->submit_error)
    {
      self->in_flight--;
      g_task_return_error (task, g_error_copy (self->submit_error));
      return;
    }
  status = kinema_task_status_new (KINEMA_TASK_QUEUED);
  status->task_id = g_strdup_printf ("fake-%u", self->n_submits);
  status->poll_hint = g_strdup ("hint");
  status->price = 0.5;
  g_task_return_pointer (task, status, (GDestroyNotify) kinema_task_status_free);
}

static KinemaTaskStatus *
fake_finish (KinemaProvider  *provider,
             GAsyncResult    *result,
             GError         **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
fake_poll_async (KinemaProvider      *provider,
                 const char          *task_id,
                 const char          *poll_hint,
                 GCancellable        *cancellable,
                 GAsyncReadyCallback  callback,
                 gpointer             user_data)
{
  FakeProvider *self = FAKE_PROVIDER (provider);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Step *step = g_queue_pop_head (&self->poll_script);

  self->n_polls++;
  g_assert_cmpstr (poll_hint, ==, "hint");
  if (step == NULL)
    {
      KinemaTaskStatus *status = kinema_task_status_new (KINEMA_TASK_SUCCEEDED);

      status->video_url = g_strdup (self->video_url);
      self->in_flight--;
      g_task_return_pointer (task, status, (GDestroyNotify) kinema_task_status_free);
      return;
    }
  if (step->is_error)
    g_task_return_error (task, step->value);
  else
    {
      KinemaTaskStatus *status = step->value;

      if (status->state >= KINEMA_TASK_SUCCEEDED)
        self->in_flight--;
      g_task_return_pointer (task, status, (GDestroyNotify) kinema_task_status_free);
    }
  g_free (step);
}

static gboolean
fake_recovery_lookup (KinemaProvider  *provider,
                      KinemaRequest   *request,
                      const char      *job_id,
                      char           **task_id,
                      char           **poll_hint)
{
  if (!FAKE_PROVIDER (provider)->recoverable)
    return FALSE;
  *task_id = g_strdup (job_id);
  *poll_hint = g_strdup ("hint");
  return TRUE;
}

static int
fake_next_poll_delay (KinemaProvider *provider,
                      guint           attempt,
                      double          elapsed)
{
  return FAKE_PROVIDER (provider)->poll_delay;
}

static void
fake_provider_finalize (GObject *object)
{
  FakeProvider *self = FAKE_PROVIDER (object);
  Step *step;

  while ((step = g_queue_pop_head (&self->poll_script)))
    {
      if (step->is_error)
        g_error_free (step->value);
      else
        kinema_task_status_free (step->value);
      g_free (step);
    }
  g_clear_error (&self->submit_error);
  g_free (self->video_url);
  G_OBJECT_CLASS (fake_provider_parent_class)->finalize (object);
}

static void
fake_provider_class_init (FakeProviderClass *klass)
{
  KinemaProviderClass *provider_class = KINEMA_PROVIDER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = fake_provider_finalize;
  provider_class->submit_async = fake_submit_async;
  provider_class->submit_finish = fake_finish;
  provider_class->poll_async = fake_poll_async;
  provider_class->poll_finish = fake_finish;
  provider_class->next_poll_delay = fake_next_poll_delay;
  provider_class->recovery_lookup = fake_recovery_lookup;
}

static void
fake_provider_init (FakeProvider *self)
{
  g_queue_init (&self->poll_script);
}

static void
script_status (FakeProvider   *fake,
               KinemaTaskState state,
               int             progress)
{
  Step *step = g_new0 (Step, 1);
  KinemaTaskStatus *status = kinema_task_status_new (state);

  status->progress = progress;
  if (state == KINEMA_TASK_SUCCEEDED)
    status->video_url = g_strdup (fake->video_url);
  if (state == KINEMA_TASK_FAILED)
    status->error = g_error_new_literal (KINEMA_ERROR, KINEMA_ERROR_CONTENT_POLICY, "Prompt rejected by moderation.");
  step->value = status;
  g_queue_push_tail (&fake->poll_script, step);
}

static void
script_error (FakeProvider   *fake,
              KinemaErrorCode code,
              guint           retry_after)
{
  Step *step = g_new0 (Step, 1);
  GError *error = g_error_new (KINEMA_ERROR, code, "scripted %s", kinema_error_code_to_string (code));

  if (retry_after)
    kinema_error_set_retry_after (error, retry_after);
  step->is_error = TRUE;
  step->value = error;
  g_queue_push_tail (&fake->poll_script, step);
}

/* Fixture */

static char *sample_clip_uri;   /* a real 3 s MP4 rendered once */
static char *text_file_uri;     /* not a video */

typedef struct
{
  char          *dir;
  char          *clips;
  KinemaLibrary *library;
  KinemaEngine  *engine;
  FakeProvider  *fake;
  GPtrArray     *states;        /* states seen on the watched job */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  f->dir = g_dir_make_tmp ("kinema-engine-XXXXXX", NULL);
  f->clips = g_build_filename (f->dir, "clips", NULL);
  db = g_build_filename (f->dir, "library.db", NULL);
  f->library = kinema_library_new (db, &error);
  g_assert_no_error (error);
  f->engine = kinema_engine_new (f->library, f->clips);
  f->fake = g_object_new (FAKE_TYPE_PROVIDER, "id", "fake", "name", "Fake", "dialect", "fake", NULL);
  f->fake->video_url = g_strdup (sample_clip_uri);
  f->fake->poll_delay = 0;
  kinema_engine_add_provider (f->engine, KINEMA_PROVIDER (f->fake));
  f->states = g_ptr_array_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->engine);
  g_clear_object (&f->library);
  g_clear_object (&f->fake);
  g_ptr_array_unref (f->states);
  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_free (f->dir);
  g_free (f->clips);
}

static void
state_cb (KinemaJob  *job,
          GParamSpec *pspec,
          Fixture    *f)
{
  g_ptr_array_add (f->states, (gpointer) kinema_job_state_to_string (kinema_job_get_state (job)));
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_final (KinemaJob *job,
            guint      seconds)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (seconds, timeout_cb, &timed_out);

  while (!kinema_job_state_is_final (kinema_job_get_state (job)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static KinemaRequest *
make_request (const char *prompt,
              guint       duration)
{
  KinemaRequest *r = kinema_request_new ();

  kinema_request_set_prompt (r, prompt);
  kinema_request_set_duration (r, duration);
  return r;
}

static char *
states_joined (Fixture *f)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < f->states->len; i++)
    {
      if (i)
        g_string_append (s, ",");
      g_string_append (s, g_ptr_array_index (f->states, i));
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static KinemaJob *
reload (Fixture   *f,
        KinemaJob *job)
{
  g_autoptr(GError) error = NULL;
  KinemaJob *stored = kinema_library_get_job (f->library, kinema_job_get_id (job), &error);

  g_assert_no_error (error);
  return stored;
}

/* Tests */

static void
test_happy_path (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("a red fox trots through snow", 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(KinemaJob) stored = NULL;
  g_autofree char *seen = NULL;
  KinemaClip *clip;

  script_status (f->fake, KINEMA_TASK_RUNNING, 40);
  script_status (f->fake, KINEMA_TASK_RUNNING, 90);
  script_status (f->fake, KINEMA_TASK_SUCCEEDED, 100);

  job = kinema_engine_submit (f->engine, "fake", r, &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);
  /* Written before anything was sent. */
  g_assert_cmpuint (g_list_model_get_n_items (kinema_engine_get_jobs (f->engine)), ==, 1);
  /* The send starts at once, and the row says so before it leaves. */
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_SUBMITTING);
  stored = reload (f, job);
  g_assert_cmpint (kinema_job_get_state (stored), ==, KINEMA_JOB_SUBMITTING);
  g_clear_object (&stored);
  g_signal_connect (job, "notify::state", G_CALLBACK (state_cb), f);
  wait_final (job, 30);

  seen = states_joined (f);
  g_assert_cmpstr (seen, ==, "queued,running,downloading,done");
  g_assert_cmpuint (f->fake->n_submits, ==, 1);
  g_assert_cmpuint (f->fake->n_polls, ==, 3);
  g_assert_cmpstr (kinema_job_get_remote_task_id (job), ==, "fake-1");
  g_assert_cmpfloat_with_epsilon (kinema_job_get_price_actual (job), 0.5, 1e-9);

  clip = kinema_job_get_clip (job);
  g_assert_nonnull (clip);
  g_assert_true (g_str_has_prefix (clip->path, f->clips));
  g_assert_true (g_str_has_suffix (clip->path, ".mp4"));
  g_assert_true (g_file_test (clip->path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (ABS (clip->duration_ms - 3000), <=, 500);
  g_assert_null (clip->warnings);
  {
    g_autofree char *part = g_strconcat (clip->path, ".part", NULL);
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  }

  stored = reload (f, job);
  g_assert_cmpint (kinema_job_get_state (stored), ==, KINEMA_JOB_DONE);
  g_assert_nonnull (kinema_job_get_clip (stored));
  g_assert_cmpstr (kinema_job_get_remote_task_id (stored), ==, "fake-1");

  /* A provenance sidecar appears next to the clip with the request in it. */
  {
    g_autofree char *sidecar = kinema_sidecar_path_for_clip (clip->path);
    g_autoptr(KinemaRequest) rerun = NULL;
    g_autoptr(GError) sidecar_error = NULL;
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (!g_file_test (sidecar, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    rerun = kinema_sidecar_read_request (sidecar, &sidecar_error);
    g_assert_no_error (sidecar_error);
    g_assert_cmpstr (kinema_request_get_prompt (rerun), ==, "a red fox trots through snow");
  }
}

static void
test_invalid_request_sends_nothing (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("", 5);
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GPtrArray) all = NULL;

  job = kinema_engine_submit (f->engine, "fake", r, &error);
  g_assert_null (job);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_cmpuint (f->fake->n_submits, ==, 0);
  all = kinema_library_list_jobs (f->library, NULL);
  g_assert_cmpuint (all->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (kinema_engine_get_jobs (f->engine)), ==, 0);

  g_clear_error (&error);
  g_clear_object (&job);
  kinema_request_set_prompt (r, "fine");
  job = kinema_engine_submit (f->engine, "nobody", r, &error);
  g_assert_null (job);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
}

static void
test_resume_submitting_becomes_unknown (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("crashed while sending", 3);
  g_autoptr(KinemaJob) job = kinema_job_new ("fake", r);
  g_autoptr(KinemaJob) stored = NULL;
  g_autoptr(KinemaEngine) engine = NULL;

  /* What a crash during the send leaves behind. */
  g_assert_true (kinema_library_insert_job (f->library, job, NULL));
  kinema_job_set_state (job, KINEMA_JOB_SUBMITTING);
  g_assert_true (kinema_library_update_job (f->library, job, NULL));

  kinema_engine_resume (f->engine);
  stored = reload (f, job);
  g_assert_cmpint (kinema_job_get_state (stored), ==, KINEMA_JOB_UNKNOWN);
  g_assert_cmpint (kinema_job_get_error_code (stored), ==, KINEMA_ERROR_UNKNOWN_OUTCOME);
  g_assert_cmpuint (f->fake->n_submits, ==, 0);
  g_assert_cmpuint (f->fake->n_polls, ==, 0);
}

static KinemaJob *
journal_as_crashed_mid_send (Fixture    *f,
                             const char *prompt)
{
  g_autoptr(KinemaRequest) r = make_request (prompt, 3);
  KinemaJob *job = kinema_job_new ("fake", r);

  g_assert_true (kinema_library_insert_job (f->library, job, NULL));
  kinema_job_set_state (job, KINEMA_JOB_SUBMITTING);
  g_assert_true (kinema_library_update_job (f->library, job, NULL));
  return job;
}

/* A new start of the application: a fresh engine over the same library
 * and provider, resumed. Returns the first unfinished job it listed. */
static KinemaJob *
restart_engine (Fixture *f)
{
  KinemaJob *listed;

  g_clear_object (&f->engine);
  f->engine = kinema_engine_new (f->library, f->clips);
  kinema_engine_add_provider (f->engine, KINEMA_PROVIDER (f->fake));
  listed = g_list_model_get_item (kinema_engine_get_jobs (f->engine), 0);
  kinema_engine_resume (f->engine);
  return listed;
}

/* Restarts and waits until the (only) job is over; returns its final state. */
static KinemaJobState
restart_until_final (Fixture *f)
{
  g_autoptr(KinemaJob) listed = restart_engine (f);

  g_assert_nonnull (listed);
  wait_final (listed, 30);
  return kinema_job_get_state (listed);
}

static void
assert_never_received (Fixture   *f,
                       KinemaJob *job)
{
  g_autoptr(KinemaJob) stored = reload (f, job);

  g_assert_cmpint (kinema_job_get_state (stored), ==, KINEMA_JOB_FAILED);
  g_assert_null (kinema_job_get_remote_task_id (stored));
  g_assert_nonnull (strstr (kinema_job_get_error_message (stored), "nothing was charged"));
  g_assert_cmpuint (f->fake->n_submits, ==, 0);
}

static void
test_recovery_finds_task_by_external_id (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(KinemaJob) job = journal_as_crashed_mid_send (f, "accepted, answer lost");
  g_autoptr(KinemaJob) stored = NULL;

  f->fake->recoverable = TRUE;
  script_status (f->fake, KINEMA_TASK_RUNNING, 60);
  g_assert_cmpint (restart_until_final (f), ==, KINEMA_JOB_DONE);

  stored = reload (f, job);
  g_assert_cmpint (kinema_job_get_state (stored), ==, KINEMA_JOB_DONE);
  g_assert_cmpstr (kinema_job_get_remote_task_id (stored), ==, kinema_job_get_id (job));
  /* Found again, never sent again. */
  g_assert_cmpuint (f->fake->n_submits, ==, 0);
  g_assert_cmpuint (f->fake->n_polls, ==, 2);
}

static void
test_recovery_not_found_means_not_charged (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(KinemaJob) job = journal_as_crashed_mid_send (f, "never arrived");

  f->fake->recoverable = TRUE;
  script_error (f->fake, KINEMA_ERROR_NOT_FOUND, 0);
  restart_until_final (f);
  assert_never_received (f, job);
}

/* Killed again while asking: the row still says it is a recovery, so the
 * next start concludes the same way (the crash test found a job that
 * ended as an unknown task instead). */
static void
test_recovery_interrupted_stays_recovery (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(KinemaJob) job = journal_as_crashed_mid_send (f, "killed while asking");
  g_autoptr(KinemaJob) first_start = NULL;
  g_autoptr(KinemaJob) midway = NULL;

  f->fake->recoverable = TRUE;
  script_error (f->fake, KINEMA_ERROR_NOT_FOUND, 0);   /* the lookup cut short */
  script_error (f->fake, KINEMA_ERROR_NOT_FOUND, 0);   /* the one after the restart */
  first_start = restart_engine (f);

  /* What the journal holds while the lookup is on its way. */
  midway = reload (f, job);
  g_assert_cmpint (kinema_job_get_state (midway), ==, KINEMA_JOB_SUBMITTING);
  g_assert_cmpstr (kinema_job_get_remote_task_id (midway), ==, kinema_job_get_id (job));

  /* The application stops before the answer, and starts again. */
  restart_until_final (f);
  assert_never_received (f, job);
}

static void
test_resume_polls_known_task (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("was running when the app quit", 3);
  g_autoptr(KinemaJob) job = kinema_job_new ("fake", r);
  g_autoptr(KinemaJob) stored = NULL;
  KinemaJob *listed;

  g_assert_true (kinema_library_insert_job (f->library, job, NULL));
  kinema_job_set_state (job, KINEMA_JOB_RUNNING);
  kinema_job_set_remote_task (job, "fake-77", "hint");
  g_assert_true (kinema_library_update_job (f->library, job, NULL));

  /* A fresh engine, as after a restart, lists the job and resumes it. */
  g_clear_object (&f->engine);
  f->engine = kinema_engine_new (f->library, f->clips);
  kinema_engine_add_provider (f->engine, KINEMA_PROVIDER (f->fake));
  g_assert_cmpuint (g_list_model_get_n_items (kinema_engine_get_jobs (f->engine)), ==, 1);
  listed = g_list_model_get_item (kinema_engine_get_jobs (f->engine), 0);
  kinema_engine_resume (f->engine);
  wait_final (listed, 30);
  g_assert_cmpint (kinema_job_get_state (listed), ==, KINEMA_JOB_DONE);
  g_object_unref (listed);

  stored = reload (f, job);
  g_assert_cmpint (kinema_job_get_state (stored), ==, KINEMA_JOB_DONE);
  g_assert_cmpuint (f->fake->n_submits, ==, 0);
  g_assert_cmpuint (f->fake->n_polls, ==, 1);
}

static void
test_transient_poll_errors_keep_polling (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("network hiccup", 3);
  g_autoptr(KinemaJob) job = NULL;

  script_error (f->fake, KINEMA_ERROR_NETWORK, 0);
  script_error (f->fake, KINEMA_ERROR_SERVER, 0);
  script_error (f->fake, KINEMA_ERROR_RATE_LIMIT, 1);
  script_status (f->fake, KINEMA_TASK_SUCCEEDED, 100);
  job = kinema_engine_submit (f->engine, "fake", r, NULL);
  wait_final (job, 60);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_DONE);
  g_assert_cmpuint (f->fake->n_submits, ==, 1);
  g_assert_cmpuint (f->fake->n_polls, ==, 4);
}

static void
test_provider_failure (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("something refused", 3);
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(KinemaJob) stored = NULL;

  script_status (f->fake, KINEMA_TASK_RUNNING, -1);
  script_status (f->fake, KINEMA_TASK_FAILED, -1);
  job = kinema_engine_submit (f->engine, "fake", r, NULL);
  wait_final (job, 30);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_FAILED);
  g_assert_cmpint (kinema_job_get_error_code (job), ==, KINEMA_ERROR_CONTENT_POLICY);
  g_assert_cmpstr (kinema_job_get_error_message (job), ==, "Prompt rejected by moderation.");
  g_assert_null (kinema_job_get_clip (job));
  stored = reload (f, job);
  g_assert_cmpint (kinema_job_get_state (stored), ==, KINEMA_JOB_FAILED);
}

static void
test_submit_unknown_outcome (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("connection dropped after send", 3);
  g_autoptr(KinemaJob) job = NULL;

  f->fake->submit_error = g_error_new_literal (KINEMA_ERROR, KINEMA_ERROR_UNKNOWN_OUTCOME, "no answer");
  job = kinema_engine_submit (f->engine, "fake", r, NULL);
  wait_final (job, 10);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_UNKNOWN);
  g_assert_cmpuint (f->fake->n_submits, ==, 1);
  /* Never sent again by itself, even on resume. */
  kinema_engine_resume (f->engine);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (f->fake->n_submits, ==, 1);
}

static void
test_poll_deadline_means_unknown (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("takes forever", 3);
  g_autoptr(KinemaJob) job = NULL;

  f->fake->poll_delay = -1;
  job = kinema_engine_submit (f->engine, "fake", r, NULL);
  wait_final (job, 10);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_UNKNOWN);
  g_assert_cmpint (kinema_job_get_error_code (job), ==, KINEMA_ERROR_UNKNOWN_OUTCOME);
  g_assert_cmpstr (kinema_job_get_remote_task_id (job), ==, "fake-1");

  /* "Check again" polls the same task; it does not resubmit. */
  f->fake->poll_delay = 0;
  kinema_engine_check_again (f->engine, job);
  wait_final (job, 30);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_DONE);
  g_assert_cmpuint (f->fake->n_submits, ==, 1);
}

static void
test_concurrency_limit (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);

  kinema_engine_set_concurrency (f->engine, 1);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *prompt = g_strdup_printf ("take %u", i);
      g_autoptr(KinemaRequest) r = make_request (prompt, 3);

      script_status (f->fake, KINEMA_TASK_RUNNING, 50);
      g_ptr_array_add (jobs, kinema_engine_submit (f->engine, "fake", r, NULL));
    }
  for (guint i = 0; i < jobs->len; i++)
    wait_final (g_ptr_array_index (jobs, i), 60);
  for (guint i = 0; i < jobs->len; i++)
    g_assert_cmpint (kinema_job_get_state (g_ptr_array_index (jobs, i)), ==, KINEMA_JOB_DONE);
  g_assert_cmpuint (f->fake->n_submits, ==, 3);
  g_assert_cmpuint (f->fake->max_in_flight, ==, 1);
}

static void
test_not_a_video_fails_verification (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("gets a text file back", 3);
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_free (f->fake->video_url);
  f->fake->video_url = g_strdup (text_file_uri);
  job = kinema_engine_submit (f->engine, "fake", r, NULL);
  wait_final (job, 30);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_FAILED);
  g_assert_cmpint (kinema_job_get_error_code (job), ==, KINEMA_ERROR_VERIFICATION);
  g_assert_null (kinema_job_get_clip (job));
  /* Nothing named like a clip is left behind. */
  dir = g_dir_open (f->clips, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    g_assert_false (g_str_has_suffix (name, ".mp4") || g_str_has_suffix (name, ".part"));
}

static void
test_duration_mismatch_is_a_warning (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("asked for ten seconds", 10);
  g_autoptr(KinemaJob) job = NULL;
  KinemaClip *clip;

  kinema_request_set_audio (r, TRUE);
  job = kinema_engine_submit (f->engine, "fake", r, NULL);
  wait_final (job, 30);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_DONE);
  clip = kinema_job_get_clip (job);
  g_assert_nonnull (clip->warnings);
  g_assert_nonnull (strstr (clip->warnings, "Asked for 10 s"));
}

static void
test_expired_result (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("result already deleted", 3);
  g_autoptr(KinemaJob) job = NULL;
  g_autofree char *gone = g_build_filename (f->dir, "deleted.mp4", NULL);

  g_free (f->fake->video_url);
  f->fake->video_url = g_filename_to_uri (gone, NULL, NULL);
  job = kinema_engine_submit (f->engine, "fake", r, NULL);
  wait_final (job, 30);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_FAILED);
  g_assert_cmpint (kinema_job_get_error_code (job), ==, KINEMA_ERROR_EXPIRED_RESULT);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("never mind", 3);
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(KinemaJob) stored = NULL;

  f->fake->poll_delay = 60;
  job = kinema_engine_submit (f->engine, "fake", r, NULL);
  while (kinema_job_get_state (job) != KINEMA_JOB_QUEUED)
    g_main_context_iteration (NULL, TRUE);
  kinema_engine_cancel (f->engine, job);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_CANCELLED);
  g_assert_cmpuint (kinema_engine_get_n_active (f->engine), ==, 0);
  stored = reload (f, job);
  g_assert_cmpint (kinema_job_get_state (stored), ==, KINEMA_JOB_CANCELLED);
}

static void
test_offline_holds_then_resumes (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(KinemaRequest) r = make_request ("sent once the network is back", 3);
  g_autoptr(KinemaJob) job = NULL;

  kinema_engine_set_online (f->engine, FALSE);
  job = kinema_engine_submit (f->engine, "fake", r, NULL);
  g_assert_nonnull (job);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  /* Journaled, but nothing sent while offline. */
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_PENDING);
  g_assert_cmpuint (f->fake->n_submits, ==, 0);

  kinema_engine_set_online (f->engine, TRUE);
  g_assert_cmpuint (f->fake->n_submits, ==, 1);

  /* Drop again while it is queued: polling stops, the job is not failed. */
  script_status (f->fake, KINEMA_TASK_RUNNING, 10);
  kinema_engine_set_online (f->engine, FALSE);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (f->fake->n_polls, ==, 0);
  g_assert_false (kinema_job_state_is_final (kinema_job_get_state (job)));

  kinema_engine_set_online (f->engine, TRUE);
  wait_final (job, 30);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_DONE);
  g_assert_cmpuint (f->fake->n_submits, ==, 1);
  g_assert_cmpuint (f->fake->n_polls, ==, 2);
}

static void
test_simulator_end_to_end (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(KinemaProvider) sim = kinema_provider_simulator_new ();
  g_autoptr(KinemaRequest) r = make_request ("a paper boat on a calm lake", 3);
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaJob) job = NULL;
  KinemaClip *clip;

  kinema_engine_add_provider (f->engine, sim);
  kinema_request_set_audio (r, TRUE);
  job = kinema_engine_submit (f->engine, "simulator", r, &error);
  g_assert_no_error (error);
  wait_final (job, 120);
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_DONE);
  clip = kinema_job_get_clip (job);
  g_assert_nonnull (clip);
  g_assert_cmpint (ABS (clip->duration_ms - 3000), <=, 500);
  g_assert_cmpint (clip->width, ==, 1280);
  g_assert_cmpint (clip->height, ==, 720);
  g_assert_true (clip->has_audio);
  g_assert_null (clip->warnings);

  /* The simulator's cache copy goes once the clip is stored. */
  {
    g_autofree char *dir = g_build_filename (kinema_paths_cache_dir (), "simulator", NULL);
    g_autofree char *cached = g_strdup_printf ("%s/%s.mp4", dir, kinema_job_get_remote_task_id (job));
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (g_file_test (cached, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, FALSE);
    g_assert_false (g_file_test (cached, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (clip->path, G_FILE_TEST_IS_REGULAR));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *tmp = NULL;
  g_autofree char *clip_path = NULL;
  g_autofree char *text_path = NULL;
  g_autoptr(KinemaRequest) sample = NULL;
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp = g_dir_make_tmp ("kinema-engine-main-XXXXXX", NULL);
  g_setenv ("KINEMA_CACHE_DIR", tmp, TRUE);
  g_setenv ("KINEMA_DATA_DIR", tmp, TRUE);
  g_setenv ("KINEMA_SIM_QUEUE_MS", "100", TRUE);
  g_setenv ("KINEMA_POLL_SCALE", "0.01", TRUE);
  kinema_paths_reset ();

  /* One real clip, rendered once, that the fake provider "returns". */
  sample = make_request ("sample", 3);
  clip_path = g_build_filename (tmp, "sample.mp4", NULL);
  if (!kinema_sim_render (sample, clip_path, NULL, NULL, NULL, &error))
    g_error ("Could not render the sample clip: %s", error->message);
  sample_clip_uri = g_filename_to_uri (clip_path, NULL, NULL);
  text_path = g_build_filename (tmp, "not-a-video.mp4", NULL);
  g_file_set_contents (text_path, "<html>Access denied</html>", -1, NULL);
  text_file_uri = g_filename_to_uri (text_path, NULL, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/engine/happy-path", test_happy_path);
  ADD ("/engine/invalid-request-sends-nothing", test_invalid_request_sends_nothing);
  ADD ("/engine/resume-submitting-becomes-unknown", test_resume_submitting_becomes_unknown);
  ADD ("/engine/resume-polls-known-task", test_resume_polls_known_task);
  ADD ("/engine/recovery-finds-task-by-external-id", test_recovery_finds_task_by_external_id);
  ADD ("/engine/recovery-not-found-means-not-charged", test_recovery_not_found_means_not_charged);
  ADD ("/engine/recovery-interrupted-stays-recovery", test_recovery_interrupted_stays_recovery);
  ADD ("/engine/transient-poll-errors-keep-polling", test_transient_poll_errors_keep_polling);
  ADD ("/engine/provider-failure", test_provider_failure);
  ADD ("/engine/submit-unknown-outcome", test_submit_unknown_outcome);
  ADD ("/engine/poll-deadline-means-unknown", test_poll_deadline_means_unknown);
  ADD ("/engine/concurrency-limit", test_concurrency_limit);
  ADD ("/engine/not-a-video-fails-verification", test_not_a_video_fails_verification);
  ADD ("/engine/duration-mismatch-is-a-warning", test_duration_mismatch_is_a_warning);
  ADD ("/engine/expired-result", test_expired_result);
  ADD ("/engine/cancel", test_cancel);
  ADD ("/engine/offline-holds-then-resumes", test_offline_holds_then_resumes);
  ADD ("/engine/simulator-end-to-end", test_simulator_end_to_end);
#undef ADD

  ret = g_test_run ();

  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (sample_clip_uri);
  g_free (text_file_uri);
  return ret;
}
