/* kinema-elements.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-elements"

#include "config.h"

#include <errno.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "kinema-elements.h"
#include "kinema-error.h"
#include "kinema-image.h"
#include "kinema-paths.h"
#include "kinema-validate.h"

static char *
stored_name_for (const char         *source,
                 KinemaImageFormat   format,
                 GError            **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (source, FALSE, error);
  g_autofree char *digest = NULL;

  if (mapped == NULL)
    return NULL;
  digest = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                        (const guchar *) g_mapped_file_get_contents (mapped),
                                        g_mapped_file_get_length (mapped));
  return g_strdup_printf ("%.32s.%s", digest, format == KINEMA_IMAGE_FORMAT_PNG ? "png" : "jpg");
}

static gboolean
copy_atomically (const char    *source,
                 const char    *dest,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *tmp = g_strconcat (dest, ".tmp", NULL);
  g_autoptr(GFile) src = g_file_new_for_path (source);
  g_autoptr(GFile) dst = g_file_new_for_path (tmp);

  if (!g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error))
    return FALSE;
  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                   _("Could not store the image: %s"), g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

GStrv
kinema_elements_import_images (const char * const  *sources,
                               GPtrArray          **problems_out,
                               GCancellable        *cancellable,
                               GError             **error)
{
  g_autoptr(GPtrArray) problems = kinema_problems_new ();
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = kinema_paths_elements_dir ();
  guint n = sources ? g_strv_length ((char **) sources) : 0;

  if (n == 0)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                           _("Choose at least one image for the element."));
      return NULL;
    }

  /* Check everything before copying anything. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) found = kinema_image_check (sources[i], "images");

      for (guint j = 0; j < found->len; j++)
        g_ptr_array_add (problems, kinema_problem_copy (g_ptr_array_index (found, j)));
    }
  if (problems->len > 0)
    {
      g_set_error_literal (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST,
                           ((KinemaProblem *) g_ptr_array_index (problems, 0))->message);
      if (problems_out)
        *problems_out = g_steal_pointer (&problems);
      return NULL;
    }

  if (!kinema_paths_ensure_dir (dir, error))
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      KinemaImageInfo info;
      g_autofree char *name = NULL;
      g_autofree char *dest = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      if (!kinema_image_read_header (sources[i], &info, error))
        return NULL;
      name = stored_name_for (sources[i], info.format, error);
      if (name == NULL)
        return NULL;
      dest = g_build_filename (dir, name, NULL);
      /* Same content, same name: already stored. */
      if (!g_file_test (dest, G_FILE_TEST_EXISTS) &&
          !copy_atomically (sources[i], dest, cancellable, error))
        return NULL;
      g_ptr_array_add (stored, g_steal_pointer (&dest));
    }

  g_ptr_array_add (stored, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&stored), FALSE);
}

typedef struct
{
  GStrv      sources;
  GPtrArray *problems;
} ImportData;

static void
import_data_free (ImportData *data)
{
  g_strfreev (data->sources);
  g_clear_pointer (&data->problems, g_ptr_array_unref);
  g_free (data);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  GError *error = NULL;
  GStrv stored = kinema_elements_import_images ((const char * const *) data->sources,
                                                &data->problems, cancellable, &error);

  if (stored == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, stored, (GDestroyNotify) g_strfreev);
}

void
kinema_elements_import_images_async (const char * const  *sources,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  ImportData *data = g_new0 (ImportData, 1);

  g_task_set_source_tag (task, kinema_elements_import_images_async);
  data->sources = g_strdupv ((char **) sources);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  g_task_run_in_thread (task, import_thread);
}

GStrv
kinema_elements_import_images_finish (GAsyncResult  *result,
                                      GPtrArray    **problems,
                                      GError       **error)
{
  ImportData *data = g_task_get_task_data (G_TASK (result));

  if (problems && data->problems)
    *problems = g_ptr_array_ref (data->problems);
  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
kinema_elements_images_hash (const char * const *images)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (guint i = 0; images && images[i]; i++)
    {
      g_autofree char *base = g_path_get_basename (images[i]);

      g_checksum_update (sum, (const guchar *) base, -1);
      g_checksum_update (sum, (const guchar *) "\n", 1);
    }
  return g_strndup (g_checksum_get_string (sum), 16);
}
