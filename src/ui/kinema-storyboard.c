/* kinema-storyboard.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-storyboard"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "kinema-shot-row.h"
#include "kinema-shot-row-private.h"
#include "kinema-storyboard.h"
#include "kinema-storyboard-private.h"
#include "kinema-validate.h"
#include "kinema-ui-util.h"

struct _KinemaStoryboard
{
  GtkWidget           parent_instance;

  KinemaRequest      *request;
  KinemaCapabilities  caps;
  gboolean            syncing;

  /* Template children */
  GtkListBox         *shot_list;
  GtkButton          *add_button;
  GtkLabel           *budget_label;
  GtkButton          *fit_button;
  GtkLabel           *problem_label;
};

G_DEFINE_FINAL_TYPE (KinemaStoryboard, kinema_storyboard, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void row_changed_cb (KinemaStoryboard *self, KinemaShotRow *row);
static void row_move_cb    (KinemaStoryboard *self, int delta, KinemaShotRow *row);
static void row_remove_cb  (KinemaStoryboard *self, KinemaShotRow *row);
static gboolean row_drop_cb (GtkDropTarget *target, const GValue *value,
                             double x, double y, KinemaStoryboard *self);

/* Auxiliary methods */

static guint
max_shots (KinemaStoryboard *self)
{
  return self->caps.max_shots > 0 ? MIN (self->caps.max_shots, KINEMA_MAX_SHOTS) : KINEMA_MAX_SHOTS;
}

static KinemaShotRow *
get_row (KinemaStoryboard *self,
         guint             index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->shot_list, (int) index);

  return KINEMA_IS_SHOT_ROW (row) ? KINEMA_SHOT_ROW (row) : NULL;
}

static guint
count_rows (KinemaStoryboard *self)
{
  guint n = 0;

  while (get_row (self, n) != NULL)
    n++;
  return n;
}

static void
renumber (KinemaStoryboard *self)
{
  guint n = count_rows (self);

  for (guint i = 0; i < n; i++)
    kinema_shot_row_set_position (get_row (self, i), i, n);
}

