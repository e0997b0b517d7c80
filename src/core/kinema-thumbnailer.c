/* kinema-thumbnailer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Thumbnails for the gallery.
 *
 * A request is an Entry (one file at one width) with one or more Waiters
 * (the GTasks that asked for it). Entries wait in a FIFO queue; the
 * GThreadPool gets one "tick" per new entry and each tick takes the
 * oldest waiting entry, so dropping an entry from the queue (cancelled or
 * evicted) never has to touch the pool. A full queue drops its oldest
 * entry: the gallery only asks for visible cards, and after a scroll the
 * old ones no longer matter.
 *
 * All file access happens in the workers, including the cache lookup:
 * the caller is the GTK main loop. Results go back through an idle source
 * on each task's own context, which is also where the task's cancellable
 * handler is disconnected (never from inside the handler).
 *
 * Locking: self->lock guards the queue, the entry table, every Entry's
 * waiters and every Waiter's entry/claimed/cancelled_id. Whoever sets
 * claimed (the worker, the evictor or the cancel handler) delivers that
 * waiter's result, exactly once.
 */
#define G_LOG_DOMAIN "kinema-thumbnailer"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gst/gst.h>

#include "kinema-error.h"
#include "kinema-frame-extract-private.h"
#include "kinema-paths.h"
#include "kinema-thumbnailer.h"

#define THUMBNAIL_POSITION   0.10
#define THUMBNAIL_TIMEOUT    (10 * G_USEC_PER_SEC)
#define DEFAULT_MAX_WORKERS  2
#define MAX_MAX_WORKERS      16

struct _KinemaThumbnailer
{
  GObject      parent_instance;

  char        *cache_dir;
  guint        max_workers;
  GThreadPool *pool;

  GMutex       lock;
  GQueue       pending;       /* Entry *, oldest at the head */
  GHashTable  *entries;       /* request key → Entry *, waiting or running */
  guint        max_pending;

  int          n_decodes;     /* atomic */
};

G_DEFINE_FINAL_TYPE (KinemaThumbnailer, kinema_thumbnailer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CACHE_DIR,
  PROP_MAX_WORKERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  char         *key;          /* path + width: requests that share a decode */
  char         *video_path;   /* canonical */
  int           width;
  guint         decode_threads; /* set when a worker takes it */
  GList        *link;         /* in self->pending while waiting, else NULL */
  GPtrArray    *waiters;      /* Waiter *, each one holding a reference */
  GCancellable *cancellable;  /* cancelled when nobody waits any more */
} Entry;

typedef struct
{
  gatomicrefcount     ref_count;
  KinemaThumbnailer  *self;          /* kept alive by the task */
  GTask              *task;
  GCancellable       *cancellable;
  gulong              cancelled_id;
  Entry              *entry;
  gboolean            claimed;
} Waiter;

typedef struct
{
  Waiter *waiter;
  char   *path;
  GError *error;
} Completion;

/* Entries and waiters */

static Entry *
entry_new (const char *key,
           const char *video_path,
           int         width)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->key = g_strdup (key);
  entry->video_path = g_strdup (video_path);
  entry->width = width;
  entry->waiters = g_ptr_array_new ();
  entry->cancellable = g_cancellable_new ();

  return entry;
}

static void
entry_free (Entry *entry)
{
  g_assert (entry->link == NULL);
  g_assert (entry->waiters == NULL || entry->waiters->len == 0);

  g_clear_pointer (&entry->waiters, g_ptr_array_unref);
  g_clear_object (&entry->cancellable);
  g_free (entry->key);
  g_free (entry->video_path);
  g_free (entry);
}

static Waiter *
waiter_new (KinemaThumbnailer *self,
            GTask             *task,
            GCancellable      *cancellable)
{
  Waiter *waiter = g_new0 (Waiter, 1);

  g_atomic_ref_count_init (&waiter->ref_count);
  waiter->self = self;
  waiter->task = g_object_ref (task);
  waiter->cancellable = cancellable ? g_object_ref (cancellable) : NULL;

  return waiter;
}

