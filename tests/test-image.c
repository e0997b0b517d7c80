/* test-image.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Header parsing, Kling's image rules and base64 encoding, on PNG and JPEG
 * files generated here (and, when gst-launch-1.0 is installed, real ones
 * written by GStreamer's encoders).
 */
#define G_LOG_DOMAIN "test-image"

#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "kinema-image.h"
#include "kinema-validate.h"

/* Fixture: a temporary directory */

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kinema-test-image-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static char *
fixture_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
write_bytes (const char *path,
             GByteArray *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error);
  g_assert_no_error (error);
}

/* PNG writer: signature, IHDR, IDAT (zlib), IEND */

static guint32
crc32_update (guint32       crc,
              const guint8 *data,
              gsize         len)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return ~crc;
}

static void
append_be32 (GByteArray *out,
             guint32     v)
{
  guint8 b[4] = { v >> 24, v >> 16, v >> 8, v };

  g_byte_array_append (out, b, 4);
}

static void
append_be16 (GByteArray *out,
             guint       v)
{
  guint8 b[2] = { v >> 8, v };

  g_byte_array_append (out, b, 2);
}

static void
append_png_chunk (GByteArray   *out,
                  const char   *type,
                  const guint8 *data,
                  gsize         len)
{
  guint32 crc;

  append_be32 (out, (guint32) len);
  g_byte_array_append (out, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (out, data, len);
  crc = crc32_update (0, (const guint8 *) type, 4);
  crc = crc32_update (crc, data, len);
  append_be32 (out, crc);
}

static GBytes *
zlib_compress (const guint8 *data,
               gsize         len)
{
  g_autoptr(GZlibCompressor) compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 6);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) stream = g_converter_output_stream_new (memory, G_CONVERTER (compressor));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (stream, data, len, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

/* A valid greyscale 8-bit PNG of @width x @height (a gradient). */
static GByteArray *
make_png (guint32 width,
          guint32 height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GByteArray) ihdr = g_byte_array_new ();
  g_autoptr(GByteArray) raw = g_byte_array_new ();
  g_autoptr(GBytes) idat = NULL;
  const guint8 tail[5] = { 8, 0, 0, 0, 0 };   /* depth 8, grey, deflate, filter 0, no interlace */

  g_byte_array_append (out, signature, 8);

  append_be32 (ihdr, width);
  append_be32 (ihdr, height);
  g_byte_array_append (ihdr, tail, 5);
  append_png_chunk (out, "IHDR", ihdr->data, ihdr->len);

  for (guint32 y = 0; y < height; y++)
    {
      guint8 filter = 0;

      g_byte_array_append (raw, &filter, 1);
      for (guint32 x = 0; x < width; x++)
        {
          guint8 v = (guint8) ((x + y) & 0xff);

          g_byte_array_append (raw, &v, 1);
        }
    }
  idat = zlib_compress (raw->data, raw->len);
  append_png_chunk (out, "IDAT", g_bytes_get_data (idat, NULL), g_bytes_get_size (idat));
  append_png_chunk (out, "IEND", NULL, 0);

  return out;
}

/* JPEG writer: the marker structure a real encoder writes (SOI, APP0,
 * optional APP1/EXIF with an embedded thumbnail, DQT, SOFn, DHT, SOS, data,
 * EOI). The entropy-coded data is filler: only the header matters here. */

typedef enum
{
  JPEG_EXIF         = 1 << 0,   /* APP1 Exif holding a 160x120 thumbnail JPEG */
  JPEG_FILL_BYTES   = 1 << 1,   /* 0xFF fill bytes before SOFn */
  JPEG_COMMENT      = 1 << 2,   /* a COM segment */
} JpegFlags;

static void
append_segment (GByteArray   *out,
                guint8        marker,
                const guint8 *payload,
                gsize         len)
{
  guint8 m[2] = { 0xff, marker };

  g_byte_array_append (out, m, 2);
  append_be16 (out, (guint) len + 2);
  if (len > 0)
    g_byte_array_append (out, payload, len);
}

