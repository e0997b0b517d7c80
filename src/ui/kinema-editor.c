/* kinema-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The request editor. Three rules hold it together:
 *
 *  - request_to_widgets () and the change handlers are the only places
 *    where controls and the KinemaRequest meet; the storyboard, the image
 *    pickers and the element list edit the request in place and then call
 *    editor_update ();
 *  - editor_update () derives everything else from the request and the
 *    selected provider's capabilities: the shape of the editor (what is
 *    hidden or insensitive, and why), counters, problems beside their
 *    fields, the price and whether Generate is enabled;
 *  - switching providers never changes the request: values a provider
 *    cannot take stay, are reported as problems, and can be removed in one
 *    click ("Remove Unsupported Settings").
 *
 * Local image files are checked off the main thread with
 * kinema_request_validate_async (), debounced, and only again when the set
 * of files changes.
 */
#define G_LOG_DOMAIN "kinema-editor"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "kinema-editor.h"
#include "kinema-element-library.h"
#include "kinema-error.h"
#include "kinema-image-picker.h"
#include "kinema-price.h"
#include "kinema-shot-row.h"
#include "kinema-storyboard.h"
#include "kinema-validate.h"
#include "kinema-window-private.h"
#include "kinema-ui-util.h"

#define FILE_CHECK_DELAY_MS 150
#define MAX_VARIANTS        4
#define CFG_DEFAULT         0.5

struct _KinemaEditor
{
  GtkWidget             parent_instance;

  KinemaEngine         *engine;
  KinemaRequest        *request;
  GPtrArray            *problems;        /* of KinemaProblem: what is shown */
  GSettings            *settings;
  KinemaPriceTable     *prices;

  /* TRUE while request_to_widgets () runs, so that the controls' change
   * handlers do not write back what is being loaded. */
  gboolean              loading;
  gboolean              can_generate;

  /* Checks of local image files (worker thread). */
  GCancellable         *check_cancellable;
  guint                 check_source;
  char                 *pending_files;   /* the file set being checked */
  char                 *checked_files;   /* the file set file_problems is for */
  GPtrArray            *pending_sync;    /* validate () of the request as sent to the check */
  GPtrArray            *file_problems;   /* found only by the file check */

  /* Which request elements the element list shows. */
  char                 *shown_elements;

  /* "@" completion */
  GtkPopover           *mention_popover;
  GtkListBox           *mention_list;
  GtkTextMark          *mention_mark;

  double                price_total;

  /* Template children */
  GtkStack             *page_stack;
  GtkWidget            *scroller;
  AdwPreferencesGroup  *provider_group;
  GtkDropDown          *provider_dropdown;
  GtkWidget            *unsupported_box;
  GtkLabel             *unsupported_label;
  GtkButton            *remove_unsupported_button;
  AdwPreferencesGroup  *mode_group;
  GtkWidget            *mode_box;
  GtkToggleButton      *mode_text;
  GtkToggleButton      *mode_image;
  GtkToggleButton      *mode_reference;
  GtkLabel             *mode_problem;
  GtkWidget            *frames_box;
  KinemaImagePicker    *first_picker;
  GtkButton            *swap_button;
  KinemaImagePicker    *last_picker;
  GtkWidget            *reference_box;
  GtkLabel             *reference_hint;
  GtkBox               *reference_list;
  GtkLabel             *reference_problem;
  AdwPreferencesGroup  *prompt_group;
  GtkLabel             *prompt_counter;
  GtkTextView          *prompt_view;
  GtkLabel             *prompt_problem;
  AdwPreferencesGroup  *negative_group;
  GtkLabel             *negative_counter;
  GtkTextView          *negative_view;
  GtkLabel             *negative_problem;
  AdwPreferencesGroup  *storyboard_group;
  GtkWidget            *multi_shot_box;
  GtkToggleButton      *multi_off;
  GtkToggleButton      *multi_customize;
  GtkToggleButton      *multi_intelligence;
  KinemaStoryboard     *storyboard;
  GtkLabel             *intelligence_label;
  GtkLabel             *storyboard_problem;
  AdwPreferencesGroup  *elements_group;
  GtkButton            *library_button;
  GtkListBox           *element_list;
  GtkLabel             *elements_problem;
  AdwPreferencesGroup  *video_group;
  AdwActionRow         *duration_row;
  GtkSpinButton        *duration_spin;
  AdwActionRow         *aspect_row;
  GtkWidget            *aspect_box;
  GtkToggleButton      *aspect_16_9;
  GtkToggleButton      *aspect_9_16;
  GtkToggleButton      *aspect_1_1;
  AdwActionRow         *quality_row;
  GtkWidget            *quality_box;
  GtkToggleButton      *quality_std;
  GtkToggleButton      *quality_pro;
  AdwActionRow         *audio_row;
  GtkSwitch            *audio_switch;
  AdwActionRow         *cfg_row;
  GtkScale             *cfg_scale;
  AdwActionRow         *watermark_row;
  GtkSwitch            *watermark_switch;
  KinemaElementLibrary *element_library;
  GtkLabel             *problems_label;
  GtkLabel             *price_label;
  GtkLabel             *price_detail;
  GtkSpinButton        *variants_spin;
  GtkButton            *generate_button;
};

G_DEFINE_FINAL_TYPE (KinemaEditor, kinema_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ENGINE,
  PROP_REQUEST,
  PROP_PROVIDER,
  PROP_CAN_GENERATE,
  PROP_VARIANTS,
  N_PROPS
};

enum {
  GENERATED,
  GENERATE_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void editor_update           (KinemaEditor *self);
static void sync_reference_pickers  (KinemaEditor *self);
static void sync_element_list       (KinemaEditor *self);
static void mention_hide            (KinemaEditor *self);

/* Auxiliary methods */

static const KinemaCapabilities *
editor_get_caps (KinemaEditor *self)
{
  KinemaProvider *provider = kinema_editor_get_provider (self);

  return provider ? kinema_provider_get_capabilities (provider) : NULL;
}

static const char *
provider_name (KinemaEditor *self)
{
  KinemaProvider *provider = kinema_editor_get_provider (self);
  const char *name = provider ? kinema_provider_get_name (provider) : NULL;

  return name ? name : _("This provider");
}

static char *
dup_buffer_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
set_buffer_text (GtkTextView *view,
                 const char  *text)
{
  g_autofree char *current = dup_buffer_text (view);

  if (g_strcmp0 (current, text ? text : "") != 0)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text ? text : "", -1);
}

static gboolean
mode_supported (const KinemaCapabilities *caps,
                KinemaMode                mode)
{
  return caps == NULL || (caps->modes & (1u << mode)) != 0;
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static guint
max_reference_images (const KinemaCapabilities *caps)
{
  return (caps != NULL && caps->max_reference_images > 0) ? caps->max_reference_images : 7;
}

static void
load_css_once (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded || gdk_display_get_default () == NULL)
    return;
  loaded = TRUE;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PATH "/kinema-editor.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* Reshaping: a control the provider cannot take stays visible, insensitive,
 * with a tooltip that names the provider; if the request still holds a
 * value for it, it stays sensitive so that the value can be changed back. */
static void
reshape (GtkWidget  *widget,
         gboolean    supported,
         gboolean    in_use,
         const char *reason)
{
  gtk_widget_set_sensitive (widget, supported || in_use);
  kinema_widget_set_tooltip (widget, supported ? NULL : reason);
  if (supported)
    gtk_widget_remove_css_class (widget, "kinema-unsupported");
  else
    gtk_widget_add_css_class (widget, "kinema-unsupported");
}

/* The set of local image files the request would send, as one string. */
static char *
dup_local_files (KinemaEditor *self)
{
  const KinemaCapabilities *caps = editor_get_caps (self);
  KinemaRequest *request = self->request;
  GString *files = g_string_new (NULL);
  KinemaMode mode = kinema_request_get_mode (request);

#define ADD_FILE(p) G_STMT_START {                                        \
    const char *p_ = (p);                                                 \
    if (p_ != NULL && *p_ != '\0' && !kinema_image_is_url (p_))           \
      g_string_append_printf (files, "%s\n", p_);                         \
  } G_STMT_END

  if (mode == KINEMA_MODE_IMAGE && mode_supported (caps, mode))
    {
      ADD_FILE (kinema_request_get_first_frame (request));
      if (caps == NULL || caps->last_frame)
        ADD_FILE (kinema_request_get_last_frame (request));
    }
  if (mode == KINEMA_MODE_REFERENCE && mode_supported (caps, mode))
    for (guint i = 0; i < kinema_request_get_n_reference_images (request); i++)
      ADD_FILE (kinema_request_get_reference_image (request, i));
  if (caps == NULL || caps->max_elements > 0)
    for (guint i = 0; i < kinema_request_get_n_elements (request); i++)
      {
        const KinemaElement *element = kinema_request_get_element (request, i);

        for (guint j = 0; element->images != NULL && element->images[j] != NULL; j++)
          ADD_FILE (element->images[j]);
      }

#undef ADD_FILE

  return g_string_free (files, FALSE);
}

static gboolean
problems_contain_message (GPtrArray  *problems,
                          const char *message)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    if (g_strcmp0 (((KinemaProblem *) g_ptr_array_index (problems, i))->message, message) == 0)
      return TRUE;
  return FALSE;
}

