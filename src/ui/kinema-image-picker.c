/* kinema-image-picker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-image-picker"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kinema-image.h"
#include "kinema-image-picker.h"
#include "kinema-image-picker-private.h"
#include "kinema-paths.h"
#include "kinema-request.h"
#include "kinema-validate.h"
#include "kinema-ui-util.h"

/* Pixels on the longer side of the thumbnail (twice the shown size, for
 * high-density screens). */
#define THUMBNAIL_SIZE 160

struct _KinemaImagePicker
{
  GtkWidget             parent_instance;

  char                 *title;
  char                 *field;
  char                 *path;

  /* What the last header read found, for the info line. */
  gboolean              loaded;
  gboolean              header_ok;
  KinemaImageInfo       info;
  GStrv                 own_problems;   /* from kinema_image_check () */
  GStrv                 messages;       /* from the editor's validation */
  char                 *notice;         /* e.g. "the clipboard holds no image" */

  GCancellable         *load_cancellable;
  GCancellable         *paste_cancellable;
  GtkFileChooserNative *chooser;
  guint                 busy : 1;

  /* Template children */
  GtkWidget            *frame_box;
  GtkStack             *thumb_stack;
  GtkSpinner           *spinner;
  GtkPicture           *picture;
  GtkLabel             *title_label;
  GtkLabel             *info_label;
  GtkLabel             *problem_label;
  GtkButton            *choose_button;
  GtkButton            *paste_button;
  GtkMenuButton        *url_button;
  GtkPopover           *url_popover;
  GtkEntry             *url_entry;
  GtkButton            *url_apply_button;
  GtkLabel             *url_error_label;
  GtkButton            *clear_button;
};

G_DEFINE_FINAL_TYPE (KinemaImagePicker, kinema_image_picker, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_FIELD,
  PROP_PATH,
  PROP_BUSY,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void picker_update (KinemaImagePicker *self);

/* Thumbnails (worker threads) */

static GdkTexture *
load_thumbnail (const char  *path,
                int          size,
                GError     **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;

  /* Decodes at a reduced scale where the format allows (JPEG), so a
   * large photo never lands in memory at full size. */
  pixbuf = gdk_pixbuf_new_from_file_at_scale (path, size, size, TRUE, error);
  if (pixbuf == NULL)
    return NULL;

  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  return gdk_texture_new_for_pixbuf (oriented != NULL ? oriented : pixbuf);
}

typedef struct
{
  char *path;
  int   size;
} ThumbnailData;

static void
thumbnail_data_free (ThumbnailData *data)
{
  g_free (data->path);
  g_free (data);
}

static void
thumbnail_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  ThumbnailData *data = task_data;
  GError *error = NULL;
  GdkTexture *texture;

  if (g_task_return_error_if_cancelled (task))
    return;

  texture = load_thumbnail (data->path, data->size, &error);
  if (texture != NULL)
    g_task_return_pointer (task, texture, g_object_unref);
  else
    g_task_return_error (task, error);
}

void
kinema_thumbnail_load_async (const char          *path,
                             int                  size,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ThumbnailData *data;

  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kinema_thumbnail_load_async);
  data = g_new0 (ThumbnailData, 1);
  data->path = g_strdup (path);
  data->size = size > 0 ? size : THUMBNAIL_SIZE;
  g_task_set_task_data (task, data, (GDestroyNotify) thumbnail_data_free);
  g_task_run_in_thread (task, thumbnail_thread);
}

GdkTexture *
kinema_thumbnail_load_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reading the picked file (worker thread) */

typedef struct
{
  char *path;
  char *field;
} LoadData;

typedef struct
{
  gboolean         header_ok;
  KinemaImageInfo  info;
  GStrv            problems;
  GdkTexture      *texture;
} LoadResult;

static void
load_data_free (LoadData *data)
{
  g_free (data->path);
  g_free (data->field);
  g_free (data);
}

static void
load_result_free (LoadResult *result)
{
  g_strfreev (result->problems);
  g_clear_object (&result->texture);
  g_free (result);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *data = task_data;
  LoadResult *result = g_new0 (LoadResult, 1);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GStrvBuilder) messages = g_strv_builder_new ();
  GStatBuf st;

  result->header_ok = kinema_image_read_header (data->path, &result->info, NULL);
  if (g_stat (data->path, &st) == 0)
    result->info.file_size = (guint64) st.st_size;

  problems = kinema_image_check (data->path, data->field);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_strv_builder_add (messages, ((KinemaProblem *) g_ptr_array_index (problems, i))->message);
  result->problems = g_strv_builder_end (messages);

  if (result->header_ok && !g_cancellable_is_cancelled (cancellable))
    result->texture = load_thumbnail (data->path, THUMBNAIL_SIZE, NULL);

  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

