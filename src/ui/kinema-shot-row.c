/* kinema-shot-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-shot-row"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kinema-shot-row.h"
#include "kinema-shot-row-private.h"
#include "kinema-ui-util.h"

struct _KinemaShotRow
{
  GtkListBoxRow   parent_instance;

  guint           index;
  guint           n_shots;
  guint           max_prompt_chars;
  gboolean        loading;

  /* Template children */
  GtkWidget      *header_box;
  GtkImage       *handle;
  GtkLabel       *title_label;
  GtkSpinButton  *duration_spin;
  GtkButton      *up_button;
  GtkButton      *down_button;
  GtkButton      *remove_button;
  GtkTextView    *prompt_view;
  GtkLabel       *problem_label;
  GtkLabel       *counter_label;
};

G_DEFINE_FINAL_TYPE (KinemaShotRow, kinema_shot_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  CHANGED,
  MOVE,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Counter */

/* "2,500": grouped digits, with the locale's separator when it has one. */
static char *
format_count (guint n)
{
  const struct lconv *lc = localeconv ();
  const char *sep = (lc->thousands_sep && *lc->thousands_sep) ? lc->thousands_sep : ",";
  g_autofree char *digits = g_strdup_printf ("%u", n);
  GString *out = g_string_new (NULL);
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, sep);
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

void
kinema_counter_label_update (GtkLabel   *label,
                             const char *text,
                             guint       limit)
{
  GtkWidget *widget = GTK_WIDGET (label);
  glong n = text != NULL ? g_utf8_strlen (text, -1) : 0;
  g_autofree char *count = NULL;
  g_autofree char *max = NULL;
  g_autofree char *shown = NULL;

  g_return_if_fail (GTK_IS_LABEL (label));

  if (limit == 0)
    {
      gtk_widget_set_visible (widget, FALSE);
      return;
    }

  count = format_count ((guint) n);
  max = format_count (limit);
  shown = g_strdup_printf ("%s / %s", count, max);
  gtk_label_set_label (label, shown);
  gtk_widget_set_visible (widget, TRUE);

  if ((guint) n > limit)
    {
      gtk_widget_add_css_class (widget, "error");
      gtk_widget_remove_css_class (widget, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (widget, "error");
      gtk_widget_add_css_class (widget, "dim-label");
    }
}

/* Auxiliary methods */

static void
update_counter (KinemaShotRow *self)
{
  g_autofree char *prompt = kinema_shot_row_dup_prompt (self);

  kinema_counter_label_update (self->counter_label, prompt, self->max_prompt_chars);
}

static void
update_labels (KinemaShotRow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *prompt_name = NULL;
  g_autofree char *duration_name = NULL;
  g_autofree char *up_name = NULL;
  g_autofree char *down_name = NULL;
  g_autofree char *remove_name = NULL;
  guint number = self->index + 1;

  /* Translators: %u numbers the shots of a storyboard from 1 */
  title = g_strdup_printf (_("Shot %u"), number);
  /* Translators: %u numbers the shots from 1 */
  prompt_name = g_strdup_printf (_("Prompt of shot %u"), number);
  /* Translators: %u numbers the shots from 1 */
  duration_name = g_strdup_printf (_("Length of shot %u in seconds"), number);
  /* Translators: %u numbers the shots from 1 */
  up_name = g_strdup_printf (_("Move shot %u up"), number);
  /* Translators: %u numbers the shots from 1 */
  down_name = g_strdup_printf (_("Move shot %u down"), number);
  /* Translators: %u numbers the shots from 1 */
  remove_name = g_strdup_printf (_("Remove shot %u"), number);

  gtk_label_set_label (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->prompt_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, prompt_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->duration_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, duration_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->up_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, up_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->down_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, down_name, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shot.move-up", self->index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "shot.move-down", self->index + 1 < self->n_shots);
}

/* Callbacks */

static void
edited_cb (KinemaShotRow *self)
{
  update_counter (self);
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
move_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, -1);
}

static void
move_down_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  g_signal_emit (widget, signals[MOVE], 0, 1);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 KinemaShotRow *self)
{
  return gdk_content_provider_new_typed (KINEMA_TYPE_SHOT_ROW, self);
}

static void
drag_begin_cb (GtkDragSource *source,
               GdkDrag       *drag,
               KinemaShotRow *self)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));

  gtk_drag_source_set_icon (source, paintable, 0, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self), "kinema-dragging");
}

static void
drag_end_cb (GtkDragSource *source,
             GdkDrag       *drag,
             gboolean       delete_data,
             KinemaShotRow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "kinema-dragging");
}

/* GObject */

static void
kinema_shot_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KINEMA_TYPE_SHOT_ROW);

  G_OBJECT_CLASS (kinema_shot_row_parent_class)->dispose (object);
}

