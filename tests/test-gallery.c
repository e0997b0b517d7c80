/* test-gallery.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The gallery, the player, the details pane and the compare window,
 * driven through the real application in a temporary home whose library
 * was seeded with real clips from the simulator's renderer, many job rows
 * pointing at them, running, failed and unknown jobs, and broken files.
 */
#define G_LOG_DOMAIN "test-gallery"

#include "config.h"

#include <adwaita.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>
#include <math.h>
#include <string.h>

#include "kinema-application.h"
#include "kinema-compare.h"
#include "kinema-gallery-private.h"
#include "kinema-http-provider.h"
#include "kinema-library.h"
#include "kinema-media-probe.h"
#include "kinema-media-stream.h"
#include "kinema-paths.h"
#include "kinema-presets.h"
#include "kinema-sim-renderer.h"
#include "kinema-test-media.h"
#include "kinema-test-ui.h"
#include "kinema-window.h"
#include "kinema-window-private.h"

#define TIMEOUT_S      30
#define MIN_FRAMES     10
#define N_DONE         240
#define N_OLD          10

static const char *subjects[] = {
  "harbour at dawn, gulls over the masts",
  "forest path in fog, a fox crosses",
  "desert highway, heat shimmer, a red car",
  "neon city alley in the rain",
};

static KinemaApplication *app;
static KinemaWindow *window;
static KinemaLibrary *library;   /* a second connection, to check what persisted */
static char *tmp_home;
static char *clip_paths[3];
static int clip_sizes[3][2];
static int test_status;

/* Seeded job ids */
#define RUNNING_ID   "job-running"
#define TRUNCATED_ID "job-truncated"
#define NOTVIDEO_ID  "job-notvideo"
#define MISSING_ID   "job-missing"
#define FAILED_ID    "job-failed"
#define UNKNOWN_ID   "job-unknown"

static char *
done_id (guint i)
{
  return g_strdup_printf ("job-done-%03u", i);
}

/* Helpers */

static KinemaGallery *
gallery (void)
{
  return _kinema_window_get_gallery (window);
}

static KinemaPlayer *
player (void)
{
  return _kinema_window_get_player (window);
}

static GListModel *
model (void)
{
  return G_LIST_MODEL (_kinema_gallery_get_selection (gallery ()));
}

static guint
n_items (void)
{
  return g_list_model_get_n_items (model ());
}

static KinemaJob *
lookup (const char *id)
{
  KinemaJob *job = kinema_job_list_lookup (kinema_gallery_get_job_list (gallery ()), id);

  g_assert_nonnull (job);
  /* The list (or the engine) keeps it alive. */
  g_object_unref (job);
  return job;
}

static void
activate (const char *action,
          const char *job_id)
{
  if (job_id != NULL)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gallery ()), action, "s", job_id));
  else
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (gallery ()), action, NULL));
}

