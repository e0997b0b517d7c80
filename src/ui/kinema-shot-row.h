/* kinema-shot-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One shot card of a customized multi-shot storyboard: its number, length,
 * prompt (with a counter), move and remove buttons, and its problems.
 *
 * Signals:
 *   changed ()          the user edited the prompt or the length
 *   move    (int delta) move up (-1) or down (+1): buttons or Alt+Up/Down
 *   remove  ()
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KINEMA_TYPE_SHOT_ROW (kinema_shot_row_get_type ())

G_DECLARE_FINAL_TYPE (KinemaShotRow, kinema_shot_row, KINEMA, SHOT_ROW, GtkListBoxRow)

GtkWidget *kinema_shot_row_new          (void);
guint      kinema_shot_row_get_index    (KinemaShotRow *self);
/* Numbers the card (from 0; shown from 1) and enables moving. */
void       kinema_shot_row_set_position (KinemaShotRow *self,
                                         guint          index,
                                         guint          n_shots);
/* Shows a shot without emitting "changed". */
void       kinema_shot_row_set_shot     (KinemaShotRow *self,
                                         guint          duration,
                                         const char    *prompt);
guint      kinema_shot_row_get_duration (KinemaShotRow *self);
char      *kinema_shot_row_dup_prompt   (KinemaShotRow *self);
/* 0 for no limit. */
void       kinema_shot_row_set_limits   (KinemaShotRow *self,
                                         guint          max_prompt_chars,
                                         guint          max_duration);
/* Messages for "shots[N].prompt" and "shots[N].duration"; NULL for none. */
void       kinema_shot_row_set_problems (KinemaShotRow *self,
                                         const char    *prompt_problem,
                                         const char    *duration_problem);
/* Moves the keyboard focus into the prompt. */
void       kinema_shot_row_focus_prompt (KinemaShotRow *self);

/* "12 / 512" in @label, in the error style past @limit; hidden when
 * @limit is 0. Shared by every prompt counter of the editor. */
void       kinema_counter_label_update  (GtkLabel      *label,
                                         const char    *text,
                                         guint          limit);

G_END_DECLS
