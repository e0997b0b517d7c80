/* kinema-job-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kinema-job-list"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kinema-error.h"
#include "kinema-job-list.h"

/* Pages of rows kept in memory; older ones are dropped first. The grid
 * holds its own references to the jobs it shows. */
#define MAX_CACHED_PAGES 24

struct _KinemaJobList
{
  GObject              parent_instance;

  KinemaLibrary       *library;
  KinemaEngine        *engine;

  /* The filter and the sort */
  char                *query;
  char                *provider_id;
  KinemaJobStateGroup  state_group;
  gboolean             favourites_only;
  KinemaDateRange      date_range;
  KinemaJobSort        sort;

  GPtrArray           *ids;            /* char*, in list order, hidden ones left out */
  GHashTable          *hidden;         /* id set */

  /* Rows read from the library: id -> KinemaJob (ref). Each loaded page
   * is a GPtrArray of its ids in @pages, oldest first. */
  GHashTable          *cache;
  GQueue               pages;

  /* The engine's jobs by id (borrowed: the engine's model owns them). */
  GHashTable          *engine_index;
  gboolean             engine_index_dirty;

  /* Unfinished jobs handed out: KinemaJob (ref) -> handler id. */
  GHashTable          *watched;
  guint                refresh_idle_id;

  guint                n_rows_loaded;
  guint                n_queries;
};

static void kinema_job_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (KinemaJobList, kinema_job_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, kinema_job_list_model_init))

enum {
  PROP_0,
  PROP_LIBRARY,
  PROP_ENGINE,
  PROP_QUERY,
  PROP_PROVIDER_ID,
  PROP_STATE_GROUP,
  PROP_FAVOURITES_ONLY,
  PROP_DATE_RANGE,
  PROP_SORT,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Auxiliary methods */

static void
rebuild_engine_index (KinemaJobList *self)
{
  GListModel *jobs;
  guint n;

  if (!self->engine_index_dirty)
    return;
  self->engine_index_dirty = FALSE;
  g_hash_table_remove_all (self->engine_index);
  if (self->engine == NULL)
    return;

  jobs = kinema_engine_get_jobs (self->engine);
  n = g_list_model_get_n_items (jobs);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KinemaJob) job = g_list_model_get_item (jobs, i);

      /* The engine's model keeps the job, and so its id, alive. */
      g_hash_table_insert (self->engine_index, (gpointer) kinema_job_get_id (job), job);
    }
}

static KinemaJob *
lookup_engine_job (KinemaJobList *self,
                   const char    *job_id)
{
  if (self->engine == NULL)
    return NULL;
  rebuild_engine_index (self);
  return g_hash_table_lookup (self->engine_index, job_id);
}

static void
schedule_refresh (KinemaJobList *self);

static void
unwatch_job (KinemaJobList *self,
             KinemaJob     *job)
{
  gpointer handler;

  if (!g_hash_table_lookup_extended (self->watched, job, NULL, &handler))
    return;
  g_signal_handler_disconnect (job, GPOINTER_TO_SIZE (handler));
  g_hash_table_remove (self->watched, job);
  g_object_unref (job);
}

static gboolean
unwatch_each (gpointer key,
              gpointer value,
              gpointer user_data)
{
  g_signal_handler_disconnect (key, GPOINTER_TO_SIZE (value));
  g_object_unref (key);
  return TRUE;
}

static void
job_state_changed_cb (KinemaJob     *job,
                      GParamSpec    *pspec,
                      KinemaJobList *self)
{
  if (!kinema_job_state_is_final (kinema_job_get_state (job)))
    return;

  /* Finished, failed or cancelled: it may leave the filter or move in the
   * sort. */
  unwatch_job (self, job);
  schedule_refresh (self);
}

static void
watch_job (KinemaJobList *self,
           KinemaJob     *job)
{
  gulong handler;

  if (kinema_job_state_is_final (kinema_job_get_state (job)) ||
      g_hash_table_contains (self->watched, job))
    return;

  handler = g_signal_connect (job, "notify::state", G_CALLBACK (job_state_changed_cb), self);
  g_hash_table_insert (self->watched, g_object_ref (job), GSIZE_TO_POINTER (handler));
}