static GtkWidget *
find_card (GtkWidget  *widget,
           const char *job_id)
{
  if (KINEMA_IS_CLIP_CARD (widget))
    {
      KinemaJob *job = kinema_clip_card_get_job (KINEMA_CLIP_CARD (widget));

      if (job != NULL && g_strcmp0 (kinema_job_get_id (job), job_id) == 0)
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_card (child, job_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
count_cards (GtkWidget *widget,
             guint     *n)
{
  if (KINEMA_IS_CLIP_CARD (widget) && gtk_widget_get_mapped (widget) &&
      kinema_clip_card_get_job (KINEMA_CLIP_CARD (widget)) != NULL)
    (*n)++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    count_cards (child, n);
}

static void
scroll_to (const char *job_id)
{
  guint position = kinema_job_list_find (kinema_gallery_get_job_list (gallery ()), job_id);

  g_assert_cmpuint (position, !=, G_MAXUINT);
  gtk_widget_activate_action (GTK_WIDGET (_kinema_gallery_get_grid (gallery ())), "list.scroll-to-item", "u", position);
}

static gboolean
card_shown (gpointer data)
{
  GtkWidget *card = find_card (GTK_WIDGET (_kinema_gallery_get_grid (gallery ())), data);

  return card != NULL && gtk_widget_get_mapped (card) && kinema_clip_card_is_built (KINEMA_CLIP_CARD (card));
}

static KinemaClipCard *
show_card (const char *job_id)
{
  scroll_to (job_id);
  g_assert_true (kinema_test_wait_until (card_shown, (gpointer) job_id, TIMEOUT_S));
  return KINEMA_CLIP_CARD (find_card (GTK_WIDGET (_kinema_gallery_get_grid (gallery ())), job_id));
}

static void
select_job (const char *job_id,
            gboolean    unselect_rest)
{
  guint position = kinema_job_list_find (kinema_gallery_get_job_list (gallery ()), job_id);

  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_assert_true (gtk_selection_model_select_item (GTK_SELECTION_MODEL (_kinema_gallery_get_selection (gallery ())),
                                                  position, unselect_rest));
}

static gboolean
at_half_second (gpointer data)
{
  return ABS (gtk_media_stream_get_timestamp (GTK_MEDIA_STREAM (data)) - 500000) < 100000;
}

static gboolean
frames_shown (gpointer data)
{
  GtkMediaStream *stream = data;

  return (KINEMA_IS_MEDIA_STREAM (stream) &&
          kinema_media_stream_get_frames_shown (KINEMA_MEDIA_STREAM (stream)) >= MIN_FRAMES) ||
         gtk_media_stream_get_error (stream) != NULL;
}

static gboolean
player_playing_clip (gpointer data)
{
  KinemaClip *clip = data;
  GtkMediaStream *stream = kinema_player_get_stream (player ());

  return kinema_player_get_clip (player ()) == clip && stream != NULL &&
         gtk_media_stream_get_playing (stream);
}

static void
assert_picture (GtkWidget  *widget,
                const char *what)
{
  g_autoptr(GdkTexture) shown = kinema_test_render_widget (widget, NULL);
  guint n_colours;
  double stddev;

  kinema_test_measure_texture (shown, &n_colours, &stddev);
  g_test_message ("%s: %u colours, luma stddev %.1f", what, n_colours, stddev);
  g_assert_cmpuint (n_colours, >, 16);
  g_assert_cmpfloat (stddev, >, 8.0);
}

static gboolean
job_left_state (gpointer data)
{
  KinemaJob *job = data;

  return kinema_job_get_state (job) != KINEMA_JOB_UNKNOWN;
}

static gboolean
job_is_final (gpointer data)
{
  return kinema_job_state_is_final (kinema_job_get_state (KINEMA_JOB (data)));
}

/* A notification server on the session bus, so that GNotification has
 * somewhere to go and the test can click a notification. */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "      <arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "      <arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='CloseNotification'><arg type='u' direction='in'/></method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "    <method name='GetServerInformation'>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "      <arg type='s' direction='out'/><arg type='s' direction='out'/>"
  "    </method>"
  "    <signal name='ActionInvoked'><arg type='u'/><arg type='s'/></signal>"
  "    <signal name='NotificationClosed'><arg type='u'/><arg type='u'/></signal>"
  "  </interface>"
  "</node>";

typedef struct
{
  guint32  id;
  char    *title;
  char    *body;
  gboolean has_default;
} Notification;

static GPtrArray *notifications;   /* Notification* */
static GDBusConnection *notify_bus;
static char *shown_item;           /* the last URI FileManager1.ShowItems got */

static void
notification_free (Notification *n)
{
  g_free (n->title);
  g_free (n->body);
  g_free (n);
}

static void
notifications_method_cb (GDBusConnection       *connection,
                         const char            *sender,
                         const char            *path,
                         const char            *interface,
                         const char            *method,
                         GVariant              *parameters,
                         GDBusMethodInvocation *invocation,
                         gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      g_autofree const char **actions = NULL;
      const char *title, *body;
      Notification *n = g_new0 (Notification, 1);

      g_variant_get (parameters, "(&su&s&s&s^a&s@a{sv}i)", NULL, NULL, NULL, &title, &body, &actions, NULL, NULL);
      n->id = notifications->len + 1;
      n->title = g_strdup (title);
      n->body = g_strdup (body);
      for (guint i = 0; actions != NULL && actions[i] != NULL; i += 2)
        if (g_str_equal (actions[i], "default"))
          n->has_default = TRUE;
      g_ptr_array_add (notifications, n);
      g_test_message ("notification %u: “%s” (%s)", n->id, title, n->has_default ? "with a default action" : "no action");
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", n->id));
    }
  else if (g_str_equal (method, "GetCapabilities"))
    {
      const char *caps[] = { "actions", "body", NULL };

      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(^as)", caps));
    }
  else if (g_str_equal (method, "GetServerInformation"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(ssss)", "test", "kinema", "1", "1.2"));
  else
    g_dbus_method_invocation_return_value (invocation, NULL);
}

static const char file_manager_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.FileManager1'>"
  "    <method name='ShowItems'>"
  "      <arg type='as' direction='in'/>"
  "      <arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

static void
file_manager_method_cb (GDBusConnection       *connection,
                        const char            *sender,
                        const char            *path,
                        const char            *interface,
                        const char            *method,
                        GVariant              *parameters,
                        GDBusMethodInvocation *invocation,
                        gpointer               user_data)
{
  g_autofree const char **uris = NULL;

  g_variant_get (parameters, "(^a&s&s)", &uris, NULL);
  g_free (shown_item);
  shown_item = g_strdup (uris && uris[0] ? uris[0] : "");
  g_test_message ("ShowItems: %s", shown_item);
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
own_name (const char *name)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_sync (notify_bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", name, 4 /* do not queue */),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static void
start_notification_server (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_method_cb, NULL, NULL, { 0 } };
  static const GDBusInterfaceVTable fm_vtable = { file_manager_method_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GDBusNodeInfo) fm_info = g_dbus_node_info_new_for_xml (file_manager_xml, NULL);
  g_autoptr(GError) error = NULL;

  notifications = g_ptr_array_new_with_free_func ((GDestroyNotify) notification_free);
  notify_bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (notify_bus == NULL)
    {
      g_test_message ("no session bus: %s", error->message);
      return;
    }
  g_dbus_connection_register_object (notify_bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (notify_bus, "/org/freedesktop/FileManager1", fm_info->interfaces[0],
                                     &fm_vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  own_name ("org.freedesktop.Notifications");
  own_name ("org.freedesktop.FileManager1");
}

/* Test cases */

static gboolean
thumbnail_on (gpointer data)
{
  GtkWidget *card = find_card (GTK_WIDGET (_kinema_gallery_get_grid (gallery ())), data);

  return card != NULL && kinema_clip_card_has_thumbnail (KINEMA_CLIP_CARD (card));
}

static void
test_shows_library (void)
{
  guint total = N_DONE + N_OLD + 6;
  guint n_cards = 0;
  g_autofree char *first_done = done_id (0);
  g_autofree char *second_done = done_id (1);
  KinemaJobList *jobs = kinema_gallery_get_job_list (gallery ());

  g_assert_cmpuint (n_items (), ==, total);
  /* Newest first: the running job was made last. */
  {
    g_autoptr(KinemaJob) top = g_list_model_get_item (model (), 0);

    g_assert_cmpstr (kinema_job_get_id (top), ==, RUNNING_ID);
  }

  /* Lazy: only what the grid asked for was read. */
  g_test_message ("rows read for the first screen: %u of %u", kinema_job_list_get_n_rows_loaded (jobs), total);

  count_cards (GTK_WIDGET (_kinema_gallery_get_grid (gallery ())), &n_cards);
  g_test_message ("cards on screen: %u", n_cards);
  g_assert_cmpuint (n_cards, >, 0);
  g_assert_cmpuint (n_cards, <, 60);

  /* The first finished ones get real thumbnails. */
  show_card (first_done);
  g_assert_true (kinema_test_wait_until (thumbnail_on, first_done, TIMEOUT_S));
  g_assert_true (kinema_test_wait_until (thumbnail_on, second_done, TIMEOUT_S));
  kinema_test_settle (300);
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "gallery-grid", NULL));
}


static void
check_cards_built (GtkWidget *widget,
                   GtkWidget *grid,
                   guint     *built,
                   guint     *waiting,
                   guint     *visible_unbuilt)
{
  if (KINEMA_IS_CLIP_CARD (widget))
    {
      graphene_rect_t bounds;

      if (kinema_clip_card_is_built (KINEMA_CLIP_CARD (widget)))
        (*built)++;
      else
        {
          (*waiting)++;
          if (gtk_widget_get_mapped (widget) && gtk_widget_compute_bounds (widget, grid, &bounds) &&
              bounds.origin.y < gtk_widget_get_height (grid) && bounds.origin.y + bounds.size.height > 0)
            (*visible_unbuilt)++;
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    check_cards_built (child, grid, built, waiting, visible_unbuilt);
}

static gboolean
no_card_waiting (gpointer data)
{
  guint built = 0, waiting = 0, visible_unbuilt = 0;

  check_cards_built (data, data, &built, &waiting, &visible_unbuilt);
  return waiting == 0;
}

/* The first frame built only the cards it could show; the grid's others
 * (GTK 4.8 makes about 30 rows of them) were built after it, and now all
 * of them are. */
static void
test_first_frame_cards (void)
{
  GtkWidget *grid = GTK_WIDGET (_kinema_gallery_get_grid (gallery ()));
  guint first_built = 0, first_deferred = 0, first_blank = 0;
  guint built = 0, waiting = 0, visible_unbuilt = 0;

  _kinema_gallery_get_first_frame_cards (gallery (), &first_built, &first_deferred, &first_blank);
  g_test_message ("first frame: %u cards built, %u after it, %u of those in view",
                  first_built, first_deferred, first_blank);
  g_assert_cmpuint (first_built, >, 0);
  g_assert_cmpuint (first_blank, ==, 0);
  /* 800 px: four rows of three. */
  g_assert_cmpuint (first_built, <=, 12);
  g_assert_cmpuint (first_deferred, >, 0);

  /* They are built one a frame, so that no frame is late for them... */
  check_cards_built (grid, grid, &built, &waiting, &visible_unbuilt);
  g_test_message ("now %u built, %u waiting", built, waiting);
  g_assert_cmpuint (visible_unbuilt, ==, 0);
  g_assert_cmpuint (built, >, first_built);
  g_assert_cmpuint (built + waiting, ==, first_built + first_deferred);

  /* ...unless the grid is scrolled: then all of them at once. */
  if (waiting > 0)
    {
      GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (grid));

      gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_value (vadjustment) + 1);
      g_assert_true (no_card_waiting (grid));
      gtk_adjustment_set_value (vadjustment, 0);
    }
  else
    g_test_message ("all built before the test could scroll");
  g_assert_true (kinema_test_wait_until (no_card_waiting, grid, TIMEOUT_S));
}


static gboolean
max_columns_is (gpointer data)
{
  guint want = GPOINTER_TO_UINT (data);

  return gtk_grid_view_get_max_columns (_kinema_gallery_get_grid (gallery ())) == want;
}

static gboolean
max_columns_below (gpointer data)
{
  return gtk_grid_view_get_max_columns (_kinema_gallery_get_grid (gallery ())) < GPOINTER_TO_UINT (data);
}

/* GTK 4.8's grid keeps 30 rows of max-columns cards alive, so max-columns
 * follows the width instead of staying at 8. */
static void
test_columns_follow_width (void)
{
  GtkGridView *grid = _kinema_gallery_get_grid (gallery ());
  guint before = gtk_grid_view_get_max_columns (grid);
  int width, height;
  guint n_cards = 0;

  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_test_message ("max-columns at %d px: %u", width, before);
  g_assert_cmpuint (before, >=, 2);
  g_assert_cmpuint (before, <=, 4);

  /* Narrower: fewer columns (the display may not allow a wider window). */
  gtk_window_set_default_size (GTK_WINDOW (window), 860, height);
  g_assert_true (kinema_test_wait_until (max_columns_below, GUINT_TO_POINTER (before), TIMEOUT_S));
  g_test_message ("max-columns at 860 px: %u", gtk_grid_view_get_max_columns (grid));
  kinema_test_settle (200);
  count_cards (GTK_WIDGET (grid), &n_cards);
  g_assert_cmpuint (n_cards, >, 0);
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "gallery-narrow", NULL));

  /* And back. */
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (kinema_test_wait_until (max_columns_is, GUINT_TO_POINTER (before), TIMEOUT_S));
}

static void
test_running_card (void)
{
  KinemaClipCard *card;

  gtk_widget_activate_action (GTK_WIDGET (_kinema_gallery_get_grid (gallery ())), "list.scroll-to-item", "u", 0);
  card = show_card (RUNNING_ID);
  g_assert_null (kinema_clip_card_get_broken_reason (card));
  g_assert_cmpint (kinema_job_get_state (kinema_clip_card_get_job (card)), ==, KINEMA_JOB_RUNNING);
  kinema_test_settle (300);
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "gallery-states", NULL));
}

static gboolean
card_is_broken (gpointer data)
{
  GtkWidget *card = find_card (GTK_WIDGET (_kinema_gallery_get_grid (gallery ())), data);

  return card != NULL && kinema_clip_card_get_broken_reason (KINEMA_CLIP_CARD (card)) != NULL;
}

static gboolean
player_shows_error (gpointer data)
{
  AdwStatusPage *page = _kinema_player_get_status_page (player ());

  return gtk_widget_get_mapped (GTK_WIDGET (page)) &&
         g_strcmp0 (adw_status_page_get_icon_name (page), "dialog-error-symbolic") == 0;
}

static void
test_broken_cards (void)
{
  const char *ids[] = { TRUNCATED_ID, NOTVIDEO_ID, MISSING_ID };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      KinemaClipCard *card = show_card (ids[i]);

      g_assert_true (kinema_test_wait_until (card_is_broken, (gpointer) ids[i], TIMEOUT_S));
      g_test_message ("%s: %s", ids[i], kinema_clip_card_get_broken_reason (card));
    }
  g_assert_cmpstr (kinema_clip_card_get_broken_reason (show_card (MISSING_ID)), ==, "File missing");
  g_assert_cmpstr (kinema_clip_card_get_broken_reason (show_card (NOTVIDEO_ID)), ==, "Not a playable video");
  g_assert_cmpstr (kinema_clip_card_get_broken_reason (show_card (TRUNCATED_ID)), ==, "Not a playable video");

  kinema_test_settle (200);
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "gallery-broken", NULL));

  /* The player says so too, and nothing crashes. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      select_job (ids[i], TRUE);
      g_assert_true (kinema_test_wait_until (player_shows_error, NULL, TIMEOUT_S));
      g_test_message ("player on %s: %s", ids[i], adw_status_page_get_description (_kinema_player_get_status_page (player ())));
    }
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (_kinema_gallery_get_selection (gallery ())));
}

static void
test_select_plays (void)
{
  g_autofree char *id = done_id (0);
  KinemaJob *job = lookup (id);
  KinemaClip *clip = kinema_job_get_clip (job);
  GtkMediaStream *stream;
  GtkVideo *video = _kinema_player_get_video (player ());

  show_card (id);
  select_job (id, TRUE);
  g_assert_true (kinema_gallery_get_selected_job (gallery ()) == job);
  g_assert_true (kinema_player_get_job (player ()) == job);

  /* Selecting plays it. */
  g_assert_true (kinema_test_wait_until (player_playing_clip, clip, TIMEOUT_S));
  stream = kinema_player_get_stream (player ());
  g_assert_true (kinema_test_wait_until (frames_shown, stream, TIMEOUT_S));
  g_assert_no_error ((GError *) gtk_media_stream_get_error (stream));
  gtk_media_stream_pause (stream);
  kinema_test_settle (200);

  assert_picture (GTK_WIDGET (video), "player area");
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "gallery-playing", NULL));
}

