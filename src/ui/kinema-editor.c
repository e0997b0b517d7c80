/* kinema-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>
#include <locale.h>

#include "kinema-editor.h"
#include "kinema-error.h"
#include "kinema-validate.h"
#include "kinema-window-private.h"

struct _KinemaEditor
{
  GtkWidget            parent_instance;

  KinemaEngine        *engine;
  KinemaRequest       *request;
  GPtrArray           *problems;        /* of KinemaProblem */

  /* TRUE while request_to_widgets () runs, so that the controls' change
   * handlers do not write back what is being loaded. */
  gboolean             loading;
  gboolean             can_generate;

  /* Template children */
  GtkWidget           *scroller;
  AdwPreferencesGroup *provider_group;
  GtkDropDown         *provider_dropdown;
  GtkLabel            *prompt_counter;
  GtkTextView         *prompt_view;
  AdwActionRow        *duration_row;
  GtkSpinButton       *duration_spin;
  AdwActionRow        *aspect_row;
  GtkToggleButton     *aspect_16_9;
  GtkToggleButton     *aspect_9_16;
  GtkToggleButton     *aspect_1_1;
  AdwActionRow        *quality_row;
  GtkToggleButton     *quality_std;
  GtkToggleButton     *quality_pro;
  AdwActionRow        *audio_row;
  GtkSwitch           *audio_switch;
  GtkButton           *generate_button;
  GtkLabel            *problems_label;
};

G_DEFINE_FINAL_TYPE (KinemaEditor, kinema_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_REQUEST,
  PROP_PROVIDER,
  PROP_CAN_GENERATE,
  N_PROPS
};