/* Messages of every problem whose field is @field, NULL-terminated. */
static GStrv
messages_for (GPtrArray  *problems,
              const char *field)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const KinemaProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, field) == 0)
        g_strv_builder_add (builder, problem->message);
    }
  return g_strv_builder_end (builder);
}

static void
show_label_problems (GtkLabel   *label,
                     GPtrArray  *problems,
                     const char *field)
{
  g_auto(GStrv) messages = messages_for (problems, field);
  g_autofree char *text = g_strjoinv ("\n", messages);

  gtk_label_set_label (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), *text != '\0');
}

/* A settings row shows its problem as its subtitle, in the error style. */
static void
show_row_problem (AdwActionRow *row,
                  GPtrArray    *problems,
                  const char   *field,
                  const char   *subtitle)
{
  const KinemaProblem *problem = problems ? kinema_problems_find (problems, field) : NULL;

  adw_action_row_set_subtitle (row, problem ? problem->message : (subtitle ? subtitle : ""));
  if (problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "kinema-problem");
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      problem->message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row), "kinema-problem");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

/* Request ↔ widgets */

static void
set_toggle (GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    gtk_toggle_button_set_active (button, TRUE);
}

static void
update_duration_range (KinemaEditor *self)
{
  const KinemaCapabilities *caps = editor_get_caps (self);
  guint current = kinema_request_get_duration (self->request);
  guint min = KINEMA_DURATION_MIN;
  guint max = KINEMA_DURATION_MAX;
  double lower, upper;

  if (caps != NULL)
    {
      min = MAX (caps->duration_min, 1);
      max = MAX (caps->duration_max, min);
    }

  /* The range never drops the request's own value: validation reports it. */
  gtk_spin_button_get_range (self->duration_spin, &lower, &upper);
  if ((guint) lower != MIN (min, MAX (current, 1)) || (guint) upper != MAX (max, current))
    gtk_spin_button_set_range (self->duration_spin, MIN (min, MAX (current, 1)), MAX (max, current));
}

static void
request_to_widgets (KinemaEditor *self)
{
  KinemaRequest *request = self->request;
  const char *negative = kinema_request_get_negative_prompt (request);

  self->loading = TRUE;

  set_buffer_text (self->prompt_view, kinema_request_get_prompt (request));
  set_buffer_text (self->negative_view, negative);

  switch (kinema_request_get_mode (request))
    {
    case KINEMA_MODE_IMAGE:
      set_toggle (self->mode_image);
      break;
    case KINEMA_MODE_REFERENCE:
      set_toggle (self->mode_reference);
      break;
    case KINEMA_MODE_TEXT:
    default:
      set_toggle (self->mode_text);
      break;
    }

  kinema_image_picker_set_path (self->first_picker, kinema_request_get_first_frame (request));
  kinema_image_picker_set_path (self->last_picker, kinema_request_get_last_frame (request));
  sync_reference_pickers (self);

  switch (kinema_request_get_multi_shot (request))
    {
    case KINEMA_MULTI_SHOT_CUSTOMIZE:
      set_toggle (self->multi_customize);
      break;
    case KINEMA_MULTI_SHOT_INTELLIGENCE:
      set_toggle (self->multi_intelligence);
      break;
    case KINEMA_MULTI_SHOT_NONE:
    default:
      set_toggle (self->multi_off);
      break;
    }
  kinema_storyboard_set_request (self->storyboard, request);

  update_duration_range (self);
  gtk_spin_button_set_value (self->duration_spin, kinema_request_get_duration (request));

  switch (kinema_request_get_aspect (request))
    {
    case KINEMA_ASPECT_9_16:
      set_toggle (self->aspect_9_16);
      break;
    case KINEMA_ASPECT_1_1:
      set_toggle (self->aspect_1_1);
      break;
    case KINEMA_ASPECT_16_9:
    default:
      set_toggle (self->aspect_16_9);
      break;
    }

  set_toggle (kinema_request_get_quality (request) == KINEMA_QUALITY_PRO
              ? self->quality_pro : self->quality_std);
  gtk_switch_set_active (self->audio_switch, kinema_request_get_audio (request));
  gtk_range_set_value (GTK_RANGE (self->cfg_scale), kinema_request_get_cfg_scale (request));
  gtk_switch_set_active (self->watermark_switch, kinema_request_get_watermark (request));

  g_clear_pointer (&self->shown_elements, g_free);
  sync_element_list (self);

  self->loading = FALSE;
}

static void
widgets_to_request (KinemaEditor *self)
{
  KinemaRequest *request = self->request;
  g_autofree char *prompt = dup_buffer_text (self->prompt_view);
  g_autofree char *negative = dup_buffer_text (self->negative_view);
  KinemaAspect aspect = KINEMA_ASPECT_16_9;
  KinemaMode mode = KINEMA_MODE_TEXT;
  KinemaMultiShot multi_shot = KINEMA_MULTI_SHOT_NONE;

  if (gtk_toggle_button_get_active (self->mode_image))
    mode = KINEMA_MODE_IMAGE;
  else if (gtk_toggle_button_get_active (self->mode_reference))
    mode = KINEMA_MODE_REFERENCE;

  if (gtk_toggle_button_get_active (self->multi_customize))
    multi_shot = KINEMA_MULTI_SHOT_CUSTOMIZE;
  else if (gtk_toggle_button_get_active (self->multi_intelligence))
    multi_shot = KINEMA_MULTI_SHOT_INTELLIGENCE;

  if (gtk_toggle_button_get_active (self->aspect_9_16))
    aspect = KINEMA_ASPECT_9_16;
  else if (gtk_toggle_button_get_active (self->aspect_1_1))
    aspect = KINEMA_ASPECT_1_1;

  kinema_request_set_prompt (request, prompt);
  kinema_request_set_negative_prompt (request, *negative != '\0' ? negative : NULL);
  kinema_request_set_mode (request, mode);
  kinema_request_set_multi_shot (request, multi_shot);
  kinema_request_set_duration (request, (guint) gtk_spin_button_get_value_as_int (self->duration_spin));
  kinema_request_set_aspect (request, aspect);
  kinema_request_set_quality (request, gtk_toggle_button_get_active (self->quality_pro)
                                       ? KINEMA_QUALITY_PRO : KINEMA_QUALITY_STD);
  kinema_request_set_audio (request, gtk_switch_get_active (self->audio_switch));
  kinema_request_set_cfg_scale (request, gtk_range_get_value (GTK_RANGE (self->cfg_scale)));
  kinema_request_set_watermark (request, gtk_switch_get_active (self->watermark_switch));
}

/* Reference images: one picker per image, plus an empty one at the end
 * for the next image while there is room. */

static void reference_picker_changed_cb (KinemaEditor *self, KinemaImagePicker *picker);

static void
sync_reference_pickers (KinemaEditor *self)
{
  const KinemaCapabilities *caps = editor_get_caps (self);
  guint n = kinema_request_get_n_reference_images (self->request);
  guint wanted = n < max_reference_images (caps) ? n + 1 : n;
  guint have = 0;
  GtkWidget *child;

  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->reference_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    have++;

  while (have > wanted)
    {
      gtk_box_remove (self->reference_list, gtk_widget_get_last_child (GTK_WIDGET (self->reference_list)));
      have--;
    }
  while (have < wanted)
    {
      GtkWidget *picker = kinema_image_picker_new (NULL, "reference_images");

      g_signal_connect_object (picker, "changed", G_CALLBACK (reference_picker_changed_cb),
                               self, G_CONNECT_SWAPPED);
      gtk_box_append (self->reference_list, picker);
      have++;
    }

  child = gtk_widget_get_first_child (GTK_WIDGET (self->reference_list));
  for (guint i = 0; child != NULL; i++, child = gtk_widget_get_next_sibling (child))
    {
      KinemaImagePicker *picker = KINEMA_IMAGE_PICKER (child);
      g_autofree char *title = NULL;

      if (i < n)
        /* Translators: %u counts from 1; <<<image_%u>>> is how the prompt names it */
        title = g_strdup_printf (_("Reference Image %u · <<<image_%u>>>"), i + 1, i + 1);
      else
        title = g_strdup (_("Add a Reference Image"));

      kinema_image_picker_set_title (picker, title);
      kinema_image_picker_set_path (picker, i < n ? kinema_request_get_reference_image (self->request, i) : NULL);
    }
}

static void
reference_picker_changed_cb (KinemaEditor      *self,
                             KinemaImagePicker *picker)
{
  GtkWidget *child;

  if (self->loading)
    return;

  kinema_request_clear_reference_images (self->request);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->reference_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *path = kinema_image_picker_get_path (KINEMA_IMAGE_PICKER (child));

      if (path != NULL)
        kinema_request_add_reference_image (self->request, path);
    }

  self->loading = TRUE;
  sync_reference_pickers (self);
  self->loading = FALSE;
  editor_update (self);
}

/* Elements of the request */

static void
element_thumbnail_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GtkPicture) picture = user_data;
  g_autoptr(GdkTexture) texture = kinema_thumbnail_load_finish (result, NULL);

  if (texture != NULL)
    gtk_picture_set_paintable (picture, GDK_PAINTABLE (texture));
}

static void
remove_element_clicked_cb (GtkButton    *button,
                           KinemaEditor *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "element-name");

  for (guint i = 0; i < kinema_request_get_n_elements (self->request); i++)
    if (g_strcmp0 (kinema_request_get_element (self->request, i)->name, name) == 0)
      {
        kinema_request_remove_element (self->request, i);
        break;
      }

  editor_update (self);
}

