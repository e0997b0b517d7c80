/* kinema-mock-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The mock provider server's core: a SoupServer on 127.0.0.1 running in
 * its own thread, request dispatch by dialect prefix, request counting,
 * scripted faults, a task table and the result videos.
 */
#define G_LOG_DOMAIN "kinema-mock"

#include "config.h"

#include <string.h>

#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "kinema-mock-private.h"

typedef struct
{
  char                 *prefix;
  char                 *base_path;
  KinemaMockHandler     handler;
  KinemaMockErrorReply  error_reply;
  gpointer              user_data;

  /* What the last request looked like (for assertions). */
  JsonNode             *last_body;
  GHashTable           *last_headers;   /* lowercase name -> value */
  char                 *last_rejection;
} MockDialect;

struct _KinemaMockServer
{
  GObject       parent_instance;

  GMutex        lock;
  GCond         cond;
  gboolean      started;
  GError       *start_error;

  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  char         *url;

  double        step;
  char         *api_key;
  GBytes       *video;
  GBytes       *video_audio;

  GQueue        faults;       /* KinemaMockFault* */
  GHashTable   *counts;       /* path -> GUINT_TO_POINTER(count) */
  guint         total;
  GHashTable   *dialects;     /* prefix -> MockDialect* */
  GHashTable   *tasks;        /* "prefix\nid" -> KinemaMockTask* */
  guint64       next_id;
};

G_DEFINE_FINAL_TYPE (KinemaMockServer, kinema_mock_server, G_TYPE_OBJECT)

/* Video */

static GBytes *cached_video;
static GBytes *cached_video_audio;
G_LOCK_DEFINE_STATIC (video_cache);

/* Encodes a one-second 320x240 H.264 MP4 (with an AAC tone when @audio)
 * in memory. */
static GBytes *
generate_video (gboolean   audio,
                GError   **error)
{
  g_autofree char *desc = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) done = NULL;
  g_autofree char *tmpl = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;
  const char *aac = NULL;
  int fd;

  if (!gst_is_initialized ())
    gst_init (NULL, NULL);

  fd = g_file_open_tmp ("kinema-mock-XXXXXX.mp4", &path, error);
  if (fd < 0)
    return NULL;
  close (fd);

  if (audio)
    {
      GstElementFactory *f = gst_element_factory_find ("voaacenc");

      if (f != NULL)
        aac = "voaacenc";
      else if ((f = gst_element_factory_find ("avenc_aac")) != NULL)
        aac = "avenc_aac";
      if (f != NULL)
        gst_object_unref (f);
    }

  desc = g_strdup_printf (
    "videotestsrc num-buffers=24 pattern=smpte ! "
    "video/x-raw,format=I420,width=320,height=240,framerate=24/1 ! "
    "x264enc speed-preset=ultrafast key-int-max=12 ! h264parse ! mp4mux name=mux ! "
    "filesink name=sink location=\"%s\" %s",
    path,
    aac ? "audiotestsrc num-buffers=43 samplesperbuffer=1024 ! audio/x-raw,rate=44100,channels=1 ! "
          "audioconvert ! " : "");
  if (aac != NULL)
    {
      char *full = g_strdup_printf ("%s%s ! aacparse ! mux.", desc, aac);

      g_free (desc);
      desc = full;
    }

  pipeline = gst_parse_launch (desc, error);
  if (pipeline == NULL)
    {
      g_unlink (path);
      return NULL;
    }

  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  bus = gst_element_get_bus (pipeline);
  done = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);

  if (done == NULL || GST_MESSAGE_TYPE (done) == GST_MESSAGE_ERROR)
    {
      if (done != NULL)
        gst_message_parse_error (done, error, NULL);
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "encoding the mock video timed out");
      g_unlink (path);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &len, error))
    {
      g_unlink (path);
      return NULL;
    }
  g_unlink (path);
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

static gboolean
ensure_videos (GError **error)
{
  gboolean ok = TRUE;

  G_LOCK (video_cache);
  if (cached_video == NULL)
    cached_video = generate_video (FALSE, error);
  if (cached_video == NULL)
    ok = FALSE;
  else if (cached_video_audio == NULL)
    {
      cached_video_audio = generate_video (TRUE, NULL);
      if (cached_video_audio == NULL)
        cached_video_audio = g_bytes_ref (cached_video);
    }
  G_UNLOCK (video_cache);
  return ok;
}

/* Faults, tasks, dialects */

static void
fault_free (gpointer data)
{
  KinemaMockFault *fault = data;

  if (fault == NULL)
    return;
  g_free (fault->match);
  g_free (fault->message);
  g_free (fault);
}

static void
task_free (gpointer data)
{
  KinemaMockTask *task = data;

  g_free (task->id);
  g_free (task->prefix);
  g_free (task->family);
  g_clear_pointer (&task->request, json_node_unref);
  g_free (task->fail_message);
  g_free (task);
}

