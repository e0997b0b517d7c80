/* kinema-ui-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers the widgets share.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Sets WIDGET's tooltip (NULL or "" for none) without what
 * gtk_widget_set_tooltip_text() costs: GTK 4.8 asks the display where the
 * pointer is each time a tooltip is set (on X11 two or three round trips to
 * the server, a few ms each on a busy machine), for every widget built from
 * a template and every update. Here the text is kept on the widget and
 * handed to GTK when it asks (GtkWidget::query-tooltip); it is also the
 * widget's accessible description, as with GTK's own tooltips. Nothing
 * happens when the text does not change. Use this for every tooltip, and
 * keep tooltip-text out of the .ui files. */
void        kinema_widget_set_tooltip (GtkWidget  *widget,
                                       const char *text);
/* The text kinema_widget_set_tooltip() gave WIDGET, or NULL. */
const char *kinema_widget_get_tooltip (GtkWidget  *widget);

typedef void (*KinemaFirstFrameFunc) (GtkWidget *widget);

/* Calls @func once, after the first frame that drew @widget has been
 * painted (it waits for the widget to be mapped). For what a window can
 * build after its first frame instead of before it. At most one per
 * widget; nothing is called if the widget goes away first. */
void        kinema_widget_after_first_frame (GtkWidget            *widget,
                                             KinemaFirstFrameFunc  func);

/* A label's tooltip that is its own (ellipsized) text, given when GTK asks
 * for it instead of being set on every change. */
void kinema_label_tooltip_from_text (GtkLabel *label);

G_END_DECLS
