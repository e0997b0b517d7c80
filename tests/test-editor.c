/* test-editor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The request editor, driven through its real widgets in a window, with an
 * engine and a library in a temporary home and one provider per preset
 * (HTTP providers are built but never asked to send: only the offline
 * simulator gets jobs).
 *
 * Accessibility is checked with GTK's test AT context (GTK_A11Y=test),
 * which records the accessible properties and relations that widgets set,
 * so "has an accessible name" is asserted for real, not by bookkeeping.
 */
#define G_LOG_DOMAIN "test-editor"

#include "config.h"

#include <adwaita.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <string.h>

#include "kinema-editor.h"
#include "kinema-element-library-private.h"
#include "kinema-element-row-private.h"
#include "kinema-http-provider.h"
#include "kinema-image.h"
#include "kinema-image-picker-private.h"
#include "kinema-paths.h"
#include "kinema-preferences-private.h"
#include "kinema-presets.h"
#include "kinema-provider-simulator.h"
#include "kinema-shot-row-private.h"
#include "kinema-storyboard-private.h"
#include "kinema-test-media.h"
#include "kinema-test-ui.h"
#include "kinema-ui-util.h"
#include "kinema-window-private.h"

#define TIMEOUT_S 20

static char *tmp_home;
static GtkWindow *window;
static KinemaEditor *editor;
static KinemaEngine *engine;
static KinemaLibrary *library;
static char *png_ok;       /* 640 × 360 PNG */
static char *jpeg_ok;      /* 480 × 480 JPEG */
static char *png_small;    /* 120 × 90 PNG: too small for Kling */
static char *element_png;  /* 400 × 400 PNG */

/* Helpers */

/* A part of the window has no background of its own: Adwaita's window
 * colour goes under it in screenshots. */
static const GdkRGBA window_background = { 0.98, 0.98, 0.98, 1.0 };

#define CHILD(name) (_kinema_editor_get_child (editor, (name)))

static void
write_image (const char *path,
             int         width,
             int         height,
             const char *type)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  guchar *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guchar *p = pixels + y * stride + x * 3;

        p[0] = (guchar) (255 * x / MAX (width - 1, 1));
        p[1] = (guchar) (255 * y / MAX (height - 1, 1));
        p[2] = (guchar) (((x / 40) + (y / 40)) % 2 ? 200 : 40);
      }

  g_assert_true (gdk_pixbuf_save (pixbuf, path, type, &error, NULL));
  g_assert_no_error (error);
}

static void
set_text (GtkTextView *view,
          const char  *text)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

/* What a click does (gtk_widget_activate () on a button only emits
 * "clicked" after a 250 ms press animation). */
static gboolean
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  if (!gtk_widget_is_sensitive (button))
    return FALSE;
  g_signal_emit_by_name (button, "clicked");
  return TRUE;
}

static KinemaRequest *
request (void)
{
  return kinema_editor_get_request (editor);
}

static void
select_provider (const char *id)
{
  kinema_editor_select_provider (editor, id);
  g_assert_cmpstr (kinema_provider_get_id (kinema_editor_get_provider (editor)), ==, id);
  kinema_test_settle (10);
}

static void
reset_editor (const char *provider_id)
{
  g_autoptr(KinemaRequest) fresh = kinema_request_new ();

  kinema_editor_show_library (editor, FALSE);
  kinema_editor_set_variants (editor, 1);
  select_provider (provider_id);
  kinema_editor_set_request (editor, fresh);
  kinema_test_settle (10);
}

static gboolean
picker_idle (gpointer data)
{
  return !kinema_image_picker_get_busy (KINEMA_IMAGE_PICKER (data));
}

static gboolean
label_contains (gpointer data)
{
  GtkLabel *label = ((gpointer *) data)[0];
  const char *needle = ((gpointer *) data)[1];

  return gtk_widget_get_visible (GTK_WIDGET (label)) && strstr (gtk_label_get_label (label), needle) != NULL;
}

static void
assert_label_shows (GtkWidget  *label,
                    const char *needle)
{
  gpointer data[2] = { label, (gpointer) needle };

  if (!kinema_test_wait_until (label_contains, data, TIMEOUT_S))
    g_error ("label shows “%s” (visible %d), expected “%s”",
             gtk_label_get_label (GTK_LABEL (label)), gtk_widget_get_visible (label), needle);
}

static gboolean
can_generate (gpointer data)
{
  return kinema_editor_get_can_generate (editor) == GPOINTER_TO_INT (data);
}

static gboolean
has_tooltip_naming (GtkWidget  *widget,
                    const char *name)
{
  const char *tooltip = kinema_widget_get_tooltip (widget);

  return tooltip != NULL && strstr (tooltip, name) != NULL;
}

static KinemaProvider *
make_provider (const char *id)
{
  const KinemaProviderConfig *preset = kinema_presets_lookup (id);
  g_autoptr(KinemaProviderConfig) cfg = NULL;
  g_autoptr(GError) error = NULL;
  KinemaProvider *provider;

  g_assert_nonnull (preset);
  if (g_strcmp0 (preset->dialect, "simulator") == 0)
    return kinema_provider_simulator_new ();

  cfg = kinema_provider_config_copy (preset);
  if (cfg->base_url == NULL)
    cfg->base_url = g_strdup ("https://gateway.example.invalid");
  provider = kinema_http_provider_new (cfg, NULL, &error);
  g_assert_no_error (error);
  return provider;
}

/* Test cases */

static void
test_remix_api (void)
{
  g_autoptr(KinemaRequest) remix = kinema_request_new ();

  reset_editor ("simulator");

  kinema_request_set_prompt (remix, "A heron lifts off a misty lake");
  kinema_request_set_duration (remix, 8);
  kinema_request_set_quality (remix, KINEMA_QUALITY_PRO);
  kinema_editor_load_request (editor, remix, "kie");
  kinema_test_settle (10);

  g_assert_cmpstr (kinema_provider_get_id (kinema_editor_get_provider (editor)), ==, "kie");
  g_assert_true (request () != remix);   /* a copy */
  g_assert_cmpstr (kinema_request_get_prompt (request ()), ==, "A heron lifts off a misty lake");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (_kinema_editor_get_duration_spin (editor)), ==, 8);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (CHILD ("quality_pro"))));

  /* An unknown provider keeps the selection. */
  kinema_editor_load_request (editor, remix, "no-such-provider");
  g_assert_cmpstr (kinema_provider_get_id (kinema_editor_get_provider (editor)), ==, "kie");

  /* Continue from the last frame. */
  kinema_editor_set_first_frame (editor, png_ok);
  g_assert_cmpint (kinema_request_get_mode (request ()), ==, KINEMA_MODE_IMAGE);
  g_assert_cmpstr (kinema_request_get_first_frame (request ()), ==, png_ok);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (CHILD ("mode_image"))));
  g_assert_cmpstr (kinema_image_picker_get_path (KINEMA_IMAGE_PICKER (CHILD ("first_picker"))), ==, png_ok);
  g_assert_true (kinema_test_wait_until (picker_idle, CHILD ("first_picker"), TIMEOUT_S));
}

