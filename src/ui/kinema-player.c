/* kinema-player.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-player"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kinema-details.h"
#include "kinema-media-stream.h"
#include "kinema-player.h"
#include "kinema-window-private.h"
#include "kinema-ui-util.h"

#define SEEK_STEP_S 5

struct _KinemaPlayer
{
  GtkWidget       parent_instance;

  KinemaClip     *clip;
  KinemaJob      *job;
  GSignalGroup   *job_signals;
  GtkMediaStream *stream;
  double          rate;
  gboolean        loop;
  gboolean        muted;
  GtkWindow      *fullscreen_window;
  GtkVideo       *fullscreen_video;

  /* Template children */
  AdwFlap        *flap;
  GtkStack       *stack;
  AdwStatusPage  *status_page;
  GtkVideo       *video;
  GtkBox         *controls;
  GtkButton      *prev_frame_button;
  GtkButton      *next_frame_button;
  GtkMenuButton  *speed_button;
  GtkToggleButton *loop_button;
  GtkToggleButton *mute_button;
  GtkLabel       *info_label;
  GtkToggleButton *details_button;
  GtkButton      *fullscreen_button;
  KinemaDetails  *details;
};

G_DEFINE_FINAL_TYPE (KinemaPlayer, kinema_player, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CLIP,
  PROP_JOB,
  PROP_RATE,
  PROP_LOOP,
  PROP_MUTED,
  PROP_DETAILS_VISIBLE,
  PROP_FULLSCREEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static void
set_status (KinemaPlayer *self,
            const char   *icon_name,
            const char   *title,
            const char   *description)
{
  g_autofree char *escaped = g_markup_escape_text (description ? description : "", -1);

  adw_status_page_set_icon_name (self->status_page, icon_name);
  adw_status_page_set_title (self->status_page, title);
  adw_status_page_set_description (self->status_page, escaped);
  gtk_stack_set_visible_child_name (self->stack, "status");
}

/* Nothing to play: say why, from the job's state. */
static void
show_nothing_to_play (KinemaPlayer *self)
{
  KinemaJobState state;
  const char *reason;

  gtk_label_set_label (self->info_label, "");

  if (self->job == NULL)
    {
      set_status (self, "media-playback-start-symbolic", _("No Clip Selected"),
                  _("Select a finished clip to play it"));
      return;
    }

  state = kinema_job_get_state (self->job);
  reason = kinema_job_get_error_message (self->job);
  switch (kinema_job_state_get_group (state))
    {
    case KINEMA_JOB_GROUP_RUNNING:
      set_status (self, "content-loading-symbolic", _("Generating…"),
                  _("The clip plays here as soon as it is ready"));
      break;
    case KINEMA_JOB_GROUP_FAILED:
      if (state == KINEMA_JOB_CANCELLED)
        set_status (self, "process-stop-symbolic", _("Cancelled"), reason);
      else
        set_status (self, "dialog-error-symbolic", _("This Take Failed"), reason);
      break;
    case KINEMA_JOB_GROUP_UNKNOWN:
      set_status (self, "dialog-question-symbolic", _("Outcome Unknown"),
                  reason ? reason : _("The provider may still have made it. Use Check Again on its card."));
      break;
    case KINEMA_JOB_GROUP_DONE:
    case KINEMA_JOB_GROUP_ANY:
    default:
      set_status (self, "media-playback-start-symbolic", _("No Clip Selected"),
                  _("Select a finished clip to play it"));
      break;
    }
}

static void
show_error (KinemaPlayer *self,
            const char   *message)
{
  set_status (self, "dialog-error-symbolic", _("Cannot Play This Clip"), message);
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
update_actions (KinemaPlayer *self)
{
  gboolean playable = self->stream != NULL && gtk_media_stream_get_error (self->stream) == NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "player.toggle-play", playable);
  gtk_widget_action_set_enabled (widget, "player.seek", playable);
  gtk_widget_action_set_enabled (widget, "player.seek-start", playable);
  gtk_widget_action_set_enabled (widget, "player.seek-end", playable);
  gtk_widget_action_set_enabled (widget, "player.step", playable);
  gtk_widget_action_set_enabled (widget, "player.fullscreen", playable || self->fullscreen_window != NULL);
}

static void
clear_stream (KinemaPlayer *self)
{
  if (self->stream == NULL)
    return;

  kinema_player_set_fullscreen (self, FALSE);
  g_signal_handlers_disconnect_by_data (self->stream, self);
  if (gtk_media_stream_get_playing (self->stream))
    gtk_media_stream_pause (self->stream);
  gtk_video_set_media_stream (self->video, NULL);
  g_clear_object (&self->stream);
  update_actions (self);
}

static void
apply_settings (KinemaPlayer *self)
{
  g_autofree char *label = g_strdup_printf ("%g×", self->rate);

  gtk_menu_button_set_label (self->speed_button, label);
  gtk_button_set_icon_name (GTK_BUTTON (self->mute_button),
                            self->muted ? "audio-volume-muted-symbolic" : "audio-volume-high-symbolic");
  gtk_video_set_loop (self->video, self->loop);
  if (self->fullscreen_video != NULL)
    gtk_video_set_loop (self->fullscreen_video, self->loop);

  if (self->stream == NULL)
    return;
  gtk_media_stream_set_loop (self->stream, self->loop);
  gtk_media_stream_set_muted (self->stream, self->muted);
  if (KINEMA_IS_MEDIA_STREAM (self->stream))
    kinema_media_stream_set_rate (KINEMA_MEDIA_STREAM (self->stream), self->rate);
}

static void
seek_to (KinemaPlayer *self,
         gint64        timestamp)
{
  gint64 duration;

  if (self->stream == NULL || !gtk_media_stream_is_seekable (self->stream))
    return;

  duration = gtk_media_stream_get_duration (self->stream);
  if (duration > 0)
    timestamp = MIN (timestamp, duration);
  gtk_media_stream_seek (self->stream, MAX (0, timestamp));
}

/* Callbacks */

static void
missing_checked_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(KinemaPlayer) self = user_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (G_FILE (source));
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  g_autofree char *text = NULL;

  info = g_file_query_info_finish (G_FILE (source), result, &error);
  if (info != NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return;
  /* Still the clip that failed? */
  if (self->clip == NULL || g_strcmp0 (self->clip->path, path) != 0)
    return;

  /* Translators: %s is a file name */
  text = g_strdup_printf (_("The file “%s” is missing. It may have been moved, renamed or deleted."), name);
  show_error (self, text);
}

static void
stream_error_cb (KinemaPlayer   *self,
                 GParamSpec     *pspec,
                 GtkMediaStream *stream)
{
  const GError *error = gtk_media_stream_get_error (stream);

  if (error != NULL)
    {
      kinema_player_set_fullscreen (self, FALSE);
      show_error (self, error->message);

      /* A file that is not there says so better than the decoder does. */
      if (self->clip != NULL && self->clip->path != NULL)
        {
          g_autoptr(GFile) file = g_file_new_for_path (self->clip->path);

          g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                                   G_PRIORITY_DEFAULT, NULL, missing_checked_cb, g_object_ref (self));
        }
    }
  update_actions (self);
}