static char *
dup_elements_signature (KinemaRequest *request)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < kinema_request_get_n_elements (request); i++)
    {
      const KinemaElement *element = kinema_request_get_element (request, i);
      g_autofree char *images = element->images ? g_strjoinv ("\t", element->images) : NULL;

      g_string_append_printf (s, "%s\t%s\t%s\n", element->name ? element->name : "",
                              element->description ? element->description : "", images ? images : "");
    }
  return g_string_free (s, FALSE);
}

static void
sync_element_list (KinemaEditor *self)
{
  g_autofree char *signature = dup_elements_signature (self->request);
  GtkWidget *child;

  if (self->shown_elements != NULL && g_str_equal (signature, self->shown_elements))
    return;

  g_free (self->shown_elements);
  self->shown_elements = g_steal_pointer (&signature);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->element_list))) != NULL)
    gtk_list_box_remove (self->element_list, child);

  for (guint i = 0; i < kinema_request_get_n_elements (self->request); i++)
    {
      const KinemaElement *element = kinema_request_get_element (self->request, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *picture = gtk_picture_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
      g_autofree char *title = g_strdup_printf ("@%s", element->name ? element->name : "");
      g_autofree char *remove_name = NULL;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      g_object_set_data_full (G_OBJECT (row), "default-subtitle",
                              g_strdup (element->description ? element->description : ""), g_free);

      gtk_widget_set_size_request (picture, 40, 40);
      gtk_picture_set_content_fit (GTK_PICTURE (picture), GTK_CONTENT_FIT_COVER);
      gtk_widget_set_valign (picture, GTK_ALIGN_CENTER);
      gtk_widget_set_overflow (picture, GTK_OVERFLOW_HIDDEN);
      gtk_widget_add_css_class (picture, "kinema-thumbnail");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), picture);
      if (element->images != NULL && element->images[0] != NULL && !kinema_image_is_url (element->images[0]))
        kinema_thumbnail_load_async (element->images[0], 80, NULL, element_thumbnail_cb, g_object_ref (picture));

      /* Translators: %s is an element name */
      remove_name = g_strdup_printf (_("Remove %s from this video"), element->name ? element->name : "");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      kinema_widget_set_tooltip (remove, _("Remove from This Video"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
      g_object_set_data_full (G_OBJECT (remove), "element-name", g_strdup (element->name), g_free);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_element_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);

      gtk_list_box_append (self->element_list, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->element_list), kinema_request_get_n_elements (self->request) > 0);
}

static void
show_element_problems (KinemaEditor *self,
                       GPtrArray    *problems)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->element_list));

  for (guint i = 0; child != NULL; i++, child = gtk_widget_get_next_sibling (child))
    {
      g_autofree char *name_field = g_strdup_printf ("elements[%u]", i);
      g_autofree char *images_field = g_strdup_printf ("elements[%u].images", i);
      g_auto(GStrv) names = messages_for (problems, name_field);
      g_auto(GStrv) images = messages_for (problems, images_field);
      g_autofree char *a = g_strjoinv ("\n", names);
      g_autofree char *b = g_strjoinv ("\n", images);
      g_autofree char *text = g_strconcat (a, (*a && *b) ? "\n" : "", b, NULL);

      if (!ADW_IS_ACTION_ROW (child))
        continue;

      adw_action_row_set_subtitle (ADW_ACTION_ROW (child),
                                   *text ? text : g_object_get_data (G_OBJECT (child), "default-subtitle"));
      if (*text)
        gtk_widget_add_css_class (child, "kinema-problem");
      else
        gtk_widget_remove_css_class (child, "kinema-problem");
    }

  show_label_problems (self->elements_problem, problems, "elements");
}

/* The price estimate */

static char *
format_usd (double usd,
            int    digits)
{
  /* Translators: a price in US dollars; %.*f is the amount */
  return g_strdup_printf (_("$%.*f"), digits, usd);
}

static void
update_price (KinemaEditor *self)
{
  KinemaProvider *provider = kinema_editor_get_provider (self);
  guint variants = kinema_editor_get_variants (self);
  KinemaPriceRates rates;
  double per_second, total;
  g_autofree char *rate = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *label = NULL;
  g_autofree char *detail = NULL;

  if (provider == NULL)
    {
      self->price_total = -1;
      gtk_label_set_label (self->price_label, "");
      gtk_label_set_label (self->price_detail, "");
      return;
    }

  kinema_price_table_lookup (self->prices, kinema_provider_get_id (provider),
                             kinema_provider_get_dialect (provider), &rates);
  per_second = kinema_price_rates_per_second (&rates, kinema_request_get_quality (self->request),
                                              kinema_request_get_audio (self->request));
  total = kinema_price_estimate (&rates, self->request) * variants;
  self->price_total = total;

  if (kinema_provider_is_simulation (provider) || kinema_price_rates_is_free (&rates))
    {
      gtk_label_set_label (self->price_label, _("Free"));
      if (kinema_provider_is_simulation (provider))
        gtk_label_set_label (self->price_detail, _("Simulation: nothing is sent or charged"));
      else
        gtk_label_set_label (self->price_detail, _("Estimate from the price table"));
      return;
    }

  amount = format_usd (total, 2);
  rate = format_usd (per_second, 3);
  /* Translators: %s is an amount such as "$0.38" */
  label = g_strdup_printf (_("Estimate: %s"), amount);
  if (variants > 1)
    /* Translators: e.g. "5 s × $0.075/s × 2 clips" */
    detail = g_strdup_printf (_("%u s × %s/s × %u clips"), kinema_request_get_duration (self->request),
                              rate, variants);
  else
    /* Translators: e.g. "5 s × $0.075/s" */
    detail = g_strdup_printf (_("%u s × %s/s"), kinema_request_get_duration (self->request), rate);

  gtk_label_set_label (self->price_label, label);
  gtk_label_set_label (self->price_detail, detail);
}

static void
reload_prices (KinemaEditor *self)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->prices, kinema_price_table_unref);
  if (self->settings != NULL)
    json = g_settings_get_string (self->settings, "price-table");

  self->prices = kinema_price_table_new_from_json (json, &error);
  if (self->prices == NULL)
    {
      g_debug ("Ignoring the saved price table: %s", error->message);
      self->prices = kinema_price_table_new ();
    }
}

/* Shape, problems, Generate: everything derived from the request. */