static void
test_provider_reshapes (void)
{
  GtkWidget *watermark_row = CHILD ("watermark_row");
  GtkWidget *multi_customize = CHILD ("multi_customize");
  GtkWidget *mode_reference = CHILD ("mode_reference");
  GtkWidget *negative_group = CHILD ("negative_group");
  GtkWidget *elements_group = CHILD ("elements_group");
  GtkWidget *unsupported_box = CHILD ("unsupported_box");
  KinemaStoryboard *storyboard = KINEMA_STORYBOARD (CHILD ("storyboard"));

  reset_editor ("kling");
  set_text (_kinema_editor_get_prompt_view (editor), "A lighthouse keeper climbs the stairs");

  /* The official API offers everything. */
  g_assert_true (gtk_widget_get_sensitive (watermark_row));
  g_assert_true (gtk_widget_get_sensitive (multi_customize));
  g_assert_true (gtk_widget_get_sensitive (mode_reference));
  g_assert_true (gtk_widget_get_sensitive (negative_group));
  g_assert_true (gtk_widget_get_sensitive (elements_group));

  /* Use some of it: watermark, a negative prompt, a storyboard. */
  gtk_switch_set_active (GTK_SWITCH (CHILD ("watermark_switch")), TRUE);
  set_text (GTK_TEXT_VIEW (CHILD ("negative_view")), "blur, text");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (multi_customize), TRUE);
  kinema_storyboard_add_shot (storyboard);
  set_text (_kinema_shot_row_get_prompt_view (_kinema_storyboard_get_row (storyboard, 0)), "Wide shot");
  kinema_test_settle (10);
  g_assert_true (kinema_request_get_watermark (request ()));
  g_assert_cmpint (kinema_request_get_multi_shot (request ()), ==, KINEMA_MULTI_SHOT_CUSTOMIZE);
  g_assert_cmpuint (kinema_request_get_n_shots (request ()), ==, 1);
  g_assert_false (gtk_widget_get_visible (unsupported_box));
  g_assert_true (kinema_editor_get_can_generate (editor));

  /* LinkModel lacks all three: the values stay, are reported beside their
   * controls, and the controls say who lacks them. */
  select_provider ("linkmodel");
  g_assert_true (kinema_request_get_watermark (request ()));
  g_assert_cmpstr (kinema_request_get_negative_prompt (request ()), ==, "blur, text");
  g_assert_true (gtk_widget_get_sensitive (negative_group));   /* LinkModel takes one */
  g_assert_cmpint (kinema_request_get_multi_shot (request ()), ==, KINEMA_MULTI_SHOT_CUSTOMIZE);
  g_assert_cmpuint (kinema_request_get_n_shots (request ()), ==, 1);

  g_assert_true (has_tooltip_naming (watermark_row, "LinkModel"));
  g_assert_true (gtk_widget_get_sensitive (watermark_row));    /* in use: can be turned off */
  g_assert_true (gtk_widget_has_css_class (watermark_row, "kinema-problem"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (watermark_row)), "watermark"));
  g_assert_true (has_tooltip_naming (multi_customize, "LinkModel"));
  assert_label_shows (GTK_WIDGET (_kinema_storyboard_get_problem_label (storyboard)), "LinkModel");
  g_assert_false (gtk_widget_get_sensitive (mode_reference));
  g_assert_true (has_tooltip_naming (mode_reference, "LinkModel"));
  g_assert_false (gtk_widget_get_sensitive (elements_group));
  g_assert_true (has_tooltip_naming (elements_group, "LinkModel does not offer elements"));
  g_assert_true (gtk_widget_get_visible (unsupported_box));
  g_assert_false (kinema_editor_get_can_generate (editor));
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (_kinema_editor_get_generate_button (editor))));

  /* Back to Kling: everything as it was, nothing to complain about. */
  select_provider ("kling");
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (CHILD ("watermark_switch"))));
  g_assert_false (gtk_widget_has_css_class (watermark_row, "kinema-problem"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (storyboard)));
  g_assert_cmpuint (kinema_request_get_n_shots (request ()), ==, 1);
  g_assert_false (gtk_widget_get_visible (unsupported_box));
  g_assert_true (kinema_editor_get_can_generate (editor));

  /* And once more to LinkModel, then one click removes what it cannot take. */
  select_provider ("linkmodel");
  g_assert_true (gtk_widget_get_visible (unsupported_box));
  g_test_message ("unsupported: %s", gtk_label_get_label (GTK_LABEL (CHILD ("unsupported_label"))));
  g_assert_true (gtk_widget_is_sensitive (CHILD ("remove_unsupported_button")));
  g_assert_true (click (CHILD ("remove_unsupported_button")));
  kinema_test_settle (10);
  g_assert_false (kinema_request_get_watermark (request ()));
  g_assert_cmpstr (kinema_request_get_negative_prompt (request ()), ==, "blur, text");
  g_assert_cmpint (kinema_request_get_multi_shot (request ()), ==, KINEMA_MULTI_SHOT_NONE);
  g_assert_false (gtk_widget_get_sensitive (watermark_row));   /* unsupported and unused */
  g_assert_false (gtk_widget_get_sensitive (multi_customize));
  g_assert_false (gtk_widget_get_visible (unsupported_box));
  g_assert_true (kinema_editor_get_can_generate (editor));
}

static void
test_frames (void)
{
  KinemaImagePicker *first = KINEMA_IMAGE_PICKER (CHILD ("first_picker"));
  KinemaImagePicker *last = KINEMA_IMAGE_PICKER (CHILD ("last_picker"));
  g_autoptr(GFile) ok_file = g_file_new_for_path (png_ok);
  g_autoptr(GFile) jpeg_file = g_file_new_for_path (jpeg_ok);
  g_autoptr(GFile) small_file = g_file_new_for_path (png_small);
  GtkWidget *aspect_row = CHILD ("aspect_row");

  reset_editor ("kling");
  set_text (_kinema_editor_get_prompt_view (editor), "The camera pushes in slowly");

  g_assert_false (gtk_widget_get_visible (CHILD ("frames_box")));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("mode_image")), TRUE);
  kinema_test_settle (10);
  g_assert_cmpint (kinema_request_get_mode (request ()), ==, KINEMA_MODE_IMAGE);
  g_assert_true (gtk_widget_get_visible (CHILD ("frames_box")));
  g_assert_false (gtk_widget_get_visible (CHILD ("reference_box")));

  /* No frame yet: said beside the picker. */
  assert_label_shows (GTK_WIDGET (_kinema_image_picker_get_problem_label (first)), "first frame");
  g_assert_true (gtk_widget_get_sensitive (aspect_row));

  /* The drop path: a PNG. */
  g_assert_true (kinema_image_picker_set_file (first, ok_file));
  g_assert_cmpstr (kinema_request_get_first_frame (request ()), ==, png_ok);
  g_assert_true (kinema_test_wait_until (picker_idle, first, TIMEOUT_S));
  g_test_message ("first frame: %s", gtk_label_get_label (_kinema_image_picker_get_info_label (first)));
  g_assert_nonnull (strstr (gtk_label_get_label (_kinema_image_picker_get_info_label (first)), "640 × 360"));
  g_assert_nonnull (strstr (gtk_label_get_label (_kinema_image_picker_get_info_label (first)), "PNG"));
  g_assert_nonnull (gtk_picture_get_paintable (_kinema_image_picker_get_picture (first)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_kinema_image_picker_get_problem_label (first))));

  /* The first frame sets the shape: aspect is shown as ignored. */
  g_assert_false (gtk_widget_get_sensitive (aspect_row));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (aspect_row)), "Ignored"));

  /* The files were checked in a thread; then Generate is on. */
  g_assert_true (kinema_test_wait_until (can_generate, GINT_TO_POINTER (TRUE), TIMEOUT_S));

  /* A JPEG last frame, then swap. */
  g_assert_true (kinema_image_picker_set_file (last, jpeg_file));
  g_assert_true (kinema_test_wait_until (picker_idle, last, TIMEOUT_S));
  g_assert_nonnull (strstr (gtk_label_get_label (_kinema_image_picker_get_info_label (last)), "480 × 480"));
  g_assert_nonnull (strstr (gtk_label_get_label (_kinema_image_picker_get_info_label (last)), "JPEG"));
  g_assert_cmpstr (kinema_request_get_last_frame (request ()), ==, jpeg_ok);
  g_assert_true (click (CHILD ("swap_button")));
  kinema_test_settle (10);
  g_assert_cmpstr (kinema_request_get_first_frame (request ()), ==, jpeg_ok);
  g_assert_cmpstr (kinema_request_get_last_frame (request ()), ==, png_ok);
  g_assert_cmpstr (kinema_image_picker_get_path (first), ==, jpeg_ok);
  g_assert_cmpstr (kinema_image_picker_get_path (last), ==, png_ok);

  /* A too-small image: the picker says why at once, validation agrees
   * (off the main thread) and Generate turns off. */
  g_assert_true (kinema_image_picker_set_file (first, small_file));
  g_assert_true (kinema_test_wait_until (picker_idle, first, TIMEOUT_S));
  assert_label_shows (GTK_WIDGET (_kinema_image_picker_get_problem_label (first)), "120 × 90");
  g_assert_true (kinema_test_wait_until (can_generate, GINT_TO_POINTER (FALSE), TIMEOUT_S));
  assert_label_shows (GTK_WIDGET (_kinema_editor_get_problems_label (editor)), "120 × 90");
  /* Shown once, not twice, in the picker. */
  {
    const char *text = gtk_label_get_label (_kinema_image_picker_get_problem_label (first));
    const char *hit = strstr (text, "120 × 90");

    g_assert_null (strstr (hit + 1, "120 × 90"));
  }

  /* Clear it: back to "needs a first frame". */
  g_assert_true (click (GTK_WIDGET (_kinema_image_picker_get_clear_button (first))));
  kinema_test_settle (10);
  g_assert_null (kinema_request_get_first_frame (request ()));
  g_assert_null (kinema_image_picker_get_path (first));

  /* A typed address (the URL entry of the picker). */
  gtk_editable_set_text (GTK_EDITABLE (_kinema_image_picker_get_url_entry (first)),
                         "  https://images.example.com/first.png ");
  g_signal_emit_by_name (_kinema_image_picker_get_url_entry (first), "activate");
  kinema_test_settle (10);
  g_assert_cmpstr (kinema_request_get_first_frame (request ()), ==, "https://images.example.com/first.png");
  g_assert_nonnull (strstr (gtk_label_get_label (_kinema_image_picker_get_info_label (first)),
                            "https://images.example.com/first.png"));

  /* An http:// address is kept, and validation explains it must be https. */
  gtk_editable_set_text (GTK_EDITABLE (_kinema_image_picker_get_url_entry (first)),
                         "http://images.example.com/first.png");
  g_signal_emit_by_name (_kinema_image_picker_get_url_entry (first), "activate");
  assert_label_shows (GTK_WIDGET (_kinema_image_picker_get_problem_label (first)), "https://");
  g_assert_false (kinema_editor_get_can_generate (editor));

  /* Not an address at all: refused, the frame stays. */
  g_assert_false (kinema_image_picker_set_url (first, "not a url"));
  g_assert_cmpstr (kinema_request_get_first_frame (request ()), ==, "http://images.example.com/first.png");

  /* Back to text mode: the frames stay in the request, unused. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("mode_text")), TRUE);
  kinema_test_settle (10);
  g_assert_cmpstr (kinema_request_get_last_frame (request ()), ==, png_ok);
  g_assert_true (kinema_editor_get_can_generate (editor));
}

/* Problems of the request itself found while a file check ran must not
 * stick once the request is fixed. */