static void
update_budget (KinemaStoryboard *self)
{
  GtkWidget *label = GTK_WIDGET (self->budget_label);
  g_autofree char *text = NULL;
  guint duration = 0;
  guint total = 0;

  if (self->request != NULL)
    {
      duration = kinema_request_get_duration (self->request);
      total = kinema_request_get_shots_total (self->request);
    }

  if (total == duration)
    /* Translators: the total length of the shots, then the video's length */
    text = g_strdup_printf (_("%u s of %u s"), total, duration);
  else if (total < duration)
    /* Translators: e.g. "12 s of 15 s — 3 s left" */
    text = g_strdup_printf (_("%u s of %u s — %u s left"), total, duration, duration - total);
  else
    /* Translators: e.g. "17 s of 15 s — 2 s too long" */
    text = g_strdup_printf (_("%u s of %u s — %u s too long"), total, duration, total - duration);

  gtk_label_set_label (self->budget_label, text);
  if (total != duration)
    {
      gtk_widget_add_css_class (label, "error");
      gtk_widget_remove_css_class (label, "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (label, "error");
      gtk_widget_add_css_class (label, "dim-label");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storyboard.fit",
                                 self->request != NULL && total != duration &&
                                 kinema_request_get_n_shots (self->request) > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "storyboard.add-shot",
                                 self->request != NULL &&
                                 kinema_request_get_n_shots (self->request) < max_shots (self));
}

static KinemaShotRow *
create_row (KinemaStoryboard *self)
{
  GtkWidget *row = kinema_shot_row_new ();
  GtkDropTarget *target;

  kinema_shot_row_set_limits (KINEMA_SHOT_ROW (row), self->caps.max_shot_prompt_chars,
                              MAX (self->caps.duration_max, 1));
  g_signal_connect_object (row, "changed", G_CALLBACK (row_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "move", G_CALLBACK (row_move_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (row_remove_cb), self, G_CONNECT_SWAPPED);

  target = gtk_drop_target_new (KINEMA_TYPE_SHOT_ROW, GDK_ACTION_MOVE);
  g_signal_connect_object (target, "drop", G_CALLBACK (row_drop_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (target));

  return KINEMA_SHOT_ROW (row);
}

static void
emit_changed (KinemaStoryboard *self)
{
  update_budget (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Callbacks */

static void
row_changed_cb (KinemaStoryboard *self,
                KinemaShotRow    *row)
{
  guint index = kinema_shot_row_get_index (row);
  g_autofree char *prompt = NULL;

  if (self->syncing || self->request == NULL || index >= kinema_request_get_n_shots (self->request))
    return;

  prompt = kinema_shot_row_dup_prompt (row);
  kinema_request_set_shot (self->request, index, kinema_shot_row_get_duration (row), prompt);
  emit_changed (self);
}

static void
row_move_cb (KinemaStoryboard *self,
             int               delta,
             KinemaShotRow    *row)
{
  guint index = kinema_shot_row_get_index (row);
  int to = (int) index + delta;

  if (self->request == NULL || to < 0 || to >= (int) kinema_request_get_n_shots (self->request))
    return;

  kinema_storyboard_move_shot (self, index, (guint) to);
}

static void
row_remove_cb (KinemaStoryboard *self,
               KinemaShotRow    *row)
{
  kinema_storyboard_remove_shot (self, kinema_shot_row_get_index (row));
}

static gboolean
row_drop_cb (GtkDropTarget    *target,
             const GValue     *value,
             double            x,
             double            y,
             KinemaStoryboard *self)
{
  KinemaShotRow *source = g_value_get_object (value);
  GtkWidget *dest = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));

  if (!KINEMA_IS_SHOT_ROW (source) || !KINEMA_IS_SHOT_ROW (dest) ||
      gtk_widget_get_parent (GTK_WIDGET (source)) != GTK_WIDGET (self->shot_list))
    return FALSE;

  kinema_storyboard_move_shot (self,
                               kinema_shot_row_get_index (source),
                               kinema_shot_row_get_index (KINEMA_SHOT_ROW (dest)));
  return TRUE;
}

static void
add_shot_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  kinema_storyboard_add_shot (KINEMA_STORYBOARD (widget));
}

static void
fit_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  kinema_storyboard_fit (KINEMA_STORYBOARD (widget));
}

/* GObject */

static void
kinema_storyboard_dispose (GObject *object)
{
  KinemaStoryboard *self = (KinemaStoryboard *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), KINEMA_TYPE_STORYBOARD);
  /* The template's top widget is ours to unparent. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->request);

  G_OBJECT_CLASS (kinema_storyboard_parent_class)->dispose (object);
}

static void
kinema_storyboard_class_init (KinemaStoryboardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kinema_storyboard_dispose;

  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (KINEMA_TYPE_SHOT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PATH "/kinema-storyboard.ui");
  gtk_widget_class_bind_template_child (widget_class, KinemaStoryboard, shot_list);
  gtk_widget_class_bind_template_child (widget_class, KinemaStoryboard, add_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaStoryboard, budget_label);
  gtk_widget_class_bind_template_child (widget_class, KinemaStoryboard, fit_button);
  gtk_widget_class_bind_template_child (widget_class, KinemaStoryboard, problem_label);

  gtk_widget_class_install_action (widget_class, "storyboard.add-shot", NULL, add_shot_action);
  gtk_widget_class_install_action (widget_class, "storyboard.fit", NULL, fit_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "kinemastoryboard");
}

static void
kinema_storyboard_init (KinemaStoryboard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  kinema_widget_set_tooltip (GTK_WIDGET (self->add_button), _("Add a shot at the end"));
  kinema_widget_set_tooltip (GTK_WIDGET (self->fit_button), _("Make the shots add up to the video’s length"));

  kinema_capabilities_init_kling_v3 (&self->caps);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->budget_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Length of the shots"), -1);
  update_budget (self);
}

/* Public API */

GtkWidget *
kinema_storyboard_new (void)
{
  return g_object_new (KINEMA_TYPE_STORYBOARD, NULL);
}

void
kinema_storyboard_set_request (KinemaStoryboard *self,
                               KinemaRequest    *request)
{
  g_return_if_fail (KINEMA_IS_STORYBOARD (self));
  g_return_if_fail (request == NULL || KINEMA_IS_REQUEST (request));

  g_set_object (&self->request, request);
  kinema_storyboard_sync (self);
}

void
kinema_storyboard_sync (KinemaStoryboard *self)
{
  guint n_shots;
  guint n_rows;

  g_return_if_fail (KINEMA_IS_STORYBOARD (self));

  n_shots = self->request != NULL ? kinema_request_get_n_shots (self->request) : 0;
  n_rows = count_rows (self);

  self->syncing = TRUE;

  for (; n_rows > n_shots; n_rows--)
    gtk_list_box_remove (self->shot_list, GTK_WIDGET (get_row (self, n_rows - 1)));
  for (; n_rows < n_shots; n_rows++)
    gtk_list_box_append (self->shot_list, GTK_WIDGET (create_row (self)));

  for (guint i = 0; i < n_shots; i++)
    {
      const KinemaShot *shot = kinema_request_get_shot (self->request, i);

      kinema_shot_row_set_position (get_row (self, i), i, n_shots);
      kinema_shot_row_set_shot (get_row (self, i), shot->duration, shot->prompt);
    }

  self->syncing = FALSE;

  update_budget (self);
}

void
kinema_storyboard_set_capabilities (KinemaStoryboard         *self,
                                    const KinemaCapabilities *caps)
{
  guint n;

  KinemaCapabilities wanted;

  g_return_if_fail (KINEMA_IS_STORYBOARD (self));

  if (caps != NULL)
    wanted = *caps;
  else
    kinema_capabilities_init_kling_v3 (&wanted);

  /* Called on every edit: only real changes touch the cards. */
  if (memcmp (&wanted, &self->caps, sizeof wanted) == 0)
    return;
  self->caps = wanted;

  n = count_rows (self);
  self->syncing = TRUE;
  for (guint i = 0; i < n; i++)
    kinema_shot_row_set_limits (get_row (self, i), self->caps.max_shot_prompt_chars,
                                MAX (self->caps.duration_max, 1));
  self->syncing = FALSE;

  /* Narrowing a spin button's range can clamp a length: keep the request's. */
  kinema_storyboard_sync (self);
}

void
kinema_storyboard_add_shot (KinemaStoryboard *self)
{
  guint duration;
  guint total;
  guint n;

  g_return_if_fail (KINEMA_IS_STORYBOARD (self));

  if (self->request == NULL)
    return;

  n = kinema_request_get_n_shots (self->request);
  if (n >= max_shots (self))
    return;

  /* The new shot takes what is left of the video, at least 1 s. */
  duration = kinema_request_get_duration (self->request);
  total = kinema_request_get_shots_total (self->request);
  kinema_request_add_shot (self->request, total < duration ? duration - total : 1, "");

  kinema_storyboard_sync (self);
  kinema_shot_row_focus_prompt (get_row (self, n));
  emit_changed (self);
}

void
kinema_storyboard_remove_shot (KinemaStoryboard *self,
                               guint             index)
{
  GtkWidget *row;
  GtkRoot *root;
  gboolean had_focus = FALSE;
  guint n;

  g_return_if_fail (KINEMA_IS_STORYBOARD (self));

  if (self->request == NULL || index >= kinema_request_get_n_shots (self->request))
    return;

  row = GTK_WIDGET (get_row (self, index));
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root != NULL && gtk_root_get_focus (root) != NULL)
    had_focus = gtk_widget_is_ancestor (gtk_root_get_focus (root), row);

  kinema_request_remove_shot (self->request, index);
  self->syncing = TRUE;
  gtk_list_box_remove (self->shot_list, row);
  self->syncing = FALSE;
  renumber (self);

  /* Keep the keyboard in the list: the next card, else the previous one,
   * else the Add button. */
  n = kinema_request_get_n_shots (self->request);
  if (had_focus)
    {
      if (n > 0)
        kinema_shot_row_focus_prompt (get_row (self, MIN (index, n - 1)));
      else
        gtk_widget_grab_focus (GTK_WIDGET (self->add_button));
    }

  emit_changed (self);
}

/* Which part of a card has the focus, to give it back after a move. */
typedef enum
{
  PART_NONE,
  PART_PROMPT,
  PART_DURATION,
  PART_UP,
  PART_DOWN,
  PART_REMOVE,
} Part;

static Part
focused_part (KinemaShotRow *row,
              GtkWidget     *focus)
{
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (row)))
    return PART_NONE;
  if (focus == GTK_WIDGET (_kinema_shot_row_get_prompt_view (row)))
    return PART_PROMPT;
  if (gtk_widget_is_ancestor (focus, GTK_WIDGET (_kinema_shot_row_get_duration_spin (row))))
    return PART_DURATION;
  if (focus == GTK_WIDGET (_kinema_shot_row_get_up_button (row)))
    return PART_UP;
  if (focus == GTK_WIDGET (_kinema_shot_row_get_down_button (row)))
    return PART_DOWN;
  if (focus == GTK_WIDGET (_kinema_shot_row_get_remove_button (row)))
    return PART_REMOVE;
  return PART_PROMPT;
}

