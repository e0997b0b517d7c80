/* kinema-http-provider.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-http-provider"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "kinema-dialect-kling.h"
#include "kinema-dialect-market.h"
#include "kinema-dialect-util.h"
#include "kinema-error.h"
#include "kinema-http-provider.h"
#include "kinema-image.h"

#define DEFAULT_TIMEOUT_SECONDS 60
#define ELEMENT_POLL_SECONDS    3
#define ELEMENT_DEADLINE        (10 * 60)

struct _KinemaHttpProvider
{
  KinemaProvider         parent_instance;

  KinemaProviderConfig  *cfg;
  const KinemaDialect   *dialect;
  char                  *api_key;
  SoupSession           *session;
};

G_DEFINE_FINAL_TYPE (KinemaHttpProvider, kinema_http_provider, KINEMA_TYPE_PROVIDER)

static const char *
provider_label (const KinemaProviderConfig *cfg)
{
  if (cfg->name != NULL && *cfg->name != '\0')
    return cfg->name;
  if (cfg->id != NULL && *cfg->id != '\0')
    return cfg->id;
  return cfg->dialect ? cfg->dialect : "provider";
}

static char *
user_agent (void)
{
  return g_strdup_printf ("Kinema/%s", PACKAGE_VERSION);
}


/* Base URL */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) addr = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  addr = g_inet_address_new_from_string (host);
  return addr != NULL && g_inet_address_get_is_loopback (addr);
}

gboolean
kinema_http_provider_check_base_url (const char  *base_url,
                                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (base_url == NULL || *base_url == '\0')
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER,
                   _("The provider has no base URL."));
      return FALSE;
    }

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER,
                   _("The base URL “%s” is not a valid URL."), base_url);
      return FALSE;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (host_is_loopback (g_uri_get_host (uri)))
        return TRUE;
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER,
                   _("The base URL “%s” uses http://, which would send the API key and your images "
                     "unencrypted; use https:// (plain http:// is only allowed for 127.0.0.1, ::1 "
                     "and localhost)."),
                   base_url);
      return FALSE;
    }

  g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER,
               _("The base URL “%s” must start with https://."), base_url);
  return FALSE;
}

/* Sync HTTP, for the worker thread (uploads, element registration) */

static SoupMessage *
message_from_call (KinemaHttpCall  *call,
                   GError         **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  SoupMessageHeaders *headers;

  msg = soup_message_new (call->method, call->url);
  if (msg == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER,
                   _("Cannot send to “%s”: not a valid URL."), call->url);
      return NULL;
    }

  headers = soup_message_get_request_headers (msg);
  for (guint i = 0; i < call->headers->len; i++)
    {
      KinemaHttpHeader *h = g_ptr_array_index (call->headers, i);

      if (g_ascii_strcasecmp (h->name, "Content-Type") == 0)
        continue;
      soup_message_headers_replace (headers, h->name, h->value);
    }

  if (call->body != NULL)
    {
      g_autofree char *json = json_to_string (call->body, FALSE);
      gsize len = strlen (json);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&json), len);
      const char *ctype = kinema_http_call_get_header (call, "Content-Type");

      soup_message_set_request_body_from_bytes (msg, ctype ? ctype : "application/json", bytes);
    }

  return g_steal_pointer (&msg);
}

static GBytes *
exchange_sync (SoupSession         *session,
               KinemaHttpCall      *call,
               const char          *provider,
               guint               *status_out,
               GCancellable        *cancellable,
               GError             **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) local_error = NULL;
  GBytes *bytes;

  msg = message_from_call (call, error);
  if (msg == NULL)
    return NULL;

  bytes = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (bytes == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        kinema_dialect_set_error (error, KINEMA_ERROR_NETWORK, provider, local_error->message);
      return NULL;
    }
  *status_out = soup_message_get_status (msg);
  return bytes;
}

/* Image preparation */

typedef struct
{
  KinemaProviderConfig *cfg;
  const KinemaDialect  *dialect;
  KinemaCapabilities    caps;
  KinemaRequest        *request;     /* private copy */
  char                 *api_key;
  guint                 timeout;
  gboolean              dry_run;
} PrepareData;

static void
prepare_data_free (PrepareData *data)
{
  kinema_provider_config_free (data->cfg);
  g_clear_object (&data->request);
  g_free (data->api_key);
  g_free (data);
}

