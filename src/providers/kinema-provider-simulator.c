/* kinema-provider-simulator.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tasks live in a hash table (id → SimTask). A submitted task is QUEUED
 * until its queue time has passed and a render slot is free, RUNNING
 * while kinema_sim_render() works in a pool thread, then SUCCEEDED (with
 * a file:// URL), FAILED or CANCELLED. The pool thread writes state and
 * progress under the task's mutex; poll only reads them, so the main
 * thread never waits for rendering.
 *
 * Files: <cache>/simulator/<task>.json is the request, written at submit
 * so that a restarted process can render the task again when it is
 * polled; <cache>/simulator/<task>.mp4 is the result.
 */
#define G_LOG_DOMAIN "kinema-provider-simulator"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kinema-error.h"
#include "kinema-paths.h"
#include "kinema-provider-simulator.h"
#include "kinema-sim-renderer.h"

#define DEFAULT_QUEUE_MS  2000
#define QUEUE_TICK_US     (50 * G_TIME_SPAN_MILLISECOND)
#define POLL_DEADLINE_S   (60 * 60)
#define TASK_PREFIX       "sim-"

typedef struct
{
  gatomicrefcount  ref_count;
  char            *id;
  char            *mp4_path;
  KinemaRequest   *request;       /* private copy, read-only once queued */
  GCancellable    *cancellable;   /* cancelled when the provider goes away */
  gint64           not_before;    /* monotonic µs: end of the queued phase */

  GMutex           mutex;         /* guards the fields below */
  KinemaTaskState  state;
  int              progress;      /* 0..100 */
  GError          *error;         /* set when FAILED */
} SimTask;

struct _KinemaProviderSimulator
{
  KinemaProvider  parent_instance;

  guint           queue_ms;

  GMutex          mutex;          /* guards tasks */
  GHashTable     *tasks;          /* char *id → SimTask * (owned ref) */
};

G_DEFINE_FINAL_TYPE (KinemaProviderSimulator, kinema_provider_simulator, KINEMA_TYPE_PROVIDER)

/* SimTask */

static SimTask *
sim_task_new (const char      *id,
              const char      *mp4_path,
              KinemaRequest   *request,
              KinemaTaskState  state,
              gint64           not_before)
{
  SimTask *task = g_new0 (SimTask, 1);

  g_atomic_ref_count_init (&task->ref_count);
  task->id = g_strdup (id);
  task->mp4_path = g_strdup (mp4_path);
  task->request = g_object_ref (request);
  task->cancellable = g_cancellable_new ();
  task->not_before = not_before;
  g_mutex_init (&task->mutex);
  task->state = state;
  task->progress = 0;
  return task;
}

static SimTask *
sim_task_ref (SimTask *task)
{
  g_atomic_ref_count_inc (&task->ref_count);
  return task;
}

static void
sim_task_unref (SimTask *task)
{
  if (!g_atomic_ref_count_dec (&task->ref_count))
    return;

  g_free (task->id);
  g_free (task->mp4_path);
  g_clear_object (&task->request);
  g_clear_object (&task->cancellable);
  g_mutex_clear (&task->mutex);
  g_clear_error (&task->error);
  g_free (task);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SimTask, sim_task_unref)

static char *
file_uri_for_path (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return g_file_get_uri (file);
}

/* A snapshot for poll; safe from any thread. */
static KinemaTaskStatus *
sim_task_dup_status (SimTask *task)
{
  KinemaTaskStatus *status;

  g_mutex_lock (&task->mutex);
  status = kinema_task_status_new (task->state);
  status->task_id = g_strdup (task->id);
  status->progress = task->progress;
  if (task->state == KINEMA_TASK_SUCCEEDED)
    status->video_url = file_uri_for_path (task->mp4_path);
  if (task->error != NULL)
    status->error = g_error_copy (task->error);
  g_mutex_unlock (&task->mutex);

  return status;
}

static void
sim_task_set_state (SimTask         *task,
                    KinemaTaskState  state,
                    int              progress,
                    const GError    *error)
{
  g_mutex_lock (&task->mutex);
  task->state = state;
  if (progress >= 0)
    task->progress = progress;
  g_clear_error (&task->error);
  if (error != NULL)
    task->error = g_error_copy (error);
  g_mutex_unlock (&task->mutex);
}

/* Rendering (pool threads) */

static void
render_progress_cb (double   fraction,
                    gpointer user_data)
{
  SimTask *task = user_data;
  int percent = (int) (CLAMP (fraction, 0.0, 1.0) * 100.0);

  g_mutex_lock (&task->mutex);
  /* 100 only once the file is in place. */
  if (task->state == KINEMA_TASK_RUNNING)
    task->progress = MAX (task->progress, MIN (percent, 99));
  g_mutex_unlock (&task->mutex);
}

