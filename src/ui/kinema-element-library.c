/* kinema-element-library.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-element-library"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kinema-element-library.h"
#include "kinema-element-library-private.h"
#include "kinema-element-row.h"
#include "kinema-elements.h"
#include "kinema-error.h"
#include "kinema-validate.h"
#include "kinema-ui-util.h"

struct _KinemaElementLibrary
{
  GtkWidget            parent_instance;

  KinemaLibrary       *library;
  KinemaProvider      *provider;
  GPtrArray           *elements;   /* KinemaElementRecord* */
  GCancellable        *cancellable;
  AdwMessageDialog    *delete_dialog;

  /* Template children */
  GtkButton           *back_button;
  AdwEntryRow         *new_row;
  GtkLabel            *new_problem;
  AdwPreferencesGroup *elements_group;
  GtkListBox          *element_list;
  GtkLabel            *empty_label;
  GtkLabel            *error_label;
};

G_DEFINE_FINAL_TYPE (KinemaElementLibrary, kinema_element_library, GTK_TYPE_WIDGET)

enum {
  BACK,
  INSERT,
  RENAMED,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Auxiliary methods */

static const KinemaElementRecord *
find_record (KinemaElementLibrary *self,
             gint64                id)
{
  for (guint i = 0; self->elements != NULL && i < self->elements->len; i++)
    {
      const KinemaElementRecord *record = g_ptr_array_index (self->elements, i);

      if (record->id == id)
        return record;
    }
  return NULL;
}

static KinemaElementRow *
find_row (KinemaElementLibrary *self,
          gint64                id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->element_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (KINEMA_IS_ELEMENT_ROW (child) &&
        kinema_element_row_get_record (KINEMA_ELEMENT_ROW (child))->id == id)
      return KINEMA_ELEMENT_ROW (child);
  return NULL;
}

/* NULL when @name can be used in a prompt as @name. */
static char *
check_name (const char *name)
{
  if (name == NULL || *name == '\0')
    return g_strdup (_("Give the element a name."));
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '@')
        return g_strdup (_("Use one word without spaces or “@”, for example “red_fox”: the prompt refers to it as @name."));
    }
  if (g_utf8_strlen (name, -1) > 40)
    return g_strdup (_("Use a name of at most 40 characters."));
  return NULL;
}

static char *
dup_status (KinemaElementLibrary      *self,
            const KinemaElementRecord *record)
{
  const KinemaCapabilities *caps;
  const char *name;
  guint n_images = record->images ? g_strv_length (record->images) : 0;

  if (self->provider == NULL)
    return NULL;

  caps = kinema_provider_get_capabilities (self->provider);
  name = kinema_provider_get_name (self->provider);

  if (caps->max_elements == 0)
    /* Translators: %s is a provider name */
    return g_strdup_printf (_("%s does not offer elements"), name);

  if (n_images < caps->min_element_images)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s needs at least %u image; add more",
                                         "%s needs at least %u images; add more",
                                         caps->min_element_images),
                            name, caps->min_element_images);

  if (g_strcmp0 (kinema_provider_get_dialect (self->provider), "kling") == 0)
    {
      g_autofree char *hash = kinema_elements_images_hash ((const char * const *) record->images);
      g_autofree char *remote = NULL;

      if (self->library != NULL)
        remote = kinema_library_lookup_remote_element (self->library, record->id,
                                                       kinema_provider_get_id (self->provider), hash);
      if (remote != NULL)
        /* Translators: the first %s is a provider name, the second its id for the element */
        return g_strdup_printf (_("Registered on %s (%s)"), name, remote);
      /* Translators: %s is a provider name */
      return g_strdup_printf (_("Not registered on %s yet: registered when first used"), name);
    }

  /* Translators: %s is a provider name */
  return g_strdup_printf (_("Sent inline with each request to %s"), name);
}

static void
update_statuses (KinemaElementLibrary *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->element_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *status = NULL;

      if (!KINEMA_IS_ELEMENT_ROW (child))
        continue;
      status = dup_status (self, kinema_element_row_get_record (KINEMA_ELEMENT_ROW (child)));
      kinema_element_row_set_status (KINEMA_ELEMENT_ROW (child), status);
    }

  if (self->provider == NULL)
    adw_preferences_group_set_description (self->elements_group, NULL);
  else if (kinema_provider_get_capabilities (self->provider)->max_elements == 0)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a provider name */
      text = g_strdup_printf (_("%s does not offer elements; they stay here for other providers."),
                              kinema_provider_get_name (self->provider));
      adw_preferences_group_set_description (self->elements_group, text);
    }
  else
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a provider name, %u a number */
      text = g_strdup_printf (_("%s takes up to %u elements per video."),
                              kinema_provider_get_name (self->provider),
                              kinema_provider_get_capabilities (self->provider)->max_elements);
      adw_preferences_group_set_description (self->elements_group, text);
    }
}

