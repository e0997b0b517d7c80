/* kinema-image-picker-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Accessors for tests, so that they drive the real widgets.
 */
#pragma once

#include "kinema-image-picker.h"

G_BEGIN_DECLS

GtkLabel      *_kinema_image_picker_get_info_label    (KinemaImagePicker *self);
GtkLabel      *_kinema_image_picker_get_problem_label (KinemaImagePicker *self);
GtkEntry      *_kinema_image_picker_get_url_entry     (KinemaImagePicker *self);
GtkMenuButton *_kinema_image_picker_get_url_button    (KinemaImagePicker *self);
GtkPicture    *_kinema_image_picker_get_picture       (KinemaImagePicker *self);
GtkButton     *_kinema_image_picker_get_clear_button  (KinemaImagePicker *self);

G_END_DECLS