static void
dialect_free (gpointer data)
{
  MockDialect *d = data;

  g_free (d->prefix);
  g_free (d->base_path);
  g_clear_pointer (&d->last_body, json_node_unref);
  g_clear_pointer (&d->last_headers, g_hash_table_unref);
  g_free (d->last_rejection);
  g_free (d);
}

static char *
task_key (const char *prefix,
          const char *id)
{
  return g_strdup_printf ("%s\n%s", prefix, id);
}

/* Requests */

typedef struct
{
  KinemaMockRequest  pub;
  char              *prefix;
  char              *method;
  char              *path;
  KinemaMockFault   *fault;      /* owned */
  MockDialect       *dialect;
} Request;

static void
request_free (Request *req)
{
  g_clear_object (&req->pub.msg);
  g_clear_pointer (&req->pub.query, g_hash_table_unref);
  g_clear_pointer (&req->pub.body, g_bytes_unref);
  g_clear_pointer (&req->pub.json, json_node_unref);
  g_free (req->prefix);
  g_free (req->method);
  g_free (req->path);
  fault_free (req->fault);
  g_free (req);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

static KinemaMockFault *
pop_fault (KinemaMockServer *self,
           const char       *path,
           gboolean          is_file)
{
  for (GList *l = self->faults.head; l != NULL; l = l->next)
    {
      KinemaMockFault *fault = l->data;

      /* An expired result only concerns video downloads. */
      if (fault->kind == KINEMA_MOCK_FAULT_EXPIRED && !is_file)
        continue;
      if (fault->match != NULL && *fault->match != '\0' && strstr (path, fault->match) == NULL)
        continue;
      g_queue_delete_link (&self->faults, l);
      return fault;
    }
  return NULL;
}

/* Closes the connection without an answer. */
static void
drop_connection (SoupServerMessage *msg,
                 const char        *partial)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream == NULL)
    return;
  if (partial != NULL)
    g_output_stream_write_all (g_io_stream_get_output_stream (stream),
                               partial, strlen (partial), NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

static void
record_request (MockDialect *d,
                Request     *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->pub.msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;

  g_clear_pointer (&d->last_body, json_node_unref);
  if (req->pub.json != NULL)
    d->last_body = json_node_copy (req->pub.json);

  g_clear_pointer (&d->last_headers, g_hash_table_unref);
  d->last_headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_hash_table_replace (d->last_headers, g_ascii_strdown (name, -1), g_strdup (value));

  g_clear_pointer (&d->last_rejection, g_free);
}

static void
run_dialect (KinemaMockServer *self,
             Request          *req)
{
  req->pub.fault = req->fault;
  req->dialect->handler (&req->pub, req->dialect->user_data);
}

typedef struct
{
  KinemaMockServer *self;      /* not a reference: the server outlives its thread */
  Request          *req;
} SlowData;

static void
slow_data_free (gpointer data)
{
  SlowData *slow = data;

  request_free (slow->req);
  g_free (slow);
}

static gboolean
slow_reply_cb (gpointer data)
{
  SlowData *slow = data;

  g_mutex_lock (&slow->self->lock);
  run_dialect (slow->self, slow->req);
  g_mutex_unlock (&slow->self->lock);
  soup_server_message_unpause (slow->req->pub.msg);
  return G_SOURCE_REMOVE;
}

static void
serve_file (KinemaMockServer  *self,
            SoupServerMessage *msg,
            const char        *path,
            KinemaMockFault   *fault)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);   /* "", "files", prefix, id.mp4 */
  g_autofree char *id = NULL;
  g_autofree char *key = NULL;
  KinemaMockTask *task;
  GBytes *video;

  if (fault != NULL && fault->kind == KINEMA_MOCK_FAULT_EXPIRED)
    {
      guint status = fault->status ? fault->status : 404;
      const char *text = status == 403
        ? "<?xml version=\"1.0\"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>"
        : "<?xml version=\"1.0\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>";

      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, text, strlen (text));
      return;
    }

  if (g_strv_length (parts) != 4 || !g_str_has_suffix (parts[3], ".mp4"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  id = g_strndup (parts[3], strlen (parts[3]) - strlen (".mp4"));
  key = task_key (parts[2], id);
  task = g_hash_table_lookup (self->tasks, key);
  if (task == NULL || kinema_mock_task_stage (self, task) != KINEMA_MOCK_STAGE_SUCCEEDED)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  video = task->audio && self->video_audio ? self->video_audio : self->video;
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "video/mp4", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (video, NULL), g_bytes_get_size (video));
}

/* GET /_mock/stats: what the mock accepted, for scripts such as the crash
 * test: {"accepted": {prompt: times}, "tasks": n, "requests": n,
 * "video_size": bytes}. Not counted as a request. */
