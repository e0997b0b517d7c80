/* kinema-shot-row-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accessors for tests, so that they drive the real widgets.
 */
#pragma once

#include "kinema-shot-row.h"

G_BEGIN_DECLS

GtkTextView   *_kinema_shot_row_get_prompt_view   (KinemaShotRow *self);
GtkSpinButton *_kinema_shot_row_get_duration_spin (KinemaShotRow *self);
GtkLabel      *_kinema_shot_row_get_problem_label (KinemaShotRow *self);
GtkLabel      *_kinema_shot_row_get_counter_label (KinemaShotRow *self);
GtkButton     *_kinema_shot_row_get_up_button     (KinemaShotRow *self);
GtkButton     *_kinema_shot_row_get_down_button   (KinemaShotRow *self);
GtkButton     *_kinema_shot_row_get_remove_button (KinemaShotRow *self);

G_END_DECLS