static void
test_file_check_not_stale (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (png_ok);

  reset_editor ("kling");
  set_text (_kinema_editor_get_prompt_view (editor), "");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("mode_image")), TRUE);
  g_assert_true (kinema_image_picker_set_file (KINEMA_IMAGE_PICKER (CHILD ("first_picker")), file));
  kinema_test_settle (200);   /* the check starts while the prompt is still empty */
  set_text (_kinema_editor_get_prompt_view (editor), "Now there is a prompt");
  g_assert_true (kinema_test_wait_until (can_generate, GINT_TO_POINTER (TRUE), TIMEOUT_S));
  kinema_test_settle (300);
  g_assert_true (kinema_editor_get_can_generate (editor));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_kinema_editor_get_problems_label (editor))));
}

static gboolean
picker_has_pasted (gpointer data)
{
  const char *path = kinema_image_picker_get_path (KINEMA_IMAGE_PICKER (data));

  return path != NULL && strstr (path, "pasted-") != NULL && !kinema_image_picker_get_busy (data);
}

static void
test_paste_image (void)
{
  KinemaImagePicker *first = KINEMA_IMAGE_PICKER (CHILD ("first_picker"));
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (first));
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  KinemaImageInfo info;

  reset_editor ("kling");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("mode_image")), TRUE);

  texture = gdk_texture_new_from_filename (png_ok, &error);
  g_assert_no_error (error);
  gdk_clipboard_set_texture (clipboard, texture);

  kinema_image_picker_paste (first);
  g_assert_true (kinema_test_wait_until (picker_has_pasted, first, TIMEOUT_S));
  g_test_message ("pasted into %s", kinema_image_picker_get_path (first));
  g_assert_true (g_str_has_prefix (kinema_image_picker_get_path (first), kinema_paths_cache_dir ()));
  g_assert_true (kinema_image_read_header (kinema_image_picker_get_path (first), &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.format, ==, KINEMA_IMAGE_FORMAT_PNG);
  g_assert_cmpuint (info.width, ==, 640);
  g_assert_cmpstr (kinema_request_get_first_frame (request ()), ==, kinema_image_picker_get_path (first));

  /* A pasted address. */
  gdk_clipboard_set_text (clipboard, "https://cdn.example.com/pasted.jpg");
  kinema_image_picker_paste (first);
  g_assert_true (kinema_test_wait_until (picker_idle, first, TIMEOUT_S));
  kinema_test_settle (50);
  g_assert_cmpstr (kinema_request_get_first_frame (request ()), ==, "https://cdn.example.com/pasted.jpg");
}

static void
test_reference_images (void)
{
  GtkWidget *list = CHILD ("reference_list");
  GtkWidget *first_picker;
  g_autoptr(GFile) file = g_file_new_for_path (png_ok);

  reset_editor ("kling");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("mode_reference")), TRUE);
  kinema_test_settle (10);
  g_assert_cmpint (kinema_request_get_mode (request ()), ==, KINEMA_MODE_REFERENCE);
  g_assert_true (gtk_widget_get_visible (CHILD ("reference_box")));

  /* One empty picker to start; filling it adds the next. */
  first_picker = gtk_widget_get_first_child (list);
  g_assert_nonnull (first_picker);
  g_assert_null (gtk_widget_get_next_sibling (first_picker));
  assert_label_shows (CHILD ("reference_problem"), "<<<image_1>>>");

  g_assert_true (kinema_image_picker_set_file (KINEMA_IMAGE_PICKER (first_picker), file));
  kinema_test_settle (10);
  g_assert_cmpuint (kinema_request_get_n_reference_images (request ()), ==, 1);
  g_assert_cmpstr (kinema_request_get_reference_image (request (), 0), ==, png_ok);
  first_picker = gtk_widget_get_first_child (list);
  g_assert_nonnull (gtk_widget_get_next_sibling (first_picker));
  g_assert_nonnull (strstr (kinema_image_picker_get_title (KINEMA_IMAGE_PICKER (first_picker)), "<<<image_1>>>"));

  /* A token for an image that is not there: said beside the prompt. */
  set_text (_kinema_editor_get_prompt_view (editor), "<<<image_1>>> walks towards <<<image_3>>>");
  assert_label_shows (CHILD ("prompt_problem"), "<<<image_3>>>");
  g_assert_false (kinema_editor_get_can_generate (editor));

  set_text (_kinema_editor_get_prompt_view (editor), "<<<image_1>>> walks towards the sea");
  g_assert_true (kinema_test_wait_until (can_generate, GINT_TO_POINTER (TRUE), TIMEOUT_S));

  /* Clearing the image removes it and its picker. */
  kinema_image_picker_clear (KINEMA_IMAGE_PICKER (gtk_widget_get_first_child (list)));
  kinema_test_settle (10);
  g_assert_cmpuint (kinema_request_get_n_reference_images (request ()), ==, 0);
  g_assert_null (gtk_widget_get_next_sibling (gtk_widget_get_first_child (list)));

  /* LinkModel has no reference mode: the mode stays, reported. */
  select_provider ("linkmodel");
  assert_label_shows (CHILD ("mode_problem"), "reference");
  g_assert_true (gtk_widget_get_sensitive (CHILD ("mode_reference")));   /* in use */
}

static guint
shot_durations (guint *out,
                guint  max)
{
  guint n = kinema_request_get_n_shots (request ());

  for (guint i = 0; i < n && i < max; i++)
    out[i] = kinema_request_get_shot (request (), i)->duration;
  return n;
}

