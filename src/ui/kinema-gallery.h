/* kinema-gallery.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The grid of jobs and clips over the library, with full-text search,
 * filters and sorting above it. It owns the "clip.*" actions (see
 * kinema_gallery_get_actions()), which every widget that shows a job
 * activates with the job's id as target:
 *
 *   clip.retry, clip.check-again, clip.cancel, clip.favourite, clip.remix,
 *   clip.continue, clip.compare-with, clip.compare (no target),
 *   clip.export, clip.delete, clip.undo-delete, clip.copy-prompt,
 *   clip.copy-curl, clip.open-folder, clip.play
 */
#pragma once

#include <gtk/gtk.h>

#include "kinema-editor.h"
#include "kinema-engine.h"
#include "kinema-job-list.h"

G_BEGIN_DECLS

#define KINEMA_TYPE_GALLERY (kinema_gallery_get_type ())

G_DECLARE_FINAL_TYPE (KinemaGallery, kinema_gallery, KINEMA, GALLERY, GtkWidget)

GtkWidget     *kinema_gallery_new               (void);
KinemaEngine  *kinema_gallery_get_engine        (KinemaGallery *self);
void           kinema_gallery_set_engine        (KinemaGallery *self,
                                                 KinemaEngine  *engine);
/* Where Remix and "Continue from last frame" put their results. */
void           kinema_gallery_set_editor        (KinemaGallery *self,
                                                 KinemaEditor  *editor);
KinemaJobList *kinema_gallery_get_job_list      (KinemaGallery *self);
/* The "clip" action group; insert it where other widgets need it. */
GActionGroup  *kinema_gallery_get_actions       (KinemaGallery *self);

KinemaJob     *kinema_gallery_get_selected_job  (KinemaGallery *self);
/* The clip of the selected job, once that job is done; else NULL. */
KinemaClip    *kinema_gallery_get_selected_clip (KinemaGallery *self);

/* Selects the job's card and scrolls to it, clearing filters that hide
 * it. FALSE if the library has no such job. */
gboolean       kinema_gallery_show_job          (KinemaGallery *self,
                                                 const char    *job_id);
void           kinema_gallery_focus_search      (KinemaGallery *self);
void           kinema_gallery_add_toast         (KinemaGallery *self,
                                                 const char    *message);

G_END_DECLS
