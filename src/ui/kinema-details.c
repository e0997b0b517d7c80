/* kinema-details.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-details"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "kinema-details.h"
#include "kinema-http-provider.h"
#include "kinema-ui-util.h"

enum {
  GROUP_WARNINGS,
  GROUP_REQUEST,
  GROUP_JOB,
  GROUP_CLIP,
  N_GROUPS
};

struct _KinemaDetails
{
  GtkWidget            parent_instance;

  KinemaEngine        *engine;
  KinemaJob           *job;
  GSignalGroup        *job_signals;
  GPtrArray           *rows[N_GROUPS];   /* AdwActionRow*, to take out again */
  GHashTable          *values;           /* row title -> value, for tests */
  gboolean             updating;

  /* Template children */
  GtkStack            *stack;
  GtkLabel            *prompt_label;
  GtkLabel            *negative_label;
  GtkButton           *remix_button;
  GtkButton           *continue_button;
  GtkToggleButton     *star_button;
  GtkButton           *copy_prompt_button;
  GtkButton           *curl_button;
  GtkButton           *folder_button;
  GtkButton           *export_button;
  GtkButton           *delete_button;
  AdwPreferencesGroup *warnings_group;
  AdwPreferencesGroup *request_group;
  AdwPreferencesGroup *job_group;
  AdwPreferencesGroup *clip_group;
};

G_DEFINE_FINAL_TYPE (KinemaDetails, kinema_details, GTK_TYPE_WIDGET)

/* Auxiliary methods */

static AdwPreferencesGroup *
group_widget (KinemaDetails *self,
              guint          group)
{
  switch (group)
    {
    case GROUP_WARNINGS:
      return self->warnings_group;
    case GROUP_REQUEST:
      return self->request_group;
    case GROUP_JOB:
      return self->job_group;
    case GROUP_CLIP:
    default:
      return self->clip_group;
    }
}

static void
clear_rows (KinemaDetails *self)
{
  for (guint g = 0; g < N_GROUPS; g++)
    {
      for (guint i = 0; i < self->rows[g]->len; i++)
        adw_preferences_group_remove (group_widget (self, g), g_ptr_array_index (self->rows[g], i));
      g_ptr_array_set_size (self->rows[g], 0);
    }
  g_hash_table_remove_all (self->values);
}

/* Short values go beside their name; long ones (prompts, ids, reasons)
 * under it, where they can wrap. */
#define MAX_SUFFIX_CHARS 18

static void
add_row (KinemaDetails *self,
         guint          group,
         const char    *title,
         const char    *value)
{
  GtkWidget *row;
  g_autofree char *escaped = NULL;

  if (value == NULL || *value == '\0')
    return;

  row = adw_action_row_new ();
  escaped = g_markup_escape_text (title, -1);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);

  if (g_utf8_strlen (value, -1) <= MAX_SUFFIX_CHARS && strchr (value, '\n') == NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  else
    {
      g_autofree char *escaped_value = g_markup_escape_text (value, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_value);
      kinema_widget_set_tooltip (row, value);
      gtk_widget_add_css_class (row, "long-value");
    }

  adw_preferences_group_add (group_widget (self, group), row);
  g_ptr_array_add (self->rows[group], row);
  g_hash_table_replace (self->values, g_strdup (title), g_strdup (value));
}

static void
add_warning (KinemaDetails *self,
             const char    *warning)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  g_autofree char *escaped = g_markup_escape_text (warning, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, "warning");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_preferences_group_add (self->warnings_group, row);
  g_ptr_array_add (self->rows[GROUP_WARNINGS], row);
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = NULL;

  if (unix_seconds <= 0)
    return NULL;
  when = g_date_time_new_from_unix_local (unix_seconds);
  /* Translators: a date and time, see the GDateTime format codes */
  return when ? g_date_time_format (when, _("%e %b %Y, %H:%M:%S")) : NULL;
}

static char *
format_price (double usd)
{
  /* Translators: a price in US dollars */
  return usd >= 0 ? g_strdup_printf (_("$%.2f"), usd) : NULL;
}

static const char *
yes_no (gboolean value)
{
  return value ? _("Yes") : _("No");
}

static char *
image_name (const char *path_or_url)
{
  if (path_or_url == NULL || *path_or_url == '\0')
    return NULL;
  if (kinema_image_is_url (path_or_url))
    return g_strdup (path_or_url);
  return g_path_get_basename (path_or_url);
}

static KinemaProvider *
job_provider (KinemaDetails *self)
{
  if (self->engine == NULL || self->job == NULL)
    return NULL;
  return kinema_engine_get_provider (self->engine, kinema_job_get_provider_id (self->job));
}

