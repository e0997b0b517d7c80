/* kinema-clip-card.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-clip-card"

#include "config.h"

#include <glib/gi18n.h>

#include "kinema-clip-card.h"

/* How often an indeterminate progress bar moves, in microseconds. */
#define PULSE_INTERVAL_US (G_USEC_PER_SEC / 8)

struct _KinemaClipCard
{
  GtkWidget       parent_instance;

  KinemaJob      *job;
  char           *provider_name;
  GSignalGroup   *job_signals;
  guint           pulse_tick_id;
  gint64          last_pulse;

  /* Template children */
  GtkLabel       *prompt_label;
  GtkLabel       *details_label;
  GtkProgressBar *progress_bar;
  GtkImage       *state_icon;
  GtkLabel       *state_label;
};

G_DEFINE_FINAL_TYPE (KinemaClipCard, kinema_clip_card, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_JOB,
  PROP_PROVIDER_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static gboolean
state_is_active (KinemaJobState state)
{
  switch (state)
    {
    case KINEMA_JOB_PENDING:
    case KINEMA_JOB_SUBMITTING:
    case KINEMA_JOB_QUEUED:
    case KINEMA_JOB_RUNNING:
    case KINEMA_JOB_DOWNLOADING:
      return TRUE;
    case KINEMA_JOB_DONE:
    case KINEMA_JOB_FAILED:
    case KINEMA_JOB_CANCELLED:
    case KINEMA_JOB_UNKNOWN:
    default:
      return FALSE;
    }
}

static gboolean
pulse_tick_cb (GtkWidget     *widget,
               GdkFrameClock *frame_clock,
               gpointer       user_data)
{
  KinemaClipCard *self = KINEMA_CLIP_CARD (widget);
  gint64 now = gdk_frame_clock_get_frame_time (frame_clock);

  if (now - self->last_pulse >= PULSE_INTERVAL_US)
    {
      self->last_pulse = now;
      gtk_progress_bar_pulse (self->progress_bar);
    }

  return G_SOURCE_CONTINUE;
}

static void
set_pulsing (KinemaClipCard *self,
             gboolean        pulsing)
{
  if (pulsing && self->pulse_tick_id == 0)
    self->pulse_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), pulse_tick_cb, NULL, NULL);
  else if (!pulsing && self->pulse_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->pulse_tick_id);
      self->pulse_tick_id = 0;
    }
}

static void
set_state_style (KinemaClipCard *self,
                 const char     *icon_name,
                 const char     *style)
{
  static const char * const styles[] = { "success", "error", "warning", "dim-label" };
  GtkWidget *icon = GTK_WIDGET (self->state_icon);

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    {
      gtk_widget_remove_css_class (icon, styles[i]);
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), styles[i]);
    }

  gtk_image_set_from_icon_name (self->state_icon, icon_name);
  gtk_widget_set_visible (icon, icon_name != NULL);

  if (style != NULL)
    {
      gtk_widget_add_css_class (icon, style);
      if (g_strcmp0 (style, "success") != 0)
        gtk_widget_add_css_class (GTK_WIDGET (self->state_label), style);
    }
}

/* Everything shown comes from the job; one function puts it on screen. */
static void
card_update (KinemaClipCard *self)
{
  KinemaRequest *request;
  KinemaJobState state;
  KinemaClip *clip;
  const char *prompt;
  const char *error_message;
  double progress;
  g_autofree char *details = NULL;
  g_autofree char *state_text = NULL;
  g_autofree char *accessible = NULL;

  if (self->job == NULL)
    {
      set_pulsing (self, FALSE);
      return;
    }

  request = kinema_job_get_request (self->job);
  state = kinema_job_get_state (self->job);
  progress = kinema_job_get_progress (self->job);
  clip = kinema_job_get_clip (self->job);
  error_message = kinema_job_get_error_message (self->job);

  prompt = request ? kinema_request_get_prompt (request) : NULL;
  if (prompt == NULL || *prompt == '\0')
    prompt = _("No prompt");
  gtk_label_set_label (self->prompt_label, prompt);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->prompt_label), prompt);

  if (request != NULL && self->provider_name != NULL)
    /* Translators: a clip's requested length in seconds, then the provider */
    details = g_strdup_printf (_("%u s · %s"), kinema_request_get_duration (request), self->provider_name);
  else if (request != NULL)
    /* Translators: a clip's requested length in seconds */
    details = g_strdup_printf (_("%u s"), kinema_request_get_duration (request));
  else
    details = g_strdup (self->provider_name ? self->provider_name : "");
  gtk_label_set_label (self->details_label, details);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->details_label), details);

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), state_is_active (state));

  if (state_is_active (state))
    {
      if (progress >= 0)
        {
          gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (progress, 0.0, 1.0));
          /* Translators: a job's state, then how far it got, e.g. "Running · 42 %" */
          state_text = g_strdup_printf (_("%s · %d %%"), kinema_job_state_to_label (state),
                                        (int) (CLAMP (progress, 0.0, 1.0) * 100 + 0.5));
        }
      else
        {
          state_text = g_strdup (kinema_job_state_to_label (state));
        }
      set_pulsing (self, progress < 0);
      set_state_style (self, NULL, "dim-label");
    }
  else
    {
      set_pulsing (self, FALSE);

      switch (state)
        {
        case KINEMA_JOB_DONE:
          if (clip != NULL && clip->duration_ms > 0)
            /* Translators: a finished clip and its length in seconds, e.g. "Ready · 5.0 s" */
            state_text = g_strdup_printf (_("Ready · %.1f s"), clip->duration_ms / 1000.0);
          else
            state_text = g_strdup (_("Ready"));
          set_state_style (self, "emblem-ok-symbolic", "success");
          break;

        case KINEMA_JOB_FAILED:
          state_text = g_strdup (error_message && *error_message ? error_message
                                                                 : kinema_job_state_to_label (state));
          set_state_style (self, "dialog-error-symbolic", "error");
          break;

        case KINEMA_JOB_UNKNOWN:
          if (error_message && *error_message)
            state_text = g_strdup_printf ("%s · %s", kinema_job_state_to_label (state), error_message);
          else
            state_text = g_strdup (kinema_job_state_to_label (state));
          set_state_style (self, "dialog-warning-symbolic", "warning");
          break;

        case KINEMA_JOB_CANCELLED:
        default:
          state_text = g_strdup (kinema_job_state_to_label (state));
          set_state_style (self, "process-stop-symbolic", "dim-label");
          break;
        }
    }

  gtk_label_set_label (self->state_label, state_text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->state_label), state_text);

  accessible = g_strdup_printf ("%s. %s. %s", prompt, details, state_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/* GtkWidget */

static void
kinema_clip_card_unmap (GtkWidget *widget)
{
  KinemaClipCard *self = KINEMA_CLIP_CARD (widget);

  /* Tick callbacks only run while mapped; card_update () adds it back. */
  set_pulsing (self, FALSE);

  GTK_WIDGET_CLASS (kinema_clip_card_parent_class)->unmap (widget);
}

static void
kinema_clip_card_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (kinema_clip_card_parent_class)->map (widget);

  card_update (KINEMA_CLIP_CARD (widget));
}

