/* kinema-library.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The library database: jobs (the journal of paid work) and clips.
 * SQLite in WAL mode; every write is one short transaction.
 */
#pragma once

#include <glib-object.h>

#include "kinema-dialect.h"
#include "kinema-job.h"

G_BEGIN_DECLS

#define KINEMA_LIBRARY_SCHEMA_VERSION 2

#define KINEMA_TYPE_LIBRARY (kinema_library_get_type ())

G_DECLARE_FINAL_TYPE (KinemaLibrary, kinema_library, KINEMA, LIBRARY, GObject)

/* Opens (creating and migrating as needed) the database at @path. */
KinemaLibrary *kinema_library_new                (const char     *path,
                                                  GError        **error);
const char    *kinema_library_get_path           (KinemaLibrary  *self);
int            kinema_library_get_schema_version (KinemaLibrary  *self);

gboolean       kinema_library_insert_job         (KinemaLibrary  *self,
                                                  KinemaJob      *job,
                                                  GError        **error);
/* Writes every mutable field of @job (state, task id, error, prices, ...). */
gboolean       kinema_library_update_job         (KinemaLibrary  *self,
                                                  KinemaJob      *job,
                                                  GError        **error);
/* Like kinema_library_update_job, but the commit does not wait for the
 * disk (synchronous = NORMAL for that one statement): it survives the
 * application crashing, a power cut may undo it, and the next durable
 * write makes it durable too. Under load (downloads writing) an fsync can
 * hold the main loop for tens of milliseconds, so this is for changes that
 * can be learnt again (a poll's state, a failure that the next resume
 * re-checks), never for what guards paid work: the row before a request
 * is sent and the task id once received use kinema_library_update_job. */
gboolean       kinema_library_update_job_lazily (KinemaLibrary  *self,
                                                  KinemaJob      *job,
                                                  GError        **error);
/* The connection's PRAGMA synchronous (2, FULL, between statements). */
int            kinema_library_get_synchronous    (KinemaLibrary  *self);
/* Stores @clip for its job (sets clip->id) and attaches it. */
gboolean       kinema_library_insert_clip        (KinemaLibrary  *self,
                                                  KinemaJob      *job,
                                                  KinemaClip     *clip,
                                                  GError        **error);
gboolean       kinema_library_delete_job         (KinemaLibrary  *self,
                                                  const char     *job_id,
                                                  GError        **error);

KinemaJob     *kinema_library_get_job            (KinemaLibrary  *self,
                                                  const char     *job_id,
                                                  GError        **error);
/* Newest first. Each job carries its clip when it has one. */
GPtrArray     *kinema_library_list_jobs          (KinemaLibrary  *self,
                                                  GError        **error);
/* Jobs not in a final state (pending .. downloading), oldest first. */
GPtrArray     *kinema_library_list_unfinished_jobs (KinemaLibrary *self,
                                                    GError       **error);

/* Jobs whose prompt matches every word of @query (prefix match),
 * newest first. An empty query lists every job. */
GPtrArray     *kinema_library_search_jobs        (KinemaLibrary  *self,
                                                  const char     *query,
                                                  GError        **error);

/* Provider instances the user added (the built-in presets are not stored).
 * The API key is never stored here; see kinema-secrets.h. */
gboolean       kinema_library_save_provider      (KinemaLibrary              *self,
                                                  const KinemaProviderConfig *config,
                                                  GError                    **error);
gboolean       kinema_library_remove_provider    (KinemaLibrary              *self,
                                                  const char                 *provider_id,
                                                  GError                    **error);
/* KinemaProviderConfig*, in the order they were added. */
GPtrArray     *kinema_library_list_providers     (KinemaLibrary              *self,
                                                  GError                    **error);

/* The element library: reusable characters and props. Image paths point
 * at copies inside kinema_paths_elements_dir() (see kinema-elements.h). */
typedef struct
{
  gint64  id;
  char   *name;
  char   *description;
  GStrv   images;
  gint64  created;
  gint64  updated;
} KinemaElementRecord;