static void
set_busy (KinemaImagePicker *self,
          gboolean           busy)
{
  if (self->busy == !!busy)
    return;

  self->busy = !!busy;
  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(KinemaImagePicker) self = user_data;
  LoadResult *result;

  result = g_task_propagate_pointer (G_TASK (res), NULL);
  if (result == NULL || g_task_had_error (G_TASK (res)) ||
      g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (res))))
    {
      /* A newer read replaced this one, or the picker went away. */
      g_clear_pointer (&result, load_result_free);
      return;
    }

  self->loaded = TRUE;
  self->header_ok = result->header_ok;
  self->info = result->info;
  g_strfreev (self->own_problems);
  self->own_problems = g_steal_pointer (&result->problems);
  gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (result->texture));
  load_result_free (result);

  g_clear_object (&self->load_cancellable);
  set_busy (self, FALSE);
  picker_update (self);
}

static void
start_load (KinemaImagePicker *self)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  self->loaded = FALSE;
  self->header_ok = FALSE;
  memset (&self->info, 0, sizeof self->info);
  g_clear_pointer (&self->own_problems, g_strfreev);
  gtk_picture_set_paintable (self->picture, NULL);

  if (self->path == NULL || kinema_image_is_url (self->path))
    {
      set_busy (self, FALSE);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->load_cancellable, load_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, start_load);
  data = g_new0 (LoadData, 1);
  data->path = g_strdup (self->path);
  data->field = g_strdup (self->field ? self->field : "image");
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  set_busy (self, TRUE);
  g_task_run_in_thread (task, load_thread);
}

/* Display */

static gboolean
strv_contains_str (GPtrArray  *array,
                   const char *s)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), s) == 0)
      return TRUE;
  return FALSE;
}

static void
update_accessible_labels (KinemaImagePicker *self)
{
  const char *title = self->title ? self->title : _("Image");
  g_autofree char *choose = NULL;
  g_autofree char *paste = NULL;
  g_autofree char *url = NULL;
  g_autofree char *clear = NULL;

  /* Translators: %s is what the image is for, e.g. "First Frame" */
  choose = g_strdup_printf (_("Choose a file for %s"), title);
  /* Translators: %s is what the image is for, e.g. "First Frame" */
  paste = g_strdup_printf (_("Paste an image or address for %s"), title);
  /* Translators: %s is what the image is for, e.g. "First Frame" */
  url = g_strdup_printf (_("Use a web address for %s"), title);
  /* Translators: %s is what the image is for, e.g. "First Frame" */
  clear = g_strdup_printf (_("Remove %s"), title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->choose_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, choose, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->paste_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, paste, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->url_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, url, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->clear_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, clear, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->url_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, url, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static void
picker_update (KinemaImagePicker *self)
{
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  g_autofree char *joined = NULL;
  g_autofree char *info = NULL;
  const char *page;

  gtk_label_set_label (self->title_label, self->title ? self->title : _("Image"));

  if (self->path == NULL)
    {
      page = "empty";
      info = g_strdup (_("Drop an image here, paste one, or choose a file (JPEG or PNG)."));
    }
  else if (kinema_image_is_url (self->path))
    {
      page = "url";
      /* Translators: %s is a web address */
      info = g_strdup_printf (_("Web address: %s"), self->path);
    }
  else
    {
      g_autofree char *basename = g_path_get_basename (self->path);

      if (self->busy || !self->loaded)
        {
          page = "loading";
          info = g_strdup (basename);
        }
      else
        {
          g_autofree char *size = g_format_size (self->info.file_size);

          page = gtk_picture_get_paintable (self->picture) != NULL ? "picture" : "broken";
          if (self->header_ok)
            /* Translators: file name, then e.g. "PNG · 1280 × 720 · 1.2 MB" */
            info = g_strdup_printf (_("%s\n%s · %u × %u · %s"), basename,
                                    kinema_image_format_to_string (self->info.format),
                                    self->info.width, self->info.height, size);
          else if (self->info.file_size > 0)
            info = g_strdup_printf ("%s\n%s", basename, size);
          else
            info = g_strdup (basename);
        }
    }

  gtk_stack_set_visible_child_name (self->thumb_stack, page);
  gtk_label_set_label (self->info_label, info);
  kinema_widget_set_tooltip (GTK_WIDGET (self->info_label), self->path);
  gtk_widget_set_visible (GTK_WIDGET (self->clear_button), self->path != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "picker.clear", self->path != NULL);

  /* The picker's own findings first, then validation's, once each. */
  if (self->notice != NULL)
    g_ptr_array_add (shown, self->notice);
  for (guint i = 0; self->own_problems != NULL && self->own_problems[i] != NULL; i++)
    if (!strv_contains_str (shown, self->own_problems[i]))
      g_ptr_array_add (shown, self->own_problems[i]);
  for (guint i = 0; self->messages != NULL && self->messages[i] != NULL; i++)
    if (!strv_contains_str (shown, self->messages[i]))
      g_ptr_array_add (shown, self->messages[i]);
  g_ptr_array_add (shown, NULL);

  joined = g_strjoinv ("\n", (char **) shown->pdata);
  gtk_label_set_label (self->problem_label, joined);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), *joined != '\0');
  if (*joined != '\0')
    {
      gtk_widget_add_css_class (self->frame_box, "kinema-problem");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, joined, -1);
    }
  else
    {
      gtk_widget_remove_css_class (self->frame_box, "kinema-problem");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, info, -1);
    }
}