static void
show_error (KinemaElementLibrary *self,
            const char           *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
store (KinemaElementLibrary  *self,
       KinemaElementRecord   *record,
       GError               **error)
{
  if (self->library == NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE, _("The library is not open."));
      return FALSE;
    }
  return kinema_library_update_element (self->library, record, error);
}

/* Callbacks */

static void row_use_cb          (KinemaElementLibrary *self, KinemaElementRow *row);
static void row_rename_cb       (KinemaElementLibrary *self, const char *name, KinemaElementRow *row);
static void row_describe_cb     (KinemaElementLibrary *self, const char *description, KinemaElementRow *row);
static void row_add_images_cb   (KinemaElementLibrary *self, GStrv paths, KinemaElementRow *row);
static void row_remove_image_cb (KinemaElementLibrary *self, guint index, KinemaElementRow *row);
static void row_delete_cb       (KinemaElementLibrary *self, KinemaElementRow *row);

static void
rebuild_rows (KinemaElementLibrary *self)
{
  g_autoptr(GHashTable) expanded = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  GtkWidget *child;
  guint n_rows = 0;
  gboolean same = TRUE;

  /* The same elements in the same order: update the rows in place, so
   * that the keyboard focus and what is expanded stay. */
  child = gtk_widget_get_first_child (GTK_WIDGET (self->element_list));
  for (; child != NULL; child = gtk_widget_get_next_sibling (child), n_rows++)
    if (!KINEMA_IS_ELEMENT_ROW (child) || n_rows >= self->elements->len ||
        kinema_element_row_get_record (KINEMA_ELEMENT_ROW (child))->id !=
        ((KinemaElementRecord *) g_ptr_array_index (self->elements, n_rows))->id)
      same = FALSE;
  if (same && n_rows == self->elements->len && n_rows > 0)
    {
      child = gtk_widget_get_first_child (GTK_WIDGET (self->element_list));
      for (guint i = 0; child != NULL; child = gtk_widget_get_next_sibling (child), i++)
        kinema_element_row_set_record (KINEMA_ELEMENT_ROW (child), g_ptr_array_index (self->elements, i));
      update_statuses (self);
      return;
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->element_list))) != NULL)
    {
      if (KINEMA_IS_ELEMENT_ROW (child) && adw_expander_row_get_expanded (ADW_EXPANDER_ROW (child)))
        {
          gint64 *id = g_new (gint64, 1);

          *id = kinema_element_row_get_record (KINEMA_ELEMENT_ROW (child))->id;
          g_ptr_array_add (keep, id);
          g_hash_table_add (expanded, id);
        }
      gtk_list_box_remove (self->element_list, child);
    }

  for (guint i = 0; self->elements != NULL && i < self->elements->len; i++)
    {
      const KinemaElementRecord *record = g_ptr_array_index (self->elements, i);
      GtkWidget *row = kinema_element_row_new (record);

      g_signal_connect_object (row, "use", G_CALLBACK (row_use_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "rename", G_CALLBACK (row_rename_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "describe", G_CALLBACK (row_describe_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "add-images", G_CALLBACK (row_add_images_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "remove-image", G_CALLBACK (row_remove_image_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "delete", G_CALLBACK (row_delete_cb), self, G_CONNECT_SWAPPED);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), g_hash_table_contains (expanded, &record->id));
      gtk_list_box_append (self->element_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->element_list), self->elements != NULL && self->elements->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->elements == NULL || self->elements->len == 0);
  update_statuses (self);
}

static void
row_use_cb (KinemaElementLibrary *self,
            KinemaElementRow     *row)
{
  g_signal_emit (self, signals[INSERT], 0, kinema_element_row_get_record (row));
}

static void
row_rename_cb (KinemaElementLibrary *self,
               const char           *name,
               KinemaElementRow     *row)
{
  g_autoptr(GError) error = NULL;

  if (!kinema_element_library_rename (self, kinema_element_row_get_record (row)->id, name, &error))
    kinema_element_row_set_problem (row, error->message);
}

static void
row_describe_cb (KinemaElementLibrary *self,
                 const char           *description,
                 KinemaElementRow     *row)
{
  g_autoptr(GError) error = NULL;

  if (!kinema_element_library_describe (self, kinema_element_row_get_record (row)->id, description, &error))
    kinema_element_row_set_problem (row, error->message);
}

static void
row_add_images_cb (KinemaElementLibrary *self,
                   GStrv                 paths,
                   KinemaElementRow     *row)
{
  kinema_element_library_add_images (self, kinema_element_row_get_record (row)->id,
                                     (const char * const *) paths);
}

static void
row_remove_image_cb (KinemaElementLibrary *self,
                     guint                 index,
                     KinemaElementRow     *row)
{
  g_autoptr(GError) error = NULL;

  if (!kinema_element_library_remove_image (self, kinema_element_row_get_record (row)->id, index, &error))
    kinema_element_row_set_problem (row, error->message);
}

static void
row_delete_cb (KinemaElementLibrary *self,
               KinemaElementRow     *row)
{
  kinema_element_library_ask_delete (self, kinema_element_row_get_record (row)->id);
}

static void
new_applied_cb (KinemaElementLibrary *self)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_row))));
  g_autoptr(GError) error = NULL;

  if (!kinema_element_library_create (self, name, &error))
    {
      gtk_label_set_label (self->new_problem, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->new_problem), TRUE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->new_problem), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->new_row), "");
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[BACK], 0);
}

