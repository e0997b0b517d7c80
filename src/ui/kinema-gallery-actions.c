/* kinema-gallery-actions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "clip.*" actions: what can be done with a job, from its card, the
 * details pane or the player. Each takes the job's id as its target.
 */
#define G_LOG_DOMAIN "kinema-gallery"

#include "config.h"

#include <glib/gi18n.h>

#include "kinema-compare.h"
#include "kinema-error.h"
#include "kinema-frame-extract.h"
#include "kinema-gallery-private.h"
#include "kinema-http-provider.h"
#include "kinema-paths.h"
#include "kinema-sidecar.h"

#define FILE_MANAGER_BUS_NAME  "org.freedesktop.FileManager1"
#define FILE_MANAGER_PATH      "/org/freedesktop/FileManager1"

/* Helpers */

static KinemaJob *
lookup_job (KinemaGallery *self,
            GVariant      *parameter)
{
  const char *id = g_variant_get_string (parameter, NULL);

  if (self->jobs == NULL)
    return NULL;
  return kinema_job_list_lookup (self->jobs, id);
}

static KinemaClip *
playable_clip (KinemaJob *job)
{
  KinemaClip *clip = kinema_job_get_clip (job);

  if (kinema_job_get_state (job) != KINEMA_JOB_DONE || clip == NULL ||
      clip->path == NULL || *clip->path == '\0')
    return NULL;
  return clip;
}

static GtkWindow *
parent_window (KinemaGallery *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
toast_error (KinemaGallery *self,
             const char    *what,
             const GError  *error)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", what, error->message);

  kinema_gallery_add_toast (self, text);
}

static char *
provider_name (KinemaGallery *self,
               const char    *provider_id)
{
  KinemaProvider *provider = self->engine ? kinema_engine_get_provider (self->engine, provider_id) : NULL;

  return provider ? kinema_provider_dup_display_name (provider) : g_strdup (provider_id);
}

/* A small async context: the gallery (ref) and the job (ref). */
typedef struct
{
  KinemaGallery *gallery;
  KinemaJob     *job;
  char          *path;
} ActionData;

static ActionData *
action_data_new (KinemaGallery *self,
                 KinemaJob     *job,
                 const char    *path)
{
  ActionData *data = g_new0 (ActionData, 1);

  data->gallery = g_object_ref (self);
  data->job = job ? g_object_ref (job) : NULL;
  data->path = g_strdup (path);
  return data;
}

static void
action_data_free (ActionData *data)
{
  g_clear_object (&data->gallery);
  g_clear_object (&data->job);
  g_free (data->path);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ActionData, action_data_free)

static void
action_data_closure_free (gpointer  data,
                          GClosure *closure)
{
  action_data_free (data);
}

/* Retry: a new paid job, confirmed first */

static void
retry_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   ActionData       *data)
{
  KinemaGallery *self = data->gallery;
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "retry") != 0 || self->engine == NULL)
    return;

  job = kinema_engine_submit (self->engine, kinema_job_get_provider_id (data->job),
                              kinema_job_get_request (data->job), &error);
  if (job == NULL)
    {
      toast_error (self, _("Could not generate again"), error);
      return;
    }
  kinema_gallery_add_toast (self, _("Generating again as a new job"));
  _kinema_gallery_select_job (self, kinema_job_get_id (job));
}

static void
retry_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);
  g_autofree char *name = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  KinemaProvider *provider;
  AdwMessageDialog *dialog;

  if (job == NULL || self->engine == NULL)
    return;

  provider = kinema_engine_get_provider (self->engine, kinema_job_get_provider_id (job));
  if (provider == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The provider “%s” is no longer set up. Use Remix to send the request to another one."),
                                               kinema_job_get_provider_id (job));

      kinema_gallery_add_toast (self, text);
      return;
    }

  name = kinema_provider_dup_display_name (provider);
  if (kinema_provider_is_simulation (provider))
    g_string_append_printf (body, _("This renders the same request again with %s, on this computer. Nothing is charged."),
                            name);
  else
    {
      g_string_append_printf (body, _("This sends the same request to %s again. It is a new generation, and the provider charges for it."),
                              name);
      if (kinema_job_get_price_estimate (job) >= 0)
        {
          g_string_append_c (body, ' ');
          /* Translators: an estimated price in US dollars */
          g_string_append_printf (body, _("The estimate is $%.2f."), kinema_job_get_price_estimate (job));
        }
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent_window (self), _("Generate Again?"), body->str));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "retry", _("_Generate Again"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "retry", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "retry");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (retry_response_cb),
                         action_data_new (self, job, NULL), action_data_closure_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Check again, cancel */