static void
set_notice (KinemaImagePicker *self,
            const char        *notice)
{
  g_free (self->notice);
  self->notice = g_strdup (notice);
  picker_update (self);
}

/* Replaces the image; @emit says whether the user did it. */
static void
take_path (KinemaImagePicker *self,
           const char        *path,
           gboolean           emit)
{
  if (path != NULL && *path == '\0')
    path = NULL;

  g_clear_pointer (&self->notice, g_free);

  if (g_strcmp0 (path, self->path) == 0)
    {
      picker_update (self);
      return;
    }

  g_free (self->path);
  self->path = g_strdup (path);

  start_load (self);
  picker_update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
  if (emit)
    g_signal_emit (self, signals[CHANGED], 0);
}

/* Paste (a worker thread writes the PNG) */

typedef struct
{
  GdkTexture *texture;
  char       *dir;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->texture);
  g_free (data->dir);
  g_free (data);
}

static void
save_png_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GBytes) png = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;

  /* A GdkTexture is immutable: downloading it from a thread is safe. */
  png = gdk_texture_save_to_png_bytes (data->texture);

  if (g_mkdir_with_parents (data->dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               "%s", g_strerror (saved));
      return;
    }

  name = g_strdup_printf ("pasted-%" G_GINT64_FORMAT "-%08x.png",
                          g_get_real_time (), g_random_int ());
  path = g_build_filename (data->dir, name, NULL);
  if (!g_file_set_contents_full (path, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&path), g_free);
}

static void
pasted_png_saved_cb (GObject      *object,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  g_autoptr(KinemaImagePicker) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (res), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, self->load_cancellable != NULL);
  if (path == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s says why */
      text = g_strdup_printf (_("The pasted image could not be saved: %s"), error->message);
      set_notice (self, text);
      return;
    }

  take_path (self, path, TRUE);
}

static void
paste_texture_cb (GObject      *object,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  g_autoptr(KinemaImagePicker) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GTask) task = NULL;
  SaveData *data;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (object), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (texture == NULL)
    {
      set_busy (self, self->load_cancellable != NULL);
      set_notice (self, _("The clipboard holds no image that can be read."));
      return;
    }

  task = g_task_new (NULL, self->paste_cancellable, pasted_png_saved_cb, g_object_ref (self));
  g_task_set_source_tag (task, paste_texture_cb);
  data = g_new0 (SaveData, 1);
  data->texture = g_steal_pointer (&texture);
  data->dir = g_build_filename (kinema_paths_cache_dir (), "pasted", NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_png_thread);
}