static void
add_local (GPtrArray  *out,
           const char *path_or_url)
{
  if (path_or_url == NULL || *path_or_url == '\0' || kinema_image_is_url (path_or_url))
    return;
  for (guint i = 0; i < out->len; i++)
    if (g_str_equal (g_ptr_array_index (out, i), path_or_url))
      return;
  g_ptr_array_add (out, g_strdup (path_or_url));
}

/* Every local file the request names, once each. */
static GPtrArray *
collect_local_images (KinemaRequest *request)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  add_local (out, kinema_request_get_first_frame (request));
  add_local (out, kinema_request_get_last_frame (request));
  for (guint i = 0; i < kinema_request_get_n_reference_images (request); i++)
    add_local (out, kinema_request_get_reference_image (request, i));
  for (guint i = 0; i < kinema_request_get_n_elements (request); i++)
    {
      const KinemaElement *el = kinema_request_get_element (request, i);

      for (guint j = 0; el->images != NULL && el->images[j] != NULL; j++)
        add_local (out, el->images[j]);
    }
  return out;
}

static gboolean
sleep_cancellable (double        seconds,
                   GCancellable *cancellable,
                   GError      **error)
{
  gint64 until = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < until)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      g_usleep (MIN (50000, MAX (0, until - g_get_monotonic_time ())));
    }
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Registers one element with Kling and waits for its id. */
static char *
register_kling_element (SoupSession                *session,
                        const KinemaProviderConfig *cfg,
                        const char                 *api_key,
                        const KinemaElement        *element,
                        KinemaWireImages           *images,
                        GCancellable               *cancellable,
                        GError                    **error)
{
  const char *provider = provider_label (cfg);
  double scale = kinema_poll_scale ();
  g_autoptr(KinemaHttpCall) call = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *task_id = NULL;
  char *element_id = NULL;
  KinemaTaskState state = KINEMA_TASK_QUEUED;
  gint64 start = g_get_monotonic_time ();
  guint status = 0;

  call = kinema_kling_build_element_create (cfg, api_key, element, images, error);
  if (call == NULL)
    return NULL;
  bytes = exchange_sync (session, call, provider, &status, cancellable, error);
  if (bytes == NULL)
    return NULL;
  if (!kinema_kling_parse_element_full (status, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                        &task_id, &element_id, &state, error))
    return NULL;

  while (state != KINEMA_TASK_SUCCEEDED)
    {
      if ((g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC > ELEMENT_DEADLINE * scale)
        {
          g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_SERVER,
                       _("%s did not finish registering the element “%s” in time."),
                       provider, element->name);
          return NULL;
        }
      if (!sleep_cancellable (ELEMENT_POLL_SECONDS * scale, cancellable, error))
        return NULL;

      kinema_http_call_free (g_steal_pointer (&call));
      g_clear_pointer (&bytes, g_bytes_unref);
      call = kinema_kling_build_element_poll (cfg, api_key, task_id, error);
      if (call == NULL)
        return NULL;
      bytes = exchange_sync (session, call, provider, &status, cancellable, error);
      if (bytes == NULL)
        return NULL;
      g_clear_pointer (&element_id, g_free);
      if (!kinema_kling_parse_element (status, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                       &element_id, &state, error))
        return NULL;
    }

  return element_id;
}

/* Maps every local image of the request to what goes on the wire, and,
 * for Kling, every element name to its registered id. Blocking. Without
 * @session (dry run), steps needing the network become placeholders. */
