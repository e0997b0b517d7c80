/* kinema-thumbnailer.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PNG thumbnails of clips, made with GStreamer in a small pool of worker
 * threads and cached on disk. Only the cards that are visible ask, so
 * the queue is bounded: when too many requests wait, the oldest waiting
 * one is dropped with G_IO_ERROR_CANCELLED.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define KINEMA_THUMBNAILER_DEFAULT_MAX_PENDING 64

#define KINEMA_TYPE_THUMBNAILER (kinema_thumbnailer_get_type ())

G_DECLARE_FINAL_TYPE (KinemaThumbnailer, kinema_thumbnailer, KINEMA, THUMBNAILER, GObject)

/* @cache_dir: NULL for kinema_paths_thumbnails_dir(); created (0700) on
 * first use. @max_workers: decoding threads, 0 for the default (2). */
KinemaThumbnailer *kinema_thumbnailer_new             (const char           *cache_dir,
                                                       guint                 max_workers);

const char        *kinema_thumbnailer_get_cache_dir   (KinemaThumbnailer    *self);

/* How many requests may wait for a worker (default 64, at least 1).
 * Requests already being decoded do not count. */
void               kinema_thumbnailer_set_max_pending (KinemaThumbnailer    *self,
                                                       guint                 max_pending);
guint              kinema_thumbnailer_get_max_pending (KinemaThumbnailer    *self);

/* A thumbnail @width pixels wide (height from the clip's display aspect),
 * from the frame at 10 % of the clip. The cache is keyed by the file's
 * path, modification time and size and by @width, so a changed file gets
 * a new thumbnail. Requests for the same file and width share one decode.
 * The result is delivered on the caller's thread-default main context.
 *
 * Errors: G_IO_ERROR_CANCELLED when @cancellable was cancelled or the
 * request was dropped from a full queue; KINEMA_ERROR_VERIFICATION when
 * the file is not a playable video (also after 10 s without a picture);
 * KINEMA_ERROR_STORAGE when the file or the cache cannot be read or
 * written. */
void               kinema_thumbnailer_request_async   (KinemaThumbnailer    *self,
                                                       const char           *video_path,
                                                       int                   width,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
/* Returns the path of the PNG in the cache; free with g_free(). */
char              *kinema_thumbnailer_request_finish  (KinemaThumbnailer    *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

/* For tests and benchmarks: how many thumbnails were actually decoded
 * (cache misses that reached GStreamer). */
guint              kinema_thumbnailer_get_n_decodes   (KinemaThumbnailer    *self);

G_END_DECLS