static void
test_storyboard (void)
{
  KinemaStoryboard *storyboard = KINEMA_STORYBOARD (CHILD ("storyboard"));
  GtkLabel *budget = _kinema_storyboard_get_budget_label (storyboard);
  GtkWidget *add = GTK_WIDGET (_kinema_storyboard_get_add_button (storyboard));
  GtkWidget *fit = GTK_WIDGET (_kinema_storyboard_get_fit_button (storyboard));
  guint d[8];

  reset_editor ("kling");
  gtk_spin_button_set_value (_kinema_editor_get_duration_spin (editor), 15);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (storyboard)));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("multi_customize")), TRUE);
  kinema_test_settle (10);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (storyboard)));

  /* Three shots through the Add button: the first takes the whole video,
   * the others 1 s each. */
  for (guint i = 0; i < 3; i++)
    g_assert_true (click (add));
  kinema_test_settle (10);
  g_assert_cmpuint (shot_durations (d, 8), ==, 3);
  g_assert_cmpuint (d[0], ==, 15);

  /* Own lengths and prompts through each card's widgets. */
  gtk_spin_button_set_value (_kinema_shot_row_get_duration_spin (_kinema_storyboard_get_row (storyboard, 0)), 5);
  gtk_spin_button_set_value (_kinema_shot_row_get_duration_spin (_kinema_storyboard_get_row (storyboard, 1)), 4);
  gtk_spin_button_set_value (_kinema_shot_row_get_duration_spin (_kinema_storyboard_get_row (storyboard, 2)), 3);
  set_text (_kinema_shot_row_get_prompt_view (_kinema_storyboard_get_row (storyboard, 0)), "A: the door opens");
  set_text (_kinema_shot_row_get_prompt_view (_kinema_storyboard_get_row (storyboard, 2)), "C: she steps out");
  kinema_test_settle (10);
  g_assert_cmpstr (kinema_request_get_shot (request (), 0)->prompt, ==, "A: the door opens");
  g_assert_cmpuint (kinema_request_get_shots_total (request ()), ==, 12);

  /* The budget line. */
  g_test_message ("budget: %s", gtk_label_get_label (budget));
  g_assert_cmpstr (gtk_label_get_label (budget), ==, "12 s of 15 s — 3 s left");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (budget), "error"));
  g_assert_true (gtk_widget_get_sensitive (fit));

  /* Beside each card: shot 2 has no prompt; the sum is off. */
  assert_label_shows (GTK_WIDGET (_kinema_shot_row_get_problem_label (_kinema_storyboard_get_row (storyboard, 1))),
                      "Shot 2");
  assert_label_shows (GTK_WIDGET (_kinema_storyboard_get_problem_label (storyboard)), "add up");
  g_assert_false (kinema_editor_get_can_generate (editor));
  set_text (_kinema_shot_row_get_prompt_view (_kinema_storyboard_get_row (storyboard, 1)), "B: rain on glass");
  kinema_test_settle (10);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_kinema_shot_row_get_problem_label (_kinema_storyboard_get_row (storyboard, 1)))));

  /* Fit: the last shot absorbs the 3 s. */
  g_assert_true (click (fit));
  kinema_test_settle (10);
  shot_durations (d, 8);
  g_assert_cmpuint (d[2], ==, 6);
  g_assert_cmpstr (gtk_label_get_label (budget), ==, "15 s of 15 s");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (budget), "error"));
  g_assert_false (gtk_widget_get_sensitive (fit));
  g_assert_true (kinema_editor_get_can_generate (editor));

  /* Reorder as a drop does (A B C → C A B), then with the buttons and
   * the Alt+Up binding's action (→ A C B → C A B → A C B). */
  kinema_storyboard_move_shot (storyboard, 2, 0);
  g_assert_true (g_str_has_prefix (kinema_request_get_shot (request (), 0)->prompt, "C:"));
  g_assert_true (g_str_has_prefix (kinema_request_get_shot (request (), 1)->prompt, "A:"));
  g_assert_true (g_str_has_prefix (kinema_request_get_shot (request (), 2)->prompt, "B:"));
  /* The cards follow, numbered anew. */
  {
    g_autofree char *text = NULL;
    KinemaShotRow *row0 = _kinema_storyboard_get_row (storyboard, 0);

    text = kinema_shot_row_dup_prompt (row0);
    g_assert_true (g_str_has_prefix (text, "C:"));
    g_assert_cmpuint (kinema_shot_row_get_index (row0), ==, 0);
  }

  g_assert_true (click (GTK_WIDGET (_kinema_shot_row_get_down_button (_kinema_storyboard_get_row (storyboard, 0)))));
  g_assert_true (g_str_has_prefix (kinema_request_get_shot (request (), 0)->prompt, "A:"));
  g_assert_true (g_str_has_prefix (kinema_request_get_shot (request (), 1)->prompt, "C:"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (_kinema_storyboard_get_row (storyboard, 1)),
                                             "shot.move-up", NULL));
  g_assert_true (g_str_has_prefix (kinema_request_get_shot (request (), 0)->prompt, "C:"));
  /* The first card cannot go further up. */
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (_kinema_shot_row_get_up_button (_kinema_storyboard_get_row (storyboard, 0)))));

  /* The keyboard: Alt+Down on the focused card. */
  gtk_widget_grab_focus (GTK_WIDGET (_kinema_shot_row_get_prompt_view (_kinema_storyboard_get_row (storyboard, 0))));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (_kinema_storyboard_get_row (storyboard, 0)),
                                             "shot.move-down", NULL));
  g_assert_true (g_str_has_prefix (kinema_request_get_shot (request (), 0)->prompt, "A:"));
  g_assert_true (g_str_has_prefix (kinema_request_get_shot (request (), 1)->prompt, "C:"));
  /* The focus moved with the card. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)),
                                         GTK_WIDGET (_kinema_storyboard_get_row (storyboard, 1))));

  /* Remove the middle card with its button. */
  g_assert_true (click (GTK_WIDGET (_kinema_shot_row_get_remove_button (_kinema_storyboard_get_row (storyboard, 1)))));
  kinema_test_settle (10);
  g_assert_cmpuint (kinema_request_get_n_shots (request ()), ==, 2);
  g_assert_true (g_str_has_prefix (kinema_request_get_shot (request (), 1)->prompt, "B:"));
  g_assert_cmpstr (gtk_label_get_label (budget), ==, "9 s of 15 s — 6 s left");

  /* Fit when the last shot cannot absorb it: the duration takes the sum. */
  gtk_spin_button_set_value (_kinema_shot_row_get_duration_spin (_kinema_storyboard_get_row (storyboard, 0)), 15);
  kinema_test_settle (10);
  g_assert_cmpstr (gtk_label_get_label (budget), ==, "19 s of 15 s — 4 s too long");
  kinema_storyboard_fit (storyboard);
  kinema_test_settle (10);
  /* 15 + 4 = 19 > 15, the longest video: it stays 15 s and the shots
   * shrink from the end, none below 1 s. */
  shot_durations (d, 8);
  g_assert_cmpuint (kinema_request_get_duration (request ()), ==, 15);
  g_assert_cmpuint (d[0], ==, 14);
  g_assert_cmpuint (d[1], ==, 1);

  gtk_spin_button_set_value (_kinema_shot_row_get_duration_spin (_kinema_storyboard_get_row (storyboard, 0)), 4);
  gtk_spin_button_set_value (_kinema_editor_get_duration_spin (editor), 3);
  kinema_test_settle (10);
  kinema_storyboard_fit (storyboard);
  kinema_test_settle (10);
  /* 4 + 1 = 5, the last shot would need -1 s: the duration becomes 5 s. */
  g_assert_cmpuint (kinema_request_get_duration (request ()), ==, 5);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (_kinema_editor_get_duration_spin (editor)), ==, 5);

  /* At most six cards. */
  for (guint i = 0; i < 6; i++)
    click (add);
  kinema_test_settle (10);
  g_assert_cmpuint (kinema_request_get_n_shots (request ()), ==, 6);
  g_assert_false (gtk_widget_get_sensitive (add));

  /* Intelligence: one prompt, no cards. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("multi_intelligence")), TRUE);
  kinema_test_settle (10);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (storyboard)));
  g_assert_true (gtk_widget_get_visible (CHILD ("intelligence_label")));
  g_assert_cmpint (kinema_request_get_multi_shot (request ()), ==, KINEMA_MULTI_SHOT_INTELLIGENCE);
}

static void
test_forced_audio (void)
{
  GtkWidget *audio_row = CHILD ("audio_row");

  reset_editor ("market");
  g_assert_true (kinema_provider_get_capabilities (kinema_editor_get_provider (editor))->audio_forced_in_multi_shot);
  gtk_switch_set_active (_kinema_editor_get_audio_switch (editor), FALSE);
  g_assert_true (gtk_widget_get_sensitive (audio_row));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("multi_intelligence")), TRUE);
  kinema_test_settle (10);
  g_assert_true (gtk_switch_get_active (_kinema_editor_get_audio_switch (editor)));
  g_assert_true (kinema_request_get_audio (request ()));
  g_assert_false (gtk_widget_get_sensitive (audio_row));
  g_test_message ("audio row: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (audio_row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (audio_row)), "Always on"));

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("multi_off")), TRUE);
  kinema_test_settle (10);
  g_assert_true (gtk_widget_get_sensitive (audio_row));
}

static void
test_problems_beside_fields (void)
{
  g_autofree char *long_prompt = NULL;
  const KinemaCapabilities *caps;
  GtkWidget *cfg_row = CHILD ("cfg_row");

  reset_editor ("kling");
  caps = kinema_provider_get_capabilities (kinema_editor_get_provider (editor));

  /* An empty prompt: said quietly, not in red. */
  set_text (_kinema_editor_get_prompt_view (editor), "");
  assert_label_shows (CHILD ("prompt_problem"), "Write a prompt");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (_kinema_editor_get_problems_label (editor)), "dim-label"));

  long_prompt = g_strnfill (caps->max_prompt_chars + 3, 'x');
  set_text (_kinema_editor_get_prompt_view (editor), long_prompt);
  assert_label_shows (CHILD ("prompt_problem"), "Shorten it by 3");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (_kinema_editor_get_prompt_counter (editor)), "error"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (_kinema_editor_get_problems_label (editor)), "error"));

  set_text (_kinema_editor_get_prompt_view (editor), "Neon rain over a night market");
  set_text (GTK_TEXT_VIEW (CHILD ("negative_view")), "low quality");
  kinema_test_settle (10);
  g_assert_false (gtk_widget_get_visible (CHILD ("prompt_problem")));
  g_assert_true (gtk_widget_get_visible (CHILD ("negative_counter")));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (CHILD ("negative_counter"))), "11 / "));

  /* kie.ai takes no CFG scale and no negative prompt. */
  gtk_range_set_value (GTK_RANGE (CHILD ("cfg_scale")), 0.8);
  kinema_test_settle (10);
  g_assert_true (kinema_editor_get_can_generate (editor));
  select_provider ("kie");
  g_assert_true (gtk_widget_has_css_class (cfg_row, "kinema-problem"));
  g_test_message ("cfg row: %s", adw_action_row_get_subtitle (ADW_ACTION_ROW (cfg_row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (cfg_row)), "CFG"));
  assert_label_shows (CHILD ("negative_problem"), "negative prompt");
  g_assert_true (has_tooltip_naming (CHILD ("negative_group"), "kie.ai"));
  g_assert_false (gtk_widget_get_visible (CHILD ("negative_counter")));
  g_assert_false (kinema_editor_get_can_generate (editor));

  /* Every problem is also in the list by Generate and its tooltip. */
  g_assert_nonnull (strstr (gtk_label_get_label (_kinema_editor_get_problems_label (editor)), "CFG"));
  g_assert_nonnull (strstr (kinema_widget_get_tooltip (GTK_WIDGET (_kinema_editor_get_generate_button (editor))),
                            "negative prompt"));

  gtk_range_set_value (GTK_RANGE (CHILD ("cfg_scale")), 0.5);
  set_text (GTK_TEXT_VIEW (CHILD ("negative_view")), "");
  kinema_test_settle (10);
  g_assert_false (gtk_widget_has_css_class (cfg_row, "kinema-problem"));
  g_assert_true (kinema_editor_get_can_generate (editor));
}

