/* kinema-test-media.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test helpers: small H.264 clips made in-process, PNG header reading,
 * decoded RGB pictures and ways to compare them.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  int     width;
  int     height;
  int     stride;
  GBytes *pixels;    /* RGB, 3 bytes a pixel, rows @stride apart */
} KinemaTestImage;

void             kinema_test_image_free        (KinemaTestImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KinemaTestImage, kinema_test_image_free)

/* 24 fps H.264 (I420, x264 ultrafast, a key frame a second) in MP4:
 * moving SMPTE bars with the running time burned in, so every frame
 * differs from the one before. */
gboolean         kinema_test_make_clip         (const char  *path,
                                                int          width,
                                                int          height,
                                                guint        n_frames,
                                                GError     **error);

/* With an AAC tone: a 320x240 video plus audio, or (@with_video FALSE)
 * audio only. */
gboolean         kinema_test_make_audio_clip   (const char  *path,
                                                gboolean     with_video,
                                                GError     **error);

/* Width and height from the PNG's IHDR chunk. */
gboolean         kinema_test_png_size          (const char  *path,
                                                int         *width,
                                                int         *height);

KinemaTestImage *kinema_test_image_from_png    (const char  *path,
                                                GError     **error);

/* The first, the second-to-last and the last frame, by decoding the whole
 * clip with a plain qtdemux ! avdec_h264 pipeline. */
gboolean         kinema_test_decode_frames     (const char       *path,
                                                KinemaTestImage **first,
                                                KinemaTestImage **before_last,
                                                KinemaTestImage **last,
                                                GError          **error);

/* Mean absolute difference per channel (0–255); the sizes must match. */
double           kinema_test_image_diff        (KinemaTestImage *a,
                                                KinemaTestImage *b);
guint            kinema_test_image_count_colours (KinemaTestImage *image);

/* Runs the default main context until *@flag is set. */
void             kinema_test_wait_for          (gboolean    *flag);

/* A new temporary directory, removed again by kinema_test_rm_rf(). */
char            *kinema_test_make_tmp_dir      (void);
void             kinema_test_rm_rf             (const char  *path);

G_END_DECLS
