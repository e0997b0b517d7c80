/* kinema-preferences.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * There is no "test connection" button: none of the documented APIs has a
 * cheap call that checks a key without starting (and paying for) a job.
 */
#define G_LOG_DOMAIN "kinema-preferences"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kinema-error.h"
#include "kinema-http-provider.h"
#include "kinema-paths.h"
#include "kinema-preferences.h"
#include "kinema-preferences-private.h"
#include "kinema-presets.h"
#include "kinema-price.h"
#include "kinema-secrets.h"
#include "kinema-ui-util.h"

struct _KinemaPreferences
{
  AdwPreferencesWindow  parent_instance;

  KinemaEngine         *engine;
  GSettings            *settings;
  KinemaPriceTable     *prices;
  GCancellable         *cancellable;
  GtkFileChooserNative *chooser;
  GPtrArray            *templates;        /* const KinemaProviderConfig*, presets with HTTP */
  GPtrArray            *preset_rows;      /* AdwExpanderRow*, for key rows */
  GPtrArray            *price_rows;       /* AdwExpanderRow*, in prices_group */
  gboolean              loading_prices;

  /* Template children */
  AdwPreferencesGroup  *presets_group;
  AdwPreferencesGroup  *instances_group;
  GtkListBox           *instances_list;
  AdwComboRow          *add_dialect_row;
  AdwEntryRow          *add_name_row;
  AdwEntryRow          *add_url_row;
  AdwEntryRow          *add_model_row;
  GtkLabel             *add_problem;
  GtkButton            *add_button;
  AdwActionRow         *clips_dir_row;
  GtkButton            *clips_dir_reset_button;
  GtkSpinButton        *concurrency_spin;
  GtkSwitch            *notify_switch;
  AdwPreferencesGroup  *prices_group;
};

G_DEFINE_FINAL_TYPE (KinemaPreferences, kinema_preferences, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROVIDERS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void rebuild_instances (KinemaPreferences *self);
static void rebuild_prices    (KinemaPreferences *self);

/* Auxiliary methods */

static KinemaLibrary *
get_library (KinemaPreferences *self)
{
  return self->engine != NULL ? kinema_engine_get_library (self->engine) : NULL;
}

static GPtrArray *
list_instances (KinemaPreferences *self)
{
  KinemaLibrary *library = get_library (self);
  g_autoptr(GError) error = NULL;
  GPtrArray *instances = NULL;

  if (library != NULL)
    instances = kinema_library_list_providers (library, &error);
  if (instances == NULL)
    {
      if (error != NULL)
        g_warning ("Could not list the providers: %s", error->message);
      instances = g_ptr_array_new_with_free_func ((GDestroyNotify) kinema_provider_config_free);
    }
  return instances;
}

static const KinemaProviderConfig *
find_template (KinemaPreferences *self,
               const char        *id)
{
  for (guint i = 0; i < self->templates->len; i++)
    {
      const KinemaProviderConfig *cfg = g_ptr_array_index (self->templates, i);

      if (g_strcmp0 (cfg->id, id) == 0)
        return cfg;
    }
  return NULL;
}

/* "My LinkModel" → "my-linkmodel", unique among presets and instances. */
static char *
make_instance_id (KinemaPreferences *self,
                  const char        *name)
{
  g_autoptr(GPtrArray) instances = list_instances (self);
  GString *slug = g_string_new (NULL);
  g_autofree char *base = NULL;
  char *id;

  for (const char *p = name; p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (slug, g_ascii_tolower (*p));
      else if (slug->len > 0 && slug->str[slug->len - 1] != '-')
        g_string_append_c (slug, '-');
    }
  while (slug->len > 0 && slug->str[slug->len - 1] == '-')
    g_string_truncate (slug, slug->len - 1);
  if (slug->len == 0)
    g_string_append (slug, "provider");

  base = g_string_free (slug, FALSE);
  id = g_strdup (base);
  for (guint n = 2; ; n++)
    {
      gboolean taken = kinema_presets_lookup (id) != NULL;

      for (guint i = 0; !taken && i < instances->len; i++)
        taken = g_strcmp0 (((KinemaProviderConfig *) g_ptr_array_index (instances, i))->id, id) == 0;
      if (!taken)
        return id;
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, n);
    }
}