static void
check_again_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);

  if (job == NULL || self->engine == NULL)
    return;

  if (kinema_job_get_remote_task_id (job) == NULL)
    {
      kinema_gallery_add_toast (self, _("This job never got a task id from the provider, so there is nothing to ask about."));
      return;
    }
  kinema_engine_check_again (self->engine, job);
}

static void
cancel_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);

  if (job != NULL && self->engine != NULL)
    kinema_engine_cancel (self->engine, job);
}

/* Favourite */

static void
favourite_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);
  g_autoptr(GError) error = NULL;
  KinemaClip *clip;

  if (job == NULL || self->engine == NULL || (clip = kinema_job_get_clip (job)) == NULL)
    return;

  if (!kinema_library_set_favourite (kinema_engine_get_library (self->engine), clip->id,
                                     !clip->favourite, &error))
    {
      toast_error (self, _("Could not change the favourite"), error);
      return;
    }

  clip->favourite = !clip->favourite;
  /* The clip's fields are plain; tell whoever shows the job. */
  g_object_notify (G_OBJECT (job), "clip");
  if (kinema_job_list_get_favourites_only (self->jobs))
    kinema_job_list_refresh (self->jobs);
}

/* Remix and continue from the last frame */

static void
remix_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);

  if (job == NULL || self->editor == NULL)
    return;

  kinema_editor_load_request (self->editor, kinema_job_get_request (job), kinema_job_get_provider_id (job));
  kinema_gallery_add_toast (self, _("The request is in the editor: change it and generate"));
}

static void
extract_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ActionData *data = task_data;
  KinemaClip *clip = kinema_job_get_clip (data->job);
  g_autofree char *dir = g_path_get_dirname (data->path);
  GError *error = NULL;

  if (!kinema_paths_ensure_dir (dir, &error) ||
      !kinema_extract_last_frame (clip->path, data->path, NULL, NULL, cancellable, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
extract_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ActionData *data = g_task_get_task_data (G_TASK (result));
  KinemaGallery *self = data->gallery;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_error (self, _("Could not take the last frame"), error);
      return;
    }
  if (self->editor == NULL)
    return;

  kinema_editor_set_first_frame (self->editor, data->path);
  kinema_gallery_add_toast (self, _("The clip’s last frame is the first frame of the next request"));
}

static void
continue_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GTask) task = NULL;

  if (job == NULL || playable_clip (job) == NULL || self->editor == NULL)
    return;

  /* $XDG_CACHE_HOME/kinema/frames/<job>.png */
  name = g_strconcat (kinema_job_get_id (job), ".png", NULL);
  path = g_build_filename (kinema_paths_cache_dir (), "frames", name, NULL);

  task = g_task_new (NULL, self->cancellable, extract_done_cb, NULL);
  g_task_set_source_tag (task, continue_action);
  g_task_set_task_data (task, action_data_new (self, job, path), (GDestroyNotify) action_data_free);
  g_task_run_in_thread (task, extract_thread);
}

/* Compare */

static void
open_compare (KinemaGallery *self,
              KinemaJob     *a,
              KinemaJob     *b)
{
  g_autofree char *name_a = provider_name (self, kinema_job_get_provider_id (a));
  g_autofree char *name_b = provider_name (self, kinema_job_get_provider_id (b));
  KinemaCompare *compare;

  if (self->compare_window != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->compare_window), (gpointer *) &self->compare_window);

  compare = kinema_compare_new (parent_window (self), a, name_a, b, name_b);
  self->compare_window = GTK_WINDOW (compare);
  g_object_add_weak_pointer (G_OBJECT (compare), (gpointer *) &self->compare_window);
  gtk_window_present (GTK_WINDOW (compare));
  kinema_compare_play (compare);
}