static void
reply_stats (KinemaMockServer  *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GHashTable) accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key, value;
  guint n_tasks = 0;
  gsize len;

  g_hash_table_iter_init (&iter, self->tasks);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      KinemaMockTask *task = value;
      JsonObject *obj;
      const char *prompt = NULL;

      /* Element registrations are not paid generations. */
      if (g_strcmp0 (task->family, "element") == 0 || task->request == NULL ||
          !JSON_NODE_HOLDS_OBJECT (task->request))
        continue;
      n_tasks++;
      obj = json_node_get_object (task->request);
      if (json_object_has_member (obj, "input") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (obj, "input")))
        obj = json_object_get_object_member (obj, "input");
      if (json_object_has_member (obj, "prompt") && JSON_NODE_HOLDS_VALUE (json_object_get_member (obj, "prompt")))
        prompt = json_object_get_string_member (obj, "prompt");
      if (prompt != NULL)
        {
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (accepted, prompt));
          g_hash_table_replace (accepted, g_strdup (prompt), GUINT_TO_POINTER (n + 1));
        }
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "accepted");
  json_builder_begin_object (b);
  g_hash_table_iter_init (&iter, accepted);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      json_builder_set_member_name (b, key);
      json_builder_add_int_value (b, GPOINTER_TO_UINT (value));
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "tasks");
  json_builder_add_int_value (b, n_tasks);
  json_builder_set_member_name (b, "requests");
  json_builder_add_int_value (b, self->total);
  json_builder_set_member_name (b, "video_size");
  json_builder_add_int_value (b, self->video ? (gint64) g_bytes_get_size (self->video) : 0);
  json_builder_end_object (b);

  root = json_builder_get_root (b);
  text = json_to_string (root, FALSE);
  len = strlen (text);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, g_steal_pointer (&text), len);
}

static void
server_callback (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  KinemaMockServer *self = user_data;
  g_autoptr(Request) req = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_auto(GStrv) parts = NULL;
  SoupMessageBody *body;
  GBytes *bytes;
  gsize len;
  gboolean is_file;
  guint count;

  g_mutex_lock (&self->lock);

  if (g_str_equal (path, "/_mock/stats"))
    {
      reply_stats (self, msg);
      g_mutex_unlock (&self->lock);
      return;
    }

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, path));
  g_hash_table_replace (self->counts, g_strdup (path), GUINT_TO_POINTER (count + 1));
  self->total++;

  is_file = g_str_has_prefix (path, "/files/");
  req = g_new0 (Request, 1);
  req->fault = pop_fault (self, path, is_file);

  if (req->fault != NULL)
    {
      switch (req->fault->kind)
        {
        case KINEMA_MOCK_FAULT_DROP:
          drop_connection (msg, NULL);
          goto out;
        case KINEMA_MOCK_FAULT_TRUNCATED:
          drop_connection (msg,
                           "HTTP/1.1 200 OK\r\n"
                           "Content-Type: application/json\r\n"
                           "Content-Length: 4096\r\n"
                           "Connection: close\r\n\r\n"
                           "{\"code\":0,\"data\":{\"task_id\":\"trunc");
          goto out;
        case KINEMA_MOCK_FAULT_RAW:
          drop_connection (msg, req->fault->message);
          goto out;
        case KINEMA_MOCK_FAULT_MALFORMED:
          {
            static const char text[] = "{\"code\":0,\"data\":{\"task_id\": <html>oops";

            soup_server_message_set_status (msg, 200, NULL);
            soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, text, strlen (text));
            goto out;
          }
        case KINEMA_MOCK_FAULT_NONE:
        case KINEMA_MOCK_FAULT_STATUS:
        case KINEMA_MOCK_FAULT_SLOW:
        case KINEMA_MOCK_FAULT_TASK_FAILED:
        case KINEMA_MOCK_FAULT_EXPIRED:
        default:
          break;
        }
    }

  if (is_file)
    {
      serve_file (self, msg, path, req->fault);
      goto out;
    }

  parts = g_strsplit (path, "/", 3);   /* "", prefix, rest */
  if (g_strv_length (parts) < 2 ||
      (req->dialect = g_hash_table_lookup (self->dialects, parts[1])) == NULL)
    {
      static const char text[] = "{\"error\":\"no such mock dialect\"}";

      soup_server_message_set_status (msg, 404, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, text, strlen (text));
      goto out;
    }

  req->prefix = g_strdup (parts[1]);
  req->method = g_strdup (soup_server_message_get_method (msg));
  req->path = g_strdup (path);
  req->pub.server = self;
  req->pub.msg = g_object_ref (msg);
  req->pub.prefix = req->prefix;
  req->pub.method = req->method;
  req->pub.path = req->path;
  req->pub.subpath = req->path + 1 + strlen (req->prefix);
  req->pub.query = query ? g_hash_table_ref (query) : NULL;

  body = soup_server_message_get_request_body (msg);
  bytes = soup_message_body_flatten (body);
  req->pub.body = bytes;
  len = g_bytes_get_size (bytes);
  if (len > 0)
    {
      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) len, NULL) &&
          json_parser_get_root (parser) != NULL)
        req->pub.json = json_node_copy (json_parser_get_root (parser));
    }

  record_request (req->dialect, req);

  if (req->fault != NULL && req->fault->kind == KINEMA_MOCK_FAULT_STATUS)
    {
      req->dialect->error_reply (&req->pub, req->fault->status, req->fault->message, req->dialect->user_data);
      if (req->fault->status == 429 && req->fault->arg > 0)
        {
          g_autofree char *secs = g_strdup_printf ("%u", req->fault->arg);

          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", secs);
        }
      g_free (req->dialect->last_rejection);
      req->dialect->last_rejection = g_strdup_printf ("fault: HTTP %u", req->fault->status);
      goto out;
    }

  if (req->fault != NULL && req->fault->kind == KINEMA_MOCK_FAULT_SLOW)
    {
      SlowData *slow = g_new0 (SlowData, 1);
      g_autoptr(GSource) source = g_timeout_source_new (req->fault->arg);

      slow->self = self;
      slow->req = g_steal_pointer (&req);
      soup_server_message_pause (msg);
      /* Replies still pending at shutdown go with the context. */
      g_source_set_callback (source, slow_reply_cb, slow, slow_data_free);
      g_source_attach (source, self->context);
      goto out;
    }

  run_dialect (self, req);

