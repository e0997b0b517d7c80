/* test-frame-extract.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-frame-extract"

#include "config.h"

#include <glib/gstdio.h>
#include <gst/gst.h>

#include "kinema-error.h"
#include "kinema-frame-extract.h"
#include "kinema-test-media.h"

static char *tmp_dir;
static char *landscape_clip;   /* 640x360, 3 s */
static char *portrait_clip;    /* 360x640, 3 s */
static char *short_clip;       /* 320x240, 0.5 s */

typedef struct
{
  gboolean  done;
  gboolean  ok;
  int       width;
  int       height;
  GError   *error;
} Result;

static void
extract_cb (GObject      *object,
            GAsyncResult *res,
            gpointer      user_data)
{
  Result *result = user_data;

  g_assert_null (object);
  result->ok = kinema_extract_last_frame_finish (res, &result->width, &result->height, &result->error);
  result->done = TRUE;
}

static gboolean
extract (const char    *video,
         const char    *png,
         GCancellable  *cancellable,
         int           *width,
         int           *height,
         GError       **error)
{
  Result result = { 0 };

  kinema_extract_last_frame_async (video, png, cancellable, extract_cb, &result);
  g_assert_false (result.done);
  kinema_test_wait_for (&result.done);

  *width = result.width;
  *height = result.height;
  if (result.error != NULL)
    g_propagate_error (error, result.error);
  return result.ok;
}

static void
assert_no_leftovers (const char *dir_path,
                     guint       n_expected)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_assert_true (g_str_has_suffix (name, ".png"));
      n++;
    }
  g_assert_cmpuint (n, ==, n_expected);
}

static void
check_last_frame (const char *clip,
                  int         clip_width,
                  int         clip_height)
{
  g_autofree char *out_dir = g_build_filename (tmp_dir, "out", NULL);
  g_autofree char *base = g_path_get_basename (clip);
  g_autofree char *name = g_strconcat (base, ".last.png", NULL);
  g_autofree char *png = g_build_filename (out_dir, name, NULL);
  g_autoptr(KinemaTestImage) first = NULL;
  g_autoptr(KinemaTestImage) before_last = NULL;
  g_autoptr(KinemaTestImage) last = NULL;
  g_autoptr(KinemaTestImage) image = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double to_last, to_before_last, to_first;
  int width = 0, height = 0, png_width = 0, png_height = 0;

  g_mkdir_with_parents (out_dir, 0700);

  g_assert_true (extract (clip, png, NULL, &width, &height, &error));
  g_assert_no_error (error);
  g_test_message ("%s: last frame in %.0f ms", base, (g_get_monotonic_time () - start) / 1000.0);

  g_assert_cmpint (width, ==, clip_width);
  g_assert_cmpint (height, ==, clip_height);
  g_assert_true (kinema_test_png_size (png, &png_width, &png_height));
  g_assert_cmpint (png_width, ==, clip_width);
  g_assert_cmpint (png_height, ==, clip_height);

  /* Compare with the frames a plain full decode gives. */
  g_assert_true (kinema_test_decode_frames (clip, &first, &before_last, &last, &error));
  g_assert_no_error (error);
  image = kinema_test_image_from_png (png, &error);
  g_assert_no_error (error);

  to_last = kinema_test_image_diff (image, last);
  to_before_last = kinema_test_image_diff (image, before_last);
  to_first = kinema_test_image_diff (image, first);
  g_test_message ("  mean difference: last %.3f, second-to-last %.3f, first %.3f",
                  to_last, to_before_last, to_first);

  g_assert_cmpfloat (to_last, <, 1.0);
  g_assert_cmpfloat (to_last, <, to_before_last);
  g_assert_cmpfloat (to_first, >, 5.0);
}

/* Tests */

static void
test_landscape (void)
{
  check_last_frame (landscape_clip, 640, 360);
}

static void
test_portrait (void)
{
  check_last_frame (portrait_clip, 360, 640);
}

/* Shorter than the decoded tail: no seek at all. */
static void
test_short_clip (void)
{
  check_last_frame (short_clip, 320, 240);
}