static void
show_problem (GtkLabel   *label,
              const char *message)
{
  gtk_label_set_label (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

/* AdwEntryRow 1.2 does not name the text field that takes the focus. */
static void
name_entry_row (AdwEntryRow *row,
                const char  *name)
{
  g_autofree char *plain = NULL;

  /* Titles carry mnemonics ("_Name"). */
  plain = g_strdup (name);
  for (char *r = plain, *w = plain; ; r++)
    {
      if (*r != '_')
        *w++ = *r;
      if (*r == '\0')
        break;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_editable_get_delegate (GTK_EDITABLE (row))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
}

/* API keys: a password entry, Save and Remove; the key is never shown,
 * logged or kept after it went to the keyring. */

typedef struct
{
  KinemaPreferences *self;       /* unowned: the window holds the row */
  char             *provider_id;
  char             *provider_name;
  AdwActionRow     *row;
  GtkPasswordEntry *entry;
} KeyRow;

static void
key_row_free (KeyRow *key)
{
  g_free (key->provider_id);
  g_free (key->provider_name);
  g_free (key);
}

static void
key_status (KeyRow     *key,
            const char *status)
{
  adw_action_row_set_subtitle (key->row, status);
}

static void
key_lookup_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AdwActionRow) row = user_data;
  KeyRow *key = g_object_get_data (G_OBJECT (row), "key-row");
  g_autoptr(GError) error = NULL;
  char *secret = kinema_secrets_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || key == NULL)
    {
      kinema_secrets_free (secret);
      return;
    }

  if (secret != NULL)
    key_status (key, _("A key is saved in the keyring"));
  else if (error != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s says why */
      text = g_strdup_printf (_("The keyring cannot be read: %s"), error->message);
      key_status (key, text);
    }
  else
    key_status (key, _("No key saved"));

  kinema_secrets_free (secret);
}

static void
key_refresh (KinemaPreferences *self,
             KeyRow            *key)
{
  key_status (key, _("Looking in the keyring…"));
  kinema_secrets_lookup_async (key->provider_id, self->cancellable, key_lookup_cb, g_object_ref (key->row));
}

static void
key_stored_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(AdwActionRow) row = user_data;
  KeyRow *key = g_object_get_data (G_OBJECT (row), "key-row");
  g_autoptr(GError) error = NULL;

  if (!kinema_secrets_store_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || key == NULL)
        return;
      /* Translators: %s says why */
      text = g_strdup_printf (_("The key could not be saved: %s"), error->message);
      key_status (key, text);
      return;
    }

  if (key != NULL)
    {
      key_status (key, _("A key is saved in the keyring"));
      /* The provider picks up its new key. */
      g_signal_emit (key->self, signals[PROVIDERS_CHANGED], 0);
    }
}

static void
key_cleared_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(AdwActionRow) row = user_data;
  KeyRow *key = g_object_get_data (G_OBJECT (row), "key-row");
  g_autoptr(GError) error = NULL;

  if (!kinema_secrets_clear_finish (result, &error))
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || key == NULL)
        return;
      /* Translators: %s says why */
      text = g_strdup_printf (_("The key could not be removed: %s"), error->message);
      key_status (key, text);
      return;
    }

  if (key != NULL)
    {
      key_status (key, _("No key saved"));
      g_signal_emit (key->self, signals[PROVIDERS_CHANGED], 0);
    }
}

static void
key_save_cb (GtkWidget *widget,
             KeyRow    *key)
{
  KinemaPreferences *self = key->self;
  g_autofree char *secret = g_strdup (gtk_editable_get_text (GTK_EDITABLE (key->entry)));

  g_strstrip (secret);
  if (*secret == '\0')
    {
      key_status (key, _("Type or paste the key first"));
      return;
    }

  /* Out of the widget at once; only the keyring keeps it. */
  gtk_editable_set_text (GTK_EDITABLE (key->entry), "");
  key_status (key, _("Saving in the keyring…"));
  kinema_secrets_store_async (key->provider_id, key->provider_name, secret,
                              self->cancellable, key_stored_cb, g_object_ref (key->row));
  memset (secret, 0, strlen (secret));
}

static void
key_clear_cb (GtkButton *button,
              KeyRow    *key)
{
  KinemaPreferences *self = key->self;

  gtk_editable_set_text (GTK_EDITABLE (key->entry), "");
  kinema_secrets_clear_async (key->provider_id, self->cancellable, key_cleared_cb, g_object_ref (key->row));
}