static void
kinema_shot_row_class_init (KinemaShotRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_shot_row_dispose;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[MOVE] =
    g_signal_new ("move", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-shot-row.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaShotRow, header_box);
  gtk_widget_class_bind_template_child (widget_class, KinemaShotRow, handle);
  gtk_widget_class_bind_template_child (widget_class, KinemaShotRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaShotRow, duration_spin);
  gtk_widget_class_bind_template_child (widget_class, KinemaShotRow, up_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaShotRow, down_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaShotRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaShotRow, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, KinemaShotRow, problem_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaShotRow, counter_label);

  gtk_widget_class_install_action (widget_class, "shot.move-up", NULL, move_up_action);
  gtk_widget_class_install_action (widget_class, "shot.move-down", NULL, move_down_action);
  gtk_widget_class_install_action (widget_class, "shot.remove", NULL, remove_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "shot.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, GDK_ALT_MASK, "shot.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "shot.move-down", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, GDK_ALT_MASK, "shot.move-down", NULL);
}

static void
kinema_shot_row_init (KinemaShotRow *self)
{
  GtkDragSource *source;

  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->handle), _("Drag to Reorder (Alt+Up or Alt+Down)"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->up_button), _("Move Up (Alt+Up)"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->down_button), _("Move Down (Alt+Down)"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->remove_button), _("Remove Shot"));

  /* The header is the handle: dragging text in the prompt stays text. */
  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (drag_prepare_cb), self, 0);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (drag_begin_cb), self, 0);
  g_signal_connect_object (source, "drag-end", G_CALLBACK (drag_end_cb), self, 0);
  gtk_widget_add_controller (self->header_box, GTK_EVENT_CONTROLLER (source));

  g_signal_connect_object (gtk_text_view_get_buffer (self->prompt_view), "changed",
                           G_CALLBACK (edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->duration_spin, "value-changed",
                           G_CALLBACK (edited_cb), self, G_CONNECT_SWAPPED);

  kinema_shot_row_set_problems (self, NULL, NULL);
  update_labels (self);
  update_counter (self);
}

/* Public API */

GtkWidget *
kinema_shot_row_new (void)
{
  return g_object_new (KINEMA_TYPE_SHOT_ROW, NULL);
}

guint
kinema_shot_row_get_index (KinemaShotRow *self)
{
  g_return_val_if_fail (KINEMA_IS_SHOT_ROW (self), 0);

  return self->index;
}

void
kinema_shot_row_set_position (KinemaShotRow *self,
                              guint          index,
                              guint          n_shots)
{
  g_return_if_fail (KINEMA_IS_SHOT_ROW (self));

  self->index = index;
  self->n_shots = n_shots;
  update_labels (self);
}

void
kinema_shot_row_set_shot (KinemaShotRow *self,
                          guint          duration,
                          const char    *prompt)
{
  g_autofree char *current = NULL;

  g_return_if_fail (KINEMA_IS_SHOT_ROW (self));

  self->loading = TRUE;
  current = kinema_shot_row_dup_prompt (self);
  if (g_strcmp0 (current, prompt ? prompt : "") != 0)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view), prompt ? prompt : "", -1);
  gtk_spin_button_set_value (self->duration_spin, duration);
  self->loading = FALSE;

  update_counter (self);
}

guint
kinema_shot_row_get_duration (KinemaShotRow *self)
{
  g_return_val_if_fail (KINEMA_IS_SHOT_ROW (self), 0);

  return (guint) gtk_spin_button_get_value_as_int (self->duration_spin);
}

char *
kinema_shot_row_dup_prompt (KinemaShotRow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (KINEMA_IS_SHOT_ROW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->prompt_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
kinema_shot_row_set_limits (KinemaShotRow *self,
                            guint          max_prompt_chars,
                            guint          max_duration)
{
  g_return_if_fail (KINEMA_IS_SHOT_ROW (self));

  self->max_prompt_chars = max_prompt_chars;
  self->loading = TRUE;
  gtk_spin_button_set_range (self->duration_spin, 1, MAX (max_duration, 1));
  self->loading = FALSE;
  update_counter (self);
}

void
kinema_shot_row_set_problems (KinemaShotRow *self,
                              const char    *prompt_problem,
                              const char    *duration_problem)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (KINEMA_IS_SHOT_ROW (self));

  if (duration_problem != NULL)
    g_string_append (text, duration_problem);
  if (prompt_problem != NULL)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, prompt_problem);
    }

  gtk_label_set_label (self->problem_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), text->len > 0);

  if (duration_problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->duration_spin), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->duration_spin), "error");

  if (text->len > 0)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    text->str, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

void
kinema_shot_row_focus_prompt (KinemaShotRow *self)
{
  g_return_if_fail (KINEMA_IS_SHOT_ROW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->prompt_view));
}

/* Test accessors (kinema-shot-row-private.h) */

GtkTextView *
_kinema_shot_row_get_prompt_view (KinemaShotRow *self)
{
  return self->prompt_view;
}

GtkSpinButton *
_kinema_shot_row_get_duration_spin (KinemaShotRow *self)
{
  return self->duration_spin;
}

GtkLabel *
_kinema_shot_row_get_problem_label (KinemaShotRow *self)
{
  return self->problem_label;
}

GtkLabel *
_kinema_shot_row_get_counter_label (KinemaShotRow *self)
{
  return self->counter_label;
}

GtkButton *
_kinema_shot_row_get_up_button (KinemaShotRow *self)
{
  return self->up_button;
}

GtkButton *
_kinema_shot_row_get_down_button (KinemaShotRow *self)
{
  return self->down_button;
}

GtkButton *
_kinema_shot_row_get_remove_button (KinemaShotRow *self)
{
  return self->remove_button;
}