static gboolean
timestamp_near (gpointer data)
{
  GtkMediaStream *stream = kinema_player_get_stream (player ());
  gint64 want = *(gint64 *) data;

  return !gtk_media_stream_is_seeking (stream) && ABS (gtk_media_stream_get_timestamp (stream) - want) < 200000;
}

static void
test_player_controls (void)
{
  GtkWidget *widget = GTK_WIDGET (player ());
  GtkMediaStream *stream = kinema_player_get_stream (player ());
  guint frames;
  gint64 want;

  g_assert_nonnull (stream);
  g_assert_true (gtk_media_stream_is_prepared (stream));

  /* Loop and mute follow the player's toggles onto the stream. */
  g_assert_true (gtk_widget_activate_action (widget, "player.loop", NULL));
  g_assert_true (gtk_media_stream_get_loop (stream));
  g_assert_true (gtk_widget_activate_action (widget, "player.muted", NULL));
  g_assert_true (gtk_media_stream_get_muted (stream));
  g_assert_true (gtk_widget_activate_action (widget, "player.muted", NULL));
  g_assert_false (gtk_media_stream_get_muted (stream));

  /* Speed */
  g_assert_true (gtk_widget_activate_action (widget, "player.rate", "d", 2.0));
  g_assert_cmpfloat (kinema_media_stream_get_rate (KINEMA_MEDIA_STREAM (stream)), ==, 2.0);
  g_assert_true (gtk_widget_activate_action (widget, "player.rate", "d", 1.0));

  /* Home, then frame steps: paused, one frame further each. */
  g_assert_true (gtk_widget_activate_action (widget, "player.seek-start", NULL));
  want = 0;
  g_assert_true (kinema_test_wait_until (timestamp_near, &want, TIMEOUT_S));
  frames = kinema_media_stream_get_frames_shown (KINEMA_MEDIA_STREAM (stream));
  g_assert_true (gtk_widget_activate_action (widget, "player.step", "i", 1));
  g_assert_true (gtk_widget_activate_action (widget, "player.step", "i", 1));
  kinema_test_settle (300);
  g_assert_false (gtk_media_stream_get_playing (stream));
  g_test_message ("frames after two steps: %u -> %u, at %" G_GINT64_FORMAT " us", frames,
                  kinema_media_stream_get_frames_shown (KINEMA_MEDIA_STREAM (stream)),
                  gtk_media_stream_get_timestamp (stream));
  g_assert_cmpint (gtk_media_stream_get_timestamp (stream), >, 0);

  /* Space plays and pauses, through the key binding. */
  gtk_widget_grab_focus (widget);
  g_assert_true (gtk_widget_activate_action (widget, "player.toggle-play", NULL));
  g_assert_true (gtk_media_stream_get_playing (stream));
  g_assert_true (gtk_widget_activate_action (widget, "player.toggle-play", NULL));
  g_assert_false (gtk_media_stream_get_playing (stream));

  /* End */
  g_assert_true (gtk_widget_activate_action (widget, "player.seek-end", NULL));
  want = gtk_media_stream_get_duration (stream) - G_USEC_PER_SEC / 24;
  g_assert_true (kinema_test_wait_until (timestamp_near, &want, TIMEOUT_S));
  g_test_message ("End: at %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " us",
                  gtk_media_stream_get_timestamp (stream), gtk_media_stream_get_duration (stream));

  /* Fullscreen opens a window on the same stream and closes again. */
  g_assert_true (gtk_widget_activate_action (widget, "player.fullscreen", NULL));
  g_assert_true (kinema_player_get_fullscreen (player ()));
  kinema_test_settle (200);
  g_assert_true (gtk_widget_activate_action (widget, "player.fullscreen", NULL));
  g_assert_false (kinema_player_get_fullscreen (player ()));
  g_assert_true (kinema_player_get_stream (player ()) == stream);

  g_assert_true (gtk_widget_activate_action (widget, "player.loop", NULL));
  g_assert_false (gtk_media_stream_get_loop (stream));
}

