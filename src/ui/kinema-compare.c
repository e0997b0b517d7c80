/* kinema-compare.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-compare"

#include "config.h"

#include <glib/gi18n.h>

#include "kinema-compare.h"
#include "kinema-media-stream.h"
#include "kinema-ui-util.h"

#define SEEK_STEP_US (5 * G_USEC_PER_SEC)

struct _KinemaCompare
{
  AdwWindow       parent_instance;

  KinemaJob      *jobs[2];
  GtkMediaStream *streams[2];
  guint           master;          /* the longer take drives the position */
  gboolean        updating_scale;

  /* Template children */
  GtkPicture     *picture_a;
  GtkPicture     *picture_b;
  GtkLabel       *title_a;
  GtkLabel       *title_b;
  GtkLabel       *subtitle_a;
  GtkLabel       *subtitle_b;
  GtkButton      *play_button;
  GtkLabel       *position_label;
  GtkScale       *scale;
  GtkAdjustment  *adjustment;
  GtkLabel       *duration_label;
  GtkToggleButton *loop_button;
  GtkToggleButton *mute_button;
};

G_DEFINE_FINAL_TYPE (KinemaCompare, kinema_compare, ADW_TYPE_WINDOW)

/* Auxiliary methods */

static char *
format_time (gint64 us)
{
  gint64 s = MAX (0, us) / G_USEC_PER_SEC;

  return g_strdup_printf ("%d:%02d", (int) (s / 60), (int) (s % 60));
}

static gboolean
any_playing (KinemaCompare *self)
{
  for (guint i = 0; i < 2; i++)
    if (self->streams[i] != NULL && gtk_media_stream_get_playing (self->streams[i]))
      return TRUE;
  return FALSE;
}

static void
update_controls (KinemaCompare *self)
{
  GtkMediaStream *master = self->streams[self->master];
  gint64 duration = 0;
  gint64 position = 0;
  g_autofree char *position_text = NULL;
  g_autofree char *duration_text = NULL;
  gboolean playing = any_playing (self);

  for (guint i = 0; i < 2; i++)
    if (self->streams[i] != NULL)
      duration = MAX (duration, gtk_media_stream_get_duration (self->streams[i]));
  if (master != NULL)
    position = gtk_media_stream_get_timestamp (master);

  self->updating_scale = TRUE;
  gtk_adjustment_set_upper (self->adjustment, MAX (duration, 1) / (double) G_USEC_PER_SEC);
  gtk_adjustment_set_value (self->adjustment, position / (double) G_USEC_PER_SEC);
  self->updating_scale = FALSE;

  position_text = format_time (position);
  duration_text = format_time (duration);
  gtk_label_set_label (self->position_label, position_text);
  gtk_label_set_label (self->duration_label, duration_text);

  gtk_button_set_icon_name (self->play_button,
                            playing ? "media-playback-pause-symbolic" : "media-playback-start-symbolic");
  kinema_widget_set_tooltip (GTK_WIDGET (self->play_button), playing ? _("Pause Both") : _("Play Both"));
}

static void
describe_side (KinemaCompare *self,
               guint          index,
               const char    *provider_name,
               GtkLabel      *title,
               GtkLabel      *subtitle)
{
  KinemaJob *job = self->jobs[index];
  KinemaClip *clip = kinema_job_get_clip (job);
  const char *prompt = kinema_request_get_prompt (kinema_job_get_request (job));
  g_autoptr(GString) text = g_string_new (NULL);

  gtk_label_set_label (title, prompt && *prompt ? prompt : _("No prompt"));
  kinema_widget_set_tooltip (GTK_WIDGET (title), prompt);

  if (provider_name != NULL)
    g_string_append (text, provider_name);
  if (clip != NULL && clip->width > 0)
    g_string_append_printf (text, "%s%d × %d", text->len ? " · " : "", clip->width, clip->height);
  if (clip != NULL && clip->duration_ms > 0)
    /* Translators: a length in seconds */
    g_string_append_printf (text, _("%s%.1f s"), text->len ? " · " : "", clip->duration_ms / 1000.0);
  gtk_label_set_label (subtitle, text->str);
}

/* Callbacks */