static void
append_sof (GByteArray *out,
            guint8      marker,
            guint       width,
            guint       height)
{
  g_autoptr(GByteArray) sof = g_byte_array_new ();
  const guint8 comps[] = { 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1 };
  guint8 precision = 8;

  g_byte_array_append (sof, &precision, 1);
  append_be16 (sof, height);
  append_be16 (sof, width);
  g_byte_array_append (sof, comps, sizeof comps);
  append_segment (out, marker, sof->data, sof->len);
}

static GByteArray *
make_jpeg_full (guint     width,
                guint     height,
                guint8    sof_marker,
                JpegFlags flags)
{
  GByteArray *out = g_byte_array_new ();
  const guint8 soi[2] = { 0xff, 0xd8 };
  const guint8 eoi[2] = { 0xff, 0xd9 };
  const guint8 jfif[14] = { 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 };
  guint8 dqt[65] = { 0 };
  guint8 dht[29] = { 0 };
  const guint8 sos[10] = { 3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0 };
  const guint8 scan[] = { 0x12, 0x34, 0xff, 0x00, 0x56, 0xff, 0xd0, 0x78, 0x9a };

  g_byte_array_append (out, soi, 2);
  append_segment (out, 0xe0, jfif, sizeof jfif);

  if (flags & JPEG_EXIF)
    {
      g_autoptr(GByteArray) app1 = g_byte_array_new ();
      g_autoptr(GByteArray) thumb = g_byte_array_new ();
      const guint8 exif_header[6] = { 'E', 'x', 'i', 'f', 0, 0 };
      const guint8 tiff[8] = { 'I', 'I', 42, 0, 8, 0, 0, 0 };

      /* A thumbnail whose SOF0 says 160x120: the parser must skip it. */
      g_byte_array_append (thumb, soi, 2);
      append_sof (thumb, 0xc0, 160, 120);
      g_byte_array_append (thumb, eoi, 2);

      g_byte_array_append (app1, exif_header, 6);
      g_byte_array_append (app1, tiff, 8);
      for (int i = 0; i < 300; i++)
        {
          guint8 b = (guint8) (i * 7);
          g_byte_array_append (app1, &b, 1);
        }
      g_byte_array_append (app1, thumb->data, thumb->len);
      append_segment (out, 0xe1, app1->data, app1->len);
    }

  if (flags & JPEG_COMMENT)
    append_segment (out, 0xfe, (const guint8 *) "made by test-image", 18);

  for (int i = 1; i < 65; i++)
    dqt[i] = 1;
  append_segment (out, 0xdb, dqt, sizeof dqt);

  if (flags & JPEG_FILL_BYTES)
    {
      const guint8 fill[3] = { 0xff, 0xff, 0xff };

      g_byte_array_append (out, fill, 3);
    }
  append_sof (out, sof_marker, width, height);

  dht[1] = 1;
  append_segment (out, 0xc4, dht, sizeof dht);
  append_segment (out, 0xda, sos, sizeof sos);
  g_byte_array_append (out, scan, sizeof scan);
  g_byte_array_append (out, eoi, 2);

  return out;
}

static GByteArray *
make_jpeg (guint width,
           guint height)
{
  return make_jpeg_full (width, height, 0xc0, 0);
}

static char *
write_png (Fixture    *fixture,
           const char *name,
           guint32     width,
           guint32     height)
{
  g_autoptr(GByteArray) png = make_png (width, height);
  char *path = fixture_path (fixture, name);

  write_bytes (path, png);
  return path;
}

static char *
write_jpeg (Fixture    *fixture,
            const char *name,
            guint       width,
            guint       height)
{
  g_autoptr(GByteArray) jpeg = make_jpeg (width, height);
  char *path = fixture_path (fixture, name);

  write_bytes (path, jpeg);
  return path;
}

/* Problems */

static void
dump_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      KinemaProblem *p = g_ptr_array_index (problems, i);

      g_test_message ("problem: [%s] %s", p->field, p->message);
    }
}

static void
assert_problem (GPtrArray  *problems,
                const char *field,
                const char *phrase)
{
  for (guint i = 0; i < problems->len; i++)
    {
      KinemaProblem *p = g_ptr_array_index (problems, i);

      if (g_strcmp0 (p->field, field) == 0 && strstr (p->message, phrase) != NULL)
        return;
    }
  dump_problems (problems);
  g_error ("no problem [%s] containing “%s”", field, phrase);
}

