/* test-elements.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kinema-elements.h"
#include "kinema-error.h"
#include "kinema-library.h"
#include "kinema-paths.h"
#include "kinema-validate.h"

static char *tmp;

static char *
make_png (const char *name,
          int         width,
          int         height,
          const char *pattern)
{
  char *path = g_build_filename (tmp, name, NULL);
  g_autofree char *cmd = g_strdup_printf ("gst-launch-1.0 -q videotestsrc num-buffers=1 pattern=%s"
                                          " ! video/x-raw,width=%d,height=%d ! pngenc ! filesink location=%s",
                                          pattern, width, height, path);
  int status = 0;

  g_assert_true (g_spawn_command_line_sync (cmd, NULL, NULL, &status, NULL));
  g_assert_cmpint (status, ==, 0);
  return path;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d && g_dir_read_name (d))
    n++;
  return n;
}

static void
test_import_copies_and_dedupes (void)
{
  g_autofree char *a = make_png ("front.png", 640, 480, "smpte");
  g_autofree char *b = make_png ("side.png", 480, 640, "ball");
  g_autofree char *dir = kinema_paths_elements_dir ();
  const char *sources[] = { a, b, NULL };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) stored = NULL;
  g_auto(GStrv) again = NULL;
  g_autofree char *orig = NULL, *copy = NULL;
  gsize orig_len, copy_len;

  stored = kinema_elements_import_images (sources, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (stored), ==, 2);
  g_assert_true (g_str_has_prefix (stored[0], dir));
  g_assert_true (g_str_has_suffix (stored[0], ".png"));
  g_assert_true (g_file_get_contents (a, &orig, &orig_len, NULL));
  g_assert_true (g_file_get_contents (stored[0], &copy, &copy_len, NULL));
  g_assert_cmpmem (orig, orig_len, copy, copy_len);

  /* The originals may go away; the library keeps its copies. */
  g_unlink (a);
  g_assert_true (g_file_test (stored[0], G_FILE_TEST_IS_REGULAR));

  /* Same pictures again: same stored files, nothing new. */
  {
    const char *again_sources[] = { stored[0], b, NULL };

    again = kinema_elements_import_images (again_sources, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (again[0], ==, stored[0]);
    g_assert_cmpstr (again[1], ==, stored[1]);
    g_assert_cmpuint (count_files (dir), ==, 2);
  }
}

static void
test_import_refuses_bad_images (void)
{
  g_autofree char *good = make_png ("good.png", 640, 480, "snow");
  g_autofree char *tiny = make_png ("tiny.png", 120, 120, "snow");
  g_autofree char *text = g_build_filename (tmp, "notes.png", NULL);
  g_autofree char *dir = kinema_paths_elements_dir ();
  const char *sources[] = { good, tiny, text, NULL };
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) stored = NULL;
  guint before = count_files (dir);

  g_file_set_contents (text, "just some notes", -1, NULL);
  stored = kinema_elements_import_images (sources, &problems, NULL, &error);
  g_assert_null (stored);
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_nonnull (problems);
  g_assert_cmpuint (problems->len, >=, 2);
  /* Nothing copied, not even the good one. */
  g_assert_cmpuint (count_files (dir), ==, before);
}

static void
import_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GStrv *out = user_data;
  g_autoptr(GError) error = NULL;

  *out = kinema_elements_import_images_finish (result, NULL, &error);
  g_assert_no_error (error);
}

static void
test_import_async (void)
{
  g_autofree char *a = make_png ("async.png", 800, 600, "pinwheel");
  const char *sources[] = { a, NULL };
  GStrv stored = NULL;

  kinema_elements_import_images_async (sources, NULL, import_cb, &stored);
  while (stored == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_strv_length (stored), ==, 1);
  g_strfreev (stored);
}

static void
test_library_elements (void)
{
  g_autofree char *db = g_build_filename (tmp, "elements.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KinemaLibrary) lib = kinema_library_new (db, &error);
  g_autoptr(KinemaElementRecord) hero = g_new0 (KinemaElementRecord, 1);
  g_autoptr(KinemaElementRecord) clash = g_new0 (KinemaElementRecord, 1);
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *remote = NULL;
  const char *images[] = { "/lib/elements/aa.png", "/lib/elements/bb.jpg", NULL };
  const char *new_images[] = { "/lib/elements/cc.png", NULL };

  g_assert_no_error (error);
  hero->name = g_strdup ("hero");
  hero->description = g_strdup ("young woman in a yellow raincoat");
  hero->images = g_strdupv ((char **) images);
  g_assert_true (kinema_library_insert_element (lib, hero, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hero->id, >, 0);

  clash->name = g_strdup ("hero");
  g_assert_false (kinema_library_insert_element (lib, clash, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_REQUEST);
  g_assert_nonnull (strstr (error->message, "already an element called"));
  g_clear_error (&error);

  list = kinema_library_list_elements (lib, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  {
    KinemaElementRecord *got = g_ptr_array_index (list, 0);

    g_assert_cmpstr (got->name, ==, "hero");
    g_assert_cmpuint (g_strv_length (got->images), ==, 2);
    g_assert_cmpstr (got->images[1], ==, "/lib/elements/bb.jpg");
  }

  /* A provider's registration is tied to the exact images. */
  hash = kinema_elements_images_hash (images);
  g_assert_true (kinema_library_store_remote_element (lib, hero->id, "kling", "860001", hash, &error));
  remote = kinema_library_lookup_remote_element (lib, hero->id, "kling", hash);
  g_assert_cmpstr (remote, ==, "860001");
  g_clear_pointer (&remote, g_free);

  g_free (hero->name);
  hero->name = g_strdup ("heroine");
  g_strfreev (hero->images);
  hero->images = g_strdupv ((char **) new_images);
  g_assert_true (kinema_library_update_element (lib, hero, &error));
  {
    g_autofree char *new_hash = kinema_elements_images_hash (new_images);

    g_assert_cmpstr (new_hash, !=, hash);
    remote = kinema_library_lookup_remote_element (lib, hero->id, "kling", new_hash);
    g_assert_null (remote);
  }
  g_clear_pointer (&list, g_ptr_array_unref);
  list = kinema_library_list_elements (lib, &error);
  g_assert_cmpstr (((KinemaElementRecord *) g_ptr_array_index (list, 0))->name, ==, "heroine");
  g_assert_cmpuint (g_strv_length (((KinemaElementRecord *) g_ptr_array_index (list, 0))->images), ==, 1);

  g_assert_true (kinema_library_delete_element (lib, hero->id, &error));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = kinema_library_list_elements (lib, &error);
  g_assert_cmpuint (list->len, ==, 0);
  remote = kinema_library_lookup_remote_element (lib, hero->id, "kling", hash);
  g_assert_null (remote);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);
  tmp = g_dir_make_tmp ("kinema-elements-XXXXXX", NULL);
  g_setenv ("KINEMA_DATA_DIR", tmp, TRUE);
  kinema_paths_reset ();

  g_test_add_func ("/elements/import-copies-and-dedupes", test_import_copies_and_dedupes);
  g_test_add_func ("/elements/import-refuses-bad-images", test_import_refuses_bad_images);
  g_test_add_func ("/elements/import-async", test_import_async);
  g_test_add_func ("/elements/library", test_library_elements);

  ret = g_test_run ();
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", tmp);
    g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  }
  g_free (tmp);
  return ret;
}