static KinemaWireImages *
prepare_wire_images (PrepareData   *data,
                     SoupSession   *session,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GHashTable) images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GPtrArray) locals = collect_local_images (data->request);
  const char *provider = provider_label (data->cfg);
  guint transports = data->caps.image_transports;
  gboolean is_kling = g_strcmp0 (data->dialect->name, "kling") == 0;
  gboolean is_market = g_strcmp0 (data->dialect->name, "market") == 0;

  for (guint i = 0; i < locals->len; i++)
    {
      const char *path = g_ptr_array_index (locals, i);
      g_autofree char *wire = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;

      if (transports & (KINEMA_IMAGE_BASE64 | KINEMA_IMAGE_DATA_URI))
        {
          gboolean data_uri = !(transports & KINEMA_IMAGE_BASE64);

          wire = kinema_image_encode_base64 (path, data_uri, error);
          if (wire == NULL)
            return NULL;
        }
      else if ((transports & KINEMA_IMAGE_UPLOAD) && is_market)
        {
          g_autofree char *b64 = NULL;
          g_autofree char *basename = g_path_get_basename (path);
          g_autoptr(KinemaHttpCall) call = NULL;
          g_autoptr(GBytes) bytes = NULL;
          guint status = 0;

          b64 = kinema_image_encode_base64 (path, FALSE, error);
          if (b64 == NULL)
            return NULL;
          if (session == NULL)
            {
              wire = g_strdup_printf ("$KINEMA_UPLOAD(%s)", basename);
            }
          else
            {
              call = kinema_market_build_upload (data->cfg, data->api_key, b64, basename, error);
              if (call == NULL)
                return NULL;
              bytes = exchange_sync (session, call, provider, &status, cancellable, error);
              if (bytes == NULL)
                return NULL;
              if (!kinema_market_parse_upload (status, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                               &wire, error))
                return NULL;
            }
        }
      /* else: URL-only provider; the dialect names the field and refuses. */

      if (wire != NULL)
        g_hash_table_replace (images, g_strdup (path), g_steal_pointer (&wire));
    }

  if (is_kling)
    {
      for (guint i = 0; i < kinema_request_get_n_elements (data->request); i++)
        {
          const KinemaElement *el = kinema_request_get_element (data->request, i);
          g_autofree char *key = kinema_kling_element_key (el->name);
          char *id;

          if (session == NULL)
            id = g_strdup_printf ("$KINEMA_ELEMENT_ID(%s)", el->name ? el->name : "");
          else
            {
              id = register_kling_element (session, data->cfg, data->api_key, el, images, cancellable, error);
              if (id == NULL)
                return NULL;
            }
          g_hash_table_replace (images, g_steal_pointer (&key), id);
        }
    }

  return g_steal_pointer (&images);
}

static gboolean
needs_preparation (PrepareData *data)
{
  g_autoptr(GPtrArray) locals = collect_local_images (data->request);

  if (locals->len > 0)
    return TRUE;
  return g_strcmp0 (data->dialect->name, "kling") == 0 &&
         kinema_request_get_n_elements (data->request) > 0;
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareData *data = task_data;
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *ua = user_agent ();
  GError *error = NULL;
  KinemaWireImages *images;

  /* A session of this thread's own for any pre-submit calls. */
  session = soup_session_new_with_options ("timeout", data->timeout, "user-agent", ua, NULL);
  images = prepare_wire_images (data, session, cancellable, &error);
  if (images == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, images, (GDestroyNotify) g_hash_table_unref);
}

/* Sending */

typedef struct
{
  KinemaRequest *request;     /* private copy (submit) */
  char          *job_id;
  SoupMessage   *msg;
  char          *poll_hint;   /* from the submit call */
  gboolean       is_submit;
  gboolean       sent;
} CallData;

static void
call_data_free (CallData *data)
{
  g_clear_pointer (&data->poll_hint, g_free);
  g_clear_object (&data->request);
  g_free (data->job_id);
  g_clear_object (&data->msg);
  g_free (data);
}

static void
wrote_headers_cb (SoupMessage *msg,
                  gpointer     user_data)
{
  CallData *data = user_data;

  data->sent = TRUE;
}

static guint
parse_retry_after (const char *value)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) now = NULL;
  char *end = NULL;
  guint64 secs;

  if (value == NULL)
    return 0;
  while (g_ascii_isspace (*value))
    value++;
  if (g_ascii_isdigit (*value))
    {
      secs = g_ascii_strtoull (value, &end, 10);
      return (guint) MIN (secs, 24 * 3600);
    }
  when = soup_date_time_new_from_http_string (value);
  if (when == NULL)
    return 0;
  now = g_date_time_new_now_utc ();
  secs = MAX (0, g_date_time_difference (when, now) / G_USEC_PER_SEC);
  return (guint) MIN (secs, 24 * 3600);
}

/* A transport failure as a KINEMA_ERROR, deciding NETWORK vs
 * UNKNOWN_OUTCOME by whether the request had gone out. */
