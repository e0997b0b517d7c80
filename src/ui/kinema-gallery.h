/* kinema-gallery.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The grid of jobs and clips, newest first.
 */
#pragma once

#include <gtk/gtk.h>

#include "kinema-engine.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_GALLERY (kinema_gallery_get_type ())

G_DECLARE_FINAL_TYPE (KinemaGallery, kinema_gallery, KINEMA, GALLERY, GtkWidget)

GtkWidget    *kinema_gallery_new               (void);
KinemaEngine *kinema_gallery_get_engine        (KinemaGallery *self);
void          kinema_gallery_set_engine        (KinemaGallery *self,
                                                KinemaEngine  *engine);
KinemaJob    *kinema_gallery_get_selected_job  (KinemaGallery *self);
/* The clip of the selected job, once that job is done; else NULL. */
KinemaClip   *kinema_gallery_get_selected_clip (KinemaGallery *self);

G_END_DECLS