static void
test_price_and_variants (void)
{
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  GtkLabel *price = GTK_LABEL (CHILD ("price_label"));
  GtkLabel *detail = GTK_LABEL (CHILD ("price_detail"));
  GtkSpinButton *variants = GTK_SPIN_BUTTON (CHILD ("variants_spin"));
  GListModel *jobs = kinema_engine_get_jobs (engine);
  guint before = g_list_model_get_n_items (jobs);

  g_settings_reset (settings, "price-table");

  /* LinkModel: 10 s × $0.061 × 2 = $1.22 (only estimated, never sent). */
  reset_editor ("linkmodel");
  set_text (_kinema_editor_get_prompt_view (editor), "Paper cranes fold themselves");
  gtk_spin_button_set_value (_kinema_editor_get_duration_spin (editor), 10);
  gtk_spin_button_set_value (variants, 2);
  kinema_test_settle (10);
  g_test_message ("price: %s — %s", gtk_label_get_label (price), gtk_label_get_label (detail));
  g_assert_nonnull (strstr (gtk_label_get_label (price), "Estimate"));
  g_assert_nonnull (strstr (gtk_label_get_label (price), "1.22"));
  g_assert_nonnull (strstr (gtk_label_get_label (detail), "10 s"));
  g_assert_nonnull (strstr (gtk_label_get_label (detail), "0.061"));
  g_assert_nonnull (strstr (gtk_label_get_label (detail), "2 clips"));
  g_assert_cmpfloat_with_epsilon (kinema_editor_get_price_estimate (editor), 1.22, 1e-9);

  /* Pro with audio costs more; the table in GSettings wins over defaults. */
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("quality_pro")), TRUE);
  kinema_test_settle (10);
  g_assert_cmpfloat (kinema_editor_get_price_estimate (editor), >, 1.22);
  g_settings_set_string (settings, "price-table",
                         "{\"version\":1,\"rates\":{\"linkmodel\":{\"std-silent\":0.05,\"std-audio\":0.06,"
                         "\"pro-silent\":0.07,\"pro-audio\":0.08}}}");
  kinema_test_settle (10);
  g_assert_cmpfloat_with_epsilon (kinema_editor_get_price_estimate (editor), 1.40, 1e-9);
  g_assert_nonnull (strstr (gtk_label_get_label (price), "1.40"));
  g_settings_reset (settings, "price-table");

  /* The simulator is free; Generate makes one job per variant. */
  select_provider ("simulator");
  gtk_spin_button_set_value (variants, 3);
  kinema_test_settle (10);
  g_assert_cmpstr (gtk_label_get_label (price), ==, "Free");
  g_assert_true (kinema_editor_get_can_generate (editor));
  g_assert_true (click (GTK_WIDGET (_kinema_editor_get_generate_button (editor))));
  kinema_test_settle (20);
  g_assert_cmpuint (g_list_model_get_n_items (jobs), ==, before + 3);

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(KinemaJob) job = g_list_model_get_item (jobs, i);
      g_autoptr(KinemaJob) stored = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpstr (kinema_job_get_provider_id (job), ==, "simulator");
      g_assert_cmpstr (kinema_request_get_prompt (kinema_job_get_request (job)), ==, "Paper cranes fold themselves");
      g_assert_true (kinema_job_get_request (job) != request ());
      g_assert_cmpfloat (kinema_job_get_price_estimate (job), ==, 0.0);
      stored = kinema_library_get_job (library, kinema_job_get_id (job), &error);
      g_assert_no_error (error);
      g_assert_cmpfloat (kinema_job_get_price_estimate (stored), ==, 0.0);
      kinema_engine_cancel (engine, job);
    }

  /* The count stays in the editor, not in the request. */
  g_assert_cmpuint (kinema_editor_get_variants (editor), ==, 3);
  {
    g_autofree char *json = kinema_request_to_json (request ());

    g_assert_null (strstr (json, "variant"));
  }
}

static gboolean
element_has_images (gpointer data)
{
  KinemaElementLibrary *panel = data;
  GPtrArray *elements = kinema_element_library_get_elements (panel);

  for (guint i = 0; elements != NULL && i < elements->len; i++)
    {
      KinemaElementRecord *record = g_ptr_array_index (elements, i);

      if (g_strcmp0 (record->name, "red_fox") == 0 && record->images && g_strv_length (record->images) == 1)
        return TRUE;
    }
  return FALSE;
}

static gboolean
popover_shown (gpointer data)
{
  GtkPopover *popover = _kinema_editor_get_mention_popover (editor);

  return popover != NULL && gtk_widget_get_visible (GTK_WIDGET (popover));
}