static void
focus_part (KinemaShotRow *row,
            Part           part)
{
  GtkWidget *target = NULL;

  switch (part)
    {
    case PART_DURATION:
      target = GTK_WIDGET (_kinema_shot_row_get_duration_spin (row));
      break;
    case PART_UP:
      target = GTK_WIDGET (_kinema_shot_row_get_up_button (row));
      break;
    case PART_DOWN:
      target = GTK_WIDGET (_kinema_shot_row_get_down_button (row));
      break;
    case PART_REMOVE:
      target = GTK_WIDGET (_kinema_shot_row_get_remove_button (row));
      break;
    case PART_PROMPT:
    case PART_NONE:
    default:
      break;
    }

  if (part == PART_NONE)
    return;
  if (target == NULL || !gtk_widget_is_sensitive (target) || !gtk_widget_grab_focus (target))
    kinema_shot_row_focus_prompt (row);
}

void
kinema_storyboard_move_shot (KinemaStoryboard *self,
                             guint             from,
                             guint             to)
{
  GtkRoot *root;
  Part part = PART_NONE;
  guint n;

  g_return_if_fail (KINEMA_IS_STORYBOARD (self));

  if (self->request == NULL)
    return;
  n = kinema_request_get_n_shots (self->request);
  if (from >= n || to >= n || from == to)
    return;

  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (root != NULL)
    part = focused_part (get_row (self, from), gtk_root_get_focus (root));

  kinema_request_move_shot (self->request, from, to);

  /* The cards stay where they are and show the shots in their new
   * order; the focus goes along with the moved shot. */
  kinema_storyboard_sync (self);
  focus_part (get_row (self, to), part);

  emit_changed (self);
}