enum {
  GENERATED,
  GENERATE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void editor_update (KinemaEditor *self);

/* Auxiliary methods */

/* "2,500": grouped digits, with the locale's separator when it has one. */
static char *
format_count (guint n)
{
  const struct lconv *lc = localeconv ();
  const char *sep = (lc->thousands_sep && *lc->thousands_sep) ? lc->thousands_sep : ",";
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

static const KinemaCapabilities *
editor_get_caps (KinemaEditor *self)
{
  KinemaProvider *provider = kinema_editor_get_provider (self);

  return provider ? kinema_provider_get_capabilities (provider) : NULL;
}

static char *
dup_prompt_text (KinemaEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Request ↔ widgets
 *
 * The only two places where controls and the request meet. A new field
 * (mode, frames, shots, elements) adds one line to each. */

static void
request_to_widgets (KinemaEditor *self)
{
  KinemaRequest *request = self->request;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  g_autofree char *current = dup_prompt_text (self);
  const char *prompt = kinema_request_get_prompt (request);

  self->loading = TRUE;

  if (g_strcmp0 (current, prompt ? prompt : "") != 0)
    gtk_text_buffer_set_text (buffer, prompt ? prompt : "", -1);

  gtk_spin_button_set_value (self->duration_spin, kinema_request_get_duration (request));

  switch (kinema_request_get_aspect (request))
    {
    case KINEMA_ASPECT_9_16:
      gtk_toggle_button_set_active (self->aspect_9_16, TRUE);
      break;
    case KINEMA_ASPECT_1_1:
      gtk_toggle_button_set_active (self->aspect_1_1, TRUE);
      break;
    case KINEMA_ASPECT_16_9:
    default:
      gtk_toggle_button_set_active (self->aspect_16_9, TRUE);
      break;
    }

  if (kinema_request_get_quality (request) == KINEMA_QUALITY_PRO)
    gtk_toggle_button_set_active (self->quality_pro, TRUE);
  else
    gtk_toggle_button_set_active (self->quality_std, TRUE);

  gtk_switch_set_active (self->audio_switch, kinema_request_get_audio (request));

  self->loading = FALSE;

  /* The spin button may have clamped the duration to the provider's range. */
  kinema_request_set_duration (request, (guint) gtk_spin_button_get_value_as_int (self->duration_spin));
}

static void
widgets_to_request (KinemaEditor *self)
{
  KinemaRequest *request = self->request;
  g_autofree char *prompt = dup_prompt_text (self);
  KinemaAspect aspect = KINEMA_ASPECT_16_9;

  if (gtk_toggle_button_get_active (self->aspect_9_16))
    aspect = KINEMA_ASPECT_9_16;
  else if (gtk_toggle_button_get_active (self->aspect_1_1))
    aspect = KINEMA_ASPECT_1_1;

  kinema_request_set_prompt (request, prompt);
  kinema_request_set_duration (request, (guint) gtk_spin_button_get_value_as_int (self->duration_spin));
  kinema_request_set_aspect (request, aspect);
  kinema_request_set_quality (request, gtk_toggle_button_get_active (self->quality_pro)
                                       ? KINEMA_QUALITY_PRO : KINEMA_QUALITY_STD);
  kinema_request_set_audio (request, gtk_switch_get_active (self->audio_switch));
}

/* Shows only what the selected provider offers, within its limits. */
static void
apply_capabilities (KinemaEditor *self)
{
  const KinemaCapabilities *caps = editor_get_caps (self);
  KinemaProvider *provider = kinema_editor_get_provider (self);
  guint min = KINEMA_DURATION_MIN;
  guint max = KINEMA_DURATION_MAX;

  if (caps != NULL)
    {
      min = MAX (caps->duration_min, 1);
      max = MAX (caps->duration_max, min);
    }

  self->loading = TRUE;
  gtk_spin_button_set_range (self->duration_spin, min, max);
  self->loading = FALSE;

  gtk_widget_set_visible (GTK_WIDGET (self->aspect_row), caps == NULL || caps->aspect);
  gtk_widget_set_visible (GTK_WIDGET (self->quality_row), caps == NULL || caps->quality);
  gtk_widget_set_visible (GTK_WIDGET (self->audio_row), caps == NULL || caps->audio);

  if (provider != NULL && kinema_provider_is_simulation (provider))
    adw_preferences_group_set_description (self->provider_group,
                                           _("Renders a test clip on this computer. Nothing is sent or charged."));
  else if (provider != NULL)
    adw_preferences_group_set_description (self->provider_group, NULL);
  else
    adw_preferences_group_set_description (self->provider_group, _("No provider is configured."));
}

/* Counter, validation, Generate: everything derived from the request. */
static void
editor_update (KinemaEditor *self)
{
  const KinemaCapabilities *caps = editor_get_caps (self);
  KinemaProvider *provider = kinema_editor_get_provider (self);
  GtkWidget *counter = GTK_WIDGET (self->prompt_counter);
  const char *prompt = kinema_request_get_prompt (self->request);
  glong n_chars = prompt ? g_utf8_strlen (prompt, -1) : 0;
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean was_enabled;
  gboolean only_empty_prompt;
  gboolean can_generate;

  /* Character counter */
  if (caps != NULL && caps->max_prompt_chars > 0)
    {
      g_autofree char *count = format_count ((guint) n_chars);
      g_autofree char *limit = format_count (caps->max_prompt_chars);
      g_autofree char *label = g_strdup_printf ("%s / %s", count, limit);
      gboolean over = (guint) n_chars > caps->max_prompt_chars;

      gtk_label_set_label (self->prompt_counter, label);
      gtk_widget_set_visible (counter, TRUE);
      if (over)
        {
          gtk_widget_add_css_class (counter, "error");
          gtk_widget_remove_css_class (counter, "dim-label");
        }
      else
        {
          gtk_widget_remove_css_class (counter, "error");
          gtk_widget_add_css_class (counter, "dim-label");
        }
    }
  else
    {
      gtk_widget_set_visible (counter, FALSE);
    }

  /* Validation */
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  if (provider != NULL)
    {
      g_autofree char *name = kinema_provider_dup_display_name (provider);

      self->problems = kinema_request_validate (self->request, caps, name);
    }
  else
    {
      self->problems = kinema_problems_new ();
      g_ptr_array_add (self->problems,
                       kinema_problem_new ("provider", _("Choose a provider to send the request to.")));
    }

  for (guint i = 0; i < self->problems->len; i++)
    {
      const KinemaProblem *problem = g_ptr_array_index (self->problems, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, problem->message);
    }

  can_generate = self->engine != NULL && provider != NULL && self->problems->len == 0;

  /* A fresh, empty request is not an error yet: say what is missing
   * quietly, and save the red for real mistakes. */
  only_empty_prompt = self->problems->len == 1 && n_chars == 0
                      && kinema_problems_find (self->problems, "prompt") != NULL;

  gtk_label_set_label (self->problems_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), self->problems->len > 0);
  if (only_empty_prompt)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->problems_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->problems_label), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->problems_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->problems_label), "dim-label");
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->generate_button),
                               self->problems->len > 0 ? text->str : _("Send the request (Ctrl+Enter)"));
  if (self->problems->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->generate_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->generate_button),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  was_enabled = self->can_generate;
  self->can_generate = can_generate;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.generate", can_generate);
  if (was_enabled != can_generate)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_GENERATE]);
}

static void
select_provider_index (KinemaEditor *self,
                       guint         position)
{
  if (gtk_drop_down_get_selected (self->provider_dropdown) != position)
    gtk_drop_down_set_selected (self->provider_dropdown, position);
}

/* Callbacks */

static void
control_changed_cb (KinemaEditor *self)
{
  if (self->loading)
    return;

  widgets_to_request (self);
  editor_update (self);
}

