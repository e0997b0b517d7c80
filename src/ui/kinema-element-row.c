/* kinema-element-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-element-row"

#include "config.h"

#include <glib/gi18n.h>

#include "kinema-element-row.h"
#include "kinema-element-row-private.h"
#include "kinema-image-picker.h"
#include "kinema-request.h"
#include "kinema-ui-util.h"

struct _KinemaElementRow
{
  AdwExpanderRow        parent_instance;

  KinemaElementRecord  *record;
  GCancellable         *cancellable;   /* thumbnails */
  GtkFileChooserNative *chooser;

  /* Template children */
  GtkStack             *thumb_stack;
  GtkPicture           *thumb;
  GtkButton            *use_button;
  AdwEntryRow          *name_row;
  AdwEntryRow          *description_row;
  GtkLabel             *images_label;
  GtkSpinner           *spinner;
  GtkButton            *add_images_button;
  GtkFlowBox           *images_box;
  GtkLabel             *problem_label;
  AdwActionRow         *status_row;
  GtkButton            *delete_button;
};

G_DEFINE_FINAL_TYPE (KinemaElementRow, kinema_element_row, ADW_TYPE_EXPANDER_ROW)

enum {
  USE,
  RENAME,
  DESCRIBE,
  ADD_IMAGES,
  REMOVE_IMAGE,
  DELETE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary methods */

static guint
count_images (const KinemaElementRecord *record)
{
  return record != NULL && record->images != NULL ? g_strv_length (record->images) : 0;
}

typedef struct
{
  GtkPicture *picture;
  GtkStack   *stack;   /* or NULL */
} ThumbTarget;

static void
thumbnail_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ThumbTarget *target = user_data;
  g_autoptr(GdkTexture) texture = kinema_thumbnail_load_finish (result, NULL);

  if (texture != NULL)
    {
      gtk_picture_set_paintable (target->picture, GDK_PAINTABLE (texture));
      if (target->stack != NULL)
        gtk_stack_set_visible_child_name (target->stack, "picture");
    }

  g_object_unref (target->picture);
  g_clear_object (&target->stack);
  g_free (target);
}

static void
load_thumbnail (KinemaElementRow *self,
                const char       *path,
                GtkPicture       *picture,
                GtkStack         *stack)
{
  ThumbTarget *target = g_new0 (ThumbTarget, 1);

  target->picture = g_object_ref (picture);
  target->stack = stack ? g_object_ref (stack) : NULL;
  kinema_thumbnail_load_async (path, 128, self->cancellable, thumbnail_cb, target);
}

static void
remove_image_clicked_cb (GtkButton        *button,
                         KinemaElementRow *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "image-index"));

  g_signal_emit (self, signals[REMOVE_IMAGE], 0, index);
}

static void
rebuild_images (KinemaElementRow *self)
{
  guint n = count_images (self->record);
  GtkWidget *child;
  g_autofree char *label = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->images_box))) != NULL)
    gtk_flow_box_remove (self->images_box, child);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *overlay = gtk_overlay_new ();
      GtkWidget *picture = gtk_picture_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
      g_autofree char *remove_name = NULL;

      gtk_widget_set_size_request (picture, 72, 72);
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
      gtk_widget_set_overflow (overlay, GTK_OVERFLOW_HIDDEN);
      gtk_widget_add_css_class (overlay, "kinema-thumbnail");
      gtk_overlay_set_child (GTK_OVERLAY (overlay), picture);

      /* Translators: %u counts the images of an element from 1 */
      remove_name = g_strdup_printf (_("Remove image %u"), i + 1);
      gtk_widget_set_halign (remove, GTK_ALIGN_END);
      gtk_widget_set_valign (remove, GTK_ALIGN_START);
      gtk_widget_set_margin_top (remove, 4);
      gtk_widget_set_margin_end (remove, 4);
      gtk_widget_add_css_class (remove, "circular");
      gtk_widget_add_css_class (remove, "osd");
      kinema_widget_set_tooltip (remove, _("Remove Image"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
      g_object_set_data (G_OBJECT (remove), "image-index", GUINT_TO_POINTER (i));
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_image_clicked_cb), self, 0);
      gtk_overlay_add_overlay (GTK_OVERLAY (overlay), remove);

      gtk_flow_box_append (self->images_box, overlay);
      if (!kinema_image_is_url (self->record->images[i]))
        load_thumbnail (self, self->record->images[i], GTK_PICTURE (picture), NULL);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->images_box), n > 0);
  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                        "%u of 4 images. Use clear JPEG or PNG pictures; the first should face the camera.",
                                        "%u of 4 images. Use clear JPEG or PNG pictures; the first should face the camera.",
                                        n),
                           n);
  gtk_label_set_label (self->images_label, label);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "element.add-images", n < KINEMA_MAX_ELEMENT_IMAGES);
}

