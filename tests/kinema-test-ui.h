/* kinema-test-ui.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the widget tests share: waiting on the main loop, screenshots and
 * measuring them, and the throwaway home they run the application in.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*KinemaTestCondition) (gpointer data);

/* Runs the default main context until @condition holds or @timeout_s
 * passes (it is checked at least every 20 ms); returns whether it held. */
gboolean    kinema_test_wait_until       (KinemaTestCondition condition,
                                          gpointer            data,
                                          guint               timeout_s);
/* Runs the default main context for @ms milliseconds: layout, idles. */
void        kinema_test_settle           (guint               ms);

/* @paintable at @width × @height, rendered by @widget's window. */
GdkTexture *kinema_test_render_paintable (GtkWidget          *widget,
                                          GdkPaintable       *paintable,
                                          int                 width,
                                          int                 height);
/* @widget as drawn now (after one more frame), over @background if not
 * NULL (parts of a window have no background of their own). */
GdkTexture *kinema_test_render_widget    (GtkWidget          *widget,
                                          const GdkRGBA      *background);
/* Saves that as NAME.png in $KINEMA_TEST_SCREENSHOT_DIR (else the
 * temporary directory), prints "# screenshot: PATH" and returns PATH. */
char       *kinema_test_save_screenshot  (GtkWidget          *widget,
                                          const char         *name,
                                          const GdkRGBA      *background);
/* Distinct colours and the luminance spread, every other pixel. */
void        kinema_test_measure_texture  (GdkTexture         *texture,
                                          guint              *n_colours,
                                          double             *luma_stddev);

/* A new temporary home "PREFIX-XXXXXX": HOME, the XDG directories and
 * Kinema's data, clips ($HOME/Videos/Kinema) and cache directories point
 * into it, simulator clips come after @sim_queue_ms, audio goes to a fake
 * sink and GSettings to memory. Call before g_test_init. Remove it with
 * kinema_test_rm_rf (kinema-test-media.h). */
char       *kinema_test_home_new         (const char         *prefix,
                                          guint               sim_queue_ms);

G_END_DECLS