typedef struct
{
  KinemaElementLibrary *self;
  gint64                id;
} ImportData;

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ImportData *data = user_data;
  g_autoptr(KinemaElementLibrary) self = data->self;
  gint64 id = data->id;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) stored = NULL;
  const KinemaElementRecord *record;
  KinemaElementRow *row;

  g_free (data);

  stored = kinema_elements_import_images_finish (result, &problems, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  row = find_row (self, id);
  if (row != NULL)
    kinema_element_row_set_busy (row, FALSE);

  record = find_record (self, id);
  if (record == NULL)
    return;   /* deleted meanwhile */

  if (stored == NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; problems != NULL && i < problems->len; i++)
        g_string_append_printf (text, "%s%s", i ? "\n" : "",
                                ((KinemaProblem *) g_ptr_array_index (problems, i))->message);
      if (text->len == 0)
        g_string_append (text, error ? error->message : _("The images could not be added."));
      if (row != NULL)
        kinema_element_row_set_problem (row, text->str);
      else
        show_error (self, text->str);
      return;
    }

  {
    g_autoptr(KinemaElementRecord) updated = kinema_element_record_copy (record);
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

    if (updated->images != NULL)
      g_strv_builder_addv (builder, (const char **) updated->images);
    for (guint i = 0; stored[i] != NULL; i++)
      if (updated->images == NULL || !g_strv_contains ((const char * const *) updated->images, stored[i]))
        g_strv_builder_add (builder, stored[i]);
    g_strfreev (updated->images);
    updated->images = g_strv_builder_end (builder);

    if (!store (self, updated, &error))
      {
        if (row != NULL)
          kinema_element_row_set_problem (row, error->message);
        return;
      }
  }

  kinema_element_library_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
delete_response_cb (AdwMessageDialog     *dialog,
                    const char           *response,
                    KinemaElementLibrary *self)
{
  gint64 id = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "element-id");

  if (g_strcmp0 (response, "delete") == 0)
    {
      g_autoptr(GError) error = NULL;

      if (!kinema_element_library_delete (self, id, &error))
        show_error (self, error->message);
    }

  if (self->delete_dialog == dialog)
    self->delete_dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* GObject */

static void
kinema_element_library_dispose (GObject *object)
{
  KinemaElementLibrary *self = (KinemaElementLibrary *) object;
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->delete_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->delete_dialog));
  self->delete_dialog = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_ELEMENT_LIBRARY);
  /* The template's top widget is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->library);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (kinema_element_library_parent_class)->dispose (object);
}

static void
kinema_element_library_finalize (GObject *object)
{
  KinemaElementLibrary *self = (KinemaElementLibrary *) object;

  g_clear_pointer (&self->elements, g_ptr_array_unref);

  G_OBJECT_CLASS (kinema_element_library_parent_class)->finalize (object);
}

static void
kinema_element_library_class_init (KinemaElementLibraryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_element_library_dispose;
  object_class->finalize = kinema_element_library_finalize;

  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[INSERT] = g_signal_new ("insert", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                  KINEMA_TYPE_ELEMENT_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[RENAMED] = g_signal_new ("renamed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (KINEMA_TYPE_ELEMENT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-element-library.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaElementLibrary, back_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementLibrary, new_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementLibrary, new_problem);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementLibrary, elements_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementLibrary, element_list);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementLibrary, empty_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaElementLibrary, error_label);

  gtk_widget_class_install_action (widget_class, "library.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "library.back", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemaelementlibrary");
}

static void
kinema_element_library_init (KinemaElementLibrary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->back_button), _("Back to the Request (Escape)"));

  self->cancellable = g_cancellable_new ();
  self->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) kinema_element_record_free);

  /* AdwEntryRow 1.2 does not name the text field that takes the focus. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (self->new_row))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Name of the new element"), -1);
  g_signal_connect_object (self->new_row, "apply", G_CALLBACK (new_applied_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->new_row, "entry-activated", G_CALLBACK (new_applied_cb), self,
                           G_CONNECT_SWAPPED);

  rebuild_rows (self);
}

/* Public API */