static GtkWidget *
key_row_new (KinemaPreferences *self,
             const char        *provider_id,
             const char        *provider_name,
             const char        *dialect)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *entry = gtk_password_entry_new ();
  GtkWidget *save = gtk_button_new_with_mnemonic (_("_Save"));
  GtkWidget *clear = gtk_button_new_from_icon_name ("user-trash-symbolic");
  KeyRow *key = g_new0 (KeyRow, 1);
  g_autofree char *entry_name = NULL;
  g_autofree char *clear_name = NULL;

  key->self = self;
  key->provider_id = g_strdup (provider_id);
  key->provider_name = g_strdup (provider_name);
  key->row = ADW_ACTION_ROW (row);
  key->entry = GTK_PASSWORD_ENTRY (entry);
  g_object_set_data_full (G_OBJECT (row), "key-row", key, (GDestroyNotify) key_row_free);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("API Key"));

  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (entry), TRUE);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (entry, TRUE);
  g_object_set (entry, "placeholder-text",
                g_strcmp0 (dialect, "kling") == 0 ? _("AccessKey:SecretKey") : _("Paste the key"),
                NULL);
  /* Translators: %s is a provider name */
  entry_name = g_strdup_printf (_("API key for %s"), provider_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, entry_name, -1);
  g_signal_connect (entry, "activate", G_CALLBACK (key_save_cb), key);

  gtk_widget_set_valign (save, GTK_ALIGN_CENTER);
  g_signal_connect (save, "clicked", G_CALLBACK (key_save_cb), key);

  /* Translators: %s is a provider name */
  clear_name = g_strdup_printf (_("Remove the API key of %s"), provider_name);
  gtk_widget_set_valign (clear, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (clear, "flat");
  kinema_widget_set_tooltip (clear, _("Remove the Key from the Keyring"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (clear), GTK_ACCESSIBLE_PROPERTY_LABEL, clear_name, -1);
  g_signal_connect (clear, "clicked", G_CALLBACK (key_clear_cb), key);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row), entry);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), save);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), clear);

  key_refresh (self, key);
  return row;
}

/* Built-in providers */

static void
build_presets (KinemaPreferences *self)
{
  for (guint i = 0; i < kinema_presets_get_n (); i++)
    {
      const KinemaProviderConfig *cfg = kinema_presets_get (i);
      GtkWidget *expander;

      if (g_strcmp0 (cfg->dialect, "simulator") == 0)
        continue;

      g_ptr_array_add (self->templates, (gpointer) cfg);

      expander = adw_expander_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), cfg->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander),
                                     cfg->base_url ? cfg->base_url
                                                   : _("Its address is not known: add it under Your Providers"));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                key_row_new (self, cfg->id, cfg->name, cfg->dialect));
      adw_preferences_group_add (self->presets_group, expander);
      g_ptr_array_add (self->preset_rows, expander);
    }
}

/* The user's instances */