static void
compare_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(GPtrArray) selected = _kinema_gallery_get_selected_jobs (self);

  if (selected->len != 2 ||
      playable_clip (g_ptr_array_index (selected, 0)) == NULL ||
      playable_clip (g_ptr_array_index (selected, 1)) == NULL)
    return;

  open_compare (self, g_ptr_array_index (selected, 0), g_ptr_array_index (selected, 1));
}

static void
compare_with_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);
  g_autoptr(GPtrArray) selected = _kinema_gallery_get_selected_jobs (self);
  KinemaJob *other = NULL;

  if (job == NULL || playable_clip (job) == NULL)
    return;

  /* Another finished clip already selected: that one. */
  for (guint i = 0; i < selected->len && other == NULL; i++)
    {
      KinemaJob *candidate = g_ptr_array_index (selected, i);

      if (candidate != job && playable_clip (candidate) != NULL &&
          g_strcmp0 (kinema_job_get_id (candidate), kinema_job_get_id (job)) != 0)
        other = candidate;
    }
  if (other != NULL)
    {
      open_compare (self, job, other);
      return;
    }

  /* Otherwise the next one the user picks. */
  g_free (self->compare_pending);
  self->compare_pending = g_strdup (kinema_job_get_id (job));
  kinema_gallery_add_toast (self, _("Select the clip to compare it with"));
}

void
_kinema_gallery_selection_picked (KinemaGallery *self,
                                  KinemaJob     *job)
{
  g_autoptr(KinemaJob) first = NULL;
  g_autofree char *pending = NULL;

  if (self->compare_pending == NULL || job == NULL ||
      g_strcmp0 (self->compare_pending, kinema_job_get_id (job)) == 0)
    return;

  pending = g_steal_pointer (&self->compare_pending);
  if (playable_clip (job) == NULL)
    {
      kinema_gallery_add_toast (self, _("Only finished clips can be compared"));
      return;
    }
  first = kinema_job_list_lookup (self->jobs, pending);
  if (first != NULL && playable_clip (first) != NULL)
    open_compare (self, first, job);
}

/* Export */