static KinemaJob *
make_unreadable_job (const char *job_id)
{
  g_autoptr(KinemaRequest) request = kinema_request_new ();
  KinemaJob *job = kinema_job_new_full (job_id, "", request, KINEMA_JOB_UNKNOWN, 0, 0);

  kinema_job_set_error (job, KINEMA_ERROR_STORAGE,
                        _("This job could not be read from the library."));
  return job;
}

static void
cache_add (KinemaJobList *self,
           KinemaJob     *job)
{
  g_hash_table_replace (self->cache, (gpointer) kinema_job_get_id (job), g_object_ref (job));
}

static void
evict_oldest_page (KinemaJobList *self)
{
  g_autoptr(GPtrArray) page = g_queue_pop_head (&self->pages);

  for (guint i = 0; page != NULL && i < page->len; i++)
    g_hash_table_remove (self->cache, g_ptr_array_index (page, i));
}

/* Reads the rows of @ids[@start .. @start + @n) that are neither cached
 * nor the engine's, in one query, and caches them as one page. */
static void
load_rows (KinemaJobList      *self,
           const char * const *ids,
           guint               n)
{
  g_autoptr(GPtrArray) wanted = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    if (!g_hash_table_contains (self->cache, ids[i]) && lookup_engine_job (self, ids[i]) == NULL)
      g_ptr_array_add (wanted, g_strdup (ids[i]));
  if (wanted->len == 0)
    return;

  while (self->pages.length >= MAX_CACHED_PAGES)
    evict_oldest_page (self);

  jobs = kinema_library_get_jobs_by_ids (self->library, (const char * const *) wanted->pdata,
                                         wanted->len, &error);
  if (jobs == NULL)
    {
      g_warning ("Could not read jobs from the library: %s", error->message);
      jobs = g_ptr_array_new_with_free_func (g_object_unref);
    }
  self->n_rows_loaded += jobs->len;

  for (guint i = 0; i < jobs->len; i++)
    cache_add (self, g_ptr_array_index (jobs, i));

  /* Deleted in the meantime, or damaged: a placeholder keeps positions
   * stable until the next query drops it. */
  for (guint i = 0; i < wanted->len; i++)
    if (!g_hash_table_contains (self->cache, g_ptr_array_index (wanted, i)))
      {
        g_autoptr(KinemaJob) stub = make_unreadable_job (g_ptr_array_index (wanted, i));

        cache_add (self, stub);
      }

  g_queue_push_tail (&self->pages, g_steal_pointer (&wanted));
}

static KinemaJobFilter
current_filter (KinemaJobList *self)
{
  KinemaJobFilter filter = {
    .query = self->query,
    .provider_id = self->provider_id,
    .state_group = self->state_group,
    .favourites_only = self->favourites_only,
    .date_range = self->date_range,
    .now = 0,
  };

  return filter;
}

/* Replaces the ids, announcing the one changed stretch between the
 * common beginning and the common end. */
static void
set_ids (KinemaJobList *self,
         GPtrArray     *new_ids)
{
  g_autoptr(GPtrArray) old_ids = self->ids;
  guint old_len = old_ids->len;
  guint new_len = new_ids->len;
  guint prefix = 0;
  guint suffix = 0;

  while (prefix < old_len && prefix < new_len &&
         g_str_equal (g_ptr_array_index (old_ids, prefix), g_ptr_array_index (new_ids, prefix)))
    prefix++;
  while (suffix < old_len - prefix && suffix < new_len - prefix &&
         g_str_equal (g_ptr_array_index (old_ids, old_len - 1 - suffix),
                      g_ptr_array_index (new_ids, new_len - 1 - suffix)))
    suffix++;

  self->ids = g_ptr_array_ref (new_ids);

  if (prefix + suffix == old_len && old_len == new_len)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                              old_len - prefix - suffix,
                              new_len - prefix - suffix);
  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