static void
toggle_changed_cb (GtkToggleButton *button,
                   KinemaEditor    *self)
{
  /* A group emits "toggled" for the button going off and the one going on;
   * act once, when the new one is on. */
  if (!gtk_toggle_button_get_active (button))
    return;
  control_changed_cb (self);
}

static void
provider_changed_cb (KinemaEditor *self)
{
  apply_capabilities (self);
  /* The duration range may have moved. */
  widgets_to_request (self);
  editor_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER]);
}

static void
providers_changed_cb (KinemaEditor *self,
                      guint         position,
                      guint         removed,
                      guint         added,
                      GListModel   *model)
{
  /* The drop-down follows the model itself; only refresh what depends on
   * the selected provider. */
  provider_changed_cb (self);
}

static char *
provider_display_name_cb (KinemaProvider *provider,
                          gpointer        user_data)
{
  return provider ? kinema_provider_dup_display_name (provider) : NULL;
}

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kinema_editor_generate (KINEMA_EDITOR (widget));
}

/* GObject */

static void
kinema_editor_dispose (GObject *object)
{
  KinemaEditor *self = (KinemaEditor *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_EDITOR);
  /* Disposing the template drops its references; the tree is ours to undo. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->engine);

  G_OBJECT_CLASS (kinema_editor_parent_class)->dispose (object);
}

static void
kinema_editor_finalize (GObject *object)
{
  KinemaEditor *self = (KinemaEditor *) object;

  g_clear_object (&self->request);
  g_clear_pointer (&self->problems, g_ptr_array_unref);

  G_OBJECT_CLASS (kinema_editor_parent_class)->finalize (object);
}

static void
kinema_editor_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KinemaEditor *self = KINEMA_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_REQUEST:
      g_value_set_object (value, self->request);
      break;
    case PROP_PROVIDER:
      g_value_set_object (value, kinema_editor_get_provider (self));
      break;
    case PROP_CAN_GENERATE:
      g_value_set_boolean (value, kinema_editor_get_can_generate (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_editor_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KinemaEditor *self = KINEMA_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ENGINE:
      kinema_editor_set_engine (self, g_value_get_object (value));
      break;
    case PROP_REQUEST:
      kinema_editor_set_request (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_editor_class_init (KinemaEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_editor_dispose;
  object_class->finalize = kinema_editor_finalize;
  object_class->get_property = kinema_editor_get_property;
  object_class->set_property = kinema_editor_set_property;

  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL,
                         KINEMA_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL,
                         KINEMA_TYPE_REQUEST,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER] =
    g_param_spec_object ("provider", NULL, NULL,
                         KINEMA_TYPE_PROVIDER,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_CAN_GENERATE] =
    g_param_spec_boolean ("can-generate", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[GENERATED] =
    g_signal_new ("generated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KINEMA_TYPE_JOB);
  signals[GENERATE_FAILED] =
    g_signal_new ("generate-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, provider_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, provider_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, prompt_counter);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, duration_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, aspect_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, aspect_16_9);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, aspect_9_16);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, aspect_1_1);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, quality_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, quality_std);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, quality_pro);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, audio_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, audio_switch);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, generate_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, problems_label);

  gtk_widget_class_install_action (widget_class, "editor.generate", NULL, generate_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemaeditor");
}

static void
kinema_editor_init (KinemaEditor *self)
{
  g_autoptr(GtkExpression) name_expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->request = kinema_request_new ();

  name_expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                 G_CALLBACK (provider_display_name_cb),
                                                 NULL, NULL);
  gtk_drop_down_set_expression (self->provider_dropdown, name_expression);

  g_signal_connect_object (gtk_text_view_get_buffer (self->prompt_view), "changed",
                           G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->duration_spin, "value-changed",
                           G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->aspect_16_9, "toggled", G_CALLBACK (toggle_changed_cb), self, 0);
  g_signal_connect_object (self->aspect_9_16, "toggled", G_CALLBACK (toggle_changed_cb), self, 0);
  g_signal_connect_object (self->aspect_1_1, "toggled", G_CALLBACK (toggle_changed_cb), self, 0);
  g_signal_connect_object (self->quality_std, "toggled", G_CALLBACK (toggle_changed_cb), self, 0);
  g_signal_connect_object (self->quality_pro, "toggled", G_CALLBACK (toggle_changed_cb), self, 0);
  g_signal_connect_object (self->audio_switch, "notify::active",
                           G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->provider_dropdown, "notify::selected",
                           G_CALLBACK (provider_changed_cb), self, G_CONNECT_SWAPPED);

  request_to_widgets (self);
  apply_capabilities (self);
  editor_update (self);
}

/* Public API */

GtkWidget *
kinema_editor_new (void)
{
  return g_object_new (KINEMA_TYPE_EDITOR, NULL);
}

KinemaEngine *
kinema_editor_get_engine (KinemaEditor *self)
{
  g_return_val_if_fail (KINEMA_IS_EDITOR (self), NULL);

  return self->engine;
}

void
kinema_editor_set_engine (KinemaEditor *self,
                          KinemaEngine *engine)
{
  g_return_if_fail (KINEMA_IS_EDITOR (self));
  g_return_if_fail (engine == NULL || KINEMA_IS_ENGINE (engine));

  if (self->engine == engine)
    return;

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_func (kinema_engine_get_providers (self->engine),
                                          providers_changed_cb, self);

  g_set_object (&self->engine, engine);

  if (engine != NULL)
    {
      GListModel *providers = kinema_engine_get_providers (engine);

      gtk_drop_down_set_model (self->provider_dropdown, providers);
      g_signal_connect_object (providers, "items-changed",
                               G_CALLBACK (providers_changed_cb), self, G_CONNECT_SWAPPED);
    }
  else
    {
      gtk_drop_down_set_model (self->provider_dropdown, NULL);
    }

  provider_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENGINE]);
}