static void
test_elements (void)
{
  KinemaElementLibrary *panel = KINEMA_ELEMENT_LIBRARY (CHILD ("element_library"));
  AdwEntryRow *new_row = _kinema_element_library_get_new_row (panel);
  KinemaElementRow *row;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (_kinema_editor_get_prompt_view (editor));
  const char *images[] = { element_png, NULL };
  g_autofree char *prompt = NULL;
  AdwMessageDialog *dialog;

  reset_editor ("kie");
  g_assert_true (click (CHILD ("library_button")));
  kinema_test_settle (10);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (CHILD ("page_stack"))), ==, "library");

  /* A bad name is refused beside the field. */
  gtk_editable_set_text (GTK_EDITABLE (new_row), "red fox");
  g_signal_emit_by_name (new_row, "apply");
  assert_label_shows (GTK_WIDGET (_kinema_element_library_get_new_problem (panel)), "one word");

  /* Create, rename, describe. */
  gtk_editable_set_text (GTK_EDITABLE (new_row), "fox");
  g_signal_emit_by_name (new_row, "apply");
  row = _kinema_element_library_find_row (panel, "fox");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (new_row)), ==, "");

  gtk_editable_set_text (GTK_EDITABLE (_kinema_element_row_get_name_row (row)), "red_fox");
  g_signal_emit_by_name (_kinema_element_row_get_name_row (row), "apply");
  row = _kinema_element_library_find_row (panel, "red_fox");
  g_assert_nonnull (row);
  g_assert_null (_kinema_element_library_find_row (panel, "fox"));
  gtk_editable_set_text (GTK_EDITABLE (_kinema_element_row_get_description_row (row)), "a red fox with a white tail");
  g_signal_emit_by_name (_kinema_element_row_get_description_row (row), "apply");
  row = _kinema_element_library_find_row (panel, "red_fox");
  g_assert_cmpstr (kinema_element_row_get_record (row)->description, ==, "a red fox with a white tail");

  /* Images arrive as the chooser and a drop deliver them; copied in a
   * thread into the library's folder. */
  g_signal_emit_by_name (row, "add-images", images);
  g_assert_true (kinema_test_wait_until (element_has_images, panel, TIMEOUT_S));
  row = _kinema_element_library_find_row (panel, "red_fox");
  {
    g_autofree char *dir = kinema_paths_elements_dir ();

    g_assert_true (g_str_has_prefix (kinema_element_row_get_record (row)->images[0], dir));
  }
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  kinema_test_settle (300);
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "editor-element-library", &window_background));
  g_test_message ("status on kie.ai: %s", adw_action_row_get_subtitle (_kinema_element_row_get_status_row (row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (_kinema_element_row_get_status_row (row)), "kie.ai"));

  select_provider ("kling");
  row = _kinema_element_library_find_row (panel, "red_fox");
  g_test_message ("status on Kling: %s", adw_action_row_get_subtitle (_kinema_element_row_get_status_row (row)));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (_kinema_element_row_get_status_row (row)), "needs at least 2"));
  select_provider ("linkmodel");
  row = _kinema_element_library_find_row (panel, "red_fox");
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (_kinema_element_row_get_status_row (row)),
                            "does not offer elements"));
  select_provider ("kie");

  /* "Use" writes @name into the prompt and adds the element. */
  gtk_text_buffer_set_text (buffer, "Autumn forest,", -1);
  row = _kinema_element_library_find_row (panel, "red_fox");
  g_assert_true (click (GTK_WIDGET (_kinema_element_row_get_use_button (row))));
  kinema_test_settle (10);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (CHILD ("page_stack"))), ==, "request");
  g_assert_cmpstr (kinema_request_get_prompt (request ()), ==, "Autumn forest, @red_fox ");
  g_assert_cmpuint (kinema_request_get_n_elements (request ()), ==, 1);
  g_assert_cmpstr (kinema_request_get_element (request (), 0)->name, ==, "red_fox");
  g_assert_cmpstr (kinema_request_get_element (request (), 0)->images[0], ==,
                   kinema_element_row_get_record (row)->images[0]);
  g_assert_nonnull (gtk_widget_get_first_child (CHILD ("element_list")));

  /* Typing "@" offers the library's names under the cursor. */
  kinema_request_clear_elements (request ());
  kinema_editor_set_request (editor, request ());
  gtk_text_buffer_set_text (buffer, "", -1);
  gtk_widget_grab_focus (GTK_WIDGET (_kinema_editor_get_prompt_view (editor)));
  gtk_text_buffer_insert_at_cursor (buffer, "A ", -1);
  gtk_text_buffer_insert_at_cursor (buffer, "@", -1);
  gtk_text_buffer_insert_at_cursor (buffer, "r", -1);
  g_assert_true (kinema_test_wait_until (popover_shown, NULL, TIMEOUT_S));
  {
    GtkListBox *list = _kinema_editor_get_mention_list (editor);
    GtkListBoxRow *first = gtk_list_box_get_row_at_index (list, 0);

    g_assert_nonnull (first);
    g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (gtk_list_box_row_get_child (first))), ==, "@red_fox");
    g_signal_emit_by_name (list, "row-activated", first);
  }
  kinema_test_settle (10);
  prompt = g_strdup (kinema_request_get_prompt (request ()));
  g_assert_cmpstr (prompt, ==, "A @red_fox ");
  g_assert_cmpuint (kinema_request_get_n_elements (request ()), ==, 1);
  g_assert_false (popover_shown (NULL));

  /* No match, no list. */
  gtk_text_buffer_insert_at_cursor (buffer, "and @zz", -1);
  kinema_test_settle (20);
  gtk_text_buffer_insert_at_cursor (buffer, "@", -1);
  gtk_text_buffer_insert_at_cursor (buffer, "q", -1);
  kinema_test_settle (20);
  g_assert_false (popover_shown (NULL));

  /* Renaming follows into the request and the prompt. */
  kinema_editor_show_library (editor, TRUE);
  row = _kinema_element_library_find_row (panel, "red_fox");
  gtk_editable_set_text (GTK_EDITABLE (_kinema_element_row_get_name_row (row)), "vixen");
  g_signal_emit_by_name (_kinema_element_row_get_name_row (row), "apply");
  kinema_test_settle (10);
  g_assert_true (g_str_has_prefix (kinema_request_get_prompt (request ()), "A @vixen "));
  g_assert_cmpstr (kinema_request_get_element (request (), 0)->name, ==, "vixen");

  /* Delete, after asking. */
  row = _kinema_element_library_find_row (panel, "vixen");
  g_assert_true (click (GTK_WIDGET (_kinema_element_row_get_delete_button (row))));
  dialog = _kinema_element_library_get_delete_dialog (panel);
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "vixen"));
  adw_message_dialog_response (dialog, "cancel");
  kinema_test_settle (10);
  g_assert_nonnull (_kinema_element_library_find_row (panel, "vixen"));

  row = _kinema_element_library_find_row (panel, "vixen");
  g_assert_true (click (GTK_WIDGET (_kinema_element_row_get_delete_button (row))));
  adw_message_dialog_response (_kinema_element_library_get_delete_dialog (panel), "delete");
  kinema_test_settle (10);
  g_assert_null (_kinema_element_library_find_row (panel, "vixen"));
  g_assert_cmpuint (kinema_element_library_get_elements (panel)->len, ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (panel), "library.back", NULL));
  kinema_test_settle (10);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (CHILD ("page_stack"))), ==, "request");
}

static void
test_draft_round_trip (void)
{
  g_autoptr(KinemaRequest) rich = kinema_request_new ();
  g_autoptr(KinemaRequest) back = NULL;
  g_autofree char *json = NULL;
  const char *imgs[] = { element_png, NULL };
  KinemaStoryboard *storyboard = KINEMA_STORYBOARD (CHILD ("storyboard"));
  g_autoptr(GError) error = NULL;

  reset_editor ("kling");
  kinema_request_set_prompt (rich, "Story @hero");
  kinema_request_set_negative_prompt (rich, "noise");
  kinema_request_set_mode (rich, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (rich, png_ok);
  kinema_request_set_last_frame (rich, jpeg_ok);
  kinema_request_set_duration (rich, 9);
  kinema_request_set_cfg_scale (rich, 0.7);
  kinema_request_set_watermark (rich, TRUE);
  kinema_request_set_multi_shot (rich, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (rich, 4, "one");
  kinema_request_add_shot (rich, 5, "two");
  kinema_request_add_element (rich, "hero", "the hero", imgs);

  /* As the window saves and restores it. */
  json = kinema_request_to_json (rich);
  back = kinema_request_new_from_json (json, &error);
  g_assert_no_error (error);
  kinema_editor_set_request (editor, back);
  kinema_test_settle (10);

  g_assert_cmpstr (kinema_image_picker_get_path (KINEMA_IMAGE_PICKER (CHILD ("first_picker"))), ==, png_ok);
  g_assert_cmpstr (kinema_image_picker_get_path (KINEMA_IMAGE_PICKER (CHILD ("last_picker"))), ==, jpeg_ok);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (CHILD ("multi_customize"))));
  g_assert_nonnull (_kinema_storyboard_get_row (storyboard, 1));
  g_assert_null (_kinema_storyboard_get_row (storyboard, 2));
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (GTK_RANGE (CHILD ("cfg_scale"))), 0.7, 1e-9);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (CHILD ("watermark_switch"))));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (_kinema_editor_get_duration_spin (editor)), ==, 9);
  g_assert_nonnull (gtk_widget_get_first_child (CHILD ("element_list")));

  /* What the editor holds serializes to the same request. */
  {
    g_autofree char *again = kinema_request_to_json (request ());

    g_assert_cmpstr (again, ==, json);
  }
  g_assert_true (kinema_test_wait_until (picker_idle, CHILD ("first_picker"), TIMEOUT_S));
  g_assert_true (kinema_test_wait_until (picker_idle, CHILD ("last_picker"), TIMEOUT_S));
}

/* Keyboard and accessible names */

static gboolean
is_named (GtkWidget *widget)
{
  GtkAccessible *accessible = GTK_ACCESSIBLE (widget);
  GList *mnemonics;
  gboolean named;

  if (gtk_test_accessible_has_property (accessible, GTK_ACCESSIBLE_PROPERTY_LABEL) ||
      gtk_test_accessible_has_relation (accessible, GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    return TRUE;

  mnemonics = gtk_widget_list_mnemonic_labels (widget);
  named = mnemonics != NULL;
  g_list_free (mnemonics);
  return named;
}

/* The widget that speaks for @widget: GtkText inside an entry or a spin
 * button, the row of a list, ... have no role of their own. */
static GtkWidget *
accessible_owner (GtkWidget *widget)
{
  for (GtkWidget *w = widget; w != NULL; w = gtk_widget_get_parent (w))
    {
      GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w));

      if (role != GTK_ACCESSIBLE_ROLE_NONE && role != GTK_ACCESSIBLE_ROLE_PRESENTATION &&
          role != GTK_ACCESSIBLE_ROLE_GENERIC)
        return w;
    }
  return widget;
}

/* Walks the whole Tab cycle of the window from @start: every control the
 * keyboard can reach. Returns how many were checked; unnamed ones go to
 * @unnamed. (Walking the widget tree instead would also find widgets that
 * are "focusable" but never focused: a GtkScrolledWindow passes the focus
 * to its child, a drop-down's item widget is inside its button.) */