static void
update_row (KinemaElementRow *self)
{
  const KinemaElementRecord *record = self->record;
  g_autofree char *title = g_strdup_printf ("@%s", record->name ? record->name : "");
  g_autofree char *use_name = NULL;
  g_autofree char *delete_name = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self),
                                 (record->description != NULL && *record->description != '\0')
                                 ? record->description : _("No description"));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), record->name ? record->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), record->description ? record->description : "");

  /* Translators: %s is an element name */
  use_name = g_strdup_printf (_("Use %s in the prompt"), record->name ? record->name : "");
  /* Translators: %s is an element name */
  delete_name = g_strdup_printf (_("Delete %s"), record->name ? record->name : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->use_button), GTK_ACCESSIBLE_PROPERTY_LABEL, use_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_button), GTK_ACCESSIBLE_PROPERTY_LABEL, delete_name, -1);

  gtk_stack_set_visible_child_name (self->thumb_stack, "empty");
  gtk_picture_set_paintable (self->thumb, NULL);
  if (count_images (record) > 0 && !kinema_image_is_url (record->images[0]))
    load_thumbnail (self, record->images[0], self->thumb, self->thumb_stack);

  rebuild_images (self);
}

/* Callbacks */

static void
name_applied_cb (KinemaElementRow *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));

  if (g_strcmp0 (name, self->record->name) != 0)
    g_signal_emit (self, signals[RENAME], 0, name);
}

static void
description_applied_cb (KinemaElementRow *self)
{
  g_autofree char *description = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->description_row))));

  if (g_strcmp0 (description, self->record->description ? self->record->description : "") != 0)
    g_signal_emit (self, signals[DESCRIBE], 0, description);
}

static void
emit_add_images (KinemaElementRow *self,
                 GSList           *files)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) paths = NULL;

  for (GSList *l = files; l != NULL; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path != NULL)
        g_strv_builder_add (builder, path);
    }

  paths = g_strv_builder_end (builder);
  if (paths[0] != NULL)
    g_signal_emit (self, signals[ADD_IMAGES], 0, paths);
  else
    kinema_element_row_set_problem (self, _("Only image files on this computer can be added to an element."));
}

static gboolean
drop_cb (GtkDropTarget    *target,
         const GValue     *value,
         double            x,
         double            y,
         KinemaElementRow *self)
{
  GSList *files = g_value_get_boxed (value);

  if (files == NULL)
    return FALSE;
  emit_add_images (self, files);
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog  *dialog,
                     int               response,
                     KinemaElementRow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      GSList *list = NULL;

      for (guint i = g_list_model_get_n_items (files); i > 0; i--)
        list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));
      emit_add_images (self, list);
      g_slist_free_full (list, g_object_unref);
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static void
add_images_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KinemaElementRow *self = KINEMA_ELEMENT_ROW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) images = gtk_file_filter_new ();

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Add Images to the Element"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Add"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (self->chooser), TRUE);
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
use_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  g_signal_emit (widget, signals[USE], 0);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[DELETE], 0);
}

/* GObject */

static void
kinema_element_row_dispose (GObject *object)
{
  KinemaElementRow *self = (KinemaElementRow *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_ELEMENT_ROW);

  G_OBJECT_CLASS (kinema_element_row_parent_class)->dispose (object);
}

static void
kinema_element_row_finalize (GObject *object)
{
  KinemaElementRow *self = (KinemaElementRow *) object;

  g_clear_pointer (&self->record, kinema_element_record_free);

  G_OBJECT_CLASS (kinema_element_row_parent_class)->finalize (object);
}