static GError *
transport_error (KinemaHttpProvider *self,
                 CallData           *data,
                 GError             *error)
{
  const char *provider = provider_label (self->cfg);
  GError *out = NULL;

  if (data->is_submit && data->sent)
    {
      kinema_dialect_set_unknown_outcome (&out, provider, error->message);
      return out;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  kinema_dialect_set_error (&out, KINEMA_ERROR_NETWORK, provider, error->message);
  return out;
}

static void
send_and_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  KinemaHttpProvider *self = g_task_get_source_object (task);
  CallData *data = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  KinemaTaskStatus *status;
  const char *body;
  gsize len = 0;
  guint http;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, transport_error (self, data, error));
      return;
    }

  http = soup_message_get_status (data->msg);
  body = g_bytes_get_data (bytes, &len);
  if (data->is_submit)
    {
      status = self->dialect->parse_submit (self->cfg, http, body, len, &error);
      if (status != NULL && status->poll_hint == NULL)
        status->poll_hint = g_strdup (data->poll_hint);
    }
  else
    status = self->dialect->parse_poll (self->cfg, http, body, len, &error);

  if (status == NULL)
    {
      const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (data->msg),
                                                        "Retry-After");

      if (error == NULL)
        kinema_dialect_set_http_error (&error, provider_label (self->cfg), http, NULL);
      if (error->domain == KINEMA_ERROR && retry != NULL)
        kinema_error_set_retry_after (error, parse_retry_after (retry));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, status, (GDestroyNotify) kinema_task_status_free);
}

static void
send_call (KinemaHttpProvider *self,
           KinemaHttpCall     *call,
           GTask              *task)
{
  CallData *data = g_task_get_task_data (task);
  GError *error = NULL;

  data->msg = message_from_call (call, &error);
  if (data->msg == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  if (data->is_submit)
    /* Never follow a redirect with a paid POST, never reuse a connection
     * that might be dropped (and silently re-sent) under us. */
    soup_message_add_flags (data->msg, SOUP_MESSAGE_NO_REDIRECT | SOUP_MESSAGE_NEW_CONNECTION);
  g_signal_connect (data->msg, "wrote-headers", G_CALLBACK (wrote_headers_cb), data);

  soup_session_send_and_read_async (self->session, data->msg, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task),
                                    send_and_read_cb, task);
}

static void
submit_with_images (KinemaHttpProvider *self,
                    GTask              *task,
                    KinemaWireImages   *images)
{
  CallData *data = g_task_get_task_data (task);
  g_autoptr(KinemaHttpCall) call = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  call = self->dialect->build_submit (self->cfg, self->api_key, data->request, images, data->job_id, &error);
  if (call == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  data->poll_hint = g_strdup (call->poll_hint);
  send_call (self, call, task);
}

static void
prepare_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  KinemaHttpProvider *self = KINEMA_HTTP_PROVIDER (source);
  g_autoptr(GHashTable) images = NULL;
  GError *error = NULL;

  images = g_task_propagate_pointer (G_TASK (result), &error);
  if (images == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  submit_with_images (self, task, images);
}

static PrepareData *
prepare_data_new (const KinemaProviderConfig *cfg,
                  const KinemaDialect        *dialect,
                  KinemaRequest              *request,
                  const char                 *api_key)
{
  PrepareData *data = g_new0 (PrepareData, 1);

  data->cfg = kinema_provider_config_copy (cfg);
  data->dialect = dialect;
  dialect->init_capabilities (cfg, &data->caps);
  data->request = kinema_request_copy (request);
  data->api_key = g_strdup (api_key);
  data->timeout = DEFAULT_TIMEOUT_SECONDS;
  return data;
}

static void
kinema_http_provider_submit_async (KinemaProvider      *provider,
                                   KinemaRequest       *request,
                                   const char          *job_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  KinemaHttpProvider *self = KINEMA_HTTP_PROVIDER (provider);
  GTask *task;
  CallData *data;
  PrepareData *prep;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kinema_http_provider_submit_async);

  data = g_new0 (CallData, 1);
  /* A private copy: the editor may change the original meanwhile. */
  data->request = kinema_request_copy (request);
  data->job_id = g_strdup (job_id);
  data->is_submit = TRUE;
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);

  prep = prepare_data_new (self->cfg, self->dialect, data->request, self->api_key);
  prep->timeout = soup_session_get_timeout (self->session);

  if (needs_preparation (prep))
    {
      /* Reading, encoding and uploading files never happens on the main
       * thread. */
      GTask *prep_task = g_task_new (self, cancellable, prepare_done_cb, task);

      g_task_set_source_tag (prep_task, kinema_http_provider_submit_async);
      g_task_set_task_data (prep_task, prep, (GDestroyNotify) prepare_data_free);
      g_task_run_in_thread (prep_task, prepare_thread);
      g_object_unref (prep_task);
    }
  else
    {
      prepare_data_free (prep);
      submit_with_images (self, task, NULL);
    }
}