static void
apply_capabilities (KinemaEditor *self)
{
  const KinemaCapabilities *caps = editor_get_caps (self);
  KinemaProvider *provider = kinema_editor_get_provider (self);
  KinemaRequest *request = self->request;
  const char *name = provider_name (self);
  KinemaMode mode = kinema_request_get_mode (request);
  KinemaMultiShot multi_shot = kinema_request_get_multi_shot (request);
  gboolean first_set = mode == KINEMA_MODE_IMAGE && kinema_request_get_first_frame (request) != NULL;
  gboolean forced_audio;
  guint n_modes = 0;
  g_autofree char *no_text = NULL;
  g_autofree char *no_image = NULL;
  g_autofree char *no_reference = NULL;
  g_autofree char *no_last = NULL;
  g_autofree char *no_negative = NULL;
  g_autofree char *no_customize = NULL;
  g_autofree char *no_intelligence = NULL;
  g_autofree char *no_multi = NULL;
  g_autofree char *no_elements = NULL;
  g_autofree char *no_aspect = NULL;
  g_autofree char *no_quality = NULL;
  g_autofree char *no_audio = NULL;
  g_autofree char *no_cfg = NULL;
  g_autofree char *no_watermark = NULL;
  g_autofree char *hint = NULL;
  int out_w = 0, out_h = 0;

  /* Translators: %s is a provider name, e.g. "LinkModel does not offer text to video" */
  no_text = g_strdup_printf (_("%s does not offer text to video"), name);
  /* Translators: %s is a provider name */
  no_image = g_strdup_printf (_("%s does not offer image to video"), name);
  /* Translators: %s is a provider name */
  no_reference = g_strdup_printf (_("%s does not offer reference images"), name);
  /* Translators: %s is a provider name */
  no_last = g_strdup_printf (_("%s does not take a last frame"), name);
  /* Translators: %s is a provider name */
  no_negative = g_strdup_printf (_("%s does not take a negative prompt"), name);
  /* Translators: %s is a provider name */
  no_customize = g_strdup_printf (_("%s does not offer a storyboard of your own shots"), name);
  /* Translators: %s is a provider name */
  no_intelligence = g_strdup_printf (_("%s does not plan shots by itself"), name);
  /* Translators: %s is a provider name */
  no_multi = g_strdup_printf (_("%s does not offer multi-shot"), name);
  /* Translators: %s is a provider name */
  no_elements = g_strdup_printf (_("%s does not offer elements"), name);
  /* Translators: %s is a provider name */
  no_aspect = g_strdup_printf (_("%s does not let you choose the aspect ratio"), name);
  /* Translators: %s is a provider name */
  no_quality = g_strdup_printf (_("%s does not let you choose the quality"), name);
  /* Translators: %s is a provider name */
  no_audio = g_strdup_printf (_("%s does not offer audio"), name);
  /* Translators: %s is a provider name */
  no_cfg = g_strdup_printf (_("%s does not take a CFG scale"), name);
  /* Translators: %s is a provider name */
  no_watermark = g_strdup_printf (_("%s does not offer a watermark"), name);

  /* Provider */
  if (provider != NULL && kinema_provider_is_simulation (provider))
    adw_preferences_group_set_description (self->provider_group,
                                           _("Renders a test clip on this computer. Nothing is sent or charged."));
  else if (provider != NULL)
    adw_preferences_group_set_description (self->provider_group, NULL);
  else
    adw_preferences_group_set_description (self->provider_group, _("No provider is configured."));

  /* Mode */
  for (KinemaMode m = KINEMA_MODE_TEXT; m <= KINEMA_MODE_REFERENCE; m++)
    n_modes += mode_supported (caps, m) ? 1 : 0;
  reshape (GTK_WIDGET (self->mode_text), mode_supported (caps, KINEMA_MODE_TEXT), mode == KINEMA_MODE_TEXT, no_text);
  reshape (GTK_WIDGET (self->mode_image), mode_supported (caps, KINEMA_MODE_IMAGE), mode == KINEMA_MODE_IMAGE, no_image);
  reshape (GTK_WIDGET (self->mode_reference), mode_supported (caps, KINEMA_MODE_REFERENCE),
           mode == KINEMA_MODE_REFERENCE, no_reference);
  /* One mode only, and it is the one in use: nothing to choose. */
  gtk_widget_set_visible (self->mode_box, n_modes > 1 || !mode_supported (caps, mode));
  gtk_widget_set_visible (self->frames_box, mode == KINEMA_MODE_IMAGE);
  gtk_widget_set_visible (self->reference_box, mode == KINEMA_MODE_REFERENCE);
  adw_preferences_group_set_description (self->mode_group,
                                         mode == KINEMA_MODE_TEXT ? _("The prompt alone describes the video.") : NULL);

  reshape (GTK_WIDGET (self->last_picker), caps == NULL || caps->last_frame,
           kinema_request_get_last_frame (request) != NULL, no_last);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.swap-frames",
                                 (caps == NULL || caps->last_frame) &&
                                 (kinema_request_get_first_frame (request) != NULL ||
                                  kinema_request_get_last_frame (request) != NULL));

  hint = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Name the image in the prompt as <<<image_1>>>. %s takes up to %u image.",
                                       "Name the images in the prompt as <<<image_1>>>, <<<image_2>>>, …. %s takes up to %u images.",
                                       max_reference_images (caps)),
                          name, max_reference_images (caps));
  gtk_label_set_label (self->reference_hint, hint);

  /* Prompts */
  reshape (GTK_WIDGET (self->negative_group), caps == NULL || caps->max_negative_chars > 0,
           !is_blank (kinema_request_get_negative_prompt (request)), no_negative);
  adw_preferences_group_set_description (self->negative_group,
                                         (caps == NULL || caps->max_negative_chars > 0)
                                         ? _("What the video should avoid (optional).") : no_negative);
  adw_preferences_group_set_description (self->prompt_group,
                                         multi_shot == KINEMA_MULTI_SHOT_CUSTOMIZE
                                         ? _("Optional with a storyboard: each shot has its own prompt below.")
                                         : _("Describe the scene, the subject and how the camera moves. Type @ to use an element."));

  /* Multi-shot */
  reshape (GTK_WIDGET (self->multi_customize), caps == NULL || caps->max_shots > 0,
           multi_shot == KINEMA_MULTI_SHOT_CUSTOMIZE, no_customize);
  reshape (GTK_WIDGET (self->multi_intelligence), caps == NULL || caps->multi_shot_intelligence,
           multi_shot == KINEMA_MULTI_SHOT_INTELLIGENCE, no_intelligence);
  reshape (GTK_WIDGET (self->storyboard_group),
           caps == NULL || caps->max_shots > 0 || caps->multi_shot_intelligence,
           multi_shot != KINEMA_MULTI_SHOT_NONE, no_multi);
  adw_preferences_group_set_description (self->storyboard_group,
                                         (caps == NULL || caps->max_shots > 0 || caps->multi_shot_intelligence)
                                         ? NULL : no_multi);
  gtk_widget_set_visible (GTK_WIDGET (self->storyboard), multi_shot == KINEMA_MULTI_SHOT_CUSTOMIZE);
  gtk_widget_set_visible (GTK_WIDGET (self->intelligence_label), multi_shot == KINEMA_MULTI_SHOT_INTELLIGENCE);
  kinema_storyboard_set_capabilities (self->storyboard, caps);

  /* Elements */
  reshape (GTK_WIDGET (self->elements_group), caps == NULL || caps->max_elements > 0,
           kinema_request_get_n_elements (request) > 0, no_elements);
  adw_preferences_group_set_description (self->elements_group,
                                         (caps == NULL || caps->max_elements > 0)
                                         ? _("Reusable characters and props. Type @ in the prompt to use one.")
                                         : no_elements);
  kinema_element_library_set_provider (self->element_library, provider);

  /* Settings */
  reshape (GTK_WIDGET (self->aspect_row), (caps == NULL || caps->aspect) && !first_set,
           kinema_request_get_aspect (request) != KINEMA_ASPECT_16_9 && !first_set,
           first_set ? _("Ignored: the first frame sets the shape of the video") : no_aspect);
  reshape (GTK_WIDGET (self->quality_row), caps == NULL || caps->quality,
           kinema_request_get_quality (request) != KINEMA_QUALITY_STD, no_quality);
  reshape (GTK_WIDGET (self->cfg_row), caps == NULL || caps->cfg_scale,
           !G_APPROX_VALUE (kinema_request_get_cfg_scale (request), CFG_DEFAULT, 1e-6), no_cfg);
  reshape (GTK_WIDGET (self->watermark_row), caps == NULL || caps->watermark,
           kinema_request_get_watermark (request), no_watermark);

  forced_audio = caps != NULL && caps->audio && caps->audio_forced_in_multi_shot &&
                 multi_shot != KINEMA_MULTI_SHOT_NONE;
  if (forced_audio)
    {
      g_autofree char *why = NULL;

      if (!kinema_request_get_audio (request))
        {
          kinema_request_set_audio (request, TRUE);
          self->loading = TRUE;
          gtk_switch_set_active (self->audio_switch, TRUE);
          self->loading = FALSE;
        }
      /* Translators: %s is a provider name */
      why = g_strdup_printf (_("Always on: %s adds sound to every multi-shot video"), name);
      gtk_widget_set_sensitive (GTK_WIDGET (self->audio_row), FALSE);
      kinema_widget_set_tooltip (GTK_WIDGET (self->audio_row), why);
      g_object_set_data_full (G_OBJECT (self->audio_row), "subtitle", g_steal_pointer (&why), g_free);
    }
  else
    {
      reshape (GTK_WIDGET (self->audio_row), caps == NULL || caps->audio,
               kinema_request_get_audio (request), no_audio);
      g_object_set_data (G_OBJECT (self->audio_row), "subtitle", NULL);
    }

  kinema_request_get_output_size (request, &out_w, &out_h);
  g_object_set_data_full (G_OBJECT (self->quality_row), "subtitle",
                          (caps != NULL && !caps->quality) ? g_strdup (no_quality)
                          : (out_w > 0 && out_h > 0)
                          /* Translators: output size in pixels, e.g. "1280 × 720 pixels" */
                          ? g_strdup_printf (_("%d × %d pixels"), out_w, out_h) : NULL,
                          g_free);
  g_object_set_data_full (G_OBJECT (self->aspect_row), "subtitle",
                          first_set ? g_strdup (_("Ignored: the first frame sets the shape of the video"))
                          : (caps != NULL && !caps->aspect) ? g_strdup (no_aspect) : NULL,
                          g_free);
  g_object_set_data_full (G_OBJECT (self->cfg_row), "subtitle",
                          (caps != NULL && !caps->cfg_scale) ? g_strdup (no_cfg) : NULL, g_free);
  g_object_set_data_full (G_OBJECT (self->watermark_row), "subtitle",
                          (caps != NULL && !caps->watermark) ? g_strdup (no_watermark) : NULL, g_free);
  if (!forced_audio && caps != NULL && !caps->audio)
    g_object_set_data_full (G_OBJECT (self->audio_row), "subtitle", g_strdup (no_audio), g_free);

  update_duration_range (self);
}

/* Names what the request holds that the provider cannot take. */
static char *
dup_unsupported_summary (KinemaEditor *self)
{
  const KinemaCapabilities *caps = editor_get_caps (self);
  KinemaRequest *request = self->request;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  if (caps == NULL)
    return NULL;

  if (!mode_supported (caps, kinema_request_get_mode (request)))
    g_ptr_array_add (items, (gpointer) _("the mode"));
  if (kinema_request_get_mode (request) == KINEMA_MODE_IMAGE && !caps->last_frame &&
      kinema_request_get_last_frame (request) != NULL)
    g_ptr_array_add (items, (gpointer) _("the last frame"));
  if (caps->max_negative_chars == 0 && !is_blank (kinema_request_get_negative_prompt (request)))
    g_ptr_array_add (items, (gpointer) _("the negative prompt"));
  if ((kinema_request_get_multi_shot (request) == KINEMA_MULTI_SHOT_CUSTOMIZE && caps->max_shots == 0) ||
      (kinema_request_get_multi_shot (request) == KINEMA_MULTI_SHOT_INTELLIGENCE && !caps->multi_shot_intelligence))
    g_ptr_array_add (items, (gpointer) _("multi-shot"));
  if (caps->max_elements == 0 && kinema_request_get_n_elements (request) > 0)
    g_ptr_array_add (items, (gpointer) _("elements"));
  if (!caps->aspect && kinema_request_get_aspect (request) != KINEMA_ASPECT_16_9 &&
      kinema_request_get_mode (request) == KINEMA_MODE_TEXT)
    g_ptr_array_add (items, (gpointer) _("the aspect ratio"));
  if (!caps->quality && kinema_request_get_quality (request) != KINEMA_QUALITY_STD)
    g_ptr_array_add (items, (gpointer) _("the quality"));
  if (!caps->audio && kinema_request_get_audio (request))
    g_ptr_array_add (items, (gpointer) _("audio"));
  if (!caps->cfg_scale && !G_APPROX_VALUE (kinema_request_get_cfg_scale (request), CFG_DEFAULT, 1e-6))
    g_ptr_array_add (items, (gpointer) _("the CFG scale"));
  if (!caps->watermark && kinema_request_get_watermark (request))
    g_ptr_array_add (items, (gpointer) _("the watermark"));

  if (items->len == 0)
    return NULL;

  g_ptr_array_add (items, NULL);
  {
    g_autofree char *list = g_strjoinv (", ", (char **) items->pdata);

    /* Translators: the first %s is a provider name, the second a list such as "multi-shot, the watermark" */
    return g_strdup_printf (_("%s cannot take %s."), provider_name (self), list);
  }
}