GtkWidget *
kinema_element_library_new (void)
{
  return g_object_new (KINEMA_TYPE_ELEMENT_LIBRARY, NULL);
}

void
kinema_element_library_set_library (KinemaElementLibrary *self,
                                    KinemaLibrary        *library)
{
  g_return_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self));

  if (g_set_object (&self->library, library))
    kinema_element_library_reload (self);
}

void
kinema_element_library_set_provider (KinemaElementLibrary *self,
                                     KinemaProvider       *provider)
{
  g_return_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self));

  if (g_set_object (&self->provider, provider))
    update_statuses (self);
}

void
kinema_element_library_reload (KinemaElementLibrary *self)
{
  g_autoptr(GPtrArray) elements = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self));

  /* One short read of a small table. */
  if (self->library != NULL)
    elements = kinema_library_list_elements (self->library, &error);

  g_clear_pointer (&self->elements, g_ptr_array_unref);
  if (elements != NULL)
    self->elements = g_steal_pointer (&elements);
  else
    self->elements = g_ptr_array_new_with_free_func ((GDestroyNotify) kinema_element_record_free);

  show_error (self, error ? error->message : NULL);
  rebuild_rows (self);
}

GPtrArray *
kinema_element_library_get_elements (KinemaElementLibrary *self)
{
  g_return_val_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self), NULL);

  return self->elements;
}

void
kinema_element_library_focus (KinemaElementLibrary *self)
{
  g_return_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->new_row));
}

gboolean
kinema_element_library_create (KinemaElementLibrary  *self,
                               const char            *name,
                               GError               **error)
{
  g_autoptr(KinemaElementRecord) record = NULL;
  g_autofree char *why = NULL;

  g_return_val_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self), FALSE);

  if ((why = check_name (name)) != NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST, why);
      return FALSE;
    }
  if (self->library == NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE, _("The library is not open."));
      return FALSE;
    }

  record = g_new0 (KinemaElementRecord, 1);
  record->name = g_strdup (name);
  record->description = g_strdup ("");
  if (!kinema_library_insert_element (self->library, record, error))
    return FALSE;

  kinema_element_library_reload (self);
  {
    KinemaElementRow *row = find_row (self, record->id);

    /* Next come the images: open it. */
    if (row != NULL)
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  }
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
kinema_element_library_rename (KinemaElementLibrary  *self,
                               gint64                 element_id,
                               const char            *name,
                               GError               **error)
{
  const KinemaElementRecord *record;
  g_autoptr(KinemaElementRecord) updated = NULL;
  g_autofree char *why = NULL;
  g_autofree char *old_name = NULL;

  g_return_val_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self), FALSE);

  record = find_record (self, element_id);
  if (record == NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND, _("The element no longer exists."));
      return FALSE;
    }
  if ((why = check_name (name)) != NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST, why);
      return FALSE;
    }
  if (g_strcmp0 (record->name, name) == 0)
    return TRUE;

  updated = kinema_element_record_copy (record);
  old_name = g_strdup (record->name);
  g_free (updated->name);
  updated->name = g_strdup (name);
  if (!store (self, updated, error))
    return FALSE;

  kinema_element_library_reload (self);
  g_signal_emit (self, signals[RENAMED], 0, old_name, name);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
kinema_element_library_describe (KinemaElementLibrary  *self,
                                 gint64                 element_id,
                                 const char            *description,
                                 GError               **error)
{
  const KinemaElementRecord *record;
  g_autoptr(KinemaElementRecord) updated = NULL;

  g_return_val_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self), FALSE);

  record = find_record (self, element_id);
  if (record == NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND, _("The element no longer exists."));
      return FALSE;
    }

  updated = kinema_element_record_copy (record);
  g_free (updated->description);
  updated->description = g_strdup (description ? description : "");
  if (!store (self, updated, error))
    return FALSE;

  kinema_element_library_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

