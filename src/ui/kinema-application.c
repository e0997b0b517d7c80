/* kinema-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-application"

#include "config.h"

#include <glib/gi18n.h>

#include "kinema-application.h"
#include "kinema-library.h"
#include "kinema-paths.h"
#include "kinema-preferences.h"
#include "kinema-provider-registry.h"
#include "kinema-provider-simulator.h"
#include "kinema-watchdog.h"
#include "kinema-window.h"

struct _KinemaApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  KinemaLibrary  *library;
  KinemaEngine   *engine;

  /* Why the library could not be opened, and where it is. */
  GError         *library_error;
  char           *library_path;
};

G_DEFINE_FINAL_TYPE (KinemaApplication, kinema_application, ADW_TYPE_APPLICATION)

/* Auxiliary methods */

static gboolean
open_library (KinemaApplication  *self,
              GError            **error)
{
  if (!kinema_paths_ensure_dir (kinema_paths_data_dir (), error))
    return FALSE;

  self->library = kinema_library_new (self->library_path, error);
  return self->library != NULL;
}

static void
providers_synced_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(KinemaApplication) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Without a keyring only the simulator and keyless providers are usable;
   * jobs of the others wait, journaled, until their provider is back. */
  if (!kinema_provider_registry_sync_finish (result, &error))
    g_warning ("Could not load the providers: %s", error->message);
  kinema_engine_resume (self->engine);
}

static void
create_engine (KinemaApplication *self)
{
  g_autofree char *clips_dir = g_settings_get_string (self->settings, "clips-dir");
  g_autoptr(KinemaProvider) simulator = NULL;

  self->engine = kinema_engine_new (self->library,
                                    (clips_dir != NULL && *clips_dir != '\0')
                                    ? clips_dir : kinema_paths_clips_dir ());
  kinema_engine_set_concurrency (self->engine,
                                 (guint) MAX (1, g_settings_get_int (self->settings, "concurrency")));

  /* The simulator is there at once; the presets and the user's instances
   * follow once their keys have been read from the keyring (off the main
   * thread). Unfinished jobs resume after that, so each finds its provider. */
  simulator = kinema_provider_simulator_new ();
  kinema_engine_add_provider (self->engine, simulator);
  kinema_engine_watch_network (self->engine, g_network_monitor_get_default ());
  kinema_provider_registry_sync_async (self->engine, self->library, NULL, providers_synced_cb,
                                       g_object_ref (self));
}

static void
library_error_response_cb (AdwMessageDialog  *dialog,
                           const char        *response,
                           KinemaApplication *self)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
show_library_error (KinemaApplication *self)
{
  GtkWindow *dialog;

  dialog = GTK_WINDOW (adw_message_dialog_new (NULL, _("Cannot Open the Library"), NULL));
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Kinema keeps its jobs and clips in “%s”, and it could not be opened.\n\n"
                                    "%s\n\n"
                                    "Nothing has been changed or sent. Check that the disk has free space and that "
                                    "the file can be read and written, then start Kinema again."),
                                  self->library_path,
                                  self->library_error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  g_signal_connect_object (dialog, "response", G_CALLBACK (library_error_response_cb), self, 0);

  gtk_window_set_application (dialog, GTK_APPLICATION (self));
  gtk_window_present (dialog);
}

/* Actions */

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Closing lets each window save its state; the application ends with
   * the last one. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Kinema"),
                        "application-icon", BASE_ID,
                        "version", PACKAGE_VERSION,
                        "developer-name", _("The Kinema developers"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/kinema/kinema",
                        "issue-url", "https://github.com/kinema/kinema/issues",
                        "copyright", "© 2026 The Kinema developers",
                        "comments", _("Write a prompt, generate a video with Kuaishou’s Kling v3 model, "
                                      "and keep every clip in one place.\n\n"
                                      "Clips made with the simulator are rendered on this computer as test "
                                      "patterns; they are not real generations."),
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *window;

  builder = gtk_builder_new_from_resource (RESOURCE_PATH "/kinema-shortcuts-window.ui");
  window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (window, gtk_application_get_active_window (app));
  gtk_window_set_application (window, app);
  gtk_window_present (window);
}

