/* kinema-storyboard-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accessors for tests, so that they drive the real widgets.
 */
#pragma once

#include "kinema-shot-row.h"
#include "kinema-storyboard.h"

G_BEGIN_DECLS

GtkListBox    *_kinema_storyboard_get_list          (KinemaStoryboard *self);
KinemaShotRow *_kinema_storyboard_get_row           (KinemaStoryboard *self,
                                                     guint             index);
GtkLabel      *_kinema_storyboard_get_budget_label  (KinemaStoryboard *self);
GtkButton     *_kinema_storyboard_get_fit_button    (KinemaStoryboard *self);
GtkButton     *_kinema_storyboard_get_add_button    (KinemaStoryboard *self);
GtkLabel      *_kinema_storyboard_get_problem_label (KinemaStoryboard *self);

G_END_DECLS