static void
test_sync_and_atomic (void)
{
  g_autofree char *out_dir = g_build_filename (tmp_dir, "atomic", NULL);
  g_autofree char *png = g_build_filename (out_dir, "last.png", NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  int width = 0, height = 0;

  g_mkdir_with_parents (out_dir, 0700);

  /* Twice: the second write replaces the first. */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (kinema_extract_last_frame (landscape_clip, png, &width, &height, NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (width, ==, 640);
      g_assert_cmpint (height, ==, 360);
    }

  g_assert_cmpint (g_stat (png, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 1000);
  assert_no_leftovers (out_dir, 1);
}

static void
test_cancelled (void)
{
  g_autofree char *png = g_build_filename (tmp_dir, "cancelled.png", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  int width = -1, height = -1;

  g_cancellable_cancel (cancellable);
  g_assert_false (extract (landscape_clip, png, cancellable, &width, &height, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

static void
test_bad_input (void)
{
  g_autofree char *out_dir = g_build_filename (tmp_dir, "bad", NULL);
  g_autofree char *text = g_build_filename (out_dir, "notes.mp4", NULL);
  g_autofree char *truncated = g_build_filename (out_dir, "truncated.mp4", NULL);
  g_autofree char *missing = g_build_filename (out_dir, "missing.mp4", NULL);
  g_autofree char *png = g_build_filename (out_dir, "last.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  struct { const char *path; int code; } cases[] = {
    { text, KINEMA_ERROR_VERIFICATION },
    { truncated, KINEMA_ERROR_VERIFICATION },
    { missing, KINEMA_ERROR_STORAGE },
  };
  gsize length;

  g_mkdir_with_parents (out_dir, 0700);
  g_file_set_contents (text, "not a video\n", -1, &error);
  g_assert_no_error (error);
  g_file_get_contents (landscape_clip, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (truncated, contents, (gssize) (length / 2), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 start = g_get_monotonic_time ();
      int width = 0, height = 0;
      double elapsed;

      g_assert_false (extract (cases[i].path, png, NULL, &width, &height, &error));
      g_assert_error (error, KINEMA_ERROR, cases[i].code);
      elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
      g_test_message ("%s: “%s” after %.2f s", cases[i].path, error->message, elapsed);
      /* Well before the 30 s deadline. */
      g_assert_cmpfloat (elapsed, <, 8.0);
      g_clear_error (&error);
      g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
    }
}

static void
test_audio (void)
{
  g_autofree char *with_audio = g_build_filename (tmp_dir, "with-audio.mp4", NULL);
  g_autofree char *audio_only = g_build_filename (tmp_dir, "audio-only.m4a", NULL);
  g_autofree char *png = g_build_filename (tmp_dir, "audio-last.png", NULL);
  g_autoptr(GError) error = NULL;
  int width = 0, height = 0;

  g_assert_true (kinema_test_make_audio_clip (with_audio, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (kinema_test_make_audio_clip (audio_only, FALSE, &error));
  g_assert_no_error (error);

  g_assert_true (extract (with_audio, png, NULL, &width, &height, &error));
  g_assert_no_error (error);
  g_assert_cmpint (width, ==, 320);
  g_assert_cmpint (height, ==, 240);
  g_unlink (png);

  g_assert_false (extract (audio_only, png, NULL, &width, &height, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION);
  g_test_message ("%s", error->message);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
}

static void
test_unwritable (void)
{
  g_autofree char *png = g_build_filename (tmp_dir, "no-such-dir", "last.png", NULL);
  g_autoptr(GError) error = NULL;
  int width = 0, height = 0;

  g_assert_false (extract (short_clip, png, NULL, &width, &height, &error));
  g_assert_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE);
  g_test_message ("%s", error->message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  gst_init (&argc, &argv);

  tmp_dir = kinema_test_make_tmp_dir ();
  landscape_clip = g_build_filename (tmp_dir, "landscape.mp4", NULL);
  portrait_clip = g_build_filename (tmp_dir, "portrait.mp4", NULL);
  short_clip = g_build_filename (tmp_dir, "short.mp4", NULL);

  if (!kinema_test_make_clip (landscape_clip, 640, 360, 72, &error)
      || !kinema_test_make_clip (portrait_clip, 360, 640, 72, &error)
      || !kinema_test_make_clip (short_clip, 320, 240, 12, &error))
    g_error ("cannot make the test clips: %s", error->message);

  g_test_add_func ("/frame-extract/last/landscape", test_landscape);
  g_test_add_func ("/frame-extract/last/portrait", test_portrait);
  g_test_add_func ("/frame-extract/last/short-clip", test_short_clip);
  g_test_add_func ("/frame-extract/sync-and-atomic", test_sync_and_atomic);
  g_test_add_func ("/frame-extract/cancelled", test_cancelled);
  g_test_add_func ("/frame-extract/bad-input", test_bad_input);
  g_test_add_func ("/frame-extract/audio", test_audio);
  g_test_add_func ("/frame-extract/unwritable", test_unwritable);

  ret = g_test_run ();

  kinema_test_rm_rf (tmp_dir);
  g_clear_pointer (&tmp_dir, g_free);
  g_clear_pointer (&landscape_clip, g_free);
  g_clear_pointer (&portrait_clip, g_free);
  g_clear_pointer (&short_clip, g_free);

  return ret;
}