refresh (KinemaJobList *self)
{
  KinemaJobFilter filter = current_filter (self);
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->refresh_idle_id, g_source_remove);

  ids = kinema_library_list_job_ids (self->library, &filter, self->sort, &error);
  self->n_queries++;
  if (ids == NULL)
    {
      g_warning ("Could not list the library's jobs: %s", error->message);
      return;
    }

  if (g_hash_table_size (self->hidden) > 0)
    {
      guint kept = 0;

      for (guint i = 0; i < ids->len; i++)
        {
          char *id = g_ptr_array_index (ids, i);

          if (g_hash_table_contains (self->hidden, id))
            g_free (id);
          else
            ids->pdata[kept++] = id;
        }
      /* The ones left out are freed already. */
      ids->len = kept;
    }

  set_ids (self, ids);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  KinemaJobList *self = user_data;

  self->refresh_idle_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_refresh (KinemaJobList *self)
{
  if (self->refresh_idle_id == 0)
    self->refresh_idle_id = g_idle_add (refresh_idle_cb, self);
}

/* Callbacks */

static void
engine_jobs_changed_cb (KinemaJobList *self,
                        guint          position,
                        guint          removed,
                        guint          added,
                        GListModel    *jobs)
{
  self->engine_index_dirty = TRUE;
  /* A new job is in the library already: show it now. */
  refresh (self);
}

static void
engine_job_ended_cb (KinemaJobList *self,
                     KinemaJob     *job)
{
  schedule_refresh (self);
}

/* GListModel */

static GType
kinema_job_list_get_item_type (GListModel *model)
{
  return KINEMA_TYPE_JOB;
}

static guint
kinema_job_list_get_n_items (GListModel *model)
{
  KinemaJobList *self = KINEMA_JOB_LIST (model);

  return self->ids->len;
}

static gpointer
kinema_job_list_get_item (GListModel *model,
                          guint       position)
{
  KinemaJobList *self = KINEMA_JOB_LIST (model);
  const char *id;
  KinemaJob *job;

  if (position >= self->ids->len)
    return NULL;

  id = g_ptr_array_index (self->ids, position);

  job = lookup_engine_job (self, id);
  if (job != NULL)
    {
      watch_job (self, job);
      return g_object_ref (job);
    }

  job = g_hash_table_lookup (self->cache, id);
  if (job == NULL)
    {
      guint start = position - position % KINEMA_JOB_LIST_PAGE_SIZE;
      guint n = MIN (KINEMA_JOB_LIST_PAGE_SIZE, self->ids->len - start);

      load_rows (self, (const char * const *) self->ids->pdata + start, n);
      job = g_hash_table_lookup (self->cache, id);
    }
  if (job == NULL)
    {
      /* Only if reading failed altogether. */
      g_autoptr(KinemaJob) stub = make_unreadable_job (id);

      cache_add (self, stub);
      job = stub;
    }

  watch_job (self, job);
  return g_object_ref (job);
}

static void
kinema_job_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = kinema_job_list_get_item_type;
  iface->get_n_items = kinema_job_list_get_n_items;
  iface->get_item = kinema_job_list_get_item;
}

/* GObject */

