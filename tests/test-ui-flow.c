/* test-ui-flow.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The whole application, driven through its real widgets in a temporary
 * home: the application starts as the user's does (g_application_run),
 * and the test cases run from an idle once its window is up.
 */
#define G_LOG_DOMAIN "test-ui-flow"

#include "config.h"

#include <adwaita.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "kinema-application.h"
#include "kinema-media-stream.h"
#include "kinema-paths.h"
#include "kinema-test-media.h"
#include "kinema-test-ui.h"
#include "kinema-ui-util.h"
#include "kinema-window.h"
#include "kinema-window-private.h"

#define JOB_TIMEOUT_S     90
#define WIDGET_TIMEOUT_S  30
#define MIN_FRAMES        10

static KinemaApplication *app;
static KinemaWindow *window;
static char *tmp_home;
static int test_status;

/* Helpers */

static void
set_prompt (const char *text)
{
  KinemaEditor *editor = _kinema_window_get_editor (window);
  GtkTextView *view = _kinema_editor_get_prompt_view (editor);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), text, -1);
}

static GtkWidget *
find_card_for_job (GtkWidget *widget,
                   KinemaJob *job)
{
  if (KINEMA_IS_CLIP_CARD (widget) && kinema_clip_card_get_job (KINEMA_CLIP_CARD (widget)) == job)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_card_for_job (child, job);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Conditions */

static gboolean
job_is_final (gpointer data)
{
  return kinema_job_state_is_final (kinema_job_get_state (KINEMA_JOB (data)));
}

static gboolean
has_jobs (gpointer data)
{
  KinemaEngine *engine = kinema_window_get_engine (window);

  return g_list_model_get_n_items (kinema_engine_get_jobs (engine)) > 0;
}

typedef struct
{
  KinemaJob *job;
  GtkWidget *card;
} CardSearch;

static gboolean
card_is_shown (gpointer data)
{
  CardSearch *search = data;
  GtkGridView *grid = _kinema_gallery_get_grid (_kinema_window_get_gallery (window));

  search->card = find_card_for_job (GTK_WIDGET (grid), search->job);
  return search->card != NULL && gtk_widget_get_mapped (search->card);
}

static gboolean
player_has_clip (gpointer data)
{
  KinemaPlayer *player = _kinema_window_get_player (window);

  return kinema_player_get_clip (player) == data && kinema_player_get_stream (player) != NULL;
}

static gboolean
stream_is_prepared_or_failed (gpointer data)
{
  GtkMediaStream *stream = data;

  return gtk_media_stream_is_prepared (stream) || gtk_media_stream_get_error (stream) != NULL;
}

static gboolean
frames_shown (gpointer data)
{
  KinemaMediaStream *stream = data;

  return kinema_media_stream_get_frames_shown (stream) >= MIN_FRAMES
         || gtk_media_stream_get_error (GTK_MEDIA_STREAM (stream)) != NULL;
}

static gboolean
player_shows_error (gpointer data)
{
  KinemaPlayer *player = _kinema_window_get_player (window);
  AdwStatusPage *page = _kinema_player_get_status_page (player);

  return gtk_widget_get_mapped (GTK_WIDGET (page))
         && g_strcmp0 (adw_status_page_get_icon_name (page), "dialog-error-symbolic") == 0;
}

/* Test cases */

static void
test_fresh_machine_selects_simulator (void)
{
  KinemaEditor *editor = _kinema_window_get_editor (window);
  GtkDropDown *dropdown = _kinema_editor_get_provider_dropdown (editor);
  KinemaProvider *provider = gtk_drop_down_get_selected_item (dropdown);
  g_autofree char *name = NULL;
  g_autofree char *folded = NULL;

  g_assert_nonnull (provider);
  g_assert_true (provider == kinema_editor_get_provider (editor));
  g_assert_true (kinema_provider_is_simulation (provider));

  name = kinema_provider_dup_display_name (provider);
  folded = g_utf8_casefold (name, -1);
  g_test_message ("selected provider: %s", name);
  g_assert_nonnull (strstr (folded, "simulation"));
}

static void
test_generate_insensitive_when_empty (void)
{
  KinemaEditor *editor = _kinema_window_get_editor (window);
  GtkWidget *button = GTK_WIDGET (_kinema_editor_get_generate_button (editor));
  GtkWidget *problems = GTK_WIDGET (_kinema_editor_get_problems_label (editor));

  set_prompt ("");
  kinema_test_settle (50);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_false (kinema_editor_get_can_generate (editor));
  g_assert_true (gtk_widget_get_visible (problems));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (problems)), !=, "");
  g_assert_nonnull (kinema_widget_get_tooltip (button));

  /* Pressing it anyway sends nothing. */
  g_signal_emit_by_name (button, "clicked");
  kinema_test_settle (50);
  g_assert_cmpuint (g_list_model_get_n_items (kinema_engine_get_jobs (kinema_window_get_engine (window))), ==, 0);

  set_prompt ("A lighthouse at dusk");
  kinema_test_settle (50);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_get_visible (problems));

  set_prompt ("");
  kinema_test_settle (50);
  g_assert_false (gtk_widget_get_sensitive (button));
}