/* GObject */

static void
kinema_clip_card_dispose (GObject *object)
{
  KinemaClipCard *self = (KinemaClipCard *) object;
  GtkWidget *child;

  set_pulsing (self, FALSE);
  if (self->job_signals != NULL)
    g_signal_group_set_target (self->job_signals, NULL);
  g_clear_object (&self->job_signals);
  g_clear_object (&self->job);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_CLIP_CARD);
  /* Disposing the template drops its references; the tree is ours to undo. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kinema_clip_card_parent_class)->dispose (object);
}

static void
kinema_clip_card_finalize (GObject *object)
{
  KinemaClipCard *self = (KinemaClipCard *) object;

  g_clear_pointer (&self->provider_name, g_free);

  G_OBJECT_CLASS (kinema_clip_card_parent_class)->finalize (object);
}

static void
kinema_clip_card_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KinemaClipCard *self = KINEMA_CLIP_CARD (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_PROVIDER_NAME:
      g_value_set_string (value, self->provider_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_clip_card_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KinemaClipCard *self = KINEMA_CLIP_CARD (object);

  switch (prop_id)
    {
    case PROP_JOB:
      kinema_clip_card_set_job (self, g_value_get_object (value));
      break;
    case PROP_PROVIDER_NAME:
      kinema_clip_card_set_provider_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_clip_card_class_init (KinemaClipCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_clip_card_dispose;
  object_class->finalize = kinema_clip_card_finalize;
  object_class->get_property = kinema_clip_card_get_property;
  object_class->set_property = kinema_clip_card_set_property;

  widget_class->map = kinema_clip_card_map;
  widget_class->unmap = kinema_clip_card_unmap;

  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL,
                         KINEMA_TYPE_JOB,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER_NAME] =
    g_param_spec_string ("provider-name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-clip-card.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, details_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, state_icon);
  gtk_widget_class_bind_template_child (widget_class, KinemaClipCard, state_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemaclipcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kinema_clip_card_init (KinemaClipCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->job_signals = g_signal_group_new (KINEMA_TYPE_JOB);
  g_signal_group_connect_swapped (self->job_signals, "notify::state", G_CALLBACK (card_update), self);
  g_signal_group_connect_swapped (self->job_signals, "notify::progress", G_CALLBACK (card_update), self);
  g_signal_group_connect_swapped (self->job_signals, "notify::error-message", G_CALLBACK (card_update), self);
  g_signal_group_connect_swapped (self->job_signals, "notify::clip", G_CALLBACK (card_update), self);
}

/* Public API */

GtkWidget *
kinema_clip_card_new (void)
{
  return g_object_new (KINEMA_TYPE_CLIP_CARD, NULL);
}

KinemaJob *
kinema_clip_card_get_job (KinemaClipCard *self)
{
  g_return_val_if_fail (KINEMA_IS_CLIP_CARD (self), NULL);

  return self->job;
}

void
kinema_clip_card_set_job (KinemaClipCard *self,
                          KinemaJob      *job)
{
  g_return_if_fail (KINEMA_IS_CLIP_CARD (self));
  g_return_if_fail (job == NULL || KINEMA_IS_JOB (job));

  if (!g_set_object (&self->job, job))
    return;

  g_signal_group_set_target (self->job_signals, job);
  card_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

const char *
kinema_clip_card_get_provider_name (KinemaClipCard *self)
{
  g_return_val_if_fail (KINEMA_IS_CLIP_CARD (self), NULL);

  return self->provider_name;
}

void
kinema_clip_card_set_provider_name (KinemaClipCard *self,
                                    const char     *provider_name)
{
  g_return_if_fail (KINEMA_IS_CLIP_CARD (self));

  if (g_strcmp0 (self->provider_name, provider_name) == 0)
    return;

  g_free (self->provider_name);
  self->provider_name = g_strdup (provider_name);
  card_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER_NAME]);
}
