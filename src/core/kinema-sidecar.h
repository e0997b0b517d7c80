/* kinema-sidecar.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The provenance sidecar: a JSON file next to each clip that says which
 * request, provider and task made it, so a clip stays explainable (and
 * re-runnable) without the library database.
 */
#pragma once

#include <gio/gio.h>

#include "kinema-job.h"
#include "kinema-request.h"

G_BEGIN_DECLS

#define KINEMA_SIDECAR_VERSION 1

/* The clip's path with its extension replaced by ".json"
 * ("2024-05-01-cat-1a2b3c4d.mp4" → "2024-05-01-cat-1a2b3c4d.json"). */
char          *kinema_sidecar_path_for_clip (const char           *clip_path);

/* The sidecar's JSON text for @job, which must have a clip with a path.
 * @provider_name may be NULL. */
char          *kinema_sidecar_to_data       (KinemaJob            *job,
                                             const char           *provider_name,
                                             GError              **error);

/* Blocking; call from a worker thread. Writes the sidecar next to the
 * job's clip atomically (temporary file + rename), mode 0644. */
gboolean       kinema_sidecar_write         (KinemaJob            *job,
                                             const char           *provider_name,
                                             GError              **error);

/* Builds the JSON on the calling thread (the job may change afterwards)
 * and writes it in a worker thread. */
void           kinema_sidecar_write_async   (KinemaJob            *job,
                                             const char           *provider_name,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean       kinema_sidecar_write_finish  (GAsyncResult         *result,
                                             GError              **error);

/* Blocking. The request a sidecar recorded, to run it again.
 * KINEMA_ERROR_STORAGE if the file cannot be read, KINEMA_ERROR_INVALID_REQUEST
 * if it is not a Kinema sidecar or its request is damaged. */
KinemaRequest *kinema_sidecar_read_request  (const char           *sidecar_path,
                                             GError              **error);

G_END_DECLS