static void
test_details (void)
{
  g_autofree char *id = done_id (0);
  KinemaJob *job = lookup (id);
  KinemaDetails *details = _kinema_player_get_details (player ());
  GtkMediaStream *stream;

  g_assert_true (kinema_details_get_job (details) == job);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (player ()), "player.details", NULL));
  kinema_test_settle (400);

  g_assert_cmpstr (_kinema_details_get_value (details, "Task id"), ==, "sim-task-000");
  g_assert_nonnull (_kinema_details_get_value (details, "Provider"));
  g_assert_cmpstr (_kinema_details_get_value (details, "Aspect ratio"), ==, "16:9");
  g_assert_nonnull (_kinema_details_get_value (details, "Created"));
  g_assert_nonnull (_kinema_details_get_value (details, "Finished"));
  g_assert_nonnull (_kinema_details_get_value (details, "Resolution"));
  g_assert_cmpstr (_kinema_details_get_value (details, "Charged"), ==, "Nothing (simulation)");

  /* Copy prompt puts it on the clipboard. */
  activate ("clip.copy-prompt", id);

  stream = kinema_player_get_stream (player ());
  gtk_media_stream_seek (stream, 500000);
  kinema_test_settle (300);
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "gallery-details", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (player ()), "player.details", NULL));
}

static void
test_search_and_filters (void)
{
  KinemaGallery *g = gallery ();
  GtkEditable *entry = GTK_EDITABLE (_kinema_gallery_get_search_entry (g));
  guint all = n_items ();
  guint n;

  /* Full text over prompts */
  gtk_editable_set_text (entry, "harbour");
  g_signal_emit_by_name (entry, "search-changed");
  n = n_items ();
  g_test_message ("“harbour”: %u of %u", n, all);
  g_assert_cmpuint (n, ==, (N_DONE + N_OLD + G_N_ELEMENTS (subjects) - 1) / G_N_ELEMENTS (subjects));
  for (guint i = 0; i < n; i += 17)
    {
      g_autoptr(KinemaJob) job = g_list_model_get_item (model (), i);

      g_assert_nonnull (strstr (kinema_request_get_prompt (kinema_job_get_request (job)), "harbour"));
    }
  gtk_editable_set_text (entry, "harb gulls");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpuint (n_items (), ==, n);
  gtk_editable_set_text (entry, "submarine");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpuint (n_items (), ==, 0);
  kinema_test_settle (300);
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "gallery-no-results", NULL));
  gtk_editable_set_text (entry, "");
  g_signal_emit_by_name (entry, "search-changed");
  g_assert_cmpuint (n_items (), ==, all);

  /* State */
  gtk_drop_down_set_selected (_kinema_gallery_get_state_dropdown (g), KINEMA_JOB_GROUP_FAILED);
  g_assert_cmpuint (n_items (), ==, 1);
  gtk_drop_down_set_selected (_kinema_gallery_get_state_dropdown (g), KINEMA_JOB_GROUP_UNKNOWN);
  g_assert_cmpuint (n_items (), ==, 1);
  gtk_drop_down_set_selected (_kinema_gallery_get_state_dropdown (g), KINEMA_JOB_GROUP_RUNNING);
  g_assert_cmpuint (n_items (), ==, 1);
  gtk_drop_down_set_selected (_kinema_gallery_get_state_dropdown (g), KINEMA_JOB_GROUP_DONE);
  g_assert_cmpuint (n_items (), ==, N_DONE + N_OLD + 3);
  gtk_drop_down_set_selected (_kinema_gallery_get_state_dropdown (g), KINEMA_JOB_GROUP_ANY);

  /* Favourites */
  gtk_toggle_button_set_active (_kinema_gallery_get_favourites_button (g), TRUE);
  n = n_items ();
  g_test_message ("favourites: %u", n);
  g_assert_cmpuint (n, ==, (N_DONE + 16) / 17);
  gtk_toggle_button_set_active (_kinema_gallery_get_favourites_button (g), FALSE);

  /* Provider: the simulator is the only one configured; one job is from
   * a provider that is not. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (_kinema_gallery_get_provider_dropdown (g))), >=, 2);
  {
    guint simulator = 0;

    for (guint i = 1; i < g->provider_ids->len; i++)
      if (g_strcmp0 (g_ptr_array_index (g->provider_ids, i), "simulator") == 0)
        simulator = i;
    g_assert_cmpuint (simulator, >, 0);
    gtk_drop_down_set_selected (_kinema_gallery_get_provider_dropdown (g), simulator);
  }
  g_assert_cmpuint (n_items (), ==, all - 1);
  gtk_drop_down_set_selected (_kinema_gallery_get_provider_dropdown (g), 0);

  /* Date: the old ones are 45 days back. */
  gtk_drop_down_set_selected (_kinema_gallery_get_date_dropdown (g), KINEMA_DATE_RANGE_MONTH);
  g_assert_cmpuint (n_items (), ==, all - N_OLD);
  gtk_drop_down_set_selected (_kinema_gallery_get_date_dropdown (g), KINEMA_DATE_RANGE_WEEK);
  g_assert_cmpuint (n_items (), ==, all - N_OLD);
  gtk_drop_down_set_selected (_kinema_gallery_get_date_dropdown (g), KINEMA_DATE_RANGE_TODAY);
  {
    KinemaJobFilter today = { .date_range = KINEMA_DATE_RANGE_TODAY };

    g_assert_cmpuint (n_items (), <, all - N_OLD);
    g_assert_cmpint (n_items (), ==, kinema_library_count_jobs (library, &today, NULL));
  }
  gtk_drop_down_set_selected (_kinema_gallery_get_date_dropdown (g), KINEMA_DATE_RANGE_ALL);

  /* Sort by length: the 2 s clip first. */
  gtk_drop_down_set_selected (_kinema_gallery_get_sort_dropdown (g), KINEMA_JOB_SORT_LONGEST);
  {
    g_autoptr(KinemaJob) first = g_list_model_get_item (model (), 0);

    g_assert_cmpstr (kinema_job_get_clip (first)->path, ==, clip_paths[1]);
  }
  gtk_drop_down_set_selected (_kinema_gallery_get_sort_dropdown (g), KINEMA_JOB_SORT_OLDEST);
  {
    g_autoptr(KinemaJob) first = g_list_model_get_item (model (), 0);

    g_assert_true (g_str_has_prefix (kinema_job_get_id (first), "job-old-"));
  }
  gtk_drop_down_set_selected (_kinema_gallery_get_sort_dropdown (g), KINEMA_JOB_SORT_NEWEST);

  /* Everything at once, then Clear Filters. */
  gtk_editable_set_text (entry, "forest");
  g_signal_emit_by_name (entry, "search-changed");
  gtk_toggle_button_set_active (_kinema_gallery_get_favourites_button (g), TRUE);
  g_assert_cmpuint (n_items (), <, all);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (g), "gallery.clear-filters", NULL));
  g_assert_cmpuint (n_items (), ==, all);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");
  g_assert_false (gtk_toggle_button_get_active (_kinema_gallery_get_favourites_button (g)));

  /* Ctrl+F focuses the search. */
  gtk_widget_grab_focus (GTK_WIDGET (_kinema_gallery_get_grid (g)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (g), "gallery.search", NULL));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (entry)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (entry)));
}