static void
render_task_func (gpointer data,
                  gpointer user_data)
{
  g_autoptr(SimTask) task = data;
  g_autoptr(GError) error = NULL;

  /* The queued phase: wait out the queue time, cancellably. */
  for (;;)
    {
      gint64 remaining = task->not_before - g_get_monotonic_time ();

      if (remaining <= 0 || g_cancellable_is_cancelled (task->cancellable))
        break;
      g_usleep (MIN (remaining, QUEUE_TICK_US));
    }

  if (g_cancellable_is_cancelled (task->cancellable))
    {
      sim_task_set_state (task, KINEMA_TASK_CANCELLED, -1, NULL);
      return;
    }

  sim_task_set_state (task, KINEMA_TASK_RUNNING, 0, NULL);
  g_debug ("Task %s: rendering to %s", task->id, task->mp4_path);

  if (kinema_sim_render (task->request, task->mp4_path,
                         render_progress_cb, task,
                         task->cancellable, &error))
    {
      g_debug ("Task %s: done", task->id);
      sim_task_set_state (task, KINEMA_TASK_SUCCEEDED, 100, NULL);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Task %s: cancelled", task->id);
      sim_task_set_state (task, KINEMA_TASK_CANCELLED, -1, NULL);
    }
  else
    {
      g_debug ("Task %s: failed: %s", task->id, error->message);
      sim_task_set_state (task, KINEMA_TASK_FAILED, -1, error);
    }
}

/* One pool for every simulator instance: a few renders at a time, the
 * rest stay queued, as on a real service. */
static GThreadPool *
get_render_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      int n = (int) CLAMP (g_get_num_processors () / 2, 1, 4);
      GThreadPool *new_pool = g_thread_pool_new (render_task_func, NULL, n, FALSE, NULL);

      g_once_init_leave (&pool, new_pool);
    }

  return pool;
}

/* Call with self->mutex held. Takes a ref of @task for the table and one
 * for the pool. */
static void
start_task_locked (KinemaProviderSimulator *self,
                   SimTask                 *task)
{
  g_hash_table_insert (self->tasks, task->id, sim_task_ref (task));
  g_thread_pool_push (get_render_pool (), sim_task_ref (task), NULL);
}

/* Helpers */

static char *
dup_sim_dir (void)
{
  return g_build_filename (kinema_paths_cache_dir (), "simulator", NULL);
}

/* Task ids become file names: accept only what submit makes. */
static gboolean
task_id_is_valid (const char *task_id)
{
  if (!g_str_has_prefix (task_id, TASK_PREFIX) || task_id[strlen (TASK_PREFIX)] == '\0')
    return FALSE;

  for (const char *p = task_id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-')
      return FALSE;

  return TRUE;
}

static guint
env_ms (const char *name,
        guint       fallback)
{
  const char *value = g_getenv (name);
  guint64 ms;

  if (value == NULL || *value == '\0'
      || !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT, &ms, NULL))
    return fallback;
  return (guint) ms;
}

static SimTask *
lookup_task (KinemaProviderSimulator *self,
             const char              *task_id)
{
  SimTask *task;

  g_mutex_lock (&self->mutex);
  task = g_hash_table_lookup (self->tasks, task_id);
  if (task != NULL)
    sim_task_ref (task);
  g_mutex_unlock (&self->mutex);

  return task;
}

/* submit */

static void
submit_thread (GTask        *gtask,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  KinemaProviderSimulator *self = source_object;
  KinemaRequest *request = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SimTask) task = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *id = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *mp4_path = NULL;
  g_autofree char *json = NULL;
  KinemaTaskStatus *status;

  if (g_task_return_error_if_cancelled (gtask))
    return;

  dir = dup_sim_dir ();
  /* Already a KINEMA_ERROR_STORAGE that names the folder. */
  if (!kinema_paths_ensure_dir (dir, &error))
    {
      g_task_return_error (gtask, g_steal_pointer (&error));
      return;
    }

  uuid = g_uuid_string_random ();
  id = g_strconcat (TASK_PREFIX, uuid, NULL);
  json_path = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%s.json", dir, id);
  mp4_path = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%s.mp4", dir, id);

  /* The request goes to disk first, so a restart can render it again. */
  json = kinema_request_to_json (request);
  if (!g_file_set_contents (json_path, json, -1, &error))
    {
      g_task_return_new_error (gtask, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                               _("The simulator cannot store the request: %s"), error->message);
      return;
    }

  task = sim_task_new (id, mp4_path, request, KINEMA_TASK_QUEUED,
                       g_get_monotonic_time () + (gint64) self->queue_ms * G_TIME_SPAN_MILLISECOND);

  /* Snapshot first: with no queue time the pool may start it at once. */
  status = sim_task_dup_status (task);

  g_mutex_lock (&self->mutex);
  start_task_locked (self, task);
  g_mutex_unlock (&self->mutex);

  g_debug ("Task %s queued for %u ms", id, self->queue_ms);

  g_task_return_pointer (gtask, status, (GDestroyNotify) kinema_task_status_free);
}