void
kinema_element_library_add_images (KinemaElementLibrary *self,
                                   gint64                element_id,
                                   const char * const   *paths)
{
  const KinemaElementRecord *record;
  KinemaElementRow *row;
  ImportData *data;
  guint have, adding;

  g_return_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self));
  g_return_if_fail (paths != NULL);

  record = find_record (self, element_id);
  row = find_row (self, element_id);
  if (record == NULL || row == NULL)
    return;

  have = record->images ? g_strv_length (record->images) : 0;
  adding = g_strv_length ((char **) paths);
  if (adding == 0)
    return;
  if (have + adding > KINEMA_MAX_ELEMENT_IMAGES)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (_("An element has at most %u images; it has %u, and %u more would be too many. "
                                "Remove some first."),
                              KINEMA_MAX_ELEMENT_IMAGES, have, adding);
      kinema_element_row_set_problem (row, text);
      return;
    }

  kinema_element_row_set_problem (row, NULL);
  kinema_element_row_set_busy (row, TRUE);

  data = g_new0 (ImportData, 1);
  data->self = g_object_ref (self);
  data->id = element_id;
  kinema_elements_import_images_async (paths, self->cancellable, import_done_cb, data);
}

gboolean
kinema_element_library_remove_image (KinemaElementLibrary  *self,
                                     gint64                 element_id,
                                     guint                  index,
                                     GError               **error)
{
  const KinemaElementRecord *record;
  g_autoptr(KinemaElementRecord) updated = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_val_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self), FALSE);

  record = find_record (self, element_id);
  if (record == NULL || record->images == NULL || index >= g_strv_length (record->images))
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_NOT_FOUND, _("The image is no longer there."));
      return FALSE;
    }

  updated = kinema_element_record_copy (record);
  builder = g_strv_builder_new ();
  for (guint i = 0; updated->images[i] != NULL; i++)
    if (i != index)
      g_strv_builder_add (builder, updated->images[i]);
  g_strfreev (updated->images);
  updated->images = g_strv_builder_end (builder);

  if (!store (self, updated, error))
    return FALSE;

  kinema_element_library_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

void
kinema_element_library_ask_delete (KinemaElementLibrary *self,
                                   gint64                element_id)
{
  const KinemaElementRecord *record;
  GtkRoot *root;
  AdwMessageDialog *dialog;
  gint64 *id;

  g_return_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self));

  record = find_record (self, element_id);
  if (record == NULL)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       NULL, NULL));
  /* Translators: %s is an element name */
  adw_message_dialog_format_heading (dialog, _("Delete “%s”?"), record->name);
  adw_message_dialog_set_body (dialog,
                               _("The element leaves the library. Clips already made are not affected; "
                                 "a request that still uses it keeps it until you remove it there."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");

  id = g_new (gint64, 1);
  *id = element_id;
  g_object_set_data_full (G_OBJECT (dialog), "element-id", id, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);

  if (self->delete_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->delete_dialog));
  self->delete_dialog = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
kinema_element_library_delete (KinemaElementLibrary  *self,
                               gint64                 element_id,
                               GError               **error)
{
  g_return_val_if_fail (KINEMA_IS_ELEMENT_LIBRARY (self), FALSE);

  if (self->library == NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE, _("The library is not open."));
      return FALSE;
    }
  if (!kinema_library_delete_element (self->library, element_id, error))
    return FALSE;

  kinema_element_library_reload (self);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* Test accessors (kinema-element-library-private.h) */

AdwEntryRow *
_kinema_element_library_get_new_row (KinemaElementLibrary *self)
{
  return self->new_row;
}

GtkListBox *
_kinema_element_library_get_list (KinemaElementLibrary *self)
{
  return self->element_list;
}

AdwMessageDialog *
_kinema_element_library_get_delete_dialog (KinemaElementLibrary *self)
{
  return self->delete_dialog;
}

GtkLabel *
_kinema_element_library_get_new_problem (KinemaElementLibrary *self)
{
  return self->new_problem;
}

KinemaElementRow *
_kinema_element_library_find_row (KinemaElementLibrary *self,
                                  const char           *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->element_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (KINEMA_IS_ELEMENT_ROW (child) &&
        g_strcmp0 (kinema_element_row_get_record (KINEMA_ELEMENT_ROW (child))->name, name) == 0)
      return KINEMA_ELEMENT_ROW (child);
  return NULL;
}
