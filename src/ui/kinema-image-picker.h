/* kinema-image-picker.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One input image (a first or last frame, a reference image): takes a
 * dropped file, a pasted image or address, a file from the chooser, or a
 * typed https address; shows a thumbnail, the format, pixel size and file
 * size, and what is wrong with the image, all read off the main thread.
 *
 * Properties:
 *   title  (string)  what the image is for ("First Frame")
 *   field  (string)  the validation field it stands for ("first_frame")
 *   path   (string)  a local path or an https URL; NULL when empty
 *   busy   (bool)    a thumbnail or header read is under way
 *
 * Signals:
 *   changed ()       the user set, replaced or cleared the image (not
 *                    emitted by kinema_image_picker_set_path ())
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KINEMA_TYPE_IMAGE_PICKER (kinema_image_picker_get_type ())

G_DECLARE_FINAL_TYPE (KinemaImagePicker, kinema_image_picker, KINEMA, IMAGE_PICKER, GtkWidget)

GtkWidget  *kinema_image_picker_new          (const char         *title,
                                              const char         *field);
const char *kinema_image_picker_get_title    (KinemaImagePicker  *self);
void        kinema_image_picker_set_title    (KinemaImagePicker  *self,
                                              const char         *title);
const char *kinema_image_picker_get_field    (KinemaImagePicker  *self);
void        kinema_image_picker_set_field    (KinemaImagePicker  *self,
                                              const char         *field);

const char *kinema_image_picker_get_path     (KinemaImagePicker  *self);
/* Shows @path_or_url (or nothing) without emitting "changed": for loading
 * a request into the editor. */
void        kinema_image_picker_set_path     (KinemaImagePicker  *self,
                                              const char         *path_or_url);
/* The one way in for drops, the file chooser, pasted files and tests:
 * a local file (its path) or an https:// location (its URI). Emits
 * "changed". Returns FALSE, showing why, for anything else. */
gboolean    kinema_image_picker_set_file     (KinemaImagePicker  *self,
                                              GFile              *file);
/* A typed or pasted address; http:// is kept (validation explains that
 * it must be https://), anything that is not a web address is refused. */
gboolean    kinema_image_picker_set_url      (KinemaImagePicker  *self,
                                              const char         *url);
/* Reads the clipboard: an image is saved as PNG in the cache (in a
 * thread) and used; a file or an https address is used as is. */
void        kinema_image_picker_paste        (KinemaImagePicker  *self);
void        kinema_image_picker_clear        (KinemaImagePicker  *self);

gboolean    kinema_image_picker_get_busy     (KinemaImagePicker  *self);
/* Problems found by validation for this image (shown with the picker's
 * own header checks, without repeating a message). */
void        kinema_image_picker_set_messages (KinemaImagePicker  *self,
                                              const char * const *messages);

/* Thumbnails for other widgets: reads and scales the image in a thread.
 * Returns a GdkTexture no larger than @size on either side. */
void        kinema_thumbnail_load_async      (const char          *path,
                                              int                  size,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
GdkTexture *kinema_thumbnail_load_finish     (GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