/* Header parsing */

static void
test_png_header (Fixture       *fixture,
                 gconstpointer  data)
{
  const guint32 sizes[][2] = { { 640, 480 }, { 300, 300 }, { 1, 1 }, { 2000, 800 }, { 301, 1203 } };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *name = g_strdup_printf ("%ux%u.png", sizes[i][0], sizes[i][1]);
      g_autofree char *path = write_png (fixture, name, sizes[i][0], sizes[i][1]);
      g_autoptr(GError) error = NULL;
      KinemaImageInfo info;
      GStatBuf st;

      g_assert_true (kinema_image_read_header (path, &info, &error));
      g_assert_no_error (error);
      g_assert_cmpint (info.format, ==, KINEMA_IMAGE_FORMAT_PNG);
      g_assert_cmpuint (info.width, ==, sizes[i][0]);
      g_assert_cmpuint (info.height, ==, sizes[i][1]);
      g_assert_false (info.progressive);
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpuint (info.file_size, ==, (guint64) st.st_size);
    }
}

static void
test_jpeg_baseline (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = write_jpeg (fixture, "baseline.jpg", 1920, 1080);
  g_autoptr(GError) error = NULL;
  KinemaImageInfo info;

  g_assert_true (kinema_image_read_header (path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.format, ==, KINEMA_IMAGE_FORMAT_JPEG);
  g_assert_cmpuint (info.width, ==, 1920);
  g_assert_cmpuint (info.height, ==, 1080);
  g_assert_false (info.progressive);
}

static void
test_jpeg_progressive (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GByteArray) jpeg = make_jpeg_full (1024, 768, 0xc2, JPEG_COMMENT);
  g_autoptr(GByteArray) ext = make_jpeg_full (800, 600, 0xc1, 0);
  g_autoptr(GError) error = NULL;
  KinemaImageInfo info;

  g_assert_true (kinema_image_parse_header (jpeg->data, jpeg->len, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.format, ==, KINEMA_IMAGE_FORMAT_JPEG);
  g_assert_cmpuint (info.width, ==, 1024);
  g_assert_cmpuint (info.height, ==, 768);
  g_assert_true (info.progressive);

  /* SOF1 (extended sequential) is not progressive. */
  g_assert_true (kinema_image_parse_header (ext->data, ext->len, &info, &error));
  g_assert_cmpuint (info.width, ==, 800);
  g_assert_false (info.progressive);
}

static void
test_jpeg_exif (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GByteArray) jpeg = make_jpeg_full (4032, 3024, 0xc0, JPEG_EXIF | JPEG_COMMENT | JPEG_FILL_BYTES);
  g_autofree char *path = fixture_path (fixture, "exif.jpg");
  g_autoptr(GError) error = NULL;
  KinemaImageInfo info;

  write_bytes (path, jpeg);

  /* The 160x120 thumbnail inside APP1 must not be mistaken for the image. */
  g_assert_true (kinema_image_read_header (path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.width, ==, 4032);
  g_assert_cmpuint (info.height, ==, 3024);
  g_assert_cmpuint (info.file_size, ==, jpeg->len);
}

/* An APP segment larger than the file window (4 KiB) before SOF. */
static void
test_jpeg_big_segment (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GByteArray) jpeg = g_byte_array_new ();
  g_autoptr(GByteArray) rest = make_jpeg (500, 400);
  g_autofree char *path = fixture_path (fixture, "big-app.jpg");
  g_autofree guint8 *payload = g_malloc (65000);
  g_autoptr(GError) error = NULL;
  KinemaImageInfo info;

  memset (payload, 0xff, 65000);   /* marker-like bytes the parser must skip */
  g_byte_array_append (jpeg, rest->data, 2);
  append_segment (jpeg, 0xe2, payload, 65000);
  append_segment (jpeg, 0xe2, payload, 65000);
  g_byte_array_append (jpeg, rest->data + 2, rest->len - 2);
  write_bytes (path, jpeg);

  g_assert_true (kinema_image_read_header (path, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (info.width, ==, 500);
  g_assert_cmpuint (info.height, ==, 400);
}

static gboolean
run_gst (const char *pipeline_tail,
         const char *path,
         guint       width,
         guint       height)
{
  g_autofree char *gst = g_find_program_in_path ("gst-launch-1.0");
  g_autofree char *caps = NULL;
  g_autofree char *location = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (gst == NULL)
    return FALSE;

  caps = g_strdup_printf ("video/x-raw,width=%u,height=%u", width, height);
  location = g_strdup_printf ("location=%s", path);
  {
    const char *argv[] = {
      gst, "-q", "videotestsrc", "num-buffers=1", "!", caps, "!", "videoconvert", "!",
      pipeline_tail, "!", "filesink", location, NULL
    };

    if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, &error))
      return FALSE;
  }
  return g_spawn_check_wait_status (status, NULL) && g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
test_real_encoders (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *png = fixture_path (fixture, "gst.png");
  g_autofree char *jpg = fixture_path (fixture, "gst.jpg");
  g_autoptr(GError) error = NULL;
  KinemaImageInfo info;

  if (!run_gst ("pngenc", png, 352, 288) || !run_gst ("jpegenc", jpg, 720, 404))
    {
      g_test_skip ("gst-launch-1.0 with pngenc and jpegenc is not available");
      return;
    }

  g_assert_true (kinema_image_read_header (png, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.format, ==, KINEMA_IMAGE_FORMAT_PNG);
  g_assert_cmpuint (info.width, ==, 352);
  g_assert_cmpuint (info.height, ==, 288);

  g_assert_true (kinema_image_read_header (jpg, &info, &error));
  g_assert_no_error (error);
  g_assert_cmpint (info.format, ==, KINEMA_IMAGE_FORMAT_JPEG);
  g_assert_cmpuint (info.width, ==, 720);
  g_assert_cmpuint (info.height, ==, 404);
}

static void
assert_fails_at_every_prefix (GByteArray *bytes,
                              gsize       header_len)
{
  for (gsize len = 0; len < header_len; len++)
    {
      g_autoptr(GError) error = NULL;
      /* A private copy, so AddressSanitizer sees reads past @len. */
      g_autofree guint8 *copy = g_memdup2 (bytes->data, MAX (len, 1));
      KinemaImageInfo info;

      g_assert_false (kinema_image_parse_header (len > 0 ? copy : NULL, len, &info, &error));
      g_assert_nonnull (error);
      if (len >= 12)
        g_assert_error (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_TRUNCATED);
    }
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GByteArray) png = make_png (400, 400);
  g_autoptr(GByteArray) jpeg = make_jpeg_full (400, 400, 0xc0, JPEG_EXIF);
  g_autofree char *path = fixture_path (fixture, "truncated.jpg");
  g_autoptr(GError) error = NULL;
  KinemaImageInfo info;
  gsize sof_end = 0;

  /* PNG: signature (8) + IHDR length, type, width, height (16) */
  assert_fails_at_every_prefix (png, 24);
  g_assert_true (kinema_image_parse_header (png->data, 24, &info, NULL));

  /* JPEG: fails at every length up to the end of the main SOF0 header
   * (marker, length, precision, height, width, components: 10 bytes), not
   * the thumbnail's. */
  {
    const guint8 sof[] = { 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x90, 0x01, 0x90 };

    for (gsize i = 0; i + sizeof sof <= jpeg->len; i++)
      if (memcmp (jpeg->data + i, sof, sizeof sof) == 0)
        {
          sof_end = i + 10;
          break;
        }
  }
  g_assert_cmpuint (sof_end, >, 0);
  assert_fails_at_every_prefix (jpeg, sof_end);
  g_assert_true (kinema_image_parse_header (jpeg->data, sof_end, &info, NULL));
  g_assert_cmpuint (info.width, ==, 400);

  /* The same from a file. */
  g_file_set_contents (path, (const char *) jpeg->data, (gssize) sof_end - 3, &error);
  g_assert_no_error (error);
  g_assert_false (kinema_image_read_header (path, &info, &error));
  g_assert_error (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_TRUNCATED);
  g_assert_cmpint (info.format, ==, KINEMA_IMAGE_FORMAT_JPEG);
  g_assert_cmpuint (info.file_size, ==, sof_end - 3);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct {
    const char *name;
    const guint8 bytes[40];
    gsize len;
    KinemaImageErrorCode code;
  } cases[] = {
    { "png without IHDR", { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'D', 'A', 'T',
                            0, 0, 1, 0, 0, 0, 1, 0, 8, 0, 0, 0, 0 }, 29, KINEMA_IMAGE_ERROR_CORRUPT },
    { "png zero width", { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                          0, 0, 0, 0, 0, 0, 1, 0, 8, 0, 0, 0, 0 }, 29, KINEMA_IMAGE_ERROR_CORRUPT },
    { "png huge width", { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
                          0x80, 0, 0, 0, 0, 0, 1, 0, 8, 0, 0, 0, 0 }, 29, KINEMA_IMAGE_ERROR_CORRUPT },
    { "jpeg sos first", { 0xff, 0xd8, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0 }, 12, KINEMA_IMAGE_ERROR_CORRUPT },
    { "jpeg eoi first", { 0xff, 0xd8, 0xff, 0xd9 }, 4, KINEMA_IMAGE_ERROR_CORRUPT },
    { "jpeg zero length", { 0xff, 0xd8, 0xff, 0xe0, 0, 0, 0xff, 0xc0 }, 8, KINEMA_IMAGE_ERROR_CORRUPT },
    { "jpeg length 1", { 0xff, 0xd8, 0xff, 0xe0, 0, 1, 0xff, 0xc0 }, 8, KINEMA_IMAGE_ERROR_CORRUPT },
    { "jpeg short sof", { 0xff, 0xd8, 0xff, 0xc0, 0, 5, 8, 1, 0 }, 9, KINEMA_IMAGE_ERROR_CORRUPT },
    { "jpeg zero height (DNL)", { 0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0, 0, 1, 0, 1, 1, 0x11, 0 }, 15, KINEMA_IMAGE_ERROR_CORRUPT },
    { "jpeg garbage between", { 0xff, 0xd8, 0xff, 0xe0, 0, 2, 0x12, 0xff, 0xc0 }, 9, KINEMA_IMAGE_ERROR_CORRUPT },
    { "jpeg ff00", { 0xff, 0xd8, 0xff, 0x00, 0, 2 }, 6, KINEMA_IMAGE_ERROR_CORRUPT },
    { "jpeg segment past end", { 0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 1, 2, 3 }, 9, KINEMA_IMAGE_ERROR_TRUNCATED },
    { "jpeg only fill", { 0xff, 0xd8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, 8, KINEMA_IMAGE_ERROR_TRUNCATED },
    { "text", { 'h', 'e', 'l', 'l', 'o', ' ', 'w', 'o', 'r', 'l', 'd', '\n' }, 12, KINEMA_IMAGE_ERROR_UNKNOWN_FORMAT },
    { "one byte", { 0xff }, 1, KINEMA_IMAGE_ERROR_UNKNOWN_FORMAT },
    { "jpeg soi only", { 0xff, 0xd8, 0xff }, 3, KINEMA_IMAGE_ERROR_TRUNCATED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree guint8 *copy = g_memdup2 (cases[i].bytes, cases[i].len);
      KinemaImageInfo info;

      g_test_message ("case: %s", cases[i].name);
      g_assert_false (kinema_image_parse_header (copy, cases[i].len, &info, &error));
      g_assert_error (error, KINEMA_IMAGE_ERROR, (int) cases[i].code);
    }

  /* RST and TEM markers carry no length and are skipped. */
  {
    const guint8 bytes[] = { 0xff, 0xd8, 0xff, 0xd3, 0xff, 0x01, 0xff, 0xc0, 0, 11, 8, 1, 0x2c, 1, 0x90, 1, 1, 0x11, 0 };
    KinemaImageInfo info;

    g_assert_true (kinema_image_parse_header (bytes, sizeof bytes, &info, NULL));
    g_assert_cmpuint (info.width, ==, 400);
    g_assert_cmpuint (info.height, ==, 300);
  }
}

static void
test_garbage (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  const guint8 prefixes[][8] = {
    { 0 },
    { 0xff, 0xd8, 0xff },
    { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' },
  };
  const gsize prefix_lens[] = { 0, 3, 8 };
  guint accepted = 0;

  for (guint round = 0; round < 20000; round++)
    {
      guint which = round % G_N_ELEMENTS (prefixes);
      gsize len = (gsize) g_rand_int_range (rand, 0, 300);
      g_autofree guint8 *buf = g_malloc (MAX (len, 1));
      KinemaImageInfo info;
      GError *error = NULL;

      for (gsize i = 0; i < len; i++)
        {
          guint r = (guint) g_rand_int_range (rand, 0, 8);

          /* Lots of 0xFF and small lengths make the JPEG walker work. */
          buf[i] = r < 3 ? 0xff : r < 5 ? (guint8) g_rand_int_range (rand, 0, 8) : (guint8) g_rand_int (rand);
        }
      memcpy (buf, prefixes[which], MIN (len, prefix_lens[which]));

      if (kinema_image_parse_header (buf, len, &info, &error))
        {
          g_assert_no_error (error);
          g_assert_cmpuint (info.width, >, 0);
          g_assert_cmpuint (info.height, >, 0);
          accepted++;
        }
      else
        {
          g_assert_nonnull (error);
          g_error_free (error);
        }
    }
  g_test_message ("%u of 20000 random buffers had a parsable header", accepted);
}

static void
test_other_formats (Fixture       *fixture,
                    gconstpointer  data)
{
  static const struct {
    const char *file;
    const char bytes[32];
    gsize len;
    KinemaImageFormat format;
    const char *name;
  } cases[] = {
    { "photo.webp", "RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0", 20, KINEMA_IMAGE_FORMAT_WEBP, "WebP" },
    { "anim.gif", "GIF89a\x40\x01\xf0\0\0\0", 12, KINEMA_IMAGE_FORMAT_GIF, "GIF" },
    { "phone.heic", "\0\0\0\x18" "ftypheic\0\0\0\0mif1", 20, KINEMA_IMAGE_FORMAT_HEIF, "HEIF/AVIF" },
    { "scan.tiff", "II*\0\x08\0\0\0\0\0\0\0", 12, KINEMA_IMAGE_FORMAT_TIFF, "TIFF" },
    { "old.bmp", "BM\x36\0\0\0\0\0\0\0\x36\0", 12, KINEMA_IMAGE_FORMAT_BMP, "BMP" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = fixture_path (fixture, cases[i].file);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = NULL;
      g_autofree char *phrase = NULL;
      KinemaImageInfo info;

      g_file_set_contents (path, cases[i].bytes, (gssize) cases[i].len, &error);
      g_assert_no_error (error);

      g_assert_false (kinema_image_read_header (path, &info, &error));
      g_assert_error (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_UNSUPPORTED_FORMAT);
      g_assert_cmpint (info.format, ==, cases[i].format);

      problems = kinema_image_check (path, "first_frame");
      g_assert_cmpuint (problems->len, ==, 1);
      phrase = g_strdup_printf ("“%s” is a %s image; Kling accepts JPEG or PNG. Convert it first.",
                                cases[i].file, cases[i].name);
      assert_problem (problems, "first_frame", phrase);
    }
}

/* Kling's rules */

static void
test_check_ok (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *png = write_png (fixture, "ok.png", 1280, 720);
  g_autofree char *jpg = write_jpeg (fixture, "ok.jpg", 300, 750);      /* exactly 1:2.5 */
  g_autofree char *wide = write_jpeg (fixture, "wide.jpg", 750, 300);   /* exactly 2.5:1 */
  g_autoptr(GPtrArray) p1 = kinema_image_check (png, "first_frame");
  g_autoptr(GPtrArray) p2 = kinema_image_check (jpg, "last_frame");
  g_autoptr(GPtrArray) p3 = kinema_image_check (wide, "reference_images");

  dump_problems (p1);
  dump_problems (p2);
  dump_problems (p3);
  g_assert_cmpuint (p1->len, ==, 0);
  g_assert_cmpuint (p2->len, ==, 0);
  g_assert_cmpuint (p3->len, ==, 0);
}

static void
test_check_small (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = write_png (fixture, "small.png", 299, 400);
  g_autoptr(GPtrArray) problems = kinema_image_check (path, "elements[1].images");

  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "elements[1].images", "“small.png” is 299 × 400 pixels");
  assert_problem (problems, "elements[1].images", "at least 300 pixels on each side");
}

static void
test_check_ratio (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *wide = write_jpeg (fixture, "wide.jpg", 751, 300);
  g_autofree char *tall = write_png (fixture, "tall.png", 300, 1000);
  g_autoptr(GPtrArray) p1 = kinema_image_check (wide, "first_frame");
  g_autoptr(GPtrArray) p2 = kinema_image_check (tall, "last_frame");

  g_assert_cmpuint (p1->len, ==, 1);
  assert_problem (p1, "first_frame", "too wide");
  assert_problem (p1, "first_frame", "between 1:2.5 and 2.5:1");
  g_assert_cmpuint (p2->len, ==, 1);
  assert_problem (p2, "last_frame", "too tall");
}

static void
test_check_large (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GByteArray) png = make_png (4000, 3000);
  g_autofree char *path = fixture_path (fixture, "large.png");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  KinemaImageInfo info;
  int fd;

  /* A valid header padded (sparsely) to 12 MB: only the size is wrong. */
  write_bytes (path, png);
  fd = g_open (path, O_WRONLY, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 12 * 1000 * 1000), ==, 0);
  g_close (fd, NULL);

  g_assert_true (kinema_image_read_header (path, &info, &error));
  g_assert_cmpuint (info.file_size, ==, 12 * 1000 * 1000);

  problems = kinema_image_check (path, "first_frame");
  g_assert_cmpuint (problems->len, ==, 1);
  assert_problem (problems, "first_frame", "“large.png” is 12.0\u00a0MB"  /* g_format_size () puts a no-break space */);
  assert_problem (problems, "first_frame", "at most 10.0\u00a0MB");
}

static void
test_check_unreadable (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *missing = fixture_path (fixture, "gone.png");
  g_autofree char *empty = fixture_path (fixture, "empty.jpg");
  g_autofree char *subdir = fixture_path (fixture, "folder.png");
  g_autofree char *text = fixture_path (fixture, "notes.png");
  g_autofree char *broken = fixture_path (fixture, "broken.jpg");
  g_autoptr(GByteArray) jpeg = make_jpeg (400, 400);
  g_autoptr(GPtrArray) p1 = NULL;
  g_autoptr(GPtrArray) p2 = NULL;
  g_autoptr(GPtrArray) p3 = NULL;
  g_autoptr(GPtrArray) p4 = NULL;
  g_autoptr(GPtrArray) p5 = NULL;

  g_file_set_contents (empty, "", 0, NULL);
  g_mkdir (subdir, 0700);
  g_file_set_contents (text, "this is not an image at all", -1, NULL);
  g_file_set_contents (broken, (const char *) jpeg->data, 30, NULL);

  p1 = kinema_image_check (missing, "first_frame");
  assert_problem (p1, "first_frame", "“gone.png” does not exist any more");
  p2 = kinema_image_check (empty, "first_frame");
  assert_problem (p2, "first_frame", "“empty.jpg” is empty");
  p3 = kinema_image_check (subdir, "first_frame");
  assert_problem (p3, "first_frame", "is not a file");
  p4 = kinema_image_check (text, "first_frame");
  assert_problem (p4, "first_frame", "“notes.png” is not a JPEG or PNG image");
  p5 = kinema_image_check (broken, "first_frame");
  assert_problem (p5, "first_frame", "“broken.jpg” looks damaged or incomplete");
}

/* Base64 */

static void
assert_round_trip (const char *path,
                   const char *mime)
{
  g_autofree char *contents = NULL;
  g_autofree char *bare = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *prefix = g_strdup_printf ("data:%s;base64,", mime);
  g_autofree guchar *decoded = NULL;
  g_autoptr(GError) error = NULL;
  gsize len, decoded_len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);

  bare = kinema_image_encode_base64 (path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bare);
  g_assert_cmpuint (strlen (bare), ==, (len + 2) / 3 * 4);
  g_assert_null (strchr (bare, '\n'));

  decoded = g_base64_decode (bare, &decoded_len);
  g_assert_cmpmem (decoded, decoded_len, contents, len);

  expected = g_base64_encode ((const guchar *) contents, len);
  g_assert_cmpstr (bare, ==, expected);

  uri = kinema_image_encode_base64 (path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (uri, prefix));
  g_assert_cmpstr (uri + strlen (prefix), ==, bare);
}

static void
test_base64_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *png = write_png (fixture, "a.png", 333, 321);

  assert_round_trip (png, "image/png");

  /* Three JPEG lengths, one per remainder mod 3 (trailing bytes after EOI). */
  for (guint extra = 0; extra < 3; extra++)
    {
      g_autoptr(GByteArray) jpeg = make_jpeg_full (640, 480, 0xc2, JPEG_EXIF);
      g_autofree char *name = g_strdup_printf ("pad%u.jpg", extra);
      g_autofree char *path = fixture_path (fixture, name);
      const guint8 pad[2] = { 0, 0 };

      g_byte_array_append (jpeg, pad, extra);
      write_bytes (path, jpeg);
      assert_round_trip (path, "image/jpeg");
    }
}

