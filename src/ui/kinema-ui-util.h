/* kinema-ui-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers the widgets share.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Like gtk_widget_set_tooltip_text(), but does nothing when the tooltip
 * would not change. GTK asks the display where the pointer is each time a
 * tooltip is set (on X11 several round trips to the server, a few ms each
 * on a busy machine), and widgets that are updated on every poll or every
 * keystroke would otherwise stall the main loop. */
void kinema_widget_set_tooltip (GtkWidget  *widget,
                                const char *text);

/* A label's tooltip that is its own (ellipsized) text, given when GTK asks
 * for it instead of being set on every change. */
void kinema_label_tooltip_from_text (GtkLabel *label);

G_END_DECLS