static Waiter *
waiter_ref (Waiter *waiter)
{
  g_atomic_ref_count_inc (&waiter->ref_count);
  return waiter;
}

static void
waiter_unref (Waiter *waiter)
{
  if (!g_atomic_ref_count_dec (&waiter->ref_count))
    return;

  g_clear_object (&waiter->cancellable);
  g_clear_object (&waiter->task);
  g_free (waiter);
}

/* Called with the lock held: the table keeps only live entries, so a
 * later request for the same key starts a new one. */
static void
detach_entry (KinemaThumbnailer *self,
              Entry             *entry)
{
  if (g_hash_table_lookup (self->entries, entry->key) == entry)
    g_hash_table_remove (self->entries, entry->key);
}

/* Delivery */

static void
completion_free (gpointer data)
{
  Completion *completion = data;

  waiter_unref (completion->waiter);
  g_free (completion->path);
  g_clear_error (&completion->error);
  g_free (completion);
}

static gboolean
completion_cb (gpointer data)
{
  Completion *completion = data;
  Waiter *waiter = completion->waiter;
  KinemaThumbnailer *self = waiter->self;
  gulong cancelled_id;

  g_mutex_lock (&self->lock);
  cancelled_id = waiter->cancelled_id;
  waiter->cancelled_id = 0;
  g_mutex_unlock (&self->lock);

  /* Outside the handler, on the task's context: safe to disconnect. */
  if (cancelled_id != 0)
    g_cancellable_disconnect (waiter->cancellable, cancelled_id);

  if (completion->error != NULL)
    g_task_return_error (waiter->task, g_steal_pointer (&completion->error));
  else
    g_task_return_pointer (waiter->task, g_steal_pointer (&completion->path), g_free);

  return G_SOURCE_REMOVE;
}

/* Takes over a reference on @waiter, which must be claimed. The result
 * always arrives from an idle on the task's context, never from inside
 * request_async() or g_cancellable_cancel(). */
static void
complete_waiter (Waiter       *waiter,
                 const char   *path,
                 const GError *error)
{
  Completion *completion = g_new0 (Completion, 1);
  GMainContext *context = g_task_get_context (waiter->task);
  GSource *source;

  completion->waiter = waiter;
  completion->path = g_strdup (path);
  completion->error = error ? g_error_copy (error) : NULL;

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, completion_cb, completion, completion_free);
  g_source_set_static_name (source, "[kinema] thumbnail result");
  g_source_attach (source, context);
  g_source_unref (source);
}

static void
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  Waiter *waiter = user_data;
  KinemaThumbnailer *self = waiter->self;
  g_autoptr(GCancellable) stop = NULL;
  g_autoptr(GError) error = NULL;
  Entry *drop = NULL;
  Entry *entry;

  g_mutex_lock (&self->lock);

  if (waiter->claimed)
    {
      g_mutex_unlock (&self->lock);
      return;
    }

  waiter->claimed = TRUE;
  entry = g_steal_pointer (&waiter->entry);

  if (entry != NULL)
    {
      /* The entry's reference on the waiter passes to the completion. */
      g_ptr_array_remove_fast (entry->waiters, waiter);

      if (entry->waiters->len == 0)
        {
          detach_entry (self, entry);

          if (entry->link != NULL)
            {
              /* Still waiting: forget it without decoding. */
              g_queue_delete_link (&self->pending, entry->link);
              entry->link = NULL;
              drop = entry;
            }
          else
            {
              /* Being decoded: ask the worker to stop. */
              stop = g_object_ref (entry->cancellable);
            }
        }
    }
  else
    {
      /* Cancelled before it was queued (another thread cancelled while
       * request_async() ran); request_async() will not queue it. */
      waiter_ref (waiter);
    }

  g_mutex_unlock (&self->lock);

  if (stop != NULL)
    g_cancellable_cancel (stop);
  if (drop != NULL)
    entry_free (drop);

  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               _("The thumbnail request was cancelled"));
  complete_waiter (waiter, NULL, error);
}

