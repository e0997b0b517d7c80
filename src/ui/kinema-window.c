/* kinema-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-window"

#include "config.h"

#include <glib/gi18n.h>

#include "kinema-clip-card.h"
#include "kinema-editor.h"
#include "kinema-error.h"
#include "kinema-gallery.h"
#include "kinema-player.h"
#include "kinema-window.h"
#include "kinema-window-private.h"
#include "kinema-ui-util.h"

struct _KinemaWindow
{
  AdwApplicationWindow  parent_instance;

  KinemaEngine         *engine;
  GSettings            *settings;
  gboolean              restoring_provider;   /* our own pick, not the user's */

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  GtkPaned             *main_paned;
  GtkPaned             *side_paned;
  KinemaEditor         *editor;
  KinemaGallery        *gallery;
  KinemaPlayer         *player;
  GtkMenuButton        *menu_button;
};

G_DEFINE_FINAL_TYPE (KinemaWindow, kinema_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_ENGINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static void
restore_window_state (KinemaWindow *self)
{
  int width = g_settings_get_int (self->settings, "window-width");
  int height = g_settings_get_int (self->settings, "window-height");

  gtk_window_set_default_size (GTK_WINDOW (self), MAX (width, 1), MAX (height, 1));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "paned-position",
                   self->main_paned, "position",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "gallery-height",
                   self->side_paned, "position",
                   G_SETTINGS_BIND_DEFAULT);
}

static void
save_window_state (KinemaWindow *self)
{
  int width = 0;
  int height = 0;

  /* The default size follows the unmaximized size the user chose. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
}

/* The request being edited survives a restart. */
static void
restore_draft (KinemaWindow *self)
{
  g_autofree char *json = g_settings_get_string (self->settings, "draft-request");
  g_autoptr(KinemaRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (json == NULL || *json == '\0')
    return;

  request = kinema_request_new_from_json (json, &error);
  if (request == NULL)
    {
      g_debug ("Ignoring the saved draft: %s", error->message);
      return;
    }

  kinema_editor_set_request (self->editor, request);
}

static void
save_draft (KinemaWindow *self)
{
  g_autofree char *json = kinema_request_to_json (kinema_editor_get_request (self->editor));

  g_settings_set_string (self->settings, "draft-request", json ? json : "");
}

/* The saved provider if it still exists; else the first configured one;
 * else (a machine with no provider configured) the simulator. */
static void
restore_provider (KinemaWindow *self)
{
  g_autofree char *saved = g_settings_get_string (self->settings, "selected-provider");
  GListModel *providers = kinema_engine_get_providers (self->engine);
  guint n = g_list_model_get_n_items (providers);
  const char *configured = NULL;
  const char *simulator = NULL;

  self->restoring_provider = TRUE;
  if (saved != NULL && *saved != '\0' && kinema_engine_get_provider (self->engine, saved) != NULL)
    {
      kinema_editor_select_provider (self->editor, saved);
      self->restoring_provider = FALSE;
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KinemaProvider) provider = g_list_model_get_item (providers, i);

      /* The model keeps the provider, and so its id, alive. A provider
       * still waiting for its API key is not "configured". */
      if (kinema_provider_is_simulation (provider))
        simulator = simulator ? simulator : kinema_provider_get_id (provider);
      else if (kinema_provider_get_setup_problem (provider) == NULL)
        configured = configured ? configured : kinema_provider_get_id (provider);
    }

  kinema_editor_select_provider (self->editor, configured ? configured : simulator);
  self->restoring_provider = FALSE;
}

/* Providers arrive after the window (keys come from the keyring): pick
 * again, which keeps the user's saved choice when there is one. */
static void
providers_changed_cb (KinemaWindow *self)
{
  restore_provider (self);
}

static void
notify_if_away (KinemaWindow *self,
                const char   *id,
                const char   *title,
                KinemaJob    *job)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  KinemaRequest *request = kinema_job_get_request (job);
  g_autoptr(GNotification) notification = NULL;

  if (app == NULL || gtk_window_is_active (GTK_WINDOW (self))
      || !g_settings_get_boolean (self->settings, "notify-on-finish"))
    return;

  notification = g_notification_new (title);
  if (request != NULL && kinema_request_get_prompt (request) != NULL)
    g_notification_set_body (notification, kinema_request_get_prompt (request));
  /* Clicking it shows the clip (app.show-clip selects and plays it). */
  g_notification_set_default_action_and_target (notification, "app.show-clip", "s", kinema_job_get_id (job));
  g_application_send_notification (app, id, notification);
}

