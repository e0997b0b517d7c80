/* kinema-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-player"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kinema-media-stream.h"
#include "kinema-player.h"
#include "kinema-window-private.h"

struct _KinemaPlayer
{
  GtkWidget       parent_instance;

  KinemaClip     *clip;
  GtkMediaStream *stream;

  /* Template children */
  GtkStack       *stack;
  AdwStatusPage  *status_page;
  GtkVideo       *video;
  GtkLabel       *info_label;
};

G_DEFINE_FINAL_TYPE (KinemaPlayer, kinema_player, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static void
show_nothing_selected (KinemaPlayer *self)
{
  adw_status_page_set_icon_name (self->status_page, "media-playback-start-symbolic");
  adw_status_page_set_title (self->status_page, _("No Clip Selected"));
  adw_status_page_set_description (self->status_page, _("Select a finished clip to play it"));
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static void
show_error (KinemaPlayer *self,
            const char   *message)
{
  g_autofree char *escaped = g_markup_escape_text (message ? message : "", -1);

  adw_status_page_set_icon_name (self->status_page, "dialog-error-symbolic");
  adw_status_page_set_title (self->status_page, _("Cannot Play This Clip"));
  adw_status_page_set_description (self->status_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

static char *
describe_clip (KinemaClip *clip)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *basename = g_path_get_basename (clip->path);

  if (clip->width > 0 && clip->height > 0)
    g_string_append_printf (text, "%d × %d · ", clip->width, clip->height);
  if (clip->fps > 0)
    /* Translators: frames per second */
    g_string_append_printf (text, _("%.0f fps · "), clip->fps);
  if (clip->duration_ms > 0)
    /* Translators: a length in seconds */
    g_string_append_printf (text, _("%.1f s · "), clip->duration_ms / 1000.0);
  g_string_append (text, clip->has_audio ? _("With sound") : _("Silent"));
  g_string_append_printf (text, " · %s", basename);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
clear_stream (KinemaPlayer *self)
{
  if (self->stream == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->stream, self);
  if (gtk_media_stream_get_playing (self->stream))
    gtk_media_stream_pause (self->stream);
  gtk_video_set_media_stream (self->video, NULL);
  g_clear_object (&self->stream);
}

/* Callbacks */

static void
stream_error_cb (KinemaPlayer   *self,
                 GParamSpec     *pspec,
                 GtkMediaStream *stream)
{
  const GError *error = gtk_media_stream_get_error (stream);

  if (error != NULL)
    show_error (self, error->message);
}

/* GObject */

static void
kinema_player_dispose (GObject *object)
{
  KinemaPlayer *self = (KinemaPlayer *) object;
  GtkWidget *child;

  clear_stream (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_PLAYER);
  /* Disposing the template drops its references; the tree is ours to undo. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->clip);

  G_OBJECT_CLASS (kinema_player_parent_class)->dispose (object);
}

static void
kinema_player_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KinemaPlayer *self = KINEMA_PLAYER (object);

  switch (prop_id)
    {
    case PROP_CLIP:
      g_value_set_object (value, self->clip);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_player_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KinemaPlayer *self = KINEMA_PLAYER (object);

  switch (prop_id)
    {
    case PROP_CLIP:
      kinema_player_set_clip (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_player_class_init (KinemaPlayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_player_dispose;
  object_class->get_property = kinema_player_get_property;
  object_class->set_property = kinema_player_set_property;

  properties[PROP_CLIP] =
    g_param_spec_object ("clip", NULL, NULL,
                         KINEMA_TYPE_CLIP,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-player.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, stack);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, status_page);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, video);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, info_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemaplayer");
}

static void
kinema_player_init (KinemaPlayer *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  show_nothing_selected (self);
}

/* Public API */

GtkWidget *
kinema_player_new (void)
{
  return g_object_new (KINEMA_TYPE_PLAYER, NULL);
}

KinemaClip *
kinema_player_get_clip (KinemaPlayer *self)
{
  g_return_val_if_fail (KINEMA_IS_PLAYER (self), NULL);

  return self->clip;
}

void
kinema_player_set_clip (KinemaPlayer *self,
                        KinemaClip   *clip)
{
  g_autofree char *info = NULL;

  g_return_if_fail (KINEMA_IS_PLAYER (self));
  g_return_if_fail (clip == NULL || KINEMA_IS_CLIP (clip));

  if (!g_set_object (&self->clip, clip))
    return;

  clear_stream (self);

  if (clip == NULL || clip->path == NULL || *clip->path == '\0')
    {
      show_nothing_selected (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIP]);
      return;
    }

  /* The stream opens the file asynchronously; a missing or broken file
   * arrives as the stream's error. */
  self->stream = kinema_media_stream_new_for_filename (clip->path);
  g_signal_connect_object (self->stream, "notify::error",
                           G_CALLBACK (stream_error_cb), self, G_CONNECT_SWAPPED);
  gtk_video_set_media_stream (self->video, self->stream);

  info = describe_clip (clip);
  gtk_label_set_label (self->info_label, info);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->info_label), clip->path);
  gtk_stack_set_visible_child_name (self->stack, "video");

  if (gtk_media_stream_get_error (self->stream) != NULL)
    stream_error_cb (self, NULL, self->stream);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIP]);
}

GtkMediaStream *
kinema_player_get_stream (KinemaPlayer *self)
{
  g_return_val_if_fail (KINEMA_IS_PLAYER (self), NULL);

  return self->stream;
}

/* Test accessors (kinema-window-private.h) */

GtkVideo *
_kinema_player_get_video (KinemaPlayer *self)
{
  return self->video;
}

AdwStatusPage *
_kinema_player_get_status_page (KinemaPlayer *self)
{
  return self->status_page;
}