/* Worker */

static char *
make_thumbnail (KinemaThumbnailer  *self,
                Entry              *entry,
                GError            **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (entry->video_path);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstSample) sample = NULL;
  g_autofree char *name = g_filename_display_basename (entry->video_path);
  g_autofree char *cache_key = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *cache_path = NULL;
  guint64 mtime;
  guint32 mtime_usec;
  goffset size;
  gint64 start;

  if (g_cancellable_set_error_if_cancelled (entry->cancellable, error))
    return NULL;

  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                            G_FILE_QUERY_INFO_NONE,
                            entry->cancellable,
                            &local_error);
  if (info == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                     _("The video “%s” does not exist"), name);
      else
        g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_STORAGE,
                     _("Cannot read the video “%s”: %s"), name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("“%s” is not a video file"), name);
      return NULL;
    }

  size = g_file_info_get_size (info);
  mtime = g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  mtime_usec = g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);

  if (size == 0)
    {
      g_set_error (error, KINEMA_ERROR, KINEMA_ERROR_VERIFICATION,
                   _("The video “%s” is empty"), name);
      return NULL;
    }

  cache_key = g_strdup_printf ("%s\n%" G_GUINT64_FORMAT ".%06u\n%" G_GOFFSET_FORMAT "\n%d",
                               entry->video_path, mtime, (guint) mtime_usec, size, entry->width);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA1, cache_key, -1);
  file_name = g_strconcat (hash, ".png", NULL);
  cache_path = g_build_filename (self->cache_dir, file_name, NULL);

  if (g_file_test (cache_path, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&cache_path);

  if (!kinema_paths_ensure_dir (self->cache_dir, error))
    return NULL;

  g_atomic_int_inc (&self->n_decodes);
  start = g_get_monotonic_time ();

  sample = _kinema_frame_grab (entry->video_path, THUMBNAIL_POSITION, entry->width,
                               THUMBNAIL_TIMEOUT, entry->decode_threads, entry->cancellable, error);
  if (sample == NULL)
    return NULL;

  /* Atomic (tmp + rename); no fsync for a new file: it is only a cache. */
  if (!_kinema_frame_save_png (sample, cache_path,
                               G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                               0644, NULL, NULL, error))
    return NULL;

  g_debug ("%s at width %d: %.0f ms", entry->video_path, entry->width,
           (g_get_monotonic_time () - start) / 1000.0);

  return g_steal_pointer (&cache_path);
}

static void
worker_func (gpointer data,
             gpointer user_data)
{
  KinemaThumbnailer *self = user_data;
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Entry *entry;

  g_mutex_lock (&self->lock);
  entry = g_queue_pop_head (&self->pending);
  if (entry != NULL)
    {
      entry->link = NULL;
      /* Others waiting or running: the workers already spread the files
       * over the CPUs, and each libav decoder's own frame threads only get
       * in their way (100 files, 2 workers: 10.3 s -> 8.8 s with one
       * thread each). Alone, the decoder may use them all. */
      entry->decode_threads = g_hash_table_size (self->entries) > 1 ? 1 : 0;
    }
  g_mutex_unlock (&self->lock);

  /* A surplus tick: its entry was cancelled or evicted. */
  if (entry == NULL)
    return;

  path = make_thumbnail (self, entry, &error);

  g_mutex_lock (&self->lock);
  detach_entry (self, entry);
  waiters = g_steal_pointer (&entry->waiters);
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);

      waiter->claimed = TRUE;
      waiter->entry = NULL;
    }
  g_mutex_unlock (&self->lock);

  if (error != NULL && waiters->len > 0)
    g_debug ("%s: %s", entry->video_path, error->message);

  /* Each waiter's reference passes to its completion. Nothing below may
   * touch self: the last result can release it. */
  for (guint i = 0; i < waiters->len; i++)
    complete_waiter (g_ptr_array_index (waiters, i), path, error);

  entry_free (entry);
}

/* GObject */