static void
test_favourite_persists (void)
{
  g_autofree char *id = done_id (3);
  KinemaJob *job = lookup (id);
  KinemaClipCard *card = show_card (id);
  g_autoptr(KinemaJob) stored = NULL;

  g_assert_false (kinema_job_get_clip (job)->favourite);
  activate ("clip.favourite", id);
  g_assert_true (kinema_job_get_clip (job)->favourite);
  (void) card;

  stored = kinema_library_get_job (library, id, NULL);
  g_assert_true (kinema_job_get_clip (stored)->favourite);

  /* And the favourites filter finds it. */
  gtk_toggle_button_set_active (_kinema_gallery_get_favourites_button (gallery ()), TRUE);
  g_assert_cmpuint (kinema_job_list_find (kinema_gallery_get_job_list (gallery ()), id), !=, G_MAXUINT);
  gtk_toggle_button_set_active (_kinema_gallery_get_favourites_button (gallery ()), FALSE);

  activate ("clip.favourite", id);
  g_clear_object (&stored);
  stored = kinema_library_get_job (library, id, NULL);
  g_assert_false (kinema_job_get_clip (stored)->favourite);
}

static void
test_remix (void)
{
  g_autofree char *id = done_id (2);
  KinemaJob *job = lookup (id);
  KinemaEditor *editor = _kinema_window_get_editor (window);
  KinemaRequest *request;

  activate ("clip.remix", id);
  request = kinema_editor_get_request (editor);
  g_assert_cmpstr (kinema_request_get_prompt (request), ==, kinema_request_get_prompt (kinema_job_get_request (job)));
  g_assert_cmpint (kinema_request_get_aspect (request), ==, kinema_request_get_aspect (kinema_job_get_request (job)));
  g_assert_true (kinema_request_get_audio (request) == kinema_request_get_audio (kinema_job_get_request (job)));
  /* A copy: editing it does not touch the job's frozen request. */
  g_assert_true (request != kinema_job_get_request (job));
}

static gboolean
editor_has_first_frame (gpointer data)
{
  KinemaEditor *editor = _kinema_window_get_editor (window);

  return kinema_request_get_first_frame (kinema_editor_get_request (editor)) != NULL;
}

static void
test_continue_from_last_frame (void)
{
  g_autofree char *id = done_id (1);   /* the 9:16 clip */
  KinemaEditor *editor = _kinema_window_get_editor (window);
  const char *frame;
  int width = 0, height = 0;

  kinema_request_set_first_frame (kinema_editor_get_request (editor), NULL);
  activate ("clip.continue", id);
  g_assert_true (kinema_test_wait_until (editor_has_first_frame, NULL, TIMEOUT_S));

  frame = kinema_request_get_first_frame (kinema_editor_get_request (editor));
  g_test_message ("first frame: %s", frame);
  g_assert_true (g_str_has_suffix (frame, "frames/job-done-001.png"));
  g_assert_true (kinema_test_png_size (frame, &width, &height));
  g_assert_cmpint (width, ==, clip_sizes[1][0]);
  g_assert_cmpint (height, ==, clip_sizes[1][1]);
  g_assert_cmpint (kinema_request_get_mode (kinema_editor_get_request (editor)), ==, KINEMA_MODE_IMAGE);
}

static void
test_compare (void)
{
  g_autofree char *a = done_id (0);
  g_autofree char *b = done_id (1);
  KinemaCompare *compare;
  GtkMediaStream *left, *right;

  show_card (a);
  select_job (a, TRUE);
  select_job (b, FALSE);
  g_assert_true (g_action_group_get_action_enabled (kinema_gallery_get_actions (gallery ()), "compare"));
  activate ("clip.compare", NULL);

  compare = KINEMA_COMPARE (_kinema_gallery_get_compare_window (gallery ()));
  g_assert_nonnull (compare);
  left = kinema_compare_get_stream (compare, 0);
  right = kinema_compare_get_stream (compare, 1);
  g_assert_true (kinema_test_wait_until (frames_shown, left, TIMEOUT_S));
  g_assert_true (kinema_test_wait_until (frames_shown, right, TIMEOUT_S));
  g_assert_no_error ((GError *) gtk_media_stream_get_error (left));
  g_assert_no_error ((GError *) gtk_media_stream_get_error (right));
  g_test_message ("compare: %u and %u frames",
                  kinema_media_stream_get_frames_shown (KINEMA_MEDIA_STREAM (left)),
                  kinema_media_stream_get_frames_shown (KINEMA_MEDIA_STREAM (right)));
  g_assert_true (gtk_media_stream_get_playing (left) || gtk_media_stream_get_ended (left));
  g_assert_true (gtk_media_stream_get_playing (right) || gtk_media_stream_get_ended (right));

  /* Paused together, seeked together. */
  kinema_compare_pause (compare);
  g_assert_false (gtk_media_stream_get_playing (left));
  g_assert_false (gtk_media_stream_get_playing (right));
  kinema_compare_seek (compare, 500000);
  /* Wait for the seeks to land rather than a fixed time: slow machines
   * (and sanitizer builds) take longer. */
  kinema_test_wait_until (at_half_second, left, TIMEOUT_S);
  kinema_test_wait_until (at_half_second, right, TIMEOUT_S);
  g_test_message ("after seeking both to 0.5 s: %" G_GINT64_FORMAT " / %" G_GINT64_FORMAT " us",
                  gtk_media_stream_get_timestamp (left), gtk_media_stream_get_timestamp (right));
  g_assert_cmpint (ABS (gtk_media_stream_get_timestamp (left) - 500000), <, 100000);
  g_assert_cmpint (ABS (gtk_media_stream_get_timestamp (right) - 500000), <, 100000);

  assert_picture (GTK_WIDGET (compare), "compare window");
  g_free (kinema_test_save_screenshot (GTK_WIDGET (compare), "gallery-compare", NULL));
  gtk_window_destroy (GTK_WINDOW (compare));
  kinema_test_settle (100);

  /* "Compare with…" then picking the second take. */
  select_job (a, TRUE);
  activate ("clip.compare-with", a);
  select_job (b, TRUE);
  compare = KINEMA_COMPARE (_kinema_gallery_get_compare_window (gallery ()));
  g_assert_nonnull (compare);
  g_assert_cmpstr (kinema_job_get_id (kinema_compare_get_job (compare, 0)), ==, a);
  g_assert_cmpstr (kinema_job_get_id (kinema_compare_get_job (compare, 1)), ==, b);
  gtk_window_destroy (GTK_WINDOW (compare));
  kinema_test_settle (100);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

static gboolean
has_message_dialog (gpointer data)
{
  return find_message_dialog () != NULL;
}

static void
test_retry_failed (void)
{
  KinemaJob *failed = lookup (FAILED_ID);
  guint before = n_items ();
  AdwMessageDialog *dialog;
  g_autoptr(KinemaJob) top = NULL;

  show_card (FAILED_ID);

  /* Cancelling the dialog sends nothing. */
  activate ("clip.retry", FAILED_ID);
  g_assert_true (kinema_test_wait_until (has_message_dialog, NULL, TIMEOUT_S));
  dialog = find_message_dialog ();
  g_test_message ("retry dialog: %s — %s", adw_message_dialog_get_heading (dialog), adw_message_dialog_get_body (dialog));
  adw_message_dialog_response (dialog, "cancel");
  kinema_test_settle (200);
  g_assert_cmpuint (n_items (), ==, before);

  /* Confirming makes a new job with the same request. */
  activate ("clip.retry", FAILED_ID);
  g_assert_true (kinema_test_wait_until (has_message_dialog, NULL, TIMEOUT_S));
  dialog = find_message_dialog ();
  g_free (kinema_test_save_screenshot (GTK_WIDGET (dialog), "gallery-retry-dialog", NULL));
  adw_message_dialog_response (dialog, "retry");
  kinema_test_settle (100);
  g_assert_cmpuint (n_items (), ==, before + 1);
  top = g_list_model_get_item (model (), 0);
  g_assert_true (top != failed);
  g_assert_cmpstr (kinema_request_get_prompt (kinema_job_get_request (top)), ==,
                   kinema_request_get_prompt (kinema_job_get_request (failed)));
  g_assert_cmpint (kinema_job_get_state (failed), ==, KINEMA_JOB_FAILED);

  /* It runs live in its card, and finishes with a thumbnail. */
  g_assert_true (kinema_gallery_get_selected_job (gallery ()) == top);
  show_card (kinema_job_get_id (top));
  kinema_test_settle (600);
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "gallery-live-job", NULL));
  g_assert_true (kinema_test_wait_until (job_is_final, top, 60));
  g_assert_cmpint (kinema_job_get_state (top), ==, KINEMA_JOB_DONE);
  g_assert_true (kinema_test_wait_until (thumbnail_on, (gpointer) kinema_job_get_id (top), TIMEOUT_S));
}

