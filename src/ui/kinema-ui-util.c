/* kinema-ui-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kinema-ui-util.h"

static G_DEFINE_QUARK (kinema-tooltip, tooltip)
static G_DEFINE_QUARK (kinema-first-frame, first_frame)

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  const char *text = g_object_get_qdata (G_OBJECT (widget), tooltip_quark ());

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
kinema_widget_set_tooltip (GtkWidget  *widget,
                           const char *text)
{
  const char *current;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* NULL and "" both mean no tooltip. */
  if (text != NULL && *text == '\0')
    text = NULL;
  current = g_object_get_qdata (G_OBJECT (widget), tooltip_quark ());
  if (g_strcmp0 (current, text) == 0)
    return;

  if (current == NULL && !g_signal_handler_find (widget, G_SIGNAL_MATCH_FUNC, 0, 0, NULL,
                                                 query_tooltip_cb, NULL))
    g_signal_connect (widget, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_object_set_qdata_full (G_OBJECT (widget), tooltip_quark (), g_strdup (text), g_free);
  gtk_widget_set_has_tooltip (widget, text != NULL);
  /* What gtk_widget_set_tooltip_text() would tell assistive technologies. */
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  /* A tooltip on screen shows the new text only when GTK asks again; ask
   * now if the pointer is on the widget (the only case that costs the
   * round trip). */
  if (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_PRELIGHT)
    gtk_widget_trigger_tooltip_query (widget);
}

const char *
kinema_widget_get_tooltip (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  return g_object_get_qdata (G_OBJECT (widget), tooltip_quark ());
}

static gboolean
label_query_tooltip_cb (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard_mode,
                        GtkTooltip *tooltip,
                        gpointer    user_data)
{
  const char *text = gtk_label_get_label (GTK_LABEL (widget));

  if (text == NULL || *text == '\0')
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
kinema_label_tooltip_from_text (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_widget_set_has_tooltip (GTK_WIDGET (label), TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (label_query_tooltip_cb), NULL);
}

/* kinema_widget_after_first_frame() */

typedef struct
{
  GtkWidget            *widget;  /* not a reference: this lives on it */
  KinemaFirstFrameFunc  func;
  GdkFrameClock        *clock;
  gulong                paint_id;
} FirstFrame;

static void
first_frame_free (FirstFrame *first)
{
  if (first->clock != NULL)
    {
      g_signal_handler_disconnect (first->clock, first->paint_id);
      g_object_unref (first->clock);
    }
  g_free (first);
}

static void
first_frame_painted_cb (GdkFrameClock *clock,
                        FirstFrame    *first)
{
  GtkWidget *widget = first->widget;
  KinemaFirstFrameFunc func = first->func;

  /* Frees @first and disconnects this handler. */
  g_object_set_qdata (G_OBJECT (widget), first_frame_quark (), NULL);
  func (widget);
}

static void
first_frame_mapped_cb (GtkWidget  *widget,
                       FirstFrame *first)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  if (first->clock != NULL || clock == NULL)
    return;
  g_signal_handlers_disconnect_by_func (widget, first_frame_mapped_cb, first);
  first->clock = g_object_ref (clock);
  first->paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (first_frame_painted_cb), first);
}

void
kinema_widget_after_first_frame (GtkWidget            *widget,
                                 KinemaFirstFrameFunc  func)
{
  FirstFrame *first;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (func != NULL);

  first = g_new0 (FirstFrame, 1);
  first->widget = widget;
  first->func = func;
  g_object_set_qdata_full (G_OBJECT (widget), first_frame_quark (), first, (GDestroyNotify) first_frame_free);
  if (gtk_widget_get_mapped (widget))
    first_frame_mapped_cb (widget, first);
  else
    g_signal_connect (widget, "map", G_CALLBACK (first_frame_mapped_cb), first);
}