static void
kinema_thumbnailer_constructed (GObject *object)
{
  KinemaThumbnailer *self = (KinemaThumbnailer *) object;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (kinema_thumbnailer_parent_class)->constructed (object);

  if (self->cache_dir == NULL)
    self->cache_dir = kinema_paths_thumbnails_dir ();
  if (self->max_workers == 0)
    self->max_workers = DEFAULT_MAX_WORKERS;

  self->pool = g_thread_pool_new (worker_func, self, (int) self->max_workers, FALSE, &error);
  if (self->pool == NULL)
    g_critical ("Cannot start the thumbnail workers: %s", error->message);
}

static void
kinema_thumbnailer_finalize (GObject *object)
{
  KinemaThumbnailer *self = (KinemaThumbnailer *) object;

  /* Every request holds a reference (through its task), so nothing is
   * queued any more; this only waits for surplus ticks and for a decode
   * whose last requester went away. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);

  g_assert (g_queue_is_empty (&self->pending));

  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->cache_dir, g_free);

  G_OBJECT_CLASS (kinema_thumbnailer_parent_class)->finalize (object);
}

static void
kinema_thumbnailer_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  KinemaThumbnailer *self = KINEMA_THUMBNAILER (object);

  switch (prop_id)
    {
    case PROP_CACHE_DIR:
      g_value_set_string (value, self->cache_dir);
      break;

    case PROP_MAX_WORKERS:
      g_value_set_uint (value, self->max_workers);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_thumbnailer_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  KinemaThumbnailer *self = KINEMA_THUMBNAILER (object);

  switch (prop_id)
    {
    case PROP_CACHE_DIR:
      g_free (self->cache_dir);
      self->cache_dir = g_value_dup_string (value);
      break;

    case PROP_MAX_WORKERS:
      self->max_workers = g_value_get_uint (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_thumbnailer_class_init (KinemaThumbnailerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kinema_thumbnailer_constructed;
  object_class->finalize = kinema_thumbnailer_finalize;
  object_class->get_property = kinema_thumbnailer_get_property;
  object_class->set_property = kinema_thumbnailer_set_property;

  properties[PROP_CACHE_DIR] =
    g_param_spec_string ("cache-dir", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_WORKERS] =
    g_param_spec_uint ("max-workers", NULL, NULL,
                       0, MAX_MAX_WORKERS, 0,
                       (G_PARAM_READWRITE |
                        G_PARAM_CONSTRUCT_ONLY |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kinema_thumbnailer_init (KinemaThumbnailer *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->pending);
  self->entries = g_hash_table_new (g_str_hash, g_str_equal);
  self->max_pending = KINEMA_THUMBNAILER_DEFAULT_MAX_PENDING;
}

/* Public API */

KinemaThumbnailer *
kinema_thumbnailer_new (const char *cache_dir,
                        guint       max_workers)
{
  return g_object_new (KINEMA_TYPE_THUMBNAILER,
                       "cache-dir", cache_dir,
                       "max-workers", MIN (max_workers, MAX_MAX_WORKERS),
                       NULL);
}

const char *
kinema_thumbnailer_get_cache_dir (KinemaThumbnailer *self)
{
  g_return_val_if_fail (KINEMA_IS_THUMBNAILER (self), NULL);

  return self->cache_dir;
}

void
kinema_thumbnailer_set_max_pending (KinemaThumbnailer *self,
                                    guint              max_pending)
{
  g_return_if_fail (KINEMA_IS_THUMBNAILER (self));

  g_mutex_lock (&self->lock);
  self->max_pending = MAX (max_pending, 1);
  g_mutex_unlock (&self->lock);
}

guint
kinema_thumbnailer_get_max_pending (KinemaThumbnailer *self)
{
  guint max_pending;

  g_return_val_if_fail (KINEMA_IS_THUMBNAILER (self), 0);

  g_mutex_lock (&self->lock);
  max_pending = self->max_pending;
  g_mutex_unlock (&self->lock);

  return max_pending;
}

guint
kinema_thumbnailer_get_n_decodes (KinemaThumbnailer *self)
{
  g_return_val_if_fail (KINEMA_IS_THUMBNAILER (self), 0);

  return (guint) g_atomic_int_get (&self->n_decodes);
}

void
kinema_thumbnailer_request_async (KinemaThumbnailer   *self,
                                  const char          *video_path,
                                  int                  width,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GError) dropped_error = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *key = NULL;
  GSList *dropped_entries = NULL;
  gboolean new_entry = FALSE;
  gulong cancelled_id = 0;
  Waiter *waiter;
  Entry *entry;

  g_return_if_fail (KINEMA_IS_THUMBNAILER (self));
  g_return_if_fail (video_path != NULL);
  g_return_if_fail (width > 0);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kinema_thumbnailer_request_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (self->pool == NULL)
    {
      g_task_return_new_error (task, KINEMA_ERROR, KINEMA_ERROR_FAILED,
                               _("Thumbnails are unavailable: no worker thread could be started"));
      return;
    }

  /* No file access here: path canonicalisation is string work only. */
  canonical = g_canonicalize_filename (video_path, NULL);
  key = g_strdup_printf ("%s\n%d", canonical, width);

  waiter = waiter_new (self, task, cancellable);

  if (cancellable != NULL)
    cancelled_id = g_cancellable_connect (cancellable,
                                          G_CALLBACK (waiter_cancelled_cb),
                                          waiter_ref (waiter),
                                          (GDestroyNotify) waiter_unref);

  g_mutex_lock (&self->lock);

  if (waiter->claimed)
    {
      /* Cancelled meanwhile; the handler delivered the error. */
      g_mutex_unlock (&self->lock);
      if (cancelled_id != 0)
        g_cancellable_disconnect (cancellable, cancelled_id);
      waiter_unref (waiter);
      return;
    }

  waiter->cancelled_id = cancelled_id;

  entry = g_hash_table_lookup (self->entries, key);
  if (entry == NULL)
    {
      entry = entry_new (key, canonical, width);
      g_hash_table_insert (self->entries, entry->key, entry);
      g_queue_push_tail (&self->pending, entry);
      entry->link = g_queue_peek_tail_link (&self->pending);
      new_entry = TRUE;
    }
  else if (entry->link != NULL)
    {
      /* Asked again: it is still wanted, so it is the newest now. */
      g_queue_unlink (&self->pending, entry->link);
      g_queue_push_tail_link (&self->pending, entry->link);
    }

  waiter->entry = entry;
  g_ptr_array_add (entry->waiters, waiter_ref (waiter));

  while (self->pending.length > self->max_pending)
    {
      Entry *oldest = g_queue_pop_head (&self->pending);

      oldest->link = NULL;
      detach_entry (self, oldest);

      if (dropped == NULL)
        dropped = g_ptr_array_new ();

      for (guint i = 0; i < oldest->waiters->len; i++)
        {
          Waiter *w = g_ptr_array_index (oldest->waiters, i);

          w->claimed = TRUE;
          w->entry = NULL;
          g_ptr_array_add (dropped, w);
        }
      g_ptr_array_set_size (oldest->waiters, 0);
      dropped_entries = g_slist_prepend (dropped_entries, oldest);
    }

  g_mutex_unlock (&self->lock);

  if (new_entry)
    g_thread_pool_push (self->pool, self, NULL);

  if (dropped != NULL)
    {
      dropped_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                           _("The thumbnail was skipped: too many thumbnails were waiting"));
      for (guint i = 0; i < dropped->len; i++)
        complete_waiter (g_ptr_array_index (dropped, i), NULL, dropped_error);
    }
  g_slist_free_full (dropped_entries, (GDestroyNotify) entry_free);

  waiter_unref (waiter);
}

char *
kinema_thumbnailer_request_finish (KinemaThumbnailer  *self,
                                   GAsyncResult       *result,
                                   GError            **error)
{
  g_return_val_if_fail (KINEMA_IS_THUMBNAILER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kinema_thumbnailer_request_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