static void
test_prompt_counter (void)
{
  KinemaEditor *editor = _kinema_window_get_editor (window);
  GtkLabel *counter = _kinema_editor_get_prompt_counter (editor);
  GtkWidget *button = GTK_WIDGET (_kinema_editor_get_generate_button (editor));
  const KinemaCapabilities *caps = kinema_provider_get_capabilities (kinema_editor_get_provider (editor));
  g_autofree char *too_long = NULL;

  g_assert_cmpuint (caps->max_prompt_chars, >, 0);

  set_prompt ("Hello");
  kinema_test_settle (20);
  g_test_message ("counter: %s", gtk_label_get_label (counter));
  g_assert_true (g_str_has_prefix (gtk_label_get_label (counter), "5 / "));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (counter), "error"));

  too_long = g_strnfill (caps->max_prompt_chars + 1, 'a');
  set_prompt (too_long);
  kinema_test_settle (20);
  g_test_message ("counter: %s", gtk_label_get_label (counter));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (counter), "error"));
  g_assert_false (gtk_widget_get_sensitive (button));

  set_prompt ("");
  kinema_test_settle (20);
}

static void
test_player_reports_broken_file (void)
{
  KinemaPlayer *player = _kinema_window_get_player (window);
  g_autoptr(KinemaClip) clip = kinema_clip_new ();
  g_autofree char *path = g_build_filename (tmp_home, "broken.mp4", NULL);
  AdwStatusPage *page = _kinema_player_get_status_page (player);

  g_assert_true (g_file_set_contents (path, "this is not a video", -1, NULL));
  clip->path = g_strdup (path);

  kinema_player_set_clip (player, clip);
  g_assert_true (kinema_test_wait_until (player_shows_error, NULL, WIDGET_TIMEOUT_S));
  g_test_message ("player error: %s", adw_status_page_get_description (page));
  g_assert_cmpstr (adw_status_page_get_description (page), !=, "");

  kinema_player_set_clip (player, NULL);
  g_assert_null (kinema_player_get_stream (player));
}

