/* kinema-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "kinema-paths.h"
#include "kinema-test-ui.h"

#define DRAWN_TIMEOUT_S 30

static gboolean
wake_up_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
kinema_test_wait_until (KinemaTestCondition condition,
                        gpointer            data,
                        guint               timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_s * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (20, wake_up_cb, NULL);
  gboolean ok;

  while (!(ok = condition (data)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
  return ok;
}

void
kinema_test_settle (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;
  guint wake_id = g_timeout_add (10, wake_up_cb, NULL);

  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

static void
set_flag_cb (GdkPaintable *paintable,
             gboolean     *flag)
{
  *flag = TRUE;
}

/* @paintable at @width x @height over @background (or nothing), with
 * the renderer of @widget's window. */
static GdkTexture *
render (GtkWidget     *widget,
        GdkPaintable  *paintable,
        const GdkRGBA *background,
        int            width,
        int            height)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  if (background != NULL)
    gtk_snapshot_append_color (snapshot, background, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

GdkTexture *
kinema_test_render_paintable (GtkWidget    *widget,
                              GdkPaintable *paintable,
                              int           width,
                              int           height)
{
  return render (widget, paintable, NULL, width, height);
}

GdkTexture *
kinema_test_render_widget (GtkWidget     *widget,
                           const GdkRGBA *background)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  gboolean drawn = FALSE;
  gulong handler;

  /* A widget paintable holds an image of the widget only once the widget
   * has been drawn after the paintable was made. */
  handler = g_signal_connect (paintable, "invalidate-contents", G_CALLBACK (set_flag_cb), &drawn);
  gtk_widget_queue_draw (widget);
  g_assert_true (kinema_test_wait_until (flag_is_set, &drawn, DRAWN_TIMEOUT_S));
  g_signal_handler_disconnect (paintable, handler);

  return render (widget, paintable, background, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
}

char *
kinema_test_save_screenshot (GtkWidget     *widget,
                             const char    *name,
                             const GdkRGBA *background)
{
  const char *dir = g_getenv ("KINEMA_TEST_SCREENSHOT_DIR");
  g_autoptr(GdkTexture) texture = kinema_test_render_widget (widget, background);
  g_autofree char *filename = g_strconcat (name, ".png", NULL);
  char *path;

  if (dir == NULL || *dir == '\0')
    dir = g_get_tmp_dir ();
  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  path = g_build_filename (dir, filename, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("# screenshot: %s\n", path);
  return path;
}

void
kinema_test_measure_texture (GdkTexture *texture,
                             guint      *n_colours,
                             double     *luma_stddev)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *pixels = g_malloc (stride * height);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);
  double sum = 0, sum_sq = 0;
  guint n = 0;

  gdk_texture_download (texture, pixels, stride);
  for (int y = 0; y < height; y += 2)
    for (int x = 0; x < width; x += 2)
      {
        const guchar *p = pixels + (gsize) y * stride + (gsize) x * 4;
        guint32 colour = (guint32) p[0] << 16 | (guint32) p[1] << 8 | p[2];
        double luma = 0.0722 * p[0] + 0.7152 * p[1] + 0.2126 * p[2];   /* BGRA */

        g_hash_table_add (colours, GUINT_TO_POINTER (colour + 1));
        sum += luma;
        sum_sq += luma * luma;
        n++;
      }
  *n_colours = g_hash_table_size (colours);
  *luma_stddev = n > 0 ? sqrt (MAX (0.0, sum_sq / n - (sum / n) * (sum / n))) : 0;
}

char *
kinema_test_home_new (const char *prefix,
                      guint       sim_queue_ms)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *template = g_strconcat (prefix, "-XXXXXX", NULL);
  g_autofree char *data_dir = NULL;
  g_autofree char *clips_dir = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *queue = g_strdup_printf ("%u", sim_queue_ms);
  char *home = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  data_dir = g_build_filename (home, "data", "kinema", NULL);
  clips_dir = g_build_filename (home, "Videos", "Kinema", NULL);
  cache_dir = g_build_filename (home, "cache", "kinema", NULL);

  g_setenv ("HOME", home, TRUE);
  /* The trash is $XDG_DATA_HOME/Trash: inside the temporary home. */
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", home, TRUE);
  g_setenv ("XDG_CACHE_HOME", home, TRUE);
  g_setenv ("KINEMA_DATA_DIR", data_dir, TRUE);
  g_setenv ("KINEMA_CLIPS_DIR", clips_dir, TRUE);
  g_setenv ("KINEMA_CACHE_DIR", cache_dir, TRUE);
  g_setenv ("KINEMA_SIM_QUEUE_MS", queue, TRUE);
  g_setenv ("KINEMA_AUDIO_SINK", "fake", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  kinema_paths_reset ();
  return home;
}