static void
set_target (KinemaDetails *self,
            GtkButton     *button,
            const char    *action_name,
            gboolean       sensitive)
{
  /* The target first: an action name without it would not match. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                          g_variant_new_string (kinema_job_get_id (self->job)));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_widget_set_sensitive (GTK_WIDGET (button), sensitive);
}

static void
show_request (KinemaDetails *self,
              KinemaRequest *request)
{
  g_autofree char *duration = NULL;
  g_autofree char *cfg = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  const char *mode = NULL;

  switch (kinema_request_get_mode (request))
    {
    case KINEMA_MODE_TEXT:
      mode = _("Text to video");
      break;
    case KINEMA_MODE_IMAGE:
      mode = _("Image to video");
      break;
    case KINEMA_MODE_REFERENCE:
    default:
      mode = _("Reference images");
      break;
    }
  add_row (self, GROUP_REQUEST, _("Mode"), mode);

  /* Translators: a length in whole seconds */
  duration = g_strdup_printf (_("%u s"), kinema_request_get_duration (request));
  add_row (self, GROUP_REQUEST, _("Length"), duration);
  add_row (self, GROUP_REQUEST, _("Aspect ratio"), kinema_aspect_to_string (kinema_request_get_aspect (request)));
  add_row (self, GROUP_REQUEST, _("Quality"),
           kinema_request_get_quality (request) == KINEMA_QUALITY_PRO ? _("Professional (1080p)")
                                                                       : _("Standard (720p)"));
  add_row (self, GROUP_REQUEST, _("Sound"), yes_no (kinema_request_get_audio (request)));
  cfg = g_strdup_printf ("%.2f", kinema_request_get_cfg_scale (request));
  add_row (self, GROUP_REQUEST, _("Prompt adherence"), cfg);
  add_row (self, GROUP_REQUEST, _("Watermark"), yes_no (kinema_request_get_watermark (request)));

  first = image_name (kinema_request_get_first_frame (request));
  last = image_name (kinema_request_get_last_frame (request));
  add_row (self, GROUP_REQUEST, _("First frame"), first);
  add_row (self, GROUP_REQUEST, _("Last frame"), last);

  for (guint i = 0; i < kinema_request_get_n_reference_images (request); i++)
    {
      /* Translators: %u numbers the reference images from 1 */
      g_autofree char *title = g_strdup_printf (_("Reference image %u"), i + 1);
      g_autofree char *name = image_name (kinema_request_get_reference_image (request, i));

      add_row (self, GROUP_REQUEST, title, name);
    }

  switch (kinema_request_get_multi_shot (request))
    {
    case KINEMA_MULTI_SHOT_CUSTOMIZE:
      add_row (self, GROUP_REQUEST, _("Multi-shot"), _("Your shots"));
      break;
    case KINEMA_MULTI_SHOT_INTELLIGENCE:
      add_row (self, GROUP_REQUEST, _("Multi-shot"), _("Chosen by the model"));
      break;
    case KINEMA_MULTI_SHOT_NONE:
    default:
      break;
    }
  for (guint i = 0; i < kinema_request_get_n_shots (request); i++)
    {
      const KinemaShot *shot = kinema_request_get_shot (request, i);
      /* Translators: a shot's number and its length in seconds */
      g_autofree char *title = g_strdup_printf (_("Shot %u (%u s)"), i + 1, shot->duration);

      add_row (self, GROUP_REQUEST, title, shot->prompt);
    }

  for (guint i = 0; i < kinema_request_get_n_elements (request); i++)
    {
      const KinemaElement *element = kinema_request_get_element (request, i);
      guint n_images = element->images ? g_strv_length (element->images) : 0;
      g_autofree char *title = g_strdup_printf (_("Element “%s”"), element->name);
      /* Translators: an element's description, then how many images it has */
      g_autofree char *value = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%u image)", "%s (%u images)", n_images),
                                                element->description ? element->description : "", n_images);

      add_row (self, GROUP_REQUEST, title, value);
    }
}

