/* kinema-media-stream.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define KINEMA_TYPE_MEDIA_STREAM (kinema_media_stream_get_type ())

G_DECLARE_FINAL_TYPE (KinemaMediaStream, kinema_media_stream, KINEMA, MEDIA_STREAM, GtkMediaStream)

GtkMediaStream *kinema_media_stream_new_for_file        (GFile             *file);
GtkMediaStream *kinema_media_stream_new_for_filename    (const char        *filename);
void            kinema_media_stream_set_rate            (KinemaMediaStream *self,
                                                         double             rate);
double          kinema_media_stream_get_rate            (KinemaMediaStream *self);
void            kinema_media_stream_step                (KinemaMediaStream *self,
                                                         int                frames);
guint           kinema_media_stream_get_frames_shown    (KinemaMediaStream *self);

G_END_DECLS