static void
export_copied_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (source), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_error (data->gallery, _("Could not export the clip"), error);
      return;
    }
  {
    g_autofree char *name = g_path_get_basename (data->path);
    /* Translators: %s is a file name */
    g_autofree char *text = g_strdup_printf (_("Exported “%s”"), name);

    kinema_gallery_add_toast (data->gallery, text);
  }
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    ActionData      *data)
{
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GFile) source = NULL;
  KinemaClip *clip = kinema_job_get_clip (data->job);

  if (response == GTK_RESPONSE_ACCEPT &&
      (dest = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      clip != NULL)
    {
      g_autofree char *path = g_file_get_path (dest);

      source = g_file_new_for_path (clip->path);
      g_file_copy_async (source, dest, G_FILE_COPY_OVERWRITE, G_PRIORITY_DEFAULT,
                         data->gallery->cancellable, NULL, NULL,
                         export_copied_cb, action_data_new (data->gallery, data->job, path ? path : clip->path));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}

static void
export_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);
  g_autofree char *name = NULL;
  GtkFileChooserNative *chooser;
  KinemaClip *clip;

  if (job == NULL || (clip = playable_clip (job)) == NULL)
    return;

  chooser = gtk_file_chooser_native_new (_("Export Clip"), parent_window (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  name = g_path_get_basename (clip->path);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect_data (chooser, "response", G_CALLBACK (export_response_cb),
                         action_data_new (self, job, NULL), action_data_closure_free, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Delete, with undo: the card goes at once; the file goes to the trash and
 * the row out of the library only when the toast is dismissed. */

static void
finish_delete (KinemaGallery *self,
               KinemaJob     *job)
{
  g_autoptr(GError) error = NULL;
  const char *id = kinema_job_get_id (job);

  if (self->engine != NULL &&
      !kinema_library_delete_job (kinema_engine_get_library (self->engine), id, &error))
    {
      toast_error (self, _("Could not delete the clip"), error);
      kinema_job_list_unhide (self->jobs, id);
      return;
    }
  /* The row is gone: the next query leaves it out by itself. */
  kinema_job_list_unhide (self->jobs, id);
}

static void
sidecar_trashed_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* Clips from before sidecars, or made elsewhere, have none. */
  if (!g_file_trash_finish (G_FILE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("Could not trash the sidecar: %s", error->message);
}

static void
clip_trashed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  KinemaGallery *self = data->gallery;
  g_autoptr(GError) error = NULL;
  KinemaClip *clip = kinema_job_get_clip (data->job);

  if (!g_file_trash_finish (G_FILE (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      /* Nothing is lost: the card comes back. */
      toast_error (self, _("Could not move the clip to the trash"), error);
      if (self->jobs != NULL)
        kinema_job_list_unhide (self->jobs, kinema_job_get_id (data->job));
      return;
    }

  if (clip != NULL && clip->path != NULL)
    {
      g_autofree char *sidecar = kinema_sidecar_path_for_clip (clip->path);
      g_autoptr(GFile) file = g_file_new_for_path (sidecar);

      g_file_trash_async (file, G_PRIORITY_DEFAULT, NULL, sidecar_trashed_cb, NULL);
    }
  if (self->jobs != NULL)
    finish_delete (self, data->job);
}

static void delete_toast_undo_cb (AdwToast   *toast,
                                  ActionData *data);

static void
delete_toast_dismissed_cb (AdwToast   *toast,
                           ActionData *data)
{
  KinemaGallery *self = data->gallery;
  const char *id = kinema_job_get_id (data->job);
  KinemaClip *clip = kinema_job_get_clip (data->job);

  /* Undone: nothing to do. */
  if (self->pending_deletes == NULL || g_hash_table_lookup (self->pending_deletes, id) != toast)
    return;
  g_hash_table_remove (self->pending_deletes, id);

  if (clip != NULL && clip->path != NULL && *clip->path != '\0')
    {
      g_autoptr(GFile) file = g_file_new_for_path (clip->path);

      g_file_trash_async (file, G_PRIORITY_DEFAULT, NULL, clip_trashed_cb,
                          action_data_new (self, data->job, NULL));
    }
  else
    finish_delete (self, data->job);
}

static void
delete_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);
  g_autofree char *title = NULL;
  g_autofree char *escaped = NULL;
  const char *prompt;
  AdwToast *toast;

  if (job == NULL || !kinema_job_state_is_final (kinema_job_get_state (job)))
    return;
  if (g_hash_table_contains (self->pending_deletes, kinema_job_get_id (job)))
    return;

  if (self->selected_job == job)
    gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  kinema_job_list_hide (self->jobs, kinema_job_get_id (job));

  prompt = kinema_request_get_prompt (kinema_job_get_request (job));
  if (prompt != NULL && *prompt != '\0')
    {
      g_autofree char *shortened = g_utf8_strlen (prompt, -1) > 32
                                   ? g_strconcat (g_utf8_substring (prompt, 0, 31), "…", NULL)
                                   : g_strdup (prompt);

      /* Translators: %s is the start of a clip's prompt */
      title = g_strdup_printf (_("“%s” deleted"), shortened);
    }
  else
    title = g_strdup (_("Clip deleted"));

  escaped = g_markup_escape_text (title, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  /* The toast closes itself after its button; nothing dismisses it twice. */
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (delete_toast_undo_cb),
                         action_data_new (self, job, NULL), action_data_closure_free, 0);
  g_signal_connect_data (toast, "dismissed", G_CALLBACK (delete_toast_dismissed_cb),
                         action_data_new (self, job, NULL), action_data_closure_free, 0);
  g_hash_table_insert (self->pending_deletes, g_strdup (kinema_job_get_id (job)), g_object_ref (toast));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Takes the deletion back; TRUE if there was one. The toast is the
 * caller's to close. */
static gboolean
undo_delete (KinemaGallery  *self,
             const char     *id,
             AdwToast      **toast_out)
{
  g_autoptr(AdwToast) toast = NULL;
  g_autofree char *key = NULL;

  if (self->pending_deletes == NULL ||
      !g_hash_table_steal_extended (self->pending_deletes, id, (gpointer *) &key, (gpointer *) &toast))
    return FALSE;

  /* Out of the table first, so that the dismissal deletes nothing. */
  kinema_job_list_unhide (self->jobs, key);
  if (toast_out != NULL)
    *toast_out = g_steal_pointer (&toast);
  return TRUE;
}

static void
delete_toast_undo_cb (AdwToast   *toast,
                      ActionData *data)
{
  undo_delete (data->gallery, kinema_job_get_id (data->job), NULL);
}

static void
undo_delete_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(AdwToast) toast = NULL;

  if (undo_delete (self, g_variant_get_string (parameter, NULL), &toast))
    adw_toast_dismiss (toast);
}

/* Clipboard, files */

static void
copy_prompt_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);
  const char *prompt;

  if (job == NULL)
    return;

  prompt = kinema_request_get_prompt (kinema_job_get_request (job));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), prompt ? prompt : "");
  kinema_gallery_add_toast (self, _("Prompt copied"));
}