static void
instance_remove_response_cb (AdwMessageDialog  *dialog,
                             const char        *response,
                             KinemaPreferences *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "provider-id");

  if (g_strcmp0 (response, "remove") == 0 && get_library (self) != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!kinema_library_remove_provider (get_library (self), id, &error))
        {
          AdwToast *toast = adw_toast_new (error->message);

          adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
        }
      else
        {
          /* Its key goes too: nothing should outlive the instance. */
          kinema_secrets_clear_async (id, NULL, NULL, NULL);
          rebuild_instances (self);
          rebuild_prices (self);
          g_signal_emit (self, signals[PROVIDERS_CHANGED], 0);
        }
    }

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
instance_remove_clicked_cb (GtkButton         *button,
                            KinemaPreferences *self)
{
  const KinemaProviderConfig *cfg = g_object_get_data (G_OBJECT (button), "config");
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  /* Translators: %s is a provider name */
  adw_message_dialog_format_heading (dialog, _("Remove “%s”?"), cfg->name);
  adw_message_dialog_set_body (dialog, _("Its API key is removed from the keyring too. Jobs already sent "
                                         "through it stay in the gallery."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "provider-id", g_strdup (cfg->id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (instance_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
instance_field_applied_cb (AdwEntryRow       *entry,
                           KinemaPreferences *self)
{
  const KinemaProviderConfig *cfg = g_object_get_data (G_OBJECT (entry), "config");
  const char *field = g_object_get_data (G_OBJECT (entry), "field");
  GtkLabel *problem = g_object_get_data (G_OBJECT (entry), "problem");
  g_autoptr(KinemaProviderConfig) updated = kinema_provider_config_copy (cfg);
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autoptr(GError) error = NULL;

  if (g_str_equal (field, "name"))
    {
      if (*value == '\0')
        {
          show_problem (problem, _("Give the provider a name."));
          return;
        }
      g_free (updated->name);
      updated->name = g_steal_pointer (&value);
    }
  else if (g_str_equal (field, "base-url"))
    {
      while (*value != '\0' && value[strlen (value) - 1] == '/')
        value[strlen (value) - 1] = '\0';
      if (!kinema_http_provider_check_base_url (value, &error))
        {
          show_problem (problem, error->message);
          return;
        }
      g_free (updated->base_url);
      updated->base_url = g_steal_pointer (&value);
    }
  else
    {
      g_free (updated->model);
      updated->model = *value != '\0' ? g_steal_pointer (&value) : NULL;
    }

  if (get_library (self) == NULL || !kinema_library_save_provider (get_library (self), updated, &error))
    {
      show_problem (problem, error ? error->message : _("The library is not open."));
      return;
    }

  show_problem (problem, NULL);
  rebuild_instances (self);
  rebuild_prices (self);
  g_signal_emit (self, signals[PROVIDERS_CHANGED], 0);
}

static GtkWidget *
instance_entry_new (KinemaPreferences          *self,
                    const KinemaProviderConfig *cfg,
                    const char                 *title,
                    const char                 *field,
                    const char                 *value,
                    GtkLabel                   *problem)
{
  GtkWidget *entry = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (entry), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (entry), TRUE);
  name_entry_row (ADW_ENTRY_ROW (entry), title);
  gtk_editable_set_text (GTK_EDITABLE (entry), value ? value : "");
  g_object_set_data (G_OBJECT (entry), "config", (gpointer) cfg);
  g_object_set_data (G_OBJECT (entry), "field", (gpointer) field);
  g_object_set_data (G_OBJECT (entry), "problem", problem);
  g_signal_connect_object (entry, "apply", G_CALLBACK (instance_field_applied_cb), self, 0);
  return entry;
}

static void
rebuild_instances (KinemaPreferences *self)
{
  g_autoptr(GPtrArray) instances = list_instances (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->instances_list))) != NULL)
    gtk_list_box_remove (self->instances_list, child);

  for (guint i = 0; i < instances->len; i++)
    {
      KinemaProviderConfig *cfg = kinema_provider_config_copy (g_ptr_array_index (instances, i));
      GtkWidget *expander = adw_expander_row_new ();
      GtkWidget *problem_row = gtk_list_box_row_new ();
      GtkWidget *problem = gtk_label_new (NULL);
      GtkWidget *remove_row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_with_mnemonic (_("_Remove…"));
      const KinemaProviderConfig *template = NULL;
      g_autofree char *subtitle = NULL;

      /* The expander owns the copy every child points at. */
      g_object_set_data_full (G_OBJECT (expander), "config", cfg, (GDestroyNotify) kinema_provider_config_free);

      for (guint j = 0; j < self->templates->len && template == NULL; j++)
        {
          const KinemaProviderConfig *t = g_ptr_array_index (self->templates, j);

          if (g_strcmp0 (t->dialect, cfg->dialect) == 0 && g_strcmp0 (t->profile, cfg->profile) == 0)
            template = t;
        }

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), cfg->name);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      /* Translators: the kind of provider (e.g. "LinkModel"), then its address */
      subtitle = g_strdup_printf (_("%s · %s"), template ? template->name : cfg->dialect,
                                  cfg->base_url && *cfg->base_url ? cfg->base_url : _("no address"));
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);

      gtk_label_set_xalign (GTK_LABEL (problem), 0);
      gtk_label_set_wrap (GTK_LABEL (problem), TRUE);
      gtk_widget_add_css_class (problem, "caption");
      gtk_widget_add_css_class (problem, "error");
      gtk_widget_set_margin_start (problem, 12);
      gtk_widget_set_margin_end (problem, 12);
      gtk_widget_set_margin_top (problem, 6);
      gtk_widget_set_margin_bottom (problem, 6);
      gtk_widget_set_visible (problem, FALSE);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (problem_row), problem);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (problem_row), FALSE);
      gtk_widget_set_focusable (problem_row, FALSE);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                instance_entry_new (self, cfg, _("Name"), "name", cfg->name, GTK_LABEL (problem)));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                instance_entry_new (self, cfg, _("Base Address"), "base-url", cfg->base_url,
                                                    GTK_LABEL (problem)));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                instance_entry_new (self, cfg, _("Model"), "model", cfg->model, GTK_LABEL (problem)));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), problem_row);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                key_row_new (self, cfg->id, cfg->name, cfg->dialect));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (remove_row), _("Remove This Provider"));
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "destructive-action");
      g_object_set_data (G_OBJECT (remove), "config", cfg);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (instance_remove_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (remove_row), remove);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), remove_row);

      gtk_list_box_append (self->instances_list, expander);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->instances_list), instances->len > 0);
  adw_preferences_group_set_description (self->instances_group,
                                         instances->len > 0
                                         ? _("Another account, host or model of a provider Kinema knows.")
                                         : _("None yet. Add one below: another account, host or model of a provider Kinema knows."));
}

