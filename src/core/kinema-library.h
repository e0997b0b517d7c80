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

G_END_DECLS