static void
kinema_provider_simulator_submit_async (KinemaProvider      *provider,
                                        KinemaRequest       *request,
                                        const char          *job_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  task = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (task, kinema_provider_simulator_submit_async);
  /* A private copy: the caller may keep editing its request. */
  g_task_set_task_data (task, kinema_request_copy (request), g_object_unref);
  g_task_run_in_thread (task, submit_thread);
}

static KinemaTaskStatus *
kinema_provider_simulator_submit_finish (KinemaProvider  *provider,
                                         GAsyncResult    *result,
                                         GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* poll */

/* A task this process does not know: it was submitted before a restart. */
static void
restore_thread (GTask        *gtask,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  KinemaProviderSimulator *self = source_object;
  const char *task_id = task_data;
  g_autoptr(KinemaRequest) request = NULL;
  g_autoptr(SimTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *json_path = NULL;
  g_autofree char *mp4_path = NULL;
  g_autofree char *json = NULL;
  KinemaTaskStatus *status;

  if (g_task_return_error_if_cancelled (gtask))
    return;

  if (!task_id_is_valid (task_id))
    {
      g_task_return_new_error (gtask, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND,
                               _("The simulator has no task “%s”"), task_id);
      return;
    }

  dir = dup_sim_dir ();
  json_path = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%s.json", dir, task_id);
  mp4_path = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%s.mp4", dir, task_id);

  if (g_file_test (mp4_path, G_FILE_TEST_IS_REGULAR))
    {
      status = kinema_task_status_new (KINEMA_TASK_SUCCEEDED);
      status->task_id = g_strdup (task_id);
      status->progress = 100;
      status->video_url = file_uri_for_path (mp4_path);
      g_task_return_pointer (gtask, status, (GDestroyNotify) kinema_task_status_free);
      return;
    }

  if (!g_file_get_contents (json_path, &json, NULL, NULL))
    {
      g_task_return_new_error (gtask, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND,
                               _("The simulator has no task “%s”"), task_id);
      return;
    }

  request = kinema_request_new_from_json (json, &error);
  if (request == NULL)
    {
      status = kinema_task_status_new (KINEMA_TASK_FAILED);
      status->task_id = g_strdup (task_id);
      status->error = g_error_new (KINEMA_ERROR, KINEMA_ERROR_GENERATION_FAILED,
                                   _("The simulator cannot read its stored request: %s"),
                                   error->message);
      g_task_return_pointer (gtask, status, (GDestroyNotify) kinema_task_status_free);
      return;
    }

  g_mutex_lock (&self->mutex);
  /* Another poll may have restored it meanwhile. */
  task = g_hash_table_lookup (self->tasks, task_id);
  if (task != NULL)
    sim_task_ref (task);
  else
    {
      g_debug ("Task %s: rendering again from %s", task_id, json_path);
      task = sim_task_new (task_id, mp4_path, request, KINEMA_TASK_RUNNING, 0);
      start_task_locked (self, task);
    }
  g_mutex_unlock (&self->mutex);

  status = sim_task_dup_status (task);
  g_task_return_pointer (gtask, status, (GDestroyNotify) kinema_task_status_free);
}

static void
kinema_provider_simulator_poll_async (KinemaProvider      *provider,
                                      const char          *task_id,
                                      const char          *poll_hint,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  KinemaProviderSimulator *self = KINEMA_PROVIDER_SIMULATOR (provider);
  g_autoptr(GTask) gtask = NULL;
  g_autoptr(SimTask) task = NULL;

  gtask = g_task_new (provider, cancellable, callback, user_data);
  g_task_set_source_tag (gtask, kinema_provider_simulator_poll_async);

  task = lookup_task (self, task_id);
  if (task != NULL)
    {
      g_task_return_pointer (gtask, sim_task_dup_status (task),
                             (GDestroyNotify) kinema_task_status_free);
      return;
    }

  /* Unknown here: look on disk, off the calling thread. */
  g_task_set_task_data (gtask, g_strdup (task_id), g_free);
  g_task_run_in_thread (gtask, restore_thread);
}

static KinemaTaskStatus *
kinema_provider_simulator_poll_finish (KinemaProvider  *provider,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static int
kinema_provider_simulator_next_poll_delay (KinemaProvider *provider,
                                           guint           attempt,
                                           double          elapsed)
{
  if (elapsed > POLL_DEADLINE_S)
    return -1;

  /* Whole seconds only; KINEMA_SIM_POLL_MS rounds up (0 stays 0). */
  return (int) ((env_ms ("KINEMA_SIM_POLL_MS", 1000) + 999) / 1000);
}

/* GObject */

static void
kinema_provider_simulator_dispose (GObject *object)
{
  KinemaProviderSimulator *self = (KinemaProviderSimulator *) object;
  GHashTableIter iter;
  gpointer value;

  /* Stop our renders; their .json stays, so a later poll resumes them. */
  g_mutex_lock (&self->mutex);
  if (self->tasks != NULL)
    {
      g_hash_table_iter_init (&iter, self->tasks);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_cancellable_cancel (((SimTask *) value)->cancellable);
      g_hash_table_remove_all (self->tasks);
    }
  g_mutex_unlock (&self->mutex);

  G_OBJECT_CLASS (kinema_provider_simulator_parent_class)->dispose (object);
}

static void
kinema_provider_simulator_finalize (GObject *object)
{
  KinemaProviderSimulator *self = (KinemaProviderSimulator *) object;

  g_clear_pointer (&self->tasks, g_hash_table_unref);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (kinema_provider_simulator_parent_class)->finalize (object);
}

static void
kinema_provider_simulator_constructed (GObject *object)
{
  KinemaProvider *provider = KINEMA_PROVIDER (object);
  KinemaCapabilities caps;

  G_OBJECT_CLASS (kinema_provider_simulator_parent_class)->constructed (object);

  kinema_capabilities_init_kling_v3 (&caps);
  caps.image_transports = KINEMA_IMAGE_LOCAL_FILE | KINEMA_IMAGE_URL;
  caps.reports_progress = TRUE;
  caps.reports_price = FALSE;
  kinema_provider_set_capabilities (provider, &caps);
}

/* forget_task: the engine has stored the clip; drop the cache copy. */

static void
forget_thread (GTask        *gtask,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *id = task_data;
  g_autofree char *dir = dup_sim_dir ();
  g_autofree char *json_path = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%s.json", dir, id);
  g_autofree char *mp4_path = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%s.mp4", dir, id);

  g_unlink (mp4_path);
  g_unlink (json_path);
  g_task_return_boolean (gtask, TRUE);
}

static void
kinema_provider_simulator_forget_task (KinemaProvider *provider,
                                       const char     *task_id)
{
  KinemaProviderSimulator *self = KINEMA_PROVIDER_SIMULATOR (provider);
  g_autoptr(SimTask) task = NULL;
  g_autoptr(GTask) gtask = NULL;
  gboolean finished;

  if (!task_id_is_valid (task_id))
    return;

  /* Never delete under a render that is still writing. */
  task = lookup_task (self, task_id);
  if (task != NULL)
    {
      g_mutex_lock (&task->mutex);
      finished = task->state == KINEMA_TASK_SUCCEEDED || task->state == KINEMA_TASK_FAILED;
      g_mutex_unlock (&task->mutex);
      if (!finished)
        return;
      g_mutex_lock (&self->mutex);
      g_hash_table_remove (self->tasks, task_id);
      g_mutex_unlock (&self->mutex);
    }

  /* File removal is I/O: off the caller's (main) thread. */
  gtask = g_task_new (self, NULL, NULL, NULL);
  g_task_set_task_data (gtask, g_strdup (task_id), g_free);
  g_task_run_in_thread (gtask, forget_thread);
}

static void
kinema_provider_simulator_class_init (KinemaProviderSimulatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KinemaProviderClass *provider_class = KINEMA_PROVIDER_CLASS (klass);

  object_class->constructed = kinema_provider_simulator_constructed;
  object_class->dispose = kinema_provider_simulator_dispose;
  object_class->finalize = kinema_provider_simulator_finalize;

  provider_class->submit_async = kinema_provider_simulator_submit_async;
  provider_class->submit_finish = kinema_provider_simulator_submit_finish;
  provider_class->poll_async = kinema_provider_simulator_poll_async;
  provider_class->poll_finish = kinema_provider_simulator_poll_finish;
  provider_class->next_poll_delay = kinema_provider_simulator_next_poll_delay;
  provider_class->forget_task = kinema_provider_simulator_forget_task;
}

static void
kinema_provider_simulator_init (KinemaProviderSimulator *self)
{
  g_mutex_init (&self->mutex);
  self->tasks = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) sim_task_unref);
  self->queue_ms = env_ms ("KINEMA_SIM_QUEUE_MS", DEFAULT_QUEUE_MS);
}

/* Public API */

KinemaProvider *
kinema_provider_simulator_new (void)
{
  return g_object_new (KINEMA_TYPE_PROVIDER_SIMULATOR,
                       "id", "simulator",
                       "name", "Simulator",
                       "dialect", "simulator",
                       "simulation", TRUE,
                       NULL);
}