static void
template_changed_cb (KinemaPreferences *self)
{
  guint selected = adw_combo_row_get_selected (self->add_dialect_row);
  const KinemaProviderConfig *cfg;

  if (selected >= self->templates->len)
    return;
  cfg = g_ptr_array_index (self->templates, selected);

  /* Start from the preset's values; the user changes what differs. */
  gtk_editable_set_text (GTK_EDITABLE (self->add_url_row), cfg->base_url ? cfg->base_url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->add_model_row), cfg->model ? cfg->model : "");
}

static void
add_provider_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KinemaPreferences *self = KINEMA_PREFERENCES (widget);
  guint selected = adw_combo_row_get_selected (self->add_dialect_row);
  const KinemaProviderConfig *template;
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  if (selected >= self->templates->len)
    return;
  template = g_ptr_array_index (self->templates, selected);

  id = kinema_preferences_add_provider (self, template->id,
                                        gtk_editable_get_text (GTK_EDITABLE (self->add_name_row)),
                                        gtk_editable_get_text (GTK_EDITABLE (self->add_url_row)),
                                        gtk_editable_get_text (GTK_EDITABLE (self->add_model_row)),
                                        &error);
  if (id == NULL)
    {
      show_problem (self->add_problem, error->message);
      return;
    }

  show_problem (self->add_problem, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->add_name_row), "");
}

/* General */

static void
update_clips_dir_row (KinemaPreferences *self)
{
  g_autofree char *dir = self->settings ? g_settings_get_string (self->settings, "clips-dir") : NULL;

  if (dir == NULL || *dir == '\0')
    {
      g_autofree char *text = NULL;

      /* Translators: %s is a folder */
      text = g_strdup_printf (_("Default: %s"), kinema_paths_clips_dir ());
      adw_action_row_set_subtitle (self->clips_dir_row, text);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.reset-clips-dir", FALSE);
    }
  else
    {
      adw_action_row_set_subtitle (self->clips_dir_row, dir);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.reset-clips-dir", TRUE);
    }
}

static void
clips_dir_response_cb (GtkNativeDialog   *dialog,
                       int                response,
                       KinemaPreferences *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->settings != NULL)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = folder ? g_file_get_path (folder) : NULL;

      if (path != NULL)
        g_settings_set_string (self->settings, "clips-dir", path);
    }

  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->chooser);
}