static void
stream_changed_cb (KinemaCompare *self)
{
  GtkMediaStream *master = self->streams[self->master];
  gint64 d0, d1;

  /* Once both know their length, the longer one leads. */
  d0 = self->streams[0] ? gtk_media_stream_get_duration (self->streams[0]) : 0;
  d1 = self->streams[1] ? gtk_media_stream_get_duration (self->streams[1]) : 0;
  self->master = d1 > d0 ? 1 : 0;
  master = self->streams[self->master];

  update_controls (self);

  if (master == NULL || !gtk_media_stream_get_ended (master))
    return;

  if (gtk_toggle_button_get_active (self->loop_button))
    {
      /* From the top, together; play() restarts an ended stream. */
      for (guint i = 0; i < 2; i++)
        {
          if (!gtk_media_stream_get_ended (self->streams[i]))
            gtk_media_stream_seek (self->streams[i], 0);
          gtk_media_stream_play (self->streams[i]);
        }
    }
  else
    kinema_compare_pause (self);
}

static void
scale_value_changed_cb (KinemaCompare *self)
{
  if (self->updating_scale)
    return;

  kinema_compare_seek (self, (gint64) (gtk_adjustment_get_value (self->adjustment) * G_USEC_PER_SEC));
}

static void
mute_toggled_cb (KinemaCompare *self)
{
  if (self->streams[0] != NULL)
    gtk_media_stream_set_muted (self->streams[0], gtk_toggle_button_get_active (self->mute_button));
}

static void
toggle_play_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KinemaCompare *self = KINEMA_COMPARE (widget);

  if (any_playing (self))
    kinema_compare_pause (self);
  else
    kinema_compare_play (self);
}

static void
seek_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KinemaCompare *self = KINEMA_COMPARE (widget);
  GtkMediaStream *master = self->streams[self->master];
  gint64 target;

  if (master == NULL)
    return;
  target = gtk_media_stream_get_timestamp (master) + g_variant_get_int32 (parameter) * (gint64) G_USEC_PER_SEC;
  kinema_compare_seek (self, MAX (0, target));
}

/* GtkWidget */

static void
kinema_compare_realize (GtkWidget *widget)
{
  KinemaCompare *self = KINEMA_COMPARE (widget);

  GTK_WIDGET_CLASS (kinema_compare_parent_class)->realize (widget);

  for (guint i = 0; i < 2; i++)
    if (self->streams[i] != NULL)
      gtk_media_stream_realize (self->streams[i], gtk_native_get_surface (GTK_NATIVE (self)));
}

static void
kinema_compare_unrealize (GtkWidget *widget)
{
  KinemaCompare *self = KINEMA_COMPARE (widget);

  for (guint i = 0; i < 2; i++)
    if (self->streams[i] != NULL)
      gtk_media_stream_unrealize (self->streams[i], gtk_native_get_surface (GTK_NATIVE (self)));

  GTK_WIDGET_CLASS (kinema_compare_parent_class)->unrealize (widget);
}

/* GObject */

static void
kinema_compare_dispose (GObject *object)
{
  KinemaCompare *self = (KinemaCompare *) object;

  for (guint i = 0; i < 2; i++)
    {
      if (self->streams[i] != NULL)
        {
          g_signal_handlers_disconnect_by_data (self->streams[i], self);
          gtk_media_stream_pause (self->streams[i]);
        }
      g_clear_object (&self->streams[i]);
      g_clear_object (&self->jobs[i]);
    }
  if (self->picture_a != NULL)
    gtk_picture_set_paintable (self->picture_a, NULL);
  if (self->picture_b != NULL)
    gtk_picture_set_paintable (self->picture_b, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_COMPARE);

  G_OBJECT_CLASS (kinema_compare_parent_class)->dispose (object);
}