static void
kinema_job_list_constructed (GObject *object)
{
  KinemaJobList *self = (KinemaJobList *) object;

  G_OBJECT_CLASS (kinema_job_list_parent_class)->constructed (object);

  g_return_if_fail (KINEMA_IS_LIBRARY (self->library));

  if (self->engine != NULL)
    {
      g_signal_connect_object (kinema_engine_get_jobs (self->engine), "items-changed",
                               G_CALLBACK (engine_jobs_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->engine, "job-finished",
                               G_CALLBACK (engine_job_ended_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->engine, "job-failed",
                               G_CALLBACK (engine_job_ended_cb), self, G_CONNECT_SWAPPED);
    }

  refresh (self);
}

static void
kinema_job_list_dispose (GObject *object)
{
  KinemaJobList *self = (KinemaJobList *) object;

  g_clear_handle_id (&self->refresh_idle_id, g_source_remove);
  if (self->watched != NULL)
    g_hash_table_foreach_remove (self->watched, unwatch_each, NULL);
  g_queue_clear_full (&self->pages, (GDestroyNotify) g_ptr_array_unref);
  if (self->cache != NULL)
    g_hash_table_remove_all (self->cache);
  if (self->engine_index != NULL)
    g_hash_table_remove_all (self->engine_index);
  g_clear_object (&self->engine);
  g_clear_object (&self->library);

  G_OBJECT_CLASS (kinema_job_list_parent_class)->dispose (object);
}

static void
kinema_job_list_finalize (GObject *object)
{
  KinemaJobList *self = (KinemaJobList *) object;

  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->engine_index, g_hash_table_unref);
  g_clear_pointer (&self->hidden, g_hash_table_unref);
  g_clear_pointer (&self->ids, g_ptr_array_unref);
  g_clear_pointer (&self->query, g_free);
  g_clear_pointer (&self->provider_id, g_free);

  G_OBJECT_CLASS (kinema_job_list_parent_class)->finalize (object);
}

static void
kinema_job_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  KinemaJobList *self = KINEMA_JOB_LIST (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      g_value_set_object (value, self->library);
      break;
    case PROP_ENGINE:
      g_value_set_object (value, self->engine);
      break;
    case PROP_QUERY:
      g_value_set_string (value, self->query);
      break;
    case PROP_PROVIDER_ID:
      g_value_set_string (value, self->provider_id);
      break;
    case PROP_STATE_GROUP:
      g_value_set_uint (value, self->state_group);
      break;
    case PROP_FAVOURITES_ONLY:
      g_value_set_boolean (value, self->favourites_only);
      break;
    case PROP_DATE_RANGE:
      g_value_set_uint (value, self->date_range);
      break;
    case PROP_SORT:
      g_value_set_uint (value, self->sort);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->ids->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_job_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  KinemaJobList *self = KINEMA_JOB_LIST (object);

  switch (prop_id)
    {
    case PROP_LIBRARY:
      self->library = g_value_dup_object (value);
      break;
    case PROP_ENGINE:
      self->engine = g_value_dup_object (value);
      break;
    case PROP_QUERY:
      kinema_job_list_set_query (self, g_value_get_string (value));
      break;
    case PROP_PROVIDER_ID:
      kinema_job_list_set_provider_id (self, g_value_get_string (value));
      break;
    case PROP_STATE_GROUP:
      kinema_job_list_set_state_group (self, g_value_get_uint (value));
      break;
    case PROP_FAVOURITES_ONLY:
      kinema_job_list_set_favourites_only (self, g_value_get_boolean (value));
      break;
    case PROP_DATE_RANGE:
      kinema_job_list_set_date_range (self, g_value_get_uint (value));
      break;
    case PROP_SORT:
      kinema_job_list_set_sort (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kinema_job_list_class_init (KinemaJobListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kinema_job_list_constructed;
  object_class->dispose = kinema_job_list_dispose;
  object_class->finalize = kinema_job_list_finalize;
  object_class->get_property = kinema_job_list_get_property;
  object_class->set_property = kinema_job_list_set_property;

  properties[PROP_LIBRARY] =
    g_param_spec_object ("library", NULL, NULL, KINEMA_TYPE_LIBRARY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_ENGINE] =
    g_param_spec_object ("engine", NULL, NULL, KINEMA_TYPE_ENGINE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));
  properties[PROP_QUERY] =
    g_param_spec_string ("query", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_PROVIDER_ID] =
    g_param_spec_string ("provider-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE_GROUP] =
    g_param_spec_uint ("state-group", NULL, NULL,
                       KINEMA_JOB_GROUP_ANY, KINEMA_JOB_GROUP_UNKNOWN, KINEMA_JOB_GROUP_ANY,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_FAVOURITES_ONLY] =
    g_param_spec_boolean ("favourites-only", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_DATE_RANGE] =
    g_param_spec_uint ("date-range", NULL, NULL,
                       KINEMA_DATE_RANGE_ALL, KINEMA_DATE_RANGE_MONTH, KINEMA_DATE_RANGE_ALL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_SORT] =
    g_param_spec_uint ("sort", NULL, NULL,
                       KINEMA_JOB_SORT_NEWEST, KINEMA_JOB_SORT_SHORTEST, KINEMA_JOB_SORT_NEWEST,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kinema_job_list_init (KinemaJobList *self)
{
  self->ids = g_ptr_array_new_with_free_func (g_free);
  self->hidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  /* Keys are the jobs' own ids. */
  self->cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->engine_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->engine_index_dirty = TRUE;
  /* KinemaJob (ref) -> handler id; see unwatch_job (). */
  self->watched = g_hash_table_new (NULL, NULL);
  g_queue_init (&self->pages);
}

/* Public API */

KinemaJobList *
kinema_job_list_new (KinemaLibrary *library,
                     KinemaEngine  *engine)
{
  g_return_val_if_fail (KINEMA_IS_LIBRARY (library), NULL);
  g_return_val_if_fail (engine == NULL || KINEMA_IS_ENGINE (engine), NULL);

  return g_object_new (KINEMA_TYPE_JOB_LIST,
                       "library", library,
                       "engine", engine,
                       NULL);
}

KinemaLibrary *
kinema_job_list_get_library (KinemaJobList *self)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), NULL);
  return self->library;
}

KinemaEngine *
kinema_job_list_get_engine (KinemaJobList *self)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), NULL);
  return self->engine;
}

