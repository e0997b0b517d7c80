/* kinema-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-paths"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "kinema-error.h"
#include "kinema-paths.h"

G_LOCK_DEFINE_STATIC (paths);
static char *data_dir;
static char *cache_dir;
static char *clips_dir;

static const char *
cached (char       **slot,
        const char  *env,
        char      *(*fallback) (void))
{
  const char *result;

  G_LOCK (paths);
  if (*slot == NULL)
    {
      const char *value = g_getenv (env);

      *slot = (value && *value) ? g_strdup (value) : fallback ();
    }
  result = *slot;
  G_UNLOCK (paths);
  return result;
}

static char *
default_data_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "kinema", NULL);
}

static char *
default_cache_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "kinema", NULL);
}

static char *
default_clips_dir (void)
{
  const char *videos = g_get_user_special_dir (G_USER_DIRECTORY_VIDEOS);

  if (videos == NULL || g_strcmp0 (videos, g_get_home_dir ()) == 0)
    return g_build_filename (g_get_home_dir (), "Videos", "Kinema", NULL);
  return g_build_filename (videos, "Kinema", NULL);
}

const char *
kinema_paths_data_dir (void)
{
  return cached (&data_dir, "KINEMA_DATA_DIR", default_data_dir);
}

const char *
kinema_paths_cache_dir (void)
{
  return cached (&cache_dir, "KINEMA_CACHE_DIR", default_cache_dir);
}

const char *
kinema_paths_clips_dir (void)
{
  return cached (&clips_dir, "KINEMA_CLIPS_DIR", default_clips_dir);
}

char *
kinema_paths_library_db (void)
{
  return g_build_filename (kinema_paths_data_dir (), "library.db", NULL);
}

char *
kinema_paths_elements_dir (void)
{
  return g_build_filename (kinema_paths_data_dir (), "elements", NULL);
}

char *
kinema_paths_thumbnails_dir (void)
{
  return g_build_filename (kinema_paths_cache_dir (), "thumbnails", NULL);
}

void
kinema_paths_reset (void)
{
  G_LOCK (paths);
  g_clear_pointer (&data_dir, g_free);
  g_clear_pointer (&cache_dir, g_free);
  g_clear_pointer (&clips_dir, g_free);
  G_UNLOCK (paths);
}

gboolean
kinema_paths_ensure_dir (const char  *path,
                         GError     **error)
{
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_mkdir_with_parents (path, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("Could not create the folder “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
