/* kinema-download.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fetches a finished video into the clips folder: streams to "<dest>.part",
 * caps the size, checks the content type, fsyncs, then renames into place.
 * Handles https:// (libsoup) and file:// (the simulator) alike.
 */
#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define KINEMA_DOWNLOAD_MAX_BYTES (2 * (guint64) 1024 * 1024 * 1024)

/* Called on the caller's main context. @total is 0 when unknown. */
typedef void (*KinemaDownloadProgress) (guint64  received,
                                        guint64  total,
                                        gpointer user_data);

void     kinema_download_async  (SoupSession            *session,
                                 const char             *url,
                                 const char             *dest_path,
                                 guint64                 max_bytes,
                                 KinemaDownloadProgress  progress,
                                 gpointer                progress_data,
                                 GCancellable           *cancellable,
                                 GAsyncReadyCallback     callback,
                                 gpointer                user_data);
gboolean kinema_download_finish (GAsyncResult           *result,
                                 GError                **error);

G_END_DECLS