static gboolean
set_string (char       **field,
            const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

const char *
kinema_job_list_get_query (KinemaJobList *self)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), NULL);
  return self->query;
}

void
kinema_job_list_set_query (KinemaJobList *self,
                           const char    *query)
{
  g_return_if_fail (KINEMA_IS_JOB_LIST (self));

  if (!set_string (&self->query, query))
    return;
  if (self->library != NULL)
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUERY]);
}

const char *
kinema_job_list_get_provider_id (KinemaJobList *self)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), NULL);
  return self->provider_id;
}

void
kinema_job_list_set_provider_id (KinemaJobList *self,
                                 const char    *provider_id)
{
  g_return_if_fail (KINEMA_IS_JOB_LIST (self));

  if (!set_string (&self->provider_id, provider_id))
    return;
  if (self->library != NULL)
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVIDER_ID]);
}

KinemaJobStateGroup
kinema_job_list_get_state_group (KinemaJobList *self)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), KINEMA_JOB_GROUP_ANY);
  return self->state_group;
}

void
kinema_job_list_set_state_group (KinemaJobList       *self,
                                 KinemaJobStateGroup  group)
{
  g_return_if_fail (KINEMA_IS_JOB_LIST (self));
  g_return_if_fail (group <= KINEMA_JOB_GROUP_UNKNOWN);

  if (self->state_group == group)
    return;
  self->state_group = group;
  if (self->library != NULL)
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_GROUP]);
}

gboolean
kinema_job_list_get_favourites_only (KinemaJobList *self)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), FALSE);
  return self->favourites_only;
}

void
kinema_job_list_set_favourites_only (KinemaJobList *self,
                                     gboolean       favourites_only)
{
  g_return_if_fail (KINEMA_IS_JOB_LIST (self));

  favourites_only = !!favourites_only;
  if (self->favourites_only == favourites_only)
    return;
  self->favourites_only = favourites_only;
  if (self->library != NULL)
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAVOURITES_ONLY]);
}

KinemaDateRange
kinema_job_list_get_date_range (KinemaJobList *self)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), KINEMA_DATE_RANGE_ALL);
  return self->date_range;
}