static void
kinema_compare_class_init (KinemaCompareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_compare_dispose;
  widget_class->realize = kinema_compare_realize;
  widget_class->unrealize = kinema_compare_unrealize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-compare.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, picture_a);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, picture_b);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, title_a);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, title_b);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, subtitle_a);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, subtitle_b);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, play_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, position_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, scale);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, adjustment);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, duration_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, loop_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaCompare, mute_button);

  gtk_widget_class_install_action (widget_class, "compare.toggle-play", NULL, toggle_play_action);
  gtk_widget_class_install_action (widget_class, "compare.seek", "i", seek_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "compare.toggle-play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "compare.seek", "i", -5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "compare.seek", "i", 5);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kinema_compare_init (KinemaCompare *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->play_button), _("Play Both"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->loop_button), _("Loop"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->mute_button), _("Mute (only the left take is heard)"));

  g_signal_connect_object (self->adjustment, "value-changed",
                           G_CALLBACK (scale_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->mute_button, "toggled",
                           G_CALLBACK (mute_toggled_cb), self, G_CONNECT_SWAPPED);
}

/* Public API */

KinemaCompare *
kinema_compare_new (GtkWindow  *parent,
                    KinemaJob  *a,
                    const char *provider_a,
                    KinemaJob  *b,
                    const char *provider_b)
{
  KinemaCompare *self;
  GtkPicture *pictures[2];

  g_return_val_if_fail (KINEMA_IS_JOB (a) && kinema_job_get_clip (a) != NULL, NULL);
  g_return_val_if_fail (KINEMA_IS_JOB (b) && kinema_job_get_clip (b) != NULL, NULL);

  self = g_object_new (KINEMA_TYPE_COMPARE,
                       "transient-for", parent,
                       NULL);
  pictures[0] = self->picture_a;
  pictures[1] = self->picture_b;
  self->jobs[0] = g_object_ref (a);
  self->jobs[1] = g_object_ref (b);

  for (guint i = 0; i < 2; i++)
    {
      KinemaClip *clip = kinema_job_get_clip (self->jobs[i]);

      self->streams[i] = kinema_media_stream_new_for_filename (clip->path);
      /* Looping is done here, for both at once. */
      gtk_media_stream_set_loop (self->streams[i], FALSE);
      gtk_picture_set_paintable (pictures[i], GDK_PAINTABLE (self->streams[i]));
      g_signal_connect_object (self->streams[i], "notify::playing", G_CALLBACK (stream_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->streams[i], "notify::ended", G_CALLBACK (stream_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->streams[i], "notify::duration", G_CALLBACK (stream_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->streams[i], "notify::timestamp", G_CALLBACK (update_controls), self, G_CONNECT_SWAPPED);
    }
  /* Two soundtracks at once are noise: the right one is silent. */
  gtk_media_stream_set_muted (self->streams[1], TRUE);

  describe_side (self, 0, provider_a, self->title_a, self->subtitle_a);
  describe_side (self, 1, provider_b, self->title_b, self->subtitle_b);
  update_controls (self);

  return self;
}

GtkMediaStream *
kinema_compare_get_stream (KinemaCompare *self,
                           guint          index)
{
  g_return_val_if_fail (KINEMA_IS_COMPARE (self), NULL);
  g_return_val_if_fail (index < 2, NULL);

  return self->streams[index];
}

KinemaJob *
kinema_compare_get_job (KinemaCompare *self,
                        guint          index)
{
  g_return_val_if_fail (KINEMA_IS_COMPARE (self), NULL);
  g_return_val_if_fail (index < 2, NULL);

  return self->jobs[index];
}

void
kinema_compare_play (KinemaCompare *self)
{
  g_return_if_fail (KINEMA_IS_COMPARE (self));

  for (guint i = 0; i < 2; i++)
    gtk_media_stream_play (self->streams[i]);
  update_controls (self);
}

void
kinema_compare_pause (KinemaCompare *self)
{
  g_return_if_fail (KINEMA_IS_COMPARE (self));

  for (guint i = 0; i < 2; i++)
    gtk_media_stream_pause (self->streams[i]);
  update_controls (self);
}

void
kinema_compare_seek (KinemaCompare *self,
                     gint64         timestamp_us)
{
  g_return_if_fail (KINEMA_IS_COMPARE (self));

  for (guint i = 0; i < 2; i++)
    {
      gint64 duration = gtk_media_stream_get_duration (self->streams[i]);
      gint64 target = duration > 0 ? MIN (timestamp_us, duration) : timestamp_us;

      if (gtk_media_stream_is_seekable (self->streams[i]))
        gtk_media_stream_seek (self->streams[i], MAX (0, target));
    }
}