/* From a notification: bring the window up and show that job's clip. */
static void
show_clip_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GtkWindow *window;

  g_application_activate (G_APPLICATION (app));
  window = gtk_application_get_active_window (app);
  if (window == NULL)
    return;

  gtk_window_present (window);
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-clip", parameter);
}

static void
providers_resynced_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!kinema_provider_registry_sync_finish (result, &error))
    g_warning ("Could not reload the providers: %s", error->message);
}

static void
sync_providers (KinemaApplication *self)
{
  kinema_provider_registry_sync_async (self->engine, self->library, NULL, providers_resynced_cb, NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  KinemaApplication *self = KINEMA_APPLICATION (user_data);
  GtkWidget *preferences;

  preferences = kinema_preferences_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                        self->engine);
  /* Instances and keys edited there become live providers. */
  g_signal_connect_object (preferences, "providers-changed", G_CALLBACK (sync_providers), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
  { "about", about_activated, NULL, NULL, NULL, { 0 } },
  { "shortcuts", shortcuts_activated, NULL, NULL, NULL, { 0 } },
  { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
  { "show-clip", show_clip_activated, "s", NULL, NULL, { 0 } },
};

/* GApplication */

static void
kinema_application_startup (GApplication *application)
{
  KinemaApplication *self = KINEMA_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *shortcuts_accels[] = { "<Control>question", NULL };
  static const char *generate_accels[] = { "<Control>Return", "<Control>KP_Enter", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (kinema_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.shortcuts", shortcuts_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.generate", generate_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);

  self->settings = g_settings_new (BASE_ID);
  self->library_path = kinema_paths_library_db ();

  if (open_library (self, &self->library_error))
    create_engine (self);
  else
    g_warning ("Cannot open the library at %s: %s", self->library_path, self->library_error->message);

  /* build-aux/bench: KINEMA_WATCHDOG and KINEMA_BENCH_* (off unless set). */
  kinema_watchdog_setup_from_env (GTK_APPLICATION (self));
}

static void
kinema_application_activate (GApplication *application)
{
  KinemaApplication *self = KINEMA_APPLICATION (application);
  GtkWindow *window;

  if (self->engine == NULL)
    {
      show_library_error (self);
      return;
    }

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (kinema_window_new (self, self->engine));

  gtk_window_present (window);
}

static void
kinema_application_shutdown (GApplication *application)
{
  KinemaApplication *self = KINEMA_APPLICATION (application);

  G_APPLICATION_CLASS (kinema_application_parent_class)->shutdown (application);

  /* Unfinished jobs stay in the library and resume at the next start. */
  g_clear_object (&self->engine);
  g_clear_object (&self->library);
}

/* GObject */

static void
kinema_application_finalize (GObject *object)
{
  KinemaApplication *self = (KinemaApplication *) object;

  g_clear_object (&self->engine);
  g_clear_object (&self->library);
  g_clear_object (&self->settings);
  g_clear_error (&self->library_error);
  g_clear_pointer (&self->library_path, g_free);

  G_OBJECT_CLASS (kinema_application_parent_class)->finalize (object);
}

static void
kinema_application_class_init (KinemaApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kinema_application_finalize;

  app_class->startup = kinema_application_startup;
  app_class->activate = kinema_application_activate;
  app_class->shutdown = kinema_application_shutdown;
}

static void
kinema_application_init (KinemaApplication *self)
{
}

/* Public API */

KinemaApplication *
kinema_application_new (void)
{
  return g_object_new (KINEMA_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* The same resources for the .Devel id. */
                       "resource-base-path", RESOURCE_PATH,
                       NULL);
}

KinemaEngine *
kinema_application_get_engine (KinemaApplication *self)
{
  g_return_val_if_fail (KINEMA_IS_APPLICATION (self), NULL);

  return self->engine;
}

GSettings *
kinema_application_get_settings (KinemaApplication *self)
{
  g_return_val_if_fail (KINEMA_IS_APPLICATION (self), NULL);

  return self->settings;
}