static void
job_state_changed_cb (KinemaPlayer *self)
{
  if (self->clip == NULL)
    show_nothing_to_play (self);
}

static void
reveal_flap_changed_cb (KinemaPlayer *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAILS_VISIBLE]);
}

static void
video_pressed_cb (KinemaPlayer *self)
{
  /* Clicking the picture gives the keys to the player. */
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
toggle_play_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KinemaPlayer *self = KINEMA_PLAYER (widget);

  if (self->stream == NULL)
    return;
  if (gtk_media_stream_get_playing (self->stream))
    gtk_media_stream_pause (self->stream);
  else
    gtk_media_stream_play (self->stream);
}

static void
seek_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KinemaPlayer *self = KINEMA_PLAYER (widget);

  if (self->stream == NULL)
    return;
  seek_to (self, gtk_media_stream_get_timestamp (self->stream) +
                 (gint64) g_variant_get_int32 (parameter) * G_USEC_PER_SEC);
}

static void
seek_start_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  seek_to (KINEMA_PLAYER (widget), 0);
}

static void
seek_end_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KinemaPlayer *self = KINEMA_PLAYER (widget);

  gint64 frame;

  if (self->stream == NULL)
    return;

  /* The last frame, not past it: a seek to the very end shows nothing. */
  frame = self->clip != NULL && self->clip->fps > 0 ? (gint64) (G_USEC_PER_SEC / self->clip->fps) : 40000;
  seek_to (self, MAX (0, gtk_media_stream_get_duration (self->stream) - frame));
}