/* Callbacks */

static void
selected_clip_changed_cb (KinemaWindow *self)
{
  kinema_player_set_clip (self->player, kinema_gallery_get_selected_clip (self->gallery));
}

static void
provider_changed_cb (KinemaWindow *self)
{
  KinemaProvider *provider = kinema_editor_get_provider (self->editor);

  if (provider != NULL && !self->restoring_provider)
    g_settings_set_string (self->settings, "selected-provider", kinema_provider_get_id (provider));
}

static void
generate_failed_cb (KinemaWindow *self,
                    const GError *error)
{
  kinema_window_add_toast (self, error->message);
}

static void
job_failed_cb (KinemaWindow *self,
               KinemaJob    *job)
{
  const char *message = kinema_job_get_error_message (job);
  g_autofree char *text = NULL;

  if (message != NULL && *message != '\0')
    /* Translators: %s says why a generation failed */
    text = g_strdup_printf (_("A clip could not be made: %s"), message);
  else
    text = g_strdup (_("A clip could not be made"));

  kinema_window_add_toast (self, text);
  notify_if_away (self, "job-failed", _("A clip could not be made"), job);
}

static void
job_finished_cb (KinemaWindow *self,
                 KinemaJob    *job)
{
  notify_if_away (self, "job-finished", _("Your clip is ready"), job);
}

static void
show_clip_activated_cb (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  KinemaWindow *self = KINEMA_WINDOW (user_data);

  if (kinema_gallery_show_job (self->gallery, g_variant_get_string (parameter, NULL)))
    {
      kinema_player_play (self->player);
      gtk_widget_grab_focus (GTK_WIDGET (self->player));
    }
}

static void
generate_activated_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  KinemaWindow *self = KINEMA_WINDOW (user_data);

  if (kinema_editor_get_can_generate (self->editor))
    kinema_editor_generate (self->editor);
}

/* GtkWindow */

static gboolean
kinema_window_close_request (GtkWindow *window)
{
  KinemaWindow *self = KINEMA_WINDOW (window);

  save_window_state (self);
  save_draft (self);

  return GTK_WINDOW_CLASS (kinema_window_parent_class)->close_request (window);
}

/* GObject */

static void
kinema_window_constructed (GObject *object)
{
  KinemaWindow *self = (KinemaWindow *) object;
  g_autoptr(GSimpleAction) generate = NULL;

  G_OBJECT_CLASS (kinema_window_parent_class)->constructed (object);

  g_return_if_fail (self->engine != NULL);

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  restore_window_state (self);

  kinema_editor_set_engine (self->editor, self->engine);
  kinema_gallery_set_engine (self->gallery, self->engine);
  restore_draft (self);
  restore_provider (self);
  g_signal_connect_object (kinema_engine_get_providers (self->engine), "items-changed",
                           G_CALLBACK (providers_changed_cb), self, G_CONNECT_SWAPPED);

  /* Connected after the restore: only the user's choices are saved. */
  g_signal_connect_object (self->editor, "notify::provider",
                           G_CALLBACK (provider_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "generate-failed",
                           G_CALLBACK (generate_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gallery, "notify::selected-clip",
                           G_CALLBACK (selected_clip_changed_cb), self, G_CONNECT_SWAPPED);
  /* The gallery's clip.* actions, for the player and its details too. */
  kinema_gallery_set_editor (self->gallery, self->editor);
  kinema_player_set_engine (self->player, self->engine);
  g_object_bind_property (self->gallery, "selected-job", self->player, "job", G_BINDING_SYNC_CREATE);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "clip", kinema_gallery_get_actions (self->gallery));
  g_signal_connect_object (self->engine, "job-failed",
                           G_CALLBACK (job_failed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->engine, "job-finished",
                           G_CALLBACK (job_finished_cb), self, G_CONNECT_SWAPPED);

  /* win.generate (Ctrl+Return) is the editor's Generate, enabled with it. */
  generate = g_simple_action_new ("generate", NULL);
  g_signal_connect_object (generate, "activate", G_CALLBACK (generate_activated_cb), self, 0);
  g_object_bind_property (self->editor, "can-generate", generate, "enabled", G_BINDING_SYNC_CREATE);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (generate));

  /* win.show-clip (job id): what a notification's click leads to. */
  {
    g_autoptr(GSimpleAction) show_clip = g_simple_action_new ("show-clip", G_VARIANT_TYPE_STRING);

    g_signal_connect_object (show_clip, "activate", G_CALLBACK (show_clip_activated_cb), self, 0);
    g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (show_clip));
  }

  gtk_widget_grab_focus (GTK_WIDGET (_kinema_editor_get_prompt_view (self->editor)));
}

