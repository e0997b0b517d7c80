/* kinema-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-job"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kinema-job.h"

/* States */

static const char *state_names[] = {
  "pending", "submitting", "queued", "running", "downloading",
  "done", "failed", "cancelled", "unknown",
};

const char *
kinema_job_state_to_string (KinemaJobState state)
{
  if ((guint) state >= G_N_ELEMENTS (state_names))
    return "unknown";
  return state_names[state];
}

gboolean
kinema_job_state_from_string (const char     *str,
                              KinemaJobState *out)
{
  for (guint i = 0; str && i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (state_names[i], str) == 0)
      {
        *out = (KinemaJobState) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
kinema_job_state_is_final (KinemaJobState state)
{
  return state == KINEMA_JOB_DONE ||
         state == KINEMA_JOB_FAILED ||
         state == KINEMA_JOB_CANCELLED ||
         state == KINEMA_JOB_UNKNOWN;
}

const char *
kinema_job_state_to_label (KinemaJobState state)
{
  switch (state)
    {
    case KINEMA_JOB_PENDING: return _("Waiting to send");
    case KINEMA_JOB_SUBMITTING: return _("Sending");
    case KINEMA_JOB_QUEUED: return _("Queued");
    case KINEMA_JOB_RUNNING: return _("Generating");
    case KINEMA_JOB_DOWNLOADING: return _("Downloading");
    case KINEMA_JOB_DONE: return _("Ready");
    case KINEMA_JOB_FAILED: return _("Failed");
    case KINEMA_JOB_CANCELLED: return _("Cancelled");
    case KINEMA_JOB_UNKNOWN: return _("Outcome unknown");
    default: return _("Outcome unknown");
    }
}

/* KinemaClip */

G_DEFINE_FINAL_TYPE (KinemaClip, kinema_clip, G_TYPE_OBJECT)

static void
kinema_clip_finalize (GObject *object)
{
  KinemaClip *self = (KinemaClip *) object;

  g_clear_pointer (&self->job_id, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->warnings, g_free);

  G_OBJECT_CLASS (kinema_clip_parent_class)->finalize (object);
}

static void
kinema_clip_class_init (KinemaClipClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kinema_clip_finalize;
}

static void
kinema_clip_init (KinemaClip *self)
{
}

KinemaClip *
kinema_clip_new (void)
{
  return g_object_new (KINEMA_TYPE_CLIP, NULL);
}

/* KinemaJob */

struct _KinemaJob
{
  GObject         parent_instance;

  char           *id;
  char           *provider_id;
  KinemaRequest  *request;       /* atomic: set once, lazily from request_json */
  char           *request_json;  /* only for jobs loaded from the library */
  KinemaJobState  state;
  double          progress;
  char           *remote_task_id;
  char           *poll_hint;
  char           *result_url;
  int             error_code;
  char           *error_message;
  gint64          created;
  gint64          updated;
  gint64          submitted;
  guint           attempts;
  double          price_estimate;
  double          price_actual;
  KinemaClip     *clip;
};

G_DEFINE_FINAL_TYPE (KinemaJob, kinema_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_PROVIDER_ID,
  PROP_REQUEST,
  PROP_STATE,
  PROP_PROGRESS,
  PROP_REMOTE_TASK_ID,
  PROP_ERROR_MESSAGE,
  PROP_PRICE_ACTUAL,
  PROP_CLIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
touch (KinemaJob *self)
{
  self->updated = g_get_real_time () / G_USEC_PER_SEC;
}

static void
kinema_job_finalize (GObject *object)
{
  KinemaJob *self = (KinemaJob *) object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->provider_id, g_free);
  g_clear_object (&self->request);
  g_clear_pointer (&self->request_json, g_free);
  g_clear_pointer (&self->remote_task_id, g_free);
  g_clear_pointer (&self->poll_hint, g_free);
  g_clear_pointer (&self->result_url, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_object (&self->clip);

  G_OBJECT_CLASS (kinema_job_parent_class)->finalize (object);
}

static void
kinema_job_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  KinemaJob *self = KINEMA_JOB (object);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, self->id); break;
    case PROP_PROVIDER_ID: g_value_set_string (value, self->provider_id); break;
    case PROP_REQUEST: g_value_set_object (value, kinema_job_get_request (self)); break;
    case PROP_STATE: g_value_set_int (value, self->state); break;
    case PROP_PROGRESS: g_value_set_double (value, self->progress); break;
    case PROP_REMOTE_TASK_ID: g_value_set_string (value, self->remote_task_id); break;
    case PROP_ERROR_MESSAGE: g_value_set_string (value, self->error_message); break;
    case PROP_PRICE_ACTUAL: g_value_set_double (value, self->price_actual); break;
    case PROP_CLIP: g_value_set_object (value, self->clip); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_job_class_init (KinemaJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kinema_job_finalize;
  object_class->get_property = kinema_job_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_PROVIDER_ID] = g_param_spec_string ("provider-id", NULL, NULL, NULL, flags);
  properties[PROP_REQUEST] = g_param_spec_object ("request", NULL, NULL, KINEMA_TYPE_REQUEST, flags);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, KINEMA_JOB_UNKNOWN, 0, flags);
  properties[PROP_PROGRESS] = g_param_spec_double ("progress", NULL, NULL, -1.0, 1.0, -1.0, flags);
  properties[PROP_REMOTE_TASK_ID] = g_param_spec_string ("remote-task-id", NULL, NULL, NULL, flags);
  properties[PROP_ERROR_MESSAGE] = g_param_spec_string ("error-message", NULL, NULL, NULL, flags);
  properties[PROP_PRICE_ACTUAL] = g_param_spec_double ("price-actual", NULL, NULL, -1.0, G_MAXDOUBLE, -1.0, flags);
  properties[PROP_CLIP] = g_param_spec_object ("clip", NULL, NULL, KINEMA_TYPE_CLIP, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kinema_job_init (KinemaJob *self)
{
  self->progress = -1.0;
  self->error_code = -1;
  self->price_estimate = -1.0;
  self->price_actual = -1.0;
}

static KinemaJob *
job_new_loaded (const char     *id,
                const char     *provider_id,
                KinemaJobState  state,
                gint64          created,
                gint64          updated)
{
  KinemaJob *self = g_object_new (KINEMA_TYPE_JOB, NULL);

  self->id = g_strdup (id);
  self->provider_id = g_strdup (provider_id);
  self->state = state;
  self->created = created;
  self->updated = updated;
  return self;
}

KinemaJob *
kinema_job_new_full (const char     *id,
                     const char     *provider_id,
                     KinemaRequest  *request,
                     KinemaJobState  state,
                     gint64          created,
                     gint64          updated)
{
  KinemaJob *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);
  g_return_val_if_fail (KINEMA_IS_REQUEST (request), NULL);

  self = job_new_loaded (id, provider_id, state, created, updated);
  self->request = g_object_ref (request);
  return self;
}

KinemaJob *
kinema_job_new_stored (const char     *id,
                       const char     *provider_id,
                       const char     *request_json,
                       KinemaJobState  state,
                       gint64          created,
                       gint64          updated)
{
  KinemaJob *self;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (provider_id != NULL, NULL);
  g_return_val_if_fail (request_json != NULL, NULL);

  self = job_new_loaded (id, provider_id, state, created, updated);
  self->request_json = g_strdup (request_json);
  return self;
}

KinemaJob *
kinema_job_new (const char    *provider_id,
                KinemaRequest *request)
{
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(KinemaRequest) frozen = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (KINEMA_IS_REQUEST (request), NULL);

  /* The job keeps its own copy: later edits in the editor must not
   * change what was paid for. */
  frozen = kinema_request_copy (request);
  return kinema_job_new_full (uuid, provider_id, frozen, KINEMA_JOB_PENDING, now, now);
}

#define GETTER(type, name, field)                 \
  type                                            \
  kinema_job_get_##name (KinemaJob *self)         \
  {                                               \
    g_return_val_if_fail (KINEMA_IS_JOB (self), (type) 0); \
    return self->field;                           \
  }

GETTER (const char *, id, id)
GETTER (const char *, provider_id, provider_id)

/* Any thread may ask first: the first parse to finish is kept. */
static KinemaRequest *
load_request (KinemaJob *self)
{
  g_autoptr(GError) error = NULL;
  KinemaRequest *parsed;

  parsed = kinema_request_new_from_json (self->request_json ? self->request_json : "", &error);
  if (parsed == NULL)
    {
      g_warning ("The saved request of job %s is damaged: %s", self->id, error->message);
      parsed = kinema_request_new ();
    }
  if (!g_atomic_pointer_compare_and_exchange (&self->request, NULL, parsed))
    g_object_unref (parsed);
  return g_atomic_pointer_get (&self->request);
}

KinemaRequest *
kinema_job_get_request (KinemaJob *self)
{
  KinemaRequest *request;

  g_return_val_if_fail (KINEMA_IS_JOB (self), NULL);

  request = g_atomic_pointer_get (&self->request);
  return request != NULL ? request : load_request (self);
}

GETTER (KinemaJobState, state, state)
GETTER (double, progress, progress)
GETTER (const char *, remote_task_id, remote_task_id)
GETTER (const char *, poll_hint, poll_hint)
GETTER (const char *, result_url, result_url)
GETTER (int, error_code, error_code)
GETTER (const char *, error_message, error_message)
GETTER (gint64, created, created)
GETTER (gint64, updated, updated)
GETTER (gint64, submitted, submitted)
GETTER (guint, attempts, attempts)
GETTER (double, price_estimate, price_estimate)
GETTER (double, price_actual, price_actual)
GETTER (KinemaClip *, clip, clip)

static gboolean
replace_string (char       **field,
                const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
kinema_job_set_state (KinemaJob      *self,
                      KinemaJobState  state)
{
  g_return_if_fail (KINEMA_IS_JOB (self));

  if (self->state == state)
    return;
  self->state = state;
  touch (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
kinema_job_set_progress (KinemaJob *self,
                         double     progress)
{
  g_return_if_fail (KINEMA_IS_JOB (self));

  progress = progress < 0 ? -1.0 : CLAMP (progress, 0.0, 1.0);
  if (self->progress == progress)
    return;
  self->progress = progress;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

void
kinema_job_set_remote_task (KinemaJob  *self,
                            const char *task_id,
                            const char *poll_hint)
{
  g_return_if_fail (KINEMA_IS_JOB (self));

  replace_string (&self->poll_hint, poll_hint);
  if (replace_string (&self->remote_task_id, task_id))
    {
      touch (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REMOTE_TASK_ID]);
    }
}

void
kinema_job_set_result_url (KinemaJob  *self,
                           const char *url)
{
  g_return_if_fail (KINEMA_IS_JOB (self));
  replace_string (&self->result_url, url);
}

void
kinema_job_set_error (KinemaJob  *self,
                      int         code,
                      const char *message)
{
  g_return_if_fail (KINEMA_IS_JOB (self));

  self->error_code = message ? code : -1;
  if (replace_string (&self->error_message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

void
kinema_job_set_submitted (KinemaJob *self,
                          gint64     unix_seconds)
{
  g_return_if_fail (KINEMA_IS_JOB (self));
  self->submitted = unix_seconds;
}

void
kinema_job_set_attempts (KinemaJob *self,
                         guint      attempts)
{
  g_return_if_fail (KINEMA_IS_JOB (self));
  self->attempts = attempts;
}

void
kinema_job_set_price_estimate (KinemaJob *self,
                               double     usd)
{
  g_return_if_fail (KINEMA_IS_JOB (self));
  self->price_estimate = usd;
}

void
kinema_job_set_price_actual (KinemaJob *self,
                             double     usd)
{
  g_return_if_fail (KINEMA_IS_JOB (self));

  if (self->price_actual == usd)
    return;
  self->price_actual = usd;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICE_ACTUAL]);
}

void
kinema_job_set_clip (KinemaJob  *self,
                     KinemaClip *clip)
{
  g_return_if_fail (KINEMA_IS_JOB (self));

  if (g_set_object (&self->clip, clip))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIP]);
}