static void
step_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KinemaPlayer *self = KINEMA_PLAYER (widget);

  if (self->stream != NULL && KINEMA_IS_MEDIA_STREAM (self->stream))
    kinema_media_stream_step (KINEMA_MEDIA_STREAM (self->stream), g_variant_get_int32 (parameter));
}

static void
fullscreen_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KinemaPlayer *self = KINEMA_PLAYER (widget);

  kinema_player_set_fullscreen (self, self->fullscreen_window == NULL);
}

/* Fullscreen: a window of its own showing the same stream. */

static gboolean
fullscreen_close_request_cb (KinemaPlayer *self)
{
  kinema_player_set_fullscreen (self, FALSE);
  return TRUE;
}

static gboolean
fullscreen_key_cb (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  KinemaPlayer *self = KINEMA_PLAYER (user_data);
  const char *action = NULL;
  g_autoptr(GVariant) target = NULL;

  g_variant_get (args, "(&smv)", &action, &target);
  gtk_widget_activate_action_variant (GTK_WIDGET (self), action, target);
  return TRUE;
}

static void
add_fullscreen_key (GtkShortcutController *controller,
                    KinemaPlayer          *self,
                    guint                  keyval,
                    const char            *action,
                    GVariant              *target)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (keyval, 0),
                                            gtk_callback_action_new (fullscreen_key_cb, self, NULL));

  gtk_shortcut_set_arguments (shortcut, g_variant_new ("(smv)", action, target));
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

static GtkWindow *
create_fullscreen_window (KinemaPlayer *self)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *video = gtk_video_new ();
  GtkWidget *leave = gtk_button_new_from_icon_name ("view-restore-symbolic");
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_window_set_title (window, _("Clip"));
  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (window, GTK_WINDOW (root));
      gtk_window_set_application (window, gtk_window_get_application (GTK_WINDOW (root)));
    }
  gtk_widget_add_css_class (GTK_WIDGET (window), "kinema-fullscreen");

  gtk_video_set_autoplay (GTK_VIDEO (video), FALSE);
  gtk_video_set_loop (GTK_VIDEO (video), self->loop);
  gtk_video_set_media_stream (GTK_VIDEO (video), self->stream);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), video);

  gtk_widget_set_halign (leave, GTK_ALIGN_END);
  gtk_widget_set_valign (leave, GTK_ALIGN_START);
  gtk_widget_set_margin_top (leave, 12);
  gtk_widget_set_margin_end (leave, 12);
  gtk_widget_add_css_class (leave, "osd");
  gtk_widget_add_css_class (leave, "circular");
  kinema_widget_set_tooltip (leave, _("Leave Fullscreen (Esc)"));
  g_signal_connect_object (leave, "clicked", G_CALLBACK (fullscreen_close_request_cb), self, G_CONNECT_SWAPPED);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), leave);
  gtk_window_set_child (window, overlay);

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (keys), GTK_SHORTCUT_SCOPE_GLOBAL);
  add_fullscreen_key (GTK_SHORTCUT_CONTROLLER (keys), self, GDK_KEY_Escape, "player.fullscreen", NULL);
  add_fullscreen_key (GTK_SHORTCUT_CONTROLLER (keys), self, GDK_KEY_f, "player.fullscreen", NULL);
  add_fullscreen_key (GTK_SHORTCUT_CONTROLLER (keys), self, GDK_KEY_F11, "player.fullscreen", NULL);
  add_fullscreen_key (GTK_SHORTCUT_CONTROLLER (keys), self, GDK_KEY_space, "player.toggle-play", NULL);
  add_fullscreen_key (GTK_SHORTCUT_CONTROLLER (keys), self, GDK_KEY_Left, "player.seek", g_variant_new_int32 (-SEEK_STEP_S));
  add_fullscreen_key (GTK_SHORTCUT_CONTROLLER (keys), self, GDK_KEY_Right, "player.seek", g_variant_new_int32 (SEEK_STEP_S));
  add_fullscreen_key (GTK_SHORTCUT_CONTROLLER (keys), self, GDK_KEY_comma, "player.step", g_variant_new_int32 (-1));
  add_fullscreen_key (GTK_SHORTCUT_CONTROLLER (keys), self, GDK_KEY_period, "player.step", g_variant_new_int32 (1));
  add_fullscreen_key (GTK_SHORTCUT_CONTROLLER (keys), self, GDK_KEY_m, "player.muted", NULL);
  add_fullscreen_key (GTK_SHORTCUT_CONTROLLER (keys), self, GDK_KEY_l, "player.loop", NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);

  g_signal_connect_object (window, "close-request", G_CALLBACK (fullscreen_close_request_cb), self, G_CONNECT_SWAPPED);

  self->fullscreen_video = GTK_VIDEO (video);
  return window;
}

