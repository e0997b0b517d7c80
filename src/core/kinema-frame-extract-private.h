/* kinema-frame-extract-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frame grabber that kinema-frame-extract.c and kinema-thumbnailer.c
 * share. Everything here blocks: call it from a worker thread.
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/* Pass as @position to get the clip's final frame. */
#define KINEMA_FRAME_LAST (-1.0)

gboolean   _kinema_frame_ensure_gst (GError                **error);

/* Decodes one frame of @video_path. @position is a fraction of the
 * duration (0 = first frame; the seek is accurate) or KINEMA_FRAME_LAST.
 * With @width > 0 the frame is scaled to that width, keeping the aspect
 * ratio, with square pixels, in RGB; with @width == 0 it keeps the
 * stream's own size and format. Every wait is bounded by @timeout_us
 * in total. @decode_threads > 0 caps the decoder's threads (where it has
 * a "max-threads" property, as the libav ones do); 0 leaves its choice. */
GstSample *_kinema_frame_grab       (const char             *video_path,
                                     double                  position,
                                     int                     width,
                                     gint64                  timeout_us,
                                     guint                   decode_threads,
                                     GCancellable           *cancellable,
                                     GError                **error);

/* Encodes @sample as PNG and writes it with g_file_set_contents_full()
 * (@flags should hold G_FILE_SET_CONTENTS_CONSISTENT: tmp + rename). */
gboolean   _kinema_frame_save_png   (GstSample              *sample,
                                     const char             *png_path,
                                     GFileSetContentsFlags   flags,
                                     int                     mode,
                                     int                    *width,
                                     int                    *height,
                                     GError                **error);

G_END_DECLS