static void
kinema_window_dispose (GObject *object)
{
  KinemaWindow *self = (KinemaWindow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_WINDOW);

  g_clear_object (&self->settings);
  g_clear_object (&self->engine);

  G_OBJECT_CLASS (kinema_window_parent_class)->dispose (object);
}

static void
kinema_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KinemaWindow *self = KINEMA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KinemaWindow *self = KINEMA_WINDOW (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_window_class_init (KinemaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kinema_window_constructed;
  object_class->dispose = kinema_window_dispose;
  object_class->get_property = kinema_window_get_property;
  object_class->set_property = kinema_window_set_property;

  window_class->close_request = kinema_window_close_request;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         KINEMA_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (KINEMA_TYPE_EDITOR);
  g_type_ensure (KINEMA_TYPE_GALLERY);
  g_type_ensure (KINEMA_TYPE_PLAYER);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KinemaWindow, main_paned);
  gtk_widget_class_bind_template_child (widget_class, KinemaWindow, side_paned);
  gtk_widget_class_bind_template_child (widget_class, KinemaWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, KinemaWindow, gallery);
  gtk_widget_class_bind_template_child (widget_class, KinemaWindow, player);
  gtk_widget_class_bind_template_child (widget_class, KinemaWindow, menu_button);
}

static void
kinema_window_init (KinemaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->menu_button), _("Main Menu"));

  self->settings = g_settings_new (BASE_ID);
}

/* Public API */

KinemaWindow *
kinema_window_new (KinemaApplication *application,
                   KinemaEngine      *engine)
{
  g_return_val_if_fail (KINEMA_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (KINEMA_IS_ENGINE (engine), NULL);

  return g_object_new (KINEMA_TYPE_WINDOW,
                       "application", application,
                       "engine", engine,
                       NULL);
}

KinemaEngine *
kinema_window_get_engine (KinemaWindow *self)
{
  g_return_val_if_fail (KINEMA_IS_WINDOW (self), NULL);

  return self->engine;
}

void
kinema_window_add_toast (KinemaWindow *self,
                         const char   *message)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  g_return_if_fail (KINEMA_IS_WINDOW (self));
  g_return_if_fail (message != NULL);

  /* Toast titles are markup; messages come from providers and files. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Test accessors (kinema-window-private.h) */

KinemaEditor *
_kinema_window_get_editor (KinemaWindow *self)
{
  return self->editor;
}

KinemaGallery *
_kinema_window_get_gallery (KinemaWindow *self)
{
  return self->gallery;
}

KinemaPlayer *
_kinema_window_get_player (KinemaWindow *self)
{
  return self->player;
}

AdwToastOverlay *
_kinema_window_get_toast_overlay (KinemaWindow *self)
{
  return self->toast_overlay;
}