static void
test_base64_refuses (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *webp = fixture_path (fixture, "x.webp");
  g_autofree char *missing = fixture_path (fixture, "missing.png");
  g_autoptr(GError) error = NULL;
  char *out;

  g_file_set_contents (webp, "RIFF\x24\0\0\0WEBPVP8 ", 16, NULL);
  out = kinema_image_encode_base64 (webp, FALSE, &error);
  g_assert_null (out);
  g_assert_error (error, KINEMA_IMAGE_ERROR, KINEMA_IMAGE_ERROR_UNSUPPORTED_FORMAT);
  g_clear_error (&error);

  out = kinema_image_encode_base64 (missing, TRUE, &error);
  g_assert_null (out);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

static void
test_base64_large (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GByteArray) jpeg = make_jpeg (4000, 3000);
  g_autofree char *path = fixture_path (fixture, "ten.jpg");
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  g_autofree char *ours = NULL;
  g_autofree char *glib = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  gint64 t0, t1, t2;

  /* 10 MiB of JPEG-shaped random data. */
  while (jpeg->len < 10 * 1024 * 1024)
    {
      guint32 v = g_rand_int (rand);

      g_byte_array_append (jpeg, (const guint8 *) &v, 4);
    }
  write_bytes (path, jpeg);

  t0 = g_get_monotonic_time ();
  ours = kinema_image_encode_base64 (path, FALSE, &error);
  t1 = g_get_monotonic_time ();
  g_assert_no_error (error);

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  glib = g_base64_encode ((const guchar *) contents, len);
  t2 = g_get_monotonic_time ();

  g_assert_cmpstr (ours, ==, glib);
  g_test_message ("10 MiB: kinema_image_encode_base64 %.1f ms (read + encode); "
                  "g_file_get_contents + g_base64_encode %.1f ms",
                  (t1 - t0) / 1000.0, (t2 - t1) / 1000.0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/image/header/png", test_png_header);
  ADD ("/image/header/jpeg-baseline", test_jpeg_baseline);
  ADD ("/image/header/jpeg-progressive", test_jpeg_progressive);
  ADD ("/image/header/jpeg-exif", test_jpeg_exif);
  ADD ("/image/header/jpeg-big-segment", test_jpeg_big_segment);
  ADD ("/image/header/real-encoders", test_real_encoders);
  ADD ("/image/header/truncated", test_truncated);
  ADD ("/image/header/malformed", test_malformed);
  ADD ("/image/header/garbage", test_garbage);
  ADD ("/image/header/other-formats", test_other_formats);
  ADD ("/image/check/ok", test_check_ok);
  ADD ("/image/check/small", test_check_small);
  ADD ("/image/check/ratio", test_check_ratio);
  ADD ("/image/check/large", test_check_large);
  ADD ("/image/check/unreadable", test_check_unreadable);
  ADD ("/image/base64/round-trip", test_base64_round_trip);
  ADD ("/image/base64/refuses", test_base64_refuses);
  ADD ("/image/base64/large", test_base64_large);
#undef ADD

  return g_test_run ();
}