static void
test_check_again (void)
{
  KinemaJob *unknown = lookup (UNKNOWN_ID);
  KinemaClipCard *card = show_card (UNKNOWN_ID);

  (void) card;
  g_assert_cmpint (kinema_job_get_state (unknown), ==, KINEMA_JOB_UNKNOWN);
  activate ("clip.check-again", UNKNOWN_ID);
  /* It asks the provider again (the simulator has never heard of it). */
  g_assert_true (kinema_test_wait_until (job_left_state, unknown, TIMEOUT_S));
  g_test_message ("after Check again: %s (%s)", kinema_job_state_to_string (kinema_job_get_state (unknown)),
                  kinema_job_get_error_message (unknown));
}

static void
test_delete_undo (void)
{
  g_autofree char *id = done_id (5);
  KinemaJob *job = lookup (id);
  const char *path = kinema_job_get_clip (job)->path;
  guint before = n_items ();
  g_autoptr(KinemaJob) stored = NULL;

  show_card (id);
  activate ("clip.delete", id);
  g_assert_cmpuint (n_items (), ==, before - 1);
  g_assert_cmpuint (kinema_job_list_find (kinema_gallery_get_job_list (gallery ()), id), ==, G_MAXUINT);
  g_assert_nonnull (_kinema_gallery_get_delete_toast (gallery (), id));
  kinema_test_settle (300);
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "gallery-undo-toast", NULL));

  /* Undo, as the toast's button does it: the signal, then the toast
   * closes itself. */
  g_signal_emit_by_name (_kinema_gallery_get_delete_toast (gallery (), id), "button-clicked");
  g_assert_null (_kinema_gallery_get_delete_toast (gallery (), id));
  kinema_test_settle (300);
  g_assert_cmpuint (n_items (), ==, before);
  g_assert_cmpuint (kinema_job_list_find (kinema_gallery_get_job_list (gallery ()), id), !=, G_MAXUINT);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  stored = kinema_library_get_job (library, id, NULL);
  g_assert_nonnull (stored);
}

typedef struct
{
  const char *id;
} RowGone;

static gboolean
row_is_gone (gpointer data)
{
  g_autoptr(KinemaJob) stored = kinema_library_get_job (library, data, NULL);

  return stored == NULL;
}

static void
test_delete_dismiss (void)
{
  KinemaJob *job = lookup (TRUNCATED_ID);
  g_autofree char *path = g_strdup (kinema_job_get_clip (job)->path);
  g_autofree char *basename = g_path_get_basename (path);
  g_autofree char *trashed = g_build_filename (g_get_user_data_dir (), "Trash", "files", basename, NULL);
  guint before = n_items ();
  AdwToast *toast;

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  activate ("clip.delete", TRUNCATED_ID);
  g_assert_cmpuint (n_items (), ==, before - 1);
  toast = _kinema_gallery_get_delete_toast (gallery (), TRUNCATED_ID);
  g_assert_nonnull (toast);

  /* The toast goes away without Undo: now it is deleted for real. */
  kinema_test_settle (400);
  adw_toast_dismiss (toast);
  g_assert_true (kinema_test_wait_until (row_is_gone, TRUNCATED_ID, TIMEOUT_S));
  kinema_test_settle (200);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_test_message ("trashed to %s", trashed);
  g_assert_true (g_file_test (trashed, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (n_items (), ==, before - 1);
  g_assert_cmpuint (kinema_job_list_find (kinema_gallery_get_job_list (gallery ()), TRUNCATED_ID), ==, G_MAXUINT);
}

static void
test_show_clip_action (void)
{
  g_autofree char *id = done_id (7);
  KinemaJob *job = lookup (id);

  /* Hidden by a filter first: showing it clears the filter. */
  gtk_drop_down_set_selected (_kinema_gallery_get_state_dropdown (gallery ()), KINEMA_JOB_GROUP_FAILED);
  g_action_group_activate_action (G_ACTION_GROUP (app), "show-clip", g_variant_new_string (id));
  kinema_test_settle (100);
  g_assert_true (kinema_gallery_get_selected_job (gallery ()) == job);
  g_assert_true (kinema_test_wait_until (player_playing_clip, kinema_job_get_clip (job), TIMEOUT_S));
  g_assert_cmpuint (gtk_drop_down_get_selected (_kinema_gallery_get_state_dropdown (gallery ())), ==, 0);
}


static gboolean
has_notification (gpointer data)
{
  return notifications != NULL && notifications->len > *(guint *) data;
}

static void
test_notification_opens_clip (void)
{
  KinemaEngine *engine = kinema_window_get_engine (window);
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaJob) job = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *other;
  Notification *n = NULL;
  guint before = notifications ? notifications->len : 0;

  if (notify_bus == NULL)
    {
      g_test_skip ("No session bus");
      return;
    }

  /* Another window has the focus while the job runs. */
  other = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (other), 200, 100);
  gtk_window_present (GTK_WINDOW (other));
  kinema_test_settle (300);

  kinema_request_set_prompt (request, "A kite over the dunes at noon");
  kinema_request_set_duration (request, 3);
  job = kinema_engine_submit (engine, "simulator", request, &error);
  g_assert_no_error (error);
  g_assert_true (kinema_test_wait_until (job_is_final, job, 60));
  g_assert_cmpint (kinema_job_get_state (job), ==, KINEMA_JOB_DONE);

  if (gtk_window_is_active (GTK_WINDOW (window)))
    {
      gtk_window_destroy (GTK_WINDOW (other));
      g_test_skip ("The main window kept the focus (no window manager), so no notification is due");
      return;
    }
  g_assert_true (kinema_test_wait_until (has_notification, &before, TIMEOUT_S));
  for (guint i = before; i < notifications->len; i++)
    if (g_strcmp0 (((Notification *) g_ptr_array_index (notifications, i))->body, "A kite over the dunes at noon") == 0)
      n = g_ptr_array_index (notifications, i);
  g_assert_nonnull (n);
  g_assert_true (n->has_default);

  /* Clicking it selects the clip and plays it. */
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (_kinema_gallery_get_selection (gallery ())));
  g_dbus_connection_emit_signal (notify_bus, NULL, "/org/freedesktop/Notifications",
                                 "org.freedesktop.Notifications", "ActionInvoked",
                                 g_variant_new ("(us)", n->id, "default"), &error);
  g_assert_no_error (error);
  g_assert_true (kinema_test_wait_until (player_playing_clip, kinema_job_get_clip (job), TIMEOUT_S));
  g_assert_true (kinema_gallery_get_selected_job (gallery ()) == job);
  gtk_window_destroy (GTK_WINDOW (other));
}