static KinemaTaskStatus *
kinema_http_provider_submit_finish (KinemaProvider  *provider,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
kinema_http_provider_poll_async (KinemaProvider      *provider,
                                 const char          *task_id,
                                 const char          *poll_hint,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  KinemaHttpProvider *self = KINEMA_HTTP_PROVIDER (provider);
  g_autoptr(KinemaHttpCall) call = NULL;
  GError *error = NULL;
  GTask *task;
  CallData *data;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kinema_http_provider_poll_async);

  data = g_new0 (CallData, 1);
  data->is_submit = FALSE;
  g_task_set_task_data (task, data, (GDestroyNotify) call_data_free);

  call = self->dialect->build_poll (self->cfg, self->api_key, task_id, poll_hint, &error);
  if (call == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  data->poll_hint = g_strdup (call->poll_hint);
  send_call (self, call, task);
}

static KinemaTaskStatus *
kinema_http_provider_poll_finish (KinemaProvider  *provider,
                                  GAsyncResult    *result,
                                  GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, provider), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static int
kinema_http_provider_next_poll_delay (KinemaProvider *provider,
                                      guint           attempt,
                                      double          elapsed)
{
  KinemaHttpProvider *self = KINEMA_HTTP_PROVIDER (provider);

  /* The documented schedule, unscaled: the engine applies
   * KINEMA_POLL_SCALE to both the waits and the clock it passes in. */
  if (self->dialect->next_poll_delay != NULL)
    return self->dialect->next_poll_delay (attempt, elapsed);
  return KINEMA_PROVIDER_CLASS (kinema_http_provider_parent_class)->next_poll_delay (provider, attempt, elapsed);
}

static gboolean
base_url_is_loopback (const char *base_url)
{
  g_autoptr(GUri) uri = base_url ? g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL) : NULL;

  return uri != NULL && host_is_loopback (g_uri_get_host (uri));
}

static gboolean
kinema_http_provider_recovery_lookup (KinemaProvider  *provider,
                                      KinemaRequest   *request,
                                      const char      *job_id,
                                      char           **task_id,
                                      char           **poll_hint)
{
  KinemaHttpProvider *self = KINEMA_HTTP_PROVIDER (provider);

  if (self->dialect->recovery_lookup == NULL)
    return FALSE;
  return self->dialect->recovery_lookup (self->cfg, request, job_id, task_id, poll_hint);
}

/* GObject */

static void
kinema_http_provider_finalize (GObject *object)
{
  KinemaHttpProvider *self = (KinemaHttpProvider *) object;

  g_clear_pointer (&self->cfg, kinema_provider_config_free);
  if (self->api_key != NULL)
    {
      /* Do not leave the key lying around in freed memory. */
      memset (self->api_key, 0, strlen (self->api_key));
      g_clear_pointer (&self->api_key, g_free);
    }
  g_clear_object (&self->session);

  G_OBJECT_CLASS (kinema_http_provider_parent_class)->finalize (object);
}

static void
kinema_http_provider_class_init (KinemaHttpProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  KinemaProviderClass *provider_class = KINEMA_PROVIDER_CLASS (klass);

  object_class->finalize = kinema_http_provider_finalize;

  provider_class->submit_async = kinema_http_provider_submit_async;
  provider_class->submit_finish = kinema_http_provider_submit_finish;
  provider_class->poll_async = kinema_http_provider_poll_async;
  provider_class->poll_finish = kinema_http_provider_poll_finish;
  provider_class->next_poll_delay = kinema_http_provider_next_poll_delay;
  provider_class->recovery_lookup = kinema_http_provider_recovery_lookup;
}

static void
kinema_http_provider_init (KinemaHttpProvider *self)
{
}