static void
show_job (KinemaDetails *self)
{
  KinemaJob *job = self->job;
  KinemaProvider *provider = job_provider (self);
  KinemaJobState state = kinema_job_get_state (job);
  KinemaClip *clip = kinema_job_get_clip (job);
  g_autofree char *provider_name = provider ? kinema_provider_dup_display_name (provider)
                                            : g_strdup (kinema_job_get_provider_id (job));
  g_autofree char *created = format_time (kinema_job_get_created (job));
  g_autofree char *submitted = format_time (kinema_job_get_submitted (job));
  g_autofree char *finished = NULL;
  g_autofree char *estimate = format_price (kinema_job_get_price_estimate (job));
  g_autofree char *actual = format_price (kinema_job_get_price_actual (job));
  g_autofree char *attempts = NULL;

  if (state == KINEMA_JOB_DONE && clip != NULL && clip->created > 0)
    finished = format_time (clip->created);
  else if (kinema_job_state_is_final (state))
    finished = format_time (kinema_job_get_updated (job));

  add_row (self, GROUP_JOB, _("Provider"), provider_name);
  add_row (self, GROUP_JOB, _("State"), kinema_job_state_to_label (state));
  if (kinema_job_get_error_message (job) != NULL)
    add_row (self, GROUP_JOB, _("Reason"), kinema_job_get_error_message (job));
  add_row (self, GROUP_JOB, _("Task id"), kinema_job_get_remote_task_id (job));
  add_row (self, GROUP_JOB, _("Job id"), kinema_job_get_id (job));
  add_row (self, GROUP_JOB, _("Created"), created);
  add_row (self, GROUP_JOB, _("Submitted"), submitted);
  add_row (self, GROUP_JOB, _("Finished"), finished);
  if (kinema_job_get_attempts (job) > 1)
    {
      attempts = g_strdup_printf ("%u", kinema_job_get_attempts (job));
      add_row (self, GROUP_JOB, _("Attempts"), attempts);
    }

  if (provider != NULL && kinema_provider_is_simulation (provider))
    {
      add_row (self, GROUP_JOB, _("Estimated price"), _("Free (simulation)"));
      add_row (self, GROUP_JOB, _("Charged"), _("Nothing (simulation)"));
    }
  else
    {
      add_row (self, GROUP_JOB, _("Estimated price"), estimate ? estimate : _("Unknown"));
      add_row (self, GROUP_JOB, _("Charged"), actual ? actual : _("Not reported by the provider"));
    }
}

static void
show_clip (KinemaDetails *self,
           KinemaClip    *clip)
{
  g_autofree char *name = NULL;
  g_autofree char *size = NULL;
  g_autofree char *length = NULL;
  g_autofree char *fps = NULL;
  g_autofree char *bytes = NULL;

  if (clip == NULL)
    return;

  name = clip->path ? g_path_get_basename (clip->path) : NULL;
  add_row (self, GROUP_CLIP, _("File"), name);
  if (clip->width > 0 && clip->height > 0)
    size = g_strdup_printf ("%d × %d", clip->width, clip->height);
  add_row (self, GROUP_CLIP, _("Resolution"), size);
  if (clip->duration_ms > 0)
    /* Translators: a length in seconds */
    length = g_strdup_printf (_("%.2f s"), clip->duration_ms / 1000.0);
  add_row (self, GROUP_CLIP, _("Duration"), length);
  if (clip->fps > 0)
    /* Translators: frames per second */
    fps = g_strdup_printf (_("%.3g fps"), clip->fps);
  add_row (self, GROUP_CLIP, _("Frame rate"), fps);
  add_row (self, GROUP_CLIP, _("Audio"), clip->has_audio ? _("Yes") : _("No"));
  if (clip->size > 0)
    bytes = g_format_size (clip->size);
  add_row (self, GROUP_CLIP, _("File size"), bytes);

  if (clip->warnings != NULL && *clip->warnings != '\0')
    {
      g_auto(GStrv) lines = g_strsplit (clip->warnings, "\n", -1);

      for (guint i = 0; lines[i] != NULL; i++)
        if (*g_strstrip (lines[i]) != '\0')
          add_warning (self, lines[i]);
    }
}

static void
details_update (KinemaDetails *self)
{
  KinemaRequest *request;
  KinemaClip *clip;
  KinemaProvider *provider;
  const char *prompt;
  const char *negative;
  gboolean has_clip;

  self->updating = TRUE;
  clear_rows (self);

  if (self->job == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      self->updating = FALSE;
      return;
    }

  request = kinema_job_get_request (self->job);
  clip = kinema_job_get_clip (self->job);
  provider = job_provider (self);
  has_clip = clip != NULL && kinema_job_get_state (self->job) == KINEMA_JOB_DONE;

  prompt = kinema_request_get_prompt (request);
  gtk_label_set_label (self->prompt_label, prompt && *prompt ? prompt : _("No prompt"));
  negative = kinema_request_get_negative_prompt (request);
  if (negative != NULL && *negative != '\0')
    {
      /* Translators: %s is the negative prompt, what to avoid */
      g_autofree char *text = g_strdup_printf (_("Avoid: %s"), negative);

      gtk_label_set_label (self->negative_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->negative_label), negative != NULL && *negative != '\0');

  set_target (self, self->remix_button, "clip.remix", TRUE);
  set_target (self, self->continue_button, "clip.continue", has_clip);
  set_target (self, self->copy_prompt_button, "clip.copy-prompt", TRUE);
  set_target (self, self->curl_button, "clip.copy-curl", TRUE);
  set_target (self, self->folder_button, "clip.open-folder", has_clip);
  set_target (self, self->export_button, "clip.export", has_clip);
  set_target (self, self->delete_button, "clip.delete", kinema_job_state_is_final (kinema_job_get_state (self->job)));
  /* A dry run is something only HTTP providers have. */
  gtk_widget_set_visible (GTK_WIDGET (self->curl_button), provider != NULL && KINEMA_IS_HTTP_PROVIDER (provider));

  gtk_widget_set_visible (GTK_WIDGET (self->star_button), has_clip);
  gtk_toggle_button_set_active (self->star_button, has_clip && clip->favourite);
  gtk_button_set_icon_name (GTK_BUTTON (self->star_button),
                            has_clip && clip->favourite ? "starred-symbolic" : "non-starred-symbolic");
  kinema_widget_set_tooltip (GTK_WIDGET (self->star_button),
                               has_clip && clip->favourite ? _("Remove from Favourites") : _("Add to Favourites"));

  show_request (self, request);
  show_job (self);
  show_clip (self, has_clip ? clip : NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->warnings_group), self->rows[GROUP_WARNINGS]->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->clip_group), self->rows[GROUP_CLIP]->len > 0);
  gtk_stack_set_visible_child_name (self->stack, "details");
  self->updating = FALSE;
}