static void
choose_clips_dir_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  KinemaPreferences *self = KINEMA_PREFERENCES (widget);

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  self->chooser = gtk_file_chooser_native_new (_("Choose the Clips Folder"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (clips_dir_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
reset_clips_dir_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KinemaPreferences *self = KINEMA_PREFERENCES (widget);

  if (self->settings != NULL)
    g_settings_reset (self->settings, "clips-dir");
}

static void
concurrency_changed_cb (KinemaPreferences *self)
{
  if (self->engine != NULL && self->settings != NULL)
    kinema_engine_set_concurrency (self->engine,
                                   (guint) MAX (1, g_settings_get_int (self->settings, "concurrency")));
}

/* Prices */

static void
save_prices (KinemaPreferences *self)
{
  g_autofree char *json = kinema_price_table_to_json (self->prices);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "price-table", json);
}

static char *
dup_price_summary (const KinemaPriceRates *rates)
{
  double low = MIN (MIN (rates->std_silent, rates->std_audio), MIN (rates->pro_silent, rates->pro_audio));
  double high = MAX (MAX (rates->std_silent, rates->std_audio), MAX (rates->pro_silent, rates->pro_audio));

  if (kinema_price_rates_is_free (rates))
    return g_strdup (_("Free"));
  /* Translators: a range of prices per second in US dollars */
  return g_strdup_printf (_("$%.3f to $%.3f per second"), low, high);
}

static void
price_spin_changed_cb (GtkSpinButton     *spin,
                       KinemaPreferences *self)
{
  GtkWidget *expander = g_object_get_data (G_OBJECT (spin), "expander");
  const char *provider_id = g_object_get_data (G_OBJECT (expander), "provider-id");
  GtkSpinButton **spins = g_object_get_data (G_OBJECT (expander), "spins");
  KinemaPriceRates rates;
  g_autofree char *summary = NULL;

  if (self->loading_prices)
    return;

  rates.std_silent = gtk_spin_button_get_value (spins[0]);
  rates.std_audio = gtk_spin_button_get_value (spins[1]);
  rates.pro_silent = gtk_spin_button_get_value (spins[2]);
  rates.pro_audio = gtk_spin_button_get_value (spins[3]);
  kinema_price_table_set (self->prices, provider_id, &rates);
  save_prices (self);

  summary = dup_price_summary (&rates);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), summary);
}

static void
price_reset_clicked_cb (GtkButton         *button,
                        KinemaPreferences *self)
{
  GtkWidget *expander = g_object_get_data (G_OBJECT (button), "expander");
  const char *provider_id = g_object_get_data (G_OBJECT (expander), "provider-id");
  const char *dialect = g_object_get_data (G_OBJECT (expander), "dialect");
  GtkSpinButton **spins = g_object_get_data (G_OBJECT (expander), "spins");
  KinemaPriceRates rates;
  g_autofree char *summary = NULL;

  kinema_price_table_reset (self->prices, provider_id);
  save_prices (self);

  kinema_price_table_lookup (self->prices, provider_id, dialect, &rates);
  self->loading_prices = TRUE;
  gtk_spin_button_set_value (spins[0], rates.std_silent);
  gtk_spin_button_set_value (spins[1], rates.std_audio);
  gtk_spin_button_set_value (spins[2], rates.pro_silent);
  gtk_spin_button_set_value (spins[3], rates.pro_audio);
  self->loading_prices = FALSE;

  summary = dup_price_summary (&rates);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), summary);
}

static void
add_price_row (KinemaPreferences *self,
               const char        *provider_id,
               const char        *name,
               const char        *dialect)
{
  const char *titles[] = {
    N_("Standard (720p), silent"),
    N_("Standard (720p), with audio"),
    N_("Pro (1080p), silent"),
    N_("Pro (1080p), with audio"),
  };
  GtkWidget *expander = adw_expander_row_new ();
  GtkSpinButton **spins = g_new0 (GtkSpinButton *, 4);
  GtkWidget *reset_row = adw_action_row_new ();
  GtkWidget *reset = gtk_button_new_with_mnemonic (_("_Reset"));
  KinemaPriceRates rates;
  double values[4];
  g_autofree char *summary = NULL;

  kinema_price_table_lookup (self->prices, provider_id, dialect, &rates);
  values[0] = rates.std_silent;
  values[1] = rates.std_audio;
  values[2] = rates.pro_silent;
  values[3] = rates.pro_audio;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
  summary = dup_price_summary (&rates);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), summary);
  g_object_set_data_full (G_OBJECT (expander), "provider-id", g_strdup (provider_id), g_free);
  g_object_set_data_full (G_OBJECT (expander), "dialect", g_strdup (dialect), g_free);
  g_object_set_data_full (G_OBJECT (expander), "spins", spins, g_free);

  self->loading_prices = TRUE;
  for (guint i = 0; i < 4; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *spin = gtk_spin_button_new_with_range (0.0, 5.0, 0.001);
      g_autofree char *spin_name = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(titles[i]));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("US dollars per second"));
      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), 3);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), values[i]);
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      /* Translators: the first %s is a provider name, the second e.g. "Pro (1080p), silent" */
      spin_name = g_strdup_printf (_("%s: %s, US dollars per second"), name, _(titles[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, spin_name, -1);
      g_object_set_data (G_OBJECT (spin), "expander", expander);
      g_signal_connect_object (spin, "value-changed", G_CALLBACK (price_spin_changed_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      spins[i] = GTK_SPIN_BUTTON (spin);
    }
  self->loading_prices = FALSE;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reset_row), _("Built-in Estimates"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (reset_row), _("From published prices where there are any"));
  gtk_widget_set_valign (reset, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (reset), "expander", expander);
  g_signal_connect_object (reset, "clicked", G_CALLBACK (price_reset_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (reset_row), reset);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), reset_row);

  adw_preferences_group_add (self->prices_group, expander);
  g_ptr_array_add (self->price_rows, expander);
}

