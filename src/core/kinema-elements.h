/* kinema-elements.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bringing images into the element library: each is checked against
 * Kling's image rules and copied into kinema_paths_elements_dir(), named
 * by its content so the library survives moved or deleted originals and
 * the same picture is stored once.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Checks every source first and copies nothing unless all pass. On
 * failure the error is KINEMA_ERROR_INVALID_REQUEST and @problems (when
 * given) receives the KinemaProblem list, one per problem. */
void   kinema_elements_import_images_async  (const char * const  *sources,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GStrv  kinema_elements_import_images_finish (GAsyncResult        *result,
                                             GPtrArray          **problems,
                                             GError             **error);
/* Blocking variant for worker threads and the CLI. */
GStrv  kinema_elements_import_images        (const char * const  *sources,
                                             GPtrArray          **problems,
                                             GCancellable        *cancellable,
                                             GError             **error);

/* A short fingerprint of an element's images (their stored names), to
 * tell when a provider's registration of the element has gone stale. */
char  *kinema_elements_images_hash          (const char * const  *images);

G_END_DECLS
