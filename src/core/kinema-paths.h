/* kinema-paths.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where Kinema keeps things. KINEMA_DATA_DIR, KINEMA_CLIPS_DIR and
 * KINEMA_CACHE_DIR override the XDG defaults (tests use them).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *kinema_paths_data_dir     (void);   /* $XDG_DATA_HOME/kinema */
const char *kinema_paths_cache_dir    (void);   /* $XDG_CACHE_HOME/kinema */
const char *kinema_paths_clips_dir    (void);   /* $XDG_VIDEOS_DIR/Kinema */
char       *kinema_paths_library_db   (void);   /* data_dir/library.db */
char       *kinema_paths_elements_dir (void);   /* data_dir/elements */
char       *kinema_paths_thumbnails_dir (void); /* cache_dir/thumbnails */

/* Forget cached values (tests change the environment between cases). */
void        kinema_paths_reset        (void);

/* Create a directory and its parents with mode 0700; FALSE + error on failure. */
gboolean    kinema_paths_ensure_dir   (const char *path, GError **error);

G_END_DECLS