static void
use_text (KinemaImagePicker *self,
          const char        *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text ? text : ""));

  if (g_ascii_strncasecmp (trimmed, "https://", 8) == 0 ||
      g_ascii_strncasecmp (trimmed, "http://", 7) == 0)
    kinema_image_picker_set_url (self, trimmed);
  else if (g_ascii_strncasecmp (trimmed, "file://", 7) == 0 || g_path_is_absolute (trimmed))
    {
      g_autoptr(GFile) file = g_ascii_strncasecmp (trimmed, "file://", 7) == 0
                              ? g_file_new_for_uri (trimmed)
                              : g_file_new_for_path (trimmed);

      kinema_image_picker_set_file (self, file);
    }
  else
    set_notice (self, _("The clipboard holds neither an image nor an image address."));
}

static void
paste_text_cb (GObject      *object,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(KinemaImagePicker) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, self->load_cancellable != NULL);
  use_text (self, text);
}

static void
paste_files_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(KinemaImagePicker) self = user_data;
  g_autoptr(GError) error = NULL;
  const GValue *value = gdk_clipboard_read_value_finish (GDK_CLIPBOARD (object), res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, self->load_cancellable != NULL);

  if (value != NULL && G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) && g_value_get_boxed (value) != NULL)
    kinema_image_picker_set_file (self, ((GSList *) g_value_get_boxed (value))->data);
  else if (value != NULL && G_VALUE_HOLDS (value, G_TYPE_FILE) && g_value_get_object (value) != NULL)
    kinema_image_picker_set_file (self, g_value_get_object (value));
  else
    set_notice (self, _("The clipboard holds no file that can be read."));
}

/* Callbacks */

static gboolean
drop_cb (GtkDropTarget     *target,
         const GValue      *value,
         double             x,
         double             y,
         KinemaImagePicker *self)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = g_value_get_boxed (value);

      return files != NULL && kinema_image_picker_set_file (self, files->data);
    }
  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    return kinema_image_picker_set_file (self, g_value_get_object (value));
  if (G_VALUE_HOLDS (value, G_TYPE_STRING))
    {
      use_text (self, g_value_get_string (value));
      return self->notice == NULL;
    }
  return FALSE;
}

static void
chooser_response_cb (GtkNativeDialog   *dialog,
                     int                response,
                     KinemaImagePicker *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        kinema_image_picker_set_file (self, file);
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KinemaImagePicker *self = KINEMA_IMAGE_PICKER (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();
  g_autofree char *title = NULL;

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  /* Translators: %s is what the image is for, e.g. "First Frame" */
  title = g_strdup_printf (_("Choose an Image for %s"), self->title ? self->title : _("Image"));
  self->chooser = gtk_file_chooser_native_new (title,
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  gtk_file_filter_set_name (images, _("JPEG and PNG images"));
  gtk_file_filter_add_mime_type (images, "image/jpeg");
  gtk_file_filter_add_mime_type (images, "image/png");
  gtk_file_filter_add_suffix (images, "jpg");
  gtk_file_filter_add_suffix (images, "jpeg");
  gtk_file_filter_add_suffix (images, "png");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), images);

  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kinema_image_picker_paste (KINEMA_IMAGE_PICKER (widget));
}

static void
clear_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  kinema_image_picker_clear (KINEMA_IMAGE_PICKER (widget));
}

static void
url_apply_cb (KinemaImagePicker *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->url_entry));

  if (kinema_image_picker_set_url (self, text))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), FALSE);
      gtk_popover_popdown (self->url_popover);
    }
  else
    {
      gtk_label_set_label (self->url_error_label,
                           _("Enter a web address that starts with https://"));
      gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), TRUE);
    }
}

static void
url_popover_shown_cb (KinemaImagePicker *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->url_entry),
                         (self->path != NULL && kinema_image_is_url (self->path)) ? self->path : "");
  gtk_widget_set_visible (GTK_WIDGET (self->url_error_label), FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
}

/* GObject */