static void
show_problems (KinemaEditor *self)
{
  GPtrArray *problems = self->problems;
  gboolean customize = kinema_request_get_multi_shot (self->request) == KINEMA_MULTI_SHOT_CUSTOMIZE;
  g_autofree char *duration_subtitle = NULL;
  g_auto(GStrv) first = messages_for (problems, "first_frame");
  g_auto(GStrv) last = messages_for (problems, "last_frame");

  show_label_problems (self->prompt_problem, problems, "prompt");
  show_label_problems (self->negative_problem, problems, "negative_prompt");
  show_label_problems (self->mode_problem, problems, "mode");
  kinema_image_picker_set_messages (self->first_picker, (const char * const *) first);
  kinema_image_picker_set_messages (self->last_picker, (const char * const *) last);
  show_label_problems (self->reference_problem, problems, "reference_images");

  kinema_storyboard_set_problems (self->storyboard, problems);
  if (customize)
    gtk_widget_set_visible (GTK_WIDGET (self->storyboard_problem), FALSE);
  else
    show_label_problems (self->storyboard_problem, problems, "shots");

  show_element_problems (self, problems);

  /* Translators: the range of lengths a provider makes, in seconds */
  duration_subtitle = g_strdup_printf (_("Seconds, %u to %u"),
                                       editor_get_caps (self) ? editor_get_caps (self)->duration_min : KINEMA_DURATION_MIN,
                                       editor_get_caps (self) ? editor_get_caps (self)->duration_max : KINEMA_DURATION_MAX);
  show_row_problem (self->duration_row, problems, "duration", duration_subtitle);
  show_row_problem (self->aspect_row, problems, "aspect", g_object_get_data (G_OBJECT (self->aspect_row), "subtitle"));
  show_row_problem (self->quality_row, problems, "quality", g_object_get_data (G_OBJECT (self->quality_row), "subtitle"));
  show_row_problem (self->audio_row, problems, "audio",
                    g_object_get_data (G_OBJECT (self->audio_row), "subtitle")
                    ? g_object_get_data (G_OBJECT (self->audio_row), "subtitle")
                    : _("Generate sound with the video"));
  show_row_problem (self->cfg_row, problems, "cfg_scale",
                    g_object_get_data (G_OBJECT (self->cfg_row), "subtitle")
                    ? g_object_get_data (G_OBJECT (self->cfg_row), "subtitle")
                    : _("CFG scale: higher follows the prompt more strictly"));
  show_row_problem (self->watermark_row, problems, "watermark",
                    g_object_get_data (G_OBJECT (self->watermark_row), "subtitle")
                    ? g_object_get_data (G_OBJECT (self->watermark_row), "subtitle")
                    : _("Ask the provider for a watermarked copy"));
}

static void file_check_done_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static gboolean
file_check_cb (gpointer user_data)
{
  KinemaEditor *self = user_data;
  KinemaProvider *provider = kinema_editor_get_provider (self);
  g_autofree char *name = NULL;

  self->check_source = 0;
  if (provider == NULL)
    return G_SOURCE_REMOVE;

  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  self->check_cancellable = g_cancellable_new ();

  name = kinema_provider_dup_display_name (provider);
  /* What the check will find without reading files, for the same request:
   * whatever it finds beyond that is about the files. */
  g_clear_pointer (&self->pending_sync, g_ptr_array_unref);
  self->pending_sync = kinema_request_validate (self->request, kinema_provider_get_capabilities (provider), name);
  kinema_request_validate_async (self->request, kinema_provider_get_capabilities (provider), name,
                                 self->check_cancellable, file_check_done_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

static void
file_check_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(KinemaEditor) self = user_data;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(GError) error = NULL;

  found = kinema_request_validate_finish (result, &error);
  if (found == NULL)
    return;   /* cancelled: a newer check is on its way */
  if (self->pending_files == NULL || self->pending_sync == NULL)
    return;

  /* Keep what only the file check can know; the rest is recomputed on
   * every edit anyway. */
  current = g_steal_pointer (&self->pending_sync);

  g_clear_pointer (&self->file_problems, g_ptr_array_unref);
  self->file_problems = kinema_problems_new ();
  for (guint i = 0; i < found->len; i++)
    {
      const KinemaProblem *problem = g_ptr_array_index (found, i);

      if (!problems_contain_message (current, problem->message))
        g_ptr_array_add (self->file_problems, kinema_problem_copy (problem));
    }

  g_free (self->checked_files);
  self->checked_files = g_steal_pointer (&self->pending_files);
  g_clear_object (&self->check_cancellable);

  editor_update (self);
}

static void
editor_update (KinemaEditor *self)
{
  const KinemaCapabilities *caps;
  KinemaProvider *provider = kinema_editor_get_provider (self);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *files = NULL;
  g_autofree char *unsupported = NULL;
  g_autofree char *prompt = NULL;
  gboolean files_pending = FALSE;
  gboolean only_empty_prompt;
  gboolean was_enabled;
  gboolean can_generate;

  apply_capabilities (self);
  caps = editor_get_caps (self);

  /* Counters */
  kinema_counter_label_update (self->prompt_counter, kinema_request_get_prompt (self->request),
                               caps ? caps->max_prompt_chars : 0);
  kinema_counter_label_update (self->negative_counter, kinema_request_get_negative_prompt (self->request),
                               caps ? caps->max_negative_chars : 0);

  /* Validation: at once for the request itself... */
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

  /* ...and, in a thread, for the image files it uses, once per set of files. */
  files = dup_local_files (self);
  if (*files == '\0')
    {
      g_clear_handle_id (&self->check_source, g_source_remove);
      g_cancellable_cancel (self->check_cancellable);
      g_clear_object (&self->check_cancellable);
      g_clear_pointer (&self->pending_files, g_free);
    }
  else if (g_strcmp0 (files, self->checked_files) == 0)
    {
      for (guint i = 0; self->file_problems != NULL && i < self->file_problems->len; i++)
        g_ptr_array_add (self->problems, kinema_problem_copy (g_ptr_array_index (self->file_problems, i)));
    }
  else
    {
      files_pending = TRUE;
      if (g_strcmp0 (files, self->pending_files) != 0 || self->check_cancellable == NULL)
        {
          g_free (self->pending_files);
          self->pending_files = g_strdup (files);
          g_clear_handle_id (&self->check_source, g_source_remove);
          self->check_source = g_timeout_add (FILE_CHECK_DELAY_MS, file_check_cb, self);
        }
    }

  show_problems (self);

  for (guint i = 0; i < self->problems->len; i++)
    {
      const KinemaProblem *problem = g_ptr_array_index (self->problems, i);

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, problem->message);
    }
  if (files_pending && self->problems->len == 0)
    g_string_append (text, _("Checking the images…"));

  can_generate = self->engine != NULL && provider != NULL && self->problems->len == 0 && !files_pending;

  /* A fresh, empty request is not an error yet: say what is missing
   * quietly, and save the red for real mistakes. */
  prompt = dup_buffer_text (self->prompt_view);
  only_empty_prompt = (self->problems->len == 1 && *prompt == '\0'
                       && kinema_problems_find (self->problems, "prompt") != NULL)
                      || (self->problems->len == 0 && files_pending);

  gtk_label_set_label (self->problems_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), text->len > 0);
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
  kinema_widget_set_tooltip (GTK_WIDGET (self->generate_button),
                             text->len > 0 ? text->str : _("Send the request (Ctrl+Enter)"));
  if (text->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->generate_button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->generate_button),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  /* One click back to what the provider can take. */
  unsupported = dup_unsupported_summary (self);
  gtk_widget_set_visible (self->unsupported_box, unsupported != NULL);
  gtk_label_set_label (self->unsupported_label, unsupported ? unsupported : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.remove-unsupported", unsupported != NULL);

  sync_element_list (self);
  show_element_problems (self, self->problems);
  update_price (self);

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

/* "@" completion: the element library's names under the cursor. */

static GPtrArray *
library_elements (KinemaEditor *self)
{
  return kinema_element_library_get_elements (self->element_library);
}

static char *
dup_mention_query (KinemaEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GtkTextIter at, cursor;

  if (self->mention_mark == NULL)
    return NULL;

  gtk_text_buffer_get_iter_at_mark (buffer, &at, self->mention_mark);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  if (gtk_text_iter_get_char (&at) != '@' || gtk_text_iter_compare (&cursor, &at) <= 0)
    return NULL;

  gtk_text_iter_forward_char (&at);
  return gtk_text_buffer_get_text (buffer, &at, &cursor, FALSE);
}

static void
mention_hide (KinemaEditor *self)
{
  if (self->mention_mark != NULL)
    {
      gtk_text_buffer_delete_mark (gtk_text_view_get_buffer (self->prompt_view), self->mention_mark);
      self->mention_mark = NULL;
    }
  if (self->mention_popover != NULL && gtk_widget_get_visible (GTK_WIDGET (self->mention_popover)))
    gtk_popover_popdown (self->mention_popover);
}

/* Fills the list with the names starting with what follows the "@". */
static guint
mention_filter (KinemaEditor *self,
                const char   *query)
{
  GPtrArray *elements = library_elements (self);
  g_autofree char *folded = g_utf8_casefold (query ? query : "", -1);
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->mention_list))) != NULL)
    gtk_list_box_remove (self->mention_list, child);

  for (guint i = 0; elements != NULL && i < elements->len; i++)
    {
      const KinemaElementRecord *record = g_ptr_array_index (elements, i);
      g_autofree char *name = g_utf8_casefold (record->name, -1);
      GtkWidget *label;
      g_autofree char *text = NULL;

      if (!g_str_has_prefix (name, folded))
        continue;

      text = g_strdup_printf ("@%s", record->name);
      label = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 4);
      gtk_widget_set_margin_bottom (label, 4);
      if (record->description != NULL && *record->description != '\0')
        kinema_widget_set_tooltip (label, record->description);
      g_object_set_data_full (G_OBJECT (label), "element-name", g_strdup (record->name), g_free);
      gtk_list_box_append (self->mention_list, label);
      n++;
    }

  if (n > 0)
    gtk_list_box_select_row (self->mention_list, gtk_list_box_get_row_at_index (self->mention_list, 0));
  return n;
}