out:
  g_mutex_unlock (&self->lock);
}

/* Thread */

static gpointer
server_thread (gpointer data)
{
  KinemaMockServer *self = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (self->context);

  self->server = soup_server_new ("server-header", "kinema-mock ", NULL);
  soup_server_add_handler (self->server, NULL, server_callback, self, NULL);

  if (soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    {
      uris = soup_server_get_uris (self->server);
      if (uris != NULL)
        {
          GUri *uri = uris->data;

          self->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uri));
        }
      g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
    }

  g_mutex_lock (&self->lock);
  if (error != NULL)
    self->start_error = g_steal_pointer (&error);
  self->started = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);

  if (self->start_error == NULL)
    g_main_loop_run (self->loop);

  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

/* GObject */

static void
kinema_mock_server_dispose (GObject *object)
{
  KinemaMockServer *self = (KinemaMockServer *) object;

  if (self->thread != NULL)
    {
      g_main_context_invoke (self->context, quit_cb, self->loop);
      g_thread_join (self->thread);
      self->thread = NULL;
    }

  G_OBJECT_CLASS (kinema_mock_server_parent_class)->dispose (object);
}

static void
kinema_mock_server_finalize (GObject *object)
{
  KinemaMockServer *self = (KinemaMockServer *) object;

  g_queue_clear_full (&self->faults, fault_free);
  g_clear_pointer (&self->counts, g_hash_table_unref);
  g_clear_pointer (&self->dialects, g_hash_table_unref);
  g_clear_pointer (&self->tasks, g_hash_table_unref);
  g_clear_pointer (&self->video, g_bytes_unref);
  g_clear_pointer (&self->video_audio, g_bytes_unref);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->start_error);
  g_free (self->url);
  g_free (self->api_key);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (kinema_mock_server_parent_class)->finalize (object);
}

static void
kinema_mock_server_class_init (KinemaMockServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kinema_mock_server_dispose;
  object_class->finalize = kinema_mock_server_finalize;
}

static void
kinema_mock_server_init (KinemaMockServer *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  g_queue_init (&self->faults);
  self->step = 2.0;
  self->api_key = g_strdup (KINEMA_MOCK_DEFAULT_API_KEY);
  self->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->dialects = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, dialect_free);
  self->tasks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, task_free);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);
}

/* The dialects every server speaks. kinema-mock-kling.c and
 * kinema-mock-market.c are optional at build time (HAVE_MOCK_KLING,
 * HAVE_MOCK_MARKET come from tests/mock/meson.build). */
static void
register_builtin_dialects (KinemaMockServer *self)
{
  kinema_mock_linkmodel_register (self);
  kinema_mock_modelstream_register (self);
  kinema_mock_uniall_register (self);
#ifdef HAVE_MOCK_KLING
  kinema_mock_kling_register (self);
#endif
#ifdef HAVE_MOCK_MARKET
  kinema_mock_market_register (self);
#endif
}