static void
rebuild_prices (KinemaPreferences *self)
{
  g_autoptr(GPtrArray) instances = list_instances (self);

  for (guint i = 0; i < self->price_rows->len; i++)
    adw_preferences_group_remove (self->prices_group, g_ptr_array_index (self->price_rows, i));
  g_ptr_array_set_size (self->price_rows, 0);

  for (guint i = 0; i < kinema_presets_get_n (); i++)
    {
      const KinemaProviderConfig *cfg = kinema_presets_get (i);

      if (g_strcmp0 (cfg->dialect, "simulator") != 0)
        add_price_row (self, cfg->id, cfg->name, cfg->dialect);
    }
  for (guint i = 0; i < instances->len; i++)
    {
      const KinemaProviderConfig *cfg = g_ptr_array_index (instances, i);

      add_price_row (self, cfg->id, cfg->name, cfg->dialect);
    }
}

static void
reload_prices (KinemaPreferences *self)
{
  g_autofree char *json = self->settings ? g_settings_get_string (self->settings, "price-table") : NULL;

  g_clear_pointer (&self->prices, kinema_price_table_unref);
  self->prices = kinema_price_table_new_from_json (json, NULL);
  if (self->prices == NULL)
    self->prices = kinema_price_table_new ();
}

/* GObject */

static void
kinema_preferences_dispose (GObject *object)
{
  KinemaPreferences *self = (KinemaPreferences *) object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_PREFERENCES);

  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kinema_preferences_parent_class)->dispose (object);
}

static void
kinema_preferences_finalize (GObject *object)
{
  KinemaPreferences *self = (KinemaPreferences *) object;

  g_clear_pointer (&self->prices, kinema_price_table_unref);
  g_clear_pointer (&self->templates, g_ptr_array_unref);
  g_clear_pointer (&self->preset_rows, g_ptr_array_unref);
  g_clear_pointer (&self->price_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (kinema_preferences_parent_class)->finalize (object);
}

static void
kinema_preferences_class_init (KinemaPreferencesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_preferences_dispose;
  object_class->finalize = kinema_preferences_finalize;

  signals[PROVIDERS_CHANGED] =
    g_signal_new ("providers-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, presets_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, instances_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, instances_list);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, add_dialect_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, add_name_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, add_url_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, add_model_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, add_problem);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, add_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, clips_dir_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, clips_dir_reset_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, KinemaPreferences, prices_group);

  gtk_widget_class_install_action (widget_class, "prefs.add-provider", NULL, add_provider_action);
  gtk_widget_class_install_action (widget_class, "prefs.choose-clips-dir", NULL, choose_clips_dir_action);
  gtk_widget_class_install_action (widget_class, "prefs.reset-clips-dir", NULL, reset_clips_dir_action);
}

static void
kinema_preferences_init (KinemaPreferences *self)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->clips_dir_reset_button), _("Use the Default Folder"));

  name_entry_row (self->add_name_row, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->add_name_row)));
  name_entry_row (self->add_url_row, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->add_url_row)));
  name_entry_row (self->add_model_row, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->add_model_row)));

  self->cancellable = g_cancellable_new ();
  self->templates = g_ptr_array_new ();
  self->preset_rows = g_ptr_array_new ();
  self->price_rows = g_ptr_array_new ();

  if (source != NULL && (schema = g_settings_schema_source_lookup (source, BASE_ID, TRUE)) != NULL)
    self->settings = g_settings_new (BASE_ID);
}