KinemaProvider *
kinema_http_provider_new (const KinemaProviderConfig  *cfg,
                          const char                  *api_key,
                          GError                     **error)
{
  g_autoptr(KinemaHttpProvider) self = NULL;
  g_autofree char *ua = NULL;
  const KinemaDialect *dialect;
  KinemaCapabilities caps;

  g_return_val_if_fail (cfg != NULL, NULL);

  dialect = kinema_dialect_lookup (cfg->dialect);
  if (dialect == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER,
                   _("Unknown provider dialect “%s”."), cfg->dialect ? cfg->dialect : "");
      return NULL;
    }
  if (!kinema_http_provider_check_base_url (cfg->base_url, error))
    return NULL;

  self = g_object_new (KINEMA_TYPE_HTTP_PROVIDER,
                       "id", cfg->id,
                       "name", cfg->name,
                       "dialect", dialect->name,
                       "simulation", FALSE,
                       NULL);
  self->cfg = kinema_provider_config_copy (cfg);
  self->dialect = dialect;
  kinema_http_provider_set_api_key (self, api_key);
  kinema_provider_set_needs_network (KINEMA_PROVIDER (self), !base_url_is_loopback (cfg->base_url));

  ua = user_agent ();
  self->session = soup_session_new_with_options ("timeout", DEFAULT_TIMEOUT_SECONDS,
                                                 "user-agent", ua,
                                                 NULL);

  dialect->init_capabilities (self->cfg, &caps);
  kinema_provider_set_capabilities (KINEMA_PROVIDER (self), &caps);

  return KINEMA_PROVIDER (g_steal_pointer (&self));
}

void
kinema_http_provider_set_api_key (KinemaHttpProvider *self,
                                  const char         *api_key)
{
  g_autofree char *problem = NULL;

  g_return_if_fail (KINEMA_IS_HTTP_PROVIDER (self));

  /* Submits copy the key when they start, so replacing it here does not
   * disturb a request in flight. */
  if (self->api_key != NULL)
    {
      memset (self->api_key, 0, strlen (self->api_key));
      g_clear_pointer (&self->api_key, g_free);
    }
  if (api_key != NULL && *api_key != '\0')
    self->api_key = g_strdup (api_key);
  else
    /* Translators: %s is a provider name */
    problem = g_strdup_printf (_("There is no API key for %s. Add it in Preferences → Providers, "
                                 "or with “kinema-cli providers set-key %s”."),
                               kinema_provider_get_name (KINEMA_PROVIDER (self)),
                               kinema_provider_get_id (KINEMA_PROVIDER (self)));
  kinema_provider_set_setup_problem (KINEMA_PROVIDER (self), problem);
}

gboolean
kinema_http_provider_has_api_key (KinemaHttpProvider *self)
{
  g_return_val_if_fail (KINEMA_IS_HTTP_PROVIDER (self), FALSE);
  return self->api_key != NULL;
}

const KinemaProviderConfig *
kinema_http_provider_get_config (KinemaHttpProvider *self)
{
  g_return_val_if_fail (KINEMA_IS_HTTP_PROVIDER (self), NULL);
  return self->cfg;
}

const KinemaDialect *
kinema_http_provider_get_dialect_impl (KinemaHttpProvider *self)
{
  g_return_val_if_fail (KINEMA_IS_HTTP_PROVIDER (self), NULL);
  return self->dialect;
}

SoupSession *
kinema_http_provider_get_session (KinemaHttpProvider *self)
{
  g_return_val_if_fail (KINEMA_IS_HTTP_PROVIDER (self), NULL);
  return self->session;
}

void
kinema_http_provider_set_timeout (KinemaHttpProvider *self,
                                  guint               seconds)
{
  g_return_if_fail (KINEMA_IS_HTTP_PROVIDER (self));
  soup_session_set_timeout (self->session, seconds);
}

KinemaHttpCall *
kinema_http_provider_build_submit_call (const KinemaProviderConfig  *cfg,
                                        KinemaRequest               *request,
                                        const char                  *api_key,
                                        const char                  *job_id,
                                        GError                     **error)
{
  const KinemaDialect *dialect;
  PrepareData *prep;
  g_autoptr(GHashTable) images = NULL;
  KinemaHttpCall *call;
  const char *key = api_key ? api_key : KINEMA_API_KEY_PLACEHOLDER;

  g_return_val_if_fail (cfg != NULL, NULL);
  g_return_val_if_fail (KINEMA_IS_REQUEST (request), NULL);

  dialect = kinema_dialect_lookup (cfg->dialect);
  if (dialect == NULL)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_INVALID_PARAMETER,
                   _("Unknown provider dialect “%s”."), cfg->dialect ? cfg->dialect : "");
      return NULL;
    }

  prep = prepare_data_new (cfg, dialect, request, key);
  prep->dry_run = TRUE;
  images = prepare_wire_images (prep, NULL, NULL, error);
  if (images == NULL)
    {
      prepare_data_free (prep);
      return NULL;
    }
  call = dialect->build_submit (cfg, key, prep->request, images, job_id, error);
  prepare_data_free (prep);
  return call;
}
