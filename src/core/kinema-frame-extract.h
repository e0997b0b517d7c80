/* kinema-frame-extract.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Continue from the last frame": the final picture of a clip, at its
 * full resolution, saved as a PNG that the editor can use as the next
 * request's first frame.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Blocking; call from a worker thread. The PNG is written atomically
 * (temporary file + rename). On failure nothing is left at @png_path.
 * A file that is not a playable video gives KINEMA_ERROR_VERIFICATION,
 * a PNG that cannot be written KINEMA_ERROR_STORAGE. */
gboolean kinema_extract_last_frame        (const char           *video_path,
                                           const char           *png_path,
                                           int                  *width,
                                           int                  *height,
                                           GCancellable         *cancellable,
                                           GError              **error);

void     kinema_extract_last_frame_async  (const char           *video_path,
                                           const char           *png_path,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean kinema_extract_last_frame_finish (GAsyncResult         *result,
                                           int                  *width,
                                           int                  *height,
                                           GError              **error);

G_END_DECLS
