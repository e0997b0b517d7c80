/* kinema-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-provider"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kinema-provider.h"

typedef struct
{
  char               *id;
  char               *name;
  char               *dialect;
  gboolean            simulation;
  gboolean            needs_network;
  char               *setup_problem;
  KinemaCapabilities  caps;
} KinemaProviderPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KinemaProvider, kinema_provider, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_DIALECT,
  PROP_SIMULATION,
  PROP_SETUP_PROBLEM,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* KinemaTaskStatus */

G_DEFINE_BOXED_TYPE (KinemaTaskStatus, kinema_task_status, kinema_task_status_copy, kinema_task_status_free)

KinemaTaskStatus *
kinema_task_status_new (KinemaTaskState state)
{
  KinemaTaskStatus *status = g_new0 (KinemaTaskStatus, 1);

  status->state = state;
  status->progress = -1;
  status->price = -1.0;
  return status;
}

KinemaTaskStatus *
kinema_task_status_copy (const KinemaTaskStatus *status)
{
  KinemaTaskStatus *copy;

  g_return_val_if_fail (status != NULL, NULL);

  copy = g_memdup2 (status, sizeof *status);
  copy->task_id = g_strdup (status->task_id);
  copy->poll_hint = g_strdup (status->poll_hint);
  copy->video_url = g_strdup (status->video_url);
  copy->error = status->error ? g_error_copy (status->error) : NULL;
  return copy;
}

void
kinema_task_status_free (KinemaTaskStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->task_id);
  g_free (status->poll_hint);
  g_free (status->video_url);
  g_clear_error (&status->error);
  g_free (status);
}

const char *
kinema_task_state_to_string (KinemaTaskState state)
{
  switch (state)
    {
    case KINEMA_TASK_QUEUED: return "queued";
    case KINEMA_TASK_RUNNING: return "running";
    case KINEMA_TASK_SUCCEEDED: return "succeeded";
    case KINEMA_TASK_FAILED: return "failed";
    case KINEMA_TASK_CANCELLED: return "cancelled";
    default: return "running";
    }
}

void
kinema_capabilities_init_kling_v3 (KinemaCapabilities *caps)
{
  g_return_if_fail (caps != NULL);

  memset (caps, 0, sizeof *caps);
  caps->modes = (1 << KINEMA_MODE_TEXT) | (1 << KINEMA_MODE_IMAGE) | (1 << KINEMA_MODE_REFERENCE);
  caps->duration_min = 3;
  caps->duration_max = 15;
  caps->max_prompt_chars = 2500;
  caps->max_negative_chars = 2500;
  caps->max_shot_prompt_chars = 512;
  caps->max_shots = 6;
  caps->multi_shot_intelligence = TRUE;
  caps->frames_in_multi_shot = TRUE;
  caps->last_frame_in_multi_shot = FALSE;
  caps->audio_forced_in_multi_shot = FALSE;
  caps->max_elements = 3;
  caps->min_element_images = 1;
  caps->max_element_images = 4;
  caps->elements_need_image = FALSE;
  caps->max_reference_images = 7;
  caps->last_frame = TRUE;
  caps->last_frame_needs_first = TRUE;
  caps->audio = TRUE;
  caps->cfg_scale = TRUE;
  caps->watermark = TRUE;
  caps->aspect = TRUE;
  caps->quality = TRUE;
  caps->resolution_via = KINEMA_RESOLUTION_VIA_MODE;
  caps->image_transports = KINEMA_IMAGE_URL | KINEMA_IMAGE_BASE64;
}

/* GObject */

static void
kinema_provider_finalize (GObject *object)
{
  KinemaProvider *self = (KinemaProvider *) object;
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  g_clear_pointer (&priv->id, g_free);
  g_clear_pointer (&priv->name, g_free);
  g_clear_pointer (&priv->dialect, g_free);
  g_clear_pointer (&priv->setup_problem, g_free);

  G_OBJECT_CLASS (kinema_provider_parent_class)->finalize (object);
}