KinemaRequest *
kinema_editor_get_request (KinemaEditor *self)
{
  g_return_val_if_fail (KINEMA_IS_EDITOR (self), NULL);

  return self->request;
}

void
kinema_editor_set_request (KinemaEditor  *self,
                           KinemaRequest *request)
{
  g_return_if_fail (KINEMA_IS_EDITOR (self));
  g_return_if_fail (request == NULL || KINEMA_IS_REQUEST (request));

  g_clear_object (&self->request);
  self->request = request ? kinema_request_copy (request) : kinema_request_new ();

  request_to_widgets (self);
  editor_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST]);
}

KinemaProvider *
kinema_editor_get_provider (KinemaEditor *self)
{
  g_return_val_if_fail (KINEMA_IS_EDITOR (self), NULL);

  return gtk_drop_down_get_selected_item (self->provider_dropdown);
}

void
kinema_editor_select_provider (KinemaEditor *self,
                               const char   *provider_id)
{
  GListModel *providers;
  guint n;

  g_return_if_fail (KINEMA_IS_EDITOR (self));

  if (self->engine == NULL)
    return;

  providers = kinema_engine_get_providers (self->engine);
  n = g_list_model_get_n_items (providers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KinemaProvider) provider = g_list_model_get_item (providers, i);

      if (g_strcmp0 (kinema_provider_get_id (provider), provider_id) == 0)
        {
          select_provider_index (self, i);
          return;
        }
    }

  if (n > 0)
    select_provider_index (self, 0);
}

gboolean
kinema_editor_get_can_generate (KinemaEditor *self)
{
  g_return_val_if_fail (KINEMA_IS_EDITOR (self), FALSE);

  return self->can_generate;
}

void
kinema_editor_generate (KinemaEditor *self)
{
  KinemaProvider *provider;
  g_autoptr(KinemaRequest) frozen = NULL;
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KINEMA_IS_EDITOR (self));

  provider = kinema_editor_get_provider (self);
  if (self->engine == NULL || provider == NULL)
    {
      error = g_error_new_literal (KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                                   _("Choose a provider to send the request to."));
      g_signal_emit (self, signals[GENERATE_FAILED], 0, error);
      return;
    }

  /* The job keeps what was sent; the editor keeps editing its own copy. */
  frozen = kinema_request_copy (self->request);
  job = kinema_engine_submit (self->engine, kinema_provider_get_id (provider), frozen, &error);

  if (job != NULL)
    g_signal_emit (self, signals[GENERATED], 0, job);
  else
    g_signal_emit (self, signals[GENERATE_FAILED], 0, error);
}

/* Test accessors (kinema-window-private.h) */

GtkTextView *
_kinema_editor_get_prompt_view (KinemaEditor *self)
{
  return self->prompt_view;
}

GtkLabel *
_kinema_editor_get_prompt_counter (KinemaEditor *self)
{
  return self->prompt_counter;
}

GtkSpinButton *
_kinema_editor_get_duration_spin (KinemaEditor *self)
{
  return self->duration_spin;
}

GtkDropDown *
_kinema_editor_get_provider_dropdown (KinemaEditor *self)
{
  return self->provider_dropdown;
}

GtkSwitch *
_kinema_editor_get_audio_switch (KinemaEditor *self)
{
  return self->audio_switch;
}

GtkButton *
_kinema_editor_get_generate_button (KinemaEditor *self)
{
  return self->generate_button;
}

GtkLabel *
_kinema_editor_get_problems_label (KinemaEditor *self)
{
  return self->problems_label;
}