static void
mention_show (KinemaEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GtkTextIter cursor;
  GdkRectangle location;
  int wx, wy;
  double x, y;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_iter_location (self->prompt_view, &cursor, &location);
  gtk_text_view_buffer_to_window_coords (self->prompt_view, GTK_TEXT_WINDOW_WIDGET,
                                         location.x, location.y, &wx, &wy);
  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self->prompt_view), GTK_WIDGET (self),
                                         wx, wy, &x, &y))
    x = y = 0;

  /* Inside the editor even when the prompt is scrolled away: a popup
   * anchored off every monitor cannot be placed. */
  x = CLAMP (x, 0, MAX (gtk_widget_get_width (GTK_WIDGET (self)) - 1, 0));
  y = CLAMP (y, 0, MAX (gtk_widget_get_height (GTK_WIDGET (self)) - 1, 0));

  gtk_popover_set_pointing_to (self->mention_popover,
                               &(GdkRectangle) { (int) x, (int) y, 1, MAX (location.height, 1) });
  gtk_popover_popup (self->mention_popover);
}

static void
mention_refresh (KinemaEditor *self)
{
  g_autofree char *query = dup_mention_query (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GtkTextIter at, cursor;

  if (self->mention_mark == NULL)
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &at, self->mention_mark);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));

  /* The "@" itself, or a word after it without spaces. */
  if (gtk_text_iter_get_char (&at) != '@' || gtk_text_iter_compare (&cursor, &at) <= 0 ||
      (query != NULL && strpbrk (query, " \t\n") != NULL))
    {
      mention_hide (self);
      return;
    }

  if (mention_filter (self, query ? query : "") == 0)
    {
      if (self->mention_popover != NULL)
        gtk_popover_popdown (self->mention_popover);
      return;
    }
  mention_show (self);
}

static void
mention_insert (KinemaEditor *self,
                const char   *name)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GPtrArray *elements = library_elements (self);
  GtkTextIter at, cursor;
  g_autofree char *text = g_strdup_printf ("@%s ", name);
  gboolean present = FALSE;

  if (self->mention_mark != NULL)
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &at, self->mention_mark);
      gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
      gtk_text_buffer_begin_user_action (buffer);
      gtk_text_buffer_delete (buffer, &at, &cursor);
      gtk_text_buffer_insert (buffer, &at, text, -1);
      gtk_text_buffer_end_user_action (buffer);
    }
  else
    gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  mention_hide (self);

  /* Using an element by name puts it in the request (once). */
  for (guint i = 0; i < kinema_request_get_n_elements (self->request); i++)
    if (g_strcmp0 (kinema_request_get_element (self->request, i)->name, name) == 0)
      present = TRUE;

  for (guint i = 0; !present && elements != NULL && i < elements->len; i++)
    {
      const KinemaElementRecord *record = g_ptr_array_index (elements, i);

      if (g_strcmp0 (record->name, name) == 0)
        {
          kinema_request_add_element (self->request, record->name, record->description,
                                      (const char * const *) record->images);
          break;
        }
    }

  editor_update (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->prompt_view));
}

static void
mention_row_activated_cb (KinemaEditor  *self,
                          GtkListBoxRow *row)
{
  GtkWidget *label = gtk_list_box_row_get_child (row);
  const char *name = g_object_get_data (G_OBJECT (label), "element-name");

  if (name != NULL)
    mention_insert (self, name);
}

static void
mention_move (KinemaEditor *self,
              int           delta)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->mention_list);
  int index = selected ? gtk_list_box_row_get_index (selected) + delta : 0;
  GtkListBoxRow *next = gtk_list_box_get_row_at_index (self->mention_list, MAX (index, 0));

  if (next != NULL)
    gtk_list_box_select_row (self->mention_list, next);
}

static gboolean
prompt_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       KinemaEditor          *self)
{
  GtkListBoxRow *selected;

  if (self->mention_popover == NULL || !gtk_widget_get_visible (GTK_WIDGET (self->mention_popover)))
    return FALSE;

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      mention_move (self, -1);
      return TRUE;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      mention_move (self, 1);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_Tab:
      selected = gtk_list_box_get_selected_row (self->mention_list);
      if (selected == NULL)
        return FALSE;
      mention_row_activated_cb (self, selected);
      return TRUE;
    case GDK_KEY_Escape:
      mention_hide (self);
      return TRUE;
    default:
      return FALSE;
    }
}

static void
prompt_insert_text_cb (GtkTextBuffer *buffer,
                       GtkTextIter   *location,
                       const char    *text,
                       int            len,
                       KinemaEditor  *self)
{
  GtkTextIter at;

  if (self->loading || len != 1 || text[0] != '@')
    return;

  /* Runs after the insertion: @location is just past the "@". */
  at = *location;
  gtk_text_iter_backward_char (&at);
  if (self->mention_mark != NULL)
    gtk_text_buffer_delete_mark (buffer, self->mention_mark);
  self->mention_mark = gtk_text_buffer_create_mark (buffer, NULL, &at, TRUE);
}

static void
ensure_mention_popover (KinemaEditor *self)
{
  GtkWidget *scroller;

  if (self->mention_popover != NULL)
    return;

  self->mention_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->mention_list, GTK_SELECTION_BROWSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mention_list),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Elements"), -1);
  g_signal_connect_object (self->mention_list, "row-activated",
                           G_CALLBACK (mention_row_activated_cb), self, G_CONNECT_SWAPPED);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->mention_list));

  self->mention_popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (self->mention_popover, scroller);
  gtk_popover_set_position (self->mention_popover, GTK_POS_BOTTOM);
  gtk_popover_set_autohide (self->mention_popover, FALSE);
  gtk_popover_set_has_arrow (self->mention_popover, FALSE);
  gtk_widget_set_halign (GTK_WIDGET (self->mention_popover), GTK_ALIGN_START);
  /* Typing goes on in the prompt; the keys above steer the list. */
  gtk_widget_set_can_focus (GTK_WIDGET (self->mention_popover), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->mention_popover), GTK_WIDGET (self));
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
prompt_changed_cb (KinemaEditor *self)
{
  if (self->loading)
    return;

  control_changed_cb (self);

  if (self->mention_mark != NULL)
    {
      ensure_mention_popover (self);
      mention_refresh (self);
    }
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
frame_picker_changed_cb (KinemaEditor      *self,
                         KinemaImagePicker *picker)
{
  if (self->loading)
    return;

  if (picker == self->first_picker)
    kinema_request_set_first_frame (self->request, kinema_image_picker_get_path (picker));
  else
    kinema_request_set_last_frame (self->request, kinema_image_picker_get_path (picker));
  editor_update (self);
}

static void
storyboard_changed_cb (KinemaEditor *self)
{
  /* Fit may have changed the duration. */
  self->loading = TRUE;
  update_duration_range (self);
  gtk_spin_button_set_value (self->duration_spin, kinema_request_get_duration (self->request));
  self->loading = FALSE;
  editor_update (self);
}

static void
variants_changed_cb (KinemaEditor *self)
{
  update_price (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VARIANTS]);
}