static gboolean
item_shown (gpointer data)
{
  return shown_item != NULL;
}

static void
test_open_folder (void)
{
  g_autofree char *id = done_id (2);
  g_autofree char *uri = NULL;
  KinemaJob *job = lookup (id);

  if (notify_bus == NULL)
    {
      g_test_skip ("No session bus");
      return;
    }
  g_clear_pointer (&shown_item, g_free);
  activate ("clip.open-folder", id);
  g_assert_true (kinema_test_wait_until (item_shown, NULL, TIMEOUT_S));
  uri = g_filename_to_uri (kinema_job_get_clip (job)->path, NULL, NULL);
  g_assert_cmpstr (shown_item, ==, uri);
}

static void
clipboard_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
text_read (gpointer data)
{
  return *(char **) data != NULL;
}

static char *
read_clipboard (void)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  char *text = NULL;

  gdk_clipboard_read_text_async (clipboard, NULL, clipboard_read_cb, &text);
  g_assert_true (kinema_test_wait_until (text_read, &text, TIMEOUT_S));
  return text;
}

static gboolean
clipboard_starts_with (gpointer data)
{
  g_autofree char *text = read_clipboard ();

  return g_str_has_prefix (text, data) || strstr (text, data) != NULL;
}

static void
test_copy_prompt_and_curl (void)
{
  KinemaEngine *engine = kinema_window_get_engine (window);
  g_autofree char *id = done_id (4);
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaProvider) http = NULL;
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(KinemaJob) job = NULL;
  g_autofree char *text = NULL;
  KinemaDetails *details = _kinema_player_get_details (player ());

  /* Copy prompt */
  activate ("clip.copy-prompt", id);
  text = read_clipboard ();
  g_assert_cmpstr (text, ==, kinema_request_get_prompt (kinema_job_get_request (lookup (id))));

  /* Copy as curl, for a job of an HTTP provider: what would be sent,
   * without the key. */
  if (kinema_engine_get_provider (engine, "linkmodel") == NULL)
    {
      http = kinema_http_provider_new (kinema_presets_lookup ("linkmodel"), NULL, &error);
      g_assert_no_error (error);
      kinema_engine_add_provider (engine, http);
    }
  g_assert_true (KINEMA_IS_HTTP_PROVIDER (kinema_engine_get_provider (engine, "linkmodel")));
  kinema_request_set_prompt (request, "A red fox trots across fresh snow");
  kinema_request_set_duration (request, 5);
  job = kinema_job_new_full ("job-http", "linkmodel", request, KINEMA_JOB_FAILED,
                             g_get_real_time () / G_USEC_PER_SEC, g_get_real_time () / G_USEC_PER_SEC);
  kinema_job_set_error (job, 3, "Not enough balance on the account");
  g_assert_true (kinema_library_insert_job (library, job, &error));
  g_assert_no_error (error);
  kinema_job_list_refresh (kinema_gallery_get_job_list (gallery ()));

  select_job ("job-http", TRUE);
  kinema_test_settle (200);
  g_assert_cmpstr (kinema_job_get_id (kinema_details_get_job (details)), ==, "job-http");
  activate ("clip.copy-curl", "job-http");
  g_assert_true (kinema_test_wait_until (clipboard_starts_with, (gpointer) "curl", TIMEOUT_S));
  g_clear_pointer (&text, g_free);
  text = read_clipboard ();
  g_test_message ("curl: %.*s…", 160, text);
  g_assert_nonnull (strstr (text, "A red fox trots across fresh snow"));
  g_assert_null (strstr (text, "job-http-secret"));
}