static void
kinema_image_picker_dispose (GObject *object)
{
  KinemaImagePicker *self = (KinemaImagePicker *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_cancellable_cancel (self->paste_cancellable);
  g_clear_object (&self->paste_cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_IMAGE_PICKER);
  /* The template's top widget is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kinema_image_picker_parent_class)->dispose (object);
}

static void
kinema_image_picker_finalize (GObject *object)
{
  KinemaImagePicker *self = (KinemaImagePicker *) object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->field, g_free);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->own_problems, g_strfreev);
  g_clear_pointer (&self->messages, g_strfreev);
  g_clear_pointer (&self->notice, g_free);

  G_OBJECT_CLASS (kinema_image_picker_parent_class)->finalize (object);
}

static void
kinema_image_picker_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KinemaImagePicker *self = KINEMA_IMAGE_PICKER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_image_picker_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KinemaImagePicker *self = KINEMA_IMAGE_PICKER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      kinema_image_picker_set_title (self, g_value_get_string (value));
      break;
    case PROP_FIELD:
      kinema_image_picker_set_field (self, g_value_get_string (value));
      break;
    case PROP_PATH:
      kinema_image_picker_set_path (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_image_picker_class_init (KinemaImagePickerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_image_picker_dispose;
  object_class->finalize = kinema_image_picker_finalize;
  object_class->get_property = kinema_image_picker_get_property;
  object_class->set_property = kinema_image_picker_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FIELD] =
    g_param_spec_string ("field", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-image-picker.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, frame_box);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, thumb_stack);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, spinner);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, picture);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, title_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, info_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, problem_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, choose_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, paste_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, url_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, url_popover);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, url_entry);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, url_apply_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, url_error_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaImagePicker, clear_button);

  gtk_widget_class_install_action (widget_class, "picker.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "picker.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "picker.clear", NULL, clear_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "picker.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "picker.clear", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemaimagepicker");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kinema_image_picker_init (KinemaImagePicker *self)
{
  GtkDropTarget *target;
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE, G_TYPE_STRING };

  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->choose_button), _("Choose an Image File…"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->paste_button), _("Paste an Image or Address"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->url_button), _("Use a Web Address"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->clear_button), _("Remove the Image"));

  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (self->frame_box, GTK_EVENT_CONTROLLER (target));

  g_signal_connect_object (self->url_entry, "activate", G_CALLBACK (url_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->url_apply_button, "clicked", G_CALLBACK (url_apply_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->url_popover, "show", G_CALLBACK (url_popover_shown_cb), self, G_CONNECT_SWAPPED);

  update_accessible_labels (self);
  picker_update (self);
}

/* Public API */

GtkWidget *
kinema_image_picker_new (const char *title,
                         const char *field)
{
  return g_object_new (KINEMA_TYPE_IMAGE_PICKER,
                       "title", title,
                       "field", field,
                       NULL);
}

const char *
kinema_image_picker_get_title (KinemaImagePicker *self)
{
  g_return_val_if_fail (KINEMA_IS_IMAGE_PICKER (self), NULL);

  return self->title;
}

void
kinema_image_picker_set_title (KinemaImagePicker *self,
                               const char        *title)
{
  g_return_if_fail (KINEMA_IS_IMAGE_PICKER (self));

  if (g_strcmp0 (title, self->title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  update_accessible_labels (self);
  picker_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
kinema_image_picker_get_field (KinemaImagePicker *self)
{
  g_return_val_if_fail (KINEMA_IS_IMAGE_PICKER (self), NULL);

  return self->field;
}

void
kinema_image_picker_set_field (KinemaImagePicker *self,
                               const char        *field)
{
  g_return_if_fail (KINEMA_IS_IMAGE_PICKER (self));

  if (g_strcmp0 (field, self->field) == 0)
    return;

  g_free (self->field);
  self->field = g_strdup (field);
  /* The checks name the field in their messages. */
  start_load (self);
  picker_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIELD]);
}

const char *
kinema_image_picker_get_path (KinemaImagePicker *self)
{
  g_return_val_if_fail (KINEMA_IS_IMAGE_PICKER (self), NULL);

  return self->path;
}

void
kinema_image_picker_set_path (KinemaImagePicker *self,
                              const char        *path_or_url)
{
  g_return_if_fail (KINEMA_IS_IMAGE_PICKER (self));

  take_path (self, path_or_url, FALSE);
}

gboolean
kinema_image_picker_set_file (KinemaImagePicker *self,
                              GFile             *file)
{
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (KINEMA_IS_IMAGE_PICKER (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path != NULL)
    {
      take_path (self, path, TRUE);
      return TRUE;
    }

  uri = g_file_get_uri (file);
  if (uri != NULL && (g_ascii_strncasecmp (uri, "https://", 8) == 0 ||
                      g_ascii_strncasecmp (uri, "http://", 7) == 0))
    return kinema_image_picker_set_url (self, uri);

  set_notice (self, _("Only files on this computer and https:// addresses can be used."));
  return FALSE;
}

gboolean
kinema_image_picker_set_url (KinemaImagePicker *self,
                             const char        *url)
{
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (KINEMA_IS_IMAGE_PICKER (self), FALSE);

  trimmed = g_strstrip (g_strdup (url ? url : ""));
  if (g_ascii_strncasecmp (trimmed, "https://", 8) != 0 &&
      g_ascii_strncasecmp (trimmed, "http://", 7) != 0)
    return FALSE;
  if (!g_uri_is_valid (trimmed, G_URI_FLAGS_NONE, NULL))
    return FALSE;

  take_path (self, trimmed, TRUE);
  return TRUE;
}

void
kinema_image_picker_paste (KinemaImagePicker *self)
{
  GdkClipboard *clipboard;
  g_autoptr(GdkContentFormats) formats = NULL;

  g_return_if_fail (KINEMA_IS_IMAGE_PICKER (self));

  clipboard = gtk_widget_get_clipboard (GTK_WIDGET (self));
  formats = gdk_content_formats_union_deserialize_gtypes (
              gdk_content_formats_ref (gdk_clipboard_get_formats (clipboard)));

  g_cancellable_cancel (self->paste_cancellable);
  g_clear_object (&self->paste_cancellable);
  self->paste_cancellable = g_cancellable_new ();
  g_clear_pointer (&self->notice, g_free);

  if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST) ||
      gdk_content_formats_contain_gtype (formats, G_TYPE_FILE))
    {
      set_busy (self, TRUE);
      gdk_clipboard_read_value_async (clipboard,
                                      gdk_content_formats_contain_gtype (formats, GDK_TYPE_FILE_LIST)
                                      ? GDK_TYPE_FILE_LIST : G_TYPE_FILE,
                                      G_PRIORITY_DEFAULT, self->paste_cancellable,
                                      paste_files_cb, g_object_ref (self));
    }
  else if (gdk_content_formats_contain_gtype (formats, GDK_TYPE_TEXTURE))
    {
      set_busy (self, TRUE);
      gdk_clipboard_read_texture_async (clipboard, self->paste_cancellable,
                                        paste_texture_cb, g_object_ref (self));
    }
  else if (gdk_content_formats_contain_gtype (formats, G_TYPE_STRING))
    {
      set_busy (self, TRUE);
      gdk_clipboard_read_text_async (clipboard, self->paste_cancellable,
                                     paste_text_cb, g_object_ref (self));
    }
  else
    set_notice (self, _("The clipboard is empty; copy an image or an image address first."));
}

void
kinema_image_picker_clear (KinemaImagePicker *self)
{
  g_return_if_fail (KINEMA_IS_IMAGE_PICKER (self));

  take_path (self, NULL, TRUE);
}

gboolean
kinema_image_picker_get_busy (KinemaImagePicker *self)
{
  g_return_val_if_fail (KINEMA_IS_IMAGE_PICKER (self), FALSE);

  return self->busy;
}

void
kinema_image_picker_set_messages (KinemaImagePicker  *self,
                                  const char * const *messages)
{
  g_return_if_fail (KINEMA_IS_IMAGE_PICKER (self));

  if (messages != NULL && messages[0] == NULL)
    messages = NULL;
  if (messages == NULL && self->messages == NULL)
    return;
  if (messages != NULL && self->messages != NULL &&
      g_strv_equal ((const char * const *) self->messages, messages))
    return;

  g_strfreev (self->messages);
  self->messages = g_strdupv ((char **) messages);
  picker_update (self);
}

/* Test accessors (kinema-image-picker-private.h) */

GtkLabel *
_kinema_image_picker_get_info_label (KinemaImagePicker *self)
{
  return self->info_label;
}

GtkLabel *
_kinema_image_picker_get_problem_label (KinemaImagePicker *self)
{
  return self->problem_label;
}

GtkEntry *
_kinema_image_picker_get_url_entry (KinemaImagePicker *self)
{
  return self->url_entry;
}

GtkMenuButton *
_kinema_image_picker_get_url_button (KinemaImagePicker *self)
{
  return self->url_button;
}

GtkPicture *
_kinema_image_picker_get_picture (KinemaImagePicker *self)
{
  return self->picture;
}

GtkButton *
_kinema_image_picker_get_clear_button (KinemaImagePicker *self)
{
  return self->clear_button;
}