static void
kinema_provider_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KinemaProvider *self = KINEMA_PROVIDER (object);
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID: g_value_set_string (value, priv->id); break;
    case PROP_NAME: g_value_set_string (value, priv->name); break;
    case PROP_DIALECT: g_value_set_string (value, priv->dialect); break;
    case PROP_SIMULATION: g_value_set_boolean (value, priv->simulation); break;
    case PROP_SETUP_PROBLEM: g_value_set_string (value, priv->setup_problem); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_provider_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KinemaProvider *self = KINEMA_PROVIDER (object);
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID: g_free (priv->id); priv->id = g_value_dup_string (value); break;
    case PROP_NAME: g_free (priv->name); priv->name = g_value_dup_string (value); break;
    case PROP_DIALECT: g_free (priv->dialect); priv->dialect = g_value_dup_string (value); break;
    case PROP_SIMULATION:
      priv->simulation = g_value_get_boolean (value);
      if (priv->simulation)
        priv->needs_network = FALSE;
      break;
    case PROP_SETUP_PROBLEM: kinema_provider_set_setup_problem (self, g_value_get_string (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static int
kinema_provider_real_next_poll_delay (KinemaProvider *self,
                                      guint           attempt,
                                      double          elapsed)
{
  /* 5 s, then back off up to 60 s; give up after 30 minutes. */
  if (elapsed > 30 * 60)
    return -1;
  if (attempt < 6)
    return 5;
  return MIN (60, 5 << MIN (attempt - 5, 4));
}

static void
kinema_provider_class_init (KinemaProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = kinema_provider_finalize;
  object_class->get_property = kinema_provider_get_property;
  object_class->set_property = kinema_provider_set_property;

  klass->next_poll_delay = kinema_provider_real_next_poll_delay;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_DIALECT] = g_param_spec_string ("dialect", NULL, NULL, NULL, flags);
  properties[PROP_SIMULATION] = g_param_spec_boolean ("simulation", NULL, NULL, FALSE, flags);
  properties[PROP_SETUP_PROBLEM] = g_param_spec_string ("setup-problem", NULL, NULL, NULL,
                                                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                        G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kinema_provider_init (KinemaProvider *self)
{
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  kinema_capabilities_init_kling_v3 (&priv->caps);
  priv->needs_network = TRUE;
}

gboolean
kinema_provider_get_needs_network (KinemaProvider *self)
{
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), TRUE);
  return priv->needs_network;
}

void
kinema_provider_set_needs_network (KinemaProvider *self,
                                   gboolean        needs_network)
{
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  g_return_if_fail (KINEMA_IS_PROVIDER (self));
  priv->needs_network = !!needs_network;
}

const char *
kinema_provider_get_setup_problem (KinemaProvider *self)
{
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), NULL);
  return priv->setup_problem;
}

void
kinema_provider_set_setup_problem (KinemaProvider *self,
                                   const char     *problem)
{
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  g_return_if_fail (KINEMA_IS_PROVIDER (self));
  if (problem != NULL && *problem == '\0')
    problem = NULL;
  if (g_strcmp0 (priv->setup_problem, problem) == 0)
    return;
  g_free (priv->setup_problem);
  priv->setup_problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SETUP_PROBLEM]);
}

const char *
kinema_provider_get_id (KinemaProvider *self)
{
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), NULL);
  return priv->id;
}

const char *
kinema_provider_get_name (KinemaProvider *self)
{
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), NULL);
  return priv->name ? priv->name : priv->id;
}

const char *
kinema_provider_get_dialect (KinemaProvider *self)
{
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), NULL);
  return priv->dialect;
}

gboolean
kinema_provider_is_simulation (KinemaProvider *self)
{
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), FALSE);
  return priv->simulation;
}