static void
provider_changed_cb (KinemaEditor *self)
{
  mention_hide (self);
  self->loading = TRUE;
  update_duration_range (self);
  sync_reference_pickers (self);
  self->loading = FALSE;
  /* Nothing in the request changes with the provider (see the top). */
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
price_table_changed_cb (KinemaEditor *self)
{
  reload_prices (self);
  update_price (self);
}

static void
library_insert_cb (KinemaEditor              *self,
                   const KinemaElementRecord *record)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  GtkTextIter cursor, before;

  gtk_stack_set_visible_child_name (self->page_stack, "request");

  /* A separating space unless at the start or after one. */
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  before = cursor;
  if (gtk_text_iter_backward_char (&before) && !g_unichar_isspace (gtk_text_iter_get_char (&before)))
    gtk_text_buffer_insert_at_cursor (buffer, " ", 1);
  mention_hide (self);
  mention_insert (self, record->name);
}

static void
library_renamed_cb (KinemaEditor *self,
                    const char   *old_name,
                    const char   *new_name)
{
  g_autofree char *old_token = g_strdup_printf ("@%s", old_name);
  g_autofree char *new_token = g_strdup_printf ("@%s", new_name);
  GPtrArray *elements = library_elements (self);
  const char *prompt = kinema_request_get_prompt (self->request);
  gboolean used = FALSE;

  for (guint i = 0; i < kinema_request_get_n_elements (self->request); i++)
    if (g_strcmp0 (kinema_request_get_element (self->request, i)->name, old_name) == 0)
      {
        kinema_request_remove_element (self->request, i);
        used = TRUE;
        break;
      }

  if (used)
    for (guint i = 0; elements != NULL && i < elements->len; i++)
      {
        const KinemaElementRecord *record = g_ptr_array_index (elements, i);

        if (g_strcmp0 (record->name, new_name) == 0)
          kinema_request_add_element (self->request, record->name, record->description,
                                      (const char * const *) record->images);
      }

  /* The prompt follows the new name ("@old" as a whole word only). */
  if (prompt != NULL && strstr (prompt, old_token) != NULL)
    {
      GString *out = g_string_new (NULL);
      const char *p = prompt;
      const char *hit;
      gsize len = strlen (old_token);

      while ((hit = strstr (p, old_token)) != NULL)
        {
          gunichar next = g_utf8_get_char (hit + len);

          g_string_append_len (out, p, hit - p);
          if (next == 0 || !(g_unichar_isalnum (next) || next == '_' || next == '-'))
            g_string_append (out, new_token);
          else
            g_string_append (out, old_token);
          p = hit + len;
        }
      g_string_append (out, p);
      kinema_request_set_prompt (self->request, out->str);
      self->loading = TRUE;
      set_buffer_text (self->prompt_view, out->str);
      self->loading = FALSE;
      g_string_free (out, TRUE);
    }

  editor_update (self);
}

static void
library_changed_cb (KinemaEditor *self)
{
  GPtrArray *elements = library_elements (self);

  /* Elements in the request follow their library entry (images,
   * description); deleted ones stay until removed (validation still
   * checks their images). */
  for (guint i = 0; i < kinema_request_get_n_elements (self->request); i++)
    {
      const KinemaElement *element = kinema_request_get_element (self->request, i);

      for (guint j = 0; elements != NULL && j < elements->len; j++)
        {
          const KinemaElementRecord *record = g_ptr_array_index (elements, j);
          g_autofree char *name = NULL;

          if (g_strcmp0 (record->name, element->name) != 0)
            continue;
          if (g_strcmp0 (record->description, element->description) == 0 &&
              ((record->images == NULL && element->images == NULL) ||
               (record->images != NULL && element->images != NULL &&
                g_strv_equal ((const char * const *) record->images, (const char * const *) element->images))))
            break;

          name = g_strdup (record->name);
          kinema_request_remove_element (self->request, i);
          kinema_request_add_element (self->request, name, record->description,
                                      (const char * const *) record->images);
          /* Order changed; keep it simple and start over. */
          i = (guint) -1;
          break;
        }
    }

  editor_update (self);
}

static void
library_back_cb (KinemaEditor *self)
{
  gtk_stack_set_visible_child_name (self->page_stack, "request");
  gtk_widget_grab_focus (GTK_WIDGET (self->library_button));
}

/* Actions */

static void
generate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kinema_editor_generate (KINEMA_EDITOR (widget));
}

static void
swap_frames_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  kinema_editor_swap_frames (KINEMA_EDITOR (widget));
}

static void
remove_unsupported_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  kinema_editor_remove_unsupported (KINEMA_EDITOR (widget));
}

static void
show_library_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  kinema_editor_show_library (KINEMA_EDITOR (widget), TRUE);
}

/* GtkWidget */

static void
kinema_editor_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  KinemaEditor *self = KINEMA_EDITOR (widget);

  GTK_WIDGET_CLASS (kinema_editor_parent_class)->size_allocate (widget, width, height, baseline);

  if (self->mention_popover != NULL)
    gtk_popover_present (self->mention_popover);
}

/* GObject */

