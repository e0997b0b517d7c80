/* bench-hello.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The floor for build-aux/bench's startup figure: a bare libadwaita window
 * (AdwApplicationWindow + AdwHeaderBar + AdwStatusPage) that prints
 * "first-frame-us=N" at its first frame-clock "after-paint" and quits, N
 * counted from KINEMA_BENCH_T0_NS (a CLOCK_REALTIME stamp the bench takes
 * just before exec) exactly as Kinema's KINEMA_BENCH_FIRST_FRAME hook does.
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "bench-common.h"

static gint64 t0_real_us;
static gulong after_paint_id;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  GApplication *app = user_data;

  g_clear_signal_handler (&after_paint_id, clock);
  printf ("first-frame-us=%" G_GINT64_FORMAT "\n", g_get_real_time () - t0_real_us);
  fflush (stdout);
  g_application_quit (app);
}

static void
realize_cb (GtkWidget *window,
            gpointer   user_data)
{
  after_paint_id = g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                                     G_CALLBACK (after_paint_cb), user_data);
}

static void
activate_cb (GtkApplication *app,
             gpointer        user_data)
{
  GtkWidget *window = adw_application_window_new (app);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "camera-video-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), "Hello");
  adw_status_page_set_description (ADW_STATUS_PAGE (status), "A bare libadwaita window");
  gtk_widget_set_vexpand (status, TRUE);

  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);

  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), app);
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  t0_real_us = bench_process_start_real_us ();

  app = adw_application_new ("io.github.kinema.BenchHello", G_APPLICATION_DEFAULT_FLAGS);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