static void
kinema_element_row_class_init (KinemaElementRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_element_row_dispose;
  object_class->finalize = kinema_element_row_finalize;

  signals[USE] = g_signal_new ("use", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                               0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[RENAME] = g_signal_new ("rename", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DESCRIBE] = g_signal_new ("describe", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ADD_IMAGES] = g_signal_new ("add-images", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                      0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRV);
  signals[REMOVE_IMAGE] = g_signal_new ("remove-image", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[DELETE] = g_signal_new ("delete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-element-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, thumb_stack);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, thumb);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, use_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, name_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, description_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, images_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, add_images_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, images_box);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, status_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementRow, delete_button);

  gtk_widget_class_install_action (widget_class, "element.use", NULL, use_action);
  gtk_widget_class_install_action (widget_class, "element.add-images", NULL, add_images_action);
  gtk_widget_class_install_action (widget_class, "element.delete", NULL, delete_action);
}

static void
kinema_element_row_init (KinemaElementRow *self)
{
  GtkDropTarget *target;

  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->use_button), _("Write @name into the prompt and add the element to the video"));

  self->cancellable = g_cancellable_new ();

  /* AdwEntryRow 1.2 does not name the text field that takes the focus. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (self->name_row))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Element name"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (self->description_row))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Element description"), -1);
  g_signal_connect_object (self->name_row, "apply", G_CALLBACK (name_applied_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->description_row, "apply", G_CALLBACK (description_applied_cb),
                           self, G_CONNECT_SWAPPED);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_images_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add images"), -1);
}

/* Public API */

GtkWidget *
kinema_element_row_new (const KinemaElementRecord *record)
{
  KinemaElementRow *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (KINEMA_TYPE_ELEMENT_ROW, NULL);
  kinema_element_row_set_record (self, record);
  return GTK_WIDGET (self);
}

const KinemaElementRecord *
kinema_element_row_get_record (KinemaElementRow *self)
{
  g_return_val_if_fail (KINEMA_IS_ELEMENT_ROW (self), NULL);

  return self->record;
}

void
kinema_element_row_set_record (KinemaElementRow          *self,
                               const KinemaElementRecord *record)
{
  g_return_if_fail (KINEMA_IS_ELEMENT_ROW (self));
  g_return_if_fail (record != NULL);

  g_clear_pointer (&self->record, kinema_element_record_free);
  self->record = kinema_element_record_copy (record);
  update_row (self);
}

void
kinema_element_row_set_status (KinemaElementRow *self,
                               const char       *status)
{
  g_return_if_fail (KINEMA_IS_ELEMENT_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->status_row), status != NULL);
  adw_action_row_set_subtitle (self->status_row, status ? status : "");
}

void
kinema_element_row_set_problem (KinemaElementRow *self,
                                const char       *problem)
{
  g_return_if_fail (KINEMA_IS_ELEMENT_ROW (self));

  gtk_label_set_label (self->problem_label, problem ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  if (problem != NULL)
    adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), TRUE);
}

void
kinema_element_row_set_busy (KinemaElementRow *self,
                             gboolean          busy)
{
  g_return_if_fail (KINEMA_IS_ELEMENT_ROW (self));

  if (busy)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "element.add-images",
                                 !busy && count_images (self->record) < KINEMA_MAX_ELEMENT_IMAGES);
}

/* Test accessors (kinema-element-row-private.h) */

AdwEntryRow *
_kinema_element_row_get_name_row (KinemaElementRow *self)
{
  return self->name_row;
}

AdwEntryRow *
_kinema_element_row_get_description_row (KinemaElementRow *self)
{
  return self->description_row;
}

GtkButton *
_kinema_element_row_get_use_button (KinemaElementRow *self)
{
  return self->use_button;
}

GtkButton *
_kinema_element_row_get_delete_button (KinemaElementRow *self)
{
  return self->delete_button;
}

AdwActionRow *
_kinema_element_row_get_status_row (KinemaElementRow *self)
{
  return self->status_row;
}

GtkLabel *
_kinema_element_row_get_problem_label (KinemaElementRow *self)
{
  return self->problem_label;
}

GtkFlowBox *
_kinema_element_row_get_images_box (KinemaElementRow *self)
{
  return self->images_box;
}