static guint
check_tab_cycle (GtkWidget *start,
                 GPtrArray *unnamed)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  guint n = 0;

  gtk_widget_grab_focus (start);
  for (guint i = 0; i < 500; i++)
    {
      GtkWidget *focus;
      GtkWidget *owner;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        {
          /* At the end GTK wraps around on the next Tab. */
          gtk_root_set_focus (GTK_ROOT (window), NULL);
          continue;
        }
      focus = gtk_root_get_focus (GTK_ROOT (window));
      if (focus == NULL || g_hash_table_contains (seen, focus))
        break;
      g_hash_table_add (seen, focus);
      n++;

      owner = accessible_owner (focus);
      if (!is_named (owner) && !is_named (focus))
        g_ptr_array_add (unnamed, g_strdup_printf ("%s (owner %s, role %d)", G_OBJECT_TYPE_NAME (focus),
                                                   G_OBJECT_TYPE_NAME (owner),
                                                   gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (owner))));
    }

  return n;
}

static void
test_keyboard_and_names (void)
{
  GtkWidget *generate = GTK_WIDGET (_kinema_editor_get_generate_button (editor));
  g_autoptr(GPtrArray) unnamed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) visited = g_ptr_array_new ();
  g_autoptr(KinemaRequest) rich = kinema_request_new ();
  guint n_checked = 0;
  gboolean reached = FALSE;

  reset_editor ("kling");
  /* Show as much of the editor as there is: frames, a storyboard, an element. */
  kinema_request_set_prompt (rich, "Test");
  kinema_request_set_mode (rich, KINEMA_MODE_IMAGE);
  kinema_request_set_first_frame (rich, png_ok);
  kinema_request_set_multi_shot (rich, KINEMA_MULTI_SHOT_CUSTOMIZE);
  kinema_request_add_shot (rich, 5, "Only shot");
  kinema_editor_set_request (editor, rich);
  kinema_test_settle (50);

  /* Tab from the prompt reaches Generate. */
  gtk_widget_grab_focus (GTK_WIDGET (_kinema_editor_get_prompt_view (editor)));
  for (guint i = 0; i < 200 && !reached; i++)
    {
      GtkWidget *focus;

      if (!gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD))
        break;
      focus = gtk_root_get_focus (GTK_ROOT (window));
      g_ptr_array_add (visited, focus);
      reached = focus == generate;
    }
  g_test_message ("Tab reached Generate after %u steps", visited->len);
  g_assert_true (reached);
  /* On the way it passed the storyboard and the settings. */
  {
    gboolean saw_shot = FALSE, saw_duration = FALSE;

    for (guint i = 0; i < visited->len; i++)
      {
        GtkWidget *w = g_ptr_array_index (visited, i);

        saw_shot |= gtk_widget_get_ancestor (w, KINEMA_TYPE_SHOT_ROW) != NULL;
        saw_duration |= gtk_widget_is_ancestor (w, GTK_WIDGET (_kinema_editor_get_duration_spin (editor)));
      }
    g_assert_true (saw_shot);
    g_assert_true (saw_duration);
  }

  /* Every control the keyboard reaches has an accessible name. */
  n_checked = check_tab_cycle (GTK_WIDGET (_kinema_editor_get_prompt_view (editor)), unnamed);
  g_test_message ("%u focusable controls checked", n_checked);
  for (guint i = 0; i < unnamed->len; i++)
    g_test_message ("no accessible name: %s", (char *) g_ptr_array_index (unnamed, i));
  g_assert_cmpuint (n_checked, >, 30);
  g_assert_cmpuint (unnamed->len, ==, 0);

  /* The same on the library page, with an element in it. */
  {
    g_autoptr(GError) error = NULL;
    KinemaElementLibrary *panel = KINEMA_ELEMENT_LIBRARY (CHILD ("element_library"));

    g_assert_true (kinema_element_library_create (panel, "owl", &error));
    g_assert_no_error (error);
    kinema_editor_show_library (editor, TRUE);
    kinema_test_settle (50);
    n_checked = check_tab_cycle (GTK_WIDGET (_kinema_element_library_get_new_row (panel)), unnamed);
    for (guint i = 0; i < unnamed->len; i++)
      g_test_message ("no accessible name (library): %s", (char *) g_ptr_array_index (unnamed, i));
    g_assert_cmpuint (unnamed->len, ==, 0);
    g_assert_cmpuint (n_checked, >, 3);
    kinema_element_library_delete (panel, kinema_element_row_get_record (_kinema_element_library_find_row (panel, "owl"))->id,
                                   &error);
    g_assert_no_error (error);
    kinema_editor_show_library (editor, FALSE);
  }

  /* Mnemonics on the main actions. */
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (generate)));
  g_assert_true (gtk_button_get_use_underline (GTK_BUTTON (CHILD ("mode_image"))));
}

/* One screenshot per provider preset, with what each lacks asserted. */
static void
test_screenshots (void)
{
  GtkWidget *content = gtk_widget_get_ancestor (CHILD ("provider_group"), GTK_TYPE_BOX);
  g_autoptr(GFile) first = g_file_new_for_path (png_ok);

  for (guint i = 0; i < kinema_presets_get_n (); i++)
    {
      const KinemaProviderConfig *preset = kinema_presets_get (i);
      const KinemaCapabilities *caps;
      g_autoptr(KinemaRequest) fresh = kinema_request_new ();
      g_autofree char *name = g_strdup_printf ("editor-%s", preset->id);
      g_autofree char *path = NULL;

      reset_editor (preset->id);
      caps = kinema_provider_get_capabilities (kinema_editor_get_provider (editor));

      set_text (_kinema_editor_get_prompt_view (editor),
                "A red fox trots through fresh snow at dawn, low tracking shot, soft golden light");
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("mode_image")), TRUE);
      g_assert_true (kinema_image_picker_set_file (KINEMA_IMAGE_PICKER (CHILD ("first_picker")), first));
      g_assert_true (kinema_test_wait_until (picker_idle, CHILD ("first_picker"), TIMEOUT_S));
      if (caps->max_shots > 0)
        {
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (CHILD ("multi_customize")), TRUE);
          kinema_storyboard_add_shot (KINEMA_STORYBOARD (CHILD ("storyboard")));
          kinema_storyboard_add_shot (KINEMA_STORYBOARD (CHILD ("storyboard")));
        }
      kinema_test_settle (300);

      g_assert_cmpint (gtk_widget_get_sensitive (CHILD ("watermark_row")), ==, caps->watermark);
      g_assert_cmpint (gtk_widget_get_sensitive (CHILD ("cfg_row")), ==, caps->cfg_scale);
      g_assert_cmpint (gtk_widget_get_sensitive (CHILD ("negative_group")), ==, caps->max_negative_chars > 0);
      g_assert_cmpint (gtk_widget_get_sensitive (CHILD ("multi_customize")), ==, caps->max_shots > 0);
      g_assert_cmpint (gtk_widget_get_sensitive (CHILD ("multi_intelligence")), ==, caps->multi_shot_intelligence);
      g_assert_cmpint (gtk_widget_get_sensitive (CHILD ("mode_reference")), ==, caps->max_reference_images > 0);
      g_assert_cmpint (gtk_widget_get_sensitive (CHILD ("elements_group")), ==, caps->max_elements > 0);
      g_assert_cmpint (gtk_widget_get_sensitive (CHILD ("last_picker")), ==, caps->last_frame);
      g_assert_false (gtk_widget_get_sensitive (CHILD ("aspect_row")));   /* a first frame is set */
      if (!caps->watermark)
        g_assert_true (has_tooltip_naming (CHILD ("watermark_row"), kinema_provider_get_name (kinema_editor_get_provider (editor))));

      path = kinema_test_save_screenshot (content, name, &window_background);
      if (i < 2)
        {
          g_autofree char *window_name = g_strconcat (name, "-window", NULL);

          g_free (kinema_test_save_screenshot (GTK_WIDGET (window), window_name, &window_background));
        }
    }
}