static void
test_generate_select_and_play (void)
{
  KinemaEngine *engine = kinema_window_get_engine (window);
  KinemaEditor *editor = _kinema_window_get_editor (window);
  KinemaGallery *gallery = _kinema_window_get_gallery (window);
  KinemaPlayer *player = _kinema_window_get_player (window);
  GtkSpinButton *spin = _kinema_editor_get_duration_spin (editor);
  GtkWidget *button = GTK_WIDGET (_kinema_editor_get_generate_button (editor));
  GtkGridView *grid = _kinema_gallery_get_grid (gallery);
  GtkSelectionModel *selection = gtk_grid_view_get_model (grid);
  GtkVideo *video = _kinema_player_get_video (player);
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GdkTexture) frame = NULL;
  g_autofree char *screenshot = NULL;
  GListModel *jobs = kinema_engine_get_jobs (engine);
  CardSearch search = { NULL, NULL };
  GtkMediaStream *stream;
  KinemaClip *clip;
  guint position = GTK_INVALID_LIST_POSITION;
  guint n_colours;
  double stddev;
  int width, height;

  /* Type a prompt, choose 3 s and press Generate. */
  set_prompt ("A paper boat drifts down a rain-soaked street at night, neon reflections, slow dolly shot");
  gtk_spin_button_set_value (spin, 3);
  kinema_test_settle (50);
  g_assert_cmpuint (kinema_request_get_duration (kinema_editor_get_request (editor)), ==, 3);
  g_assert_true (gtk_widget_get_sensitive (button));

  g_assert_true (gtk_widget_activate (button));
  g_assert_true (kinema_test_wait_until (has_jobs, NULL, WIDGET_TIMEOUT_S));

  job = g_list_model_get_item (jobs, 0);
  g_assert_nonnull (job);
  g_assert_cmpuint (kinema_request_get_duration (kinema_job_get_request (job)), ==, 3);

  /* The card shows the job while it runs. */
  search.job = job;
  g_assert_true (kinema_test_wait_until (card_is_shown, &search, WIDGET_TIMEOUT_S));
  kinema_test_settle (400);   /* the gallery cross-fades from its empty page */
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "ui-flow-running", NULL));

  g_assert_true (kinema_test_wait_until (job_is_final, job, JOB_TIMEOUT_S));
  if (kinema_job_get_state (job) != KINEMA_JOB_DONE)
    g_error ("The job ended %s: %s", kinema_job_state_to_string (kinema_job_get_state (job)),
             kinema_job_get_error_message (job));
  clip = kinema_job_get_clip (job);
  g_assert_nonnull (clip);
  g_assert_true (g_file_test (clip->path, G_FILE_TEST_IS_REGULAR));

  /* Find the card in the grid and select it. */
  g_assert_true (kinema_test_wait_until (card_is_shown, &search, WIDGET_TIMEOUT_S));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (selection)); i++)
    {
      g_autoptr(KinemaJob) item = g_list_model_get_item (G_LIST_MODEL (selection), i);

      if (item == job)
        position = i;
    }
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  g_assert_true (gtk_selection_model_select_item (selection, position, TRUE));
  g_assert_true (kinema_gallery_get_selected_job (gallery) == job);

  /* The player loads it; play it until frames are on screen. */
  g_assert_true (kinema_test_wait_until (player_has_clip, clip, WIDGET_TIMEOUT_S));
  stream = kinema_player_get_stream (player);
  g_assert_true (gtk_video_get_media_stream (video) == stream);
  g_assert_true (KINEMA_IS_MEDIA_STREAM (stream));

  g_assert_true (kinema_test_wait_until (stream_is_prepared_or_failed, stream, WIDGET_TIMEOUT_S));
  g_assert_no_error ((GError *) gtk_media_stream_get_error (stream));
  gtk_media_stream_play (stream);
  g_assert_true (kinema_test_wait_until (frames_shown, stream, WIDGET_TIMEOUT_S));
  g_assert_no_error ((GError *) gtk_media_stream_get_error (stream));
  g_test_message ("frames shown: %u", kinema_media_stream_get_frames_shown (KINEMA_MEDIA_STREAM (stream)));
  gtk_media_stream_pause (stream);
  kinema_test_settle (200);

  screenshot = kinema_test_save_screenshot (GTK_WIDGET (window), "ui-flow", NULL);

  /* The current frame is a picture, not a flat colour. */
  width = gdk_paintable_get_intrinsic_width (GDK_PAINTABLE (stream));
  height = gdk_paintable_get_intrinsic_height (GDK_PAINTABLE (stream));
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  frame = kinema_test_render_paintable (GTK_WIDGET (window), GDK_PAINTABLE (stream), width, height);
  kinema_test_measure_texture (frame, &n_colours, &stddev);
  g_test_message ("frame %dx%d: %u colours, luma stddev %.1f", width, height, n_colours, stddev);
  g_assert_cmpuint (n_colours, >, 16);
  g_assert_cmpfloat (stddev, >, 8.0);

  /* And the video widget on screen shows it, too. */
  {
    g_autoptr(GdkTexture) shown = kinema_test_render_widget (GTK_WIDGET (video), NULL);

    kinema_test_measure_texture (shown, &n_colours, &stddev);
    g_test_message ("video widget: %u colours, luma stddev %.1f", n_colours, stddev);
    g_assert_cmpuint (n_colours, >, 16);
  }
}

/* Driver */

static gboolean
run_tests_cb (gpointer data)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (KINEMA_IS_WINDOW (active));
  window = KINEMA_WINDOW (active);

  /* Let the window map and lay out once. */
  kinema_test_settle (300);

  test_status = g_test_run ();

  gtk_window_close (GTK_WINDOW (window));
  window = NULL;
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
activated_cb (GApplication *application)
{
  g_idle_add (run_tests_cb, NULL);
}

int
main (int   argc,
      char *argv[])
{
  char *app_argv[] = { argv[0], NULL };
  int status;

  tmp_home = kinema_test_home_new ("kinema-ui-flow", 200);

  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  g_test_add_func ("/ui-flow/fresh-machine-selects-simulator", test_fresh_machine_selects_simulator);
  g_test_add_func ("/ui-flow/generate-insensitive-when-empty", test_generate_insensitive_when_empty);
  g_test_add_func ("/ui-flow/prompt-counter", test_prompt_counter);
  g_test_add_func ("/ui-flow/player-reports-broken-file", test_player_reports_broken_file);
  g_test_add_func ("/ui-flow/generate-select-and-play", test_generate_select_and_play);

  /* The application the user runs, started the way the user starts it;
   * the cases run once its own "activate" has made the window. */
  app = kinema_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), NULL);

  status = g_application_run (G_APPLICATION (app), 1, app_argv);
  g_clear_object (&app);

  kinema_test_rm_rf (tmp_home);
  g_clear_pointer (&tmp_home, g_free);

  return status != 0 ? status : test_status;
}