static void
test_card_menu (void)
{
  g_autofree char *id = done_id (2);
  KinemaClipCard *card = show_card (id);
  GtkWidget *button = NULL;
  GMenuModel *menu;
  g_autoptr(GString) actions = g_string_new (NULL);

  for (GtkWidget *w = GTK_WIDGET (card); w != NULL;)
    {
      /* Depth-first to the first menu button. */
      if (GTK_IS_MENU_BUTTON (w))
        {
          button = w;
          break;
        }
      if (gtk_widget_get_first_child (w) != NULL)
        w = gtk_widget_get_first_child (w);
      else
        {
          while (w != NULL && w != GTK_WIDGET (card) && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = (w == NULL || w == GTK_WIDGET (card)) ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  g_assert_nonnull (button);

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  kinema_test_settle (200);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_nonnull (menu);
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *action = NULL;

          g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          g_string_append_printf (actions, "%s ", action);
        }
    }
  g_free (kinema_test_save_screenshot (GTK_WIDGET (window), "gallery-card-menu", NULL));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  g_test_message ("card menu: %s", actions->str);
  g_assert_nonnull (strstr (actions->str, "clip.remix"));
  g_assert_nonnull (strstr (actions->str, "clip.continue"));
  g_assert_nonnull (strstr (actions->str, "clip.compare-with"));
  g_assert_nonnull (strstr (actions->str, "clip.export"));
  g_assert_nonnull (strstr (actions->str, "clip.delete"));
}

/* Seeding */

static void
render_clip (guint         index,
             KinemaAspect  aspect,
             guint         seconds,
             gboolean      audio)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaMediaInfo) info = NULL;
  g_autofree char *name = g_strdup_printf ("clip-%u.mp4", index);
  g_autofree char *dir = g_build_filename (tmp_home, "Videos", "Kinema", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  clip_paths[index] = g_build_filename (dir, name, NULL);
  kinema_request_set_prompt (request, subjects[index]);
  kinema_request_set_aspect (request, aspect);
  kinema_request_set_duration (request, seconds);
  kinema_request_set_audio (request, audio);
  g_assert_true (kinema_sim_render (request, clip_paths[index], NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  info = kinema_media_probe (clip_paths[index], &error);
  g_assert_no_error (error);
  clip_sizes[index][0] = info->width;
  clip_sizes[index][1] = info->height;
}

static KinemaMediaInfo *clip_infos[3];

static KinemaClip *
clip_for (guint index)
{
  KinemaClip *clip = kinema_clip_new ();
  KinemaMediaInfo *info;

  if (clip_infos[index] == NULL)
    clip_infos[index] = kinema_media_probe (clip_paths[index], NULL);
  info = clip_infos[index];
  g_assert_nonnull (info);
  clip->path = g_strdup (clip_paths[index]);
  clip->duration_ms = info->duration_ms;
  clip->size = info->file_size;
  clip->width = info->width;
  clip->height = info->height;
  clip->fps = info->fps;
  clip->has_audio = info->has_audio;
  return clip;
}

static KinemaJob *
seed_job (GPtrArray      *jobs,
          const char     *id,
          const char     *provider,
          const char     *prompt,
          KinemaJobState  state,
          gint64          created,
          KinemaAspect    aspect)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  KinemaJob *job;

  kinema_request_set_prompt (request, prompt);
  kinema_request_set_aspect (request, aspect);
  kinema_request_set_duration (request, 5);
  job = kinema_job_new_full (id, provider, request, state, created, created);
  kinema_job_set_submitted (job, created + 2);
  g_ptr_array_add (jobs, job);
  return job;
}

static void
seed_library (void)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *db = kinema_paths_library_db ();
  g_autofree char *truncated = g_build_filename (tmp_home, "Videos", "Kinema", "truncated.mp4", NULL);
  g_autofree char *notvideo = g_build_filename (tmp_home, "Videos", "Kinema", "notes.mp4", NULL);
  g_autofree char *missing = g_build_filename (tmp_home, "Videos", "Kinema", "gone.mp4", NULL);
  g_autofree char *bytes = NULL;
  gsize length;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autoptr(GTimer) timer = g_timer_new ();
  KinemaAspect aspects[] = { KINEMA_ASPECT_16_9, KINEMA_ASPECT_9_16, KINEMA_ASPECT_1_1 };
  KinemaJob *job;

  render_clip (0, KINEMA_ASPECT_16_9, 1, TRUE);
  render_clip (1, KINEMA_ASPECT_9_16, 2, FALSE);
  render_clip (2, KINEMA_ASPECT_1_1, 1, FALSE);
  g_test_message ("rendered 3 clips in %.1f s", g_timer_elapsed (timer, NULL));

  /* Broken files: cut short, not a video, not there */
  g_assert_true (g_file_get_contents (clip_paths[0], &bytes, &length, NULL));
  g_assert_true (g_file_set_contents (truncated, bytes, (gssize) (length * 2 / 5), NULL));
  g_assert_true (g_file_set_contents (notvideo, "Shot list:\n1. harbour\n", -1, NULL));

  library = kinema_library_new (db, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < N_DONE + N_OLD; i++)
    {
      g_autofree char *id = i < N_DONE ? done_id (i) : g_strdup_printf ("job-old-%02u", i - N_DONE);
      g_autofree char *prompt = g_strdup_printf ("Take %u: %s", i + 1, subjects[i % G_N_ELEMENTS (subjects)]);
      g_autofree char *task = g_strdup_printf ("sim-task-%03u", i);
      g_autoptr(KinemaClip) clip = clip_for (i % 3);
      gint64 created = i < N_DONE ? now - 600 - (gint64) i * 600 : now - 45 * 24 * 3600 - i;

      job = seed_job (jobs, id, "simulator", prompt, KINEMA_JOB_DONE, created, aspects[i % 3]);
      kinema_job_set_remote_task (job, task, NULL);
      clip->favourite = i < N_DONE && i % 17 == 0;
      clip->created = created + 20;
      kinema_job_set_clip (job, clip);
    }

  /* The newest: states and broken files, at the top of the grid. */
  job = seed_job (jobs, UNKNOWN_ID, "simulator", "A lighthouse keeper waves from the gallery",
                  KINEMA_JOB_UNKNOWN, now - 100, KINEMA_ASPECT_16_9);
  kinema_job_set_remote_task (job, "sim-lost-task", NULL);
  kinema_job_set_error (job, 8, "The connection dropped after the request was sent");

  job = seed_job (jobs, FAILED_ID, "simulator", "A paper boat drifts down a rain-soaked street",
                  KINEMA_JOB_FAILED, now - 90, KINEMA_ASPECT_16_9);
  kinema_job_set_error (job, 4, "The provider refused the prompt under its content policy. Rephrase it and try again.");

  job = seed_job (jobs, MISSING_ID, "simulator", "Moved away: a clip whose file is gone",
                  KINEMA_JOB_DONE, now - 80, KINEMA_ASPECT_16_9);
  {
    g_autoptr(KinemaClip) clip = clip_for (0);

    g_free (clip->path);
    clip->path = g_strdup (missing);
    kinema_job_set_clip (job, clip);
  }
  job = seed_job (jobs, NOTVIDEO_ID, "simulator", "Not a video: a text file with a video's name",
                  KINEMA_JOB_DONE, now - 70, KINEMA_ASPECT_16_9);
  {
    g_autoptr(KinemaClip) clip = clip_for (0);

    g_free (clip->path);
    clip->path = g_strdup (notvideo);
    kinema_job_set_clip (job, clip);
  }
  job = seed_job (jobs, TRUNCATED_ID, "simulator", "Cut short: a download that stopped half-way",
                  KINEMA_JOB_DONE, now - 60, KINEMA_ASPECT_16_9);
  {
    g_autoptr(KinemaClip) clip = clip_for (0);

    g_free (clip->path);
    clip->path = g_strdup (truncated);
    kinema_job_set_clip (job, clip);
  }

  /* From a provider that is not set up: it stays running. */
  job = seed_job (jobs, RUNNING_ID, "kling-official", "Slow push-in on a steaming cup of coffee, morning light",
                  KINEMA_JOB_RUNNING, now - 50, KINEMA_ASPECT_16_9);
  kinema_job_set_remote_task (job, "kling-task-42", NULL);

  g_assert_true (kinema_library_insert_jobs (library, jobs, &error));
  g_assert_no_error (error);
  g_test_message ("seeded %u jobs in %.1f s", jobs->len, g_timer_elapsed (timer, NULL));
}

/* Driver */

static gboolean
run_tests_cb (gpointer data)
{
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (KINEMA_IS_WINDOW (active));
  window = KINEMA_WINDOW (active);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  kinema_test_settle (400);

  test_status = g_test_run ();

  gtk_window_close (GTK_WINDOW (window));
  window = NULL;
  g_application_quit (G_APPLICATION (app));
  return G_SOURCE_REMOVE;
}

static void
activated_cb (GApplication *application)
{
  static gboolean started;

  /* Later activations (app.show-clip) just present the window. */
  if (!started)
    g_idle_add (run_tests_cb, NULL);
  started = TRUE;
}

int
main (int   argc,
      char *argv[])
{
  char *app_argv[] = { argv[0], NULL };
  int status;

  tmp_home = kinema_test_home_new ("kinema-gallery", 200);

  g_test_init (&argc, &argv, NULL);
  gst_init (NULL, NULL);

  seed_library ();
  start_notification_server ();

  g_test_add_func ("/gallery/first-frame-cards", test_first_frame_cards);
  g_test_add_func ("/gallery/shows-library", test_shows_library);
  g_test_add_func ("/gallery/columns-follow-width", test_columns_follow_width);
  g_test_add_func ("/gallery/running-card", test_running_card);
  g_test_add_func ("/gallery/broken-cards", test_broken_cards);
  g_test_add_func ("/gallery/select-plays", test_select_plays);
  g_test_add_func ("/gallery/player-controls", test_player_controls);
  g_test_add_func ("/gallery/details", test_details);
  g_test_add_func ("/gallery/search-and-filters", test_search_and_filters);
  g_test_add_func ("/gallery/favourite-persists", test_favourite_persists);
  g_test_add_func ("/gallery/remix", test_remix);
  g_test_add_func ("/gallery/continue-from-last-frame", test_continue_from_last_frame);
  g_test_add_func ("/gallery/compare", test_compare);
  g_test_add_func ("/gallery/retry-failed", test_retry_failed);
  g_test_add_func ("/gallery/check-again", test_check_again);
  g_test_add_func ("/gallery/delete-undo", test_delete_undo);
  g_test_add_func ("/gallery/delete-dismiss", test_delete_dismiss);
  g_test_add_func ("/gallery/show-clip-action", test_show_clip_action);
  g_test_add_func ("/gallery/notification-opens-clip", test_notification_opens_clip);
  g_test_add_func ("/gallery/open-folder", test_open_folder);
  g_test_add_func ("/gallery/card-menu", test_card_menu);
  g_test_add_func ("/gallery/copy-prompt-and-curl", test_copy_prompt_and_curl);

  app = kinema_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (app, "activate", G_CALLBACK (activated_cb), NULL);

  status = g_application_run (G_APPLICATION (app), 1, app_argv);
  g_clear_object (&app);
  g_clear_object (&library);
  g_clear_pointer (&notifications, g_ptr_array_unref);
  g_clear_object (&notify_bus);
  g_clear_pointer (&shown_item, g_free);

  kinema_test_rm_rf (tmp_home);
  g_clear_pointer (&tmp_home, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (clip_paths); i++)
    {
      g_free (clip_paths[i]);
      g_clear_pointer (&clip_infos[i], kinema_media_info_free);
    }

  return status != 0 ? status : test_status;
}