/* GObject */

static void
kinema_player_dispose (GObject *object)
{
  KinemaPlayer *self = (KinemaPlayer *) object;
  GtkWidget *child;

  clear_stream (self);
  kinema_player_set_fullscreen (self, FALSE);
  if (self->job_signals != NULL)
    g_signal_group_set_target (self->job_signals, NULL);
  g_clear_object (&self->job_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_PLAYER);
  /* Disposing the template drops its references; the tree is ours to undo. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->clip);
  g_clear_object (&self->job);

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
    case PROP_JOB:
      g_value_set_object (value, self->job);
      break;
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_LOOP:
      g_value_set_boolean (value, self->loop);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_DETAILS_VISIBLE:
      g_value_set_boolean (value, adw_flap_get_reveal_flap (self->flap));
      break;
    case PROP_FULLSCREEN:
      g_value_set_boolean (value, self->fullscreen_window != NULL);
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
    case PROP_JOB:
      kinema_player_set_job (self, g_value_get_object (value));
      break;
    case PROP_RATE:
      {
        double rate = g_value_get_double (value);

        if (rate != self->rate)
          {
            self->rate = rate;
            apply_settings (self);
            g_object_notify_by_pspec (object, pspec);
          }
      }
      break;
    case PROP_LOOP:
      if (g_value_get_boolean (value) != self->loop)
        {
          self->loop = g_value_get_boolean (value);
          apply_settings (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_MUTED:
      if (g_value_get_boolean (value) != self->muted)
        {
          self->muted = g_value_get_boolean (value);
          apply_settings (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_DETAILS_VISIBLE:
      adw_flap_set_reveal_flap (self->flap, g_value_get_boolean (value));
      break;
    case PROP_FULLSCREEN:
      kinema_player_set_fullscreen (self, g_value_get_boolean (value));
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
  properties[PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL,
                         KINEMA_TYPE_JOB,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0.25, 4.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_LOOP] =
    g_param_spec_boolean ("loop", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DETAILS_VISIBLE] =
    g_param_spec_boolean ("details-visible", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FULLSCREEN] =
    g_param_spec_boolean ("fullscreen", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KINEMA_TYPE_DETAILS);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-player.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, flap);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, stack);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, status_page);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, video);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, controls);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, speed_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, loop_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, prev_frame_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, next_frame_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, mute_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, info_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, details_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, fullscreen_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaPlayer, details);

  gtk_widget_class_install_action (widget_class, "player.toggle-play", NULL, toggle_play_action);
  gtk_widget_class_install_action (widget_class, "player.seek", "i", seek_action);
  gtk_widget_class_install_action (widget_class, "player.seek-start", NULL, seek_start_action);
  gtk_widget_class_install_action (widget_class, "player.seek-end", NULL, seek_end_action);
  gtk_widget_class_install_action (widget_class, "player.step", "i", step_action);
  gtk_widget_class_install_action (widget_class, "player.fullscreen", NULL, fullscreen_action);
  gtk_widget_class_install_property_action (widget_class, "player.rate", "rate");
  gtk_widget_class_install_property_action (widget_class, "player.loop", "loop");
  gtk_widget_class_install_property_action (widget_class, "player.muted", "muted");
  gtk_widget_class_install_property_action (widget_class, "player.details", "details-visible");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "player.toggle-play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Space, 0, "player.toggle-play", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "player.seek", "i", -SEEK_STEP_S);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "player.seek", "i", SEEK_STEP_S);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Home, 0, "player.seek-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_End, 0, "player.seek-end", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, 0, "player.step", "i", -1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "player.step", "i", 1);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, 0, "player.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "player.fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, 0, "player.loop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "player.muted", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, 0, "player.details", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemaplayer");
}

static void
kinema_player_init (KinemaPlayer *self)
{
  GtkGesture *click;

  self->rate = 1.0;

  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->prev_frame_button), _("Previous Frame (,)"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->next_frame_button), _("Next Frame (.)"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->speed_button), _("Playback Speed"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->loop_button), _("Loop (L)"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->mute_button), _("Mute (M)"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->details_button), _("Details (I)"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->fullscreen_button), _("Fullscreen (F)"));

  g_object_bind_property (self->details_button, "active", self->flap, "reveal-flap",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (reveal_flap_changed_cb), self, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (video_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->video), GTK_EVENT_CONTROLLER (click));

  self->job_signals = g_signal_group_new (KINEMA_TYPE_JOB);
  g_signal_group_connect_swapped (self->job_signals, "notify::state", G_CALLBACK (job_state_changed_cb), self);
  g_signal_group_connect_swapped (self->job_signals, "notify::error-message", G_CALLBACK (job_state_changed_cb), self);

  apply_settings (self);
  update_actions (self);
  show_nothing_to_play (self);
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
      show_nothing_to_play (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIP]);
      return;
    }

  /* The stream opens the file asynchronously; a missing or broken file
   * arrives as the stream's error. */
  self->stream = kinema_media_stream_new_for_filename (clip->path);
  g_signal_connect_object (self->stream, "notify::error",
                           G_CALLBACK (stream_error_cb), self, G_CONNECT_SWAPPED);
  apply_settings (self);
  gtk_video_set_media_stream (self->video, self->stream);
  /* GtkVideo gives the stream its own loop setting; ours wins. */
  gtk_media_stream_set_loop (self->stream, self->loop);

  info = describe_clip (clip);
  gtk_label_set_label (self->info_label, info);
  kinema_widget_set_tooltip (GTK_WIDGET (self->info_label), clip->path);
  gtk_stack_set_visible_child_name (self->stack, "video");
  update_actions (self);

  if (gtk_media_stream_get_error (self->stream) != NULL)
    stream_error_cb (self, NULL, self->stream);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIP]);
}