char *
kinema_provider_dup_display_name (KinemaProvider *self)
{
  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), NULL);

  if (kinema_provider_is_simulation (self))
    /* Translators: %s is a provider name */
    return g_strdup_printf (_("%s (simulation, no real video)"), kinema_provider_get_name (self));
  return g_strdup (kinema_provider_get_name (self));
}

const KinemaCapabilities *
kinema_provider_get_capabilities (KinemaProvider *self)
{
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), NULL);
  return &priv->caps;
}

void
kinema_provider_set_capabilities (KinemaProvider           *self,
                                  const KinemaCapabilities *caps)
{
  KinemaProviderPrivate *priv = kinema_provider_get_instance_private (self);

  g_return_if_fail (KINEMA_IS_PROVIDER (self));
  g_return_if_fail (caps != NULL);
  priv->caps = *caps;
}

void
kinema_provider_submit_async (KinemaProvider      *self,
                              KinemaRequest       *request,
                              const char          *job_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (KINEMA_IS_PROVIDER (self));
  g_return_if_fail (KINEMA_IS_REQUEST (request));

  KINEMA_PROVIDER_GET_CLASS (self)->submit_async (self, request, job_id, cancellable, callback, user_data);
}

KinemaTaskStatus *
kinema_provider_submit_finish (KinemaProvider  *self,
                               GAsyncResult    *result,
                               GError         **error)
{
  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), NULL);

  return KINEMA_PROVIDER_GET_CLASS (self)->submit_finish (self, result, error);
}

void
kinema_provider_poll_async (KinemaProvider      *self,
                            const char          *task_id,
                            const char          *poll_hint,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (KINEMA_IS_PROVIDER (self));
  g_return_if_fail (task_id != NULL);

  KINEMA_PROVIDER_GET_CLASS (self)->poll_async (self, task_id, poll_hint, cancellable, callback, user_data);
}

KinemaTaskStatus *
kinema_provider_poll_finish (KinemaProvider  *self,
                             GAsyncResult    *result,
                             GError         **error)
{
  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), NULL);

  return KINEMA_PROVIDER_GET_CLASS (self)->poll_finish (self, result, error);
}

int
kinema_provider_next_poll_delay (KinemaProvider *self,
                                 guint           attempt,
                                 double          elapsed)
{
  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), -1);

  return KINEMA_PROVIDER_GET_CLASS (self)->next_poll_delay (self, attempt, elapsed);
}

void
kinema_provider_forget_task (KinemaProvider *self,
                             const char     *task_id)
{
  g_return_if_fail (KINEMA_IS_PROVIDER (self));
  g_return_if_fail (task_id != NULL);

  if (KINEMA_PROVIDER_GET_CLASS (self)->forget_task)
    KINEMA_PROVIDER_GET_CLASS (self)->forget_task (self, task_id);
}

double
kinema_poll_scale (void)
{
  const char *env = g_getenv ("KINEMA_POLL_SCALE");
  char *end = NULL;
  double v;

  if (env == NULL || *env == '\0')
    return 1.0;
  v = g_ascii_strtod (env, &end);
  if (end == NULL || *end != '\0' || !(v > 0.0) || v > 1.0)
    return 1.0;
  return v;
}

gboolean
kinema_provider_recovery_lookup (KinemaProvider  *self,
                                 KinemaRequest   *request,
                                 const char      *job_id,
                                 char           **task_id,
                                 char           **poll_hint)
{
  g_return_val_if_fail (KINEMA_IS_PROVIDER (self), FALSE);
  g_return_val_if_fail (task_id != NULL && poll_hint != NULL, FALSE);

  *task_id = NULL;
  *poll_hint = NULL;
  if (KINEMA_PROVIDER_GET_CLASS (self)->recovery_lookup == NULL)
    return FALSE;
  return KINEMA_PROVIDER_GET_CLASS (self)->recovery_lookup (self, request, job_id, task_id, poll_hint);
}