void
kinema_job_list_set_date_range (KinemaJobList   *self,
                                KinemaDateRange  range)
{
  g_return_if_fail (KINEMA_IS_JOB_LIST (self));
  g_return_if_fail (range <= KINEMA_DATE_RANGE_MONTH);

  if (self->date_range == range)
    return;
  self->date_range = range;
  if (self->library != NULL)
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATE_RANGE]);
}

KinemaJobSort
kinema_job_list_get_sort (KinemaJobList *self)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), KINEMA_JOB_SORT_NEWEST);
  return self->sort;
}

void
kinema_job_list_set_sort (KinemaJobList *self,
                          KinemaJobSort  sort)
{
  g_return_if_fail (KINEMA_IS_JOB_LIST (self));
  g_return_if_fail (sort <= KINEMA_JOB_SORT_SHORTEST);

  if (self->sort == sort)
    return;
  self->sort = sort;
  if (self->library != NULL)
    refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORT]);
}

void
kinema_job_list_refresh (KinemaJobList *self)
{
  g_return_if_fail (KINEMA_IS_JOB_LIST (self));

  refresh (self);
}

guint
kinema_job_list_find (KinemaJobList *self,
                      const char    *job_id)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), G_MAXUINT);

  if (job_id == NULL)
    return G_MAXUINT;
  for (guint i = 0; i < self->ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->ids, i), job_id))
      return i;
  return G_MAXUINT;
}

KinemaJob *
kinema_job_list_lookup (KinemaJobList *self,
                        const char    *job_id)
{
  const char *ids[] = { job_id };
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  KinemaJob *job;

  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), NULL);

  if (job_id == NULL)
    return NULL;

  job = lookup_engine_job (self, job_id);
  if (job == NULL)
    job = g_hash_table_lookup (self->cache, job_id);

  /* Shown: certainly still in the library. */
  if (job != NULL && kinema_job_list_find (self, job_id) != G_MAXUINT)
    return g_object_ref (job);

  /* Hidden, filtered out or deleted since: ask the library. */
  jobs = kinema_library_get_jobs_by_ids (self->library, ids, 1, &error);
  if (jobs == NULL)
    {
      g_warning ("Could not read job %s: %s", job_id, error->message);
      return NULL;
    }
  if (jobs->len == 0)
    {
      g_hash_table_remove (self->cache, job_id);
      return NULL;
    }
  self->n_rows_loaded++;
  if (job != NULL)
    return g_object_ref (job);

  job = g_ptr_array_index (jobs, 0);
  cache_add (self, job);
  /* A page of one, so that it is evicted like the others. */
  g_queue_push_tail (&self->pages, g_ptr_array_new_with_free_func (g_free));
  g_ptr_array_add (g_queue_peek_tail (&self->pages), g_strdup (job_id));
  return g_object_ref (job);
}

void
kinema_job_list_hide (KinemaJobList *self,
                      const char    *job_id)
{
  guint position;

  g_return_if_fail (KINEMA_IS_JOB_LIST (self));
  g_return_if_fail (job_id != NULL);

  if (!g_hash_table_add (self->hidden, g_strdup (job_id)))
    return;

  position = kinema_job_list_find (self, job_id);
  if (position == G_MAXUINT)
    return;
  g_ptr_array_remove_index (self->ids, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
kinema_job_list_unhide (KinemaJobList *self,
                        const char    *job_id)
{
  g_return_if_fail (KINEMA_IS_JOB_LIST (self));
  g_return_if_fail (job_id != NULL);

  if (g_hash_table_remove (self->hidden, job_id))
    refresh (self);
}

gboolean
kinema_job_list_is_hidden (KinemaJobList *self,
                           const char    *job_id)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), FALSE);

  return job_id != NULL && g_hash_table_contains (self->hidden, job_id);
}

guint
kinema_job_list_get_n_rows_loaded (KinemaJobList *self)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), 0);
  return self->n_rows_loaded;
}

guint
kinema_job_list_get_n_queries (KinemaJobList *self)
{
  g_return_val_if_fail (KINEMA_IS_JOB_LIST (self), 0);
  return self->n_queries;
}