#define KINEMA_TYPE_ELEMENT_RECORD (kinema_element_record_get_type ())
GType                kinema_element_record_get_type (void) G_GNUC_CONST;
KinemaElementRecord *kinema_element_record_copy     (const KinemaElementRecord *record);
void                 kinema_element_record_free     (KinemaElementRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (KinemaElementRecord, kinema_element_record_free)

/* Sets record->id on success. A name already in use is refused. */
gboolean       kinema_library_insert_element     (KinemaLibrary        *self,
                                                  KinemaElementRecord  *record,
                                                  GError              **error);
gboolean       kinema_library_update_element     (KinemaLibrary        *self,
                                                  KinemaElementRecord  *record,
                                                  GError              **error);
gboolean       kinema_library_delete_element     (KinemaLibrary        *self,
                                                  gint64                element_id,
                                                  GError              **error);
/* KinemaElementRecord*, by name. */
GPtrArray     *kinema_library_list_elements      (KinemaLibrary        *self,
                                                  GError              **error);

/* The id a provider gave an element when it was registered there (official
 * Kling), valid while the element's images hash the same. NULL if none. */
char          *kinema_library_lookup_remote_element (KinemaLibrary     *self,
                                                     gint64             element_id,
                                                     const char        *provider_id,
                                                     const char        *images_hash);
gboolean       kinema_library_store_remote_element  (KinemaLibrary     *self,
                                                     gint64             element_id,
                                                     const char        *provider_id,
                                                     const char        *remote_id,
                                                     const char        *images_hash,
                                                     GError           **error);

/* The gallery: filtered, sorted and paged access to the jobs, so that a
 * library of tens of thousands of clips never has to be read at once. */

typedef enum
{
  KINEMA_JOB_GROUP_ANY,
  KINEMA_JOB_GROUP_RUNNING,   /* pending .. downloading */
  KINEMA_JOB_GROUP_DONE,
  KINEMA_JOB_GROUP_FAILED,    /* failed or cancelled */
  KINEMA_JOB_GROUP_UNKNOWN,
} KinemaJobStateGroup;

typedef enum
{
  KINEMA_DATE_RANGE_ALL,
  KINEMA_DATE_RANGE_TODAY,    /* since local midnight */
  KINEMA_DATE_RANGE_WEEK,     /* the last 7 days */
  KINEMA_DATE_RANGE_MONTH,    /* the last 30 days */
} KinemaDateRange;

typedef enum
{
  KINEMA_JOB_SORT_NEWEST,
  KINEMA_JOB_SORT_OLDEST,
  KINEMA_JOB_SORT_LONGEST,    /* by clip duration; jobs without a clip last */
  KINEMA_JOB_SORT_SHORTEST,
} KinemaJobSort;

typedef struct
{
  const char          *query;           /* full text over prompts; NULL or "" for any */
  const char          *provider_id;     /* NULL for any */
  KinemaJobStateGroup  state_group;
  gboolean             favourites_only;
  KinemaDateRange      date_range;
  gint64               now;             /* unix seconds the range counts back from; 0: now */
} KinemaJobFilter;

KinemaJobStateGroup kinema_job_state_get_group  (KinemaJobState  state);
/* Unix seconds where @range starts, counted back from @now; 0 for ALL. */
gint64              kinema_date_range_get_start (KinemaDateRange range,
                                                 gint64          now);

/* @filter may be NULL (every job). Returns -1 on error. */
gint64         kinema_library_count_jobs         (KinemaLibrary          *self,
                                                  const KinemaJobFilter  *filter,
                                                  GError                **error);
/* The ids (char*) of the matching jobs, in @sort order. */
GPtrArray     *kinema_library_list_job_ids       (KinemaLibrary          *self,
                                                  const KinemaJobFilter  *filter,
                                                  KinemaJobSort           sort,
                                                  GError                **error);
/* The jobs (with their clips) among @ids, in the order of @ids; ids that
 * are not (or no longer) in the library, or whose row is damaged, are
 * left out. */
GPtrArray     *kinema_library_get_jobs_by_ids    (KinemaLibrary          *self,
                                                  const char * const     *ids,
                                                  guint                   n_ids,
                                                  GError                **error);
gboolean       kinema_library_set_favourite      (KinemaLibrary          *self,
                                                  gint64                  clip_id,
                                                  gboolean                favourite,
                                                  GError                **error);
/* Inserts many jobs, and the clip of each job that has one (setting
 * clip->id), in one transaction: all of them or none. For imports and
 * tests. */
gboolean       kinema_library_insert_jobs        (KinemaLibrary          *self,
                                                  GPtrArray              *jobs,
                                                  GError                **error);

G_END_DECLS