/* Callbacks */

static void
star_toggled_cb (KinemaDetails *self)
{
  if (self->updating || self->job == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "clip.favourite", "s", kinema_job_get_id (self->job));
  details_update (self);
}

/* GObject */

static void
kinema_details_dispose (GObject *object)
{
  KinemaDetails *self = (KinemaDetails *) object;
  GtkWidget *child;

  if (self->job_signals != NULL)
    g_signal_group_set_target (self->job_signals, NULL);
  g_clear_object (&self->job_signals);
  g_clear_object (&self->job);
  g_clear_object (&self->engine);

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_DETAILS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (kinema_details_parent_class)->dispose (object);
}

static void
kinema_details_finalize (GObject *object)
{
  KinemaDetails *self = (KinemaDetails *) object;

  for (guint g = 0; g < N_GROUPS; g++)
    g_clear_pointer (&self->rows[g], g_ptr_array_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (kinema_details_parent_class)->finalize (object);
}

static void
kinema_details_class_init (KinemaDetailsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_details_dispose;
  object_class->finalize = kinema_details_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-details.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, stack);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, prompt_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, negative_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, remix_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, continue_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, star_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, copy_prompt_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, curl_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, folder_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, export_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, warnings_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, request_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, job_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaDetails, clip_group);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemadetails");
}

static void
kinema_details_init (KinemaDetails *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->remix_button), _("Load this request into the editor"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->continue_button), _("Start the next request from this clip’s last frame"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->star_button), _("Favourite"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->copy_prompt_button), _("Copy Prompt"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->curl_button), _("Copy as curl"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->folder_button), _("Show in Files"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->export_button), _("Export…"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->delete_button), _("Delete"));

  for (guint g = 0; g < N_GROUPS; g++)
    self->rows[g] = g_ptr_array_new ();
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_signal_connect_object (self->star_button, "toggled", G_CALLBACK (star_toggled_cb), self, G_CONNECT_SWAPPED);

  self->job_signals = g_signal_group_new (KINEMA_TYPE_JOB);
  g_signal_group_connect_swapped (self->job_signals, "notify::state", G_CALLBACK (details_update), self);
  g_signal_group_connect_swapped (self->job_signals, "notify::clip", G_CALLBACK (details_update), self);
  g_signal_group_connect_swapped (self->job_signals, "notify::error-message", G_CALLBACK (details_update), self);
  g_signal_group_connect_swapped (self->job_signals, "notify::price-actual", G_CALLBACK (details_update), self);

  details_update (self);
}

/* Public API */

GtkWidget *
kinema_details_new (void)
{
  return g_object_new (KINEMA_TYPE_DETAILS, NULL);
}

void
kinema_details_set_engine (KinemaDetails *self,
                           KinemaEngine  *engine)
{
  g_return_if_fail (KINEMA_IS_DETAILS (self));
  g_return_if_fail (engine == NULL || KINEMA_IS_ENGINE (engine));

  if (g_set_object (&self->engine, engine))
    details_update (self);
}

KinemaJob *
kinema_details_get_job (KinemaDetails *self)
{
  g_return_val_if_fail (KINEMA_IS_DETAILS (self), NULL);

  return self->job;
}

void
kinema_details_set_job (KinemaDetails *self,
                        KinemaJob     *job)
{
  g_return_if_fail (KINEMA_IS_DETAILS (self));
  g_return_if_fail (job == NULL || KINEMA_IS_JOB (job));

  if (!g_set_object (&self->job, job))
    return;

  g_signal_group_set_target (self->job_signals, job);
  details_update (self);
}

const char *
_kinema_details_get_value (KinemaDetails *self,
                           const char    *title)
{
  return g_hash_table_lookup (self->values, title);
}
