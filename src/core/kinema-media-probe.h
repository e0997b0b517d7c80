/* kinema-media-probe.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a video file holds, read with GstDiscoverer.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  gint64    duration_ms;
  int       width;
  int       height;
  double    fps;
  gboolean  has_video;
  gboolean  has_audio;
  guint64   file_size;
} KinemaMediaInfo;

/* Blocking; call from a worker thread. */
KinemaMediaInfo *kinema_media_probe        (const char           *path,
                                            GError              **error);
void             kinema_media_probe_async  (const char           *path,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
KinemaMediaInfo *kinema_media_probe_finish (GAsyncResult         *result,
                                            GError              **error);
void             kinema_media_info_free    (KinemaMediaInfo      *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (KinemaMediaInfo, kinema_media_info_free)

G_END_DECLS