static void
launch_folder_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    toast_error (data->gallery, _("Could not open the folder"), error);
}

static void
show_items_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ActionData) data = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uri = NULL;
  g_autoptr(GAppLaunchContext) context = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply != NULL)
    return;

  /* No file manager on the bus: open the folder instead. */
  g_debug ("FileManager1.ShowItems failed: %s", error->message);
  file = g_file_new_for_path (data->path);
  folder = g_file_get_parent (file);
  uri = g_file_get_uri (folder ? folder : file);
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (data->gallery))));
  g_app_info_launch_default_for_uri_async (uri, context, NULL, launch_folder_cb, g_steal_pointer (&data));
}

static void
open_folder_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;
  GApplication *app = g_application_get_default ();
  GDBusConnection *bus = app ? g_application_get_dbus_connection (app) : NULL;
  KinemaClip *clip;
  const char *uris[2] = { NULL, NULL };

  if (job == NULL || (clip = kinema_job_get_clip (job)) == NULL || clip->path == NULL)
    return;

  file = g_file_new_for_path (clip->path);
  uri = g_file_get_uri (file);
  uris[0] = uri;

  if (bus == NULL)
    {
      /* Straight to the fallback. */
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autofree char *folder_uri = g_file_get_uri (folder ? folder : file);

      g_app_info_launch_default_for_uri_async (folder_uri, NULL, NULL, launch_folder_cb,
                                               action_data_new (self, job, clip->path));
      return;
    }

  g_dbus_connection_call (bus, FILE_MANAGER_BUS_NAME, FILE_MANAGER_PATH, FILE_MANAGER_BUS_NAME,
                          "ShowItems", g_variant_new ("(^ass)", uris, ""),
                          NULL, G_DBUS_CALL_FLAGS_NONE, 5000, self->cancellable,
                          show_items_cb, action_data_new (self, job, clip->path));
}

/* Copy as curl: the HTTP call a submission would make, built off the main
 * thread (it reads and encodes local images). */

typedef struct
{
  KinemaProviderConfig *config;
  KinemaRequest        *request;
  char                 *job_id;
} CurlData;

static void
curl_data_free (CurlData *data)
{
  kinema_provider_config_free (data->config);
  g_clear_object (&data->request);
  g_free (data->job_id);
  g_free (data);
}

static void
curl_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  CurlData *data = task_data;
  g_autoptr(KinemaHttpCall) call = NULL;
  GError *error = NULL;

  call = kinema_http_provider_build_submit_call (data->config, data->request, NULL, data->job_id, &error);
  if (call == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, kinema_http_call_to_curl (call, TRUE), g_free);
}