static void
kinema_editor_dispose (GObject *object)
{
  KinemaEditor *self = (KinemaEditor *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->check_source, g_source_remove);
  g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);

  if (self->mention_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->mention_popover));
      self->mention_popover = NULL;
      self->mention_list = NULL;
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_EDITOR);
  /* Disposing the template drops its references; the tree is ours to undo. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  if (self->engine != NULL)
    g_signal_handlers_disconnect_by_data (kinema_engine_get_providers (self->engine), self);
  g_clear_object (&self->engine);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (kinema_editor_parent_class)->dispose (object);
}

static void
kinema_editor_finalize (GObject *object)
{
  KinemaEditor *self = (KinemaEditor *) object;

  g_clear_object (&self->request);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->file_problems, g_ptr_array_unref);
  g_clear_pointer (&self->pending_sync, g_ptr_array_unref);
  g_clear_pointer (&self->prices, kinema_price_table_unref);
  g_clear_pointer (&self->pending_files, g_free);
  g_clear_pointer (&self->checked_files, g_free);
  g_clear_pointer (&self->shown_elements, g_free);

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
    case PROP_VARIANTS:
      g_value_set_uint (value, kinema_editor_get_variants (self));
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
    case PROP_VARIANTS:
      kinema_editor_set_variants (self, g_value_get_uint (value));
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

  widget_class->size_allocate = kinema_editor_size_allocate;

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
  properties[PROP_VARIANTS] =
    g_param_spec_uint ("variants", NULL, NULL,
                       1, MAX_VARIANTS, 1,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
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

  g_type_ensure (KINEMA_TYPE_IMAGE_PICKER);
  g_type_ensure (KINEMA_TYPE_STORYBOARD);
  g_type_ensure (KINEMA_TYPE_ELEMENT_LIBRARY);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, page_stack);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, scroller);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, provider_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, provider_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, unsupported_box);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, unsupported_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, remove_unsupported_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, mode_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, mode_box);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, mode_text);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, mode_image);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, mode_reference);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, mode_problem);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, frames_box);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, first_picker);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, swap_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, last_picker);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, reference_box);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, reference_hint);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, reference_list);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, reference_problem);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, prompt_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, prompt_counter);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, prompt_problem);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, negative_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, negative_counter);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, negative_view);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, negative_problem);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, storyboard_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, multi_shot_box);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, multi_off);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, multi_customize);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, multi_intelligence);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, storyboard);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, intelligence_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, storyboard_problem);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, elements_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, library_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, element_list);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, elements_problem);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, video_group);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, duration_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, aspect_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, aspect_box);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, aspect_16_9);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, aspect_9_16);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, aspect_1_1);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, quality_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, quality_box);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, quality_std);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, quality_pro);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, audio_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, audio_switch);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, cfg_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, cfg_scale);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, watermark_row);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, watermark_switch);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, element_library);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, problems_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, price_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, price_detail);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, variants_spin);
  gtk_widget_class_bind_template_child (widget_class, KinemaEditor, generate_button);

  gtk_widget_class_install_action (widget_class, "editor.generate", NULL, generate_action);
  gtk_widget_class_install_action (widget_class, "editor.swap-frames", NULL, swap_frames_action);
  gtk_widget_class_install_action (widget_class, "editor.remove-unsupported", NULL, remove_unsupported_action);
  gtk_widget_class_install_action (widget_class, "editor.show-library", NULL, show_library_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemaeditor");
}

static void
kinema_editor_init (KinemaEditor *self)
{
  g_autoptr(GtkExpression) name_expression = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GtkEventController *keys;
  GtkTextBuffer *prompt_buffer;
  GtkToggleButton *toggles[11];

  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->mode_text), _("Text to video: the prompt alone"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->mode_image), _("Image to video: a first frame, and optionally a last frame"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->mode_reference), _("Reference to video: images named <<<image_1>>>, <<<image_2>>>, … in the prompt"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->swap_button), _("Swap First and Last Frame"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->multi_off), _("A single continuous shot"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->multi_customize), _("Customize: write each shot and its length yourself"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->multi_intelligence), _("Intelligence: the model plans the shots from the prompt"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->library_button), _("Create and edit elements"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->aspect_16_9), _("Landscape"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->aspect_9_16), _("Portrait"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->aspect_1_1), _("Square"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->variants_spin), _("How many clips to make from this request (each is charged)"));
  load_css_once ();

  toggles[0] = self->mode_text;
  toggles[1] = self->mode_image;
  toggles[2] = self->mode_reference;
  toggles[3] = self->multi_off;
  toggles[4] = self->multi_customize;
  toggles[5] = self->multi_intelligence;
  toggles[6] = self->aspect_16_9;
  toggles[7] = self->aspect_9_16;
  toggles[8] = self->aspect_1_1;
  toggles[9] = self->quality_std;
  toggles[10] = self->quality_pro;

  self->request = kinema_request_new ();
  self->price_total = -1;

  if (source != NULL && (schema = g_settings_schema_source_lookup (source, BASE_ID, TRUE)) != NULL &&
      g_settings_schema_has_key (schema, "price-table"))
    {
      self->settings = g_settings_new (BASE_ID);
      g_signal_connect_object (self->settings, "changed::price-table",
                               G_CALLBACK (price_table_changed_cb), self, G_CONNECT_SWAPPED);
    }
  reload_prices (self);

  name_expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                 G_CALLBACK (provider_display_name_cb),
                                                 NULL, NULL);
  gtk_drop_down_set_expression (self->provider_dropdown, name_expression);
  /* GTK 4.8 does not pass a drop-down's name on to the button inside it,
   * which is what takes the focus. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->provider_dropdown));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Provider"), -1);

  prompt_buffer = gtk_text_view_get_buffer (self->prompt_view);
  g_signal_connect_object (prompt_buffer, "changed", G_CALLBACK (prompt_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (prompt_buffer, "insert-text", G_CALLBACK (prompt_insert_text_cb), self,
                           G_CONNECT_AFTER);
  g_signal_connect_object (gtk_text_view_get_buffer (self->negative_view), "changed",
                           G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (prompt_key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->prompt_view), keys);

  for (guint i = 0; i < G_N_ELEMENTS (toggles); i++)
    g_signal_connect_object (toggles[i], "toggled", G_CALLBACK (toggle_changed_cb), self, 0);

  g_signal_connect_object (self->duration_spin, "value-changed",
                           G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->audio_switch, "notify::active",
                           G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->watermark_switch, "notify::active",
                           G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->cfg_scale, "value-changed",
                           G_CALLBACK (control_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->first_picker, "changed",
                           G_CALLBACK (frame_picker_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->last_picker, "changed",
                           G_CALLBACK (frame_picker_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->storyboard, "changed",
                           G_CALLBACK (storyboard_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->variants_spin, "value-changed",
                           G_CALLBACK (variants_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->provider_dropdown, "notify::selected",
                           G_CALLBACK (provider_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->element_library, "insert",
                           G_CALLBACK (library_insert_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->element_library, "renamed",
                           G_CALLBACK (library_renamed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->element_library, "changed",
                           G_CALLBACK (library_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->element_library, "back",
                           G_CALLBACK (library_back_cb), self, G_CONNECT_SWAPPED);

  request_to_widgets (self);
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
      kinema_element_library_set_library (self->element_library, kinema_engine_get_library (engine));
    }
  else
    {
      gtk_drop_down_set_model (self->provider_dropdown, NULL);
      kinema_element_library_set_library (self->element_library, NULL);
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

  mention_hide (self);
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

guint
kinema_editor_get_variants (KinemaEditor *self)
{
  g_return_val_if_fail (KINEMA_IS_EDITOR (self), 1);

  return (guint) CLAMP (gtk_spin_button_get_value_as_int (self->variants_spin), 1, MAX_VARIANTS);
}

void
kinema_editor_set_variants (KinemaEditor *self,
                            guint         variants)
{
  g_return_if_fail (KINEMA_IS_EDITOR (self));

  gtk_spin_button_set_value (self->variants_spin, CLAMP (variants, 1, MAX_VARIANTS));
}

double
kinema_editor_get_price_estimate (KinemaEditor *self)
{
  g_return_val_if_fail (KINEMA_IS_EDITOR (self), -1);

  return self->price_total;
}

void
kinema_editor_generate (KinemaEditor *self)
{
  KinemaProvider *provider;
  KinemaLibrary *library;
  KinemaPriceRates rates;
  guint variants;

  g_return_if_fail (KINEMA_IS_EDITOR (self));

  provider = kinema_editor_get_provider (self);
  if (self->engine == NULL || provider == NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                                                     _("Choose a provider to send the request to."));

      g_signal_emit (self, signals[GENERATE_FAILED], 0, error);
      return;
    }

  library = kinema_engine_get_library (self->engine);
  kinema_price_table_lookup (self->prices, kinema_provider_get_id (provider),
                             kinema_provider_get_dialect (provider), &rates);
  variants = kinema_editor_get_variants (self);

  /* Each variant is its own job, with its own frozen copy of the request;
   * the editor keeps editing its own. */
  for (guint i = 0; i < variants; i++)
    {
      g_autoptr(KinemaRequest) frozen = kinema_request_copy (self->request);
      g_autoptr(KinemaJob) job = NULL;
      g_autoptr(GError) error = NULL;

      job = kinema_engine_submit (self->engine, kinema_provider_get_id (provider), frozen, &error);
      if (job == NULL)
        {
          g_signal_emit (self, signals[GENERATE_FAILED], 0, error);
          return;
        }

      kinema_job_set_price_estimate (job, kinema_price_estimate (&rates, frozen));
      if (library != NULL && !kinema_library_update_job (library, job, &error))
        g_warning ("Could not store the price estimate of job %s: %s",
                   kinema_job_get_id (job), error->message);

      g_signal_emit (self, signals[GENERATED], 0, job);
    }
}

void
kinema_editor_load_request (KinemaEditor  *self,
                            KinemaRequest *request,
                            const char    *provider_id)
{
  g_return_if_fail (KINEMA_IS_EDITOR (self));
  g_return_if_fail (KINEMA_IS_REQUEST (request));

  if (provider_id != NULL && self->engine != NULL &&
      kinema_engine_get_provider (self->engine, provider_id) != NULL)
    kinema_editor_select_provider (self, provider_id);

  kinema_editor_set_request (self, request);
  gtk_stack_set_visible_child_name (self->page_stack, "request");
}

void
kinema_editor_set_first_frame (KinemaEditor *self,
                               const char   *path)
{
  g_return_if_fail (KINEMA_IS_EDITOR (self));

  kinema_request_set_mode (self->request, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (self->request, path);
  request_to_widgets (self);
  editor_update (self);
  gtk_stack_set_visible_child_name (self->page_stack, "request");
}

void
kinema_editor_swap_frames (KinemaEditor *self)
{
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;

  g_return_if_fail (KINEMA_IS_EDITOR (self));

  first = g_strdup (kinema_request_get_first_frame (self->request));
  last = g_strdup (kinema_request_get_last_frame (self->request));
  kinema_request_set_first_frame (self->request, last);
  kinema_request_set_last_frame (self->request, first);

  self->loading = TRUE;
  kinema_image_picker_set_path (self->first_picker, last);
  kinema_image_picker_set_path (self->last_picker, first);
  self->loading = FALSE;
  editor_update (self);
}

void
kinema_editor_remove_unsupported (KinemaEditor *self)
{
  const KinemaCapabilities *caps;
  KinemaRequest *request;

  g_return_if_fail (KINEMA_IS_EDITOR (self));

  caps = editor_get_caps (self);
  request = self->request;
  if (caps == NULL)
    return;

  if (!mode_supported (caps, kinema_request_get_mode (request)))
    {
      KinemaMode mode = KINEMA_MODE_TEXT;

      if (!mode_supported (caps, mode))
        mode = mode_supported (caps, KINEMA_MODE_IMAGE) ? KINEMA_MODE_IMAGE : KINEMA_MODE_REFERENCE;
      kinema_request_set_mode (request, mode);
    }
  if (!caps->last_frame)
    kinema_request_set_last_frame (request, NULL);
  if (caps->max_negative_chars == 0)
    kinema_request_set_negative_prompt (request, NULL);
  if ((kinema_request_get_multi_shot (request) == KINEMA_MULTI_SHOT_CUSTOMIZE && caps->max_shots == 0) ||
      (kinema_request_get_multi_shot (request) == KINEMA_MULTI_SHOT_INTELLIGENCE && !caps->multi_shot_intelligence))
    kinema_request_set_multi_shot (request, KINEMA_MULTI_SHOT_NONE);
  if (caps->max_elements == 0)
    kinema_request_clear_elements (request);
  if (!caps->aspect && kinema_request_get_mode (request) == KINEMA_MODE_TEXT)
    kinema_request_set_aspect (request, KINEMA_ASPECT_16_9);
  if (!caps->quality)
    kinema_request_set_quality (request, KINEMA_QUALITY_STD);
  if (!caps->audio)
    kinema_request_set_audio (request, FALSE);
  if (!caps->cfg_scale)
    kinema_request_set_cfg_scale (request, CFG_DEFAULT);
  if (!caps->watermark)
    kinema_request_set_watermark (request, FALSE);

  request_to_widgets (self);
  editor_update (self);
}

void
kinema_editor_show_library (KinemaEditor *self,
                            gboolean      show)
{
  g_return_if_fail (KINEMA_IS_EDITOR (self));

  mention_hide (self);
  gtk_stack_set_visible_child_name (self->page_stack, show ? "library" : "request");
  if (show)
    kinema_element_library_focus (self->element_library);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->library_button));
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

/* Looks a template child up by its id in the .ui file, for tests. */
GtkWidget *
_kinema_editor_get_child (KinemaEditor *self,
                          const char   *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self), KINEMA_TYPE_EDITOR, name));
}

GtkPopover *
_kinema_editor_get_mention_popover (KinemaEditor *self)
{
  return self->mention_popover;
}

GtkListBox *
_kinema_editor_get_mention_list (KinemaEditor *self)
{
  return self->mention_list;
}