static void
test_preferences (void)
{
  KinemaPreferences *prefs = KINEMA_PREFERENCES (kinema_preferences_new (window, engine));
  g_autoptr(GSettings) settings = g_settings_new (BASE_ID);
  g_autoptr(GPtrArray) instances = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  GtkSpinButton *spin;

  gtk_window_present (GTK_WINDOW (prefs));
  kinema_test_settle (100);

  /* http:// is refused for a remote host. */
  adw_combo_row_set_selected (_kinema_preferences_get_add_dialect_row (prefs), 1);   /* LinkModel */
  gtk_editable_set_text (GTK_EDITABLE (_kinema_preferences_get_add_name_row (prefs)), "LinkModel (work)");
  gtk_editable_set_text (GTK_EDITABLE (_kinema_preferences_get_add_url_row (prefs)), "http://api.example.com/v1");
  g_assert_true (click (GTK_WIDGET (_kinema_preferences_get_add_button (prefs))));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_kinema_preferences_get_add_problem (prefs))));
  g_test_message ("refused: %s", gtk_label_get_label (_kinema_preferences_get_add_problem (prefs)));
  instances = kinema_library_list_providers (library, &error);
  g_assert_cmpuint (instances->len, ==, 0);
  g_clear_pointer (&instances, g_ptr_array_unref);

  /* https is fine. */
  gtk_editable_set_text (GTK_EDITABLE (_kinema_preferences_get_add_url_row (prefs)), "https://api.example.com/v1/");
  g_assert_true (click (GTK_WIDGET (_kinema_preferences_get_add_button (prefs))));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_kinema_preferences_get_add_problem (prefs))));
  instances = kinema_library_list_providers (library, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (instances->len, ==, 1);
  {
    KinemaProviderConfig *cfg = g_ptr_array_index (instances, 0);

    g_assert_cmpstr (cfg->id, ==, "linkmodel-work");
    g_assert_cmpstr (cfg->name, ==, "LinkModel (work)");
    g_assert_cmpstr (cfg->dialect, ==, "linkmodel");
    g_assert_cmpstr (cfg->base_url, ==, "https://api.example.com/v1");
    g_assert_cmpstr (cfg->model, ==, "kling-v3");
  }
  g_assert_nonnull (gtk_widget_get_first_child (GTK_WIDGET (_kinema_preferences_get_instances_list (prefs))));

  /* A price edit lands in GSettings. */
  spin = _kinema_preferences_get_price_spin (prefs, "linkmodel-work", 0);
  g_assert_nonnull (spin);
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (spin), 0.061, 1e-9);
  gtk_spin_button_set_value (spin, 0.05);
  json = g_settings_get_string (settings, "price-table");
  g_test_message ("price table: %s", json);
  g_assert_nonnull (strstr (json, "linkmodel-work"));

  g_free (kinema_test_save_screenshot (GTK_WIDGET (prefs), "preferences-providers", &window_background));

  /* Concurrency is a setting. */
  gtk_spin_button_set_value (_kinema_preferences_get_concurrency_spin (prefs), 4);
  g_assert_cmpint (g_settings_get_int (settings, "concurrency"), ==, 4);

  g_settings_reset (settings, "price-table");
  g_settings_reset (settings, "concurrency");
  gtk_window_destroy (GTK_WINDOW (prefs));
  kinema_test_settle (50);
}

/* Driver */

/* kinema_widget_after_first_frame(): nothing before the widget is drawn,
 * once after. */
static void
count_call_cb (GtkWidget *widget)
{
  guint *calls = g_object_get_data (G_OBJECT (widget), "calls");

  (*calls)++;
}

static gboolean
uint_is_nonzero (gpointer data)
{
  return *(guint *) data != 0;
}

static void
test_after_first_frame (void)
{
  GtkWindow *other = GTK_WINDOW (gtk_window_new ());
  GtkWidget *label = gtk_label_new ("Drawn");
  guint calls = 0;

  g_object_set_data (G_OBJECT (label), "calls", &calls);
  gtk_window_set_child (other, label);
  kinema_widget_after_first_frame (label, count_call_cb);
  kinema_test_settle (100);
  g_assert_cmpuint (calls, ==, 0);

  gtk_window_present (other);
  g_assert_true (kinema_test_wait_until (uint_is_nonzero, &calls, TIMEOUT_S));
  gtk_widget_queue_draw (label);
  kinema_test_settle (200);
  g_assert_cmpuint (calls, ==, 1);

  gtk_window_destroy (other);
}

/* kinema_widget_set_tooltip(): the text is given when GTK asks, an empty
 * text is none, and setting the same text again changes nothing. */
static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_tooltip_on_demand (void)
{
  GtkWidget *button = g_object_ref_sink (gtk_button_new_from_icon_name ("list-add-symbolic"));
  GtkTooltip *tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;
  guint notifies = 0;

  g_assert_null (kinema_widget_get_tooltip (button));
  g_assert_false (gtk_widget_get_has_tooltip (button));

  g_signal_connect (button, "notify::has-tooltip", G_CALLBACK (count_notify_cb), &notifies);
  kinema_widget_set_tooltip (button, "Add a Shot");
  g_assert_cmpstr (kinema_widget_get_tooltip (button), ==, "Add a Shot");
  g_assert_true (gtk_widget_get_has_tooltip (button));
  g_assert_cmpuint (notifies, ==, 1);
  /* GTK's own tooltip text is never set: that is the round trip avoided. */
  g_assert_null (gtk_widget_get_tooltip_text (button));

  g_signal_emit_by_name (button, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_true (shown);

  kinema_widget_set_tooltip (button, "Add a Shot");
  g_assert_cmpuint (notifies, ==, 1);

  kinema_widget_set_tooltip (button, "");
  g_assert_null (kinema_widget_get_tooltip (button));
  g_assert_false (gtk_widget_get_has_tooltip (button));
  shown = TRUE;
  g_signal_emit_by_name (button, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_false (shown);

  /* Back again: one handler, still answering. */
  kinema_widget_set_tooltip (button, "Add Another");
  g_signal_emit_by_name (button, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_assert_true (shown);
  g_assert_cmpstr (kinema_widget_get_tooltip (button), ==, "Add Another");

  g_object_unref (tooltip);
  g_object_unref (button);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *clips_dir = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *db = NULL;
  const char *providers[] = { "simulator", "kling", "linkmodel", "modelstream", "market", "kie", "uniall" };
  int status;

  /* Nothing renders during the test: jobs only need to exist. */
  tmp_home = kinema_test_home_new ("kinema-editor", 600000);
  data_dir = g_strdup (g_getenv ("KINEMA_DATA_DIR"));
  clips_dir = g_strdup (g_getenv ("KINEMA_CLIPS_DIR"));
  cache_dir = g_strdup (g_getenv ("KINEMA_CACHE_DIR"));
  /* Records accessible properties, so that names can be asserted. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  /* API keys go to libsecret's file backend here, never a real keyring. */
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  {
    g_autofree char *keyring = g_build_filename (tmp_home, "test.keyring", NULL);

    g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
    g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);
  }

  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();
  gst_init (NULL, NULL);

  g_assert_true (kinema_paths_ensure_dir (data_dir, NULL));
  g_assert_true (kinema_paths_ensure_dir (cache_dir, NULL));
  png_ok = g_build_filename (tmp_home, "frame.png", NULL);
  jpeg_ok = g_build_filename (tmp_home, "last.jpg", NULL);
  png_small = g_build_filename (tmp_home, "tiny.png", NULL);
  element_png = g_build_filename (tmp_home, "fox.png", NULL);
  write_image (png_ok, 640, 360, "png");
  write_image (jpeg_ok, 480, 480, "jpeg");
  write_image (png_small, 120, 90, "png");
  write_image (element_png, 400, 400, "png");

  db = g_build_filename (data_dir, "library.db", NULL);
  library = kinema_library_new (db, &error);
  g_assert_no_error (error);
  engine = kinema_engine_new (library, clips_dir);
  for (guint i = 0; i < G_N_ELEMENTS (providers); i++)
    {
      g_autoptr(KinemaProvider) provider = make_provider (providers[i]);

      kinema_engine_add_provider (engine, provider);
    }

  window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (window, 560, 780);
  editor = KINEMA_EDITOR (kinema_editor_new ());
  gtk_window_set_child (window, GTK_WIDGET (editor));
  kinema_editor_set_engine (editor, engine);
  gtk_window_present (window);
  kinema_test_settle (300);

  g_test_add_func ("/editor/remix-api", test_remix_api);
  g_test_add_func ("/editor/tooltip-on-demand", test_tooltip_on_demand);
  g_test_add_func ("/editor/after-first-frame", test_after_first_frame);
  g_test_add_func ("/editor/provider-reshapes", test_provider_reshapes);
  g_test_add_func ("/editor/frames", test_frames);
  g_test_add_func ("/editor/file-check-not-stale", test_file_check_not_stale);
  g_test_add_func ("/editor/paste-image", test_paste_image);
  g_test_add_func ("/editor/reference-images", test_reference_images);
  g_test_add_func ("/editor/storyboard", test_storyboard);
  g_test_add_func ("/editor/forced-audio", test_forced_audio);
  g_test_add_func ("/editor/problems-beside-fields", test_problems_beside_fields);
  g_test_add_func ("/editor/price-and-variants", test_price_and_variants);
  g_test_add_func ("/editor/elements", test_elements);
  g_test_add_func ("/editor/draft-round-trip", test_draft_round_trip);
  g_test_add_func ("/editor/keyboard-and-names", test_keyboard_and_names);
  g_test_add_func ("/editor/screenshots", test_screenshots);
  g_test_add_func ("/editor/preferences", test_preferences);

  status = g_test_run ();

  gtk_window_destroy (window);
  kinema_test_settle (50);
  g_clear_object (&engine);
  g_clear_object (&library);
  g_clear_pointer (&png_ok, g_free);
  g_clear_pointer (&jpeg_ok, g_free);
  g_clear_pointer (&png_small, g_free);
  g_clear_pointer (&element_png, g_free);

  kinema_test_rm_rf (tmp_home);
  g_clear_pointer (&tmp_home, g_free);

  return status;
}