static void
kinema_preferences_setup (KinemaPreferences *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  build_presets (self);
  for (guint i = 0; i < self->templates->len; i++)
    gtk_string_list_append (names, ((KinemaProviderConfig *) g_ptr_array_index (self->templates, i))->name);
  adw_combo_row_set_model (self->add_dialect_row, G_LIST_MODEL (names));
  g_signal_connect_object (self->add_dialect_row, "notify::selected",
                           G_CALLBACK (template_changed_cb), self, G_CONNECT_SWAPPED);
  template_changed_cb (self);

  rebuild_instances (self);

  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "concurrency", self->concurrency_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "notify-on-finish", self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);
      g_signal_connect_object (self->settings, "changed::clips-dir",
                               G_CALLBACK (update_clips_dir_row), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->settings, "changed::concurrency",
                               G_CALLBACK (concurrency_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update_clips_dir_row (self);

  reload_prices (self);
  rebuild_prices (self);
}

/* Public API */

GtkWidget *
kinema_preferences_new (GtkWindow    *parent,
                        KinemaEngine *engine)
{
  KinemaPreferences *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (engine == NULL || KINEMA_IS_ENGINE (engine), NULL);

  self = g_object_new (KINEMA_TYPE_PREFERENCES,
                       "transient-for", parent,
                       NULL);
  self->engine = engine ? g_object_ref (engine) : NULL;
  kinema_preferences_setup (self);
  return GTK_WIDGET (self);
}

char *
kinema_preferences_add_provider (KinemaPreferences  *self,
                                 const char         *template_id,
                                 const char         *name,
                                 const char         *base_url,
                                 const char         *model,
                                 GError            **error)
{
  const KinemaProviderConfig *template;
  g_autoptr(KinemaProviderConfig) cfg = NULL;
  g_autofree char *clean_name = NULL;
  g_autofree char *clean_url = NULL;
  g_autofree char *clean_model = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (KINEMA_IS_PREFERENCES (self), NULL);

  template = find_template (self, template_id);
  if (template == NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER, _("Choose the kind of provider."));
      return NULL;
    }

  clean_name = g_strstrip (g_strdup (name ? name : ""));
  clean_url = g_strstrip (g_strdup (base_url ? base_url : ""));
  clean_model = g_strstrip (g_strdup (model ? model : ""));
  while (*clean_url != '\0' && clean_url[strlen (clean_url) - 1] == '/')
    clean_url[strlen (clean_url) - 1] = '\0';

  if (*clean_name == '\0')
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER,
                           _("Give the provider a name, for example “LinkModel (work)”."));
      return NULL;
    }
  if (!kinema_http_provider_check_base_url (clean_url, error))
    return NULL;
  if (get_library (self) == NULL)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE, _("The library is not open."));
      return NULL;
    }

  id = make_instance_id (self, clean_name);
  cfg = kinema_provider_config_new (id, clean_name, template->dialect, template->profile,
                                    clean_url, *clean_model != '\0' ? clean_model : template->model);
  cfg->upload_url = g_strdup (template->upload_url);

  if (!kinema_library_save_provider (get_library (self), cfg, error))
    return NULL;

  rebuild_instances (self);
  rebuild_prices (self);
  g_signal_emit (self, signals[PROVIDERS_CHANGED], 0);
  return g_steal_pointer (&id);
}

/* Test accessors (kinema-preferences-private.h) */

AdwComboRow *
_kinema_preferences_get_add_dialect_row (KinemaPreferences *self)
{
  return self->add_dialect_row;
}

AdwEntryRow *
_kinema_preferences_get_add_name_row (KinemaPreferences *self)
{
  return self->add_name_row;
}

AdwEntryRow *
_kinema_preferences_get_add_url_row (KinemaPreferences *self)
{
  return self->add_url_row;
}

GtkButton *
_kinema_preferences_get_add_button (KinemaPreferences *self)
{
  return self->add_button;
}

GtkLabel *
_kinema_preferences_get_add_problem (KinemaPreferences *self)
{
  return self->add_problem;
}

GtkListBox *
_kinema_preferences_get_instances_list (KinemaPreferences *self)
{
  return self->instances_list;
}

GtkSpinButton *
_kinema_preferences_get_price_spin (KinemaPreferences *self,
                                    const char        *provider_id,
                                    guint              index)
{
  for (guint i = 0; i < self->price_rows->len; i++)
    {
      GObject *expander = g_ptr_array_index (self->price_rows, i);

      if (g_strcmp0 (g_object_get_data (expander, "provider-id"), provider_id) == 0 && index < 4)
        return ((GtkSpinButton **) g_object_get_data (expander, "spins"))[index];
    }
  return NULL;
}

GtkSpinButton *
_kinema_preferences_get_concurrency_spin (KinemaPreferences *self)
{
  return self->concurrency_spin;
}