KinemaMockServer *
kinema_mock_server_new (GError **error)
{
  g_autoptr(KinemaMockServer) self = g_object_new (KINEMA_TYPE_MOCK_SERVER, NULL);

  if (!ensure_videos (error))
    return NULL;
  G_LOCK (video_cache);
  self->video = g_bytes_ref (cached_video);
  self->video_audio = g_bytes_ref (cached_video_audio);
  G_UNLOCK (video_cache);

  g_mutex_lock (&self->lock);
  register_builtin_dialects (self);
  g_mutex_unlock (&self->lock);

  self->thread = g_thread_new ("kinema-mock", server_thread, self);

  g_mutex_lock (&self->lock);
  while (!self->started)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);

  if (self->start_error != NULL || self->url == NULL)
    {
      if (self->start_error != NULL)
        g_propagate_error (error, g_steal_pointer (&self->start_error));
      else
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the mock server has no address");
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
kinema_mock_server_get_url (KinemaMockServer *self)
{
  g_return_val_if_fail (KINEMA_IS_MOCK_SERVER (self), NULL);
  return self->url;
}

char *
kinema_mock_server_dup_base_url (KinemaMockServer *self,
                                 const char       *prefix)
{
  MockDialect *d;
  char *ret = NULL;

  g_return_val_if_fail (KINEMA_IS_MOCK_SERVER (self), NULL);

  g_mutex_lock (&self->lock);
  d = g_hash_table_lookup (self->dialects, prefix);
  if (d != NULL)
    ret = g_strconcat (self->url, d->base_path, NULL);
  g_mutex_unlock (&self->lock);
  return ret;
}

char **
kinema_mock_server_dup_prefixes (KinemaMockServer *self)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->dialects);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (out, g_strdup (key));
  g_mutex_unlock (&self->lock);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

void
kinema_mock_server_set_step (KinemaMockServer *self,
                             double            seconds)
{
  g_return_if_fail (KINEMA_IS_MOCK_SERVER (self));

  g_mutex_lock (&self->lock);
  self->step = MAX (seconds, 0.0);
  g_mutex_unlock (&self->lock);
}

void
kinema_mock_server_set_api_key (KinemaMockServer *self,
                                const char       *api_key)
{
  g_return_if_fail (KINEMA_IS_MOCK_SERVER (self));

  g_mutex_lock (&self->lock);
  g_free (self->api_key);
  self->api_key = g_strdup (api_key);
  g_mutex_unlock (&self->lock);
}

gboolean
kinema_mock_server_set_video_file (KinemaMockServer  *self,
                                   const char        *path,
                                   GError           **error)
{
  g_autofree char *contents = NULL;
  gsize len;

  g_return_val_if_fail (KINEMA_IS_MOCK_SERVER (self), FALSE);

  if (!g_file_get_contents (path, &contents, &len, error))
    return FALSE;

  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->video, g_bytes_unref);
  g_clear_pointer (&self->video_audio, g_bytes_unref);
  self->video = g_bytes_new_take (g_steal_pointer (&contents), len);
  self->video_audio = g_bytes_ref (self->video);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

GBytes *
kinema_mock_server_get_video (KinemaMockServer *self)
{
  GBytes *ret;

  g_return_val_if_fail (KINEMA_IS_MOCK_SERVER (self), NULL);

  g_mutex_lock (&self->lock);
  ret = g_bytes_ref (self->video);
  g_mutex_unlock (&self->lock);
  return ret;
}

void
kinema_mock_server_push_fault (KinemaMockServer    *self,
                               const char          *match,
                               KinemaMockFaultKind  kind,
                               guint                status,
                               guint                arg,
                               const char          *message)
{
  KinemaMockFault *fault;

  g_return_if_fail (KINEMA_IS_MOCK_SERVER (self));

  fault = g_new0 (KinemaMockFault, 1);
  fault->kind = kind;
  fault->match = g_strdup (match);
  fault->status = status;
  fault->arg = arg;
  fault->message = g_strdup (message);

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->faults, fault);
  g_mutex_unlock (&self->lock);
}

void
kinema_mock_server_clear_faults (KinemaMockServer *self)
{
  g_return_if_fail (KINEMA_IS_MOCK_SERVER (self));

  g_mutex_lock (&self->lock);
  g_queue_clear_full (&self->faults, fault_free);
  g_queue_init (&self->faults);
  g_mutex_unlock (&self->lock);
}

guint
kinema_mock_server_get_count (KinemaMockServer *self,
                              const char       *path)
{
  guint ret;

  g_return_val_if_fail (KINEMA_IS_MOCK_SERVER (self), 0);

  g_mutex_lock (&self->lock);
  ret = path ? GPOINTER_TO_UINT (g_hash_table_lookup (self->counts, path)) : self->total;
  g_mutex_unlock (&self->lock);
  return ret;
}

guint
kinema_mock_server_get_count_prefix (KinemaMockServer *self,
                                     const char       *prefix)
{
  GHashTableIter iter;
  gpointer key, value;
  guint ret = 0;

  g_return_val_if_fail (KINEMA_IS_MOCK_SERVER (self), 0);

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_prefix (key, prefix))
      ret += GPOINTER_TO_UINT (value);
  g_mutex_unlock (&self->lock);
  return ret;
}