static void
curl_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KinemaGallery) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *curl = g_task_propagate_pointer (G_TASK (result), &error);

  if (curl == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        toast_error (self, _("Could not build the request"), error);
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), curl);
  kinema_gallery_add_toast (self, _("The request is copied as a curl command, without the API key"));
}

static void
copy_curl_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  KinemaGallery *self = user_data;
  g_autoptr(KinemaJob) job = lookup_job (self, parameter);
  g_autoptr(GTask) task = NULL;
  KinemaProvider *provider;
  CurlData *data;

  if (job == NULL || self->engine == NULL)
    return;

  provider = kinema_engine_get_provider (self->engine, kinema_job_get_provider_id (job));
  if (provider == NULL || !KINEMA_IS_HTTP_PROVIDER (provider))
    {
      kinema_gallery_add_toast (self, _("Only requests to an HTTP provider can be copied as curl"));
      return;
    }

  data = g_new0 (CurlData, 1);
  data->config = kinema_provider_config_copy (kinema_http_provider_get_config (KINEMA_HTTP_PROVIDER (provider)));
  data->request = kinema_request_copy (kinema_job_get_request (job));
  data->job_id = g_strdup (kinema_job_get_id (job));

  task = g_task_new (NULL, self->cancellable, curl_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, copy_curl_action);
  g_task_set_task_data (task, data, (GDestroyNotify) curl_data_free);
  g_task_run_in_thread (task, curl_thread);
}

/* Play */

static void
play_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  KinemaGallery *self = user_data;

  kinema_gallery_show_job (self, g_variant_get_string (parameter, NULL));
}

/* Setup */

static const GActionEntry clip_actions[] = {
  { "retry", retry_action, "s", NULL, NULL, { 0 } },
  { "check-again", check_again_action, "s", NULL, NULL, { 0 } },
  { "cancel", cancel_action, "s", NULL, NULL, { 0 } },
  { "favourite", favourite_action, "s", NULL, NULL, { 0 } },
  { "remix", remix_action, "s", NULL, NULL, { 0 } },
  { "continue", continue_action, "s", NULL, NULL, { 0 } },
  { "compare", compare_action, NULL, NULL, NULL, { 0 } },
  { "compare-with", compare_with_action, "s", NULL, NULL, { 0 } },
  { "export", export_action, "s", NULL, NULL, { 0 } },
  { "delete", delete_action, "s", NULL, NULL, { 0 } },
  { "undo-delete", undo_delete_action, "s", NULL, NULL, { 0 } },
  { "copy-prompt", copy_prompt_action, "s", NULL, NULL, { 0 } },
  { "copy-curl", copy_curl_action, "s", NULL, NULL, { 0 } },
  { "open-folder", open_folder_action, "s", NULL, NULL, { 0 } },
  { "play", play_action, "s", NULL, NULL, { 0 } },
};

void
_kinema_gallery_init_actions (KinemaGallery *self)
{
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), clip_actions,
                                   G_N_ELEMENTS (clip_actions), self);
}

static void
set_enabled (KinemaGallery *self,
             const char    *name,
             gboolean       enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

void
_kinema_gallery_update_actions (KinemaGallery *self)
{
  g_autoptr(GPtrArray) selected = NULL;
  gboolean can_compare = FALSE;
  gboolean has_engine = self->engine != NULL;

  if (self->actions == NULL)
    return;

  if (self->selection != NULL)
    {
      selected = _kinema_gallery_get_selected_jobs (self);
      can_compare = selected->len == 2 &&
                    playable_clip (g_ptr_array_index (selected, 0)) != NULL &&
                    playable_clip (g_ptr_array_index (selected, 1)) != NULL;
    }

  set_enabled (self, "compare", can_compare);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_button), can_compare);
  set_enabled (self, "remix", self->editor != NULL);
  set_enabled (self, "continue", self->editor != NULL);
  set_enabled (self, "retry", has_engine);
  set_enabled (self, "check-again", has_engine);
  set_enabled (self, "cancel", has_engine);
  set_enabled (self, "favourite", has_engine);
  set_enabled (self, "delete", has_engine);
  set_enabled (self, "copy-curl", has_engine);
}
