/* kinema-element-row-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accessors for tests, so that they drive the real widgets.
 */
#pragma once

#include "kinema-element-row.h"

G_BEGIN_DECLS

AdwEntryRow  *_kinema_element_row_get_name_row        (KinemaElementRow *self);
AdwEntryRow  *_kinema_element_row_get_description_row (KinemaElementRow *self);
GtkButton    *_kinema_element_row_get_use_button      (KinemaElementRow *self);
GtkButton    *_kinema_element_row_get_delete_button   (KinemaElementRow *self);
AdwActionRow *_kinema_element_row_get_status_row      (KinemaElementRow *self);
GtkLabel     *_kinema_element_row_get_problem_label   (KinemaElementRow *self);
GtkFlowBox   *_kinema_element_row_get_images_box      (KinemaElementRow *self);

G_END_DECLS