void
kinema_mock_server_reset (KinemaMockServer *self)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (KINEMA_IS_MOCK_SERVER (self));

  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->counts);
  self->total = 0;
  g_queue_clear_full (&self->faults, fault_free);
  g_queue_init (&self->faults);
  g_hash_table_remove_all (self->tasks);
  g_hash_table_iter_init (&iter, self->dialects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      MockDialect *d = value;

      g_clear_pointer (&d->last_body, json_node_unref);
      g_clear_pointer (&d->last_headers, g_hash_table_unref);
      g_clear_pointer (&d->last_rejection, g_free);
    }
  g_mutex_unlock (&self->lock);
}

JsonNode *
kinema_mock_server_dup_last_body (KinemaMockServer *self,
                                  const char       *prefix)
{
  MockDialect *d;
  JsonNode *ret = NULL;

  g_return_val_if_fail (KINEMA_IS_MOCK_SERVER (self), NULL);

  g_mutex_lock (&self->lock);
  d = g_hash_table_lookup (self->dialects, prefix);
  if (d != NULL && d->last_body != NULL)
    ret = json_node_copy (d->last_body);
  g_mutex_unlock (&self->lock);
  return ret;
}

char *
kinema_mock_server_dup_last_header (KinemaMockServer *self,
                                    const char       *prefix,
                                    const char       *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  MockDialect *d;
  char *ret = NULL;

  g_return_val_if_fail (KINEMA_IS_MOCK_SERVER (self), NULL);

  g_mutex_lock (&self->lock);
  d = g_hash_table_lookup (self->dialects, prefix);
  if (d != NULL && d->last_headers != NULL)
    ret = g_strdup (g_hash_table_lookup (d->last_headers, lower));
  g_mutex_unlock (&self->lock);
  return ret;
}

char *
kinema_mock_server_dup_last_rejection (KinemaMockServer *self,
                                       const char       *prefix)
{
  MockDialect *d;
  char *ret = NULL;

  g_return_val_if_fail (KINEMA_IS_MOCK_SERVER (self), NULL);

  g_mutex_lock (&self->lock);
  d = g_hash_table_lookup (self->dialects, prefix);
  if (d != NULL)
    ret = g_strdup (d->last_rejection);
  g_mutex_unlock (&self->lock);
  return ret;
}

/* ---- Private API for dialect handlers (lock held) ---------------- */

void
kinema_mock_register_dialect (KinemaMockServer     *server,
                              const char           *prefix,
                              const char           *base_path,
                              KinemaMockHandler     handler,
                              KinemaMockErrorReply  error_reply,
                              gpointer              user_data)
{
  MockDialect *d = g_new0 (MockDialect, 1);

  d->prefix = g_strdup (prefix);
  d->base_path = g_strdup (base_path);
  d->handler = handler;
  d->error_reply = error_reply;
  d->user_data = user_data;
  g_hash_table_replace (server->dialects, d->prefix, d);
}

const char *
kinema_mock_server_api_key (KinemaMockServer *server)
{
  return server->api_key;
}

double
kinema_mock_server_step (KinemaMockServer *server)
{
  return server->step;
}

void
kinema_mock_reply_json (KinemaMockRequest *req,
                        guint              status,
                        JsonNode          *node)
{
  g_autoptr(JsonNode) owned = node;
  g_autofree char *text = json_to_string (owned, FALSE);

  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

void
kinema_mock_reply_object (KinemaMockRequest *req,
                          guint              status,
                          JsonObject        *obj)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), obj);

  json_object_unref (obj);
  kinema_mock_reply_json (req, status, node);
}

void
kinema_mock_reply_text (KinemaMockRequest *req,
                        guint              status,
                        const char        *content_type,
                        const char        *body)
{
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, content_type ? content_type : "text/plain",
                                    SOUP_MEMORY_COPY, body ? body : "", body ? strlen (body) : 0);
}

void
kinema_mock_note_rejection (KinemaMockRequest *req,
                            const char        *format,
                            ...)
{
  MockDialect *d = g_hash_table_lookup (req->server->dialects, req->prefix);
  va_list args;

  if (d == NULL)
    return;
  g_free (d->last_rejection);
  va_start (args, format);
  d->last_rejection = g_strdup_vprintf (format, args);
  va_end (args);
  g_debug ("%s refused %s %s: %s", req->prefix, req->method, req->path, d->last_rejection);
}

