/* test-dialect-driver.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For tests only: sends a dialect's described KinemaHttpCall with a
 * blocking SoupSession (the mock server runs on its own thread), so a
 * dialect can be checked against the mock without the HTTP glue.
 */
#pragma once

#include <string.h>

#include <libsoup/soup.h>

#include "kinema-dialect.h"

static inline GBytes *
driver_send (SoupSession     *session,
             KinemaHttpCall  *call,
             guint           *status_out)
{
  g_autoptr(SoupMessage) msg = soup_message_new (call->method, call->url);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  g_assert_nonnull (msg);
  for (guint i = 0; i < call->headers->len; i++)
    {
      KinemaHttpHeader *h = g_ptr_array_index (call->headers, i);

      soup_message_headers_replace (soup_message_get_request_headers (msg), h->name, h->value);
    }
  if (call->body != NULL)
    {
      char *json = json_to_string (call->body, FALSE);
      gsize len = strlen (json);
      g_autoptr(GBytes) body = g_bytes_new_take (json, len);

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status_out = soup_message_get_status (msg);
  return bytes;
}

/* Fetches @url; returns the body (or NULL) and the status. */
static inline GBytes *
driver_get (SoupSession *session,
            const char  *url,
            guint       *status_out)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  GBytes *bytes;

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  *status_out = soup_message_get_status (msg);
  return bytes;
}

/* CRC-32 as PNG chunks use it. */
static inline guint32
driver_crc32 (const guint8 *data,
              gsize         len,
              guint32       crc)
{
  crc = ~crc;
  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
  return ~crc;
}

static inline void
driver_png_chunk (GByteArray   *png,
                  const char   *type,
                  const guint8 *data,
                  guint32       len)
{
  guint8 be[4] = { len >> 24, len >> 16, len >> 8, len };
  guint32 crc;

  g_byte_array_append (png, be, 4);
  g_byte_array_append (png, (const guint8 *) type, 4);
  if (len > 0)
    g_byte_array_append (png, data, len);
  crc = driver_crc32 ((const guint8 *) type, 4, 0);
  crc = driver_crc32 (data, len, crc);
  be[0] = crc >> 24; be[1] = crc >> 16; be[2] = crc >> 8; be[3] = crc;
  g_byte_array_append (png, be, 4);
}

/* Writes a PNG of @width x @height (header and an empty image stream:
 * enough for Kinema, which reads headers only) into @dir; returns its
 * path. */
static inline char *
driver_write_png (const char *dir,
                  const char *name,
                  guint32     width,
                  guint32     height)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  /* zlib stream of one empty stored block */
  static const guint8 idat[] = { 0x78, 0x01, 0x01, 0x00, 0x00, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01 };
  guint8 ihdr[13] = {
    width >> 24, width >> 16, width >> 8, width,
    height >> 24, height >> 16, height >> 8, height,
    8, 2, 0, 0, 0
  };
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_byte_array_append (png, signature, sizeof signature);
  driver_png_chunk (png, "IHDR", ihdr, sizeof ihdr);
  driver_png_chunk (png, "IDAT", idat, sizeof idat);
  driver_png_chunk (png, "IEND", NULL, 0);
  g_file_set_contents (path, (const char *) png->data, png->len, &error);
  g_assert_no_error (error);
  return path;
}
