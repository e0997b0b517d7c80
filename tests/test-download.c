/* test-download.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * kinema_download_async against a loopback SoupServer that can drop the
 * connection mid-body, honour Range, expire, or send the wrong thing.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "kinema-download.h"
#include "kinema-error.h"

#define PAYLOAD_SIZE (1024 * 1024 + 333)

static GBytes *payload;

typedef struct
{
  SoupServer  *server;
  SoupSession *session;
  char        *base;
  char        *dir;
  char        *dest;
  guint        drops_left;       /* /flaky drops this many times mid-body */
  guint        n_requests;
  GPtrArray   *ranges;           /* Range headers seen, "" for none */
} Fixture;

static void
steal_and_send_half (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
  GOutputStream *out;
  g_autofree char *head = NULL;
  gsize half = g_bytes_get_size (payload) / 2;

  g_assert_nonnull (stream);
  out = g_io_stream_get_output_stream (stream);
  head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          g_bytes_get_size (payload));
  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, g_bytes_get_data (payload, NULL), half, NULL, NULL, NULL);
  g_output_stream_flush (out, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
serve_payload (SoupServerMessage *msg,
               const char        *type)
{
  SoupMessageHeaders *req = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *resp = soup_server_message_get_response_headers (msg);
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  SoupRange *ranges = NULL;
  int n_ranges = 0;
  gsize size = g_bytes_get_size (payload);

  soup_message_headers_set_content_type (resp, type, NULL);
  if (soup_message_headers_get_ranges (req, size, &ranges, &n_ranges) && n_ranges == 1)
    {
      goffset start = ranges[0].start, end = ranges[0].end;

      soup_message_headers_free_ranges (req, ranges);
      if (start >= (goffset) size)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_REQUESTED_RANGE_NOT_SATISFIABLE, NULL);
          return;
        }
      soup_server_message_set_status (msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
      soup_message_headers_set_content_range (resp, start, end, size);
      soup_message_body_append (body, SOUP_MEMORY_COPY,
                                (const char *) g_bytes_get_data (payload, NULL) + start, end - start + 1);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_body_append_bytes (body, payload);
}

static void
handler (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *f = user_data;
  const char *range = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Range");

  f->n_requests++;
  g_ptr_array_add (f->ranges, g_strdup (range ? range : ""));

  if (g_str_equal (path, "/video.mp4"))
    serve_payload (msg, "video/mp4");
  else if (g_str_equal (path, "/octet"))
    serve_payload (msg, "application/octet-stream");
  else if (g_str_equal (path, "/flaky"))
    {
      if (f->drops_left > 0 && range == NULL)
        {
          f->drops_left--;
          steal_and_send_half (msg);
          return;
        }
      serve_payload (msg, "video/mp4");
    }
  else if (g_str_equal (path, "/html"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "<html>sign in</html>", 20);
    }
  else if (g_str_equal (path, "/expired"))
    soup_server_message_set_status (msg, SOUP_STATUS_FORBIDDEN, NULL);
  else if (g_str_equal (path, "/error"))
    soup_server_message_set_status (msg, SOUP_STATUS_BAD_GATEWAY, NULL);
  else
    soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;
  g_autofree char *uri = NULL;

  f->ranges = g_ptr_array_new_with_free_func (g_free);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, NULL, handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  uri = g_uri_to_string (uris->data);
  f->base = g_strndup (uri, strlen (uri) - (g_str_has_suffix (uri, "/") ? 1 : 0));
  f->session = soup_session_new ();
  f->dir = g_dir_make_tmp ("kinema-dl-XXXXXX", NULL);
  f->dest = g_build_filename (f->dir, "clip.mp4", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_spawn_command_line_sync (cmd, NULL, NULL, NULL, NULL);
  g_clear_object (&f->session);
  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_ptr_array_unref (f->ranges);
  g_free (f->base);
  g_free (f->dir);
  g_free (f->dest);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
  guint     progress_calls;
} Result;

static void
progress_cb (guint64  received,
             guint64  total,
             gpointer user_data)
{
  ((Result *) user_data)->progress_calls++;
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Result *r = user_data;

  r->ok = kinema_download_finish (result, &r->error);
  r->done = TRUE;
}

static Result
download (Fixture    *f,
          const char *path,
          guint64     max_bytes)
{
  g_autofree char *url = g_strconcat (f->base, path, NULL);
  Result r = { 0 };

  kinema_download_async (f->session, url, f->dest, max_bytes, progress_cb, &r, NULL, done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  return r;
}

static void
assert_dest_is_payload (Fixture *f)
{
  g_autofree char *contents = NULL;
  g_autofree char *part = g_strconcat (f->dest, ".part", NULL);
  gsize len = 0;

  g_assert_true (g_file_get_contents (f->dest, &contents, &len, NULL));
  g_assert_cmpuint (len, ==, g_bytes_get_size (payload));
  g_assert_true (memcmp (contents, g_bytes_get_data (payload, NULL), len) == 0);
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
assert_nothing_left (Fixture *f)
{
  g_autofree char *part = g_strconcat (f->dest, ".part", NULL);

  g_assert_false (g_file_test (f->dest, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
}

static void
test_plain (Fixture       *f,
            gconstpointer  data)
{
  Result r = download (f, "/video.mp4", 0);

  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_cmpuint (r.progress_calls, >, 0);
  assert_dest_is_payload (f);

  {
    Result r2;

    g_unlink (f->dest);
    r2 = download (f, "/octet", 0);
    g_assert_no_error (r2.error);
    assert_dest_is_payload (f);
  }
}

static void
test_range_resume (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *part = g_strconcat (f->dest, ".part", NULL);
  GStatBuf st;
  Result r;

  f->drops_left = 1;
  r = download (f, "/flaky", 0);
  g_assert_false (r.ok);
  g_assert_error (r.error, KINEMA_ERROR, KINEMA_ERROR_NETWORK);
  g_clear_error (&r.error);
  /* The interrupted half is kept for resuming, never under the clip's name. */
  g_assert_false (g_file_test (f->dest, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_stat (part, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 0);
  g_assert_cmpint (st.st_size, <, PAYLOAD_SIZE);

  r = download (f, "/flaky", 0);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  assert_dest_is_payload (f);
  g_assert_cmpuint (f->n_requests, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (f->ranges, 0), ==, "");
  {
    g_autofree char *expected = g_strdup_printf ("bytes=%" G_GINT64_FORMAT "-", (gint64) st.st_size);
    g_assert_cmpstr (g_ptr_array_index (f->ranges, 1), ==, expected);
  }
}

static void
test_stale_part_beyond_end (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *part = g_strconcat (f->dest, ".part", NULL);
  g_autofree char *junk = g_malloc0 (PAYLOAD_SIZE + 10);
  Result r;

  /* A .part longer than the file (left by some other download): 416, then a fresh start. */
  g_assert_true (g_file_set_contents (part, junk, PAYLOAD_SIZE + 10, NULL));
  r = download (f, "/video.mp4", 0);
  g_assert_no_error (r.error);
  assert_dest_is_payload (f);
}

static void
test_expired (Fixture       *f,
              gconstpointer  data)
{
  Result r = download (f, "/expired", 0);

  g_assert_false (r.ok);
  g_assert_error (r.error, KINEMA_ERROR, KINEMA_ERROR_EXPIRED_RESULT);
  g_assert_nonnull (strstr (r.error->message, "deleted the result before it could be downloaded"));
  g_clear_error (&r.error);
  assert_nothing_left (f);

  r = download (f, "/missing", 0);
  g_assert_error (r.error, KINEMA_ERROR, KINEMA_ERROR_EXPIRED_RESULT);
  g_clear_error (&r.error);
}

static void
test_wrong_content_type (Fixture       *f,
                         gconstpointer  data)
{
  Result r = download (f, "/html", 0);

  g_assert_false (r.ok);
  g_assert_error (r.error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION);
  g_assert_nonnull (strstr (r.error->message, "text/html"));
  g_clear_error (&r.error);
  assert_nothing_left (f);
}

static void
test_size_cap (Fixture       *f,
               gconstpointer  data)
{
  Result r = download (f, "/video.mp4", 1024 * 1024);

  g_assert_false (r.ok);
  g_assert_error (r.error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION);
  g_clear_error (&r.error);
  assert_nothing_left (f);
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  Result r = download (f, "/error", 0);

  g_assert_false (r.ok);
  g_assert_error (r.error, KINEMA_ERROR, KINEMA_ERROR_SERVER);
  g_clear_error (&r.error);
  assert_nothing_left (f);
}

static void
test_file_uri (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *src = g_build_filename (f->dir, "source.mp4", NULL);
  g_autofree char *uri = NULL;
  Result r = { 0 };

  g_assert_true (g_file_set_contents (src, g_bytes_get_data (payload, NULL), g_bytes_get_size (payload), NULL));
  uri = g_filename_to_uri (src, NULL, NULL);
  kinema_download_async (f->session, uri, f->dest, 0, NULL, NULL, NULL, done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (r.error);
  assert_dest_is_payload (f);
}

static void
test_bad_scheme (Fixture       *f,
                 gconstpointer  data)
{
  Result r = { 0 };

  kinema_download_async (f->session, "ftp://example.com/x.mp4", f->dest, 0, NULL, NULL, NULL, done_cb, &r);
  while (!r.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (r.error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION);
  g_clear_error (&r.error);
  assert_nothing_left (f);
}

int
main (int   argc,
      char *argv[])
{
  guint8 *data = g_malloc (PAYLOAD_SIZE);

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < PAYLOAD_SIZE; i++)
    data[i] = (guint8) (i * 31 + (i >> 8));
  payload = g_bytes_new_take (data, PAYLOAD_SIZE);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/download/plain", test_plain);
  ADD ("/download/range-resume", test_range_resume);
  ADD ("/download/stale-part-beyond-end", test_stale_part_beyond_end);
  ADD ("/download/expired", test_expired);
  ADD ("/download/wrong-content-type", test_wrong_content_type);
  ADD ("/download/size-cap", test_size_cap);
  ADD ("/download/server-error", test_server_error);
  ADD ("/download/file-uri", test_file_uri);
  ADD ("/download/bad-scheme", test_bad_scheme);
#undef ADD

  return g_test_run ();
}