const char *
kinema_mock_request_header (KinemaMockRequest *req,
                            const char        *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

gboolean
kinema_mock_request_bearer_ok (KinemaMockRequest *req)
{
  const char *auth = kinema_mock_request_header (req, "Authorization");

  return auth != NULL &&
         g_str_has_prefix (auth, "Bearer ") &&
         g_strcmp0 (auth + strlen ("Bearer "), req->server->api_key) == 0;
}

gboolean
kinema_mock_request_key_header_ok (KinemaMockRequest *req,
                                   const char        *name)
{
  return g_strcmp0 (kinema_mock_request_header (req, name), req->server->api_key) == 0;
}

JsonObject *
kinema_mock_request_object (KinemaMockRequest *req)
{
  if (req->json == NULL || !JSON_NODE_HOLDS_OBJECT (req->json))
    return NULL;
  return json_node_get_object (req->json);
}

const char *
kinema_mock_request_query (KinemaMockRequest *req,
                           const char        *name)
{
  return req->query ? g_hash_table_lookup (req->query, name) : NULL;
}

static const char *
type_name (KinemaMockType type)
{
  switch (type)
    {
    case KINEMA_MOCK_STRING: return "a string";
    case KINEMA_MOCK_INT: return "an integer";
    case KINEMA_MOCK_NUMBER: return "a number";
    case KINEMA_MOCK_BOOL: return "a boolean";
    case KINEMA_MOCK_OBJECT: return "an object";
    case KINEMA_MOCK_ARRAY: return "an array";
    case KINEMA_MOCK_INT_STRING: return "a string holding an integer";
    default: return "?";
    }
}

static gboolean
is_int_string (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;
  if (*s == '-')
    s++;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

static gboolean
node_has_type (JsonNode       *node,
               KinemaMockType  type)
{
  GType vt;

  switch (type)
    {
    case KINEMA_MOCK_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case KINEMA_MOCK_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    default:
      break;
    }

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  vt = json_node_get_value_type (node);
  switch (type)
    {
    case KINEMA_MOCK_STRING: return vt == G_TYPE_STRING;
    case KINEMA_MOCK_INT: return vt == G_TYPE_INT64;
    case KINEMA_MOCK_NUMBER: return vt == G_TYPE_INT64 || vt == G_TYPE_DOUBLE;
    case KINEMA_MOCK_BOOL: return vt == G_TYPE_BOOLEAN;
    case KINEMA_MOCK_INT_STRING: return vt == G_TYPE_STRING && is_int_string (json_node_get_string (node));
    case KINEMA_MOCK_OBJECT:
    case KINEMA_MOCK_ARRAY:
    default: return FALSE;
    }
}

gboolean
kinema_mock_check_member (JsonObject      *obj,
                          const char      *name,
                          KinemaMockType   type,
                          gboolean         required,
                          char           **problem)
{
  JsonNode *node;

  if (obj == NULL || !json_object_has_member (obj, name))
    {
      if (required)
        *problem = g_strdup_printf ("%s is required", name);
      return !required;
    }
  node = json_object_get_member (obj, name);
  if (!node_has_type (node, type))
    {
      *problem = g_strdup_printf ("%s must be %s", name, type_name (type));
      return FALSE;
    }
  return TRUE;
}

gboolean
kinema_mock_check_known (JsonObject          *obj,
                         const char * const  *known,
                         const char          *where,
                         char               **problem)
{
  g_autoptr(GList) members = NULL;

  if (obj == NULL)
    return TRUE;
  members = json_object_get_members (obj);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (known, l->data))
      {
        *problem = g_strdup_printf ("unknown field %s%s%s", where ? where : "", where ? "." : "",
                                    (const char *) l->data);
        return FALSE;
      }
  return TRUE;
}

gboolean
kinema_mock_check_enum (JsonObject          *obj,
                        const char          *name,
                        const char * const  *values,
                        char               **problem)
{
  const char *value;

  if (obj == NULL || !json_object_has_member (obj, name))
    return TRUE;
  if (!kinema_mock_check_member (obj, name, KINEMA_MOCK_STRING, FALSE, problem))
    return FALSE;
  value = json_object_get_string_member (obj, name);
  if (!g_strv_contains (values, value))
    {
      g_autofree char *joined = g_strjoinv (", ", (char **) values);

      *problem = g_strdup_printf ("%s must be one of: %s", name, joined);
      return FALSE;
    }
  return TRUE;
}

gboolean
kinema_mock_check_int_range (JsonObject  *obj,
                             const char  *name,
                             gint64       min,
                             gint64       max,
                             char       **problem)
{
  JsonNode *node;
  gint64 v;

  if (obj == NULL || !json_object_has_member (obj, name))
    return TRUE;
  node = json_object_get_member (obj, name);
  if (node_has_type (node, KINEMA_MOCK_INT))
    v = json_node_get_int (node);
  else if (node_has_type (node, KINEMA_MOCK_INT_STRING))
    v = g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  else
    {
      *problem = g_strdup_printf ("%s must be an integer", name);
      return FALSE;
    }
  if (v < min || v > max)
    {
      *problem = g_strdup_printf ("%s must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT,
                                  name, min, max);
      return FALSE;
    }
  return TRUE;
}

gboolean
kinema_mock_check_number_range (JsonObject  *obj,
                                const char  *name,
                                double       min,
                                double       max,
                                char       **problem)
{
  double v;

  if (obj == NULL || !json_object_has_member (obj, name))
    return TRUE;
  if (!kinema_mock_check_member (obj, name, KINEMA_MOCK_NUMBER, FALSE, problem))
    return FALSE;
  v = json_node_get_double (json_object_get_member (obj, name));
  if (v < min || v > max)
    {
      *problem = g_strdup_printf ("%s must be between %g and %g", name, min, max);
      return FALSE;
    }
  return TRUE;
}

gboolean
kinema_mock_check_image (const char  *value,
                         gboolean     allow_inline,
                         const char  *field,
                         char       **problem)
{
  if (value == NULL || *value == '\0')
    {
      *problem = g_strdup_printf ("%s must not be empty", field);
      return FALSE;
    }
  if (g_str_has_prefix (value, "https://") || g_str_has_prefix (value, "http://"))
    return TRUE;
  if (allow_inline)
    {
      const char *b64 = value;

      if (g_str_has_prefix (value, "data:image/"))
        {
          b64 = strstr (value, ";base64,");
          if (b64 == NULL)
            {
              *problem = g_strdup_printf ("%s: malformed data URI", field);
              return FALSE;
            }
          b64 += strlen (";base64,");
        }
      for (const char *p = b64; *p; p++)
        if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=')
          {
            *problem = g_strdup_printf ("%s must be a URL or base64 image data", field);
            return FALSE;
          }
      if (strlen (b64) < 8)
        {
          *problem = g_strdup_printf ("%s: base64 image data is too short", field);
          return FALSE;
        }
      return TRUE;
    }
  *problem = g_strdup_printf ("%s must be a public http(s) URL", field);
  return FALSE;
}

KinemaMockTask *
kinema_mock_task_new (KinemaMockRequest *req,
                      const char        *id_prefix,
                      const char        *family)
{
  KinemaMockServer *self = req->server;
  KinemaMockTask *task = g_new0 (KinemaMockTask, 1);
  g_autofree char *rand = g_uuid_string_random ();

  self->next_id++;
  if (id_prefix == NULL)
    task->id = g_steal_pointer (&rand);
  else
    task->id = g_strdup_printf ("%s%" G_GUINT64_FORMAT "%.8s", id_prefix, self->next_id, rand);
  task->prefix = g_strdup (req->prefix);
  task->family = g_strdup (family);
  task->request = req->json ? json_node_copy (req->json) : NULL;
  task->created_us = g_get_monotonic_time ();
  task->price = -1;

  if (req->fault != NULL && req->fault->kind == KINEMA_MOCK_FAULT_TASK_FAILED)
    {
      task->fail = TRUE;
      task->fail_message = g_strdup (req->fault->message ? req->fault->message
                                                         : "the generation failed upstream");
    }

  g_hash_table_replace (self->tasks, task_key (task->prefix, task->id), task);
  return task;
}

KinemaMockTask *
kinema_mock_task_lookup (KinemaMockServer *server,
                         const char       *prefix,
                         const char       *id)
{
  g_autofree char *key = NULL;
  KinemaMockTask *task;

  if (id == NULL)
    return NULL;
  key = task_key (prefix, id);
  task = g_hash_table_lookup (server->tasks, key);
  if (task != NULL)
    task->n_polls++;
  return task;
}

KinemaMockStage
kinema_mock_task_stage (KinemaMockServer *server,
                        KinemaMockTask   *task)
{
  double elapsed = (g_get_monotonic_time () - task->created_us) / (double) G_USEC_PER_SEC;

  if (elapsed < server->step)
    return KINEMA_MOCK_STAGE_QUEUED;
  if (elapsed < 3 * server->step)
    return KINEMA_MOCK_STAGE_RUNNING;
  return task->fail ? KINEMA_MOCK_STAGE_FAILED : KINEMA_MOCK_STAGE_SUCCEEDED;
}

int
kinema_mock_task_progress (KinemaMockServer *server,
                           KinemaMockTask   *task)
{
  double elapsed = (g_get_monotonic_time () - task->created_us) / (double) G_USEC_PER_SEC;

  switch (kinema_mock_task_stage (server, task))
    {
    case KINEMA_MOCK_STAGE_QUEUED:
      return 0;
    case KINEMA_MOCK_STAGE_RUNNING:
      return CLAMP ((int) (10 + 80 * (elapsed - server->step) / (2 * MAX (server->step, 1e-6))), 10, 90);
    case KINEMA_MOCK_STAGE_SUCCEEDED:
    case KINEMA_MOCK_STAGE_FAILED:
    default:
      return 100;
    }
}

char *
kinema_mock_task_dup_video_url (KinemaMockServer *server,
                                KinemaMockTask   *task)
{
  return g_strdup_printf ("%s/files/%s/%s.mp4", server->url, task->prefix, task->id);
}

char *
kinema_mock_new_request_id (void)
{
  return g_uuid_string_random ();
}