void
kinema_storyboard_fit (KinemaStoryboard *self)
{
  KinemaRequest *request;
  guint n, duration, total, last, others;

  g_return_if_fail (KINEMA_IS_STORYBOARD (self));

  request = self->request;
  if (request == NULL || (n = kinema_request_get_n_shots (request)) == 0)
    return;

  duration = kinema_request_get_duration (request);
  total = kinema_request_get_shots_total (request);
  if (total == duration)
    return;

  last = kinema_request_get_shot (request, n - 1)->duration;
  others = total - last;

  if (duration > others)
    {
      /* 1. The last shot absorbs the difference. */
      kinema_request_set_shot (request, n - 1, duration - others,
                               kinema_request_get_shot (request, n - 1)->prompt);
    }
  else if (total >= self->caps.duration_min && total <= self->caps.duration_max)
    {
      /* 2. The video takes the length of its shots. */
      kinema_request_set_duration (request, total);
    }
  else
    {
      /* 3. As long as allowed, and the shots trimmed from the end. */
      guint target = CLAMP (total, MAX (self->caps.duration_min, 1), MAX (self->caps.duration_max, 1));
      guint excess;

      kinema_request_set_duration (request, target);
      excess = total > target ? total - target : 0;
      for (guint i = n; i > 0 && excess > 0; i--)
        {
          const KinemaShot *shot = kinema_request_get_shot (request, i - 1);
          guint cut = MIN (excess, shot->duration > 1 ? shot->duration - 1 : 0);

          kinema_request_set_shot (request, i - 1, shot->duration - cut, shot->prompt);
          excess -= cut;
        }
    }

  kinema_storyboard_sync (self);
  emit_changed (self);
}

void
kinema_storyboard_set_problems (KinemaStoryboard *self,
                                GPtrArray        *problems)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n;

  g_return_if_fail (KINEMA_IS_STORYBOARD (self));

  n = count_rows (self);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *prompt_field = g_strdup_printf ("shots[%u].prompt", i);
      g_autofree char *duration_field = g_strdup_printf ("shots[%u].duration", i);
      const KinemaProblem *prompt = problems ? kinema_problems_find (problems, prompt_field) : NULL;
      const KinemaProblem *duration = problems ? kinema_problems_find (problems, duration_field) : NULL;

      kinema_shot_row_set_problems (get_row (self, i),
                                    prompt ? prompt->message : NULL,
                                    duration ? duration->message : NULL);
    }

  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      const KinemaProblem *problem = g_ptr_array_index (problems, i);

      if (g_strcmp0 (problem->field, "shots") != 0)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, problem->message);
    }

  gtk_label_set_label (self->problem_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), text->len > 0);
}

/* Test accessors (kinema-storyboard-private.h) */

GtkListBox *
_kinema_storyboard_get_list (KinemaStoryboard *self)
{
  return self->shot_list;
}

KinemaShotRow *
_kinema_storyboard_get_row (KinemaStoryboard *self,
                            guint             index)
{
  return get_row (self, index);
}

GtkLabel *
_kinema_storyboard_get_budget_label (KinemaStoryboard *self)
{
  return self->budget_label;
}

GtkButton *
_kinema_storyboard_get_fit_button (KinemaStoryboard *self)
{
  return self->fit_button;
}

GtkButton *
_kinema_storyboard_get_add_button (KinemaStoryboard *self)
{
  return self->add_button;
}

GtkLabel *
_kinema_storyboard_get_problem_label (KinemaStoryboard *self)
{
  return self->problem_label;
}