KinemaJob *
kinema_player_get_job (KinemaPlayer *self)
{
  g_return_val_if_fail (KINEMA_IS_PLAYER (self), NULL);

  return self->job;
}

void
kinema_player_set_job (KinemaPlayer *self,
                       KinemaJob    *job)
{
  g_return_if_fail (KINEMA_IS_PLAYER (self));
  g_return_if_fail (job == NULL || KINEMA_IS_JOB (job));

  if (!g_set_object (&self->job, job))
    return;

  g_signal_group_set_target (self->job_signals, job);
  kinema_details_set_job (self->details, job);
  if (self->clip == NULL)
    show_nothing_to_play (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
}

void
kinema_player_set_engine (KinemaPlayer *self,
                          KinemaEngine *engine)
{
  g_return_if_fail (KINEMA_IS_PLAYER (self));

  kinema_details_set_engine (self->details, engine);
}

GtkMediaStream *
kinema_player_get_stream (KinemaPlayer *self)
{
  g_return_val_if_fail (KINEMA_IS_PLAYER (self), NULL);

  return self->stream;
}

void
kinema_player_play (KinemaPlayer *self)
{
  g_return_if_fail (KINEMA_IS_PLAYER (self));

  if (self->stream != NULL)
    gtk_media_stream_play (self->stream);
}

gboolean
kinema_player_get_fullscreen (KinemaPlayer *self)
{
  g_return_val_if_fail (KINEMA_IS_PLAYER (self), FALSE);

  return self->fullscreen_window != NULL;
}

void
kinema_player_set_fullscreen (KinemaPlayer *self,
                              gboolean      fullscreen)
{
  g_return_if_fail (KINEMA_IS_PLAYER (self));

  if (fullscreen == (self->fullscreen_window != NULL))
    return;

  if (fullscreen)
    {
      if (self->stream == NULL)
        return;
      self->fullscreen_window = create_fullscreen_window (self);
      gtk_window_fullscreen (self->fullscreen_window);
      gtk_window_present (self->fullscreen_window);
    }
  else
    {
      GtkWindow *window = g_steal_pointer (&self->fullscreen_window);

      gtk_video_set_media_stream (self->fullscreen_video, NULL);
      self->fullscreen_video = NULL;
      gtk_window_destroy (window);
      gtk_widget_grab_focus (GTK_WIDGET (self));
    }

  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FULLSCREEN]);
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

KinemaDetails *
_kinema_player_get_details (KinemaPlayer *self)
{
  return self->details;
}
